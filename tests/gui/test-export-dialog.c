/* test-export-dialog.c — Export History: the file it writes, filters, no history
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <stdio.h>

#include "ork-export-dialog.h"

/* 2026-11-26T00:00:00Z */
#define START_US (G_GINT64_CONSTANT (1795651200) * G_USEC_PER_SEC)

static char *tmp_dir;

static const char workspace_json[] =
  "{\"version\": 1, \"settings\": {\"timezone\": \"UTC\"}, \"jobs\": [\n"
  "  {\"id\": \"sync_a\", \"type\": \"sync\", \"schedule\": {\"kind\": \"interval\", \"every\": \"1m\"},\n"
  "   \"simulation\": {\"failure_rate\": 0.3}},\n"
  "  {\"id\": \"clean_b\", \"type\": \"cleanup\", \"schedule\": {\"kind\": \"interval\", \"every\": \"7m\"}}\n"
  "]}\n";

static void
iterate (void)
{
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

/* A session over workspace_json whose simulation ran @steps events. */
static OrkSession *
open_session (const char *name,
              guint       steps)
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
  for (guint i = 0; i < steps; i++)
    ork_session_step (session);
  g_assert_true (ork_history_flush (ork_session_get_history (session), &error));
  g_assert_no_error (error);
  return session;
}

/* What the core writes for @filter, as NDJSON: the number of records. */
static guint64
core_count (OrkSession            *session,
            const OrkExportFilter *filter)
{
  g_autoptr(GOutputStream) out = g_memory_output_stream_new_resizable ();
  g_autoptr(GError) error = NULL;
  guint64 n = 0;

  g_assert_true (ork_history_export (ork_session_get_history (session), out,
                                     ORK_RECORD_FORMAT_NDJSON, filter, NULL, NULL, NULL,
                                     &n, &error));
  g_assert_no_error (error);
  return n;
}

static gpointer
child (OrkExportDialog *dialog,
       const char      *name)
{
  GObject *object = gtk_widget_get_template_child (GTK_WIDGET (dialog), ORK_TYPE_EXPORT_DIALOG,
                                                   name);

  g_assert_nonnull (object);
  return object;
}

typedef struct
{
  char    *path;
  guint64  n;
  gboolean done;
} Exported;

static void
on_exported (OrkExportDialog *dialog,
             const char      *path,
             guint64          n,
             Exported        *result)
{
  result->path = g_strdup (path);
  result->n = n;
  result->done = TRUE;
}

static void
on_destroy (GtkWidget *widget,
            gboolean  *destroyed)
{
  *destroyed = TRUE;
}

/* Runs the export and waits (bounded) until the dialog closes. */
static void
run_export (OrkExportDialog *dialog,
            Exported        *result)
{
  gboolean destroyed = FALSE;
  gint64 deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;

  g_signal_connect (dialog, "exported", G_CALLBACK (on_exported), result);
  g_signal_connect (dialog, "destroy", G_CALLBACK (on_destroy), &destroyed);
  gtk_widget_activate_action (GTK_WIDGET (dialog), "export.run", NULL);
  while (!destroyed && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (destroyed);
}

static guint
count_ndjson_lines (const char *path)
{
  g_autofree char *contents = NULL;
  g_auto(GStrv) lines = NULL;
  g_autoptr(GError) error = NULL;
  guint n = 0;

  g_assert_true (g_file_get_contents (path, &contents, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_str_has_suffix (contents, "\n"));
  lines = g_strsplit (contents, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_autoptr(JsonParser) parser = json_parser_new ();

      if (lines[i][0] == '\0')
        {
          g_assert_null (lines[i + 1]);
          break;
        }
      g_assert_true (json_parser_load_from_data (parser, lines[i], -1, &error));
      g_assert_no_error (error);
      g_assert_true (JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)));
      g_assert_true (json_object_has_member (json_node_get_object (json_parser_get_root (parser)),
                                             "jobId"));
      n++;
    }
  return n;
}

/* ------------------------------------------------------------------------- */

