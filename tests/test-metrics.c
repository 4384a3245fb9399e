/* test-metrics.c — metrics of a real engine on the virtual clock, against
 * brute force over its records
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "ork-history.h"
#include "ork-metrics.h"
#include "ork-scheduler.h"
#include "ork-workspace.h"

/* 2026-11-26T00:00:00Z */
#define START G_GINT64_CONSTANT (1795651200000000)
#define SEC(s) ((gint64) ((s) * 1000000.0))
#define MINUTE SEC (60)

typedef struct
{
  OrkWorkspace *workspace;
  OrkClock     *clock;
  OrkScheduler *scheduler;
  OrkMetrics   *metrics;
  GPtrArray    *records;
} Sim;

static void
on_record (OrkScheduler *scheduler,
           OrkRecord    *r,
           Sim          *sim)
{
  g_ptr_array_add (sim->records, ork_record_copy (r));
}

static Sim *
sim_new (const char *json)
{
  g_autoptr(GError) error = NULL;
  Sim *sim = g_new0 (Sim, 1);

  sim->workspace = ork_workspace_load_from_data (json, -1, "test.json", NULL, &error);
  g_assert_no_error (error);
  sim->clock = ork_virtual_clock_new (START);
  sim->scheduler = ork_scheduler_new (sim->workspace, sim->clock);
  sim->metrics = ork_metrics_new ();
  sim->records = g_ptr_array_new_with_free_func ((GDestroyNotify) ork_record_free);
  g_signal_connect (sim->scheduler, "record", G_CALLBACK (on_record), sim);
  ork_metrics_attach (sim->metrics, sim->scheduler);
  g_assert_true (ork_metrics_get_scheduler (sim->metrics) == sim->scheduler);
  return sim;
}

static void
sim_run (Sim    *sim,
         double  seconds)
{
  ork_scheduler_start (sim->scheduler);
  ork_virtual_clock_advance_to (ORK_VIRTUAL_CLOCK (sim->clock), START + SEC (seconds));
}

static void
sim_free (Sim *sim)
{
  g_object_unref (sim->metrics);
  g_object_unref (sim->scheduler);
  g_object_unref (sim->clock);
  g_object_unref (sim->workspace);
  g_ptr_array_unref (sim->records);
  g_free (sim);
}

/* Brute force over records, with the definitions of ork-metrics.h. */

static gboolean
is_final (const OrkRecord *r)
{
  return r->status == ORK_RUN_SKIPPED || r->next_retry_in < 0;
}

static gint64
latency_of (const OrkRecord   *r,
            OrkMetricsLatency  k)
{
  if (r->status == ORK_RUN_SKIPPED)
    return ORK_TIME_UNSET;
  switch (k)
    {
    case ORK_METRICS_QUEUE_WAIT:
      if (r->started_at != ORK_TIME_UNSET && r->queued_at != ORK_TIME_UNSET)
        return r->started_at - r->queued_at;
      break;
    case ORK_METRICS_DURATION:
      if (r->started_at != ORK_TIME_UNSET && r->finished_at != ORK_TIME_UNSET)
        return r->finished_at - r->started_at;
      break;
    case ORK_METRICS_LATENESS:
      if (r->started_at != ORK_TIME_UNSET && r->attempt <= 1)
        return r->started_at - r->nominal_at;
      break;
    case ORK_METRICS_END_TO_END:
      if (is_final (r) && r->finished_at != ORK_TIME_UNSET)
        return r->finished_at - r->nominal_at;
      break;
    case ORK_METRICS_N_LATENCIES:
    default:
      break;
    }
  return ORK_TIME_UNSET;
}

static int
compare_int64 (const void *a,
               const void *b)
{
  gint64 x = *(const gint64 *) a, y = *(const gint64 *) b;

  return (x > y) - (x < y);
}

typedef struct
{
  guint64 runs_by_state[ORK_RUN_INTERRUPTED + 1];
  guint64 attempts_by_state[ORK_RUN_INTERRUPTED + 1];
  guint64 retries[ORK_METRICS_RETRY_BUCKETS];
  GArray *lat[ORK_METRICS_N_LATENCIES];
} Brute;

