/* test-json-scan.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "ork-json-scan.h"

static GPtrArray *
new_diagnostics (void)
{
  return g_ptr_array_new_with_free_func ((GDestroyNotify) ork_diagnostic_free);
}

static OrkJsonScan *
scan_ok (const char *text)
{
  g_autoptr(GPtrArray) diagnostics = new_diagnostics ();
  OrkJsonScan *scan = ork_json_scan_new (text, strlen (text), diagnostics);

  if (diagnostics->len > 0)
    g_test_message ("unexpected: %s", ((OrkDiagnostic *) diagnostics->pdata[0])->message);
  g_assert_nonnull (scan);
  g_assert_cmpuint (diagnostics->len, ==, 0);
  return scan;
}

/* Scans @len bytes of @text, expecting exactly one diagnostic. */
static void
assert_error_len (const char *text,
                  gsize       len,
                  guint       line,
                  guint       column,
                  const char *path,
                  const char *message)
{
  g_autoptr(GPtrArray) diagnostics = new_diagnostics ();
  g_autoptr(OrkJsonScan) scan = ork_json_scan_new (text, len, diagnostics);
  OrkDiagnostic *d;

  {
    /* Escaped: TAP output must stay valid UTF-8 whatever the input. */
    g_autofree char *shown = g_strndup (text ? text : "", MIN (len, 200));
    g_autofree char *escaped = g_strescape (shown, NULL);

    g_test_message ("%s", escaped);
  }
  g_assert_null (scan);
  g_assert_cmpuint (diagnostics->len, ==, 1);
  d = diagnostics->pdata[0];
  g_assert_cmpstr (d->message, ==, message);
  g_assert_cmpuint (d->line, ==, line);
  g_assert_cmpuint (d->column, ==, column);
  g_assert_cmpstr (d->path, ==, path);
}

static void
assert_error (const char *text,
              guint       line,
              guint       column,
              const char *path,
              const char *message)
{
  assert_error_len (text, strlen (text), line, column, path, message);
}

static void
assert_value_pos (OrkJsonScan *scan,
                  const char  *path,
                  guint        line,
                  guint        column)
{
  OrkJsonPos pos = { 0, 0 };

  if (!ork_json_scan_value_pos (scan, path, &pos))
    g_error ("no value at path '%s'", path);
  g_assert_cmpuint (pos.line, ==, line);
  g_assert_cmpuint (pos.column, ==, column);
}

static void
assert_key_pos (OrkJsonScan *scan,
                const char  *path,
                guint        line,
                guint        column)
{
  OrkJsonPos pos = { 0, 0 };

  if (!ork_json_scan_key_pos (scan, path, &pos))
    g_error ("no key at path '%s'", path);
  g_assert_cmpuint (pos.line, ==, line);
  g_assert_cmpuint (pos.column, ==, column);
}

static void
test_accepts (void)
{
  static const char *good[] = {
    "{}", "[]", "0", "-0", "1.5", "-1.5e10", "1E+2", "1e-2", "0.0", "123456789012345678901234567890",
    "1e-400", "1.7976931348623157e308", "\"\"", "\"a\\\"\\\\\\/\\b\\f\\n\\r\\t\\u00e9\"",
    "\"\\ud83d\\ude00\"", "\"\\u0001\"", "\"héllo ✓ 😀\"", "true", "false", "null",
    " \t\r\n{ \"a\" : [ 1 , { } , [ ] ] }\r\n ", "[[[[[[[[[[]]]]]]]]]]",
    "\xEF\xBB\xBF{\"bom\": true}", "\"\x7f\"",
  };

  for (guint i = 0; i < G_N_ELEMENTS (good); i++)
    {
      g_autoptr(OrkJsonScan) scan = NULL;

      g_test_message ("%s", good[i]);
      scan = scan_ok (good[i]);
    }
}

static void
test_empty (void)
{
  assert_error ("", 1, 1, "", "the file is empty");
  assert_error (" \n\t\r\n  ", 1, 1, "", "the file is empty");
  assert_error_len (NULL, 0, 1, 1, "", "the file is empty");
}

