/* test_json.c - strict JSON parsing: positions, invalid input, shape helpers. */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "asx/json.h"
#include "asx/util.h"
#include "testutil.h"

/* Parse s; return the code, leave the diagnostics in *d and the tree in *j (may be NULL). */
static asx_error parse(const char *s, size_t n, asx_json **j, asx_diags *d)
{
    asx_diags_init(d);
    return asx_json_parse(s, n, "t.json", j, d);
}

/* Expect exactly one problem at line:col whose message contains needle. */
static void expect_error(const char *s, size_t n, int line, int col, const char *needle)
{
    asx_json *j = NULL;
    asx_diags d;
    asx_error err = parse(s, n, &j, &d);
    ck_assert_int_eq(err, ASX_ERR_DATA);
    ck_assert_ptr_null(j);
    ck_assert_uint_ge(d.n, 1);
    ck_assert_str_eq(d.v[0].file, "t.json");
    ck_assert_msg(d.v[0].line == line && d.v[0].col == col, "%s: at %d:%d, want %d:%d (%s)",
                  needle, d.v[0].line, d.v[0].col, line, col, d.v[0].msg);
    ck_assert_msg(strstr(d.v[0].msg, needle), "message \"%s\" lacks \"%s\"", d.v[0].msg, needle);
    ck_assert_int_eq(d.worst, ASX_ERR_DATA);
    asx_diags_free(&d);
}

#define EXPECT(lit, line, col, needle) expect_error(lit, sizeof(lit) - 1, line, col, needle)

static void setup(void)
{
    asx_ui_lang = ASX_LANG_EN;
}

START_TEST(positions)
{
    const char *s = "{\n"
                    "  \"vendor\": {\"name\": \"株式会社みなと\", \"n\": 12},\n"
                    "  \"list\": [true, null, {\"x\": -1.5e3}]\n"
                    "}\n";
    asx_json *j = NULL;
    asx_diags d;
    ck_assert_int_eq(parse(s, strlen(s), &j, &d), ASX_OK);
    ck_assert_uint_eq(d.n, 0);
    ck_assert_str_eq(asx_json_file(j), "t.json");
    const cJSON *root = asx_json_root(j);
    int line, col;
    asx_json_pos(j, root, &line, &col);
    ck_assert_int_eq(line, 1);
    ck_assert_int_eq(col, 1);
    const cJSON *vendor = asx_json_get(root, "vendor");
    asx_json_pos(j, vendor, &line, &col);
    ck_assert_int_eq(line, 2);
    ck_assert_int_eq(col, 13);
    asx_json_pos(j, asx_json_get(vendor, "n"), &line, &col);
    ck_assert_int_eq(line, 2);
    ck_assert_int_eq(col, 38); /* columns count characters, not bytes */
    const cJSON *list = asx_json_get(root, "list");
    asx_json_pos(j, cJSON_GetArrayItem(list, 1), &line, &col);
    ck_assert_int_eq(line, 3);
    ck_assert_int_eq(col, 18);
    const cJSON *x = asx_json_get(cJSON_GetArrayItem(list, 2), "x");
    ck_assert(cJSON_IsNumber(x));
    ck_assert(x->valuedouble == -1500.0);
    asx_json_pos(j, x, &line, &col);
    ck_assert_int_eq(line, 3);
    ck_assert_int_eq(col, 30);
    /* a node from elsewhere */
    cJSON *other = cJSON_CreateNull();
    asx_json_pos(j, other, &line, &col);
    ck_assert_int_eq(line, 0);
    ck_assert_int_eq(col, 0);
    cJSON_Delete(other);
    ck_assert_ptr_null(asx_json_get(root, "VENDOR")); /* case-sensitive */
    asx_json_free(j);
    asx_json_free(NULL);
}
END_TEST

