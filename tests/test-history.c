/* test-history.c — the run history: files, lock, recording an engine, crash
 * safety, recovery, retention, queries and export
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <signal.h>
#include <sqlite3.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "ork-history.h"
#include "ork-scheduler.h"
#include "ork-workspace.h"

/* 2026-11-26T00:00:00Z */
#define START G_GINT64_CONSTANT (1795651200000000)
#define SEC(s) ((gint64) ((s) * 1000000.0))

static const char *self_exe;

/* A temporary directory per test. */
static char *
temp_dir (void)
{
  g_autoptr(GError) error = NULL;
  char *dir = g_dir_make_tmp ("ork-history-XXXXXX", &error);

  g_assert_no_error (error);
  return dir;
}

static void
remove_tree (const char *path)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFileEnumerator) children = NULL;
  GFileInfo *info;

  children = g_file_enumerate_children (file, G_FILE_ATTRIBUTE_STANDARD_NAME ","
                                        G_FILE_ATTRIBUTE_STANDARD_TYPE,
                                        G_FILE_QUERY_INFO_NOFOLLOW_SYMLINKS, NULL, NULL);
  while (children != NULL && (info = g_file_enumerator_next_file (children, NULL, NULL)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, g_file_info_get_name (info), NULL);

      if (g_file_info_get_file_type (info) == G_FILE_TYPE_DIRECTORY)
        remove_tree (child);
      else
        g_unlink (child);
      g_object_unref (info);
    }
  g_rmdir (path);
}

static char *
sql_text (const char *path,
          const char *sql)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  char *result = NULL;

  /* Read-write, with a busy timeout: after a SIGKILL the first connection
   * may have to recover the WAL, which a read-only one cannot do. */
  if (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK)
    {
      /* A read-only file or directory: look without recovering. */
      sqlite3_close (db);
      db = NULL;
      g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
    }
  sqlite3_busy_timeout (db, 10000);
  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    result = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return result;
}

static gint64
sql_int (const char *path,
         const char *sql)
{
  g_autofree char *text = sql_text (path, sql);

  return text != NULL ? g_ascii_strtoll (text, NULL, 10) : -1;
}

static void
sql_exec (const char *path,
          const char *sql)
{
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, sql, NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);
}

static guint
file_mode (const char *path)
{
  GStatBuf st;

  g_assert_cmpint (g_stat (path, &st), ==, 0);
  return st.st_mode & 0777;
}

/* An engine on a virtual clock with a history attached. */

typedef struct
{
  OrkWorkspace *workspace;
  OrkClock     *clock;
  OrkScheduler *scheduler;
  GPtrArray    *records;      /* what the engine emitted */
  GHashTable   *transitions;  /* "job #run" → GString of "at from>to reason\n" */
} Sim;

static void
on_record (OrkScheduler *scheduler,
           OrkRecord    *record,
           Sim          *sim)
{
  g_ptr_array_add (sim->records, ork_record_copy (record));
}

static void
on_transition (OrkScheduler *scheduler,
               OrkRun       *run,
               guint         from,
               guint         to,
               guint         reason,
               Sim          *sim)
{
  g_autofree char *key = g_strdup_printf ("%s #%" G_GUINT64_FORMAT, ork_run_get_job_id (run),
                                          ork_run_get_run_id (run));
  GString *s = g_hash_table_lookup (sim->transitions, key);

  if (s == NULL)
    {
      s = g_string_new (NULL);
      g_hash_table_insert (sim->transitions, g_steal_pointer (&key), s);
    }
  g_string_append_printf (s, "%" G_GINT64_FORMAT " %s>%s %s\n",
                          ork_clock_now (sim->clock), ork_run_state_to_string (from),
                          ork_run_state_to_string (to), ork_reason_to_string (reason));
}

static void
free_gstring (gpointer s)
{
  g_string_free (s, TRUE);
}

static Sim *
sim_new (const char *json)
{
  g_autoptr(GError) error = NULL;
  Sim *sim = g_new0 (Sim, 1);

  sim->workspace = ork_workspace_load_from_data (json, -1, "test.json", NULL, &error);
  g_assert_no_error (error);
  sim->clock = ork_virtual_clock_new (START);
  sim->scheduler = ork_scheduler_new (sim->workspace, sim->clock);
  sim->records = g_ptr_array_new_with_free_func ((GDestroyNotify) ork_record_free);
  sim->transitions = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, free_gstring);
  g_signal_connect (sim->scheduler, "record", G_CALLBACK (on_record), sim);
  g_signal_connect (sim->scheduler, "transition", G_CALLBACK (on_transition), sim);
  return sim;
}

static void
sim_run_until (Sim    *sim,
               double  seconds)
{
  ork_virtual_clock_advance_to (ORK_VIRTUAL_CLOCK (sim->clock), START + SEC (seconds));
}

static void
sim_free (Sim *sim)
{
  g_object_unref (sim->scheduler);
  g_object_unref (sim->clock);
  g_object_unref (sim->workspace);
  g_ptr_array_unref (sim->records);
  g_hash_table_unref (sim->transitions);
  g_free (sim);
}

static int compare_records (gconstpointer a, gconstpointer b);

/* The records in §4 order, without owning them. */
static GPtrArray *
sorted_view (GPtrArray *records)
{
  GPtrArray *sorted = g_ptr_array_sized_new (records->len);

  for (guint i = 0; i < records->len; i++)
    g_ptr_array_add (sorted, records->pdata[i]);
  g_ptr_array_sort (sorted, compare_records);
  return sorted;
}

static int
compare_records (gconstpointer a,
                 gconstpointer b)
{
  return ork_record_compare (*(OrkRecord **) a, *(OrkRecord **) b);
}

/* The expected export: the engine's records, sorted, written by the
 * record writer. */
static char *
expected_export (GPtrArray             *records,
                 OrkRecordFormat        format,
                 const OrkExportFilter *filter)
{
  g_autoptr(GOutputStream) out = g_memory_output_stream_new_resizable ();
  g_autoptr(OrkRecordWriter) writer = ork_record_writer_new (out, format);
  g_autoptr(GPtrArray) sorted = sorted_view (records);
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < sorted->len; i++)
    {
      OrkRecord *r = sorted->pdata[i];

      if (filter != NULL)
        {
          if (filter->job_id != NULL && strcmp (filter->job_id, r->job_id) != 0)
            continue;
          if (filter->has_status && filter->status != r->status)
            continue;
          if (filter->since != ORK_TIME_UNSET && r->decided_at < filter->since)
            continue;
          if (filter->until != ORK_TIME_UNSET && r->decided_at >= filter->until)
            continue;
        }
      ork_record_writer_write (writer, r, &error);
      g_assert_no_error (error);
    }
  ork_record_writer_finish (writer, &error);
  g_assert_no_error (error);
  g_output_stream_write_all (out, "", 1, NULL, NULL, &error);
  g_output_stream_close (out, NULL, NULL);
  return g_memory_output_stream_steal_data (G_MEMORY_OUTPUT_STREAM (out));
}

static char *
export_text (OrkHistory            *history,
             OrkRecordFormat        format,
             const OrkExportFilter *filter,
             guint64               *n_written)
{
  g_autoptr(GOutputStream) out = g_memory_output_stream_new_resizable ();
  g_autoptr(GError) error = NULL;

  g_assert_true (ork_history_export (history, out, format, filter, NULL, NULL, NULL,
                                     n_written, &error));
  g_assert_no_error (error);
  g_output_stream_write_all (out, "", 1, NULL, NULL, &error);
  g_output_stream_close (out, NULL, NULL);
  return g_memory_output_stream_steal_data (G_MEMORY_OUTPUT_STREAM (out));
}

static char *
history_path (const char *dir)
{
  return g_build_filename (dir, "sub", "dir", "h.db", NULL);
}

/* The workspace most tests record: a plain job, one that always fails and
 * retries once, one that overlaps itself and skips, and one that times out. */
#define WORKSPACE \
  "{\"version\":1,\"jobs\":[" \
  "{\"id\":\"a\",\"type\":\"sync\",\"schedule\":{\"kind\":\"interval\",\"every\":\"10s\"}," \
  "\"simulation\":{\"latency\":{\"fixed\":\"1s\"}}}," \
  "{\"id\":\"b\",\"type\":\"sync\",\"schedule\":{\"kind\":\"interval\",\"every\":\"30s\"}," \
  "\"retry\":{\"max_retries\":1,\"backoff\":\"fixed\",\"initial\":\"2s\"}," \
  "\"simulation\":{\"latency\":{\"fixed\":\"1s\"},\"failure_rate\":1.0}}," \
  "{\"id\":\"c\",\"type\":\"sync\",\"schedule\":{\"kind\":\"interval\",\"every\":\"5s\"}," \
  "\"concurrency\":{\"overlap\":\"skip\"},\"simulation\":{\"latency\":{\"fixed\":\"12s\"}}}," \
  "{\"id\":\"d\",\"type\":\"sync\",\"timeout\":\"2s\",\"retry\":{\"max_retries\":0}," \
  "\"schedule\":{\"kind\":\"interval\",\"every\":\"20s\"}," \
  "\"simulation\":{\"latency\":{\"fixed\":\"5s\"}}}]}"

/* Records WORKSPACE for @seconds into a new LIVE history. */
static Sim *
record_sim (const char  *path,
            double       seconds,
            OrkHistory **out_history)
{
  g_autoptr(GError) error = NULL;
  OrkHistory *history;
  Sim *sim = sim_new (WORKSPACE);

  history = ork_history_open (path, ORK_HISTORY_MODE_LIVE, &error);
  g_assert_no_error (error);
  ork_history_attach (history, sim->scheduler);
  ork_scheduler_start (sim->scheduler);
  sim_run_until (sim, seconds);
  g_assert_true (ork_history_flush (history, &error));
  g_assert_no_error (error);
  *out_history = history;
  return sim;
}

/* Tests */

static void
test_default_path (void)
{
  g_autofree char *live = ork_history_default_path ("/srv/work/jobs.json", FALSE);
  g_autofree char *sim = ork_history_default_path ("/srv/work/jobs.json", TRUE);
  g_autofree char *hash = g_compute_checksum_for_string (G_CHECKSUM_SHA256,
                                                         "/srv/work/jobs.json", -1);
  g_autofree char *name = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *cwd = g_get_current_dir ();
  g_autofree char *relative = ork_history_default_path ("jobs.json", FALSE);
  g_autofree char *absolute = g_build_filename (cwd, "jobs.json", NULL);
  g_autofree char *absolute_path = ork_history_default_path (absolute, FALSE);

  hash[16] = '\0';
  name = g_strdup_printf ("jobs.json-%s.db", hash);
  expected = g_build_filename (g_get_user_data_dir (), "orkestron", "history", name, NULL);
  g_assert_cmpstr (live, ==, expected);
  g_assert_true (g_str_has_suffix (sim, ".sim.db"));
  g_assert_cmpint (strlen (sim), ==, strlen (live) + 4);
  g_assert_true (strncmp (sim, live, strlen (live) - 3) == 0);
  /* A relative path names the same history as its absolute form. */
  g_assert_cmpstr (relative, ==, absolute_path);
}

