/* billet-document-io.c — reading, decoding and saving a post
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A post is read within bounds (billet_file_read()), decoded (UTF-8 as it
 * is; Windows-1252, Latin-1 and stray bytes through billet-encoding, the
 * charset and the original bytes kept; binary and unknown text refused
 * with where), and put in the buffers in place, touching only what
 * differs, so that the cursor and the view stay. Saving encodes back to
 * the post's charset and goes through the safe writer, after checking the
 * file did not change on disk since it was read.
 */

#define G_LOG_DOMAIN "Billet"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "billet-diff.h"
#include "billet-document-private.h"
#include "billet-file.h"

static void
set_text_irreversibly (GtkSourceBuffer *buffer,
                       const char      *text,
                       gssize           len)
{
  GtkTextIter start;

  gtk_text_buffer_begin_irreversible_action (GTK_TEXT_BUFFER (buffer));
  gtk_text_buffer_set_text (GTK_TEXT_BUFFER (buffer), text, len);
  gtk_text_buffer_end_irreversible_action (GTK_TEXT_BUFFER (buffer));
  gtk_text_buffer_get_start_iter (GTK_TEXT_BUFFER (buffer), &start);
  gtk_text_buffer_place_cursor (GTK_TEXT_BUFFER (buffer), &start);
  gtk_text_buffer_set_modified (GTK_TEXT_BUFFER (buffer), FALSE);
}

/* Reading files */

typedef struct
{
  BilletPost      *post;
  BilletCharset    charset;
  GBytes          *original;
  guint            n_stray;
  guint            stray_line;
  guint            stray_column;
  BilletMojibake   mojibake;
  BilletFileStamp  stamp;
  char            *recovery;   /* what putting an interrupted save right did, or NULL */
} Decoded;

static void
decoded_clear (Decoded *d)
{
  g_clear_pointer (&d->post, billet_post_unref);
  g_clear_pointer (&d->original, g_bytes_unref);
  billet_mojibake_clear (&d->mojibake);
  billet_file_stamp_clear (&d->stamp);
  g_clear_pointer (&d->recovery, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Decoded, decoded_clear)

/* Reads and decodes @path: billet_text_decode(), as the index and `billet
 * check` do; binary, UTF-16 and unknown encodings are refused with an
 * error that says where. Never converts anything silently: the charset
 * and the original bytes go with the text. */
static gboolean
decode_path (const char  *path,
             Decoded     *out,
             GError     **error)
{
  g_autofree char *data = NULL;
  g_autofree char *utf8 = NULL;
  g_autofree char *repaired = NULL;
  g_auto(BilletDecodedText) text = { 0 };
  g_autoptr(GError) local_error = NULL;
  gsize len = 0, utf8_len = 0;

  if (g_file_test (path, G_FILE_TEST_IS_DIR))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_IS_DIRECTORY,
                   _("“%s” is a folder, not a post"), path);
      return FALSE;
    }
  /* A save of this post killed midway (by a crash, a full disk's
   * SIGKILL…) is put right first: a half-written post gets its previous
   * text back, a dead writer's temporary files go; the author is told.
   * A post that cannot be put right is not opened: its text is unknown. */
  {
    g_auto(BilletRecovery) recovery = { 0 };

    if (!billet_file_recover (path, &recovery, error))
      return FALSE;
    out->recovery = g_steal_pointer (&recovery.message);
  }
  billet_file_stamp_stat (&out->stamp, path);
  /* Bounded: a hostile 2 GB file is refused on its size, unread. */
  if (!billet_file_read (path, BILLET_FILE_MAX_POST_SIZE, &data, &len, error))
    return FALSE;
  billet_file_stamp_set_data (&out->stamp, data, len);

  if (!billet_text_decode (data, len, &text, &local_error))
    {
      /* Translators: an error reading a file, and where: “The file contains NUL bytes: it is not a text post (line 4, column 5)” */
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, _("%s (line %u, column %u)"),
                   local_error->message, text.line, text.column);
      return FALSE;
    }
  out->charset = text.charset;
  if (text.text == NULL)
    {
      out->post = billet_post_new_from_data (data, len);
      utf8 = g_steal_pointer (&data);
      utf8_len = len;
    }
  else
    {
      if (text.kind == BILLET_TEXT_STRAY_BYTES)
        {
          out->n_stray = (guint) text.n_stray;
          out->stray_line = text.line;
          out->stray_column = text.column;
        }
      out->original = g_bytes_new (data, len);
      /* The mark stays: it is saved again as it was read. */
      utf8 = text.bom ? g_strconcat ("\xEF\xBB\xBF", text.text, NULL) : g_steal_pointer (&text.text);
      utf8_len = text.text_len + (text.bom ? 3 : 0);
      out->post = billet_post_new_from_data (utf8, utf8_len);
    }

  /* Mis-encoded text is pointed out, never repaired behind the author's back. */
  repaired = billet_encoding_repair_mojibake (utf8, utf8_len, NULL, &out->mojibake);
  if (repaired == NULL)
    billet_mojibake_clear (&out->mojibake);
  return TRUE;
}

