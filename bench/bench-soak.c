/* bench-soak.c — a long live-like run: does memory stay flat?
 *
 * 1,000 enabled jobs (intervals from 1 s to 10 min, spread evenly; 20 %
 * injected failures; default retries) run on a virtual clock in accelerated
 * mode at 10,000× on a real GMainLoop, with the history (SQLite in a
 * temporary directory) and an event log attached, for SECONDS of wall time
 * (default 600). Prints the resident set size (/proc/self/statm) at the
 * start, every 10 % of the run and at the end, the events processed (timers
 * fired, entries logged, runs in the history), and whether RSS grew more than
 * 10 % after the first 20 % of the run (the warm-up: SQLite's page cache, the
 * event log filling up to its capacity).
 *
 *   build/bench/bench-soak [SECONDS]
 *   build/bench/bench-soak --seconds 5 --max-growth 50
 *
 * With --max-growth PCT it exits 1 when RSS after the warm-up grew by more
 * than PCT percent. The virtual hours reached tell whether the engine kept
 * up with 10,000×.
 *
 *   build/bench/bench-soak --fired N --max-heap-growth BYTES
 *
 * is the short CI variant (`meson test soak-short`), measured by work, not
 * wall time, so a loaded machine cannot make it flake: the run stops after
 * N timers fired, and the heap in use (mallinfo2: what malloc handed out
 * and did not get back, where RSS also counts freed pages and
 * fragmentation) at N/2 is compared with the heap at N, after the same
 * amount of further work. The history's writer queue is emptied before
 * each sample. The warm-up is made short so that the first half covers it:
 * a 10,000-entry event log, SQLite's memory capped at 4 MiB and metrics
 * that keep one virtual hour (60 one-minute buckets a job, in place of the
 * session's 24 hours). It exits 1 when the heap grew by more than BYTES
 * per timer fired in the second half: one small allocation leaked per run
 * shows. Under a sanitizer, whose allocator mallinfo2 knows nothing of,
 * the bound is not checked and LeakSanitizer looks for leaks instead.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <malloc.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include <glib/gstdio.h>
#include <sqlite3.h>

#include "ork-event-log.h"
#include "ork-session.h"

#define N_JOBS 1000
#define RATE 10000.0
#define N_SAMPLES 10
/* 2026-11-26T00:00:00Z */
#define START_US G_GINT64_CONSTANT (1795651200000000)

typedef struct
{
  GMainLoop   *loop;
  OrkClock    *clock;
  OrkEventLog *log;
  gint64       wall_start;
  gint64       wall_duration;
  guint64      n_transitions;
  gboolean     done;
  guint        n_samples;
  gint64       rss[N_SAMPLES + 1];  /* bytes, at 0 %, 10 %, ... 100 % */
  /* --fired: stop after this many timers, heap samples at half and end. */
  guint64      fired_limit;
  gint64       heap_half;
  gint64       heap_end;
  guint64      fired_half;
  OrkHistory  *history;
} Soak;

/* Bytes malloc has handed out and not had back; -1 when a sanitizer's
 * allocator stands in for glibc's (it reports nothing). */
static gint64
heap_in_use (void)
{
  struct mallinfo2 mi = mallinfo2 ();
  gint64 used = (gint64) (mi.uordblks + mi.hblkhd);

  return used > 0 ? used : -1;
}

static gint64
rss_bytes (void)
{
  g_autofree char *text = NULL;
  unsigned long size = 0, resident = 0;

  if (!g_file_get_contents ("/proc/self/statm", &text, NULL, NULL) ||
      sscanf (text, "%lu %lu", &size, &resident) != 2)
    return -1;
  return (gint64) resident * sysconf (_SC_PAGESIZE);
}

