/* billet-prose.h — which parts of a Markdown body are prose
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum
{
  BILLET_PROSE_DEFAULT = 0,
  /* Jekyll: Liquid tags rather than Hugo's shortcodes */
  BILLET_PROSE_LIQUID  = 1 << 0,
  /* an MDX post: ESM blocks, JSX components and comments */
  BILLET_PROSE_MDX     = 1 << 1,
} BilletProseFlags;

/* What a byte of a Markdown body is (billet_prose_mask_new()). */
typedef enum
{
  /* text that is not prose: code, raw HTML, a URL, a destination, a
   * shortcode or Liquid tag, an entity, a footnote label… */
  BILLET_PROSE_MASK_VERBATIM = 0,
  /* prose: what a reader reads, in a paragraph, a heading or a table cell */
  BILLET_PROSE_MASK_PROSE    = 1,
  /* Markdown's structure around the prose: list and quote markers,
   * indentation, table rules, blank lines */
  BILLET_PROSE_MASK_MARKUP   = 2,
} BilletProseMask;

/* A run of bytes, [start, end). */
typedef struct
{
  gsize start;
  gsize end;
} BilletProseRange;

guint8   *billet_prose_mask_new    (const char        *text,
                                    gsize              len,
                                    BilletProseFlags   flags);
GArray   *billet_prose_ranges      (const char        *text,
                                    gsize              len,
                                    BilletProseFlags   flags);
GArray   *billet_prose_words       (const char        *text,
                                    gsize              len,
                                    BilletProseFlags   flags);
GArray   *billet_prose_plain_words (const char        *text,
                                    gsize              len);

G_END_DECLS
