/* fuzz-replay.c — runs every fuzz target over its corpus without libFuzzer
 *
 * The meson test "fuzz-regressions": every file in tests/fuzz/corpus/NAME/
 * (the seeds and every input that ever found a bug) goes through the same
 * entry point libFuzzer calls. A finding aborts, so the test fails. TAP, one
 * line per target.
 *
 * Usage: fuzz-regressions [CORPUS_ROOT]   (default $G_TEST_SRCDIR/fuzz/corpus)
 *        fuzz-regressions NAME FILE...    (replays single inputs)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <glib.h>

int ork_fuzz_cron (const uint8_t *data, size_t size);
int ork_fuzz_duration (const uint8_t *data, size_t size);
int ork_fuzz_workspace (const uint8_t *data, size_t size);
int ork_fuzz_record (const uint8_t *data, size_t size);

static const struct
{
  const char *name;
  int (*entry) (const uint8_t *data, size_t size);
} targets[] = {
  { "cron", ork_fuzz_cron },
  { "duration", ork_fuzz_duration },
  { "workspace", ork_fuzz_workspace },
  { "record", ork_fuzz_record },
};

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(char * const *) a, *(char * const *) b);
}

static gboolean
replay_file (int (*entry) (const uint8_t *, size_t),
             const char *path)
{
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;
  gsize len;

  if (!g_file_get_contents (path, &contents, &len, &error))
    {
      printf ("# %s\n", error->message);
      return FALSE;
    }
  /* Said first, so that a crash names its input. */
  fprintf (stderr, "replaying %s\n", path);
  entry ((const uint8_t *) contents, len);
  return TRUE;
}

static int
replay_dir (guint       number,
            const char *name,
            int (*entry) (const uint8_t *, size_t),
            const char *dir_path)
{
  g_autoptr(GDir) dir = NULL;
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  const char *file;
  gboolean ok = TRUE;

  dir = g_dir_open (dir_path, 0, &error);
  if (dir == NULL)
    {
      printf ("not ok %u - %s: %s\n", number, name, error->message);
      return 1;
    }
  while ((file = g_dir_read_name (dir)) != NULL)
    if (file[0] != '.')
      g_ptr_array_add (names, g_strdup (file));
  g_ptr_array_sort (names, compare_names);

  for (guint i = 0; i < names->len; i++)
    {
      g_autofree char *path = g_build_filename (dir_path, g_ptr_array_index (names, i), NULL);

      ok &= replay_file (entry, path);
    }
  if (names->len == 0)
    ok = FALSE;
  printf ("%s %u - %s: %u inputs\n", ok ? "ok" : "not ok", number, name, names->len);
  fflush (stdout);
  return ok ? 0 : 1;
}

int
main (int    argc,
      char **argv)
{
  g_autofree char *root = NULL;
  int failed = 0;

  setvbuf (stdout, NULL, _IOLBF, 0);

  if (argc >= 3)
    {
      for (guint t = 0; t < G_N_ELEMENTS (targets); t++)
        if (strcmp (argv[1], targets[t].name) == 0)
          {
            for (int i = 2; i < argc; i++)
              if (!replay_file (targets[t].entry, argv[i]))
                return 1;
            return 0;
          }
      fprintf (stderr, "%s: no fuzz target %s\n", argv[0], argv[1]);
      return 2;
    }

  if (argc == 2)
    root = g_strdup (argv[1]);
  else if (g_getenv ("G_TEST_SRCDIR") != NULL)
    root = g_build_filename (g_getenv ("G_TEST_SRCDIR"), "fuzz", "corpus", NULL);
  else
    {
      fprintf (stderr, "usage: %s CORPUS_ROOT | NAME FILE...\n", argv[0]);
      return 2;
    }

  printf ("1..%u\n", (guint) G_N_ELEMENTS (targets));
  for (guint t = 0; t < G_N_ELEMENTS (targets); t++)
    {
      g_autofree char *dir = g_build_filename (root, targets[t].name, NULL);

      failed += replay_dir (t + 1, targets[t].name, targets[t].entry, dir);
    }
  return failed > 0 ? 1 : 0;
}
