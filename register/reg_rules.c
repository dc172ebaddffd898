/* reg_rules.c - the register's rules: adding, renewing, revoking, conditions, checks and
 * certificates recorded, dates a change may take effect on, the status on a date, the approval
 * pack found and hashed. See asx/register.h. */
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

/* ---- changes ---- */

const char *reg_default_user(const char *user)
{
    if (user && *user)
        return user;
    const char *u = getenv("USER");
    if (u && *u)
        return u;
    u = getenv("LOGNAME");
    if (u && *u)
        return u;
    const struct passwd *pw = getpwuid(geteuid());
    if (pw && pw->pw_name && *pw->pw_name)
        return pw->pw_name;
    return "unknown";
}

/* Now as 2026-11-20T10:15:00+09:00; SOURCE_DATE_EPOCH (UTC) makes it reproducible. */
void reg_now_iso(char buf[64])
{
    time_t t = time(NULL);
    const char *sde = getenv("SOURCE_DATE_EPOCH");
    struct tm tm;
    bool utc = false;
    if (sde && *sde) {
        char *end = NULL;
        long long v = strtoll(sde, &end, 10);
        if (!*end && v >= 0) {
            t = (time_t)v;
            utc = true;
        }
    }
    if (utc ? !gmtime_r(&t, &tm) : !localtime_r(&t, &tm)) {
        snprintf(buf, 64, "1970-01-01T00:00:00Z");
        return;
    }
    long off = utc ? 0 : tm.tm_gmtoff;
    char sign = off < 0 ? '-' : '+';
    if (off < 0)
        off = -off;
    int oh = (int)(off / 3600 % 24), om = (int)(off / 60 % 60);
    snprintf(buf, 64, "%04d-%02d-%02dT%02d:%02d:%02d%c%02d:%02d", (tm.tm_year + 1900) % 10000,
             (tm.tm_mon + 1) % 100, tm.tm_mday % 100, tm.tm_hour % 100, tm.tm_min % 100,
             tm.tm_sec % 100, sign, oh, om);
}

asx_error asx_register_log(asx_register *r, const char *user, asx_reg_action action,
                           const char *entry, asx_date on, const char *detail)
{
    char at[64];
    reg_now_iso(at);
    asx_reg_event *ev = reg_grow(&r->history, &r->nhistory, sizeof *ev);
    if (!ev)
        return ASX_ERR_NOMEM;
    ev->at = asx_strdup(at);
    ev->user = asx_strdup(reg_default_user(user));
    ev->action = action;
    ev->has_on = true;
    ev->on = on;
    ev->entry = asx_strdup(entry);
    ev->detail = asx_strdup(detail);
    if (!ev->at || !ev->user || !ev->entry || (detail && !ev->detail))
        return ASX_ERR_NOMEM;
    return ASX_OK;
}

static int *seq_slot(asx_register *r, int year)
{
    for (size_t i = 0; i < r->nseq; i++)
        if (r->seq[i].year == year)
            return &r->seq[i].next;
    asx_reg_seq *s = reg_grow(&r->seq, &r->nseq, sizeof *s);
    if (!s)
        return NULL;
    s->year = year;
    s->next = 1;
    return &s->next;
}

/* The next id of the year: the stored counter, but never one that is taken (a hand-edited
 * register may have a counter behind its entries). */
static asx_error next_id(asx_register *r, int year, char *id, size_t size)
{
    int *next = seq_slot(r, year);
    if (!next)
        return ASX_ERR_NOMEM;
    long n = *next;
    for (size_t i = 0; i < r->nentries; i++) {
        int y = 0;
        if (reg_id_valid(r->entries[i].id, &y) && y == year && reg_id_seq(r->entries[i].id) >= n)
            n = reg_id_seq(r->entries[i].id) + 1;
    }
    if (n > 999999999)
        return ASX_ERR_DATA;
    snprintf(id, size, "EXT-%04d-%04ld", year, n);
    *next = (int)n + 1;
    return ASX_OK;
}

/* Conditions: every major and minor finding of a conditional result (with its clause and the
 * due date the result gives it), then the user's, numbered on from there. in->condition_due
 * replaces every due date; the user's conditions otherwise fall due condition_due_days after
 * the decision, like the result's. */
static asx_error set_conditions(asx_reg_entry *e, const asx_reg_input *in)
{
    const asx_result *res = in->result;
    for (size_t i = 0; i < e->nconditions; i++)
        reg_cond_clear(&e->conditions[i]);
    free(e->conditions);
    e->conditions = NULL;
    e->nconditions = 0;
    asx_date user_due = in->condition_due
                            ? *in->condition_due
                            : asx_date_add_days(in->date, res->policy->condition_due_days);
    for (size_t i = 0; i < res->nconditions + in->nconditions; i++) {
        asx_reg_condition *k = reg_grow(&e->conditions, &e->nconditions, sizeof *k);
        if (!k)
            return ASX_ERR_NOMEM;
        k->n = e->nconditions;
        k->status = ASX_COND_OPEN;
        k->has_due = true;
        if (i < res->nconditions) {
            const asx_condition *c = &res->conditions[i];
            k->text = asx_strdup(asx_finding_msg(c->finding, in->lang));
            k->clause = asx_strdup(c->finding->clause);
            if (c->finding->clause && c->finding->clause_local && strcmp(c->finding->clause, c->finding->clause_local) != 0 &&
                !(k->clause_local = asx_strdup(c->finding->clause_local)))
                return ASX_ERR_NOMEM;
            k->due = in->condition_due ? *in->condition_due : c->due;
            if (!k->text || (c->finding->clause && !k->clause))
                return ASX_ERR_NOMEM;
        } else {
            k->text = asx_strdup(in->conditions[i - res->nconditions]);
            k->due = user_due;
            if (!k->text)
                return ASX_ERR_NOMEM;
        }
    }
    return ASX_OK;
}