static void
brute_init (Brute      *b,
            GPtrArray  *records,
            const char *job_id,
            gint64      since,
            gint64      until)
{
  memset (b, 0, sizeof *b);
  for (guint k = 0; k < ORK_METRICS_N_LATENCIES; k++)
    b->lat[k] = g_array_new (FALSE, FALSE, sizeof (gint64));
  for (guint i = 0; i < records->len; i++)
    {
      OrkRecord *r = records->pdata[i];

      if (job_id != NULL && strcmp (job_id, r->job_id) != 0)
        continue;
      if (r->decided_at < since || r->decided_at >= until)
        continue;
      if (r->status != ORK_RUN_SKIPPED)
        b->attempts_by_state[r->status]++;
      if (is_final (r))
        {
          b->runs_by_state[r->status]++;
          if (r->status != ORK_RUN_SKIPPED)
            b->retries[CLAMP (r->attempt, 1, ORK_METRICS_RETRY_BUCKETS) - 1]++;
        }
      for (guint k = 0; k < ORK_METRICS_N_LATENCIES; k++)
        {
          gint64 v = latency_of (r, k);

          if (v != ORK_TIME_UNSET)
            g_array_append_val (b->lat[k], v);
        }
    }
  for (guint k = 0; k < ORK_METRICS_N_LATENCIES; k++)
    if (b->lat[k]->len > 1)
      qsort (b->lat[k]->data, b->lat[k]->len, sizeof (gint64), compare_int64);
}

static void
brute_clear (Brute *b)
{
  for (guint k = 0; k < ORK_METRICS_N_LATENCIES; k++)
    g_array_unref (b->lat[k]);
}

static void
assert_close (double got,
              gint64 want,
              double bound)
{
  if (want <= 0)
    g_assert_cmpfloat (fabs (got - MAX (want, 0)), <=, 0.5);
  else
    g_assert_cmpfloat (fabs (got - want) / want, <=, bound);
}

static gint64
exact_q (GArray *sorted,
         double  q)
{
  gsize rank = (gsize) ceil (q * sorted->len);

  return g_array_index (sorted, gint64, CLAMP (rank, 1, sorted->len) - 1);
}

/* Counts exactly, percentiles within @bound. */
static void
check_summary (Sim        *sim,
               const char *job_id,
               gint64      since,
               gint64      until,
               double      bound)
{
  OrkMetricsSummary s;
  guint64 retries[ORK_METRICS_RETRY_BUCKETS];
  Brute b;

  brute_init (&b, sim->records, job_id, since == ORK_TIME_UNSET ? G_MININT64 : since,
              until == ORK_TIME_NEVER ? G_MAXINT64 : until);
  ork_metrics_get_summary (sim->metrics, job_id, since, until, &s);
  for (guint st = ORK_RUN_SUCCEEDED; st <= ORK_RUN_INTERRUPTED; st++)
    {
      g_assert_cmpuint (s.runs_by_state[st], ==, b.runs_by_state[st]);
      g_assert_cmpuint (s.attempts_by_state[st], ==, b.attempts_by_state[st]);
    }
  if (s.n_finished > 0)
    g_assert_cmpfloat (s.failure_rate, ==,
                       (double) (b.runs_by_state[ORK_RUN_FAILED] + b.runs_by_state[ORK_RUN_TIMED_OUT])
                       / s.n_finished);
  ork_metrics_get_retry_distribution (sim->metrics, job_id, since, until, retries);
  for (guint i = 0; i < ORK_METRICS_RETRY_BUCKETS; i++)
    g_assert_cmpuint (retries[i], ==, b.retries[i]);
  for (guint k = 0; k < ORK_METRICS_N_LATENCIES; k++)
    {
      OrkMetricsLatencyStats *l = &s.latency[k];

      g_assert_cmpuint (l->count, ==, b.lat[k]->len);
      if (l->count == 0)
        continue;
      assert_close (l->p50, exact_q (b.lat[k], 0.50), bound);
      assert_close (l->p90, exact_q (b.lat[k], 0.90), bound);
      assert_close (l->p95, exact_q (b.lat[k], 0.95), bound);
      assert_close (l->p99, exact_q (b.lat[k], 0.99), bound);
      assert_close (l->max, g_array_index (b.lat[k], gint64, b.lat[k]->len - 1), bound);
    }
  brute_clear (&b);
}

#define FIXED(lat) "\"simulation\":{\"latency\":{\"fixed\":\"" lat "\"}}"
#define FIXED_FAIL(lat, rate) \
  "\"simulation\":{\"latency\":{\"fixed\":\"" lat "\"},\"failure_rate\":" rate "}"

