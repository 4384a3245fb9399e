/* bench-window-live.c — the window's frame rate with the engine running fast
 *
 * The real OrkWindow over JOBS jobs (default 1,000: sync, cleanup, batch and
 * metrics in turn, every 5 to 60 minutes, one in ten failing 30 % of its
 * attempts, 64 workers) in a simulation running at SPEED× (default 1,000:
 * the accelerated mode, a simulated day in 86 s), showing PAGE (default
 * timeline; jobs, metrics or log) for SECONDS (default 20) after a 2 s
 * warm-up. A tick callback keeps the frame clock running, as an animation
 * would. The frame interval is the time between the starts of consecutive
 * frames ("before-paint"): at 60 frames a second 16.7 ms; a frame that took
 * too long, or the main loop busy between frames, makes the next start late.
 * Also reported: the time between the ends of consecutive paints (which
 * also moves with how long each paint took) and the paint time itself.
 * Run by hand (Xvfb, cairo renderer):
 *   GSK_RENDERER=cairo xvfb-run -a build/bench/bench-window-live [JOBS [SPEED [SECONDS [PAGE]]]]
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "ork-session.h"
#include "ork-window.h"

/* 2026-11-26T00:00:00Z */
#define START_US (G_GINT64_CONSTANT (1795651200) * G_USEC_PER_SEC)
#define WARM_UP_US (2 * G_USEC_PER_SEC)

typedef struct
{
  GArray  *starts;        /* ms between the starts of consecutive frames */
  GArray  *intervals;     /* ms between consecutive paints' ends */
  GArray  *paints;        /* ms from before-paint to after-paint */
  gint64   last;
  gint64   last_start;
  gint64   before;
  gint64   measure_from;
  guint    frames;
} Frames;

static void
on_before_paint (GdkFrameClock *clock,
                 Frames        *f)
{
  f->before = g_get_monotonic_time ();
  if (f->before >= f->measure_from && f->last_start != 0)
    g_array_append_val (f->starts, (double) { (f->before - f->last_start) / 1000.0 });
  f->last_start = f->before;
}

static void
on_after_paint (GdkFrameClock *clock,
                Frames        *f)
{
  gint64 now = g_get_monotonic_time ();

  if (now >= f->measure_from && f->last != 0)
    {
      g_array_append_val (f->intervals, (double) { (now - f->last) / 1000.0 });
      g_array_append_val (f->paints, (double) { (now - f->before) / 1000.0 });
      f->frames++;
    }
  f->last = now;
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

  if (values->len == 0)
    return;
  qsort (v, values->len, sizeof (double), compare_double);
  for (guint i = 0; i < values->len; i++)
    sum += v[i];
  printf ("  %-24s mean %6.2f ms  p50 %6.2f  p95 %6.2f  p99 %6.2f  max %6.2f\n", what,
          sum / values->len, v[values->len / 2], v[values->len * 95 / 100],
          v[values->len * 99 / 100], v[values->len - 1]);
}

/* Keeps the frame clock running, as an animation would, so every page is
 * asked for 60 frames a second: a longer interval is the main loop busy. */
static gboolean
on_tick (GtkWidget     *widget,
         GdkFrameClock *clock,
         gpointer       user_data)
{
  return G_SOURCE_CONTINUE;
}

static gboolean
on_timeout_quit (gpointer user_data)
{
  g_main_loop_quit (user_data);
  return G_SOURCE_REMOVE;
}

