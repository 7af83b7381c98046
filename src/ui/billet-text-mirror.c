/* billet-text-mirror.c — a text buffer's text, kept edit by edit, for other threads
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Copying a GtkTextBuffer's text walks its whole B-tree: tens of
 * milliseconds for 5 MB, too long for a keystroke, and the preview, the
 * drafts and the status line each wanted the whole text after a change.
 * The mirror keeps the same text as UTF-8, in chunks of about 16 KiB, and
 * applies each insertion and deletion as the buffer announces it: an edit
 * costs the size of a chunk, wherever it is in the text.
 *
 * A snapshot takes a reference on each chunk (a few hundred for 5 MB); the
 * mirror copies a chunk before changing one that a snapshot holds, so a
 * snapshot never changes and any thread reads it without a lock. Chunks
 * also keep their word count, as billet_markdown_count_words() counts
 * words, so counting the words of the text costs the chunks changed since
 * the last count. A snapshot's words are counted in any thread: a chunk's
 * count is written by whoever counts it first (atomically: the same
 * number, whoever writes it), and the main thread only writes -1 into a
 * chunk no snapshot holds.
 *
 * The edits are applied in the buffer's "insert-text" and "delete-range"
 * handlers, before the buffer's own, so that whoever reads the mirror in
 * the buffer's "changed" (which the buffer emits as it applies an edit)
 * finds the new text. Positions are character offsets, which the buffer
 * gives in logarithmic time and the chunks' character counts turn into
 * bytes. Should an emission be stopped after our handler ran, the edit
 * would not happen in the buffer: the mirror's character count then
 * differs from the buffer's, and the next snapshot copies the buffer
 * afresh — slower, never wrong.
 */

#define G_LOG_DOMAIN "Billet"

#include "config.h"

#include <string.h>

#include "billet-markdown.h"
#include "billet-text-mirror.h"

/* What a split aims at, when a chunk is split, and when it joins a
 * neighbour. */
#define CHUNK_SIZE (16 * 1024)
#define CHUNK_MAX  (2 * CHUNK_SIZE)
#define CHUNK_MIN  (CHUNK_SIZE / 4)

typedef struct
{
  gatomicrefcount  ref_count;
  gsize            len;
  gsize            n_chars;
  int              n_words;  /* -1: not counted since it changed (atomic) */
  char            *data;     /* len bytes of UTF-8, whole characters */
} Chunk;

struct _BilletTextMirror
{
  GtkTextBuffer *buffer;
  GPtrArray     *chunks;     /* of Chunk, in order, none empty */
  gsize          len;
  gsize          n_chars;
  gboolean       stale;      /* an edit was missed: copy the buffer again */
  guint          full_copies;
  gulong         insert_handler;
  gulong         delete_handler;
};

struct _BilletTextSnapshot
{
  gatomicrefcount  ref_count;
  gsize            len;
  guint            n_chunks;
  Chunk           *chunks[];
};

/* Chunks */

static Chunk *
chunk_new (const char *data,
           gsize       len)
{
  Chunk *chunk = g_new0 (Chunk, 1);

  g_atomic_ref_count_init (&chunk->ref_count);
  chunk->data = g_memdup2 (data, len);
  chunk->len = len;
  chunk->n_chars = (gsize) g_utf8_strlen (data, (gssize) len);
  g_atomic_int_set (&chunk->n_words, -1);
  return chunk;
}

static Chunk *
chunk_ref (Chunk *chunk)
{
  g_atomic_ref_count_inc (&chunk->ref_count);
  return chunk;
}

static void
chunk_unref (Chunk *chunk)
{
  if (!g_atomic_ref_count_dec (&chunk->ref_count))
    return;
  g_free (chunk->data);
  g_free (chunk);
}

static Chunk *
get_chunk (BilletTextMirror *self,
           guint             i)
{
  return g_ptr_array_index (self->chunks, i);
}

/* Chunk @i, ours alone to change: a copy if a snapshot holds it. Only the
 * main thread takes references, so a count of one stays one. */
static Chunk *
writable_chunk (BilletTextMirror *self,
                guint             i)
{
  Chunk *chunk = get_chunk (self, i);
  Chunk *copy;

  if (g_atomic_ref_count_compare (&chunk->ref_count, 1))
    return chunk;
  copy = g_new0 (Chunk, 1);
  g_atomic_ref_count_init (&copy->ref_count);
  copy->data = g_memdup2 (chunk->data, chunk->len);
  copy->len = chunk->len;
  copy->n_chars = chunk->n_chars;
  copy->n_words = g_atomic_int_get (&chunk->n_words);
  self->chunks->pdata[i] = copy;
  chunk_unref (chunk);
  return copy;
}

