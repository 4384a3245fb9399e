/* ork-queue.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ork-queue"

#include "config.h"

#include "ork-queue.h"
#include "ork-run-private.h"

struct _OrkQueue
{
  GPtrArray           *heap;
  OrkQueueCompareFunc  compare;
};

static inline void
place (OrkQueue *self,
       guint     i,
       OrkRun   *run)
{
  self->heap->pdata[i] = run;
  run->ready_index = i;
}

static void
sift_up (OrkQueue *self,
         guint     i)
{
  OrkRun *run = self->heap->pdata[i];

  while (i > 0)
    {
      guint parent = (i - 1) / 2;
      OrkRun *p = self->heap->pdata[parent];

      if (self->compare (run, p) >= 0)
        break;
      place (self, i, p);
      i = parent;
    }
  place (self, i, run);
}

static void
sift_down (OrkQueue *self,
           guint     i)
{
  OrkRun *run = self->heap->pdata[i];
  guint len = self->heap->len;

  for (;;)
    {
      guint l = 2 * i + 1;
      guint best = l;

      if (l >= len)
        break;
      if (l + 1 < len && self->compare (self->heap->pdata[l + 1], self->heap->pdata[l]) < 0)
        best = l + 1;
      if (self->compare (self->heap->pdata[best], run) >= 0)
        break;
      place (self, i, self->heap->pdata[best]);
      i = best;
    }
  place (self, i, run);
}

OrkQueue *
ork_queue_new (OrkQueueCompareFunc compare)
{
  OrkQueue *self = g_new0 (OrkQueue, 1);

  self->heap = g_ptr_array_new ();
  self->compare = compare;
  return self;
}

void
ork_queue_free (OrkQueue *self)
{
  if (self == NULL)
    return;
  for (guint i = 0; i < self->heap->len; i++)
    {
      OrkRun *run = self->heap->pdata[i];
      run->ready_index = G_MAXUINT;
      ork_run_unref (run);
    }
  g_ptr_array_unref (self->heap);
  g_free (self);
}

void
ork_queue_push (OrkQueue *self,
                OrkRun   *run)
{
  g_return_if_fail (run->ready_index == G_MAXUINT);

  g_ptr_array_add (self->heap, ork_run_ref (run));
  sift_up (self, self->heap->len - 1);
}

OrkRun *
ork_queue_peek (OrkQueue *self)
{
  return self->heap->len > 0 ? self->heap->pdata[0] : NULL;
}

gboolean
ork_queue_contains (OrkQueue *self,
                    OrkRun   *run)
{
  return run->ready_index < self->heap->len && self->heap->pdata[run->ready_index] == run;
}

OrkRun *
ork_queue_remove (OrkQueue *self,
                  OrkRun   *run)
{
  guint i = run->ready_index;
  OrkRun *last;

  g_return_val_if_fail (ork_queue_contains (self, run), NULL);

  last = g_ptr_array_steal_index_fast (self->heap, self->heap->len - 1);
  if (last != run)
    {
      place (self, i, last);
      if (i > 0 && self->compare (last, self->heap->pdata[(i - 1) / 2]) < 0)
        sift_up (self, i);
      else
        sift_down (self, i);
    }
  run->ready_index = G_MAXUINT;
  return run;
}

OrkRun *
ork_queue_pop (OrkQueue *self)
{
  if (self->heap->len == 0)
    return NULL;
  return ork_queue_remove (self, self->heap->pdata[0]);
}

guint
ork_queue_get_length (OrkQueue *self)
{
  return self->heap->len;
}

void
ork_queue_reorder (OrkQueue *self,
                   GFunc     refresh,
                   gpointer  user_data)
{
  for (guint i = 0; i < self->heap->len; i++)
    if (refresh != NULL)
      refresh (self->heap->pdata[i], user_data);
  for (guint i = self->heap->len / 2; i > 0; i--)
    sift_down (self, i - 1);
}
