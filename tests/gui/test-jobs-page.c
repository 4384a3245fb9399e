/* test-jobs-page.c — the Jobs page and the job detail, driven through actions
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <locale.h>

#include <adwaita.h>
#include <glib/gstdio.h>
#include <stdio.h>
#include <string.h>

#include "ork-format.h"
#include "ork-job-detail.h"
#include "ork-job-rows.h"
#include "ork-job-summary.h"
#include "ork-jobs-page.h"

/* 2026-11-26T00:00:00Z */
#define START_US (G_GINT64_CONSTANT (1795651200) * G_USEC_PER_SEC)

enum { COL_NAME, COL_TYPE, COL_SCHEDULE, COL_STATUS, COL_LAST, COL_NEXT, COL_SUCCESS, COL_P95 };

static char *tmp_dir;
static guint n_copies;

typedef struct
{
  OrkSession  *session;
  GtkWindow   *window;
  OrkJobsPage *page;
  AdwToast    *toast;
} Fixture;

static void
iterate (void)
{
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

static void
on_toast (OrkJobsPage *page,
          AdwToast    *toast,
          Fixture     *f)
{
  g_set_object (&f->toast, toast);
}

static void
fixture_open_data (Fixture    *f,
                   const char *json,
                   gint64      start_us)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *name = g_strdup_printf ("jobs-%u.json", ++n_copies);
  g_autofree char *path = g_build_filename (tmp_dir, name, NULL);

  g_file_set_contents (path, json, -1, &error);
  g_assert_no_error (error);
  f->session = ork_session_new_for_file (path, &error);
  g_assert_no_error (error);
  ork_session_start_simulation (f->session, start_us, 1, NULL);

  f->window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_default_size (f->window, 1260, 760);
  f->page = ORK_JOBS_PAGE (ork_jobs_page_new (f->session));
  g_signal_connect (f->page, "toast", G_CALLBACK (on_toast), f);
  gtk_window_set_child (f->window, GTK_WIDGET (f->page));
  gtk_window_present (f->window);
  iterate ();
}

static void
fixture_open (Fixture *f)
{
  g_autofree char *src = g_build_filename (g_getenv ("ORK_SAMPLES_DIR"), "demo.json", NULL);
  g_autofree char *json = NULL;
  g_autoptr(GError) error = NULL;

  g_file_get_contents (src, &json, NULL, &error);
  g_assert_no_error (error);
  fixture_open_data (f, json, START_US);
}

static void
fixture_close (Fixture *f)
{
  g_clear_object (&f->toast);
  gtk_window_destroy (f->window);
  iterate ();
  ork_session_stop (f->session);
  g_clear_object (&f->session);
}

static OrkWorkspace *
workspace (Fixture *f)
{
  return ork_session_get_workspace (f->session);
}

static guint
n_rows (Fixture *f)
{
  return g_list_model_get_n_items (G_LIST_MODEL (ork_jobs_page_get_selection (f->page)));
}

static GtkWidget *
child_of (Fixture    *f,
          const char *name)
{
  GObject *child = gtk_widget_get_template_child (GTK_WIDGET (f->page), ORK_TYPE_JOBS_PAGE, name);

  g_assert_nonnull (child);
  return GTK_WIDGET (child);
}

static gboolean
sensitive (Fixture    *f,
           const char *button)
{
  return gtk_widget_get_sensitive (child_of (f, button));
}

static void
collect_inscriptions (GtkWidget *widget,
                      GPtrArray *out)
{
  if (GTK_IS_INSCRIPTION (widget))
    g_ptr_array_add (out, widget);
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c != NULL; c = gtk_widget_get_next_sibling (c))
    collect_inscriptions (c, out);
}

static const char *
job_id_of (Fixture    *f,
           const char *name)
{
  GListModel *jobs = ork_workspace_get_jobs (ork_session_get_workspace (f->session));

  for (guint i = 0; i < g_list_model_get_n_items (jobs); i++)
    {
      g_autoptr(OrkJob) job = g_list_model_get_item (jobs, i);

      if (g_strcmp0 (ork_job_get_name (job), name) == 0)
        return ork_job_get_id (job);
    }
  g_assert_not_reached ();
}

/* The texts of the cells in the shown row whose name cell reads @name. */
static GPtrArray *
row_texts (Fixture    *f,
           const char *name)
{
  g_autoptr(GPtrArray) all = g_ptr_array_new ();
  GPtrArray *texts = g_ptr_array_new_with_free_func (g_free);
  GListModel *columns;

  collect_inscriptions (GTK_WIDGET (ork_jobs_page_get_column_view (f->page)), all);
  for (guint i = 0; i < all->len; i++)
    {
      GtkWidget *row;
      g_autoptr(GPtrArray) cells = g_ptr_array_new ();

      if (g_strcmp0 (gtk_inscription_get_text (all->pdata[i]), name) != 0 ||
          !gtk_widget_get_mapped (all->pdata[i]))
        continue;
      for (row = all->pdata[i]; row != NULL; row = gtk_widget_get_parent (row))
        if (g_str_equal (gtk_widget_get_css_name (row), "row"))
          break;
      g_assert_nonnull (row);
      collect_inscriptions (row, cells);
      /* A column the width hides reads what its cell would show. */
      columns = gtk_column_view_get_columns (ork_jobs_page_get_column_view (f->page));
      for (guint c = 0, j = 0; c < g_list_model_get_n_items (columns); c++)
        {
          g_autoptr(GtkColumnViewColumn) column = g_list_model_get_item (columns, c);

          if (gtk_column_view_column_get_visible (column))
            {
              g_assert_cmpuint (j, <, cells->len);
              g_ptr_array_add (texts, g_strdup (gtk_inscription_get_text (cells->pdata[j++])));
            }
          else
            g_ptr_array_add (texts, ork_jobs_page_dup_cell_text (f->page, job_id_of (f, name), c));
        }
      return texts;
    }
  return texts;
}

/* The count under the list groups digits as the locale does. */
static void
test_count_grouped (void)
{
  g_autofree char *saved = g_strdup (setlocale (LC_NUMERIC, NULL));
  g_autoptr(GString) json = g_string_new ("{\"version\":1,\"jobs\":[");
  Fixture f = { 0 };

  for (guint j = 0; j < 1234; j++)
    g_string_append_printf (json, "%s{\"id\":\"j%u\",\"type\":\"sync\","
                            "\"schedule\":{\"kind\":\"manual\"}}", j == 0 ? "" : ",", j);
  g_string_append (json, "]}");
  if (setlocale (LC_NUMERIC, "de_DE.UTF-8") == NULL)
    {
      g_test_skip ("no de_DE.UTF-8 locale");
      return;
    }
  fixture_open_data (&f, json->str, START_US);
  g_assert_cmpstr (ork_jobs_page_get_count_text (f.page), ==, "1.234 of 1.234 jobs");
  fixture_close (&f);
  setlocale (LC_NUMERIC, saved);
}

