#!/usr/bin/python3
"""Check the question banks against the policy text they are derived from.

usage: check_banks.py SEED_FILE BANK_DIR

SEED_FILE is the 対策基準 (004_cf942cc36002db69.txt); BANK_DIR holds cloud.json,
cloud-light.json, outsourcing.json, policy-default.json and FORMAT.md.  Checks:
  (a) every clause cited by a question exists in the seed (the whole heading path);
  (b) every vendor-facing clause of the coverage list is cited by a question of its bank;
  (c) the SPEC §3 core ids are in `cloud` with their types (and their clauses cited);
  (d) an id shared between banks has the same definition (only clause, weight, required,
      severity and knockout may differ);
  (e) structure: ids, sections, weights, options, `when`, `applies`, ja/en texts,
      type-specific keys, red-flag patterns, >= 60 questions in `cloud`;
  (f) knockouts are exactly those of SPEC §4;
  (g) every question has a basis, listed in FORMAT.md with the clause and its whole words (a
      sentence of the clause, from its start to its 「。」); the words
      are in that clause of the seed (or the clause is an ancestor of one the question cites) and
      are words of that basis; a `must` question's `condition` quotes one of its clauses; a
      `policy:` entry names a key of the default policy that the question uses.
Prints "N passed, M failed"; exit status 0 only when nothing failed.
"""
import json
import os
import re
import sys

CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"
KATAKANA = "アイウエオカキクケコサシスセソタチツテトナニヌネノハヒフヘホマミムメモヤユヨラリルレロワヲン"

# --------------------------------------------------------------------------- seed structure

def parse_seed_texts(path):
    """Return {clause path: its text (the heading line and the lines up to the next clause)}."""
    texts = {}
    top = sub = para = circ = None
    last = None
    with open(path, encoding="utf-8") as f:
        lines = f.read().split("\n")
    for raw in lines:
        line = raw.strip("\ufeff")
        m = re.match(r"^(\d+)―(\d+)[ 　]", line)
        if m:
            top, sub, para, circ = m.group(1), f"{m.group(1)}-{m.group(2)}", None, None
            last = sub
            texts[last] = line
            continue
        m = re.match(r"^(\d+)[ 　]\S", line)
        if m:
            top, sub, para, circ = m.group(1), None, None, None
            last = top
            texts[last] = line
            continue
        if top is None:
            continue
        base = sub or top
        m = re.match(r"^\((\d+)\)", line)
        if m:
            para, circ = f"({m.group(1)})", None
            last = base + para
        elif line[:1] and line[0] in CIRCLED:
            circ = line[0]
            last = base + (para or "") + circ
        elif len(line) >= 2 and line[0] in KATAKANA and line[1] in " 　":
            last = base + (para or "") + (circ or "") + line[0]
        elif last:
            texts[last] += "\n" + line
            continue
        else:
            continue
        texts[last] = line
    return texts


def seed_sentences(text):
    """The sentences of a clause's text, each without the clause's own mark (⑦, ア, (2)); a 「。」
    inside parentheses (「(再委託事業者を含む。)」) ends no sentence."""
    out = []
    for line in text.split("\n"):
        for part in re.split(r"(?<=。)(?![)）])", line):
            part = re.sub(r"^(?:[\u2460-\u2473アイウエオカキクケコサシスセソタチツテト][ 　]+|\(\d+\)[ 　]*|（\d+）[ 　]*)", "",
                          part.strip())
            if part:
                out.append(part)
    return out


BASIS_MARKS = {
    "must": ("なければならない", "てはならない"),
    "as_needed": ("必要に応じ", "場合は", "確認した上で"),
    "reference": ("参考に", "総合的"),
    "org": ("なければならない", "てはならない", "ものとする"),
}


def parse_format_bases(path):
    """The basis tables at the end of FORMAT.md: {bank: {id: (basis, clause, words)}}."""
    out, bank = {}, None
    with open(path, encoding="utf-8") as f:
        for line in f:
            m = re.match(r"^### `([a-z-]+)`", line)
            if m:
                bank = m.group(1)
                out.setdefault(bank, {})
                continue
            m = re.match(r"^\| `([a-z0-9_.]+)` \| `([a-z_]+)` \| (\S+) \| (.+) \|$", line.rstrip("\n"))
            if m and bank:
                words = m.group(4)
                if words.startswith("`policy:"):
                    words = words.strip("`")
                else:
                    words = words.strip("「」")
                out[bank][m.group(1)] = (m.group(2), m.group(3), words)
    return out


def is_ancestor_or_self(anc, clause):
    return clause == anc or (clause.startswith(anc) and clause[len(anc):len(anc) + 1] in CIRCLED + KATAKANA + "(")


