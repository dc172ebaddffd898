/* reg_stream.c - a JSON register read one element at a time (register migrate): the file
 * mapped, its top level walked, each entry and event parsed on its own by reg_json.c's parser,
 * the places shifted to the file's (see reg_stream_register in reg_impl.h). */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cjson/cJSON.h>
#include "asx/json.h"
#include "asx/register.h"
#include "asx/util.h"
#include "reg_impl.h"

/* ---- a JSON register read one element at a time (migrate) ---- */

/* Line and column of byte off, counted on from the last position asked (off only grows). */
typedef struct {
    const char *buf;
    size_t off;
    int line, col;
} st_pos;

static void st_pos_at(st_pos *p, size_t off)
{
    asx_json_linecol_advance(p->buf, p->off, off, &p->line, &p->col);
    p->off = off;
}

static bool st_ws(char c)
{
    return c == ' ' || c == '\n' || c == '\r' || c == '\t';
}

static size_t st_skip_ws(const char *b, size_t len, size_t i)
{
    while (i < len && st_ws(b[i]))
        i++;
    return i;
}

typedef struct {
    const char *buf;
    size_t len;
    const char *file;
    const reg_stream_sink *sink;
    asx_diags *d;
    size_t released;
    size_t n0; /* problems in d before the register was read */
} st_ctx;

/* Give back the bytes before off (the caller maps the file: they need not stay in memory). */
static void st_release(st_ctx *c, size_t off)
{
    /* every 8 MB read on, or read again from further back */
    if (c->sink->release && (off > c->released + (8u << 20) || off < c->released)) {
        c->sink->release(c->sink->ctx, off);
        c->released = off;
    }
}

/* The end of the JSON value that starts at b[i], found without checking it (its own parse
 * does): after its closing bracket or quote, or where a number or literal stops; len when it
 * does not end. The bytes passed are given back as it goes when rel is not NULL. */
static size_t st_skip_value(const char *b, size_t len, size_t i, st_ctx *rel)
{
    size_t depth = 0, next = i + (1u << 20);
    for (; i < len; i++) {
        char c = b[i];
        if (rel && i >= next) {
            st_release(rel, i);
            next = i + (1u << 20);
        }
        if (c == '"') {
            for (i++; i < len && b[i] != '"'; i++)
                if (b[i] == '\\')
                    i++;
            if (i >= len)
                return len;
            if (!depth)
                return i + 1;
        } else if (c == '{' || c == '[') {
            depth++;
        } else if (c == '}' || c == ']') {
            if (!depth)
                return i; /* a scalar followed by its container's end */
            if (!--depth)
                return i + 1;
        } else if (!depth && (c == ',' || c == ':' || st_ws(c))) {
            return i;
        }
    }
    return len;
}

/* Move the problems of tmp (found in a slice that starts at p) to c->d, placed in the file. */
static void st_place(st_ctx *c, asx_diags *tmp, const st_pos *p)
{
    for (size_t i = 0; i < tmp->n; i++) {
        asx_diag *x = &tmp->v[i];
        if (x->line > 0) {
            if (x->line == 1)
                x->col += p->col - 1;
            x->line += p->line - 1;
        }
    }
    asx_diags_move(c->d, tmp);
}

