/* test-schedule.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <locale.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "ork-schedule.h"

static gint64
iso (const char *text)
{
  gint64 us = 0;

  g_assert_true (ork_time_parse_iso (text, &us));
  return us;
}

static char *
fmt (gint64 us)
{
  if (us == ORK_TIME_NEVER)
    return g_strdup ("never");
  return ork_time_format_iso_utc (us);
}

#define assert_time(us, expected) \
  G_STMT_START { \
    g_autofree char *_s = fmt (us); \
    g_assert_cmpstr (_s, ==, expected); \
  } G_STMT_END

static void
add_time (OrkSchedule *s,
          guint        hour,
          guint        minute)
{
  guint m = hour * 60 + minute;
  g_array_append_val (s->times, m);
}

static void
test_interval_epoch_anchor (void)
{
  g_autoptr(OrkSchedule) s = ork_schedule_new_interval (5 * 60 * 1000);
  gint64 t;

  g_assert_true (ork_schedule_prepare (s, NULL));

  t = ork_schedule_next (s, NULL, iso ("2026-01-01T10:02:13Z"), G_MININT64);
  assert_time (t, "2026-01-01T10:05:00.000Z");
  /* Strictly after: a fire time equal to `after` is not returned. */
  t = ork_schedule_next (s, NULL, iso ("2026-01-01T10:05:00Z"), G_MININT64);
  assert_time (t, "2026-01-01T10:10:00.000Z");
  t = ork_schedule_next (s, NULL, iso ("2026-01-01T10:04:59.999999Z"), G_MININT64);
  assert_time (t, "2026-01-01T10:05:00.000Z");
}

static void
test_interval_no_drift (void)
{
  g_autoptr(OrkSchedule) s = ork_schedule_new_interval (3000);
  gint64 start = iso ("2026-06-01T00:00:00Z");
  gint64 t = start;

  g_assert_true (ork_schedule_prepare (s, NULL));
  /* A week of 3-second fires, each computed from the previous one: the
   * n-th fire must be exactly start + n·3 s. */
  for (gint64 n = 1; n <= 201600; n++)
    {
      t = ork_schedule_next (s, NULL, t, G_MININT64);
      if (t != start + n * 3 * ORK_USEC_PER_SEC)
        g_assert_cmpint (t, ==, start + n * 3 * ORK_USEC_PER_SEC);
    }
  assert_time (t, "2026-06-08T00:00:00.000Z");

  /* From an arbitrary late point (jitter, a late engine), it goes back on grid. */
  t = ork_schedule_next (s, NULL, start + 1234567, G_MININT64);
  g_assert_cmpint (t, ==, start + 3 * ORK_USEC_PER_SEC);
}

static void
test_interval_anchor (void)
{
  g_autoptr(OrkSchedule) s = ork_schedule_new_interval (60 * 60 * 1000);
  gint64 t;

  s->anchor = g_date_time_new_from_iso8601 ("2026-01-01T10:00:07+02:00", NULL);
  g_assert_nonnull (s->anchor);
  g_assert_true (ork_schedule_prepare (s, NULL));

  /* Anchor after `after`: fire times extend backwards from it. */
  t = ork_schedule_next (s, NULL, iso ("2025-12-31T00:30:00Z"), G_MININT64);
  assert_time (t, "2025-12-31T01:00:07.000Z");
  /* Anchor before `after`. */
  t = ork_schedule_next (s, NULL, iso ("2026-02-01T12:00:07Z"), G_MININT64);
  assert_time (t, "2026-02-01T13:00:07.000Z");
  /* The anchor itself, from just before it. */
  t = ork_schedule_next (s, NULL, iso ("2026-01-01T08:00:06Z"), G_MININT64);
  assert_time (t, "2026-01-01T08:00:07.000Z");

  /* Before the epoch, floor division must round towards the past. */
  g_clear_pointer (&s->anchor, g_date_time_unref);
  s->every_ms = 1000;
  g_assert_cmpint (ork_schedule_next (s, NULL, -1, G_MININT64), ==, 0);
  g_assert_cmpint (ork_schedule_next (s, NULL, -1500000, G_MININT64), ==, -1000000);
  g_assert_cmpint (ork_schedule_next (s, NULL, -2000000, G_MININT64), ==, -1000000);
}