def parse_seed(path):
    """Return the set of clause paths of the seed, written as banks cite them.

    Headings: `N title` (top section), `N―M title` (sub-section), `(n)` paragraph,
    circled ①… item, katakana ア… sub-item.  Paths look like `11-2(2)②エ`, `2(1)`,
    `4-4①`, `7-1(7)③`."""
    paths = set()
    top = sub = para = circ = None
    with open(path, encoding="utf-8") as f:
        lines = f.read().split("\n")
    for raw in lines:
        line = raw.strip("\ufeff")
        m = re.match(r"^(\d+)―(\d+)[ 　]", line)
        if m:
            top = m.group(1)
            sub = f"{m.group(1)}-{m.group(2)}"
            para = circ = None
            paths.add(sub)
            continue
        m = re.match(r"^(\d+)[ 　]\S", line)
        if m:
            top = m.group(1)
            sub = para = circ = None
            paths.add(top)
            continue
        if top is None:
            continue
        base = sub or top
        m = re.match(r"^\((\d+)\)", line)
        if m:
            para = f"({m.group(1)})"
            circ = None
            paths.add(base + para)
            continue
        if line[:1] and line[0] in CIRCLED:
            circ = line[0]
            paths.add(base + (para or "") + circ)
            continue
        if len(line) >= 2 and line[0] in KATAKANA and line[1] in " 　":
            paths.add(base + (para or "") + (circ or "") + line[0])
            continue
    return paths


CITATION_RE = re.compile(r"^\d+(?:-\d+)?(?:\(\d+\))?(?:[%s])?(?:[%s])?$" % (CIRCLED, KATAKANA))

# --------------------------------------------------------------------------- expectations

BANK_FILES = {"cloud": "cloud.json", "cloud-light": "cloud-light.json", "outsourcing": "outsourcing.json"}

def _range(prefix, items):
    return [prefix + c for c in items]

COVERAGE = {
    "outsourcing": (
        ["11-1(1)①", "11-1(1)②"]
        + _range("11-1(2)", CIRCLED[:13])
        + ["11-1(3)①"]
        + _range("6-3(2)", CIRCLED[:13]) + ["6-3(2)⑭ア", "6-3(2)⑭イ"]
        + ["6-3(3)②ウ", "6-1(4)③", "6-2(3)④", "6-5(1)⑦"]
    ),
    "cloud": (
        _range("11-2(2)②", "アイウエオカキ")
        + ["11-2(2)④", "11-2(2)⑤", "11-2(2)⑥ア", "11-2(2)⑥イ", "11-2(2)⑦", "11-2(2)⑧",
           "11-2(2)⑨", "11-2(2)⑩", "11-2(2)⑪", "11-2(3)①", "11-2(3)②"]
        + _range("11-2(5)①", "アイウエオ")
        + _range("11-2(6)①", "アイウエオカキクケ")
        + _range("11-2(7)①", "アイウ") + ["11-2(7)③"]
        # the cloud clauses elsewhere in the 対策基準 (SPEC §3)
        + ["2(2)①オ", "2(2)⑩ウ", "4-1(7)②", "5-3(2)⑦", "6-1(2)②", "6-1(6)③", "6-1(6)④",
           "6-4(1)⑧", "6-5(1)⑥", "6-5(1)⑦", "6-5(1)⑧", "6-6(1)③", "7-1(2)", "7-1(5)", "7-1(6)",
           "7-1(7)①", "7-1(7)②", "7-1(7)③", "7-3(1)②", "12-1(4)②",
           # v2: items the clause-by-clause review found missing
           "1-2(9)①", "3(2)④", "5-2(1)②", "7-3(1)①"]
    ),
    "cloud-light": ["11-3(2)①"],
}

