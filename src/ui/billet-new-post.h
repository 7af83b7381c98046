/* billet-new-post.h — a new post's file name and first front matter
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "billet-site.h"

G_BEGIN_DECLS

char *billet_new_post_slug            (const char  *title);
char *billet_new_post_unique_path     (const char  *dir,
                                       const char  *slug);
char *billet_new_post_read_archetype  (BilletSite  *site,
                                       const char  *section);
char *billet_new_post_contents        (const char  *archetype,
                                       const char  *title,
                                       GDateTime   *now,
                                       gboolean     date_only);

G_END_DECLS
