/* billet-outline-button.h — the post's outline, from the status line
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "billet-outline.h"

G_BEGIN_DECLS

#define BILLET_TYPE_OUTLINE_BUTTON (billet_outline_button_get_type ())

G_DECLARE_FINAL_TYPE (BilletOutlineButton, billet_outline_button, BILLET, OUTLINE_BUTTON, GtkWidget)

GtkWidget     *billet_outline_button_new             (void);
BilletOutline *billet_outline_button_get_outline     (BilletOutlineButton *self);
void           billet_outline_button_set_outline     (BilletOutlineButton *self,
                                                      BilletOutline       *outline);
void           billet_outline_button_set_cursor_line (BilletOutlineButton *self,
                                                      guint                line);
int            billet_outline_button_get_current     (BilletOutlineButton *self);
int            billet_outline_button_get_wanted_width (BilletOutlineButton *self);
void           billet_outline_button_popup           (BilletOutlineButton *self);

G_END_DECLS
