/* wholefont.c - time and size of one PDF pack: the shared font subset with HarfBuzz (what
 * assess does) against the whole IPAexGothic handed to libharu, for the same laid-out text.
 *
 * Build (after building the project in BUILD):
 *   cc -std=c11 -O2 -I questionnaires -I scoring -I report tests/bench/wholefont.c \
 *      BUILD/report/libasx_report.a BUILD/scoring/libasx_scoring.a \
 *      BUILD/questionnaires/libasx_questionnaires.a \
 *      $(pkg-config --libs harfbuzz harfbuzz-subset fontconfig libcjson libpcre2-8 xlsxwriter \
 *        libzip expat libcrypto) -lhpdf -lm -lpthread -o wholefont
 * Run: ./wholefont samples/minato-docs.json [iterations]
 * Prints, per method: mean milliseconds per PDF (layout excluded, rendering and saving to
 * memory included) and the PDF size in bytes. */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include "asx/answers.h"
#include "asx/bank.h"
#include "asx/font.h"
#include "asx/pack_pdf.h"
#include "asx/pdfdoc.h"
#include "asx/policy.h"
#include "asx/score.h"

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1000.0 + (double)ts.tv_nsec / 1e6;
}

typedef asx_error (*render_fn)(asx_pdf *, unsigned char **, size_t *, asx_diags *);

static int measure(const char *what, render_fn fn, const asx_result *r, const asx_pack_opts *o,
                   const asx_font *font, int n)
{
    size_t size = 0;
    double total = 0;
    for (int i = 0; i < n; i++) {
        asx_diags d;
        asx_diags_init(&d);
        asx_pdf *p = NULL;
        unsigned char *data = NULL;
        if (asx_pdf_pack_build(r, o, font, &p) != ASX_OK)
            return 1;
        double t0 = now_ms();
        asx_error err = fn(p, &data, &size, &d);
        total += now_ms() - t0;
        if (err) {
            asx_diags_print(&d, stderr);
            return 1;
        }
        free(data);
        asx_pdf_free(p);
        asx_diags_free(&d);
    }
    printf("%-10s %8.2f ms/pdf %8zu bytes\n", what, total / n, size);
    return 0;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: wholefont ANSWERS [iterations]\n");
        return 64;
    }
    int n = argc > 2 ? (int)strtol(argv[2], NULL, 10) : 20;
    if (n < 1)
        n = 1;
    asx_diags d;
    asx_diags_init(&d);
    asx_bankset banks = {0};
    asx_policy *pol = NULL;
    asx_answers *a = NULL;
    asx_result *r = NULL;
    asx_font *font = NULL;
    double t0 = now_ms();
    if (asx_font_load(NULL, &font, &d) || asx_bankset_builtin(&banks, &d) ||
        asx_policy_default(&pol, &d) || asx_answers_load_file(argv[1], &banks, &a, &d) ||
        asx_score(a, pol, a->date, &r, &d)) {
        asx_diags_print(&d, stderr);
        return 1;
    }
    printf("font loaded once in %.1f ms (%s)\n", now_ms() - t0, asx_font_path(font));
    asx_pack_opts o = {.approver = "A", .manager = "M", .date = {2026, 11, 20}};
    int rc = measure("subset", asx_pdf_render, r, &o, font, n);
    rc |= measure("wholefont", asx_pdf_render_whole_font, r, &o, font, n > 5 ? 5 : n);
    asx_result_free(r);
    asx_answers_free(a);
    asx_policy_free(pol);
    asx_bankset_free(&banks);
    asx_font_free(font);
    asx_diags_free(&d);
    return rc;
}
