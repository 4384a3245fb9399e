/* ork-time-axis.h — where the ticks of a time ruler go, and what they say
 *
 * Given a span of time, the pixels it is drawn over and the zone it is
 * read in, picks the step (1 ms to a year) that puts labelled ticks at least
 * @min_spacing pixels apart, and lists the ticks at round local times
 * (whole seconds, minutes, hours, midnights, Mondays, first days of months),
 * so they land on the same wall-clock times across DST changes. Labels are
 * as short as the step allows; a tick where the day changes shows the date.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct
{
  gint64   time;        /* µs UTC */
  gboolean major;       /* labelled */
  gboolean new_day;     /* the first tick of a day (its label has the date) */
  char    *label;       /* NULL for a minor tick */
} OrkTimeTick;

/* Ticks in [@start, @end], labelled ones and the minor ones between them,
 * in time order. Free with g_array_unref (). @out_step (may be NULL) gets
 * the labelled step in µs (months and years: their average length). */
GArray *ork_time_axis_ticks      (gint64     start,
                                  gint64     end,
                                  double     width,
                                  double     min_spacing,
                                  GTimeZone *zone,
                                  gint64    *out_step);

/* A time as the ruler's read-out shows it at a step: precise enough to tell
 * neighbouring ticks apart, with the date. */
char   *ork_time_axis_format     (gint64     time,
                                  gint64     step,
                                  GTimeZone *zone);

/* A duration in words a chart can show on an axis or in a read-out:
 * "850 µs", "12.5 ms", "3.2 s", "4 min 10 s", "2 h 5 min", "3 d 4 h";
 * whole units alone: "1 min", "2 h", "3 d". */
char   *ork_format_duration_short (double    usec);

G_END_DECLS
