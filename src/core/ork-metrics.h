/* ork-metrics.h — counts, latency histograms and time series of an engine (DESIGN §7)
 *
 * An OrkMetrics listens to an engine's "transition" and "record" signals and
 * keeps, for every job and for all jobs together ("overall"):
 *
 * Whole history (since the metrics object was created or cleared, including
 * what ork_metrics_load_history () read):
 *   - attempts and runs counted by outcome, the retry distribution;
 *   - four latency histograms at ORK_HISTOGRAM_PRECISION_FINE (percentiles
 *     within 0.78 %), exact min, max and mean.
 *
 * Time series: engine time cut into buckets of a fixed width (default one
 * minute); the last N buckets (default 1440: one day) are kept, older ones
 * dropped. Each bucket has the same counts as above, the queue depth and the
 * number of running attempts (max, and average over time), and the four
 * latencies at ORK_HISTOGRAM_PRECISION_COARSE (percentiles within 1.56 %): a
 * range query merges the buckets' histograms instead of rescanning runs.
 *   Overall buckets hold dense histograms. A job's series only holds buckets
 *   in which the job had an event, and a bucket keeps its latencies as up to
 *   32 (kind, bucket, count) entries of 4 bytes (a job rarely has more than a
 *   few runs per bucket) and switches to dense histograms beyond that.
 *   The coarser per-bucket precision is the price of bounded memory: with
 *   10,000 jobs and 1440 buckets a fine dense histogram per bucket and job
 *   would not fit.
 *
 * Memory bounds (64-bit):
 *   - per scope (each job, and overall): about 300 bytes plus its whole-history
 *     histograms (at most 4 × 9.8 KiB, in practice the few powers of two the
 *     job's latencies fall in: 256 bytes each);
 *   - per kept bucket of a scope: ORK_METRICS_BUCKET_SIZE bytes plus its
 *     latencies (at most 128 bytes sparse, at most 4 × 4.8 KiB dense);
 *   - at most N buckets per scope. Nothing grows with the number of runs.
 *
 * Definitions:
 *   attempt     a record that is not SKIPPED; counted by its status.
 *   run         final when its record has nextRetryIn −1, or is SKIPPED;
 *               counted by the final record's status.
 *   finished    a final run that is not SKIPPED.
 *   failed      a final run FAILED or TIMED_OUT. Failure rate: failed /
 *               finished (0 when none finished; NAN in series buckets).
 *   queue wait  started − queued, of every attempt that started.
 *   duration    finished − started, of every attempt that started and finished.
 *   end-to-end  finished − nominal, of every finished run (its last attempt).
 *   lateness    started − nominal, of the first attempt of every run.
 *   retries     finished runs counted by attempts: 1, 2, …, 9, 10 or more.
 *   throughput  finished runs per bucket.
 * Records count in the bucket of their decision time (finishedAt, or when a
 * skip was decided). Queue depth and running count follow the transitions
 * into and out of QUEUED and RUNNING.
 *
 * Ranges: [@since, @until) in µs UTC. With @since ORK_TIME_UNSET and @until
 * ORK_TIME_NEVER (or ORK_TIME_UNSET) a query answers from the whole history;
 * otherwise from the kept buckets that overlap the range (so the range is
 * widened to whole buckets, and limited to the kept ones).
 *
 * Cost: O(1) per event (a hash look-up of the job, at most a few dozen
 * operations per histogram). Threads: one thread, the engine's.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

#include "ork-histogram.h"
#include "ork-history.h"
#include "ork-record.h"
#include "ork-scheduler.h"

G_BEGIN_DECLS

#define ORK_METRICS_DEFAULT_BUCKET_WIDTH (60 * ORK_USEC_PER_SEC)
#define ORK_METRICS_DEFAULT_N_BUCKETS    1440
/* Retry distribution: index i counts runs of i + 1 attempts; the last one
 * ORK_METRICS_RETRY_BUCKETS or more. */