/* A new pack replaces the old one; without one (a renewal with no --pack) the old one stays. */
static asx_error set_pack(asx_reg_entry *e, const asx_reg_input *in)
{
    if (!in->pack_dir)
        return ASX_OK;
    for (size_t i = 0; i < e->npack; i++)
        free(e->pack[i].file);
    free(e->pack);
    free(e->pack_dir);
    e->pack = NULL;
    e->npack = 0;
    e->pack_dir = NULL;
    if (!(e->pack_dir = asx_strdup(in->pack_dir)))
        return ASX_ERR_NOMEM;
    for (size_t i = 0; i < in->npack; i++) {
        asx_reg_packfile *pf = reg_grow(&e->pack, &e->npack, sizeof *pf);
        if (!pf || !(pf->file = asx_strdup(in->pack[i].file)))
            return ASX_ERR_NOMEM;
        memcpy(pf->sha256, in->pack[i].sha256, 65);
    }
    return ASX_OK;
}

static bool registrable(asx_verdict v);

/* Whether name is <stem>_<YYYY-MM-DD><ext>; the date into *dt. */
static asx_error find_by_name(const char *dir, const char *stem, asx_date date, char **pdf,
                              char **xlsx, asx_diags *d);

static bool pack_file_of(const char *name, const char *stem, const char *ext, asx_date *dt)
{
    size_t ls = strlen(stem), le = strlen(ext), n = strlen(name);
    char iso[11];
    if (n != ls + 11 + le || strncmp(name, stem, ls) != 0 || name[ls] != '_' ||
        strcmp(name + n - le, ext) != 0)
        return false;
    memcpy(iso, name + ls + 1, 10);
    iso[10] = '\0';
    return asx_date_parse(iso, dt);
}

asx_error asx_register_pack_manifest(const char *answers_sha256, const char *name, char **out)
{
    *out = NULL;
    cJSON *root = cJSON_CreateObject();
    char *pdf = asx_strdupf("%s.pdf", name), *xlsx = asx_strdupf("%s.xlsx", name);
    bool ok = root && pdf && xlsx && reg_add_str(root, "format", ASX_PACK_FORMAT) &&
              reg_add_str(root, "answers_sha256", answers_sha256) &&
              reg_add_str(root, "pdf", pdf) && reg_add_str(root, "xlsx", xlsx);
    free(pdf);
    free(xlsx);
    char *p = ok ? cJSON_Print(root) : NULL;
    cJSON_Delete(root);
    *out = p ? asx_strdupf("%s\n", p) : NULL;
    cJSON_free(p);
    return *out ? ASX_OK : ASX_ERR_NOMEM;
}

/* The pack's pair in manifest file name of dir when it names answers_sha256: its stem (new). */
static char *manifest_stem(const char *dir, const char *name, const char *answers_sha256)
{
    size_t n = strlen(name), m = strlen(ASX_PACK_MANIFEST);
    if (n <= m || strcmp(name + n - m, ASX_PACK_MANIFEST) != 0)
        return NULL;
    char *path = asx_strdupf("%s/%s", dir, name), *buf = NULL, *stem = NULL;
    size_t len = 0;
    asx_diags tmp;
    asx_diags_init(&tmp);
    if (path && asx_read_file(path, 64 * 1024, &buf, &len, &tmp) == ASX_OK) {
        cJSON *root = cJSON_ParseWithLength(buf, len);
        const cJSON *f = cJSON_GetObjectItemCaseSensitive(root, "format");
        const cJSON *sha = cJSON_GetObjectItemCaseSensitive(root, "answers_sha256");
        const cJSON *pdf = cJSON_GetObjectItemCaseSensitive(root, "pdf");
        const cJSON *xlsx = cJSON_GetObjectItemCaseSensitive(root, "xlsx");
        char *want_pdf = asx_strndup(name, n - m);
        /* the manifest names the pair beside it (<stem>.pdf and .xlsx), nothing elsewhere */
        if (want_pdf && cJSON_IsString(f) && strcmp(f->valuestring, ASX_PACK_FORMAT) == 0 &&
            cJSON_IsString(sha) && strcmp(sha->valuestring, answers_sha256) == 0 &&
            cJSON_IsString(pdf) && cJSON_IsString(xlsx)) {
            char *p = asx_strdupf("%s.pdf", want_pdf), *x = asx_strdupf("%s.xlsx", want_pdf);
            if (p && x && strcmp(pdf->valuestring, p) == 0 && strcmp(xlsx->valuestring, x) == 0) {
                stem = want_pdf;
                want_pdf = NULL;
            }
            free(p);
            free(x);
        }
        free(want_pdf);
        cJSON_Delete(root);
    }
    asx_diags_free(&tmp);
    free(buf);
    free(path);
    return stem;
}

/* The pack of the answers of SHA-256 answers_sha256 in dir, by the manifests `pack` writes:
 * ASX_OK with *stem (new) when one pack (or one of date) is theirs; ASX_ERR_NOINPUT when no
 * manifest names them (an older pack: found by its name); ASX_ERR_DATA when several do. */
static asx_error find_by_manifest(const char *dir, const char *answers_sha256, asx_date date,
                                  char **stem, asx_diags *d)
{
    DIR *dp = opendir(dir);
    asx_buf found = {0};
    size_t nfound = 0;
    char *pick = NULL;
    bool exact = false;
    *stem = NULL;
    if (!dp)
        return ASX_ERR_NOINPUT; /* reported by the search by name */
    const struct dirent *de;
    while ((de = readdir(dp)) != NULL) {
        char *st = manifest_stem(dir, de->d_name, answers_sha256);
        if (!st)
            continue;
        char *p = asx_strdupf("%s/%s.pdf", dir, st), *x = asx_strdupf("%s/%s.xlsx", dir, st);
        bool pair = p && x && access(p, F_OK) == 0 && access(x, F_OK) == 0;
        free(p);
        free(x);
        size_t n = strlen(st);
        char iso[11];
        asx_date dt;
        bool of_date = n >= 10 && (memcpy(iso, st + n - 10, 10), iso[10] = '\0',
                                   asx_date_parse(iso, &dt)) &&
                       asx_date_cmp(dt, date) == 0;
        if (!pair) {
            free(st);
            continue;
        }
        nfound++;
        asx_buf_addf(&found, "%s%s.pdf", found.len ? ", " : "", st);
        if (of_date || (!exact && !pick)) {
            free(pick);
            pick = st;
            exact = exact || of_date;
        } else {
            free(st);
        }
    }
    closedir(dp);
    asx_error err = ASX_OK;
    if (nfound == 0) {
        err = ASX_ERR_NOINPUT;
    } else if (!exact && nfound > 1) {
        asx_diags_addf(d, ASX_ERR_DATA, dir, 0, 0,
                       ASX_L("この回答 (SHA-256 %.12s…) の承認資料が %zu 組あり、どれか決められません (%s)。--date に起案日を指定するか、不要な組を移してください",
                             "the answers (SHA-256 %.12s…) have %zu packs, none of them of the decision date (%s); give the pack's date with --date or move the others away"),
                       answers_sha256, nfound, asx_buf_str(&found));
        err = ASX_ERR_DATA;
    } else {
        *stem = pick;
        pick = NULL;
    }
    free(pick);
    asx_buf_free(&found);
    return err;
}

