/* billet-page-bundle.c — turning a post into a page bundle
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * `content/posts/trip.md` becomes `content/posts/trip/index.md`, and the
 * images it links (from the site's static folder, or beside it) move into
 * that folder, their links rewritten to the bare names: Hugo (and Zola)
 * publish a bundle's files next to its page. Only the bytes of those links
 * change. It is refused, with the reason, where it cannot be done safely:
 * the folder exists, another post links one of the images (it would break),
 * the post links one of them again where the link is not rewritten (its
 * front matter), the text is not UTF-8. A failure halfway puts back what
 * moved.
 */

#include "config.h"

#include <errno.h>
#include <string.h>

#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "billet-image-place.h"
#include "billet-link-scan.h"
#include "billet-page-bundle.h"

G_DEFINE_QUARK (billet-page-bundle-error-quark, billet_page_bundle_error)

typedef struct
{
  char  *from;     /* the image now */
  char  *to;       /* in the bundle */
  gsize  start;    /* the link's target in the text, bytes */
  gsize  end;
} Move;

static void
move_clear (gpointer data)
{
  Move *move = data;

  g_free (move->from);
  g_free (move->to);
}

/**
 * billet_page_bundle_target:
 * @post_path: a post
 *
 * Returns: (transfer full): the bundle's page for @post_path
 *   (`…/trip/index.md` for `…/trip.md`)
 */
char *
billet_page_bundle_target (const char *post_path)
{
  g_autofree char *dir = g_path_get_dirname (post_path);
  g_autofree char *base = g_path_get_basename (post_path);
  const char *dot = strrchr (base, '.');
  g_autofree char *stem = dot != NULL && dot != base ? g_strndup (base, (gsize) (dot - base)) : g_strdup (base);
  g_autofree char *index = g_strconcat ("index", dot != NULL && dot != base ? dot : ".md", NULL);

  g_return_val_if_fail (post_path != NULL, NULL);
  return g_build_filename (dir, stem, index, NULL);
}

/* The byte offset of 1-based @line and @column (characters) in @text. */
static gsize
offset_of (const char *text,
           guint       line,
           guint       column)
{
  const char *p = text;

  for (guint l = 1; l < line && *p != '\0'; l++)
    {
      const char *nl = strchr (p, '\n');

      if (nl == NULL)
        return strlen (text);
      p = nl + 1;
    }
  for (guint c = 1; c < column && *p != '\0' && *p != '\n'; c++)
    p = g_utf8_next_char (p);
  return (gsize) (p - text);
}

/* The local file @target names, if it is one: from the static folder for
 * a path from the root, else from the post's folder. */
static char *
resolve (BilletSite *site,
         const char *post_dir,
         const char *target)
{
  g_autofree char *path = NULL;
  g_autofree char *unescaped = NULL;
  gsize len = strcspn (target, "?#");
  g_autofree char *clean = g_strndup (target, len);

  if (clean[0] == '\0' || g_uri_peek_scheme (clean) != NULL || g_str_has_prefix (clean, "//"))
    return NULL;
  unescaped = g_uri_unescape_string (clean, NULL);
  if (unescaped == NULL)
    return NULL;
  if (unescaped[0] == '/')
    {
      const char *static_dir = billet_site_get_static_dir (site);

      if (static_dir == NULL)
        return NULL;
      path = g_build_filename (static_dir, unescaped + 1, NULL);
    }
  else
    path = g_build_filename (post_dir, unescaped, NULL);
  if (!g_file_test (path, G_FILE_TEST_IS_REGULAR))
    return NULL;
  return g_steal_pointer (&path);
}

static gboolean
is_post_name (const char *name)
{
  return g_str_has_suffix (name, ".md") || g_str_has_suffix (name, ".markdown") ||
         g_str_has_suffix (name, ".html");
}

/* The first post under @dir, other than @self, whose text holds @needle. */
static char *
find_other_post (const char *dir,
                 const char *self,
                 const char *needle)
{
  g_autoptr(GDir) folder = g_dir_open (dir, 0, NULL);
  const char *name;

  if (folder == NULL)
    return NULL;
  while ((name = g_dir_read_name (folder)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);
      g_autofree char *found = NULL;

      if (g_file_test (path, G_FILE_TEST_IS_SYMLINK))
        continue;
      if (g_file_test (path, G_FILE_TEST_IS_DIR))
        found = find_other_post (path, self, needle);
      else if (is_post_name (name) && g_strcmp0 (path, self) != 0)
        {
          g_autofree char *text = NULL;

          if (g_file_get_contents (path, &text, NULL, NULL) && strstr (text, needle) != NULL)
            found = g_steal_pointer (&path);
        }
      if (found != NULL)
        return g_steal_pointer (&found);
    }
  return NULL;
}