#define ORK_METRICS_RETRY_BUCKETS        10
/* The "changed" signal comes at most this often (wall time). */
#define ORK_METRICS_CHANGED_INTERVAL_MS  250

typedef enum
{
  ORK_METRICS_QUEUE_WAIT,
  ORK_METRICS_DURATION,
  ORK_METRICS_END_TO_END,
  ORK_METRICS_LATENESS,
  ORK_METRICS_N_LATENCIES,
} OrkMetricsLatency;

/* Microseconds. All 0 when count is 0. */
typedef struct
{
  guint64 count;
  gint64  min;
  gint64  max;
  double  mean;
  double  p50;
  double  p90;
  double  p95;
  double  p99;
} OrkMetricsLatencyStats;

typedef struct
{
  guint64 attempts_by_state[ORK_RUN_INTERRUPTED + 1];  /* final states only */
  guint64 runs_by_state[ORK_RUN_INTERRUPTED + 1];      /* final states only */
  guint64 n_attempts;
  guint64 n_runs;          /* final runs, skipped ones included */
  guint64 n_finished;
  guint64 n_failed;
  guint64 n_failed_attempts;  /* attempts FAILED or TIMED_OUT */
  double  failure_rate;       /* n_failed / n_finished, 0 when none */
  double  attempt_failure_rate;
  OrkMetricsLatencyStats latency[ORK_METRICS_N_LATENCIES];
} OrkMetricsSummary;

typedef enum
{
  ORK_METRICS_SERIES_THROUGHPUT,      /* finished runs per bucket */
  ORK_METRICS_SERIES_FAILURES,        /* failed runs per bucket */
  ORK_METRICS_SERIES_FAILURE_RATE,    /* failed / finished, NAN when none finished */
  ORK_METRICS_SERIES_QUEUE_DEPTH,     /* average over the bucket's time */
  ORK_METRICS_SERIES_QUEUE_DEPTH_MAX,
  ORK_METRICS_SERIES_RUNNING,         /* average over the bucket's time */
  ORK_METRICS_SERIES_RUNNING_MAX,
  /* Percentiles of a latency per bucket, µs; NAN for a bucket without one. */
  ORK_METRICS_SERIES_QUEUE_WAIT_P50,
  ORK_METRICS_SERIES_QUEUE_WAIT_P95,
  ORK_METRICS_SERIES_QUEUE_WAIT_P99,
  ORK_METRICS_SERIES_DURATION_P50,
  ORK_METRICS_SERIES_DURATION_P95,
  ORK_METRICS_SERIES_DURATION_P99,
  ORK_METRICS_SERIES_END_TO_END_P50,
  ORK_METRICS_SERIES_END_TO_END_P95,
  ORK_METRICS_SERIES_END_TO_END_P99,
  ORK_METRICS_SERIES_LATENESS_P50,
  ORK_METRICS_SERIES_LATENESS_P95,
  ORK_METRICS_SERIES_LATENESS_P99,
  ORK_METRICS_SERIES_N_KINDS,
} OrkMetricsSeriesKind;

/* One point of a series: the bucket's start (µs UTC) and its value. */
typedef struct
{
  gint64 time;
  double value;
} OrkMetricsPoint;

/* Bytes of one kept bucket, without its latencies. */
#define ORK_METRICS_BUCKET_SIZE (ork_metrics_bucket_size ())

#define ORK_TYPE_METRICS (ork_metrics_get_type ())

G_DECLARE_FINAL_TYPE (OrkMetrics, ork_metrics, ORK, METRICS, GObject)

/* Signals:
 *   "changed" (): something was counted; at most every
 *       ORK_METRICS_CHANGED_INTERVAL_MS of wall time (a timeout on the
 *       thread-default main context), or at ork_metrics_flush (). */

