/* ork-job-summary.c — what the job list shows about a job's past runs
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ork-job-summary"

#include "config.h"

#include <math.h>

#include "ork-job-summary.h"

/* Buckets per doubling: the bucket of d ms is floor (16 · log2 d), and its
 * geometric middle stands for every value in it (error ≤ 2^(1/32) − 1). */
#define BUCKETS_PER_OCTAVE 16
/* Durations of 0 ms have a bucket of their own, below every other. */
#define ZERO_BUCKET G_MININT32

typedef struct
{
  gint32  bucket;
  guint32 count;
} Bucket;

struct _OrkJobSummary
{
  GObject      parent_instance;

  char        *job_id;

  gint64       last_at;
  OrkRunState  last_state;
  guint64      last_run_id;
  gboolean     last_failed_for_good;
  gboolean     last_will_retry;

  guint64      n_succeeded;
  guint64      n_failed;

  GArray      *buckets;        /* Bucket, sorted by bucket */
  guint64      n_durations;
  gint64       p95;            /* cached; -2 when stale */
};

G_DEFINE_FINAL_TYPE (OrkJobSummary, ork_job_summary, G_TYPE_OBJECT)

enum
{
  PROP_0,
  PROP_JOB_ID,
  PROP_LAST_AT,
  PROP_LAST_STATE,
  PROP_SUCCESS_RATE,
  PROP_P95,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];
static guint notify_signal_id;

static gint32
bucket_of (gint64 ms)
{
  if (ms <= 0)
    return ZERO_BUCKET;
  return (gint32) floor (log2 ((double) ms) * BUCKETS_PER_OCTAVE);
}

static gint64
bucket_value (gint32 bucket)
{
  if (bucket == ZERO_BUCKET)
    return 0;
  return (gint64) llround (exp2 ((bucket + 0.5) / BUCKETS_PER_OCTAVE));
}

static void
add_duration (OrkJobSummary *self,
              gint64         ms)
{
  gint32 key = bucket_of (ms);
  guint lo = 0, hi = self->buckets->len;

  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;

      if (g_array_index (self->buckets, Bucket, mid).bucket < key)
        lo = mid + 1;
      else
        hi = mid;
    }
  if (lo < self->buckets->len && g_array_index (self->buckets, Bucket, lo).bucket == key)
    g_array_index (self->buckets, Bucket, lo).count++;
  else
    {
      Bucket b = { key, 1 };
      g_array_insert_val (self->buckets, lo, b);
    }
  self->n_durations++;
  self->p95 = -2;
}

static void
ork_job_summary_finalize (GObject *object)
{
  OrkJobSummary *self = ORK_JOB_SUMMARY (object);

  g_clear_pointer (&self->job_id, g_free);
  g_clear_pointer (&self->buckets, g_array_unref);

  G_OBJECT_CLASS (ork_job_summary_parent_class)->finalize (object);
}

