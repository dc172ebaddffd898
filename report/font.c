/* font.c - IPAexGothic found through fontconfig (or --font), read once, subset with HarfBuzz. */
#include "asx/font.h"

#include <fontconfig/fontconfig.h>
#include <hb-subset.h>
#include <hb.h>
#include <stdlib.h>
#include <string.h>
#include "asx/io.h"
#include "asx/util.h"

#define FONT_MAX_BYTES (64u * 1024u * 1024u)
#define FONT_FAMILY "IPAexGothic"
#define FONT_FALLBACK "/usr/share/fonts/opentype/ipaexfont-gothic/ipaexg.ttf"

struct asx_font {
    char *path;
    char *data;        /* the whole file */
    size_t len;
    hb_blob_t *blob;   /* over data */
    hb_face_t *face;
    short adv[65536];  /* libharu-style advance per BMP code point, -1 when missing */
};

/* The file fontconfig gives for family, or NULL when it has no font of that family. */
static char *fc_find(const char *family)
{
    char *found = NULL;
    FcPattern *pat = FcNameParse((const FcChar8 *)family);
    if (!pat)
        return NULL;
    FcConfigSubstitute(NULL, pat, FcMatchPattern);
    FcDefaultSubstitute(pat);
    FcResult res = FcResultNoMatch;
    FcPattern *m = FcFontMatch(NULL, pat, &res);
    if (m && res == FcResultMatch) {
        FcChar8 *fam = NULL, *file = NULL;
        /* FcFontMatch always returns some font: accept it only when it is the family asked. */
        for (int i = 0; FcPatternGetString(m, FC_FAMILY, i, &fam) == FcResultMatch; i++) {
            if (strcmp((const char *)fam, family) == 0 &&
                FcPatternGetString(m, FC_FILE, 0, &file) == FcResultMatch) {
                found = asx_strdup((const char *)file);
                break;
            }
        }
    }
    if (m)
        FcPatternDestroy(m);
    FcPatternDestroy(pat);
    return found;
}

/* The font of Debian's fonts-ipaexfont-gothic is used where it is installed; fontconfig is asked
 * only when it is not. Starting fontconfig (reading its configuration and cache) costs about 25 M
 * instructions, an eighth of making one pack, to find the file that is already known. */
static char *find_default(void)
{
    FILE *f = fopen(FONT_FALLBACK, "rb");
    if (f) {
        fclose(f);
        return asx_strdup(FONT_FALLBACK);
    }
    char *path = NULL;
    if (FcInit()) {
        path = fc_find(FONT_FAMILY);
        FcFini(); /* the path is all we need: give fontconfig's memory back */
    }
    return path;
}

/* Advance widths (1/1000 em) of every BMP character the font maps; -1 for the others. Only the
 * characters of the font's cmap are visited (about 13,000 of 65,536 code points). */
static void fill_advances(asx_font *f)
{
    for (unsigned cp = 0; cp < 65536; cp++)
        f->adv[cp] = -1;
    hb_font_t *font = hb_font_create(f->face);
    hb_set_t *mapped = hb_set_create();
    unsigned upem = hb_face_get_upem(f->face);
    hb_face_collect_unicodes(f->face, mapped);
    hb_codepoint_t cp = HB_SET_VALUE_INVALID;
    while (hb_set_next(mapped, &cp) && cp < 65536) {
        hb_codepoint_t gid = 0;
        if ((cp >= 0xD800 && cp <= 0xDFFF) || !hb_font_get_nominal_glyph(font, cp, &gid) || gid == 0)
            continue;
        hb_position_t a = hb_font_get_glyph_h_advance(font, gid);
        if (a < 0)
            a = 0;
        f->adv[cp] = (short)((unsigned)a * 1000u / (upem ? upem : 1000u));
    }
    hb_set_destroy(mapped);
    hb_font_destroy(font);
}

