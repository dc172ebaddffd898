/* pdf_widgets.c - what paperwork draws besides text and tables: the verdict badge, the bar
 * chart, the stamp row with 合議 (asx/pdf_widgets.h). */
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "asx/text.h"
#include "pdf_impl.h"
#include "asx/pdf_widgets.h"

asx_pdf_tone asx_pdf_verdict_tone(asx_verdict v)
{
    switch (v) {
    case ASX_VERDICT_APPROVED: return ASX_PDF_TONE_GOOD;
    case ASX_VERDICT_CONDITIONAL: return ASX_PDF_TONE_WARN;
    case ASX_VERDICT_REJECTED: return ASX_PDF_TONE_BAD;
    case ASX_VERDICT_INCOMPLETE:
    case ASX_VERDICT_PENDING: return ASX_PDF_TONE_NEUTRAL;
    }
    return ASX_PDF_TONE_NEUTRAL;
}

asx_pdf_tone asx_pdf_severity_tone(asx_severity s)
{
    switch (s) {
    case ASX_SEV_KNOCKOUT: return ASX_PDF_TONE_BAD;
    case ASX_SEV_MAJOR: return ASX_PDF_TONE_BAD;
    case ASX_SEV_MINOR: return ASX_PDF_TONE_WARN;
    case ASX_SEV_INFO: return ASX_PDF_TONE_NEUTRAL;
    }
    return ASX_PDF_TONE_NEUTRAL;
}


/* ---- graphics ---- */

void asx_pdf_badge(asx_pdf *p, const char *label, asx_pdf_tone tone, const char *note, float size)
{
    pdf_end_table_if_open(p);
    if (size <= 0)
        size = 16;
    float padx = size * 0.8f, h = size * 2.0f;
    float w = asx_pdf_text_width(p, label, size) + 2 * padx;
    asx_pdf_need(p, h + 6);
    if (p->page_empty)
        p->y = CONTENT_TOP(p);
    float x = ASX_PDF_MARGIN_X, y = p->y - h;
    op *o = pdf_add_op(p, OP_RRECT);
    if (o) {
        o->x = x;
        o->y = y;
        o->w = w;
        o->h = h;
        o->size = h * 0.3f;
        o->has_fill = true;
        o->fill = pdf_tone_fill(tone);
    }
    rgb white = {1, 1, 1};
    pdf_put_text(p, label, x, y + (h - size) / 2 + size * 0.12f, w, size, white, true, ASX_PDF_CENTER);
    if (note && *note)
        pdf_put_text(p, note, x + w + 12, y + (h - size) / 2 + size * 0.12f,
                 CONTENT_W(p) - w - 12, size, pdf_tone_text(tone), true, ASX_PDF_LEFT);
    p->y = y - 8;
    pdf_keep_content(p);
}

static void format_score(char *buf, size_t size, double v)
{
    if (v < 0)
        snprintf(buf, size, "—");
    else
        snprintf(buf, size, "%.1f", v);
}

