/* test-preferences.c — settings, the Preferences window and notifications
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>
#include <locale.h>
#include <stdio.h>
#include <string.h>

#include "ork-application.h"
#include "ork-format.h"
#include "ork-jobs-page.h"
#include "ork-preferences-window.h"
#include "ork-window.h"

static char *tmp_dir;

static void
iterate (void)
{
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

static gboolean
on_timeout (gpointer user_data)
{
  gboolean *timed_out = user_data;

  *timed_out = TRUE;
  return G_SOURCE_REMOVE;
}

/* Runs the main loop until *@flag is set or @ms pass. */
static void
wait_for (const gboolean *flag,
          guint           ms)
{
  gboolean timed_out = FALSE;
  guint id = g_timeout_add (ms, on_timeout, &timed_out);

  while (!*flag && !timed_out)
    g_main_context_iteration (NULL, TRUE);
  if (!timed_out)
    g_source_remove (id);
}

static GtkWidget *
find_descendant (GtkWidget *widget,
                 GType      type)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type))
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_descendant (child, type);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static void
reset_all (void)
{
  GSettings *settings = ork_application_get_settings ();
  g_autoptr(GSettingsSchema) schema = NULL;
  g_auto(GStrv) keys = NULL;

  g_object_get (settings, "settings-schema", &schema, NULL);
  keys = g_settings_schema_list_keys (schema);
  for (guint i = 0; keys[i] != NULL; i++)
    g_settings_reset (settings, keys[i]);
}

/* The registered application, its startup done (actions, colour scheme):
 * one per process, as a bus path is exported once. */
static OrkApplication *the_app;

static OrkApplication *
registered_app (void)
{
  g_autoptr(GError) error = NULL;

  if (the_app != NULL)
    return the_app;
  the_app = ork_application_new ();
  g_application_set_flags (G_APPLICATION (the_app),
                           g_application_get_flags (G_APPLICATION (the_app)) | G_APPLICATION_NON_UNIQUE);
  g_application_register (G_APPLICATION (the_app), NULL, &error);
  g_assert_no_error (error);
  return the_app;
}

/* Preferences window ----------------------------------------------------------------- */

static void
test_defaults_shown (void)
{
  OrkPreferencesWindow *prefs;

  reset_all ();
  prefs = ORK_PREFERENCES_WINDOW (ork_preferences_window_new ());
  gtk_window_present (GTK_WINDOW (prefs));
  iterate ();

  g_assert_cmpuint (adw_combo_row_get_selected (ork_preferences_window_get_color_scheme_row (prefs)), ==, 0);
  g_assert_cmpint (gtk_spin_button_get_value_as_int (ork_preferences_window_get_workers_spin (prefs)), ==, 4);
  g_assert_cmpint (gtk_spin_button_get_value_as_int (ork_preferences_window_get_max_age_spin (prefs)), ==, 30);
  g_assert_cmpint (gtk_spin_button_get_value_as_int (ork_preferences_window_get_max_runs_spin (prefs)), ==, 1000000);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (ork_preferences_window_get_timezone_row (prefs))), ==, "");
  g_assert_true (gtk_switch_get_active (ork_preferences_window_get_notifications_switch (prefs)));

  gtk_window_destroy (GTK_WINDOW (prefs));
  iterate ();
}

static void
test_color_scheme (void)
{
  AdwStyleManager *style = adw_style_manager_get_default ();
  OrkPreferencesWindow *prefs;
  AdwComboRow *row;
  g_autofree char *value = NULL;

  registered_app ();
  reset_all ();
  prefs = ORK_PREFERENCES_WINDOW (ork_preferences_window_new ());
  row = ork_preferences_window_get_color_scheme_row (prefs);

  adw_combo_row_set_selected (row, 2);
  value = g_settings_get_string (ork_application_get_settings (), "color-scheme");
  g_assert_cmpstr (value, ==, "dark");
  g_assert_cmpint (adw_style_manager_get_color_scheme (style), ==, ADW_COLOR_SCHEME_FORCE_DARK);

  adw_combo_row_set_selected (row, 1);
  g_assert_cmpint (adw_style_manager_get_color_scheme (style), ==, ADW_COLOR_SCHEME_FORCE_LIGHT);

  /* A change made elsewhere shows in the row. */
  g_settings_set_string (ork_application_get_settings (), "color-scheme", "default");
  g_assert_cmpuint (adw_combo_row_get_selected (row), ==, 0);
  g_assert_cmpint (adw_style_manager_get_color_scheme (style), ==, ADW_COLOR_SCHEME_DEFAULT);

  gtk_window_destroy (GTK_WINDOW (prefs));
  iterate ();
}

