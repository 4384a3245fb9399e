/* test-record.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <json-glib/json-glib.h>

#include "ork-record.h"

/* 2026-11-26T10:00:51.000Z */
static gint64
nominal (void)
{
  gint64 t = 0;

  g_assert_true (ork_time_parse_iso ("2026-11-26T10:00:51.000Z", &t));
  return t;
}

static OrkRecord *
succeeded_record (void)
{
  OrkRecord *r = ork_record_new ();
  gint64 n = nominal ();

  r->job_id = g_strdup ("sync_001");
  r->run_id = 17;
  r->attempt = 1;
  r->status = ORK_RUN_SUCCEEDED;
  r->reason = ORK_REASON_COMPLETED;
  r->nominal_at = n;
  r->queued_at = n + 1000;
  r->started_at = n + 13400;
  r->finished_at = n + 855400;
  r->decided_at = r->finished_at;
  return r;
}

static OrkRecord *
failed_record (void)
{
  OrkRecord *r = ork_record_new ();
  gint64 n = nominal ();

  r->job_id = g_strdup ("backup");
  r->run_id = 3;
  r->attempt = 2;
  r->status = ORK_RUN_FAILED;
  r->reason = ORK_REASON_EXIT_STATUS;
  r->nominal_at = n;
  r->queued_at = n + 999500;
  /* Whole milliseconds are those printed: .999 to 52.000 is 1 ms. */
  r->started_at = n + 999999;
  r->finished_at = n + 1000001;
  r->decided_at = r->finished_at;
  r->has_exit_code = TRUE;
  r->exit_code = 2;
  r->next_retry_in = 4000;
  r->message = g_strdup ("rsync: error, \"quoted\"\nline 2");
  return r;
}

static OrkRecord *
skipped_record (void)
{
  OrkRecord *r = ork_record_new ();
  gint64 n = nominal ();

  r->job_id = g_strdup ("cleanup");
  r->run_id = 5;
  r->attempt = 0;
  r->status = ORK_RUN_SKIPPED;
  r->reason = ORK_REASON_OVERLAP;
  r->nominal_at = n;
  r->decided_at = n + 5 * ORK_USEC_PER_SEC;
  /* Even if set, a skipped run has no finishedAt. */
  r->finished_at = r->decided_at;
  r->message = g_strdup ("previous run still running");
  return r;
}

static const char succeeded_json[] =
  "{\"jobId\":\"sync_001\",\"runId\":17,\"attempt\":1,\"status\":\"SUCCEEDED\","
  "\"reason\":\"completed\",\"nominalAt\":\"2026-11-26T10:00:51.000Z\","
  "\"queuedAt\":\"2026-11-26T10:00:51.001Z\",\"startedAt\":\"2026-11-26T10:00:51.013Z\","
  "\"finishedAt\":\"2026-11-26T10:00:51.855Z\",\"queueMs\":12,\"durationMs\":842,"
  "\"exitCode\":null,\"nextRetryIn\":null,\"message\":null}";

static const char failed_json[] =
  "{\"jobId\":\"backup\",\"runId\":3,\"attempt\":2,\"status\":\"FAILED\","
  "\"reason\":\"exit-status\",\"nominalAt\":\"2026-11-26T10:00:51.000Z\","
  "\"queuedAt\":\"2026-11-26T10:00:51.999Z\",\"startedAt\":\"2026-11-26T10:00:51.999Z\","
  "\"finishedAt\":\"2026-11-26T10:00:52.000Z\",\"queueMs\":0,\"durationMs\":1,"
  "\"exitCode\":2,\"nextRetryIn\":4000,\"message\":\"rsync: error, \\\"quoted\\\"\\nline 2\"}";

