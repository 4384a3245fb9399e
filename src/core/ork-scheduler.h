/* ork-scheduler.h — the engine: triggers, queue, slots, attempts, retries
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

#include "ork-clock.h"
#include "ork-record.h"
#include "ork-run.h"
#include "ork-workspace.h"

G_BEGIN_DECLS

#define ORK_SCHEDULER_ERROR (ork_scheduler_error_quark ())

typedef enum
{
  ORK_SCHEDULER_ERROR_NO_SUCH_JOB,
  ORK_SCHEDULER_ERROR_NO_SUCH_RUN,
  ORK_SCHEDULER_ERROR_INVALID_STATE,
} OrkSchedulerError;

/* What the engine does with jobs of type command. */
typedef enum
{
  ORK_COMMAND_MODE_SIMULATE,  /* run them on the simulated worker (simulation) */
  ORK_COMMAND_MODE_RUN,       /* start their processes (live, trusted workspace) */
  ORK_COMMAND_MODE_BLOCK,     /* do not run them at all: status blocked (live, not trusted) */
} OrkCommandMode;

#define ORK_TYPE_SCHEDULER (ork_scheduler_get_type ())

G_DECLARE_FINAL_TYPE (OrkScheduler, ork_scheduler, ORK, SCHEDULER, GObject)

/* Signals:
 *   "transition" (OrkRun *run, OrkRunState from, OrkRunState to, OrkReason reason):
 *       every state change of every run, after the run was updated.
 *   "record" (OrkRecord *record): every finished attempt and every SKIPPED run,
 *       the moment it is decided.
 *   "output" (OrkRun *run, gboolean is_stderr, const char *line): a line a
 *       command printed (live command jobs).
 * Handlers are looked up once per instant of engine time: one connected from
 * inside a handler receives events from the next instant on.
 * Properties: "paused" bool, "failure-multiplier" double, "seed" uint64,
 *   "queue-depth" uint, "running" uint (notify on change). */

GQuark        ork_scheduler_error_quark       (void);

/* Simulation when @clock is a virtual clock. The workspace's jobs are read at
 * ork_scheduler_start () and whenever the workspace's job list changes. */
OrkScheduler *ork_scheduler_new               (OrkWorkspace *workspace,
                                               OrkClock     *clock);
OrkWorkspace *ork_scheduler_get_workspace     (OrkScheduler *self);
OrkClock     *ork_scheduler_get_clock         (OrkScheduler *self);

/* Called before start, from history: the job's last run id and last fire,
 * so missed runs are counted from there (DESIGN §3). */
void          ork_scheduler_restore_job       (OrkScheduler *self,
                                               const char   *job_id,
                                               guint64       last_run_id,
                                               gint64        last_fire_us,
                                               gint64        last_end_us);
/* Computes every job's first fire from the clock's now and arms timers. */
void          ork_scheduler_start             (OrkScheduler *self);

void          ork_scheduler_set_paused        (OrkScheduler *self,
                                               gboolean      paused);
gboolean      ork_scheduler_get_paused        (OrkScheduler *self);
void          ork_scheduler_set_failure_multiplier (OrkScheduler *self,
                                                    double        multiplier);
double        ork_scheduler_get_failure_multiplier (OrkScheduler *self);
void          ork_scheduler_set_seed          (OrkScheduler *self,
                                               guint64       seed);
guint64       ork_scheduler_get_seed          (OrkScheduler *self);

gboolean      ork_scheduler_pause_job         (OrkScheduler *self,
                                               const char   *job_id,
                                               GError      **error);
gboolean      ork_scheduler_resume_job        (OrkScheduler *self,
                                               const char   *job_id,
                                               GError      **error);
/* Starts a run now, ignoring quiet hours (reason manual). */
OrkRun       *ork_scheduler_run_now           (OrkScheduler *self,
                                               const char   *job_id,
                                               GError      **error);
gboolean      ork_scheduler_retry_now         (OrkScheduler *self,
                                               const char   *job_id,
                                               guint64       run_id,
                                               GError      **error);
gboolean      ork_scheduler_cancel            (OrkScheduler *self,
                                               const char   *job_id,
                                               guint64       run_id,
                                               GError      **error);

/* Default ORK_COMMAND_MODE_SIMULATE. */
void           ork_scheduler_set_command_mode (OrkScheduler   *self,
                                               OrkCommandMode  mode);
OrkCommandMode ork_scheduler_get_command_mode (OrkScheduler   *self);
/* Pauses the engine and ends every running attempt INTERRUPTED (reason
 * interrupted; no retry follows); their processes get SIGTERM, then SIGKILL
 * after the grace. Returns how many attempts it ended. Keep the main loop
 * running until ork_scheduler_get_n_processes () is 0 to reap them. */
guint          ork_scheduler_stop             (OrkScheduler   *self);
/* Processes the engine started that have not ended yet. */
guint          ork_scheduler_get_n_processes  (OrkScheduler   *self);

/* The next fire time the engine has armed for a job, or ORK_TIME_NEVER. */
gint64        ork_scheduler_get_next_fire     (OrkScheduler *self,
                                               const char   *job_id);
/* Runs not yet final (scheduled, queued, running, waiting to retry). */
GPtrArray    *ork_scheduler_get_active_runs   (OrkScheduler *self);
guint         ork_scheduler_get_queue_depth   (OrkScheduler *self);
guint         ork_scheduler_get_n_running     (OrkScheduler *self);
/* Transitions so far (for benchmarks). */
guint64       ork_scheduler_get_n_transitions (OrkScheduler *self);

G_END_DECLS
