/* ork-timeline.h — one lane per job, a bar per attempt, on the shared time range
 *
 * The timeline draws, for each job of its lane model (OrkJob items, in the
 * model's order: give it the Jobs page's filtered, sorted list):
 *   - a bar per attempt from start to end, coloured by outcome
 *     (OrkChartPalette), its queue wait as a thinner lead-in before it;
 *   - a thin line joining a retry to the attempt it retries;
 *   - a mark for each skipped run;
 *   - runs queued or running now (growing with the engine's time);
 *   - planned ("ghost") runs ahead of now, from the schedule, as outlines;
 *   - a now-line, and a ruler with ticks fit for the zoom (ms to years).
 * Bars narrower than a pixel are gathered per pixel column (the column
 * takes the colour of its worst outcome), so a frame draws at most a few
 * rectangles per column and lane however many attempts are visible.
 *
 * Input: Ctrl+scroll and +/− zoom about the pointer (or the middle); drag,
 * Shift+scroll, horizontal scroll and Left/Right pan; plain scroll moves
 * through the lanes (it is a GtkScrollable: put it in a GtkScrolledWindow);
 * drag on the ruler selects a span, a click there clears it; Home fits the
 * whole span; Z zooms to the selection; Escape clears it. Hovering names the
 * attempt under the pointer in a tooltip and in the "readout" property; a
 * click selects its run and emits "run-activated".
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "ork-run-store.h"
#include "ork-session.h"
#include "ork-time-range.h"

G_BEGIN_DECLS

#define ORK_TIMELINE_RULER_HEIGHT 34
#define ORK_TIMELINE_LANE_HEIGHT  26

typedef enum
{
  ORK_TIMELINE_HIT_NONE,
  ORK_TIMELINE_HIT_ATTEMPT,   /* a finished attempt: bar */
  ORK_TIMELINE_HIT_SKIPPED,   /* a skipped run: bar (status SKIPPED) */
  ORK_TIMELINE_HIT_ACTIVE,    /* a run queued or running now: bar from the run */
} OrkTimelineHitKind;

typedef struct
{
  OrkTimelineHitKind kind;
  guint              lane;
  OrkJob            *job;     /* borrowed */
  OrkBar             bar;
} OrkTimelineHit;

/* Text for the tooltip and read-out of a hit (the application's words). */
typedef char *(*OrkTimelineDescribeFunc) (const OrkTimelineHit *hit,
                                          GTimeZone            *zone,
                                          gpointer              user_data);

#define ORK_TYPE_TIMELINE (ork_timeline_get_type ())

G_DECLARE_FINAL_TYPE (OrkTimeline, ork_timeline, ORK, TIMELINE, GtkWidget)

/* Properties: "time-range", "store", "lanes" (GListModel of OrkJob),
 * "session", "readout" (string, read-only: what the pointer is over),
 * "hadjustment", "vadjustment", "hscroll-policy", "vscroll-policy".
 * Signal "run-activated" (const char *job_id, guint64 run_id, guint attempt). */

GtkWidget    *ork_timeline_new             (OrkTimeRange *range,
                                            OrkRunStore  *store);
OrkTimeRange *ork_timeline_get_time_range  (OrkTimeline  *self);
OrkRunStore  *ork_timeline_get_store       (OrkTimeline  *self);
void          ork_timeline_set_lanes       (OrkTimeline  *self,
                                            GListModel   *lanes);
GListModel   *ork_timeline_get_lanes       (OrkTimeline  *self);
/* The engine whose clock, running attempts and schedules it shows, and the
 * workspace zone for the ruler. */
void          ork_timeline_set_session     (OrkTimeline  *self,
                                            OrkSession   *session);
void          ork_timeline_set_describe_func (OrkTimeline           *self,
                                              OrkTimelineDescribeFunc func,
                                              gpointer               user_data,
                                              GDestroyNotify         destroy);

/* Geometry, in widget coordinates. */
double        ork_timeline_get_plot_x      (OrkTimeline  *self);
double        ork_timeline_time_to_x       (OrkTimeline  *self,
                                            gint64        time);
gint64        ork_timeline_x_to_time       (OrkTimeline  *self,
                                            double        x);
/* The lane under @y, or -1 (the ruler, or below the last lane). */
int           ork_timeline_lane_at_y       (OrkTimeline  *self,
                                            double        y);
/* The middle of lane @lane (whether scrolled into view or not). */
double        ork_timeline_lane_y          (OrkTimeline  *self,
                                            guint         lane);
/* What is drawn at (@x, @y), within a few pixels. */
gboolean      ork_timeline_hit_test        (OrkTimeline    *self,
                                            double          x,
                                            double          y,
                                            OrkTimelineHit *hit);

/* The run shown as selected (an outline), or none with @job_id NULL. */
void          ork_timeline_select_run      (OrkTimeline  *self,
                                            const char   *job_id,
                                            guint64       run_id);
const char   *ork_timeline_get_readout     (OrkTimeline  *self);
/* The words for an attempt kept in the store (NULL when it is not there):
 * what the tooltip says of it. */
char         *ork_timeline_describe_attempt (OrkTimeline *self,
                                             const char  *job_id,
                                             guint64      run_id,
                                             guint        attempt);
/* Rectangles drawn by the last frame (for benchmarks and tests). */
guint         ork_timeline_get_n_drawn     (OrkTimeline  *self);

G_END_DECLS