asx_error asx_font_load(const char *path, asx_font **out, asx_diags *d)
{
    asx_error err = ASX_OK;
    asx_font *f = calloc(1, sizeof *f);
    *out = NULL;
    if (!f)
        return ASX_ERR_NOMEM;
    f->path = path ? asx_strdup(path) : find_default();
    if (!f->path) {
        asx_diags_addf(d, ASX_ERR_NOINPUT, NULL, 0, 0, "%s",
                       ASX_L("日本語フォント (IPAexGothic) が見つかりません。"
                             "apt-get install fonts-ipaexfont-gothic でインストールするか、"
                             "--font FILE で TrueType フォントを指定してください",
                             "no Japanese font (IPAexGothic) found: install it with "
                             "apt-get install fonts-ipaexfont-gothic, or give a TrueType font "
                             "with --font FILE"));
        err = ASX_ERR_NOINPUT;
        goto done;
    }
    err = asx_read_file(f->path, FONT_MAX_BYTES, &f->data, &f->len, d);
    if (err != ASX_OK) {
        if (err == ASX_ERR_NOINPUT)
            asx_diags_addf(d, ASX_ERR_NOINPUT, f->path, 0, 0, "%s",
                           ASX_L("フォントを読めません (fonts-ipaexfont-gothic をインストールするか "
                                 "--font で指定してください)",
                                 "cannot read the font (install fonts-ipaexfont-gothic or give "
                                 "--font FILE)"));
        goto done;
    }
    f->blob = hb_blob_create(f->data, (unsigned)f->len, HB_MEMORY_MODE_READONLY, NULL, NULL);
    f->face = hb_face_create(f->blob, 0);
    if (hb_face_get_glyph_count(f->face) == 0 || f->len < 12 ||
        !(memcmp(f->data, "\0\1\0\0", 4) == 0 || memcmp(f->data, "true", 4) == 0)) {
        asx_diags_addf(d, ASX_ERR_DATA, f->path, 0, 0, "%s",
                       ASX_L("TrueType (glyf) フォントではありません (IPAexGothic の ipaexg.ttf を指定してください)",
                             "not a TrueType (glyf) font (give IPAexGothic's ipaexg.ttf)"));
        err = ASX_ERR_DATA;
        goto done;
    }
    hb_face_make_immutable(f->face);
    fill_advances(f);
    if (f->adv[0x3042] < 0 || f->adv[0x6F22] < 0) { /* あ, 漢 */
        asx_diags_addf(d, ASX_ERR_DATA, f->path, 0, 0, "%s",
                       ASX_L("日本語の文字を含まないフォントです", "the font has no Japanese characters"));
        err = ASX_ERR_DATA;
        goto done;
    }
done:
    if (err != ASX_OK) {
        asx_font_free(f);
        return err;
    }
    *out = f;
    return ASX_OK;
}

void asx_font_free(asx_font *f)
{
    if (!f)
        return;
    if (f->face)
        hb_face_destroy(f->face);
    if (f->blob)
        hb_blob_destroy(f->blob);
    free(f->data);
    free(f->path);
    free(f);
}

const char *asx_font_path(const asx_font *f)
{
    return f->path;
}

bool asx_font_has(const asx_font *f, unsigned cp)
{
    return cp < 65536 && f->adv[cp] >= 0;
}

int asx_font_advance(const asx_font *f, unsigned cp)
{
    return asx_font_has(f, cp) ? f->adv[cp] : 0;
}

const unsigned char *asx_font_data(const asx_font *f, size_t *len)
{
    *len = f->len;
    return (const unsigned char *)f->data;
}

asx_error asx_font_subset(const asx_font *f, const unsigned *cps, size_t n, unsigned char **out,
                          size_t *out_len, asx_diags *d)
{
    asx_error err = ASX_OK;
    hb_face_t *sub = NULL;
    hb_blob_t *blob = NULL;
    hb_subset_input_t *in = hb_subset_input_create_or_fail();
    *out = NULL;
    *out_len = 0;
    if (!in)
        return ASX_ERR_NOMEM;
    /* TrueType hinting (fpgm/prep/cvt and per-glyph instructions) is half the size of the
     * subset and PDF viewers do not need it; libharu accepts fonts without those tables. */
    hb_subset_input_set_flags(in, HB_SUBSET_FLAGS_NO_HINTING);
    /* libharu draws characters through cmap only: no layout tables, so no glyphs pulled in by
     * their closure (vertical forms and the like), and no vertical metrics. */
    hb_set_t *drop = hb_subset_input_set(in, HB_SUBSET_SETS_DROP_TABLE_TAG);
    static const char *const dropped[] = {"GSUB", "GPOS", "GDEF", "vhea", "vmtx", "VORG", "gasp"};
    for (size_t i = 0; i < sizeof dropped / sizeof dropped[0]; i++)
        hb_set_add(drop, hb_tag_from_string(dropped[i], 4));
    hb_set_clear(hb_subset_input_set(in, HB_SUBSET_SETS_LAYOUT_FEATURE_TAG));
    hb_set_t *uni = hb_subset_input_unicode_set(in);
    for (size_t i = 0; i < n; i++)
        hb_set_add(uni, cps[i]);
    if (!hb_set_allocation_successful(uni)) {
        err = ASX_ERR_NOMEM;
        goto done;
    }
    sub = hb_subset_or_fail(f->face, in);
    if (!sub) {
        asx_diags_addf(d, ASX_ERR_INTERNAL, f->path, 0, 0, "HarfBuzz: %s",
                       ASX_L("フォントのサブセット化に失敗しました", "subsetting the font failed"));
        err = ASX_ERR_INTERNAL;
        goto done;
    }
    blob = hb_face_reference_blob(sub);
    unsigned len = 0;
    const char *data = hb_blob_get_data(blob, &len);
    if (!data || len == 0) {
        asx_diags_addf(d, ASX_ERR_INTERNAL, f->path, 0, 0, "HarfBuzz: %s",
                       ASX_L("サブセットフォントが空です", "the subset font is empty"));
        err = ASX_ERR_INTERNAL;
        goto done;
    }
    *out = malloc(len);
    if (!*out) {
        err = ASX_ERR_NOMEM;
        goto done;
    }
    memcpy(*out, data, len);
    *out_len = len;
done:
    if (blob)
        hb_blob_destroy(blob);
    if (sub)
        hb_face_destroy(sub);
    hb_subset_input_destroy(in);
    return err;
}
