/* test-session.c — simulation and live engines, trust and autosave
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "ork-session.h"

/* 2026-11-26T00:00:00Z */
#define START G_GINT64_CONSTANT (1795651200000000)

static char *
write_workspace (const char *name,
                 const char *json)
{
  g_autofree char *dir = g_dir_make_tmp ("orkestron-session-XXXXXX", NULL);
  char *path = g_build_filename (dir, name, NULL);

  g_assert_true (g_file_set_contents (path, json, -1, NULL));
  return path;
}

static const char *interval_ws =
  "{\"version\":1,\"jobs\":[{\"id\":\"tick\",\"type\":\"sync\","
  "\"schedule\":{\"kind\":\"interval\",\"every\":\"1m\"},"
  "\"simulation\":{\"latency\":{\"fixed\":\"1s\"}}}]}";

typedef struct
{
  GMainLoop *loop;
  GPtrArray *progress;
  gboolean   ok;
  GError    *error;
} Wait;

static void
on_progress (OrkSession *session,
             GParamSpec *pspec,
             Wait       *wait)
{
  double p = ork_session_get_fast_forward_progress (session);
  g_ptr_array_add (wait->progress, g_memdup2 (&p, sizeof p));
}

static void
on_fast_forward_done (GObject      *object,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  Wait *wait = user_data;

  wait->ok = ork_session_fast_forward_finish (ORK_SESSION (object), result, &wait->error);
  g_main_loop_quit (wait->loop);
}

