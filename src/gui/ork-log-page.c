/* ork-log-page.c — the Log page: the engine's structured event log
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ork-log-page"

#include "config.h"

#include <inttypes.h>

#include <adwaita.h>
#include <glib/gi18n.h>

#include "ork-log-page.h"
#include "ork-drop-down.h"
#include "ork-format.h"

struct _OrkLogPage
{
  GtkWidget           parent_instance;

  /* Template children */
  GtkWidget          *box;
  GtkSearchEntry     *search_entry;
  GtkDropDown        *job_dropdown;
  GtkDropDown        *level_dropdown;
  GtkDropDown        *reason_dropdown;
  GtkToggleButton    *follow_button;
  GtkStack           *stack;
  GtkScrolledWindow  *scrolled;
  GtkColumnView      *column_view;
  GtkColumnViewColumn *time_column;
  GtkLabel           *count_label;

  OrkEventLog        *log;
  OrkSession         *session;
  GListModel         *jobs;        /* the session's, to follow its changes */
  GtkStringList      *job_ids;     /* shown: "All Jobs", then every job's name */
  GPtrArray          *job_keys;    /* the ids of those: NULL, then every job's id */
  GHashTable         *names;       /* job id → name, as of the last rebuild_jobs () */
  GtkCustomFilter    *filter;
  GtkFilterListModel *filtered;
  GTimeZone          *zone;
  guint               scroll_idle_id;
  gboolean            active;
  gboolean            rebuilding_jobs;
  /* The job chooser lists every job: with 100,000 of them that is worth
   * doing only when the page is shown. */
  gboolean            jobs_dirty;

  /* The filter, read by match () */
  char               *job_id;
  OrkLogLevel         min_level;
  int                 reason;
  char               *search;
  char               *search_folded;
  GHashTable         *folded_names;  /* job id → its name, case-folded, while searching */
};

G_DEFINE_FINAL_TYPE (OrkLogPage, ork_log_page, GTK_TYPE_WIDGET)

static const OrkLogLevel level_choices[] = {
  ORK_LOG_DEBUG, ORK_LOG_INFO, ORK_LOG_WARNING, ORK_LOG_ERROR,
};

/* Filtering ------------------------------------------------------------------ */

/* The name of the job @id, or the id of a job that is gone (a hash look-up:
 * the workspace's own is a scan, too slow for every row bound). */
static const char *
job_name (OrkLogPage *self,
          const char *id)
{
  const char *name = id != NULL ? g_hash_table_lookup (self->names, id) : NULL;

  return name != NULL ? name : id;
}

static gboolean
match (gpointer item,
       gpointer user_data)
{
  OrkLogPage *self = user_data;
  const char *folded;

  if (self->search_folded == NULL)
    return ork_log_entry_matches (item, self->job_id, self->min_level, self->reason, NULL);
  /* The search also finds the job by the name the page shows. */
  if (!ork_log_entry_matches (item, self->job_id, self->min_level, self->reason, NULL))
    return FALSE;
  if (ork_log_entry_matches (item, NULL, ORK_LOG_DEBUG, -1, self->search))
    return TRUE;
  folded = ork_log_entry_get_job_id (item) != NULL
           ? g_hash_table_lookup (self->folded_names, ork_log_entry_get_job_id (item)) : NULL;
  return folded != NULL && strstr (folded, self->search_folded) != NULL;
}

/* The jobs' names, case-folded, for a search. */
static void
fold_names (OrkLogPage *self)
{
  guint n = self->jobs != NULL ? g_list_model_get_n_items (self->jobs) : 0;

  g_hash_table_remove_all (self->folded_names);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(OrkJob) job = g_list_model_get_item (self->jobs, i);

      if (ork_job_get_name (job) != NULL)
        g_hash_table_insert (self->folded_names, g_strdup (ork_job_get_id (job)),
                             g_utf8_casefold (ork_job_get_name (job), -1));
    }
}

