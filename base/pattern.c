/* pattern.c - fixed format checks compiled once (pthread_once) with PCRE2 and JIT. */
#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#include <pthread.h>
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
};

static pcre2_code *compiled[ASX_RE_COUNT];
static pthread_once_t once = PTHREAD_ONCE_INIT;

static void compile_all(void)
{
    for (int i = 0; i < ASX_RE_COUNT; i++) {
        int errcode;
        PCRE2_SIZE erroff;
        compiled[i] = pcre2_compile((PCRE2_SPTR)sources[i], PCRE2_ZERO_TERMINATED,
                                    PCRE2_UTF | PCRE2_ANCHORED | PCRE2_ENDANCHORED, &errcode,
                                    &erroff, NULL);
        if (!compiled[i])
            abort(); /* a bug in the table above, caught by the unit tests */
        (void)pcre2_jit_compile(compiled[i], PCRE2_JIT_COMPLETE);
    }
}

bool asx_re_match(asx_re which, const char *s)
{
    if (!s || which < 0 || which >= ASX_RE_COUNT)
        return false;
    pthread_once(&once, compile_all);
    pcre2_match_data *md = pcre2_match_data_create_from_pattern(compiled[which], NULL);
    if (!md)
        return false;
    int rc = pcre2_match(compiled[which], (PCRE2_SPTR)s, strlen(s), 0, 0, md, NULL);
    pcre2_match_data_free(md);
    return rc >= 0;
}
