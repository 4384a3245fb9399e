/* ork-scheduler.c — the engine
 *
 * One object holds every job's trigger state, the ready queue and the worker
 * slots. Everything happens in timer callbacks of the OrkClock, so the same
 * code runs on the virtual clock (simulation) and on the wall clock (live).
 * At one instant, attempt ends happen first, then retries and quiet-hours
 * ends, then fires, and last the dispatch that fills free slots from the
 * queue: a run ending exactly when the next one fires does not overlap it, and
 * the queue is looked at once everything due at that instant is known.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ork-scheduler"

#include "config.h"

#include <string.h>

#include "ork-command-worker.h"
#include "ork-duration.h"
#include "ork-marshal.h"
#include "ork-queue.h"
#include "ork-rng.h"
#include "ork-run-private.h"
#include "ork-scheduler.h"
#include "ork-sim-worker.h"

enum
{
  ORDER_END,
  ORDER_RETRY,
  ORDER_FIRE,
  ORDER_DISPATCH,
};

/* run_all starts at most this many of the latest missed fire times. */
#define MAX_RUN_ALL 100

typedef struct
{
  char  *name;
  guint  slots;
  guint  running;
} GroupState;

typedef struct
{
  OrkScheduler        *sched;
  OrkJob              *job;
  char                *id;
  OrkPriority          priority;
  guint                rank;       /* position of the id in sorted order: queue tie-break */
  OrkJobStatus         status;     /* as last set on the job */
  GroupState          *group;
  GTimeZone           *tz;
  const OrkQuietHours *quiet;      /* resolved: own, the workspace's, or NULL */

  /* Copied from the job by resolve_job (). */
  const OrkSchedule   *schedule;
  OrkSimSpec           sim;
  OrkRetryPolicy       retry;
  gint64               timeout_ms;
  gint64               start_jitter_ms;
  gint64               grace_us;
  guint                max_running;
  OrkOverlap           overlap;
  OrkMissedPolicy      missed_policy;
  gboolean             enabled;
  gboolean             from_completion;
  OrkJobType           type;

  guint64              last_run_id;
  gint64               cursor;     /* the next nominal fire not yet handled */
  gint64               cursor_due; /* cursor plus its start jitter */
  gint64               last_end;   /* G_MININT64 when no run ended */
  OrkTimer            *fire_timer;
  OrkTimer            *quiet_wake;

  GQueue               current;    /* runs queued, running or waiting to retry */
  GQueue               waiting;    /* runs waiting for the current ones (overlap queue, run_all) */
  OrkRun              *deferred;   /* the run held back by quiet hours */
  OrkRun              *last_final; /* the latest run that ended, for retry now */

  guint                n_running;
  guint                n_queued;
  guint                n_retry_wait;
  guint                last_failed : 1;
  guint                paused : 1;
  guint                status_dirty : 1;
} JobState;

struct _OrkScheduler
{
  GObject       parent_instance;

  OrkWorkspace *workspace;
  OrkClock     *clock;
  GHashTable   *jobs;          /* id → JobState */
  GPtrArray    *job_order;     /* JobState, in workspace order */
  GHashTable   *groups;        /* name → GroupState */
  OrkQueue     *ready;
  GPtrArray    *fresh;         /* runs queued since the last dispatch */
  GPtrArray    *dirty;         /* JobState whose status needs a look */
  OrkTimer     *dispatch_timer;

  guint         workers;
  guint         running;
  guint64       seed;
  double        failure_multiplier;
  guint64       n_transitions;
  guint         notified_depth;
  guint         notified_running;
  gboolean      paused;
  gboolean      started;
  OrkClockClass *clock_class;
  OrkCommandMode command_mode;
  guint         n_detached;    /* processes let go, still being stopped */
  gboolean      handlers_known;
  gboolean      want_transitions;
  gboolean      want_records;
};

G_DEFINE_FINAL_TYPE (OrkScheduler, ork_scheduler, G_TYPE_OBJECT)
G_DEFINE_QUARK (ork-scheduler-error-quark, ork_scheduler_error)

enum
{
  PROP_0,
  PROP_PAUSED,
  PROP_FAILURE_MULTIPLIER,
  PROP_SEED,
  PROP_QUEUE_DEPTH,
  PROP_RUNNING,
  N_PROPS
};

enum
{
  SIGNAL_TRANSITION,
  SIGNAL_RECORD,
  SIGNAL_OUTPUT,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

typedef struct _CommandAttempt CommandAttempt;

static gboolean is_blocked     (JobState     *js);
static void     reorder_ready  (OrkScheduler *self);
static void     start_command  (OrkScheduler *self,
                                OrkRun       *run);
static void     detach_command (OrkScheduler *self,
                                OrkRun       *run);

static void process_fires    (JobState *js);
static void on_deferred_due  (gpointer  user_data);
static void request_dispatch (OrkScheduler *self);
static void admit_waiting    (JobState *js);

static gint64
now (OrkScheduler *self)
{
  /* Called many times per event: skip the public function's type check. */
  return self->clock_class->now (self->clock);
}

/* g_signal_has_handler_pending () costs a lock and a hash lookup; the engine
 * asks once per instant of engine time (and per API call) instead of per
 * event. A handler connected from inside a handler sees events from the
 * next instant on. */
static inline void
forget_handlers (OrkScheduler *self)
{
  self->handlers_known = FALSE;
}

static inline void
learn_handlers (OrkScheduler *self)
{
  if (self->handlers_known)
    return;
  self->want_transitions = g_signal_has_handler_pending (self, signals[SIGNAL_TRANSITION], 0, FALSE);
  self->want_records = g_signal_has_handler_pending (self, signals[SIGNAL_RECORD], 0, FALSE);
  self->handlers_known = TRUE;
}

static gboolean
is_limit_reason (OrkReason reason)
{
  return reason == ORK_REASON_CONCURRENCY_LIMIT ||
         reason == ORK_REASON_GROUP_LIMIT ||
         reason == ORK_REASON_MAX_RUNNING;
}

/* Queue order: priority (critical first), nominal time, job id, run id. */
static int
compare_ready (OrkRun *a,
               OrkRun *b)
{
  if (a->q_priority != b->q_priority)
    return a->q_priority > b->q_priority ? -1 : 1;
  if (a->nominal_at != b->nominal_at)
    return a->nominal_at < b->nominal_at ? -1 : 1;
  if (a->q_rank != b->q_rank)
    return a->q_rank < b->q_rank ? -1 : 1;
  if (a->run_id != b->run_id)
    return a->run_id < b->run_id ? -1 : 1;
  return 0;
}

static void
count_state (JobState    *js,
             OrkRunState  state,
             int          delta)
{
  switch (state)
    {
    case ORK_RUN_QUEUED:
      js->n_queued += delta;
      break;
    case ORK_RUN_RUNNING:
      js->n_running += delta;
      break;
    case ORK_RUN_RETRY_WAIT:
      js->n_retry_wait += delta;
      break;
    case ORK_RUN_SCHEDULED:
    case ORK_RUN_SUCCEEDED:
    case ORK_RUN_FAILED:
    case ORK_RUN_TIMED_OUT:
    case ORK_RUN_CANCELLED:
    case ORK_RUN_SKIPPED:
    case ORK_RUN_INTERRUPTED:
    default:
      break;
    }
}

static void
set_state (OrkScheduler *self,
           OrkRun       *run,
           OrkRunState   state,
           OrkReason     reason)
{
  OrkRunState from = run->state;

  count_state (run->job_state, from, -1);
  count_state (run->job_state, state, +1);
  run->state = state;
  run->reason = reason;
  self->n_transitions++;

  learn_handlers (self);
  if (self->want_transitions)
    g_signal_emit (self, signals[SIGNAL_TRANSITION], 0, run, (guint) from, (guint) state,
                   (guint) reason);
}

static void
set_message (OrkRun     *run,
             const char *message)
{
  if (g_strcmp0 (run->message, message) == 0)
    return;
  g_free (run->message);
  run->message = g_strdup (message);
}

static void
emit_record (OrkScheduler *self,
             OrkRun       *run)
{
  OrkRecord record;
  gboolean skipped = run->state == ORK_RUN_SKIPPED;

  learn_handlers (self);
  if (!self->want_records)
    return;

  record.job_id = run->job_id;
  record.run_id = run->run_id;
  record.attempt = skipped ? 0 : run->attempt;
  record.status = run->state;
  record.reason = run->reason;
  record.nominal_at = run->nominal_at;
  record.queued_at = run->queued_at;
  record.started_at = run->started_at;
  record.finished_at = skipped ? ORK_TIME_UNSET : run->finished_at;
  record.decided_at = now (self);
  record.has_exit_code = run->has_exit_code;
  record.exit_code = run->exit_code;
  record.next_retry_in = run->next_retry_in;
  record.message = run->message;

  g_signal_emit (self, signals[SIGNAL_RECORD], 0, &record);
}

static void
compute_status (JobState *js)
{
  OrkJobStatus status;

  if (!js->enabled)
    status = ORK_JOB_STATUS_DISABLED;
  else if (is_blocked (js))
    status = ORK_JOB_STATUS_BLOCKED;
  else if (js->paused)
    status = ORK_JOB_STATUS_PAUSED;
  else if (js->n_running > 0)
    status = ORK_JOB_STATUS_RUNNING;
  else if (js->n_queued > 0 || js->deferred != NULL)
    status = ORK_JOB_STATUS_QUEUED;
  else if (js->n_retry_wait > 0)
    status = ORK_JOB_STATUS_RETRYING;
  else if (js->last_failed)
    status = ORK_JOB_STATUS_FAILED;
  else if (js->cursor != ORK_TIME_NEVER)
    status = ORK_JOB_STATUS_SCHEDULED;
  else
    status = ORK_JOB_STATUS_IDLE;

  /* The job object is a cache miss away: skip it when nothing changed. */
  if (status == js->status)
    return;
  js->status = status;
  ork_job_set_status (js->job, status);
}

/* A job's status changes several times within one instant (fired, queued,
 * running): it is worked out once, when the instant's dispatch runs. */
static void
update_status (JobState *js)
{
  OrkScheduler *self = js->sched;

  if (js->status_dirty)
    return;
  js->status_dirty = TRUE;
  g_ptr_array_add (self->dirty, js);
  request_dispatch (self);
}

static void
flush_statuses (OrkScheduler *self)
{
  for (guint i = 0; i < self->dirty->len; i++)
    {
      JobState *js = self->dirty->pdata[i];

      js->status_dirty = FALSE;
      compute_status (js);
    }
  g_ptr_array_set_size (self->dirty, 0);
}

static void
notify_counters (OrkScheduler *self)
{
  guint depth = ork_queue_get_length (self->ready);

  if (depth != self->notified_depth)
    {
      self->notified_depth = depth;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_QUEUE_DEPTH]);
    }
  if (self->running != self->notified_running)
    {
      self->notified_running = self->running;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUNNING]);
    }
}

