/* ork-histogram-chart.h — a latency histogram on a log axis, with percentiles
 *
 * Draws an OrkHistogram (values in µs) as bars over log-spaced bins across
 * a log duration axis, the count of each bin up, and vertical markers at
 * p50, p95 and p99 in the series colours (named with their values in the
 * legend). Hovering names the bin under the pointer and its count as the
 * "readout" property (also the tooltip).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "ork-chart-axis.h"
#include "ork-histogram.h"

G_BEGIN_DECLS

/* The percentiles marked: p50, p95, p99. */
#define ORK_HISTOGRAM_CHART_N_MARKERS 3

#define ORK_TYPE_HISTOGRAM_CHART (ork_histogram_chart_get_type ())

G_DECLARE_FINAL_TYPE (OrkHistogramChart, ork_histogram_chart, ORK, HISTOGRAM_CHART, GtkWidget)

/* Properties: "title", "unit" (the count axis' label), "readout" (read-only). */

GtkWidget  *ork_histogram_chart_new           (const char         *title,
                                               const char         *unit);
void        ork_histogram_chart_set_title     (OrkHistogramChart  *self,
                                               const char         *title);
const char *ork_histogram_chart_get_title     (OrkHistogramChart  *self);
void        ork_histogram_chart_set_unit      (OrkHistogramChart  *self,
                                               const char         *unit);
/* Copies @histogram (NULL: none). */
void        ork_histogram_chart_set_histogram (OrkHistogramChart  *self,
                                               const OrkHistogram *histogram);
guint64     ork_histogram_chart_get_count     (OrkHistogramChart  *self);
/* The value (µs) of marker @index (0: p50, 1: p95, 2: p99); 0 when empty. */
double      ork_histogram_chart_get_marker    (OrkHistogramChart  *self,
                                               guint               index);
/* Where a value (µs) and the markers are drawn, as laid out for the
 * widget's size (NAN before it has one). */
double      ork_histogram_chart_value_to_x    (OrkHistogramChart  *self,
                                               double              value);
double      ork_histogram_chart_get_marker_x  (OrkHistogramChart  *self,
                                               guint               index);
/* What the pointer at (@x, @y) shows; a negative @x clears it. */
void        ork_histogram_chart_hover         (OrkHistogramChart  *self,
                                               double              x,
                                               double              y);
const char *ork_histogram_chart_get_readout   (OrkHistogramChart  *self);
/* The numbers: one tab-separated row per non-empty bin (from, to, count). */
GPtrArray  *ork_histogram_chart_dup_table     (OrkHistogramChart  *self,
                                               GStrv              *headers);

G_END_DECLS
