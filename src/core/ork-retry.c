/* ork-retry.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ork-retry"

#include "config.h"

#include <math.h>

#include "ork-retry.h"

G_DEFINE_BOXED_TYPE (OrkRetryPolicy, ork_retry_policy, ork_retry_policy_copy, ork_retry_policy_free)

/* A negative max_delay would make "never above max_delay" contradict
 * "never negative"; it is read as no cap at all. */
static gint64
effective_cap (const OrkRetryPolicy *self)
{
  return self->max_delay_ms < 0 ? G_MAXINT64 : self->max_delay_ms;
}

/* The base curve of DESIGN §3, already saturated at @cap so that no
 * intermediate value can overflow. */
static gint64
base_delay (const OrkRetryPolicy *self,
            guint                 n,
            gint64                cap)
{
  gint64 initial = MAX (self->initial_ms, 0);

  switch (self->backoff)
    {
    case ORK_BACKOFF_FIXED:
      return MIN (initial, cap);

    case ORK_BACKOFF_LINEAR:
      if (initial == 0)
        return 0;
      if ((gint64) n > cap / initial)
        return cap;
      return MIN (initial * (gint64) n, cap);

    case ORK_BACKOFF_EXPONENTIAL:
      {
        double value;

        if (initial == 0)
          return 0;

        /* pow() saturates to +inf rather than wrapping; anything at or above
         * the cap (or not a number, from a nonsense multiplier) is the cap. */
        value = (double) initial * pow (self->multiplier, (double) (n - 1));
        if (isnan (value) || value >= (double) cap)
          return cap;
        if (value <= 0.0)
          return 0;
        return (gint64) llround (value);
      }

    case ORK_BACKOFF_DELAYS:
      {
        gint64 value;

        /* Without a list there is nothing else to go by than initial. */
        if (self->delays == NULL || self->delays->len == 0)
          return MIN (initial, cap);

        value = g_array_index (self->delays, gint64, MIN (n, self->delays->len) - 1);
        return CLAMP (value, 0, cap);
      }

    default:
      g_return_val_if_reached (MIN (initial, cap));
    }
}

OrkRetryPolicy *
ork_retry_policy_new (void)
{
  OrkRetryPolicy *self = g_new0 (OrkRetryPolicy, 1);

  self->max_retries = 3;
  self->backoff = ORK_BACKOFF_EXPONENTIAL;
  self->initial_ms = 2000;
  self->multiplier = 2.0;
  self->max_delay_ms = 300000;
  self->jitter = ORK_JITTER_NONE;
  self->delays = NULL;

  return self;
}

OrkRetryPolicy *
ork_retry_policy_copy (const OrkRetryPolicy *self)
{
  OrkRetryPolicy *copy;

  g_return_val_if_fail (self != NULL, NULL);

  copy = g_new (OrkRetryPolicy, 1);
  *copy = *self;
  if (self->delays != NULL)
    copy->delays = g_array_copy (self->delays);

  return copy;
}

void
ork_retry_policy_free (OrkRetryPolicy *self)
{
  if (self == NULL)
    return;

  g_clear_pointer (&self->delays, g_array_unref);
  g_free (self);
}

gboolean
ork_retry_policy_equal (const OrkRetryPolicy *a,
                        const OrkRetryPolicy *b)
{
  guint a_len;
  guint b_len;

  if (a == b)
    return TRUE;
  if (a == NULL || b == NULL)
    return FALSE;

  if (a->max_retries != b->max_retries ||
      a->backoff != b->backoff ||
      a->initial_ms != b->initial_ms ||
      a->multiplier != b->multiplier ||
      a->max_delay_ms != b->max_delay_ms ||
      a->jitter != b->jitter)
    return FALSE;

  /* No list and an empty list mean the same. */
  a_len = a->delays != NULL ? a->delays->len : 0;
  b_len = b->delays != NULL ? b->delays->len : 0;
  if (a_len != b_len)
    return FALSE;

  for (guint i = 0; i < a_len; i++)
    {
      if (g_array_index (a->delays, gint64, i) != g_array_index (b->delays, gint64, i))
        return FALSE;
    }

  return TRUE;
}

gint64
ork_retry_policy_delay (const OrkRetryPolicy *self,
                        guint                 n,
                        gint64               *prev_ms,
                        OrkRng               *rng)
{
  gint64 cap;
  gint64 d;

  g_return_val_if_fail (self != NULL, 0);
  g_return_val_if_fail (n >= 1, 0);

  cap = effective_cap (self);

  if (self->jitter == ORK_JITTER_DECORRELATED)
    {
      gint64 initial = MAX (self->initial_ms, 0);
      gint64 previous;
      gint64 upper;

      g_return_val_if_fail (rng != NULL, MIN (initial, cap));

      previous = (prev_ms != NULL && *prev_ms > 0) ? *prev_ms : initial;
      upper = previous > G_MAXINT64 / 3 ? G_MAXINT64 : previous * 3;
      upper = MAX (upper, initial);

      /* Not inside MIN (), which would draw twice. */
      d = ork_rng_range (rng, initial, upper);
      d = MIN (d, cap);
    }
  else
    {
      d = base_delay (self, n, cap);

      switch (self->jitter)
        {
        case ORK_JITTER_NONE:
          break;

        case ORK_JITTER_FULL:
          g_return_val_if_fail (rng != NULL, d);
          d = ork_rng_range (rng, 0, d);
          break;

        case ORK_JITTER_EQUAL:
          {
            gint64 half = d / 2;

            g_return_val_if_fail (rng != NULL, d);
            /* d − half rather than half, so an odd d can still be reached. */
            d = half + ork_rng_range (rng, 0, d - half);
          }
          break;

        case ORK_JITTER_DECORRELATED:
        default:
          g_return_val_if_reached (d);
        }
    }

  if (prev_ms != NULL)
    *prev_ms = d;

  return d;
}