static void
test_new_workspace_defaults (void)
{
  GSettings *settings = ork_application_get_settings ();
  OrkPreferencesWindow *prefs;
  AdwEntryRow *zone_row;
  g_autoptr(OrkWorkspace) workspace = NULL;
  g_autofree char *zone = NULL;
  OrkWindow *window;
  OrkWorkspace *shown;

  reset_all ();
  prefs = ORK_PREFERENCES_WINDOW (ork_preferences_window_new ());
  zone_row = ork_preferences_window_get_timezone_row (prefs);

  gtk_spin_button_set_value (ork_preferences_window_get_workers_spin (prefs), 7);
  gtk_spin_button_set_value (ork_preferences_window_get_max_age_spin (prefs), 10);
  gtk_spin_button_set_value (ork_preferences_window_get_max_runs_spin (prefs), 5000);
  gtk_editable_set_text (GTK_EDITABLE (zone_row), "Europe/Berlin");
  g_signal_emit_by_name (zone_row, "apply");
  g_assert_false (gtk_widget_has_css_class (GTK_WIDGET (zone_row), "error"));
  g_assert_cmpuint (g_settings_get_uint (settings, "new-workspace-workers"), ==, 7);

  /* An unknown zone is not written, and the row says so. */
  gtk_editable_set_text (GTK_EDITABLE (zone_row), "Mars/Olympus_Mons");
  g_signal_emit_by_name (zone_row, "apply");
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (zone_row), "error"));
  zone = g_settings_get_string (settings, "new-workspace-timezone");
  g_assert_cmpstr (zone, ==, "Europe/Berlin");

  workspace = ork_application_new_workspace ();
  g_assert_cmpuint (ork_workspace_get_workers (workspace), ==, 7);
  g_assert_cmpstr (ork_workspace_get_timezone (workspace), ==, "Europe/Berlin");
  g_assert_cmpint (ork_workspace_get_history_max_age (workspace), ==,
                   G_GINT64_CONSTANT (10) * 24 * 3600 * 1000);
  g_assert_cmpuint (ork_workspace_get_history_max_runs (workspace), ==, 5000);
  g_assert_cmpuint (g_list_model_get_n_items (ork_workspace_get_jobs (workspace)), ==, 0);

  /* The window's New Workspace uses them. */
  window = ork_window_new (NULL);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.new-workspace", NULL);
  shown = ork_session_get_workspace (ork_window_get_session (window));
  g_assert_cmpuint (ork_workspace_get_workers (shown), ==, 7);
  g_assert_cmpstr (ork_workspace_get_timezone (shown), ==, "Europe/Berlin");

  /* Back to the local zone. */
  gtk_editable_set_text (GTK_EDITABLE (zone_row), "");
  g_signal_emit_by_name (zone_row, "apply");
  g_clear_object (&workspace);
  workspace = ork_application_new_workspace ();
  g_assert_null (ork_workspace_get_timezone (workspace));

  gtk_window_destroy (GTK_WINDOW (window));
  gtk_window_destroy (GTK_WINDOW (prefs));
  iterate ();
}

static void
test_notifications_switch (void)
{
  OrkPreferencesWindow *prefs;

  reset_all ();
  prefs = ORK_PREFERENCES_WINDOW (ork_preferences_window_new ());
  gtk_switch_set_active (ork_preferences_window_get_notifications_switch (prefs), FALSE);
  g_assert_false (g_settings_get_boolean (ork_application_get_settings (), "notifications"));
  gtk_window_destroy (GTK_WINDOW (prefs));
  iterate ();
}

/* Window state ----------------------------------------------------------------------- */

static void
test_window_size (void)
{
  GSettings *settings = ork_application_get_settings ();
  OrkWindow *window;
  int width, height;

  reset_all ();
  window = ork_window_new (NULL);
  gtk_window_get_default_size (GTK_WINDOW (window), &width, &height);
  g_assert_cmpint (width, ==, 1200);
  g_assert_cmpint (height, ==, 760);

  gtk_window_set_default_size (GTK_WINDOW (window), 900, 600);
  gtk_window_present (GTK_WINDOW (window));
  iterate ();
  gtk_window_close (GTK_WINDOW (window));
  iterate ();
  g_assert_cmpint (g_settings_get_int (settings, "window-width"), ==, 900);
  g_assert_cmpint (g_settings_get_int (settings, "window-height"), ==, 600);
  g_assert_false (g_settings_get_boolean (settings, "window-maximized"));

  /* The next window opens at that size. */
  window = ork_window_new (NULL);
  gtk_window_get_default_size (GTK_WINDOW (window), &width, &height);
  g_assert_cmpint (width, ==, 900);
  g_assert_cmpint (height, ==, 600);
  gtk_window_destroy (GTK_WINDOW (window));
  iterate ();
}

