/* ork-export-dialog.c — Export History: format, filters, destination, progress
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ork-export-dialog"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "ork-export-dialog.h"
#include "ork-history.h"

#define PROGRESS_POLL_MS 100

/* The rows of the format chooser. */
static const OrkRecordFormat formats[] = {
  ORK_RECORD_FORMAT_CSV,
  ORK_RECORD_FORMAT_JSON,
  ORK_RECORD_FORMAT_NDJSON,
};
static const char * const format_extensions[] = { "csv", "json", "ndjson" };

/* What the worker thread needs; the filter's strings point into it. */
typedef struct
{
  OrkHistory      *history;
  GFile           *destination;
  GFile           *part;
  OrkRecordFormat  format;
  char            *job_id;
  OrkExportFilter  filter;
  int              permille;   /* atomic: progress for the main thread */
  guint64          n_written;
} ExportJob;

struct _OrkExportDialog
{
  AdwWindow            parent_instance;

  OrkSession          *session;
  GFile               *destination;
  gboolean             destination_chosen;  /* by the user: its name is kept */
  GtkStringList       *job_ids;             /* the job chooser's ids; item 0 is "all" */
  GCancellable        *cancellable;         /* while running */
  ExportJob           *running_job;         /* not owned; valid while running */
  guint                poll_source;
  gboolean             close_when_done;

  GtkStack            *stack;
  GtkWidget           *export_button;
  GtkWidget           *form_page;
  AdwComboRow         *format_row;
  AdwComboRow         *job_row;
  AdwComboRow         *status_row;
  GtkWidget           *since_row;
  GtkWidget           *until_row;
  GtkSwitch           *transitions_switch;
  AdwActionRow        *destination_row;
  GtkWidget           *progress_group;
  GtkProgressBar      *progress_bar;
  GtkWidget           *message_group;
  AdwActionRow        *message_row;
  AdwStatusPage       *status_page;
};

G_DEFINE_FINAL_TYPE (OrkExportDialog, ork_export_dialog, ADW_TYPE_WINDOW)

enum
{
  PROP_0,
  PROP_SESSION,
  PROP_DESTINATION,
  PROP_RUNNING,
  N_PROPS
};

enum
{
  EXPORTED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void
export_job_free (ExportJob *job)
{
  g_clear_object (&job->history);
  g_clear_object (&job->destination);
  g_clear_object (&job->part);
  g_free (job->job_id);
  g_free (job);
}

static void
show_message (OrkExportDialog *self,
              const char      *message)
{
  gtk_widget_set_visible (self->message_group, message != NULL);
  if (message != NULL)
    adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->message_row), message);
}

static OrkRecordFormat
selected_format (OrkExportDialog *self)
{
  guint i = adw_combo_row_get_selected (self->format_row);

  return formats[MIN (i, G_N_ELEMENTS (formats) - 1)];
}

static void
update_destination_row (OrkExportDialog *self)
{
  g_autofree char *path = self->destination ? g_file_get_path (self->destination) : NULL;

  adw_action_row_set_subtitle (self->destination_row, path ? path : _("None chosen"));
}

static void
update_actions (OrkExportDialog *self)
{
  gboolean running = self->cancellable != NULL;
  gboolean available = ork_session_get_history (self->session) != NULL;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "export.run",
                                 available && !running && self->destination != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "export.choose", available && !running);
  gtk_widget_set_sensitive (self->form_page, TRUE);
  gtk_widget_set_visible (self->progress_group, running);
}

/* A name next to the user's documents, with the format's extension, until
 * the user picks a file. */
static void
suggest_destination (OrkExportDialog *self)
{
  const char *ws_path = ork_session_get_path (self->session);
  const char *dir = g_get_user_special_dir (G_USER_DIRECTORY_DOCUMENTS);
  g_autofree char *stem = NULL;
  g_autofree char *name = NULL;
  g_autofree char *path = NULL;
  guint i = MIN (adw_combo_row_get_selected (self->format_row), G_N_ELEMENTS (formats) - 1);

  if (self->destination_chosen)
    return;
  if (dir == NULL || !g_file_test (dir, G_FILE_TEST_IS_DIR))
    dir = g_get_home_dir ();
  if (ws_path != NULL)
    {
      g_autofree char *base = g_path_get_basename (ws_path);
      char *dot = strrchr (base, '.');

      if (dot != NULL && dot != base)
        *dot = '\0';
      stem = g_strdup_printf ("%s-history", base);
    }
  else
    stem = g_strdup ("orkestron-history");
  name = g_strdup_printf ("%s.%s", stem, format_extensions[i]);

  path = g_build_filename (dir, name, NULL);
  g_clear_object (&self->destination);
  self->destination = g_file_new_for_path (path);
  update_destination_row (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DESTINATION]);
}

