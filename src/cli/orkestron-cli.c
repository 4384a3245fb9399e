/* orkestron-cli.c — the headless front end (DESIGN §9)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "orkestron-cli"

#include "config.h"

#include <inttypes.h>

#include <errno.h>
#include <fcntl.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <signal.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <gio/gio.h>
#include <gio/gunixoutputstream.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <glib-unix.h>

#include "ork-clock.h"
#include "ork-command-worker.h"
#include "ork-cron.h"
#include "ork-duration.h"
#include "ork-history.h"
#include "ork-record.h"
#include "ork-run.h"
#include "ork-scheduler.h"
#include "ork-session.h"
#include "ork-types.h"
#include "ork-workspace.h"

/* Exit statuses of DESIGN §9. */
enum
{
  STATUS_OK = 0,
  STATUS_INVALID_INPUT = 1,
  STATUS_USAGE = 2,
  STATUS_RUNTIME = 3,
};

#define PROGRAM "orkestron-cli"
#define DEFAULT_NEXT_COUNT 10
#define MAX_NEXT_COUNT 1000000

/* The times the CLI accepts and prints: 1970-01-01T00:00:00Z to
 * 9999-12-31T23:59:59Z. ISO-8601 has four-digit years, and inside this range
 * adding a duration (at most 100 years) in microseconds cannot overflow. */
#define MIN_TIME_US G_GINT64_CONSTANT (0)
#define MAX_TIME_US (G_GINT64_CONSTANT (253402300799) * ORK_USEC_PER_SEC)
#define MIN_TIME_TEXT "1970-01-01T00:00:00Z"
#define MAX_TIME_TEXT "9999-12-31T23:59:59Z"

/* Helpers shared by the commands. */

static void error_message (const char *format,
                           ...) G_GNUC_PRINTF (1, 2);

static void
error_message (const char *format,
               ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  g_printerr ("%s: %s %s\n", PROGRAM, _("error:"), message);
}

static int usage_error (const char *command,
                        const char *format,
                        ...) G_GNUC_PRINTF (2, 3);

/* Reports a usage error and returns the usage exit status. */
static int
usage_error (const char *command,
             const char *format,
             ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  g_printerr ("%s: %s %s\n", PROGRAM, _("error:"), message);
  if (command != NULL)
    g_printerr (_("Try '%s %s --help' for more information.\n"), PROGRAM, command);
  else
    g_printerr (_("Try '%s --help' for more information.\n"), PROGRAM);

  return STATUS_USAGE;
}

/* Parses the options of @command. Returns FALSE (after reporting the
 * error) on a usage error; --help prints the help and exits. */
static gboolean
parse_options (const char    *command,
               const char    *parameters,
               const char    *summary,
               const char    *description,
               GOptionEntry  *entries,
               int           *argc,
               char        ***argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *prgname = g_strdup_printf ("%s %s", PROGRAM, command);

  /* The help's usage line shows the program name: make it name the command. */
  g_set_prgname (prgname);

  context = g_option_context_new (parameters);
  g_option_context_set_summary (context, summary);
  if (description != NULL)
    g_option_context_set_description (context, description);
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);

  if (!g_option_context_parse (context, argc, argv, &error))
    {
      usage_error (command, "%s", error->message);
      return FALSE;
    }

  return TRUE;
}

/* Parses an ISO-8601 time with an explicit offset for option @option,
 * from MIN_TIME_TEXT to MAX_TIME_TEXT. */
static gboolean
parse_time_option (const char *command,
                   const char *option,
                   const char *text,
                   gint64     *out_us)
{
  gint64 us = 0;
  gsize n_digits = strspn (text, "0123456789");

  /* A year of five or more digits is past the range, not malformed. */
  if (!ork_time_parse_iso (text, &us) && !(n_digits > 4 && text[n_digits] == '-'))
    {
      usage_error (command,
                   _("%s: expected an ISO-8601 time with an offset, "
                     "like 2026-11-26T00:00:00Z or 2026-03-28T12:00:00+01:00, got \"%s\""),
                   option, text);
      return FALSE;
    }
  if (n_digits > 4 || us < MIN_TIME_US || us > MAX_TIME_US)
    {
      usage_error (command, _("%s: expected a time from %s to %s, got \"%s\""),
                   option, MIN_TIME_TEXT, MAX_TIME_TEXT, text);
      return FALSE;
    }

  *out_us = us;
  return TRUE;
}

/* Whether @name names a zone the way --tz may (the workspace loader's rule): "UTC", a
 * fixed offset written "+05:00" or "-03:30", or a zone of the tz database (a
 * TZif file under $TZDIR, else /usr/share/zoneinfo, as GLib looks them up).
 * GTimeZone also takes POSIX TZ strings, where "UTC+5" means five hours
 * *behind* UTC: those are refused, as is anything that is not a zone file. */
static gboolean
is_zone_name (const char *name)
{
  const char *dir;
  g_autofree char *path = NULL;
  char magic[4];
  gssize n;
  int fd;

  if (strcmp (name, "UTC") == 0)
    return TRUE;
  if (strlen (name) == 6 && (name[0] == '+' || name[0] == '-') &&
      g_ascii_isdigit (name[1]) && g_ascii_isdigit (name[2]) && name[3] == ':' &&
      g_ascii_isdigit (name[4]) && g_ascii_isdigit (name[5]))
    return TRUE;
  if (name[0] == '\0' || name[0] == '/' || strstr (name, "..") != NULL)
    return FALSE;

  dir = g_getenv ("TZDIR");
  if (dir == NULL || dir[0] == '\0')
    dir = "/usr/share/zoneinfo";
  path = g_build_filename (dir, name, NULL);
  fd = g_open (path, O_RDONLY | O_CLOEXEC, 0);
  if (fd < 0)
    return FALSE;
  n = read (fd, magic, sizeof magic);
  close (fd);
  return n == (gssize) sizeof magic && memcmp (magic, "TZif", sizeof magic) == 0;
}

/* "2026-03-29T03:00:00+02:00": whole seconds, the offset as ±HH:MM (with
 * :SS only for the odd historical zone whose offset has seconds). NULL when
 * the local time falls outside the years 1 to 9999 (GDateTime's range). */
static char *
format_time_in_zone (gint64     time_us,
                     GTimeZone *tz)
{
  g_autoptr(GDateTime) utc = NULL;
  g_autoptr(GDateTime) local = NULL;
  gint64 secs;
  gint64 offset;
  char sign;
  GString *out;

  secs = time_us / ORK_USEC_PER_SEC;
  if (time_us % ORK_USEC_PER_SEC < 0)
    secs -= 1;

  utc = g_date_time_new_from_unix_utc (secs);
  if (utc == NULL)
    return NULL;
  local = g_date_time_to_timezone (utc, tz);
  if (local == NULL)
    return NULL;

  offset = g_date_time_get_utc_offset (local) / G_TIME_SPAN_SECOND;
  sign = offset < 0 ? '-' : '+';
  if (offset < 0)
    offset = -offset;

  out = g_string_new (NULL);
  g_string_append_printf (out, "%04d-%02d-%02dT%02d:%02d:%02d%c%02d:%02d",
                          g_date_time_get_year (local),
                          g_date_time_get_month (local),
                          g_date_time_get_day_of_month (local),
                          g_date_time_get_hour (local),
                          g_date_time_get_minute (local),
                          g_date_time_get_second (local),
                          sign,
                          (int) (offset / 3600),
                          (int) (offset / 60 % 60));
  if (offset % 60 != 0)
    g_string_append_printf (out, ":%02d", (int) (offset % 60));

  return g_string_free (out, FALSE);
}


