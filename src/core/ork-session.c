/* ork-session.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ork-session"

#include "config.h"

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <string.h>

#include "ork-session.h"

#define AUTOSAVE_DELAY_MS 500
/* Fast-forward works in slices of about this much wall time. */
#define SLICE_US (8 * 1000)

struct _OrkSession
{
  GObject       parent_instance;

  OrkWorkspace *workspace;
  char         *path;
  OrkMode       mode;
  OrkClock     *clock;
  OrkScheduler *scheduler;
  OrkHistory   *history;
  char         *history_error;
  char         *private_history_dir;  /* a simulation's own, removed with it */
  OrkMetrics   *metrics;
  gulong        output_id;

  double        speed;
  gboolean      running;

  GTask        *ff_task;
  gint64        ff_start;
  gint64        ff_target;
  gint64        ff_slice;
  guint         ff_source;
  double        ff_progress;

  gboolean      autosave;
  guint         autosave_source;
  gboolean      file_known;
  gint64        file_mtime;
  gint64        file_size;
};

G_DEFINE_FINAL_TYPE (OrkSession, ork_session, G_TYPE_OBJECT)

enum
{
  PROP_0,
  PROP_WORKSPACE,
  PROP_PATH,
  PROP_MODE,
  PROP_CLOCK,
  PROP_SCHEDULER,
  PROP_HISTORY,
  PROP_HISTORY_ERROR,
  PROP_SPEED,
  PROP_RUNNING,
  PROP_TRUSTED,
  PROP_NEEDS_TRUST,
  PROP_FAST_FORWARD_PROGRESS,
  N_PROPS
};

enum
{
  SIGNAL_ENGINE_CHANGED,
  SIGNAL_CHANGED_ON_DISK,
  SIGNAL_AUTOSAVE_FAILED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

char *
ork_data_dir (void)
{
  char *dir = g_build_filename (g_get_user_data_dir (), "orkestron", NULL);

  g_mkdir_with_parents (dir, 0700);
  return dir;
}

/* The file on disk --------------------------------------------------------- */

static void
remember_file (OrkSession *self)
{
  GStatBuf st;

  self->file_known = self->path != NULL && g_stat (self->path, &st) == 0;
  if (self->file_known)
    {
      self->file_mtime = (gint64) st.st_mtime;
      self->file_size = (gint64) st.st_size;
    }
}

static gboolean
file_changed_on_disk (OrkSession *self)
{
  GStatBuf st;

  if (!self->file_known)
    return FALSE;
  if (g_stat (self->path, &st) != 0)
    return TRUE;
  return (gint64) st.st_mtime != self->file_mtime || (gint64) st.st_size != self->file_size;
}

/* Trust ------------------------------------------------------------------ */

char *
ork_session_command_digest (OrkSession *self)
{
  g_autoptr(GChecksum) sum = g_checksum_new (G_CHECKSUM_SHA256);
  GListModel *jobs;
  gboolean any = FALSE;
  guint n;

  g_return_val_if_fail (ORK_IS_SESSION (self), NULL);

  jobs = ork_workspace_get_jobs (self->workspace);
  n = g_list_model_get_n_items (jobs);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(OrkJob) job = g_list_model_get_item (jobs, i);
      const char * const *argv = ork_job_get_argv (job);
      const char * const *env = ork_job_get_env (job);
      const char *cwd = ork_job_get_cwd (job);

      if (ork_job_get_job_type (job) != ORK_JOB_TYPE_COMMAND)
        continue;
      any = TRUE;
      /* Every part ends in a NUL, so "a b" and "a", "b" differ. */
      g_checksum_update (sum, (const guchar *) ork_job_get_id (job), -1);
      g_checksum_update (sum, (const guchar *) "\0argv", 5);
      for (guint k = 0; argv != NULL && argv[k] != NULL; k++)
        g_checksum_update (sum, (const guchar *) argv[k], strlen (argv[k]) + 1);
      g_checksum_update (sum, (const guchar *) "\0cwd", 4);
      if (cwd != NULL)
        g_checksum_update (sum, (const guchar *) cwd, strlen (cwd) + 1);
      g_checksum_update (sum, (const guchar *) "\0env", 4);
      for (guint k = 0; env != NULL && env[k] != NULL; k++)
        g_checksum_update (sum, (const guchar *) env[k], strlen (env[k]) + 1);
    }
  return any ? g_strdup (g_checksum_get_string (sum)) : NULL;
}

