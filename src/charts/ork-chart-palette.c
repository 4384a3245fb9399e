/* ork-chart-palette.c — chart colours from the current style
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ork-chart-palette"

#include "config.h"

#include "ork-chart-palette.h"

static void
lookup (GtkStyleContext *context,
        const char      *name,
        const char      *fallback,
        GdkRGBA         *out)
{
  if (!gtk_style_context_lookup_color (context, name, out))
    gdk_rgba_parse (out, fallback);
}

void
ork_chart_palette_lookup (GtkWidget       *widget,
                          OrkChartPalette *out)
{
  GtkStyleContext *context;

  g_return_if_fail (GTK_IS_WIDGET (widget));
  g_return_if_fail (out != NULL);

  context = gtk_widget_get_style_context (widget);
  gtk_style_context_get_color (context, &out->foreground);
  lookup (context, "accent_color", "#1c71d8", &out->accent);
  lookup (context, "success_color", "#26a269", &out->success);
  lookup (context, "error_color", "#c01c28", &out->failure);
  lookup (context, "warning_color", "#9c6e03", &out->warning);

  /* Text is light on a dark background. */
  out->dark = (out->foreground.red + out->foreground.green + out->foreground.blue) > 1.5;
  out->grid = out->foreground;
  out->grid.alpha *= 0.12f;
  out->muted = out->foreground;
  out->muted.alpha *= 0.4f;
  out->selection = out->accent;
  out->selection.alpha = 0.18f;
}

const GdkRGBA *
ork_chart_palette_state (const OrkChartPalette *palette,
                         OrkRunState            state)
{
  g_return_val_if_fail (palette != NULL, NULL);

  switch (state)
    {
    case ORK_RUN_SUCCEEDED:
      return &palette->success;
    case ORK_RUN_FAILED:
    case ORK_RUN_INTERRUPTED:
      return &palette->failure;
    case ORK_RUN_TIMED_OUT:
      return &palette->warning;
    case ORK_RUN_CANCELLED:
    case ORK_RUN_SKIPPED:
      return &palette->muted;
    default:
      return &palette->accent;
    }
}

void
ork_chart_palette_series (const OrkChartPalette *palette,
                          guint                  index,
                          GdkRGBA               *out)
{
  /* Blue, orange, purple, teal: told apart in light and dark, and by most
   * people with a colour vision deficiency; the accent is not used, as it
   * may be any of them. */
  static const char * const light[] = { "#1a5fb4", "#c64600", "#813d9c", "#0f7b76" };
  static const char * const dark[] = { "#62a0ea", "#ffa348", "#c061cb", "#5bc8af" };

  g_return_if_fail (palette != NULL && out != NULL);
  gdk_rgba_parse (out, (palette->dark ? dark : light)[index % G_N_ELEMENTS (light)]);
}
