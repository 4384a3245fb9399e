/* test-event-log.c — the event log as the Log page reads it
 *
 * The engine runs on the virtual clock; the log is read through the
 * GListModel interface (newest first), through the entry objects'
 * properties, through the filter predicate and through the NDJSON export.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <json-glib/json-glib.h>

#include "ork-event-log.h"
#include "ork-scheduler.h"
#include "ork-workspace.h"

/* 2026-11-26T00:00:00Z */
#define START G_GINT64_CONSTANT (1795651200000000)
#define SEC(s) ((gint64) ((s) * 1000000.0))

#define FIXED(lat) "\"simulation\":{\"latency\":{\"fixed\":\"" lat "\"}}"
#define FIXED_FAIL(lat, rate) \
  "\"simulation\":{\"latency\":{\"fixed\":\"" lat "\"},\"failure_rate\":" rate "}"

typedef struct
{
  OrkWorkspace *workspace;
  OrkClock     *clock;
  OrkScheduler *scheduler;
} Engine;

static Engine *
engine_new (const char *json)
{
  g_autoptr(GError) error = NULL;
  Engine *engine = g_new0 (Engine, 1);

  engine->workspace = ork_workspace_load_from_data (json, -1, "test.json", NULL, &error);
  g_assert_no_error (error);
  engine->clock = ork_virtual_clock_new (START);
  engine->scheduler = ork_scheduler_new (engine->workspace, engine->clock);
  return engine;
}

static void
engine_run_until (Engine *engine,
                  double  seconds)
{
  ork_virtual_clock_advance_to (ORK_VIRTUAL_CLOCK (engine->clock), START + SEC (seconds));
}

static void
engine_free (Engine *engine)
{
  g_object_unref (engine->scheduler);
  g_object_unref (engine->clock);
  g_object_unref (engine->workspace);
  g_free (engine);
}

/* Items fetched with item () stay alive until the end of the program. */
static GPtrArray *kept;

static OrkLogEntry *
item (OrkEventLog *log,
      guint        position)
{
  OrkLogEntry *entry = g_list_model_get_item (G_LIST_MODEL (log), position);

  g_assert_nonnull (entry);
  g_assert_true (ORK_IS_LOG_ENTRY (entry));
  g_ptr_array_add (kept, entry);
  return entry;
}

/* The model oldest first, one line per entry: seconds after START, level,
 * kind, summary. Positions are read newest first, as the GUI does. */
static char *
dump (OrkEventLog *log)
{
  GListModel *model = G_LIST_MODEL (log);
  GString *s = g_string_new (NULL);

  for (guint i = g_list_model_get_n_items (model); i-- > 0;)
    {
      g_autoptr(OrkLogEntry) e = g_list_model_get_item (model, i);
      gint64 ms = (ork_log_entry_get_time (e) - START) / 1000;

      g_string_append_printf (s, "%" G_GINT64_FORMAT ".%03d %s %s %s\n", ms / 1000,
                              (int) (ms % 1000),
                              ork_log_level_to_string (ork_log_entry_get_level (e)),
                              ork_log_kind_to_string (ork_log_entry_get_kind (e)),
                              ork_log_entry_get_summary (e));
    }
  return g_string_free (s, FALSE);
}

static void
append_note (OrkEventLog *log,
             gint64       time,
             const char  *message)
{
  OrkLogEntryData data;

  ork_log_entry_data_init (&data);
  data.time = time;
  data.message = message;
  ork_event_log_append (log, &data);
}

/* Mirrors the model through "items-changed" alone, as a list widget does,
 * and checks at every emission that the view is consistent. */
typedef struct
{
  GPtrArray *items;       /* of char *, the entries' messages */
  guint      n_signals;
  guint      last_position;
  guint      last_removed;
  guint      last_added;
} Mirror;

static void
on_items_changed (GListModel *model,
                  guint       position,
                  guint       removed,
                  guint       added,
                  Mirror     *mirror)
{
  mirror->n_signals++;
  mirror->last_position = position;
  mirror->last_removed = removed;
  mirror->last_added = added;

  g_assert_cmpuint (position + removed, <=, mirror->items->len);
  g_ptr_array_remove_range (mirror->items, position, removed);
  for (guint i = 0; i < added; i++)
    {
      g_autoptr(OrkLogEntry) e = g_list_model_get_item (model, position + i);

      g_assert_nonnull (e);
      g_ptr_array_insert (mirror->items, position + i, g_strdup (ork_log_entry_get_message (e)));
    }
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, mirror->items->len);
}

static void
mirror_init (Mirror      *mirror,
             OrkEventLog *log)
{
  memset (mirror, 0, sizeof *mirror);
  mirror->items = g_ptr_array_new_with_free_func (g_free);
  g_signal_connect (log, "items-changed", G_CALLBACK (on_items_changed), mirror);
}

