/* test-time-axis.c — the ticks of the time ruler at every zoom, across DST
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "ork-time-axis.h"

#define SEC  (G_GINT64_CONSTANT (1000000))
#define HOUR (3600 * SEC)
#define DAY  (24 * HOUR)
/* 2026-11-26T00:00:00Z, a Thursday */
#define T0 (G_GINT64_CONSTANT (1795651200) * SEC)

static guint
count_major (GArray *ticks)
{
  guint n = 0;

  for (guint i = 0; i < ticks->len; i++)
    n += g_array_index (ticks, OrkTimeTick, i).major;
  return n;
}

static const OrkTimeTick *
major (GArray *ticks,
       guint   k)
{
  for (guint i = 0; i < ticks->len; i++)
    if (g_array_index (ticks, OrkTimeTick, i).major && k-- == 0)
      return &g_array_index (ticks, OrkTimeTick, i);
  g_assert_not_reached ();
}

static void
assert_sorted_and_spaced (GArray *ticks,
                          gint64  start,
                          gint64  end,
                          double  width,
                          double  min_spacing)
{
  gint64 last_major = G_MININT64;

  for (guint i = 0; i < ticks->len; i++)
    {
      const OrkTimeTick *tick = &g_array_index (ticks, OrkTimeTick, i);

      g_assert_cmpint (tick->time, >=, start);
      g_assert_cmpint (tick->time, <=, end);
      if (i > 0)
        g_assert_cmpint (tick->time, >, g_array_index (ticks, OrkTimeTick, i - 1).time);
      g_assert_true (tick->major == (tick->label != NULL));
      if (tick->major)
        {
          if (last_major != G_MININT64)
            g_assert_cmpfloat ((double) (tick->time - last_major) * width / (double) (end - start),
                               >=, min_spacing * 0.9);
          last_major = tick->time;
        }
    }
}

static void
test_day_in_utc (void)
{
  g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();
  g_autoptr(GArray) ticks = NULL;
  gint64 step;

  ticks = ork_time_axis_ticks (T0, T0 + DAY, 1000, 80, utc, &step);
  /* 86.4 s a pixel, 80 px apart: every two hours. */
  g_assert_cmpint (step, ==, 2 * HOUR);
  g_assert_cmpuint (count_major (ticks), ==, 13);
  g_assert_cmpstr (major (ticks, 0)->label, ==, "Thu 26");
  g_assert_true (major (ticks, 0)->new_day);
  g_assert_cmpstr (major (ticks, 1)->label, ==, "02:00");
  g_assert_false (major (ticks, 1)->new_day);
  g_assert_cmpstr (major (ticks, 12)->label, ==, "Fri 27");
  /* Three minor ticks between two labelled ones: every 30 minutes. */
  g_assert_cmpuint (ticks->len, ==, 13 + 12 * 3);
  assert_sorted_and_spaced (ticks, T0, T0 + DAY, 1000, 80);
}

static void
test_every_zoom (void)
{
  g_autoptr(GTimeZone) zone = g_time_zone_new_identifier ("Europe/Berlin");
  gint64 width = SEC / 1000;  /* 1 ms */
  gint64 last_step = 0;

  g_assert_nonnull (zone);
  /* From a millisecond to two years: labelled ticks keep their distance
   * and the step grows with the span. */
  for (int i = 0; i < 60; i++, width = width * 3 / 2 + 1)
    {
      g_autoptr(GArray) ticks = NULL;
      gint64 start = T0 + 12345 * SEC + 678000;
      gint64 step;

      ticks = ork_time_axis_ticks (start, start + width, 900, 90, zone, &step);
      g_assert_cmpint (step, >=, last_step);
      last_step = step;
      if (width < 700 * DAY)
        g_assert_cmpuint (count_major (ticks), >=, 2);
      g_assert_cmpuint (count_major (ticks), <=, 11);
      assert_sorted_and_spaced (ticks, start, start + width, 900, 90);
    }
}

static void
test_milliseconds (void)
{
  g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();
  g_autoptr(GArray) ticks = NULL;
  gint64 step;

  ticks = ork_time_axis_ticks (T0 + 10 * SEC, T0 + 10 * SEC + 50000, 500, 80, utc, &step);
  g_assert_cmpint (step, ==, 10000);
  g_assert_cmpstr (major (ticks, 0)->label, ==, "00:00:10.000");
  g_assert_cmpstr (major (ticks, 1)->label, ==, "00:00:10.010");
}

