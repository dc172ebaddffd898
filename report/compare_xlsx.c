/* compare_xlsx.c - the comparison workbook and the key of an anonymised comparison (see
 * asx/compare_report.h). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <xlsxwriter.h>
#include "asx/compare_report.h"
#include "asx/io.h"
#include "asx/text.h"
#include "asx/util.h"
#include "asx/xlsxutil.h"
#include "compare_impl.h"

/* ---- XLSX ------------------------------------------------------------------------------- */

enum { ST_PLAIN, ST_DIFF, ST_KO, ST_N };
typedef struct {
    lxw_workbook *wb;
    const asx_comparison *c;
    const asx_bidder **cols;
    size_t ncols;
    asx_lang l;
    asx_diags *d;
    const char *path;
    lxw_error err; /* the first library error */
    bool oom;
    bool truncated;
    lxw_format *title, *sub, *head, *label, *id, *section;
    /* Row heights: libxlsxwriter does not fit rows to wrapped text and LibreOffice does not
     * either on load, so each row is given the height of its tallest cell, estimated from the
     * display width of the text and the column widths of the current sheet. */
    double colw[8]; /* widths of the first ncolw columns, Excel character units */
    size_t ncolw;
    double colw_rest; /* width of the columns after those */
    lxw_worksheet *cur_ws;
    lxw_row_t cur_row;
    int cur_lines;
    lxw_format *fmt[5][ST_N]; /* by cv_kind, then style */
} xctx;


enum { XLSX_LINE_PT = 15, XLSX_MAX_LINES = 27 }; /* Excel rows are at most 409 pt */

/* Lines that s takes in a wrapped cell of width w (character units; a full-width character
 * is about two units wide, like its display width). */
static int est_lines(const char *s, double w)
{
    int lines = 0;
    double per_line = w > 5 ? w - 1 : 4;
    const char *p = cmp_nz(s);
    for (;;) {
        const char *nl = strchr(p, '\n');
        size_t n = nl ? (size_t)(nl - p) : strlen(p);
        char *para = asx_strndup(p, n);
        int dw = para ? asx_utf8_width(para) : 0;
        free(para);
        int k = (int)ceil((double)dw / per_line);
        lines += k > 1 ? k : 1;
        if (!nl || lines >= XLSX_MAX_LINES)
            break;
        p = nl + 1;
    }
    return lines < XLSX_MAX_LINES ? lines : XLSX_MAX_LINES;
}

static void flush_row_height(xctx *x)
{
    if (x->cur_ws && x->cur_lines > 1)
        asx_xlsx_keep(&x->err, worksheet_set_row(x->cur_ws, x->cur_row, XLSX_LINE_PT * x->cur_lines, NULL));
    x->cur_ws = NULL;
    x->cur_lines = 0;
}

static void note_lines(xctx *x, lxw_worksheet *ws, lxw_row_t row, lxw_col_t col, const char *t)
{
    if (ws != x->cur_ws || row != x->cur_row) {
        flush_row_height(x);
        x->cur_ws = ws;
        x->cur_row = row;
    }
    double w = col < x->ncolw ? x->colw[col] : x->colw_rest;
    int lines = est_lines(t, w);
    if (lines > x->cur_lines)
        x->cur_lines = lines;
}

/* Set the column widths of a sheet: fixed[0..n) for the first columns, rest up to last. */
static void set_widths(xctx *x, lxw_worksheet *ws, const double *fixed, size_t n, double rest,
                       lxw_col_t last)
{
    flush_row_height(x);
    x->ncolw = n < 8 ? n : 8;
    for (size_t i = 0; i < x->ncolw; i++) {
        x->colw[i] = fixed[i];
        asx_xlsx_keep(&x->err, worksheet_set_column(ws, (lxw_col_t)i, (lxw_col_t)i, fixed[i], NULL));
    }
    x->colw_rest = rest;
    if (last >= (lxw_col_t)x->ncolw)
        asx_xlsx_keep(&x->err, worksheet_set_column(ws, (lxw_col_t)x->ncolw, last, rest, NULL));
    /* printed: landscape A4, all columns on one page wide, headers repeated */
    worksheet_set_landscape(ws);
    worksheet_set_paper(ws, 9);
    worksheet_fit_to_pages(ws, 1, 0);
    asx_xlsx_keep(&x->err, worksheet_repeat_rows(ws, 3, 3));
}

static void put_text(xctx *x, lxw_worksheet *ws, lxw_row_t row, lxw_col_t col, const char *s,
                     lxw_format *f)
{
    bool cut = false;
    /* the one funnel of workbook text: names come out here when anonymised */
    char *t = asx_compare_scrub(x->c, cmp_nz(s));
    if (!t) {
        x->oom = true;
        return;
    }
    asx_xlsx_keep(&x->err, asx_xlsx_write_text(ws, row, col, t, f, &cut));
    x->truncated = x->truncated || cut;
    if (f != x->title && f != x->sub)
        note_lines(x, ws, row, col, t);
    free(t);
}

