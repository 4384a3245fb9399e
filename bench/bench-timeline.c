/* bench-timeline.c — a timeline frame with many attempts in view
 *
 * Fills a run store with ATTEMPTS attempts (default 100,000) spread over
 * LANES jobs (default 40) and one day, shows the whole day in a timeline of
 * WIDTH × HEIGHT pixels (default 1280 × 800, every lane on screen) and draws
 * FRAMES frames (default 200), panning a pixel between frames so that nothing
 * is reused. A frame is measured in two parts, as the cairo renderer does
 * them: the widget's snapshot (walking the attempts, gathering rectangles per
 * colour and pixel column, building the render node) and the render (the
 * node drawn into an image surface of the widget's size). Attempts last 2 s
 * to 10 min (log-uniform), one in ten fails and is retried, some wait in the
 * queue; the simulation clock is past the day, so no planned runs are drawn.
 * Run by hand under Xvfb with the cairo renderer:
 *   GSK_RENDERER=cairo xvfb-run -a build/bench/bench-timeline [ATTEMPTS [LANES [FRAMES]]]
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "ork-timeline.h"

#define SEC  (G_GINT64_CONSTANT (1000000))
#define DAY  (G_GINT64_CONSTANT (86400) * SEC)
/* 2026-11-26T00:00:00Z */
#define T0 (G_GINT64_CONSTANT (1795651200) * SEC)
#define WIDTH  1280
#define HEIGHT 800

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
  printf ("  %-22s mean %7.2f ms  p50 %7.2f  p95 %7.2f  p99 %7.2f  max %7.2f\n", what,
          sum / values->len / 1000, v[values->len / 2] / 1000, v[values->len * 95 / 100] / 1000,
          v[values->len * 99 / 100] / 1000, v[values->len - 1] / 1000);
}