asx_error asx_register_find_pack(const char *dir, const char *stem, asx_date date,
                                 const char *answers_sha256, char **pdf, char **xlsx,
                                 asx_diags *d)
{
    if (answers_sha256) {
        char *mine = NULL;
        asx_error err = find_by_manifest(dir, answers_sha256, date, &mine, d);
        if (err != ASX_ERR_NOINPUT) {
            *pdf = *xlsx = NULL;
            if (!err && (!(*pdf = asx_strdupf("%s.pdf", mine)) ||
                         !(*xlsx = asx_strdupf("%s.xlsx", mine))))
                err = ASX_ERR_NOMEM;
            free(mine);
            return err;
        }
    }
    return find_by_name(dir, stem, date, pdf, xlsx, d);
}

/* A pack without a manifest (made before manifests): by the names `pack` gives its pair. */
static asx_error find_by_name(const char *dir, const char *stem, asx_date date, char **pdf,
                              char **xlsx, asx_diags *d)
{
    DIR *dp = opendir(dir);
    asx_buf found = {0};
    size_t npairs = 0;
    char *only = NULL;
    bool exact = false;
    *pdf = *xlsx = NULL;
    if (!dp) {
        asx_diags_addf(d, ASX_ERR_NOINPUT, dir, 0, 0, ASX_L("承認資料のフォルダを開けません: %s", "cannot open the pack folder: %s"),
                       strerror(errno));
        return ASX_ERR_NOINPUT;
    }
    const struct dirent *de;
    while ((de = readdir(dp)) != NULL) {
        asx_date dt;
        if (!pack_file_of(de->d_name, stem, ".pdf", &dt))
            continue;
        char *x = asx_strdupf("%s/%.*s.xlsx", dir, (int)(strlen(de->d_name) - 4), de->d_name);
        bool pair = x && access(x, F_OK) == 0;
        free(x);
        if (!pair)
            continue;
        npairs++;
        asx_buf_addf(&found, "%s%s", found.len ? ", " : "", de->d_name);
        if (asx_date_cmp(dt, date) == 0 || (!exact && !only)) {
            free(only);
            only = asx_strndup(de->d_name, strlen(de->d_name) - 4);
            exact = exact || asx_date_cmp(dt, date) == 0;
        }
    }
    closedir(dp);
    asx_error err = ASX_OK;
    if (npairs == 0) {
        char iso[11];
        asx_date_iso(date, iso);
        asx_diags_addf(d, ASX_ERR_NOINPUT, dir, 0, 0,
                       ASX_L("%s_<日付>.pdf と .xlsx (assess pack が作成するもの) がありません (例: %s_%s.pdf)",
                             "no %s_<date>.pdf and .xlsx (as assess pack writes them) in it (e.g. %s_%s.pdf)"),
                       stem, stem, iso);
        err = ASX_ERR_NOINPUT;
    } else if (!exact && npairs > 1) {
        asx_diags_addf(d, ASX_ERR_DATA, dir, 0, 0,
                       ASX_L("この評価の承認資料が %zu 組あり、どれか決められません (%s)。--date に起案日を指定するか、不要な組を移してください",
                             "%zu packs of this assessment, none of them of the decision date (%s); give the pack's date with --date or move the others away"),
                       npairs, asx_buf_str(&found));
        err = ASX_ERR_DATA;
    } else if (!only || !(*pdf = asx_strdupf("%s.pdf", only)) || !(*xlsx = asx_strdupf("%s.xlsx", only))) {
        err = ASX_ERR_NOMEM;
    }
    free(only);
    asx_buf_free(&found);
    return err;
}

asx_error asx_register_hash_pack(const char *dir, const char *const *files, size_t n,
                                 char **dir_abs, asx_reg_packfile *pf, asx_diags *d)
{
    asx_error err = ASX_OK;
    *dir_abs = realpath(dir, NULL);
    if (!*dir_abs) {
        asx_diags_addf(d, ASX_ERR_NOINPUT, dir, 0, 0, ASX_L("承認資料のフォルダがありません", "no such pack folder"));
        return ASX_ERR_NOINPUT;
    }
    for (size_t i = 0; i < n && !err; i++) {
        pf[i].file = asx_strdup(files[i]);
        char *path = pf[i].file ? asx_strdupf("%s/%s", *dir_abs, pf[i].file) : NULL;
        err = path ? asx_sha256_file(path, pf[i].sha256, d) : ASX_ERR_NOMEM;
        if (err && err != ASX_ERR_NOMEM)
            asx_diags_addf(d, err, path, 0, 0,
                           ASX_L("承認資料を読めません (assess pack で作成したフォルダを --pack に指定してください)",
                                 "cannot read the pack file (give --pack the folder assess pack wrote)"));
        free(path);
    }
    return err;
}

