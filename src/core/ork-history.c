/* ork-history.c — the run history in SQLite
 *
 * Two connections per history: the writer's, owned by a worker thread that
 * commits batches of events, and a read connection for queries. Events are
 * copied into a pending array on the engine's thread; the writer swaps the
 * array out at most 100 ms after its first event (or at 1000 events, or on a
 * flush) and applies it in one transaction. A run's row is written from a
 * small in-memory copy the writer keeps for every run not yet complete:
 * runs that begin and end within the batch as soon as they end, 32 new rows
 * to a statement; the others once, when the batch ends. The row holds the
 * run's last record (and the start of an attempt still running): a run that
 * ends with its first attempt is one row. Only earlier attempts of a
 * retried run go to the attempts table, when the next record replaces them.
 * Pushing an event allocates nothing: events are kept by value and job ids
 * are interned, one copy per job shared by the events and the rows.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ork-history"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <sqlite3.h>
#include <string.h>
#include <sys/file.h>
#include <unistd.h>

#include "ork-history.h"
#include "ork-pair-table.h"

/* 'ORKH': marks the file as ours. */
#define HISTORY_APP_ID 0x4f524b48
#define BATCH_MAX_EVENTS 1000
#define BATCH_MAX_DELAY_US (100 * G_TIME_SPAN_MILLISECOND)
/* Beyond this many queued events the engine waits for the writer: memory
 * stays bounded when a fast-forward simulation outruns the disk. */
#define PENDING_HIGH_WATER 200000
/* New runs are inserted this many to a statement. */
#define INSERT_GROUP 32
/* Run rows kept for reuse by the writer. */
#define SPARE_RUNS_MAX 4096
/* WAL frames (pages) after which the checkpointer copies the WAL into the
 * database (SQLite's own default), and after which the writer does it
 * itself because the checkpointer is behind (64 MiB of 8 KiB pages). */
#define CHECKPOINT_FRAMES 1000
#define CHECKPOINT_FRAMES_MAX 8000
#define PROGRESS_EVERY 10000

typedef enum
{
  EVENT_TRANSITION,
  EVENT_RECORD,
  EVENT_LOG,
  EVENT_PRUNE,
} EventKind;

typedef struct
{
  guint64  n_deleted;
  GError  *error;
} PruneResult;

/* A job id as the writer sees it: one copy per job for the history's
 * lifetime, so that events and run rows share it and compare it by address.
 * Created under the mutex (at open, or as the engine pushes an event), never
 * changed afterwards. */
typedef struct
{
  /* The writer's alone: the highest run id of the job that may be on disk
   * (at open, then as runs are written): a run above it is new, and needs
   * no look-up. A run the writer forgot can come back: "retry now" on a run
   * that failed for good. */
  guint64 max_on_disk;
  char    id[];
} JobKey;

/* Kept by value in the pending array: pushing one allocates nothing. */
typedef struct
{
  EventKind     kind;
  JobKey       *job;         /* NULL for a prune */
  OrkRecord    rec;          /* job_id (job's, borrowed), run_id, attempt, nominal/queued/started; all of it for a record */
  gboolean     manual;
  gint64       at;           /* transition or log time */
  OrkRunState  from;
  OrkRunState  to;
  int          stream;
  char        *text;         /* log line */
  gint64       max_age_ms;   /* prune */
  guint64      max_runs;
  PruneResult *result;       /* prune: NULL in the background */
} Event;

/* What the writer knows of a run that is not final yet. */
typedef struct
{
  JobKey      *job;
  const char  *job_id;       /* job->id */
  guint64      run_id;
  gint64       id;           /* rowid in runs */
  gboolean     in_db;
  int          dirty_index;  /* in dirty_runs, or -1 */
  gboolean     ready;        /* in the group of new runs to insert */
  gboolean     awaiting_record;  /* reached a final state; its record follows */
  OrkRunState  state;
  OrkReason    reason;
  gint64       nominal_at;
  gboolean     manual;
  guint        attempts;
  gint64       created_at;
  gint64       updated_at;
  gint64       ended_at;
  int          last_attempt; /* attempt number of its last record, -1 when none */
  guint        seq;          /* of its last transition */
  GString     *transitions;  /* packed, not written yet */
  guint        first_seq;    /* first transition of the next record */
  /* The last record (valid when last_attempt >= 0; job_id is the row's,
   * message owned), as the row stores it. */
  OrkRecord    rec;
  guint        rec_first_seq;
  guint        rec_last_seq;
  guint64      rec_log_dropped_bytes;
  guint64      rec_log_dropped_lines;
  /* The attempt running now (number: attempts). */
  gint64       running_queued_at;
  gint64       running_started_at;
  /* Log lines of the current attempt. */
  guint        log_attempt;
  guint64      log_seq;
  gsize        log_kept;
  GQueue       log_sizes;    /* of LogSize, oldest first */
  guint64      log_dropped_bytes;
  guint64      log_dropped_lines;
} RunRow;


typedef struct
{
  guint64 seq;
  gsize   size;
} LogSize;

enum
{
  STMT_FIND_RUN,
  STMT_INSERT_RUN,
  STMT_INSERT_RUNS,          /* INSERT_GROUP of them */
  STMT_UPDATE_RUN,
  STMT_UPSERT_ATTEMPT,
  STMT_INSERT_LOG,
  STMT_DELETE_LOG,
  N_STMTS
};

/* The columns of a run's row after its own: its last record, then the
 * attempt running now. */
#define RUN_RECORD_COLUMNS \
  "status, record_reason, queued_at, started_at, finished_at, decided_at, exit_code," \
  " next_retry_in, message, first_seq, last_seq, log_dropped_bytes, log_dropped_lines," \
  " running_queued_at, running_started_at"
#define N_RUN_RECORD_COLUMNS 15
/* A run's last record, as read_record_borrowed () reads it. */
#define RECORD_OF_RUN_COLUMNS \
  "job_id, run_id, last_attempt, status, record_reason, nominal_at, queued_at, started_at," \
  " finished_at, decided_at, exit_code, next_retry_in, message"
#define INSERT_RUN_COLUMNS \
  "id, job_id, run_id, nominal_at, state, reason, manual, attempts," \
  " created_at, updated_at, ended_at, last_attempt, n_transitions, transitions, " \
  RUN_RECORD_COLUMNS
#define N_INSERT_RUN_COLUMNS (14 + N_RUN_RECORD_COLUMNS)

static const char *const stmt_sql[N_STMTS] = {
  [STMT_FIND_RUN] =
    "SELECT id, state, attempts, n_transitions, first_seq, last_seq, log_dropped_bytes,"
    " log_dropped_lines, running_queued_at, running_started_at, " RECORD_OF_RUN_COLUMNS
    " FROM runs WHERE job_id = ?1 AND run_id = ?2",
  /* STMT_INSERT_RUN and STMT_INSERT_RUNS: insert_runs_sql (). */
  [STMT_UPDATE_RUN] =
    "UPDATE runs SET state = ?2, reason = ?3, attempts = ?4, updated_at = ?5, ended_at = ?6,"
    " last_attempt = ?7, n_transitions = ?8, transitions = transitions || ?9,"
    " status = ?10, record_reason = ?11, queued_at = ?12, started_at = ?13,"
    " finished_at = ?14, decided_at = ?15, exit_code = ?16, next_retry_in = ?17,"
    " message = ?18, first_seq = ?19, last_seq = ?20, log_dropped_bytes = ?21,"
    " log_dropped_lines = ?22, running_queued_at = ?23, running_started_at = ?24"
    " WHERE id = ?1",
  /* An earlier record of a run, moved out of the run's row. */
  [STMT_UPSERT_ATTEMPT] =
    "INSERT OR REPLACE INTO attempts (run, attempt, job_id, run_id, status, reason, nominal_at,"
    " queued_at, started_at, finished_at, decided_at, exit_code, next_retry_in, message,"
    " first_seq, last_seq, log_dropped_bytes, log_dropped_lines)"
    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18)",
  [STMT_INSERT_LOG] =
    "INSERT OR REPLACE INTO log_lines (run, attempt, seq, at, stream, line)"
    " VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
  [STMT_DELETE_LOG] =
    "DELETE FROM log_lines WHERE run = ?1 AND attempt = ?2 AND seq = ?3",
};

/* A run not in a final state, as the partial index says it. Spelled out:
 * with "state IN (...)"
 * every insert or update of a run would build a temporary b-tree to
 * evaluate it (most of the writer's time), and the query below must use
 * the same words for SQLite to see that the index covers it. */
#define NOT_FINAL_CONDITION \
  "(state = 'SCHEDULED' OR state = 'QUEUED' OR state = 'RUNNING' OR state = 'RETRY_WAIT')"

/* The current schema, created in one step in an empty file.
 *
 * A run's row holds the run, its last record (status … log_dropped_lines,
 * NULL until it has one: last_attempt says which attempt it is) and the
 * start of the attempt running now; the attempts table holds only the
 * earlier records of retried runs. An export merges the two, both read in
 * export order through their index by decision time.
 *
 * A run's transitions are kept in the run's row, packed as text: one line
 * "AT FROM TO REASON" per transition (AT in µs UTC, the others by name), in
 * order; a record's first_seq and last_seq count those lines from 1. Only
 * the indexes the queries use are kept: runs by (job, run id), by nominal
 * time and by decision time, earlier attempts by decision time, and a
 * partial index, empty most of the time, of the runs recovery looks for. */
#define SCHEMA_RUNS \
  "CREATE TABLE runs (" \
  "  id INTEGER PRIMARY KEY," \
  "  job_id TEXT NOT NULL," \
  "  run_id INTEGER NOT NULL," \
  "  nominal_at INTEGER NOT NULL," \
  "  state TEXT NOT NULL," \
  "  reason TEXT NOT NULL," \
  "  manual INTEGER NOT NULL DEFAULT 0," \
  "  attempts INTEGER NOT NULL DEFAULT 0," \
  "  created_at INTEGER NOT NULL," \
  "  updated_at INTEGER NOT NULL," \
  "  ended_at INTEGER," \
  "  last_attempt INTEGER," \
  "  n_transitions INTEGER NOT NULL DEFAULT 0," \
  "  transitions TEXT NOT NULL DEFAULT ''," \
  "  status TEXT," \
  "  record_reason TEXT," \
  "  queued_at INTEGER," \
  "  started_at INTEGER," \
  "  finished_at INTEGER," \
  "  decided_at INTEGER," \
  "  exit_code INTEGER," \
  "  next_retry_in INTEGER," \
  "  message TEXT," \
  "  first_seq INTEGER," \
  "  last_seq INTEGER," \
  "  log_dropped_bytes INTEGER," \
  "  log_dropped_lines INTEGER," \
  "  running_queued_at INTEGER," \
  "  running_started_at INTEGER," \
  "  UNIQUE (job_id, run_id));"
#define SCHEMA_ATTEMPTS \
  "CREATE TABLE attempts (" \
  "  run INTEGER NOT NULL," \
  "  attempt INTEGER NOT NULL," \
  "  job_id TEXT NOT NULL," \
  "  run_id INTEGER NOT NULL," \
  "  status TEXT NOT NULL," \
  "  reason TEXT NOT NULL," \
  "  nominal_at INTEGER NOT NULL," \
  "  queued_at INTEGER," \
  "  started_at INTEGER," \
  "  finished_at INTEGER," \
  "  decided_at INTEGER," \
  "  exit_code INTEGER," \
  "  next_retry_in INTEGER," \
  "  message TEXT," \
  "  first_seq INTEGER NOT NULL DEFAULT 0," \
  "  last_seq INTEGER NOT NULL DEFAULT 0," \
  "  log_dropped_bytes INTEGER NOT NULL DEFAULT 0," \
  "  log_dropped_lines INTEGER NOT NULL DEFAULT 0," \
  "  PRIMARY KEY (run, attempt)) WITHOUT ROWID;"
#define SCHEMA_LOG_LINES \
  "CREATE TABLE log_lines (" \
  "  run INTEGER NOT NULL," \
  "  attempt INTEGER NOT NULL," \
  "  seq INTEGER NOT NULL," \
  "  at INTEGER NOT NULL," \
  "  stream INTEGER NOT NULL," \
  "  line TEXT NOT NULL," \
  "  PRIMARY KEY (run, attempt, seq)) WITHOUT ROWID;"
#define RUNS_BY_DECISION \
  "CREATE INDEX runs_by_decision ON runs (decided_at, job_id, run_id, last_attempt);"
#define SCHEMA_INDEXES \
  "CREATE INDEX runs_by_time ON runs (nominal_at);" \
  "CREATE INDEX runs_unfinished ON runs (state) WHERE " NOT_FINAL_CONDITION ";" \
  RUNS_BY_DECISION \
  "CREATE INDEX attempts_by_decision ON attempts (decided_at, job_id, run_id, attempt);"

/* What the file holds: "kind" is "live" or "simulation" (set when an engine
 * first opens it), so that neither is taken for the other. */
#define SCHEMA_META \
  "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;"

static const char schema_current[] =
  SCHEMA_RUNS SCHEMA_ATTEMPTS SCHEMA_LOG_LINES SCHEMA_INDEXES SCHEMA_META;

/* Schema migrations: migrations[i] takes a database from version i to
 * i + 1 (an empty file gets schema_current instead). */