static void
test_comments (void)
{
  assert_error ("// hello\n{}", 1, 1, "", "comments are not allowed in JSON");
  assert_error ("{\n  \"a\": 1, /* no */\n  \"b\": 2\n}", 2, 11, "",
                "comments are not allowed in JSON");
  assert_error ("{\"a\": 1 // why\n}", 1, 9, "", "comments are not allowed in JSON");
  assert_error ("[1]\n// trailing", 2, 1, "", "comments are not allowed in JSON");
  assert_error ("{\"a\": /* x */ 1}", 1, 7, "a", "comments are not allowed in JSON");
}

static void
test_trailing_commas (void)
{
  assert_error ("[1, 2,]", 1, 6, "", "trailing commas are not allowed in JSON");
  assert_error ("{\"jobs\": [{\"id\": 1,\n}]}", 1, 19, "jobs[0]",
                "trailing commas are not allowed in JSON");
  assert_error ("[1,\n\n  ]", 1, 3, "", "trailing commas are not allowed in JSON");
  assert_error ("[,1]", 1, 2, "[0]", "expected a value");
  assert_error ("{,}", 1, 2, "", "expected a key in double quotes or '}'");
  assert_error ("[1,,2]", 1, 4, "[1]", "expected a value");
}

static void
test_strings_and_keys (void)
{
  assert_error ("['a']", 1, 2, "[0]", "strings must be in double quotes, not single quotes");
  assert_error ("{'a': 1}", 1, 2, "", "keys must be in double quotes, not single quotes");
  assert_error ("{a: 1}", 1, 2, "", "keys must be in double quotes");
  assert_error ("{\"a\": 1, b: 2}", 1, 10, "", "keys must be in double quotes");
  assert_error ("{\"a\" 1}", 1, 6, "", "expected ':' after an object key");
  assert_error ("{\"a\": 1 \"b\": 2}", 1, 9, "", "expected ',' or '}' after an object member");
  assert_error ("[1 2]", 1, 4, "", "expected ',' or ']' after an array element");
  assert_error ("{\"a\": 1]", 1, 8, "", "expected ',' or '}' after an object member");
  assert_error ("[1}", 1, 3, "", "expected ',' or ']' after an array element");
  assert_error ("{1: 2}", 1, 2, "", "keys must be in double quotes");
  assert_error ("{\"a\": {\"b\": [true, \"x]}}", 1, 20, "a.b[1]", "unterminated string");
  assert_error ("{\"abc", 1, 2, "", "unterminated string");
  assert_error ("[\"abc\\", 1, 2, "[0]", "unterminated string");
  assert_error ("[\"ab\nc\"]", 1, 2, "[0]",
                "unterminated string: a line break before the closing quote");
  assert_error ("[\"a\tb\"]", 1, 4, "[0]", "control character U+0009 in a string must be escaped");
  assert_error ("[\"a\x01\"]", 1, 4, "[0]", "control character U+0001 in a string must be escaped");
  assert_error ("[\"a\\qb\"]", 1, 4, "[0]", "invalid escape \\q in a string");
  assert_error ("[\"a\\x41\"]", 1, 4, "[0]", "invalid escape \\x in a string");
  assert_error ("[\"\\u12\"]", 1, 3, "[0]", "expected four hex digits after \\u");
  assert_error ("[\"\\u12G4\"]", 1, 3, "[0]", "expected four hex digits after \\u");
  assert_error ("[\"x\\ud800\"]", 1, 4, "[0]", "invalid \\u escape: unpaired surrogate \\uD800");
  assert_error ("[\"\\ud800\\u0041\"]", 1, 3, "[0]",
                "invalid \\u escape: unpaired surrogate \\uD800");
  assert_error ("[\"\\udc00\"]", 1, 3, "[0]", "invalid \\u escape: unpaired surrogate \\uDC00");
  assert_error ("[\"\\ud800\\n\"]", 1, 3, "[0]", "invalid \\u escape: unpaired surrogate \\uD800");
  /* json-glib would cut a string short at a NUL: refused in values and keys. */
  assert_error ("[\"ab\\u0000c\"]", 1, 5, "[0]",
                "\\u0000 is not allowed in a string: expected text without NUL characters");
  assert_error ("{\"a\": {\"k\\u0000\": 1}}", 1, 10, "a",
                "\\u0000 is not allowed in a string: expected text without NUL characters");
}

