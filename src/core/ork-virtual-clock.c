/* ork-virtual-clock.c — simulated time, advanced from event to event
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ork-virtual-clock"

#include "config.h"

#include "ork-clock.h"

/* In accelerated mode the source wakes at least this often (wall time). */
#define MAX_WAKE_INTERVAL_US (100 * 1000)

struct _OrkVirtualClock
{
  OrkClock  parent_instance;

  gint64    now;
  gboolean  stop_requested;

  double    rate;
  GSource  *source;
  gint64    anchor_mono;
  gint64    anchor_virtual;
};

G_DEFINE_FINAL_TYPE (OrkVirtualClock, ork_virtual_clock, ORK_TYPE_CLOCK)

static guint64 advance  (OrkVirtualClock *self,
                         gint64           target_us);
static void    reanchor (OrkVirtualClock *self);

static gint64
ork_virtual_clock_now (OrkClock *clock)
{
  return ((OrkVirtualClock *) clock)->now;  /* hot: no checked cast */
}

static void
rearm (OrkVirtualClock *self)
{
  gint64 due = ork_clock_next_due (ORK_CLOCK (self));
  gint64 wait = MAX_WAKE_INTERVAL_US;

  if (self->source == NULL)
    return;
  if (due != ORK_TIME_NEVER)
    wait = CLAMP ((gint64) ((due - self->now) / self->rate), 0, MAX_WAKE_INTERVAL_US);
  g_source_set_ready_time (self->source, g_get_monotonic_time () + wait);
}

static gboolean
on_accelerated_tick (gpointer user_data)
{
  OrkVirtualClock *self = user_data;
  gint64 elapsed = g_get_monotonic_time () - self->anchor_mono;
  gint64 target = self->anchor_virtual + (gint64) (elapsed * self->rate);

  g_object_ref (self);
  /* Timers due exactly at the target fire on the next wake. */
  if (target > self->now)
    advance (self, target);
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
ork_virtual_clock_timers_changed (OrkClock *clock)
{
  rearm (ORK_VIRTUAL_CLOCK (clock));
}

static void
stop_source (OrkVirtualClock *self)
{
  if (self->source != NULL)
    {
      g_source_destroy (self->source);
      g_clear_pointer (&self->source, g_source_unref);
    }
}

static void
ork_virtual_clock_dispose (GObject *object)
{
  stop_source (ORK_VIRTUAL_CLOCK (object));
  G_OBJECT_CLASS (ork_virtual_clock_parent_class)->dispose (object);
}

static void
ork_virtual_clock_class_init (OrkVirtualClockClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = ork_virtual_clock_dispose;
  ORK_CLOCK_CLASS (klass)->now = ork_virtual_clock_now;
  ORK_CLOCK_CLASS (klass)->timers_changed = ork_virtual_clock_timers_changed;
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
  reanchor (self);
  return TRUE;
}

static guint64
advance (OrkVirtualClock *self,
         gint64           target_us)
{
  OrkClock *clock = ORK_CLOCK (self);
  guint64 n = 0;

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

/* After the time was moved by hand, accelerated time continues from there. */
static void
reanchor (OrkVirtualClock *self)
{
  if (self->source == NULL)
    return;
  self->anchor_mono = g_get_monotonic_time ();
  self->anchor_virtual = self->now;
  rearm (self);
}

guint64
ork_virtual_clock_advance_to (OrkVirtualClock *self,
                              gint64           target_us)
{
  guint64 n;

  g_return_val_if_fail (ORK_IS_VIRTUAL_CLOCK (self), 0);

  n = advance (self, target_us);
  reanchor (self);
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
  reanchor (self);
}

void
ork_virtual_clock_set_rate (OrkVirtualClock *self,
                            double           rate)
{
  static GSourceFuncs funcs = { NULL, NULL, source_dispatch, NULL, NULL, NULL };

  g_return_if_fail (ORK_IS_VIRTUAL_CLOCK (self));
  g_return_if_fail (rate == 0.0 || (rate >= 1.0 && rate <= 10000.0));

  self->rate = rate;
  if (rate == 0.0)
    {
      stop_source (self);
      return;
    }

  self->anchor_mono = g_get_monotonic_time ();
  self->anchor_virtual = self->now;
  if (self->source == NULL)
    {
      self->source = g_source_new (&funcs, sizeof (GSource));
      g_source_set_callback (self->source, on_accelerated_tick, self, NULL);
      g_source_set_static_name (self->source, "OrkVirtualClock accelerated");
      g_source_attach (self->source, g_main_context_get_thread_default ());
    }
  rearm (self);
}

double
ork_virtual_clock_get_rate (OrkVirtualClock *self)
{
  g_return_val_if_fail (ORK_IS_VIRTUAL_CLOCK (self), 0.0);
  return self->rate;
}
