/* test-window.c — the main window, driven through its actions
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>
#include <stdio.h>
#ifdef GDK_WINDOWING_X11
#include <gdk/x11/gdkx.h>
#endif

#include "ork-application.h"
#include "ork-export-dialog.h"
#include "ork-job-editor.h"
#include "ork-jobs-page.h"
#include "ork-log-page.h"
#include "ork-window.h"

/* 2026-11-26T00:00:00Z */
#define START_US (G_GINT64_CONSTANT (1795651200) * G_USEC_PER_SEC)

static char *tmp_dir;

/* Whether @name is in PATH (g_find_program_in_path's result freed). */
static gboolean
have_program (const char *name)
{
  g_autofree char *path = g_find_program_in_path (name);

  return path != NULL;
}

static void
iterate (void)
{
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

static char *
samples_path (const char *name)
{
  const char *dir = g_getenv ("ORK_SAMPLES_DIR");

  g_assert_nonnull (dir);
  return g_build_filename (dir, name, NULL);
}

/* Copies @src to a new file in the temporary directory, named @name. */
static char *
copy_to_tmp (const char *src,
             const char *name)
{
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;
  char *dest = g_build_filename (tmp_dir, name, NULL);
  gsize len;

  g_file_get_contents (src, &contents, &len, &error);
  g_assert_no_error (error);
  g_file_set_contents (dest, contents, len, &error);
  g_assert_no_error (error);
  return dest;
}

static char *
copy_sample (const char *name)
{
  g_autofree char *src = samples_path ("demo.json");

  return copy_to_tmp (src, name);
}

static gpointer
template_child (OrkWindow  *window,
                const char *name)
{
  GObject *child = gtk_widget_get_template_child (GTK_WIDGET (window), ORK_TYPE_WINDOW, name);

  g_assert_nonnull (child);
  return child;
}

/* A window over @path in a simulation from START_US, seed 1, paused. */
static OrkWindow *
open_window (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(OrkSession) session = ork_session_new_for_file (path, &error);
  OrkWindow *window;

  g_assert_no_error (error);
  ork_session_start_simulation (session, START_US, 1, NULL);
  window = ork_window_new (NULL);
  ork_window_set_session (window, session);
  gtk_window_present (GTK_WINDOW (window));
  iterate ();
  return window;
}

static void
close_window (OrkWindow *window)
{
  gtk_window_destroy (GTK_WINDOW (window));
  iterate ();
}

static AdwMessageDialog *
find_dialog (const char *css_class)
{
  GListModel *toplevels = gtk_window_get_toplevels ();
  guint n = g_list_model_get_n_items (toplevels);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GtkWidget) window = g_list_model_get_item (toplevels, i);

      if (ADW_IS_MESSAGE_DIALOG (window) && gtk_widget_has_css_class (window, css_class))
        return ADW_MESSAGE_DIALOG (window);
    }
  return NULL;
}

static OrkJobsPage *
jobs_page (OrkWindow *window)
{
  AdwViewStack *stack = template_child (window, "stack");
  GtkWidget *bin = adw_view_stack_get_child_by_name (stack, "jobs");

  g_assert_true (ADW_IS_BIN (bin));
  g_assert_true (ORK_IS_JOBS_PAGE (adw_bin_get_child (ADW_BIN (bin))));
  return ORK_JOBS_PAGE (adw_bin_get_child (ADW_BIN (bin)));
}

/* The open job editors, newest last. */
static GPtrArray *
list_editors (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();
  GPtrArray *editors = g_ptr_array_new ();
  guint n = g_list_model_get_n_items (toplevels);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GtkWidget) window = g_list_model_get_item (toplevels, i);

      if (ORK_IS_JOB_EDITOR (window) && gtk_widget_get_visible (window))
        g_ptr_array_add (editors, window);
    }
  return editors;
}

/* The one open job editor, checked to be over @parent. */
static OrkJobEditor *
the_editor (OrkWindow *parent)
{
  g_autoptr(GPtrArray) editors = list_editors ();
  OrkJobEditor *editor;

  g_assert_cmpuint (editors->len, ==, 1);
  editor = editors->pdata[0];
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (editor)) == GTK_WINDOW (parent));
  g_assert_true (gtk_window_get_modal (GTK_WINDOW (editor)));
  return editor;
}

static void
close_editors (void)
{
  g_autoptr(GPtrArray) editors = list_editors ();

  for (guint i = 0; i < editors->len; i++)
    gtk_window_destroy (editors->pdata[i]);
  iterate ();
}

/* A descendant of @root of @type for which @match is TRUE, shown or not. */
static GtkWidget *
find_widget (GtkWidget  *root,
             GType       type,
             gboolean  (*match) (GtkWidget *, gconstpointer),
             gconstpointer data)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (root, type) && (match == NULL || match (root, data)))
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_widget (child, type, match, data);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static gboolean
label_reads (GtkWidget     *label,
             gconstpointer  text)
{
  return g_strcmp0 (gtk_label_get_text (GTK_LABEL (label)), text) == 0;
}

static gboolean
button_reads (GtkWidget     *button,
              gconstpointer  text)
{
  return g_strcmp0 (gtk_button_get_label (GTK_BUTTON (button)), text) == 0;
}

static gboolean
mapped_button_for (GtkWidget     *button,
                   gconstpointer  action)
{
  return gtk_widget_get_mapped (button) &&
         g_strcmp0 (gtk_actionable_get_action_name (GTK_ACTIONABLE (button)), action) == 0;
}

/* Opening --------------------------------------------------------------------------- */

static void
test_open_sample (void)
{
  g_autofree char *path = copy_sample ("sample.json");
  g_autoptr(GFile) file = g_file_new_for_path (path);
  OrkWindow *window = ork_window_new (NULL);
  AdwViewStack *stack = template_child (window, "stack");
  g_autoptr(GtkSelectionModel) pages = NULL;
  OrkSession *session;

  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (ork_window_open_file (window, file));
  iterate ();

  session = ork_window_get_session (window);
  g_assert_nonnull (session);
  g_assert_cmpstr (ork_session_get_path (session), ==, path);
  g_assert_cmpuint (g_list_model_get_n_items (ork_workspace_get_jobs (ork_session_get_workspace (session))),
                    ==, 13);
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (window)), ==, "sample.json");
  /* Opened without an engine, it gets a running simulation. */
  g_assert_nonnull (ork_session_get_scheduler (session));
  g_assert_cmpint (ork_session_get_mode (session), ==, ORK_MODE_SIMULATION);
  g_assert_true (ork_session_get_running (session));

  pages = adw_view_stack_get_pages (stack);
  /* Jobs first, Log last, the Timeline (and Metrics) between. */
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (pages)), >=, 3);
  {
    guint n = g_list_model_get_n_items (G_LIST_MODEL (pages));
    g_autoptr(AdwViewStackPage) first = g_list_model_get_item (G_LIST_MODEL (pages), 0);
    g_autoptr(AdwViewStackPage) second = g_list_model_get_item (G_LIST_MODEL (pages), 1);
    g_autoptr(AdwViewStackPage) last = g_list_model_get_item (G_LIST_MODEL (pages), n - 1);

    g_assert_cmpstr (adw_view_stack_page_get_name (first), ==, "jobs");
    g_assert_cmpstr (adw_view_stack_page_get_name (second), ==, "timeline");
    g_assert_cmpstr (adw_view_stack_page_get_name (last), ==, "log");
  }

  g_assert_cmpstr (ork_window_get_visible_page (window), ==, "jobs");
  ork_window_show_page (window, "timeline");
  g_assert_cmpstr (ork_window_get_visible_page (window), ==, "timeline");
  ork_window_show_page (window, "log");
  g_assert_cmpstr (ork_window_get_visible_page (window), ==, "log");
  gtk_widget_activate_action (GTK_WIDGET (window), "win.show-page", "s", "jobs");
  g_assert_cmpstr (ork_window_get_visible_page (window), ==, "jobs");

  /* The status line names the workspace, the zone and the mode. */
  g_assert_nonnull (strstr (ork_window_get_status_text (window), "sample.json"));
  g_assert_nonnull (strstr (ork_window_get_status_text (window), "(Europe/Berlin)"));
  g_assert_nonnull (strstr (ork_window_get_status_text (window), "Simulation at 60×"));

  close_window (window);
}

static gboolean
check_page_and_quit (gpointer user_data)
{
  GApplication *app = user_data;
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (app));

  g_assert_true (ORK_IS_WINDOW (window));
  g_object_set_data_full (G_OBJECT (app), "page",
                          g_strdup (ork_window_get_visible_page (ORK_WINDOW (window))), g_free);
  g_object_set_data_full (G_OBJECT (app), "title",
                          g_strdup (gtk_window_get_title (window)), g_free);
  gtk_window_destroy (window);
  g_application_quit (app);
  return G_SOURCE_REMOVE;
}

static void
on_window_added (GtkApplication *app,
                 GtkWindow      *window)
{
  g_idle_add (check_page_and_quit, app);
}

