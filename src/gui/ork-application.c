/* ork-application.c — the Orkestron application
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ork-application"

#include "config.h"

#include <errno.h>
#include <string.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "ork-application.h"
#include "ork-preferences-window.h"
#include "ork-session.h"
#include "ork-window.h"

struct _OrkApplication
{
  AdwApplication  parent_instance;

  char           *pending_page;
  gboolean        start_hidden;
  OrkNotifyFunc   notify_func;
  gpointer        notify_data;
};

G_DEFINE_FINAL_TYPE (OrkApplication, ork_application, ADW_TYPE_APPLICATION)

/* Settings -------------------------------------------------------------------- */

GSettings *
ork_application_get_settings (void)
{
  static GSettings *settings;

  /* One instance for the process, so every window and dialog sees a change
   * at once (and a memory backend in tests keeps its values). */
  if (g_once_init_enter (&settings))
    g_once_init_leave (&settings, g_settings_new (APPLICATION_ID));
  return settings;
}

void
ork_application_remember_workspace (const char *path)
{
  g_return_if_fail (path != NULL);

  g_settings_set_string (ork_application_get_settings (), "last-workspace", path);
}

OrkWorkspace *
ork_application_new_workspace (void)
{
  GSettings *settings = ork_application_get_settings ();
  g_autofree char *zone = g_settings_get_string (settings, "new-workspace-timezone");
  g_autofree char *data = NULL;
  g_autoptr(GError) error = NULL;
  OrkWorkspace *workspace;

  /* The history limits have no setter: the loader reads them. */
  data = g_strdup_printf ("{\"version\": 1, \"settings\": {\"history\": "
                          "{\"max_age\": \"%ud\", \"max_runs\": %u}}, \"jobs\": []}",
                          g_settings_get_uint (settings, "new-workspace-history-max-age"),
                          g_settings_get_uint (settings, "new-workspace-history-max-runs"));
  workspace = ork_workspace_load_from_data (data, -1, "settings", NULL, &error);
  if (workspace == NULL)
    {
      g_warning ("New workspace defaults not usable: %s", error->message);
      workspace = ork_workspace_new ();
    }
  ork_workspace_set_workers (workspace, g_settings_get_uint (settings, "new-workspace-workers"));
  if (*zone != '\0' && ork_application_is_valid_timezone (zone))
    ork_workspace_set_timezone (workspace, zone);
  return workspace;
}

gboolean
ork_application_is_valid_timezone (const char *name)
{
  g_autoptr(GTimeZone) zone = NULL;

  g_return_val_if_fail (name != NULL, FALSE);

  if (*name == '\0')
    return TRUE;
  zone = g_time_zone_new_identifier (name);
  return zone != NULL;
}

char *
ork_application_get_samples_dir (void)
{
  const char *env = g_getenv ("ORK_SAMPLES_DIR");
  g_autofree char *installed = g_build_filename (PKGDATADIR, "samples", NULL);

  if (env != NULL && *env != '\0')
    return g_strdup (env);
  if (g_file_test (installed, G_FILE_TEST_IS_DIR))
    return g_steal_pointer (&installed);
  return g_strdup (SOURCE_SAMPLES_DIR);
}

char *
ork_application_default_workspace (GError **error)
{
  g_autofree char *last = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *samples = NULL;
  g_autofree char *sample = NULL;
  g_autofree char *target = NULL;
  g_autofree char *contents = NULL;
  gsize len = 0;

  last = g_settings_get_string (ork_application_get_settings (), "last-workspace");
  if (*last != '\0' && g_file_test (last, G_FILE_TEST_IS_REGULAR))
    return g_steal_pointer (&last);

  dir = ork_data_dir ();
  target = g_build_filename (dir, "workspace.json", NULL);
  if (g_file_test (target, G_FILE_TEST_IS_REGULAR))
    return g_steal_pointer (&target);

  /* First launch: a copy of the sample, so the window has something to run. */
  samples = ork_application_get_samples_dir ();
  sample = g_build_filename (samples, "demo.json", NULL);
  if (!g_file_get_contents (sample, &contents, &len, error))
    return NULL;
  if (!g_file_set_contents_full (target, contents, len, G_FILE_SET_CONTENTS_CONSISTENT,
                                 0600, error))
    return NULL;
  return g_steal_pointer (&target);
}

