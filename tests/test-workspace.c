/* test-workspace.c — the job model and the workspace file
 *
 * The invalid fixtures live in tests/fixtures/invalid/: for each NAME.json
 * the exact diagnostics expected are in NAME.expected, reported as if the
 * file were called NAME.json.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "ork-diagnostic.h"
#include "ork-workspace.h"

static char *
fixture_path (const char *dir,
              const char *name)
{
  return g_test_build_filename (G_TEST_DIST, "fixtures", dir, name, NULL);
}

static OrkWorkspace *
load_fixture (const char *dir,
              const char *name)
{
  g_autofree char *path = fixture_path (dir, name);
  g_autoptr(GError) error = NULL;
  OrkWorkspace *ws;

  ws = ork_workspace_load_from_file (path, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (ws);
  return ws;
}

static OrkJob *
job_at (OrkWorkspace *ws,
        guint         i)
{
  g_autoptr(OrkJob) job = g_list_model_get_item (ork_workspace_get_jobs (ws), i);

  g_assert_nonnull (job);
  return job;  /* the workspace keeps it alive */
}

static GPtrArray *
list_dir (const char *dir,
          const char *suffix)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  GPtrArray *names = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  g_assert_nonnull (d);
  while ((name = g_dir_read_name (d)) != NULL)
    if (suffix == NULL || g_str_has_suffix (name, suffix))
      g_ptr_array_add (names, g_strdup (name));
  g_ptr_array_sort (names, (GCompareFunc) g_strcmp0);
  return names;
}

/* {{{ Jobs */

static void
on_notify (GObject    *object,
           GParamSpec *pspec,
           guint      *count)
{
  (*count)++;
}

