#!/usr/bin/python3
"""Check the sample answers and policy files in samples/ against the question banks.

usage: check_samples.py [PROJECT_ROOT]   (default: the current directory)

Structural checks (FORMAT.md, SPEC §3): every answer id exists in its bank, values have the
type of their question, countries are ISO 3166-1 alpha-2 shaped, dates are real dates, the
法人番号 check digit is valid, the classification fits the bank, every applicable required
question is answered (except in samples whose expected verdict is `incomplete`), and no answer
is given to a question that does not apply.

It also recomputes each sample's verdict with a small reference scorer written to SPEC §4 /
FORMAT.md, so that the stories told in samples/README.md (approved, conditional, rejected by
knockout, incomplete) stay true when a bank or a sample is edited.
Prints "N passed, M failed"; exit status 0 only when nothing failed.
"""
import datetime
import glob
import json
import os
import re
import sys

# file (relative to samples/) -> expected verdict, and the knockouts expected (None: don't care)
EXPECTED = {
    "minato-docs.json": ("approved", set()),
    "skyharbor-us.json": ("rejected", {"loc.storage_countries", "loc.processing_countries",
                                       "bak.location_countries", "law.governing_law", "law.jurisdiction",
                                       "sub.prior_approval", "loc.region_selectable"}),
    "kumo-subcontract.json": ("rejected", {"sub.prior_approval"}),
    "contradiction-subcontract.json": ("incomplete", set()),
    "us-iaas-tokyo.json": ("approved", set()),
    "light-survey.json": ("approved", set()),
    "outsourcing-payroll.json": ("conditional", set()),
    "reaudit/2025.json": ("approved", set()),
    "reaudit/2026.json": ("conditional", set()),
    "procurement/bid-a.json": ("approved", set()),
    "procurement/bid-b.json": ("conditional", set()),
    "procurement/bid-c.json": ("rejected", {"bak.location_countries"}),
    "incomplete-draft.json": ("incomplete", set()),
}
# (answers, policy) -> verdict, for samples scored under a custom policy
WITH_POLICY = {
    ("minato-docs.json", "policy-city.json"): "approved",
    ("procurement/bid-a.json", "policy-city.json"): "approved",
    ("reaudit/2025.json", "policy-city.json"): "approved",
    # location and law as major (団体基準 under 11-2(2)⑦): the SG backup copy becomes a condition
    ("procurement/bid-c.json", "policy-foreign-evaluated.json"): "conditional",
}

POLICY_KEYS = {"format", "organization", "standard_name", "allowed_countries", "governing_law", "jurisdiction",
               "availability_percent_min", "rto_hours_max", "rpo_hours_max",
               "incident_notification_hours_max", "approve_threshold", "conditional_threshold",
               "review_interval_months", "location_rule", "law_rule", "clause_numbers", "approval_block",
               "review_basis", "condition_due_days", "evaluation_points", "backup_interval_hours_max",
               "discontinuation_notice_months_min", "reporting_min", "restore_test_min"}
ANSWER_KEYS = {"value", "comment", "evidence"}
CC_RE = re.compile(r"^[A-Z]{2}$")
DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


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


def corporate_number_ok(s):
    if not isinstance(s, str) or not re.fullmatch(r"\d{13}", s):
        return False
    body = [int(ch) for ch in s[1:]]
    total = sum(d * (1 if i % 2 else 2) for i, d in enumerate(reversed(body), start=1))
    return int(s[0]) == 9 - total % 9


def parse_date(s):
    if not isinstance(s, str) or not DATE_RE.match(s):
        return None
    try:
        return datetime.date.fromisoformat(s)
    except ValueError:
        return None


def add_months(d, n):
    y, m = divmod(d.month - 1 + n, 12)
    y += d.year
    m += 1
    for day in (d.day, 30, 29, 28):
        try:
            return datetime.date(y, m, day)
        except ValueError:
            continue
    raise ValueError(d)


def is_number(v):
    return isinstance(v, (int, float)) and not isinstance(v, bool)


def rule_if_holds(rule, answers, bank_index):
    a = answers.get(rule["if"]["question"])
    if not isinstance(a, dict) or a.get("value") in (None, "na"):
        return False
    v = a["value"]
    if "in" in rule["if"]:
        return v in rule["if"]["in"]
    t = bank_index[rule["if"]["question"]]["type"]
    if t in ("list", "countries", "text"):
        return bool(v)
    if t == "yesno":
        return v in ("yes", "partial")
    return True