static void
test_interval_completion (void)
{
  g_autoptr(OrkSchedule) s = ork_schedule_new_interval (10 * 1000);
  gint64 after = iso ("2026-01-01T10:00:00Z");

  s->from = ORK_INTERVAL_FROM_COMPLETION;
  g_assert_true (ork_schedule_prepare (s, NULL));

  /* No previous run: every after `after`. */
  g_assert_cmpint (ork_schedule_next (s, NULL, after, G_MININT64), ==,
                   after + 10 * ORK_USEC_PER_SEC);
  /* A previous run ended at 10:00:03.25: due 10 s later, off any grid. */
  g_assert_cmpint (ork_schedule_next (s, NULL, after, after + 3250000), ==,
                   after + 13250000);
  g_assert_false (ork_schedule_is_fixed_time (s));
}

static void
test_interval_too_short (void)
{
  g_autoptr(OrkSchedule) s = ork_schedule_new_interval (99);
  g_autoptr(GError) error = NULL;

  g_assert_false (ork_schedule_prepare (s, &error));
  g_assert_error (error, ORK_SCHEDULE_ERROR, ORK_SCHEDULE_ERROR_INVALID);
}

static void
test_once (void)
{
  g_autoptr(OrkSchedule) s = ork_schedule_new (ORK_SCHEDULE_ONCE);
  gint64 at = iso ("2026-12-01T10:00:00Z");

  s->at = g_date_time_new_from_iso8601 ("2026-12-01T11:00:00+01:00", NULL);
  g_assert_true (ork_schedule_prepare (s, NULL));

  g_assert_cmpint (ork_schedule_next (s, NULL, at - 1, G_MININT64), ==, at);
  g_assert_cmpint (ork_schedule_next (s, NULL, at, G_MININT64), ==, ORK_TIME_NEVER);
  g_assert_cmpint (ork_schedule_next (s, NULL, at + 1, G_MININT64), ==, ORK_TIME_NEVER);
  g_assert_false (ork_schedule_is_fixed_time (s));
}

static void
test_manual (void)
{
  g_autoptr(OrkSchedule) s = ork_schedule_new (ORK_SCHEDULE_MANUAL);

  g_assert_true (ork_schedule_prepare (s, NULL));
  g_assert_cmpint (ork_schedule_next (s, NULL, 0, G_MININT64), ==, ORK_TIME_NEVER);
  g_assert_cmpint (ork_schedule_next (s, NULL, G_MININT64, 0), ==, ORK_TIME_NEVER);
}

