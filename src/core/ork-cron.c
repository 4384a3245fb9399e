/* ork-cron.c — the cron dialect of DESIGN §3 and its next-fire search
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ork-cron"

#include "config.h"

#include <stdarg.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "ork-cron.h"
#include "ork-types.h"

/* A wall time or an instant in whole seconds since 1970-01-01T00:00. */
#define SECS_PER_DAY G_GINT64_CONSTANT (86400)
#define WALL_NEVER G_MAXINT64
/* The Gregorian calendar repeats every 400 years (146097 days, a whole number of
 * weeks), so a search that covers 401 years from any point is exhaustive. */
#define SEARCH_YEARS 401
#define SEARCH_SECS (G_GINT64_CONSTANT (146097 + 366) * SECS_PER_DAY)

typedef enum
{
  FIELD_SECOND,
  FIELD_MINUTE,
  FIELD_HOUR,
  FIELD_DOM,
  FIELD_MONTH,
  FIELD_DOW,
  N_FIELDS
} FieldKind;

struct _OrkCron
{
  gatomicrefcount ref_count;
  char *expr;

  guint64 seconds;          /* bits 0-59 */
  guint64 minutes;          /* bits 0-59 */
  guint32 hours;            /* bits 0-23 */
  guint32 dom;              /* bits 1-31 */
  guint32 dom_last;         /* bit n: L-n (L is L-0) */
  guint32 dom_weekday;      /* bit n: nW */
  guint32 dow_pattern[7];   /* days 1-31 matching the plain dow bits, by weekday of the 1st */
  guint16 months;           /* bits 1-12 */
  guint8 dow;               /* bits 0-6, Sunday 0 */
  guint8 dow_last;          /* bit d: dL */
  guint8 dow_nth[7];        /* for weekday d, bit n-1: d#n */

  guint dom_lw : 1;
  guint dom_ext : 1;        /* L, L-n, LW or nW present */
  guint dow_ext : 1;        /* dL or d#n present */
  guint day_and : 1;        /* Vixie: dom or dow starts with '*' or is '?' */
  guint frequent : 1;
  guint has_seconds : 1;

  gint first_tod;           /* the first matching second of a day */
};

typedef struct
{
  const char *name;   /* in "hour 24 is out of range" */
  const char *field;  /* in "the hour field" */
  gint min;
  gint max;
} FieldInfo;

static const FieldInfo field_info[N_FIELDS] = {
  /* TRANSLATORS: names of the cron fields, as in "hour 24 is out of range
   * 0-23" and "missing value in the hour field". */
  { N_("second"), N_("seconds"), 0, 59 },
  { N_("minute"), N_("minute"), 0, 59 },
  { N_("hour"), N_("hour"), 0, 23 },
  { N_("day of month"), N_("day-of-month"), 1, 31 },
  { N_("month"), N_("month"), 1, 12 },
  { N_("day of week"), N_("day-of-week"), 0, 7 },
};

static const char *month_names[] = {
  "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"
};
static const char *month_full_names[] = {
  N_("January"), N_("February"), N_("March"), N_("April"), N_("May"), N_("June"),
  N_("July"), N_("August"), N_("September"), N_("October"), N_("November"), N_("December")
};
static const char *day_names[] = { "sun", "mon", "tue", "wed", "thu", "fri", "sat" };

static const struct
{
  const char *name;
  const char *fields;
} macros[] = {
  { "@yearly", "0 0 1 1 *" },
  { "@annually", "0 0 1 1 *" },
  { "@monthly", "0 0 1 * *" },
  { "@weekly", "0 0 * * 0" },
  { "@daily", "0 0 * * *" },
  { "@midnight", "0 0 * * *" },
  { "@hourly", "0 * * * *" },
};

G_DEFINE_QUARK (ork-cron-error-quark, ork_cron_error)

/* Civil calendar arithmetic (proleptic Gregorian), valid for any gint64 day. */

static inline gint64
floor_div (gint64 a,
           gint64 b)
{
  gint64 q = a / b;

  if ((a % b != 0) && ((a < 0) != (b < 0)))
    q--;
  return q;
}

