/* test-scheduler.c — the engine's policies on the virtual clock
 *
 * Every test runs a small workspace from a fixed start and compares the
 * records (and where it matters the transitions) with exact times, states
 * and reasons. Times in the expectations are seconds after the start.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "ork-scheduler.h"
#include "ork-workspace.h"

/* 2026-11-26T00:00:00Z, a Thursday */
#define START G_GINT64_CONSTANT (1795651200000000)
#define SEC(s) ((gint64) ((s) * 1000000.0))

typedef struct
{
  OrkWorkspace *workspace;
  OrkClock     *clock;
  OrkScheduler *scheduler;
  GString      *records;
  GString      *transitions;
  gint64        start;
} Sim;

static void
append_time (GString *s,
             gint64   t,
             gint64   start)
{
  gint64 ms;

  if (t == ORK_TIME_UNSET)
    {
      g_string_append_c (s, '-');
      return;
    }
  ms = (t - start) / 1000;
  if (ms % 1000 == 0)
    g_string_append_printf (s, "%" G_GINT64_FORMAT, ms / 1000);
  else
    g_string_append_printf (s, "%" G_GINT64_FORMAT ".%03d", ms / 1000, (int) (ABS (ms) % 1000));
}

static void
on_record (OrkScheduler *scheduler,
           OrkRecord    *r,
           Sim          *sim)
{
  GString *s = sim->records;

  g_string_append_printf (s, "%s #%" G_GUINT64_FORMAT "/%u %s %s n=", r->job_id, r->run_id,
                          r->attempt, ork_run_state_to_string (r->status),
                          ork_reason_to_string (r->reason));
  append_time (s, r->nominal_at, sim->start);
  g_string_append (s, " q=");
  append_time (s, r->queued_at, sim->start);
  g_string_append (s, " s=");
  append_time (s, r->started_at, sim->start);
  g_string_append (s, " f=");
  append_time (s, r->finished_at, sim->start);
  if (r->status == ORK_RUN_SKIPPED)
    {
      g_string_append (s, " at=");
      append_time (s, r->decided_at, sim->start);
    }
  if (r->next_retry_in >= 0)
    g_string_append_printf (s, " retry=%" G_GINT64_FORMAT, r->next_retry_in);
  g_string_append_c (s, '\n');
}

static void
on_transition (OrkScheduler *scheduler,
               OrkRun       *run,
               guint         from,
               guint         to,
               guint         reason,
               Sim          *sim)
{
  g_string_append_printf (sim->transitions, "%s #%" G_GUINT64_FORMAT " ",
                          ork_run_get_job_id (run), ork_run_get_run_id (run));
  append_time (sim->transitions, ork_clock_now (sim->clock), sim->start);
  g_string_append_printf (sim->transitions, " %s>%s %s\n", ork_run_state_to_string (from),
                          ork_run_state_to_string (to), ork_reason_to_string (reason));
}

static Sim *
sim_new_at (const char *json,
            gint64      start)
{
  g_autoptr(GError) error = NULL;
  Sim *sim = g_new0 (Sim, 1);

  sim->workspace = ork_workspace_load_from_data (json, -1, "test.json", NULL, &error);
  g_assert_no_error (error);
  sim->start = start;
  sim->clock = ork_virtual_clock_new (start);
  sim->scheduler = ork_scheduler_new (sim->workspace, sim->clock);
  sim->records = g_string_new (NULL);
  sim->transitions = g_string_new (NULL);
  g_signal_connect (sim->scheduler, "record", G_CALLBACK (on_record), sim);
  g_signal_connect (sim->scheduler, "transition", G_CALLBACK (on_transition), sim);
  return sim;
}

static Sim *
sim_new (const char *json)
{
  return sim_new_at (json, START);
}

static void
sim_run_until (Sim    *sim,
               double  seconds)
{
  ork_virtual_clock_advance_to (ORK_VIRTUAL_CLOCK (sim->clock), sim->start + SEC (seconds));
}

static void
sim_free (Sim *sim)
{
  g_object_unref (sim->scheduler);
  g_object_unref (sim->clock);
  g_object_unref (sim->workspace);
  g_string_free (sim->records, TRUE);
  g_string_free (sim->transitions, TRUE);
  g_free (sim);
}

static OrkJobStatus
job_status (Sim        *sim,
            const char *id)
{
  return ork_job_get_status (ork_workspace_find_job (sim->workspace, id));
}

#define FIXED(lat) "\"simulation\":{\"latency\":{\"fixed\":\"" lat "\"}}"
#define FIXED_FAIL(lat, rate) \
  "\"simulation\":{\"latency\":{\"fixed\":\"" lat "\"},\"failure_rate\":" rate "}"

static void
on_status_notify (OrkJob     *job,
                  GParamSpec *pspec,
                  GString    *log)
{
  g_string_append_printf (log, "%s ", ork_job_status_to_string (ork_job_get_status (job)));
}

static void
test_interval (void)
{
  Sim *sim = sim_new ("{\"version\":1,\"jobs\":[{\"id\":\"a\",\"type\":\"sync\","
                      "\"schedule\":{\"kind\":\"interval\",\"every\":\"10s\"}," FIXED ("1s") "}]}");
  g_autoptr(GString) statuses = g_string_new (NULL);

  g_signal_connect (ork_workspace_find_job (sim->workspace, "a"), "notify::status",
                    G_CALLBACK (on_status_notify), statuses);
  ork_scheduler_start (sim->scheduler);
  g_assert_cmpint (ork_scheduler_get_next_fire (sim->scheduler, "a"), ==, START);
  sim_run_until (sim, 35);
  g_assert_cmpstr (sim->records->str, ==,
                   "a #1/1 SUCCEEDED completed n=0 q=0 s=0 f=1\n"
                   "a #2/1 SUCCEEDED completed n=10 q=10 s=10 f=11\n"
                   "a #3/1 SUCCEEDED completed n=20 q=20 s=20 f=21\n"
                   "a #4/1 SUCCEEDED completed n=30 q=30 s=30 f=31\n");
  g_assert_cmpint (ork_scheduler_get_next_fire (sim->scheduler, "a"), ==, START + SEC (40));
  g_assert_cmpint (job_status (sim, "a"), ==, ORK_JOB_STATUS_SCHEDULED);
  g_assert_cmpstr (sim->transitions->str, ==,
                   "a #1 0 SCHEDULED>QUEUED schedule\n"
                   "a #1 0 QUEUED>RUNNING schedule\n"
                   "a #1 1 RUNNING>SUCCEEDED completed\n"
                   "a #2 10 SCHEDULED>QUEUED schedule\n"
                   "a #2 10 QUEUED>RUNNING schedule\n"
                   "a #2 11 RUNNING>SUCCEEDED completed\n"
                   "a #3 20 SCHEDULED>QUEUED schedule\n"
                   "a #3 20 QUEUED>RUNNING schedule\n"
                   "a #3 21 RUNNING>SUCCEEDED completed\n"
                   "a #4 30 SCHEDULED>QUEUED schedule\n"
                   "a #4 30 QUEUED>RUNNING schedule\n"
                   "a #4 31 RUNNING>SUCCEEDED completed\n");
  /* The status property notifies once per change, settled per instant. */
  g_assert_cmpstr (statuses->str, ==,
                   "scheduled running scheduled running scheduled running scheduled "
                   "running scheduled ");
  sim_free (sim);
}

