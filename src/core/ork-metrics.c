/* ork-metrics.c — counts, latency histograms and time series of an engine
 *
 * Every scope (a job, or all jobs) has whole-history counters and fine
 * histograms, and a ring of time buckets in bucket order. A job's ring only
 * holds the buckets it had events in; the overall ring has a bucket for
 * every bucket with an event anywhere.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ork-metrics"

#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "ork-metrics.h"
#include "ork-run.h"

#define N_OUTCOMES (ORK_RUN_INTERRUPTED - ORK_RUN_SUCCEEDED + 1)
#define OUTCOME(state) ((state) - ORK_RUN_SUCCEEDED)
#define SPARSE_MAX 32
#define COARSE ORK_HISTOGRAM_PRECISION_COARSE
#define FINE ORK_HISTOGRAM_PRECISION_FINE

/* One latency value of a bucket, by its coarse histogram bucket. */
typedef struct
{
  guint16 bucket;
  guint8  kind;
  guint8  count;
} LatEntry;

typedef struct
{
  gint64         no;            /* start / width */
  guint32        attempts[N_OUTCOMES];
  guint32        runs[N_OUTCOMES];
  guint32        retries[ORK_METRICS_RETRY_BUCKETS];
  guint32        queue_max;
  guint32        running_max;
  guint32        queue_end;     /* the value after the bucket's last event */
  guint32        running_end;
  gint64         queue_area;    /* count × µs over [start, covered) */
  gint64         running_area;
  gint64         covered;
  LatEntry      *entries;       /* sparse latencies, or NULL */
  OrkHistogram **dense;         /* ORK_METRICS_N_LATENCIES coarse ones, or NULL */
  guint8         n_entries;
} Bucket;

typedef struct
{
  Bucket *buf;
  guint   cap;                  /* a power of two */
  guint   head;
  guint   len;
} Ring;

typedef struct
{
  char          *id;            /* NULL: overall */
  guint64        attempts[N_OUTCOMES];
  guint64        runs[N_OUTCOMES];
  guint64        retries[ORK_METRICS_RETRY_BUCKETS];
  OrkHistogram  *lat[ORK_METRICS_N_LATENCIES];
  guint          queued;
  guint          running;
  guint          carried_queue; /* end values of the last dropped bucket */
  guint          carried_running;
  gboolean       dense;         /* buckets start dense (overall) */
  Ring           ring;
} Scope;

struct _OrkMetrics
{
  GObject       parent_instance;

  gint64        width;
  guint         n_buckets;
  Scope        *overall;
  GHashTable   *jobs;           /* id → Scope */
  Scope        *last_scope;     /* look-up cache */
  gint64        newest_no;      /* G_MININT64: nothing yet */
  gint64        latest;         /* the latest event time */
  gint64        earliest;       /* the earliest event time; G_MAXINT64: nothing yet */

  OrkScheduler *scheduler;
  OrkClock     *clock;
  gulong        transition_id;
  gulong        record_id;

  guint         changed_id;
  gboolean      dirty;
};

enum
{
  SIGNAL_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (OrkMetrics, ork_metrics, G_TYPE_OBJECT)

static inline gint64
floor_div (gint64 a,
           gint64 b)
{
  gint64 q = a / b;

  return (a % b != 0 && a < 0) ? q - 1 : q;
}

/* Buckets */

static void
bucket_free_latencies (Bucket *b)
{
  g_clear_pointer (&b->entries, g_free);
  b->n_entries = 0;
  if (b->dense != NULL)
    {
      for (guint k = 0; k < ORK_METRICS_N_LATENCIES; k++)
        ork_histogram_free (b->dense[k]);
      g_clear_pointer (&b->dense, g_free);
    }
}

static void
bucket_make_dense (Bucket *b)
{
  b->dense = g_new0 (OrkHistogram *, ORK_METRICS_N_LATENCIES);
  for (guint i = 0; i < b->n_entries; i++)
    {
      LatEntry *e = &b->entries[i];

      if (b->dense[e->kind] == NULL)
        b->dense[e->kind] = ork_histogram_new (COARSE);
      ork_histogram_add_bucket (b->dense[e->kind], e->bucket, e->count);
    }
  g_clear_pointer (&b->entries, g_free);
  b->n_entries = 0;
}

static void
bucket_add_latency (Bucket *b,
                    guint   kind,
                    gint64  value)
{
  guint16 idx;
  guint n;

  if (b->dense == NULL)
    {
      idx = (guint16) ork_histogram_bucket_of (COARSE, value);
      n = b->n_entries;
      for (guint i = 0; i < n; i++)
        if (b->entries[i].bucket == idx && b->entries[i].kind == kind && b->entries[i].count < 255)
          {
            b->entries[i].count++;
            return;
          }
      if (n < SPARSE_MAX)
        {
          /* Capacity: 4, 8, 16, 32. */
          if (n == 0 || (n >= 4 && (n & (n - 1)) == 0))
            b->entries = g_renew (LatEntry, b->entries, n == 0 ? 4 : n * 2);
          b->entries[n].bucket = idx;
          b->entries[n].kind = (guint8) kind;
          b->entries[n].count = 1;
          b->n_entries++;
          return;
        }
      bucket_make_dense (b);
    }
  if (b->dense[kind] == NULL)
    b->dense[kind] = ork_histogram_new (COARSE);
  ork_histogram_record (b->dense[kind], value);
}

static void
bucket_merge_latency (const Bucket *b,
                      guint         kind,
                      OrkHistogram *into)
{
  if (b->dense != NULL)
    {
      if (b->dense[kind] != NULL)
        ork_histogram_merge (into, b->dense[kind]);
      return;
    }
  for (guint i = 0; i < b->n_entries; i++)
    if (b->entries[i].kind == kind)
      ork_histogram_add_bucket (into, b->entries[i].bucket, b->entries[i].count);
}

static gsize
bucket_latency_size (const Bucket *b)
{
  gsize size = 0;

  if (b->entries != NULL)
    {
      guint cap = 4;

      while (cap < b->n_entries)
        cap *= 2;
      size += cap * sizeof (LatEntry);
    }
  if (b->dense != NULL)
    {
      size += ORK_METRICS_N_LATENCIES * sizeof (OrkHistogram *);
      for (guint k = 0; k < ORK_METRICS_N_LATENCIES; k++)
        if (b->dense[k] != NULL)
          size += ork_histogram_get_size (b->dense[k]);
    }
  return size;
}

/* Rings */

static inline Bucket *
ring_at (const Ring *r,
         guint       i)
{
  return &r->buf[(r->head + i) & (r->cap - 1)];
}

static inline Bucket *
ring_last (const Ring *r)
{
  return r->len ? ring_at (r, r->len - 1) : NULL;
}

static void
ring_grow (Ring *r)
{
  guint cap = r->cap ? r->cap * 2 : 4;
  Bucket *buf = g_new (Bucket, cap);

  for (guint i = 0; i < r->len; i++)
    buf[i] = *ring_at (r, i);
  g_free (r->buf);
  r->buf = buf;
  r->cap = cap;
  r->head = 0;
}

/* The first index with no >= @no (r->len if none). */
static guint
ring_search (const Ring *r,
             gint64      no)
{
  guint lo = 0, hi = r->len;

  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;

      if (ring_at (r, mid)->no < no)
        lo = mid + 1;
      else
        hi = mid;
    }
  return lo;
}

