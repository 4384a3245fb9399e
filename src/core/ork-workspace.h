/* ork-workspace.h — a workspace file: settings and jobs (DESIGN §2)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "ork-diagnostic.h"
#include "ork-job.h"
#include "ork-quiet-hours.h"

G_BEGIN_DECLS

#define ORK_WORKSPACE_ERROR (ork_workspace_error_quark ())

typedef enum
{
  ORK_WORKSPACE_ERROR_INVALID,  /* the content is wrong: message holds every diagnostic */
  ORK_WORKSPACE_ERROR_IO,       /* the file cannot be read or written */
} OrkWorkspaceError;

#define ORK_TYPE_WORKSPACE (ork_workspace_get_type ())

G_DECLARE_FINAL_TYPE (OrkWorkspace, ork_workspace, ORK, WORKSPACE, GObject)

GQuark               ork_workspace_error_quark      (void);

/* An empty workspace with the default settings (workers 4, seed 1, ...). */
OrkWorkspace        *ork_workspace_new              (void);

/* Loads and validates. On invalid content returns NULL, sets @error
 * (ORK_WORKSPACE_ERROR_INVALID, message = every diagnostic formatted as
 * "FILE:LINE:COL: error: PATH: message", one per line, file order, at most
 * ORK_MAX_DIAGNOSTICS) and, if @diagnostics is given, stores the
 * OrkDiagnostic array there. @filename is used in messages only. */
OrkWorkspace        *ork_workspace_load_from_data   (const char    *data,
                                                     gssize         len,
                                                     const char    *filename,
                                                     GPtrArray    **diagnostics,
                                                     GError       **error);
OrkWorkspace        *ork_workspace_load_from_file   (const char    *path,
                                                     GPtrArray    **diagnostics,
                                                     GError       **error);

/* The full form, pretty-printed, ending in a newline. */
char                *ork_workspace_to_data          (OrkWorkspace  *self,
                                                     gsize         *len);
/* Atomic: temp file in the same directory, fsync, rename; the previous
 * version kept as FILE.bak; mode 0600 when created. */
gboolean             ork_workspace_save_to_file     (OrkWorkspace  *self,
                                                     const char    *path,
                                                     GError       **error);

/* The jobs, a GListModel of OrkJob in file order. */
GListModel          *ork_workspace_get_jobs         (OrkWorkspace  *self);
OrkJob              *ork_workspace_find_job         (OrkWorkspace  *self,
                                                     const char    *id);
void                 ork_workspace_add_job          (OrkWorkspace  *self,
                                                     OrkJob        *job);
gboolean             ork_workspace_remove_job       (OrkWorkspace  *self,
                                                     const char    *id);

/* Settings. */
guint                ork_workspace_get_workers      (OrkWorkspace  *self);
void                 ork_workspace_set_workers      (OrkWorkspace  *self,
                                                     guint          workers);
/* Group name → slots (GINT_TO_POINTER); owned by the workspace. */
GHashTable          *ork_workspace_get_groups       (OrkWorkspace  *self);
void                 ork_workspace_set_group        (OrkWorkspace  *self,
                                                     const char    *group,
                                                     guint          slots);
/* NULL: the local zone. */
const char          *ork_workspace_get_timezone     (OrkWorkspace  *self);
void                 ork_workspace_set_timezone     (OrkWorkspace  *self,
                                                     const char    *timezone);
/* The zone the settings name, or the local zone; never NULL. */
GTimeZone           *ork_workspace_get_time_zone    (OrkWorkspace  *self);
/* NULL when the workspace has none. */
const OrkQuietHours *ork_workspace_get_quiet_hours  (OrkWorkspace  *self);
void                 ork_workspace_set_quiet_hours  (OrkWorkspace  *self,
                                                     const OrkQuietHours *quiet_hours);
guint64              ork_workspace_get_seed         (OrkWorkspace  *self);
void                 ork_workspace_set_seed         (OrkWorkspace  *self,
                                                     guint64        seed);
gint64               ork_workspace_get_history_max_age  (OrkWorkspace *self);  /* ms, default 30d */
guint64              ork_workspace_get_history_max_runs (OrkWorkspace *self);  /* default 1000000 */

G_END_DECLS