/* Windows -------------------------------------------------------------------- */

static OrkWindow *
get_window (OrkApplication *self,
            gboolean       *created)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));

  *created = window == NULL;
  if (window == NULL)
    window = GTK_WINDOW (ork_window_new (ADW_APPLICATION (self)));
  return ORK_WINDOW (window);
}

static void
present (OrkApplication *self,
         OrkWindow      *window)
{
  if (self->pending_page != NULL)
    {
      ork_window_show_page (window, self->pending_page);
      g_clear_pointer (&self->pending_page, g_free);
    }
  gtk_window_present (GTK_WINDOW (window));
}

/* Started at login (--hidden): the last workspace on the live engine, with
 * no window shown; activating the app later shows it. */
static void
start_hidden (OrkApplication *self)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = ork_application_default_workspace (&error);
  g_autoptr(OrkSession) session = NULL;
  OrkWindow *window;

  if (path == NULL || (session = ork_session_new_for_file (path, &error)) == NULL)
    {
      g_warning ("Not starting in the background: %s", error->message);
      return;
    }
  if (!ork_session_start_live (session, NULL, &error))
    {
      g_warning ("Not starting in the background: %s", error->message);
      return;
    }
  window = ork_window_new (ADW_APPLICATION (self));
  ork_window_set_session (window, session);
}

/* Gives a new @window the workspace used last (or the sample on the first
 * launch). When that does not load, the window gets an empty workspace and
 * the file is returned, for its errors to be shown once the window is up. */
static GFile *
load_default_workspace (OrkWindow *window)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = ork_application_default_workspace (&error);
  g_autoptr(OrkSession) session = NULL;
  g_autoptr(OrkWorkspace) workspace = NULL;

  if (path != NULL)
    session = ork_session_new_for_file (path, NULL);
  if (session != NULL)
    {
      ork_window_set_session (window, session);
      ork_application_remember_workspace (path);
      return NULL;
    }

  workspace = ork_application_new_workspace ();
  session = ork_session_new (workspace, NULL);
  ork_window_set_session (window, session);
  if (path == NULL)
    {
      ork_window_add_toast (window, adw_toast_new (error->message));
      return NULL;
    }
  return g_file_new_for_path (path);
}

static void
ork_application_activate (GApplication *app)
{
  OrkApplication *self = ORK_APPLICATION (app);
  gboolean created;
  OrkWindow *window;

  if (self->start_hidden)
    {
      self->start_hidden = FALSE;
      if (gtk_application_get_active_window (GTK_APPLICATION (self)) == NULL)
        start_hidden (self);
      return;
    }

  window = get_window (self, &created);
  if (created)
    {
      g_autoptr(GFile) failed = load_default_workspace (window);

      present (self, window);
      /* Its errors, over the window (which shows an empty workspace). */
      if (failed != NULL)
        ork_window_open_file (window, failed);
      return;
    }
  present (self, window);
}

static void
ork_application_open (GApplication  *app,
                      GFile        **files,
                      int            n_files,
                      const char    *hint)
{
  OrkApplication *self = ORK_APPLICATION (app);
  gboolean created;
  OrkWindow *window = get_window (self, &created);

  if (created)
    {
      g_autofree char *path = g_file_get_path (files[0]);
      g_autoptr(OrkSession) session = NULL;
      g_autoptr(GFile) failed = NULL;

      if (path != NULL)
        session = ork_session_new_for_file (path, NULL);
      if (session != NULL)
        {
          ork_window_set_session (window, session);
          ork_application_remember_workspace (path);
          present (self, window);
          return;
        }
      /* The file does not load: the window opens on the workspace that
       * worked last, and the file's errors are shown over it (rather than
       * those of the last workspace, should it fail too). */
      failed = load_default_workspace (window);
    }
  /* The window first, so the dialog comes up over it, not behind. */
  present (self, window);
  ork_window_open_file (window, files[0]);
}

