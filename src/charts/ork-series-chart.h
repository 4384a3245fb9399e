/* ork-series-chart.h — named time series over a span of time
 *
 * Draws one or more series of OrkMetricsPoint (a bucket's start and its
 * value) as lines (a point at the middle of its bucket, a gap at NAN) or as
 * bars from zero, with time across over a span and a value axis up. More
 * buckets than pixel columns are drawn as each column's minimum and maximum
 * (lines) or maximum (bars), one path per series.
 *
 * Hovering shows the bucket under the pointer and each series' value in it
 * as the "readout" property (also the tooltip); the accessible description
 * sums the series up; ork_series_chart_dup_table () lists the numbers.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "ork-chart-axis.h"

G_BEGIN_DECLS

typedef enum
{
  ORK_SERIES_LINE,
  ORK_SERIES_BARS,
} OrkSeriesStyle;

#define ORK_TYPE_SERIES_CHART (ork_series_chart_get_type ())

G_DECLARE_FINAL_TYPE (OrkSeriesChart, ork_series_chart, ORK, SERIES_CHART, GtkWidget)

/* Properties: "title", "unit" (the value axis' label, with its unit),
 * "format" (OrkAxisFormat as int), "readout" (read-only). */

GtkWidget  *ork_series_chart_new            (const char      *title,
                                             const char      *unit,
                                             OrkAxisFormat    format);
void        ork_series_chart_set_title      (OrkSeriesChart  *self,
                                             const char      *title);
const char *ork_series_chart_get_title      (OrkSeriesChart  *self);
void        ork_series_chart_set_unit       (OrkSeriesChart  *self,
                                             const char      *unit);
void        ork_series_chart_set_format     (OrkSeriesChart  *self,
                                             OrkAxisFormat    format);
/* The span across, [@start, @end) µs UTC, its buckets' width (µs) and the
 * zone its ruler is read in. */
void        ork_series_chart_set_span       (OrkSeriesChart  *self,
                                             gint64           start,
                                             gint64           end,
                                             gint64           bucket_width);
void        ork_series_chart_set_time_zone  (OrkSeriesChart  *self,
                                             GTimeZone       *zone);

/* Series are drawn in the order added. @points (OrkMetricsPoint, copied) may
 * be NULL for none. */
void        ork_series_chart_clear          (OrkSeriesChart  *self);
void        ork_series_chart_add_series     (OrkSeriesChart  *self,
                                             const char      *name,
                                             OrkChartColor    color,
                                             OrkSeriesStyle   style,
                                             GArray          *points);
guint       ork_series_chart_get_n_series   (OrkSeriesChart  *self);

/* Where a time and a value are drawn in the widget's coordinates, as of the
 * last snapshot (NAN before one). */
double      ork_series_chart_time_to_x      (OrkSeriesChart  *self,
                                             gint64           time);
double      ork_series_chart_value_to_y     (OrkSeriesChart  *self,
                                             double           value);
/* What the pointer at (@x, @y) shows (the motion controller calls it);
 * a negative @x clears it. */
void        ork_series_chart_hover          (OrkSeriesChart  *self,
                                             double           x,
                                             double           y);
const char *ork_series_chart_get_readout    (OrkSeriesChart  *self);

/* The numbers: a header per column (time, then each series) and one
 * tab-separated row per bucket. */
GPtrArray  *ork_series_chart_dup_table      (OrkSeriesChart  *self,
                                             GStrv           *headers);

G_END_DECLS