# SPEC §3 core ids: type and clauses.
CORE = {
    "sla.availability_percent": ("number", ["11-1(2)③", "11-2(2)⑥イ"]),
    "sla.incident_notification_hours": ("number", ["5-3(2)⑦", "11-2(2)②オ"]),
    "sla.reporting": ("choice", ["11-1(2)⑩", "11-2(2)②カ"]),
    "sla.remedy": ("yesno", ["11-1(2)⑬", "11-2(2)②キ"]),
    "sub.uses_subcontractors": ("yesno", ["11-1(2)⑧", "11-2(2)⑧"]),
    "sub.prior_approval": ("yesno", ["11-2(2)⑧"]),
    "sub.list": ("list", ["11-2(2)⑧"]),
    "sub.flowdown": ("yesno", ["11-2(2)⑧"]),
    "loc.storage_countries": ("countries", ["11-2(2)②エ", "11-2(2)⑦"]),
    "loc.processing_countries": ("countries", ["11-2(2)⑦"]),
    "loc.region_selectable": ("yesno", ["11-2(2)②エ"]),
    "law.governing_law": ("country", ["11-2(2)⑦"]),
    "law.jurisdiction": ("country", ["11-2(2)⑦"]),
    "law.foreign_access_exposure": ("yesno", ["11-2(2)⑦"]),
    "bak.provided": ("yesno", ["6-1(2)②"]),
    "bak.spec_provided": ("yesno", ["6-1(2)②"]),
    "bak.frequency_hours": ("number", ["6-1(2)②"]),
    "bak.rpo_hours": ("number", ["6-1(2)②"]),
    "bak.rto_hours": ("number", ["2(1)"]),
    "bak.location_countries": ("countries", ["11-2(2)⑦"]),
    "bak.restore_tested": ("choice", ["7-1(7)③"]),
    "exit.data_return": ("yesno", ["11-1(2)⑨", "2(2)①オ"]),
    "exit.data_format": ("choice", ["11-2(2)④"]),
    "exit.transition_support": ("yesno", ["11-2(2)④"]),
    "exit.deletion_all_copies": ("yesno", ["2(2)①オ", "2(2)⑩ウ"]),
    "exit.deletion_method": ("choice", ["11-2(7)③", "4-1(7)②"]),
    "exit.deletion_certificate": ("yesno", ["2(2)⑩イ"]),
    "cert.ismap": ("yesno", ["11-2(2)⑪"]),
    "cert.iso27001": ("yesno", ["11-1(1)②", "11-2(2)⑨"]),
    "cert.expiry": ("date", ["11-2(2)⑪"]),
    "audit.accepts_audit": ("yesno", ["11-2(2)⑥ア", "12-1(4)"]),
    "sec.confidentiality_obligation": ("yesno", ["11-1(2)⑦"]),
    "cert.certificates": ("list", ["11-2(2)⑪"]),
    "sec.purpose_limitation": ("yesno", ["11-1(2)⑥", "11-2(2)②ア"]),
    "sec.admin_mfa": ("yesno", ["6-5(1)⑦"]),
    "sec.encryption_at_rest": ("yesno", ["11-2(5)①イ"]),
    "sec.log_provision": ("yesno", ["6-1(6)④"]),
}

# Expected content of some core questions (SPEC §3, policy links).
CORE_DETAIL = {
    "sla.availability_percent": {"better": "higher", "threshold": {"policy": "availability_percent_min"}},
    "bak.rto_hours": {"better": "lower", "threshold": {"policy": "rto_hours_max"}},
    "bak.rpo_hours": {"better": "lower", "threshold": {"policy": "rpo_hours_max"}},
    "sla.incident_notification_hours": {"better": "lower",
                                        "threshold": {"policy": "incident_notification_hours_max"}},
    "loc.storage_countries": {"policy_list": "storage"},
    "loc.processing_countries": {"policy_list": "processing"},
    "bak.location_countries": {"policy_list": "backup"},
    "sub.list": {"policy_list": "processing"},
    "law.governing_law": {"policy_key": "governing_law"},
    "law.jurisdiction": {"policy_key": "jurisdiction"},
    "cert.expiry": {"expiry": True},
    "cert.certificates": {"expiry": True, "item": {"scheme": "text", "number": "text", "scope": "text", "expiry": "date"}},
    "sla.reporting": {"minimum": {"policy": "reporting_min"}},
    "bak.restore_tested": {"minimum": {"policy": "restore_test_min"}},
    "bak.frequency_hours": {"threshold": {"policy": "backup_interval_hours_max"}},
    "bak.rpo_hours": {"better": "lower", "threshold": {"policy": "rpo_hours_max"},
                      "applies": {"integrity": 2, "availability": 2, "match": "any"}},
    "law.foreign_access_exposure": {"expected": "no"},
}
CORE_OPTIONS = {
    "exit.data_format": {"open_machine_readable": 1.0, "proprietary": 0.3, "none": 0.0},
    "exit.deletion_method": {"crypto_shredding": 1.0, "overwrite_standard": 1.0,
                             "physical_destruction": 1.0, "unspecified": 0.0},
    "sla.reporting": {"monthly": 1.0, "quarterly": 0.7, "yearly": 0.4, "on_request": 0.2, "none": 0.0},
}

