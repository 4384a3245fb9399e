/* gui-render.h — drawing a widget offscreen, as a frame would, for GUI tests
 *
 * Included by the tests that look at pixels (one test executable each, so
 * the functions are static).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

static void
gui_render_on_after_paint (GdkFrameClock *clock,
                           gboolean      *painted)
{
  *painted = TRUE;
}

/* Lets the window paint a frame with what changed: until then a widget
 * that changed has no picture to give. */
static void
gui_render_wait_for_frame (GtkWidget *widget)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (widget);
  gboolean painted = FALSE;
  gulong id;

  g_assert_nonnull (clock);
  id = g_signal_connect (clock, "after-paint", G_CALLBACK (gui_render_on_after_paint), &painted);
  gtk_widget_queue_draw (widget);
  while (!painted)
    g_main_context_iteration (NULL, TRUE);
  g_signal_handler_disconnect (clock, id);
}

/* @widget as it would be on screen, in an image of its size: a window's
 * picture as the frame painted it (with its background); any other widget's
 * own drawing and its children's, as a frame makes them (a
 * GtkWidgetPaintable only has a picture of a widget painted and not changed
 * since, which a busy machine does not promise). */
static cairo_surface_t *
gui_render_widget (GtkWidget *widget)
{
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  GtkSnapshot *snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;
  cairo_surface_t *surface;
  cairo_t *cr;

  g_assert_cmpint (width, >, 0);
  gui_render_wait_for_frame (widget);
  if (GTK_IS_ROOT (widget))
    {
      g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (widget);
      gdk_paintable_snapshot (paintable, snapshot, width, height);
    }
  else
    GTK_WIDGET_GET_CLASS (widget)->snapshot (widget, snapshot);
  node = gtk_snapshot_free_to_node (snapshot);
  g_assert_nonnull (node);
  surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, width, height);
  cr = cairo_create (surface);
  gsk_render_node_draw (node, cr);
  cairo_destroy (cr);
  cairo_surface_flush (surface);
  return surface;
}