static gboolean
parse_bound (OrkExportDialog *self,
             GtkWidget       *row,
             gint64           unset,
             gint64          *out)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (row));
  g_autofree char *trimmed = g_strstrip (g_strdup (text));

  gtk_widget_remove_css_class (row, "error");
  if (trimmed[0] == '\0')
    {
      *out = unset;
      return TRUE;
    }
  if (ork_time_parse_iso (trimmed, out))
    return TRUE;
  gtk_widget_add_css_class (row, "error");
  return FALSE;
}

/* {{{ The worker */

static void
on_export_progress (guint64  done,
                    guint64  total,
                    gpointer user_data)
{
  ExportJob *job = user_data;

  g_atomic_int_set (&job->permille, total > 0 ? (int) (done * 1000 / total) : 1000);
}

static void
export_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  ExportJob *job = task_data;
  g_autoptr(GFileOutputStream) out = NULL;
  g_autoptr(GError) error = NULL;
  gboolean ok;

  out = g_file_replace (job->part, NULL, FALSE, G_FILE_CREATE_PRIVATE, cancellable, &error);
  if (out == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  ok = ork_history_export (job->history, G_OUTPUT_STREAM (out), job->format, &job->filter,
                           cancellable, on_export_progress, job, &job->n_written, &error);
  /* Closed without the cancellable, so a cancelled export still closes. */
  if (!g_output_stream_close (G_OUTPUT_STREAM (out), NULL, ok ? &error : NULL))
    ok = FALSE;
  if (ok && !g_file_move (job->part, job->destination, G_FILE_COPY_OVERWRITE, cancellable,
                          NULL, NULL, &error))
    ok = FALSE;
  if (!ok)
    {
      g_file_delete (job->part, NULL, NULL);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  g_task_return_boolean (task, TRUE);
}

static gboolean
on_poll_progress (gpointer user_data)
{
  OrkExportDialog *self = user_data;
  int permille;
  g_autofree char *text = NULL;

  if (self->running_job == NULL)
    return G_SOURCE_CONTINUE;
  permille = g_atomic_int_get (&self->running_job->permille);
  text = g_strdup_printf (_("%d %%"), permille / 10);
  gtk_progress_bar_set_fraction (self->progress_bar, permille / 1000.0);
  gtk_progress_bar_set_text (self->progress_bar, text);
  return G_SOURCE_CONTINUE;
}

static void
set_running (OrkExportDialog *self,
             GCancellable    *cancellable)
{
  g_set_object (&self->cancellable, cancellable);
  if (cancellable != NULL && self->poll_source == 0)
    self->poll_source = g_timeout_add (PROGRESS_POLL_MS, on_poll_progress, self);
  else if (cancellable == NULL)
    g_clear_handle_id (&self->poll_source, g_source_remove);
  gtk_progress_bar_set_fraction (self->progress_bar, 0);
  gtk_progress_bar_set_text (self->progress_bar, NULL);
  update_actions (self);
  /* The form cannot change under a running export. */
  gtk_widget_set_sensitive (self->form_page, cancellable == NULL);
  gtk_widget_set_visible (self->progress_group, cancellable != NULL);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUNNING]);
}

static void
on_export_done (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  OrkExportDialog *self = ORK_EXPORT_DIALOG (source);
  ExportJob *job = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;

  self->running_job = NULL;
  /* Destroyed while the thread ran: nothing left to show. */
  if (self->session == NULL)
    return;
  set_running (self, NULL);

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      if (self->close_when_done)
        gtk_window_destroy (GTK_WINDOW (self));
      else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        show_message (self, _("Export cancelled; no file was written"));
      else
        {
          g_autofree char *message = g_strdup_printf (_("Could not export: %s"), error->message);
          show_message (self, message);
        }
      return;
    }

  {
    g_autofree char *path = g_file_get_path (job->destination);

    g_debug ("exported %" G_GUINT64_FORMAT " records to %s", job->n_written, path);
    g_signal_emit (self, signals[EXPORTED], 0, path, job->n_written);
  }
  gtk_window_destroy (GTK_WINDOW (self));
}