static void
test_last_workspace (void)
{
  g_autofree char *path = g_build_filename (tmp_dir, "last.json", NULL);
  g_autofree char *stored = NULL;
  g_autofree char *opened = NULL;
  g_autoptr(GError) error = NULL;

  reset_all ();
  g_file_set_contents (path, "{\"version\": 1, \"jobs\": []}\n", -1, &error);
  g_assert_no_error (error);
  ork_application_remember_workspace (path);
  stored = g_settings_get_string (ork_application_get_settings (), "last-workspace");
  g_assert_cmpstr (stored, ==, path);
  opened = ork_application_default_workspace (&error);
  g_assert_no_error (error);
  g_assert_cmpstr (opened, ==, path);
}

/* Notifications ---------------------------------------------------------------------- */

typedef struct
{
  guint  count;
  char  *last_id;
} Sent;

static void
on_notify (OrkApplication *app,
           const char     *id,
           GNotification  *notification,
           gpointer        user_data)
{
  Sent *sent = user_data;

  sent->count++;
  g_free (sent->last_id);
  sent->last_id = g_strdup (id);
}

/* A live engine with one job that fails every attempt, without retries. */
static OrkWindow *
live_failing_window (OrkApplication *app)
{
  const char *json =
    "{\"version\": 1, \"jobs\": ["
    " {\"id\": \"steady\", \"type\": \"sync\", \"schedule\": {\"kind\": \"manual\"}},"
    " {\"id\": \"flaky\", \"name\": \"Flaky sync\", \"type\": \"sync\","
    "  \"schedule\": {\"kind\": \"interval\", \"every\": \"300ms\"},"
    "  \"retry\": {\"max_retries\": 0},"
    "  \"simulation\": {\"latency\": {\"median\": \"10ms\", \"p99\": \"20ms\"}, \"failure_rate\": 1.0}}"
    "]}";
  g_autoptr(GError) error = NULL;
  g_autoptr(OrkWorkspace) workspace = ork_workspace_load_from_data (json, -1, "live.json", NULL, &error);
  g_autoptr(OrkSession) session = NULL;
  OrkWindow *window;

  g_assert_no_error (error);
  session = ork_session_new (workspace, NULL);
  ork_session_start_live (session, NULL, &error);
  g_assert_no_error (error);
  window = ork_window_new (ADW_APPLICATION (app));
  ork_window_set_session (window, session);
  return window;
}

static void
test_notify_final_failure (void)
{
  OrkApplication *app = registered_app ();
  Sent sent = { 0 };
  OrkWindow *window;
  GtkWidget *page;
  GtkSelectionModel *selection;
  g_autoptr(GtkBitset) selected = NULL;
  g_autoptr(OrkJob) job = NULL;

  reset_all ();
  ork_application_set_notify_func (app, on_notify, &sent);
  window = live_failing_window (app);
  /* Shown but not in front. */
  gtk_window_present (GTK_WINDOW (window));
  ork_window_set_pretend_inactive (window, TRUE);
  g_assert_false (ork_window_is_in_front (window));

  while (sent.count == 0)
    {
      guint before = sent.count;

      wait_for ((gboolean *) &sent.count, 5000);
      g_assert_cmpuint (sent.count, >, before);
    }
  g_assert_cmpstr (sent.last_id, ==, "failed:flaky");

  /* Its action opens the job on the Jobs page. */
  ork_window_show_page (window, "log");
  g_action_group_activate_action (G_ACTION_GROUP (app), "show-job", g_variant_new_string ("flaky"));
  iterate ();
  g_assert_cmpstr (ork_window_get_visible_page (window), ==, "jobs");
  page = find_descendant (GTK_WIDGET (window), ORK_TYPE_JOBS_PAGE);
  g_assert_nonnull (page);
  selection = ork_jobs_page_get_selection (ORK_JOBS_PAGE (page));
  selected = gtk_selection_model_get_selection (selection);
  g_assert_cmpuint (gtk_bitset_get_size (selected), ==, 1);
  job = g_list_model_get_item (G_LIST_MODEL (selection), gtk_bitset_get_nth (selected, 0));
  g_assert_cmpstr (ork_job_get_id (job), ==, "flaky");

  /* Switched off: nothing more is sent. */
  g_settings_set_boolean (ork_application_get_settings (), "notifications", FALSE);
  sent.count = 0;
  wait_for ((gboolean *) &sent.count, 1500);
  g_assert_cmpuint (sent.count, ==, 0);

  /* In front: nothing either. */
  g_settings_set_boolean (ork_application_get_settings (), "notifications", TRUE);
  ork_window_set_pretend_inactive (window, FALSE);
  if (ork_window_is_in_front (window))
    {
      wait_for ((gboolean *) &sent.count, 1500);
      g_assert_cmpuint (sent.count, ==, 0);
    }

  gtk_window_destroy (GTK_WINDOW (window));
  iterate ();
  ork_application_set_notify_func (app, NULL, NULL);
  g_free (sent.last_id);
}

