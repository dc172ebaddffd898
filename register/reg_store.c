/* reg_store.c - the register and its store: one change in one transaction, reading as a verb
 * needs it, the files kept, init and migrate. See asx/register.h and asx/store.h. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <cjson/cJSON.h>
#include "asx/io.h"
#include "asx/json.h"
#include "asx/register.h"
#include "asx/store.h"
#include "asx/text.h"
#include "asx/util.h"
#include "reg_impl.h"
#include "store_impl.h"

/* ---- one change, one transaction ---- */

asx_error asx_register_change(const char *path, const asx_store_opts *opts, asx_register_fn fn,
                              void *ctx, asx_diags *d)
{
    asx_store *st = NULL;
    asx_register *r = NULL;
    asx_store_opts o = *opts;
    o.write = true;
    asx_error err = asx_store_open(path, &o, &st, d);
    if (!err)
        err = asx_store_begin(st, d);
    if (!err)
        err = asx_store_load(st, false, &r, d);
    if (!err)
        err = fn(r, ctx, d);
    if (!err)
        err = asx_store_save(st, r, d);
    if (!err)
        err = asx_store_commit(st, d);
    asx_register_free(r);
    asx_store_close(st); /* rolls back what was not committed */
    return err;
}

asx_error asx_register_update(const char *path, bool create, const char *organization,
                              mode_t mode, asx_register_fn fn, void *ctx, asx_diags *d)
{
    asx_store_opts o = {.write = true, .create = create, .organization = organization,
                        .mode = mode, .wait_seconds = ASX_REGISTER_WAIT};
    return asx_register_change(path, &o, fn, ctx, d);
}

asx_error asx_register_read_sel(const char *path, int wait_seconds, const asx_date *as_of,
                                bool history, const asx_store_sel *sel, asx_register **out,
                                asx_diags *d)
{
    asx_store *st = NULL;
    asx_store_opts o = {.wait_seconds = wait_seconds, .sel = sel};
    *out = NULL;
    asx_error err = asx_store_open(path, &o, &st, d);
    if (!err)
        err = asx_store_begin(st, d);
    if (!err)
        err = as_of ? asx_store_load_as_of(st, *as_of, history, out, d)
                    : asx_store_load(st, history, out, d);
    asx_store_close(st);
    if (!err && as_of)
        asx_register_settle(*out, *as_of);
    return err;
}

asx_error asx_register_read_as_of(const char *path, int wait_seconds, asx_date as_of,
                                  bool history, asx_register **out, asx_diags *d)
{
    return asx_register_read_sel(path, wait_seconds, &as_of, history, NULL, out, d);
}

asx_error asx_register_check_store(const char *path, int wait_seconds, asx_diags *d)
{
    asx_store *st = NULL;
    asx_store_opts o = {.wait_seconds = wait_seconds};
    asx_error err = asx_store_open(path, &o, &st, d);
    if (!err)
        err = asx_store_begin(st, d);
    if (!err)
        err = asx_store_check(st, d);
    asx_store_close(st);
    return err;
}

/* A file kept with entry id: its answers (review false) or its review. */
static asx_error kept_file(const char *path, int wait_seconds, const char *id, bool review, char **data,
                           size_t *len, asx_diags *d)
{
    asx_store *st = NULL;
    asx_register *r = NULL;
    asx_store_sel sel = {.kind = ASX_SEL_ENTRY, .id = id};
    asx_store_opts o = {.wait_seconds = wait_seconds, .sel = &sel};
    *data = NULL;
    *len = 0;
    asx_error err = asx_store_open(path, &o, &st, d);
    if (!err)
        err = asx_store_begin(st, d);
    if (!err)
        err = asx_store_load(st, false, &r, d);
    if (err)
        goto done;
    const asx_reg_entry *e = asx_register_find(r, id);
    if (!e) {
        err = ASX_ERR_DATA;
        asx_diags_addf(d, err, path, 0, 0, ASX_L("台帳に %s はありません", "no entry %s in the register"), id);
        goto done;
    }
    if (review) {
        /* an entry recorded without a review (or before v3) has none: not an error */
        if (e->review_sha256)
            err = asx_store_get_blob(st, e->review_sha256, data, len, d);
        goto done;
    }
    err = e->answers_sha256 ? asx_store_get_blob(st, e->answers_sha256, data, len, d)
                            : ASX_ERR_NOINPUT;
    if (err == ASX_ERR_NOINPUT) {
        err = ASX_ERR_DATA;
        asx_diags_addf(d, err, path, 0, 0,
                       ASX_L("%s の回答は台帳に保存されていません (v3 より前の登録です。回答のファイルを指定してください)",
                             "the answers of %s are not kept in the register (an entry from before v3; give the answers file)"),
                       id);
    }
done:
    asx_register_free(r);
    asx_store_close(st);
    return err;
}