static void
test_fixed (void)
{
  Sim *sim = sim_new ("{\"version\":1,\"jobs\":["
                      "{\"id\":\"a\",\"type\":\"sync\",\"schedule\":{\"kind\":\"interval\",\"every\":\"10s\"},"
                      FIXED ("2s") "},"
                      "{\"id\":\"b\",\"type\":\"sync\",\"schedule\":{\"kind\":\"interval\",\"every\":\"30s\"},"
                      FIXED ("7s") "}]}");
  OrkMetricsSummary s;
  g_autoptr(GArray) points = g_array_new (FALSE, FALSE, sizeof (OrkMetricsPoint));

  sim_run (sim, 3600);
  ork_metrics_get_summary (sim->metrics, "a", ORK_TIME_UNSET, ORK_TIME_NEVER, &s);
  g_assert_cmpuint (s.n_finished, >=, 359);
  g_assert_cmpuint (s.runs_by_state[ORK_RUN_SUCCEEDED], ==, s.n_finished);
  g_assert_cmpfloat (s.failure_rate, ==, 0);
  g_assert_cmpfloat (s.latency[ORK_METRICS_DURATION].p50, ==, SEC (2));
  g_assert_cmpfloat (s.latency[ORK_METRICS_DURATION].p99, ==, SEC (2));
  g_assert_cmpint (s.latency[ORK_METRICS_DURATION].max, ==, SEC (2));
  g_assert_cmpfloat (s.latency[ORK_METRICS_END_TO_END].p95, ==, SEC (2));
  g_assert_cmpfloat (s.latency[ORK_METRICS_QUEUE_WAIT].p99, ==, 0);
  g_assert_cmpfloat (s.latency[ORK_METRICS_LATENESS].p99, ==, 0);

  ork_metrics_get_summary (sim->metrics, "b", ORK_TIME_UNSET, ORK_TIME_NEVER, &s);
  g_assert_cmpfloat (s.latency[ORK_METRICS_DURATION].p90, ==, SEC (7));
  ork_metrics_get_summary (sim->metrics, NULL, ORK_TIME_UNSET, ORK_TIME_NEVER, &s);
  /* Mixed values: the middle of the bucket, within the bound. */
  g_assert_cmpfloat (fabs (s.latency[ORK_METRICS_DURATION].p50 - SEC (2)), <=, SEC (2) * 0.008);
  g_assert_cmpint (s.latency[ORK_METRICS_DURATION].max, ==, SEC (7));
  /* A quarter are b's: p95 is 7 s within the bound. */
  g_assert_cmpfloat (fabs (s.latency[ORK_METRICS_DURATION].p95 - SEC (7)), <=, SEC (7) * 0.008);
  /* A range: the same, within the coarse bound, clamped to the bucket. */
  ork_metrics_get_summary (sim->metrics, "a", START, START + 3600 * ORK_USEC_PER_SEC, &s);
  g_assert_cmpfloat (fabs (s.latency[ORK_METRICS_DURATION].p50 - SEC (2)), <=, SEC (2) * 0.016);

  /* a runs 6 times and b twice a minute: throughput per minute. */
  ork_metrics_get_series (sim->metrics, "a", ORK_METRICS_SERIES_THROUGHPUT, START + 10 * MINUTE,
                          START + 20 * MINUTE, points);
  g_assert_cmpuint (points->len, ==, 10);
  for (guint i = 0; i < points->len; i++)
    {
      OrkMetricsPoint *p = &g_array_index (points, OrkMetricsPoint, i);

      g_assert_cmpint (p->time, ==, START + (10 + i) * MINUTE);
      g_assert_cmpfloat (p->value, ==, 6);
    }
  g_array_set_size (points, 0);
  ork_metrics_get_series (sim->metrics, NULL, ORK_METRICS_SERIES_THROUGHPUT, START + 10 * MINUTE,
                          START + 11 * MINUTE, points);
  g_assert_cmpuint (points->len, ==, 1);
  g_assert_cmpfloat (g_array_index (points, OrkMetricsPoint, 0).value, ==, 8);
  /* Running: a runs 2 s of every 10, b 7 of every 30: on average 0.2 + 0.2333. */
  g_array_set_size (points, 0);
  ork_metrics_get_series (sim->metrics, NULL, ORK_METRICS_SERIES_RUNNING, START + 10 * MINUTE,
                          START + 11 * MINUTE, points);
  g_assert_cmpfloat (fabs (g_array_index (points, OrkMetricsPoint, 0).value - (0.2 + 7.0 / 30)), <, 1e-9);
  g_array_set_size (points, 0);
  ork_metrics_get_series (sim->metrics, NULL, ORK_METRICS_SERIES_RUNNING_MAX, START + 10 * MINUTE,
                          START + 11 * MINUTE, points);
  g_assert_cmpfloat (g_array_index (points, OrkMetricsPoint, 0).value, >=, 1);
  g_assert_cmpfloat (g_array_index (points, OrkMetricsPoint, 0).value, <=, 2);
  sim_free (sim);
}

