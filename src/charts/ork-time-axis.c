/* ork-time-axis.c — ticks and labels of a time ruler
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ork-time-axis"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>

#include "ork-time-axis.h"

#define MS   (G_GINT64_CONSTANT (1000))
#define SEC  (G_GINT64_CONSTANT (1000000))
#define MINUTE  (60 * SEC)
#define HOUR (60 * MINUTE)
#define DAY  (24 * HOUR)

typedef enum
{
  UNIT_FIXED,     /* a multiple of a fixed length, aligned in local time */
  UNIT_DAYS,      /* local midnights */
  UNIT_WEEKS,     /* local midnights of Mondays */
  UNIT_MONTHS,    /* first days of months */
  UNIT_YEARS,
} StepUnit;

typedef struct
{
  StepUnit unit;
  gint64   length;    /* µs (average for months and years) */
  guint    count;     /* days, months */
  guint    n_minor;   /* minor intervals between two labelled ticks */
} Step;

static const Step steps[] = {
  { UNIT_FIXED, 1 * MS, 1, 5 },
  { UNIT_FIXED, 2 * MS, 1, 4 },
  { UNIT_FIXED, 5 * MS, 1, 5 },
  { UNIT_FIXED, 10 * MS, 1, 5 },
  { UNIT_FIXED, 20 * MS, 1, 4 },
  { UNIT_FIXED, 50 * MS, 1, 5 },
  { UNIT_FIXED, 100 * MS, 1, 5 },
  { UNIT_FIXED, 200 * MS, 1, 4 },
  { UNIT_FIXED, 500 * MS, 1, 5 },
  { UNIT_FIXED, 1 * SEC, 1, 5 },
  { UNIT_FIXED, 2 * SEC, 1, 4 },
  { UNIT_FIXED, 5 * SEC, 1, 5 },
  { UNIT_FIXED, 10 * SEC, 1, 5 },
  { UNIT_FIXED, 15 * SEC, 1, 3 },
  { UNIT_FIXED, 30 * SEC, 1, 6 },
  { UNIT_FIXED, 1 * MINUTE, 1, 4 },
  { UNIT_FIXED, 2 * MINUTE, 1, 4 },
  { UNIT_FIXED, 5 * MINUTE, 1, 5 },
  { UNIT_FIXED, 10 * MINUTE, 1, 5 },
  { UNIT_FIXED, 15 * MINUTE, 1, 3 },
  { UNIT_FIXED, 30 * MINUTE, 1, 6 },
  { UNIT_FIXED, 1 * HOUR, 1, 4 },
  { UNIT_FIXED, 2 * HOUR, 1, 4 },
  { UNIT_FIXED, 3 * HOUR, 1, 3 },
  { UNIT_FIXED, 6 * HOUR, 1, 6 },
  { UNIT_FIXED, 12 * HOUR, 1, 4 },
  { UNIT_DAYS, 1 * DAY, 1, 4 },
  { UNIT_DAYS, 2 * DAY, 2, 2 },
  { UNIT_WEEKS, 7 * DAY, 7, 7 },
  { UNIT_MONTHS, 30 * DAY, 1, 0 },
  { UNIT_MONTHS, 91 * DAY, 3, 3 },
  { UNIT_YEARS, 365 * DAY, 12, 4 },
};

static void
clear_tick (gpointer data)
{
  OrkTimeTick *tick = data;

  g_clear_pointer (&tick->label, g_free);
}

/* The UTC time of the local wall-clock time @local (µs since the epoch as if
 * the zone were UTC); a time in a DST gap moves forward. */
static gint64
local_to_utc (GTimeZone *zone,
              gint64     local)
{
  gint64 seconds = local / SEC;
  gint64 rest = local - seconds * SEC;
  int interval;

  if (rest < 0)
    {
      seconds--;
      rest += SEC;
    }
  interval = g_time_zone_adjust_time (zone, G_TIME_TYPE_STANDARD, &seconds);
  return (seconds - g_time_zone_get_offset (zone, interval)) * SEC + rest;
}

static gint64
utc_to_local (GTimeZone *zone,
              gint64     utc)
{
  gint64 seconds = utc / SEC - (utc % SEC < 0 ? 1 : 0);
  int interval = g_time_zone_find_interval (zone, G_TIME_TYPE_UNIVERSAL, seconds);

  return utc + (gint64) g_time_zone_get_offset (zone, MAX (interval, 0)) * SEC;
}

static GDateTime *
date_time_at (gint64     time,
              GTimeZone *zone)
{
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (time / SEC - (time % SEC < 0 ? 1 : 0));

  return g_date_time_to_timezone (utc, zone);
}

static gint64
date_time_to_us (GDateTime *dt)
{
  return g_date_time_to_unix (dt) * SEC;
}

