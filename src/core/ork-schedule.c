/* ork-schedule.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ork-schedule"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "ork-schedule.h"

G_DEFINE_BOXED_TYPE (OrkSchedule, ork_schedule, ork_schedule_copy, ork_schedule_free)

G_DEFINE_QUARK (ork-schedule-error-quark, ork_schedule_error)

#define WEEKDAYS_MASK 0x3e  /* Monday to Friday */
#define WEEKEND_MASK  0x41  /* Sunday and Saturday */
#define EVERY_DAY     0x7f

static gint64
date_time_to_us (GDateTime *dt)
{
  return g_date_time_to_unix (dt) * ORK_USEC_PER_SEC + g_date_time_get_microsecond (dt);
}

static gboolean
date_time_equal_with_offset (GDateTime *a,
                             GDateTime *b)
{
  if (a == NULL || b == NULL)
    return a == b;
  return g_date_time_equal (a, b) &&
         g_date_time_get_utc_offset (a) == g_date_time_get_utc_offset (b);
}

OrkSchedule *
ork_schedule_new (OrkScheduleKind kind)
{
  OrkSchedule *self;

  g_return_val_if_fail (kind <= ORK_SCHEDULE_MANUAL, NULL);

  self = g_new0 (OrkSchedule, 1);
  self->kind = kind;
  self->from = ORK_INTERVAL_FROM_SCHEDULE;
  self->times = g_array_new (FALSE, FALSE, sizeof (guint));
  return self;
}

OrkSchedule *
ork_schedule_new_interval (gint64 every_ms)
{
  OrkSchedule *self;

  g_return_val_if_fail (every_ms > 0, NULL);

  self = ork_schedule_new (ORK_SCHEDULE_INTERVAL);
  self->every_ms = every_ms;
  return self;
}

