/* ork-clock.h — where the engine's time comes from
 *
 * Nothing in the core reads the wall clock directly: it asks an OrkClock for
 * "now" and for timers. The clock keeps every timer in one heap; the virtual
 * clock jumps from timer to timer, the system clock arms one GSource at the
 * earliest one.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

#include "ork-types.h"

G_BEGIN_DECLS

#define ORK_TYPE_CLOCK (ork_clock_get_type ())

G_DECLARE_DERIVABLE_TYPE (OrkClock, ork_clock, ORK, CLOCK, GObject)

struct _OrkClockClass
{
  GObjectClass parent_class;

  gint64 (*now)            (OrkClock *self);
  /* The earliest timer changed (added, removed, fired). */
  void   (*timers_changed) (OrkClock *self);
};

typedef void (*OrkTimerFunc) (gpointer user_data);
typedef struct _OrkTimer OrkTimer;

/* Timers due at the same instant run in order of @order (lower first), then in
 * the order they were added. The engine uses order 0 for events and a higher
 * order to look at its queue once every event of that instant has happened. */
gint64    ork_clock_now          (OrkClock     *self);
OrkTimer *ork_clock_add_timer    (OrkClock     *self,
                                  gint64        when_us,
                                  int           order,
                                  OrkTimerFunc  func,
                                  gpointer      user_data);
/* @timer must be pending: not yet fired, not removed. */
void      ork_clock_remove_timer (OrkClock     *self,
                                  OrkTimer     *timer);
gint64    ork_clock_timer_get_due (OrkTimer    *timer);
/* The earliest pending timer's time, or ORK_TIME_NEVER. */
gint64    ork_clock_next_due     (OrkClock     *self);
guint     ork_clock_get_n_timers (OrkClock     *self);
/* For implementations: fires the earliest pending timer if it is due at or
 * before @limit_us; returns FALSE if none was. */
gboolean  ork_clock_fire_next    (OrkClock     *self,
                                  gint64        limit_us);
/* A step counter for tests and benchmarks: how many timers have fired. */
guint64   ork_clock_get_n_fired  (OrkClock     *self);


#define ORK_TYPE_VIRTUAL_CLOCK (ork_virtual_clock_get_type ())

G_DECLARE_FINAL_TYPE (OrkVirtualClock, ork_virtual_clock, ORK, VIRTUAL_CLOCK, OrkClock)

OrkClock *ork_virtual_clock_new        (gint64            start_us);
/* Jumps to the earliest timer and fires every timer due at that instant.
 * Returns FALSE (and does nothing) when no timer is pending. */
gboolean  ork_virtual_clock_step       (OrkVirtualClock  *self);
/* Fires, in order, every timer due strictly before @target_us, then sets the
 * time to @target_us (the half-open span [now, target)). Stops early, leaving
 * the time at the last fired timer, if ork_virtual_clock_stop () is called
 * from a timer. Returns the number of timers fired. */
guint64   ork_virtual_clock_advance_to (OrkVirtualClock  *self,
                                        gint64            target_us);
void      ork_virtual_clock_stop       (OrkVirtualClock  *self);
/* Sets the time without firing anything, like a suspended machine waking up
 * or a clock jump; timers now in the past fire on the next step/advance. */
void      ork_virtual_clock_jump_to    (OrkVirtualClock  *self,
                                        gint64            time_us);
/* Accelerated mode: virtual time runs at @rate times wall time (1 to
 * 10,000), driven by one GSource on the thread-default main context that
 * wakes for the next timer and at least every 100 ms of wall time, so that
 * "now" moves smoothly. A rate of 0 stops it (the time stays where it is;
 * step and advance_to work as before). */
void      ork_virtual_clock_set_rate   (OrkVirtualClock  *self,
                                        double            rate);
double    ork_virtual_clock_get_rate   (OrkVirtualClock  *self);


#define ORK_TYPE_SYSTEM_CLOCK (ork_system_clock_get_type ())

G_DECLARE_FINAL_TYPE (OrkSystemClock, ork_system_clock, ORK, SYSTEM_CLOCK, OrkClock)

/* The wall clock, with one GSource on the thread-default main context that
 * is re-armed to the earliest timer and wakes at least once a minute to
 * notice suspend/resume and clock jumps. */
OrkClock *ork_system_clock_new         (void);

G_END_DECLS
