/* test_bank.c - loading and validating question banks and answers files: the built-in banks, and
 * one test per validation rule. */
#include <check.h>
#include <stdlib.h>
#include <string.h>
#include "asx/answers.h"
#include "asx/bank.h"
#include "asx/policy.h"
#include "testutil.h"

static asx_diags diags;

static void setup(void)
{
    asx_diags_init(&diags);
}

static void teardown(void)
{
    asx_diags_free(&diags);
}

START_TEST(builtin_banks_load)
{
    asx_bankset set = {0};
    ck_assert_int_eq(asx_bankset_builtin(&set, &diags), ASX_OK);
    ck_assert_uint_eq(set.n, 3);
    const asx_bank *cloud = asx_bankset_find(&set, "cloud");
    ck_assert_ptr_nonnull(cloud);
    ck_assert_uint_ge(cloud->nquestions, 60);
    static const char *const core[] = {
        "sla.availability_percent", "sla.incident_notification_hours", "sla.reporting", "sla.remedy",
        "sub.uses_subcontractors", "sub.prior_approval", "sub.list", "sub.flowdown", "loc.storage_countries",
        "loc.processing_countries", "loc.region_selectable", "law.governing_law", "law.jurisdiction",
        "law.foreign_access_exposure", "bak.provided", "bak.spec_provided", "bak.frequency_hours", "bak.rpo_hours",
        "bak.rto_hours", "bak.location_countries", "bak.restore_tested", "exit.data_return", "exit.data_format",
        "exit.transition_support", "exit.deletion_all_copies", "exit.deletion_method", "exit.deletion_certificate",
        "cert.ismap", "cert.iso27001", "cert.expiry", "audit.accepts_audit", "sec.confidentiality_obligation",
        "sec.purpose_limitation", "sec.admin_mfa", "sec.encryption_at_rest", "sec.log_provision"};
    for (size_t i = 0; i < sizeof core / sizeof core[0]; i++)
        ck_assert_msg(asx_bank_find(cloud, core[i]) != NULL, "cloud lacks %s", core[i]);
    ck_assert_int_eq(asx_bank_find(cloud, "law.foreign_access_exposure")->expected, ASX_YN_NO);
    /* v2: the location is the organisation's rule (団体基準 under 11-2(2)⑦), not a knockout of the text */
    ck_assert_int_eq(asx_bank_find(cloud, "loc.storage_countries")->knockout_from, 0);
    ck_assert_int_eq(asx_bank_find(cloud, "loc.storage_countries")->basis, ASX_BASIS_AS_NEEDED);
    ck_assert_int_eq(asx_bank_find(cloud, "loc.storage_countries")->rule, ASX_QRULE_LOCATION);
    ck_assert_int_eq(asx_bank_find(cloud, "law.jurisdiction")->rule, ASX_QRULE_LAW);
    const asx_question *pl = asx_bank_find(cloud, "sec.purpose_limitation");
    ck_assert_int_eq(pl->basis, ASX_BASIS_MUST);
    ck_assert_ptr_nonnull(strstr(pl->condition.ja, "目的外利用の禁止"));
    ck_assert_int_eq(asx_bank_find(cloud, "cert.iso27001")->basis, ASX_BASIS_REFERENCE);
    ck_assert_int_eq(asx_bank_find(cloud, "cert.iso27001")->severity, ASX_SEV_MINOR);
    ck_assert_int_eq(asx_bank_find(cloud, "bak.rto_hours")->basis, ASX_BASIS_ORG);
    ck_assert(asx_bank_find(cloud, "bak.rpo_hours")->applies_any);
    ck_assert_uint_eq(asx_bank_find(cloud, "sec.malware_protection")->applies_models, ASX_MODEL_SAAS | ASX_MODEL_PAAS);
    ck_assert_str_eq(asx_bank_find(cloud, "sla.reporting")->minimum_policy, "reporting_min");
    ck_assert_uint_ge(cloud->nrules, 1);
    ck_assert_str_eq(cloud->rules[0].if_q->id, "sub.list");
    ck_assert_str_eq(cloud->version, "2.0");
    for (size_t i = 0; i < cloud->nquestions; i++)
        ck_assert_msg(cloud->questions[i].basis != ASX_BASIS_NONE, "%s has no basis", cloud->questions[i].id);
    ck_assert_ptr_nonnull(asx_bank_find(cloud, "sub.list")->when_q);
    const asx_bank *light = asx_bankset_find(&set, "cloud-light");
    ck_assert_int_eq(light->conf_max, 1);
    ck_assert_str_eq(light->clause, "11-3");
    ck_assert_str_eq(asx_bankset_find(&set, "outsourcing")->clause, "11-1");
    asx_bankset_free(&set);
}
END_TEST