static void
mirror_check (Mirror      *mirror,
              OrkEventLog *log)
{
  GListModel *model = G_LIST_MODEL (log);

  g_assert_cmpuint (g_list_model_get_n_items (model), ==, mirror->items->len);
  for (guint i = 0; i < mirror->items->len; i++)
    {
      g_autoptr(OrkLogEntry) e = g_list_model_get_item (model, i);

      g_assert_cmpstr (ork_log_entry_get_message (e), ==, g_ptr_array_index (mirror->items, i));
    }
  g_assert_null (g_list_model_get_item (model, mirror->items->len));
}

static void
mirror_clear (Mirror      *mirror,
              OrkEventLog *log)
{
  g_signal_handlers_disconnect_by_data (log, mirror);
  g_ptr_array_unref (mirror->items);
}

/* ------------------------------------------------------------------ */

static void
test_engine_events (void)
{
  Engine *engine = engine_new ("{\"version\":1,\"jobs\":["
                               "{\"id\":\"bad\",\"type\":\"sync\","
                               "\"schedule\":{\"kind\":\"once\",\"at\":\"2026-11-26T00:00:00Z\"},"
                               "\"retry\":{\"max_retries\":1,\"backoff\":\"fixed\",\"initial\":\"2s\"},"
                               FIXED_FAIL ("1s", "1.0") "},"
                               "{\"id\":\"ok\",\"type\":\"sync\","
                               "\"schedule\":{\"kind\":\"interval\",\"every\":\"10s\"},"
                               "\"concurrency\":{\"overlap\":\"skip\"}," FIXED ("15s") "}]}");
  g_autoptr(OrkEventLog) log = ork_event_log_new (0);
  g_autofree char *text = NULL;
  OrkLogEntry *e;

  g_assert_cmpuint (ork_event_log_get_capacity (log), ==, ORK_EVENT_LOG_DEFAULT_CAPACITY);
  g_assert_true (g_list_model_get_item_type (G_LIST_MODEL (log)) == ORK_TYPE_LOG_ENTRY);

  ork_event_log_attach (log, engine->scheduler);
  /* Attaching again to the same engine does not log twice. */
  ork_event_log_attach (log, engine->scheduler);
  ork_scheduler_start (engine->scheduler);
  engine_run_until (engine, 12);
  ork_event_log_flush (log);

  text = dump (log);
  g_assert_cmpstr (text, ==,
                   "0.000 debug transition bad #1: SCHEDULED → QUEUED (schedule)\n"
                   "0.000 debug transition ok #1: SCHEDULED → QUEUED (schedule)\n"
                   "0.000 debug transition bad #1 attempt 1: QUEUED → RUNNING (schedule)\n"
                   "0.000 debug transition ok #1 attempt 1: QUEUED → RUNNING (schedule)\n"
                   "1.000 warning attempt-finished bad #1 attempt 1: RUNNING → FAILED (injected-failure): simulated failure\n"
                   "1.000 debug transition bad #1 attempt 1: FAILED → RETRY_WAIT (retry)\n"
                   "3.000 debug transition bad #1 attempt 1: RETRY_WAIT → QUEUED (retry)\n"
                   "3.000 debug transition bad #1 attempt 2: QUEUED → RUNNING (retry)\n"
                   "4.000 error attempt-finished bad #1 attempt 2: RUNNING → FAILED (injected-failure): simulated failure\n"
                   "10.000 info attempt-finished ok #2: SCHEDULED → SKIPPED (overlap): skipped: the previous run is still active\n");

  /* Newest first: position 0 is the skip's record. */
  e = item (log, 0);
  g_assert_cmpint (ork_log_entry_get_kind (e), ==, ORK_LOG_KIND_ATTEMPT_FINISHED);
  g_assert_cmpstr (ork_log_entry_get_job_id (e), ==, "ok");
  g_assert_cmpuint (ork_log_entry_get_run_id (e), ==, 2);
  g_assert_cmpuint (ork_log_entry_get_attempt (e), ==, 0);
  /* One entry for an attempt's end: the record's, with the state it left. */
  g_assert_cmpint (ork_log_entry_get_from (e), ==, ORK_RUN_SCHEDULED);
  g_assert_cmpint (ork_log_entry_get_to (e), ==, ORK_RUN_SKIPPED);
  g_assert_cmpint (ork_log_entry_get_reason (e), ==, ORK_REASON_OVERLAP);
  g_assert_cmpint (ork_log_entry_get_time (e), ==, START + SEC (10));

  /* After detaching, the engine's events are no longer logged. */
  ork_event_log_detach (log);
  engine_run_until (engine, 40);
  ork_event_log_flush (log);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (log)), ==, 10);
  g_assert_cmpuint (ork_event_log_get_n_logged (log), ==, 10);

  engine_free (engine);
}

