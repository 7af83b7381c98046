/* billet-document-io.c — reading, decoding and saving a post
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * No disk I/O on the main thread: loading, reloading, restoring a draft
 * and saving are GTask pairs (_async/_finish) whose reading, decoding and
 * writing run in a worker.
 *
 * A post is read within bounds (billet_file_read()), decoded (UTF-8 as it
 * is; Windows-1252, Latin-1 and stray bytes through billet-encoding, the
 * charset and the original bytes kept; binary and unknown text refused
 * with where), its front matter split off and parsed, its stray bytes and
 * mis-encoded text found — all in the worker. Only putting the text in the
 * buffers is the main thread's: GtkTextBuffer is not thread-safe, and
 * inserting 64 MiB in one go holds the main loop for seconds (about 2 s of
 * CPU on the build machine, most of it GtkSourceBuffer's bookkeeping for
 * one huge insertion), so the text goes in a slice at a time from an idle
 * source, each slice a few milliseconds long. In 64 KiB pieces the same
 * text took 2.6 s of CPU in all with Markdown highlighting following each
 * insertion, 0.7–1.0 s with highlighting paused until the end; a text over
 * 4 MiB is not highlighted at all (HIGHLIGHT_MAX_BYTES says why). A
 * reload puts in only what differs, found by the worker, so that the
 * cursor and the view stay.
 *
 * Saving takes the text on the main thread (the snapshot the preview
 * shares, when nothing changed since it was made), then encodes it back to
 * the post's charset and writes it through the safe writer in a worker,
 * after checking the file did not change on disk since it was read. The
 * author may type meanwhile: what was typed keeps the document modified.
 * One operation at a time: a save, load or reload asked for while another
 * runs fails with G_IO_ERROR_PENDING.
 */

#define G_LOG_DOMAIN "Billet"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "billet-diff.h"
#include "billet-document-private.h"
#include "billet-file.h"

/* How much text goes into a buffer per insertion, and how long a slice of
 * insertions may hold the main loop before it lets it run. */
#define FILL_CHUNK      (64 * 1024)
#define FILL_SLICE_USEC (8 * 1000)
/* Above this, highlighting waits until the text is in (see start_fill()). */
#define FILL_PAUSE_HIGHLIGHTING (1024 * 1024)
/* Above this, a text is not highlighted at all: GtkSourceView 5.6's
 * highlighter keeps a block's children in a list it walks from the end,
 * and on Markdown its background work held the main loop longer as the
 * text grew — at most 50 ms of CPU in one step for 2 MiB, 70 ms for 4 MiB,
 * 168 ms for 8 MiB, and steps of 700 ms on and on (minutes of CPU in all)
 * for 64 MiB. GNOME Text Editor lightens large files the same way. */
#define HIGHLIGHT_MAX_BYTES (4 * 1024 * 1024)

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
  GBytes          *text;       /* the post in UTF-8, as it serializes */
} Decoded;

static void
decoded_clear (Decoded *d)
{
  g_clear_pointer (&d->post, billet_post_unref);
  g_clear_pointer (&d->original, g_bytes_unref);
  billet_mojibake_clear (&d->mojibake);
  billet_file_stamp_clear (&d->stamp);
  g_clear_pointer (&d->recovery, g_free);
  g_clear_pointer (&d->text, g_bytes_unref);
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
  out->text = g_bytes_new_take (g_steal_pointer (&utf8), utf8_len);
  return TRUE;
}

/**
 * billet_document_read_file_text:
 *
 * Reads a post file as Billet would open it, in UTF-8 (for comparing).
 * Blocks: for a thread, or a file the author asked to compare.
 *
 * Returns: (transfer full): the text, or %NULL with @error set
 */
char *
billet_document_read_file_text (GFile   *file,
                                GError **error)
{
  g_auto(Decoded) decoded = { 0 };
  g_autofree char *path = NULL;

  g_return_val_if_fail (G_IS_FILE (file), NULL);

  if (!(path = g_file_get_path (file)))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED, _("Billet opens local files only"));
      return NULL;
    }
  if (!decode_path (path, &decoded, error))
    return NULL;
  return g_strndup (g_bytes_get_data (decoded.text, NULL), g_bytes_get_size (decoded.text));
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

gboolean
billet_document_get_loading (BilletDocument *self)
{
  g_return_val_if_fail (BILLET_IS_DOCUMENT (self), FALSE);
  return self->loading;
}

gboolean
billet_document_get_saving (BilletDocument *self)
{
  g_return_val_if_fail (BILLET_IS_DOCUMENT (self), FALSE);
  return self->saving;
}

static void
set_loading (BilletDocument *self,
             gboolean        loading)
{
  if (self->loading == loading)
    return;
  self->loading = loading;
  self->loading_progress = 0.0;
  g_object_notify_by_pspec (G_OBJECT (self), _billet_document_properties[PROP_LOADING_PROGRESS]);
  g_object_notify_by_pspec (G_OBJECT (self), _billet_document_properties[PROP_LOADING]);
}

static void
set_saving (BilletDocument *self,
            gboolean        saving)
{
  if (self->saving == saving)
    return;
  self->saving = saving;
  g_object_notify_by_pspec (G_OBJECT (self), _billet_document_properties[PROP_SAVING]);
}

/* One operation at a time. */
static gboolean
check_idle (BilletDocument  *self,
            GError         **error)
{
  if (self->loading)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_PENDING,
                   _("“%s” is being read; try again in a moment"), self->title);
      return FALSE;
    }
  if (self->saving)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_PENDING,
                   _("“%s” is being saved; try again in a moment"), self->title);
      return FALSE;
    }
  return TRUE;
}

/* Where two texts differ: the bytes they share at the start and at the
 * end (whole characters), and the characters of the old one between. */
typedef struct
{
  gboolean same;
  gsize    prefix;
  gsize    suffix;
  int      start;
  int      end;
} TextChange;