static char *
tick_label (gint64       time,
            const Step  *step,
            gboolean     new_day,
            GTimeZone   *zone)
{
  g_autoptr(GDateTime) dt = date_time_at (time, zone);

  switch (step->unit)
    {
    case UNIT_FIXED:
      if (new_day && step->length >= MINUTE)
        /* TRANSLATORS: a ruler tick at midnight: weekday and day of month,
         * see g_date_time_format () */
        return g_date_time_format (dt, C_("ruler day", "%a %e"));
      if (step->length < SEC)
        {
          g_autofree char *seconds = g_date_time_format (dt, "%H:%M:%S");
          gint64 ms = (time % SEC + SEC) % SEC / MS;

          return g_strdup_printf ("%s.%03" G_GINT64_FORMAT, seconds, ms);
        }
      if (step->length < MINUTE)
        return g_date_time_format (dt, "%H:%M:%S");
      return g_date_time_format (dt, "%H:%M");
    case UNIT_DAYS:
      /* TRANSLATORS: a ruler tick of a day: weekday, day and month */
      return g_date_time_format (dt, C_("ruler date", "%a %e %b"));
    case UNIT_WEEKS:
      /* TRANSLATORS: a ruler tick of a week: day and month */
      return g_date_time_format (dt, C_("ruler week", "%e %b"));
    case UNIT_MONTHS:
      /* TRANSLATORS: a ruler tick of a month: month and year */
      return g_date_time_format (dt, C_("ruler month", "%b %Y"));
    case UNIT_YEARS:
    default:
      return g_date_time_format (dt, "%Y");
    }
}

/* The labelled ticks of a calendar step from the first one at or before
 * @start to the first at or after @end. */
static void
calendar_ticks (gint64      start,
                gint64      end,
                const Step *step,
                GTimeZone  *zone,
                GArray     *times)
{
  g_autoptr(GDateTime) at = date_time_at (start, zone);
  g_autoptr(GDateTime) first = NULL;
  int y, m, d;

  g_date_time_get_ymd (at, &y, &m, &d);
  switch (step->unit)
    {
    case UNIT_DAYS:
      first = g_date_time_new (zone, y, m, d, 0, 0, 0);
      if (step->count > 1)
        {
          /* Every other day: days of even Julian day number, so the ticks
           * do not jump about as the span pans. */
          GDate date;

          g_date_clear (&date, 1);
          g_date_set_dmy (&date, d, m, y);
          if (g_date_get_julian (&date) % step->count != 0)
            {
              GDateTime *prev = g_date_time_add_days (first, -1);
              g_date_time_unref (first);
              first = prev;
            }
        }
      break;
    case UNIT_WEEKS:
      {
        g_autoptr(GDateTime) midnight = g_date_time_new (zone, y, m, d, 0, 0, 0);

        first = g_date_time_add_days (midnight, 1 - g_date_time_get_day_of_week (midnight));
      }
      break;
    case UNIT_MONTHS:
      first = g_date_time_new (zone, y, m - (m - 1) % (int) step->count, 1, 0, 0, 0);
      break;
    case UNIT_YEARS:
    default:
      first = g_date_time_new (zone, y, 1, 1, 0, 0, 0);
      break;
    }
  if (first == NULL)
    return;

  for (GDateTime *dt = g_date_time_ref (first); dt != NULL;)
    {
      gint64 t = date_time_to_us (dt);
      GDateTime *next;

      g_array_append_val (times, t);
      if (t >= end)
        {
          g_date_time_unref (dt);
          break;
        }
      if (step->unit == UNIT_MONTHS || step->unit == UNIT_YEARS)
        next = g_date_time_add_months (dt, (int) step->count);
      else
        next = g_date_time_add_days (dt, (int) step->count);
      g_date_time_unref (dt);
      dt = next;
    }
}

/* The labelled ticks of a fixed step, aligned on the local wall clock. */
static void
fixed_ticks (gint64      start,
             gint64      end,
             const Step *step,
             GTimeZone  *zone,
             GArray     *times)
{
  gint64 local = utc_to_local (zone, start);
  gint64 first = local - (local % step->length + step->length) % step->length;
  gint64 offset = local - start;
  gint64 last = G_MININT64;

  for (gint64 l = first;; l += step->length)
    {
      /* Below a second the offset cannot change between ticks. */
      gint64 t = step->length < SEC ? l - offset : local_to_utc (zone, l);

      /* A local hour that repeats (DST ends) gives one tick. */
      if (t > last)
        {
          g_array_append_val (times, t);
          last = t;
        }
      if (t >= end)
        break;
    }
}

