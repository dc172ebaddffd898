/* review_sheet.c - reading the officer's filled review sheet (assess-review-sheet/1) back into a
 * review: the cells through the same XLSX and ODS readers as the vendor form (form_book.h), the
 * rules through asx_review_check (one check for the JSON file and the sheet), each problem at
 * its cell. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "asx/review_sheet.h"
#include "asx/text.h"
#include "asx/util.h"
#include "asx/xlsx_import.h"
#include "form_book.h"

static const char *const DATA_SHEETS[] = {ASX_RSHEET_SHEET_JA, ASX_RSHEET_SHEET_EN, NULL};

const char *asx_rsheet_essential_label(bool essential, asx_lang l)
{
    return essential ? ASX_TR(l, "不可欠 (この役割なしにはサービスが成り立たない)", "essential (the service cannot do without it)")
                     : ASX_TR(l, "なくてもよい (再委託しない条件で足りる)", "not essential (a condition not to subcontract will do)");
}

typedef struct {
    const char *file;
    asx_diags *d;
    const char *sheet; /* the data sheet's name */
    bool date1904;
    asx_lang lang;     /* the sheet's language */
    size_t problems;
    char *format, *sha, *bank, *version, *lang_text;
    unsigned row_sha;  /* the _meta row of answers_sha256 */
} rconv;

static void err_at(rconv *cv, unsigned row, int col, const char *fmt, ...) __attribute__((format(printf, 4, 5)));
static void err_at(rconv *cv, unsigned row, int col, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char msg[1024];
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    asx_diags_addf(cv->d, ASX_ERR_DATA, cv->file, 0, 0, "%s!%c%u: %s", cv->sheet, 'A' + col, row, msg);
    cv->problems++;
}

static void meta_free(rconv *cv)
{
    free(cv->format);
    free(cv->sha);
    free(cv->bank);
    free(cv->version);
    free(cv->lang_text);
}

static asx_error read_meta(rconv *cv, const xsheet *sh)
{
    for (size_t i = 0; i < sh->n; i++) {
        const xcell *k = &sh->v[i].c[0], *v = &sh->v[i].c[1];
        if (!k->v || !v->v)
            continue;
        char **slot = NULL;
        if (strcmp(k->v, "format") == 0)
            slot = &cv->format;
        else if (strcmp(k->v, "answers_sha256") == 0)
            slot = &cv->sha, cv->row_sha = sh->v[i].row;
        else if (strcmp(k->v, "questionnaire") == 0)
            slot = &cv->bank;
        else if (strcmp(k->v, "questionnaire_version") == 0)
            slot = &cv->version;
        else if (strcmp(k->v, "lang") == 0)
            slot = &cv->lang_text;
        if (slot) {
            free(*slot);
            if (!(*slot = asx_strdup(v->v)))
                return ASX_ERR_NOMEM;
        }
    }
    if (!cv->format || strcmp(cv->format, ASX_RSHEET_FORMAT) != 0) {
        asx_diags_addf(cv->d, ASX_ERR_DATA, cv->file, 0, 0,
                       ASX_L("%s: assess の審査シートではありません (format が \"%s\" ではない)",
                             "%s: not an assess review sheet (format is not \"%s\")"),
                       ASX_FORM_META_SHEET, ASX_RSHEET_FORMAT);
        return ASX_ERR_DATA;
    }
    bool hex = cv->sha && strlen(cv->sha) == 64;
    for (size_t i = 0; hex && i < 64; i++)
        hex = (cv->sha[i] >= '0' && cv->sha[i] <= '9') || (cv->sha[i] >= 'a' && cv->sha[i] <= 'f');
    if (!hex || !cv->bank) {
        asx_diags_addf(cv->d, ASX_ERR_DATA, cv->file, 0, 0,
                       ASX_L("%s: 審査シートの answers_sha256 と questionnaire がありません (壊れています。assess review で作り直してください)",
                             "%s: the review sheet has no answers_sha256 or questionnaire (damaged: make it again with assess review)"),
                       ASX_FORM_META_SHEET);
        return ASX_ERR_DATA;
    }
    cv->lang = cv->lang_text && strcmp(cv->lang_text, "en") == 0 ? ASX_LANG_EN : ASX_LANG_JA;
    return ASX_OK;
}

/* The trimmed text of a cell the officer fills, or NULL; a formula or an overlong cell is
 * refused (*bad set). */