static void
test_output_and_notes (void)
{
  Engine *engine = engine_new ("{\"version\":1,\"jobs\":[]}");
  g_autoptr(OrkEventLog) log = ork_event_log_new (10);
  g_autoptr(OrkRun) run = ork_run_new ("cmd", 3, START);
  OrkLogEntryData data;
  g_autofree char *text = NULL;

  ork_event_log_attach (log, engine->scheduler);
  ork_virtual_clock_jump_to (ORK_VIRTUAL_CLOCK (engine->clock), START + SEC (2.5));
  g_signal_emit_by_name (engine->scheduler, "output", run, FALSE, "copying files");
  g_signal_emit_by_name (engine->scheduler, "output", run, TRUE, "disk almost full");

  /* A note without a time takes the engine's. */
  ork_log_entry_data_init (&data);
  data.message = "engine paused";
  ork_event_log_append (log, &data);

  ork_log_entry_data_init (&data);
  data.time = START + SEC (7);
  data.level = ORK_LOG_WARNING;
  data.job_id = "cmd";
  data.message = "workspace saved";
  ork_event_log_append (log, &data);

  ork_event_log_flush (log);
  text = dump (log);
  g_assert_cmpstr (text, ==,
                   "2.500 debug output cmd #3: copying files\n"
                   "2.500 info output cmd #3: disk almost full\n"
                   "2.500 info note engine paused\n"
                   "7.000 warning note cmd: workspace saved\n");

  /* Detached, a note without a time takes the wall clock's. */
  ork_event_log_detach (log);
  {
    gint64 before = g_get_real_time ();
    OrkLogEntry *e;

    append_note (log, ORK_TIME_UNSET, "later");
    ork_event_log_flush (log);
    e = item (log, 0);
    g_assert_cmpint (ork_log_entry_get_time (e), >=, before);
    g_assert_cmpint (ork_log_entry_get_time (e), <=, g_get_real_time ());
  }

  engine_free (engine);
}

static void
test_entry_properties (void)
{
  g_autoptr(OrkEventLog) log = ork_event_log_new (10);
  g_autoptr(OrkLogEntry) e = NULL;
  OrkLogEntryData data;
  gint64 time;
  OrkLogLevel level;
  OrkLogKind kind;
  g_autofree char *job_id = NULL;
  g_autofree char *message = NULL;
  g_autofree char *summary = NULL;
  guint64 run_id;
  guint attempt;
  int from, to, reason;

  ork_log_entry_data_init (&data);
  data.time = START + SEC (51);
  data.level = ORK_LOG_WARNING;
  data.kind = ORK_LOG_KIND_TRANSITION;
  data.job_id = "sync_contacts";
  data.run_id = 17;
  data.attempt = 2;
  data.from = ORK_RUN_RUNNING;
  data.to = ORK_RUN_FAILED;
  data.reason = ORK_REASON_INJECTED_FAILURE;
  data.message = "simulated failure";
  ork_event_log_append (log, &data);
  ork_event_log_flush (log);

  e = g_list_model_get_item (G_LIST_MODEL (log), 0);
  g_object_get (e, "time", &time, "level", &level, "kind", &kind, "job-id", &job_id,
                "run-id", &run_id, "attempt", &attempt, "from", &from, "to", &to,
                "reason", &reason, "message", &message, "summary", &summary, NULL);
  g_assert_cmpint (time, ==, START + SEC (51));
  g_assert_cmpint (level, ==, ORK_LOG_WARNING);
  g_assert_cmpint (kind, ==, ORK_LOG_KIND_TRANSITION);
  g_assert_cmpstr (job_id, ==, "sync_contacts");
  g_assert_cmpuint (run_id, ==, 17);
  g_assert_cmpuint (attempt, ==, 2);
  g_assert_cmpint (from, ==, ORK_RUN_RUNNING);
  g_assert_cmpint (to, ==, ORK_RUN_FAILED);
  g_assert_cmpint (reason, ==, ORK_REASON_INJECTED_FAILURE);
  g_assert_cmpstr (message, ==, "simulated failure");
  g_assert_cmpstr (summary, ==,
                   "sync_contacts #17 attempt 2: RUNNING → FAILED (injected-failure): simulated failure");

  /* Properties are read-only; enums have GTypes the GUI can list. */
  g_assert_false (g_object_class_find_property (G_OBJECT_GET_CLASS (e), "level")->flags &
                  G_PARAM_WRITABLE);
  g_assert_true (G_TYPE_IS_ENUM (ORK_TYPE_LOG_LEVEL));
  g_assert_true (G_TYPE_IS_ENUM (ORK_TYPE_LOG_KIND));

  /* The entry is a snapshot: it outlives the log's entry. */
  ork_event_log_clear (log);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (log)), ==, 0);
  g_assert_cmpstr (ork_log_entry_get_message (e), ==, "simulated failure");
  g_assert_cmpstr (ork_log_entry_get_job_id (e), ==, "sync_contacts");
}