static char *
trust_file (void)
{
  g_autofree char *dir = ork_data_dir ();

  return g_build_filename (dir, "trust.ini", NULL);
}

static char *
trust_key (OrkSession *self)
{
  g_autoptr(GFile) file = NULL;

  if (self->path == NULL)
    return NULL;
  file = g_file_new_for_path (self->path);
  return g_file_get_path (file);  /* absolute, canonical form */
}

gboolean
ork_session_get_trusted (OrkSession *self)
{
  g_autoptr(GKeyFile) keys = g_key_file_new ();
  g_autofree char *file = trust_file ();
  g_autofree char *key = NULL;
  g_autofree char *digest = NULL;
  g_autofree char *stored = NULL;

  g_return_val_if_fail (ORK_IS_SESSION (self), FALSE);

  digest = ork_session_command_digest (self);
  if (digest == NULL)
    return TRUE;  /* nothing to trust */
  key = trust_key (self);
  if (key == NULL || !g_key_file_load_from_file (keys, file, G_KEY_FILE_NONE, NULL))
    return FALSE;
  stored = g_key_file_get_string (keys, key, "commands", NULL);
  return g_strcmp0 (stored, digest) == 0;
}

gboolean
ork_session_get_needs_trust (OrkSession *self)
{
  g_return_val_if_fail (ORK_IS_SESSION (self), FALSE);
  return !ork_session_get_trusted (self);
}

static void
apply_command_mode (OrkSession *self)
{
  OrkCommandMode mode = ORK_COMMAND_MODE_SIMULATE;

  if (self->scheduler == NULL)
    return;
  if (self->mode == ORK_MODE_LIVE)
    mode = ork_session_get_trusted (self) ? ORK_COMMAND_MODE_RUN : ORK_COMMAND_MODE_BLOCK;
  ork_scheduler_set_command_mode (self->scheduler, mode);
}

gboolean
ork_session_trust (OrkSession  *self,
                   GError     **error)
{
  g_autoptr(GKeyFile) keys = g_key_file_new ();
  g_autofree char *file = trust_file ();
  g_autofree char *key = NULL;
  g_autofree char *digest = NULL;

  g_return_val_if_fail (ORK_IS_SESSION (self), FALSE);

  digest = ork_session_command_digest (self);
  if (digest == NULL)
    return TRUE;
  key = trust_key (self);
  if (key == NULL)
    {
      g_set_error (error, ORK_WORKSPACE_ERROR, ORK_WORKSPACE_ERROR_IO,
                   _("save the workspace to a file before trusting its commands"));
      return FALSE;
    }
  /* A missing or unreadable file starts empty. */
  g_key_file_load_from_file (keys, file, G_KEY_FILE_KEEP_COMMENTS, NULL);
  g_key_file_set_string (keys, key, "commands", digest);
  if (!g_key_file_save_to_file (keys, file, error))
    return FALSE;
  g_chmod (file, 0600);

  apply_command_mode (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TRUSTED]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NEEDS_TRUST]);
  return TRUE;
}

/* Engine ------------------------------------------------------------------ */

static void
on_output (OrkScheduler *scheduler,
           OrkRun       *run,
           gboolean      is_stderr,
           const char   *line,
           OrkSession   *self)
{
  if (self->history != NULL)
    ork_history_append_log (self->history, ork_run_get_job_id (run), ork_run_get_run_id (run),
                            ork_run_get_attempt (run), ork_clock_now (self->clock),
                            is_stderr ? 2 : 1, line);
}