static const char *const migrations[ORK_HISTORY_SCHEMA_VERSION] = {
  /* 0 → 1: what version 1 created. */
  NULL,
  /* 1 → 2: transitions packed into their run's row (their seq renumbered
   * from 1 without gaps, and the attempts' ranges with them); the indexes by
   * state and by status replaced by partial ones. */
  "ALTER TABLE runs ADD COLUMN n_transitions INTEGER NOT NULL DEFAULT 0;"
  "ALTER TABLE runs ADD COLUMN transitions TEXT NOT NULL DEFAULT '';"
  "UPDATE attempts SET"
  " first_seq = (SELECT count(*) FROM transitions t"
  "              WHERE t.run = attempts.run AND t.seq < attempts.first_seq) + 1,"
  " last_seq = (SELECT count(*) FROM transitions t"
  "             WHERE t.run = attempts.run AND t.seq <= attempts.last_seq);"
  "UPDATE runs SET"
  " n_transitions = (SELECT count(*) FROM transitions t WHERE t.run = runs.id),"
  " transitions = coalesce ((SELECT group_concat (line, '') FROM"
  "   (SELECT at || ' ' || from_state || ' ' || to_state || ' ' || reason || char (10) AS line"
  "    FROM transitions t WHERE t.run = runs.id ORDER BY t.seq)), '');"
  "DROP TABLE transitions;"
  "DROP INDEX runs_by_state;"
  "DROP INDEX attempts_by_status;"
  "CREATE INDEX runs_unfinished ON runs (state) WHERE " NOT_FINAL_CONDITION ";"
  "CREATE INDEX attempts_running ON attempts (status) WHERE status = 'RUNNING';",
  /* 2 → 3: a run's last record, and the start of an attempt still
   * running, move into the run's row; attempts keeps the earlier ones. */
  "ALTER TABLE runs ADD COLUMN status TEXT;"
  "ALTER TABLE runs ADD COLUMN record_reason TEXT;"
  "ALTER TABLE runs ADD COLUMN queued_at INTEGER;"
  "ALTER TABLE runs ADD COLUMN started_at INTEGER;"
  "ALTER TABLE runs ADD COLUMN finished_at INTEGER;"
  "ALTER TABLE runs ADD COLUMN decided_at INTEGER;"
  "ALTER TABLE runs ADD COLUMN exit_code INTEGER;"
  "ALTER TABLE runs ADD COLUMN next_retry_in INTEGER;"
  "ALTER TABLE runs ADD COLUMN message TEXT;"
  "ALTER TABLE runs ADD COLUMN first_seq INTEGER;"
  "ALTER TABLE runs ADD COLUMN last_seq INTEGER;"
  "ALTER TABLE runs ADD COLUMN log_dropped_bytes INTEGER;"
  "ALTER TABLE runs ADD COLUMN log_dropped_lines INTEGER;"
  "ALTER TABLE runs ADD COLUMN running_queued_at INTEGER;"
  "ALTER TABLE runs ADD COLUMN running_started_at INTEGER;"
  "UPDATE runs SET (" RUN_RECORD_COLUMNS ") = (SELECT a.status, a.reason, a.queued_at,"
  "   a.started_at, a.finished_at, a.decided_at, a.exit_code, a.next_retry_in, a.message,"
  "   a.first_seq, a.last_seq, a.log_dropped_bytes, a.log_dropped_lines, r.queued_at,"
  "   r.started_at"
  "   FROM (SELECT 1) LEFT JOIN attempts a ON a.run = runs.id AND a.attempt = runs.last_attempt"
  "   AND a.decided_at IS NOT NULL"
  "   LEFT JOIN attempts r ON r.run = runs.id AND r.status = 'RUNNING');"
  "UPDATE runs SET last_attempt = NULL WHERE decided_at IS NULL;"
  "DELETE FROM attempts WHERE status = 'RUNNING' OR decided_at IS NULL"
  " OR EXISTS (SELECT 1 FROM runs r WHERE r.id = attempts.run"
  "            AND r.last_attempt = attempts.attempt);"
  "DROP INDEX attempts_running;"
  RUNS_BY_DECISION,
  /* 3 → 4: what kind of history the file holds. */
  SCHEMA_META,
};

struct _OrkHistory
{
  GObject         parent_instance;

  char           *path;
  OrkHistoryMode  mode;
  int             lock_fd;
  sqlite3        *read_db;
  guint           n_interrupted;
  gboolean        closed;

  /* The engine we listen to. */
  OrkScheduler   *scheduler;   /* weak */
  OrkClock       *clock;
  gulong          transition_id;
  gulong          record_id;

  /* Shared with the writer thread, under mutex. */
  GMutex          mutex;
  GCond           wake;        /* to the writer */
  GCond           done;        /* from the writer */
  GArray         *pending;     /* of Event */
  GHashTable     *job_keys;    /* id → JobKey */
  JobKey         *last_job;    /* the last one pushed: events come in runs */
  gint64          first_pending_at;
  guint64         flush_requested;
  guint64         flush_done;
  gboolean        quit;
  GError         *write_error;

  /* The checkpointer: its own connection and thread, woken (under mutex)
   * by the writer's commits. */
  GThread        *ckpt_thread;
  sqlite3        *ckpt_db;
  GCond           ckpt_wake;
  gboolean        ckpt_requested;
  gboolean        ckpt_quit;

  /* Owned by the writer thread once it runs. */
  GThread        *thread;
  sqlite3        *write_db;
  sqlite3_stmt   *stmts[N_STMTS];
  OrkPairTable    live_runs;   /* (JobKey, run id) → RunRow */
  GPtrArray      *dirty_runs;  /* to write when the batch ends */
  RunRow         *ready[INSERT_GROUP]; /* new runs to insert now */
  guint           n_ready;
  GPtrArray      *spare_runs;  /* RunRows to reuse */
  gint64          next_run_id;
};

G_DEFINE_FINAL_TYPE (OrkHistory, ork_history, G_TYPE_OBJECT)

G_DEFINE_QUARK (ork-history-error-quark, ork_history_error)

/* Helpers */

static gboolean
set_db_error (GError     **error,
              sqlite3     *db,
              const char  *path,
              const char  *what)
{
  int code = db != NULL ? sqlite3_errcode (db) : SQLITE_ERROR;

  if (code == SQLITE_NOTADB)
    g_set_error (error, ORK_HISTORY_ERROR, ORK_HISTORY_ERROR_NOT_HISTORY,
                 "%s is not an Orkestron history database", path);
  else
    g_set_error (error, ORK_HISTORY_ERROR, ORK_HISTORY_ERROR_DATABASE,
                 "history database %s: %s: %s", path, what,
                 db != NULL ? sqlite3_errmsg (db) : "out of memory");
  return FALSE;
}

static gboolean
exec_sql (sqlite3     *db,
          const char  *path,
          const char  *sql,
          GError     **error)
{
  if (sqlite3_exec (db, sql, NULL, NULL, NULL) != SQLITE_OK)
    return set_db_error (error, db, path, "cannot run statement");
  return TRUE;
}

static gboolean
query_int (sqlite3     *db,
           const char  *path,
           const char  *sql,
           gint64      *out,
           GError     **error)
{
  sqlite3_stmt *stmt = NULL;
  int rc;

  if (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL) != SQLITE_OK)
    return set_db_error (error, db, path, "cannot read");
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    *out = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    return set_db_error (error, db, path, "cannot read");
  return TRUE;
}

static inline void
bind_time (sqlite3_stmt *stmt,
           int           index,
           gint64        time_us)
{
  if (time_us == ORK_TIME_UNSET)
    sqlite3_bind_null (stmt, index);
  else
    sqlite3_bind_int64 (stmt, index, time_us);
}

static inline gint64
column_time (sqlite3_stmt *stmt,
             int           index)
{
  if (sqlite3_column_type (stmt, index) == SQLITE_NULL)
    return ORK_TIME_UNSET;
  return sqlite3_column_int64 (stmt, index);
}

static inline void
bind_text (sqlite3_stmt *stmt,
           int           index,
           const char   *text)
{
  if (text == NULL)
    sqlite3_bind_null (stmt, index);
  else
    sqlite3_bind_text (stmt, index, text, -1, SQLITE_STATIC);
}

static OrkRunState
column_state (sqlite3_stmt *stmt,
              int           index)
{
  OrkRunState state = ORK_RUN_INTERRUPTED;

  ork_run_state_from_string ((const char *) sqlite3_column_text (stmt, index), &state);
  return state;
}

static OrkReason
column_reason (sqlite3_stmt *stmt,
               int           index)
{
  OrkReason reason = ORK_REASON_NONE;

  ork_reason_from_string ((const char *) sqlite3_column_text (stmt, index), &reason);
  return reason;
}

/* Files and the lock */

static void
read_record_borrowed (sqlite3_stmt *stmt,
                      int           first,
                      OrkRecord    *rec)
{
  /* Columns from @first: job_id run_id attempt status reason nominal_at
   * queued_at started_at finished_at decided_at exit_code next_retry_in
   * message. The strings point into SQLite's row: valid until the next step. */
  rec->job_id = (char *) sqlite3_column_text (stmt, first);
  rec->run_id = (guint64) sqlite3_column_int64 (stmt, first + 1);
  rec->attempt = sqlite3_column_int (stmt, first + 2);
  rec->status = column_state (stmt, first + 3);
  rec->reason = column_reason (stmt, first + 4);
  rec->nominal_at = column_time (stmt, first + 5);
  rec->queued_at = column_time (stmt, first + 6);
  rec->started_at = column_time (stmt, first + 7);
  rec->finished_at = column_time (stmt, first + 8);
  rec->decided_at = column_time (stmt, first + 9);
  rec->has_exit_code = sqlite3_column_type (stmt, first + 10) != SQLITE_NULL;
  rec->exit_code = rec->has_exit_code ? sqlite3_column_int (stmt, first + 10) : 0;
  rec->next_retry_in = sqlite3_column_type (stmt, first + 11) == SQLITE_NULL
                       ? -1 : sqlite3_column_int64 (stmt, first + 11);
  rec->message = (char *) sqlite3_column_text (stmt, first + 12);
}

static gboolean
ensure_parent_dir (const char  *path,
                   GError     **error)
{
  g_autofree char *dir = g_path_get_dirname (path);

  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved = errno;

      g_set_error (error, ORK_HISTORY_ERROR, ORK_HISTORY_ERROR_IO,
                   "cannot create the directory %s: %s", dir, g_strerror (saved));
      return FALSE;
    }
  return TRUE;
}

static gboolean
take_lock (OrkHistory  *self,
           GError     **error)
{
  g_autofree char *lock_path = g_strconcat (self->path, ".lock", NULL);
  char text[32];
  int fd;

  fd = g_open (lock_path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  if (fd < 0)
    {
      int saved = errno;

      g_set_error (error, ORK_HISTORY_ERROR, ORK_HISTORY_ERROR_IO,
                   "cannot open the lock file %s: %s", lock_path, g_strerror (saved));
      return FALSE;
    }

  if (flock (fd, LOCK_EX | LOCK_NB) != 0)
    {
      int saved = errno;
      ssize_t n;

      if (saved != EWOULDBLOCK)
        {
          g_set_error (error, ORK_HISTORY_ERROR, ORK_HISTORY_ERROR_IO,
                       "cannot lock %s: %s", lock_path, g_strerror (saved));
          close (fd);
          return FALSE;
        }
      n = pread (fd, text, sizeof text - 1, 0);
      text[MAX (n, 0)] = '\0';
      g_strstrip (text);
      close (fd);
      g_set_error (error, ORK_HISTORY_ERROR, ORK_HISTORY_ERROR_LOCKED,
                   "the history %s is in use by another Orkestron engine (pid %s)",
                   self->path, text[0] != '\0' ? text : "unknown");
      return FALSE;
    }

  g_snprintf (text, sizeof text, "%ld\n", (long) getpid ());
  if (ftruncate (fd, 0) != 0 || pwrite (fd, text, strlen (text), 0) < 0)
    g_debug ("cannot write the pid into %s: %s", lock_path, g_strerror (errno));
  self->lock_fd = fd;
  return TRUE;
}

static gboolean
remove_database_files (const char  *path,
                       GError     **error)
{
  const char *const suffixes[] = { "", "-wal", "-shm", "-journal" };

  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *file = g_strconcat (path, suffixes[i], NULL);

      if (g_unlink (file) != 0 && errno != ENOENT)
        {
          int saved = errno;

          g_set_error (error, ORK_HISTORY_ERROR, ORK_HISTORY_ERROR_IO,
                       "cannot replace the history %s: %s", file, g_strerror (saved));
          return FALSE;
        }
    }
  return TRUE;
}

/* Creates the file with mode 0600 before SQLite does: SQLite gives its WAL
 * and shared-memory files the mode of the database file. */
static gboolean
create_database_file (const char  *path,
                      GError     **error)
{
  int fd = g_open (path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);

  if (fd < 0)
    {
      int saved = errno;

      g_set_error (error, ORK_HISTORY_ERROR, ORK_HISTORY_ERROR_IO,
                   "cannot create the history %s: %s", path, g_strerror (saved));
      return FALSE;
    }
  close (fd);
  return TRUE;
}

/* Opening */

static sqlite3 *
open_connection (const char  *path,
                 gboolean     read_only,
                 GError     **error)
{
  sqlite3 *db = NULL;
  int flags = (read_only ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE) | SQLITE_OPEN_NOMUTEX;

  if (sqlite3_open_v2 (path, &db, flags, NULL) != SQLITE_OK)
    {
      set_db_error (error, db, path, "cannot open");
      sqlite3_close (db);
      return NULL;
    }
  sqlite3_extended_result_codes (db, 0);
  sqlite3_busy_timeout (db, 5000);
  return db;
}

/* Checks whose file it is and its version, then migrates it to ours. */
static gboolean
prepare_schema (sqlite3     *db,
                const char  *path,
                gboolean     read_only,
                GError     **error)
{
  gint64 version = 0;
  gint64 app_id = 0;
  gint64 n_objects = 0;

  if (!query_int (db, path, "PRAGMA user_version", &version, error) ||
      !query_int (db, path, "PRAGMA application_id", &app_id, error) ||
      !query_int (db, path, "SELECT count(*) FROM sqlite_schema", &n_objects, error))
    return FALSE;

  if (app_id != HISTORY_APP_ID && (n_objects > 0 || version > 0 || app_id != 0))
    {
      g_set_error (error, ORK_HISTORY_ERROR, ORK_HISTORY_ERROR_NOT_HISTORY,
                   "%s is not an Orkestron history database", path);
      return FALSE;
    }
  if (version > ORK_HISTORY_SCHEMA_VERSION)
    {
      g_set_error (error, ORK_HISTORY_ERROR, ORK_HISTORY_ERROR_NEWER_SCHEMA,
                   "history database %s was written by a newer version of Orkestron "
                   "(schema %" G_GINT64_FORMAT "; this version reads up to %d)",
                   path, version, ORK_HISTORY_SCHEMA_VERSION);
      return FALSE;
    }
  if (read_only)
    {
      /* A file made but never given its tables: its engine was stopped
       * (or killed) before it wrote anything. */
      if (version == 0 && n_objects == 0)
        {
          g_set_error (error, ORK_HISTORY_ERROR, ORK_HISTORY_ERROR_NOT_HISTORY,
                       "history database %s is empty: no engine has written to it yet", path);
          return FALSE;
        }
      if (version < ORK_HISTORY_SCHEMA_VERSION)
        {
          g_set_error (error, ORK_HISTORY_ERROR, ORK_HISTORY_ERROR_NOT_HISTORY,
                       "history database %s has an old schema (%" G_GINT64_FORMAT
                       "): open it once with the engine to upgrade it", path, version);
          return FALSE;
        }
      return TRUE;
    }

  /* Larger pages for a new file (only possible before its first table and
   * before WAL): fewer page splits and a shallower tree per insert. */
  if (version == 0 && n_objects == 0 &&
      !exec_sql (db, path, "PRAGMA page_size = 8192", error))
    return FALSE;
  if (!exec_sql (db, path, "PRAGMA journal_mode = WAL", error) ||
      !exec_sql (db, path, "PRAGMA synchronous = NORMAL", error) ||
      !exec_sql (db, path, "PRAGMA cache_size = -65536", error))
    return FALSE;

  if (version == ORK_HISTORY_SCHEMA_VERSION)
    return TRUE;

  if (!exec_sql (db, path, "BEGIN IMMEDIATE", error))
    return FALSE;
  if (version == 0)
    {
      if (!exec_sql (db, path, schema_current, error))
        {
          sqlite3_exec (db, "ROLLBACK", NULL, NULL, NULL);
          return FALSE;
        }
    }
  for (gint64 v = version; v > 0 && v < ORK_HISTORY_SCHEMA_VERSION; v++)
    {
      g_debug ("migrating %s from schema %" G_GINT64_FORMAT, path, v);
      if (!exec_sql (db, path, migrations[v], error))
        {
          sqlite3_exec (db, "ROLLBACK", NULL, NULL, NULL);
          return FALSE;
        }
    }
  {
    g_autofree char *pragmas =
      g_strdup_printf ("PRAGMA application_id = %d; PRAGMA user_version = %d",
                       HISTORY_APP_ID, ORK_HISTORY_SCHEMA_VERSION);

    if (!exec_sql (db, path, pragmas, error) || !exec_sql (db, path, "COMMIT", error))
      {
        sqlite3_exec (db, "ROLLBACK", NULL, NULL, NULL);
        return FALSE;
      }
  }
  return TRUE;
}

