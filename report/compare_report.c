/* compare_report.c - bidders side by side: terminal table, comparison XLSX and PDF. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <xlsxwriter.h>
#include "asx/compare_report.h"
#include "asx/font.h"
#include "asx/io.h"
#include "asx/pdf_widgets.h"
#include "asx/pdfdoc.h"
#include "asx/text.h"
#include "asx/util.h"
#include "asx/xlsxutil.h"

static const char *nz(const char *s)
{
    return s ? s : "";
}

/* The literal for language l (a macro, so format strings stay literals the compiler checks). */

/* The clauses of q as the result cites them, in the organisation's numbering (caller frees). */
static char *join_clauses(const asx_result *r, const asx_question *q)
{
    return asx_strdup(nz(r->q[q->index].cite.clause_local));
}

/* ---- display width ---------------------------------------------------------------------- */

static int cp_cols(const char *s, size_t n)
{
    char tmp[8];
    if (n >= sizeof tmp)
        return 1;
    memcpy(tmp, s, n);
    tmp[n] = '\0';
    return asx_utf8_width(tmp);
}

static bool is_control(unsigned cp)
{
    return cp < 0x20 || cp == 0x7f;
}

/* Display width of s as a cell shows it: control characters become one space each. */
static int cell_width(const char *s)
{
    int w = 0;
    size_t n = strlen(s);
    while (n > 0) {
        unsigned cp;
        size_t k = asx_utf8_next(s, n, &cp);
        if (k == 0)
            break;
        w += is_control(cp) ? 1 : cp_cols(s, k);
        s += k;
        n -= k;
    }
    return w;
}

char *asx_compare_cell(const char *s, int width, int right_align)
{
    static const char ellipsis[] = "…";
    int ew = asx_utf8_width(ellipsis);
    size_t n = strlen(nz(s));
    asx_buf text = {0};
    int used = 0;
    bool cut = cell_width(nz(s)) > width;
    const char *p = nz(s);
    while (n > 0) {
        unsigned cp;
        size_t k = asx_utf8_next(p, n, &cp);
        if (k == 0)
            break;
        int w = is_control(cp) ? 1 : cp_cols(p, k);
        if (cut && used + w + ew > width)
            break;
        if (is_control(cp))
            asx_buf_addc(&text, ' '); /* a newline or tab in a name must not break the table */
        else
            asx_buf_add(&text, p, k);
        used += w;
        p += k;
        n -= k;
    }
    if (cut && used + ew <= width) {
        asx_buf_adds(&text, ellipsis);
        used += ew;
    }
    asx_buf out = {0};
    if (right_align)
        for (int i = used; i < width; i++)
            asx_buf_addc(&out, ' ');
    asx_buf_adds(&out, asx_buf_str(&text));
    if (!right_align)
        for (int i = used; i < width; i++)
            asx_buf_addc(&out, ' ');
    bool oom = text.oom;
    asx_buf_free(&text);
    if (oom) {
        asx_buf_free(&out);
        return NULL;
    }
    if (!out.s && !out.oom)
        return asx_strdup("");
    return asx_buf_take(&out);
}

/* Append one cell; false when out of memory. */
static bool add_cell(asx_buf *b, const char *s, int width, int right_align)
{
    char *cell = asx_compare_cell(s, width, right_align);
    if (!cell)
        return false;
    asx_buf_adds(b, cell);
    free(cell);
    return true;
}

static int clamp_width(int w, int lo, int hi)
{
    return w < lo ? lo : (w > hi ? hi : w);
}

/* ---- terminal table --------------------------------------------------------------------- */

enum { COL_NAME_MAX = 30 };

typedef struct {
    int rank, vendor, service, score, tech, verdict, majors, minors;
} tbl_widths;

enum { TBL_COLS = 8 };

static tbl_widths table_widths(const asx_comparison *c, asx_lang l)
{
    tbl_widths w;
    w.rank = asx_utf8_width(ASX_TR(l, "順位", "Rank"));
    w.vendor = asx_utf8_width(ASX_TR(l, "事業者", "Vendor"));
    w.service = asx_utf8_width(ASX_TR(l, "サービス", "Service"));
    w.score = clamp_width(asx_utf8_width(ASX_TR(l, "得点", "Score")), 5, 10);
    w.tech = clamp_width(asx_utf8_width(ASX_TR(l, "技術点", "Tech")), 5, 12);
    w.verdict = asx_utf8_width(ASX_TR(l, "判定", "Verdict"));
    w.majors = asx_utf8_width(ASX_TR(l, "重大", "Major"));
    w.minors = asx_utf8_width(ASX_TR(l, "軽微", "Minor"));
    for (size_t i = 0; i < c->nranked; i++) {
        const asx_result *r = c->ranked[i].r;
        char *service = asx_bidder_service(c, &c->ranked[i], l);
        int v = asx_utf8_width(asx_bidder_vendor(c, &c->ranked[i]));
        int s = asx_utf8_width(nz(service));
        free(service);
        int d = asx_utf8_width(asx_verdict_label(r->verdict, l));
        w.vendor = v > w.vendor ? v : w.vendor;
        w.service = s > w.service ? s : w.service;
        w.verdict = d > w.verdict ? d : w.verdict;
    }
    w.vendor = clamp_width(w.vendor, 4, COL_NAME_MAX);
    w.service = clamp_width(w.service, 4, COL_NAME_MAX);
    return w;
}

