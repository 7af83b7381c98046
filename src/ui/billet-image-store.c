/* billet-image-store.c — copying images where a post's site keeps them, off the main thread
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What the source view (billet-window-images.c) and the form's image
 * fields (billet-form-field.c) share: a worker that reads the site's rules
 * (billet-image-place in the core), reads and copies each image, encodes a
 * pasted picture as PNG and measures each; and one that finds and loads
 * the image a front-matter field names, for its thumbnail.
 */

#define G_LOG_DOMAIN "Billet"

#include "config.h"

#include <string.h>


#include "billet-image-place.h"
#include "billet-image-store.h"
#include "billet-site.h"

typedef struct
{
  char       *post_path;
  GPtrArray  *files;     /* GFile, or NULL */
  GdkTexture *texture;   /* or a pasted picture */
  char       *link;      /* a thumbnail's */
} Job;

static void
job_free (gpointer data)
{
  Job *job = data;

  g_free (job->post_path);
  g_clear_pointer (&job->files, g_ptr_array_unref);
  g_clear_object (&job->texture);
  g_free (job->link);
  g_free (job);
}

static void
stored_image_free (gpointer data)
{
  BilletStoredImage *stored = data;

  g_free (stored->link);
  g_free (stored->name);
  g_free (stored);
}

static void
store_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  Job *job = task_data;
  g_autoptr(BilletSite) site = billet_site_new_for_path (job->post_path, NULL);
  g_autoptr(BilletImagePlace) place = billet_image_place_new (site, job->post_path);
  g_autoptr(GPtrArray) stored = g_ptr_array_new_with_free_func (stored_image_free);
  guint n = job->texture != NULL ? 1 : job->files->len;
  BilletSiteKind kind = site != NULL ? billet_site_get_kind (site) : BILLET_SITE_PLAIN;
  gboolean in_static = (kind == BILLET_SITE_HUGO || kind == BILLET_SITE_ZOLA) && place->link_prefix[0] != '\0';

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GBytes) bytes = NULL;
      g_autofree char *original = NULL;
      g_autofree char *path = NULL;
      g_autofree char *link = NULL;
      g_autoptr(GError) error = NULL;
      BilletStoredImage *one;

      if (job->texture != NULL)
        bytes = gdk_texture_save_to_png_bytes (job->texture);
      else
        {
          GFile *file = g_ptr_array_index (job->files, i);

          original = g_file_get_basename (file);
          bytes = g_file_load_bytes (file, cancellable, NULL, &error);
        }
      if (bytes != NULL)
        link = billet_image_place_store (place, original, bytes, &path, NULL, &error);
      if (link == NULL)
        {
          g_task_return_error (task, g_steal_pointer (&error));
          return;
        }
      one = g_new0 (BilletStoredImage, 1);
      one->link = g_steal_pointer (&link);
      one->name = g_path_get_basename (path);
      one->size = g_bytes_get_size (bytes);
      one->in_static = in_static;
      gdk_pixbuf_get_file_info (path, &one->width, &one->height);
      g_ptr_array_add (stored, one);
    }
  g_task_return_pointer (task, g_steal_pointer (&stored), (GDestroyNotify) g_ptr_array_unref);
}

/**
 * billet_image_store_async:
 * @post_path: the post, saved
 * @files: (nullable) (element-type GFile): image files
 * @texture: (nullable): or a pasted picture, stored as PNG
 *
 * Copies the images where the post's site keeps a post's images, in a
 * worker thread.
 */
void
billet_image_store_async (const char          *post_path,
                          GPtrArray           *files,
                          GdkTexture          *texture,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  Job *job;

  g_return_if_fail (post_path != NULL);
  g_return_if_fail ((files != NULL) != (texture != NULL));

  job = g_new0 (Job, 1);
  job->post_path = g_strdup (post_path);
  job->files = files != NULL ? g_ptr_array_ref (files) : NULL;
  job->texture = texture != NULL ? g_object_ref (texture) : NULL;
  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, billet_image_store_async);
  g_task_set_task_data (task, job, job_free);
  g_task_run_in_thread (task, store_thread);
}

/**
 * billet_image_store_finish:
 *
 * Returns: (transfer container) (element-type BilletStoredImage): what was
 *   stored, in order, or %NULL
 */
GPtrArray *
billet_image_store_finish (GAsyncResult  *result,
                           GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

/**
 * billet_image_store_dup_images:
 *
 * Returns: (transfer container) (nullable): the local image files of
 *   @file_list, or %NULL when there is none
 */
GPtrArray *
billet_image_store_dup_images (GdkFileList *file_list)
{
  g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GSList) list = file_list != NULL ? gdk_file_list_get_files (file_list) : NULL;

  for (GSList *l = list; l != NULL; l = l->next)
    {
      g_autofree char *name = g_file_get_basename (l->data);

      if (name != NULL && g_file_peek_path (l->data) != NULL && billet_image_is_image_name (name))
        g_ptr_array_add (files, g_object_ref (l->data));
    }
  return files->len > 0 ? g_steal_pointer (&files) : NULL;
}

/* The file a post's link names: from the site's static folder for a path
 * from the root, else from the post's folder. */
static void
thumbnail_thread (GTask        *task,
                  gpointer      source_object,
                  gpointer      task_data,
                  GCancellable *cancellable)
{
  Job *job = task_data;
  g_autofree char *post_dir = g_path_get_dirname (job->post_path);
  g_autofree char *clean = g_strndup (job->link, strcspn (job->link, "?#"));
  g_autofree char *unescaped = g_uri_unescape_string (clean, NULL);
  g_autofree char *path = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) error = NULL;
  GdkTexture *texture;

  if (unescaped == NULL || unescaped[0] == '\0' || g_uri_peek_scheme (unescaped) != NULL ||
      g_str_has_prefix (unescaped, "//") || !billet_image_is_image_name (unescaped))
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, "not a local image");
      return;
    }
  if (unescaped[0] == '/')
    {
      g_autoptr(BilletSite) site = billet_site_new_for_path (job->post_path, NULL);
      const char *static_dir = site != NULL ? billet_site_get_static_dir (site) : NULL;

      if (static_dir == NULL)
        {
          g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, "no static folder");
          return;
        }
      path = g_build_filename (static_dir, unescaped + 1, NULL);
    }
  else
    path = g_build_filename (post_dir, unescaped, NULL);
  file = g_file_new_for_path (path);
  texture = gdk_texture_new_from_file (file, &error);
  if (texture == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, texture, g_object_unref);
}

/**
 * billet_image_thumbnail_async:
 * @post_path: the post
 * @link: an image's link as the post writes it (`/images/x.png`, `x.png`)
 *
 * Loads the image @link names, in a worker thread.
 */
void
billet_image_thumbnail_async (const char          *post_path,
                              const char          *link,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  Job *job;

  g_return_if_fail (post_path != NULL && link != NULL);

  job = g_new0 (Job, 1);
  job->post_path = g_strdup (post_path);
  job->link = g_strdup (link);
  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, billet_image_thumbnail_async);
  g_task_set_task_data (task, job, job_free);
  g_task_run_in_thread (task, thumbnail_thread);
}

/**
 * billet_image_thumbnail_finish:
 *
 * Returns: (transfer full) (nullable): the image
 */
GdkTexture *
billet_image_thumbnail_finish (GAsyncResult  *result,
                               GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}
