/* pattern.c - fixed format checks and identifier searches, each compiled once on first use, with PCRE2. */
#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include "asx/pattern.h"

static const char *const sources[ASX_RE_COUNT] = {
    [ASX_RE_QUESTION_ID] = "[a-z][a-z0-9_]*\\.[a-z][a-z0-9_]*",
    [ASX_RE_SECTION_ID] = "[a-z][a-z0-9_]*",
    [ASX_RE_OPTION] = "[a-z0-9][a-z0-9_]*",
    [ASX_RE_COUNTRY] = "[A-Z]{2}",
    [ASX_RE_ISO_DATE] = "[0-9]{4}-[0-9]{2}-[0-9]{2}",
    [ASX_RE_CORPNUM] = "[0-9]{13}",
    /* top clause (11-2 or 2), then (n), then a circled number, then a katakana item */
    [ASX_RE_CLAUSE] = ("[0-9]{1,2}(?:-[0-9])?(?:\\([0-9]{1,2}\\))?(?:[\\x{2460}-\\x{2473}])?"
                       "(?:[\\x{30A2}-\\x{30F3}])?"),
    [ASX_RE_VERSION] = "[0-9]+(?:\\.[0-9]+){0,2}",
    [ASX_RE_BANK_ID] = "[a-z][a-z0-9_-]{0,40}",
    [ASX_RE_ID_ISMAP] = "(?<![A-Za-z0-9])C[0-9]{2}-[0-9]{4}-[0-9]+(?![0-9])",
    /* letters (a scheme or a registrar), then at least five digits; the names of standards and
     * schemes followed by their number (ISO 27001, JIS Q 27001, SOC 2) are not ids */
    [ASX_RE_ID_CERT] = ("(?<![A-Za-z0-9])(?!(?:ISO|IEC|JIS|SOC|ISMAP|SLA)(?![A-Za-z]))"
                        "[A-Z]{2,6}(?:-[A-Z]{1,4})?[ -]?[0-9]{5,}(?![0-9])"),
    [ASX_RE_ID_URL] = "(?:https?|ftp)://[^\\s\"'<>()\\x{3000}-\\x{303F}\\x{FF08}\\x{FF09}]+",
    /* starts where the local part starts: a long run without "@" is tried once, not once a
     * character */
    [ASX_RE_ID_EMAIL] = "(?<![A-Za-z0-9._%+-])[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\\.[A-Za-z0-9-]+)+",
    [ASX_RE_ID_DOMAIN] = ("(?<![A-Za-z0-9@.-])(?:[A-Za-z0-9][A-Za-z0-9-]*\\.)+"
                          "(?:jp|com|net|org|info|biz|io|co|cloud|dev|app|tokyo|asia|us|uk|cn|vn|"
                          "in|sg|kr|tw|de|fr|eu)(?![A-Za-z0-9-])"),
    [ASX_RE_ID_PHONE] = ("(?<![0-9-])(?:(?:\\+81[- ]?|0)[0-9]{1,4}-[0-9]{1,4}-[0-9]{3,4}|0[0-9]{9,10})"
                         "(?![0-9])"),
    [ASX_RE_ID_CORPNUM] = "(?<![0-9])[0-9]{13}(?![0-9])",
    /* a legal form and the name before or after it; the name is Han, katakana, Latin letters
     * and digits, or hiragana that is not a particle (の, は, が, を, に, で, も end it). A name
     * before its legal form is at most 40 characters (and an English one 9 words), so a long
     * run of kanji costs 40 steps a character, not its length */
    [ASX_RE_ID_COMPANY] = ("(?:(?:株式会社|有限会社|合同会社)(?:[\\p{Han}\\p{Katakana}A-Za-z0-9ー・&＆]|"
                           "(?![のはがをにでも])\\p{Hiragana})+"
                           "|(?:[\\p{Han}\\p{Katakana}A-Za-z0-9ー・&＆]|(?![のはがをにでも])\\p{Hiragana}){1,40}"
                           "(?:株式会社|有限会社|合同会社|ホールディングス)"
                           "|[A-Z][A-Za-z0-9&.-]{0,40}(?: [A-Z][A-Za-z0-9&.-]{0,40}){0,8},? "
                           "(?:Inc\\.|Co\\., ?Ltd\\.|Ltd\\.|LLC|Corporation|Corp\\.|K\\.K\\.|GmbH))"),
};

/* The identifier patterns are searched for, not matched whole. */
static bool anchored(int i)
{
    return i < ASX_RE_ID_ISMAP;
}

/* Each pattern is compiled the first time it is used, not all of them at the first use of one: a
 * pack uses a few of the format checks and none of the identifier searches, whose Unicode
 * properties cost most to compile. None is JIT-compiled: a format check runs a few hundred
 * times a process, mostly while a bank loads, and JIT-compiling one cost more than all its
 * matches save (about 0.6 M instructions for the pack, issue 23); JIT code of an identifier
 * search would also read past the end of the subject 16 bytes at a time (inside the page, but
 * outside the string's allocation), which valgrind rightly cannot tell from a bug.
 * compiled[i] is written once, under the lock; the acquire load sees a finished code. */
static _Atomic(pcre2_code *) compiled[ASX_RE_COUNT];
static pthread_mutex_t compile_lock = PTHREAD_MUTEX_INITIALIZER;

static pcre2_code *code_of(asx_re which)
{
    pcre2_code *c = atomic_load_explicit(&compiled[which], memory_order_acquire);
    if (c)
        return c;
    pthread_mutex_lock(&compile_lock);
    c = atomic_load_explicit(&compiled[which], memory_order_relaxed);
    if (!c) {
        int errcode;
        PCRE2_SIZE erroff;
        c = pcre2_compile((PCRE2_SPTR)sources[which], PCRE2_ZERO_TERMINATED,
                          PCRE2_UTF | (anchored(which) ? PCRE2_ANCHORED | PCRE2_ENDANCHORED : 0),
                          &errcode, &erroff, NULL);
        if (!c)
            abort(); /* a bug in the table above, caught by the unit tests */
        atomic_store_explicit(&compiled[which], c, memory_order_release);
    }
    pthread_mutex_unlock(&compile_lock);
    return c;
}

bool asx_re_match(asx_re which, const char *s)
{
    if (!s || which < 0 || which >= ASX_RE_COUNT)
        return false;
    pcre2_code *code = code_of(which);
    pcre2_match_data *md = pcre2_match_data_create_from_pattern(code, NULL);
    if (!md)
        return false;
    int rc = pcre2_match(code, (PCRE2_SPTR)s, strlen(s), 0, 0, md, NULL);
    pcre2_match_data_free(md);
    return rc >= 0;
}

bool asx_re_find(asx_re which, const char *s, size_t len, size_t from, size_t *start,
                 size_t *end)
{
    if (!s || which < 0 || which >= ASX_RE_COUNT || from > len)
        return false;
    pcre2_code *code = code_of(which);
    pcre2_match_data *md = pcre2_match_data_create_from_pattern(code, NULL);
    if (!md)
        return false;
    int rc = pcre2_match(code, (PCRE2_SPTR)s, len, from, 0, md, NULL);
    if (rc >= 0) {
        PCRE2_SIZE *ov = pcre2_get_ovector_pointer(md);
        *start = ov[0];
        *end = ov[1];
    }
    pcre2_match_data_free(md);
    return rc >= 0;
}