static void
test_values (void)
{
  assert_error ("{\"a\": }", 1, 7, "a", "expected a value");
  assert_error ("{\"a\": yes}", 1, 7, "a", "expected a value, got \"yes\"");
  assert_error ("[True]", 1, 2, "[0]", "expected a value, got \"True\"");
  assert_error ("[nul]", 1, 2, "[0]", "expected a value, got \"nul\"");
  assert_error ("[truex]", 1, 2, "[0]", "expected a value, got \"truex\"");
  assert_error ("[undefined]", 1, 2, "[0]", "expected a value, got \"undefined\"");
  assert_error ("[NaN]", 1, 2, "[0]", "NaN and Infinity are not JSON numbers");
  assert_error ("[Infinity]", 1, 2, "[0]", "NaN and Infinity are not JSON numbers");
  assert_error ("[-Infinity]", 1, 2, "[0]", "NaN and Infinity are not JSON numbers");
  assert_error ("[1, -NaN]", 1, 5, "[1]", "NaN and Infinity are not JSON numbers");
  assert_error ("]", 1, 1, "", "expected a value");
}

static void
test_numbers (void)
{
  assert_error ("{\"n\": 0x1F}", 1, 7, "n", "hexadecimal numbers are not allowed in JSON");
  assert_error ("[01]", 1, 2, "[0]", "numbers must not have leading zeros");
  assert_error ("[-007]", 1, 2, "[0]", "numbers must not have leading zeros");
  assert_error ("[+1]", 1, 2, "[0]", "numbers must not start with '+'");
  assert_error ("[.5]", 1, 2, "[0]", "expected a digit before the decimal point");
  assert_error ("[1.]", 1, 2, "[0]", "expected a digit after the decimal point");
  assert_error ("[1.e5]", 1, 2, "[0]", "expected a digit after the decimal point");
  assert_error ("[1e]", 1, 2, "[0]", "expected a digit in the exponent");
  assert_error ("[1e+]", 1, 2, "[0]", "expected a digit in the exponent");
  assert_error ("[-]", 1, 2, "[0]", "expected a digit after '-'");
  assert_error ("[- 1]", 1, 2, "[0]", "expected a digit after '-'");
  assert_error ("{\"big\": 1e309}", 1, 9, "big", "number out of range");
  assert_error ("[-1.5e400]", 1, 2, "[0]", "number out of range");
  assert_error ("[1.0e+99999999999999999999]", 1, 2, "[0]", "number out of range");
  /* 309 digits: past the largest double without any exponent. */
  {
    g_autofree char *digits = g_strnfill (309, '9');
    g_autofree char *text = g_strdup_printf ("[%s]", digits);

    assert_error (text, 1, 2, "[0]", "number out of range");
  }
  assert_error ("[1.5x]", 1, 5, "", "expected ',' or ']' after an array element");
}

static void
test_trailing_garbage (void)
{
  assert_error ("{} {}", 1, 4, "", "expected the end of input after the top-level value");
  assert_error ("[1]\n\n]", 3, 1, "", "expected the end of input after the top-level value");
  assert_error ("1 2", 1, 3, "", "expected the end of input after the top-level value");
  assert_error_len ("{}\0", 3, 1, 3, "", "expected the end of input after the top-level value");
}

static void
test_end_of_input (void)
{
  assert_error ("{", 1, 2, "", "unexpected end of input: expected a key in double quotes or '}'");
  assert_error ("{\"a\"", 1, 5, "", "unexpected end of input: expected ':' after an object key");
  assert_error ("{\"a\":", 1, 6, "a", "unexpected end of input: expected a value");
  assert_error ("{\"a\": 1", 1, 8, "",
                "unexpected end of input: expected ',' or '}' after an object member");
  assert_error ("{\"a\": 1,", 1, 9, "", "unexpected end of input: expected a key in double quotes");
  assert_error ("[1,\n  2", 2, 4, "", "unexpected end of input: expected ',' or ']' after an array element");
  assert_error ("[", 1, 2, "[0]", "unexpected end of input: expected a value");
  assert_error ("{\"a\": tr", 1, 7, "a", "expected a value, got \"tr\"");
}

