#!/usr/bin/python3
"""Run one data-driven CLI case of assess.

A case file holds lines `key: value`:
  args:   the command line after `assess` (shell words; @SRC@, @TMP@ are replaced)
  exit:   the expected exit status
  stdout: a string stdout must contain (may repeat)
  stderr: a string stderr must contain (may repeat)
  !stdout / !stderr: a string that must NOT appear
  stdin:  a file (relative to @SRC@) fed to stdin
  setup:  a shell command run first in @TMP@ (may repeat)
  file:   a path (under @TMP@) that must exist after the run
  nofile: a path (under @TMP@) that must not exist after the run
  nomemcheck: yes   (skip under ASSESS_WRAPPER, e.g. for timing-sensitive cases)
  env:    NAME=VALUE added to the environment (may repeat)
  nopg:   why the case does not run on PostgreSQL (ASSESS_CASE_PG: the register cases run again
          with their register r.json or r.sqlite as a new database of a throwaway server, the
          same expectations and goldens, the address shown where the file's name was)
Lines starting with # are comments.

Whole outputs: when tests/cli/golden/<case>.out (stdout) and .err (stderr) exist, the outputs
must equal them exactly, with the source folder written @SRC@ and the temporary folder @TMP@.
`UPDATE_GOLDEN=1` writes them from the current outputs (review the diff before committing).
Every run has SOURCE_DATE_EPOCH=1796083200 (2026-12-01) unless the case sets it, so that "today"
is the same day in every run.
"""
import os, re, shlex, subprocess, sys, tempfile

# The register of a case, as the PostgreSQL variant (ASSESS_CASE_PG) replaces it.
REG_ARG = re.compile(r"--register ((?:@TMP@/)?r\.(?:json|sqlite))(?![\w.])")


