/* ork-cron.h — the cron dialect of DESIGN §3 and its next-fire search
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define ORK_CRON_ERROR (ork_cron_error_quark ())

typedef enum
{
  ORK_CRON_ERROR_SYNTAX,  /* cannot be parsed */
  ORK_CRON_ERROR_NEVER,   /* parses, but never fires in the 400-year cycle */
} OrkCronError;

typedef struct _OrkCron OrkCron;

GQuark      ork_cron_error_quark  (void);

/* Parses 5 fields (min hour dom mon dow), 6 (with leading seconds) or a macro.
 * On failure returns NULL, sets @error (message without position, e.g.
 * "minute 61 is out of range 0-59") and, if @error_column is given, stores the
 * 1-based character column in @expr where the offending token starts. An
 * expression that can never fire is an ORK_CRON_ERROR_NEVER error
 * ("never fires: day 30 does not exist in February"-style wording is welcome,
 * "never fires" at the least). */
OrkCron    *ork_cron_parse        (const char  *expr,
                                   guint       *error_column,
                                   GError     **error);
OrkCron    *ork_cron_ref          (OrkCron     *self);
void        ork_cron_unref        (OrkCron     *self);
const char *ork_cron_get_expr     (OrkCron     *self);
/* TRUE when the minute or hour field starts with '*' (DESIGN §3 DST rules). */
gboolean    ork_cron_is_frequent  (OrkCron     *self);
gboolean    ork_cron_has_seconds  (OrkCron     *self);

/* The first fire time strictly after @after_us, in microseconds UTC,
 * interpreting the fields in @tz and applying the DST rules of DESIGN §3
 * (frequent jobs: every existing wall time, both occurrences of a repeated
 * one; fixed-time jobs: wall times in a gap fire once at the gap's end, a
 * repeated wall time fires at its first occurrence only). Fire times are on
 * whole seconds. Returns ORK_TIME_NEVER (G_MAXINT64) if there is none
 * within 400 years. */
gint64      ork_cron_next         (OrkCron     *self,
                                   GTimeZone   *tz,
                                   gint64       after_us);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (OrkCron, ork_cron_unref)

G_END_DECLS