# SPEC v2 §4: the knockouts the default policy keeps are unmet `must` terms (at least these) and,
# in `cloud`, the location and law answers following the policy's rules (団体基準 under 11-2(2)⑦).
MUST_AT_LEAST = {
    "cloud": {"sec.purpose_limitation", "sub.prior_approval", "sub.flowdown", "exit.deletion_all_copies",
              "sec.admin_mfa", "audit.accepts_audit", "exit.transition_support", "org.responsibility_matrix",
              "org.security_measures_disclosed", "ops.unauthorized_change_control", "inc.response_procedure",
              "audit.compliance_report", "sla.remedy", "loc.region_selectable"},
    "outsourcing": {"sec.purpose_limitation", "sec.confidentiality_obligation", "sub.prior_approval",
                    "sub.flowdown", "exit.data_return", "exit.deletion_all_copies", "sec.admin_mfa",
                    "audit.accepts_audit"},
    "cloud-light": {"use.no_sensitive_info", "law.terms_published", "law.terms_acceptable"},
}
RULES = {
    "cloud": {"loc.storage_countries": "location", "loc.processing_countries": "location",
              "bak.location_countries": "location", "law.governing_law": "law", "law.jurisdiction": "law"},
    "outsourcing": {},
    "cloud-light": {},  # 11-3: no location or law knockout
}
# reference: what 11-1(1)② and 11-2(2)⑪ only ask to take into account (never a block)
REFERENCE_AT_LEAST = {
    "cloud": {"cert.ismap", "cert.iso27001", "cert.iso27017", "cert.third_party_report", "cert.expiry",
              "cert.certificates"},
    "outsourcing": {"cert.iso27001", "cert.privacy_mark", "cert.third_party_report", "cert.expiry"},
    "cloud-light": set(),
}

WHEN_EXPECTED = {
    "sub.prior_approval": "sub.uses_subcontractors", "sub.list": "sub.uses_subcontractors",
    "sub.flowdown": "sub.uses_subcontractors", "bak.spec_provided": "bak.provided",
    "bak.frequency_hours": "bak.provided", "bak.location_countries": "bak.provided",
    "bak.restore_tested": "bak.provided",
}

BANK_META = {
    "cloud": ("11-2", 2, 3), "cloud-light": ("11-3", 1, 1), "outsourcing": ("11-1", 2, 3),
}

TYPES = {"yesno", "choice", "number", "countries", "country", "date", "text", "list"}
QUESTION_KEYS = {"id", "clause", "label", "text", "evidence", "fix", "request", "type", "weight", "required",
                 "allow_na", "severity", "knockout", "when", "applies", "expected", "options", "unit",
                 "better", "min", "max", "threshold", "policy_list", "policy_key", "expiry", "item",
                 "basis", "rule", "condition", "minimum", "term"}
# a shared id means the same thing in every bank; its wording (委託元 in outsourcing), its basis
# (the clause differs), its applicability and its contract term (cloud-light, used on 約款, has none) may differ
MAY_DIFFER = {"clause", "weight", "required", "severity", "knockout", "basis", "rule", "condition", "label",
              "text", "evidence", "fix", "request", "applies", "allow_na", "policy_list", "term"}
POLICY_KEYS = {"availability_percent_min", "rto_hours_max", "rpo_hours_max",
               "incident_notification_hours_max", "backup_interval_hours_max",
               "discontinuation_notice_months_min"}
CHOICE_POLICY_KEYS = {"reporting_min", "restore_test_min"}
ID_RE = re.compile(r"^[a-z][a-z0-9_]*\.[a-z0-9_]+$")
VALUE_RE = re.compile(r"^[a-z0-9_]+$")


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


def is_text(v):
    return (isinstance(v, dict) and set(v) == {"ja", "en"}
            and all(isinstance(v[k], str) and v[k].strip() for k in ("ja", "en")))


def leaf_covered(leaf, cited):
    """A coverage item is met by citing it exactly or one of its children (never a parent)."""
    return any(c == leaf or c.startswith(leaf) and c[len(leaf):len(leaf) + 1] in CIRCLED + KATAKANA + "("
               for c in cited)


def clause_cited(clause, cited):
    """SPEC core clause cited exactly or through a more precise child."""
    return leaf_covered(clause, cited)


