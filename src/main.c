/* main.c — the desktop application's entry point
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>

#include "ork-application.h"

/* Run from the build tree with no schema installed, the app reads the schema
 * compiled in the build (GSettings aborts on a missing schema). */
static void
use_build_schema_if_not_installed (void)
{
  const char *installed = SCHEMA_INSTALL_DIR G_DIR_SEPARATOR_S APPLICATION_ID ".gschema.xml";
  const char *compiled = BUILD_SCHEMA_DIR G_DIR_SEPARATOR_S "gschemas.compiled";
  const char *env = g_getenv ("GSETTINGS_SCHEMA_DIR");
  g_autofree char *dirs = NULL;

  if (g_file_test (installed, G_FILE_TEST_EXISTS) || !g_file_test (compiled, G_FILE_TEST_EXISTS))
    return;
  if (env != NULL && *env != '\0')
    dirs = g_strjoin (G_SEARCHPATH_SEPARATOR_S, BUILD_SCHEMA_DIR, env, NULL);
  else
    dirs = g_strdup (BUILD_SCHEMA_DIR);
  g_setenv ("GSETTINGS_SCHEMA_DIR", dirs, TRUE);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(OrkApplication) app = NULL;

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  use_build_schema_if_not_installed ();
  app = ork_application_new ();
  return g_application_run (G_APPLICATION (app), argc, argv);
}