OrkMetrics *ork_metrics_new            (void);
/* @bucket_width_us > 0; @n_buckets ≥ 1. */
OrkMetrics *ork_metrics_new_full       (gint64        bucket_width_us,
                                        guint         n_buckets);
gint64      ork_metrics_get_bucket_width (OrkMetrics *self);
guint       ork_metrics_get_n_buckets  (OrkMetrics   *self);

/* Listens to @scheduler's events from now on (detaching from a previous
 * one). Runs already queued or running count in the depth from now. Detaches
 * by itself when the scheduler is finalized. */
void        ork_metrics_attach         (OrkMetrics   *self,
                                        OrkScheduler *scheduler);
void        ork_metrics_detach         (OrkMetrics   *self);
OrkScheduler *ork_metrics_get_scheduler (OrkMetrics  *self);

/* Feeding by hand (what the signal handlers call): a record, and a
 * transition of a run of @job_id at engine time @at. Events should come in
 * time order; an older one updates its bucket if still kept (O(log N)). */
void        ork_metrics_add_record     (OrkMetrics      *self,
                                        const OrkRecord *record);
void        ork_metrics_add_transition (OrkMetrics      *self,
                                        const char      *job_id,
                                        gint64           at,
                                        OrkRunState      from,
                                        OrkRunState      to);

/* Forgets everything (not the attachment). */
void        ork_metrics_clear          (OrkMetrics   *self);

/* Reads every record of @history in decision-time order and counts it, as
 * if it had been seen live (the queue depth and running series are rebuilt
 * from the records' queued, started and finished times). Call it before
 * attaching, on a cleared object. */
gboolean    ork_metrics_load_history   (OrkMetrics   *self,
                                        OrkHistory   *history,
                                        GError      **error);

/* @job_id NULL: every job. */
void        ork_metrics_get_summary    (OrkMetrics        *self,
                                        const char        *job_id,
                                        gint64             since,
                                        gint64             until,
                                        OrkMetricsSummary *out);
/* Appends one OrkMetricsPoint per kept bucket overlapping the range, in
 * time order, to @out_points (a GArray of OrkMetricsPoint). Buckets in
 * which nothing happened are included (0, the carried depth, or NAN). */
void        ork_metrics_get_series     (OrkMetrics           *self,
                                        const char           *job_id,
                                        OrkMetricsSeriesKind  kind,
                                        gint64                since,
                                        gint64                until,
                                        GArray               *out_points);
void        ork_metrics_get_retry_distribution (OrkMetrics *self,
                                                const char *job_id,
                                                gint64      since,
                                                gint64      until,
                                                guint64     out[ORK_METRICS_RETRY_BUCKETS]);
/* The merged latency histogram of a range (for a histogram chart): FINE for
 * the whole history, COARSE for a range. Free with ork_histogram_free (). */
OrkHistogram *ork_metrics_get_histogram (OrkMetrics        *self,
                                         const char        *job_id,
                                         OrkMetricsLatency  latency,
                                         gint64             since,
                                         gint64             until);

/* Emits "changed" now if something was counted since the last emission. */
void        ork_metrics_flush          (OrkMetrics   *self);

/* Job ids seen so far, sorted (free with g_strfreev). */
char      **ork_metrics_list_jobs      (OrkMetrics   *self);
/* Bytes in use (structures, buckets, histograms). */
gsize       ork_metrics_get_memory_size (OrkMetrics  *self);
/* The times of the earliest and the latest event counted; FALSE when none. */
gboolean    ork_metrics_get_extent     (OrkMetrics   *self,
                                        gint64       *earliest,
                                        gint64       *latest);
/* The start of the oldest bucket kept, when earlier events were counted
 * (they remain in the whole-history figures only); ORK_TIME_UNSET when the
 * kept buckets still hold every event. */
gint64      ork_metrics_get_kept_since (OrkMetrics   *self);
gsize       ork_metrics_bucket_size    (void);

G_END_DECLS
