/* ork-clock.c — the timer heap shared by every clock
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ork-clock"

#include "config.h"

#include "ork-clock.h"

struct _OrkTimer
{
  guint         index;   /* position in the heap, G_MAXUINT when not pending */
  OrkTimerFunc  func;
  gpointer      user_data;
  OrkTimer     *next_free;
  gint64        when;
};

/* Heap entries carry their sort key, so sifting never follows a pointer:
 * with 100,000 jobs that is the difference between cache hits and misses. */
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

static inline void
heap_set (OrkClockPrivate *priv,
          guint            i,
          const HeapEntry *e)
{
  priv->heap[i] = *e;
  e->timer->index = i;
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
      heap_set (priv, i, &priv->heap[parent]);
      i = parent;
    }
  heap_set (priv, i, &e);
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
      heap_set (priv, i, &priv->heap[best]);
      i = best;
    }
  heap_set (priv, i, &e);
}

static void
heap_remove_at (OrkClockPrivate *priv,
                guint            i)
{
  HeapEntry last;

  g_assert (i < priv->len);

  priv->heap[i].timer->index = G_MAXUINT;
  priv->len--;
  if (i == priv->len)
    return;
  last = priv->heap[priv->len];
  heap_set (priv, i, &last);
  if (i > 0 && entry_before (&last, &priv->heap[(i - 1) / ARITY]))
    sift_up (priv, i);
  else
    sift_down (priv, i);
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
  {
    HeapEntry e = { when_us, ((guint64) CLAMP (order, 0, 255) << 56) | priv->seq++, t };
    heap_set (priv, priv->len, &e);
  }
  priv->len++;
  sift_up (priv, priv->len - 1);

  if (t->index == 0)
    notify_timers_changed (self);

  return t;
}

void
ork_clock_remove_timer (OrkClock *self,
                        OrkTimer *timer)
{
  OrkClockPrivate *priv = ork_clock_get_instance_private (self);
  gboolean was_first;

  g_return_if_fail (ORK_IS_CLOCK (self));
  g_return_if_fail (timer != NULL);
  g_return_if_fail (timer->index < priv->len && priv->heap[timer->index].timer == timer);

  was_first = timer->index == 0;
  heap_remove_at (priv, timer->index);
  release_timer (priv, timer);

  if (was_first)
    notify_timers_changed (self);
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

  return priv->len > 0 ? priv->heap[0].when : ORK_TIME_NEVER;
}

guint
ork_clock_get_n_timers (OrkClock *self)
{
  OrkClockPrivate *priv = ork_clock_get_instance_private (self);

  g_return_val_if_fail (ORK_IS_CLOCK (self), 0);
  return priv->len;
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

  if (priv->len == 0 || priv->heap[0].when > limit_us)
    return FALSE;

  t = priv->heap[0].timer;
  heap_remove_at (priv, 0);
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
