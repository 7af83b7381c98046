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
 *
 * A conversion can be undone as one step: it records the post's bytes,
 * the images it moved and the folders it emptied, and
 * billet_page_bundle_revert() puts each back, byte for byte. It is refused
 * when the bundle changed meanwhile (its page edited on disk, an image
 * gone, a new file in its folder, the old name taken again): undoing would
 * then lose someone's work.
 */

#include "config.h"

#include <errno.h>
#include <string.h>
#include <sys/stat.h>

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

struct _BilletPageBundleUndo
{
  char      *post_path;
  GBytes    *post_bytes;    /* the post as it was */
  int        post_mode;     /* its permissions, or -1 */
  char      *bundle_path;
  char      *bundle_dir;
  GBytes    *bundle_bytes;  /* the page as written */
  GPtrArray *from;          /* each image moved in: where it was… */
  GPtrArray *to;            /* …and where it is */
  GPtrArray *removed_dirs;  /* folders left empty, removed */
};

/**
 * billet_page_bundle_undo_free:
 * @undo: (nullable): a conversion's record
 */
void
billet_page_bundle_undo_free (BilletPageBundleUndo *undo)
{
  if (undo == NULL)
    return;
  g_free (undo->post_path);
  g_clear_pointer (&undo->post_bytes, g_bytes_unref);
  g_free (undo->bundle_path);
  g_free (undo->bundle_dir);
  g_clear_pointer (&undo->bundle_bytes, g_bytes_unref);
  g_clear_pointer (&undo->from, g_ptr_array_unref);
  g_clear_pointer (&undo->to, g_ptr_array_unref);
  g_clear_pointer (&undo->removed_dirs, g_ptr_array_unref);
  g_free (undo);
}

/**
 * billet_page_bundle_undo_get_post_path:
 * @undo: a conversion's record
 *
 * Returns: the post's path before the conversion, where undoing puts it
 */
const char *
billet_page_bundle_undo_get_post_path (BilletPageBundleUndo *undo)
{
  g_return_val_if_fail (undo != NULL, NULL);
  return undo->post_path;
}

/**
 * billet_page_bundle_undo_get_bundle_path:
 * @undo: a conversion's record
 *
 * Returns: the bundle's page the conversion wrote
 */
const char *
billet_page_bundle_undo_get_bundle_path (BilletPageBundleUndo *undo)
{
  g_return_val_if_fail (undo != NULL, NULL);
  return undo->bundle_path;
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
 * @undo: (out) (optional) (transfer full): what it did, to undo it with
 *   billet_page_bundle_revert()
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
                            BilletPageBundleUndo **undo,
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
  g_autoptr(GPtrArray) moved_from = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) moved_to = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) removed_dirs = g_ptr_array_new_with_free_func (g_free);
  BilletSiteKind kind;
  GStatBuf st;
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
      g_ptr_array_add (moved_from, g_strdup (move->from));
      g_ptr_array_add (moved_to, g_strdup (move->to));
    }
  if (!g_file_set_contents (target, out->str, (gssize) out->len, &local_error))
    {
      undo_moves (moves, moved);
      g_rmdir (bundle_dir);
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  if (g_stat (post_path, &st) != 0)
    st.st_mode = 0;
  g_unlink (post_path);
  /* The site's per-post image folder, if now empty. */
  for (guint i = 0; i < moves->len; i++)
    {
      g_autofree char *dir = g_path_get_dirname (g_array_index (moves, Move, i).from);

      if (!g_str_equal (dir, post_dir) && g_rmdir (dir) == 0)
        g_ptr_array_add (removed_dirs, g_steal_pointer (&dir));
    }

  if (undo != NULL)
    {
      BilletPageBundleUndo *record = g_new0 (BilletPageBundleUndo, 1);

      record->post_path = g_strdup (post_path);
      record->post_bytes = g_bytes_new_take (g_steal_pointer (&text), len);
      record->post_mode = st.st_mode != 0 ? (int) (st.st_mode & 07777) : -1;
      record->bundle_path = g_strdup (target);
      record->bundle_dir = g_strdup (bundle_dir);
      record->bundle_bytes = g_bytes_new (out->str, out->len);
      record->from = g_steal_pointer (&moved_from);
      record->to = g_steal_pointer (&moved_to);
      record->removed_dirs = g_steal_pointer (&removed_dirs);
      *undo = record;
    }

  if (bundle_path != NULL)
    *bundle_path = g_steal_pointer (&target);
  if (n_moved != NULL)
    *n_moved = moves->len;
  return TRUE;
}

static gboolean refuse_changed (GError     **error,
                                const char  *format,
                                ...) G_GNUC_PRINTF (2, 3);

static gboolean
refuse_changed (GError     **error,
                const char  *format,
                ...)
{
  va_list args;
  g_autofree char *message = NULL;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  g_set_error_literal (error, BILLET_PAGE_BUNDLE_ERROR, BILLET_PAGE_BUNDLE_ERROR_CHANGED, message);
  return FALSE;
}

