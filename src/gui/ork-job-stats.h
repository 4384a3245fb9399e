/* ork-job-stats.h — the job summaries of a session, kept up to date
 *
 * Holds one OrkJobSummary per job id, updated from the scheduler's "record"
 * signal and primed from the history whenever the session's engine changes.
 * No GTK.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

#include "ork-job-summary.h"
#include "ork-session.h"

G_BEGIN_DECLS

#define ORK_TYPE_JOB_STATS (ork_job_stats_get_type ())

G_DECLARE_FINAL_TYPE (OrkJobStats, ork_job_stats, ORK, JOB_STATS, GObject)

/* Signals: "changed" (OrkJobSummary *summary) after a record changed it;
 * "reset" after every summary was primed again for a new engine. */

OrkJobStats   *ork_job_stats_new     (OrkSession  *session);
OrkSession    *ork_job_stats_get_session (OrkJobStats *self);
/* The summary of @job_id, made (and primed) on first use; transfer none. */
OrkJobSummary *ork_job_stats_lookup  (OrkJobStats *self,
                                      const char  *job_id);

G_END_DECLS
