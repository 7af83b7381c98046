/* billet-heading-ids.h — heading ids as the site's generator makes them
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>
#include <cmark-gfm.h>

G_BEGIN_DECLS

typedef enum
{
  /* Hugo's Goldmark, autoHeadingIDType "github" (Hugo's default) */
  BILLET_HEADING_IDS_GITHUB,
  /* Jekyll's kramdown, with its default GFM input */
  BILLET_HEADING_IDS_KRAMDOWN,
} BilletHeadingIdStyle;

typedef struct _BilletHeadingIds BilletHeadingIds;

BilletHeadingIds *billet_heading_ids_new  (BilletHeadingIdStyle  style);
void              billet_heading_ids_free (BilletHeadingIds     *self);
char             *billet_heading_ids_make (BilletHeadingIds     *self,
                                           const char           *text,
                                           gssize                len);
void              billet_heading_ids_use  (BilletHeadingIds     *self,
                                           const char           *id);

void              billet_heading_ids_assign (cmark_node           *document,
                                             const char           *source,
                                             gsize                 source_len,
                                             BilletHeadingIdStyle  style);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BilletHeadingIds, billet_heading_ids_free)

G_END_DECLS
