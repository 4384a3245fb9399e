/* ork-record.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ork-record"

#include "config.h"

#include <string.h>

#include "ork-record.h"

/* The writer hands the stream at most this much at once. */
#define WRITER_CHUNK (64 * 1024)
/* ... and starts writing when this much is buffered. */
#define WRITER_HIGH_WATER (48 * 1024)

struct _OrkRecordWriter
{
  GOutputStream   *stream;
  OrkRecordFormat  format;
  GString         *buffer;
  guint64          count;
  gboolean         finished;
};

static const char csv_header[] =
  "jobId,runId,attempt,status,reason,nominalAt,queuedAt,startedAt,finishedAt,"
  "queueMs,durationMs,exitCode,nextRetryIn,message\n";

G_DEFINE_BOXED_TYPE (OrkRecord, ork_record, ork_record_copy, ork_record_free)

OrkRecord *
ork_record_new (void)
{
  OrkRecord *self = g_new0 (OrkRecord, 1);

  self->nominal_at = ORK_TIME_UNSET;
  self->queued_at = ORK_TIME_UNSET;
  self->started_at = ORK_TIME_UNSET;
  self->finished_at = ORK_TIME_UNSET;
  self->next_retry_in = -1;
  return self;
}

OrkRecord *
ork_record_copy (const OrkRecord *self)
{
  OrkRecord *copy;

  g_return_val_if_fail (self != NULL, NULL);

  copy = g_memdup2 (self, sizeof *self);
  copy->job_id = g_strdup (self->job_id);
  copy->message = g_strdup (self->message);
  return copy;
}

void
ork_record_free (OrkRecord *self)
{
  if (self == NULL)
    return;
  g_free (self->job_id);
  g_free (self->message);
  g_free (self);
}

int
ork_record_compare (const OrkRecord *a,
                    const OrkRecord *b)
{
  int cmp;

  g_return_val_if_fail (a != NULL, 0);
  g_return_val_if_fail (b != NULL, 0);

  if (a->decided_at != b->decided_at)
    return a->decided_at < b->decided_at ? -1 : 1;
  cmp = g_strcmp0 (a->job_id, b->job_id);
  if (cmp != 0)
    return cmp < 0 ? -1 : 1;
  if (a->run_id != b->run_id)
    return a->run_id < b->run_id ? -1 : 1;
  if (a->attempt != b->attempt)
    return a->attempt < b->attempt ? -1 : 1;
  return 0;
}

gboolean
ork_record_format_from_string (const char      *name,
                               OrkRecordFormat *out)
{
  static const struct
  {
    const char      *name;
    OrkRecordFormat  format;
  } formats[] = {
    { "ndjson", ORK_RECORD_FORMAT_NDJSON },
    { "csv", ORK_RECORD_FORMAT_CSV },
    { "json", ORK_RECORD_FORMAT_JSON },
  };

  g_return_val_if_fail (out != NULL, FALSE);

  if (name == NULL)
    return FALSE;
  for (guint i = 0; i < G_N_ELEMENTS (formats); i++)
    if (strcmp (name, formats[i].name) == 0)
      {
        *out = formats[i].format;
        return TRUE;
      }
  return FALSE;
}

const char *
ork_record_csv_header (void)
{
  return csv_header;
}

/* Field values */

static inline gint64
floor_div (gint64 a,
           gint64 b)
{
  gint64 q = a / b;

  return (a % b < 0) ? q - 1 : q;
}

/* Records are written by the million: integers without printf. */
static void
append_int64 (GString *out,
              gint64   value)
{
  char digits[24];
  guint n = 0;
  guint64 magnitude = value < 0 ? -(guint64) value : (guint64) value;

  do
    {
      digits[n++] = (char) ('0' + magnitude % 10);
      magnitude /= 10;
    }
  while (magnitude > 0);
  if (value < 0)
    g_string_append_c (out, '-');
  while (n > 0)
    g_string_append_c (out, digits[--n]);
}

static void
append_uint64 (GString *out,
               guint64  value)
{
  char digits[24];
  guint n = 0;

  do
    {
      digits[n++] = (char) ('0' + value % 10);
      value /= 10;
    }
  while (value > 0);
  while (n > 0)
    g_string_append_c (out, digits[--n]);
}


