/* fuzz-duration.c — the duration parser and its formats
 *
 * Input: a duration text. What parses must format back to a text that
 * parses to the same number of milliseconds, in at most as many bytes.
 * The first 8 bytes are also taken as a number of milliseconds up to 36500
 * days (or "none"): it formats and parses back to itself and can be
 * described.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib.h>

#include "ork-duration.h"
#include "ork-types.h"

#include "fuzz-common.h"

#define MAX_MS (G_GINT64_CONSTANT (86400000) * 36500)

static void
check_round_trip (gint64 ms)
{
  g_autofree char *text = ork_duration_format (ms);
  g_autofree char *described = ork_duration_describe (ms);
  g_autoptr(GError) error = NULL;
  gint64 back = -2;

  FUZZ_CHECK (text != NULL && described != NULL);
  FUZZ_CHECK (g_utf8_validate (described, -1, NULL));
  if (ms == ORK_DURATION_NONE)
    {
      FUZZ_CHECK (strcmp (text, "none") == 0);
      return;
    }
  FUZZ_CHECK (ork_duration_parse (text, &back, &error));
  FUZZ_CHECK (back == ms);
}

int
ORK_FUZZ_ENTRY (const uint8_t *data,
                size_t         size)
{
  g_autofree char *text = g_strndup ((const char *) data, size);
  g_autoptr(GError) error = NULL;
  FuzzInput in = { data, size };
  gint64 ms = -2;
  gint64 raw;

  if (ork_duration_parse (text, &ms, &error))
    {
      g_autofree char *formatted = NULL;

      FUZZ_CHECK (error == NULL);
      FUZZ_CHECK (ms >= 0);
      check_round_trip (ms);
      /* The shortest exact form is never longer than what was parsed
       * (leading zeros aside, which it drops). */
      formatted = ork_duration_format (ms);
      FUZZ_CHECK (strlen (formatted) <= strlen (text) + 2);
    }
  else
    {
      FUZZ_CHECK (error != NULL && error->domain == ORK_DURATION_ERROR);
      FUZZ_CHECK (error->message != NULL && error->message[0] != '\0');
    }

  /* Workspace durations go up to 36500 days; the parser refuses more. */
  raw = (gint64) (fuzz_take_u64 (&in, 8) % (guint64) (MAX_MS + 2)) - 1;
  check_round_trip (raw);
  return 0;
}