static void
test_failures_and_retries (void)
{
  Sim *sim = sim_new ("{\"version\":1,\"jobs\":["
                      "{\"id\":\"bad\",\"type\":\"batch\",\"schedule\":{\"kind\":\"interval\",\"every\":\"10m\"},"
                      "\"retry\":{\"max_retries\":2,\"backoff\":\"fixed\",\"initial\":\"1m\"},"
                      FIXED_FAIL ("1s", "1.0") "},"
                      "{\"id\":\"good\",\"type\":\"sync\",\"schedule\":{\"kind\":\"interval\",\"every\":\"10m\"},"
                      FIXED ("1s") "}]}");
  OrkMetricsSummary s;
  guint64 retries[ORK_METRICS_RETRY_BUCKETS];
  g_autoptr(GArray) points = g_array_new (FALSE, FALSE, sizeof (OrkMetricsPoint));

  sim_run (sim, 6 * 3600 - 1);
  ork_metrics_get_summary (sim->metrics, "bad", ORK_TIME_UNSET, ORK_TIME_NEVER, &s);
  g_assert_cmpuint (s.n_finished, ==, 36);
  g_assert_cmpuint (s.runs_by_state[ORK_RUN_FAILED], ==, 36);
  g_assert_cmpuint (s.attempts_by_state[ORK_RUN_FAILED], ==, 3 * 36);
  g_assert_cmpfloat (s.failure_rate, ==, 1.0);
  g_assert_cmpfloat (s.attempt_failure_rate, ==, 1.0);
  ork_metrics_get_retry_distribution (sim->metrics, "bad", ORK_TIME_UNSET, ORK_TIME_NEVER, retries);
  g_assert_cmpuint (retries[0], ==, 0);
  g_assert_cmpuint (retries[2], ==, 36);

  ork_metrics_get_summary (sim->metrics, NULL, ORK_TIME_UNSET, ORK_TIME_NEVER, &s);
  g_assert_cmpuint (s.n_finished, ==, 72);
  g_assert_cmpfloat (s.failure_rate, ==, 0.5);
  g_assert_cmpuint (s.n_attempts, ==, 4 * 36);
  ork_metrics_get_retry_distribution (sim->metrics, NULL, ORK_TIME_UNSET, ORK_TIME_NEVER, retries);
  g_assert_cmpuint (retries[0], ==, 36);
  g_assert_cmpuint (retries[1], ==, 0);
  g_assert_cmpuint (retries[2], ==, 36);
  /* Lateness counts first attempts only: 0; end-to-end of bad: 2 retries
   * 1 min apart after three 1 s attempts. */
  g_assert_cmpfloat (s.latency[ORK_METRICS_LATENESS].max, ==, 0);
  ork_metrics_get_summary (sim->metrics, "bad", ORK_TIME_UNSET, ORK_TIME_NEVER, &s);
  g_assert_cmpfloat (s.latency[ORK_METRICS_END_TO_END].p50, ==, SEC (123));

  /* Failure rate per bucket: the minute in which bad's runs end. */
  ork_metrics_get_series (sim->metrics, NULL, ORK_METRICS_SERIES_FAILURE_RATE, START,
                          START + 10 * MINUTE, points);
  g_assert_cmpuint (points->len, ==, 10);
  for (guint i = 0; i < points->len; i++)
    {
      double v = g_array_index (points, OrkMetricsPoint, i).value;

      if (i == 0)
        g_assert_cmpfloat (v, ==, 0);  /* good's first run */
      else if (i == 2)
        g_assert_cmpfloat (v, ==, 1);  /* bad's run ends at 2:03 */
      else
        g_assert_true (isnan (v));
    }
  sim_free (sim);
}

