/* ork-job-rows.h — the workspace's jobs, re-announced when a row changes
 *
 * GTK 4.8's filter and sort models do not watch their items' properties, so
 * a job whose status (or any sort or filter key) changes must be announced
 * again with "items-changed" (pos, 1, 1). OrkJobRows passes the jobs of a
 * GListModel through unchanged and does that: a job's "notify" (while
 * "watch-all"), or ork_job_rows_invalidate (), marks its row, and marked rows
 * are announced together at most every 250 ms (contiguous rows in one
 * emission, many scattered ones as one span).
 *
 * A re-announced row is rebound and measured again by the list, and a
 * handler on every job makes the engine notify every status change: a view
 * that knows which keys its sort and filter use sets a changed function,
 * which then sees each "notify" instead and marks only the rows that must
 * move, and watches all jobs only while a sort or filter is in use.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "ork-job.h"

G_BEGIN_DECLS

#define ORK_JOB_ROWS_INTERVAL_MS 250
/* More separate runs of marked rows than this go out as one span. */
#define ORK_JOB_ROWS_MAX_RUNS 16

#define ORK_TYPE_JOB_ROWS (ork_job_rows_get_type ())

G_DECLARE_FINAL_TYPE (OrkJobRows, ork_job_rows, ORK, JOB_ROWS, GObject)

/* Told of a property change of @job (its "notify"). */
typedef void (*OrkJobRowsChangedFunc) (OrkJobRows *rows,
                                       OrkJob     *job,
                                       GParamSpec *pspec,
                                       gpointer    user_data);

/* Signal "flushed": after the marked rows were announced. */

/* @watch_all: whether every job's "notify" is watched from the start. */
OrkJobRows *ork_job_rows_new         (GListModel *jobs,
                                      gboolean    watch_all);
gboolean    ork_job_rows_get_watch_all (OrkJobRows *self);
void        ork_job_rows_set_watch_all (OrkJobRows *self,
                                        gboolean    watch_all);
/* With @func set, a job's "notify" calls it instead of marking the row;
 * NULL marks the row again. */
void        ork_job_rows_set_changed_func (OrkJobRows            *self,
                                           OrkJobRowsChangedFunc  func,
                                           gpointer               user_data,
                                           GDestroyNotify         destroy);
/* Marks @job's row to be announced again. */
void        ork_job_rows_invalidate  (OrkJobRows *self,
                                      OrkJob     *job);
void        ork_job_rows_invalidate_id (OrkJobRows *self,
                                        const char *job_id);
/* Marks every row. */
void        ork_job_rows_invalidate_all (OrkJobRows *self);
/* Announces the marked rows now. */
void        ork_job_rows_flush       (OrkJobRows *self);
guint       ork_job_rows_get_n_pending (OrkJobRows *self);
/* The position of @job, or G_MAXUINT. O(n). */
guint       ork_job_rows_find        (OrkJobRows *self,
                                      OrkJob     *job);

G_END_DECLS