/* }}} */
/* {{{ Actions */

static void
run_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *parameter)
{
  OrkExportDialog *self = ORK_EXPORT_DIALOG (widget);
  OrkHistory *history = ork_session_get_history (self->session);
  g_autoptr(GCancellable) cancellable = NULL;
  g_autoptr(GTask) task = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *part_path = NULL;
  g_autofree char *dest_path = NULL;
  ExportJob *job;
  gint64 since, until;
  guint status, job_index;

  if (history == NULL || self->destination == NULL || self->cancellable != NULL)
    return;

  show_message (self, NULL);
  if (!parse_bound (self, self->since_row, ORK_TIME_UNSET, &since) |
      !parse_bound (self, self->until_row, ORK_TIME_NEVER, &until))
    {
      show_message (self, _("Times are ISO 8601 with an offset, such as "
                            "2026-11-26T00:00:00Z or 2026-11-26T09:00:00+01:00"));
      return;
    }
  if (since != ORK_TIME_UNSET && until != ORK_TIME_NEVER && until <= since)
    {
      gtk_widget_add_css_class (self->until_row, "error");
      show_message (self, _("“Until” must be after “Since”"));
      return;
    }

  /* The export reads committed data: commit what the engine did so far. */
  if (!ork_history_flush (history, &error))
    g_warning ("Could not flush the history before exporting: %s", error->message);

  dest_path = g_file_get_path (self->destination);
  part_path = g_strconcat (dest_path, ".part", NULL);

  job = g_new0 (ExportJob, 1);
  job->history = g_object_ref (history);
  job->destination = g_object_ref (self->destination);
  job->part = g_file_new_for_path (part_path);
  job->format = selected_format (self);
  ork_export_filter_init (&job->filter);
  job_index = adw_combo_row_get_selected (self->job_row);
  if (job_index > 0 && job_index != GTK_INVALID_LIST_POSITION)
    job->job_id = g_strdup (gtk_string_list_get_string (self->job_ids, job_index));
  job->filter.job_id = job->job_id;
  status = adw_combo_row_get_selected (self->status_row);
  if (status > 0 && status != GTK_INVALID_LIST_POSITION)
    {
      job->filter.has_status = TRUE;
      job->filter.status = ORK_RUN_SUCCEEDED + (status - 1);
    }
  job->filter.since = since;
  job->filter.until = until;
  job->filter.with_transitions = gtk_switch_get_active (self->transitions_switch);

  cancellable = g_cancellable_new ();
  task = g_task_new (self, cancellable, on_export_done, NULL);
  g_task_set_source_tag (task, run_action);
  g_task_set_task_data (task, job, (GDestroyNotify) export_job_free);
  self->running_job = job;
  set_running (self, cancellable);
  g_task_run_in_thread (task, export_thread);
}

static void
cancel_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  OrkExportDialog *self = ORK_EXPORT_DIALOG (widget);

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  else
    gtk_window_close (GTK_WINDOW (self));
}

static void
on_chooser_response (GtkNativeDialog *native,
                     int              response,
                     OrkExportDialog *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (native));

      if (file != NULL)
        ork_export_dialog_set_destination (self, file);
    }
  gtk_native_dialog_destroy (native);
  g_object_unref (native);
}

static void
choose_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  OrkExportDialog *self = ORK_EXPORT_DIALOG (widget);
  GtkFileChooserNative *native;

  native = gtk_file_chooser_native_new (_("Export History"), GTK_WINDOW (self),
                                        GTK_FILE_CHOOSER_ACTION_SAVE,
                                        _("_Export"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (native), TRUE);
  if (self->destination != NULL)
    {
      g_autoptr(GFile) parent = g_file_get_parent (self->destination);
      g_autofree char *name = g_file_get_basename (self->destination);

      if (parent != NULL)
        gtk_file_chooser_set_current_folder (GTK_FILE_CHOOSER (native), parent, NULL);
      gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (native), name);
    }
  g_signal_connect (native, "response", G_CALLBACK (on_chooser_response), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (native));
}