/**
 * billet_document_read_file_text:
 *
 * Reads a post file as Billet would open it, in UTF-8 (for comparing).
 *
 * Returns: (transfer full): the text, or %NULL with @error set
 */
char *
billet_document_read_file_text (GFile   *file,
                                GError **error)
{
  g_auto(Decoded) decoded = { 0 };
  g_autofree char *path = NULL;
  g_autoptr(GBytes) bytes = NULL;

  g_return_val_if_fail (G_IS_FILE (file), NULL);

  if (!(path = g_file_get_path (file)))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED, _("Billet opens local files only"));
      return NULL;
    }
  if (!decode_path (path, &decoded, error))
    return NULL;
  bytes = billet_post_serialize (decoded.post);
  return g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
}

/* Replaces @buffer's text by @text, touching only the characters that
 * differ, so that marks (the cursor, the view's scroll position) outside
 * the change stay where they were; a cursor inside it goes back to its
 * line and column. */
void
_billet_document_replace_text (GtkTextBuffer *buffer,
              const char    *text,
              gsize          new_len,
              gboolean       undoable)
{
  g_autofree char *old = NULL;
  GtkTextIter start, end, cursor;
  gsize old_len, prefix = 0, suffix = 0;
  int cursor_line, cursor_offset, changed_start, changed_end, cursor_pos;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  old = gtk_text_buffer_get_text (buffer, &start, &end, TRUE);
  old_len = strlen (old);

  while (prefix < old_len && prefix < new_len && old[prefix] == text[prefix])
    prefix++;
  while (prefix > 0 && (old[prefix] & 0xC0) == 0x80)
    prefix--;
  while (suffix < old_len - prefix && suffix < new_len - prefix &&
         old[old_len - 1 - suffix] == text[new_len - 1 - suffix])
    suffix++;
  while (suffix > 0 && (old[old_len - suffix] & 0xC0) == 0x80)
    suffix--;
  if (prefix == old_len && prefix == new_len)
    return;

  gtk_text_buffer_get_iter_at_mark (buffer, &cursor, gtk_text_buffer_get_insert (buffer));
  cursor_line = gtk_text_iter_get_line (&cursor);
  cursor_offset = gtk_text_iter_get_line_offset (&cursor);
  cursor_pos = gtk_text_iter_get_offset (&cursor);
  changed_start = (int) g_utf8_pointer_to_offset (old, old + prefix);
  changed_end = (int) g_utf8_pointer_to_offset (old, old + old_len - suffix);

  gtk_text_buffer_get_iter_at_offset (buffer, &start, changed_start);
  gtk_text_buffer_get_iter_at_offset (buffer, &end, changed_end);
  if (undoable)
    gtk_text_buffer_begin_user_action (buffer);
  else
    gtk_text_buffer_begin_irreversible_action (buffer);
  gtk_text_buffer_delete (buffer, &start, &end);
  gtk_text_buffer_insert (buffer, &start, text + prefix, (int) (new_len - prefix - suffix));
  if (undoable)
    gtk_text_buffer_end_user_action (buffer);
  else
    gtk_text_buffer_end_irreversible_action (buffer);

  if (cursor_pos > changed_start && cursor_pos < changed_end)
    {
      GtkTextIter line;

      if (gtk_text_buffer_get_iter_at_line (buffer, &line, cursor_line))
        {
          if (cursor_offset < gtk_text_iter_get_chars_in_line (&line))
            gtk_text_iter_set_line_offset (&line, cursor_offset);
          else if (!gtk_text_iter_ends_line (&line))
            gtk_text_iter_forward_to_line_end (&line);
        }
      else
        gtk_text_buffer_get_end_iter (buffer, &line);
      gtk_text_buffer_place_cursor (buffer, &line);
    }
}