static void
test_weekly_zone (void)
{
  g_autoptr(OrkSchedule) s = ork_schedule_new (ORK_SCHEDULE_WEEKLY);
  gint64 t;

  s->days = (1 << 1) | (1 << 3);  /* Monday, Wednesday */
  add_time (s, 17, 30);
  add_time (s, 9, 0);
  add_time (s, 9, 0);
  s->timezone = g_strdup ("Europe/Berlin");
  g_assert_true (ork_schedule_prepare (s, NULL));
  g_assert_true (ork_schedule_is_fixed_time (s));
  g_assert_nonnull (s->tz);
  /* Sorted, duplicates removed, one cron per time. */
  g_assert_cmpuint (s->times->len, ==, 2);
  g_assert_cmpuint (g_array_index (s->times, guint, 0), ==, 9 * 60);
  g_assert_cmpuint (s->weekly_crons->len, ==, 2);

  /* 2026-03-02 is a Monday; Berlin is UTC+1 in winter. */
  t = ork_schedule_next (s, NULL, iso ("2026-03-01T12:00:00Z"), G_MININT64);
  assert_time (t, "2026-03-02T08:00:00.000Z");
  t = ork_schedule_next (s, NULL, t, G_MININT64);
  assert_time (t, "2026-03-02T16:30:00.000Z");
  t = ork_schedule_next (s, NULL, t, G_MININT64);
  assert_time (t, "2026-03-04T08:00:00.000Z");
  /* After the spring change (2026-03-29), UTC+2. */
  t = ork_schedule_next (s, NULL, iso ("2026-03-29T12:00:00Z"), G_MININT64);
  assert_time (t, "2026-03-30T07:00:00.000Z");

  /* The schedule's zone wins over the default zone. */
  {
    g_autoptr(GTimeZone) tokyo = g_time_zone_new_identifier ("Asia/Tokyo");
    t = ork_schedule_next (s, tokyo, iso ("2026-03-01T12:00:00Z"), G_MININT64);
    assert_time (t, "2026-03-02T08:00:00.000Z");
  }

  /* Without a zone of its own, the default zone applies. */
  {
    g_autoptr(GTimeZone) tokyo = g_time_zone_new_identifier ("Asia/Tokyo");
    g_clear_pointer (&s->timezone, g_free);
    g_assert_true (ork_schedule_prepare (s, NULL));
    g_assert_null (s->tz);
    t = ork_schedule_next (s, tokyo, iso ("2026-03-01T12:00:00Z"), G_MININT64);
    assert_time (t, "2026-03-02T00:00:00.000Z");
  }
}

static void
test_weekly_never (void)
{
  g_autoptr(OrkSchedule) s = ork_schedule_new (ORK_SCHEDULE_WEEKLY);
  g_autoptr(GError) error = NULL;

  add_time (s, 9, 0);
  g_assert_false (ork_schedule_prepare (s, &error));
  g_assert_error (error, ORK_SCHEDULE_ERROR, ORK_SCHEDULE_ERROR_NEVER);
}

static void
test_cron (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(OrkSchedule) s = ork_schedule_new_cron ("*/15 9-17 * * 1-5", "UTC", &error);
  g_autoptr(OrkSchedule) fixed = NULL;
  gint64 t;

  g_assert_no_error (error);
  g_assert_nonnull (s->cron);
  g_assert_false (ork_schedule_is_fixed_time (s));
  /* 2026-03-06 is a Friday. */
  t = ork_schedule_next (s, NULL, iso ("2026-03-06T17:45:00Z"), G_MININT64);
  assert_time (t, "2026-03-09T09:00:00.000Z");

  fixed = ork_schedule_new_cron ("30 2 * * *", NULL, &error);
  g_assert_no_error (error);
  g_assert_true (ork_schedule_is_fixed_time (fixed));
}

static void
test_cron_errors (void)
{
  g_autoptr(GError) error = NULL;
  OrkSchedule *s;

  s = ork_schedule_new_cron ("0 9 * * *", "Mars/Base", &error);
  g_assert_null (s);
  g_assert_error (error, ORK_SCHEDULE_ERROR, ORK_SCHEDULE_ERROR_UNKNOWN_ZONE);
  g_assert_cmpstr (error->message, ==, "unknown time zone \"Mars/Base\"");
  g_clear_error (&error);

  s = ork_schedule_new_cron ("61 * * * *", NULL, &error);
  g_assert_null (s);
  g_assert_error (error, ORK_CRON_ERROR, ORK_CRON_ERROR_SYNTAX);
  g_clear_error (&error);

  s = ork_schedule_new_cron ("0 0 30 2 *", NULL, &error);
  g_assert_null (s);
  g_assert_error (error, ORK_CRON_ERROR, ORK_CRON_ERROR_NEVER);
}