START_TEST(bom_and_scalars)
{
    asx_json *j = NULL;
    asx_diags d;
    ck_assert_int_eq(parse("\xEF\xBB\xBF{\"a\": 1}", 11, &j, &d), ASX_OK);
    int line, col;
    asx_json_pos(j, asx_json_get(asx_json_root(j), "a"), &line, &col);
    ck_assert_int_eq(line, 1);
    ck_assert_int_eq(col, 7);
    asx_json_free(j);
    ck_assert_int_eq(parse("  \"\\u65e5\\ud83d\\ude00\"  ", 24, &j, &d), ASX_OK);
    ck_assert_str_eq(asx_json_root(j)->valuestring, "日\xF0\x9F\x98\x80");
    asx_json_free(j);
    /* not NUL-terminated: only len bytes are read */
    ck_assert_int_eq(parse("[1,2]garbage", 5, &j, &d), ASX_OK);
    ck_assert_int_eq(cJSON_GetArraySize(asx_json_root(j)), 2);
    asx_json_free(j);
}
END_TEST

START_TEST(invalid_utf8)
{
    EXPECT("{\"a\": \"\xC0\xAF\"}", 1, 8, "invalid UTF-8");
    EXPECT("{\"a\": \"x\xC1\xBF\"}", 1, 9, "invalid UTF-8");
    EXPECT("{\"a\":\n \"日本\xED\xA0\x80\"}", 2, 5, "invalid UTF-8");   /* surrogate */
    EXPECT("[\"\xF4\x90\x80\x80\"]", 1, 3, "invalid UTF-8");             /* > U+10FFFF */
    EXPECT("[\"\xE0\x80\xAF\"]", 1, 3, "invalid UTF-8");                 /* overlong */
    EXPECT("[\"\xF0\x80\x80\xAF\"]", 1, 3, "invalid UTF-8");             /* overlong */
    EXPECT("[\"\xFE\"]", 1, 3, "invalid UTF-8");
    EXPECT("[\"\x80\"]", 1, 3, "invalid UTF-8");
    EXPECT("[\"ok\"]\n\xE6\x97", 2, 1, "invalid UTF-8");                 /* truncated */
    /* Shift_JIS "日本" (a file saved in the wrong encoding) */
    EXPECT("{\"name\": \"\x93\xfa\x96\x7b\"}", 1, 11, "invalid UTF-8");
}
END_TEST

START_TEST(nul_and_controls)
{
    EXPECT("{\"a\": 1}\0", 1, 9, "NUL byte");
    EXPECT("[\"a\\u0000b\"]", 1, 4, "\\u0000");
    EXPECT("[\"a\tb\"]", 1, 4, "control character");
    EXPECT("[\"a\nb\"]", 1, 4, "control character");
    EXPECT("[\"\\ud800\"]", 1, 3, "surrogate");
    EXPECT("[\"\\udc00\"]", 1, 3, "surrogate");
    EXPECT("[\"\\ud800\\u0041\"]", 1, 3, "surrogate");
    EXPECT("[\"\\x41\"]", 1, 3, "escape");
    EXPECT("[\"\\u12G4\"]", 1, 3, "four hex digits");
}
END_TEST

