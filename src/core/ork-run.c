/* ork-run.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ork-run"

#include "config.h"

#include "ork-run-private.h"

G_DEFINE_BOXED_TYPE (OrkRun, ork_run, ork_run_ref, ork_run_unref)

OrkRun *
ork_run_new (const char *job_id,
             guint64     run_id,
             gint64      nominal_us)
{
  OrkRun *self;

  g_return_val_if_fail (job_id != NULL, NULL);

  self = ork_run_new_shared (NULL, run_id, nominal_us);
  self->job_id = g_ref_string_new (job_id);
  return self;
}

OrkRun *
ork_run_new_shared (char    *job_id,
                    guint64  run_id,
                    gint64   nominal_us)
{
  OrkRun *self;

  self = g_new0 (OrkRun, 1);
  g_ref_count_init (&self->ref_count);
  self->job_id = job_id != NULL ? g_ref_string_acquire (job_id) : NULL;
  self->run_id = run_id;
  self->nominal_at = nominal_us;
  self->due_at = nominal_us;
  self->queued_at = ORK_TIME_UNSET;
  self->started_at = ORK_TIME_UNSET;
  self->finished_at = ORK_TIME_UNSET;
  self->next_retry_in = -1;
  self->ready_index = G_MAXUINT;
  self->link.data = self;
  return self;
}

OrkRun *
ork_run_ref (OrkRun *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_ref_count_inc (&self->ref_count);
  return self;
}

void
ork_run_unref (OrkRun *self)
{
  g_return_if_fail (self != NULL);

  if (!g_ref_count_dec (&self->ref_count))
    return;
  g_ref_string_release (self->job_id);
  g_free (self->message);
  g_free (self);
}

void
ork_run_set (OrkRun **slot,
             OrkRun  *run)
{
  OrkRun *old = *slot;

  if (old == run)
    return;
  *slot = run != NULL ? ork_run_ref (run) : NULL;
  if (old != NULL)
    ork_run_unref (old);
}

const char *
ork_run_get_job_id (OrkRun *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->job_id;
}

guint64
ork_run_get_run_id (OrkRun *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->run_id;
}

guint
ork_run_get_attempt (OrkRun *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->attempt;
}

OrkRunState
ork_run_get_state (OrkRun *self)
{
  g_return_val_if_fail (self != NULL, ORK_RUN_SCHEDULED);
  return self->state;
}

OrkReason
ork_run_get_reason (OrkRun *self)
{
  g_return_val_if_fail (self != NULL, ORK_REASON_NONE);
  return self->reason;
}

gint64
ork_run_get_nominal_at (OrkRun *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->nominal_at;
}

gint64
ork_run_get_due_at (OrkRun *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->due_at;
}

gint64
ork_run_get_queued_at (OrkRun *self)
{
  g_return_val_if_fail (self != NULL, ORK_TIME_UNSET);
  return self->queued_at;
}

gint64
ork_run_get_started_at (OrkRun *self)
{
  g_return_val_if_fail (self != NULL, ORK_TIME_UNSET);
  return self->started_at;
}

gint64
ork_run_get_finished_at (OrkRun *self)
{
  g_return_val_if_fail (self != NULL, ORK_TIME_UNSET);
  return self->finished_at;
}

gint64
ork_run_get_next_retry_in (OrkRun *self)
{
  g_return_val_if_fail (self != NULL, -1);
  return self->next_retry_in;
}

const char *
ork_run_get_message (OrkRun *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->message;
}

gboolean
ork_run_get_manual (OrkRun *self)
{
  g_return_val_if_fail (self != NULL, FALSE);
  return self->manual;
}

OrkRecord *
ork_run_to_record (OrkRun *self,
                   gint64  decided_at)
{
  OrkRecord *record;

  g_return_val_if_fail (self != NULL, NULL);

  record = ork_record_new ();
  record->job_id = g_strdup (self->job_id);
  record->run_id = self->run_id;
  record->attempt = self->state == ORK_RUN_SKIPPED ? 0 : self->attempt;
  record->status = self->state;
  record->reason = self->reason;
  record->nominal_at = self->nominal_at;
  record->queued_at = self->queued_at;
  record->started_at = self->started_at;
  record->finished_at = self->state == ORK_RUN_SKIPPED ? ORK_TIME_UNSET : self->finished_at;
  record->decided_at = decided_at;
  record->has_exit_code = self->has_exit_code;
  record->exit_code = self->exit_code;
  record->next_retry_in = self->next_retry_in;
  record->message = g_strdup (self->message);
  return record;
}