static lxw_format *new_format(xctx *x, unsigned bg, bool bold, unsigned color, const char *num)
{
    lxw_format *f = workbook_add_format(x->wb);
    if (!f) {
        x->oom = true;
        return NULL;
    }
    format_set_text_wrap(f);
    format_set_align(f, LXW_ALIGN_VERTICAL_TOP);
    format_set_border(f, LXW_BORDER_THIN);
    format_set_border_color(f, 0xBFBFBF);
    if (bg)
        format_set_bg_color(f, bg);
    if (bold)
        format_set_bold(f);
    if (color)
        format_set_font_color(f, color);
    if (num)
        format_set_num_format(f, num);
    return f;
}

static void make_formats(xctx *x, asx_lang l)
{
    const char *const nums[5] = {NULL, "General", "0.0", "0%", asx_xlsx_date_format(l)};
    for (int k = 0; k < 5; k++) {
        x->fmt[k][ST_PLAIN] = new_format(x, 0, false, 0, nums[k]);
        x->fmt[k][ST_DIFF] = new_format(x, 0xFFF2CC, false, 0, nums[k]); /* pale amber */
        x->fmt[k][ST_KO] = new_format(x, 0xC00000, true, 0xFFFFFF, nums[k]); /* red */
    }
    x->title = workbook_add_format(x->wb);
    x->sub = workbook_add_format(x->wb);
    if (!x->title || !x->sub) {
        x->oom = true;
        return;
    }
    format_set_bold(x->title);
    format_set_font_size(x->title, 14);
    format_set_font_color(x->sub, 0x595959);
    x->head = new_format(x, 0x1F4E79, true, 0xFFFFFF, NULL);
    x->label = new_format(x, 0xF2F2F2, true, 0, NULL);
    x->id = new_format(x, 0xF2F2F2, false, 0x595959, NULL);
    x->section = new_format(x, 0xD9E1F2, true, 0, NULL);
}


static void write_cval(xctx *x, lxw_worksheet *ws, lxw_row_t row, lxw_col_t col, const cval *v,
                       bool diff)
{
    int st = v->ko ? ST_KO : (diff ? ST_DIFF : ST_PLAIN);
    lxw_format *f = x->fmt[v->kind][st];
    switch (v->kind) {
    case CV_TEXT: put_text(x, ws, row, col, v->text, f); break;
    case CV_NUM:
    case CV_SCORE:
    case CV_PCT: asx_xlsx_keep(&x->err, worksheet_write_number(ws, row, col, v->num, f)); break;
    case CV_DATE: asx_xlsx_keep(&x->err, asx_xlsx_date(ws, row, col, &v->date, f, f)); break;
    }
}

/* Write the row's label cells and one cell per bidder from first_col; highlight differences
 * when compare is set. Takes v (from new_row) and frees it. */
static void write_row(xctx *x, lxw_worksheet *ws, lxw_row_t row, const char *label,
                      const char *id, lxw_col_t first_col, cval *v, bool compare)
{
    bool *mark = calloc(x->ncols ? x->ncols : 1, sizeof *mark);
    if (!mark) {
        x->oom = true;
        cmp_cval_free(v, x->ncols);
        free(v);
        return;
    }
    for (size_t i = 0; i < x->ncols; i++)
        if (!v[i].text)
            x->oom = true;
    if (compare && !x->oom)
        cmp_diff_marks(v, x->ncols, mark);
    put_text(x, ws, row, 0, label, x->label);
    if (id)
        put_text(x, ws, row, 1, id, x->id);
    for (size_t i = 0; i < x->ncols; i++)
        write_cval(x, ws, row, (lxw_col_t)(first_col + i), &v[i], mark[i]);
    free(mark);
    cmp_cval_free(v, x->ncols);
    free(v);
}

static cval text_cv(const char *s)
{
    cval v = {.kind = CV_TEXT, .text = asx_strdup(cmp_nz(s))};
    return v;
}

static cval num_cv(cv_kind kind, double num)
{
    cval v = {.kind = kind, .num = num, .text = asx_strdupf("%.6g", num)};
    return v;
}

/* A bidder's answer to q as a cell: numbers as numbers, dates as dates, the rest as text. */
static cval answer_cv(const asx_result *r, const asx_question *q, asx_lang l)
{
    const asx_answer *a = &r->answers->a[q->index];
    const asx_qscore *qs = &r->q[q->index];
    cval v = {.kind = CV_TEXT};
    if (!qs->applicable) {
        v.text = asx_strdup(ASX_TR(l, "(対象外)", "(not applicable)"));
    } else if (a->present && !a->na && q->type == ASX_Q_NUMBER) {
        v = num_cv(CV_NUM, a->num);
    } else if (a->present && !a->na && q->type == ASX_Q_DATE && asx_date_valid(a->date)) {
        char iso[11];
        asx_date_iso(a->date, iso);
        v.kind = CV_DATE;
        v.date = a->date;
        v.text = asx_strdup(iso);
    } else {
        v.text = asx_answer_format(q, a, l);
    }
    v.ko = qs->knockout;
    return v;
}