static char *input_text(rconv *cv, const xrow *r, int col, bool *bad)
{
    const xcell *c = &r->c[col];
    if (c->formula) {
        err_at(cv, r->row, col, ASX_L("数式は使えません。値を直接入力してください", "formulas are not read: type the value"));
        *bad = true;
        return NULL;
    }
    if (c->too_long) {
        err_at(cv, r->row, col, ASX_L("長すぎます (上限 %u 文字)", "too long (the limit is %u characters)"), ASX_XLSX_MAX_CELL);
        *bad = true;
        return NULL;
    }
    return xcell_text(c);
}

static bool key_of(const char *s, asx_judgment_key *k)
{
    for (int i = 0; i < ASX_JUDGE_COUNT; i++)
        if (strcmp(s, asx_judgment_key_name((asx_judgment_key)i)) == 0) {
            *k = (asx_judgment_key)i;
            return true;
        }
    return false;
}

/* The decision word for a label in either language or the word itself; NULL when none. */
static const char *decision_word(asx_judgment_key k, const char *text)
{
    const char *w[2];
    asx_judgment_decision_words(k, w);
    for (int yes = 1; yes >= 0; yes--) {
        const char *word = w[yes ? 0 : 1];
        if (strcmp(text, word) == 0 || strcmp(text, asx_judgment_decision_label(k, yes, ASX_LANG_JA)) == 0 ||
            strcmp(text, asx_judgment_decision_label(k, yes, ASX_LANG_EN)) == 0)
            return word;
    }
    return NULL;
}

static bool severity_of(const char *text, asx_severity *out)
{
    static const asx_severity all[] = {ASX_SEV_KNOCKOUT, ASX_SEV_MAJOR, ASX_SEV_MINOR, ASX_SEV_INFO};
    for (size_t i = 0; i < 4; i++)
        if (strcmp(text, asx_severity_name(all[i])) == 0 || strcmp(text, asx_severity_label(all[i], ASX_LANG_JA)) == 0 ||
            strcmp(text, asx_severity_label(all[i], ASX_LANG_EN)) == 0) {
            *out = all[i];
            return true;
        }
    return false;
}

/* The officer's cells of one row: name, date, reason (all rows), and whether it is signed. */
typedef struct {
    char *decision, *reason, *detail, *name, *date_text;
    asx_date date;
    bool has_date, bad_date, bad;
} cells;

static void cells_free(cells *c)
{
    free(c->decision);
    free(c->reason);
    free(c->detail);
    free(c->name);
    free(c->date_text);
}

static void read_cells(rconv *cv, const xrow *r, cells *c)
{
    c->decision = input_text(cv, r, ASX_RSHEET_COL_DECISION, &c->bad);
    c->reason = input_text(cv, r, ASX_RSHEET_COL_REASON, &c->bad);
    c->detail = input_text(cv, r, ASX_RSHEET_COL_DETAIL, &c->bad);
    c->name = input_text(cv, r, ASX_RSHEET_COL_NAME, &c->bad);
    c->date_text = input_text(cv, r, ASX_RSHEET_COL_DATE, &c->bad);
    if (!c->date_text)
        return;
    fb_date_status st = fb_cell_date(cv->date1904, &r->c[ASX_RSHEET_COL_DATE], c->date_text, &c->date);
    if (st == DATE_OK) {
        c->has_date = true;
        return;
    }
    c->bad_date = true;
    err_at(cv, r->row, ASX_RSHEET_COL_DATE,
           ASX_L("判断した日付として読めません (値: %s)。2026-12-10、2026/12/10、令和8年12月10日 のように入力してください",
                 "not a date (value: %s): type it as 2026-12-10"),
           c->date_text);
}

/* Split a cell's lines (the reliability's basis) into v; false on out of memory. */
static bool split_lines(const char *s, char ***v, size_t *n)
{
    *v = NULL;
    *n = 0;
    size_t cap = 1;
    for (const char *p = s; *p; p++)
        cap += *p == '\n';
    *v = calloc(cap, sizeof **v);
    if (!*v)
        return false;
    const char *p = s;
    while (*p) {
        const char *e = strchr(p, '\n');
        size_t len = e ? (size_t)(e - p) : strlen(p);
        char *line = fb_trim_dup(p, len);
        if (!line)
            return false;
        if (*line)
            (*v)[(*n)++] = line;
        else
            free(line);
        p += len + (e ? 1 : 0);
    }
    return true;
}

