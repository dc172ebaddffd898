/* pack_xlsx.h - the XLSX approval pack (libxlsxwriter).
 *
 * Sheets 概要/Summary, 回答/Answers, 指摘/Findings and 台帳/Register (the register entry the pack
 * supports). Numbers are numbers, dates are real dates; the file is reproducible: the same result
 * and the same o->date give a byte-identical file. */
#ifndef ASX_PACK_XLSX_H
#define ASX_PACK_XLSX_H

#include "asx/error.h"
#include "asx/pack.h"
#include "asx/score.h"

/* Write the XLSX pack of r to path. r is borrowed (with its answers, bank and policy). The file
 * is one of the set of outputs o->set (NULL: a set of this one file, asx_xlsx_begin): an
 * existing path is ASX_ERR_CANTCREAT unless o->force; on any failure nothing is left behind.
 * Problems (library errors with libxlsxwriter's text, strings truncated to the cell limit) are
 * added to d. */
asx_error asx_xlsx_pack_write(const asx_result *r, const asx_pack_opts *o, const char *path,
                              asx_diags *d);

#endif
