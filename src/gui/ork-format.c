/* ork-format.c — words and times as the window shows them
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ork-format"

#include "config.h"

#include <glib/gi18n.h>

#include "ork-format.h"
#include "ork-record.h"

static GDateTime *
date_time_from_us (gint64 time_us)
{
  gint64 s = time_us / ORK_USEC_PER_SEC, us = time_us % ORK_USEC_PER_SEC;
  g_autoptr(GDateTime) whole = NULL;

  if (us < 0)
    {
      s -= 1;
      us += ORK_USEC_PER_SEC;
    }
  whole = g_date_time_new_from_unix_utc (s);
  return whole != NULL ? g_date_time_add (whole, us) : NULL;
}

char *
ork_format_relative (gint64 time_us,
                     gint64 now_us)
{
  gint64 delta, s;
  gboolean future;

  if (time_us == ORK_TIME_UNSET || time_us == ORK_TIME_NEVER)
    return g_strdup ("—");

  delta = now_us - time_us;
  future = delta < 0;
  s = (future ? -delta : delta) / ORK_USEC_PER_SEC;

  if (s < 1)
    return g_strdup (future ? _("now") : _("just now"));
  if (s < 60)
    return g_strdup_printf (future ? _("in %d s") : _("%d s ago"), (int) s);
  if (s < 3600)
    return g_strdup_printf (future ? _("in %d min") : _("%d min ago"), (int) (s / 60));
  if (s < 86400)
    return g_strdup_printf (future ? _("in %d h") : _("%d h ago"), (int) (s / 3600));
  return g_strdup_printf (future ? _("in %d d") : _("%d d ago"), (int) MIN (s / 86400, G_MAXINT));
}

char *
ork_format_time (gint64     time_us,
                 GTimeZone *tz)
{
  g_autoptr(GDateTime) utc = NULL;
  g_autoptr(GDateTime) local = NULL;

  if (time_us == ORK_TIME_UNSET || time_us == ORK_TIME_NEVER)
    return g_strdup ("—");
  utc = date_time_from_us (time_us);
  if (utc == NULL)
    return g_strdup ("—");
  local = g_date_time_to_timezone (utc, tz);
  /* Translators: a date and time, see g_date_time_format () */
  return g_date_time_format (local, _("%a %e %b %Y, %H:%M:%S"));
}

char *
ork_format_clock_time (gint64     time_us,
                       GTimeZone *tz)
{
  g_autoptr(GDateTime) utc = NULL;
  g_autoptr(GDateTime) local = NULL;
  g_autofree char *hms = NULL;

  if (time_us == ORK_TIME_UNSET || time_us == ORK_TIME_NEVER)
    return g_strdup ("—");
  utc = date_time_from_us (time_us);
  if (utc == NULL)
    return g_strdup ("—");
  local = g_date_time_to_timezone (utc, tz);
  hms = g_date_time_format (local, "%H:%M:%S");
  return g_strdup_printf ("%s.%03d", hms, g_date_time_get_microsecond (local) / 1000);
}

char *
ork_format_count (guint64 n)
{
  /* The ' flag (POSIX) groups digits as LC_NUMERIC says, which gtk_init
   * set from the environment. */
  return g_strdup_printf ("%'" G_GUINT64_FORMAT, n);
}

char *
ork_format_days (guint8   days,
                 gboolean capitalized)
{
  static const char *names[] = { N_("Sun"), N_("Mon"), N_("Tue"), N_("Wed"), N_("Thu"),
                                 N_("Fri"), N_("Sat") };
  g_autoptr(GString) s = g_string_new (NULL);

  if ((days & 0x7f) == 0x7f || days == 0)
    return g_strdup (capitalized ? _("Every day") : _("every day"));
  if (days == 0x3e)
    return g_strdup (_("Monday to Friday"));
  for (guint k = 0; k < 7; k++)
    {
      guint d = (k + 1) % 7;

      if (!(days & (1u << d)))
        continue;
      /* TRANSLATORS: between the day names of a list, as in "Mon, Wed, Fri" */
      if (s->len > 0)
        g_string_append (s, C_("list of days", ", "));
      g_string_append (s, _(names[d]));
    }
  return g_string_free (g_steal_pointer (&s), FALSE);
}

char *
ork_format_percent (double fraction)
{
  double pct;

  if (!(fraction >= 0))
    return g_strdup ("—");
  pct = MIN (fraction, 1.0) * 100.0;
  /* Below 1 % and above 99 %, a decimal tells "a few" from "none" and
   * "nearly all" from "all". */
  if ((pct > 0 && pct < 1) || (pct > 99 && pct < 100))
    /* TRANSLATORS: a percentage with one decimal; keep the space (or use your language's) */
    return g_strdup_printf (_("%.1f %%"), MIN (pct, 99.9));
  /* TRANSLATORS: a whole percentage; keep the space (or use your language's) */
  return g_strdup_printf (_("%.0f %%"), pct);
}

const char *
ork_format_zone_name (GTimeZone *tz)
{
  const char *id = tz != NULL ? g_time_zone_get_identifier (tz) : NULL;

  if (id == NULL || *id == '\0' || g_str_equal (id, "Z") || g_str_equal (id, "+00:00"))
    return "UTC";
  return id;
}

