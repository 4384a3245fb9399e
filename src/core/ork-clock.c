/* ork-clock.c — the timer heap shared by every clock
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ork-clock"

#include "config.h"

#include "ork-clock.h"

struct _OrkTimer
{
  OrkTimerFunc  func;       /* NULL once cancelled: the heap entry is skipped */
  gpointer      user_data;
  OrkTimer     *next_free;
  gint64        when;
};

/* Heap entries carry their sort key, so sifting never follows a pointer or
 * writes into a timer: with 100,000 jobs that is the difference between
 * cache hits and misses. Removing a timer only marks it; its entry leaves
 * the heap when it reaches the top. */
typedef struct
{
  gint64    when;
  guint64   rank;   /* order in the top 8 bits, then the insertion sequence */
  OrkTimer *timer;
} HeapEntry;

typedef struct
{
  HeapEntry *heap;
  guint      len;
  guint      alloc;
  guint      n_pending;  /* entries whose timer is not cancelled */
  guint64    seq;
  guint64    n_fired;
  OrkTimer  *free_list;
} OrkClockPrivate;

G_DEFINE_ABSTRACT_TYPE_WITH_PRIVATE (OrkClock, ork_clock, G_TYPE_OBJECT)

#define ARITY 4

static inline gboolean
entry_before (const HeapEntry *a,
              const HeapEntry *b)
{
  if (a->when != b->when)
    return a->when < b->when;
  return a->rank < b->rank;
}

static void
sift_up (OrkClockPrivate *priv,
         guint            i)
{
  HeapEntry e = priv->heap[i];

  while (i > 0)
    {
      guint parent = (i - 1) / ARITY;
      if (!entry_before (&e, &priv->heap[parent]))
        break;
      priv->heap[i] = priv->heap[parent];
      i = parent;
    }
  priv->heap[i] = e;
}

static void
sift_down (OrkClockPrivate *priv,
           guint            i)
{
  HeapEntry e = priv->heap[i];

  for (;;)
    {
      guint first = ARITY * i + 1;
      guint last = MIN (first + ARITY, priv->len);
      guint best = first;

      if (first >= priv->len)
        break;
      for (guint c = first + 1; c < last; c++)
        if (entry_before (&priv->heap[c], &priv->heap[best]))
          best = c;
      if (!entry_before (&priv->heap[best], &e))
        break;
      priv->heap[i] = priv->heap[best];
      i = best;
    }
  priv->heap[i] = e;
}

static void
release_timer (OrkClockPrivate *priv,
               OrkTimer        *t)
{
  t->func = NULL;
  t->user_data = NULL;
  t->next_free = priv->free_list;
  priv->free_list = t;
}

static void
pop_top (OrkClockPrivate *priv)
{
  g_assert (priv->len > 0);

  priv->len--;
  if (priv->len > 0)
    {
      priv->heap[0] = priv->heap[priv->len];
      sift_down (priv, 0);
    }
}

/* Drops cancelled entries from the top, so heap[0] is a live timer. */
static void
skip_cancelled (OrkClockPrivate *priv)
{
  while (priv->len > 0 && priv->heap[0].timer->func == NULL)
    {
      OrkTimer *t = priv->heap[0].timer;

      pop_top (priv);
      release_timer (priv, t);
    }
}

static void
ork_clock_finalize (GObject *object)
{
  OrkClockPrivate *priv = ork_clock_get_instance_private (ORK_CLOCK (object));

  for (guint i = 0; i < priv->len; i++)
    g_free (priv->heap[i].timer);
  while (priv->free_list != NULL)
    {
      OrkTimer *next = priv->free_list->next_free;
      g_free (priv->free_list);
      priv->free_list = next;
    }
  g_free (priv->heap);

  G_OBJECT_CLASS (ork_clock_parent_class)->finalize (object);
}

static void
ork_clock_class_init (OrkClockClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = ork_clock_finalize;
}

static void
ork_clock_init (OrkClock *self)
{
}

gint64
ork_clock_now (OrkClock *self)
{
  g_return_val_if_fail (ORK_IS_CLOCK (self), 0);
  return ORK_CLOCK_GET_CLASS (self)->now (self);
}