/* A span between two times in whole milliseconds, computed from the times
 * as they are printed (to the millisecond), so that the record is
 * consistent with itself: durationMs = finishedAt − startedAt exactly. */
static gboolean
span_ms (gint64  from,
         gint64  to,
         gint64 *out)
{
  if (from == ORK_TIME_UNSET || to == ORK_TIME_UNSET)
    return FALSE;
  *out = floor_div (to, ORK_USEC_PER_MS) - floor_div (from, ORK_USEC_PER_MS);
  return TRUE;
}

static inline gint64
record_finished_at (const OrkRecord *self)
{
  /* A skipped run never finished; decided_at only orders it. */
  return self->status == ORK_RUN_SKIPPED ? ORK_TIME_UNSET : self->finished_at;
}

static inline void
put_digits (char  *at,
            gint64 value,
            int    width)
{
  for (int i = width - 1; i >= 0; i--)
    {
      at[i] = (char) ('0' + value % 10);
      value /= 10;
    }
}

/* The same text as ork_time_format_iso_utc(), without a GDateTime and a
 * printf per field: a record has four times and there are millions of
 * records. Days are turned into a civil date with the usual 400-year-era
 * arithmetic (eras of 146097 days, years starting in March). */
static void
append_iso_time (GString *out,
                 gint64   time_us)
{
  gint64 secs = floor_div (time_us, ORK_USEC_PER_SEC);
  gint64 rem = time_us % ORK_USEC_PER_SEC;   /* no product: it could overflow near G_MININT64 */
  gint64 ms = (rem < 0 ? rem + ORK_USEC_PER_SEC : rem) / ORK_USEC_PER_MS;
  gint64 days = floor_div (secs, 86400);
  gint64 sod = secs - days * 86400;
  gint64 z = days + 719468;   /* days since 0000-03-01 */
  gint64 era = floor_div (z, 146097);
  gint64 doe = z - era * 146097;
  gint64 yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  gint64 doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  gint64 mp = (5 * doy + 2) / 153;
  gint64 day = doy - (153 * mp + 2) / 5 + 1;
  gint64 month = mp < 10 ? mp + 3 : mp - 9;
  gint64 year = yoe + era * 400 + (month <= 2 ? 1 : 0);
  char text[] = "YYYY-MM-DDTHH:MM:SS.mmmZ";

  if (year < 1 || year > 9999)
    {
      g_autofree char *slow = ork_time_format_iso_utc (time_us);

      g_string_append (out, slow);
      return;
    }

  put_digits (text, year, 4);
  put_digits (text + 5, month, 2);
  put_digits (text + 8, day, 2);
  put_digits (text + 11, sod / 3600, 2);
  put_digits (text + 14, sod / 60 % 60, 2);
  put_digits (text + 17, sod % 60, 2);
  put_digits (text + 20, ms, 3);
  g_string_append_len (out, text, sizeof text - 1);
}

/* The text of a field that may hold anything (a message, a log line):
 * invalid UTF-8 becomes U+FFFD so that the output always is valid UTF-8. */
static const char *
valid_text (const char  *text,
            char       **to_free)
{
  if (g_utf8_validate (text, -1, NULL))
    return text;
  *to_free = g_utf8_make_valid (text, -1);
  return *to_free;
}

/* JSON */

static void
append_json_string (GString    *out,
                    const char *raw)
{
  g_autofree char *fixed = NULL;
  const char *text = valid_text (raw, &fixed);
  const char *run = text;
  const char *p;

  g_string_append_c (out, '"');
  for (p = text; *p != '\0'; p++)
    {
      guchar c = (guchar) *p;

      if (c >= 0x20 && c != '"' && c != '\\')
        continue;

      g_string_append_len (out, run, p - run);
      run = p + 1;
      switch (c)
        {
        case '"':
          g_string_append (out, "\\\"");
          break;
        case '\\':
          g_string_append (out, "\\\\");
          break;
        case '\n':
          g_string_append (out, "\\n");
          break;
        case '\r':
          g_string_append (out, "\\r");
          break;
        case '\t':
          g_string_append (out, "\\t");
          break;
        default:
          g_string_append_printf (out, "\\u%04x", c);
          break;
        }
    }
  g_string_append_len (out, run, p - run);
  g_string_append_c (out, '"');
}