def applicable(q, cls, answers, bank_index, model=None, rules=()):
    ap = q.get("applies", {})
    levels = {k: v for k, v in ap.items() if k in ("confidentiality", "integrity", "availability")}
    if ap.get("match") == "any":
        if levels and not any(cls.get(k, 0) >= v for k, v in levels.items()):
            return False
    elif any(cls.get(k, 0) < v for k, v in levels.items()):
        return False
    if "service_model" in ap and model in ("SaaS", "PaaS", "IaaS") and model not in ap["service_model"]:
        return False
    w = q.get("when")
    if w:
        ref = bank_index.get(w["question"])
        if ref is None or not applicable(ref, cls, answers, bank_index, model, rules):
            return False
        a = answers.get(w["question"])
        if isinstance(a, dict) and a.get("value") in w["in"]:
            return True
        # a consistency rule implying the answer `when` needs (a listed subcontractor)
        return any(r["then"]["question"] == w["question"] and set(r["then"]["in"]) & set(w["in"])
                   and rule_if_holds(r, answers, bank_index) for r in rules)
    return True


def contradictions(bank, answers):
    index = {q["id"]: q for q in bank["questions"]}
    out = []
    for r in bank.get("consistency", []):
        t = answers.get(r["then"]["question"])
        if rule_if_holds(r, answers, index) and isinstance(t, dict) and t.get("value") not in r["then"]["in"]:
            out.append((r["if"]["question"], r["then"]["question"]))
    return out


def check_value(q, v):
    """Return None when v is a valid value for q, else a message."""
    t = q["type"]
    if v == "na" and t not in ("yesno",):
        return None if q.get("allow_na") else "'na' not allowed"
    if t == "yesno":
        if v == "na":
            return None if q.get("allow_na") else "'na' not allowed"
        return None if v in ("yes", "no", "partial") else f"expected yes|no|partial, got {v!r}"
    if t == "choice":
        vals = [o["value"] for o in q["options"]]
        return None if v in vals else f"expected one of {vals}, got {v!r}"
    if t == "number":
        if not is_number(v):
            return f"expected a number, got {v!r}"
        if "min" in q and v < q["min"] or "max" in q and v > q["max"]:
            return f"{v} out of range"
        return None
    if t == "countries":
        if not isinstance(v, list) or not v or not all(isinstance(x, str) and CC_RE.match(x) for x in v):
            return f"expected a non-empty list of alpha-2 codes, got {v!r}"
        return None if len(set(v)) == len(v) else "duplicate country"
    if t == "country":
        return None if isinstance(v, str) and CC_RE.match(v) else f"expected an alpha-2 code, got {v!r}"
    if t == "date":
        return None if parse_date(v) else f"expected a YYYY-MM-DD date, got {v!r}"
    if t == "text":
        return None if isinstance(v, str) else f"expected a string, got {v!r}"
    if t == "list":
        if not isinstance(v, list):
            return f"expected a list, got {v!r}"
        for item in v:
            if not isinstance(item, dict) or set(item) != set(q["item"]):
                return f"list item must have keys {sorted(q['item'])}: {item!r}"
            for k, kind in q["item"].items():
                x = item[k]
                if kind == "date" and not parse_date(x):
                    return f"list item {k} must be a date: {x!r}"
                if kind == "country" and not (isinstance(x, str) and CC_RE.match(x)):
                    return f"list item {k} must be an alpha-2 code: {x!r}"
                if kind == "text" and not (isinstance(x, str) and x.strip()):
                    return f"list item {k} must be non-empty text"
        return None
    return f"unknown type {t}"


# --------------------------------------------------------------------------- reference scorer

def merged_policy(default, custom):
    p = json.loads(json.dumps(default))
    if custom:
        for k, v in custom.items():
            if isinstance(v, dict) and isinstance(p.get(k), dict):
                p[k].update(v)
            else:
                p[k] = v
    return p


