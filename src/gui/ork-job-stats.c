/* ork-job-stats.c — the job summaries of a session, kept up to date
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ork-job-stats"

#include "config.h"

#include "ork-job-stats.h"

/* How many of a job's newest runs give the durations at start. */
#define PRIME_RUNS 200

struct _OrkJobStats
{
  GObject       parent_instance;

  OrkSession   *session;
  OrkScheduler *scheduler;
  gulong        record_id;
  GHashTable   *summaries;   /* job id → OrkJobSummary */
};

G_DEFINE_FINAL_TYPE (OrkJobStats, ork_job_stats, G_TYPE_OBJECT)

enum
{
  SIGNAL_CHANGED,
  SIGNAL_RESET,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
on_scheduler_record (OrkScheduler *scheduler,
                     OrkRecord    *record,
                     OrkJobStats  *self)
{
  OrkJobSummary *summary = ork_job_stats_lookup (self, record->job_id);

  ork_job_summary_add_record (summary, record);
  g_signal_emit (self, signals[SIGNAL_CHANGED], 0, summary);
}

/* Makes a summary for every job of the workspace, so that each is primed
 * after the one flush above rather than on first use. With no history a
 * summary starts empty whenever it is made: the first look-up makes it. */
static void
prime_workspace (OrkJobStats *self,
                 OrkHistory  *history)
{
  GListModel *jobs = ork_workspace_get_jobs (ork_session_get_workspace (self->session));
  guint n = history != NULL ? g_list_model_get_n_items (jobs) : 0;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(OrkJob) job = g_list_model_get_item (jobs, i);
      const char *id = ork_job_get_id (job);

      if (!g_hash_table_contains (self->summaries, id))
        {
          OrkJobSummary *summary = ork_job_summary_new (id);
          g_hash_table_insert (self->summaries, (char *) ork_job_summary_get_job_id (summary),
                               summary);
        }
    }
}

static void
on_session_engine_changed (OrkSession  *session,
                           OrkJobStats *self)
{
  OrkHistory *history = ork_session_get_history (session);
  GHashTableIter iter;
  gpointer value;

  if (self->scheduler != NULL)
    g_clear_signal_handler (&self->record_id, self->scheduler);
  g_set_object (&self->scheduler, ork_session_get_scheduler (session));
  if (self->scheduler != NULL)
    self->record_id = g_signal_connect (self->scheduler, "record",
                                        G_CALLBACK (on_scheduler_record), self);

  /* The history commits in batches: what the engine did before this
   * moment is read once it is all committed. */
  if (history != NULL)
    {
      g_autoptr(GError) error = NULL;

      if (!ork_history_flush (history, &error))
        g_debug ("Flushing the history: %s", error->message);
    }
  prime_workspace (self, history);
  g_hash_table_iter_init (&iter, self->summaries);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    ork_job_summary_prime (value, history, PRIME_RUNS);
  g_signal_emit (self, signals[SIGNAL_RESET], 0);
}

static void
ork_job_stats_dispose (GObject *object)
{
  OrkJobStats *self = ORK_JOB_STATS (object);

  if (self->scheduler != NULL)
    g_clear_signal_handler (&self->record_id, self->scheduler);
  g_clear_object (&self->scheduler);
  g_clear_object (&self->session);

  G_OBJECT_CLASS (ork_job_stats_parent_class)->dispose (object);
}

static void
ork_job_stats_finalize (GObject *object)
{
  OrkJobStats *self = ORK_JOB_STATS (object);

  g_clear_pointer (&self->summaries, g_hash_table_unref);

  G_OBJECT_CLASS (ork_job_stats_parent_class)->finalize (object);
}

static void
ork_job_stats_class_init (OrkJobStatsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = ork_job_stats_dispose;
  object_class->finalize = ork_job_stats_finalize;

  signals[SIGNAL_CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass),
                                          G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                          G_TYPE_NONE, 1, ORK_TYPE_JOB_SUMMARY);
  signals[SIGNAL_RESET] = g_signal_new ("reset", G_TYPE_FROM_CLASS (klass),
                                        G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                        G_TYPE_NONE, 0);
}

static void
ork_job_stats_init (OrkJobStats *self)
{
  self->summaries = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_object_unref);
}

OrkJobStats *
ork_job_stats_new (OrkSession *session)
{
  OrkJobStats *self;

  g_return_val_if_fail (ORK_IS_SESSION (session), NULL);

  self = g_object_new (ORK_TYPE_JOB_STATS, NULL);
  self->session = g_object_ref (session);
  g_signal_connect_object (session, "engine-changed",
                           G_CALLBACK (on_session_engine_changed), self, 0);
  on_session_engine_changed (session, self);
  return self;
}

OrkSession *
ork_job_stats_get_session (OrkJobStats *self)
{
  g_return_val_if_fail (ORK_IS_JOB_STATS (self), NULL);
  return self->session;
}

OrkJobSummary *
ork_job_stats_lookup (OrkJobStats *self,
                      const char  *job_id)
{
  OrkJobSummary *summary;

  g_return_val_if_fail (ORK_IS_JOB_STATS (self), NULL);
  g_return_val_if_fail (job_id != NULL, NULL);

  summary = g_hash_table_lookup (self->summaries, job_id);
  if (summary == NULL)
    {
      summary = ork_job_summary_new (job_id);
      /* The key lives in the summary. */
      g_hash_table_insert (self->summaries, (char *) ork_job_summary_get_job_id (summary),
                           summary);
      ork_job_summary_prime (summary, ork_session_get_history (self->session), PRIME_RUNS);
    }
  return summary;
}