/* The built-in data is parsed without the strict checks at run time (it is trusted): here every
 * shipped file must pass them. */
START_TEST(shipped_files_are_strictly_valid)
{
    static const char *const banks[] = {"questionnaires/cloud.json", "questionnaires/cloud-light.json",
                                        "questionnaires/outsourcing.json"};
    for (size_t i = 0; i < sizeof banks / sizeof banks[0]; i++) {
        size_t len;
        char *buf = tu_read(banks[i], &len);
        asx_bank *b = NULL;
        ck_assert_msg(asx_bank_load(buf, len, banks[i], &b, &diags) == ASX_OK, "%s is not strictly valid", banks[i]);
        asx_bank_free(b);
        free(buf);
    }
    size_t len;
    char *buf = tu_read("questionnaires/policy-default.json", &len);
    asx_policy *p = NULL;
    ck_assert_int_eq(asx_policy_load(buf, len, "policy-default.json", &p, &diags), ASX_OK);
    asx_policy_free(p);
    free(buf);
    ck_assert_uint_eq(diags.n, 0);
}
END_TEST

/* A minimal valid bank with one question; `q` is spliced in as extra question keys. */
static const char *bank_version = "1.0";

static asx_error load_bank_with(const char *question_extra, const char *root_extra)
{
    char buf[4096];
    snprintf(buf, sizeof buf,
             "{\"format\": \"assess-bank/1\", \"id\": \"t\", \"version\": \"%s\",\n"
             " \"title\": {\"ja\": \"t\", \"en\": \"t\"}, \"clause\": \"11-2\",\n"
             " \"sections\": [{\"id\": \"s\", \"title\": {\"ja\": \"s\", \"en\": \"s\"}}],%s\n"
             " \"questions\": [\n"
             "  {\"id\": \"s.a\", \"clause\": [\"11-2(2)⑦\"], \"type\": \"yesno\", \"expected\": \"yes\",\n"
             "   \"weight\": 1, \"required\": true, \"label\": {\"ja\": \"a\", \"en\": \"a\"},\n"
             "   \"text\": {\"ja\": \"a\", \"en\": \"a\"}, \"evidence\": {\"ja\": \"a\", \"en\": \"a\"},\n"
             "   \"fix\": {\"ja\": \"a\", \"en\": \"a\"}, \"request\": {\"ja\": \"a\", \"en\": \"a\"}%s}]}\n",
             bank_version, root_extra, question_extra);
    asx_bank *b = NULL;
    asx_error err = asx_bank_load(buf, strlen(buf), "t.json", &b, &diags);
    asx_bank_free(b);
    return err;
}

START_TEST(minimal_bank_is_valid)
{
    ck_assert_int_eq(load_bank_with("", ""), ASX_OK);
    ck_assert_uint_eq(diags.n, 0);
    /* a contract term is optional and loads as given */
    ck_assert_int_eq(load_bank_with(", \"term\": {\"ja\": \"乙は、資料を甲に提出する。\", \"en\": \"The Contractor shall submit it.\"}", ""),
                     ASX_OK);
    ck_assert_uint_eq(diags.n, 0);
}
END_TEST

/* SPEC §8.3: every question carries the vendor's text; a bank without it is refused with the
 * question and the place named */