static void
cancel_fast_forward (OrkSession *self)
{
  if (self->ff_source != 0)
    {
      g_source_remove (self->ff_source);
      self->ff_source = 0;
    }
  if (self->ff_task != NULL)
    {
      GTask *task = g_steal_pointer (&self->ff_task);

      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CANCELLED,
                               _("The engine was replaced"));
      g_object_unref (task);
    }
  self->ff_progress = -1;
}

/* Removes a private history's directory and the files in it (the
 * database, its WAL, shared memory and lock). */
static void
remove_private_history (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *file = g_build_filename (dir, name, NULL);

      g_unlink (file);
    }
  g_rmdir (dir);
}

static void
teardown_engine (OrkSession *self)
{
  cancel_fast_forward (self);
  ork_metrics_detach (self->metrics);
  ork_metrics_clear (self->metrics);
  if (self->scheduler != NULL)
    {
      ork_scheduler_stop (self->scheduler);
      g_clear_signal_handler (&self->output_id, self->scheduler);
    }
  if (self->history != NULL)
    {
      g_autoptr(GError) error = NULL;

      ork_history_detach (self->history);
      if (!ork_history_close (self->history, &error))
        g_warning ("Could not close the history: %s", error->message);
    }
  g_clear_object (&self->history);
  if (self->private_history_dir != NULL)
    {
      remove_private_history (self->private_history_dir);
      g_clear_pointer (&self->private_history_dir, g_free);
    }
  g_clear_object (&self->scheduler);
  g_clear_object (&self->clock);
  g_clear_pointer (&self->history_error, g_free);
}

static void
engine_changed (OrkSession *self)
{
  GObject *object = G_OBJECT (self);

  g_object_freeze_notify (object);
  g_object_notify_by_pspec (object, properties[PROP_MODE]);
  g_object_notify_by_pspec (object, properties[PROP_CLOCK]);
  g_object_notify_by_pspec (object, properties[PROP_SCHEDULER]);
  g_object_notify_by_pspec (object, properties[PROP_HISTORY]);
  g_object_notify_by_pspec (object, properties[PROP_HISTORY_ERROR]);
  g_object_notify_by_pspec (object, properties[PROP_RUNNING]);
  g_object_notify_by_pspec (object, properties[PROP_FAST_FORWARD_PROGRESS]);
  g_object_thaw_notify (object);
  g_signal_emit (self, signals[SIGNAL_ENGINE_CHANGED], 0);
}

static void
attach_history (OrkSession *self,
                const char *history_path,
                gboolean    simulated,
                GError    **error)
{
  g_autofree char *path = NULL;

  if (history_path != NULL)
    path = g_strdup (history_path);
  else if (self->path != NULL)
    path = ork_history_default_path (self->path, simulated);
  if (path == NULL)
    return;

  self->history = ork_history_open (path,
                                    simulated ? ORK_HISTORY_MODE_SIMULATION : ORK_HISTORY_MODE_LIVE,
                                    error);
}