def check_question(c, bank_id, q, idx, seen, sections, seed_paths):
    where = f"{bank_id}: question #{idx + 1} ({q.get('id', '?')})"
    qid = q.get("id")
    c.check(isinstance(qid, str) and ID_RE.match(qid), f"{where}: bad id format")
    if not isinstance(qid, str):
        return
    c.check(qid not in seen, f"{where}: duplicate id")
    c.check(set(q) <= QUESTION_KEYS, f"{where}: unknown keys {sorted(set(q) - QUESTION_KEYS)}")
    c.check(qid.split(".")[0] in sections, f"{where}: section '{qid.split('.')[0]}' not declared")
    for k in ("label", "text", "evidence", "fix", "request"):
        c.check(is_text(q.get(k)), f"{where}: '{k}' must have non-empty ja and en")
    # SPEC §8.3: the request is the vendor's text: polite, never an instruction to staff or a verdict
    req = q.get("request") if is_text(q.get("request")) else {"ja": "", "en": ""}
    c.check("ください" in req["ja"], f"{where}: request.ja is not a polite request (「…ください」): {req['ja']}")
    c.check(req["en"].startswith("Please"), f"{where}: request.en does not ask (\"Please …\"): {req['en']}")
    for w in ("させ", "承認でき", "不承認", "選定条件を満たさない", "こと。", "契約条件とする"):
        c.check(w not in req["ja"], f"{where}: request.ja says {w}: {req['ja']}")
    for w in ("Have the vendor", "Require ", "cannot be approved", "rejected"):
        c.check(w not in req["en"], f"{where}: request.en says {w}: {req['en']}")
    t = q.get("type")
    c.check(t in TYPES, f"{where}: bad type {t!r}")
    w = q.get("weight")
    c.check(isinstance(w, (int, float)) and not isinstance(w, bool) and 0 < w <= 5,
            f"{where}: weight must be > 0 (1-5)")
    c.check(isinstance(q.get("required"), bool), f"{where}: 'required' must be a boolean")
    if "allow_na" in q:
        c.check(isinstance(q["allow_na"], bool), f"{where}: 'allow_na' must be a boolean")
    if "severity" in q:
        c.check(q["severity"] in ("major", "minor", "info"), f"{where}: bad severity")
    # clauses
    clauses = q.get("clause")
    if c.check(isinstance(clauses, list) and clauses and all(isinstance(x, str) for x in clauses),
               f"{where}: 'clause' must be a non-empty list of strings"):
        for cl in clauses:
            c.check(CITATION_RE.match(cl) is not None, f"{where}: citation '{cl}' is not in the form 11-2(2)②エ")
            c.check(cl in seed_paths, f"{where}: citation '{cl}' not found in the seed")
        c.check(len(set(clauses)) == len(clauses), f"{where}: duplicate citation")
    # type-specific keys
    if t == "yesno":
        c.check(q.get("expected") in ("yes", "no"), f"{where}: yesno needs expected yes|no")
    else:
        c.check("expected" not in q, f"{where}: 'expected' only for yesno")
    if t == "choice":
        opts = q.get("options")
        if c.check(isinstance(opts, list) and len(opts) >= 2, f"{where}: choice needs options"):
            values = []
            for o in opts:
                ok = (isinstance(o, dict) and isinstance(o.get("value"), str) and VALUE_RE.match(o["value"])
                      and isinstance(o.get("score"), (int, float)) and 0 <= o["score"] <= 1
                      and is_text(o.get("label")))
                c.check(ok, f"{where}: bad option {o!r}")
                if isinstance(o, dict):
                    values.append(o.get("value"))
            c.check(len(set(values)) == len(values), f"{where}: duplicate option values")
            c.check(any(isinstance(o, dict) and o.get("score") == 1 for o in opts),
                    f"{where}: no option scores 1")
    else:
        c.check("options" not in q, f"{where}: 'options' only for choice")
    if t == "number":
        c.check(is_text(q.get("unit")), f"{where}: number needs unit {{ja,en}}")
        c.check(q.get("better") in ("higher", "lower"), f"{where}: number needs better higher|lower")
        th = q.get("threshold")
        if th is not None:
            ok = isinstance(th, dict) and len(th) == 1 and (
                ("value" in th and isinstance(th["value"], (int, float)))
                or ("policy" in th and th["policy"] in POLICY_KEYS))
            c.check(ok, f"{where}: bad threshold {th!r}")
        if "min" in q and "max" in q:
            c.check(q["min"] < q["max"], f"{where}: min >= max")
    else:
        for k in ("unit", "better", "threshold", "min", "max"):
            c.check(k not in q, f"{where}: '{k}' only for number")
    if "policy_list" in q:
        c.check(t in ("countries", "list") and q["policy_list"] in ("storage", "processing", "backup"),
                f"{where}: bad policy_list")
    if "policy_key" in q:
        c.check(t == "country" and q["policy_key"] in ("governing_law", "jurisdiction"), f"{where}: bad policy_key")
    if "expiry" in q:
        c.check(t in ("date", "list") and isinstance(q["expiry"], bool), f"{where}: 'expiry' only for date or list")
    if t == "list":
        item = q.get("item")
        c.check(isinstance(item, dict) and item and all(v in ("text", "country", "date") for v in item.values()),
                f"{where}: list needs item {{key: text|country|date}}")
    else:
        c.check("item" not in q, f"{where}: 'item' only for list")
    # v2 basis
    b = q.get("basis")
    c.check(b in BASIS_MARKS, f"{where}: basis must be one of {sorted(BASIS_MARKS)}, is {b!r}")
    if b == "must":
        c.check(is_text(q.get("condition")), f"{where}: a must question needs 'condition' {{ja,en}}")
    else:
        c.check("condition" not in q, f"{where}: 'condition' only for must")
    if "rule" in q:
        c.check((b == "as_needed" and q["rule"] in ("location", "law")) or (b == "org" and q["rule"] == "byok"),
                f"{where}: 'rule' (location|law) only for as_needed, 'byok' only for org (SPEC v3 §8.2)")
    if "knockout" in q:
        c.check(b == "must", f"{where}: 'knockout' only for must")
    if b in ("must", "org"):
        c.check("severity" not in q, f"{where}: severity comes from the basis {b}")
    if b == "reference":
        c.check(q.get("severity", "minor") in ("minor", "info"), f"{where}: a reference question is at most minor")
    if "minimum" in q:
        c.check(t == "choice" and isinstance(q["minimum"], dict) and q["minimum"].get("policy") in CHOICE_POLICY_KEYS,
                f"{where}: bad minimum {q['minimum']!r}")
    # applicability
    if "applies" in q:
        a = q["applies"]
        ok = isinstance(a, dict) and a and set(a) <= {"confidentiality", "integrity", "availability", "match",
                                                      "service_model"}
        if ok:
            lv = {k: v for k, v in a.items() if k in ("confidentiality", "integrity", "availability")}
            ok = a.get("match", "all") in ("all", "any") and \
                set(a.get("service_model", [])) <= {"SaaS", "PaaS", "IaaS"}
            ok = ok and all(isinstance(v, int) and v >= 1 for v in lv.values()) and \
                a.get("confidentiality", 1) <= 3 and a.get("integrity", 1) <= 2 and a.get("availability", 1) <= 2
        c.check(ok, f"{where}: bad applies {a!r}")
    if "when" in q:
        wq = q["when"]
        ok = isinstance(wq, dict) and set(wq) == {"question", "in"} and isinstance(wq.get("in"), list) and wq["in"]
        if c.check(ok, f"{where}: bad when {wq!r}"):
            ref = seen.get(wq["question"])
            if c.check(ref is not None and ref.get("type") in ("yesno", "choice"),
                       f"{where}: when refers to '{wq['question']}', which is not an earlier yesno/choice question"):
                if ref["type"] == "yesno":
                    allowed = {"yes", "no", "partial", "na"}
                else:
                    allowed = {o.get("value") for o in ref.get("options", []) if isinstance(o, dict)}
                c.check(set(wq["in"]) <= allowed, f"{where}: when values {wq['in']} not answers of {wq['question']}")
    if "knockout" in q:
        k = q["knockout"]
        c.check(isinstance(k, dict) and set(k) == {"from_confidentiality"} and k["from_confidentiality"] in (1, 2, 3),
                f"{where}: bad knockout {k!r}")


