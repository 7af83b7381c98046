/* billet-liquid.h — Jekyll's Liquid as placeholders and code blocks
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "billet-shortcode.h"

G_BEGIN_DECLS

BilletShortcodes *billet_liquid_mask (const char  *text,
                                      gsize        len,
                                      char       **masked,
                                      gsize       *masked_len);

BilletShortcodes *billet_liquid_mask_kept (const char  *text,
                                           gsize        len,
                                           char       **masked,
                                           gsize       *masked_len,
                                           GArray      *kept);

G_END_DECLS