static void
ork_job_summary_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  OrkJobSummary *self = ORK_JOB_SUMMARY (object);

  switch (prop_id)
    {
    case PROP_JOB_ID:
      g_value_set_string (value, self->job_id);
      break;
    case PROP_LAST_AT:
      g_value_set_int64 (value, self->last_at);
      break;
    case PROP_LAST_STATE:
      g_value_set_int (value, self->last_state);
      break;
    case PROP_SUCCESS_RATE:
      g_value_set_double (value, ork_job_summary_get_success_rate (self));
      break;
    case PROP_P95:
      g_value_set_int64 (value, ork_job_summary_get_p95 (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ork_job_summary_class_init (OrkJobSummaryClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->finalize = ork_job_summary_finalize;
  notify_signal_id = g_signal_lookup ("notify", G_TYPE_OBJECT);
  object_class->get_property = ork_job_summary_get_property;

  properties[PROP_JOB_ID] = g_param_spec_string ("job-id", NULL, NULL, NULL, flags);
  properties[PROP_LAST_AT] = g_param_spec_int64 ("last-at", NULL, NULL,
                                                 G_MININT64, G_MAXINT64, ORK_TIME_UNSET,
                                                 flags);
  properties[PROP_LAST_STATE] = g_param_spec_int ("last-state", NULL, NULL,
                                                  0, ORK_RUN_INTERRUPTED, 0, flags);
  properties[PROP_SUCCESS_RATE] = g_param_spec_double ("success-rate", NULL, NULL,
                                                       -1, 1, -1, flags);
  properties[PROP_P95] = g_param_spec_int64 ("p95", NULL, NULL, -1, G_MAXINT64, -1, flags);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
ork_job_summary_init (OrkJobSummary *self)
{
  self->buckets = g_array_new (FALSE, FALSE, sizeof (Bucket));
  self->last_at = ORK_TIME_UNSET;
  self->p95 = -1;
}

OrkJobSummary *
ork_job_summary_new (const char *job_id)
{
  OrkJobSummary *self;

  g_return_val_if_fail (job_id != NULL, NULL);

  self = g_object_new (ORK_TYPE_JOB_SUMMARY, NULL);
  self->job_id = g_strdup (job_id);
  return self;
}

const char *
ork_job_summary_get_job_id (OrkJobSummary *self)
{
  g_return_val_if_fail (ORK_IS_JOB_SUMMARY (self), NULL);
  return self->job_id;
}

static void
notify_all (OrkJobSummary *self)
{
  GObject *object = G_OBJECT (self);

  /* One summary per job, all reset together with a new engine: GLib 2.74
   * does the whole notify dance even when nobody listens. */
  if (g_signal_handler_find (self, G_SIGNAL_MATCH_ID, notify_signal_id, 0, NULL, NULL, NULL) == 0)
    return;

  g_object_freeze_notify (object);
  g_object_notify_by_pspec (object, properties[PROP_LAST_AT]);
  g_object_notify_by_pspec (object, properties[PROP_LAST_STATE]);
  g_object_notify_by_pspec (object, properties[PROP_SUCCESS_RATE]);
  g_object_notify_by_pspec (object, properties[PROP_P95]);
  g_object_thaw_notify (object);
}

static void
count_record (OrkJobSummary   *self,
              const OrkRecord *record)
{
  gboolean failed = record->status == ORK_RUN_FAILED || record->status == ORK_RUN_TIMED_OUT;

  self->last_at = record->decided_at;
  self->last_state = record->status;
  self->last_run_id = record->run_id;
  self->last_failed_for_good = failed && record->next_retry_in < 0;
  self->last_will_retry = failed && record->next_retry_in >= 0;

  if (record->status == ORK_RUN_SUCCEEDED)
    self->n_succeeded++;
  else if (self->last_failed_for_good || record->status == ORK_RUN_INTERRUPTED)
    self->n_failed++;

  if (record->started_at != ORK_TIME_UNSET && record->finished_at != ORK_TIME_UNSET &&
      record->finished_at >= record->started_at)
    add_duration (self, (record->finished_at - record->started_at) / ORK_USEC_PER_MS);
}

void
ork_job_summary_add_record (OrkJobSummary   *self,
                            const OrkRecord *record)
{
  g_return_if_fail (ORK_IS_JOB_SUMMARY (self));
  g_return_if_fail (record != NULL);

  count_record (self, record);
  notify_all (self);
}

static void
clear (OrkJobSummary *self)
{
  self->last_at = ORK_TIME_UNSET;
  self->last_state = ORK_RUN_SCHEDULED;
  self->last_run_id = 0;
  self->last_failed_for_good = FALSE;
  self->last_will_retry = FALSE;
  self->n_succeeded = 0;
  self->n_failed = 0;
  g_array_set_size (self->buckets, 0);
  self->n_durations = 0;
  self->p95 = -1;
}

void
ork_job_summary_reset (OrkJobSummary *self)
{
  g_return_if_fail (ORK_IS_JOB_SUMMARY (self));

  clear (self);
  notify_all (self);
}

void
ork_job_summary_prime (OrkJobSummary *self,
                       OrkHistory    *history,
                       guint          max_runs)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) runs = NULL;
  OrkHistoryCounts counts;

  g_return_if_fail (ORK_IS_JOB_SUMMARY (self));
  g_return_if_fail (history == NULL || ORK_IS_HISTORY (history));

  clear (self);
  if (history == NULL)
    goto out;

  if (ork_history_count_by_state (history, self->job_id, ORK_TIME_UNSET, ORK_TIME_NEVER,
                                  &counts, &error))
    {
      self->n_succeeded = counts.by_state[ORK_RUN_SUCCEEDED];
      self->n_failed = counts.by_state[ORK_RUN_FAILED] + counts.by_state[ORK_RUN_TIMED_OUT] +
                       counts.by_state[ORK_RUN_INTERRUPTED];
    }
  else
    {
      g_debug ("Counting the runs of %s: %s", self->job_id, error->message);
      g_clear_error (&error);
    }

  /* The newest run with a record gives the last outcome (the newest run
   * may still be going); the runs' last attempts give the durations. */
  runs = ork_history_list_job_runs (history, self->job_id, 0, MAX (max_runs, 1), &error);
  if (runs == NULL)
    g_debug ("Listing the runs of %s: %s", self->job_id, error->message);
  for (guint i = 0; runs != NULL && i < runs->len; i++)
    {
      const OrkHistoryRun *run = runs->pdata[i];
      const OrkRecord *r = run->last;

      if (r == NULL)
        continue;
      if (self->last_at == ORK_TIME_UNSET)
        {
          gboolean failed = r->status == ORK_RUN_FAILED || r->status == ORK_RUN_TIMED_OUT;

          self->last_at = r->decided_at;
          self->last_state = r->status;
          self->last_run_id = r->run_id;
          self->last_failed_for_good = failed && r->next_retry_in < 0;
          self->last_will_retry = failed && r->next_retry_in >= 0;
        }
      if (i < max_runs && r->started_at != ORK_TIME_UNSET && r->finished_at != ORK_TIME_UNSET &&
          r->finished_at >= r->started_at)
        add_duration (self, (r->finished_at - r->started_at) / ORK_USEC_PER_MS);
    }

out:
  notify_all (self);
}

gboolean
ork_job_summary_has_last (OrkJobSummary *self)
{
  g_return_val_if_fail (ORK_IS_JOB_SUMMARY (self), FALSE);
  return self->last_at != ORK_TIME_UNSET;
}

gint64
ork_job_summary_get_last_at (OrkJobSummary *self)
{
  g_return_val_if_fail (ORK_IS_JOB_SUMMARY (self), ORK_TIME_UNSET);
  return self->last_at;
}

OrkRunState
ork_job_summary_get_last_state (OrkJobSummary *self)
{
  g_return_val_if_fail (ORK_IS_JOB_SUMMARY (self), ORK_RUN_SCHEDULED);
  return self->last_state;
}

guint64
ork_job_summary_get_last_run_id (OrkJobSummary *self)
{
  g_return_val_if_fail (ORK_IS_JOB_SUMMARY (self), 0);
  return self->last_run_id;
}

gboolean
ork_job_summary_get_last_failed_for_good (OrkJobSummary *self)
{
  g_return_val_if_fail (ORK_IS_JOB_SUMMARY (self), FALSE);
  return self->last_failed_for_good;
}

gboolean
ork_job_summary_get_last_will_retry (OrkJobSummary *self)
{
  g_return_val_if_fail (ORK_IS_JOB_SUMMARY (self), FALSE);
  return self->last_will_retry;
}

guint64
ork_job_summary_get_n_succeeded (OrkJobSummary *self)
{
  g_return_val_if_fail (ORK_IS_JOB_SUMMARY (self), 0);
  return self->n_succeeded;
}

guint64
ork_job_summary_get_n_failed (OrkJobSummary *self)
{
  g_return_val_if_fail (ORK_IS_JOB_SUMMARY (self), 0);
  return self->n_failed;
}

double
ork_job_summary_get_success_rate (OrkJobSummary *self)
{
  guint64 total;

  g_return_val_if_fail (ORK_IS_JOB_SUMMARY (self), -1);

  total = self->n_succeeded + self->n_failed;
  if (total == 0)
    return -1;
  return (double) self->n_succeeded / (double) total;
}

guint64
ork_job_summary_get_n_durations (OrkJobSummary *self)
{
  g_return_val_if_fail (ORK_IS_JOB_SUMMARY (self), 0);
  return self->n_durations;
}

gint64
ork_job_summary_get_percentile (OrkJobSummary *self,
                                double         q)
{
  guint64 rank, seen = 0;

  g_return_val_if_fail (ORK_IS_JOB_SUMMARY (self), -1);

  if (self->n_durations == 0)
    return -1;
  /* The smallest value with at least ⌈q·n⌉ values at or below it. */
  rank = (guint64) ceil (CLAMP (q, 0.0, 1.0) * (double) self->n_durations);
  rank = MAX (rank, 1);
  for (guint i = 0; i < self->buckets->len; i++)
    {
      const Bucket *b = &g_array_index (self->buckets, Bucket, i);

      seen += b->count;
      if (seen >= rank)
        return bucket_value (b->bucket);
    }
  return bucket_value (g_array_index (self->buckets, Bucket, self->buckets->len - 1).bucket);
}

gint64
ork_job_summary_get_p95 (OrkJobSummary *self)
{
  g_return_val_if_fail (ORK_IS_JOB_SUMMARY (self), -1);

  if (self->p95 == -2)
    self->p95 = ork_job_summary_get_percentile (self, 0.95);
  return self->p95;
}
