/* test-bad-input.c — hostile workspace files made in the test
 *
 * The committed bad-input corpus is tests/fixtures/invalid/ (checked one by
 * one in test-workspace.c); what is too big to commit is made here: 10 MB
 * strings in every kind of place, and nesting 100,000 levels deep. Each is
 * refused (or, for a long name, accepted) with the exact message, and a
 * message stays short whatever the size of the value it quotes.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib.h>

#include "ork-cron.h"
#include "ork-diagnostic.h"
#include "ork-workspace.h"

#define BIG (10 * 1024 * 1024)

static char *
big_string (char c)
{
  char *s = g_malloc (BIG + 1);

  memset (s, c, BIG);
  s[BIG] = '\0';
  return s;
}

/* The workspace text with one job line: printf-style @job_format with the
 * big string as its only %s. */
static char *
workspace_with (const char *job_format,
                const char *big)
{
  g_autofree char *job = g_strdup_printf (job_format, big);

  return g_strconcat ("{\n  \"version\": 1,\n  \"jobs\": [\n    ", job, "\n  ]\n}\n", NULL);
}

static void
assert_refused (const char *text,
                const char *expected)
{
  g_autoptr(GPtrArray) diags = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(OrkWorkspace) ws = NULL;

  ws = ork_workspace_load_from_data (text, -1, "big.json", &diags, &error);
  g_assert_null (ws);
  g_assert_error (error, ORK_WORKSPACE_ERROR, ORK_WORKSPACE_ERROR_INVALID);
  g_assert_cmpstr (error->message, ==, expected);
  g_assert_cmpuint (diags->len, ==, 1);
}

static char *
x80 (void)
{
  return g_strnfill (80, 'x');
}

static void
test_big_id (void)
{
  g_autofree char *big = big_string ('x');
  g_autofree char *text = workspace_with ("{\"id\": \"%s\", \"type\": \"sync\", \"interval\": \"5m\"}", big);
  g_autofree char *head = x80 ();
  g_autofree char *expected =
    g_strdup_printf ("big.json:4:12: error: jobs[0].id: invalid id \"%s...\": use 1 to 64 "
                     "characters a-z, 0-9, '_', '.' or '-', starting with a letter or digit", head);

  assert_refused (text, expected);
}

static void
test_big_unknown_key (void)
{
  g_autofree char *big = big_string ('k');
  g_autofree char *text =
    workspace_with ("{\"id\": \"a\", \"type\": \"sync\", \"interval\": \"5m\", \"%s\": 1}", big);
  g_autofree char *key80 = g_strnfill (80, 'k');
  /* "jobs[0]." and 248 bytes of the key make the 256 bytes kept of the path. */
  g_autofree char *key248 = g_strnfill (248, 'k');
  g_autofree char *expected =
    g_strdup_printf ("big.json:4:51: error: jobs[0].%s...: unknown key \"%s...\"", key248, key80);

  assert_refused (text, expected);
}

static void
test_big_time_zone (void)
{
  g_autofree char *big = big_string ('z');
  g_autofree char *zone80 = g_strnfill (80, 'z');
  g_autofree char *text =
    workspace_with ("{\"id\": \"a\", \"type\": \"sync\", \"schedule\": {\"kind\": \"cron\", "
                    "\"expr\": \"0 9 * * *\", \"timezone\": \"%s\"}}", big);
  g_autofree char *expected =
    g_strdup_printf ("big.json:4:95: error: jobs[0].schedule.timezone: unknown time zone \"%s...\" "
                     "(use a tz database name such as Europe/Berlin, UTC, or an offset like +05:00)",
                     zone80);

  assert_refused (text, expected);
}

