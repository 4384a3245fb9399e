/* ork-duration.h — durations as written in workspace files
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Parses "250ms", "3s", "5m", "2h" or "1d": a non-negative integer count and one
 * unit, nothing else (no spaces, signs, fractions or combined units). On
 * failure sets @error with a message such as
 * `expected a duration like "5m", got "fast"` and returns FALSE.
 * Overflow past G_MAXINT64 milliseconds is an error. */
gboolean  ork_duration_parse  (const char  *text,
                               gint64      *out_ms,
                               GError     **error);

/* The shortest exact form: 0 → "0ms", 1500 → "1500ms", 300000 → "5m", 86400000 → "1d". */
char     *ork_duration_format (gint64       ms);

/* A short human form for messages and previews: "1.5 s", "5 min", "2 h 30 min". */
char     *ork_duration_describe (gint64     ms);

G_END_DECLS