static const char skipped_json[] =
  "{\"jobId\":\"cleanup\",\"runId\":5,\"attempt\":0,\"status\":\"SKIPPED\","
  "\"reason\":\"overlap\",\"nominalAt\":\"2026-11-26T10:00:51.000Z\","
  "\"queuedAt\":null,\"startedAt\":null,\"finishedAt\":null,\"queueMs\":null,"
  "\"durationMs\":null,\"exitCode\":null,\"nextRetryIn\":null,"
  "\"message\":\"previous run still running\"}";

static const char csv_header[] =
  "jobId,runId,attempt,status,reason,nominalAt,queuedAt,startedAt,finishedAt,"
  "queueMs,durationMs,exitCode,nextRetryIn,message\n";

static const char succeeded_csv[] =
  "sync_001,17,1,SUCCEEDED,completed,2026-11-26T10:00:51.000Z,2026-11-26T10:00:51.001Z,"
  "2026-11-26T10:00:51.013Z,2026-11-26T10:00:51.855Z,12,842,,,\n";

static const char failed_csv[] =
  "backup,3,2,FAILED,exit-status,2026-11-26T10:00:51.000Z,2026-11-26T10:00:51.999Z,"
  "2026-11-26T10:00:51.999Z,2026-11-26T10:00:52.000Z,0,1,2,4000,"
  "\"rsync: error, \"\"quoted\"\"\nline 2\"\n";

static const char skipped_csv[] =
  "cleanup,5,0,SKIPPED,overlap,2026-11-26T10:00:51.000Z,,,,,,,,previous run still running\n";

static char *
to_json (const OrkRecord *r)
{
  GString *out = g_string_new (NULL);

  ork_record_append_json (r, out);
  return g_string_free (out, FALSE);
}

static char *
to_csv (const OrkRecord *r)
{
  GString *out = g_string_new (NULL);

  ork_record_append_csv (r, out);
  return g_string_free (out, FALSE);
}

static void
test_json (void)
{
  g_autoptr(OrkRecord) ok = succeeded_record ();
  g_autoptr(OrkRecord) failed = failed_record ();
  g_autoptr(OrkRecord) skipped = skipped_record ();
  g_autofree char *ok_json = to_json (ok);
  g_autofree char *failed_text = to_json (failed);
  g_autofree char *skipped_text = to_json (skipped);
  g_autoptr(GString) appended = g_string_new ("x");

  g_assert_cmpstr (ok_json, ==, succeeded_json);
  g_assert_cmpstr (failed_text, ==, failed_json);
  g_assert_cmpstr (skipped_text, ==, skipped_json);

  /* It appends. */
  ork_record_append_json (ok, appended);
  g_assert_true (g_str_has_prefix (appended->str, "x{\"jobId\""));
}

static void
test_json_parses (void)
{
  /* What json-glib reads back is what went in, key order included. */
  static const char *keys[] = {
    "jobId", "runId", "attempt", "status", "reason", "nominalAt", "queuedAt", "startedAt",
    "finishedAt", "queueMs", "durationMs", "exitCode", "nextRetryIn", "message",
  };
  g_autoptr(OrkRecord) failed = failed_record ();
  g_autofree char *text = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GList) members = NULL;
  JsonObject *object;
  guint i = 0;

  g_free (failed->message);
  failed->message = g_strdup ("ctl \x01\x1f\b\f\t\r\n \\ \" é ✓ 😀 \x7f end");
  text = to_json (failed);
  g_assert_true (json_parser_load_from_data (parser, text, -1, NULL));
  object = json_node_get_object (json_parser_get_root (parser));
  g_assert_cmpstr (json_object_get_string_member (object, "message"), ==, failed->message);
  g_assert_cmpint (json_object_get_int_member (object, "nextRetryIn"), ==, 4000);
  g_assert_cmpint (json_object_get_int_member (object, "durationMs"), ==, 1);

  members = json_object_get_members (object);
  g_assert_cmpuint (g_list_length (members), ==, G_N_ELEMENTS (keys));
  for (GList *l = members; l != NULL; l = l->next)
    g_assert_cmpstr (l->data, ==, keys[i++]);
}

