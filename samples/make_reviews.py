#!/usr/bin/env python3
"""Write the samples' reviews (assess-review/1) bound to the answers beside them.

A review is bound to the exact bytes of its answers by SHA-256: after an answers file changes,
run this again (from the repository root) and read the diff. The judgments themselves are the
stories samples/README.md tells; only answers_sha256 is computed."""
import hashlib, json, os, sys

ROOT = os.path.dirname(os.path.abspath(__file__))

REVIEWS = {
    "minato-docs.json": {
        "judgments": {
            "foreign_law_risk": {"decision": "accept",
                                 "reason": "保管・処理・バックアップの場所、準拠法及び裁判管轄はいずれも国内。国内法以外の法令が適用されるリスクは認められない",
                                 "by": "情報政策課長 田中一郎", "date": "2026-12-03"},
            "reliability": {"decision": "sufficient",
                            "basis": ["ISMAP C23-0456-1 を ISMAP クラウドサービスリストで確認 (令和8年12月2日)",
                                      "ISO/IEC 27001 IS 654321 (有効期限 令和10年3月31日) の登録証の写し"],
                            "reason": "第三者による評価が揃い、障害・事故の公表状況にも懸念がない",
                            "by": "総務部長 山本和夫", "date": "2026-12-04"},
            "spec_compliance": {"decision": "confirmed",
                                "reason": "要件適合表 (令和8年12月5日版) で調達仕様の全項目を確認",
                                "by": "情報政策課長 田中一郎", "date": "2026-12-05"}}},
    "us-iaas-tokyo.json": {
        "judgments": {
            "foreign_law_risk": {"decision": "accept",
                                 "reason": "データは東京リージョンのみ、準拠法・裁判管轄は日本。基盤事業者は米国法人のため開示請求のリスクは残るが、暗号鍵を事業者が国内で管理しており受容できる",
                                 "by": "情報政策課長 田中一郎", "date": "2026-12-03"},
            "subcontractors": [{"name": "Northwind Cloud Services LLC", "decision": "approve",
                                "reason": "IaaS 基盤の提供のみで、データは東京リージョンに限る。ISMAP 登録の基盤",
                                "by": "情報政策課長 田中一郎", "date": "2026-12-03"}],
            "reliability": {"decision": "sufficient",
                            "basis": ["ISMAP C23-0456-1 を ISMAP クラウドサービスリストで確認 (令和8年12月2日)"],
                            "by": "総務部長 山本和夫", "date": "2026-12-04"},
            "terms": {"decision": "accept", "version": "あかつき電子契約 利用規約 2026年4月1日版",
                      "reason": "規約は変更できないが、データの保管は国内 (東京リージョン) に限られ、目的外利用の禁止、"
                                "消去、障害・事故の通知及び公開 SLA の稼働率 99.95 % が規約に定められており、"
                                "機密性・完全性・可用性・個人情報の扱いとも受容できる",
                      "by": "情報政策課長 田中一郎", "date": "2026-12-03"}}},
    "light-survey.json": {
        "judgments": {
            "terms": {"decision": "accept", "version": "ひだまりフォーム利用規約 2026年4月1日版",
                      "reason": "イベント参加者の氏名・連絡先は入力させず、感想のみを集める用途に限れば、約款の責任制限とデータ保管のリスクは許容できる",
                      "by": "市民協働課 主査 佐藤花子", "date": "2026-12-02"}}},
    "outsourcing-payroll.json": {
        "judgments": {
            "subcontractors": [{"name": "株式会社ふくおか印刷センター", "decision": "approve",
                                "reason": "印刷・封入封緘のみ。国内の事業所で作業し、再委託先にも同じ義務を課す契約案を確認",
                                "by": "人事課長 鈴木次郎", "date": "2026-12-01"}]}},
    "procurement/bid-a.json": {
        "judgments": {
            "foreign_law_risk": {"decision": "accept", "reason": "保管・処理・準拠法・裁判管轄とも国内",
                                 "by": "情報政策課長 田中一郎", "date": "2026-12-03"},
            "reliability": {"decision": "sufficient",
                            "basis": ["ISMAP C24-0788-1 を ISMAP クラウドサービスリストで確認 (令和8年12月2日)"],
                            "by": "総務部長 山本和夫", "date": "2026-12-04"}}},
    "procurement/bid-b.json": {
        "judgments": {
            "foreign_law_risk": {"decision": "accept", "reason": "保管・処理・準拠法・裁判管轄とも国内",
                                 "by": "情報政策課長 田中一郎", "date": "2026-12-03"},
            "reliability": {"decision": "sufficient",
                            "basis": ["ISO/IEC 27001 IS 822000 (有効期限 令和9年12月31日)", "第三者監査報告書 (2026年度) を確認"],
                            "reason": "ISMAP 未登録だが、ISO/IEC 27001 と第三者監査報告書により客観的に評価できる",
                            "by": "総務部長 山本和夫", "date": "2026-12-04"},
            "spec_compliance": {"decision": "confirmed",
                                "reason": "要件適合表 (令和8年12月5日版) で調達仕様の全項目を確認",
                                "by": "情報政策課長 田中一郎", "date": "2026-12-05"}}},
    "procurement/bid-c.json": {
        "judgments": {
            "foreign_law_risk": {"decision": "accept",
                                 "reason": "バックアップのみシンガポールに保管。暗号化され鍵は国内で管理、準拠法・裁判管轄は日本。シンガポール法による開示のリスクを評価し受容する",
                                 "by": "情報政策課長 田中一郎", "date": "2026-12-03"},
            "reliability": {"decision": "sufficient",
                            "basis": ["ISMAP C23-0999-1 を ISMAP クラウドサービスリストで確認 (令和8年12月2日)"],
                            "by": "総務部長 山本和夫", "date": "2026-12-04"}}},
    "reaudit/2025.json": {
        "judgments": {
            "foreign_law_risk": {"decision": "accept", "reason": "保管・処理・準拠法・裁判管轄とも国内",
                                 "by": "情報政策課長 田中一郎", "date": "2025-11-20"},
            "reliability": {"decision": "sufficient", "basis": ["ISMAP C21-0100-2 を ISMAP クラウドサービスリストで確認"],
                            "by": "総務部長 山本和夫", "date": "2025-11-21"}}},
    "reaudit/2026.json": {
        "judgments": {
            "foreign_law_risk": {"decision": "accept", "reason": "保管・処理・準拠法・裁判管轄とも国内",
                                 "by": "情報政策課長 田中一郎", "date": "2026-12-03"},
            "subcontractors": [{"name": "株式会社せんだい運用サポート", "decision": "approve",
                                "reason": "夜間・休日の監視と一次対応のみ。国内で作業し、同じ義務を負う",
                                "by": "情報政策課長 田中一郎", "date": "2026-12-03"}],
            "reliability": {"decision": "sufficient", "basis": ["ISMAP C21-0100-2 を ISMAP クラウドサービスリストで確認"],
                            "by": "総務部長 山本和夫", "date": "2026-12-04"}}},
}


def main():
    for name, body in REVIEWS.items():
        path = os.path.join(ROOT, name)
        with open(path, "rb") as f:
            sha = hashlib.sha256(f.read()).hexdigest()
        review = {"format": "assess-review/1", "answers_sha256": sha}
        review.update(body)
        out = path[:-len(".json")] + ".review.json"
        with open(out, "w", encoding="utf-8") as f:
            json.dump(review, f, ensure_ascii=False, indent=2)
            f.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