asx_error asx_register_answers(const char *path, int wait_seconds, const char *id, char **data,
                               size_t *len, asx_diags *d)
{
    return kept_file(path, wait_seconds, id, false, data, len, d);
}

asx_error asx_register_review(const char *path, int wait_seconds, const char *id, char **data,
                              size_t *len, asx_diags *d)
{
    return kept_file(path, wait_seconds, id, true, data, len, d);
}

asx_error asx_register_init(const char *path, const asx_store_opts *opts,
                            const char *const *roles, size_t nroles, asx_diags *d)
{
    asx_store *st = NULL;
    asx_store_opts o = *opts;
    o.write = true;
    o.create = true;
    asx_error err = asx_store_open(path, &o, &st, d);
    if (!err)
        err = asx_store_begin(st, d);
    for (size_t i = 0; !err && i < nroles; i++)
        err = asx_store_grant_read(st, roles[i], d);
    if (!err)
        err = asx_store_commit(st, d);
    asx_store_close(st);
    return err;
}

asx_error asx_register_read(const char *path, int wait_seconds, asx_register **out, asx_diags *d)
{
    asx_store *st = NULL;
    asx_store_opts o = {.wait_seconds = wait_seconds};
    *out = NULL;
    asx_error err = asx_store_open(path, &o, &st, d);
    if (!err)
        err = asx_store_begin(st, d);
    if (!err)
        err = asx_store_load(st, true, out, d);
    asx_store_close(st);
    return err;
}

/* ---- migration from a JSON register ---- */

/* Move everything of the JSON register (ctx) into the new, empty one. */
static asx_error migrate_fn(asx_register *r, void *ctx, asx_diags *d)
{
    asx_register *old = ctx;
    (void)d;
    asx_register tmp = *r;
    *r = *old;
    *old = tmp;
    return ASX_OK;
}

/* Keep the file of sha256 from st in r (to be written with r's next save); a file not kept there
 * (an entry from before v3) is left out. */
static asx_error keep_from(asx_store *st, asx_register *r, const char *kind, const char *sha256,
                           asx_diags *d)
{
    char *data = NULL;
    size_t len = 0;
    if (!sha256)
        return ASX_OK;
    for (size_t i = 0; i < r->nkeep; i++)
        if (strcmp(r->keep[i].sha256, sha256) == 0)
            return ASX_OK;
    asx_error err = asx_store_get_blob(st, sha256, &data, &len, d);
    if (err == ASX_ERR_NOINPUT)
        return ASX_OK;
    if (!err)
        err = asx_register_keep(r, kind, data, len, NULL);
    free(data);
    return err;
}

