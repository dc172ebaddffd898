/* fuzz_text.c - libFuzzer target: the text rules of base/text.c and output file names
 * (base/io.c asx_safe_name, NFC through GLib), with their promises checked on every input:
 * terminal escaping leaves no control or bidi character, XML cleaning leaves nothing XML refuses,
 * a safe name is valid UTF-8, non-empty, without separators, dots in front or a Windows device
 * name, and within its byte limit. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "asx/io.h"
#include "asx/text.h"
#include "asx/util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_escaped(const char *s, size_t n, int keep_newlines)
{
    size_t off = 0;
    if (asx_utf8_valid_prefix(s, n) != n)
        abort();
    while (off < n) {
        unsigned cp;
        size_t k = asx_utf8_next(s + off, n - off, &cp);
        if (k == 0)
            abort();
        if (asx_cp_is_unsafe(cp) && cp != '\t' && !(keep_newlines && cp == '\n'))
            abort();
        off += k;
    }
}

static int device_stem(const char *s)
{
    static const char *const names[] = {"CON", "PRN", "AUX", "NUL", "COM1", "LPT1", "COM9", "LPT9"};
    size_t stem = strcspn(s, ".");
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (strlen(names[i]) == stem && strncasecmp(s, names[i], stem) == 0)
            return 1;
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *s = asx_strndup((const char *)data, size); /* stops at a NUL, as C strings do */
    if (!s)
        return 0;
    size_t n = strlen(s);
    for (int keep = 0; keep < 2; keep++) {
        asx_buf b = {0};
        asx_term_escape(&b, s, n, keep);
        if (!b.oom && b.s)
            check_escaped(b.s, b.len, keep);
        asx_buf_free(&b);
    }
    unsigned cp;
    size_t at;
    asx_text_problem pr = asx_text_check(s, size & 1, 64, &cp, &at);
    if (pr == ASX_TEXT_OK && asx_utf8_valid_prefix(s, n) != n)
        abort();
    char *x = asx_xml_clean(s);
    if (x && asx_xml_unclean(x))
        abort();
    free(x);
    size_t max = 1 + size % 200;
    char *name = asx_safe_name(s, max);
    if (name) {
        size_t len = strlen(name);
        if (len == 0 || (len > max + 1 && strcmp(name, "unnamed") != 0) || asx_utf8_valid_prefix(name, len) != len || name[0] == '.' ||
            strchr(name, '/') || strchr(name, '\\') || strstr(name, "..") || device_stem(name))
            abort();
        check_escaped(name, len, 0);
    }
    free(name);
    free(s);
    return 0;
}
