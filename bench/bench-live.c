/* bench-live.c — the live engine on the system clock and the real main loop
 *
 * Two phases of SECONDS wall-clock seconds each (default 60), with N_JOBS
 * enabled jobs (default 10,000) on simulated workers:
 *   mixed   intervals from 1 s to 1 h, spread over the jobs;
 *   sparse  every job every 10 min (the idle case: about N_JOBS / 600 fires
 *           a second).
 * Each job's anchor is offset by a few hundred milliseconds, as real jobs
 * are (they are not all created at the same millisecond), so that fires are
 * spread over the second; see bench/README.md for the aligned case.
 *
 * Reports, per phase: the GSources the engine attached to the main context
 * (sampled every second, the most seen), the process CPU time over wall time,
 * and the timer lateness — for every SCHEDULED>QUEUED transition,
 * ork_clock_now () minus the run's due time — as p50, p99 and max, leaving
 * out the fires due in the first second (late by the set-up). For scale, a
 * bare GSource re-armed every 37 ms on the same loop measures what the
 * system adds by itself (the control). Run by hand:
 *   build/bench/bench-live [SECONDS] [N_JOBS]
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>

#include "ork-scheduler.h"
#include "ork-workspace.h"

typedef struct
{
  OrkClock     *clock;
  GArray       *lateness;    /* gint64 µs */
  GMainLoop    *loop;
  gint64        measure_from; /* fires due before this are the start-up's */
  guint         n_warm_up;
  GArray       *control;     /* gint64 µs: the lateness of a bare timer source */
  GSource      *probe;
  gint64        probe_due;   /* monotonic */
  guint         baseline;    /* sources before the engine existed */
  guint         max_sources; /* the most the engine had, above the baseline */
} Phase;

/* Sources attached to @context: GLib has no list of them, but source ids
 * are handed out in order, and a destroyed source is not found by id. */
static guint
count_sources (GMainContext *context)
{
  GSource *probe = g_idle_source_new ();
  guint max_id = g_source_attach (probe, context);
  guint n = 0;

  g_source_destroy (probe);
  g_source_unref (probe);
  for (guint id = 1; id < max_id; id++)
    if (g_main_context_find_source_by_id (context, id) != NULL)
      n++;
  return n;
}

static gboolean
on_sample (gpointer user_data)
{
  Phase *phase = user_data;
  guint n = count_sources (NULL);

  phase->max_sources = MAX (phase->max_sources, n - phase->baseline);
  return G_SOURCE_CONTINUE;
}

/* The control: a bare source re-armed every 37 ms on the same loop. Its
 * lateness is what the system and the main loop add (scheduling delay,
 * poll's millisecond timeout), whatever the engine does. */
static gboolean
on_probe (gpointer user_data)
{
  Phase *phase = user_data;
  gint64 now = g_get_monotonic_time ();
  gint64 late = now - phase->probe_due;

  if (phase->measure_from != G_MAXINT64)
    g_array_append_val (phase->control, late);
  phase->probe_due = now + 37 * G_TIME_SPAN_MILLISECOND;
  g_source_set_ready_time (phase->probe, phase->probe_due);
  return G_SOURCE_CONTINUE;
}

static gboolean
probe_dispatch (GSource     *source,
                GSourceFunc  callback,
                gpointer     user_data)
{
  return callback (user_data);
}

static gboolean
on_done (gpointer user_data)
{
  Phase *phase = user_data;

  g_main_loop_quit (phase->loop);
  return G_SOURCE_REMOVE;
}

static void
on_transition (OrkScheduler *scheduler,
               OrkRun       *run,
               OrkRunState   from,
               OrkRunState   to,
               OrkReason     reason,
               gpointer      user_data)
{
  Phase *phase = user_data;
  gint64 late;

  if (from != ORK_RUN_SCHEDULED || to != ORK_RUN_QUEUED)
    return;
  if (ork_run_get_due_at (run) < phase->measure_from)
    {
      phase->n_warm_up++;
      return;
    }
  late = ork_clock_now (phase->clock) - ork_run_get_due_at (run);
  g_array_append_val (phase->lateness, late);
}

static double
cpu_seconds (void)
{
  struct rusage usage;

  getrusage (RUSAGE_SELF, &usage);
  return usage.ru_utime.tv_sec + usage.ru_utime.tv_usec / 1e6 +
         usage.ru_stime.tv_sec + usage.ru_stime.tv_usec / 1e6;
}

static int
compare_gint64 (gconstpointer a,
                gconstpointer b)
{
  gint64 x = *(const gint64 *) a;
  gint64 y = *(const gint64 *) b;

  return (x > y) - (x < y);
}

static gint64
percentile (GArray *values,
            guint   p)
{
  guint64 rank = ((guint64) values->len * p + 99) / 100;

  rank = CLAMP (rank, 1, values->len);
  return g_array_index (values, gint64, rank - 1);
}

