/* test_bank_lazy.c - a lazy set of the built-in banks (asx_bankset_builtin_lazy): each bank is
 * parsed when it is first asked for, gives the same bank as the eager set, a bank from a file of
 * the same id wins, and an unknown id still lists every bank. */
#include <check.h>
#include <stdlib.h>
#include <string.h>
#include "asx/answers.h"
#include "asx/bank.h"
#include "testutil.h"

START_TEST(parsed_on_first_use)
{
    asx_bankset set = {0};
    asx_bankset_builtin_lazy(&set);
    ck_assert_uint_eq(set.n, 0);
    const asx_bank *light = asx_bankset_find(&set, "cloud-light");
    ck_assert_ptr_nonnull(light);
    ck_assert_str_eq(light->id, "cloud-light");
    ck_assert_uint_eq(set.n, 1);
    ck_assert_ptr_eq(asx_bankset_find(&set, "cloud-light"), light);
    ck_assert_uint_eq(set.n, 1);
    ck_assert_ptr_nonnull(asx_bankset_find(&set, "cloud"));
    ck_assert_uint_eq(set.n, 2);
    ck_assert_ptr_null(asx_bankset_find(&set, NULL));
    ck_assert_uint_eq(set.n, 2);
    asx_bankset_free(&set);
    ck_assert(!set.lazy);
}
END_TEST

START_TEST(same_banks_as_eager)
{
    asx_diags d;
    asx_diags_init(&d);
    asx_bankset eager = {0}, lazy = {0};
    ck_assert_int_eq(asx_bankset_builtin(&eager, &d), ASX_OK);
    asx_bankset_builtin_lazy(&lazy);
    for (size_t i = 0; i < eager.n; i++) {
        const asx_bank *a = eager.v[i], *b = asx_bankset_find(&lazy, a->id);
        ck_assert_ptr_nonnull(b);
        ck_assert_str_eq(a->version, b->version);
        ck_assert_uint_eq(a->nquestions, b->nquestions);
        ck_assert_uint_eq(a->nflags, b->nflags);
        for (size_t q = 0; q < a->nquestions; q++)
            ck_assert_str_eq(a->questions[q].id, b->questions[q].id);
    }
    ck_assert_uint_eq(lazy.n, eager.n);
    asx_bankset_free(&eager);
    asx_bankset_free(&lazy);
    asx_diags_free(&d);
}
END_TEST

START_TEST(file_bank_wins)
{
    asx_diags d;
    asx_diags_init(&d);
    asx_bankset set = {0};
    asx_bankset_builtin_lazy(&set);
    ck_assert_int_eq(asx_bankset_add_file(&set, tu_path("questionnaires/cloud-light.json"), &d), ASX_OK);
    ck_assert_uint_eq(set.n, 1);
    const asx_bank *file = set.v[0];
    ck_assert_ptr_eq(asx_bankset_find(&set, "cloud-light"), file);
    ck_assert_uint_eq(set.n, 1);
    /* an unknown id parses the built-in banks, but not over the one from the file */
    ck_assert_ptr_null(asx_bankset_find(&set, "no-such-bank"));
    ck_assert_uint_eq(set.n, 3);
    ck_assert_ptr_eq(asx_bankset_find(&set, "cloud-light"), file);
    asx_bankset_free(&set);
    asx_diags_free(&d);
}
END_TEST

START_TEST(unknown_id_lists_every_bank)
{
    asx_diags d;
    asx_diags_init(&d);
    asx_bankset set = {0};
    asx_bankset_builtin_lazy(&set);
    ck_assert_ptr_nonnull(asx_bankset_find(&set, "outsourcing"));
    static const char doc[] = "{\"format\": \"assess-answers/1\", \"questionnaire\": \"nope\"}";
    asx_answers *a = NULL;
    ck_assert_int_eq(asx_answers_load(doc, strlen(doc), "a.json", &set, &a, &d), ASX_ERR_DATA);
    ck_assert_ptr_null(a);
    ck_assert(tu_diags_have(&d, "outsourcing, cloud, cloud-light"));
    ck_assert_uint_eq(set.n, 3);
    ck_assert(!set.lazy);
    asx_bankset_free(&set);
    asx_diags_free(&d);
}
END_TEST

static Suite *suite(void)
{
    Suite *s = suite_create("bank_lazy");
    TCase *t = tcase_create("lazy");
    tcase_add_test(t, parsed_on_first_use);
    tcase_add_test(t, same_banks_as_eager);
    tcase_add_test(t, file_bank_wins);
    tcase_add_test(t, unknown_id_lists_every_bank);
    suite_add_tcase(s, t);
    return s;
}

int main(void)
{
    return tu_run(suite());
}
