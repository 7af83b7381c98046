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

/* A run of bytes, [start, end). */
typedef struct
{
  gsize start;
  gsize end;
} BilletProseRange;

GArray   *billet_prose_ranges      (const char        *text,
                                    gsize              len,
                                    BilletProseFlags   flags);
GArray   *billet_prose_words       (const char        *text,
                                    gsize              len,
                                    BilletProseFlags   flags);
GArray   *billet_prose_plain_words (const char        *text,
                                    gsize              len);

G_END_DECLS
