/* test-duration.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "ork-duration.h"
#include "ork-types.h"

static void
assert_parses (const char *text,
               gint64      expected)
{
  g_autoptr(GError) error = NULL;
  gint64 ms = -42;

  g_assert_true (ork_duration_parse (text, &ms, &error));
  g_assert_no_error (error);
  g_assert_cmpint (ms, ==, expected);
}

static void
assert_rejected (const char *text,
                 int         code,
                 const char *message)
{
  g_autoptr(GError) error = NULL;
  gint64 ms = -42;

  g_assert_false (ork_duration_parse (text, &ms, &error));
  g_assert_error (error, ORK_DURATION_ERROR, code);
  g_assert_cmpstr (error->message, ==, message);
  g_assert_cmpint (ms, ==, -42);
}

static void
test_parse_units (void)
{
  assert_parses ("250ms", 250);
  assert_parses ("3s", 3000);
  assert_parses ("5m", 300000);
  assert_parses ("2h", 7200000);
  assert_parses ("1d", 86400000);
  assert_parses ("0ms", 0);
  assert_parses ("0d", 0);
  assert_parses ("1500ms", 1500);
  assert_parses ("90s", 90000);
  assert_parses ("007s", 7000);
}

static void
test_parse_limits (void)
{
  /* At most 100 years of 365 days, 36500d = 3153600000000 ms, in any unit:
   * the engine adds durations in microseconds to times without overflow. */
  assert_parses ("36500d", G_GINT64_CONSTANT (3153600000000));
  assert_parses ("876000h", G_GINT64_CONSTANT (3153600000000));
  assert_parses ("52560000m", G_GINT64_CONSTANT (3153600000000));
  assert_parses ("3153600000s", G_GINT64_CONSTANT (3153600000000));
  assert_parses ("3153600000000ms", G_GINT64_CONSTANT (3153600000000));
  assert_rejected ("36501d", ORK_DURATION_ERROR_OVERFLOW,
                   "duration \"36501d\" is too long (at most 36500d)");
  assert_rejected ("876001h", ORK_DURATION_ERROR_OVERFLOW,
                   "duration \"876001h\" is too long (at most 36500d)");
  assert_rejected ("3153600000001ms", ORK_DURATION_ERROR_OVERFLOW,
                   "duration \"3153600000001ms\" is too long (at most 36500d)");
  assert_rejected ("99999999999d", ORK_DURATION_ERROR_OVERFLOW,
                   "duration \"99999999999d\" is too long (at most 36500d)");
  assert_rejected ("106751991168d", ORK_DURATION_ERROR_OVERFLOW,
                   "duration \"106751991168d\" is too long (at most 36500d)");
  assert_rejected ("9223372036854775807ms", ORK_DURATION_ERROR_OVERFLOW,
                   "duration \"9223372036854775807ms\" is too long (at most 36500d)");
  assert_rejected ("9223372036854775808ms", ORK_DURATION_ERROR_OVERFLOW,
                   "duration \"9223372036854775808ms\" is too long (at most 36500d)");
  assert_rejected ("99999999999999999999999999s", ORK_DURATION_ERROR_OVERFLOW,
                   "duration \"99999999999999999999999999s\" is too long (at most 36500d)");
  /* Malformed wins over too large. */
  assert_rejected ("99999999999999999999999999x", ORK_DURATION_ERROR_INVALID,
                   "expected a duration like \"5m\", got \"99999999999999999999999999x\"");
}

static void
test_parse_rejects (void)
{
  static const char *bad[] = {
    "fast", "", "5", "ms", "-5m", "+5m", "5.5s", ".5s", "5 m", " 5m", "5m ",
    "5M", "5S", "5min", "5mss", "1h30m", "5sec", "1e3ms", "0x10s", "5µs",
  };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autofree char *expected =
        g_strdup_printf ("expected a duration like \"5m\", got \"%s\"", bad[i]);
      assert_rejected (bad[i], ORK_DURATION_ERROR_INVALID, expected);
    }
}

static void
test_parse_message_quoting (void)
{
  /* Quotes, backslashes and control characters are escaped. */
  assert_rejected ("a\"b\\c", ORK_DURATION_ERROR_INVALID,
                   "expected a duration like \"5m\", got \"a\\\"b\\\\c\"");
  assert_rejected ("5m\n", ORK_DURATION_ERROR_INVALID,
                   "expected a duration like \"5m\", got \"5m\\n\"");
  assert_rejected ("\t1\x01", ORK_DURATION_ERROR_INVALID,
                   "expected a duration like \"5m\", got \"\\t1\\u0001\"");
  /* Invalid UTF-8 bytes are shown in hex; valid characters as they are. */
  assert_rejected ("\xff" "5s", ORK_DURATION_ERROR_INVALID,
                   "expected a duration like \"5m\", got \"\\xFF5s\"");
  assert_rejected ("fünf", ORK_DURATION_ERROR_INVALID,
                   "expected a duration like \"5m\", got \"fünf\"");
  /* Long input is cut after 40 characters, never inside a character. */
  assert_rejected ("ééééééééééééééééééééééééééééééééééééééééééééééééé", ORK_DURATION_ERROR_INVALID,
                   "expected a duration like \"5m\", got \"éééééééééééééééééééééééééééééééééééééééé...\"");
  assert_rejected ("0123456789012345678901234567890123456789", ORK_DURATION_ERROR_INVALID,
                   "expected a duration like \"5m\", got \"0123456789012345678901234567890123456789\"");
}