static void
test_utf8 (void)
{
  /* In a string, in a key, and outside of strings. */
  assert_error ("[\"ab\xff\"]", 1, 5, "[0]", "invalid UTF-8");
  assert_error ("{\"é\": \"ü\xc3\"}", 1, 9, "é", "invalid UTF-8");
  assert_error ("{\"k\xe2\x82\": 1}", 1, 4, "", "invalid UTF-8");
  assert_error ("[1, \xff]", 1, 5, "[1]", "invalid UTF-8");
  assert_error ("[1 \xff]", 1, 4, "", "invalid UTF-8");
  assert_error ("{\xc0\x80: 1}", 1, 2, "", "invalid UTF-8");
  /* Overlong forms, UTF-16 surrogates, past U+10FFFF, truncated. */
  assert_error ("[\"\xc0\xaf\"]", 1, 3, "[0]", "invalid UTF-8");
  assert_error ("[\"\xe0\x80\xaf\"]", 1, 3, "[0]", "invalid UTF-8");
  assert_error ("[\"\xed\xa0\x80\"]", 1, 3, "[0]", "invalid UTF-8");
  assert_error ("[\"\xf4\x90\x80\x80\"]", 1, 3, "[0]", "invalid UTF-8");
  assert_error ("[\"\xf0\x9f\x98\"]", 1, 3, "[0]", "invalid UTF-8");
  assert_error ("[\"\xf5\x80\x80\x80\"]", 1, 3, "[0]", "invalid UTF-8");
  assert_error_len ("[\"\xf0\x9f", 4, 1, 3, "[0]", "invalid UTF-8");
  /* A byte order mark anywhere but at the start is just an unexpected character. */
  assert_error ("[1, \xEF\xBB\xBF 2]", 1, 5, "[1]", "expected a value");
}

static void
test_columns_count_characters (void)
{
  /* "é" is 2 bytes, "✓" 3, "😀" 4: each one column. */
  assert_error ("{\"é✓😀\": [1, 2,]}", 1, 14, "é✓😀", "trailing commas are not allowed in JSON");
  assert_error ("[\"ééé\", \"😀😀\", 01]", 1, 15, "[2]", "numbers must not have leading zeros");
  assert_error ("\xEF\xBB\xBF[01]", 1, 2, "[0]", "numbers must not have leading zeros");

  {
    g_autoptr(OrkJsonScan) scan = scan_ok ("{\"ü\": \"ñññ\", \"x\": [\"😀\", true]}");

    assert_key_pos (scan, "ü", 1, 2);
    assert_value_pos (scan, "ü", 1, 7);
    assert_key_pos (scan, "x", 1, 14);
    assert_value_pos (scan, "x", 1, 19);
    assert_value_pos (scan, "x[0]", 1, 20);
    assert_value_pos (scan, "x[1]", 1, 25);
  }
}

static void
test_line_ends (void)
{
  g_autoptr(OrkJsonScan) scan = scan_ok ("{\r\n  \"a\": 1,\r\n  \"b\":\r\t2,\n\n\"c\": 3}");

  assert_key_pos (scan, "a", 2, 3);
  assert_value_pos (scan, "a", 2, 8);
  assert_key_pos (scan, "b", 3, 3);
  assert_value_pos (scan, "b", 4, 2);
  assert_key_pos (scan, "c", 6, 1);
  assert_value_pos (scan, "c", 6, 6);

  assert_error ("[\r\n1,\r\n\r\n01]", 4, 1, "[1]", "numbers must not have leading zeros");
}

static const char workspace[] =
  "{\n"
  "  \"version\": 1,\n"
  "  \"settings\": { \"workers\": 4, \"groups\": { \"network\": 2 } },\n"
  "  \"jobs\": [\n"
  "    { \"id\": \"a\" },\n"
  "    { \"id\": \"b\", \"tags\": [] },\n"
  "    {\n"
  "      \"id\": \"c\",\n"
  "      \"retry\": { \"max_retries\": 3, \"max_delay\": \"fast\" },\n"
  "      \"command\": { \"argv\": [\"rsync\", \"-a\"], \"env\": {} }\n"
  "    }\n"
  "  ]\n"
  "}\n";