static const char *busy_ws =
  "{\"version\":1,\"settings\":{\"workers\":3},\"jobs\":["
  "{\"id\":\"sync\",\"type\":\"sync\",\"schedule\":{\"kind\":\"interval\",\"every\":\"7s\"},"
  "\"simulation\":{\"failure_rate\":0.3},\"start_jitter\":\"2s\"},"
  "{\"id\":\"batch\",\"type\":\"batch\",\"schedule\":{\"kind\":\"cron\",\"expr\":\"*/5 * * * *\"},"
  "\"retry\":{\"jitter\":\"full\"},\"simulation\":{\"failure_rate\":0.4,\"hang_rate\":0.05},\"timeout\":\"4m\"},"
  "{\"id\":\"metrics\",\"type\":\"metrics\",\"schedule\":{\"kind\":\"interval\",\"every\":\"15s\"},"
  "\"simulation\":{\"failure_rate\":0.1}}]}";

static void
test_brute_force (void)
{
  Sim *sim = sim_new (busy_ws);
  const char *jobs[] = { NULL, "sync", "batch", "metrics" };
  g_autoptr(GRand) rand = g_rand_new_with_seed (3);
  g_autoptr(GArray) points = g_array_new (FALSE, FALSE, sizeof (OrkMetricsPoint));
  double fine = 1.0 / (2 << ORK_HISTOGRAM_PRECISION_FINE);
  double coarse = 1.0 / (2 << ORK_HISTOGRAM_PRECISION_COARSE);

  sim_run (sim, 4 * 3600);
  g_assert_cmpuint (sim->records->len, >, 2000);

  for (guint j = 0; j < G_N_ELEMENTS (jobs); j++)
    {
      check_summary (sim, jobs[j], ORK_TIME_UNSET, ORK_TIME_NEVER, fine);
      for (guint n = 0; n < 20; n++)
        {
          gint64 a = g_rand_int_range (rand, 0, 240), len = g_rand_int_range (rand, 1, 240 - a + 1);

          check_summary (sim, jobs[j], START + a * MINUTE, START + (a + len) * MINUTE, coarse);
        }

      /* Throughput and failures per bucket: records counted per minute. */
      g_array_set_size (points, 0);
      ork_metrics_get_series (sim->metrics, jobs[j], ORK_METRICS_SERIES_THROUGHPUT, START,
                              START + 240 * MINUTE, points);
      g_assert_cmpuint (points->len, ==, 240);
      for (guint i = 0; i < points->len; i++)
        {
          Brute b;
          guint64 finished = 0;

          brute_init (&b, sim->records, jobs[j], START + i * MINUTE, START + (i + 1) * MINUTE);
          for (guint st = ORK_RUN_SUCCEEDED; st <= ORK_RUN_INTERRUPTED; st++)
            if (st != ORK_RUN_SKIPPED)
              finished += b.runs_by_state[st];
          g_assert_cmpfloat (g_array_index (points, OrkMetricsPoint, i).value, ==, finished);
          brute_clear (&b);
        }

      /* Percentiles over time: each bucket's p95 against its records. */
      g_array_set_size (points, 0);
      ork_metrics_get_series (sim->metrics, jobs[j], ORK_METRICS_SERIES_DURATION_P95, START,
                              START + 240 * MINUTE, points);
      for (guint i = 0; i < points->len; i++)
        {
          Brute b;
          double v = g_array_index (points, OrkMetricsPoint, i).value;

          brute_init (&b, sim->records, jobs[j], START + i * MINUTE, START + (i + 1) * MINUTE);
          if (b.lat[ORK_METRICS_DURATION]->len == 0)
            g_assert_true (isnan (v));
          else
            assert_close (v, exact_q (b.lat[ORK_METRICS_DURATION], 0.95), coarse);
          brute_clear (&b);
        }
    }

  /* Unaligned ranges widen to whole buckets. */
  {
    OrkMetricsSummary a, b;

    ork_metrics_get_summary (sim->metrics, NULL, START + 10 * MINUTE + 5, START + 20 * MINUTE - 5, &a);
    ork_metrics_get_summary (sim->metrics, NULL, START + 10 * MINUTE, START + 20 * MINUTE, &b);
    g_assert_cmpmem (&a, sizeof a, &b, sizeof b);
  }
  sim_free (sim);
}

