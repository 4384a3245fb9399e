/* ork-run-private.h — the run's fields, shared with the engine
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "ork-clock.h"
#include "ork-run.h"

G_BEGIN_DECLS

struct _OrkRun
{
  grefcount    ref_count;            /* runs live on the engine's thread only */

  char        *job_id;               /* a GRefString */
  guint64      run_id;
  guint        attempt;
  OrkRunState  state;
  OrkReason    reason;
  gint64       nominal_at;
  gint64       due_at;
  gint64       queued_at;
  gint64       started_at;
  gint64       finished_at;
  gint64       next_retry_in;
  char        *message;
  gboolean     has_exit_code;
  int          exit_code;
  guint        manual : 1;
  guint        no_more_retries : 1;  /* after a manual retry of a run that had failed for good */
  guint        deferred : 1;         /* held back by quiet hours */
  guint        pending : 1;          /* waiting for the job's current run (overlap queue, run_all) */
  guint        ignore_quiet : 1;

  /* Engine bookkeeping. */
  gpointer     job_state;
  OrkTimer    *timer;                /* attempt end, retry due or quiet-hours end */
  gpointer     command;              /* the scheduler's CommandAttempt, live command jobs */
  guint        ready_index;          /* position in the ready queue, G_MAXUINT if not there */
  guint        q_rank;               /* the job's rank and priority, copied for the queue's */
  OrkPriority  q_priority;           /* comparisons so they need not visit the job */
  gint64       prev_delay_ms;        /* for decorrelated jitter */
  OrkReason    admit_reason;         /* why it fired, while held back by quiet hours */
  OrkReason    end_reason;           /* planned outcome of the running attempt */
  OrkRunState  end_state;
  GList        link;                 /* in the job's list of active runs */
};

/* Like ork_run_new (), taking a reference on @job_id, a GRefString. */
OrkRun *ork_run_new_shared (char    *job_id,
                            guint64  run_id,
                            gint64   nominal_us);

G_END_DECLS
