/* billet-link-scan.h — the links, images and ids a post's body holds
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum
{
  BILLET_LINK_MARKDOWN,        /* [text](dest), [label]: dest, <a href="dest"> */
  BILLET_LINK_IMAGE,           /* ![alt](dest), <img src="dest">, {{< figure src="dest" >}} */
  BILLET_LINK_HUGO_REF,        /* {{< ref "path" >}}, {{< relref "path" >}} */
  BILLET_LINK_JEKYLL_POST_URL, /* {% post_url 2024-05-10-name %} */
  BILLET_LINK_JEKYLL_LINK,     /* {% link path/from/root.md %} */
} BilletLinkKind;

typedef enum
{
  BILLET_LINK_SCAN_DEFAULT = 0,
  BILLET_LINK_SCAN_HUGO    = 1 << 0,  /* Hugo's shortcodes */
  BILLET_LINK_SCAN_LIQUID  = 1 << 1,  /* Jekyll's Liquid tags */
  BILLET_LINK_SCAN_LOCAL   = 1 << 2,  /* leave out links with a scheme (https:, mailto:),
                                       * but for images without alternative text */
} BilletLinkScanFlags;

typedef struct
{
  BilletLinkKind  kind;
  char           *target;   /* as written, <…> taken off */
  guint           line;     /* 1-based, in the text scanned */
  guint           column;   /* 1-based, in characters */
  gboolean        no_alt;   /* an image without alternative text */
} BilletLink;

void       billet_link_free (BilletLink *link);
GPtrArray *billet_link_scan (const char           *text,
                             gsize                 len,
                             BilletLinkScanFlags   flags,
                             GPtrArray            *html_ids);

G_END_DECLS