static void
find_change (const char *old,
             gsize       old_len,
             const char *text,
             gsize       new_len,
             TextChange *out)
{
  gsize prefix = 0, suffix = 0;

  while (prefix < old_len && prefix < new_len && old[prefix] == text[prefix])
    prefix++;
  while (prefix > 0 && (old[prefix] & 0xC0) == 0x80)
    prefix--;
  while (suffix < old_len - prefix && suffix < new_len - prefix &&
         old[old_len - 1 - suffix] == text[new_len - 1 - suffix])
    suffix++;
  while (suffix > 0 && (old[old_len - suffix] & 0xC0) == 0x80)
    suffix--;

  out->same = prefix == old_len && prefix == new_len;
  out->prefix = prefix;
  out->suffix = suffix;
  out->start = (int) g_utf8_pointer_to_offset (old, old + prefix);
  out->end = out->start + (int) g_utf8_pointer_to_offset (old + prefix, old + old_len - suffix);
}

/* Where the cursor was, by line and column, so that a cursor whose text
 * was replaced goes back there rather than to the replacement's edge. */
typedef struct
{
  int line;
  int line_offset;
  int offset;
} CursorSpot;

static void
cursor_spot_save (GtkTextBuffer *buffer,
                  CursorSpot    *spot)
{
  GtkTextIter cursor;

  gtk_text_buffer_get_iter_at_mark (buffer, &cursor, gtk_text_buffer_get_insert (buffer));
  spot->line = gtk_text_iter_get_line (&cursor);
  spot->line_offset = gtk_text_iter_get_line_offset (&cursor);
  spot->offset = gtk_text_iter_get_offset (&cursor);
}

static void
cursor_spot_restore (GtkTextBuffer    *buffer,
                     const CursorSpot *spot,
                     int               changed_start,
                     int               changed_end)
{
  GtkTextIter line;

  if (spot->offset <= changed_start || spot->offset >= changed_end)
    return;
  if (gtk_text_buffer_get_iter_at_line (buffer, &line, spot->line))
    {
      if (spot->line_offset < gtk_text_iter_get_chars_in_line (&line))
        gtk_text_iter_set_line_offset (&line, spot->line_offset);
      else if (!gtk_text_iter_ends_line (&line))
        gtk_text_iter_forward_to_line_end (&line);
    }
  else
    gtk_text_buffer_get_end_iter (buffer, &line);
  gtk_text_buffer_place_cursor (buffer, &line);
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
  GtkTextIter start, end;
  TextChange change;
  CursorSpot spot;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  old = gtk_text_buffer_get_text (buffer, &start, &end, TRUE);
  find_change (old, strlen (old), text, new_len, &change);
  if (change.same)
    return;

  cursor_spot_save (buffer, &spot);
  gtk_text_buffer_get_iter_at_offset (buffer, &start, change.start);
  gtk_text_buffer_get_iter_at_offset (buffer, &end, change.end);
  if (undoable)
    gtk_text_buffer_begin_user_action (buffer);
  else
    gtk_text_buffer_begin_irreversible_action (buffer);
  gtk_text_buffer_delete (buffer, &start, &end);
  gtk_text_buffer_insert (buffer, &start, text + change.prefix, (int) (new_len - change.prefix - change.suffix));
  if (undoable)
    gtk_text_buffer_end_user_action (buffer);
  else
    gtk_text_buffer_end_irreversible_action (buffer);
  cursor_spot_restore (buffer, &spot, change.start, change.end);
}

/* In place (a reload that raced an edit), or undoably (a repair, a
 * restored draft); never for a load, whose text goes in a slice at a time. */