static void
test_json_escaping (void)
{
  g_autoptr(OrkRecord) r = skipped_record ();
  g_autofree char *text = NULL;

  g_free (r->message);
  r->message = g_strdup ("a\x01" "b\x1f" "c\b\f\t\r\n\\\"/é\x7f");
  g_free (r->job_id);
  r->job_id = g_strdup ("we\"ird");
  text = to_json (r);
  g_assert_true (g_str_has_prefix (text, "{\"jobId\":\"we\\\"ird\","));
  g_assert_true (g_str_has_suffix (text,
                                   ",\"message\":\"a\\u0001b\\u001fc\\u0008\\u000c\\t\\r\\n\\\\\\\"/é\x7f\"}"));
  g_clear_pointer (&text, g_free);

  /* Invalid UTF-8 (the tail of a command's output) becomes U+FFFD. */
  g_free (r->message);
  r->message = g_strdup ("bad \xff\xfe end \xc3");
  text = to_json (r);
  g_assert_true (g_utf8_validate (text, -1, NULL));
  g_assert_true (g_str_has_suffix (text, ",\"message\":\"bad \xef\xbf\xbd\xef\xbf\xbd end \xef\xbf\xbd\"}"));
  g_clear_pointer (&text, g_free);

  /* No job id: null rather than a crash. */
  g_clear_pointer (&r->job_id, g_free);
  text = to_json (r);
  g_assert_true (g_str_has_prefix (text, "{\"jobId\":null,"));
}

static void
test_json_numbers (void)
{
  g_autoptr(OrkRecord) r = failed_record ();
  g_autofree char *text = NULL;

  r->run_id = G_MAXUINT64;
  r->attempt = G_MAXUINT;
  r->exit_code = -1;
  r->next_retry_in = 0;
  r->message = (g_free (r->message), NULL);
  text = to_json (r);
  g_assert_nonnull (strstr (text, "\"runId\":18446744073709551615,\"attempt\":4294967295,"));
  g_assert_nonnull (strstr (text, "\"exitCode\":-1,\"nextRetryIn\":0,\"message\":null}"));
  g_clear_pointer (&text, g_free);

  /* Times before the epoch keep millisecond floors consistent. */
  r->queued_at = -1500;   /* 1969-12-31T23:59:59.998 */
  r->started_at = 0;
  r->finished_at = 999;
  text = to_json (r);
  g_assert_nonnull (strstr (text, "\"queuedAt\":\"1969-12-31T23:59:59.998Z\","
                                  "\"startedAt\":\"1970-01-01T00:00:00.000Z\","
                                  "\"finishedAt\":\"1970-01-01T00:00:00.000Z\","
                                  "\"queueMs\":2,\"durationMs\":0,"));
}

static void
assert_time_text (OrkRecord *r,
                  gint64     time_us)
{
  g_autofree char *expected = ork_time_format_iso_utc (time_us);
  g_autofree char *json = NULL;
  g_autofree char *csv = NULL;
  g_autofree char *json_part = NULL;
  g_autofree char *csv_part = NULL;

  r->nominal_at = time_us;
  json = to_json (r);
  csv = to_csv (r);
  json_part = g_strdup_printf (",\"nominalAt\":\"%s\",", expected);
  csv_part = g_strdup_printf (",%s,", expected);
  if (strstr (json, json_part) == NULL || strstr (csv, csv_part) == NULL)
    g_error ("time %" G_GINT64_FORMAT ": expected %s in %s and %s", time_us, expected, json, csv);
}

