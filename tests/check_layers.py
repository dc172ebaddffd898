#!/usr/bin/env python3
"""Layering check (SPEC v2 §2): every source file includes only headers of its own layer or of
layers below it, and every layer folder holds its own headers under asx/."""
import os
import re
import sys

LAYERS = ["base", "questionnaires", "scoring", "register", "report", "assess"]


def main():
    root = sys.argv[1] if len(sys.argv) > 1 else "."
    owner = {}
    for rank, layer in enumerate(LAYERS):
        d = os.path.join(root, layer, "asx")
        if os.path.isdir(d):
            for h in os.listdir(d):
                if h.endswith(".h"):
                    if h in owner:
                        print(f"{layer}/asx/{h}: also in {LAYERS[owner[h]]}/asx")
                        return 1
                    owner[h] = rank
    bad = 0
    checked = 0
    for rank, layer in enumerate(LAYERS):
        for dirpath, _, files in os.walk(os.path.join(root, layer)):
            for f in files:
                if not f.endswith((".c", ".h")):
                    continue
                path = os.path.join(dirpath, f)
                with open(path, encoding="utf-8") as fh:
                    for n, line in enumerate(fh, 1):
                        m = re.match(r'\s*#\s*include\s+"asx/([^"]+)"', line)
                        if not m:
                            continue
                        checked += 1
                        h = m.group(1)
                        if h not in owner:
                            print(f"{os.path.relpath(path, root)}:{n}: asx/{h} belongs to no layer")
                            bad += 1
                        elif owner[h] > rank:
                            print(f"{os.path.relpath(path, root)}:{n}: {layer} includes asx/{h} "
                                  f"of the layer above, {LAYERS[owner[h]]}")
                            bad += 1
    print(f"{checked} includes checked, {bad} reach up")
    return 1 if bad or checked == 0 else 0


if __name__ == "__main__":
    sys.exit(main())