static void
test_positions (void)
{
  g_autoptr(OrkJsonScan) scan = scan_ok (workspace);
  OrkJsonPos pos = { 7, 7 };

  assert_value_pos (scan, "", 1, 1);
  g_assert_false (ork_json_scan_key_pos (scan, "", &pos));
  assert_key_pos (scan, "version", 2, 3);
  assert_value_pos (scan, "version", 2, 14);
  assert_value_pos (scan, "settings", 3, 15);
  assert_value_pos (scan, "settings.workers", 3, 28);
  assert_key_pos (scan, "settings.groups", 3, 31);
  assert_value_pos (scan, "settings.groups", 3, 41);
  assert_key_pos (scan, "settings.groups.network", 3, 43);
  assert_value_pos (scan, "settings.groups.network", 3, 54);
  assert_value_pos (scan, "jobs", 4, 11);
  assert_value_pos (scan, "jobs[0]", 5, 5);
  assert_value_pos (scan, "jobs[0].id", 5, 13);
  assert_value_pos (scan, "jobs[1].tags", 6, 26);
  assert_value_pos (scan, "jobs[2]", 7, 5);
  assert_key_pos (scan, "jobs[2].id", 8, 7);
  assert_value_pos (scan, "jobs[2].retry", 9, 16);
  assert_value_pos (scan, "jobs[2].retry.max_retries", 9, 33);
  assert_key_pos (scan, "jobs[2].retry.max_delay", 9, 36);
  assert_value_pos (scan, "jobs[2].retry.max_delay", 9, 49);
  assert_value_pos (scan, "jobs[2].command.argv[1]", 10, 38);
  assert_value_pos (scan, "jobs[2].command.env", 10, 52);

  /* Array elements have no key. */
  g_assert_false (ork_json_scan_key_pos (scan, "jobs[2]", &pos));
  g_assert_cmpuint (pos.line, ==, 7);
  g_assert_cmpuint (pos.column, ==, 7);

  /* Paths that do not exist or do not match the value's kind. */
  g_assert_false (ork_json_scan_value_pos (scan, "jobs[3]", &pos));
  g_assert_false (ork_json_scan_value_pos (scan, "jobs.0", &pos));
  g_assert_false (ork_json_scan_value_pos (scan, "settings[0]", &pos));
  g_assert_false (ork_json_scan_value_pos (scan, "jobs[2].retry.max_delay.x", &pos));
  g_assert_false (ork_json_scan_value_pos (scan, "jobs[2].nope", &pos));
  g_assert_false (ork_json_scan_value_pos (scan, ".version", &pos));
  g_assert_false (ork_json_scan_value_pos (scan, "version.", &pos));
  g_assert_false (ork_json_scan_value_pos (scan, "jobs[", &pos));
  g_assert_false (ork_json_scan_value_pos (scan, "jobs[1", &pos));
  g_assert_false (ork_json_scan_value_pos (scan, "jobs[99999999999]", &pos));
  g_assert_false (ork_json_scan_value_pos (scan, "settingsworkers", &pos));
  g_assert_false (ork_json_scan_value_pos (scan, "jobsx[0]", &pos));
  g_assert_true (ork_json_scan_value_pos (scan, "jobs[2].retry", NULL));
}