/* Inserts chunks of about CHUNK_SIZE holding @data at @index. */
static void
insert_chunks (BilletTextMirror *self,
               guint             index,
               const char       *data,
               gsize             len)
{
  gsize pos = 0;

  while (pos < len)
    {
      gsize cut = len - pos > CHUNK_MAX ? pos + CHUNK_SIZE : len;

      /* Whole characters in each chunk. */
      while (cut < len && (data[cut] & 0xC0) == 0x80)
        cut++;
      g_ptr_array_insert (self->chunks, (int) index++, chunk_new (data + pos, cut - pos));
      pos = cut;
    }
}

/* Splits chunk @i if it grew too large. */
static void
split_chunk (BilletTextMirror *self,
             guint             i)
{
  Chunk *chunk = get_chunk (self, i);

  if (chunk->len <= CHUNK_MAX)
    return;
  g_ptr_array_steal_index (self->chunks, i);
  insert_chunks (self, i, chunk->data, chunk->len);
  chunk_unref (chunk);
}

/* Drops chunk @i if empty, or joins it to a neighbour if small. */
static void
tidy_chunk (BilletTextMirror *self,
            guint             i)
{
  Chunk *chunk, *next;

  if (i >= self->chunks->len)
    return;
  chunk = get_chunk (self, i);
  if (chunk->len == 0)
    {
      g_ptr_array_remove_index (self->chunks, i);
      return;
    }
  if (chunk->len >= CHUNK_MIN)
    return;
  if (i + 1 < self->chunks->len && get_chunk (self, i + 1)->len + chunk->len <= CHUNK_MAX)
    ;
  else if (i > 0 && get_chunk (self, i - 1)->len + chunk->len <= CHUNK_MAX)
    i--;
  else
    return;

  /* Chunk i takes chunk i + 1 in. */
  chunk = writable_chunk (self, i);
  next = get_chunk (self, i + 1);
  chunk->data = g_realloc (chunk->data, chunk->len + next->len);
  memcpy (chunk->data + chunk->len, next->data, next->len);
  chunk->len += next->len;
  chunk->n_chars += next->n_chars;
  g_atomic_int_set (&chunk->n_words, -1);
  g_ptr_array_remove_index (self->chunks, i + 1);
}

/* The chunk and byte of character @offset: the end of the last chunk for
 * the end of the text, index = the number of chunks when there is none. */
static void
locate (BilletTextMirror *self,
        gsize             offset,
        guint            *index,
        gsize            *byte)
{
  for (guint i = 0; i < self->chunks->len; i++)
    {
      Chunk *chunk = get_chunk (self, i);

      if (offset < chunk->n_chars || (offset == chunk->n_chars && i + 1 == self->chunks->len))
        {
          *index = i;
          *byte = (gsize) (g_utf8_offset_to_pointer (chunk->data, (glong) offset) - chunk->data);
          return;
        }
      offset -= chunk->n_chars;
    }
  *index = self->chunks->len;
  *byte = 0;
}

/* The buffer's whole text, anew. */
static void
copy_buffer (BilletTextMirror *self)
{
  g_autofree char *text = NULL;
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (self->buffer, &start, &end);
  text = gtk_text_buffer_get_text (self->buffer, &start, &end, TRUE);
  self->full_copies++;

  g_ptr_array_set_size (self->chunks, 0);
  self->len = strlen (text);
  insert_chunks (self, 0, text, self->len);
  self->n_chars = (gsize) gtk_text_buffer_get_char_count (self->buffer);
  self->stale = FALSE;
}

static void
ensure_current (BilletTextMirror *self)
{
  if (self->stale || self->n_chars != (gsize) gtk_text_buffer_get_char_count (self->buffer))
    copy_buffer (self);
}

/* Edits */

