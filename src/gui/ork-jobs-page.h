/* ork-jobs-page.h — the Jobs page: every job, its state, and what to do with it
 *
 * A column view over the workspace's jobs (name, type, schedule, status,
 * last run, next run, success rate, p95 duration) with search, filters by
 * status and type, sorting, actions on the selection ("jobs.run-now",
 * "jobs.pause", "jobs.resume", "jobs.toggle-pause", "jobs.retry",
 * "jobs.cancel", "jobs.edit", "jobs.duplicate", "jobs.delete", "jobs.new",
 * "jobs.search", "jobs.clear-filters", "jobs.context-menu"), and the
 * selected job's detail beside (or, narrow, over) the list.
 *
 * Edit, duplicate and new only ask the window: they activate "win.edit-job"
 * and "win.duplicate-job" with the job id (type "s"), and "win.new-job".
 *
 * Toasts (the undo of a delete, errors) are handed out through the "toast"
 * signal (AdwToast *toast): the window connects it to its AdwToastOverlay.
 * With no handler connected the page looks for an AdwToastOverlay among its
 * ancestors.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "ork-session.h"

G_BEGIN_DECLS

#define ORK_TYPE_JOBS_PAGE (ork_jobs_page_get_type ())

G_DECLARE_FINAL_TYPE (OrkJobsPage, ork_jobs_page, ORK, JOBS_PAGE, GtkWidget)

/* Properties: "session" (OrkSession, construct-only), "search-text"
 * (string), "status-filter" (int: an OrkJobStatus, or -1 for all),
 * "type-filter" (int: an OrkJobType, or -1 for all). */

GtkWidget          *ork_jobs_page_new               (OrkSession  *session);
OrkSession         *ork_jobs_page_get_session       (OrkJobsPage *self);

const char         *ork_jobs_page_get_search_text   (OrkJobsPage *self);
void                ork_jobs_page_set_search_text   (OrkJobsPage *self,
                                                     const char  *text);
int                 ork_jobs_page_get_status_filter (OrkJobsPage *self);
void                ork_jobs_page_set_status_filter (OrkJobsPage *self,
                                                     int          status);
int                 ork_jobs_page_get_type_filter   (OrkJobsPage *self);
void                ork_jobs_page_set_type_filter   (OrkJobsPage *self,
                                                     int          type);

/* The rows as shown (filtered and sorted), with their selection. */
GtkSelectionModel  *ork_jobs_page_get_selection     (OrkJobsPage *self);
GtkColumnView      *ork_jobs_page_get_column_view   (OrkJobsPage *self);
/* "N of M jobs". */
const char         *ork_jobs_page_get_count_text    (OrkJobsPage *self);
GtkWidget          *ork_jobs_page_get_detail        (OrkJobsPage *self);
/* The visible child of the page's stack: "list", "empty" or "no-match". */
const char         *ork_jobs_page_get_view_name     (OrkJobsPage *self);
/* Selects the job with @job_id alone; FALSE when it is not shown. */
gboolean            ork_jobs_page_select_job        (OrkJobsPage *self,
                                                     const char  *job_id);
/* What a cell of the row showing @job_id reads, for column @column (0 name,
 * 1 type, 2 schedule, 3 status, 4 last run, 5 next run, 6 success rate,
 * 7 p95 duration); NULL when the job is not shown. */
char               *ork_jobs_page_dup_cell_text     (OrkJobsPage *self,
                                                     const char  *job_id,
                                                     guint        column);
/* Announces changed rows now instead of within 250 ms, refreshes the bound
 * cells of changed jobs now instead of at the next frame, and updates which
 * actions apply. */
void                ork_jobs_page_flush             (OrkJobsPage *self);

G_END_DECLS