static void
test_rows (void)
{
  Fixture f = { 0 };
  g_autoptr(GPtrArray) texts = NULL;
  OrkJob *job;
  g_autofree char *words = NULL;
  g_autofree char *cell = NULL;

  fixture_open (&f);
  g_assert_cmpuint (n_rows (&f), ==, 13);
  g_assert_cmpuint (g_list_model_get_n_items (ork_workspace_get_jobs (workspace (&f))), ==, 13);
  g_assert_cmpstr (ork_jobs_page_get_count_text (f.page), ==, "13 of 13 jobs");
  g_assert_cmpstr (ork_jobs_page_get_view_name (f.page), ==, "list");

  /* A name too long for its column keeps its end: names that differ at
   * their end stay told apart; the other columns keep their start. */
  {
    g_autoptr(GPtrArray) all = g_ptr_array_new ();

    collect_inscriptions (GTK_WIDGET (ork_jobs_page_get_column_view (f.page)), all);
    for (guint i = 0; i < all->len; i++)
      {
        const char *text = gtk_inscription_get_text (all->pdata[i]);

        if (g_strcmp0 (text, "Nightly backup") == 0)
          g_assert_cmpint (gtk_inscription_get_text_overflow (all->pdata[i]), ==,
                           GTK_INSCRIPTION_OVERFLOW_ELLIPSIZE_MIDDLE);
        else if (text != NULL && g_str_has_prefix (text, "Every day at 02:30"))
          g_assert_cmpint (gtk_inscription_get_text_overflow (all->pdata[i]), ==,
                           GTK_INSCRIPTION_OVERFLOW_ELLIPSIZE_END);
      }
  }

  /* What the row of a known job shows, as the widgets draw it. */
  texts = row_texts (&f, "Nightly backup");
  g_assert_cmpuint (texts->len, ==, 8);
  g_assert_cmpstr (texts->pdata[COL_TYPE], ==, "Batch");
  g_assert_cmpstr (texts->pdata[COL_SCHEDULE], ==, "Every day at 02:30 (Europe/Berlin)");
  g_assert_cmpstr (texts->pdata[COL_STATUS], ==, "Scheduled");
  g_assert_cmpstr (texts->pdata[COL_LAST], ==, "—");
  /* 02:30 CET is 01:30 UTC, 1 h 30 min after the start. */
  g_assert_cmpstr (texts->pdata[COL_NEXT], ==, "in 1 h");
  g_assert_cmpstr (texts->pdata[COL_SUCCESS], ==, "—");

  job = ork_workspace_find_job (workspace (&f), "nightly_backup");
  words = ork_schedule_describe (ork_job_get_schedule (job));
  g_assert_cmpstr (words, ==, texts->pdata[COL_SCHEDULE]);
  cell = ork_jobs_page_dup_cell_text (f.page, "nightly_backup", COL_NAME);
  g_assert_cmpstr (cell, ==, "Nightly backup");

  g_clear_pointer (&texts, g_ptr_array_unref);
  texts = row_texts (&f, "Check disk usage");
  g_assert_cmpstr (texts->pdata[COL_TYPE], ==, "Command");
  g_assert_cmpstr (texts->pdata[COL_SCHEDULE], ==, "Every 2 hours at :00");

  fixture_close (&f);
}

static void
test_search_and_filters (void)
{
  Fixture f = { 0 };

  fixture_open (&f);

  /* By name and by id: "sync" is in three names and in sync_mail's id. */
  ork_jobs_page_set_search_text (f.page, "sync");
  g_assert_cmpuint (n_rows (&f), ==, 4);
  g_assert_cmpstr (ork_jobs_page_get_count_text (f.page), ==, "4 of 13 jobs");
  ork_jobs_page_set_search_text (f.page, "SYNC C");
  g_assert_cmpuint (n_rows (&f), ==, 2);
  /* By tag. */
  ork_jobs_page_set_search_text (f.page, "maintenance");
  g_assert_cmpuint (n_rows (&f), ==, 2);
  g_assert_cmpstr (ork_jobs_page_get_count_text (f.page), ==, "2 of 13 jobs");
  ork_jobs_page_set_search_text (f.page, "no such job");
  g_assert_cmpuint (n_rows (&f), ==, 0);
  g_assert_cmpstr (ork_jobs_page_get_view_name (f.page), ==, "no-match");
  gtk_widget_activate_action (GTK_WIDGET (f.page), "jobs.clear-filters", NULL);
  g_assert_cmpuint (n_rows (&f), ==, 13);
  g_assert_null (ork_jobs_page_get_search_text (f.page));
  g_assert_cmpstr (ork_jobs_page_get_view_name (f.page), ==, "list");

  /* Status and type, through the dropdowns' properties. */
  ork_jobs_page_set_status_filter (f.page, ORK_JOB_STATUS_DISABLED);
  g_assert_cmpuint (n_rows (&f), ==, 1);
  g_assert_cmpuint (gtk_drop_down_get_selected (GTK_DROP_DOWN (child_of (&f, "status_filter"))),
                    !=, 0);
  ork_jobs_page_set_status_filter (f.page, -1);
  gtk_drop_down_set_selected (GTK_DROP_DOWN (child_of (&f, "type_filter")), 1 + ORK_JOB_TYPE_BATCH);
  g_assert_cmpint (ork_jobs_page_get_type_filter (f.page), ==, ORK_JOB_TYPE_BATCH);
  g_assert_cmpuint (n_rows (&f), ==, 5);
  g_assert_cmpstr (ork_jobs_page_get_count_text (f.page), ==, "5 of 13 jobs");
  ork_jobs_page_set_status_filter (f.page, ORK_JOB_STATUS_DISABLED);
  g_assert_cmpuint (n_rows (&f), ==, 1);
  ork_jobs_page_set_type_filter (f.page, -1);
  ork_jobs_page_set_status_filter (f.page, ORK_JOB_STATUS_SCHEDULED);
  g_assert_cmpuint (n_rows (&f), ==, 12);

  /* A job whose status changes leaves the filtered rows once announced. */
  g_assert_true (ork_jobs_page_select_job (f.page, "rotate_logs"));
  gtk_widget_activate_action (GTK_WIDGET (f.page), "jobs.pause", NULL);
  g_assert_cmpint (ork_job_get_status (ork_workspace_find_job (workspace (&f), "rotate_logs")),
                   ==, ORK_JOB_STATUS_PAUSED);
  ork_jobs_page_flush (f.page);
  g_assert_cmpuint (n_rows (&f), ==, 11);
  g_assert_cmpstr (ork_jobs_page_get_count_text (f.page), ==, "11 of 13 jobs");

  fixture_close (&f);
}

typedef struct
{
  const char *job_id;
  guint       n_records;
  OrkRunState last;
  gboolean    will_retry;
} Watch;

static void
on_record (OrkScheduler *scheduler,
           OrkRecord    *record,
           Watch        *watch)
{
  if (g_strcmp0 (record->job_id, watch->job_id) != 0)
    return;
  watch->n_records++;
  watch->last = record->status;
  watch->will_retry = record->next_retry_in >= 0;
}

