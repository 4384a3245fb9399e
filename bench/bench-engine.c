/* bench-engine.c — the engine on the virtual clock, as fast as it goes
 *
 * 100,000 jobs (interval, cron and failing-with-retries), one simulated day,
 * fast-forward. Reports events per second (state transitions of runs, and
 * timers fired) and the peak resident memory. Run by hand:
 *   build/bench/bench-engine [N_JOBS] [HOURS]
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>

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

static long
peak_rss_kib (void)
{
  struct rusage usage;

  getrusage (RUSAGE_SELF, &usage);
  return usage.ru_maxrss;
}

int
main (int   argc,
      char *argv[])
{
  guint n_jobs = argc > 1 ? (guint) atoi (argv[1]) : 100000;
  double hours = argc > 2 ? atof (argv[2]) : 24.0;
  g_autoptr(OrkWorkspace) workspace = ork_workspace_new ();
  g_autoptr(OrkClock) clock = NULL;
  g_autoptr(OrkScheduler) scheduler = NULL;
  gint64 t0, t1, t2;
  long rss_loaded;
  double secs;
  guint64 transitions, fired;

  ork_workspace_set_workers (workspace, 100000);
  t0 = g_get_monotonic_time ();
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

  clock = ork_virtual_clock_new (START);
  scheduler = ork_scheduler_new (workspace, clock);
  g_signal_connect (scheduler, "record", G_CALLBACK (on_record), NULL);
  ork_scheduler_start (scheduler);
  rss_loaded = peak_rss_kib ();

  t1 = g_get_monotonic_time ();
  ork_virtual_clock_advance_to (ORK_VIRTUAL_CLOCK (clock), START + (gint64) (hours * 3600e6));
  t2 = g_get_monotonic_time ();

  secs = (t2 - t1) / 1e6;
  transitions = ork_scheduler_get_n_transitions (scheduler);
  fired = ork_clock_get_n_fired (clock);
  printf ("jobs                 %u\n", n_jobs);
  printf ("simulated            %.1f h\n", hours);
  printf ("set-up               %.2f s\n", (t1 - t0) / 1e6);
  printf ("fast-forward         %.2f s\n", secs);
  printf ("records              %" G_GUINT64_FORMAT "\n", n_records);
  printf ("transitions          %" G_GUINT64_FORMAT " (%.0f per second)\n",
          transitions, transitions / secs);
  printf ("timers fired         %" G_GUINT64_FORMAT " (%.0f per second)\n", fired, fired / secs);
  printf ("peak RSS after load  %ld MiB\n", rss_loaded / 1024);
  printf ("peak RSS             %ld MiB\n", peak_rss_kib () / 1024);
  return 0;
}
