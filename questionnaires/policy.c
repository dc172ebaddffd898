/* policy.c - the organisation's thresholds: the compiled-in default and --policy files. */
#include <stdlib.h>
#include <string.h>
#include "asx/country.h"
#include "asx/json.h"
#include "asx/policy.h"
#include "asx/util.h"

extern const unsigned char asx_data_policy_default[];
extern const size_t asx_data_policy_default_len;

static void strlist_free(asx_strlist *l)
{
    asx_strv_free(l->v, l->n);
    l->v = NULL;
    l->n = 0;
}

void asx_policy_free(asx_policy *p)
{
    if (!p)
        return;
    free(p->organization);
    strlist_free(&p->storage);
    strlist_free(&p->processing);
    strlist_free(&p->backup);
    free(p);
}

bool asx_strlist_has(const asx_strlist *l, const char *s)
{
    for (size_t i = 0; s && i < l->n; i++)
        if (strcmp(l->v[i], s) == 0)
            return true;
    return false;
}

static double *level_pair(asx_policy *p, const char *key)
{
    if (strcmp(key, "availability_percent_min") == 0)
        return p->availability_percent_min;
    if (strcmp(key, "rto_hours_max") == 0)
        return p->rto_hours_max;
    if (strcmp(key, "rpo_hours_max") == 0)
        return p->rpo_hours_max;
    return NULL;
}

bool asx_policy_is_threshold_key(const char *key)
{
    return key && (strcmp(key, "availability_percent_min") == 0 || strcmp(key, "rto_hours_max") == 0 ||
                   strcmp(key, "rpo_hours_max") == 0 ||
                   strcmp(key, "incident_notification_hours_max") == 0);
}

bool asx_policy_threshold(const asx_policy *p, const char *key, int availability, double *out)
{
    if (!key)
        return false;
    if (strcmp(key, "incident_notification_hours_max") == 0) {
        *out = p->incident_notification_hours_max;
        return true;
    }
    double *pair = level_pair((asx_policy *)p, key);
    if (!pair)
        return false;
    *out = pair[availability >= 2 ? 1 : 0];
    return true;
}

static void load_countries(const asx_json *j, asx_diags *d, const cJSON *v, const char *key, asx_strlist *out)
{
    if (!cJSON_IsArray(v) || cJSON_GetArraySize(v) == 0) {
        asx_json_errf(j, d, v, ASX_L("allowed_countries.%s は国コードの配列 (1 個以上) です",
                                     "allowed_countries.%s must be a non-empty array of country codes"), key);
        return;
    }
    strlist_free(out);
    out->v = calloc((size_t)cJSON_GetArraySize(v), sizeof *out->v);
    if (!out->v)
        return;
    const cJSON *c;
    cJSON_ArrayForEach(c, v)
    {
        if (!cJSON_IsString(c) || !asx_country_valid(c->valuestring)) {
            char what[80];
            asx_json_describe(c, what, sizeof what);
            asx_json_errf(j, d, c, ASX_L("allowed_countries.%s: ISO 3166-1 の 2 文字国コードではありません: %s",
                                         "allowed_countries.%s: not an ISO 3166-1 alpha-2 code: %s"), key, what);
            continue;
        }
        out->v[out->n++] = asx_strdup(c->valuestring);
    }
}

static void load_country(const asx_json *j, asx_diags *d, const cJSON *root, const char *key, char out[3])
{
    const cJSON *v = asx_json_get(root, key);
    if (!v)
        return;
    if (!cJSON_IsString(v) || !asx_country_valid(v->valuestring)) {
        char what[80];
        asx_json_describe(v, what, sizeof what);
        asx_json_errf(j, d, v, ASX_L("%s: ISO 3166-1 の 2 文字国コードではありません: %s",
                                     "%s: not an ISO 3166-1 alpha-2 code: %s"), key, what);
        return;
    }
    memcpy(out, v->valuestring, 3);
}

static void load_number(const asx_json *j, asx_diags *d, const cJSON *obj, const char *key, const char *name,
                        double lo, double hi, double *out)
{
    const cJSON *v = asx_json_get(obj, key);
    if (!v)
        return;
    if (!cJSON_IsNumber(v) || v->valuedouble < lo || v->valuedouble > hi) {
        char what[80];
        asx_json_describe(v, what, sizeof what);
        asx_json_errf(j, d, v, ASX_L("%s: %g から %g の数値を指定してください (%s)",
                                     "%s: expected a number from %g to %g, got %s"), name, lo, hi, what);
        return;
    }
    *out = v->valuedouble;
}

static void load_pair(const asx_json *j, asx_diags *d, const cJSON *root, const char *key, double hi,
                      double pair[2])
{
    const cJSON *v = asx_json_get(root, key);
    if (!v)
        return;
    if (!cJSON_IsObject(v)) {
        asx_json_errf(j, d, v, ASX_L("%s は {\"A1\": 数値, \"A2\": 数値} です", "%s must be {\"A1\": number, \"A2\": number}"),
                      key);
        return;
    }
    static const char *const keys[] = {"A1", "A2", NULL};
    asx_json_check_keys(j, d, v, keys, key);
    char name[64];
    snprintf(name, sizeof name, "%s.A1", key);
    load_number(j, d, v, "A1", name, 0, hi, &pair[0]);
    snprintf(name, sizeof name, "%s.A2", key);
    load_number(j, d, v, "A2", name, 0, hi, &pair[1]);
}

