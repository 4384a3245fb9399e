/* fuzz-record.c — the export writer fed arbitrary run records
 *
 * Input: bytes decoded into one to four OrkRecord (any final status and
 * reason, any 64-bit times, job ids and messages of any bytes). Each record
 * is appended as JSON, which must parse back with json-glib with the keys of
 * DESIGN §4 in order and the same text fields, and as CSV, which must be
 * one RFC 4180 row of 14 cells holding the same text fields (with the
 * formula-injection prefix). Then the writer streams them in each format:
 * NDJSON lines, one JSON array, a CSV header and rows.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "ork-record.h"
#include "ork-types.h"

#include "fuzz-common.h"

#define N_COLUMNS 14

static const char * const json_keys[N_COLUMNS] = {
  "jobId", "runId", "attempt", "status", "reason", "nominalAt", "queuedAt",
  "startedAt", "finishedAt", "queueMs", "durationMs", "exitCode",
  "nextRetryIn", "message",
};

/* A time: unset, near 2026 (the fast path), or any 64-bit value. */
static gint64
take_time (FuzzInput *in)
{
  guint kind = (guint) fuzz_take_u64 (in, 1) % 3;

  if (kind == 0)
    return ORK_TIME_UNSET;
  if (kind == 1)
    return G_GINT64_CONSTANT (1795000000000000) + (gint64) fuzz_take_u64 (in, 5);
  return (gint64) fuzz_take_u64 (in, 8);
}

static char *
take_text (FuzzInput *in,
           guint      max_len)
{
  guint len = (guint) fuzz_take_u64 (in, 1);
  char *text;

  if (len == 255)
    return NULL;
  len = MIN (len % (max_len + 1), in->size);
  text = g_strndup ((const char *) in->data, len);
  in->data += len;
  in->size -= len;
  return text;
}

static OrkRecord *
take_record (FuzzInput *in)
{
  OrkRecord *r = ork_record_new ();

  r->job_id = take_text (in, 80);
  r->run_id = fuzz_take_u64 (in, 8);
  r->attempt = (guint) fuzz_take_u64 (in, 4);
  r->status = ORK_RUN_SUCCEEDED + (OrkRunState) (fuzz_take_u64 (in, 1) % 6);
  r->reason = (OrkReason) (fuzz_take_u64 (in, 1) % (ORK_REASON_INTERRUPTED + 1));
  r->nominal_at = take_time (in);
  r->queued_at = take_time (in);
  r->started_at = take_time (in);
  r->finished_at = take_time (in);
  r->decided_at = take_time (in);
  r->has_exit_code = fuzz_take_u64 (in, 1) & 1;
  r->exit_code = (int) (gint32) fuzz_take_u64 (in, 4);
  r->next_retry_in = (gint64) fuzz_take_u64 (in, 8);
  r->message = take_text (in, 200);
  return r;
}

/* What a text field must read back as: NULL stays NULL (JSON null, an
 * empty CSV cell), invalid UTF-8 is made valid. */
static char *
expected_text (const char *raw)
{
  if (raw == NULL)
    return NULL;
  return g_utf8_make_valid (raw, -1);
}

/* RFC 4180 with "\n" (or "\r\n") between records: an array of rows, each an
 * array of cells; NULL when the text is not well-formed. */
static GPtrArray *
parse_csv (const char *text,
           gsize       len)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_ptr_array_unref);
  GPtrArray *row = NULL;
  gsize i = 0;

  while (i < len)
    {
      GString *cell = g_string_new (NULL);

      if (row == NULL)
        {
          row = g_ptr_array_new_with_free_func (g_free);
          g_ptr_array_add (rows, row);
        }
      if (text[i] == '"')
        {
          i++;
          for (;;)
            {
              if (i >= len)
                {
                  g_string_free (cell, TRUE);
                  return NULL;
                }
              if (text[i] == '"')
                {
                  if (i + 1 < len && text[i + 1] == '"')
                    {
                      g_string_append_c (cell, '"');
                      i += 2;
                      continue;
                    }
                  i++;
                  break;
                }
              g_string_append_c (cell, text[i++]);
            }
        }
      else
        {
          while (i < len && text[i] != ',' && text[i] != '\n' && text[i] != '\r')
            {
              if (text[i] == '"')
                {
                  g_string_free (cell, TRUE);
                  return NULL;
                }
              g_string_append_c (cell, text[i++]);
            }
        }
      g_ptr_array_add (row, g_string_free (cell, FALSE));

      if (i < len && text[i] == ',')
        {
          i++;
          if (i == len)
            return NULL;
          continue;
        }
      if (i + 1 < len && text[i] == '\r' && text[i + 1] == '\n')
        i++;
      if (i >= len || text[i] != '\n')
        return NULL;   /* a quoted cell followed by something else, or no final line break */
      i++;
      row = NULL;
    }
  if (row != NULL)
    return NULL;
  return g_steal_pointer (&rows);
}