static void
test_times_match_iso_format (void)
{
  /* Records format times themselves, for speed: the text must be exactly
   * that of ork_time_format_iso_utc(). */
  static const char *fixed[] = {
    "1970-01-01T00:00:00.000Z", "1969-12-31T23:59:59.999Z", "2000-02-29T12:34:56.789Z",
    "1900-03-01T00:00:00.000Z", "2100-02-28T23:59:59.000Z", "2024-12-31T23:59:59.999Z",
    "0001-01-01T00:00:00.000Z", "9999-12-31T23:59:59.999Z", "1600-02-29T00:00:00.000Z",
  };
  g_autoptr(OrkRecord) r = skipped_record ();
  gint64 t;

  for (guint i = 0; i < G_N_ELEMENTS (fixed); i++)
    {
      g_assert_true (ork_time_parse_iso (fixed[i], &t));
      assert_time_text (r, t);
      assert_time_text (r, t + 1);
      assert_time_text (r, t - 1);
      assert_time_text (r, t + 999);
    }

  /* Random times between year 1 and year 9999. */
  for (guint i = 0; i < 200000; i++)
    {
      gint64 lo = G_GINT64_CONSTANT (-62135596800) * ORK_USEC_PER_SEC;
      gint64 hi = G_GINT64_CONSTANT (253402300799) * ORK_USEC_PER_SEC;
      double f = g_test_rand_double_range (0.0, 1.0);

      assert_time_text (r, lo + (gint64) (f * (double) (hi - lo)));
    }

  /* Out of GDateTime's range, both give the same placeholder. */
  assert_time_text (r, G_GINT64_CONSTANT (253402300800) * ORK_USEC_PER_SEC);
  assert_time_text (r, G_GINT64_CONSTANT (-62135596801) * ORK_USEC_PER_SEC);
  assert_time_text (r, G_MAXINT64);
  assert_time_text (r, G_MININT64 + 1);
}

static void
test_csv (void)
{
  g_autoptr(OrkRecord) ok = succeeded_record ();
  g_autoptr(OrkRecord) failed = failed_record ();
  g_autoptr(OrkRecord) skipped = skipped_record ();
  g_autofree char *ok_csv = to_csv (ok);
  g_autofree char *failed_text = to_csv (failed);
  g_autofree char *skipped_text = to_csv (skipped);

  g_assert_cmpstr (ork_record_csv_header (), ==, csv_header);
  g_assert_cmpstr (ok_csv, ==, succeeded_csv);
  g_assert_cmpstr (failed_text, ==, failed_csv);
  g_assert_cmpstr (skipped_text, ==, skipped_csv);
}

static void
assert_csv_message (const char *message,
                    const char *cell)
{
  g_autoptr(OrkRecord) r = skipped_record ();
  g_autofree char *text = NULL;
  g_autofree char *expected = NULL;

  g_free (r->message);
  r->message = g_strdup (message);
  text = to_csv (r);
  expected = g_strdup_printf ("cleanup,5,0,SKIPPED,overlap,2026-11-26T10:00:51.000Z,,,,,,,,%s\n", cell);
  g_assert_cmpstr (text, ==, expected);
}

static void
test_csv_quoting_and_formulas (void)
{
  assert_csv_message ("plain", "plain");
  assert_csv_message ("", "");
  assert_csv_message ("a,b", "\"a,b\"");
  assert_csv_message ("say \"hi\"", "\"say \"\"hi\"\"\"");
  assert_csv_message ("one\ntwo", "\"one\ntwo\"");
  assert_csv_message ("one\r\ntwo", "\"one\r\ntwo\"");
  assert_csv_message ("a=b", "a=b");
  assert_csv_message ("'quoted'", "'quoted'");
  /* Formula injection: the prefix goes inside the quotes when quoted. */
  assert_csv_message ("=SUM(A1:A9)", "'=SUM(A1:A9)");
  assert_csv_message ("+1", "'+1");
  assert_csv_message ("-1", "'-1");
  assert_csv_message ("@cmd", "'@cmd");
  assert_csv_message ("\tx", "'\tx");
  assert_csv_message ("\rx", "\"'\rx\"");
  assert_csv_message ("=HYPERLINK(\"http://x\",\"y\")", "\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\"");
  assert_csv_message ("-a,b", "\"'-a,b\"");
  /* Invalid UTF-8 becomes U+FFFD. */
  assert_csv_message ("x\xff", "x\xef\xbf\xbd");

  /* Numbers are never prefixed, text cells all are. */
  {
    g_autoptr(OrkRecord) r = failed_record ();
    g_autofree char *text = NULL;

    r->exit_code = -1;
    r->next_retry_in = -1;
    g_free (r->job_id);
    r->job_id = g_strdup ("-job");
    g_clear_pointer (&r->message, g_free);
    text = to_csv (r);
    g_assert_cmpstr (text, ==,
                     "'-job,3,2,FAILED,exit-status,2026-11-26T10:00:51.000Z,2026-11-26T10:00:51.999Z,"
                     "2026-11-26T10:00:51.999Z,2026-11-26T10:00:52.000Z,0,1,-1,,\n");
  }
}

