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

static const char *day_abbrevs[] = { "Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat" };

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

/* "15 minutes", "minute", "1500 milliseconds". */
static void
append_every (GString *s,
              gint64   ms)
{
  static const struct { gint64 ms; const char *one; const char *many; } units[] = {
    { G_GINT64_CONSTANT (604800000), "week", "weeks" },
    { G_GINT64_CONSTANT (86400000), "day", "days" },
    { G_GINT64_CONSTANT (3600000), "hour", "hours" },
    { G_GINT64_CONSTANT (60000), "minute", "minutes" },
    { G_GINT64_CONSTANT (1000), "second", "seconds" },
    { G_GINT64_CONSTANT (1), "millisecond", "milliseconds" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (units); i++)
    {
      if (ms % units[i].ms != 0)
        continue;
      if (ms == units[i].ms)
        g_string_append (s, units[i].one);
      else
        g_string_append_printf (s, "%" G_GINT64_FORMAT " %s", ms / units[i].ms, units[i].many);
      return;
    }
}

/* "a", "a and b", "a, b and c". */
static void
append_list (GString           *s,
             const char * const *items,
             guint               n)
{
  for (guint i = 0; i < n; i++)
    {
      if (i > 0)
        g_string_append (s, i + 1 == n ? " and " : ", ");
      g_string_append (s, items[i]);
    }
}

static void
append_days (GString *s,
             guint8   days)
{
  const char *names[7];
  guint n = 0;

  days &= EVERY_DAY;
  if (days == EVERY_DAY)
    {
      g_string_append (s, "Every day");
      return;
    }
  if (days == WEEKDAYS_MASK)
    {
      g_string_append (s, "Weekdays");
      return;
    }
  if (days == WEEKEND_MASK)
    {
      g_string_append (s, "Weekends");
      return;
    }
  /* Monday first, as people read a week. */
  for (guint i = 1; i <= 7; i++)
    if (days & (1u << (i % 7)))
      names[n++] = day_abbrevs[i % 7];
  append_list (s, names, n);
}

static void
append_times (GString *s,
              GArray  *times)
{
  g_autoptr(GPtrArray) texts = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < times->len; i++)
    {
      guint m = g_array_index (times, guint, i);
      g_ptr_array_add (texts, g_strdup_printf ("%02u:%02u", m / 60, m % 60));
    }
  append_list (s, (const char * const *) texts->pdata, texts->len);
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
  "Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"
};
static const char *month_names[] = {
  "January", "February", "March", "April", "May", "June", "July", "August",
  "September", "October", "November", "December"
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

static void
append_numbers (GString    *s,
                guint64     bits,
                const char *format)
{
  g_autoptr(GPtrArray) texts = g_ptr_array_new_with_free_func (g_free);

  for (guint v = 0; v < 64; v++)
    if (bits & (G_GUINT64_CONSTANT (1) << v))
      g_ptr_array_add (texts, g_strdup_printf (format, v));
  append_list (s, (const char * const *) texts->pdata, texts->len);
}

static void
append_weekdays (GString *s,
                 guint64  dow)
{
  const char *names[7];
  guint n = 0;

  if (dow & (1u << 7))
    dow |= 1;  /* 7 is Sunday too */
  dow &= 0x7f;
  if (dow == 0x3e)
    {
      g_string_append (s, "Monday to Friday");
      return;
    }
  if (dow == 0x41)
    {
      g_string_append (s, "Saturday and Sunday");
      return;
    }
  if (contiguous (dow >> 1) && !(dow & 1) && count_bits (dow) >= 3)
    {
      g_string_append_printf (s, "%s to %s", day_names[lowest_bit (dow)],
                              day_names[highest_bit (dow)]);
      return;
    }
  for (guint i = 1; i <= 7; i++)
    if (dow & (1u << (i % 7)))
      names[n++] = day_names[i % 7];
  if (n == 1)
    g_string_append_printf (s, "%ss", names[0]);
  else
    append_list (s, names, n);
}

static void
append_months (GString *s,
               guint64  months)
{
  const char *names[12];
  guint n = 0;

  for (guint m = 1; m <= 12; m++)
    if (months & (G_GUINT64_CONSTANT (1) << m))
      names[n++] = month_names[m - 1];
  append_list (s, names, n);
}

/* "Every 15 minutes, 09:00–17:45, Monday to Friday"; "Every day at 02:30";
 * "Weekdays at 09:00"; "Every 2 hours at :00". FALSE when the expression
 * uses more than these words can say. */
static gboolean
describe_cron (GString    *s,
               const char *expr)
{
  g_auto(GStrv) f = g_strsplit_set (expr, " \t", -1);
  const char *fields[6];
  const char *macro = NULL;
  guint n = 0, first = 0;
  guint64 min, hour, dom, mon, dow;
  gboolean min_star, hour_star, dom_star, mon_star, dow_star;
  g_autoptr(GString) when = g_string_new (NULL);
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
        return FALSE;
      return describe_cron (s, macro);
    }

  for (guint i = 0; f[i] != NULL; i++)
    if (f[i][0] != '\0')
      {
        if (n == 6)
          return FALSE;
        fields[n++] = f[i];
      }
  if (n == 6)
    {
      /* Seconds: only a plain 0 reads like the 5-field form. */
      if (strcmp (fields[0], "0") != 0)
        return FALSE;
      first = 1;
    }
  else if (n != 5)
    return FALSE;

  if (!words_field (fields[first], 0, 59, NULL, 0, &min, &min_star) ||
      !words_field (fields[first + 1], 0, 23, NULL, 0, &hour, &hour_star) ||
      !words_field (fields[first + 2], 1, 31, NULL, 0, &dom, &dom_star) ||
      !words_field (fields[first + 3], 1, 12, month_abbrevs, 1, &mon, &mon_star) ||
      !words_field (fields[first + 4], 0, 7, dow_abbrevs, 0, &dow, &dow_star))
    return FALSE;

  /* The time of day. */
  if (count_bits (hour) == 1 && count_bits (min) <= 4)
    {
      g_autoptr(GPtrArray) times = g_ptr_array_new_with_free_func (g_free);

      for (guint m = 0; m < 60; m++)
        if (min >> m & 1)
          g_ptr_array_add (times, g_strdup_printf ("%02u:%02u", lowest_bit (hour), m));
      g_string_append (when, "at ");
      append_list (when, (const char * const *) times->pdata, times->len);
    }
  else if (count_bits (min) == 60)
    {
      frequent = TRUE;
      g_string_append (when, "Every minute");
    }
  else if ((step = uniform_step (min, 59)) != 0 && 60 % step == 0)
    {
      frequent = TRUE;
      g_string_append (when, "Every ");
      append_every (when, (gint64) step * 60000);
    }
  else if (count_bits (min) == 1 && hour_star)
    g_string_append_printf (when, "Every hour at :%02u", lowest_bit (min));
  else if (count_bits (min) == 1 && (step = uniform_step (hour, 23)) != 0 && 24 % step == 0)
    g_string_append_printf (when, "Every %u hours at :%02u", step, lowest_bit (min));
  else if (count_bits (min) <= 2 && count_bits (hour) * count_bits (min) <= 6)
    {
      g_autoptr(GPtrArray) times = g_ptr_array_new_with_free_func (g_free);

      for (guint h = 0; h < 24; h++)
        for (guint m = 0; m < 60; m++)
          if ((hour >> h & 1) && (min >> m & 1))
            g_ptr_array_add (times, g_strdup_printf ("%02u:%02u", h, m));
      g_string_append (when, "at ");
      append_list (when, (const char * const *) times->pdata, times->len);
    }
  else if (count_bits (min) == 1 && contiguous (hour))
    g_string_append_printf (when, "Every hour at :%02u, %02u:%02u–%02u:%02u", lowest_bit (min),
                            lowest_bit (hour), lowest_bit (min), highest_bit (hour),
                            lowest_bit (min));
  else
    return FALSE;

  /* Hours of a frequent job: a window. */
  if (frequent && !hour_star)
    {
      if (contiguous (hour))
        g_string_append_printf (when, ", %02u:00–%02u:%02u", lowest_bit (hour),
                                highest_bit (hour), highest_bit (min));
      else
        {
          g_string_append (when, ", in the hours ");
          append_numbers (when, hour, "%02u:00");
        }
    }

  if (g_str_has_prefix (when->str, "at "))
    {
      /* A fixed time: the days come first. */
      if (dom_star && dow_star)
        g_string_append (s, "Every day");
      else if (dom_star && (dow & 0x7f) == 0x3e && !(dow & 0x80))
        g_string_append (s, "Weekdays");
      else if (dom_star)
        append_weekdays (s, dow);
      else if (dow_star)
        {
          g_string_append (s, "On day ");
          append_numbers (s, dom, "%u");
          g_string_append (s, mon_star ? " of every month" : "");
        }
      else
        {
          g_string_append (s, "On day ");
          append_numbers (s, dom, "%u");
          g_string_append (s, " and on ");
          append_weekdays (s, dow);
        }
      if (!mon_star)
        {
          g_string_append (s, " in ");
          append_months (s, mon);
        }
      g_string_append_c (s, ' ');
      g_string_append (s, when->str);
      return TRUE;
    }

  g_string_append (s, when->str);
  if (!dom_star && !dow_star)
    {
      /* Vixie cron: either day matches. */
      g_string_append (s, ", on day ");
      append_numbers (s, dom, "%u");
      g_string_append (s, " and on ");
      append_weekdays (s, dow);
    }
  else if (!dom_star)
    {
      g_string_append (s, ", on day ");
      append_numbers (s, dom, "%u");
    }
  else if (!dow_star)
    {
      g_string_append (s, ", ");
      append_weekdays (s, dow);
    }
  if (!mon_star)
    {
      g_string_append (s, ", in ");
      append_months (s, mon);
    }
  return TRUE;
}

