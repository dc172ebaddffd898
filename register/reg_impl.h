/* reg_impl.h - what the register's files share (private to register/): register.c (names, the
 * model), reg_json.c (the JSON form), reg_stream.c (the JSON form read an
 * element at a time), reg_rules.c (the rules), reg_due.c (the views' data) and
 * reg_store.c (the store). */
#ifndef ASX_REG_IMPL_H
#define ASX_REG_IMPL_H

#include <stdbool.h>
#include <stdio.h>
#include <cjson/cJSON.h>
#include "asx/register.h"

/* register.c */
/* One more zeroed element at the end of *arrayp (of *n, then incremented); NULL on OOM. */
void *reg_grow(void *arrayp, size_t *n, size_t elsize);
void reg_cond_clear(asx_reg_condition *c); /* frees the members */
bool reg_action_parse(const char *s, asx_reg_action *out);
bool reg_verdict_parse(const char *s, asx_verdict *out);
bool reg_cond_status_parse(const char *s, asx_cond_status *out);
bool reg_check_result_parse(const char *s, asx_check_result *out);

/* reg_json.c */
/* The parser's context: the JSON read (for places) and where problems go. */
typedef struct {
    const asx_json *j;
    asx_diags *d;
} reg_pctx;
/* Parts of the register's JSON parser that reg_stream.c reads one element at a time with:
 * problems go to c->d at their places in c->j. */
bool reg_p_object(reg_pctx *c, const cJSON *v, const char *what);
void reg_p_entry(reg_pctx *c, const cJSON *obj, asx_reg_entry *e);
void reg_p_event(reg_pctx *c, const cJSON *it, asx_reg_event *ev);
void reg_p_seq(reg_pctx *c, const cJSON *root, asx_register *r);
/* An entry's id and where it was read, to find ids that appear twice (sorted: n log n, for a
 * register of 100,000 entries): by id, then k. */
typedef struct {
    const char *id;
    const cJSON *node;
    size_t k;
} reg_id_ref;
int reg_id_ref_cmp(const void *a, const void *b);
bool reg_is_hex64(const char *s);
/* Whether s is an id EXT-YYYY-NNNN… (its year into *year when not NULL). */
bool reg_id_valid(const char *s, int *year);
long reg_id_seq(const char *id); /* NNNN… of a valid id */
/* Members added to a cJSON object (s NULL, dt NULL: null); false on OOM. add_item takes v. */
bool reg_add_str(cJSON *o, const char *k, const char *s);
bool reg_add_date(cJSON *o, const char *k, const asx_date *dt);
bool reg_add_num(cJSON *o, const char *k, double x);
bool reg_add_item(cJSON *parent, const char *k, cJSON *v);
bool reg_conditions_json(cJSON *arr, const asx_reg_condition *v, size_t n);
cJSON *reg_event_json(const asx_reg_event *ev);
/* v (taken) printed to out after sep as cJSON_Print prints it two levels down in a root (an
 * element of a member's list): the streamed outputs give the bytes of the whole printed. */
asx_error reg_put_nested(FILE *out, cJSON *v, const char *sep);
/* s (NULL: null) written to out as cJSON prints a string: the same escapes (", \, \b, \f, \n,
 * \r, \t, \u00xx below 32; every other byte as it is), so that an output written without a
 * tree gives the bytes of the tree printed. */
void reg_put_json_str(FILE *out, const char *s);
/* What a JSON register read one element at a time gives its elements to (migrate). */
typedef struct {
    void *ctx;
    /* its organisation and id counters, once, before any entry */
    asx_error (*head)(void *ctx, const char *organization, const asx_reg_seq *seq, size_t nseq,
                      asx_diags *d);
    /* each entry in order, with the bytes buf[off, off + len) it was read from
     * (asx_reg_entry_parse reads it again); the callee may take e's members, leaving it zeroed */
    asx_error (*entry)(void *ctx, asx_reg_entry *e, size_t off, size_t len, asx_diags *d);
    /* each event in order, all of them twice: pass 0 with only its entry (NULL: none), read
     * without checks (ev stays the reader's); then pass 1, read whole and checked (the callee
     * may take ev's members, leaving it zeroed) */
    asx_error (*event)(void *ctx, int pass, asx_reg_event *ev, asx_diags *d);
    /* the bytes before off are not read again in this pass (NULL: kept) */
    void (*release)(void *ctx, size_t off);
} reg_stream_sink;
/* The JSON register buf[0..len) read as asx_register_parse reads it, with the same checks and
 * the places in file, but one entry or event at a time: memory does not grow with it. The
 * callbacks are called only while no problem has been found; the first error a callback
 * returns stops the reading and is returned. */
asx_error reg_stream_register(const char *buf, size_t len, const char *file,
                              const reg_stream_sink *sink, asx_diags *d);

/* reg_rules.c */
const char *reg_default_user(const char *user);
void reg_now_iso(char buf[64]);
char *reg_norm_name(const char *s); /* asx_reg_name_key */
bool reg_same_name(const char *a, const char *b);
bool reg_same_vendor(const asx_reg_entry *e, const asx_answers *a);
/* Whether e's status on as_of is expired: its review passed, or its evidence did. */
bool reg_lapsed(const asx_reg_entry *e, asx_date as_of);

#endif