static void
append_json_time (GString *out,
                  gint64   time_us)
{
  if (time_us == ORK_TIME_UNSET)
    {
      g_string_append (out, "null");
      return;
    }
  g_string_append_c (out, '"');
  append_iso_time (out, time_us);
  g_string_append_c (out, '"');
}

static void
append_json_span (GString *out,
                  gint64   from,
                  gint64   to)
{
  gint64 ms;

  if (span_ms (from, to, &ms))
    append_int64 (out, ms);
  else
    g_string_append (out, "null");
}

void
ork_record_append_json (const OrkRecord *self,
                        GString         *out)
{
  gint64 finished_at;

  g_return_if_fail (self != NULL);
  g_return_if_fail (out != NULL);

  finished_at = record_finished_at (self);

  g_string_append (out, "{\"jobId\":");
  if (self->job_id != NULL)
    append_json_string (out, self->job_id);
  else
    g_string_append (out, "null");
  g_string_append (out, ",\"runId\":");
  append_uint64 (out, self->run_id);
  g_string_append (out, ",\"attempt\":");
  append_uint64 (out, self->attempt);
  g_string_append (out, ",\"status\":\"");
  g_string_append (out, ork_run_state_to_string (self->status));
  g_string_append (out, "\",\"reason\":\"");
  g_string_append (out, ork_reason_to_string (self->reason));
  g_string_append (out, "\",\"nominalAt\":");
  append_json_time (out, self->nominal_at);
  g_string_append (out, ",\"queuedAt\":");
  append_json_time (out, self->queued_at);
  g_string_append (out, ",\"startedAt\":");
  append_json_time (out, self->started_at);
  g_string_append (out, ",\"finishedAt\":");
  append_json_time (out, finished_at);
  g_string_append (out, ",\"queueMs\":");
  append_json_span (out, self->queued_at, self->started_at);
  g_string_append (out, ",\"durationMs\":");
  append_json_span (out, self->started_at, finished_at);
  g_string_append (out, ",\"exitCode\":");
  if (self->has_exit_code)
    append_int64 (out, self->exit_code);
  else
    g_string_append (out, "null");
  g_string_append (out, ",\"nextRetryIn\":");
  if (self->next_retry_in >= 0)
    append_int64 (out, self->next_retry_in);
  else
    g_string_append (out, "null");
  g_string_append (out, ",\"message\":");
  if (self->message != NULL)
    append_json_string (out, self->message);
  else
    g_string_append (out, "null");
  g_string_append_c (out, '}');
}

/* CSV */

/* A text cell: prefixed with ' when a spreadsheet would take it for a
 * formula, quoted when it holds a separator, a quote or a line break. */
static void
append_csv_text (GString    *out,
                 const char *raw)
{
  g_autofree char *fixed = NULL;
  const char *text;
  gboolean formula;

  if (raw == NULL)
    return;

  text = valid_text (raw, &fixed);
  formula = text[0] != '\0' && strchr ("=+-@\t\r", text[0]) != NULL;

  if (text[strcspn (text, ",\"\r\n")] == '\0')
    {
      if (formula)
        g_string_append_c (out, '\'');
      g_string_append (out, text);
      return;
    }

  g_string_append_c (out, '"');
  if (formula)
    g_string_append_c (out, '\'');
  for (const char *p = text; *p != '\0'; p++)
    {
      if (*p == '"')
        g_string_append_c (out, '"');
      g_string_append_c (out, *p);
    }
  g_string_append_c (out, '"');
}

static void
append_csv_time (GString *out,
                 gint64   time_us)
{
  /* An ISO time never needs quoting nor a formula prefix. */
  if (time_us != ORK_TIME_UNSET)
    append_iso_time (out, time_us);
}