/* validate FILE... */

static int
command_validate (int    argc,
                  char **argv)
{
  GOptionEntry entries[] = {
    G_OPTION_ENTRY_NULL
  };
  gboolean any_invalid = FALSE;
  gboolean any_unreadable = FALSE;

  if (!parse_options ("validate", _("FILE…"),
                      _("Checks workspace files and reports every error in them."),
                      _("Prints \"FILE: ok (N jobs)\" for each valid file. Errors go to\n"
                        "standard error as FILE:LINE:COL: error: PATH: message.\n"
                        "\n"
                        "Exit status: 0 all valid, 1 an invalid file, 2 usage error,\n"
                        "3 a file could not be read."),
                      entries, &argc, &argv))
    return STATUS_USAGE;

  if (argc < 2)
    return usage_error ("validate", _("no workspace file given"));

  for (int i = 1; i < argc; i++)
    {
      g_autoptr(OrkWorkspace) workspace = NULL;
      g_autoptr(GError) error = NULL;
      guint n_jobs;

      workspace = ork_workspace_load_from_file (argv[i], NULL, &error);
      if (workspace == NULL)
        {
          if (g_error_matches (error, ORK_WORKSPACE_ERROR, ORK_WORKSPACE_ERROR_INVALID))
            {
              /* Already "FILE:LINE:COL: error: PATH: message", one per line. */
              g_printerr ("%s\n", error->message);
              any_invalid = TRUE;
            }
          else
            {
              error_message ("%s", error->message);
              any_unreadable = TRUE;
            }
          continue;
        }

      n_jobs = g_list_model_get_n_items (ork_workspace_get_jobs (workspace));
      g_print (ngettext ("%s: ok (%u job)\n", "%s: ok (%u jobs)\n", n_jobs), argv[i], n_jobs);
    }

  if (any_unreadable)
    return STATUS_RUNTIME;
  if (any_invalid)
    return STATUS_INVALID_INPUT;
  return STATUS_OK;
}


/* next EXPR */

static int
command_next (int    argc,
              char **argv)
{
  g_autofree char *from_text = NULL;
  g_autofree char *count_text = NULL;
  g_autofree char *zone = NULL;
  GOptionEntry entries[] = {
    { "from", 0, 0, G_OPTION_ARG_STRING, &from_text,
      N_("List fire times strictly after this time (default: now)"), N_("ISO-8601") },
    { "count", 'n', 0, G_OPTION_ARG_STRING, &count_text,
      N_("How many fire times to list (default: 10)"), N_("N") },
    { "tz", 0, 0, G_OPTION_ARG_STRING, &zone,
      N_("Time zone of the fields and of the output (default: local)"), N_("ZONE") },
    G_OPTION_ENTRY_NULL
  };
  g_autoptr(OrkCron) cron = NULL;
  g_autoptr(GTimeZone) tz = NULL;
  g_autoptr(GError) error = NULL;
  guint64 count = DEFAULT_NEXT_COUNT;
  guint error_column = 0;
  gint64 t;

  if (!parse_options ("next", _("EXPR"),
                      _("Prints the next fire times of a cron expression."),
                      _("EXPR has 5 fields (min hour dom mon dow), 6 with leading seconds,\n"
                        "or is a macro such as @daily; quote it. Times are printed one per\n"
                        "line with their offset, e.g. 2026-03-29T03:00:00+02:00.\n"
                        "ZONE is a tz database name (Europe/Berlin), UTC, or a fixed offset\n"
                        "written +05:00 or -03:30; POSIX TZ strings such as UTC+5 are refused.\n"
                        "--from is a time from 1970-01-01T00:00:00Z to 9999-12-31T23:59:59Z;\n"
                        "the list stops early rather than go past the year 9999.\n"
                        "\n"
                        "Exit status: 0 ok, 1 invalid expression or zone, 2 usage error."),
                      entries, &argc, &argv))
    return STATUS_USAGE;

  if (argc < 2)
    return usage_error ("next", _("no cron expression given"));
  if (argc > 2)
    return usage_error ("next",
                        _("expected one cron expression, got %d arguments "
                          "(quote the expression: '30 2 * * *')"),
                        argc - 1);

  if (count_text != NULL &&
      (!g_ascii_string_to_unsigned (count_text, 10, 1, MAX_NEXT_COUNT, &count, NULL)))
    return usage_error ("next", _("--count: expected a number from 1 to %d, got \"%s\""),
                        MAX_NEXT_COUNT, count_text);

  if (from_text != NULL)
    {
      if (!parse_time_option ("next", "--from", from_text, &t))
        return STATUS_USAGE;
    }
  else
    {
      t = g_get_real_time ();
    }

  if (zone != NULL)
    {
      if (is_zone_name (zone))
        tz = g_time_zone_new_identifier (zone);
      if (tz == NULL)
        {
          error_message (_("unknown time zone \"%s\" (use a tz database name such as "
                           "Europe/Berlin, UTC, or an offset like +05:00)"), zone);
          return STATUS_INVALID_INPUT;
        }
    }
  else
    {
      tz = g_time_zone_new_local ();
    }

  cron = ork_cron_parse (argv[1], &error_column, &error);
  if (cron == NULL)
    {
      g_printerr ("%s:%u: %s %s\n", argv[1], MAX (error_column, 1), _("error:"),
                  error->message);
      return STATUS_INVALID_INPUT;
    }

  for (guint64 i = 0; i < count; i++)
    {
      g_autofree char *text = NULL;

      /* The list ends with the year 9999, in UTC and in the zone. */
      t = ork_cron_next (cron, tz, t);
      if (t == ORK_TIME_NEVER || t > MAX_TIME_US)
        break;
      text = format_time_in_zone (t, tz);
      if (text == NULL)
        break;
      g_print ("%s\n", text);
    }

  return STATUS_OK;
}


/* simulate FILE */

typedef struct
{
  OrkClock        *clock;
  OrkRecordWriter *writer;      /* NULL with --quiet */
  GError          *error;       /* the first write error */

  /* Records decided at the same instant may come in any order: they wait
   * here, all with decided_at == pending_at, until a later one arrives. */
  GPtrArray       *pending;
  gint64           pending_at;

  guint64          n_records;
  guint64          attempts[ORK_RUN_INTERRUPTED + 1];
  guint64          n_attempts;
  guint64          runs[ORK_RUN_INTERRUPTED + 1];
  guint64          n_runs;
  guint64          retries;
  GArray          *durations;   /* gint64 ms of every attempt that ran */
} Simulation;

static int
compare_record_ptrs (gconstpointer a,
                     gconstpointer b)
{
  const OrkRecord *ra = *(const OrkRecord * const *) a;
  const OrkRecord *rb = *(const OrkRecord * const *) b;

  return ork_record_compare (ra, rb);
}

static int
compare_gint64 (gconstpointer a,
                gconstpointer b)
{
  gint64 x = *(const gint64 *) a;
  gint64 y = *(const gint64 *) b;

  return (x > y) - (x < y);
}