static void
test_no_notification_in_simulation (void)
{
  OrkApplication *app = registered_app ();
  g_autoptr(OrkSession) session = NULL;
  Sent sent = { 0 };
  OrkWindow *window;

  reset_all ();
  ork_application_set_notify_func (app, on_notify, &sent);
  window = live_failing_window (app);
  ork_window_set_pretend_inactive (window, TRUE);
  session = g_object_ref (ork_window_get_session (window));
  /* A simulation: ten virtual seconds of failures, and no notification. */
  ork_session_start_simulation (session, G_GINT64_CONSTANT (1795651200) * G_USEC_PER_SEC, 1, NULL);
  for (int i = 0; i < 100; i++)
    ork_session_step (session);
  iterate ();
  g_assert_cmpuint (sent.count, ==, 0);

  gtk_window_destroy (GTK_WINDOW (window));
  iterate ();
  ork_application_set_notify_func (app, NULL, NULL);
}

/* A run the live engine could not start in time (here: held back by a pause,
 * as after a suspend) is skipped as missed, and that is news too. */
static gboolean
on_unpause (gpointer user_data)
{
  ork_scheduler_set_paused (user_data, FALSE);
  return G_SOURCE_REMOVE;
}

static void
test_notify_missed_run (void)
{
  const char *json =
    "{\"version\": 1, \"jobs\": ["
    " {\"id\": \"nightly\", \"name\": \"Nightly backup\", \"type\": \"batch\","
    "  \"schedule\": {\"kind\": \"interval\", \"every\": \"200ms\"},"
    "  \"missed_runs\": {\"policy\": \"skip\", \"grace\": \"0ms\"},"
    "  \"simulation\": {\"latency\": {\"median\": \"10ms\", \"p99\": \"20ms\"}}}"
    "]}";
  OrkApplication *app = registered_app ();
  g_autoptr(GError) error = NULL;
  g_autoptr(OrkWorkspace) workspace = NULL;
  g_autoptr(OrkSession) session = NULL;
  OrkScheduler *scheduler;
  Sent sent = { 0 };
  OrkWindow *window;

  reset_all ();
  ork_application_set_notify_func (app, on_notify, &sent);
  workspace = ork_workspace_load_from_data (json, -1, "missed.json", NULL, &error);
  g_assert_no_error (error);
  session = ork_session_new (workspace, NULL);
  ork_session_start_live (session, NULL, &error);
  g_assert_no_error (error);
  window = ork_window_new (ADW_APPLICATION (app));
  ork_window_set_session (window, session);
  gtk_window_present (GTK_WINDOW (window));
  ork_window_set_pretend_inactive (window, TRUE);

  /* Held for a second: the fires due meanwhile are missed on resume. */
  scheduler = ork_session_get_scheduler (session);
  ork_scheduler_set_paused (scheduler, TRUE);
  g_timeout_add (1000, on_unpause, scheduler);
  wait_for ((gboolean *) &sent.count, 10000);
  g_assert_cmpuint (sent.count, >, 0);
  g_assert_cmpstr (sent.last_id, ==, "missed:nightly");

  gtk_window_destroy (GTK_WINDOW (window));
  iterate ();
  ork_application_set_notify_func (app, NULL, NULL);
  g_free (sent.last_id);
}

/* Numbers as the locale writes them ---------------------------------------------- */

