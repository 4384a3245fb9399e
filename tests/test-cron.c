/* test-cron.c — the cron dialect and its next-fire search (DESIGN §3)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "ork-cron.h"
#include "ork-types.h"

static gint64
parse_time (const char *iso)
{
  gint64 t = 0;

  g_assert_true (ork_time_parse_iso (iso, &t));
  return t;
}

static char *
format_in_zone (gint64     t,
                GTimeZone *tz)
{
  g_autoptr(GDateTime) utc = NULL;
  g_autoptr(GDateTime) local = NULL;

  if (t == ORK_TIME_NEVER)
    return g_strdup ("never");
  g_assert_cmpint (t % ORK_USEC_PER_SEC, ==, 0);
  utc = g_date_time_new_from_unix_utc (t / ORK_USEC_PER_SEC);
  local = g_date_time_to_timezone (utc, tz);
  return g_date_time_format (local, "%Y-%m-%dT%H:%M:%S%:z");
}

/* Asserts the fire times that follow @from, chaining next() as a scheduler
 * does: each call starts from the previous result. */
static void
assert_fires (const char        *expr,
              const char        *zone,
              const char        *from,
              const char * const *expected)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(OrkCron) cron = ork_cron_parse (expr, NULL, &error);
  g_autoptr(GTimeZone) tz = g_time_zone_new_identifier (zone);
  gint64 t = parse_time (from);

  g_assert_no_error (error);
  g_assert_nonnull (cron);
  g_assert_nonnull (tz);
  for (guint i = 0; expected[i] != NULL; i++)
    {
      g_autofree char *got = NULL;

      t = ork_cron_next (cron, tz, t);
      got = format_in_zone (t, tz);
      if (g_strcmp0 (got, expected[i]) != 0)
        g_error ("%s in %s from %s, fire %u: expected %s, got %s",
                 expr, zone, from, i + 1, expected[i], got);
    }
}

#define FIRES(expr, zone, from, ...) \
  assert_fires (expr, zone, from, (const char * const[]) { __VA_ARGS__, NULL })

static void
test_basic (void)
{
  FIRES ("* * * * *", "UTC", "2026-01-01T00:00:00Z",
         "2026-01-01T00:01:00+00:00", "2026-01-01T00:02:00+00:00");
  FIRES ("*/15 * * * *", "UTC", "2026-01-01T00:07:00Z",
         "2026-01-01T00:15:00+00:00", "2026-01-01T00:30:00+00:00",
         "2026-01-01T00:45:00+00:00", "2026-01-01T01:00:00+00:00");
  FIRES ("5,10,50 * * * *", "UTC", "2026-01-01T00:00:00Z",
         "2026-01-01T00:05:00+00:00", "2026-01-01T00:10:00+00:00",
         "2026-01-01T00:50:00+00:00", "2026-01-01T01:05:00+00:00");
  FIRES ("0 22-23 * * *", "UTC", "2026-01-01T00:00:00Z",
         "2026-01-01T22:00:00+00:00", "2026-01-01T23:00:00+00:00",
         "2026-01-02T22:00:00+00:00");
  FIRES ("10-30/10 * * * *", "UTC", "2026-01-01T00:10:00Z",
         "2026-01-01T00:20:00+00:00", "2026-01-01T00:30:00+00:00",
         "2026-01-01T01:10:00+00:00");
  /* a/n runs from a to the field's maximum. */
  FIRES ("5/20 * * * *", "UTC", "2026-01-01T00:00:00Z",
         "2026-01-01T00:05:00+00:00", "2026-01-01T00:25:00+00:00",
         "2026-01-01T00:45:00+00:00", "2026-01-01T01:05:00+00:00");
  FIRES ("0 0 1 */5 *", "UTC", "2026-01-01T00:00:00Z",
         "2026-06-01T00:00:00+00:00", "2026-11-01T00:00:00+00:00",
         "2027-01-01T00:00:00+00:00");
  /* Names, case-insensitive, in lists and ranges. */
  FIRES ("0 12 * feb-Mar,DEC Mon-wed", "UTC", "2026-02-25T00:00:00Z",
         "2026-02-25T12:00:00+00:00", "2026-03-02T12:00:00+00:00",
         "2026-03-03T12:00:00+00:00", "2026-03-04T12:00:00+00:00");
  FIRES ("0 12 * feb-Mar,DEC Mon-wed", "UTC", "2026-03-31T00:00:00Z",
         "2026-03-31T12:00:00+00:00", "2026-12-01T12:00:00+00:00");
  FIRES ("0 12 1 jul *", "UTC", "2026-01-01T00:00:00Z", "2026-07-01T12:00:00+00:00");
  /* dow 0 and 7 are both Sunday; FRI-SUN ends on Sunday. */
  FIRES ("0 0 * * 7", "UTC", "2026-01-01T00:00:00Z",
         "2026-01-04T00:00:00+00:00", "2026-01-11T00:00:00+00:00");
  FIRES ("0 0 * * 0", "UTC", "2026-01-01T00:00:00Z",
         "2026-01-04T00:00:00+00:00", "2026-01-11T00:00:00+00:00");
  FIRES ("0 0 * * 5-7", "UTC", "2026-01-01T00:00:00Z",
         "2026-01-02T00:00:00+00:00", "2026-01-03T00:00:00+00:00",
         "2026-01-04T00:00:00+00:00", "2026-01-09T00:00:00+00:00");
  FIRES ("0 0 * * fri-sun", "UTC", "2026-01-01T00:00:00Z",
         "2026-01-02T00:00:00+00:00", "2026-01-03T00:00:00+00:00",
         "2026-01-04T00:00:00+00:00", "2026-01-09T00:00:00+00:00");
  FIRES ("0 0 * * SUN-sun", "UTC", "2026-01-01T00:00:00Z",
         "2026-01-04T00:00:00+00:00", "2026-01-11T00:00:00+00:00");
  /* 1/2 in dow runs to 7: Monday, Wednesday, Friday, Sunday. */
  FIRES ("0 0 * * 1/2", "UTC", "2026-01-01T00:00:00Z",
         "2026-01-02T00:00:00+00:00", "2026-01-04T00:00:00+00:00",
         "2026-01-05T00:00:00+00:00", "2026-01-07T00:00:00+00:00");
  /* ? is * in the day fields; extra blanks are fine. */
  FIRES ("  0\t0  ? * ?  ", "UTC", "2026-01-01T00:00:00Z",
         "2026-01-02T00:00:00+00:00", "2026-01-03T00:00:00+00:00");
  /* A year rollover. */
  FIRES ("59 23 31 12 *", "UTC", "2026-01-01T00:00:00Z",
         "2026-12-31T23:59:00+00:00", "2027-12-31T23:59:00+00:00");
}