void
_billet_document_set_post_text (BilletDocument *self,
                                BilletPost     *post,
                                SetMode         mode)
{
  g_autofree char *front_matter = NULL;
  g_autofree char *body = NULL;
  const char *text;
  gsize front_matter_len, body_len;

  g_assert (mode != SET_LOAD);

  /* Copies: @post is often the document's own, and a buffer's "changed"
   * (the preview starting a render, say) copies the buffers into it,
   * freeing the text being inserted. */
  text = billet_post_get_front_matter_text (post, &front_matter_len);
  front_matter = text ? g_strndup (text, front_matter_len) : (front_matter_len = 0, g_strdup (""));
  text = billet_post_get_body (post, &body_len);
  body = g_strndup (text, body_len);

  g_signal_handlers_block_by_func (self->front_matter, _billet_document_on_front_matter_changed_cb, self);
  _billet_document_replace_text (GTK_TEXT_BUFFER (self->front_matter), front_matter, front_matter_len,
                                 mode == SET_EDIT);
  g_signal_handlers_unblock_by_func (self->front_matter, _billet_document_on_front_matter_changed_cb, self);
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

/* Reading, in a worker */

/* What the worker is asked for. */
typedef struct
{
  char        *path;          /* the post's file, or NULL (a draft of a post never saved) */
  char        *draft_dir;     /* restoring: the draft store, and the draft */
  char        *draft_id;
  char        *old_front_matter;   /* reloading: the buffers' text when asked */
  char        *old_body;
  guint        delay_ms;
} ReadInput;

static void
read_input_free (ReadInput *in)
{
  g_free (in->path);
  g_free (in->draft_dir);
  g_free (in->draft_id);
  g_free (in->old_front_matter);
  g_free (in->old_body);
  g_free (in);
}

/* What it found. */
typedef struct
{
  Decoded            decoded;
  gboolean           has_file;        /* decoded holds the file */
  ParsedFrontMatter  parsed;
  GArray            *stray[2];        /* front matter, body: see _billet_document_find_stray() */
  TextChange         changes[2];      /* reloading: what differs from the buffers' text */
  char              *draft_text;      /* restoring: the draft's text */
  gsize              draft_len;
  GError            *file_error;      /* restoring: why the file could not be read */
  BilletFileStamp    file_stamp;      /* and what it looked like then */
} ReadResult;

static void
read_result_free (ReadResult *result)
{
  decoded_clear (&result->decoded);
  _billet_parsed_front_matter_clear (&result->parsed);
  for (guint i = 0; i < G_N_ELEMENTS (result->stray); i++)
    g_clear_pointer (&result->stray[i], g_array_unref);
  g_free (result->draft_text);
  g_clear_error (&result->file_error);
  billet_file_stamp_clear (&result->file_stamp);
  g_free (result);
}

static void
read_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  ReadInput *in = task_data;
  ReadResult *out = g_new0 (ReadResult, 1);
  GError *error = NULL;
  const char *text;
  gsize len;

  if (in->delay_ms > 0)
    g_usleep (in->delay_ms * (gulong) 1000);
  if (in->draft_id != NULL &&
      !billet_draft_store_read (in->draft_dir, in->draft_id, &out->draft_text, &out->draft_len, &error))
    {
      read_result_free (out);
      g_task_return_error (task, error);
      return;
    }
  if (in->path != NULL && !decode_path (in->path, &out->decoded, &error))
    {
      /* A draft does without its file: it is all there is. */
      if (in->draft_id == NULL)
        {
          read_result_free (out);
          g_task_return_error (task, error);
          return;
        }
      out->file_error = error;
      billet_file_stamp_stat (&out->file_stamp, in->path);
    }
  else if (in->path != NULL)
    {
      BilletPost *post = out->decoded.post;

      out->has_file = TRUE;
      text = billet_post_get_front_matter_text (post, &len);
      _billet_document_parse_front_matter (billet_post_get_front_matter_kind (post), text ? text : "",
                                           text ? len : 0, billet_post_get_front_matter_line (post),
                                           &out->parsed);
      if (out->decoded.charset == BILLET_CHARSET_UTF8_STRAY)
        {
          out->stray[0] = _billet_document_find_stray (text ? text : "", text ? len : 0);
          text = billet_post_get_body (post, &len);
          out->stray[1] = _billet_document_find_stray (text, len);
        }
      if (in->old_body != NULL)
        {
          text = billet_post_get_front_matter_text (post, &len);
          find_change (in->old_front_matter, strlen (in->old_front_matter), text ? text : "", text ? len : 0,
                       &out->changes[0]);
          text = billet_post_get_body (post, &len);
          find_change (in->old_body, strlen (in->old_body), text, len, &out->changes[1]);
        }
    }
  g_task_return_pointer (task, out, (GDestroyNotify) read_result_free);
}

/* Putting the text in, a slice at a time */

typedef struct
{
  GtkTextBuffer *buffer;
  GtkTextMark   *mark;       /* where the next piece goes */
  const char    *text;       /* into the job's post */
  gsize          len;
  gsize          done;
  TextChange     change;     /* reloading: the characters replaced */
  CursorSpot     cursor;
} Fill;

typedef struct
{
  SetMode        mode;       /* SET_LOAD or SET_RELOAD */
  GFile         *file;
  BilletDraft   *draft;      /* restoring */
  guint64        serial;     /* reloading: edit_serial when the text was taken */
  ReadResult    *read;
  Fill           fills[2];   /* the front matter, the body */
  gboolean       filling;
  gboolean       aborting;   /* given up: the text goes out again */
  gboolean       paused;     /* highlighting waits for the whole text */
  guint          idle;
} LoadJob;

static void
load_job_free (LoadJob *job)
{
  g_clear_handle_id (&job->idle, g_source_remove);
  for (guint i = 0; i < G_N_ELEMENTS (job->fills); i++)
    if (job->fills[i].mark != NULL)
      {
        gtk_text_buffer_delete_mark (job->fills[i].buffer, job->fills[i].mark);
        g_object_unref (job->fills[i].mark);
        g_object_unref (job->fills[i].buffer);
      }
  g_clear_object (&job->file);
  g_clear_pointer (&job->draft, billet_draft_free);
  g_clear_pointer (&job->read, read_result_free);
  g_free (job);
}

/* How much of @text (@len bytes left) goes in one insertion: about
 * FILL_CHUNK bytes, up to a line break, else to a character boundary,
 * never between a \r and its \n. */
static gsize
chunk_length (const char *text,
              gsize       len)
{
  const char *newline;
  gsize n;

  if (len <= FILL_CHUNK)
    return len;
  newline = memchr (text + FILL_CHUNK, '\n', MIN (len - FILL_CHUNK, FILL_CHUNK));
  if (newline != NULL)
    return newline + 1 - text;
  n = FILL_CHUNK;
  while (n > 0 && ((text[n] & 0xC0) == 0x80 || text[n - 1] == '\r'))
    n--;
  return n > 0 ? n : len;
}

/* While the text goes in, the document's own handlers wait: no draft, no
 * "changed" for each piece, no parse of half a front matter. */
static void
block_handlers (BilletDocument *self,
                gboolean        block)
{
  GtkSourceBuffer *buffers[] = { self->front_matter, self->body };

  for (guint i = 0; i < G_N_ELEMENTS (buffers); i++)
    {
      if (block)
        {
          g_signal_handlers_block_by_func (buffers[i], _billet_document_on_front_matter_changed_cb, self);
          g_signal_handlers_block_by_func (buffers[i], _billet_document_on_body_changed_cb, self);
          g_signal_handlers_block_by_func (buffers[i], _billet_document_on_modified_changed_cb, self);
          gtk_text_buffer_begin_irreversible_action (GTK_TEXT_BUFFER (buffers[i]));
        }
      else
        {
          gtk_text_buffer_end_irreversible_action (GTK_TEXT_BUFFER (buffers[i]));
          g_signal_handlers_unblock_by_func (buffers[i], _billet_document_on_front_matter_changed_cb, self);
          g_signal_handlers_unblock_by_func (buffers[i], _billet_document_on_body_changed_cb, self);
          g_signal_handlers_unblock_by_func (buffers[i], _billet_document_on_modified_changed_cb, self);
        }
    }
}