void asx_pdf_bar_chart(asx_pdf *p, const char *const *labels, const double *values, size_t n,
                       double good_at, double warn_at)
{
    pdf_end_table_if_open(p);
    const float size = 8.5f, lh = size * LINE_FACTOR, bar_h = 9.0f, gap = 5.0f;
    const float label_w = CONTENT_W(p) / 3.0f;
    const float x0 = ASX_PDF_MARGIN_X + label_w + 6;
    const float bar_w = CONTENT_W(p) - label_w - 6 - 36;
    const rgb track = {0.93f, 0.94f, 0.95f};
    if (n == 0)
        return;
    asx_pdf_block_begin(p); /* a chart is not split */
    asx_pdf_need(p, 40);
    float top = p->y;
    for (size_t i = 0; i < n; i++) {
        char **lines = NULL;
        size_t nl = asx_pdf_wrap(p, labels[i], size, label_w, &lines);
        float row_h = fmaxf((float)(nl ? nl : 1) * lh, bar_h) + gap;
        if (p->y - row_h - 16 < pdf_bottom_limit()) {
            pdf_new_page(p);
            top = p->carried_dy != 0 ? top + p->carried_dy : p->y;
        }
        float cy = p->y - row_h / 2 + gap / 2; /* vertical centre of the row */
        float ly = cy + (float)(nl ? nl : 1) * lh / 2;
        for (size_t k = 0; k < nl; k++)
            pdf_put_text(p, lines[k], ASX_PDF_MARGIN_X, ly - (float)k * lh - pdf_baseline_off(size),
                     label_w, size, pdf_black, false, ASX_PDF_RIGHT);
        asx_pdf_lines_free(lines, nl);
        pdf_put_rect(p, x0, cy - bar_h / 2, bar_w, bar_h, &track, NULL, 0);
        double v = values[i];
        if (v >= 0) {
            double vv = v > 100 ? 100 : v;
            asx_pdf_tone t = v >= good_at && good_at >= 0   ? ASX_PDF_TONE_GOOD
                             : v >= warn_at && warn_at >= 0 ? ASX_PDF_TONE_WARN
                                                            : ASX_PDF_TONE_BAD;
            rgb fill = pdf_tone_fill(t);
            if (vv > 0)
                pdf_put_rect(p, x0, cy - bar_h / 2, (float)(bar_w * vv / 100.0), bar_h, &fill, NULL, 0);
        }
        char num[16];
        format_score(num, sizeof num, v);
        pdf_put_text(p, num, x0 + bar_w + 4, cy - size * 0.35f, 32, size, pdf_black, false, ASX_PDF_LEFT);
        p->y -= row_h;
    }
    float bottom = p->y;
    /* Axis: ticks every 20 points and the threshold marks. */
    const rgb axis = {0.45f, 0.47f, 0.50f};
    pdf_put_line(p, x0, bottom, x0 + bar_w, bottom, axis, 0.5f, false);
    for (int t = 0; t <= 100; t += 20) {
        char num[8];
        float x = x0 + bar_w * (float)t / 100.0f;
        snprintf(num, sizeof num, "%d", t);
        pdf_put_line(p, x, bottom, x, bottom - 2.5f, axis, 0.5f, false);
        pdf_put_text(p, num, x - 15, bottom - 10, 30, 7, axis, false, ASX_PDF_CENTER);
    }
    double marks[2] = {good_at, warn_at};
    for (int m = 0; m < 2; m++) {
        if (marks[m] < 0 || marks[m] > 100)
            continue;
        float x = x0 + bar_w * (float)(marks[m] / 100.0);
        rgb c = pdf_tone_text(m == 0 ? ASX_PDF_TONE_GOOD : ASX_PDF_TONE_WARN);
        pdf_put_line(p, x, bottom, x, top, c, 0.8f, true);
    }
    p->y = bottom - 16;
    asx_pdf_block_end(p);
}

void asx_pdf_stamps(asx_pdf *p, const char *const *roles, const char *const *names, size_t n)
{
    asx_pdf_stamp_row(p, roles, names, n, NULL, 0);
}

/* Text on one line centred in [x, x + w) with the baseline at y: shrunk (down to 5.5 pt) rather
 * than broken, so that a personal name stays whole; still too wide, it takes two lines. */
static void put_fitted(asx_pdf *p, const char *s, float x, float y, float w, float size, rgb color,
                       bool bold)
{
    float tw = asx_pdf_text_width(p, s, size);
    if (tw > w && tw > 0)
        size = fmaxf(size * w / tw, 5.5f);
    if (asx_pdf_text_width(p, s, size) <= w) {
        pdf_put_text(p, s, x, y, w, size, color, bold, ASX_PDF_CENTER);
        return;
    }
    char **lines = NULL;
    size_t nl = asx_pdf_wrap(p, s, size, w, &lines);
    for (size_t k = 0; k < nl && k < 2; k++)
        pdf_put_text(p, lines[k], x, y + size * 0.6f - (float)k * size * 1.2f, w, size, color, bold,
                 ASX_PDF_CENTER);
    asx_pdf_lines_free(lines, nl);
}

/* One box of the stamp row: title on top (shaded), a place for the seal, an optional name line
 * and a date line. */