static int member_col(unsigned member)
{
    switch (member) {
    case ASX_RV_M_DECISION:
    case ASX_RV_M_SEVERITY: return ASX_RSHEET_COL_DECISION;
    case ASX_RV_M_REASON: return ASX_RSHEET_COL_REASON;
    case ASX_RV_M_BASIS:
    case ASX_RV_M_VERSION:
    case ASX_RV_M_ESSENTIAL: return ASX_RSHEET_COL_DETAIL;
    case ASX_RV_M_BY: return ASX_RSHEET_COL_NAME;
    case ASX_RV_M_DATE: return ASX_RSHEET_COL_DATE;
    case ASX_RV_M_NAME:
    case ASX_RV_M_QUESTION: return ASX_RSHEET_COL_SUBJECT;
    }
    return -1;
}

/* A problem found by asx_review_check at its cell: the member's, or for a missing one the cell
 * that should hold it (a missing name: the name cell). */
static void report_at_cell(void *ud, const asx_review_place *at, const char *msg)
{
    rconv *cv = ud;
    if (!at->j && !at->o) {
        asx_diags_addf(cv->d, ASX_ERR_DATA, cv->file, 0, 0, "%s!B%u: %s", ASX_FORM_META_SHEET, cv->row_sha, msg);
        cv->problems++;
        return;
    }
    unsigned row = (unsigned)(at->j ? at->j->line : at->o->line);
    int col = member_col(at->member);
    if (col < 0)
        col = ASX_RSHEET_COL_KEY;
    err_at(cv, row, col, "%s", msg);
}

