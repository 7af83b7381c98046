/* billet-image-place.c — where a post's images go, and how the post links them
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * An image pasted or dropped into a post is copied where the post's site
 * keeps a post's images, so that the generator publishes it and the link
 * works both in the preview and on the site:
 *
 * - a Hugo or Zola page bundle (…/slug/index.md, or a branch's _index.md):
 *   beside the post, linked relatively (the generator copies the bundle's
 *   resources next to the page);
 * - any other Hugo or Zola post: static/images/<slug>/, linked from the
 *   site's root as /images/<slug>/…;
 * - Jekyll: assets/images/<slug>/, linked as /assets/images/<slug>/…;
 * - Astro, and a post in no site: beside the post, linked relatively
 *   (Astro's content collections resolve relative images).
 *
 * Names are the slug of the original name (a pasted picture, which has
 * none: the post's slug and a number). An existing file is never
 * overwritten: the name takes "-2", "-3"…, each tried with an exclusive
 * create, so that two copies at once cannot take the same name. A file of
 * the folder with the same bytes is linked instead of copied again.
 *
 * An image already in the site is linked by the same rule: from the
 * static folder, as a path from the site's root; beside a post whose images
 * go beside it (a bundle, Astro, no site), relatively.
 * billet_image_place_list() lists those a post can link, for a picker.
 *
 * GLib and POSIX file calls only; callers run billet_image_place_store()
 * and billet_image_place_list() in a worker.
 */

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "billet-image-place.h"

static const char * const image_extensions[] = {
  "png", "jpg", "jpeg", "gif", "webp", "avif", "svg", "bmp", "tif", "tiff", "ico", NULL
};

/**
 * billet_image_place_slug:
 * @name: a file's name without its extension, or a post's
 *
 * Returns: lower-case ASCII letters and digits, runs of anything else as
 *   one "-" ("Capture d’écran 2026" → "capture-d-ecran-2026"); "image"
 *   when nothing is left
 */
char *
billet_image_place_slug (const char *name)
{
  g_autofree char *ascii = NULL;
  GString *slug;

  g_return_val_if_fail (name != NULL, NULL);

  ascii = g_str_to_ascii (name, "C");
  slug = g_string_new (NULL);
  for (const char *p = ascii; *p != '\0'; p++)
    {
      if (g_ascii_isalnum (*p))
        g_string_append_c (slug, g_ascii_tolower (*p));
      else if (slug->len > 0 && slug->str[slug->len - 1] != '-')
        g_string_append_c (slug, '-');
    }
  while (slug->len > 0 && slug->str[slug->len - 1] == '-')
    g_string_truncate (slug, slug->len - 1);
  if (slug->len == 0)
    g_string_assign (slug, "image");
  return g_string_free (slug, FALSE);
}

static gboolean
is_bundle_index (const char *base)
{
  const char *dot = strrchr (base, '.');
  gsize len = dot != NULL ? (gsize) (dot - base) : strlen (base);

  return (len == 5 && strncmp (base, "index", 5) == 0) ||
         (len == 6 && strncmp (base, "_index", 6) == 0);
}

/* Jekyll's posts are named YYYY-MM-DD-title.md: the slug is the title. */
static const char *
skip_date_prefix (const char *base)
{
  static const char pattern[] = "dddd-dd-dd-";

  for (guint i = 0; i < sizeof pattern - 1; i++)
    if (pattern[i] == 'd' ? !g_ascii_isdigit (base[i]) : base[i] != pattern[i])
      return base;
  return base + sizeof pattern - 1;
}

static char *
post_slug (const char *post_path,
           gboolean   *bundle)
{
  g_autofree char *base = g_path_get_basename (post_path);
  g_autofree char *stem = NULL;
  const char *dot;

  *bundle = is_bundle_index (base);
  if (*bundle)
    {
      g_autofree char *dir = g_path_get_dirname (post_path);
      g_autofree char *dir_name = g_path_get_basename (dir);

      return billet_image_place_slug (dir_name);
    }
  dot = strrchr (base, '.');
  stem = dot != NULL && dot != base ? g_strndup (base, (gsize) (dot - base)) : g_strdup (base);
  return billet_image_place_slug (skip_date_prefix (stem));
}