static int
compare_ptrs (gconstpointer a,
              gconstpointer b)
{
  return ork_record_compare (*(OrkRecord **) a, *(OrkRecord **) b);
}

static OrkRecord *
make (gint64      decided_at,
      const char *job_id,
      guint64     run_id,
      guint       attempt)
{
  OrkRecord *r = ork_record_new ();

  r->decided_at = decided_at;
  r->job_id = g_strdup (job_id);
  r->run_id = run_id;
  r->attempt = attempt;
  return r;
}

static void
test_compare (void)
{
  g_autoptr(GPtrArray) records = g_ptr_array_new_with_free_func ((GDestroyNotify) ork_record_free);
  g_autoptr(OrkRecord) a = make (10, "a", 1, 1);
  g_autoptr(OrkRecord) same = ork_record_copy (a);
  static const char *expected[] = {
    "5 z 9 9", "10 a 1 1", "10 a 1 2", "10 a 2 0", "10 a 10 1", "10 b 1 1", "10 b_1 1 1", "11 a 1 1",
  };

  g_ptr_array_add (records, make (11, "a", 1, 1));
  g_ptr_array_add (records, make (10, "b_1", 1, 1));
  g_ptr_array_add (records, make (10, "a", 10, 1));
  g_ptr_array_add (records, make (10, "b", 1, 1));
  g_ptr_array_add (records, make (10, "a", 2, 0));
  g_ptr_array_add (records, make (10, "a", 1, 2));
  g_ptr_array_add (records, make (5, "z", 9, 9));
  g_ptr_array_add (records, make (10, "a", 1, 1));
  g_ptr_array_sort (records, compare_ptrs);

  for (guint i = 0; i < records->len; i++)
    {
      OrkRecord *r = records->pdata[i];
      g_autofree char *text = g_strdup_printf ("%" G_GINT64_FORMAT " %s %" G_GUINT64_FORMAT " %u",
                                               r->decided_at, r->job_id, r->run_id, r->attempt);

      g_assert_cmpstr (text, ==, expected[i]);
    }

  g_assert_cmpint (ork_record_compare (a, same), ==, 0);
  g_assert_cmpint (ork_record_compare (records->pdata[0], records->pdata[1]), <, 0);
  g_assert_cmpint (ork_record_compare (records->pdata[1], records->pdata[0]), >, 0);
  /* Extreme times do not overflow the comparison. */
  a->decided_at = G_MININT64;
  same->decided_at = G_MAXINT64;
  g_assert_cmpint (ork_record_compare (a, same), <, 0);
}

static void
test_copy (void)
{
  g_autoptr(OrkRecord) r = failed_record ();
  g_autoptr(OrkRecord) copy = ork_record_copy (r);
  g_autofree char *a = to_json (r);
  g_autofree char *b = NULL;

  g_assert_true (copy->job_id != r->job_id);
  g_assert_true (copy->message != r->message);
  g_clear_pointer (&r->job_id, g_free);
  b = to_json (copy);
  g_assert_cmpstr (a, ==, b);

  g_assert_true (G_TYPE_IS_BOXED (ORK_TYPE_RECORD));
}