void
_billet_document_set_post_text (BilletDocument *self,
               BilletPost     *post,
               SetMode         mode)
{
  g_autofree char *front_matter = NULL;
  g_autofree char *body = NULL;
  const char *text;
  gsize front_matter_len, body_len;

  /* Copies: @post is often the document's own, and a buffer's "changed"
   * (the preview starting a render, say) copies the buffers into it,
   * freeing the text being inserted. */
  text = billet_post_get_front_matter_text (post, &front_matter_len);
  front_matter = text ? g_strndup (text, front_matter_len) : (front_matter_len = 0, g_strdup (""));
  text = billet_post_get_body (post, &body_len);
  body = g_strndup (text, body_len);

  g_signal_handlers_block_by_func (self->front_matter, _billet_document_on_front_matter_changed_cb, self);
  if (mode == SET_LOAD)
    set_text_irreversibly (self->front_matter, front_matter, (gssize) front_matter_len);
  else
    _billet_document_replace_text (GTK_TEXT_BUFFER (self->front_matter), front_matter, front_matter_len, mode == SET_EDIT);
  g_signal_handlers_unblock_by_func (self->front_matter, _billet_document_on_front_matter_changed_cb, self);

  if (mode == SET_LOAD)
    set_text_irreversibly (self->body, body, (gssize) body_len);
  else
    _billet_document_replace_text (GTK_TEXT_BUFFER (self->body), body, body_len, mode == SET_EDIT);

  if (mode != SET_EDIT)
    {
      gtk_text_buffer_set_modified (GTK_TEXT_BUFFER (self->front_matter), FALSE);
      gtk_text_buffer_set_modified (GTK_TEXT_BUFFER (self->body), FALSE);
    }

  /* Once, on the complete text (a replaced text passes through an empty
   * one), and only once @post is no longer read: the form, the window's
   * title, the sidebar and the preview read the parsed tree, which must
   * never lag behind the buffer, and their handlers may copy the buffers
   * into the document's post. */
  _billet_document_reparse (self);
}

void
_billet_document_set_externally_modified (BilletDocument *self,
                         gboolean        externally_modified)
{
  if (self->externally_modified == externally_modified)
    return;
  self->externally_modified = externally_modified;
  g_object_notify_by_pspec (G_OBJECT (self), _billet_document_properties[PROP_EXTERNALLY_MODIFIED]);
}

/* Whether the author changed the text since it was read or saved. */
gboolean
_billet_document_buffers_modified (BilletDocument *self)
{
  return gtk_text_buffer_get_modified (GTK_TEXT_BUFFER (self->front_matter)) ||
         gtk_text_buffer_get_modified (GTK_TEXT_BUFFER (self->body));
}

/* A file deleted from under the document leaves its text as the last copy
 * of the post: unsaved work, to be protected by a draft and asked about on
 * close, even if the author typed nothing. */
