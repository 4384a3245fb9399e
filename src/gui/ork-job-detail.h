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
/* Attempts the run strip shows. */
#define ORK_JOB_DETAIL_STRIP_ATTEMPTS 50

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

/* Shows the Runs tab with run @run_id expanded and scrolled to, loading
 * more of the history as needed (up to a bound). Nothing happens when the
 * job has no such run. */
void          ork_job_detail_select_run     (OrkJobDetail *self,
                                             guint64       run_id);

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

/* Whether the row of run @run_id is shown expanded. */
gboolean      ork_job_detail_get_run_expanded (OrkJobDetail *self,
                                               guint64       run_id);
/* The charts: an OrkSeriesChart and an OrkRunStrip, and whether the "No
 * runs yet" text stands in for them. */
GtkWidget    *ork_job_detail_get_percentile_chart (OrkJobDetail *self);
GtkWidget    *ork_job_detail_get_run_strip  (OrkJobDetail *self);
gboolean      ork_job_detail_get_charts_empty (OrkJobDetail *self);

G_END_DECLS