static void table_row(asx_buf *b, const tbl_widths *w, const char *const cells[TBL_COLS], bool *oom)
{
    const int width[TBL_COLS] = {w->rank, w->vendor, w->service, w->score, w->tech, w->verdict,
                                 w->majors, w->minors};
    const int right[TBL_COLS] = {1, 0, 0, 1, 1, 0, 1, 1};
    asx_buf_adds(b, "  ");
    for (int i = 0; i < TBL_COLS; i++) {
        if (i)
            asx_buf_adds(b, "  ");
        /* the last column needs no padding on the right */
        if (!add_cell(b, cells[i], width[i], right[i]))
            *oom = true;
    }
    while (b->len && b->s[b->len - 1] == ' ')
        b->s[--b->len] = '\0';
    asx_buf_addc(b, '\n');
}

static void print_ranking(asx_buf *b, const asx_comparison *c, asx_lang l, bool *oom)
{
    asx_buf_addf(b, "%s (%zu)\n", ASX_TR(l, "■ 順位 (承認・条件付き承認の入札者)",
                                    "■ Ranking (approved and conditionally approved bidders)"),
                 c->nranked);
    if (!c->nranked) {
        asx_buf_addf(b, "  %s\n\n", ASX_TR(l, "順位付けできる入札者はありません (全者除外)",
                                      "No bidder can be ranked (all excluded)"));
        return;
    }
    tbl_widths w = table_widths(c, l);
    const char *head[TBL_COLS] = {ASX_TR(l, "順位", "Rank"), ASX_TR(l, "事業者", "Vendor"),
                                  ASX_TR(l, "サービス", "Service"), ASX_TR(l, "得点", "Score"),
                                  ASX_TR(l, "技術点", "Tech"), ASX_TR(l, "判定", "Verdict"),
                                  ASX_TR(l, "重大", "Major"), ASX_TR(l, "軽微", "Minor")};
    table_row(b, &w, head, oom);
    int total = w.rank + w.vendor + w.service + w.score + w.tech + w.verdict + w.majors +
                w.minors + 14;
    asx_buf_adds(b, "  ");
    for (int i = 0; i < total; i++)
        asx_buf_adds(b, "─");
    asx_buf_addc(b, '\n');
    for (size_t i = 0; i < c->nranked; i++) {
        const asx_result *r = c->ranked[i].r;
        char rank[24], score[32], tech[32], majors[24], minors[24];
        snprintf(rank, sizeof rank, "%d", c->ranked[i].rank);
        snprintf(score, sizeof score, "%.1f", r->score);
        snprintf(tech, sizeof tech, "%.1f", c->ranked[i].tech);
        snprintf(majors, sizeof majors, "%zu", r->count[ASX_SEV_MAJOR]);
        snprintf(minors, sizeof minors, "%zu", r->count[ASX_SEV_MINOR]);
        char *service = asx_bidder_service(c, &c->ranked[i], l);
        const char *cells[TBL_COLS] = {rank, asx_bidder_vendor(c, &c->ranked[i]), nz(service),
                                       score, tech, asx_verdict_label(r->verdict, l), majors, minors};
        table_row(b, &w, cells, oom);
        free(service);
    }
    asx_buf_addf(b, ASX_TR(l, "\n  技術点は %g 点満点 (配点: %s)\n\n", "\n  Tech points out of %g (points: %s)\n\n"),
                 c->tech_max, c->points_from_policy ? ASX_TR(l, "ポリシーの evaluation_points", "the policy's evaluation_points")
                                                    : ASX_TR(l, "各区分の設問の重みの合計", "the weights of each section's questions"));
}


/* What a pending bidder waits for, without the names of its subcontractors (which --anonymize
 * must not show): 「再委託の承認の可否 (11-2(2)⑧) 2 件、…」. Caller frees. */
static char *pending_labels(const asx_result *r, asx_lang l)
{
    asx_buf b = {0};
    asx_buf_adds(&b, "");
    for (size_t k = 0; k < ASX_JUDGE_COUNT; k++) {
        size_t n = 0;
        const char *clause = NULL;
        for (size_t i = 0; i < r->njudgments; i++)
            if (r->judgments[i].key == (asx_judgment_key)k && r->judgments[i].required && !r->judgments[i].made) {
                n++;
                clause = r->judgments[i].clause_local;
            }
        if (!n)
            continue;
        asx_buf_addf(&b, "%s%s (%s)", b.len ? ASX_TR(l, "、", "; ") : "", asx_judgment_key_label((asx_judgment_key)k, l), clause);
        if (n > 1)
            asx_buf_addf(&b, ASX_TR(l, " %zu 件", " ×%zu"), n);
    }
    return asx_buf_take(&b);
}