static void
test_names (void)
{
  OrkLogLevel level = ORK_LOG_DEBUG;
  OrkLogKind kind = ORK_LOG_KIND_NOTE;

  g_assert_cmpstr (ork_log_level_to_string (ORK_LOG_ERROR), ==, "error");
  g_assert_cmpstr (ork_log_kind_to_string (ORK_LOG_KIND_ATTEMPT_FINISHED), ==, "attempt-finished");
  g_assert_true (ork_log_level_from_string ("warning", &level));
  g_assert_cmpint (level, ==, ORK_LOG_WARNING);
  g_assert_false (ork_log_level_from_string ("fatal", &level));
  g_assert_cmpint (level, ==, ORK_LOG_WARNING);
  g_assert_true (ork_log_kind_from_string ("output", &kind));
  g_assert_cmpint (kind, ==, ORK_LOG_KIND_OUTPUT);
  g_assert_false (ork_log_kind_from_string (NULL, &kind));
}

static void
test_matches (void)
{
  g_autoptr(OrkEventLog) log = ork_event_log_new (10);
  OrkLogEntryData data;
  OrkLogEntry *e;

  ork_log_entry_data_init (&data);
  data.time = START;
  data.level = ORK_LOG_WARNING;
  data.kind = ORK_LOG_KIND_TRANSITION;
  data.job_id = "Sync_Contacts";
  data.run_id = 4;
  data.attempt = 1;
  data.from = ORK_RUN_RUNNING;
  data.to = ORK_RUN_TIMED_OUT;
  data.reason = ORK_REASON_TIMEOUT;
  data.message = "Gave up after 30 s";
  ork_event_log_append (log, &data);
  ork_event_log_flush (log);
  e = item (log, 0);

  g_assert_true (ork_log_entry_matches (e, NULL, ORK_LOG_DEBUG, -1, NULL));
  g_assert_true (ork_log_entry_matches (e, NULL, ORK_LOG_DEBUG, -1, ""));
  /* Job: exact id. */
  g_assert_true (ork_log_entry_matches (e, "Sync_Contacts", ORK_LOG_DEBUG, -1, NULL));
  g_assert_false (ork_log_entry_matches (e, "sync", ORK_LOG_DEBUG, -1, NULL));
  /* Level: at the minimum or above. */
  g_assert_true (ork_log_entry_matches (e, NULL, ORK_LOG_WARNING, -1, NULL));
  g_assert_false (ork_log_entry_matches (e, NULL, ORK_LOG_ERROR, -1, NULL));
  /* Reason. */
  g_assert_true (ork_log_entry_matches (e, NULL, ORK_LOG_DEBUG, ORK_REASON_TIMEOUT, NULL));
  g_assert_false (ork_log_entry_matches (e, NULL, ORK_LOG_DEBUG, ORK_REASON_OVERLAP, NULL));
  /* Search, ignoring case, in the job id, the message and the reason. */
  g_assert_true (ork_log_entry_matches (e, NULL, ORK_LOG_DEBUG, -1, "CONTACTS"));
  g_assert_true (ork_log_entry_matches (e, NULL, ORK_LOG_DEBUG, -1, "gave UP"));
  g_assert_true (ork_log_entry_matches (e, NULL, ORK_LOG_DEBUG, -1, "TimeOut"));
  g_assert_false (ork_log_entry_matches (e, NULL, ORK_LOG_DEBUG, -1, "running"));
  g_assert_false (ork_log_entry_matches (e, NULL, ORK_LOG_DEBUG, -1, "contactsx"));
  /* All conditions at once. */
  g_assert_true (ork_log_entry_matches (e, "Sync_Contacts", ORK_LOG_INFO, ORK_REASON_TIMEOUT,
                                        "30 s"));
  g_assert_false (ork_log_entry_matches (e, "Sync_Contacts", ORK_LOG_INFO, ORK_REASON_TIMEOUT,
                                         "31 s"));

  /* A note without reason does not match the word "none". */
  append_note (log, START, "saved");
  ork_event_log_flush (log);
  e = item (log, 0);
  g_assert_false (ork_log_entry_matches (e, NULL, ORK_LOG_DEBUG, -1, "none"));
  g_assert_true (ork_log_entry_matches (e, NULL, ORK_LOG_DEBUG, ORK_REASON_NONE, "SAVED"));
  g_assert_false (ork_log_entry_matches (e, "Sync_Contacts", ORK_LOG_DEBUG, -1, NULL));
}