static void
test_run_now (void)
{
  Fixture f = { 0 };
  OrkScheduler *scheduler;
  g_autoptr(GPtrArray) texts = NULL;
  Watch watch = { "rotate_logs", 0, 0, FALSE };
  gulong id;

  fixture_open (&f);
  scheduler = ork_session_get_scheduler (f.session);
  id = g_signal_connect (scheduler, "record", G_CALLBACK (on_record), &watch);

  g_assert_true (ork_jobs_page_select_job (f.page, "rotate_logs"));
  g_assert_true (sensitive (&f, "run_now_button"));
  g_assert_false (sensitive (&f, "cancel_button"));
  gtk_widget_activate_action (GTK_WIDGET (f.page), "jobs.run-now", NULL);

  /* The engine starts it at its next step. */
  g_assert_true (ork_session_step (f.session));
  iterate ();
  ork_jobs_page_flush (f.page);
  texts = row_texts (&f, "Rotate logs");
  g_assert_cmpstr (texts->pdata[COL_STATUS], ==, "Running");
  g_assert_true (sensitive (&f, "cancel_button"));

  for (guint i = 0; i < 10000 && watch.n_records == 0; i++)
    g_assert_true (ork_session_step (f.session));
  g_assert_cmpuint (watch.n_records, ==, 1);
  iterate ();
  ork_jobs_page_flush (f.page);
  g_clear_pointer (&texts, g_ptr_array_unref);
  texts = row_texts (&f, "Rotate logs");
  g_assert_cmpstr (texts->pdata[COL_STATUS], !=, "Running");
  g_assert_cmpstr (texts->pdata[COL_LAST], ==,
                   watch.last == ORK_RUN_SUCCEEDED ? "just now · Succeeded" : "just now · Failed");
  g_assert_cmpstr (texts->pdata[COL_SUCCESS], ==,
                   watch.last == ORK_RUN_SUCCEEDED ? "100 %" : "0 %");
  g_assert_cmpstr (texts->pdata[COL_P95], !=, "—");
  g_assert_false (sensitive (&f, "cancel_button"));

  /* The detail lists the run, newest first. */
  ork_job_detail_refresh (ORK_JOB_DETAIL (ork_jobs_page_get_detail (f.page)));
  g_assert_cmpuint (ork_job_detail_get_n_runs (ORK_JOB_DETAIL (ork_jobs_page_get_detail (f.page))),
                    ==, 1);
  g_assert_cmpstr (ork_job_detail_get_run_title (ORK_JOB_DETAIL (ork_jobs_page_get_detail (f.page)), 0),
                   ==, watch.last == ORK_RUN_SUCCEEDED ? "Run 1 · Succeeded" : "Run 1 · Failed");

  g_signal_handler_disconnect (scheduler, id);
  fixture_close (&f);
}

static void
test_retry (void)
{
  Fixture f = { 0 };
  OrkScheduler *scheduler;
  g_autoptr(GPtrArray) texts = NULL;
  Watch watch = { "sync_001", 0, 0, FALSE };
  gulong id;

  fixture_open (&f);
  scheduler = ork_session_get_scheduler (f.session);
  id = g_signal_connect (scheduler, "record", G_CALLBACK (on_record), &watch);

  /* Sync bookmarks fails one attempt in five: wait for one with a retry to follow. */
  for (guint i = 0; i < 100000 && !(watch.last == ORK_RUN_FAILED && watch.will_retry); i++)
    g_assert_true (ork_session_step (f.session));
  g_assert_true (watch.last == ORK_RUN_FAILED && watch.will_retry);
  iterate ();
  g_assert_true (ork_jobs_page_select_job (f.page, "sync_001"));
  ork_jobs_page_flush (f.page);
  g_assert_cmpint (ork_job_get_status (ork_workspace_find_job (workspace (&f), "sync_001")), ==,
                   ORK_JOB_STATUS_RETRYING);
  texts = row_texts (&f, "Sync bookmarks");
  g_assert_cmpstr (texts->pdata[COL_STATUS], ==, "Retrying");
  g_assert_true (g_str_has_suffix (texts->pdata[COL_LAST], "Failed, will retry"));
  g_assert_true (sensitive (&f, "retry_button"));
  g_assert_true (sensitive (&f, "cancel_button"));

  /* Retry now queues it at once. */
  gtk_widget_activate_action (GTK_WIDGET (f.page), "jobs.retry", NULL);
  g_assert_cmpint (ork_job_get_status (ork_workspace_find_job (workspace (&f), "sync_001")), !=,
                   ORK_JOB_STATUS_RETRYING);
  ork_jobs_page_flush (f.page);
  g_assert_false (sensitive (&f, "retry_button"));

  g_signal_handler_disconnect (scheduler, id);
  fixture_close (&f);
}

static guint
workspace_position (Fixture    *f,
                    const char *id)
{
  GListModel *jobs = ork_workspace_get_jobs (workspace (f));

  for (guint i = 0; i < g_list_model_get_n_items (jobs); i++)
    {
      g_autoptr(OrkJob) job = g_list_model_get_item (jobs, i);
      if (g_str_equal (ork_job_get_id (job), id))
        return i;
    }
  return G_MAXUINT;
}

static void
test_delete_undo (void)
{
  Fixture f = { 0 };

  fixture_open (&f);
  g_assert_cmpuint (workspace_position (&f, "purge_tmp"), ==, 5);

  g_assert_true (ork_jobs_page_select_job (f.page, "purge_tmp"));
  gtk_widget_activate_action (GTK_WIDGET (f.page), "jobs.delete", NULL);
  iterate ();
  g_assert_null (ork_workspace_find_job (workspace (&f), "purge_tmp"));
  g_assert_cmpuint (n_rows (&f), ==, 12);
  g_assert_cmpstr (ork_jobs_page_get_count_text (f.page), ==, "12 of 12 jobs");
  g_assert_null (ork_jobs_page_dup_cell_text (f.page, "purge_tmp", COL_NAME));

  g_assert_nonnull (f.toast);
  g_assert_cmpstr (adw_toast_get_title (f.toast), ==, "“Purge temporary files” deleted");
  g_assert_cmpstr (adw_toast_get_button_label (f.toast), ==, "_Undo");

  /* Undo: back at its place, shown again. */
  g_signal_emit_by_name (f.toast, "button-clicked");
  iterate ();
  g_assert_cmpuint (workspace_position (&f, "purge_tmp"), ==, 5);
  g_assert_cmpuint (n_rows (&f), ==, 13);
  g_assert_cmpstr (ork_jobs_page_get_count_text (f.page), ==, "13 of 13 jobs");
  {
    g_autofree char *name = ork_jobs_page_dup_cell_text (f.page, "purge_tmp", COL_NAME);
    g_assert_nonnull (name);
  }

  /* Several at once come back in their order too. */
  gtk_selection_model_select_range (ork_jobs_page_get_selection (f.page), 2, 3, TRUE);
  gtk_widget_activate_action (GTK_WIDGET (f.page), "jobs.delete", NULL);
  g_assert_cmpuint (n_rows (&f), ==, 10);
  g_assert_cmpstr (adw_toast_get_title (f.toast), ==, "3 jobs deleted");
  g_signal_emit_by_name (f.toast, "button-clicked");
  g_assert_cmpuint (workspace_position (&f, "sync_mail"), ==, 2);
  g_assert_cmpuint (workspace_position (&f, "nightly_backup"), ==, 3);
  g_assert_cmpuint (workspace_position (&f, "rotate_logs"), ==, 4);
  g_assert_cmpuint (n_rows (&f), ==, 13);

  fixture_close (&f);
}

static void
test_actions_follow_selection (void)
{
  Fixture f = { 0 };
  GtkSelectionModel *selection;

  fixture_open (&f);
  selection = ork_jobs_page_get_selection (f.page);

  /* Nothing selected: only "new" applies. */
  g_assert_false (sensitive (&f, "run_now_button"));
  g_assert_false (sensitive (&f, "pause_button"));
  g_assert_false (sensitive (&f, "edit_button"));
  g_assert_false (sensitive (&f, "delete_button"));

  g_assert_true (ork_jobs_page_select_job (f.page, "sync_contacts"));
  g_assert_true (sensitive (&f, "run_now_button"));
  g_assert_true (sensitive (&f, "pause_button"));
  g_assert_false (sensitive (&f, "resume_button"));
  g_assert_false (sensitive (&f, "retry_button"));
  g_assert_false (sensitive (&f, "cancel_button"));
  g_assert_true (sensitive (&f, "edit_button"));
  g_assert_true (sensitive (&f, "duplicate_button"));
  g_assert_true (sensitive (&f, "delete_button"));
  g_assert_true (ork_job_detail_get_job (ORK_JOB_DETAIL (ork_jobs_page_get_detail (f.page))) ==
                 ork_workspace_find_job (workspace (&f), "sync_contacts"));

  /* Pause: now it can be resumed, not paused. */
  gtk_widget_activate_action (GTK_WIDGET (f.page), "jobs.toggle-pause", NULL);
  g_assert_true (ork_job_get_paused (ork_workspace_find_job (workspace (&f), "sync_contacts")));
  g_assert_false (sensitive (&f, "pause_button"));
  g_assert_true (sensitive (&f, "resume_button"));
  gtk_widget_activate_action (GTK_WIDGET (f.page), "jobs.resume", NULL);
  g_assert_false (ork_job_get_paused (ork_workspace_find_job (workspace (&f), "sync_contacts")));

  /* Two jobs: edit and duplicate take one. */
  gtk_selection_model_select_range (selection, 0, 2, TRUE);
  g_assert_false (sensitive (&f, "edit_button"));
  g_assert_false (sensitive (&f, "duplicate_button"));
  g_assert_true (sensitive (&f, "delete_button"));
  g_assert_null (ork_job_detail_get_job (ORK_JOB_DETAIL (ork_jobs_page_get_detail (f.page))));

  /* A disabled job cannot run now. */
  g_assert_true (ork_jobs_page_select_job (f.page, "reindex_search"));
  g_assert_false (sensitive (&f, "run_now_button"));
  g_assert_true (sensitive (&f, "edit_button"));

  gtk_selection_model_unselect_all (selection);
  g_assert_false (sensitive (&f, "run_now_button"));
  g_assert_false (sensitive (&f, "delete_button"));

  fixture_close (&f);
}