void
ork_session_start_simulation (OrkSession *self,
                              gint64      start_us,
                              guint64     seed,
                              const char *history_path)
{
  g_autoptr(GError) error = NULL;

  g_return_if_fail (ORK_IS_SESSION (self));

  teardown_engine (self);
  self->mode = ORK_MODE_SIMULATION;
  self->running = FALSE;
  self->clock = ork_virtual_clock_new (start_us);
  self->scheduler = ork_scheduler_new (self->workspace, self->clock);
  ork_scheduler_set_seed (self->scheduler, seed);

  attach_history (self, history_path, TRUE, &error);
  if (g_error_matches (error, ORK_HISTORY_ERROR, ORK_HISTORY_ERROR_LOCKED) &&
      history_path == NULL && self->path != NULL)
    {
      /* Another engine (the app open twice) simulates this workspace with
       * its history: this one keeps its own, in a private temporary file
       * removed when it stops. */
      g_autofree char *dir = g_dir_make_tmp ("orkestron-sim-XXXXXX", NULL);

      if (dir != NULL)
        {
          g_autofree char *shared = ork_history_default_path (self->path, TRUE);
          g_autofree char *base = g_path_get_basename (shared);
          g_autofree char *private_path = g_build_filename (dir, base, NULL);

          g_clear_error (&error);
          self->private_history_dir = g_steal_pointer (&dir);
          attach_history (self, private_path, TRUE, &error);
        }
    }
  if (error != NULL)
    {
      /* A simulation is worth running without its history: say why. */
      self->history_error = g_strdup (error->message);
      g_clear_object (&self->history);
    }
  if (self->history != NULL)
    ork_history_attach (self->history, self->scheduler);
  ork_metrics_attach (self->metrics, self->scheduler);
  self->output_id = g_signal_connect (self->scheduler, "output", G_CALLBACK (on_output), self);
  apply_command_mode (self);
  ork_scheduler_start (self->scheduler);
  engine_changed (self);
}

gboolean
ork_session_start_live (OrkSession  *self,
                        const char  *history_path,
                        GError     **error)
{
  g_autoptr(OrkHistory) history = NULL;
  GListModel *jobs;
  guint n;

  g_return_val_if_fail (ORK_IS_SESSION (self), FALSE);

  teardown_engine (self);
  self->mode = ORK_MODE_LIVE;
  self->running = TRUE;

  attach_history (self, history_path, FALSE, error);
  if (self->history == NULL && (history_path != NULL || self->path != NULL))
    {
      engine_changed (self);
      return FALSE;
    }

  self->clock = ork_system_clock_new ();
  self->scheduler = ork_scheduler_new (self->workspace, self->clock);

  /* Missed runs while the program was closed are counted from each job's
   * last fire. */
  jobs = ork_workspace_get_jobs (self->workspace);
  n = g_list_model_get_n_items (jobs);
  for (guint i = 0; self->history != NULL && i < n; i++)
    {
      g_autoptr(OrkJob) job = g_list_model_get_item (jobs, i);
      guint64 last_run_id = 0;
      gint64 last_fire = 0, last_end = 0;

      if (ork_history_get_job_cursor (self->history, ork_job_get_id (job), &last_run_id,
                                      &last_fire, &last_end, NULL) &&
          last_run_id > 0)
        ork_scheduler_restore_job (self->scheduler, ork_job_get_id (job), last_run_id,
                                   last_fire, last_end == ORK_TIME_UNSET ? G_MININT64 : last_end);
    }

  if (self->history != NULL)
    {
      g_autoptr(GError) metrics_error = NULL;

      /* Charts are right after a restart: the metrics start from what the
       * history kept. */
      if (!ork_metrics_load_history (self->metrics, self->history, &metrics_error))
        g_warning ("Could not read the metrics from the history: %s", metrics_error->message);
      ork_history_attach (self->history, self->scheduler);
      ork_history_prune_in_background (self->history,
                                       ork_workspace_get_history_max_age (self->workspace),
                                       ork_workspace_get_history_max_runs (self->workspace));
    }
  ork_metrics_attach (self->metrics, self->scheduler);
  self->output_id = g_signal_connect (self->scheduler, "output", G_CALLBACK (on_output), self);
  apply_command_mode (self);
  ork_scheduler_start (self->scheduler);
  engine_changed (self);
  return TRUE;
}

void
ork_session_stop (OrkSession *self)
{
  g_return_if_fail (ORK_IS_SESSION (self));

  if (self->scheduler == NULL)
    return;
  teardown_engine (self);
  engine_changed (self);
}

/* Speed and fast-forward ---------------------------------------------------- */

static void
apply_running (OrkSession *self)
{
  if (self->clock == NULL)
    return;
  if (self->mode == ORK_MODE_SIMULATION)
    ork_virtual_clock_set_rate (ORK_VIRTUAL_CLOCK (self->clock),
                                self->running && self->ff_task == NULL ? self->speed : 0.0);
  else
    ork_scheduler_set_paused (self->scheduler, !self->running);
}

