/* test-live.c — command jobs run as real processes by the engine
 *
 * The engine runs on a virtual clock that the test steps; the processes run
 * on the real main loop. Assertions are on outcomes and order, never on how
 * long a process took.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "ork-command-worker.h"
#include "ork-scheduler.h"
#include "ork-workspace.h"

#define START G_GINT64_CONSTANT (1795651200000000)

typedef struct
{
  OrkWorkspace *workspace;
  OrkClock     *clock;
  OrkScheduler *scheduler;
  GPtrArray    *records;
  GString      *output;
} Live;

static void
on_record (OrkScheduler *scheduler,
           OrkRecord    *record,
           Live         *live)
{
  g_ptr_array_add (live->records, ork_record_copy (record));
}

static void
on_output (OrkScheduler *scheduler,
           OrkRun       *run,
           gboolean      is_stderr,
           const char   *line,
           Live         *live)
{
  g_string_append_printf (live->output, "%s#%" G_GUINT64_FORMAT " %s %s\n",
                          ork_run_get_job_id (run), ork_run_get_run_id (run),
                          is_stderr ? "err" : "out", line);
}

static Live *
live_new (const char     *json,
          OrkCommandMode  mode)
{
  g_autoptr(GError) error = NULL;
  Live *live = g_new0 (Live, 1);

  live->workspace = ork_workspace_load_from_data (json, -1, "live.json", NULL, &error);
  g_assert_no_error (error);
  live->clock = ork_virtual_clock_new (START);
  live->scheduler = ork_scheduler_new (live->workspace, live->clock);
  live->records = g_ptr_array_new_with_free_func ((GDestroyNotify) ork_record_free);
  live->output = g_string_new (NULL);
  ork_scheduler_set_command_mode (live->scheduler, mode);
  g_signal_connect (live->scheduler, "record", G_CALLBACK (on_record), live);
  g_signal_connect (live->scheduler, "output", G_CALLBACK (on_output), live);
  ork_scheduler_start (live->scheduler);
  return live;
}

static void
live_free (Live *live)
{
  g_object_unref (live->scheduler);
  g_object_unref (live->clock);
  g_object_unref (live->workspace);
  g_ptr_array_unref (live->records);
  g_string_free (live->output, TRUE);
  g_free (live);
}

static gboolean
on_guard (gpointer user_data)
{
  gboolean *expired = user_data;

  *expired = TRUE;
  return G_SOURCE_REMOVE;
}

/* Steps the engine's clock through what is due and iterates the main loop
 * until @n_records records have come in and no process is left. */
static void
live_wait (Live  *live,
           guint  n_records)
{
  gboolean expired = FALSE;
  guint guard = g_timeout_add_seconds (30, on_guard, &expired);

  while (!expired)
    {
      while (ork_clock_next_due (live->clock) <= ork_clock_now (live->clock))
        ork_virtual_clock_step (ORK_VIRTUAL_CLOCK (live->clock));
      if (live->records->len >= n_records && ork_scheduler_get_n_processes (live->scheduler) == 0)
        break;
      g_main_context_iteration (NULL, TRUE);
    }
  g_assert_false (expired);
  g_source_remove (guard);
}

static OrkRecord *
record_at (Live  *live,
           guint  i)
{
  g_assert_cmpuint (i, <, live->records->len);
  return live->records->pdata[i];
}

static int
compare_records (gconstpointer a,
                 gconstpointer b)
{
  return ork_record_compare (*(OrkRecord * const *) a, *(OrkRecord * const *) b);
}

#define JOB(id, argv, extra) \
  "{\"id\":\"" id "\",\"type\":\"command\",\"retry\":{\"max_retries\":0}," \
  "\"schedule\":{\"kind\":\"once\",\"at\":\"2026-11-26T00:00:00Z\"}," \
  "\"command\":{\"argv\":" argv "}" extra "}"