static void
print_sample (Soak  *soak,
              guint  index)
{
  gint64 wall = g_get_monotonic_time () - soak->wall_start;
  gint64 virtual_us = ork_clock_now (soak->clock) - START_US;

  soak->rss[index] = rss_bytes ();
  printf ("%3u %%  wall %7.1f s  virtual %8.2f h  RSS %7.1f MiB  timers fired %10" G_GUINT64_FORMAT
          "  logged %10" G_GUINT64_FORMAT "\n",
          index * 100 / N_SAMPLES, wall / 1e6, virtual_us / 3.6e9,
          soak->rss[index] / 1048576.0, ork_clock_get_n_fired (soak->clock),
          ork_event_log_get_n_logged (soak->log));
  fflush (stdout);
}

/* Takes the samples that are due by wall time. When the engine falls
 * behind, one clock tick can last seconds: this also runs from the engine's
 * transitions, so samples stay on time and the run ends on time (the clock
 * is stopped in the middle of its tick). */
static void
check_samples (Soak *soak)
{
  gint64 wall = g_get_monotonic_time () - soak->wall_start;

  while (!soak->done &&
         wall >= soak->wall_duration * (soak->n_samples + 1) / N_SAMPLES)
    {
      soak->n_samples++;
      print_sample (soak, soak->n_samples);
      if (soak->n_samples == N_SAMPLES)
        {
          soak->done = TRUE;
          ork_virtual_clock_set_rate (ORK_VIRTUAL_CLOCK (soak->clock), 0);
          ork_virtual_clock_stop (ORK_VIRTUAL_CLOCK (soak->clock));
          g_main_loop_quit (soak->loop);
        }
    }
}

static void check_work (Soak *soak);

static gboolean
on_sample (gpointer user_data)
{
  Soak *soak = user_data;

  if (soak->fired_limit > 0)
    check_work (soak);
  else
    check_samples (soak);
  return G_SOURCE_CONTINUE;
}

/* --fired: the heap at half the work and at the end, then stop. */
static void
check_work (Soak *soak)
{
  guint64 fired = ork_clock_get_n_fired (soak->clock);

  if (soak->done)
    return;
  /* The history's writer queue holds up to 200,000 events when the engine
   * outruns the disk: emptied before each sample, or its level would be
   * measured instead of the engine. */
  if (soak->fired_half == 0 && fired >= soak->fired_limit / 2)
    {
      soak->fired_half = fired;
      ork_history_flush (soak->history, NULL);
      soak->heap_half = heap_in_use ();
    }
  if (fired >= soak->fired_limit)
    {
      ork_history_flush (soak->history, NULL);
      soak->heap_end = heap_in_use ();
      soak->done = TRUE;
      ork_virtual_clock_set_rate (ORK_VIRTUAL_CLOCK (soak->clock), 0);
      ork_virtual_clock_stop (ORK_VIRTUAL_CLOCK (soak->clock));
      g_main_loop_quit (soak->loop);
    }
}

static void
on_transition (Soak *soak)
{
  if (++soak->n_transitions % 1024 != 0)
    return;
  if (soak->fired_limit > 0)
    check_work (soak);
  else
    check_samples (soak);
}

static OrkWorkspace *
make_workspace (void)
{
  GString *text = g_string_new ("{\"version\": 1, \"jobs\": [\n");
  g_autofree char *data = NULL;
  g_autoptr(GError) error = NULL;
  static const char * const types[] = { "sync", "cleanup", "batch", "metrics" };
  OrkWorkspace *ws;

  for (guint i = 0; i < N_JOBS; i++)
    {
      /* 1 s to 600 s, evenly spread. */
      guint every = 1 + i * 599 / (N_JOBS - 1);

      g_string_append_printf (text,
                              "%s{\"id\": \"soak-%04u\", \"type\": \"%s\", \"interval\": \"%us\", "
                              "\"simulation\": {\"failure_rate\": 0.2}}\n",
                              i > 0 ? "," : "", i, types[i % G_N_ELEMENTS (types)], every);
    }
  g_string_append (text, "]}\n");
  data = g_string_free (text, FALSE);
  ws = ork_workspace_load_from_data (data, -1, "soak.json", NULL, &error);
  if (ws == NULL)
    g_error ("%s", error->message);
  return ws;
}