static void
simulation_flush (Simulation *sim)
{
  if (sim->pending->len == 0)
    return;

  g_ptr_array_sort (sim->pending, compare_record_ptrs);

  for (guint i = 0; i < sim->pending->len && sim->writer != NULL && sim->error == NULL; i++)
    {
      const OrkRecord *record = g_ptr_array_index (sim->pending, i);

      if (!ork_record_writer_write (sim->writer, record, &sim->error))
        ork_virtual_clock_stop (ORK_VIRTUAL_CLOCK (sim->clock));
    }

  g_ptr_array_set_size (sim->pending, 0);
}

static void
simulation_count (Simulation      *sim,
                  const OrkRecord *record)
{
  guint status = MIN ((guint) record->status, (guint) ORK_RUN_INTERRUPTED);

  sim->n_records++;

  if (record->attempt > 0)
    {
      sim->attempts[status]++;
      sim->n_attempts++;
      if (record->attempt > 1)
        sim->retries++;
      if (record->started_at != ORK_TIME_UNSET && record->finished_at != ORK_TIME_UNSET)
        {
          gint64 ms = (record->finished_at - record->started_at) / ORK_USEC_PER_MS;

          g_array_append_val (sim->durations, ms);
        }
    }

  /* A run is over with its SKIPPED record or with an attempt that no retry
   * follows. */
  if (record->next_retry_in < 0)
    {
      sim->runs[status]++;
      sim->n_runs++;
    }
}

static void
on_scheduler_record (OrkScheduler *scheduler,
                     OrkRecord    *record,
                     gpointer      user_data)
{
  Simulation *sim = user_data;

  if (sim->error != NULL)
    return;

  simulation_count (sim, record);

  if (sim->pending->len > 0 && record->decided_at > sim->pending_at)
    simulation_flush (sim);
  if (sim->pending->len == 0)
    sim->pending_at = record->decided_at;
  g_ptr_array_add (sim->pending, ork_record_copy (record));
}

/* "412 ms", "1.8 s", "2.5 min", "1.2 h", rounded to one decimal. */
static char *
describe_ms (gint64 ms)
{
  static const struct { gint64 unit; const char *name; } units[] = {
    { 3600000, "h" },
    { 60000, "min" },
    { 1000, "s" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (units); i++)
    {
      /* Switch to the unit once the value rounds to at least 1.0 of it. */
      if (ms * 10 + units[i].unit / 2 >= units[i].unit * 10)
        {
          gint64 tenths = (ms * 10 + units[i].unit / 2) / units[i].unit;

          return g_strdup_printf ("%" PRId64 ".%d %s", tenths / 10,
                                  (int) (tenths % 10), units[i].name);
        }
    }

  return g_strdup_printf ("%" PRId64 " ms", ms);
}

/* The nearest-rank percentile of sorted @values. */
static gint64
percentile (GArray *values,
            guint   p)
{
  guint64 rank;

  g_assert (values->len > 0);

  rank = ((guint64) values->len * p + 99) / 100;
  rank = CLAMP (rank, 1, values->len);
  return g_array_index (values, gint64, rank - 1);
}

/* "1234 (SUCCEEDED 1200, FAILED 20, SKIPPED 14)", states in lifecycle order. */
static void
append_counts (GString       *out,
               guint64        total,
               const guint64 *by_state)
{
  gboolean first = TRUE;

  g_string_append_printf (out, "%" PRIu64, total);
  for (guint s = ORK_RUN_SUCCEEDED; s <= ORK_RUN_INTERRUPTED; s++)
    {
      if (by_state[s] == 0)
        continue;
      g_string_append_printf (out, "%s%s %" PRIu64,
                              first ? " (" : ", ",
                              ork_run_state_to_string (s), by_state[s]);
      first = FALSE;
    }
  if (!first)
    g_string_append_c (out, ')');
}

static char *
simulation_summary (Simulation   *sim,
                    OrkScheduler *scheduler,
                    OrkWorkspace *workspace,
                    gint64        start_us,
                    gint64        end_us,
                    guint64       seed)
{
  g_autoptr(GPtrArray) active = NULL;
  g_autofree char *start_text = ork_time_format_iso_utc (start_us);
  g_autofree char *end_text = ork_time_format_iso_utc (end_us);
  g_autofree char *span_text = ork_duration_format ((end_us - start_us) / ORK_USEC_PER_MS);
  g_autofree char *seed_text = g_strdup_printf ("%" PRIu64, seed);
  g_autofree char *retries_text = NULL;
  g_autofree char *unfinished_text = NULL;
  guint n_jobs = g_list_model_get_n_items (ork_workspace_get_jobs (workspace));
  guint64 unfinished[ORK_RUN_RETRY_WAIT + 1] = { 0, };
  guint64 n_unfinished = 0;
  guint64 n_failed;
  GString *out = g_string_new (NULL);

  /* TRANSLATORS: the simulated span, its length, the seed and the number of jobs. */
  g_string_append_printf (out, ngettext ("Simulated %s .. %s (%s), seed %s, %u job\n",
                                         "Simulated %s .. %s (%s), seed %s, %u jobs\n",
                                         n_jobs),
                          start_text, end_text, span_text, seed_text, n_jobs);

  g_string_append (out, _("Runs: "));
  append_counts (out, sim->n_runs, sim->runs);
  g_string_append_c (out, '\n');
  g_string_append (out, _("Attempts: "));
  append_counts (out, sim->n_attempts, sim->attempts);
  g_string_append_c (out, '\n');

  n_failed = sim->attempts[ORK_RUN_FAILED] + sim->attempts[ORK_RUN_TIMED_OUT];
  if (sim->n_attempts > 0)
    {
      /* Per mille, rounded half up, in integers so no locale gets a say. */
      guint64 permille = (n_failed * 1000 + sim->n_attempts / 2) / sim->n_attempts;
      g_autofree char *rate = g_strdup_printf ("%" PRIu64 ".%d",
                                               permille / 10, (int) (permille % 10));

      /* TRANSLATORS: the rate is a percentage with one decimal, e.g. 18.7. */
      g_string_append_printf (out, _("Failure rate: %s %% of attempts (FAILED or TIMED_OUT)\n"),
                              rate);
    }
  else
    {
      g_string_append (out, _("Failure rate: - (no attempts)\n"));
    }

  if (sim->durations->len > 0)
    {
      g_autofree char *p50 = NULL;
      g_autofree char *p95 = NULL;
      g_autofree char *p99 = NULL;

      g_array_sort (sim->durations, compare_gint64);
      p50 = describe_ms (percentile (sim->durations, 50));
      p95 = describe_ms (percentile (sim->durations, 95));
      p99 = describe_ms (percentile (sim->durations, 99));
      g_string_append_printf (out, _("Duration: p50 %s, p95 %s, p99 %s\n"), p50, p95, p99);
    }
  else
    {
      g_string_append (out, _("Duration: - (no attempts)\n"));
    }

  retries_text = g_strdup_printf ("%" PRIu64, sim->retries);
  g_string_append_printf (out, _("Retries: %s\n"), retries_text);

  active = ork_scheduler_get_active_runs (scheduler);
  for (guint i = 0; active != NULL && i < active->len; i++)
    {
      OrkRunState state = ork_run_get_state (g_ptr_array_index (active, i));

      if (state <= ORK_RUN_RETRY_WAIT)
        {
          unfinished[state]++;
          n_unfinished++;
        }
    }

  unfinished_text = g_strdup_printf ("%" PRIu64, n_unfinished);
  g_string_append_printf (out, _("Unfinished at the end: %s"), unfinished_text);
  if (n_unfinished > 0)
    {
      static const struct { OrkRunState state; const char *words; } parts[] = {
        { ORK_RUN_RUNNING, N_("running") },
        { ORK_RUN_RETRY_WAIT, N_("waiting to retry") },
        { ORK_RUN_QUEUED, N_("queued") },
        { ORK_RUN_SCHEDULED, N_("scheduled") },
      };
      gboolean first = TRUE;

      for (guint i = 0; i < G_N_ELEMENTS (parts); i++)
        {
          if (unfinished[parts[i].state] == 0)
            continue;
          g_string_append_printf (out, "%s%" PRIu64 " %s",
                                  first ? " (" : ", ",
                                  unfinished[parts[i].state], _(parts[i].words));
          first = FALSE;
        }
      g_string_append_c (out, ')');
    }
  g_string_append_c (out, '\n');

  return g_string_free (out, FALSE);
}

/* The output: standard output; or -o FILE written in place when FILE is
 * something other than a regular file (a FIFO, a terminal, /dev/stdout on a
 * pipe); or else a temporary file beside FILE's final target, renamed over
 * that target only once everything was written, so that a symbolic link
 * stays a link and a failed run leaves the old file whole. */
typedef struct
{
  GOutputStream *stream;
  char          *path;       /* -o FILE, or NULL for stdout */
  char          *target;     /* what the temporary file replaces, or NULL */
  char          *tmp_path;
} Output;

static void
set_errno_error (GError     **error,
                 int          saved_errno,
                 const char  *path)
{
  g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
               _("cannot write %s: %s"), path, g_strerror (saved_errno));
}

