/* json.c - strict JSON parsing on top of cJSON, with positions for error messages.
 *
 * Parsing is two passes. A small strict scanner walks the bytes first: it rejects what cJSON
 * would let through (control characters in strings, "\u0000", leading zeros, trailing data,
 * deep nesting before cJSON can recurse into it) and records where every value starts, in
 * document order. cJSON then builds the tree, and a pre-order walk of the tree (the same order)
 * pairs each node with its position; a pointer hash table makes asx_json_pos() O(1). The walk
 * also finds duplicate keys and numbers that overflowed to infinity. */
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "asx/json.h"
#include "asx/util.h"

/* Where one value (and, for an object member, its key) starts. */
typedef struct {
    int line, col;
    int kline, kcol; /* 0 when the value is not an object member */
    int parent;      /* index of the enclosing value, -1 for the root */
} jpos;

typedef struct {
    const cJSON *node;
    size_t idx;
} jslot;

struct asx_json {
    cJSON *root;
    char *file;
    size_t n;
    jpos *pos;            /* n entries, pre-order */
    const cJSON **nodes;  /* n entries, pre-order */
    jslot *tab;           /* open addressing, mask + 1 slots */
    size_t mask;
};

/* ------------------------------------------------------------------ scanner */

typedef struct {
    const unsigned char *s;
    size_t n;
    size_t i;
    /* incremental line/column: positions are requested in increasing order */
    size_t lc_off;
    int lc_line, lc_col;
    jpos *pos;
    size_t npos, cap;
    /* first error */
    bool failed;
    bool oom;
    size_t err_off;
    char err[160];
} scanner;

void asx_json_linecol_advance(const char *s, size_t from, size_t to, int *line, int *col)
{
    const unsigned char *u = (const unsigned char *)s;
    int ln = *line, c = *col;
    for (size_t i = from; i < to; i++) {
        if (u[i] == '\n') {
            ln++;
            c = 1;
        } else if ((u[i] & 0xC0) != 0x80) {
            c++;
        }
    }
    *line = ln;
    *col = c;
}

static void sc_linecol(scanner *sc, size_t off, int *line, int *col)
{
    if (off < sc->lc_off) { /* not expected; recount from the start */
        sc->lc_off = 0;
        sc->lc_line = 1;
        sc->lc_col = 1;
    }
    int ln = sc->lc_line, c = sc->lc_col;
    asx_json_linecol_advance((const char *)sc->s, sc->lc_off, off, &ln, &c);
    sc->lc_off = off;
    sc->lc_line = ln;
    sc->lc_col = c;
    *line = ln;
    *col = c;
}

