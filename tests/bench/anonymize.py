#!/usr/bin/python3
"""Time `assess compare --anonymize` on N generated bidders (SPEC §8.3: linear time, 1,000
bidders in seconds). Not a test: it prints a table of wall and CPU seconds.

usage: anonymize.py ASSESS N [WORK_DIR] [--outputs]
  ASSESS     the assess binary (a Release or RelWithDebInfo build)
  N          how many bidders (copies of samples/procurement/bid-{a,b,c}.json, each with its own
             vendor, service, corporate number, ISMAP and ISO numbers, URL, e-mail, telephone,
             parent company and subcontractors, so the identifiers grow with N)
  --outputs  also time -o DIR (the workbook and the PDF of N bidders; slower, and not what is
             quadratic)
Runs: compare --json (no anonymising), compare --anonymize --json --key, and with --outputs
compare --anonymize -o DIR.
"""
import json, os, resource, subprocess, sys, tempfile, time

src = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")
args = [a for a in sys.argv[1:] if not a.startswith("--")]
exe, n = args[0], int(args[1])
work = args[2] if len(args) > 2 else tempfile.mkdtemp()
outputs = "--outputs" in sys.argv


def corporate_number(body12):
    s = sum(int(body12[12 - i]) * (1 if i % 2 else 2) for i in range(1, 13))
    return str(9 - s % 9) + body12


bases = [json.load(open(f"{src}/samples/procurement/bid-{x}.json", encoding="utf-8")) for x in "abc"]
indir = os.path.join(work, "in")
os.makedirs(indir, exist_ok=True)
files = []
for i in range(n):
    d = json.loads(json.dumps(bases[i % 3]))
    d["vendor"]["name"] = f"株式会社ベンチ{i:05d}クラウド"
    d["vendor"]["corporate_number"] = corporate_number(f"{100000000000 + i * 7919:012d}")
    d["vendor"]["contact"] = f"03-{1000 + i % 9000:04d}-{i % 10000:04d}"
    d["service"]["name"] = f"ベンチ{i:05d}文書管理"
    a = d["answers"]
    a["org.capital_disclosure"]["comment"] = (f"親会社はベンチ{i:05d}ホールディングス株式会社。"
                                              f"https://www.bench{i:05d}.co.jp/ 窓口 info@bench{i:05d}.co.jp")
    certs = a.get("cert.certificates", {}).get("value")
    if isinstance(certs, list):
        for k, c in enumerate(certs):
            c["number"] = f"C{24 + k}-{i % 10000:04d}-1" if c["scheme"] == "ISMAP" else f"IS {800000 + i}"
    path = os.path.join(indir, f"bid-{i:05d}.json")
    json.dump(d, open(path, "w", encoding="utf-8"), ensure_ascii=False)
    files.append(path)


def timed(cmd):
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t = time.monotonic()
    p = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, cwd=work)
    wall = time.monotonic() - t
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    if p.returncode not in (0,):
        sys.exit(f"{' '.join(cmd[:4])} …: exit {p.returncode}\n{p.stderr.decode()[-2000:]}")
    return wall, cpu, after.ru_maxrss


runs = [("compare --json", [exe, "compare", "--json", "--date", "2026-11-20"] + files),
        ("compare --anonymize --json --key", [exe, "compare", "--anonymize", "--json", "--force", "--key",
                                              "key.xlsx", "--date", "2026-11-20"] + files)]
if outputs:
    runs.append(("compare --anonymize -o DIR", [exe, "compare", "--anonymize", "--force", "-o", "committee",
                                                "--date", "2026-11-20"] + files))
print(f"{n} bidders ({work})")
print(f"{'command':36} {'wall s':>8} {'cpu s':>8}")
for name, cmd in runs:
    wall, cpu, _ = timed(cmd)
    print(f"{name:36} {wall:8.2f} {cpu:8.2f}")