def question_score(q, v, policy, cls, date):
    """Score 0..1 and optional extra info finding text."""
    t = q["type"]
    if t == "yesno":
        return 1.0 if v == q["expected"] else 0.5 if v == "partial" else 0.0, None
    if t == "choice":
        sc = next(o["score"] for o in q["options"] if o["value"] == v)
        mn = q.get("minimum")
        if mn and sc < 1:
            floor = next((o["score"] for o in q["options"] if o["value"] == policy[mn["policy"]]), 1.0)
            if sc >= floor:
                return sc, "meets the minimum"
        return sc, None
    if t == "number":
        th = q.get("threshold")
        if not th:
            return 1.0, None
        if "value" in th:
            limit = th["value"]
        else:
            limit = policy[th["policy"]]
            if isinstance(limit, dict):
                limit = limit["A%d" % cls["availability"]]
        ok = v >= limit if q["better"] == "higher" else v <= limit
        return (1.0 if ok else 0.0), None
    if t == "countries":
        if "policy_list" not in q:
            return 1.0, None
        allowed = set(policy["allowed_countries"][q["policy_list"]])
        return (1.0 if set(v) <= allowed else 0.0), None
    if t == "country":
        if "policy_key" not in q:
            return 1.0, None
        return (1.0 if v == policy[q["policy_key"]] else 0.0), None
    if t == "date":
        if not q.get("expiry"):
            return 1.0, None
        d = parse_date(v)
        if d < date:
            return 0.0, None
        if d < add_months(date, policy["review_interval_months"]):
            return 1.0, "expiring"
        return 1.0, None
    if t == "text":
        return (1.0 if v.strip() else 0.0), None
    if t == "list":
        if q.get("basis") == "must" and not v:
            return 0.5, None
        if q.get("expiry"):
            dates = [parse_date(i[k]) for i in v for k, kind in q["item"].items() if kind == "date"]
            return (sum(1 for d in dates if d >= date) / len(dates) if dates else 1.0), None
        if "policy_list" not in q:
            return 1.0, None
        allowed = set(policy["allowed_countries"][q["policy_list"]])
        if all(i["country"] in allowed for i in v):
            return 1.0, None
        return (1.0, "foreign company") if q.get("basis") else (0.0, None)
    raise ValueError(t)


def shortfall_severity(q, s, policy, cls):
    """SPEC v2 §4: the severity of a shortfall from the question's basis."""
    b = q.get("basis")
    if b == "must":
        ko = q.get("knockout", {}).get("from_confidentiality", 1)
        return "knockout" if s <= 0 and cls["confidentiality"] >= ko else "major"
    if b == "as_needed":
        if "rule" in q:
            return policy["location_rule" if q["rule"] == "location" else "law_rule"]
        return q.get("severity", "major" if q.get("required") else "minor")
    if b == "reference":
        return "info" if q.get("severity") == "info" else "minor"
    if b == "org":
        return "major"
    sev = q.get("severity", "major" if q.get("required") else "minor")
    ko = q.get("knockout")
    return "knockout" if ko and cls["confidentiality"] >= ko["from_confidentiality"] else sev


def _unused():
    raise ValueError(t)


def texts_of(q, a):
    out = []
    if isinstance(a.get("comment"), str):
        out.append(a["comment"])
    v = a.get("value")
    if q["type"] == "text" and isinstance(v, str):
        out.append(v)
    if q["type"] == "list" and isinstance(v, list):
        for item in v:
            out.extend(str(x) for x in item.values())
    return out


def flag_applies(sel, qid):
    return any(s == qid or (s.endswith(".*") and qid.startswith(s[:-1])) for s in sel)