static void
test_page_option (void)
{
  g_autofree char *path = copy_sample ("paged.json");
  g_autoptr(OrkApplication) app = ork_application_new ();
  char *argv[] = { "orkestron", path, "--page", "log", NULL };
  int status;

  /* Tests share no bus name with a running Orkestron. */
  g_application_set_flags (G_APPLICATION (app),
                           g_application_get_flags (G_APPLICATION (app)) | G_APPLICATION_NON_UNIQUE);
  g_signal_connect (app, "window-added", G_CALLBACK (on_window_added), NULL);
  status = g_application_run (G_APPLICATION (app), 4, argv);
  g_assert_cmpint (status, ==, 0);
  g_assert_cmpstr (g_object_get_data (G_OBJECT (app), "page"), ==, "log");
  g_assert_cmpstr (g_object_get_data (G_OBJECT (app), "title"), ==, "paged.json");
}

static GString *map_log;

static void
on_toplevel_map (GtkWidget *widget)
{
  if (ORK_IS_WINDOW (widget))
    g_string_append (map_log, "window ");
  else if (ADW_IS_MESSAGE_DIALOG (widget))
    g_string_append (map_log, "dialog ");
}

static void
on_toplevels_changed (GListModel *toplevels,
                      guint       position,
                      guint       removed,
                      guint       added)
{
  for (guint i = position; i < position + added; i++)
    {
      g_autoptr(GtkWidget) window = g_list_model_get_item (toplevels, i);

      if (!g_object_get_data (G_OBJECT (window), "ork-test-map"))
        {
          g_object_set_data (G_OBJECT (window), "ork-test-map", GINT_TO_POINTER (1));
          g_signal_connect (window, "map", G_CALLBACK (on_toplevel_map), NULL);
        }
    }
}

static gboolean
check_invalid_and_quit (gpointer user_data)
{
  GApplication *app = user_data;
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (app));
  AdwMessageDialog *dialog = find_dialog ("ork-load-error");

  g_assert_true (ORK_IS_WINDOW (window));
  g_object_set_data_full (G_OBJECT (app), "title", g_strdup (gtk_window_get_title (window)), g_free);
  g_object_set_data_full (G_OBJECT (app), "path",
                          g_strdup (ork_session_get_path (ork_window_get_session (ORK_WINDOW (window)))),
                          g_free);
  g_assert_nonnull (dialog);
  g_object_set_data_full (G_OBJECT (app), "heading",
                          g_strdup (adw_message_dialog_get_heading (dialog)), g_free);
  g_object_set_data (G_OBJECT (app), "transient-for-window",
                     GINT_TO_POINTER (gtk_window_get_transient_for (GTK_WINDOW (dialog)) == window));
  g_object_set_data (G_OBJECT (app), "both-visible",
                     GINT_TO_POINTER (gtk_widget_get_mapped (GTK_WIDGET (window)) &&
                                      gtk_widget_get_mapped (GTK_WIDGET (dialog))));
  gtk_window_destroy (GTK_WINDOW (dialog));
  gtk_window_destroy (window);
  g_application_quit (app);
  return G_SOURCE_REMOVE;
}

static void
on_window_added_invalid (GtkApplication *app,
                         GtkWindow      *window)
{
  g_idle_add (check_invalid_and_quit, app);
}

/* orkestron BROKEN.json: the window comes up on the last good workspace,
 * then the errors over it. */
static void
test_open_invalid_from_command_line (void)
{
  g_autofree char *good = copy_sample ("last-good.json");
  g_autofree char *fixture = g_build_filename (g_getenv ("G_TEST_SRCDIR"), "..", "cli",
                                               "invalid.json", NULL);
  g_autofree char *bad = copy_to_tmp (fixture, "broken.json");
  g_autoptr(OrkApplication) app = ork_application_new ();
  char *argv[] = { "orkestron", bad, NULL };
  GListModel *toplevels = gtk_window_get_toplevels ();
  int status;

  ork_application_remember_workspace (good);
  map_log = g_string_new (NULL);
  g_signal_connect (toplevels, "items-changed", G_CALLBACK (on_toplevels_changed), NULL);
  g_application_set_flags (G_APPLICATION (app),
                           g_application_get_flags (G_APPLICATION (app)) | G_APPLICATION_NON_UNIQUE);
  g_signal_connect (app, "window-added", G_CALLBACK (on_window_added_invalid), NULL);
  status = g_application_run (G_APPLICATION (app), 2, argv);
  g_signal_handlers_disconnect_by_func (toplevels, on_toplevels_changed, NULL);
  iterate ();

  g_assert_cmpint (status, ==, 0);
  g_assert_cmpstr (g_object_get_data (G_OBJECT (app), "title"), ==, "last-good.json");
  g_assert_cmpstr (g_object_get_data (G_OBJECT (app), "path"), ==, good);
  g_assert_nonnull (strstr (g_object_get_data (G_OBJECT (app), "heading"), "broken.json"));
  g_assert_true (g_object_get_data (G_OBJECT (app), "transient-for-window"));
  g_assert_true (g_object_get_data (G_OBJECT (app), "both-visible"));
  /* The window was shown before the dialog. */
  g_assert_cmpstr (map_log->str, ==, "window dialog ");
  g_string_free (map_log, TRUE);
  map_log = NULL;
  /* The broken file is not remembered as the last workspace. */
  {
    g_autofree char *last = g_settings_get_string (ork_application_get_settings (),
                                                   "last-workspace");

    g_assert_cmpstr (last, ==, good);
  }
}

static void
test_first_launch (void)
{
  g_autofree char *dir = ork_data_dir ();
  g_autofree char *copy = g_build_filename (dir, "workspace.json", NULL);
  g_autofree char *sample = samples_path ("demo.json");
  g_autofree char *expected = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *path = NULL;
  g_autofree char *other = copy_sample ("remembered.json");
  g_autoptr(GError) error = NULL;

  g_unlink (copy);
  g_settings_reset (ork_application_get_settings (), "last-workspace");
  path = ork_application_default_workspace (&error);
  g_assert_no_error (error);
  g_assert_cmpstr (path, ==, copy);
  g_file_get_contents (sample, &expected, NULL, &error);
  g_assert_no_error (error);
  g_file_get_contents (copy, &contents, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (contents, ==, expected);

  /* Later launches open the workspace used last. */
  ork_application_remember_workspace (other);
  g_clear_pointer (&path, g_free);
  path = ork_application_default_workspace (&error);
  g_assert_no_error (error);
  g_assert_cmpstr (path, ==, other);
  /* ... unless it is gone. */
  g_unlink (other);
  g_clear_pointer (&path, g_free);
  path = ork_application_default_workspace (&error);
  g_assert_cmpstr (path, ==, copy);
}

static void
test_open_invalid (void)
{
  g_autofree char *good = copy_sample ("good.json");
  g_autofree char *fixture = g_build_filename (g_getenv ("G_TEST_SRCDIR"), "..", "cli",
                                               "invalid.json", NULL);
  g_autofree char *bad = copy_to_tmp (fixture, "bad.json");
  g_autoptr(GFile) file = g_file_new_for_path (bad);
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  gsize before_len, after_len;
  OrkWindow *window = open_window (good);
  OrkSession *session = ork_window_get_session (window);
  AdwMessageDialog *dialog;
  GtkWidget *extra;
  GtkTextBuffer *buffer;
  GtkTextIter start, end;
  g_autofree char *text = NULL;

  g_assert_true (g_file_get_contents (bad, &before, &before_len, NULL));
  g_assert_false (ork_window_open_file (window, file));
  iterate ();

  dialog = find_dialog ("ork-load-error");
  g_assert_nonnull (dialog);
  g_assert_nonnull (strstr (adw_message_dialog_get_heading (dialog), "bad.json"));
  extra = adw_message_dialog_get_extra_child (dialog);
  g_assert_true (GTK_IS_SCROLLED_WINDOW (extra));
  buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (gtk_scrolled_window_get_child (GTK_SCROLLED_WINDOW (extra))));
  gtk_text_buffer_get_bounds (buffer, &start, &end);
  text = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
  /* FILE:LINE:COL: error: PATH: message */
  g_assert_true (g_regex_match_simple ("bad\\.json:8:\\d+: error: jobs\\[0\\]\\.retry\\.max_delay: ",
                                       text, 0, 0));

  /* The window keeps its workspace; the file is untouched. */
  g_assert_true (ork_window_get_session (window) == session);
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (window)), ==, "good.json");
  adw_message_dialog_response (dialog, "close");
  iterate ();
  g_assert_true (g_file_get_contents (bad, &after, &after_len, NULL));
  g_assert_cmpmem (before, before_len, after, after_len);

  close_window (window);
}

/* Job editor and export ------------------------------------------------------------ */

