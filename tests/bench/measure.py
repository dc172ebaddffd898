#!/usr/bin/python3
"""Measure assess against the targets of SPEC §6a and print one table.

usage: measure.py ASSESS WHOLEFONT INPUT_DIR WORK_DIR [--callgrind]
  ASSESS     the assess binary (a Release build)
  WHOLEFONT  the comparison tool (tests/bench/wholefont.c): `WHOLEFONT --program ANSWERS OUT.pdf`
             is the whole-font program, one command that makes the same PDF with libharu
             embedding the whole IPAexGothic; "-" to skip
  INPUT_DIR  answers files made by gen.py

Wall-clock times on a shared machine are noisy: the two commands are run alternately, side by side
in one run, and both wall and CPU time (user + system of the child) are reported. Callgrind
instruction counts are repeatable whatever the load; they are given for the whole commands and for
each phase of the pack command.
"""
import glob, os, re, shutil, statistics, subprocess, sys, time

exe, whole, indir, work = sys.argv[1:5]
callgrind = "--callgrind" in sys.argv
files = sorted(glob.glob(f"{indir}/*.json"))
one = files[0]
DATE = "2026-11-20"
RUNS = 21
rows = []


def run_timed(cmd):
    """Wall seconds and CPU seconds (user + system) of one run of cmd. The child is started with
    posix_spawn, so neither figure includes Python's own fork work (a fork of this interpreter
    costs about a millisecond, which subprocess.Popen charged to the short command)."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    try:
        t0 = time.perf_counter()
        pid = os.posix_spawn(cmd[0], cmd, os.environ,
                             file_actions=[(os.POSIX_SPAWN_DUP2, devnull, 1), (os.POSIX_SPAWN_DUP2, devnull, 2)])
        _, status, ru = os.wait4(pid, 0)
        wall = time.perf_counter() - t0
    finally:
        os.close(devnull)
    code = os.waitstatus_to_exitcode(status)
    if code != 0:
        sys.exit(f"failed ({code}): {' '.join(cmd)}")
    return wall, ru.ru_utime + ru.ru_stime


def side_by_side(a, b, runs):
    """Run a and b alternately; medians of (wall, cpu) of each."""
    ta, tb = [], []
    for _ in range(runs):
        ta.append(run_timed(a))
        tb.append(run_timed(b))
    med = lambda v, i: statistics.median(x[i] for x in v)
    return (med(ta, 0), med(ta, 1)), (med(tb, 0), med(tb, 1))


def callgrind_run(cmd):
    """Total instructions of cmd and the inclusive count of every function (callgrind)."""
    out = f"{work}/callgrind.out"
    subprocess.run(["valgrind", "--tool=callgrind", f"--callgrind-out-file={out}"] + cmd,
                   check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    total, funcs = None, {}
    with open(out) as f:
        for line in f:
            if line.startswith("summary:") or line.startswith("totals:"):
                total = int(line.split()[1])
    ann = subprocess.run(["callgrind_annotate", "--inclusive=yes", "--threshold=100", out],
                         capture_output=True, text=True).stdout
    for m in re.finditer(r"^\s*([\d,]+) \([^)]*\)\s+\S*?([A-Za-z_][\w.]*) \[", ann, re.M):
        n = int(m.group(1).replace(",", ""))
        funcs[m.group(2)] = max(n, funcs.get(m.group(2), 0))
    return total, funcs


def M(n):
    return f"{n / 1e6:.1f} M"


single = f"{work}/single"
os.makedirs(single, exist_ok=True)
pack_cmd = [exe, "pack", one, "-o", single, "--force", "--date", DATE, "-j", "1"]
run_timed(pack_cmd)  # first run: outputs exist, file cache warm
pdf = glob.glob(f"{single}/*.pdf")[0]
xlsx = glob.glob(f"{single}/*.xlsx")[0]
pdf_kb, xlsx_kb = os.path.getsize(pdf) / 1024, os.path.getsize(xlsx) / 1024
pages = int(re.search(r"Pages:\s+(\d+)", subprocess.run(["pdfinfo", pdf], capture_output=True, text=True).stdout).group(1))

# 1. The whole `assess pack` command against the whole-font program, side by side in one run.
if whole != "-":
    whole_pdf = f"{work}/wholefont.pdf"
    whole_cmd = [whole, "--program", one, whole_pdf]
    (pw, pc), (ww, wc) = side_by_side(pack_cmd, whole_cmd, RUNS)
    rows.append((f"assess pack, one file (PDF+XLSX), median of {RUNS}", f"{pw*1000:.1f} ms",
                 f"CPU {pc*1000:.1f} ms; PDF {pdf_kb:.1f} KB ({pages} pages), XLSX {xlsx_kb:.1f} KB"))
    rows.append((f"whole-font program, same text (PDF only), median of {RUNS}", f"{ww*1000:.1f} ms",
                 f"CPU {wc*1000:.1f} ms; PDF {os.path.getsize(whole_pdf)/1024:.1f} KB"))
    rows.append(("ratio whole-font program / assess pack (wall)", f"{ww/pw:.1f}x",
                 "target >= 10x; both write with fsync, run alternately"))
    rows.append(("ratio whole-font program / assess pack (CPU)", f"{wc/pc:.1f}x" if pc > 0 else "-", ""))
    # the same with the outputs on tmpfs, where fsync costs nothing: what is left is computing
    if os.path.isdir("/dev/shm"):
        shm = f"/dev/shm/assess-bench-{os.getpid()}"
        os.makedirs(shm, exist_ok=True)
        try:
            pack_shm = [exe, "pack", one, "-o", shm, "--force", "--date", DATE, "-j", "1"]
            (pw2, _), (ww2, _) = side_by_side(pack_shm, [whole, "--program", one, f"{shm}/w.pdf"], RUNS)
        finally:
            shutil.rmtree(shm, ignore_errors=True)
        rows.append(("the same, outputs on tmpfs (no fsync cost): pack / whole-font",
                     f"{pw2*1000:.1f} / {ww2*1000:.1f} ms", f"ratio {ww2/pw2:.1f}x"))
else:
    pw, _ = run_timed(pack_cmd)
    rows.append(("assess pack, one file (PDF+XLSX)", f"{pw*1000:.1f} ms", f"PDF {pdf_kb:.1f} KB, XLSX {xlsx_kb:.1f} KB"))

# The fixed cost of starting a process with assess's libraries, which no change in assess's own
# code can remove: `assess --version` against /bin/true.
(vw, vc), (tw, tc) = side_by_side([exe, "--version"], ["/bin/true"], RUNS)
nlibs = subprocess.run(["ldd", exe], capture_output=True, text=True).stdout.count("=>")
rows.append(("start-up alone: assess --version / /bin/true", f"{vw*1000:.1f} / {tw*1000:.1f} ms",
             f"CPU {vc*1000:.1f} / {tc*1000:.1f} ms (loading and relocating {nlibs} shared libraries)"))

# 2. Instructions (callgrind) of both commands and of each phase of the pack command.
if callgrind:
    ir_pack, f = callgrind_run(pack_cmd)
    rows.append(("instructions (callgrind): assess pack command", M(ir_pack), "target <= 60 M"))
    if whole != "-":
        ir_whole, fw = callgrind_run(whole_cmd)
        rows.append(("instructions (callgrind): whole-font program", M(ir_whole),
                     f"ratio {ir_whole/ir_pack:.1f}x; its libharu rendering {M(fw.get('pdf_render_with', 0))}"))
    g = lambda name: f.get(name, 0)
    phases = [
        ("start-up before main (dynamic linking)", ir_pack - g("main")),
        ("font: map the file, find it", g("asx_font_load")),
        ("answers file (with the one bank it uses)", g("asx_answers_load_file")),
        ("  of which parsing the bank", g("asx_bankset_find")),
        ("score", g("asx_score")),
        ("the pack built as a document", g("asx_pack_build")),
        ("PDF (layout, rendering, writing)", g("asx_doc_render_pdf")),
        ("PDF rendering", g("asx_pdf_render")),
        ("  of which subsetting the font (HarfBuzz)", g("asx_font_subset")),
        ("  of which deflate (libdeflate, level 1)", g("libdeflate_zlib_compress")),
        ("XLSX (libxlsxwriter)", g("asx_doc_render_xlsx")),
        ("  of which its zip (zlib inside libxlsxwriter)", g("_add_file_to_zip")),
        ("writing the files (temporary, fsync, rename)", g("asx_write_file")),
    ]
    for name, n in phases:
        rows.append((f"  phase: {name}", M(n), f"{100 * n / ir_pack:.0f}%"))

# 3. Batch: every input file, -j 2, wall time and peak RSS (GNU time).
batch = f"{work}/batch"
shutil.rmtree(batch, ignore_errors=True)
os.makedirs(batch)
p = subprocess.run(["/usr/bin/time", "-f", "%e %M %U %S", exe, "pack", *files, "-o", batch, "--date", DATE, "-j", "2"],
                   capture_output=True, text=True)
if p.returncode != 0:
    sys.exit(f"batch pack failed: {p.stderr[-2000:]}")
secs, rss_kb, us, ss = p.stderr.strip().splitlines()[-1].split()
secs, rss_mb, cpu = float(secs), int(rss_kb) / 1024, float(us) + float(ss)
npdf = len(glob.glob(f"{batch}/*.pdf"))
rows.append((f"batch of {len(files)} packs, -j 2", f"{len(files)/secs:.0f} packs/s",
             f"{secs:.2f} s, CPU {cpu:.2f} s ({cpu*1000/len(files):.1f} ms a pack), peak RSS {rss_mb:.1f} MB, {npdf} PDFs"))
shutil.rmtree(batch, ignore_errors=True)
if os.path.isdir("/dev/shm"):
    shm = f"/dev/shm/assess-batch-{os.getpid()}"
    os.makedirs(shm)
    try:
        p = subprocess.run(["/usr/bin/time", "-f", "%e %M", exe, "pack", *files, "-o", shm, "--date", DATE, "-j", "2"],
                           capture_output=True, text=True)
    finally:
        shutil.rmtree(shm, ignore_errors=True)
    if p.returncode == 0:
        secs2, rss2 = p.stderr.strip().splitlines()[-1].split()
        rows.append((f"batch of {len(files)} packs, -j 2, outputs on tmpfs", f"{len(files)/float(secs2):.0f} packs/s",
                     f"{float(secs2):.2f} s, peak RSS {int(rss2)/1024:.1f} MB"))

# 4. score throughput: all files in one process.
t_score = statistics.median(run_timed([exe, "score", "--json", *files])[0] for _ in range(5))
rows.append((f"score --json of {len(files)} files", f"{len(files)/t_score:.0f} files/s", f"{t_score*1000:.0f} ms"))

load = os.getloadavg()
print(f"load average while measuring: {load[0]:.1f} {load[1]:.1f} {load[2]:.1f} ({os.cpu_count()} CPUs)")
w = max(len(r[0]) for r in rows)
print(f"{'measure':<{w}}  {'result':>14}  detail")
for a, b, c in rows:
    print(f"{a:<{w}}  {b:>14}  {c}")