static OrkWorkspace *
make_workspace (guint    n_jobs,
                gboolean sparse)
{
  static const gint64 intervals_ms[] = {
    1000, 2000, 5000, 10000, 30000, 60000, 300000, 600000, 1800000, 3600000,
  };
  static const OrkJobType types[] = {
    ORK_JOB_TYPE_SYNC, ORK_JOB_TYPE_CLEANUP, ORK_JOB_TYPE_METRICS, ORK_JOB_TYPE_BATCH,
  };
  OrkWorkspace *workspace = ork_workspace_new ();
  g_autoptr(GDateTime) epoch = g_date_time_new_from_unix_utc (0);

  ork_workspace_set_workers (workspace, n_jobs);
  for (guint i = 0; i < n_jobs; i++)
    {
      g_autofree char *id = g_strdup_printf ("job_%05u", i);
      g_autoptr(OrkSchedule) schedule = NULL;
      g_autoptr(OrkJob) job = NULL;
      gint64 every_ms = sparse ? 600000 : intervals_ms[i % G_N_ELEMENTS (intervals_ms)];
      /* A spread of offsets that is not a multiple of the intervals. */
      gint64 offset_ms = sparse ? (gint64) i * 600000 / n_jobs : (i * 7919) % 1000;

      job = ork_job_new (id, types[i % G_N_ELEMENTS (types)]);
      schedule = ork_schedule_new_interval (every_ms);
      schedule->anchor = g_date_time_add (epoch, offset_ms * G_TIME_SPAN_MILLISECOND);
      g_assert_true (ork_schedule_prepare (schedule, NULL));
      ork_job_set_schedule (job, schedule);
      ork_workspace_add_job (workspace, job);
    }
  return workspace;
}

static void
run_phase (const char *name,
           guint       n_jobs,
           gboolean    sparse,
           guint       seconds)
{
  g_autoptr(OrkWorkspace) workspace = make_workspace (n_jobs, sparse);
  g_autoptr(OrkClock) clock = NULL;
  g_autoptr(OrkScheduler) scheduler = NULL;
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  Phase phase = { NULL, };
  guint sample_id, done_id;
  gint64 wall0, wall1;
  double cpu0, cpu1;
  guint64 fired;

  phase.lateness = g_array_new (FALSE, FALSE, sizeof (gint64));
  phase.loop = loop;
  phase.measure_from = G_MAXINT64;
  phase.control = g_array_new (FALSE, FALSE, sizeof (gint64));
  {
    static GSourceFuncs probe_funcs = { NULL, NULL, probe_dispatch, NULL, NULL, NULL };

    phase.probe = g_source_new (&probe_funcs, sizeof (GSource));
    g_source_set_callback (phase.probe, on_probe, &phase, NULL);
    phase.probe_due = g_get_monotonic_time ();
    g_source_set_ready_time (phase.probe, phase.probe_due);
    g_source_attach (phase.probe, NULL);
  }

  sample_id = g_timeout_add_seconds (1, on_sample, &phase);
  done_id = g_timeout_add_seconds (seconds, on_done, &phase);
  phase.baseline = count_sources (NULL);

  clock = ork_system_clock_new ();
  scheduler = ork_scheduler_new (workspace, clock);
  phase.clock = clock;
  g_signal_connect (scheduler, "transition", G_CALLBACK (on_transition), &phase);
  ork_scheduler_start (scheduler);
  phase.max_sources = count_sources (NULL) - phase.baseline;
  /* Fires due while the engine was being set up are late by the set-up
   * time, which is not the timer's: measure from one second in. */
  phase.measure_from = g_get_real_time () + G_USEC_PER_SEC;

  wall0 = g_get_monotonic_time ();
  cpu0 = cpu_seconds ();
  g_main_loop_run (loop);
  cpu1 = cpu_seconds ();
  wall1 = g_get_monotonic_time ();

  g_source_remove (sample_id);
  g_source_destroy (phase.probe);
  g_clear_pointer (&phase.probe, g_source_unref);
  (void) done_id;
  fired = ork_clock_get_n_fired (clock);
  ork_scheduler_stop (scheduler);

  g_array_sort (phase.lateness, compare_gint64);
  printf ("%s: %u jobs, %.1f s wall\n", name, n_jobs, (wall1 - wall0) / 1e6);
  printf ("  engine GSources      %u (most seen, above the %u before it)\n",
          phase.max_sources, phase.baseline);
  printf ("  CPU / wall           %.2f %% (%.3f s CPU)\n",
          100.0 * (cpu1 - cpu0) / ((wall1 - wall0) / 1e6), cpu1 - cpu0);
  printf ("  fires                %u measured (+ %u in the first second), %.1f per second; "
          "timers fired %" G_GUINT64_FORMAT "\n",
          phase.lateness->len, phase.n_warm_up,
          (phase.lateness->len + phase.n_warm_up) / ((wall1 - wall0) / 1e6), fired);
  if (phase.lateness->len > 0)
    printf ("  lateness             p50 %.3f ms, p99 %.3f ms, max %.3f ms\n",
            percentile (phase.lateness, 50) / 1e3, percentile (phase.lateness, 99) / 1e3,
            g_array_index (phase.lateness, gint64, phase.lateness->len - 1) / 1e3);
  g_array_sort (phase.control, compare_gint64);
  if (phase.control->len > 0)
    printf ("  control (bare timer) p50 %.3f ms, p99 %.3f ms, max %.3f ms (%u wake-ups)\n",
            percentile (phase.control, 50) / 1e3, percentile (phase.control, 99) / 1e3,
            g_array_index (phase.control, gint64, phase.control->len - 1) / 1e3,
            phase.control->len);
  g_array_unref (phase.control);

  g_array_unref (phase.lateness);
}

int
main (int   argc,
      char *argv[])
{
  guint seconds = argc > 1 ? (guint) atoi (argv[1]) : 60;
  guint n_jobs = argc > 2 ? (guint) atoi (argv[2]) : 10000;

  if (seconds == 0 || n_jobs == 0)
    {
      fprintf (stderr, "usage: bench-live [SECONDS] [N_JOBS]\n");
      return 2;
    }

  run_phase ("mixed (every 1 s .. 1 h)", n_jobs, FALSE, seconds);
  run_phase ("sparse (every 10 min)", n_jobs, TRUE, seconds);
  return 0;
}
