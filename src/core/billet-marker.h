/* billet-marker.h — markers put in Markdown and replaced in its HTML
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Where a walk along rendered HTML is: in text, or inside a tag, where an
 * attribute value may be quoted. */
typedef struct
{
  gboolean in_tag;
  char     quote;
} BilletHtmlPlace;

void   billet_html_place_advance (BilletHtmlPlace *place,
                                  char             c);
gint64 billet_marker_parse       (const char      *p,
                                  const char      *open,
                                  const char      *close,
                                  gsize            mark_len,
                                  guint            n,
                                  gsize           *marker_len);

G_END_DECLS
