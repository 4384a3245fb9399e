/* ork-preferences-window.h — the app's preferences (GSettings)
 *
 * Appearance (colour scheme), the defaults of new workspaces (workers, time
 * zone, history limits), notifications and, where supported, running in the
 * background. Every row writes its key at once.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define ORK_TYPE_PREFERENCES_WINDOW (ork_preferences_window_get_type ())

G_DECLARE_FINAL_TYPE (OrkPreferencesWindow, ork_preferences_window, ORK, PREFERENCES_WINDOW,
                      AdwPreferencesWindow)

GtkWidget *ork_preferences_window_new (void);

/* The rows' widgets, for tests. */
AdwComboRow *ork_preferences_window_get_color_scheme_row (OrkPreferencesWindow *self);
GtkSpinButton *ork_preferences_window_get_workers_spin   (OrkPreferencesWindow *self);
AdwEntryRow *ork_preferences_window_get_timezone_row     (OrkPreferencesWindow *self);
GtkSpinButton *ork_preferences_window_get_max_age_spin   (OrkPreferencesWindow *self);
GtkSpinButton *ork_preferences_window_get_max_runs_spin  (OrkPreferencesWindow *self);
GtkSwitch   *ork_preferences_window_get_notifications_switch (OrkPreferencesWindow *self);
GtkSwitch   *ork_preferences_window_get_background_switch    (OrkPreferencesWindow *self);
GtkSwitch   *ork_preferences_window_get_login_switch         (OrkPreferencesWindow *self);

G_END_DECLS
