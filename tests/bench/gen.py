#!/usr/bin/python3
"""Generate N distinct answers files from the samples for the benchmark.

usage: gen.py SRC_DIR OUT_DIR N
Each file is one of the samples with its own vendor and service names (so every pack has its own
output name and its own characters), a corporate number with a valid check digit, and slightly
different numbers and comments.
"""
import json, os, random, sys

src, out, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
names = ["minato-docs", "skyharbor-us", "kumo-subcontract", "light-survey", "outsourcing-payroll",
         "reaudit/2025", "reaudit/2026", "procurement/bid-a", "procurement/bid-b", "procurement/bid-c"]
bases = [json.load(open(f"{src}/samples/{name}.json", encoding="utf-8")) for name in names]
towns = "北山 南川 東原 西野 中島 青葉 若葉 桜台 緑町 港南 朝日 旭丘 富士見 松風 竹園 梅林 星川 月見 花園 日向".split()
kinds = "クラウド システム ソリューションズ ネットワークス データサービス テクノロジー 情報サービス".split()
services = "文書管理 電子申請 財務会計 人事給与 介護保険 税務 住民記録 施設予約 電子契約 グループウェア".split()
rng = random.Random(20261120)

def corporate_number(body12):
    s = sum(int(body12[12 - i]) * (1 if i % 2 else 2) for i in range(1, 13))
    return str(9 - s % 9) + body12

os.makedirs(out, exist_ok=True)
for i in range(n):
    d = json.loads(json.dumps(bases[i % len(bases)]))
    town, kind, svc = towns[i % len(towns)], kinds[(i // 20) % len(kinds)], services[(i // 140) % len(services)]
    d["vendor"]["name"] = f"株式会社{town}{kind}{i:04d}"
    d["vendor"]["corporate_number"] = corporate_number(f"{rng.randrange(10**12):012d}")
    d["service"]["name"] = f"{town}{svc}クラウド 第{i}版"
    a = d["answers"]
    if "sla.availability_percent" in a and isinstance(a["sla.availability_percent"].get("value"), (int, float)):
        a["sla.availability_percent"]["value"] = rng.choice([99.5, 99.9, 99.95, 99.99])
    for qid, ans in a.items():
        if "comment" in ans and rng.random() < 0.3:
            ans["comment"] += f"(第{i}回提出)"
    with open(f"{out}/answers-{i:04d}.json", "w", encoding="utf-8") as f:
        json.dump(d, f, ensure_ascii=False, indent=1)