def score(bank, answers_doc, policy):
    cls = answers_doc["assessment"]["classification"]
    date = parse_date(answers_doc["assessment"]["date"])
    answers = answers_doc["answers"]
    index = {q["id"]: q for q in bank["questions"]}
    flags = [(f, re.compile(f["pattern"], re.IGNORECASE), re.compile(f["unless"], re.IGNORECASE) if "unless" in f else None)
             for f in bank.get("red_flags", [])]
    model = answers_doc.get("service", {}).get("model")
    rules = bank.get("consistency", [])
    total_w = got_w = 0.0
    findings, knockouts, unanswered = [], set(), []
    for q in bank["questions"]:
        if not applicable(q, cls, answers, index, model, rules):
            continue
        a = answers.get(q["id"])
        if a is None:
            if q.get("required"):
                unanswered.append(q["id"])
            total_w += q["weight"]
            findings.append((q["id"], "major" if q.get("required") else "minor", "unanswered"))
            continue
        v = a["value"]
        if v == "na" and q.get("allow_na"):
            continue
        s, extra = question_score(q, v, policy, cls, date)
        if q["id"] == "cert.ismap" and v == "yes":
            certs = answers.get("cert.certificates", {}).get("value")
            schemes = {i["scheme"].upper() for i in certs} if isinstance(certs, list) else set()
            if "ISMAP-LIU" in schemes and "ISMAP" not in schemes and not (cls["confidentiality"] == 2 and model == "SaaS"):
                s = 0.0
        total_w += q["weight"]
        got_w += q["weight"] * s
        if s < 1 and extra != "meets the minimum":
            sev = shortfall_severity(q, s, policy, cls)
            findings.append((q["id"], sev, "shortfall"))
            if sev == "knockout":
                knockouts.add(q["id"])
        if extra == "expiring":
            findings.append((q["id"], "info", extra))
        if extra == "foreign company":
            findings.append((q["id"], "minor", extra))
        for f, rx, unless in flags:
            if any(x[0] == q["id"] for x in findings):
                continue
            if not flag_applies(f["questions"], q["id"]):
                continue
            hit = False
            for t in texts_of(q, a):
                for sentence in re.split(r"[。．.!?！？\n]", t):
                    if rx.search(sentence) and not (unless and unless.search(sentence)):
                        hit = True
            if hit:
                findings.append((q["id"], f.get("severity", "minor"), "red flag " + f["id"]))
    sc = 100.0 * got_w / total_w if total_w else 0.0
    contra = contradictions(bank, answers)
    for a_id, b_id in contra:
        findings.append((b_id, "major", "contradicts " + a_id))
    if knockouts:
        verdict = "rejected"
    elif unanswered or contra:
        verdict = "incomplete"
    elif sc >= policy["approve_threshold"] and not any(f[1] == "major" for f in findings):
        verdict = "approved"
    elif sc >= policy["conditional_threshold"]:
        verdict = "conditional"
    else:
        verdict = "rejected"
    return verdict, sc, findings, knockouts, unanswered


# --------------------------------------------------------------------------- checks

# clauses assess cites outside the questions (questionnaires/policy.c asx_policy_cited_clauses)
CITED_CLAUSES = {"11-1(1)", "11-1(3)", "11-1(3)①", "12-1(4)", "11-1(3)②", "12-1", "11-2(4)③",
                 "11-2(5)①", "11-2(6)①", "11-2(7)①",
                 "11-2(5)②", "11-2(5)③", "11-2(6)③", "11-2(6)④", "11-2(7)②", "11-2(7)③"}


def bank_clauses(banks):
    ids = set(CITED_CLAUSES)
    for b in banks.values():
        ids.add(b["clause"])
        for q in b["questions"]:
            cl = q.get("clause") or []
            ids.update(cl if isinstance(cl, list) else [cl])
    return ids


def check_policy(c, name, p, clause_ids=None):
    c.check(p.get("format") == "assess-policy/1", f"{name}: format must be assess-policy/1")
    if clause_ids is not None and "clause_numbers" in p:
        unknown = sorted(set(p["clause_numbers"]) - clause_ids)
        c.check(not unknown, f"{name}: clause_numbers keys no bank cites: {unknown}")
    c.check(set(p) <= POLICY_KEYS, f"{name}: unknown keys {sorted(set(p) - POLICY_KEYS)}")
    if "allowed_countries" in p:
        ac = p["allowed_countries"]
        c.check(isinstance(ac, dict) and set(ac) <= {"storage", "processing", "backup"}
                and all(isinstance(v, list) and v and all(isinstance(x, str) and CC_RE.match(x) for x in v)
                        for v in ac.values()), f"{name}: bad allowed_countries")
    for k in ("governing_law", "jurisdiction"):
        if k in p:
            c.check(isinstance(p[k], str) and CC_RE.match(p[k]), f"{name}: {k} must be an alpha-2 code")
    for k in ("availability_percent_min", "rto_hours_max", "rpo_hours_max"):
        if k in p:
            c.check(isinstance(p[k], dict) and set(p[k]) <= {"A1", "A2"} and all(is_number(x) for x in p[k].values()),
                    f"{name}: {k} must be {{A1, A2}} numbers")
    for k in ("incident_notification_hours_max", "approve_threshold", "conditional_threshold", "review_interval_months"):
        if k in p:
            c.check(is_number(p[k]) and p[k] > 0, f"{name}: {k} must be a positive number")


def expected_verdict(name):
    return EXPECTED.get(name, (None, None))[0]