static void
test_outcomes (void)
{
  Live *live = live_new ("{\"version\":1,\"jobs\":["
                         JOB ("ok", "[\"sh\",\"-c\",\"echo one; echo two >&2\"]", "") ","
                         JOB ("bad", "[\"sh\",\"-c\",\"echo almost; exit 3\"]", "") ","
                         JOB ("gone", "[\"orkestron-no-such-program\"]", "") ","
                         JOB ("killed", "[\"sh\",\"-c\",\"kill -9 $$\"]", "") "]}",
                         ORK_COMMAND_MODE_RUN);
  OrkRecord *r;

  live_wait (live, 4);
  g_assert_cmpuint (live->records->len, ==, 4);
  g_ptr_array_sort (live->records, compare_records);
  /* Same instant: by job id. */
  r = record_at (live, 0);
  g_assert_cmpstr (r->job_id, ==, "bad");
  g_assert_cmpint (r->status, ==, ORK_RUN_FAILED);
  g_assert_cmpint (r->reason, ==, ORK_REASON_EXIT_STATUS);
  g_assert_true (r->has_exit_code);
  g_assert_cmpint (r->exit_code, ==, 3);
  g_assert_cmpstr (r->message, ==, "exit status 3: almost");

  r = record_at (live, 1);
  g_assert_cmpstr (r->job_id, ==, "gone");
  g_assert_cmpint (r->status, ==, ORK_RUN_FAILED);
  g_assert_cmpint (r->reason, ==, ORK_REASON_SPAWN_ERROR);
  g_assert_false (r->has_exit_code);
  g_assert_cmpstr (r->message, ==,
                   "cannot start \"orkestron-no-such-program\": No such file or directory");

  r = record_at (live, 2);
  g_assert_cmpstr (r->job_id, ==, "killed");
  g_assert_cmpint (r->status, ==, ORK_RUN_FAILED);
  g_assert_cmpint (r->reason, ==, ORK_REASON_SIGNAL);
  g_assert_false (r->has_exit_code);

  r = record_at (live, 3);
  g_assert_cmpstr (r->job_id, ==, "ok");
  g_assert_cmpint (r->status, ==, ORK_RUN_SUCCEEDED);
  g_assert_cmpint (r->reason, ==, ORK_REASON_COMPLETED);
  g_assert_true (r->has_exit_code);
  g_assert_cmpint (r->exit_code, ==, 0);
  g_assert_cmpstr (r->message, ==, "two");
  g_assert_nonnull (strstr (live->output->str, "ok#1 out one\n"));
  g_assert_nonnull (strstr (live->output->str, "ok#1 err two\n"));
  g_assert_nonnull (strstr (live->output->str, "bad#1 out almost\n"));
  g_assert_cmpuint (ork_scheduler_get_n_running (live->scheduler), ==, 0);
  live_free (live);
}

static void
test_timeout_and_retry (void)
{
  Live *live = live_new ("{\"version\":1,\"jobs\":["
                         "{\"id\":\"slow\",\"type\":\"command\",\"timeout\":\"200ms\","
                         "\"retry\":{\"max_retries\":1,\"backoff\":\"fixed\",\"initial\":\"1s\"},"
                         "\"schedule\":{\"kind\":\"once\",\"at\":\"2026-11-26T00:00:00Z\"},"
                         "\"command\":{\"argv\":[\"sleep\",\"30\"]}}]}",
                         ORK_COMMAND_MODE_RUN);
  OrkRecord *r;

  live_wait (live, 1);
  r = record_at (live, 0);
  g_assert_cmpint (r->status, ==, ORK_RUN_TIMED_OUT);
  g_assert_cmpint (r->reason, ==, ORK_REASON_TIMEOUT);
  g_assert_cmpint (r->next_retry_in, ==, 1000);

  /* The retry is due a virtual second later. */
  ork_virtual_clock_advance_to (ORK_VIRTUAL_CLOCK (live->clock), START + 1000001);
  live_wait (live, 2);
  r = record_at (live, 1);
  g_assert_cmpuint (r->attempt, ==, 2);
  g_assert_cmpint (r->status, ==, ORK_RUN_TIMED_OUT);
  g_assert_cmpint (r->next_retry_in, ==, -1);
  live_free (live);
}

