/* fuzz-workspace.c — the workspace loader: JSON scan, jobs, validation
 *
 * Input: arbitrary bytes as a workspace file. Either it is rejected with
 * diagnostics (at least one, at most ORK_MAX_DIAGNOSTICS, each with a
 * position inside the text and a message that is valid UTF-8), or it loads;
 * then the saved form must load again and save to the very same text.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib.h>

#include "ork-diagnostic.h"
#include "ork-workspace.h"

#include "fuzz-common.h"

static void
check_diagnostics (GPtrArray    *diags,
                   const GError *error,
                   const char   *data,
                   size_t        size)
{
  guint n_lines = 1;

  FUZZ_CHECK (error != NULL);
  FUZZ_CHECK (error->domain == ORK_WORKSPACE_ERROR);
  FUZZ_CHECK (error->code == ORK_WORKSPACE_ERROR_INVALID);
  FUZZ_CHECK (g_utf8_validate (error->message, -1, NULL));
  FUZZ_CHECK (diags != NULL);
  FUZZ_CHECK (diags->len >= 1 && diags->len <= ORK_MAX_DIAGNOSTICS);

  for (size_t i = 0; i < size; i++)
    n_lines += data[i] == '\n' || data[i] == '\r';
  for (guint i = 0; i < diags->len; i++)
    {
      const OrkDiagnostic *d = g_ptr_array_index (diags, i);

      FUZZ_CHECK (d->message != NULL && d->message[0] != '\0');
      FUZZ_CHECK (g_utf8_validate (d->message, -1, NULL));
      /* Lines end at \n, \r\n or a lone \r: counting every \r and \n
       * gives an upper bound. */
      FUZZ_CHECK (d->line <= n_lines);
      FUZZ_CHECK (d->column <= size + 1);
    }
}

int
ORK_FUZZ_ENTRY (const uint8_t *data,
                size_t         size)
{
  g_autoptr(GPtrArray) diags = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(OrkWorkspace) ws = NULL;
  g_autoptr(OrkWorkspace) again = NULL;
  g_autofree char *saved = NULL;
  g_autofree char *saved_again = NULL;
  gsize saved_len = 0, saved_again_len = 0;

  ws = ork_workspace_load_from_data ((const char *) data, (gssize) size,
                                     "fuzz.json", &diags, &error);
  if (ws == NULL)
    {
      check_diagnostics (diags, error, (const char *) data, size);
      return 0;
    }
  FUZZ_CHECK (error == NULL);

  saved = ork_workspace_to_data (ws, &saved_len);
  FUZZ_CHECK (saved != NULL && saved_len == strlen (saved));
  FUZZ_CHECK (saved_len > 0 && saved[saved_len - 1] == '\n');

  g_clear_pointer (&diags, g_ptr_array_unref);
  again = ork_workspace_load_from_data (saved, (gssize) saved_len, "saved.json",
                                        &diags, &error);
  if (again == NULL)
    fprintf (stderr, "the saved form does not load:\n%s\n--- saved form:\n%s\n",
             error->message, saved);
  FUZZ_CHECK (again != NULL);

  saved_again = ork_workspace_to_data (again, &saved_again_len);
  if (saved_again_len != saved_len || memcmp (saved, saved_again, saved_len) != 0)
    fprintf (stderr, "--- saved once:\n%s\n--- saved twice:\n%s\n", saved, saved_again);
  FUZZ_CHECK (saved_again_len == saved_len);
  FUZZ_CHECK (memcmp (saved, saved_again, saved_len) == 0);
  FUZZ_CHECK (g_list_model_get_n_items (ork_workspace_get_jobs (ws))
              == g_list_model_get_n_items (ork_workspace_get_jobs (again)));
  return 0;
}
