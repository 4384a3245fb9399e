/* ork-queue.h — the ready queue: runs waiting for a worker slot
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "ork-run.h"

G_BEGIN_DECLS

/* Negative when @a goes first. */
typedef int (*OrkQueueCompareFunc) (OrkRun *a,
                                    OrkRun *b);

typedef struct _OrkQueue OrkQueue;

/* An indexed binary heap of runs (it keeps each run's position in the run,
 * so removing any run is O(log n)). It holds a reference on each run. */
OrkQueue *ork_queue_new       (OrkQueueCompareFunc  compare);
void      ork_queue_free      (OrkQueue            *self);
void      ork_queue_push      (OrkQueue            *self,
                               OrkRun              *run);
OrkRun   *ork_queue_peek      (OrkQueue            *self);
/* Returns the reference the queue held. */
OrkRun   *ork_queue_pop       (OrkQueue            *self);
gboolean  ork_queue_contains  (OrkQueue            *self,
                               OrkRun              *run);
/* Returns the reference the queue held. */
OrkRun   *ork_queue_remove    (OrkQueue            *self,
                               OrkRun              *run);
guint     ork_queue_get_length (OrkQueue           *self);
/* Calls @refresh on every queued run (to update what the order depends
 * on), then restores the heap order. */
void      ork_queue_reorder   (OrkQueue            *self,
                               GFunc                refresh,
                               gpointer             user_data);

G_END_DECLS
