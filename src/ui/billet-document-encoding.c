/* billet-document-encoding.c — legacy charsets, stray bytes and mis-encoded text
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The document remembers what its file was decoded from: converting to
 * UTF-8 is a change to save; stray bytes (not UTF-8) are private-use
 * characters tagged so that they show, removed only on request;
 * mis-encoded text (WordPress mojibake) is pointed out when read and
 * repaired on request, as undoable edits of both buffers.
 */

#define G_LOG_DOMAIN "Billet"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "billet-document-private.h"

/* Tags each stray byte (U+F780–U+F7FF) of @buffer; returns how many. */
static guint
tag_stray (GtkSourceBuffer *buffer)
{
  GtkTextBuffer *text_buffer = GTK_TEXT_BUFFER (buffer);
  GtkTextIter iter, end;
  guint n = 0;

  gtk_text_buffer_get_bounds (text_buffer, &iter, &end);
  gtk_text_buffer_remove_tag_by_name (text_buffer, STRAY_TAG, &iter, &end);
  for (; !gtk_text_iter_is_end (&iter); gtk_text_iter_forward_char (&iter))
    {
      gunichar c = gtk_text_iter_get_char (&iter);

      if (c >= 0xF780 && c <= 0xF7FF)
        {
          GtkTextIter next = iter;

          gtk_text_iter_forward_char (&next);
          gtk_text_buffer_apply_tag_by_name (text_buffer, STRAY_TAG, &iter, &next);
          n++;
        }
    }
  return n;
}

void
_billet_document_update_stray (BilletDocument *self)
{
  guint n = 0;

  if (self->charset == BILLET_CHARSET_UTF8_STRAY)
    n = tag_stray (self->front_matter) + tag_stray (self->body);
  if (n != self->n_stray)
    {
      self->n_stray = n;
      g_object_notify_by_pspec (G_OBJECT (self), _billet_document_properties[PROP_N_STRAY]);
    }
}

/* The character offsets of the stray bytes (U+F780–U+F7FF) in @text, for
 * _billet_document_tag_stray_at(). Any thread: a load looks in its worker,
 * rather than walking a large buffer on the main thread. */
GArray *
_billet_document_find_stray (const char *text,
                             gsize       len)
{
  GArray *offsets = g_array_new (FALSE, FALSE, sizeof (guint));
  const char *end = text + len;
  guint offset = 0;

  for (const char *p = text; p < end; p = g_utf8_next_char (p), offset++)
    {
      /* U+F780–U+F7FF: EF 9E 80 to EF 9F BF. */
      if ((guchar) p[0] == 0xEF && end - p >= 3 && ((guchar) p[1] == 0x9E || (guchar) p[1] == 0x9F))
        g_array_append_val (offsets, offset);
    }
  return offsets;
}

static guint
tag_offsets (GtkSourceBuffer *buffer,
             GArray          *offsets)
{
  GtkTextBuffer *text_buffer = GTK_TEXT_BUFFER (buffer);
  GtkTextIter iter, next;

  gtk_text_buffer_get_bounds (text_buffer, &iter, &next);
  gtk_text_buffer_remove_tag_by_name (text_buffer, STRAY_TAG, &iter, &next);
  for (guint i = 0; offsets != NULL && i < offsets->len; i++)
    {
      gtk_text_buffer_get_iter_at_offset (text_buffer, &iter, (int) g_array_index (offsets, guint, i));
      next = iter;
      gtk_text_iter_forward_char (&next);
      gtk_text_buffer_apply_tag_by_name (text_buffer, STRAY_TAG, &iter, &next);
    }
  return offsets != NULL ? offsets->len : 0;
}

/* Tags the stray bytes found by _billet_document_find_stray() in the text
 * the buffers hold now. */
void
_billet_document_tag_stray_at (BilletDocument *self,
                               GArray         *front_matter,
                               GArray         *body)
{
  guint n = 0;

  if (self->charset == BILLET_CHARSET_UTF8_STRAY)
    n = tag_offsets (self->front_matter, front_matter) + tag_offsets (self->body, body);
  else if (self->n_stray > 0)
    {
      tag_offsets (self->front_matter, NULL);
      tag_offsets (self->body, NULL);
    }
  if (n != self->n_stray)
    {
      self->n_stray = n;
      g_object_notify_by_pspec (G_OBJECT (self), _billet_document_properties[PROP_N_STRAY]);
    }
}

/* Encodings */

/**
 * billet_document_get_charset:
 *
 * Returns: the encoding the file is saved in (a #BilletCharset)
 */
BilletCharset
billet_document_get_charset (BilletDocument *self)
{
  g_return_val_if_fail (BILLET_IS_DOCUMENT (self), BILLET_CHARSET_UTF8);
  return self->charset;
}

/**
 * billet_document_convert_to_utf8:
 *
 * From now on the post is saved in UTF-8: the document becomes modified,
 * and the next save converts the file. Stray bytes are not converted
 * (they are not text): see billet_document_remove_stray().
 */
void
billet_document_convert_to_utf8 (BilletDocument *self)
{
  g_return_if_fail (BILLET_IS_DOCUMENT (self));

  if (self->charset == BILLET_CHARSET_UTF8 || self->charset == BILLET_CHARSET_UTF8_STRAY)
    return;
  self->charset = BILLET_CHARSET_UTF8;
  g_clear_pointer (&self->original, g_bytes_unref);
  self->edit_serial++;
  /* A change of the file, to be saved like any other. */
  gtk_text_buffer_set_modified (GTK_TEXT_BUFFER (self->body), TRUE);
  g_object_notify_by_pspec (G_OBJECT (self), _billet_document_properties[PROP_CHARSET]);
  _billet_document_queue_draft (self);
}

