/* ork-event-log.h — the engine's structured event log, as a list model
 *
 * OrkEventLog keeps the latest events of an engine (every transition, every
 * finished attempt, command output, and notes from the app) and shows them
 * as a GListModel of OrkLogEntry, newest first: position 0 is the newest
 * entry. It is what the Log page shows (DESIGN §8).
 *
 * Storage: entries are compact structs in a ring buffer (job ids interned,
 * messages copied); an OrkLogEntry object is made only when
 * g_list_model_get_item () asks for one, so the engine can log millions of
 * events without a GObject each. Beyond the capacity the oldest entries drop
 * out.
 *
 * Change notification: appends are not announced one by one. The model's
 * view (n_items, get_item) stays as last announced until a 50 ms timeout
 * (G_PRIORITY_DEFAULT, on the thread-default main context of the thread that
 * created the log) or ork_event_log_flush () announces everything pending at
 * once: first "items-changed" (n_old - n_evicted, n_evicted, 0) for the
 * entries that dropped out at the end, then "items-changed" (0, 0, n_added)
 * for the new ones at the front; the view is consistent inside each
 * emission. A timeout rather than an idle callback so that a busy engine
 * (fast-forward) cannot starve the log. Should more than a capacity's worth
 * of entries wait unannounced, the log announces them at once, so memory
 * stays below twice the capacity. When nothing is connected to
 * "items-changed", appends take effect in the view at once.
 *
 * Levels (the scheme the Log page filters on):
 *   transitions — WARNING into FAILED, TIMED_OUT or INTERRUPTED; INFO into
 *     SKIPPED or CANCELLED, and any other transition whose reason is not
 *     routine (concurrency-limit, group-limit, max-running, quiet-hours,
 *     overlap, manual, manual-retry …: it says why a run waited or moved);
 *     DEBUG for the routine path (reasons schedule, retry, completed, none).
 *   finished attempts (records) — ERROR for FAILED or TIMED_OUT with no
 *     retry to follow (nextRetryIn -1: the run failed for good); WARNING for
 *     FAILED or TIMED_OUT with a retry to follow, and for INTERRUPTED; INFO
 *     for SUCCEEDED, CANCELLED and SKIPPED.
 *   output — INFO for a line on stderr, DEBUG for stdout. Not WARNING:
 *     many programs print progress on stderr, and a failed attempt is
 *     already a warning or error with the last line as its message.
 *   notes — whatever the caller says.
 *
 * Messages: a transition into a final state (or held back by quiet hours)
 * carries the run's message; a finished attempt the record's message; an
 * output entry its line.
 *
 * Threads: one thread, the engine's.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "ork-scheduler.h"
#include "ork-types.h"

G_BEGIN_DECLS

#define ORK_EVENT_LOG_DEFAULT_CAPACITY 100000

typedef enum
{
  ORK_LOG_DEBUG,
  ORK_LOG_INFO,
  ORK_LOG_WARNING,
  ORK_LOG_ERROR,
} OrkLogLevel;

typedef enum
{
  ORK_LOG_KIND_TRANSITION,        /* a run changed state */
  ORK_LOG_KIND_ATTEMPT_FINISHED,  /* a record: an attempt ended, or a run was skipped */
  ORK_LOG_KIND_OUTPUT,            /* a line a command printed */
  ORK_LOG_KIND_NOTE,              /* anything else: "workspace saved", "engine paused" */
} OrkLogKind;

/* "from" and "to" of an entry that is not a transition. */
#define ORK_LOG_NO_STATE (-1)

#define ORK_TYPE_LOG_LEVEL (ork_log_level_get_type ())
#define ORK_TYPE_LOG_KIND (ork_log_kind_get_type ())

GType        ork_log_level_get_type    (void) G_GNUC_CONST;
GType        ork_log_kind_get_type     (void) G_GNUC_CONST;
/* "debug", "info", "warning", "error"; "transition", "attempt-finished",
 * "output", "note". from_string returns FALSE on an unknown name. */
const char  *ork_log_level_to_string   (OrkLogLevel  level);
gboolean     ork_log_level_from_string (const char  *name,
                                        OrkLogLevel *out);
const char  *ork_log_kind_to_string    (OrkLogKind   kind);
gboolean     ork_log_kind_from_string  (const char  *name,
                                        OrkLogKind  *out);