static void
test_export_ndjson (void)
{
  g_autoptr(OrkSession) session = open_session ("all.json", 400);
  g_autofree char *path = g_build_filename (tmp_dir, "all.ndjson", NULL);
  g_autofree char *part = g_strconcat (path, ".part", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  OrkExportDialog *dialog = ORK_EXPORT_DIALOG (ork_export_dialog_new (NULL, session));
  Exported result = { 0 };
  OrkExportFilter all;
  guint64 expected;

  ork_export_filter_init (&all);
  expected = core_count (session, &all);
  g_assert_cmpuint (expected, >, 100);

  gtk_window_present (GTK_WINDOW (dialog));
  iterate ();
  /* The form is offered, NDJSON by default. */
  g_assert_cmpstr (gtk_stack_get_visible_child_name (child (dialog, "stack")), ==, "form");
  g_assert_cmpuint (adw_combo_row_get_selected (child (dialog, "format_row")), ==, 2);
  g_assert_true (g_str_has_suffix (g_file_peek_path (ork_export_dialog_get_destination (dialog)),
                                   ".ndjson"));

  ork_export_dialog_set_destination (dialog, file);
  run_export (dialog, &result);

  g_assert_true (result.done);
  g_assert_cmpstr (result.path, ==, path);
  g_assert_cmpuint (result.n, ==, expected);
  g_assert_cmpuint (count_ndjson_lines (path), ==, expected);
  g_assert_false (g_file_test (part, G_FILE_TEST_EXISTS));
  g_free (result.path);
}

static void
test_export_filtered_csv (void)
{
  g_autoptr(OrkSession) session = open_session ("filtered.json", 400);
  g_autofree char *path = g_build_filename (tmp_dir, "failed.csv", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  OrkExportDialog *dialog = ORK_EXPORT_DIALOG (ork_export_dialog_new (NULL, session));
  g_autofree char *contents = NULL;
  g_auto(GStrv) lines = NULL;
  Exported result = { 0 };
  OrkExportFilter filter;
  guint64 expected;

  ork_export_filter_init (&filter);
  filter.job_id = "sync_a";
  filter.has_status = TRUE;
  filter.status = ORK_RUN_FAILED;
  filter.since = START_US + 10 * 60 * G_USEC_PER_SEC;
  expected = core_count (session, &filter);
  g_assert_cmpuint (expected, >, 0);
  g_assert_cmpuint (expected, <, core_count (session, &(OrkExportFilter) { .since = ORK_TIME_UNSET,
                                                                          .until = ORK_TIME_NEVER }));

  gtk_window_present (GTK_WINDOW (dialog));
  iterate ();
  adw_combo_row_set_selected (child (dialog, "format_row"), 0);  /* CSV */
  /* The jobs in workspace order after "All jobs". */
  adw_combo_row_set_selected (child (dialog, "job_row"), 1);
  adw_combo_row_set_selected (child (dialog, "status_row"), 2);  /* Failed */
  gtk_editable_set_text (child (dialog, "since_row"), "2026-11-26T00:10:00Z");
  ork_export_dialog_set_destination (dialog, file);

  /* A bad time is refused at its row, and nothing runs. */
  gtk_editable_set_text (child (dialog, "until_row"), "tomorrow");
  gtk_widget_activate_action (GTK_WIDGET (dialog), "export.run", NULL);
  iterate ();
  g_assert_false (ork_export_dialog_get_running (dialog));
  g_assert_true (gtk_widget_has_css_class (child (dialog, "until_row"), "error"));
  g_assert_true (gtk_widget_get_visible (child (dialog, "message_group")));
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  gtk_editable_set_text (child (dialog, "until_row"), "");

  run_export (dialog, &result);
  g_assert_cmpuint (result.n, ==, expected);
  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  lines = g_strsplit (contents, "\n", -1);
  /* A header, the rows, and the empty string after the last "\n". */
  g_assert_cmpuint (g_strv_length (lines), ==, expected + 2);
  g_assert_true (g_str_has_prefix (lines[0], "jobId,"));
  for (guint i = 1; i <= expected; i++)
    {
      g_assert_true (g_str_has_prefix (lines[i], "sync_a,"));
      g_assert_nonnull (strstr (lines[i], ",FAILED,"));
    }
  g_free (result.path);
}

static void
test_no_history (void)
{
  g_autoptr(OrkWorkspace) ws = ork_workspace_new ();
  g_autoptr(OrkSession) session = ork_session_new (ws, NULL);
  OrkExportDialog *dialog = ORK_EXPORT_DIALOG (ork_export_dialog_new (NULL, session));
  gboolean destroyed = FALSE;

  g_assert_null (ork_session_get_history (session));
  gtk_window_present (GTK_WINDOW (dialog));
  iterate ();
  g_assert_cmpstr (gtk_stack_get_visible_child_name (child (dialog, "stack")), ==, "unavailable");
  g_assert_nonnull (adw_status_page_get_description (child (dialog, "status_page")));
  g_assert_false (gtk_widget_get_sensitive (child (dialog, "export_button")));

  /* Cancel closes. */
  g_signal_connect (dialog, "destroy", G_CALLBACK (on_destroy), &destroyed);
  gtk_widget_activate_action (GTK_WIDGET (dialog), "export.cancel", NULL);
  iterate ();
  g_assert_true (destroyed);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int status;

  tmp_dir = g_dir_make_tmp ("orkestron-export-XXXXXX", &error);
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

  g_test_add_func ("/gui/export-dialog/ndjson", test_export_ndjson);
  g_test_add_func ("/gui/export-dialog/filtered-csv", test_export_filtered_csv);
  g_test_add_func ("/gui/export-dialog/no-history", test_no_history);

  status = g_test_run ();
  g_free (tmp_dir);
  return status;
}