/* }}} */
/* {{{ GObject */

static gboolean
ork_export_dialog_close_request (GtkWindow *window)
{
  OrkExportDialog *self = ORK_EXPORT_DIALOG (window);

  /* A running export is cancelled first; the dialog closes when it stops. */
  if (self->cancellable != NULL)
    {
      self->close_when_done = TRUE;
      g_cancellable_cancel (self->cancellable);
      return TRUE;
    }
  return GTK_WINDOW_CLASS (ork_export_dialog_parent_class)->close_request (window);
}

static void
on_format_changed (OrkExportDialog *self)
{
  if (self->destination_chosen && self->destination != NULL)
    {
      /* Keep the user's name, with the extension of the new format. */
      g_autofree char *path = g_file_get_path (self->destination);
      char *dot = strrchr (path, '.');
      char *slash = strrchr (path, '/');
      guint i = MIN (adw_combo_row_get_selected (self->format_row), G_N_ELEMENTS (formats) - 1);

      for (guint k = 0; k < G_N_ELEMENTS (format_extensions); k++)
        if (dot != NULL && (slash == NULL || dot > slash) &&
            g_str_equal (dot + 1, format_extensions[k]))
          {
            g_autofree char *renamed = NULL;

            *dot = '\0';
            renamed = g_strdup_printf ("%s.%s", path, format_extensions[i]);
            g_clear_object (&self->destination);
            self->destination = g_file_new_for_path (renamed);
            update_destination_row (self);
            g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DESTINATION]);
            break;
          }
      return;
    }
  suggest_destination (self);
}

static void
ork_export_dialog_constructed (GObject *object)
{
  OrkExportDialog *self = ORK_EXPORT_DIALOG (object);
  OrkWorkspace *ws;
  GListModel *jobs;
  g_autoptr(GtkStringList) labels = gtk_string_list_new (NULL);

  G_OBJECT_CLASS (ork_export_dialog_parent_class)->constructed (object);

  g_return_if_fail (ORK_IS_SESSION (self->session));
  ws = ork_session_get_workspace (self->session);
  jobs = ork_workspace_get_jobs (ws);

  self->job_ids = gtk_string_list_new (NULL);
  gtk_string_list_append (self->job_ids, "");
  gtk_string_list_append (labels, _("All jobs"));
  for (guint i = 0; i < g_list_model_get_n_items (jobs); i++)
    {
      g_autoptr(OrkJob) job = g_list_model_get_item (jobs, i);
      const char *id = ork_job_get_id (job);
      const char *name = ork_job_get_name (job);
      g_autofree char *label = g_str_equal (id, name) ? g_strdup (id)
                                                      : g_strdup_printf ("%s (%s)", name, id);

      gtk_string_list_append (self->job_ids, id);
      gtk_string_list_append (labels, label);
    }
  adw_combo_row_set_model (self->job_row, G_LIST_MODEL (labels));
  adw_combo_row_set_selected (self->format_row, 2);  /* NDJSON */

  if (ork_session_get_history (self->session) == NULL)
    {
      const char *why = ork_session_get_history_error (self->session);

      adw_status_page_set_description (self->status_page,
                                       why != NULL ? why
                                                   : _("This session keeps no run history: it "
                                                       "has no engine, or its workspace is "
                                                       "not saved to a file."));
      gtk_stack_set_visible_child_name (self->stack, "unavailable");
    }

  suggest_destination (self);
  g_signal_connect_swapped (self->format_row, "notify::selected",
                            G_CALLBACK (on_format_changed), self);
  update_actions (self);
}

static void
ork_export_dialog_dispose (GObject *object)
{
  OrkExportDialog *self = ORK_EXPORT_DIALOG (object);

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->poll_source, g_source_remove);
  gtk_widget_dispose_template (GTK_WIDGET (self), ORK_TYPE_EXPORT_DIALOG);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->destination);
  g_clear_object (&self->job_ids);
  g_clear_object (&self->session);

  G_OBJECT_CLASS (ork_export_dialog_parent_class)->dispose (object);
}