static cval qscore_cv(const asx_result *r, const asx_question *q, asx_lang l)
{
    const asx_qscore *qs = &r->q[q->index];
    cval v;
    if (!qs->applicable)
        v = text_cv(ASX_TR(l, "対象外", "not applicable"));
    else if (qs->na)
        v = text_cv(ASX_TR(l, "該当なし", "N/A"));
    else
        v = num_cv(CV_PCT, qs->score);
    v.ko = qs->knockout;
    return v;
}

static cval *new_row(xctx *x)
{
    cval *v = calloc(x->ncols ? x->ncols : 1, sizeof *v);
    if (!v)
        x->oom = true;
    return v;
}

static void section_row(xctx *x, lxw_worksheet *ws, lxw_row_t row, const char *title,
                        lxw_col_t last_col)
{
    for (lxw_col_t col = 1; col <= last_col; col++)
        asx_xlsx_keep(&x->err, worksheet_write_blank(ws, row, col, x->section));
    put_text(x, ws, row, 0, title, x->section);
}

typedef enum {
    SUM_SERVICE, SUM_FILE, SUM_RANK, SUM_VERDICT, SUM_SCORE, SUM_TECH, SUM_KO, SUM_MAJOR, SUM_MINOR,
    SUM_REASONS, SUM_N
} sum_row;

static cval summary_cv(xctx *x, const asx_bidder *b, sum_row which)
{
    const asx_result *r = b->r;
    asx_lang l = x->l;
    cval v = {.kind = CV_TEXT};
    switch (which) {
    case SUM_SERVICE:
        v.text = asx_bidder_service(x->c, b, l);
        return v;
    case SUM_FILE: return text_cv(asx_bidder_file(x->c, b));
    case SUM_RANK:
        if (b->rank)
            return num_cv(CV_NUM, b->rank);
        v = text_cv(ASX_TR(l, "除外", "excluded"));
        v.ko = true;
        return v;
    case SUM_VERDICT:
        v = text_cv(asx_verdict_label(r->verdict, l));
        v.ko = !b->rank;
        return v;
    case SUM_SCORE: return num_cv(CV_SCORE, r->score);
    case SUM_TECH: return num_cv(CV_SCORE, b->tech);
    case SUM_KO:
        v = num_cv(CV_NUM, (double)r->count[ASX_SEV_KNOCKOUT]);
        v.ko = r->count[ASX_SEV_KNOCKOUT] > 0;
        return v;
    case SUM_MAJOR: return num_cv(CV_NUM, (double)r->count[ASX_SEV_MAJOR]);
    case SUM_MINOR: return num_cv(CV_NUM, (double)r->count[ASX_SEV_MINOR]);
    case SUM_REASONS:
        v.text = cmp_exclusion_text(x->c, b, l);
        v.ko = !b->rank;
        return v;
    case SUM_N: break;
    }
    return text_cv("");
}

static const char *summary_label(sum_row which, asx_lang l)
{
    switch (which) {
    case SUM_SERVICE: return ASX_TR(l, "サービス", "Service");
    case SUM_FILE: return ASX_TR(l, "回答ファイル", "Answers file");
    case SUM_RANK: return ASX_TR(l, "順位", "Rank");
    case SUM_VERDICT: return ASX_TR(l, "判定", "Verdict");
    case SUM_SCORE: return ASX_TR(l, "得点", "Score");
    case SUM_TECH: return ASX_TR(l, "技術点", "Tech points");
    case SUM_KO: return ASX_TR(l, "必須条件違反 (件)", "Knockouts");
    case SUM_MAJOR: return ASX_TR(l, "重大な指摘 (件)", "Major findings");
    case SUM_MINOR: return ASX_TR(l, "軽微な指摘 (件)", "Minor findings");
    case SUM_REASONS: return ASX_TR(l, "除外の理由", "Why excluded");
    case SUM_N: break;
    }
    return "";
}

/* The printed page header of a sheet: the tender and the organisation (tender_line), its
 * ampersands doubled (they are codes in a header) and cut to the 255 bytes Excel allows. */
