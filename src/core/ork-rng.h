/* ork-rng.h — the simulation's deterministic random numbers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Independent streams drawn for one attempt, so that e.g. retry jitter does
 * not shift the latency draw. */
typedef enum
{
  ORK_RNG_STREAM_OUTCOME,
  ORK_RNG_STREAM_START_JITTER,
  ORK_RNG_STREAM_RETRY_JITTER,
} OrkRngStream;

typedef struct
{
  guint64 s[4];
} OrkRng;

/* Seeds @rng from hash(seed, job id, nominal time, attempt, stream), so a
 * draw depends on nothing else (not on job order, not on other jobs). */
void    ork_rng_init_for    (OrkRng       *rng,
                             guint64       seed,
                             const char   *job_id,
                             gint64        nominal_us,
                             guint         attempt,
                             OrkRngStream  stream);
void    ork_rng_init        (OrkRng       *rng,
                             guint64       seed);
guint64 ork_rng_next        (OrkRng       *rng);
/* Uniform in [0, 1). */
double  ork_rng_uniform     (OrkRng       *rng);
/* Uniform integer in [lo, hi], inclusive. */
gint64  ork_rng_range       (OrkRng       *rng,
                             gint64        lo,
                             gint64        hi);
/* Standard normal. */
double  ork_rng_normal      (OrkRng       *rng);

G_END_DECLS
