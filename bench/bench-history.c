/* bench-history.c — history insert throughput and export speed
 *
 * Insert: N runs (default 1,000,000) over 1,000 jobs, each as the engine
 * reports it — SCHEDULED>QUEUED, QUEUED>RUNNING, RUNNING>end and its record
 * (one run in ten fails) — emitted through a real OrkScheduler's signals
 * into an attached history with the real schema and indexes, then flushed.
 * Reports runs per second end to end, and the time the engine's thread
 * spent in the signal handlers (what the batching leaves on the hot path).
 *
 * Export: the same history written as CSV and NDJSON to /dev/null, each in a
 * child process so that its peak resident memory is its own.
 *
 *   build/bench/bench-history [N_RUNS] [DIR]
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <gio/gunixoutputstream.h>
#include <glib/gstdio.h>

#include "ork-history.h"
#include "ork-run-private.h"
#include "ork-scheduler.h"
#include "ork-workspace.h"

/* 2026-11-26T00:00:00Z */
#define START G_GINT64_CONSTANT (1795651200000000)
#define N_JOBS 1000

/* The peak resident memory of this process since its exec, in KiB. Not
 * getrusage ()'s ru_maxrss: Linux carries that over an exec, so a child
 * forked from the benchmark would report the parent's. */
static double
peak_rss_kb (void)
{
  g_autofree char *status = NULL;
  const char *line;

  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL) ||
      (line = strstr (status, "VmHWM:")) == NULL)
    return -1;
  return g_ascii_strtod (line + strlen ("VmHWM:"), NULL);
}

static int
export_child (const char *path,
              const char *format_name)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(OrkHistory) history = NULL;
  g_autoptr(GOutputStream) out = NULL;
  OrkRecordFormat format;
  double peak_kb;
  guint64 n = 0;
  gint64 t0, t1;
  int fd = open ("/dev/null", O_WRONLY);

  g_assert (ork_record_format_from_string (format_name, &format));
  history = ork_history_open (path, ORK_HISTORY_MODE_READ_ONLY, &error);
  g_assert_no_error (error);
  out = g_unix_output_stream_new (fd, TRUE);

  t0 = g_get_monotonic_time ();
  ork_history_export (history, out, format, NULL, NULL, NULL, NULL, &n, &error);
  g_assert_no_error (error);
  t1 = g_get_monotonic_time ();

  peak_kb = peak_rss_kb ();
  printf ("export %-6s %8" G_GUINT64_FORMAT " rows  %6.2f s  %9.0f rows/s  peak RSS %5.1f MB\n",
          format_name, n, (t1 - t0) / 1e6, n / ((t1 - t0) / 1e6), peak_kb / 1024.0);
  return 0;
}

static void
emit_run (OrkScheduler *scheduler,
          OrkClock     *clock,
          const char   *job_id,
          guint64       run_id,
          gint64        nominal,
          gboolean      fail)
{
  g_autoptr(OrkRun) run = ork_run_new (job_id, run_id, nominal);
  OrkRecord record = { 0 };
  OrkRunState end = fail ? ORK_RUN_FAILED : ORK_RUN_SUCCEEDED;
  OrkReason reason = fail ? ORK_REASON_INJECTED_FAILURE : ORK_REASON_COMPLETED;

  ork_virtual_clock_jump_to (ORK_VIRTUAL_CLOCK (clock), nominal);
  run->state = ORK_RUN_QUEUED;
  run->queued_at = nominal;
  g_signal_emit_by_name (scheduler, "transition", run, (guint) ORK_RUN_SCHEDULED,
                         (guint) ORK_RUN_QUEUED, (guint) ORK_REASON_SCHEDULE);
  run->state = ORK_RUN_RUNNING;
  run->attempt = 1;
  run->started_at = nominal + 1000;
  g_signal_emit_by_name (scheduler, "transition", run, (guint) ORK_RUN_QUEUED,
                         (guint) ORK_RUN_RUNNING, (guint) ORK_REASON_SCHEDULE);
  ork_virtual_clock_jump_to (ORK_VIRTUAL_CLOCK (clock), nominal + 400000);
  run->state = end;
  g_signal_emit_by_name (scheduler, "transition", run, (guint) ORK_RUN_RUNNING,
                         (guint) end, (guint) reason);

  record.job_id = (char *) job_id;
  record.run_id = run_id;
  record.attempt = 1;
  record.status = end;
  record.reason = reason;
  record.nominal_at = nominal;
  record.queued_at = nominal;
  record.started_at = nominal + 1000;
  record.finished_at = nominal + 400000;
  record.decided_at = nominal + 400000;
  record.next_retry_in = -1;
  record.message = fail ? (char *) "simulated failure" : NULL;
  g_signal_emit_by_name (scheduler, "record", &record);
}