static void
update_count (OrkLogPage *self)
{
  guint shown = g_list_model_get_n_items (G_LIST_MODEL (self->filtered));
  guint total = g_list_model_get_n_items (G_LIST_MODEL (self->log));
  g_autofree char *shown_text = ork_format_count (shown);
  g_autofree char *total_text = ork_format_count (total);
  g_autofree char *text = NULL;

  /* TRANSLATORS: log entries, as digit-grouped numbers */
  if (shown == total)
    text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s entry", "%s entries", total),
                            total_text);
  else
    text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s of %s entry", "%s of %s entries",
                                         total), shown_text, total_text);
  gtk_label_set_text (self->count_label, text);

  if (total == 0)
    gtk_stack_set_visible_child_name (self->stack, "empty");
  else if (shown == 0)
    gtk_stack_set_visible_child_name (self->stack, "no-match");
  else
    gtk_stack_set_visible_child_name (self->stack, "list");
}

static void
on_filter_changed (OrkLogPage *self)
{
  guint job = gtk_drop_down_get_selected (self->job_dropdown);
  guint level = gtk_drop_down_get_selected (self->level_dropdown);
  guint reason = gtk_drop_down_get_selected (self->reason_dropdown);
  const char *search = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));

  if (self->rebuilding_jobs || self->job_ids == NULL)
    return;

  g_clear_pointer (&self->job_id, g_free);
  if (job != GTK_INVALID_LIST_POSITION && job > 0 && job < self->job_keys->len)
    self->job_id = g_strdup (self->job_keys->pdata[job]);
  self->min_level = level < G_N_ELEMENTS (level_choices) ? level_choices[level] : ORK_LOG_DEBUG;
  /* Position 0 is "All Reasons"; position n is reason n (NONE is not offered). */
  self->reason = reason == GTK_INVALID_LIST_POSITION || reason == 0 ? -1 : (int) reason;
  g_free (self->search);
  self->search = g_strdup (search);
  g_clear_pointer (&self->search_folded, g_free);
  if (search != NULL && *search != '\0')
    {
      self->search_folded = g_utf8_casefold (search, -1);
      fold_names (self);
    }

  gtk_filter_changed (GTK_FILTER (self->filter), GTK_FILTER_CHANGE_DIFFERENT);
  if (self->filtered != NULL)
    update_count (self);
}

static void
on_stop_search (OrkLogPage *self)
{
  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
}

/* Following the newest entry ------------------------------------------------------ */

static gboolean
on_scroll_idle (gpointer user_data)
{
  OrkLogPage *self = user_data;
  GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (self->scrolled);

  self->scroll_idle_id = 0;
  gtk_adjustment_set_value (adjustment, gtk_adjustment_get_lower (adjustment));
  return G_SOURCE_REMOVE;
}

static void
scroll_to_newest (OrkLogPage *self)
{
  if (self->scroll_idle_id == 0)
    self->scroll_idle_id = g_idle_add_full (G_PRIORITY_HIGH_IDLE + 20, on_scroll_idle, self, NULL);
}

static void
on_filtered_items_changed (OrkLogPage *self,
                           guint       position,
                           guint       removed,
                           guint       added)
{
  if (added > 0 && position == 0 && gtk_toggle_button_get_active (self->follow_button))
    scroll_to_newest (self);
  update_count (self);
}

static void
on_follow_toggled (OrkLogPage *self)
{
  if (gtk_toggle_button_get_active (self->follow_button))
    scroll_to_newest (self);
}

/* Cells ---------------------------------------------------------------------------- */

static GtkWidget *
new_inscription (GtkListItem *item,
                 guint        nat_chars)
{
  GtkWidget *inscription = gtk_inscription_new (NULL);

  gtk_inscription_set_nat_chars (GTK_INSCRIPTION (inscription), nat_chars);
  /* Columns keep their width; a narrow window scrolls sideways instead. */
  gtk_inscription_set_min_chars (GTK_INSCRIPTION (inscription), MIN (nat_chars, 16));
  gtk_inscription_set_text_overflow (GTK_INSCRIPTION (inscription),
                                     GTK_INSCRIPTION_OVERFLOW_ELLIPSIZE_END);
  gtk_list_item_set_child (item, inscription);
  return inscription;
}

