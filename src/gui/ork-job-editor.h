/* ork-job-editor.h — the dialog that creates, edits and duplicates a job
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "ork-job.h"
#include "ork-session.h"

G_BEGIN_DECLS

#define ORK_TYPE_JOB_EDITOR (ork_job_editor_get_type ())

G_DECLARE_FINAL_TYPE (OrkJobEditor, ork_job_editor, ORK, JOB_EDITOR, AdwWindow)

/* Properties: "session", "job" (the job edited, or NULL for a new one),
 * "duplicate" (bool), "valid" (bool, read-only: Save is possible).
 * Signal "saved" (OrkJob *job): the job was changed, or added to the
 * workspace (new and duplicate), just before the dialog closes.
 *
 * The dialog edits a copy: the form is validated by the workspace loader
 * as the user types, and Save applies the result through the core (setters
 * on the real job, or ork_workspace_add_job ()). */

/* A modal editor over @parent. @job NULL: a new job. @duplicate: a new job
 * with every field of @job and a free id. */
GtkWindow  *ork_job_editor_new             (GtkWindow    *parent,
                                            OrkSession   *session,
                                            OrkJob       *job,
                                            gboolean      duplicate);
gboolean    ork_job_editor_get_valid       (OrkJobEditor *self);
/* Applies the form like Save; FALSE (and nothing changes) while invalid. */
gboolean    ork_job_editor_save            (OrkJobEditor *self);

/* What the form shows for a field named by its JSON path inside the job
 * ("schedule.expr", "retry.max_delay", "command.argv[1]", ...): the row,
 * and the error message shown at it (NULL when none). For tests and
 * keyboard focus. */
GtkWidget  *ork_job_editor_get_field_row   (OrkJobEditor *self,
                                            const char   *path);
const char *ork_job_editor_get_field_error (OrkJobEditor *self,
                                            const char   *path);
/* The fire times shown in the preview (µs UTC), at most 10. */
GArray     *ork_job_editor_get_preview_fire_times (OrkJobEditor *self);

G_END_DECLS