/* What the last engine left behind when it stopped without finishing. */
/* The kind of history recorded in @db ("live", "simulation"), or NULL:
 * none recorded (a file older than schema 4, or a new one), or no meta
 * table to read. */
static char *
read_kind (sqlite3 *db)
{
  sqlite3_stmt *stmt = NULL;
  char *kind = NULL;

  if (sqlite3_prepare_v2 (db, "SELECT value FROM meta WHERE key = 'kind'", -1, &stmt,
                          NULL) != SQLITE_OK)
    {
      sqlite3_finalize (stmt);
      return NULL;
    }
  if (sqlite3_step (stmt) == SQLITE_ROW)
    kind = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  return kind;
}

static gboolean
write_kind (OrkHistory  *self,
            const char  *kind,
            GError     **error)
{
  g_autofree char *sql =
    g_strdup_printf ("INSERT OR REPLACE INTO meta (key, value) VALUES ('kind', '%s')", kind);

  return exec_sql (self->write_db, self->path, sql, error);
}

static gboolean
refuse_not_history (const char  *path,
                    GError     **error)
{
  g_set_error (error, ORK_HISTORY_ERROR, ORK_HISTORY_ERROR_NOT_HISTORY,
               "%s is not an Orkestron history database; "
               "the simulation would replace it, so it is left alone", path);
  return FALSE;
}

/* A live engine's history, or one of no recorded kind (which it adopts);
 * a simulation's is refused. */
static gboolean
claim_live (OrkHistory  *self,
            GError     **error)
{
  g_autofree char *kind = read_kind (self->write_db);

  if (kind == NULL)
    return write_kind (self, "live", error);
  if (strcmp (kind, "live") != 0)
    {
      g_set_error (error, ORK_HISTORY_ERROR, ORK_HISTORY_ERROR_WRONG_KIND,
                   "%s holds a simulation's history, not live runs: live and simulated "
                   "histories are kept apart, so give the live engine another file", self->path);
      return FALSE;
    }
  return TRUE;
}

/* Whether a simulation may replace what is at @path: nothing, an empty
 * file, a simulation's history, one of no recorded kind that has no runs,
 * or anything named *.sim.db (the name the app gives simulation histories:
 * an old one, or one damaged). A live history, or any other file, is left
 * alone. */
static gboolean
check_replaceable (const char  *path,
                   GError     **error)
{
  static const char magic[16] = "SQLite format 3";  /* with its NUL */
  char header[sizeof magic];
  g_autofree char *kind = NULL;
  sqlite3 *db = NULL;
  gint64 app_id = 0, version = 0, n_objects = 0, n_runs = 0;
  GStatBuf st;
  gssize n = 0;
  int fd;

  if (g_stat (path, &st) != 0 || (S_ISREG (st.st_mode) && st.st_size == 0))
    return TRUE;
  if (S_ISREG (st.st_mode) && g_str_has_suffix (path, ".sim.db"))
    {
      g_autofree char *sim_kind = NULL;

      /* Unless it says it holds live runs. */
      if (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK)
        sim_kind = read_kind (db);
      g_clear_pointer (&db, sqlite3_close);
      if (g_strcmp0 (sim_kind, "live") != 0)
        return TRUE;
    }
  fd = S_ISREG (st.st_mode) ? g_open (path, O_RDONLY | O_CLOEXEC | O_NOCTTY, 0) : -1;
  if (fd >= 0)
    {
      n = read (fd, header, sizeof header);
      close (fd);
    }
  if (n != (gssize) sizeof header || memcmp (header, magic, sizeof magic) != 0)
    return refuse_not_history (path, error);

  /* Read-write only to recover what a killed engine left in the WAL; the
   * caller holds the lock. */
  if (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK ||
      !query_int (db, path, "PRAGMA application_id", &app_id, NULL) ||
      !query_int (db, path, "PRAGMA user_version", &version, NULL) ||
      !query_int (db, path, "SELECT count(*) FROM sqlite_schema", &n_objects, NULL))
    app_id = -1;
  /* An engine killed before it gave the new file its tables left it so. */
  if (app_id == 0 && version == 0 && n_objects == 0)
    {
      sqlite3_close (db);
      return TRUE;
    }
  if (app_id != HISTORY_APP_ID)
    {
      sqlite3_close (db);
      return refuse_not_history (path, error);
    }
  kind = read_kind (db);
  if (kind == NULL && !query_int (db, path, "SELECT count(*) FROM runs", &n_runs, NULL))
    n_runs = 0;
  sqlite3_close (db);

  if (g_strcmp0 (kind, "simulation") == 0 || (kind == NULL && n_runs == 0))
    return TRUE;
  if (g_strcmp0 (kind, "live") == 0)
    g_set_error (error, ORK_HISTORY_ERROR, ORK_HISTORY_ERROR_WRONG_KIND,
                 "%s holds live run history; a simulation replaces its history file, so it "
                 "is left alone: give the simulation another file", path);
  else
    g_set_error (error, ORK_HISTORY_ERROR, ORK_HISTORY_ERROR_WRONG_KIND,
                 "%s holds %" G_GINT64_FORMAT " runs and may be a live history (it was written "
                 "before Orkestron recorded which): a simulation would replace it, so it is "
                 "left alone; delete it yourself if it is only a simulation's", path, n_runs);
  return FALSE;
}

/* The message of an attempt a previous engine left running: when it
 * stopped is not known (its finishedAt stays null). */
#define RECOVERED_MESSAGE \
  "interrupted: the engine stopped while it ran (found when the next engine started)"

static gboolean
recover_interrupted (OrkHistory  *self,
                     GError     **error)
{
  sqlite3 *db = self->write_db;
  sqlite3_stmt *stmt = NULL;
  /* A running attempt becomes the run's last record (the one it had goes
   * to attempts), ending with the transition the run gets next. */
  const char *const sql[] = {
    "INSERT OR REPLACE INTO attempts (run, attempt, job_id, run_id, status, reason, nominal_at,"
    " queued_at, started_at, finished_at, decided_at, exit_code, next_retry_in, message,"
    " first_seq, last_seq, log_dropped_bytes, log_dropped_lines)"
    " SELECT id, last_attempt, job_id, run_id, status, record_reason, nominal_at, queued_at,"
    " started_at, finished_at, decided_at, exit_code, next_retry_in, message, first_seq,"
    " last_seq, log_dropped_bytes, log_dropped_lines FROM runs"
    " WHERE state = 'RUNNING' AND " NOT_FINAL_CONDITION " AND last_attempt IS NOT NULL"
    " AND last_attempt <> attempts",
    "UPDATE runs SET last_attempt = attempts, status = 'INTERRUPTED',"
    " record_reason = 'interrupted', queued_at = running_queued_at,"
    " started_at = running_started_at, finished_at = NULL, decided_at = ?1,"
    " exit_code = NULL, next_retry_in = NULL, message = '" RECOVERED_MESSAGE "',"
    " first_seq = CASE WHEN last_attempt IS NULL THEN 1 ELSE last_seq + 1 END,"
    " last_seq = n_transitions + 1, log_dropped_bytes = 0, log_dropped_lines = 0"
    " WHERE state = 'RUNNING' AND " NOT_FINAL_CONDITION,
    "UPDATE runs SET state = 'INTERRUPTED', reason = 'interrupted', updated_at = ?1,"
    " ended_at = ?1, n_transitions = n_transitions + 1,"
    " transitions = transitions || ?1 || ' ' || state || ' INTERRUPTED interrupted' || char (10)"
    " WHERE " NOT_FINAL_CONDITION,
  };
  gint64 now = g_get_real_time ();

  if (!exec_sql (db, self->path, "BEGIN IMMEDIATE", error))
    return FALSE;
  for (guint i = 0; i < G_N_ELEMENTS (sql); i++)
    {
      if (sqlite3_prepare_v2 (db, sql[i], -1, &stmt, NULL) != SQLITE_OK)
        goto failed;
      sqlite3_bind_int64 (stmt, 1, now);
      if (sqlite3_step (stmt) != SQLITE_DONE)
        goto failed;
      if (i == G_N_ELEMENTS (sql) - 1)
        self->n_interrupted = sqlite3_changes (db);
      g_clear_pointer (&stmt, sqlite3_finalize);
    }
  if (!exec_sql (db, self->path, "COMMIT", error))
    goto rollback;
  if (self->n_interrupted > 0)
    g_debug ("%u runs of %s were interrupted", self->n_interrupted, self->path);
  return TRUE;

failed:
  set_db_error (error, db, self->path, "cannot mark interrupted runs");
rollback:
  g_clear_pointer (&stmt, sqlite3_finalize);
  sqlite3_exec (db, "ROLLBACK", NULL, NULL, NULL);
  return FALSE;
}

/* The one copy of @job_id. Called with the mutex held, or before the
 * writer thread exists. */
static JobKey *
intern_job (OrkHistory *self,
            const char *job_id)
{
  JobKey *job = g_hash_table_lookup (self->job_keys, job_id);

  if (job == NULL)
    {
      gsize size = strlen (job_id) + 1;

      job = g_malloc (sizeof (JobKey) + size);
      job->max_on_disk = 0;
      memcpy (job->id, job_id, size);
      g_hash_table_insert (self->job_keys, job->id, job);
    }
  return job;
}

static gboolean
load_stored_max (OrkHistory  *self,
                 GError     **error)
{
  sqlite3_stmt *stmt = NULL;
  int rc;

  if (sqlite3_prepare_v2 (self->write_db, "SELECT job_id, max(run_id) FROM runs GROUP BY job_id",
                          -1, &stmt, NULL) != SQLITE_OK)
    return set_db_error (error, self->write_db, self->path, "cannot read");
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      JobKey *job = intern_job (self, (const char *) sqlite3_column_text (stmt, 0));

      job->max_on_disk = (guint64) sqlite3_column_int64 (stmt, 1);
    }
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    return set_db_error (error, self->write_db, self->path, "cannot read");
  return TRUE;
}

/* The writer */

static void
run_row_free (RunRow *row)
{
  g_free (row->rec.message);
  g_string_free (row->transitions, TRUE);
  g_queue_clear_full (&row->log_sizes, g_free);
  g_free (row);
}

/* A row for a run, reused from one that was forgotten when possible: the
 * writer goes through a row per run. */
static RunRow *
run_row_new (OrkHistory *self)
{
  RunRow *row;
  GString *transitions;

  if (self->spare_runs->len == 0)
    {
      row = g_new (RunRow, 1);
      transitions = g_string_sized_new (160);
    }
  else
    {
      row = g_ptr_array_steal_index_fast (self->spare_runs, self->spare_runs->len - 1);
      transitions = row->transitions;
      g_string_truncate (transitions, 0);
    }
  memset (row, 0, sizeof *row);
  row->dirty_index = -1;
  row->transitions = transitions;
  g_queue_init (&row->log_sizes);
  return row;
}

/* Forgets @row (out of live_runs already). */
static void
run_row_recycle (OrkHistory *self,
                 RunRow     *row)
{
  if (self->spare_runs->len >= SPARE_RUNS_MAX)
    {
      run_row_free (row);
      return;
    }
  g_clear_pointer (&row->rec.message, g_free);
  g_queue_clear_full (&row->log_sizes, g_free);
  g_ptr_array_add (self->spare_runs, row);
}

/* What an event owns. */
static void
event_clear (Event *ev)
{
  g_free (ev->rec.message);
  g_free (ev->text);
}

static void
event_init (Event     *ev,
            EventKind  kind)
{
  memset (ev, 0, sizeof *ev);
  ev->kind = kind;
  ev->rec.nominal_at = ORK_TIME_UNSET;
  ev->rec.queued_at = ORK_TIME_UNSET;
  ev->rec.started_at = ORK_TIME_UNSET;
  ev->rec.finished_at = ORK_TIME_UNSET;
  ev->rec.decided_at = ORK_TIME_UNSET;
  ev->rec.next_retry_in = -1;
}

static gboolean
step_done (OrkHistory   *self,
           sqlite3_stmt *stmt)
{
  int rc = sqlite3_step (stmt);

  /* Every statement has all its parameters bound before each step: no
   * need to clear them. */
  sqlite3_reset (stmt);
  return rc == SQLITE_DONE || rc == SQLITE_ROW;
}

/* The run an event is about: from memory, from the database (a run that
 * began before this engine attached), or new. */
static RunRow *
lookup_run (OrkHistory  *self,
            const Event *ev)
{
  sqlite3_stmt *stmt;
  RunRow *row;

  row = ork_pair_table_lookup (&self->live_runs, ev->job, ev->rec.run_id);
  if (row != NULL)
    return row;

  row = run_row_new (self);
  row->job = ev->job;
  row->job_id = ev->job->id;
  row->run_id = ev->rec.run_id;
  row->state = ORK_RUN_SCHEDULED;
  row->reason = ORK_REASON_NONE;
  row->nominal_at = ev->rec.nominal_at;
  row->manual = ev->manual;
  row->created_at = ev->at != ORK_TIME_UNSET ? ev->at : ev->rec.decided_at;
  row->updated_at = row->created_at;
  row->ended_at = ORK_TIME_UNSET;
  row->last_attempt = -1;
  row->running_queued_at = ORK_TIME_UNSET;
  row->running_started_at = ORK_TIME_UNSET;

  /* Run ids only grow: a run above what may be on disk is new, and needs
   * no look-up. */
  if (row->run_id <= row->job->max_on_disk)
    {
      stmt = self->stmts[STMT_FIND_RUN];
      sqlite3_bind_text (stmt, 1, row->job_id, -1, SQLITE_STATIC);
      sqlite3_bind_int64 (stmt, 2, (sqlite3_int64) row->run_id);
      if (sqlite3_step (stmt) == SQLITE_ROW)
        {
          row->id = sqlite3_column_int64 (stmt, 0);
          row->in_db = TRUE;
          row->state = column_state (stmt, 1);
          row->attempts = sqlite3_column_int (stmt, 2);
          row->seq = sqlite3_column_int (stmt, 3);
          row->running_queued_at = column_time (stmt, 8);
          row->running_started_at = column_time (stmt, 9);
          row->last_attempt = sqlite3_column_type (stmt, 12) == SQLITE_NULL
                              ? -1 : sqlite3_column_int (stmt, 12);
          row->nominal_at = sqlite3_column_int64 (stmt, 15);
          if (row->last_attempt >= 0)
            {
              read_record_borrowed (stmt, 10, &row->rec);
              row->rec.job_id = (char *) row->job_id;
              row->rec.message = g_strdup (row->rec.message);
              row->rec_first_seq = sqlite3_column_int (stmt, 4);
              row->rec_last_seq = sqlite3_column_int (stmt, 5);
              row->rec_log_dropped_bytes = (guint64) sqlite3_column_int64 (stmt, 6);
              row->rec_log_dropped_lines = (guint64) sqlite3_column_int64 (stmt, 7);
            }
        }
      sqlite3_reset (stmt);
      sqlite3_clear_bindings (stmt);
    }

  if (row->in_db)
    row->first_seq = row->seq + 1;
  else
    {
      row->id = self->next_run_id++;
      row->first_seq = 1;
    }

  ork_pair_table_insert (&self->live_runs, row->job, row->run_id, row);
  return row;
}

