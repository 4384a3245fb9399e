/* ork-record.h — the record of a finished attempt or a skipped run (DESIGN §4)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "ork-types.h"

G_BEGIN_DECLS

/* A time field that is null. */
#define ORK_TIME_UNSET G_MININT64

typedef struct
{
  char        *job_id;
  guint64      run_id;          /* from 1 */
  guint        attempt;         /* from 1; 0 for SKIPPED */
  OrkRunState  status;          /* a final state */
  OrkReason    reason;
  gint64       nominal_at;      /* µs UTC */
  gint64       queued_at;       /* µs UTC or ORK_TIME_UNSET */
  gint64       started_at;      /* µs UTC or ORK_TIME_UNSET */
  gint64       finished_at;     /* µs UTC or ORK_TIME_UNSET (SKIPPED: unset; decided_at holds the time) */
  gint64       decided_at;      /* µs UTC: finished_at, or for SKIPPED the moment it was decided */
  gboolean     has_exit_code;
  int          exit_code;
  gint64       next_retry_in;   /* ms, or -1 for null */
  char        *message;         /* or NULL */
} OrkRecord;

#define ORK_TYPE_RECORD (ork_record_get_type ())

GType      ork_record_get_type (void) G_GNUC_CONST;
OrkRecord *ork_record_new      (void);
OrkRecord *ork_record_copy     (const OrkRecord *self);
void       ork_record_free     (OrkRecord       *self);
/* Output order: decided_at, then job id, run id, attempt. */
int        ork_record_compare  (const OrkRecord *a,
                                const OrkRecord *b);

typedef enum
{
  ORK_RECORD_FORMAT_NDJSON,
  ORK_RECORD_FORMAT_CSV,
  ORK_RECORD_FORMAT_JSON,
} OrkRecordFormat;

gboolean   ork_record_format_from_string (const char      *name,
                                          OrkRecordFormat *out);

/* One compact JSON object, keys in the order of DESIGN §4:
 * jobId runId attempt status reason nominalAt queuedAt startedAt finishedAt
 * queueMs durationMs exitCode nextRetryIn message. Appended to @out. */
void       ork_record_append_json  (const OrkRecord *self,
                                    GString         *out);
/* One CSV row (RFC 4180, CRLF-free: rows end in "\n"), formula-injection
 * prefix on text cells. Appended to @out. */
void       ork_record_append_csv   (const OrkRecord *self,
                                    GString         *out);
/* The CSV header row, with "\n". */
const char *ork_record_csv_header  (void);

/* Streams records to an output stream in one format: NDJSON one object per
 * line; JSON one array (written incrementally, "[\n" ... "\n]\n"); CSV a
 * header and one row per record. Memory does not grow with the number of
 * records (output is buffered in chunks of at most 64 KiB). */
typedef struct _OrkRecordWriter OrkRecordWriter;

OrkRecordWriter *ork_record_writer_new    (GOutputStream    *stream,
                                           OrkRecordFormat   format);
gboolean         ork_record_writer_write  (OrkRecordWriter  *self,
                                           const OrkRecord  *record,
                                           GError          **error);
/* Writes what the format needs at the end (the JSON array's closing bracket)
 * and flushes. */
gboolean         ork_record_writer_finish (OrkRecordWriter  *self,
                                           GError          **error);
guint64          ork_record_writer_get_count (OrkRecordWriter *self);
void             ork_record_writer_free   (OrkRecordWriter  *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (OrkRecord, ork_record_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (OrkRecordWriter, ork_record_writer_free)

G_END_DECLS