static void
set_text (GtkListItem *item,
          const char  *text)
{
  gtk_inscription_set_text (GTK_INSCRIPTION (gtk_list_item_get_child (item)), text);
}

static void
setup_time_cell (GtkSignalListItemFactory *factory,
                 GtkListItem              *item,
                 OrkLogPage               *self)
{
  GtkWidget *inscription = new_inscription (item, 23);

  gtk_inscription_set_min_chars (GTK_INSCRIPTION (inscription), 23);
  gtk_widget_add_css_class (inscription, "numeric");
}

static void
bind_time_cell (GtkSignalListItemFactory *factory,
                GtkListItem              *item,
                OrkLogPage               *self)
{
  OrkLogEntry *entry = gtk_list_item_get_item (item);
  gint64 time = ork_log_entry_get_time (entry);
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (time / G_USEC_PER_SEC);
  g_autoptr(GDateTime) local = NULL;
  g_autofree char *seconds = NULL;
  g_autofree char *text = NULL;

  if (utc == NULL)
    {
      set_text (item, "—");
      return;
    }
  local = g_date_time_to_timezone (utc, self->zone);
  seconds = g_date_time_format (local, "%Y-%m-%d %H:%M:%S");
  text = g_strdup_printf ("%s.%03d", seconds,
                          (int) (((time % G_USEC_PER_SEC) + G_USEC_PER_SEC) % G_USEC_PER_SEC / 1000));
  set_text (item, text);
}

static void
setup_level_cell (GtkSignalListItemFactory *factory,
                  GtkListItem              *item,
                  OrkLogPage               *self)
{
  new_inscription (item, 7);
}

static void
bind_level_cell (GtkSignalListItemFactory *factory,
                 GtkListItem              *item,
                 OrkLogPage               *self)
{
  OrkLogEntry *entry = gtk_list_item_get_item (item);
  OrkLogLevel level = ork_log_entry_get_level (entry);
  GtkWidget *child = gtk_list_item_get_child (item);
  const char *name = ork_log_level_to_string (level);
  g_autofree char *css = g_strconcat ("ork-level-", name, NULL);
  const char *classes[] = { "ork-level", css, NULL };

  gtk_widget_set_css_classes (child, classes);
  set_text (item, name);
}

static void
setup_job_cell (GtkSignalListItemFactory *factory,
                GtkListItem              *item,
                OrkLogPage               *self)
{
  new_inscription (item, 16);
}

static void
bind_job_cell (GtkSignalListItemFactory *factory,
               GtkListItem              *item,
               OrkLogPage               *self)
{
  set_text (item, job_name (self, ork_log_entry_get_job_id (gtk_list_item_get_item (item))));
}

static void
setup_run_cell (GtkSignalListItemFactory *factory,
                GtkListItem              *item,
                OrkLogPage               *self)
{
  GtkWidget *inscription = new_inscription (item, 9);

  gtk_widget_add_css_class (inscription, "numeric");
}

static void
bind_run_cell (GtkSignalListItemFactory *factory,
               GtkListItem              *item,
               OrkLogPage               *self)
{
  OrkLogEntry *entry = gtk_list_item_get_item (item);
  guint64 run = ork_log_entry_get_run_id (entry);
  guint attempt = ork_log_entry_get_attempt (entry);
  g_autofree char *text = NULL;

  if (run == 0)
    text = NULL;
  else if (attempt == 0)
    text = g_strdup_printf ("#%" PRIu64, run);
  else
    /* TRANSLATORS: a run number and its attempt, as in "#17 / 2" */
    text = g_strdup_printf (_("#%" PRIu64 " / %u"), run, attempt);
  set_text (item, text);
}

static void
setup_states_cell (GtkSignalListItemFactory *factory,
                   GtkListItem              *item,
                   OrkLogPage               *self)
{
  new_inscription (item, 22);
}

