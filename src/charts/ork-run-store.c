/* ork-run-store.c — the attempts a timeline draws
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ork-run-store"

#include "config.h"

#include <stdlib.h>

#include "ork-run-store.h"

/* How far back a retry looks for the attempt it follows. */
#define RETRY_LOOKBACK 256
#define N_RECENT 9

typedef struct
{
  char   *job_id;
  GArray *bars;                 /* OrkBar, by ork_bar_begin () */
  gint64  max_length;           /* longest end − begin */
  gint64  recent[N_RECENT];     /* lengths of the last finished attempts */
  guint   n_recent;
  guint   recent_pos;
} Lane;

struct _OrkRunStore
{
  GObject       parent_instance;

  OrkSession   *session;
  OrkScheduler *scheduler;
  gulong        record_id;

  GHashTable   *lanes;          /* job id → Lane */
  guint64       n_bars;
  guint         max_attempts;
  guint         changed_source;
};

G_DEFINE_FINAL_TYPE (OrkRunStore, ork_run_store, G_TYPE_OBJECT)

enum
{
  SIGNAL_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
lane_free (gpointer data)
{
  Lane *lane = data;

  g_free (lane->job_id);
  g_array_unref (lane->bars);
  g_free (lane);
}

static Lane *
lookup_lane (OrkRunStore *self,
             const char  *job_id,
             gboolean     create)
{
  Lane *lane = g_hash_table_lookup (self->lanes, job_id);

  if (lane == NULL && create)
    {
      lane = g_new0 (Lane, 1);
      lane->job_id = g_strdup (job_id);
      lane->bars = g_array_new (FALSE, FALSE, sizeof (OrkBar));
      g_hash_table_insert (self->lanes, lane->job_id, lane);
    }
  return lane;
}

static gboolean
on_changed_idle (gpointer user_data)
{
  OrkRunStore *self = user_data;

  self->changed_source = 0;
  g_signal_emit (self, signals[SIGNAL_CHANGED], 0);
  return G_SOURCE_REMOVE;
}

static void
queue_changed (OrkRunStore *self)
{
  if (self->changed_source == 0)
    self->changed_source = g_idle_add_full (G_PRIORITY_DEFAULT, on_changed_idle, self, NULL);
}

/* Drops about the oldest quarter of all bars. */
static void
prune (OrkRunStore *self)
{
  GHashTableIter iter;
  gpointer value;
  gint64 first, last, cutoff;

  if (!ork_run_store_get_span (self, &first, &last))
    return;
  cutoff = first + (last - first) / 4;
  self->n_bars = 0;
  g_hash_table_iter_init (&iter, self->lanes);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      Lane *lane = value;
      guint n = 0;

      while (n < lane->bars->len && ork_bar_begin (&g_array_index (lane->bars, OrkBar, n)) <= cutoff)
        n++;
      /* All at one time: a quarter of each lane. */
      if (first == last)
        n = lane->bars->len / 4;
      g_array_remove_range (lane->bars, 0, n);
      self->n_bars += lane->bars->len;
    }
  g_debug ("Dropped the bars before %" G_GINT64_FORMAT ": %" G_GUINT64_FORMAT " left",
           cutoff, self->n_bars);
}

static void
on_scheduler_record (OrkScheduler *scheduler,
                     OrkRecord    *record,
                     OrkRunStore  *self)
{
  ork_run_store_add_record (self, record);
}

static gboolean
load_record (const OrkRecord *record,
             gpointer         user_data)
{
  ork_run_store_add_record (user_data, record);
  return TRUE;
}

static void
on_session_engine_changed (OrkSession  *session,
                           OrkRunStore *self)
{
  OrkHistory *history = ork_session_get_history (session);

  if (self->scheduler != NULL)
    g_clear_signal_handler (&self->record_id, self->scheduler);
  g_set_object (&self->scheduler, ork_session_get_scheduler (session));
  ork_run_store_clear (self);

  if (self->scheduler == NULL)
    return;
  if (history != NULL && ork_session_get_mode (session) == ORK_MODE_LIVE)
    {
      g_autoptr(GError) error = NULL;
      gint64 since = g_get_real_time () - G_GINT64_CONSTANT (86400) * G_USEC_PER_SEC
                                          * ORK_RUN_STORE_LOAD_DAYS;

      if (!ork_history_foreach_record (history, since, ORK_TIME_UNSET, load_record, self, &error))
        g_warning ("Could not read the runs of the timeline: %s", error->message);
    }
  self->record_id = g_signal_connect (self->scheduler, "record",
                                      G_CALLBACK (on_scheduler_record), self);
}