void
_billet_document_set_file_missing (BilletDocument *self,
                  gboolean        missing)
{
  gboolean was_modified = billet_document_get_modified (self);

  self->file_missing = missing;
  if (missing)
    _billet_document_queue_draft (self);
  if (was_modified != billet_document_get_modified (self))
    g_object_notify_by_pspec (G_OBJECT (self), _billet_document_properties[PROP_MODIFIED]);
}

/* Takes what was read from the file (its text set apart). */
static void
adopt_decoded (BilletDocument *self,
               Decoded        *decoded)
{
  gboolean had_mojibake = billet_mojibake_found (&self->mojibake);
  BilletCharset old_charset = self->charset;

  g_clear_pointer (&self->post, billet_post_unref);
  self->post = g_steal_pointer (&decoded->post);
  self->charset = decoded->charset;
  g_clear_pointer (&self->original, g_bytes_unref);
  self->original = g_steal_pointer (&decoded->original);
  self->stray_line = decoded->stray_line;
  self->stray_column = decoded->stray_column;
  billet_mojibake_clear (&self->mojibake);
  self->mojibake = decoded->mojibake;
  memset (&decoded->mojibake, 0, sizeof decoded->mojibake);
  billet_file_stamp_copy (&self->stamp, &decoded->stamp);
  billet_file_stamp_copy (&self->disk, &decoded->stamp);
  self->file_missing = FALSE;
  self->generation++;

  if (old_charset != self->charset)
    g_object_notify_by_pspec (G_OBJECT (self), _billet_document_properties[PROP_CHARSET]);
  if (had_mojibake || billet_mojibake_found (&self->mojibake))
    g_object_notify_by_pspec (G_OBJECT (self), _billet_document_properties[PROP_HAS_MOJIBAKE]);
  if (decoded->recovery != NULL)
    {
      g_free (self->recovery);
      self->recovery = g_steal_pointer (&decoded->recovery);
      g_object_notify_by_pspec (G_OBJECT (self), _billet_document_properties[PROP_RECOVERY]);
    }
}

/**
 * billet_document_get_recovery:
 *
 * Returns: (nullable): what Billet did, when the post was read, to put
 *   right a save that had been interrupted (a half-written post given its
 *   previous text back, say): one sentence for the author, until
 *   billet_document_dismiss_recovery()
 */
const char *
billet_document_get_recovery (BilletDocument *self)
{
  g_return_val_if_fail (BILLET_IS_DOCUMENT (self), NULL);
  return self->recovery;
}

void
billet_document_dismiss_recovery (BilletDocument *self)
{
  g_return_if_fail (BILLET_IS_DOCUMENT (self));

  if (self->recovery == NULL)
    return;
  g_clear_pointer (&self->recovery, g_free);
  g_object_notify_by_pspec (G_OBJECT (self), _billet_document_properties[PROP_RECOVERY]);
}

/**
 * billet_document_load:
 *
 * Reads @file. A file that is not UTF-8 is decoded when it is legacy text
 * (Windows-1252, Latin-1) or UTF-8 with a few stray bytes, and remembers
 * its encoding; binary data and unknown encodings are refused with an
 * error that says where, and the document is left as it was.
 */
gboolean
billet_document_load (BilletDocument  *self,
                      GFile           *file,
                      GError         **error)
{
  g_auto(Decoded) decoded = { 0 };
  g_autofree char *path = NULL;

  g_return_val_if_fail (BILLET_IS_DOCUMENT (self), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);

  path = g_file_get_path (file);
  if (path == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                   _("Billet opens local files only"));
      return FALSE;
    }

  if (!decode_path (path, &decoded, error))
    return FALSE;

  adopt_decoded (self, &decoded);
  g_set_object (&self->file, file);
  _billet_document_set_post_text (self, self->post, SET_LOAD);
  _billet_document_update_stray (self);
  _billet_document_set_externally_modified (self, FALSE);
  _billet_document_watch_file (self);

  g_object_notify_by_pspec (G_OBJECT (self), _billet_document_properties[PROP_FILE]);
  g_object_notify_by_pspec (G_OBJECT (self), _billet_document_properties[PROP_MODIFIED]);
  g_signal_emit (self, _billet_document_signals[CHANGED], 0);
  return TRUE;
}