static void
bind_states_cell (GtkSignalListItemFactory *factory,
                  GtkListItem              *item,
                  OrkLogPage               *self)
{
  OrkLogEntry *entry = gtk_list_item_get_item (item);
  int from = ork_log_entry_get_from (entry);
  int to = ork_log_entry_get_to (entry);
  g_autofree char *text = NULL;

  if (from != ORK_LOG_NO_STATE && to != ORK_LOG_NO_STATE)
    text = g_strdup_printf ("%s → %s", ork_run_state_to_string (from), ork_run_state_to_string (to));
  else if (to != ORK_LOG_NO_STATE)
    text = g_strdup_printf ("→ %s", ork_run_state_to_string (to));
  else
    text = g_strdup (ork_log_kind_to_string (ork_log_entry_get_kind (entry)));
  set_text (item, text);
}

static void
setup_reason_cell (GtkSignalListItemFactory *factory,
                   GtkListItem              *item,
                   OrkLogPage               *self)
{
  new_inscription (item, 16);
}

static void
bind_reason_cell (GtkSignalListItemFactory *factory,
                  GtkListItem              *item,
                  OrkLogPage               *self)
{
  OrkReason reason = ork_log_entry_get_reason (gtk_list_item_get_item (item));

  set_text (item, reason == ORK_REASON_NONE ? NULL : ork_reason_to_string (reason));
}

/* The whole message in a tooltip, worked out when GTK asks: setting a
 * tooltip text at every bind makes GTK ask the X server where the pointer
 * is (three round trips), which while the log follows a busy engine was
 * most of the window's time. */
static gboolean
on_message_query_tooltip (GtkWidget  *widget,
                          int         x,
                          int         y,
                          gboolean    keyboard,
                          GtkTooltip *tooltip,
                          gpointer    user_data)
{
  const char *text = gtk_inscription_get_text (GTK_INSCRIPTION (widget));

  if (text == NULL || *text == '\0')
    return FALSE;
  gtk_tooltip_set_text (tooltip, text);
  return TRUE;
}

static void
setup_message_cell (GtkSignalListItemFactory *factory,
                    GtkListItem              *item,
                    OrkLogPage               *self)
{
  GtkWidget *child;

  new_inscription (item, 40);
  child = gtk_list_item_get_child (item);
  gtk_widget_set_has_tooltip (child, TRUE);
  g_signal_connect (child, "query-tooltip", G_CALLBACK (on_message_query_tooltip), NULL);
}

static void
bind_message_cell (GtkSignalListItemFactory *factory,
                   GtkListItem              *item,
                   OrkLogPage               *self)
{
  OrkLogEntry *entry = gtk_list_item_get_item (item);

  set_text (item, ork_log_entry_get_message (entry));
}

/* Jobs and zone ------------------------------------------------------------------ */

static void
rebuild_jobs (OrkLogPage *self)
{
  g_autofree char *selected = g_strdup (self->job_id);
  guint n = self->jobs != NULL ? g_list_model_get_n_items (self->jobs) : 0;
  guint select = 0;
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);

  self->jobs_dirty = FALSE;
  g_ptr_array_set_size (self->job_keys, 0);
  g_ptr_array_add (self->job_keys, NULL);
  g_hash_table_remove_all (self->names);
  g_ptr_array_add (ids, g_strdup (_("All Jobs")));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(OrkJob) job = g_list_model_get_item (self->jobs, i);
      const char *name = ork_job_get_name (job);

      if (g_strcmp0 (ork_job_get_id (job), selected) == 0)
        select = ids->len;
      g_ptr_array_add (ids, g_strdup (name != NULL && *name != '\0' ? name : ork_job_get_id (job)));
      g_ptr_array_add (self->job_keys, g_strdup (ork_job_get_id (job)));
      if (name != NULL && *name != '\0')
        g_hash_table_insert (self->names, g_strdup (ork_job_get_id (job)), g_strdup (name));
    }
  g_ptr_array_add (ids, NULL);

  self->rebuilding_jobs = TRUE;
  gtk_string_list_splice (self->job_ids, 0,
                          g_list_model_get_n_items (G_LIST_MODEL (self->job_ids)),
                          (const char * const *) ids->pdata);
  gtk_drop_down_set_selected (self->job_dropdown, select);
  self->rebuilding_jobs = FALSE;
  /* A job that is gone no longer filters. */
  if (selected != NULL && select == 0)
    on_filter_changed (self);
}