static void
test_copy_equal (void)
{
  g_autoptr(OrkSchedule) a = ork_schedule_new (ORK_SCHEDULE_WEEKLY);
  g_autoptr(OrkSchedule) b = NULL;
  g_autoptr(OrkSchedule) c = NULL;
  g_autoptr(OrkSchedule) d = NULL;

  a->days = 0x3e;
  add_time (a, 9, 0);
  a->timezone = g_strdup ("Europe/Berlin");
  g_assert_true (ork_schedule_prepare (a, NULL));

  b = ork_schedule_copy (a);
  g_assert_true (ork_schedule_equal (a, b));
  g_assert_cmpuint (b->weekly_crons->len, ==, 1);
  g_assert_true (b->tz != NULL);
  add_time (b, 10, 0);
  g_assert_false (ork_schedule_equal (a, b));

  c = ork_schedule_new (ORK_SCHEDULE_ONCE);
  c->at = g_date_time_new_from_iso8601 ("2026-12-01T11:00:00+01:00", NULL);
  d = ork_schedule_new (ORK_SCHEDULE_ONCE);
  d->at = g_date_time_new_from_iso8601 ("2026-12-01T10:00:00Z", NULL);
  /* Same instant, different offset: not the same definition. */
  g_assert_false (ork_schedule_equal (c, d));
  g_clear_pointer (&d->at, g_date_time_unref);
  d->at = g_date_time_ref (c->at);
  g_assert_true (ork_schedule_equal (c, d));
  g_assert_false (ork_schedule_equal (a, c));

  /* As a boxed type. */
  {
    GValue v = G_VALUE_INIT;
    g_value_init (&v, ORK_TYPE_SCHEDULE);
    g_value_set_boxed (&v, a);
    g_assert_true (ork_schedule_equal (g_value_get_boxed (&v), a));
    g_assert_true (g_value_get_boxed (&v) != a);
    g_value_unset (&v);
  }
}

static void
check_describe (OrkSchedule *s,
                const char  *expected)
{
  g_autofree char *text = ork_schedule_describe (s);
  g_assert_cmpstr (text, ==, expected);
}