static void
test_job_defaults (void)
{
  static const struct { OrkJobType type; OrkPriority priority; gint64 median; gint64 p99; } cases[] = {
    { ORK_JOB_TYPE_SYNC, ORK_PRIORITY_NORMAL, 400, 2000 },
    { ORK_JOB_TYPE_CLEANUP, ORK_PRIORITY_LOW, 50, 300 },
    { ORK_JOB_TYPE_BATCH, ORK_PRIORITY_NORMAL, 120000, 600000 },
    { ORK_JOB_TYPE_METRICS, ORK_PRIORITY_HIGH, 20, 120 },
    { ORK_JOB_TYPE_COMMAND, ORK_PRIORITY_NORMAL, 1000, 10000 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(OrkJob) job = ork_job_new ("j", cases[i].type);
      g_autoptr(OrkRetryPolicy) retry = ork_retry_policy_new ();

      g_assert_cmpstr (ork_job_get_id (job), ==, "j");
      g_assert_cmpstr (ork_job_get_name (job), ==, "j");
      g_assert_cmpint (ork_job_get_job_type (job), ==, cases[i].type);
      g_assert_true (ork_job_get_enabled (job));
      g_assert_cmpint (ork_job_get_priority (job), ==, cases[i].priority);
      g_assert_cmpint (ork_job_type_default_priority (cases[i].type), ==, cases[i].priority);
      g_assert_cmpint (ork_job_get_schedule (job)->kind, ==, ORK_SCHEDULE_MANUAL);
      g_assert_cmpint (ork_job_get_start_jitter (job), ==, 0);
      g_assert_true (ork_retry_policy_equal (ork_job_get_retry (job), retry));
      g_assert_cmpint (ork_job_get_timeout (job), ==, 3600000);
      g_assert_cmpuint (ork_job_get_max_running (job), ==, 1);
      g_assert_cmpint (ork_job_get_overlap (job), ==, ORK_OVERLAP_SKIP);
      g_assert_null (ork_job_get_group (job));
      g_assert_cmpint (ork_job_get_missed_policy (job), ==, ORK_MISSED_RUN_ONCE);
      g_assert_cmpint (ork_job_get_missed_grace (job), ==, 60000);
      g_assert_cmpint (ork_job_get_quiet_mode (job), ==, ORK_QUIET_INHERIT);
      g_assert_null (ork_job_get_quiet_hours (job));
      g_assert_cmpint (ork_job_get_simulation (job)->latency, ==, ORK_LATENCY_LOGNORMAL);
      g_assert_cmpint (ork_job_get_simulation (job)->median_ms, ==, cases[i].median);
      g_assert_cmpint (ork_job_get_simulation (job)->p99_ms, ==, cases[i].p99);
      g_assert_null (ork_job_get_argv (job));
      g_assert_null (ork_job_get_tags (job));
      g_assert_false (ork_job_get_paused (job));
    }
}

static void
test_job_notify (void)
{
  g_autoptr(OrkJob) job = ork_job_new ("sync_001", ORK_JOB_TYPE_SYNC);
  g_autoptr(OrkSchedule) every = ork_schedule_new_interval (5000);
  g_autoptr(OrkRetryPolicy) retry = ork_retry_policy_new ();
  g_autofree GParamSpec **pspecs = NULL;
  const char *tags[] = { "a", "b", NULL };
  guint n_props = 0;
  guint count = 0;
  guint name_count = 0;

  /* Every property notifies explicitly. */
  pspecs = g_object_class_list_properties (G_OBJECT_GET_CLASS (job), &n_props);
  g_assert_cmpuint (n_props, ==, 23);
  for (guint i = 0; i < n_props; i++)
    g_assert_true (pspecs[i]->flags & G_PARAM_EXPLICIT_NOTIFY);

  g_signal_connect (job, "notify", G_CALLBACK (on_notify), &count);
  g_signal_connect (job, "notify::name", G_CALLBACK (on_notify), &name_count);

  ork_job_set_priority (job, ORK_PRIORITY_NORMAL);
  ork_job_set_timeout (job, 3600000);
  ork_job_set_retry (job, retry);
  ork_job_set_enabled (job, TRUE);
  ork_job_set_group (job, NULL);
  ork_job_set_tags (job, NULL);
  g_assert_cmpuint (count, ==, 0);

  ork_job_set_priority (job, ORK_PRIORITY_HIGH);
  g_assert_cmpuint (count, ==, 1);
  ork_job_set_priority (job, ORK_PRIORITY_HIGH);
  g_assert_cmpuint (count, ==, 1);

  ork_schedule_prepare (every, NULL);
  ork_job_set_schedule (job, every);
  g_assert_cmpuint (count, ==, 2);
  ork_job_set_schedule (job, every);
  g_assert_cmpuint (count, ==, 2);
  g_assert_true (ork_job_get_schedule (job) != every);

  ork_job_set_tags (job, tags);
  ork_job_set_tags (job, tags);
  g_assert_cmpuint (count, ==, 3);

  retry->max_retries = 7;
  ork_job_set_retry (job, retry);
  g_assert_cmpuint (count, ==, 4);
  g_assert_cmpuint (ork_job_get_retry (job)->max_retries, ==, 7);

  /* The name defaults to the id and follows it until set. */
  ork_job_set_id (job, "sync_002");
  g_assert_cmpuint (name_count, ==, 1);
  g_assert_cmpstr (ork_job_get_name (job), ==, "sync_002");
  ork_job_set_name (job, "Sync contacts");
  g_assert_cmpuint (name_count, ==, 2);
  ork_job_set_id (job, "sync_003");
  g_assert_cmpuint (name_count, ==, 2);
  g_assert_cmpstr (ork_job_get_name (job), ==, "Sync contacts");

  /* Through GObject properties too. */
  count = 0;
  g_object_set (job, "max-running", 4, "overlap", ORK_OVERLAP_QUEUE, NULL);
  g_assert_cmpuint (count, ==, 2);
  g_object_set (job, "max-running", 4, NULL);
  g_assert_cmpuint (count, ==, 2);
  g_assert_cmpuint (ork_job_get_max_running (job), ==, 4);
}

static void
test_job_copy (void)
{
  g_autoptr(OrkJob) job = ork_job_new ("sync_001", ORK_JOB_TYPE_SYNC);
  g_autoptr(OrkJob) copy = NULL;
  g_autoptr(OrkQuietHours) qh = ork_quiet_hours_new ();
  g_autoptr(OrkRetryPolicy) retry = NULL;
  const char *argv[] = { "echo", "hi", NULL };

  ork_quiet_hours_add_window (qh, 22 * 60, 6 * 60, 0x7f);
  ork_job_set_quiet_hours (job, qh);
  g_assert_cmpint (ork_job_get_quiet_mode (job), ==, ORK_QUIET_OWN);
  ork_job_set_argv (job, argv);
  ork_job_set_name (job, "Echo");

  copy = ork_job_copy (job);
  g_assert_cmpstr (ork_job_get_name (copy), ==, "Echo");
  g_assert_true (ork_quiet_hours_equal (ork_job_get_quiet_hours (copy), qh));
  g_assert_true (ork_job_get_quiet_hours (copy) != ork_job_get_quiet_hours (job));
  g_assert_true (ork_job_get_argv (copy) != ork_job_get_argv (job));
  g_assert_cmpstrv (ork_job_get_argv (copy), argv);

  /* Editing the copy leaves the original alone. */
  retry = ork_retry_policy_copy (ork_job_get_retry (copy));
  retry->max_retries = 9;
  ork_job_set_retry (copy, retry);
  ork_job_set_quiet_mode (copy, ORK_QUIET_IGNORE);
  g_assert_cmpuint (ork_job_get_retry (job)->max_retries, ==, 3);
  g_assert_cmpint (ork_job_get_quiet_mode (job), ==, ORK_QUIET_OWN);
  g_assert_null (ork_job_get_quiet_hours (copy));
}

/* }}} */
/* {{{ Loading */

static void
test_invalid_fixtures (void)
{
  g_autofree char *dir = g_test_build_filename (G_TEST_DIST, "fixtures", "invalid", NULL);
  g_autoptr(GPtrArray) names = list_dir (dir, ".json");

  g_assert_cmpuint (names->len, >=, 25);
  for (guint i = 0; i < names->len; i++)
    {
      const char *name = g_ptr_array_index (names, i);
      g_autofree char *path = g_build_filename (dir, name, NULL);
      g_autofree char *stem = g_strndup (name, strlen (name) - strlen (".json"));
      g_autofree char *expected_name = g_strconcat (stem, ".expected", NULL);
      g_autofree char *expected_path = g_build_filename (dir, expected_name, NULL);
      g_autofree char *contents = NULL;
      g_autofree char *expected = NULL;
      g_autoptr(GPtrArray) diags = NULL;
      g_autoptr(GError) error = NULL;
      g_autoptr(OrkWorkspace) ws = NULL;
      gsize len;
      guint lines = 1;

      g_test_message ("fixture %s", name);
      g_assert_true (g_file_get_contents (path, &contents, &len, NULL));
      g_assert_true (g_file_get_contents (expected_path, &expected, NULL, NULL));
      g_strchomp (expected);

      ws = ork_workspace_load_from_data (contents, len, name, &diags, &error);
      g_assert_null (ws);
      g_assert_error (error, ORK_WORKSPACE_ERROR, ORK_WORKSPACE_ERROR_INVALID);
      g_assert_cmpstr (error->message, ==, expected);

      /* One diagnostic per line, in file order, at most 20; a last line
       * "FILE: error: ... not shown" says when there were more. */
      for (const char *p = expected; *p; p++)
        lines += *p == '\n';
      if (g_str_has_suffix (expected, " not shown"))
        {
          g_autofree char *prefix = g_strconcat ("\n", name, ": error: ", NULL);

          g_assert_cmpuint (lines, ==, ORK_MAX_DIAGNOSTICS + 1);
          g_assert_nonnull (strstr (expected, prefix));
          lines--;
        }
      g_assert_nonnull (diags);
      g_assert_cmpuint (diags->len, ==, lines);
      g_assert_cmpuint (diags->len, <=, ORK_MAX_DIAGNOSTICS);
      for (guint k = 1; k < diags->len; k++)
        {
          const OrkDiagnostic *a = g_ptr_array_index (diags, k - 1);
          const OrkDiagnostic *b = g_ptr_array_index (diags, k);
          g_assert_true (a->line < b->line || (a->line == b->line && a->column <= b->column));
        }
    }
}

static void
test_valid_fixtures (void)
{
  g_autofree char *dir = g_test_build_filename (G_TEST_DIST, "fixtures", "valid", NULL);
  g_autoptr(GPtrArray) names = list_dir (dir, ".json");

  g_assert_cmpuint (names->len, >=, 4);
  for (guint i = 0; i < names->len; i++)
    {
      g_autoptr(OrkWorkspace) ws = NULL;

      g_test_message ("fixture %s", (const char *) g_ptr_array_index (names, i));
      ws = load_fixture ("valid", g_ptr_array_index (names, i));
    }
}

/* The spec's own example: line, column, path and message. */
static void
test_spec_example (void)
{
  g_autofree char *path = fixture_path ("invalid", "bad-duration.json");
  g_autoptr(GPtrArray) diags = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(OrkWorkspace) ws = NULL;
  const OrkDiagnostic *d;

  ws = ork_workspace_load_from_file (path, &diags, &error);
  g_assert_null (ws);
  g_assert_cmpuint (diags->len, ==, 1);
  d = g_ptr_array_index (diags, 0);
  g_assert_cmpuint (d->line, ==, 14);
  g_assert_cmpuint (d->column, ==, 22);
  g_assert_cmpstr (d->path, ==, "jobs[2].retry.max_delay");
  g_assert_cmpstr (d->message, ==, "expected a duration like \"5m\", got \"fast\"");
  g_assert_true (g_str_has_prefix (error->message, path));
  g_assert_true (g_str_has_suffix (error->message, ":14:22: error: jobs[2].retry.max_delay: "
                                   "expected a duration like \"5m\", got \"fast\""));
}

static void
test_short_form (void)
{
  g_autoptr(OrkWorkspace) ws = load_fixture ("valid", "short-form.json");
  OrkJob *job;

  g_assert_cmpuint (g_list_model_get_n_items (ork_workspace_get_jobs (ws)), ==, 5);

  job = job_at (ws, 0);
  g_assert_cmpstr (ork_job_get_id (job), ==, "sync_001");
  g_assert_cmpstr (ork_job_get_name (job), ==, "sync_001");
  g_assert_cmpint (ork_job_get_schedule (job)->kind, ==, ORK_SCHEDULE_INTERVAL);
  g_assert_cmpint (ork_job_get_schedule (job)->every_ms, ==, 3000);
  g_assert_cmpint (ork_job_get_schedule (job)->from, ==, ORK_INTERVAL_FROM_SCHEDULE);
  g_assert_cmpuint (ork_job_get_retry (job)->max_retries, ==, 3);
  g_assert_cmpfloat (ork_job_get_simulation (job)->failure_rate, ==, 0.2);
  /* Everything else keeps its default. */
  g_assert_cmpint (ork_job_get_retry (job)->backoff, ==, ORK_BACKOFF_EXPONENTIAL);
  g_assert_cmpint (ork_job_get_simulation (job)->median_ms, ==, 400);

  job = job_at (ws, 1);
  g_assert_cmpstr (ork_job_get_id (job), ==, "sync_002");
  g_assert_cmpint (ork_job_get_schedule (job)->every_ms, ==, 300000);
  /* sync_003 is taken by an explicit id: the generated one skips it. */
  g_assert_cmpstr (ork_job_get_id (job_at (ws, 2)), ==, "sync_003");
  g_assert_cmpstr (ork_job_get_id (job_at (ws, 3)), ==, "sync_004");
  job = job_at (ws, 4);
  g_assert_cmpstr (ork_job_get_id (job), ==, "cleanup_001");
  g_assert_cmpuint (ork_job_get_retry (job)->max_retries, ==, 0);
}

static void
test_defaults (void)
{
  g_autoptr(OrkWorkspace) ws = load_fixture ("valid", "defaults.json");
  g_autoptr(OrkWorkspace) empty = ork_workspace_new ();
  static const OrkPriority priorities[] = {
    ORK_PRIORITY_NORMAL, ORK_PRIORITY_LOW, ORK_PRIORITY_NORMAL, ORK_PRIORITY_HIGH,
    ORK_PRIORITY_NORMAL
  };

  g_assert_cmpuint (ork_workspace_get_workers (ws), ==, 4);
  g_assert_cmpuint (ork_workspace_get_seed (ws), ==, 1);
  g_assert_cmpuint (g_hash_table_size (ork_workspace_get_groups (ws)), ==, 0);
  g_assert_null (ork_workspace_get_timezone (ws));
  g_assert_nonnull (ork_workspace_get_time_zone (ws));
  g_assert_null (ork_workspace_get_quiet_hours (ws));
  g_assert_cmpint (ork_workspace_get_history_max_age (ws), ==, G_GINT64_CONSTANT (30) * 86400000);
  g_assert_cmpuint (ork_workspace_get_history_max_runs (ws), ==, 1000000);
  g_assert_cmpuint (ork_workspace_get_workers (empty), ==, 4);
  g_assert_cmpuint (ork_workspace_get_seed (empty), ==, 1);

  for (guint i = 0; i < 5; i++)
    {
      OrkJob *job = job_at (ws, i);
      g_autoptr(OrkJob) fresh = ork_job_new (ork_job_get_id (job), ork_job_get_job_type (job));
      g_autoptr(OrkRetryPolicy) retry = ork_retry_policy_new ();
      g_autoptr(OrkSimSpec) sim = ork_sim_spec_new_for_type (ork_job_get_job_type (job));

      g_assert_cmpstr (ork_job_get_name (job), ==, ork_job_get_id (job));
      g_assert_true (ork_job_get_enabled (job));
      g_assert_cmpint (ork_job_get_priority (job), ==, priorities[i]);
      g_assert_cmpint (ork_job_get_schedule (job)->kind, ==, ORK_SCHEDULE_MANUAL);
      g_assert_cmpint (ork_job_get_start_jitter (job), ==, 0);
      g_assert_true (ork_retry_policy_equal (ork_job_get_retry (job), retry));
      g_assert_cmpint (ork_job_get_timeout (job), ==, 3600000);
      g_assert_cmpuint (ork_job_get_max_running (job), ==, 1);
      g_assert_cmpint (ork_job_get_overlap (job), ==, ORK_OVERLAP_SKIP);
      g_assert_null (ork_job_get_group (job));
      g_assert_cmpint (ork_job_get_missed_policy (job), ==, ORK_MISSED_RUN_ONCE);
      g_assert_cmpint (ork_job_get_missed_grace (job), ==, 60000);
      g_assert_cmpint (ork_job_get_quiet_mode (job), ==, ORK_QUIET_INHERIT);
      g_assert_true (ork_sim_spec_equal (ork_job_get_simulation (job), sim));
    }
  g_assert_cmpstr (ork_job_get_argv (job_at (ws, 4))[0], ==, "true");
}

static void
test_full (void)
{
  g_autoptr(OrkWorkspace) ws = load_fixture ("valid", "full.json");
  const OrkQuietHours *qh;
  const OrkQuietWindow *w;
  const OrkSchedule *s;
  const OrkRetryPolicy *r;
  const OrkSimSpec *sim;
  const OrkChaosWindow *chaos;
  OrkJob *job;
  const char *argv[] = { "rsync", "-a", "src/", "dst/", NULL };
  const char *env[] = { "RSYNC_RSH=ssh -q", "LANG=C", NULL };
  const char *tags[] = { "contacts", "network", NULL };
  gint64 us;

  g_assert_cmpuint (ork_workspace_get_workers (ws), ==, 8);
  g_assert_cmpint (GPOINTER_TO_INT (g_hash_table_lookup (ork_workspace_get_groups (ws), "network")), ==, 2);
  g_assert_cmpint (GPOINTER_TO_INT (g_hash_table_lookup (ork_workspace_get_groups (ws), "gpu")), ==, 1);
  g_assert_cmpstr (ork_workspace_get_timezone (ws), ==, "Europe/Berlin");
  g_assert_cmpstr (g_time_zone_get_identifier (ork_workspace_get_time_zone (ws)), ==, "Europe/Berlin");
  g_assert_cmpuint (ork_workspace_get_seed (ws), ==, 12345);
  g_assert_cmpint (ork_workspace_get_history_max_age (ws), ==, 7 * 86400000);
  g_assert_cmpuint (ork_workspace_get_history_max_runs (ws), ==, 5000);
  qh = ork_workspace_get_quiet_hours (ws);
  g_assert_nonnull (qh);
  g_assert_cmpint (qh->policy, ==, ORK_QUIET_POLICY_SKIP);
  g_assert_cmpuint (qh->windows->len, ==, 2);
  w = &g_array_index (qh->windows, OrkQuietWindow, 0);
  g_assert_cmpuint (w->from_min, ==, 22 * 60);
  g_assert_cmpuint (w->to_min, ==, 6 * 60 + 30);
  g_assert_cmphex (w->days, ==, (1 << 1) | (1 << 2));
  w = &g_array_index (qh->windows, OrkQuietWindow, 1);
  g_assert_cmphex (w->days, ==, 0x7f);

  job = job_at (ws, 0);
  g_assert_cmpstr (ork_job_get_id (job), ==, "sync_001");
  g_assert_cmpstr (ork_job_get_name (job), ==, "Sync contacts");
  g_assert_false (ork_job_get_enabled (job));
  g_assert_cmpint (ork_job_get_priority (job), ==, ORK_PRIORITY_CRITICAL);
  s = ork_job_get_schedule (job);
  g_assert_cmpint (s->kind, ==, ORK_SCHEDULE_CRON);
  g_assert_cmpstr (s->expr, ==, "*/15 9-17 * * 1-5");
  g_assert_cmpstr (s->timezone, ==, "America/New_York");
  g_assert_nonnull (s->cron);
  g_assert_nonnull (s->tz);
  g_assert_cmpint (ork_job_get_start_jitter (job), ==, 30000);
  r = ork_job_get_retry (job);
  g_assert_cmpuint (r->max_retries, ==, 5);
  g_assert_cmpint (r->backoff, ==, ORK_BACKOFF_LINEAR);
  g_assert_cmpint (r->initial_ms, ==, 3000);
  g_assert_cmpfloat (r->multiplier, ==, 1.5);
  g_assert_cmpint (r->max_delay_ms, ==, 120000);
  g_assert_cmpint (r->jitter, ==, ORK_JITTER_EQUAL);
  g_assert_true (r->delays == NULL || r->delays->len == 0);
  g_assert_cmpint (ork_job_get_timeout (job), ==, ORK_DURATION_NONE);
  g_assert_cmpuint (ork_job_get_max_running (job), ==, 3);
  g_assert_cmpint (ork_job_get_overlap (job), ==, ORK_OVERLAP_ALLOW);
  g_assert_cmpstr (ork_job_get_group (job), ==, "network");
  g_assert_cmpint (ork_job_get_missed_policy (job), ==, ORK_MISSED_RUN_ALL);
  g_assert_cmpint (ork_job_get_missed_grace (job), ==, 0);
  g_assert_cmpint (ork_job_get_quiet_mode (job), ==, ORK_QUIET_OWN);
  qh = ork_job_get_quiet_hours (job);
  g_assert_cmpint (qh->policy, ==, ORK_QUIET_POLICY_DEFER);
  w = &g_array_index (qh->windows, OrkQuietWindow, 0);
  g_assert_cmphex (w->days, ==, (1 << 0) | (1 << 6));
  sim = ork_job_get_simulation (job);
  g_assert_cmpint (sim->latency, ==, ORK_LATENCY_LOGNORMAL);
  g_assert_cmpint (sim->median_ms, ==, 250);
  g_assert_cmpint (sim->p99_ms, ==, 3000);
  g_assert_cmpfloat (sim->failure_rate, ==, 0.05);
  g_assert_cmpfloat (sim->hang_rate, ==, 0.125);
  g_assert_cmpuint (sim->chaos->len, ==, 1);
  chaos = &g_array_index (sim->chaos, OrkChaosWindow, 0);
  g_assert_true (ork_time_parse_iso ("2026-03-01T09:00:00Z", &us));
  g_assert_cmpint (chaos->from_us, ==, us);
  g_assert_cmpint (chaos->to_us, ==, us + 3600 * ORK_USEC_PER_SEC);
  g_assert_cmpfloat (chaos->failure_rate, ==, 0.5);
  g_assert_cmpstrv (ork_job_get_argv (job), argv);
  g_assert_cmpstr (ork_job_get_cwd (job), ==, "/home/me");
  g_assert_cmpstrv (ork_job_get_env (job), env);
  g_assert_cmpstrv (ork_job_get_tags (job), tags);

  job = job_at (ws, 1);
  g_assert_cmpstr (ork_job_get_id (job), ==, "weekly.report-2");
  s = ork_job_get_schedule (job);
  g_assert_cmpint (s->kind, ==, ORK_SCHEDULE_WEEKLY);
  g_assert_cmphex (s->days, ==, (1 << 1) | (1 << 3) | (1 << 5));
  g_assert_cmpuint (s->times->len, ==, 2);
  g_assert_cmpuint (g_array_index (s->times, guint, 0), ==, 9 * 60);
  g_assert_cmpuint (g_array_index (s->times, guint, 1), ==, 17 * 60 + 30);
  g_assert_cmpuint (s->weekly_crons->len, ==, 2);
  r = ork_job_get_retry (job);
  g_assert_cmpint (r->backoff, ==, ORK_BACKOFF_DELAYS);
  g_assert_cmpint (r->jitter, ==, ORK_JITTER_DECORRELATED);
  g_assert_cmpuint (r->delays->len, ==, 3);
  g_assert_cmpint (g_array_index (r->delays, gint64, 1), ==, 5000);
  g_assert_cmpint (g_array_index (r->delays, gint64, 2), ==, 60000);
  g_assert_cmpint (ork_job_get_timeout (job), ==, 90000);
  g_assert_cmpint (ork_job_get_quiet_mode (job), ==, ORK_QUIET_IGNORE);
  sim = ork_job_get_simulation (job);
  g_assert_cmpint (sim->latency, ==, ORK_LATENCY_UNIFORM);
  g_assert_cmpint (sim->min_ms, ==, 0);
  g_assert_cmpint (sim->max_ms, ==, 2000);

  job = job_at (ws, 2);
  s = ork_job_get_schedule (job);
  g_assert_cmpint (s->kind, ==, ORK_SCHEDULE_ONCE);
  g_assert_cmpint (g_date_time_get_utc_offset (s->at), ==, (5 * 3600 + 1800) * G_TIME_SPAN_SECOND);
  g_assert_cmpint (g_date_time_get_microsecond (s->at), ==, 250000);
  g_assert_cmpint (ork_job_get_simulation (job)->latency, ==, ORK_LATENCY_FIXED);
  g_assert_cmpint (ork_job_get_simulation (job)->fixed_ms, ==, 1500);

  job = job_at (ws, 3);
  s = ork_job_get_schedule (job);
  g_assert_cmpint (s->kind, ==, ORK_SCHEDULE_INTERVAL);
  g_assert_cmpint (s->every_ms, ==, 90 * 60000);
  g_assert_cmpint (s->from, ==, ORK_INTERVAL_FROM_COMPLETION);
  g_assert_cmpint (g_date_time_get_hour (s->anchor), ==, 0);
  g_assert_cmpint (g_date_time_get_minute (s->anchor), ==, 15);

  g_assert_cmpint (ork_job_get_schedule (job_at (ws, 4))->kind, ==, ORK_SCHEDULE_MANUAL);
  g_assert_true (ork_workspace_find_job (ws, "by-hand") == job_at (ws, 4));
  g_assert_null (ork_workspace_find_job (ws, "nope"));
}

static void
test_demo (void)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "..", "data", "samples",
                                                 "demo.json", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(OrkWorkspace) ws = ork_workspace_load_from_file (path, NULL, &error);
  GListModel *jobs;
  guint types = 0, kinds = 0;
  gboolean failure = FALSE, hang = FALSE, chaos = FALSE, group = FALSE;

  g_assert_no_error (error);
  jobs = ork_workspace_get_jobs (ws);
  g_assert_cmpuint (g_list_model_get_n_items (jobs), >=, 10);
  for (guint i = 0; i < g_list_model_get_n_items (jobs); i++)
    {
      OrkJob *job = job_at (ws, i);
      const OrkSimSpec *sim = ork_job_get_simulation (job);

      types |= 1u << ork_job_get_job_type (job);
      kinds |= 1u << ork_job_get_schedule (job)->kind;
      failure |= sim->failure_rate > 0;
      hang |= sim->hang_rate > 0;
      chaos |= sim->chaos != NULL && sim->chaos->len > 0;
      group |= ork_job_get_group (job) != NULL;
    }
  g_assert_cmphex (types, ==, 0x1f);
  g_assert_cmphex (kinds, ==, 0x1f);
  g_assert_true (failure && hang && chaos && group);
  g_assert_nonnull (ork_workspace_get_quiet_hours (ws));
  g_assert_cmpuint (g_hash_table_size (ork_workspace_get_groups (ws)), >=, 1);
}