static void
test_interval_from_completion (void)
{
  Sim *sim = sim_new ("{\"version\":1,\"jobs\":[{\"id\":\"a\",\"type\":\"sync\","
                      "\"schedule\":{\"kind\":\"interval\",\"every\":\"10s\",\"from\":\"completion\"},"
                      FIXED ("3s") "}]}");

  ork_scheduler_start (sim->scheduler);
  sim_run_until (sim, 40);
  /* Due 10 s after the previous run ended: 10, 23, 36. */
  g_assert_cmpstr (sim->records->str, ==,
                   "a #1/1 SUCCEEDED completed n=10 q=10 s=10 f=13\n"
                   "a #2/1 SUCCEEDED completed n=23 q=23 s=23 f=26\n"
                   "a #3/1 SUCCEEDED completed n=36 q=36 s=36 f=39\n");
  sim_free (sim);
}

static void
test_retry_default_policy (void)
{
  Sim *sim = sim_new ("{\"version\":1,\"jobs\":[{\"id\":\"a\",\"type\":\"batch\","
                      "\"schedule\":{\"kind\":\"once\",\"at\":\"2026-11-26T00:00:00Z\"},"
                      "\"retry\":{\"max_retries\":2}," FIXED_FAIL ("1s", "1.0") "}]}");

  ork_scheduler_start (sim->scheduler);
  sim_run_until (sim, 5.5);
  g_assert_cmpint (job_status (sim, "a"), ==, ORK_JOB_STATUS_RETRYING);
  sim_run_until (sim, 100);
  /* 2 s after attempt 1, 4 s after attempt 2, then no retries left. */
  g_assert_cmpstr (sim->records->str, ==,
                   "a #1/1 FAILED injected-failure n=0 q=0 s=0 f=1 retry=2000\n"
                   "a #1/2 FAILED injected-failure n=0 q=3 s=3 f=4 retry=4000\n"
                   "a #1/3 FAILED injected-failure n=0 q=8 s=8 f=9\n");
  g_assert_cmpint (job_status (sim, "a"), ==, ORK_JOB_STATUS_FAILED);
  g_assert_nonnull (strstr (sim->transitions->str, "a #1 1 FAILED>RETRY_WAIT retry\n"));
  g_assert_nonnull (strstr (sim->transitions->str, "a #1 3 RETRY_WAIT>QUEUED retry\n"));
  sim_free (sim);
}

static void
test_retry_now (void)
{
  g_autoptr(GError) error = NULL;
  Sim *sim = sim_new ("{\"version\":1,\"jobs\":[{\"id\":\"a\",\"type\":\"batch\","
                      "\"schedule\":{\"kind\":\"once\",\"at\":\"2026-11-26T00:00:00Z\"},"
                      "\"retry\":{\"max_retries\":1,\"backoff\":\"fixed\",\"initial\":\"1m\"},"
                      FIXED_FAIL ("1s", "1.0") "}]}");

  ork_scheduler_start (sim->scheduler);
  sim_run_until (sim, 5);
  /* Waiting to retry at 61: retry now starts attempt 2 at once. */
  g_assert_true (ork_scheduler_retry_now (sim->scheduler, "a", 1, &error));
  g_assert_no_error (error);
  sim_run_until (sim, 10);
  /* Failed for good: one more attempt, manual-retry, and no automatic ones. */
  g_assert_true (ork_scheduler_retry_now (sim->scheduler, "a", 1, &error));
  g_assert_no_error (error);
  sim_run_until (sim, 200);
  g_assert_cmpstr (sim->records->str, ==,
                   "a #1/1 FAILED injected-failure n=0 q=0 s=0 f=1 retry=60000\n"
                   "a #1/2 FAILED injected-failure n=0 q=5 s=5 f=6\n"
                   "a #1/3 FAILED injected-failure n=0 q=10 s=10 f=11\n");
  g_assert_nonnull (strstr (sim->transitions->str, "a #1 10 FAILED>QUEUED manual-retry\n"));

  g_assert_false (ork_scheduler_retry_now (sim->scheduler, "a", 7, &error));
  g_assert_error (error, ORK_SCHEDULER_ERROR, ORK_SCHEDULER_ERROR_INVALID_STATE);
  g_clear_error (&error);
  g_assert_false (ork_scheduler_retry_now (sim->scheduler, "nope", 1, &error));
  g_assert_error (error, ORK_SCHEDULER_ERROR, ORK_SCHEDULER_ERROR_NO_SUCH_JOB);
  sim_free (sim);
}

static void
test_timeout (void)
{
  Sim *sim = sim_new ("{\"version\":1,\"jobs\":["
                      "{\"id\":\"slow\",\"type\":\"sync\",\"timeout\":\"2s\",\"retry\":{\"max_retries\":0},"
                      "\"schedule\":{\"kind\":\"once\",\"at\":\"2026-11-26T00:00:00Z\"}," FIXED ("5s") "},"
                      "{\"id\":\"hung\",\"type\":\"sync\",\"timeout\":\"3s\",\"retry\":{\"max_retries\":0},"
                      "\"schedule\":{\"kind\":\"once\",\"at\":\"2026-11-26T00:00:00Z\"},"
                      "\"simulation\":{\"latency\":{\"fixed\":\"1s\"},\"hang_rate\":1.0}}]}");

  ork_scheduler_start (sim->scheduler);
  sim_run_until (sim, 60);
  g_assert_cmpstr (sim->records->str, ==,
                   "slow #1/1 TIMED_OUT timeout n=0 q=0 s=0 f=2\n"
                   "hung #1/1 TIMED_OUT injected-hang n=0 q=0 s=0 f=3\n");
  sim_free (sim);
}

static void
test_timed_out_is_retried (void)
{
  Sim *sim = sim_new ("{\"version\":1,\"jobs\":["
                      "{\"id\":\"slow\",\"type\":\"sync\",\"timeout\":\"2s\",\"retry\":{\"max_retries\":1},"
                      "\"schedule\":{\"kind\":\"once\",\"at\":\"2026-11-26T00:00:00Z\"}," FIXED ("5s") "}]}");

  ork_scheduler_start (sim->scheduler);
  sim_run_until (sim, 60);
  g_assert_cmpstr (sim->records->str, ==,
                   "slow #1/1 TIMED_OUT timeout n=0 q=0 s=0 f=2 retry=2000\n"
                   "slow #1/2 TIMED_OUT timeout n=0 q=4 s=4 f=6\n");
  sim_free (sim);
}

