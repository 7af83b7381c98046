/* billet-prose-ranges.h — which bytes of a Markdown body are prose
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

guint8 *billet_prose_mask_new (const char *body,
                               gsize       len);

G_END_DECLS