static void
compare_series (OrkMetrics           *a,
                OrkMetrics           *b,
                const char           *job_id,
                OrkMetricsSeriesKind  kind,
                double                tolerance)
{
  g_autoptr(GArray) pa = g_array_new (FALSE, FALSE, sizeof (OrkMetricsPoint));
  g_autoptr(GArray) pb = g_array_new (FALSE, FALSE, sizeof (OrkMetricsPoint));

  ork_metrics_get_series (a, job_id, kind, START, START + 240 * MINUTE, pa);
  ork_metrics_get_series (b, job_id, kind, START, START + 240 * MINUTE, pb);
  g_assert_cmpuint (pa->len, ==, pb->len);
  for (guint i = 0; i < pa->len; i++)
    {
      OrkMetricsPoint *x = &g_array_index (pa, OrkMetricsPoint, i);
      OrkMetricsPoint *y = &g_array_index (pb, OrkMetricsPoint, i);

      g_assert_cmpint (x->time, ==, y->time);
      if (isnan (x->value))
        g_assert_true (isnan (y->value));
      else
        g_assert_cmpfloat (fabs (x->value - y->value), <=, tolerance);
    }
}

static gboolean
count_record (const OrkRecord *r,
              gpointer         data)
{
  (*(guint *) data)++;
  return TRUE;
}

