/* font.h - the Japanese font (IPAexGothic), loaded once and shared by every PDF and thread.
 *
 * The font file is mapped once (an hb_blob/hb_face over it); each document measures its text
 * with it and embeds only a subset made by HarfBuzz's subsetter, so libharu never parses the
 * 6 MB font (SPEC §6a). Advances are looked up on first use and cached (atomically). An
 * asx_font may be used by any number of threads at the same time. */
#ifndef ASX_FONT_H
#define ASX_FONT_H

#include <stdbool.h>
#include <stddef.h>
#include "asx/error.h"

typedef struct asx_font asx_font;

/* The character drawn for a code point the font lacks (〓, U+3013, the customary 下駄 mark). */
#define ASX_FONT_MISSING 0x3013u

/* Load the font: path (--font FILE) when not NULL, else IPAexGothic found through fontconfig.
 * No Japanese font: ASX_ERR_NOINPUT (exit 66) with a hint to install fonts-ipaexfont-gothic or
 * to give --font; a file that is not a TrueType font: ASX_ERR_DATA. On success *out is new and
 * the caller frees it with asx_font_free() after every document that uses it. */
asx_error asx_font_load(const char *path, asx_font **out, asx_diags *d);
void asx_font_free(asx_font *f);

/* The file the font was read from (owned by f). */
const char *asx_font_path(const asx_font *f);

/* The font's PostScript name ("IPAexGothic"), with only letters, digits, '-' and '_' (owned by f;
 * "Font" when it has none). */
const char *asx_font_ps_name(const asx_font *f);

/* Whether the font has a glyph for cp (only BMP code points count: libharu's UTF-8 text is
 * limited to them). */
bool asx_font_has(const asx_font *f, unsigned cp);

/* Advance width of cp in 1/1000 em, computed exactly as libharu does (advance * 1000 / upem,
 * truncated), so text measured here lines up with what libharu draws. 0 when the font lacks cp. */
int asx_font_advance(const asx_font *f, unsigned cp);

/* Subset the font to the code points cps[0..n) (plus .notdef). *out is a TrueType file in
 * malloc'd memory that the caller frees; library failures are ASX_ERR_INTERNAL with the reason
 * in d. With gids (n entries) the subset has no cmap table and gids[i] is the glyph of cps[i]
 * in it (0 when the font lacks it): for a PDF that maps its CIDs to glyphs itself. Without it
 * (NULL) the subset keeps its cmap. Thread-safe. */
asx_error asx_font_subset(const asx_font *f, const unsigned *cps, size_t n, unsigned short *gids,
                          unsigned char **out, size_t *out_len, asx_diags *d);

/* Metrics of a subset for its PDF font descriptor, in 1/1000 em as libharu computes them. */
typedef struct {
    int ascent, descent;      /* hhea */
    int cap_height, x_height; /* top of the outline of H and x in the whole font */
    int bbox[4];              /* head: xMin, yMin, xMax, yMax */
} asx_font_metrics;

/* The metrics of the subset ttf[0..len) that asx_font_subset() made of f. Failures are
 * ASX_ERR_INTERNAL with the reason in d. Thread-safe. */
asx_error asx_font_subset_metrics(const asx_font *f, const unsigned char *ttf, size_t len,
                                  asx_font_metrics *m, asx_diags *d);

/* The whole font file as mapped (borrowed; for the whole-font benchmark). */
const unsigned char *asx_font_data(const asx_font *f, size_t *len);

#endif
