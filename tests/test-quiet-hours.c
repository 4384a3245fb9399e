/* test-quiet-hours.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "ork-quiet-hours.h"

#define HM(h, m) ((h) * 60 + (m))

enum
{
  SUN = 1 << 0,
  MON = 1 << 1,
  TUE = 1 << 2,
  WED = 1 << 3,
  THU = 1 << 4,
  FRI = 1 << 5,
  SAT = 1 << 6,
};

static gint64
at (const char *iso)
{
  g_autoptr(GDateTime) dt = g_date_time_new_from_iso8601 (iso, NULL);

  g_assert_nonnull (dt);
  return g_date_time_to_unix (dt) * G_USEC_PER_SEC + g_date_time_get_microsecond (dt);
}

static GTimeZone *
berlin (void)
{
  GTimeZone *tz = g_time_zone_new_identifier ("Europe/Berlin");

  if (tz == NULL)
    g_test_skip ("no tzdata for Europe/Berlin");
  return tz;
}

static void
assert_inside (const OrkQuietHours *qh,
               GTimeZone           *tz,
               const char          *when,
               const char          *expected_end)
{
  gint64 end = 0;

  if (!ork_quiet_hours_contains (qh, tz, at (when), &end))
    g_error ("%s: expected inside quiet hours", when);
  if (end != at (expected_end))
    {
      g_autoptr(GDateTime) got = g_date_time_new_from_unix_utc (end / G_USEC_PER_SEC);
      g_autofree char *text = g_date_time_format_iso8601 (got);

      g_error ("%s: expected the quiet stretch to end at %s, got %s", when, expected_end, text);
    }
}

static void
assert_outside (const OrkQuietHours *qh,
                GTimeZone           *tz,
                const char          *when)
{
  gint64 end = 12345;

  if (ork_quiet_hours_contains (qh, tz, at (when), &end))
    g_error ("%s: expected outside quiet hours", when);
  g_assert_cmpint (end, ==, 12345);
}

static void
test_simple (void)
{
  g_autoptr(OrkQuietHours) qh = ork_quiet_hours_new ();
  g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();

  ork_quiet_hours_add_window (qh, HM (9, 0), HM (17, 0), 0);

  assert_inside (qh, utc, "2024-03-04T12:00:00Z", "2024-03-04T17:00:00Z");
  /* Exactly at `from` is inside, exactly at `to` outside. */
  assert_inside (qh, utc, "2024-03-04T09:00:00Z", "2024-03-04T17:00:00Z");
  assert_inside (qh, utc, "2024-03-04T16:59:59.999999Z", "2024-03-04T17:00:00Z");
  assert_outside (qh, utc, "2024-03-04T08:59:59.999999Z");
  assert_outside (qh, utc, "2024-03-04T17:00:00Z");
  assert_outside (qh, utc, "2024-03-04T23:00:00Z");

  /* No days means every day. */
  assert_inside (qh, utc, "2024-03-09T10:00:00Z", "2024-03-09T17:00:00Z");
  assert_inside (qh, utc, "2024-03-10T10:00:00Z", "2024-03-10T17:00:00Z");

  /* The end pointer is optional. */
  g_assert_true (ork_quiet_hours_contains (qh, utc, at ("2024-03-04T12:00:00Z"), NULL));
}

static void
test_time_zone (void)
{
  g_autoptr(OrkQuietHours) qh = ork_quiet_hours_new ();
  g_autoptr(GTimeZone) tz = berlin ();

  if (tz == NULL)
    return;

  /* Wall time in the zone, not UTC: 09:00 in Berlin in winter is 08:00Z. */
  ork_quiet_hours_add_window (qh, HM (9, 0), HM (17, 0), MON);
  assert_inside (qh, tz, "2024-03-04T08:00:00Z", "2024-03-04T16:00:00Z");
  assert_outside (qh, tz, "2024-03-04T07:59:00Z");
  assert_outside (qh, tz, "2024-03-04T16:00:00Z");
  /* Summer: 07:00Z is 09:00 CEST. */
  assert_inside (qh, tz, "2024-07-01T07:00:00Z", "2024-07-01T15:00:00Z");
}