static void
test_describe (void)
{
  g_autoptr(OrkSchedule) s = NULL;
  g_autoptr(GError) error = NULL;

  s = ork_schedule_new_interval (15 * 60 * 1000);
  check_describe (s, "Every 15 minutes");
  s->every_ms = 3000;
  check_describe (s, "Every 3 seconds");
  s->every_ms = 1000;
  check_describe (s, "Every second");
  s->every_ms = 90 * 60 * 1000;
  check_describe (s, "Every 90 minutes");
  s->every_ms = 2 * 3600 * 1000;
  check_describe (s, "Every 2 hours");
  s->every_ms = 1500;
  check_describe (s, "Every 1500 milliseconds");
  s->every_ms = 60000;
  s->from = ORK_INTERVAL_FROM_COMPLETION;
  check_describe (s, "Every minute after the previous run ends");
  g_clear_pointer (&s, ork_schedule_free);

  s = ork_schedule_new (ORK_SCHEDULE_WEEKLY);
  s->days = 0x7f;
  add_time (s, 17, 30);
  add_time (s, 9, 0);
  g_assert_true (ork_schedule_prepare (s, NULL));
  check_describe (s, "Every day at 09:00 and 17:30");
  s->timezone = g_strdup ("Europe/Berlin");
  check_describe (s, "Every day at 09:00 and 17:30 (Europe/Berlin)");
  g_clear_pointer (&s->timezone, g_free);
  s->days = (1 << 1) | (1 << 3) | (1 << 5);
  g_array_set_size (s->times, 0);
  add_time (s, 9, 0);
  check_describe (s, "Mon, Wed and Fri at 09:00");
  s->days = (1 << 0) | (1 << 1);
  add_time (s, 12, 0);
  add_time (s, 18, 45);
  check_describe (s, "Mon and Sun at 09:00, 12:00 and 18:45");
  s->days = 0x3e;
  check_describe (s, "Weekdays at 09:00, 12:00 and 18:45");
  g_clear_pointer (&s, ork_schedule_free);

  s = ork_schedule_new (ORK_SCHEDULE_CRON);
  s->expr = g_strdup ("*/15 9-17 * * 1-5");
  check_describe (s, "Every 15 minutes, 09:00–17:45, Monday to Friday");
  g_clear_pointer (&s->expr, g_free);
  {
    /* Cron in plain words, and as cron where words would mislead. */
    const struct { const char *expr; const char *words; } cases[] = {
      { "*/10 7-19 * * 1-5", "Every 10 minutes, 07:00–19:50, Monday to Friday" },
      { "* * * * *", "Every minute" },
      { "0 * * * *", "Every hour at :00" },
      { "5 */2 * * *", "Every 2 hours at :05" },
      { "5 */1 * * *", "Every hour at :05" },
      { "0 */2 * * *", "Every 2 hours at :00" },
      { "0 8,20 * * *", "Every day at 08:00 and 20:00" },
      { "0,30 8 * * mon-fri", "Weekdays at 08:00 and 08:30" },
      { "0 9 * * 1,3,5", "Monday, Wednesday and Friday at 09:00" },
      { "0 10 * * 6,0", "Saturday and Sunday at 10:00" },
      { "0 10 * * sun", "Sundays at 10:00" },
      { "0 0 1,15 * *", "On day 1 and 15 of every month at 00:00" },
      { "0 0 1 1,7 *", "On day 1 in January and July at 00:00" },
      { "0 0 13 * 5", "On day 13 and on Fridays at 00:00" },
      { "*/5 * * 3 *", "Every 5 minutes, in March" },
      { "0 30 2 * * *", "Every day at 02:30" },
      { "@daily", "Every day at 00:00" },
      { "@hourly", "Every hour at :00" },
      { "@monthly", "On day 1 of every month at 00:00" },
      { "15 9-17 * * *", "Every hour at :15, 09:15–17:15" },
      { "0 0 L * *", "Cron: 0 0 L * *" },
      { "0 0 * * 5#2", "Cron: 0 0 * * 5#2" },
      { "*/7 * * * *", "Cron: */7 * * * *" },
      { "10 0 30 * * *", "Cron: 10 0 30 * * *" },
    };

    for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
      {
        g_free (s->expr);
        s->expr = g_strdup (cases[i].expr);
        check_describe (s, cases[i].words);
      }
  }
  g_free (s->expr);
  s->expr = g_strdup ("*/15 * * * *");
  check_describe (s, "Every 15 minutes");
  g_free (s->expr);
  s->expr = g_strdup ("30 2 * * *");
  check_describe (s, "Every day at 02:30");
  g_free (s->expr);
  s->expr = g_strdup ("0 9 * * 1-5");
  s->timezone = g_strdup ("America/New_York");
  check_describe (s, "Weekdays at 09:00 (America/New_York)");
  g_clear_pointer (&s, ork_schedule_free);

  s = ork_schedule_new (ORK_SCHEDULE_ONCE);
  s->at = g_date_time_new_from_iso8601 ("2026-12-01T10:00:00Z", NULL);
  check_describe (s, "Once at 2026-12-01 10:00 UTC");
  g_date_time_unref (s->at);
  s->at = g_date_time_new_from_iso8601 ("2026-12-01T10:00:00+05:30", NULL);
  check_describe (s, "Once at 2026-12-01 10:00 (UTC+05:30)");
  g_clear_pointer (&s, ork_schedule_free);

  s = ork_schedule_new (ORK_SCHEDULE_MANUAL);
  check_describe (s, "Manual");
}

/* A directory holding de/LC_MESSAGES/orkestron.mo: the build's catalogue, or
 * po/de.po compiled into @tmp when the build has none. NULL (and the test
 * skipped) when neither can be had. */
