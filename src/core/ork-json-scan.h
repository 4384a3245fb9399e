/* ork-json-scan.h — a strict RFC 8259 scan that records positions
 *
 * json-glib 1.6 is lenient (comments, hex numbers and duplicate keys pass),
 * keeps no positions and recurses without limit. The workspace loader first
 * runs this scan over the text: it rejects everything RFC 8259 does not allow,
 * limits nesting to ORK_JSON_MAX_DEPTH, and records where every key and value
 * starts, so that later errors can name LINE:COL for a JSON path.
 *
 * Paths: "" is the root; an object member appends ".key" (just "key" at the
 * root), an array element "[N]": "jobs[2].retry.max_delay". A key that is
 * empty or contains '.', '[', ']', '"', '\' or a control character is
 * written in brackets and quotes instead, with '"' and '\' escaped by a
 * backslash and control characters as \u00XX: `a["we.ird"]`, `["x\"y"]`
 * at the root. ork_json_path_append_key() builds such paths; lookups also
 * accept the bracketed form for plain keys (`a["b"]` finds `a.b`).
 *
 * Lines end at \n, \r\n or a lone \r. A UTF-8 byte order mark at the start
 * is skipped (RFC 8259 allows that, and json-glib skips it too); it does not
 * count as a column.
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
 * ORK_MAX_DIAGNOSTICS, counting those already in @diagnostics). An error in
 * a value carries the value's path ("jobs[2].every: number out of range"), an
 * error between values (a missing ',', a trailing comma) and a duplicate key
 * the path of the object or array it is in; "" is the root. @diagnostics may
 * be NULL. Syntax errors name what was expected:
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

/* Append one component to a path, with the quoting described above. */
void         ork_json_path_append_key   (GString      *path,
                                         const char   *key);
void         ork_json_path_append_index (GString      *path,
                                         guint         index);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (OrkJsonScan, ork_json_scan_free)

G_END_DECLS
