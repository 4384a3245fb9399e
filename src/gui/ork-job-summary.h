/* ork-job-summary.h — what the job list shows about a job's past runs
 *
 * One small object per job, kept up to date from the engine's records: the
 * last outcome and when it was decided, how many runs succeeded and failed
 * for good (the success rate), and a log-bucketed histogram of attempt
 * durations for the p95. Each record costs O(log b), b the number of
 * distinct buckets (at most a few hundred); the p95 is computed on demand
 * and cached until the next record. No GTK.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

#include "ork-history.h"
#include "ork-record.h"

G_BEGIN_DECLS

#define ORK_TYPE_JOB_SUMMARY (ork_job_summary_get_type ())

G_DECLARE_FINAL_TYPE (OrkJobSummary, ork_job_summary, ORK, JOB_SUMMARY, GObject)

/* Properties (read-only, notified on change): "job-id", "last-at" (int64 µs,
 * ORK_TIME_UNSET when the job has no run), "last-state" (int, OrkRunState),
 * "success-rate" (double 0..1, -1 when no run ended yet), "p95" (int64 ms, -1
 * when no attempt has a duration). */

OrkJobSummary *ork_job_summary_new              (const char          *job_id);
const char    *ork_job_summary_get_job_id       (OrkJobSummary       *self);

/* Counts one record: the last outcome, the success rate and the durations. */
void           ork_job_summary_add_record       (OrkJobSummary       *self,
                                                 const OrkRecord     *record);
/* Forgets everything (a new engine). */
void           ork_job_summary_reset            (OrkJobSummary       *self);
/* Resets, then fills from the history's committed data: counts by state,
 * the newest run's outcome, and the durations of the last attempts of up
 * to @max_runs newest runs. Flush the history first to see everything. */
void           ork_job_summary_prime            (OrkJobSummary       *self,
                                                 OrkHistory          *history,
                                                 guint                max_runs);

gboolean       ork_job_summary_has_last         (OrkJobSummary       *self);
gint64         ork_job_summary_get_last_at      (OrkJobSummary       *self);
OrkRunState    ork_job_summary_get_last_state   (OrkJobSummary       *self);
guint64        ork_job_summary_get_last_run_id  (OrkJobSummary       *self);
/* The last run failed (or timed out) with no retry to follow. */
gboolean       ork_job_summary_get_last_failed_for_good (OrkJobSummary *self);
/* A record of a failed attempt with a retry to follow. */
gboolean       ork_job_summary_get_last_will_retry (OrkJobSummary    *self);
guint64        ork_job_summary_get_n_succeeded  (OrkJobSummary       *self);
/* Runs that ended FAILED, TIMED_OUT or INTERRUPTED. */
guint64        ork_job_summary_get_n_failed     (OrkJobSummary       *self);
/* succeeded / (succeeded + failed), or -1 when both are 0. */
double         ork_job_summary_get_success_rate (OrkJobSummary       *self);
guint64        ork_job_summary_get_n_durations  (OrkJobSummary       *self);
/* The 95th percentile of attempt durations in ms (relative error ≤ 2.2 %),
 * or -1 when none was counted. */
gint64         ork_job_summary_get_p95          (OrkJobSummary       *self);
/* Any percentile, @q in [0, 1]. */
gint64         ork_job_summary_get_percentile   (OrkJobSummary       *self,
                                                 double               q);

G_END_DECLS