static void
test_io_error (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) diags = NULL;
  OrkWorkspace *ws;

  ws = ork_workspace_load_from_file ("/nonexistent/jobs.json", &diags, &error);
  g_assert_null (ws);
  g_assert_null (diags);
  g_assert_error (error, ORK_WORKSPACE_ERROR, ORK_WORKSPACE_ERROR_IO);
  g_assert_cmpstr (error->message, ==,
                   "cannot read /nonexistent/jobs.json: No such file or directory");
  g_clear_error (&error);

  ws = ork_workspace_load_from_file ("/", NULL, &error);
  g_assert_null (ws);
  g_assert_error (error, ORK_WORKSPACE_ERROR, ORK_WORKSPACE_ERROR_IO);
}

/* }}} */
/* {{{ Saving */

static void
assert_values_equal (GParamSpec   *pspec,
                     const GValue *a,
                     const GValue *b)
{
  GType type = G_PARAM_SPEC_VALUE_TYPE (pspec);

  g_test_message ("property %s", pspec->name);
  if (type == ORK_TYPE_SCHEDULE)
    g_assert_true (ork_schedule_equal (g_value_get_boxed (a), g_value_get_boxed (b)));
  else if (type == ORK_TYPE_RETRY_POLICY)
    g_assert_true (ork_retry_policy_equal (g_value_get_boxed (a), g_value_get_boxed (b)));
  else if (type == ORK_TYPE_QUIET_HOURS)
    {
      const OrkQuietHours *x = g_value_get_boxed (a);
      const OrkQuietHours *y = g_value_get_boxed (b);
      g_assert_true (x == NULL ? y == NULL : y != NULL && ork_quiet_hours_equal (x, y));
    }
  else if (type == ORK_TYPE_SIM_SPEC)
    g_assert_true (ork_sim_spec_equal (g_value_get_boxed (a), g_value_get_boxed (b)));
  else if (type == G_TYPE_STRV)
    {
      const char * const *x = g_value_get_boxed (a);
      const char * const *y = g_value_get_boxed (b);
      g_assert_true (x == NULL ? y == NULL : y != NULL && g_strv_equal (x, y));
    }
  else
    g_assert_cmpint (g_param_values_cmp (pspec, a, b), ==, 0);
}

