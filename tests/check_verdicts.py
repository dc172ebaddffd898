#!/usr/bin/python3
"""The verdict follows each question's basis (SPEC v2 §4), checked on the real binary.

usage: check_verdicts.py ASSESS PROJECT_ROOT

For every bank, every classification it supports (and, for `cloud`, each service model), it
builds a perfect answers file from the bank and the default policy, and from it one file per
case, all scored in one `assess score --json` call per classification:
  - the perfect file is approved with no finding above info;
  - every applicable `must` question answered `no` (or its worst option, or an empty list) is
    不承認 (rejected) with a knockout on that question citing its clauses and the words of its
    selection condition; answered `partial` (or a middle option) it gets at least a major finding
    and is never a knockout;
  - every `reference` question answered at its worst still lets the service be approved, with at
    most a minor finding on it;
  - every `org` number just at the policy's number raises nothing, just past it a major finding
    (条件付き承認); an `org` choice just under the policy's minimum option is major, at it nothing;
    an `org` yes/no answered `no` is major;
  - every `as_needed` question with a location or law rule answered outside the policy is a
    knockout under the default policy (団体基準) and major, with the request for the recorded
    foreign-law risk evaluation, under a policy whose rules say major.
Prints "N passed, M failed"; exit status 0 only when nothing failed.
"""
import copy
import itertools
import json
import os
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from check_samples import applicable  # noqa: E402  (the reference applicability rules)

BANKS = ("cloud", "cloud-light", "outsourcing")
MODELS = {"cloud": ("SaaS", "IaaS"), "cloud-light": ("SaaS",), "outsourcing": ("BPO",)}
FAR = "2099-12-31"


class Checker:
    def __init__(self):
        self.passed = 0
        self.failures = []

    def check(self, ok, what):
        if ok:
            self.passed += 1
        else:
            self.failures.append(what)
        return ok


def threshold(q, policy, cls):
    th = q.get("threshold")
    if not th:
        return None
    v = th.get("value")
    if "policy" in th:
        v = policy[th["policy"]]
        if isinstance(v, dict):
            v = v["A%d" % cls["availability"]]
    return v


def good_value(q, policy, cls):
    t = q["type"]
    if t == "yesno":
        # the subcontracting and backup questions are answered so that what depends on them applies
        if q["id"] == "sub.uses_subcontractors":
            return "yes"
        return q["expected"]
    if t == "choice":
        return next(o["value"] for o in q["options"] if o["score"] == 1)
    if t == "number":
        v = threshold(q, policy, cls)
        return v if v is not None else q.get("min", 1)
    if t == "countries":
        return ["JP"]
    if t == "country":
        return "JP"
    if t == "date":
        return FAR
    if t == "text":
        return "記載のとおり"
    if t == "list":
        item = {}
        for k, kind in q["item"].items():
            item[k] = {"country": "JP", "date": FAR}.get(kind, "ISMAP" if k == "scheme" else "株式会社テスト" if k == "name" else "記載")
        return [item]
    raise ValueError(t)


def perfect(bank, policy, cls, model):
    index = {q["id"]: q for q in bank["questions"]}
    answers = {}
    rules = bank.get("consistency", [])
    # twice: a `when` question decides whether later ones apply
    for _ in range(2):
        for q in bank["questions"]:
            if applicable(q, cls, {k: {"value": v} for k, v in answers.items()}, index, model, rules):
                answers.setdefault(q["id"], good_value(q, policy, cls))
            else:
                answers.pop(q["id"], None)
    return answers


def doc(bank, cls, model, answers):
    return {
        "format": "assess-answers/1", "questionnaire": bank["id"], "questionnaire_version": bank["version"],
        "assessment": {"date": "2026-11-20", "purpose": "approval", "classification": cls},
        "vendor": {"name": "株式会社テスト", "corporate_number": "9234567890123", "country": "JP"},
        "service": {"name": "テストサービス", "model": model},
        "answers": {k: {"value": v} for k, v in answers.items()},
    }


