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
static asx_error migrate_into_db_fn(asx_register *r, void *ctx, asx_diags *d)
{
    if (r->nentries || r->nhistory) {
        asx_diags_addf(d, ASX_ERR_CANTCREAT, NULL, 0, 0,
                       ASX_L("移す先のデータベースにはすでに台帳があります (%zu 件)。空のデータベースを指定してください (何も変更していません)",
                             "the database moved to already holds a register (%zu entries); give an empty database (nothing was changed)"),
                       r->nentries);
        return ASX_ERR_CANTCREAT;
    }
    return migrate_fn(r, ctx, d);
}

asx_error asx_register_migrate(const char *json_path, const char *out, mode_t mode, int force,
                               asx_diags *d)
{
    asx_register *old = NULL;
    char *tmp = NULL, *journal = NULL, *buf = NULL;
    size_t len = 0;
    asx_error err;
    if (asx_store_is_sqlite(json_path) || asx_store_is_pg(json_path)) {
        /* a database register: its files move with it */
        err = read_with_files(json_path, &old, d);
    } else {
        /* the registers that need moving are the large ones: past the 16 MiB other inputs have */
        err = asx_read_file(json_path, ASX_REGISTER_MAX_JSON, &buf, &len, d);
        if (!err)
            err = asx_register_parse(buf, len, json_path, &old, d);
    }
    free(buf);
    buf = NULL;
    if (!err && asx_store_is_pg(out)) {
        /* a database server: one transaction into an empty register (created by it) */
        asx_store_opts po = {.write = true, .create = true, .wait_seconds = ASX_REGISTER_WAIT};
        err = asx_register_change(out, &po, migrate_into_db_fn, old, d);
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
    err = asx_register_change(tmp, &o, migrate_fn, old, d);
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