static void
on_jobs_changed (OrkLogPage *self)
{
  if (self->active)
    rebuild_jobs (self);
  else
    self->jobs_dirty = TRUE;
}

static void
update_zone (OrkLogPage *self)
{
  GTimeZone *zone;
  g_autofree char *title = NULL;

  if (self->session != NULL)
    zone = g_time_zone_ref (ork_workspace_get_time_zone (ork_session_get_workspace (self->session)));
  else
    zone = g_time_zone_new_utc ();
  g_clear_pointer (&self->zone, g_time_zone_unref);
  self->zone = zone;

  title = g_strdup_printf (_("Time (%s)"), g_time_zone_get_identifier (zone));
  gtk_column_view_column_set_title (self->time_column, title);
}

/* Actions ---------------------------------------------------------------------------- */

static void
search_action (GtkWidget  *widget,
               const char *name,
               GVariant   *param)
{
  ork_log_page_focus_search (ORK_LOG_PAGE (widget));
}

static void
show_toast (OrkLogPage *self,
            const char *text)
{
  GtkWidget *overlay = gtk_widget_get_ancestor (GTK_WIDGET (self), ADW_TYPE_TOAST_OVERLAY);

  if (overlay != NULL)
    adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), adw_toast_new (text));
  else
    g_message ("%s", text);
}

static void
on_export_response (GtkNativeDialog *native,
                    int              response,
                    OrkLogPage      *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (native));
      g_autoptr(GFileOutputStream) stream = NULL;
      g_autoptr(GError) error = NULL;
      g_autofree char *name = g_file_get_basename (file);
      g_autofree char *text = NULL;

      stream = g_file_replace (file, NULL, FALSE, G_FILE_CREATE_REPLACE_DESTINATION, NULL, &error);
      if (stream != NULL
          && ork_event_log_write_ndjson (self->log, G_OUTPUT_STREAM (stream), &error)
          && g_output_stream_close (G_OUTPUT_STREAM (stream), NULL, &error))
        text = g_strdup_printf (_("Log exported to %s"), name);
      else
        text = g_strdup_printf (_("Could not export the log: %s"), error->message);
      show_toast (self, text);
    }
  g_object_unref (native);
}

static void
export_action (GtkWidget  *widget,
               const char *name,
               GVariant   *param)
{
  OrkLogPage *self = ORK_LOG_PAGE (widget);
  GtkFileChooserNative *native;
  GtkRoot *root = gtk_widget_get_root (widget);

  native = gtk_file_chooser_native_new (_("Export Log"),
                                        GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                        GTK_FILE_CHOOSER_ACTION_SAVE, _("_Export"), _("_Cancel"));
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (native), "orkestron-log.ndjson");
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (native), TRUE);
  g_signal_connect (native, "response", G_CALLBACK (on_export_response), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (native));
}

static void
follow_action (GtkWidget  *widget,
               const char *name,
               GVariant   *param)
{
  OrkLogPage *self = ORK_LOG_PAGE (widget);

  gtk_toggle_button_set_active (self->follow_button,
                                !gtk_toggle_button_get_active (self->follow_button));
}

/* GObject --------------------------------------------------------------------------- */

static void
ork_log_page_dispose (GObject *object)
{
  OrkLogPage *self = ORK_LOG_PAGE (object);

  g_clear_handle_id (&self->scroll_idle_id, g_source_remove);
  if (self->jobs != NULL)
    g_signal_handlers_disconnect_by_data (self->jobs, self);
  g_clear_object (&self->jobs);
  g_clear_object (&self->session);
  if (self->column_view != NULL)
    gtk_column_view_set_model (self->column_view, NULL);
  if (self->filtered != NULL)
    g_signal_handlers_disconnect_by_data (self->filtered, self);
  g_clear_object (&self->filtered);
  g_clear_object (&self->filter);
  g_clear_object (&self->job_ids);
  g_clear_pointer (&self->job_keys, g_ptr_array_unref);
  g_clear_pointer (&self->folded_names, g_hash_table_unref);
  g_clear_pointer (&self->names, g_hash_table_unref);
  gtk_widget_dispose_template (GTK_WIDGET (self), ORK_TYPE_LOG_PAGE);
  G_OBJECT_CLASS (ork_log_page_parent_class)->dispose (object);
}

