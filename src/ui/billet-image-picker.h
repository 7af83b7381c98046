/* billet-image-picker.h — choosing one of the site's images, for a front-matter field
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define BILLET_TYPE_IMAGE_PICKER (billet_image_picker_get_type ())

G_DECLARE_FINAL_TYPE (BilletImagePicker, billet_image_picker, BILLET, IMAGE_PICKER, GtkPopover)

GtkWidget  *billet_image_picker_new           (const char        *post_path);
const char *billet_image_picker_get_post_path (BilletImagePicker *self);
gboolean    billet_image_picker_get_loading   (BilletImagePicker *self);

G_END_DECLS
