/* bench-metrics.c — the cost of metrics on the engine, and of range queries
 *
 * 10,000 jobs (interval, cron and failing-with-retries) for one simulated
 * day on the virtual clock, run twice: without and with an OrkMetrics
 * attached. Reports events (transitions and records) per second of each run,
 * the added cost per event, the metrics' memory, and the time of range
 * queries over the day. Run by hand:
 *   build/bench/bench-metrics [N_JOBS] [HOURS]
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>

#include "ork-metrics.h"
#include "ork-scheduler.h"
#include "ork-workspace.h"

/* 2026-11-26T00:00:00Z */
#define START G_GINT64_CONSTANT (1795651200000000)

static const char *cron_exprs[] = {
  "*/15 * * * *",
  "0 * * * *",
  "30 2 * * *",
  "*/10 9-17 * * 1-5",
  "5,35 * * * *",
  "0 */2 * * *",
};

static guint64 n_records;

static void
on_record (OrkScheduler *scheduler,
           OrkRecord    *record,
           gpointer      user_data)
{
  n_records++;
}

static OrkWorkspace *
make_workspace (guint n_jobs)
{
  OrkWorkspace *workspace = ork_workspace_new ();

  ork_workspace_set_workers (workspace, 64);
  for (guint i = 0; i < n_jobs; i++)
    {
      g_autofree char *id = g_strdup_printf ("job_%06u", i);
      g_autoptr(OrkSchedule) schedule = NULL;
      g_autoptr(OrkJob) job = NULL;
      g_autoptr(GError) error = NULL;

      switch (i % 5)
        {
        case 0:
        case 1:
          job = ork_job_new (id, (i % 2) ? ORK_JOB_TYPE_SYNC : ORK_JOB_TYPE_METRICS);
          schedule = ork_schedule_new_interval ((gint64) (5 + i % 56) * 60 * 1000);
          break;
        case 2:
        case 3:
          job = ork_job_new (id, ORK_JOB_TYPE_CLEANUP);
          schedule = ork_schedule_new_cron (cron_exprs[i % G_N_ELEMENTS (cron_exprs)],
                                            i % 3 ? "Europe/Berlin" : "UTC", &error);
          g_assert_no_error (error);
          break;
        default:
          {
            g_autoptr(OrkSimSpec) spec = ork_sim_spec_new_for_type (ORK_JOB_TYPE_SYNC);

            job = ork_job_new (id, ORK_JOB_TYPE_SYNC);
            spec->failure_rate = 0.3;
            ork_job_set_simulation (job, spec);
            schedule = ork_schedule_new_interval (10 * 60 * 1000);
          }
          break;
        }
      g_assert_true (ork_schedule_prepare (schedule, NULL));
      ork_job_set_schedule (job, schedule);
      ork_workspace_add_job (workspace, job);
    }
  return workspace;
}

/* Returns the wall time of the fast-forward in seconds; @events gets
 * transitions + records. */
static double
run_day (guint        n_jobs,
         double       hours,
         OrkMetrics  *metrics,
         guint64     *events)
{
  g_autoptr(OrkWorkspace) workspace = make_workspace (n_jobs);
  g_autoptr(OrkClock) clock = ork_virtual_clock_new (START);
  g_autoptr(OrkScheduler) scheduler = ork_scheduler_new (workspace, clock);
  gint64 t1, t2;

  n_records = 0;
  g_signal_connect (scheduler, "record", G_CALLBACK (on_record), NULL);
  if (metrics != NULL)
    ork_metrics_attach (metrics, scheduler);
  ork_scheduler_start (scheduler);
  t1 = g_get_monotonic_time ();
  ork_virtual_clock_advance_to (ORK_VIRTUAL_CLOCK (clock), START + (gint64) (hours * 3600e6));
  t2 = g_get_monotonic_time ();
  *events = ork_scheduler_get_n_transitions (scheduler) + n_records;
  if (metrics != NULL)
    ork_metrics_detach (metrics);
  return (t2 - t1) / 1e6;
}

static double
time_query (OrkMetrics  *metrics,
            const char  *job_id,
            gboolean     series,
            gint64       until,
            guint        reps)
{
  gint64 t0 = g_get_monotonic_time ();

  for (guint i = 0; i < reps; i++)
    {
      if (series)
        {
          g_autoptr(GArray) points = g_array_new (FALSE, FALSE, sizeof (OrkMetricsPoint));

          ork_metrics_get_series (metrics, job_id, ORK_METRICS_SERIES_DURATION_P95, START, until,
                                  points);
        }
      else
        {
          OrkMetricsSummary s;

          ork_metrics_get_summary (metrics, job_id, START, until, &s);
        }
    }
  return (g_get_monotonic_time () - t0) / 1e3 / reps;
}

int
main (int   argc,
      char *argv[])
{
  guint n_jobs = argc > 1 ? (guint) atoi (argv[1]) : 10000;
  double hours = argc > 2 ? atof (argv[2]) : 24.0;
  g_autoptr(OrkMetrics) metrics = ork_metrics_new ();
  guint64 events_plain, events_metrics;
  double plain, with;
  gint64 until = START + (gint64) (hours * 3600e6);
  OrkMetricsSummary s;

  /* Warm-up, then the two runs. */
  plain = run_day (n_jobs, hours, NULL, &events_plain);
  plain = run_day (n_jobs, hours, NULL, &events_plain);
  with = run_day (n_jobs, hours, metrics, &events_metrics);

  ork_metrics_get_summary (metrics, NULL, ORK_TIME_UNSET, ORK_TIME_NEVER, &s);
  printf ("jobs                      %u\n", n_jobs);
  printf ("simulated                 %.1f h\n", hours);
  printf ("events (trans.+records)   %" G_GUINT64_FORMAT "\n", events_metrics);
  printf ("runs counted              %" G_GUINT64_FORMAT "\n", s.n_runs);
  printf ("without metrics           %.3f s (%.0f events/s)\n", plain, events_plain / plain);
  printf ("with metrics              %.3f s (%.0f events/s)\n", with, events_metrics / with);
  printf ("metrics cost per event    %.3f µs\n", (with - plain) * 1e6 / events_metrics);
  printf ("metrics memory            %.1f MiB\n",
          ork_metrics_get_memory_size (metrics) / 1048576.0);
  printf ("summary, all jobs, day    %.3f ms\n", time_query (metrics, NULL, FALSE, until, 20));
  printf ("summary, one job, day     %.3f ms\n", time_query (metrics, "job_000004", FALSE, until, 200));
  printf ("p95 series, all, day      %.3f ms\n", time_query (metrics, NULL, TRUE, until, 20));
  printf ("p95 series, one job, day  %.3f ms\n", time_query (metrics, "job_000004", TRUE, until, 200));
  return 0;
}