static void
assert_jobs_equal (OrkJob *a,
                   OrkJob *b)
{
  g_autofree GParamSpec **pspecs = NULL;
  guint n = 0;

  pspecs = g_object_class_list_properties (G_OBJECT_GET_CLASS (a), &n);
  for (guint i = 0; i < n; i++)
    {
      g_auto(GValue) va = G_VALUE_INIT;
      g_auto(GValue) vb = G_VALUE_INIT;

      g_value_init (&va, G_PARAM_SPEC_VALUE_TYPE (pspecs[i]));
      g_value_init (&vb, G_PARAM_SPEC_VALUE_TYPE (pspecs[i]));
      g_object_get_property (G_OBJECT (a), pspecs[i]->name, &va);
      g_object_get_property (G_OBJECT (b), pspecs[i]->name, &vb);
      assert_values_equal (pspecs[i], &va, &vb);
    }
}

static void
assert_workspaces_equal (OrkWorkspace *a,
                         OrkWorkspace *b)
{
  GListModel *ja = ork_workspace_get_jobs (a);
  GListModel *jb = ork_workspace_get_jobs (b);
  const OrkQuietHours *qa = ork_workspace_get_quiet_hours (a);
  const OrkQuietHours *qb = ork_workspace_get_quiet_hours (b);
  GHashTableIter iter;
  gpointer key, value;

  g_assert_cmpuint (ork_workspace_get_workers (a), ==, ork_workspace_get_workers (b));
  g_assert_cmpuint (ork_workspace_get_seed (a), ==, ork_workspace_get_seed (b));
  g_assert_cmpstr (ork_workspace_get_timezone (a), ==, ork_workspace_get_timezone (b));
  g_assert_cmpint (ork_workspace_get_history_max_age (a), ==, ork_workspace_get_history_max_age (b));
  g_assert_cmpuint (ork_workspace_get_history_max_runs (a), ==,
                    ork_workspace_get_history_max_runs (b));
  g_assert_true (qa == NULL ? qb == NULL : qb != NULL && ork_quiet_hours_equal (qa, qb));
  g_assert_cmpuint (g_hash_table_size (ork_workspace_get_groups (a)), ==,
                    g_hash_table_size (ork_workspace_get_groups (b)));
  g_hash_table_iter_init (&iter, ork_workspace_get_groups (a));
  while (g_hash_table_iter_next (&iter, &key, &value))
    g_assert_true (g_hash_table_lookup (ork_workspace_get_groups (b), key) == value);

  g_assert_cmpuint (g_list_model_get_n_items (ja), ==, g_list_model_get_n_items (jb));
  for (guint i = 0; i < g_list_model_get_n_items (ja); i++)
    assert_jobs_equal (job_at (a, i), job_at (b, i));
}