/**
 * billet_document_get_n_stray:
 * @line: (out) (optional): the line in the file of the first one, as read
 * @column: (out) (optional): its column
 *
 * Returns: how many stray bytes (not UTF-8) the text holds
 */
guint
billet_document_get_n_stray (BilletDocument *self,
                             guint          *line,
                             guint          *column)
{
  g_return_val_if_fail (BILLET_IS_DOCUMENT (self), 0);

  if (line)
    *line = self->stray_line;
  if (column)
    *column = self->stray_column;
  return self->n_stray;
}

static void
remove_stray_from (GtkSourceBuffer *buffer)
{
  g_autofree char *text = _billet_document_buffer_dup_text (buffer);
  GString *out = g_string_sized_new (strlen (text));

  for (const char *p = text; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c < 0xF780 || c > 0xF7FF)
        g_string_append_len (out, p, g_utf8_next_char (p) - p);
    }
  _billet_document_replace_text (GTK_TEXT_BUFFER (buffer), out->str, out->len, TRUE);
  g_string_free (out, TRUE);
}

/**
 * billet_document_remove_stray:
 *
 * Deletes the stray bytes from the text, as an undoable edit: the post is
 * then plain UTF-8.
 */
void
billet_document_remove_stray (BilletDocument *self)
{
  g_return_if_fail (BILLET_IS_DOCUMENT (self));

  if (self->charset != BILLET_CHARSET_UTF8_STRAY)
    return;
  remove_stray_from (self->front_matter);
  remove_stray_from (self->body);
  _billet_document_update_stray (self);
  if (self->n_stray == 0)
    {
      self->charset = BILLET_CHARSET_UTF8;
      g_clear_pointer (&self->original, g_bytes_unref);
      g_object_notify_by_pspec (G_OBJECT (self), _billet_document_properties[PROP_CHARSET]);
    }
}

/**
 * billet_document_select_first_stray:
 *
 * Selects the first stray byte in the body, if any.
 *
 * Returns: whether there was one in the body
 */
gboolean
billet_document_select_first_stray (BilletDocument *self)
{
  GtkTextBuffer *buffer;
  GtkTextIter iter, next;
  GtkTextTag *tag;

  g_return_val_if_fail (BILLET_IS_DOCUMENT (self), FALSE);

  buffer = GTK_TEXT_BUFFER (self->body);
  tag = gtk_text_tag_table_lookup (gtk_text_buffer_get_tag_table (buffer), STRAY_TAG);
  gtk_text_buffer_get_start_iter (buffer, &iter);
  if (!gtk_text_iter_starts_tag (&iter, tag) && !gtk_text_iter_forward_to_tag_toggle (&iter, tag))
    return FALSE;
  next = iter;
  gtk_text_iter_forward_char (&next);
  gtk_text_buffer_select_range (buffer, &iter, &next);
  return TRUE;
}

/**
 * billet_document_get_mojibake:
 *
 * Returns: (transfer none) (nullable): where the text looked mis-encoded
 *   when it was read, with an example and its repair, or %NULL
 */
const BilletMojibake *
billet_document_get_mojibake (BilletDocument *self)
{
  g_return_val_if_fail (BILLET_IS_DOCUMENT (self), NULL);
  return billet_mojibake_found (&self->mojibake) ? &self->mojibake : NULL;
}

/**
 * billet_document_repair_mojibake:
 *
 * Repairs mis-encoded text in the front matter and the body, as one
 * undoable edit of each; a mis-encoded byte-order mark that hid the front
 * matter is removed, and the front matter read, for good.
 *
 * Returns: how many characters were repaired
 */
guint
billet_document_repair_mojibake (BilletDocument *self)
{
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(BilletPost) repaired_post = NULL;
  g_autofree char *repaired = NULL;
  g_auto(BilletMojibake) report = { 0 };
  gsize len;

  g_return_val_if_fail (BILLET_IS_DOCUMENT (self), 0);

  _billet_document_sync_post (self);
  bytes = billet_post_serialize (self->post);
  repaired = billet_encoding_repair_mojibake (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes),
                                              &len, &report);
  if (repaired != NULL)
    {
      repaired_post = billet_post_new_from_data (repaired, len);
      if (billet_post_get_front_matter_kind (repaired_post) ==
          billet_post_get_front_matter_kind (self->post))
        _billet_document_set_post_text (self, repaired_post, SET_EDIT);
      else
        {
          /* A mis-encoded byte-order mark hid the front matter, which the
           * post has now, with its own markers: the post is taken as it is
           * now — which undo cannot take back —, a change to save. */
          g_clear_pointer (&self->post, billet_post_unref);
          self->post = billet_post_ref (repaired_post);
          _billet_document_set_post_text (self, self->post, SET_RELOAD);
          gtk_text_buffer_set_modified (GTK_TEXT_BUFFER (self->body), TRUE);
        }
      _billet_document_queue_draft (self);
      g_signal_emit (self, _billet_document_signals[CHANGED], 0);
    }
  if (billet_mojibake_found (&self->mojibake))
    {
      billet_mojibake_clear (&self->mojibake);
      g_object_notify_by_pspec (G_OBJECT (self), _billet_document_properties[PROP_HAS_MOJIBAKE]);
    }
  return repaired != NULL ? report.n_repaired : 0;
}