/* Quiet hours ---------------------------------------------------------- */

static gboolean
quiet_applies (JobState *js,
               OrkRun   *run)
{
  return js->quiet != NULL && !run->manual && !run->ignore_quiet;
}

static gboolean
in_quiet_hours (JobState *js,
                gint64    time,
                gint64   *end)
{
  if (js->quiet == NULL || js->quiet->windows == NULL || js->quiet->windows->len == 0)
    return FALSE;
  return ork_quiet_hours_contains (js->quiet, js->tz, time, end);
}

/* Finishing ------------------------------------------------------------- */

static void
arm_fire_timer (JobState *js);

static void
clear_run_timer (OrkScheduler *self,
                 OrkRun       *run)
{
  if (run->timer != NULL)
    {
      ork_clock_remove_timer (self->clock, run->timer);
      run->timer = NULL;
    }
}

static void
release_slot (OrkScheduler *self,
              OrkRun       *run)
{
  JobState *js = run->job_state;

  g_assert (self->running > 0);
  self->running--;
  if (js->group != NULL)
    js->group->running--;
  request_dispatch (self);
}

static gboolean
schedule_from_completion (JobState *js)
{
  return js->from_completion;
}

/* A run reached a final state: it leaves the job's current runs. */
static void
run_final (OrkScheduler *self,
           OrkRun       *run)
{
  JobState *js = run->job_state;

  g_queue_unlink (&js->current, &run->link);
  js->last_end = now (self);
  if (run->state == ORK_RUN_SUCCEEDED)
    js->last_failed = FALSE;
  else if (run->state == ORK_RUN_FAILED || run->state == ORK_RUN_TIMED_OUT ||
           run->state == ORK_RUN_INTERRUPTED)
    js->last_failed = TRUE;

  ork_run_set (&js->last_final, run);

  if (schedule_from_completion (js) && js->current.length == 0 && js->waiting.length == 0)
    {
      const OrkSchedule *schedule = js->schedule;

      js->cursor = ork_schedule_next (schedule, js->tz, js->last_end, js->last_end);
      js->cursor_due = js->cursor;
      arm_fire_timer (js);
    }

  admit_waiting (js);
  update_status (js);
  ork_run_unref (run);  /* the reference js->current held */
}

/* Records a run that never started as SKIPPED. Takes the caller's reference. */
static void
finish_skipped (OrkScheduler *self,
                OrkRun       *run,
                OrkReason     reason,
                const char   *message)
{
  set_message (run, message);
  run->finished_at = now (self);
  set_state (self, run, ORK_RUN_SKIPPED, reason);
  emit_record (self, run);
  ork_run_unref (run);
}

/* Ends a run that is in js->current (queued, running or waiting to retry)
 * without further attempts: user cancel or replaced. */
static void
cancel_current (OrkScheduler *self,
                OrkRun       *run,
                OrkReason     reason,
                const char   *message)
{
  gboolean was_running = run->state == ORK_RUN_RUNNING;

  clear_run_timer (self, run);
  detach_command (self, run);
  if (ork_queue_contains (self->ready, run))
    ork_run_unref (ork_queue_remove (self->ready, run));
  if (was_running)
    release_slot (self, run);
  else
    {
      /* It ends before its next attempt started. */
      run->attempt++;
      run->started_at = ORK_TIME_UNSET;
      if (run->state == ORK_RUN_RETRY_WAIT)
        run->queued_at = ORK_TIME_UNSET;
    }
  run->finished_at = now (self);
  run->next_retry_in = -1;
  set_message (run, message);
  set_state (self, run, ORK_RUN_CANCELLED, reason);
  emit_record (self, run);
  run_final (self, run);
}

/* Ends a run that is not current: waiting or deferred. Takes the reference. */
static void
cancel_not_started (OrkScheduler *self,
                    OrkRun       *run,
                    OrkReason     reason,
                    const char   *message)
{
  clear_run_timer (self, run);
  run->attempt = 1;
  run->finished_at = now (self);
  set_message (run, message);
  set_state (self, run, ORK_RUN_CANCELLED, reason);
  emit_record (self, run);
  ork_run_unref (run);
}

/* Queueing -------------------------------------------------------------- */

static void
enqueue (OrkScheduler *self,
         OrkRun       *run,
         OrkReason     reason)
{
  JobState *js = run->job_state;

  /* A run that waited for the previous one keeps its queueing time: that
   * wait is part of its lateness. */
  if (run->state != ORK_RUN_QUEUED || run->queued_at == ORK_TIME_UNSET)
    run->queued_at = now (self);
  run->started_at = ORK_TIME_UNSET;
  run->finished_at = ORK_TIME_UNSET;
  run->next_retry_in = -1;
  if (run->link.prev == NULL && js->current.head != &run->link)
    {
      g_queue_push_tail_link (&js->current, &run->link);
      ork_run_ref (run);  /* released by run_final () */
    }
  set_state (self, run, ORK_RUN_QUEUED, reason);
  run->q_priority = js->priority;
  run->q_rank = js->rank;
  ork_queue_push (self->ready, run);
  g_ptr_array_add (self->fresh, run);
  request_dispatch (self);
  update_status (js);
}

static void
admit_waiting (JobState *js)
{
  OrkScheduler *self = js->sched;

  /* run_all and the overlap queue hand over one run at a time, once the
   * job's current runs are done. */
  if (js->current.length > 0 || js->waiting.length == 0)
    return;

  {
    OrkRun *run = g_queue_pop_head (&js->waiting);

    run->pending = FALSE;
    enqueue (self, run, run->reason == ORK_REASON_OVERLAP ? ORK_REASON_SCHEDULE : run->reason);
    ork_run_unref (run);  /* js->current holds it now */
  }
}

