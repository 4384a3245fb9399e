/* ork-retry.h — retry policies (DESIGN §3)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

#include "ork-rng.h"
#include "ork-types.h"

G_BEGIN_DECLS

typedef struct
{
  guint       max_retries;   /* default 3 */
  OrkBackoff  backoff;       /* default exponential */
  gint64      initial_ms;    /* default 2000 */
  double      multiplier;    /* default 2.0 */
  gint64      max_delay_ms;  /* default 300000 */
  OrkJitter   jitter;        /* default none */
  GArray     *delays;        /* gint64 ms, or NULL; used by ORK_BACKOFF_DELAYS */
} OrkRetryPolicy;

#define ORK_TYPE_RETRY_POLICY (ork_retry_policy_get_type ())

GType           ork_retry_policy_get_type (void) G_GNUC_CONST;
/* A policy with the defaults of DESIGN §3. */
OrkRetryPolicy *ork_retry_policy_new      (void);
OrkRetryPolicy *ork_retry_policy_copy     (const OrkRetryPolicy *self);
void            ork_retry_policy_free     (OrkRetryPolicy       *self);
gboolean        ork_retry_policy_equal    (const OrkRetryPolicy *a,
                                           const OrkRetryPolicy *b);

/* The delay in ms before retry @n (n ≥ 1; retry n is attempt n+1), measured
 * from the end of attempt n. @prev_ms carries the previous delay for
 * decorrelated jitter: pass a variable initialised to 0 before retry 1 and
 * keep passing it; it is updated. @rng is used only by jitter and may be NULL
 * when jitter is none. Never negative, never above max_delay. */
gint64          ork_retry_policy_delay    (const OrkRetryPolicy *self,
                                           guint                 n,
                                           gint64               *prev_ms,
                                           OrkRng               *rng);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (OrkRetryPolicy, ork_retry_policy_free)

G_END_DECLS
