#!/bin/bash
# package.sh - assess installs like a Debian tool (issue 29): `cmake --install` puts the binary,
# the manual pages and the documentation in bin, share/man/man1 (and ja/man1) and
# share/doc/assess; `cpack -G DEB` makes a .deb whose contents (dpkg-deb -c) are those files, whose
# control file carries the project's version, whose binary runs, and that lintian accepts without
# errors. Kept fast: the build tree is installed as it is (nothing is rebuilt when it is current).
set -euo pipefail
: "${ASSESS:?}" "${SRC:?}" "${BUILD:?}"
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

version=$("$ASSESS" --version | awk '{print $2}')
[[ $version =~ ^[0-9]+\.[0-9]+\.[0-9]+$ ]] || fail "assess --version is not SemVer: $version"
grep -q "project(assess VERSION $version " "$SRC/CMakeLists.txt" || fail "--version $version is not CMakeLists.txt's"
grep -q "^## $version" "$SRC/CHANGELOG.md" || fail "CHANGELOG.md has no entry for $version"
commands=$("$ASSESS" --lang en --help | sed -n '/^Commands:/,/^$/p' | awk 'NR > 1 && NF { print $1 }')

# ---- cmake --install --------------------------------------------------------------------
cmake --install "$BUILD" --prefix "$T/prefix" >/dev/null || fail "cmake --install failed"
expect=(bin/assess share/doc/assess/manual.ja.md share/doc/assess/manual.en.md share/doc/assess/README.md
        share/doc/assess/copyright share/doc/assess/changelog.gz share/doc/assess/examples/policy-kumiai.json
        share/man/man1/assess.1.gz share/man/ja/man1/assess.1.gz)
for c in $commands; do
    expect+=("share/man/man1/assess-$c.1.gz" "share/man/ja/man1/assess-$c.1.gz")
done
for f in "${expect[@]}"; do
    [ -s "$T/prefix/$f" ] || fail "cmake --install did not install $f"
done
"$T/prefix/bin/assess" --version | grep -qx "assess $version" || fail "the installed binary does not run"
# every page renders without a warning from groff
for page in "$T"/prefix/share/man/man1/*.1.gz; do
    w=$(zcat "$page" | groff -k -man -Tutf8 -ww -z 2>&1 || true)
    [ -z "$w" ] || fail "$(basename "$page"): groff warns: $w"
done
# the installed docs answer how to set up a 組合's policy (the manual's section and its example)
grep -q "approval_block" "$T/prefix/share/doc/assess/manual.ja.md" || fail "manual.ja.md says nothing of approval_block"
grep -q "evaluation_points" "$T/prefix/share/doc/assess/manual.en.md" || fail "manual.en.md says nothing of evaluation_points"

# ---- cpack -G DEB -----------------------------------------------------------------------
(cd "$T" && cpack -G DEB --config "$BUILD/CPackConfig.cmake" -B "$T/pkg" >"$T/cpack.log" 2>&1) \
    || fail "cpack -G DEB failed: $(tail -5 "$T/cpack.log")"
deb=$(ls "$T"/pkg/assess_*.deb)
[ "$(basename "$deb")" = "assess_${version}_$(dpkg --print-architecture).deb" ] || fail "unexpected name $(basename "$deb")"
dpkg-deb -f "$deb" Version | grep -qx "$version" || fail "the .deb's Version is not $version"
dpkg-deb -f "$deb" Depends | grep -q "libxlsxwriter" || fail "the .deb's Depends lacks the shared libraries: $(dpkg-deb -f "$deb" Depends)"
# libpq is opened only for a PostgreSQL register (register/pq_load.c): recommended, not required
dpkg-deb -f "$deb" Depends | grep -q "libpq" && fail "the .deb's Depends names libpq: $(dpkg-deb -f "$deb" Depends)"
dpkg-deb -f "$deb" Recommends | grep -q "libpq5" || fail "the .deb's Recommends lacks libpq5: $(dpkg-deb -f "$deb" Recommends)"
dpkg-deb -f "$deb" Depends | grep -q "libsqlite3-0" || fail "the .deb's Depends lacks libsqlite3-0: $(dpkg-deb -f "$deb" Depends)"
dpkg-deb -c "$deb" | awk '{print $6}' | sed 's|^\./usr/||' >"$T/contents"
for f in "${expect[@]}"; do
    grep -qx "$f" "$T/contents" || fail "the .deb lacks /usr/$f"
done
if grep -v -e '^bin/' -e '^share/man/' -e '^share/doc/assess/' -e '^$' -e '^share/$' -e '^share/doc/$' -e '^\./$' "$T/contents" \
    | grep -v '/$' | grep -q .; then
    fail "the .deb holds files outside bin, share/man and share/doc/assess: $(grep -v -e '^bin/' -e '^share/' "$T/contents")"
fi
dpkg-deb -x "$deb" "$T/root"
"$T/root/usr/bin/assess" --version | grep -qx "assess $version" || fail "the packaged binary does not run"

# ---- lintian: no errors ------------------------------------------------------------------
lintian --tag-display-limit 0 "$deb" >"$T/lintian" 2>&1 || true
if grep -q '^E:' "$T/lintian"; then
    fail "lintian reports errors:
$(grep '^E:' "$T/lintian")"
fi
grep -q '^[EW]: ' "$T/lintian" && echo "lintian warnings (not errors):" && grep '^W:' "$T/lintian"
echo "package: $(basename "$deb"), $(wc -l <"$T/contents") entries, lintian without errors"