static void
test_big_enum_and_group (void)
{
  g_autofree char *big = big_string ('q');
  g_autofree char *q80 = g_strnfill (80, 'q');
  g_autofree char *type_text = workspace_with ("{\"id\": \"a\", \"type\": \"%s\", \"interval\": \"5m\"}", big);
  g_autofree char *group_text =
    workspace_with ("{\"id\": \"a\", \"type\": \"sync\", \"interval\": \"5m\", "
                    "\"concurrency\": {\"group\": \"%s\"}}", big);
  g_autofree char *time_text =
    workspace_with ("{\"id\": \"a\", \"type\": \"sync\", \"schedule\": {\"kind\": \"once\", "
                    "\"at\": \"%s\"}}", big);
  g_autofree char *type_expected =
    g_strdup_printf ("big.json:4:25: error: jobs[0].type: expected one of sync, cleanup, batch, "
                     "metrics, command, got \"%s...\"", q80);
  g_autofree char *group_expected =
    g_strdup_printf ("big.json:4:76: error: jobs[0].concurrency.group: unknown group \"%s...\"; "
                     "define it in settings.groups", q80);
  g_autofree char *time_expected =
    g_strdup_printf ("big.json:4:68: error: jobs[0].schedule.at: expected an ISO-8601 time with an "
                     "offset like \"2026-12-01T10:00:00+01:00\", got \"%s...\"", q80);

  assert_refused (type_text, type_expected);
  assert_refused (group_text, group_expected);
  assert_refused (time_text, time_expected);
}

/* A 10 MB name is not wrong: it loads, saves and loads again. */
static void
test_big_name (void)
{
  g_autofree char *big = big_string ('n');
  g_autofree char *text =
    workspace_with ("{\"id\": \"a\", \"name\": \"%s\", \"type\": \"sync\", \"interval\": \"5m\"}", big);
  g_autoptr(GError) error = NULL;
  g_autoptr(OrkWorkspace) ws = NULL;
  g_autoptr(OrkWorkspace) again = NULL;
  g_autofree char *saved = NULL;
  gsize len;

  ws = ork_workspace_load_from_data (text, -1, "big.json", NULL, &error);
  g_assert_no_error (error);
  saved = ork_workspace_to_data (ws, &len);
  g_assert_nonnull (strstr (saved, big));
  again = ork_workspace_load_from_data (saved, len, "saved.json", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (ork_workspace_get_jobs (again)), ==, 1);
}

/* A 10 MB cron token: the message quotes its first 40 characters. */
static void
test_big_cron_token (void)
{
  g_autofree char *big = big_string ('x');
  g_autofree char *month = g_strconcat ("0 0 1 ", big, " *", NULL);
  g_autofree char *macro = g_strconcat ("@", big, NULL);
  g_autofree char *x40 = g_strnfill (40, 'x');
  g_autofree char *x39 = g_strnfill (39, 'x');
  g_autofree char *month_expected = g_strdup_printf ("unknown month name \"%s...\"", x40);
  g_autofree char *macro_expected =
    g_strdup_printf ("unknown macro \"@%s...\" (expected @yearly, @annually, @monthly, "
                     "@weekly, @daily, @midnight or @hourly)", x39);
  g_autoptr(GError) error = NULL;
  guint column = 0;

  g_assert_null (ork_cron_parse (month, &column, &error));
  g_assert_error (error, ORK_CRON_ERROR, ORK_CRON_ERROR_SYNTAX);
  g_assert_cmpstr (error->message, ==, month_expected);
  g_assert_cmpuint (column, ==, 7);
  g_clear_error (&error);

  g_assert_null (ork_cron_parse (macro, &column, &error));
  g_assert_error (error, ORK_CRON_ERROR, ORK_CRON_ERROR_SYNTAX);
  g_assert_cmpstr (error->message, ==, macro_expected);
  g_clear_error (&error);

  /* Short tokens are quoted whole, as before. */
  g_assert_null (ork_cron_parse ("0 0 1 JAX *", &column, &error));
  g_assert_cmpstr (error->message, ==, "unknown month name \"JAX\"");
}

/* Found by fuzz-workspace: a time before the year 1000 was saved with a
 * three-digit year ("684-01-01T03:00:00+01:00"), which the loader refuses,
 * so a file that loaded could be saved into one that did not. */
