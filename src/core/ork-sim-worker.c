/* ork-sim-worker.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ork-sim-worker"

#include "config.h"

#include <math.h>

#include "ork-rng.h"
#include "ork-sim-worker.h"

/* The standard normal quantile of 0.99: p99 = median · e^(σ·Z99). */
#define Z99 2.326347874040841

/* No simulated attempt runs longer than this; a spec asking for more is
 * almost certainly a typo, and keeping durations bounded keeps every time
 * computation far from overflow. */
#define MAX_DURATION_MS (G_GINT64_CONSTANT (30) * 24 * 60 * 60 * 1000)

G_DEFINE_BOXED_TYPE (OrkSimSpec, ork_sim_spec, ork_sim_spec_copy, ork_sim_spec_free)

typedef struct
{
  gint64 median_ms;
  gint64 p99_ms;
} TypeDefaults;

static const TypeDefaults type_defaults[] = {
  [ORK_JOB_TYPE_SYNC] = { 400, 2000 },
  [ORK_JOB_TYPE_CLEANUP] = { 50, 300 },
  [ORK_JOB_TYPE_BATCH] = { 2 * 60 * 1000, 10 * 60 * 1000 },
  [ORK_JOB_TYPE_METRICS] = { 20, 120 },
  [ORK_JOB_TYPE_COMMAND] = { 1000, 10000 },
};

static double
clamp_rate (double rate)
{
  /* Written so that NaN ends up as 0. */
  if (!(rate > 0.0))
    return 0.0;
  if (rate > 1.0)
    return 1.0;
  return rate;
}

static gint64
round_duration (double ms)
{
  if (!(ms >= 1.0))
    return 1;
  if (!(ms < (double) MAX_DURATION_MS))
    return MAX_DURATION_MS;
  return CLAMP ((gint64) llround (ms), 1, MAX_DURATION_MS);
}

static gint64
draw_duration (const OrkSimSpec *spec,
               double            u,
               double            z)
{
  switch (spec->latency)
    {
    case ORK_LATENCY_FIXED:
      return round_duration ((double) spec->fixed_ms);

    case ORK_LATENCY_UNIFORM:
      {
        gint64 lo = MIN (spec->min_ms, spec->max_ms);
        gint64 hi = MAX (spec->min_ms, spec->max_ms);

        /* Whole milliseconds in [lo, hi], each equally likely. */
        return round_duration (floor ((double) lo + u * ((double) (hi - lo) + 1.0)));
      }

    case ORK_LATENCY_LOGNORMAL:
      {
        double median = MAX (spec->median_ms, 1);
        double p99 = MAX (spec->p99_ms, spec->median_ms);
        double mu;
        double sigma;

        if (p99 <= median)
          return round_duration (median);

        mu = log (median);
        sigma = (log (p99) - mu) / Z99;
        return round_duration (exp (mu + sigma * z));
      }

    default:
      g_return_val_if_reached (1);
    }
}

OrkSimSpec *
ork_sim_spec_new_for_type (OrkJobType type)
{
  OrkSimSpec *self;

  g_return_val_if_fail ((guint) type < G_N_ELEMENTS (type_defaults), NULL);

  self = g_new0 (OrkSimSpec, 1);
  self->latency = ORK_LATENCY_LOGNORMAL;
  self->median_ms = type_defaults[type].median_ms;
  self->p99_ms = type_defaults[type].p99_ms;
  self->failure_rate = 0.0;
  self->hang_rate = 0.0;
  self->chaos = NULL;

  return self;
}

OrkSimSpec *
ork_sim_spec_copy (const OrkSimSpec *self)
{
  OrkSimSpec *copy;

  g_return_val_if_fail (self != NULL, NULL);

  copy = g_new (OrkSimSpec, 1);
  *copy = *self;
  if (self->chaos != NULL)
    copy->chaos = g_array_copy (self->chaos);

  return copy;
}

void
ork_sim_spec_free (OrkSimSpec *self)
{
  if (self == NULL)
    return;

  g_clear_pointer (&self->chaos, g_array_unref);
  g_free (self);
}