static void
test_detail_fire_times (void)
{
  Fixture f = { 0 };
  OrkJobDetail *detail;
  GTimeZone *zone;
  OrkJob *job;
  gint64 t;

  fixture_open (&f);
  detail = ORK_JOB_DETAIL (ork_jobs_page_get_detail (f.page));
  zone = ork_workspace_get_time_zone (workspace (&f));

  g_assert_true (ork_jobs_page_select_job (f.page, "weekly_report"));
  job = ork_workspace_find_job (workspace (&f), "weekly_report");
  g_assert_true (ork_job_detail_get_job (detail) == job);
  g_assert_cmpuint (ork_job_detail_get_n_fires (detail), ==, 10);
  t = START_US;
  for (guint i = 0; i < 10; i++)
    {
      g_autofree char *title = NULL;

      t = ork_schedule_next (ork_job_get_schedule (job), zone, t, G_MININT64);
      g_assert_cmpint (ork_job_detail_get_fire_time (detail, i), ==, t);
      title = ork_format_time (t, zone);
      g_assert_cmpstr (ork_job_detail_get_fire_title (detail, i), ==, title);
    }
  /* Thursday 26 November, 09:00 in New York is 15:00 in Berlin. */
  g_assert_cmpstr (ork_job_detail_get_fire_title (detail, 0), ==, "Thu 26 Nov 2026, 15:00:00");
  g_assert_cmpstr (ork_job_detail_get_setting (detail, "Retries"), ==,
                   "Up to 3 retries, after 30 s, 2 min, 10 min, at most 5 min");
  g_assert_cmpstr (ork_job_detail_get_setting (detail, "Time Zone"), ==, "America/New_York");

  /* The workspace's quiet hours (22:00–06:30, defer) hold back the night's runs. */
  g_assert_true (ork_jobs_page_select_job (f.page, "sync_contacts"));
  g_assert_cmpuint (ork_job_detail_get_n_fires (detail), ==, 10);
  g_assert_nonnull (strstr (ork_job_detail_get_fire_subtitle (detail, 0),
                            "deferred by quiet hours to Thu 26 Nov 2026, 06:30:00"));

  /* Own quiet hours with skip: 09:00 and 15:00 on weekdays are skipped. */
  g_assert_true (ork_jobs_page_select_job (f.page, "refresh_thumbnails"));
  g_assert_cmpstr (ork_job_detail_get_fire_title (detail, 0), ==, "Thu 26 Nov 2026, 03:00:00");
  g_assert_null (strstr (ork_job_detail_get_fire_subtitle (detail, 0), "quiet hours"));
  g_assert_cmpstr (ork_job_detail_get_fire_title (detail, 1), ==, "Thu 26 Nov 2026, 09:00:00");
  g_assert_nonnull (strstr (ork_job_detail_get_fire_subtitle (detail, 1), "skipped: quiet hours"));

  fixture_close (&f);
}

static void
test_detail_dst (void)
{
  Fixture f = { 0 };
  OrkJobDetail *detail;
  guint marked = 0;
  /* 2026-03-25T00:00:00Z: Europe/Berlin springs forward on the 29th. */
  gint64 start = G_GINT64_CONSTANT (1774396800) * G_USEC_PER_SEC;

  fixture_open_data (&f,
                     "{\"version\":1,\"settings\":{\"timezone\":\"Europe/Berlin\"},\"jobs\":["
                     "{\"id\":\"night\",\"type\":\"batch\","
                     "\"schedule\":{\"kind\":\"cron\",\"expr\":\"30 2 * * *\"}}]}",
                     start);
  detail = ORK_JOB_DETAIL (ork_jobs_page_get_detail (f.page));
  g_assert_true (ork_jobs_page_select_job (f.page, "night"));
  g_assert_cmpuint (ork_job_detail_get_n_fires (detail), ==, 10);
  for (guint i = 0; i < 10; i++)
    if (strstr (ork_job_detail_get_fire_subtitle (detail, i), "clocks change: UTC+02:00") != NULL)
      {
        marked++;
        /* The gap's 02:30 runs once, at 03:00 CEST. */
        g_assert_cmpstr (ork_job_detail_get_fire_title (detail, i), ==, "Sun 29 Mar 2026, 03:00:00");
      }
  g_assert_cmpuint (marked, ==, 1);

  fixture_close (&f);
}

static void
test_empty (void)
{
  Fixture f = { 0 };

  fixture_open_data (&f, "{\"version\":1,\"jobs\":[]}", START_US);
  g_assert_cmpuint (n_rows (&f), ==, 0);
  g_assert_cmpstr (ork_jobs_page_get_view_name (f.page), ==, "empty");
  g_assert_cmpstr (ork_jobs_page_get_count_text (f.page), ==, "0 of 0 jobs");
  fixture_close (&f);
}

static void
test_summary (void)
{
  g_autoptr(OrkJobSummary) summary = ork_job_summary_new ("a");
  OrkRecord r = { 0 };

  g_assert_cmpint (ork_job_summary_get_p95 (summary), ==, -1);
  g_assert_cmpfloat (ork_job_summary_get_success_rate (summary), ==, -1);

  r.job_id = (char *) "a";
  r.next_retry_in = -1;
  for (int i = 1; i <= 1000; i++)
    {
      r.run_id = i;
      r.attempt = 1;
      r.status = i % 4 == 0 ? ORK_RUN_FAILED : ORK_RUN_SUCCEEDED;
      r.started_at = START_US;
      r.finished_at = START_US + (gint64) i * 1000;   /* i ms */
      r.decided_at = r.finished_at;
      ork_job_summary_add_record (summary, &r);
    }
  /* 950 ms, within the histogram's 2.2 %. */
  g_assert_cmpint (ork_job_summary_get_p95 (summary), >=, 929);
  g_assert_cmpint (ork_job_summary_get_p95 (summary), <=, 971);
  g_assert_cmpfloat_with_epsilon (ork_job_summary_get_success_rate (summary), 0.75, 1e-9);
  g_assert_cmpint (ork_job_summary_get_last_at (summary), ==, START_US + 1000000);
  g_assert_true (ork_job_summary_get_last_failed_for_good (summary));

  /* A failed attempt with a retry to follow does not count as a failed run. */
  r.status = ORK_RUN_FAILED;
  r.next_retry_in = 2000;
  ork_job_summary_add_record (summary, &r);
  g_assert_cmpuint (ork_job_summary_get_n_failed (summary), ==, 250);
  g_assert_true (ork_job_summary_get_last_will_retry (summary));
}