static void
check_round_trip (OrkWorkspace *ws)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(OrkWorkspace) again = NULL;
  g_autofree char *data = NULL;
  g_autofree char *data2 = NULL;
  gsize len;

  data = ork_workspace_to_data (ws, &len);
  g_assert_cmpuint (strlen (data), ==, len);
  g_assert_true (g_str_has_suffix (data, "}\n"));
  again = ork_workspace_load_from_data (data, len, "saved.json", NULL, &error);
  g_assert_no_error (error);
  assert_workspaces_equal (ws, again);
  /* Saving is stable. */
  data2 = ork_workspace_to_data (again, NULL);
  g_assert_cmpstr (data, ==, data2);
}

static void
test_round_trip (void)
{
  g_autofree char *demo = g_test_build_filename (G_TEST_DIST, "..", "data", "samples",
                                                 "demo.json", NULL);
  const char *names[] = { "full.json", "short-form.json", "defaults.json", "empty.json" };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autoptr(OrkWorkspace) ws = load_fixture ("valid", names[i]);
      check_round_trip (ws);
    }
  {
    g_autoptr(OrkWorkspace) ws = ork_workspace_load_from_file (demo, NULL, NULL);
    g_assert_nonnull (ws);
    check_round_trip (ws);
  }
}

static void
test_saved_form (void)
{
  g_autoptr(OrkWorkspace) ws = load_fixture ("valid", "short-form.json");
  g_autoptr(OrkWorkspace) full = load_fixture ("valid", "full.json");
  g_autofree char *data = ork_workspace_to_data (ws, NULL);
  g_autofree char *full_data = ork_workspace_to_data (full, NULL);

  /* The full form: the short keys are gone, durations in their shortest
   * form, rates as written, keys in the documented order. */
  g_assert_true (g_str_has_prefix (data, "{\n  \"version\": 1,\n  \"settings\": {\n"
                                   "    \"workers\": 4,\n"));
  g_assert_null (strstr (data, "failureRate"));
  g_assert_null (strstr (data, "\"interval\":"));
  g_assert_nonnull (strstr (data, "      \"id\": \"sync_001\",\n"
                                  "      \"name\": \"sync_001\",\n"
                                  "      \"type\": \"sync\",\n"
                                  "      \"enabled\": true,\n"
                                  "      \"priority\": \"normal\",\n"
                                  "      \"schedule\": {\n"
                                  "        \"kind\": \"interval\",\n"
                                  "        \"every\": \"3s\",\n"));
  g_assert_nonnull (strstr (data, "\"failure_rate\": 0.2,"));
  g_assert_nonnull (strstr (data, "\"multiplier\": 2.0,"));
  g_assert_nonnull (strstr (data, "\"timeout\": \"1h\","));
  /* Times keep the offset they were written with. */
  g_assert_nonnull (strstr (full_data, "\"at\": \"2026-12-01T10:00:00.250+05:30\""));
  g_assert_nonnull (strstr (full_data, "\"anchor\": \"2026-01-01T00:15:00-08:00\""));
  g_assert_nonnull (strstr (full_data, "\"timeout\": \"none\","));
  g_assert_nonnull (strstr (full_data, "\"every\": \"90m\","));
  g_assert_nonnull (strstr (full_data, "\"delays\": [\n"));
  g_assert_nonnull (strstr (full_data, "\"days\": [\n          \"mon\",\n          \"wed\",\n"));
}