static void
test_cross_midnight (void)
{
  g_autoptr(OrkQuietHours) qh = ork_quiet_hours_new ();
  g_autoptr(GTimeZone) tz = berlin ();

  if (tz == NULL)
    return;

  /* Monday 22:00 → Tuesday 06:30, Mondays only. 2024-03-04 is a Monday. */
  ork_quiet_hours_add_window (qh, HM (22, 0), HM (6, 30), MON);

  assert_inside (qh, tz, "2024-03-04T22:00:00+01:00", "2024-03-05T06:30:00+01:00");
  assert_inside (qh, tz, "2024-03-04T23:30:00+01:00", "2024-03-05T06:30:00+01:00");
  /* Tuesday 03:00 is in force because the window started on Monday. */
  assert_inside (qh, tz, "2024-03-05T03:00:00+01:00", "2024-03-05T06:30:00+01:00");
  assert_outside (qh, tz, "2024-03-05T06:30:00+01:00");
  assert_outside (qh, tz, "2024-03-04T21:59:59+01:00");

  /* Monday 03:00 would belong to Sunday's window, and Sunday is not listed;
   * likewise Tuesday night and Wednesday morning. */
  assert_outside (qh, tz, "2024-03-04T03:00:00+01:00");
  assert_outside (qh, tz, "2024-03-05T23:00:00+01:00");
  assert_outside (qh, tz, "2024-03-06T03:00:00+01:00");

  /* A week later it is back. */
  assert_inside (qh, tz, "2024-03-12T01:00:00+01:00", "2024-03-12T06:30:00+01:00");
}

static void
test_days (void)
{
  g_autoptr(OrkQuietHours) qh = ork_quiet_hours_new ();
  g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();
  static const char *week[] = {
    "2024-03-03", "2024-03-04", "2024-03-05", "2024-03-06",
    "2024-03-07", "2024-03-08", "2024-03-09",
  };

  ork_quiet_hours_add_window (qh, HM (12, 0), HM (13, 0), SAT | SUN);

  /* 2024-03-03 is a Sunday. */
  for (guint d = 0; d < G_N_ELEMENTS (week); d++)
    {
      g_autofree char *noon = g_strdup_printf ("%sT12:30:00Z", week[d]);
      g_autofree char *end = g_strdup_printf ("%sT13:00:00Z", week[d]);

      if (d == 0 || d == 6)
        assert_inside (qh, utc, noon, end);
      else
        assert_outside (qh, utc, noon);
    }

  /* Each weekday bit on its own. */
  for (guint d = 0; d < 7; d++)
    {
      g_autoptr(OrkQuietHours) one = ork_quiet_hours_new ();
      g_autofree char *noon = g_strdup_printf ("%sT12:30:00Z", week[d]);
      g_autofree char *next = g_strdup_printf ("%sT12:30:00Z", week[(d + 1) % 7]);

      ork_quiet_hours_add_window (one, HM (12, 0), HM (13, 0), 1 << d);
      g_assert_true (ork_quiet_hours_contains (one, utc, at (noon), NULL));
      if (d < 6)
        g_assert_false (ork_quiet_hours_contains (one, utc, at (next), NULL));
    }
}

static void
test_chained (void)
{
  g_autoptr(OrkQuietHours) qh = ork_quiet_hours_new ();
  g_autoptr(OrkQuietHours) overlap = ork_quiet_hours_new ();
  g_autoptr(GTimeZone) tz = berlin ();

  if (tz == NULL)
    return;

  /* 22:00–00:00 Monday, then 00:00–06:00 Tuesday: one stretch. */
  ork_quiet_hours_add_window (qh, HM (22, 0), HM (0, 0), MON);
  ork_quiet_hours_add_window (qh, HM (0, 0), HM (6, 0), TUE);
  assert_inside (qh, tz, "2024-03-04T23:00:00+01:00", "2024-03-05T06:00:00+01:00");
  assert_inside (qh, tz, "2024-03-05T00:00:00+01:00", "2024-03-05T06:00:00+01:00");

  /* On other days only the part that applies. */
  assert_inside (qh, tz, "2024-03-11T23:00:00+01:00", "2024-03-12T06:00:00+01:00");
  assert_outside (qh, tz, "2024-03-05T23:00:00+01:00");
  assert_outside (qh, tz, "2024-03-04T01:00:00+01:00");

  /* Overlapping windows, listed in any order, chain too. */
  ork_quiet_hours_add_window (overlap, HM (22, 30), HM (1, 0), 0);
  ork_quiet_hours_add_window (overlap, HM (20, 0), HM (23, 0), 0);
  ork_quiet_hours_add_window (overlap, HM (0, 45), HM (2, 0), FRI);
  assert_inside (overlap, tz, "2024-03-04T20:00:00+01:00", "2024-03-05T01:00:00+01:00");
  assert_inside (overlap, tz, "2024-03-04T22:45:00+01:00", "2024-03-05T01:00:00+01:00");
  /* Thursday night runs on into Friday's 00:45–02:00. */
  assert_inside (overlap, tz, "2024-03-07T21:00:00+01:00", "2024-03-08T02:00:00+01:00");
}