def cases(bank, policy, cls, model):
    """(name, answers, expectation) for one classification."""
    base = perfect(bank, policy, cls, model)
    yield "perfect", base, ("approved", None)
    for q in bank["questions"]:
        qid = q["id"]
        if qid not in base:
            continue
        b, t = q["basis"], q["type"]
        bad = partial = None
        if t == "yesno":
            bad = "no" if q["expected"] == "yes" else "yes"
            partial = "partial"
        elif t == "choice":
            worst = min(q["options"], key=lambda o: o["score"])
            if worst["score"] < 1:
                bad = worst["value"]
            mids = [o for o in q["options"] if 0 < o["score"] < 1]
            if mids:
                partial = mids[0]["value"]
        elif t == "list" and b == "must":
            partial = []
        elif t == "countries" and "rule" in q:
            bad = ["JP", "US"]
        elif t == "country" and "rule" in q:
            bad = "US"
        if qid == "loc.region_selectable":
            # 11-2(2)②エ 「調達仕様書による施設の場所やリージョンの指定」: with the data only in the
            # allowed countries (the perfect file), the location is designated whatever the answer
            yield f"{qid}=no, data in JP", {**base, qid: "no"}, ("approved", None)
            yield f"{qid}=no, data also in US", {**base, qid: "no", "loc.storage_countries": ["JP", "US"]}, \
                ("knockout", q)
            continue
        if b == "must":
            if bad is not None and not (t == "choice" and q.get("minimum")):
                yield f"{qid}=no", {**base, qid: bad}, ("knockout", q)
            if partial is not None:
                yield f"{qid}=partial", {**base, qid: partial}, ("major", q)
        elif b == "reference" and bad is not None:
            yield f"{qid}=no", {**base, qid: bad}, ("reference", q)
        elif b == "org":
            if t == "number" and q.get("threshold"):
                at = threshold(q, policy, cls)
                step = 0.01 if q["unit"]["en"] == "%" else 1
                past = at - step if q["better"] == "higher" else at + step
                yield f"{qid}=at", {**base, qid: at}, ("approved", None)
                yield f"{qid}=past", {**base, qid: past}, ("major", q)
            elif t == "choice" and q.get("minimum"):
                opts = sorted(q["options"], key=lambda o: -o["score"])
                floor = policy[q["minimum"]["policy"]]
                i = [o["value"] for o in opts].index(floor)
                yield f"{qid}=minimum", {**base, qid: floor}, ("approved", None)
                if i + 1 < len(opts):
                    yield f"{qid}=below", {**base, qid: opts[i + 1]["value"]}, ("major", q)
            elif t == "yesno" and q.get("rule") == "byok":
                # SPEC v3 §8.2: BYOK is at most org, minor under the default byok_rule
                yield f"{qid}=no", {**base, qid: bad}, ("reference", q)
            elif t == "yesno":
                yield f"{qid}=no", {**base, qid: bad}, ("major", q)
        elif b == "as_needed" and "rule" in q and bad is not None:
            yield f"{qid}=outside", {**base, qid: bad}, ("rule", q)


def run(assess, files, policy_file=None):
    args = [assess, "score", "--json"] + (["--policy", policy_file] if policy_file else []) + files
    p = subprocess.run(args, capture_output=True, text=True)
    if p.returncode != 0:
        raise RuntimeError(f"{' '.join(args[:4])} …: exit {p.returncode}: {p.stderr[:500]}")
    out = json.loads(p.stdout)
    return out if isinstance(out, list) else [out]


def on(res, qid):
    return [f for f in res["findings"] if f["question"] == qid]


def must_kind(q):
    """SPEC v3 §8.2 labels: 11-2(2) makes 選定条件, 11-1(2) 契約項目, 11-1(1) 選定基準; any other
    clause is a requirement of the standard itself (対策基準の定め)."""
    first = q["clause"][0]
    for prefix, kind in (("11-2(2)", "選定条件"), ("11-1(2)", "契約項目"), ("11-1(1)", "選定基準")):
        if first.startswith(prefix):
            return kind + "「"
    return "対策基準の定め「"