static void
on_insert_text_cb (GtkTextBuffer    *buffer,
                   GtkTextIter      *location,
                   const char       *text,
                   int               len,
                   BilletTextMirror *self)
{
  gsize offset = (gsize) gtk_text_iter_get_offset (location);
  gsize n_chars;
  guint i;
  gsize byte;
  Chunk *chunk;

  if (len <= 0 || self->stale)
    return;
  if (offset > self->n_chars)
    {
      self->stale = TRUE;
      return;
    }

  n_chars = (gsize) g_utf8_strlen (text, len);
  locate (self, offset, &i, &byte);
  if (i == self->chunks->len)
    insert_chunks (self, i, text, (gsize) len);
  else
    {
      chunk = writable_chunk (self, i);
      chunk->data = g_realloc (chunk->data, chunk->len + (gsize) len);
      memmove (chunk->data + byte + len, chunk->data + byte, chunk->len - byte);
      memcpy (chunk->data + byte, text, (gsize) len);
      chunk->len += (gsize) len;
      chunk->n_chars += n_chars;
      g_atomic_int_set (&chunk->n_words, -1);
      split_chunk (self, i);
    }
  self->len += (gsize) len;
  self->n_chars += n_chars;
}

static void
on_delete_range_cb (GtkTextBuffer    *buffer,
                    GtkTextIter      *start,
                    GtkTextIter      *end,
                    BilletTextMirror *self)
{
  gsize from = (gsize) gtk_text_iter_get_offset (start);
  gsize to = (gsize) gtk_text_iter_get_offset (end);
  guint first, last;
  gsize first_byte, last_byte;
  Chunk *chunk;

  if (from > to)
    {
      gsize swap = from;

      from = to;
      to = swap;
    }
  if (from == to || self->stale)
    return;
  if (to > self->n_chars)
    {
      self->stale = TRUE;
      return;
    }

  locate (self, from, &first, &first_byte);
  locate (self, to, &last, &last_byte);

  if (first == last)
    {
      chunk = writable_chunk (self, first);
      memmove (chunk->data + first_byte, chunk->data + last_byte, chunk->len - last_byte);
      chunk->len -= last_byte - first_byte;
      self->len -= last_byte - first_byte;
      chunk->n_chars -= to - from;
      g_atomic_int_set (&chunk->n_words, -1);
      tidy_chunk (self, first);
    }
  else
    {
      /* The end of the first chunk, the chunks between, the start of the
       * last (none when the deletion reaches the end of the text). */
      chunk = writable_chunk (self, first);
      self->len -= chunk->len - first_byte;
      chunk->len = first_byte;
      chunk->n_chars = (gsize) g_utf8_strlen (chunk->data, (gssize) first_byte);
      g_atomic_int_set (&chunk->n_words, -1);
      while (last > first + 1)
        {
          self->len -= get_chunk (self, first + 1)->len;
          g_ptr_array_remove_index (self->chunks, first + 1);
          last--;
        }
      if (last < self->chunks->len)
        {
          chunk = writable_chunk (self, last);
          chunk->n_chars -= (gsize) g_utf8_strlen (chunk->data, (gssize) last_byte);
          memmove (chunk->data, chunk->data + last_byte, chunk->len - last_byte);
          chunk->len -= last_byte;
          self->len -= last_byte;
          g_atomic_int_set (&chunk->n_words, -1);
          tidy_chunk (self, last);
        }
      tidy_chunk (self, first);
    }
  self->n_chars -= to - from;
}

/* The mirror */

/**
 * billet_text_mirror_new:
 * @buffer: the buffer to follow, from now on
 *
 * Returns: (transfer full): a mirror of @buffer's text
 */
BilletTextMirror *
billet_text_mirror_new (GtkTextBuffer *buffer)
{
  BilletTextMirror *self;

  g_return_val_if_fail (GTK_IS_TEXT_BUFFER (buffer), NULL);

  self = g_new0 (BilletTextMirror, 1);
  self->buffer = g_object_ref (buffer);
  self->chunks = g_ptr_array_new_with_free_func ((GDestroyNotify) chunk_unref);
  self->insert_handler = g_signal_connect (buffer, "insert-text", G_CALLBACK (on_insert_text_cb), self);
  self->delete_handler = g_signal_connect (buffer, "delete-range", G_CALLBACK (on_delete_range_cb), self);
  copy_buffer (self);
  return self;
}

void
billet_text_mirror_free (BilletTextMirror *self)
{
  if (self == NULL)
    return;
  g_clear_signal_handler (&self->insert_handler, self->buffer);
  g_clear_signal_handler (&self->delete_handler, self->buffer);
  g_clear_object (&self->buffer);
  g_ptr_array_unref (self->chunks);
  g_free (self);
}

/**
 * billet_text_mirror_snapshot:
 *
 * The buffer's text as it is now, in the time it takes to count the
 * chunks. Main thread.
 *
 * Returns: (transfer full): a snapshot of the text
 */