static void
test_always (void)
{
  g_autoptr(OrkQuietHours) qh = ork_quiet_hours_new ();
  g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();
  gint64 end = 0;

  /* Two windows covering the whole week: the stretch never ends. */
  ork_quiet_hours_add_window (qh, HM (0, 0), HM (12, 0), 0);
  ork_quiet_hours_add_window (qh, HM (12, 0), HM (0, 0), 0);
  g_assert_true (ork_quiet_hours_contains (qh, utc, at ("2024-03-04T05:00:00Z"), &end));
  g_assert_cmpint (end, ==, ORK_TIME_NEVER);

  /* A gap of one minute on Sunday ends it there. */
  g_array_set_size (qh->windows, 0);
  ork_quiet_hours_add_window (qh, HM (0, 0), HM (23, 59), 0);
  ork_quiet_hours_add_window (qh, HM (23, 59), HM (0, 0), MON | TUE | WED | THU | FRI | SAT);
  assert_inside (qh, utc, "2024-03-04T05:00:00Z", "2024-03-10T23:59:00Z");
}

static void
test_dst_spring_forward (void)
{
  g_autoptr(OrkQuietHours) qh = ork_quiet_hours_new ();
  g_autoptr(OrkQuietHours) inside_gap = ork_quiet_hours_new ();
  g_autoptr(GTimeZone) tz = berlin ();

  if (tz == NULL)
    return;

  /* Berlin, 2024-03-31 (a Sunday): 02:00 CET jumps to 03:00 CEST at 01:00Z.
   * A Saturday window ending at 02:30, a wall time that does not exist that
   * night, ends when the gap does. */
  ork_quiet_hours_add_window (qh, HM (22, 0), HM (2, 30), SAT);
  assert_inside (qh, tz, "2024-03-30T23:00:00+01:00", "2024-03-31T01:00:00Z");
  assert_inside (qh, tz, "2024-03-31T01:59:59+01:00", "2024-03-31T03:00:00+02:00");
  assert_outside (qh, tz, "2024-03-31T03:00:00+02:00");
  /* A week later the same window ends at 02:30 CEST. */
  assert_inside (qh, tz, "2024-04-06T23:00:00+02:00", "2024-04-07T02:30:00+02:00");

  /* An end after the gap is that wall time in summer time: 03:30 CEST,
   * only 1 h 30 of real time after 01:00 CET. */
  g_array_set_size (qh->windows, 0);
  ork_quiet_hours_add_window (qh, HM (1, 0), HM (3, 30), 0);
  assert_inside (qh, tz, "2024-03-31T01:00:00+01:00", "2024-03-31T01:30:00Z");
  assert_inside (qh, tz, "2024-03-31T03:10:00+02:00", "2024-03-31T03:30:00+02:00");

  /* A window wholly inside the gap never applies that night. */
  ork_quiet_hours_add_window (inside_gap, HM (2, 10), HM (2, 40), 0);
  assert_outside (inside_gap, tz, "2024-03-31T00:59:59Z");
  assert_outside (inside_gap, tz, "2024-03-31T01:00:00Z");
  assert_inside (inside_gap, tz, "2024-03-30T02:20:00+01:00", "2024-03-30T02:40:00+01:00");
}