static asx_error build(rconv *cv, const xsheet *sh, asx_review *r)
{
    size_t cap = sh->n ? sh->n : 1;
    r->subs = calloc(cap, sizeof *r->subs);
    r->overrides = calloc(cap, sizeof *r->overrides);
    if (!r->subs || !r->overrides)
        return ASX_ERR_NOMEM;
    int nsub_rows = 0, nov_rows = 0;
    for (size_t i = 0; i < sh->n; i++) {
        const xrow *row = &sh->v[i];
        const char *key = row->c[ASX_RSHEET_COL_KEY].v;
        asx_judgment_key k = ASX_JUDGE_FOREIGN_LAW_RISK;
        bool ov = key && strcmp(key, ASX_RSHEET_KEY_OVERRIDE) == 0;
        if (!key || (!ov && !key_of(key, &k)))
            continue; /* the title, the header, notes */
        cells c = {0};
        read_cells(cv, row, &c);
        char *subject = xcell_text(&row->c[ASX_RSHEET_COL_SUBJECT]);
        bool signed_ = c.name || c.date_text;
        if (!signed_) {
            /* not a judgment: it stays missing, whatever the decision cell holds */
            if (c.decision && !ov)
                asx_diags_addf(cv->d, ASX_OK, cv->file, 0, 0,
                               ASX_L("%s!%c%u: 氏名・日付がないため判断として扱いません (判断待ちのまま)",
                                     "%s!%c%u: not signed (no name, no date): the judgment stays outstanding"),
                               cv->sheet, 'A' + ASX_RSHEET_COL_NAME, row->row);
            cells_free(&c);
            free(subject);
            continue;
        }
        asx_error err = ASX_OK;
        if (ov) {
            asx_override *o = &r->overrides[r->noverrides++];
            o->index = nov_rows++;
            o->line = (int)row->row;
            o->question = subject;
            subject = NULL;
            o->by = c.name, c.name = NULL;
            o->reason = c.reason, c.reason = NULL;
            o->date = c.date;
            o->has_date = c.has_date;
            if (c.bad_date)
                o->reported |= ASX_RV_M_DATE;
            if (!c.decision) {
                err_at(cv, row->row, ASX_RSHEET_COL_DECISION,
                       ASX_L("変更後の重大度を選んでください (変えない場合は行の氏名・日付を空にします)",
                             "choose the new severity (leave the row unsigned to keep it)"));
            } else if (!severity_of(c.decision, &o->severity)) {
                err_at(cv, row->row, ASX_RSHEET_COL_DECISION,
                       ASX_L("重大度として読めません (値: %s)。一覧から選んでください", "not a severity (value: %s): choose one from the list"),
                       c.decision);
            }
        } else {
            asx_judgment *j;
            if (k == ASX_JUDGE_SUBCONTRACTORS) {
                j = &r->subs[r->nsubs++];
                j->index = nsub_rows++;
                j->name = subject;
                subject = NULL;
            } else if (r->made[k]) {
                err_at(cv, row->row, ASX_RSHEET_COL_KEY,
                       ASX_L("判断「%s」の行が二つあります", "a second row for the judgment \"%s\""), key);
                cells_free(&c);
                free(subject);
                continue;
            } else {
                j = r->made[k] = calloc(1, sizeof *j);
                if (!j)
                    err = ASX_ERR_NOMEM;
                else
                    j->index = -1;
            }
            if (!err) {
                j->key = k;
                j->line = (int)row->row;
                j->by = c.name, c.name = NULL;
                j->reason = c.reason, c.reason = NULL;
                j->date = c.date;
                j->has_date = c.has_date;
                if (c.bad_date)
                    j->reported |= ASX_RV_M_DATE;
                if (c.bad)
                    j->reported |= ASX_RV_M_DECISION | ASX_RV_M_REASON | ASX_RV_M_BY;
                if (c.decision) {
                    const char *w = decision_word(k, c.decision);
                    if (w) {
                        j->decision = asx_strdup(w);
                    } else {
                        err_at(cv, row->row, ASX_RSHEET_COL_DECISION,
                               ASX_L("判断は「%s」か「%s」を選んでください (値: %s)", "choose \"%s\" or \"%s\" (value: %s)"),
                               asx_judgment_decision_label(k, true, cv->lang), asx_judgment_decision_label(k, false, cv->lang),
                               c.decision);
                        j->reported |= ASX_RV_M_DECISION;
                    }
                }
                if (c.detail && k == ASX_JUDGE_RELIABILITY && !split_lines(c.detail, &j->basis, &j->nbasis))
                    err = ASX_ERR_NOMEM;
                if (c.detail && k == ASX_JUDGE_TERMS)
                    j->version = c.detail, c.detail = NULL;
                if (c.detail && k == ASX_JUDGE_SUBCONTRACTORS) {
                    bool yes = strcmp(c.detail, asx_rsheet_essential_label(true, ASX_LANG_JA)) == 0 ||
                               strcmp(c.detail, asx_rsheet_essential_label(true, ASX_LANG_EN)) == 0 ||
                               strcmp(c.detail, "true") == 0;
                    bool no = strcmp(c.detail, asx_rsheet_essential_label(false, ASX_LANG_JA)) == 0 ||
                              strcmp(c.detail, asx_rsheet_essential_label(false, ASX_LANG_EN)) == 0 ||
                              strcmp(c.detail, "false") == 0;
                    if (yes || no) {
                        j->essential = yes;
                        j->has_essential = true;
                    } else {
                        err_at(cv, row->row, ASX_RSHEET_COL_DETAIL,
                               ASX_L("一覧から「%s」か「%s」を選んでください (値: %s)", "choose \"%s\" or \"%s\" (value: %s)"),
                               asx_rsheet_essential_label(true, cv->lang), asx_rsheet_essential_label(false, cv->lang), c.detail);
                        j->reported |= ASX_RV_M_ESSENTIAL;
                    }
                }
            }
        }
        cells_free(&c);
        free(subject);
        if (err)
            return err;
    }
    return ASX_OK;
}

/* The binding is in the hidden _meta sheet and, for people, in the locked line under the title
 * (「回答ファイル: X (SHA-256 0123456789abcdef…) / …」, written by report/review_sheet.c): a sheet whose
 * two copies disagree was changed outside assess (the hidden binding moved to other answers) and
 * is refused naming both cells. */
static asx_error check_binding_shown(rconv *cv, const xsheet *sh)
{
    char want[32];
    snprintf(want, sizeof want, "SHA-256 %.16s", cv->sha);
    const char *shown = NULL;
    for (size_t i = 0; i < sh->n && !shown; i++)
        if (sh->v[i].row == ASX_RSHEET_BINDING_ROW)
            shown = sh->v[i].c[0].v;
    if (shown && strstr(shown, want))
        return ASX_OK;
    asx_diags_addf(cv->d, ASX_ERR_DATA, cv->file, 0, 0,
                   ASX_L("%s!A%u と %s!B%u の回答ファイルの SHA-256 が一致しません (%s!B%u: %.16s…)。assess の外で変更された審査シートは読みません: assess review で作り直してください",
                         "%s!A%u and %s!B%u disagree on the answers' SHA-256 (%s!B%u: %.16s…): a review sheet changed outside assess is not read; make it again with assess review"),
                   cv->sheet, ASX_RSHEET_BINDING_ROW, ASX_FORM_META_SHEET, cv->row_sha, ASX_FORM_META_SHEET, cv->row_sha, cv->sha);
    return ASX_ERR_DATA;
}