static void sheet_header(xctx *x, lxw_worksheet *ws)
{
    char *line = cmp_tender_line(x->c, x->l);
    if (!line)
        return;
    asx_buf b = {0};
    asx_buf_adds(&b, "&L");
    for (const char *p = line; *p; p++) {
        size_t n = 1;
        while (((unsigned char)p[n] & 0xC0) == 0x80)
            n++;
        size_t add = *p == '&' ? 2 : n;
        if (b.len + add > 250)
            break;
        asx_buf_add(&b, *p == '&' ? "&&" : p, add);
        p += n - 1;
    }
    free(line);
    char *h = asx_buf_take(&b);
    if (!h) {
        x->oom = true;
        return;
    }
    asx_xlsx_keep(&x->err, worksheet_set_header(ws, h));
    free(h);
}

static void sheet_title(xctx *x, lxw_worksheet *ws, lxw_col_t last_col, const char *title,
                        const asx_compare_opts *o)
{
    const asx_comparison *c = x->c;
    char cls[64], date[64];
    asx_class_format(c->cls, x->l, cls, sizeof cls);
    asx_date_format(o->date, x->l, date, sizeof date);
    char *sub = asx_strdupf(ASX_TR(x->l, "質問票 %s %s「%s」(%s)、%s、作成日 %s、承認 %g 点以上・条件付き承認 %g 点以上",
                              "Questionnaire %s %s \"%s\" (%s), %s, made on %s, approve at %g, conditional at %g"),
                            c->bank->id, cmp_nz(c->bank->version), asx_text_get(&c->bank->title, x->l),
                            cmp_nz(c->all[0].r->bank_cite.clause_local), cls, date,
                            c->policy ? c->policy->approve_threshold : 0.0,
                            c->policy ? c->policy->conditional_threshold : 0.0);
    if (!sub)
        x->oom = true;
    put_text(x, ws, 0, 0, title, x->title);
    put_text(x, ws, 1, 0, sub, x->sub);
    sheet_header(x, ws);
    (void)last_col;
    free(sub);
}

static void header_row(xctx *x, lxw_worksheet *ws, lxw_row_t row, const char *const *heads,
                       size_t nheads)
{
    for (size_t i = 0; i < nheads; i++)
        put_text(x, ws, row, (lxw_col_t)i, heads[i], x->head);
    for (size_t i = 0; i < x->ncols; i++)
        put_text(x, ws, row, (lxw_col_t)(nheads + i), asx_bidder_vendor(x->c, x->cols[i]), x->head);
}

/* Every bidder answered the one bank under the one policy: the first result cites for all. */
static char *question_ref(const xctx *x, const asx_question *q)
{
    char *cl = cmp_join_clauses(x->c->all[0].r, q);
    char *s = asx_strdupf("%s\n%s", q->id, cmp_nz(cl));
    free(cl);
    return s;
}

/* One row of every bidder's answer to q (label, clauses, answers). False on out of memory. */
static bool answer_row(xctx *x, lxw_worksheet *ws, lxw_row_t row, const asx_question *q, asx_lang l)
{
    cval *v = new_row(x);
    char *ref = question_ref(x, q);
    if (!v || !ref) {
        free(v);
        free(ref);
        x->oom = true;
        return false;
    }
    for (size_t i = 0; i < x->ncols; i++)
        v[i] = answer_cv(x->cols[i]->r, q, l);
    write_row(x, ws, row, asx_text_get(&q->label, l), ref, 2, v, true);
    free(ref);
    return true;
}

/* A sheet with nfixed leading columns (heads, widths) and one column per bidder (bidder_width):
 * title, header row 4 and panes frozen below it and right of the fixed columns. NULL on OOM. */
static lxw_worksheet *bidder_sheet(xctx *x, const char *name, const char *title, const char *const *heads,
                                   const double *widths, size_t nfixed, double bidder_width,
                                   const asx_compare_opts *o)
{
    lxw_worksheet *ws = workbook_add_worksheet(x->wb, name);
    if (!ws) {
        x->oom = true;
        return NULL;
    }
    lxw_col_t last = (lxw_col_t)(nfixed - 1 + x->ncols);
    sheet_title(x, ws, last, title, o);
    set_widths(x, ws, widths, nfixed, bidder_width, last);
    header_row(x, ws, 3, heads, nfixed);
    worksheet_freeze_panes(ws, 4, (lxw_col_t)nfixed);
    return ws;
}

