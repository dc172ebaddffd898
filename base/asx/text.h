/* text.h - which characters a name or a text may hold, how text is shown on a terminal and
 * written into XML, and the length limits every later command relies on (SPEC v2 §7).
 *
 * One rule for the whole program: answers are checked against it once, when they load (so
 * `validate` reports a bad character with its place), and every printer and writer can count
 * on it. Text that did not come through that check (a register, a bank, a file name) is still
 * made safe where it leaves the program: asx_term_escape() for terminals, asx_xml_clean() for
 * the XML inside workbooks. */
#ifndef ASX_TEXT_H
#define ASX_TEXT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include "asx/util.h"

/* Length limits, in characters (code points). A name (vendor, service, model, person) must fit
 * on a few lines of a table cell and in a PDF string (libharu refuses strings over 65,535
 * bytes); a text (a comment, a text answer, an evidence or list item) must fit on one page of
 * the answers table. Both are far above anything a form holds. */
#define ASX_MAX_NAME_CHARS 200
#define ASX_MAX_TEXT_CHARS 4000
/* Items of one list answer (certificates, subcontractors, countries, evidence): a table of a
 * page or two, and one workbook cell (at most 32,767 characters) holds them written out. */
#define ASX_MAX_LIST_ITEMS 100

/* C0 controls, DEL and C1 controls (U+0000–U+001F, U+007F–U+009F). */
bool asx_cp_is_control(unsigned cp);
/* The 66 noncharacters: U+FDD0–U+FDEF and the last two code points of every plane. */
bool asx_cp_is_noncharacter(unsigned cp);
/* Unicode's Default_Ignorable_Code_Point (DerivedCoreProperties, Unicode 15): characters drawn
 * as nothing, among them ZWJ/ZWNJ, variation selectors, bidi marks, tag characters, U+00AD,
 * U+180E, U+061C. */
bool asx_cp_is_default_ignorable(unsigned cp);
/* Characters a terminal or a reader may act on rather than show: controls, noncharacters,
 * bidi embeddings/overrides/isolates/marks, line and paragraph separators (U+2028/U+2029). */
bool asx_cp_is_unsafe(unsigned cp);

/* What asx_text_check() found. */
typedef enum {
    ASX_TEXT_OK = 0,
    ASX_TEXT_BAD_UTF8,  /* not valid UTF-8 */
    ASX_TEXT_CONTROL,   /* a control character (for a text: other than tab and line feed; for a
                           name also U+2028/U+2029, which break lines) */
    ASX_TEXT_NONCHAR,   /* a noncharacter (U+FFFE, U+FFFF, …) */
    ASX_TEXT_TOO_LONG   /* more than max_chars characters */
} asx_text_problem;

/* Check s against the rule: a name (multiline false) holds no control character at all; a text
 * (multiline true) may hold tab and line feed (and CR before LF). No noncharacters, at most
 * max_chars code points. On a problem, *cp (may be NULL) is the offending code point (or byte)
 * and *chars (may be NULL) the number of characters before it (for ASX_TEXT_TOO_LONG: the
 * length of s). */
asx_text_problem asx_text_check(const char *s, bool multiline, size_t max_chars, unsigned *cp,
                                size_t *chars);
/* The user's words for what asx_text_check(s, multiline, max_chars, &cp, &chars) found (not
 * ASX_TEXT_OK), without the place: 「制御文字・改行文字 U+001B は使えません (3 文字目)」,
 * 「長すぎます (250 文字、上限 200 文字)」. Every check of a name or a text reports with it. */
void asx_text_describe(asx_buf *out, asx_text_problem pr, bool multiline, unsigned cp, size_t chars,
                       size_t max_chars);
/* s against the rule of a name (multiline false: ASX_MAX_NAME_CHARS) or a text (multiline true:
 * ASX_MAX_TEXT_CHARS): true when it keeps it, else false with asx_text_describe's words in *why
 * (the caller frees it). */
bool asx_text_ok(const char *s, bool multiline, asx_buf *why);

/* Append s[0..n) to b as it may be shown on a terminal: every character asx_cp_is_unsafe()
 * names, and every byte that is not valid UTF-8, is written visibly as <U+XXXX> (<0xHH> for a
 * byte); line feeds are kept when keep_newlines, tabs always. The one escaping function of
 * assess: everything printed to a terminal goes through it (asx_term_puts, asx_term_printf,
 * asx_diags_print). */
void asx_term_escape(asx_buf *b, const char *s, size_t n, bool keep_newlines);
/* Print s to out through asx_term_escape (line feeds kept). Returns EOF on a write error. */
int asx_term_puts(const char *s, FILE *out);
/* printf to out through asx_term_escape (line feeds kept). Returns the bytes written or a
 * negative value. */
int asx_term_printf(FILE *out, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Whether s holds a character XML 1.0 cannot carry (C0 controls but tab, LF and CR, U+FFFE,
 * U+FFFF, invalid UTF-8) or one it discourages (C1 controls, other noncharacters). */
bool asx_xml_unclean(const char *s);
/* A copy of s with each such character replaced by U+FFFD; caller frees; NULL on OOM or for
 * a NULL s. */
char *asx_xml_clean(const char *s);

#endif