/* Takes the caller's reference on @run (a new run in state SCHEDULED). */
static void
admit_fire (JobState *js,
            OrkRun   *run,
            OrkReason reason)
{
  OrkScheduler *self = js->sched;
  gint64 quiet_end;

  if (quiet_applies (js, run) && in_quiet_hours (js, now (self), &quiet_end))
    {
      g_autofree char *until = NULL;

      if (js->quiet->policy == ORK_QUIET_POLICY_SKIP)
        {
          finish_skipped (self, run, ORK_REASON_QUIET_HOURS, "skipped: inside quiet hours");
          return;
        }

      if (js->deferred != NULL)
        {
          OrkRun *older = g_steal_pointer (&js->deferred);

          clear_run_timer (self, older);
          finish_skipped (self, older, ORK_REASON_COALESCED,
                          "coalesced with a later run held back by quiet hours");
        }
      js->deferred = run;
      run->deferred = TRUE;
      run->admit_reason = reason;
      set_message (run, "held back by quiet hours");
      run->timer = NULL;
      set_state (self, run, ORK_RUN_SCHEDULED, ORK_REASON_QUIET_HOURS);
      run->timer = ork_clock_add_timer (self->clock, quiet_end, ORDER_RETRY,
                                        on_deferred_due, run);
      update_status (js);
      return;
    }

  if (!run->manual && (js->current.length > 0 || js->waiting.length > 0))
    {
      switch (js->overlap)
        {
        case ORK_OVERLAP_SKIP:
          finish_skipped (self, run, ORK_REASON_OVERLAP, "skipped: the previous run is still active");
          return;

        case ORK_OVERLAP_QUEUE:
          if (js->waiting.length > 0)
            {
              finish_skipped (self, run, ORK_REASON_OVERLAP,
                              "skipped: a run is already waiting for the previous one");
              return;
            }
          run->pending = TRUE;
          run->queued_at = now (self);
          set_state (self, run, ORK_RUN_QUEUED, ORK_REASON_OVERLAP);
          g_queue_push_tail (&js->waiting, run);
          update_status (js);
          return;

        case ORK_OVERLAP_REPLACE:
          while (js->waiting.length > 0)
            cancel_not_started (self, g_queue_pop_head (&js->waiting), ORK_REASON_REPLACED,
                                "replaced by a newer run");
          while (js->current.length > 0)
            cancel_current (self, js->current.head->data, ORK_REASON_REPLACED,
                            "replaced by a newer run");
          break;

        case ORK_OVERLAP_ALLOW:
        default:
          break;
        }
    }

  enqueue (self, run, reason);
  ork_run_unref (run);
}

static void
on_deferred_due (gpointer user_data)
{
  OrkRun *run = user_data;
  JobState *js = run->job_state;


  run->timer = NULL;
  g_assert (js->deferred == run);
  js->deferred = NULL;
  run->deferred = FALSE;
  set_message (run, NULL);
  /* The window is over: from here on it is an ordinary fire. */
  run->ignore_quiet = TRUE;
  admit_fire (js, run, run->admit_reason);
}

/* Attempts -------------------------------------------------------------- */

static void on_attempt_end (gpointer user_data);
static void on_retry_due   (gpointer user_data);

static void
start_attempt (OrkScheduler *self,
               OrkRun       *run)
{
  JobState *js = run->job_state;
  const OrkSimSpec *spec = &js->sim;
  gint64 timeout_ms = js->timeout_ms;
  gint64 t = now (self);
  OrkSimOutcome outcome;
  gint64 end;

  run->attempt++;
  run->started_at = t;
  run->finished_at = ORK_TIME_UNSET;
  run->next_retry_in = -1;
  set_message (run, NULL);

  self->running++;
  if (js->group != NULL)
    js->group->running++;

  if (js->type == ORK_JOB_TYPE_COMMAND && self->command_mode == ORK_COMMAND_MODE_RUN)
    {
      run->timer = NULL;
      set_state (self, run, ORK_RUN_RUNNING, run->reason);
      update_status (js);
      start_command (self, run);
      return;
    }

  ork_sim_draw (spec, self->seed, js->id, run->nominal_at, run->attempt, t,
                self->failure_multiplier, &outcome);

  if (outcome.verdict == ORK_SIM_HANG)
    {
      run->end_state = ORK_RUN_TIMED_OUT;
      run->end_reason = ORK_REASON_INJECTED_HANG;
      end = timeout_ms == ORK_DURATION_NONE ? ORK_TIME_NEVER : t + timeout_ms * ORK_USEC_PER_MS;
    }
  else if (timeout_ms != ORK_DURATION_NONE && outcome.duration_ms > timeout_ms)
    {
      run->end_state = ORK_RUN_TIMED_OUT;
      run->end_reason = ORK_REASON_TIMEOUT;
      end = t + timeout_ms * ORK_USEC_PER_MS;
    }
  else
    {
      gboolean failed = outcome.verdict == ORK_SIM_FAIL;

      run->end_state = failed ? ORK_RUN_FAILED : ORK_RUN_SUCCEEDED;
      run->end_reason = failed ? ORK_REASON_INJECTED_FAILURE : ORK_REASON_COMPLETED;
      end = t + outcome.duration_ms * ORK_USEC_PER_MS;
    }

  run->timer = end == ORK_TIME_NEVER ? NULL
             : ork_clock_add_timer (self->clock, end, ORDER_END, on_attempt_end, run);

  set_state (self, run, ORK_RUN_RUNNING, run->reason);
  update_status (js);
}

static char *
end_message (OrkRun *run,
             gint64  timeout_ms)
{
  switch (run->end_reason)
    {
    case ORK_REASON_INJECTED_FAILURE:
      return g_strdup ("simulated failure");
    case ORK_REASON_INJECTED_HANG:
      {
        g_autofree char *d = ork_duration_describe (timeout_ms);
        return g_strdup_printf ("simulated hang: no result within the %s timeout", d);
      }
    case ORK_REASON_TIMEOUT:
      {
        g_autofree char *d = ork_duration_describe (timeout_ms);
        return g_strdup_printf ("timed out after %s", d);
      }
    default:
      return NULL;
    }
}

/* The running attempt of @run ended as run->end_state / end_reason, with
 * its message already set: free the slot, then retry or finish. */
static void
finish_attempt (OrkRun *run)
{
  JobState *js = run->job_state;
  OrkScheduler *self = js->sched;
  const OrkRetryPolicy *retry = &js->retry;
  gboolean retry_follows;

  run->finished_at = now (self);
  release_slot (self, run);

  retry_follows = run->end_state != ORK_RUN_SUCCEEDED &&
                  !run->no_more_retries &&
                  run->attempt <= retry->max_retries;

  if (retry_follows)
    {
      OrkRng rng;
      gint64 delay;

      ork_rng_init_for (&rng, self->seed, js->id, run->nominal_at, run->attempt,
                        ORK_RNG_STREAM_RETRY_JITTER);
      gint64 t = now (self);
      gint64 due, quiet_end;
      gboolean held;

      delay = ork_retry_policy_delay (retry, run->attempt, &run->prev_delay_ms, &rng);
      due = t + delay * ORK_USEC_PER_MS;
      /* A retry that falls in quiet hours waits for their end; the record
       * says when the next attempt really comes. */
      held = quiet_applies (js, run) && in_quiet_hours (js, due, &quiet_end) &&
             quiet_end != ORK_TIME_NEVER;
      if (held)
        due = quiet_end;
      run->next_retry_in = (due - t) / ORK_USEC_PER_MS;
      set_state (self, run, run->end_state, run->end_reason);
      emit_record (self, run);
      set_state (self, run, ORK_RUN_RETRY_WAIT, ORK_REASON_RETRY);
      if (held)
        set_state (self, run, ORK_RUN_RETRY_WAIT, ORK_REASON_QUIET_HOURS);
      run->timer = ork_clock_add_timer (self->clock, due, ORDER_RETRY, on_retry_due, run);
      update_status (js);
      return;
    }

  set_state (self, run, run->end_state, run->end_reason);
  emit_record (self, run);
  run_final (self, run);
}

static void
on_attempt_end (gpointer user_data)
{
  OrkRun *run = user_data;
  JobState *js = run->job_state;
  g_autofree char *message = end_message (run, js->timeout_ms);

  run->timer = NULL;
  set_message (run, message);
  finish_attempt (run);
}

/* Command jobs in live mode ------------------------------------------------ */

/* Ties a process to its run. A run that is cancelled, replaced or
 * interrupted lets go at once (run = NULL); the worker still takes the
 * process group down, SIGTERM then SIGKILL, and the handle goes when it is
 * done. */
struct _CommandAttempt
{
  OrkScheduler *sched;
  OrkRun       *run;
  OrkCommand   *command;
};