static bool sc_fail(scanner *sc, size_t off, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static bool sc_fail(scanner *sc, size_t off, const char *fmt, ...)
{
    if (sc->failed)
        return false;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(sc->err, sizeof sc->err, fmt, ap);
    va_end(ap);
    sc->failed = true;
    sc->err_off = off;
    return false;
}

static bool sc_eof(scanner *sc)
{
    return sc_fail(sc, sc->n, "%s",
                   ASX_L("ファイルが途中で終わっています", "unexpected end of file"));
}

static void sc_ws(scanner *sc)
{
    const unsigned char *s = sc->s;
    size_t i = sc->i, n = sc->n;
    while (i < n && (s[i] == ' ' || s[i] == '\n' || s[i] == '\r' || s[i] == '\t'))
        i++;
    sc->i = i;
}

/* Record a value starting at sc->i; returns its index or -1 on OOM. */
static long sc_record(scanner *sc, int parent, int kline, int kcol)
{
    if (sc->npos == sc->cap) {
        size_t cap = sc->cap ? sc->cap * 2 : 64;
        jpos *p = realloc(sc->pos, cap * sizeof *p);
        if (!p) {
            sc->oom = true;
            sc_fail(sc, sc->i, "%s", ASX_L("メモリ不足", "out of memory"));
            return -1;
        }
        sc->pos = p;
        sc->cap = cap;
    }
    jpos *p = &sc->pos[sc->npos];
    sc_linecol(sc, sc->i, &p->line, &p->col);
    p->kline = kline;
    p->kcol = kcol;
    p->parent = parent;
    return (long)sc->npos++;
}

static bool sc_unexpected(scanner *sc, const char *expected)
{
    if (sc->i >= sc->n)
        return sc_eof(sc);
    unsigned char c = sc->s[sc->i];
    if (c > 0x20 && c < 0x7F)
        return sc_fail(sc, sc->i, ASX_L("JSON の構文が不正です: %sが必要ですが '%c' があります",
                                        "invalid JSON: expected %s, found '%c'"),
                       expected, c);
    return sc_fail(sc, sc->i, ASX_L("JSON の構文が不正です: %sが必要です",
                                    "invalid JSON: expected %s"),
                   expected);
}

static int hexval(unsigned char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

/* Four hex digits at sc->i (just after "\u"); -1 after recording an error. */
static long sc_hex4(scanner *sc)
{
    if (sc->n - sc->i < 4) {
        sc_eof(sc);
        return -1;
    }
    long v = 0;
    for (int k = 0; k < 4; k++) {
        int h = hexval(sc->s[sc->i + (size_t)k]);
        if (h < 0) {
            sc_fail(sc, sc->i - 2, "%s",
                    ASX_L("JSON の構文が不正です: \\u の後に16進数4桁が必要です",
                          "invalid JSON: \\u must be followed by four hex digits"));
            return -1;
        }
        v = v * 16 + h;
    }
    sc->i += 4;
    return v;
}

static bool sc_escape_u(scanner *sc, size_t esc_start)
{
    long u = sc_hex4(sc);
    if (u < 0)
        return false;
    if (u == 0)
        return sc_fail(sc, esc_start, "%s",
                       ASX_L("文字列に NUL 文字 (\\u0000) が含まれています",
                             "NUL character (\\u0000) in a string"));
    if (u >= 0xDC00 && u <= 0xDFFF)
        goto bad_surrogate;
    if (u >= 0xD800 && u <= 0xDBFF) {
        if (sc->n - sc->i < 2 || sc->s[sc->i] != '\\' || sc->s[sc->i + 1] != 'u')
            goto bad_surrogate;
        sc->i += 2;
        long lo = sc_hex4(sc);
        if (lo < 0)
            return false;
        if (lo < 0xDC00 || lo > 0xDFFF)
            goto bad_surrogate;
    }
    return true;
bad_surrogate:
    return sc_fail(sc, esc_start, "%s",
                   ASX_L("JSON の構文が不正です: 対になっていないサロゲート (\\u) です",
                         "invalid JSON: unpaired surrogate in a \\u escape"));
}

/* A string starting at the opening quote at sc->i. */
static bool sc_string(scanner *sc)
{
    const unsigned char *s = sc->s;
    size_t n = sc->n;
    sc->i++;
    for (;;) {
        size_t i = sc->i;
        while (i < n && s[i] != '"' && s[i] != '\\' && s[i] >= 0x20)
            i++;
        sc->i = i;
        if (i >= n)
            return sc_eof(sc);
        unsigned char c = s[i];
        if (c == '"') {
            sc->i++;
            return true;
        }
        if (c < 0x20)
            return sc_fail(sc, i, "%s",
                           ASX_L("文字列に制御文字が含まれています (\\n などでエスケープしてください)",
                                 "control character in a string (escape it, e.g. \\n)"));
        /* backslash */
        if (i + 1 >= n)
            return sc_eof(sc);
        unsigned char e = s[i + 1];
        sc->i = i + 2;
        switch (e) {
        case '"': case '\\': case '/': case 'b': case 'f': case 'n': case 'r': case 't':
            break;
        case 'u':
            if (!sc_escape_u(sc, i))
                return false;
            break;
        default:
            return sc_fail(sc, i, "%s",
                           ASX_L("JSON の構文が不正です: 不正なエスケープです",
                                 "invalid JSON: invalid escape sequence"));
        }
    }
}

static bool is_digit(unsigned char c)
{
    return c >= '0' && c <= '9';
}

static bool sc_number(scanner *sc)
{
    const unsigned char *s = sc->s;
    size_t n = sc->n, i = sc->i, start = sc->i;
    if (s[i] == '-')
        i++;
    if (i >= n) {
        sc->i = i;
        return sc_eof(sc);
    }
    if (s[i] == '0') {
        i++;
    } else if (is_digit(s[i])) {
        while (i < n && is_digit(s[i]))
            i++;
    } else {
        goto bad;
    }
    if (i < n && s[i] == '.') {
        i++;
        if (i >= n || !is_digit(s[i]))
            goto bad;
        while (i < n && is_digit(s[i]))
            i++;
    }
    if (i < n && (s[i] == 'e' || s[i] == 'E')) {
        i++;
        if (i < n && (s[i] == '+' || s[i] == '-'))
            i++;
        if (i >= n || !is_digit(s[i]))
            goto bad;
        while (i < n && is_digit(s[i]))
            i++;
    }
    if (i < n && (is_digit(s[i]) || s[i] == '.' || s[i] == 'e' || s[i] == 'E' || s[i] == 'x'))
        goto bad; /* "01", "1.2.3", "0x10" */
    sc->i = i;
    return true;
bad:
    return sc_fail(sc, start, "%s",
                   ASX_L("JSON の構文が不正です: 数値の書き方が不正です",
                         "invalid JSON: malformed number"));
}

static bool sc_literal(scanner *sc, const char *word)
{
    size_t k = strlen(word);
    if (sc->n - sc->i >= k && memcmp(sc->s + sc->i, word, k) == 0) {
        sc->i += k;
        return true;
    }
    if (sc->n - sc->i < k && memcmp(sc->s + sc->i, word, sc->n - sc->i) == 0) {
        sc->i = sc->n;
        return sc_eof(sc);
    }
    return sc_fail(sc, sc->i, "%s",
                   ASX_L("JSON の構文が不正です: 値が必要です (文字列は \"...\" で囲みます)",
                         "invalid JSON: expected a value (strings need \"quotes\")"));
}

static bool sc_value(scanner *sc, int depth, int parent, int kline, int kcol);

static bool sc_object(scanner *sc, int depth, int self)
{
    sc->i++; /* { */
    sc_ws(sc);
    if (sc->i < sc->n && sc->s[sc->i] == '}') {
        sc->i++;
        return true;
    }
    for (;;) {
        sc_ws(sc);
        if (sc->i >= sc->n || sc->s[sc->i] != '"')
            return sc_unexpected(sc, ASX_L("キー (\"...\")", "a key in \"quotes\""));
        int kl, kc;
        sc_linecol(sc, sc->i, &kl, &kc);
        if (!sc_string(sc))
            return false;
        sc_ws(sc);
        if (sc->i >= sc->n || sc->s[sc->i] != ':')
            return sc_unexpected(sc, "':'");
        sc->i++;
        if (!sc_value(sc, depth, self, kl, kc))
            return false;
        sc_ws(sc);
        if (sc->i < sc->n && sc->s[sc->i] == ',') {
            sc->i++;
            continue;
        }
        if (sc->i < sc->n && sc->s[sc->i] == '}') {
            sc->i++;
            return true;
        }
        return sc_unexpected(sc, ASX_L("',' または '}'", "',' or '}'"));
    }
}

static bool sc_array(scanner *sc, int depth, int self)
{
    sc->i++; /* [ */
    sc_ws(sc);
    if (sc->i < sc->n && sc->s[sc->i] == ']') {
        sc->i++;
        return true;
    }
    for (;;) {
        if (!sc_value(sc, depth, self, 0, 0))
            return false;
        sc_ws(sc);
        if (sc->i < sc->n && sc->s[sc->i] == ',') {
            sc->i++;
            continue;
        }
        if (sc->i < sc->n && sc->s[sc->i] == ']') {
            sc->i++;
            return true;
        }
        return sc_unexpected(sc, ASX_L("',' または ']'", "',' or ']'"));
    }
}

/* depth: number of containers around this value. */
static bool sc_value(scanner *sc, int depth, int parent, int kline, int kcol)
{
    sc_ws(sc);
    if (sc->i >= sc->n)
        return sc_eof(sc);
    unsigned char c = sc->s[sc->i];
    if ((c == '{' || c == '[') && depth + 1 > ASX_JSON_MAX_DEPTH)
        return sc_fail(sc, sc->i,
                       ASX_L("入れ子が深すぎます (%d 段まで)", "nesting deeper than %d levels"),
                       ASX_JSON_MAX_DEPTH);
    long self = sc_record(sc, parent, kline, kcol);
    if (self < 0)
        return false;
    switch (c) {
    case '{':
        return sc_object(sc, depth + 1, (int)self);
    case '[':
        return sc_array(sc, depth + 1, (int)self);
    case '"':
        return sc_string(sc);
    case 't':
        return sc_literal(sc, "true");
    case 'f':
        return sc_literal(sc, "false");
    case 'n':
        return sc_literal(sc, "null");
    default:
        if (c == '-' || is_digit(c))
            return sc_number(sc);
        return sc_unexpected(sc, ASX_L("値", "a value"));
    }
}

static bool sc_document(scanner *sc)
{
    if (!sc_value(sc, 0, -1, 0, 0))
        return false;
    sc_ws(sc);
    if (sc->i < sc->n)
        return sc_fail(sc, sc->i, "%s",
                       ASX_L("JSON の値の後に余分なデータがあります",
                             "invalid JSON: unexpected data after the value"));
    return true;
}

/* ------------------------------------------------------------------ node table */

static size_t ptr_hash(const cJSON *p)
{
    uint64_t x = (uint64_t)(uintptr_t)p;
    x ^= x >> 33;
    x *= 0xff51afd7ed558ccdull;
    x ^= x >> 33;
    return (size_t)x;
}

static bool table_build(asx_json *j)
{
    size_t cap = 16;
    while (cap < j->n * 2)
        cap *= 2;
    j->tab = calloc(cap, sizeof *j->tab);
    if (!j->tab)
        return false;
    j->mask = cap - 1;
    for (size_t i = 0; i < j->n; i++) {
        size_t h = ptr_hash(j->nodes[i]) & j->mask;
        while (j->tab[h].node)
            h = (h + 1) & j->mask;
        j->tab[h].node = j->nodes[i];
        j->tab[h].idx = i;
    }
    return true;
}

static long node_index(const asx_json *j, const cJSON *node)
{
    if (!j || !node || !j->tab)
        return -1;
    size_t h = ptr_hash(node) & j->mask;
    while (j->tab[h].node) {
        if (j->tab[h].node == node)
            return (long)j->tab[h].idx;
        h = (h + 1) & j->mask;
    }
    return -1;
}

/* ------------------------------------------------------------------ tree walk */

typedef struct {
    asx_json *j;
    asx_diags *d;
    size_t next;   /* next pre-order index */
    bool mismatch; /* the tree and the scan disagree (a bug) */
    bool bad;      /* a problem was reported */
} walker;

static void walk_report(walker *w, size_t idx, bool at_key, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static void walk_report(walker *w, size_t idx, bool at_key, const char *fmt, ...)
{
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    const jpos *p = &w->j->pos[idx];
    int line = at_key && p->kline ? p->kline : p->line;
    int col = at_key && p->kline ? p->kcol : p->col;
    asx_diags_addf(w->d, ASX_ERR_DATA, w->j->file, line, col, "%s", msg);
    w->bad = true;
}

static int cmp_key_idx(const void *a, const void *b)
{
    const cJSON *const *x = a;
    const cJSON *const *y = b;
    int c = strcmp((*x)->string, (*y)->string);
    if (c)
        return c;
    return (*x < *y) ? -1 : (*x > *y); /* stable enough: only equality matters below */
}

/* Report every member of an object whose key already appeared earlier in it. */
static void check_duplicates(walker *w, const cJSON *obj)
{
    size_t k = 0;
    for (const cJSON *c = obj->child; c; c = c->next)
        k++;
    if (k < 2)
        return;
    if (k <= 32) {
        for (const cJSON *c = obj->child->next; c; c = c->next)
            for (const cJSON *p = obj->child; p != c; p = p->next)
                if (c->string && p->string && strcmp(c->string, p->string) == 0) {
                    long idx = node_index(w->j, c);
                    if (idx >= 0)
                        walk_report(w, (size_t)idx, true,
                                    ASX_L("キー \"%s\" が重複しています", "duplicate key \"%s\""),
                                    c->string);
                    break;
                }
        return;
    }
    /* Large object: sort a copy by key; a member equal to its sorted predecessor is a
     * duplicate. Report in document (index) order. */
    const cJSON **v = malloc(k * sizeof *v);
    if (!v) {
        asx_diags_addf(w->d, ASX_ERR_NOMEM, w->j->file, 0, 0, "%s",
                       ASX_L("メモリ不足", "out of memory"));
        w->bad = true;
        return;
    }
    size_t i = 0;
    for (const cJSON *c = obj->child; c; c = c->next)
        v[i++] = c;
    qsort(v, k, sizeof *v, cmp_key_idx);
    long *dups = malloc(k * sizeof *dups);
    size_t nd = 0;
    if (!dups) {
        free(v);
        asx_diags_addf(w->d, ASX_ERR_NOMEM, w->j->file, 0, 0, "%s",
                       ASX_L("メモリ不足", "out of memory"));
        w->bad = true;
        return;
    }
    /* within a run of equal keys, all but the earliest (lowest index) are duplicates */
    size_t run = 0;
    for (i = 1; i <= k; i++) {
        if (i < k && strcmp(v[i]->string, v[run]->string) == 0)
            continue;
        if (i - run > 1) {
            long first = LONG_MAX;
            for (size_t r = run; r < i; r++) {
                long x = node_index(w->j, v[r]);
                if (x < first)
                    first = x;
            }
            for (size_t r = run; r < i; r++) {
                long x = node_index(w->j, v[r]);
                if (x != first && x >= 0)
                    dups[nd++] = x;
            }
        }
        run = i;
    }
    for (size_t a = 1; a < nd; a++) { /* insertion sort: duplicates are rare */
        long x = dups[a];
        size_t b = a;
        while (b > 0 && dups[b - 1] > x) {
            dups[b] = dups[b - 1];
            b--;
        }
        dups[b] = x;
    }
    for (size_t a = 0; a < nd; a++)
        walk_report(w, (size_t)dups[a], true,
                    ASX_L("キー \"%s\" が重複しています", "duplicate key \"%s\""),
                    w->j->nodes[dups[a]]->string);
    free(dups);
    free(v);
}

/* Pass 1: give every node its pre-order index. */
static void walk_index(walker *w, const cJSON *node)
{
    for (; node; node = node->next) {
        if (w->next >= w->j->n) {
            w->mismatch = true;
            return;
        }
        w->j->nodes[w->next++] = node;
        if (cJSON_IsArray(node) || cJSON_IsObject(node))
            walk_index(w, node->child);
    }
}

/* Pass 2: duplicate keys and numbers out of range, in document order. */
static void walk_check(walker *w)
{
    for (size_t i = 0; i < w->j->n; i++) {
        const cJSON *node = w->j->nodes[i];
        if (cJSON_IsNumber(node) && !isfinite(node->valuedouble))
            walk_report(w, i, false, "%s",
                        ASX_L("数値が範囲外です", "number out of range"));
        else if (cJSON_IsObject(node))
            check_duplicates(w, node);
    }
}

/* ------------------------------------------------------------------ public */

void asx_json_free(asx_json *j)
{
    if (!j)
        return;
    cJSON_Delete(j->root);
    free(j->file);
    free(j->pos);
    free(j->nodes);
    free(j->tab);
    free(j);
}

static void add_at(asx_diags *d, const char *file, const char *buf, size_t len, size_t off,
                   const char *msg)
{
    int line, col;
    asx_linecol(buf, len, off, &line, &col);
    asx_diags_addf(d, ASX_ERR_DATA, file, line, col, "%s", msg);
}

asx_error asx_json_parse(const char *buf, size_t len, const char *file, asx_json **out,
                         asx_diags *d)
{
    asx_error err = ASX_ERR_DATA;
    scanner sc;
    asx_json *j = NULL;

    memset(&sc, 0, sizeof sc);
    *out = NULL;
    if (!buf) {
        buf = "";
        len = 0;
    }
    /* A UTF-8 byte order mark (Windows Notepad) is allowed and ignored. */
    if (len >= 3 && memcmp(buf, "\xEF\xBB\xBF", 3) == 0) {
        buf += 3;
        len -= 3;
    }
    size_t ok = asx_utf8_valid_prefix(buf, len);
    if (ok < len) {
        add_at(d, file, buf, len, ok,
               ASX_L("UTF-8 として不正なバイトがあります (文字コードを UTF-8 にしてください)",
                     "invalid UTF-8 (save the file as UTF-8)"));
        goto done;
    }
    const char *nul = memchr(buf, '\0', len);
    if (nul) {
        add_at(d, file, buf, len, (size_t)(nul - buf),
               ASX_L("NUL バイトが含まれています", "NUL byte in the file"));
        goto done;
    }
    sc.s = (const unsigned char *)buf;
    sc.n = len;
    sc.lc_line = 1;
    sc.lc_col = 1;
    if (!sc_document(&sc)) {
        if (sc.oom) {
            err = ASX_ERR_NOMEM;
            asx_diags_addf(d, err, file, 0, 0, "%s", sc.err);
        } else {
            add_at(d, file, buf, len, sc.err_off, sc.err);
        }
        goto done;
    }

    j = calloc(1, sizeof *j);
    if (!j)
        goto nomem;
    if (file && !(j->file = asx_strdup(file)))
        goto nomem;
    const char *end = NULL;
    j->root = cJSON_ParseWithLengthOpts(buf, len, &end, 0);
    if (!j->root) {
        /* The scanner accepted it, so this is most likely memory. Say where cJSON stopped. */
        size_t off = end && end >= buf && end <= buf + len ? (size_t)(end - buf) : 0;
        add_at(d, file, buf, len, off,
               ASX_L("JSON を読み込めません (cJSON)", "invalid JSON (rejected by cJSON)"));
        goto done;
    }
    j->n = sc.npos;
    j->pos = sc.pos;
    sc.pos = NULL;
    j->nodes = calloc(j->n ? j->n : 1, sizeof *j->nodes);
    if (!j->nodes)
        goto nomem;
    walker w = {.j = j, .d = d};
    walk_index(&w, j->root);
    if (w.mismatch || w.next != j->n) {
        asx_diags_addf(d, ASX_ERR_INTERNAL, file, 0, 0,
                       ASX_L("内部エラー: JSON の位置情報が木と一致しません (%zu / %zu)",
                             "internal error: JSON positions do not match the tree (%zu / %zu)"),
                       w.next, j->n);
        err = ASX_ERR_INTERNAL;
        goto done;
    }
    if (!table_build(j))
        goto nomem;
    walk_check(&w);
    if (w.bad)
        goto done;
    *out = j;
    j = NULL;
    err = ASX_OK;
    goto done;
nomem:
    err = ASX_ERR_NOMEM;
    asx_diags_addf(d, err, file, 0, 0, "%s", ASX_L("メモリ不足", "out of memory"));
done:
    free(sc.pos);
    asx_json_free(j);
    return err;
}

const cJSON *asx_json_root(const asx_json *j)
{
    return j ? j->root : NULL;
}

const char *asx_json_file(const asx_json *j)
{
    return j ? j->file : NULL;
}

asx_error asx_json_parse_trusted(const char *buf, size_t len, const char *file, asx_json **out,
                                 asx_diags *d)
{
    *out = NULL;
    asx_json *j = calloc(1, sizeof *j);
    if (!j || (file && !(j->file = asx_strdup(file)))) {
        free(j);
        return ASX_ERR_NOMEM;
    }
    j->root = cJSON_ParseWithLength(buf, len);
    if (!j->root) {
        asx_diags_addf(d, ASX_ERR_INTERNAL, file, 0, 0, ASX_L("JSON を読み込めません (cJSON)", "invalid JSON (rejected by cJSON)"));
        asx_json_free(j);
        return ASX_ERR_INTERNAL;
    }
    *out = j;
    return ASX_OK;
}

void asx_json_pos(const asx_json *j, const cJSON *node, int *line, int *col)
{
    long idx = node_index(j, node);
    *line = idx >= 0 ? j->pos[idx].line : 0;
    *col = idx >= 0 ? j->pos[idx].col : 0;
}

/* Position of a member's key (falls back to the value). */
static void key_pos(const asx_json *j, const cJSON *node, int *line, int *col)
{
    long idx = node_index(j, node);
    if (idx >= 0 && j->pos[idx].kline) {
        *line = j->pos[idx].kline;
        *col = j->pos[idx].kcol;
        return;
    }
    asx_json_pos(j, node, line, col);
}

static void errv_at(const asx_json *j, asx_diags *d, int line, int col, const char *fmt,
                    va_list ap) __attribute__((format(printf, 5, 0)));

static void errv_at(const asx_json *j, asx_diags *d, int line, int col, const char *fmt,
                    va_list ap)
{
    char small[512];
    va_list ap2;
    va_copy(ap2, ap);
    int n = vsnprintf(small, sizeof small, fmt, ap);
    if (n >= 0 && (size_t)n >= sizeof small) {
        char *big = malloc((size_t)n + 1);
        if (big) {
            vsnprintf(big, (size_t)n + 1, fmt, ap2);
            asx_diags_addf(d, ASX_ERR_DATA, asx_json_file(j), line, col, "%s", big);
            free(big);
            va_end(ap2);
            return;
        }
    }
    va_end(ap2);
    asx_diags_addf(d, ASX_ERR_DATA, asx_json_file(j), line, col, "%s", n >= 0 ? small : fmt);
}

void asx_json_errf(const asx_json *j, asx_diags *d, const cJSON *node, const char *fmt, ...)
{
    int line, col;
    asx_json_pos(j, node, &line, &col);
    va_list ap;
    va_start(ap, fmt);
    errv_at(j, d, line, col, fmt, ap);
    va_end(ap);
}

static void key_errf(const asx_json *j, asx_diags *d, const cJSON *node, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static void key_errf(const asx_json *j, asx_diags *d, const cJSON *node, const char *fmt, ...)
{
    int line, col;
    key_pos(j, node, &line, &col);
    va_list ap;
    va_start(ap, fmt);
    errv_at(j, d, line, col, fmt, ap);
    va_end(ap);
}

const cJSON *asx_json_get(const cJSON *obj, const char *key)
{
    if (!obj || !cJSON_IsObject(obj))
        return NULL;
    return cJSON_GetObjectItemCaseSensitive(obj, key);
}

/* The dotted path of node from the root ("vendor.name", "subcontractors[2].country") into b;
 * empty for the root or an unknown node. */
static void node_path(const asx_json *j, const cJSON *node, asx_buf *b)
{
    long idx = node_index(j, node);
    if (idx < 0)
        return;
    long chain[ASX_JSON_MAX_DEPTH + 2];
    int depth = 0;
    for (long x = idx; x >= 0 && depth < ASX_JSON_MAX_DEPTH + 2; x = j->pos[x].parent)
        chain[depth++] = x;
    /* chain[depth-1] is the root; walk down from its first child */
    for (int k = depth - 2; k >= 0; k--) {
        const cJSON *n = j->nodes[chain[k]];
        const cJSON *par = j->nodes[chain[k + 1]];
        if (cJSON_IsObject(par) && n->string) {
            if (b->len)
                asx_buf_addc(b, '.');
            asx_buf_adds(b, n->string);
        } else {
            size_t pos = 0;
            for (const cJSON *c = par->child; c && c != n; c = c->next)
                pos++;
            asx_buf_addf(b, "[%zu]", pos);
        }
    }
}

static char *member_path(const asx_json *j, const cJSON *obj, const char *key)
{
    asx_buf b = {0};
    node_path(j, obj, &b);
    if (b.len)
        asx_buf_addc(&b, '.');
    asx_buf_adds(&b, key);
    return asx_buf_take(&b);
}

static void want_missing(const asx_json *j, asx_diags *d, const cJSON *obj, const char *key)
{
    char *path = member_path(j, obj, key);
    asx_json_errf(j, d, obj, ASX_L("\"%s\": 必須の項目がありません", "\"%s\": required key is missing"),
                  path ? path : key);
    free(path);
}

static void want_type(const asx_json *j, asx_diags *d, const cJSON *obj, const char *key,
                      const cJSON *v, const char *want)
{
    char what[128];
    asx_json_describe(v, what, sizeof what);
    char *path = member_path(j, obj, key);
    asx_json_errf(j, d, v, ASX_L("\"%s\": %sが必要ですが、%s が指定されています", "\"%s\": expected %s, got %s"),
                  path ? path : key, want, what);
    free(path);
}

const char *asx_json_want_string(const asx_json *j, asx_diags *d, const cJSON *obj,
                                 const char *key, bool required)
{
    const cJSON *v = asx_json_get(obj, key);
    if (!v || (!required && cJSON_IsNull(v))) {
        if (required)
            want_missing(j, d, obj, key);
        return NULL;
    }
    if (!cJSON_IsString(v) || !v->valuestring) {
        want_type(j, d, obj, key, v, ASX_L("文字列", "a string"));
        return NULL;
    }
    return v->valuestring;
}

bool asx_json_want_number(const asx_json *j, asx_diags *d, const cJSON *obj, const char *key,
                          bool required, double *out)
{
    const cJSON *v = asx_json_get(obj, key);
    if (!v || (!required && cJSON_IsNull(v))) {
        if (required)
            want_missing(j, d, obj, key);
        return false;
    }
    if (!cJSON_IsNumber(v) || !isfinite(v->valuedouble)) {
        want_type(j, d, obj, key, v, ASX_L("数値", "a number"));
        return false;
    }
    if (out)
        *out = v->valuedouble;
    return true;
}

int asx_json_check_keys(const asx_json *j, asx_diags *d, const cJSON *obj,
                        const char *const *allowed, const char *what)
{
    if (!obj || !cJSON_IsObject(obj))
        return 0;
    int bad = 0;
    for (const cJSON *c = obj->child; c; c = c->next) {
        bool found = false;
        /* the first bytes compared inline: most allowed keys differ there, and a bank checks
         * thousands of keys against lists of dozens */
        for (const char *const *a = allowed; c->string && a && *a; a++)
            if ((*a)[0] == c->string[0] && strcmp(c->string, *a) == 0) {
                found = true;
                break;
            }
        if (found)
            continue;
        key_errf(j, d, c, ASX_L("%s に不明なキー \"%s\" があります", "unknown key \"%s\" in %s"),
                 ASX_L(what, c->string ? c->string : ""), ASX_L(c->string ? c->string : "", what));
        bad++;
    }
    return bad;
}

/* Copy at most max bytes of s into buf (whole UTF-8 characters), adding "…" when cut. */
static void clip_string(const char *s, char *out, size_t size, size_t max)
{
    size_t n = strlen(s);
    size_t k = n;
    if (k > max) {
        k = max;
        while (k > 0 && ((unsigned char)s[k] & 0xC0) == 0x80)
            k--;
    }
    snprintf(out, size, "%.*s%s", (int)k, s, k < n ? "…" : "");
}

static void format_number(double v, char *out, size_t size)
{
    if (!isfinite(v)) {
        snprintf(out, size, "%s", v > 0 ? "1e999" : v < 0 ? "-1e999" : "NaN");
        return;
    }
    if (v == floor(v) && fabs(v) < 1e15) {
        snprintf(out, size, "%.0f", v);
        return;
    }
    for (int prec = 1; prec <= 17; prec++) {
        snprintf(out, size, "%.*g", prec, v);
        if (strtod(out, NULL) == v)
            return;
    }
}

void asx_json_describe(const cJSON *v, char *buf, size_t size)
{
    if (!buf || size == 0)
        return;
    if (!v) {
        snprintf(buf, size, "%s", ASX_L("値なし", "nothing"));
        return;
    }
    if (cJSON_IsString(v)) {
        char clip[96];
        clip_string(v->valuestring ? v->valuestring : "", clip, sizeof clip, 40);
        snprintf(buf, size, ASX_L("文字列 \"%s\"", "a string \"%s\""), clip);
    } else if (cJSON_IsNumber(v)) {
        char num[40];
        format_number(v->valuedouble, num, sizeof num);
        snprintf(buf, size, ASX_L("数値 %s", "a number %s"), num);
    } else if (cJSON_IsTrue(v)) {
        snprintf(buf, size, "true");
    } else if (cJSON_IsFalse(v)) {
        snprintf(buf, size, "false");
    } else if (cJSON_IsNull(v)) {
        snprintf(buf, size, "null");
    } else if (cJSON_IsArray(v)) {
        snprintf(buf, size, "%s", ASX_L("配列", "an array"));
    } else if (cJSON_IsObject(v)) {
        snprintf(buf, size, "%s", ASX_L("オブジェクト", "an object"));
    } else {
        snprintf(buf, size, "%s", ASX_L("不明な値", "an unknown value"));
    }
}

char *asx_json_output(const cJSON *v)
{
    return cJSON_PrintUnformatted(v);
}