START_TEST(request_text_required)
{
    const char *no_request = "{\"format\": \"assess-bank/1\", \"id\": \"t\", \"version\": \"1.0\","
                             " \"title\": {\"ja\": \"t\", \"en\": \"t\"}, \"clause\": \"11-2\","
                             " \"sections\": [{\"id\": \"s\", \"title\": {\"ja\": \"s\", \"en\": \"s\"}}],"
                             " \"questions\": [{\"id\": \"s.a\", \"clause\": [\"11-2(2)⑦\"], \"type\": \"yesno\","
                             " \"expected\": \"yes\", \"weight\": 1, \"required\": true,"
                             " \"label\": {\"ja\": \"a\", \"en\": \"a\"}, \"text\": {\"ja\": \"a\", \"en\": \"a\"},"
                             " \"evidence\": {\"ja\": \"a\", \"en\": \"a\"}, \"fix\": {\"ja\": \"a\", \"en\": \"a\"}}]}";
    asx_bank *b = NULL;
    ck_assert_int_eq(asx_bank_load(no_request, strlen(no_request), "t.json", &b, &diags), ASX_ERR_DATA);
    ck_assert(b == NULL);
    ck_assert(tu_diags_have(&diags, "s.a"));
    ck_assert(tu_diags_have(&diags, "\"request\""));
    ck_assert_uint_eq(diags.n, 1);
    ck_assert_str_eq(diags.v[0].file, "t.json");
    ck_assert_int_gt(diags.v[0].line, 0);
    asx_diags_free(&diags);
    asx_diags_init(&diags);
    ck_assert_int_eq(load_bank_with(", \"request\": {\"ja\": \"\", \"en\": \"a\"}", ""), ASX_ERR_DATA);
}
END_TEST

