/* billet-external-links.h — links to other sites as Zola writes them
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>
#include <cmark-gfm.h>

G_BEGIN_DECLS

typedef enum
{
  BILLET_EXTERNAL_LINKS_DEFAULT    = 0,
  BILLET_EXTERNAL_LINKS_BLANK      = 1 << 0,  /* target="_blank", rel="noopener" */
  BILLET_EXTERNAL_LINKS_NOFOLLOW   = 1 << 1,  /* rel="nofollow" */
  BILLET_EXTERNAL_LINKS_NOREFERRER = 1 << 2,  /* rel="noreferrer" */
} BilletExternalLinkFlags;

void billet_external_links_mark (cmark_node              *document,
                                 BilletExternalLinkFlags  flags);

G_END_DECLS