asx_error asx_register_check_result(const asx_result *res, const char *what, asx_diags *d)
{
    const asx_answers *a = res->answers;
    if (asx_date_cmp(res->decided_on, a->date) < 0) {
        /* an approval cannot precede the answers it approves (a slip in --date's year) */
        char decided[11], answered[11];
        asx_date_iso(res->decided_on, decided);
        asx_date_iso(a->date, answered);
        asx_diags_addf(d, ASX_ERR_DATA, a->file, 0, 0,
                       ASX_L("判定日 %s が回答日 %s より前のため%sできません (--date を確認してください)",
                             "the decision date %s is before the answers' date %s, so it cannot be %s (check --date)"),
                       decided, answered, what);
        return ASX_ERR_DATA;
    }
    if (registrable(res->verdict))
        return ASX_OK;
    asx_buf why = {0};
    if (res->verdict == ASX_VERDICT_REJECTED) {
        asx_buf_addf(&why, ASX_L("必須条件違反 %zu 件、重大な指摘 %zu 件、点数 %.1f",
                                 "%zu knockout(s), %zu major finding(s), score %.1f"),
                     res->count[ASX_SEV_KNOCKOUT], res->count[ASX_SEV_MAJOR], res->score);
    } else if (res->verdict == ASX_VERDICT_PENDING) {
        char *w = asx_result_pending_text(res, asx_ui_lang);
        asx_buf_addf(&why, ASX_L("判断待ち: %s", "awaiting: %s"), w ? w : "");
        free(w);
    } else {
        asx_buf_addf(&why, ASX_L("必須の設問 %zu 問が未回答", "%zu required question(s) unanswered"),
                     res->nunanswered);
    }
    asx_diags_addf(d, ASX_ERR_DATA, a->file, 0, 0,
                   ASX_L("判定が「%s」(%s) のため%sできません (%s)。承認または条件付き承認の評価のみ台帳に記録できます",
                         "the verdict is %s (%s), so it cannot be %s (%s); only approved or "
                         "conditional results go into the register"),
                   asx_verdict_label(res->verdict, asx_ui_lang), asx_verdict_name(res->verdict),
                   what, asx_buf_str(&why));
    asx_buf_free(&why);
    return ASX_ERR_DATA;
}

static bool registrable(asx_verdict v)
{
    switch (v) {
    case ASX_VERDICT_APPROVED:
    case ASX_VERDICT_CONDITIONAL:
        return true;
    case ASX_VERDICT_REJECTED:
    case ASX_VERDICT_INCOMPLETE:
    case ASX_VERDICT_PENDING:
        return false;
    }
    return false;
}

/* Fill the members an add and a renewal share from the input. */
static asx_error fill_from_result(asx_reg_entry *e, const asx_reg_input *in)
{
    const asx_result *res = in->result;
    const asx_answers *a = res->answers;
    free(e->questionnaire);
    free(e->questionnaire_version);
    free(e->answers_sha256);
    e->questionnaire = asx_strdup(res->bank->id);
    e->questionnaire_version = asx_strdup(a->bank_version ? a->bank_version : res->bank->version);
    e->answers_sha256 = asx_strdup(in->answers_sha256);
    free(e->review_sha256);
    e->review_sha256 = asx_strdup(in->review_sha256);
    if (!e->questionnaire || !e->questionnaire_version ||
        (in->answers_sha256 && !e->answers_sha256) || (in->review_sha256 && !e->review_sha256))
        return ASX_ERR_NOMEM;
    e->cls = a->cls;
    e->verdict = res->verdict;
    e->score = res->score;
    e->next_review = res->next_review;
    e->has_evidence_expiry = res->has_evidence_expiry;
    e->evidence_expiry = res->evidence_expiry;
    asx_error err = set_conditions(e, in);
    if (!err)
        err = set_pack(e, in);
    return err;
}

/* A name as people compare it: spaces (ASCII and U+3000) dropped, full-width ASCII made ASCII,
 * ASCII letters lower-cased, and the company-form words (株式会社, 有限会社, 合同会社, (株), ㈱)
 * dropped, so 「株式会社みなとクラウド」 and 「みなとクラウド（株）」 are one vendor. Caller frees. */
char *reg_norm_name(const char *s)
{
    static const char *const drop[] = {"株式会社", "有限会社", "合同会社", "(株)", "（株）", "㈱",
                                       NULL};
    asx_buf b = {0};
    const unsigned char *p = (const unsigned char *)s;
    while (p && *p) {
        bool dropped = false;
        for (int k = 0; drop[k]; k++) {
            size_t n = strlen(drop[k]);
            if (strncmp((const char *)p, drop[k], n) == 0) {
                p += n;
                dropped = true;
                break;
            }
        }
        if (dropped)
            continue;
        if (*p == ' ' || *p == '\t') {
            p++;
            continue;
        }
        if (p[0] == 0xE3 && p[1] == 0x80 && p[2] == 0x80) { /* U+3000 */
            p += 3;
            continue;
        }
        /* U+FF01..U+FF5E: EF BC 81..EF BC BF, EF BD 80..EF BD 9E */
        if (p[0] == 0xEF && (p[1] == 0xBC || p[1] == 0xBD) && p[2] >= 0x80 && p[2] <= 0xBF) {
            unsigned cp = 0xFF00u + (unsigned)(p[1] == 0xBC ? 0 : 0x40) + (p[2] - 0x80u);
            if (cp >= 0xFF01 && cp <= 0xFF5E) {
                char c = (char)(cp - 0xFF01 + 0x21);
                if (c >= 'A' && c <= 'Z')
                    c = (char)(c - 'A' + 'a');
                if (c == '(' || c == ')') { /* （株） is handled above; other brackets stay */
                }
                asx_buf_addf(&b, "%c", c);
                p += 3;
                continue;
            }
        }
        char c = (char)*p++;
        if (c >= 'A' && c <= 'Z')
            c = (char)(c - 'A' + 'a');
        asx_buf_addf(&b, "%c", c);
    }
    if (!b.s && !b.oom)
        return asx_strdup("");
    return asx_buf_take(&b);
}

char *asx_reg_name_key(const char *s)
{
    return reg_norm_name(s);
}

bool reg_same_name(const char *a, const char *b)
{
    char *x = reg_norm_name(a), *y = reg_norm_name(b);
    bool same = x && y && strcmp(x, y) == 0;
    free(x);
    free(y);
    return same;
}

bool reg_same_vendor(const asx_reg_entry *e, const asx_answers *a)
{
    if (e->corporate_number && a->corporate_number)
        return strcmp(e->corporate_number, a->corporate_number) == 0;
    return reg_same_name(e->vendor, a->vendor_name);
}

/* The entry in use for the same vendor and service, or NULL. */
static const asx_reg_entry *entry_in_use(const asx_register *r, const asx_answers *a)
{
    for (size_t i = 0; i < r->nentries; i++) {
        const asx_reg_entry *e = &r->entries[i];
        if (asx_reg_in_use(e) && reg_same_vendor(e, a) && reg_same_name(e->service, a->service_name))
            return e;
    }
    return NULL;
}