static void
mark_dirty (OrkHistory *self,
            RunRow     *row)
{
  if (row->dirty_index < 0)
    {
      row->dirty_index = (int) self->dirty_runs->len;
      g_ptr_array_add (self->dirty_runs, row);
    }
}

static void
unmark_dirty (OrkHistory *self,
              RunRow     *row)
{
  RunRow *last;

  if (row->dirty_index < 0)
    return;
  last = g_ptr_array_steal_index_fast (self->dirty_runs, self->dirty_runs->len - 1);
  if (last != row)
    {
      self->dirty_runs->pdata[row->dirty_index] = last;
      last->dirty_index = row->dirty_index;
    }
  row->dirty_index = -1;
}

/* Whether nothing more can happen to the run: final, its record in, and
 * no retry announced. ("Retry now" can still reopen a run that failed for
 * good; it is then read back from the database.) */
static gboolean
run_row_is_complete (const RunRow *row)
{
  return ORK_RUN_STATE_IS_FINAL (row->state) && !row->awaiting_record &&
         (row->last_attempt < 0 || row->rec.next_retry_in < 0);
}

static gboolean add_ready (OrkHistory *self,
                           RunRow     *row);

/* The run's last record goes to the attempts table: a later one replaces
 * it in the run's row. */
static gboolean
move_record_to_attempts (OrkHistory *self,
                         RunRow     *row)
{
  sqlite3_stmt *stmt = self->stmts[STMT_UPSERT_ATTEMPT];
  const OrkRecord *r = &row->rec;

  sqlite3_bind_int64 (stmt, 1, row->id);
  sqlite3_bind_int (stmt, 2, row->last_attempt);
  sqlite3_bind_text (stmt, 3, row->job_id, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 4, (sqlite3_int64) row->run_id);
  sqlite3_bind_text (stmt, 5, ork_run_state_to_string (r->status), -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 6, ork_reason_to_string (r->reason), -1, SQLITE_STATIC);
  bind_time (stmt, 7, r->nominal_at);
  bind_time (stmt, 8, r->queued_at);
  bind_time (stmt, 9, r->started_at);
  bind_time (stmt, 10, r->finished_at);
  bind_time (stmt, 11, r->decided_at);
  if (r->has_exit_code)
    sqlite3_bind_int (stmt, 12, r->exit_code);
  else
    sqlite3_bind_null (stmt, 12);
  if (r->next_retry_in >= 0)
    sqlite3_bind_int64 (stmt, 13, r->next_retry_in);
  else
    sqlite3_bind_null (stmt, 13);
  bind_text (stmt, 14, r->message);
  sqlite3_bind_int (stmt, 15, row->rec_first_seq);
  sqlite3_bind_int (stmt, 16, row->rec_last_seq);
  sqlite3_bind_int64 (stmt, 17, (sqlite3_int64) row->rec_log_dropped_bytes);
  sqlite3_bind_int64 (stmt, 18, (sqlite3_int64) row->rec_log_dropped_lines);
  return step_done (self, stmt);
}

/* One packed transition: "AT FROM TO REASON\n". */
static void
pack_transition (GString     *out,
                 gint64       at,
                 OrkRunState  from,
                 OrkRunState  to,
                 OrkReason    reason)
{
  /* 20 digits and a sign, three names (each well under 40 bytes), four
   * separators. */
  char line[24 + 3 * 40 + 4];
  char digits[24];
  char *d = digits + sizeof digits;
  guint64 v = at < 0 ? -(guint64) at : (guint64) at;
  char *p;

  do
    {
      *--d = (char) ('0' + v % 10);
      v /= 10;
    }
  while (v != 0);
  if (at < 0)
    *--d = '-';
  memcpy (line, d, digits + sizeof digits - d);
  p = line + (digits + sizeof digits - d);
  *p++ = ' ';
  p = g_stpcpy (p, ork_run_state_to_string (from));
  *p++ = ' ';
  p = g_stpcpy (p, ork_run_state_to_string (to));
  *p++ = ' ';
  p = g_stpcpy (p, ork_reason_to_string (reason));
  *p++ = '\n';
  g_string_append_len (out, line, p - line);
}

/* Splits the packed transition at *@pos into its time and its three names
 * (not terminated: @lengths says where they end), and moves past it. */
static gboolean
unpack_words (const char **pos,
              gint64      *at,
              const char  *words[3],
              int          lengths[3])
{
  const char *p = *pos;
  const char *end;
  char *after = NULL;

  if (p == NULL || *p == '\0')
    return FALSE;
  end = strchr (p, '\n');
  if (end == NULL)
    end = p + strlen (p);
  *at = g_ascii_strtoll (p, &after, 10);
  p = MIN (after, end);
  for (guint i = 0; i < 3; i++)
    {
      while (p < end && *p == ' ')
        p++;
      words[i] = p;
      while (p < end && *p != ' ')
        p++;
      lengths[i] = (int) (p - words[i]);
    }
  *pos = *end != '\0' ? end + 1 : end;
  return TRUE;
}

/* The same, with the names read back into a transition. */
static gboolean
unpack_transition (const char          **pos,
                   OrkHistoryTransition *t)
{
  char word[64];
  const char *words[3];
  int lengths[3];

  if (!unpack_words (pos, &t->at, words, lengths))
    return FALSE;
  t->from = ORK_RUN_INTERRUPTED;
  t->to = ORK_RUN_INTERRUPTED;
  t->reason = ORK_REASON_NONE;
  for (guint i = 0; i < 3; i++)
    {
      if (lengths[i] >= (int) sizeof word)
        continue;
      memcpy (word, words[i], lengths[i]);
      word[lengths[i]] = '\0';
      if (i == 0)
        ork_run_state_from_string (word, &t->from);
      else if (i == 1)
        ork_run_state_from_string (word, &t->to);
      else
        ork_reason_from_string (word, &t->reason);
    }
  return TRUE;
}

static gboolean
apply_transition (OrkHistory  *self,
                  const Event *ev)
{
  RunRow *row = lookup_run (self, ev);

  row->seq++;
  pack_transition (row->transitions, ev->at, ev->from, ev->to, ev->rec.reason);

  row->state = ev->to;
  row->reason = ev->rec.reason;
  row->updated_at = ev->at;
  if (ev->to == ORK_RUN_RUNNING)
    {
      row->attempts = MAX (row->attempts, ev->rec.attempt);
      row->running_queued_at = ev->rec.queued_at;
      row->running_started_at = ev->rec.started_at;
    }
  /* FAILED may be followed by RETRY_WAIT: a run has ended only while final. */
  if (!ORK_RUN_STATE_IS_FINAL (ev->to))
    row->ended_at = ORK_TIME_UNSET;
  else if (row->ended_at == ORK_TIME_UNSET)
    row->ended_at = ev->at;
  row->awaiting_record = ORK_RUN_STATE_IS_FINAL (ev->to);
  mark_dirty (self, row);
  return TRUE;
}

static gboolean
apply_record (OrkHistory *self,
              Event      *ev)
{
  const OrkRecord *r = &ev->rec;
  RunRow *row = lookup_run (self, ev);
  gboolean log_counts = row->log_attempt == r->attempt;

  if (row->last_attempt >= 0 && row->last_attempt != (int) r->attempt &&
      !move_record_to_attempts (self, row))
    return FALSE;

  g_free (row->rec.message);
  row->rec = *r;
  row->rec.job_id = (char *) row->job_id;
  row->rec.message = g_steal_pointer (&ev->rec.message);
  row->rec_first_seq = MIN (row->first_seq, row->seq);
  row->rec_last_seq = row->seq;
  row->rec_log_dropped_bytes = log_counts ? row->log_dropped_bytes : 0;
  row->rec_log_dropped_lines = log_counts ? row->log_dropped_lines : 0;

  row->first_seq = row->seq + 1;
  row->last_attempt = r->attempt;
  row->awaiting_record = FALSE;
  /* The attempt is over: no attempt is running until the next starts. */
  row->running_queued_at = ORK_TIME_UNSET;
  row->running_started_at = ORK_TIME_UNSET;
  if (ORK_RUN_STATE_IS_FINAL (row->state) && row->ended_at == ORK_TIME_UNSET)
    row->ended_at = r->decided_at;
  /* A run that began and ended within the batch is written now, with
   * others like it: the writer then holds only a few rows at a time. */
  if (!row->in_db && run_row_is_complete (row))
    return add_ready (self, row);
  mark_dirty (self, row);
  return TRUE;
}

static gboolean
apply_log (OrkHistory  *self,
           const Event *ev)
{
  sqlite3_stmt *stmt;
  RunRow *row;
  const char *text = ev->text;
  gsize len = strlen (text);
  LogSize *size;

  row = ork_pair_table_lookup (&self->live_runs, ev->job, ev->rec.run_id);
  if (row == NULL)
    {
      g_debug ("log line of %s #%" G_GUINT64_FORMAT " after it ended: dropped",
               ev->rec.job_id, ev->rec.run_id);
      return TRUE;
    }

  if (row->log_attempt != ev->rec.attempt)
    {
      row->log_attempt = ev->rec.attempt;
      row->log_seq = 0;
      row->log_kept = 0;
      row->log_dropped_bytes = 0;
      row->log_dropped_lines = 0;
      g_queue_clear_full (&row->log_sizes, g_free);
    }

  /* A line longer than the whole cap keeps its end. */
  if (len > ORK_HISTORY_LOG_CAP)
    {
      const char *cut = g_utf8_find_next_char (text + len - ORK_HISTORY_LOG_CAP - 1, NULL);

      row->log_dropped_bytes += cut - text;
      text = cut;
      len = strlen (text);
    }

  while (row->log_kept + len > ORK_HISTORY_LOG_CAP && !g_queue_is_empty (&row->log_sizes))
    {
      g_autofree LogSize *oldest = g_queue_pop_head (&row->log_sizes);

      stmt = self->stmts[STMT_DELETE_LOG];
      sqlite3_bind_int64 (stmt, 1, row->id);
      sqlite3_bind_int (stmt, 2, ev->rec.attempt);
      sqlite3_bind_int64 (stmt, 3, (sqlite3_int64) oldest->seq);
      if (!step_done (self, stmt))
        return FALSE;
      row->log_kept -= oldest->size;
      row->log_dropped_bytes += oldest->size;
      row->log_dropped_lines++;
    }

  stmt = self->stmts[STMT_INSERT_LOG];
  row->log_seq++;
  sqlite3_bind_int64 (stmt, 1, row->id);
  sqlite3_bind_int (stmt, 2, ev->rec.attempt);
  sqlite3_bind_int64 (stmt, 3, (sqlite3_int64) row->log_seq);
  sqlite3_bind_int64 (stmt, 4, ev->at);
  sqlite3_bind_int (stmt, 5, ev->stream);
  sqlite3_bind_text (stmt, 6, text, (int) len, SQLITE_STATIC);
  if (!step_done (self, stmt))
    return FALSE;

  size = g_new (LogSize, 1);
  size->seq = row->log_seq;
  size->size = len;
  g_queue_push_tail (&row->log_sizes, size);
  row->log_kept += len;
  return TRUE;
}

/* The run's record and running attempt, from parameter @first on. */
static void
bind_run_record (sqlite3_stmt *stmt,
                 int           first,
                 const RunRow *row)
{
  const OrkRecord *r = &row->rec;

  if (row->last_attempt < 0)
    {
      for (int i = 0; i < N_RUN_RECORD_COLUMNS - 2; i++)
        sqlite3_bind_null (stmt, first + i);
    }
  else
    {
      sqlite3_bind_text (stmt, first, ork_run_state_to_string (r->status), -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, first + 1, ork_reason_to_string (r->reason), -1, SQLITE_STATIC);
      bind_time (stmt, first + 2, r->queued_at);
      bind_time (stmt, first + 3, r->started_at);
      bind_time (stmt, first + 4, r->finished_at);
      bind_time (stmt, first + 5, r->decided_at);
      if (r->has_exit_code)
        sqlite3_bind_int (stmt, first + 6, r->exit_code);
      else
        sqlite3_bind_null (stmt, first + 6);
      if (r->next_retry_in >= 0)
        sqlite3_bind_int64 (stmt, first + 7, r->next_retry_in);
      else
        sqlite3_bind_null (stmt, first + 7);
      bind_text (stmt, first + 8, r->message);
      sqlite3_bind_int (stmt, first + 9, row->rec_first_seq);
      sqlite3_bind_int (stmt, first + 10, row->rec_last_seq);
      sqlite3_bind_int64 (stmt, first + 11, (sqlite3_int64) row->rec_log_dropped_bytes);
      sqlite3_bind_int64 (stmt, first + 12, (sqlite3_int64) row->rec_log_dropped_lines);
    }
  bind_time (stmt, first + 13, row->running_queued_at);
  bind_time (stmt, first + 14, row->running_started_at);
}

/* "INSERT INTO runs (…) VALUES (?, …)" with @n_rows rows of parameters. */
static char *
insert_runs_sql (guint n_rows)
{
  /* OR ROLLBACK: a statement of several rows that could stop half-way
   * would otherwise keep a statement journal (the pages it changes, written
   * to a temporary file: most of the writer's time); a failure rolls the
   * whole batch back anyway. */
  GString *sql = g_string_new ("INSERT OR ROLLBACK INTO runs (" INSERT_RUN_COLUMNS ") VALUES ");

  for (guint r = 0; r < n_rows; r++)
    {
      g_string_append (sql, r == 0 ? "(" : ", (");
      for (guint c = 0; c < N_INSERT_RUN_COLUMNS; c++)
        g_string_append (sql, c == 0 ? "?" : ", ?");
      g_string_append_c (sql, ')');
    }
  return g_string_free (sql, FALSE);
}