/**
 * billet_image_place_new:
 * @site: (nullable): the site @post_path belongs to
 * @post_path: the post's file, absolute
 *
 * Returns: (transfer full): where the post's images go
 */
BilletImagePlace *
billet_image_place_new (BilletSite *site,
                        const char *post_path)
{
  BilletImagePlace *place;
  g_autofree char *post_dir = NULL;
  gboolean bundle = FALSE;
  BilletSiteKind kind = site != NULL ? billet_site_get_kind (site) : BILLET_SITE_PLAIN;

  g_return_val_if_fail (post_path != NULL && g_path_is_absolute (post_path), NULL);

  place = g_new0 (BilletImagePlace, 1);
  place->post_slug = post_slug (post_path, &bundle);
  post_dir = g_path_get_dirname (post_path);

  switch (kind)
    {
    case BILLET_SITE_HUGO:
    case BILLET_SITE_ZOLA:
      if (!bundle)
        {
          const char *static_dir = billet_site_get_static_dir (site);
          g_autofree char *fallback = g_build_filename (billet_site_get_root (site), "static", NULL);

          place->dir = g_build_filename (static_dir != NULL ? static_dir : fallback,
                                         "images", place->post_slug, NULL);
          place->link_prefix = g_strdup_printf ("/images/%s/", place->post_slug);
          break;
        }
      G_GNUC_FALLTHROUGH;
    case BILLET_SITE_ASTRO:
    case BILLET_SITE_PLAIN:
    default:
      place->dir = g_steal_pointer (&post_dir);
      place->link_prefix = g_strdup ("");
      break;

    case BILLET_SITE_JEKYLL:
      place->dir = g_build_filename (billet_site_get_root (site), "assets", "images",
                                     place->post_slug, NULL);
      place->link_prefix = g_strdup_printf ("/assets/images/%s/", place->post_slug);
      break;
    }
  return place;
}

void
billet_image_place_free (BilletImagePlace *place)
{
  if (place == NULL)
    return;
  g_free (place->dir);
  g_free (place->link_prefix);
  g_free (place->post_slug);
  g_free (place);
}

static gboolean
same_bytes (const char *path,
            GBytes     *bytes)
{
  g_autofree char *contents = NULL;
  gsize length = 0;
  gsize size;
  const void *data = g_bytes_get_data (bytes, &size);

  return g_file_get_contents (path, &contents, &length, NULL) &&
         length == size && memcmp (contents, data, size) == 0;
}

/* An image of @dir with the bytes of @bytes, if any. Only files of the
 * same size are read. */
static char *
find_identical (const char *dir,
                GBytes     *bytes)
{
  g_autoptr(GDir) folder = g_dir_open (dir, 0, NULL);
  gsize size = g_bytes_get_size (bytes);
  const char *name;

  if (folder == NULL)
    return NULL;
  while ((name = g_dir_read_name (folder)) != NULL)
    {
      g_autofree char *path = NULL;
      GStatBuf st;

      if (!billet_image_is_image_name (name))
        continue;
      path = g_build_filename (dir, name, NULL);
      if (g_lstat (path, &st) == 0 && S_ISREG (st.st_mode) && (guint64) st.st_size == size &&
          same_bytes (path, bytes))
        return g_strdup (name);
    }
  return NULL;
}

static void
set_errno_error (GError     **error,
                 int          saved,
                 const char  *path,
                 gboolean     folder)
{
  g_autofree char *display = g_filename_display_name (path);

  if (folder)
    /* Translators: a folder's name, then why */
    g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved),
                 _("Could not make the folder “%s”: %s"), display, g_strerror (saved));
  else
    /* Translators: a file's name, then why */
    g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved),
                 _("Could not create “%s”: %s"), display, g_strerror (saved));
}

