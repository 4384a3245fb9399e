/* ork-duration.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ork-duration"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "ork-duration.h"
#include "ork-types.h"

/* How much of a rejected input an error message quotes, in characters. */
#define QUOTE_MAX_CHARS 40

/* The longest duration accepted: 100 years of 365 days. The engine turns
 * durations into microseconds and adds them to times; this bound keeps every
 * such sum far from overflowing a gint64. The workspace loader applies the
 * same bound to durations given as plain milliseconds. */
#define MAX_DURATION_DAYS 36500
#define MAX_DURATION_MS (G_GINT64_CONSTANT (86400000) * MAX_DURATION_DAYS)

typedef struct
{
  const char *name;
  gint64      ms;
} Unit;

/* Largest first, so that format picks the largest unit that divides evenly. */
static const Unit units[] = {
  { "d", G_GINT64_CONSTANT (86400000) },
  { "h", G_GINT64_CONSTANT (3600000) },
  { "m", G_GINT64_CONSTANT (60000) },
  { "s", G_GINT64_CONSTANT (1000) },
  { "ms", G_GINT64_CONSTANT (1) },
};

G_DEFINE_QUARK (ork-duration-error-quark, ork_duration_error)

/* Appends @text for quoting inside "...": quotes, backslashes and
 * non-printable characters escaped, invalid UTF-8 bytes as \xNN, and at most
 * QUOTE_MAX_CHARS characters followed by "..." when it is longer. */
static void
append_quoted_input (GString    *out,
                     const char *text)
{
  const char *p = text;
  guint n_chars = 0;

  while (*p != '\0')
    {
      gunichar c;

      if (n_chars == QUOTE_MAX_CHARS)
        {
          g_string_append (out, "...");
          return;
        }
      n_chars++;

      c = g_utf8_get_char_validated (p, -1);
      if (c == (gunichar) -1 || c == (gunichar) -2)
        {
          g_string_append_printf (out, "\\x%02X", (guchar) *p);
          p++;
          continue;
        }

      if (c == '"' || c == '\\')
        {
          g_string_append_c (out, '\\');
          g_string_append_c (out, (char) c);
        }
      else if (c == '\n')
        g_string_append (out, "\\n");
      else if (c == '\t')
        g_string_append (out, "\\t");
      else if (c == '\r')
        g_string_append (out, "\\r");
      else if (!g_unichar_isprint (c))
        g_string_append_printf (out, "\\u%04X", c);
      else
        g_string_append_len (out, p, g_utf8_next_char (p) - p);

      p = g_utf8_next_char (p);
    }
}

static void
set_invalid (GError     **error,
             const char  *text)
{
  g_autoptr(GString) quoted = g_string_new (NULL);

  append_quoted_input (quoted, text);
  g_set_error (error, ORK_DURATION_ERROR, ORK_DURATION_ERROR_INVALID,
               _("expected a duration like \"5m\", got \"%s\""), quoted->str);
}

gboolean
ork_duration_parse (const char  *text,
                    gint64      *out_ms,
                    GError     **error)
{
  const char *p = text;
  guint64 count = 0;
  gboolean overflow = FALSE;

  g_return_val_if_fail (text != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!g_ascii_isdigit (*p))
    {
      set_invalid (error, text);
      return FALSE;
    }

  /* Keep reading digits after an overflow, so that "99999999999999999999x"
   * is reported as malformed rather than as too large. */
  for (; g_ascii_isdigit (*p); p++)
    {
      guint digit = (guint) (*p - '0');

      if (count > (G_MAXUINT64 - digit) / 10)
        overflow = TRUE;
      else
        count = count * 10 + digit;
    }

  for (guint i = 0; i < G_N_ELEMENTS (units); i++)
    {
      if (strcmp (p, units[i].name) != 0)
        continue;

      if (overflow || count > (guint64) (MAX_DURATION_MS / units[i].ms))
        {
          g_autoptr(GString) quoted = g_string_new (NULL);

          append_quoted_input (quoted, text);
          g_set_error (error, ORK_DURATION_ERROR, ORK_DURATION_ERROR_OVERFLOW,
                       /* TRANSLATORS: the second %d is the limit in days. */
                       _("duration \"%s\" is too long (at most %dd)"),
                       quoted->str, MAX_DURATION_DAYS);
          return FALSE;
        }

      if (out_ms != NULL)
        *out_ms = (gint64) count * units[i].ms;
      return TRUE;
    }

  set_invalid (error, text);
  return FALSE;
}

char *
ork_duration_format (gint64 ms)
{
  if (ms == ORK_DURATION_NONE)
    return g_strdup ("none");

  g_return_val_if_fail (ms >= 0, NULL);

  if (ms == 0)
    return g_strdup ("0ms");

  for (guint i = 0; i < G_N_ELEMENTS (units); i++)
    if (ms % units[i].ms == 0)
      return g_strdup_printf ("%" G_GINT64_FORMAT "%s", ms / units[i].ms, units[i].name);

  g_assert_not_reached ();
}

/* "1", "1.5", "59.999": whole seconds and up to three decimals, no trailing zeros. */
static void
append_seconds (GString *out,
                gint64   ms)
{
  gint64 frac = ms % 1000;

  g_string_append_printf (out, "%" G_GINT64_FORMAT, ms / 1000);
  if (frac != 0)
    {
      char digits[4];

      g_snprintf (digits, sizeof digits, "%03d", (int) frac);
      for (int i = 2; i > 0 && digits[i] == '0'; i--)
        digits[i] = '\0';
      g_string_append_printf (out, ".%s", digits);
    }
  g_string_append (out, " s");
}

char *
ork_duration_describe (gint64 ms)
{
  static const Unit parts[] = {
    { "d", G_GINT64_CONSTANT (86400000) },
    { "h", G_GINT64_CONSTANT (3600000) },
    { "min", G_GINT64_CONSTANT (60000) },
  };
  GString *out;

  if (ms == ORK_DURATION_NONE)
    return g_strdup ("none");

  g_return_val_if_fail (ms >= 0, NULL);

  if (ms < 1000)
    return g_strdup_printf ("%" G_GINT64_FORMAT " ms", ms);

  out = g_string_new (NULL);
  for (guint i = 0; i < G_N_ELEMENTS (parts); i++)
    {
      gint64 n = ms / parts[i].ms;

      if (n == 0)
        continue;
      if (out->len > 0)
        g_string_append_c (out, ' ');
      g_string_append_printf (out, "%" G_GINT64_FORMAT " %s", n, parts[i].name);
      ms -= n * parts[i].ms;
    }
  if (ms > 0)
    {
      if (out->len > 0)
        g_string_append_c (out, ' ');
      append_seconds (out, ms);
    }
  return g_string_free (out, FALSE);
}