static void
test_edit_job (void)
{
  g_autofree char *path = copy_sample ("edit.json");
  OrkWindow *window = open_window (path);
  OrkSession *session = ork_window_get_session (window);
  OrkJobsPage *page = jobs_page (window);
  OrkJob *job = ork_workspace_find_job (ork_session_get_workspace (session), "sync_contacts");
  OrkJobEditor *editor;
  OrkJob *edited = NULL;
  gboolean duplicate = TRUE;

  g_assert_nonnull (job);
  g_assert_true (ork_jobs_page_select_job (page, "sync_contacts"));
  ork_jobs_page_flush (page);

  /* Edit (the button, the menu and Ctrl+E all activate jobs.edit). */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "jobs.edit", NULL));
  iterate ();
  editor = the_editor (window);
  g_object_get (editor, "job", &edited, "duplicate", &duplicate, NULL);
  g_assert_true (edited == job);
  g_assert_false (duplicate);
  g_clear_object (&edited);
  close_editors ();

  /* Duplicate: the same job, as a copy. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "jobs.duplicate", NULL));
  iterate ();
  editor = the_editor (window);
  g_object_get (editor, "job", &edited, "duplicate", &duplicate, NULL);
  g_assert_true (edited == job);
  g_assert_true (duplicate);
  g_clear_object (&edited);
  close_editors ();

  /* New: no job. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "jobs.new", NULL));
  iterate ();
  editor = the_editor (window);
  g_object_get (editor, "job", &edited, "duplicate", &duplicate, NULL);
  g_assert_null (edited);
  g_assert_false (duplicate);
  close_editors ();

  close_window (window);
}

static void
test_new_job_is_selected (void)
{
  g_autofree char *path = copy_sample ("new-job.json");
  OrkWindow *window = open_window (path);
  OrkWorkspace *workspace = ork_session_get_workspace (ork_window_get_session (window));
  OrkJobsPage *page = jobs_page (window);
  guint before = g_list_model_get_n_items (ork_workspace_get_jobs (workspace));
  GtkSelectionModel *selection = ork_jobs_page_get_selection (page);
  g_autoptr(GtkBitset) selected = NULL;
  g_autoptr(OrkJob) shown = NULL;
  g_autoptr(OrkJob) added = NULL;
  OrkJobEditor *editor;

  gtk_widget_activate_action (GTK_WIDGET (window), "win.new-job", NULL);
  iterate ();
  editor = the_editor (window);
  g_assert_true (ork_job_editor_get_valid (editor));
  g_assert_true (ork_job_editor_save (editor));
  iterate ();
  close_editors ();

  g_assert_cmpuint (g_list_model_get_n_items (ork_workspace_get_jobs (workspace)), ==, before + 1);
  added = g_list_model_get_item (ork_workspace_get_jobs (workspace), before);
  selected = gtk_selection_model_get_selection (selection);
  g_assert_cmpuint (gtk_bitset_get_size (selected), ==, 1);
  shown = g_list_model_get_item (G_LIST_MODEL (selection), gtk_bitset_get_nth (selected, 0));
  g_assert_cmpstr (ork_job_get_id (shown), ==, ork_job_get_id (added));

  close_window (window);
}

static void
test_add_job_from_empty_state (void)
{
  g_autofree char *path = g_build_filename (tmp_dir, "empty.json", NULL);
  g_autoptr(GError) error = NULL;
  OrkWindow *window;
  OrkJobsPage *page;
  GtkWidget *button;
  OrkJobEditor *editor;
  OrkJob *edited = NULL;

  g_file_set_contents (path, "{\"version\": 1, \"jobs\": []}", -1, &error);
  g_assert_no_error (error);
  window = open_window (path);
  page = jobs_page (window);
  g_assert_cmpstr (ork_jobs_page_get_view_name (page), ==, "empty");

  button = find_widget (GTK_WIDGET (page), GTK_TYPE_BUTTON, mapped_button_for, "win.new-job");
  g_assert_nonnull (button);
  g_assert_nonnull (gtk_widget_get_ancestor (button, ADW_TYPE_STATUS_PAGE));
  g_assert_true (gtk_widget_is_sensitive (button));
  g_signal_emit_by_name (button, "clicked");
  iterate ();
  editor = the_editor (window);
  g_object_get (editor, "job", &edited, NULL);
  g_assert_null (edited);
  close_editors ();

  close_window (window);
}

static void
test_export_toast (void)
{
  g_autofree char *path = copy_sample ("export.json");
  g_autofree char *out = g_build_filename (tmp_dir, "runs.csv", NULL);
  OrkWindow *window = open_window (path);
  GListModel *toplevels = gtk_window_get_toplevels ();
  GtkWidget *dialog = NULL;
  GtkWidget *label;

  gtk_widget_activate_action (GTK_WIDGET (window), "win.export-history", NULL);
  iterate ();
  for (guint i = 0; i < g_list_model_get_n_items (toplevels) && dialog == NULL; i++)
    {
      g_autoptr(GtkWidget) toplevel = g_list_model_get_item (toplevels, i);

      if (ORK_IS_EXPORT_DIALOG (toplevel))
        dialog = toplevel;
    }
  g_assert_nonnull (dialog);
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (dialog)) == GTK_WINDOW (window));

  /* What the dialog announces when the file is complete. */
  g_signal_emit_by_name (dialog, "exported", out, (guint64) 3);
  gtk_window_destroy (GTK_WINDOW (dialog));
  iterate ();
  label = find_widget (GTK_WIDGET (template_child (window, "toast_overlay")), GTK_TYPE_LABEL,
                       label_reads, "Exported 3 records");
  g_assert_nonnull (label);
  g_assert_nonnull (find_widget (GTK_WIDGET (template_child (window, "toast_overlay")),
                                 GTK_TYPE_BUTTON, button_reads, "_Open Folder"));

  close_window (window);
}

/* Shortcuts ------------------------------------------------------------------------ */

static GtkShortcutController *
global_shortcuts (OrkWindow *window)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (GTK_WIDGET (window));

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GtkEventController) controller = g_list_model_get_item (controllers, i);

      if (GTK_IS_SHORTCUT_CONTROLLER (controller) &&
          g_strcmp0 (gtk_event_controller_get_name (controller), "ork-global-shortcuts") == 0)
        return GTK_SHORTCUT_CONTROLLER (controller);
    }
  return NULL;
}

/* The action @controller binds to @keyval with @modifiers, or NULL. */
static const char *
bound_action (GtkShortcutController *controller,
              guint                  keyval,
              GdkModifierType        modifiers)
{
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (controller)); i++)
    {
      g_autoptr(GtkShortcut) shortcut = g_list_model_get_item (G_LIST_MODEL (controller), i);
      GtkShortcutTrigger *trigger = gtk_shortcut_get_trigger (shortcut);
      GtkShortcutAction *action = gtk_shortcut_get_action (shortcut);

      if (GTK_IS_KEYVAL_TRIGGER (trigger) &&
          gtk_keyval_trigger_get_keyval (GTK_KEYVAL_TRIGGER (trigger)) == keyval &&
          gtk_keyval_trigger_get_modifiers (GTK_KEYVAL_TRIGGER (trigger)) == modifiers &&
          GTK_IS_NAMED_ACTION (action))
        return gtk_named_action_get_action_name (GTK_NAMED_ACTION (action));
    }
  return NULL;
}

static void
test_global_shortcuts (void)
{
  g_autofree char *path = copy_sample ("shortcuts.json");
  OrkWindow *window = open_window (path);
  OrkSession *session = ork_window_get_session (window);
  OrkJobsPage *page = jobs_page (window);
  GtkShortcutController *controller = global_shortcuts (window);
  GtkWidget *focus;

  /* Caught before any focused widget sees the key. */
  g_assert_nonnull (controller);
  g_assert_cmpint (gtk_event_controller_get_propagation_phase (GTK_EVENT_CONTROLLER (controller)),
                   ==, GTK_PHASE_CAPTURE);
  g_assert_cmpstr (bound_action (controller, GDK_KEY_space, GDK_CONTROL_MASK), ==, "win.running");
  g_assert_cmpstr (bound_action (controller, GDK_KEY_period, GDK_CONTROL_MASK), ==, "win.step");
  g_assert_cmpstr (bound_action (controller, GDK_KEY_g, GDK_CONTROL_MASK), ==,
                   "win.show-fast-forward");
  /* Space alone is the Jobs page's. */
  g_assert_null (bound_action (controller, GDK_KEY_space, 0));

  /* A real key press while a row of the list has the focus. */
  g_assert_true (ork_jobs_page_select_job (page, "sync_contacts"));
  gtk_widget_grab_focus (GTK_WIDGET (ork_jobs_page_get_column_view (page)));
  iterate ();
  /* As a click leaves it: on a row of the list, not on the list. */
  focus = gtk_root_get_focus (GTK_ROOT (window));
  g_assert_nonnull (focus);
  for (GtkWidget *child = gtk_widget_get_first_child (focus); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (strstr (G_OBJECT_TYPE_NAME (child), "ListItem") != NULL && gtk_widget_grab_focus (child))
      break;
  iterate ();
  focus = gtk_root_get_focus (GTK_ROOT (window));
  g_assert_nonnull (focus);
  g_assert_true (gtk_widget_is_ancestor (focus, GTK_WIDGET (ork_jobs_page_get_column_view (page))));
  g_assert_cmpstr (G_OBJECT_TYPE_NAME (gtk_widget_get_parent (focus)), ==, "GtkColumnListView");
#ifdef GDK_WINDOWING_X11
  if (GDK_IS_X11_DISPLAY (gtk_widget_get_display (GTK_WIDGET (window))) &&
      have_program ("xdotool"))
    {
      GdkSurface *surface = gtk_native_get_surface (GTK_NATIVE (window));
      g_autofree char *xid = g_strdup_printf ("%lu", (gulong) gdk_x11_surface_get_xid (surface));
      const char *argv[] = { "xdotool", "windowfocus", "--sync", xid, "key", "--clearmodifiers",
                             "ctrl+space", NULL };
      gboolean running = ork_session_get_running (session);
      g_autoptr(GError) error = NULL;
      gint64 deadline;
      int status = -1;

      g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL,
                    &status, &error);
      g_assert_no_error (error);
      g_assert_cmpint (status, ==, 0);
      deadline = g_get_monotonic_time () + 3 * G_USEC_PER_SEC;
      while (ork_session_get_running (session) == running && g_get_monotonic_time () < deadline)
        g_main_context_iteration (NULL, FALSE);
      g_assert_cmpint (ork_session_get_running (session), !=, running);
      /* ... and the row did not take it: the selection is as it was. */
      g_autoptr(GtkBitset) selected = gtk_selection_model_get_selection (ork_jobs_page_get_selection (page));

      g_assert_cmpuint (gtk_bitset_get_size (selected), ==, 1);
    }
  else
#endif
    g_test_message ("no X11 display or no xdotool: key press not sent");

  close_window (window);
}