/* Whether the entry's status on as_of is expired: its review passed, or its evidence did. */
bool reg_lapsed(const asx_reg_entry *e, asx_date as_of)
{
    return asx_date_cmp(e->next_review, as_of) < 0 ||
           (e->has_evidence_expiry && asx_date_cmp(e->evidence_expiry, as_of) < 0);
}

asx_error asx_register_add(asx_register *r, const asx_reg_input *in, char *id_out, size_t size,
                           asx_diags *d)
{
    const asx_result *res = in->result;
    const asx_answers *a = res->answers;
    char id[32];
    asx_error err = asx_register_check_result(res, ASX_L("台帳に登録", "registered"), d);
    if (err)
        return err;
    const asx_reg_entry *dup = entry_in_use(r, a);
    if (dup) {
        asx_diags_addf(d, ASX_ERR_DATA, a->file, 0, 0,
                       ASX_L("%s (%s) は %s として登録済みです (状態: %s)。再監査の結果は assess register renew %s で記録してください",
                             "%s (%s) is already registered as %s (status: %s); record a re-audit with assess register renew %s"),
                       a->service_name, a->vendor_name, dup->id,
                       asx_reg_status_label(dup->status, asx_ui_lang), dup->id);
        return ASX_ERR_DATA;
    }
    err = next_id(r, in->date.y, id, sizeof id);
    if (err == ASX_ERR_DATA)
        asx_diags_addf(d, err, NULL, 0, 0, "%d: sequence exhausted", in->date.y);
    if (err)
        return err;
    asx_reg_entry *e = reg_grow(&r->entries, &r->nentries, sizeof *e);
    if (!e)
        return ASX_ERR_NOMEM;
    e->id = asx_strdup(id);
    e->service = asx_strdup(a->service_name);
    e->vendor = asx_strdup(a->vendor_name);
    e->corporate_number = asx_strdup(a->corporate_number);
    e->approver = asx_strdup(in->approver);
    e->manager = asx_strdup(in->manager);
    e->approved_on = in->date;
    e->status = ASX_REG_ACTIVE;
    if (!e->id || !e->service || !e->vendor || (a->corporate_number && !e->corporate_number) ||
        !e->approver || !e->manager)
        return ASX_ERR_NOMEM;
    err = fill_from_result(e, in);
    if (err)
        return err;
    e->has_next_check = true;
    e->next_check = asx_next_review(res->policy, in->date);
    /* the history is read by people: the verdict in their words (「条件付き承認 96.0 点」) */
    char *detail = asx_strdupf(ASX_L("%s / %s: %s %.1f 点", "%s / %s: %s %.1f"), e->service, e->vendor,
                               asx_verdict_label(e->verdict, asx_ui_lang), e->score);
    if (!detail)
        return ASX_ERR_NOMEM;
    err = asx_register_log(r, in->user, ASX_REG_ADD, id, in->date, detail);
    free(detail);
    if (!err)
        snprintf(id_out, size, "%s", id);
    return err;
}

static asx_reg_entry *find_or_report(asx_register *r, const char *id, asx_diags *d)
{
    asx_reg_entry *e = asx_register_find(r, id);
    if (!e)
        asx_diags_addf(d, ASX_ERR_DATA, NULL, 0, 0,
                       ASX_L("台帳に %s はありません (assess register list で一覧)",
                             "no entry %s in the register (see assess register list)"), id);
    return e;
}

/* An entry that is revoked or ended takes no more changes. */
static bool refuse_closed(const asx_reg_entry *e, const char *what, asx_diags *d)
{
    if (asx_reg_in_use(e))
        return false;
    asx_diags_addf(d, ASX_ERR_DATA, NULL, 0, 0,
                   e->status == ASX_REG_REVOKED
                       ? ASX_L("%s は取り消し済みのため%sできません。新たに register add してください",
                               "%s is revoked and cannot be %s; use register add")
                       : ASX_L("%s は利用終了 (終了時の点検済み) のため%sできません。新たに register add してください",
                               "%s has ended (exit check recorded) and cannot be %s; use register add"),
                   e->id, what);
    return true;
}

static int verdict_rank(asx_verdict v)
{
    switch (v) {
    case ASX_VERDICT_APPROVED: return 3;
    case ASX_VERDICT_CONDITIONAL: return 2;
    case ASX_VERDICT_PENDING:
    case ASX_VERDICT_INCOMPLETE: return 1;
    case ASX_VERDICT_REJECTED: return 0;
    }
    return 0;
}

bool asx_reg_renewal_regressed(const asx_reg_renewal *rn)
{
    return verdict_rank(rn->verdict) < verdict_rank(rn->previous_verdict) ||
           rn->score < rn->previous_score;
}