static void
check_csv_text_cell (const char *cell,
                     const char *raw)
{
  g_autofree char *want = expected_text (raw);

  if (want == NULL)
    {
      FUZZ_CHECK (cell[0] == '\0');
      return;
    }
  if (want[0] != '\0' && strchr ("=+-@\t\r", want[0]) != NULL)
    {
      FUZZ_CHECK (cell[0] == '\'');
      cell++;
    }
  FUZZ_CHECK (strcmp (cell, want) == 0);
}

static void
check_csv_row (GPtrArray       *row,
               const OrkRecord *r)
{
  FUZZ_CHECK (row->len == N_COLUMNS);
  check_csv_text_cell (g_ptr_array_index (row, 0), r->job_id);
  FUZZ_CHECK (strcmp (g_ptr_array_index (row, 3), ork_run_state_to_string (r->status)) == 0);
  FUZZ_CHECK (strcmp (g_ptr_array_index (row, 4), ork_reason_to_string (r->reason)) == 0);
  check_csv_text_cell (g_ptr_array_index (row, 13), r->message);
}

static void
check_json_text (JsonObject *object,
                 const char *key,
                 const char *raw)
{
  g_autofree char *want = expected_text (raw);
  JsonNode *node = json_object_get_member (object, key);

  FUZZ_CHECK (node != NULL);
  if (want == NULL)
    {
      FUZZ_CHECK (JSON_NODE_HOLDS_NULL (node));
      return;
    }
  FUZZ_CHECK (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING);
  FUZZ_CHECK (strcmp (json_node_get_string (node), want) == 0);
}

static void
check_json_object (JsonNode        *node,
                   const OrkRecord *r)
{
  JsonObject *object;
  g_autoptr(GList) members = NULL;
  guint i = 0;

  FUZZ_CHECK (JSON_NODE_HOLDS_OBJECT (node));
  object = json_node_get_object (node);
  members = json_object_get_members (object);
  FUZZ_CHECK (g_list_length (members) == N_COLUMNS);
  for (GList *l = members; l != NULL; l = l->next, i++)
    FUZZ_CHECK (strcmp (l->data, json_keys[i]) == 0);

  check_json_text (object, "jobId", r->job_id);
  check_json_text (object, "message", r->message);
  FUZZ_CHECK (strcmp (json_object_get_string_member (object, "status"),
                      ork_run_state_to_string (r->status)) == 0);
  FUZZ_CHECK (strcmp (json_object_get_string_member (object, "reason"),
                      ork_reason_to_string (r->reason)) == 0);
  FUZZ_CHECK (json_object_get_int_member (object, "attempt") == r->attempt);
  if (r->has_exit_code)
    FUZZ_CHECK (json_object_get_int_member (object, "exitCode") == r->exit_code);
  else
    FUZZ_CHECK (json_object_get_null_member (object, "exitCode"));
}

static JsonNode *
parse_json (const char *text,
            gssize      len)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  if (!json_parser_load_from_data (parser, text, len, &error))
    fprintf (stderr, "JSON does not parse: %s\n%s\n", error->message, text);
  FUZZ_CHECK (error == NULL);
  return json_node_copy (json_parser_get_root (parser));
}