static void
test_capacity (void)
{
  g_autoptr(OrkEventLog) log = ork_event_log_new (5);
  GListModel *model = G_LIST_MODEL (log);

  /* Nothing connected to items-changed: the view follows at once. */
  for (int i = 1; i <= 12; i++)
    {
      g_autofree char *msg = g_strdup_printf ("n%d", i);

      append_note (log, START + i, msg);
    }
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 5);
  g_assert_cmpuint (ork_event_log_get_n_logged (log), ==, 12);
  for (guint i = 0; i < 5; i++)
    {
      g_autofree char *msg = g_strdup_printf ("n%u", 12 - i);

      g_assert_cmpstr (ork_log_entry_get_message (item (log, i)), ==, msg);
    }
  g_assert_null (g_list_model_get_item (model, 5));

  ork_event_log_clear (log);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 0);
  g_assert_cmpuint (ork_event_log_get_n_logged (log), ==, 12);
  append_note (log, START, "after clear");
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 1);
  g_assert_cmpstr (ork_log_entry_get_message (item (log, 0)), ==, "after clear");
}

static void
test_items_changed (void)
{
  g_autoptr(OrkEventLog) log = ork_event_log_new (8);
  GListModel *model = G_LIST_MODEL (log);
  Mirror mirror;
  guint serial = 0;
  /* Rounds of appends between flushes: under, at and over the capacity,
   * and more than twice it (announced early, without waiting for flush). */
  const guint rounds[] = { 3, 4, 1, 5, 0, 8, 2, 13, 30, 1, 7 };

  mirror_init (&mirror, log);

  /* Appends are batched: the view does not move until the flush. */
  append_note (log, START, "m0");
  append_note (log, START, "m1");
  append_note (log, START, "m2");
  serial = 3;
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 0);
  g_assert_cmpuint (mirror.n_signals, ==, 0);
  ork_event_log_flush (log);
  g_assert_cmpuint (mirror.n_signals, ==, 1);
  g_assert_cmpuint (mirror.last_position, ==, 0);
  g_assert_cmpuint (mirror.last_removed, ==, 0);
  g_assert_cmpuint (mirror.last_added, ==, 3);
  mirror_check (&mirror, log);
  g_assert_cmpstr (ork_log_entry_get_message (item (log, 0)), ==, "m2");

  /* A flush with nothing pending says nothing. */
  ork_event_log_flush (log);
  g_assert_cmpuint (mirror.n_signals, ==, 1);

  /* Seven more: 10 logged, 2 dropped at the end, 7 added at the front, in
   * that order. */
  for (guint i = 0; i < 7; i++, serial++)
    {
      g_autofree char *msg = g_strdup_printf ("m%u", serial);

      append_note (log, START, msg);
    }
  ork_event_log_flush (log);
  g_assert_cmpuint (mirror.n_signals, ==, 3);
  g_assert_cmpuint (mirror.last_position, ==, 0);
  g_assert_cmpuint (mirror.last_removed, ==, 0);
  g_assert_cmpuint (mirror.last_added, ==, 7);
  mirror_check (&mirror, log);
  g_assert_cmpstr (ork_log_entry_get_message (item (log, 7)), ==, "m2");

  for (guint r = 0; r < G_N_ELEMENTS (rounds); r++)
    {
      for (guint i = 0; i < rounds[r]; i++, serial++)
        {
          g_autofree char *msg = g_strdup_printf ("m%u", serial);

          append_note (log, START, msg);
          /* Never more than the capacity in view. */
          g_assert_cmpuint (g_list_model_get_n_items (model), <=, 8);
        }
      ork_event_log_flush (log);
      mirror_check (&mirror, log);
      g_assert_cmpuint (g_list_model_get_n_items (model), ==, 8);
      {
        g_autofree char *newest = g_strdup_printf ("m%u", serial - 1);
        g_autofree char *oldest = g_strdup_printf ("m%u", serial - 8);

        g_assert_cmpstr (g_ptr_array_index (mirror.items, 0), ==, newest);
        g_assert_cmpstr (g_ptr_array_index (mirror.items, 7), ==, oldest);
      }
    }

  /* Clear is announced at once, as one removal. */
  mirror.n_signals = 0;
  ork_event_log_clear (log);
  g_assert_cmpuint (mirror.n_signals, ==, 1);
  g_assert_cmpuint (mirror.last_removed, ==, 8);
  mirror_check (&mirror, log);

  /* Pending appends, then clear: nothing of them remains, nothing more is
   * announced. */
  append_note (log, START, "gone");
  ork_event_log_clear (log);
  ork_event_log_flush (log);
  g_assert_cmpuint (mirror.n_signals, ==, 1);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 0);
  append_note (log, START, "kept");
  ork_event_log_flush (log);
  mirror_check (&mirror, log);
  g_assert_cmpuint (mirror.items->len, ==, 1);

  mirror_clear (&mirror, log);
}

static gboolean
on_give_up (gpointer user_data)
{
  gboolean *timed_out = user_data;

  *timed_out = TRUE;
  return G_SOURCE_REMOVE;
}