static void
ring_clear (Ring *r)
{
  for (guint i = 0; i < r->len; i++)
    bucket_free_latencies (ring_at (r, i));
  g_clear_pointer (&r->buf, g_free);
  r->cap = r->head = r->len = 0;
}

/* Scopes */

static Scope *
scope_new (const char *id)
{
  Scope *s = g_new0 (Scope, 1);

  s->id = g_strdup (id);
  s->dense = id == NULL;
  return s;
}

static void
scope_reset (Scope *s)
{
  for (guint k = 0; k < ORK_METRICS_N_LATENCIES; k++)
    g_clear_pointer (&s->lat[k], ork_histogram_free);
  ring_clear (&s->ring);
  memset (s->attempts, 0, sizeof s->attempts);
  memset (s->runs, 0, sizeof s->runs);
  memset (s->retries, 0, sizeof s->retries);
  s->queued = s->running = 0;
  s->carried_queue = s->carried_running = 0;
}

static void
scope_free (Scope *s)
{
  scope_reset (s);
  g_free (s->id);
  g_free (s);
}

static void
bucket_init (Bucket *b,
             Scope  *s,
             gint64  no,
             gint64  width,
             gint64  t)
{
  gint64 held = MAX (t - no * width, 0);

  memset (b, 0, sizeof *b);
  b->no = no;
  b->queue_end = b->queue_max = s->queued;
  b->running_end = b->running_max = s->running;
  b->queue_area = (gint64) s->queued * held;
  b->running_area = (gint64) s->running * held;
  b->covered = t;
  if (s->dense)
    b->dense = g_new0 (OrkHistogram *, ORK_METRICS_N_LATENCIES);
}

static void
bucket_close (Bucket *b,
              gint64  width)
{
  gint64 end = (b->no + 1) * width;

  if (end > b->covered)
    {
      b->queue_area += (gint64) b->queue_end * (end - b->covered);
      b->running_area += (gint64) b->running_end * (end - b->covered);
      b->covered = end;
    }
}

/* The bucket of time @t in @s, created if need be; NULL when @t is older
 * than the kept window. */
