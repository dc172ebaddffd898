/* reg_term.h - the register as a person reads it at a terminal (register list, show, due),
 * in the user's language (asx_ui_lang). Every text goes through asx_term_* (controls escaped). */
#ifndef ASX_REG_TERM_H
#define ASX_REG_TERM_H

#include <stdio.h>
#include "asx/register.h"

/* The entries (only those of *status when status is not NULL) as an aligned table with their
 * state on as_of, and a count. */
void asx_register_print_list(FILE *out, const asx_register *r, asx_date as_of,
                             const asx_reg_status *status);
/* One entry: its record, state on as_of, conditions, checks, pack, renewals and history. */
void asx_register_print_entry(FILE *out, const asx_register *r, const asx_reg_entry *e,
                              asx_date as_of);
/* What is due (asx_register_due) by as_of + within days. */
void asx_register_print_due(FILE *out, const asx_due *v, size_t n, asx_date as_of, int within);

#endif