static void st_errf(st_ctx *c, const st_pos *p, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void st_errf(st_ctx *c, const st_pos *p, const char *fmt, ...)
{
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    asx_diags_addf(c->d, ASX_ERR_DATA, c->file, p->line, p->col, "%s", msg);
}

/* The value at [off, end) parsed on its own (strict, with its places in the file). */
static asx_error st_parse(st_ctx *c, size_t off, size_t end, const st_pos *p, asx_json **j)
{
    asx_diags tmp;
    asx_diags_init(&tmp);
    asx_error err = asx_json_parse(c->buf + off, end - off, c->file, j, &tmp);
    st_place(c, &tmp, p);
    asx_diags_free(&tmp);
    return err;
}

/* st_pos_at over a long way, giving the bytes passed back as it goes. */
static void st_pos_to(st_ctx *c, st_pos *p, size_t off)
{
    while (p->off + (8u << 20) < off) {
        st_pos_at(p, p->off + (8u << 20));
        st_release(c, p->off);
    }
    st_pos_at(p, off);
}

typedef struct {
    const char *key;
    size_t off, end; /* the value */
    st_pos pos;      /* where the value starts */
    st_pos kpos;     /* where the key starts */
} st_member;

enum { ST_FORMAT, ST_ORG, ST_SEQ, ST_ENTRIES, ST_HISTORY, ST_NMEMBERS };

/* The top level: each member's key and where its value is, checked as the whole-file parse
 * checks it (an object, known keys once each, nothing after it). */
static asx_error st_top(st_ctx *c, size_t i, st_member m[ST_NMEMBERS], st_pos *root)
{
    static const char *const keys[ST_NMEMBERS] = {"format", "organization", "next_seq",
                                                  "entries", "history"};
    const char *b = c->buf;
    size_t len = c->len;
    st_pos p = {b, 0, 1, 1};
    i = st_skip_ws(b, len, i);
    st_pos_to(c, &p, i);
    *root = p;
    if (i >= len || b[i] != '{') {
        st_errf(c, &p, ASX_L("%s: オブジェクトが必要です", "%s: expected an object"),
                ASX_L("台帳", "register"));
        return ASX_ERR_DATA;
    }
    for (int k = 0; k < ST_NMEMBERS; k++)
        m[k] = (st_member){.key = keys[k]};
    i = st_skip_ws(b, len, i + 1);
    if (i < len && b[i] == '}')
        goto closed;
    for (;;) {
        st_pos_to(c, &p, i);
        st_pos kp = p;
        if (i >= len || b[i] != '"')
            goto syntax;
        size_t kend = st_skip_value(b, len, i, NULL);
        cJSON *key = cJSON_ParseWithLength(b + i, kend - i);
        if (!cJSON_IsString(key)) {
            cJSON_Delete(key);
            goto syntax;
        }
        int k = 0;
        while (k < ST_NMEMBERS && strcmp(keys[k], key->valuestring) != 0)
            k++;
        if (k == ST_NMEMBERS)
            st_errf(c, &kp, ASX_L("%s に不明なキー \"%s\" があります", "unknown key \"%s\" in %s"),
                    ASX_L("台帳", key->valuestring), ASX_L(key->valuestring, "register"));
        else if (m[k].end)
            st_errf(c, &kp, ASX_L("キー \"%s\" が重複しています", "duplicate key \"%s\""),
                    key->valuestring);
        cJSON_Delete(key);
        i = st_skip_ws(b, len, kend);
        if (i >= len || b[i] != ':')
            goto syntax;
        i = st_skip_ws(b, len, i + 1);
        st_pos_to(c, &p, i);
        size_t end = st_skip_value(b, len, i, c);
        if (end == i)
            goto syntax;
        if (k < ST_NMEMBERS && !m[k].end)
            m[k] = (st_member){keys[k], i, end, p, kp};
        i = st_skip_ws(b, len, end);
        st_release(c, i);
        if (i < len && b[i] == ',') {
            i = st_skip_ws(b, len, i + 1);
            continue;
        }
        if (i < len && b[i] == '}')
            break;
        goto syntax;
    }
closed:
    i = st_skip_ws(b, len, i + 1);
    if (i < len) {
        st_pos_to(c, &p, i);
        st_errf(c, &p, "%s", ASX_L("JSON の後に余分なデータがあります", "trailing data after the JSON value"));
        return ASX_ERR_DATA;
    }
    return ASX_OK;
syntax:
    st_pos_to(c, &p, i < len ? i : len);
    st_errf(c, &p, "%s", i < len ? ASX_L("JSON の構文が不正です", "invalid JSON syntax")
                                 : ASX_L("ファイルが途中で終わっています", "unexpected end of file"));
    return ASX_ERR_DATA;
}

/* Each element of the array member m, parsed on its own and given to fn (an error of its
 * syntax stops the walk; a problem of its content is collected and the walk goes on). */
static asx_error st_array(st_ctx *c, const st_member *m,
                          asx_error (*fn)(st_ctx *c, reg_pctx *pc, const cJSON *v, size_t off,
                                          size_t end, const st_pos *p, void *arg),
                          void *arg)
{
    const char *b = c->buf;
    st_pos p = m->pos;
    if (b[m->off] != '[') {
        /* its syntax first, as the whole-file parse finds it */
        asx_json *j = NULL;
        asx_error err = st_parse(c, m->off, m->end, &p, &j);
        asx_json_free(j);
        if (!err)
            st_errf(c, &p, ASX_L("%s: 配列が必要です", "%s: expected an array"), m->key);
        return ASX_ERR_DATA;
    }
    size_t i = st_skip_ws(b, m->end, m->off + 1);
    if (i < m->end && b[i] == ']')
        return ASX_OK;
    for (;;) {
        st_pos_at(&p, i);
        size_t end = st_skip_value(b, m->end, i, NULL);
        asx_json *j = NULL;
        asx_error err = end > i ? st_parse(c, i, end, &p, &j) : ASX_ERR_DATA;
        if (end == i)
            st_errf(c, &p, "%s", ASX_L("JSON の構文が不正です", "invalid JSON syntax"));
        if (err)
            return err;
        asx_diags tmp;
        asx_diags_init(&tmp);
        reg_pctx pc = {j, &tmp};
        err = fn(c, &pc, asx_json_root(j), i, end, &p, arg);
        st_place(c, &tmp, &p);
        asx_diags_free(&tmp);
        asx_json_free(j);
        if (err)
            return err;
        i = st_skip_ws(b, m->end, end);
        st_release(c, i);
        if (i < m->end && b[i] == ',') {
            i = st_skip_ws(b, m->end, i + 1);
            continue;
        }
        if (i < m->end && b[i] == ']' && i + 1 == m->end)
            return ASX_OK;
        st_pos_at(&p, i);
        st_errf(c, &p, "%s", ASX_L("JSON の構文が不正です", "invalid JSON syntax"));
        return ASX_ERR_DATA;
    }
}

/* A small member (format, organization, next_seq) parsed on its own (NULL when absent). */
static asx_error st_small(st_ctx *c, const st_member *m, asx_json **j)
{
    *j = NULL;
    return m->end ? st_parse(c, m->off, m->end, &m->pos, j) : ASX_OK;
}

typedef struct {
    reg_id_ref *refs;
    size_t nrefs;
    char **ids; /* owned copies of refs[k].id */
    st_pos *pos;
} st_ids;

static asx_error st_entry(st_ctx *c, reg_pctx *pc, const cJSON *v, size_t off, size_t end,
                          const st_pos *p, void *arg)
{
    st_ids *ids = arg;
    if (!reg_p_object(pc, v, "entries"))
        return ASX_OK;
    asx_reg_entry e;
    memset(&e, 0, sizeof e);
    size_t n0 = pc->d->n;
    reg_p_entry(pc, v, &e);
    if (e.id) {
        /* where the id is, to say where it appears twice */
        int line = 0, col = 0;
        asx_json_pos(pc->j, asx_json_get(v, "id"), &line, &col);
        reg_id_ref *x = reg_grow(&ids->refs, &ids->nrefs, sizeof *x);
        size_t n = ids->nrefs - 1;
        char **s = x ? reg_grow(&ids->ids, &n, sizeof *s) : NULL;
        n = ids->nrefs - 1;
        st_pos *sp = s ? reg_grow(&ids->pos, &n, sizeof *sp) : NULL;
        if (!sp || !(*s = asx_strdup(e.id))) {
            asx_reg_entry_clear(&e);
            return ASX_ERR_NOMEM;
        }
        *x = (reg_id_ref){*s, NULL, ids->nrefs - 1};
        *sp = (st_pos){NULL, 0, line == 1 ? p->line : p->line + line - 1,
                       line == 1 ? p->col + col - 1 : col};
    }
    asx_error err = ASX_OK;
    if (pc->d->n == n0 && c->d->n == c->n0 && c->sink->entry)
        err = c->sink->entry(c->sink->ctx, &e, off, end - off, c->d);
    asx_reg_entry_clear(&e);
    return err;
}

static asx_error st_event(st_ctx *c, reg_pctx *pc, const cJSON *it, size_t off, size_t end,
                          const st_pos *p, void *arg)
{
    (void)arg;
    (void)off;
    (void)end;
    (void)p;
    if (!reg_p_object(pc, it, "history"))
        return ASX_OK;
    asx_reg_event ev;
    memset(&ev, 0, sizeof ev);
    size_t n0 = pc->d->n;
    reg_p_event(pc, it, &ev);
    asx_error err = ASX_OK;
    if (pc->d->n == n0 && c->d->n == c->n0 && c->sink->event)
        err = c->sink->event(c->sink->ctx, 1, &ev, c->d);
    asx_reg_event_clear(&ev);
    return err;
}

/* Pass 0 over the history: each element given to the sink with only its entry (NULL when it
 * has none), read without checks (pass 1 checks each and stops at the first problem). */
static asx_error st_entries_of_events(st_ctx *c, const st_member *m)
{
    const char *b = c->buf;
    if (b[m->off] != '[')
        return ASX_OK; /* pass 1 says so */
    size_t i = st_skip_ws(b, m->end, m->off + 1);
    while (i < m->end && b[i] != ']') {
        size_t end = st_skip_value(b, m->end, i, NULL);
        if (end == i)
            return ASX_OK;
        cJSON *v = cJSON_ParseWithLength(b + i, end - i);
        const cJSON *entry = cJSON_GetObjectItemCaseSensitive(v, "entry");
        asx_reg_event ev = {.entry = cJSON_IsString(entry) ? entry->valuestring : NULL};
        asx_error err = c->sink->event(c->sink->ctx, 0, &ev, c->d);
        cJSON_Delete(v);
        if (err)
            return err;
        i = st_skip_ws(b, m->end, end);
        st_release(c, i);
        if (i < m->end && b[i] == ',')
            i = st_skip_ws(b, m->end, i + 1);
        else
            break;
    }
    return ASX_OK;
}

asx_error reg_stream_register(const char *buf, size_t len, const char *file,
                              const reg_stream_sink *sink, asx_diags *d)
{
    st_ctx c = {buf, len, file, sink, d, 0, d->n};
    st_member m[ST_NMEMBERS];
    asx_json *fmt = NULL, *org = NULL, *seq = NULL;
    asx_register *r = NULL;
    st_ids ids = {0};
    size_t n0 = d->n;
    asx_error err = ASX_ERR_DATA;
    /* a UTF-8 byte order mark is allowed and ignored (places are counted after it) */
    if (len >= 3 && memcmp(buf, "\xEF\xBB\xBF", 3) == 0) {
        c.buf = buf += 3;
        c.len = len -= 3;
    }
    /* the bytes checked first, as the whole-file parse does, a few MB at a time */
    for (size_t off = 0; off < len;) {
        size_t n = len - off < (8u << 20) ? len - off : (8u << 20);
        size_t ok = asx_utf8_valid_prefix(buf + off, n);
        const char *nul = memchr(buf + off, '\0', ok);
        if (nul || (ok < n && (off + n == len || n - ok >= 4))) {
            int line, col;
            asx_linecol(buf, len, nul ? (size_t)(nul - buf) : off + ok, &line, &col);
            asx_diags_addf(d, ASX_ERR_DATA, file, line, col, "%s",
                           nul ? ASX_L("NUL バイトが含まれています", "NUL byte in the file")
                               : ASX_L("UTF-8 として不正なバイトがあります (文字コードを UTF-8 にしてください)",
                                       "invalid UTF-8 (save the file as UTF-8)"));
            goto done;
        }
        off += ok;
        st_release(&c, off);
    }
    c.released = 0;
    st_pos top = {buf, 0, 1, 1}; /* where the root is */
    if ((err = st_top(&c, 0, m, &top)))
        goto done;
    err = ASX_ERR_DATA;
    if (st_small(&c, &m[ST_FORMAT], &fmt) || st_small(&c, &m[ST_ORG], &org) ||
        st_small(&c, &m[ST_SEQ], &seq))
        goto done;
    const cJSON *fv = asx_json_root(fmt);
    if (!fv || !cJSON_IsString(fv) || strcmp(fv->valuestring, ASX_REGISTER_FORMAT) != 0) {
        st_pos p = top;
        asx_diags tmp;
        asx_diags_init(&tmp);
        if (fv)
            asx_json_errf(fmt, &tmp, fv, ASX_L("台帳ファイルではありません (format が \"%s\" ではない)",
                                               "not a register (format is not \"%s\")"),
                          ASX_REGISTER_FORMAT);
        else
            st_errf(&c, &p, ASX_L("台帳ファイルではありません (format が \"%s\" ではない)",
                                  "not a register (format is not \"%s\")"), ASX_REGISTER_FORMAT);
        st_place(&c, &tmp, &m[ST_FORMAT].pos);
        asx_diags_free(&tmp);
        goto done;
    }
    if (d->n > n0)
        goto done;
    /* organization and next_seq read as the whole-file parse reads them */
    if (!(r = asx_register_new(NULL))) {
        err = ASX_ERR_NOMEM;
        goto done;
    }
    {
        asx_diags tmp;
        asx_diags_init(&tmp);
        free(r->organization);
        r->organization = NULL;
        const cJSON *ov = asx_json_root(org);
        if (ov && !cJSON_IsNull(ov)) {
            if (!cJSON_IsString(ov)) {
                char what[64];
                asx_json_describe(ov, what, sizeof what);
                asx_json_errf(org, &tmp, ov, ASX_L("%s: 文字列が必要です (%s)", "%s: expected a string, got %s"),
                              "organization", what);
            } else if (!(r->organization = asx_strdup(ov->valuestring))) {
                err = ASX_ERR_NOMEM;
            }
        }
        st_place(&c, &tmp, &m[ST_ORG].pos);
        if (seq) {
            /* reg_p_seq reads next_seq as a member of a root: a root of that one member */
            cJSON root = {0};
            cJSON *sv = (cJSON *)asx_json_root(seq);
            char *key = sv->string;
            sv->string = (char *)"next_seq";
            root.type = cJSON_Object;
            root.child = sv;
            reg_pctx pc = {seq, &tmp};
            reg_p_seq(&pc, &root, r);
            sv->string = key;
            st_place(&c, &tmp, &m[ST_SEQ].pos);
        }
        asx_diags_free(&tmp);
    }
    if (!r->organization && !(r->organization = asx_strdup("")))
        err = ASX_ERR_NOMEM;
    if (err == ASX_ERR_NOMEM || d->n > n0)
        goto done;
    if (sink->head && (err = sink->head(sink->ctx, r->organization, r->seq, r->nseq, d)))
        goto done;
    err = ASX_ERR_DATA;
    if (!m[ST_ENTRIES].end || !m[ST_HISTORY].end) {
        const char *key = m[ST_ENTRIES].end ? "history" : "entries";
        st_errf(&c, &top, ASX_L("%s: 配列が必要です", "%s: expected an array"), key);
        goto done;
    }
    c.released = 0; /* each pass gives back from the start */
    if ((err = st_array(&c, &m[ST_ENTRIES], st_entry, &ids)))
        goto done;
    if (ids.nrefs)
        qsort(ids.refs, ids.nrefs, sizeof *ids.refs, reg_id_ref_cmp);
    for (size_t k = 1; k < ids.nrefs; k++)
        if (strcmp(ids.refs[k - 1].id, ids.refs[k].id) == 0)
            st_errf(&c, &ids.pos[ids.refs[k].k], ASX_L("id: %s が重複しています", "id: %s appears twice"),
                    ids.refs[k].id);
    err = ASX_ERR_DATA;
    if (d->n > n0)
        goto done;
    c.released = 0;
    if (sink->event && (err = st_entries_of_events(&c, &m[ST_HISTORY])))
        goto done;
    c.released = 0;
    if ((err = st_array(&c, &m[ST_HISTORY], st_event, NULL)))
        goto done;
    err = d->n > n0 ? ASX_ERR_DATA : ASX_OK;
done:
    if (err && d->n == n0)
        asx_diags_addf(d, err, file, 0, 0, "%s", asx_strerror(err));
    for (size_t k = 0; k < ids.nrefs; k++)
        free(ids.ids[k]);
    free(ids.ids);
    free(ids.refs);
    free(ids.pos);
    asx_register_free(r);
    asx_json_free(fmt);
    asx_json_free(org);
    asx_json_free(seq);
    return err;
}