static void
test_dst_fall_back (void)
{
  g_autoptr(OrkQuietHours) qh = ork_quiet_hours_new ();
  g_autoptr(GTimeZone) tz = berlin ();

  if (tz == NULL)
    return;

  /* Berlin, 2024-10-27 (a Sunday): 03:00 CEST falls back to 02:00 CET at
   * 01:00Z, so 02:00–03:00 happens twice. The end is the first instant the
   * wall clock reads 02:30 after the time asked about. */
  ork_quiet_hours_add_window (qh, HM (22, 0), HM (2, 30), SAT);
  assert_inside (qh, tz, "2024-10-26T23:00:00+02:00", "2024-10-27T02:30:00+02:00");
  assert_inside (qh, tz, "2024-10-27T02:10:00+02:00", "2024-10-27T02:30:00+02:00");
  /* In the repeated hour the wall clock is back in the window. */
  assert_inside (qh, tz, "2024-10-27T02:10:00+01:00", "2024-10-27T02:30:00+01:00");
  assert_outside (qh, tz, "2024-10-27T02:30:00+02:00");
  assert_outside (qh, tz, "2024-10-27T02:30:00+01:00");

  /* An end past the change is in winter time: 22:00 CEST to 06:00 CET is
   * nine hours. */
  g_array_set_size (qh->windows, 0);
  ork_quiet_hours_add_window (qh, HM (22, 0), HM (6, 0), SAT);
  assert_inside (qh, tz, "2024-10-26T22:00:00+02:00", "2024-10-27T05:00:00Z");

  /* A window that starts before the change and ends after it is one span:
   * 02:30 CEST to 04:00 CET, the repeated 02:00-02:30 CET included. */
  g_array_set_size (qh->windows, 0);
  ork_quiet_hours_add_window (qh, HM (2, 30), HM (4, 0), SUN);
  assert_outside (qh, tz, "2024-10-27T02:15:00+02:00");
  assert_inside (qh, tz, "2024-10-27T02:30:00+02:00", "2024-10-27T04:00:00+01:00");
  assert_inside (qh, tz, "2024-10-27T02:00:00+01:00", "2024-10-27T04:00:00+01:00");
  assert_inside (qh, tz, "2024-10-27T02:15:00+01:00", "2024-10-27T04:00:00+01:00");
  assert_inside (qh, tz, "2024-10-27T03:59:00+01:00", "2024-10-27T04:00:00+01:00");
  assert_outside (qh, tz, "2024-10-27T04:00:00+01:00");
}

static void
test_copy_equal (void)
{
  g_autoptr(OrkQuietHours) a = ork_quiet_hours_new ();
  g_autoptr(OrkQuietHours) b = NULL;
  g_autoptr(OrkQuietHours) c = ork_quiet_hours_new ();
  OrkQuietHours *boxed;

  g_assert_nonnull (a->windows);
  g_assert_cmpuint (a->windows->len, ==, 0);
  g_assert_cmpint (a->policy, ==, ORK_QUIET_POLICY_DEFER);

  ork_quiet_hours_add_window (a, HM (22, 0), HM (6, 30), MON);
  ork_quiet_hours_add_window (a, HM (12, 0), HM (13, 0), 0);
  g_assert_cmpuint (g_array_index (a->windows, OrkQuietWindow, 1).days, ==, 0x7f);
  g_assert_cmpuint (g_array_index (a->windows, OrkQuietWindow, 0).from_min, ==, 1320);
  g_assert_cmpuint (g_array_index (a->windows, OrkQuietWindow, 0).to_min, ==, 390);

  b = ork_quiet_hours_copy (a);
  g_assert_true (ork_quiet_hours_equal (a, b));
  g_assert_true (a->windows != b->windows);

  b->policy = ORK_QUIET_POLICY_SKIP;
  g_assert_false (ork_quiet_hours_equal (a, b));
  b->policy = ORK_QUIET_POLICY_DEFER;

  g_array_index (b->windows, OrkQuietWindow, 0).days = TUE;
  g_assert_false (ork_quiet_hours_equal (a, b));
  g_assert_cmpuint (g_array_index (a->windows, OrkQuietWindow, 0).days, ==, MON);

  g_assert_false (ork_quiet_hours_equal (a, c));
  g_assert_true (ork_quiet_hours_equal (NULL, NULL));
  g_assert_false (ork_quiet_hours_equal (a, NULL));

  /* An empty set holds nothing back. */
  g_assert_false (ork_quiet_hours_contains (c, NULL, at ("2024-03-04T12:00:00Z"), NULL));

  boxed = g_boxed_copy (ORK_TYPE_QUIET_HOURS, a);
  g_assert_true (ork_quiet_hours_equal (a, boxed));
  g_boxed_free (ORK_TYPE_QUIET_HOURS, boxed);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/quiet-hours/simple", test_simple);
  g_test_add_func ("/core/quiet-hours/time-zone", test_time_zone);
  g_test_add_func ("/core/quiet-hours/cross-midnight", test_cross_midnight);
  g_test_add_func ("/core/quiet-hours/days", test_days);
  g_test_add_func ("/core/quiet-hours/chained", test_chained);
  g_test_add_func ("/core/quiet-hours/always", test_always);
  g_test_add_func ("/core/quiet-hours/dst-spring-forward", test_dst_spring_forward);
  g_test_add_func ("/core/quiet-hours/dst-fall-back", test_dst_fall_back);
  g_test_add_func ("/core/quiet-hours/copy-equal", test_copy_equal);

  return g_test_run ();
}
