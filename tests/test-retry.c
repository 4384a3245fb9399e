/* test-retry.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "ork-retry.h"

static GArray *
make_delays (const gint64 *values,
             guint         n_values)
{
  GArray *array = g_array_new (FALSE, FALSE, sizeof (gint64));

  g_array_append_vals (array, values, n_values);
  return array;
}

static void
assert_curve (const OrkRetryPolicy *policy,
              const gint64         *expected,
              guint                 n_expected)
{
  gint64 prev = 0;

  for (guint n = 1; n <= n_expected; n++)
    {
      gint64 d = ork_retry_policy_delay (policy, n, &prev, NULL);

      if (d != expected[n - 1])
        g_error ("retry %u: expected %" G_GINT64_FORMAT " ms, got %" G_GINT64_FORMAT " ms",
                 n, expected[n - 1], d);
    }
}

static void
test_defaults (void)
{
  g_autoptr(OrkRetryPolicy) policy = ork_retry_policy_new ();
  gint64 prev = 0;

  g_assert_cmpuint (policy->max_retries, ==, 3);
  g_assert_cmpint (policy->backoff, ==, ORK_BACKOFF_EXPONENTIAL);
  g_assert_cmpint (policy->initial_ms, ==, 2000);
  g_assert_cmpfloat (policy->multiplier, ==, 2.0);
  g_assert_cmpint (policy->max_delay_ms, ==, 300000);
  g_assert_cmpint (policy->jitter, ==, ORK_JITTER_NONE);
  g_assert_null (policy->delays);

  /* DESIGN §3: a job that fails attempt 2 retries 4 s later. */
  g_assert_cmpint (ork_retry_policy_delay (policy, 1, &prev, NULL), ==, 2000);
  g_assert_cmpint (ork_retry_policy_delay (policy, 2, &prev, NULL), ==, 4000);
  g_assert_cmpint (ork_retry_policy_delay (policy, 3, &prev, NULL), ==, 8000);
}

static void
test_fixed (void)
{
  g_autoptr(OrkRetryPolicy) policy = ork_retry_policy_new ();
  static const gint64 expected[] = { 1500, 1500, 1500, 1500, 1500 };

  policy->backoff = ORK_BACKOFF_FIXED;
  policy->initial_ms = 1500;
  assert_curve (policy, expected, G_N_ELEMENTS (expected));
}

static void
test_linear (void)
{
  g_autoptr(OrkRetryPolicy) policy = ork_retry_policy_new ();
  static const gint64 expected[] = { 3000, 6000, 9000, 12000, 15000 };

  policy->backoff = ORK_BACKOFF_LINEAR;
  policy->initial_ms = 3000;
  assert_curve (policy, expected, G_N_ELEMENTS (expected));
}

static void
test_exponential (void)
{
  g_autoptr(OrkRetryPolicy) policy = ork_retry_policy_new ();
  static const gint64 expected[] = { 1000, 3000, 9000, 27000, 81000, 243000, 300000, 300000 };
  static const gint64 expected_frac[] = { 1000, 1500, 2250, 3375, 5063 };

  policy->initial_ms = 1000;
  policy->multiplier = 3.0;
  assert_curve (policy, expected, G_N_ELEMENTS (expected));

  /* Fractional results are rounded to the nearest millisecond. */
  policy->multiplier = 1.5;
  assert_curve (policy, expected_frac, G_N_ELEMENTS (expected_frac));
}

static void
test_delays_list (void)
{
  g_autoptr(OrkRetryPolicy) policy = ork_retry_policy_new ();
  static const gint64 values[] = { 100, 5000, 60000 };
  static const gint64 expected[] = { 100, 5000, 60000, 60000, 60000 };

  policy->backoff = ORK_BACKOFF_DELAYS;
  policy->delays = make_delays (values, G_N_ELEMENTS (values));
  assert_curve (policy, expected, G_N_ELEMENTS (expected));

  /* The list is capped like any other curve. */
  policy->max_delay_ms = 4000;
  g_assert_cmpint (ork_retry_policy_delay (policy, 1, NULL, NULL), ==, 100);
  g_assert_cmpint (ork_retry_policy_delay (policy, 2, NULL, NULL), ==, 4000);
  g_assert_cmpint (ork_retry_policy_delay (policy, 7, NULL, NULL), ==, 4000);
}