/* The path that a new file at @path ends up at: @path itself unless it is
 * a symbolic link, else where its chain of links points (which need not
 * exist yet). NULL with errno set on a loop or an unreadable link. */
static char *
final_link_target (const char *path)
{
  g_autofree char *current = g_strdup (path);

  for (guint hops = 0; hops < 40; hops++)
    {
      g_autofree char *target = NULL;
      g_autofree char *dir = NULL;
      struct stat st;

      if (g_lstat (current, &st) != 0 || !S_ISLNK (st.st_mode))
        return g_steal_pointer (&current);

      target = g_file_read_link (current, NULL);
      if (target == NULL)
        return NULL;
      if (g_path_is_absolute (target))
        {
          g_free (current);
          current = g_steal_pointer (&target);
        }
      else
        {
          dir = g_path_get_dirname (current);
          g_free (current);
          current = g_build_filename (dir, target, NULL);
        }
    }

  errno = ELOOP;
  return NULL;
}

static gboolean
output_open (Output      *output,
             const char  *path,
             GError     **error)
{
  g_autofree char *dir = NULL;
  g_autofree char *base = NULL;
  g_autofree char *name = NULL;
  struct stat st;
  gboolean exists;
  int fd;

  if (path == NULL)
    {
      output->stream = g_unix_output_stream_new (STDOUT_FILENO, FALSE);
      return TRUE;
    }

  output->path = g_strdup (path);

  exists = g_stat (path, &st) == 0;
  if (exists && !S_ISREG (st.st_mode))
    {
      /* A FIFO, a device, a terminal: write to it as it is. */
      fd = g_open (path, O_WRONLY | O_CLOEXEC | O_NOCTTY, 0);
      if (fd < 0)
        {
          set_errno_error (error, errno, path);
          return FALSE;
        }
      output->stream = g_unix_output_stream_new (fd, TRUE);
      return TRUE;
    }

  /* A regular file or none: replace the target of any symbolic link. */
  if (exists)
    {
      char *real = realpath (path, NULL);

      output->target = g_strdup (real);
      free (real);
    }
  else
    output->target = final_link_target (path);
  if (output->target == NULL)
    {
      set_errno_error (error, errno, path);
      return FALSE;
    }

  dir = g_path_get_dirname (output->target);
  base = g_path_get_basename (output->target);
  name = g_strdup_printf (".%s.XXXXXX", base);
  output->tmp_path = g_build_filename (dir, name, NULL);

  /* 0666 less the umask, as any file the user's shell creates. */
  fd = g_mkstemp_full (output->tmp_path, O_WRONLY | O_CLOEXEC, 0666);
  if (fd < 0)
    {
      set_errno_error (error, errno, path);
      g_clear_pointer (&output->tmp_path, g_free);
      return FALSE;
    }
  /* The file replaced keeps its permissions. */
  if (exists)
    fchmod (fd, st.st_mode & 07777);

  output->stream = g_unix_output_stream_new (fd, TRUE);
  return TRUE;
}

/* Closes the output; on success renames the temporary file into place. */
static gboolean
output_commit (Output      *output,
               GError     **error)
{
  if (output->tmp_path != NULL)
    {
      int fd = g_unix_output_stream_get_fd (G_UNIX_OUTPUT_STREAM (output->stream));

      if (fsync (fd) != 0 && errno != EINVAL)
        {
          set_errno_error (error, errno, output->path);
          return FALSE;
        }
    }

  if (!g_output_stream_close (output->stream, NULL, error))
    return FALSE;

  if (output->tmp_path != NULL)
    {
      if (g_rename (output->tmp_path, output->target) != 0)
        {
          set_errno_error (error, errno, output->path);
          return FALSE;
        }
      g_clear_pointer (&output->tmp_path, g_free);
    }

  return TRUE;
}

/* Drops whatever was written to a temporary file. */
static void
output_clear (Output *output)
{
  if (output->stream != NULL && !g_output_stream_is_closed (output->stream))
    g_output_stream_close (output->stream, NULL, NULL);
  if (output->tmp_path != NULL)
    g_unlink (output->tmp_path);
  g_clear_object (&output->stream);
  g_clear_pointer (&output->path, g_free);
  g_clear_pointer (&output->target, g_free);
  g_clear_pointer (&output->tmp_path, g_free);
}

/* Whether @a and @b name the same file, through links or other names. */
static gboolean
same_file (const char *a,
           const char *b)
{
  struct stat st_a, st_b;

  return g_stat (a, &st_a) == 0 && g_stat (b, &st_b) == 0 &&
         st_a.st_dev == st_b.st_dev && st_a.st_ino == st_b.st_ino;
}