static void
on_command_line (OrkCommand *command,
                 gboolean    is_stderr,
                 const char *line,
                 gpointer    user_data)
{
  CommandAttempt *ca = user_data;

  if (ca->run == NULL || ca->sched == NULL)
    return;
  if (g_signal_has_handler_pending (ca->sched, signals[SIGNAL_OUTPUT], 0, FALSE))
    g_signal_emit (ca->sched, signals[SIGNAL_OUTPUT], 0, ca->run, is_stderr, line);
}

static void
on_command_done (OrkCommand             *command,
                 const OrkCommandResult *result,
                 gpointer                user_data)
{
  CommandAttempt *ca = user_data;
  OrkRun *run = ca->run;

  if (run == NULL)
    {
      /* Detached: nobody waits for this one but the count of processes. */
      if (ca->sched != NULL)
        {
          g_assert (ca->sched->n_detached > 0);
          ca->sched->n_detached--;
          g_object_remove_weak_pointer (G_OBJECT (ca->sched), (gpointer *) &ca->sched);
        }
      ork_command_free (command);
      g_free (ca);
      return;
    }

  run->command = NULL;
  forget_handlers (ca->sched);
  run->has_exit_code = result->end == ORK_COMMAND_EXITED;
  run->exit_code = result->exit_status;
  switch (result->end)
    {
    case ORK_COMMAND_EXITED:
      run->end_state = result->exit_status == 0 ? ORK_RUN_SUCCEEDED : ORK_RUN_FAILED;
      run->end_reason = result->exit_status == 0 ? ORK_REASON_COMPLETED : ORK_REASON_EXIT_STATUS;
      break;
    case ORK_COMMAND_SIGNALED:
      run->end_state = ORK_RUN_FAILED;
      run->end_reason = ORK_REASON_SIGNAL;
      break;
    case ORK_COMMAND_SPAWN_FAILED:
      run->end_state = ORK_RUN_FAILED;
      run->end_reason = ORK_REASON_SPAWN_ERROR;
      break;
    case ORK_COMMAND_TIMED_OUT:
      run->end_state = ORK_RUN_TIMED_OUT;
      run->end_reason = ORK_REASON_TIMEOUT;
      break;
    case ORK_COMMAND_CANCELLED:
    default:
      run->end_state = ORK_RUN_CANCELLED;
      run->end_reason = ORK_REASON_USER_CANCEL;
      break;
    }

  /* What a person wants to read first: the output's last line when it
   * worked, the cause (and the last line) when it did not. */
  if (run->end_state == ORK_RUN_SUCCEEDED)
    set_message (run, result->last_line);
  else if (result->last_line != NULL && result->end != ORK_COMMAND_SPAWN_FAILED)
    {
      g_autofree char *message = g_strdup_printf ("%s: %s", result->message, result->last_line);
      set_message (run, message);
    }
  else
    set_message (run, result->message);

  g_object_remove_weak_pointer (G_OBJECT (ca->sched), (gpointer *) &ca->sched);
  ork_command_free (command);
  g_free (ca);
  finish_attempt (run);
}

static void
start_command (OrkScheduler *self,
               OrkRun       *run)
{
  JobState *js = run->job_state;
  CommandAttempt *ca = g_new0 (CommandAttempt, 1);

  ca->sched = self;
  ca->run = run;
  g_object_add_weak_pointer (G_OBJECT (self), (gpointer *) &ca->sched);
  run->command = ca;
  ca->command = ork_command_start (ork_job_get_argv (js->job), ork_job_get_cwd (js->job),
                                   ork_job_get_env (js->job), js->timeout_ms,
                                   on_command_line, on_command_done, ca);
}

/* Lets the process of a running command attempt go (see CommandAttempt). */
static void
detach_command (OrkScheduler *self,
                OrkRun       *run)
{
  CommandAttempt *ca = run->command;

  if (ca == NULL)
    return;
  run->command = NULL;
  ca->run = NULL;
  self->n_detached++;
  ork_command_cancel (ca->command);
}

static void
on_retry_due (gpointer user_data)
{
  OrkRun *run = user_data;
  JobState *js = run->job_state;
  OrkScheduler *self = js->sched;
  gint64 quiet_end;

  run->timer = NULL;
  if (quiet_applies (js, run) && in_quiet_hours (js, now (self), &quiet_end))
    {
      /* Retries wait for the end of quiet hours whatever the policy:
       * skipping one would end the run without a verdict. */
      run->timer = ork_clock_add_timer (self->clock, quiet_end, ORDER_RETRY, on_retry_due, run);
      set_state (self, run, ORK_RUN_RETRY_WAIT, ORK_REASON_QUIET_HOURS);
      return;
    }
  enqueue (self, run, run->no_more_retries ? ORK_REASON_MANUAL_RETRY : ORK_REASON_RETRY);
}

/* Dispatch -------------------------------------------------------------- */

static void
on_quiet_wake (gpointer user_data)
{
  JobState *js = user_data;

  js->quiet_wake = NULL;
  request_dispatch (js->sched);
}

static void
on_dispatch (gpointer user_data)
{
  OrkScheduler *self = user_data;
  g_autoptr(GPtrArray) aside = NULL;
  gint64 t = now (self);

  self->dispatch_timer = NULL;
  if (self->paused)
    goto out;

  while (self->running < self->workers && ork_queue_get_length (self->ready) > 0)
    {
      OrkRun *run = ork_queue_pop (self->ready);
      JobState *js = run->job_state;
      OrkReason blocked = ORK_REASON_NONE;
      gint64 quiet_end;

      if (quiet_applies (js, run) && in_quiet_hours (js, t, &quiet_end))
        {
          blocked = ORK_REASON_QUIET_HOURS;
          if (js->quiet_wake == NULL)
            js->quiet_wake = ork_clock_add_timer (self->clock, quiet_end, ORDER_RETRY,
                                                  on_quiet_wake, js);
        }
      else if (js->n_running >= js->max_running)
        blocked = ORK_REASON_MAX_RUNNING;
      else if (js->group != NULL && js->group->running >= js->group->slots)
        blocked = ORK_REASON_GROUP_LIMIT;

      if (blocked != ORK_REASON_NONE)
        {
          if (aside == NULL)
            aside = g_ptr_array_new ();
          if (run->reason != blocked)
            set_state (self, run, ORK_RUN_QUEUED, blocked);
          g_ptr_array_add (aside, run);  /* keeps the queue's reference */
          continue;
        }

      start_attempt (self, run);
      ork_run_unref (run);
    }

  if (aside != NULL)
    for (guint i = 0; i < aside->len; i++)
      {
        OrkRun *run = aside->pdata[i];
        ork_queue_push (self->ready, run);
        ork_run_unref (run);
      }

  /* Runs that arrived at a full engine say why they wait. */
  if (self->running >= self->workers)
    for (guint i = 0; i < self->fresh->len; i++)
      {
        OrkRun *run = self->fresh->pdata[i];
        if (ork_queue_contains (self->ready, run) && !is_limit_reason (run->reason) &&
            run->reason != ORK_REASON_QUIET_HOURS)
          set_state (self, run, ORK_RUN_QUEUED, ORK_REASON_CONCURRENCY_LIMIT);
      }

out:
  g_ptr_array_set_size (self->fresh, 0);
  flush_statuses (self);
  notify_counters (self);
  /* Every instant with events ends here: the next one asks again. */
  forget_handlers (self);
}

static void
request_dispatch (OrkScheduler *self)
{
  if (self->dispatch_timer == NULL)
    self->dispatch_timer = ork_clock_add_timer (self->clock, now (self), ORDER_DISPATCH,
                                                on_dispatch, self);
}

/* Fires ----------------------------------------------------------------- */

static gint64
jittered (JobState *js,
          gint64    nominal)
{
  gint64 jitter_ms = js->start_jitter_ms;
  OrkRng rng;

  if (jitter_ms <= 0 || nominal == ORK_TIME_NEVER)
    return nominal;
  ork_rng_init_for (&rng, js->sched->seed, js->id, nominal, 0, ORK_RNG_STREAM_START_JITTER);
  return nominal + ork_rng_range (&rng, 0, jitter_ms) * ORK_USEC_PER_MS;
}

static void
advance_cursor (JobState *js)
{
  const OrkSchedule *schedule = js->schedule;

  if (schedule_from_completion (js))
    js->cursor = ORK_TIME_NEVER;  /* the next one is armed when this run ends */
  else
    js->cursor = ork_schedule_next (schedule, js->tz, js->cursor, js->last_end);
  js->cursor_due = jittered (js, js->cursor);
}

