/* ork-sim-worker.h — the simulated worker (DESIGN §5)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

#include "ork-types.h"

G_BEGIN_DECLS

typedef struct
{
  gint64 from_us;
  gint64 to_us;          /* half-open [from, to) */
  double failure_rate;
} OrkChaosWindow;

typedef struct
{
  OrkLatencyKind latency;
  gint64         median_ms;    /* lognormal */
  gint64         p99_ms;       /* lognormal, ≥ median */
  gint64         fixed_ms;     /* fixed */
  gint64         min_ms;       /* uniform */
  gint64         max_ms;       /* uniform, ≥ min */
  double         failure_rate; /* 0..1 */
  double         hang_rate;    /* 0..1 */
  GArray        *chaos;        /* OrkChaosWindow, or NULL */
} OrkSimSpec;

#define ORK_TYPE_SIM_SPEC (ork_sim_spec_get_type ())

GType       ork_sim_spec_get_type      (void) G_GNUC_CONST;
/* The defaults for a job type (DESIGN §5): sync 400 ms / 2 s, cleanup
 * 50 ms / 300 ms, batch 2 min / 10 min, metrics 20 ms / 120 ms, command
 * 1 s / 10 s; failure and hang rate 0. */
OrkSimSpec *ork_sim_spec_new_for_type  (OrkJobType        type);
OrkSimSpec *ork_sim_spec_copy          (const OrkSimSpec *self);
void        ork_sim_spec_free          (OrkSimSpec       *self);
gboolean    ork_sim_spec_equal         (const OrkSimSpec *a,
                                        const OrkSimSpec *b);
void        ork_sim_spec_add_chaos     (OrkSimSpec       *self,
                                        gint64            from_us,
                                        gint64            to_us,
                                        double            failure_rate);
/* The failure rate in force at @time_us (a chaos window overrides). */
double      ork_sim_spec_failure_rate_at (const OrkSimSpec *self,
                                          gint64            time_us);

typedef enum
{
  ORK_SIM_SUCCEED,
  ORK_SIM_FAIL,
  ORK_SIM_HANG,
} OrkSimVerdict;

typedef struct
{
  OrkSimVerdict verdict;
  gint64        duration_ms;  /* how long the attempt runs; meaningless for HANG */
} OrkSimOutcome;

/* Draws one attempt's outcome from the PRNG seeded by (seed, job id,
 * nominal time, attempt). The failure rate is the one in force at
 * @start_us, multiplied by @failure_multiplier and clamped to [0, 1]. Hang is
 * drawn first (rate hang_rate), then failure. Durations are whole
 * milliseconds, at least 1. */
void        ork_sim_draw               (const OrkSimSpec *spec,
                                        guint64           seed,
                                        const char       *job_id,
                                        gint64            nominal_us,
                                        guint             attempt,
                                        gint64            start_us,
                                        double            failure_multiplier,
                                        OrkSimOutcome    *out);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (OrkSimSpec, ork_sim_spec_free)

G_END_DECLS