static void
test_cancel (void)
{
  g_autoptr(GError) error = NULL;
  Sim *sim = sim_new ("{\"version\":1,\"jobs\":[{\"id\":\"a\",\"type\":\"batch\","
                      "\"schedule\":{\"kind\":\"once\",\"at\":\"2026-11-26T00:00:00Z\"},"
                      FIXED ("10s") "}]}");

  ork_scheduler_start (sim->scheduler);
  sim_run_until (sim, 4);
  g_assert_cmpint (job_status (sim, "a"), ==, ORK_JOB_STATUS_RUNNING);
  g_assert_cmpuint (ork_scheduler_get_n_running (sim->scheduler), ==, 1);
  g_assert_true (ork_scheduler_cancel (sim->scheduler, "a", 1, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (ork_scheduler_get_n_running (sim->scheduler), ==, 0);
  sim_run_until (sim, 60);
  /* Cancelled attempts are not retried. */
  g_assert_cmpstr (sim->records->str, ==, "a #1/1 CANCELLED user-cancel n=0 q=0 s=0 f=4\n");
  g_assert_cmpint (job_status (sim, "a"), ==, ORK_JOB_STATUS_IDLE);
  g_assert_false (ork_scheduler_cancel (sim->scheduler, "a", 1, &error));
  g_assert_error (error, ORK_SCHEDULER_ERROR, ORK_SCHEDULER_ERROR_NO_SUCH_RUN);
  sim_free (sim);
}

#define EVERY10(overlap, lat, extra) \
  "{\"version\":1,\"jobs\":[{\"id\":\"a\",\"type\":\"sync\",\"concurrency\":{\"overlap\":\"" overlap "\"" extra "}," \
  "\"schedule\":{\"kind\":\"interval\",\"every\":\"10s\"}," FIXED (lat) "}]}"

static void
test_overlap_skip (void)
{
  Sim *sim = sim_new (EVERY10 ("skip", "15s", ""));

  ork_scheduler_start (sim->scheduler);
  sim_run_until (sim, 36);
  g_assert_cmpstr (sim->records->str, ==,
                   "a #2/0 SKIPPED overlap n=10 q=- s=- f=- at=10\n"
                   "a #1/1 SUCCEEDED completed n=0 q=0 s=0 f=15\n"
                   "a #4/0 SKIPPED overlap n=30 q=- s=- f=- at=30\n"
                   "a #3/1 SUCCEEDED completed n=20 q=20 s=20 f=35\n");
  sim_free (sim);
}

static void
test_overlap_queue (void)
{
  Sim *sim = sim_new (EVERY10 ("queue", "25s", ""));

  ork_scheduler_start (sim->scheduler);
  sim_run_until (sim, 51);
  /* One run waits for the running one; a second one is skipped. */
  g_assert_cmpstr (sim->records->str, ==,
                   "a #3/0 SKIPPED overlap n=20 q=- s=- f=- at=20\n"
                   "a #1/1 SUCCEEDED completed n=0 q=0 s=0 f=25\n"
                   "a #5/0 SKIPPED overlap n=40 q=- s=- f=- at=40\n"
                   "a #2/1 SUCCEEDED completed n=10 q=10 s=25 f=50\n");
  sim_free (sim);
}

static void
test_overlap_replace (void)
{
  Sim *sim = sim_new (EVERY10 ("replace", "15s", ""));

  ork_scheduler_start (sim->scheduler);
  sim_run_until (sim, 21);
  g_assert_cmpstr (sim->records->str, ==,
                   "a #1/1 CANCELLED replaced n=0 q=0 s=0 f=10\n"
                   "a #2/1 CANCELLED replaced n=10 q=10 s=10 f=20\n");
  g_assert_cmpint (job_status (sim, "a"), ==, ORK_JOB_STATUS_RUNNING);
  sim_free (sim);
}

static void
test_overlap_allow (void)
{
  Sim *sim = sim_new (EVERY10 ("allow", "25s", ",\"max_running\":2"));

  ork_scheduler_start (sim->scheduler);
  sim_run_until (sim, 36);
  /* The third run waits for one of the two running ones. */
  g_assert_cmpstr (sim->records->str, ==,
                   "a #1/1 SUCCEEDED completed n=0 q=0 s=0 f=25\n"
                   "a #2/1 SUCCEEDED completed n=10 q=10 s=10 f=35\n");
  g_assert_nonnull (strstr (sim->transitions->str, "a #3 20 QUEUED>QUEUED max-running\n"));
  g_assert_nonnull (strstr (sim->transitions->str, "a #3 25 QUEUED>RUNNING max-running\n"));
  sim_free (sim);
}

static void
test_priority_and_workers (void)
{
  Sim *sim = sim_new ("{\"version\":1,\"settings\":{\"workers\":1},\"jobs\":["
                      "{\"id\":\"low\",\"type\":\"sync\",\"priority\":\"low\","
                      "\"schedule\":{\"kind\":\"once\",\"at\":\"2026-11-26T00:00:00Z\"}," FIXED ("1s") "},"
                      "{\"id\":\"crit\",\"type\":\"sync\",\"priority\":\"critical\","
                      "\"schedule\":{\"kind\":\"once\",\"at\":\"2026-11-26T00:00:00Z\"}," FIXED ("1s") "},"
                      "{\"id\":\"norm2\",\"type\":\"sync\","
                      "\"schedule\":{\"kind\":\"once\",\"at\":\"2026-11-26T00:00:00Z\"}," FIXED ("1s") "},"
                      "{\"id\":\"norm1\",\"type\":\"sync\","
                      "\"schedule\":{\"kind\":\"once\",\"at\":\"2026-11-26T00:00:00Z\"}," FIXED ("1s") "}]}");

  ork_scheduler_start (sim->scheduler);
  sim_run_until (sim, 0.5);
  g_assert_cmpuint (ork_scheduler_get_queue_depth (sim->scheduler), ==, 3);
  g_assert_cmpuint (ork_scheduler_get_n_running (sim->scheduler), ==, 1);
  sim_run_until (sim, 10);
  /* Priority, then nominal time, then job id. */
  g_assert_cmpstr (sim->records->str, ==,
                   "crit #1/1 SUCCEEDED completed n=0 q=0 s=0 f=1\n"
                   "norm1 #1/1 SUCCEEDED completed n=0 q=0 s=1 f=2\n"
                   "norm2 #1/1 SUCCEEDED completed n=0 q=0 s=2 f=3\n"
                   "low #1/1 SUCCEEDED completed n=0 q=0 s=3 f=4\n");
  g_assert_nonnull (strstr (sim->transitions->str, "low #1 0 QUEUED>QUEUED concurrency-limit\n"));
  g_assert_nonnull (strstr (sim->transitions->str, "low #1 3 QUEUED>RUNNING concurrency-limit\n"));
  sim_free (sim);
}

static void
test_priority_change_while_queued (void)
{
  Sim *sim = sim_new ("{\"version\":1,\"settings\":{\"workers\":1},\"jobs\":["
                      "{\"id\":\"a\",\"type\":\"sync\","
                      "\"schedule\":{\"kind\":\"once\",\"at\":\"2026-11-26T00:00:00Z\"}," FIXED ("1s") "},"
                      "{\"id\":\"b\",\"type\":\"sync\","
                      "\"schedule\":{\"kind\":\"once\",\"at\":\"2026-11-26T00:00:00Z\"}," FIXED ("1s") "},"
                      "{\"id\":\"c\",\"type\":\"sync\","
                      "\"schedule\":{\"kind\":\"once\",\"at\":\"2026-11-26T00:00:00Z\"}," FIXED ("1s") "}]}");

  ork_scheduler_start (sim->scheduler);
  sim_run_until (sim, 0.5);
  /* b and c wait; raising c's priority puts it ahead of b. */
  ork_job_set_priority (ork_workspace_find_job (sim->workspace, "c"), ORK_PRIORITY_CRITICAL);
  sim_run_until (sim, 10);
  g_assert_cmpstr (sim->records->str, ==,
                   "a #1/1 SUCCEEDED completed n=0 q=0 s=0 f=1\n"
                   "c #1/1 SUCCEEDED completed n=0 q=0 s=1 f=2\n"
                   "b #1/1 SUCCEEDED completed n=0 q=0 s=2 f=3\n");
  sim_free (sim);
}

static void
test_group_limit (void)
{
  Sim *sim = sim_new ("{\"version\":1,\"settings\":{\"workers\":4,\"groups\":{\"net\":1}},\"jobs\":["
                      "{\"id\":\"a\",\"type\":\"sync\",\"concurrency\":{\"group\":\"net\"},"
                      "\"schedule\":{\"kind\":\"once\",\"at\":\"2026-11-26T00:00:00Z\"}," FIXED ("2s") "},"
                      "{\"id\":\"b\",\"type\":\"sync\",\"concurrency\":{\"group\":\"net\"},"
                      "\"schedule\":{\"kind\":\"once\",\"at\":\"2026-11-26T00:00:00Z\"}," FIXED ("2s") "},"
                      "{\"id\":\"c\",\"type\":\"sync\","
                      "\"schedule\":{\"kind\":\"once\",\"at\":\"2026-11-26T00:00:00Z\"}," FIXED ("2s") "}]}");

  ork_scheduler_start (sim->scheduler);
  sim_run_until (sim, 10);
  g_assert_cmpstr (sim->records->str, ==,
                   "a #1/1 SUCCEEDED completed n=0 q=0 s=0 f=2\n"
                   "c #1/1 SUCCEEDED completed n=0 q=0 s=0 f=2\n"
                   "b #1/1 SUCCEEDED completed n=0 q=0 s=2 f=4\n");
  g_assert_nonnull (strstr (sim->transitions->str, "b #1 0 QUEUED>QUEUED group-limit\n"));
  sim_free (sim);
}

#define QUIET_WS(policy, job_quiet) \
  "{\"version\":1,\"settings\":{\"quiet_hours\":{\"windows\":[{\"from\":\"00:00\",\"to\":\"01:00\"}]," \
  "\"policy\":\"" policy "\"}},\"jobs\":[{\"id\":\"a\",\"type\":\"sync\"" job_quiet "," \
  "\"schedule\":{\"kind\":\"interval\",\"every\":\"20m\"}," FIXED ("1s") "}]}"

static void
test_quiet_hours_defer (void)
{
  Sim *sim = sim_new (QUIET_WS ("defer", ""));

  ork_scheduler_start (sim->scheduler);
  sim_run_until (sim, 50 * 60);
  g_assert_cmpint (job_status (sim, "a"), ==, ORK_JOB_STATUS_QUEUED);
  sim_run_until (sim, 81 * 60);
  /* Fires at 00:00, 00:20, 00:40 wait for 01:00 and become one run, the
   * latest; the 01:00 fire then finds it running. */
  g_assert_cmpstr (sim->records->str, ==,
                   "a #1/0 SKIPPED coalesced n=0 q=- s=- f=- at=1200\n"
                   "a #2/0 SKIPPED coalesced n=1200 q=- s=- f=- at=2400\n"
                   "a #4/0 SKIPPED overlap n=3600 q=- s=- f=- at=3600\n"
                   "a #3/1 SUCCEEDED completed n=2400 q=3600 s=3600 f=3601\n"
                   "a #5/1 SUCCEEDED completed n=4800 q=4800 s=4800 f=4801\n");
  g_assert_nonnull (strstr (sim->transitions->str, "a #1 0 SCHEDULED>SCHEDULED quiet-hours\n"));
  sim_free (sim);
}

static void
test_quiet_hours_skip (void)
{
  Sim *sim = sim_new (QUIET_WS ("skip", ""));

  ork_scheduler_start (sim->scheduler);
  sim_run_until (sim, 61 * 60);
  g_assert_cmpstr (sim->records->str, ==,
                   "a #1/0 SKIPPED quiet-hours n=0 q=- s=- f=- at=0\n"
                   "a #2/0 SKIPPED quiet-hours n=1200 q=- s=- f=- at=1200\n"
                   "a #3/0 SKIPPED quiet-hours n=2400 q=- s=- f=- at=2400\n"
                   "a #4/1 SUCCEEDED completed n=3600 q=3600 s=3600 f=3601\n");
  sim_free (sim);
}

static void
test_quiet_hours_ignore_and_own (void)
{
  Sim *sim = sim_new (QUIET_WS ("skip", ",\"quiet_hours\":\"ignore\""));
  Sim *own = sim_new (QUIET_WS ("skip", ",\"quiet_hours\":{\"windows\":[{\"from\":\"00:30\",\"to\":\"00:50\"}],"
                                "\"policy\":\"skip\"}"));

  ork_scheduler_start (sim->scheduler);
  sim_run_until (sim, 30 * 60);
  g_assert_cmpstr (sim->records->str, ==,
                   "a #1/1 SUCCEEDED completed n=0 q=0 s=0 f=1\n"
                   "a #2/1 SUCCEEDED completed n=1200 q=1200 s=1200 f=1201\n");

  /* Its own windows replace the workspace's. */
  ork_scheduler_start (own->scheduler);
  sim_run_until (own, 50 * 60);
  g_assert_cmpstr (own->records->str, ==,
                   "a #1/1 SUCCEEDED completed n=0 q=0 s=0 f=1\n"
                   "a #2/1 SUCCEEDED completed n=1200 q=1200 s=1200 f=1201\n"
                   "a #3/0 SKIPPED quiet-hours n=2400 q=- s=- f=- at=2400\n");
  sim_free (sim);
  sim_free (own);
}

static void
test_quiet_hours_hold_retries (void)
{
  /* Fails at 00:59:59 + 1 s; the retry 2 s later falls in the 01:00-02:00
   * window and waits for its end, and nextRetryIn says so. */
  Sim *sim = sim_new ("{\"version\":1,\"settings\":{\"quiet_hours\":{\"windows\":[{\"from\":\"01:00\","
                      "\"to\":\"02:00\"}],\"policy\":\"skip\"}},\"jobs\":[{\"id\":\"a\",\"type\":\"sync\","
                      "\"retry\":{\"max_retries\":1},"
                      "\"schedule\":{\"kind\":\"once\",\"at\":\"2026-11-26T00:59:59Z\"},"
                      FIXED_FAIL ("1s", "1.0") "}]}");

  ork_scheduler_start (sim->scheduler);
  sim_run_until (sim, 3 * 3600);
  g_assert_cmpstr (sim->records->str, ==,
                   "a #1/1 FAILED injected-failure n=3599 q=3599 s=3599 f=3600 retry=3600000\n"
                   "a #1/2 FAILED injected-failure n=3599 q=7200 s=7200 f=7201\n");
  g_assert_nonnull (strstr (sim->transitions->str, "a #1 3600 RETRY_WAIT>RETRY_WAIT quiet-hours\n"));
  sim_free (sim);
}

static void
test_run_now_ignores_quiet_hours (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(OrkRun) run = NULL;
  Sim *sim = sim_new ("{\"version\":1,\"settings\":{\"quiet_hours\":{\"windows\":[{\"from\":\"00:00\","
                      "\"to\":\"01:00\"}],\"policy\":\"skip\"}},\"jobs\":[{\"id\":\"a\",\"type\":\"sync\","
                      "\"schedule\":{\"kind\":\"manual\"}," FIXED ("1s") "}]}");

  ork_scheduler_start (sim->scheduler);
  sim_run_until (sim, 600);
  g_assert_cmpint (job_status (sim, "a"), ==, ORK_JOB_STATUS_IDLE);
  run = ork_scheduler_run_now (sim->scheduler, "a", &error);
  g_assert_no_error (error);
  g_assert_nonnull (run);
  g_assert_cmpuint (ork_run_get_run_id (run), ==, 1);
  sim_run_until (sim, 700);
  g_assert_cmpstr (sim->records->str, ==, "a #1/1 SUCCEEDED completed n=600 q=600 s=600 f=601\n");
  g_assert_nonnull (strstr (sim->transitions->str, "a #1 600 SCHEDULED>QUEUED manual\n"));
  sim_free (sim);
}

#define MISSED_WS(policy, every, grace) \
  "{\"version\":1,\"jobs\":[{\"id\":\"a\",\"type\":\"sync\",\"missed_runs\":{\"policy\":\"" policy "\"," \
  "\"grace\":" grace "},\"schedule\":{\"kind\":\"interval\",\"every\":\"" every "\"}," FIXED ("1s") "}]}"

static Sim *
run_paused_gap (const char *json,
                double      pause_at,
                double      resume_at,
                double      until)
{
  Sim *sim = sim_new (json);

  ork_scheduler_start (sim->scheduler);
  sim_run_until (sim, pause_at);
  ork_scheduler_set_paused (sim->scheduler, TRUE);
  sim_run_until (sim, resume_at);
  ork_scheduler_set_paused (sim->scheduler, FALSE);
  sim_run_until (sim, until);
  return sim;
}

static void
test_missed_skip (void)
{
  Sim *sim = run_paused_gap (MISSED_WS ("skip", "1m", "0"), 30, 330, 340);

  g_assert_cmpstr (sim->records->str, ==,
                   "a #1/1 SUCCEEDED completed n=0 q=0 s=0 f=1\n"
                   "a #2/0 SKIPPED missed n=60 q=- s=- f=- at=330\n"
                   "a #3/0 SKIPPED missed n=120 q=- s=- f=- at=330\n"
                   "a #4/0 SKIPPED missed n=180 q=- s=- f=- at=330\n"
                   "a #5/0 SKIPPED missed n=240 q=- s=- f=- at=330\n"
                   "a #6/0 SKIPPED missed n=300 q=- s=- f=- at=330\n");
  sim_free (sim);
}

static void
test_missed_run_once (void)
{
  Sim *sim = run_paused_gap (MISSED_WS ("run_once", "1m", "0"), 30, 330, 340);

  g_assert_cmpstr (sim->records->str, ==,
                   "a #1/1 SUCCEEDED completed n=0 q=0 s=0 f=1\n"
                   "a #2/0 SKIPPED coalesced n=60 q=- s=- f=- at=330\n"
                   "a #3/0 SKIPPED coalesced n=120 q=- s=- f=- at=330\n"
                   "a #4/0 SKIPPED coalesced n=180 q=- s=- f=- at=330\n"
                   "a #5/0 SKIPPED coalesced n=240 q=- s=- f=- at=330\n"
                   "a #6/1 SUCCEEDED completed n=300 q=330 s=330 f=331\n");
  g_assert_nonnull (strstr (sim->transitions->str, "a #6 330 SCHEDULED>QUEUED missed\n"));
  sim_free (sim);
}

static void
test_missed_grace (void)
{
  /* With a grace of 1 minute the fire at 300, noticed at 330, is on time. */
  Sim *sim = run_paused_gap (MISSED_WS ("skip", "1m", "\"1m\""), 30, 330, 340);

  g_assert_cmpstr (sim->records->str, ==,
                   "a #1/1 SUCCEEDED completed n=0 q=0 s=0 f=1\n"
                   "a #2/0 SKIPPED missed n=60 q=- s=- f=- at=330\n"
                   "a #3/0 SKIPPED missed n=120 q=- s=- f=- at=330\n"
                   "a #4/0 SKIPPED missed n=180 q=- s=- f=- at=330\n"
                   "a #5/0 SKIPPED missed n=240 q=- s=- f=- at=330\n"
                   "a #6/1 SUCCEEDED completed n=300 q=330 s=330 f=331\n");
  g_assert_nonnull (strstr (sim->transitions->str, "a #6 330 SCHEDULED>QUEUED schedule\n"));
  sim_free (sim);
}

static void
test_missed_run_all (void)
{
  Sim *sim = run_paused_gap (MISSED_WS ("run_all", "1m", "0"), 30, 330, 400);

  /* One after another, oldest first. */
  g_assert_cmpstr (sim->records->str, ==,
                   "a #1/1 SUCCEEDED completed n=0 q=0 s=0 f=1\n"
                   "a #2/1 SUCCEEDED completed n=60 q=330 s=330 f=331\n"
                   "a #3/1 SUCCEEDED completed n=120 q=331 s=331 f=332\n"
                   "a #4/1 SUCCEEDED completed n=180 q=332 s=332 f=333\n"
                   "a #5/1 SUCCEEDED completed n=240 q=333 s=333 f=334\n"
                   "a #6/1 SUCCEEDED completed n=300 q=334 s=334 f=335\n"
                   "a #7/1 SUCCEEDED completed n=360 q=360 s=360 f=361\n");
  sim_free (sim);
}

static void
test_missed_run_all_cap (void)
{
  Sim *sim = run_paused_gap (MISSED_WS ("run_all", "1s", "0"), 0.5, 150.5, 150.6);
  g_auto(GStrv) lines = g_strsplit (sim->records->str, "\n", -1);
  guint skipped = 0;

  /* 150 missed fires (1 .. 150): the oldest 50 are skipped, the latest 100 run. */
  for (guint i = 0; lines[i] != NULL; i++)
    if (strstr (lines[i], "SKIPPED missed") != NULL)
      skipped++;
  g_assert_cmpuint (skipped, ==, 50);
  g_assert_nonnull (strstr (sim->records->str, "a #51/0 SKIPPED missed n=50 "));
  g_assert_null (strstr (sim->records->str, "a #52/0 SKIPPED"));
  g_assert_cmpuint (ork_scheduler_get_n_running (sim->scheduler), ==, 1);
  sim_free (sim);
}

static void
test_missed_from_history (void)
{
  Sim *sim = sim_new (MISSED_WS ("run_once", "1m", "\"1m\""));

  /* Last fired run 7 at -300 s: the fires at -240 .. 0 fell while the
   * program was closed. With a grace of 1 minute, -60 and 0 are on time. */
  ork_scheduler_restore_job (sim->scheduler, "a", 7, START - SEC (300), START - SEC (299));
  ork_scheduler_start (sim->scheduler);
  sim_run_until (sim, 5);
  g_assert_cmpstr (sim->records->str, ==,
                   "a #8/0 SKIPPED coalesced n=-240 q=- s=- f=- at=0\n"
                   "a #9/0 SKIPPED coalesced n=-180 q=- s=- f=- at=0\n"
                   "a #11/0 SKIPPED overlap n=-60 q=- s=- f=- at=0\n"
                   "a #12/0 SKIPPED overlap n=0 q=- s=- f=- at=0\n"
                   "a #10/1 SUCCEEDED completed n=-120 q=0 s=0 f=1\n");
  sim_free (sim);
}

static void
test_once_in_the_past (void)
{
  Sim *run_once = sim_new ("{\"version\":1,\"jobs\":[{\"id\":\"a\",\"type\":\"sync\","
                           "\"schedule\":{\"kind\":\"once\",\"at\":\"2026-11-25T12:00:00+01:00\"},"
                           FIXED ("1s") "}]}");
  Sim *skip = sim_new ("{\"version\":1,\"jobs\":[{\"id\":\"a\",\"type\":\"sync\","
                       "\"missed_runs\":{\"policy\":\"skip\"},"
                       "\"schedule\":{\"kind\":\"once\",\"at\":\"2026-11-25T12:00:00+01:00\"},"
                       FIXED ("1s") "}]}");
  Sim *future = sim_new ("{\"version\":1,\"jobs\":[{\"id\":\"a\",\"type\":\"sync\","
                         "\"schedule\":{\"kind\":\"once\",\"at\":\"2026-11-26T01:00:00+01:00\"},"
                         FIXED ("1s") "}]}");

  /* 11:00 UTC the day before: 13 hours late. */
  ork_scheduler_start (run_once->scheduler);
  sim_run_until (run_once, 10);
  g_assert_cmpstr (run_once->records->str, ==,
                   "a #1/1 SUCCEEDED completed n=-46800 q=0 s=0 f=1\n");
  g_assert_nonnull (strstr (run_once->transitions->str, "a #1 0 SCHEDULED>QUEUED missed\n"));
  g_assert_cmpint (job_status (run_once, "a"), ==, ORK_JOB_STATUS_IDLE);

  ork_scheduler_start (skip->scheduler);
  sim_run_until (skip, 10);
  g_assert_cmpstr (skip->records->str, ==, "a #1/0 SKIPPED missed n=-46800 q=- s=- f=- at=0\n");

  /* 01:00+01:00 is the start itself: on time. */
  ork_scheduler_start (future->scheduler);
  sim_run_until (future, 10);
  g_assert_cmpstr (future->records->str, ==, "a #1/1 SUCCEEDED completed n=0 q=0 s=0 f=1\n");
  sim_free (run_once);
  sim_free (skip);
  sim_free (future);
}

static void
test_paused_job (void)
{
  g_autoptr(GError) error = NULL;
  Sim *sim = sim_new (MISSED_WS ("run_all", "1m", "0"));

  ork_scheduler_start (sim->scheduler);
  sim_run_until (sim, 30);
  g_assert_true (ork_scheduler_pause_job (sim->scheduler, "a", &error));
  g_assert_cmpint (job_status (sim, "a"), ==, ORK_JOB_STATUS_PAUSED);
  g_assert_true (ork_job_get_paused (ork_workspace_find_job (sim->workspace, "a")));
  sim_run_until (sim, 330);
  g_assert_true (ork_scheduler_resume_job (sim->scheduler, "a", &error));
  g_assert_no_error (error);
  sim_run_until (sim, 365);
  /* Nothing missed: the next fire counts from the resume. */
  g_assert_cmpstr (sim->records->str, ==,
                   "a #1/1 SUCCEEDED completed n=0 q=0 s=0 f=1\n"
                   "a #2/1 SUCCEEDED completed n=360 q=360 s=360 f=361\n");
  sim_free (sim);
}

static void
test_disabled_job (void)
{
  g_autoptr(GError) error = NULL;
  Sim *sim = sim_new ("{\"version\":1,\"jobs\":[{\"id\":\"a\",\"type\":\"sync\",\"enabled\":false,"
                      "\"schedule\":{\"kind\":\"interval\",\"every\":\"10s\"}}]}");

  ork_scheduler_start (sim->scheduler);
  sim_run_until (sim, 100);
  g_assert_cmpstr (sim->records->str, ==, "");
  g_assert_cmpint (job_status (sim, "a"), ==, ORK_JOB_STATUS_DISABLED);
  g_assert_null (ork_scheduler_run_now (sim->scheduler, "a", &error));
  g_assert_error (error, ORK_SCHEDULER_ERROR, ORK_SCHEDULER_ERROR_INVALID_STATE);
  sim_free (sim);
}

static void
test_start_jitter (void)
{
  Sim *sim = sim_new ("{\"version\":1,\"jobs\":[{\"id\":\"a\",\"type\":\"sync\",\"start_jitter\":\"5s\","
                      "\"schedule\":{\"kind\":\"interval\",\"every\":\"1m\"}," FIXED ("1s") "}]}");
  Sim *again = sim_new ("{\"version\":1,\"jobs\":[{\"id\":\"a\",\"type\":\"sync\",\"start_jitter\":\"5s\","
                        "\"schedule\":{\"kind\":\"interval\",\"every\":\"1m\"}," FIXED ("1s") "}]}");
  g_autoptr(GPtrArray) starts = g_ptr_array_new ();
  g_auto(GStrv) lines = NULL;
  gboolean spread = FALSE;

  ork_scheduler_start (sim->scheduler);
  sim_run_until (sim, 3600);
  ork_scheduler_start (again->scheduler);
  sim_run_until (again, 3600);
  g_assert_cmpstr (sim->records->str, ==, again->records->str);

  lines = g_strsplit (sim->records->str, "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, 61);
  for (guint i = 0; lines[i] != NULL && lines[i][0] != '\0'; i++)
    {
      double n = g_ascii_strtod (strstr (lines[i], "n=") + 2, NULL);
      double s = g_ascii_strtod (strstr (lines[i], "s=") + 2, NULL);

      g_assert_cmpfloat (s, >=, n);
      g_assert_cmpfloat (s, <=, n + 5.0);
      if (s - n > 0.5 && s - n < 4.5)
        spread = TRUE;
    }
  g_assert_true (spread);
  sim_free (sim);
  sim_free (again);
}

static void
test_failure_multiplier (void)
{
  Sim *sim = sim_new ("{\"version\":1,\"jobs\":[{\"id\":\"a\",\"type\":\"sync\",\"retry\":{\"max_retries\":0},"
                      "\"schedule\":{\"kind\":\"interval\",\"every\":\"10s\"}," FIXED_FAIL ("1s", "0.5") "}]}");

  ork_scheduler_set_failure_multiplier (sim->scheduler, 0.0);
  ork_scheduler_start (sim->scheduler);
  sim_run_until (sim, 200);
  g_assert_null (strstr (sim->records->str, "FAILED"));
  /* Applied live: from now on every attempt fails (0.5 × 2 = 1). */
  ork_scheduler_set_failure_multiplier (sim->scheduler, 2.0);
  g_string_truncate (sim->records, 0);
  sim_run_until (sim, 400);
  g_assert_null (strstr (sim->records->str, "SUCCEEDED"));
  g_assert_nonnull (strstr (sim->records->str, "FAILED"));
  sim_free (sim);
}

static void
test_chaos_window (void)
{
  Sim *sim = sim_new ("{\"version\":1,\"jobs\":[{\"id\":\"a\",\"type\":\"sync\",\"retry\":{\"max_retries\":0},"
                      "\"schedule\":{\"kind\":\"interval\",\"every\":\"10s\"},"
                      "\"simulation\":{\"latency\":{\"fixed\":\"1s\"},\"failure_rate\":0,"
                      "\"chaos\":[{\"from\":\"2026-11-26T00:01:00Z\",\"to\":\"2026-11-26T00:02:00Z\","
                      "\"failure_rate\":1.0}]}}]}");

  ork_scheduler_start (sim->scheduler);
  sim_run_until (sim, 180);
  g_assert_nonnull (strstr (sim->records->str, "a #6/1 SUCCEEDED completed n=50 "));
  g_assert_nonnull (strstr (sim->records->str, "a #7/1 FAILED injected-failure n=60 "));
  g_assert_nonnull (strstr (sim->records->str, "a #12/1 FAILED injected-failure n=110 "));
  g_assert_nonnull (strstr (sim->records->str, "a #13/1 SUCCEEDED completed n=120 "));
  sim_free (sim);
}

static const char *determinism_ws =
  "{\"version\":1,\"settings\":{\"workers\":8},\"jobs\":["
  "{\"id\":\"sync\",\"type\":\"sync\",\"schedule\":{\"kind\":\"interval\",\"every\":\"7s\"},"
  "\"simulation\":{\"failure_rate\":0.3},\"start_jitter\":\"2s\"},"
  "{\"id\":\"batch\",\"type\":\"batch\",\"schedule\":{\"kind\":\"cron\",\"expr\":\"*/5 * * * *\"},"
  "\"retry\":{\"jitter\":\"full\"},\"simulation\":{\"failure_rate\":0.4,\"hang_rate\":0.05},\"timeout\":\"4m\"},"
  "{\"id\":\"metrics\",\"type\":\"metrics\",\"schedule\":{\"kind\":\"interval\",\"every\":\"15s\"},"
  "\"simulation\":{\"failure_rate\":0.1}}%s]}";

static char *
simulate_records (const char *extra_job,
                  guint64     seed,
                  const char *only_job)
{
  g_autofree char *json = g_strdup_printf (determinism_ws, extra_job);
  Sim *sim = sim_new (json);
  g_autoptr(GString) out = g_string_new (NULL);
  g_auto(GStrv) lines = NULL;

  ork_scheduler_set_seed (sim->scheduler, seed);
  ork_scheduler_start (sim->scheduler);
  sim_run_until (sim, 3 * 3600);
  lines = g_strsplit (sim->records->str, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    if (only_job == NULL || g_str_has_prefix (lines[i], only_job))
      g_string_append_printf (out, "%s\n", lines[i]);
  sim_free (sim);
  return g_string_free (g_steal_pointer (&out), FALSE);
}

static void
test_determinism (void)
{
  g_autofree char *a = simulate_records ("", 1, NULL);
  g_autofree char *b = simulate_records ("", 1, NULL);
  g_autofree char *c = simulate_records ("", 2, NULL);

  g_assert_cmpuint (strlen (a), >, 10000);
  g_assert_nonnull (strstr (a, "FAILED"));
  g_assert_nonnull (strstr (a, "SUCCEEDED"));
  g_assert_cmpstr (a, ==, b);
  g_assert_cmpstr (a, !=, c);
}

static void
test_added_job_changes_nothing_else (void)
{
  const char *extra = ",{\"id\":\"aaa\",\"type\":\"cleanup\",\"priority\":\"critical\","
                      "\"schedule\":{\"kind\":\"interval\",\"every\":\"3s\"},"
                      "\"simulation\":{\"failure_rate\":0.5}}";
  const char *jobs[] = { "sync ", "batch ", "metrics " };

  for (guint i = 0; i < G_N_ELEMENTS (jobs); i++)
    {
      g_autofree char *without = simulate_records ("", 1, jobs[i]);
      g_autofree char *with = simulate_records (extra, 1, jobs[i]);

      g_assert_cmpuint (strlen (without), >, 100);
      g_assert_cmpstr (without, ==, with);
    }
}

static void
test_job_list_changes (void)
{
  g_autoptr(OrkJob) job = NULL;
  g_autoptr(OrkSchedule) schedule = ork_schedule_new_interval (30000);
  Sim *sim = sim_new ("{\"version\":1,\"jobs\":[{\"id\":\"a\",\"type\":\"sync\","
                      "\"schedule\":{\"kind\":\"interval\",\"every\":\"1m\"}," FIXED ("1s") "}]}");

  ork_scheduler_start (sim->scheduler);
  sim_run_until (sim, 10);

  /* A job added while the engine runs starts from now. */
  job = ork_job_new ("b", ORK_JOB_TYPE_CLEANUP);
  g_assert_true (ork_schedule_prepare (schedule, NULL));
  ork_job_set_schedule (job, schedule);
  ork_workspace_add_job (sim->workspace, job);
  g_assert_cmpint (ork_scheduler_get_next_fire (sim->scheduler, "b"), ==, START + SEC (30));

  /* A removed one stops. */
  g_assert_true (ork_workspace_remove_job (sim->workspace, "a"));
  g_assert_cmpint (ork_scheduler_get_next_fire (sim->scheduler, "a"), ==, ORK_TIME_NEVER);
  sim_run_until (sim, 100);
  g_assert_null (strstr (sim->records->str, "a #2"));
  g_assert_nonnull (strstr (sim->records->str, "b #1/1 SUCCEEDED completed n=30 "));
  g_assert_nonnull (strstr (sim->records->str, "b #3/1 SUCCEEDED completed n=90 "));
  sim_free (sim);
}

static void
test_schedule_edit (void)
{
  g_autoptr(OrkSchedule) schedule = ork_schedule_new_interval (5000);
  Sim *sim = sim_new ("{\"version\":1,\"jobs\":[{\"id\":\"a\",\"type\":\"sync\","
                      "\"schedule\":{\"kind\":\"interval\",\"every\":\"1h\"}," FIXED ("1s") "}]}");

  ork_scheduler_start (sim->scheduler);
  sim_run_until (sim, 12);
  g_assert_true (ork_schedule_prepare (schedule, NULL));
  ork_job_set_schedule (ork_workspace_find_job (sim->workspace, "a"), schedule);
  g_assert_cmpint (ork_scheduler_get_next_fire (sim->scheduler, "a"), ==, START + SEC (15));
  sim_run_until (sim, 22);
  g_assert_cmpstr (sim->records->str, ==,
                   "a #1/1 SUCCEEDED completed n=0 q=0 s=0 f=1\n"
                   "a #2/1 SUCCEEDED completed n=15 q=15 s=15 f=16\n"
                   "a #3/1 SUCCEEDED completed n=20 q=20 s=20 f=21\n");
  sim_free (sim);
}

static void
test_job_edit_applies (void)
{
  Sim *sim = sim_new ("{\"version\":1,\"jobs\":[{\"id\":\"a\",\"type\":\"sync\","
                      "\"retry\":{\"max_retries\":0},"
                      "\"schedule\":{\"kind\":\"interval\",\"every\":\"10s\"}," FIXED ("3s") "}]}");
  OrkJob *job = ork_workspace_find_job (sim->workspace, "a");

  ork_scheduler_start (sim->scheduler);
  sim_run_until (sim, 5);
  /* The engine reads the edited timeout and overlap from the next run on. */
  ork_job_set_timeout (job, 2000);
  sim_run_until (sim, 15);
  g_assert_cmpstr (sim->records->str, ==,
                   "a #1/1 SUCCEEDED completed n=0 q=0 s=0 f=3\n"
                   "a #2/1 TIMED_OUT timeout n=10 q=10 s=10 f=12\n");
  sim_free (sim);
}

static void
test_cron_in_zone (void)
{
  /* 09:00 Berlin is 08:00 UTC in November. */
  Sim *sim = sim_new ("{\"version\":1,\"jobs\":[{\"id\":\"a\",\"type\":\"sync\","
                      "\"schedule\":{\"kind\":\"cron\",\"expr\":\"0 9 * * *\",\"timezone\":\"Europe/Berlin\"},"
                      FIXED ("1s") "}]}");

  ork_scheduler_start (sim->scheduler);
  sim_run_until (sim, 2 * 86400);
  g_assert_cmpstr (sim->records->str, ==,
                   "a #1/1 SUCCEEDED completed n=28800 q=28800 s=28800 f=28801\n"
                   "a #2/1 SUCCEEDED completed n=115200 q=115200 s=115200 f=115201\n");
  sim_free (sim);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/scheduler/interval", test_interval);
  g_test_add_func ("/core/scheduler/interval-from-completion", test_interval_from_completion);
  g_test_add_func ("/core/scheduler/cron-in-zone", test_cron_in_zone);
  g_test_add_func ("/core/scheduler/retry-default-policy", test_retry_default_policy);
  g_test_add_func ("/core/scheduler/retry-now", test_retry_now);
  g_test_add_func ("/core/scheduler/timeout", test_timeout);
  g_test_add_func ("/core/scheduler/timed-out-is-retried", test_timed_out_is_retried);
  g_test_add_func ("/core/scheduler/cancel", test_cancel);
  g_test_add_func ("/core/scheduler/overlap-skip", test_overlap_skip);
  g_test_add_func ("/core/scheduler/overlap-queue", test_overlap_queue);
  g_test_add_func ("/core/scheduler/overlap-replace", test_overlap_replace);
  g_test_add_func ("/core/scheduler/overlap-allow", test_overlap_allow);
  g_test_add_func ("/core/scheduler/priority-and-workers", test_priority_and_workers);
  g_test_add_func ("/core/scheduler/priority-change-while-queued", test_priority_change_while_queued);
  g_test_add_func ("/core/scheduler/group-limit", test_group_limit);
  g_test_add_func ("/core/scheduler/quiet-hours-defer", test_quiet_hours_defer);
  g_test_add_func ("/core/scheduler/quiet-hours-skip", test_quiet_hours_skip);
  g_test_add_func ("/core/scheduler/quiet-hours-ignore-and-own", test_quiet_hours_ignore_and_own);
  g_test_add_func ("/core/scheduler/quiet-hours-hold-retries", test_quiet_hours_hold_retries);
  g_test_add_func ("/core/scheduler/run-now-ignores-quiet-hours", test_run_now_ignores_quiet_hours);
  g_test_add_func ("/core/scheduler/missed-skip", test_missed_skip);
  g_test_add_func ("/core/scheduler/missed-run-once", test_missed_run_once);
  g_test_add_func ("/core/scheduler/missed-grace", test_missed_grace);
  g_test_add_func ("/core/scheduler/missed-run-all", test_missed_run_all);
  g_test_add_func ("/core/scheduler/missed-run-all-cap", test_missed_run_all_cap);
  g_test_add_func ("/core/scheduler/missed-from-history", test_missed_from_history);
  g_test_add_func ("/core/scheduler/once-in-the-past", test_once_in_the_past);
  g_test_add_func ("/core/scheduler/paused-job", test_paused_job);
  g_test_add_func ("/core/scheduler/disabled-job", test_disabled_job);
  g_test_add_func ("/core/scheduler/start-jitter", test_start_jitter);
  g_test_add_func ("/core/scheduler/failure-multiplier", test_failure_multiplier);
  g_test_add_func ("/core/scheduler/chaos-window", test_chaos_window);
  g_test_add_func ("/core/scheduler/determinism", test_determinism);
  g_test_add_func ("/core/scheduler/added-job-changes-nothing-else", test_added_job_changes_nothing_else);
  g_test_add_func ("/core/scheduler/job-list-changes", test_job_list_changes);
  g_test_add_func ("/core/scheduler/schedule-edit", test_schedule_edit);
  g_test_add_func ("/core/scheduler/job-edit-applies", test_job_edit_applies);

  return g_test_run ();
}