/* Command jobs of a workspace the user has not trusted do not run. */
static gboolean
is_blocked (JobState *js)
{
  return js->type == ORK_JOB_TYPE_COMMAND && js->sched->command_mode == ORK_COMMAND_MODE_BLOCK;
}

static void
on_fire_timer (gpointer user_data)
{
  JobState *js = user_data;

  js->fire_timer = NULL;
  process_fires (js);
}

static void
arm_fire_timer (JobState *js)
{
  OrkScheduler *self = js->sched;

  if (js->fire_timer != NULL)
    {
      ork_clock_remove_timer (self->clock, js->fire_timer);
      js->fire_timer = NULL;
    }
  if (js->cursor == ORK_TIME_NEVER || self->paused || js->paused || !js->enabled ||
      is_blocked (js))
    return;
  js->fire_timer = ork_clock_add_timer (self->clock, js->cursor_due, ORDER_FIRE, on_fire_timer, js);
}

static OrkRun *
new_run (JobState *js,
         gint64    nominal,
         gint64    due)
{
  OrkRun *run = ork_run_new_shared (js->id, ++js->last_run_id, nominal);

  run->due_at = due;
  run->job_state = js;
  return run;
}

static void
flush_missed (JobState  *js,
              OrkRun   **latest_missed,
              GQueue    *run_all)
{
  OrkRun *run;

  if (*latest_missed != NULL)
    admit_fire (js, g_steal_pointer (latest_missed), ORK_REASON_MISSED);

  if (run_all->length > 0)
    {
      /* One after another, oldest first, whatever the overlap policy. */
      while ((run = g_queue_pop_head (run_all)) != NULL)
        {
          run->pending = TRUE;
          run->reason = ORK_REASON_MISSED;
          g_queue_push_tail (&js->waiting, run);
        }
      admit_waiting (js);
    }
}

/* Handles every fire time of @js that is due, missed ones included, and
 * arms the timer for the next one. */
static void
process_fires (JobState *js)
{
  OrkScheduler *self = js->sched;
  gint64 t = now (self);
  gint64 grace_us = js->grace_us;
  OrkMissedPolicy policy = js->missed_policy;
  OrkRun *latest_missed = NULL;        /* run_once: the one that will run */
  GQueue run_all = G_QUEUE_INIT;       /* run_all: the latest MAX_RUN_ALL */

  if (self->paused || js->paused || !js->enabled || is_blocked (js))
    return;

  while (js->cursor != ORK_TIME_NEVER && js->cursor_due <= t)
    {
      gint64 nominal = js->cursor;
      gint64 due = js->cursor_due;
      OrkRun *run;

      advance_cursor (js);
      run = new_run (js, nominal, due);

      if (t - due <= grace_us)
        {
          /* Older missed runs go first. */
          flush_missed (js, &latest_missed, &run_all);
          admit_fire (js, run, ORK_REASON_SCHEDULE);
          continue;
        }

      switch (policy)
        {
        case ORK_MISSED_SKIP:
          finish_skipped (self, run, ORK_REASON_MISSED, "missed: the engine could not act in time");
          break;

        case ORK_MISSED_RUN_ONCE:
          if (latest_missed != NULL)
            finish_skipped (self, latest_missed, ORK_REASON_COALESCED,
                            "coalesced into the run of a later missed time");
          latest_missed = run;
          break;

        case ORK_MISSED_RUN_ALL:
        default:
          g_queue_push_tail (&run_all, run);
          if (run_all.length > MAX_RUN_ALL)
            finish_skipped (self, g_queue_pop_head (&run_all), ORK_REASON_MISSED,
                            "missed: more than 100 missed runs, only the latest 100 run");
          break;
        }
    }

  flush_missed (js, &latest_missed, &run_all);
  arm_fire_timer (js);
  update_status (js);
}

/* Job states ------------------------------------------------------------ */

static void
resolve_job (OrkScheduler *self,
             JobState     *js)
{
  const OrkSchedule *schedule = ork_job_get_schedule (js->job);
  const char *group = ork_job_get_group (js->job);

  /* The fields read on every event, kept together: with 100,000 jobs a
   * look into the job object and its parts is a cache miss each. The
   * pointers stay valid until the job notifies a change, which lands here. */
  js->schedule = schedule;
  js->from_completion = schedule->kind == ORK_SCHEDULE_INTERVAL &&
                        schedule->from == ORK_INTERVAL_FROM_COMPLETION;
  js->enabled = ork_job_get_enabled (js->job);
  js->type = ork_job_get_job_type (js->job);
  js->overlap = ork_job_get_overlap (js->job);
  js->timeout_ms = ork_job_get_timeout (js->job);
  js->max_running = ork_job_get_max_running (js->job);
  js->start_jitter_ms = ork_job_get_start_jitter (js->job);
  js->grace_us = ork_job_get_missed_grace (js->job) * ORK_USEC_PER_MS;
  js->missed_policy = ork_job_get_missed_policy (js->job);
  js->sim = *ork_job_get_simulation (js->job);
  js->retry = *ork_job_get_retry (js->job);
  js->priority = ork_job_get_priority (js->job);
  g_clear_pointer (&js->tz, g_time_zone_unref);
  if (schedule != NULL && schedule->tz != NULL)
    js->tz = g_time_zone_ref (schedule->tz);
  else
    js->tz = g_time_zone_ref (ork_workspace_get_time_zone (self->workspace));

  switch (ork_job_get_quiet_mode (js->job))
    {
    case ORK_QUIET_IGNORE:
      js->quiet = NULL;
      break;
    case ORK_QUIET_OWN:
      js->quiet = ork_job_get_quiet_hours (js->job);
      break;
    case ORK_QUIET_INHERIT:
    default:
      js->quiet = ork_workspace_get_quiet_hours (self->workspace);
      break;
    }

  js->group = NULL;
  if (group != NULL)
    {
      js->group = g_hash_table_lookup (self->groups, group);
      if (js->group == NULL)
        {
          gpointer slots = g_hash_table_lookup (ork_workspace_get_groups (self->workspace), group);

          js->group = g_new0 (GroupState, 1);
          js->group->name = g_strdup (group);
          js->group->slots = slots != NULL ? GPOINTER_TO_UINT (slots) : 1;
          g_hash_table_insert (self->groups, js->group->name, js->group);
        }
    }
}

static void
group_state_free (GroupState *group)
{
  g_free (group->name);
  g_free (group);
}

static void
job_state_free (JobState *js)
{
  OrkScheduler *self = js->sched;
  OrkRun *run;

  if (js->fire_timer != NULL)
    ork_clock_remove_timer (self->clock, js->fire_timer);
  if (js->quiet_wake != NULL)
    ork_clock_remove_timer (self->clock, js->quiet_wake);
  while (js->current.head != NULL)
    {
      GList *link = js->current.head;
      run = link->data;
      g_queue_unlink (&js->current, link);
      clear_run_timer (self, run);
      if (ork_queue_contains (self->ready, run))
        ork_run_unref (ork_queue_remove (self->ready, run));
      detach_command (self, run);
      if (run->state == ORK_RUN_RUNNING)
        {
          self->running--;
          if (js->group != NULL)
            js->group->running--;
        }
      run->job_state = NULL;
      ork_run_unref (run);
    }
  while ((run = g_queue_pop_head (&js->waiting)) != NULL)
    {
      run->job_state = NULL;
      ork_run_unref (run);
    }
  if (js->deferred != NULL)
    {
      clear_run_timer (self, js->deferred);
      js->deferred->job_state = NULL;
      g_clear_pointer (&js->deferred, ork_run_unref);
    }
  g_clear_pointer (&js->last_final, ork_run_unref);
  g_clear_pointer (&js->tz, g_time_zone_unref);
  if (js->status_dirty && self->dirty != NULL)
    g_ptr_array_remove (self->dirty, js);
  g_signal_handlers_disconnect_by_data (js->job, js);
  g_clear_object (&js->job);
  g_ref_string_release (js->id);
  g_free (js);
}

