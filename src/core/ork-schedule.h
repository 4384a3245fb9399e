/* ork-schedule.h — when a job fires: interval, cron, weekly, once, manual
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

#include "ork-cron.h"
#include "ork-types.h"

G_BEGIN_DECLS

/* Errors of ork_schedule_prepare () other than cron syntax (ORK_CRON_ERROR). */
#define ORK_SCHEDULE_ERROR (ork_schedule_error_quark ())

typedef enum
{
  ORK_SCHEDULE_ERROR_INVALID,       /* a required field is missing or out of range */
  ORK_SCHEDULE_ERROR_UNKNOWN_ZONE,  /* the time zone does not exist */
  ORK_SCHEDULE_ERROR_NEVER,         /* the schedule can never fire */
} OrkScheduleError;

typedef struct
{
  OrkScheduleKind  kind;

  /* interval */
  gint64           every_ms;     /* ≥ 100 */
  GDateTime       *anchor;       /* NULL: the Unix epoch */
  OrkIntervalFrom  from;

  /* cron */
  char            *expr;
  OrkCron         *cron;

  /* weekly */
  guint8           days;         /* bit d for weekday d, 0 = Sunday */
  GArray          *times;        /* guint minutes after midnight, sorted, unique */
  GPtrArray       *weekly_crons; /* OrkCron per time, built by ork_schedule_prepare () */

  /* once */
  GDateTime       *at;

  /* cron, weekly: NULL to inherit the workspace's zone */
  char            *timezone;
  GTimeZone       *tz;
} OrkSchedule;

#define ORK_TYPE_SCHEDULE (ork_schedule_get_type ())

GQuark       ork_schedule_error_quark (void);
GType        ork_schedule_get_type (void) G_GNUC_CONST;
OrkSchedule *ork_schedule_new      (OrkScheduleKind     kind);
/* Convenience constructors used by tests and the short form. */
OrkSchedule *ork_schedule_new_interval (gint64          every_ms);
OrkSchedule *ork_schedule_new_cron (const char         *expr,
                                    const char         *timezone,
                                    GError            **error);
OrkSchedule *ork_schedule_copy     (const OrkSchedule  *self);
void         ork_schedule_free     (OrkSchedule        *self);
gboolean     ork_schedule_equal    (const OrkSchedule  *a,
                                    const OrkSchedule  *b);

/* Builds the derived fields (cron from expr, tz from timezone, the weekly
 * crons). Errors: a cron syntax error (message as ork_cron_parse's), an
 * unknown time zone ("unknown time zone \"Mars/Base\""), a schedule that
 * never fires. */
gboolean     ork_schedule_prepare  (OrkSchedule        *self,
                                    GError            **error);

/* The first fire time strictly after @after_us, using @default_tz when the
 * schedule names no zone. For interval from completion, @last_end_us is the
 * end of the previous run (or G_MININT64 when there was none: then the first
 * fire is after_us + every). Manual, and once in the past: ORK_TIME_NEVER. */
gint64       ork_schedule_next     (const OrkSchedule  *self,
                                    GTimeZone          *default_tz,
                                    gint64              after_us,
                                    gint64              last_end_us);

/* TRUE for cron and weekly schedules whose fixed-time DST rule applies. */
gboolean     ork_schedule_is_fixed_time (const OrkSchedule *self);

/* Plain words: "Every 15 minutes", "Every day at 09:00 and 17:30 (Europe/Berlin)",
 * "Cron: 0/15 9-17 * * 1-5", "Once at 2026-12-01 10:00 UTC", "Manual";
 * a few common cron forms get words too ("Weekdays at 09:00"). */
char        *ork_schedule_describe (const OrkSchedule  *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (OrkSchedule, ork_schedule_free)

G_END_DECLS
