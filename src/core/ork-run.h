/* ork-run.h — one fire of a job and its attempts
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

#include "ork-record.h"
#include "ork-types.h"

G_BEGIN_DECLS

/* A run is a small reference-counted boxed type, not a GObject: the
 * engine creates one per fire, millions in a simulated week. */
typedef struct _OrkRun OrkRun;

#define ORK_TYPE_RUN (ork_run_get_type ())

GType        ork_run_get_type          (void) G_GNUC_CONST;
OrkRun      *ork_run_new               (const char *job_id,
                                        guint64     run_id,
                                        gint64      nominal_us);
OrkRun      *ork_run_ref               (OrkRun     *self);
void         ork_run_unref             (OrkRun     *self);
/* Like g_set_object (): replaces *@slot, taking a reference on @run. */
void         ork_run_set               (OrkRun    **slot,
                                        OrkRun     *run);
const char  *ork_run_get_job_id        (OrkRun     *self);
guint64      ork_run_get_run_id        (OrkRun     *self);
/* The current attempt, from 1; 0 before the first starts. */
guint        ork_run_get_attempt       (OrkRun     *self);
OrkRunState  ork_run_get_state         (OrkRun     *self);
OrkReason    ork_run_get_reason        (OrkRun     *self);
gint64       ork_run_get_nominal_at    (OrkRun     *self);
/* When the run became due after start jitter (its first queueing time). */
gint64       ork_run_get_due_at        (OrkRun     *self);
/* Of the current attempt; ORK_TIME_UNSET when not reached. */
gint64       ork_run_get_queued_at     (OrkRun     *self);
gint64       ork_run_get_started_at    (OrkRun     *self);
gint64       ork_run_get_finished_at   (OrkRun     *self);
/* ms until the next attempt, -1 when none follows. */
gint64       ork_run_get_next_retry_in (OrkRun     *self);
const char  *ork_run_get_message       (OrkRun     *self);
gboolean     ork_run_get_manual        (OrkRun     *self);
/* The record of the current attempt (or of the skip), as DESIGN §4 has it. */
OrkRecord   *ork_run_to_record         (OrkRun     *self,
                                        gint64      decided_at);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (OrkRun, ork_run_unref)

G_END_DECLS
