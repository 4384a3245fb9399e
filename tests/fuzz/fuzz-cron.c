/* fuzz-cron.c — the cron parser and the next-fire search
 *
 * Input: an expression (the bytes as text). What parses is searched for its
 * next fire times in UTC and Europe/Berlin from a few instants, DST changes
 * among them: each must be on a whole second, strictly later than the
 * instant searched from, and searching on from it must move forward.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib.h>

#include "ork-cron.h"
#include "ork-types.h"

#include "fuzz-common.h"

/* 2026-01-01T00:00Z, the spring-forward and fall-back nights of 2026 in
 * Berlin (01:30Z and 00:30Z), the last second of 2099, the epoch and a
 * negative instant. */
static const gint64 starts_us[] = {
  G_GINT64_CONSTANT (1767225600000000),
  G_GINT64_CONSTANT (1774747800000000),
  G_GINT64_CONSTANT (1792888200000000),
  G_GINT64_CONSTANT (4102444799000000),
  0,
  G_GINT64_CONSTANT (-86400000001),
};

static void
check_next (OrkCron   *cron,
            GTimeZone *tz,
            gint64     after)
{
  gint64 previous = after;

  for (guint i = 0; i < 3; i++)
    {
      gint64 next = ork_cron_next (cron, tz, previous);

      if (next == ORK_TIME_NEVER)
        return;
      FUZZ_CHECK (next > previous);
      FUZZ_CHECK (next % G_USEC_PER_SEC == 0);
      previous = next;
    }
}

int
ORK_FUZZ_ENTRY (const uint8_t *data,
                size_t         size)
{
  static GTimeZone *utc, *berlin;
  g_autofree char *expr = NULL;
  g_autoptr(OrkCron) cron = NULL;
  g_autoptr(GError) error = NULL;
  guint column = 0;

  /* Workspace strings are short, valid UTF-8 and hold no NUL. */
  if (size > 256 || memchr (data, '\0', size) != NULL
      || !g_utf8_validate ((const char *) data, size, NULL))
    return 0;
  if (utc == NULL)
    {
      utc = g_time_zone_new_utc ();
      berlin = g_time_zone_new_identifier ("Europe/Berlin");
      FUZZ_CHECK (berlin != NULL);
    }

  expr = g_strndup ((const char *) data, size);
  cron = ork_cron_parse (expr, &column, &error);
  if (cron == NULL)
    {
      FUZZ_CHECK (error != NULL);
      FUZZ_CHECK (error->domain == ORK_CRON_ERROR);
      FUZZ_CHECK (error->message != NULL && error->message[0] != '\0');
      FUZZ_CHECK (g_utf8_validate (error->message, -1, NULL));
      FUZZ_CHECK (column <= (guint) g_utf8_strlen (expr, -1) + 1);
      return 0;
    }

  FUZZ_CHECK (error == NULL);
  FUZZ_CHECK (strcmp (ork_cron_get_expr (cron), expr) == 0);
  for (guint i = 0; i < G_N_ELEMENTS (starts_us); i++)
    {
      check_next (cron, utc, starts_us[i]);
      check_next (cron, berlin, starts_us[i]);
    }
  return 0;
}