asx_error asx_register_renew(asx_register *r, const char *id, const asx_reg_input *in,
                             asx_diags *d)
{
    const asx_result *res = in->result;
    asx_reg_entry *e = find_or_report(r, id, d);
    if (!e)
        return ASX_ERR_DATA;
    if (refuse_closed(e, ASX_L("更新", "renewed"), d))
        return ASX_ERR_DATA;
    if (!in->approver || !*in->approver) {
        asx_diags_addf(d, ASX_ERR_DATA, NULL, 0, 0,
                       ASX_L("更新には許可権限者 (--approver) が必要です",
                             "a renewal needs the approver (--approver)"));
        return ASX_ERR_DATA;
    }
    if (!reg_same_vendor(e, res->answers) || !reg_same_name(e->service, res->answers->service_name)) {
        asx_diags_addf(d, ASX_ERR_DATA, res->answers->file, 0, 0,
                       ASX_L("回答のサービス (%s / %s) が台帳 %s のサービス (%s / %s) と一致しません",
                             "the answers are for %s / %s, but %s is for %s / %s"),
                       res->answers->service_name, res->answers->vendor_name, id, e->service,
                       e->vendor);
        return ASX_ERR_DATA;
    }
    if (asx_register_check_result(res, ASX_L("更新", "renewed"), d))
        return ASX_ERR_DATA;
    if (asx_date_cmp(in->date, e->approved_on) < 0) {
        char iso[11];
        asx_date_iso(e->approved_on, iso);
        asx_diags_addf(d, ASX_ERR_DATA, NULL, 0, 0,
                       ASX_L("更新日が承認日 (%s) より前です", "the renewal date is before the approval (%s)"),
                       iso);
        return ASX_ERR_DATA;
    }
    asx_reg_renewal *rn = reg_grow(&e->renewals, &e->nrenewals, sizeof *rn);
    if (!rn)
        return ASX_ERR_NOMEM;
    rn->renewed_on = in->date;
    rn->verdict = res->verdict;
    rn->score = res->score;
    rn->previous_verdict = e->verdict;
    rn->previous_score = e->score;
    rn->previous_next_review = e->next_review;
    rn->answers_sha256 = asx_strdup(in->answers_sha256);
    rn->approver = asx_strdup(in->approver);
    if ((in->answers_sha256 && !rn->answers_sha256) || !rn->approver)
        return ASX_ERR_NOMEM;
    free(e->approver);
    if (!(e->approver = asx_strdup(in->approver)))
        return ASX_ERR_NOMEM;
    if (in->manager) {
        free(e->manager);
        if (!(e->manager = asx_strdup(in->manager)))
            return ASX_ERR_NOMEM;
    }
    rn->previous_conditions = e->conditions;
    rn->nprevious_conditions = e->nconditions;
    e->conditions = NULL;
    e->nconditions = 0;
    asx_error err = fill_from_result(e, in);
    if (err)
        return err;
    if (!e->has_next_check) {
        e->has_next_check = true;
        e->next_check = asx_next_review(res->policy, in->date);
    }
    e->status = ASX_REG_ACTIVE; /* expired or not is read on each date (asx_register_settle) */
    char nr[64];
    bool lower = verdict_rank(rn->verdict) < verdict_rank(rn->previous_verdict);
    char *detail;
    if (asx_ui_lang == ASX_LANG_EN) {
        asx_date_iso(e->next_review, nr);
        detail = asx_strdupf("%s %.1f -> %s %.1f%s, next_review %s, approver %s, status %s",
                             asx_verdict_name(rn->previous_verdict), rn->previous_score,
                             asx_verdict_name(e->verdict), e->score, lower ? " (lower verdict)" : "", nr,
                             rn->approver, asx_reg_status_name(e->status));
    } else {
        asx_date_format(e->next_review, ASX_LANG_JA, nr, sizeof nr);
        detail = asx_strdupf("%s %.1f 点 → %s %.1f 点%s、次回見直し %s、許可権限者 %s、状態 %s",
                             asx_verdict_label(rn->previous_verdict, ASX_LANG_JA), rn->previous_score,
                             asx_verdict_label(e->verdict, ASX_LANG_JA), e->score, lower ? " (判定低下)" : "", nr,
                             rn->approver, asx_reg_status_label(e->status, ASX_LANG_JA));
    }
    if (!detail)
        return ASX_ERR_NOMEM;
    err = asx_register_log(r, in->user, ASX_REG_RENEW, id, in->date, detail);
    free(detail);
    return err;
}

asx_error asx_register_revoke(asx_register *r, const char *id, const char *reason, asx_date date,
                              const char *user, asx_diags *d)
{
    asx_reg_entry *e = find_or_report(r, id, d);
    if (!e)
        return ASX_ERR_DATA;
    if (e->status == ASX_REG_REVOKED) {
        asx_diags_addf(d, ASX_ERR_DATA, NULL, 0, 0,
                       ASX_L("%s は既に取り消されています", "%s is already revoked"), id);
        return ASX_ERR_DATA;
    }
    if (refuse_closed(e, ASX_L("取り消し", "revoked"), d))
        return ASX_ERR_DATA;
    free(e->revoke_reason);
    if (!(e->revoke_reason = asx_strdup(reason)))
        return ASX_ERR_NOMEM;
    e->status = ASX_REG_REVOKED;
    e->has_revoked_on = true;
    e->revoked_on = date;
    return asx_register_log(r, user, ASX_REG_REVOKE, id, date, reason);
}

asx_error asx_register_date_ok(asx_date date, asx_date today, bool done, const char *file,
                               const char *place, asx_diags *d)
{
    char iso[11], now[11];
    asx_date_iso(date, iso);
    asx_date_iso(today, now);
    if (done && asx_date_cmp(date, today) > 0) {
        asx_diags_addf(d, ASX_ERR_DATA, file, 0, 0,
                       ASX_L("%s: %s は今日 (%s) より後の日付です。行ったことの記録は今日までの日付で記録してください (台帳は変更していません)",
                             "%s: %s is after today (%s); what was done is recorded with a date up to today (the register is unchanged)"),
                       place, iso, now);
        return ASX_ERR_DATA;
    }
    if (!done && asx_date_cmp(date, asx_date_add_months(today, 12)) > 0) {
        asx_diags_addf(d, ASX_ERR_DATA, file, 0, 0,
                       ASX_L("%s: %s は今日 (%s) から 1 年より先の日付です。入力の誤りではありませんか (台帳は変更していません)",
                             "%s: %s is more than a year after today (%s); is it a typing error? (the register is unchanged)"),
                       place, iso, now);
        return ASX_ERR_DATA;
    }
    return ASX_OK;
}