OrkSchedule *
ork_schedule_new_cron (const char  *expr,
                       const char  *timezone,
                       GError     **error)
{
  g_autoptr(OrkSchedule) self = NULL;

  g_return_val_if_fail (expr != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  self = ork_schedule_new (ORK_SCHEDULE_CRON);
  self->expr = g_strdup (expr);
  self->timezone = g_strdup (timezone);
  if (!ork_schedule_prepare (self, error))
    return NULL;
  return g_steal_pointer (&self);
}

OrkSchedule *
ork_schedule_copy (const OrkSchedule *self)
{
  OrkSchedule *copy;

  g_return_val_if_fail (self != NULL, NULL);

  copy = g_new0 (OrkSchedule, 1);
  copy->kind = self->kind;
  copy->every_ms = self->every_ms;
  copy->anchor = self->anchor ? g_date_time_ref (self->anchor) : NULL;
  copy->from = self->from;
  copy->expr = g_strdup (self->expr);
  copy->cron = self->cron ? ork_cron_ref (self->cron) : NULL;
  copy->days = self->days;
  copy->times = g_array_new (FALSE, FALSE, sizeof (guint));
  if (self->times != NULL && self->times->len > 0)
    g_array_append_vals (copy->times, self->times->data, self->times->len);
  if (self->weekly_crons != NULL)
    {
      copy->weekly_crons = g_ptr_array_new_with_free_func ((GDestroyNotify) ork_cron_unref);
      for (guint i = 0; i < self->weekly_crons->len; i++)
        g_ptr_array_add (copy->weekly_crons,
                         ork_cron_ref (g_ptr_array_index (self->weekly_crons, i)));
    }
  copy->at = self->at ? g_date_time_ref (self->at) : NULL;
  copy->timezone = g_strdup (self->timezone);
  copy->tz = self->tz ? g_time_zone_ref (self->tz) : NULL;
  return copy;
}

void
ork_schedule_free (OrkSchedule *self)
{
  if (self == NULL)
    return;
  g_clear_pointer (&self->anchor, g_date_time_unref);
  g_clear_pointer (&self->expr, g_free);
  g_clear_pointer (&self->cron, ork_cron_unref);
  g_clear_pointer (&self->times, g_array_unref);
  g_clear_pointer (&self->weekly_crons, g_ptr_array_unref);
  g_clear_pointer (&self->at, g_date_time_unref);
  g_clear_pointer (&self->timezone, g_free);
  g_clear_pointer (&self->tz, g_time_zone_unref);
  g_free (self);
}

static gboolean
times_equal (GArray *a,
             GArray *b)
{
  guint na = a ? a->len : 0;
  guint nb = b ? b->len : 0;

  if (na != nb)
    return FALSE;
  return na == 0 || memcmp (a->data, b->data, na * sizeof (guint)) == 0;
}

/* Equal when they define the same schedule: only the fields that the kind
 * uses are compared, and derived fields are ignored. */
gboolean
ork_schedule_equal (const OrkSchedule *a,
                    const OrkSchedule *b)
{
  if (a == NULL || b == NULL)
    return a == b;
  if (a->kind != b->kind)
    return FALSE;

  switch (a->kind)
    {
    case ORK_SCHEDULE_INTERVAL:
      return a->every_ms == b->every_ms &&
             a->from == b->from &&
             date_time_equal_with_offset (a->anchor, b->anchor);
    case ORK_SCHEDULE_CRON:
      return g_strcmp0 (a->expr, b->expr) == 0 &&
             g_strcmp0 (a->timezone, b->timezone) == 0;
    case ORK_SCHEDULE_WEEKLY:
      return a->days == b->days &&
             times_equal (a->times, b->times) &&
             g_strcmp0 (a->timezone, b->timezone) == 0;
    case ORK_SCHEDULE_ONCE:
      return date_time_equal_with_offset (a->at, b->at);
    case ORK_SCHEDULE_MANUAL:
      return TRUE;
    default:
      g_assert_not_reached ();
    }
}

static int
compare_guint (gconstpointer a,
               gconstpointer b)
{
  guint x = *(const guint *) a;
  guint y = *(const guint *) b;

  return x < y ? -1 : x > y;
}

static char *
weekly_cron_expr (guint8 days,
                  guint  minutes)
{
  GString *s = g_string_new (NULL);
  gboolean first = TRUE;

  g_string_append_printf (s, "0 %u %u * * ", minutes % 60, minutes / 60);
  for (guint d = 0; d < 7; d++)
    if (days & (1u << d))
      {
        g_string_append_printf (s, first ? "%u" : ",%u", d);
        first = FALSE;
      }
  return g_string_free (s, FALSE);
}

gboolean
ork_schedule_prepare (OrkSchedule  *self,
                      GError      **error)
{
  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  g_clear_pointer (&self->cron, ork_cron_unref);
  g_clear_pointer (&self->weekly_crons, g_ptr_array_unref);
  g_clear_pointer (&self->tz, g_time_zone_unref);
  if (self->times == NULL)
    self->times = g_array_new (FALSE, FALSE, sizeof (guint));

  if (self->timezone != NULL &&
      (self->kind == ORK_SCHEDULE_CRON || self->kind == ORK_SCHEDULE_WEEKLY))
    {
      self->tz = g_time_zone_new_identifier (self->timezone);
      if (self->tz == NULL)
        {
          g_set_error (error, ORK_SCHEDULE_ERROR, ORK_SCHEDULE_ERROR_UNKNOWN_ZONE,
                       _("unknown time zone \"%s\""), self->timezone);
          return FALSE;
        }
    }

  switch (self->kind)
    {
    case ORK_SCHEDULE_INTERVAL:
      if (self->every_ms < 100)
        {
          g_set_error (error, ORK_SCHEDULE_ERROR, ORK_SCHEDULE_ERROR_INVALID,
                       _("an interval must be at least 100ms"));
          return FALSE;
        }
      return TRUE;

    case ORK_SCHEDULE_CRON:
      if (self->expr == NULL)
        {
          g_set_error (error, ORK_SCHEDULE_ERROR, ORK_SCHEDULE_ERROR_INVALID,
                       _("a cron schedule needs an expression"));
          return FALSE;
        }
      self->cron = ork_cron_parse (self->expr, NULL, error);
      return self->cron != NULL;

    case ORK_SCHEDULE_WEEKLY:
      if ((self->days & EVERY_DAY) == 0 || self->times->len == 0)
        {
          g_set_error (error, ORK_SCHEDULE_ERROR, ORK_SCHEDULE_ERROR_NEVER,
                       _("never fires: a weekly schedule needs at least one day and one time"));
          return FALSE;
        }
      g_array_sort (self->times, compare_guint);
      for (guint i = 1; i < self->times->len; )
        {
          if (g_array_index (self->times, guint, i) == g_array_index (self->times, guint, i - 1))
            g_array_remove_index (self->times, i);
          else
            i++;
        }
      self->weekly_crons = g_ptr_array_new_with_free_func ((GDestroyNotify) ork_cron_unref);
      for (guint i = 0; i < self->times->len; i++)
        {
          guint minutes = g_array_index (self->times, guint, i);
          g_autofree char *expr = NULL;
          OrkCron *cron;

          if (minutes >= 24 * 60)
            {
              g_set_error (error, ORK_SCHEDULE_ERROR, ORK_SCHEDULE_ERROR_INVALID,
                           _("time %u:%02u is out of range 00:00-23:59"),
                           minutes / 60, minutes % 60);
              return FALSE;
            }
          expr = weekly_cron_expr (self->days & EVERY_DAY, minutes);
          cron = ork_cron_parse (expr, NULL, error);
          if (cron == NULL)
            return FALSE;
          g_ptr_array_add (self->weekly_crons, cron);
        }
      return TRUE;

    case ORK_SCHEDULE_ONCE:
      if (self->at == NULL)
        {
          g_set_error (error, ORK_SCHEDULE_ERROR, ORK_SCHEDULE_ERROR_INVALID,
                       _("a once schedule needs a time"));
          return FALSE;
        }
      return TRUE;

    case ORK_SCHEDULE_MANUAL:
      return TRUE;

    default:
      g_assert_not_reached ();
    }
}

/* Floor division for a positive divisor. */
static gint64
floor_div (gint64 a,
           gint64 b)
{
  gint64 q = a / b;

  if ((a % b) != 0 && a < 0)
    q--;
  return q;
}

static gint64
interval_next (const OrkSchedule *self,
               gint64             after_us,
               gint64             last_end_us)
{
  gint64 every_us;
  gint64 anchor_us;
  gint64 diff, k, offset, next;

  if (self->every_ms <= 0 || self->every_ms > G_MAXINT64 / ORK_USEC_PER_MS)
    return ORK_TIME_NEVER;
  every_us = self->every_ms * ORK_USEC_PER_MS;

  if (self->from == ORK_INTERVAL_FROM_COMPLETION)
    {
      gint64 base = last_end_us == G_MININT64 ? after_us : last_end_us;

      if (base > G_MAXINT64 - every_us)
        return ORK_TIME_NEVER;
      return base + every_us;
    }

  anchor_us = self->anchor ? date_time_to_us (self->anchor) : 0;

  /* The smallest anchor + k·every strictly after after_us, computed on
   * integers so that fire times never drift; overflow means never. */
  if (__builtin_sub_overflow (after_us, anchor_us, &diff))
    return after_us < anchor_us ? anchor_us : ORK_TIME_NEVER;
  k = floor_div (diff, every_us) + 1;
  if (__builtin_mul_overflow (k, every_us, &offset) ||
      __builtin_add_overflow (anchor_us, offset, &next))
    return ORK_TIME_NEVER;
  return next;
}

gint64
ork_schedule_next (const OrkSchedule *self,
                   GTimeZone         *default_tz,
                   gint64             after_us,
                   gint64             last_end_us)
{
  g_autoptr(GTimeZone) local_tz = NULL;
  GTimeZone *tz;

  g_return_val_if_fail (self != NULL, ORK_TIME_NEVER);

  if (after_us == ORK_TIME_NEVER)
    return ORK_TIME_NEVER;

  tz = self->tz != NULL ? self->tz : default_tz;
  if (tz == NULL && (self->kind == ORK_SCHEDULE_CRON || self->kind == ORK_SCHEDULE_WEEKLY))
    tz = local_tz = g_time_zone_new_local ();

  switch (self->kind)
    {
    case ORK_SCHEDULE_INTERVAL:
      return interval_next (self, after_us, last_end_us);

    case ORK_SCHEDULE_CRON:
      if (self->cron == NULL)
        return ORK_TIME_NEVER;
      return ork_cron_next (self->cron, tz, after_us);

    case ORK_SCHEDULE_WEEKLY:
      {
        gint64 best = ORK_TIME_NEVER;

        if (self->weekly_crons == NULL)
          return ORK_TIME_NEVER;
        for (guint i = 0; i < self->weekly_crons->len; i++)
          {
            gint64 t = ork_cron_next (g_ptr_array_index (self->weekly_crons, i), tz, after_us);
            best = MIN (best, t);
          }
        return best;
      }

    case ORK_SCHEDULE_ONCE:
      {
        gint64 at_us;

        if (self->at == NULL)
          return ORK_TIME_NEVER;
        at_us = date_time_to_us (self->at);
        return at_us > after_us ? at_us : ORK_TIME_NEVER;
      }

    case ORK_SCHEDULE_MANUAL:
      return ORK_TIME_NEVER;

    default:
      g_assert_not_reached ();
    }
}

gboolean
ork_schedule_is_fixed_time (const OrkSchedule *self)
{
  g_return_val_if_fail (self != NULL, FALSE);

  switch (self->kind)
    {
    case ORK_SCHEDULE_CRON:
      return self->cron != NULL && !ork_cron_is_frequent (self->cron);
    case ORK_SCHEDULE_WEEKLY:
      return TRUE;
    case ORK_SCHEDULE_INTERVAL:
    case ORK_SCHEDULE_ONCE:
    case ORK_SCHEDULE_MANUAL:
    default:
      return FALSE;
    }
}

/* Plain words: intervals, weekly days, lists ------------------------------ */

/* Each description is one sentence built from messages a translator can
 * reorder: whole phrases with placeholders, counts with plural forms, and
 * lists joined by a separator message and a last-pair message. */

#define WEEK_MS   G_GINT64_CONSTANT (604800000)
#define DAY_MS    G_GINT64_CONSTANT (86400000)
#define HOUR_MS   G_GINT64_CONSTANT (3600000)
#define MINUTE_MS G_GINT64_CONSTANT (60000)
#define SECOND_MS G_GINT64_CONSTANT (1000)

static const char *day_abbrevs[] = {
  N_("Sun"), N_("Mon"), N_("Tue"), N_("Wed"), N_("Thu"), N_("Fri"), N_("Sat")
};

/* "a", "a and b", "a, b and c". */
static char *
list_words (const char * const *items,
            guint               n)
{
  g_autoptr(GString) head = NULL;

  if (n == 0)
    return g_strdup ("");
  if (n == 1)
    return g_strdup (items[0]);
  head = g_string_new (items[0]);
  for (guint i = 1; i + 1 < n; i++)
    {
      /* TRANSLATORS: separates the items of a list but the last two, as in
       * "Monday, Wednesday and Friday" or "09:00, 12:00 and 18:45". */
      g_string_append (head, C_("list", ", "));
      g_string_append (head, items[i]);
    }
  /* TRANSLATORS: the end of a list: %1$s is the list but its last item
   * ("Monday, Wednesday" or just "Monday"), %2$s the last item ("Friday"). */
  return g_strdup_printf (C_("list", "%s and %s"), head->str, items[n - 1]);
}

/* A count for the plural form of a message (ngettext's advice for counts
 * beyond an unsigned long). */
static gulong
plural_count (gint64 n)
{
  if (n < 0)
    n = -n;
  if ((guint64) n > G_MAXULONG)
    return (gulong) (n % 1000000) + 1000000;
  return (gulong) n;
}

/* "Every 15 minutes", "Every minute", "Every 1500 milliseconds": the largest
 * unit that divides @ms. */
static char *
every_words (gint64 ms)
{
  g_autofree char *count = NULL;
  gint64 n;

  if (ms % WEEK_MS == 0)
    {
      n = ms / WEEK_MS;
      if (n == 1)
        return g_strdup (_("Every week"));
      count = g_strdup_printf ("%" G_GINT64_FORMAT, n);
      /* TRANSLATORS: how often a job runs; %s is a number of weeks, 2 or more. */
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Every %s week", "Every %s weeks",
                                           plural_count (n)), count);
    }
  if (ms % DAY_MS == 0)
    {
      n = ms / DAY_MS;
      if (n == 1)
        return g_strdup (_("Every day"));
      count = g_strdup_printf ("%" G_GINT64_FORMAT, n);
      /* TRANSLATORS: how often a job runs; %s is a number of days, 2 or more. */
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Every %s day", "Every %s days",
                                           plural_count (n)), count);
    }
  if (ms % HOUR_MS == 0)
    {
      n = ms / HOUR_MS;
      if (n == 1)
        return g_strdup (_("Every hour"));
      count = g_strdup_printf ("%" G_GINT64_FORMAT, n);
      /* TRANSLATORS: how often a job runs; %s is a number of hours, 2 or more. */
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Every %s hour", "Every %s hours",
                                           plural_count (n)), count);
    }
  if (ms % MINUTE_MS == 0)
    {
      n = ms / MINUTE_MS;
      if (n == 1)
        return g_strdup (_("Every minute"));
      count = g_strdup_printf ("%" G_GINT64_FORMAT, n);
      /* TRANSLATORS: how often a job runs; %s is a number of minutes, 2 or more. */
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Every %s minute", "Every %s minutes",
                                           plural_count (n)), count);
    }
  if (ms % SECOND_MS == 0)
    {
      n = ms / SECOND_MS;
      if (n == 1)
        return g_strdup (_("Every second"));
      count = g_strdup_printf ("%" G_GINT64_FORMAT, n);
      /* TRANSLATORS: how often a job runs; %s is a number of seconds, 2 or more. */
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Every %s second", "Every %s seconds",
                                           plural_count (n)), count);
    }
  if (ms == 1)
    return g_strdup (_("Every millisecond"));
  count = g_strdup_printf ("%" G_GINT64_FORMAT, ms);
  /* TRANSLATORS: how often a job runs; %s is a number of milliseconds, 2 or more. */
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Every %s millisecond",
                                       "Every %s milliseconds", plural_count (ms)), count);
}