START_TEST(syntax_positions)
{
    EXPECT("", 1, 1, "unexpected end of file");
    EXPECT("   \n  ", 2, 3, "unexpected end of file");
    EXPECT("{\"a\": [1, 2,\n", 2, 1, "unexpected end of file");
    EXPECT("{\"a\": \"unterminated", 1, 20, "unexpected end of file");
    EXPECT("{\"a\": tru", 1, 10, "unexpected end of file");
    EXPECT("{\"a\": 1,}", 1, 9, "expected a key");
    EXPECT("{\"a\" 1}", 1, 6, "expected ':'");
    EXPECT("{\"a\": 1\n \"b\": 2}", 2, 2, "expected ',' or '}'");
    EXPECT("[1 2]", 1, 4, "expected ',' or ']'");
    EXPECT("{a: 1}", 1, 2, "expected a key");
    EXPECT("{\"a\": high}", 1, 7, "expected a value");
    EXPECT("{\"a\": 'x'}", 1, 7, "expected a value");
    EXPECT("[01]", 1, 2, "malformed number");
    EXPECT("[1.]", 1, 2, "malformed number");
    EXPECT("[.5]", 1, 2, "expected a value");
    EXPECT("[+1]", 1, 2, "expected a value");
    EXPECT("[1e]", 1, 2, "malformed number");
    EXPECT("[0x10]", 1, 2, "malformed number");
    EXPECT("[NaN]", 1, 2, "expected a value");
    EXPECT("{\"a\": 1} {\"b\": 2}", 1, 10, "unexpected data after");
    EXPECT("{\"a\": 1}\n\n  x", 3, 3, "unexpected data after");
    EXPECT("{\"a\": 1}}", 1, 9, "unexpected data after");
}
END_TEST

static char *nested(int depth)
{
    char *s = malloc((size_t)depth * 2 + 1);
    for (int i = 0; i < depth; i++) {
        s[i] = '[';
        s[depth * 2 - 1 - i] = ']';
    }
    s[depth * 2] = '\0';
    return s;
}

START_TEST(depth_limit)
{
    asx_json *j = NULL;
    asx_diags d;
    char *s = nested(ASX_JSON_MAX_DEPTH);
    ck_assert_int_eq(parse(s, strlen(s), &j, &d), ASX_OK);
    asx_json_free(j);
    free(s);
    s = nested(ASX_JSON_MAX_DEPTH + 1);
    expect_error(s, strlen(s), 1, ASX_JSON_MAX_DEPTH + 1, "nesting deeper than 64");
    free(s);
    /* a depth bomb: a million '[' must fail fast, without deep recursion */
    size_t n = 1000000;
    s = malloc(n + 1);
    memset(s, '[', n);
    s[n] = '\0';
    expect_error(s, n, 1, ASX_JSON_MAX_DEPTH + 1, "nesting");
    memset(s, '{', 1);
    for (size_t i = 0; i + 6 < n; i += 6)
        memcpy(s + i, "{\"a\":[", 6);
    expect_error(s, n, 1, 6 * 32 + 1, "nesting");
    free(s);
}
END_TEST

START_TEST(number_range)
{
    EXPECT("{\"a\": 1,\n \"b\": 1e999}", 2, 7, "number out of range");
    EXPECT("[-1e999]", 1, 2, "number out of range");
    asx_json *j = NULL;
    asx_diags d;
    ck_assert_int_eq(parse("[1e-999, 1.7976931348623157e308, -0]", 36, &j, &d), ASX_OK);
    asx_json_free(j);
    /* every problem of the walk is reported, in document order */
    const char *s = "[1e999, {\"k\": 1, \"k\": 2}, 2e999]";
    ck_assert_int_eq(parse(s, strlen(s), &j, &d), ASX_ERR_DATA);
    ck_assert_uint_eq(d.n, 3);
    ck_assert_int_eq(d.v[0].col, 2);
    ck_assert_int_eq(d.v[1].col, 18);
    ck_assert_int_eq(d.v[2].col, 27);
    asx_diags_free(&d);
}
END_TEST