static Bucket *
scope_bucket (OrkMetrics *self,
              Scope      *s,
              gint64      t)
{
  Ring *r = &s->ring;
  gint64 no = floor_div (t, self->width);
  Bucket *last = ring_last (r);
  guint pos;

  if (G_LIKELY (last != NULL && last->no == no))
    return last;

  if (no > self->newest_no)
    self->newest_no = no;
  if (no <= self->newest_no - (gint64) self->n_buckets)
    return NULL;

  if (last == NULL || no > last->no)
    {
      if (last != NULL)
        bucket_close (last, self->width);
      /* Drop what fell out of the window. */
      while (r->len > 0 && r->buf[r->head].no <= no - (gint64) self->n_buckets)
        {
          Bucket *front = &r->buf[r->head];

          s->carried_queue = front->queue_end;
          s->carried_running = front->running_end;
          bucket_free_latencies (front);
          r->head = (r->head + 1) & (r->cap - 1);
          r->len--;
        }
      if (r->len == r->cap)
        ring_grow (r);
      r->len++;
      bucket_init (ring_at (r, r->len - 1), s, no, self->width, t);
      return ring_at (r, r->len - 1);
    }

  /* An older bucket: find it, or insert it in order. */
  pos = ring_search (r, no);
  if (ring_at (r, pos)->no == no)
    return ring_at (r, pos);
  if (r->len == r->cap)
    ring_grow (r);
  r->len++;
  for (guint i = r->len - 1; i > pos; i--)
    *ring_at (r, i) = *ring_at (r, i - 1);
  bucket_init (ring_at (r, pos), s, no, self->width, (no + 1) * self->width);
  /* Its depth is unknown: take the previous bucket's. */
  if (pos > 0)
    {
      Bucket *prev = ring_at (r, pos - 1), *b = ring_at (r, pos);

      b->queue_end = b->queue_max = prev->queue_end;
      b->running_end = b->running_max = prev->running_end;
      b->queue_area = (gint64) b->queue_end * self->width;
      b->running_area = (gint64) b->running_end * self->width;
    }
  return ring_at (r, pos);
}

static Scope *
job_scope (OrkMetrics *self,
           const char *job_id)
{
  Scope *s = self->last_scope;

  if (G_LIKELY (s != NULL && strcmp (s->id, job_id) == 0))
    return s;
  s = g_hash_table_lookup (self->jobs, job_id);
  if (s == NULL)
    {
      s = scope_new (job_id);
      g_hash_table_insert (self->jobs, s->id, s);
    }
  self->last_scope = s;
  return s;
}

static void
mark_changed (OrkMetrics *self);

/* Events */

static void
scope_change_depth (OrkMetrics *self,
                    Scope      *s,
                    gint64      t,
                    int         dq,
                    int         dr)
{
  Bucket *b = scope_bucket (self, s, t);
  gboolean is_last = b != NULL && b == ring_last (&s->ring);

  if (is_last && t > b->covered)
    {
      b->queue_area += (gint64) b->queue_end * (t - b->covered);
      b->running_area += (gint64) b->running_end * (t - b->covered);
      b->covered = t;
    }
  s->queued = (dq < 0 && s->queued < (guint) -dq) ? 0 : s->queued + dq;
  s->running = (dr < 0 && s->running < (guint) -dr) ? 0 : s->running + dr;
  if (b == NULL)
    return;
  if (is_last)
    {
      b->queue_end = s->queued;
      b->running_end = s->running;
    }
  b->queue_max = MAX (b->queue_max, s->queued);
  b->running_max = MAX (b->running_max, s->running);
}

static void
change_depth (OrkMetrics *self,
              Scope      *job,
              gint64      t,
              int         dq,
              int         dr)
{
  if (t > self->latest)
    self->latest = t;
  if (t < self->earliest)
    self->earliest = t;
  scope_change_depth (self, self->overall, t, dq, dr);
  scope_change_depth (self, job, t, dq, dr);
  mark_changed (self);
}

void
ork_metrics_add_transition (OrkMetrics  *self,
                            const char  *job_id,
                            gint64       at,
                            OrkRunState  from,
                            OrkRunState  to)
{
  int dq, dr;

  g_return_if_fail (ORK_IS_METRICS (self));
  g_return_if_fail (job_id != NULL);

  dq = (to == ORK_RUN_QUEUED) - (from == ORK_RUN_QUEUED);
  dr = (to == ORK_RUN_RUNNING) - (from == ORK_RUN_RUNNING);
  if (dq == 0 && dr == 0)
    return;
  change_depth (self, job_scope (self, job_id), at, dq, dr);
}

static void
scope_add_record (OrkMetrics      *self,
                  Scope           *s,
                  const OrkRecord *r,
                  gint64           t,
                  gboolean         final,
                  const gint64    *lat)
{
  Bucket *b = scope_bucket (self, s, t);
  guint outcome = OUTCOME (r->status);
  guint retry = CLAMP (r->attempt, 1, ORK_METRICS_RETRY_BUCKETS) - 1;

  if (r->status != ORK_RUN_SKIPPED)
    {
      s->attempts[outcome]++;
      if (b != NULL)
        b->attempts[outcome]++;
    }
  if (final)
    {
      s->runs[outcome]++;
      if (b != NULL)
        b->runs[outcome]++;
      if (r->status != ORK_RUN_SKIPPED)
        {
          s->retries[retry]++;
          if (b != NULL)
            b->retries[retry]++;
        }
    }
  for (guint k = 0; k < ORK_METRICS_N_LATENCIES; k++)
    {
      if (lat[k] == ORK_TIME_UNSET)
        continue;
      if (s->lat[k] == NULL)
        s->lat[k] = ork_histogram_new (FINE);
      ork_histogram_record (s->lat[k], lat[k]);
      if (b != NULL)
        bucket_add_latency (b, k, lat[k]);
    }
}

