/* ork-drop-down.c — drop-downs that fit a narrow window
 *
 * GTK 4.8's own factory makes labels that never ellipsize, so a drop-down is
 * always as wide as its longest choice: a toolbar of three of them does not
 * fit a 360 px window.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "ork-drop-down.h"

static void
setup_label (GtkSignalListItemFactory *factory,
             GtkListItem              *item,
             gpointer                  ellipsize)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  if (GPOINTER_TO_INT (ellipsize))
    gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_list_item_set_child (item, label);
}

static void
bind_label (GtkSignalListItemFactory *factory,
            GtkListItem              *item,
            gpointer                  ellipsize)
{
  GtkWidget *label = gtk_list_item_get_child (item);
  gpointer string = gtk_list_item_get_item (item);
  const char *text = GTK_IS_STRING_OBJECT (string)
                     ? gtk_string_object_get_string (string) : "";

  gtk_label_set_label (GTK_LABEL (label), text);
  if (GPOINTER_TO_INT (ellipsize))
    gtk_widget_set_tooltip_text (label, text);
}

static GtkListItemFactory *
label_factory (gboolean ellipsize)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();

  g_signal_connect (factory, "setup", G_CALLBACK (setup_label), GINT_TO_POINTER (ellipsize));
  g_signal_connect (factory, "bind", G_CALLBACK (bind_label), GINT_TO_POINTER (ellipsize));
  return factory;
}

void
ork_drop_down_set_compact (GtkDropDown *self)
{
  g_autoptr(GtkListItemFactory) button = label_factory (TRUE);
  g_autoptr(GtkListItemFactory) list = NULL;

  g_return_if_fail (GTK_IS_DROP_DOWN (self));

  /* The list keeps the factory it had (GTK's own shows which choice is
   * selected); only the button gets the ellipsizing one. */
  list = gtk_drop_down_get_list_factory (self);
  if (list == NULL)
    list = gtk_drop_down_get_factory (self);
  if (list != NULL)
    g_object_ref (list);
  else
    list = label_factory (FALSE);
  gtk_drop_down_set_list_factory (self, list);
  gtk_drop_down_set_factory (self, button);
}