GArray *
ork_time_axis_ticks (gint64     start,
                     gint64     end,
                     double     width,
                     double     min_spacing,
                     GTimeZone *zone,
                     gint64    *out_step)
{
  g_autoptr(GArray) times = g_array_new (FALSE, FALSE, sizeof (gint64));
  GArray *ticks = g_array_new (FALSE, TRUE, sizeof (OrkTimeTick));
  const Step *step = &steps[G_N_ELEMENTS (steps) - 1];
  double us_per_px;
  int prev_day = -1;

  g_array_set_clear_func (ticks, clear_tick);
  if (out_step != NULL)
    *out_step = step->length;
  if (end <= start || width <= 0 || zone == NULL)
    return ticks;

  us_per_px = (double) (end - start) / width;
  for (guint i = 0; i < G_N_ELEMENTS (steps); i++)
    if ((double) steps[i].length / us_per_px >= min_spacing)
      {
        step = &steps[i];
        break;
      }
  if (out_step != NULL)
    *out_step = step->length;

  if (step->unit == UNIT_FIXED)
    fixed_ticks (start, end, step, zone, times);
  else
    calendar_ticks (start, end, step, zone, times);

  for (guint i = 0; i < times->len; i++)
    {
      gint64 t = g_array_index (times, gint64, i);

      /* Minor ticks from the previous labelled tick to this one. */
      if (i > 0 && step->n_minor > 1)
        {
          gint64 prev = g_array_index (times, gint64, i - 1);

          for (guint k = 1; k < step->n_minor; k++)
            {
              gint64 m = prev + (t - prev) * (gint64) k / (gint64) step->n_minor;
              OrkTimeTick minor = { m, FALSE, FALSE, NULL };

              if (m >= start && m <= end)
                g_array_append_val (ticks, minor);
            }
        }
      if (t >= start && t <= end)
        {
          g_autoptr(GDateTime) dt = date_time_at (t, zone);
          int day = g_date_time_get_day_of_year (dt) + 400 * g_date_time_get_year (dt);
          gboolean midnight = g_date_time_get_hour (dt) == 0 && g_date_time_get_minute (dt) == 0
                              && g_date_time_get_second (dt) == 0 && t % SEC == 0;
          OrkTimeTick tick = { t, TRUE, FALSE, NULL };

          tick.new_day = midnight || (prev_day != -1 && day != prev_day);
          tick.label = tick_label (t, step, tick.new_day, zone);
          prev_day = day;
          g_array_append_val (ticks, tick);
        }
    }
  return ticks;
}

char *
ork_time_axis_format (gint64     time,
                      gint64     step,
                      GTimeZone *zone)
{
  g_autoptr(GDateTime) dt = NULL;
  g_autofree char *date = NULL;

  g_return_val_if_fail (zone != NULL, NULL);

  dt = date_time_at (time, zone);
  /* TRANSLATORS: a date in a chart's read-out, see g_date_time_format () */
  date = g_date_time_format (dt, C_("chart date", "%a %e %b %Y"));
  if (step < SEC)
    {
      g_autofree char *clock = g_date_time_format (dt, "%H:%M:%S");

      return g_strdup_printf ("%s %s.%03" G_GINT64_FORMAT, date, clock,
                              (time % SEC + SEC) % SEC / MS);
    }
  if (step < MINUTE)
    {
      g_autofree char *clock = g_date_time_format (dt, "%H:%M:%S");
      return g_strdup_printf ("%s %s", date, clock);
    }
  if (step < DAY)
    {
      g_autofree char *clock = g_date_time_format (dt, "%H:%M");
      return g_strdup_printf ("%s %s", date, clock);
    }
  return g_steal_pointer (&date);
}

char *
ork_format_duration_short (double usec)
{
  double a = fabs (usec);
  const char *sign = usec < 0 ? "−" : "";

  if (!isfinite (usec))
    return g_strdup ("—");
  if (a < 999.5)
    /* TRANSLATORS: a duration in microseconds */
    return g_strdup_printf (_("%s%.0f µs"), sign, a);
  if (a < 999.5e3)
    /* TRANSLATORS: a duration in milliseconds */
    return g_strdup_printf (_("%s%.3g ms"), sign, a / 1000);
  if (a < 59.95e6)
    /* TRANSLATORS: a duration in seconds */
    return g_strdup_printf (_("%s%.3g s"), sign, a / 1e6);
  if (a < 3600e6)
    {
      gint64 s = (gint64) llround (a / 1e6);
      if (s % 60 == 0)
        /* TRANSLATORS: a duration in whole minutes */
        return g_strdup_printf (_("%s%d min"), sign, (int) (s / 60));
      /* TRANSLATORS: a duration in minutes and seconds */
      return g_strdup_printf (_("%s%d min %d s"), sign, (int) (s / 60), (int) (s % 60));
    }
  if (a < 86400e6)
    {
      gint64 m = (gint64) llround (a / 60e6);
      if (m % 60 == 0)
        /* TRANSLATORS: a duration in whole hours */
        return g_strdup_printf (_("%s%d h"), sign, (int) (m / 60));
      /* TRANSLATORS: a duration in hours and minutes */
      return g_strdup_printf (_("%s%d h %d min"), sign, (int) (m / 60), (int) (m % 60));
    }
  {
    gint64 h = (gint64) llround (a / 3600e6);
    if (h % 24 == 0)
      /* TRANSLATORS: a duration in whole days */
      return g_strdup_printf (_("%s%d d"), sign, (int) (h / 24));
    /* TRANSLATORS: a duration in days and hours */
    return g_strdup_printf (_("%s%d d %d h"), sign, (int) (h / 24), (int) (h % 24));
  }
}
