/* ork-run-strip.h — a job's last attempts as a strip of small bars
 *
 * One bar per attempt (or skipped run), oldest on the left and the newest at
 * the right end: its height is the attempt's duration on a value axis from
 * zero, its colour the outcome (OrkChartPalette, as on the timeline). A bar
 * without a duration (a skip, an attempt that never started) is a short
 * mark of a fixed 3 px, so it shows and is not mistaken for a quick run.
 *
 * The caller gives each bar the words that describe it: hovering shows them
 * as the "readout" property (also the tooltip). A click on a bar, or Enter on
 * the bar chosen with the arrow keys, emits "bar-activated" with its index.
 * With no bars the strip says so (its "empty-text").
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "ork-chart-axis.h"

G_BEGIN_DECLS

typedef struct
{
  guint64      run_id;
  guint        attempt;      /* 0 for a skipped run */
  OrkRunState  state;        /* the outcome */
  gint64       duration;     /* µs, or < 0 when it did not run */
  const char  *text;         /* what the read-out says of it (copied) */
} OrkRunStripBar;

#define ORK_TYPE_RUN_STRIP (ork_run_strip_get_type ())

G_DECLARE_FINAL_TYPE (OrkRunStrip, ork_run_strip, ORK, RUN_STRIP, GtkWidget)

/* Properties: "title", "empty-text", "readout" (read-only).
 * Signal: "bar-activated" (guint index). */

GtkWidget            *ork_run_strip_new          (const char        *title);
void                  ork_run_strip_set_title    (OrkRunStrip       *self,
                                                  const char        *title);
void                  ork_run_strip_set_empty_text (OrkRunStrip     *self,
                                                    const char      *text);
/* Replaces the bars by @n_bars of @bars, oldest first. */
void                  ork_run_strip_set_bars     (OrkRunStrip       *self,
                                                  const OrkRunStripBar *bars,
                                                  guint              n_bars);
guint                 ork_run_strip_get_n_bars   (OrkRunStrip       *self);
const OrkRunStripBar *ork_run_strip_get_bar      (OrkRunStrip       *self,
                                                  guint              index);

/* Where bar @index is drawn in the widget's coordinates at its current size;
 * FALSE when there is no such bar. */
gboolean              ork_run_strip_get_bar_rect (OrkRunStrip       *self,
                                                  guint              index,
                                                  graphene_rect_t   *out);
/* The bar under (@x, @y), or -1. */
int                   ork_run_strip_bar_at       (OrkRunStrip       *self,
                                                  double             x,
                                                  double             y);
/* What the pointer at (@x, @y) shows; a negative @x clears it. */
void                  ork_run_strip_hover        (OrkRunStrip       *self,
                                                  double             x,
                                                  double             y);
const char           *ork_run_strip_get_readout  (OrkRunStrip       *self);
/* Emits "bar-activated" for @index (what a click on it does). */
void                  ork_run_strip_activate_bar (OrkRunStrip       *self,
                                                  guint              index);

G_END_DECLS