/* Delete and undo ------------------------------------------------------------------ */

/* The ids of the workspace's jobs, in order, joined by spaces. */
static char *
job_order (OrkWindow *window)
{
  GListModel *jobs = ork_workspace_get_jobs (ork_session_get_workspace (ork_window_get_session (window)));
  GString *order = g_string_new (NULL);

  for (guint i = 0; i < g_list_model_get_n_items (jobs); i++)
    {
      g_autoptr(OrkJob) job = g_list_model_get_item (jobs, i);

      g_string_append_printf (order, i > 0 ? " %s" : "%s", ork_job_get_id (job));
    }
  return g_string_free (order, FALSE);
}

static void
delete_job (OrkWindow  *window,
            const char *job_id)
{
  OrkJobsPage *page = jobs_page (window);

  g_assert_true (ork_jobs_page_select_job (page, job_id));
  ork_jobs_page_flush (page);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "jobs.delete", NULL));
  iterate ();
  g_assert_null (ork_workspace_find_job (ork_session_get_workspace (ork_window_get_session (window)),
                                         job_id));
}

/* The toast on screen that reads @title. */
static GtkWidget *
find_toast (OrkWindow  *window,
            const char *title)
{
  GtkWidget *label = find_widget (GTK_WIDGET (template_child (window, "toast_overlay")),
                                  GTK_TYPE_LABEL, label_reads, title);

  while (label != NULL && !g_str_equal (G_OBJECT_TYPE_NAME (label), "AdwToastWidget"))
    label = gtk_widget_get_parent (label);
  return label;
}

static void
test_delete_accumulates (void)
{
  g_autofree char *path = copy_sample ("delete.json");
  OrkWindow *window = open_window (path);
  OrkJobsPage *page = jobs_page (window);
  g_autofree char *before = job_order (window);
  g_autofree char *after = NULL;
  GtkWidget *toast;
  GtkWidget *undo;

  /* One after the other, from different places in the list. */
  delete_job (window, "purge_tmp");
  g_assert_nonnull (find_toast (window, "“Purge temporary files” deleted"));
  delete_job (window, "sync_contacts");
  delete_job (window, "rotate_logs");
  g_assert_cmpstr (ork_jobs_page_get_count_text (page), ==, "10 of 10 jobs");

  /* One toast counts them all, and its Undo brings them all back. */
  toast = find_toast (window, "3 jobs deleted");
  g_assert_nonnull (toast);
  undo = find_widget (toast, GTK_TYPE_BUTTON, button_reads, "_Undo");
  g_assert_nonnull (undo);
  g_signal_emit_by_name (undo, "clicked");
  iterate ();
  after = job_order (window);
  g_assert_cmpstr (after, ==, before);
  ork_jobs_page_flush (page);
  g_assert_cmpstr (ork_jobs_page_get_count_text (page), ==, "13 of 13 jobs");

  close_window (window);
}

static void
test_delete_ctrl_z (void)
{
  g_autofree char *path = copy_sample ("undo.json");
  OrkWindow *window = open_window (path);
  OrkJobsPage *page = jobs_page (window);
  g_autofree char *before = job_order (window);
  g_autofree char *after = NULL;

  /* Nothing to undo yet. */
  gtk_widget_activate_action (GTK_WIDGET (page), "jobs.undo-delete", NULL);
  after = job_order (window);
  g_assert_cmpstr (after, ==, before);
  g_clear_pointer (&after, g_free);

  delete_job (window, "sync_contacts");
  delete_job (window, "nightly_backup");

#ifdef GDK_WINDOWING_X11
  if (GDK_IS_X11_DISPLAY (gtk_widget_get_display (GTK_WIDGET (window))) &&
      have_program ("xdotool"))
    {
      GdkSurface *surface = gtk_native_get_surface (GTK_NATIVE (window));
      g_autofree char *xid = g_strdup_printf ("%lu", (gulong) gdk_x11_surface_get_xid (surface));
      const char *argv[] = { "xdotool", "windowfocus", "--sync", xid, "key", "--clearmodifiers",
                             "ctrl+z", NULL };
      g_autoptr(GError) error = NULL;
      gint64 deadline;
      int status = -1;

      /* Ctrl+Z with a row of the list focused, as after a click and Delete. */
      g_assert_true (ork_jobs_page_select_job (page, "purge_tmp"));
      gtk_widget_grab_focus (GTK_WIDGET (ork_jobs_page_get_column_view (page)));
      iterate ();
      g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL,
                    &status, &error);
      g_assert_no_error (error);
      g_assert_cmpint (status, ==, 0);
      deadline = g_get_monotonic_time () + 3 * G_USEC_PER_SEC;
      while (g_get_monotonic_time () < deadline &&
             ork_workspace_find_job (ork_session_get_workspace (ork_window_get_session (window)),
                                     "sync_contacts") == NULL)
        g_main_context_iteration (NULL, FALSE);
    }
  else
#endif
    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "jobs.undo-delete", NULL));
  iterate ();

  /* Both deletions come back, each at its place. */
  after = job_order (window);
  g_assert_cmpstr (after, ==, before);
  g_clear_pointer (&after, g_free);
  /* ... once: a second Ctrl+Z has nothing left to do. */
  gtk_widget_activate_action (GTK_WIDGET (page), "jobs.undo-delete", NULL);
  iterate ();
  after = job_order (window);
  g_assert_cmpstr (after, ==, before);

  close_window (window);
}

/* Ctrl+Shift+X with a row of the list focused cancels its run. */
static void
test_cancel_shortcut (void)
{
  g_autofree char *path = copy_sample ("cancel-key.json");
  OrkWindow *window = open_window (path);
  OrkSession *session = ork_window_get_session (window);
  OrkJobsPage *page = jobs_page (window);
  g_autoptr(OrkRun) run = NULL;
  g_autoptr(GError) error = NULL;
#ifdef GDK_WINDOWING_X11
  GdkSurface *surface;
  g_autofree char *xid = NULL;
  gint64 deadline;
  int status = -1;
#endif

#ifdef GDK_WINDOWING_X11
  if (!GDK_IS_X11_DISPLAY (gtk_widget_get_display (GTK_WIDGET (window))) ||
      !have_program ("xdotool"))
#endif
    {
      g_test_skip ("no X11 display or no xdotool: no key press to send");
      close_window (window);
      return;
    }
#ifdef GDK_WINDOWING_X11
  run = ork_scheduler_run_now (ork_session_get_scheduler (session), "sync_contacts", &error);
  g_assert_no_error (error);
  g_assert_true (ork_jobs_page_select_job (page, "sync_contacts"));
  ork_jobs_page_flush (page);
  gtk_widget_grab_focus (GTK_WIDGET (ork_jobs_page_get_column_view (page)));
  iterate ();

  surface = gtk_native_get_surface (GTK_NATIVE (window));
  xid = g_strdup_printf ("%lu", (gulong) gdk_x11_surface_get_xid (surface));
  {
    const char *argv[] = { "xdotool", "windowfocus", "--sync", xid, "key", "--clearmodifiers",
                           "ctrl+shift+x", NULL };

    g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL,
                  &status, &error);
  }
  g_assert_no_error (error);
  g_assert_cmpint (status, ==, 0);
  deadline = g_get_monotonic_time () + 3 * G_USEC_PER_SEC;
  while (g_get_monotonic_time () < deadline && ork_run_get_state (run) != ORK_RUN_CANCELLED)
    g_main_context_iteration (NULL, FALSE);
  g_assert_cmpint (ork_run_get_state (run), ==, ORK_RUN_CANCELLED);

  close_window (window);