static void
test_format_numbers (void)
{
  g_autofree char *saved = g_strdup (setlocale (LC_NUMERIC, NULL));
  g_autofree char *count = NULL;
  g_autofree char *small = NULL;

  /* The tests run in C.UTF-8: no grouping, a point. */
  count = ork_format_count (12345678);
  g_assert_cmpstr (count, ==, "12345678");
  small = ork_format_percent (0.004);
  g_assert_cmpstr (small, ==, "0.4 %");
  g_clear_pointer (&small, g_free);
  small = ork_format_percent (0.996);
  g_assert_cmpstr (small, ==, "99.6 %");
  g_clear_pointer (&small, g_free);
  small = ork_format_percent (0.125);
  g_assert_cmpstr (small, ==, "12 %");
  g_clear_pointer (&small, g_free);
  small = ork_format_percent (1.0);
  g_assert_cmpstr (small, ==, "100 %");
  g_clear_pointer (&small, g_free);
  small = ork_format_percent (-1);
  g_assert_cmpstr (small, ==, "—");
  g_clear_pointer (&small, g_free);
  g_clear_pointer (&count, g_free);

  if (setlocale (LC_NUMERIC, "de_DE.UTF-8") == NULL)
    {
      g_test_skip ("no de_DE.UTF-8 locale");
      return;
    }
  count = ork_format_count (12345678);
  small = ork_format_percent (0.004);
  setlocale (LC_NUMERIC, saved);
  g_assert_cmpstr (count, ==, "12.345.678");
  g_assert_cmpstr (small, ==, "0,4 %");
}

/* Days of a week mask, Monday first, as the detail and the editor say them. */
static void
test_format_days (void)
{
  struct { guint8 days; gboolean capitalized; const char *expected; } cases[] = {
    { 0x7f, FALSE, "every day" },
    { 0x00, TRUE, "Every day" },
    { 0x3e, FALSE, "Monday to Friday" },
    /* Sunday is bit 0 but comes last. */
    { 0x2b, TRUE, "Mon, Wed, Fri, Sun" },
    { 0x40, FALSE, "Sat" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *text = ork_format_days (cases[i].days, cases[i].capitalized);

      g_assert_cmpstr (text, ==, cases[i].expected);
    }
}

/* Background ------------------------------------------------------------------------- */

static void
test_keep_running (void)
{
  OrkApplication *app = registered_app ();
  GSettings *settings = ork_application_get_settings ();
  OrkWindow *window;
  OrkSession *session;

  reset_all ();
  window = live_failing_window (app);
  g_object_add_weak_pointer (G_OBJECT (window), (gpointer *) &window);
  gtk_window_present (GTK_WINDOW (window));
  iterate ();

  /* On: closing hides the window; its live engine goes on. */
  g_settings_set_boolean (settings, "run-in-background", TRUE);
  gtk_window_close (GTK_WINDOW (window));
  iterate ();
  g_assert_nonnull (window);
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (window)));
  session = ork_window_get_session (window);
  g_assert_cmpint (ork_session_get_mode (session), ==, ORK_MODE_LIVE);
  g_assert_nonnull (ork_session_get_scheduler (session));
  g_assert_false (ork_window_is_in_front (window));

  /* Opening the app again shows the same window. */
  g_application_activate (G_APPLICATION (app));
  iterate ();
  g_assert_nonnull (window);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (window)));
  g_assert_true (ork_window_get_session (window) == session);

  /* Quit ends it, and the window's size is kept. */
  gtk_window_set_default_size (GTK_WINDOW (window), 800, 500);
  g_action_group_activate_action (G_ACTION_GROUP (app), "quit", NULL);
  iterate ();
  g_assert_null (window);
  g_assert_cmpint (g_settings_get_int (settings, "window-width"), ==, 800);
  g_assert_cmpint (g_settings_get_int (settings, "window-height"), ==, 500);

  /* Off: closing closes. */
  window = live_failing_window (app);
  g_object_add_weak_pointer (G_OBJECT (window), (gpointer *) &window);
  gtk_window_present (GTK_WINDOW (window));
  iterate ();
  g_settings_set_boolean (settings, "run-in-background", FALSE);
  gtk_window_close (GTK_WINDOW (window));
  iterate ();
  g_assert_null (window);
}