static void stamp_box(asx_pdf *p, float x, float top, float bw, float title_h, float stamp_h,
                      bool name_line, const char *title, const char *name)
{
    const float role_size = 7.5f, name_size = 8.0f, line_h = 17;
    const rgb dim = {0.6f, 0.6f, 0.62f};
    rgb fill = pdf_tone_pale(ASX_PDF_TONE_MUTED);
    float total = title_h + stamp_h + (name_line ? line_h : 0) + line_h;
    pdf_put_rect(p, x, top - title_h, bw, title_h, &fill, &pdf_grid, 0.6f);
    pdf_put_rect(p, x, top - total, bw, total - title_h, NULL, &pdf_grid, 0.6f);
    float cx = x + bw / 2, cy = top - title_h - stamp_h / 2, r = fminf(22, bw / 2 - 6);
    pdf_put_line(p, cx - r, cy - r, cx + r, cy - r, dim, 0.3f, true);
    pdf_put_line(p, cx - r, cy + r, cx + r, cy + r, dim, 0.3f, true);
    pdf_put_line(p, cx - r, cy - r, cx - r, cy + r, dim, 0.3f, true);
    pdf_put_line(p, cx + r, cy - r, cx + r, cy + r, dim, 0.3f, true);
    float y = top - title_h - stamp_h;
    pdf_put_line(p, x, y, x + bw, y, pdf_grid, 0.4f, false);
    char **lines = NULL;
    size_t nl = asx_pdf_wrap(p, title, role_size, bw - 2 * CELL_PAD_X, &lines);
    for (size_t k = 0; k < nl; k++)
        pdf_put_text(p, lines[k], x + CELL_PAD_X,
                 top - CELL_PAD_Y - (float)k * role_size * LINE_FACTOR - pdf_baseline_off(role_size),
                 bw - 2 * CELL_PAD_X, role_size, pdf_black, true, ASX_PDF_CENTER);
    asx_pdf_lines_free(lines, nl);
    if (name_line) {
        float ny = y - line_h + (line_h - name_size) / 2 + 1.5f;
        if (name && *name)
            put_fitted(p, name, x + CELL_PAD_X, ny, bw - 2 * CELL_PAD_X, name_size, pdf_black, false);
        else
            pdf_put_text(p, ASX_TR(p->lang, "氏名", "Name"), x + CELL_PAD_X, ny, bw - 2 * CELL_PAD_X, 6.5f, dim,
                     false, ASX_PDF_LEFT);
        y -= line_h;
        pdf_put_line(p, x, y, x + bw, y, pdf_grid, 0.4f, false);
    }
    float dy = y - line_h + (line_h - 7.0f) / 2 + 1.5f;
    pdf_put_text(p, ASX_TR(p->lang, "　　年　　月　　日", "Date: __/__/____"), x + CELL_PAD_X, dy,
             bw - 2 * CELL_PAD_X, bw < 70 ? 6.0f : 7.0f, pdf_black, false, ASX_PDF_RIGHT);
}

static size_t title_lines(asx_pdf *p, const char *const *titles, size_t n, float width)
{
    size_t most = 1;
    for (size_t i = 0; i < n; i++) {
        char **lines = NULL;
        size_t nl = asx_pdf_wrap(p, titles[i], 7.5f, width - 2 * CELL_PAD_X, &lines);
        asx_pdf_lines_free(lines, nl);
        if (nl > most)
            most = nl;
    }
    return most;
}

void asx_pdf_stamp_row(asx_pdf *p, const char *const *roles, const char *const *names, size_t n,
                       const char *const *consult, size_t nconsult)
{
    pdf_end_table_if_open(p);
    if (n > 8)
        n = 8;
    if (nconsult > 8)
        nconsult = 8;
    if (n == 0 && nconsult == 0)
        return;
    const float W = CONTENT_W(p), label_w = 30, gap = 8, line_h = 17;
    float bw = n ? W / (float)n : 0;
    float cw = nconsult ? fminf((W - label_w) / (float)nconsult, n ? bw : W) : 0;
    float role_h = n ? (float)title_lines(p, roles, n, bw) * 7.5f * LINE_FACTOR + 2 * CELL_PAD_Y : 0;
    float con_h = nconsult ? (float)title_lines(p, consult, nconsult, cw) * 7.5f * LINE_FACTOR +
                                 2 * CELL_PAD_Y
                           : 0;
    float row1 = n ? role_h + 60 + 2 * line_h : 0;
    float row2 = nconsult ? con_h + 48 + line_h : 0;
    float total = row1 + (n && nconsult ? gap : 0) + row2;
    asx_pdf_block_begin(p); /* a stamp row is not split */
    asx_pdf_need(p, total + 4);
    if (p->page_empty)
        p->y = CONTENT_TOP(p);
    float top = p->y;
    for (size_t i = 0; i < n; i++)
        stamp_box(p, ASX_PDF_MARGIN_X + bw * (float)i, top, bw, role_h, 60, true, roles[i],
                  names ? names[i] : NULL);
    if (nconsult) {
        float t2 = top - row1 - (n ? gap : 0);
        rgb fill = pdf_tone_pale(ASX_PDF_TONE_MUTED);
        pdf_put_rect(p, ASX_PDF_MARGIN_X, t2 - row2, label_w, row2, &fill, &pdf_grid, 0.6f);
        const char *label = ASX_TR(p->lang, "合\n議", "Con-\nsult");
        char **lines = NULL;
        size_t nl = asx_pdf_wrap(p, label, 8.5f, label_w, &lines);
        for (size_t k = 0; k < nl; k++)
            pdf_put_text(p, lines[k], ASX_PDF_MARGIN_X, t2 - row2 / 2 + (float)nl * 6.5f - 9 - (float)k * 13,
                     label_w, 8.5f, pdf_black, true, ASX_PDF_CENTER);
        asx_pdf_lines_free(lines, nl);
        for (size_t i = 0; i < nconsult; i++)
            stamp_box(p, ASX_PDF_MARGIN_X + label_w + cw * (float)i, t2, cw, con_h, 48, false,
                      consult[i], NULL);
    }
    p->y = top - total - 8;
    pdf_layout_record(p, "stamps", "columns=%zu consult=%zu", n, nconsult);
    asx_pdf_block_end(p);
}