static void
test_simulation (void)
{
  g_autofree char *path = write_workspace ("sim.json", interval_ws);
  g_autoptr(GError) error = NULL;
  g_autoptr(OrkSession) session = ork_session_new_for_file (path, &error);
  g_autoptr(GPtrArray) runs = NULL;
  Wait wait = { g_main_loop_new (NULL, FALSE), g_ptr_array_new_with_free_func (g_free), FALSE, NULL };
  double last = -1;

  g_assert_no_error (error);
  ork_session_start_simulation (session, START, 7, NULL);
  g_assert_cmpint (ork_session_get_mode (session), ==, ORK_MODE_SIMULATION);
  g_assert_nonnull (ork_session_get_history (session));
  g_assert_null (ork_session_get_history_error (session));
  g_assert_cmpuint (ork_scheduler_get_seed (ork_session_get_scheduler (session)), ==, 7);

  /* Step: the first fire, at the start. */
  g_assert_true (ork_session_step (session));
  g_assert_cmpint (ork_clock_now (ork_session_get_clock (session)), ==, START);

  /* Fast-forward a day in slices, reporting progress. */
  g_signal_connect (session, "notify::fast-forward-progress", G_CALLBACK (on_progress), &wait);
  ork_session_fast_forward (session, START + G_GINT64_CONSTANT (86400) * G_USEC_PER_SEC, NULL,
                            on_fast_forward_done, &wait);
  g_main_loop_run (wait.loop);
  g_assert_no_error (wait.error);
  g_assert_true (wait.ok);
  g_assert_cmpint (ork_clock_now (ork_session_get_clock (session)), ==,
                   START + G_GINT64_CONSTANT (86400) * G_USEC_PER_SEC);
  g_assert_cmpuint (wait.progress->len, >=, 2);
  for (guint i = 0; i + 1 < wait.progress->len; i++)
    {
      double p = *(double *) wait.progress->pdata[i];
      g_assert_cmpfloat (p, >=, last);
      g_assert_cmpfloat (p, <=, 1.0);
      last = p;
    }
  g_assert_cmpfloat (*(double *) wait.progress->pdata[wait.progress->len - 1], ==, -1.0);

  /* Everything reached the simulated history. */
  g_assert_true (ork_history_flush (ork_session_get_history (session), &error));
  g_assert_no_error (error);
  runs = ork_history_list_job_runs (ork_session_get_history (session), "tick", 0, 5000, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (runs->len, ==, 1440);

  /* And the metrics counted them (the charts read these). */
  {
    OrkMetricsSummary summary;

    ork_metrics_flush (ork_session_get_metrics (session));
    ork_metrics_get_summary (ork_session_get_metrics (session), "tick", ORK_TIME_UNSET,
                             ORK_TIME_NEVER, &summary);
    g_assert_cmpuint (summary.n_finished, ==, 1440);
    g_assert_cmpuint (summary.runs_by_state[ORK_RUN_SUCCEEDED], ==, 1440);
    /* A new simulation starts them from nothing. */
    ork_session_start_simulation (session, START, 8, NULL);
    ork_metrics_get_summary (ork_session_get_metrics (session), NULL, ORK_TIME_UNSET,
                             ORK_TIME_NEVER, &summary);
    g_assert_cmpuint (summary.n_runs, ==, 0);
  }

  g_main_loop_unref (wait.loop);
  g_ptr_array_unref (wait.progress);
}

static void
test_fast_forward_cancel (void)
{
  g_autofree char *path = write_workspace ("cancel.json", interval_ws);
  g_autoptr(OrkSession) session = ork_session_new_for_file (path, NULL);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  Wait wait = { g_main_loop_new (NULL, FALSE), g_ptr_array_new_with_free_func (g_free), FALSE, NULL };
  gint64 now;

  ork_session_start_simulation (session, START, 1, NULL);
  ork_session_fast_forward (session, START + G_GINT64_CONSTANT (3650) * 86400 * G_USEC_PER_SEC,
                            cancellable, on_fast_forward_done, &wait);
  g_cancellable_cancel (cancellable);
  g_main_loop_run (wait.loop);
  g_assert_false (wait.ok);
  g_assert_error (wait.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  now = ork_clock_now (ork_session_get_clock (session));
  g_assert_cmpint (now, <, START + G_GINT64_CONSTANT (3650) * 86400 * G_USEC_PER_SEC);
  g_assert_cmpfloat (ork_session_get_fast_forward_progress (session), ==, -1.0);

  g_clear_error (&wait.error);
  g_main_loop_unref (wait.loop);
  g_ptr_array_unref (wait.progress);
}

/* A second simulation of the same workspace (the app open twice) cannot
 * share the simulation history: it keeps a private one, removed when it
 * stops, instead of running without. */
static void
test_second_simulation_private_history (void)
{
  g_autofree char *path = write_workspace ("twice.json", interval_ws);
  g_autofree char *shared = ork_history_default_path (path, TRUE);
  g_autofree char *private_path = NULL;
  g_autofree char *private_dir = NULL;
  g_autoptr(OrkSession) first = ork_session_new_for_file (path, NULL);
  g_autoptr(OrkSession) second = ork_session_new_for_file (path, NULL);
  g_autoptr(GError) error = NULL;
  OrkHistoryCounts counts;

  ork_session_start_simulation (first, START, 1, NULL);
  g_assert_null (ork_session_get_history_error (first));
  g_assert_cmpstr (ork_history_get_path (ork_session_get_history (first)), ==, shared);

  ork_session_start_simulation (second, START, 1, NULL);
  g_assert_null (ork_session_get_history_error (second));
  g_assert_nonnull (ork_session_get_history (second));
  private_path = g_strdup (ork_history_get_path (ork_session_get_history (second)));
  g_assert_cmpstr (private_path, !=, shared);
  private_dir = g_path_get_dirname (private_path);

  /* It records. */
  for (guint i = 0; i < 20; i++)
    ork_session_step (second);
  g_assert_true (ork_history_flush (ork_session_get_history (second), &error));
  g_assert_true (ork_history_count_by_state (ork_session_get_history (second), NULL,
                                             ORK_TIME_UNSET, ORK_TIME_NEVER, &counts, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (counts.total, >, 0);

  ork_session_stop (second);
  g_assert_false (g_file_test (private_dir, G_FILE_TEST_EXISTS));
  ork_session_stop (first);
  g_assert_true (g_file_test (shared, G_FILE_TEST_EXISTS));
}

static void
test_live_lock (void)
{
  g_autofree char *path = write_workspace ("live.json", interval_ws);
  g_autoptr(GError) error = NULL;
  g_autoptr(OrkSession) first = ork_session_new_for_file (path, NULL);
  g_autoptr(OrkSession) second = ork_session_new_for_file (path, NULL);

  g_assert_true (ork_session_start_live (first, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (ork_session_get_mode (first), ==, ORK_MODE_LIVE);
  g_assert_true (ORK_IS_SYSTEM_CLOCK (ork_session_get_clock (first)));

  /* One live engine per workspace. */
  g_assert_false (ork_session_start_live (second, NULL, &error));
  g_assert_error (error, ORK_HISTORY_ERROR, ORK_HISTORY_ERROR_LOCKED);
  g_assert_null (ork_session_get_scheduler (second));
  g_clear_error (&error);

  /* Once the first stops, the second may start. */
  ork_session_stop (first);
  g_assert_true (ork_session_start_live (second, NULL, &error));
  g_assert_no_error (error);
}

typedef struct
{
  GPtrArray *records;
  GMainLoop *loop;
  guint      want;     /* quit after this many records that are not SKIPPED */
  guint      started;
} Collect;

static void
on_record (OrkScheduler *scheduler,
           OrkRecord    *record,
           Collect      *collect)
{
  g_ptr_array_add (collect->records, ork_record_copy (record));
  if (record->status != ORK_RUN_SKIPPED && ++collect->started >= collect->want)
    g_main_loop_quit (collect->loop);
}

static gboolean
on_timeout_quit (gpointer user_data)
{
  g_main_loop_quit (user_data);
  return G_SOURCE_REMOVE;
}

#define QUICK_WS(policy) \
  "{\"version\":1,\"jobs\":[{\"id\":\"tick\",\"type\":\"sync\"," \
  "\"missed_runs\":{\"policy\":\"" policy "\",\"grace\":\"1m\"}," \
  "\"schedule\":{\"kind\":\"interval\",\"every\":\"1m\"}," \
  "\"simulation\":{\"latency\":{\"fixed\":\"1ms\"}}}]}"

/* A previous live engine ran @json's job from 70 to 10 minutes ago; then a
 * live session starts and collects records until @want have run. */
static GPtrArray *
run_after_gap (const char *name,
               const char *json,
               guint       want)
{
  g_autofree char *path = write_workspace (name, json);
  g_autofree char *history_path = ork_history_default_path (path, FALSE);
  g_autoptr(GError) error = NULL;
  g_autoptr(OrkSession) session = NULL;
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  Collect collect = { g_ptr_array_new_with_free_func ((GDestroyNotify) ork_record_free),
                      loop, want, 0 };
  gint64 wall = g_get_real_time ();
  guint guard;

  {
    g_autoptr(OrkWorkspace) ws = ork_workspace_load_from_data (json, -1, "ws", NULL, &error);
    g_autoptr(OrkHistory) history = ork_history_open (history_path, ORK_HISTORY_MODE_LIVE, &error);
    g_autoptr(OrkClock) clock = ork_virtual_clock_new (wall - G_GINT64_CONSTANT (70 * 60) * G_USEC_PER_SEC);
    g_autoptr(OrkScheduler) scheduler = ork_scheduler_new (ws, clock);

    g_assert_no_error (error);
    ork_history_attach (history, scheduler);
    ork_scheduler_start (scheduler);
    ork_virtual_clock_advance_to (ORK_VIRTUAL_CLOCK (clock),
                                  wall - G_GINT64_CONSTANT (10 * 60) * G_USEC_PER_SEC);
    g_object_unref (g_steal_pointer (&scheduler));
    g_assert_true (ork_history_close (history, &error));
    g_assert_no_error (error);
  }

  session = ork_session_new_for_file (path, NULL);
  g_assert_true (ork_session_start_live (session, NULL, &error));
  g_assert_no_error (error);
  /* The metrics start from the history the previous engine left: its hour
   * of runs, one a minute. */
  {
    OrkMetricsSummary summary;

    ork_metrics_get_summary (ork_session_get_metrics (session), "tick", ORK_TIME_UNSET,
                             ORK_TIME_NEVER, &summary);
    g_assert_cmpuint (summary.n_finished, >=, 59);
    g_assert_cmpuint (summary.n_finished, <=, 61);
  }
  g_signal_connect (ork_session_get_scheduler (session), "record", G_CALLBACK (on_record), &collect);
  guard = g_timeout_add_seconds (20, on_timeout_quit, loop);
  g_main_loop_run (loop);
  g_source_remove (guard);
  g_assert_cmpuint (collect.started, >=, want);
  g_signal_handlers_disconnect_by_data (ork_session_get_scheduler (session), &collect);
  ork_session_stop (session);
  return collect.records;
}

/* The fires of the last ten minutes were missed (more than the grace of 1
 * minute late), bar the latest one or two, which are on time. Whatever the
 * policy, run ids go on from the history's. */
static void
test_live_missed_run_once (void)
{
  g_autoptr(GPtrArray) records = run_after_gap ("once.json", QUICK_WS ("run_once"), 1);
  guint coalesced = 0, overlapped = 0;

  for (guint i = 0; i < records->len; i++)
    {
      OrkRecord *r = records->pdata[i];

      g_assert_cmpuint (r->run_id, >, 60);
      if (r->status == ORK_RUN_SKIPPED && r->reason == ORK_REASON_COALESCED)
        coalesced++;
      else if (r->status == ORK_RUN_SKIPPED)
        {
          /* An on-time fire may find the missed run still running (and, on
           * a slow machine, so may the next minute's). */
          g_assert_cmpint (r->reason, ==, ORK_REASON_OVERLAP);
          overlapped++;
        }
    }
  g_assert_cmpuint (overlapped, <=, 2);
  g_assert_cmpuint (coalesced, >=, 7);
  g_assert_cmpuint (coalesced, <=, 10);
  g_assert_cmpint (((OrkRecord *) records->pdata[records->len - 1])->status, ==, ORK_RUN_SUCCEEDED);
}

static void
test_live_missed_skip (void)
{
  g_autoptr(GPtrArray) records = run_after_gap ("skip.json", QUICK_WS ("skip"), 1);
  guint missed = 0;

  for (guint i = 0; i < records->len; i++)
    {
      OrkRecord *r = records->pdata[i];

      g_assert_cmpuint (r->run_id, >, 60);
      if (r->status == ORK_RUN_SKIPPED)
        {
          g_assert_cmpint (r->reason, ==, ORK_REASON_MISSED);
          missed++;
        }
    }
  /* Eight or nine missed, then the on-time fire runs. */
  g_assert_cmpuint (missed, >=, 8);
  g_assert_cmpuint (missed, <=, 10);
  g_assert_cmpint (((OrkRecord *) records->pdata[records->len - 1])->status, ==, ORK_RUN_SUCCEEDED);
}

static void
test_live_missed_run_all (void)
{
  g_autoptr(GPtrArray) records = run_after_gap ("all.json", QUICK_WS ("run_all"), 8);
  gint64 last_nominal = G_MININT64;
  guint64 last_run = 0;

  /* Every missed fire runs, oldest first, one after another. */
  for (guint i = 0; i < records->len; i++)
    {
      OrkRecord *r = records->pdata[i];

      g_assert_cmpuint (r->run_id, >, 60);
      if (r->status == ORK_RUN_SKIPPED)
        {
          /* Only an on-time fire meeting the missed runs still at work. */
          g_assert_cmpint (r->reason, ==, ORK_REASON_OVERLAP);
          continue;
        }
      g_assert_cmpint (r->status, ==, ORK_RUN_SUCCEEDED);
      g_assert_cmpint (r->nominal_at, >, last_nominal);
      g_assert_cmpuint (r->run_id, >, last_run);
      g_assert_cmpint (r->started_at, >=, r->nominal_at);
      last_nominal = r->nominal_at;
      last_run = r->run_id;
    }
}

static void
test_trust (void)
{
  g_autofree char *path = write_workspace ("trust.json",
    "{\"version\":1,\"jobs\":[{\"id\":\"cmd\",\"type\":\"command\","
    "\"schedule\":{\"kind\":\"manual\"},\"command\":{\"argv\":[\"true\"]}}]}");
  g_autofree char *plain = write_workspace ("plain.json", interval_ws);
  g_autoptr(GError) error = NULL;
  g_autoptr(OrkSession) session = ork_session_new_for_file (path, NULL);
  g_autoptr(OrkSession) other = ork_session_new_for_file (plain, NULL);
  OrkJob *job = ork_workspace_find_job (ork_session_get_workspace (session), "cmd");
  const char *argv[] = { "false", NULL };

  /* Nothing to trust without command jobs. */
  g_assert_false (ork_session_get_needs_trust (other));
  g_assert_null (ork_session_command_digest (other));

  g_assert_true (ork_session_get_needs_trust (session));
  ork_session_set_autosave (session, FALSE);
  g_assert_true (ork_session_start_live (session, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (ork_scheduler_get_command_mode (ork_session_get_scheduler (session)), ==,
                   ORK_COMMAND_MODE_BLOCK);
  g_assert_cmpint (ork_job_get_status (job), ==, ORK_JOB_STATUS_BLOCKED);

  g_assert_true (ork_session_trust (session, &error));
  g_assert_no_error (error);
  g_assert_false (ork_session_get_needs_trust (session));
  g_assert_cmpint (ork_scheduler_get_command_mode (ork_session_get_scheduler (session)), ==,
                   ORK_COMMAND_MODE_RUN);

  /* Another session on the same file agrees: trust is stored. */
  {
    g_autoptr(OrkSession) again = ork_session_new_for_file (path, NULL);
    g_assert_true (ork_session_get_trusted (again));
  }

  /* Changing a command asks again. */
  ork_job_set_argv (job, argv);
  g_assert_true (ork_session_get_needs_trust (session));
  g_assert_cmpint (ork_scheduler_get_command_mode (ork_session_get_scheduler (session)), ==,
                   ORK_COMMAND_MODE_BLOCK);

  /* In simulation commands are simulated, trusted or not. */
  ork_session_start_simulation (session, START, 1, NULL);
  g_assert_cmpint (ork_scheduler_get_command_mode (ork_session_get_scheduler (session)), ==,
                   ORK_COMMAND_MODE_SIMULATE);
}

static void
on_changed_on_disk (OrkSession *session,
                    gboolean   *seen)
{
  *seen = TRUE;
}

static void
test_autosave (void)
{
  g_autofree char *path = write_workspace ("auto.json", interval_ws);
  g_autoptr(GError) error = NULL;
  g_autoptr(OrkSession) session = ork_session_new_for_file (path, NULL);
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  g_autofree char *text = NULL;
  g_autofree char *bak = g_strconcat (path, ".bak", NULL);
  gboolean seen = FALSE;

  ork_job_set_name (ork_workspace_find_job (ork_session_get_workspace (session), "tick"),
                    "Tick tock");
  g_timeout_add (1500, on_timeout_quit, loop);
  g_main_loop_run (loop);
  g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
  g_assert_nonnull (strstr (text, "\"Tick tock\""));
  g_assert_true (g_file_test (bak, G_FILE_TEST_EXISTS));

  /* Someone else writes the file: autosave stops and says so. */
  g_clear_pointer (&text, g_free);
  g_assert_true (g_file_set_contents (path, "{\"version\":1,\"jobs\":[]}\n", -1, NULL));
  g_signal_connect (session, "changed-on-disk", G_CALLBACK (on_changed_on_disk), &seen);
  ork_job_set_name (ork_workspace_find_job (ork_session_get_workspace (session), "tick"), "Again");
  g_assert_false (ork_session_save (session, &error));
  g_assert_error (error, ORK_WORKSPACE_ERROR, ORK_WORKSPACE_ERROR_IO);
  g_assert_true (seen);
  g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
  g_assert_cmpstr (text, ==, "{\"version\":1,\"jobs\":[]}\n");
}

int
main (int   argc,
      char *argv[])
{
  /* A private data directory for histories and trust, set before GLib
   * reads it. (G_TEST_OPTION_ISOLATE_DIRS would do it per test case, but
   * GLib 2.74 leaks the strings it replaces.) */
  g_autofree char *home = g_dir_make_tmp ("orkestron-session-home-XXXXXX", NULL);
  g_autofree char *data = g_build_filename (home, "data", NULL);

  g_setenv ("XDG_DATA_HOME", data, TRUE);
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/session/simulation", test_simulation);
  g_test_add_func ("/core/session/fast-forward-cancel", test_fast_forward_cancel);
  g_test_add_func ("/core/session/live-lock", test_live_lock);
  g_test_add_func ("/core/session/second-simulation-private-history",
                   test_second_simulation_private_history);
  g_test_add_func ("/core/session/live-missed-run-once", test_live_missed_run_once);
  g_test_add_func ("/core/session/live-missed-skip", test_live_missed_skip);
  g_test_add_func ("/core/session/live-missed-run-all", test_live_missed_run_all);
  g_test_add_func ("/core/session/trust", test_trust);
  g_test_add_func ("/core/session/autosave", test_autosave);

  return g_test_run ();
}