static gint64 handler_time;

/* CPU time (user + system) of the calling thread so far, in seconds. */
static double
own_thread_cpu_seconds (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_THREAD_CPUTIME_ID, &ts);
  return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* CPU time (user + system, in seconds) used so far by this process's
 * thread named @name, or -1: the history's writer is "ork-history". */
static double
thread_cpu_seconds (const char *name,
                    double     *system)
{
  g_autoptr(GDir) dir = g_dir_open ("/proc/self/task", 0, NULL);
  const char *tid;

  while (dir != NULL && (tid = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_strdup_printf ("/proc/self/task/%s/stat", tid);
      g_autofree char *text = NULL;
      const char *open_paren, *close_paren;
      g_auto(GStrv) fields = NULL;

      if (!g_file_get_contents (path, &text, NULL, NULL))
        continue;
      open_paren = strchr (text, '(');
      close_paren = strrchr (text, ')');
      if (open_paren == NULL || close_paren == NULL ||
          strncmp (open_paren + 1, name, close_paren - open_paren - 1) != 0)
        continue;
      /* After "pid (comm) ": state is field 0, utime 11, stime 12. */
      fields = g_strsplit (close_paren + 2, " ", -1);
      if (g_strv_length (fields) < 13)
        return -1;
      *system = g_ascii_strtod (fields[12], NULL) / sysconf (_SC_CLK_TCK);
      return (g_ascii_strtod (fields[11], NULL) + g_ascii_strtod (fields[12], NULL))
             / sysconf (_SC_CLK_TCK);
    }
  return -1;
}

static void
on_transition_timer (OrkScheduler *scheduler,
                     OrkRun       *run,
                     guint         from,
                     guint         to,
                     guint         reason,
                     gpointer      data)
{
  /* Connected before the history's handler, and again after it: the
   * difference of the two stamps is the history's share. */
  gint64 *mark = data;

  if (*mark == 0)
    *mark = g_get_monotonic_time ();
  else
    {
      handler_time += g_get_monotonic_time () - *mark;
      *mark = 0;
    }
}

int
main (int   argc,
      char *argv[])
{
  guint64 n_runs = argc > 1 ? g_ascii_strtoull (argv[1], NULL, 10) : 1000000;
  g_autofree char *dir = argc > 2 ? g_strdup (argv[2]) : g_dir_make_tmp ("bench-history-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "bench.db", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(OrkWorkspace) workspace = ork_workspace_new ();
  g_autoptr(OrkClock) clock = ork_virtual_clock_new (START);
  g_autoptr(OrkScheduler) scheduler = NULL;
  g_autoptr(OrkHistory) history = NULL;
  char job_ids[N_JOBS][16];
  gint64 mark = 0;
  gint64 t0, t1, t2;
  double writer_cpu, writer_system = 0, engine_cpu0, engine_cpu1, bare_cpu;
  GStatBuf st;

  if (argc == 4 && strcmp (argv[1], "--export") == 0)
    return export_child (argv[2], argv[3]);

  for (guint j = 0; j < N_JOBS; j++)
    g_snprintf (job_ids[j], sizeof job_ids[j], "job_%04u", j);

  scheduler = ork_scheduler_new (workspace, clock);

  /* What emitting costs by itself, with no history listening. */
  engine_cpu0 = own_thread_cpu_seconds ();
  for (guint64 i = 0; i < MIN (n_runs, 200000); i++)
    emit_run (scheduler, clock, job_ids[i % N_JOBS], i / N_JOBS + 1,
              START + (gint64) (i / N_JOBS) * 60000000, i % 10 == 3);
  bare_cpu = (own_thread_cpu_seconds () - engine_cpu0) / MIN (n_runs, 200000);

  g_signal_connect (scheduler, "transition", G_CALLBACK (on_transition_timer), &mark);
  history = ork_history_open (path, ORK_HISTORY_MODE_SIMULATION, &error);
  g_assert_no_error (error);
  ork_history_attach (history, scheduler);
  g_signal_connect (scheduler, "transition", G_CALLBACK (on_transition_timer), &mark);

  t0 = g_get_monotonic_time ();
  engine_cpu0 = own_thread_cpu_seconds ();
  for (guint64 i = 0; i < n_runs; i++)
    {
      guint job = (guint) (i % N_JOBS);
      guint64 run_id = i / N_JOBS + 1;

      emit_run (scheduler, clock, job_ids[job], run_id, START + (gint64) (run_id - 1) * 60000000,
                i % 10 == 3);
    }
  t1 = g_get_monotonic_time ();
  engine_cpu1 = own_thread_cpu_seconds ();
  ork_history_flush (history, &error);
  g_assert_no_error (error);
  t2 = g_get_monotonic_time ();
  writer_cpu = thread_cpu_seconds ("ork-history", &writer_system);
  ork_history_close (history, &error);
  g_assert_no_error (error);

  g_stat (path, &st);
  printf ("insert %" G_GUINT64_FORMAT " runs (%" G_GUINT64_FORMAT " transitions, %"
          G_GUINT64_FORMAT " records): %.2f s, %.0f runs/s end to end; "
          "engine loop %.2f s wall (%.2f µs wall per run in history handlers); file %.0f MB\n",
          n_runs, 3 * n_runs, n_runs, (t2 - t0) / 1e6, n_runs / ((t2 - t0) / 1e6),
          (t1 - t0) / 1e6, (double) handler_time / n_runs * 4.0 / 3.0, st.st_size / 1e6);
  printf ("engine thread CPU %.2f s (%.2f µs per run, of which %.2f µs emitting with no history)\n",
          engine_cpu1 - engine_cpu0, (engine_cpu1 - engine_cpu0) * 1e6 / n_runs, bare_cpu * 1e6);
  printf ("peak RSS of this process %.1f MB\n", peak_rss_kb () / 1024.0);
  printf ("writer thread CPU %.2f s (%.2f µs per run, %.2f s of it in the kernel): "
          "at most %.0f runs/s with a core of its own\n",
          writer_cpu, writer_cpu * 1e6 / n_runs, writer_system, n_runs / writer_cpu);
  fflush (stdout);

  for (guint f = 0; f < 2; f++)
    {
      const char *format = f == 0 ? "csv" : "ndjson";
      const char *child_argv[] = { argv[0], "--export", path, format, NULL };
      GPid pid;
      int status;

      g_spawn_sync (NULL, (char **) child_argv, NULL, G_SPAWN_CHILD_INHERITS_STDIN,
                    NULL, NULL, NULL, NULL, &status, &error);
      g_assert_no_error (error);
      (void) pid;
    }

  if (argc <= 2)
    {
      const char *const suffixes[] = { "", "-wal", "-shm", ".lock" };

      for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
        {
          g_autofree char *file = g_strconcat (path, suffixes[i], NULL);

          g_unlink (file);
        }
      g_rmdir (dir);
    }
  return 0;
}
