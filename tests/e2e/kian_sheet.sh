#!/bin/bash
# kian_sheet.sh - page 1 of every sample pack is the 起案 sheet (SPEC v2 §6): 件名, 起案日,
# 文書番号, 所属 and 起案者, the stamp row of the policy's approval_block (left to right in the
# policy's order) with date lines and 合議 boxes, the decision options with the verdict marked,
# and what follows the verdict. Checked with the default policy and with a policy of six columns
# and two 合議 boxes; the assessment follows as 別紙 1 / N.
set -euo pipefail
: "${ASSESS:?}" "${SRC:?}"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
S="$SRC/samples"
cat > "$tmp/six.json" <<'JSON'
{"format": "assess-policy/1", "organization": "みなと市",
 "approval_block": {"columns": ["市長", "副市長", "総務部長", "情報政策課長", "課長補佐", "起案者"],
                    "consult": ["財政課長", "契約課長"]}}
JSON

# the column titles, in order, on one line of the page-1 layout text
in_order() { # file title…
    local f=$1; shift
    local re; re=$(printf '%s.*' "$@")
    grep -Eq "${re%.\*}" "$f"
}

check_sheet() { # pdf policy-kind verdict answers
    local pdf=$1 kind=$2 verdict=$3 answers=$4 p1="$tmp/p1.txt" flat
    pdftotext -layout -f 1 -l 1 "$pdf" "$p1"
    flat=$(tr -d ' \n' < "$p1")
    for want in 起案用紙 文書番号 情政第7号 起案日 "令和8年11月20日(2026年)" 所属 総務部情報政策課 起案者 件名 \
                "について(伺い)" 決裁欄 "条件付き承認" "不承認"; do
        case "$flat" in *"$want"*) ;; *) fail "$pdf page 1 lacks $want" ;; esac
    done
    [ "$(grep -o '年 *月 *日' "$p1" | wc -l)" -ge 3 ] || fail "$pdf: date lines missing"
    if [ "$kind" = default ]; then
        # SPEC v3 §8.2: the default stamp row follows the clause of the bank
        local bank; bank=$("$PYTHON" -c 'import json,sys; print(json.load(open(sys.argv[1]))["questionnaire"])' "$answers")
        local cols
        case "$bank" in
            cloud) cols="許可権限者 統括情報セキュリティ責任 情報セキュリティ責任者 情報セキュリティ管理者 起案者" ;;
            cloud-light) cols="情報セキュリティ責任者 情報セキュリティ管理者 起案者" ;;
            outsourcing) cols="情報システム管理者 情報セキュリティ責任者 情報セキュリティ管理者 起案者" ;;
        esac
        # shellcheck disable=SC2086
        in_order "$p1" $cols || fail "$pdf: default stamp row of $bank not $cols left to right"
        grep -q "合" "$p1" && grep -q "^ *議 *$" "$p1" && fail "$pdf: 合議 box without consult"
        [ "$(grep -o '年 *月 *日' "$p1" | wc -l)" -eq "$(echo $cols | wc -w)" ] || fail "$pdf: not one date line per column"
    else
        in_order "$p1" 市長 副市長 総務部長 情報政策課長 課長補佐 起案者 \
            || fail "$pdf: six-column stamp row not in the policy's order"
        in_order "$p1" 財政課長 契約課長 || fail "$pdf: 合議 boxes missing"
        case "$flat" in *合議*) ;; *) fail "$pdf: no 合議 label" ;; esac
        [ "$(grep -o '年 *月 *日' "$p1" | wc -l)" -eq 8 ] || fail "$pdf: not 8 date lines (6 + 2 合議)"
    fi
    # the assessed verdict is the marked option
    local label
    case "$verdict" in
        approved) label="■承認" ;; conditional) label="■条件付き承認" ;; rejected) label="■不承認" ;;
        incomplete) label="" ;;
    esac
    if [ -n "$label" ]; then
        case "$flat" in *"$label"*) ;; *) fail "$pdf: $label not marked" ;; esac
    fi
    [ "$(printf '%s' "$flat" | grep -o '■' | wc -l)" -le 1 ] || fail "$pdf: more than one option marked"
    case "$verdict" in
        approved|conditional)
            # 11-1 designates no 外部サービス管理者: the contractor is checked (11-1(3)①)
            case "$flat" in *外部サービス管理者*佐藤花子*|*委託事業者の確認*確認の担当*佐藤花子*) ;; *) fail "$pdf: no designation" ;; esac ;;
        rejected)
            case "$flat" in *外部サービス管理者*) fail "$pdf: a 不承認 designates a manager" ;; esac
            case "$flat" in *本サービスは利用できない*) ;; *) fail "$pdf: 不承認 does not say the service may not be used" ;; esac ;;
        incomplete)
            case "$flat" in *外部サービス管理者*) fail "$pdf: a 差戻し designates a manager" ;; esac
            case "$flat" in *事業者に求める回答*) ;; *) fail "$pdf: 差戻し does not say what the vendor must supply" ;; esac ;;
    esac
    case "$flat" in *承認した場合は*) [ "$verdict" = approved ] || [ "$verdict" = conditional ] || fail "$pdf: 承認した場合 on a $verdict" ;; esac
    case "$verdict" in
        conditional) case "$flat" in *条件1*履行期限*) ;; *) fail "$pdf: conditions with due dates missing" ;; esac ;;
    esac
    grep -q "assess " "$p1" && fail "$pdf: a command line on page 1"
    # page 1 has no page number; the 別紙 is numbered from 1
    grep -q "ページ" "$p1" && fail "$pdf: page 1 numbered"
    local pages annex
    pages=$(pdfinfo "$pdf" | awk '/^Pages:/ {print $2}')
    pdftotext "$pdf" "$tmp/all.txt"
    annex=$(grep -o "別紙 [0-9]* / [0-9]*" "$tmp/all.txt" | tail -1 | awk '{print $4}')
    [ -n "$annex" ] && [ "$annex" -lt "$pages" ] || fail "$pdf: 別紙 n / N numbering missing"
    grep -q "別紙 1 / $annex" "$tmp/all.txt" || fail "$pdf: no 別紙 1 / $annex"
    grep -q "assess register\|assess pack" "$tmp/all.txt" && fail "$pdf: a command line is printed"
    return 0
}