def judge(c, where, res, exp, res_major_policy=None):
    kind, q = exp
    sev_rank = {"knockout": 0, "major": 1, "minor": 2, "info": 3}
    if kind == "approved":
        c.check(res["verdict"] == "approved" and all(f["severity"] == "info" for f in res["findings"]),
                f"{where}: expected approved with info findings only, got {res['verdict']} "
                f"{[(f['question'], f['severity']) for f in res['findings'] if f['severity'] != 'info']}")
        return
    fs = on(res, q["id"])
    clause = ", ".join(q["clause"])
    if kind == "knockout":
        ko = [f for f in fs if f["severity"] == "knockout"]
        ok = res["verdict"] == "rejected" and ko and ko[0]["clause"] == clause \
            and must_kind(q) in ko[0]["message"] and q["condition"]["ja"] in ko[0]["message"]
        c.check(ok, f"{where}: expected 不承認 with a knockout citing {clause} and 「{q['condition']['ja'][:20]}…」, "
                    f"got {res['verdict']} {[(f['severity'], f['clause']) for f in fs]}")
    elif kind == "major":
        ok = fs and min(sev_rank[f["severity"]] for f in fs) == 1 and res["verdict"] != "approved"
        c.check(ok, f"{where}: expected a major finding (and no knockout), got {res['verdict']} "
                    f"{[f['severity'] for f in fs]}")
    elif kind == "reference":
        ok = res["verdict"] == "approved" and all(sev_rank[f["severity"]] >= 2 for f in fs)
        c.check(ok, f"{where}: a reference shortfall must not block approval, got {res['verdict']} "
                    f"{[f['severity'] for f in fs]}")
    elif kind == "rule":
        ko = [f for f in fs if f["severity"] == "knockout"]
        c.check(res["verdict"] == "rejected" and ko and "団体基準" in ko[0]["message"],
                f"{where}: default policy: expected a knockout naming the 団体基準, got {res['verdict']}")
        if res_major_policy is not None:
            fm = on(res_major_policy, q["id"])
            c.check(res_major_policy["verdict"] != "rejected" and fm and fm[0]["severity"] == "major"
                    and "審査における判断のとおり「受容する」" in fm[0]["message"],
                    f"{where}: rule major: expected a major finding stating the risk evaluation the review "
                    f"records (make_review.py accepts it), got "
                    f"{res_major_policy['verdict']} {[f['severity'] for f in fm]}")


def main(argv):
    if len(argv) != 3:
        sys.stderr.write("usage: check_verdicts.py ASSESS PROJECT_ROOT\n")
        return 64
    assess, root = argv[1], argv[2]
    c = Checker()
    with open(os.path.join(root, "questionnaires", "policy-default.json"), encoding="utf-8") as f:
        policy = json.load(f)
    counted = {}
    with tempfile.TemporaryDirectory() as tmp:
        pol = os.path.join(tmp, "policy-major.json")
        with open(pol, "w", encoding="utf-8") as f:
            json.dump({"format": "assess-policy/1", "location_rule": "major", "law_rule": "major"}, f)
        for bid in BANKS:
            with open(os.path.join(root, "questionnaires", bid + ".json"), encoding="utf-8") as f:
                bank = json.load(f)
            lo, hi = bank["confidentiality"]["min"], bank["confidentiality"]["max"]
            for conf, integ, avail, model in itertools.product(range(lo, hi + 1), (1, 2), (1, 2), MODELS[bid]):
                cls = {"confidentiality": conf, "integrity": integ, "availability": avail}
                tag = f"{bid} C{conf}/I{integ}/A{avail} {model}"
                items = list(cases(bank, policy, cls, model))
                files = []
                for n, (name, answers, _) in enumerate(items):
                    path = os.path.join(tmp, f"{bid}-{conf}{integ}{avail}-{model}-{n}.json")
                    with open(path, "w", encoding="utf-8") as f:
                        json.dump(doc(bank, cls, model, answers), f, ensure_ascii=False)
                    files.append(path)
                # the basis decides here, not the officer: every judgment made (SPEC v3 §8.1;
                # the judgments are tested in tests/unit/test_review.c)
                subprocess.run([sys.executable, os.path.join(root, "tests", "e2e", "make_review.py"), *files], check=True)
                results = run(assess, files)
                rule_idx = [i for i, it in enumerate(items) if it[2][0] == "rule"]
                major = dict(zip(rule_idx, run(assess, [files[i] for i in rule_idx], pol))) if rule_idx else {}
                for i, (name, _, exp) in enumerate(items):
                    judge(c, f"{tag}: {name}", results[i], exp, major.get(i))
                    counted[exp[0]] = counted.get(exp[0], 0) + 1
    for f in c.failures:
        print("FAIL: " + f)
    print("cases: " + ", ".join(f"{k} {v}" for k, v in sorted(counted.items())))
    print(f"{c.passed} passed, {len(c.failures)} failed")
    return 0 if not c.failures else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