static char *
german_catalogue (char **tmp)
{
  g_autofree char *built = g_test_build_filename (G_TEST_BUILT, "..", "po", NULL);
  g_autofree char *built_mo = g_build_filename (built, "de", "LC_MESSAGES",
                                                GETTEXT_PACKAGE ".mo", NULL);
  g_autofree char *msgfmt = NULL;
  g_autofree char *po = NULL;
  g_autofree char *mo_dir = NULL;
  g_autofree char *mo = NULL;
  g_autoptr(GError) error = NULL;
  int status = 0;

  *tmp = NULL;
  if (g_file_test (built_mo, G_FILE_TEST_IS_REGULAR))
    return g_steal_pointer (&built);

  msgfmt = g_find_program_in_path ("msgfmt");
  if (msgfmt == NULL)
    {
      g_test_skip ("no compiled German catalogue in the build and no msgfmt to make one");
      return NULL;
    }
  po = g_test_build_filename (G_TEST_DIST, "..", "po", "de.po", NULL);
  *tmp = g_dir_make_tmp ("orkestron-l10n-XXXXXX", &error);
  g_assert_no_error (error);
  mo_dir = g_build_filename (*tmp, "de", "LC_MESSAGES", NULL);
  g_assert_cmpint (g_mkdir_with_parents (mo_dir, 0700), ==, 0);
  mo = g_build_filename (mo_dir, GETTEXT_PACKAGE ".mo", NULL);
  {
    const char *argv[] = { msgfmt, "--output-file", mo, po, NULL };

    g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, NULL, NULL,
                  &status, &error);
  }
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  return g_strdup (*tmp);
}

static void
remove_catalogue (const char *tmp)
{
  g_autofree char *mo_dir = g_build_filename (tmp, "de", "LC_MESSAGES", NULL);
  g_autofree char *mo = g_build_filename (mo_dir, GETTEXT_PACKAGE ".mo", NULL);
  g_autofree char *de = g_build_filename (tmp, "de", NULL);

  g_remove (mo);
  g_rmdir (mo_dir);
  g_rmdir (de);
  g_rmdir (tmp);
}

static void
check_cron_describe (OrkSchedule *s,
                     const char  *expr,
                     const char  *expected)
{
  g_free (s->expr);
  s->expr = g_strdup (expr);
  check_describe (s, expected);
}

/* Messages in @language from now on (LANGUAGE as the user sets it). gettext
 * keeps what it looked up until the locale changes, and setting the same
 * locale again is no change: hence C first. */
static void
use_language (const char *language)
{
  g_setenv ("LANGUAGE", language, TRUE);
  g_assert_nonnull (setlocale (LC_ALL, "C"));
  g_assert_nonnull (setlocale (LC_ALL, "C.UTF-8"));
}

/* A German user reads the schedules in German: every kind, counts in their
 * plural form, lists and day names, the words in German order. */