n=0
for kind in default six; do
    mkdir "$tmp/$kind"
    pol=(); [ "$kind" = six ] && pol=(--policy "$tmp/six.json")
    for f in "$S"/*.json "$S"/procurement/*.json "$S"/reaudit/*.json; do
        case "$f" in */policy-*.json|*.review.json) continue ;; esac
        verdict=$("$ASSESS" score "$f" "${pol[@]}" --json --date 2026-11-20 | "$PYTHON" -c 'import json,sys; print(json.load(sys.stdin)["verdict"])')
        out=$("$ASSESS" pack "$f" -o "$tmp/$kind" "${pol[@]}" --date 2026-11-20 --force --doc-number 情政第7号 \
              --section "総務部 情報政策課" --requester "鈴木 一郎" --approver "山田 太郎" \
              --manager "佐藤 花子" 2>/dev/null) || fail "pack $f failed"
        pdf=$(printf '%s\n' "$out" | grep '\.pdf$')
        check_sheet "$pdf" "$kind" "$verdict" "$f"
        n=$((n + 1))
    done
done
[ "$n" -ge 20 ] || fail "only $n packs checked"
# the approver named by --approver stands in the first (highest) column of the six
pdftotext -layout -f 1 -l 1 "$(ls "$tmp"/six/株式会社あおばシステム_*2026-11-20.pdf | head -1)" "$tmp/s.txt"
grep -q "山田 太郎" "$tmp/s.txt" || fail "approver not printed in the six-column row"
echo "kian_sheet: ok ($n packs)"
