/* ork-preferences-window.c — the app's preferences (GSettings)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ork-preferences"

#include "config.h"

#include <glib/gi18n.h>

#include "ork-application.h"
#include "ork-preferences-window.h"

struct _OrkPreferencesWindow
{
  AdwPreferencesWindow  parent_instance;

  /* Template children */
  AdwComboRow          *color_scheme_row;
  GtkSpinButton        *workers_spin;
  GtkAdjustment        *workers_adjustment;
  AdwEntryRow          *timezone_row;
  GtkAdjustment        *max_age_adjustment;
  GtkSpinButton        *max_age_spin;
  GtkAdjustment        *max_runs_adjustment;
  GtkSpinButton        *max_runs_spin;
  GtkSwitch            *notifications_switch;
  GtkSwitch            *background_switch;
  GtkSwitch            *login_switch;
};

G_DEFINE_FINAL_TYPE (OrkPreferencesWindow, ork_preferences_window, ADW_TYPE_PREFERENCES_WINDOW)

/* The combo row's positions, in the order of the schema's enum. */
static const char *color_schemes[] = { "default", "light", "dark" };

static gboolean
color_scheme_to_position (GValue   *value,
                          GVariant *variant,
                          gpointer  user_data)
{
  const char *nick = g_variant_get_string (variant, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (color_schemes); i++)
    if (g_str_equal (nick, color_schemes[i]))
      {
        g_value_set_uint (value, i);
        return TRUE;
      }
  return FALSE;
}

static GVariant *
position_to_color_scheme (const GValue       *value,
                          const GVariantType *expected_type,
                          gpointer            user_data)
{
  guint position = g_value_get_uint (value);

  if (position >= G_N_ELEMENTS (color_schemes))
    return NULL;
  return g_variant_new_string (color_schemes[position]);
}

static char *
timezone_text (OrkPreferencesWindow *self)
{
  return g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->timezone_row))));
}

/* The row says at once when GLib does not know the zone... */
static void
on_timezone_changed (OrkPreferencesWindow *self)
{
  g_autofree char *text = timezone_text (self);

  if (ork_application_is_valid_timezone (text))
    gtk_widget_remove_css_class (GTK_WIDGET (self->timezone_row), "error");
  else
    gtk_widget_add_css_class (GTK_WIDGET (self->timezone_row), "error");
}

/* ... and the zone is written when applied (Enter or the apply button), and
 * only when it is known. */
static void
on_timezone_apply (OrkPreferencesWindow *self)
{
  g_autofree char *text = timezone_text (self);

  if (ork_application_is_valid_timezone (text))
    g_settings_set_string (ork_application_get_settings (), "new-workspace-timezone", text);
}

static void
ork_preferences_window_class_init (OrkPreferencesWindowClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/orkestron/Orkestron/ork-preferences-window.ui");
  gtk_widget_class_bind_template_child (widget_class, OrkPreferencesWindow, color_scheme_row);
  gtk_widget_class_bind_template_child (widget_class, OrkPreferencesWindow, workers_spin);
  gtk_widget_class_bind_template_child (widget_class, OrkPreferencesWindow, workers_adjustment);
  gtk_widget_class_bind_template_child (widget_class, OrkPreferencesWindow, timezone_row);
  gtk_widget_class_bind_template_child (widget_class, OrkPreferencesWindow, max_age_spin);
  gtk_widget_class_bind_template_child (widget_class, OrkPreferencesWindow, max_age_adjustment);
  gtk_widget_class_bind_template_child (widget_class, OrkPreferencesWindow, max_runs_spin);
  gtk_widget_class_bind_template_child (widget_class, OrkPreferencesWindow, max_runs_adjustment);
  gtk_widget_class_bind_template_child (widget_class, OrkPreferencesWindow, notifications_switch);
  gtk_widget_class_bind_template_child (widget_class, OrkPreferencesWindow, background_switch);
  gtk_widget_class_bind_template_child (widget_class, OrkPreferencesWindow, login_switch);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_w, GDK_CONTROL_MASK,
                                       "window.close", NULL);
}

static void
ork_preferences_window_init (OrkPreferencesWindow *self)
{
  GSettings *settings = ork_application_get_settings ();
  g_autofree char *zone = NULL;

  gtk_widget_init_template (GTK_WIDGET (self));

  g_settings_bind_with_mapping (settings, "color-scheme", self->color_scheme_row, "selected",
                                G_SETTINGS_BIND_DEFAULT, color_scheme_to_position,
                                position_to_color_scheme, NULL, NULL);
  g_settings_bind (settings, "new-workspace-workers", self->workers_adjustment, "value",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (settings, "new-workspace-history-max-age", self->max_age_adjustment, "value",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (settings, "new-workspace-history-max-runs", self->max_runs_adjustment, "value",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (settings, "notifications", self->notifications_switch, "active",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (settings, "run-in-background", self->background_switch, "active",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (settings, "start-at-login", self->login_switch, "active",
                   G_SETTINGS_BIND_DEFAULT);

  zone = g_settings_get_string (settings, "new-workspace-timezone");
  gtk_editable_set_text (GTK_EDITABLE (self->timezone_row), zone);
  g_signal_connect_object (self->timezone_row, "changed",
                           G_CALLBACK (on_timezone_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->timezone_row, "apply",
                           G_CALLBACK (on_timezone_apply), self, G_CONNECT_SWAPPED);
}

GtkWidget *
ork_preferences_window_new (void)
{
  return g_object_new (ORK_TYPE_PREFERENCES_WINDOW, NULL);
}

AdwComboRow *
ork_preferences_window_get_color_scheme_row (OrkPreferencesWindow *self)
{
  g_return_val_if_fail (ORK_IS_PREFERENCES_WINDOW (self), NULL);
  return self->color_scheme_row;
}

GtkSpinButton *
ork_preferences_window_get_workers_spin (OrkPreferencesWindow *self)
{
  g_return_val_if_fail (ORK_IS_PREFERENCES_WINDOW (self), NULL);
  return self->workers_spin;
}

AdwEntryRow *
ork_preferences_window_get_timezone_row (OrkPreferencesWindow *self)
{
  g_return_val_if_fail (ORK_IS_PREFERENCES_WINDOW (self), NULL);
  return self->timezone_row;
}

GtkSpinButton *
ork_preferences_window_get_max_age_spin (OrkPreferencesWindow *self)
{
  g_return_val_if_fail (ORK_IS_PREFERENCES_WINDOW (self), NULL);
  return self->max_age_spin;
}

GtkSpinButton *
ork_preferences_window_get_max_runs_spin (OrkPreferencesWindow *self)
{
  g_return_val_if_fail (ORK_IS_PREFERENCES_WINDOW (self), NULL);
  return self->max_runs_spin;
}

GtkSwitch *
ork_preferences_window_get_notifications_switch (OrkPreferencesWindow *self)
{
  g_return_val_if_fail (ORK_IS_PREFERENCES_WINDOW (self), NULL);
  return self->notifications_switch;
}

GtkSwitch *
ork_preferences_window_get_background_switch (OrkPreferencesWindow *self)
{
  g_return_val_if_fail (ORK_IS_PREFERENCES_WINDOW (self), NULL);
  return self->background_switch;
}

GtkSwitch *
ork_preferences_window_get_login_switch (OrkPreferencesWindow *self)
{
  g_return_val_if_fail (ORK_IS_PREFERENCES_WINDOW (self), NULL);
  return self->login_switch;
}
