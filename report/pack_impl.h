/* pack_impl.h - what the two files of the pack's builder share (not installed): the build's
 * context, its scratch strings and the few small builders both use. pack.c builds the 別紙 and
 * the workbook's sheets, pack_sheet.c the 起案 sheet (page 1). */
#ifndef ASX_PACK_IMPL_H
#define ASX_PACK_IMPL_H

#include "asx/pack.h"

typedef struct {
    asx_doc *doc;
    const asx_result *r;
    const asx_answers *a;
    const asx_pack_opts *o;
    asx_lang l;
    char **scratch; /* strings made along the way, owned until the end of the build */
    size_t nscratch, capscratch;
    bool oom;
} pack;

/* How the 起案 sheet's sub-lines look on paper. */
extern const asx_doc_look PACK_SUB, PACK_SUB_SMALL;

/* Keep s (malloc'd, may be NULL after a failed allocation) until the end; returns it or "". */
const char *pack_keep(pack *k, char *s);
/* A person's name that is never broken between lines on paper (kept; NULL stays NULL). */
const char *pack_glue(pack *k, const char *name);
/* A date as the document's language writes it (kept). */
const char *pack_date(pack *k, asx_date d);
/* What names the standard before a clause number: the policy's title of it (SPEC §8.6). */
const char *pack_std_label(const pack *k);
/* The clauses of a question as the result cites them (the organisation's numbering). */
const char *pack_clauses(const pack *k, const asx_question *q);
/* The pack's title (the bank's documents declare it). */
const char *pack_title(const pack *k);
/* The verdict in a sentence: why, and what follows (pack_sheet.c). */
const char *pack_verdict_summary(pack *k);
/* A line of text in a look; a key-value row of one text; a tight key-value block. */
void pack_line(pack *k, asx_block *parent, const char *text, const asx_doc_look *look);
void pack_kv_text(pack *k, asx_block *kv, const char *key, const char *value);
asx_block *pack_kv_block(pack *k, asx_block *parent, float key_width);
/* Page 1: the 起案 sheet, a paper part (pack_sheet.c). */
void pack_sheet(pack *k);

static inline const char *nz(const char *s)
{
    return s ? s : "";
}

#endif