/* A large text goes in without GtkSourceBuffer highlighting each piece
 * (which takes most of the time); a small one, at once, keeps it, so that
 * a reload of the post on screen does not flash unhighlighted. */
static void
pause_highlighting (BilletDocument *self,
                    LoadJob        *job)
{
  if (job->fills[0].len + job->fills[1].len <= FILL_PAUSE_HIGHLIGHTING)
    return;
  job->paused = TRUE;
  gtk_source_buffer_set_highlight_syntax (self->front_matter, FALSE);
  gtk_source_buffer_set_highlight_syntax (self->body, FALSE);
}

/* Each buffer is highlighted unless its text is too large to be (see
 * HIGHLIGHT_MAX_BYTES), as read from the file. */
static void
resume_highlighting (BilletDocument *self,
                     BilletPost     *post)
{
  gsize front_matter_len = 0, body_len = 0;
  gboolean large;

  billet_post_get_front_matter_text (post, &front_matter_len);
  billet_post_get_body (post, &body_len);
  gtk_source_buffer_set_highlight_syntax (self->front_matter, front_matter_len <= HIGHLIGHT_MAX_BYTES);
  gtk_source_buffer_set_highlight_syntax (self->body, body_len <= HIGHLIGHT_MAX_BYTES);
  large = front_matter_len > HIGHLIGHT_MAX_BYTES || body_len > HIGHLIGHT_MAX_BYTES;
  if (large != self->large)
    {
      self->large = large;
      g_object_notify_by_pspec (G_OBJECT (self), _billet_document_properties[PROP_LARGE]);
    }
}

/**
 * billet_document_get_large:
 *
 * Returns: whether the post was too large, when it was read, for its
 *   Markdown (or front matter) to be highlighted: it shows as plain text
 */
gboolean
billet_document_get_large (BilletDocument *self)
{
  g_return_val_if_fail (BILLET_IS_DOCUMENT (self), FALSE);
  return self->large;
}

/* Inserts for up to FILL_SLICE_USEC; returns whether all of it is in. */
static gboolean
fill_slice (BilletDocument *self,
            LoadJob        *job)
{
  gint64 deadline = g_get_monotonic_time () + FILL_SLICE_USEC;
  gsize total = 0, done = 0;
  gboolean complete = TRUE;

  for (guint i = 0; i < G_N_ELEMENTS (job->fills); i++)
    {
      Fill *fill = &job->fills[i];

      while (fill->done < fill->len && g_get_monotonic_time () < deadline)
        {
          gsize n = chunk_length (fill->text + fill->done, fill->len - fill->done);
          GtkTextIter at;

          gtk_text_buffer_get_iter_at_mark (fill->buffer, &at, fill->mark);
          gtk_text_buffer_insert (fill->buffer, &at, fill->text + fill->done, (int) n);
          fill->done += n;
        }
      complete = complete && fill->done == fill->len;
      total += fill->len;
      done += fill->done;
    }
  /* In hundredths: each notification redraws a progress bar, and a redraw
   * is a round trip to the display server that a busy one answers late. */
  if (!complete && total > 0 && (double) done / (double) total >= self->loading_progress + 0.01)
    {
      self->loading_progress = (double) done / (double) total;
      g_object_notify_by_pspec (G_OBJECT (self), _billet_document_properties[PROP_LOADING_PROGRESS]);
    }
  return complete;
}