static void
test_weird_keys (void)
{
  g_autoptr(OrkJsonScan) scan =
    scan_ok ("{\"a\": {\"we.ird\": 1, \"b[0]\": 2, \"\": 3, \"q\\\"\\\\\": 4, \"n\\u0001l\\n\": 5},\n"
             " \"x.y\": [ {\"z\": true} ], \"\\u0062\": 6, \"sp ace\": 7}");
  g_autoptr(GString) path = g_string_new (NULL);

  assert_value_pos (scan, "a[\"we.ird\"]", 1, 18);
  assert_key_pos (scan, "a[\"we.ird\"]", 1, 8);
  assert_value_pos (scan, "a[\"b[0]\"]", 1, 29);
  assert_value_pos (scan, "a[\"\"]", 1, 36);
  assert_value_pos (scan, "a[\"q\\\"\\\\\"]", 1, 48);
  assert_value_pos (scan, "a[\"n\\u0001l\\u000A\"]", 1, 65);
  assert_value_pos (scan, "[\"x.y\"]", 2, 9);
  assert_value_pos (scan, "[\"x.y\"][0].z", 2, 17);
  /* Escapes in keys are decoded: "\u0062" is the key "b". */
  assert_value_pos (scan, "b", 2, 36);
  assert_key_pos (scan, "b", 2, 26);
  /* A plain key may be written bracketed too. */
  assert_value_pos (scan, "[\"b\"]", 2, 36);
  assert_value_pos (scan, "sp ace", 2, 49);

  g_assert_false (ork_json_scan_value_pos (scan, "a.we.ird", NULL));
  g_assert_false (ork_json_scan_value_pos (scan, "x.y[0]", NULL));
  g_assert_false (ork_json_scan_value_pos (scan, "a[\"we.ird\"", NULL));

  /* The path builder produces exactly what the lookup takes. */
  ork_json_path_append_key (path, "x.y");
  g_assert_cmpstr (path->str, ==, "[\"x.y\"]");
  ork_json_path_append_index (path, 0);
  ork_json_path_append_key (path, "z");
  g_assert_cmpstr (path->str, ==, "[\"x.y\"][0].z");
  assert_value_pos (scan, path->str, 2, 17);

  g_string_truncate (path, 0);
  ork_json_path_append_key (path, "a");
  ork_json_path_append_key (path, "q\"\\");
  g_assert_cmpstr (path->str, ==, "a[\"q\\\"\\\\\"]");
  assert_value_pos (scan, path->str, 1, 48);

  g_string_truncate (path, 0);
  ork_json_path_append_key (path, "jobs");
  ork_json_path_append_index (path, 2);
  ork_json_path_append_key (path, "retry");
  ork_json_path_append_key (path, "max_delay");
  g_assert_cmpstr (path->str, ==, "jobs[2].retry.max_delay");
}

static void
test_duplicates (void)
{
  const char *text =
    "{\n"
    "  \"jobs\": [\n"
    "    {\"id\": \"a\", \"name\": \"x\", \"id\": \"b\"},\n"
    "    {\"id\": \"c\", \"retry\": {\"max_retries\": 1, \"max_retries\": {\"x\": 1, \"x\": 2}}}\n"
    "  ],\n"
    "  \"jobs\": [],\n"
    "  \"\\u006a\\u006fbs\": 0,\n"
    "  \"a.b\": 1, \"a.b\": 2\n"
    "}";
  g_autoptr(GPtrArray) diagnostics = new_diagnostics ();
  g_autoptr(OrkJsonScan) scan = ork_json_scan_new (text, strlen (text), diagnostics);
  g_autofree char *formatted = NULL;

  g_assert_null (scan);
  formatted = ork_diagnostics_format (diagnostics, "w.json");
  g_assert_cmpstr (formatted, ==,
                   "w.json:3:30: error: jobs[0]: duplicate key \"id\"\n"
                   "w.json:4:45: error: jobs[1].retry: duplicate key \"max_retries\"\n"
                   "w.json:4:69: error: jobs[1].retry.max_retries: duplicate key \"x\"\n"
                   "w.json:6:3: error: duplicate key \"jobs\"\n"
                   "w.json:7:3: error: duplicate key \"jobs\"\n"
                   "w.json:8:13: error: duplicate key \"a.b\"");
  {
    OrkDiagnostic *d = diagnostics->pdata[0];

    g_assert_cmpstr (d->path, ==, "jobs[0]");
    g_assert_cmpstr (d->message, ==, "duplicate key \"id\"");
  }
}

static void
test_duplicates_then_syntax_error (void)
{
  const char *text = "{\"a\": 1, \"a\": 2, \"b\": [1,]}";
  g_autoptr(GPtrArray) diagnostics = new_diagnostics ();
  g_autoptr(OrkJsonScan) scan = ork_json_scan_new (text, strlen (text), diagnostics);
  g_autofree char *formatted = NULL;

  g_assert_null (scan);
  formatted = ork_diagnostics_format (diagnostics, "w.json");
  g_assert_cmpstr (formatted, ==,
                   "w.json:1:10: error: duplicate key \"a\"\n"
                   "w.json:1:25: error: b: trailing commas are not allowed in JSON");
}