#endif
}

/* Keyboard shortcuts window ------------------------------------------------------------ */

static void
collect_accelerators (GtkWidget  *widget,
                      GPtrArray  *accels)
{
  if (GTK_IS_SHORTCUTS_SHORTCUT (widget))
    {
      g_autofree char *accel = NULL;
      g_autofree char *title = NULL;

      g_object_get (widget, "accelerator", &accel, "title", &title, NULL);
      /* An empty row is what makes a label measure itself negative. */
      g_assert_nonnull (title);
      g_assert_cmpstr (title, !=, "");
      g_assert_nonnull (accel);
      g_assert_cmpstr (accel, !=, "");
      g_ptr_array_add (accels, g_steal_pointer (&accel));
    }
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_accelerators (child, accels);
}

static gboolean
lists_accelerator (GPtrArray  *accels,
                   const char *wanted)
{
  guint key, wanted_key;
  GdkModifierType mods, wanted_mods;

  g_assert_true (gtk_accelerator_parse (wanted, &wanted_key, &wanted_mods));
  for (guint i = 0; i < accels->len; i++)
    if (gtk_accelerator_parse (accels->pdata[i], &key, &mods) && key == wanted_key &&
        mods == wanted_mods)
      return TRUE;
  return FALSE;
}

static void
test_shortcuts_window (void)
{
  g_autoptr(GtkBuilder) builder =
    gtk_builder_new_from_resource ("/io/github/orkestron/Orkestron/gtk/help-overlay.ui");
  GtkWindow *overlay = GTK_WINDOW (gtk_builder_get_object (builder, "help_overlay"));
  g_autoptr(GPtrArray) accels = g_ptr_array_new_with_free_func (g_free);
  const char *wanted[] = {
    /* The Jobs page */
    "<Control>n", "<Control>r", "<Control>e", "<Control>d", "space", "<Control><Shift>r",
    "<Control><Shift>x", "Delete", "<Control>z", "<Shift>F10", "<Control>f",
    /* The engine */
    "<Control>space", "<Control>period", "<Control>g", "<Control>plus", "<Control>minus",
    "<Control>m", "<Control>i",
    /* Everywhere */
    "<Control><Shift>n", "<Control>o", "<Control><Shift>s", "<Control><Shift>e",
    "<Control>comma", "<Control>question", "<Control>q", "<Alt>1", "<Alt>2", "<Alt>3", "<Alt>4",
    /* The timeline */
    "plus", "minus", "Left", "Right", "Home", "z", "Escape",
  };

  g_assert_true (GTK_IS_SHORTCUTS_WINDOW (overlay));
  /* Shown and laid out: GTK's warnings (a label measured below zero) fail
   * the test. (GTK 4.8 warns so when the section spills onto a second page:
   * the section's max-height keeps it on one.) */
  gtk_window_present (overlay);
  for (int i = 0; i < 20; i++)
    {
      iterate ();
      g_usleep (5000);
    }
  collect_accelerators (GTK_WIDGET (overlay), accels);
  for (guint i = 0; i < G_N_ELEMENTS (wanted); i++)
    if (!lists_accelerator (accels, wanted[i]))
      g_error ("The shortcuts window does not list %s", wanted[i]);
  gtk_window_destroy (overlay);
  iterate ();
}

/* Engine controls ------------------------------------------------------------------- */

static void
test_step (void)
{
  g_autofree char *path = copy_sample ("step.json");
  OrkWindow *window = open_window (path);
  OrkSession *session = ork_window_get_session (window);
  OrkClock *clock = ork_session_get_clock (session);
  g_autofree char *before = g_strdup (ork_window_get_status_text (window));
  GTimeZone *zone = ork_workspace_get_time_zone (ork_session_get_workspace (session));
  g_autoptr(GDateTime) utc = NULL;
  g_autoptr(GDateTime) local = NULL;
  g_autofree char *expected = NULL;

  g_assert_false (ork_session_get_running (session));
  g_assert_nonnull (strstr (before, "Thu 2026-11-26 01:00:00 CET (Europe/Berlin)"));
  g_assert_nonnull (strstr (before, "Simulation, paused"));

  for (int i = 0; i < 3; i++)
    gtk_widget_activate_action (GTK_WIDGET (window), "win.step", NULL);
  g_assert_cmpint (ork_clock_now (clock), >, START_US);

  utc = g_date_time_new_from_unix_utc (ork_clock_now (clock) / G_USEC_PER_SEC);
  local = g_date_time_to_timezone (utc, zone);
  expected = g_date_time_format (local, "%a %Y-%m-%d %H:%M:%S %Z (Europe/Berlin)");
  g_assert_nonnull (strstr (ork_window_get_status_text (window), expected));
  g_assert_cmpstr (ork_window_get_status_text (window), !=, before);

  /* Run / pause is the session's "running". */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.running", NULL);
  g_assert_true (ork_session_get_running (session));
  gtk_widget_activate_action (GTK_WIDGET (window), "win.running", NULL);
  g_assert_false (ork_session_get_running (session));

  close_window (window);
}

static void
test_fast_forward (void)
{
  g_autofree char *path = copy_sample ("forward.json");
  OrkWindow *window = open_window (path);
  OrkSession *session = ork_window_get_session (window);
  GtkRevealer *revealer = template_child (window, "progress_revealer");
  GtkProgressBar *bar = template_child (window, "progress_bar");
  gint64 target = START_US + G_GINT64_CONSTANT (6) * 3600 * G_USEC_PER_SEC;
  gboolean revealed = FALSE;
  double max_fraction = 0;

  /* Without an offset: the workspace's zone (CET). */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.fast-forward-to", "s",
                              "2026-11-26T07:00:00");
  g_assert_false (gtk_widget_is_sensitive (GTK_WIDGET (template_child (window, "step_button"))));
  while (ork_session_get_fast_forward_progress (session) >= 0)
    {
      g_main_context_iteration (NULL, TRUE);
      revealed |= gtk_revealer_get_reveal_child (revealer);
      max_fraction = MAX (max_fraction, gtk_progress_bar_get_fraction (bar));
    }
  iterate ();

  g_assert_cmpint (ork_clock_now (ork_session_get_clock (session)), ==, target);
  g_assert_true (revealed);
  g_assert_cmpfloat (max_fraction, >, 0.0);
  g_assert_false (gtk_revealer_get_reveal_child (revealer));
  g_assert_nonnull (strstr (ork_window_get_status_text (window), "Thu 2026-11-26 07:00:00 CET"));
  g_assert_true (gtk_widget_is_sensitive (GTK_WIDGET (template_child (window, "step_button"))));

  close_window (window);
}

/* Fast-forwards to @text and waits; FALSE when it did not start. */
static gboolean
fast_forward_and_wait (OrkWindow  *window,
                       const char *text)
{
  OrkSession *session = ork_window_get_session (window);

  gtk_widget_activate_action (GTK_WIDGET (window), "win.fast-forward-to", "s", text);
  if (ork_session_get_fast_forward_progress (session) < 0)
    return FALSE;
  while (ork_session_get_fast_forward_progress (session) >= 0)
    g_main_context_iteration (NULL, TRUE);
  iterate ();
  return TRUE;
}

