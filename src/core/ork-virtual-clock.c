/* ork-virtual-clock.c — simulated time, advanced from event to event
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ork-virtual-clock"

#include "config.h"

#include "ork-clock.h"

struct _OrkVirtualClock
{
  OrkClock parent_instance;

  gint64   now;
  gboolean stop_requested;
};

G_DEFINE_FINAL_TYPE (OrkVirtualClock, ork_virtual_clock, ORK_TYPE_CLOCK)

static gint64
ork_virtual_clock_now (OrkClock *clock)
{
  return ((OrkVirtualClock *) clock)->now;  /* hot: no checked cast */
}

static void
ork_virtual_clock_class_init (OrkVirtualClockClass *klass)
{
  ORK_CLOCK_CLASS (klass)->now = ork_virtual_clock_now;
}

static void
ork_virtual_clock_init (OrkVirtualClock *self)
{
}

OrkClock *
ork_virtual_clock_new (gint64 start_us)
{
  OrkVirtualClock *self = g_object_new (ORK_TYPE_VIRTUAL_CLOCK, NULL);

  self->now = start_us;
  return ORK_CLOCK (self);
}

gboolean
ork_virtual_clock_step (OrkVirtualClock *self)
{
  OrkClock *clock = ORK_CLOCK (self);
  gint64 due;

  g_return_val_if_fail (ORK_IS_VIRTUAL_CLOCK (self), FALSE);

  due = ork_clock_next_due (clock);
  if (due == ORK_TIME_NEVER)
    return FALSE;
  if (due > self->now)
    self->now = due;
  /* Timers added for this very instant by the callbacks fire too. */
  while (ork_clock_fire_next (clock, self->now))
    ;
  return TRUE;
}

guint64
ork_virtual_clock_advance_to (OrkVirtualClock *self,
                              gint64           target_us)
{
  OrkClock *clock = ORK_CLOCK (self);
  guint64 n = 0;

  g_return_val_if_fail (ORK_IS_VIRTUAL_CLOCK (self), 0);

  self->stop_requested = FALSE;
  for (;;)
    {
      gint64 due = ork_clock_next_due (clock);

      if (due >= target_us || self->stop_requested)
        break;
      if (due > self->now)
        self->now = due;
      ork_clock_fire_next (clock, due);
      n++;
    }
  if (!self->stop_requested && target_us > self->now)
    self->now = target_us;
  self->stop_requested = FALSE;
  return n;
}

void
ork_virtual_clock_stop (OrkVirtualClock *self)
{
  g_return_if_fail (ORK_IS_VIRTUAL_CLOCK (self));
  self->stop_requested = TRUE;
}

void
ork_virtual_clock_jump_to (OrkVirtualClock *self,
                           gint64           time_us)
{
  g_return_if_fail (ORK_IS_VIRTUAL_CLOCK (self));
  self->now = time_us;
}