/* The days of a weekly schedule: "Every day", "Weekdays", "Mon, Wed and Fri". */
static char *
days_words (guint8 days)
{
  const char *names[7];
  guint n = 0;

  days &= EVERY_DAY;
  if (days == EVERY_DAY)
    return g_strdup (_("Every day"));
  if (days == WEEKDAYS_MASK)
    return g_strdup (_("Weekdays"));
  if (days == WEEKEND_MASK)
    return g_strdup (_("Weekends"));
  /* Monday first, as people read a week. */
  for (guint i = 1; i <= 7; i++)
    if (days & (1u << (i % 7)))
      names[n++] = _(day_abbrevs[i % 7]);
  return list_words (names, n);
}

/* "09:00, 12:00 and 18:45". */
static char *
times_words (GArray *times)
{
  g_autoptr(GPtrArray) texts = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < times->len; i++)
    {
      guint m = g_array_index (times, guint, i);
      g_ptr_array_add (texts, g_strdup_printf ("%02u:%02u", m / 60, m % 60));
    }
  return list_words ((const char * const *) texts->pdata, texts->len);
}

/* A schedule's days followed by its times: "Every day at 09:00 and 17:30". */
static char *
days_at_times (const char *days,
               const char *times)
{
  /* TRANSLATORS: a schedule at fixed times of day: %1$s is the days
   * ("Every day", "Weekdays", "Mon, Wed and Fri", "On day 1 of every month"),
   * %2$s a list of times ("09:00 and 17:30"). */
  return g_strdup_printf (C_("schedule", "%s at %s"), days, times);
}