void
ork_metrics_add_record (OrkMetrics      *self,
                        const OrkRecord *r)
{
  gint64 lat[ORK_METRICS_N_LATENCIES];
  gboolean final, skipped;
  gint64 t;

  g_return_if_fail (ORK_IS_METRICS (self));
  g_return_if_fail (r != NULL && r->job_id != NULL);
  g_return_if_fail (ORK_RUN_STATE_IS_FINAL (r->status));

  skipped = r->status == ORK_RUN_SKIPPED;
  final = skipped || r->next_retry_in < 0;
  t = r->decided_at != ORK_TIME_UNSET ? r->decided_at : r->finished_at;
  if (t == ORK_TIME_UNSET)
    t = self->latest;
  if (t > self->latest)
    self->latest = t;
  if (t < self->earliest)
    self->earliest = t;

  for (guint k = 0; k < ORK_METRICS_N_LATENCIES; k++)
    lat[k] = ORK_TIME_UNSET;
  if (!skipped && r->started_at != ORK_TIME_UNSET)
    {
      if (r->queued_at != ORK_TIME_UNSET)
        lat[ORK_METRICS_QUEUE_WAIT] = r->started_at - r->queued_at;
      if (r->finished_at != ORK_TIME_UNSET)
        lat[ORK_METRICS_DURATION] = r->finished_at - r->started_at;
      if (r->attempt <= 1 && r->nominal_at != ORK_TIME_UNSET)
        lat[ORK_METRICS_LATENESS] = r->started_at - r->nominal_at;
    }
  if (!skipped && final && r->finished_at != ORK_TIME_UNSET && r->nominal_at != ORK_TIME_UNSET)
    lat[ORK_METRICS_END_TO_END] = r->finished_at - r->nominal_at;

  scope_add_record (self, self->overall, r, t, final, lat);
  scope_add_record (self, job_scope (self, r->job_id), r, t, final, lat);
  mark_changed (self);
}

/* "changed" */

static gboolean
on_changed_timeout (gpointer data)
{
  OrkMetrics *self = data;

  self->changed_id = 0;
  self->dirty = FALSE;
  g_signal_emit (self, signals[SIGNAL_CHANGED], 0);
  return G_SOURCE_REMOVE;
}

static void
mark_changed (OrkMetrics *self)
{
  self->dirty = TRUE;
  if (G_UNLIKELY (self->changed_id == 0))
    self->changed_id = g_timeout_add (ORK_METRICS_CHANGED_INTERVAL_MS, on_changed_timeout, self);
}

void
ork_metrics_flush (OrkMetrics *self)
{
  g_return_if_fail (ORK_IS_METRICS (self));

  g_clear_handle_id (&self->changed_id, g_source_remove);
  if (self->dirty)
    {
      self->dirty = FALSE;
      g_signal_emit (self, signals[SIGNAL_CHANGED], 0);
    }
}

/* Attachment */

static void
on_transition (OrkScheduler *scheduler,
               OrkRun       *run,
               guint         from,
               guint         to,
               guint         reason,
               OrkMetrics   *self)
{
  int dq = (to == ORK_RUN_QUEUED) - (from == ORK_RUN_QUEUED);
  int dr = (to == ORK_RUN_RUNNING) - (from == ORK_RUN_RUNNING);

  if (dq == 0 && dr == 0)
    return;
  change_depth (self, job_scope (self, ork_run_get_job_id (run)), ork_clock_now (self->clock),
                dq, dr);
}

static void
on_record (OrkScheduler *scheduler,
           OrkRecord    *record,
           OrkMetrics   *self)
{
  ork_metrics_add_record (self, record);
}

static void
on_scheduler_gone (gpointer  data,
                   GObject  *where)
{
  OrkMetrics *self = data;

  self->scheduler = NULL;
  self->transition_id = self->record_id = 0;
  g_clear_object (&self->clock);
}

void
ork_metrics_detach (OrkMetrics *self)
{
  g_return_if_fail (ORK_IS_METRICS (self));

  if (self->scheduler == NULL)
    return;
  g_clear_signal_handler (&self->transition_id, self->scheduler);
  g_clear_signal_handler (&self->record_id, self->scheduler);
  g_object_weak_unref (G_OBJECT (self->scheduler), on_scheduler_gone, self);
  self->scheduler = NULL;
  g_clear_object (&self->clock);
}

void
ork_metrics_attach (OrkMetrics   *self,
                    OrkScheduler *scheduler)
{
  g_autoptr(GPtrArray) active = NULL;
  GHashTableIter iter;
  Scope *s;
  gint64 now;

  g_return_if_fail (ORK_IS_METRICS (self));
  g_return_if_fail (ORK_IS_SCHEDULER (scheduler));

  ork_metrics_detach (self);
  self->scheduler = scheduler;
  self->clock = g_object_ref (ork_scheduler_get_clock (scheduler));
  g_object_weak_ref (G_OBJECT (scheduler), on_scheduler_gone, self);
  self->transition_id = g_signal_connect (scheduler, "transition", G_CALLBACK (on_transition), self);
  self->record_id = g_signal_connect (scheduler, "record", G_CALLBACK (on_record), self);

  /* The depth is the new engine's from now on. */
  now = ork_clock_now (self->clock);
  g_hash_table_iter_init (&iter, self->jobs);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &s))
    if (s->queued != 0 || s->running != 0)
      change_depth (self, s, now, -(int) s->queued, -(int) s->running);
  active = ork_scheduler_get_active_runs (scheduler);
  for (guint i = 0; i < active->len; i++)
    {
      OrkRun *run = active->pdata[i];

      ork_metrics_add_transition (self, ork_run_get_job_id (run), now, ORK_RUN_SCHEDULED,
                                  ork_run_get_state (run));
    }
}