static void comparison_sheet(xctx *x, const asx_compare_opts *o)
{
    asx_lang l = x->l;
    const asx_bank *bank = x->c->bank;
    lxw_col_t last = (lxw_col_t)(1 + x->ncols);
    const char *heads[2] = {ASX_TR(l, "事業者", "Vendor"), ASX_TR(l, "質問 ID・条項", "Question id, clause")};
    static const double widths[2] = {30, 26};
    lxw_worksheet *ws = bidder_sheet(x, ASX_TR(l, "比較", "Comparison"), ASX_TR(l, "入札者比較表", "Bidder comparison"),
                                     heads, widths, 2, 30, o);
    if (!ws)
        return;
    lxw_row_t row = 4;
    for (int s = 0; s < SUM_N; s++) {
        cval *v = new_row(x);
        if (!v)
            return;
        for (size_t i = 0; i < x->ncols; i++)
            v[i] = summary_cv(x, x->cols[i], (sum_row)s);
        bool compare = s == SUM_VERDICT || s == SUM_SCORE || s == SUM_TECH || s == SUM_KO ||
                       s == SUM_MAJOR || s == SUM_MINOR;
        char *note = s == SUM_TECH ? asx_strdupf(ASX_TR(l, "%g 点満点", "out of %g"), x->c->tech_max) : NULL;
        write_row(x, ws, row++, summary_label((sum_row)s, l), note, 2, v, compare);
        free(note);
    }
    section_row(x, ws, row++, ASX_TR(l, "分野別得点", "Section scores"), last);
    for (size_t k = 0; k < bank->nsections; k++) {
        cval *v = new_row(x);
        if (!v)
            return;
        for (size_t i = 0; i < x->ncols; i++) {
            const asx_secscore *ss = &x->cols[i]->r->sections[k];
            v[i] = ss->counted ? num_cv(CV_SCORE, ss->score) : text_cv("—");
        }
        char *id = asx_strdupf(ASX_TR(l, "%s (配点 %g)", "%s (%g points)"), bank->sections[k].id,
                               x->c->points[k]);
        write_row(x, ws, row++, asx_text_get(&bank->sections[k].title, l), id ? id : "", 2, v, true);
        free(id);
    }
    section_row(x, ws, row++, ASX_TR(l, "主要条件", "Key facts"), last);
    /* the result's key facts (the bank's facts list, the same for every bidder) */
    const asx_result *r0 = x->c->nall ? x->c->all[0].r : NULL;
    for (size_t k = 0; r0 && k < r0->nfacts; k++)
        if (!answer_row(x, ws, row++, r0->facts[k].q, l))
            return;
    section_row(x, ws, row++, ASX_TR(l, "全設問の回答", "Every answer"), last);
    size_t section = (size_t)-1;
    for (size_t k = 0; k < bank->nquestions; k++) {
        const asx_question *q = &bank->questions[k];
        if (q->section != section) {
            section = q->section;
            put_text(x, ws, row++, 0, asx_text_get(&bank->sections[section].title, l), x->sub);
        }
        if (!answer_row(x, ws, row++, q, l))
            return;
    }
}

static void scores_sheet(xctx *x, const asx_compare_opts *o)
{
    asx_lang l = x->l;
    const asx_bank *bank = x->c->bank;
    const char *heads[3] = {ASX_TR(l, "設問", "Question"), ASX_TR(l, "質問 ID・条項", "Question id, clause"),
                            ASX_TR(l, "重み", "Weight")};
    static const double widths[3] = {30, 26, 7};
    lxw_worksheet *ws = bidder_sheet(x, ASX_TR(l, "設問別得点", "Question scores"),
                                     ASX_TR(l, "設問別得点 (0〜100%)", "Score of every question (0-100 %)"), heads,
                                     widths, 3, 22, o);
    if (!ws)
        return;
    lxw_row_t row = 4;
    cval *v = new_row(x);
    if (!v)
        return;
    for (size_t i = 0; i < x->ncols; i++)
        v[i] = num_cv(CV_SCORE, x->cols[i]->r->score);
    asx_xlsx_keep(&x->err, worksheet_write_blank(ws, row, 2, x->label));
    write_row(x, ws, row++, ASX_TR(l, "総合得点 (100 点満点)", "Total score (of 100)"), "", 3, v, true);
    for (size_t k = 0; k < bank->nquestions; k++) {
        const asx_question *q = &bank->questions[k];
        v = new_row(x);
        char *ref = question_ref(x, q);
        if (!v || !ref) {
            free(v);
            free(ref);
            x->oom = true;
            return;
        }
        for (size_t i = 0; i < x->ncols; i++)
            v[i] = qscore_cv(x->cols[i]->r, q, l);
        asx_xlsx_keep(&x->err, worksheet_write_number(ws, row, 2, q->weight, x->fmt[CV_NUM][ST_PLAIN]));
        write_row(x, ws, row++, asx_text_get(&q->label, l), ref, 3, v, true);
        free(ref);
    }
}

static void finding_line(xctx *x, lxw_worksheet *ws, lxw_row_t row, const asx_bidder *b,
                         const char *sev, const char *id, const char *clause, const char *msg,
                         bool ko)
{
    lxw_format *plain = x->fmt[CV_TEXT][ST_PLAIN], *hot = ko ? x->fmt[CV_TEXT][ST_KO] : plain;
    char *service = asx_bidder_service(x->c, b, x->l);
    if (!service)
        x->oom = true;
    put_text(x, ws, row, 0, asx_bidder_vendor(x->c, b), plain);
    put_text(x, ws, row, 1, service, plain);
    free(service);
    put_text(x, ws, row, 2, asx_verdict_label(b->r->verdict, x->l), plain);
    put_text(x, ws, row, 3, sev, hot);
    put_text(x, ws, row, 4, id, plain);
    put_text(x, ws, row, 5, clause, plain);
    put_text(x, ws, row, 6, msg, hot);
}