static int
command_simulate (int    argc,
                  char **argv)
{
  g_autofree char *seed_text = NULL;
  g_autofree char *start_text = NULL;
  g_autofree char *for_text = NULL;
  g_autofree char *until_text = NULL;
  g_autofree char *format_text = NULL;
  g_autofree char *output_path = NULL;
  g_autofree char *history = NULL;
  gboolean quiet = FALSE;
  GOptionEntry entries[] = {
    { "seed", 0, 0, G_OPTION_ARG_STRING, &seed_text,
      N_("Seed of the simulated workers (default: the workspace's settings.seed)"), N_("N") },
    { "start", 0, 0, G_OPTION_ARG_STRING, &start_text,
      N_("Start of the simulated span (default: now; give it for reproducible output)"),
      N_("ISO-8601") },
    { "for", 0, 0, G_OPTION_ARG_STRING, &for_text,
      N_("Length of the simulated span: 250ms, 3s, 5m, 2h, 1d"), N_("DURATION") },
    { "until", 0, 0, G_OPTION_ARG_STRING, &until_text,
      N_("End of the simulated span (excluded)"), N_("ISO-8601") },
    { "format", 0, 0, G_OPTION_ARG_STRING, &format_text,
      N_("Record format: ndjson (default), csv or json"), N_("FORMAT") },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output_path,
      N_("Write the records to FILE instead of standard output"), N_("FILE") },
    { "quiet", 'q', 0, G_OPTION_ARG_NONE, &quiet,
      N_("Write no records, only the summary"), NULL },
    { "history", 0, 0, G_OPTION_ARG_FILENAME, &history,
      N_("Also keep the simulated history in the database DB (replaced)"), N_("DB") },
    G_OPTION_ENTRY_NULL
  };
  g_autoptr(OrkWorkspace) workspace = NULL;
  g_autoptr(OrkClock) clock = NULL;
  g_autoptr(OrkScheduler) scheduler = NULL;
  g_autoptr(OrkHistory) history_db = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *summary = NULL;
  OrkRecordFormat format = ORK_RECORD_FORMAT_NDJSON;
  Output output = { NULL, };
  Simulation sim = { NULL, };
  gint64 start_us;
  gint64 end_us;
  guint64 seed = 0;
  int status = STATUS_OK;

  if (!parse_options ("simulate", _("FILE"),
                      _("Runs a workspace on a virtual clock and writes its run records."),
                      _("One of --for and --until is required. The records (DESIGN §4) go to\n"
                        "standard output or -o FILE, a summary to standard error. The same\n"
                        "workspace, seed and start give byte-identical records. The span\n"
                        "lies within 1970-01-01T00:00:00Z .. 9999-12-31T23:59:59Z.\n"
                        "\n"
                        "A regular -o FILE is replaced only once every record was written\n"
                        "(through a symbolic link, its target is); a FIFO or a device such\n"
                        "as /dev/stdout is written to directly.\n"
                        "\n"
                        "--history DB also stores every run, attempt and transition in the\n"
                        "SQLite database DB, replacing what it held; read it back with\n"
                        "'orkestron-cli export --history DB'. Without it no database is written.\n"
                        "\n"
                        "Exit status: 0 ok, 1 invalid workspace, 2 usage error,\n"
                        "3 a file or the database could not be read or written."),
                      entries, &argc, &argv))
    return STATUS_USAGE;

  if (argc < 2)
    return usage_error ("simulate", _("no workspace file given"));
  if (argc > 2)
    return usage_error ("simulate", _("expected one workspace file, got %d"), argc - 1);

  if (seed_text != NULL &&
      !g_ascii_string_to_unsigned (seed_text, 10, 0, G_MAXUINT64, &seed, NULL))
    return usage_error ("simulate", _("--seed: expected a non-negative integer, got \"%s\""),
                        seed_text);

  if (format_text != NULL && !ork_record_format_from_string (format_text, &format))
    return usage_error ("simulate",
                        _("--format: expected ndjson, csv or json, got \"%s\""), format_text);

  if (quiet && output_path != NULL)
    return usage_error ("simulate", _("--quiet and --output cannot be used together"));

  if (output_path != NULL)
    {
      struct stat in_st, out_st;

      /* Through links or other names too: the records must not replace the
       * workspace they come from. */
      if (g_stat (argv[1], &in_st) == 0 && g_stat (output_path, &out_st) == 0 &&
          in_st.st_dev == out_st.st_dev && in_st.st_ino == out_st.st_ino)
        return usage_error ("simulate",
                            _("--output: %s is the workspace file %s; "
                              "write the records to another file"),
                            output_path, argv[1]);
    }

  if (history != NULL)
    {
      /* The simulation replaces the database: never a file of another kind. */
      if (same_file (history, argv[1]))
        return usage_error ("simulate",
                            _("--history: %s is the workspace file %s; "
                              "keep the history in another file"),
                            history, argv[1]);
      if (output_path != NULL && same_file (history, output_path))
        return usage_error ("simulate",
                            _("--history and --output name the same file %s"), history);
    }

  if (start_text != NULL)
    {
      if (!parse_time_option ("simulate", "--start", start_text, &start_us))
        return STATUS_USAGE;
    }
  else
    {
      /* Whole milliseconds, as the records show them. */
      start_us = g_get_real_time () / ORK_USEC_PER_MS * ORK_USEC_PER_MS;
    }

  if ((for_text == NULL) == (until_text == NULL))
    return usage_error ("simulate", _("give exactly one of --for and --until"));

  if (for_text != NULL)
    {
      g_autoptr(GError) local_error = NULL;
      gint64 span_ms;

      if (!ork_duration_parse (for_text, &span_ms, &local_error))
        return usage_error ("simulate", "--for: %s", local_error->message);
      /* start_us is within [MIN_TIME_US, MAX_TIME_US]: no overflow here. */
      if (span_ms > (MAX_TIME_US - start_us) / ORK_USEC_PER_MS)
        return usage_error ("simulate", _("--for: the span would end after %s"),
                            MAX_TIME_TEXT);
      end_us = start_us + span_ms * ORK_USEC_PER_MS;
    }
  else
    {
      if (!parse_time_option ("simulate", "--until", until_text, &end_us))
        return STATUS_USAGE;
      if (end_us < start_us)
        return usage_error ("simulate", _("--until is before the start"));
    }

  workspace = ork_workspace_load_from_file (argv[1], NULL, &error);
  if (workspace == NULL)
    {
      if (g_error_matches (error, ORK_WORKSPACE_ERROR, ORK_WORKSPACE_ERROR_INVALID))
        {
          g_printerr ("%s\n", error->message);
          return STATUS_INVALID_INPUT;
        }
      error_message ("%s", error->message);
      return STATUS_RUNTIME;
    }

  if (seed_text == NULL)
    seed = ork_workspace_get_seed (workspace);

  if (history != NULL)
    {
      /* The history refuses to replace anything but a simulation's. */
      if (!(history_db = ork_history_open (history, ORK_HISTORY_MODE_SIMULATION, &error)))
        {
          error_message ("%s", error->message);
          return STATUS_RUNTIME;
        }
    }

  if (!quiet && !output_open (&output, output_path, &error))
    {
      error_message ("%s", error->message);
      output_clear (&output);
      return STATUS_RUNTIME;
    }

  clock = ork_virtual_clock_new (start_us);
  scheduler = ork_scheduler_new (workspace, clock);
  ork_scheduler_set_seed (scheduler, seed);
  if (history_db != NULL)
    ork_history_attach (history_db, scheduler);

  sim.clock = clock;
  sim.pending = g_ptr_array_new_with_free_func ((GDestroyNotify) ork_record_free);
  sim.durations = g_array_new (FALSE, FALSE, sizeof (gint64));
  if (!quiet)
    sim.writer = ork_record_writer_new (output.stream, format);

  g_signal_connect (scheduler, "record", G_CALLBACK (on_scheduler_record), &sim);

  ork_scheduler_start (scheduler);
  ork_virtual_clock_advance_to (ORK_VIRTUAL_CLOCK (clock), end_us);

  simulation_flush (&sim);
  g_signal_handlers_disconnect_by_func (scheduler, on_scheduler_record, &sim);

  if (sim.error == NULL && sim.writer != NULL)
    ork_record_writer_finish (sim.writer, &sim.error);

  if (history_db != NULL)
    ork_history_detach (history_db);

  if (sim.error != NULL)
    {
      error_message (_("cannot write %s: %s"),
                     output_path != NULL ? output_path : _("standard output"),
                     sim.error->message);
      status = STATUS_RUNTIME;
    }
  else if (history_db != NULL && !ork_history_close (history_db, &error))
    {
      error_message ("%s", error->message);
      status = STATUS_RUNTIME;
    }
  else if (!quiet && !output_commit (&output, &error))
    {
      error_message ("%s", error->message);
      status = STATUS_RUNTIME;
    }
  else
    {
      summary = simulation_summary (&sim, scheduler, workspace, start_us, end_us, seed);
      g_printerr ("%s", summary);
    }

  g_clear_pointer (&sim.writer, ork_record_writer_free);
  output_clear (&output);
  g_clear_pointer (&sim.pending, g_ptr_array_unref);
  g_clear_pointer (&sim.durations, g_array_unref);
  g_clear_error (&sim.error);

  return status;
}