OrkScheduler *
ork_metrics_get_scheduler (OrkMetrics *self)
{
  g_return_val_if_fail (ORK_IS_METRICS (self), NULL);

  return self->scheduler;
}

/* Object */

static void
ork_metrics_dispose (GObject *object)
{
  OrkMetrics *self = ORK_METRICS (object);

  ork_metrics_detach (self);
  g_clear_handle_id (&self->changed_id, g_source_remove);
  G_OBJECT_CLASS (ork_metrics_parent_class)->dispose (object);
}

static void
ork_metrics_finalize (GObject *object)
{
  OrkMetrics *self = ORK_METRICS (object);

  g_hash_table_unref (self->jobs);
  scope_free (self->overall);
  G_OBJECT_CLASS (ork_metrics_parent_class)->finalize (object);
}

static void
ork_metrics_class_init (OrkMetricsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = ork_metrics_dispose;
  object_class->finalize = ork_metrics_finalize;

  signals[SIGNAL_CHANGED] =
    g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
ork_metrics_init (OrkMetrics *self)
{
  self->width = ORK_METRICS_DEFAULT_BUCKET_WIDTH;
  self->n_buckets = ORK_METRICS_DEFAULT_N_BUCKETS;
  self->overall = scope_new (NULL);
  self->jobs = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, (GDestroyNotify) scope_free);
  self->newest_no = G_MININT64;
  self->latest = G_MININT64;
  self->earliest = G_MAXINT64;
}

OrkMetrics *
ork_metrics_new (void)
{
  return g_object_new (ORK_TYPE_METRICS, NULL);
}

OrkMetrics *
ork_metrics_new_full (gint64 bucket_width_us,
                      guint  n_buckets)
{
  OrkMetrics *self;

  g_return_val_if_fail (bucket_width_us > 0, NULL);
  g_return_val_if_fail (n_buckets >= 1, NULL);

  self = ork_metrics_new ();
  self->width = bucket_width_us;
  self->n_buckets = n_buckets;
  return self;
}

gint64
ork_metrics_get_bucket_width (OrkMetrics *self)
{
  g_return_val_if_fail (ORK_IS_METRICS (self), 0);

  return self->width;
}

guint
ork_metrics_get_n_buckets (OrkMetrics *self)
{
  g_return_val_if_fail (ORK_IS_METRICS (self), 0);

  return self->n_buckets;
}

void
ork_metrics_clear (OrkMetrics *self)
{
  g_return_if_fail (ORK_IS_METRICS (self));

  g_hash_table_remove_all (self->jobs);
  self->last_scope = NULL;
  scope_reset (self->overall);
  self->newest_no = G_MININT64;
  self->latest = G_MININT64;
  self->earliest = G_MAXINT64;
  mark_changed (self);
}

/* Queries */

static Scope *
find_scope (OrkMetrics *self,
            const char *job_id)
{
  return job_id == NULL ? self->overall : g_hash_table_lookup (self->jobs, job_id);
}

static gboolean
is_whole (gint64 since,
          gint64 until)
{
  return since == ORK_TIME_UNSET && (until == ORK_TIME_NEVER || until == ORK_TIME_UNSET);
}

/* The kept bucket numbers overlapping [since, until): [*lo, *hi). FALSE
 * when none. */
static gboolean
range_numbers (OrkMetrics *self,
               gint64      since,
               gint64      until,
               gint64     *lo,
               gint64     *hi)
{
  gint64 first, last;

  if (self->newest_no == G_MININT64)
    return FALSE;
  first = self->newest_no - (gint64) self->n_buckets + 1;
  last = self->newest_no;
  if (since != ORK_TIME_UNSET)
    first = MAX (first, floor_div (since, self->width));
  if (until != ORK_TIME_UNSET && until != ORK_TIME_NEVER)
    last = MIN (last, floor_div (until - 1, self->width));
  if (first > last)
    return FALSE;
  *lo = first;
  *hi = last + 1;
  return TRUE;
}

gboolean
ork_metrics_get_extent (OrkMetrics *self,
                        gint64     *earliest,
                        gint64     *latest)
{
  g_return_val_if_fail (ORK_IS_METRICS (self), FALSE);

  if (self->earliest == G_MAXINT64)
    return FALSE;
  if (earliest != NULL)
    *earliest = self->earliest;
  if (latest != NULL)
    *latest = self->latest;
  return TRUE;
}

gint64
ork_metrics_get_kept_since (OrkMetrics *self)
{
  gint64 first;

  g_return_val_if_fail (ORK_IS_METRICS (self), ORK_TIME_UNSET);

  if (self->newest_no == G_MININT64)
    return ORK_TIME_UNSET;
  first = (self->newest_no - (gint64) self->n_buckets + 1) * self->width;
  return self->earliest < first ? first : ORK_TIME_UNSET;
}

static void
fill_stats (OrkMetricsLatencyStats *out,
            const OrkHistogram     *h)
{
  memset (out, 0, sizeof *out);
  if (h == NULL || ork_histogram_get_count (h) == 0)
    return;
  out->count = ork_histogram_get_count (h);
  out->min = ork_histogram_get_min (h);
  out->max = ork_histogram_get_max (h);
  out->mean = ork_histogram_get_mean (h);
  out->p50 = ork_histogram_get_percentile (h, 0.50);
  out->p90 = ork_histogram_get_percentile (h, 0.90);
  out->p95 = ork_histogram_get_percentile (h, 0.95);
  out->p99 = ork_histogram_get_percentile (h, 0.99);
}