static gboolean
file_equals (const char *path,
             const char *expected)
{
  g_autofree char *contents = NULL;

  if (!g_file_get_contents (path, &contents, NULL, NULL))
    return FALSE;
  return g_strcmp0 (contents, expected) == 0;
}

static void
test_save_atomic (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("ork-ws-XXXXXX", &error);
  g_autofree char *path = NULL;
  g_autofree char *bak = NULL;
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;
  g_autoptr(OrkWorkspace) ws = load_fixture ("valid", "full.json");
  g_autoptr(GPtrArray) files = NULL;
  struct stat st;

  g_assert_no_error (error);
  path = g_build_filename (dir, "jobs.json", NULL);
  bak = g_build_filename (dir, "jobs.json.bak", NULL);

  /* New file: mode 0600, no backup. */
  g_assert_true (ork_workspace_save_to_file (ws, path, &error));
  g_assert_no_error (error);
  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);
  g_assert_false (g_file_test (bak, G_FILE_TEST_EXISTS));
  first = ork_workspace_to_data (ws, NULL);
  g_assert_true (file_equals (path, first));

  /* Second save: the previous version becomes jobs.json.bak, the mode stays. */
  g_assert_cmpint (g_chmod (path, 0640), ==, 0);
  ork_workspace_set_workers (ws, 2);
  ork_workspace_remove_job (ws, "once");
  second = ork_workspace_to_data (ws, NULL);
  g_assert_true (ork_workspace_save_to_file (ws, path, &error));
  g_assert_no_error (error);
  g_assert_true (file_equals (path, second));
  g_assert_true (file_equals (bak, first));
  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0640);

  /* What was saved loads back. */
  {
    g_autoptr(OrkWorkspace) again = ork_workspace_load_from_file (path, NULL, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (ork_workspace_get_workers (again), ==, 2);
    g_assert_null (ork_workspace_find_job (again, "once"));
    assert_workspaces_equal (ws, again);
  }

  /* No temporary file is left behind. */
  files = list_dir (dir, NULL);
  g_assert_cmpuint (files->len, ==, 2);

  /* An unwritable place is an I/O error naming the file. */
  {
    g_autofree char *bad = g_build_filename (dir, "missing", "jobs.json", NULL);
    g_assert_false (ork_workspace_save_to_file (ws, bad, &error));
    g_assert_error (error, ORK_WORKSPACE_ERROR, ORK_WORKSPACE_ERROR_IO);
    g_assert_true (g_str_has_prefix (error->message, "cannot write "));
    g_assert_nonnull (strstr (error->message, bad));
    g_clear_error (&error);
  }

  g_unlink (path);
  g_unlink (bak);
  g_rmdir (dir);
}

/* Creates @name in @dir (a file, or a directory when @is_dir) with a
 * modification time @age_s seconds ago. */
static char *
make_old (const char *dir,
          const char *name,
          gboolean    is_dir,
          int         age_s)
{
  char *path = g_build_filename (dir, name, NULL);
  struct timespec times[2];

  if (is_dir)
    g_assert_cmpint (g_mkdir (path, 0700), ==, 0);
  else
    g_assert_true (g_file_set_contents (path, "{\"version\": 1, \"jo", -1, NULL));
  clock_gettime (CLOCK_REALTIME, &times[0]);
  times[0].tv_sec -= age_s;
  times[1] = times[0];
  g_assert_cmpint (utimensat (AT_FDCWD, path, times, AT_SYMLINK_NOFOLLOW), ==, 0);
  return path;
}

/* A save killed before its rename leaves ".NAME.XXXXXX" behind: the next
 * save removes those, and only those: its exact pattern, regular files, an
 * hour old and not locked by a save still writing. */
static void
test_save_stale_temp (void)
{
  static const char *kept[] = {
    ".jobs.json.bak",       /* not six characters */
    ".jobs.json.Ab12Cde",
    ".jobs.json.Ab-2Cd",    /* not what mkstemp makes */
    "jobs.json.Ab12Cd",     /* no leading dot */
    ".other.json.Ab12Cd",   /* another file's */
    ".jobs.jsonxAb12Cd",
  };
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("ork-ws-XXXXXX", &error);
  g_autofree char *path = NULL;
  g_autofree char *stale = NULL;
  g_autofree char *stale2 = NULL;
  g_autofree char *locked = NULL;
  g_autofree char *fresh = NULL;
  g_autofree char *subdir = NULL;
  g_autofree char *target = NULL;
  g_autofree char *link = NULL;
  g_autoptr(OrkWorkspace) ws = load_fixture ("valid", "full.json");
  g_autoptr(GPtrArray) files = NULL;
  struct timespec times[2];
  int lock_fd;

  g_assert_no_error (error);
  path = g_build_filename (dir, "jobs.json", NULL);
  for (guint i = 0; i < G_N_ELEMENTS (kept); i++)
    g_free (make_old (dir, kept[i], FALSE, 3600));
  stale = make_old (dir, ".jobs.json.Ab12Cd", FALSE, 3600);
  stale2 = make_old (dir, ".jobs.json.zZ09aB", FALSE, 120);
  /* Another process's save still writing holds its lock, however slow. */
  locked = make_old (dir, ".jobs.json.Lk34Ef", FALSE, 3600);
  lock_fd = g_open (locked, O_RDONLY | O_CLOEXEC, 0);
  g_assert_cmpint (lock_fd, >=, 0);
  g_assert_cmpint (flock (lock_fd, LOCK_EX | LOCK_NB), ==, 0);
  /* Just made: perhaps by a save between its mkstemp and its flock. */
  fresh = make_old (dir, ".jobs.json.Fr56Gh", FALSE, 0);
  /* Not regular files: never followed, never removed. */
  subdir = make_old (dir, ".jobs.json.Di90Kl", TRUE, 3600);
  target = make_old (dir, "target", FALSE, 3600);
  link = g_build_filename (dir, ".jobs.json.Sy78Ij", NULL);
  g_assert_cmpint (symlink (target, link), ==, 0);
  clock_gettime (CLOCK_REALTIME, &times[0]);
  times[0].tv_sec -= 3600;
  times[1] = times[0];
  g_assert_cmpint (utimensat (AT_FDCWD, link, times, AT_SYMLINK_NOFOLLOW), ==, 0);

  g_assert_true (ork_workspace_save_to_file (ws, path, &error));
  g_assert_no_error (error);

  g_assert_false (g_file_test (stale, G_FILE_TEST_EXISTS));
  g_assert_false (g_file_test (stale2, G_FILE_TEST_EXISTS));
  g_assert_true (g_file_test (locked, G_FILE_TEST_IS_REGULAR));
  g_assert_true (g_file_test (fresh, G_FILE_TEST_IS_REGULAR));
  g_assert_true (g_file_test (subdir, G_FILE_TEST_IS_DIR));
  g_assert_true (g_file_test (link, G_FILE_TEST_IS_SYMLINK));
  g_assert_true (g_file_test (target, G_FILE_TEST_IS_REGULAR));
  for (guint i = 0; i < G_N_ELEMENTS (kept); i++)
    {
      g_autofree char *p = g_build_filename (dir, kept[i], NULL);
      g_assert_true (g_file_test (p, G_FILE_TEST_IS_REGULAR));
    }
  /* The kept ones, jobs.json, the link's target and nothing else. */
  files = list_dir (dir, NULL);
  g_assert_cmpuint (files->len, ==, G_N_ELEMENTS (kept) + 6);

  /* Once the other save has gone, its file is stale too. */
  close (lock_fd);
  g_assert_true (ork_workspace_save_to_file (ws, path, &error));
  g_assert_no_error (error);
  g_assert_false (g_file_test (locked, G_FILE_TEST_EXISTS));
  g_assert_true (g_file_test (fresh, G_FILE_TEST_IS_REGULAR));

  for (guint i = 0; i < files->len; i++)
    {
      g_autofree char *p = g_build_filename (dir, g_ptr_array_index (files, i), NULL);
      if (g_remove (p) != 0)
        g_rmdir (p);
    }
  {
    g_autofree char *bak = g_strconcat (path, ".bak", NULL);
    g_unlink (bak);
  }
  g_rmdir (dir);
}