START_TEST(duplicate_keys)
{
    EXPECT("{\"a\": 1,\n  \"b\": 2,\n  \"a\": 3}", 3, 3, "duplicate key \"a\"");
    /* same key after decoding escapes */
    EXPECT("{\"a\": 1, \"\\u0061\": 2}", 1, 10, "duplicate key \"a\"");
    /* nested objects have their own keys */
    asx_json *j = NULL;
    asx_diags d;
    const char *ok = "{\"a\": {\"a\": 1}, \"b\": {\"a\": 2}}";
    ck_assert_int_eq(parse(ok, strlen(ok), &j, &d), ASX_OK);
    asx_json_free(j);
    /* a large object (sorted path): every later duplicate, in document order */
    asx_buf b = {0};
    asx_buf_adds(&b, "{");
    for (int i = 0; i < 100; i++)
        asx_buf_addf(&b, "%s\"k%d\": %d\n", i ? "," : "", i, i);
    asx_buf_adds(&b, ",\"k7\": 0\n,\"k50\": 0\n,\"k7\": 0}");
    ck_assert_int_eq(parse(b.s, b.len, &j, &d), ASX_ERR_DATA);
    ck_assert_uint_eq(d.n, 3);
    ck_assert_str_eq(d.v[0].msg, "duplicate key \"k7\"");
    ck_assert_int_eq(d.v[0].line, 101);
    ck_assert_int_eq(d.v[0].col, 2);
    ck_assert_str_eq(d.v[1].msg, "duplicate key \"k50\"");
    ck_assert_int_eq(d.v[1].line, 102);
    ck_assert_str_eq(d.v[2].msg, "duplicate key \"k7\"");
    ck_assert_int_eq(d.v[2].line, 103);
    asx_diags_free(&d);
    asx_buf_free(&b);
}
END_TEST

START_TEST(japanese_messages)
{
    asx_ui_lang = ASX_LANG_JA;
    EXPECT("{\"a\": 1, \"a\": 2}", 1, 10, "キー \"a\" が重複しています");
    EXPECT("{\"a\": [", 1, 8, "ファイルが途中で終わっています");
    EXPECT("[\"\xFF\"]", 1, 3, "UTF-8");
}
END_TEST