/* Creates @path only if nothing has that name (O_EXCL: no other writer
 * can take it meanwhile), and writes @bytes. */
static gboolean
create_exclusive (const char  *path,
                  GBytes      *bytes,
                  GError     **error)
{
  gsize size;
  const char *data = g_bytes_get_data (bytes, &size);
  int fd = g_open (path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);

  if (fd < 0)
    {
      int saved = errno;

      set_errno_error (error, saved, path, FALSE);
      return FALSE;
    }
  while (size > 0)
    {
      gssize n = write (fd, data, size);

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        {
          int saved = n < 0 ? errno : ENOSPC;

          close (fd);
          /* No half image left behind. */
          g_unlink (path);
          set_errno_error (error, saved, path, FALSE);
          return FALSE;
        }
      data += n;
      size -= (gsize) n;
    }
  if (close (fd) != 0)
    {
      int saved = errno;

      g_unlink (path);
      set_errno_error (error, saved, path, FALSE);
      return FALSE;
    }
  return TRUE;
}

/**
 * billet_image_place_store:
 * @place: where the post's images go
 * @original_name: (nullable): the image's file name, or %NULL for a pasted
 *   picture (stored as PNG)
 * @bytes: the image
 * @stored_path: (out) (optional): the file the post links
 * @reused: (out) (optional): whether a file with the same bytes was there
 * @error: the folder or the file could not be made
 *
 * Copies @bytes into @place's folder (made if needed), never over a file.
 *
 * Returns: (transfer full) (nullable): the link to write in the post
 */
char *
billet_image_place_store (const BilletImagePlace  *place,
                          const char              *original_name,
                          GBytes                  *bytes,
                          char                   **stored_path,
                          gboolean                *reused,
                          GError                 **error)
{
  g_autofree char *stem = NULL;
  g_autofree char *ext = NULL;
  g_autofree char *name = NULL;
  guint n;

  g_return_val_if_fail (place != NULL, NULL);
  g_return_val_if_fail (bytes != NULL, NULL);

  if (g_mkdir_with_parents (place->dir, 0755) != 0)
    {
      set_errno_error (error, errno, place->dir, TRUE);
      return NULL;
    }

  name = find_identical (place->dir, bytes);
  if (reused != NULL)
    *reused = name != NULL;

  if (original_name != NULL)
    {
      g_autofree char *base = g_path_get_basename (original_name);
      const char *dot = strrchr (base, '.');
      g_autofree char *raw_stem = dot != NULL && dot != base ? g_strndup (base, (gsize) (dot - base)) : g_strdup (base);

      stem = billet_image_place_slug (raw_stem);
      ext = dot != NULL && dot != base && dot[1] != '\0' ? billet_image_place_slug (dot + 1) : g_strdup ("png");
      n = 1;
    }
  else
    {
      stem = g_strdup (place->post_slug);
      ext = g_strdup ("png");
      n = 1;
    }

  for (; name == NULL; n++)
    {
      g_autofree char *candidate = NULL;
      g_autofree char *path = NULL;
      g_autoptr(GError) local_error = NULL;

      /* A pasted picture is always numbered: it has no name of its own. */
      if (n == 1 && original_name != NULL)
        candidate = g_strdup_printf ("%s.%s", stem, ext);
      else
        candidate = g_strdup_printf ("%s-%u.%s", stem, n, ext);
      path = g_build_filename (place->dir, candidate, NULL);
      if (create_exclusive (path, bytes, &local_error))
        name = g_steal_pointer (&candidate);
      else if (!g_error_matches (local_error, G_FILE_ERROR, G_FILE_ERROR_EXIST) || n >= 10000)
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return NULL;
        }
    }

  if (stored_path != NULL)
    *stored_path = g_build_filename (place->dir, name, NULL);
  return g_strconcat (place->link_prefix, name, NULL);
}

/**
 * billet_image_place_markdown:
 * @alt: the image's text for readers who do not see it; may be empty
 * @link: where it is
 *
 * Returns: `![alt](link)`, with what would end the alt text escaped and a
 *   link with spaces or parentheses in angle brackets
 */