int
main (int   argc,
      char *argv[])
{
  guint n_jobs = argc > 1 ? (guint) atoi (argv[1]) : 1000;
  double speed = argc > 2 ? atof (argv[2]) : 1000;
  guint seconds = argc > 3 ? (guint) atoi (argv[3]) : 20;
  const char *page = argc > 4 ? argv[4] : "timeline";
  static const char * const types[] = { "sync", "cleanup", "batch", "metrics" };
  g_autoptr(GString) json = g_string_new ("{\"version\":1,\"settings\":{\"workers\":64,"
                                          "\"timezone\":\"UTC\"},\"jobs\":[");
  g_autoptr(OrkWorkspace) workspace = NULL;
  g_autoptr(OrkSession) session = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  Frames f = { g_array_new (FALSE, FALSE, sizeof (double)),
               g_array_new (FALSE, FALSE, sizeof (double)),
               g_array_new (FALSE, FALSE, sizeof (double)), 0, 0, 0, 0, 0 };
  OrkWindow *window;
  GdkFrameClock *clock;
  gint64 sim_start;

  if (!gtk_init_check ())
    {
      fprintf (stderr, "bench-window-live: no display (run it under xvfb-run -a)\n");
      return 1;
    }
  adw_init ();

  for (guint i = 0; i < n_jobs; i++)
    {
      guint every = 5 + (i * 7) % 56;

      /* Anchors spread over the interval, so fires are spread in time. */
      g_string_append_printf (json, "%s{\"id\":\"job-%u\",\"type\":\"%s\","
                              "\"schedule\":{\"kind\":\"interval\",\"every\":\"%um\","
                              "\"anchor\":\"2026-11-25T00:%02u:%02u+00:00\"},"
                              "\"retry\":{\"max_retries\":2,\"initial\":\"30s\"},"
                              "\"simulation\":{\"latency\":{\"median\":\"%us\",\"p99\":\"%us\"},"
                              "\"failure_rate\":%s}}",
                              i > 0 ? "," : "", i, types[i % 4], every, (i * 7) % 60, (i * 13) % 60,
                              1 + i % 40, 4 * (1 + i % 40), i % 10 == 0 ? "0.3" : "0.01");
    }
  g_string_append (json, "]}");
  workspace = ork_workspace_load_from_data (json->str, -1, "bench.json", NULL, &error);
  if (workspace == NULL)
    {
      fprintf (stderr, "bench-window-live: %s\n", error->message);
      return 1;
    }
  session = ork_session_new (workspace, NULL);
  ork_session_start_simulation (session, START_US, 1, NULL);

  window = ork_window_new (NULL);
  gtk_window_set_default_size (GTK_WINDOW (window), 1280, 800);
  ork_window_set_session (window, session);
  ork_window_show_page (window, page);
  gtk_window_present (GTK_WINDOW (window));
  while ((clock = gtk_widget_get_frame_clock (GTK_WIDGET (window))) == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_signal_connect (clock, "before-paint", G_CALLBACK (on_before_paint), &f);
  g_signal_connect (clock, "after-paint", G_CALLBACK (on_after_paint), &f);
  gtk_widget_add_tick_callback (GTK_WIDGET (window), on_tick, NULL, NULL);

  ork_session_set_speed (session, speed);
  ork_session_set_running (session, TRUE);
  sim_start = ork_clock_now (ork_session_get_clock (session));
  f.measure_from = g_get_monotonic_time () + WARM_UP_US;
  g_timeout_add ((seconds * 1000) + WARM_UP_US / 1000, on_timeout_quit, loop);
  g_main_loop_run (loop);

  printf ("%u jobs at %.0f×, page %s, %u s measured: %u frames (%.1f a second), "
          "engine %.1f simulated hours, %" G_GUINT64_FORMAT " transitions\n",
          n_jobs, speed, page, seconds, f.frames, f.frames / (double) seconds,
          (ork_clock_now (ork_session_get_clock (session)) - sim_start) / 3600e6,
          ork_scheduler_get_n_transitions (ork_session_get_scheduler (session)));
  report ("frame interval (starts)", f.starts);
  report ("between paints' ends", f.intervals);
  report ("frame (layout + paint)", f.paints);

  ork_session_set_running (session, FALSE);
  gtk_window_destroy (GTK_WINDOW (window));
  g_array_unref (f.starts);
  g_array_unref (f.intervals);
  g_array_unref (f.paints);
  return 0;
}