static void findings_sheet(xctx *x, const asx_compare_opts *o)
{
    asx_lang l = x->l;
    lxw_worksheet *ws = workbook_add_worksheet(x->wb, ASX_TR(l, "指摘事項", "Findings"));
    if (!ws) {
        x->oom = true;
        return;
    }
    sheet_title(x, ws, 6, ASX_TR(l, "入札者別の指摘事項と未回答の必須項目", "Findings and unanswered required questions by bidder"), o);
    const char *heads[7] = {ASX_TR(l, "事業者", "Vendor"), ASX_TR(l, "サービス", "Service"),
                            ASX_TR(l, "判定", "Verdict"), ASX_TR(l, "重大度", "Severity"),
                            ASX_TR(l, "質問 ID", "Question id"), ASX_TR(l, "条項", "Clause"),
                            ASX_TR(l, "内容", "Finding")};
    static const double widths[7] = {26, 24, 14, 12, 26, 18, 70};
    set_widths(x, ws, widths, 7, 10, 6);
    for (lxw_col_t i = 0; i < 7; i++)
        put_text(x, ws, 3, i, heads[i], x->head);
    worksheet_freeze_panes(ws, 4, 0);
    lxw_row_t row = 4;
    for (size_t i = 0; i < x->ncols; i++) {
        const asx_bidder *b = x->cols[i];
        const asx_result *r = b->r;
        for (size_t k = 0; k < r->nfindings; k++) {
            const asx_finding *f = &r->findings[k];
            finding_line(x, ws, row++, b, asx_severity_label(f->severity, l), f->q ? f->q->id : "",
                         f->clause_local, asx_finding_msg(f, l), f->severity == ASX_SEV_KNOCKOUT);
        }
        for (size_t k = 0; k < r->nunanswered; k++) {
            const asx_question *q = &r->bank->questions[r->unanswered[k]];
            char *cl = cmp_join_clauses(r, q);
            char *msg = asx_strdupf(ASX_TR(l, "必須項目「%s」が未回答。回答を求めて再評価すること",
                                      "Required question \"%s\" is unanswered; ask for it and re-assess"),
                                    asx_text_get(&q->label, l));
            if (!cl || !msg)
                x->oom = true;
            finding_line(x, ws, row++, b, ASX_TR(l, "未回答 (必須)", "Unanswered (required)"), q->id,
                         cl, msg, false);
            free(cl);
            free(msg);
        }
    }
    if (row > 4)
        asx_xlsx_keep(&x->err, worksheet_autofilter(ws, 3, 0, row - 1, 6));
    flush_row_height(x);
}

/* The committee's stamp boxes (選定結果): chair, members, the secretariat. */

/* 選定結果: the bidders in rank order with score and 技術点, a column for the committee's mark,
 * lines for the decision and its reason, and the committee's stamp boxes. */