static void
test_cap (void)
{
  g_autoptr(OrkRetryPolicy) policy = ork_retry_policy_new ();

  policy->max_delay_ms = 10000;
  g_assert_cmpint (ork_retry_policy_delay (policy, 3, NULL, NULL), ==, 8000);
  g_assert_cmpint (ork_retry_policy_delay (policy, 4, NULL, NULL), ==, 10000);
  g_assert_cmpint (ork_retry_policy_delay (policy, 5, NULL, NULL), ==, 10000);

  /* Huge retry numbers saturate instead of overflowing. */
  g_assert_cmpint (ork_retry_policy_delay (policy, 64, NULL, NULL), ==, 10000);
  g_assert_cmpint (ork_retry_policy_delay (policy, 100000, NULL, NULL), ==, 10000);
  g_assert_cmpint (ork_retry_policy_delay (policy, G_MAXUINT, NULL, NULL), ==, 10000);

  policy->max_delay_ms = G_MAXINT64;
  policy->initial_ms = G_MAXINT64 / 2;
  g_assert_cmpint (ork_retry_policy_delay (policy, 3, NULL, NULL), ==, G_MAXINT64);

  policy->backoff = ORK_BACKOFF_LINEAR;
  policy->initial_ms = 1000;
  policy->max_delay_ms = 5000;
  g_assert_cmpint (ork_retry_policy_delay (policy, 5, NULL, NULL), ==, 5000);
  g_assert_cmpint (ork_retry_policy_delay (policy, 6, NULL, NULL), ==, 5000);
  g_assert_cmpint (ork_retry_policy_delay (policy, G_MAXUINT, NULL, NULL), ==, 5000);

  policy->backoff = ORK_BACKOFF_FIXED;
  policy->initial_ms = 9000;
  g_assert_cmpint (ork_retry_policy_delay (policy, 1, NULL, NULL), ==, 5000);
}

static void
test_jitter_full (void)
{
  g_autoptr(OrkRetryPolicy) policy = ork_retry_policy_new ();
  gint64 lo = G_MAXINT64;
  gint64 hi = G_MININT64;
  double sum = 0;

  policy->jitter = ORK_JITTER_FULL;

  /* Retry 3: d = 8 s. */
  for (guint64 seed = 0; seed < 1000; seed++)
    {
      OrkRng rng;
      gint64 d;

      ork_rng_init (&rng, seed);
      d = ork_retry_policy_delay (policy, 3, NULL, &rng);
      g_assert_cmpint (d, >=, 0);
      g_assert_cmpint (d, <=, 8000);
      lo = MIN (lo, d);
      hi = MAX (hi, d);
      sum += d;
    }

  /* It really spreads over the whole range, not near one end. */
  g_assert_cmpint (lo, <, 8000 / 50);
  g_assert_cmpint (hi, >, 8000 - 8000 / 50);
  g_assert_cmpfloat (sum / 1000, >, 3600);
  g_assert_cmpfloat (sum / 1000, <, 4400);
}

static void
test_jitter_equal (void)
{
  g_autoptr(OrkRetryPolicy) policy = ork_retry_policy_new ();
  gint64 lo = G_MAXINT64;
  gint64 hi = G_MININT64;

  policy->jitter = ORK_JITTER_EQUAL;

  for (guint64 seed = 0; seed < 1000; seed++)
    {
      OrkRng rng;
      gint64 d;

      ork_rng_init (&rng, seed);
      d = ork_retry_policy_delay (policy, 3, NULL, &rng);
      g_assert_cmpint (d, >=, 4000);
      g_assert_cmpint (d, <=, 8000);
      lo = MIN (lo, d);
      hi = MAX (hi, d);
    }

  g_assert_cmpint (lo, <, 4000 + 4000 / 50);
  g_assert_cmpint (hi, >, 8000 - 4000 / 50);

  /* An odd d: both ends stay reachable and in bounds. */
  policy->backoff = ORK_BACKOFF_FIXED;
  policy->initial_ms = 3;
  lo = G_MAXINT64;
  hi = G_MININT64;
  for (guint64 seed = 0; seed < 200; seed++)
    {
      OrkRng rng;
      gint64 d;

      ork_rng_init (&rng, seed);
      d = ork_retry_policy_delay (policy, 1, NULL, &rng);
      lo = MIN (lo, d);
      hi = MAX (hi, d);
    }
  g_assert_cmpint (lo, ==, 1);
  g_assert_cmpint (hi, ==, 3);
}

static void
test_jitter_decorrelated (void)
{
  g_autoptr(OrkRetryPolicy) policy = ork_retry_policy_new ();
  gboolean reached_cap = FALSE;
  gint64 first_hi = G_MININT64;

  policy->jitter = ORK_JITTER_DECORRELATED;
  policy->initial_ms = 1000;
  policy->max_delay_ms = 60000;

  for (guint64 seed = 0; seed < 500; seed++)
    {
      OrkRng rng;
      gint64 prev = 0;

      ork_rng_init (&rng, seed);
      for (guint n = 1; n <= 20; n++)
        {
          gint64 before = prev > 0 ? prev : policy->initial_ms;
          gint64 d = ork_retry_policy_delay (policy, n, &prev, &rng);

          g_assert_cmpint (d, >=, policy->initial_ms);
          g_assert_cmpint (d, <=, policy->max_delay_ms);
          g_assert_cmpint (d, <=, 3 * before);
          g_assert_cmpint (prev, ==, d);
          if (n == 1)
            first_hi = MAX (first_hi, d);
          if (d == policy->max_delay_ms)
            reached_cap = TRUE;
        }
    }

  /* The first draw is from [initial, 3·initial]: previous starts at initial. */
  g_assert_cmpint (first_hi, <=, 3000);
  g_assert_cmpint (first_hi, >, 2900);
  g_assert_true (reached_cap);

  /* An initial above the cap still never exceeds the cap. */
  policy->initial_ms = 90000;
  {
    OrkRng rng;
    gint64 prev = 0;

    ork_rng_init (&rng, 7);
    g_assert_cmpint (ork_retry_policy_delay (policy, 1, &prev, &rng), ==, 60000);
  }
}