/* A new run's row as the parameters after @base of an insert. */
static void
bind_new_run (sqlite3_stmt *stmt,
              int           base,
              const RunRow *row)
{
  sqlite3_bind_int64 (stmt, base + 1, row->id);
  sqlite3_bind_text (stmt, base + 2, row->job_id, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, base + 3, (sqlite3_int64) row->run_id);
  bind_time (stmt, base + 4, row->nominal_at);
  sqlite3_bind_text (stmt, base + 5, ork_run_state_to_string (row->state), -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, base + 6, ork_reason_to_string (row->reason), -1, SQLITE_STATIC);
  sqlite3_bind_int (stmt, base + 7, row->manual);
  sqlite3_bind_int (stmt, base + 8, row->attempts);
  sqlite3_bind_int64 (stmt, base + 9, row->created_at);
  sqlite3_bind_int64 (stmt, base + 10, row->updated_at);
  bind_time (stmt, base + 11, row->ended_at);
  if (row->last_attempt >= 0)
    sqlite3_bind_int (stmt, base + 12, row->last_attempt);
  else
    sqlite3_bind_null (stmt, base + 12);
  sqlite3_bind_int (stmt, base + 13, row->seq);
  sqlite3_bind_text (stmt, base + 14, row->transitions->str, (int) row->transitions->len,
                     SQLITE_STATIC);
  bind_run_record (stmt, base + 15, row);
}

/* The row is on disk as it is in memory; a final run is forgotten. */
static void
run_row_written (OrkHistory *self,
                 RunRow     *row)
{
  g_string_truncate (row->transitions, 0);
  row->in_db = TRUE;
  row->job->max_on_disk = MAX (row->job->max_on_disk, row->run_id);
  unmark_dirty (self, row);
  if (run_row_is_complete (row))
    {
      ork_pair_table_remove (&self->live_runs, row->job, row->run_id);
      run_row_recycle (self, row);
    }
}

/* Inserts the new runs gathered so far: a whole group in one statement (a
 * statement's own cost is about that of a row), fewer one by one. */
static gboolean
flush_ready (OrkHistory *self)
{
  guint n = self->n_ready;

  self->n_ready = 0;
  if (n == INSERT_GROUP)
    {
      sqlite3_stmt *stmt = self->stmts[STMT_INSERT_RUNS];

      for (guint i = 0; i < n; i++)
        bind_new_run (stmt, (int) i * N_INSERT_RUN_COLUMNS, self->ready[i]);
      if (!step_done (self, stmt))
        return FALSE;
    }
  else
    {
      for (guint i = 0; i < n; i++)
        {
          bind_new_run (self->stmts[STMT_INSERT_RUN], 0, self->ready[i]);
          if (!step_done (self, self->stmts[STMT_INSERT_RUN]))
            return FALSE;
        }
    }
  for (guint i = 0; i < n; i++)
    {
      self->ready[i]->ready = FALSE;
      run_row_written (self, self->ready[i]);
    }
  return TRUE;
}

/* Adds a run not on disk yet to the next insert. */
static gboolean
add_ready (OrkHistory *self,
           RunRow     *row)
{
  if (row->ready)
    return TRUE;
  row->ready = TRUE;
  self->ready[self->n_ready++] = row;
  return self->n_ready < INSERT_GROUP || flush_ready (self);
}

/* Writes what changed in a run already on disk. */
static gboolean
update_run (OrkHistory *self,
            RunRow     *row)
{
  sqlite3_stmt *stmt = self->stmts[STMT_UPDATE_RUN];

  sqlite3_bind_int64 (stmt, 1, row->id);
  sqlite3_bind_text (stmt, 2, ork_run_state_to_string (row->state), -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, ork_reason_to_string (row->reason), -1, SQLITE_STATIC);
  sqlite3_bind_int (stmt, 4, row->attempts);
  sqlite3_bind_int64 (stmt, 5, row->updated_at);
  bind_time (stmt, 6, row->ended_at);
  if (row->last_attempt >= 0)
    sqlite3_bind_int (stmt, 7, row->last_attempt);
  else
    sqlite3_bind_null (stmt, 7);
  sqlite3_bind_int (stmt, 8, row->seq);
  sqlite3_bind_text (stmt, 9, row->transitions->str, (int) row->transitions->len,
                     SQLITE_STATIC);
  bind_run_record (stmt, 10, row);
  if (!step_done (self, stmt))
    return FALSE;
  run_row_written (self, row);
  return TRUE;
}

/* Ends a batch: every run touched and not written yet is written once;
 * complete runs are forgotten. On failure the caller rolls back and
 * forgets every run. */
static gboolean
write_dirty_runs (OrkHistory *self)
{
  GPtrArray *dirty = self->dirty_runs;
  gboolean ok = flush_ready (self);

  /* Written below in any case: off the list, so that writing one does not
   * move the others. */
  for (guint i = 0; i < dirty->len; i++)
    ((RunRow *) dirty->pdata[i])->dirty_index = -1;
  for (guint i = 0; ok && i < dirty->len; i++)
    {
      RunRow *row = dirty->pdata[i];

      ok = row->in_db ? update_run (self, row) : add_ready (self, row);
    }
  if (ok)
    ok = flush_ready (self);
  g_ptr_array_set_size (dirty, 0);
  return ok;
}

static gboolean
prune_db (sqlite3     *db,
          const char  *path,
          gint64       max_age_ms,
          guint64      max_runs,
          gint64       now_us,
          guint64     *n_deleted,
          GError     **error)
{
  const char *const deletes[] = {
    "DELETE FROM log_lines WHERE run IN (SELECT id FROM temp.doomed)",
    "DELETE FROM attempts WHERE run IN (SELECT id FROM temp.doomed)",
    "DELETE FROM runs WHERE id IN (SELECT id FROM temp.doomed)",
  };
  sqlite3_stmt *stmt = NULL;
  gint64 deleted = 0;

  if (!exec_sql (db, path, "CREATE TEMP TABLE IF NOT EXISTS doomed (id INTEGER PRIMARY KEY);"
                           "DELETE FROM temp.doomed", error) ||
      !exec_sql (db, path, "BEGIN IMMEDIATE", error))
    return FALSE;

  if (max_age_ms > 0)
    {
      if (sqlite3_prepare_v2 (db, "INSERT OR IGNORE INTO temp.doomed SELECT id FROM runs"
                                  " WHERE nominal_at < ?1 AND ended_at IS NOT NULL",
                              -1, &stmt, NULL) != SQLITE_OK)
        goto failed;
      sqlite3_bind_int64 (stmt, 1, now_us - max_age_ms * ORK_USEC_PER_MS);
      if (sqlite3_step (stmt) != SQLITE_DONE)
        goto failed;
      g_clear_pointer (&stmt, sqlite3_finalize);
    }
  if (max_runs > 0)
    {
      if (sqlite3_prepare_v2 (db, "INSERT OR IGNORE INTO temp.doomed SELECT id FROM runs"
                                  " WHERE ended_at IS NOT NULL"
                                  " ORDER BY nominal_at DESC, id DESC LIMIT -1 OFFSET ?1",
                              -1, &stmt, NULL) != SQLITE_OK)
        goto failed;
      sqlite3_bind_int64 (stmt, 1, (sqlite3_int64) MIN (max_runs, (guint64) G_MAXINT64));
      if (sqlite3_step (stmt) != SQLITE_DONE)
        goto failed;
      g_clear_pointer (&stmt, sqlite3_finalize);
    }
  for (guint i = 0; i < G_N_ELEMENTS (deletes); i++)
    {
      if (sqlite3_exec (db, deletes[i], NULL, NULL, NULL) != SQLITE_OK)
        goto failed;
      if (i == G_N_ELEMENTS (deletes) - 1)
        deleted = sqlite3_changes (db);
    }
  if (!exec_sql (db, path, "DELETE FROM temp.doomed; COMMIT", error))
    {
      sqlite3_exec (db, "ROLLBACK", NULL, NULL, NULL);
      return FALSE;
    }
  if (n_deleted != NULL)
    *n_deleted = (guint64) deleted;
  g_debug ("pruned %" G_GINT64_FORMAT " runs from %s", deleted, path);
  return TRUE;

failed:
  set_db_error (error, db, path, "cannot prune");
  g_clear_pointer (&stmt, sqlite3_finalize);
  sqlite3_exec (db, "ROLLBACK", NULL, NULL, NULL);
  return FALSE;
}

static void
commit_batch (OrkHistory *self,
              GArray     *batch)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) prunes = g_ptr_array_new ();
  gboolean ok = TRUE;

  if (!exec_sql (self->write_db, self->path, "BEGIN IMMEDIATE", &error))
    ok = FALSE;

  for (guint i = 0; ok && i < batch->len; i++)
    {
      Event *ev = &g_array_index (batch, Event, i);

      switch (ev->kind)
        {
        case EVENT_TRANSITION:
          ok = apply_transition (self, ev);
          break;
        case EVENT_RECORD:
          ok = apply_record (self, ev);
          break;
        case EVENT_LOG:
          ok = apply_log (self, ev);
          break;
        case EVENT_PRUNE:
          g_ptr_array_add (prunes, ev);
          break;
        default:
          g_assert_not_reached ();
        }
    }
  if (ok)
    ok = write_dirty_runs (self);
  if (!ok && error == NULL)
    set_db_error (&error, self->write_db, self->path, "cannot write");
  if (ok && !exec_sql (self->write_db, self->path, "COMMIT", &error))
    ok = FALSE;

  if (!ok)
    {
      g_warning ("%s", error->message);
      sqlite3_exec (self->write_db, "ROLLBACK", NULL, NULL, NULL);
      /* What the rolled-back batch added to memory is unreliable: start over
       * from the database for every run. */
      g_ptr_array_set_size (self->dirty_runs, 0);
      self->n_ready = 0;
      ork_pair_table_remove_all (&self->live_runs, (GDestroyNotify) run_row_free);
      g_mutex_lock (&self->mutex);
      if (self->write_error == NULL)
        self->write_error = g_steal_pointer (&error);
      g_mutex_unlock (&self->mutex);
    }

  for (guint i = 0; i < prunes->len; i++)
    {
      Event *ev = prunes->pdata[i];
      GError *prune_error = NULL;
      guint64 n = 0;

      prune_db (self->write_db, self->path, ev->max_age_ms, ev->max_runs,
                ev->at, &n, &prune_error);
      if (ev->result != NULL)
        {
          ev->result->n_deleted = n;
          ev->result->error = prune_error;
        }
      else if (prune_error != NULL)
        {
          g_warning ("%s", prune_error->message);
          g_error_free (prune_error);
        }
    }
}

/* The engine emits a final transition and its record one after the other,
 * and a record with a retry and the run's RETRY_WAIT transition: a batch
 * that ends between the two goes back to the queue, so that a crash never
 * leaves a run final without its record, or failed for good when its retry
 * was already decided. Called with the mutex held. */
static void
hold_back_unfinished (OrkHistory *self,
                      GArray     *batch)
{
  while (batch->len > 0)
    {
      Event *ev = &g_array_index (batch, Event, batch->len - 1);

      if (!(ev->kind == EVENT_TRANSITION && ORK_RUN_STATE_IS_FINAL (ev->to)) &&
          !(ev->kind == EVENT_RECORD && ev->rec.next_retry_in >= 0))
        break;
      if (self->pending->len == 0)
        self->first_pending_at = g_get_monotonic_time ();
      /* Moved, with what it owns. */
      g_array_prepend_vals (self->pending, ev, 1);
      g_array_set_size (batch, batch->len - 1);
    }
}

static void
clear_events (GArray *events)
{
  for (guint i = 0; i < events->len; i++)
    event_clear (&g_array_index (events, Event, i));
  g_array_set_size (events, 0);
}

static gpointer
writer_thread (gpointer data)
{
  OrkHistory *self = data;
  GArray *batch = g_array_sized_new (FALSE, FALSE, sizeof (Event), BATCH_MAX_EVENTS);

  g_mutex_lock (&self->mutex);
  for (;;)
    {
      guint64 target;
      guint n_events;

      while (!self->quit && self->pending->len == 0 && self->flush_requested == self->flush_done)
        g_cond_wait (&self->wake, &self->mutex);
      if (self->quit && self->pending->len == 0)
        break;

      while (!self->quit && self->flush_requested == self->flush_done &&
             self->pending->len < BATCH_MAX_EVENTS)
        {
          if (!g_cond_wait_until (&self->wake, &self->mutex,
                                  self->first_pending_at + BATCH_MAX_DELAY_US))
            break;
        }

      {
        GArray *swap = self->pending;

        self->pending = batch;
        batch = swap;
      }
      /* Under a flush the batch holds everything pushed before it: pairs
       * are complete and nothing may stay behind. */
      if (!self->quit && self->flush_requested == self->flush_done)
        hold_back_unfinished (self, batch);
      target = self->flush_requested;
      g_mutex_unlock (&self->mutex);

      n_events = batch->len;
      if (n_events > 0)
        commit_batch (self, batch);
      clear_events (batch);

      g_mutex_lock (&self->mutex);
      /* Once a burst is over (a fast-forward outran the disk), give back
       * what the array grew to (up to 36 MB); the other one follows when it
       * comes back as a batch. Not during the burst: the engine would grow
       * it again. */
      if (n_events > 4 * BATCH_MAX_EVENTS && self->pending->len < BATCH_MAX_EVENTS)
        {
          g_array_unref (batch);
          batch = g_array_sized_new (FALSE, FALSE, sizeof (Event), BATCH_MAX_EVENTS);
        }
      self->flush_done = target;
      g_cond_broadcast (&self->done);
    }
  self->flush_done = self->flush_requested;
  g_cond_broadcast (&self->done);
  g_mutex_unlock (&self->mutex);
  g_array_unref (batch);
  return NULL;
}

/* Queues @ev (copied; what it owns goes with it) for the writer. Its
 * rec.job_id is replaced by the history's copy. */
static void
push_event (OrkHistory *self,
            Event      *ev)
{
  g_mutex_lock (&self->mutex);
  if (self->thread == NULL)
    {
      g_mutex_unlock (&self->mutex);
      event_clear (ev);
      return;
    }
  while (self->pending->len >= PENDING_HIGH_WATER)
    {
      g_cond_signal (&self->wake);
      g_cond_wait (&self->done, &self->mutex);
    }
  if (ev->rec.job_id != NULL)
    {
      if (self->last_job == NULL || strcmp (self->last_job->id, ev->rec.job_id) != 0)
        self->last_job = intern_job (self, ev->rec.job_id);
      ev->job = self->last_job;
      ev->rec.job_id = (char *) ev->job->id;
    }
  g_array_append_vals (self->pending, ev, 1);
  if (self->pending->len == 1)
    {
      self->first_pending_at = g_get_monotonic_time ();
      g_cond_signal (&self->wake);
    }
  else if (self->pending->len == BATCH_MAX_EVENTS)
    g_cond_signal (&self->wake);
  g_mutex_unlock (&self->mutex);
}

