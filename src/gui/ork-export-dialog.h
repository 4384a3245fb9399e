/* ork-export-dialog.h — Export History: format, filters, destination, progress
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "ork-session.h"

G_BEGIN_DECLS

#define ORK_TYPE_EXPORT_DIALOG (ork_export_dialog_get_type ())

G_DECLARE_FINAL_TYPE (OrkExportDialog, ork_export_dialog, ORK, EXPORT_DIALOG, AdwWindow)

/* Properties: "session", "destination" (GFile), "running" (bool, read-only).
 * Actions: "export.run", "export.cancel" (stops a running export, or
 * closes), "export.choose" (the file chooser).
 * Signal "exported" (const char *path, guint64 n_records): the file is
 * complete; the dialog closes right after. The export runs in a thread
 * (ork_history_export () reads through its own connection) into PATH.part,
 * renamed to PATH when complete: a cancelled or failed export leaves
 * nothing behind. */

GtkWindow  *ork_export_dialog_new             (GtkWindow       *parent,
                                               OrkSession      *session);
GFile      *ork_export_dialog_get_destination (OrkExportDialog *self);
/* Where the export goes; also what the file chooser sets. */
void        ork_export_dialog_set_destination (OrkExportDialog *self,
                                               GFile           *file);
gboolean    ork_export_dialog_get_running     (OrkExportDialog *self);

G_END_DECLS