void asx_register_renew_notes(const asx_reg_entry *e, asx_date date, asx_diags *d)
{
    char iso[11], on[11];
    if (e->has_evidence_expiry && asx_date_cmp(e->evidence_expiry, date) < 0) {
        asx_date_iso(e->evidence_expiry, iso);
        asx_date_iso(date, on);
        asx_diags_addf(d, ASX_OK, NULL, 0, 0,
                       ASX_L("注意: %s の回答の証明書は %s に期限が切れています (更新日 %s)。この登録は期限切れと表示されます。更新後の証明書は assess register evidence %s --scheme … --number … --expiry … で記録できます",
                             "note: the certificate in the answers of %s expired on %s (renewed on %s); the entry shows as expired. Record the renewed certificate with assess register evidence %s --scheme … --number … --expiry …"),
                       e->id, iso, on, e->id);
    }
    if (!e->nrenewals)
        return;
    const asx_reg_renewal *rn = &e->renewals[e->nrenewals - 1];
    for (size_t i = 0; i < rn->nprevious_conditions; i++) {
        const asx_reg_condition *w = &rn->previous_conditions[i];
        if (w->status != ASX_COND_WAIVED)
            continue;
        const asx_reg_condition *again = NULL;
        for (size_t k = 0; k < e->nconditions && !again; k++)
            if (strcmp(e->conditions[k].text, w->text) == 0 ||
                (w->clause && e->conditions[k].clause && strcmp(w->clause, e->conditions[k].clause) == 0))
                again = &e->conditions[k];
        on[0] = '\0';
        if (w->has_on)
            asx_date_iso(w->on, on);
        if (again)
            asx_diags_addf(d, ASX_OK, NULL, 0, 0,
                           ASX_L("前回 %s に免除した条件 %zu「%s」(根拠: %s) は、今回の評価で条件 %zu として再び未履行です (免除を続けるなら assess register condition %s %zu --waived で記録してください)",
                                 "waived on %s last time, condition %zu (\"%s\", evidence: %s) is condition %zu again, open, after this assessment (to keep it waived: assess register condition %s %zu --waived)"),
                           on, w->n, w->text, w->evidence ? w->evidence : "", again->n, e->id, again->n);
        else
            asx_diags_addf(d, ASX_OK, NULL, 0, 0,
                           ASX_L("前回 %s に免除した条件 %zu「%s」は、今回の評価の条件にはありません",
                                 "waived on %s last time, condition %zu (\"%s\") is not a condition of this assessment"),
                           on, w->n, w->text);
    }
}

void asx_reg_entry_settle(asx_reg_entry *e, asx_date as_of)
{
    if (asx_reg_in_use(e))
        e->status = reg_lapsed(e, as_of) ? ASX_REG_EXPIRED : ASX_REG_ACTIVE;
}

void asx_register_settle(asx_register *r, asx_date as_of)
{
    for (size_t i = 0; i < r->nentries; i++)
        asx_reg_entry_settle(&r->entries[i], as_of);
}

/* Text people typed that goes into the register and back to a terminal and the exports: the rule
 * the answers follow (asx_text_check): no control characters, new lines only in a text, no
 * noncharacters, at most ASX_MAX_NAME_CHARS for a name and ASX_MAX_TEXT_CHARS for a text. */
static bool refuse_text(const char *what, const char *s, bool text, asx_diags *d)
{
    asx_buf msg = {0};
    if (!s || asx_text_ok(s, text, &msg))
        return false;
    asx_diags_addf(d, ASX_ERR_DATA, NULL, 0, 0, "%s: %s", what, asx_buf_str(&msg));
    asx_buf_free(&msg);
    return true;
}

asx_error asx_register_condition(asx_register *r, const char *id, size_t n,
                                 asx_cond_status status, const char *evidence, asx_date date,
                                 const char *by, asx_diags *d)
{
    asx_reg_entry *e = find_or_report(r, id, d);
    if (!e)
        return ASX_ERR_DATA;
    if (refuse_closed(e, ASX_L("変更", "changed"), d))
        return ASX_ERR_DATA;
    if (n < 1 || n > e->nconditions) {
        if (!e->nconditions)
            asx_diags_addf(d, ASX_ERR_DATA, NULL, 0, 0,
                           ASX_L("%s には承認の条件がありません", "%s has no conditions"), id);
        else
            asx_diags_addf(d, ASX_ERR_DATA, NULL, 0, 0,
                           ASX_L("%s の条件は 1 から %zu までです (%zu はありません)",
                                 "the conditions of %s are numbered 1 to %zu (there is no %zu)"),
                           id, e->nconditions, n);
        return ASX_ERR_DATA;
    }
    asx_reg_condition *k = &e->conditions[n - 1];
    if (k->status != ASX_COND_OPEN) {
        char on[11] = "";
        if (k->has_on)
            asx_date_iso(k->on, on);
        asx_diags_addf(d, ASX_ERR_DATA, NULL, 0, 0,
                       ASX_L("%s の条件 %zu は %s に「%s」として記録済みです",
                             "%s: condition %zu was already recorded on %s as %s"),
                       id,
                       n, on, asx_cond_status_label(k->status, asx_ui_lang));
        return ASX_ERR_DATA;
    }
    if (status == ASX_COND_OPEN || !evidence || !*evidence) {
        asx_diags_addf(d, ASX_ERR_DATA, NULL, 0, 0,
                       ASX_L("条件の履行には根拠 (--evidence) が必要です",
                             "a condition met or waived needs its evidence (--evidence)"));
        return ASX_ERR_DATA;
    }
    if (refuse_text("--evidence", evidence, true, d) || refuse_text("--by", by, false, d))
        return ASX_ERR_DATA;
    if (asx_date_cmp(date, e->approved_on) < 0) {
        char iso[11];
        asx_date_iso(e->approved_on, iso);
        asx_diags_addf(d, ASX_ERR_DATA, NULL, 0, 0,
                       ASX_L("履行日が承認日 (%s) より前です", "the date is before the approval (%s)"),
                       iso);
        return ASX_ERR_DATA;
    }
    k->status = status;
    k->has_on = true;
    k->on = date;
    free(k->evidence);
    free(k->by);
    k->evidence = asx_strdup(evidence);
    k->by = asx_strdup(reg_default_user(by));
    if (!k->evidence || !k->by)
        return ASX_ERR_NOMEM;
    size_t open = asx_reg_open_conditions(e);
    char *detail = asx_strdupf(ASX_L("条件 %zu %s: %s (未履行 残り %zu 件%s)",
                                     "condition %zu %s: %s (%zu still open%s)"),
                               n, asx_ui_lang == ASX_LANG_EN ? asx_cond_status_name(status)
                                                             : asx_cond_status_label(status, ASX_LANG_JA),
                               evidence, open,
                               open ? "" : ASX_L("、すべて履行済み", ", all met"));
    if (!detail)
        return ASX_ERR_NOMEM;
    asx_error err = asx_register_log(r, by, ASX_REG_CONDITION, id, date, detail);
    free(detail);
    return err;
}