/* Apply the keys given in buf over p. */
static asx_error apply(asx_policy *p, const char *buf, size_t len, const char *file, bool trusted, asx_diags *d)
{
    static const char *const keys[] = {
        "format", "organization", "allowed_countries", "governing_law", "jurisdiction",
        "availability_percent_min", "rto_hours_max", "rpo_hours_max", "incident_notification_hours_max",
        "approve_threshold", "conditional_threshold", "review_interval_months", NULL};
    asx_json *j = NULL;
    asx_error err = trusted ? asx_json_parse_trusted(buf, len, file, &j, d) : asx_json_parse(buf, len, file, &j, d);
    if (err)
        return err;
    size_t before = d->n;
    const cJSON *root = asx_json_root(j);
    if (!cJSON_IsObject(root)) {
        asx_json_errf(j, d, root, ASX_L("ポリシーは JSON オブジェクトです", "a policy must be a JSON object"));
        goto done;
    }
    asx_json_check_keys(j, d, root, keys, "policy");
    const char *format = asx_json_want_string(j, d, root, "format", true);
    if (format && strcmp(format, "assess-policy/1") != 0)
        asx_json_errf(j, d, asx_json_get(root, "format"),
                      ASX_L("\"format\" は \"assess-policy/1\" です (\"%s\")", "\"format\" must be \"assess-policy/1\", not \"%s\""),
                      format);
    const char *org = asx_json_want_string(j, d, root, "organization", false);
    if (org) {
        free(p->organization);
        p->organization = asx_strdup(org);
    }
    const cJSON *ac = asx_json_get(root, "allowed_countries");
    if (ac) {
        static const char *const ckeys[] = {"storage", "processing", "backup", NULL};
        if (!cJSON_IsObject(ac)) {
            asx_json_errf(j, d, ac, ASX_L("allowed_countries は {\"storage\": […], \"processing\": […], \"backup\": […]} です",
                                          "allowed_countries must be {\"storage\": […], \"processing\": […], \"backup\": […]}"));
        } else {
            asx_json_check_keys(j, d, ac, ckeys, "allowed_countries");
            if (asx_json_get(ac, "storage"))
                load_countries(j, d, asx_json_get(ac, "storage"), "storage", &p->storage);
            if (asx_json_get(ac, "processing"))
                load_countries(j, d, asx_json_get(ac, "processing"), "processing", &p->processing);
            if (asx_json_get(ac, "backup"))
                load_countries(j, d, asx_json_get(ac, "backup"), "backup", &p->backup);
        }
    }
    load_country(j, d, root, "governing_law", p->governing_law);
    load_country(j, d, root, "jurisdiction", p->jurisdiction);
    load_pair(j, d, root, "availability_percent_min", 100, p->availability_percent_min);
    load_pair(j, d, root, "rto_hours_max", 24 * 365, p->rto_hours_max);
    load_pair(j, d, root, "rpo_hours_max", 24 * 365, p->rpo_hours_max);
    load_number(j, d, root, "incident_notification_hours_max", "incident_notification_hours_max", 0, 24 * 30,
                &p->incident_notification_hours_max);
    load_number(j, d, root, "approve_threshold", "approve_threshold", 0, 100, &p->approve_threshold);
    load_number(j, d, root, "conditional_threshold", "conditional_threshold", 0, 100, &p->conditional_threshold);
    double months = p->review_interval_months;
    load_number(j, d, root, "review_interval_months", "review_interval_months", 1, 60, &months);
    if (months != (double)(int)months)
        asx_json_errf(j, d, asx_json_get(root, "review_interval_months"),
                      ASX_L("review_interval_months は整数です", "review_interval_months must be an integer"));
    p->review_interval_months = (int)months;
    if (p->conditional_threshold > p->approve_threshold)
        asx_json_errf(j, d, root, ASX_L("conditional_threshold (%g) が approve_threshold (%g) を超えています",
                                        "conditional_threshold (%g) is above approve_threshold (%g)"),
                      p->conditional_threshold, p->approve_threshold);
done:
    asx_json_free(j);
    return d->n > before ? ASX_ERR_DATA : ASX_OK;
}

asx_error asx_policy_default(asx_policy **out, asx_diags *d)
{
    *out = NULL;
    asx_policy *p = calloc(1, sizeof *p);
    if (!p)
        return ASX_ERR_NOMEM;
    asx_error err = apply(p, (const char *)asx_data_policy_default, asx_data_policy_default_len,
                          "<built-in>/policy-default.json", true, d);
    if (err) {
        asx_policy_free(p);
        return err == ASX_ERR_DATA ? ASX_ERR_INTERNAL : err;
    }
    *out = p;
    return ASX_OK;
}

asx_error asx_policy_load(const char *buf, size_t len, const char *file, asx_policy **out, asx_diags *d)
{
    asx_policy *p = NULL;
    asx_error err = asx_policy_default(&p, d);
    if (err)
        return err;
    err = apply(p, buf, len, file, false, d);
    if (err) {
        asx_policy_free(p);
        return err;
    }
    *out = p;
    return ASX_OK;
}