static void
test_duplicates_limit (void)
{
  g_autoptr(GString) text = g_string_new ("{");
  g_autoptr(GPtrArray) diagnostics = new_diagnostics ();
  g_autoptr(OrkJsonScan) scan = NULL;

  /* Diagnostics already present count towards the limit. */
  g_ptr_array_add (diagnostics, ork_diagnostic_new (0, 0, NULL, "earlier"));
  for (guint i = 0; i < 50; i++)
    g_string_append_printf (text, "%s\"k\": %u", i > 0 ? ", " : "", i);
  g_string_append (text, "}");

  scan = ork_json_scan_new (text->str, text->len, diagnostics);
  g_assert_null (scan);
  g_assert_cmpuint (diagnostics->len, ==, ORK_MAX_DIAGNOSTICS);
  g_assert_cmpstr (((OrkDiagnostic *) diagnostics->pdata[1])->message, ==, "duplicate key \"k\"");
  g_assert_cmpuint (((OrkDiagnostic *) diagnostics->pdata[1])->column, ==, 10);
}

static void
test_no_diagnostics_array (void)
{
  g_autoptr(OrkJsonScan) bad = ork_json_scan_new ("[1,]", 4, NULL);
  g_autoptr(OrkJsonScan) dup = ork_json_scan_new ("{\"a\":1,\"a\":1}", 13, NULL);
  g_autoptr(OrkJsonScan) good = ork_json_scan_new ("[1]", 3, NULL);

  g_assert_null (bad);
  g_assert_null (dup);
  g_assert_nonnull (good);
}

static void
test_not_nul_terminated (void)
{
  /* The length is what counts: nothing past it is read. */
  const char buf[] = { '[', '1', 'e', '5', ']', 'x', 'x' };
  g_autoptr(OrkJsonScan) scan = ork_json_scan_new (buf, 5, NULL);
  g_autoptr(OrkJsonScan) literal = ork_json_scan_new ("truex", 4, NULL);

  g_assert_nonnull (scan);
  g_assert_nonnull (literal);
  assert_error_len ("[12345", 4, 1, 5, "",
                    "unexpected end of input: expected ',' or ']' after an array element");
  assert_error_len ("\"abc\"", 4, 1, 1, "", "unterminated string");
  assert_error_len ("[1e5", 3, 1, 2, "[0]", "expected a digit in the exponent");
}

static char *
nested (guint       depth,
        const char *open,
        const char *inner,
        const char *close)
{
  GString *s = g_string_new (NULL);

  for (guint i = 0; i < depth; i++)
    g_string_append (s, open);
  g_string_append (s, inner);
  for (guint i = 0; i < depth; i++)
    g_string_append (s, close);
  return g_string_free (s, FALSE);
}

static void
test_depth (void)
{
  g_autofree char *ok64 = nested (64, "[", "1", "]");
  g_autofree char *bad65 = nested (65, "[", "1", "]");
  g_autofree char *objects65 = nested (65, "{\"a\":", "1", "}");
  g_autofree char *deep = nested (100000, "[", "", "]");
  g_autofree char *deep_open = nested (100000, "[{\"k\":", "", "");
  g_autoptr(OrkJsonScan) scan = scan_ok (ok64);
  g_autoptr(GString) path = g_string_new (NULL);
  g_autoptr(GString) object_path = g_string_new (NULL);

  for (guint i = 0; i < 63; i++)
    ork_json_path_append_index (path, 0);
  assert_value_pos (scan, path->str, 1, 64);
  ork_json_path_append_index (path, 0);
  assert_value_pos (scan, path->str, 1, 65);

  /* The 65th bracket is the error, pointing at it. */
  for (guint i = 0; i < 64; i++)
    ork_json_path_append_key (object_path, "a");
  assert_error (bad65, 1, 65, path->str, "nesting deeper than 64 levels");
  assert_error (objects65, 1, 64 * 5 + 1, object_path->str, "nesting deeper than 64 levels");
  assert_error (deep, 1, 65, path->str, "nesting deeper than 64 levels");
  {
    g_autoptr(GPtrArray) diagnostics = new_diagnostics ();
    g_autoptr(OrkJsonScan) none = ork_json_scan_new (deep_open, strlen (deep_open), diagnostics);

    g_assert_null (none);
    g_assert_cmpuint (diagnostics->len, ==, 1);
    g_assert_cmpstr (((OrkDiagnostic *) diagnostics->pdata[0])->message, ==,
                     "nesting deeper than 64 levels");
  }
}