asx_error asx_register_evidence(asx_register *r, const char *id, const char *scheme,
                                const char *number, asx_date expiry, const char *file_sha256,
                                asx_date date, const char *user, asx_diags *d)
{
    asx_reg_entry *e = find_or_report(r, id, d);
    if (!e)
        return ASX_ERR_DATA;
    if (refuse_closed(e, ASX_L("証明書を記録", "take a certificate"), d))
        return ASX_ERR_DATA;
    char exp[11], on[11];
    asx_date_iso(expiry, exp);
    asx_date_iso(date, on);
    if (asx_date_cmp(expiry, date) < 0) {
        asx_diags_addf(d, ASX_ERR_DATA, NULL, 0, 0,
                       ASX_L("--expiry: %s は記録する日 %s より前です (期限切れの証明書は記録しません)",
                             "--expiry: %s is before the date it is recorded on (%s); an expired certificate is not recorded"),
                       exp, on);
        return ASX_ERR_DATA;
    }
    asx_reg_evidence *v = reg_grow(&e->evidence, &e->nevidence, sizeof *v);
    if (!v)
        return ASX_ERR_NOMEM;
    v->scheme = asx_strdup(scheme);
    v->number = asx_strdup(number);
    v->file_sha256 = asx_strdup(file_sha256);
    v->by = asx_strdup(reg_default_user(user));
    v->expiry = expiry;
    v->on = date;
    if (!v->scheme || (number && !v->number) || (file_sha256 && !v->file_sha256) || !v->by)
        return ASX_ERR_NOMEM;
    e->has_evidence_expiry = true;
    e->evidence_expiry = expiry;
    char *detail = asx_strdupf("%s %s, expiry %s", scheme, number ? number : "", exp);
    asx_error err = detail ? asx_register_log(r, user, ASX_REG_EVIDENCE, id, date, detail)
                           : ASX_ERR_NOMEM;
    free(detail);
    return err;
}

asx_error asx_register_record_check(asx_register *r, const char *id, const asx_reg_check *check,
                                    const asx_policy *policy, const char *user, asx_diags *d)
{
    asx_reg_entry *e = find_or_report(r, id, d);
    if (!e)
        return ASX_ERR_DATA;
    if (refuse_closed(e, ASX_L("点検", "checked"), d))
        return ASX_ERR_DATA;
    if (asx_date_cmp(check->on, e->approved_on) < 0) {
        char iso[11];
        asx_date_iso(e->approved_on, iso);
        asx_diags_addf(d, ASX_ERR_DATA, NULL, 0, 0,
                       ASX_L("点検日が承認日 (%s) より前です", "the check is dated before the approval (%s)"),
                       iso);
        return ASX_ERR_DATA;
    }
    /* The same filled checklist (same bytes) recorded again would count as a second check. */
    for (size_t i = 0; check->file_sha256 && i < e->nchecks; i++) {
        const asx_reg_check *k = &e->checks[i];
        if (k->file_sha256 && strcmp(k->file_sha256, check->file_sha256) == 0) {
            char on[64];
            asx_date_format(k->on, asx_ui_lang, on, sizeof on);
            asx_diags_addf(d, ASX_ERR_DATA, NULL, 0, 0,
                           ASX_L("この点検表は記録済みです (%s の%s点検 %s、SHA-256 が同じ)",
                                 "this checklist is already recorded (%s, %s check of %s, same SHA-256)"),
                           e->id, asx_check_phase_label(k->phase, asx_ui_lang), on);
            return ASX_ERR_DATA;
        }
    }
    bool bad = refuse_text(ASX_L("点検者", "the checker"), check->by, false, d) ||
               refuse_text(ASX_L("所見", "the notes"), check->notes, true, d);
    for (size_t i = 0; !bad && i < check->nitems; i++)
        bad = refuse_text(check->items[i].item, check->items[i].note, true, d);
    if (bad)
        return ASX_ERR_DATA;
    asx_reg_check *k = reg_grow(&e->checks, &e->nchecks, sizeof *k);
    if (!k)
        return ASX_ERR_NOMEM;
    k->phase = check->phase;
    k->on = check->on;
    k->by = asx_strdup(check->by ? check->by : reg_default_user(user));
    k->notes = asx_strdup(check->notes);
    k->file_sha256 = asx_strdup(check->file_sha256);
    if (!k->by || (check->notes && !k->notes) || (check->file_sha256 && !k->file_sha256))
        return ASX_ERR_NOMEM;
    size_t ng = 0;
    for (size_t i = 0; i < check->nitems; i++) {
        asx_reg_check_item *ci = reg_grow(&k->items, &k->nitems, sizeof *ci);
        if (!ci)
            return ASX_ERR_NOMEM;
        ci->item = asx_strdup(check->items[i].item);
        ci->result = check->items[i].result;
        ci->note = asx_strdup(check->items[i].note);
        if (!ci->item || (check->items[i].note && !ci->note))
            return ASX_ERR_NOMEM;
        ng += ci->result == ASX_CHECK_NG;
    }
    switch (check->phase) {
    case ASX_PHASE_BUILD:
        break;
    case ASX_PHASE_OPERATE:
        e->has_next_check = true;
        e->next_check = asx_next_review(policy, check->on);
        break;
    case ASX_PHASE_EXIT:
        e->status = ASX_REG_ENDED;
        e->has_ended_on = true;
        e->ended_on = check->on;
        break;
    }
    char on[64], nc[64] = "";
    bool en = asx_ui_lang == ASX_LANG_EN;
    if (en)
        asx_date_iso(check->on, on);
    else
        asx_date_format(check->on, ASX_LANG_JA, on, sizeof on);
    if (check->phase == ASX_PHASE_OPERATE) {
        if (en)
            asx_date_iso(e->next_check, nc);
        else
            asx_date_format(e->next_check, ASX_LANG_JA, nc, sizeof nc);
    }
    char *detail = asx_strdupf(ASX_L("%sの点検 %s (%s): %zu 項目、否 %zu%s%s%s",
                                     "%s check %s (%s): %zu items, %zu not met%s%s%s"),
                               en ? asx_check_phase_name(check->phase) : asx_check_phase_label(check->phase, ASX_LANG_JA),
                               on, k->by, k->nitems, ng,
                               *nc ? ASX_L("、次回 ", ", next ") : "", nc,
                               check->phase == ASX_PHASE_EXIT ? ASX_L("、利用終了", ", ended") : "");
    if (!detail)
        return ASX_ERR_NOMEM;
    asx_error err = asx_register_log(r, user, ASX_REG_CHECK, id, check->on, detail);
    free(detail);
    return err;
}