static void
test_early_year_round_trip (void)
{
  const char *text =
    "{\"version\": 1, \"jobs\": [\n"
    "  {\"id\": \"a\", \"type\": \"sync\", \"schedule\": {\"kind\": \"interval\", "
    "\"every\": \"1h\", \"anchor\": \"0684-01-01T03:00:00+01:00\"}},\n"
    "  {\"id\": \"b\", \"type\": \"sync\", \"schedule\": {\"kind\": \"once\", "
    "\"at\": \"0001-01-01T00:00:00.5Z\"}}\n"
    "]}\n";
  g_autoptr(GError) error = NULL;
  g_autoptr(OrkWorkspace) ws = NULL;
  g_autoptr(OrkWorkspace) again = NULL;
  g_autofree char *saved = NULL;
  g_autofree char *saved_again = NULL;
  gsize len, len_again;

  ws = ork_workspace_load_from_data (text, -1, "early.json", NULL, &error);
  g_assert_no_error (error);
  saved = ork_workspace_to_data (ws, &len);
  g_assert_nonnull (strstr (saved, "\"anchor\": \"0684-01-01T03:00:00+01:00\""));
  g_assert_nonnull (strstr (saved, "\"at\": \"0001-01-01T00:00:00.500Z\""));
  again = ork_workspace_load_from_data (saved, len, "saved.json", NULL, &error);
  g_assert_no_error (error);
  saved_again = ork_workspace_to_data (again, &len_again);
  g_assert_cmpstr (saved_again, ==, saved);
}

/* 100,000 levels of objects (the committed fixture nests arrays). */
static void
test_deep_objects (void)
{
  GString *text = g_string_new (NULL);
  g_autofree char *path = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *data = NULL;
  GString *p = g_string_new ("a");

  for (guint i = 0; i < 100000; i++)
    g_string_append (text, "{\"a\": ");
  g_string_append (text, "1");
  for (guint i = 0; i < 100000; i++)
    g_string_append_c (text, '}');
  data = g_string_free (text, FALSE);

  for (guint i = 1; i < 64; i++)
    g_string_append (p, ".a");
  path = g_string_free (p, FALSE);
  /* The 65th object opens at character 6 * 64 + 1. */
  expected = g_strdup_printf ("big.json:1:385: error: %s: nesting deeper than 64 levels", path);
  assert_refused (data, expected);
}

/* The committed corpus: at least 40 files, each with its expected message. */
static void
test_corpus_size (void)
{
  g_autofree char *dir = g_test_build_filename (G_TEST_DIST, "fixtures", "invalid", NULL);
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;
  guint n = 0;

  g_assert_nonnull (d);
  while ((name = g_dir_read_name (d)) != NULL)
    if (g_str_has_suffix (name, ".json"))
      {
        g_autofree char *stem = g_strndup (name, strlen (name) - 5);
        g_autofree char *expected = g_strconcat (dir, G_DIR_SEPARATOR_S, stem, ".expected", NULL);

        g_assert_true (g_file_test (expected, G_FILE_TEST_IS_REGULAR));
        n++;
      }
  g_assert_cmpuint (n, >=, 40);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/bad-input/big-id", test_big_id);
  g_test_add_func ("/core/bad-input/big-unknown-key", test_big_unknown_key);
  g_test_add_func ("/core/bad-input/big-time-zone", test_big_time_zone);
  g_test_add_func ("/core/bad-input/big-enum-group-time", test_big_enum_and_group);
  g_test_add_func ("/core/bad-input/big-name", test_big_name);
  g_test_add_func ("/core/bad-input/big-cron-token", test_big_cron_token);
  g_test_add_func ("/core/bad-input/early-year-round-trip", test_early_year_round_trip);
  g_test_add_func ("/core/bad-input/deep-objects", test_deep_objects);
  g_test_add_func ("/core/bad-input/corpus-size", test_corpus_size);

  return g_test_run ();
}