void
ork_session_set_speed (OrkSession *self,
                       double      speed)
{
  g_return_if_fail (ORK_IS_SESSION (self));

  speed = CLAMP (speed, 1.0, 10000.0);
  if (self->speed == speed)
    return;
  self->speed = speed;
  apply_running (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SPEED]);
}

double
ork_session_get_speed (OrkSession *self)
{
  g_return_val_if_fail (ORK_IS_SESSION (self), 1.0);
  return self->speed;
}

void
ork_session_set_running (OrkSession *self,
                         gboolean    running)
{
  g_return_if_fail (ORK_IS_SESSION (self));

  running = !!running;
  if (self->running == running)
    return;
  self->running = running;
  apply_running (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUNNING]);
}

gboolean
ork_session_get_running (OrkSession *self)
{
  g_return_val_if_fail (ORK_IS_SESSION (self), FALSE);
  return self->running;
}

gboolean
ork_session_step (OrkSession *self)
{
  g_return_val_if_fail (ORK_IS_SESSION (self), FALSE);

  if (self->mode != ORK_MODE_SIMULATION || self->clock == NULL || self->ff_task != NULL)
    return FALSE;
  return ork_virtual_clock_step (ORK_VIRTUAL_CLOCK (self->clock));
}

static void
set_progress (OrkSession *self,
              double      progress)
{
  if (self->ff_progress == progress)
    return;
  self->ff_progress = progress;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FAST_FORWARD_PROGRESS]);
}

static gboolean
on_fast_forward_slice (gpointer user_data)
{
  OrkSession *self = user_data;
  GCancellable *cancellable = g_task_get_cancellable (self->ff_task);
  OrkVirtualClock *clock = ORK_VIRTUAL_CLOCK (self->clock);
  gint64 now = ork_clock_now (self->clock);
  gint64 begin = g_get_monotonic_time ();
  gint64 target = MIN (self->ff_target, now + self->ff_slice);
  gint64 took;

  if (g_cancellable_is_cancelled (cancellable))
    {
      GTask *task = g_steal_pointer (&self->ff_task);

      self->ff_source = 0;
      set_progress (self, -1);
      apply_running (self);
      g_task_return_error_if_cancelled (task);
      g_object_unref (task);
      return G_SOURCE_REMOVE;
    }

  ork_virtual_clock_advance_to (clock, target);

  /* Aim each slice at about SLICE_US of wall time. */
  took = MAX (g_get_monotonic_time () - begin, 1);
  self->ff_slice = CLAMP ((gint64) ((double) self->ff_slice * SLICE_US / took),
                          G_USEC_PER_SEC, G_GINT64_CONSTANT (3600) * 24 * 365 * G_USEC_PER_SEC);

  if (target >= self->ff_target)
    {
      GTask *task = g_steal_pointer (&self->ff_task);

      self->ff_source = 0;
      set_progress (self, -1);
      apply_running (self);
      g_task_return_boolean (task, TRUE);
      g_object_unref (task);
      return G_SOURCE_REMOVE;
    }

  set_progress (self, (double) (target - self->ff_start) / (double) (self->ff_target - self->ff_start));
  return G_SOURCE_CONTINUE;
}

void
ork_session_fast_forward (OrkSession          *self,
                          gint64               target_us,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (ORK_IS_SESSION (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, ork_session_fast_forward);

  if (self->mode != ORK_MODE_SIMULATION || self->clock == NULL)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                               _("Fast-forward works in simulation only"));
      return;
    }
  if (self->ff_task != NULL)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_PENDING,
                               _("A fast-forward is already running"));
      return;
    }
  if (target_us <= ork_clock_now (self->clock))
    {
      g_task_return_boolean (task, TRUE);
      return;
    }

  self->ff_task = g_steal_pointer (&task);
  self->ff_start = ork_clock_now (self->clock);
  self->ff_target = target_us;
  self->ff_slice = 60 * G_USEC_PER_SEC;
  apply_running (self);
  set_progress (self, 0.0);
  self->ff_source = g_idle_add (on_fast_forward_slice, self);
}

