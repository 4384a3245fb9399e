/* ork-diagnostic.h — one error found in a user's input, with its place
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define ORK_MAX_DIAGNOSTICS 20

typedef struct
{
  guint  line;     /* 1-based; 0 when unknown */
  guint  column;   /* 1-based, in characters */
  char  *path;     /* JSON path such as "jobs[2].retry.max_delay", or NULL */
  char  *message;
} OrkDiagnostic;

#define ORK_TYPE_DIAGNOSTIC (ork_diagnostic_get_type ())

GType          ork_diagnostic_get_type (void) G_GNUC_CONST;
OrkDiagnostic *ork_diagnostic_new      (guint                line,
                                        guint                column,
                                        const char          *path,
                                        const char          *message);
OrkDiagnostic *ork_diagnostic_copy     (const OrkDiagnostic *self);
void           ork_diagnostic_free     (OrkDiagnostic       *self);
/* "FILE:LINE:COL: error: PATH: message" (PATH part omitted when NULL). */
char          *ork_diagnostic_format   (const OrkDiagnostic *self,
                                        const char          *filename);
/* All of them, one per line, no trailing newline. */
char          *ork_diagnostics_format  (GPtrArray           *diagnostics,
                                        const char          *filename);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (OrkDiagnostic, ork_diagnostic_free)

G_END_DECLS