static void
test_cancel_and_stop (void)
{
  g_autoptr(GError) error = NULL;
  Live *live = live_new ("{\"version\":1,\"jobs\":["
                         JOB ("a", "[\"sh\",\"-c\",\"sleep 30; echo never\"]", "") ","
                         JOB ("b", "[\"sh\",\"-c\",\"trap '' TERM; sleep 30\"]", "") "]}",
                         ORK_COMMAND_MODE_RUN);

  while (ork_clock_next_due (live->clock) <= ork_clock_now (live->clock))
    ork_virtual_clock_step (ORK_VIRTUAL_CLOCK (live->clock));
  g_assert_cmpuint (ork_scheduler_get_n_running (live->scheduler), ==, 2);
  g_assert_cmpuint (ork_scheduler_get_n_processes (live->scheduler), ==, 2);

  /* Cancel ends the attempt at once; the process is still being stopped. */
  g_assert_true (ork_scheduler_cancel (live->scheduler, "a", 1, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (live->records->len, ==, 1);
  g_assert_cmpint (record_at (live, 0)->status, ==, ORK_RUN_CANCELLED);
  g_assert_cmpint (record_at (live, 0)->reason, ==, ORK_REASON_USER_CANCEL);

  /* Stopping the engine interrupts what runs, even a command that ignores
   * SIGTERM (it gets SIGKILL after the grace). */
  g_assert_cmpuint (ork_scheduler_stop (live->scheduler), ==, 1);
  g_assert_cmpuint (live->records->len, ==, 2);
  g_assert_cmpint (record_at (live, 1)->status, ==, ORK_RUN_INTERRUPTED);
  g_assert_cmpint (record_at (live, 1)->reason, ==, ORK_REASON_INTERRUPTED);
  g_assert_cmpint (record_at (live, 1)->next_retry_in, ==, -1);
  live_wait (live, 2);
  g_assert_cmpuint (ork_scheduler_get_n_processes (live->scheduler), ==, 0);
  g_assert_null (strstr (live->output->str, "never"));
  live_free (live);
}

static void
test_blocked (void)
{
  g_autoptr(GError) error = NULL;
  Live *live = live_new ("{\"version\":1,\"jobs\":["
                         JOB ("cmd", "[\"true\"]", "") ","
                         "{\"id\":\"sim\",\"type\":\"sync\",\"schedule\":{\"kind\":\"once\","
                         "\"at\":\"2026-11-26T00:00:00Z\"}}]}",
                         ORK_COMMAND_MODE_BLOCK);

  g_assert_cmpint (ork_job_get_status (ork_workspace_find_job (live->workspace, "cmd")), ==,
                   ORK_JOB_STATUS_BLOCKED);
  g_assert_null (ork_scheduler_run_now (live->scheduler, "cmd", &error));
  g_assert_error (error, ORK_SCHEDULER_ERROR, ORK_SCHEDULER_ERROR_INVALID_STATE);
  ork_virtual_clock_advance_to (ORK_VIRTUAL_CLOCK (live->clock), START + G_USEC_PER_SEC * 60);
  /* Only the simulated job ran. */
  g_assert_cmpuint (live->records->len, ==, 1);
  g_assert_cmpstr (record_at (live, 0)->job_id, ==, "sim");

  /* Trusting the workspace lets it run: the once time is now missed, and
   * run_once runs it. */
  ork_scheduler_set_command_mode (live->scheduler, ORK_COMMAND_MODE_RUN);
  g_assert_cmpint (ork_job_get_status (ork_workspace_find_job (live->workspace, "cmd")), !=,
                   ORK_JOB_STATUS_BLOCKED);
  live_free (live);
}

static void
test_simulated_commands (void)
{
  /* In simulation command jobs use their simulation block: no process. */
  Live *live = live_new ("{\"version\":1,\"jobs\":["
                         JOB ("cmd", "[\"sh\",\"-c\",\"exit 7\"]",
                              ",\"simulation\":{\"latency\":{\"fixed\":\"2s\"}}") "]}",
                         ORK_COMMAND_MODE_SIMULATE);

  ork_virtual_clock_advance_to (ORK_VIRTUAL_CLOCK (live->clock), START + G_USEC_PER_SEC * 60);
  g_assert_cmpuint (live->records->len, ==, 1);
  g_assert_cmpint (record_at (live, 0)->status, ==, ORK_RUN_SUCCEEDED);
  g_assert_cmpint (record_at (live, 0)->finished_at - record_at (live, 0)->started_at, ==,
                   2 * G_USEC_PER_SEC);
  g_assert_cmpuint (ork_scheduler_get_n_processes (live->scheduler), ==, 0);
  live_free (live);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  ork_command_set_kill_grace_ms (300);

  g_test_add_func ("/core/live/outcomes", test_outcomes);
  g_test_add_func ("/core/live/timeout-and-retry", test_timeout_and_retry);
  g_test_add_func ("/core/live/cancel-and-stop", test_cancel_and_stop);
  g_test_add_func ("/core/live/blocked", test_blocked);
  g_test_add_func ("/core/live/simulated-commands", test_simulated_commands);

  return g_test_run ();
}
