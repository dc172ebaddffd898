#!/usr/bin/env bash
# Perturbed copies of the samples (one answer changed each): every knockout and every threshold
# fires, with the right severity and clause, and nothing else changes the verdict.
set -euo pipefail
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
"$PYTHON" - "$ASSESS" "$SRC" "$tmp" <<'PY'
import copy, json, subprocess, sys
exe, src, tmp = sys.argv[1:4]
passed = failed = 0

def run(doc, *extra):
    path = f"{tmp}/case.json"
    with open(path, "w") as f:
        json.dump(doc, f, ensure_ascii=False)
    # the rules, not the judgments, are under test: every judgment made and positive
    subprocess.run([sys.executable, f"{src}/tests/e2e/make_review.py", path], check=True)
    p = subprocess.run([exe, "score", "--json", *extra, path], capture_output=True, text=True)
    assert p.returncode == 0, p.stderr
    return json.loads(p.stdout)

def case(name, sample, changes, verdict, question=None, severity=None, clause=None, extra=(), cls=None):
    global passed, failed
    doc = json.load(open(f"{src}/samples/{sample}"))
    for qid, value in changes.items():
        if value is None:
            doc["answers"].pop(qid, None)
        else:
            doc["answers"][qid] = {"value": value}
    if cls:
        doc["assessment"]["classification"].update(cls)
    r = run(doc, *extra)
    problems = []
    if r["verdict"] != verdict:
        problems.append(f"verdict {r['verdict']}, expected {verdict}")
    if question:
        hits = [f for f in r["findings"] if f["question"] == question]
        if not hits:
            problems.append(f"no finding on {question}")
        else:
            f = hits[0]
            if severity and f["severity"] != severity:
                problems.append(f"severity {f['severity']}, expected {severity}")
            if clause and clause not in f["clause"]:
                problems.append(f"clause {f['clause']}, expected {clause}")
            if clause and clause not in f["message"]:
                problems.append(f"message does not cite {clause}: {f['message']}")
    if problems:
        failed += 1
        print(f"FAIL {name}: " + "; ".join(problems))
    else:
        passed += 1
        print(f"ok   {name}")

M = "minato-docs.json"
# The baseline stays approved.
case("baseline", M, {}, "approved")
# cloud knockouts (confidentiality 2)
case("storage abroad", M, {"loc.storage_countries": ["JP", "US"]}, "rejected", "loc.storage_countries", "knockout", "11-2(2)⑦")
case("processing abroad", M, {"loc.processing_countries": ["JP", "IN"]}, "rejected", "loc.processing_countries", "knockout", "11-2(2)⑦")
case("backup abroad", M, {"bak.location_countries": ["SG"]}, "rejected", "bak.location_countries", "knockout", "11-2(2)⑦")
case("foreign governing law", M, {"law.governing_law": "US"}, "rejected", "law.governing_law", "knockout", "11-2(2)⑦")
case("foreign jurisdiction", M, {"law.jurisdiction": "SG"}, "rejected", "law.jurisdiction", "knockout", "11-2(2)⑦")
case("no purpose limitation", M, {"sec.purpose_limitation": "no"}, "rejected", "sec.purpose_limitation", "knockout", "11-2(2)②ア")
# SPEC v2 §4: a must term partly met is major, not a knockout
case("partial purpose limitation", M, {"sec.purpose_limitation": "partial"}, "conditional", "sec.purpose_limitation", "major")
sub = {"sub.uses_subcontractors": "yes", "sub.prior_approval": "no", "sub.flowdown": "yes", "sub.oversight": "yes",
       "sub.list": [{"name": "国内運用株式会社", "country": "JP", "role": "運用監視"}]}
case("subcontracting without approval", M, sub, "rejected", "sub.prior_approval", "knockout", "11-2(2)⑧")
sub_ok = dict(sub, **{"sub.prior_approval": "yes"})
case("approved domestic subcontractor", M, sub_ok, "approved")
# SPEC v3 §8.2: a subcontractor works on the organisation's information where it is; a helpdesk in
# the Philippines while processing is answered JP contradicts the answers (差戻し)
case("subcontractor abroad", M, dict(sub_ok, **{"sub.list": [{"name": "Offshore Ops Ltd.", "country": "PH", "role": "ヘルプデスク"}]}),
     "incomplete", "sub.list", "major", "11-2(2)⑧")
