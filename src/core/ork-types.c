/* ork-types.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ork-types"

#include "config.h"

#include <string.h>

#include "ork-types.h"

static const char *job_type_names[] = { "sync", "cleanup", "batch", "metrics", "command", NULL };
static const char *priority_names[] = { "low", "normal", "high", "critical", NULL };
static const char *schedule_kind_names[] = { "interval", "cron", "weekly", "once", "manual", NULL };
static const char *interval_from_names[] = { "schedule", "completion", NULL };
static const char *overlap_names[] = { "skip", "queue", "replace", "allow", NULL };
static const char *missed_policy_names[] = { "skip", "run_once", "run_all", NULL };
static const char *backoff_names[] = { "fixed", "linear", "exponential", "delays", NULL };
static const char *jitter_names[] = { "none", "full", "equal", "decorrelated", NULL };
static const char *quiet_policy_names[] = { "defer", "skip", NULL };
static const char *run_state_names[] = {
  "SCHEDULED", "QUEUED", "RUNNING", "RETRY_WAIT", "SUCCEEDED", "FAILED",
  "TIMED_OUT", "CANCELLED", "SKIPPED", "INTERRUPTED", NULL
};
static const char *reason_names[] = {
  "none", "schedule", "manual", "retry", "manual-retry", "concurrency-limit",
  "group-limit", "max-running", "quiet-hours", "overlap", "missed", "coalesced",
  "replaced", "timeout", "user-cancel", "exit-status", "signal", "spawn-error",
  "injected-failure", "injected-hang", "completed", "interrupted", NULL
};
static const char *job_status_names[] = {
  "disabled", "paused", "running", "queued", "retrying", "failed", "scheduled", "idle",
  "blocked", NULL
};

static const char *
lookup_name (const char * const *names,
             guint               n_names,
             guint               value)
{
  g_return_val_if_fail (value < n_names, NULL);
  return names[value];
}

static gboolean
lookup_value (const char * const *names,
              const char         *name,
              guint              *out)
{
  if (name == NULL)
    return FALSE;
  for (guint i = 0; names[i] != NULL; i++)
    if (strcmp (names[i], name) == 0)
      {
        *out = i;
        return TRUE;
      }
  return FALSE;
}

#define DEFINE_NAMES(prefix, Type, table)                                   \
  const char *                                                              \
  prefix##_to_string (Type value)                                           \
  {                                                                         \
    return lookup_name (table, G_N_ELEMENTS (table) - 1, (guint) value);    \
  }                                                                         \
  gboolean                                                                  \
  prefix##_from_string (const char *name,                                   \
                        Type       *out)                                    \
  {                                                                         \
    guint v;                                                                \
    if (!lookup_value (table, name, &v))                                    \
      return FALSE;                                                         \
    *out = (Type) v;                                                        \
    return TRUE;                                                            \
  }

DEFINE_NAMES (ork_job_type, OrkJobType, job_type_names)
DEFINE_NAMES (ork_priority, OrkPriority, priority_names)
DEFINE_NAMES (ork_schedule_kind, OrkScheduleKind, schedule_kind_names)
DEFINE_NAMES (ork_interval_from, OrkIntervalFrom, interval_from_names)
DEFINE_NAMES (ork_overlap, OrkOverlap, overlap_names)
DEFINE_NAMES (ork_missed_policy, OrkMissedPolicy, missed_policy_names)
DEFINE_NAMES (ork_backoff, OrkBackoff, backoff_names)
DEFINE_NAMES (ork_jitter, OrkJitter, jitter_names)
DEFINE_NAMES (ork_quiet_policy, OrkQuietPolicy, quiet_policy_names)
DEFINE_NAMES (ork_run_state, OrkRunState, run_state_names)
DEFINE_NAMES (ork_reason, OrkReason, reason_names)
DEFINE_NAMES (ork_job_status, OrkJobStatus, job_status_names)

char *
ork_time_format_iso_utc (gint64 time_us)
{
  g_autoptr(GDateTime) dt = NULL;
  gint64 secs = time_us / ORK_USEC_PER_SEC;
  gint64 rem = time_us % ORK_USEC_PER_SEC;

  if (rem < 0)
    {
      rem += ORK_USEC_PER_SEC;
      secs -= 1;
    }
  dt = g_date_time_new_from_unix_utc (secs);
  if (dt == NULL)
    return g_strdup ("invalid-time");
  return g_strdup_printf ("%04d-%02d-%02dT%02d:%02d:%02d.%03dZ",
                          g_date_time_get_year (dt),
                          g_date_time_get_month (dt),
                          g_date_time_get_day_of_month (dt),
                          g_date_time_get_hour (dt),
                          g_date_time_get_minute (dt),
                          g_date_time_get_second (dt),
                          (int) (rem / 1000));
}

gboolean
ork_time_parse_iso (const char *text,
                    gint64     *out_us)
{
  g_autoptr(GDateTime) dt = NULL;
  gsize len;

  g_return_val_if_fail (out_us != NULL, FALSE);

  if (text == NULL)
    return FALSE;
  /* Require a date, a time and an explicit offset: a bare local time is
   * ambiguous in a file that is shared across machines. */
  len = strlen (text);
  if (len < 20 || text[4] != '-' || text[7] != '-' || (text[10] != 'T' && text[10] != 't'))
    return FALSE;
  if (!(text[len - 1] == 'Z' || text[len - 1] == 'z' ||
        (len >= 6 && (text[len - 6] == '+' || text[len - 6] == '-') && text[len - 3] == ':')))
    return FALSE;
  dt = g_date_time_new_from_iso8601 (text, NULL);
  if (dt == NULL)
    return FALSE;
  *out_us = g_date_time_to_unix (dt) * ORK_USEC_PER_SEC + g_date_time_get_microsecond (dt);
  return TRUE;
}