static void
finish_summary (OrkMetricsSummary *out)
{
  for (guint i = ORK_RUN_SUCCEEDED; i <= ORK_RUN_INTERRUPTED; i++)
    {
      out->n_attempts += out->attempts_by_state[i];
      out->n_runs += out->runs_by_state[i];
    }
  out->n_finished = out->n_runs - out->runs_by_state[ORK_RUN_SKIPPED];
  out->n_failed = out->runs_by_state[ORK_RUN_FAILED] + out->runs_by_state[ORK_RUN_TIMED_OUT];
  out->n_failed_attempts = out->attempts_by_state[ORK_RUN_FAILED] +
                           out->attempts_by_state[ORK_RUN_TIMED_OUT];
  out->failure_rate = out->n_finished ? (double) out->n_failed / out->n_finished : 0;
  out->attempt_failure_rate = out->n_attempts ? (double) out->n_failed_attempts / out->n_attempts : 0;
}

OrkHistogram *
ork_metrics_get_histogram (OrkMetrics        *self,
                           const char        *job_id,
                           OrkMetricsLatency  latency,
                           gint64             since,
                           gint64             until)
{
  OrkHistogram *h;
  Scope *s;
  gint64 lo, hi;

  g_return_val_if_fail (ORK_IS_METRICS (self), NULL);
  g_return_val_if_fail (latency < ORK_METRICS_N_LATENCIES, NULL);

  s = find_scope (self, job_id);
  if (is_whole (since, until))
    {
      if (s != NULL && s->lat[latency] != NULL)
        return ork_histogram_copy (s->lat[latency]);
      return ork_histogram_new (FINE);
    }
  h = ork_histogram_new (COARSE);
  if (s == NULL || !range_numbers (self, since, until, &lo, &hi))
    return h;
  for (guint i = ring_search (&s->ring, lo); i < s->ring.len; i++)
    {
      Bucket *b = ring_at (&s->ring, i);

      if (b->no >= hi)
        break;
      bucket_merge_latency (b, latency, h);
    }
  return h;
}

void
ork_metrics_get_summary (OrkMetrics        *self,
                         const char        *job_id,
                         gint64             since,
                         gint64             until,
                         OrkMetricsSummary *out)
{
  Scope *s;
  gint64 lo, hi;

  g_return_if_fail (ORK_IS_METRICS (self));
  g_return_if_fail (out != NULL);

  memset (out, 0, sizeof *out);
  s = find_scope (self, job_id);
  if (s == NULL)
    return;
  if (is_whole (since, until))
    {
      for (guint i = 0; i < N_OUTCOMES; i++)
        {
          out->attempts_by_state[ORK_RUN_SUCCEEDED + i] = s->attempts[i];
          out->runs_by_state[ORK_RUN_SUCCEEDED + i] = s->runs[i];
        }
      for (guint k = 0; k < ORK_METRICS_N_LATENCIES; k++)
        fill_stats (&out->latency[k], s->lat[k]);
      finish_summary (out);
      return;
    }
  if (range_numbers (self, since, until, &lo, &hi))
    for (guint i = ring_search (&s->ring, lo); i < s->ring.len; i++)
      {
        Bucket *b = ring_at (&s->ring, i);

        if (b->no >= hi)
          break;
        for (guint j = 0; j < N_OUTCOMES; j++)
          {
            out->attempts_by_state[ORK_RUN_SUCCEEDED + j] += b->attempts[j];
            out->runs_by_state[ORK_RUN_SUCCEEDED + j] += b->runs[j];
          }
      }
  for (guint k = 0; k < ORK_METRICS_N_LATENCIES; k++)
    {
      g_autoptr(OrkHistogram) h = ork_metrics_get_histogram (self, job_id, k, since, until);

      fill_stats (&out->latency[k], h);
    }
  finish_summary (out);
}

void
ork_metrics_get_retry_distribution (OrkMetrics *self,
                                    const char *job_id,
                                    gint64      since,
                                    gint64      until,
                                    guint64     out[ORK_METRICS_RETRY_BUCKETS])
{
  Scope *s;
  gint64 lo, hi;

  g_return_if_fail (ORK_IS_METRICS (self));
  g_return_if_fail (out != NULL);

  memset (out, 0, sizeof (guint64) * ORK_METRICS_RETRY_BUCKETS);
  s = find_scope (self, job_id);
  if (s == NULL)
    return;
  if (is_whole (since, until))
    {
      memcpy (out, s->retries, sizeof s->retries);
      return;
    }
  if (!range_numbers (self, since, until, &lo, &hi))
    return;
  for (guint i = ring_search (&s->ring, lo); i < s->ring.len; i++)
    {
      Bucket *b = ring_at (&s->ring, i);

      if (b->no >= hi)
        break;
      for (guint j = 0; j < ORK_METRICS_RETRY_BUCKETS; j++)
        out[j] += b->retries[j];
    }
}