static void
test_new_defaults (void)
{
  g_autoptr(OrkRecord) r = ork_record_new ();

  g_assert_cmpint (r->queued_at, ==, ORK_TIME_UNSET);
  g_assert_cmpint (r->started_at, ==, ORK_TIME_UNSET);
  g_assert_cmpint (r->finished_at, ==, ORK_TIME_UNSET);
  g_assert_cmpint (r->next_retry_in, ==, -1);
  g_assert_false (r->has_exit_code);
  g_assert_null (r->message);
}

static void
test_format_from_string (void)
{
  OrkRecordFormat format = ORK_RECORD_FORMAT_CSV;

  g_assert_true (ork_record_format_from_string ("ndjson", &format));
  g_assert_cmpint (format, ==, ORK_RECORD_FORMAT_NDJSON);
  g_assert_true (ork_record_format_from_string ("json", &format));
  g_assert_cmpint (format, ==, ORK_RECORD_FORMAT_JSON);
  g_assert_true (ork_record_format_from_string ("csv", &format));
  g_assert_cmpint (format, ==, ORK_RECORD_FORMAT_CSV);

  g_assert_false (ork_record_format_from_string ("CSV", &format));
  g_assert_false (ork_record_format_from_string ("xml", &format));
  g_assert_false (ork_record_format_from_string ("", &format));
  g_assert_false (ork_record_format_from_string (NULL, &format));
  g_assert_cmpint (format, ==, ORK_RECORD_FORMAT_CSV);
}

/* Writes the three sample records (or none) and returns the output. */
static char *
write_all (OrkRecordFormat format,
           gboolean        empty)
{
  g_autoptr(GOutputStream) stream = g_memory_output_stream_new_resizable ();
  g_autoptr(OrkRecordWriter) writer = ork_record_writer_new (stream, format);
  g_autoptr(GError) error = NULL;
  OrkRecord *records[3] = { succeeded_record (), failed_record (), skipped_record () };
  gsize size;
  char *data;

  for (guint i = 0; i < G_N_ELEMENTS (records); i++)
    {
      if (!empty)
        {
          g_assert_true (ork_record_writer_write (writer, records[i], &error));
          g_assert_no_error (error);
        }
      ork_record_free (records[i]);
    }
  g_assert_cmpuint (ork_record_writer_get_count (writer), ==, empty ? 0 : 3);
  g_assert_true (ork_record_writer_finish (writer, &error));
  g_assert_no_error (error);

  size = g_memory_output_stream_get_data_size (G_MEMORY_OUTPUT_STREAM (stream));
  data = g_malloc (size + 1);
  if (size > 0)
    memcpy (data, g_memory_output_stream_get_data (G_MEMORY_OUTPUT_STREAM (stream)), size);
  data[size] = '\0';
  return data;
}

