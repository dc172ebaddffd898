/* font.c - IPAexGothic found through fontconfig (or --font), mapped once, subset with HarfBuzz.
 *
 * Nothing is built for the whole font at load: the file is mapped (only the pages HarfBuzz
 * touches are ever read), and the advance of a character is looked up the first time it is
 * measured and kept in a table shared by every thread. */
#include "asx/font.h"

#include <fcntl.h>
#include <fontconfig/fontconfig.h>
#include <hb-subset.h>
#include <hb-ot.h>
#include <hb.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include "asx/dl_table.h"
#include "asx/io.h"
#include "asx/util.h"

#define FONT_MAX_BYTES (64u * 1024u * 1024u)
#define FONT_FAMILY "IPAexGothic"
#define FONT_FALLBACK "/usr/share/fonts/opentype/ipaexfont-gothic/ipaexg.ttf"

struct asx_font {
    char *path;
    char *data;       /* the whole file: mapped, or read when it cannot be mapped */
    size_t len;
    bool mapped;
    hb_blob_t *blob;  /* over data */
    hb_face_t *face;
    hb_font_t *font;  /* immutable, shared by every thread */
    unsigned upem;
    int cap_height, x_height;
    char ps_name[64]; /* PostScript name, as a PDF name may hold it */
    /* Per BMP code point, filled on first use: 0 not looked up yet, 1 the font lacks it, else
     * the libharu-style advance + 2. Relaxed atomics: every thread would store the same value. */
    _Atomic int16_t *adv;
};

/* fontconfig, opened only when the font is not where Debian installs it (find_default): linked,
 * it cost every process its dynamic linking, about 0.4 M instructions (issue 23). The functions
 * below call it through this table; fontconfig that cannot be loaded finds no font, which the
 * caller reports as it reports a font fontconfig does not know. */
#define FC_FUNCTIONS(X)                                                                          \
    X(FcInit)                                                                                    \
    X(FcFini)                                                                                    \
    X(FcNameParse)                                                                               \
    X(FcConfigSubstitute)                                                                        \
    X(FcDefaultSubstitute)                                                                       \
    X(FcFontMatch)                                                                               \
    X(FcPatternGetString)                                                                        \
    X(FcPatternDestroy)

static struct {
#define FC_MEMBER(name) __typeof__(&name) name;
    FC_FUNCTIONS(FC_MEMBER)
#undef FC_MEMBER
} fc;
static const asx_dl_sym fc_syms[] = {
#define FC_ENTRY(name) ASX_DL_SYM(__typeof__(fc), name)
    FC_FUNCTIONS(FC_ENTRY)
#undef FC_ENTRY
};
static asx_dl_lib fc_lib = {.soname = "libfontconfig.so.1", .syms = fc_syms,
                            .nsyms = sizeof fc_syms / sizeof fc_syms[0], .table = &fc, .table_size = sizeof fc};

/* The file fontconfig gives for family, or NULL when it has no font of that family. */
static char *fc_find(const char *family)
{
    char *found = NULL;
    FcPattern *pat = fc.FcNameParse((const FcChar8 *)family);
    if (!pat)
        return NULL;
    fc.FcConfigSubstitute(NULL, pat, FcMatchPattern);
    fc.FcDefaultSubstitute(pat);
    FcResult res = FcResultNoMatch;
    FcPattern *m = fc.FcFontMatch(NULL, pat, &res);
    if (m && res == FcResultMatch) {
        FcChar8 *fam = NULL, *file = NULL;
        /* FcFontMatch always returns some font: accept it only when it is the family asked. */
        for (int i = 0; fc.FcPatternGetString(m, FC_FAMILY, i, &fam) == FcResultMatch; i++) {
            if (strcmp((const char *)fam, family) == 0 &&
                fc.FcPatternGetString(m, FC_FILE, 0, &file) == FcResultMatch) {
                found = asx_strdup((const char *)file);
                break;
            }
        }
    }
    if (m)
        fc.FcPatternDestroy(m);
    fc.FcPatternDestroy(pat);
    return found;
}

/* The font of Debian's fonts-ipaexfont-gothic is used where it is installed; fontconfig is asked
 * only when it is not. Starting fontconfig (reading its configuration and cache) costs about 25 M
 * instructions, an eighth of making one pack, to find the file that is already known. */
static char *find_default(void)
{
    if (access(FONT_FALLBACK, R_OK) == 0)
        return asx_strdup(FONT_FALLBACK);
    char *path = NULL;
    if (asx_dl_load(&fc_lib) && fc.FcInit()) {
        path = fc_find(FONT_FAMILY);
        fc.FcFini(); /* the path is all we need: give fontconfig's memory back */
    }
    return path;
}