START_TEST(shape_helpers)
{
    const char *s = "{\"vendor\": {\"name\": 12, \"country\": \"JP\"},\n"
                    " \"sla\": {\"availability_percent\": \"high\", \"rto\": 4, \"opt\": null},\n"
                    " \"subs\": [{\"name\": \"A\"}, {\"name\": true}],\n"
                    " \"extra\": 1, \"more\": {}}";
    asx_json *j = NULL;
    asx_diags d;
    ck_assert_int_eq(parse(s, strlen(s), &j, &d), ASX_OK);
    const cJSON *root = asx_json_root(j);
    const cJSON *vendor = asx_json_get(root, "vendor");
    const cJSON *sla = asx_json_get(root, "sla");

    ck_assert_str_eq(asx_json_want_string(j, &d, vendor, "country", true), "JP");
    ck_assert_uint_eq(d.n, 0);
    ck_assert_ptr_null(asx_json_want_string(j, &d, vendor, "name", true));
    ck_assert_uint_eq(d.n, 1);
    ck_assert_str_eq(d.v[0].msg, "\"vendor.name\": expected a string, got a number 12");
    ck_assert_int_eq(d.v[0].line, 1);
    ck_assert_int_eq(d.v[0].col, 21);
    ck_assert_int_eq(d.v[0].code, ASX_ERR_DATA);

    double v = -1;
    ck_assert(asx_json_want_number(j, &d, sla, "rto", true, &v));
    ck_assert(v == 4.0);
    ck_assert(!asx_json_want_number(j, &d, sla, "availability_percent", true, &v));
    ck_assert_str_eq(d.v[1].msg,
                     "\"sla.availability_percent\": expected a number, got a string \"high\"");
    ck_assert_int_eq(d.v[1].line, 2);
    ck_assert_int_eq(d.v[1].col, 34);

    /* missing: required is an error at the object, optional is silent; null is absent */
    ck_assert(!asx_json_want_number(j, &d, sla, "rpo", true, &v));
    ck_assert_str_eq(d.v[2].msg, "\"sla.rpo\": required key is missing");
    ck_assert_int_eq(d.v[2].line, 2);
    ck_assert_int_eq(d.v[2].col, 9);
    ck_assert(!asx_json_want_number(j, &d, sla, "rpo", false, &v));
    ck_assert(!asx_json_want_number(j, &d, sla, "opt", false, &v));
    ck_assert_ptr_null(asx_json_want_string(j, &d, sla, "opt", false));
    ck_assert_uint_eq(d.n, 3);
    ck_assert_ptr_null(asx_json_want_string(j, &d, sla, "opt", true));
    ck_assert_str_eq(d.v[3].msg, "\"sla.opt\": expected a string, got null");

    /* array elements are named by index */
    const cJSON *sub1 = cJSON_GetArrayItem(asx_json_get(root, "subs"), 1);
    ck_assert_ptr_null(asx_json_want_string(j, &d, sub1, "name", true));
    ck_assert_str_eq(d.v[4].msg, "\"subs[1].name\": expected a string, got true");
    ck_assert_int_eq(d.v[4].line, 3);

    /* unknown keys are reported at the key */
    static const char *const allowed[] = {"vendor", "sla", "subs", NULL};
    ck_assert_int_eq(asx_json_check_keys(j, &d, root, allowed, "answers"), 2);
    ck_assert_str_eq(d.v[5].msg, "unknown key \"extra\" in answers");
    ck_assert_int_eq(d.v[5].line, 4);
    ck_assert_int_eq(d.v[5].col, 2);
    ck_assert_str_eq(d.v[6].msg, "unknown key \"more\" in answers");
    ck_assert_int_eq(asx_json_check_keys(j, &d, NULL, allowed, "x"), 0);
    ck_assert_int_eq(asx_json_check_keys(j, &d, asx_json_get(root, "subs"), allowed, "x"), 0);

    asx_json_errf(j, &d, sla, "custom %d", 7);
    ck_assert_str_eq(d.v[7].msg, "custom 7");
    ck_assert_int_eq(d.v[7].line, 2);
    ck_assert_int_eq(d.v[7].col, 9);
    asx_json_errf(j, &d, NULL, "no node");
    ck_assert_str_eq(d.v[8].file, "t.json");
    ck_assert_int_eq(d.v[8].line, 0);

    asx_ui_lang = ASX_LANG_JA;
    ck_assert_ptr_null(asx_json_want_string(j, &d, vendor, "name", true));
    ck_assert_str_eq(d.v[9].msg, "\"vendor.name\": 文字列が必要ですが、数値 12 が指定されています");
    asx_json_free(j);
    asx_diags_free(&d);
}
END_TEST

START_TEST(describe)
{
    char buf[128];
    cJSON *v = cJSON_CreateString("high");
    asx_json_describe(v, buf, sizeof buf);
    ck_assert_str_eq(buf, "a string \"high\"");
    cJSON_Delete(v);
    v = cJSON_CreateString("あいうえおかきくけこさしすせそたちつてとなにぬねの");
    asx_json_describe(v, buf, sizeof buf);
    ck_assert_str_eq(buf, "a string \"あいうえおかきくけこさしす…\""); /* 13 chars = 39 bytes */
    cJSON_Delete(v);
    v = cJSON_CreateNumber(99.95);
    asx_json_describe(v, buf, sizeof buf);
    ck_assert_str_eq(buf, "a number 99.95");
    cJSON_Delete(v);
    v = cJSON_CreateNumber(1234567);
    asx_json_describe(v, buf, sizeof buf);
    ck_assert_str_eq(buf, "a number 1234567");
    cJSON_Delete(v);
    v = cJSON_CreateObject();
    asx_json_describe(v, buf, sizeof buf);
    ck_assert_str_eq(buf, "an object");
    cJSON_Delete(v);
    v = cJSON_CreateArray();
    asx_json_describe(v, buf, sizeof buf);
    ck_assert_str_eq(buf, "an array");
    cJSON_Delete(v);
    v = cJSON_CreateFalse();
    asx_json_describe(v, buf, sizeof buf);
    ck_assert_str_eq(buf, "false");
    cJSON_Delete(v);
    asx_ui_lang = ASX_LANG_JA;
    v = cJSON_CreateString("high");
    asx_json_describe(v, buf, sizeof buf);
    ck_assert_str_eq(buf, "文字列 \"high\"");
    cJSON_Delete(v);
}
END_TEST