/* Waits until everything pushed so far is committed. */
static gboolean
wait_for_writer (OrkHistory  *self,
                 GError     **error)
{
  GError *write_error;
  guint64 target;

  g_mutex_lock (&self->mutex);
  target = ++self->flush_requested;
  g_cond_signal (&self->wake);
  while (self->flush_done < target)
    g_cond_wait (&self->done, &self->mutex);
  write_error = g_steal_pointer (&self->write_error);
  g_mutex_unlock (&self->mutex);

  if (write_error != NULL)
    {
      g_propagate_error (error, write_error);
      return FALSE;
    }
  return TRUE;
}

static void
stop_writer (OrkHistory *self)
{
  if (self->thread == NULL)
    return;

  g_mutex_lock (&self->mutex);
  self->quit = TRUE;
  g_cond_signal (&self->wake);
  g_mutex_unlock (&self->mutex);
  g_thread_join (self->thread);

  g_mutex_lock (&self->mutex);
  self->thread = NULL;
  g_mutex_unlock (&self->mutex);
}

/* The checkpointer */

/* Copying the WAL back into the database (a checkpoint) reads and writes
 * every page the commits changed: about a fifth of the writer's time when
 * it did it itself. On a thread of its own it overlaps with the writer (WAL
 * lets one connection checkpoint while another appends). */
static gpointer
checkpoint_thread (gpointer data)
{
  OrkHistory *self = data;

  g_mutex_lock (&self->mutex);
  for (;;)
    {
      while (!self->ckpt_quit && !self->ckpt_requested)
        g_cond_wait (&self->ckpt_wake, &self->mutex);
      if (self->ckpt_quit)
        break;
      self->ckpt_requested = FALSE;
      g_mutex_unlock (&self->mutex);

      /* PASSIVE: copies what it can without waiting for anyone; what is
       * left goes with the next one. */
      if (sqlite3_wal_checkpoint_v2 (self->ckpt_db, NULL, SQLITE_CHECKPOINT_PASSIVE,
                                     NULL, NULL) != SQLITE_OK)
        g_debug ("%s: checkpoint: %s", self->path, sqlite3_errmsg (self->ckpt_db));

      g_mutex_lock (&self->mutex);
    }
  g_mutex_unlock (&self->mutex);
  return NULL;
}

/* After each commit of the writer's connection (on its thread), with the
 * WAL's size in pages. Replaces SQLite's automatic checkpoint. */
static int
on_wal_commit (void       *data,
               sqlite3    *db,
               const char *name,
               int         n_frames)
{
  OrkHistory *self = data;

  /* ckpt_thread is set before the writer starts and cleared after it
   * stops. */
  if (n_frames >= CHECKPOINT_FRAMES_MAX ||
      (n_frames >= CHECKPOINT_FRAMES && self->ckpt_thread == NULL))
    sqlite3_wal_checkpoint_v2 (db, name, SQLITE_CHECKPOINT_PASSIVE, NULL, NULL);
  else if (n_frames >= CHECKPOINT_FRAMES)
    {
      g_mutex_lock (&self->mutex);
      self->ckpt_requested = TRUE;
      g_cond_signal (&self->ckpt_wake);
      g_mutex_unlock (&self->mutex);
    }
  return SQLITE_OK;
}

static void
stop_checkpointer (OrkHistory *self)
{
  if (self->ckpt_thread != NULL)
    {
      g_mutex_lock (&self->mutex);
      self->ckpt_quit = TRUE;
      g_cond_signal (&self->ckpt_wake);
      g_mutex_unlock (&self->mutex);
      g_clear_pointer (&self->ckpt_thread, g_thread_join);
    }
  g_clear_pointer (&self->ckpt_db, sqlite3_close);
}

static void
close_write_db (OrkHistory *self)
{
  for (guint i = 0; i < N_STMTS; i++)
    g_clear_pointer (&self->stmts[i], sqlite3_finalize);
  if (self->write_db != NULL)
    {
      /* Merge the WAL back so the file is complete by itself. */
      sqlite3_wal_checkpoint_v2 (self->write_db, NULL, SQLITE_CHECKPOINT_PASSIVE, NULL, NULL);
      sqlite3_close (self->write_db);
      self->write_db = NULL;
    }
}

/* Signal handlers: only copy. */

static void
on_scheduler_transition (OrkScheduler *scheduler,
                         OrkRun       *run,
                         guint         from,
                         guint         to,
                         guint         reason,
                         OrkHistory   *self)
{
  Event ev;

  event_init (&ev, EVENT_TRANSITION);
  ev.rec.job_id = (char *) ork_run_get_job_id (run);
  ev.rec.run_id = ork_run_get_run_id (run);
  ev.rec.attempt = ork_run_get_attempt (run);
  ev.rec.nominal_at = ork_run_get_nominal_at (run);
  ev.rec.reason = (OrkReason) reason;
  ev.manual = ork_run_get_manual (run);
  ev.at = ork_clock_now (self->clock);
  ev.from = (OrkRunState) from;
  ev.to = (OrkRunState) to;
  if (to == ORK_RUN_RUNNING)
    {
      ev.rec.queued_at = ork_run_get_queued_at (run);
      ev.rec.started_at = ork_run_get_started_at (run);
    }
  push_event (self, &ev);
}

static void
on_scheduler_record (OrkScheduler *scheduler,
                     OrkRecord    *record,
                     OrkHistory   *self)
{
  Event ev;

  event_init (&ev, EVENT_RECORD);
  ev.rec = *record;
  ev.rec.message = g_strdup (record->message);
  ev.at = ORK_TIME_UNSET;
  push_event (self, &ev);
}

/* GObject */

static void
ork_history_finalize (GObject *object)
{
  OrkHistory *self = ORK_HISTORY (object);
  g_autoptr(GError) error = NULL;

  if (!ork_history_close (self, &error))
    g_warning ("%s", error->message);

  if (self->pending != NULL)
    clear_events (self->pending);
  g_clear_pointer (&self->pending, g_array_unref);
  ork_pair_table_remove_all (&self->live_runs, (GDestroyNotify) run_row_free);
  ork_pair_table_clear (&self->live_runs);
  g_clear_pointer (&self->dirty_runs, g_ptr_array_unref);
  g_clear_pointer (&self->spare_runs, g_ptr_array_unref);
  g_clear_pointer (&self->job_keys, g_hash_table_unref);
  g_clear_error (&self->write_error);
  g_mutex_clear (&self->mutex);
  g_cond_clear (&self->wake);
  g_cond_clear (&self->done);
  g_cond_clear (&self->ckpt_wake);
  g_free (self->path);

  G_OBJECT_CLASS (ork_history_parent_class)->finalize (object);
}

static void
ork_history_class_init (OrkHistoryClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = ork_history_finalize;

  /* SQLite's memory statistics take a global mutex around every
   * allocation; nothing here reads them. Only possible before SQLite's
   * first use in the process: otherwise refused, harmlessly. */
  sqlite3_config (SQLITE_CONFIG_MEMSTATUS, 0);
}

static void
ork_history_init (OrkHistory *self)
{
  self->lock_fd = -1;
  g_mutex_init (&self->mutex);
  g_cond_init (&self->wake);
  g_cond_init (&self->done);
  g_cond_init (&self->ckpt_wake);
  self->pending = g_array_sized_new (FALSE, FALSE, sizeof (Event), BATCH_MAX_EVENTS);
  self->job_keys = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);
  ork_pair_table_init (&self->live_runs);
  self->dirty_runs = g_ptr_array_new ();
  self->spare_runs = g_ptr_array_new_with_free_func ((GDestroyNotify) run_row_free);
}

/* Public API */

char *
ork_history_default_path (const char *workspace_path,
                          gboolean    simulated)
{
  g_autofree char *absolute = NULL;
  g_autofree char *base = NULL;
  g_autofree char *hash = NULL;
  g_autofree char *name = NULL;

  g_return_val_if_fail (workspace_path != NULL, NULL);

  absolute = g_canonicalize_filename (workspace_path, NULL);
  base = g_path_get_basename (absolute);
  hash = g_compute_checksum_for_string (G_CHECKSUM_SHA256, absolute, -1);
  hash[16] = '\0';
  name = g_strdup_printf ("%s-%s%s.db", base, hash, simulated ? ".sim" : "");
  return g_build_filename (g_get_user_data_dir (), "orkestron", "history", name, NULL);
}