void
ork_record_append_csv (const OrkRecord *self,
                       GString         *out)
{
  gint64 finished_at;
  gint64 ms;

  g_return_if_fail (self != NULL);
  g_return_if_fail (out != NULL);

  finished_at = record_finished_at (self);

  append_csv_text (out, self->job_id);
  g_string_append_c (out, ',');
  append_uint64 (out, self->run_id);
  g_string_append_c (out, ',');
  append_uint64 (out, self->attempt);
  g_string_append_c (out, ',');
  append_csv_text (out, ork_run_state_to_string (self->status));
  g_string_append_c (out, ',');
  append_csv_text (out, ork_reason_to_string (self->reason));
  g_string_append_c (out, ',');
  append_csv_time (out, self->nominal_at);
  g_string_append_c (out, ',');
  append_csv_time (out, self->queued_at);
  g_string_append_c (out, ',');
  append_csv_time (out, self->started_at);
  g_string_append_c (out, ',');
  append_csv_time (out, finished_at);
  g_string_append_c (out, ',');
  if (span_ms (self->queued_at, self->started_at, &ms))
    append_int64 (out, ms);
  g_string_append_c (out, ',');
  if (span_ms (self->started_at, finished_at, &ms))
    append_int64 (out, ms);
  g_string_append_c (out, ',');
  if (self->has_exit_code)
    append_int64 (out, self->exit_code);
  g_string_append_c (out, ',');
  if (self->next_retry_in >= 0)
    append_int64 (out, self->next_retry_in);
  g_string_append_c (out, ',');
  append_csv_text (out, self->message);
  g_string_append_c (out, '\n');
}

/* Writer */

OrkRecordWriter *
ork_record_writer_new (GOutputStream   *stream,
                       OrkRecordFormat  format)
{
  OrkRecordWriter *self;

  g_return_val_if_fail (G_IS_OUTPUT_STREAM (stream), NULL);
  g_return_val_if_fail (format <= ORK_RECORD_FORMAT_JSON, NULL);

  self = g_new0 (OrkRecordWriter, 1);
  self->stream = g_object_ref (stream);
  self->format = format;
  self->buffer = g_string_sized_new (WRITER_CHUNK);
  return self;
}

static gboolean
flush_buffer (OrkRecordWriter  *self,
              GError          **error)
{
  gsize done = 0;
  gboolean ok = TRUE;

  while (done < self->buffer->len)
    {
      gsize n = MIN (self->buffer->len - done, WRITER_CHUNK);

      if (!g_output_stream_write_all (self->stream, self->buffer->str + done, n,
                                      NULL, NULL, error))
        {
          ok = FALSE;
          break;
        }
      done += n;
    }
  g_string_truncate (self->buffer, 0);
  return ok;
}

gboolean
ork_record_writer_write (OrkRecordWriter  *self,
                         const OrkRecord  *record,
                         GError          **error)
{
  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (record != NULL, FALSE);
  g_return_val_if_fail (!self->finished, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  switch (self->format)
    {
    case ORK_RECORD_FORMAT_NDJSON:
      ork_record_append_json (record, self->buffer);
      g_string_append_c (self->buffer, '\n');
      break;

    case ORK_RECORD_FORMAT_JSON:
      g_string_append (self->buffer, self->count == 0 ? "[\n" : ",\n");
      ork_record_append_json (record, self->buffer);
      break;

    case ORK_RECORD_FORMAT_CSV:
      if (self->count == 0)
        g_string_append (self->buffer, csv_header);
      ork_record_append_csv (record, self->buffer);
      break;

    default:
      g_assert_not_reached ();
    }
  self->count++;

  if (self->buffer->len >= WRITER_HIGH_WATER)
    return flush_buffer (self, error);
  return TRUE;
}

gboolean
ork_record_writer_finish (OrkRecordWriter  *self,
                          GError          **error)
{
  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (!self->finished, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  self->finished = TRUE;

  if (self->format == ORK_RECORD_FORMAT_JSON)
    g_string_append (self->buffer, self->count == 0 ? "[]\n" : "\n]\n");
  else if (self->format == ORK_RECORD_FORMAT_CSV && self->count == 0)
    g_string_append (self->buffer, csv_header);

  if (!flush_buffer (self, error))
    return FALSE;
  return g_output_stream_flush (self->stream, NULL, error);
}

guint64
ork_record_writer_get_count (OrkRecordWriter *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->count;
}

void
ork_record_writer_free (OrkRecordWriter *self)
{
  if (self == NULL)
    return;
  g_clear_object (&self->stream);
  g_string_free (self->buffer, TRUE);
  g_free (self);
}
