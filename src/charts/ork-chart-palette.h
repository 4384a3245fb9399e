/* ork-chart-palette.h — the colours charts draw with, from the current style
 *
 * Every chart takes its colours from the widget's style (libadwaita's named
 * colours), so light, dark and high-contrast modes all work and an outcome
 * has the same colour in every chart, legend and list of the app:
 *   succeeded  @success_color
 *   failed     @error_color      (interrupted too)
 *   timed out  @warning_color
 *   cancelled, skipped  the foreground at low opacity
 *   running, queued     @accent_color (queued lighter)
 * Look the palette up in a snapshot () (it is cheap) so a style change
 * shows at the next frame.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "ork-types.h"

G_BEGIN_DECLS

typedef struct
{
  GdkRGBA foreground;   /* text and axes */
  GdkRGBA grid;         /* grid lines: the foreground, faint */
  GdkRGBA accent;
  GdkRGBA success;
  GdkRGBA failure;
  GdkRGBA warning;
  GdkRGBA muted;        /* cancelled, skipped, planned */
  GdkRGBA selection;    /* a selected span: the accent, faint */
  gboolean dark;        /* the background is dark */
} OrkChartPalette;

void           ork_chart_palette_lookup (GtkWidget       *widget,
                                         OrkChartPalette *out);
/* The colour of a run's final state (or of RUNNING / QUEUED). */
const GdkRGBA *ork_chart_palette_state  (const OrkChartPalette *palette,
                                         OrkRunState            state);

/* Series colours for charts with several lines (p50, p95, p99 ...), in
 * order; @index wraps around. */
void           ork_chart_palette_series (const OrkChartPalette *palette,
                                         guint                  index,
                                         GdkRGBA               *out);

G_END_DECLS