static void
start_job (JobState *js)
{
  OrkScheduler *self = js->sched;
  const OrkSchedule *schedule = js->schedule;
  gint64 t = now (self);

  if (schedule_from_completion (js))
    js->cursor = ork_schedule_next (schedule, js->tz, js->last_end != G_MININT64 ? js->last_end : t,
                                    js->last_end != G_MININT64 ? js->last_end : G_MININT64);
  else if (js->cursor == G_MININT64 && schedule->kind == ORK_SCHEDULE_ONCE &&
           schedule->at != NULL && js->last_run_id == 0)
    {
      /* A one-time job that never ran: a time in the past is missed, and
       * its missed-run policy decides (DESIGN §2). */
      js->cursor = g_date_time_to_unix (schedule->at) * ORK_USEC_PER_SEC +
                   g_date_time_get_microsecond (schedule->at);
    }
  else if (js->cursor == G_MININT64)
    js->cursor = ork_schedule_next (schedule, js->tz, t - 1, js->last_end);  /* fires at start count */
  else
    js->cursor = ork_schedule_next (schedule, js->tz, js->cursor, js->last_end);
  js->cursor_due = jittered (js, js->cursor);

  /* Due fires (missed ones after a restore) are handled on the first
   * timer, which is then in the past and fires at once. */
  arm_fire_timer (js);
  update_status (js);
}

static void
on_job_changed (OrkJob     *job,
                GParamSpec *pspec,
                JobState   *js)
{
  OrkScheduler *self = js->sched;
  const char *name = g_param_spec_get_name (pspec);

  forget_handlers (self);
  resolve_job (self, js);
  if (g_str_equal (name, "schedule") || g_str_equal (name, "enabled") ||
      g_str_equal (name, "start-jitter"))
    {
      if (self->started && js->current.length == 0 && js->waiting.length == 0 &&
          schedule_from_completion (js))
        {
          js->cursor = ork_schedule_next (ork_job_get_schedule (job), js->tz, now (self),
                                          G_MININT64);
          js->cursor_due = jittered (js, js->cursor);
        }
      else if (!schedule_from_completion (js))
        {
          js->cursor = ork_schedule_next (ork_job_get_schedule (job), js->tz, now (self), js->last_end);
          js->cursor_due = jittered (js, js->cursor);
        }
      if (self->started)
        arm_fire_timer (js);
    }
  if (g_str_equal (name, "priority"))
    reorder_ready (self);
  if (g_str_equal (name, "priority") || g_str_equal (name, "max-running") ||
      g_str_equal (name, "group"))
    request_dispatch (self);
  update_status (js);
}

static JobState *
add_job_state (OrkScheduler *self,
               OrkJob       *job)
{
  JobState *js = g_new0 (JobState, 1);

  js->sched = self;
  js->job = g_object_ref (job);
  js->id = g_ref_string_new (ork_job_get_id (job));
  js->cursor = G_MININT64;
  js->last_end = G_MININT64;
  js->paused = ork_job_get_paused (job);
  js->status = ork_job_get_status (job);
  resolve_job (self, js);
  g_hash_table_insert (self->jobs, js->id, js);
  g_ptr_array_add (self->job_order, js);
  /* "changed" covers the definition only: the status, which the engine sets
   * on nearly every event, does not come back here. */
  g_signal_connect (job, "changed", G_CALLBACK (on_job_changed), js);
  return js;
}

static int
compare_job_ids (gconstpointer a,
                 gconstpointer b)
{
  const JobState *ja = *(JobState * const *) a;
  const JobState *jb = *(JobState * const *) b;

  return strcmp (ja->id, jb->id);
}

static void
refresh_queue_keys (gpointer data,
                    gpointer user_data)
{
  OrkRun *run = data;
  JobState *js = run->job_state;

  run->q_priority = js->priority;
  run->q_rank = js->rank;
}

/* A job's priority or rank changed: queued runs take the new keys. */
static void
reorder_ready (OrkScheduler *self)
{
  ork_queue_reorder (self->ready, refresh_queue_keys, NULL);
}

/* Queue order breaks ties by job id; comparing ranks is cheaper than
 * comparing strings. Recomputed when the job list changes. */
static void
rank_jobs (OrkScheduler *self)
{
  g_autoptr(GPtrArray) sorted = g_ptr_array_copy (self->job_order, NULL, NULL);

  g_ptr_array_sort (sorted, compare_job_ids);
  for (guint i = 0; i < sorted->len; i++)
    ((JobState *) sorted->pdata[i])->rank = i;
  reorder_ready (self);
}

static void
on_jobs_items_changed (GListModel   *model,
                       guint         position,
                       guint         removed,
                       guint         added,
                       OrkScheduler *self)
{
  g_autoptr(GHashTable) present = g_hash_table_new (NULL, NULL);
  guint n = g_list_model_get_n_items (model);

  forget_handlers (self);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(OrkJob) job = g_list_model_get_item (model, i);
      g_hash_table_add (present, job);
    }

  /* Jobs that left the workspace: their runs are dropped without records. */
  for (guint i = self->job_order->len; i > 0; i--)
    {
      JobState *js = self->job_order->pdata[i - 1];

      if (!g_hash_table_contains (present, js->job))
        {
          g_ptr_array_remove_index (self->job_order, i - 1);
          g_hash_table_remove (self->jobs, js->id);
        }
    }

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(OrkJob) job = g_list_model_get_item (model, i);
      JobState *js = g_hash_table_lookup (self->jobs, ork_job_get_id (job));

      if (js == NULL || js->job != job)
        {
          if (js != NULL)
            {
              g_ptr_array_remove (self->job_order, js);
              g_hash_table_remove (self->jobs, js->id);
            }
          js = add_job_state (self, job);
          if (self->started)
            start_job (js);
        }
    }
  rank_jobs (self);
  request_dispatch (self);
  notify_counters (self);
}

static JobState *
lookup_job (OrkScheduler  *self,
            const char    *job_id,
            GError       **error)
{
  JobState *js = g_hash_table_lookup (self->jobs, job_id);

  forget_handlers (self);
  if (js == NULL)
    g_set_error (error, ORK_SCHEDULER_ERROR, ORK_SCHEDULER_ERROR_NO_SUCH_JOB,
                 "there is no job \"%s\"", job_id);
  return js;
}

/* GObject --------------------------------------------------------------- */

static void
ork_scheduler_dispose (GObject *object)
{
  OrkScheduler *self = ORK_SCHEDULER (object);

  if (self->workspace != NULL)
    g_signal_handlers_disconnect_by_data (ork_workspace_get_jobs (self->workspace), self);
  if (self->dispatch_timer != NULL)
    {
      ork_clock_remove_timer (self->clock, self->dispatch_timer);
      self->dispatch_timer = NULL;
    }
  g_clear_pointer (&self->jobs, g_hash_table_unref);   /* frees the job states */
  g_clear_pointer (&self->job_order, g_ptr_array_unref);
  g_clear_pointer (&self->ready, ork_queue_free);
  g_clear_pointer (&self->groups, g_hash_table_unref);
  g_clear_pointer (&self->fresh, g_ptr_array_unref);
  g_clear_pointer (&self->dirty, g_ptr_array_unref);
  g_clear_object (&self->workspace);
  g_clear_object (&self->clock);

  G_OBJECT_CLASS (ork_scheduler_parent_class)->dispose (object);
}