static asx_error read_book(const void *buf, size_t len, const char *file, asx_diags *d, form_book *b,
                           form_sheets *sh)
{
    *b = (form_book){.file = file, .d = d, .data_sheets = DATA_SHEETS};
    asx_error err = form_book_open(b, buf, len);
    if (!err)
        err = b->kind == FB_ODS ? ods_read_sheets(b, sh) : xlsx_read_sheets(b, sh);
    return err;
}

bool asx_is_review_sheet(const void *buf, size_t len)
{
    asx_diags d;
    asx_diags_init(&d);
    form_book b = {0};
    form_sheets sh = {0};
    bool is = false;
    if (len >= 4 && memcmp(buf, "PK\x03\x04", 4) == 0 && read_book(buf, len, "-", &d, &b, &sh) == ASX_OK)
        for (size_t i = 0; i < sh.meta.n && !is; i++) {
            const xcell *k = &sh.meta.v[i].c[0], *v = &sh.meta.v[i].c[1];
            is = k->v && v->v && strcmp(k->v, "format") == 0 && strcmp(v->v, ASX_RSHEET_FORMAT) == 0;
        }
    form_sheets_free(&sh);
    form_book_close(&b);
    asx_diags_free(&d);
    return is;
}

asx_error asx_review_sheet_import(const void *buf, size_t len, const char *file, const asx_bankset *set,
                                  const asx_answers *answers, asx_review **out, asx_diags *d)
{
    form_book b = {0};
    form_sheets sh = {0};
    rconv cv = {.file = file, .d = d};
    asx_review *r = NULL;
    asx_answers stub = {0};
    *out = NULL;
    asx_error err = read_book(buf, len, file, d, &b, &sh);
    if (!err)
        err = read_meta(&cv, &sh.meta);
    if (err)
        goto out;
    cv.sheet = sh.answers_name;
    cv.date1904 = sh.date1904;
    err = check_binding_shown(&cv, &sh.answers);
    if (err)
        goto out;
    const asx_bank *bank = asx_bankset_find(set, cv.bank);
    if (!bank) {
        asx_diags_addf(d, ASX_ERR_DATA, file, 0, 0, ASX_L("%s: 不明な質問票 \"%s\"", "%s: unknown questionnaire \"%s\""),
                       ASX_FORM_META_SHEET, cv.bank);
        err = ASX_ERR_DATA;
        goto out;
    }
    if (answers && answers->bank != bank) {
        asx_diags_addf(d, ASX_ERR_DATA, file, 0, 0,
                       ASX_L("%s: この審査シートは質問票 %s の回答のものです (%s は %s)",
                             "%s: this review sheet is for answers to questionnaire %s (%s is %s)"),
                       ASX_FORM_META_SHEET, bank->id, answers->file ? answers->file : "-", answers->bank->id);
        err = ASX_ERR_DATA;
        goto out;
    }
    r = calloc(1, sizeof *r);
    if (!r || !(r->file = asx_strdup(file))) {
        err = ASX_ERR_NOMEM;
        goto out;
    }
    snprintf(r->answers_sha256, sizeof r->answers_sha256, "%s", cv.sha);
    if (!answers) {
        /* the rules that need the answers wait for score --review: the binding is the sheet's
         * own, and no answers are at hand to list subcontractors */
        stub.bank = bank;
        memcpy(stub.sha256, cv.sha, sizeof stub.sha256);
        answers = &stub;
    }
    if (strcmp(r->answers_sha256, answers->sha256) != 0) {
        asx_review_check(r, answers, &(asx_review_reporter){report_at_cell, &cv});
        err = ASX_ERR_DATA;
        goto out;
    }
    err = build(&cv, &sh.answers, r);
    if (err)
        goto out;
    asx_review_check(r, answers, &(asx_review_reporter){report_at_cell, &cv});
    if (cv.problems)
        err = ASX_ERR_DATA;
out:
    if (err == ASX_ERR_NOMEM)
        asx_diags_addf(d, ASX_ERR_NOMEM, file, 0, 0, ASX_L("メモリ不足です", "out of memory"));
    if (err)
        asx_review_free(r);
    else
        *out = r;
    meta_free(&cv);
    form_sheets_free(&sh);
    form_book_close(&b);
    return err;
}
