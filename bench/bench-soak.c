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
 * than PCT percent (the short CI variant, `meson test soak-short`). The
 * virtual hours reached tell whether the engine kept up with 10,000×.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include <glib/gstdio.h>

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
} Soak;

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

static gboolean
on_sample (gpointer user_data)
{
  check_samples (user_data);
  return G_SOURCE_CONTINUE;
}

static void
on_transition (Soak *soak)
{
  if (++soak->n_transitions % 1024 == 0)
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
  g_printerr ("usage: bench-soak [SECONDS | --seconds SECONDS] [--max-growth PERCENT]\n");
  exit (2);
}

int
main (int    argc,
      char **argv)
{
  double seconds = 600;
  double max_growth = -1;
  g_autofree char *dir = NULL;
  g_autofree char *db_path = NULL;
  g_autoptr(OrkWorkspace) ws = NULL;
  g_autoptr(OrkSession) session = NULL;
  g_autoptr(OrkEventLog) log = NULL;
  g_autoptr(GMainLoop) loop = NULL;
  g_autoptr(GError) error = NULL;
  OrkHistoryCounts counts;
  OrkHistory *history;
  Soak soak = { 0 };
  gint64 peak_after_warm_up = 0;
  double growth;
  guint64 n_fired;
  double virtual_s;

  for (int i = 1; i < argc; i++)
    {
      if (g_str_equal (argv[i], "--seconds") && i + 1 < argc)
        seconds = g_ascii_strtod (argv[++i], NULL);
      else if (g_str_equal (argv[i], "--max-growth") && i + 1 < argc)
        max_growth = g_ascii_strtod (argv[++i], NULL);
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

  ws = make_workspace ();
  session = ork_session_new (ws, NULL);
  ork_session_start_simulation (session, START_US, 1, db_path);
  history = ork_session_get_history (session);
  if (history == NULL)
    g_error ("no history: %s", ork_session_get_history_error (session));
  log = ork_event_log_new (0);
  ork_event_log_attach (log, ork_session_get_scheduler (session));

  loop = g_main_loop_new (NULL, FALSE);
  soak.loop = loop;
  soak.clock = ork_session_get_clock (session);
  soak.log = log;

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
  if (!ork_history_flush (history, &error) ||
      !ork_history_count_by_state (history, NULL, ORK_TIME_UNSET, ORK_TIME_NEVER, &counts, &error))
    g_error ("history: %s", error->message);

  for (guint i = 3; i <= N_SAMPLES; i++)
    peak_after_warm_up = MAX (peak_after_warm_up, soak.rss[i]);
  growth = 100.0 * (peak_after_warm_up - soak.rss[2]) / soak.rss[2];

  printf ("events: %" G_GUINT64_FORMAT " timers fired (%.0f a second), %" G_GUINT64_FORMAT
          " log entries, %" G_GUINT64_FORMAT " runs in the history; %.1f virtual hours "
          "(%.0f× wall)\n",
          n_fired, n_fired / seconds, ork_event_log_get_n_logged (log), counts.total,
          virtual_s / 3600, virtual_s / seconds);
  printf ("RSS: start %.1f MiB, at 20 %% %.1f MiB, end %.1f MiB, peak after 20 %% %.1f MiB "
          "(%+.1f %%): %s\n",
          soak.rss[0] / 1048576.0, soak.rss[2] / 1048576.0, soak.rss[N_SAMPLES] / 1048576.0,
          peak_after_warm_up / 1048576.0, growth,
          growth > 10 ? "grew more than 10 % after the warm-up" : "flat after the warm-up (within 10 %)");

  ork_event_log_detach (log);
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
  if (max_growth >= 0 && growth > max_growth)
    {
      g_printerr ("bench-soak: RSS grew %.1f %% after the warm-up (more than %.0f %%)\n",
                  growth, max_growth);
      return 1;
    }
  return 0;
}