static void
ork_scheduler_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  OrkScheduler *self = ORK_SCHEDULER (object);

  switch (prop_id)
    {
    case PROP_PAUSED:
      g_value_set_boolean (value, self->paused);
      break;
    case PROP_FAILURE_MULTIPLIER:
      g_value_set_double (value, self->failure_multiplier);
      break;
    case PROP_SEED:
      g_value_set_uint64 (value, self->seed);
      break;
    case PROP_QUEUE_DEPTH:
      g_value_set_uint (value, ork_scheduler_get_queue_depth (self));
      break;
    case PROP_RUNNING:
      g_value_set_uint (value, self->running);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ork_scheduler_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  OrkScheduler *self = ORK_SCHEDULER (object);

  switch (prop_id)
    {
    case PROP_PAUSED:
      ork_scheduler_set_paused (self, g_value_get_boolean (value));
      break;
    case PROP_FAILURE_MULTIPLIER:
      ork_scheduler_set_failure_multiplier (self, g_value_get_double (value));
      break;
    case PROP_SEED:
      ork_scheduler_set_seed (self, g_value_get_uint64 (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ork_scheduler_class_init (OrkSchedulerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = ork_scheduler_dispose;
  object_class->get_property = ork_scheduler_get_property;
  object_class->set_property = ork_scheduler_set_property;

  properties[PROP_PAUSED] =
    g_param_spec_boolean ("paused", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_FAILURE_MULTIPLIER] =
    g_param_spec_double ("failure-multiplier", NULL, NULL, 0.0, 1000.0, 1.0,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SEED] =
    g_param_spec_uint64 ("seed", NULL, NULL, 0, G_MAXUINT64, 1,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_QUEUE_DEPTH] =
    g_param_spec_uint ("queue-depth", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_RUNNING] =
    g_param_spec_uint ("running", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[SIGNAL_TRANSITION] =
    g_signal_new ("transition", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, ork_marshal_VOID__BOXED_UINT_UINT_UINT, G_TYPE_NONE, 4,
                  ORK_TYPE_RUN | G_SIGNAL_TYPE_STATIC_SCOPE, G_TYPE_UINT, G_TYPE_UINT, G_TYPE_UINT);
  g_signal_set_va_marshaller (signals[SIGNAL_TRANSITION], G_TYPE_FROM_CLASS (klass),
                              ork_marshal_VOID__BOXED_UINT_UINT_UINTv);
  signals[SIGNAL_RECORD] =
    g_signal_new ("record", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, ork_marshal_VOID__BOXED, G_TYPE_NONE, 1,
                  ORK_TYPE_RECORD | G_SIGNAL_TYPE_STATIC_SCOPE);
  g_signal_set_va_marshaller (signals[SIGNAL_RECORD], G_TYPE_FROM_CLASS (klass),
                              ork_marshal_VOID__BOXEDv);
  signals[SIGNAL_OUTPUT] =
    g_signal_new ("output", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, ork_marshal_VOID__BOXED_BOOLEAN_STRING, G_TYPE_NONE, 3,
                  ORK_TYPE_RUN | G_SIGNAL_TYPE_STATIC_SCOPE, G_TYPE_BOOLEAN,
                  G_TYPE_STRING | G_SIGNAL_TYPE_STATIC_SCOPE);
  g_signal_set_va_marshaller (signals[SIGNAL_OUTPUT], G_TYPE_FROM_CLASS (klass),
                              ork_marshal_VOID__BOXED_BOOLEAN_STRINGv);
}

static void
ork_scheduler_init (OrkScheduler *self)
{
  self->jobs = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                      (GDestroyNotify) job_state_free);
  self->job_order = g_ptr_array_new ();
  self->groups = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                        (GDestroyNotify) group_state_free);
  self->ready = ork_queue_new (compare_ready);
  self->fresh = g_ptr_array_new ();
  self->dirty = g_ptr_array_new ();
  self->seed = 1;
  self->failure_multiplier = 1.0;
}

/* Public API ------------------------------------------------------------ */

OrkScheduler *
ork_scheduler_new (OrkWorkspace *workspace,
                   OrkClock     *clock)
{
  OrkScheduler *self;
  GListModel *jobs;
  guint n;

  g_return_val_if_fail (ORK_IS_WORKSPACE (workspace), NULL);
  g_return_val_if_fail (ORK_IS_CLOCK (clock), NULL);

  self = g_object_new (ORK_TYPE_SCHEDULER, NULL);
  self->workspace = g_object_ref (workspace);
  self->clock = g_object_ref (clock);
  self->clock_class = ORK_CLOCK_GET_CLASS (clock);
  self->workers = ork_workspace_get_workers (workspace);
  self->seed = ork_workspace_get_seed (workspace);

  jobs = ork_workspace_get_jobs (workspace);
  n = g_list_model_get_n_items (jobs);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(OrkJob) job = g_list_model_get_item (jobs, i);
      add_job_state (self, job);
    }
  rank_jobs (self);
  g_signal_connect (jobs, "items-changed", G_CALLBACK (on_jobs_items_changed), self);
  return self;
}

OrkWorkspace *
ork_scheduler_get_workspace (OrkScheduler *self)
{
  g_return_val_if_fail (ORK_IS_SCHEDULER (self), NULL);
  return self->workspace;
}

OrkClock *
ork_scheduler_get_clock (OrkScheduler *self)
{
  g_return_val_if_fail (ORK_IS_SCHEDULER (self), NULL);
  return self->clock;
}

void
ork_scheduler_restore_job (OrkScheduler *self,
                           const char   *job_id,
                           guint64       last_run_id,
                           gint64        last_fire_us,
                           gint64        last_end_us)
{
  JobState *js;

  g_return_if_fail (ORK_IS_SCHEDULER (self));
  g_return_if_fail (!self->started);

  js = g_hash_table_lookup (self->jobs, job_id);
  if (js == NULL)
    return;
  js->last_run_id = last_run_id;
  js->cursor = last_fire_us;
  js->last_end = last_end_us;
}

void
ork_scheduler_start (OrkScheduler *self)
{
  g_return_if_fail (ORK_IS_SCHEDULER (self));
  g_return_if_fail (!self->started);

  self->started = TRUE;
  forget_handlers (self);
  for (guint i = 0; i < self->job_order->len; i++)
    start_job (self->job_order->pdata[i]);
  flush_statuses (self);
}

void
ork_scheduler_set_paused (OrkScheduler *self,
                          gboolean      paused)
{
  g_return_if_fail (ORK_IS_SCHEDULER (self));

  paused = !!paused;
  if (self->paused == paused)
    return;
  self->paused = paused;
  forget_handlers (self);

  if (self->started)
    {
      for (guint i = 0; i < self->job_order->len; i++)
        {
          JobState *js = self->job_order->pdata[i];

          if (paused)
            arm_fire_timer (js);  /* disarms */
          else
            process_fires (js);   /* what fell due meanwhile is late: missed */
        }
      if (!paused)
        request_dispatch (self);
      flush_statuses (self);
    }
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PAUSED]);
}

gboolean
ork_scheduler_get_paused (OrkScheduler *self)
{
  g_return_val_if_fail (ORK_IS_SCHEDULER (self), FALSE);
  return self->paused;
}

void
ork_scheduler_set_failure_multiplier (OrkScheduler *self,
                                      double        multiplier)
{
  g_return_if_fail (ORK_IS_SCHEDULER (self));

  multiplier = CLAMP (multiplier, 0.0, 1000.0);
  if (self->failure_multiplier == multiplier)
    return;
  self->failure_multiplier = multiplier;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FAILURE_MULTIPLIER]);
}

double
ork_scheduler_get_failure_multiplier (OrkScheduler *self)
{
  g_return_val_if_fail (ORK_IS_SCHEDULER (self), 1.0);
  return self->failure_multiplier;
}

void
ork_scheduler_set_seed (OrkScheduler *self,
                        guint64       seed)
{
  g_return_if_fail (ORK_IS_SCHEDULER (self));

  if (self->seed == seed)
    return;
  self->seed = seed;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SEED]);
}

guint64
ork_scheduler_get_seed (OrkScheduler *self)
{
  g_return_val_if_fail (ORK_IS_SCHEDULER (self), 0);
  return self->seed;
}

gboolean
ork_scheduler_pause_job (OrkScheduler  *self,
                         const char    *job_id,
                         GError       **error)
{
  JobState *js;

  g_return_val_if_fail (ORK_IS_SCHEDULER (self), FALSE);

  if ((js = lookup_job (self, job_id, error)) == NULL)
    return FALSE;
  if (js->paused)
    return TRUE;
  js->paused = TRUE;
  arm_fire_timer (js);
  ork_job_set_paused (js->job, TRUE);
  update_status (js);
  flush_statuses (self);
  return TRUE;
}

gboolean
ork_scheduler_resume_job (OrkScheduler  *self,
                          const char    *job_id,
                          GError       **error)
{
  JobState *js;

  g_return_val_if_fail (ORK_IS_SCHEDULER (self), FALSE);

  if ((js = lookup_job (self, job_id, error)) == NULL)
    return FALSE;
  if (!js->paused)
    return TRUE;
  js->paused = FALSE;
  ork_job_set_paused (js->job, FALSE);
  /* A paused job has no fires while paused: the next one counts from now. */
  if (!schedule_from_completion (js) || js->cursor != ORK_TIME_NEVER)
    {
      gint64 t = now (self);
      const OrkSchedule *schedule = js->schedule;

      if (schedule_from_completion (js))
        js->cursor = ork_schedule_next (schedule, js->tz, t, G_MININT64);
      else
        js->cursor = ork_schedule_next (schedule, js->tz, t, js->last_end);
      js->cursor_due = jittered (js, js->cursor);
    }
  arm_fire_timer (js);
  update_status (js);
  flush_statuses (self);
  return TRUE;
}