const char *
ork_format_job_status (OrkJobStatus status)
{
  switch (status)
    {
    case ORK_JOB_STATUS_DISABLED: return _("Disabled");
    case ORK_JOB_STATUS_PAUSED: return _("Paused");
    case ORK_JOB_STATUS_RUNNING: return _("Running");
    case ORK_JOB_STATUS_QUEUED: return _("Queued");
    case ORK_JOB_STATUS_RETRYING: return _("Retrying");
    case ORK_JOB_STATUS_FAILED: return _("Failed");
    case ORK_JOB_STATUS_SCHEDULED: return _("Scheduled");
    case ORK_JOB_STATUS_IDLE: return _("Idle");
    case ORK_JOB_STATUS_BLOCKED: return _("Blocked");
    default: return "?";
    }
}

const char *
ork_format_job_status_css (OrkJobStatus status)
{
  switch (status)
    {
    case ORK_JOB_STATUS_DISABLED: return "status-disabled";
    case ORK_JOB_STATUS_PAUSED: return "status-paused";
    case ORK_JOB_STATUS_RUNNING: return "status-running";
    case ORK_JOB_STATUS_QUEUED: return "status-queued";
    case ORK_JOB_STATUS_RETRYING: return "status-retrying";
    case ORK_JOB_STATUS_FAILED: return "status-failed";
    case ORK_JOB_STATUS_SCHEDULED: return "status-scheduled";
    case ORK_JOB_STATUS_IDLE: return "status-idle";
    case ORK_JOB_STATUS_BLOCKED: return "status-blocked";
    default: return "status-idle";
    }
}

const char *
ork_format_job_type (OrkJobType type)
{
  switch (type)
    {
    case ORK_JOB_TYPE_SYNC: return _("Sync");
    case ORK_JOB_TYPE_CLEANUP: return _("Cleanup");
    case ORK_JOB_TYPE_BATCH: return _("Batch");
    case ORK_JOB_TYPE_METRICS: return _("Metrics");
    case ORK_JOB_TYPE_COMMAND: return _("Command");
    default: return "?";
    }
}

const char *
ork_format_job_type_icon (OrkJobType type)
{
  switch (type)
    {
    case ORK_JOB_TYPE_SYNC: return "emblem-synchronizing-symbolic";
    case ORK_JOB_TYPE_CLEANUP: return "edit-clear-all-symbolic";
    case ORK_JOB_TYPE_BATCH: return "package-x-generic-symbolic";
    case ORK_JOB_TYPE_METRICS: return "x-office-spreadsheet-symbolic";
    case ORK_JOB_TYPE_COMMAND: return "utilities-terminal-symbolic";
    default: return "application-x-executable-symbolic";
    }
}

const char *
ork_format_run_state (OrkRunState state)
{
  switch (state)
    {
    case ORK_RUN_SCHEDULED: return _("Scheduled");
    case ORK_RUN_QUEUED: return _("Queued");
    case ORK_RUN_RUNNING: return _("Running");
    case ORK_RUN_RETRY_WAIT: return _("Waiting to retry");
    case ORK_RUN_SUCCEEDED: return _("Succeeded");
    case ORK_RUN_FAILED: return _("Failed");
    case ORK_RUN_TIMED_OUT: return _("Timed out");
    case ORK_RUN_CANCELLED: return _("Cancelled");
    case ORK_RUN_SKIPPED: return _("Skipped");
    case ORK_RUN_INTERRUPTED: return _("Interrupted");
    default: return "?";
    }
}

const char *
ork_format_run_state_css (OrkRunState state)
{
  switch (state)
    {
    case ORK_RUN_SUCCEEDED: return "outcome-succeeded";
    case ORK_RUN_FAILED:
    case ORK_RUN_TIMED_OUT:
    case ORK_RUN_INTERRUPTED: return "outcome-failed";
    case ORK_RUN_CANCELLED:
    case ORK_RUN_SKIPPED: return "outcome-skipped";
    default: return "outcome-active";
    }
}

const char *
ork_format_reason (OrkReason reason)
{
  switch (reason)
    {
    case ORK_REASON_NONE: return "";
    case ORK_REASON_SCHEDULE: return _("schedule");
    case ORK_REASON_MANUAL: return _("run now");
    case ORK_REASON_RETRY: return _("retry");
    case ORK_REASON_MANUAL_RETRY: return _("retry now");
    case ORK_REASON_CONCURRENCY_LIMIT: return _("all workers busy");
    case ORK_REASON_GROUP_LIMIT: return _("group limit");
    case ORK_REASON_MAX_RUNNING: return _("max running");
    case ORK_REASON_QUIET_HOURS: return _("quiet hours");
    case ORK_REASON_OVERLAP: return _("overlap");
    case ORK_REASON_MISSED: return _("missed");
    case ORK_REASON_COALESCED: return _("coalesced");
    case ORK_REASON_REPLACED: return _("replaced");
    case ORK_REASON_TIMEOUT: return _("timeout");
    case ORK_REASON_USER_CANCEL: return _("cancelled by you");
    case ORK_REASON_EXIT_STATUS: return _("exit status");
    case ORK_REASON_SIGNAL: return _("signal");
    case ORK_REASON_SPAWN_ERROR: return _("could not start");
    case ORK_REASON_INJECTED_FAILURE: return _("injected failure");
    case ORK_REASON_INJECTED_HANG: return _("injected hang");
    case ORK_REASON_COMPLETED: return _("completed");
    case ORK_REASON_INTERRUPTED: return _("interrupted");
    default: return ork_reason_to_string (reason);
    }
}
