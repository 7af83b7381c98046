/* billet-preview-private.h — what the tests reach inside BilletPreview
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <webkit/webkit.h>

#include "billet-preview.h"

G_BEGIN_DECLS

void           _billet_preview_set_render_delay (BilletPreview *self,
                                                 guint          delay_ms);
WebKitWebView *_billet_preview_get_web_view     (BilletPreview *self);

G_END_DECLS