/* A file's name, as the refusals show it. */
static char *
shown_name (const char *path)
{
  return g_path_get_basename (path);
}

static gboolean
path_exists (const char *path)
{
  GStatBuf st;

  return g_lstat (path, &st) == 0;
}

/* Whether the bundle's folder holds only what the conversion put there;
 * else @error names the first file that is not. */
static gboolean
bundle_holds_only_its_own (BilletPageBundleUndo  *undo,
                           GError               **error)
{
  g_autoptr(GDir) dir = g_dir_open (undo->bundle_dir, 0, error);
  g_autofree char *page = g_path_get_basename (undo->bundle_path);
  const char *name;

  if (dir == NULL)
    return FALSE;
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      gboolean ours = g_str_equal (name, page);

      for (guint i = 0; i < undo->to->len && !ours; i++)
        {
          g_autofree char *moved = g_path_get_basename (g_ptr_array_index (undo->to, i));

          ours = g_str_equal (name, moved);
        }
      if (!ours)
        return refuse_changed (error, _("The bundle has a new file, “%s”: undoing would leave it behind"), name);
    }
  return TRUE;
}

/**
 * billet_page_bundle_revert:
 * @undo: what a conversion did
 * @error: why it was refused, or what failed
 *
 * Undoes the conversion @undo records: the post back under its old name,
 * byte for byte, its images back where they were (and their folders), the
 * bundle's folder gone. Refused, touching nothing, when the bundle changed
 * since: its page is not the bytes the conversion wrote (edited, here or
 * elsewhere), an image moved in is gone, a file was added to its folder,
 * or the post's old name or an image's old place is taken again. Nothing
 * changes when it fails.
 *
 * Returns: whether it was undone
 */
gboolean
billet_page_bundle_revert (BilletPageBundleUndo  *undo,
                           GError               **error)
{
  g_autoptr(GBytes) now = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GMappedFile) page = NULL;
  g_autofree char *post_name = NULL;
  g_autofree char *page_name = NULL;
  guint back = 0;

  g_return_val_if_fail (undo != NULL, FALSE);

  /* Everything is checked before anything moves. */
  post_name = shown_name (undo->post_path);
  page_name = shown_name (undo->bundle_path);
  if (path_exists (undo->post_path))
    return refuse_changed (error, _("“%s” exists again: undoing would write over it"), post_name);
  page = g_mapped_file_new (undo->bundle_path, FALSE, NULL);
  if (page == NULL)
    return refuse_changed (error, _("The bundle’s page “%s” is gone"), page_name);
  now = g_mapped_file_get_bytes (page);
  if (!g_bytes_equal (now, undo->bundle_bytes))
    return refuse_changed (error, _("The bundle’s page “%s” was changed since: undoing would lose that"),
                           page_name);
  for (guint i = 0; i < undo->to->len; i++)
    {
      g_autofree char *name = shown_name (g_ptr_array_index (undo->to, i));

      if (!g_file_test (g_ptr_array_index (undo->to, i), G_FILE_TEST_IS_REGULAR))
        return refuse_changed (error, _("The image “%s” is no longer in the bundle"), name);
      if (path_exists (g_ptr_array_index (undo->from, i)))
        return refuse_changed (error, _("“%s” exists again where the image was: undoing would write over it"),
                               name);
    }
  if (!bundle_holds_only_its_own (undo, error))
    return FALSE;

  /* The folders the images came from, the images, then the post. */
  for (guint i = 0; i < undo->removed_dirs->len; i++)
    g_mkdir_with_parents (g_ptr_array_index (undo->removed_dirs, i), 0755);
  for (; back < undo->to->len; back++)
    {
      if (g_rename (g_ptr_array_index (undo->to, back), g_ptr_array_index (undo->from, back)) != 0)
        {
          int saved = errno;

          g_set_error (&local_error, G_FILE_ERROR, g_file_error_from_errno (saved), "%s", g_strerror (saved));
          break;
        }
    }
  if (local_error == NULL &&
      g_file_set_contents (undo->post_path, g_bytes_get_data (undo->post_bytes, NULL),
                           (gssize) g_bytes_get_size (undo->post_bytes), &local_error))
    {
      if (undo->post_mode >= 0)
        g_chmod (undo->post_path, undo->post_mode);
      g_unlink (undo->bundle_path);
      g_rmdir (undo->bundle_dir);
      return TRUE;
    }

  /* Failed halfway: the bundle as it was. */
  for (guint i = back; i > 0; i--)
    g_rename (g_ptr_array_index (undo->from, i - 1), g_ptr_array_index (undo->to, i - 1));
  for (guint i = undo->removed_dirs->len; i > 0; i--)
    g_rmdir (g_ptr_array_index (undo->removed_dirs, i - 1));
  g_propagate_error (error, g_steal_pointer (&local_error));
  return FALSE;
}