static void
ork_log_page_finalize (GObject *object)
{
  OrkLogPage *self = ORK_LOG_PAGE (object);

  g_clear_object (&self->log);
  g_clear_pointer (&self->zone, g_time_zone_unref);
  g_clear_pointer (&self->job_id, g_free);
  g_clear_pointer (&self->search, g_free);
  g_clear_pointer (&self->search_folded, g_free);
  G_OBJECT_CLASS (ork_log_page_parent_class)->finalize (object);
}

static void
ork_log_page_class_init (OrkLogPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ork_log_page_dispose;
  object_class->finalize = ork_log_page_finalize;

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/orkestron/Orkestron/ork-log-page.ui");
  gtk_widget_class_bind_template_child (widget_class, OrkLogPage, box);
  gtk_widget_class_bind_template_child (widget_class, OrkLogPage, stack);
  gtk_widget_class_bind_template_child (widget_class, OrkLogPage, search_entry);
  gtk_widget_class_bind_template_child (widget_class, OrkLogPage, job_dropdown);
  gtk_widget_class_bind_template_child (widget_class, OrkLogPage, level_dropdown);
  gtk_widget_class_bind_template_child (widget_class, OrkLogPage, reason_dropdown);
  gtk_widget_class_bind_template_child (widget_class, OrkLogPage, follow_button);
  gtk_widget_class_bind_template_child (widget_class, OrkLogPage, scrolled);
  gtk_widget_class_bind_template_child (widget_class, OrkLogPage, column_view);
  gtk_widget_class_bind_template_child (widget_class, OrkLogPage, time_column);
  gtk_widget_class_bind_template_child (widget_class, OrkLogPage, count_label);
  gtk_widget_class_bind_template_callback (widget_class, on_filter_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_stop_search);
  gtk_widget_class_bind_template_callback (widget_class, on_follow_toggled);
  gtk_widget_class_bind_template_callback (widget_class, setup_time_cell);
  gtk_widget_class_bind_template_callback (widget_class, bind_time_cell);
  gtk_widget_class_bind_template_callback (widget_class, setup_level_cell);
  gtk_widget_class_bind_template_callback (widget_class, bind_level_cell);
  gtk_widget_class_bind_template_callback (widget_class, setup_job_cell);
  gtk_widget_class_bind_template_callback (widget_class, bind_job_cell);
  gtk_widget_class_bind_template_callback (widget_class, setup_run_cell);
  gtk_widget_class_bind_template_callback (widget_class, bind_run_cell);
  gtk_widget_class_bind_template_callback (widget_class, setup_states_cell);
  gtk_widget_class_bind_template_callback (widget_class, bind_states_cell);
  gtk_widget_class_bind_template_callback (widget_class, setup_reason_cell);
  gtk_widget_class_bind_template_callback (widget_class, bind_reason_cell);
  gtk_widget_class_bind_template_callback (widget_class, setup_message_cell);
  gtk_widget_class_bind_template_callback (widget_class, bind_message_cell);

  gtk_widget_class_install_action (widget_class, "log.search", NULL, search_action);
  gtk_widget_class_install_action (widget_class, "log.export", NULL, export_action);
  gtk_widget_class_install_action (widget_class, "log.follow", NULL, follow_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_f, GDK_CONTROL_MASK,
                                       "log.search", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_End, GDK_CONTROL_MASK,
                                       "log.follow", NULL);
}