typedef struct
{
  guint position, removed, added, n;
} Changes;

static void
on_items_changed (GListModel *model,
                  guint       position,
                  guint       removed,
                  guint       added,
                  Changes    *c)
{
  c->position = position;
  c->removed = removed;
  c->added = added;
  c->n++;
}

static void
test_rows_model (void)
{
  g_autoptr(GListStore) store = g_list_store_new (ORK_TYPE_JOB);
  g_autoptr(OrkJobRows) rows = NULL;
  Changes c = { 0 };

  for (guint i = 0; i < 5; i++)
    {
      g_autofree char *id = g_strdup_printf ("job%u", i);
      g_autoptr(OrkJob) job = ork_job_new (id, ORK_JOB_TYPE_SYNC);
      g_list_store_append (store, job);
    }
  rows = ork_job_rows_new (G_LIST_MODEL (store), TRUE);
  g_signal_connect (rows, "items-changed", G_CALLBACK (on_items_changed), &c);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (rows)), ==, 5);

  /* A property change is announced once, later, as that row alone. */
  {
    g_autoptr(OrkJob) job = g_list_model_get_item (G_LIST_MODEL (store), 3);
    ork_job_set_status (job, ORK_JOB_STATUS_RUNNING);
    ork_job_set_status (job, ORK_JOB_STATUS_QUEUED);
  }
  g_assert_cmpuint (c.n, ==, 0);
  g_assert_cmpuint (ork_job_rows_get_n_pending (rows), ==, 1);
  ork_job_rows_flush (rows);
  g_assert_cmpuint (c.n, ==, 1);
  g_assert_cmpuint (c.position, ==, 3);
  g_assert_cmpuint (c.removed, ==, 1);
  g_assert_cmpuint (c.added, ==, 1);

  /* By id; neighbours together. */
  ork_job_rows_invalidate_id (rows, "job1");
  ork_job_rows_invalidate_id (rows, "job2");
  ork_job_rows_flush (rows);
  g_assert_cmpuint (c.n, ==, 2);
  g_assert_cmpuint (c.position, ==, 1);
  g_assert_cmpuint (c.added, ==, 2);

  /* The source's own changes pass through at once. */
  g_list_store_remove (store, 0);
  g_assert_cmpuint (c.n, ==, 3);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (rows)), ==, 4);

  /* Not watching, a job's change marks nothing (and the job has no notify
   * handler left); watching again, it does. */
  ork_job_rows_set_watch_all (rows, FALSE);
  {
    g_autoptr(OrkJob) job = g_list_model_get_item (G_LIST_MODEL (store), 1);

    ork_job_set_status (job, ORK_JOB_STATUS_FAILED);
    g_assert_cmpuint (ork_job_rows_get_n_pending (rows), ==, 0);
    g_assert_false (g_signal_has_handler_pending (job, g_signal_lookup ("notify", G_TYPE_OBJECT),
                                                  0, FALSE));
    ork_job_rows_set_watch_all (rows, TRUE);
    ork_job_set_status (job, ORK_JOB_STATUS_RUNNING);
    g_assert_cmpuint (ork_job_rows_get_n_pending (rows), ==, 1);
  }
}

/* Many scattered rows go out as one span (a sort model costs a pass over
 * all its items per emission); a few as a run each. */
static void
test_rows_model_span (void)
{
  g_autoptr(GListStore) store = g_list_store_new (ORK_TYPE_JOB);
  g_autoptr(OrkJobRows) rows = NULL;
  Changes c = { 0 };

  for (guint i = 0; i < 40; i++)
    {
      g_autofree char *id = g_strdup_printf ("job%u", i);
      g_autoptr(OrkJob) job = ork_job_new (id, ORK_JOB_TYPE_SYNC);
      g_list_store_append (store, job);
    }
  rows = ork_job_rows_new (G_LIST_MODEL (store), FALSE);
  g_signal_connect (rows, "items-changed", G_CALLBACK (on_items_changed), &c);

  for (guint i = 2; i < 2 + 2 * (ORK_JOB_ROWS_MAX_RUNS + 1); i += 2)
    {
      g_autofree char *id = g_strdup_printf ("job%u", i);
      ork_job_rows_invalidate_id (rows, id);
    }
  ork_job_rows_flush (rows);
  g_assert_cmpuint (c.n, ==, 1);
  g_assert_cmpuint (c.position, ==, 2);
  g_assert_cmpuint (c.removed, ==, 2 * ORK_JOB_ROWS_MAX_RUNS + 1);
  g_assert_cmpuint (c.added, ==, 2 * ORK_JOB_ROWS_MAX_RUNS + 1);

  ork_job_rows_invalidate_id (rows, "job5");
  ork_job_rows_invalidate_id (rows, "job20");
  ork_job_rows_invalidate_id (rows, "job21");
  ork_job_rows_flush (rows);
  g_assert_cmpuint (c.n, ==, 3);
  g_assert_cmpuint (c.position, ==, 20);
  g_assert_cmpuint (c.added, ==, 2);
}

static void
on_fast_forwarded (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  gboolean *done = user_data;
  g_autoptr(GError) error = NULL;

  g_assert_true (ork_session_fast_forward_finish (ORK_SESSION (source), result, &error));
  g_assert_no_error (error);
  *done = TRUE;
}

static void
fast_forward_to (OrkSession *session,
                 gint64      target_us)
{
  gboolean done = FALSE;

  ork_session_fast_forward (session, target_us, NULL, on_fast_forwarded, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
}

static void
wait_ms (guint ms)
{
  gint64 end = g_get_monotonic_time () + ms * 1000;

  while (g_get_monotonic_time () < end)
    {
      iterate ();
      g_usleep (5000);
    }
}

/* An expanded run stays expanded, in the same row, when newer runs arrive,
 * and what it says of its end follows the engine's clock. */
static void
test_detail_runs_in_place (void)
{
  Fixture f = { 0 };
  OrkJobDetail *detail;
  GtkListBox *list;
  GtkListBoxRow *row;
  g_autofree char *title = NULL;
  guint n_before;

  fixture_open (&f);
  detail = ORK_JOB_DETAIL (ork_jobs_page_get_detail (f.page));
  list = GTK_LIST_BOX (gtk_widget_get_template_child (GTK_WIDGET (detail), ORK_TYPE_JOB_DETAIL,
                                                      "runs_list"));
  g_assert_true (ork_jobs_page_select_job (f.page, "export_metrics"));
  fast_forward_to (f.session, START_US + G_GINT64_CONSTANT (7) * 3600 * G_USEC_PER_SEC);
  wait_ms (400);
  n_before = ork_job_detail_get_n_runs (detail);
  g_assert_cmpuint (n_before, >=, 5);

  row = gtk_list_box_get_row_at_index (list, 2);
  g_assert_true (ADW_IS_EXPANDER_ROW (row));
  title = g_strdup (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)));
  adw_expander_row_set_expanded (ADW_EXPANDER_ROW (row), TRUE);
  g_assert_nonnull (strstr (adw_expander_row_get_subtitle (ADW_EXPANDER_ROW (row)),
                            "ended 2 min ago"));

  /* Five simulated minutes later, five more runs came first. */
  fast_forward_to (f.session, START_US + (G_GINT64_CONSTANT (7) * 3600 + 300) * G_USEC_PER_SEC);
  wait_ms (400);
  g_assert_true (gtk_widget_get_parent (GTK_WIDGET (row)) == GTK_WIDGET (list));
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), ==, title);
  g_assert_true (adw_expander_row_get_expanded (ADW_EXPANDER_ROW (row)));
  g_assert_cmpint (gtk_list_box_row_get_index (row), >, 2);
  g_assert_nonnull (strstr (adw_expander_row_get_subtitle (ADW_EXPANDER_ROW (row)),
                            "ended 7 min ago"));
  fixture_close (&f);
}