static void
test_batched_on_main_loop (void)
{
  g_autoptr(OrkEventLog) log = ork_event_log_new (100);
  Mirror mirror;
  gboolean timed_out = FALSE;
  guint give_up;
  gint64 start;

  mirror_init (&mirror, log);
  start = g_get_monotonic_time ();
  for (int i = 0; i < 20; i++)
    append_note (log, START, "x");
  g_assert_cmpuint (mirror.n_signals, ==, 0);

  /* The main loop announces the twenty appends once, after about 50 ms. */
  give_up = g_timeout_add_seconds (10, on_give_up, &timed_out);
  while (mirror.n_signals == 0 && !timed_out)
    g_main_context_iteration (NULL, TRUE);
  g_assert_false (timed_out);
  g_source_remove (give_up);
  g_assert_cmpint (g_get_monotonic_time () - start, >=, 40 * 1000);
  g_assert_cmpuint (mirror.n_signals, ==, 1);
  g_assert_cmpuint (mirror.last_added, ==, 20);
  mirror_check (&mirror, log);

  /* No further announcement is pending. */
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_assert_cmpuint (mirror.n_signals, ==, 1);

  mirror_clear (&mirror, log);
}

static void
test_ndjson (void)
{
  g_autoptr(OrkEventLog) log = ork_event_log_new (3);
  g_autoptr(GOutputStream) out = g_memory_output_stream_new_resizable ();
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) lines = NULL;
  OrkLogEntryData data;
  char *text;
  JsonObject *o;

  append_note (log, START, "dropped: beyond the capacity");

  ork_log_entry_data_init (&data);
  data.time = START + SEC (51.25);
  data.level = ORK_LOG_ERROR;
  data.kind = ORK_LOG_KIND_ATTEMPT_FINISHED;
  data.job_id = "sync_001";
  data.run_id = 17;
  data.attempt = 2;
  data.to = ORK_RUN_FAILED;
  data.reason = ORK_REASON_EXIT_STATUS;
  data.message = "said \"no\"\tand\nleft \\ \x01";
  ork_event_log_append (log, &data);

  ork_log_entry_data_init (&data);
  data.time = START + SEC (52);
  data.level = ORK_LOG_DEBUG;
  data.kind = ORK_LOG_KIND_TRANSITION;
  data.job_id = "a";
  data.run_id = 1;
  data.attempt = 0;
  data.from = ORK_RUN_SCHEDULED;
  data.to = ORK_RUN_SKIPPED;
  data.reason = ORK_REASON_MISSED;
  ork_event_log_append (log, &data);

  /* Invalid UTF-8 from a command comes out valid. */
  append_note (log, START + SEC (60), "caf\xe9 au lait");

  g_assert_true (ork_event_log_write_ndjson (log, out, &error));
  g_assert_no_error (error);
  g_assert_true (g_output_stream_close (out, NULL, &error));
  text = g_memory_output_stream_get_data (G_MEMORY_OUTPUT_STREAM (out));
  g_assert_cmpuint (g_memory_output_stream_get_data_size (G_MEMORY_OUTPUT_STREAM (out)), ==,
                    strlen (text));
  g_assert_true (g_str_has_suffix (text, "}\n"));
  lines = g_strsplit (text, "\n", -1);
  /* Three entries, oldest first, and the empty string after the last newline. */
  g_assert_cmpuint (g_strv_length (lines), ==, 4);
  g_assert_cmpstr (lines[3], ==, "");

  for (guint i = 0; i < 3; i++)
    {
      g_autoptr(JsonParser) parser = json_parser_new ();
      g_autoptr(GList) members = NULL;
      const char *keys[] = { "time", "level", "kind", "jobId", "runId", "attempt", "from",
                             "to", "reason", "message" };
      guint k = 0;

      json_parser_load_from_data (parser, lines[i], -1, &error);
      g_assert_no_error (error);
      o = json_node_get_object (json_parser_get_root (parser));
      /* Every key, in order. */
      members = json_object_get_members (o);
      for (GList *l = members; l != NULL; l = l->next, k++)
        g_assert_cmpstr (l->data, ==, keys[k]);
      g_assert_cmpuint (k, ==, G_N_ELEMENTS (keys));

      if (i == 0)
        {
          g_assert_cmpstr (json_object_get_string_member (o, "time"), ==,
                           "2026-11-26T00:00:51.250Z");
          g_assert_cmpstr (json_object_get_string_member (o, "level"), ==, "error");
          g_assert_cmpstr (json_object_get_string_member (o, "kind"), ==, "attempt-finished");
          g_assert_cmpstr (json_object_get_string_member (o, "jobId"), ==, "sync_001");
          g_assert_cmpint (json_object_get_int_member (o, "runId"), ==, 17);
          g_assert_cmpint (json_object_get_int_member (o, "attempt"), ==, 2);
          g_assert_true (json_object_get_null_member (o, "from"));
          g_assert_cmpstr (json_object_get_string_member (o, "to"), ==, "FAILED");
          g_assert_cmpstr (json_object_get_string_member (o, "reason"), ==, "exit-status");
          g_assert_cmpstr (json_object_get_string_member (o, "message"), ==,
                           "said \"no\"\tand\nleft \\ \x01");
        }
      else if (i == 1)
        {
          g_assert_cmpstr (json_object_get_string_member (o, "time"), ==,
                           "2026-11-26T00:00:52.000Z");
          g_assert_cmpstr (json_object_get_string_member (o, "level"), ==, "debug");
          g_assert_cmpstr (json_object_get_string_member (o, "kind"), ==, "transition");
          g_assert_cmpint (json_object_get_int_member (o, "attempt"), ==, 0);
          g_assert_cmpstr (json_object_get_string_member (o, "from"), ==, "SCHEDULED");
          g_assert_cmpstr (json_object_get_string_member (o, "to"), ==, "SKIPPED");
          g_assert_cmpstr (json_object_get_string_member (o, "reason"), ==, "missed");
          g_assert_true (json_object_get_null_member (o, "message"));
        }
      else
        {
          g_assert_cmpstr (json_object_get_string_member (o, "kind"), ==, "note");
          g_assert_cmpstr (json_object_get_string_member (o, "level"), ==, "info");
          g_assert_true (json_object_get_null_member (o, "jobId"));
          g_assert_true (json_object_get_null_member (o, "runId"));
          g_assert_true (json_object_get_null_member (o, "attempt"));
          g_assert_true (json_object_get_null_member (o, "to"));
          g_assert_true (json_object_get_null_member (o, "reason"));
          g_assert_true (g_str_has_prefix (json_object_get_string_member (o, "message"), "caf"));
          g_assert_true (g_str_has_suffix (json_object_get_string_member (o, "message"),
                                           " au lait"));
        }
    }
}

