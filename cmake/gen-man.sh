#!/bin/sh
# Make the manual pages from the binary's own option tables (cli_man in assess/options.c):
# assess(1) and assess-COMMAND(1), English in man1/ and Japanese in ja/man1/, each also
# gzipped for installation. Run by the build after the binary is linked.
# Usage: gen-man.sh ASSESS OUTDIR
set -eu
A=$1
OUT=$2
tmp="$OUT.tmp"
rm -rf "$tmp"
mkdir -p "$tmp/man1" "$tmp/ja/man1"
# The commands are those of assess --help, so a new command gets its page without editing this.
cmds=$(env -u ASSESS_LANG "$A" --lang en --help | sed -n '/^Commands:/,/^$/p' | awk 'NR > 1 && NF { print $1 }')
[ -n "$cmds" ] || { echo "gen-man.sh: no commands in assess --help" >&2; exit 1; }
for lang in en ja; do
    dir="$tmp/man1"
    [ "$lang" = ja ] && dir="$tmp/ja/man1"
    ASSESS_HELP_FORMAT=man "$A" --lang "$lang" --help >"$dir/assess.1"
    for c in $cmds; do
        ASSESS_HELP_FORMAT=man "$A" --lang "$lang" "$c" --help >"$dir/assess-$c.1"
    done
    for f in "$dir"/*.1; do
        gzip -9 -n -c "$f" >"$f.gz"
    done
done
rm -rf "$OUT"
mv "$tmp" "$OUT"