static void
test_strictly_after (void)
{
  g_autoptr(OrkCron) cron = ork_cron_parse ("0 * * * *", NULL, NULL);
  g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();
  gint64 fire = parse_time ("2026-01-01T01:00:00Z");

  g_assert_cmpint (ork_cron_next (cron, utc, fire - 1), ==, fire);
  g_assert_cmpint (ork_cron_next (cron, utc, fire - ORK_USEC_PER_SEC), ==, fire);
  g_assert_cmpint (ork_cron_next (cron, utc, fire), ==, fire + 3600 * ORK_USEC_PER_SEC);
  g_assert_cmpint (ork_cron_next (cron, utc, fire + ORK_USEC_PER_SEC / 2), ==,
                   fire + 3600 * ORK_USEC_PER_SEC);
  /* Before the epoch too. */
  g_assert_cmpint (ork_cron_next (cron, utc, parse_time ("1969-12-31T22:59:59.500Z")), ==,
                   parse_time ("1969-12-31T23:00:00Z"));
  g_assert_cmpint (ork_cron_next (cron, utc, ORK_TIME_NEVER - 1), ==, ORK_TIME_NEVER);
}

static void
test_seconds (void)
{
  g_autoptr(OrkCron) six = ork_cron_parse ("*/20 * * * * *", NULL, NULL);
  g_autoptr(OrkCron) five = ork_cron_parse ("* * * * *", NULL, NULL);

  g_assert_true (ork_cron_has_seconds (six));
  g_assert_false (ork_cron_has_seconds (five));

  FIRES ("*/20 * * * * *", "UTC", "2026-01-01T00:00:00Z",
         "2026-01-01T00:00:20+00:00", "2026-01-01T00:00:40+00:00",
         "2026-01-01T00:01:00+00:00");
  FIRES ("30 15 10 * * *", "UTC", "2026-01-01T10:15:30Z",
         "2026-01-02T10:15:30+00:00");
  FIRES ("58-59 59 23 31 12 *", "UTC", "2026-06-01T00:00:00Z",
         "2026-12-31T23:59:58+00:00", "2026-12-31T23:59:59+00:00",
         "2027-12-31T23:59:58+00:00");
  /* The 5-field form fires on second 0. */
  FIRES ("* * * * *", "UTC", "2026-01-01T00:00:01Z", "2026-01-01T00:01:00+00:00");
}

static void
test_macros (void)
{
  FIRES ("@yearly", "UTC", "2026-03-01T00:00:00Z",
         "2027-01-01T00:00:00+00:00", "2028-01-01T00:00:00+00:00");
  FIRES ("@annually", "UTC", "2026-03-01T00:00:00Z", "2027-01-01T00:00:00+00:00");
  FIRES ("@monthly", "UTC", "2026-03-01T00:00:00Z",
         "2026-04-01T00:00:00+00:00", "2026-05-01T00:00:00+00:00");
  FIRES ("@weekly", "UTC", "2026-01-01T00:00:00Z",
         "2026-01-04T00:00:00+00:00", "2026-01-11T00:00:00+00:00");
  FIRES ("@daily", "UTC", "2026-01-01T00:00:00Z", "2026-01-02T00:00:00+00:00");
  FIRES ("@midnight", "UTC", "2026-01-01T00:00:00Z", "2026-01-02T00:00:00+00:00");
  FIRES ("@hourly", "UTC", "2026-01-01T00:30:00Z",
         "2026-01-01T01:00:00+00:00", "2026-01-01T02:00:00+00:00");
  FIRES (" @HOURLY ", "UTC", "2026-01-01T00:30:00Z", "2026-01-01T01:00:00+00:00");
}