static void
test_describe_translated (void)
{
  g_autofree char *tmp = NULL;
  g_autofree char *localedir = german_catalogue (&tmp);
  g_autoptr(OrkSchedule) s = NULL;

  if (localedir == NULL)
    return;

  g_assert_nonnull (bindtextdomain (GETTEXT_PACKAGE, localedir));
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  use_language ("de");

  s = ork_schedule_new_interval (15 * 60 * 1000);
  check_describe (s, "Alle 15 Minuten");
  s->every_ms = 60000;
  check_describe (s, "Jede Minute");
  s->every_ms = 2 * 3600 * 1000;
  s->from = ORK_INTERVAL_FROM_COMPLETION;
  check_describe (s, "Alle 2 Stunden nach Ende der vorigen Ausführung");
  g_clear_pointer (&s, ork_schedule_free);

  s = ork_schedule_new (ORK_SCHEDULE_WEEKLY);
  s->days = 0x7f;
  add_time (s, 9, 0);
  add_time (s, 17, 30);
  s->timezone = g_strdup ("Europe/Berlin");
  check_describe (s, "Täglich um 09:00 und 17:30 (Europe/Berlin)");
  g_clear_pointer (&s->timezone, g_free);
  s->days = (1 << 1) | (1 << 3) | (1 << 5);
  add_time (s, 12, 0);
  g_assert_true (ork_schedule_prepare (s, NULL));
  check_describe (s, "Mo, Mi und Fr um 09:00, 12:00 und 17:30");
  s->days = 0x3e;
  check_describe (s, "Wochentags um 09:00, 12:00 und 17:30");
  g_clear_pointer (&s, ork_schedule_free);

  s = ork_schedule_new (ORK_SCHEDULE_CRON);
  check_cron_describe (s, "*/15 9-17 * * 1-5", "Alle 15 Minuten, 09:00–17:45, Montag bis Freitag");
  check_cron_describe (s, "0 9 * * 1,3,5", "Montag, Mittwoch und Freitag um 09:00");
  check_cron_describe (s, "0 9 * * 2-6", "Dienstag bis Samstag um 09:00");
  check_cron_describe (s, "0 10 * * sun", "Sonntags um 10:00");
  check_cron_describe (s, "*/5 * * * sun", "Alle 5 Minuten, sonntags");
  check_cron_describe (s, "0 0 13 * 5", "Am 13. und freitags um 00:00");
  check_cron_describe (s, "0 0 1,15 * *", "Am 1. und 15. jedes Monats um 00:00");
  check_cron_describe (s, "0 0 1 1,7 *", "Am 1. im Januar und Juli um 00:00");
  check_cron_describe (s, "5 */2 * * *", "Alle 2 Stunden zur Minute 05");
  check_cron_describe (s, "0 * * * *", "Stündlich zur Minute 00");
  check_cron_describe (s, "*/5 * * 3 *", "Alle 5 Minuten, im März");
  check_cron_describe (s, "0 0 L * *", "Cron: 0 0 L * *");
  g_clear_pointer (&s, ork_schedule_free);

  s = ork_schedule_new (ORK_SCHEDULE_ONCE);
  s->at = g_date_time_new_from_iso8601 ("2026-12-01T10:00:00+05:30", NULL);
  check_describe (s, "Einmalig am 2026-12-01 10:00 (UTC+05:30)");
  g_clear_pointer (&s, ork_schedule_free);

  s = ork_schedule_new (ORK_SCHEDULE_MANUAL);
  check_describe (s, "Manuell");

  /* And back: the language is read at each description, not once. */
  use_language ("");
  check_describe (s, "Manual");

  if (tmp != NULL)
    remove_catalogue (tmp);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/schedule/interval-epoch-anchor", test_interval_epoch_anchor);
  g_test_add_func ("/core/schedule/interval-no-drift", test_interval_no_drift);
  g_test_add_func ("/core/schedule/interval-anchor", test_interval_anchor);
  g_test_add_func ("/core/schedule/interval-completion", test_interval_completion);
  g_test_add_func ("/core/schedule/interval-too-short", test_interval_too_short);
  g_test_add_func ("/core/schedule/once", test_once);
  g_test_add_func ("/core/schedule/manual", test_manual);
  g_test_add_func ("/core/schedule/weekly-zone", test_weekly_zone);
  g_test_add_func ("/core/schedule/weekly-never", test_weekly_never);
  g_test_add_func ("/core/schedule/cron", test_cron);
  g_test_add_func ("/core/schedule/cron-errors", test_cron_errors);
  g_test_add_func ("/core/schedule/copy-equal", test_copy_equal);
  g_test_add_func ("/core/schedule/describe", test_describe);
  g_test_add_func ("/core/schedule/describe-translated", test_describe_translated);

  return g_test_run ();
}
