/* cli.c - helpers shared by the commands: loading banks and policy once, exit statuses. */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include "asx/date.h"
#include "asx/io.h"
#include "asx/util.h"
#include "asx/text.h"
#include "asx/register.h"
#include "cli.h"

asx_error cli_banks(asx_cli *c)
{
    if (c->banks_loaded)
        return ASX_OK;
    asx_error err = ASX_OK;
    if (c->lazy_banks)
        asx_bankset_builtin_lazy(&c->banks);
    else
        err = asx_bankset_builtin(&c->banks, &c->diags);
    if (err)
        return err;
    /* From here the set is ours to free (cli_finish), also when the custom bank fails. */
    c->banks_loaded = true;
    if (c->questionnaire_file)
        err = asx_bankset_add_file(&c->banks, c->questionnaire_file, &c->diags);
    return err;
}

asx_error cli_policy(asx_cli *c)
{
    if (c->policy)
        return ASX_OK;
    if (!c->policy_file)
        return asx_policy_default(&c->policy, &c->diags);
    char *buf = NULL;
    size_t len = 0;
    asx_error err = asx_read_file(c->policy_file, ASX_MAX_INPUT, &buf, &len, &c->diags);
    if (!err)
        err = asx_policy_load(buf, len, c->policy_file, &c->policy, &c->diags);
    free(buf);
    /* every command that loads the policy refuses a clause_numbers key no bank knows (SPEC §8.6) */
    if (!err && asx_policy_has_clause_numbers(c->policy))
        err = cli_banks(c);
    if (!err)
        err = asx_bankset_check_policy(&c->banks, c->policy, &c->diags);
    return err;
}

bool cli_check_text(const char *option, const char *value, bool text)
{
    asx_buf msg = {0};
    if (asx_text_ok(value, text, &msg))
        return true;
    asx_term_printf(stderr, "assess: --%s: %s\n", option, asx_buf_str(&msg));
    asx_buf_free(&msg);
    return false;
}

char *cli_output_name(const char *vendor, const char *service, size_t max_bytes)
{
    char *joined = asx_strdupf("%s_%s", vendor ? vendor : "", service ? service : "");
    char *name = joined ? asx_safe_name(joined, max_bytes) : NULL;
    free(joined);
    return name;
}

int cli_finish(asx_cli *c, asx_error err)
{
    asx_diags_print(&c->diags, stderr);
    if (!err)
        err = c->diags.worst;
    asx_diags_free(&c->diags);
    asx_policy_free(c->policy);
    c->policy = NULL;
    if (c->banks_loaded)
        asx_bankset_free(&c->banks);
    c->banks_loaded = false;
    return cli_close_stdout(asx_exit_code(err));
}

int cli_usage(const char *cmd, const char *fmt, ...)
{
    va_list ap;
    char msg[1024];
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap); /* quotes the user's argument: escaped below */
    va_end(ap);
    asx_term_printf(stderr, "assess %s: %s", cmd, msg);
    asx_term_printf(stderr, ASX_L(" (assess %s --help を参照)\n", " (see assess %s --help)\n"), cmd);
    return EXIT_USAGE;
}

bool cli_parse_date(const char *s, asx_date *out)
{
    if (asx_date_parse(s, out))
        return true;
    asx_term_printf(stderr, ASX_L("assess: --date は実在する日付を YYYY-MM-DD で指定してください (\"%s\")\n",
                          "assess: --date takes an existing date as YYYY-MM-DD, not \"%s\"\n"), s);
    return false;
}

int cli_close_stdout(int status)
{
    if (fflush(stdout) != 0 || ferror(stdout)) {
        fprintf(stderr, ASX_L("assess: 標準出力への書き込みに失敗しました\n",
                              "assess: error writing to standard output\n"));
        return status ? status : EXIT_IOERR;
    }
    return status;
}

/* Byte budget of each part of a pack name: the whole stays under PACK_NAME_MAX; a long vendor
 * name gives way first so that the service (what tells two packs apart) is kept. */
#define PACK_NAME_MAX 120
#define PACK_VENDOR_MIN 24

char *cli_pack_name(const asx_answers *a, asx_date date)
{
    char iso[11];
    asx_date_iso(date, iso);
    size_t budget = PACK_NAME_MAX - sizeof iso - 1; /* "_<date>" and "_" between */
    char *vendor = asx_safe_name(a->vendor_name, 0);
    char *service = asx_safe_name(a->service_name, 0);
    char *out = NULL;
    if (!vendor || !service)
        goto done;
    size_t lv = strlen(vendor), ls = strlen(service);
    if (lv + ls > budget) {
        size_t vmax = lv < PACK_VENDOR_MIN ? lv : PACK_VENDOR_MIN;
        if (ls + vmax < budget)
            vmax = budget - ls;
        size_t smax = budget - vmax;
        free(vendor);
        free(service);
        vendor = asx_safe_name(a->vendor_name, vmax);
        service = asx_safe_name(a->service_name, smax);
        if (!vendor || !service)
            goto done;
    }
    out = asx_strdupf("%s_%s_%s", vendor, service, iso);
done:
    free(vendor);
    free(service);
    return out;
}

asx_error cli_answers(asx_cli *c, const char *reg, const char *what, asx_answers **out)
{
    *out = NULL;
    if (!reg)
        return asx_answers_load_file(what, &c->banks, out, &c->diags);
    char *buf = NULL;
    size_t len = 0;
    asx_error err = asx_register_answers(reg, ASX_REGISTER_WAIT, what, &buf, &len, &c->diags);
    char *label = err ? NULL : asx_strdupf("%s (%s)", what, reg);
    if (!err && !label)
        err = ASX_ERR_NOMEM;
    if (!err)
        err = asx_answers_load(buf, len, label, &c->banks, out, &c->diags);
    free(label);
    free(buf);
    return err;
}

asx_error cli_review(asx_diags *d, const char *given, const asx_answers *a, asx_review **out)
{
    *out = NULL;
    if (given)
        return asx_review_load_file(given, a, out, d);
    char *beside = asx_review_beside(a->file);
    if (!beside)
        return ASX_OK;
    struct stat st;
    asx_error err = ASX_OK;
    /* SPEC §8.1: the output says which review it used (the result carries the file) */
    if (lstat(beside, &st) == 0)
        err = asx_review_load_file(beside, a, out, d);
    free(beside);
    return err;
}

int cli_drop_beside_reviews(char **files, int n)
{
    int kept = 0;
    for (int i = 0; i < n; i++) {
        bool beside = false;
        for (int k = 0; k < n && !beside; k++) {
            if (k == i)
                continue;
            char *r = asx_review_beside(files[k]);
            beside = r && strcmp(r, files[i]) == 0;
            free(r);
        }
        if (!beside)
            files[kept++] = files[i];
    }
    return kept;
}