static gboolean
is_small_number (const char *text,
                 guint       max,
                 guint      *out)
{
  guint64 v;
  char *end;

  if (!g_ascii_isdigit (text[0]))
    return FALSE;
  v = g_ascii_strtoull (text, &end, 10);
  if (*end != '\0' || v > max)
    return FALSE;
  *out = (guint) v;
  return TRUE;
}

/* Plain words for cron ---------------------------------------------------- */

static const char *day_names[] = {
  N_("Sunday"), N_("Monday"), N_("Tuesday"), N_("Wednesday"), N_("Thursday"), N_("Friday"),
  N_("Saturday")
};
/* One day of every week, where a description starts with it ("Sundays at
 * 10:00") and where it follows other words ("On day 13 and on Fridays";
 * "Every 5 minutes, Sundays"): languages that write these in lower case
 * inside a sentence can. */
static const char *days_plural_first[] = {
  NC_("every week on, starting a description", "Sundays"),
  NC_("every week on, starting a description", "Mondays"),
  NC_("every week on, starting a description", "Tuesdays"),
  NC_("every week on, starting a description", "Wednesdays"),
  NC_("every week on, starting a description", "Thursdays"),
  NC_("every week on, starting a description", "Fridays"),
  NC_("every week on, starting a description", "Saturdays")
};
static const char *days_plural_within[] = {
  NC_("every week on, within a description", "Sundays"),
  NC_("every week on, within a description", "Mondays"),
  NC_("every week on, within a description", "Tuesdays"),
  NC_("every week on, within a description", "Wednesdays"),
  NC_("every week on, within a description", "Thursdays"),
  NC_("every week on, within a description", "Fridays"),
  NC_("every week on, within a description", "Saturdays")
};
static const char *month_names[] = {
  N_("January"), N_("February"), N_("March"), N_("April"), N_("May"), N_("June"), N_("July"),
  N_("August"), N_("September"), N_("October"), N_("November"), N_("December")
};
static const char *month_abbrevs[] = {
  "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"
};
static const char *dow_abbrevs[] = { "sun", "mon", "tue", "wed", "thu", "fri", "sat" };