char *
ork_schedule_describe (const OrkSchedule *self)
{
  GString *s;

  g_return_val_if_fail (self != NULL, NULL);

  s = g_string_new (NULL);
  switch (self->kind)
    {
    case ORK_SCHEDULE_INTERVAL:
      g_string_append (s, "Every ");
      append_every (s, self->every_ms > 0 ? self->every_ms : 1);
      if (self->from == ORK_INTERVAL_FROM_COMPLETION)
        g_string_append (s, " after the previous run ends");
      break;

    case ORK_SCHEDULE_CRON:
      if (self->expr == NULL || !describe_cron (s, self->expr))
        g_string_append_printf (s, "Cron: %s", self->expr ? self->expr : "");
      break;

    case ORK_SCHEDULE_WEEKLY:
      append_days (s, self->days);
      g_string_append (s, " at ");
      append_times (s, self->times);
      break;

    case ORK_SCHEDULE_ONCE:
      if (self->at != NULL)
        {
          g_autofree char *when = g_date_time_format (self->at, "%Y-%m-%d %H:%M");

          if (g_date_time_get_utc_offset (self->at) == 0)
            g_string_append_printf (s, "Once at %s UTC", when);
          else
            {
              g_autofree char *offset = g_date_time_format (self->at, "%:z");
              g_string_append_printf (s, "Once at %s (UTC%s)", when, offset);
            }
        }
      else
        g_string_append (s, "Once");
      break;

    case ORK_SCHEDULE_MANUAL:
      g_string_append (s, "Manual");
      break;

    default:
      g_assert_not_reached ();
    }

  if ((self->kind == ORK_SCHEDULE_CRON || self->kind == ORK_SCHEDULE_WEEKLY) &&
      self->timezone != NULL)
    g_string_append_printf (s, " (%s)", self->timezone);

  return g_string_free (s, FALSE);
}
