/* test-job-editor.c — the job editor: validation as the user types, save, previews
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>
#include <stdio.h>

#include "ork-cron.h"
#include "ork-job-editor.h"

/* 2026-11-26T00:00:00Z */
#define START_US (G_GINT64_CONSTANT (1795651200) * G_USEC_PER_SEC)

static char *tmp_dir;

static const char workspace_json[] =
  "{\"version\": 1,\n"
  " \"settings\": {\"groups\": {\"network\": 2}, \"timezone\": \"Europe/Berlin\", \"seed\": 7},\n"
  " \"jobs\": [\n"
  "  {\"id\": \"sync_001\", \"name\": \"Sync contacts\", \"type\": \"sync\",\n"
  "   \"schedule\": {\"kind\": \"interval\", \"every\": \"15m\"}},\n"
  "  {\"id\": \"report\", \"name\": \"Nightly report\", \"type\": \"batch\", \"enabled\": false,\n"
  "   \"priority\": \"critical\",\n"
  "   \"schedule\": {\"kind\": \"cron\", \"expr\": \"30 2 * * 1-5\", \"timezone\": \"America/New_York\"},\n"
  "   \"start_jitter\": \"45s\",\n"
  "   \"retry\": {\"max_retries\": 4, \"backoff\": \"linear\", \"initial\": \"3s\", \"max_delay\": \"1m\",\n"
  "             \"jitter\": \"equal\"},\n"
  "   \"timeout\": \"none\",\n"
  "   \"concurrency\": {\"max_running\": 3, \"overlap\": \"queue\", \"group\": \"network\"},\n"
  "   \"missed_runs\": {\"policy\": \"run_all\", \"grace\": \"5m\"},\n"
  "   \"quiet_hours\": {\"windows\": [{\"from\": \"12:00\", \"to\": \"13:00\", \"days\": [\"sat\"]}],\n"
  "                   \"policy\": \"skip\"},\n"
  "   \"simulation\": {\"latency\": {\"min\": \"1s\", \"max\": \"9s\"}, \"failure_rate\": 0.25,\n"
  "                  \"hang_rate\": 0.125},\n"
  "   \"tags\": [\"nightly\", \"finance\"]}\n"
  " ]}\n";