def check_answers(c, name, doc, banks, policy):
    c.check(doc.get("format") == "assess-answers/1", f"{name}: format must be assess-answers/1")
    bid = doc.get("questionnaire")
    if not c.check(bid in banks, f"{name}: unknown questionnaire {bid!r}"):
        return
    bank = banks[bid]
    c.check(doc.get("questionnaire_version") == bank["version"],
            f"{name}: questionnaire_version {doc.get('questionnaire_version')!r} != bank {bank['version']}")
    asm = doc.get("assessment", {})
    date = parse_date(asm.get("date"))
    c.check(date is not None, f"{name}: assessment.date must be YYYY-MM-DD")
    c.check(asm.get("purpose") in ("procurement", "approval", "reaudit"), f"{name}: bad purpose")
    cls = asm.get("classification", {})
    ok = (isinstance(cls, dict) and set(cls) == {"confidentiality", "integrity", "availability"}
          and cls.get("confidentiality") in (1, 2, 3) and cls.get("integrity") in (1, 2)
          and cls.get("availability") in (1, 2))
    if not c.check(ok, f"{name}: bad classification {cls!r}"):
        return
    rng = bank["confidentiality"]
    c.check(rng["min"] <= cls["confidentiality"] <= rng["max"],
            f"{name}: confidentiality {cls['confidentiality']} outside bank {bid} ({rng['min']}-{rng['max']})")
    vendor = doc.get("vendor", {})
    c.check(isinstance(vendor.get("name"), str) and vendor["name"].strip(), f"{name}: vendor.name missing")
    c.check(corporate_number_ok(vendor.get("corporate_number")),
            f"{name}: vendor.corporate_number {vendor.get('corporate_number')!r} fails the check digit")
    c.check(isinstance(vendor.get("country"), str) and CC_RE.match(vendor["country"]), f"{name}: vendor.country")
    service = doc.get("service", {})
    c.check(isinstance(service.get("name"), str) and service["name"].strip(), f"{name}: service.name missing")
    c.check(isinstance(service.get("model"), str) and service["model"].strip(), f"{name}: service.model missing")

    answers = doc.get("answers")
    if not c.check(isinstance(answers, dict) and answers, f"{name}: answers must be a non-empty object"):
        return
    index = {q["id"]: q for q in bank["questions"]}
    for qid, a in answers.items():
        if not c.check(qid in index, f"{name}: unknown question id {qid}"):
            continue
        q = index[qid]
        if not c.check(isinstance(a, dict) and "value" in a and set(a) <= ANSWER_KEYS,
                       f"{name}: {qid}: answer must be {{value, comment?, evidence?}}"):
            continue
        msg = check_value(q, a["value"])
        c.check(msg is None, f"{name}: {qid}: {msg}")
        if "comment" in a:
            c.check(isinstance(a["comment"], str) and a["comment"].strip(), f"{name}: {qid}: empty comment")
        if "evidence" in a:
            c.check(isinstance(a["evidence"], list) and a["evidence"]
                    and all(isinstance(e, str) and e.strip() for e in a["evidence"]),
                    f"{name}: {qid}: evidence must be a list of strings")
        c.check(applicable(q, cls, answers, index, service.get("model"), bank.get("consistency", []))
                or expected_verdict(name) == "incomplete", f"{name}: {qid} answered but does not apply")
        if q["type"] == "date" and q.get("expiry") and parse_date(a["value"]) and date:
            d = parse_date(a["value"])
            c.check(abs((d - date).days) < 366 * 6, f"{name}: {qid}: implausible date {a['value']}")

    expected = EXPECTED.get(name, (None, None))[0]
    for q in bank["questions"]:
        if q.get("required") and applicable(q, cls, answers, index, service.get("model"), bank.get("consistency", [])) \
                and expected != "incomplete":
            c.check(q["id"] in answers, f"{name}: required question {q['id']} not answered")

    # reference verdict
    verdict, sc, findings, kos, unanswered = score(bank, doc, policy)
    if c.check(name in EXPECTED, f"{name}: no expected verdict listed in check_samples.py"):
        want, want_ko = EXPECTED[name]
        detail = f"score {sc:.1f}, knockouts {sorted(kos)}, " \
                 f"majors {[f[0] + ':' + f[2] for f in findings if f[1] == 'major'][:8]}, unanswered {unanswered}"
        c.check(verdict == want, f"{name}: reference verdict {verdict}, expected {want} ({detail})")
        if want_ko:
            c.check(kos == want_ko, f"{name}: knockouts {sorted(kos)}, expected {sorted(want_ko)}")
        if want == "approved":
            c.check(sc >= 90, f"{name}: approved sample should score well above 80 ({sc:.1f})")
        if want == "incomplete":
            c.check(len(unanswered) >= 3 or contradictions(bank, answers),
                    f"{name}: incomplete sample should miss several answers or contradict itself")
    print(f"  {name:28s} {bid:12s} {verdict:12s} {sc:6.1f}")