static int
ork_application_handle_local_options (GApplication *app,
                                      GVariantDict *options)
{
  OrkApplication *self = ORK_APPLICATION (app);
  const char *page = NULL;

  if (g_variant_dict_contains (options, "hidden"))
    {
      g_autoptr(GError) error = NULL;

      if (!g_application_register (app, NULL, &error))
        {
          g_printerr ("orkestron: %s\n", error->message);
          return 1;
        }
      /* Already running: nothing to start, nothing to show. */
      if (g_application_get_is_remote (app))
        return 0;
      self->start_hidden = TRUE;
    }

  if (g_variant_dict_lookup (options, "page", "&s", &page))
    {
      g_autoptr(GError) error = NULL;

      if (!g_strv_contains ((const char * const[]) { "jobs", "timeline", "metrics", "log", NULL }, page))
        {
          g_printerr (_("orkestron: --page takes jobs, timeline, metrics or log, not “%s”\n"), page);
          return 2;
        }
      /* The primary instance shows the page, in this process or another. */
      if (!g_application_register (app, NULL, &error))
        {
          g_printerr ("orkestron: %s\n", error->message);
          return 1;
        }
      g_action_group_activate_action (G_ACTION_GROUP (app), "show-page",
                                      g_variant_new_string (page));
    }
  return -1;
}

/* Actions --------------------------------------------------------------------- */

static void
show_page_action (GSimpleAction *action,
                  GVariant      *param,
                  gpointer       user_data)
{
  OrkApplication *self = user_data;
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));

  if (ORK_IS_WINDOW (window))
    ork_window_show_page (ORK_WINDOW (window), g_variant_get_string (param, NULL));
  else
    {
      g_free (self->pending_page);
      self->pending_page = g_variant_dup_string (param, NULL);
    }
}

static void
quit_action (GSimpleAction *action,
             GVariant      *param,
             gpointer       user_data)
{
  GApplication *app = user_data;
  GList *windows = gtk_application_get_windows (GTK_APPLICATION (app));

  /* Closing the windows stops their engines and flushes autosave. */
  for (GList *l = windows; l != NULL; )
    {
      GtkWindow *window = l->data;

      l = l->next;
      /* A shown main window remembers its size, as when it is closed (its
       * close-request handler saves it; the answer does not matter here). */
      if (ORK_IS_WINDOW (window) && gtk_widget_get_visible (GTK_WIDGET (window)))
        {
          gboolean handled;

          g_signal_emit_by_name (window, "close-request", &handled);
        }
      gtk_window_destroy (window);
    }
  g_application_quit (app);
}

/* The name people see; a development build says it is one, so that it is
 * never taken for the release installed next to it. */
static const char *
display_name (void)
{
#if DEVELOPMENT_BUILD
  return _("Orkestron (Development)");
#else
  return "Orkestron";
#endif
}

static void
about_action (GSimpleAction *action,
              GVariant      *param,
              gpointer       user_data)
{
  GtkApplication *app = user_data;
  const char *developers[] = { "The Orkestron authors", NULL };
  GtkWidget *about;

  about = g_object_new (ADW_TYPE_ABOUT_WINDOW,
                        "transient-for", gtk_application_get_active_window (app),
                        "modal", TRUE,
                        "application-name", display_name (),
                        "application-icon", APPLICATION_ID,
                        "version", PACKAGE_VERSION,
                        "comments", _("Define background jobs, run them through a deterministic "
                                      "scheduler, and watch every run."),
                        "developers", developers,
                        "license-type", GTK_LICENSE_GPL_3_0,
                        "website", "https://github.com/orkestron/orkestron",
                        NULL);
  gtk_window_present (GTK_WINDOW (about));
}

static void
preferences_action (GSimpleAction *action,
                    GVariant      *param,
                    gpointer       user_data)
{
  GtkApplication *app = user_data;
  GtkWidget *preferences = ork_preferences_window_new ();

  gtk_window_set_transient_for (GTK_WINDOW (preferences), gtk_application_get_active_window (app));
  gtk_window_present (GTK_WINDOW (preferences));
}

static void
show_job_action (GSimpleAction *action,
                 GVariant      *param,
                 gpointer       user_data)
{
  GApplication *app = user_data;
  GtkWindow *window;

  /* From a notification, perhaps with no window open (running in the
   * background): activating opens one. */
  g_application_activate (app);
  window = gtk_application_get_active_window (GTK_APPLICATION (app));
  if (ORK_IS_WINDOW (window))
    ork_window_show_job (ORK_WINDOW (window), g_variant_get_string (param, NULL));
}