/* What ork_event_log_append () takes; the strings are copied. */
typedef struct
{
  gint64       time;     /* µs UTC; ORK_TIME_UNSET: the attached engine's now,
                          * or the wall clock when none is attached */
  OrkLogLevel  level;
  OrkLogKind   kind;
  const char  *job_id;   /* or NULL */
  guint64      run_id;   /* 0: none */
  guint        attempt;  /* 0: none */
  int          from;     /* an OrkRunState or ORK_LOG_NO_STATE */
  int          to;       /* an OrkRunState or ORK_LOG_NO_STATE */
  OrkReason    reason;   /* ORK_REASON_NONE: none */
  const char  *message;  /* or NULL */
} OrkLogEntryData;

/* Fills @data with an empty note: time unset, level INFO, no job, no states. */
void         ork_log_entry_data_init   (OrkLogEntryData *data);


#define ORK_TYPE_LOG_ENTRY (ork_log_entry_get_type ())

G_DECLARE_FINAL_TYPE (OrkLogEntry, ork_log_entry, ORK, LOG_ENTRY, GObject)

/* A snapshot of one entry, made on demand; it stays valid after the entry
 * dropped out of the log. Read-only properties: "time" int64,
 * "level" OrkLogLevel, "kind" OrkLogKind, "job-id" string, "run-id" uint64,
 * "attempt" uint, "from" int, "to" int (OrkRunState or -1), "reason" int
 * (OrkReason), "message" string, "summary" string: one line such as
 * "sync_contacts #17 attempt 2: RUNNING → FAILED (injected-failure): simulated failure". */
gint64       ork_log_entry_get_time    (OrkLogEntry *self);
OrkLogLevel  ork_log_entry_get_level   (OrkLogEntry *self);
OrkLogKind   ork_log_entry_get_kind    (OrkLogEntry *self);
const char  *ork_log_entry_get_job_id  (OrkLogEntry *self);
guint64      ork_log_entry_get_run_id  (OrkLogEntry *self);
guint        ork_log_entry_get_attempt (OrkLogEntry *self);
int          ork_log_entry_get_from    (OrkLogEntry *self);
int          ork_log_entry_get_to      (OrkLogEntry *self);
OrkReason    ork_log_entry_get_reason  (OrkLogEntry *self);
const char  *ork_log_entry_get_message (OrkLogEntry *self);
/* Made when first asked for. */
const char  *ork_log_entry_get_summary (OrkLogEntry *self);

/* The Log page's filter: TRUE when the entry is of @job_id (NULL: any), at
 * @min_level or above, of @reason (-1: any), and @search_text (NULL or "":
 * anything) occurs, ignoring case, in its job id, message or reason name. */
gboolean     ork_log_entry_matches     (OrkLogEntry *self,
                                        const char  *job_id,
                                        OrkLogLevel  min_level,
                                        int          reason,
                                        const char  *search_text);


#define ORK_TYPE_EVENT_LOG (ork_event_log_get_type ())

G_DECLARE_FINAL_TYPE (OrkEventLog, ork_event_log, ORK, EVENT_LOG, GObject)

/* A GListModel of OrkLogEntry. @capacity 0 means
 * ORK_EVENT_LOG_DEFAULT_CAPACITY. Property: "capacity" uint (construct-only). */
OrkEventLog *ork_event_log_new          (guint            capacity);
guint        ork_event_log_get_capacity (OrkEventLog     *self);
/* Logs the engine's "transition", "record" and "output" signals, with the
 * time of its clock, until detached (attaching to another engine detaches
 * from the first). Holds a reference on @scheduler while attached. */
void         ork_event_log_attach       (OrkEventLog     *self,
                                         OrkScheduler    *scheduler);
void         ork_event_log_detach       (OrkEventLog     *self);
void         ork_event_log_append       (OrkEventLog     *self,
                                         const OrkLogEntryData *data);
/* Announces pending appends now (see above): call it before reading the
 * model in tests, or before reading counts the moment after an event. */
void         ork_event_log_flush        (OrkEventLog     *self);
/* Drops every entry (announced at once). */
void         ork_event_log_clear        (OrkEventLog     *self);
/* Entries logged since creation, including those that dropped out. */
guint64      ork_event_log_get_n_logged (OrkEventLog     *self);
/* Writes every entry the log holds (announced or not), oldest first, one
 * compact JSON object per line, keys in this order: time (ISO-8601 UTC with
 * ms), level, kind, jobId, runId, attempt, from, to, reason, message; a
 * missing job id, run id, state, reason or message is null, and so is the
 * attempt of an entry with no run id (a skipped run's attempt is 0). */
gboolean     ork_event_log_write_ndjson (OrkEventLog     *self,
                                         GOutputStream   *stream,
                                         GError         **error);

G_END_DECLS
