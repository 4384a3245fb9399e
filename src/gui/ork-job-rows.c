/* ork-job-rows.c — the workspace's jobs, re-announced when a row changes
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ork-job-rows"

#include "config.h"

#include "ork-job-rows.h"

struct _OrkJobRows
{
  GObject     parent_instance;

  GListModel *jobs;
  GPtrArray  *items;        /* OrkJob, a mirror of jobs, each with a notify handler
                             * while watch_all */
  gboolean    watch_all;
  GHashTable *pending;      /* OrkJob * marked, no reference */
  GHashTable *pending_ids;  /* job ids marked, resolved when announcing */
  gboolean    all_pending;
  guint       flush_id;
  gint64      last_flush;   /* monotonic µs */

  OrkJobRowsChangedFunc changed_func;
  gpointer              changed_data;
  GDestroyNotify        changed_destroy;
};

static void ork_job_rows_list_model_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (OrkJobRows, ork_job_rows, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL,
                                                      ork_job_rows_list_model_init))

enum
{
  PROP_0,
  PROP_WATCH_ALL,
  N_PROPS
};

enum
{
  SIGNAL_FLUSHED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static GType
ork_job_rows_get_item_type (GListModel *model)
{
  return ORK_TYPE_JOB;
}

static guint
ork_job_rows_get_n_items (GListModel *model)
{
  return ORK_JOB_ROWS (model)->items->len;
}

static gpointer
ork_job_rows_get_item (GListModel *model,
                       guint       position)
{
  OrkJobRows *self = ORK_JOB_ROWS (model);

  if (position >= self->items->len)
    return NULL;
  return g_object_ref (self->items->pdata[position]);
}

static void
ork_job_rows_list_model_init (GListModelInterface *iface)
{
  iface->get_item_type = ork_job_rows_get_item_type;
  iface->get_n_items = ork_job_rows_get_n_items;
  iface->get_item = ork_job_rows_get_item;
}

static gboolean
on_flush_timeout (gpointer user_data)
{
  OrkJobRows *self = user_data;

  self->flush_id = 0;
  ork_job_rows_flush (self);
  return G_SOURCE_REMOVE;
}

static void
schedule_flush (OrkJobRows *self)
{
  gint64 now, due;

  if (self->flush_id != 0)
    return;
  now = g_get_monotonic_time ();
  due = self->last_flush + ORK_JOB_ROWS_INTERVAL_MS * 1000;
  if (due <= now)
    self->flush_id = g_idle_add_full (G_PRIORITY_DEFAULT, on_flush_timeout, self, NULL);
  else
    self->flush_id = g_timeout_add_full (G_PRIORITY_DEFAULT, (guint) ((due - now + 999) / 1000),
                                         on_flush_timeout, self, NULL);
}

static void
on_job_notify (OrkJob     *job,
               GParamSpec *pspec,
               OrkJobRows *self)
{
  if (self->changed_func != NULL)
    self->changed_func (self, job, pspec, self->changed_data);
  else
    ork_job_rows_invalidate (self, job);
}

static void
release_item (OrkJobRows *self,
              OrkJob     *job)
{
  if (self->watch_all)
    g_signal_handlers_disconnect_by_func (job, on_job_notify, self);
  g_hash_table_remove (self->pending, job);
  g_object_unref (job);
}

static void
on_jobs_items_changed (GListModel *jobs,
                       guint       position,
                       guint       removed,
                       guint       added,
                       OrkJobRows *self)
{
  for (guint i = 0; i < removed; i++)
    release_item (self, self->items->pdata[position + i]);
  g_ptr_array_remove_range (self->items, position, removed);
  for (guint i = 0; i < added; i++)
    {
      OrkJob *job = g_list_model_get_item (jobs, position + i);

      if (self->watch_all)
        g_signal_connect (job, "notify", G_CALLBACK (on_job_notify), self);
      g_ptr_array_insert (self->items, position + i, job);
    }
  g_list_model_items_changed (G_LIST_MODEL (self), position, removed, added);
}

static void
ork_job_rows_dispose (GObject *object)
{
  OrkJobRows *self = ORK_JOB_ROWS (object);

  g_clear_handle_id (&self->flush_id, g_source_remove);
  if (self->jobs != NULL)
    g_signal_handlers_disconnect_by_func (self->jobs, on_jobs_items_changed, self);
  if (self->items != NULL)
    {
      for (guint i = 0; i < self->items->len; i++)
        release_item (self, self->items->pdata[i]);
      g_clear_pointer (&self->items, g_ptr_array_unref);
    }
  g_clear_object (&self->jobs);
  ork_job_rows_set_changed_func (self, NULL, NULL, NULL);

  G_OBJECT_CLASS (ork_job_rows_parent_class)->dispose (object);
}

static void
ork_job_rows_finalize (GObject *object)
{
  OrkJobRows *self = ORK_JOB_ROWS (object);

  g_clear_pointer (&self->pending, g_hash_table_unref);
  g_clear_pointer (&self->pending_ids, g_hash_table_unref);

  G_OBJECT_CLASS (ork_job_rows_parent_class)->finalize (object);
}

static void
ork_job_rows_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  OrkJobRows *self = ORK_JOB_ROWS (object);