gboolean
ork_session_fast_forward_finish (OrkSession    *self,
                                 GAsyncResult  *result,
                                 GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

double
ork_session_get_fast_forward_progress (OrkSession *self)
{
  g_return_val_if_fail (ORK_IS_SESSION (self), -1);
  return self->ff_progress;
}

/* Saving --------------------------------------------------------------------- */

gboolean
ork_session_save (OrkSession  *self,
                  GError     **error)
{
  g_return_val_if_fail (ORK_IS_SESSION (self), FALSE);

  if (self->path == NULL)
    {
      g_set_error (error, ORK_WORKSPACE_ERROR, ORK_WORKSPACE_ERROR_IO,
                   _("the workspace has no file yet: use Save As"));
      return FALSE;
    }
  if (file_changed_on_disk (self))
    {
      g_set_error (error, ORK_WORKSPACE_ERROR, ORK_WORKSPACE_ERROR_IO,
                   _("%s changed on disk since it was loaded; reload it or save under another name"),
                   self->path);
      ork_session_set_autosave (self, FALSE);
      g_signal_emit (self, signals[SIGNAL_CHANGED_ON_DISK], 0);
      return FALSE;
    }
  if (!ork_workspace_save_to_file (self->workspace, self->path, error))
    return FALSE;
  remember_file (self);
  return TRUE;
}

gboolean
ork_session_save_as (OrkSession  *self,
                     const char  *path,
                     GError     **error)
{
  g_return_val_if_fail (ORK_IS_SESSION (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  if (!ork_workspace_save_to_file (self->workspace, path, error))
    return FALSE;
  g_free (self->path);
  self->path = g_strdup (path);
  remember_file (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PATH]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TRUSTED]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NEEDS_TRUST]);
  return TRUE;
}

static gboolean
on_autosave (gpointer user_data)
{
  OrkSession *self = user_data;
  g_autoptr(GError) error = NULL;

  self->autosave_source = 0;
  if (!ork_session_save (self, &error))
    {
      g_debug ("Autosave failed: %s", error->message);
      g_signal_emit (self, signals[SIGNAL_AUTOSAVE_FAILED], 0, error->message);
    }
  return G_SOURCE_REMOVE;
}

static void
schedule_autosave (OrkSession *self)
{
  if (!self->autosave || self->path == NULL || self->autosave_source != 0)
    return;
  self->autosave_source = g_timeout_add (AUTOSAVE_DELAY_MS, on_autosave, self);
}

static void
on_job_notify (OrkJob     *job,
               GParamSpec *pspec,
               OrkSession *self)
{
  const char *name = g_param_spec_get_name (pspec);

  schedule_autosave (self);
  if (ork_job_get_job_type (job) == ORK_JOB_TYPE_COMMAND || g_str_equal (name, "job-type"))
    {
      apply_command_mode (self);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TRUSTED]);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NEEDS_TRUST]);
    }
}

static void
watch_jobs (OrkSession *self,
            guint       position,
            guint       added)
{
  GListModel *jobs = ork_workspace_get_jobs (self->workspace);

  for (guint i = position; i < position + added; i++)
    {
      g_autoptr(OrkJob) job = g_list_model_get_item (jobs, i);

      g_signal_handlers_disconnect_by_func (job, on_job_notify, self);
      /* The definition only: runtime state (status, paused) is not saved. */
      g_signal_connect_object (job, "changed", G_CALLBACK (on_job_notify), self, 0);
    }
}

static void
on_jobs_changed (GListModel *jobs,
                 guint       position,
                 guint       removed,
                 guint       added,
                 OrkSession *self)
{
  watch_jobs (self, position, added);
  schedule_autosave (self);
  apply_command_mode (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TRUSTED]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NEEDS_TRUST]);
}