static void
test_schema (void)
{
  g_autofree char *dir = temp_dir ();
  g_autofree char *path = history_path (dir);
  g_autofree char *parent = g_path_get_dirname (path);
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);
  g_autofree char *lock = g_strconcat (path, ".lock", NULL);
  g_autofree char *mode = NULL;
  g_autofree char *kind = NULL;
  g_autoptr(GError) error = NULL;
  OrkHistory *history;

  history = ork_history_open (path, ORK_HISTORY_MODE_LIVE, &error);
  g_assert_no_error (error);
  g_assert_nonnull (history);
  g_assert_cmpstr (ork_history_get_path (history), ==, path);

  g_assert_cmpuint (file_mode (path), ==, 0600);
  g_assert_cmpuint (file_mode (wal), ==, 0600);
  g_assert_cmpuint (file_mode (lock), ==, 0600);
  g_assert_cmpuint (file_mode (parent), ==, 0700);
  g_assert_cmpint (sql_int (path, "PRAGMA user_version"), ==, ORK_HISTORY_SCHEMA_VERSION);
  mode = sql_text (path, "PRAGMA journal_mode");
  g_assert_cmpstr (mode, ==, "wal");
  /* Transitions are packed into their run's row: no table of their own;
   * meta says what the file holds. */
  g_assert_cmpint (sql_int (path, "SELECT count(*) FROM sqlite_schema WHERE type = 'table'"),
                   ==, 4);
  g_assert_cmpint (sql_int (path, "SELECT count(*) FROM sqlite_schema WHERE type = 'table'"
                                  " AND name IN ('runs','attempts','log_lines','meta')"), ==, 4);
  kind = sql_text (path, "SELECT value FROM meta WHERE key = 'kind'");
  g_assert_cmpstr (kind, ==, "live");
  /* Only the indexes the queries use; the partial one holds only what is
   * unfinished. */
  g_assert_cmpint (sql_int (path, "SELECT count(*) FROM sqlite_schema WHERE type = 'index'"
                                  " AND sql IS NOT NULL"), ==, 4);
  g_assert_cmpint (sql_int (path, "SELECT count(*) FROM sqlite_schema WHERE type = 'index'"
                                  " AND name IN ('runs_by_time','runs_unfinished',"
                                  "'runs_by_decision','attempts_by_decision')"), ==, 4);
  g_assert_true (ork_history_close (history, &error));
  g_assert_no_error (error);
  g_object_unref (history);

  /* Reopening keeps the schema and works in every mode. */
  history = ork_history_open (path, ORK_HISTORY_MODE_LIVE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ork_history_get_n_interrupted (history), ==, 0);
  g_object_unref (history);
  history = ork_history_open (path, ORK_HISTORY_MODE_READ_ONLY, &error);
  g_assert_no_error (error);
  g_object_unref (history);
  g_assert_cmpint (sql_int (path, "PRAGMA user_version"), ==, ORK_HISTORY_SCHEMA_VERSION);

  remove_tree (dir);
}

/* What version 1 of the history wrote: a table per kind, one row per
 * transition, and indexes by state and status. */
#define SCHEMA_V1 \
  "CREATE TABLE runs (id INTEGER PRIMARY KEY, job_id TEXT NOT NULL, run_id INTEGER NOT NULL," \
  " nominal_at INTEGER NOT NULL, state TEXT NOT NULL, reason TEXT NOT NULL," \
  " manual INTEGER NOT NULL DEFAULT 0, attempts INTEGER NOT NULL DEFAULT 0," \
  " created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL, ended_at INTEGER," \
  " last_attempt INTEGER, UNIQUE (job_id, run_id));" \
  "CREATE INDEX runs_by_time ON runs (nominal_at);" \
  "CREATE INDEX runs_by_state ON runs (state, nominal_at);" \
  "CREATE TABLE attempts (run INTEGER NOT NULL, attempt INTEGER NOT NULL," \
  " job_id TEXT NOT NULL, run_id INTEGER NOT NULL, status TEXT NOT NULL," \
  " reason TEXT NOT NULL, nominal_at INTEGER NOT NULL, queued_at INTEGER," \
  " started_at INTEGER, finished_at INTEGER, decided_at INTEGER, exit_code INTEGER," \
  " next_retry_in INTEGER, message TEXT, first_seq INTEGER NOT NULL DEFAULT 0," \
  " last_seq INTEGER NOT NULL DEFAULT 0, log_dropped_bytes INTEGER NOT NULL DEFAULT 0," \
  " log_dropped_lines INTEGER NOT NULL DEFAULT 0," \
  " PRIMARY KEY (run, attempt)) WITHOUT ROWID;" \
  "CREATE INDEX attempts_by_decision ON attempts (decided_at, job_id, run_id, attempt);" \
  "CREATE INDEX attempts_by_status ON attempts (status, decided_at);" \
  "CREATE TABLE transitions (run INTEGER NOT NULL, seq INTEGER NOT NULL," \
  " at INTEGER NOT NULL, from_state TEXT NOT NULL, to_state TEXT NOT NULL," \
  " reason TEXT NOT NULL, PRIMARY KEY (run, seq)) WITHOUT ROWID;" \
  "CREATE TABLE log_lines (run INTEGER NOT NULL, attempt INTEGER NOT NULL," \
  " seq INTEGER NOT NULL, at INTEGER NOT NULL, stream INTEGER NOT NULL," \
  " line TEXT NOT NULL, PRIMARY KEY (run, attempt, seq)) WITHOUT ROWID;" \
  "PRAGMA application_id = 1330793288; PRAGMA user_version = 1;"

static GString *stored_transitions (OrkHistory *history,
                                    const char *job_id,
                                    guint64     run_id);

/* Times in the version-1 file below: START + N s. */
#define T(n) "17956512" #n "000000"

