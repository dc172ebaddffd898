/* error.c - the error type, exit codes, diagnostics and the user's language. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "asx/error.h"
#include "asx/text.h"
#include "asx/util.h"

asx_lang asx_ui_lang = ASX_LANG_JA;

const char *asx_strerror(asx_error err)
{
    switch (err) {
    case ASX_OK:
        return ASX_L("成功", "success");
    case ASX_ERR_USAGE:
        return ASX_L("使い方の誤り", "usage error");
    case ASX_ERR_DATA:
        return ASX_L("入力データが不正です", "invalid input data");
    case ASX_ERR_NOINPUT:
        return ASX_L("入力ファイルを読めません", "cannot read an input file");
    case ASX_ERR_CANTCREAT:
        return ASX_L("出力を作成できません", "cannot create an output");
    case ASX_ERR_IO:
        return ASX_L("書き込み中の入出力エラー", "I/O error while writing");
    case ASX_ERR_NOMEM:
        return ASX_L("メモリ不足", "out of memory");
    case ASX_ERR_INTERNAL:
        return ASX_L("内部エラー", "internal error");
    case ASX_ERR_BUSY:
        return ASX_L("台帳が使用中です", "the register is busy");
    case ASX_ERR_UNAVAILABLE:
        return ASX_L("データベースサーバーに接続できません", "the database server cannot be reached");
    case ASX_ERR_NOPERM:
        return ASX_L("データベースが権限を拒否しました", "permission denied by the database");
    }
    return "?";
}

int asx_exit_code(asx_error err)
{
    switch (err) {
    case ASX_OK:
        return 0;
    case ASX_ERR_USAGE:
        return 64;
    case ASX_ERR_DATA:
        return 65;
    case ASX_ERR_NOINPUT:
        return 66;
    case ASX_ERR_CANTCREAT:
        return 73;
    case ASX_ERR_IO:
        return 74;
    case ASX_ERR_NOMEM:
        return 70;
    case ASX_ERR_INTERNAL:
        return 70;
    case ASX_ERR_BUSY:
        return 75;
    case ASX_ERR_UNAVAILABLE:
        return 69;
    case ASX_ERR_NOPERM:
        return 77;
    }
    return 70;
}

void asx_diags_init(asx_diags *d)
{
    d->v = NULL;
    d->n = 0;
    d->cap = 0;
    d->worst = ASX_OK;
}

void asx_diags_free(asx_diags *d)
{
    if (!d)
        return;
    for (size_t i = 0; i < d->n; i++) {
        free(d->v[i].file);
        free(d->v[i].msg);
    }
    free(d->v);
    asx_diags_init(d);
}

static void note_code(asx_diags *d, asx_error code)
{
    if (d->worst == ASX_OK)
        d->worst = code;
}

/* Make room for one more entry; false when out of memory. */
static int diags_grow(asx_diags *d)
{
    if (d->n < d->cap)
        return 1;
    size_t cap = d->cap ? d->cap * 2 : 8;
    asx_diag *v = realloc(d->v, cap * sizeof *v);
    if (!v)
        return 0;
    d->v = v;
    d->cap = cap;
    return 1;
}

void asx_diags_addf(asx_diags *d, asx_error code, const char *file, int line, int col,
                    const char *fmt, ...)
{
    char *msg = NULL;
    char *fcopy = NULL;
    va_list ap;

    va_start(ap, fmt);
    msg = asx_vstrdupf(fmt, ap);
    va_end(ap);
    if (!msg)
        goto fail;
    if (file) {
        fcopy = asx_strdup(file);
        if (!fcopy)
            goto fail;
    }
    if (!diags_grow(d))
        goto fail;
    d->v[d->n].code = code;
    d->v[d->n].file = fcopy;
    d->v[d->n].line = line;
    d->v[d->n].col = col;
    d->v[d->n].msg = msg;
    d->n++;
    note_code(d, code);
    return;
fail:
    free(msg);
    free(fcopy);
    note_code(d, ASX_ERR_NOMEM);
}

void asx_diags_print(const asx_diags *d, FILE *out)
{
    for (size_t i = 0; i < d->n; i++) {
        const asx_diag *g = &d->v[i];
        const char *msg = g->msg ? g->msg : "";
        asx_buf b = {0};
        /* One problem is one line: a file name or a quoted value cannot start another one. */
        asx_buf_adds(&b, "assess: ");
        if (g->file) {
            asx_term_escape(&b, g->file, strlen(g->file), false);
            if (g->line > 0 && g->col > 0)
                asx_buf_addf(&b, ":%d:%d", g->line, g->col);
            else if (g->line > 0)
                asx_buf_addf(&b, ":%d", g->line);
            asx_buf_adds(&b, ": ");
        }
        asx_term_escape(&b, msg, strlen(msg), false);
        asx_buf_addc(&b, '\n');
        if (!b.oom)
            fwrite(b.s, 1, b.len, out);
        asx_buf_free(&b);
    }
}

void asx_diags_move(asx_diags *dst, asx_diags *src)
{
    for (size_t i = 0; i < src->n; i++) {
        if (!diags_grow(dst)) {
            free(src->v[i].file);
            free(src->v[i].msg);
            note_code(dst, ASX_ERR_NOMEM);
            continue;
        }
        dst->v[dst->n++] = src->v[i];
        note_code(dst, src->v[i].code);
    }
    note_code(dst, src->worst);
    free(src->v);
    asx_diags_init(src);
}
