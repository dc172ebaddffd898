#!/usr/bin/python3
"""Help and manual pages are true for every command (issue 29).

For each command of `assess --help`, in Japanese and in English:
- its --help lists exactly the options of its manual page (both are made from the command's
  option table, the page by the build: build/man/man1/assess-COMMAND.1);
- every option its help lists is accepted by the command (not refused as unknown);
- every common option of `assess --help` is accepted by every command;
- assess(1) lists every command.
Usage: check_help.py ASSESS BUILD_DIR
"""
import os, re, subprocess, sys

exe, build = sys.argv[1], sys.argv[2]
env = dict(os.environ)
env.pop("ASSESS_LANG", None)
env.pop("ASSESS_HELP_FORMAT", None)
failures = []

def run(*args, **kw):
    return subprocess.run([exe, *args], capture_output=True, text=True, env=kw.get("env", env), timeout=60)

OPT = re.compile(r"^\s+(?:-\w, )?--([a-z][a-z0-9-]*)(?:[ =](\S+))?")

def help_options(text, header):
    """{name: value or None} of the lines after `header` in a help text."""
    opts, inside = {}, False
    for line in text.splitlines():
        if line.strip() in header:
            inside = True
            continue
        if inside:
            if not line.strip():
                break
            m = OPT.match(line)
            if m:
                opts[m.group(1)] = m.group(2)
    return opts

def man_options(path):
    lines = open(path, encoding="utf-8").read().splitlines()
    names = set()
    for i, line in enumerate(lines):
        if line == ".TP" and i + 1 < len(lines):
            m = re.search(r"\\fB\\-\\-([a-z0-9\\-]+)\\fR", lines[i + 1])
            if m:
                names.add(m.group(1).replace("\\-", "-"))
    return names

main_help = run("--lang", "en", "--help").stdout
commands = [l.split()[0] for l in main_help.split("Commands:\n", 1)[1].split("\n\n", 1)[0].splitlines() if l.strip()]
common = help_options(main_help, ("Common options (every command takes them):",))
if not commands or not common:
    sys.exit(f"cannot read the commands or common options of assess --help:\n{main_help}")

main_man = open(os.path.join(build, "man", "man1", "assess.1"), encoding="utf-8").read()
for c in commands:
    if f"\\fB{c}\\fR" not in main_man:
        failures.append(f"assess(1) does not list the command {c}")

def accepted(cmd, opt, value):
    """The command's parser does not refuse --opt as unknown."""
    args = [cmd] + (["list"] if cmd == "register" else []) + [f"--{opt}"] + ([value] if value else [])
    if opt == "help":
        args = [cmd, "--help"]
    if opt == "lang":
        args = [cmd, "--lang", "en"] + (["list"] if cmd == "register" else [])
    p = run(*args)
    return not re.search(r"unknown option|不明なオプション", p.stderr), p

for lang, header, mandir in (("en", ("Options:",), "man1"), ("ja", ("オプション:",), os.path.join("ja", "man1"))):
    for c in commands:
        h = run("--lang", lang, c, "--help")
        if h.returncode != 0:
            failures.append(f"{c} --help ({lang}) exits {h.returncode}")
            continue
        listed = help_options(h.stdout, header)
        page = man_options(os.path.join(build, "man", mandir, f"assess-{c}.1"))
        if set(listed) != page:
            failures.append(f"{c} ({lang}): --help lists {sorted(set(listed) - page)} the page does not, "
                            f"the page {sorted(page - set(listed))} the help does not")
        if lang == "en":
            for opt, value in listed.items():
                ok, p = accepted(c, opt, value)
                if not ok:
                    failures.append(f"{c}: its help lists --{opt} but it refuses it: {p.stderr.strip()}")
            for opt in common:
                ok, p = accepted(c, opt, None)
                if not ok:
                    failures.append(f"{c}: assess --help lists --{opt} as common but {c} refuses it: {p.stderr.strip()}")

for f in failures:
    print(f)
print(f"{len(commands)} commands, {len(common)} common options checked: {len(failures)} problem(s)")
sys.exit(1 if failures else 0)
