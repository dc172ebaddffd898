#!/usr/bin/python3
"""Measure assess against the targets of SPEC §6a and print one table.

usage: measure.py ASSESS WHOLEFONT INPUT_DIR WORK_DIR [--callgrind]
  ASSESS     the assess binary (a Release build)
  WHOLEFONT  the comparison tool: lays out the same pack text with libharu embedding the whole
             IPAexGothic font (tests/bench/wholefont.c); "-" to skip
  INPUT_DIR  answers files made by gen.py
"""
import glob, os, re, shutil, statistics, subprocess, sys, time

exe, whole, indir, work = sys.argv[1:5]
callgrind = "--callgrind" in sys.argv
files = sorted(glob.glob(f"{indir}/*.json"))
one = files[0]
DATE = "2026-11-20"
rows = []

def timed(cmd, runs):
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        times.append(time.perf_counter() - t0)
    return statistics.median(times)

def instructions(cmd, only=None):
    """Instructions executed by cmd (callgrind), or only inside the function `only`."""
    out = f"{work}/callgrind.out"
    extra = [f"--toggle-collect={only}"] if only else []
    subprocess.run(["valgrind", "--tool=callgrind", f"--callgrind-out-file={out}"] + extra + cmd,
                   check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    with open(out) as f:
        for line in f:
            if line.startswith("summary:") or line.startswith("totals:"):
                return int(line.split()[1])
    return None

# 1. One pack (PDF + XLSX), median of 21 runs of the whole command.
single = f"{work}/single"
os.makedirs(single, exist_ok=True)
pack_cmd = [exe, "pack", one, "-o", single, "--force", "--date", DATE, "-j", "1"]
t_pack = timed(pack_cmd, 21)
pdf = glob.glob(f"{single}/*.pdf")[0]
xlsx = glob.glob(f"{single}/*.xlsx")[0]
pdf_kb, xlsx_kb = os.path.getsize(pdf) / 1024, os.path.getsize(xlsx) / 1024
rows.append(("one pack (PDF+XLSX), median of 21", f"{t_pack*1000:.1f} ms", f"PDF {pdf_kb:.1f} KB, XLSX {xlsx_kb:.1f} KB"))
ir_pack = instructions(pack_cmd) if callgrind else None

# 2. The same text with the whole font embedded by libharu (wholefont.c renders the laid-out pack
#    both ways in one process and prints ms/pdf and bytes for each).
ir_whole = None
if whole != "-":
    p = subprocess.run([whole, one, "50"], capture_output=True, text=True, check=True)
    got = {m.group(1): (float(m.group(2)), int(m.group(3)))
           for m in re.finditer(r"^(subset|wholefont)\s+([0-9.]+) ms/pdf\s+([0-9]+) bytes", p.stdout, re.M)}
    (t_sub, b_sub), (t_whole, b_whole) = got["subset"], got["wholefont"]
    rows.append(("PDF rendering only: subset font, mean of 50", f"{t_sub:.1f} ms", f"PDF {b_sub/1024:.1f} KB"))
    rows.append(("PDF rendering only: whole IPAexGothic, mean of 50", f"{t_whole:.1f} ms", f"PDF {b_whole/1024:.1f} KB"))
    rows.append(("ratio whole-font rendering / subset rendering", f"{t_whole / t_sub:.1f}x", "target >= 10x"))
    rows.append(("ratio whole-font rendering / whole assess pack command", f"{t_whole / (t_pack*1000):.1f}x",
                 "command includes start-up, banks, font file, XLSX, fsync"))
    if callgrind:
        ir_sub_render = instructions([whole, one, "1"], "asx_pdf_render")
        ir_whole_render = instructions([whole, one, "1"], "asx_pdf_render_whole_font")
        rows.append(("instructions (callgrind): rendering, subset / whole font",
                     f"{ir_sub_render/1e6:.1f} M / {ir_whole_render/1e6:.1f} M",
                     f"ratio {ir_whole_render/ir_sub_render:.1f}x (stable on a noisy machine)"))
        ir_whole = instructions([whole, one, "1"])
        rows.append(("instructions: whole-font rendering / whole assess pack command",
                     f"{ir_whole_render/ir_pack:.1f}x", "pack command = start-up + banks + font + PDF + XLSX"))
if callgrind:
    rows.append(("instructions (callgrind): assess pack command", f"{ir_pack/1e6:.1f} M", ""))
    if ir_whole:
        rows.append(("instructions (callgrind): wholefont tool, 1 subset + 1 whole", f"{ir_whole/1e6:.1f} M", ""))

# 3. Batch: every input file, -j 2, wall time and peak RSS (GNU time).
batch = f"{work}/batch"
shutil.rmtree(batch, ignore_errors=True)
os.makedirs(batch)
p = subprocess.run(["/usr/bin/time", "-f", "%e %M", exe, "pack", *files, "-o", batch, "--date", DATE, "-j", "2"],
                   capture_output=True, text=True)
if p.returncode != 0:
    sys.exit(f"batch pack failed: {p.stderr[-2000:]}")
secs, rss_kb = p.stderr.strip().splitlines()[-1].split()
secs, rss_mb = float(secs), int(rss_kb) / 1024
npdf = len(glob.glob(f"{batch}/*.pdf"))
rows.append((f"batch of {len(files)} packs, -j 2", f"{len(files)/secs:.0f} packs/s", f"{secs:.2f} s, peak RSS {rss_mb:.1f} MB, {npdf} PDFs"))

# 4. score throughput: all files in one process.
t_score = timed([exe, "score", "--json", *files], 5)
rows.append((f"score --json of {len(files)} files", f"{len(files)/t_score:.0f} files/s", f"{t_score*1000:.0f} ms"))

w = max(len(r[0]) for r in rows)
print(f"{'measure':<{w}}  {'result':>14}  detail")
for a, b, c in rows:
    print(f"{a:<{w}}  {b:>14}  {c}")
