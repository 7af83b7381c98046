/* billet-draft-store.c — drafts of unsaved posts, and what their files looked like
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A draft is two files in the store's folder (by default
 * $XDG_DATA_HOME/org.billet.Billet/drafts, never the content folder, so
 * that a site build or `git status` never sees one): ID.md holds the whole
 * post as the editor had it (front matter and body, in UTF-8), ID.draft a
 * small key file saying whose draft it is — the post's path, title, time,
 * and what the post's file looked like when the editor last read or wrote
 * it, so that recovery can tell whether the file changed since. Both go
 * through billet_file_write_safely(), the text first: a key file without
 * its text is never listed, and a crash between the two leaves at worst an
 * older, complete pair. One key file per draft rather than one index means
 * two windows writing drafts at once never read-modify-write a shared file.
 *
 * GLib and POSIX only, like the rest of the core; the callers run these in
 * a worker thread, one at a time (see BilletDocument).
 */

#define G_LOG_DOMAIN "Billet"

#include "config.h"

#include <errno.h>
#include <string.h>
#include <sys/stat.h>

#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "billet-draft-store.h"
#include "billet-file.h"

#define GROUP "Draft"

/* File stamps */

void
billet_file_stamp_clear (BilletFileStamp *stamp)
{
  g_clear_pointer (&stamp->sha256, g_free);
  memset (stamp, 0, sizeof *stamp);
}

void
billet_file_stamp_copy (BilletFileStamp       *dest,
                        const BilletFileStamp *src)
{
  g_free (dest->sha256);
  *dest = *src;
  dest->sha256 = g_strdup (src->sha256);
}

/**
 * billet_file_stamp_stat:
 *
 * Fills in all but the hash from stat(2), following links.
 *
 * Returns: whether the file exists
 */
gboolean
billet_file_stamp_stat (BilletFileStamp *stamp,
                        const char      *path)
{
  struct stat st;

  g_clear_pointer (&stamp->sha256, g_free);
  memset (stamp, 0, sizeof *stamp);
  if (stat (path, &st) != 0)
    return FALSE;
  stamp->exists = TRUE;
  stamp->size = (guint64) st.st_size;
  stamp->dev = (guint64) st.st_dev;
  stamp->ino = (guint64) st.st_ino;
  stamp->mtime_sec = (gint64) st.st_mtim.tv_sec;
  stamp->mtime_nsec = (gint64) st.st_mtim.tv_nsec;
  return TRUE;
}

void
billet_file_stamp_set_data (BilletFileStamp *stamp,
                            const char      *data,
                            gsize            len)
{
  g_free (stamp->sha256);
  stamp->sha256 = g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) data, len);
}

/* Whether nothing stat() sees changed: then the bytes need not be read. */
gboolean
billet_file_stamp_same_stat (const BilletFileStamp *a,
                             const BilletFileStamp *b)
{
  return a->exists == b->exists &&
         (!a->exists ||
          (a->size == b->size && a->dev == b->dev && a->ino == b->ino &&
           a->mtime_sec == b->mtime_sec && a->mtime_nsec == b->mtime_nsec));
}

/* Whether the bytes are the same (a touch, or a checkout of the same
 * content, changes nothing the author cares about). */
gboolean
billet_file_stamp_same_content (const BilletFileStamp *a,
                                const BilletFileStamp *b)
{
  if (a->exists != b->exists)
    return FALSE;
  if (!a->exists)
    return TRUE;
  return a->size == b->size && a->sha256 != NULL && g_strcmp0 (a->sha256, b->sha256) == 0;
}

/* Drafts */

BilletDraft *
billet_draft_new (const char *id)
{
  BilletDraft *draft = g_new0 (BilletDraft, 1);

  draft->id = id ? g_strdup (id) : billet_draft_new_id ();
  return draft;
}

BilletDraft *
billet_draft_copy (const BilletDraft *draft)
{
  BilletDraft *copy = g_new0 (BilletDraft, 1);

  copy->id = g_strdup (draft->id);
  copy->path = g_strdup (draft->path);
  copy->title = g_strdup (draft->title);
  copy->time = draft->time;
  copy->charset = g_strdup (draft->charset);
  billet_file_stamp_copy (&copy->stamp, &draft->stamp);
  return copy;
}

void
billet_draft_free (BilletDraft *draft)
{
  if (draft == NULL)
    return;
  g_free (draft->id);
  g_free (draft->path);
  g_free (draft->title);
  g_free (draft->charset);
  billet_file_stamp_clear (&draft->stamp);
  g_free (draft);
}