static void print_excluded_one(asx_buf *b, const asx_comparison *c, const asx_bidder *x,
                               asx_lang l)
{
    const asx_result *r = x->r;
    /* names on one line: a newline in a vendor name must not fake a line of the report */
    const char *vname = asx_bidder_vendor(c, x);
    char *sname = asx_bidder_service(c, x, l);
    char *vendor = asx_compare_cell(vname, cell_width(vname), 0);
    char *service = asx_compare_cell(nz(sname), cell_width(nz(sname)), 0);
    asx_buf_addf(b, "  %s / %s — %s, %s %.1f, %s %.1f [%s]\n", nz(vendor), nz(service),
                 asx_verdict_label(r->verdict, l), ASX_TR(l, "得点", "score"), r->score,
                 ASX_TR(l, "技術点", "tech"), x->tech, asx_bidder_file(c, x));
    if (!vendor || !service || !sname)
        b->oom = true;
    free(vendor);
    free(service);
    free(sname);
    for (size_t i = 0; i < r->nfindings; i++) {
        const asx_finding *f = &r->findings[i];
        if (f->severity != ASX_SEV_KNOCKOUT)
            continue;
        char *msg = asx_compare_scrub(c, nz(asx_finding_msg(f, l)));
        asx_buf_addf(b, "    ✖ %s %s (%s): %s\n", asx_severity_label(f->severity, l),
                     f->q ? f->q->id : "-", nz(f->clause_local), nz(msg));
        if (!msg)
            b->oom = true;
        free(msg);
    }
    for (size_t i = 0; i < r->nunanswered; i++) {
        const asx_question *q = &r->bank->questions[r->unanswered[i]];
        char *cl = join_clauses(r, q);
        asx_buf_addf(b, "    ? %s %s「%s」(%s)\n", ASX_TR(l, "必須項目が未回答:", "required, unanswered:"),
                     q->id, asx_text_get(&q->label, l), nz(cl));
        free(cl);
    }
    if (x->reasons & ASX_EXCL_LOW_SCORE)
        asx_buf_addf(b, ASX_TR(l, "    ▼ 得点 %.1f が条件付き承認の基準 %g 点に達しない (重大 %zu 件)\n",
                          "    ▼ score %.1f is below the conditional threshold %g (%zu major)\n"),
                     r->score, c->policy ? c->policy->conditional_threshold : 0.0,
                     r->count[ASX_SEV_MAJOR]);
    if (x->reasons & ASX_EXCL_PENDING) {
        char *w = pending_labels(r, l);
        asx_buf_addf(b, ASX_TR(l, "    … 審査未了 (判断待ち): %s\n", "    … pending the officer's judgments: %s\n"), nz(w));
        free(w);
    }
}

static void print_excluded(asx_buf *b, const asx_comparison *c, asx_lang l)
{
    asx_buf_addf(b, "%s (%zu)\n", ASX_TR(l, "■ 除外 (不承認・差戻し・審査未了の入札者) と理由",
                                    "■ Excluded bidders (rejected, incomplete or pending) and why"),
                 c->nexcluded);
    if (!c->nexcluded) {
        asx_buf_addf(b, "  %s\n", ASX_TR(l, "除外された入札者はありません", "No bidder was excluded"));
        return;
    }
    for (size_t i = 0; i < c->nexcluded; i++)
        print_excluded_one(b, c, &c->excluded[i], l);
}

asx_error asx_compare_print(const asx_comparison *c, asx_lang l, FILE *out)
{
    asx_buf b = {0};
    bool oom = false;
    char cls[64];
    asx_class_format(c->cls, l, cls, sizeof cls);
    asx_buf_addf(&b, ASX_TR(l, "入札者の比較: %s %s「%s」、%s、%zu 者 (順位付け %zu、除外 %zu)\n\n",
                       "Bidder comparison: %s %s \"%s\", %s, %zu bidders (%zu ranked, %zu excluded)\n\n"),
                 c->bank->id, nz(c->bank->version), asx_text_get(&c->bank->title, l), cls, c->nall,
                 c->nranked, c->nexcluded);
    print_ranking(&b, c, l, &oom);
    print_excluded(&b, c, l);
    if (b.oom || oom) {
        asx_buf_free(&b);
        return ASX_ERR_NOMEM;
    }
    int put = b.len ? asx_term_puts(b.s, out) : 0; /* names as given, escaped for the terminal */
    asx_buf_free(&b);
    return put == EOF ? ASX_ERR_IO : ASX_OK;
}


/* ---- shared by the workbook and the PDF ------------------------------------------------- */


/* The bidders in column order: ranked ones by rank, then the excluded ones. Caller frees. */
static const asx_bidder **column_order(const asx_comparison *c)
{
    const asx_bidder **v = calloc(c->nall ? c->nall : 1, sizeof *v);
    if (!v)
        return NULL;
    size_t k = 0;
    for (size_t i = 0; i < c->nranked; i++)
        v[k++] = &c->ranked[i];
    for (size_t i = 0; i < c->nexcluded; i++)
        v[k++] = &c->excluded[i];
    return v;
}

/* The tender and the organisation for the page header or footer: 「件名: X」 and the
 * policy's organisation, each only when given, joined by 「 / 」. NULL when neither is given. */
static char *tender_line(const asx_comparison *c, asx_lang l)
{
    const char *org = c->policy && c->policy->organization && *c->policy->organization
                          ? c->policy->organization
                          : NULL;
    const char *title = c->title && *c->title ? c->title : NULL;
    if (title && org)
        return asx_strdupf(ASX_TR(l, "件名: %s / %s", "Tender: %s / %s"), title, org);
    if (title)
        return asx_strdupf(ASX_TR(l, "件名: %s", "Tender: %s"), title);
    if (org)
        return asx_strdup(org);
    return NULL;
}

/* The exclusion reasons of one bidder in one text (knockouts with clauses, unanswered
 * required questions, a score below the threshold). Caller frees; "" for eligible bidders. */