static double
depth_average (OrkMetrics   *self,
               const Bucket *b,
               gboolean      queue)
{
  gint64 start = b->no * self->width;
  gint64 end = (b->no + 1) * self->width;
  gint64 area = queue ? b->queue_area : b->running_area;
  guint value = queue ? b->queue_end : b->running_end;

  /* The open bucket counts up to the latest event. */
  if (b->no == self->newest_no)
    end = MAX (MIN (end, self->latest), b->covered);
  if (end > b->covered)
    area += (gint64) value * (end - b->covered);
  if (end <= start)
    return value;
  return (double) area / (double) (end - start);
}

static double
bucket_value (OrkMetrics           *self,
              const Bucket         *b,
              OrkMetricsSeriesKind  kind,
              OrkHistogram         *scratch)
{
  guint64 finished = 0, failed;

  for (guint j = 0; j < N_OUTCOMES; j++)
    finished += b->runs[j];
  finished -= b->runs[OUTCOME (ORK_RUN_SKIPPED)];
  failed = b->runs[OUTCOME (ORK_RUN_FAILED)] + b->runs[OUTCOME (ORK_RUN_TIMED_OUT)];

  switch (kind)
    {
    case ORK_METRICS_SERIES_THROUGHPUT:
      return finished;
    case ORK_METRICS_SERIES_FAILURES:
      return failed;
    case ORK_METRICS_SERIES_FAILURE_RATE:
      return finished ? (double) failed / finished : NAN;
    case ORK_METRICS_SERIES_QUEUE_DEPTH:
      return depth_average (self, b, TRUE);
    case ORK_METRICS_SERIES_QUEUE_DEPTH_MAX:
      return b->queue_max;
    case ORK_METRICS_SERIES_RUNNING:
      return depth_average (self, b, FALSE);
    case ORK_METRICS_SERIES_RUNNING_MAX:
      return b->running_max;
    case ORK_METRICS_SERIES_N_KINDS:
      g_assert_not_reached ();
    default:
      {
        guint i = kind - ORK_METRICS_SERIES_QUEUE_WAIT_P50;
        static const double qs[] = { 0.50, 0.95, 0.99 };

        ork_histogram_clear (scratch);
        bucket_merge_latency (b, i / 3, scratch);
        if (ork_histogram_get_count (scratch) == 0)
          return NAN;
        return ork_histogram_get_percentile (scratch, qs[i % 3]);
      }
    }
}

static double
empty_value (OrkMetricsSeriesKind kind,
             guint                carried_queue,
             guint                carried_running)
{
  switch (kind)
    {
    case ORK_METRICS_SERIES_THROUGHPUT:
    case ORK_METRICS_SERIES_FAILURES:
      return 0;
    case ORK_METRICS_SERIES_QUEUE_DEPTH:
    case ORK_METRICS_SERIES_QUEUE_DEPTH_MAX:
      return carried_queue;
    case ORK_METRICS_SERIES_RUNNING:
    case ORK_METRICS_SERIES_RUNNING_MAX:
      return carried_running;
    case ORK_METRICS_SERIES_FAILURE_RATE:
    case ORK_METRICS_SERIES_N_KINDS:
    default:
      return NAN;
    }
}

void
ork_metrics_get_series (OrkMetrics           *self,
                        const char           *job_id,
                        OrkMetricsSeriesKind  kind,
                        gint64                since,
                        gint64                until,
                        GArray               *out_points)
{
  g_autoptr(OrkHistogram) scratch = NULL;
  guint carried_queue = 0, carried_running = 0;
  Scope *s;
  gint64 lo, hi;
  guint i = 0;

  g_return_if_fail (ORK_IS_METRICS (self));
  g_return_if_fail (kind < ORK_METRICS_SERIES_N_KINDS);
  g_return_if_fail (out_points != NULL);
  g_return_if_fail (g_array_get_element_size (out_points) == sizeof (OrkMetricsPoint));

  if (!range_numbers (self, since, until, &lo, &hi))
    return;
  s = find_scope (self, job_id);
  if (s != NULL)
    {
      i = ring_search (&s->ring, lo);
      if (i > 0)
        {
          carried_queue = ring_at (&s->ring, i - 1)->queue_end;
          carried_running = ring_at (&s->ring, i - 1)->running_end;
        }
      else
        {
          carried_queue = s->carried_queue;
          carried_running = s->carried_running;
        }
    }
  scratch = ork_histogram_new (COARSE);
  for (gint64 no = lo; no < hi; no++)
    {
      OrkMetricsPoint p;
      Bucket *b = NULL;

      if (s != NULL && i < s->ring.len && ring_at (&s->ring, i)->no == no)
        b = ring_at (&s->ring, i++);
      p.time = no * self->width;
      if (b != NULL)
        {
          p.value = bucket_value (self, b, kind, scratch);
          carried_queue = b->queue_end;
          carried_running = b->running_end;
        }
      else
        p.value = empty_value (kind, carried_queue, carried_running);
      g_array_append_val (out_points, p);
    }
}

static int
compare_strings (const void *a,
                 const void *b)
{
  return strcmp (*(char *const *) a, *(char *const *) b);
}

