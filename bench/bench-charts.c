/* bench-charts.c — a percentile-over-time chart with a million points
 *
 * An OrkSeriesChart of 800 × 300 pixels with the three percentile lines
 * (p50, p95, p99) of a duration (log value axis), POINTS points in all
 * (default 1,000,000, a third per line; one bucket a second over 3.9 days),
 * drawn FRAMES times (default 200). A frame is the chart's snapshot (the
 * lines through at most a minimum and maximum per pixel column) plus its
 * render into an image, as with the cairo renderer. Two kinds of frame:
 *   steady   nothing changed but the hovered bucket (what moving the
 *            pointer costs);
 *   new data the series replaced before each frame (what a metrics update
 *            costs; the copy into the chart is counted apart).
 * Run by hand under Xvfb with the cairo renderer:
 *   GSK_RENDERER=cairo xvfb-run -a build/bench/bench-charts [POINTS [FRAMES]]
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "ork-metrics.h"
#include "ork-series-chart.h"

#define SEC (G_GINT64_CONSTANT (1000000))
/* 2026-11-26T00:00:00Z */
#define T0 (G_GINT64_CONSTANT (1795651200) * SEC)

static double
cpu_now (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_THREAD_CPUTIME_ID, &ts);
  return ts.tv_sec * 1e6 + ts.tv_nsec / 1e3;
}

static int
compare_double (const void *a,
                const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

static void
report (const char *what,
        GArray     *values)
{
  double *v = (double *) values->data;
  double sum = 0;

  qsort (v, values->len, sizeof (double), compare_double);
  for (guint i = 0; i < values->len; i++)
    sum += v[i];
  printf ("  %-26s mean %7.2f ms  p50 %7.2f  p95 %7.2f  p99 %7.2f  max %7.2f\n", what,
          sum / values->len / 1000, v[values->len / 2] / 1000, v[values->len * 95 / 100] / 1000,
          v[values->len * 99 / 100] / 1000, v[values->len - 1] / 1000);
}

static void
add_series (OrkSeriesChart *chart,
            GArray         *lines[3])
{
  static const char * const names[] = { "p50", "p95", "p99" };

  ork_series_chart_clear (chart);
  for (guint s = 0; s < 3; s++)
    ork_series_chart_add_series (chart, names[s], ORK_CHART_COLOR_SERIES_1 + s, ORK_SERIES_LINE,
                                 lines[s]);
}

/* One frame: snapshot and render; adds the wall and CPU times. */
static void
frame (GtkWidget       *chart,
       cairo_surface_t *surface,
       GArray          *wall,
       GArray          *cpu)
{
  GtkSnapshot *snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;
  double t0 = g_get_monotonic_time (), c0 = cpu_now ();
  cairo_t *cr;

  GTK_WIDGET_GET_CLASS (chart)->snapshot (chart, snapshot);
  node = gtk_snapshot_free_to_node (snapshot);
  cr = cairo_create (surface);
  cairo_set_operator (cr, CAIRO_OPERATOR_CLEAR);
  cairo_paint (cr);
  cairo_set_operator (cr, CAIRO_OPERATOR_OVER);
  if (node != NULL)
    gsk_render_node_draw (node, cr);
  cairo_destroy (cr);
  cairo_surface_flush (surface);
  g_array_append_val (wall, (double) { g_get_monotonic_time () - t0 });
  g_array_append_val (cpu, (double) { cpu_now () - c0 });
}

int
main (int   argc,
      char *argv[])
{
  guint n_points = argc > 1 ? (guint) atoi (argv[1]) : 1000000;
  guint n_frames = argc > 2 ? (guint) atoi (argv[2]) : 200;
  guint per_line = MAX (n_points / 3, 1);
  g_autoptr(GArray) steady = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) steady_cpu = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) fresh = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) fresh_cpu = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) copy = g_array_new (FALSE, FALSE, sizeof (double));
  GArray *lines[3];
  GtkWidget *chart, *window;
  cairo_surface_t *surface;
  GRand *rand;

  if (!gtk_init_check ())
    {
      fprintf (stderr, "bench-charts: no display (run it under xvfb-run -a)\n");
      return 1;
    }
  adw_init ();

  rand = g_rand_new_with_seed (1);
  for (guint s = 0; s < 3; s++)
    {
      lines[s] = g_array_sized_new (FALSE, FALSE, sizeof (OrkMetricsPoint), per_line);
      for (guint i = 0; i < per_line; i++)
        {
          /* Durations around 0.2 s, 1 s and 4 s with noise; a gap now and then. */
          double base = 200000.0 * pow (4.5, s);
          OrkMetricsPoint p = { T0 + (gint64) i * SEC,
                                i % 5000 == 4999 ? NAN : base * exp (g_rand_double_range (rand, -1, 1)) };
          g_array_append_val (lines[s], p);
        }
    }
  g_rand_free (rand);

  chart = ork_series_chart_new ("Duration percentiles", "Duration, per second",
                                ORK_AXIS_FORMAT_DURATION);
  ork_series_chart_set_span (ORK_SERIES_CHART (chart), T0, T0 + (gint64) per_line * SEC, SEC);
  add_series (ORK_SERIES_CHART (chart), lines);
  window = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (window), 800, 300);
  gtk_window_set_child (GTK_WINDOW (window), chart);
  gtk_window_present (GTK_WINDOW (window));
  while (gtk_widget_get_width (chart) == 0)
    g_main_context_iteration (NULL, TRUE);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, gtk_widget_get_width (chart),
                                        gtk_widget_get_height (chart));
  printf ("chart %d × %d, %u points (%u a line, 3 lines), %u frames\n",
          gtk_widget_get_width (chart), gtk_widget_get_height (chart), per_line * 3, per_line,
          n_frames);

  for (guint i = 0; i < n_frames; i++)
    {
      ork_series_chart_hover (ORK_SERIES_CHART (chart), 100 + i % 500, 150);
      frame (chart, surface, steady, steady_cpu);
    }
  for (guint i = 0; i < n_frames / 4; i++)
    {
      double t0 = g_get_monotonic_time ();

      add_series (ORK_SERIES_CHART (chart), lines);
      g_array_append_val (copy, (double) { g_get_monotonic_time () - t0 });
      frame (chart, surface, fresh, fresh_cpu);
    }
  report ("steady frame (wall)", steady);
  report ("steady frame (thread CPU)", steady_cpu);
  report ("new-data frame (wall)", fresh);
  report ("new-data frame (thread CPU)", fresh_cpu);
  report ("copying the series in", copy);

  for (guint s = 0; s < 3; s++)
    g_array_unref (lines[s]);
  cairo_surface_destroy (surface);
  gtk_window_destroy (GTK_WINDOW (window));
  return 0;
}
