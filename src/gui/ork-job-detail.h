/* ork-job-detail.h — one job in full: settings, upcoming fires, runs
 *
 * Shows a job's settings in words, its next 10 fire times in the
 * workspace's time zone (marking a change of UTC offset and quiet-hours
 * deferrals or skips), and its runs newest first from the history, paged,
 * each expandable to its attempts, transitions and log lines. Runs the
 * engine still holds (queued, running, waiting to retry) come first. Follows
 * the engine: refreshes when a record or transition of the job arrives.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "ork-session.h"

G_BEGIN_DECLS

/* How many upcoming fire times the detail shows. */
#define ORK_JOB_DETAIL_N_FIRES 10
/* Runs per page of the run list. */
#define ORK_JOB_DETAIL_PAGE 20

#define ORK_TYPE_JOB_DETAIL (ork_job_detail_get_type ())

G_DECLARE_FINAL_TYPE (OrkJobDetail, ork_job_detail, ORK, JOB_DETAIL, GtkWidget)

/* Properties: "session" (OrkSession), "job" (OrkJob or NULL). */

GtkWidget    *ork_job_detail_new            (OrkSession   *session);
void          ork_job_detail_set_session    (OrkJobDetail *self,
                                             OrkSession   *session);
OrkSession   *ork_job_detail_get_session    (OrkJobDetail *self);
void          ork_job_detail_set_job        (OrkJobDetail *self,
                                             OrkJob       *job);
OrkJob       *ork_job_detail_get_job        (OrkJobDetail *self);

/* Rebuilds everything now (it otherwise follows the engine within ~300 ms). */
void          ork_job_detail_refresh        (OrkJobDetail *self);

/* What is shown, for tests: the upcoming fire times (µs UTC) and each one's
 * row title and subtitle; the number of run rows and the title of one. */
guint         ork_job_detail_get_n_fires    (OrkJobDetail *self);
gint64        ork_job_detail_get_fire_time  (OrkJobDetail *self,
                                             guint         index);
const char   *ork_job_detail_get_fire_title (OrkJobDetail *self,
                                             guint         index);
const char   *ork_job_detail_get_fire_subtitle (OrkJobDetail *self,
                                                guint         index);
guint         ork_job_detail_get_n_runs     (OrkJobDetail *self);
const char   *ork_job_detail_get_run_title  (OrkJobDetail *self,
                                             guint         index);
/* The settings row titled @title: its subtitle, or NULL. */
const char   *ork_job_detail_get_setting    (OrkJobDetail *self,
                                             const char   *title);

G_END_DECLS