/* Next Run names the fire that will run: past the fires quiet hours skip,
 * and at the end of the quiet hours for a deferred one. */
static void
test_next_run_quiet_hours (void)
{
  Fixture f = { 0 };
  g_autofree char *deferred = NULL;
  g_autofree char *expect_deferred = NULL;
  g_autofree char *skipped = NULL;
  g_autofree char *expect_skipped = NULL;
  gint64 now;

  fixture_open (&f);
  /* 01:00 in Berlin, inside the workspace's 22:00–06:30 (defer): the run
   * starts at 06:30 (05:30 UTC). */
  deferred = ork_jobs_page_dup_cell_text (f.page, "sync_contacts", COL_NEXT);
  expect_deferred = ork_format_relative (START_US + G_GINT64_CONSTANT (5 * 3600 + 1800) * G_USEC_PER_SEC,
                                         START_US);
  g_assert_cmpstr (deferred, ==, expect_deferred);

  /* At 03:30 in Berlin the next fires of refresh_thumbnails are 09:00 and
   * 15:00, both skipped by its own quiet hours (08:00–18:00 weekdays): the
   * next run is at 21:00 (20:00 UTC). */
  fast_forward_to (f.session, START_US + G_GINT64_CONSTANT (2 * 3600 + 1800) * G_USEC_PER_SEC);
  ork_jobs_page_flush (f.page);
  now = ork_clock_now (ork_session_get_clock (f.session));
  skipped = ork_jobs_page_dup_cell_text (f.page, "refresh_thumbnails", COL_NEXT);
  expect_skipped = ork_format_relative (START_US + G_GINT64_CONSTANT (20 * 3600) * G_USEC_PER_SEC,
                                        now);
  g_assert_cmpstr (skipped, ==, expect_skipped);
  g_assert_cmpstr (skipped, ==, "in 17 h");
  fixture_close (&f);
}

static gboolean
only_selected (Fixture    *f,
               const char *id)
{
  GtkSelectionModel *model = ork_jobs_page_get_selection (f->page);
  g_autoptr(GtkBitset) set = gtk_selection_model_get_selection (model);
  g_autoptr(OrkJob) job = NULL;

  if (gtk_bitset_get_size (set) != 1)
    return FALSE;
  job = g_list_model_get_item (G_LIST_MODEL (model), gtk_bitset_get_nth (set, 0));
  return g_strcmp0 (ork_job_get_id (job), id) == 0;
}

/* Changing the search keeps the selected job selected (and its detail
 * open) while it is shown, and brings it back when it shows again. */
static void
test_selection_survives_filter (void)
{
  Fixture f = { 0 };
  OrkJobDetail *detail;
  AdwFlap *flap;

  fixture_open (&f);
  detail = ORK_JOB_DETAIL (ork_jobs_page_get_detail (f.page));
  flap = ADW_FLAP (child_of (&f, "flap"));
  g_assert_true (ork_jobs_page_select_job (f.page, "sync_mail"));
  iterate ();
  g_assert_true (adw_flap_get_reveal_flap (flap));

  ork_jobs_page_set_search_text (f.page, "sync");
  g_assert_true (only_selected (&f, "sync_mail"));
  ork_jobs_page_set_search_text (f.page, "sync_m");
  g_assert_true (only_selected (&f, "sync_mail"));
  ork_jobs_page_set_search_text (f.page, NULL);
  iterate ();
  g_assert_cmpuint (n_rows (&f), ==, g_list_model_get_n_items (ork_workspace_get_jobs (workspace (&f))));
  g_assert_true (only_selected (&f, "sync_mail"));
  g_assert_true (ork_job_detail_get_job (detail) ==
                 ork_workspace_find_job (workspace (&f), "sync_mail"));
  g_assert_true (adw_flap_get_reveal_flap (flap));

  /* Hidden by the filter, then shown again. */
  ork_jobs_page_set_type_filter (f.page, ORK_JOB_TYPE_CLEANUP);
  g_assert_false (only_selected (&f, "sync_mail"));
  ork_jobs_page_set_type_filter (f.page, -1);
  g_assert_true (only_selected (&f, "sync_mail"));
  fixture_close (&f);
}

/* Which columns the list shows, by title, comma-separated (valid until the
 * next call). */
static const char *
shown_columns (Fixture *f)
{
  GListModel *columns = gtk_column_view_get_columns (ork_jobs_page_get_column_view (f->page));
  static GString *s;

  if (s == NULL)
    s = g_string_new (NULL);
  g_string_truncate (s, 0);

  for (guint i = 0; i < g_list_model_get_n_items (columns); i++)
    {
      g_autoptr(GtkColumnViewColumn) c = g_list_model_get_item (columns, i);

      if (gtk_column_view_column_get_visible (c))
        g_string_append_printf (s, "%s%s", s->len > 0 ? "," : "", gtk_column_view_column_get_title (c));
    }
  return s->str;
}

static void
resize (Fixture *f,
        int      width)
{
  /* Folding lowers the page's minimum width: a second request gets there. */
  gtk_window_set_default_size (f->window, width, 700);
  wait_ms (200);
  gtk_window_set_default_size (f->window, width + 1, 700);
  wait_ms (50);
  gtk_window_set_default_size (f->window, width, 700);
  wait_ms (200);
}

/* The page fits the window: columns give way by importance, the detail goes
 * over the list with a way back on a narrow window, and the toolbar keeps
 * its first buttons with the rest in a menu. */
static void
test_layout_widths (void)
{
  Fixture f = { 0 };
  GtkWidget *back;
  AdwFlap *flap;
  int min = 0;

  fixture_open (&f);
  flap = ADW_FLAP (child_of (&f, "flap"));
  back = GTK_WIDGET (gtk_widget_get_template_child (ork_jobs_page_get_detail (f.page),
                                                    ORK_TYPE_JOB_DETAIL, "back_button"));
  resize (&f, 1280);
  g_assert_cmpstr (shown_columns (&f), ==,
                   "Name,Type,Schedule,Status,Last Run,Next Run,Success,p95");
  g_assert_true (ork_jobs_page_select_job (f.page, "sync_mail"));
  wait_ms (300);
  g_assert_true (adw_flap_get_reveal_flap (flap));
  g_assert_false (adw_flap_get_folded (flap));
  g_assert_false (gtk_widget_get_visible (back));
  g_assert_cmpstr (shown_columns (&f), ==, "Name,Type,Schedule,Status,Last Run,Next Run,Success");

  resize (&f, 600);
  g_assert_true (adw_flap_get_folded (flap));
  g_assert_true (gtk_widget_get_visible (back));
  g_assert_cmpstr (shown_columns (&f), ==, "Name,Schedule,Status,Last Run");
  g_assert_true (gtk_widget_get_visible (child_of (&f, "more_button")));
  g_assert_false (gtk_widget_get_visible (child_of (&f, "secondary_box")));
  g_assert_true (gtk_widget_get_parent (child_of (&f, "filters_box")) == child_of (&f, "filters_row"));

  /* Back to the list. */
  gtk_widget_activate_action (back, "jobs.close-detail", NULL);
  wait_ms (300);
  g_assert_false (adw_flap_get_reveal_flap (flap));

  resize (&f, 360);
  g_assert_cmpstr (shown_columns (&f), ==, "Name,Status");
  gtk_widget_measure (GTK_WIDGET (f.page), GTK_ORIENTATION_HORIZONTAL, -1, &min, NULL, NULL, NULL);
  g_assert_cmpint (min, <=, 360);

  resize (&f, 1280);
  g_assert_false (gtk_widget_get_visible (child_of (&f, "more_button")));
  g_assert_true (gtk_widget_get_parent (child_of (&f, "filters_box")) == child_of (&f, "toolbar"));
  fixture_close (&f);
}

