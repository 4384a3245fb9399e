/* ork-application.c — the Orkestron application
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ork-application"

#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "ork-application.h"
#include "ork-session.h"
#include "ork-window.h"

struct _OrkApplication
{
  AdwApplication  parent_instance;

  char           *pending_page;
};

G_DEFINE_FINAL_TYPE (OrkApplication, ork_application, ADW_TYPE_APPLICATION)

/* Files in ork_data_dir () ---------------------------------------------------- */

static char *
state_file (void)
{
  g_autofree char *dir = ork_data_dir ();

  return g_build_filename (dir, "state.ini", NULL);
}

void
ork_application_remember_workspace (const char *path)
{
  g_autoptr(GKeyFile) keys = g_key_file_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *file = state_file ();

  g_return_if_fail (path != NULL);

  g_key_file_load_from_file (keys, file, G_KEY_FILE_KEEP_COMMENTS, NULL);
  g_key_file_set_string (keys, "workspace", "last", path);
  if (!g_key_file_save_to_file (keys, file, &error))
    g_warning ("Could not remember the workspace in %s: %s", file, error->message);
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
  g_autoptr(GKeyFile) keys = g_key_file_new ();
  g_autofree char *file = state_file ();
  g_autofree char *last = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *samples = NULL;
  g_autofree char *sample = NULL;
  g_autofree char *target = NULL;
  g_autofree char *contents = NULL;
  gsize len = 0;

  if (g_key_file_load_from_file (keys, file, G_KEY_FILE_NONE, NULL))
    last = g_key_file_get_string (keys, "workspace", "last", NULL);
  if (last != NULL && g_file_test (last, G_FILE_TEST_IS_REGULAR))
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

static void
ork_application_activate (GApplication *app)
{
  OrkApplication *self = ORK_APPLICATION (app);
  gboolean created;
  OrkWindow *window = get_window (self, &created);

  if (created)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *path = ork_application_default_workspace (&error);

      if (path != NULL)
        {
          g_autoptr(GFile) file = g_file_new_for_path (path);

          ork_window_open_file (window, file);
        }
      else
        {
          g_autoptr(OrkWorkspace) workspace = ork_workspace_new ();
          g_autoptr(OrkSession) session = ork_session_new (workspace, NULL);

          ork_window_set_session (window, session);
          ork_window_add_toast (window, adw_toast_new (error->message));
        }
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

  if (!ork_window_open_file (window, files[0]) && created)
    {
      /* Nothing was loaded: an empty, unsaved workspace behind the errors. */
      g_autoptr(OrkWorkspace) workspace = ork_workspace_new ();
      g_autoptr(OrkSession) session = ork_session_new (workspace, NULL);

      ork_window_set_session (window, session);
    }
  present (self, window);
}

static int
ork_application_handle_local_options (GApplication *app,
                                      GVariantDict *options)
{
  const char *page = NULL;

  if (g_variant_dict_lookup (options, "page", "&s", &page))
    {
      g_autoptr(GError) error = NULL;

      if (g_strcmp0 (page, "jobs") != 0 && g_strcmp0 (page, "log") != 0)
        {
          g_printerr (_("orkestron: --page takes jobs or log, not “%s”\n"), page);
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
      gtk_window_destroy (window);
    }
  g_application_quit (app);
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
                        "application-name", "Orkestron",
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

static const GActionEntry app_actions[] = {
  { "quit", quit_action },
  { "about", about_action },
  { "show-page", show_page_action, "s" },
};

/* GObject ----------------------------------------------------------------------- */

static void
ork_application_startup (GApplication *app)
{
  static const char *quit_accels[] = { "<Control>q", NULL };
  static const char *help_accels[] = { "<Control>question", NULL };

  G_APPLICATION_CLASS (ork_application_parent_class)->startup (app);

  g_action_map_add_action_entries (G_ACTION_MAP (app), app_actions,
                                   G_N_ELEMENTS (app_actions), app);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "app.quit", quit_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "win.show-help-overlay",
                                         help_accels);
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
      N_("The page to show: jobs or log"), N_("PAGE") },
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