gboolean
ork_sim_spec_equal (const OrkSimSpec *a,
                    const OrkSimSpec *b)
{
  guint a_len;
  guint b_len;

  if (a == b)
    return TRUE;
  if (a == NULL || b == NULL)
    return FALSE;

  if (a->latency != b->latency ||
      a->median_ms != b->median_ms ||
      a->p99_ms != b->p99_ms ||
      a->fixed_ms != b->fixed_ms ||
      a->min_ms != b->min_ms ||
      a->max_ms != b->max_ms ||
      a->failure_rate != b->failure_rate ||
      a->hang_rate != b->hang_rate)
    return FALSE;

  /* No chaos list and an empty one mean the same. */
  a_len = a->chaos != NULL ? a->chaos->len : 0;
  b_len = b->chaos != NULL ? b->chaos->len : 0;
  if (a_len != b_len)
    return FALSE;

  for (guint i = 0; i < a_len; i++)
    {
      const OrkChaosWindow *wa = &g_array_index (a->chaos, OrkChaosWindow, i);
      const OrkChaosWindow *wb = &g_array_index (b->chaos, OrkChaosWindow, i);

      if (wa->from_us != wb->from_us ||
          wa->to_us != wb->to_us ||
          wa->failure_rate != wb->failure_rate)
        return FALSE;
    }

  return TRUE;
}

void
ork_sim_spec_add_chaos (OrkSimSpec *self,
                        gint64      from_us,
                        gint64      to_us,
                        double      failure_rate)
{
  OrkChaosWindow window;

  g_return_if_fail (self != NULL);
  g_return_if_fail (from_us <= to_us);

  if (self->chaos == NULL)
    self->chaos = g_array_new (FALSE, FALSE, sizeof (OrkChaosWindow));

  window.from_us = from_us;
  window.to_us = to_us;
  window.failure_rate = failure_rate;
  g_array_append_val (self->chaos, window);
}

double
ork_sim_spec_failure_rate_at (const OrkSimSpec *self,
                              gint64            time_us)
{
  g_return_val_if_fail (self != NULL, 0.0);

  /* Where windows overlap, the one listed last wins, as a later line of a
   * file overrides an earlier one. */
  if (self->chaos != NULL)
    {
      for (guint i = self->chaos->len; i > 0; i--)
        {
          const OrkChaosWindow *window = &g_array_index (self->chaos, OrkChaosWindow, i - 1);

          if (window->from_us <= time_us && time_us < window->to_us)
            return window->failure_rate;
        }
    }

  return self->failure_rate;
}

void
ork_sim_draw (const OrkSimSpec *spec,
              guint64           seed,
              const char       *job_id,
              gint64            nominal_us,
              guint             attempt,
              gint64            start_us,
              double            failure_multiplier,
              OrkSimOutcome    *out)
{
  OrkRng rng;
  double u_hang;
  double u_fail;
  double u_duration;
  double z_duration;
  double failure_rate;

  g_return_if_fail (spec != NULL);
  g_return_if_fail (out != NULL);

  ork_rng_init_for (&rng, seed, job_id, nominal_us, attempt, ORK_RNG_STREAM_OUTCOME);

  /* Every draw is taken, in this fixed order, whatever the model and the
   * verdict: changing a rate then changes verdicts only, never the
   * durations. */
  u_hang = ork_rng_uniform (&rng);
  u_fail = ork_rng_uniform (&rng);
  u_duration = ork_rng_uniform (&rng);
  z_duration = ork_rng_normal (&rng);

  failure_rate = clamp_rate (ork_sim_spec_failure_rate_at (spec, start_us) * failure_multiplier);

  if (u_hang < clamp_rate (spec->hang_rate))
    out->verdict = ORK_SIM_HANG;
  else if (u_fail < failure_rate)
    out->verdict = ORK_SIM_FAIL;
  else
    out->verdict = ORK_SIM_SUCCEED;

  out->duration_ms = draw_duration (spec, u_duration, z_duration);
}
