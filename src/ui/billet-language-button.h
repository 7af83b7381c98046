/* billet-language-button.h — the post's spelling language, from the status line
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define BILLET_TYPE_LANGUAGE_BUTTON (billet_language_button_get_type ())

G_DECLARE_FINAL_TYPE (BilletLanguageButton, billet_language_button, BILLET, LANGUAGE_BUTTON, GtkWidget)

GtkWidget  *billet_language_button_new          (void);
void        billet_language_button_set_language (BilletLanguageButton *self,
                                                 const char           *language);
const char *billet_language_button_get_language (BilletLanguageButton *self);
int         billet_language_button_get_icon_width  (BilletLanguageButton *self);
void        billet_language_button_popup        (BilletLanguageButton *self);

G_END_DECLS