/**
 * billet_document_reload:
 *
 * Reads the file again, dropping the document's changes, in place: the
 * cursor stays on its line and column, and the view on its text.
 */
gboolean
billet_document_reload (BilletDocument  *self,
                        GError         **error)
{
  g_auto(Decoded) decoded = { 0 };
  g_autofree char *path = NULL;

  g_return_val_if_fail (BILLET_IS_DOCUMENT (self), FALSE);
  g_return_val_if_fail (self->file != NULL, FALSE);

  path = g_file_get_path (self->file);
  if (!decode_path (path, &decoded, error))
    return FALSE;

  adopt_decoded (self, &decoded);
  _billet_document_set_post_text (self, self->post, SET_RELOAD);
  _billet_document_update_stray (self);
  _billet_document_set_externally_modified (self, FALSE);
  g_object_notify_by_pspec (G_OBJECT (self), _billet_document_properties[PROP_MODIFIED]);
  g_signal_emit (self, _billet_document_signals[CHANGED], 0);
  return TRUE;
}

/* Brings the post up to date with the buffers. */
void
_billet_document_sync_post (BilletDocument *self)
{
  g_autofree char *front_matter = _billet_document_buffer_dup_text (self->front_matter);
  g_autofree char *body = _billet_document_buffer_dup_text (self->body);
  BilletFrontMatterKind kind = billet_post_get_front_matter_kind (self->post);

  /* A post without front matter keeps having none until something is in it. */
  if (kind == BILLET_FRONT_MATTER_YAML || kind == BILLET_FRONT_MATTER_TOML || front_matter[0] != 0)
    billet_post_set_front_matter_text (self->post, front_matter, -1);
  billet_post_set_body (self->post, body, -1);
}

/**
 * billet_document_dup_post:
 *
 * Returns: (transfer full): a copy of the post as it is now, which other
 *   threads may read
 */
BilletPost *
billet_document_dup_post (BilletDocument *self)
{
  g_autoptr(GBytes) bytes = NULL;

  g_return_val_if_fail (BILLET_IS_DOCUMENT (self), NULL);

  _billet_document_sync_post (self);
  bytes = billet_post_serialize (self->post);
  return billet_post_new_from_bytes (bytes);
}

/* The bytes to write: the original ones for an untouched legacy file,
 * else the post encoded back to its charset. */
static GBytes *
encode_post (BilletDocument  *self,
             gboolean         same_file,
             GError         **error)
{
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *encoded = NULL;
  gsize len;

  if (self->charset != BILLET_CHARSET_UTF8 && self->original != NULL && same_file &&
      !billet_document_get_modified (self))
    return g_bytes_ref (self->original);

  _billet_document_sync_post (self);
  bytes = billet_post_serialize (self->post);
  if (self->charset == BILLET_CHARSET_UTF8)
    return g_steal_pointer (&bytes);

  encoded = billet_encoding_encode (g_bytes_get_data (bytes, NULL), (gssize) g_bytes_get_size (bytes),
                                    self->charset, &len, error);
  if (encoded == NULL)
    return NULL;
  return g_bytes_new_take (g_steal_pointer (&encoded), len);
}

/* Whether @path still holds what the document last read or wrote. */
static gboolean
file_unchanged (BilletDocument *self,
                const char     *path)
{
  g_auto(BilletFileStamp) now = { 0 };
  g_autofree char *data = NULL;
  gsize len;

  if (!billet_file_stamp_stat (&now, path))
    return TRUE;    /* gone: writing it again loses nothing */
  if (billet_file_stamp_same_stat (&now, &self->stamp))
    return TRUE;
  if (!billet_file_read (path, BILLET_FILE_MAX_POST_SIZE, &data, &len, NULL))
    return FALSE;
  billet_file_stamp_set_data (&now, data, len);
  return billet_file_stamp_same_content (&now, &self->stamp);
}