/* A name that is safe as a file name and never reused. */
char *
billet_draft_new_id (void)
{
  return g_uuid_string_random ();
}

static gboolean
valid_id (const char *id)
{
  if (id == NULL || id[0] == 0 || strlen (id) > 64)
    return FALSE;
  for (const char *p = id; *p; p++)
    if (!g_ascii_isalnum (*p) && *p != '-')
      return FALSE;
  return TRUE;
}

static char *default_dir;
G_LOCK_DEFINE_STATIC (default_dir);

/**
 * billet_draft_store_get_default_dir:
 *
 * Returns: the folder of the user's drafts: under the user data folder,
 *   which XDG_DATA_HOME sets
 */
const char *
billet_draft_store_get_default_dir (void)
{
  const char *dir;

  G_LOCK (default_dir);
  if (default_dir == NULL)
    default_dir = g_build_filename (g_get_user_data_dir (), APP_ID, "drafts", NULL);
  dir = default_dir;
  G_UNLOCK (default_dir);
  return dir;
}

/* For tests. The old string is leaked on purpose: other threads may hold it. */
void
billet_draft_store_set_default_dir (const char *dir)
{
  G_LOCK (default_dir);
  default_dir = g_strdup (dir);
  G_UNLOCK (default_dir);
}

static char *
draft_path (const char *dir,
            const char *id,
            const char *extension)
{
  g_autofree char *name = g_strconcat (id, extension, NULL);

  return g_build_filename (dir, name, NULL);
}

/**
 * billet_draft_store_write:
 * @data: (array length=len): the whole post
 *
 * Writes (or replaces) the draft @draft->id, creating the folder if needed.
 */
gboolean
billet_draft_store_write (const char         *dir,
                          const BilletDraft  *draft,
                          const char         *data,
                          gsize               len,
                          GError            **error)
{
  g_autoptr(GKeyFile) keys = g_key_file_new ();
  g_autofree char *text_path = NULL;
  g_autofree char *meta_path = NULL;
  g_autofree char *meta = NULL;
  gsize meta_len;
  const BilletFileStamp *stamp = &draft->stamp;

  g_return_val_if_fail (dir != NULL, FALSE);
  g_return_val_if_fail (draft != NULL && valid_id (draft->id), FALSE);

  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved = errno;
      g_autofree char *shown = billet_file_display_name (dir);

      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved),
                   _("Could not create the drafts folder “%s”: %s"), shown, g_strerror (saved));
      return FALSE;
    }

  text_path = draft_path (dir, draft->id, ".md");
  meta_path = draft_path (dir, draft->id, ".draft");

  if (draft->path != NULL)
    g_key_file_set_string (keys, GROUP, "path", draft->path);
  g_key_file_set_string (keys, GROUP, "title", draft->title ? draft->title : "");
  g_key_file_set_int64 (keys, GROUP, "time", draft->time);
  if (draft->charset != NULL)
    g_key_file_set_string (keys, GROUP, "charset", draft->charset);
  g_key_file_set_boolean (keys, GROUP, "file-exists", stamp->exists);
  if (stamp->exists)
    {
      g_key_file_set_uint64 (keys, GROUP, "file-size", stamp->size);
      g_key_file_set_uint64 (keys, GROUP, "file-inode", stamp->ino);
      g_key_file_set_uint64 (keys, GROUP, "file-device", stamp->dev);
      g_key_file_set_int64 (keys, GROUP, "file-mtime", stamp->mtime_sec);
      g_key_file_set_int64 (keys, GROUP, "file-mtime-nsec", stamp->mtime_nsec);
      if (stamp->sha256 != NULL)
        g_key_file_set_string (keys, GROUP, "file-sha256", stamp->sha256);
    }
  meta = g_key_file_to_data (keys, &meta_len, NULL);

  return billet_file_write_safely (text_path, data, len, BILLET_WRITE_ALLOW_EMPTY, error) &&
         billet_file_write_safely (meta_path, meta, meta_len, BILLET_WRITE_NONE, error);
}

/**
 * billet_draft_store_delete:
 *
 * Removes a draft; a draft that is not there is no error.
 */
gboolean
billet_draft_store_delete (const char  *dir,
                           const char  *id,
                           GError     **error)
{
  g_return_val_if_fail (dir != NULL, FALSE);
  g_return_val_if_fail (valid_id (id), FALSE);

  /* The key file first: a draft without it is never listed. */
  for (guint i = 0; i < 2; i++)
    {
      g_autofree char *path = draft_path (dir, id, i == 0 ? ".draft" : ".md");

      if (g_unlink (path) != 0 && errno != ENOENT)
        {
          int saved = errno;
          g_autofree char *shown = billet_file_display_name (path);

          g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved),
                       _("Could not remove the draft “%s”: %s"), shown, g_strerror (saved));
          return FALSE;
        }
    }
  return TRUE;
}