static void selection_sheet(xctx *x, const asx_compare_opts *o)
{
    asx_lang l = x->l;
    const asx_comparison *c = x->c;
    lxw_worksheet *ws = workbook_add_worksheet(x->wb, ASX_TR(l, "選定結果", "Selection"));
    if (!ws) {
        x->oom = true;
        return;
    }
    static const double widths[6] = {14, 26, 10, 14, 16, 26};
    set_widths(x, ws, widths, 6, 10, 5);
    worksheet_set_portrait(ws);
    /* a short subtitle within the printed columns (a long one would overflow and shrink the
     * printed page to fit it) */
    char cls[64], date[64];
    asx_class_format(c->cls, l, cls, sizeof cls);
    asx_date_format(o->date, l, date, sizeof date);
    char *sub = asx_strdupf(ASX_TR(l, "質問票 %s、%s、作成日 %s", "Questionnaire %s, %s, made on %s"),
                            c->bank->id, cls, date);
    if (!sub)
        x->oom = true;
    put_text(x, ws, 0, 0, ASX_TR(l, "選定結果 (審査委員会)", "Selection (evaluation committee)"), x->title);
    put_text(x, ws, 1, 0, sub, x->sub);
    sheet_header(x, ws);
    free(sub);
    asx_xlsx_keep(&x->err, worksheet_print_area(ws, 0, 0, (lxw_row_t)(x->ncols + 16), 5));
    char *tech_head = asx_strdupf(ASX_TR(l, "技術点 (%g 点満点)", "Tech (of %g)"), c->tech_max);
    const char *heads[6] = {ASX_TR(l, "順位", "Rank"), ASX_TR(l, "入札者", "Bidder"), ASX_TR(l, "得点", "Score"),
                            cmp_nz(tech_head), ASX_TR(l, "判定", "Verdict"),
                            ASX_TR(l, "選定 (○を記入)・所見", "Selected (mark) / remarks")};
    for (lxw_col_t i = 0; i < 6; i++)
        put_text(x, ws, 3, i, heads[i], x->head);
    free(tech_head);
    lxw_format *plain = x->fmt[CV_TEXT][ST_PLAIN];
    lxw_row_t row = 4;
    for (size_t i = 0; i < x->ncols; i++) {
        const asx_bidder *b = x->cols[i];
        if (b->rank)
            asx_xlsx_keep(&x->err, worksheet_write_number(ws, row, 0, b->rank, x->fmt[CV_NUM][ST_PLAIN]));
        else
            put_text(x, ws, row, 0, ASX_TR(l, "除外", "excluded"), x->fmt[CV_TEXT][ST_KO]);
        put_text(x, ws, row, 1, asx_bidder_vendor(c, b), plain);
        asx_xlsx_keep(&x->err, worksheet_write_number(ws, row, 2, b->r->score, x->fmt[CV_SCORE][ST_PLAIN]));
        asx_xlsx_keep(&x->err, worksheet_write_number(ws, row, 3, b->tech, x->fmt[CV_SCORE][ST_PLAIN]));
        put_text(x, ws, row, 4, asx_verdict_label(b->r->verdict, l), plain);
        asx_xlsx_keep(&x->err, worksheet_write_blank(ws, row, 5, plain));
        row++;
    }
    row++;
    const char *lines[3] = {ASX_TR(l, "選定する入札者", "Bidder selected"), ASX_TR(l, "選定の理由", "Reason"),
                            ASX_TR(l, "審査日", "Date of the decision")};
    for (size_t i = 0; i < 3; i++) {
        put_text(x, ws, row, 0, lines[i], x->label);
        asx_xlsx_keep(&x->err, worksheet_merge_range(ws, row, 1, row, 5, i == 2 ? ASX_TR(l, "　　年　　月　　日", "") : "", plain));
        if (i == 1)
            asx_xlsx_keep(&x->err, worksheet_set_row(ws, row, 45, NULL));
        row++;
    }
    row++;
    flush_row_height(x);
    for (size_t i = 0; i < N_COMMITTEE; i++)
        put_text(x, ws, row, (lxw_col_t)(i + 1), cmp_committee_role(i, l), x->head);
    put_text(x, ws, row, 0, ASX_TR(l, "審査委員会", "Committee"), x->label);
    flush_row_height(x);
    row++;
    for (size_t i = 0; i < N_COMMITTEE; i++)
        asx_xlsx_keep(&x->err, worksheet_write_blank(ws, row, (lxw_col_t)(i + 1), plain));
    put_text(x, ws, row, 0, ASX_TR(l, "印", "Seal"), x->label);
    flush_row_height(x);
    asx_xlsx_keep(&x->err, worksheet_set_row(ws, row, 60, NULL));
}

asx_error asx_compare_xlsx_write(const asx_comparison *c, const asx_compare_opts *o,
                                 const char *path, asx_diags *d)
{
    xctx x = {.c = c, .l = o->lang, .d = d, .path = path};
    x.cols = cmp_column_order(c);
    x.ncols = c->nall;
    if (!x.cols)
        return ASX_ERR_NOMEM;
    asx_xlsx_out out;
    char *title = asx_strdupf(ASX_TR(o->lang, "入札者比較表 (%s)", "Bidder comparison (%s)"), c->bank->id);
    asx_error err = asx_xlsx_begin(&out, o->set, path, o->force, o->date, title, d);
    free(title);
    if (err) {
        free(x.cols);
        return err;
    }
    x.wb = out.wb;
    make_formats(&x, o->lang);
    if (!x.oom) {
        comparison_sheet(&x, o);
        scores_sheet(&x, o);
        findings_sheet(&x, o);
        selection_sheet(&x, o);
        flush_row_height(&x);
    }
    if (x.oom && !x.err)
        x.err = LXW_ERROR_MEMORY_MALLOC_FAILED;
    if (!x.err && x.truncated)
        asx_diags_addf(d, ASX_OK, path, 0, 0,
                       ASX_TR(o->lang, "32,767 文字を超える回答をセルの上限で切り詰めました",
                         "answers longer than 32,767 characters were cut to the cell limit"));
    err = asx_xlsx_finish(&out, x.err, o->force, ASX_OUTPUT_MODE, d);
    free(x.cols);
    return err;
}

/* ---- the key of an anonymised comparison ----------------------------------------------- */