static char *exclusion_text(const asx_comparison *c, const asx_bidder *x, asx_lang l)
{
    const asx_result *r = x->r;
    asx_buf b = {0};
    asx_buf_adds(&b, "");
    for (size_t i = 0; i < r->nfindings; i++) {
        const asx_finding *f = &r->findings[i];
        if (f->severity != ASX_SEV_KNOCKOUT)
            continue;
        char *msg = asx_compare_scrub(c, nz(asx_finding_msg(f, l)));
        asx_buf_addf(&b, "%s✖ %s [%s]", b.len ? "\n" : "", nz(msg), f->q ? f->q->id : "-");
        if (!msg)
            b.oom = true;
        free(msg);
    }
    for (size_t i = 0; i < r->nunanswered; i++) {
        const asx_question *q = &r->bank->questions[r->unanswered[i]];
        char *cl = join_clauses(r, q);
        asx_buf_addf(&b, ASX_TR(l, "%s未回答 (必須): %s (%s) [%s]", "%sRequired, unanswered: %s (%s) [%s]"),
                     b.len ? "\n" : "", asx_text_get(&q->label, l), nz(cl), q->id);
        free(cl);
    }
    if (x->reasons & ASX_EXCL_LOW_SCORE)
        asx_buf_addf(&b, ASX_TR(l, "%s得点 %.1f が条件付き承認の基準 %g 点に達しない",
                           "%sScore %.1f is below the conditional threshold %g"),
                     b.len ? "\n" : "", r->score, c->policy ? c->policy->conditional_threshold : 0.0);
    if (x->reasons & ASX_EXCL_PENDING) {
        char *w = pending_labels(r, l);
        asx_buf_addf(&b, ASX_TR(l, "%s審査未了 (判断待ち): %s", "%sPending the officer's judgments: %s"), b.len ? "\n" : "", nz(w));
        free(w);
    }
    return asx_buf_take(&b);
}

/* ---- XLSX ------------------------------------------------------------------------------- */

enum { ST_PLAIN, ST_DIFF, ST_KO, ST_N };
typedef enum { CV_TEXT, CV_NUM, CV_SCORE, CV_PCT, CV_DATE } cv_kind;

/* One bidder's cell of a row: its value and how to write it. */
typedef struct {
    cv_kind kind;
    char *text; /* the value for people; also the key that decides "differs" */
    double num;
    asx_date date;
    bool ko;
} cval;

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
    const char *p = nz(s);
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
    char *t = asx_compare_scrub(x->c, nz(s));
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

static void cval_free(cval *v, size_t n)
{
    for (size_t i = 0; v && i < n; i++)
        free(v[i].text);
}

/* Mark the cells whose value differs from the row's most common one; when no value is shared
 * by a unique majority, every cell differs. Nothing is marked when all agree. */
static void diff_marks(const cval *v, size_t n, bool *mark)
{
    size_t best = 0, best_count = 0;
    bool unique = false, all_same = true;
    for (size_t i = 0; i < n; i++) {
        mark[i] = false;
        if (strcmp(nz(v[i].text), nz(v[0].text)) != 0)
            all_same = false;
        size_t count = 0;
        for (size_t k = 0; k < n; k++)
            if (strcmp(nz(v[i].text), nz(v[k].text)) == 0)
                count++;
        if (count > best_count) {
            best = i;
            best_count = count;
            unique = true;
        } else if (count == best_count && strcmp(nz(v[i].text), nz(v[best].text)) != 0) {
            unique = false;
        }
    }
    if (all_same)
        return;
    for (size_t i = 0; i < n; i++)
        mark[i] = !unique || best_count < 2 || strcmp(nz(v[i].text), nz(v[best].text)) != 0;
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
        cval_free(v, x->ncols);
        free(v);
        return;
    }
    for (size_t i = 0; i < x->ncols; i++)
        if (!v[i].text)
            x->oom = true;
    if (compare && !x->oom)
        diff_marks(v, x->ncols, mark);
    put_text(x, ws, row, 0, label, x->label);
    if (id)
        put_text(x, ws, row, 1, id, x->id);
    for (size_t i = 0; i < x->ncols; i++)
        write_cval(x, ws, row, (lxw_col_t)(first_col + i), &v[i], mark[i]);
    free(mark);
    cval_free(v, x->ncols);
    free(v);
}