static void
finish_load (GTask  *task,
             GError *error)
{
  BilletDocument *self = g_task_get_source_object (task);

  set_loading (self, FALSE);
  if (error != NULL)
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

static void restore_apply (BilletDocument *self, LoadJob *job);

/* All of the text is in: the document takes what was read, and says so,
 * in the order a load always did. */
static void
complete_fill (GTask *task)
{
  BilletDocument *self = g_task_get_source_object (task);
  LoadJob *job = g_task_get_task_data (task);
  ReadResult *read = job->read;

  job->filling = FALSE;
  block_handlers (self, FALSE);
  resume_highlighting (self, read->decoded.post);
  for (guint i = 0; i < G_N_ELEMENTS (job->fills); i++)
    {
      Fill *fill = &job->fills[i];

      if (job->mode == SET_LOAD)
        {
          GtkTextIter start;

          gtk_text_buffer_get_start_iter (fill->buffer, &start);
          gtk_text_buffer_place_cursor (fill->buffer, &start);
        }
      else if (fill->mark != NULL)
        cursor_spot_restore (fill->buffer, &fill->cursor, fill->change.start, fill->change.end);
    }
  gtk_text_buffer_set_modified (GTK_TEXT_BUFFER (self->front_matter), FALSE);
  gtk_text_buffer_set_modified (GTK_TEXT_BUFFER (self->body), FALSE);

  adopt_decoded (self, &read->decoded);
  if (job->mode == SET_LOAD)
    g_set_object (&self->file, job->file);
  /* The buffers hold exactly the text read: it is the snapshot. */
  g_clear_pointer (&self->snapshot, g_bytes_unref);
  self->snapshot = g_steal_pointer (&read->decoded.text);
  _billet_document_take_parsed (self, &read->parsed);
  _billet_document_tag_stray_at (self, read->stray[0], read->stray[1]);
  _billet_document_set_externally_modified (self, FALSE);
  if (job->mode == SET_LOAD)
    {
      _billet_document_watch_file (self);
      g_object_notify_by_pspec (G_OBJECT (self), _billet_document_properties[PROP_FILE]);
    }
  else
    /* Changes dropped: their draft goes too, as after any change back to
     * the file's text. */
    _billet_document_queue_draft (self);
  g_object_notify_by_pspec (G_OBJECT (self), _billet_document_properties[PROP_MODIFIED]);
  g_signal_emit (self, _billet_document_signals[CHANGED], 0);

  if (job->draft != NULL)
    restore_apply (self, job);
  finish_load (task, NULL);
}

/* A load given up while its text went in takes it out again, a slice at a
 * time too: freeing tens of megabytes of a buffer at once would hold the
 * main loop as long as putting them in did. Returns whether all is out. */
static gboolean
empty_slice (LoadJob *job)
{
  gint64 deadline = g_get_monotonic_time () + FILL_SLICE_USEC;

  for (guint i = 0; i < G_N_ELEMENTS (job->fills); i++)
    {
      GtkTextBuffer *buffer = job->fills[i].buffer;
      int n;

      while ((n = gtk_text_buffer_get_char_count (buffer)) > 0)
        {
          GtkTextIter start, end;

          if (g_get_monotonic_time () >= deadline)
            return FALSE;
          gtk_text_buffer_get_iter_at_offset (buffer, &start, MAX (0, n - FILL_CHUNK));
          gtk_text_buffer_get_end_iter (buffer, &end);
          gtk_text_buffer_delete (buffer, &start, &end);
        }
    }
  return TRUE;
}

/* All out: the document is left empty, as new (the window's loads are
 * into new documents, and only those are given up halfway). */
static void
abort_fill (GTask *task)
{
  BilletDocument *self = g_task_get_source_object (task);
  LoadJob *job = g_task_get_task_data (task);

  job->filling = FALSE;
  block_handlers (self, FALSE);
  if (job->paused)
    resume_highlighting (self, self->post);
  gtk_text_buffer_set_modified (GTK_TEXT_BUFFER (self->front_matter), FALSE);
  gtk_text_buffer_set_modified (GTK_TEXT_BUFFER (self->body), FALSE);
  g_object_notify_by_pspec (G_OBJECT (self), _billet_document_properties[PROP_MODIFIED]);
}

static gboolean
fill_idle_cb (gpointer user_data)
{
  GTask *task = user_data;
  BilletDocument *self = g_task_get_source_object (task);
  LoadJob *job = g_task_get_task_data (task);

  /* Only a load into a new document is given up halfway: a reload, or a
   * draft restored over an open post, must leave a whole text. */
  if (!job->aborting && job->mode == SET_LOAD && self->file == NULL &&
      g_cancellable_is_cancelled (g_task_get_cancellable (task)))
    job->aborting = TRUE;
  if (job->aborting)
    {
      GError *error = NULL;

      if (!empty_slice (job))
        return G_SOURCE_CONTINUE;
      job->idle = 0;
      abort_fill (task);
      g_cancellable_set_error_if_cancelled (g_task_get_cancellable (task), &error);
      finish_load (task, error);
      return G_SOURCE_REMOVE;
    }
  if (!fill_slice (self, job))
    return G_SOURCE_CONTINUE;
  job->idle = 0;
  complete_fill (task);
  return G_SOURCE_REMOVE;
}

static void
prepare_fill (BilletDocument  *self,
              Fill            *fill,
              GtkSourceBuffer *buffer,
              const char      *text,
              gsize            len,
              const TextChange *change)
{
  GtkTextIter start, end;

  fill->buffer = g_object_ref (GTK_TEXT_BUFFER (buffer));
  if (change != NULL)
    {
      fill->change = *change;
      cursor_spot_save (fill->buffer, &fill->cursor);
      gtk_text_buffer_get_iter_at_offset (fill->buffer, &start, change->start);
      gtk_text_buffer_get_iter_at_offset (fill->buffer, &end, change->end);
      fill->text = text + change->prefix;
      fill->len = len - change->prefix - change->suffix;
    }
  else
    {
      gtk_text_buffer_get_bounds (fill->buffer, &start, &end);
      fill->text = text;
      fill->len = len;
    }
  gtk_text_buffer_delete (fill->buffer, &start, &end);
  /* Right gravity: it stays after each piece inserted at it. */
  fill->mark = g_object_ref (gtk_text_buffer_create_mark (fill->buffer, NULL, &start, FALSE));
}

/* The worker is done: the text goes in, or the document stays as it was. */
static void
start_fill (GTask *task)
{
  BilletDocument *self = g_task_get_source_object (task);
  LoadJob *job = g_task_get_task_data (task);
  BilletPost *post = job->read->decoded.post;
  const char *front_matter;
  const char *body;
  gsize front_matter_len, body_len;

  front_matter = billet_post_get_front_matter_text (post, &front_matter_len);
  if (front_matter == NULL)
    front_matter = "", front_matter_len = 0;
  body = billet_post_get_body (post, &body_len);

  /* Typed since the reload took the text (a form edit between two
   * iterations): what differs must be found again, against this text. */
  if (job->mode == SET_RELOAD && job->serial != self->edit_serial)
    {
      g_autoptr(BilletPost) reread = billet_post_ref (post);

      adopt_decoded (self, &job->read->decoded);
      resume_highlighting (self, reread);
      _billet_document_set_post_text (self, reread, SET_RELOAD);
      g_clear_pointer (&self->snapshot, g_bytes_unref);
      self->snapshot = g_steal_pointer (&job->read->decoded.text);
      _billet_document_tag_stray_at (self, job->read->stray[0], job->read->stray[1]);
      _billet_document_set_externally_modified (self, FALSE);
      g_object_notify_by_pspec (G_OBJECT (self), _billet_document_properties[PROP_MODIFIED]);
      g_signal_emit (self, _billet_document_signals[CHANGED], 0);
      finish_load (task, NULL);
      return;
    }

  job->filling = TRUE;
  block_handlers (self, TRUE);
  prepare_fill (self, &job->fills[0], self->front_matter, front_matter, front_matter_len,
                job->mode == SET_RELOAD ? &job->read->changes[0] : NULL);
  prepare_fill (self, &job->fills[1], self->body, body, body_len,
                job->mode == SET_RELOAD ? &job->read->changes[1] : NULL);
  pause_highlighting (self, job);

  /* A post of ordinary size goes in at once. */
  if (fill_slice (self, job))
    {
      complete_fill (task);
      return;
    }
  job->idle = g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, fill_idle_cb, g_object_ref (task), g_object_unref);
}