BilletTextSnapshot *
billet_text_mirror_snapshot (BilletTextMirror *self)
{
  BilletTextSnapshot *snapshot;

  g_return_val_if_fail (self != NULL, NULL);

  ensure_current (self);
  snapshot = g_malloc (sizeof (BilletTextSnapshot) + self->chunks->len * sizeof (Chunk *));
  g_atomic_ref_count_init (&snapshot->ref_count);
  snapshot->len = self->len;
  snapshot->n_chunks = self->chunks->len;
  for (guint i = 0; i < self->chunks->len; i++)
    snapshot->chunks[i] = chunk_ref (get_chunk (self, i));
  return snapshot;
}

/**
 * billet_text_mirror_count_words:
 *
 * Returns: the words of the text, as billet_markdown_count_words() counts
 *   them, counting again only the chunks that changed. Main thread.
 */
gsize
billet_text_mirror_count_words (BilletTextMirror *self)
{
  g_autoptr(BilletTextSnapshot) snapshot = NULL;

  g_return_val_if_fail (self != NULL, 0);

  snapshot = billet_text_mirror_snapshot (self);
  return billet_text_snapshot_count_words (snapshot);
}

/**
 * billet_text_mirror_get_full_copies:
 *
 * Returns: how many times the mirror copied the buffer's whole text: once
 *   when it was made, then only if it lost track (for tests)
 */
guint
billet_text_mirror_get_full_copies (BilletTextMirror *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->full_copies;
}

/* Snapshots */

BilletTextSnapshot *
billet_text_snapshot_ref (BilletTextSnapshot *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

void
billet_text_snapshot_unref (BilletTextSnapshot *self)
{
  if (self == NULL || !g_atomic_ref_count_dec (&self->ref_count))
    return;
  for (guint i = 0; i < self->n_chunks; i++)
    chunk_unref (self->chunks[i]);
  g_free (self);
}

/**
 * billet_text_snapshot_get_length:
 *
 * Returns: the length of the text in bytes
 */
gsize
billet_text_snapshot_get_length (BilletTextSnapshot *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->len;
}

/**
 * billet_text_snapshot_append_to:
 * @out: where to append the text
 *
 * Appends the text to @out. Any thread.
 */
void
billet_text_snapshot_append_to (BilletTextSnapshot *self,
                                GString            *out)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (out != NULL);

  for (guint i = 0; i < self->n_chunks; i++)
    g_string_append_len (out, self->chunks[i]->data, (gssize) self->chunks[i]->len);
}

/**
 * billet_text_snapshot_try_count_words:
 * @max_new: how many chunks not counted before it may count
 * @words: (out): the words of the text, when it returns %TRUE
 *
 * Counts the words as billet_text_snapshot_count_words() does, if no more
 * than @max_new chunks need counting: after a key, the one it changed
 * (microseconds); after a load or a large paste, most of them, for a
 * thread.
 *
 * Returns: whether it counted
 */
gboolean
billet_text_snapshot_try_count_words (BilletTextSnapshot *self,
                                      guint               max_new,
                                      gsize              *words)
{
  guint uncounted = 0;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (words != NULL, FALSE);

  for (guint i = 0; i < self->n_chunks; i++)
    if (g_atomic_int_get (&self->chunks[i]->n_words) < 0 && ++uncounted > max_new)
      return FALSE;
  *words = billet_text_snapshot_count_words (self);
  return TRUE;
}

/**
 * billet_text_snapshot_count_words:
 *
 * Returns: the words of the text, as billet_markdown_count_words() counts
 *   them, counting only the chunks not counted before (by this snapshot or
 *   another that shares them). Any thread.
 */
gsize
billet_text_snapshot_count_words (BilletTextSnapshot *self)
{
  gsize words = 0;

  g_return_val_if_fail (self != NULL, 0);

  for (guint i = 0; i < self->n_chunks; i++)
    {
      Chunk *chunk = self->chunks[i];
      int n_words = g_atomic_int_get (&chunk->n_words);

      if (n_words < 0)
        {
          n_words = (int) billet_markdown_count_words (chunk->data, chunk->len);
          g_atomic_int_set (&chunk->n_words, n_words);
        }
      words += (gsize) n_words;
      /* A word across the seam was counted in both chunks. */
      if (i > 0)
        {
          Chunk *previous = self->chunks[i - 1];

          if ((guchar) previous->data[previous->len - 1] > 0x20 && (guchar) chunk->data[0] > 0x20)
            words--;
        }
    }
  return words;
}
