/* ork-bar-chart.h — a value per category, as bars
 *
 * Categories across (short labels under the bars, a long name each for the
 * read-out), values up from zero on a nice linear axis. Hovering names the
 * category under the pointer, its value and its share of the total as the
 * "readout" property (also the tooltip).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "ork-chart-axis.h"

G_BEGIN_DECLS

#define ORK_TYPE_BAR_CHART (ork_bar_chart_get_type ())

G_DECLARE_FINAL_TYPE (OrkBarChart, ork_bar_chart, ORK, BAR_CHART, GtkWidget)

/* Properties: "title", "unit" (the value axis' label), "category-label"
 * (the axis across), "readout" (read-only). */

GtkWidget  *ork_bar_chart_new        (const char         *title,
                                      const char         *category_label,
                                      const char         *unit);
void        ork_bar_chart_set_title  (OrkBarChart        *self,
                                      const char         *title);
const char *ork_bar_chart_get_title  (OrkBarChart        *self);
void        ork_bar_chart_set_color  (OrkBarChart        *self,
                                      OrkChartColor       color);
/* @n categories: @labels under the bars, @names (may be NULL: the labels)
 * in the read-out and the table, @values (≥ 0). */
void        ork_bar_chart_set_bars   (OrkBarChart        *self,
                                      guint               n,
                                      const char * const *labels,
                                      const char * const *names,
                                      const double       *values);
guint       ork_bar_chart_get_n_bars (OrkBarChart        *self);
double      ork_bar_chart_get_value  (OrkBarChart        *self,
                                      guint               index);
/* The middle of bar @index across, as laid out for the widget's size. */
double      ork_bar_chart_get_bar_x  (OrkBarChart        *self,
                                      guint               index);
/* What the pointer at (@x, @y) shows; a negative @x clears it. */
void        ork_bar_chart_hover      (OrkBarChart        *self,
                                      double              x,
                                      double              y);
const char *ork_bar_chart_get_readout (OrkBarChart       *self);
/* The numbers: one tab-separated row per category (name, value, share). */
GPtrArray  *ork_bar_chart_dup_table  (OrkBarChart        *self,
                                      GStrv              *headers);

G_END_DECLS
