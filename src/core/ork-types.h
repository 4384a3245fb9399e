/* ork-types.h — enumerations shared by every layer, and their names
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Times inside the core are microseconds since the Unix epoch, UTC. */
#define ORK_TIME_NEVER G_MAXINT64
#define ORK_USEC_PER_MS G_GINT64_CONSTANT (1000)
#define ORK_USEC_PER_SEC G_GINT64_CONSTANT (1000000)
/* A duration of ORK_DURATION_NONE milliseconds disables a timeout. */
#define ORK_DURATION_NONE G_GINT64_CONSTANT (-1)

typedef enum
{
  ORK_JOB_TYPE_SYNC,
  ORK_JOB_TYPE_CLEANUP,
  ORK_JOB_TYPE_BATCH,
  ORK_JOB_TYPE_METRICS,
  ORK_JOB_TYPE_COMMAND,
} OrkJobType;

typedef enum
{
  ORK_PRIORITY_LOW,
  ORK_PRIORITY_NORMAL,
  ORK_PRIORITY_HIGH,
  ORK_PRIORITY_CRITICAL,
} OrkPriority;

typedef enum
{
  ORK_SCHEDULE_INTERVAL,
  ORK_SCHEDULE_CRON,
  ORK_SCHEDULE_WEEKLY,
  ORK_SCHEDULE_ONCE,
  ORK_SCHEDULE_MANUAL,
} OrkScheduleKind;

typedef enum
{
  ORK_INTERVAL_FROM_SCHEDULE,
  ORK_INTERVAL_FROM_COMPLETION,
} OrkIntervalFrom;

typedef enum
{
  ORK_OVERLAP_SKIP,
  ORK_OVERLAP_QUEUE,
  ORK_OVERLAP_REPLACE,
  ORK_OVERLAP_ALLOW,
} OrkOverlap;

typedef enum
{
  ORK_MISSED_SKIP,
  ORK_MISSED_RUN_ONCE,
  ORK_MISSED_RUN_ALL,
} OrkMissedPolicy;

typedef enum
{
  ORK_BACKOFF_FIXED,
  ORK_BACKOFF_LINEAR,
  ORK_BACKOFF_EXPONENTIAL,
  ORK_BACKOFF_DELAYS,
} OrkBackoff;

typedef enum
{
  ORK_JITTER_NONE,
  ORK_JITTER_FULL,
  ORK_JITTER_EQUAL,
  ORK_JITTER_DECORRELATED,
} OrkJitter;

/* How a job takes its quiet hours. */
typedef enum
{
  ORK_QUIET_INHERIT,
  ORK_QUIET_IGNORE,
  ORK_QUIET_OWN,
} OrkQuietMode;

typedef enum
{
  ORK_QUIET_POLICY_DEFER,
  ORK_QUIET_POLICY_SKIP,
} OrkQuietPolicy;

typedef enum
{
  ORK_LATENCY_LOGNORMAL,
  ORK_LATENCY_FIXED,
  ORK_LATENCY_UNIFORM,
} OrkLatencyKind;

/* The state of a run (DESIGN §4). The first four are not final. */
typedef enum
{
  ORK_RUN_SCHEDULED,
  ORK_RUN_QUEUED,
  ORK_RUN_RUNNING,
  ORK_RUN_RETRY_WAIT,
  ORK_RUN_SUCCEEDED,
  ORK_RUN_FAILED,
  ORK_RUN_TIMED_OUT,
  ORK_RUN_CANCELLED,
  ORK_RUN_SKIPPED,
  ORK_RUN_INTERRUPTED,
} OrkRunState;

#define ORK_RUN_STATE_IS_FINAL(s) ((s) >= ORK_RUN_SUCCEEDED)