static void
test_ndjson_includes_pending (void)
{
  g_autoptr(OrkEventLog) log = ork_event_log_new (4);
  g_autoptr(GOutputStream) out = g_memory_output_stream_new_resizable ();
  g_autoptr(GError) error = NULL;
  Mirror mirror;
  const char *text;

  /* With a listener and no flush, the export still has every entry held
   * (the latest four), even though the view has not moved yet. */
  mirror_init (&mirror, log);
  for (int i = 0; i < 6; i++)
    {
      g_autofree char *msg = g_strdup_printf ("p%d", i);

      append_note (log, START, msg);
    }
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (log)), ==, 0);
  g_assert_true (ork_event_log_write_ndjson (log, out, &error));
  g_assert_no_error (error);
  g_assert_true (g_output_stream_close (out, NULL, &error));
  text = g_memory_output_stream_get_data (G_MEMORY_OUTPUT_STREAM (out));
  g_assert_null (strstr (text, "\"p1\""));
  g_assert_nonnull (strstr (text, "\"p2\""));
  g_assert_true (strstr (text, "\"p2\"") < strstr (text, "\"p5\""));

  /* An empty log writes nothing. */
  {
    g_autoptr(OrkEventLog) empty = ork_event_log_new (4);
    g_autoptr(GOutputStream) out2 = g_memory_output_stream_new_resizable ();

    g_assert_true (ork_event_log_write_ndjson (empty, out2, &error));
    g_assert_cmpuint (g_memory_output_stream_get_data_size (G_MEMORY_OUTPUT_STREAM (out2)), ==, 0);
  }
  mirror_clear (&mirror, log);
}

static void
on_count_changed (GListModel *model,
                  guint       position,
                  guint       removed,
                  guint       added,
                  guint      *max_seen)
{
  *max_seen = MAX (*max_seen, g_list_model_get_n_items (model));
}

static void
on_count_signal (GListModel *model,
                 guint       position,
                 guint       removed,
                 guint       added,
                 guint      *n_signals)
{
  (*n_signals)++;
}

static void
on_append_once (GListModel *model,
                guint       position,
                guint       removed,
                guint       added,
                gboolean   *done)
{
  if (*done)
    return;
  *done = TRUE;
  append_note (ORK_EVENT_LOG (model), START, "from a handler");
}

static void
test_append_from_handler (void)
{
  g_autoptr(OrkEventLog) log = ork_event_log_new (3);
  gboolean done = FALSE;
  Mirror mirror;

  /* A handler that logs while the log announces: the flush announces that
   * too before it returns, and the view stays consistent. */
  mirror_init (&mirror, log);
  g_signal_connect (log, "items-changed", G_CALLBACK (on_append_once), &done);
  append_note (log, START, "a");
  append_note (log, START, "b");
  append_note (log, START, "c");
  ork_event_log_flush (log);
  g_assert_true (done);
  mirror_check (&mirror, log);
  g_assert_cmpuint (mirror.items->len, ==, 3);
  g_assert_cmpstr (g_ptr_array_index (mirror.items, 0), ==, "from a handler");
  g_assert_cmpstr (g_ptr_array_index (mirror.items, 2), ==, "b");
  g_assert_cmpuint (mirror.n_signals, ==, 3);
  g_signal_handlers_disconnect_by_data (log, &done);
  mirror_clear (&mirror, log);
}