static void
notify_timers_changed (OrkClock *self)
{
  OrkClockClass *klass = ORK_CLOCK_GET_CLASS (self);

  if (klass->timers_changed != NULL)
    klass->timers_changed (self);
}

OrkTimer *
ork_clock_add_timer (OrkClock     *self,
                     gint64        when_us,
                     int           order,
                     OrkTimerFunc  func,
                     gpointer      user_data)
{
  OrkClockPrivate *priv = ork_clock_get_instance_private (self);
  OrkTimer *t;
  gboolean first;

  g_return_val_if_fail (ORK_IS_CLOCK (self), NULL);
  g_return_val_if_fail (func != NULL, NULL);

  if (priv->free_list != NULL)
    {
      t = priv->free_list;
      priv->free_list = t->next_free;
    }
  else
    t = g_new (OrkTimer, 1);

  t->when = when_us;
  t->func = func;
  t->user_data = user_data;
  t->next_free = NULL;

  if (priv->len == priv->alloc)
    {
      priv->alloc = MAX (64, priv->alloc * 2);
      priv->heap = g_renew (HeapEntry, priv->heap, priv->alloc);
    }
  priv->heap[priv->len].when = when_us;
  priv->heap[priv->len].rank = ((guint64) CLAMP (order, 0, 255) << 56) | priv->seq++;
  priv->heap[priv->len].timer = t;
  priv->len++;
  priv->n_pending++;
  sift_up (priv, priv->len - 1);

  skip_cancelled (priv);
  first = priv->heap[0].timer == t;
  if (first)
    notify_timers_changed (self);

  return t;
}

/* Cancels @timer: it will not fire. Its memory is reused once its heap
 * entry reaches the top, so the handle must not be used afterwards. */
void
ork_clock_remove_timer (OrkClock *self,
                        OrkTimer *timer)
{
  OrkClockPrivate *priv = ork_clock_get_instance_private (self);
  gboolean was_first;

  g_return_if_fail (ORK_IS_CLOCK (self));
  g_return_if_fail (timer != NULL);
  g_return_if_fail (timer->func != NULL);

  was_first = priv->len > 0 && priv->heap[0].timer == timer;
  timer->func = NULL;
  timer->user_data = NULL;
  priv->n_pending--;
  if (was_first)
    {
      skip_cancelled (priv);
      notify_timers_changed (self);
    }
}

gint64
ork_clock_timer_get_due (OrkTimer *timer)
{
  g_return_val_if_fail (timer != NULL, ORK_TIME_NEVER);
  return timer->when;
}

gint64
ork_clock_next_due (OrkClock *self)
{
  OrkClockPrivate *priv = ork_clock_get_instance_private (self);

  g_return_val_if_fail (ORK_IS_CLOCK (self), ORK_TIME_NEVER);

  skip_cancelled (priv);
  return priv->len > 0 ? priv->heap[0].when : ORK_TIME_NEVER;
}

guint
ork_clock_get_n_timers (OrkClock *self)
{
  OrkClockPrivate *priv = ork_clock_get_instance_private (self);

  g_return_val_if_fail (ORK_IS_CLOCK (self), 0);
  return priv->n_pending;
}

guint64
ork_clock_get_n_fired (OrkClock *self)
{
  OrkClockPrivate *priv = ork_clock_get_instance_private (self);

  g_return_val_if_fail (ORK_IS_CLOCK (self), 0);
  return priv->n_fired;
}

gboolean
ork_clock_fire_next (OrkClock *self,
                     gint64    limit_us)
{
  OrkClockPrivate *priv = ork_clock_get_instance_private (self);
  OrkTimer *t;
  OrkTimerFunc func;
  gpointer data;

  g_return_val_if_fail (ORK_IS_CLOCK (self), FALSE);

  skip_cancelled (priv);
  if (priv->len == 0 || priv->heap[0].when > limit_us)
    return FALSE;

  t = priv->heap[0].timer;
  pop_top (priv);
  priv->n_pending--;
  func = t->func;
  data = t->user_data;
  /* Released before the callback runs, so the callback may add timers that
   * reuse it; the handle it was given is no longer pending. */
  release_timer (priv, t);
  priv->n_fired++;
  func (data);
  notify_timers_changed (self);
  return TRUE;
}
