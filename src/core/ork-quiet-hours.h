/* ork-quiet-hours.h — windows of the week in which scheduled runs hold back
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

#include "ork-types.h"

G_BEGIN_DECLS

typedef struct
{
  guint16 from_min;   /* minutes after midnight, 0..1439 */
  guint16 to_min;     /* != from_min; to < from crosses midnight */
  guint8  days;       /* bit d for weekday d (0 = Sunday .. 6 = Saturday); 0x7f = every day */
} OrkQuietWindow;

typedef struct
{
  GArray         *windows;  /* OrkQuietWindow */
  OrkQuietPolicy  policy;
} OrkQuietHours;

#define ORK_TYPE_QUIET_HOURS (ork_quiet_hours_get_type ())

GType          ork_quiet_hours_get_type   (void) G_GNUC_CONST;
OrkQuietHours *ork_quiet_hours_new        (void);
OrkQuietHours *ork_quiet_hours_copy       (const OrkQuietHours *self);
void           ork_quiet_hours_free       (OrkQuietHours       *self);
gboolean       ork_quiet_hours_equal      (const OrkQuietHours *a,
                                           const OrkQuietHours *b);
void           ork_quiet_hours_add_window (OrkQuietHours       *self,
                                           guint                from_min,
                                           guint                to_min,
                                           guint8               days);

/* If @time_us falls inside a window (wall time in @tz; a window crossing
 * midnight belongs to the day it starts), returns TRUE and stores in
 * @window_end_us the instant the quiet period ends (if windows overlap or
 * touch, the end of the whole quiet stretch). */
gboolean       ork_quiet_hours_contains   (const OrkQuietHours *self,
                                           GTimeZone           *tz,
                                           gint64               time_us,
                                           gint64              *window_end_us);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (OrkQuietHours, ork_quiet_hours_free)

G_END_DECLS