void
ork_session_set_autosave (OrkSession *self,
                          gboolean    autosave)
{
  g_return_if_fail (ORK_IS_SESSION (self));
  self->autosave = !!autosave;
  if (!self->autosave && self->autosave_source != 0)
    g_clear_handle_id (&self->autosave_source, g_source_remove);
}

/* GObject -------------------------------------------------------------------- */

static void
ork_session_dispose (GObject *object)
{
  OrkSession *self = ORK_SESSION (object);

  if (self->autosave_source != 0)
    {
      /* Whatever changed last is not lost. */
      g_clear_handle_id (&self->autosave_source, g_source_remove);
      if (self->autosave)
        on_autosave (self);
    }
  teardown_engine (self);
  if (self->workspace != NULL)
    g_signal_handlers_disconnect_by_data (ork_workspace_get_jobs (self->workspace), self);
  g_clear_object (&self->workspace);

  G_OBJECT_CLASS (ork_session_parent_class)->dispose (object);
}

static void
ork_session_finalize (GObject *object)
{
  OrkSession *self = ORK_SESSION (object);

  g_free (self->path);
  g_clear_object (&self->metrics);
  G_OBJECT_CLASS (ork_session_parent_class)->finalize (object);
}

static void
ork_session_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  OrkSession *self = ORK_SESSION (object);

  switch (prop_id)
    {
    case PROP_WORKSPACE:
      g_value_set_object (value, self->workspace);
      break;
    case PROP_PATH:
      g_value_set_string (value, self->path);
      break;
    case PROP_MODE:
      g_value_set_int (value, self->mode);
      break;
    case PROP_CLOCK:
      g_value_set_object (value, self->clock);
      break;
    case PROP_SCHEDULER:
      g_value_set_object (value, self->scheduler);
      break;
    case PROP_HISTORY:
      g_value_set_object (value, self->history);
      break;
    case PROP_HISTORY_ERROR:
      g_value_set_string (value, self->history_error);
      break;
    case PROP_SPEED:
      g_value_set_double (value, self->speed);
      break;
    case PROP_RUNNING:
      g_value_set_boolean (value, self->running);
      break;
    case PROP_TRUSTED:
      g_value_set_boolean (value, ork_session_get_trusted (self));
      break;
    case PROP_NEEDS_TRUST:
      g_value_set_boolean (value, ork_session_get_needs_trust (self));
      break;
    case PROP_FAST_FORWARD_PROGRESS:
      g_value_set_double (value, self->ff_progress);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ork_session_set_property (GObject      *object,
                          guint         prop_id,
                          const GValue *value,
                          GParamSpec   *pspec)
{
  OrkSession *self = ORK_SESSION (object);

  switch (prop_id)
    {
    case PROP_SPEED:
      ork_session_set_speed (self, g_value_get_double (value));
      break;
    case PROP_RUNNING:
      ork_session_set_running (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ork_session_class_init (OrkSessionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags ro = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;
  const GParamFlags rw = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->dispose = ork_session_dispose;
  object_class->finalize = ork_session_finalize;
  object_class->get_property = ork_session_get_property;
  object_class->set_property = ork_session_set_property;

  properties[PROP_WORKSPACE] = g_param_spec_object ("workspace", NULL, NULL, ORK_TYPE_WORKSPACE, ro);
  properties[PROP_PATH] = g_param_spec_string ("path", NULL, NULL, NULL, ro);
  properties[PROP_MODE] = g_param_spec_int ("mode", NULL, NULL, ORK_MODE_SIMULATION, ORK_MODE_LIVE,
                                            ORK_MODE_SIMULATION, ro);
  properties[PROP_CLOCK] = g_param_spec_object ("clock", NULL, NULL, ORK_TYPE_CLOCK, ro);
  properties[PROP_SCHEDULER] = g_param_spec_object ("scheduler", NULL, NULL, ORK_TYPE_SCHEDULER, ro);
  properties[PROP_HISTORY] = g_param_spec_object ("history", NULL, NULL, ORK_TYPE_HISTORY, ro);
  properties[PROP_HISTORY_ERROR] = g_param_spec_string ("history-error", NULL, NULL, NULL, ro);
  properties[PROP_SPEED] = g_param_spec_double ("speed", NULL, NULL, 1.0, 10000.0, 60.0, rw);
  properties[PROP_RUNNING] = g_param_spec_boolean ("running", NULL, NULL, FALSE, rw);
  properties[PROP_TRUSTED] = g_param_spec_boolean ("trusted", NULL, NULL, FALSE, ro);
  properties[PROP_NEEDS_TRUST] = g_param_spec_boolean ("needs-trust", NULL, NULL, FALSE, ro);
  properties[PROP_FAST_FORWARD_PROGRESS] =
    g_param_spec_double ("fast-forward-progress", NULL, NULL, -1.0, 1.0, -1.0, ro);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[SIGNAL_ENGINE_CHANGED] =
    g_signal_new ("engine-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[SIGNAL_AUTOSAVE_FAILED] =
    g_signal_new ("autosave-failed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
  signals[SIGNAL_CHANGED_ON_DISK] =
    g_signal_new ("changed-on-disk", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
ork_session_init (OrkSession *self)
{
  self->speed = 60.0;
  self->ff_progress = -1;
  self->autosave = TRUE;
  self->metrics = ork_metrics_new ();
}

OrkSession *
ork_session_new (OrkWorkspace *workspace,
                 const char   *path)
{
  OrkSession *self;
  GListModel *jobs;

  g_return_val_if_fail (ORK_IS_WORKSPACE (workspace), NULL);

  self = g_object_new (ORK_TYPE_SESSION, NULL);
  self->workspace = g_object_ref (workspace);
  self->path = g_strdup (path);
  remember_file (self);

  jobs = ork_workspace_get_jobs (workspace);
  watch_jobs (self, 0, g_list_model_get_n_items (jobs));
  g_signal_connect (jobs, "items-changed", G_CALLBACK (on_jobs_changed), self);
  return self;
}

OrkSession *
ork_session_new_for_file (const char  *path,
                          GError     **error)
{
  g_autoptr(OrkWorkspace) workspace = NULL;

  g_return_val_if_fail (path != NULL, NULL);

  workspace = ork_workspace_load_from_file (path, NULL, error);
  if (workspace == NULL)
    return NULL;
  return ork_session_new (workspace, path);
}

OrkWorkspace *
ork_session_get_workspace (OrkSession *self)
{
  g_return_val_if_fail (ORK_IS_SESSION (self), NULL);
  return self->workspace;
}

const char *
ork_session_get_path (OrkSession *self)
{
  g_return_val_if_fail (ORK_IS_SESSION (self), NULL);
  return self->path;
}

OrkMode
ork_session_get_mode (OrkSession *self)
{
  g_return_val_if_fail (ORK_IS_SESSION (self), ORK_MODE_SIMULATION);
  return self->mode;
}

OrkClock *
ork_session_get_clock (OrkSession *self)
{
  g_return_val_if_fail (ORK_IS_SESSION (self), NULL);
  return self->clock;
}

OrkScheduler *
ork_session_get_scheduler (OrkSession *self)
{
  g_return_val_if_fail (ORK_IS_SESSION (self), NULL);
  return self->scheduler;
}

OrkHistory *
ork_session_get_history (OrkSession *self)
{
  g_return_val_if_fail (ORK_IS_SESSION (self), NULL);
  return self->history;
}

OrkMetrics *
ork_session_get_metrics (OrkSession *self)
{
  g_return_val_if_fail (ORK_IS_SESSION (self), NULL);
  return self->metrics;
}

const char *
ork_session_get_history_error (OrkSession *self)
{
  g_return_val_if_fail (ORK_IS_SESSION (self), NULL);
  return self->history_error;
}
