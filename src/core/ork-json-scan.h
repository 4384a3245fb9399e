/* ork-json-scan.h — a strict RFC 8259 scan that records positions
 *
 * json-glib 1.6 is lenient (comments, hex numbers and duplicate keys pass),
 * keeps no positions and recurses without limit. The workspace loader first
 * runs this scan over the text: it rejects everything RFC 8259 does not allow,
 * limits nesting to ORK_JSON_MAX_DEPTH, and records where every key and value
 * starts, so that later errors can name LINE:COL for a JSON path.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "ork-diagnostic.h"

G_BEGIN_DECLS

#define ORK_JSON_MAX_DEPTH 64

typedef struct
{
  guint line;    /* 1-based */
  guint column;  /* 1-based, counted in characters (UTF-8 code points) */
} OrkJsonPos;

typedef struct _OrkJsonScan OrkJsonScan;

/* Scans @len bytes of @text. Returns NULL when the text is not strict JSON,
 * after appending diagnostics (OrkDiagnostic, with path set to the JSON path
 * of the enclosing value where known) to @diagnostics: a syntax error stops
 * the scan (one diagnostic), duplicate keys are all reported (up to
 * ORK_MAX_DIAGNOSTICS). Syntax errors name what was expected:
 * "expected ',' or '}' after an object member", "comments are not allowed in JSON",
 * "invalid UTF-8", "nesting deeper than 64 levels", "number out of range",
 * "duplicate key \"id\"" ... */
OrkJsonScan *ork_json_scan_new         (const char   *text,
                                        gsize         len,
                                        GPtrArray    *diagnostics);
void         ork_json_scan_free        (OrkJsonScan  *self);

/* Where the value at @path starts ("", "jobs", "jobs[2]", "jobs[2].retry.max_delay").
 * Returns FALSE when there is no such value. */
gboolean     ork_json_scan_value_pos   (OrkJsonScan  *self,
                                        const char   *path,
                                        OrkJsonPos   *pos);
/* Where the key of the member at @path starts (for unknown keys). */
gboolean     ork_json_scan_key_pos     (OrkJsonScan  *self,
                                        const char   *path,
                                        OrkJsonPos   *pos);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (OrkJsonScan, ork_json_scan_free)

G_END_DECLS
