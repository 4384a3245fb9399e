/* ork-diagnostic.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ork-diagnostic"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "ork-diagnostic.h"

G_DEFINE_BOXED_TYPE (OrkDiagnostic, ork_diagnostic, ork_diagnostic_copy, ork_diagnostic_free)

OrkDiagnostic *
ork_diagnostic_new (guint       line,
                    guint       column,
                    const char *path,
                    const char *message)
{
  OrkDiagnostic *self = g_new0 (OrkDiagnostic, 1);

  self->line = line;
  self->column = column;
  self->path = g_strdup (path);
  self->message = g_strdup (message);
  return self;
}

OrkDiagnostic *
ork_diagnostic_copy (const OrkDiagnostic *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return ork_diagnostic_new (self->line, self->column, self->path, self->message);
}

void
ork_diagnostic_free (OrkDiagnostic *self)
{
  if (self == NULL)
    return;
  g_free (self->path);
  g_free (self->message);
  g_free (self);
}

char *
ork_diagnostic_format (const OrkDiagnostic *self,
                       const char          *filename)
{
  GString *s;

  g_return_val_if_fail (self != NULL, NULL);

  s = g_string_new (filename ? filename : "<input>");
  if (self->line > 0)
    g_string_append_printf (s, ":%u:%u", self->line, self->column);
  g_string_append_printf (s, ": %s ", _("error:"));
  if (self->path != NULL && self->path[0] != '\0')
    g_string_append_printf (s, "%s: ", self->path);
  g_string_append (s, self->message);
  return g_string_free (s, FALSE);
}

char *
ork_diagnostics_format (GPtrArray  *diagnostics,
                        const char *filename)
{
  GString *s = g_string_new (NULL);

  g_return_val_if_fail (diagnostics != NULL, NULL);

  for (guint i = 0; i < diagnostics->len; i++)
    {
      g_autofree char *line = ork_diagnostic_format (g_ptr_array_index (diagnostics, i), filename);
      if (i > 0)
        g_string_append_c (s, '\n');
      g_string_append (s, line);
    }
  return g_string_free (s, FALSE);
}