char *
billet_image_place_markdown (const char *alt,
                             const char *link)
{
  GString *md = g_string_new ("![");

  g_return_val_if_fail (alt != NULL && link != NULL, NULL);

  for (const char *p = alt; *p != '\0'; p++)
    {
      if (*p == '\n' || *p == '\r')
        {
          g_string_append_c (md, ' ');
          continue;
        }
      if (*p == '[' || *p == ']' || *p == '\\')
        g_string_append_c (md, '\\');
      g_string_append_c (md, *p);
    }
  g_string_append (md, "](");
  if (strpbrk (link, " ()<>") != NULL)
    g_string_append_printf (md, "<%s>", link);
  else
    g_string_append (md, link);
  g_string_append_c (md, ')');
  return g_string_free (md, FALSE);
}

/**
 * billet_image_is_large:
 * @size: bytes
 * @width: (in pixels) or 0 when unknown
 * @height: (in pixels) or 0 when unknown
 *
 * Returns: whether the image is worth a warning
 */
gboolean
billet_image_is_large (guint64 size,
                       int     width,
                       int     height)
{
  return size > BILLET_IMAGE_LARGE_BYTES ||
         width > BILLET_IMAGE_LARGE_SIDE || height > BILLET_IMAGE_LARGE_SIDE;
}

/**
 * billet_image_is_image_name:
 * @name: a file's name
 *
 * Returns: whether its extension is one of a web image's
 */
gboolean
billet_image_is_image_name (const char *name)
{
  const char *dot;
  g_autofree char *ext = NULL;

  g_return_val_if_fail (name != NULL, FALSE);

  dot = strrchr (name, '.');
  if (dot == NULL || dot == name)
    return FALSE;
  ext = g_ascii_strdown (dot + 1, -1);
  return g_strv_contains (image_extensions, ext);
}

/* @path relative to @dir, or NULL when it is not inside. */
static const char *
inside (const char *dir,
        const char *path)
{
  gsize len = strlen (dir);

  while (len > 1 && dir[len - 1] == '/')
    len--;
  if (strncmp (path, dir, len) == 0 && path[len] == '/' && path[len + 1] != '\0')
    return path + len + 1;
  return NULL;
}

static char *
escape_link (const char *prefix,
             const char *relative)
{
  g_autofree char *escaped = g_uri_escape_string (relative, "/", TRUE);

  return g_strconcat (prefix, escaped, NULL);
}

/**
 * billet_image_place_link_for:
 * @site: (nullable): the site @post_path belongs to
 * @post_path: the post, absolute
 * @image_path: an image file, absolute
 *
 * The link @post_path writes for an image already in the site, by the rule
 * images are copied by: in the static folder, a path from the site's root
 * (`/images/trip/cat.png`); beside a post whose images go beside it (a
 * page bundle, an Astro post, a post in no site), relative (`cat.png`).
 *
 * Returns: (transfer full) (nullable): the link, or %NULL when the site
 *   would not publish @image_path where the post can link it
 */
char *
billet_image_place_link_for (BilletSite *site,
                             const char *post_path,
                             const char *image_path)
{
  g_autoptr(BilletImagePlace) place = NULL;
  g_autofree char *post_dir = NULL;
  const char *static_dir = site != NULL ? billet_site_get_static_dir (site) : NULL;
  const char *rel;

  g_return_val_if_fail (post_path != NULL && image_path != NULL, NULL);

  place = billet_image_place_new (site, post_path);
  post_dir = g_path_get_dirname (post_path);
  if (place->link_prefix[0] == '\0' && (rel = inside (post_dir, image_path)) != NULL)
    return escape_link ("", rel);
  if (static_dir != NULL && (rel = inside (static_dir, image_path)) != NULL)
    return escape_link ("/", rel);
  return NULL;
}

void
billet_image_choice_free (BilletImageChoice *choice)
{
  if (choice == NULL)
    return;
  g_free (choice->path);
  g_free (choice->link);
  g_free (choice);
}