static OrkJob *
first_job (Fixture *f)
{
  g_autoptr(OrkJob) job = g_list_model_get_item (ork_workspace_get_jobs (workspace (f)), 0);

  return job;
}

/* Fast-forwards @session by a simulated day; the wall time in seconds. */
static double
fast_forward_day (OrkSession *session)
{
  gboolean done = FALSE;
  gint64 begin = g_get_monotonic_time ();

  ork_session_fast_forward (session, START_US + G_GINT64_CONSTANT (86400) * G_USEC_PER_SEC,
                            NULL, on_fast_forwarded, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
  return (g_get_monotonic_time () - begin) / (double) G_USEC_PER_SEC;
}

/* A simulated day of the demo workspace, with the page shown (and a job's
 * detail open) and with no window: the page must not slow the engine down
 * much. The figures go to bench/README.md ("gui-fast-forward"). */
static void
test_fast_forward_speed (void)
{
  g_autofree char *src = g_build_filename (g_getenv ("ORK_SAMPLES_DIR"), "demo.json", NULL);
  g_autofree char *json = NULL;
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(OrkSession) headless = NULL;
  double alone, listed, shown;
  Fixture f = { 0 };

  g_file_get_contents (src, &json, NULL, &error);
  g_assert_no_error (error);
  path = g_build_filename (tmp_dir, "speed-headless.json", NULL);
  g_file_set_contents (path, json, -1, &error);
  g_assert_no_error (error);
  headless = ork_session_new_for_file (path, &error);
  g_assert_no_error (error);
  ork_session_start_simulation (headless, START_US, 1, NULL);
  alone = fast_forward_day (headless);
  ork_session_stop (headless);

  fixture_open (&f);
  listed = fast_forward_day (f.session);
  fixture_close (&f);

  fixture_open (&f);
  g_assert_true (ork_jobs_page_select_job (f.page, ork_job_get_id (first_job (&f))));
  iterate ();
  shown = fast_forward_day (f.session);
  iterate ();

  g_test_message ("a simulated day of demo.json: %.3f s with no window, %.3f s with the Jobs "
                  "page (%.1f×), %.3f s with the page and a job's detail (%.1f×)",
                  alone, listed, listed / MAX (alone, 1e-6), shown, shown / MAX (alone, 1e-6));
  /* What the page shows caught up with the engine. */
  ork_jobs_page_flush (f.page);
  {
    g_autofree char *last = ork_jobs_page_dup_cell_text (f.page, ork_job_get_id (first_job (&f)),
                                                         COL_LAST);
    g_assert_nonnull (last);
  }
  fixture_close (&f);
}

typedef struct
{
  guint    n_paints;
  guint    n_changes;
  gboolean timed_out;
} Frames;

static void
on_after_paint (GdkFrameClock *clock,
                Frames        *frames)
{
  frames->n_paints++;
}

static void
on_shown_items_changed (GListModel *model,
                        guint       position,
                        guint       removed,
                        guint       added,
                        Frames     *frames)
{
  frames->n_changes++;
}

static gboolean
on_frame_guard (gpointer user_data)
{
  Frames *frames = user_data;

  frames->timed_out = TRUE;
  return G_SOURCE_REMOVE;
}

/* Runs the main loop until the window has painted one frame (asked for,
 * in case nothing on screen changes). The guard only stops a test that
 * would hang. */
static void
wait_for_frame (Fixture *f,
                Frames  *frames)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (GTK_WIDGET (f->window));
  guint n = frames->n_paints;
  gulong id;
  guint guard;

  g_assert_nonnull (clock);
  id = g_signal_connect (clock, "after-paint", G_CALLBACK (on_after_paint), frames);
  guard = g_timeout_add_seconds (30, on_frame_guard, frames);
  gtk_widget_queue_draw (GTK_WIDGET (f->window));
  while (frames->n_paints == n && !frames->timed_out)
    g_main_context_iteration (NULL, TRUE);
  g_assert_false (frames->timed_out);
  g_source_remove (guard);
  g_signal_handler_disconnect (clock, id);
}

static int
shown_position (Fixture    *f,
                const char *id)
{
  GListModel *model = G_LIST_MODEL (ork_jobs_page_get_selection (f->page));

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(OrkJob) job = g_list_model_get_item (model, i);

      if (g_str_equal (ork_job_get_id (job), id))
        return (int) i;
    }
  return -1;
}

/* A status the engine changes shows in the job's row on screen in the
 * frame that follows, without the row being announced again (moved or
 * rebound) while neither the sort nor the filter uses the status; with a
 * sort or a status filter the row moves, or leaves, once announced. */
static void
test_status_next_frame (void)
{
  Fixture f = { 0 };
  OrkScheduler *scheduler;
  GListModel *shown;
  g_autoptr(GPtrArray) texts = NULL;
  g_autoptr(GtkColumnViewColumn) status_column = NULL;
  g_autoptr(GtkColumnViewColumn) name_column = NULL;
  g_autoptr(GError) error = NULL;
  Frames frames = { 0 };
  gulong id;
  int pos;

  fixture_open (&f);
  scheduler = ork_session_get_scheduler (f.session);
  shown = G_LIST_MODEL (ork_jobs_page_get_selection (f.page));
  wait_for_frame (&f, &frames);
  texts = row_texts (&f, "Rotate logs");
  g_assert_cmpstr (texts->pdata[COL_STATUS], ==, "Scheduled");

  id = g_signal_connect (shown, "items-changed", G_CALLBACK (on_shown_items_changed), &frames);
  g_assert_true (ork_scheduler_pause_job (scheduler, "rotate_logs", &error));
  g_assert_no_error (error);
  wait_for_frame (&f, &frames);
  g_clear_pointer (&texts, g_ptr_array_unref);
  texts = row_texts (&f, "Rotate logs");
  g_assert_cmpstr (texts->pdata[COL_STATUS], ==, "Paused");
  g_assert_cmpuint (frames.n_changes, ==, 0);

  /* Unannounced changes still count when a filter starts to use them. */
  ork_jobs_page_set_status_filter (f.page, ORK_JOB_STATUS_PAUSED);
  g_assert_cmpuint (n_rows (&f), ==, 1);
  g_assert_cmpint (shown_position (&f, "rotate_logs"), ==, 0);
  g_assert_true (ork_scheduler_resume_job (scheduler, "rotate_logs", &error));
  g_assert_no_error (error);
  ork_jobs_page_flush (f.page);
  g_assert_cmpuint (n_rows (&f), ==, 0);
  ork_jobs_page_set_status_filter (f.page, -1);

  /* Sorted by name, a status change moves nothing. */
  name_column = g_list_model_get_item (gtk_column_view_get_columns (ork_jobs_page_get_column_view (f.page)),
                                       COL_NAME);
  gtk_column_view_sort_by_column (ork_jobs_page_get_column_view (f.page), name_column,
                                  GTK_SORT_ASCENDING);
  ork_jobs_page_flush (f.page);
  g_assert_cmpint (shown_position (&f, "disk_usage"), ==, 0);
  frames.n_changes = 0;
  g_assert_true (ork_scheduler_pause_job (scheduler, "rotate_logs", &error));
  g_assert_no_error (error);
  wait_for_frame (&f, &frames);
  ork_jobs_page_flush (f.page);
  g_clear_pointer (&texts, g_ptr_array_unref);
  texts = row_texts (&f, "Rotate logs");
  g_assert_cmpstr (texts->pdata[COL_STATUS], ==, "Paused");
  g_assert_cmpuint (frames.n_changes, ==, 0);
  g_assert_true (ork_scheduler_resume_job (scheduler, "rotate_logs", &error));
  g_assert_no_error (error);

  /* Sorted by status (running first, paused near the end): a job that
   * pauses shows it at the next frame, and moves down once announced. */
  status_column = g_list_model_get_item (gtk_column_view_get_columns (ork_jobs_page_get_column_view (f.page)),
                                         COL_STATUS);
  gtk_column_view_sort_by_column (ork_jobs_page_get_column_view (f.page), status_column,
                                  GTK_SORT_ASCENDING);
  ork_jobs_page_flush (f.page);
  wait_for_frame (&f, &frames);
  pos = shown_position (&f, "nightly_backup");
  g_assert_cmpint (pos, <, (int) n_rows (&f) - 2);
  frames.n_changes = 0;
  g_assert_true (ork_scheduler_pause_job (scheduler, "nightly_backup", &error));
  g_assert_no_error (error);
  wait_for_frame (&f, &frames);
  g_clear_pointer (&texts, g_ptr_array_unref);
  texts = row_texts (&f, "Nightly backup");
  g_assert_cmpstr (texts->pdata[COL_STATUS], ==, "Paused");
  ork_jobs_page_flush (f.page);
  g_assert_cmpuint (frames.n_changes, >, 0);
  /* After every scheduled job, before the disabled one. */
  g_assert_cmpint (shown_position (&f, "nightly_backup"), ==, (int) n_rows (&f) - 2);

  g_signal_handler_disconnect (shown, id);
  fixture_close (&f);
}