static inline gint64
days_from_civil (gint64 y,
                 gint   m,
                 gint   d)
{
  gint64 era, yoe, doy, doe;

  y -= m <= 2;
  era = floor_div (y, 400);
  yoe = y - era * 400;
  doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
  doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

static inline void
civil_from_days (gint64  z,
                 gint64 *year,
                 gint   *month,
                 gint   *day)
{
  gint64 era, doe, yoe, doy, mp;
  gint m;

  z += 719468;
  era = floor_div (z, 146097);
  doe = z - era * 146097;
  yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  mp = (5 * doy + 2) / 153;
  m = mp < 10 ? mp + 3 : mp - 9;
  *day = (gint) (doy - (153 * mp + 2) / 5 + 1);
  *month = m;
  *year = yoe + era * 400 + (m <= 2);
}

static inline gboolean
is_leap_year (gint64 y)
{
  return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static inline gint
days_in_month (gint64 y,
               gint   m)
{
  static const gint lengths[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };

  if (m == 2 && is_leap_year (y))
    return 29;
  return lengths[m - 1];
}

/* 0 = Sunday; 1970-01-01 was a Thursday. */
static inline gint
weekday_from_days (gint64 days)
{
  gint64 w = (days + 4) % 7;

  return (gint) (w < 0 ? w + 7 : w);
}

static inline gint
next_bit64 (guint64 mask,
            gint    from)
{
  if (from >= 64)
    return -1;
  mask &= G_MAXUINT64 << from;
  return mask != 0 ? __builtin_ctzll (mask) : -1;
}

/* Matching. */

static guint32
day_mask (const OrkCron *self,
          gint64         y,
          gint           m)
{
  gint ndays = days_in_month (y, m);
  guint32 valid = (guint32) (((G_GUINT64_CONSTANT (1) << (ndays + 1)) - 2));
  gint wd1 = weekday_from_days (days_from_civil (y, m, 1));
  gint wd_last = (wd1 + ndays - 1) % 7;
  guint32 dom = self->dom & valid;
  guint32 dow = self->dow_pattern[wd1] & valid;

  if (self->dom_ext)
    {
      for (guint32 bits = self->dom_last; bits != 0; bits &= bits - 1)
        {
          gint day = ndays - __builtin_ctz (bits);

          if (day >= 1)
            dom |= 1u << day;
        }
      if (self->dom_lw)
        {
          gint day = ndays;

          if (wd_last == 6)
            day -= 1;
          else if (wd_last == 0)
            day -= 2;
          dom |= 1u << day;
        }
      for (guint32 bits = self->dom_weekday & valid; bits != 0; bits &= bits - 1)
        {
          gint n = __builtin_ctz (bits);
          gint wd = (wd1 + n - 1) % 7;
          gint day = n;

          /* The nearest weekday, never leaving the month. */
          if (wd == 6)
            day = n > 1 ? n - 1 : n + 2;
          else if (wd == 0)
            day = n < ndays ? n + 1 : n - 2;
          dom |= 1u << day;
        }
    }

  if (self->dow_ext)
    {
      for (gint d = 0; d < 7; d++)
        {
          gint first = 1 + (d - wd1 + 7) % 7;

          if (self->dow_last & (1u << d))
            dow |= 1u << (ndays - (wd_last - d + 7) % 7);
          for (guint bits = self->dow_nth[d]; bits != 0; bits &= bits - 1)
            {
              gint day = first + 7 * __builtin_ctz (bits);

              if (day <= ndays)
                dow |= 1u << day;
            }
        }
    }

  return self->day_and ? (dom & dow) : (dom | dow);
}

/* The first matching second of the day at or after @from, or -1. */
static gint
next_time_of_day (const OrkCron *self,
                  gint           from)
{
  gint h = from / 3600;
  gint m = (from / 60) % 60;
  gint s = from % 60;

  while (h < 24)
    {
      gint nh = next_bit64 (self->hours, h);
      gint nm, ns;

      if (nh < 0)
        return -1;
      if (nh != h)
        {
          h = nh;
          m = 0;
          s = 0;
        }
      nm = next_bit64 (self->minutes, m);
      if (nm < 0)
        {
          h++;
          m = 0;
          s = 0;
          continue;
        }
      if (nm != m)
        {
          m = nm;
          s = 0;
        }
      ns = next_bit64 (self->seconds, s);
      if (ns < 0)
        {
          s = 0;
          if (++m == 60)
            {
              m = 0;
              h++;
            }
          continue;
        }
      return h * 3600 + m * 60 + ns;
    }
  return -1;
}

/* The first matching wall time (civil seconds, no zone) at or after @wall, or
 * WALL_NEVER if none within the 400-year cycle. */
static gint64
wall_next (const OrkCron *self,
           gint64         wall)
{
  gint64 days = floor_div (wall, SECS_PER_DAY);
  gint tod = (gint) (wall - days * SECS_PER_DAY);
  gint64 y, y_limit;
  gint m, d;

  civil_from_days (days, &y, &m, &d);
  y_limit = y + SEARCH_YEARS;

  for (;;)
    {
      guint32 mask;

      if ((self->months & (1u << m)) == 0)
        {
          gint nm = next_bit64 (self->months, m + 1);

          if (nm < 0)
            {
              nm = next_bit64 (self->months, 1);
              if (++y > y_limit)
                return WALL_NEVER;
            }
          m = nm;
          d = 1;
          tod = 0;
        }

      mask = day_mask (self, y, m) & (G_MAXUINT32 << d);
      while (mask != 0)
        {
          gint nd = __builtin_ctz (mask);
          gint t;

          if (nd != d)
            {
              d = nd;
              tod = 0;
            }
          t = tod == 0 ? self->first_tod : next_time_of_day (self, tod);
          if (t >= 0)
            return days_from_civil (y, m, d) * SECS_PER_DAY + t;
          mask &= mask - 1;
          tod = 0;
        }

      if (++m > 12)
        {
          m = 1;
          if (++y > y_limit)
            return WALL_NEVER;
        }
      d = 1;
      tod = 0;
    }
}

/* Time-zone transitions, found once per zone and UTC year through GTimeZone and
 * cached: GTimeZone only offers a linear search over its intervals. */

#define MAX_TRANSITIONS 8
/* More than any zone's offset has ever changed at once (Samoa's 2011 skip of a
 * day was 24 hours). */
#define MAX_OFFSET_CHANGE (3 * SECS_PER_DAY)
#define PRIOR_WINDOW (2 * SECS_PER_DAY)
#define N_ZONE_CACHES 4
#define MAX_CACHED_YEARS 4096

typedef struct
{
  gint64 at;      /* the first second of the new offset, UTC */
  gint32 before;
  gint32 after;
} Transition;

typedef struct
{
  gint64 start;   /* UTC seconds of the year [start, end) */
  gint64 end;
  gint32 offset;  /* in force at start - 1 */
  guint n_transitions;
  /* The last transition before start if it is within PRIOR_WINDOW, else at is
   * G_MININT64: a fall-back's repeated hour may reach into this year. */
  Transition prior;
  Transition transitions[MAX_TRANSITIONS];
} ZoneYear;

typedef struct
{
  GTimeZone *tz;
  GHashTable *years;
} ZoneCache;

static GMutex zone_lock;
static ZoneCache zone_caches[N_ZONE_CACHES];
static guint zone_next_slot;

static inline gint
find_interval (GTimeZone *tz,
               gint64     t)
{
  return g_time_zone_find_interval (tz, G_TIME_TYPE_UNIVERSAL, t);
}

/* The smallest t in (lo, hi] whose interval is at least @k. */
static gint64
find_transition (GTimeZone *tz,
                 gint       k,
                 gint64     lo,
                 gint64     hi)
{
  while (hi - lo > 1)
    {
      gint64 mid = lo + (hi - lo) / 2;

      if (find_interval (tz, mid) >= k)
        hi = mid;
      else
        lo = mid;
    }
  return hi;
}

static void
zone_year_compute (GTimeZone *tz,
                   gint64     year,
                   ZoneYear  *zy)
{
  gint i0, i1, ip;

  memset (zy, 0, sizeof *zy);
  zy->start = days_from_civil (year, 1, 1) * SECS_PER_DAY;
  zy->end = days_from_civil (year + 1, 1, 1) * SECS_PER_DAY;
  zy->prior.at = G_MININT64;

  i0 = find_interval (tz, zy->start - 1);
  i1 = find_interval (tz, zy->end - 1);
  zy->offset = g_time_zone_get_offset (tz, i0);

  for (gint k = i0 + 1; k <= i1 && zy->n_transitions < MAX_TRANSITIONS; k++)
    {
      gint32 before = g_time_zone_get_offset (tz, k - 1);
      gint32 after = g_time_zone_get_offset (tz, k);
      Transition *tr;

      if (before == after)
        continue;
      tr = &zy->transitions[zy->n_transitions++];
      tr->at = find_transition (tz, k, zy->start - 1, zy->end - 1);
      tr->before = before;
      tr->after = after;
    }

  ip = find_interval (tz, zy->start - PRIOR_WINDOW);
  if (ip < i0 && i0 > 0)
    {
      gint32 before = g_time_zone_get_offset (tz, i0 - 1);

      if (before != zy->offset)
        {
          zy->prior.at = find_transition (tz, i0, zy->start - PRIOR_WINDOW, zy->start - 1);
          zy->prior.before = before;
          zy->prior.after = zy->offset;
        }
    }
}

static void
zone_year_get (GTimeZone *tz,
               gint64     year,
               ZoneYear  *out)
{
  ZoneCache *cache = NULL;
  ZoneYear *zy;
  gpointer key = GINT_TO_POINTER ((gint) year);

  g_mutex_lock (&zone_lock);

  for (guint i = 0; i < N_ZONE_CACHES; i++)
    if (zone_caches[i].tz == tz)
      {
        cache = &zone_caches[i];
        break;
      }
  if (cache == NULL)
    {
      cache = &zone_caches[zone_next_slot];
      zone_next_slot = (zone_next_slot + 1) % N_ZONE_CACHES;
      g_clear_pointer (&cache->tz, g_time_zone_unref);
      g_clear_pointer (&cache->years, g_hash_table_unref);
      /* The reference keeps the pointer from being reused by another zone. */
      cache->tz = g_time_zone_ref (tz);
      cache->years = g_hash_table_new_full (NULL, NULL, NULL, g_free);
    }

  zy = g_hash_table_lookup (cache->years, key);
  if (zy == NULL)
    {
      if (g_hash_table_size (cache->years) >= MAX_CACHED_YEARS)
        g_hash_table_remove_all (cache->years);
      zy = g_new (ZoneYear, 1);
      zone_year_compute (tz, year, zy);
      g_hash_table_insert (cache->years, key, zy);
    }
  *out = *zy;

  g_mutex_unlock (&zone_lock);
}

static gint64
year_of_instant (gint64 t)
{
  gint64 y;
  gint m, d;

  civil_from_days (floor_div (t, SECS_PER_DAY), &y, &m, &d);
  return y;
}

/* The first fire instant at or after @s (UTC seconds), or WALL_NEVER. The
 * search walks the zone's intervals of constant offset in UTC order; inside
 * one, wall time and UTC advance together. */
static gint64
next_fire (const OrkCron *self,
           GTimeZone     *tz,
           gint64         s)
{
  gint64 limit = s + SEARCH_SECS;
  ZoneYear zy = { .start = 1, .end = 0 };
  gint64 m_from = 0;
  gint64 m_s = 0;
  gint32 m_o = 0;
  gint64 m = WALL_NEVER;
  gboolean have_m = FALSE;

  while (s <= limit)
    {
      gint64 a_real = G_MININT64;
      gint32 op = 0;
      gint32 o;
      gint64 b;
      gint64 wall_from, wall_to;

      if (s < zy.start || s >= zy.end)
        zone_year_get (tz, year_of_instant (s), &zy);

      o = zy.offset;
      b = zy.end;
      if (zy.prior.at != G_MININT64)
        {
          a_real = zy.prior.at;
          op = zy.prior.before;
        }
      for (guint i = 0; i < zy.n_transitions; i++)
        {
          const Transition *tr = &zy.transitions[i];

          if (tr->at <= s)
            {
              a_real = tr->at;
              op = tr->before;
              o = tr->after;
            }
          else
            {
              b = tr->at;
              break;
            }
        }

      wall_from = s + o;
      wall_to = b + o;
      if (!self->frequent && a_real != G_MININT64)
        {
          /* Wall times skipped by a spring-forward fire once, at its end. */
          if (a_real == s && op < o)
            {
              gint64 g = wall_next (self, a_real + op);

              if (g < a_real + o)
                return a_real;
            }
          /* After a fall-back, the repeated wall times fired the first time. */
          if (op > o)
            wall_from = MAX (wall_from, a_real + op);
        }

      if (wall_from < wall_to)
        {
          if (!have_m || wall_from < m_from || wall_from > m)
            {
              m = wall_next (self, wall_from);
              m_from = wall_from;
              m_s = s;
              m_o = o;
              have_m = TRUE;
            }
          if (m == WALL_NEVER)
            return WALL_NEVER;
          if (m < wall_to)
            return m - o;
        }

      /* No wall time in [m_from, m) matches, and offsets differ by less than
       * MAX_OFFSET_CHANGE: from m_s + 2 MAX_OFFSET_CHANGE on, no instant before
       * m - m_o - MAX_OFFSET_CHANGE can fire, so a sparse schedule skips the
       * intervals in between instead of walking them. */
      if (have_m && b >= m_s + 2 * MAX_OFFSET_CHANGE && m - m_o - MAX_OFFSET_CHANGE > b)
        s = m - m_o - MAX_OFFSET_CHANGE;
      else
        s = b;
    }

  return WALL_NEVER;
}

/* Parsing. */

typedef struct
{
  const char *expr;       /* what columns count in */
  guint *column;
  GError **error;
} Parser;

typedef struct
{
  guint64 bits;
  guint32 last;
  guint32 weekday;
  guint8 dow_last;
  guint8 nth[7];
  gboolean lw;
} FieldBits;

static gboolean fail (Parser     *ps,
                      const char *at,
                      gint        code,
                      const char *format,
                      ...) G_GNUC_PRINTF (4, 5);

static gboolean
fail (Parser     *ps,
      const char *at,
      gint        code,
      const char *format,
      ...)
{
  va_list args;
  g_autofree char *message = NULL;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  if (ps->column != NULL)
    *ps->column = (guint) g_utf8_pointer_to_offset (ps->expr, at) + 1;
  g_set_error_literal (ps->error, ORK_CRON_ERROR, code, message);
  return FALSE;
}

static inline gboolean
is_blank (char c)
{
  return c == ' ' || c == '\t';
}

static inline gboolean
is_letter (char c)
{
  return g_ascii_isalpha (c);
}

/* A token quoted back in a message: its first SHOWN_MAX_CHARS characters
 * (the caller adds "..." when that is not all of it), so that a 10 MB token
 * does not make a 10 MB message. Returns a byte length for "%.*s". */
#define SHOWN_MAX_CHARS 40

static int
shown_length (const char *token,
              gsize       len)
{
  const char *p = token;

  for (guint n = 0; n < SHOWN_MAX_CHARS && (gsize) (p - token) < len; n++)
    p = g_utf8_next_char (p);
  return (int) MIN ((gsize) (p - token), len);
}

static gboolean
fail_unexpected (Parser     *ps,
                 FieldKind   kind,
                 const char *at)
{
  char c = g_ascii_toupper (*at);
  gboolean day_field = kind == FIELD_DOM || kind == FIELD_DOW;

  if (c == '?' && !day_field)
    return fail (ps, at, ORK_CRON_ERROR_SYNTAX,
                 _("\"?\" is only allowed in the day-of-month and day-of-week fields"));
  if (c == '?')
    return fail (ps, at, ORK_CRON_ERROR_SYNTAX,
                 _("\"?\" must stand alone in the %s field"), _(field_info[kind].field));
  if (c == 'L' && !day_field)
    return fail (ps, at, ORK_CRON_ERROR_SYNTAX,
                 _("\"L\" is only allowed in the day-of-month and day-of-week fields"));
  if (c == 'W' && kind != FIELD_DOM)
    return fail (ps, at, ORK_CRON_ERROR_SYNTAX,
                 _("\"W\" is only allowed in the day-of-month field"));
  if (c == '#' && kind != FIELD_DOW)
    return fail (ps, at, ORK_CRON_ERROR_SYNTAX,
                 _("\"#\" is only allowed in the day-of-week field"));
  if (c == 'L' && kind == FIELD_DOM)
    return fail (ps, at, ORK_CRON_ERROR_SYNTAX,
                 _("unexpected \"L\": the day-of-month field takes L, L-n, LW or nW"));
  return fail (ps, at, ORK_CRON_ERROR_SYNTAX, _("unexpected \"%.*s\" in the %s field"),
               (int) (g_utf8_next_char (at) - at), at, _(field_info[kind].field));
}

/* Reads up to 9 digits; more make a value that is out of range anyway. */
static gboolean
read_number (const char **pp,
             const char  *end,
             gint        *out)
{
  const char *p = *pp;
  gint64 value = 0;

  if (p >= end || !g_ascii_isdigit (*p))
    return FALSE;
  while (p < end && g_ascii_isdigit (*p))
    {
      if (value < 100000000)
        value = value * 10 + (*p - '0');
      p++;
    }
  *pp = p;
  *out = (gint) value;
  return TRUE;
}

static gint
lookup_name (const char * const *names,
             guint               n_names,
             const char         *text,
             gsize               len)
{
  if (len != 3)
    return -1;
  for (guint i = 0; i < n_names; i++)
    if (g_ascii_strncasecmp (names[i], text, 3) == 0)
      return (gint) i;
  return -1;
}

/* A number or, in the month and day-of-week fields, a name. @sunday_is_7 makes
 * SUN mean 7 at the end of a range, so that FRI-SUN is a valid range. */
static gboolean
read_value (Parser      *ps,
            FieldKind    kind,
            const char **pp,
            const char  *end,
            gboolean     sunday_is_7,
            gint        *out)
{
  const FieldInfo *info = &field_info[kind];
  const char *start = *pp;
  const char *p = start;
  gint value;

  if (read_number (&p, end, &value))
    {
      if (value < info->min || value > info->max)
        return fail (ps, start, ORK_CRON_ERROR_SYNTAX, _("%s %d is out of range %d-%d"),
                     _(info->name), value, info->min, info->max);
      *pp = p;
      *out = value;
      return TRUE;
    }

  if (p < end && is_letter (*p))
    {
      gsize len;

      while (p < end && is_letter (*p))
        p++;
      len = p - start;

      if (kind == FIELD_MONTH)
        {
          value = lookup_name (month_names, G_N_ELEMENTS (month_names), start, len);
          if (value >= 0)
            {
              *pp = p;
              *out = value + 1;
              return TRUE;
            }
        }
      else if (kind == FIELD_DOW)
        {
          /* FRIL: a day name followed by L. */
          if (len == 4 && g_ascii_toupper (start[3]) == 'L')
            {
              len = 3;
              p = start + 3;
            }
          value = lookup_name (day_names, G_N_ELEMENTS (day_names), start, len);
          if (value >= 0)
            {
              *pp = p;
              *out = (sunday_is_7 && value == 0) ? 7 : value;
              return TRUE;
            }
          if (len == 1 && g_ascii_toupper (*start) == 'L')
            return fail (ps, start, ORK_CRON_ERROR_SYNTAX,
                         _("\"L\" in the day-of-week field needs a day before it, as in 5L"));
        }

      if (kind == FIELD_DOM && len == 1 && g_ascii_toupper (*start) == 'W')
        return fail (ps, start, ORK_CRON_ERROR_SYNTAX,
                     _("\"W\" needs a day before it, as in 15W"));
      if (len <= 2 && (g_ascii_toupper (*start) == 'L' || g_ascii_toupper (*start) == 'W'))
        return fail_unexpected (ps, kind, start);
      if (kind == FIELD_MONTH)
        return fail (ps, start, ORK_CRON_ERROR_SYNTAX, _("unknown month name \"%.*s%s\""),
                     shown_length (start, len), start, len > SHOWN_MAX_CHARS ? "..." : "");
      if (kind == FIELD_DOW)
        return fail (ps, start, ORK_CRON_ERROR_SYNTAX, _("unknown day name \"%.*s%s\""),
                     shown_length (start, len), start, len > SHOWN_MAX_CHARS ? "..." : "");
      return fail (ps, start, ORK_CRON_ERROR_SYNTAX, _("unexpected \"%.*s%s\" in the %s field"),
                   shown_length (start, len), start, len > SHOWN_MAX_CHARS ? "..." : "",
                   _(info->field));
    }

  if (p >= end || *p == ',')
    return fail (ps, start, ORK_CRON_ERROR_SYNTAX, _("missing value in the %s field"),
                 _(info->field));
  return fail_unexpected (ps, kind, start);
}

static gboolean
parse_last_item (Parser     *ps,
                 const char *p,
                 const char *end,
                 FieldBits  *bits)
{
  /* p is just past the L of a day-of-month item. */
  if (p < end && g_ascii_toupper (*p) == 'W')
    {
      bits->lw = TRUE;
      p++;
    }
  else if (p < end && *p == '-')
    {
      const char *n_start = ++p;
      gint n;

      if (!read_number (&p, end, &n))
        return fail (ps, n_start, ORK_CRON_ERROR_SYNTAX, _("expected a number after \"L-\""));
      if (n > 30)
        return fail (ps, n_start, ORK_CRON_ERROR_SYNTAX, _("L-%d is out of range: n must be 0-30"),
                     n);
      bits->last |= 1u << n;
    }
  else
    bits->last |= 1u;

  if (p < end)
    return fail_unexpected (ps, FIELD_DOM, p);
  return TRUE;
}

static gboolean
parse_item (Parser     *ps,
            FieldKind   kind,
            const char *field_start,
            const char *field_end,
            const char *p,
            const char *end,
            FieldBits  *bits)
{
  const FieldInfo *info = &field_info[kind];
  const char *item = p;
  gint lo, hi, step = 1;
  gboolean is_range = FALSE;

  if (p == end)
    return fail (ps, p, ORK_CRON_ERROR_SYNTAX, _("missing value in the %s field"),
                 _(info->field));

  if (*p == '?')
    {
      if (kind != FIELD_DOM && kind != FIELD_DOW)
        return fail_unexpected (ps, kind, p);
      if (p != field_start || end != field_end || end - p != 1)
        return fail_unexpected (ps, kind, p);
      bits->bits = G_MAXUINT64;
      return TRUE;
    }

  if (*p == '*')
    {
      lo = info->min;
      hi = info->max;
      is_range = TRUE;
      p++;
    }
  else if (kind == FIELD_DOM && g_ascii_toupper (*p) == 'L')
    {
      return parse_last_item (ps, p + 1, end, bits);
    }
  else
    {
      if (!read_value (ps, kind, &p, end, FALSE, &lo))
        return FALSE;
      hi = lo;

      if (p < end && kind == FIELD_DOM && g_ascii_toupper (*p) == 'W')
        {
          if (++p < end)
            return fail_unexpected (ps, kind, p);
          bits->weekday |= 1u << lo;
          return TRUE;
        }
      if (p < end && kind == FIELD_DOW && g_ascii_toupper (*p) == 'L')
        {
          if (++p < end)
            return fail_unexpected (ps, kind, p);
          bits->dow_last |= 1u << (lo % 7);
          return TRUE;
        }
      if (p < end && kind == FIELD_DOW && *p == '#')
        {
          const char *n_start = ++p;
          gint n;

          if (!read_number (&p, end, &n))
            return fail (ps, n_start, ORK_CRON_ERROR_SYNTAX, _("expected a number after \"#\""));
          if (n < 1 || n > 5)
            return fail (ps, n_start, ORK_CRON_ERROR_SYNTAX,
                         _("occurrence #%d is out of range 1-5"), n);
          if (p < end)
            return fail_unexpected (ps, kind, p);
          bits->nth[lo % 7] |= 1u << (n - 1);
          return TRUE;
        }
      if (p < end && *p == '-')
        {
          p++;
          if (!read_value (ps, kind, &p, end, lo > 0, &hi))
            return FALSE;
          if (hi < lo)
            return fail (ps, item, ORK_CRON_ERROR_SYNTAX,
                         _("%s range %.*s is backwards: ranges do not wrap"),
                         _(info->name), (int) (p - item), item);
          is_range = TRUE;
        }
    }

  if (p < end && *p == '/')
    {
      const char *step_start = ++p;

      if (!read_number (&p, end, &step))
        return fail (ps, step_start, ORK_CRON_ERROR_SYNTAX, _("expected a step after \"/\""));
      if (step < 1)
        return fail (ps, step_start, ORK_CRON_ERROR_SYNTAX, _("step must be at least 1"));
      if (!is_range)
        hi = info->max;
    }

  if (p < end)
    return fail_unexpected (ps, kind, p);

  for (gint v = lo; v <= hi; v += step)
    bits->bits |= G_GUINT64_CONSTANT (1) << (kind == FIELD_DOW ? v % 7 : v);
  return TRUE;
}

static gboolean
parse_field (Parser     *ps,
             FieldKind   kind,
             const char *start,
             const char *end,
             FieldBits  *bits)
{
  const char *item = start;

  memset (bits, 0, sizeof *bits);
  for (;;)
    {
      const char *comma = memchr (item, ',', end - item);
      const char *item_end = comma != NULL ? comma : end;

      if (!parse_item (ps, kind, start, end, item, item_end, bits))
        return FALSE;
      if (comma == NULL)
        return TRUE;
      item = comma + 1;
    }
}

static void
cron_finish (OrkCron *self)
{
  for (gint wd1 = 0; wd1 < 7; wd1++)
    {
      guint32 pattern = 0;

      for (gint day = 1; day <= 31; day++)
        if (self->dow & (1u << ((wd1 + day - 1) % 7)))
          pattern |= 1u << day;
      self->dow_pattern[wd1] = pattern;
    }
  self->dom_ext = self->dom_last != 0 || self->dom_weekday != 0 || self->dom_lw;
  self->dow_ext = self->dow_last != 0;
  for (gint d = 0; d < 7; d++)
    if (self->dow_nth[d] != 0)
      self->dow_ext = TRUE;
  self->first_tod = next_time_of_day (self, 0);
}

/* Says why an expression never fires, for the common case of a day of month
 * that no selected month has. */
static char *
explain_never (const OrkCron *self)
{
  gint min_day;
  g_autoptr(GString) months = NULL;
  guint n_months = 0, i = 0;

  if (!self->day_and || self->dom_ext || self->dom == 0 || self->dow != 0x7f || self->dow_ext)
    return g_strdup (_("never fires: no day matches the day-of-month, month and day-of-week "
                       "fields together"));

  min_day = __builtin_ctz (self->dom);
  for (gint m = 1; m <= 12; m++)
    if (self->months & (1u << m))
      n_months++;

  months = g_string_new (NULL);
  for (gint m = 1; m <= 12; m++)
    {
      if ((self->months & (1u << m)) == 0)
        continue;
      if (i > 0)
        g_string_append (months, i + 1 == n_months ? " or " : ", ");
      g_string_append (months, _(month_full_names[m - 1]));
      i++;
    }
  return g_strdup_printf (_("never fires: day %d does not exist in %s"), min_day, months->str);
}

static gboolean
parse_fields (Parser     *ps,
              const char *text,
              OrkCron    *self)
{
  const char *starts[7];
  const char *ends[7];
  guint n = 0;
  const char *p = text;
  FieldBits bits[N_FIELDS];
  guint first;

  for (;;)
    {
      while (is_blank (*p))
        p++;
      if (*p == '\0')
        break;
      if (n < G_N_ELEMENTS (starts))
        starts[n] = p;
      while (*p != '\0' && !is_blank (*p))
        p++;
      if (n < G_N_ELEMENTS (ends))
        ends[n] = p;
      n++;
    }

  if (n == 0)
    return fail (ps, text, ORK_CRON_ERROR_SYNTAX, _("empty expression"));
  if (n != 5 && n != 6)
    return fail (ps, n > 6 ? starts[6] : starts[0], ORK_CRON_ERROR_SYNTAX,
                 _("expected 5 or 6 fields, got %u"), n);

  first = n == 6 ? 0 : 1;
  memset (bits, 0, sizeof bits);
  bits[FIELD_SECOND].bits = 1;
  for (guint i = 0; i < n; i++)
    if (!parse_field (ps, first + i, starts[i], ends[i], &bits[first + i]))
      return FALSE;

  self->has_seconds = n == 6;
  self->seconds = bits[FIELD_SECOND].bits & ((G_GUINT64_CONSTANT (1) << 60) - 1);
  self->minutes = bits[FIELD_MINUTE].bits & ((G_GUINT64_CONSTANT (1) << 60) - 1);
  self->hours = (guint32) (bits[FIELD_HOUR].bits & 0xffffff);
  self->dom = (guint32) (bits[FIELD_DOM].bits & 0xfffffffe);
  self->dom_last = bits[FIELD_DOM].last;
  self->dom_weekday = bits[FIELD_DOM].weekday;
  self->dom_lw = bits[FIELD_DOM].lw;
  self->months = (guint16) (bits[FIELD_MONTH].bits & 0x1ffe);
  self->dow = (guint8) (bits[FIELD_DOW].bits & 0x7f);
  self->dow_last = bits[FIELD_DOW].dow_last;
  memcpy (self->dow_nth, bits[FIELD_DOW].nth, sizeof self->dow_nth);

  self->frequent = *starts[1 - first] == '*' || *starts[2 - first] == '*';
  self->day_and = *starts[3 - first] == '*' || *starts[3 - first] == '?' ||
                  *starts[5 - first] == '*' || *starts[5 - first] == '?';
  cron_finish (self);

  /* The reference is arbitrary: the pattern repeats every 400 years. */
  if (wall_next (self, days_from_civil (2000, 1, 1) * SECS_PER_DAY) == WALL_NEVER)
    {
      g_autofree char *message = explain_never (self);

      return fail (ps, starts[3 - first], ORK_CRON_ERROR_NEVER, "%s", message);
    }
  return TRUE;
}

static gboolean
parse_macro (Parser     *ps,
             const char *text,
             OrkCron    *self)
{
  const char *end = text;
  const char *rest;
  Parser inner = { NULL, NULL, NULL };

  while (*end != '\0' && !is_blank (*end))
    end++;
  for (rest = end; is_blank (*rest); rest++)
    ;

  for (guint i = 0; i < G_N_ELEMENTS (macros); i++)
    {
      if (strlen (macros[i].name) != (gsize) (end - text) ||
          g_ascii_strncasecmp (macros[i].name, text, end - text) != 0)
        continue;
      if (*rest != '\0')
        return fail (ps, rest, ORK_CRON_ERROR_SYNTAX, _("unexpected text after %s"),
                     macros[i].name);
      inner.expr = macros[i].fields;
      if (!parse_fields (&inner, macros[i].fields, self))
        g_assert_not_reached ();
      return TRUE;
    }

  return fail (ps, text, ORK_CRON_ERROR_SYNTAX,
               _("unknown macro \"%.*s%s\" (expected @yearly, @annually, @monthly, @weekly, "
                 "@daily, @midnight or @hourly)"),
               shown_length (text, end - text), text,
               shown_length (text, end - text) < end - text ? "..." : "");
}

static void
ork_cron_free (OrkCron *self)
{
  g_free (self->expr);
  g_free (self);
}

/* Public API. */

OrkCron *
ork_cron_parse (const char  *expr,
                guint       *error_column,
                GError     **error)
{
  g_autoptr(OrkCron) self = NULL;
  Parser ps = { expr, error_column, error };
  const char *p = expr;

  g_return_val_if_fail (expr != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!g_utf8_validate (expr, -1, NULL))
    {
      if (error_column != NULL)
        *error_column = 1;
      g_set_error_literal (error, ORK_CRON_ERROR, ORK_CRON_ERROR_SYNTAX,
                           _("the expression is not valid UTF-8"));
      return NULL;
    }

  self = g_new0 (OrkCron, 1);
  g_atomic_ref_count_init (&self->ref_count);
  self->expr = g_strdup (expr);

  while (is_blank (*p))
    p++;
  if (*p == '@')
    {
      if (!parse_macro (&ps, p, self))
        return NULL;
    }
  else if (!parse_fields (&ps, expr, self))
    return NULL;

  return g_steal_pointer (&self);
}

OrkCron *
ork_cron_ref (OrkCron *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

void
ork_cron_unref (OrkCron *self)
{
  g_return_if_fail (self != NULL);
  if (g_atomic_ref_count_dec (&self->ref_count))
    ork_cron_free (self);
}

const char *
ork_cron_get_expr (OrkCron *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->expr;
}

gboolean
ork_cron_is_frequent (OrkCron *self)
{
  g_return_val_if_fail (self != NULL, FALSE);
  return self->frequent;
}

gboolean
ork_cron_has_seconds (OrkCron *self)
{
  g_return_val_if_fail (self != NULL, FALSE);
  return self->has_seconds;
}

gint64
ork_cron_next (OrkCron   *self,
               GTimeZone *tz,
               gint64     after_us)
{
  gint64 s, fire;

  g_return_val_if_fail (self != NULL, ORK_TIME_NEVER);
  g_return_val_if_fail (tz != NULL, ORK_TIME_NEVER);

  /* Fires are on whole seconds, strictly after @after_us. */
  s = floor_div (after_us, ORK_USEC_PER_SEC) + 1;
  fire = next_fire (self, tz, s);
  if (fire == WALL_NEVER || fire > G_MAXINT64 / ORK_USEC_PER_SEC - 1)
    return ORK_TIME_NEVER;
  return fire * ORK_USEC_PER_SEC;
}