int
main (int   argc,
      char *argv[])
{
  guint n_attempts = argc > 1 ? (guint) atoi (argv[1]) : 100000;
  guint n_lanes = argc > 2 ? (guint) atoi (argv[2]) : 40;
  guint n_frames = argc > 3 ? (guint) atoi (argv[3]) : 200;
  g_autoptr(GString) json = g_string_new ("{\"version\":1,\"settings\":{\"timezone\":\"UTC\"},\"jobs\":[");
  g_autoptr(OrkWorkspace) workspace = NULL;
  g_autoptr(OrkSession) session = NULL;
  g_autoptr(OrkTimeRange) range = NULL;
  g_autoptr(OrkRunStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) snap = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) draw = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) frame = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) frame_cpu = g_array_new (FALSE, FALSE, sizeof (double));
  GtkWidget *timeline, *window;
  GRand *rand;
  cairo_surface_t *surface;
  guint drawn = 0;

  if (!gtk_init_check ())
    {
      fprintf (stderr, "bench-timeline: no display (run it under xvfb-run -a)\n");
      return 1;
    }
  adw_init ();

  for (guint i = 0; i < n_lanes; i++)
    g_string_append_printf (json, "%s{\"id\":\"job-%u\",\"type\":\"sync\","
                            "\"schedule\":{\"kind\":\"interval\",\"every\":\"1h\"}}",
                            i > 0 ? "," : "", i);
  g_string_append (json, "]}");
  workspace = ork_workspace_load_from_data (json->str, -1, "bench.json", NULL, &error);
  g_assert_no_error (error);
  session = ork_session_new (workspace, NULL);
  /* Past the day: nothing planned in view. */
  ork_session_start_simulation (session, T0 + 2 * DAY, 1, NULL);

  range = ork_time_range_new ();
  store = ork_run_store_new ();
  rand = g_rand_new_with_seed (1);
  {
    double start_fill = g_get_monotonic_time ();
    gint64 step = DAY / MAX (n_attempts / n_lanes, 1);

    for (guint i = 0; i < n_attempts; i++)
      {
        g_autoptr(OrkRecord) r = ork_record_new ();
        guint lane = i % n_lanes;
        gint64 t = T0 + (gint64) (i / n_lanes) * step + g_rand_int_range (rand, 0, (gint32) MIN (step, G_MAXINT32));
        gint64 length = (gint64) (2 * SEC * exp (g_rand_double (rand) * log (300.0)));
        gint64 wait = g_rand_int_range (rand, 0, 4) == 0 ? g_rand_int_range (rand, 0, 30) * SEC : 0;

        r->job_id = g_strdup_printf ("job-%u", lane);
        r->run_id = i / n_lanes + 1;
        r->attempt = 1;
        r->status = g_rand_int_range (rand, 0, 10) == 0 ? ORK_RUN_FAILED : ORK_RUN_SUCCEEDED;
        r->nominal_at = t;
        r->queued_at = t;
        r->started_at = t + wait;
        r->finished_at = t + wait + length;
        r->decided_at = r->finished_at;
        r->next_retry_in = -1;
        ork_run_store_add_record (store, r);
      }
    printf ("store: %u attempts in %u lanes filled in %.0f ms, %.1f MiB\n", n_attempts, n_lanes,
            (g_get_monotonic_time () - start_fill) / 1000,
            ork_run_store_get_memory_size (store) / 1048576.0);
  }
  g_rand_free (rand);

  timeline = ork_timeline_new (range, store);
  ork_timeline_set_session (ORK_TIMELINE (timeline), session);
  ork_timeline_set_lanes (ORK_TIMELINE (timeline), ork_workspace_get_jobs (workspace));
  ork_time_range_set_whole (range, T0 - DAY, T0 + 2 * DAY);
  ork_time_range_set_visible (range, T0, T0 + DAY);

  window = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (window), WIDTH, HEIGHT);
  gtk_window_set_child (GTK_WINDOW (window), timeline);
  gtk_window_present (GTK_WINDOW (window));
  while (gtk_widget_get_width (timeline) == 0)
    g_main_context_iteration (NULL, TRUE);
  while (g_main_context_iteration (NULL, FALSE))
    ;

  surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, gtk_widget_get_width (timeline),
                                        gtk_widget_get_height (timeline));
  printf ("timeline %d × %d, plot %.0f px wide; %u frames\n", gtk_widget_get_width (timeline),
          gtk_widget_get_height (timeline),
          gtk_widget_get_width (timeline) - ork_timeline_get_plot_x (ORK_TIMELINE (timeline)), n_frames);

  for (guint i = 0; i < n_frames; i++)
    {
      GtkSnapshot *snapshot = gtk_snapshot_new ();
      g_autoptr(GskRenderNode) node = NULL;
      double t0, t1, t2, c0, c2;
      cairo_t *cr;

      /* A pixel's pan: nothing of the last frame is reused. */
      ork_time_range_pan (range, i % 2 == 0 ? DAY / 1100 : -DAY / 1100);
      c0 = cpu_now ();
      t0 = g_get_monotonic_time ();
      GTK_WIDGET_GET_CLASS (timeline)->snapshot (timeline, snapshot);
      node = gtk_snapshot_free_to_node (snapshot);
      t1 = g_get_monotonic_time ();
      cr = cairo_create (surface);
      cairo_set_operator (cr, CAIRO_OPERATOR_CLEAR);
      cairo_paint (cr);
      cairo_set_operator (cr, CAIRO_OPERATOR_OVER);
      gsk_render_node_draw (node, cr);
      cairo_destroy (cr);
      cairo_surface_flush (surface);
      t2 = g_get_monotonic_time ();
      c2 = cpu_now ();

      g_array_append_val (snap, (double) { t1 - t0 });
      g_array_append_val (draw, (double) { t2 - t1 });
      g_array_append_val (frame, (double) { t2 - t0 });
      g_array_append_val (frame_cpu, (double) { c2 - c0 });
      drawn = ork_timeline_get_n_drawn (ORK_TIMELINE (timeline));
    }
  printf ("rectangles drawn per frame: %u\n", drawn);
  report ("snapshot (wall)", snap);
  report ("render (wall)", draw);
  report ("frame (wall)", frame);
  report ("frame (thread CPU)", frame_cpu);

  cairo_surface_destroy (surface);
  gtk_window_destroy (GTK_WINDOW (window));
  return 0;
}