static void
test_start_at_login (void)
{
  g_autofree char *path = ork_application_get_autostart_path ();
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *expected_dir = g_build_filename (tmp_dir, "autostart", NULL);
  g_autofree char *validator = NULL;
  OrkPreferencesWindow *prefs;

  registered_app ();
  reset_all ();
  g_assert_true (g_str_has_prefix (path, expected_dir));
  prefs = ORK_PREFERENCES_WINDOW (ork_preferences_window_new ());

  gtk_switch_set_active (ork_preferences_window_get_login_switch (prefs), TRUE);
  g_assert_true (g_settings_get_boolean (ork_application_get_settings (), "start-at-login"));
  g_file_get_contents (path, &contents, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (strstr (contents, " --hidden\n"));
  g_assert_nonnull (strstr (contents, "X-GNOME-Autostart-enabled=true\n"));

  validator = g_find_program_in_path ("desktop-file-validate");
  if (validator != NULL)
    {
      const char *argv[] = { "desktop-file-validate", path, NULL };
      int wait_status;

      g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL,
                    &wait_status, &error);
      g_assert_no_error (error);
      g_assert_true (g_spawn_check_wait_status (wait_status, NULL));
    }

  gtk_switch_set_active (ork_preferences_window_get_login_switch (prefs), FALSE);
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));

  gtk_window_destroy (GTK_WINDOW (prefs));
  iterate ();
}

static gboolean
check_hidden_and_quit (gpointer user_data)
{
  GApplication *app = user_data;
  GList *windows = gtk_application_get_windows (GTK_APPLICATION (app));

  g_assert_cmpuint (g_list_length (windows), ==, 1);
  g_assert_true (ORK_IS_WINDOW (windows->data));
  g_assert_false (gtk_widget_get_visible (windows->data));
  g_assert_cmpint (ork_session_get_mode (ork_window_get_session (windows->data)), ==, ORK_MODE_LIVE);
  g_object_set_data (G_OBJECT (app), "checked", GINT_TO_POINTER (TRUE));
  g_action_group_activate_action (G_ACTION_GROUP (app), "quit", NULL);
  return G_SOURCE_REMOVE;
}

/* In a process of its own: an application runs once. */
static void
test_start_hidden (void)
{
  OrkApplication *app;
  g_autofree char *path = g_build_filename (tmp_dir, "login.json", NULL);
  g_autoptr(GError) error = NULL;
  char *argv[] = { "orkestron", "--hidden", NULL };
  int status;

  if (!g_test_subprocess ())
    {
      g_test_trap_subprocess (NULL, 30 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_INHERIT_STDERR);
      g_test_trap_assert_passed ();
      return;
    }
  app = registered_app ();
  reset_all ();
  g_file_set_contents (path,
                       "{\"version\": 1, \"jobs\": [{\"id\": \"tick\", \"type\": \"sync\","
                       " \"schedule\": {\"kind\": \"interval\", \"every\": \"1h\"}}]}\n",
                       -1, &error);
  g_assert_no_error (error);
  ork_application_remember_workspace (path);

  g_idle_add (check_hidden_and_quit, app);
  status = g_application_run (G_APPLICATION (app), 2, argv);
  g_assert_cmpint (status, ==, 0);
  g_assert_true (GPOINTER_TO_INT (g_object_get_data (G_OBJECT (app), "checked")));
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int status;

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

  g_test_add_func ("/gui/preferences/defaults-shown", test_defaults_shown);
  g_test_add_func ("/gui/preferences/color-scheme", test_color_scheme);
  g_test_add_func ("/gui/preferences/new-workspace-defaults", test_new_workspace_defaults);
  g_test_add_func ("/gui/preferences/notifications-switch", test_notifications_switch);
  g_test_add_func ("/gui/preferences/window-size", test_window_size);
  g_test_add_func ("/gui/preferences/last-workspace", test_last_workspace);
  g_test_add_func ("/gui/notifications/final-failure", test_notify_final_failure);
  g_test_add_func ("/gui/notifications/not-in-simulation", test_no_notification_in_simulation);
  g_test_add_func ("/gui/notifications/missed-run", test_notify_missed_run);
  g_test_add_func ("/gui/format/numbers", test_format_numbers);
  g_test_add_func ("/gui/format/days", test_format_days);
  g_test_add_func ("/gui/background/start-hidden", test_start_hidden);
  g_test_add_func ("/gui/background/start-at-login", test_start_at_login);
  /* Last: it quits the application. */
  g_test_add_func ("/gui/background/keep-running", test_keep_running);

  status = g_test_run ();
  g_clear_object (&the_app);
  g_free (tmp_dir);
  return status;
}