static void
test_properties (void)
{
  const struct
  {
    const char *expr;
    gboolean frequent;
  } cases[] = {
    { "*/15 * * * *", TRUE },
    { "0 * * * *", TRUE },
    { "*/20 2 * * *", TRUE },
    { "0 */2 * * *", TRUE },
    { "* 2 * * *", TRUE },
    { "@hourly", TRUE },
    { "30 2 * * *", FALSE },
    { "0 9 * * 1-5", FALSE },
    { "0,30 2 * * *", FALSE },
    { "0-59 0-23 * * *", FALSE },
    { "@daily", FALSE },
    { "* 30 2 * * *", FALSE },
    { "0 * 2 * * *", TRUE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(OrkCron) cron = ork_cron_parse (cases[i].expr, NULL, &error);

      g_assert_no_error (error);
      g_assert_cmpstr (ork_cron_get_expr (cron), ==, cases[i].expr);
      if (ork_cron_is_frequent (cron) != cases[i].frequent)
        g_error ("%s: frequent should be %d", cases[i].expr, cases[i].frequent);
    }

  {
    g_autoptr(OrkCron) cron = ork_cron_parse ("@daily", NULL, NULL);
    OrkCron *other = ork_cron_ref (cron);

    g_assert_true (other == cron);
    ork_cron_unref (other);
    g_assert_cmpstr (ork_cron_get_expr (cron), ==, "@daily");
  }
}

static void
test_dom_dow_or (void)
{
  /* Both restricted: the 13th and every Friday. */
  FIRES ("0 0 13 * 5", "UTC", "2026-02-01T00:00:00Z",
         "2026-02-06T00:00:00+00:00", "2026-02-13T00:00:00+00:00",
         "2026-02-20T00:00:00+00:00", "2026-02-27T00:00:00+00:00",
         "2026-03-06T00:00:00+00:00", "2026-03-13T00:00:00+00:00");
  FIRES ("0 0 1,15 * mon", "UTC", "2026-05-31T00:00:00Z",
         "2026-06-01T00:00:00+00:00", "2026-06-08T00:00:00+00:00",
         "2026-06-15T00:00:00+00:00", "2026-06-22T00:00:00+00:00");
}

static void
test_dom_dow_and (void)
{
  /* A day field starting with a star (steps included) or '?' makes it AND. */
  FIRES ("0 0 */2 * 5", "UTC", "2026-01-01T00:00:00Z",
         "2026-01-09T00:00:00+00:00", "2026-01-23T00:00:00+00:00",
         "2026-02-13T00:00:00+00:00", "2026-02-27T00:00:00+00:00");
  FIRES ("0 0 13 * *", "UTC", "2026-02-01T00:00:00Z",
         "2026-02-13T00:00:00+00:00", "2026-03-13T00:00:00+00:00");
  FIRES ("0 0 13 * ?", "UTC", "2026-02-01T00:00:00Z",
         "2026-02-13T00:00:00+00:00", "2026-03-13T00:00:00+00:00");
  FIRES ("0 0 ? * 5", "UTC", "2026-02-01T00:00:00Z",
         "2026-02-06T00:00:00+00:00", "2026-02-13T00:00:00+00:00");
  /* A step of 7 in dow selects 0 and 7, Sunday: the first Sunday of each month. */
  FIRES ("0 0 1-7 * */7", "UTC", "2026-02-01T00:00:00Z",
         "2026-03-01T00:00:00+00:00", "2026-04-05T00:00:00+00:00");
}

static void
test_leap_years (void)
{
  FIRES ("0 0 29 2 *", "UTC", "2026-01-01T00:00:00Z",
         "2028-02-29T00:00:00+00:00", "2032-02-29T00:00:00+00:00");
  /* 2100 is not a leap year, 2000 is. */
  FIRES ("0 0 29 2 *", "UTC", "2096-03-01T00:00:00Z", "2104-02-29T00:00:00+00:00");
  FIRES ("0 0 29 2 *", "UTC", "1999-03-01T00:00:00Z", "2000-02-29T00:00:00+00:00");
  FIRES ("0 0 L 2 *", "UTC", "2027-03-01T00:00:00Z",
         "2028-02-29T00:00:00+00:00", "2029-02-28T00:00:00+00:00");
  FIRES ("0 0 * 2 1#5", "UTC", "2026-01-01T00:00:00Z",
         "2044-02-29T00:00:00+00:00", "2072-02-29T00:00:00+00:00");
}

static void
test_month_ends (void)
{
  FIRES ("0 0 31 * *", "UTC", "2026-01-31T00:00:00Z",
         "2026-03-31T00:00:00+00:00", "2026-05-31T00:00:00+00:00",
         "2026-07-31T00:00:00+00:00", "2026-08-31T00:00:00+00:00");
  FIRES ("0 0 30 * *", "UTC", "2026-01-30T00:00:00Z",
         "2026-03-30T00:00:00+00:00", "2026-04-30T00:00:00+00:00");
  FIRES ("0 0 29-31 * *", "UTC", "2027-01-30T00:00:00Z",
         "2027-01-31T00:00:00+00:00", "2027-03-29T00:00:00+00:00");
}

static void
test_last_day (void)
{
  FIRES ("0 0 L * *", "UTC", "2027-12-15T00:00:00Z",
         "2027-12-31T00:00:00+00:00", "2028-01-31T00:00:00+00:00",
         "2028-02-29T00:00:00+00:00", "2028-03-31T00:00:00+00:00",
         "2028-04-30T00:00:00+00:00");
  FIRES ("0 0 L-2 * *", "UTC", "2026-01-01T00:00:00Z",
         "2026-01-29T00:00:00+00:00", "2026-02-26T00:00:00+00:00",
         "2026-03-29T00:00:00+00:00");
  FIRES ("0 0 L-2 2 *", "UTC", "2027-03-01T00:00:00Z", "2028-02-27T00:00:00+00:00");
  /* L-30 exists in 31-day months only (the 1st); no fire elsewhere. */
  FIRES ("0 0 L-30 * *", "UTC", "2026-01-01T00:00:00Z",
         "2026-03-01T00:00:00+00:00", "2026-05-01T00:00:00+00:00",
         "2026-07-01T00:00:00+00:00", "2026-08-01T00:00:00+00:00");
  /* L-0 is L; a list mixes L with days. */
  FIRES ("0 0 L-0,15 * *", "UTC", "2026-02-01T00:00:00Z",
         "2026-02-15T00:00:00+00:00", "2026-02-28T00:00:00+00:00",
         "2026-03-15T00:00:00+00:00");
  FIRES ("0 0 l * *", "UTC", "2026-04-01T00:00:00Z", "2026-04-30T00:00:00+00:00");
}

static void
test_last_weekday (void)
{
  /* 2026-01-31 is a Saturday, 2026-05-31 a Sunday. */
  FIRES ("0 0 LW * *", "UTC", "2026-01-01T00:00:00Z",
         "2026-01-30T00:00:00+00:00", "2026-02-27T00:00:00+00:00",
         "2026-03-31T00:00:00+00:00", "2026-04-30T00:00:00+00:00",
         "2026-05-29T00:00:00+00:00");
}

static void
test_nearest_weekday (void)
{
  /* 2026-08-01 is a Saturday: not Friday 31 July, but Monday the 3rd. */
  FIRES ("0 0 1W 8 *", "UTC", "2026-01-01T00:00:00Z", "2026-08-03T00:00:00+00:00");
  /* 2026-02-01 is a Sunday: Monday the 2nd. */
  FIRES ("0 0 1W 2 *", "UTC", "2026-01-01T00:00:00Z", "2026-02-02T00:00:00+00:00");
  /* 2026-05-31 is a Sunday: Friday the 29th, not Monday 1 June. */
  FIRES ("0 0 31W 5 *", "UTC", "2026-01-01T00:00:00Z", "2026-05-29T00:00:00+00:00");
  /* 2026-08-15 is a Saturday: Friday the 14th; 2026-02-15 a Sunday: Monday the 16th. */
  FIRES ("0 0 15W * *", "UTC", "2026-01-20T00:00:00Z",
         "2026-02-16T00:00:00+00:00", "2026-03-16T00:00:00+00:00");
  FIRES ("0 0 15W 8 *", "UTC", "2026-01-01T00:00:00Z", "2026-08-14T00:00:00+00:00");
  /* A weekday fires on its own day. */
  FIRES ("0 0 15W 1 *", "UTC", "2026-01-01T00:00:00Z", "2026-01-15T00:00:00+00:00");
  /* 31W: no fire in months without a 31st (2026-01-31 is a Saturday). */
  FIRES ("0 0 31W * *", "UTC", "2026-01-01T00:00:00Z",
         "2026-01-30T00:00:00+00:00", "2026-03-31T00:00:00+00:00",
         "2026-05-29T00:00:00+00:00", "2026-07-31T00:00:00+00:00");
  /* 30W in February 2026: never day 30, so no fire that month. */
  FIRES ("0 0 30W 1-3 *", "UTC", "2026-01-01T00:00:00Z",
         "2026-01-30T00:00:00+00:00", "2026-03-30T00:00:00+00:00");
}

static void
test_last_dow (void)
{
  FIRES ("0 0 * * 5L", "UTC", "2026-01-01T00:00:00Z",
         "2026-01-30T00:00:00+00:00", "2026-02-27T00:00:00+00:00",
         "2026-03-27T00:00:00+00:00", "2026-04-24T00:00:00+00:00");
  FIRES ("0 0 * * FRIL", "UTC", "2026-01-01T00:00:00Z", "2026-01-30T00:00:00+00:00");
  /* 7L is the last Sunday: 2026-05-31. */
  FIRES ("0 0 * 5 7L", "UTC", "2026-01-01T00:00:00Z", "2026-05-31T00:00:00+00:00");
}

static void
test_nth_dow (void)
{
  FIRES ("0 0 * * 3#2", "UTC", "2026-01-01T00:00:00Z",
         "2026-01-14T00:00:00+00:00", "2026-02-11T00:00:00+00:00",
         "2026-03-11T00:00:00+00:00");
  /* No fire in a month without a fifth Monday. */
  FIRES ("0 0 * * 1#5", "UTC", "2026-01-01T00:00:00Z",
         "2026-03-30T00:00:00+00:00", "2026-06-29T00:00:00+00:00",
         "2026-08-31T00:00:00+00:00", "2026-11-30T00:00:00+00:00");
  FIRES ("0 0 * * MON#1,fri#1", "UTC", "2026-01-01T00:00:00Z",
         "2026-01-02T00:00:00+00:00", "2026-01-05T00:00:00+00:00",
         "2026-02-02T00:00:00+00:00", "2026-02-06T00:00:00+00:00");
  /* With a restricted day of month it is OR, as for plain days. */
  FIRES ("0 0 1 * 1#5", "UTC", "2026-03-02T00:00:00Z",
         "2026-03-30T00:00:00+00:00", "2026-04-01T00:00:00+00:00");
}

typedef struct
{
  const char *expr;
  gint code;
  guint column;
  const char *message;
} InvalidCase;

static void
test_invalid (void)
{
  const InvalidCase cases[] = {
    { "", ORK_CRON_ERROR_SYNTAX, 1, "empty expression" },
    { "0 0 * *", ORK_CRON_ERROR_SYNTAX, 1, "expected 5 or 6 fields, got 4" },
    { "0 0 * * * * *", ORK_CRON_ERROR_SYNTAX, 13, "expected 5 or 6 fields, got 7" },
    { "60 * * * *", ORK_CRON_ERROR_SYNTAX, 1, "minute 60 is out of range 0-59" },
    { "0 24 * * *", ORK_CRON_ERROR_SYNTAX, 3, "hour 24 is out of range 0-23" },
    { "0 0 0 * *", ORK_CRON_ERROR_SYNTAX, 5, "day of month 0 is out of range 1-31" },
    { "0 0 32 * *", ORK_CRON_ERROR_SYNTAX, 5, "day of month 32 is out of range 1-31" },
    { "0 0 * 13 *", ORK_CRON_ERROR_SYNTAX, 7, "month 13 is out of range 1-12" },
    { "0 0 * * 8", ORK_CRON_ERROR_SYNTAX, 9, "day of week 8 is out of range 0-7" },
    { "60 0 0 * * *", ORK_CRON_ERROR_SYNTAX, 1, "second 60 is out of range 0-59" },
    { "0 1-99 * * *", ORK_CRON_ERROR_SYNTAX, 5, "hour 99 is out of range 0-23" },
    { "*/0 * * * *", ORK_CRON_ERROR_SYNTAX, 3, "step must be at least 1" },
    { "0 0 1-10/0 * *", ORK_CRON_ERROR_SYNTAX, 10, "step must be at least 1" },
    { "5/ * * * *", ORK_CRON_ERROR_SYNTAX, 3, "expected a step after \"/\"" },
    { "0 0 5-2 * *", ORK_CRON_ERROR_SYNTAX, 5,
      "day of month range 5-2 is backwards: ranges do not wrap" },
    { "0 0 * * FRI-MON", ORK_CRON_ERROR_SYNTAX, 9,
      "day of week range FRI-MON is backwards: ranges do not wrap" },
    { "0 0 * FOO *", ORK_CRON_ERROR_SYNTAX, 7, "unknown month name \"FOO\"" },
    { "0 0 * JANUARY *", ORK_CRON_ERROR_SYNTAX, 7, "unknown month name \"JANUARY\"" },
    { "0 0 * * Funday", ORK_CRON_ERROR_SYNTAX, 9, "unknown day name \"Funday\"" },
    { "0 0 MON * *", ORK_CRON_ERROR_SYNTAX, 5, "unexpected \"MON\" in the day-of-month field" },
    { "x * * * *", ORK_CRON_ERROR_SYNTAX, 1, "unexpected \"x\" in the minute field" },
    { "0 0 ~ * *", ORK_CRON_ERROR_SYNTAX, 5, "unexpected \"~\" in the day-of-month field" },
    { "0 0 \xc3\xa9 * *", ORK_CRON_ERROR_SYNTAX, 5,
      "unexpected \"\xc3\xa9\" in the day-of-month field" },
    { "0 \xc3\xa9 x * *", ORK_CRON_ERROR_SYNTAX, 3,
      "unexpected \"\xc3\xa9\" in the hour field" },
    { "0 0 1,,2 * *", ORK_CRON_ERROR_SYNTAX, 7, "missing value in the day-of-month field" },
    { "0 0 1, * *", ORK_CRON_ERROR_SYNTAX, 7, "missing value in the day-of-month field" },
    { "? * * * *", ORK_CRON_ERROR_SYNTAX, 1,
      "\"?\" is only allowed in the day-of-month and day-of-week fields" },
    { "0 0 * ? *", ORK_CRON_ERROR_SYNTAX, 7,
      "\"?\" is only allowed in the day-of-month and day-of-week fields" },
    { "0 0 * * ?,1", ORK_CRON_ERROR_SYNTAX, 9, "\"?\" must stand alone in the day-of-week field" },
    { "0 L * * *", ORK_CRON_ERROR_SYNTAX, 3,
      "\"L\" is only allowed in the day-of-month and day-of-week fields" },
    { "0 0 * L *", ORK_CRON_ERROR_SYNTAX, 7,
      "\"L\" is only allowed in the day-of-month and day-of-week fields" },
    { "5L 0 * * *", ORK_CRON_ERROR_SYNTAX, 2,
      "\"L\" is only allowed in the day-of-month and day-of-week fields" },
    { "0 0 * * L", ORK_CRON_ERROR_SYNTAX, 9,
      "\"L\" in the day-of-week field needs a day before it, as in 5L" },
    { "0 0 5L * *", ORK_CRON_ERROR_SYNTAX, 6,
      "unexpected \"L\": the day-of-month field takes L, L-n, LW or nW" },
    { "0 0 L-31 * *", ORK_CRON_ERROR_SYNTAX, 7, "L-31 is out of range: n must be 0-30" },
    { "0 0 L- * *", ORK_CRON_ERROR_SYNTAX, 7, "expected a number after \"L-\"" },
    { "0 0 L/2 * *", ORK_CRON_ERROR_SYNTAX, 6, "unexpected \"/\" in the day-of-month field" },
    { "0 0 * * 5W", ORK_CRON_ERROR_SYNTAX, 10, "\"W\" is only allowed in the day-of-month field" },
    { "0 W * * *", ORK_CRON_ERROR_SYNTAX, 3, "\"W\" is only allowed in the day-of-month field" },
    { "0 0 W * *", ORK_CRON_ERROR_SYNTAX, 5, "\"W\" needs a day before it, as in 15W" },
    { "0 0 32W * *", ORK_CRON_ERROR_SYNTAX, 5, "day of month 32 is out of range 1-31" },
    { "0 0 1#2 * *", ORK_CRON_ERROR_SYNTAX, 6, "\"#\" is only allowed in the day-of-week field" },
    { "0 0 * * 1#6", ORK_CRON_ERROR_SYNTAX, 11, "occurrence #6 is out of range 1-5" },
    { "0 0 * * 1#0", ORK_CRON_ERROR_SYNTAX, 11, "occurrence #0 is out of range 1-5" },
    { "0 0 * * 1#", ORK_CRON_ERROR_SYNTAX, 11, "expected a number after \"#\"" },
    { "0 0 * * 9#1", ORK_CRON_ERROR_SYNTAX, 9, "day of week 9 is out of range 0-7" },
    { "@reboot", ORK_CRON_ERROR_SYNTAX, 1,
      "unknown macro \"@reboot\" (expected @yearly, @annually, @monthly, @weekly, @daily, "
      "@midnight or @hourly)" },
    { "@daily 5", ORK_CRON_ERROR_SYNTAX, 8, "unexpected text after @daily" },
    { "0 0 30 2 *", ORK_CRON_ERROR_NEVER, 5, "never fires: day 30 does not exist in February" },
    { "0 0 31 4,6,9,11 *", ORK_CRON_ERROR_NEVER, 5,
      "never fires: day 31 does not exist in April, June, September or November" },
    { "0 0 0 30-31 2 *", ORK_CRON_ERROR_NEVER, 7,
      "never fires: day 30 does not exist in February" },
    { "0 0 L-30 2 *", ORK_CRON_ERROR_NEVER, 5,
      "never fires: no day matches the day-of-month, month and day-of-week fields together" },
    { "0 0 30W 2 *", ORK_CRON_ERROR_NEVER, 5,
      "never fires: no day matches the day-of-month, month and day-of-week fields together" },
    { "0 0 */31 * 1#2", ORK_CRON_ERROR_NEVER, 5,
      "never fires: no day matches the day-of-month, month and day-of-week fields together" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(OrkCron) cron = NULL;
      guint column = 0;

      cron = ork_cron_parse (cases[i].expr, &column, &error);
      if (cron != NULL)
        g_error ("\"%s\" should not parse", cases[i].expr);
      g_assert_error (error, ORK_CRON_ERROR, cases[i].code);
      if (g_strcmp0 (error->message, cases[i].message) != 0 || column != cases[i].column)
        g_error ("\"%s\": expected %u: %s, got %u: %s", cases[i].expr,
                 cases[i].column, cases[i].message, column, error->message);

      /* The column is optional. */
      g_clear_error (&error);
      g_assert_null (ork_cron_parse (cases[i].expr, NULL, &error));
      g_assert_error (error, ORK_CRON_ERROR, cases[i].code);
    }
}

/* DST, Europe/Berlin: 2026-03-29 02:00 CET → 03:00 CEST, 2026-10-25 03:00 CEST → 02:00 CET. */
static void
test_dst_berlin_spring (void)
{
  const char *z = "Europe/Berlin";

  /* Fixed-time: the gap's wall times fire once, at the gap's end. */
  FIRES ("30 2 * * *", z, "2026-03-27T12:00:00Z",
         "2026-03-28T02:30:00+01:00", "2026-03-29T03:00:00+02:00",
         "2026-03-30T02:30:00+02:00");
  FIRES ("0,30 2 * * *", z, "2026-03-28T12:00:00Z",
         "2026-03-29T03:00:00+02:00", "2026-03-30T02:00:00+02:00");
  FIRES ("0 2,3 * * *", z, "2026-03-28T12:00:00Z",
         "2026-03-29T03:00:00+02:00", "2026-03-30T02:00:00+02:00");
  FIRES ("30 2,3 * * *", z, "2026-03-28T12:00:00Z",
         "2026-03-29T03:00:00+02:00", "2026-03-29T03:30:00+02:00",
         "2026-03-30T02:30:00+02:00");
  FIRES ("15 30 2 * * *", z, "2026-03-28T12:00:00Z",
         "2026-03-29T03:00:00+02:00", "2026-03-30T02:30:15+02:00");
  FIRES ("59 1 * * *", z, "2026-03-28T12:00:00Z",
         "2026-03-29T01:59:00+01:00", "2026-03-30T01:59:00+02:00");
  /* From inside the gap's instant onwards, the gap fire is in the past. */
  FIRES ("30 2 * * *", z, "2026-03-29T01:00:00Z", "2026-03-30T02:30:00+02:00");
  FIRES ("30 2 * * *", z, "2026-03-29T00:59:59.999Z", "2026-03-29T03:00:00+02:00");

  /* Frequent: the gap does not exist, nothing fires in it. */
  FIRES ("*/30 * * * *", z, "2026-03-29T00:00:00Z",
         "2026-03-29T01:30:00+01:00", "2026-03-29T03:00:00+02:00",
         "2026-03-29T03:30:00+02:00");
  FIRES ("*/20 2 * * *", z, "2026-03-28T12:00:00Z",
         "2026-03-30T02:00:00+02:00", "2026-03-30T02:20:00+02:00");
  FIRES ("0 */2 * * *", z, "2026-03-28T23:30:00Z",
         "2026-03-29T04:00:00+02:00", "2026-03-29T06:00:00+02:00");
}

static void
test_dst_berlin_fall (void)
{
  const char *z = "Europe/Berlin";

  /* Fixed-time: the repeated wall time fires at its first occurrence only. */
  FIRES ("30 2 * * *", z, "2026-10-24T12:00:00Z",
         "2026-10-25T02:30:00+02:00", "2026-10-26T02:30:00+01:00");
  FIRES ("0 2 * * *", z, "2026-10-24T12:00:00Z",
         "2026-10-25T02:00:00+02:00", "2026-10-26T02:00:00+01:00");
  FIRES ("0 3 * * *", z, "2026-10-24T12:00:00Z",
         "2026-10-25T03:00:00+01:00", "2026-10-26T03:00:00+01:00");
  FIRES ("0,59 2 * * *", z, "2026-10-24T12:00:00Z",
         "2026-10-25T02:00:00+02:00", "2026-10-25T02:59:00+02:00",
         "2026-10-26T02:00:00+01:00");
  /* Frequent: both occurrences. */
  FIRES ("*/30 * * * *", z, "2026-10-25T00:00:00Z",
         "2026-10-25T02:30:00+02:00", "2026-10-25T02:00:00+01:00",
         "2026-10-25T02:30:00+01:00", "2026-10-25T03:00:00+01:00");
  FIRES ("0 * * * *", z, "2026-10-24T23:30:00Z",
         "2026-10-25T02:00:00+02:00", "2026-10-25T02:00:00+01:00",
         "2026-10-25T03:00:00+01:00");
  FIRES ("*/20 2 * * *", z, "2026-10-24T12:00:00Z",
         "2026-10-25T02:00:00+02:00", "2026-10-25T02:20:00+02:00",
         "2026-10-25T02:40:00+02:00", "2026-10-25T02:00:00+01:00",
         "2026-10-25T02:20:00+01:00", "2026-10-25T02:40:00+01:00",
         "2026-10-26T02:00:00+01:00");
  /* Starting inside the second occurrence. */
  FIRES ("*/20 2 * * *", z, "2026-10-25T01:10:00Z",
         "2026-10-25T02:20:00+01:00", "2026-10-25T02:40:00+01:00");
  FIRES ("30 2 * * *", z, "2026-10-25T01:10:00Z", "2026-10-26T02:30:00+01:00");
}

/* America/New_York: 2026-03-08 02:00 EST → 03:00 EDT, 2026-11-01 02:00 EDT → 01:00 EST. */
static void
test_dst_new_york (void)
{
  const char *z = "America/New_York";

  FIRES ("30 2 * * *", z, "2026-03-07T12:00:00Z",
         "2026-03-08T03:00:00-04:00", "2026-03-09T02:30:00-04:00");
  FIRES ("0 2 * * *", z, "2026-03-07T12:00:00Z",
         "2026-03-08T03:00:00-04:00", "2026-03-09T02:00:00-04:00");
  FIRES ("*/30 * * * *", z, "2026-03-08T06:00:00Z",
         "2026-03-08T01:30:00-05:00", "2026-03-08T03:00:00-04:00",
         "2026-03-08T03:30:00-04:00");
  FIRES ("* 2 * * *", z, "2026-03-07T12:00:00Z", "2026-03-09T02:00:00-04:00");

  FIRES ("30 1 * * *", z, "2026-10-31T12:00:00Z",
         "2026-11-01T01:30:00-04:00", "2026-11-02T01:30:00-05:00");
  FIRES ("*/30 * * * *", z, "2026-11-01T04:45:00Z",
         "2026-11-01T01:00:00-04:00", "2026-11-01T01:30:00-04:00",
         "2026-11-01T01:00:00-05:00", "2026-11-01T01:30:00-05:00",
         "2026-11-01T02:00:00-05:00");
  FIRES ("30 1 * * *", z, "2026-11-01T05:30:00Z", "2026-11-02T01:30:00-05:00");
  FIRES ("@hourly", z, "2026-11-01T04:30:00Z",
         "2026-11-01T01:00:00-04:00", "2026-11-01T01:00:00-05:00",
         "2026-11-01T02:00:00-05:00");
  FIRES ("@daily", z, "2026-10-31T12:00:00Z",
         "2026-11-01T00:00:00-04:00", "2026-11-02T00:00:00-05:00");
}

/* Reference predicates for the brute-force comparison, written independently of
 * the parser: wd 0 = Sunday, nd = days in the month. */
typedef gboolean (*RefMatch) (gint y, gint mo, gint d, gint h, gint mi, gint wd, gint nd);

static gboolean
ref_business (gint y, gint mo, gint d, gint h, gint mi, gint wd, gint nd)
{
  return mi % 15 == 0 && h >= 9 && h <= 17 && wd >= 1 && wd <= 5;
}

static gboolean
ref_half_past_two (gint y, gint mo, gint d, gint h, gint mi, gint wd, gint nd)
{
  return h == 2 && (mi == 0 || mi == 30);
}

static gboolean
ref_twenty_past (gint y, gint mo, gint d, gint h, gint mi, gint wd, gint nd)
{
  return h == 2 && mi % 20 == 0;
}

static gboolean
ref_sunday_night (gint y, gint mo, gint d, gint h, gint mi, gint wd, gint nd)
{
  return wd == 0 && h >= 1 && h <= 3 && mi == 45;
}

static gboolean
ref_every_7 (gint y, gint mo, gint d, gint h, gint mi, gint wd, gint nd)
{
  return mi % 7 == 0;
}

static gboolean
ref_thirteenth_or_friday (gint y, gint mo, gint d, gint h, gint mi, gint wd, gint nd)
{
  return h == 0 && mi == 0 && (d == 13 || wd == 5);
}

static gboolean
ref_last_weekday (gint y, gint mo, gint d, gint h, gint mi, gint wd, gint nd)
{
  gint last_wd = (wd + nd - d) % 7;
  gint target = last_wd == 6 ? nd - 1 : last_wd == 0 ? nd - 2 : nd;

  return h == 12 && mi == 0 && d == target;
}

static gboolean
ref_nearest_weekday (gint y, gint mo, gint d, gint h, gint mi, gint wd, gint nd)
{
  /* 1W or 15W: the weekday nearest, within the month. */
  for (gint n = 1; n <= 15; n += 14)
    {
      gint n_wd = ((wd - (d - n)) % 7 + 7) % 7;
      gint target = n;

      if (n_wd == 6)
        target = n == 1 ? 3 : n - 1;
      else if (n_wd == 0)
        target = n + 1;
      if (d == target && h == 8 && mi == 0)
        return TRUE;
    }
  return FALSE;
}

static gboolean
ref_last_friday_or_second_tuesday (gint y, gint mo, gint d, gint h, gint mi, gint wd, gint nd)
{
  return h == 9 && mi == 30 &&
         ((wd == 5 && d + 7 > nd) || (wd == 2 && d >= 8 && d <= 14));
}

static gboolean
ref_odd_sundays (gint y, gint mo, gint d, gint h, gint mi, gint wd, gint nd)
{
  return h == 23 && mi == 45 && wd == 0 && d % 10 == 1;
}

static gboolean
ref_late_in_feb_mar (gint y, gint mo, gint d, gint h, gint mi, gint wd, gint nd)
{
  return (mo == 2 || mo == 3) && d == nd - 3 && h == 0 && mi == 0;
}

static gboolean
ref_two_hourly (gint y, gint mo, gint d, gint h, gint mi, gint wd, gint nd)
{
  return mi == 0 && h % 2 == 0;
}

static gboolean
ref_quarter_past_one (gint y, gint mo, gint d, gint h, gint mi, gint wd, gint nd)
{
  return h == 1 && mi == 15;
}

typedef struct
{
  const char *expr;
  RefMatch match;
} RefCase;

static const RefCase ref_cases[] = {
  { "*/15 9-17 * * 1-5", ref_business },
  { "0,30 2 * * *", ref_half_past_two },
  { "*/20 2 * * *", ref_twenty_past },
  { "45 1-3 * * 0", ref_sunday_night },
  { "*/7 * * * *", ref_every_7 },
  { "0 0 13 * 5", ref_thirteenth_or_friday },
  { "0 12 LW * *", ref_last_weekday },
  { "0 8 1W,15W * *", ref_nearest_weekday },
  { "30 9 * * 5L,2#2", ref_last_friday_or_second_tuesday },
  { "45 23 */10 * 0", ref_odd_sundays },
  { "0 0 L-3 2,3 *", ref_late_in_feb_mar },
  { "0 */2 * * *", ref_two_hourly },
  { "15 1 * * *", ref_quarter_past_one },
};

/* Walks every UTC minute of [from, to) and applies DESIGN §3 literally: a
 * frequent job fires whenever the wall time matches; a fixed-time one fires when
 * a wall time matches for the first time, and once at the end of a gap whose
 * skipped wall times match. */
static GArray *
reference_fires (const RefCase *rc,
                 gboolean       frequent,
                 GTimeZone     *tz,
                 gint64         from,
                 gint64         to)
{
  GArray *fires = g_array_new (FALSE, FALSE, sizeof (gint64));
  gint64 max_wall = G_MININT64;

  for (gint64 u = from; u < to; u += 60)
    {
      gint interval = g_time_zone_find_interval (tz, G_TIME_TYPE_UNIVERSAL, u);
      gint64 wall = u + g_time_zone_get_offset (tz, interval);
      gboolean fire = FALSE;

      for (gint64 w = (max_wall == G_MININT64 ? wall : MIN (max_wall + 60, wall)); w <= wall;
           w += 60)
        {
          GDate date;
          gint64 days = w / 86400;
          gint64 tod = w - days * 86400;
          gboolean matches;

          g_date_clear (&date, 1);
          g_date_set_julian (&date, (guint32) (days + 719163));
          matches = rc->match (g_date_get_year (&date), g_date_get_month (&date),
                               g_date_get_day (&date), (gint) (tod / 3600),
                               (gint) (tod / 60 % 60), g_date_get_weekday (&date) % 7,
                               g_date_get_days_in_month (g_date_get_month (&date),
                                                         g_date_get_year (&date)));
          if (!matches)
            continue;
          if (w == wall && (frequent || wall > max_wall))
            fire = TRUE;
          else if (w < wall && !frequent && w > max_wall)
            fire = TRUE;  /* skipped by a spring-forward */
        }
      if (fire)
        g_array_append_val (fires, u);
      max_wall = MAX (max_wall, wall);
    }
  return fires;
}

static void
test_brute_force (void)
{
  const char *zones[] = { "UTC", "Europe/Berlin", "America/New_York", "Australia/Lord_Howe" };
  gint64 from = parse_time ("2026-01-01T00:00:00Z") / ORK_USEC_PER_SEC;
  gint64 to = parse_time ("2027-01-01T00:00:00Z") / ORK_USEC_PER_SEC;

  if (!g_test_slow ())
    to = parse_time ("2026-11-15T00:00:00Z") / ORK_USEC_PER_SEC;

  for (guint z = 0; z < G_N_ELEMENTS (zones); z++)
    {
      g_autoptr(GTimeZone) tz = g_time_zone_new_identifier (zones[z]);

      g_assert_nonnull (tz);
      for (guint i = 0; i < G_N_ELEMENTS (ref_cases); i++)
        {
          g_autoptr(OrkCron) cron = ork_cron_parse (ref_cases[i].expr, NULL, NULL);
          g_autoptr(GArray) expected = NULL;
          gint64 t = (from - 1) * ORK_USEC_PER_SEC;

          g_assert_nonnull (cron);
          expected = reference_fires (&ref_cases[i], ork_cron_is_frequent (cron), tz, from, to);
          g_assert_cmpuint (expected->len, >, 0);
          for (guint k = 0; k < expected->len; k++)
            {
              gint64 want = g_array_index (expected, gint64, k);

              t = ork_cron_next (cron, tz, t);
              if (t != want * ORK_USEC_PER_SEC)
                {
                  g_autofree char *got_s = format_in_zone (t, tz);
                  g_autofree char *want_s = format_in_zone (want * ORK_USEC_PER_SEC, tz);

                  g_error ("%s in %s, fire %u: expected %s, got %s", ref_cases[i].expr,
                           zones[z], k + 1, want_s, got_s);
                }
            }
          g_assert_cmpint (ork_cron_next (cron, tz, t), >=, to * ORK_USEC_PER_SEC);
        }
    }
}

static void
test_never_is_exact (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(OrkCron) cron = NULL;
  g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();

  /* Valid although rare: a fifth Monday in February happens in leap years
   * whose February starts on a Monday. */
  cron = ork_cron_parse ("0 0 * 2 1#5", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (ork_cron_next (cron, utc, parse_time ("2026-01-01T00:00:00Z")), ==,
                   parse_time ("2044-02-29T00:00:00Z"));
  g_clear_pointer (&cron, ork_cron_unref);

  /* 29 February on a Sunday with a 13th Friday... any rare but possible day is valid. */
  cron = ork_cron_parse ("0 0 29 2 0", NULL, &error);
  g_assert_no_error (error);
  g_clear_pointer (&cron, ork_cron_unref);
  cron = ork_cron_parse ("0 0 */29 2 *", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (ork_cron_next (cron, utc, parse_time ("2026-01-01T00:00:00Z")), ==,
                   parse_time ("2026-02-01T00:00:00Z"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/cron/basic", test_basic);
  g_test_add_func ("/core/cron/strictly-after", test_strictly_after);
  g_test_add_func ("/core/cron/seconds", test_seconds);
  g_test_add_func ("/core/cron/macros", test_macros);
  g_test_add_func ("/core/cron/properties", test_properties);
  g_test_add_func ("/core/cron/dom-dow-or", test_dom_dow_or);
  g_test_add_func ("/core/cron/dom-dow-and", test_dom_dow_and);
  g_test_add_func ("/core/cron/leap-years", test_leap_years);
  g_test_add_func ("/core/cron/month-ends", test_month_ends);
  g_test_add_func ("/core/cron/last-day", test_last_day);
  g_test_add_func ("/core/cron/last-weekday", test_last_weekday);
  g_test_add_func ("/core/cron/nearest-weekday", test_nearest_weekday);
  g_test_add_func ("/core/cron/last-dow", test_last_dow);
  g_test_add_func ("/core/cron/nth-dow", test_nth_dow);
  g_test_add_func ("/core/cron/invalid", test_invalid);
  g_test_add_func ("/core/cron/never-is-exact", test_never_is_exact);
  g_test_add_func ("/core/cron/dst-berlin-spring", test_dst_berlin_spring);
  g_test_add_func ("/core/cron/dst-berlin-fall", test_dst_berlin_fall);
  g_test_add_func ("/core/cron/dst-new-york", test_dst_new_york);
  g_test_add_func ("/core/cron/brute-force", test_brute_force);

  return g_test_run ();
}
