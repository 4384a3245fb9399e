/* ork-job.h — a job definition
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

#include "ork-quiet-hours.h"
#include "ork-retry.h"
#include "ork-schedule.h"
#include "ork-sim-worker.h"
#include "ork-types.h"

G_BEGIN_DECLS

#define ORK_TYPE_JOB (ork_job_get_type ())

G_DECLARE_FINAL_TYPE (OrkJob, ork_job, ORK, JOB, GObject)

/* Properties (all G_PARAM_EXPLICIT_NOTIFY; setters notify on change only):
 *   "id" string, "name" string, "job-type" OrkJobType (as int), "enabled" bool,
 *   "priority" int (OrkPriority), "schedule" OrkSchedule (boxed),
 *   "start-jitter" int64 ms, "retry" OrkRetryPolicy (boxed),
 *   "timeout" int64 ms (ORK_DURATION_NONE = none), "max-running" uint,
 *   "overlap" int (OrkOverlap), "group" string or NULL,
 *   "missed-policy" int (OrkMissedPolicy), "missed-grace" int64 ms,
 *   "quiet-mode" int (OrkQuietMode), "quiet-hours" OrkQuietHours (boxed, own mode only),
 *   "simulation" OrkSimSpec (boxed), "argv" strv, "cwd" string, "env" strv of KEY=VALUE,
 *   "tags" strv,
 * runtime (not saved):
 *   "paused" bool, "status" int (OrkJobStatus, set by the engine).
 * Signal "changed" (GParamSpec *pspec): a field of the definition changed
 * (every property but the runtime ones), after its notify. */

/* A job with every default of DESIGN §2 for @type. */
OrkJob                *ork_job_new               (const char           *id,
                                                  OrkJobType            type);
OrkJob                *ork_job_copy              (OrkJob               *self);

const char            *ork_job_get_id            (OrkJob               *self);
void                   ork_job_set_id            (OrkJob               *self,
                                                  const char           *id);
const char            *ork_job_get_name          (OrkJob               *self);
void                   ork_job_set_name          (OrkJob               *self,
                                                  const char           *name);
OrkJobType             ork_job_get_job_type      (OrkJob               *self);
void                   ork_job_set_job_type      (OrkJob               *self,
                                                  OrkJobType            type);
gboolean               ork_job_get_enabled       (OrkJob               *self);
void                   ork_job_set_enabled       (OrkJob               *self,
                                                  gboolean              enabled);
OrkPriority            ork_job_get_priority      (OrkJob               *self);
void                   ork_job_set_priority      (OrkJob               *self,
                                                  OrkPriority           priority);
const OrkSchedule     *ork_job_get_schedule      (OrkJob               *self);
/* Takes a copy. The schedule must have been prepared. */
void                   ork_job_set_schedule      (OrkJob               *self,
                                                  const OrkSchedule    *schedule);
gint64                 ork_job_get_start_jitter  (OrkJob               *self);
void                   ork_job_set_start_jitter  (OrkJob               *self,
                                                  gint64                ms);
const OrkRetryPolicy  *ork_job_get_retry         (OrkJob               *self);
void                   ork_job_set_retry         (OrkJob               *self,
                                                  const OrkRetryPolicy *retry);
gint64                 ork_job_get_timeout       (OrkJob               *self);
void                   ork_job_set_timeout       (OrkJob               *self,
                                                  gint64                ms);
guint                  ork_job_get_max_running   (OrkJob               *self);
void                   ork_job_set_max_running   (OrkJob               *self,
                                                  guint                 max_running);
OrkOverlap             ork_job_get_overlap       (OrkJob               *self);
void                   ork_job_set_overlap       (OrkJob               *self,
                                                  OrkOverlap            overlap);
const char            *ork_job_get_group         (OrkJob               *self);
void                   ork_job_set_group         (OrkJob               *self,
                                                  const char           *group);
OrkMissedPolicy        ork_job_get_missed_policy (OrkJob               *self);
void                   ork_job_set_missed_policy (OrkJob               *self,
                                                  OrkMissedPolicy       policy);
gint64                 ork_job_get_missed_grace  (OrkJob               *self);
void                   ork_job_set_missed_grace  (OrkJob               *self,
                                                  gint64                ms);
OrkQuietMode           ork_job_get_quiet_mode    (OrkJob               *self);
void                   ork_job_set_quiet_mode    (OrkJob               *self,
                                                  OrkQuietMode          mode);
/* NULL unless the quiet mode is ORK_QUIET_OWN. */
const OrkQuietHours   *ork_job_get_quiet_hours   (OrkJob               *self);
void                   ork_job_set_quiet_hours   (OrkJob               *self,
                                                  const OrkQuietHours  *quiet_hours);
const OrkSimSpec      *ork_job_get_simulation    (OrkJob               *self);
void                   ork_job_set_simulation    (OrkJob               *self,
                                                  const OrkSimSpec     *spec);
const char * const    *ork_job_get_argv          (OrkJob               *self);
void                   ork_job_set_argv          (OrkJob               *self,
                                                  const char * const   *argv);
const char            *ork_job_get_cwd           (OrkJob               *self);
void                   ork_job_set_cwd           (OrkJob               *self,
                                                  const char           *cwd);
const char * const    *ork_job_get_env           (OrkJob               *self);
void                   ork_job_set_env           (OrkJob               *self,
                                                  const char * const   *env);
const char * const    *ork_job_get_tags          (OrkJob               *self);
void                   ork_job_set_tags          (OrkJob               *self,
                                                  const char * const   *tags);

gboolean               ork_job_get_paused        (OrkJob               *self);
void                   ork_job_set_paused        (OrkJob               *self,
                                                  gboolean              paused);
OrkJobStatus           ork_job_get_status        (OrkJob               *self);
void                   ork_job_set_status        (OrkJob               *self,
                                                  OrkJobStatus          status);

/* The default priority of a job type (metrics high; cleanup low; others normal). */
OrkPriority            ork_job_type_default_priority (OrkJobType        type);

G_END_DECLS