/* run FILE */

typedef struct
{
  GMainLoop  *loop;
  int         stop_signal;   /* the signal that asked to stop, or 0 */
} Live;

/* Control characters (a message with a line break) would break the one-line
 * log format. */
static void
append_one_line (GString    *out,
                 const char *text)
{
  for (const char *p = text; *p != '\0'; p++)
    g_string_append_c (out, (guchar) *p < 0x20 || *p == 0x7f ? ' ' : *p);
}

static void
on_live_record (OrkScheduler *scheduler,
                OrkRecord    *record,
                gpointer      user_data)
{
  g_autofree char *time_text = ork_time_format_iso_utc (record->decided_at);
  g_autoptr(GString) line = g_string_new (NULL);

  /* TIME JOB run N[ attempt A]: STATUS (reason)[: message] */
  g_string_append_printf (line, "%s %s run %" PRIu64,
                          time_text, record->job_id, record->run_id);
  if (record->attempt > 0)
    g_string_append_printf (line, " attempt %u", record->attempt);
  g_string_append_printf (line, ": %s (%s)", ork_run_state_to_string (record->status),
                          ork_reason_to_string (record->reason));
  if (record->message != NULL && record->message[0] != '\0')
    {
      g_string_append (line, ": ");
      append_one_line (line, record->message);
    }
  g_printerr ("%s\n", line->str);
}

static void
live_request_stop (Live *live,
                   int   signal_number)
{
  if (live->stop_signal == 0)
    live->stop_signal = signal_number;
  g_main_loop_quit (live->loop);
}

static gboolean
on_sigint (gpointer user_data)
{
  live_request_stop (user_data, SIGINT);
  return G_SOURCE_CONTINUE;
}

static gboolean
on_sigterm (gpointer user_data)
{
  live_request_stop (user_data, SIGTERM);
  return G_SOURCE_CONTINUE;
}

static gboolean
on_wake_up (gpointer user_data)
{
  return G_SOURCE_CONTINUE;
}

/* The ids of the enabled command jobs, comma-separated, or NULL. */
static char *
list_command_jobs (OrkWorkspace *workspace)
{
  GListModel *jobs = ork_workspace_get_jobs (workspace);
  guint n = g_list_model_get_n_items (jobs);
  GString *out = NULL;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(OrkJob) job = g_list_model_get_item (jobs, i);

      if (ork_job_get_job_type (job) != ORK_JOB_TYPE_COMMAND || !ork_job_get_enabled (job))
        continue;
      if (out == NULL)
        out = g_string_new (NULL);
      else
        g_string_append (out, ", ");
      g_string_append (out, ork_job_get_id (job));
    }

  return out != NULL ? g_string_free (out, FALSE) : NULL;
}