static void
iterate (void)
{
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

/* A session over a copy of workspace_json in the temporary directory, in a
 * paused simulation from START_US. */
static OrkSession *
open_session (const char *name)
{
  g_autofree char *path = g_build_filename (tmp_dir, name, NULL);
  g_autofree char *history = g_strconcat (path, ".db", NULL);
  g_autoptr(GError) error = NULL;
  OrkSession *session;

  g_file_set_contents (path, workspace_json, -1, &error);
  g_assert_no_error (error);
  session = ork_session_new_for_file (path, &error);
  g_assert_no_error (error);
  ork_session_start_simulation (session, START_US, 1, history);
  return session;
}

static OrkJob *
find_job (OrkSession *session,
          const char *id)
{
  OrkJob *job = ork_workspace_find_job (ork_session_get_workspace (session), id);

  g_assert_nonnull (job);
  return job;
}

static OrkJobEditor *
open_editor (OrkSession *session,
             OrkJob     *job,
             gboolean    duplicate)
{
  OrkJobEditor *editor = ORK_JOB_EDITOR (ork_job_editor_new (NULL, session, job, duplicate));

  g_object_ref_sink (editor);
  gtk_window_present (GTK_WINDOW (editor));
  iterate ();
  return editor;
}

static void
close_editor (OrkJobEditor *editor)
{
  gtk_window_destroy (GTK_WINDOW (editor));
  iterate ();
  g_object_unref (editor);
}

static gpointer
child (OrkJobEditor *editor,
       const char   *name)
{
  GObject *object = gtk_widget_get_template_child (GTK_WIDGET (editor), ORK_TYPE_JOB_EDITOR, name);

  g_assert_nonnull (object);
  return object;
}

static void
type_text (OrkJobEditor *editor,
           const char   *row,
           const char   *text)
{
  gtk_editable_set_text (GTK_EDITABLE (child (editor, row)), text);
  iterate ();
}

/* The message row shown under @row, or NULL. */
static const char *
message_under (GtkWidget *row)
{
  GtkWidget *next = gtk_widget_get_next_sibling (row);

  if (next == NULL || !gtk_widget_get_visible (next) ||
      !gtk_widget_has_css_class (next, "ork-field-message"))
    return NULL;
  return adw_preferences_row_get_title (ADW_PREFERENCES_ROW (next));
}

static gboolean
file_contains (const char *path,
               const char *needle)
{
  g_autofree char *contents = NULL;

  return g_file_get_contents (path, &contents, NULL, NULL) && strstr (contents, needle) != NULL;
}

/* ------------------------------------------------------------------------- */

static void
test_invalid_cron (void)
{
  g_autoptr(OrkSession) session = open_session ("cron.json");
  OrkJob *job = find_job (session, "report");
  OrkJobEditor *editor = open_editor (session, job, FALSE);
  GtkWidget *save = child (editor, "save_button");
  GtkWidget *cron_row = ork_job_editor_get_field_row (editor, "schedule.expr");
  g_autoptr(GError) error = NULL;
  g_autoptr(OrkCron) cron = NULL;

  g_assert_true (ork_job_editor_get_valid (editor));
  g_assert_true (gtk_widget_get_sensitive (save));
  g_assert_true (cron_row == child (editor, "cron_row"));
  g_assert_true (gtk_widget_get_visible (cron_row));
  g_assert_null (ork_job_editor_get_field_error (editor, "schedule.expr"));

  /* The message is the core's own. */
  cron = ork_cron_parse ("61 2 * * 1-5", NULL, &error);
  g_assert_null (cron);
  g_assert_nonnull (error);

  type_text (editor, "cron_row", "61 2 * * 1-5");
  g_assert_false (ork_job_editor_get_valid (editor));
  g_assert_false (gtk_widget_get_sensitive (save));
  g_assert_cmpstr (ork_job_editor_get_field_error (editor, "schedule.expr"), ==, error->message);
  g_assert_cmpstr (message_under (cron_row), ==, error->message);
  g_assert_true (gtk_widget_has_css_class (cron_row, "error"));
  /* Only that row. */
  g_assert_null (ork_job_editor_get_field_error (editor, "name"));
  g_assert_false (gtk_widget_has_css_class (child (editor, "name_row"), "error"));
  /* Save does nothing while invalid. */
  g_assert_false (ork_job_editor_save (editor));
  gtk_widget_activate_action (GTK_WIDGET (editor), "editor.save", NULL);
  iterate ();
  g_assert_cmpstr (ork_job_get_schedule (job)->expr, ==, "30 2 * * 1-5");

  /* A schedule that never fires is the core's error too, at the same row. */
  type_text (editor, "cron_row", "0 0 30 2 *");
  g_assert_false (ork_job_editor_get_valid (editor));
  g_assert_nonnull (ork_job_editor_get_field_error (editor, "schedule.expr"));
  g_assert_nonnull (strstr (ork_job_editor_get_field_error (editor, "schedule.expr"), "never"));

  type_text (editor, "cron_row", "45 3 * * *");
  g_assert_true (ork_job_editor_get_valid (editor));
  g_assert_true (gtk_widget_get_sensitive (save));
  g_assert_null (ork_job_editor_get_field_error (editor, "schedule.expr"));
  g_assert_null (message_under (cron_row));
  g_assert_false (gtk_widget_has_css_class (cron_row, "error"));

  /* Cancel discards the edit. */
  gtk_widget_activate_action (GTK_WIDGET (editor), "editor.cancel", NULL);
  iterate ();
  g_assert_cmpstr (ork_job_get_schedule (job)->expr, ==, "30 2 * * 1-5");
  close_editor (editor);
}

static void
test_field_errors (void)
{
  g_autoptr(OrkSession) session = open_session ("fields.json");
  OrkJobEditor *editor = open_editor (session, find_job (session, "report"), FALSE);
  const char *message;

  type_text (editor, "max_delay_row", "fast");
  g_assert_false (ork_job_editor_get_valid (editor));
  g_assert_cmpstr (ork_job_editor_get_field_error (editor, "retry.max_delay"), ==,
                   "expected a duration like \"5m\", got \"fast\"");
  type_text (editor, "max_delay_row", "2m");
  g_assert_true (ork_job_editor_get_valid (editor));

  /* Weekly: a bad time is shown at the times row. */
  adw_combo_row_set_selected (child (editor, "kind_row"), ORK_SCHEDULE_WEEKLY);
  iterate ();
  g_assert_true (ork_job_editor_get_valid (editor));
  type_text (editor, "times_row", "09:00, 25:00");
  g_assert_false (ork_job_editor_get_valid (editor));
  message = ork_job_editor_get_field_error (editor, "schedule.times");
  g_assert_nonnull (message);
  g_assert_nonnull (strstr (message, "25:00"));
  type_text (editor, "times_row", "09:00, 17:30");
  g_assert_true (ork_job_editor_get_valid (editor));

  /* Own quiet hours: a window's bad time is shown in that window. */
  g_assert_cmpuint (adw_combo_row_get_selected (child (editor, "quiet_mode_row")), ==, ORK_QUIET_OWN);
  {
    GtkWidget *from = ork_job_editor_get_field_row (editor, "quiet_hours.windows[0].from");

    g_assert_nonnull (from);
    gtk_editable_set_text (GTK_EDITABLE (from), "7pm");
    iterate ();
    g_assert_false (ork_job_editor_get_valid (editor));
    g_assert_nonnull (ork_job_editor_get_field_error (editor, "quiet_hours.windows[0].from"));
    g_assert_nonnull (message_under (from));
    gtk_editable_set_text (GTK_EDITABLE (from), "19:00");
    iterate ();
    g_assert_true (ork_job_editor_get_valid (editor));
  }

  /* The command rows appear with the type; an empty program is refused. */
  adw_combo_row_set_selected (child (editor, "type_row"), ORK_JOB_TYPE_COMMAND);
  iterate ();
  g_assert_true (gtk_widget_get_visible (child (editor, "argv_group")));
  g_assert_false (gtk_widget_get_visible (child (editor, "simulation_group")));
  g_assert_false (ork_job_editor_get_valid (editor));
  g_assert_nonnull (ork_job_editor_get_field_error (editor, "command.argv[0]"));
  gtk_editable_set_text (GTK_EDITABLE (ork_job_editor_get_field_row (editor, "command.argv[0]")),
                         "true");
  iterate ();
  g_assert_true (ork_job_editor_get_valid (editor));

  close_editor (editor);
}

static void
test_edit_interval_saves (void)
{
  g_autoptr(OrkSession) session = open_session ("edit.json");
  OrkJob *job = find_job (session, "sync_001");
  OrkJobEditor *editor = open_editor (session, job, FALSE);
  const char *path = ork_session_get_path (session);
  gint64 deadline;

  g_assert_false (file_contains (path, "\"every\" : \"40m\""));
  g_assert_cmpuint (gtk_drop_down_get_selected (child (editor, "every_unit")), ==, 2);
  g_assert_cmpfloat (gtk_spin_button_get_value (child (editor, "every_spin")), ==, 15);
  gtk_spin_button_set_value (child (editor, "every_spin"), 40);
  iterate ();
  g_assert_true (ork_job_editor_get_valid (editor));
  /* Nothing changes before Save. */
  g_assert_cmpint (ork_job_get_schedule (job)->every_ms, ==, 15 * 60000);

  g_assert_true (ork_job_editor_save (editor));
  g_assert_cmpint (ork_job_get_schedule (job)->every_ms, ==, 40 * 60000);
  g_assert_cmpstr (ork_job_get_name (job), ==, "Sync contacts");

  /* Autosave writes the file shortly after. */
  deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
  while (!file_contains (path, "\"40m\"") && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (file_contains (path, "\"40m\""));
  g_object_unref (editor);
}

static void
test_preview_matches_core (void)
{
  g_autoptr(OrkSession) session = open_session ("preview.json");
  OrkJob *job = find_job (session, "report");
  OrkJobEditor *editor = open_editor (session, job, FALSE);
  GTimeZone *tz = ork_workspace_get_time_zone (ork_session_get_workspace (session));
  GArray *fires = ork_job_editor_get_preview_fire_times (editor);
  gint64 after = ork_clock_now (ork_session_get_clock (session));

  g_assert_cmpint (after, ==, START_US);
  g_assert_cmpuint (fires->len, ==, 10);
  for (guint i = 0; i < fires->len; i++)
    {
      gint64 t = ork_schedule_next (ork_job_get_schedule (job), tz, after, G_MININT64);

      g_assert_cmpint (g_array_index (fires, gint64, i), ==, t);
      after = t;
    }

  /* The preview follows the form. */
  type_text (editor, "cron_row", "0 12 * * *");
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(OrkSchedule) s = ork_schedule_new_cron ("0 12 * * *", "America/New_York", &error);

    g_assert_no_error (error);
    g_assert_true (ork_schedule_prepare (s, &error));
    fires = ork_job_editor_get_preview_fire_times (editor);
    g_assert_cmpuint (fires->len, ==, 10);
    g_assert_cmpint (g_array_index (fires, gint64, 0), ==,
                     ork_schedule_next (s, tz, START_US, G_MININT64));
  }

  /* Invalid: no preview. */
  type_text (editor, "cron_row", "0 12 * *");
  g_assert_cmpuint (ork_job_editor_get_preview_fire_times (editor)->len, ==, 0);
  close_editor (editor);
}

static void
test_new_job (void)
{
  g_autoptr(OrkSession) session = open_session ("new.json");
  OrkWorkspace *ws = ork_session_get_workspace (session);
  OrkJobEditor *editor = open_editor (session, NULL, FALSE);
  OrkJob *job;

  /* sync_001 is taken. */
  g_assert_cmpstr (gtk_editable_get_text (child (editor, "id_row")), ==, "sync_002");
  g_assert_true (ork_job_editor_get_valid (editor));

  /* The suggestion follows the type until the user types an id. */
  adw_combo_row_set_selected (child (editor, "type_row"), ORK_JOB_TYPE_METRICS);
  iterate ();
  g_assert_cmpstr (gtk_editable_get_text (child (editor, "id_row")), ==, "metrics_001");
  g_assert_cmpuint (adw_combo_row_get_selected (child (editor, "priority_row")), ==,
                    ORK_PRIORITY_HIGH);

  /* A taken id is refused at the id row. */
  type_text (editor, "id_row", "report");
  g_assert_false (ork_job_editor_get_valid (editor));
  g_assert_nonnull (ork_job_editor_get_field_error (editor, "id"));
  type_text (editor, "id_row", "Bad Id");
  g_assert_false (ork_job_editor_get_valid (editor));
  g_assert_nonnull (strstr (ork_job_editor_get_field_error (editor, "id"), "invalid id"));
  type_text (editor, "id_row", "metrics_cpu");
  type_text (editor, "name_row", "CPU metrics");
  g_assert_true (ork_job_editor_get_valid (editor));

  g_assert_true (ork_job_editor_save (editor));
  g_assert_cmpuint (g_list_model_get_n_items (ork_workspace_get_jobs (ws)), ==, 3);
  job = find_job (session, "metrics_cpu");
  g_assert_cmpstr (ork_job_get_name (job), ==, "CPU metrics");
  g_assert_cmpint (ork_job_get_job_type (job), ==, ORK_JOB_TYPE_METRICS);
  g_assert_cmpint (ork_job_get_schedule (job)->kind, ==, ORK_SCHEDULE_INTERVAL);
  g_assert_cmpint (ork_job_get_schedule (job)->every_ms, ==, 300000);
  g_object_unref (editor);
}

static void
test_duplicate (void)
{
  g_autoptr(OrkSession) session = open_session ("dup.json");
  OrkWorkspace *ws = ork_session_get_workspace (session);
  OrkJob *orig = find_job (session, "report");
  OrkJobEditor *editor = open_editor (session, orig, TRUE);
  const char *id;
  OrkJob *copy;

  id = gtk_editable_get_text (child (editor, "id_row"));
  g_assert_cmpstr (id, ==, "report_001");
  g_assert_true (ork_job_editor_get_valid (editor));
  g_assert_true (ork_job_editor_save (editor));

  g_assert_cmpuint (g_list_model_get_n_items (ork_workspace_get_jobs (ws)), ==, 3);
  copy = find_job (session, "report_001");
  g_assert_true (copy != orig);
  g_assert_cmpstr (ork_job_get_name (copy), ==, "Nightly report (copy)");
  g_assert_cmpint (ork_job_get_job_type (copy), ==, ork_job_get_job_type (orig));
  g_assert_cmpint (ork_job_get_enabled (copy), ==, ork_job_get_enabled (orig));
  g_assert_cmpint (ork_job_get_priority (copy), ==, ork_job_get_priority (orig));
  g_assert_true (ork_schedule_equal (ork_job_get_schedule (copy), ork_job_get_schedule (orig)));
  g_assert_cmpint (ork_job_get_start_jitter (copy), ==, ork_job_get_start_jitter (orig));
  g_assert_true (ork_retry_policy_equal (ork_job_get_retry (copy), ork_job_get_retry (orig)));
  g_assert_cmpint (ork_job_get_timeout (copy), ==, ORK_DURATION_NONE);
  g_assert_cmpuint (ork_job_get_max_running (copy), ==, 3);
  g_assert_cmpint (ork_job_get_overlap (copy), ==, ORK_OVERLAP_QUEUE);
  g_assert_cmpstr (ork_job_get_group (copy), ==, "network");
  g_assert_cmpint (ork_job_get_missed_policy (copy), ==, ORK_MISSED_RUN_ALL);
  g_assert_cmpint (ork_job_get_missed_grace (copy), ==, 300000);
  g_assert_cmpint (ork_job_get_quiet_mode (copy), ==, ORK_QUIET_OWN);
  g_assert_true (ork_quiet_hours_equal (ork_job_get_quiet_hours (copy),
                                        ork_job_get_quiet_hours (orig)));
  g_assert_true (ork_sim_spec_equal (ork_job_get_simulation (copy),
                                     ork_job_get_simulation (orig)));
  g_assert_true (g_strv_equal ((const char * const *) ork_job_get_tags (copy),
                               (const char * const *) ork_job_get_tags (orig)));
  /* The original is untouched. */
  g_assert_cmpstr (ork_job_get_name (orig), ==, "Nightly report");
  g_object_unref (editor);
}

/* Every job of the sample opens valid, and saving it unchanged changes
 * nothing: the form reads back exactly what the job holds. */
static void
test_sample_round_trip (void)
{
  const char *dir = g_getenv ("ORK_SAMPLES_DIR");
  g_autofree char *sample = NULL;
  g_autofree char *path = g_build_filename (tmp_dir, "sample.json", NULL);
  g_autofree char *contents = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autoptr(OrkSession) session = NULL;
  g_autoptr(GError) error = NULL;
  GListModel *jobs;

  if (dir == NULL)
    {
      g_test_skip ("ORK_SAMPLES_DIR is not set");
      return;
    }
  sample = g_build_filename (dir, "demo.json", NULL);
  g_assert_true (g_file_get_contents (sample, &contents, NULL, &error));
  g_assert_true (g_file_set_contents (path, contents, -1, &error));
  session = ork_session_new_for_file (path, &error);
  g_assert_no_error (error);
  ork_session_set_autosave (session, FALSE);
  before = ork_workspace_to_data (ork_session_get_workspace (session), NULL);

  jobs = ork_workspace_get_jobs (ork_session_get_workspace (session));
  g_assert_cmpuint (g_list_model_get_n_items (jobs), >, 10);
  for (guint i = 0; i < g_list_model_get_n_items (jobs); i++)
    {
      g_autoptr(OrkJob) job = g_list_model_get_item (jobs, i);
      OrkJobEditor *editor = open_editor (session, job, FALSE);

      if (!ork_job_editor_get_valid (editor))
        g_error ("%s opens invalid", ork_job_get_id (job));
      g_assert_true (ork_job_editor_save (editor));
      g_object_unref (editor);
    }
  after = ork_workspace_to_data (ork_session_get_workspace (session), NULL);
  g_assert_cmpstr (after, ==, before);
}

static void
test_retry_preview (void)
{
  g_autoptr(OrkSession) session = open_session ("retry.json");
  OrkJobEditor *editor = open_editor (session, find_job (session, "sync_001"), FALSE);
  AdwPreferencesGroup *group = child (editor, "retry_preview_group");
  const char *description;

  /* Defaults: exponential from 2 s, three retries: 2 s + 4 s + 8 s. */
  g_assert_nonnull (strstr (adw_preferences_group_get_description (group),
                            "Gives up after 4 attempts, 14 s of waiting"));
  gtk_spin_button_set_value (child (editor, "max_retries_spin"), 0);
  iterate ();
  description = adw_preferences_group_get_description (group);
  g_assert_true (description == NULL || description[0] == '\0');
  close_editor (editor);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int status;

  tmp_dir = g_dir_make_tmp ("orkestron-editor-XXXXXX", &error);
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

  g_test_add_func ("/gui/job-editor/invalid-cron", test_invalid_cron);
  g_test_add_func ("/gui/job-editor/field-errors", test_field_errors);
  g_test_add_func ("/gui/job-editor/edit-interval-saves", test_edit_interval_saves);
  g_test_add_func ("/gui/job-editor/preview-matches-core", test_preview_matches_core);
  g_test_add_func ("/gui/job-editor/new-job", test_new_job);
  g_test_add_func ("/gui/job-editor/duplicate", test_duplicate);
  g_test_add_func ("/gui/job-editor/retry-preview", test_retry_preview);
  g_test_add_func ("/gui/job-editor/sample-round-trip", test_sample_round_trip);

  status = g_test_run ();
  g_free (tmp_dir);
  return status;
}