static void
test_writer_formats (void)
{
  g_autofree char *ndjson = write_all (ORK_RECORD_FORMAT_NDJSON, FALSE);
  g_autofree char *json = write_all (ORK_RECORD_FORMAT_JSON, FALSE);
  g_autofree char *csv = write_all (ORK_RECORD_FORMAT_CSV, FALSE);
  g_autofree char *expected_ndjson = g_strconcat (succeeded_json, "\n", failed_json, "\n",
                                                  skipped_json, "\n", NULL);
  g_autofree char *expected_json = g_strconcat ("[\n", succeeded_json, ",\n", failed_json, ",\n",
                                                skipped_json, "\n]\n", NULL);
  g_autofree char *expected_csv = g_strconcat (csv_header, succeeded_csv, failed_csv,
                                               skipped_csv, NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();

  g_assert_cmpstr (ndjson, ==, expected_ndjson);
  g_assert_cmpstr (json, ==, expected_json);
  g_assert_cmpstr (csv, ==, expected_csv);

  g_assert_true (json_parser_load_from_data (parser, json, -1, NULL));
  g_assert_cmpuint (json_array_get_length (json_node_get_array (json_parser_get_root (parser))), ==, 3);
}

static void
test_writer_empty (void)
{
  g_autofree char *ndjson = write_all (ORK_RECORD_FORMAT_NDJSON, TRUE);
  g_autofree char *json = write_all (ORK_RECORD_FORMAT_JSON, TRUE);
  g_autofree char *csv = write_all (ORK_RECORD_FORMAT_CSV, TRUE);

  g_assert_cmpstr (ndjson, ==, "");
  g_assert_cmpstr (json, ==, "[]\n");
  g_assert_cmpstr (csv, ==, csv_header);
}

static void
test_writer_streams (void)
{
  g_autoptr(GOutputStream) stream = g_memory_output_stream_new_resizable ();
  g_autoptr(OrkRecordWriter) writer = ork_record_writer_new (stream, ORK_RECORD_FORMAT_NDJSON);
  g_autoptr(OrkRecord) r = succeeded_record ();
  g_autoptr(GTimer) timer = g_timer_new ();
  GMemoryOutputStream *memory = G_MEMORY_OUTPUT_STREAM (stream);
  const guint n = 200000;
  gsize line = strlen (succeeded_json) + 1;
  double elapsed;

  for (guint i = 0; i < n; i++)
    {
      g_assert_true (ork_record_writer_write (writer, r, NULL));
      /* Never more than a chunk is held back. */
      g_assert_cmpuint ((i + 1) * line - g_memory_output_stream_get_data_size (memory), <=, 64 * 1024);
    }
  elapsed = g_timer_elapsed (timer, NULL);
  g_test_message ("%u records in %.3f s (%.0f records/s)", n, elapsed, n / elapsed);

  g_assert_true (ork_record_writer_finish (writer, NULL));
  g_assert_cmpuint (g_memory_output_stream_get_data_size (memory), ==, n * line);
  g_assert_cmpuint (ork_record_writer_get_count (writer), ==, n);
  g_assert_cmpint (memcmp ((char *) g_memory_output_stream_get_data (memory) + (n - 1) * line,
                           succeeded_json, line - 1), ==, 0);
}

static void
test_writer_error (void)
{
  g_autoptr(GOutputStream) stream = g_memory_output_stream_new_resizable ();
  g_autoptr(OrkRecordWriter) writer = ork_record_writer_new (stream, ORK_RECORD_FORMAT_CSV);
  g_autoptr(OrkRecord) r = failed_record ();
  g_autoptr(GError) error = NULL;
  gboolean ok = TRUE;

  g_assert_true (g_output_stream_close (stream, NULL, NULL));
  /* The first writes are buffered; the error shows when the buffer goes out. */
  for (guint i = 0; i < 10000 && ok; i++)
    ok = ork_record_writer_write (writer, r, &error);
  g_assert_false (ok);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CLOSED);
  g_clear_error (&error);

  g_assert_false (ork_record_writer_finish (writer, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CLOSED);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/record/json", test_json);
  g_test_add_func ("/core/record/json-parses", test_json_parses);
  g_test_add_func ("/core/record/json-escaping", test_json_escaping);
  g_test_add_func ("/core/record/json-numbers", test_json_numbers);
  g_test_add_func ("/core/record/times-match-iso-format", test_times_match_iso_format);
  g_test_add_func ("/core/record/csv", test_csv);
  g_test_add_func ("/core/record/csv-quoting-and-formulas", test_csv_quoting_and_formulas);
  g_test_add_func ("/core/record/compare", test_compare);
  g_test_add_func ("/core/record/copy", test_copy);
  g_test_add_func ("/core/record/new-defaults", test_new_defaults);
  g_test_add_func ("/core/record/format-from-string", test_format_from_string);
  g_test_add_func ("/core/record/writer-formats", test_writer_formats);
  g_test_add_func ("/core/record/writer-empty", test_writer_empty);
  g_test_add_func ("/core/record/writer-streams", test_writer_streams);
  g_test_add_func ("/core/record/writer-error", test_writer_error);

  return g_test_run ();
}
