/* billet-preview-images.c — which local files the preview's page may load
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The security boundary of the preview. The page has no file: access at
 * all: its base URI is billet-image://local/ + the post's folder, so that
 * relative images resolve under it and root-relative ones ("/images/a.png")
 * to billet-image://local/images/a.png, and every image comes through our
 * URI scheme, which serves only
 *
 * - a path inside the site (or inside the post's folder when there is no
 *   site), as it is, or else
 * - a root-relative path found in the site's static folder,
 *
 * after symbolic links are resolved, and only files whose name says they
 * are images. Anything else is refused.
 *
 * Nothing here knows about WebKit: the web view's scheme handler
 * (billet-preview-view.c) runs billet_preview_image_lookup() in a worker
 * thread and serves the file it answers, or fails the request with its
 * error; tests/test-preview-images.c tries the rules without a web view.
 */

#define G_LOG_DOMAIN "Billet"

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "billet-preview-images.h"
#include "billet-site.h"

/* The page's base URI is IMAGE_BASE + the post's folder (an absolute
 * path): relative images resolve under it, root-relative ones ("/images/")
 * to IMAGE_BASE + "/images/", which the scheme tries in the site's static
 * folder. */
#define IMAGE_HOST "local"
#define IMAGE_BASE BILLET_PREVIEW_IMAGE_SCHEME "://" IMAGE_HOST

/* Sites */

/**
 * billet_preview_site_ref:
 *
 * Returns: (transfer full): @site
 */
BilletPreviewSite *
billet_preview_site_ref (BilletPreviewSite *site)
{
  g_atomic_ref_count_inc (&site->ref_count);
  return site;
}

void
billet_preview_site_unref (BilletPreviewSite *site)
{
  if (site == NULL || !g_atomic_ref_count_dec (&site->ref_count))
    return;

  g_free (site->post_dir);
  g_free (site->root);
  g_free (site->static_dir);
  g_free (site->lang);
  g_free (site);
}

static char *
real_path (const char *path)
{
  char *resolved = realpath (path, NULL);
  char *copy = resolved != NULL ? g_strdup (resolved) : NULL;

  free (resolved);
  return copy;
}

/* Whether @path is @dir or inside it (both real paths). */
static gboolean
is_inside (const char *path,
           const char *dir)
{
  gsize len = strlen (dir);

  if (len <= 1) /* never "/" */
    return FALSE;

  return strncmp (path, dir, len) == 0 && (path[len] == '/' || path[len] == '\0');
}

/* The language of the posts in @dir as the export names it: that of the
 * language content folder holding it (content/fr: "fr-FR" when the site's
 * languageCode for fr says so), else the site's default. */
static const char *
folder_language (BilletSite *site,
                 const char *dir)
{
  g_autofree char *at = g_strdup (dir);

  while (billet_site_is_inside (site, at))
    {
      const char *lang = billet_site_get_dir_language (site, at);
      char *parent;

      if (lang != NULL)
        return billet_site_get_language_code (site, lang);
      if (g_str_equal (at, billet_site_get_root (site)))
        break;
      parent = g_path_get_dirname (at);
      g_free (at);
      at = parent;
    }
  return billet_site_get_language_code (site, NULL);
}

/**
 * billet_preview_site_new:
 * @post_dir: (nullable): the folder of the post shown, or %NULL for a post
 *   with no file yet (whose page may load no local image)
 *
 * The site that holds @post_dir, as the core finds it (the same rules as
 * the folder view and the export). Reads files: the preview calls it in
 * its render thread.
 *
 * Returns: (transfer full): the site, never %NULL
 */
BilletPreviewSite *
billet_preview_site_new (const char *post_dir)
{
  BilletPreviewSite *site = g_new0 (BilletPreviewSite, 1);
  g_autoptr(BilletSite) found = NULL;

  g_atomic_ref_count_init (&site->ref_count);
  site->post_dir = post_dir != NULL ? real_path (post_dir) : NULL;
  if (site->post_dir == NULL)
    return site;

  found = billet_site_new_for_path (site->post_dir, NULL);
  if (found != NULL && billet_site_get_kind (found) != BILLET_SITE_PLAIN)
    {
      site->root = g_strdup (billet_site_get_root (found));
      if (billet_site_get_static_dir (found) != NULL)
        site->static_dir = real_path (billet_site_get_static_dir (found));
      site->unsafe = billet_site_get_unsafe (found);
      site->markdown_flags = billet_site_get_markdown_flags (found);
      site->lang = g_strdup (folder_language (found, site->post_dir));
    }
  return site;
}

