/* bench-cron.c — the cost of ork_cron_next (), per call, in UTC and Europe/Berlin
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each expression runs chains of next () calls, each starting from the previous
 * result as a scheduler does; a chain that passes the year 2400 starts over.
 * A round times one chain long enough for the monotonic clock's microseconds;
 * the figure printed is the median over the rounds of the nanoseconds per call.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>

#include "ork-cron.h"
#include "ork-types.h"

#define N_ROUNDS 31
#define ROUND_USEC 4000

static const char *expressions[] = {
  "* * * * *",
  "*/15 * * * *",
  "0 * * * *",
  "30 2 * * *",
  "0 9 * * 1-5",
  "*/15 9-17 * * 1-5",
  "0,30 8-18 * * mon-fri",
  "5,10,50 1,13 1,15 * *",
  "0 0 1 */3 *",
  "*/10 * * * * *",
  "0 0 L * *",
  "0 12 LW * *",
  "0 8 15W * *",
  "0 0 * * 5L",
  "30 9 * * 2#2",
  "0 0 13 * 5",
  "0 0 1,15 * mon",
  "59 23 31 12 *",
  "0 0 29 2 *",
  "0 0 * 2 1#5",
  "@hourly",
};

static gint64 start_us;
static gint64 horizon_us;

static int
compare_double (const void *a,
                const void *b)
{
  double x = *(const double *) a;
  double y = *(const double *) b;

  return (x > y) - (x < y);
}

static gint64
run_chain (OrkCron   *cron,
           GTimeZone *tz,
           guint      n_calls,
           gint64     t)
{
  for (guint i = 0; i < n_calls; i++)
    {
      t = ork_cron_next (cron, tz, t);
      if (t > horizon_us)
        t = start_us;
    }
  return t;
}

/* The median nanoseconds per call, and the slowest round's, for one zone. */
static double
measure (OrkCron   *cron,
         GTimeZone *tz,
         double    *slowest_round)
{
  double per_call[N_ROUNDS];
  guint n_calls = 16;
  gint64 t = start_us;
  volatile gint64 sink;

  /* Warm the zone cache and find a chain length that takes ROUND_USEC. */
  for (;;)
    {
      gint64 t0 = g_get_monotonic_time ();

      t = run_chain (cron, tz, n_calls, t);
      if (g_get_monotonic_time () - t0 >= ROUND_USEC)
        break;
      n_calls *= 2;
    }

  t = start_us;
  for (guint r = 0; r < N_ROUNDS; r++)
    {
      gint64 t0 = g_get_monotonic_time ();
      gint64 t1;

      t = run_chain (cron, tz, n_calls, t);
      t1 = g_get_monotonic_time ();
      per_call[r] = (double) (t1 - t0) * 1000.0 / n_calls;
    }
  sink = t;
  (void) sink;

  qsort (per_call, N_ROUNDS, sizeof (double), compare_double);
  *slowest_round = per_call[N_ROUNDS - 1];
  return per_call[N_ROUNDS / 2];
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();
  g_autoptr(GTimeZone) berlin = g_time_zone_new_identifier ("Europe/Berlin");
  GTimeZone *zones[] = { utc, berlin };
  const char *zone_names[] = { "UTC", "Europe/Berlin" };
  double worst[2] = { 0, 0 };
  const char *worst_expr[2] = { NULL, NULL };
  double all[2][G_N_ELEMENTS (expressions)];

  if (berlin == NULL)
    {
      fprintf (stderr, "bench-cron: Europe/Berlin is not installed\n");
      return 1;
    }
  g_assert_true (ork_time_parse_iso ("2026-01-01T00:00:00Z", &start_us));
  g_assert_true (ork_time_parse_iso ("2400-01-01T00:00:00Z", &horizon_us));

  printf ("%-24s %12s %12s %14s\n", "expression", "UTC ns", "Berlin ns", "slowest round");
  for (guint i = 0; i < G_N_ELEMENTS (expressions); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(OrkCron) cron = ork_cron_parse (expressions[i], NULL, &error);
      double median[2], slowest[2];

      if (cron == NULL)
        g_error ("%s: %s", expressions[i], error->message);
      for (guint z = 0; z < 2; z++)
        {
          median[z] = measure (cron, zones[z], &slowest[z]);
          all[z][i] = median[z];
          if (median[z] > worst[z])
            {
              worst[z] = median[z];
              worst_expr[z] = expressions[i];
            }
        }
      printf ("%-24s %12.0f %12.0f %14.0f\n", expressions[i], median[0], median[1],
              MAX (slowest[0], slowest[1]));
    }

  for (guint z = 0; z < 2; z++)
    {
      qsort (all[z], G_N_ELEMENTS (expressions), sizeof (double), compare_double);
      printf ("%s: median over expressions %.0f ns, worst %.0f ns (%s)\n", zone_names[z],
              all[z][G_N_ELEMENTS (expressions) / 2], worst[z], worst_expr[z]);
    }
  return 0;
}