static const GActionEntry app_actions[] = {
  { "quit", quit_action },
  { "about", about_action },
  { "preferences", preferences_action },
  { "show-page", show_page_action, "s" },
  { "show-job", show_job_action, "s" },
};

/* Notifications --------------------------------------------------------------- */

void
ork_application_send_notification (OrkApplication *self,
                                   const char     *id,
                                   GNotification  *notification)
{
  g_return_if_fail (ORK_IS_APPLICATION (self));
  g_return_if_fail (G_IS_NOTIFICATION (notification));

  if (!g_settings_get_boolean (ork_application_get_settings (), "notifications"))
    return;
  if (self->notify_func != NULL)
    self->notify_func (self, id, notification, self->notify_data);
  else
    g_application_send_notification (G_APPLICATION (self), id, notification);
}

void
ork_application_set_notify_func (OrkApplication *self,
                                 OrkNotifyFunc   func,
                                 gpointer        user_data)
{
  g_return_if_fail (ORK_IS_APPLICATION (self));

  self->notify_func = func;
  self->notify_data = user_data;
}

/* Start at login ---------------------------------------------------------------- */

/* Inside Flatpak the Background portal writes the autostart entry; its answer
 * comes as a signal on a request object, which is not waited for. */
static void
request_background_portal (gboolean autostart)
{
  g_autoptr(GDBusConnection) bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, NULL);
  const char *commandline[] = { "orkestron", "--hidden", NULL };
  GVariantBuilder options;

  if (bus == NULL)
    return;
  g_variant_builder_init (&options, G_VARIANT_TYPE_VARDICT);
  g_variant_builder_add (&options, "{sv}", "reason",
                         g_variant_new_string (_("Run scheduled jobs after you log in")));
  g_variant_builder_add (&options, "{sv}", "autostart", g_variant_new_boolean (autostart));
  g_variant_builder_add (&options, "{sv}", "commandline",
                         g_variant_new_strv (commandline, -1));
  g_dbus_connection_call (bus, "org.freedesktop.portal.Desktop", "/org/freedesktop/portal/desktop",
                          "org.freedesktop.portal.Background", "RequestBackground",
                          g_variant_new ("(sa{sv})", "", &options), NULL,
                          G_DBUS_CALL_FLAGS_NONE, -1, NULL, NULL, NULL);
}

/* An argument of a desktop entry's Exec key (Desktop Entry spec, "The Exec
 * key"): in double quotes, with ", `, $ and \ escaped, when it needs them. */
static char *
quote_exec_arg (const char *arg)
{
  GString *quoted;

  if (strpbrk (arg, " \t\n\"'\\><~|&;$*?#()`=%") == NULL)
    return g_strdup (arg);
  quoted = g_string_new ("\"");
  for (const char *p = arg; *p != '\0'; p++)
    {
      if (strchr ("\"`$\\", *p) != NULL)
        g_string_append_c (quoted, '\\');
      g_string_append_c (quoted, *p);
    }
  g_string_append_c (quoted, '"');
  return g_string_free (quoted, FALSE);
}

char *
ork_application_get_autostart_path (void)
{
  return g_build_filename (g_get_user_config_dir (), "autostart",
                           APPLICATION_ID ".desktop", NULL);
}