static void
ork_run_store_dispose (GObject *object)
{
  OrkRunStore *self = ORK_RUN_STORE (object);

  if (self->scheduler != NULL)
    g_clear_signal_handler (&self->record_id, self->scheduler);
  g_clear_object (&self->scheduler);
  if (self->session != NULL)
    g_signal_handlers_disconnect_by_data (self->session, self);
  g_clear_object (&self->session);
  g_clear_handle_id (&self->changed_source, g_source_remove);

  G_OBJECT_CLASS (ork_run_store_parent_class)->dispose (object);
}

static void
ork_run_store_finalize (GObject *object)
{
  OrkRunStore *self = ORK_RUN_STORE (object);

  g_hash_table_unref (self->lanes);
  G_OBJECT_CLASS (ork_run_store_parent_class)->finalize (object);
}

static void
ork_run_store_class_init (OrkRunStoreClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = ork_run_store_dispose;
  object_class->finalize = ork_run_store_finalize;

  signals[SIGNAL_CHANGED] =
    g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
ork_run_store_init (OrkRunStore *self)
{
  self->lanes = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, lane_free);
  self->max_attempts = ORK_RUN_STORE_DEFAULT_MAX;
}

OrkRunStore *
ork_run_store_new (void)
{
  return g_object_new (ORK_TYPE_RUN_STORE, NULL);
}

void
ork_run_store_set_max_attempts (OrkRunStore *self,
                                guint        max_attempts)
{
  g_return_if_fail (ORK_IS_RUN_STORE (self));
  g_return_if_fail (max_attempts >= 4);

  self->max_attempts = max_attempts;
  if (self->n_bars > max_attempts)
    {
      prune (self);
      queue_changed (self);
    }
}

void
ork_run_store_set_session (OrkRunStore *self,
                           OrkSession  *session)
{
  g_return_if_fail (ORK_IS_RUN_STORE (self));
  g_return_if_fail (session == NULL || ORK_IS_SESSION (session));

  if (self->session == session)
    return;
  if (self->session != NULL)
    g_signal_handlers_disconnect_by_data (self->session, self);
  g_set_object (&self->session, session);
  if (session != NULL)
    {
      g_signal_connect_object (session, "engine-changed",
                               G_CALLBACK (on_session_engine_changed), self, 0);
      on_session_engine_changed (session, self);
    }
  else
    {
      if (self->scheduler != NULL)
        g_clear_signal_handler (&self->record_id, self->scheduler);
      g_clear_object (&self->scheduler);
      ork_run_store_clear (self);
    }
}

OrkSession *
ork_run_store_get_session (OrkRunStore *self)
{
  g_return_val_if_fail (ORK_IS_RUN_STORE (self), NULL);
  return self->session;
}

void
ork_run_store_add_record (OrkRunStore     *self,
                          const OrkRecord *record)
{
  Lane *lane;
  OrkBar bar = { 0, };
  gint64 begin;
  guint pos;

  g_return_if_fail (ORK_IS_RUN_STORE (self));
  g_return_if_fail (record != NULL && record->job_id != NULL);

  lane = lookup_lane (self, record->job_id, TRUE);
  bar.nominal_at = record->nominal_at;
  bar.queued_at = record->queued_at;
  bar.started_at = record->started_at;
  bar.end_at = record->finished_at != ORK_TIME_UNSET ? record->finished_at : record->decided_at;
  bar.retry_from = ORK_TIME_UNSET;
  bar.run_id = record->run_id;
  bar.attempt = record->attempt;
  bar.exit_code = record->exit_code;
  bar.has_exit_code = !!record->has_exit_code;
  bar.status = (guint8) record->status;
  bar.reason = (guint8) record->reason;
  bar.final = record->status == ORK_RUN_SKIPPED || record->next_retry_in < 0;
  begin = ork_bar_begin (&bar);

  if (bar.attempt > 1)
    {
      guint stop = lane->bars->len > RETRY_LOOKBACK ? lane->bars->len - RETRY_LOOKBACK : 0;

      for (guint i = lane->bars->len; i > stop; i--)
        {
          const OrkBar *prev = &g_array_index (lane->bars, OrkBar, i - 1);

          if (prev->run_id == bar.run_id && prev->attempt + 1 == bar.attempt)
            {
              bar.retry_from = prev->end_at;
              break;
            }
        }
    }

  /* Records come in the order attempts end; they begin in nearly that
   * order, so the place is found from the end in a step or two. */
  pos = lane->bars->len;
  while (pos > 0 && ork_bar_begin (&g_array_index (lane->bars, OrkBar, pos - 1)) > begin)
    pos--;
  g_array_insert_val (lane->bars, pos, bar);
  lane->max_length = MAX (lane->max_length, bar.end_at - begin);
  if (bar.started_at != ORK_TIME_UNSET && record->finished_at != ORK_TIME_UNSET)
    {
      lane->recent[lane->recent_pos] = record->finished_at - bar.started_at;
      lane->recent_pos = (lane->recent_pos + 1) % N_RECENT;
      lane->n_recent = MIN (lane->n_recent + 1, N_RECENT);
    }

  if (++self->n_bars > self->max_attempts)
    prune (self);
  queue_changed (self);
}