static void
test_migrate_v1 (void)
{
  g_autofree char *dir = temp_dir ();
  g_autofree char *path = history_path (dir);
  g_autofree char *parent = g_path_get_dirname (path);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(OrkHistoryRun) run = NULL;
  g_autofree char *ndjson = NULL;
  g_autofree char *csv = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *check = NULL;
  OrkExportFilter filter;
  OrkHistoryCounts counts;
  OrkHistory *history;
  GString *transitions;
  guint64 dropped_bytes = 9, dropped_lines = 9;
  gint64 before;

  /* a #1 succeeded; b #1 failed, retried and succeeded (its transitions
   * numbered with a gap, which the packing closes); c #1 was left running. */
  g_assert_cmpint (g_mkdir_with_parents (parent, 0700), ==, 0);
  sql_exec (path, SCHEMA_V1
            "INSERT INTO runs VALUES (1, 'a', 1, " T(00) ", 'SUCCEEDED', 'completed', 0, 1,"
            " " T(00) ", " T(01) ", " T(01) ", 1);"
            "INSERT INTO runs VALUES (2, 'b', 1, " T(10) ", 'SUCCEEDED', 'completed', 0, 2,"
            " " T(10) ", " T(14) ", " T(14) ", 2);"
            "INSERT INTO runs VALUES (3, 'c', 1, " T(20) ", 'RUNNING', 'schedule', 1, 1,"
            " " T(20) ", " T(20) ", NULL, NULL);"
            "INSERT INTO attempts VALUES (1, 1, 'a', 1, 'SUCCEEDED', 'completed', " T(00) ","
            " " T(00) ", " T(00) ", " T(01) ", " T(01) ", 0, NULL, NULL, 1, 3, 0, 0);"
            "INSERT INTO attempts VALUES (2, 1, 'b', 1, 'FAILED', 'injected-failure', " T(10) ","
            " " T(10) ", " T(10) ", " T(11) ", " T(11) ", NULL, 2000, 'boom', 1, 3, 0, 0);"
            "INSERT INTO attempts VALUES (2, 2, 'b', 1, 'SUCCEEDED', 'completed', " T(10) ","
            " " T(13) ", " T(13) ", " T(14) ", " T(14) ", 0, NULL, NULL, 4, 8, 0, 0);"
            "INSERT INTO attempts VALUES (3, 1, 'c', 1, 'RUNNING', 'schedule', " T(20) ","
            " " T(20) ", " T(20) ", NULL, NULL, NULL, NULL, NULL, 1, 2, 0, 0);"
            "INSERT INTO transitions VALUES (1, 1, " T(00) ", 'SCHEDULED', 'QUEUED', 'schedule'),"
            " (1, 2, " T(00) ", 'QUEUED', 'RUNNING', 'schedule'),"
            " (1, 3, " T(01) ", 'RUNNING', 'SUCCEEDED', 'completed'),"
            " (2, 1, " T(10) ", 'SCHEDULED', 'QUEUED', 'schedule'),"
            " (2, 2, " T(10) ", 'QUEUED', 'RUNNING', 'schedule'),"
            " (2, 3, " T(11) ", 'RUNNING', 'FAILED', 'injected-failure'),"
            " (2, 5, " T(11) ", 'FAILED', 'RETRY_WAIT', 'retry'),"
            " (2, 6, " T(13) ", 'RETRY_WAIT', 'QUEUED', 'retry'),"
            " (2, 7, " T(13) ", 'QUEUED', 'RUNNING', 'retry'),"
            " (2, 8, " T(14) ", 'RUNNING', 'SUCCEEDED', 'completed'),"
            " (3, 1, " T(20) ", 'SCHEDULED', 'QUEUED', 'manual'),"
            " (3, 2, " T(20) ", 'QUEUED', 'RUNNING', 'manual');"
            "INSERT INTO log_lines VALUES (3, 1, 1, " T(20) ", 1, 'hello'),"
            " (3, 1, 2, " T(20) ", 2, 'world');");

  /* Read-only access waits for the engine to upgrade it. */
  history = ork_history_open (path, ORK_HISTORY_MODE_READ_ONLY, &error);
  g_assert_null (history);
  g_assert_error (error, ORK_HISTORY_ERROR, ORK_HISTORY_ERROR_NOT_HISTORY);
  g_clear_error (&error);

  before = g_get_real_time ();
  history = ork_history_open (path, ORK_HISTORY_MODE_LIVE, &error);
  g_assert_no_error (error);
  g_assert_nonnull (history);
  g_assert_cmpuint (ork_history_get_n_interrupted (history), ==, 1);
  g_assert_cmpint (sql_int (path, "PRAGMA user_version"), ==, ORK_HISTORY_SCHEMA_VERSION);
  g_assert_cmpint (sql_int (path, "SELECT count(*) FROM sqlite_schema"
                                  " WHERE name IN ('transitions','runs_by_state',"
                                  "'attempts_by_status','attempts_running')"), ==, 0);
  g_assert_cmpint (sql_int (path, "SELECT count(*) FROM sqlite_schema"
                                  " WHERE name IN ('runs_unfinished','runs_by_decision')"), ==, 2);
  /* Each run's last record is in its row; attempts keeps b's first. */
  g_assert_cmpint (sql_int (path, "SELECT count(*) FROM attempts"), ==, 1);

  /* Every transition is kept, in order, and recovery added c's. */
  transitions = stored_transitions (history, "a", 1);
  g_assert_cmpstr (transitions->str, ==,
                   T(00) " SCHEDULED>QUEUED schedule\n"
                   T(00) " QUEUED>RUNNING schedule\n"
                   T(01) " RUNNING>SUCCEEDED completed\n");
  g_string_free (transitions, TRUE);
  transitions = stored_transitions (history, "b", 1);
  g_assert_cmpstr (transitions->str, ==,
                   T(10) " SCHEDULED>QUEUED schedule\n"
                   T(10) " QUEUED>RUNNING schedule\n"
                   T(11) " RUNNING>FAILED injected-failure\n"
                   T(11) " FAILED>RETRY_WAIT retry\n"
                   T(13) " RETRY_WAIT>QUEUED retry\n"
                   T(13) " QUEUED>RUNNING retry\n"
                   T(14) " RUNNING>SUCCEEDED completed\n");
  g_string_free (transitions, TRUE);
  transitions = stored_transitions (history, "c", 1);
  g_assert_true (g_str_has_prefix (transitions->str,
                                   T(20) " SCHEDULED>QUEUED manual\n"
                                   T(20) " QUEUED>RUNNING manual\n"));
  g_assert_true (g_str_has_suffix (transitions->str, " RUNNING>INTERRUPTED interrupted\n"));
  g_assert_cmpuint (strlen (transitions->str), ==,
                    strlen (T(20) " SCHEDULED>QUEUED manual\n" T(20) " QUEUED>RUNNING manual\n")
                    + strlen (" RUNNING>INTERRUPTED interrupted\n") + 16);
  g_string_free (transitions, TRUE);

  /* The runs, their records and the log read as before. */
  run = ork_history_get_last_success (history, "b", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (run->attempts, ==, 2);
  g_assert_cmpint (run->ended_at, ==, START + SEC (14));
  g_assert_nonnull (run->last);
  g_assert_cmpuint (run->last->attempt, ==, 2);
  g_clear_pointer (&run, ork_history_run_free);
  run = ork_history_get_run (history, "c", 1, &error);
  g_assert_no_error (error);
  g_assert_cmpint (run->state, ==, ORK_RUN_INTERRUPTED);
  g_assert_true (run->manual);
  g_assert_cmpint (run->ended_at, >=, before);
  g_assert_nonnull (run->last);
  g_assert_cmpint (run->last->status, ==, ORK_RUN_INTERRUPTED);
  list = ork_history_list_attempts (history, "b", 1, &error);
  g_assert_cmpuint (list->len, ==, 2);
  g_assert_cmpstr (((OrkRecord *) list->pdata[0])->message, ==, "boom");
  g_clear_pointer (&list, g_ptr_array_unref);
  list = ork_history_list_log (history, "c", 1, 1, &dropped_bytes, &dropped_lines, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (list->len, ==, 2);
  g_assert_cmpstr (((OrkHistoryLogLine *) list->pdata[1])->text, ==, "world");
  g_assert_cmpuint (dropped_bytes, ==, 0);
  g_assert_cmpuint (dropped_lines, ==, 0);
  g_clear_pointer (&list, g_ptr_array_unref);
  list = ork_history_list_runs_between (history, NULL, ORK_TIME_UNSET, ORK_TIME_UNSET, 0, &error);
  g_assert_cmpuint (list->len, ==, 3);
  g_assert_true (ork_history_count_by_state (history, NULL, ORK_TIME_UNSET, ORK_TIME_UNSET,
                                             &counts, &error));
  g_assert_cmpuint (counts.by_state[ORK_RUN_SUCCEEDED], ==, 2);
  g_assert_cmpuint (counts.by_state[ORK_RUN_INTERRUPTED], ==, 1);

  /* Each record exports with its own transitions: b's second attempt gets
   * the four after its first (where the gap was). */
  ork_export_filter_init (&filter);
  filter.job_id = "b";
  filter.with_transitions = TRUE;
  csv = export_text (history, ORK_RECORD_FORMAT_CSV, &filter, NULL);
  expected = g_strconcat ("2026-11-26T00:00:11.000Z FAILED>RETRY_WAIT retry; "
                          "2026-11-26T00:00:13.000Z RETRY_WAIT>QUEUED retry; "
                          "2026-11-26T00:00:13.000Z QUEUED>RUNNING retry; "
                          "2026-11-26T00:00:14.000Z RUNNING>SUCCEEDED completed\n", NULL);
  g_assert_true (g_str_has_suffix (csv, expected));
  g_assert_nonnull (strstr (csv, ",boom,2026-11-26T00:00:10.000Z SCHEDULED>QUEUED schedule; "
                                 "2026-11-26T00:00:10.000Z QUEUED>RUNNING schedule; "
                                 "2026-11-26T00:00:11.000Z RUNNING>FAILED injected-failure\n"));
  filter.job_id = "c";
  ndjson = export_text (history, ORK_RECORD_FORMAT_NDJSON, &filter, NULL);
  g_assert_nonnull (strstr (ndjson, "\"status\":\"INTERRUPTED\""));
  g_assert_nonnull (strstr (ndjson, "\"to\":\"RUNNING\",\"reason\":\"manual\"},{\"at\":"));
  g_assert_true (g_str_has_suffix (ndjson, "\"from\":\"RUNNING\",\"to\":\"INTERRUPTED\","
                                           "\"reason\":\"interrupted\"}]}\n"));

  /* The upgraded file keeps working: reopened, nothing more to recover. */
  g_object_unref (history);
  history = ork_history_open (path, ORK_HISTORY_MODE_LIVE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ork_history_get_n_interrupted (history), ==, 0);
  g_object_unref (history);
  check = sql_text (path, "PRAGMA integrity_check");
  g_assert_cmpstr (check, ==, "ok");
  remove_tree (dir);
}

/* What version 2 of the history wrote: transitions packed in the run's
 * row, every record (and a running attempt) in attempts. */
#define SCHEMA_V2 \
  "CREATE TABLE runs (id INTEGER PRIMARY KEY, job_id TEXT NOT NULL, run_id INTEGER NOT NULL," \
  " nominal_at INTEGER NOT NULL, state TEXT NOT NULL, reason TEXT NOT NULL," \
  " manual INTEGER NOT NULL DEFAULT 0, attempts INTEGER NOT NULL DEFAULT 0," \
  " created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL, ended_at INTEGER," \
  " last_attempt INTEGER, n_transitions INTEGER NOT NULL DEFAULT 0," \
  " transitions TEXT NOT NULL DEFAULT '', UNIQUE (job_id, run_id));" \
  "CREATE TABLE attempts (run INTEGER NOT NULL, attempt INTEGER NOT NULL," \
  " job_id TEXT NOT NULL, run_id INTEGER NOT NULL, status TEXT NOT NULL," \
  " reason TEXT NOT NULL, nominal_at INTEGER NOT NULL, queued_at INTEGER," \
  " started_at INTEGER, finished_at INTEGER, decided_at INTEGER, exit_code INTEGER," \
  " next_retry_in INTEGER, message TEXT, first_seq INTEGER NOT NULL DEFAULT 0," \
  " last_seq INTEGER NOT NULL DEFAULT 0, log_dropped_bytes INTEGER NOT NULL DEFAULT 0," \
  " log_dropped_lines INTEGER NOT NULL DEFAULT 0," \
  " PRIMARY KEY (run, attempt)) WITHOUT ROWID;" \
  "CREATE TABLE log_lines (run INTEGER NOT NULL, attempt INTEGER NOT NULL," \
  " seq INTEGER NOT NULL, at INTEGER NOT NULL, stream INTEGER NOT NULL," \
  " line TEXT NOT NULL, PRIMARY KEY (run, attempt, seq)) WITHOUT ROWID;" \
  "CREATE INDEX runs_by_time ON runs (nominal_at);" \
  "CREATE INDEX runs_unfinished ON runs (state) WHERE (state = 'SCHEDULED'" \
  " OR state = 'QUEUED' OR state = 'RUNNING' OR state = 'RETRY_WAIT');" \
  "CREATE INDEX attempts_by_decision ON attempts (decided_at, job_id, run_id, attempt);" \
  "CREATE INDEX attempts_running ON attempts (status) WHERE status = 'RUNNING';" \
  "PRAGMA application_id = 1330793288; PRAGMA user_version = 2;"

#define LINE(t, from, to, reason) T(t) " " from " " to " " reason "\n"

static void
test_migrate_v2 (void)
{
  g_autofree char *dir = temp_dir ();
  g_autofree char *path = history_path (dir);
  g_autofree char *parent = g_path_get_dirname (path);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(OrkHistoryRun) run = NULL;
  g_autofree char *ndjson = NULL;
  g_autofree char *csv = NULL;
  g_autofree char *check = NULL;
  g_auto(GStrv) lines = NULL;
  OrkExportFilter filter;
  OrkHistoryCounts counts;
  OrkHistory *history;
  guint64 n = 0, dropped_bytes = 9, dropped_lines = 9;
  gint64 before;

  /* a #1 succeeded; b #1 failed, retried and succeeded; c #1 failed and
   * was running its retry (log lines of both attempts); d #1 was skipped. */
  g_assert_cmpint (g_mkdir_with_parents (parent, 0700), ==, 0);
  sql_exec (path, SCHEMA_V2
            "INSERT INTO runs VALUES (1, 'a', 1, " T(00) ", 'SUCCEEDED', 'completed', 0, 1,"
            " " T(00) ", " T(01) ", " T(01) ", 1, 3, '"
            LINE (00, "SCHEDULED", "QUEUED", "schedule") LINE (00, "QUEUED", "RUNNING", "schedule")
            LINE (01, "RUNNING", "SUCCEEDED", "completed") "');"
            "INSERT INTO runs VALUES (2, 'b', 1, " T(10) ", 'SUCCEEDED', 'completed', 0, 2,"
            " " T(10) ", " T(14) ", " T(14) ", 2, 7, '"
            LINE (10, "SCHEDULED", "QUEUED", "schedule") LINE (10, "QUEUED", "RUNNING", "schedule")
            LINE (11, "RUNNING", "FAILED", "injected-failure")
            LINE (11, "FAILED", "RETRY_WAIT", "retry") LINE (13, "RETRY_WAIT", "QUEUED", "retry")
            LINE (13, "QUEUED", "RUNNING", "retry") LINE (14, "RUNNING", "SUCCEEDED", "completed")
            "');"
            "INSERT INTO runs VALUES (3, 'c', 1, " T(20) ", 'RUNNING', 'retry', 1, 2,"
            " " T(20) ", " T(23) ", NULL, 1, 6, '"
            LINE (20, "SCHEDULED", "QUEUED", "manual") LINE (20, "QUEUED", "RUNNING", "manual")
            LINE (21, "RUNNING", "FAILED", "injected-failure")
            LINE (21, "FAILED", "RETRY_WAIT", "retry") LINE (23, "RETRY_WAIT", "QUEUED", "retry")
            LINE (23, "QUEUED", "RUNNING", "retry") "');"
            "INSERT INTO runs VALUES (4, 'd', 1, " T(30) ", 'SKIPPED', 'overlap', 0, 0,"
            " " T(30) ", " T(30) ", " T(30) ", 0, 1, '"
            LINE (30, "SCHEDULED", "SKIPPED", "overlap") "');"
            "INSERT INTO attempts VALUES (1, 1, 'a', 1, 'SUCCEEDED', 'completed', " T(00) ","
            " " T(00) ", " T(00) ", " T(01) ", " T(01) ", 0, NULL, NULL, 1, 3, 0, 0);"
            "INSERT INTO attempts VALUES (2, 1, 'b', 1, 'FAILED', 'injected-failure', " T(10) ","
            " " T(10) ", " T(10) ", " T(11) ", " T(11) ", NULL, 2000, 'boom', 1, 3, 0, 0);"
            "INSERT INTO attempts VALUES (2, 2, 'b', 1, 'SUCCEEDED', 'completed', " T(10) ","
            " " T(13) ", " T(13) ", " T(14) ", " T(14) ", 0, NULL, NULL, 4, 7, 0, 0);"
            "INSERT INTO attempts VALUES (3, 1, 'c', 1, 'FAILED', 'injected-failure', " T(20) ","
            " " T(20) ", " T(20) ", " T(21) ", " T(21) ", NULL, 2000, 'bang', 1, 3, 10, 1);"
            "INSERT INTO attempts VALUES (3, 2, 'c', 1, 'RUNNING', 'retry', " T(20) ","
            " " T(23) ", " T(23) ", NULL, NULL, NULL, NULL, NULL, 4, 6, 0, 0);"
            "INSERT INTO attempts VALUES (4, 0, 'd', 1, 'SKIPPED', 'overlap', " T(30) ","
            " NULL, NULL, NULL, " T(30) ", NULL, NULL, NULL, 1, 1, 0, 0);"
            "INSERT INTO log_lines VALUES (3, 1, 1, " T(20) ", 1, 'first'),"
            " (3, 2, 1, " T(23) ", 2, 'second');");

  before = g_get_real_time ();
  history = ork_history_open (path, ORK_HISTORY_MODE_LIVE, &error);
  g_assert_no_error (error);
  g_assert_nonnull (history);
  g_assert_cmpuint (ork_history_get_n_interrupted (history), ==, 1);
  g_assert_cmpint (sql_int (path, "PRAGMA user_version"), ==, ORK_HISTORY_SCHEMA_VERSION);
  g_assert_cmpint (sql_int (path, "SELECT count(*) FROM sqlite_schema"
                                  " WHERE name = 'attempts_running'"), ==, 0);
  g_assert_cmpint (sql_int (path, "SELECT count(*) FROM sqlite_schema"
                                  " WHERE name = 'runs_by_decision'"), ==, 1);
  /* Only the earlier records stay in attempts: b's and c's first. */
  g_assert_cmpint (sql_int (path, "SELECT count(*) FROM attempts"), ==, 2);
  g_assert_cmpint (sql_int (path, "SELECT sum (run * 10 + attempt) FROM attempts"), ==, 21 + 31);

  /* The runs read as before: last records from the rows, earlier ones
   * from attempts, in order. */
  run = ork_history_get_last_success (history, "b", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (run->last->attempt, ==, 2);
  g_assert_cmpint (run->last->status, ==, ORK_RUN_SUCCEEDED);
  g_clear_pointer (&run, ork_history_run_free);
  list = ork_history_list_attempts (history, "b", 1, &error);
  g_assert_cmpuint (list->len, ==, 2);
  g_assert_cmpstr (((OrkRecord *) list->pdata[0])->message, ==, "boom");
  g_assert_cmpint (((OrkRecord *) list->pdata[0])->next_retry_in, ==, 2000);
  g_clear_pointer (&list, g_ptr_array_unref);
  run = ork_history_get_run (history, "d", 1, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (run->last->attempt, ==, 0);
  g_assert_cmpint (run->last->status, ==, ORK_RUN_SKIPPED);
  g_clear_pointer (&run, ork_history_run_free);

  /* c's running retry became its last record, interrupted; its failed
   * first attempt moved to attempts with its log counts. */
  run = ork_history_get_run (history, "c", 1, &error);
  g_assert_no_error (error);
  g_assert_cmpint (run->state, ==, ORK_RUN_INTERRUPTED);
  g_assert_cmpint (run->ended_at, >=, before);
  g_assert_cmpuint (run->last->attempt, ==, 2);
  g_assert_cmpint (run->last->status, ==, ORK_RUN_INTERRUPTED);
  g_assert_cmpint (run->last->queued_at, ==, START + SEC (23));
  g_assert_cmpint (run->last->started_at, ==, START + SEC (23));
  g_assert_cmpint (run->last->finished_at, ==, ORK_TIME_UNSET);
  g_assert_cmpint (run->last->decided_at, >=, before);
  g_clear_pointer (&run, ork_history_run_free);
  list = ork_history_list_attempts (history, "c", 1, &error);
  g_assert_cmpuint (list->len, ==, 2);
  g_assert_cmpstr (((OrkRecord *) list->pdata[0])->message, ==, "bang");
  g_assert_cmpint (((OrkRecord *) list->pdata[1])->status, ==, ORK_RUN_INTERRUPTED);
  g_clear_pointer (&list, g_ptr_array_unref);
  list = ork_history_list_log (history, "c", 1, 1, &dropped_bytes, &dropped_lines, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (list->len, ==, 1);
  g_assert_cmpuint (dropped_bytes, ==, 10);
  g_assert_cmpuint (dropped_lines, ==, 1);
  g_clear_pointer (&list, g_ptr_array_unref);
  list = ork_history_list_log (history, "c", 1, 2, &dropped_bytes, &dropped_lines, &error);
  g_assert_cmpuint (list->len, ==, 1);
  g_assert_cmpstr (((OrkHistoryLogLine *) list->pdata[0])->text, ==, "second");
  g_assert_cmpuint (dropped_bytes, ==, 0);
  g_clear_pointer (&list, g_ptr_array_unref);
  g_assert_true (ork_history_count_by_state (history, NULL, ORK_TIME_UNSET, ORK_TIME_UNSET,
                                             &counts, &error));
  g_assert_cmpuint (counts.total, ==, 4);
  g_assert_cmpuint (counts.by_state[ORK_RUN_INTERRUPTED], ==, 1);

  /* Every record exports once, in order; c's second carries the four
   * transitions after its first record. */
  csv = export_text (history, ORK_RECORD_FORMAT_CSV, NULL, &n);
  g_assert_cmpuint (n, ==, 6);
  lines = g_strsplit (csv, "\n", -1);
  g_assert_true (g_str_has_prefix (lines[1], "a,1,1,"));
  g_assert_true (g_str_has_prefix (lines[2], "b,1,1,"));
  g_assert_true (g_str_has_prefix (lines[3], "b,1,2,"));
  g_assert_true (g_str_has_prefix (lines[4], "c,1,1,"));
  g_assert_true (g_str_has_prefix (lines[5], "d,1,0,"));
  g_assert_true (g_str_has_prefix (lines[6], "c,1,2,"));
  ork_export_filter_init (&filter);
  filter.job_id = "c";
  filter.with_transitions = TRUE;
  ndjson = export_text (history, ORK_RECORD_FORMAT_NDJSON, &filter, &n);
  g_assert_cmpuint (n, ==, 2);
  g_assert_nonnull (strstr (ndjson, "\"to\":\"FAILED\",\"reason\":\"injected-failure\"}]}\n"));
  g_assert_nonnull (strstr (ndjson, "\"transitions\":[{\"at\":\"2026-11-26T00:00:21.000Z\","
                                    "\"from\":\"FAILED\",\"to\":\"RETRY_WAIT\","
                                    "\"reason\":\"retry\"},"));
  g_assert_true (g_str_has_suffix (ndjson, "\"from\":\"RUNNING\",\"to\":\"INTERRUPTED\","
                                           "\"reason\":\"interrupted\"}]}\n"));

  /* Reopened, nothing more to recover; the file is sound. */
  g_object_unref (history);
  history = ork_history_open (path, ORK_HISTORY_MODE_LIVE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ork_history_get_n_interrupted (history), ==, 0);
  g_object_unref (history);
  check = sql_text (path, "PRAGMA integrity_check");
  g_assert_cmpstr (check, ==, "ok");
  remove_tree (dir);
}

static void
test_newer_schema (void)
{
  g_autofree char *dir = temp_dir ();
  g_autofree char *path = history_path (dir);
  g_autofree char *message = NULL;
  g_autofree char *junk = g_build_filename (dir, "junk.db", NULL);
  g_autoptr(GError) error = NULL;
  OrkHistory *history;

  history = ork_history_open (path, ORK_HISTORY_MODE_LIVE, &error);
  g_assert_no_error (error);
  g_object_unref (history);
  sql_exec (path, "PRAGMA user_version = 7");

  message = g_strdup_printf ("history database %s was written by a newer version of Orkestron "
                             "(schema 7; this version reads up to %d)",
                             path, ORK_HISTORY_SCHEMA_VERSION);
  for (OrkHistoryMode mode = ORK_HISTORY_MODE_LIVE; mode <= ORK_HISTORY_MODE_READ_ONLY; mode++)
    {
      if (mode == ORK_HISTORY_MODE_SIMULATION)
        continue;   /* it replaces the file */
      history = ork_history_open (path, mode, &error);
      g_assert_null (history);
      g_assert_error (error, ORK_HISTORY_ERROR, ORK_HISTORY_ERROR_NEWER_SCHEMA);
      g_assert_cmpstr (error->message, ==, message);
      g_clear_error (&error);
    }
  /* The refused file is left as it was. */
  g_assert_cmpint (sql_int (path, "PRAGMA user_version"), ==, 7);

  /* Another application's database, and a file that is not SQLite. */
  sql_exec (junk, "CREATE TABLE notes (x)");
  history = ork_history_open (junk, ORK_HISTORY_MODE_LIVE, &error);
  g_assert_null (history);
  g_assert_error (error, ORK_HISTORY_ERROR, ORK_HISTORY_ERROR_NOT_HISTORY);
  g_clear_error (&error);
  g_assert_true (g_file_set_contents (junk, "this is not a database, it is text\n", -1, NULL));
  history = ork_history_open (junk, ORK_HISTORY_MODE_LIVE, &error);
  g_assert_null (history);
  g_assert_error (error, ORK_HISTORY_ERROR, ORK_HISTORY_ERROR_NOT_HISTORY);
  g_clear_error (&error);

  remove_tree (dir);
}

static void
test_lock (void)
{
  g_autofree char *dir = temp_dir ();
  g_autofree char *path = history_path (dir);
  g_autofree char *message = NULL;
  g_autofree char *lock_path = g_strconcat (path, ".lock", NULL);
  g_autofree char *lock_text = NULL;
  g_autoptr(GError) error = NULL;
  OrkHistory *live;
  OrkHistory *other;

  live = ork_history_open (path, ORK_HISTORY_MODE_LIVE, &error);
  g_assert_no_error (error);

  g_assert_true (g_file_get_contents (lock_path, &lock_text, NULL, NULL));
  g_assert_cmpint (g_ascii_strtoll (lock_text, NULL, 10), ==, getpid ());

  message = g_strdup_printf ("the history %s is in use by another Orkestron engine (pid %d)",
                             path, (int) getpid ());
  other = ork_history_open (path, ORK_HISTORY_MODE_LIVE, &error);
  g_assert_null (other);
  g_assert_error (error, ORK_HISTORY_ERROR, ORK_HISTORY_ERROR_LOCKED);
  g_assert_cmpstr (error->message, ==, message);
  g_clear_error (&error);

  /* A simulation must not replace the file under a live engine either. */
  other = ork_history_open (path, ORK_HISTORY_MODE_SIMULATION, &error);
  g_assert_null (other);
  g_assert_error (error, ORK_HISTORY_ERROR, ORK_HISTORY_ERROR_LOCKED);
  g_clear_error (&error);

  /* Reading (export) works meanwhile. */
  other = ork_history_open (path, ORK_HISTORY_MODE_READ_ONLY, &error);
  g_assert_no_error (error);
  g_object_unref (other);

  /* Closing releases the lock. */
  g_assert_true (ork_history_close (live, NULL));
  other = ork_history_open (path, ORK_HISTORY_MODE_LIVE, &error);
  g_assert_no_error (error);
  g_object_unref (other);
  g_object_unref (live);

  /* A file with nothing in it (an engine killed before it made its
   * tables) is called empty, not "an old schema". */
  g_clear_pointer (&path, g_free);
  path = g_build_filename (dir, "empty.db", NULL);
  g_assert_true (g_file_set_contents (path, "", 0, NULL));
  other = ork_history_open (path, ORK_HISTORY_MODE_READ_ONLY, &error);
  g_assert_null (other);
  g_assert_error (error, ORK_HISTORY_ERROR, ORK_HISTORY_ERROR_NOT_HISTORY);
  g_assert_nonnull (strstr (error->message, "is empty: no engine has written to it yet"));
  g_clear_error (&error);

  /* READ_ONLY never creates a file. */
  g_clear_pointer (&path, g_free);
  path = g_build_filename (dir, "missing.db", NULL);
  other = ork_history_open (path, ORK_HISTORY_MODE_READ_ONLY, &error);
  g_assert_null (other);
  g_assert_error (error, ORK_HISTORY_ERROR, ORK_HISTORY_ERROR_NOT_FOUND);
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));

  remove_tree (dir);
}

static GString *
stored_transitions (OrkHistory *history,
                    const char *job_id,
                    guint64     run_id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) list = ork_history_list_transitions (history, job_id, run_id, &error);
  GString *s = g_string_new (NULL);

  g_assert_no_error (error);
  for (guint i = 0; i < list->len; i++)
    {
      OrkHistoryTransition *t = list->pdata[i];

      g_string_append_printf (s, "%" G_GINT64_FORMAT " %s>%s %s\n", t->at,
                              ork_run_state_to_string (t->from), ork_run_state_to_string (t->to),
                              ork_reason_to_string (t->reason));
    }
  return s;
}

static void
test_attach (void)
{
  g_autofree char *dir = temp_dir ();
  g_autofree char *path = history_path (dir);
  g_autoptr(GError) error = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *actual = NULL;
  GHashTableIter iter;
  gpointer key, value;
  OrkHistory *history;
  Sim *sim = record_sim (path, 120, &history);
  guint n_runs = 0;
  guint64 n = 0;

  g_assert_cmpuint (sim->records->len, >, 20);

  /* Every record, every field, in §4 order. */
  expected = expected_export (sim->records, ORK_RECORD_FORMAT_NDJSON, NULL);
  actual = export_text (history, ORK_RECORD_FORMAT_NDJSON, NULL, &n);
  g_assert_cmpstr (actual, ==, expected);
  g_assert_cmpuint (n, ==, sim->records->len);

  /* Every transition of every run, with its time. */
  g_hash_table_iter_init (&iter, sim->transitions);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      g_auto(GStrv) parts = g_strsplit (key, " #", 2);
      GString *stored = stored_transitions (history, parts[0], g_ascii_strtoull (parts[1], NULL, 10));

      g_assert_cmpstr (stored->str, ==, ((GString *) value)->str);
      g_string_free (stored, TRUE);
      n_runs++;
    }

  /* The runs, and their records. */
  {
    g_autoptr(GPtrArray) runs = ork_history_list_job_runs (history, "b", 0, 0, &error);
    g_autoptr(GPtrArray) attempts = NULL;
    OrkHistoryRun *run;

    g_assert_no_error (error);
    /* b fires at 0, 30, 60, 90; attempt 2 of the last ends at 90 + 1 + 2 + 1 = 94. */
    g_assert_cmpuint (runs->len, ==, 4);
    run = runs->pdata[0];
    g_assert_cmpuint (run->run_id, ==, 4);
    g_assert_cmpint (run->state, ==, ORK_RUN_FAILED);
    g_assert_cmpuint (run->attempts, ==, 2);
    g_assert_cmpint (run->nominal_at, ==, START + SEC (90));
    g_assert_cmpint (run->created_at, ==, START + SEC (90));
    g_assert_cmpint (run->ended_at, ==, START + SEC (94));
    g_assert_nonnull (run->last);
    g_assert_cmpuint (run->last->attempt, ==, 2);
    g_assert_cmpint (run->last->reason, ==, ORK_REASON_INJECTED_FAILURE);
    g_assert_cmpint (run->last->next_retry_in, ==, -1);

    attempts = ork_history_list_attempts (history, "b", 4, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (attempts->len, ==, 2);
    g_assert_cmpint (((OrkRecord *) attempts->pdata[0])->next_retry_in, ==, 2000);
    g_assert_cmpint (((OrkRecord *) attempts->pdata[1])->started_at, ==, START + SEC (93));

    g_clear_pointer (&runs, g_ptr_array_unref);
    runs = ork_history_list_job_runs (history, "a", 3, 2, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (runs->len, ==, 2);
    /* a ran 12 times (0 … 110); paged newest first. */
    g_assert_cmpuint (((OrkHistoryRun *) runs->pdata[0])->run_id, ==, 9);
    g_assert_cmpuint (((OrkHistoryRun *) runs->pdata[1])->run_id, ==, 8);
  }

  /* Counts, last run, last success, the cursor. */
  {
    OrkHistoryCounts counts;
    g_autoptr(OrkHistoryRun) last = NULL;
    g_autoptr(OrkHistoryRun) success = NULL;
    g_autoptr(OrkHistoryRun) none = NULL;
    guint64 last_run_id;
    gint64 last_fire, last_end;

    g_assert_true (ork_history_count_by_state (history, NULL, ORK_TIME_UNSET, ORK_TIME_UNSET,
                                               &counts, &error));
    g_assert_no_error (error);
    g_assert_cmpuint (counts.total, ==, n_runs);
    g_assert_true (ork_history_count_by_state (history, "d", ORK_TIME_UNSET, START + SEC (60),
                                               &counts, &error));
    g_assert_cmpuint (counts.total, ==, 3);
    g_assert_cmpuint (counts.by_state[ORK_RUN_TIMED_OUT], ==, 3);
    g_assert_true (ork_history_count_by_state (history, "c", ORK_TIME_UNSET,
                                               ORK_TIME_UNSET, &counts, &error));
    g_assert_cmpuint (counts.by_state[ORK_RUN_SKIPPED], >, 0);
    g_assert_cmpuint (counts.by_state[ORK_RUN_SUCCEEDED], >, 0);

    last = ork_history_get_last_run (history, "a", &error);
    g_assert_no_error (error);
    g_assert_cmpuint (last->run_id, ==, 12);
    success = ork_history_get_last_success (history, "a", &error);
    g_assert_cmpuint (success->run_id, ==, 12);
    none = ork_history_get_last_success (history, "b", &error);
    g_assert_no_error (error);
    g_assert_null (none);

    g_assert_true (ork_history_get_job_cursor (history, "a", &last_run_id, &last_fire,
                                               &last_end, &error));
    g_assert_cmpuint (last_run_id, ==, 12);
    g_assert_cmpint (last_fire, ==, START + SEC (110));
    g_assert_cmpint (last_end, ==, START + SEC (111));
    g_assert_false (ork_history_get_job_cursor (history, "nobody", &last_run_id, &last_fire,
                                                &last_end, &error));
    g_assert_no_error (error);
    g_assert_cmpuint (last_run_id, ==, 0);
    g_assert_cmpint (last_fire, ==, ORK_TIME_UNSET);
  }

  g_object_unref (history);
  sim_free (sim);
  remove_tree (dir);
}

/* "Retry now" on a run that failed for good reopens it: the history must
 * update the run it already wrote (and forgot), whether the first end was
 * committed in an earlier batch or is still in the same one. */
static void
test_retry_forgotten_run (void)
{
  for (guint same_batch = 0; same_batch < 2; same_batch++)
    {
      g_autofree char *dir = temp_dir ();
      g_autofree char *path = history_path (dir);
      g_autoptr(GError) error = NULL;
      g_autoptr(OrkHistory) history = NULL;
      g_autoptr(GPtrArray) attempts = NULL;
      g_autoptr(GPtrArray) runs = NULL;
      g_autofree char *expected = NULL;
      g_autofree char *actual = NULL;
      OrkHistoryRun *run;
      Sim *sim = sim_new ("{\"version\":1,\"jobs\":[{\"id\":\"a\",\"type\":\"batch\","
                          "\"schedule\":{\"kind\":\"interval\",\"every\":\"1h\"},"
                          "\"retry\":{\"max_retries\":0},"
                          "\"simulation\":{\"latency\":{\"fixed\":\"1s\"},"
                          "\"failure_rate\":1.0}}]}");

      history = ork_history_open (path, ORK_HISTORY_MODE_LIVE, &error);
      g_assert_no_error (error);
      ork_history_attach (history, sim->scheduler);
      ork_scheduler_start (sim->scheduler);
      sim_run_until (sim, 5);
      if (!same_batch)
        {
          g_assert_true (ork_history_flush (history, &error));
          g_assert_no_error (error);
        }
      g_assert_true (ork_scheduler_retry_now (sim->scheduler, "a", 1, &error));
      g_assert_no_error (error);
      sim_run_until (sim, 10);
      g_assert_true (ork_history_flush (history, &error));
      g_assert_no_error (error);

      runs = ork_history_list_job_runs (history, "a", 0, 0, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (runs->len, ==, 1);
      run = runs->pdata[0];
      g_assert_cmpint (run->state, ==, ORK_RUN_FAILED);
      g_assert_cmpuint (run->attempts, ==, 2);
      g_assert_cmpuint (run->last->attempt, ==, 2);
      g_assert_cmpint (run->ended_at, ==, START + SEC (6));
      attempts = ork_history_list_attempts (history, "a", 1, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (attempts->len, ==, 2);
      g_assert_cmpint (((OrkRecord *) attempts->pdata[0])->finished_at, ==, START + SEC (1));
      g_assert_cmpint (((OrkRecord *) attempts->pdata[1])->started_at, ==, START + SEC (5));

      expected = expected_export (sim->records, ORK_RECORD_FORMAT_NDJSON, NULL);
      actual = export_text (history, ORK_RECORD_FORMAT_NDJSON, NULL, NULL);
      g_assert_cmpstr (actual, ==, expected);

      ork_history_close (history, &error);
      g_assert_no_error (error);
      sim_free (sim);
      remove_tree (dir);
    }
}

/* The WAL is copied back into the database in the background once it
 * passes a thousand pages, while the history stays open and idle: the
 * database file grows, and the WAL does not keep everything. */
static void
test_checkpoint (void)
{
  g_autofree char *dir = temp_dir ();
  g_autofree char *path = history_path (dir);
  g_autofree char *integrity = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) json = g_string_new ("{\"version\":1,\"jobs\":[");
  g_autoptr(OrkHistory) history = NULL;
  OrkHistoryCounts counts;
  GStatBuf before, st;
  Sim *sim;

  for (guint j = 0; j < 100; j++)
    g_string_append_printf (json, "%s{\"id\":\"j%u\",\"type\":\"sync\","
                            "\"schedule\":{\"kind\":\"interval\",\"every\":\"1s\"},"
                            "\"simulation\":{\"latency\":{\"fixed\":\"100ms\"}}}",
                            j == 0 ? "" : ",", j);
  g_string_append (json, "]}");
  sim = sim_new (json->str);
  history = ork_history_open (path, ORK_HISTORY_MODE_LIVE, &error);
  g_assert_no_error (error);
  g_assert_cmpint (g_stat (path, &before), ==, 0);
  ork_history_attach (history, sim->scheduler);
  ork_scheduler_start (sim->scheduler);
  /* 100 runs a second: about 10 MB of pages, more than a thousand. */
  sim_run_until (sim, 300);
  g_assert_true (ork_history_flush (history, &error));
  g_assert_no_error (error);

  for (guint i = 0; i < 1000; i++)
    {
      g_assert_cmpint (g_stat (path, &st), ==, 0);
      if (st.st_size > before.st_size + 4 * 1024 * 1024)
        break;
      g_usleep (10000);
    }
  g_assert_cmpint (st.st_size, >, before.st_size + 4 * 1024 * 1024);

  g_assert_true (ork_history_count_by_state (history, NULL, ORK_TIME_UNSET, ORK_TIME_UNSET,
                                             &counts, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (counts.total, >=, 30000);
  g_assert_true (ork_history_close (history, &error));
  g_assert_no_error (error);
  integrity = sql_text (path, "PRAGMA integrity_check");
  g_assert_cmpstr (integrity, ==, "ok");
  sim_free (sim);
  remove_tree (dir);
}

/* A simulation replaces its own history (a simulation's, or an old file
 * named *.sim.db), never a live one: that is refused, the file untouched;
 * and a live engine does not take a simulation's history for its own. */
static void
test_simulation_replaces (void)
{
  g_autofree char *dir = temp_dir ();
  g_autofree char *path = history_path (dir);
  g_autofree char *sim_path = g_build_filename (dir, "s.sim.db", NULL);
  g_autoptr(GError) error = NULL;
  OrkHistory *history;
  Sim *sim = record_sim (path, 60, &history);
  OrkHistoryCounts counts;
  guint64 n_live;

  g_assert_true (ork_history_count_by_state (history, NULL, ORK_TIME_UNSET, ORK_TIME_UNSET,
                                             &counts, &error));
  n_live = counts.total;
  g_assert_cmpuint (n_live, >, 0);
  g_object_unref (history);
  sim_free (sim);

  history = ork_history_open (path, ORK_HISTORY_MODE_SIMULATION, &error);
  g_assert_null (history);
  g_assert_error (error, ORK_HISTORY_ERROR, ORK_HISTORY_ERROR_WRONG_KIND);
  g_assert_nonnull (strstr (error->message, "holds live run history"));
  g_clear_error (&error);
  g_assert_cmpint (sql_int (path, "SELECT count(*) FROM runs"), ==, (gint64) n_live);

  /* A simulation's history, recorded and replaced. */
  sim = sim_new (WORKSPACE);
  history = ork_history_open (sim_path, ORK_HISTORY_MODE_SIMULATION, &error);
  g_assert_no_error (error);
  ork_history_attach (history, sim->scheduler);
  ork_scheduler_start (sim->scheduler);
  sim_run_until (sim, 30);
  g_assert_true (ork_history_close (history, &error));
  g_object_unref (history);
  sim_free (sim);
  g_assert_cmpint (sql_int (sim_path, "SELECT count(*) FROM runs"), >, 0);

  history = ork_history_open (sim_path, ORK_HISTORY_MODE_LIVE, &error);
  g_assert_null (history);
  g_assert_error (error, ORK_HISTORY_ERROR, ORK_HISTORY_ERROR_WRONG_KIND);
  g_assert_nonnull (strstr (error->message, "holds a simulation's history"));
  g_clear_error (&error);

  history = ork_history_open (sim_path, ORK_HISTORY_MODE_SIMULATION, &error);
  g_assert_no_error (error);
  g_assert_true (ork_history_count_by_state (history, NULL, ORK_TIME_UNSET, ORK_TIME_UNSET,
                                             &counts, &error));
  g_assert_cmpuint (counts.total, ==, 0);
  g_assert_cmpuint (file_mode (sim_path), ==, 0600);
  g_object_unref (history);
  remove_tree (dir);
}

#define SLOW_WORKSPACE \
  "{\"version\":1,\"jobs\":[{\"id\":\"slow\",\"type\":\"sync\",\"timeout\":\"none\"," \
  "\"schedule\":{\"kind\":\"interval\",\"every\":\"1h\"}," \
  "\"simulation\":{\"latency\":{\"fixed\":\"30m\"}}}]}"

static void
test_interrupted (void)
{
  g_autofree char *dir = temp_dir ();
  g_autofree char *path = history_path (dir);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) attempts = NULL;
  g_autoptr(OrkHistoryRun) run = NULL;
  g_autofree char *ndjson = NULL;
  g_autofree char *status = NULL;
  GString *transitions;
  OrkHistory *history;
  Sim *sim = sim_new (SLOW_WORKSPACE);
  gint64 before;

  history = ork_history_open (path, ORK_HISTORY_MODE_LIVE, &error);
  g_assert_no_error (error);
  ork_history_attach (history, sim->scheduler);
  ork_scheduler_start (sim->scheduler);
  sim_run_until (sim, 10);
  g_assert_true (ork_history_flush (history, &error));

  /* The attempt is on disk, running, in its run's row; it is not a record
   * yet. */
  status = sql_text (path, "SELECT state || ' ' || attempts || ' ' || running_started_at"
                           " || ' ' || coalesce (status, '-') FROM runs WHERE job_id = 'slow'");
  g_assert_cmpstr (status, ==, "RUNNING 1 " T(00) " -");
  ndjson = export_text (history, ORK_RECORD_FORMAT_NDJSON, NULL, NULL);
  g_assert_cmpstr (ndjson, ==, "");

  /* The engine stops without finishing it. */
  g_assert_true (ork_history_close (history, &error));
  g_object_unref (history);
  sim_free (sim);

  before = g_get_real_time ();
  history = ork_history_open (path, ORK_HISTORY_MODE_LIVE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ork_history_get_n_interrupted (history), ==, 1);

  run = ork_history_get_run (history, "slow", 1, &error);
  g_assert_no_error (error);
  g_assert_cmpint (run->state, ==, ORK_RUN_INTERRUPTED);
  g_assert_cmpint (run->reason, ==, ORK_REASON_INTERRUPTED);
  g_assert_cmpint (run->ended_at, >=, before);
  attempts = ork_history_list_attempts (history, "slow", 1, &error);
  g_assert_cmpuint (attempts->len, ==, 1);
  {
    OrkRecord *r = attempts->pdata[0];

    g_assert_cmpint (r->status, ==, ORK_RUN_INTERRUPTED);
    g_assert_cmpint (r->reason, ==, ORK_REASON_INTERRUPTED);
    g_assert_cmpint (r->started_at, ==, START);
    g_assert_cmpint (r->finished_at, ==, ORK_TIME_UNSET);
    g_assert_cmpint (r->decided_at, >=, before);
    /* Said in words, as an engine that stops cleanly says it. */
    g_assert_cmpstr (r->message, ==, "interrupted: the engine stopped while it ran (found when "
                                     "the next engine started)");
  }
  transitions = stored_transitions (history, "slow", 1);
  g_assert_true (g_str_has_suffix (transitions->str, " RUNNING>INTERRUPTED interrupted\n"));
  g_string_free (transitions, TRUE);

  /* It is exported now, once; a second start finds nothing more to do. */
  g_clear_pointer (&ndjson, g_free);
  ndjson = export_text (history, ORK_RECORD_FORMAT_NDJSON, NULL, NULL);
  g_assert_nonnull (strstr (ndjson, "\"status\":\"INTERRUPTED\",\"reason\":\"interrupted\""));
  g_assert_nonnull (strstr (ndjson, "\"finishedAt\":null"));
  g_object_unref (history);
  history = ork_history_open (path, ORK_HISTORY_MODE_LIVE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ork_history_get_n_interrupted (history), ==, 0);
  g_object_unref (history);
  remove_tree (dir);
}

static void
test_log (void)
{
  g_autofree char *dir = temp_dir ();
  g_autofree char *path = history_path (dir);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) lines = NULL;
  OrkHistory *history;
  Sim *sim = sim_new (SLOW_WORKSPACE);
  char line[1001];
  gsize kept = 0;
  guint64 dropped_bytes = 0, dropped_lines = 0;

  history = ork_history_open (path, ORK_HISTORY_MODE_LIVE, &error);
  g_assert_no_error (error);
  ork_history_attach (history, sim->scheduler);
  ork_scheduler_start (sim->scheduler);
  sim_run_until (sim, 10);

  /* 100 lines of 1000 bytes: only the last 65 fit in 64 KiB. */
  for (guint i = 0; i < 100; i++)
    {
      memset (line, 'a' + i % 26, sizeof line - 1);
      line[sizeof line - 1] = '\0';
      ork_history_append_log (history, "slow", 1, 1, START + SEC (i), 1 + i % 2, line);
    }
  sim_run_until (sim, 3600);
  g_assert_true (ork_history_flush (history, &error));

  lines = ork_history_list_log (history, "slow", 1, 1, &dropped_bytes, &dropped_lines, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (lines->len, ==, 65);
  for (guint i = 0; i < lines->len; i++)
    {
      OrkHistoryLogLine *l = lines->pdata[i];

      kept += strlen (l->text);
      g_assert_cmpint (l->text[0], ==, 'a' + (35 + i) % 26);
      g_assert_cmpint (l->at, ==, START + SEC (35 + i));
      g_assert_cmpint (l->stream, ==, 1 + (35 + i) % 2);
    }
  g_assert_cmpuint (kept, <=, ORK_HISTORY_LOG_CAP);
  g_assert_cmpuint (dropped_lines, ==, 35);
  g_assert_cmpuint (dropped_bytes, ==, 35000);

  g_object_unref (history);
  sim_free (sim);
  remove_tree (dir);
}

static void
test_prune (void)
{
  g_autofree char *dir = temp_dir ();
  g_autofree char *path = history_path (dir);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) runs = NULL;
  OrkHistoryCounts counts;
  OrkHistory *history;
  Sim *sim = record_sim (path, 300, &history);
  guint64 before, deleted = 0;

  ork_history_count_by_state (history, NULL, ORK_TIME_UNSET, ORK_TIME_UNSET, &counts, &error);
  before = counts.total;
  g_assert_cmpuint (before, >, 50);

  /* By age: a's runs before 200 s (nominal 0 … 190) go. */
  g_assert_true (ork_history_prune (history, 100 * 1000, 0, START + SEC (300), &deleted, &error));
  g_assert_no_error (error);
  runs = ork_history_list_runs_between (history, NULL, ORK_TIME_UNSET, ORK_TIME_UNSET, 0, &error);
  g_assert_cmpuint (runs->len, ==, before - deleted);
  g_assert_cmpint (((OrkHistoryRun *) runs->pdata[0])->nominal_at, >=, START + SEC (200));
  g_assert_cmpint (sql_int (path, "SELECT count(*) FROM attempts a WHERE NOT EXISTS"
                                  " (SELECT 1 FROM runs r WHERE r.id = a.run)"), ==, 0);
  g_assert_cmpint (sql_int (path, "SELECT count(*) FROM log_lines l WHERE NOT EXISTS"
                                  " (SELECT 1 FROM runs r WHERE r.id = l.run)"), ==, 0);
  g_assert_cmpint (sql_int (path, "SELECT min (d) FROM (SELECT decided_at AS d FROM attempts"
                                  " UNION ALL SELECT decided_at FROM runs)"), >=,
                   START + SEC (200));

  /* By count, in the background: the 10 newest stay. */
  ork_history_prune_in_background (history, 0, 10);
  g_assert_true (ork_history_flush (history, &error));
  ork_history_count_by_state (history, NULL, ORK_TIME_UNSET, ORK_TIME_UNSET, &counts, &error);
  g_assert_cmpuint (counts.total, ==, 10);
  g_clear_pointer (&runs, g_ptr_array_unref);
  runs = ork_history_list_job_runs (history, "a", 0, 0, &error);
  g_assert_cmpuint (((OrkHistoryRun *) runs->pdata[0])->run_id, ==, 30);

  g_object_unref (history);
  sim_free (sim);
  remove_tree (dir);
}

/* Export */

static void
assert_json_equal (JsonNode   *actual,
                   const char *expected_text)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  json_parser_load_from_data (parser, expected_text, -1, &error);
  g_assert_no_error (error);
  if (!json_node_equal (actual, json_parser_get_root (parser)))
    {
      g_autofree char *text = json_to_string (actual, FALSE);

      g_error ("%s\n!=\n%s", text, expected_text);
    }
}

static void
test_export_formats (void)
{
  g_autofree char *dir = temp_dir ();
  g_autofree char *path = history_path (dir);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) sorted = NULL;
  OrkHistory *history;
  Sim *sim = record_sim (path, 200, &history);

  g_object_unref (history);
  history = ork_history_open (path, ORK_HISTORY_MODE_READ_ONLY, &error);
  g_assert_no_error (error);

  sorted = sorted_view (sim->records);

  /* JSON: one array, each element the record. */
  {
    g_autofree char *json = export_text (history, ORK_RECORD_FORMAT_JSON, NULL, NULL);
    g_autoptr(JsonParser) parser = json_parser_new ();
    JsonArray *array;

    json_parser_load_from_data (parser, json, -1, &error);
    g_assert_no_error (error);
    array = json_node_get_array (json_parser_get_root (parser));
    g_assert_cmpuint (json_array_get_length (array), ==, sorted->len);
    for (guint i = 0; i < sorted->len; i++)
      {
        g_autoptr(GString) expected = g_string_new (NULL);

        ork_record_append_json (sorted->pdata[i], expected);
        assert_json_equal (json_array_get_element (array, i), expected->str);
      }
  }

  /* NDJSON: one object per line. */
  {
    g_autofree char *ndjson = export_text (history, ORK_RECORD_FORMAT_NDJSON, NULL, NULL);
    g_auto(GStrv) lines = g_strsplit (ndjson, "\n", -1);

    g_assert_cmpuint (g_strv_length (lines), ==, sorted->len + 1);
    g_assert_cmpstr (lines[sorted->len], ==, "");
    for (guint i = 0; i < sorted->len; i++)
      {
        g_autoptr(JsonParser) parser = json_parser_new ();
        g_autoptr(GString) expected = g_string_new (NULL);
        JsonObject *object;
        g_autoptr(GList) members = NULL;

        json_parser_load_from_data (parser, lines[i], -1, &error);
        g_assert_no_error (error);
        ork_record_append_json (sorted->pdata[i], expected);
        assert_json_equal (json_parser_get_root (parser), expected->str);
        /* Keys in §4 order. */
        object = json_node_get_object (json_parser_get_root (parser));
        members = json_object_get_members (object);
        g_assert_cmpstr (members->data, ==, "jobId");
        g_assert_cmpstr (g_list_last (members)->data, ==, "message");
      }
  }

  /* CSV: the header and one row per record. */
  {
    g_autofree char *csv = export_text (history, ORK_RECORD_FORMAT_CSV, NULL, NULL);
    g_autofree char *expected = expected_export (sim->records, ORK_RECORD_FORMAT_CSV, NULL);
    g_auto(GStrv) lines = g_strsplit (csv, "\n", -1);

    g_assert_cmpstr (csv, ==, expected);
    g_assert_cmpstr (lines[0], ==, "jobId,runId,attempt,status,reason,nominalAt,queuedAt,"
                                   "startedAt,finishedAt,queueMs,durationMs,exitCode,"
                                   "nextRetryIn,message");
    g_assert_cmpuint (g_strv_length (lines), ==, sorted->len + 2);
    g_assert_nonnull (strstr (csv, "\nc,1,1,SUCCEEDED,completed,"));
    g_assert_nonnull (strstr (csv, "\na,1,1,SUCCEEDED,completed,2026-11-26T00:00:00.000Z,"
                                   "2026-11-26T00:00:00.000Z,2026-11-26T00:00:00.000Z,"
                                   "2026-11-26T00:00:01.000Z,0,1000,,,\n"));
  }

  /* An empty selection is still valid in each format. */
  {
    OrkExportFilter filter;
    g_autofree char *json = NULL;
    g_autofree char *csv = NULL;
    g_autofree char *ndjson = NULL;

    ork_export_filter_init (&filter);
    filter.job_id = "nobody";
    json = export_text (history, ORK_RECORD_FORMAT_JSON, &filter, NULL);
    csv = export_text (history, ORK_RECORD_FORMAT_CSV, &filter, NULL);
    ndjson = export_text (history, ORK_RECORD_FORMAT_NDJSON, &filter, NULL);
    g_assert_cmpstr (json, ==, "[]\n");
    g_assert_cmpstr (csv, ==, ork_record_csv_header ());
    g_assert_cmpstr (ndjson, ==, "");
  }

  g_object_unref (history);
  sim_free (sim);
  remove_tree (dir);
}

static void
test_export_transitions (void)
{
  g_autofree char *dir = temp_dir ();
  g_autofree char *path = history_path (dir);
  g_autoptr(GError) error = NULL;
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                      free_gstring);
  OrkExportFilter filter;
  g_autofree char *ndjson = NULL;
  g_autofree char *csv = NULL;
  g_autofree char *json = NULL;
  g_auto(GStrv) lines = NULL;
  g_auto(GStrv) rows = NULL;
  GHashTableIter iter;
  gpointer key, value;
  OrkHistory *history;
  Sim *sim = record_sim (path, 100, &history);
  guint n_complete = 0;

  ork_export_filter_init (&filter);
  filter.with_transitions = TRUE;
  ndjson = export_text (history, ORK_RECORD_FORMAT_NDJSON, &filter, NULL);
  lines = g_strsplit (ndjson, "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, sim->records->len + 1);

  /* Each record carries the transitions that led to it; together they are
   * all of the run's transitions (every run here has ended). */
  for (guint i = 0; lines[i][0] != '\0'; i++)
    {
      g_autoptr(JsonParser) parser = json_parser_new ();
      g_autoptr(GList) members = NULL;
      g_autofree char *run_key = NULL;
      JsonObject *object;
      JsonArray *array;
      GString *s;

      json_parser_load_from_data (parser, lines[i], -1, &error);
      g_assert_no_error (error);
      object = json_node_get_object (json_parser_get_root (parser));
      members = json_object_get_members (object);
      g_assert_cmpstr (g_list_last (members)->data, ==, "transitions");
      g_assert_cmpstr (g_list_last (members)->prev->data, ==, "message");
      run_key = g_strdup_printf ("%s #%" G_GINT64_FORMAT,
                                 json_object_get_string_member (object, "jobId"),
                                 json_object_get_int_member (object, "runId"));
      s = g_hash_table_lookup (seen, run_key);
      if (s == NULL)
        {
          s = g_string_new (NULL);
          g_hash_table_insert (seen, g_strdup (run_key), s);
        }
      array = json_object_get_array_member (object, "transitions");
      g_assert_cmpuint (json_array_get_length (array), >, 0);
      for (guint j = 0; j < json_array_get_length (array); j++)
        {
          JsonObject *t = json_array_get_object_element (array, j);
          gint64 at;

          g_assert_true (ork_time_parse_iso (json_object_get_string_member (t, "at"), &at));
          g_string_append_printf (s, "%" G_GINT64_FORMAT " %s>%s %s\n", at,
                                  json_object_get_string_member (t, "from"),
                                  json_object_get_string_member (t, "to"),
                                  json_object_get_string_member (t, "reason"));
        }
      /* The last one is the record's own final transition. */
      g_assert_cmpstr (json_object_get_string_member (
                         json_array_get_object_element (array, json_array_get_length (array) - 1),
                         "to"), ==, json_object_get_string_member (object, "status"));
    }
  g_hash_table_iter_init (&iter, sim->transitions);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      GString *s = g_hash_table_lookup (seen, key);
      GString *all = value;

      /* A run still active at the end has transitions after its last
       * record, or no record yet. */
      if (s == NULL)
        {
          g_assert_null (strstr (all->str, "SUCCEEDED"));
          continue;
        }
      g_assert_true (g_str_has_prefix (all->str, s->str));
      n_complete += strcmp (all->str, s->str) == 0;
    }

  g_assert_cmpuint (n_complete, >, 20);

  /* CSV: the last column. */
  csv = export_text (history, ORK_RECORD_FORMAT_CSV, &filter, NULL);
  rows = g_strsplit (csv, "\n", -1);
  g_assert_true (g_str_has_suffix (rows[0], ",message,transitions"));
  g_assert_nonnull (strstr (csv, "\na,1,1,SUCCEEDED,completed,2026-11-26T00:00:00.000Z,"
                                 "2026-11-26T00:00:00.000Z,2026-11-26T00:00:00.000Z,"
                                 "2026-11-26T00:00:01.000Z,0,1000,,,,"
                                 "2026-11-26T00:00:00.000Z SCHEDULED>QUEUED schedule; "
                                 "2026-11-26T00:00:00.000Z QUEUED>RUNNING schedule; "
                                 "2026-11-26T00:00:01.000Z RUNNING>SUCCEEDED completed\n"));

  /* JSON parses as one array. */
  json = export_text (history, ORK_RECORD_FORMAT_JSON, &filter, NULL);
  {
    g_autoptr(JsonParser) parser = json_parser_new ();

    json_parser_load_from_data (parser, json, -1, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (json_array_get_length (json_node_get_array (json_parser_get_root (parser))),
                      ==, sim->records->len);
  }

  g_object_unref (history);
  sim_free (sim);
  remove_tree (dir);
}

static void
test_export_filters (void)
{
  g_autofree char *dir = temp_dir ();
  g_autofree char *path = history_path (dir);
  OrkExportFilter filter;
  OrkHistory *history;
  Sim *sim = record_sim (path, 200, &history);
  struct
  {
    const char  *job_id;
    gboolean     has_status;
    OrkRunState  status;
    gint64       since;
    gint64       until;
  } cases[] = {
    { "a", FALSE, 0, ORK_TIME_UNSET, ORK_TIME_UNSET },
    { NULL, TRUE, ORK_RUN_FAILED, ORK_TIME_UNSET, ORK_TIME_UNSET },
    { NULL, TRUE, ORK_RUN_SKIPPED, ORK_TIME_UNSET, ORK_TIME_UNSET },
    { NULL, FALSE, 0, START + SEC (50), START + SEC (100) },
    { "b", TRUE, ORK_RUN_FAILED, START + SEC (31), ORK_TIME_UNSET },
    { "d", TRUE, ORK_RUN_SUCCEEDED, ORK_TIME_UNSET, ORK_TIME_UNSET },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *expected = NULL;
      g_autofree char *actual = NULL;
      guint64 n = G_MAXUINT64;

      ork_export_filter_init (&filter);
      filter.job_id = cases[i].job_id;
      filter.has_status = cases[i].has_status;
      filter.status = cases[i].status;
      filter.since = cases[i].since;
      filter.until = cases[i].until;
      expected = expected_export (sim->records, ORK_RECORD_FORMAT_NDJSON, &filter);
      actual = export_text (history, ORK_RECORD_FORMAT_NDJSON, &filter, &n);
      g_assert_cmpstr (actual, ==, expected);
      if (i == 5)
        g_assert_cmpuint (n, ==, 0);
      else
        g_assert_cmpuint (n, >, 0);
    }

  g_object_unref (history);
  sim_free (sim);
  remove_tree (dir);
}

typedef struct
{
  GArray       *calls;
  GCancellable *cancel_at_first;
} Progress;

static void
on_progress (guint64  done,
             guint64  total,
             gpointer data)
{
  Progress *p = data;
  guint64 pair[2] = { done, total };

  g_array_append_vals (p->calls, pair, 2);
  if (p->cancel_at_first != NULL)
    g_cancellable_cancel (p->cancel_at_first);
}

static void
test_export_progress_cancel (void)
{
  g_autofree char *dir = temp_dir ();
  g_autofree char *path = history_path (dir);
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) json = g_string_new ("{\"version\":1,\"settings\":{\"workers\":50},\"jobs\":[");
  g_autoptr(GOutputStream) out = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  Progress progress = { g_array_new (FALSE, FALSE, sizeof (guint64)), NULL };
  OrkHistory *history;
  Sim *sim;
  guint64 n = 0;
  gsize size;

  /* 10 jobs every second for 2500 s: 25,000 records. */
  for (guint i = 0; i < 10; i++)
    g_string_append_printf (json, "%s{\"id\":\"j%u\",\"type\":\"sync\","
                            "\"schedule\":{\"kind\":\"interval\",\"every\":\"1s\"},"
                            "\"simulation\":{\"latency\":{\"fixed\":\"100ms\"}}}",
                            i > 0 ? "," : "", i);
  g_string_append (json, "]}");
  sim = sim_new (json->str);
  history = ork_history_open (path, ORK_HISTORY_MODE_SIMULATION, &error);
  g_assert_no_error (error);
  ork_history_attach (history, sim->scheduler);
  ork_scheduler_start (sim->scheduler);
  sim_run_until (sim, 2499.5);
  g_assert_true (ork_history_flush (history, &error));
  g_assert_cmpuint (sim->records->len, ==, 25000);

  out = g_memory_output_stream_new_resizable ();
  g_assert_true (ork_history_export (history, out, ORK_RECORD_FORMAT_CSV, NULL, NULL,
                                     on_progress, &progress, &n, &error));
  g_assert_cmpuint (n, ==, 25000);
  g_assert_cmpuint (progress.calls->len, ==, 6);
  g_assert_cmpuint (g_array_index (progress.calls, guint64, 0), ==, 10000);
  g_assert_cmpuint (g_array_index (progress.calls, guint64, 1), ==, 25000);
  g_assert_cmpuint (g_array_index (progress.calls, guint64, 2), ==, 20000);
  g_assert_cmpuint (g_array_index (progress.calls, guint64, 4), ==, 25000);
  g_assert_cmpuint (g_array_index (progress.calls, guint64, 5), ==, 25000);
  g_clear_object (&out);

  /* Cancelled at the first progress report: stops soon after. */
  g_array_set_size (progress.calls, 0);
  progress.cancel_at_first = cancellable;
  out = g_memory_output_stream_new_resizable ();
  g_assert_false (ork_history_export (history, out, ORK_RECORD_FORMAT_NDJSON, NULL, cancellable,
                                      on_progress, &progress, &n, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);
  g_assert_cmpuint (progress.calls->len, ==, 2);
  size = g_memory_output_stream_get_data_size (G_MEMORY_OUTPUT_STREAM (out));
  g_assert_cmpuint (size, <, 25000 * 200);

  /* Cancelled before it starts: nothing. */
  g_clear_object (&out);
  out = g_memory_output_stream_new_resizable ();
  g_assert_false (ork_history_export (history, out, ORK_RECORD_FORMAT_JSON, NULL, cancellable,
                                      NULL, NULL, &n, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);

  g_array_unref (progress.calls);
  g_object_unref (history);
  sim_free (sim);
  remove_tree (dir);
}

/* Crash safety: a child records an engine without pause and reports, on a
 * pipe, the highest run id it knows to be committed; the parent kills it
 * with SIGKILL at a random moment and checks the file. */

#define CRASH_WORKSPACE \
  "{\"version\":1,\"settings\":{\"workers\":8},\"jobs\":[" \
  "{\"id\":\"x\",\"type\":\"sync\",\"schedule\":{\"kind\":\"interval\",\"every\":\"1s\"}," \
  "\"simulation\":{\"latency\":{\"fixed\":\"300ms\"}}}," \
  "{\"id\":\"y\",\"type\":\"sync\",\"schedule\":{\"kind\":\"interval\",\"every\":\"2s\"}," \
  "\"retry\":{\"max_retries\":1,\"backoff\":\"fixed\",\"initial\":\"1s\"}," \
  "\"simulation\":{\"latency\":{\"fixed\":\"500ms\"},\"failure_rate\":0.5}}]}"

static int
crash_child (const char *path)
{
  g_autoptr(GError) error = NULL;
  OrkHistory *history;
  Sim *sim = sim_new (CRASH_WORKSPACE);
  double t = 0;

  history = ork_history_open (path, ORK_HISTORY_MODE_LIVE, &error);
  if (history == NULL)
    {
      g_printerr ("%s\n", error->message);
      return 1;
    }
  ork_history_attach (history, sim->scheduler);
  ork_scheduler_start (sim->scheduler);
  for (guint i = 0;; i++)
    {
      t += 1;
      sim_run_until (sim, t);
      if (i % 100 == 99)
        {
          guint64 last = 0;

          ork_history_flush (history, NULL);
          ork_history_get_job_cursor (history, "x", &last, NULL, NULL, NULL);
          g_print ("%" G_GUINT64_FORMAT "\n", last);
          fflush (stdout);
        }
    }
  return 0;
}

static void
test_crash (void)
{
  g_autofree char *dir = temp_dir ();
  g_autofree char *path = history_path (dir);
  g_autoptr(GRand) rand = g_rand_new_with_seed (42);
  guint64 total_reported = 0;

  for (guint round = 0; round < 20; round++)
    {
      g_autoptr(GError) error = NULL;
      const char *argv[] = { self_exe, "--crash-child", path, NULL };
      GPid pid;
      int out_fd;
      int status;
      guint64 reported = 0;
      char buf[4096];
      GString *text = g_string_new (NULL);
      ssize_t n;
      gint64 n_runs, max_x, n_interrupted_attempts;
      g_autofree char *check = NULL;
      OrkHistory *history;

      g_assert_true (g_spawn_async_with_pipes (NULL, (char **) argv, NULL, G_SPAWN_DO_NOT_REAP_CHILD,
                                               NULL, NULL, &pid, NULL, &out_fd, NULL, &error));
      g_assert_no_error (error);
      g_usleep (g_rand_int_range (rand, 60, 250) * 1000);
      g_assert_cmpint (kill (pid, SIGKILL), ==, 0);
      g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);
      g_assert_true (WIFSIGNALED (status));
      while ((n = read (out_fd, buf, sizeof buf)) > 0)
        g_string_append_len (text, buf, n);
      close (out_fd);
      {
        g_auto(GStrv) lines = g_strsplit (text->str, "\n", -1);

        for (guint i = 0; lines[i] != NULL; i++)
          if (lines[i][0] != '\0')
            reported = MAX (reported, g_ascii_strtoull (lines[i], NULL, 10));
      }
      g_string_free (text, TRUE);

      /* The file is sound, and what was reported committed is there. */
      check = sql_text (path, "PRAGMA integrity_check");
      g_assert_cmpstr (check, ==, "ok");
      /* A child killed before it created the schema (a slow start, under a
       * sanitizer) leaves an empty database: sound, with nothing to check. */
      if (sql_int (path, "SELECT count(*) FROM sqlite_schema WHERE name = 'runs'") == 0)
        {
          g_assert_cmpuint (reported, ==, 0);
          goto next_round;
        }
      max_x = sql_int (path, "SELECT coalesce(max(run_id), 0) FROM runs WHERE job_id = 'x'");
      g_assert_cmpint (max_x, >=, (gint64) reported);
      /* Each child started over at run 1 (no restore): runs of x have no gap. */
      n_runs = sql_int (path, "SELECT count(*) FROM runs WHERE job_id = 'x'");
      g_assert_cmpint (n_runs, ==, max_x);
      /* Every ended run has its last record in its row, attempts only
       * earlier ones, and every record its run. */
      g_assert_cmpint (sql_int (path, "SELECT count(*) FROM runs r WHERE r.ended_at IS NOT NULL"
                                      " AND (r.last_attempt IS NULL OR r.decided_at IS NULL)"),
                       ==, 0);
      g_assert_cmpint (sql_int (path, "SELECT count(*) FROM attempts a JOIN runs r"
                                      " ON r.id = a.run WHERE a.attempt >= r.last_attempt"),
                       ==, 0);
      g_assert_cmpint (sql_int (path, "SELECT count(*) FROM attempts a WHERE NOT EXISTS"
                                      " (SELECT 1 FROM runs r WHERE r.id = a.run)"), ==, 0);
      /* A run's packed transitions and their count agree. */
      g_assert_cmpint (sql_int (path, "SELECT count(*) FROM runs WHERE n_transitions <>"
                                      " length (transitions)"
                                      " - length (replace (transitions, char (10), ''))"),
                       ==, 0);

      /* Reopening as the engine does recovers what was left running. */
      history = ork_history_open (path, ORK_HISTORY_MODE_LIVE, &error);
      g_assert_no_error (error);
      g_object_unref (history);
      g_free (check);
      check = sql_text (path, "PRAGMA integrity_check");
      g_assert_cmpstr (check, ==, "ok");
      n_interrupted_attempts = sql_int (path, "SELECT count(*) FROM attempts"
                                              " WHERE status = 'RUNNING'");
      g_assert_cmpint (n_interrupted_attempts, ==, 0);
      g_assert_cmpint (sql_int (path, "SELECT count(*) FROM runs WHERE state IN"
                                      " ('SCHEDULED','QUEUED','RUNNING','RETRY_WAIT')"), ==, 0);
      g_test_message ("round %u: %" G_GUINT64_FORMAT " runs of x reported committed, %"
                      G_GINT64_FORMAT " on disk", round, reported, max_x);
      total_reported += reported;

      /* Start the next round from an empty file. */
    next_round:
      {
        const char *const suffixes[] = { "", "-wal", "-shm" };

        for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
          {
            g_autofree char *file = g_strconcat (path, suffixes[i], NULL);

            g_unlink (file);
          }
      }
    }
  /* The children got far enough to have committed batches to lose. */
  g_assert_cmpuint (total_reported, >, 0);
  remove_tree (dir);
}

int
main (int   argc,
      char *argv[])
{
  if (argc == 3 && strcmp (argv[1], "--crash-child") == 0)
    return crash_child (argv[2]);

  self_exe = argv[0];
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/history/default-path", test_default_path);
  g_test_add_func ("/core/history/schema", test_schema);
  g_test_add_func ("/core/history/migrate-v1", test_migrate_v1);
  g_test_add_func ("/core/history/migrate-v2", test_migrate_v2);
  g_test_add_func ("/core/history/newer-schema", test_newer_schema);
  g_test_add_func ("/core/history/lock", test_lock);
  g_test_add_func ("/core/history/attach", test_attach);
  g_test_add_func ("/core/history/retry-forgotten-run", test_retry_forgotten_run);
  g_test_add_func ("/core/history/checkpoint", test_checkpoint);
  g_test_add_func ("/core/history/simulation-replaces", test_simulation_replaces);
  g_test_add_func ("/core/history/interrupted", test_interrupted);
  g_test_add_func ("/core/history/log", test_log);
  g_test_add_func ("/core/history/prune", test_prune);
  g_test_add_func ("/core/history/export-formats", test_export_formats);
  g_test_add_func ("/core/history/export-transitions", test_export_transitions);
  g_test_add_func ("/core/history/export-filters", test_export_filters);
  g_test_add_func ("/core/history/export-progress-cancel", test_export_progress_cancel);
  g_test_add_func ("/core/history/crash", test_crash);

  return g_test_run ();
}
