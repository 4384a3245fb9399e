/* ork-history.h — the run history on disk: SQLite, batched writes, queries, export
 *
 * One database file per workspace and mode (DESIGN §5, §6): runs, their
 * attempts, every state transition with its reason, and the attempts' log
 * lines. The file is SQLite in WAL mode with synchronous=NORMAL; files are
 * created 0600 and missing directories 0700.
 *
 * Writing: ork_history_attach () connects to an engine's "transition" and
 * "record" signals. The handlers only copy the event into a batch; a writer
 * thread that owns the write connection commits the batch in one transaction
 * at most every 100 ms or every 1000 events, whichever comes first. A crash
 * loses at most the batch that was not committed yet. Queries and exports
 * read committed data only: call ork_history_flush () first to see the latest
 * events.
 *
 * Threads: create, attach, append, flush, prune and close from one thread
 * (the engine's). The query functions use a read connection of their own and
 * may be called from that same thread. ork_history_export () opens its own
 * read connection, so it can run in a worker thread (GTask) while the engine
 * keeps writing.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "ork-record.h"
#include "ork-scheduler.h"
#include "ork-types.h"

G_BEGIN_DECLS

/* The schema version this build writes (PRAGMA user_version). */
#define ORK_HISTORY_SCHEMA_VERSION 4
/* Output kept per attempt; older lines are dropped (and counted) beyond it. */
#define ORK_HISTORY_LOG_CAP (64 * 1024)

#define ORK_HISTORY_ERROR (ork_history_error_quark ())

typedef enum
{
  ORK_HISTORY_ERROR_LOCKED,        /* another engine holds the file: exit status 3 in the CLI */
  ORK_HISTORY_ERROR_NEWER_SCHEMA,  /* written by a newer Orkestron */
  ORK_HISTORY_ERROR_NOT_HISTORY,   /* the file is not an Orkestron history */
  ORK_HISTORY_ERROR_NOT_FOUND,     /* READ_ONLY and the file does not exist */
  ORK_HISTORY_ERROR_IO,            /* a file or directory cannot be created or opened */
  ORK_HISTORY_ERROR_DATABASE,      /* SQLite reported an error (message says which) */
  ORK_HISTORY_ERROR_READ_ONLY,     /* a write on a history opened READ_ONLY */
  ORK_HISTORY_ERROR_WRONG_KIND,    /* a simulation's history opened LIVE, or a live one (or
                                    * anything else) that a SIMULATION would replace */
} OrkHistoryError;

typedef enum
{
  /* The live engine's history: opens or creates the file, takes the
   * exclusive lock (PATH.lock), and marks what the last engine left running
   * as INTERRUPTED. */
  ORK_HISTORY_MODE_LIVE,
  /* A simulation's history: takes the lock like LIVE, then replaces the file
   * by an empty history — only an empty file, a simulation's history, or an
   * old one named *.sim.db: a live history (or any other file) is refused. */
  ORK_HISTORY_MODE_SIMULATION,
  /* Queries and export only, no lock: works while an engine writes. The file
   * must exist. */
  ORK_HISTORY_MODE_READ_ONLY,
} OrkHistoryMode;

/* One run as the history has it. */
typedef struct
{
  char        *job_id;
  guint64      run_id;
  OrkRunState  state;       /* current state; final once ended_at is set */
  OrkReason    reason;      /* of the last transition */
  gint64       nominal_at;  /* µs UTC */
  gboolean     manual;      /* started by "run now" */
  guint        attempts;    /* attempts started (0: skipped or never started) */
  gint64       created_at;  /* the first transition */
  gint64       updated_at;  /* the last transition */
  gint64       ended_at;    /* reached a final state, or ORK_TIME_UNSET */
  OrkRecord   *last;        /* the record of its last finished attempt or of the skip, or NULL */
} OrkHistoryRun;

/* One stored transition of a run. */
typedef struct
{
  gint64       at;          /* µs UTC */
  OrkRunState  from;
  OrkRunState  to;
  OrkReason    reason;
} OrkHistoryTransition;

/* Runs counted by state (index: OrkRunState). */
typedef struct
{
  guint64 by_state[ORK_RUN_INTERRUPTED + 1];
  guint64 total;
} OrkHistoryCounts;

/* One stored log line of an attempt. */
typedef struct
{
  gint64  at;      /* µs UTC */
  int     stream;  /* 1 stdout, 2 stderr */
  char   *text;    /* without the line break */
} OrkHistoryLogLine;

/* Which records an export writes. Zeroed (or ork_export_filter_init ()) means
 * everything without transitions. Times bound the record's decision time
 * (finishedAt, or for SKIPPED when the skip was decided): since <= t < until. */