static char *
write_all (GPtrArray       *records,
           OrkRecordFormat  format,
           gsize           *len)
{
  g_autoptr(GOutputStream) stream = g_memory_output_stream_new_resizable ();
  g_autoptr(OrkRecordWriter) writer = ork_record_writer_new (stream, format);
  g_autoptr(GError) error = NULL;
  GMemoryOutputStream *memory = G_MEMORY_OUTPUT_STREAM (stream);
  char *text;

  for (guint i = 0; i < records->len; i++)
    FUZZ_CHECK (ork_record_writer_write (writer, g_ptr_array_index (records, i), &error));
  FUZZ_CHECK (ork_record_writer_finish (writer, &error));
  FUZZ_CHECK (ork_record_writer_get_count (writer) == records->len);
  FUZZ_CHECK (g_output_stream_close (stream, NULL, &error));

  *len = g_memory_output_stream_get_data_size (memory);
  text = g_malloc (*len + 1);
  memcpy (text, g_memory_output_stream_get_data (memory), *len);
  text[*len] = '\0';
  FUZZ_CHECK (strlen (text) == *len);
  FUZZ_CHECK (g_utf8_validate (text, -1, NULL));
  return text;
}

int
ORK_FUZZ_ENTRY (const uint8_t *data,
                size_t         size)
{
  g_autoptr(GPtrArray) records = g_ptr_array_new_with_free_func ((GDestroyNotify) ork_record_free);
  FuzzInput in = { data, size };
  guint n = 1 + (guint) fuzz_take_u64 (&in, 1) % 4;
  g_autofree char *ndjson = NULL;
  g_autofree char *json = NULL;
  g_autofree char *csv = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(JsonNode) array = NULL;
  g_auto(GStrv) lines = NULL;
  gsize len;

  for (guint i = 0; i < n; i++)
    g_ptr_array_add (records, take_record (&in));

  /* One record at a time. */
  for (guint i = 0; i < n; i++)
    {
      const OrkRecord *r = g_ptr_array_index (records, i);
      g_autoptr(GString) out = g_string_new (NULL);
      g_autoptr(GPtrArray) row = NULL;
      g_autoptr(JsonNode) node = NULL;

      ork_record_append_json (r, out);
      FUZZ_CHECK (g_utf8_validate (out->str, out->len, NULL));
      FUZZ_CHECK (strchr (out->str, '\n') == NULL);
      node = parse_json (out->str, out->len);
      check_json_object (node, r);

      g_string_truncate (out, 0);
      ork_record_append_csv (r, out);
      FUZZ_CHECK (g_utf8_validate (out->str, out->len, NULL));
      row = parse_csv (out->str, out->len);
      FUZZ_CHECK (row != NULL);
      FUZZ_CHECK (row->len == 1);
      check_csv_row (g_ptr_array_index (row, 0), r);
    }

  /* The writer, in each format. */
  ndjson = write_all (records, ORK_RECORD_FORMAT_NDJSON, &len);
  lines = g_strsplit (ndjson, "\n", -1);
  FUZZ_CHECK (g_strv_length (lines) == n + 1 && lines[n][0] == '\0');
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(JsonNode) node = parse_json (lines[i], -1);

      check_json_object (node, g_ptr_array_index (records, i));
    }

  json = write_all (records, ORK_RECORD_FORMAT_JSON, &len);
  array = parse_json (json, (gssize) len);
  FUZZ_CHECK (JSON_NODE_HOLDS_ARRAY (array));
  FUZZ_CHECK (json_array_get_length (json_node_get_array (array)) == n);
  for (guint i = 0; i < n; i++)
    check_json_object (json_array_get_element (json_node_get_array (array), i),
                       g_ptr_array_index (records, i));

  csv = write_all (records, ORK_RECORD_FORMAT_CSV, &len);
  FUZZ_CHECK (g_str_has_prefix (csv, ork_record_csv_header ()));
  rows = parse_csv (csv, len);
  FUZZ_CHECK (rows != NULL);
  FUZZ_CHECK (rows->len == n + 1);
  FUZZ_CHECK (((GPtrArray *) g_ptr_array_index (rows, 0))->len == N_COLUMNS);
  for (guint i = 0; i < n; i++)
    check_csv_row (g_ptr_array_index (rows, i + 1), g_ptr_array_index (records, i));
  return 0;
}