/* A row the list keeps bound off screen shows what changed while it was
 * away as soon as it scrolls into view. */
static void
test_offscreen_row_catches_up (void)
{
  Fixture f = { 0 };
  GListModel *shown;
  GtkWidget *scrolled;
  GtkAdjustment *adjustment;
  g_autoptr(OrkJob) last = NULL;
  g_autoptr(GPtrArray) texts = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *name = NULL;
  Frames frames = { 0 };

  fixture_open (&f);
  gtk_window_set_default_size (f.window, 1260, 320);
  wait_ms (200);
  shown = G_LIST_MODEL (ork_jobs_page_get_selection (f.page));
  last = g_list_model_get_item (shown, g_list_model_get_n_items (shown) - 1);
  name = g_strdup (ork_job_get_name (last));
  texts = row_texts (&f, name);
  g_assert_cmpuint (texts->len, ==, 0);

  g_assert_true (ork_scheduler_pause_job (ork_session_get_scheduler (f.session),
                                          ork_job_get_id (last), &error));
  g_assert_no_error (error);
  wait_for_frame (&f, &frames);

  scrolled = gtk_widget_get_ancestor (GTK_WIDGET (ork_jobs_page_get_column_view (f.page)),
                                      GTK_TYPE_SCROLLED_WINDOW);
  g_assert_nonnull (scrolled);
  adjustment = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scrolled));
  gtk_adjustment_set_value (adjustment, gtk_adjustment_get_upper (adjustment) -
                                        gtk_adjustment_get_page_size (adjustment));
  wait_for_frame (&f, &frames);
  wait_for_frame (&f, &frames);
  g_clear_pointer (&texts, g_ptr_array_unref);
  texts = row_texts (&f, name);
  g_assert_cmpuint (texts->len, ==, 8);
  g_assert_cmpstr (texts->pdata[COL_STATUS], ==, "Paused");
  fixture_close (&f);
}

/* Relative times on screen follow the engine's clock: within a second of
 * the clock moving on, every row on screen reads what the page would write
 * now. */
static void
test_times_follow_clock (void)
{
  Fixture f = { 0 };
  OrkClock *clock;
  g_autoptr(GPtrArray) texts = NULL;
  GListModel *shown;

  fixture_open (&f);
  clock = ork_session_get_clock (f.session);
  texts = row_texts (&f, "Nightly backup");
  g_assert_cmpstr (texts->pdata[COL_NEXT], ==, "in 1 h");

  /* 02:30 CET is 01:30 UTC: half an hour on it is under an hour away. */
  while (ork_clock_now (clock) < START_US + 31 * 60 * G_USEC_PER_SEC)
    g_assert_true (ork_session_step (f.session));
  wait_ms (1100);

  shown = G_LIST_MODEL (ork_jobs_page_get_selection (f.page));
  for (guint i = 0; i < g_list_model_get_n_items (shown); i++)
    {
      g_autoptr(OrkJob) job = g_list_model_get_item (shown, i);
      g_autoptr(GPtrArray) row = row_texts (&f, ork_job_get_name (job));
      g_autofree char *last = ork_jobs_page_dup_cell_text (f.page, ork_job_get_id (job), COL_LAST);
      g_autofree char *next = ork_jobs_page_dup_cell_text (f.page, ork_job_get_id (job), COL_NEXT);

      g_assert_cmpuint (row->len, ==, 8);
      g_assert_cmpstr (row->pdata[COL_LAST], ==, last);
      g_assert_cmpstr (row->pdata[COL_NEXT], ==, next);
    }
  g_clear_pointer (&texts, g_ptr_array_unref);
  texts = row_texts (&f, "Nightly backup");
  g_assert_true (g_str_has_suffix (texts->pdata[COL_NEXT], " min"));
  fixture_close (&f);
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

  tmp_dir = g_dir_make_tmp ("orkestron-jobs-page-XXXXXX", &error);
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

  g_test_add_func ("/gui/jobs-page/rows", test_rows);
  g_test_add_func ("/gui/jobs-page/count-grouped", test_count_grouped);
  g_test_add_func ("/gui/jobs-page/search-and-filters", test_search_and_filters);
  g_test_add_func ("/gui/jobs-page/run-now", test_run_now);
  g_test_add_func ("/gui/jobs-page/retry", test_retry);
  g_test_add_func ("/gui/jobs-page/delete-undo", test_delete_undo);
  g_test_add_func ("/gui/jobs-page/actions-follow-selection", test_actions_follow_selection);
  g_test_add_func ("/gui/jobs-page/detail-fire-times", test_detail_fire_times);
  g_test_add_func ("/gui/jobs-page/detail-dst", test_detail_dst);
  g_test_add_func ("/gui/jobs-page/empty", test_empty);
  g_test_add_func ("/gui/jobs-page/summary", test_summary);
  g_test_add_func ("/gui/jobs-page/rows-model", test_rows_model);
  g_test_add_func ("/gui/jobs-page/rows-model-span", test_rows_model_span);
  g_test_add_func ("/gui/jobs-page/detail-runs-in-place", test_detail_runs_in_place);
  g_test_add_func ("/gui/jobs-page/next-run-quiet-hours", test_next_run_quiet_hours);
  g_test_add_func ("/gui/jobs-page/selection-survives-filter", test_selection_survives_filter);
  g_test_add_func ("/gui/jobs-page/layout-widths", test_layout_widths);
  g_test_add_func ("/gui/jobs-page/fast-forward-speed", test_fast_forward_speed);
  g_test_add_func ("/gui/jobs-page/status-next-frame", test_status_next_frame);
  g_test_add_func ("/gui/jobs-page/offscreen-row-catches-up", test_offscreen_row_catches_up);
  g_test_add_func ("/gui/jobs-page/times-follow-clock", test_times_follow_clock);

  status = g_test_run ();
  remove_tree (tmp_dir);
  g_free (tmp_dir);
  return status;
}