  switch (prop_id)
    {
    case PROP_WATCH_ALL:
      g_value_set_boolean (value, self->watch_all);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ork_job_rows_set_property (GObject      *object,
                           guint         prop_id,
                           const GValue *value,
                           GParamSpec   *pspec)
{
  OrkJobRows *self = ORK_JOB_ROWS (object);

  switch (prop_id)
    {
    case PROP_WATCH_ALL:
      ork_job_rows_set_watch_all (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ork_job_rows_class_init (OrkJobRowsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = ork_job_rows_dispose;
  object_class->finalize = ork_job_rows_finalize;
  object_class->get_property = ork_job_rows_get_property;
  object_class->set_property = ork_job_rows_set_property;

  properties[PROP_WATCH_ALL] =
    g_param_spec_boolean ("watch-all", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[SIGNAL_FLUSHED] = g_signal_new ("flushed", G_TYPE_FROM_CLASS (klass),
                                          G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                          G_TYPE_NONE, 0);
}

static void
ork_job_rows_init (OrkJobRows *self)
{
  self->items = g_ptr_array_new ();
  self->pending = g_hash_table_new (NULL, NULL);
  self->pending_ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
}

OrkJobRows *
ork_job_rows_new (GListModel *jobs,
                  gboolean    watch_all)
{
  OrkJobRows *self;

  g_return_val_if_fail (G_IS_LIST_MODEL (jobs), NULL);

  self = g_object_new (ORK_TYPE_JOB_ROWS, NULL);
  self->watch_all = !!watch_all;
  self->jobs = g_object_ref (jobs);
  g_signal_connect (jobs, "items-changed", G_CALLBACK (on_jobs_items_changed), self);
  on_jobs_items_changed (jobs, 0, 0, g_list_model_get_n_items (jobs), self);
  return self;
}

gboolean
ork_job_rows_get_watch_all (OrkJobRows *self)
{
  g_return_val_if_fail (ORK_IS_JOB_ROWS (self), FALSE);
  return self->watch_all;
}

void
ork_job_rows_set_watch_all (OrkJobRows *self,
                            gboolean    watch_all)
{
  g_return_if_fail (ORK_IS_JOB_ROWS (self));

  watch_all = !!watch_all;
  if (self->watch_all == watch_all)
    return;
  self->watch_all = watch_all;
  for (guint i = 0; i < self->items->len; i++)
    {
      if (watch_all)
        g_signal_connect (self->items->pdata[i], "notify", G_CALLBACK (on_job_notify), self);
      else
        g_signal_handlers_disconnect_by_func (self->items->pdata[i], on_job_notify, self);
    }
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_WATCH_ALL]);
}

void
ork_job_rows_set_changed_func (OrkJobRows            *self,
                               OrkJobRowsChangedFunc  func,
                               gpointer               user_data,
                               GDestroyNotify         destroy)
{
  GDestroyNotify old_destroy;
  gpointer old_data;

  g_return_if_fail (ORK_IS_JOB_ROWS (self));

  old_destroy = self->changed_destroy;
  old_data = self->changed_data;
  self->changed_func = func;
  self->changed_data = user_data;
  self->changed_destroy = destroy;
  if (old_destroy != NULL)
    old_destroy (old_data);
}

void
ork_job_rows_invalidate (OrkJobRows *self,
                         OrkJob     *job)
{
  g_return_if_fail (ORK_IS_JOB_ROWS (self));
  g_return_if_fail (ORK_IS_JOB (job));

  g_hash_table_add (self->pending, job);
  schedule_flush (self);
}

void
ork_job_rows_invalidate_id (OrkJobRows *self,
                            const char *job_id)
{
  g_return_if_fail (ORK_IS_JOB_ROWS (self));
  g_return_if_fail (job_id != NULL);

  /* A look-up here would cost O(n) per event: the id is resolved in the
   * one pass that announces the rows. */
  if (!g_hash_table_contains (self->pending_ids, job_id))
    g_hash_table_add (self->pending_ids, g_strdup (job_id));
  schedule_flush (self);
}

void
ork_job_rows_invalidate_all (OrkJobRows *self)
{
  g_return_if_fail (ORK_IS_JOB_ROWS (self));

  self->all_pending = TRUE;
  schedule_flush (self);
}

guint
ork_job_rows_get_n_pending (OrkJobRows *self)
{
  g_return_val_if_fail (ORK_IS_JOB_ROWS (self), 0);

  return self->all_pending ? self->items->len
                           : g_hash_table_size (self->pending) +
                             g_hash_table_size (self->pending_ids);
}

void
ork_job_rows_flush (OrkJobRows *self)
{
  GListModel *model = G_LIST_MODEL (self);
  guint n, start = G_MAXUINT;

  g_return_if_fail (ORK_IS_JOB_ROWS (self));

  g_clear_handle_id (&self->flush_id, g_source_remove);
  self->last_flush = g_get_monotonic_time ();
  if (!self->all_pending && g_hash_table_size (self->pending) == 0 &&
      g_hash_table_size (self->pending_ids) == 0)
    return;

  n = self->items->len;
  if (self->all_pending)
    {
      self->all_pending = FALSE;
      g_hash_table_remove_all (self->pending);
      g_hash_table_remove_all (self->pending_ids);
      if (n > 0)
        g_list_model_items_changed (model, 0, n, n);
    }
  else
    {
      g_autoptr(GHashTable) pending = g_steal_pointer (&self->pending);
      g_autoptr(GHashTable) pending_ids = g_steal_pointer (&self->pending_ids);

      self->pending = g_hash_table_new (NULL, NULL);
      self->pending_ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
      g_autoptr(GArray) runs = g_array_new (FALSE, FALSE, sizeof (guint) * 2);

      /* One pass resolves every marked job; neighbours go out together. */
      for (guint i = 0; i <= n; i++)
        {
          OrkJob *job = i < n ? self->items->pdata[i] : NULL;
          gboolean marked = job != NULL &&
                            (g_hash_table_contains (pending, job) ||
                             (g_hash_table_size (pending_ids) > 0 &&
                              g_hash_table_contains (pending_ids, ork_job_get_id (job))));

          if (marked && start == G_MAXUINT)
            start = i;
          else if (!marked && start != G_MAXUINT)
            {
              guint run[2] = { start, i - start };

              g_array_append_val (runs, run);
              start = G_MAXUINT;
            }
        }
      /* A sort model handles each emission in a pass over all its items,
       * and a list rebinds every row between where a row was and where it
       * goes: many scattered rows go out as one span, first to last. */
      if (runs->len > ORK_JOB_ROWS_MAX_RUNS)
        {
          guint first = ((guint *) runs->data)[0];
          guint *last = (guint *) runs->data + 2 * (runs->len - 1);

          g_list_model_items_changed (model, first, last[0] + last[1] - first,
                                      last[0] + last[1] - first);
        }
      else
        for (guint r = 0; r < runs->len; r++)
          {
            guint *run = (guint *) runs->data + 2 * r;

            g_list_model_items_changed (model, run[0], run[1], run[1]);
          }
    }
  g_signal_emit (self, signals[SIGNAL_FLUSHED], 0);
}

guint
ork_job_rows_find (OrkJobRows *self,
                   OrkJob     *job)
{
  guint pos;

  g_return_val_if_fail (ORK_IS_JOB_ROWS (self), G_MAXUINT);

  if (g_ptr_array_find (self->items, job, &pos))
    return pos;
  return G_MAXUINT;
}