char **
ork_metrics_list_jobs (OrkMetrics *self)
{
  GPtrArray *ids;
  GHashTableIter iter;
  const char *id;

  g_return_val_if_fail (ORK_IS_METRICS (self), NULL);

  ids = g_ptr_array_new ();
  g_hash_table_iter_init (&iter, self->jobs);
  while (g_hash_table_iter_next (&iter, (gpointer *) &id, NULL))
    g_ptr_array_add (ids, g_strdup (id));
  qsort (ids->pdata, ids->len, sizeof (gpointer), compare_strings);
  g_ptr_array_add (ids, NULL);
  return (char **) g_ptr_array_free (ids, FALSE);
}

gsize
ork_metrics_bucket_size (void)
{
  return sizeof (Bucket);
}

static gsize
scope_size (const Scope *s)
{
  gsize size = sizeof (Scope) + (s->id ? strlen (s->id) + 1 : 0);

  for (guint k = 0; k < ORK_METRICS_N_LATENCIES; k++)
    if (s->lat[k] != NULL)
      size += ork_histogram_get_size (s->lat[k]);
  size += s->ring.cap * sizeof (Bucket);
  for (guint i = 0; i < s->ring.len; i++)
    size += bucket_latency_size (ring_at (&s->ring, i));
  return size;
}

gsize
ork_metrics_get_memory_size (OrkMetrics *self)
{
  GHashTableIter iter;
  Scope *s;
  gsize size;

  g_return_val_if_fail (ORK_IS_METRICS (self), 0);

  /* A hash table slot: hash, key and value. */
  size = sizeof (OrkMetrics) + scope_size (self->overall) +
         g_hash_table_size (self->jobs) * (sizeof (guint) + 2 * sizeof (gpointer));
  g_hash_table_iter_init (&iter, self->jobs);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &s))
    size += scope_size (s);
  return size;
}

/* Rebuilding from the history */

typedef struct
{
  gint64  at;
  Scope  *scope;
  gint8   dq;
  gint8   dr;
} DepthEvent;

typedef struct
{
  OrkMetrics *self;
  GArray     *events;   /* DepthEvent */
  guint       next;
} Loader;

static void
push_depth (Loader *l,
            Scope  *scope,
            gint64  at,
            int     dq,
            int     dr)
{
  DepthEvent ev = { at, scope, (gint8) dq, (gint8) dr };

  g_array_append_val (l->events, ev);
}

static gboolean
collect_depth (const OrkRecord *r,
               gpointer         data)
{
  Loader *l = data;
  Scope *s;
  gint64 end;

  if (r->status == ORK_RUN_SKIPPED || r->queued_at == ORK_TIME_UNSET)
    return TRUE;
  s = job_scope (l->self, r->job_id);
  end = r->finished_at != ORK_TIME_UNSET ? r->finished_at : r->decided_at;
  push_depth (l, s, r->queued_at, +1, 0);
  if (r->started_at != ORK_TIME_UNSET)
    {
      push_depth (l, s, r->started_at, -1, +1);
      push_depth (l, s, end, 0, -1);
    }
  else
    push_depth (l, s, end, -1, 0);
  return TRUE;
}

/* At one instant: attempts that end (running or queued) first, then
 * runs entering the queue, then the queue starting them, as the engine
 * orders them (a run is queued before it starts). */
static int
depth_event_rank (const DepthEvent *ev)
{
  if (ev->dr < 0)
    return 0;
  if (ev->dq < 0 && ev->dr == 0)
    return 1;
  if (ev->dq > 0)
    return 2;
  return 3;
}

static int
compare_depth_events (const void *a,
                      const void *b)
{
  const DepthEvent *x = a, *y = b;

  if (x->at != y->at)
    return x->at < y->at ? -1 : 1;
  return depth_event_rank (x) - depth_event_rank (y);
}

static void
replay_depth_until (Loader *l,
                    gint64  t)
{
  while (l->next < l->events->len)
    {
      DepthEvent *ev = &g_array_index (l->events, DepthEvent, l->next);

      if (ev->at > t)
        break;
      change_depth (l->self, ev->scope, ev->at, ev->dq, ev->dr);
      l->next++;
    }
}

static gboolean
load_record (const OrkRecord *r,
             gpointer         data)
{
  Loader *l = data;

  replay_depth_until (l, r->decided_at);
  ork_metrics_add_record (l->self, r);
  return TRUE;
}

gboolean
ork_metrics_load_history (OrkMetrics  *self,
                          OrkHistory  *history,
                          GError     **error)
{
  Loader l = { self, NULL, 0 };
  gboolean ok;

  g_return_val_if_fail (ORK_IS_METRICS (self), FALSE);
  g_return_val_if_fail (ORK_IS_HISTORY (history), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  /* Two passes: the queue and running intervals first (sorted), then the
   * records in decision order with the depth changes merged in. */
  l.events = g_array_new (FALSE, FALSE, sizeof (DepthEvent));
  ok = ork_history_foreach_record (history, ORK_TIME_UNSET, ORK_TIME_UNSET, collect_depth, &l,
                                   error);
  if (ok && l.events->len > 0)
    qsort (l.events->data, l.events->len, sizeof (DepthEvent), compare_depth_events);
  if (ok)
    {
      ok = ork_history_foreach_record (history, ORK_TIME_UNSET, ORK_TIME_UNSET, load_record, &l,
                                       error);
    }
  if (ok)
    replay_depth_until (&l, G_MAXINT64);
  g_array_unref (l.events);
  return ok;
}
