/* ork-format.h — words and times as the window shows them
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "ork-types.h"

G_BEGIN_DECLS

/* "just now", "12 s ago", "3 min ago", "2 h ago", "5 d ago"; and for a time
 * after @now_us "in 4 min", "in 2 h". "—" for ORK_TIME_UNSET/NEVER. */
char       *ork_format_relative       (gint64        time_us,
                                       gint64        now_us);
/* "Thu 26 Nov 2026, 10:00:00" in @tz (the caller names the zone). */
char       *ork_format_time           (gint64        time_us,
                                       GTimeZone    *tz);
/* "10:00:00.250" in @tz. */
char       *ork_format_clock_time     (gint64        time_us,
                                       GTimeZone    *tz);
/* @n with the locale's thousands separator: "12,345" in English, "12.345"
 * in German, "12345" in the C locale. */
char       *ork_format_count          (guint64       n);
/* @fraction (0 to 1) as a percentage with the locale's decimal mark:
 * "25 %"; one decimal near the ends ("0.4 %", "99.5 %") so that only none
 * or all shows as 0 % or 100 %. "—" when @fraction < 0 (unknown). */
char       *ork_format_percent        (double        fraction);
/* Days of a week mask (bit 0 Sunday … bit 6 Saturday), Monday first:
 * "Mon, Wed, Fri", "Monday to Friday", "every day" (none or all), the last
 * two capitalized when @capitalized (a text of its own, not inside a
 * sentence). */
char       *ork_format_days           (guint8        days,
                                       gboolean      capitalized);
/* A zone's name to show: its identifier, or "UTC". */
const char *ork_format_zone_name      (GTimeZone    *tz);

/* Translated words: "Running", "Sync", "Succeeded", ... */
const char *ork_format_job_status     (OrkJobStatus  status);
/* The CSS class of a status dot: "status-running", ... */
const char *ork_format_job_status_css (OrkJobStatus  status);
const char *ork_format_job_type       (OrkJobType    type);
const char *ork_format_job_type_icon  (OrkJobType    type);
const char *ork_format_run_state      (OrkRunState   state);
const char *ork_format_run_state_css  (OrkRunState   state);
/* A reason in plain lower-case words: "schedule", "run now", "retry", ... */
const char *ork_format_reason         (OrkReason     reason);

G_END_DECLS