static void
ork_log_page_init (OrkLogPage *self)
{
  g_autoptr(GtkStringList) reasons = gtk_string_list_new (NULL);

  self->min_level = ORK_LOG_DEBUG;
  self->reason = -1;
  self->filter = gtk_custom_filter_new (match, self, NULL);

  gtk_widget_init_template (GTK_WIDGET (self));
  /* Three filters and a search fit a 360 px window. */
  ork_drop_down_set_compact (self->job_dropdown);
  ork_drop_down_set_compact (self->level_dropdown);
  ork_drop_down_set_compact (self->reason_dropdown);

  self->job_ids = gtk_string_list_new (NULL);
  self->job_keys = g_ptr_array_new_with_free_func (g_free);
  g_ptr_array_add (self->job_keys, NULL);
  self->folded_names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  gtk_drop_down_set_model (self->job_dropdown, G_LIST_MODEL (self->job_ids));

  gtk_string_list_append (reasons, _("All Reasons"));
  for (int r = ORK_REASON_NONE + 1; r <= ORK_REASON_INTERRUPTED; r++)
    gtk_string_list_append (reasons, ork_reason_to_string (r));
  gtk_drop_down_set_model (self->reason_dropdown, G_LIST_MODEL (reasons));

  update_zone (self);
  rebuild_jobs (self);
}

/* Public ---------------------------------------------------------------------------- */

GtkWidget *
ork_log_page_new (OrkEventLog *log)
{
  OrkLogPage *self;
  g_autoptr(GtkNoSelection) selection = NULL;

  g_return_val_if_fail (ORK_IS_EVENT_LOG (log), NULL);

  self = g_object_new (ORK_TYPE_LOG_PAGE, NULL);
  self->log = g_object_ref (log);
  self->active = TRUE;
  self->filtered = gtk_filter_list_model_new (g_object_ref (G_LIST_MODEL (log)),
                                              g_object_ref (GTK_FILTER (self->filter)));
  g_signal_connect_swapped (self->filtered, "items-changed",
                            G_CALLBACK (on_filtered_items_changed), self);
  selection = gtk_no_selection_new (g_object_ref (G_LIST_MODEL (self->filtered)));
  gtk_column_view_set_model (self->column_view, GTK_SELECTION_MODEL (selection));
  update_count (self);
  return GTK_WIDGET (self);
}

void
ork_log_page_set_session (OrkLogPage *self,
                          OrkSession *session)
{
  g_return_if_fail (ORK_IS_LOG_PAGE (self));
  g_return_if_fail (session == NULL || ORK_IS_SESSION (session));

  if (self->jobs != NULL)
    g_signal_handlers_disconnect_by_data (self->jobs, self);
  g_clear_object (&self->jobs);
  g_set_object (&self->session, session);
  if (session != NULL)
    {
      self->jobs = g_object_ref (ork_workspace_get_jobs (ork_session_get_workspace (session)));
      g_signal_connect_swapped (self->jobs, "items-changed", G_CALLBACK (on_jobs_changed), self);
    }
  update_zone (self);
  on_jobs_changed (self);
}

void
ork_log_page_set_active (OrkLogPage *self,
                         gboolean    active)
{
  g_return_if_fail (ORK_IS_LOG_PAGE (self));

  active = !!active;
  if (self->active == active)
    return;
  self->active = active;
  if (active && self->jobs_dirty)
    rebuild_jobs (self);
  /* A hidden page does not filter every entry the engine logs; shown
   * again, it filters the log once. */
  gtk_filter_list_model_set_model (self->filtered, active ? G_LIST_MODEL (self->log) : NULL);
  update_count (self);
}

void
ork_log_page_focus_search (OrkLogPage *self)
{
  g_return_if_fail (ORK_IS_LOG_PAGE (self));
  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

guint
ork_log_page_get_n_shown (OrkLogPage *self)
{
  g_return_val_if_fail (ORK_IS_LOG_PAGE (self), 0);
  return g_list_model_get_n_items (G_LIST_MODEL (self->filtered));
}

void
ork_log_page_set_job (OrkLogPage *self,
                      const char *job_id)
{
  guint n;

  g_return_if_fail (ORK_IS_LOG_PAGE (self));

  if (self->jobs_dirty)
    rebuild_jobs (self);
  n = g_list_model_get_n_items (G_LIST_MODEL (self->job_ids));
  for (guint i = 1; i < n && i < self->job_keys->len; i++)
    if (g_strcmp0 (self->job_keys->pdata[i], job_id) == 0)
      {
        gtk_drop_down_set_selected (self->job_dropdown, i);
        return;
      }
  gtk_drop_down_set_selected (self->job_dropdown, 0);
}