static void
usage (void)
{
  g_printerr ("usage: bench-soak [SECONDS | --seconds SECONDS] [--max-growth PERCENT]\n"
              "       bench-soak --fired N [--max-heap-growth BYTES-PER-TIMER]\n");
  exit (2);
}

int
main (int    argc,
      char **argv)
{
  double seconds = 600;
  double max_growth = -1;
  double max_heap_growth = -1;
  guint64 fired_limit = 0;
  g_autofree char *dir = NULL;
  g_autofree char *db_path = NULL;
  g_autoptr(OrkWorkspace) ws = NULL;
  g_autoptr(OrkSession) session = NULL;
  g_autoptr(OrkEventLog) log = NULL;
  g_autoptr(OrkMetrics) metrics = NULL;
  g_autoptr(GMainLoop) loop = NULL;
  g_autoptr(GError) error = NULL;
  OrkHistoryCounts counts;
  OrkHistory *history;
  Soak soak = { 0 };
  gint64 peak_after_warm_up = 0;
  double growth = 0;
  double heap_growth = 0;   /* bytes a timer fired, in the second half */
  guint64 n_fired;
  double virtual_s;
  double wall_s;

  for (int i = 1; i < argc; i++)
    {
      if (g_str_equal (argv[i], "--seconds") && i + 1 < argc)
        seconds = g_ascii_strtod (argv[++i], NULL);
      else if (g_str_equal (argv[i], "--max-growth") && i + 1 < argc)
        max_growth = g_ascii_strtod (argv[++i], NULL);
      else if (g_str_equal (argv[i], "--fired") && i + 1 < argc)
        fired_limit = g_ascii_strtoull (argv[++i], NULL, 10);
      else if (g_str_equal (argv[i], "--max-heap-growth") && i + 1 < argc)
        max_heap_growth = g_ascii_strtod (argv[++i], NULL);
      else if (argv[i][0] != '-')
        seconds = g_ascii_strtod (argv[i], NULL);
      else
        usage ();
    }
  if (!(seconds > 0))
    usage ();

  dir = g_dir_make_tmp ("ork-soak-XXXXXX", &error);
  if (dir == NULL)
    g_error ("%s", error->message);
  db_path = g_build_filename (dir, "soak.sim.db", NULL);

  /* The short variant's warm-up must end in its first half: SQLite's page
   * cache (64 MiB for a history) would grow for as long as the database
   * does. */
  if (fired_limit > 0)
    sqlite3_soft_heap_limit64 (4 * 1024 * 1024);

  ws = make_workspace ();
  session = ork_session_new (ws, NULL);
  ork_session_start_simulation (session, START_US, 1, db_path);
  history = ork_session_get_history (session);
  if (history == NULL)
    g_error ("no history: %s", ork_session_get_history_error (session));
  if (fired_limit > 0)
    {
      metrics = ork_metrics_new_full (ORK_METRICS_DEFAULT_BUCKET_WIDTH, 60);
      ork_metrics_detach (ork_session_get_metrics (session));
      ork_metrics_clear (ork_session_get_metrics (session));
      ork_metrics_attach (metrics, ork_session_get_scheduler (session));
    }
  log = ork_event_log_new (fired_limit > 0 ? 10000 : 0);
  ork_event_log_attach (log, ork_session_get_scheduler (session));

  loop = g_main_loop_new (NULL, FALSE);
  soak.loop = loop;
  soak.clock = ork_session_get_clock (session);
  soak.log = log;

  soak.fired_limit = fired_limit;
  soak.history = history;
  if (fired_limit > 0)
    printf ("bench-soak: %u jobs, %.0f× accelerated, until %" G_GUINT64_FORMAT
            " timers fired, history %s\n", N_JOBS, RATE, fired_limit, db_path);
  else
    printf ("bench-soak: %u jobs, %.0f× accelerated, %.0f s of wall time, history %s\n",
            N_JOBS, RATE, seconds, db_path);
  soak.wall_start = g_get_monotonic_time ();
  print_sample (&soak, 0);

  soak.wall_duration = (gint64) (seconds * G_USEC_PER_SEC);
  g_signal_connect_swapped (ork_session_get_scheduler (session), "transition",
                            G_CALLBACK (on_transition), &soak);
  ork_virtual_clock_set_rate (ORK_VIRTUAL_CLOCK (soak.clock), RATE);
  g_timeout_add (50, on_sample, &soak);
  g_main_loop_run (loop);

  n_fired = ork_clock_get_n_fired (soak.clock);
  virtual_s = (ork_clock_now (soak.clock) - START_US) / 1e6;
  wall_s = (g_get_monotonic_time () - soak.wall_start) / 1e6;
  if (!ork_history_flush (history, &error) ||
      !ork_history_count_by_state (history, NULL, ORK_TIME_UNSET, ORK_TIME_NEVER, &counts, &error))
    g_error ("history: %s", error->message);

  printf ("events: %" G_GUINT64_FORMAT " timers fired (%.0f a second), %" G_GUINT64_FORMAT
          " log entries, %" G_GUINT64_FORMAT " runs in the history; %.1f virtual hours "
          "(%.0f× wall)\n",
          n_fired, n_fired / wall_s, ork_event_log_get_n_logged (log), counts.total,
          virtual_s / 3600, virtual_s / wall_s);
  if (fired_limit > 0 && soak.heap_half > 0 && soak.heap_end > 0)
    {
      heap_growth = (double) (soak.heap_end - soak.heap_half) / (n_fired - soak.fired_half);
      printf ("heap in use: %.1f MiB after %" G_GUINT64_FORMAT " timers fired, %.1f MiB after %"
              G_GUINT64_FORMAT " (%+.0f KiB, %+.2f bytes a timer)\n",
              soak.heap_half / 1048576.0, soak.fired_half, soak.heap_end / 1048576.0, n_fired,
              (soak.heap_end - soak.heap_half) / 1024.0, heap_growth);
    }
  else if (fired_limit > 0)
    {
      printf ("heap in use: not known (a sanitizer's allocator); LeakSanitizer checks leaks\n");
    }
  else
    {
      for (guint i = 3; i <= N_SAMPLES; i++)
        peak_after_warm_up = MAX (peak_after_warm_up, soak.rss[i]);
      growth = 100.0 * (peak_after_warm_up - soak.rss[2]) / soak.rss[2];
      printf ("RSS: start %.1f MiB, at 20 %% %.1f MiB, end %.1f MiB, peak after 20 %% %.1f MiB "
              "(%+.1f %%): %s\n",
              soak.rss[0] / 1048576.0, soak.rss[2] / 1048576.0, soak.rss[N_SAMPLES] / 1048576.0,
              peak_after_warm_up / 1048576.0, growth,
              growth > 10 ? "grew more than 10 % after the warm-up" : "flat after the warm-up (within 10 %)");
    }

  ork_event_log_detach (log);
  if (metrics != NULL)
    ork_metrics_detach (metrics);
  ork_session_stop (session);
  g_clear_object (&session);
  g_unlink (db_path);
  {
    g_autofree char *wal = g_strconcat (db_path, "-wal", NULL);
    g_autofree char *shm = g_strconcat (db_path, "-shm", NULL);

    g_unlink (wal);
    g_unlink (shm);
  }
  g_rmdir (dir);

  if (n_fired == 0 || counts.total == 0)
    {
      g_printerr ("bench-soak: nothing ran\n");
      return 1;
    }
  if (max_heap_growth >= 0 && heap_growth > max_heap_growth)
    {
      g_printerr ("bench-soak: the heap in use grew %.2f bytes a timer fired in the second "
                  "half of the work (more than %.2f): a leak?\n", heap_growth, max_heap_growth);
      return 1;
    }
  if (fired_limit == 0 && max_growth >= 0 && growth > max_growth)
    {
      g_printerr ("bench-soak: RSS grew %.1f %% after the warm-up (more than %.0f %%)\n",
                  growth, max_growth);
      return 1;
    }
  return 0;
}
