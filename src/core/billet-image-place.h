/* billet-image-place.h — where a post's images go, and how the post links them
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "billet-site.h"

G_BEGIN_DECLS

/* Above either, an image is worth a warning (never a resize): it makes
 * readers on a slow connection wait. */
#define BILLET_IMAGE_LARGE_BYTES (1024 * 1024)
#define BILLET_IMAGE_LARGE_SIDE  3000

typedef struct
{
  char *dir;          /* absolute: the folder the post's images are copied to */
  char *link_prefix;  /* what a link starts with: "" (beside the post, relative)
                       * or a path from the site's root ("/images/slug/") */
  char *post_slug;    /* names a pasted image: "<post_slug>-1.png" */
} BilletImagePlace;

/* An image a post can link: where it is, and the link the site expects. */
typedef struct
{
  char *path;
  char *link;
} BilletImageChoice;

BilletImagePlace *billet_image_place_new       (BilletSite             *site,
                                                const char             *post_path);
void              billet_image_place_free      (BilletImagePlace       *place);
char             *billet_image_place_slug      (const char             *name);
char             *billet_image_place_store     (const BilletImagePlace *place,
                                                const char             *original_name,
                                                GBytes                 *bytes,
                                                char                  **stored_path,
                                                gboolean               *reused,
                                                GError                **error);
char             *billet_image_place_markdown  (const char             *alt,
                                                const char             *link);
gboolean          billet_image_is_large        (guint64                 size,
                                                int                     width,
                                                int                     height);
gboolean          billet_image_is_image_name   (const char             *name);
char             *billet_image_place_link_for  (BilletSite             *site,
                                                const char             *post_path,
                                                const char             *image_path);
GPtrArray        *billet_image_place_list      (BilletSite             *site,
                                                const char             *post_path,
                                                guint                   limit);
void              billet_image_choice_free     (BilletImageChoice      *choice);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BilletImagePlace, billet_image_place_free)

G_END_DECLS