typedef struct
{
  const char *job_id;           /* NULL: every job */
  gboolean    has_status;
  OrkRunState status;           /* only records of this status */
  gint64      since;            /* ORK_TIME_UNSET: no lower bound */
  gint64      until;            /* ORK_TIME_UNSET or ORK_TIME_NEVER: no upper bound */
  gboolean    with_transitions;
} OrkExportFilter;

/* Called every ~10,000 records and once at the end with @done == @total. */
typedef void (*OrkProgressFunc) (guint64  done,
                                 guint64  total,
                                 gpointer user_data);

#define ORK_TYPE_HISTORY (ork_history_get_type ())

G_DECLARE_FINAL_TYPE (OrkHistory, ork_history, ORK, HISTORY, GObject)

GQuark      ork_history_error_quark    (void);

/* $XDG_DATA_HOME/orkestron/history/BASENAME-HASH[.sim].db where HASH is the
 * first 16 hex digits of the SHA-256 of the workspace's absolute path. */
char       *ork_history_default_path   (const char      *workspace_path,
                                        gboolean         simulated);

/* Opens (creating as needed, migrating older schemas) the history at @path.
 * Errors: ORK_HISTORY_ERROR_LOCKED "the history FILE is in use by another
 * Orkestron engine (pid N)"; ORK_HISTORY_ERROR_NEWER_SCHEMA "history database
 * FILE was written by a newer version of Orkestron (schema N; this version
 * reads up to M)"; and the others above.
 *
 * In LIVE mode, attempts still RUNNING become INTERRUPTED (reason
 * interrupted, finishedAt null — when they stopped is unknown — and the
 * open time as their decision time, which orders them in exports); runs not
 * in a final state become INTERRUPTED with a transition at the open time. */
OrkHistory *ork_history_open           (const char      *path,
                                        OrkHistoryMode   mode,
                                        GError         **error);
const char *ork_history_get_path       (OrkHistory      *self);
OrkHistoryMode ork_history_get_mode    (OrkHistory      *self);
/* Runs the LIVE recovery found and marked INTERRUPTED at open. */
guint       ork_history_get_n_interrupted (OrkHistory   *self);

/* Commits what is pending, stops the writer thread and closes the database.
 * Further writes are ignored; queries fail. Finalizing closes too (and
 * warns on an error). Idempotent. */
gboolean    ork_history_close          (OrkHistory      *self,
                                        GError         **error);

/* Records every transition and record of @scheduler from now on: a run row
 * on its first transition, an attempt row (RUNNING) when an attempt starts,
 * completed from the record when it ends; SKIPPED runs from their record.
 * The engine's time is read from its clock. Detaches when either object is
 * finalized, or with ork_history_detach (). */
void        ork_history_attach         (OrkHistory      *self,
                                        OrkScheduler    *scheduler);
void        ork_history_detach         (OrkHistory      *self);

/* Appends a log line of a running attempt (the command worker's output).
 * Lines must come before the attempt's record. At most ORK_HISTORY_LOG_CAP
 * bytes are kept per attempt: older lines are dropped and counted. */
void        ork_history_append_log     (OrkHistory      *self,
                                        const char      *job_id,
                                        guint64          run_id,
                                        guint            attempt,
                                        gint64           at,
                                        int              stream,
                                        const char      *line);

/* Commits every event queued so far and waits for it. Returns the first
 * write error since the previous flush. */
gboolean    ork_history_flush          (OrkHistory      *self,
                                        GError         **error);

/* Deletes ended runs (with their attempts, transitions and log lines) whose
 * nominal time is more than @max_age_ms before @now_us (0: no age limit),
 * then the ended runs beyond the @max_runs newest by nominal time (0: no
 * count limit). Runs not yet ended are kept. Pending events are committed
 * first. Waits for the writer thread; @n_deleted gets the runs deleted. */
gboolean    ork_history_prune          (OrkHistory      *self,
                                        gint64           max_age_ms,
                                        guint64          max_runs,
                                        gint64           now_us,
                                        guint64         *n_deleted,
                                        GError         **error);
/* The same on the writer thread, without waiting (with the wall clock as
 * now); errors are logged. The engine calls it at start and then, say,
 * hourly. */
void        ork_history_prune_in_background (OrkHistory *self,
                                             gint64      max_age_ms,
                                             guint64     max_runs);

/* Queries. Results are committed data; arrays are of OrkHistoryRun
 * (freed by the array) unless said otherwise. */

/* A job's runs, newest (highest run id) first, skipping @offset. */
GPtrArray  *ork_history_list_job_runs  (OrkHistory      *self,
                                        const char      *job_id,
                                        guint            offset,
                                        guint            limit,
                                        GError         **error);
/* Runs with a nominal time in [@since, @until), oldest first, every job or
 * one (@job_id non-NULL), at most @limit (0: no limit). */
GPtrArray  *ork_history_list_runs_between (OrkHistory   *self,
                                           const char   *job_id,
                                           gint64        since,
                                           gint64        until,
                                           guint         limit,
                                           GError      **error);