static char *
relative_to_root (BilletSite *site,
                  const char *path)
{
  const char *root = billet_site_get_root (site);
  gsize len = strlen (root);

  if (strncmp (path, root, len) == 0 && path[len] == '/')
    return g_strdup (path + len + 1);
  return g_strdup (path);
}

static void
undo_moves (GArray *moves,
            guint   done)
{
  for (guint i = done; i > 0; i--)
    {
      Move *move = &g_array_index (moves, Move, i - 1);

      g_rename (move->to, move->from);
    }
}

/**
 * billet_page_bundle_convert:
 * @site: the post's site
 * @post_path: the post, absolute, as saved
 * @bundle_path: (out) (optional): the bundle's page
 * @n_moved: (out) (optional): how many images moved in
 * @error: why it was refused, or what failed
 *
 * Makes the post a page bundle, on disk. Nothing changes when it fails.
 *
 * Returns: whether it was done
 */
gboolean
billet_page_bundle_convert (BilletSite  *site,
                            const char  *post_path,
                            char       **bundle_path,
                            guint       *n_moved,
                            GError     **error)
{
  g_autofree char *base = NULL;
  g_autofree char *post_dir = NULL;
  g_autofree char *target = NULL;
  g_autofree char *bundle_dir = NULL;
  g_autofree char *text = NULL;
  g_autoptr(GPtrArray) links = NULL;
  g_autoptr(GArray) moves = NULL;
  g_autoptr(GString) out = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GHashTable) names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  BilletSiteKind kind;
  gsize len, at = 0;
  guint moved = 0;

  g_return_val_if_fail (site != NULL, FALSE);
  g_return_val_if_fail (post_path != NULL && g_path_is_absolute (post_path), FALSE);

  kind = billet_site_get_kind (site);
  base = g_path_get_basename (post_path);
  if (kind != BILLET_SITE_HUGO && kind != BILLET_SITE_ZOLA)
    {
      g_set_error_literal (error, BILLET_PAGE_BUNDLE_ERROR, BILLET_PAGE_BUNDLE_ERROR_UNSUPPORTED,
                           _("Only Hugo and Zola sites have page bundles"));
      return FALSE;
    }
  if (g_str_has_prefix (base, "index.") || g_str_has_prefix (base, "_index."))
    {
      g_set_error_literal (error, BILLET_PAGE_BUNDLE_ERROR, BILLET_PAGE_BUNDLE_ERROR_UNSUPPORTED,
                           _("This post is a page bundle already"));
      return FALSE;
    }
  target = billet_page_bundle_target (post_path);
  bundle_dir = g_path_get_dirname (target);
  if (g_file_test (bundle_dir, G_FILE_TEST_EXISTS))
    {
      g_autofree char *shown = relative_to_root (site, bundle_dir);

      g_set_error (error, BILLET_PAGE_BUNDLE_ERROR, BILLET_PAGE_BUNDLE_ERROR_EXISTS,
                   _("“%s” exists already"), shown);
      return FALSE;
    }
  if (!g_file_get_contents (post_path, &text, &len, error))
    return FALSE;
  if (!g_utf8_validate (text, (gssize) len, NULL) || memchr (text, '\0', len) != NULL)
    {
      g_set_error_literal (error, BILLET_PAGE_BUNDLE_ERROR, BILLET_PAGE_BUNDLE_ERROR_UNREADABLE,
                           _("The post is not in UTF-8: convert it first"));
      return FALSE;
    }

  /* The images it links, in text order. */
  post_dir = g_path_get_dirname (post_path);
  links = billet_link_scan (text, len, BILLET_LINK_SCAN_HUGO | BILLET_LINK_SCAN_LOCAL, NULL);
  moves = g_array_new (FALSE, TRUE, sizeof (Move));
  g_array_set_clear_func (moves, move_clear);
  for (guint i = 0; i < links->len; i++)
    {
      BilletLink *link = g_ptr_array_index (links, i);
      g_autofree char *from = NULL;
      g_autofree char *name = NULL;
      g_autofree char *other = NULL;
      const char *found;
      gsize start;
      Move move = { 0 };

      if (link->kind != BILLET_LINK_IMAGE)
        continue;
      from = resolve (site, post_dir, link->target);
      if (from == NULL)
        continue;
      start = offset_of (text, link->line, link->column);
      found = start <= len ? strstr (text + start, link->target) : NULL;
      if (found == NULL || (gsize) (found - text) < at)
        continue;
      name = g_path_get_basename (from);
      /* Another post's link would break. */
      for (guint d = 0; billet_site_get_content_dirs (site)[d] != NULL && other == NULL; d++)
        other = find_other_post (billet_site_get_content_dirs (site)[d], post_path, name);
      if (other != NULL)
        {
          g_autofree char *shown = relative_to_root (site, other);

          g_set_error (error, BILLET_PAGE_BUNDLE_ERROR, BILLET_PAGE_BUNDLE_ERROR_SHARED,
                       _("“%s” is linked by another post too: %s"), name, shown);
          return FALSE;
        }
      move.start = (gsize) (found - text);
      move.end = move.start + strlen (link->target);
      at = move.end;
      move.to = g_build_filename (bundle_dir, name, NULL);
      if (g_hash_table_contains (names, name) && !g_str_equal (g_hash_table_lookup (names, name), from))
        {
          g_free (move.to);
          g_set_error (error, BILLET_PAGE_BUNDLE_ERROR, BILLET_PAGE_BUNDLE_ERROR_SHARED,
                       _("Two of its images are named “%s”"), name);
          return FALSE;
        }
      move.from = g_steal_pointer (&from);
      g_hash_table_insert (names, g_strdup (name), g_strdup (move.from));
      g_array_append_val (moves, move);
    }

  /* The text with those links rewritten; a link left elsewhere (its front
   * matter) would break. */
  out = g_string_sized_new (len);
  at = 0;
  for (guint i = 0; i < moves->len; i++)
    {
      Move *move = &g_array_index (moves, Move, i);
      g_autofree char *name = g_path_get_basename (move->to);

      g_string_append_len (out, text + at, (gssize) (move->start - at));
      g_string_append (out, name);
      at = move->end;
    }
  g_string_append_len (out, text + at, (gssize) (len - at));
  for (guint i = 0; i < moves->len; i++)
    {
      Move *move = &g_array_index (moves, Move, i);
      g_autofree char *old = g_strndup (text + move->start, move->end - move->start);

      if (strstr (old, "/") != NULL && strstr (out->str, old) != NULL)
        {
          g_set_error (error, BILLET_PAGE_BUNDLE_ERROR, BILLET_PAGE_BUNDLE_ERROR_SHARED,
                       _("The post links “%s” again where Billet cannot rewrite it (its front matter?)"), old);
          return FALSE;
        }
    }

  /* Done on disk: the folder, the images, the page, then the old file. */
  if (g_mkdir (bundle_dir, 0755) != 0)
    {
      int saved = errno;

      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved), "%s", g_strerror (saved));
      return FALSE;
    }
  g_hash_table_remove_all (names);
  for (; moved < moves->len; moved++)
    {
      Move *move = &g_array_index (moves, Move, moved);

      /* The same image linked twice moves once. */
      if (g_file_test (move->to, G_FILE_TEST_EXISTS))
        continue;
      if (g_rename (move->from, move->to) != 0)
        {
          int saved = errno;

          undo_moves (moves, moved);
          g_rmdir (bundle_dir);
          g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved), "%s", g_strerror (saved));
          return FALSE;
        }
    }
  if (!g_file_set_contents (target, out->str, (gssize) out->len, &local_error))
    {
      undo_moves (moves, moved);
      g_rmdir (bundle_dir);
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  g_unlink (post_path);
  /* The site's per-post image folder, if now empty. */
  for (guint i = 0; i < moves->len; i++)
    {
      g_autofree char *dir = g_path_get_dirname (g_array_index (moves, Move, i).from);

      if (!g_str_equal (dir, post_dir))
        g_rmdir (dir);
    }

  if (bundle_path != NULL)
    *bundle_path = g_steal_pointer (&target);
  if (n_moved != NULL)
    *n_moved = moves->len;
  return TRUE;
}
