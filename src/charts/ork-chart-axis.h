/* ork-chart-axis.h — value axes of the metrics charts, and what the charts share
 *
 * Ticks of a value axis:
 *   linear     "nice" steps (1, 2 or 5 × 10^n) from a rounded lower bound to
 *              a rounded upper bound, labelled as a number, a percentage
 *              (values 0..1) or a duration (values in µs);
 *   logarithmic  for durations in µs: round durations (1, 2, 5 × 10^n µs up
 *              to a second, then 10 s, 30 s, 1 min, 10 min, 1 h, 6 h, 1 d …),
 *              as many labelled as fit, the rest as minor ticks.
 * An OrkAxisScale maps a value to a fraction of the axis (0 at the low end).
 *
 * The rest is the chrome every chart draws the same way: the title, a legend,
 * tick labels, the colour of a series by its role, and a table of the
 * numbers behind a chart (its accessible equivalent).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "ork-chart-palette.h"

G_BEGIN_DECLS

typedef enum
{
  ORK_AXIS_FORMAT_NUMBER,
  ORK_AXIS_FORMAT_PERCENT,   /* 0..1 shown as 0 % .. 100 % */
  ORK_AXIS_FORMAT_DURATION,  /* µs */
} OrkAxisFormat;

typedef struct
{
  double   value;
  gboolean major;   /* labelled */
  char    *label;   /* NULL for a minor tick */
} OrkAxisTick;

typedef struct
{
  double   lo;
  double   hi;
  gboolean log;
} OrkAxisScale;

/* The nice step (1, 2 or 5 × 10^n) that cuts @span into at most @max_ticks
 * intervals (at least 1). 1 for a span that is not positive. */
double   ork_chart_axis_nice_step   (double         span,
                                     guint          max_ticks);
/* Labelled ticks at multiples of the nice step from floor (@min) to
 * ceil (@max) in steps; @out_lo and @out_hi (may be NULL) get the rounded
 * bounds. An empty or inverted range is widened to one step. Free with
 * g_array_unref (). */
GArray  *ork_chart_axis_linear_ticks (double        min,
                                      double        max,
                                      guint         max_ticks,
                                      OrkAxisFormat format,
                                      double       *out_lo,
                                      double       *out_hi);
/* Ticks of a log axis over durations [@min, @max] µs (both clamped to at
 * least 1 µs): the axis is widened to round durations at both ends (given
 * in @out_lo, @out_hi), at most @max_labels ticks are labelled. */
GArray  *ork_chart_axis_log_ticks   (double         min,
                                     double         max,
                                     guint          max_labels,
                                     double        *out_lo,
                                     double        *out_hi);
/* A value as an axis or a read-out shows it. */
char    *ork_chart_axis_format      (double         value,
                                     OrkAxisFormat  format);
/* A duration in µs: whole minutes, hours and days without a zero remainder
 * ("1 min", "6 h"), otherwise as ork_format_duration_short (). */
char    *ork_chart_format_duration  (double         usec);

/* 0 at @scale's low end, 1 at its high end (not clamped). */
double   ork_axis_scale_fraction    (const OrkAxisScale *scale,
                                     double              value);
double   ork_axis_scale_value       (const OrkAxisScale *scale,
                                     double              fraction);

/* Colours of chart marks by role. */
typedef enum
{
  ORK_CHART_COLOR_SERIES_1,
  ORK_CHART_COLOR_SERIES_2,
  ORK_CHART_COLOR_SERIES_3,
  ORK_CHART_COLOR_SERIES_4,
  ORK_CHART_COLOR_ACCENT,
  ORK_CHART_COLOR_SUCCESS,
  ORK_CHART_COLOR_FAILURE,
  ORK_CHART_COLOR_WARNING,
  ORK_CHART_COLOR_MUTED,
} OrkChartColor;

void     ork_chart_color_resolve    (const OrkChartPalette *palette,
                                     OrkChartColor          color,
                                     GdkRGBA               *out);

typedef struct
{
  const char   *label;
  OrkChartColor color;
  gboolean      line;   /* a line sample rather than a box */
} OrkChartLegendItem;

/* Space around the plot area of a chart widget. */
#define ORK_CHART_PADDING 12.0

/* @text laid out in @widget's font (@small: the caption size; @bold; digits
 * of equal width), ellipsized at @width pixels (-1: not). Layouts are kept
 * per widget between frames (a frame shows the same texts as the last), and
 * dropped when its fonts change. Free with g_object_unref (). */
PangoLayout *ork_chart_layout       (GtkWidget     *widget,
                                     const char    *text,
                                     gboolean       small,
                                     gboolean       bold,
                                     int            width);
/* Draws @text with @widget's font (@small: the caption size) so that
 * (@x, @y) is at (@xalign, @yalign) of its extents. Returns its width. */
double   ork_chart_draw_text        (GtkWidget     *widget,
                                     cairo_t       *cr,
                                     const char    *text,
                                     gboolean       small,
                                     double         x,
                                     double         y,
                                     double         xalign,
                                     double         yalign,
                                     const GdkRGBA *color);
/* The size of @text as ork_chart_draw_text () draws it. */
void     ork_chart_text_size        (GtkWidget     *widget,
                                     const char    *text,
                                     gboolean       small,
                                     double        *width,
                                     double        *height);
/* Draws the title (bold) at the top left, leaving @reserve_end pixels free
 * at the end of its line and of the legend's first line (for buttons over
 * the chart), and the legend flowed in lines below it. Returns the y below both. With @cr NULL it
 * only measures. */
double   ork_chart_draw_header      (GtkWidget                *widget,
                                     cairo_t                  *cr,
                                     const OrkChartPalette    *palette,
                                     double                    width,
                                     double                    reserve_end,
                                     const char               *title,
                                     const OrkChartLegendItem *items,
                                     guint                     n_items);
/* Draws horizontal grid lines and labels of @ticks (OrkAxisTick) left of
 * @plot, mapped through @scale, and @unit above the labels. */
void     ork_chart_draw_value_axis  (GtkWidget             *widget,
                                     cairo_t               *cr,
                                     const OrkChartPalette *palette,
                                     const graphene_rect_t *plot,
                                     GArray                *ticks,
                                     const OrkAxisScale    *scale,
                                     const char            *unit);
/* The width the labels of @ticks take. */
double   ork_chart_value_axis_width (GtkWidget             *widget,
                                     GArray                *ticks);

/* A table of the numbers behind a chart: a GtkColumnView in a scrolled
 * window. Rows are strings whose cells are separated by tabs. */
GtkWidget *ork_chart_table_new      (void);
void     ork_chart_table_set        (GtkWidget           *table,
                                     const char * const  *headers,
                                     GPtrArray           *rows);
/* The rows shown (for tests): a GListModel of GtkStringObject. */
GListModel *ork_chart_table_get_rows (GtkWidget          *table);

G_END_DECLS