static int
compare_time (gconstpointer a,
              gconstpointer b)
{
  const BilletDraft *da = *(BilletDraft * const *) a;
  const BilletDraft *db = *(BilletDraft * const *) b;

  return da->time < db->time ? 1 : da->time > db->time ? -1 : g_strcmp0 (da->id, db->id);
}

/**
 * billet_draft_store_list:
 *
 * Returns: (transfer full) (element-type BilletDraft): the drafts in @dir,
 *   newest first; empty when the folder does not exist. Key files that do
 *   not parse, or whose text is missing, are skipped.
 */
GPtrArray *
billet_draft_store_list (const char  *dir,
                         GError     **error)
{
  g_autoptr(GPtrArray) drafts = g_ptr_array_new_with_free_func ((GDestroyNotify) billet_draft_free);
  g_autoptr(GDir) folder = NULL;
  g_autoptr(GError) local_error = NULL;
  const char *name;

  g_return_val_if_fail (dir != NULL, NULL);

  if (!(folder = g_dir_open (dir, 0, &local_error)))
    {
      if (g_error_matches (local_error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
        return g_steal_pointer (&drafts);
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }

  while ((name = g_dir_read_name (folder)) != NULL)
    {
      g_autoptr(GKeyFile) keys = g_key_file_new ();
      g_autoptr(BilletDraft) draft = NULL;
      g_autofree char *id = NULL;
      g_autofree char *meta_path = NULL;
      g_autofree char *text_path = NULL;
      g_autofree char *meta = NULL;
      gsize meta_len;

      if (!g_str_has_suffix (name, ".draft"))
        continue;
      id = g_strndup (name, strlen (name) - strlen (".draft"));
      if (!valid_id (id))
        continue;
      meta_path = draft_path (dir, id, ".draft");
      text_path = draft_path (dir, id, ".md");
      /* Bounded: a key file of ours is a few hundred bytes. */
      if (!g_file_test (text_path, G_FILE_TEST_IS_REGULAR) ||
          !billet_file_read (meta_path, 64 * 1024, &meta, &meta_len, NULL) ||
          !g_key_file_load_from_data (keys, meta, meta_len, G_KEY_FILE_NONE, NULL) ||
          !g_key_file_has_group (keys, GROUP))
        continue;

      draft = billet_draft_new (id);
      draft->path = g_key_file_get_string (keys, GROUP, "path", NULL);
      draft->title = g_key_file_get_string (keys, GROUP, "title", NULL);
      draft->time = g_key_file_get_int64 (keys, GROUP, "time", NULL);
      draft->charset = g_key_file_get_string (keys, GROUP, "charset", NULL);
      draft->stamp.exists = g_key_file_get_boolean (keys, GROUP, "file-exists", NULL);
      draft->stamp.size = g_key_file_get_uint64 (keys, GROUP, "file-size", NULL);
      draft->stamp.ino = g_key_file_get_uint64 (keys, GROUP, "file-inode", NULL);
      draft->stamp.dev = g_key_file_get_uint64 (keys, GROUP, "file-device", NULL);
      draft->stamp.mtime_sec = g_key_file_get_int64 (keys, GROUP, "file-mtime", NULL);
      draft->stamp.mtime_nsec = g_key_file_get_int64 (keys, GROUP, "file-mtime-nsec", NULL);
      draft->stamp.sha256 = g_key_file_get_string (keys, GROUP, "file-sha256", NULL);
      g_ptr_array_add (drafts, g_steal_pointer (&draft));
    }
  g_ptr_array_sort (drafts, compare_time);
  return g_steal_pointer (&drafts);
}

/**
 * billet_draft_store_read:
 * @data: (out) (transfer full): the post's bytes
 */
gboolean
billet_draft_store_read (const char  *dir,
                         const char  *id,
                         char       **data,
                         gsize       *len,
                         GError     **error)
{
  g_autofree char *path = NULL;

  g_return_val_if_fail (dir != NULL, FALSE);
  g_return_val_if_fail (valid_id (id), FALSE);

  path = draft_path (dir, id, ".md");
  return billet_file_read (path, BILLET_FILE_MAX_POST_SIZE, data, len, error);
}