static void restore_without_file (BilletDocument *self, LoadJob *job);

static void
read_done_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  BilletDocument *self = g_task_get_source_object (task);
  LoadJob *job = g_task_get_task_data (task);
  GError *error = NULL;

  job->read = g_task_propagate_pointer (G_TASK (result), &error);
  if (job->read == NULL)
    {
      finish_load (task, error);
      return;
    }
  if (job->mode == SET_LOAD && g_cancellable_set_error_if_cancelled (g_task_get_cancellable (task), &error))
    {
      finish_load (task, error);
      return;
    }
  if (job->draft != NULL && !job->read->has_file)
    {
      restore_without_file (self, job);
      restore_apply (self, job);
      finish_load (task, NULL);
      return;
    }
  start_fill (task);
}

/* Starts reading for a load (@file), a reload (@file NULL) or a restore
 * (@draft). */
static void
start_read (BilletDocument      *self,
            SetMode              mode,
            GFile               *file,
            const BilletDraft   *draft,
            GCancellable        *cancellable,
            GAsyncReadyCallback  callback,
            gpointer             user_data,
            gpointer             source_tag)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  g_autoptr(GTask) read = NULL;
  GError *error = NULL;
  ReadInput *in;
  LoadJob *job;

  g_task_set_source_tag (task, source_tag);
  if (!check_idle (self, &error))
    {
      g_task_return_error (task, error);
      return;
    }

  in = g_new0 (ReadInput, 1);
  job = g_new0 (LoadJob, 1);
  job->mode = mode;
  g_task_set_task_data (task, job, (GDestroyNotify) load_job_free);
  if (file != NULL)
    {
      job->file = g_object_ref (file);
      in->path = g_file_get_path (file);
      if (in->path == NULL)
        {
          read_input_free (in);
          g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                                   _("Billet opens local files only"));
          return;
        }
    }
  else if (draft == NULL)
    in->path = g_file_get_path (self->file);
  if (draft != NULL)
    {
      job->draft = billet_draft_copy (draft);
      in->draft_dir = g_strdup (billet_draft_store_get_default_dir ());
      in->draft_id = g_strdup (draft->id);
      if (draft->path != NULL)
        {
          in->path = g_strdup (draft->path);
          job->file = g_file_new_for_path (draft->path);
        }
    }
  if (mode == SET_RELOAD)
    {
      /* What differs is found in the worker, against the text as it is now. */
      in->old_front_matter = _billet_document_buffer_dup_text (self->front_matter);
      in->old_body = _billet_document_buffer_dup_text (self->body);
      job->serial = self->edit_serial;
    }
  in->delay_ms = self->io_delay_ms;

  set_loading (self, TRUE);
  /* Not the document as the source: a worker given up (a load cancelled
   * while another program holds the post) keeps its task until it returns,
   * and must not keep the document with it. */
  read = g_task_new (NULL, cancellable, read_done_cb, g_steal_pointer (&task));
  g_task_set_source_tag (read, start_read);
  g_task_set_task_data (read, in, (GDestroyNotify) read_input_free);
  /* Cancelled, the load ends at once; the worker's result is dropped. */
  g_task_set_return_on_cancel (read, mode == SET_LOAD);
  g_task_run_in_thread (read, read_thread);
}

/**
 * billet_document_load_async:
 * @file: the post to read
 * @cancellable: (nullable): to give up
 *
 * Reads @file in a worker, then puts its text in the buffers, a slice at a
 * time for a large post. A file that is not UTF-8 is decoded when it is
 * legacy text (Windows-1252, Latin-1) or UTF-8 with a few stray bytes, and
 * remembers its encoding; binary data and unknown encodings are refused
 * with an error that says where, and the document is left as it was.
 * While it runs, #BilletDocument:loading is %TRUE and the document takes
 * no edit. Cancelled while the text goes in, the document is left empty.
 */
void
billet_document_load_async (BilletDocument      *self,
                            GFile               *file,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_return_if_fail (BILLET_IS_DOCUMENT (self));
  g_return_if_fail (G_IS_FILE (file));

  start_read (self, SET_LOAD, file, NULL, cancellable, callback, user_data, billet_document_load_async);
}