static void
test_deterministic (void)
{
  g_autoptr(OrkRetryPolicy) policy = ork_retry_policy_new ();
  static const OrkJitter jitters[] = { ORK_JITTER_FULL, ORK_JITTER_EQUAL, ORK_JITTER_DECORRELATED };

  for (guint j = 0; j < G_N_ELEMENTS (jitters); j++)
    {
      OrkRng a, b, c;
      gint64 pa = 0, pb = 0, pc = 0;
      gboolean differs = FALSE;

      policy->jitter = jitters[j];
      ork_rng_init_for (&a, 42, "sync_001", 1000000, 1, ORK_RNG_STREAM_RETRY_JITTER);
      ork_rng_init_for (&b, 42, "sync_001", 1000000, 1, ORK_RNG_STREAM_RETRY_JITTER);
      ork_rng_init_for (&c, 43, "sync_001", 1000000, 1, ORK_RNG_STREAM_RETRY_JITTER);

      for (guint n = 1; n <= 10; n++)
        {
          gint64 da = ork_retry_policy_delay (policy, n, &pa, &a);
          gint64 db = ork_retry_policy_delay (policy, n, &pb, &b);
          gint64 dc = ork_retry_policy_delay (policy, n, &pc, &c);

          g_assert_cmpint (da, ==, db);
          if (da != dc)
            differs = TRUE;
        }
      g_assert_true (differs);
    }
}

static void
test_copy_equal (void)
{
  g_autoptr(OrkRetryPolicy) a = ork_retry_policy_new ();
  g_autoptr(OrkRetryPolicy) b = NULL;
  g_autoptr(OrkRetryPolicy) c = NULL;
  static const gint64 values[] = { 10, 20 };

  a->backoff = ORK_BACKOFF_DELAYS;
  a->delays = make_delays (values, G_N_ELEMENTS (values));

  b = ork_retry_policy_copy (a);
  g_assert_true (ork_retry_policy_equal (a, b));
  g_assert_true (a->delays != b->delays);

  /* The copy owns its list. */
  g_array_index (b->delays, gint64, 1) = 30;
  g_assert_cmpint (g_array_index (a->delays, gint64, 1), ==, 20);
  g_assert_false (ork_retry_policy_equal (a, b));

  c = ork_retry_policy_copy (a);
  c->multiplier = 2.5;
  g_assert_false (ork_retry_policy_equal (a, c));
  c->multiplier = a->multiplier;
  c->max_retries = 0;
  g_assert_false (ork_retry_policy_equal (a, c));
  c->max_retries = a->max_retries;
  c->jitter = ORK_JITTER_FULL;
  g_assert_false (ork_retry_policy_equal (a, c));
  c->jitter = a->jitter;
  g_assert_true (ork_retry_policy_equal (a, c));

  /* No list equals an empty list. */
  g_clear_pointer (&c->delays, g_array_unref);
  g_array_set_size (a->delays, 0);
  g_assert_true (ork_retry_policy_equal (a, c));

  g_assert_true (ork_retry_policy_equal (NULL, NULL));
  g_assert_false (ork_retry_policy_equal (a, NULL));

  g_assert_true (G_TYPE_IS_BOXED (ORK_TYPE_RETRY_POLICY));
  {
    OrkRetryPolicy *boxed = g_boxed_copy (ORK_TYPE_RETRY_POLICY, a);

    g_assert_true (ork_retry_policy_equal (a, boxed));
    g_boxed_free (ORK_TYPE_RETRY_POLICY, boxed);
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/retry/defaults", test_defaults);
  g_test_add_func ("/core/retry/fixed", test_fixed);
  g_test_add_func ("/core/retry/linear", test_linear);
  g_test_add_func ("/core/retry/exponential", test_exponential);
  g_test_add_func ("/core/retry/delays-list", test_delays_list);
  g_test_add_func ("/core/retry/cap", test_cap);
  g_test_add_func ("/core/retry/jitter-full", test_jitter_full);
  g_test_add_func ("/core/retry/jitter-equal", test_jitter_equal);
  g_test_add_func ("/core/retry/jitter-decorrelated", test_jitter_decorrelated);
  g_test_add_func ("/core/retry/deterministic", test_deterministic);
  g_test_add_func ("/core/retry/copy-equal", test_copy_equal);

  return g_test_run ();
}