static void
test_fast_forward_formats (void)
{
  g_autofree char *path = g_build_filename (tmp_dir, "forward-formats.json", NULL);
  g_autoptr(GError) error = NULL;
  OrkWindow *window;
  OrkSession *session;
  OrkClock *clock;
  GtkEditable *entry;
  gint64 hour = G_GINT64_CONSTANT (3600) * G_USEC_PER_SEC;
  g_autofree char *prefilled = NULL;
  gint64 before;

  /* No jobs: the days go by in no time. */
  g_file_set_contents (path, "{\"version\": 1, \"settings\": {\"timezone\": \"Europe/Berlin\"}, "
                       "\"jobs\": []}", -1, &error);
  g_assert_no_error (error);
  window = open_window (path);
  session = ork_window_get_session (window);
  clock = ork_session_get_clock (session);
  entry = template_child (window, "fast_forward_entry");

  /* In the workspace's zone (CET, UTC+1): without seconds, with a T ... */
  g_assert_true (fast_forward_and_wait (window, "2026-11-26T03:00"));
  g_assert_cmpint (ork_clock_now (clock), ==, START_US + 2 * hour);
  /* ... or a space, with or without seconds ... */
  g_assert_true (fast_forward_and_wait (window, "2026-11-26 05:30"));
  g_assert_cmpint (ork_clock_now (clock), ==, START_US + 4 * hour + hour / 2);
  g_assert_true (fast_forward_and_wait (window, " 2026-11-26 06:00:30 "));
  g_assert_cmpint (ork_clock_now (clock), ==, START_US + 5 * hour + 30 * G_USEC_PER_SEC);
  /* ... and an offset wins over the zone. */
  g_assert_true (fast_forward_and_wait (window, "2026-11-26 07:00Z"));
  g_assert_cmpint (ork_clock_now (clock), ==, START_US + 7 * hour);
  g_assert_true (fast_forward_and_wait (window, "2026-11-26T09:00:00+01:00"));
  g_assert_cmpint (ork_clock_now (clock), ==, START_US + 8 * hour);

  /* Not a time: nothing moves, and the toast's example is one that works. */
  before = ork_clock_now (clock);
  g_assert_false (fast_forward_and_wait (window, "tomorrow"));
  g_assert_false (fast_forward_and_wait (window, "2026-11-26 9:00"));
  g_assert_cmpint (ork_clock_now (clock), ==, before);
  g_assert_nonnull (find_widget (GTK_WIDGET (template_child (window, "toast_overlay")),
                                 GTK_TYPE_LABEL, label_reads,
                                 "Not a date and time like 2026-11-27 09:00"));
  g_assert_true (fast_forward_and_wait (window, "2026-11-27 09:00"));
  g_assert_cmpint (ork_clock_now (clock), ==, START_US + 32 * hour);

  /* Ctrl+G fills in a day later, in a form that fast-forwards as it is. */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.show-fast-forward", NULL);
  iterate ();
  prefilled = g_strdup (gtk_editable_get_text (entry));
  g_assert_cmpstr (prefilled, ==, "2026-11-28 09:00");
  g_signal_emit_by_name (entry, "activate");
  g_assert_cmpfloat (ork_session_get_fast_forward_progress (session), >=, 0);
  while (ork_session_get_fast_forward_progress (session) >= 0)
    g_main_context_iteration (NULL, TRUE);
  iterate ();
  g_assert_cmpint (ork_clock_now (clock), ==, START_US + 56 * hour);

  close_window (window);
}

static void
test_fast_forward_cancel (void)
{
  g_autofree char *path = copy_sample ("cancel.json");
  OrkWindow *window = open_window (path);
  OrkSession *session = ork_window_get_session (window);
  gint64 target = START_US + G_GINT64_CONSTANT (365) * 86400 * G_USEC_PER_SEC;
  gint64 now;

  gtk_widget_activate_action (GTK_WIDGET (window), "win.fast-forward-to", "s",
                              "2027-11-26T00:00:00Z");
  while (ork_session_get_fast_forward_progress (session) <= 0)
    g_main_context_iteration (NULL, TRUE);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.cancel-fast-forward", NULL);
  while (ork_session_get_fast_forward_progress (session) >= 0)
    g_main_context_iteration (NULL, TRUE);
  iterate ();
  now = ork_clock_now (ork_session_get_clock (session));
  g_assert_cmpint (now, >, START_US);
  g_assert_cmpint (now, <, target);
  g_assert_false (gtk_revealer_get_reveal_child (template_child (window, "progress_revealer")));

  close_window (window);
}

static void
test_failure_control (void)
{
  g_autofree char *path = copy_sample ("failure.json");
  OrkWindow *window = open_window (path);
  OrkSession *session = ork_window_get_session (window);
  GtkAdjustment *adjustment = template_child (window, "failure_adjustment");

  g_assert_cmpfloat (ork_scheduler_get_failure_multiplier (ork_session_get_scheduler (session)),
                     ==, 1.0);
  g_assert_false (gtk_widget_has_css_class (template_child (window, "failure_button"),
                                             "ork-failure-active"));
  gtk_adjustment_set_value (adjustment, 3.5);
  g_assert_cmpfloat (ork_scheduler_get_failure_multiplier (ork_session_get_scheduler (session)),
                     ==, 3.5);
  g_assert_true (gtk_widget_has_css_class (template_child (window, "failure_button"),
                                           "ork-failure-active"));
  /* A new simulation keeps the setting. */
  ork_session_start_simulation (session, START_US, 2, NULL);
  g_assert_cmpfloat (ork_scheduler_get_failure_multiplier (ork_session_get_scheduler (session)),
                     ==, 3.5);

  close_window (window);
}

/* The narrowest width @widget can be given. */
static int
min_width (GtkWidget *widget)
{
  int min = 0;

  gtk_widget_measure (widget, GTK_ORIENTATION_HORIZONTAL, -1, &min, NULL, NULL, NULL);
  return min;
}

static gboolean
count_frame (GtkWidget     *widget,
             GdkFrameClock *clock,
             gpointer       data)
{
  (*(guint *) data)++;
  return G_SOURCE_CONTINUE;
}

/* Lets the window take the size it was given, and lays it out: a few
 * frames. */
static void
settle (OrkWindow *window)
{
  guint frames = 0;
  guint id = gtk_widget_add_tick_callback (GTK_WIDGET (window), count_frame, &frames, NULL);

  for (guint i = 0; i < 100000 && frames < 5; i++)
    g_main_context_iteration (NULL, TRUE);
  gtk_widget_remove_tick_callback (GTK_WIDGET (window), id);
  g_assert_cmpuint (frames, >=, 5);
  iterate ();
}

/* The window fits a phone-sized 360 px: the header bar, and every page
 * (the view stack is as wide as its widest page, shown or not). Wide, the
 * header shows the mode in words, the speed and the failure injection;
 * narrow, the mode as an icon and the other two in an overflow popover that
 * sets the same speed. */
static void
test_narrow (void)
{
  g_autofree char *path = copy_sample ("narrow.json");
  g_autofree char *layout = NULL;
  const char *const pages[] = { "jobs", "timeline", "metrics", "log" };
  OrkWindow *window;
  AdwViewStack *stack;
  OrkSession *session;
  GtkDropDown *more_speed;
  int header, content;

  /* GNOME's own window buttons (Xvfb has no settings daemon to say so). */
  g_object_get (gtk_settings_get_default (), "gtk-decoration-layout", &layout, NULL);
  g_object_set (gtk_settings_get_default (), "gtk-decoration-layout", "appmenu:close", NULL);
  window = open_window (path);
  stack = template_child (window, "stack");
  session = ork_window_get_session (window);
  more_speed = template_child (window, "more_speed_dropdown");

  header = min_width (find_widget (template_child (window, "toast_overlay"), ADW_TYPE_HEADER_BAR,
                                   NULL, NULL));
  g_test_message ("header bar: %d px", header);
  g_assert_cmpint (header, <=, 360);
  for (guint i = 0; i < G_N_ELEMENTS (pages); i++)
    {
      GtkWidget *page = adw_view_stack_get_child_by_name (stack, pages[i]);
      int width;

      g_assert_nonnull (page);
      width = min_width (page);
      g_test_message ("%s page: %d px", pages[i], width);
      g_assert_cmpint (width, <=, 360);
    }
  content = min_width (template_child (window, "toast_overlay"));
  g_assert_cmpint (content, <=, 360);

  /* At the default width, everything in the header. */
  gtk_window_set_default_size (GTK_WINDOW (window), 1200, 760);
  settle (window);
  g_assert_true (gtk_widget_get_mapped (template_child (window, "mode_label")));
  g_assert_cmpstr (gtk_label_get_label (template_child (window, "mode_label")), ==, "Simulation");
  g_assert_true (gtk_widget_get_mapped (template_child (window, "speed_dropdown")));
  g_assert_true (gtk_widget_get_mapped (template_child (window, "failure_button")));
  g_assert_false (gtk_widget_get_mapped (template_child (window, "more_button")));

  /* At 360 px, the narrow variants. */
  gtk_window_set_default_size (GTK_WINDOW (window), 360, 640);
  settle (window);
  g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (window)), <=, 360);
  g_assert_true (gtk_widget_get_mapped (template_child (window, "mode_icon")));
  g_assert_false (gtk_widget_get_mapped (template_child (window, "mode_label")));
  g_assert_false (gtk_widget_get_mapped (template_child (window, "speed_dropdown")));
  g_assert_true (gtk_widget_get_mapped (template_child (window, "more_button")));

  /* The overflow's speed is the header's, both ways. */
  g_assert_cmpuint (gtk_drop_down_get_selected (more_speed), ==,
                    gtk_drop_down_get_selected (template_child (window, "speed_dropdown")));
  gtk_drop_down_set_selected (more_speed, 3);
  g_assert_cmpfloat (ork_session_get_speed (session), ==, 600.0);
  gtk_drop_down_set_selected (template_child (window, "speed_dropdown"), 1);
  g_assert_cmpuint (gtk_drop_down_get_selected (more_speed), ==, 1);
  g_assert_cmpfloat (ork_session_get_speed (session), ==, 10.0);

  close_window (window);
  g_object_set (gtk_settings_get_default (), "gtk-decoration-layout", layout, NULL);
}