static void
test_dst_berlin (void)
{
  g_autoptr(GTimeZone) zone = g_time_zone_new_identifier ("Europe/Berlin");
  /* 2026-03-28T22:00:00Z = 23:00 CET; clocks jump 02:00 → 03:00 CEST. */
  gint64 start = G_GINT64_CONSTANT (1774735200) * SEC;
  g_autoptr(GArray) ticks = ork_time_axis_ticks (start, start + 6 * HOUR, 600, 80, zone, NULL);
  const char *expected[] = { "23:00", "Sun 29", "01:00", "03:00", "04:00", "05:00", "06:00" };

  /* Hourly ticks stay on whole local hours; the missing 02:00 gives none. */
  g_assert_cmpuint (count_major (ticks), ==, G_N_ELEMENTS (expected));
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    g_assert_cmpstr (major (ticks, i)->label, ==, expected[i]);
  g_assert_cmpint (major (ticks, 3)->time - major (ticks, 2)->time, ==, HOUR);
  assert_sorted_and_spaced (ticks, start, start + 6 * HOUR, 600, 80);
}

static void
test_half_hour_zone (void)
{
  g_autoptr(GTimeZone) zone = g_time_zone_new_identifier ("Asia/Kolkata");
  g_autoptr(GArray) ticks = ork_time_axis_ticks (T0, T0 + 6 * HOUR, 600, 80, zone, NULL);

  /* UTC+5:30: hour ticks on local hours, not UTC ones. */
  g_assert_cmpstr (major (ticks, 0)->label, ==, "06:00");
  g_assert_cmpint (major (ticks, 0)->time, ==, T0 + HOUR / 2);
}

static void
test_calendar_steps (void)
{
  g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();
  g_autoptr(GArray) weeks = NULL;
  g_autoptr(GArray) months = NULL;
  gint64 step;

  weeks = ork_time_axis_ticks (T0, T0 + 60 * DAY, 700, 80, utc, &step);
  g_assert_cmpint (step, ==, 7 * DAY);
  /* Mondays: 30 Nov 2026 is the first after Thursday 26. */
  g_assert_cmpstr (major (weeks, 0)->label, ==, "30 Nov");
  g_assert_cmpint (major (weeks, 0)->time, ==, T0 + 4 * DAY);

  months = ork_time_axis_ticks (T0, T0 + 365 * DAY, 1000, 80, utc, &step);
  g_assert_cmpstr (major (months, 0)->label, ==, "Dec 2026");
  g_assert_cmpstr (major (months, 1)->label, ==, "Jan 2027");
  assert_sorted_and_spaced (months, T0, T0 + 365 * DAY, 1000, 80);
}

static void
test_format (void)
{
  g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();
  g_autofree char *ms = ork_time_axis_format (T0 + 1500, 1000, utc);
  g_autofree char *min = ork_time_axis_format (T0 + 90 * SEC, HOUR, utc);
  g_autofree char *d1 = ork_format_duration_short (850);
  g_autofree char *d2 = ork_format_duration_short (12500);
  g_autofree char *d3 = ork_format_duration_short (3.2e6);
  g_autofree char *d4 = ork_format_duration_short (250e6);
  g_autofree char *d5 = ork_format_duration_short (7500e6);
  g_autofree char *d6 = ork_format_duration_short (999.9e3);
  g_autofree char *d7 = ork_format_duration_short (60e6);
  g_autofree char *d8 = ork_format_duration_short (2 * 3600e6);
  g_autofree char *d9 = ork_format_duration_short (-3 * 86400e6);

  g_assert_cmpstr (ms, ==, "Thu 26 Nov 2026 00:00:00.001");
  g_assert_cmpstr (min, ==, "Thu 26 Nov 2026 00:01");
  g_assert_cmpstr (d1, ==, "850 µs");
  g_assert_cmpstr (d2, ==, "12.5 ms");
  g_assert_cmpstr (d3, ==, "3.2 s");
  g_assert_cmpstr (d4, ==, "4 min 10 s");
  g_assert_cmpstr (d5, ==, "2 h 5 min");
  g_assert_cmpstr (d6, ==, "1 s");
  g_assert_cmpstr (d7, ==, "1 min");
  g_assert_cmpstr (d8, ==, "2 h");
  g_assert_cmpstr (d9, ==, "−3 d");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/charts/time-axis/day-utc", test_day_in_utc);
  g_test_add_func ("/charts/time-axis/every-zoom", test_every_zoom);
  g_test_add_func ("/charts/time-axis/milliseconds", test_milliseconds);
  g_test_add_func ("/charts/time-axis/dst-berlin", test_dst_berlin);
  g_test_add_func ("/charts/time-axis/half-hour-zone", test_half_hour_zone);
  g_test_add_func ("/charts/time-axis/calendar", test_calendar_steps);
  g_test_add_func ("/charts/time-axis/format", test_format);

  return g_test_run ();
}