/* One field as a bitset, for the words only: the plain grammar (*, ?, lists,
 * ranges, steps, names). Anything else (L, W, #) returns FALSE and the
 * expression is shown as cron. */
static gboolean
words_value (const char  *text,
             guint        lo,
             guint        hi,
             const char **names,
             guint        names_base,
             guint       *out)
{
  if (g_ascii_isdigit (text[0]))
    return is_small_number (text, hi, out) && *out >= lo;
  for (guint i = 0; names != NULL && names[i] != NULL; i++)
    if (g_ascii_strcasecmp (text, names[i]) == 0)
      {
        *out = i + names_base;
        return TRUE;
      }
  return FALSE;
}

static gboolean
words_field (const char  *field,
             guint        lo,
             guint        hi,
             const char **names,
             guint        names_base,
             guint64     *bits,
             gboolean    *star)
{
  g_auto(GStrv) parts = g_strsplit (field, ",", -1);

  *bits = 0;
  *star = strcmp (field, "*") == 0 || strcmp (field, "?") == 0;
  for (guint i = 0; parts[i] != NULL; i++)
    {
      g_autofree char *part = g_strdup (parts[i]);
      char *slash = strchr (part, '/');
      char *dash;
      guint a = lo, b = hi, step = 1;

      if (slash != NULL)
        {
          *slash = '\0';
          if (!is_small_number (slash + 1, 99, &step) || step == 0)
            return FALSE;
        }
      dash = strchr (part, '-');
      if (strcmp (part, "*") == 0 || strcmp (part, "?") == 0)
        ;
      else if (dash != NULL)
        {
          *dash = '\0';
          if (!words_value (part, lo, hi, names, names_base, &a) ||
              !words_value (dash + 1, lo, hi, names, names_base, &b) || a > b)
            return FALSE;
        }
      else
        {
          if (!words_value (part, lo, hi, names, names_base, &a))
            return FALSE;
          if (slash == NULL)
            b = a;
        }
      for (guint v = a; v <= b; v += step)
        *bits |= G_GUINT64_CONSTANT (1) << v;
    }
  return *bits != 0;
}

static guint
count_bits (guint64 bits)
{
  return (guint) __builtin_popcountll (bits);
}

static guint
lowest_bit (guint64 bits)
{
  return (guint) __builtin_ctzll (bits);
}

static guint
highest_bit (guint64 bits)
{
  return 63 - (guint) __builtin_clzll (bits);
}

/* The step of a set that is 0, s, 2s, … up to max, or 0 when it is not. */
static guint
uniform_step (guint64 bits,
              guint   max)
{
  guint n = count_bits (bits);

  if (n < 2 || !(bits & 1))
    return 0;
  for (guint s = 1; s <= max; s++)
    {
      guint64 want = 0;

      for (guint v = 0; v <= max; v += s)
        want |= G_GUINT64_CONSTANT (1) << v;
      if (want == bits)
        return s;
    }
  return 0;
}

