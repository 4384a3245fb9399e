/* ork-system-clock.c — the wall clock, one GSource at the earliest timer
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ork-system-clock"

#include "config.h"

#include "ork-clock.h"

/* The source wakes at least this often to notice suspend, resume and clock
 * jumps: a monotonic deadline does not move when the wall clock does. */
#define RECHECK_INTERVAL_US (60 * G_USEC_PER_SEC)

struct _OrkSystemClock
{
  OrkClock  parent_instance;

  GSource  *source;
};

G_DEFINE_FINAL_TYPE (OrkSystemClock, ork_system_clock, ORK_TYPE_CLOCK)

static gint64
ork_system_clock_now (OrkClock *clock)
{
  return g_get_real_time ();
}

static void
rearm (OrkSystemClock *self)
{
  gint64 due = ork_clock_next_due (ORK_CLOCK (self));
  gint64 wait = RECHECK_INTERVAL_US;

  if (self->source == NULL)
    return;
  if (due != ORK_TIME_NEVER)
    wait = CLAMP (due - g_get_real_time (), 0, RECHECK_INTERVAL_US);
  g_source_set_ready_time (self->source, g_get_monotonic_time () + wait);
}

static gboolean
on_source_dispatch (gpointer user_data)
{
  OrkSystemClock *self = user_data;
  OrkClock *clock = ORK_CLOCK (self);

  g_object_ref (self);
  while (ork_clock_fire_next (clock, g_get_real_time ()))
    ;
  rearm (self);
  g_object_unref (self);
  return G_SOURCE_CONTINUE;
}

static gboolean
source_dispatch (GSource     *source,
                 GSourceFunc  callback,
                 gpointer     user_data)
{
  return callback (user_data);
}

static void
ork_system_clock_timers_changed (OrkClock *clock)
{
  rearm (ORK_SYSTEM_CLOCK (clock));
}

static void
ork_system_clock_dispose (GObject *object)
{
  OrkSystemClock *self = ORK_SYSTEM_CLOCK (object);

  if (self->source != NULL)
    {
      g_source_destroy (self->source);
      g_clear_pointer (&self->source, g_source_unref);
    }
  G_OBJECT_CLASS (ork_system_clock_parent_class)->dispose (object);
}

static void
ork_system_clock_class_init (OrkSystemClockClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = ork_system_clock_dispose;
  ORK_CLOCK_CLASS (klass)->now = ork_system_clock_now;
  ORK_CLOCK_CLASS (klass)->timers_changed = ork_system_clock_timers_changed;
}

static void
ork_system_clock_init (OrkSystemClock *self)
{
  static GSourceFuncs funcs = { NULL, NULL, source_dispatch, NULL, NULL, NULL };

  /* A bare source driven only by its ready time. */
  self->source = g_source_new (&funcs, sizeof (GSource));
  g_source_set_callback (self->source, on_source_dispatch, self, NULL);
  g_source_set_static_name (self->source, "OrkSystemClock");
  g_source_attach (self->source, g_main_context_get_thread_default ());
  rearm (self);
}

OrkClock *
ork_system_clock_new (void)
{
  return g_object_new (ORK_TYPE_SYSTEM_CLOCK, NULL);
}