static cval text_cv(const char *s)
{
    cval v = {.kind = CV_TEXT, .text = asx_strdup(nz(s))};
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
        v.text = exclusion_text(x->c, b, l);
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
    char *line = tender_line(x->c, x->l);
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
                            c->bank->id, nz(c->bank->version), asx_text_get(&c->bank->title, x->l),
                            nz(c->all[0].r->bank_cite.clause_local), cls, date,
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
    char *cl = join_clauses(x->c->all[0].r, q);
    char *s = asx_strdupf("%s\n%s", q->id, nz(cl));
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
            char *cl = join_clauses(r, q);
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
static const char *committee_role(size_t i, asx_lang l)
{
    switch (i) {
    case 0: return ASX_TR(l, "審査委員長", "Chair");
    case 1:
    case 2:
    case 3: return ASX_TR(l, "審査委員", "Member");
    default: return ASX_TR(l, "事務局 (調達担当)", "Secretariat");
    }
}
enum { N_COMMITTEE = 5 };

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
                            nz(tech_head), ASX_TR(l, "判定", "Verdict"),
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
        put_text(x, ws, row, (lxw_col_t)(i + 1), committee_role(i, l), x->head);
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
    x.cols = column_order(c);
    x.ncols = c->nall;
    if (!x.cols)
        return ASX_ERR_NOMEM;
    asx_xlsx_out out;
    char *title = asx_strdupf(ASX_TR(o->lang, "入札者比較表 (%s)", "Bidder comparison (%s)"), c->bank->id);
    asx_error err = asx_xlsx_begin_in(&out, o->set, path, o->force, o->date, title, d);
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
    asx_error err = asx_xlsx_begin_in(&out, o->set, path, o->force, o->date, title, d);
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
            const char *cells[5] = {c->all[i].alias, nz(a->vendor_name), nz(a->corporate_number),
                                    nz(a->service_name), nz(a->file)};
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

/* ---- PDF -------------------------------------------------------------------------------- */

enum { PDF_BIDDERS_PER_TABLE = 4 };

/* A label for a bidder's column or chart: "1位 vendor" / "除外 vendor". Caller frees. */
static char *bidder_heading(const asx_comparison *c, const asx_bidder *b, asx_lang l)
{
    char *service = asx_bidder_service(c, b, l);
    char *s = NULL;
    if (b->rank)
        s = asx_strdupf(ASX_TR(l, "%d位 %s「%s」", "#%d %s \"%s\""), b->rank, asx_bidder_vendor(c, b),
                        nz(service));
    else
        s = asx_strdupf(ASX_TR(l, "除外 %s「%s」", "Excluded: %s \"%s\""), asx_bidder_vendor(c, b),
                        nz(service));
    free(service);
    return s;
}

static void pdf_ranking(asx_pdf *p, const asx_comparison *c, asx_lang l)
{
    asx_pdf_heading(p, 1, ASX_TR(l, "順位 (承認・条件付き承認の入札者)",
                           "Ranking (approved and conditionally approved bidders)"), 0);
    if (!c->nranked) {
        asx_pdf_paragraph(p, ASX_TR(l, "順位付けできる入札者はありません (全者除外)。",
                               "No bidder can be ranked: all were excluded."), NULL);
        return;
    }
    const asx_pdf_col cols[8] = {{ASX_TR(l, "順位", "Rank"), 0.6f, ASX_PDF_RIGHT},
                                 {ASX_TR(l, "事業者", "Vendor"), 3, ASX_PDF_LEFT},
                                 {ASX_TR(l, "サービス", "Service"), 3, ASX_PDF_LEFT},
                                 {ASX_TR(l, "得点", "Score"), 0.9f, ASX_PDF_RIGHT},
                                 {ASX_TR(l, "技術点", "Tech"), 1.0f, ASX_PDF_RIGHT},
                                 {ASX_TR(l, "判定", "Verdict"), 1.8f, ASX_PDF_LEFT},
                                 {ASX_TR(l, "重大", "Major"), 0.7f, ASX_PDF_RIGHT},
                                 {ASX_TR(l, "軽微", "Minor"), 0.7f, ASX_PDF_RIGHT}};
    asx_pdf_table_begin(p, cols, 8);
    for (size_t i = 0; i < c->nranked; i++) {
        const asx_result *r = c->ranked[i].r;
        char rank[24], score[32], tech[32], majors[24], minors[24];
        snprintf(rank, sizeof rank, "%d", c->ranked[i].rank);
        snprintf(score, sizeof score, "%.1f", r->score);
        snprintf(tech, sizeof tech, "%.1f", c->ranked[i].tech);
        snprintf(majors, sizeof majors, "%zu", r->count[ASX_SEV_MAJOR]);
        snprintf(minors, sizeof minors, "%zu", r->count[ASX_SEV_MINOR]);
        char *service = asx_bidder_service(c, &c->ranked[i], l);
        const char *cells[8] = {rank, asx_bidder_vendor(c, &c->ranked[i]), nz(service), score,
                                tech, asx_verdict_label(r->verdict, l), majors, minors};
        asx_pdf_tone tones[8] = {0};
        tones[5] = asx_pdf_verdict_tone(r->verdict);
        asx_pdf_row(p, cells, tones);
        free(service);
    }
    asx_pdf_table_end(p);
    char *note = asx_strdupf(ASX_TR(l, "順位は得点の高い順。同点のときは重大な指摘の少ない順、さらに事業者名の順。"
                                  "技術点は %g 点満点 (配点: %s)。",
                               "Ranked by score; ties go to fewer major findings, then vendor name. "
                               "Tech points out of %g (points: %s)."),
                             c->tech_max,
                             c->points_from_policy ? ASX_TR(l, "ポリシーの evaluation_points", "the policy's evaluation_points")
                                                   : ASX_TR(l, "各区分の設問の重みの合計", "the weights of each section's questions"));
    asx_pdf_paragraph(p, note ? note : "", &(asx_pdf_style){.size = 8, .color = ASX_PDF_TONE_NEUTRAL});
    free(note);
}

static void pdf_excluded_one(asx_pdf *p, const asx_comparison *c, const asx_bidder *x,
                             asx_lang l)
{
    const asx_result *r = x->r;
    char *service = asx_bidder_service(c, x, l);
    char *head = asx_strdupf("%s「%s」", asx_bidder_vendor(c, x), nz(service));
    free(service);
    char note[96];
    snprintf(note, sizeof note, ASX_TR(l, "得点 %.1f", "score %.1f"), r->score);
    asx_pdf_heading(p, 2, head ? head : "", 0);
    free(head);
    asx_pdf_badge(p, asx_verdict_label(r->verdict, l), asx_pdf_verdict_tone(r->verdict), note, 11);
    const asx_pdf_col cols[4] = {{ASX_TR(l, "区分", "Kind"), 1.3f, ASX_PDF_LEFT},
                                 {ASX_TR(l, "質問", "Question"), 1.8f, ASX_PDF_LEFT},
                                 {ASX_TR(l, "条項", "Clause"), 1.3f, ASX_PDF_LEFT},
                                 {ASX_TR(l, "内容", "Reason"), 4.5f, ASX_PDF_LEFT}};
    if (r->count[ASX_SEV_KNOCKOUT] || r->nunanswered) {
        asx_pdf_table_begin(p, cols, 4);
        for (size_t i = 0; i < r->nfindings; i++) {
            const asx_finding *f = &r->findings[i];
            if (f->severity != ASX_SEV_KNOCKOUT)
                continue;
            char *msg = asx_compare_scrub(c, nz(asx_finding_msg(f, l)));
            const char *cells[4] = {asx_severity_label(f->severity, l), f->q ? f->q->id : "",
                                    nz(f->clause_local), nz(msg)};
            const asx_pdf_tone tones[4] = {ASX_PDF_TONE_BAD, ASX_PDF_TONE_NONE, ASX_PDF_TONE_NONE,
                                           ASX_PDF_TONE_NONE};
            asx_pdf_row(p, cells, tones);
            free(msg);
        }
        for (size_t i = 0; i < r->nunanswered; i++) {
            const asx_question *q = &r->bank->questions[r->unanswered[i]];
            char *cl = join_clauses(r, q);
            char *msg = asx_strdupf(ASX_TR(l, "必須項目「%s」が未回答。回答を求めて再評価すること",
                                      "Required question \"%s\" is unanswered; ask for it and re-assess"),
                                    asx_text_get(&q->label, l));
            const char *cells[4] = {ASX_TR(l, "未回答 (必須)", "Unanswered"), q->id, nz(cl), nz(msg)};
            const asx_pdf_tone tones[4] = {ASX_PDF_TONE_NEUTRAL, ASX_PDF_TONE_NONE,
                                           ASX_PDF_TONE_NONE, ASX_PDF_TONE_NONE};
            asx_pdf_row(p, cells, tones);
            free(cl);
            free(msg);
        }
        asx_pdf_table_end(p);
    }
    if (x->reasons & ASX_EXCL_PENDING) {
        char *w = pending_labels(r, l);
        char *msg = asx_strdupf(ASX_TR(l, "審査未了 (判断待ち): %s。", "Pending the officer's judgments: %s."), nz(w));
        asx_pdf_paragraph(p, msg ? msg : "", NULL);
        free(msg);
        free(w);
    }
    if (x->reasons & ASX_EXCL_LOW_SCORE) {
        char *msg = asx_strdupf(ASX_TR(l, "得点 %.1f が条件付き承認の基準 %g 点に達しない (重大な指摘 %zu 件)。",
                                  "Score %.1f is below the conditional threshold %g (%zu major findings)."),
                                r->score, c->policy ? c->policy->conditional_threshold : 0.0,
                                r->count[ASX_SEV_MAJOR]);
        asx_pdf_paragraph(p, msg ? msg : "", NULL);
        free(msg);
    }
    asx_pdf_space(p, 6);
}

static void pdf_excluded(asx_pdf *p, const asx_comparison *c, asx_lang l)
{
    asx_pdf_heading(p, 1, ASX_TR(l, "除外された入札者と理由", "Excluded bidders and why"), 0);
    if (!c->nexcluded) {
        asx_pdf_paragraph(p, ASX_TR(l, "除外された入札者はありません。", "No bidder was excluded."), NULL);
        return;
    }
    asx_pdf_paragraph(p, ASX_TR(l, "必須条件 (ノックアウト) を満たさない入札者は不承認、必須項目が未回答の入札者は差戻しとして順位付けから除外した。",
                           "Bidders failing a mandatory term (knockout) are rejected and bidders with required "
                           "questions unanswered are returned for completion; neither is ranked."), NULL);
    for (size_t i = 0; i < c->nexcluded; i++)
        pdf_excluded_one(p, c, &c->excluded[i], l);
}

static void pdf_charts(asx_pdf *p, const asx_comparison *c, const asx_bidder **cols, asx_lang l)
{
    const asx_bank *bank = c->bank;
    const char **labels = calloc(bank->nsections ? bank->nsections : 1, sizeof *labels);
    double *values = calloc(bank->nsections ? bank->nsections : 1, sizeof *values);
    if (!labels || !values)
        goto done;
    asx_pdf_heading(p, 1, ASX_TR(l, "分野別得点", "Section scores"), 0);
    for (size_t i = 0; i < c->nall; i++) {
        const asx_result *r = cols[i]->r;
        char *head = bidder_heading(c, cols[i], l);
        char *note = asx_strdupf(ASX_TR(l, "%s %.1f 点", "%s, score %.1f"), asx_verdict_label(r->verdict, l),
                                 r->score);
        size_t n = 0;
        for (size_t k = 0; k < bank->nsections; k++) {
            labels[n] = asx_text_get(&bank->sections[k].title, l);
            values[n] = r->sections[k].counted ? r->sections[k].score : -1.0;
            n++;
        }
        asx_pdf_need(p, 40.0f + 16.0f * (float)n);
        asx_pdf_heading(p, 2, head ? head : "", 40.0f + 16.0f * (float)n);
        asx_pdf_paragraph(p, note ? note : "", &(asx_pdf_style){.size = 8.5f, .color = asx_pdf_verdict_tone(r->verdict)});
        asx_pdf_bar_chart(p, labels, values, n,
                          c->policy ? c->policy->approve_threshold : 80.0,
                          c->policy ? c->policy->conditional_threshold : 60.0);
        asx_pdf_space(p, 6);
        free(head);
        free(note);
    }
done:
    free(labels);
    free(values);
}

/* One key-fact row of one table: the label, then the bidders' answers [from, to). */
static void pdf_fact_row(asx_pdf *p, const asx_comparison *c, const asx_bidder **cols,
                         size_t from, size_t to, const asx_question *q, asx_lang l)
{
    cval v[PDF_BIDDERS_PER_TABLE + 1] = {{0}};
    bool mark[PDF_BIDDERS_PER_TABLE + 1] = {0};
    const char *cells[PDF_BIDDERS_PER_TABLE + 1] = {0};
    asx_pdf_tone tones[PDF_BIDDERS_PER_TABLE + 1] = {0};
    size_t n = to - from;
    for (size_t i = 0; i < n; i++) {
        const asx_result *r = cols[from + i]->r;
        const asx_fact *f = NULL;
        for (size_t k = 0; k < r->nfacts && !f; k++)
            if (r->facts[k].q == q)
                f = &r->facts[k];
        v[i].text = asx_compare_scrub(c, f ? asx_fact_value(f, l) : "—");
        v[i].ko = r->q[q->index].knockout;
    }
    diff_marks(v, n, mark);
    cells[0] = asx_text_get(&q->label, l);
    tones[0] = ASX_PDF_TONE_MUTED;
    for (size_t i = 0; i < n; i++) {
        cells[i + 1] = nz(v[i].text);
        tones[i + 1] = v[i].ko ? ASX_PDF_TONE_BAD : (mark[i] ? ASX_PDF_TONE_WARN : ASX_PDF_TONE_NONE);
    }
    asx_pdf_row(p, cells, tones);
    cval_free(v, n);
}

static void pdf_facts(asx_pdf *p, const asx_comparison *c, const asx_bidder **cols, asx_lang l)
{
    asx_pdf_heading(p, 1, ASX_TR(l, "主要条件の比較", "Key facts side by side"), 0);
    asx_pdf_paragraph(p, ASX_TR(l, "赤: 必須条件違反 (不承認の理由)、黄: 入札者間で異なる回答。",
                           "Red: knockout (a reason for rejection); amber: answers that differ between bidders."),
                      &(asx_pdf_style){.size = 8, .color = ASX_PDF_TONE_NEUTRAL});
    for (size_t from = 0; from < c->nall; from += PDF_BIDDERS_PER_TABLE) {
        size_t to = from + PDF_BIDDERS_PER_TABLE < c->nall ? from + PDF_BIDDERS_PER_TABLE : c->nall;
        asx_pdf_col tc[PDF_BIDDERS_PER_TABLE + 1];
        char *heads[PDF_BIDDERS_PER_TABLE] = {0};
        tc[0] = (asx_pdf_col){ASX_TR(l, "項目", "Item"), 1.6f, ASX_PDF_LEFT};
        for (size_t i = from; i < to; i++) {
            heads[i - from] = bidder_heading(c, cols[i], l);
            tc[i - from + 1] = (asx_pdf_col){nz(heads[i - from]), 2, ASX_PDF_LEFT};
        }
        asx_pdf_table_begin(p, tc, to - from + 1);
        /* verdict and score first, then the facts */
        const char *vcells[PDF_BIDDERS_PER_TABLE + 1] = {ASX_TR(l, "判定・得点", "Verdict, score")};
        asx_pdf_tone vtones[PDF_BIDDERS_PER_TABLE + 1] = {ASX_PDF_TONE_MUTED};
        char *vtext[PDF_BIDDERS_PER_TABLE] = {0};
        for (size_t i = from; i < to; i++) {
            const asx_result *r = cols[i]->r;
            vtext[i - from] = asx_strdupf("%s  %.1f", asx_verdict_label(r->verdict, l), r->score);
            vcells[i - from + 1] = nz(vtext[i - from]);
            vtones[i - from + 1] = asx_pdf_verdict_tone(r->verdict);
        }
        asx_pdf_row(p, vcells, vtones);
        for (size_t i = 0; i < PDF_BIDDERS_PER_TABLE; i++)
            free(vtext[i]);
        const asx_result *r0 = c->nall ? c->all[0].r : NULL;
        for (size_t k = 0; r0 && k < r0->nfacts; k++)
            pdf_fact_row(p, c, cols, from, to, r0->facts[k].q, l);
        asx_pdf_table_end(p);
        asx_pdf_space(p, 8);
        for (size_t i = 0; i < PDF_BIDDERS_PER_TABLE; i++)
            free(heads[i]);
    }
}

/* 選定結果: the bidders with score and 技術点, lines for the decision and the committee's
 * stamp boxes, kept together on one page. */
static void pdf_selection(asx_pdf *p, const asx_comparison *c, const asx_bidder **cols, asx_lang l)
{
    asx_pdf_need(p, 60.0f + 18.0f * (float)c->nall + 200.0f);
    asx_pdf_heading(p, 1, ASX_TR(l, "選定結果 (審査委員会)", "Selection (evaluation committee)"), 0);
    char tech_head[64];
    snprintf(tech_head, sizeof tech_head, ASX_TR(l, "技術点 (%g 点満点)", "Tech (of %g)"), c->tech_max);
    const asx_pdf_col tc[5] = {{ASX_TR(l, "順位", "Rank"), 0.8f, ASX_PDF_RIGHT},
                               {ASX_TR(l, "入札者", "Bidder"), 3, ASX_PDF_LEFT},
                               {ASX_TR(l, "得点", "Score"), 1, ASX_PDF_RIGHT},
                               {tech_head, 1.5f, ASX_PDF_RIGHT},
                               {ASX_TR(l, "選定 (○)・所見", "Selected / remarks"), 3, ASX_PDF_LEFT}};
    asx_pdf_table_begin(p, tc, 5);
    for (size_t i = 0; i < c->nall; i++) {
        const asx_bidder *b = cols[i];
        char rank[24], score[32], tech[32];
        if (b->rank)
            snprintf(rank, sizeof rank, "%d", b->rank);
        else
            snprintf(rank, sizeof rank, "%s", ASX_TR(l, "除外", "excl."));
        snprintf(score, sizeof score, "%.1f", b->r->score);
        snprintf(tech, sizeof tech, "%.1f", b->tech);
        const char *cells[5] = {rank, asx_bidder_vendor(c, b), score, tech, ""};
        asx_pdf_tone tones[5] = {b->rank ? ASX_PDF_TONE_NONE : ASX_PDF_TONE_BAD};
        asx_pdf_row(p, cells, tones);
    }
    asx_pdf_table_end(p);
    asx_pdf_space(p, 6);
    const char *keys[3] = {ASX_TR(l, "選定する入札者", "Bidder selected"), ASX_TR(l, "選定の理由", "Reason"),
                           ASX_TR(l, "審査日", "Date")};
    const char *vals[3] = {" ", " \n \n ", ASX_TR(l, "　　　　年　　月　　日", " ")};
    asx_pdf_kv(p, keys, vals, 3, 0);
    asx_pdf_space(p, 8);
    const char *roles[N_COMMITTEE];
    for (size_t i = 0; i < N_COMMITTEE; i++)
        roles[i] = committee_role(i, l);
    asx_pdf_stamps(p, roles, NULL, N_COMMITTEE);
}

static void pdf_cover(asx_pdf *p, const asx_comparison *c, const asx_compare_opts *o)
{
    asx_lang l = o->lang;
    char cls[64], date[64];
    asx_class_format(c->cls, l, cls, sizeof cls);
    asx_date_format(o->date, l, date, sizeof date);
    char *sub = asx_strdupf("%s (%s %s)", asx_text_get(&c->bank->title, l), c->bank->id,
                            nz(c->bank->version));
    asx_pdf_title(p, ASX_TR(l, "入札者比較表", "Bidder comparison"), sub);
    free(sub);
    char n_all[32], n_ranked[32], n_excl[32], thresholds[96];
    snprintf(n_all, sizeof n_all, ASX_TR(l, "%zu 者", "%zu"), c->nall);
    snprintf(n_ranked, sizeof n_ranked, ASX_TR(l, "%zu 者", "%zu"), c->nranked);
    snprintf(n_excl, sizeof n_excl, ASX_TR(l, "%zu 者", "%zu"), c->nexcluded);
    snprintf(thresholds, sizeof thresholds, ASX_TR(l, "承認 %g 点以上、条件付き承認 %g 点以上", "approve at %g, conditional at %g"),
             c->policy ? c->policy->approve_threshold : 0.0,
             c->policy ? c->policy->conditional_threshold : 0.0);
    const char *org = c->policy && c->policy->organization && *c->policy->organization
                          ? c->policy->organization
                          : NULL;
    const char *keys[8], *vals[8];
    size_t n = 0;
    keys[n] = ASX_TR(l, "作成日", "Date");
    vals[n++] = date;
    if (c->title && *c->title) {
        keys[n] = ASX_TR(l, "件名", "Tender");
        vals[n++] = c->title;
    }
    if (org) {
        keys[n] = ASX_TR(l, "組織", "Organisation");
        vals[n++] = org;
    }
    keys[n] = ASX_TR(l, "情報資産の分類", "Classification");
    vals[n++] = cls;
    keys[n] = ASX_TR(l, "入札者", "Bidders");
    vals[n++] = n_all;
    keys[n] = ASX_TR(l, "順位付け", "Ranked");
    vals[n++] = n_ranked;
    keys[n] = ASX_TR(l, "除外", "Excluded");
    vals[n++] = n_excl;
    keys[n] = ASX_TR(l, "判定基準", "Thresholds");
    vals[n++] = thresholds;
    asx_pdf_kv(p, keys, vals, n, 0);
    asx_pdf_space(p, 8);
}

asx_error asx_compare_pdf_write(const asx_comparison *c, const asx_compare_opts *o,
                                const char *path, asx_diags *d)
{
    asx_font *own_font = NULL;
    asx_pdf *p = NULL;
    const asx_bidder **cols = NULL;
    asx_lang l = o->lang;
    asx_error err = ASX_OK;
    if (!o->font)
        err = asx_font_load(NULL, &own_font, d);
    if (err)
        goto done;
    err = ASX_ERR_NOMEM;
    p = asx_pdf_new(o->font ? o->font : own_font, l);
    cols = column_order(c);
    if (!p || !cols) {
        asx_diags_addf(d, ASX_ERR_NOMEM, path, 0, 0, ASX_TR(l, "メモリ不足", "out of memory"));
        goto done;
    }
    char *title = asx_strdupf(ASX_TR(l, "入札者比較表 (%s)", "Bidder comparison (%s)"), c->bank->id);
    asx_pdf_set_info(p, title, asx_text_get(&c->bank->title, l), o->date);
    /* every page names the tender and the organisation when they are given */
    char *tender = tender_line(c, l);
    char *footer = tender ? asx_strdupf("%s — %s", tender, title) : NULL;
    asx_pdf_set_footer(p, footer ? footer : title);
    free(footer);
    free(tender);
    free(title);
    pdf_cover(p, c, o);
    pdf_ranking(p, c, l);
    pdf_excluded(p, c, l);
    pdf_facts(p, c, cols, l);
    pdf_charts(p, c, cols, l);
    pdf_selection(p, c, cols, l);
    err = asx_pdf_save_in(p, o->set, path, o->force, d);
done:
    free(cols);
    asx_pdf_free(p);
    asx_font_free(own_font);
    return err;
}