asx_error asx_compare_key_write(const asx_comparison *c, const asx_compare_opts *o,
                                const char *path, asx_diags *d)
{
    asx_lang l = o->lang;
    asx_xlsx_out out;
    const char *title = ASX_TR(l, "入札者の対照表 (取扱注意)", "Bidder key (restricted)");
    asx_error err = asx_xlsx_begin(&out, o->set, path, o->force, o->date, title, d);
    if (err)
        return err;
    lxw_error werr = LXW_NO_ERROR;
    lxw_worksheet *ws = workbook_add_worksheet(out.wb, ASX_TR(l, "対照表", "Key"));
    lxw_worksheet *ws_ids = workbook_add_worksheet(out.wb, ASX_TR(l, "識別情報", "Identifiers"));
    lxw_format *head = asx_xlsx_format(out.wb, &werr);
    lxw_format *wrap = asx_xlsx_format(out.wb, &werr);
    if ((!ws || !ws_ids) && !werr)
        werr = LXW_ERROR_MEMORY_MALLOC_FAILED;
    if (!werr) {
        format_set_bold(head);
        format_set_bg_color(head, 0xD9E1F2);
        format_set_border(head, LXW_BORDER_THIN);
        format_set_text_wrap(wrap);
        format_set_align(wrap, LXW_ALIGN_VERTICAL_TOP);
        format_set_border(wrap, LXW_BORDER_THIN);
        char date[64];
        asx_date_format(o->date, l, date, sizeof date);
        char *sub = asx_strdupf(ASX_TR(l, "%s の入札者比較 (匿名化) の記号と事業者の対照。審査委員会には配布しないこと。",
                                  "Aliases of the anonymised bidder comparison of %s and the vendors. Do not give to the committee."),
                                date);
        if (!sub)
            werr = LXW_ERROR_MEMORY_MALLOC_FAILED;
        lxw_error e = asx_xlsx_write_text(ws, 0, 0, title, NULL, NULL);
        if (!werr && e)
            werr = e;
        e = asx_xlsx_write_text(ws, 1, 0, sub, NULL, NULL);
        if (!werr && e)
            werr = e;
        free(sub);
        const char *heads[5] = {ASX_TR(l, "記号", "Alias"), ASX_TR(l, "事業者", "Vendor"),
                                ASX_TR(l, "法人番号", "Corporate number"), ASX_TR(l, "サービス", "Service"),
                                ASX_TR(l, "回答ファイル", "Answers file")};
        static const double widths[5] = {10, 34, 18, 34, 50};
        for (lxw_col_t i = 0; i < 5; i++) {
            worksheet_set_column(ws, i, i, widths[i], NULL);
            e = asx_xlsx_write_text(ws, 3, i, heads[i], head, NULL);
            if (!werr && e)
                werr = e;
        }
        for (size_t i = 0; i < c->nall; i++) {
            const asx_answers *a = c->all[i].r->answers;
            const char *cells[5] = {c->all[i].alias, cmp_nz(a->vendor_name), cmp_nz(a->corporate_number),
                                    cmp_nz(a->service_name), cmp_nz(a->file)};
            for (lxw_col_t k = 0; k < 5; k++) {
                e = asx_xlsx_write_text(ws, (lxw_row_t)(4 + i), k, cells[k], wrap, NULL);
                if (!werr && e)
                    werr = e;
            }
        }
        worksheet_set_landscape(ws);
        worksheet_set_paper(ws, 9);
        worksheet_fit_to_pages(ws, 1, 0);
        /* every identifier masked in the committee's files, with what they show instead */
        const char *iheads[4] = {ASX_TR(l, "記号", "Alias"), ASX_TR(l, "種類", "Kind"),
                                 ASX_TR(l, "回答ファイル中の記載", "In the answers file"),
                                 ASX_TR(l, "比較表での表示", "Shown in the comparison as")};
        static const double iwidths[4] = {10, 26, 50, 34};
        for (lxw_col_t i = 0; i < 4; i++) {
            worksheet_set_column(ws_ids, i, i, iwidths[i], NULL);
            e = asx_xlsx_write_text(ws_ids, 0, i, iheads[i], head, NULL);
            if (!werr && e)
                werr = e;
        }
        for (size_t i = 0; i < c->nids; i++) {
            const asx_identifier *id = &c->ids[i];
            const char *cells[4] = {c->all[id->bidder].alias, asx_id_kind_label(id->kind, l), id->text,
                                    id->mask};
            for (lxw_col_t k = 0; k < 4; k++) {
                e = asx_xlsx_write_text(ws_ids, (lxw_row_t)(1 + i), k, cells[k], wrap, NULL);
                if (!werr && e)
                    werr = e;
            }
        }
        worksheet_set_landscape(ws_ids);
        worksheet_set_paper(ws_ids, 9);
        worksheet_fit_to_pages(ws_ids, 1, 0);
    }
    /* the key identifies the bidders: readable by its owner only */
    return asx_xlsx_finish(&out, werr, o->force, 0600, d);
}