/* Map the regular file path read-only. false when it cannot be (the caller then reads it, and
 * asx_read_file says why it cannot be read). */
static bool map_file(asx_font *f)
{
    int fd = open(f->path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return false;
    struct stat st;
    void *p = MAP_FAILED;
    if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_size > 0 &&
        (unsigned long long)st.st_size <= FONT_MAX_BYTES)
        p = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
    close(fd);
    if (p == MAP_FAILED)
        return false;
    f->data = p;
    f->len = (size_t)st.st_size;
    f->mapped = true;
    return true;
}

/* The top of the outline of cp in 1/1000 em (libharu's CapHeight and XHeight), 0 without it. */
static int glyph_top(const asx_font *f, unsigned cp)
{
    hb_codepoint_t gid = 0;
    hb_glyph_extents_t e;
    if (!hb_font_get_nominal_glyph(f->font, cp, &gid) || !hb_font_get_glyph_extents(f->font, gid, &e))
        return 0;
    return (int)((long)e.y_bearing * 1000 / (long)f->upem);
}

/* The font's PostScript name (name ID 6) with only the characters a PDF name takes as they are. */
static void ps_name(asx_font *f)
{
    char buf[64];
    unsigned len = sizeof buf;
    size_t k = 0;
    if (hb_ot_name_get_utf8(f->face, HB_OT_NAME_ID_POSTSCRIPT_NAME, HB_LANGUAGE_INVALID, &len, buf) == 0)
        buf[0] = 0;
    for (const char *s = buf; *s && k + 1 < sizeof f->ps_name; s++)
        if ((*s >= 'A' && *s <= 'Z') || (*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') ||
            *s == '-' || *s == '_')
            f->ps_name[k++] = *s;
    if (k == 0)
        memcpy(f->ps_name, "Font", 5);
    else
        f->ps_name[k] = 0;
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
    if (!map_file(f))
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
    f->adv = calloc(65536, sizeof *f->adv); /* zero pages: only those used are ever touched */
    if (!f->adv) {
        err = ASX_ERR_NOMEM;
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
    f->upem = hb_face_get_upem(f->face);
    if (f->upem == 0)
        f->upem = 1000;
    f->font = hb_font_create(f->face);
    hb_font_make_immutable(f->font);
    if (!asx_font_has(f, 0x3042) || !asx_font_has(f, 0x6F22)) { /* あ, 漢 */
        asx_diags_addf(d, ASX_ERR_DATA, f->path, 0, 0, "%s",
                       ASX_L("日本語の文字を含まないフォントです", "the font has no Japanese characters"));
        err = ASX_ERR_DATA;
        goto done;
    }
    ps_name(f);
    f->cap_height = glyph_top(f, 'H');
    f->x_height = glyph_top(f, 'x');
done:
    if (err != ASX_OK) {
        if (err == ASX_ERR_NOMEM)
            asx_diags_addf(d, ASX_ERR_NOMEM, f->path, 0, 0, "%s", ASX_L("メモリ不足", "out of memory"));
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
    if (f->font)
        hb_font_destroy(f->font);
    if (f->face)
        hb_face_destroy(f->face);
    if (f->blob)
        hb_blob_destroy(f->blob);
    if (f->mapped)
        munmap(f->data, f->len);
    else
        free(f->data);
    free((void *)f->adv);
    free(f->path);
    free(f);
}

const char *asx_font_path(const asx_font *f)
{
    return f->path;
}

/* The cached entry of cp (see struct asx_font), looked up now when it is not there yet. */
static int adv_entry(const asx_font *f, unsigned cp)
{
    int v = atomic_load_explicit(&f->adv[cp], memory_order_relaxed);
    if (v != 0)
        return v;
    hb_codepoint_t gid = 0;
    if ((cp >= 0xD800 && cp <= 0xDFFF) || !hb_font_get_nominal_glyph(f->font, cp, &gid) || gid == 0) {
        v = 1;
    } else {
        hb_position_t a = hb_font_get_glyph_h_advance(f->font, gid);
        v = (int)((unsigned)(a < 0 ? 0 : a) * 1000u / f->upem) + 2;
        if (v > INT16_MAX)
            v = INT16_MAX;
    }
    atomic_store_explicit(&f->adv[cp], (int16_t)v, memory_order_relaxed);
    return v;
}

bool asx_font_has(const asx_font *f, unsigned cp)
{
    return cp < 65536 && adv_entry(f, cp) > 1;
}

int asx_font_advance(const asx_font *f, unsigned cp)
{
    if (cp >= 65536)
        return 0;
    int v = adv_entry(f, cp);
    return v > 1 ? v - 2 : 0;
}

const char *asx_font_ps_name(const asx_font *f)
{
    return f->ps_name;
}

const unsigned char *asx_font_data(const asx_font *f, size_t *len)
{
    *len = f->len;
    return (const unsigned char *)f->data;
}

asx_error asx_font_subset(const asx_font *f, const unsigned *cps, size_t n, unsigned short *gids,
                          unsigned char **out, size_t *out_len, asx_diags *d)
{
    asx_error err = ASX_OK;
    hb_face_t *sub = NULL;
    hb_blob_t *blob = NULL;
    hb_subset_plan_t *plan = NULL;
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
    /* A PDF that maps its CIDs to glyphs itself (CIDToGIDMap) does not read the font's cmap:
     * building it was half of the subsetting. */
    if (gids)
        hb_set_add(drop, HB_TAG('c', 'm', 'a', 'p'));
    hb_set_clear(hb_subset_input_set(in, HB_SUBSET_SETS_LAYOUT_FEATURE_TAG));
    hb_set_t *uni = hb_subset_input_unicode_set(in);
    for (size_t i = 0; i < n; i++)
        hb_set_add(uni, cps[i]);
    if (!hb_set_allocation_successful(uni)) {
        err = ASX_ERR_NOMEM;
        goto done;
    }
    plan = hb_subset_plan_create_or_fail(f->face, in);
    sub = plan ? hb_subset_plan_execute_or_fail(plan) : NULL;
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
    if (gids) {
        const hb_map_t *u2old = hb_subset_plan_unicode_to_old_glyph_mapping(plan);
        const hb_map_t *old2new = hb_subset_plan_old_to_new_glyph_mapping(plan);
        for (size_t i = 0; i < n; i++) {
            hb_codepoint_t g = hb_map_get(u2old, cps[i]);
            g = g == HB_MAP_VALUE_INVALID ? HB_MAP_VALUE_INVALID : hb_map_get(old2new, g);
            gids[i] = g == HB_MAP_VALUE_INVALID || g > 0xFFFF ? 0 : (unsigned short)g;
        }
    }
done:
    if (plan)
        hb_subset_plan_destroy(plan);
    if (blob)
        hb_blob_destroy(blob);
    if (sub)
        hb_face_destroy(sub);
    hb_subset_input_destroy(in);
    return err;
}

static int be16(const char *p)
{
    return (int16_t)(((unsigned)(unsigned char)p[0] << 8) | (unsigned char)p[1]);
}

asx_error asx_font_subset_metrics(const asx_font *f, const unsigned char *ttf, size_t len,
                                  asx_font_metrics *m, asx_diags *d)
{
    asx_error err = ASX_OK;
    hb_blob_t *blob = hb_blob_create((const char *)ttf, (unsigned)len, HB_MEMORY_MODE_READONLY,
                                     NULL, NULL);
    hb_face_t *face = hb_face_create(blob, 0);
    hb_blob_t *head = hb_face_reference_table(face, HB_TAG('h', 'e', 'a', 'd'));
    hb_blob_t *hhea = hb_face_reference_table(face, HB_TAG('h', 'h', 'e', 'a'));
    unsigned hl = 0, hhl = 0;
    const char *h = hb_blob_get_data(head, &hl), *hh = hb_blob_get_data(hhea, &hhl);
    unsigned upem = hb_face_get_upem(face);
    if (hl < 54 || hhl < 36 || upem == 0) {
        asx_diags_addf(d, ASX_ERR_INTERNAL, f->path, 0, 0, "HarfBuzz: %s",
                       ASX_L("サブセットフォントに head/hhea 表がありません",
                             "the subset font has no head/hhea table"));
        err = ASX_ERR_INTERNAL;
        goto done;
    }
    memset(m, 0, sizeof *m);
    for (int i = 0; i < 4; i++)
        m->bbox[i] = (int)((long)be16(h + 36 + 2 * i) * 1000 / (long)upem);
    m->ascent = (int)((long)be16(hh + 4) * 1000 / (long)upem);
    m->descent = (int)((long)be16(hh + 6) * 1000 / (long)upem);
    m->cap_height = f->cap_height;
    m->x_height = f->x_height;
done:
    hb_blob_destroy(head);
    hb_blob_destroy(hhea);
    hb_face_destroy(face);
    hb_blob_destroy(blob);
    return err;
}