static int
command_run (int    argc,
             char **argv)
{
  g_autofree char *history = NULL;
  gboolean allow_commands = FALSE;
  gboolean quiet = FALSE;
  GOptionEntry entries[] = {
    { "allow-commands", 0, 0, G_OPTION_ARG_NONE, &allow_commands,
      N_("Run the workspace's command jobs (for this process only)"), NULL },
    { "history", 0, 0, G_OPTION_ARG_FILENAME, &history,
      N_("Keep the history in the database DB (default: the workspace's live history)"),
      N_("DB") },
    { "quiet", 'q', 0, G_OPTION_ARG_NONE, &quiet,
      N_("Log nothing on standard error but errors"), NULL },
    G_OPTION_ENTRY_NULL
  };
  g_autoptr(OrkSession) session = NULL;
  g_autoptr(OrkScheduler) scheduler = NULL;
  g_autoptr(GMainLoop) loop = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *history_path = NULL;
  g_autofree char *command_jobs = NULL;
  OrkHistory *history_db;
  Live live = { NULL, };
  guint sigint_id, sigterm_id, wake_id;
  gint64 deadline;
  guint n_interrupted;
  int status = STATUS_OK;

  if (!parse_options ("run", _("FILE"),
                      _("Runs a workspace on the system clock until SIGINT or SIGTERM."),
                      _("The live engine without a window, for a login session, a systemd\n"
                        "user unit or a server. Every run is kept in the workspace's live\n"
                        "history ($XDG_DATA_HOME/orkestron/history/), or in --history DB;\n"
                        "read it with 'orkestron-cli export'. Runs missed while no engine\n"
                        "ran are handled by each job's missed-run policy at start-up.\n"
                        "\n"
                        "Each finished attempt and each skipped run is logged on standard\n"
                        "error (unless --quiet) as\n"
                        "  TIME JOB run N attempt A: STATUS (reason)[: message]\n"
                        "\n"
                        "Command jobs run their programs only with --allow-commands; the\n"
                        "permission is not remembered. On SIGINT or SIGTERM the engine stops:\n"
                        "running attempts end INTERRUPTED, their processes get SIGTERM and,\n"
                        "5 s later, SIGKILL; the history is flushed and closed.\n"
                        "Only one engine runs a history at a time.\n"
                        "\n"
                        "Exit status: 0 stopped by a signal, 1 invalid workspace or command\n"
                        "jobs without --allow-commands, 2 usage error, 3 a file or the\n"
                        "database could not be read or written, or another engine holds it."),
                      entries, &argc, &argv))
    return STATUS_USAGE;

  if (argc < 2)
    return usage_error ("run", _("no workspace file given"));
  if (argc > 2)
    return usage_error ("run", _("expected one workspace file, got %d"), argc - 1);
  if (history != NULL && same_file (history, argv[1]))
    return usage_error ("run",
                        _("--history: %s is the workspace file %s; "
                          "keep the history in another file"),
                        history, argv[1]);

  session = ork_session_new_for_file (argv[1], &error);
  if (session == NULL)
    {
      if (g_error_matches (error, ORK_WORKSPACE_ERROR, ORK_WORKSPACE_ERROR_INVALID))
        {
          g_printerr ("%s\n", error->message);
          return STATUS_INVALID_INPUT;
        }
      error_message ("%s", error->message);
      return STATUS_RUNTIME;
    }
  /* The engine only reads the workspace. */
  ork_session_set_autosave (session, FALSE);

  command_jobs = list_command_jobs (ork_session_get_workspace (session));
  if (command_jobs != NULL && !allow_commands)
    {
      error_message (_("%s has command jobs (%s); run them with --allow-commands"),
                     argv[1], command_jobs);
      return STATUS_INVALID_INPUT;
    }

  history_path = history != NULL ? g_strdup (history)
                                 : ork_history_default_path (ork_session_get_path (session),
                                                             FALSE);
  if (!ork_session_start_live (session, history_path, &error))
    {
      error_message ("%s", error->message);
      return STATUS_RUNTIME;
    }

  scheduler = g_object_ref (ork_session_get_scheduler (session));
  if (allow_commands)
    ork_scheduler_set_command_mode (scheduler, ORK_COMMAND_MODE_RUN);
  if (!quiet)
    g_signal_connect (scheduler, "record", G_CALLBACK (on_live_record), &live);

  history_db = ork_session_get_history (session);
  if (!quiet)
    {
      guint n_jobs = g_list_model_get_n_items (ork_workspace_get_jobs (
                                                 ork_session_get_workspace (session)));

      /* TRANSLATORS: the workspace file, its number of jobs and the history file. */
      g_printerr (ngettext ("%s: running %s (%u job), history %s; stop with SIGINT or SIGTERM\n",
                            "%s: running %s (%u jobs), history %s; stop with SIGINT or SIGTERM\n",
                            n_jobs),
                  PROGRAM, argv[1], n_jobs, ork_history_get_path (history_db));
      n_interrupted = ork_history_get_n_interrupted (history_db);
      if (n_interrupted > 0)
        g_printerr (ngettext ("%s: %u run the last engine left running is now INTERRUPTED\n",
                              "%s: %u runs the last engine left running are now INTERRUPTED\n",
                              n_interrupted),
                    PROGRAM, n_interrupted);
    }

  loop = g_main_loop_new (NULL, FALSE);
  live.loop = loop;
  sigint_id = g_unix_signal_add (SIGINT, on_sigint, &live);
  sigterm_id = g_unix_signal_add (SIGTERM, on_sigterm, &live);

  g_main_loop_run (loop);

  /* Stop: running attempts end INTERRUPTED now (and are logged); their
   * processes get SIGTERM, then SIGKILL after the grace. Reap them before
   * the history is closed. */
  n_interrupted = ork_scheduler_stop (scheduler);
  deadline = g_get_monotonic_time () +
             (ork_command_get_kill_grace_ms () + 1000) * G_TIME_SPAN_MILLISECOND;
  wake_id = g_timeout_add (50, on_wake_up, NULL);
  while (ork_scheduler_get_n_processes (scheduler) > 0 && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (wake_id);

  if (ork_scheduler_get_n_processes (scheduler) > 0)
    g_printerr (_("%s: warning: %u processes did not end after SIGKILL\n"),
                PROGRAM, ork_scheduler_get_n_processes (scheduler));

  if (!ork_history_flush (history_db, &error))
    {
      error_message ("%s", error->message);
      status = STATUS_RUNTIME;
    }
  g_signal_handlers_disconnect_by_func (scheduler, on_live_record, &live);
  ork_session_stop (session);

  g_source_remove (sigint_id);
  g_source_remove (sigterm_id);

  if (!quiet)
    g_printerr (ngettext ("%s: stopped by %s; %u running attempt was interrupted\n",
                          "%s: stopped by %s; %u running attempts were interrupted\n",
                          n_interrupted),
                PROGRAM, live.stop_signal == SIGINT ? "SIGINT" : "SIGTERM", n_interrupted);

  return status;
}


/* export */

typedef struct
{
  gboolean shown;
} Progress;

static void
on_export_progress (guint64  done,
                    guint64  total,
                    gpointer user_data)
{
  Progress *progress = user_data;
  guint percent = total > 0 ? (guint) (done * 100 / total) : 100;

  /* TRANSLATORS: records exported so far, of how many, as a percentage. */
  g_printerr ("\r");
  g_printerr (_("Exporting: %" PRIu64 " of %" PRIu64 " records (%u %%)"),
              done, total, percent);
  progress->shown = TRUE;
}

static int
command_export (int    argc,
                char **argv)
{
  g_autofree char *history = NULL;
  g_autofree char *workspace_path = NULL;
  g_autofree char *format_text = NULL;
  g_autofree char *job_id = NULL;
  g_autofree char *status_text = NULL;
  g_autofree char *since_text = NULL;
  g_autofree char *until_text = NULL;
  g_autofree char *output_path = NULL;
  gboolean transitions = FALSE;
  GOptionEntry entries[] = {
    { "history", 0, 0, G_OPTION_ARG_FILENAME, &history,
      N_("Read the history database DB"), N_("DB") },
    { "workspace", 0, 0, G_OPTION_ARG_FILENAME, &workspace_path,
      N_("Read the live history of the workspace FILE"), N_("FILE") },
    { "format", 0, 0, G_OPTION_ARG_STRING, &format_text,
      N_("Record format: csv, json or ndjson (required)"), N_("FORMAT") },
    { "job", 0, 0, G_OPTION_ARG_STRING, &job_id,
      N_("Only the records of this job"), N_("ID") },
    { "status", 0, 0, G_OPTION_ARG_STRING, &status_text,
      N_("Only the records of this status (SUCCEEDED, FAILED, TIMED_OUT, CANCELLED, "
         "SKIPPED, INTERRUPTED)"), N_("STATUS") },
    { "since", 0, 0, G_OPTION_ARG_STRING, &since_text,
      N_("Only records decided at or after this time"), N_("ISO-8601") },
    { "until", 0, 0, G_OPTION_ARG_STRING, &until_text,
      N_("Only records decided before this time"), N_("ISO-8601") },
    { "transitions", 0, 0, G_OPTION_ARG_NONE, &transitions,
      N_("Add the state transitions that led to each record"), NULL },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output_path,
      N_("Write the records to FILE instead of standard output"), N_("FILE") },
    G_OPTION_ENTRY_NULL
  };
  g_autoptr(OrkHistory) history_db = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *db_path = NULL;
  OrkRecordFormat format = ORK_RECORD_FORMAT_NDJSON;
  OrkExportFilter filter;
  Output output = { NULL, };
  Progress progress = { FALSE, };
  gboolean show_progress;
  gboolean ok;

  if (!parse_options ("export", "",
                      _("Writes the run records of a history database."),
                      _("Give the database with --history DB (a live history, or one written\n"
                        "by 'simulate --history') or name a workspace with --workspace FILE to\n"
                        "read its live history. The database is only read, so this works while\n"
                        "an engine runs; it sees what the engine has committed (the engine\n"
                        "commits at least every 100 ms).\n"
                        "\n"
                        "The records (DESIGN §4) come in the order they were decided, then by\n"
                        "job, run and attempt. --since and --until bound that time: since <= t\n"
                        "< until. --transitions adds each record's state transitions: a last\n"
                        "key \"transitions\" in JSON and NDJSON, a last column in CSV.\n"
                        "-o FILE is written as by 'simulate'. Progress is shown on standard\n"
                        "error when it is a terminal.\n"
                        "\n"
                        "Exit status: 0 ok, 2 usage error, 3 the database is missing or\n"
                        "unreadable, or the output could not be written."),
                      entries, &argc, &argv))
    return STATUS_USAGE;

  if (argc > 1)
    return usage_error ("export", _("unexpected argument \"%s\" (give the database with "
                                    "--history DB or --workspace FILE)"), argv[1]);
  if ((history == NULL) == (workspace_path == NULL))
    return usage_error ("export", _("give exactly one of --history and --workspace"));
  if (format_text == NULL)
    return usage_error ("export", _("--format is required: csv, json or ndjson"));
  if (!ork_record_format_from_string (format_text, &format))
    return usage_error ("export",
                        _("--format: expected ndjson, csv or json, got \"%s\""), format_text);

  ork_export_filter_init (&filter);
  filter.job_id = job_id;
  filter.with_transitions = transitions;
  if (status_text != NULL)
    {
      /* As the records write it, or in lower case. */
      g_autofree char *upper = g_ascii_strup (status_text, -1);
      OrkRunState state;

      if (!ork_run_state_from_string (upper, &state) || !ORK_RUN_STATE_IS_FINAL (state))
        return usage_error ("export",
                            _("--status: expected SUCCEEDED, FAILED, TIMED_OUT, CANCELLED, "
                              "SKIPPED or INTERRUPTED, got \"%s\""), status_text);
      filter.has_status = TRUE;
      filter.status = state;
    }
  if (since_text != NULL && !parse_time_option ("export", "--since", since_text, &filter.since))
    return STATUS_USAGE;
  if (until_text != NULL && !parse_time_option ("export", "--until", until_text, &filter.until))
    return STATUS_USAGE;
  if (since_text != NULL && until_text != NULL && filter.until < filter.since)
    return usage_error ("export", _("--until is before --since"));

  if (history != NULL)
    db_path = g_strdup (history);
  else
    db_path = ork_history_default_path (workspace_path, FALSE);

  if (output_path != NULL && same_file (output_path, db_path))
    return usage_error ("export",
                        _("--output: %s is the history database; "
                          "write the records to another file"), output_path);

  if (workspace_path != NULL && !g_file_test (workspace_path, G_FILE_TEST_EXISTS))
    {
      error_message (_("there is no workspace at %s"), workspace_path);
      return STATUS_RUNTIME;
    }
  history_db = ork_history_open (db_path, ORK_HISTORY_MODE_READ_ONLY, &error);
  if (history_db == NULL)
    {
      if (workspace_path != NULL &&
          g_error_matches (error, ORK_HISTORY_ERROR, ORK_HISTORY_ERROR_NOT_FOUND))
        error_message (_("the workspace %s has no live history yet (no %s); "
                         "'orkestron-cli run %s' or the app writes it"),
                       workspace_path, db_path, workspace_path);
      else
        error_message ("%s", error->message);
      return STATUS_RUNTIME;
    }

  if (!output_open (&output, output_path, &error))
    {
      error_message ("%s", error->message);
      output_clear (&output);
      return STATUS_RUNTIME;
    }

  show_progress = isatty (STDERR_FILENO);
  ok = ork_history_export (history_db, output.stream, format, &filter, NULL,
                           show_progress ? on_export_progress : NULL, &progress,
                           NULL, &error);
  if (progress.shown)
    g_printerr ("\n");

  if (ok)
    ok = output_commit (&output, &error);
  output_clear (&output);

  if (!ok)
    {
      if (g_error_matches (error, ORK_HISTORY_ERROR, ORK_HISTORY_ERROR_DATABASE) ||
          g_error_matches (error, ORK_HISTORY_ERROR, ORK_HISTORY_ERROR_NOT_HISTORY))
        error_message ("%s", error->message);
      else
        error_message (_("cannot write %s: %s"),
                       output_path != NULL ? output_path : _("standard output"),
                       error->message);
      return STATUS_RUNTIME;
    }

  return STATUS_OK;
}


