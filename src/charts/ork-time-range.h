/* ork-time-range.h — the spans every chart shows, shared so they move together
 *
 * An OrkTimeRange holds three spans of engine time, in µs UTC, [start, end):
 *   whole      what there is to show: the first run to now plus what is
 *              planned ahead (the owner updates it as time goes on);
 *   visible    what the charts show now (zoom and pan change it);
 *   selection  a span the user picked on a ruler, or none.
 * Charts bind to it: the timeline's ruler selects, its scroll zooms and pans,
 * and the Metrics page reads the selection (or, without one, the visible
 * span) for its range queries.
 *
 * "Fitted": at first, and after fit () (Home), the visible span is the whole
 * span and grows with it. "Following": when a pan or zoom leaves the visible
 * end at or after the whole end, the visible span keeps its width and slides
 * with the whole end as time goes on, so a live chart keeps up with now.
 * Panning back into the past stops following.
 *
 * The visible width stays within [ORK_TIME_RANGE_MIN_WIDTH,
 * ORK_TIME_RANGE_MAX_WIDTH], and its middle within the whole span.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define ORK_TIME_RANGE_MIN_WIDTH (G_GINT64_CONSTANT (1000))                       /* 1 ms */
#define ORK_TIME_RANGE_MAX_WIDTH (G_GINT64_CONSTANT (400) * 24 * 3600 * 1000000)  /* 400 days */

#define ORK_TYPE_TIME_RANGE (ork_time_range_get_type ())

G_DECLARE_FINAL_TYPE (OrkTimeRange, ork_time_range, ORK, TIME_RANGE, GObject)

/* Properties (read-only; change them through the functions below):
 * "whole-start", "whole-end", "visible-start", "visible-end",
 * "selection-start", "selection-end" (gint64; the selection's are
 * G_MININT64 when there is none), "has-selection", "following" (bool).
 * Signal "changed" (): once after any of them changed, so a chart redraws
 * once per change rather than once per property. */

OrkTimeRange *ork_time_range_new            (void);

/* @end > @start. Keeps the visible span when it is still inside (or slides
 * it when following); the first call shows all of it. */
void          ork_time_range_set_whole      (OrkTimeRange *self,
                                             gint64        start,
                                             gint64        end);
gint64        ork_time_range_get_whole_start (OrkTimeRange *self);
gint64        ork_time_range_get_whole_end  (OrkTimeRange *self);

/* Shows [@start, @end), clamped as said above. */
void          ork_time_range_set_visible    (OrkTimeRange *self,
                                             gint64        start,
                                             gint64        end);
gint64        ork_time_range_get_visible_start (OrkTimeRange *self);
gint64        ork_time_range_get_visible_end (OrkTimeRange *self);
gint64        ork_time_range_get_visible_width (OrkTimeRange *self);

/* Divides the visible width by @factor (> 1 zooms in) keeping @anchor
 * (a time, usually the one under the pointer) at the same place. */
void          ork_time_range_zoom           (OrkTimeRange *self,
                                             double        factor,
                                             gint64        anchor);
/* Zooms about the middle of the visible span. */
void          ork_time_range_zoom_center    (OrkTimeRange *self,
                                             double        factor);
/* Moves the visible span by @delta µs (positive: later). */
void          ork_time_range_pan            (OrkTimeRange *self,
                                             gint64        delta);
/* Shows the whole span and follows it. */
void          ork_time_range_fit            (OrkTimeRange *self);
gboolean      ork_time_range_get_following  (OrkTimeRange *self);

/* Selects [min (a, b), max (a, b)); an empty span clears the selection. */
void          ork_time_range_select         (OrkTimeRange *self,
                                             gint64        a,
                                             gint64        b);
void          ork_time_range_clear_selection (OrkTimeRange *self);
gboolean      ork_time_range_get_selection  (OrkTimeRange *self,
                                             gint64       *start,
                                             gint64       *end);
/* Shows the selection (FALSE when there is none). */
gboolean      ork_time_range_zoom_to_selection (OrkTimeRange *self);

/* What range queries should use: the selection, else the visible span. */
void          ork_time_range_get_focus      (OrkTimeRange *self,
                                             gint64       *start,
                                             gint64       *end);

/* Mapping between time and a horizontal coordinate over @width pixels of
 * the visible span. */
double        ork_time_range_time_to_x      (OrkTimeRange *self,
                                             gint64        time,
                                             double        width);
gint64        ork_time_range_x_to_time      (OrkTimeRange *self,
                                             double        x,
                                             double        width);

G_END_DECLS