static void
test_failed_load_untouched (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("ork-ws-XXXXXX", &error);
  g_autofree char *src = fixture_path ("invalid", "file-order.json");
  g_autofree char *path = NULL;
  g_autofree char *original = NULL;
  g_autofree char *after = NULL;
  g_autoptr(GPtrArray) files = NULL;
  g_autoptr(OrkWorkspace) ws = NULL;
  struct stat before_st, after_st;
  gsize len;

  g_assert_no_error (error);
  path = g_build_filename (dir, "jobs.json", NULL);
  g_assert_true (g_file_get_contents (src, &original, &len, NULL));
  g_assert_true (g_file_set_contents (path, original, len, NULL));
  g_assert_cmpint (g_chmod (path, 0644), ==, 0);
  g_assert_cmpint (g_stat (path, &before_st), ==, 0);

  ws = ork_workspace_load_from_file (path, NULL, &error);
  g_assert_null (ws);
  g_assert_error (error, ORK_WORKSPACE_ERROR, ORK_WORKSPACE_ERROR_INVALID);

  g_assert_cmpint (g_stat (path, &after_st), ==, 0);
  g_assert_true (g_file_get_contents (path, &after, NULL, NULL));
  g_assert_cmpstr (after, ==, original);
  g_assert_cmpint (after_st.st_mtime, ==, before_st.st_mtime);
  g_assert_cmpint (after_st.st_ino, ==, before_st.st_ino);
  g_assert_cmpint (after_st.st_mode, ==, before_st.st_mode);
  files = list_dir (dir, NULL);
  g_assert_cmpuint (files->len, ==, 1);

  g_unlink (path);
  g_rmdir (dir);
}

static void
test_model (void)
{
  g_autoptr(OrkWorkspace) ws = ork_workspace_new ();
  g_autoptr(OrkJob) a = ork_job_new ("a", ORK_JOB_TYPE_SYNC);
  g_autoptr(OrkJob) b = ork_job_new ("b", ORK_JOB_TYPE_BATCH);
  GListModel *jobs = ork_workspace_get_jobs (ws);

  g_assert_true (g_list_model_get_item_type (jobs) == ORK_TYPE_JOB);
  ork_workspace_add_job (ws, a);
  ork_workspace_add_job (ws, b);
  g_assert_cmpuint (g_list_model_get_n_items (jobs), ==, 2);
  g_assert_true (ork_workspace_find_job (ws, "b") == b);
  g_assert_true (ork_workspace_remove_job (ws, "a"));
  g_assert_false (ork_workspace_remove_job (ws, "a"));
  g_assert_cmpuint (g_list_model_get_n_items (jobs), ==, 1);

  ork_workspace_set_group (ws, "net", 3);
  g_assert_cmpint (GPOINTER_TO_INT (g_hash_table_lookup (ork_workspace_get_groups (ws), "net")), ==, 3);
  ork_workspace_set_timezone (ws, "Asia/Tokyo");
  g_assert_cmpstr (g_time_zone_get_identifier (ork_workspace_get_time_zone (ws)), ==, "Asia/Tokyo");
  ork_workspace_set_timezone (ws, NULL);
  g_assert_nonnull (ork_workspace_get_time_zone (ws));
  ork_workspace_set_seed (ws, 99);
  g_assert_cmpuint (ork_workspace_get_seed (ws), ==, 99);
  check_round_trip (ws);
}

/* @n jobs with an unknown key each: the error message's lines. */
static char **
load_with_errors (guint n)
{
  g_autoptr(GString) json = g_string_new ("{\"version\": 1, \"jobs\": [\n");
  g_autoptr(OrkWorkspace) ws = NULL;
  g_autoptr(GPtrArray) diags = NULL;
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < n; i++)
    g_string_append_printf (json, "%s{\"type\": \"sync\", \"oops\": %u}\n", i ? "," : "", i);
  g_string_append (json, "]}\n");

  ws = ork_workspace_load_from_data (json->str, json->len, "many.json", &diags, &error);
  g_assert_null (ws);
  g_assert_error (error, ORK_WORKSPACE_ERROR, ORK_WORKSPACE_ERROR_INVALID);
  /* The array holds the diagnostics shown, never the summary line. */
  g_assert_cmpuint (diags->len, ==, MIN (n, ORK_MAX_DIAGNOSTICS));
  return g_strsplit (error->message, "\n", -1);
}

/* A workspace written on one line (as tools minify JSON): every position
 * is on line 1, and an error late in it names its exact column, also
 * after the loader looked at every value before it. */
static void
test_one_line (void)
{
  g_autoptr(GString) json = g_string_new ("{\"version\":1,\"jobs\":[");
  g_autoptr(GError) error = NULL;
  g_autoptr(OrkWorkspace) ws = NULL;
  g_autofree char *expected = NULL;
  const char *bad;

  for (guint i = 0; i < 2000; i++)
    g_string_append_printf (json, "%s{\"id\":\"j%u\",\"type\":\"sync\",\"name\":\"Jöb %u\","
                            "\"schedule\":{\"kind\":\"interval\",\"every\":\"5m\"},"
                            "\"retry\":{\"max_retries\":%s}}",
                            i ? "," : "", i, i, i == 1999 ? "99999999999999999999" : "2");
  g_string_append (json, "]}");
  ws = ork_workspace_load_from_data (json->str, json->len, "one.json", NULL, &error);
  g_assert_null (ws);
  /* The column counts characters: the ö of every name is one. */
  bad = strstr (json->str, "99999999999999999999");
  g_assert_nonnull (bad);
  expected = g_strdup_printf ("one.json:1:%ld: error: jobs[1999].retry.max_retries: number out of range",
                              g_utf8_pointer_to_offset (json->str, bad) + 1);
  g_assert_cmpstr (error->message, ==, expected);

  /* Valid, it loads every job. */
  g_clear_error (&error);
  g_string_truncate (json, 0);
  g_string_append (json, "{\"version\":1,\"jobs\":[");
  for (guint i = 0; i < 2000; i++)
    g_string_append_printf (json, "%s{\"id\":\"j%u\",\"type\":\"sync\","
                            "\"schedule\":{\"kind\":\"interval\",\"every\":\"5m\"},"
                            "\"retry\":{\"max_retries\":%u}}", i ? "," : "", i, i % 5);
  g_string_append (json, "]}");
  g_clear_object (&ws);
  ws = ork_workspace_load_from_data (json->str, json->len, "one.json", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (ork_workspace_get_jobs (ws)), ==, 2000);
}