def main():
    case = sys.argv[1]
    src = os.environ["SRC"]
    exe = os.environ["ASSESS"]
    spec = {"stdout": [], "stderr": [], "!stdout": [], "!stderr": [], "setup": [], "file": [], "nofile": [],
            "env": []}
    with open(case, encoding="utf-8") as f:
        for raw in f:
            line = raw.rstrip("\n")
            if not line.strip() or line.startswith("#"):
                continue
            key, _, val = line.partition(":")
            val = val.strip()
            if key in spec:
                spec[key].append(val)
            else:
                spec[key] = val
    if os.environ.get("ASSESS_WRAPPER") and spec.get("nomemcheck"):
        print(f"{os.path.basename(case)}: skipped under the wrapper")
        return
    env = dict(os.environ)
    env.setdefault("SOURCE_DATE_EPOCH", "1796083200")
    for kv in spec["env"]:
        k, _, v = kv.partition("=")
        env[k] = v
    # ASSESS_CASE_PG=1: on the throwaway server whose socket folder is $ASSESS_TEST_PG (with_pg.sh)
    pg = os.environ.get("ASSESS_TEST_PG") if os.environ.get("ASSESS_CASE_PG") else None
    if pg:
        if "nopg" in spec:
            print(f"{os.path.basename(case)}: skipped on PostgreSQL ({spec['nopg'].strip()})")
            sys.exit(77)
        if not any(REG_ARG.search(line) for line in spec["setup"] + [spec.get("args", "")]):
            print(f"{os.path.basename(case)}: skipped on PostgreSQL (no register r.json or r.sqlite)")
            sys.exit(77)
    with tempfile.TemporaryDirectory() as tmp:
        sub = lambda s: s.replace("@SRC@", src).replace("@TMP@", tmp)
        shown = None  # on PostgreSQL: (the address, the register's name in the case)
        if pg:
            # the register r.json (or r.sqlite) of the case becomes a new database of the server
            db = "case_" + re.sub(r"[^a-z0-9_]", "_", os.path.basename(case)[:-5].lower())
            for sql in (f"DROP DATABASE IF EXISTS {db}", f"CREATE DATABASE {db}"):
                subprocess.run(["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-h", pg, "-d", "assess",
                                "-c", sql], check=True, env=env, capture_output=True)
            uri = f"postgresql:///{db}?host={pg}"
            m = REG_ARG.search(spec.get("args", "")) or REG_ARG.search(" ".join(spec["setup"]))
            shown = (uri, m.group(1))
            spec["setup"] = [REG_ARG.sub(f"--register '{uri}'", c) for c in spec["setup"]]
            spec["args"] = REG_ARG.sub(f"--register '{uri}'", spec.get("args", ""))
            exists = lambda: subprocess.run(
                ["psql", "-X", "-At", "-h", pg, "-d", db, "-c",
                 "SELECT to_regclass('schema_version') IS NOT NULL"],
                env=env, capture_output=True, text=True).stdout.strip() == "t"
        for cmd in spec["setup"]:
            subprocess.run(sub(cmd), shell=True, cwd=tmp, check=True, env=env)
        args = [exe] + [sub(a) for a in shlex.split(spec.get("args", ""))]
        # ASSESS_WRAPPER runs the binary under a checker (valgrind memcheck in the memcheck tests).
        wrapper = shlex.split(os.environ.get("ASSESS_WRAPPER", ""))
        stdin = open(os.path.join(src, spec["stdin"]), "rb") if "stdin" in spec else subprocess.DEVNULL
        p = subprocess.run(wrapper + args, stdin=stdin, capture_output=True, cwd=tmp, timeout=300, env=env)
        out = p.stdout.decode("utf-8", "replace")
        err = p.stderr.decode("utf-8", "replace")
        fails = []
        want = int(spec.get("exit", "0"))
        if wrapper and p.returncode == 99:
            fails.append("memory errors or leaks reported by " + wrapper[0])
        elif p.returncode != want:
            fails.append(f"exit status {p.returncode}, expected {want}")
        for s in spec["stdout"]:
            if sub(s) not in out:
                fails.append(f"stdout lacks {s!r}")
        for s in spec["stderr"]:
            if sub(s) not in err:
                fails.append(f"stderr lacks {s!r}")
        for s in spec["!stdout"]:
            if sub(s) in out:
                fails.append(f"stdout has {s!r}")
        for s in spec["!stderr"]:
            if sub(s) in err:
                fails.append(f"stderr has {s!r}")
        for s in spec["file"]:
            if shown and s == os.path.basename(shown[1]):
                if not exists():
                    fails.append(f"no register in the database of {s}")
            elif not os.path.exists(os.path.join(tmp, s)):
                fails.append(f"missing output {s}")
        for s in spec["nofile"]:
            if shown and s == os.path.basename(shown[1]):
                if exists():
                    fails.append(f"a register in the database of {s}")
            elif os.path.exists(os.path.join(tmp, s)):
                fails.append(f"unexpected output {s}")
        golden = os.path.join(os.path.dirname(case), "golden", os.path.splitext(os.path.basename(case))[0])
        unsub = lambda s: s.replace(tmp, "@TMP@").replace(src, "@SRC@")
        if shown:  # the database's address where the case names its register file
            unsub = lambda s, u=unsub: u(s.replace(shown[0], sub(shown[1])))
        if os.environ.get("UPDATE_GOLDEN") and not wrapper and not pg:
            os.makedirs(os.path.dirname(golden), exist_ok=True)
            for ext, text in ((".out", out), (".err", err)):
                with open(golden + ext, "w", encoding="utf-8") as g:
                    g.write(unsub(text))
        for ext, text in ((".out", out), (".err", err)):
            if os.path.exists(golden + ext):
                with open(golden + ext, encoding="utf-8") as g:
                    want_text = g.read()
                if unsub(text) != want_text:
                    import difflib
                    diff = "".join(difflib.unified_diff(want_text.splitlines(True), unsub(text).splitlines(True),
                                                        "golden" + ext, "actual" + ext, n=1))
                    fails.append(f"{'stdout' if ext == '.out' else 'stderr'} differs from {golden + ext}:\n{diff[:4000]}")
        if fails:
            print(f"{os.path.basename(case)}: {' '.join(shlex.quote(a) for a in args)}")
            for f_ in fails:
                print("  FAIL:", f_)
            print("--- stdout ---\n" + out[-3000:])
            print("--- stderr ---\n" + err[-3000:])
            sys.exit(1)
        print(f"{os.path.basename(case)}: ok")

main()
