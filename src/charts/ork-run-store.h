/* ork-run-store.h — the attempts a timeline draws, per job, in start order
 *
 * An OrkRunStore follows an engine: every record of a finished attempt or a
 * skipped run is kept in its job's lane, and the runs still queued or running
 * are asked from the scheduler when drawn. A lane keeps its attempts sorted
 * by the time they joined the queue, so the attempts of a visible span are
 * found by binary search; each knows the end of the attempt it retries, so
 * retry chains can be drawn joined.
 *
 * Memory: about 64 bytes an attempt; beyond @max_attempts (default 1,000,000)
 * the oldest quarter is dropped. In live mode the store starts with the
 * history's last ORK_RUN_STORE_LOAD_DAYS days.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

#include "ork-record.h"
#include "ork-session.h"

G_BEGIN_DECLS

#define ORK_RUN_STORE_DEFAULT_MAX 1000000
#define ORK_RUN_STORE_LOAD_DAYS   7

typedef struct
{
  gint64      nominal_at;
  gint64      queued_at;     /* ORK_TIME_UNSET when it never queued */
  gint64      started_at;    /* ORK_TIME_UNSET when it never started */
  gint64      end_at;        /* finished_at, or for a skip the decision time */
  gint64      retry_from;    /* end of the attempt this one retries, or ORK_TIME_UNSET */
  guint64     run_id;
  guint32     attempt;       /* 0 for SKIPPED */
  gint32      exit_code;     /* valid when has_exit_code */
  guint8      status;        /* OrkRunState */
  guint8      reason;        /* OrkReason */
  guint8      has_exit_code;
  guint8      final;         /* the last attempt of its run */
} OrkBar;

/* Where a bar begins on the timeline: when it queued, else started, else
 * ended. */
static inline gint64
ork_bar_begin (const OrkBar *bar)
{
  if (bar->queued_at != ORK_TIME_UNSET)
    return bar->queued_at;
  if (bar->started_at != ORK_TIME_UNSET)
    return bar->started_at;
  return bar->end_at;
}

#define ORK_TYPE_RUN_STORE (ork_run_store_get_type ())

G_DECLARE_FINAL_TYPE (OrkRunStore, ork_run_store, ORK, RUN_STORE, GObject)

/* Signal "changed" (): attempts were added or dropped; at most once per
 * main-loop iteration. */

OrkRunStore  *ork_run_store_new            (void);
void          ork_run_store_set_max_attempts (OrkRunStore *self,
                                              guint        max_attempts);
/* Follows @session's engine (and the next ones): cleared at each engine
 * change, then filled from its history (live mode) and its records. */
void          ork_run_store_set_session    (OrkRunStore     *self,
                                            OrkSession      *session);
OrkSession   *ork_run_store_get_session    (OrkRunStore     *self);

/* Feeding by hand (what the record handler does). */
void          ork_run_store_add_record     (OrkRunStore     *self,
                                            const OrkRecord *record);
void          ork_run_store_clear          (OrkRunStore     *self);

/* The bars of @job_id, sorted by ork_bar_begin () (NULL and 0 when none).
 * Valid until the store changes. */
const OrkBar *ork_run_store_get_bars       (OrkRunStore     *self,
                                            const char      *job_id,
                                            guint           *n_bars);
/* Index of the first bar of @job_id that may reach into [@since, ...): its
 * begin is at least @since minus the lane's longest bar. */
guint         ork_run_store_find_first     (OrkRunStore     *self,
                                            const char      *job_id,
                                            gint64           since);
/* Earliest begin and latest end of all bars; FALSE when empty. */
gboolean      ork_run_store_get_span       (OrkRunStore     *self,
                                            gint64          *first,
                                            gint64          *last);
guint64       ork_run_store_get_n_bars     (OrkRunStore     *self);
/* Median length (µs) of the lane's last few finished attempts, for planned
 * runs; 0 when there is none. */
gint64        ork_run_store_get_typical_length (OrkRunStore *self,
                                                const char  *job_id);
gsize         ork_run_store_get_memory_size (OrkRunStore    *self);

G_END_DECLS