OrkRun *
ork_scheduler_run_now (OrkScheduler  *self,
                       const char    *job_id,
                       GError       **error)
{
  JobState *js;
  OrkRun *run;
  gint64 t;

  g_return_val_if_fail (ORK_IS_SCHEDULER (self), NULL);

  if ((js = lookup_job (self, job_id, error)) == NULL)
    return NULL;
  if (!js->enabled)
    {
      g_set_error (error, ORK_SCHEDULER_ERROR, ORK_SCHEDULER_ERROR_INVALID_STATE,
                   "job \"%s\" is disabled: enable it first", job_id);
      return NULL;
    }
  if (is_blocked (js))
    {
      g_set_error (error, ORK_SCHEDULER_ERROR, ORK_SCHEDULER_ERROR_INVALID_STATE,
                   "job \"%s\" runs a command, and commands of this workspace are not "
                   "trusted yet", job_id);
      return NULL;
    }
  t = now (self);
  run = new_run (js, t, t);
  run->manual = TRUE;
  ork_run_ref (run);
  admit_fire (js, run, ORK_REASON_MANUAL);
  flush_statuses (self);
  return run;
}

static OrkRun *
find_current_run (JobState *js,
                  guint64   run_id)
{
  for (GList *l = js->current.head; l != NULL; l = l->next)
    if (((OrkRun *) l->data)->run_id == run_id)
      return l->data;
  return NULL;
}

gboolean
ork_scheduler_retry_now (OrkScheduler  *self,
                         const char    *job_id,
                         guint64        run_id,
                         GError       **error)
{
  JobState *js;
  OrkRun *run;

  g_return_val_if_fail (ORK_IS_SCHEDULER (self), FALSE);

  if ((js = lookup_job (self, job_id, error)) == NULL)
    return FALSE;

  run = find_current_run (js, run_id);
  if (run != NULL && run->state == ORK_RUN_RETRY_WAIT)
    {
      clear_run_timer (self, run);
      enqueue (self, run, run->no_more_retries ? ORK_REASON_MANUAL_RETRY : ORK_REASON_RETRY);
      flush_statuses (self);
      return TRUE;
    }

  run = js->last_final;
  if (run != NULL && run->run_id == run_id &&
      (run->state == ORK_RUN_FAILED || run->state == ORK_RUN_TIMED_OUT))
    {
      /* One more attempt, after which no automatic retries follow. */
      js->last_final = NULL;
      run->no_more_retries = TRUE;
      run->manual = TRUE;
      run->next_retry_in = -1;
      g_queue_push_tail_link (&js->current, &run->link);
      enqueue (self, run, ORK_REASON_MANUAL_RETRY);
      flush_statuses (self);
      return TRUE;
    }

  g_set_error (error, ORK_SCHEDULER_ERROR, ORK_SCHEDULER_ERROR_INVALID_STATE,
               "run %" G_GUINT64_FORMAT " of job \"%s\" is neither waiting to retry "
               "nor the job's last run that failed", run_id, job_id);
  return FALSE;
}

gboolean
ork_scheduler_cancel (OrkScheduler  *self,
                      const char    *job_id,
                      guint64        run_id,
                      GError       **error)
{
  JobState *js;
  OrkRun *run;

  g_return_val_if_fail (ORK_IS_SCHEDULER (self), FALSE);

  if ((js = lookup_job (self, job_id, error)) == NULL)
    return FALSE;

  if ((run = find_current_run (js, run_id)) != NULL)
    {
      cancel_current (self, run, ORK_REASON_USER_CANCEL, "cancelled by the user");
      flush_statuses (self);
      notify_counters (self);
      return TRUE;
    }
  for (GList *l = js->waiting.head; l != NULL; l = l->next)
    if (((OrkRun *) l->data)->run_id == run_id)
      {
        run = l->data;
        g_queue_delete_link (&js->waiting, l);
        cancel_not_started (self, run, ORK_REASON_USER_CANCEL, "cancelled by the user");
        update_status (js);
        flush_statuses (self);
        return TRUE;
      }
  if (js->deferred != NULL && js->deferred->run_id == run_id)
    {
      cancel_not_started (self, g_steal_pointer (&js->deferred), ORK_REASON_USER_CANCEL,
                          "cancelled by the user");
      update_status (js);
      flush_statuses (self);
      return TRUE;
    }

  g_set_error (error, ORK_SCHEDULER_ERROR, ORK_SCHEDULER_ERROR_NO_SUCH_RUN,
               "run %" G_GUINT64_FORMAT " of job \"%s\" is not active", run_id, job_id);
  return FALSE;
}

gint64
ork_scheduler_get_next_fire (OrkScheduler *self,
                             const char   *job_id)
{
  JobState *js;

  g_return_val_if_fail (ORK_IS_SCHEDULER (self), ORK_TIME_NEVER);

  js = g_hash_table_lookup (self->jobs, job_id);
  if (js == NULL || js->paused || !js->enabled || js->cursor == G_MININT64)
    return ORK_TIME_NEVER;
  return js->cursor;
}

GPtrArray *
ork_scheduler_get_active_runs (OrkScheduler *self)
{
  GPtrArray *runs = g_ptr_array_new_with_free_func ((GDestroyNotify) ork_run_unref);

  g_return_val_if_fail (ORK_IS_SCHEDULER (self), runs);

  for (guint i = 0; i < self->job_order->len; i++)
    {
      JobState *js = self->job_order->pdata[i];

      if (js->deferred != NULL)
        g_ptr_array_add (runs, ork_run_ref (js->deferred));
      for (GList *l = js->current.head; l != NULL; l = l->next)
        g_ptr_array_add (runs, ork_run_ref (l->data));
      for (GList *l = js->waiting.head; l != NULL; l = l->next)
        g_ptr_array_add (runs, ork_run_ref (l->data));
    }
  return runs;
}

guint
ork_scheduler_get_queue_depth (OrkScheduler *self)
{
  g_return_val_if_fail (ORK_IS_SCHEDULER (self), 0);
  return ork_queue_get_length (self->ready);
}

guint
ork_scheduler_get_n_running (OrkScheduler *self)
{
  g_return_val_if_fail (ORK_IS_SCHEDULER (self), 0);
  return self->running;
}

guint64
ork_scheduler_get_n_transitions (OrkScheduler *self)
{
  g_return_val_if_fail (ORK_IS_SCHEDULER (self), 0);
  return self->n_transitions;
}

void
ork_scheduler_set_command_mode (OrkScheduler   *self,
                                OrkCommandMode  mode)
{
  g_return_if_fail (ORK_IS_SCHEDULER (self));

  if (self->command_mode == mode)
    return;
  self->command_mode = mode;
  for (guint i = 0; i < self->job_order->len; i++)
    {
      JobState *js = self->job_order->pdata[i];

      if (js->type == ORK_JOB_TYPE_COMMAND)
        {
          arm_fire_timer (js);
          update_status (js);
        }
    }
  flush_statuses (self);
}

OrkCommandMode
ork_scheduler_get_command_mode (OrkScheduler *self)
{
  g_return_val_if_fail (ORK_IS_SCHEDULER (self), ORK_COMMAND_MODE_SIMULATE);
  return self->command_mode;
}

guint
ork_scheduler_stop (OrkScheduler *self)
{
  guint n = 0;

  g_return_val_if_fail (ORK_IS_SCHEDULER (self), 0);

  ork_scheduler_set_paused (self, TRUE);
  forget_handlers (self);
  for (guint i = 0; i < self->job_order->len; i++)
    {
      JobState *js = self->job_order->pdata[i];
      GList *l = js->current.head;

      while (l != NULL)
        {
          OrkRun *run = l->data;

          l = l->next;
          if (run->state != ORK_RUN_RUNNING)
            continue;
          clear_run_timer (self, run);
          detach_command (self, run);
          run->end_state = ORK_RUN_INTERRUPTED;
          run->end_reason = ORK_REASON_INTERRUPTED;
          run->no_more_retries = TRUE;
          set_message (run, "interrupted: the engine stopped while it ran");
          finish_attempt (run);
          n++;
        }
    }
  flush_statuses (self);
  notify_counters (self);
  return n;
}

guint
ork_scheduler_get_n_processes (OrkScheduler *self)
{
  guint n;

  g_return_val_if_fail (ORK_IS_SCHEDULER (self), 0);

  n = self->n_detached;
  for (guint i = 0; i < self->job_order->len; i++)
    {
      JobState *js = self->job_order->pdata[i];

      for (GList *l = js->current.head; l != NULL; l = l->next)
        if (((OrkRun *) l->data)->command != NULL)
          n++;
    }
  return n;
}