static void
test_large (void)
{
  g_autoptr(GString) text = g_string_new ("{\"version\": 1, \"jobs\": [\n");
  g_autoptr(OrkJsonScan) scan = NULL;
  g_autoptr(GPtrArray) diagnostics = new_diagnostics ();
  g_autoptr(GTimer) timer = NULL;
  const guint n = 100000;
  double elapsed;

  for (guint i = 0; i < n; i++)
    g_string_append_printf (text,
                            "  {\"id\": \"sync_%06u\", \"type\": \"sync\", \"name\": \"Sync contacts %u\", "
                            "\"schedule\": {\"kind\": \"interval\", \"every\": \"5m\"}, "
                            "\"retry\": {\"max_retries\": 3, \"backoff\": \"exponential\", "
                            "\"initial\": \"2s\", \"max_delay\": \"5m\"}, \"tags\": [\"a\", \"b\"]}%s\n",
                            i, i, i + 1 < n ? "," : "");
  g_string_append (text, "]}\n");
  g_assert_cmpuint (text->len, >, 10 * 1000 * 1000);

  timer = g_timer_new ();
  scan = ork_json_scan_new (text->str, text->len, diagnostics);
  elapsed = g_timer_elapsed (timer, NULL);
  g_test_message ("scanned %zu bytes in %.3f s", text->len, elapsed);
  g_assert_nonnull (scan);
  g_assert_cmpuint (diagnostics->len, ==, 0);
  /* No bound on the time: a loaded machine, a sanitizer or Valgrind would
   * make one flake. The figure is in the log; bench/ measures it. */

  assert_value_pos (scan, "jobs[0]", 2, 3);
  assert_value_pos (scan, "jobs[99999]", n + 1, 3);
  assert_value_pos (scan, "jobs[54321].retry.max_delay", 54323, 205);
  assert_value_pos (scan, "jobs[54321].tags[1]", 54323, 226);

  g_timer_start (timer);
  for (guint i = 0; i < n; i++)
    {
      char path[64];

      g_snprintf (path, sizeof path, "jobs[%u].retry.max_delay", i);
      g_assert_true (ork_json_scan_value_pos (scan, path, NULL));
    }
  g_test_message ("%u lookups in %.3f s", n, g_timer_elapsed (timer, NULL));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/json-scan/accepts", test_accepts);
  g_test_add_func ("/core/json-scan/empty", test_empty);
  g_test_add_func ("/core/json-scan/comments", test_comments);
  g_test_add_func ("/core/json-scan/trailing-commas", test_trailing_commas);
  g_test_add_func ("/core/json-scan/strings-and-keys", test_strings_and_keys);
  g_test_add_func ("/core/json-scan/values", test_values);
  g_test_add_func ("/core/json-scan/numbers", test_numbers);
  g_test_add_func ("/core/json-scan/trailing-garbage", test_trailing_garbage);
  g_test_add_func ("/core/json-scan/end-of-input", test_end_of_input);
  g_test_add_func ("/core/json-scan/utf8", test_utf8);
  g_test_add_func ("/core/json-scan/columns-count-characters", test_columns_count_characters);
  g_test_add_func ("/core/json-scan/line-ends", test_line_ends);
  g_test_add_func ("/core/json-scan/positions", test_positions);
  g_test_add_func ("/core/json-scan/weird-keys", test_weird_keys);
  g_test_add_func ("/core/json-scan/duplicates", test_duplicates);
  g_test_add_func ("/core/json-scan/duplicates-then-syntax-error", test_duplicates_then_syntax_error);
  g_test_add_func ("/core/json-scan/duplicates-limit", test_duplicates_limit);
  g_test_add_func ("/core/json-scan/no-diagnostics-array", test_no_diagnostics_array);
  g_test_add_func ("/core/json-scan/not-nul-terminated", test_not_nul_terminated);
  g_test_add_func ("/core/json-scan/depth", test_depth);
  g_test_add_func ("/core/json-scan/large", test_large);

  return g_test_run ();
}