static void
test_mode_switch (void)
{
  g_autofree char *path = copy_sample ("mode.json");
  OrkWindow *window = open_window (path);
  OrkSession *session = ork_window_get_session (window);
  g_autoptr(OrkRun) run = NULL;
  g_autoptr(GError) error = NULL;
  AdwMessageDialog *dialog;

  g_assert_true (gtk_widget_is_sensitive (GTK_WIDGET (template_child (window, "step_button"))));

  /* A run in flight: going live asks first; Cancel keeps the simulation. */
  run = ork_scheduler_run_now (ork_session_get_scheduler (session), "sync_contacts", &error);
  g_assert_no_error (error);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.go-live", NULL);
  iterate ();
  dialog = find_dialog ("ork-confirm-engine");
  g_assert_nonnull (dialog);
  adw_message_dialog_response (dialog, "cancel");
  gtk_window_destroy (GTK_WINDOW (dialog));
  iterate ();
  g_assert_cmpint (ork_session_get_mode (session), ==, ORK_MODE_SIMULATION);

  gtk_widget_activate_action (GTK_WIDGET (window), "win.go-live", NULL);
  iterate ();
  dialog = find_dialog ("ork-confirm-engine");
  g_assert_nonnull (dialog);
  adw_message_dialog_response (dialog, "switch");
  gtk_window_destroy (GTK_WINDOW (dialog));
  iterate ();
  g_assert_cmpint (ork_session_get_mode (session), ==, ORK_MODE_LIVE);
  g_assert_cmpstr (gtk_label_get_label (template_child (window, "mode_label")), ==, "Live");
  g_assert_false (gtk_widget_is_sensitive (GTK_WIDGET (template_child (window, "step_button"))));
  g_assert_nonnull (strstr (ork_window_get_status_text (window), "· Live ·"));

  /* Back to a simulation from the popover's start and seed: nothing in
   * flight in a fresh live engine, so no question. */
  gtk_editable_set_text (GTK_EDITABLE (template_child (window, "sim_start_entry")),
                         "2026-11-26T00:00:00Z");
  gtk_spin_button_set_value (template_child (window, "sim_seed_spin"), 7);
  ork_scheduler_set_paused (ork_session_get_scheduler (session), TRUE);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.start-simulation", NULL);
  iterate ();
  g_assert_null (find_dialog ("ork-confirm-engine"));
  g_assert_cmpint (ork_session_get_mode (session), ==, ORK_MODE_SIMULATION);
  g_assert_cmpint (ork_clock_now (ork_session_get_clock (session)), ==, START_US);
  g_assert_cmpuint (ork_scheduler_get_seed (ork_session_get_scheduler (session)), ==, 7);
  g_assert_true (gtk_widget_is_sensitive (GTK_WIDGET (template_child (window, "step_button"))));

  close_window (window);
}

static void
test_changed_on_disk (void)
{
  g_autofree char *path = copy_sample ("disk.json");
  OrkWindow *window = open_window (path);
  OrkSession *session = ork_window_get_session (window);
  GtkRevealer *revealer = template_child (window, "disk_revealer");
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_false (gtk_revealer_get_reveal_child (revealer));
  /* Another program rewrites the file (one job fewer, another size). */
  g_file_get_contents (path, &contents, NULL, &error);
  g_assert_no_error (error);
  {
    g_autoptr(OrkWorkspace) workspace = ork_workspace_load_from_data (contents, -1, path, NULL, &error);
    g_autoptr(OrkJob) job = NULL;

    g_assert_no_error (error);
    job = g_list_model_get_item (ork_workspace_get_jobs (workspace), 0);
    ork_workspace_remove_job (workspace, ork_job_get_id (job));
    ork_workspace_save_to_file (workspace, path, &error);
    g_assert_no_error (error);
  }
  g_assert_false (ork_session_save (session, &error));
  g_clear_error (&error);
  iterate ();
  g_assert_true (gtk_revealer_get_reveal_child (revealer));

  gtk_widget_activate_action (GTK_WIDGET (window), "win.reload", NULL);
  iterate ();
  g_assert_true (ork_window_get_session (window) != session);
  g_assert_cmpuint (g_list_model_get_n_items (ork_workspace_get_jobs (ork_session_get_workspace (ork_window_get_session (window)))),
                    ==, 12);
  g_assert_false (gtk_revealer_get_reveal_child (revealer));

  close_window (window);
}

/* Trust ------------------------------------------------------------------------------- */

static void
test_trust (void)
{
  g_autofree char *path = copy_sample ("trust.json");
  OrkWindow *window = open_window (path);
  OrkSession *session = ork_window_get_session (window);
  GtkRevealer *revealer = template_child (window, "trust_revealer");
  AdwMessageDialog *dialog;
  GtkWidget *extra;

  g_assert_true (ork_session_get_needs_trust (session));
  g_assert_true (gtk_revealer_get_reveal_child (revealer));

  gtk_widget_activate_action (GTK_WIDGET (window), "win.review-trust", NULL);
  iterate ();
  dialog = find_dialog ("ork-trust-dialog");
  g_assert_nonnull (dialog);
  extra = adw_message_dialog_get_extra_child (dialog);
  g_assert_nonnull (extra);

  /* Cancel changes nothing. */
  adw_message_dialog_response (dialog, "cancel");
  gtk_window_destroy (GTK_WINDOW (dialog));
  iterate ();
  g_assert_true (gtk_revealer_get_reveal_child (revealer));

  gtk_widget_activate_action (GTK_WIDGET (window), "win.review-trust", NULL);
  iterate ();
  dialog = find_dialog ("ork-trust-dialog");
  g_assert_nonnull (dialog);
  adw_message_dialog_response (dialog, "trust");
  iterate ();
  g_assert_false (ork_session_get_needs_trust (session));
  g_assert_false (gtk_revealer_get_reveal_child (revealer));

  close_window (window);
}

static void
find_labels (GtkWidget  *widget,
             GString    *out)
{
  if (GTK_IS_LABEL (widget))
    g_string_append_printf (out, "%s\n", gtk_label_get_text (GTK_LABEL (widget)));
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    find_labels (child, out);
}

static void
test_trust_dialog_shows_commands (void)
{
  g_autofree char *path = copy_sample ("commands.json");
  OrkWindow *window = open_window (path);
  AdwMessageDialog *dialog;
  g_autoptr(GString) text = g_string_new (NULL);

  gtk_widget_activate_action (GTK_WIDGET (window), "win.review-trust", NULL);
  iterate ();
  dialog = find_dialog ("ork-trust-dialog");
  g_assert_nonnull (dialog);
  find_labels (adw_message_dialog_get_extra_child (dialog), text);
  g_assert_nonnull (strstr (text->str, "Check disk usage\n"));
  g_assert_nonnull (strstr (text->str, "df -h --output=target,pcent\nin /\nLC_ALL=C\n"));
  adw_message_dialog_response (dialog, "cancel");
  gtk_window_destroy (GTK_WINDOW (dialog));

  close_window (window);
}

/* Log page ------------------------------------------------------------------------------ */

static void
test_log_empty_state (void)
{
  g_autofree char *path = copy_sample ("log-empty.json");
  OrkWindow *window = open_window (path);
  OrkEventLog *log = ork_window_get_event_log (window);
  OrkLogPage *page;
  GtkStack *stack;
  GtkWidget *empty;
  GObject *search;

  ork_window_show_page (window, "log");
  iterate ();
  page = ORK_LOG_PAGE (adw_view_stack_get_child_by_name (template_child (window, "stack"), "log"));
  stack = GTK_STACK (gtk_widget_get_template_child (GTK_WIDGET (page), ORK_TYPE_LOG_PAGE, "stack"));

  /* Nothing has happened yet: say so, and what will come. */
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (log)), ==, 0);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (stack), ==, "empty");
  empty = gtk_stack_get_visible_child (stack);
  g_assert_true (ADW_IS_STATUS_PAGE (empty));
  g_assert_true (gtk_widget_get_mapped (empty));
  g_assert_cmpstr (adw_status_page_get_title (ADW_STATUS_PAGE (empty)), ==, "No Events Yet");
  g_assert_cmpstr (adw_status_page_get_description (ADW_STATUS_PAGE (empty)), ==,
                   "Events appear here as the engine runs jobs.");

  /* The first events replace it with the list ... */
  for (int i = 0; i < 20; i++)
    gtk_widget_activate_action (GTK_WIDGET (window), "win.step", NULL);
  ork_event_log_flush (log);
  iterate ();
  g_assert_cmpuint (ork_log_page_get_n_shown (page), >, 0);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (stack), ==, "list");

  /* ... and a filter that lets nothing through says that instead. */
  search = gtk_widget_get_template_child (GTK_WIDGET (page), ORK_TYPE_LOG_PAGE, "search_entry");
  gtk_editable_set_text (GTK_EDITABLE (search), "no event says this");
  g_signal_emit_by_name (search, "search-changed");
  g_assert_cmpuint (ork_log_page_get_n_shown (page), ==, 0);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (stack), ==, "no-match");
  gtk_editable_set_text (GTK_EDITABLE (search), "");
  g_signal_emit_by_name (search, "search-changed");
  g_assert_cmpstr (gtk_stack_get_visible_child_name (stack), ==, "list");

  close_window (window);
}