static void
ork_export_dialog_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  OrkExportDialog *self = ORK_EXPORT_DIALOG (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      g_value_set_object (value, self->session);
      break;
    case PROP_DESTINATION:
      g_value_set_object (value, self->destination);
      break;
    case PROP_RUNNING:
      g_value_set_boolean (value, self->cancellable != NULL);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ork_export_dialog_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  OrkExportDialog *self = ORK_EXPORT_DIALOG (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      self->session = g_value_dup_object (value);
      break;
    case PROP_DESTINATION:
      if (g_value_get_object (value) != NULL)
        ork_export_dialog_set_destination (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ork_export_dialog_class_init (OrkExportDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->constructed = ork_export_dialog_constructed;
  object_class->dispose = ork_export_dialog_dispose;
  object_class->get_property = ork_export_dialog_get_property;
  object_class->set_property = ork_export_dialog_set_property;
  window_class->close_request = ork_export_dialog_close_request;

  properties[PROP_SESSION] =
    g_param_spec_object ("session", NULL, NULL, ORK_TYPE_SESSION,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_DESTINATION] =
    g_param_spec_object ("destination", NULL, NULL, G_TYPE_FILE,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_RUNNING] =
    g_param_spec_boolean ("running", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[EXPORTED] =
    g_signal_new ("exported", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_UINT64);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/orkestron/Orkestron/ork-export-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, OrkExportDialog, stack);
  gtk_widget_class_bind_template_child (widget_class, OrkExportDialog, export_button);
  gtk_widget_class_bind_template_child (widget_class, OrkExportDialog, form_page);
  gtk_widget_class_bind_template_child (widget_class, OrkExportDialog, format_row);
  gtk_widget_class_bind_template_child (widget_class, OrkExportDialog, job_row);
  gtk_widget_class_bind_template_child (widget_class, OrkExportDialog, status_row);
  gtk_widget_class_bind_template_child (widget_class, OrkExportDialog, since_row);
  gtk_widget_class_bind_template_child (widget_class, OrkExportDialog, until_row);
  gtk_widget_class_bind_template_child (widget_class, OrkExportDialog, transitions_switch);
  gtk_widget_class_bind_template_child (widget_class, OrkExportDialog, destination_row);
  gtk_widget_class_bind_template_child (widget_class, OrkExportDialog, progress_group);
  gtk_widget_class_bind_template_child (widget_class, OrkExportDialog, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, OrkExportDialog, message_group);
  gtk_widget_class_bind_template_child (widget_class, OrkExportDialog, message_row);
  gtk_widget_class_bind_template_child (widget_class, OrkExportDialog, status_page);

  gtk_widget_class_install_action (widget_class, "export.run", NULL, run_action);
  gtk_widget_class_install_action (widget_class, "export.cancel", NULL, cancel_action);
  gtk_widget_class_install_action (widget_class, "export.choose", NULL, choose_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "export.cancel", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Return, GDK_CONTROL_MASK,
                                       "export.run", NULL);
}

static void
ork_export_dialog_init (OrkExportDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

/* }}} */
/* {{{ Public API */

GtkWindow *
ork_export_dialog_new (GtkWindow  *parent,
                       OrkSession *session)
{
  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (ORK_IS_SESSION (session), NULL);

  return g_object_new (ORK_TYPE_EXPORT_DIALOG,
                       "transient-for", parent,
                       "session", session,
                       NULL);
}

GFile *
ork_export_dialog_get_destination (OrkExportDialog *self)
{
  g_return_val_if_fail (ORK_IS_EXPORT_DIALOG (self), NULL);
  return self->destination;
}

void
ork_export_dialog_set_destination (OrkExportDialog *self,
                                   GFile           *file)
{
  g_return_if_fail (ORK_IS_EXPORT_DIALOG (self));
  g_return_if_fail (G_IS_FILE (file));

  self->destination_chosen = TRUE;
  if (self->destination != NULL && g_file_equal (self->destination, file))
    return;
  g_set_object (&self->destination, file);
  update_destination_row (self);
  if (self->session != NULL)
    update_actions (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DESTINATION]);
}

gboolean
ork_export_dialog_get_running (OrkExportDialog *self)
{
  g_return_val_if_fail (ORK_IS_EXPORT_DIALOG (self), FALSE);
  return self->cancellable != NULL;
}

/* }}} */