/**
 * billet_document_save:
 * @file: (nullable): where to save, or %NULL for the document's file
 *
 * billet_document_save_full() without flags.
 */
gboolean
billet_document_save (BilletDocument  *self,
                      GFile           *file,
                      GError         **error)
{
  return billet_document_save_full (self, file, BILLET_DOCUMENT_SAVE_NONE, error);
}

/**
 * billet_document_save_full:
 * @file: (nullable): where to save, or %NULL for the document's file
 *
 * Writes the post through the safe writer, in its encoding. Saving over
 * the document's own file when that file changed on disk since it was read
 * fails with %G_IO_ERROR_WRONG_ETAG, unless @flags has
 * %BILLET_DOCUMENT_SAVE_OVERWRITE. Any failure leaves the file as it was,
 * the document modified and its draft in place.
 */
gboolean
billet_document_save_full (BilletDocument           *self,
                           GFile                    *file,
                           BilletDocumentSaveFlags   flags,
                           GError                  **error)
{
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *path = NULL;
  gboolean same_file;

  g_return_val_if_fail (BILLET_IS_DOCUMENT (self), FALSE);
  g_return_val_if_fail (file != NULL || self->file != NULL, FALSE);

  if (file == NULL)
    file = self->file;
  same_file = self->file != NULL && g_file_equal (file, self->file);
  path = g_file_get_path (file);
  if (path == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                   _("Billet saves to local files only"));
      return FALSE;
    }

  /* Also when the document's file was gone and came back meanwhile. */
  if (same_file && !(flags & BILLET_DOCUMENT_SAVE_OVERWRITE) && !file_unchanged (self, path))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_WRONG_ETAG,
                   _("“%s” changed on disk since Billet read it"), path);
      return FALSE;
    }

  if (!(bytes = encode_post (self, same_file, error)))
    {
      if (self->has_draft || billet_document_get_modified (self))
        _billet_document_write_draft (self);
      return FALSE;
    }
  /* An empty post over a non-empty file is written only when the author
   * emptied it, that is, edited the buffers; otherwise it is a failed load
   * or a bug, and the file is kept. */
  if (!billet_file_write_safely (path, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes),
                                 billet_document_get_modified (self)
                                 ? BILLET_WRITE_ALLOW_EMPTY : BILLET_WRITE_NONE,
                                 error))
    {
      /* The draft stays, up to date: the work is safe while the author
       * frees some room or picks another folder. */
      if (billet_document_get_modified (self))
        _billet_document_write_draft (self);
      return FALSE;
    }

  /* What is on disk now; the monitor's coming event is ours. */
  billet_file_stamp_stat (&self->stamp, path);
  billet_file_stamp_set_data (&self->stamp, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
  billet_file_stamp_copy (&self->disk, &self->stamp);
  self->generation++;
  if (self->charset != BILLET_CHARSET_UTF8)
    {
      g_clear_pointer (&self->original, g_bytes_unref);
      self->original = g_bytes_ref (bytes);
    }
  _billet_document_set_file_missing (self, FALSE);
  _billet_document_set_externally_modified (self, FALSE);

  if (!same_file)
    {
      g_set_object (&self->file, file);
      g_object_notify_by_pspec (G_OBJECT (self), _billet_document_properties[PROP_FILE]);
      _billet_document_update_title (self);
      _billet_document_watch_file (self);
    }
  gtk_text_buffer_set_modified (GTK_TEXT_BUFFER (self->front_matter), FALSE);
  gtk_text_buffer_set_modified (GTK_TEXT_BUFFER (self->body), FALSE);
  _billet_document_delete_draft (self);
  return TRUE;
}