static void
apply_start_at_login (GSettings *settings)
{
  gboolean enabled = g_settings_get_boolean (settings, "start-at-login");
  g_autofree char *path = ork_application_get_autostart_path ();
  g_autofree char *exe = NULL;
  g_autofree char *quoted = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *dir = NULL;
  g_autoptr(GError) error = NULL;

  if (g_file_test ("/.flatpak-info", G_FILE_TEST_EXISTS))
    {
      request_background_portal (enabled);
      return;
    }
  if (!enabled)
    {
      if (g_unlink (path) != 0 && errno != ENOENT)
        g_warning ("Could not remove %s: %s", path, g_strerror (errno));
      return;
    }

  /* This very binary, so a build run from its tree starts too. */
  exe = g_file_read_link ("/proc/self/exe", NULL);
  quoted = quote_exec_arg (exe != NULL ? exe : "orkestron");
  contents = g_strdup_printf ("[Desktop Entry]\n"
                              "Type=Application\n"
                              "Name=%s\n"
                              "Comment=%s\n"
                              "Exec=%s --hidden\n"
                              "Icon=%s\n"
                              "Terminal=false\n"
                              "NoDisplay=true\n"
                              "X-GNOME-Autostart-enabled=true\n",
                              display_name (), _("Runs scheduled jobs in the background"),
                              quoted, APPLICATION_ID);
  dir = g_path_get_dirname (path);
  if (g_mkdir_with_parents (dir, 0700) != 0
      || !g_file_set_contents (path, contents, -1, &error))
    g_warning ("Could not write %s: %s", path,
               error != NULL ? error->message : g_strerror (errno));
}

/* Appearance ------------------------------------------------------------------- */

static void
apply_color_scheme (GSettings *settings)
{
  static const AdwColorScheme schemes[] = {
    ADW_COLOR_SCHEME_DEFAULT,      /* "default": follow the system */
    ADW_COLOR_SCHEME_FORCE_LIGHT,
    ADW_COLOR_SCHEME_FORCE_DARK,
  };
  int value = g_settings_get_enum (settings, "color-scheme");

  if (value < 0 || value >= (int) G_N_ELEMENTS (schemes))
    value = 0;
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), schemes[value]);
}

/* GObject ----------------------------------------------------------------------- */

static void
ork_application_startup (GApplication *app)
{
  static const char *quit_accels[] = { "<Control>q", NULL };
  static const char *help_accels[] = { "<Control>question", NULL };
  static const char *preferences_accels[] = { "<Control>comma", NULL };
  static gsize named = 0;
  GSettings *settings;

  G_APPLICATION_CLASS (ork_application_parent_class)->startup (app);
  /* Once per process: GLib warns when it is set again (the tests start
   * several applications). */
  if (g_once_init_enter (&named))
    {
      g_set_application_name (display_name ());
      g_once_init_leave (&named, 1);
    }

  settings = ork_application_get_settings ();
  g_signal_connect (settings, "changed::color-scheme", G_CALLBACK (apply_color_scheme), NULL);
  g_signal_connect (settings, "changed::start-at-login", G_CALLBACK (apply_start_at_login), NULL);
  apply_color_scheme (settings);

  g_action_map_add_action_entries (G_ACTION_MAP (app), app_actions,
                                   G_N_ELEMENTS (app_actions), app);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "app.quit", quit_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "win.show-help-overlay",
                                         help_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "app.preferences",
                                         preferences_accels);
}

static void
ork_application_finalize (GObject *object)
{
  OrkApplication *self = ORK_APPLICATION (object);

  g_clear_pointer (&self->pending_page, g_free);
  G_OBJECT_CLASS (ork_application_parent_class)->finalize (object);
}

static void
ork_application_class_init (OrkApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->finalize = ork_application_finalize;
  app_class->startup = ork_application_startup;
  app_class->activate = ork_application_activate;
  app_class->open = ork_application_open;
  app_class->handle_local_options = ork_application_handle_local_options;
}

static void
ork_application_init (OrkApplication *self)
{
  static const GOptionEntry options[] = {
    { "page", 'p', 0, G_OPTION_ARG_STRING, NULL,
      N_("The page to show: jobs, timeline, metrics or log"), N_("PAGE") },
    { "hidden", 0, 0, G_OPTION_ARG_NONE, NULL,
      N_("Start without a window, running the last workspace live (used at login)"), NULL },
    { NULL }
  };

  g_application_add_main_option_entries (G_APPLICATION (self), options);
  g_application_set_option_context_parameter_string (G_APPLICATION (self), _("[FILE.json]"));
}

OrkApplication *
ork_application_new (void)
{
  return g_object_new (ORK_TYPE_APPLICATION,
                       "application-id", APPLICATION_ID,
                       "flags", G_APPLICATION_HANDLES_OPEN,
                       "resource-base-path", "/io/github/orkestron/Orkestron",
                       NULL);
}