def check_review(c, sdir, name, doc):
    """SPEC v3 §8.1: a review sits beside its answers (X.review.json for X.json) and is bound to
    their exact bytes; by and date in every judgment. (The loader checks the rest; a sample's
    review must keep matching its answers when either is edited: samples/make_reviews.py.)"""
    import hashlib
    answers = os.path.join(sdir, name[:-len(".review.json")] + ".json")
    if not c.check(name.endswith(".review.json") and os.path.exists(answers),
                   f"{name}: a review must sit beside its answers as X.review.json"):
        return
    with open(answers, "rb") as f:
        sha = hashlib.sha256(f.read()).hexdigest()
    c.check(doc.get("answers_sha256") == sha,
            f"{name}: answers_sha256 is not the SHA-256 of {os.path.basename(answers)} (run samples/make_reviews.py)")
    js = doc.get("judgments", {})
    items = [(k, v) for k, v in js.items() if k != "subcontractors"] + \
            [("subcontractors", v) for v in js.get("subcontractors", [])]
    for key, j in items:
        c.check(bool(j.get("by")) and bool(j.get("date")), f"{name}: judgments.{key} lacks by or date")


# Reference verdicts below do not model the officer's judgments: every sample that needs them
# has its review beside it (checked above), so its verdict is the one the score gives.


def main(argv):
    root = argv[1] if len(argv) > 1 else "."
    c = Checker()
    banks = {}
    for bid in ("cloud", "cloud-light", "outsourcing"):
        with open(os.path.join(root, "questionnaires", bid + ".json"), encoding="utf-8") as f:
            banks[bid] = json.load(f)
    with open(os.path.join(root, "questionnaires", "policy-default.json"), encoding="utf-8") as f:
        default_policy = json.load(f)
    sdir = os.path.join(root, "samples")
    files = sorted(os.path.relpath(p, sdir) for p in glob.glob(os.path.join(sdir, "**", "*.json"), recursive=True))
    docs = {}
    for name in files:
        try:
            with open(os.path.join(sdir, name), encoding="utf-8") as f:
                docs[name] = json.load(f, object_pairs_hook=_no_duplicates)
            c.check(True, "")
        except (OSError, ValueError) as e:
            c.check(False, f"{name}: cannot load: {e}")
    for name in EXPECTED:
        c.check(name in docs, f"{name}: expected sample is missing")
    policies = {}
    for name, doc in docs.items():
        if doc.get("format") == "assess-policy/1":
            check_policy(c, name, doc, bank_clauses(banks))
            policies[name] = doc
    policy = merged_policy(default_policy, None)
    for name, doc in docs.items():
        if doc.get("format") == "assess-review/1":
            check_review(c, sdir, name, doc)
        elif doc.get("format") != "assess-policy/1":
            check_answers(c, name, doc, banks, policy)
    for (aname, pname), want in WITH_POLICY.items():
        if aname in docs and pname in policies:
            doc = docs[aname]
            v, sc, _, _, _ = score(banks[doc["questionnaire"]], doc, merged_policy(default_policy, policies[pname]))
            c.check(v == want, f"{aname} under {pname}: reference verdict {v} ({sc:.1f}), expected {want}")
    readme = os.path.join(sdir, "README.md")
    if c.check(os.path.exists(readme), "samples/README.md missing"):
        with open(readme, encoding="utf-8") as f:
            text = f.read()
        for name in files:
            c.check(name in text, f"samples/README.md does not mention {name}")
    for f in c.failures:
        print("FAIL: " + f)
    print(f"{c.passed} passed, {len(c.failures)} failed")
    return 0 if not c.failures else 1


def _no_duplicates(pairs):
    keys = [k for k, _ in pairs]
    dup = {k for k in keys if keys.count(k) > 1}
    if dup:
        raise ValueError(f"duplicate keys {sorted(dup)}")
    return dict(pairs)


if __name__ == "__main__":
    sys.exit(main(sys.argv))