typedef enum
{
  ORK_REASON_NONE,
  ORK_REASON_SCHEDULE,
  ORK_REASON_MANUAL,
  ORK_REASON_RETRY,
  ORK_REASON_MANUAL_RETRY,
  ORK_REASON_CONCURRENCY_LIMIT,
  ORK_REASON_GROUP_LIMIT,
  ORK_REASON_MAX_RUNNING,
  ORK_REASON_QUIET_HOURS,
  ORK_REASON_OVERLAP,
  ORK_REASON_MISSED,
  ORK_REASON_COALESCED,
  ORK_REASON_REPLACED,
  ORK_REASON_TIMEOUT,
  ORK_REASON_USER_CANCEL,
  ORK_REASON_EXIT_STATUS,
  ORK_REASON_SIGNAL,
  ORK_REASON_SPAWN_ERROR,
  ORK_REASON_INJECTED_FAILURE,
  ORK_REASON_INJECTED_HANG,
  ORK_REASON_COMPLETED,
  ORK_REASON_INTERRUPTED,
} OrkReason;

/* A job's displayed status, derived from its runs (DESIGN §4). */
typedef enum
{
  ORK_JOB_STATUS_DISABLED,
  ORK_JOB_STATUS_PAUSED,
  ORK_JOB_STATUS_RUNNING,
  ORK_JOB_STATUS_QUEUED,
  ORK_JOB_STATUS_RETRYING,
  ORK_JOB_STATUS_FAILED,
  ORK_JOB_STATUS_SCHEDULED,
  ORK_JOB_STATUS_IDLE,
  ORK_JOB_STATUS_BLOCKED,   /* a command job of a workspace that is not trusted */
} OrkJobStatus;

/* Names as they appear in files and records: workspace values snake_case,
 * statuses UPPER_CASE, reasons kebab-case. from_string returns FALSE on an
 * unknown name and leaves *out untouched. */
const char *ork_job_type_to_string        (OrkJobType       value);
gboolean    ork_job_type_from_string      (const char      *name,
                                           OrkJobType      *out);
const char *ork_priority_to_string        (OrkPriority      value);
gboolean    ork_priority_from_string      (const char      *name,
                                           OrkPriority     *out);
const char *ork_schedule_kind_to_string   (OrkScheduleKind  value);
gboolean    ork_schedule_kind_from_string (const char      *name,
                                           OrkScheduleKind *out);
const char *ork_interval_from_to_string   (OrkIntervalFrom  value);
gboolean    ork_interval_from_from_string (const char      *name,
                                           OrkIntervalFrom *out);
const char *ork_overlap_to_string         (OrkOverlap       value);
gboolean    ork_overlap_from_string       (const char      *name,
                                           OrkOverlap      *out);
const char *ork_missed_policy_to_string   (OrkMissedPolicy  value);
gboolean    ork_missed_policy_from_string (const char      *name,
                                           OrkMissedPolicy *out);
const char *ork_backoff_to_string         (OrkBackoff       value);
gboolean    ork_backoff_from_string       (const char      *name,
                                           OrkBackoff      *out);
const char *ork_jitter_to_string          (OrkJitter        value);
gboolean    ork_jitter_from_string        (const char      *name,
                                           OrkJitter       *out);
const char *ork_quiet_policy_to_string    (OrkQuietPolicy   value);
gboolean    ork_quiet_policy_from_string  (const char      *name,
                                           OrkQuietPolicy  *out);
const char *ork_run_state_to_string       (OrkRunState      value);
gboolean    ork_run_state_from_string     (const char      *name,
                                           OrkRunState     *out);
const char *ork_reason_to_string          (OrkReason        value);
gboolean    ork_reason_from_string        (const char      *name,
                                           OrkReason       *out);
const char *ork_job_status_to_string      (OrkJobStatus     value);
gboolean    ork_job_status_from_string    (const char      *name,
                                           OrkJobStatus    *out);

/* Formats @time_us as ISO-8601 UTC with milliseconds: 2026-11-26T10:00:00.000Z. */
char       *ork_time_format_iso_utc       (gint64           time_us);
/* Parses ISO-8601 with an explicit offset or Z. */
gboolean    ork_time_parse_iso            (const char      *text,
                                           gint64          *out_us);

G_END_DECLS