/* Pages */

/**
 * billet_preview_page_base_uri:
 * @document_base_uri: (nullable): the file: URI of the post's folder
 *
 * The base URI of the page of a post in @document_base_uri's folder: our
 * scheme's, so that the page's relative images come to
 * billet_preview_image_lookup().
 *
 * Returns: (transfer full): the page's base URI
 */
char *
billet_preview_page_base_uri (const char *document_base_uri)
{
  g_autofree char *path = document_base_uri != NULL ? g_filename_from_uri (document_base_uri, NULL, NULL) : NULL;
  g_autofree char *escaped = NULL;

  if (path == NULL)
    return g_strdup (IMAGE_BASE "/");

  escaped = g_uri_escape_string (path, "/", FALSE);
  return g_str_has_suffix (escaped, "/") ? g_strconcat (IMAGE_BASE, escaped, NULL)
                                         : g_strconcat (IMAGE_BASE, escaped, "/", NULL);
}

/* Images */

/* The file that the page's @path names, or NULL when it names nothing we
 * may show: a path under the site (or under the post's folder when there
 * is no site) as it is, else a root-relative path in the site's static
 * folder. Symbolic links are resolved before the check. */
static char *
resolve_image (const BilletPreviewSite *site,
               const char              *path)
{
  const char *root = site->root != NULL ? site->root : site->post_dir;
  g_autofree char *direct = NULL;

  if (root == NULL || path == NULL || path[0] != '/')
    return NULL;

  direct = real_path (path);
  if (direct != NULL && is_inside (direct, root) && g_file_test (direct, G_FILE_TEST_IS_REGULAR))
    return g_steal_pointer (&direct);

  if (site->static_dir != NULL)
    {
      g_autofree char *joined = g_build_filename (site->static_dir, path, NULL);
      g_autofree char *resolved = real_path (joined);

      if (resolved != NULL && is_inside (resolved, site->static_dir) &&
          g_file_test (resolved, G_FILE_TEST_IS_REGULAR))
        return g_steal_pointer (&resolved);
    }

  return NULL;
}

/**
 * billet_preview_image_lookup:
 * @site: the site of the page that asks
 * @uri: the URI the page asks for (billet-image://local/…)
 * @mime_type: (out) (optional): the file's MIME type
 * @error: a #GError: %G_IO_ERROR_NOT_FOUND for a URI that names nothing
 *   in the site, %G_IO_ERROR_PERMISSION_DENIED for a file that is not an
 *   image
 *
 * Decides whether the page of a post in @site may load @uri, and which
 * file that is. Looks at the file system (symbolic links are followed
 * before the check): call it off the main thread.
 *
 * Returns: (transfer full) (nullable): the real path of the file to
 *   serve, or %NULL when the page may not load @uri
 */
char *
billet_preview_image_lookup (const BilletPreviewSite  *site,
                             const char               *uri,
                             char                    **mime_type,
                             GError                  **error)
{
  g_autoptr(GUri) parsed = NULL;
  g_autofree char *file_path = NULL;
  g_autofree char *content_type = NULL;
  const char *path;

  g_return_val_if_fail (site != NULL, NULL);
  g_return_val_if_fail (uri != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  parsed = g_uri_parse (uri, G_URI_FLAGS_NONE, NULL);
  if (parsed == NULL ||
      g_ascii_strcasecmp (g_uri_get_scheme (parsed), BILLET_PREVIEW_IMAGE_SCHEME) != 0 ||
      g_strcmp0 (g_uri_get_host (parsed), IMAGE_HOST) != 0)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, "No such image");
      return NULL;
    }

  path = g_uri_get_path (parsed); /* GUri decoded it */
  file_path = resolve_image (site, path);
  if (file_path == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, "Not in the site: %s", path);
      return NULL;
    }

  /* Images only: the page has no business reading anything else. */
  content_type = g_content_type_guess (file_path, NULL, 0, NULL);
  if (content_type == NULL || !g_str_has_prefix (content_type, "image/"))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED, "Not an image: %s", path);
      return NULL;
    }

  if (mime_type != NULL)
    *mime_type = g_content_type_get_mime_type (content_type);
  return g_steal_pointer (&file_path);
}
