#!/usr/bin/env python3
"""Write X.review.json beside each answers file X.json: every judgment SPEC v3 §8.1 may require
recorded as made and positive (each listed subcontractor approved), bound to the answers'
bytes. For end-to-end tests of what follows a decision (register, packs), not of the
judgments themselves (tests/unit/test_review.c and tests/cli/review_*.case are).

usage: make_review.py ANSWERS.json..."""
import hashlib, json, sys


def review_for(path):
    with open(path, "rb") as f:
        raw = f.read()
    doc = json.loads(raw)
    who = {"by": "テスト 審査者", "date": "2026-11-19"}
    j = {"foreign_law_risk": dict(decision="accept", **who),
         "reliability": dict(decision="sufficient", **who),
         "terms": dict(decision="accept", **who),
         "spec_compliance": dict(decision="confirmed", **who)}
    subs = doc.get("answers", {}).get("sub.list", {}).get("value")
    if isinstance(subs, list) and subs:
        j["subcontractors"] = [dict(name=s.get("name", ""), decision="approve", **who) for s in subs]
    return {"format": "assess-review/1", "answers_sha256": hashlib.sha256(raw).hexdigest(), "judgments": j}


for p in (a for a in sys.argv[1:] if not a.endswith(".review.json")):
    out = (p[:-5] if p.endswith(".json") else p) + ".review.json"
    with open(out, "w", encoding="utf-8") as f:
        json.dump(review_for(p), f, ensure_ascii=False, indent=1)