static void
test_too_many_errors (void)
{
  g_auto(GStrv) twenty = load_with_errors (20);
  g_auto(GStrv) twenty_one = load_with_errors (21);
  g_auto(GStrv) many = load_with_errors (300);
  g_autoptr(GString) dups = g_string_new ("{\"version\": 1, \"settings\": {");
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) diags = NULL;
  g_auto(GStrv) lines = NULL;
  OrkWorkspace *ws;

  /* Exactly 20: all shown, nothing more to say. */
  g_assert_cmpuint (g_strv_length (twenty), ==, 20);
  g_assert_cmpstr (twenty[19], ==, "many.json:21:19: error: jobs[19].oops: unknown key \"oops\"");

  g_assert_cmpuint (g_strv_length (twenty_one), ==, 21);
  g_assert_cmpstr (twenty_one[19], ==, "many.json:21:19: error: jobs[19].oops: unknown key \"oops\"");
  g_assert_cmpstr (twenty_one[20], ==, "many.json: error: 1 more error not shown");

  g_assert_cmpuint (g_strv_length (many), ==, 21);
  g_assert_cmpstr (many[20], ==, "many.json: error: 280 more errors not shown");

  /* The strict scan stops recording duplicate keys at 20: no count then. */
  for (guint i = 0; i < 30; i++)
    g_string_append_printf (dups, "%s\"seed\": %u", i ? ", " : "", i);
  g_string_append (dups, "}}");
  ws = ork_workspace_load_from_data (dups->str, dups->len, "dups.json", &diags, &error);
  g_assert_null (ws);
  g_assert_error (error, ORK_WORKSPACE_ERROR, ORK_WORKSPACE_ERROR_INVALID);
  g_assert_cmpuint (diags->len, ==, ORK_MAX_DIAGNOSTICS);
  lines = g_strsplit (error->message, "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, 21);
  g_assert_true (g_str_has_suffix (lines[19], ": error: settings: duplicate key \"seed\""));
  g_assert_cmpstr (lines[20], ==, "dups.json: error: more errors not shown");
}

/* settings.timezone @zone: whether the workspace loads. */
static gboolean
zone_loads (const char *zone)
{
  g_autofree char *json = g_strdup_printf ("{\"version\": 1, \"settings\": {\"timezone\": \"%s\"}}",
                                           zone);
  g_autoptr(OrkWorkspace) ws = NULL;
  g_autoptr(GError) error = NULL;

  ws = ork_workspace_load_from_data (json, -1, "tz.json", NULL, &error);
  if (ws == NULL)
    {
      g_autofree char *expected =
        g_strdup_printf ("tz.json:1:41: error: settings.timezone: unknown time zone \"%s\" "
                         "(use a tz database name such as Europe/Berlin, UTC, or an offset "
                         "like +05:00)", zone);

      g_assert_error (error, ORK_WORKSPACE_ERROR, ORK_WORKSPACE_ERROR_INVALID);
      g_assert_cmpstr (error->message, ==, expected);
      return FALSE;
    }
  g_assert_cmpstr (ork_workspace_get_timezone (ws), ==, zone);
  return TRUE;
}

static void
test_time_zone_names (void)
{
  static const char *refused[] = {
    /* POSIX TZ strings: GTimeZone takes them, with "UTC+5" five hours behind. */
    "UTC+5", "UTC-3", "EST5EDT,M3.2.0,M11.1.0", "CET-1CEST,M3.5.0,M10.5.0/3",
    /* Not zones of the database. */
    "Mars/Olympus_Mons", "Europe", "zone.tab", "/usr/share/zoneinfo/UTC",
    "../zoneinfo/UTC", "utc", "+5", "+05", "+0500", "05:00", "+05:00:00",
  };
  g_autofree char *tzdir = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *sub = NULL;
  g_autofree char *zone_file = NULL;
  gsize len;

  g_assert_true (zone_loads ("UTC"));
  g_assert_true (zone_loads ("+05:00"));
  g_assert_true (zone_loads ("-03:30"));
  g_assert_true (zone_loads ("+00:00"));
  for (guint i = 0; i < G_N_ELEMENTS (refused); i++)
    g_assert_false (zone_loads (refused[i]));

  if (!g_file_get_contents ("/usr/share/zoneinfo/Europe/Berlin", &contents, &len, NULL))
    {
      g_test_skip ("no tzdata");
      return;
    }
  g_assert_true (zone_loads ("Europe/Berlin"));

  /* $TZDIR is where the database is, as for GLib. */
  tzdir = g_dir_make_tmp ("ork-tzdir-XXXXXX", NULL);
  g_assert_nonnull (tzdir);
  sub = g_build_filename (tzdir, "Test", NULL);
  zone_file = g_build_filename (sub, "Zone", NULL);
  g_assert_cmpint (g_mkdir (sub, 0700), ==, 0);
  g_assert_true (g_file_set_contents (zone_file, contents, len, NULL));
  g_setenv ("TZDIR", tzdir, TRUE);
  g_assert_true (zone_loads ("Test/Zone"));
  g_assert_false (zone_loads ("Europe/Berlin"));
  g_assert_true (zone_loads ("UTC"));
  g_unsetenv ("TZDIR");
  g_assert_false (zone_loads ("Test/Zone"));

  g_unlink (zone_file);
  g_rmdir (sub);
  g_rmdir (tzdir);
}

/* }}} */

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/job/defaults", test_job_defaults);
  g_test_add_func ("/core/job/notify", test_job_notify);
  g_test_add_func ("/core/job/copy", test_job_copy);
  g_test_add_func ("/core/workspace/invalid-fixtures", test_invalid_fixtures);
  g_test_add_func ("/core/workspace/valid-fixtures", test_valid_fixtures);
  g_test_add_func ("/core/workspace/spec-example", test_spec_example);
  g_test_add_func ("/core/workspace/short-form", test_short_form);
  g_test_add_func ("/core/workspace/defaults", test_defaults);
  g_test_add_func ("/core/workspace/full", test_full);
  g_test_add_func ("/core/workspace/demo", test_demo);
  g_test_add_func ("/core/workspace/io-error", test_io_error);
  g_test_add_func ("/core/workspace/round-trip", test_round_trip);
  g_test_add_func ("/core/workspace/saved-form", test_saved_form);
  g_test_add_func ("/core/workspace/save-atomic", test_save_atomic);
  g_test_add_func ("/core/workspace/save-stale-temp", test_save_stale_temp);
  g_test_add_func ("/core/workspace/failed-load-untouched", test_failed_load_untouched);
  g_test_add_func ("/core/workspace/model", test_model);
  g_test_add_func ("/core/workspace/time-zone-names", test_time_zone_names);
  g_test_add_func ("/core/workspace/too-many-errors", test_too_many_errors);
  g_test_add_func ("/core/workspace/one-line", test_one_line);

  return g_test_run ();
}