gboolean
billet_document_load_finish (BilletDocument  *self,
                             GAsyncResult    *result,
                             GError         **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

/**
 * billet_document_reload_async:
 *
 * Reads the file again, dropping the document's changes, in place: the
 * cursor stays on its line and column, and the view on its text. Once the
 * worker has read the file, the reload is not given up.
 */
void
billet_document_reload_async (BilletDocument      *self,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_return_if_fail (BILLET_IS_DOCUMENT (self));
  g_return_if_fail (self->file != NULL);

  start_read (self, SET_RELOAD, NULL, NULL, cancellable, callback, user_data, billet_document_reload_async);
}

gboolean
billet_document_reload_finish (BilletDocument  *self,
                               GAsyncResult    *result,
                               GError         **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

/* Restoring a draft */

/* The file is gone, or no longer readable: the draft is all there is. */
static void
restore_without_file (BilletDocument *self,
                      LoadJob        *job)
{
  if (job->file == NULL)
    return;
  g_debug ("Restoring a draft without its file: %s", job->read->file_error->message);
  g_set_object (&self->file, job->file);
  billet_file_stamp_copy (&self->stamp, &job->read->file_stamp);
  billet_file_stamp_copy (&self->disk, &self->stamp);
  self->file_missing = !self->stamp.exists;
  _billet_document_watch_file (self);
  g_object_notify_by_pspec (G_OBJECT (self), _billet_document_properties[PROP_FILE]);
}

/* The draft's text in place of the file's, as an edit. */
static void
restore_apply (BilletDocument *self,
               LoadJob        *job)
{
  const BilletDraft *draft = job->draft;
  g_autoptr(BilletPost) post = NULL;

  if (job->read->has_file)
    {
      /* The draft's text was made from the file as it was then. If
       * another program changed it since (after the crash, say), the
       * document must not pretend to be based on the new bytes: keep
       * the draft's stamp, so that the change shows now and a save asks
       * before writing over it. */
      gboolean same = draft->stamp.exists && draft->stamp.sha256 == NULL
                      ? billet_file_stamp_same_stat (&draft->stamp, &self->disk)
                      : billet_file_stamp_same_content (&draft->stamp, &self->disk);

      if (!same)
        {
          billet_file_stamp_copy (&self->stamp, &draft->stamp);
          self->generation++;
          _billet_document_set_externally_modified (self, TRUE);
        }
    }

  post = billet_post_new_from_data (job->read->draft_text, job->read->draft_len);
  if (billet_post_get_front_matter_kind (self->post) == BILLET_FRONT_MATTER_NONE &&
      billet_post_get_front_matter_kind (post) != BILLET_FRONT_MATTER_NONE)
    billet_post_set_front_matter_text (self->post, billet_post_get_front_matter_text (post, NULL), -1);
  g_clear_pointer (&self->snapshot, g_bytes_unref);
  _billet_document_set_post_text (self, post, SET_EDIT);
  /* Even a draft equal to the file stays a change to save or discard. */
  gtk_text_buffer_set_modified (GTK_TEXT_BUFFER (self->body), TRUE);

  g_free (self->draft_id);
  self->draft_id = g_strdup (draft->id);
  self->has_draft = TRUE;
  _billet_document_update_stray (self);
  g_object_notify_by_pspec (G_OBJECT (self), _billet_document_properties[PROP_MODIFIED]);
  g_signal_emit (self, _billet_document_signals[CHANGED], 0);
}

/**
 * billet_document_restore_draft_async:
 * @draft: a draft from the store
 *
 * Reads the draft, and the draft's post (its file, when it has one and it
 * still opens), in a worker; puts the file's text in, then the draft's in
 * place of it, as an edit: the document is modified, and takes over the
 * draft.
 */
void
billet_document_restore_draft_async (BilletDocument      *self,
                                     const BilletDraft   *draft,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  g_return_if_fail (BILLET_IS_DOCUMENT (self));
  g_return_if_fail (draft != NULL);

  start_read (self, SET_LOAD, NULL, draft, cancellable, callback, user_data,
              billet_document_restore_draft_async);
}

gboolean
billet_document_restore_draft_finish (BilletDocument  *self,
                                      GAsyncResult    *result,
                                      GError         **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
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

  bytes = _billet_document_dup_snapshot (self);
  return billet_post_new_from_bytes (bytes);
}

/**
 * billet_document_dup_bytes:
 *
 * Returns: (transfer full): the post as it is now, serialized in UTF-8,
 *   which other threads may read (billet_post_new_from_bytes() there).
 *   Shared until the text changes: for a large post, far cheaper on the
 *   main thread than billet_document_dup_post()
 */
GBytes *
billet_document_dup_bytes (BilletDocument *self)
{
  g_return_val_if_fail (BILLET_IS_DOCUMENT (self), NULL);
  return _billet_document_dup_snapshot (self);
}

/* Saving */

typedef struct
{
  GFile                   *file;
  char                    *path;
  gboolean                 same_file;
  BilletDocumentSaveFlags  flags;
  BilletFileStamp          base;        /* what the document last read or wrote */
  BilletCharset            charset;
  GBytes                  *bytes;       /* the text in UTF-8, or the original bytes */
  gboolean                 encode;      /* @bytes still to be encoded to @charset */
  BilletWriteFlags         write_flags;
  guint64                  serial;      /* edit_serial when the text was taken */
  guint                    delay_ms;
  /* The worker's answer */
  GBytes                  *written;
  BilletFileStamp          stamp;
  gboolean                 encode_failed;
} SaveJob;

static void
save_job_free (SaveJob *job)
{
  g_clear_object (&job->file);
  g_free (job->path);
  billet_file_stamp_clear (&job->base);
  g_clear_pointer (&job->bytes, g_bytes_unref);
  g_clear_pointer (&job->written, g_bytes_unref);
  billet_file_stamp_clear (&job->stamp);
  g_free (job);
}

/* Whether @path still holds what @base says it did. */
static gboolean
file_unchanged (const char            *path,
                const BilletFileStamp *base)
{
  g_auto(BilletFileStamp) now = { 0 };
  g_autofree char *data = NULL;
  gsize len;

  if (!billet_file_stamp_stat (&now, path))
    return TRUE;    /* gone: writing it again loses nothing */
  if (billet_file_stamp_same_stat (&now, base))
    return TRUE;
  if (!billet_file_read (path, BILLET_FILE_MAX_POST_SIZE, &data, &len, NULL))
    return FALSE;
  billet_file_stamp_set_data (&now, data, len);
  return billet_file_stamp_same_content (&now, base);
}

static void
save_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  SaveJob *job = task_data;
  g_autoptr(GBytes) bytes = g_bytes_ref (job->bytes);
  GError *error = NULL;

  if (job->delay_ms > 0)
    g_usleep (job->delay_ms * (gulong) 1000);

  /* Also when the document's file was gone and came back meanwhile. */
  if (job->same_file && !(job->flags & BILLET_DOCUMENT_SAVE_OVERWRITE) && !file_unchanged (job->path, &job->base))
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_WRONG_ETAG,
                               _("“%s” changed on disk since Billet read it"), job->path);
      return;
    }
  if (job->encode)
    {
      gsize len;
      char *encoded = billet_encoding_encode (g_bytes_get_data (bytes, NULL), (gssize) g_bytes_get_size (bytes),
                                              job->charset, &len, &error);

      if (encoded == NULL)
        {
          job->encode_failed = TRUE;
          g_task_return_error (task, error);
          return;
        }
      g_bytes_unref (bytes);
      bytes = g_bytes_new_take (encoded, len);
    }
  if (g_task_return_error_if_cancelled (task))
    return;
  if (!billet_file_write_safely (job->path, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes),
                                 job->write_flags, &error))
    {
      g_task_return_error (task, error);
      return;
    }
  /* What is on disk now; the monitor's coming event is ours. */
  billet_file_stamp_stat (&job->stamp, job->path);
  billet_file_stamp_set_data (&job->stamp, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
  job->written = g_steal_pointer (&bytes);
  g_task_return_boolean (task, TRUE);
}

