/* ork-window.h — the main window: header controls, pages, status line
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "ork-event-log.h"
#include "ork-session.h"

G_BEGIN_DECLS

#define ORK_TYPE_WINDOW (ork_window_get_type ())

G_DECLARE_FINAL_TYPE (OrkWindow, ork_window, ORK, WINDOW, AdwApplicationWindow)

/* Property "session" (OrkSession, read-write). Actions (win.*): running
 * (stateful), step, fast-forward-to (s: ISO-8601), cancel-fast-forward,
 * start-simulation, go-live, new-workspace, open, save-as, export-history,
 * review-trust, reload, show-page (s), search. */
OrkWindow   *ork_window_new              (AdwApplication *application);

OrkSession  *ork_window_get_session      (OrkWindow      *self);
/* Shows @session. One without an engine gets a simulation from the current
 * hour with the workspace's seed, running at 60×. */
void         ork_window_set_session      (OrkWindow      *self,
                                          OrkSession     *session);
/* Opens a workspace file. When it fails to load, shows the errors in a
 * dialog, keeps the current workspace and returns FALSE. */
gboolean     ork_window_open_file        (OrkWindow      *self,
                                          GFile          *file);
/* "jobs", "timeline", "metrics" or "log"; an unknown name is ignored. */
void         ork_window_show_page        (OrkWindow      *self,
                                          const char     *name);
const char  *ork_window_get_visible_page (OrkWindow      *self);
/* Shows the Jobs page with the job @job_id selected (clearing its filters
 * when they hide it); FALSE when there is no such job. */
gboolean     ork_window_show_job         (OrkWindow      *self,
                                          const char     *job_id);
/* Whether the user looks at the window: shown and active. Notifications are
 * sent only when it is not. */
gboolean     ork_window_is_in_front      (OrkWindow      *self);
/* Tests: the window counts as not in front even when it is active. */
void         ork_window_set_pretend_inactive (OrkWindow  *self,
                                              gboolean    inactive);
/* The log of the current engine, which the Log page shows. */
OrkEventLog *ork_window_get_event_log    (OrkWindow      *self);
/* What the status line shows now: engine time, zone, mode and queue. */
const char  *ork_window_get_status_text  (OrkWindow      *self);
/* Refreshes the status line at once (it otherwise follows a 250 ms tick). */
void         ork_window_update_status    (OrkWindow      *self);
void         ork_window_add_toast        (OrkWindow      *self,
                                          AdwToast       *toast);

G_END_DECLS