static void
test_million (void)
{
  g_autoptr(OrkEventLog) log = ork_event_log_new (1000);
  guint max_seen = 0;
  guint n_signals = 0;
  OrkLogEntryData data;

  /* A listener is connected and nobody flushes: the log still stays
   * bounded, announcing by itself every capacity's worth. */
  g_signal_connect (log, "items-changed", G_CALLBACK (on_count_changed), &max_seen);
  g_signal_connect (log, "items-changed", G_CALLBACK (on_count_signal), &n_signals);
  ork_log_entry_data_init (&data);
  data.kind = ORK_LOG_KIND_TRANSITION;
  data.job_id = "fast";
  data.from = ORK_RUN_QUEUED;
  data.to = ORK_RUN_RUNNING;
  data.reason = ORK_REASON_SCHEDULE;
  for (guint i = 0; i < 1000000; i++)
    {
      data.time = START + i;
      data.run_id = i + 1;
      data.message = (i % 100 == 0) ? "every hundredth has a message" : NULL;
      ork_event_log_append (log, &data);
    }
  /* It announced by itself once per 1000 appends (a removal and an
   * insertion each time), so it never held much more than the capacity. */
  g_assert_cmpuint (n_signals, >=, 2 * (1000000 / 1000 - 3));
  ork_event_log_flush (log);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (log)), ==, 1000);
  g_assert_cmpuint (max_seen, ==, 1000);
  g_assert_cmpuint (ork_event_log_get_n_logged (log), ==, 1000000);
  g_assert_cmpuint (ork_log_entry_get_run_id (item (log, 0)), ==, 1000000);
  g_assert_cmpuint (ork_log_entry_get_run_id (item (log, 999)), ==, 999001);
  g_assert_cmpstr (ork_log_entry_get_message (item (log, 999)), ==,
                   "every hundredth has a message");
}

static void
test_engine_fast_forward (void)
{
  Engine *engine = engine_new ("{\"version\":1,\"jobs\":[{\"id\":\"tick\",\"type\":\"metrics\","
                               "\"schedule\":{\"kind\":\"interval\",\"every\":\"1s\"},"
                               FIXED ("10ms") "}]}");
  g_autoptr(OrkEventLog) log = ork_event_log_new (1000);
  Mirror mirror;
  OrkLogEntry *e;

  /* A simulated day: 3 entries a second (queued, running, and the attempt's
   * end with its record), 259,200 in all, through a log of 1000 with a
   * listener attached. */
  mirror_init (&mirror, log);
  ork_event_log_attach (log, engine->scheduler);
  ork_scheduler_start (engine->scheduler);
  engine_run_until (engine, 86400);
  ork_event_log_flush (log);

  g_assert_cmpuint (ork_event_log_get_n_logged (log), ==, 86400 * 3);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (log)), ==, 1000);
  mirror_check (&mirror, log);
  e = item (log, 0);
  g_assert_cmpint (ork_log_entry_get_kind (e), ==, ORK_LOG_KIND_ATTEMPT_FINISHED);
  g_assert_cmpint (ork_log_entry_get_to (e), ==, ORK_RUN_SUCCEEDED);
  g_assert_cmpint (ork_log_entry_get_level (e), ==, ORK_LOG_INFO);
  g_assert_cmpuint (ork_log_entry_get_run_id (e), ==, 86400);
  g_assert_cmpint (ork_log_entry_get_time (e), ==, START + SEC (86399.01));

  mirror_clear (&mirror, log);
  ork_event_log_detach (log);
  engine_free (engine);
}

int
main (int   argc,
      char *argv[])
{
  int ret;

  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/event-log/engine-events", test_engine_events);
  g_test_add_func ("/core/event-log/output-and-notes", test_output_and_notes);
  g_test_add_func ("/core/event-log/entry-properties", test_entry_properties);
  g_test_add_func ("/core/event-log/names", test_names);
  g_test_add_func ("/core/event-log/matches", test_matches);
  g_test_add_func ("/core/event-log/capacity", test_capacity);
  g_test_add_func ("/core/event-log/items-changed", test_items_changed);
  g_test_add_func ("/core/event-log/batched-on-main-loop", test_batched_on_main_loop);
  g_test_add_func ("/core/event-log/ndjson", test_ndjson);
  g_test_add_func ("/core/event-log/ndjson-includes-pending", test_ndjson_includes_pending);
  g_test_add_func ("/core/event-log/append-from-handler", test_append_from_handler);
  g_test_add_func ("/core/event-log/million", test_million);
  g_test_add_func ("/core/event-log/engine-fast-forward", test_engine_fast_forward);

  kept = g_ptr_array_new_with_free_func (g_object_unref);
  ret = g_test_run ();
  g_ptr_array_unref (kept);
  return ret;
}