static gboolean
contiguous (guint64 bits)
{
  if (bits == 0)
    return FALSE;
  return count_bits (bits) == highest_bit (bits) - lowest_bit (bits) + 1;
}

/* "1 and 15" for days of the month, "08:00, 10:00 and 12:00" for hours. */
static char *
numbers_words (guint64  bits,
               gboolean days_of_month)
{
  g_autoptr(GPtrArray) texts = g_ptr_array_new_with_free_func (g_free);

  for (guint v = 0; v < 64; v++)
    if (bits & (G_GUINT64_CONSTANT (1) << v))
      {
        if (days_of_month)
          /* TRANSLATORS: one day of the month in a list, as in "On day 1 and
           * 15 of every month"; %u is the day's number ("%u." for an ordinal). */
          g_ptr_array_add (texts, g_strdup_printf (C_("day of month", "%u"), v));
        else
          g_ptr_array_add (texts, g_strdup_printf ("%02u:00", v));
      }
  return list_words ((const char * const *) texts->pdata, texts->len);
}

/* The days of the week of a cron expression: "Monday to Friday", "Sundays",
 * "Monday, Wednesday and Friday". @first: the words start the description. */
static char *
weekdays_words (guint64  dow,
                gboolean first)
{
  const char *names[7];
  guint n = 0;

  if (dow & (1u << 7))
    dow |= 1;  /* 7 is Sunday too */
  dow &= 0x7f;
  if (dow == 0x3e)
    return g_strdup (_("Monday to Friday"));
  if (dow == 0x41)
    return g_strdup (_("Saturday and Sunday"));
  if (contiguous (dow >> 1) && !(dow & 1) && count_bits (dow) >= 3)
    /* TRANSLATORS: a range of days of the week: %1$s is the first day
     * ("Tuesday"), %2$s the last ("Saturday"). */
    return g_strdup_printf (C_("days", "%s to %s"), _(day_names[lowest_bit (dow)]),
                            _(day_names[highest_bit (dow)]));
  if (count_bits (dow) == 1)
    {
      guint d = lowest_bit (dow);

      if (first)
        return g_strdup (g_dpgettext2 (GETTEXT_PACKAGE, "every week on, starting a description",
                                       days_plural_first[d]));
      return g_strdup (g_dpgettext2 (GETTEXT_PACKAGE, "every week on, within a description",
                                     days_plural_within[d]));
    }
  for (guint i = 1; i <= 7; i++)
    if (dow & (1u << (i % 7)))
      names[n++] = _(day_names[i % 7]);
  return list_words (names, n);
}

/* "January and July". */
static char *
months_words (guint64 months)
{
  const char *names[12];
  guint n = 0;

  for (guint m = 1; m <= 12; m++)
    if (months & (G_GUINT64_CONSTANT (1) << m))
      names[n++] = _(month_names[m - 1]);
  return list_words (names, n);
}

/* @so_far narrowed down by @restriction: "Every 15 minutes, Monday to
 * Friday". Takes @so_far and @restriction. */
static char *
narrow (char *so_far,
        char *restriction)
{
  g_autofree char *a = so_far;
  g_autofree char *b = restriction;

  /* TRANSLATORS: a schedule narrowed down: %1$s is the schedule so far
   * ("Every 15 minutes"), %2$s a restriction ("09:00–17:45", "Monday to
   * Friday", "on day 1 and 15", "in March"). */
  return g_strdup_printf (C_("schedule", "%s, %s"), a, b);
}

/* "Every 15 minutes, 09:00–17:45, Monday to Friday"; "Every day at 02:30";
 * "Weekdays at 09:00"; "Every 2 hours at :00". NULL when the expression
 * uses more than these words can say. */