/* A database register read whole, history and kept files included (what migrate moves). */
static asx_error read_with_files(const char *path, asx_register **out, asx_diags *d)
{
    asx_store *st = NULL;
    asx_store_opts o = {.wait_seconds = ASX_REGISTER_WAIT};
    *out = NULL;
    asx_error err = asx_store_open(path, &o, &st, d);
    if (!err)
        err = asx_store_begin(st, d);
    if (!err)
        err = asx_store_load(st, true, out, d);
    for (size_t i = 0; !err && i < (*out)->nentries; i++) {
        const asx_reg_entry *e = &(*out)->entries[i];
        err = keep_from(st, *out, "answers", e->answers_sha256, d);
        if (!err)
            err = keep_from(st, *out, "review", e->review_sha256, d);
        for (size_t k = 0; !err && k < e->nrenewals; k++)
            err = keep_from(st, *out, "answers", e->renewals[k].answers_sha256, d);
        for (size_t k = 0; !err && k < e->nchecks; k++)
            err = keep_from(st, *out, "checklist", e->checks[k].file_sha256, d);
        for (size_t k = 0; !err && k < e->nevidence; k++)
            err = keep_from(st, *out, "evidence", e->evidence[k].file_sha256, d);
    }
    asx_store_close(st);
    if (err) {
        asx_register_free(*out);
        *out = NULL;
    }
    return err;
}

/* Move the JSON register (ctx) into a database register, which must hold none yet. */
static asx_error refuse_occupied(const asx_register *r, asx_diags *d)
{
    if (r->nentries || r->nhistory) {
        asx_diags_addf(d, ASX_ERR_CANTCREAT, NULL, 0, 0,
                       ASX_L("移す先のデータベースにはすでに台帳があります (%zu 件)。空のデータベースを指定してください (何も変更していません)",
                             "the database moved to already holds a register (%zu entries); give an empty database (nothing was changed)"),
                       r->nentries);
        return ASX_ERR_CANTCREAT;
    }
    return ASX_OK;
}

static asx_error migrate_into_db_fn(asx_register *r, void *ctx, asx_diags *d)
{
    asx_error err = refuse_occupied(r, d);
    return err ? err : migrate_fn(r, ctx, d);
}

/* ---- a JSON register moved one element at a time ---- */

/* An entry of the JSON register: its approval date (the date of an old add without one) and
 * where it was read (its JSON form for its last event). */
#define MIG_BATCH 256

typedef struct {
    char *id;
    asx_date approved_on;
    size_t off, len;
    size_t last; /* the index of its last event + 1 (0: none) */
} mig_entry;

typedef struct {
    asx_store *st;
    const char *file;
    const char *buf; /* the register, mapped */
    size_t len;
    char *map;       /* the mapping (buf may start after a byte order mark) */
    size_t maplen;
    mig_entry *ents; /* sorted by id after the entries */
    size_t nents;
    size_t nev;      /* events seen in this pass */
    int pass;
    /* written a batch at a time (a round trip each on a database server) */
    asx_reg_entry eb[MIG_BATCH];
    size_t neb;
    asx_reg_event vb[MIG_BATCH];
    char vb_eff[MIG_BATCH][11];
    char *vb_after[MIG_BATCH];
    size_t nvb;
    bool sorted;
} mig_ctx;

static int mig_entry_cmp(const void *a, const void *b)
{
    return strcmp(((const mig_entry *)a)->id, ((const mig_entry *)b)->id);
}

static mig_entry *mig_find(mig_ctx *m, const char *id)
{
    if (!m->sorted) {
        if (m->nents)
            qsort(m->ents, m->nents, sizeof *m->ents, mig_entry_cmp);
        m->sorted = true;
    }
    mig_entry key = {.id = (char *)id};
    return m->nents ? bsearch(&key, m->ents, m->nents, sizeof key, mig_entry_cmp) : NULL;
}

static asx_error mig_head(void *p, const char *organization, const asx_reg_seq *seq, size_t nseq,
                          asx_diags *d)
{
    mig_ctx *m = p;
    return asx_store_put_head(m->st, organization, seq, nseq, d);
}

/* The entries and events held, freed without being written. */
static void mig_drop(mig_ctx *m)
{
    for (size_t i = 0; i < m->neb; i++)
        asx_reg_entry_clear(&m->eb[i]);
    for (size_t i = 0; i < m->nvb; i++) {
        asx_reg_event_clear(&m->vb[i]);
        free(m->vb_after[i]);
    }
    m->neb = m->nvb = 0;
}