START_TEST(bank_rules)
{
    static const struct {
        const char *q, *root, *needle;
    } cases[] = {
        {", \"colour\": 1", "", "colour"},                                /* unknown key */
        {", \"expected\": \"maybe\"", "", "expected"},                    /* duplicate key */
        {", \"weight\": 0", "", "weight"},                                /* weight range */
        {", \"severity\": \"fatal\"", "", "severity"},                    /* severity value */
        {", \"knockout\": {\"from_confidentiality\": 5}", "", "from_confidentiality"},
        {", \"applies\": {\"availability\": 3}", "", "availability"},
        {", \"when\": {\"question\": \"s.zzz\", \"in\": [\"yes\"]}", "", "s.zzz"}, /* later/unknown question */
        {", \"policy_key\": \"governing_law\"", "", "policy_key"},        /* only for country questions */
        {"", " \"red_flags\": [{\"id\": \"x\", \"pattern\": \"[\", \"questions\": [\"s.*\"], \"severity\": \"major\","
             " \"message\": {\"ja\": \"x\", \"en\": \"x\"}}],", "terminating ]"},
        {"", " \"red_flags\": [{\"id\": \"x\", \"pattern\": \"a\", \"questions\": [\"q.*\"], \"severity\": \"major\","
             " \"message\": {\"ja\": \"x\", \"en\": \"x\"}}],", "q.*"},
        /* v2 keys */
        {", \"basis\": \"maybe\"", "", "s.a: \"basis\" は must, as_needed, reference, org のいずれかです"},
        {", \"basis\": \"org\", \"rule\": \"location\"", "", "s.a: \"rule\" は basis が as_needed の質問だけに使えます"},
        {", \"basis\": \"as_needed\", \"rule\": \"place\"", "", "s.a: \"rule\" は location, law, byok のいずれかです"},
        {", \"basis\": \"org\", \"knockout\": {\"from_confidentiality\": 2}", "",
         "s.a: \"knockout\" は basis が must の質問だけに使えます"},
        {", \"minimum\": {\"policy\": \"reporting_min\"}", "", "s.a: \"minimum\" は choice の質問だけに使えます"},
        {", \"applies\": {\"match\": \"some\"}", "", "s.a: \"applies.match\" は \"all\" か \"any\" です"},
        {", \"applies\": {\"service_model\": [\"DaaS\"]}", "", "s.a: サービスモデル \"DaaS\" は SaaS, PaaS, IaaS のいずれかです"},
        {"", " \"consistency\": [{\"id\": \"c\", \"if\": {\"question\": \"s.zz\"}, \"then\": {\"question\": \"s.a\","
             " \"in\": [\"yes\"]}, \"message\": {\"ja\": \"x\", \"en\": \"x\"}}],", "consistency: 質問 \"s.zz\" がありません"},
        {"", " \"consistency\": [{\"id\": \"c\", \"if\": {\"question\": \"s.a\"}, \"then\": {\"question\": \"s.a\"},"
             " \"message\": {\"ja\": \"x\", \"en\": \"x\"}}],", "consistency: \"then\" には \"in\" (回答の値の配列) が必要です"},
        {"", " \"consistency\": {},", "\"consistency\" は配列です"},
        {"", " \"red_flags\": [{\"id\": \"x\", \"pattern\": \"a\", \"unless\": \"(\", \"questions\": [\"s.*\"],"
             " \"message\": {\"ja\": \"x\", \"en\": \"x\"}}],", "missing closing parenthesis"},
        /* v3 contract terms (SPEC §8.3): the contract's voice, {agreed} only where a value is agreed */
        {", \"term\": \"乙は、提出する。\"", "", "s.a: \"term\" は {\"ja\": …, \"en\": …} で書いてください"},
        {", \"term\": {\"ja\": \"資料を提出させること。\", \"en\": \"x\"}", "", "「させること」は書けません"},
        {", \"term\": {\"ja\": \"乙は、本市に報告する。\", \"en\": \"x\"}", "", "「本市」は書けません"},
        {", \"term\": {\"ja\": \"乙は、{answer:s.a}とする。\", \"en\": \"x\"}", "", "s.a: \"term\" の差込み項目は {agreed} だけです"},
        {", \"term\": {\"ja\": \"乙は、{agreed}とする。\", \"en\": \"x\"}", "",
         "s.a: {agreed} は number, choice, countries, country の質問だけに使えます"},
        /* the bank's documents (issue 23) */
        {"", " \"documents\": {\"kind\": \"cloud\", \"title\": {\"ja\": \"t\", \"en\": \"t\"}},",
         "documents.kind は external_service, on_terms, outsourcing のどれかです (\"cloud\")"},
        {"", " \"documents\": {\"kind\": \"outsourcing\"},", "documents: \"title\" (ja と en の文章) がありません"},
        {"", " \"documents\": {\"kind\": \"outsourcing\", \"title\": {\"ja\": \"t\", \"en\": \"t\"},"
             " \"manager_clause\": \"第9章\"},", "\"manager_clause\" は条項 ID (例: 11-2(3)①) です (\"第9章\")"},
        {"", " \"documents\": {\"kind\": \"outsourcing\", \"title\": {\"ja\": \"t\", \"en\": \"t\"},"
             " \"must\": [{\"label\": {\"ja\": \"t\", \"en\": \"t\"}}]},", "documents.must: \"clause\" がありません"},
        {"", " \"documents\": [],", "\"documents\" はオブジェクトです"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        asx_diags_free(&diags);
        asx_diags_init(&diags);
        ck_assert_msg(load_bank_with(cases[i].q, cases[i].root) == ASX_ERR_DATA, "case %zu accepted", i);
        ck_assert_msg(tu_diags_have(&diags, cases[i].needle), "case %zu: no message naming %s", i, cases[i].needle);
        ck_assert_int_gt(diags.v[0].line, 0);
    }
}
END_TEST

/* What the documents need is the bank's data (issue 23): its kind, title and clauses, and the
 * label of a must question by the clause it cites first; a bank without "documents" approves a
 * use, under a title that names no clause. */
START_TEST(bank_documents)
{
    asx_bankset set = {0};
    ck_assert_int_eq(asx_bankset_builtin(&set, &diags), ASX_OK);
    const asx_bank *cloud = asx_bankset_find(&set, "cloud"), *light = asx_bankset_find(&set, "cloud-light"),
                   *out = asx_bankset_find(&set, "outsourcing");
    ck_assert_int_eq(cloud->documents.kind, ASX_BANK_EXTERNAL_SERVICE);
    ck_assert_str_eq(cloud->documents.tender_clause, "11-2(3)①");
    ck_assert_str_eq(cloud->documents.manager_clause, "11-2(4)③");
    ck_assert_str_eq(cloud->documents.title.ja, "外部サービス利用 審査資料");
    ck_assert_int_eq(light->documents.kind, ASX_BANK_ON_TERMS);
    ck_assert_str_eq(light->documents.tender_clause, "11-3(2)①");
    ck_assert_int_eq(out->documents.kind, ASX_BANK_OUTSOURCING);
    ck_assert_str_eq(out->documents.manager_clause, "11-1(3)①");
    ck_assert_str_eq(out->documents.title.en, "Outsourcing assessment pack");
    /* 11-2(2) makes selection conditions; 11-1(2) contract terms; 11-1(1) the selection standard */
    ck_assert_str_eq(asx_bank_find(cloud, "sec.purpose_limitation")->must_kind->ja, "選定条件");
    for (size_t i = 0; i < out->nquestions; i++) {
        const asx_question *q = &out->questions[i];
        const char *want = strncmp(q->clauses[0], "11-1(2)", 7) == 0   ? "契約項目"
                           : strncmp(q->clauses[0], "11-1(1)", 7) == 0 ? "選定基準"
                                                                        : NULL;
        if (want)
            ck_assert_str_eq(q->must_kind->ja, want);
        else
            ck_assert_ptr_null(q->must_kind);
    }
    for (size_t i = 0; i < light->nquestions; i++)
        ck_assert_ptr_null(light->questions[i].must_kind);
    asx_bankset_free(&set);

    size_t len;
    char *buf = tu_read("tests/data/bank-other-clause.json", &len);
    asx_bank *b = NULL;
    ck_assert_int_eq(asx_bank_load(buf, len, "bank-other-clause.json", &b, &diags), ASX_OK);
    free(buf);
    ck_assert_str_eq(b->clause, "6-3");
    ck_assert_int_eq(b->documents.kind, ASX_BANK_OUTSOURCING);
    ck_assert_str_eq(b->documents.title.ja, "システム開発委託 審査資料");
    ck_assert_str_eq(b->documents.tender_clause, "6-3(2)①");
    ck_assert_str_eq(asx_bank_find(b, "dev.change_records")->must_kind->ja, "委託の条件");
    ck_assert_ptr_null(asx_bank_find(b, "dev.review")->must_kind); /* 5-2(1)② is under no must entry */
    asx_bank_free(b);

    ck_assert_int_eq(load_bank_with("", ""), ASX_OK); /* no "documents" */
    ck_assert_uint_eq(diags.n, 0);
}
END_TEST

/* A 2.x bank: a must question needs the words of its selection condition; v2 keys load. */
START_TEST(v2_bank_keys)
{
    bank_version = "2.0";
    ck_assert_int_eq(load_bank_with("", ""), ASX_ERR_DATA); /* a 2.x bank gives every question a basis */
    ck_assert(tu_diags_have(&diags, ".basis\": 必須の項目がありません"));
    asx_diags_free(&diags);
    asx_diags_init(&diags);
    ck_assert_int_eq(load_bank_with(", \"basis\": \"must\"", ""), ASX_ERR_DATA);
    ck_assert(tu_diags_have(&diags, "s.a: \"condition\" (ja と en の文章) がありません"));
    asx_diags_free(&diags);
    asx_diags_init(&diags);
    ck_assert_int_eq(load_bank_with(", \"basis\": \"must\", \"condition\": {\"ja\": \"選定条件\", \"en\": \"c\"}",
                                    " \"consistency\": [{\"id\": \"c\", \"if\": {\"question\": \"s.a\", \"in\": [\"no\"]},"
                                    " \"then\": {\"question\": \"s.a\", \"in\": [\"yes\"]}, \"message\": {\"ja\": \"x\", \"en\": \"x\"}}],"
                                    " \"red_flags\": [{\"id\": \"x\", \"pattern\": \"海外\", \"unless\": \"遮断\", \"questions\": [\"s.*\"],"
                                    " \"message\": {\"ja\": \"x\", \"en\": \"x\"}}],"),
                     ASX_OK);
    bank_version = "1.0";
    ck_assert_uint_eq(diags.n, 0);
}
END_TEST

/* Only an affirmative statement raises a flag: the sentence of the match must not say 'unless'. */
START_TEST(redflag_affirmative)
{
    asx_bankset set = {0};
    ck_assert_int_eq(asx_bankset_builtin(&set, &diags), ASX_OK);
    const asx_bank *cloud = asx_bankset_find(&set, "cloud");
    const asx_redflag *f = NULL;
    for (size_t i = 0; i < cloud->nflags; i++)
        if (strcmp(cloud->flags[i].id, "overseas_transfer") == 0)
            f = &cloud->flags[i];
    ck_assert_ptr_nonnull(f);
    ck_assert_int_eq(f->severity, ASX_SEV_MINOR);
    static const struct {
        const char *text;
        int hit;
    } cases[] = {
        {"海外からのアクセスは技術的に遮断", 0},
        {"海外からのアクセスは技術的に遮断。障害時は米国の拠点が対応する", 1},
        {"国外への持ち出しは行いません", 0},
        {"Data is never transferred overseas.", 0},
        {"Support is provided from overseas.", 1},
        {"東京リージョンのみ", 0},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        ck_assert_msg(asx_redflag_match_affirmative(f, cases[i].text, strlen(cases[i].text)) == cases[i].hit,
                      "case %zu: %s", i, cases[i].text);
    asx_bankset_free(&set);
}
END_TEST

START_TEST(bad_ids_and_clauses)
{
    const char *bad_id = "{\"format\": \"assess-bank/1\", \"id\": \"t\", \"version\": \"1.0\","
                         " \"title\": {\"ja\": \"t\", \"en\": \"t\"}, \"clause\": \"11-2\","
                         " \"sections\": [{\"id\": \"s\", \"title\": {\"ja\": \"s\", \"en\": \"s\"}}],"
                         " \"questions\": [{\"id\": \"S.Bad\", \"clause\": [\"eleven\"], \"type\": \"text\","
                         " \"weight\": 1, \"label\": {\"ja\": \"a\", \"en\": \"a\"}, \"text\": {\"ja\": \"a\", \"en\": \"a\"},"
                         " \"evidence\": {\"ja\": \"a\", \"en\": \"a\"}, \"fix\": {\"ja\": \"a\", \"en\": \"\"}}]}";
    asx_bank *b = NULL;
    ck_assert_int_eq(asx_bank_load(bad_id, strlen(bad_id), "t.json", &b, &diags), ASX_ERR_DATA);
    ck_assert(tu_diags_have(&diags, "S.Bad"));
    ck_assert(tu_diags_have(&diags, "eleven"));
    ck_assert_uint_ge(diags.n, 3); /* id, clause and the empty English text */
}
END_TEST

START_TEST(answers_rules)
{
    asx_bankset set = {0};
    ck_assert_int_eq(asx_bankset_builtin(&set, &diags), ASX_OK);
    static const struct {
        const char *json, *needle;
    } cases[] = {
        {"[]", "JSON"},
        {"{\"format\": \"assess-policy/1\"}", "assess-answers/1"},
        {"{\"format\": \"assess-answers/1\", \"questionnaire\": \"nope\", \"questionnaire_version\": \"1.0\","
         " \"assessment\": {\"date\": \"2026-11-20\", \"purpose\": \"approval\", \"classification\":"
         " {\"confidentiality\": 2, \"integrity\": 2, \"availability\": 2}}, \"vendor\": {\"name\": \"v\"},"
         " \"service\": {\"name\": \"s\"}, \"answers\": {}}", "\"nope\""},
        {"{\"format\": \"assess-answers/1\", \"questionnaire\": \"cloud\", \"questionnaire_version\": \"1.0\","
         " \"assessment\": {\"date\": \"2026-11-20\", \"purpose\": \"buying\", \"classification\":"
         " {\"confidentiality\": 2, \"integrity\": 3, \"availability\": 2}}, \"vendor\": {\"name\": \"\"},"
         " \"service\": {\"name\": \"s\"}, \"answers\": {}}", "purpose"},
        {"{\"format\": \"assess-answers/1\", \"questionnaire\": \"cloud\", \"questionnaire_version\": \"1.0\","
         " \"assessment\": {\"date\": \"2026-11-20\", \"purpose\": \"approval\", \"classification\":"
         " {\"confidentiality\": 2, \"integrity\": 2, \"availability\": 2}}, \"vendor\": {\"name\": \"v\"},"
         " \"service\": {\"name\": \"s\"}, \"answers\": {\"sub.list\": {\"value\": [{\"name\": \"x\", \"country\": \"ZZ\","
         " \"role\": \"r\"}]}, \"cert.expiry\": {\"value\": \"2027-13-01\"}, \"sla.remedy\": {\"value\": true}}}",
         "cert.expiry"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        asx_diags_free(&diags);
        asx_diags_init(&diags);
        asx_answers *a = NULL;
        ck_assert_int_eq(asx_answers_load(cases[i].json, strlen(cases[i].json), "a.json", &set, &a, &diags),
                         ASX_ERR_DATA);
        ck_assert_ptr_null(a);
        ck_assert_msg(tu_diags_have(&diags, cases[i].needle), "case %zu: no message naming %s", i, cases[i].needle);
    }
    /* the last case reports all three answer problems */
    ck_assert(tu_diags_have(&diags, "sub.list"));
    ck_assert(tu_diags_have(&diags, "sla.remedy"));
    asx_bankset_free(&set);
}
END_TEST

START_TEST(other_bank_version_keeps_unknown_ids)
{
    asx_bankset set = {0};
    ck_assert_int_eq(asx_bankset_builtin(&set, &diags), ASX_OK);
    const char *json = "{\"format\": \"assess-answers/1\", \"questionnaire\": \"cloud\", \"questionnaire_version\": \"0.9\","
                       " \"assessment\": {\"date\": \"2025-11-20\", \"purpose\": \"approval\", \"classification\":"
                       " {\"confidentiality\": 2, \"integrity\": 2, \"availability\": 2}}, \"vendor\": {\"name\": \"v\"},"
                       " \"service\": {\"name\": \"s\"}, \"answers\": {\"old.question\": {\"value\": \"yes\"},"
                       " \"sla.remedy\": {\"value\": \"yes\"}}}";
    asx_answers *a = NULL;
    ck_assert_int_eq(asx_answers_load(json, strlen(json), "old.json", &set, &a, &diags), ASX_OK);
    ck_assert_uint_eq(a->nextra, 1);
    ck_assert_str_eq(a->extra[0].id, "old.question");
    ck_assert(a->a[asx_bank_find(a->bank, "sla.remedy")->index].present);
    char *round = asx_answers_to_json(a);
    ck_assert_ptr_nonnull(strstr(round, "\"sla.remedy\""));
    free(round);
    asx_answers_free(a);
    asx_bankset_free(&set);
}
END_TEST

START_TEST(answer_format)
{
    asx_bankset set = {0};
    ck_assert_int_eq(asx_bankset_builtin(&set, &diags), ASX_OK);
    asx_answers *a = NULL;
    ck_assert_int_eq(asx_answers_load_file(tu_path("samples/skyharbor-us.json"), &set, &a, &diags), ASX_OK);
    const asx_question *q = asx_bank_find(a->bank, "loc.storage_countries");
    char *s = asx_answer_format(q, &a->a[q->index], ASX_LANG_JA);
    ck_assert_ptr_nonnull(strstr(s, "(US)"));
    free(s);
    q = asx_bank_find(a->bank, "sla.availability_percent");
    s = asx_answer_format(q, &a->a[q->index], ASX_LANG_EN);
    ck_assert_ptr_nonnull(strstr(s, "%"));
    free(s);
    asx_answers_free(a);
    asx_bankset_free(&set);
}
END_TEST

static Suite *suite(void)
{
    Suite *s = suite_create("bank");
    TCase *t = tcase_create("load");
    tcase_add_checked_fixture(t, setup, teardown);
    tcase_add_test(t, builtin_banks_load);
    tcase_add_test(t, shipped_files_are_strictly_valid);
    tcase_add_test(t, minimal_bank_is_valid);
    tcase_add_test(t, request_text_required);
    tcase_add_test(t, bank_rules);
    tcase_add_test(t, bad_ids_and_clauses);
    tcase_add_test(t, v2_bank_keys);
    tcase_add_test(t, bank_documents);
    tcase_add_test(t, redflag_affirmative);
    tcase_add_test(t, answers_rules);
    tcase_add_test(t, other_bank_version_keeps_unknown_ids);
    tcase_add_test(t, answer_format);
    suite_add_tcase(s, t);
    return s;
}

int main(void)
{
    return tu_run(suite());
}