static char *
cron_words (const char *expr)
{
  g_auto(GStrv) f = g_strsplit_set (expr, " \t", -1);
  const char *fields[6];
  const char *macro = NULL;
  guint n = 0, first = 0;
  guint64 min, hour, dom, mon, dow;
  gboolean min_star, hour_star, dom_star, mon_star, dow_star;
  g_autofree char *when = NULL;   /* how often, when not at fixed times */
  g_autofree char *times = NULL;  /* the times of day, when fixed */
  gboolean frequent = FALSE;
  guint step;

  if (expr[0] == '@')
    {
      if (strcmp (expr, "@hourly") == 0)
        macro = "0 * * * *";
      else if (strcmp (expr, "@daily") == 0 || strcmp (expr, "@midnight") == 0)
        macro = "0 0 * * *";
      else if (strcmp (expr, "@weekly") == 0)
        macro = "0 0 * * 0";
      else if (strcmp (expr, "@monthly") == 0)
        macro = "0 0 1 * *";
      else if (strcmp (expr, "@yearly") == 0 || strcmp (expr, "@annually") == 0)
        macro = "0 0 1 1 *";
      else
        return NULL;
      return cron_words (macro);
    }

  for (guint i = 0; f[i] != NULL; i++)
    if (f[i][0] != '\0')
      {
        if (n == 6)
          return NULL;
        fields[n++] = f[i];
      }
  if (n == 6)
    {
      /* Seconds: only a plain 0 reads like the 5-field form. */
      if (strcmp (fields[0], "0") != 0)
        return NULL;
      first = 1;
    }
  else if (n != 5)
    return NULL;

  if (!words_field (fields[first], 0, 59, NULL, 0, &min, &min_star) ||
      !words_field (fields[first + 1], 0, 23, NULL, 0, &hour, &hour_star) ||
      !words_field (fields[first + 2], 1, 31, NULL, 0, &dom, &dom_star) ||
      !words_field (fields[first + 3], 1, 12, month_abbrevs, 1, &mon, &mon_star) ||
      !words_field (fields[first + 4], 0, 7, dow_abbrevs, 0, &dow, &dow_star))
    return NULL;

  /* The time of day. */
  if (count_bits (hour) == 1 && count_bits (min) <= 4)
    {
      g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func (g_free);

      for (guint m = 0; m < 60; m++)
        if (min >> m & 1)
          g_ptr_array_add (list, g_strdup_printf ("%02u:%02u", lowest_bit (hour), m));
      times = list_words ((const char * const *) list->pdata, list->len);
    }
  else if (count_bits (min) == 60)
    {
      frequent = TRUE;
      when = g_strdup (_("Every minute"));
    }
  else if ((step = uniform_step (min, 59)) != 0 && 60 % step == 0)
    {
      frequent = TRUE;
      when = every_words ((gint64) step * MINUTE_MS);
    }
  else if (count_bits (min) == 1 && (step = uniform_step (hour, 23)) != 0 && 24 % step == 0)
    {
      if (step == 1)
        /* TRANSLATORS: a cron schedule; %02u is the minute past each hour
         * (":05" is five past). */
        when = g_strdup_printf (C_("schedule", "Every hour at :%02u"), lowest_bit (min));
      else
        /* TRANSLATORS: a cron schedule; %u is a number of hours (2 or more),
         * %02u the minute past the hour (":05" is five past). */
        when = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Every %u hour at :%02u",
                                             "Every %u hours at :%02u", step),
                                step, lowest_bit (min));
    }
  else if (count_bits (min) <= 2 && count_bits (hour) * count_bits (min) <= 6)
    {
      g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func (g_free);

      for (guint h = 0; h < 24; h++)
        for (guint m = 0; m < 60; m++)
          if ((hour >> h & 1) && (min >> m & 1))
            g_ptr_array_add (list, g_strdup_printf ("%02u:%02u", h, m));
      times = list_words ((const char * const *) list->pdata, list->len);
    }
  else if (count_bits (min) == 1 && contiguous (hour))
    {
      when = g_strdup_printf (C_("schedule", "Every hour at :%02u"), lowest_bit (min));
      when = narrow (g_steal_pointer (&when),
                     g_strdup_printf ("%02u:%02u–%02u:%02u", lowest_bit (hour), lowest_bit (min),
                                      highest_bit (hour), lowest_bit (min)));
    }
  else
    return NULL;

  /* Hours of a frequent job: a window. */
  if (frequent && !hour_star)
    {
      if (contiguous (hour))
        when = narrow (g_steal_pointer (&when),
                       g_strdup_printf ("%02u:00–%02u:%02u", lowest_bit (hour), highest_bit (hour),
                                        highest_bit (min)));
      else
        {
          g_autofree char *hours = numbers_words (hour, FALSE);

          /* TRANSLATORS: the hours a frequent schedule runs in: %s is a list
           * of hours ("08:00, 10:00 and 12:00"). */
          when = narrow (g_steal_pointer (&when),
                         g_strdup_printf (C_("schedule", "in the hours %s"), hours));
        }
    }

  if (times != NULL)
    {
      /* A fixed time: the days come first. */
      g_autofree char *days = NULL;

      if (dom_star && dow_star)
        days = g_strdup (_("Every day"));
      else if (dom_star && (dow & 0x7f) == 0x3e && !(dow & 0x80))
        days = g_strdup (_("Weekdays"));
      else if (dom_star)
        days = weekdays_words (dow, TRUE);
      else if (dow_star)
        {
          g_autofree char *numbers = numbers_words (dom, TRUE);

          if (mon_star)
            /* TRANSLATORS: the days of a monthly schedule: %s is a list of
             * days of the month ("1 and 15"). */
            days = g_strdup_printf (C_("schedule", "On day %s of every month"), numbers);
          else
            /* TRANSLATORS: the days of a schedule in some months only: %s is
             * a list of days of the month ("1 and 15"); the months follow. */
            days = g_strdup_printf (C_("schedule", "On day %s"), numbers);
        }
      else
        {
          g_autofree char *numbers = numbers_words (dom, TRUE);
          g_autofree char *weekdays = weekdays_words (dow, FALSE);

          /* TRANSLATORS: a cron schedule runs on either kind of day: %1$s is
           * a list of days of the month ("13"), %2$s days of the week
           * ("Fridays", "Monday to Friday"). */
          days = g_strdup_printf (C_("schedule", "On day %s and on %s"), numbers, weekdays);
        }
      if (!mon_star)
        {
          g_autofree char *months = months_words (mon);

          /* TRANSLATORS: a schedule at fixed times in some months only: %1$s
           * is the days ("On day 1"), %2$s the months ("January and July"),
           * %3$s the times of day ("00:00"). */
          return g_strdup_printf (C_("schedule", "%s in %s at %s"), days, months, times);
        }
      return days_at_times (days, times);
    }

  if (!dom_star && !dow_star)
    {
      /* Vixie cron: either day matches. */
      g_autofree char *numbers = numbers_words (dom, TRUE);
      g_autofree char *weekdays = weekdays_words (dow, FALSE);

      /* TRANSLATORS: a frequent cron schedule runs on either kind of day:
       * %1$s is a list of days of the month ("13"), %2$s days of the week
       * ("Fridays", "Monday to Friday"). */
      when = narrow (g_steal_pointer (&when),
                     g_strdup_printf (C_("schedule", "on day %s and on %s"), numbers, weekdays));
    }
  else if (!dom_star)
    {
      g_autofree char *numbers = numbers_words (dom, TRUE);

      /* TRANSLATORS: the days a frequent schedule runs on: %s is a list of
       * days of the month ("1 and 15"). */
      when = narrow (g_steal_pointer (&when),
                     g_strdup_printf (C_("schedule", "on day %s"), numbers));
    }
  else if (!dow_star)
    when = narrow (g_steal_pointer (&when), weekdays_words (dow, FALSE));
  if (!mon_star)
    {
      g_autofree char *months = months_words (mon);

      /* TRANSLATORS: the months a frequent schedule runs in: %s is a list of
       * months ("March", "January and July"). */
      when = narrow (g_steal_pointer (&when), g_strdup_printf (C_("schedule", "in %s"), months));
    }
  return g_steal_pointer (&when);
}

