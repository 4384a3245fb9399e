/* ork-application.h — the Orkestron application
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "ork-workspace.h"

G_BEGIN_DECLS

#define ORK_TYPE_APPLICATION (ork_application_get_type ())

G_DECLARE_FINAL_TYPE (OrkApplication, ork_application, ORK, APPLICATION, AdwApplication)

/* Command line: orkestron [FILE.json] [--page jobs|log] [--hidden]. With no
 * file it opens the workspace used last, or on first launch a copy of the
 * sample workspace in ork_data_dir (). --hidden (the autostart entry) runs
 * that workspace live without showing a window. */
OrkApplication *ork_application_new                 (void);

/* The directory the sample workspaces are read from: $ORK_SAMPLES_DIR, else
 * the installed PKGDATADIR/samples, else the source tree's data/samples. */
char           *ork_application_get_samples_dir     (void);
/* Records @path as the workspace to open at the next launch. */
void            ork_application_remember_workspace  (const char *path);
/* The workspace to open when none is named: the last one, or a fresh copy of
 * the sample in ork_data_dir (). NULL with @error set when neither works. */
char           *ork_application_default_workspace   (GError    **error);

/* The app's settings (schema APPLICATION_ID), one instance per process. */
GSettings      *ork_application_get_settings        (void);
/* An empty workspace with the defaults the settings give new workspaces:
 * workers, time zone and history limits (DESIGN §2). */
OrkWorkspace   *ork_application_new_workspace       (void);
/* TRUE for "" (the local zone) and for a zone GLib knows. */
gboolean        ork_application_is_valid_timezone   (const char *name);

/* Where "start-at-login" writes its XDG autostart entry (outside Flatpak;
 * inside, the Background portal keeps its own). */
char           *ork_application_get_autostart_path  (void);

/* Actions (app.*): quit, about, preferences, show-page (s), show-job (s: a
 * job id; opens the window on the Jobs page with the job selected). */

/* Sends @notification under @id, unless the "notifications" setting is off. */
void            ork_application_send_notification   (OrkApplication *self,
                                                     const char     *id,
                                                     GNotification  *notification);
/* Tests: @func receives the notifications instead of the desktop. */
typedef void  (*OrkNotifyFunc)                      (OrkApplication *app,
                                                     const char     *id,
                                                     GNotification  *notification,
                                                     gpointer        user_data);
void            ork_application_set_notify_func     (OrkApplication *self,
                                                     OrkNotifyFunc   func,
                                                     gpointer        user_data);

G_END_DECLS
