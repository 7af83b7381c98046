/* billet-image-store.h — copying images where a post's site keeps them, off the main thread
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

typedef struct
{
  char    *link;      /* what the post writes */
  char    *name;      /* the stored file's name */
  guint64  size;
  int      width;     /* in pixels, 0 when unknown */
  int      height;
  gboolean in_static; /* copied into the site's static folder for a post that
                       * could be a page bundle instead (a plain Hugo or
                       * Zola post) */
} BilletStoredImage;

void        billet_image_store_async      (const char          *post_path,
                                           GPtrArray           *files,
                                           GdkTexture          *texture,
                                           GCancellable        *cancellable,
                                           GAsyncReadyCallback  callback,
                                           gpointer             user_data);
GPtrArray  *billet_image_store_finish     (GAsyncResult        *result,
                                           GError             **error);
GPtrArray  *billet_image_store_dup_images (GdkFileList         *file_list);
void        billet_image_thumbnail_async  (const char          *post_path,
                                           const char          *link,
                                           GCancellable        *cancellable,
                                           GAsyncReadyCallback  callback,
                                           gpointer             user_data);
GdkTexture *billet_image_thumbnail_finish (GAsyncResult        *result,
                                           GError             **error);

G_END_DECLS