def main(argv):
    if len(argv) != 3:
        sys.stderr.write("usage: check_banks.py SEED_FILE BANK_DIR\n")
        return 64
    seed_file, bank_dir = argv[1], argv[2]
    c = Checker()
    seed_paths = parse_seed(seed_file)
    seed_texts = parse_seed_texts(seed_file)
    format_bases = parse_format_bases(os.path.join(bank_dir, "FORMAT.md"))
    try:
        with open(os.path.join(bank_dir, "policy-default.json"), encoding="utf-8") as f:
            policy_default = json.load(f)
    except (OSError, ValueError) as e:
        c.check(False, f"policy-default.json: cannot load: {e}")
        policy_default = {}
    # sanity of the seed parser itself
    for p in ("11-2(2)②エ", "2(1)", "2(2)①オ", "7-1(7)③", "6-3(2)⑭イ", "4-4①", "12-1(4)②", "11-3(2)①"):
        c.check(p in seed_paths, f"seed parser: '{p}' not found (parser or seed broken)")

    banks = {}
    for bid, fname in BANK_FILES.items():
        path = os.path.join(bank_dir, fname)
        try:
            with open(path, encoding="utf-8") as f:
                banks[bid] = json.load(f)
            c.check(True, "")
        except (OSError, ValueError) as e:
            c.check(False, f"{path}: cannot load: {e}")
    if len(banks) != len(BANK_FILES):
        return report(c)

    for bid, bank in banks.items():
        clause, cmin, cmax = BANK_META[bid]
        c.check(bank.get("format") == "assess-bank/1", f"{bid}: format must be assess-bank/1")
        c.check(bank.get("id") == bid, f"{bid}: id must be '{bid}'")
        c.check(bank.get("version") == "2.0", f"{bid}: version must be 2.0")
        c.check(is_text(bank.get("title")), f"{bid}: title needs ja and en")
        c.check(bank.get("clause") == clause, f"{bid}: clause must be {clause}")
        c.check(bank.get("confidentiality") == {"min": cmin, "max": cmax},
                f"{bid}: confidentiality must be {cmin}-{cmax}")
        sections = {}
        for s in bank.get("sections", []):
            ok = isinstance(s, dict) and isinstance(s.get("id"), str) and re.match(r"^[a-z][a-z0-9_]*$", s["id"]) \
                and is_text(s.get("title"))
            c.check(ok, f"{bid}: bad section {s!r}")
            c.check(s.get("id") not in sections, f"{bid}: duplicate section {s.get('id')}")
            sections[s.get("id")] = s
        seen = {}
        for i, q in enumerate(bank.get("questions", [])):
            check_question(c, bid, q, i, seen, sections, seed_paths)
            if isinstance(q.get("id"), str):
                seen.setdefault(q["id"], q)
        used = {i.split(".")[0] for i in seen}
        c.check(set(sections) <= used, f"{bid}: sections declared but unused: {sorted(set(sections) - used)}")
        ids = set(seen)
        for rfl in bank.get("red_flags", []):
            rid = rfl.get("id", "?")
            c.check(isinstance(rfl.get("pattern"), str) and rfl["pattern"], f"{bid}: red flag {rid}: no pattern")
            try:
                re.compile(rfl.get("pattern", ""), re.IGNORECASE)
                ok = True
            except re.error as e:
                ok = False
            c.check(ok, f"{bid}: red flag {rid}: pattern does not compile")
            # keep patterns linear: no quantified group that itself holds a quantifier
            c.check(not re.search(r"\([^()]*[*+][^()]*\)[*+{]", rfl.get("pattern", "")),
                    f"{bid}: red flag {rid}: nested quantifier")
            c.check(rfl.get("severity", "minor") in ("major", "minor", "info"), f"{bid}: red flag {rid}: bad severity")
            if "unless" in rfl:
                try:
                    re.compile(rfl["unless"], re.IGNORECASE)
                    ok = True
                except re.error:
                    ok = False
                c.check(ok, f"{bid}: red flag {rid}: 'unless' does not compile")
            c.check(is_text(rfl.get("message")), f"{bid}: red flag {rid}: message needs ja and en")
            for sel in rfl.get("questions", []):
                if sel.endswith(".*"):
                    c.check(sel[:-2] in sections, f"{bid}: red flag {rid}: section {sel} not declared")
                else:
                    c.check(sel in ids, f"{bid}: red flag {rid}: unknown question {sel}")
        # (f) knockouts: unmet `must` terms, and the location/law rules
        musts = {q["id"] for q in seen.values() if q.get("basis") == "must"}
        c.check(MUST_AT_LEAST[bid] <= musts, f"{bid}: must be `must` (SPEC v2 §4): {sorted(MUST_AT_LEAST[bid] - musts)}")
        refs = {q["id"] for q in seen.values() if q.get("basis") == "reference"}
        c.check(REFERENCE_AT_LEAST[bid] <= refs, f"{bid}: must be `reference`: {sorted(REFERENCE_AT_LEAST[bid] - refs)}")
        rules = {q["id"]: q["rule"] for q in seen.values() if q.get("rule") in ("location", "law")}
        c.check(rules == RULES[bid], f"{bid}: location/law rules {rules}, expected {RULES[bid]}")
        c.check(not any("knockout" in q for q in seen.values()),
                f"{bid}: a 2.0 bank derives knockouts from the basis, not 'knockout'")
        # (g) every basis justified in FORMAT.md by the words of its clause
        table = format_bases.get(bid, {})
        c.check(set(table) == set(seen), f"{bid}: FORMAT.md basis table: missing {sorted(set(seen) - set(table))}, "
                                         f"extra {sorted(set(table) - set(seen))}")
        for qid, q in seen.items():
            if qid not in table:
                continue
            basis, clause, words = table[qid]
            where = f"{bid}: {qid}: FORMAT.md"
            c.check(basis == q.get("basis"), f"{where} says {basis}, the bank {q.get('basis')}")
            cited = q.get("clause", [])
            c.check(any(is_ancestor_or_self(clause, cl) for cl in cited),
                    f"{where}: clause {clause} is neither cited nor an ancestor of {cited}")
            if words.startswith("policy:"):
                key = words[len("policy:"):]
                c.check(basis == "org", f"{where}: a policy number is the basis org, not {basis}")
                c.check(key in policy_default, f"{where}: policy key {key} not in policy-default.json")
                uses = (q.get("threshold") or {}).get("policy") == key or (q.get("minimum") or {}).get("policy") == key
                c.check(uses, f"{where}: the question does not use policy key {key}")
                continue
            c.check(words in seed_texts.get(clause, ""), f"{where}: 「{words}」 is not in {clause} of the seed")
            # the whole words (SPEC v3 §8.2): a sentence of the clause from its start to its 「。」,
            # never a fragment that drops 「必要に応じて」 or the actor
            c.check(words in seed_sentences(seed_texts.get(clause, "")),
                    f"{where}: 「{words}」 is not a whole sentence of {clause} (quote it from its start to its 「。」)")
            c.check(any(m in words for m in BASIS_MARKS.get(basis, ())),
                    f"{where}: 「{words}」 has none of the words of basis {basis} {BASIS_MARKS.get(basis)}")
            if q.get("basis") == "must" and is_text(q.get("condition")):
                cond = q["condition"]["ja"]
                c.check(any(cond in text for cl, text in seed_texts.items()
                            if any(is_ancestor_or_self(cl, x) or is_ancestor_or_self(x, cl) for x in cited)),
                        f"{bid}: {qid}: condition 「{cond}」 is not the words of a clause it cites")
        # conditional questions of the brief
        for qid, ref in WHEN_EXPECTED.items():
            if qid in seen:
                w = seen[qid].get("when", {})
                c.check(w.get("question") == ref and set(w.get("in", [])) == {"yes", "partial"},
                        f"{bid}: {qid} must apply when {ref} in [yes, partial]")

    # (e) size
    c.check(len(banks["cloud"]["questions"]) >= 60,
            f"cloud: only {len(banks['cloud']['questions'])} questions (at least 60 needed)")

    # (b) coverage
    for bid, items in COVERAGE.items():
        cited = {cl for q in banks[bid]["questions"] for cl in q.get("clause", [])}
        for leaf in items:
            c.check(leaf in seed_paths, f"coverage list: '{leaf}' is not a clause of the seed")
            c.check(leaf_covered(leaf, cited), f"{bid}: clause {leaf} is not cited by any question")

    # (c) core ids in cloud
    cloud = {q["id"]: q for q in banks["cloud"]["questions"]}
    outs = {q["id"]: q for q in banks["outsourcing"]["questions"]}
    for qid, (typ, clauses) in CORE.items():
        if not c.check(qid in cloud, f"cloud: core id {qid} missing"):
            continue
        q = cloud[qid]
        c.check(q.get("type") == typ, f"cloud: {qid} must be {typ}, is {q.get('type')}")
        for cl in clauses:
            if cl.startswith("11-1"):
                if qid in outs:
                    c.check(clause_cited(cl, outs[qid].get("clause", [])), f"outsourcing: {qid} must cite {cl}")
            else:
                c.check(clause_cited(cl, q.get("clause", [])), f"cloud: {qid} must cite {cl}")
        for k, v in CORE_DETAIL.get(qid, {}).items():
            c.check(q.get(k) == v, f"cloud: {qid}: {k} must be {v!r}, is {q.get(k)!r}")
        if qid in CORE_OPTIONS:
            got = {o.get("value"): o.get("score") for o in q.get("options", [])}
            for v, s in CORE_OPTIONS[qid].items():
                c.check(got.get(v) == s, f"cloud: {qid}: option {v} must score {s}")
    for qid in ("sub.prior_approval", "sub.flowdown", "sub.list", "sub.uses_subcontractors",
                "sla.availability_percent", "sla.incident_notification_hours", "sla.reporting", "sla.remedy",
                "sec.confidentiality_obligation", "sec.purpose_limitation", "exit.data_return",
                "cert.iso27001", "cert.expiry", "audit.accepts_audit"):
        c.check(qid in outs, f"outsourcing: core id {qid} missing")
    c.check("sec.purpose_limitation" in {q["id"] for q in banks["cloud-light"]["questions"]},
            "cloud-light: sec.purpose_limitation missing")

    # (d) shared ids identical
    defs = {}
    for bid, bank in banks.items():
        for q in bank["questions"]:
            defs.setdefault(q["id"], []).append((bid, q))
    for qid, lst in defs.items():
        if len(lst) < 2:
            continue
        b0, q0 = lst[0]
        for b1, q1 in lst[1:]:
            keys = (set(q0) | set(q1)) - MAY_DIFFER
            diff = sorted(k for k in keys if q0.get(k) != q1.get(k))
            c.check(not diff, f"{qid}: differs between {b0} and {b1} in {diff}")

    return report(c)


def report(c):
    for f in c.failures:
        print("FAIL: " + f)
    print(f"{c.passed} passed, {len(c.failures)} failed")
    return 0 if not c.failures else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