void
ork_run_store_clear (OrkRunStore *self)
{
  g_return_if_fail (ORK_IS_RUN_STORE (self));

  g_hash_table_remove_all (self->lanes);
  self->n_bars = 0;
  queue_changed (self);
}

const OrkBar *
ork_run_store_get_bars (OrkRunStore *self,
                        const char  *job_id,
                        guint       *n_bars)
{
  Lane *lane;

  g_return_val_if_fail (ORK_IS_RUN_STORE (self), NULL);
  g_return_val_if_fail (n_bars != NULL, NULL);

  lane = lookup_lane (self, job_id, FALSE);
  if (lane == NULL || lane->bars->len == 0)
    {
      *n_bars = 0;
      return NULL;
    }
  *n_bars = lane->bars->len;
  return (const OrkBar *) lane->bars->data;
}

guint
ork_run_store_find_first (OrkRunStore *self,
                          const char  *job_id,
                          gint64       since)
{
  Lane *lane;
  guint lo = 0, hi;
  gint64 from;

  g_return_val_if_fail (ORK_IS_RUN_STORE (self), 0);

  lane = lookup_lane (self, job_id, FALSE);
  if (lane == NULL)
    return 0;
  from = since - lane->max_length;
  hi = lane->bars->len;
  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;

      if (ork_bar_begin (&g_array_index (lane->bars, OrkBar, mid)) < from)
        lo = mid + 1;
      else
        hi = mid;
    }
  return lo;
}

gboolean
ork_run_store_get_span (OrkRunStore *self,
                        gint64      *first,
                        gint64      *last)
{
  GHashTableIter iter;
  gpointer value;
  gint64 lo = G_MAXINT64, hi = G_MININT64;

  g_return_val_if_fail (ORK_IS_RUN_STORE (self), FALSE);

  g_hash_table_iter_init (&iter, self->lanes);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      Lane *lane = value;

      if (lane->bars->len == 0)
        continue;
      lo = MIN (lo, ork_bar_begin (&g_array_index (lane->bars, OrkBar, 0)));
      /* The last begin is close to the last end; a bar that began earlier
       * and ended later is bounded by the longest bar. */
      hi = MAX (hi, ork_bar_begin (&g_array_index (lane->bars, OrkBar, lane->bars->len - 1))
                    + lane->max_length);
    }
  if (lo > hi)
    return FALSE;
  if (first != NULL)
    *first = lo;
  if (last != NULL)
    *last = hi;
  return TRUE;
}

guint64
ork_run_store_get_n_bars (OrkRunStore *self)
{
  g_return_val_if_fail (ORK_IS_RUN_STORE (self), 0);
  return self->n_bars;
}

static int
compare_gint64 (gconstpointer a,
                gconstpointer b)
{
  gint64 x = *(const gint64 *) a, y = *(const gint64 *) b;

  return (x > y) - (x < y);
}

gint64
ork_run_store_get_typical_length (OrkRunStore *self,
                                  const char  *job_id)
{
  Lane *lane;
  gint64 sorted[N_RECENT];

  g_return_val_if_fail (ORK_IS_RUN_STORE (self), 0);

  lane = lookup_lane (self, job_id, FALSE);
  if (lane == NULL || lane->n_recent == 0)
    return 0;
  memcpy (sorted, lane->recent, lane->n_recent * sizeof (gint64));
  qsort (sorted, lane->n_recent, sizeof (gint64), compare_gint64);
  return sorted[lane->n_recent / 2];
}

gsize
ork_run_store_get_memory_size (OrkRunStore *self)
{
  GHashTableIter iter;
  gpointer value;
  gsize size = sizeof *self;

  g_return_val_if_fail (ORK_IS_RUN_STORE (self), 0);

  g_hash_table_iter_init (&iter, self->lanes);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      Lane *lane = value;

      size += sizeof (Lane) + strlen (lane->job_id) + 1 + 3 * sizeof (gpointer)
              + lane->bars->len * sizeof (OrkBar);
    }
  return size;
}