/* Runs counted by their state, every job or one, nominal time in
 * [@since, @until) (ORK_TIME_UNSET / ORK_TIME_NEVER for no bound). */
gboolean    ork_history_count_by_state (OrkHistory       *self,
                                        const char       *job_id,
                                        gint64            since,
                                        gint64            until,
                                        OrkHistoryCounts *out,
                                        GError          **error);
/* The job's newest run, or NULL (and no error) when it has none. */
OrkHistoryRun *ork_history_get_last_run (OrkHistory     *self,
                                         const char     *job_id,
                                         GError        **error);
/* The job's newest SUCCEEDED run, or NULL (and no error). */
OrkHistoryRun *ork_history_get_last_success (OrkHistory *self,
                                             const char *job_id,
                                             GError    **error);
/* One run, or NULL with ORK_HISTORY_ERROR_NOT_FOUND. */
OrkHistoryRun *ork_history_get_run     (OrkHistory      *self,
                                        const char      *job_id,
                                        guint64          run_id,
                                        GError         **error);
/* The run's records (one per finished attempt, or the skip), in order: an
 * array of OrkRecord. */
GPtrArray  *ork_history_list_attempts  (OrkHistory      *self,
                                        const char      *job_id,
                                        guint64          run_id,
                                        GError         **error);
/* The run's transitions in order: an array of OrkHistoryTransition. */
GPtrArray  *ork_history_list_transitions (OrkHistory    *self,
                                          const char    *job_id,
                                          guint64        run_id,
                                          GError       **error);
/* An attempt's kept log lines in order (array of OrkHistoryLogLine), and
 * how many bytes/lines were dropped beyond ORK_HISTORY_LOG_CAP. */
GPtrArray  *ork_history_list_log       (OrkHistory      *self,
                                        const char      *job_id,
                                        guint64          run_id,
                                        guint            attempt,
                                        guint64         *dropped_bytes,
                                        guint64         *dropped_lines,
                                        GError         **error);
/* What ork_scheduler_restore_job () needs at start-up: the job's highest
 * run id, the nominal time of its last scheduled (not manual) run and the
 * time its last run ended. Returns FALSE with 0 / ORK_TIME_UNSET when the
 * job has no history (and on error, which is then set). */
gboolean    ork_history_get_job_cursor (OrkHistory      *self,
                                        const char      *job_id,
                                        guint64         *last_run_id,
                                        gint64          *last_fire_us,
                                        gint64          *last_end_us,
                                        GError         **error);

/* Export: the §4 records in §4 order (decision time, jobId, runId,
 * attempt) streamed to @stream in @format; memory does not grow with the
 * number of rows. Attempts still RUNNING are not records and are left out.
 *
 * With @filter->with_transitions each record also carries the transitions
 * that led to it (after the run's previous record, up to and including its
 * final one): in NDJSON and JSON as a last key after "message",
 *   "transitions":[{"at":"2026-11-26T10:00:00.000Z","from":"SCHEDULED",
 *                   "to":"QUEUED","reason":"schedule"},...]
 * and in CSV as a last column "transitions" holding them as compact text,
 *   2026-11-26T10:00:00.000Z SCHEDULED>QUEUED schedule; 2026-...
 * (entries separated by "; ", never quoted: no comma, quote or line break).
 *
 * @progress is called every ~10,000 records with (done, total), total
 * counted first. Cancelling @cancellable stops the export with
 * G_IO_ERROR_CANCELLED (what was written stays written). Returns the number
 * of records in @n_written if given. Opens its own read connection. */
gboolean    ork_history_export         (OrkHistory            *self,
                                        GOutputStream         *stream,
                                        OrkRecordFormat        format,
                                        const OrkExportFilter *filter,
                                        GCancellable          *cancellable,
                                        OrkProgressFunc        progress,
                                        gpointer               progress_data,
                                        guint64               *n_written,
                                        GError               **error);

/* Called with each record, valid during the call only; FALSE stops. */
typedef gboolean (*OrkRecordFunc) (const OrkRecord *record,
                                   gpointer         user_data);
/* Calls @func for every record with a decision time in [@since, @until)
 * (ORK_TIME_UNSET: no bound), in export order, without collecting them:
 * memory does not grow with the number of rows. Committed data only. */
gboolean    ork_history_foreach_record (OrkHistory      *self,
                                        gint64           since,
                                        gint64           until,
                                        OrkRecordFunc    func,
                                        gpointer         user_data,
                                        GError         **error);

void        ork_export_filter_init     (OrkExportFilter *filter);

void        ork_history_run_free       (OrkHistoryRun        *run);
void        ork_history_log_line_free  (OrkHistoryLogLine    *line);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (OrkHistoryRun, ork_history_run_free)

G_END_DECLS