/* An answers-like document of about 20 KB parsed many times: the checks must stay cheap. */
START_TEST(speed)
{
    asx_buf b = {0};
    asx_buf_adds(&b, "{\"answers\": {\n");
    for (int i = 0; i < 150; i++)
        asx_buf_addf(&b, "%s  \"sec%d.q%d\": {\"value\": %d, \"note\": \"説明文 %d です\", "
                         "\"evidence\": [\"doc-%d.pdf\", \"p. %d\"]}",
                     i ? ",\n" : "", i / 10, i, i * 3, i, i, i);
    asx_buf_adds(&b, "\n}}\n");
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    int rounds = 500;
    for (int r = 0; r < rounds; r++) {
        asx_json *j = NULL;
        asx_diags d;
        ck_assert_int_eq(parse(b.s, b.len, &j, &d), ASX_OK);
        asx_json_free(j);
    }
    clock_gettime(CLOCK_MONOTONIC, &t1);
    double secs = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
    fprintf(stderr, "json: %d parses of %zu bytes in %.3f s (%.0f/s)\n", rounds, b.len, secs,
            rounds / secs);
    /* about 6,500/s at -O2; the bound is low enough for sanitizer builds */
    ck_assert_msg(rounds / secs > 250.0, "only %.0f parses per second", rounds / secs);
    asx_buf_free(&b);
}
END_TEST

/* A large minified file (one 4 MB line, 100,000 objects in one array and one object with
 * 20,000 keys): positions and duplicate checks must stay linear. */
START_TEST(large_one_line)
{
    asx_buf b = {0};
    asx_buf_adds(&b, "{\"list\":[");
    for (int i = 0; i < 100000; i++)
        asx_buf_addf(&b, "%s{\"k\":\"値%d\"}", i ? "," : "", i);
    asx_buf_adds(&b, "],\"map\":{");
    for (int i = 0; i < 20000; i++)
        asx_buf_addf(&b, "%s\"key%d\":%d", i ? "," : "", i, i);
    asx_buf_adds(&b, ",\"key19999\":0}}");
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    asx_json *j = NULL;
    asx_diags d;
    ck_assert_int_eq(parse(b.s, b.len, &j, &d), ASX_ERR_DATA);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    ck_assert_uint_eq(d.n, 1);
    ck_assert_str_eq(d.v[0].msg, "duplicate key \"key19999\"");
    ck_assert_int_eq(d.v[0].line, 1);
    ck_assert_int_eq(d.v[0].col, (int)b.len - 14 + 1 - 2 * 100000); /* 値 is 3 bytes, 1 column */
    double secs = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
    fprintf(stderr, "json: %zu bytes on one line in %.3f s\n", b.len, secs);
    ck_assert_msg(secs < 10.0, "took %.1f s", secs);
    asx_diags_free(&d);
    asx_buf_free(&b);
}
END_TEST

static Suite *suite(void)
{
    Suite *s = suite_create("json");
    TCase *tc = tcase_create("core");
    tcase_add_checked_fixture(tc, setup, NULL);
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, positions);
    tcase_add_test(tc, bom_and_scalars);
    tcase_add_test(tc, invalid_utf8);
    tcase_add_test(tc, nul_and_controls);
    tcase_add_test(tc, syntax_positions);
    tcase_add_test(tc, depth_limit);
    tcase_add_test(tc, number_range);
    tcase_add_test(tc, duplicate_keys);
    tcase_add_test(tc, japanese_messages);
    tcase_add_test(tc, shape_helpers);
    tcase_add_test(tc, describe);
    tcase_add_test(tc, speed);
    tcase_add_test(tc, large_one_line);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return tu_run(suite());
}
