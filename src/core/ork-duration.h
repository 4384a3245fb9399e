/* ork-duration.h — durations as written in workspace files
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define ORK_DURATION_ERROR (ork_duration_error_quark ())

typedef enum
{
  ORK_DURATION_ERROR_INVALID,   /* not a count and a unit */
  ORK_DURATION_ERROR_OVERFLOW,  /* more than G_MAXINT64 milliseconds */
} OrkDurationError;

GQuark    ork_duration_error_quark (void);

/* Parses "250ms", "3s", "5m", "2h" or "1d": a non-negative integer count and one
 * unit, nothing else (no spaces, signs, fractions or combined units). On
 * failure sets @error with a message such as
 * `expected a duration like "5m", got "fast"` and returns FALSE.
 * Overflow past G_MAXINT64 milliseconds is an error. */
gboolean  ork_duration_parse  (const char  *text,
                               gint64      *out_ms,
                               GError     **error);

/* The shortest exact form: 0 → "0ms", 1500 → "1500ms", 300000 → "5m", 86400000 → "1d".
 * The largest unit that divides @ms evenly is used, so the result parses back
 * to @ms. ORK_DURATION_NONE gives "none" (the workspace's word for it). */
char     *ork_duration_format (gint64       ms);

/* A short human form for messages and previews: "1.5 s", "5 min", "2 h 30 min".
 * Below a second: "250 ms"; below a minute: seconds with up to three
 * decimals ("1.5 s", "59.999 s"); above: every non-zero part from days down
 * to seconds ("1 d 2 h", "2 h 30 min", "1 min 0.5 s"). Exact, never rounded.
 * ORK_DURATION_NONE gives "none". */
char     *ork_duration_describe (gint64     ms);

G_END_DECLS