/* How deep the static folder is walked, and a post's own folder (a
 * post in no site may sit in a large folder). */
#define LIST_DEPTH      8
#define LIST_POST_DEPTH 2

typedef struct
{
  BilletSite   *site;
  const char   *post_path;
  gboolean      site_root;   /* walking the site's root: its _folders are not published */
  guint         max_depth;
  GHashTable   *seen;
  GPtrArray    *choices;
  guint         limit;
} Walk;

static void
walk_images (Walk       *walk,
             const char *dir,
             guint       depth)
{
  g_autoptr(GDir) folder = g_dir_open (dir, 0, NULL);
  const char *name;

  if (folder == NULL || depth > walk->max_depth)
    return;
  while ((name = g_dir_read_name (folder)) != NULL)
    {
      g_autofree char *path = NULL;
      GStatBuf st;

      if (walk->choices->len >= walk->limit)
        return;
      if (name[0] == '.' || g_str_equal (name, "node_modules") || (walk->site_root && name[0] == '_'))
        continue;
      path = g_build_filename (dir, name, NULL);
      if (g_lstat (path, &st) != 0)
        continue;
      if (S_ISDIR (st.st_mode))
        walk_images (walk, path, depth + 1);
      else if (S_ISREG (st.st_mode) && billet_image_is_image_name (name) &&
               !g_hash_table_contains (walk->seen, path))
        {
          char *link = billet_image_place_link_for (walk->site, walk->post_path, path);
          BilletImageChoice *choice;

          if (link == NULL)
            continue;
          choice = g_new0 (BilletImageChoice, 1);
          choice->link = link;
          choice->path = g_strdup (path);
          g_hash_table_add (walk->seen, g_steal_pointer (&path));
          g_ptr_array_add (walk->choices, choice);
        }
    }
}

static int
compare_choices (gconstpointer a,
                 gconstpointer b)
{
  const BilletImageChoice *one = *(const BilletImageChoice * const *) a;
  const BilletImageChoice *other = *(const BilletImageChoice * const *) b;

  /* The post's own images first. */
  if ((one->link[0] == '/') != (other->link[0] == '/'))
    return one->link[0] == '/' ? 1 : -1;
  return g_utf8_collate (one->link, other->link);
}

/**
 * billet_image_place_list:
 * @site: (nullable): the site @post_path belongs to
 * @post_path: the post, absolute
 * @limit: at most this many
 *
 * The images @post_path can link as its site expects (see
 * billet_image_place_link_for()): those beside it when its images go
 * beside it, then the static folder's; hidden folders, node_modules and,
 * at a site's root, the folders the generator does not publish (`_site`,
 * `_posts`…) are left out. Reads the disk: call it in a worker.
 *
 * Returns: (transfer container) (element-type BilletImageChoice): the
 *   images, by link
 */
GPtrArray *
billet_image_place_list (BilletSite   *site,
                         const char   *post_path,
                         guint         limit)
{
  g_autoptr(BilletImagePlace) place = NULL;
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autofree char *post_dir = NULL;
  const char *static_dir = site != NULL ? billet_site_get_static_dir (site) : NULL;
  Walk walk = { site, post_path, FALSE, LIST_POST_DEPTH, seen, NULL, limit };

  g_return_val_if_fail (post_path != NULL && g_path_is_absolute (post_path), NULL);

  walk.choices = g_ptr_array_new_with_free_func ((GDestroyNotify) billet_image_choice_free);
  place = billet_image_place_new (site, post_path);
  post_dir = g_path_get_dirname (post_path);
  if (place->link_prefix[0] == '\0')
    walk_images (&walk, post_dir, 0);
  if (static_dir != NULL)
    {
      walk.site_root = g_strcmp0 (static_dir, billet_site_get_root (site)) == 0;
      walk.max_depth = LIST_DEPTH;
      walk_images (&walk, static_dir, 0);
    }
  g_ptr_array_sort (walk.choices, compare_choices);
  return walk.choices;
}