/* The entries and events held, written (and then freed). */
static asx_error mig_flush(mig_ctx *m, asx_diags *d)
{
    asx_error err = asx_store_put_new_entries(m->st, m->eb, m->neb, d);
    if (!err)
        err = asx_store_put_new_events(m->st, m->vb, m->nvb, m->vb_eff,
                                       (const char *const *)m->vb_after, d);
    mig_drop(m);
    return err;
}

static asx_error mig_entry_fn(void *p, asx_reg_entry *e, size_t off, size_t len, asx_diags *d)
{
    mig_ctx *m = p;
    mig_entry *x = reg_grow(&m->ents, &m->nents, sizeof *x);
    if (!x || !(x->id = asx_strdup(e->id)))
        return ASX_ERR_NOMEM;
    x->approved_on = e->approved_on;
    x->off = off;
    x->len = len;
    m->eb[m->neb++] = *e; /* taken */
    memset(e, 0, sizeof *e);
    return m->neb == MIG_BATCH ? mig_flush(m, d) : ASX_OK;
}

/* The whole pages of the mapping within buf[off, off + len) go back to the kernel. */
static void mig_forget(mig_ctx *m, size_t off, size_t len)
{
    long ps = sysconf(_SC_PAGESIZE);
    size_t page = (size_t)(ps > 0 ? ps : 4096);
    size_t from = (size_t)(m->buf + off - m->map), to = from + len;
    from -= from % page;
    to += (page - to % page) % page;
    if (to > m->maplen)
        to = m->maplen;
    if (to > from)
        madvise(m->map + from, to - from, MADV_DONTNEED);
}

/* The pages of the mapping before buf + off go back to the kernel (read again if needed). */
static void mig_release(void *p, size_t off)
{
    mig_ctx *m = p;
    long page = sysconf(_SC_PAGESIZE);
    size_t upto = (size_t)(m->buf + off - m->map);
    upto -= upto % (size_t)(page > 0 ? page : 4096);
    if (upto)
        madvise(m->map, upto, MADV_DONTNEED);
}

static asx_error mig_event(void *p, int pass, asx_reg_event *ev, asx_diags *d)
{
    mig_ctx *m = p;
    if (pass != m->pass) { /* each pass counts the events from 0 */
        m->pass = pass;
        m->nev = 0;
    }
    mig_entry *x = ev->entry ? mig_find(m, ev->entry) : NULL;
    size_t k = m->nev++;
    if (pass == 0) {
        if (x)
            x->last = k + 1;
        return ASX_OK;
    }
    char *after = NULL;
    asx_store_effective_date(ev, x ? &x->approved_on : NULL, m->vb_eff[m->nvb]);
    if (x && x->last == k + 1) {
        /* its last event: the entry as it stands after it, read again from its bytes */
        asx_reg_entry e;
        asx_error err = asx_reg_entry_parse(m->buf + x->off, x->len, m->file, &e, d);
        mig_forget(m, x->off, x->len); /* read once: its pages need not stay */
        if (err)
            return err;
        after = asx_store_entry_doc(&e);
        asx_reg_entry_clear(&e);
        if (!after)
            return ASX_ERR_NOMEM;
    }
    if (m->neb) { /* the entries before the events that name them */
        asx_error err = mig_flush(m, d);
        if (err) {
            free(after);
            return err;
        }
    }
    m->vb_after[m->nvb] = after;
    m->vb[m->nvb++] = *ev; /* taken */
    memset(ev, 0, sizeof *ev);
    return m->nvb == MIG_BATCH ? mig_flush(m, d) : ASX_OK;
}

/* The JSON register at json_path moved into the store st (empty; its transaction begun), read
 * one entry or event at a time from the file mapped. */
