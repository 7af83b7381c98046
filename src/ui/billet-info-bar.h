/* billet-info-bar.h — a message above the source, with up to three buttons
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

typedef enum
{
  BILLET_INFO_BAR_INFO,
  BILLET_INFO_BAR_WARNING,
  BILLET_INFO_BAR_ERROR,
} BilletInfoBarType;

#define BILLET_TYPE_INFO_BAR (billet_info_bar_get_type ())

G_DECLARE_FINAL_TYPE (BilletInfoBar, billet_info_bar, BILLET, INFO_BAR, GtkWidget)

GtkWidget  *billet_info_bar_new           (BilletInfoBarType  type);
void        billet_info_bar_set_type      (BilletInfoBar     *self,
                                           BilletInfoBarType  type);
void        billet_info_bar_set_title     (BilletInfoBar     *self,
                                           const char        *title);
const char *billet_info_bar_get_title     (BilletInfoBar     *self);
void        billet_info_bar_set_message   (BilletInfoBar     *self,
                                           const char        *message);
const char *billet_info_bar_get_message   (BilletInfoBar     *self);
GtkWidget  *billet_info_bar_add_button    (BilletInfoBar     *self,
                                           const char        *label,
                                           const char        *response);
void        billet_info_bar_clear_buttons (BilletInfoBar     *self);
void        billet_info_bar_set_revealed  (BilletInfoBar     *self,
                                           gboolean           revealed);
gboolean    billet_info_bar_get_revealed  (BilletInfoBar     *self);
void        billet_info_bar_respond       (BilletInfoBar     *self,
                                           const char        *response);

G_END_DECLS