char *
ork_schedule_describe (const OrkSchedule *self)
{
  g_autofree char *words = NULL;

  g_return_val_if_fail (self != NULL, NULL);

  switch (self->kind)
    {
    case ORK_SCHEDULE_INTERVAL:
      words = every_words (self->every_ms > 0 ? self->every_ms : 1);
      if (self->from == ORK_INTERVAL_FROM_COMPLETION)
        {
          g_autofree char *every = g_steal_pointer (&words);

          /* TRANSLATORS: an interval counted from the end of each run: %s is
           * how often ("Every 15 minutes"). */
          words = g_strdup_printf (C_("schedule", "%s after the previous run ends"), every);
        }
      break;

    case ORK_SCHEDULE_CRON:
      if (self->expr != NULL)
        words = cron_words (self->expr);
      if (words == NULL)
        /* TRANSLATORS: a cron schedule that has no plain words: %s is its
         * expression as written ("0 0 L * *"). */
        words = g_strdup_printf (C_("schedule", "Cron: %s"), self->expr ? self->expr : "");
      break;

    case ORK_SCHEDULE_WEEKLY:
      {
        g_autofree char *days = days_words (self->days);
        g_autofree char *times = times_words (self->times);

        words = days_at_times (days, times);
      }
      break;

    case ORK_SCHEDULE_ONCE:
      if (self->at != NULL)
        {
          g_autofree char *when = g_date_time_format (self->at, "%Y-%m-%d %H:%M");

          if (g_date_time_get_utc_offset (self->at) == 0)
            /* TRANSLATORS: a schedule that runs once: %s is the date and time
             * in UTC ("2026-12-01 10:00"). */
            words = g_strdup_printf (C_("schedule", "Once at %s UTC"), when);
          else
            {
              g_autofree char *offset = g_date_time_format (self->at, "%:z");

              /* TRANSLATORS: a schedule that runs once: %1$s is the date and
               * time ("2026-12-01 10:00"), %2$s its offset from UTC ("+05:30"). */
              words = g_strdup_printf (C_("schedule", "Once at %s (UTC%s)"), when, offset);
            }
        }
      else
        words = g_strdup (_("Once"));
      break;

    case ORK_SCHEDULE_MANUAL:
      /* TRANSLATORS: a job that runs only when started by hand. */
      words = g_strdup (C_("schedule", "Manual"));
      break;

    default:
      g_assert_not_reached ();
    }

  if ((self->kind == ORK_SCHEDULE_CRON || self->kind == ORK_SCHEDULE_WEEKLY) &&
      self->timezone != NULL)
    /* TRANSLATORS: a schedule and the time zone of its times: %1$s is the
     * schedule ("Every day at 09:00"), %2$s the zone ("Europe/Berlin"). */
    return g_strdup_printf (C_("schedule", "%s (%s)"), words, self->timezone);
  return g_steal_pointer (&words);
}