static void
save_done_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  BilletDocument *self = BILLET_DOCUMENT (object);
  g_autoptr(GTask) task = user_data;
  SaveJob *job = g_task_get_task_data (G_TASK (result));
  GError *error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      /* The draft stays, up to date: the work is safe while the author
       * frees some room or picks another folder. */
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_WRONG_ETAG) &&
          !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) &&
          (billet_document_get_modified (self) || (job->encode_failed && self->has_draft)))
        _billet_document_write_draft (self);
      set_saving (self, FALSE);
      g_task_return_error (task, error);
      return;
    }

  billet_file_stamp_copy (&self->stamp, &job->stamp);
  billet_file_stamp_copy (&self->disk, &self->stamp);
  self->generation++;
  if (self->charset != BILLET_CHARSET_UTF8 && self->charset == job->charset)
    {
      g_clear_pointer (&self->original, g_bytes_unref);
      self->original = g_bytes_ref (job->written);
    }
  _billet_document_set_file_missing (self, FALSE);
  _billet_document_set_externally_modified (self, FALSE);

  if (!job->same_file)
    {
      g_set_object (&self->file, job->file);
      g_object_notify_by_pspec (G_OBJECT (self), _billet_document_properties[PROP_FILE]);
      _billet_document_update_title (self);
      _billet_document_watch_file (self);
    }
  /* What the author typed while the file was written is not in it: it
   * stays a change to save, and its draft stays. */
  if (self->edit_serial == job->serial)
    {
      gtk_text_buffer_set_modified (GTK_TEXT_BUFFER (self->front_matter), FALSE);
      gtk_text_buffer_set_modified (GTK_TEXT_BUFFER (self->body), FALSE);
      _billet_document_delete_draft (self);
    }
  /* Last: whoever waits for the save's end sees the document as it is. */
  set_saving (self, FALSE);
  g_task_return_boolean (task, TRUE);
}

/**
 * billet_document_save_async:
 * @file: (nullable): where to save, or %NULL for the document's file
 * @cancellable: (nullable): to give up before anything is written
 *
 * Takes the text as it is now, and writes it through the safe writer, in
 * the post's encoding, in a worker. Saving over the document's own file
 * when that file changed on disk since it was read fails with
 * %G_IO_ERROR_WRONG_ETAG, unless @flags has
 * %BILLET_DOCUMENT_SAVE_OVERWRITE. Any failure leaves the file as it was,
 * the document modified and its draft in place. Edits made while the save
 * runs are not written, and keep the document modified. A second save, or
 * a save while the post is being read, fails with %G_IO_ERROR_PENDING.
 */
void
billet_document_save_async (BilletDocument          *self,
                            GFile                   *file,
                            BilletDocumentSaveFlags  flags,
                            GCancellable            *cancellable,
                            GAsyncReadyCallback      callback,
                            gpointer                 user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GTask) write = NULL;
  GError *error = NULL;
  gboolean modified;
  SaveJob *job;

  g_return_if_fail (BILLET_IS_DOCUMENT (self));
  g_return_if_fail (file != NULL || self->file != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, billet_document_save_async);
  if (!check_idle (self, &error))
    {
      g_task_return_error (task, error);
      return;
    }

  job = g_new0 (SaveJob, 1);
  job->file = g_object_ref (file != NULL ? file : self->file);
  job->path = g_file_get_path (job->file);
  if (job->path == NULL)
    {
      save_job_free (job);
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                               _("Billet saves to local files only"));
      return;
    }
  job->same_file = self->file != NULL && g_file_equal (job->file, self->file);
  job->flags = flags;
  billet_file_stamp_copy (&job->base, &self->stamp);
  job->charset = self->charset;
  modified = billet_document_get_modified (self);
  /* The bytes to write: the original ones for an untouched legacy file,
   * else the text, encoded back to its charset by the worker. */
  if (self->charset != BILLET_CHARSET_UTF8 && self->original != NULL && job->same_file && !modified)
    job->bytes = g_bytes_ref (self->original);
  else
    {
      job->bytes = _billet_document_dup_snapshot (self);
      job->encode = self->charset != BILLET_CHARSET_UTF8;
    }
  /* An empty post over a non-empty file is written only when the author
   * emptied it, that is, edited the buffers; otherwise it is a failed load
   * or a bug, and the file is kept. */
  job->write_flags = modified ? BILLET_WRITE_ALLOW_EMPTY : BILLET_WRITE_NONE;
  job->serial = self->edit_serial;
  job->delay_ms = self->io_delay_ms;

  set_saving (self, TRUE);
  write = g_task_new (self, cancellable, save_done_cb, g_steal_pointer (&task));
  g_task_set_source_tag (write, billet_document_save_async);
  g_task_set_task_data (write, job, (GDestroyNotify) save_job_free);
  g_task_run_in_thread (write, save_thread);
}

gboolean
billet_document_save_finish (BilletDocument  *self,
                             GAsyncResult    *result,
                             GError         **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

/* For tests: each worker of the document waits @ms first, so that a test
 * can act while one runs. */
void
_billet_document_set_io_delay (BilletDocument *self,
                               guint           ms)
{
  g_return_if_fail (BILLET_IS_DOCUMENT (self));
  self->io_delay_ms = ms;
}