static void
test_parse_null_out (void)
{
  g_assert_true (ork_duration_parse ("5m", NULL, NULL));
  g_assert_false (ork_duration_parse ("fast", NULL, NULL));
}

static void
assert_format (gint64      ms,
               const char *expected)
{
  g_autofree char *text = ork_duration_format (ms);

  g_assert_cmpstr (text, ==, expected);
}

static void
test_format (void)
{
  assert_format (0, "0ms");
  assert_format (1, "1ms");
  assert_format (999, "999ms");
  assert_format (1000, "1s");
  assert_format (1500, "1500ms");
  assert_format (59000, "59s");
  assert_format (60000, "1m");
  assert_format (90000, "90s");
  assert_format (300000, "5m");
  assert_format (3600000, "1h");
  assert_format (5400000, "90m");
  assert_format (86400000, "1d");
  assert_format (90000000, "25h");
  assert_format (G_MAXINT64, "9223372036854775807ms");
  assert_format (ORK_DURATION_NONE, "none");
}

static void
test_round_trip (void)
{
  static const gint64 values[] = {
    0, 1, 7, 250, 999, 1000, 1001, 1500, 60000, 61000, 3600000, 3601000,
    86400000, 86400001, 172800000, G_GINT64_CONSTANT (3153600000000),
    G_GINT64_CONSTANT (3153600000000) - 1,
  };
  static const char *texts[] = { "250ms", "3s", "5m", "2h", "1d", "0ms", "60s", "1000ms" };

  for (guint i = 0; i < G_N_ELEMENTS (values); i++)
    {
      g_autofree char *text = ork_duration_format (values[i]);
      gint64 back = -1;

      g_assert_true (ork_duration_parse (text, &back, NULL));
      g_assert_cmpint (back, ==, values[i]);
    }

  /* Parsing then formatting gives the shortest form of the same value. */
  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    {
      gint64 ms = -1, again = -1;
      g_autofree char *text = NULL;

      g_assert_true (ork_duration_parse (texts[i], &ms, NULL));
      text = ork_duration_format (ms);
      g_assert_cmpuint (strlen (text), <=, strlen (texts[i]));
      g_assert_true (ork_duration_parse (text, &again, NULL));
      g_assert_cmpint (again, ==, ms);
    }
}

static void
assert_describe (gint64      ms,
                 const char *expected)
{
  g_autofree char *text = ork_duration_describe (ms);

  g_assert_cmpstr (text, ==, expected);
}

static void
test_describe (void)
{
  assert_describe (0, "0 ms");
  assert_describe (250, "250 ms");
  assert_describe (999, "999 ms");
  assert_describe (1000, "1 s");
  assert_describe (1500, "1.5 s");
  assert_describe (1250, "1.25 s");
  assert_describe (1001, "1.001 s");
  assert_describe (59999, "59.999 s");
  assert_describe (60000, "1 min");
  assert_describe (60500, "1 min 0.5 s");
  assert_describe (90000, "1 min 30 s");
  assert_describe (300000, "5 min");
  assert_describe (3600000, "1 h");
  assert_describe (9000000, "2 h 30 min");
  assert_describe (86400000, "1 d");
  assert_describe (93600000, "1 d 2 h");
  assert_describe (86460000, "1 d 1 min");
  assert_describe (90061001, "1 d 1 h 1 min 1.001 s");
  assert_describe (ORK_DURATION_NONE, "none");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/duration/parse-units", test_parse_units);
  g_test_add_func ("/core/duration/parse-limits", test_parse_limits);
  g_test_add_func ("/core/duration/parse-rejects", test_parse_rejects);
  g_test_add_func ("/core/duration/parse-message-quoting", test_parse_message_quoting);
  g_test_add_func ("/core/duration/parse-null-out", test_parse_null_out);
  g_test_add_func ("/core/duration/format", test_format);
  g_test_add_func ("/core/duration/round-trip", test_round_trip);
  g_test_add_func ("/core/duration/describe", test_describe);

  return g_test_run ();
}