# the country of a subcontractor's company is not where the data is when its role says where:
# evaluate the foreign-law risk (minor)
case("subcontractor company abroad, data in Japan", M,
     dict(sub_ok, **{"sub.list": [{"name": "Offshore Ops Ltd.", "country": "PH", "role": "ヘルプデスク (国内拠点で対応)"}]}),
     "approved", "sub.list", "minor", "11-2(2)⑧")
case("subcontractor list missing", M, dict(sub_ok, **{"sub.list": None}), "incomplete")
case("not all copies deleted", M, {"exit.deletion_all_copies": "no"}, "rejected", "exit.deletion_all_copies", "knockout", "2(2)①オ")
# the same answers at confidentiality 1 are findings, not knockouts
case("storage abroad at C1", M, {"loc.storage_countries": ["US"]}, "conditional", "loc.storage_countries", "major", cls={"confidentiality": 1})
# thresholds from the policy, by availability level
case("availability below A2", M, {"sla.availability_percent": 99.85}, "conditional", "sla.availability_percent", "major", "11-2(2)⑥イ")
case("availability at A2 minimum", M, {"sla.availability_percent": 99.9}, "approved")
case("availability 99.5 at A1", M, {"sla.availability_percent": 99.5}, "approved", cls={"availability": 1})
case("RTO too long", M, {"bak.rto_hours": 25}, "conditional", "bak.rto_hours", "major", "2(1)")
case("RTO at the limit", M, {"bak.rto_hours": 24}, "approved")
case("RPO too long", M, {"bak.rpo_hours": 48}, "conditional", "bak.rpo_hours", "major")
case("late incident notice", M, {"sla.incident_notification_hours": 48}, "conditional", "sla.incident_notification_hours", "major", "5-3(2)⑦")
# certifications are only taken into account (11-2(2)⑪ 総合的): reference, at most minor
case("expired certificate", M, {"cert.expiry": "2026-11-19", "cert.certificates": "na"}, "approved", "cert.expiry", "minor", "11-2(2)⑪")
case("certificate expiring before review", M, {"cert.expiry": "2027-06-30", "cert.certificates": "na"}, "approved", "cert.expiry", "info")
# certificates one by one: each expiry is checked there
case("one certificate expired", M, {"cert.certificates": [{"scheme": "ISO27001", "number": "IS 1", "scope": "全社", "expiry": "2026-11-19"}]},
     "approved", "cert.certificates", "minor", "11-2(2)⑪")
case("required answer missing", M, {"sla.remedy": None}, "incomplete")
case("stricter city policy", M, {"sla.availability_percent": 99.9}, "conditional", "sla.availability_percent", "major",
     extra=("--policy", f"{src}/samples/policy-city.json"))
case("red flag in deletion comment", M, {}, "approved")
doc_flag = {"exit.deletion_method": "unspecified"}
case("deletion method unspecified", M, doc_flag, "conditional", "exit.deletion_method")
# outsourcing knockouts
O = "outsourcing-payroll.json"
case("outsourcing baseline", O, {}, "conditional")
case("outsourcing purpose", O, {"sec.purpose_limitation": "no"}, "rejected", "sec.purpose_limitation", "knockout", "11-1(2)⑥")
case("outsourcing confidentiality", O, {"sec.confidentiality_obligation": "no"}, "rejected", "sec.confidentiality_obligation", "knockout", "11-1(2)⑦")
case("outsourcing no return", O, {"exit.data_return": "no"}, "rejected", "exit.data_return", "knockout", "11-1(2)⑨")
# cloud-light (約款): what the terms allow is checked and the information limited, never a knockout
case("light purpose", "light-survey.json", {"sec.purpose_limitation": "no"}, "conditional", "sec.purpose_limitation", "major")
case("light: 機密性2以上 information", "light-survey.json", {"use.no_sensitive_info": "no"}, "rejected", "use.no_sensitive_info", "knockout", "11-3(2)①")
print(f"{passed} passed, {failed} failed")
sys.exit(1 if failed else 0)
PY