static void
test_log_page (void)
{
  g_autofree char *path = copy_sample ("log.json");
  OrkWindow *window = open_window (path);
  OrkEventLog *log = ork_window_get_event_log (window);
  OrkLogPage *page;
  GtkColumnView *view;
  guint all, filtered;
  g_autoptr(OrkLogEntry) first = NULL;
  g_autofree char *job = NULL;
  GListModel *shown;

  ork_window_show_page (window, "log");
  page = ORK_LOG_PAGE (adw_view_stack_get_child_by_name (template_child (window, "stack"), "log"));
  view = GTK_COLUMN_VIEW (gtk_widget_get_template_child (GTK_WIDGET (page), ORK_TYPE_LOG_PAGE,
                                                         "column_view"));
  g_assert_cmpuint (ork_log_page_get_n_shown (page), ==, 0);

  for (int i = 0; i < 40; i++)
    gtk_widget_activate_action (GTK_WIDGET (window), "win.step", NULL);
  ork_event_log_flush (log);
  iterate ();

  shown = G_LIST_MODEL (gtk_column_view_get_model (view));
  all = g_list_model_get_n_items (shown);
  g_assert_cmpuint (all, >, 0);
  g_assert_cmpuint (all, ==, g_list_model_get_n_items (G_LIST_MODEL (log)));

  /* Newest first. */
  first = g_list_model_get_item (shown, 0);
  {
    g_autoptr(OrkLogEntry) last = g_list_model_get_item (shown, all - 1);

    g_assert_cmpint (ork_log_entry_get_time (first), >=, ork_log_entry_get_time (last));
  }

  /* Filter by the job of the newest entry. */
  for (guint i = 0; i < all && job == NULL; i++)
    {
      g_autoptr(OrkLogEntry) entry = g_list_model_get_item (shown, i);

      job = g_strdup (ork_log_entry_get_job_id (entry));
    }
  g_assert_nonnull (job);
  ork_log_page_set_job (page, job);
  filtered = g_list_model_get_n_items (shown);
  g_assert_cmpuint (filtered, >, 0);
  g_assert_cmpuint (filtered, <, all);
  for (guint i = 0; i < filtered; i++)
    {
      g_autoptr(OrkLogEntry) entry = g_list_model_get_item (shown, i);

      g_assert_cmpstr (ork_log_entry_get_job_id (entry), ==, job);
    }

  /* Level filter: warnings and errors only; then back to everything. */
  ork_log_page_set_job (page, NULL);
  g_assert_cmpuint (g_list_model_get_n_items (shown), ==, all);
  gtk_drop_down_set_selected (GTK_DROP_DOWN (gtk_widget_get_template_child (GTK_WIDGET (page),
                                                                            ORK_TYPE_LOG_PAGE,
                                                                            "level_dropdown")),
                              2);
  for (guint i = 0; i < g_list_model_get_n_items (shown); i++)
    {
      g_autoptr(OrkLogEntry) entry = g_list_model_get_item (shown, i);

      g_assert_cmpint (ork_log_entry_get_level (entry), >=, ORK_LOG_WARNING);
    }
  g_assert_cmpuint (g_list_model_get_n_items (shown), <, all);
  gtk_drop_down_set_selected (GTK_DROP_DOWN (gtk_widget_get_template_child (GTK_WIDGET (page),
                                                                            ORK_TYPE_LOG_PAGE,
                                                                            "level_dropdown")),
                              0);

  /* Jobs by the names the other pages use: in the chooser, and found by
   * the search (the entries hold ids). */
  {
    OrkJob *j = ork_workspace_find_job (ork_session_get_workspace (ork_window_get_session (window)),
                                        job);
    GtkDropDown *jobs = GTK_DROP_DOWN (gtk_widget_get_template_child (GTK_WIDGET (page),
                                                                      ORK_TYPE_LOG_PAGE,
                                                                      "job_dropdown"));
    g_autofree char *upper = NULL;
    gboolean listed = FALSE;

    g_assert_nonnull (j);
    g_assert_cmpstr (ork_job_get_name (j), !=, job);
    for (guint i = 0; i < g_list_model_get_n_items (gtk_drop_down_get_model (jobs)); i++)
      {
        GtkStringObject *item = g_list_model_get_item (gtk_drop_down_get_model (jobs), i);

        listed |= g_strcmp0 (gtk_string_object_get_string (item), ork_job_get_name (j)) == 0;
        g_object_unref (item);
      }
    g_assert_true (listed);
    ork_log_page_set_job (page, job);
    g_assert_cmpstr (gtk_string_object_get_string (gtk_drop_down_get_selected_item (jobs)), ==,
                     ork_job_get_name (j));
    ork_log_page_set_job (page, NULL);

    upper = g_utf8_strup (ork_job_get_name (j), -1);
    gtk_editable_set_text (GTK_EDITABLE (gtk_widget_get_template_child (GTK_WIDGET (page),
                                                                        ORK_TYPE_LOG_PAGE,
                                                                        "search_entry")),
                           upper);
    /* The search entry waits a moment before it says "search-changed". */
    for (int i = 0; i < 100 && g_list_model_get_n_items (shown) == all; i++)
      {
        g_usleep (10000);
        iterate ();
      }
    g_assert_cmpuint (g_list_model_get_n_items (shown), >=, filtered);
    g_assert_cmpuint (g_list_model_get_n_items (shown), <, all);
    for (guint i = 0; i < g_list_model_get_n_items (shown); i++)
      {
        g_autoptr(OrkLogEntry) entry = g_list_model_get_item (shown, i);

        if (g_strcmp0 (ork_log_entry_get_job_id (entry), job) != 0)
          g_assert_true (ork_log_entry_matches (entry, NULL, ORK_LOG_DEBUG, -1, upper));
      }
  }

  close_window (window);
}

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR) && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
        remove_tree (child);
      else
        g_unlink (child);
    }
  g_rmdir (path);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int status;

  /* Everything Orkestron writes (data directory, trust, history) goes here. */
  tmp_dir = g_dir_make_tmp ("orkestron-gui-XXXXXX", &error);
  g_assert_no_error (error);
  g_setenv ("XDG_DATA_HOME", tmp_dir, TRUE);
  g_setenv ("XDG_CONFIG_HOME", tmp_dir, TRUE);
  g_setenv ("XDG_STATE_HOME", tmp_dir, TRUE);

  if (!gtk_init_check ())
    {
      printf ("1..0 # SKIP no display\n");
      return 0;
    }
  g_test_init (&argc, &argv, NULL);
  adw_init ();
  /* Xvfb has no window manager to move the focus: a blinking cursor in a
   * window that is not focused any more warns. */
  g_object_set (gtk_settings_get_default (), "gtk-cursor-blink", FALSE, NULL);

  g_test_add_func ("/gui/window/open-sample", test_open_sample);
  g_test_add_func ("/gui/window/page-option", test_page_option);
  g_test_add_func ("/gui/window/open-invalid-command-line", test_open_invalid_from_command_line);
  g_test_add_func ("/gui/window/first-launch", test_first_launch);
  g_test_add_func ("/gui/window/open-invalid", test_open_invalid);
  g_test_add_func ("/gui/window/edit-job", test_edit_job);
  g_test_add_func ("/gui/window/new-job-selected", test_new_job_is_selected);
  g_test_add_func ("/gui/window/add-job-empty-state", test_add_job_from_empty_state);
  g_test_add_func ("/gui/window/export-toast", test_export_toast);
  g_test_add_func ("/gui/window/global-shortcuts", test_global_shortcuts);
  g_test_add_func ("/gui/window/delete-accumulates", test_delete_accumulates);
  g_test_add_func ("/gui/window/delete-ctrl-z", test_delete_ctrl_z);
  g_test_add_func ("/gui/window/cancel-shortcut", test_cancel_shortcut);
  g_test_add_func ("/gui/window/shortcuts-window", test_shortcuts_window);
  g_test_add_func ("/gui/window/step", test_step);
  g_test_add_func ("/gui/window/fast-forward", test_fast_forward);
  g_test_add_func ("/gui/window/fast-forward-formats", test_fast_forward_formats);
  g_test_add_func ("/gui/window/fast-forward-cancel", test_fast_forward_cancel);
  g_test_add_func ("/gui/window/failure-control", test_failure_control);
  g_test_add_func ("/gui/window/mode-switch", test_mode_switch);
  g_test_add_func ("/gui/window/narrow", test_narrow);
  g_test_add_func ("/gui/window/changed-on-disk", test_changed_on_disk);
  g_test_add_func ("/gui/window/trust", test_trust);
  g_test_add_func ("/gui/window/trust-dialog-commands", test_trust_dialog_shows_commands);
  g_test_add_func ("/gui/window/log-page", test_log_page);
  g_test_add_func ("/gui/window/log-empty-state", test_log_empty_state);

  status = g_test_run ();
  remove_tree (tmp_dir);
  g_free (tmp_dir);
  return status;
}