static asx_error migrate_stream(const char *json_path, asx_store *st, asx_diags *d)
{
    int fd = -1;
    struct stat sb;
    mig_ctx *m = calloc(1, sizeof *m); /* its batches are too large for the stack */
    if (!m)
        return ASX_ERR_NOMEM;
    m->st = st;
    m->file = json_path;
    asx_error err = asx_open_input(json_path, &fd, &sb, d);
    if (err) {
        free(m);
        return err;
    }
    m->maplen = (size_t)sb.st_size;
    if (m->maplen) {
        void *p = mmap(NULL, m->maplen, PROT_READ, MAP_PRIVATE, fd, 0);
        if (p == MAP_FAILED) {
            asx_diags_addf(d, ASX_ERR_IO, json_path, 0, 0, "%s", strerror(errno));
            close(fd);
            free(m);
            return ASX_ERR_IO;
        }
        m->map = p;
        madvise(p, m->maplen, MADV_SEQUENTIAL);
    }
    close(fd);
    m->buf = m->map ? m->map : "";
    m->len = m->maplen;
    if (m->len >= 3 && memcmp(m->buf, "\xEF\xBB\xBF", 3) == 0) { /* places count after it */
        m->buf += 3;
        m->len -= 3;
    }
    reg_stream_sink sink = {m, mig_head, mig_entry_fn, mig_event, mig_release};
    err = reg_stream_register(m->buf, m->len, json_path, &sink, d);
    if (!err)
        err = mig_flush(m, d);
    mig_drop(m); /* what a failure left held */
    for (size_t i = 0; i < m->nents; i++)
        free(m->ents[i].id);
    free(m->ents);
    if (m->map)
        munmap(m->map, m->maplen);
    free(m);
    return err;
}

/* The JSON register at json_path moved into the register at where in one transaction; a
 * database server's register (check_empty) must hold no entry yet. */
static asx_error migrate_json_into(const char *json_path, const char *where,
                                   const asx_store_opts *opts, bool check_empty, asx_diags *d)
{
    asx_store *st = NULL;
    asx_register *r = NULL;
    asx_error err = asx_store_open(where, opts, &st, d);
    if (!err)
        err = asx_store_begin(st, d);
    if (!err && check_empty)
        err = asx_store_load(st, false, &r, d);
    if (!err && r)
        err = refuse_occupied(r, d);
    if (!err)
        err = migrate_stream(json_path, st, d);
    if (!err)
        err = asx_store_commit(st, d);
    asx_register_free(r);
    asx_store_close(st); /* rolls back what was not committed */
    return err;
}

asx_error asx_register_migrate(const char *json_path, const char *out, mode_t mode, int force,
                               asx_diags *d)
{
    asx_register *old = NULL;
    char *tmp = NULL, *journal = NULL;
    asx_error err = ASX_OK;
    bool from_db = asx_store_is_sqlite(json_path) || asx_store_is_pg(json_path);
    if (from_db) /* a database register: its files move with it */
        err = read_with_files(json_path, &old, d);
    if (!err && asx_store_is_pg(out)) {
        /* a database server: one transaction into an empty register (created by it) */
        asx_store_opts po = {.write = true, .create = true, .wait_seconds = ASX_REGISTER_WAIT};
        err = from_db ? asx_register_change(out, &po, migrate_into_db_fn, old, d)
                      : migrate_json_into(json_path, out, &po, true, d);
        goto done;
    }
    if (!err)
        err = asx_refuse_existing(out, force, d);
    if (!err)
        err = asx_temp_path(out, &tmp, d);
    if (err)
        goto done;
    if (!(journal = asx_strdupf("%s-journal", tmp))) {
        err = ASX_ERR_NOMEM;
        goto done;
    }
    asx_store_opts o = {.write = true, .create = true, .mode = mode ? mode : ASX_REGISTER_MODE,
                        .wait_seconds = 0};
    err = from_db ? asx_register_change(tmp, &o, migrate_fn, old, d)
                  : migrate_json_into(json_path, tmp, &o, false, d);
    unlink(journal); /* the new register's journal is made at its first change */
    asx_error cerr = asx_commit_file(tmp, out, force, mode ? mode : ASX_REGISTER_MODE, !err, d);
    if (!err)
        err = cerr;
    if (!err && force) {
        /* a register replaced with --force: its journal belonged to the old file */
        char *oldj = asx_strdupf("%s-journal", out);
        if (oldj)
            unlink(oldj);
        free(oldj);
    }
done:
    free(journal);
    free(tmp);
    asx_register_free(old);
    return err;
}
