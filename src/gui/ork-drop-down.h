/* ork-drop-down.h — drop-downs that fit a narrow window
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* Makes @self, a drop-down over GtkStringObjects, able to shrink below its
 * text: the button's label ellipsizes (the full text is its tooltip), the
 * list shows every choice in full. */
void ork_drop_down_set_compact (GtkDropDown *self);

G_END_DECLS
