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
  /* Goldmark, autoHeadingIDType "github-ascii": accents taken off, other
   * characters outside ASCII left out */
  BILLET_HEADING_IDS_GITHUB_ASCII,
  /* Goldmark, autoHeadingIDType "blackfriday" (Hugo before Goldmark) */
  BILLET_HEADING_IDS_BLACKFRIDAY,
  /* Zola (slugify.anchors "on", its default): the heading's text
   * transliterated to ASCII, lowercased, other runs one hyphen */
  BILLET_HEADING_IDS_ZOLA,
  /* Zola, slugify.anchors "safe" or "off": the text as written, ASCII
   * blanks made “_” */
  BILLET_HEADING_IDS_ZOLA_AS_WRITTEN,
} BilletHeadingIdStyle;

typedef enum
{
  BILLET_HEADING_IDS_DEFAULT       = 0,
  /* “{#id}” is text (Goldmark's parser.attribute.title off) */
  BILLET_HEADING_IDS_NO_ATTRIBUTES = 1 << 0,
  /* only the ids written by hand (Goldmark's parser.autoHeadingID off) */
  BILLET_HEADING_IDS_NO_AUTO       = 1 << 1,
} BilletHeadingIdFlags;

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
                                             BilletHeadingIdStyle  style,
                                             BilletHeadingIdFlags  flags);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BilletHeadingIds, billet_heading_ids_free)

G_END_DECLS