/* The command table and main. */

typedef struct
{
  const char *name;
  int       (*func) (int argc, char **argv);
  const char *synopsis;
  const char *summary;
} Command;

static const Command commands[] = {
  { "validate", command_validate, "validate FILE…",
    N_("Check workspace files and report every error") },
  { "next", command_next, "next EXPR [--from ISO] [--count N] [--tz ZONE]",
    N_("Print the next fire times of a cron expression") },
  { "simulate", command_simulate,
    "simulate FILE [--seed N] [--start ISO] (--for DURATION | --until ISO)\n"
    "                        [--format ndjson|csv|json] [-o FILE] [--quiet] [--history DB]",
    N_("Run a workspace on a virtual clock and write its run records") },
  { "run", command_run, "run FILE [--allow-commands] [--history DB] [--quiet]",
    N_("Run a workspace on the system clock until SIGINT or SIGTERM") },
  { "export", command_export,
    "export (--history DB | --workspace FILE) --format csv|json|ndjson\n"
    "                        [--job ID] [--status S] [--since ISO] [--until ISO]\n"
    "                        [--transitions] [-o FILE]",
    N_("Write the run records of a history database") },
};

static void
print_help (FILE *stream)
{
  g_autofree char *run_help = NULL;

  fprintf (stream, "%s\n  %s %s\n\n", _("Usage:"), PROGRAM, _("COMMAND [OPTION…] [ARGUMENT…]"));
  fprintf (stream, "%s\n\n", _("Checks, simulates and runs Orkestron jobs without a window."));
  fprintf (stream, "%s\n", _("Commands:"));
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    fprintf (stream, "  %-10s %s\n", commands[i].name, _(commands[i].summary));
  fprintf (stream, "\n%s\n", _("Synopsis:"));
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    fprintf (stream, "  %s %s\n", PROGRAM, commands[i].synopsis);
  fprintf (stream, "\n");
  run_help = g_strdup_printf (_("Run '%s COMMAND --help' for the options of a command.\n"),
                              PROGRAM);
  fputs (run_help, stream);
  fprintf (stream, "\n%s\n", _("Exit status: 0 ok, 1 invalid input, 2 usage error, "
                               "3 runtime failure (I/O, database, lock held)."));
}

int
main (int    argc,
      char **argv)
{
  const char *name;
  int status;

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
  g_set_prgname (PROGRAM);

  if (argc < 2)
    {
      print_help (stderr);
      return STATUS_USAGE;
    }

  name = argv[1];
  if (g_str_equal (name, "--help") || g_str_equal (name, "-h") ||
      g_str_equal (name, "-?") || g_str_equal (name, "help"))
    {
      if (g_str_equal (name, "help") && argc > 2)
        {
          /* "help CMD" is "CMD --help". */
          char *help_argv[] = { argv[2], (char *) "--help", NULL };

          for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
            if (g_str_equal (argv[2], commands[i].name))
              return commands[i].func (2, help_argv);
          return usage_error (NULL, _("unknown command \"%s\""), argv[2]);
        }
      print_help (stdout);
      return STATUS_OK;
    }
  if (g_str_equal (name, "--version"))
    {
      g_print ("%s %s\n", PROGRAM, PACKAGE_VERSION);
      return STATUS_OK;
    }
  if (name[0] == '-')
    return usage_error (NULL, _("unknown option \"%s\""), name);

  status = -1;
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    if (g_str_equal (name, commands[i].name))
      {
        status = commands[i].func (argc - 1, argv + 1);
        break;
      }
  if (status < 0)
    return usage_error (NULL, _("unknown command \"%s\""), name);

  /* Output that never reached its destination is a runtime failure. */
  if (fflush (stdout) != 0 || ferror (stdout))
    {
      error_message (_("cannot write to standard output: %s"), g_strerror (errno));
      return STATUS_RUNTIME;
    }

  return status;
}