OrkHistory *
ork_history_open (const char      *path,
                  OrkHistoryMode   mode,
                  GError         **error)
{
  g_autoptr(OrkHistory) self = NULL;
  gboolean read_only = mode == ORK_HISTORY_MODE_READ_ONLY;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (mode <= ORK_HISTORY_MODE_READ_ONLY, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  self = g_object_new (ORK_TYPE_HISTORY, NULL);
  self->path = g_canonicalize_filename (path, NULL);
  self->mode = mode;

  if (read_only)
    {
      if (!g_file_test (self->path, G_FILE_TEST_IS_REGULAR))
        {
          g_set_error (error, ORK_HISTORY_ERROR, ORK_HISTORY_ERROR_NOT_FOUND,
                       "there is no history at %s", self->path);
          return NULL;
        }
    }
  else
    {
      gint64 max_id = 0;

      if (!ensure_parent_dir (self->path, error) || !take_lock (self, error))
        return NULL;
      if (mode == ORK_HISTORY_MODE_SIMULATION &&
          (!check_replaceable (self->path, error) || !remove_database_files (self->path, error)))
        return NULL;
      if (!create_database_file (self->path, error))
        return NULL;
      self->write_db = open_connection (self->path, FALSE, error);
      if (self->write_db == NULL ||
          !prepare_schema (self->write_db, self->path, FALSE, error))
        return NULL;
      if (mode == ORK_HISTORY_MODE_LIVE &&
          (!claim_live (self, error) || !recover_interrupted (self, error)))
        return NULL;
      if (mode == ORK_HISTORY_MODE_SIMULATION && !write_kind (self, "simulation", error))
        return NULL;
      for (guint i = 0; i < N_STMTS; i++)
        {
          g_autofree char *insert_sql = i == STMT_INSERT_RUN ? insert_runs_sql (1)
                                        : i == STMT_INSERT_RUNS ? insert_runs_sql (INSERT_GROUP)
                                        : NULL;

          if (sqlite3_prepare_v3 (self->write_db, insert_sql != NULL ? insert_sql : stmt_sql[i],
                                  -1, SQLITE_PREPARE_PERSISTENT, &self->stmts[i],
                                  NULL) != SQLITE_OK)
            {
              set_db_error (error, self->write_db, self->path, "cannot prepare");
              return NULL;
            }
        }
      if (!query_int (self->write_db, self->path, "SELECT coalesce(max(id), 0) FROM runs",
                      &max_id, error) ||
          !load_stored_max (self, error))
        return NULL;
      self->next_run_id = max_id + 1;
    }

  self->read_db = open_connection (self->path, TRUE, error);
  if (self->read_db == NULL || !prepare_schema (self->read_db, self->path, TRUE, error))
    return NULL;

  if (!read_only)
    {
      /* Without it, the writer checkpoints by itself (on_wal_commit). */
      /* A connection learns that the file is in WAL mode (which a
       * checkpoint needs) when it first reads it. */
      self->ckpt_db = open_connection (self->path, FALSE, NULL);
      if (self->ckpt_db != NULL &&
          !exec_sql (self->ckpt_db, self->path, "PRAGMA journal_mode = WAL", NULL))
        g_clear_pointer (&self->ckpt_db, sqlite3_close);
      if (self->ckpt_db != NULL)
        self->ckpt_thread = g_thread_new ("ork-history-ckpt", checkpoint_thread, self);
      sqlite3_wal_hook (self->write_db, on_wal_commit, self);
      self->thread = g_thread_new ("ork-history", writer_thread, self);
    }
  return g_steal_pointer (&self);
}

const char *
ork_history_get_path (OrkHistory *self)
{
  g_return_val_if_fail (ORK_IS_HISTORY (self), NULL);
  return self->path;
}

OrkHistoryMode
ork_history_get_mode (OrkHistory *self)
{
  g_return_val_if_fail (ORK_IS_HISTORY (self), ORK_HISTORY_MODE_READ_ONLY);
  return self->mode;
}

guint
ork_history_get_n_interrupted (OrkHistory *self)
{
  g_return_val_if_fail (ORK_IS_HISTORY (self), 0);
  return self->n_interrupted;
}

gboolean
ork_history_close (OrkHistory  *self,
                   GError     **error)
{
  gboolean ok = TRUE;

  g_return_val_if_fail (ORK_IS_HISTORY (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (self->closed)
    return TRUE;
  self->closed = TRUE;

  ork_history_detach (self);
  if (self->thread != NULL)
    {
      ok = wait_for_writer (self, error);
      stop_writer (self);
    }
  stop_checkpointer (self);
  close_write_db (self);
  g_clear_pointer (&self->read_db, sqlite3_close);
  ork_pair_table_remove_all (&self->live_runs, (GDestroyNotify) run_row_free);
  if (self->lock_fd >= 0)
    {
      close (self->lock_fd);
      self->lock_fd = -1;
    }
  return ok;
}

void
ork_history_detach (OrkHistory *self)
{
  g_return_if_fail (ORK_IS_HISTORY (self));

  if (self->scheduler != NULL)
    {
      g_clear_signal_handler (&self->transition_id, self->scheduler);
      g_clear_signal_handler (&self->record_id, self->scheduler);
      g_clear_weak_pointer (&self->scheduler);
    }
  self->transition_id = 0;
  self->record_id = 0;
  g_clear_object (&self->clock);
}

void
ork_history_attach (OrkHistory   *self,
                    OrkScheduler *scheduler)
{
  g_return_if_fail (ORK_IS_HISTORY (self));
  g_return_if_fail (ORK_IS_SCHEDULER (scheduler));
  g_return_if_fail (self->mode != ORK_HISTORY_MODE_READ_ONLY);

  ork_history_detach (self);
  g_set_weak_pointer (&self->scheduler, scheduler);
  self->clock = g_object_ref (ork_scheduler_get_clock (scheduler));
  /* Disconnected by detach (from close and finalize); the weak pointer
   * covers a scheduler that goes first. */
  self->transition_id = g_signal_connect (scheduler, "transition",
                                          G_CALLBACK (on_scheduler_transition), self);
  self->record_id = g_signal_connect (scheduler, "record",
                                      G_CALLBACK (on_scheduler_record), self);
}

void
ork_history_append_log (OrkHistory *self,
                        const char *job_id,
                        guint64     run_id,
                        guint       attempt,
                        gint64      at,
                        int         stream,
                        const char *line)
{
  Event ev;

  g_return_if_fail (ORK_IS_HISTORY (self));
  g_return_if_fail (job_id != NULL);
  g_return_if_fail (line != NULL);

  event_init (&ev, EVENT_LOG);
  ev.rec.job_id = (char *) job_id;
  ev.rec.run_id = run_id;
  ev.rec.attempt = attempt;
  ev.at = at;
  ev.stream = stream;
  ev.text = g_utf8_make_valid (line, -1);
  push_event (self, &ev);
}

gboolean
ork_history_flush (OrkHistory  *self,
                   GError     **error)
{
  g_return_val_if_fail (ORK_IS_HISTORY (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (self->thread == NULL)
    return TRUE;
  return wait_for_writer (self, error);
}

gboolean
ork_history_prune (OrkHistory  *self,
                   gint64       max_age_ms,
                   guint64      max_runs,
                   gint64       now_us,
                   guint64     *n_deleted,
                   GError     **error)
{
  PruneResult result = { 0, NULL };
  Event ev;

  g_return_val_if_fail (ORK_IS_HISTORY (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (self->thread == NULL)
    {
      g_set_error (error, ORK_HISTORY_ERROR, ORK_HISTORY_ERROR_READ_ONLY,
                   "the history %s is open read-only", self->path);
      return FALSE;
    }

  event_init (&ev, EVENT_PRUNE);
  ev.max_age_ms = max_age_ms;
  ev.max_runs = max_runs;
  ev.at = now_us;
  ev.result = &result;
  push_event (self, &ev);
  if (!wait_for_writer (self, error))
    {
      g_clear_error (&result.error);
      return FALSE;
    }
  if (result.error != NULL)
    {
      g_propagate_error (error, result.error);
      return FALSE;
    }
  if (n_deleted != NULL)
    *n_deleted = result.n_deleted;
  return TRUE;
}

void
ork_history_prune_in_background (OrkHistory *self,
                                 gint64      max_age_ms,
                                 guint64     max_runs)
{
  Event ev;

  g_return_if_fail (ORK_IS_HISTORY (self));

  event_init (&ev, EVENT_PRUNE);
  ev.max_age_ms = max_age_ms;
  ev.max_runs = max_runs;
  ev.at = g_get_real_time ();
  push_event (self, &ev);
}

/* Queries */

#define RUN_COLUMNS \
  "r.job_id, r.run_id, r.state, r.reason, r.nominal_at, r.manual, r.attempts," \
  " r.created_at, r.updated_at, r.ended_at," \
  " r.last_attempt, r.status, r.record_reason, r.queued_at, r.started_at, r.finished_at," \
  " r.decided_at, r.exit_code, r.next_retry_in, r.message"
#define RUN_FROM " FROM runs r"

static void
read_record (sqlite3_stmt *stmt,
             int           first,
             OrkRecord    *rec)
{
  read_record_borrowed (stmt, first, rec);
  rec->job_id = g_strdup (rec->job_id);
  rec->message = g_strdup (rec->message);
}

static OrkHistoryRun *
read_run (sqlite3_stmt *stmt)
{
  OrkHistoryRun *run = g_new0 (OrkHistoryRun, 1);

  run->job_id = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  run->run_id = (guint64) sqlite3_column_int64 (stmt, 1);
  run->state = column_state (stmt, 2);
  run->reason = column_reason (stmt, 3);
  run->nominal_at = sqlite3_column_int64 (stmt, 4);
  run->manual = sqlite3_column_int (stmt, 5) != 0;
  run->attempts = sqlite3_column_int (stmt, 6);
  run->created_at = sqlite3_column_int64 (stmt, 7);
  run->updated_at = sqlite3_column_int64 (stmt, 8);
  run->ended_at = column_time (stmt, 9);
  if (sqlite3_column_type (stmt, 10) != SQLITE_NULL && sqlite3_column_type (stmt, 16) != SQLITE_NULL)
    {
      OrkRecord *rec = ork_record_new ();

      rec->job_id = g_strdup (run->job_id);
      rec->run_id = run->run_id;
      rec->attempt = sqlite3_column_int (stmt, 10);
      rec->status = column_state (stmt, 11);
      rec->reason = column_reason (stmt, 12);
      rec->nominal_at = run->nominal_at;
      rec->queued_at = column_time (stmt, 13);
      rec->started_at = column_time (stmt, 14);
      rec->finished_at = column_time (stmt, 15);
      rec->decided_at = column_time (stmt, 16);
      rec->has_exit_code = sqlite3_column_type (stmt, 17) != SQLITE_NULL;
      rec->exit_code = rec->has_exit_code ? sqlite3_column_int (stmt, 17) : 0;
      rec->next_retry_in = sqlite3_column_type (stmt, 18) == SQLITE_NULL
                           ? -1 : sqlite3_column_int64 (stmt, 18);
      rec->message = g_strdup ((const char *) sqlite3_column_text (stmt, 19));
      run->last = rec;
    }
  return run;
}

static sqlite3_stmt *
prepare_read (OrkHistory  *self,
              const char  *sql,
              GError     **error)
{
  sqlite3_stmt *stmt = NULL;

  if (self->read_db == NULL)
    {
      g_set_error (error, ORK_HISTORY_ERROR, ORK_HISTORY_ERROR_IO,
                   "the history %s is closed", self->path);
      return NULL;
    }
  if (sqlite3_prepare_v2 (self->read_db, sql, -1, &stmt, NULL) != SQLITE_OK)
    {
      set_db_error (error, self->read_db, self->path, "cannot read");
      return NULL;
    }
  return stmt;
}

/* Steps @stmt to the end, collecting one item per row. */
static GPtrArray *
collect (OrkHistory      *self,
         sqlite3_stmt    *stmt,
         gpointer       (*read_row) (sqlite3_stmt *stmt),
         GDestroyNotify   free_func,
         GError         **error)
{
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (free_func);
  int rc;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (items, read_row (stmt));
  if (rc != SQLITE_DONE)
    {
      set_db_error (error, self->read_db, self->path, "cannot read");
      sqlite3_finalize (stmt);
      return NULL;
    }
  sqlite3_finalize (stmt);
  return g_steal_pointer (&items);
}

static gpointer
read_run_row (sqlite3_stmt *stmt)
{
  return read_run (stmt);
}

GPtrArray *
ork_history_list_job_runs (OrkHistory  *self,
                           const char  *job_id,
                           guint        offset,
                           guint        limit,
                           GError     **error)
{
  sqlite3_stmt *stmt;

  g_return_val_if_fail (ORK_IS_HISTORY (self), NULL);
  g_return_val_if_fail (job_id != NULL, NULL);

  stmt = prepare_read (self, "SELECT " RUN_COLUMNS RUN_FROM " WHERE r.job_id = ?1"
                             " ORDER BY r.run_id DESC LIMIT ?2 OFFSET ?3", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, job_id, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 2, limit == 0 ? -1 : (sqlite3_int64) limit);
  sqlite3_bind_int64 (stmt, 3, offset);
  return collect (self, stmt, read_run_row, (GDestroyNotify) ork_history_run_free, error);
}

GPtrArray *
ork_history_list_runs_between (OrkHistory  *self,
                               const char  *job_id,
                               gint64       since,
                               gint64       until,
                               guint        limit,
                               GError     **error)
{
  sqlite3_stmt *stmt;

  g_return_val_if_fail (ORK_IS_HISTORY (self), NULL);

  stmt = prepare_read (self, "SELECT " RUN_COLUMNS RUN_FROM
                             " WHERE r.nominal_at >= ?1 AND r.nominal_at < ?2"
                             " AND (?3 IS NULL OR r.job_id = ?3)"
                             " ORDER BY r.nominal_at, r.job_id, r.run_id LIMIT ?4", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, since == ORK_TIME_UNSET ? G_MININT64 : since);
  sqlite3_bind_int64 (stmt, 2, until == ORK_TIME_UNSET ? G_MAXINT64 : until);
  bind_text (stmt, 3, job_id);
  sqlite3_bind_int64 (stmt, 4, limit == 0 ? -1 : (sqlite3_int64) limit);
  return collect (self, stmt, read_run_row, (GDestroyNotify) ork_history_run_free, error);
}

gboolean
ork_history_count_by_state (OrkHistory       *self,
                            const char       *job_id,
                            gint64            since,
                            gint64            until,
                            OrkHistoryCounts *out,
                            GError          **error)
{
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (ORK_IS_HISTORY (self), FALSE);
  g_return_val_if_fail (out != NULL, FALSE);

  memset (out, 0, sizeof *out);
  stmt = prepare_read (self, "SELECT state, count(*) FROM runs"
                             " WHERE nominal_at >= ?1 AND nominal_at < ?2"
                             " AND (?3 IS NULL OR job_id = ?3) GROUP BY state", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, since == ORK_TIME_UNSET ? G_MININT64 : since);
  sqlite3_bind_int64 (stmt, 2, until == ORK_TIME_UNSET ? G_MAXINT64 : until);
  bind_text (stmt, 3, job_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      OrkRunState state;
      guint64 n = (guint64) sqlite3_column_int64 (stmt, 1);

      if (ork_run_state_from_string ((const char *) sqlite3_column_text (stmt, 0), &state))
        out->by_state[state] += n;
      out->total += n;
    }
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    return set_db_error (error, self->read_db, self->path, "cannot count");
  return TRUE;
}

static OrkHistoryRun *
get_one_run (OrkHistory  *self,
             const char  *sql,
             const char  *job_id,
             gint64       run_id,
             GError     **error)
{
  g_autoptr(GPtrArray) runs = NULL;
  sqlite3_stmt *stmt = prepare_read (self, sql, error);

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, job_id, -1, SQLITE_STATIC);
  if (sqlite3_bind_parameter_count (stmt) >= 2)
    sqlite3_bind_int64 (stmt, 2, run_id);
  runs = collect (self, stmt, read_run_row, (GDestroyNotify) ork_history_run_free, error);
  if (runs == NULL || runs->len == 0)
    return NULL;
  return g_ptr_array_steal_index (runs, 0);
}

OrkHistoryRun *
ork_history_get_last_run (OrkHistory  *self,
                          const char  *job_id,
                          GError     **error)
{
  g_return_val_if_fail (ORK_IS_HISTORY (self), NULL);
  g_return_val_if_fail (job_id != NULL, NULL);

  return get_one_run (self, "SELECT " RUN_COLUMNS RUN_FROM " WHERE r.job_id = ?1"
                            " ORDER BY r.run_id DESC LIMIT 1", job_id, 0, error);
}

OrkHistoryRun *
ork_history_get_last_success (OrkHistory  *self,
                              const char  *job_id,
                              GError     **error)
{
  g_return_val_if_fail (ORK_IS_HISTORY (self), NULL);
  g_return_val_if_fail (job_id != NULL, NULL);

  return get_one_run (self, "SELECT " RUN_COLUMNS RUN_FROM " WHERE r.state = 'SUCCEEDED'"
                            " AND r.job_id = ?1 ORDER BY r.run_id DESC LIMIT 1",
                      job_id, 0, error);
}

OrkHistoryRun *
ork_history_get_run (OrkHistory  *self,
                     const char  *job_id,
                     guint64      run_id,
                     GError     **error)
{
  GError *local = NULL;
  OrkHistoryRun *run;

  g_return_val_if_fail (ORK_IS_HISTORY (self), NULL);
  g_return_val_if_fail (job_id != NULL, NULL);

  run = get_one_run (self, "SELECT " RUN_COLUMNS RUN_FROM " WHERE r.job_id = ?1"
                           " AND r.run_id = ?2", job_id, (gint64) run_id, &local);
  if (local != NULL)
    g_propagate_error (error, local);
  else if (run == NULL)
    g_set_error (error, ORK_HISTORY_ERROR, ORK_HISTORY_ERROR_NOT_FOUND,
                 "the history has no run %s #%" G_GUINT64_FORMAT, job_id, run_id);
  return run;
}

static gpointer
read_record_row (sqlite3_stmt *stmt)
{
  OrkRecord *rec = ork_record_new ();

  read_record (stmt, 0, rec);
  return rec;
}

#define RECORD_COLUMNS \
  "a.job_id, a.run_id, a.attempt, a.status, a.reason, a.nominal_at, a.queued_at," \
  " a.started_at, a.finished_at, a.decided_at, a.exit_code, a.next_retry_in, a.message"
/* The same of the last record in a run's row (a). */
#define RUN_RECORD_AS_RECORD_COLUMNS \
  "a.job_id, a.run_id, a.last_attempt, a.status, a.record_reason, a.nominal_at, a.queued_at," \
  " a.started_at, a.finished_at, a.decided_at, a.exit_code, a.next_retry_in, a.message"

GPtrArray *
ork_history_list_attempts (OrkHistory  *self,
                           const char  *job_id,
                           guint64      run_id,
                           GError     **error)
{
  sqlite3_stmt *stmt;

  g_return_val_if_fail (ORK_IS_HISTORY (self), NULL);
  g_return_val_if_fail (job_id != NULL, NULL);

  stmt = prepare_read (self, "SELECT " RECORD_COLUMNS " FROM runs r JOIN attempts a"
                             " ON a.run = r.id WHERE r.job_id = ?1 AND r.run_id = ?2"
                             " AND a.decided_at IS NOT NULL"
                             " UNION ALL SELECT " RUN_RECORD_AS_RECORD_COLUMNS " FROM runs a"
                             " WHERE a.job_id = ?1 AND a.run_id = ?2"
                             " AND a.last_attempt IS NOT NULL AND a.decided_at IS NOT NULL"
                             " ORDER BY 3", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, job_id, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 2, (sqlite3_int64) run_id);
  return collect (self, stmt, read_record_row, (GDestroyNotify) ork_record_free, error);
}

GPtrArray *
ork_history_list_transitions (OrkHistory  *self,
                              const char  *job_id,
                              guint64      run_id,
                              GError     **error)
{
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_free);
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (ORK_IS_HISTORY (self), NULL);
  g_return_val_if_fail (job_id != NULL, NULL);

  stmt = prepare_read (self, "SELECT transitions FROM runs WHERE job_id = ?1 AND run_id = ?2",
                       error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, job_id, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 2, (sqlite3_int64) run_id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      const char *pos = (const char *) sqlite3_column_text (stmt, 0);
      OrkHistoryTransition t;

      while (unpack_transition (&pos, &t))
        g_ptr_array_add (items, g_memdup2 (&t, sizeof t));
    }
  sqlite3_finalize (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    {
      set_db_error (error, self->read_db, self->path, "cannot read");
      return NULL;
    }
  return g_steal_pointer (&items);
}

static gpointer
read_log_row (sqlite3_stmt *stmt)
{
  OrkHistoryLogLine *line = g_new0 (OrkHistoryLogLine, 1);

  line->at = sqlite3_column_int64 (stmt, 0);
  line->stream = sqlite3_column_int (stmt, 1);
  line->text = g_strdup ((const char *) sqlite3_column_text (stmt, 2));
  return line;
}

GPtrArray *
ork_history_list_log (OrkHistory  *self,
                      const char  *job_id,
                      guint64      run_id,
                      guint        attempt,
                      guint64     *dropped_bytes,
                      guint64     *dropped_lines,
                      GError     **error)
{
  sqlite3_stmt *stmt;

  g_return_val_if_fail (ORK_IS_HISTORY (self), NULL);
  g_return_val_if_fail (job_id != NULL, NULL);

  if (dropped_bytes != NULL || dropped_lines != NULL)
    {
      int rc;

      stmt = prepare_read (self, "SELECT log_dropped_bytes, log_dropped_lines FROM runs"
                                 " WHERE job_id = ?1 AND run_id = ?2 AND last_attempt = ?3"
                                 " UNION ALL SELECT a.log_dropped_bytes, a.log_dropped_lines"
                                 " FROM runs r JOIN attempts a ON a.run = r.id"
                                 " WHERE r.job_id = ?1 AND r.run_id = ?2 AND a.attempt = ?3",
                           error);
      if (stmt == NULL)
        return NULL;
      sqlite3_bind_text (stmt, 1, job_id, -1, SQLITE_STATIC);
      sqlite3_bind_int64 (stmt, 2, (sqlite3_int64) run_id);
      sqlite3_bind_int (stmt, 3, attempt);
      rc = sqlite3_step (stmt);
      if (dropped_bytes != NULL)
        *dropped_bytes = rc == SQLITE_ROW ? (guint64) sqlite3_column_int64 (stmt, 0) : 0;
      if (dropped_lines != NULL)
        *dropped_lines = rc == SQLITE_ROW ? (guint64) sqlite3_column_int64 (stmt, 1) : 0;
      sqlite3_finalize (stmt);
      if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        {
          set_db_error (error, self->read_db, self->path, "cannot read");
          return NULL;
        }
    }

  stmt = prepare_read (self, "SELECT l.at, l.stream, l.line FROM runs r"
                             " JOIN log_lines l ON l.run = r.id"
                             " WHERE r.job_id = ?1 AND r.run_id = ?2 AND l.attempt = ?3"
                             " ORDER BY l.seq", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, job_id, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 2, (sqlite3_int64) run_id);
  sqlite3_bind_int (stmt, 3, attempt);
  return collect (self, stmt, read_log_row, (GDestroyNotify) ork_history_log_line_free, error);
}

gboolean
ork_history_get_job_cursor (OrkHistory  *self,
                            const char  *job_id,
                            guint64     *last_run_id,
                            gint64      *last_fire_us,
                            gint64      *last_end_us,
                            GError     **error)
{
  sqlite3_stmt *stmt;
  gboolean found = FALSE;
  int rc;

  g_return_val_if_fail (ORK_IS_HISTORY (self), FALSE);
  g_return_val_if_fail (job_id != NULL, FALSE);

  if (last_run_id != NULL)
    *last_run_id = 0;
  if (last_fire_us != NULL)
    *last_fire_us = ORK_TIME_UNSET;
  if (last_end_us != NULL)
    *last_end_us = ORK_TIME_UNSET;

  stmt = prepare_read (self, "SELECT max(run_id), max(CASE WHEN manual THEN NULL"
                             " ELSE nominal_at END), max(ended_at), count(*)"
                             " FROM runs WHERE job_id = ?1", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, job_id, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW && sqlite3_column_int64 (stmt, 3) > 0)
    {
      found = TRUE;
      if (last_run_id != NULL)
        *last_run_id = (guint64) sqlite3_column_int64 (stmt, 0);
      if (last_fire_us != NULL)
        *last_fire_us = column_time (stmt, 1);
      if (last_end_us != NULL)
        *last_end_us = column_time (stmt, 2);
    }
  sqlite3_finalize (stmt);
  if (rc != SQLITE_ROW)
    return set_db_error (error, self->read_db, self->path, "cannot read");
  return found;
}

/* Export */

void
ork_export_filter_init (OrkExportFilter *filter)
{
  g_return_if_fail (filter != NULL);

  memset (filter, 0, sizeof *filter);
  filter->since = ORK_TIME_UNSET;
  filter->until = ORK_TIME_UNSET;
}

/* Output with transitions: the record's own text, then the extra key or
 * column, in the writer's framing. */
typedef struct
{
  GOutputStream   *stream;
  OrkRecordFormat  format;
  GString         *buffer;
  guint64          count;
} ExtendedWriter;

#define EXTENDED_HIGH_WATER (48 * 1024)

static gboolean
extended_flush (ExtendedWriter  *w,
                GError         **error)
{
  gboolean ok = g_output_stream_write_all (w->stream, w->buffer->str, w->buffer->len,
                                           NULL, NULL, error);

  g_string_truncate (w->buffer, 0);
  return ok;
}

/* The transitions numbered @first to @last (from 1) of the run @stmt
 * (bound to its id) finds. */
static void
append_transitions (ExtendedWriter *w,
                    sqlite3_stmt   *stmt,
                    gint64          first,
                    gint64          last)
{
  GString *out = w->buffer;
  gboolean json = w->format != ORK_RECORD_FORMAT_CSV;
  const char *pos = NULL;
  const char *word[3];
  int len[3];
  gint64 time;
  guint n = 0;

  if (json)
    g_string_append (out, ",\"transitions\":[");
  if (sqlite3_step (stmt) == SQLITE_ROW)
    pos = (const char *) sqlite3_column_text (stmt, 0);
  for (gint64 seq = 1; seq <= last && unpack_words (&pos, &time, word, len); seq++)
    {
      g_autofree char *at = NULL;

      if (seq < first)
        continue;
      at = ork_time_format_iso_utc (time);
      /* States and reasons are plain names: no escaping needed. */
      if (json)
        g_string_append_printf (out, "%s{\"at\":\"%s\",\"from\":\"%.*s\",\"to\":\"%.*s\","
                                "\"reason\":\"%.*s\"}", n > 0 ? "," : "", at,
                                len[0], word[0], len[1], word[1], len[2], word[2]);
      else
        g_string_append_printf (out, "%s%s %.*s>%.*s %.*s", n > 0 ? "; " : "", at,
                                len[0], word[0], len[1], word[1], len[2], word[2]);
      n++;
    }
  sqlite3_reset (stmt);
  if (json)
    g_string_append_c (out, ']');
}

static void
extended_write (ExtendedWriter  *w,
                const OrkRecord *rec,
                sqlite3_stmt    *transitions,
                gint64           first,
                gint64           last)
{
  GString *out = w->buffer;

  switch (w->format)
    {
    case ORK_RECORD_FORMAT_NDJSON:
    case ORK_RECORD_FORMAT_JSON:
      if (w->format == ORK_RECORD_FORMAT_JSON)
        g_string_append (out, w->count == 0 ? "[\n" : ",\n");
      ork_record_append_json (rec, out);
      g_string_truncate (out, out->len - 1);   /* the closing brace */
      append_transitions (w, transitions, first, last);
      g_string_append_c (out, '}');
      if (w->format == ORK_RECORD_FORMAT_NDJSON)
        g_string_append_c (out, '\n');
      break;

    case ORK_RECORD_FORMAT_CSV:
      if (w->count == 0)
        {
          const char *header = ork_record_csv_header ();

          g_string_append_len (out, header, strlen (header) - 1);
          g_string_append (out, ",transitions\n");
        }
      ork_record_append_csv (rec, out);
      g_string_truncate (out, out->len - 1);   /* the line break */
      g_string_append_c (out, ',');
      append_transitions (w, transitions, first, last);
      g_string_append_c (out, '\n');
      break;

    default:
      g_assert_not_reached ();
    }
  w->count++;
}

static gboolean
extended_finish (ExtendedWriter  *w,
                 GError         **error)
{
  if (w->format == ORK_RECORD_FORMAT_JSON)
    g_string_append (w->buffer, w->count == 0 ? "[]\n" : "\n]\n");
  else if (w->format == ORK_RECORD_FORMAT_CSV && w->count == 0)
    {
      const char *header = ork_record_csv_header ();

      g_string_append_len (w->buffer, header, strlen (header) - 1);
      g_string_append (w->buffer, ",transitions\n");
    }
  if (!extended_flush (w, error))
    return FALSE;
  return g_output_stream_flush (w->stream, NULL, error);
}

#define EXPORT_WHERE \
  " WHERE a.decided_at IS NOT NULL AND a.status <> 'RUNNING'" \
  " AND (?1 IS NULL OR a.job_id = ?1) AND (?2 IS NULL OR a.status = ?2)" \
  " AND a.decided_at >= ?3 AND a.decided_at < ?4"

static void
bind_export_filter (sqlite3_stmt          *stmt,
                    const OrkExportFilter *filter)
{
  bind_text (stmt, 1, filter->job_id);
  if (filter->has_status)
    sqlite3_bind_text (stmt, 2, ork_run_state_to_string (filter->status), -1, SQLITE_STATIC);
  else
    sqlite3_bind_null (stmt, 2);
  sqlite3_bind_int64 (stmt, 3, filter->since == ORK_TIME_UNSET ? G_MININT64 : filter->since);
  sqlite3_bind_int64 (stmt, 4, filter->until == ORK_TIME_UNSET ? G_MAXINT64 : filter->until);
}

gboolean
ork_history_export (OrkHistory            *self,
                    GOutputStream         *stream,
                    OrkRecordFormat        format,
                    const OrkExportFilter *filter,
                    GCancellable          *cancellable,
                    OrkProgressFunc        progress,
                    gpointer               progress_data,
                    guint64               *n_written,
                    GError               **error)
{
  OrkExportFilter all;
  g_autoptr(OrkRecordWriter) writer = NULL;
  ExtendedWriter extended = { 0 };
  sqlite3 *db = NULL;
  sqlite3_stmt *count_stmt = NULL;
  sqlite3_stmt *stmt = NULL;
  sqlite3_stmt *transitions = NULL;
  guint64 total = 0;
  guint64 done = 0;
  gboolean ok = FALSE;
  int rc;

  g_return_val_if_fail (ORK_IS_HISTORY (self), FALSE);
  g_return_val_if_fail (G_IS_OUTPUT_STREAM (stream), FALSE);
  g_return_val_if_fail (format <= ORK_RECORD_FORMAT_JSON, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (filter == NULL)
    {
      ork_export_filter_init (&all);
      filter = &all;
    }

  db = open_connection (self->path, TRUE, error);
  if (db == NULL)
    return FALSE;

  /* One read transaction: the count and the rows see the same data. */
  if (!exec_sql (db, self->path, "BEGIN", error))
    goto out;

  if (sqlite3_prepare_v2 (db, "SELECT (SELECT count(*) FROM attempts a" EXPORT_WHERE ")"
                              " + (SELECT count(*) FROM runs a" EXPORT_WHERE ")", -1,
                          &count_stmt, NULL) != SQLITE_OK)
    goto db_failed;
  bind_export_filter (count_stmt, filter);
  if (sqlite3_step (count_stmt) != SQLITE_ROW)
    goto db_failed;
  total = (guint64) sqlite3_column_int64 (count_stmt, 0);

  /* Two streams in export order, merged: earlier attempts of retried
   * runs, and the runs' last records. */
  if (sqlite3_prepare_v2 (db, "SELECT " RECORD_COLUMNS ", a.run, a.first_seq, a.last_seq"
                              " FROM attempts a" EXPORT_WHERE
                              " UNION ALL SELECT " RUN_RECORD_AS_RECORD_COLUMNS ", a.id,"
                              " a.first_seq, a.last_seq FROM runs a" EXPORT_WHERE
                              " ORDER BY 10, 1, 2, 3",
                          -1, &stmt, NULL) != SQLITE_OK)
    goto db_failed;
  bind_export_filter (stmt, filter);

  if (filter->with_transitions)
    {
      if (sqlite3_prepare_v2 (db, "SELECT transitions FROM runs WHERE id = ?1",
                              -1, &transitions, NULL) != SQLITE_OK)
        goto db_failed;
      extended.stream = stream;
      extended.format = format;
      extended.buffer = g_string_sized_new (64 * 1024);
    }
  else
    writer = ork_record_writer_new (stream, format);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      OrkRecord rec;

      read_record_borrowed (stmt, 0, &rec);

      if (writer != NULL)
        {
          if (!ork_record_writer_write (writer, &rec, error))
            goto out;
        }
      else
        {
          sqlite3_bind_int64 (transitions, 1, sqlite3_column_int64 (stmt, 13));
          extended_write (&extended, &rec, transitions, sqlite3_column_int64 (stmt, 14),
                          sqlite3_column_int64 (stmt, 15));
          if (extended.buffer->len >= EXTENDED_HIGH_WATER && !extended_flush (&extended, error))
            goto out;
        }

      done++;
      if ((done & 1023) == 0 && g_cancellable_set_error_if_cancelled (cancellable, error))
        goto out;
      if (progress != NULL && done % PROGRESS_EVERY == 0)
        progress (done, MAX (total, done), progress_data);
    }
  if (rc != SQLITE_DONE)
    goto db_failed;
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    goto out;

  if (writer != NULL ? !ork_record_writer_finish (writer, error)
                     : !extended_finish (&extended, error))
    goto out;
  if (progress != NULL)
    progress (done, done, progress_data);
  if (n_written != NULL)
    *n_written = done;
  ok = TRUE;
  goto out;

db_failed:
  set_db_error (error, db, self->path, "cannot export");
out:
  g_clear_pointer (&count_stmt, sqlite3_finalize);
  g_clear_pointer (&stmt, sqlite3_finalize);
  g_clear_pointer (&transitions, sqlite3_finalize);
  if (extended.buffer != NULL)
    g_string_free (extended.buffer, TRUE);
  sqlite3_close (db);
  return ok;
}

void
ork_history_run_free (OrkHistoryRun *run)
{
  if (run == NULL)
    return;
  g_free (run->job_id);
  ork_record_free (run->last);
  g_free (run);
}

void
ork_history_log_line_free (OrkHistoryLogLine *line)
{
  if (line == NULL)
    return;
  g_free (line->text);
  g_free (line);
}

gboolean
ork_history_foreach_record (OrkHistory       *self,
                            gint64            since,
                            gint64            until,
                            OrkRecordFunc     func,
                            gpointer          user_data,
                            GError          **error)
{
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (ORK_IS_HISTORY (self), FALSE);
  g_return_val_if_fail (func != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  /* Earlier attempts of retried runs, and every run's last record (schema 3
   * keeps it in the run's row), in record order. */
  stmt = prepare_read (self, "SELECT " RECORD_COLUMNS " FROM attempts a"
                             " WHERE a.decided_at IS NOT NULL AND a.status <> 'RUNNING'"
                             " AND a.decided_at >= ?1 AND a.decided_at < ?2"
                             " UNION ALL SELECT " RUN_RECORD_AS_RECORD_COLUMNS " FROM runs a"
                             " WHERE a.decided_at IS NOT NULL AND a.status <> 'RUNNING'"
                             " AND a.decided_at >= ?1 AND a.decided_at < ?2"
                             " ORDER BY 10, 1, 2, 3", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, since == ORK_TIME_UNSET ? G_MININT64 : since);
  sqlite3_bind_int64 (stmt, 2, until == ORK_TIME_UNSET ? G_MAXINT64 : until);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      OrkRecord rec;

      read_record_borrowed (stmt, 0, &rec);

      if (!func (&rec, user_data))
        {
          rc = SQLITE_DONE;
          break;
        }
    }
  if (rc != SQLITE_DONE)
    {
      set_db_error (error, self->read_db, self->path, "cannot read");
      sqlite3_finalize (stmt);
      return FALSE;
    }
  sqlite3_finalize (stmt);
  return TRUE;
}