static void
test_history (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("ork-metrics-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "h.db", NULL);
  g_autoptr(OrkHistory) history = NULL;
  g_autoptr(OrkMetrics) rebuilt = ork_metrics_new ();
  const char *jobs[] = { NULL, "sync", "batch", "metrics" };
  Sim *sim = sim_new (busy_ws);
  guint n = 0;

  g_assert_no_error (error);
  history = ork_history_open (path, ORK_HISTORY_MODE_SIMULATION, &error);
  g_assert_no_error (error);
  ork_history_attach (history, sim->scheduler);
  sim_run (sim, 4 * 3600);
  g_assert_true (ork_history_flush (history, &error));
  g_assert_no_error (error);

  /* The iterator: every record, and a time range of them. */
  g_assert_true (ork_history_foreach_record (history, ORK_TIME_UNSET, ORK_TIME_UNSET,
                                             count_record, &n, &error));
  g_assert_cmpuint (n, ==, sim->records->len);
  n = 0;
  g_assert_true (ork_history_foreach_record (history, START + 3600 * ORK_USEC_PER_SEC,
                                             START + 7200 * ORK_USEC_PER_SEC,
                                             count_record, &n, &error));
  {
    guint want = 0;

    for (guint i = 0; i < sim->records->len; i++)
      {
        OrkRecord *r = sim->records->pdata[i];

        want += r->decided_at >= START + 3600 * ORK_USEC_PER_SEC &&
                r->decided_at < START + 7200 * ORK_USEC_PER_SEC;
      }
    g_assert_cmpuint (n, ==, want);
  }

  g_assert_true (ork_metrics_load_history (rebuilt, history, &error));
  g_assert_no_error (error);
  for (guint j = 0; j < G_N_ELEMENTS (jobs); j++)
    {
      OrkMetricsSummary a, b;

      ork_metrics_get_summary (sim->metrics, jobs[j], ORK_TIME_UNSET, ORK_TIME_NEVER, &a);
      ork_metrics_get_summary (rebuilt, jobs[j], ORK_TIME_UNSET, ORK_TIME_NEVER, &b);
      g_assert_cmpmem (&a, sizeof a, &b, sizeof b);
      ork_metrics_get_summary (sim->metrics, jobs[j], START + 30 * MINUTE, START + 90 * MINUTE, &a);
      ork_metrics_get_summary (rebuilt, jobs[j], START + 30 * MINUTE, START + 90 * MINUTE, &b);
      g_assert_cmpmem (&a, sizeof a, &b, sizeof b);
      for (guint k = 0; k < ORK_METRICS_SERIES_N_KINDS; k++)
        {
          if (k == ORK_METRICS_SERIES_QUEUE_DEPTH_MAX || k == ORK_METRICS_SERIES_RUNNING_MAX)
            continue;  /* the order within one instant is not stored */
          compare_series (sim->metrics, rebuilt, jobs[j], k, 1e-9);
        }
    }
  g_assert_true (ork_history_close (history, NULL));
  sim_free (sim);
  g_unlink (path);
  {
    g_autofree char *wal = g_strconcat (path, "-wal", NULL);
    g_autofree char *shm = g_strconcat (path, "-shm", NULL);
    g_autofree char *lock = g_strconcat (path, ".lock", NULL);

    g_unlink (wal);
    g_unlink (shm);
    g_unlink (lock);
  }
  g_rmdir (dir);
}

/* A million events in 100 jobs: memory stops growing once the window of
 * buckets is full. */
static void
test_bounded_memory (void)
{
  g_autoptr(OrkMetrics) m = ork_metrics_new_full (MINUTE, 60);
  OrkRecord r = { 0 };
  gsize after_fill = 0;
  OrkMetricsSummary s;

  g_assert_cmpuint (ORK_METRICS_BUCKET_SIZE, <=, 160);
  r.attempt = 1;
  r.next_retry_in = -1;
  for (guint i = 0; i < 1000000; i++)
    {
      char id[16];
      gint64 t = START + (gint64) i * SEC (0.5);

      g_snprintf (id, sizeof id, "job%u", i % 100);
      r.job_id = id;
      r.status = i % 7 ? ORK_RUN_SUCCEEDED : ORK_RUN_FAILED;
      r.nominal_at = t - SEC (1) - i % 1000;
      r.queued_at = t - SEC (1);
      r.started_at = r.queued_at + i % 5000;
      r.finished_at = r.decided_at = t;
      ork_metrics_add_transition (m, id, r.queued_at, ORK_RUN_SCHEDULED, ORK_RUN_QUEUED);
      ork_metrics_add_transition (m, id, r.started_at, ORK_RUN_QUEUED, ORK_RUN_RUNNING);
      ork_metrics_add_transition (m, id, t, ORK_RUN_RUNNING, r.status);
      ork_metrics_add_record (m, &r);
      if (i == 200000)
        after_fill = ork_metrics_get_memory_size (m);
    }
  g_assert_cmpuint (ork_metrics_get_memory_size (m), <=, after_fill + after_fill / 20);
  g_test_message ("memory: %" G_GSIZE_FORMAT " bytes", ork_metrics_get_memory_size (m));
  ork_metrics_get_summary (m, NULL, ORK_TIME_UNSET, ORK_TIME_NEVER, &s);
  g_assert_cmpuint (s.n_finished, ==, 1000000);
  /* The window: the last 60 minutes, of which the last has 40 runs (the
   * runs end at 499,999.5 s). */
  ork_metrics_get_summary (m, NULL, START, ORK_TIME_NEVER - 1, &s);
  g_assert_cmpuint (s.n_finished, ==, 59 * 120 + 40);
  ork_metrics_flush (m);
}

static void
on_changed (OrkMetrics *m,
            guint      *n)
{
  (*n)++;
}

/* What the kept buckets cover: every event until the first ones age out,
 * then from the oldest kept bucket on; the extent is every event's. */
static void
test_kept_span (void)
{
  g_autoptr(OrkMetrics) m = ork_metrics_new_full (MINUTE, 10);
  OrkRecord r = { 0 };
  gint64 earliest, latest;

  g_assert_false (ork_metrics_get_extent (m, &earliest, &latest));
  g_assert_cmpint (ork_metrics_get_kept_since (m), ==, ORK_TIME_UNSET);
  r.job_id = (char *) "a";
  r.attempt = 1;
  r.status = ORK_RUN_SUCCEEDED;
  r.next_retry_in = -1;
  for (guint i = 0; i < 30; i++)
    {
      gint64 t = START + (gint64) i * MINUTE + SEC (30);

      r.nominal_at = r.queued_at = t - SEC (2);
      r.started_at = t - SEC (1);
      r.finished_at = r.decided_at = t;
      ork_metrics_add_transition (m, "a", r.started_at, ORK_RUN_QUEUED, ORK_RUN_RUNNING);
      ork_metrics_add_transition (m, "a", t, ORK_RUN_RUNNING, ORK_RUN_SUCCEEDED);
      ork_metrics_add_record (m, &r);
      /* Ten minutes kept: nothing dropped until the eleventh. */
      if (i == 9)
        g_assert_cmpint (ork_metrics_get_kept_since (m), ==, ORK_TIME_UNSET);
    }
  g_assert_true (ork_metrics_get_extent (m, &earliest, &latest));
  g_assert_cmpint (earliest, ==, START + SEC (29));
  g_assert_cmpint (latest, ==, START + 29 * MINUTE + SEC (30));
  /* Minutes 20 to 29 kept. */
  g_assert_cmpint (ork_metrics_get_kept_since (m), ==, START + 20 * MINUTE);

  ork_metrics_clear (m);
  g_assert_false (ork_metrics_get_extent (m, NULL, NULL));
  g_assert_cmpint (ork_metrics_get_kept_since (m), ==, ORK_TIME_UNSET);
}


static gboolean
quit_loop (gpointer loop)
{
  g_main_loop_quit (loop);
  return G_SOURCE_REMOVE;
}

static void
test_changed_and_detach (void)
{
  Sim *sim = sim_new ("{\"version\":1,\"jobs\":["
                      "{\"id\":\"a\",\"type\":\"sync\",\"schedule\":{\"kind\":\"interval\",\"every\":\"10s\"},"
                      FIXED ("2s") "}]}");
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  OrkMetricsSummary s;
  guint n = 0;
  g_auto(GStrv) ids = NULL;

  g_signal_connect (sim->metrics, "changed", G_CALLBACK (on_changed), &n);
  sim_run (sim, 60);
  g_assert_cmpuint (n, ==, 0);
  /* Batched: one emission for every event so far. */
  g_timeout_add (400, quit_loop, loop);
  g_main_loop_run (loop);
  g_assert_cmpuint (n, ==, 1);
  ork_metrics_flush (sim->metrics);
  g_assert_cmpuint (n, ==, 1);
  ork_virtual_clock_advance_to (ORK_VIRTUAL_CLOCK (sim->clock), START + SEC (120));
  ork_metrics_flush (sim->metrics);
  g_assert_cmpuint (n, ==, 2);

  ids = ork_metrics_list_jobs (sim->metrics);
  g_assert_cmpstrv (ids, ((const char *[]) { "a", NULL }));

  ork_metrics_detach (sim->metrics);
  g_assert_null (ork_metrics_get_scheduler (sim->metrics));
  ork_metrics_get_summary (sim->metrics, NULL, ORK_TIME_UNSET, ORK_TIME_NEVER, &s);
  ork_virtual_clock_advance_to (ORK_VIRTUAL_CLOCK (sim->clock), START + SEC (600));
  {
    OrkMetricsSummary after;

    ork_metrics_get_summary (sim->metrics, NULL, ORK_TIME_UNSET, ORK_TIME_NEVER, &after);
    g_assert_cmpuint (after.n_finished, ==, s.n_finished);
    g_assert_cmpuint (after.n_finished, ==, 12);
  }
  /* Re-attached: counting goes on; the scheduler going away detaches. */
  ork_metrics_attach (sim->metrics, sim->scheduler);
  ork_virtual_clock_advance_to (ORK_VIRTUAL_CLOCK (sim->clock), START + SEC (700));
  ork_metrics_get_summary (sim->metrics, NULL, ORK_TIME_UNSET, ORK_TIME_NEVER, &s);
  /* Runs end 2 s after 0, 10, …, 110 s, and after 600, …, 690 s. */
  g_assert_cmpuint (s.n_finished, ==, 12 + 10);
  g_clear_object (&sim->scheduler);
  g_assert_null (ork_metrics_get_scheduler (sim->metrics));
  ork_metrics_clear (sim->metrics);
  ork_metrics_get_summary (sim->metrics, NULL, ORK_TIME_UNSET, ORK_TIME_NEVER, &s);
  g_assert_cmpuint (s.n_runs, ==, 0);
  sim->scheduler = ork_scheduler_new (sim->workspace, sim->clock);
  sim_free (sim);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/core/metrics/fixed", test_fixed);
  g_test_add_func ("/core/metrics/failures-retries", test_failures_and_retries);
  g_test_add_func ("/core/metrics/brute-force", test_brute_force);
  g_test_add_func ("/core/metrics/history", test_history);
  g_test_add_func ("/core/metrics/bounded-memory", test_bounded_memory);
  g_test_add_func ("/core/metrics/kept-span", test_kept_span);
  g_test_add_func ("/core/metrics/changed-detach", test_changed_and_detach);
  return g_test_run ();
}
