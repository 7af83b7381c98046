/* billet-document-snapshot.c — a document's text at one moment, for other threads
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The preview renders and the drafts are written in other threads, from
 * the document's text as it was when they started. Copying the body out
 * of its buffer costs tens of milliseconds for a 5 MB post, which the
 * keystroke that caused the render would have paid: the document keeps a
 * mirror of the body (billet-text-mirror), and a snapshot is the head of
 * the post (its front matter and delimiters, a few hundred bytes) with a
 * snapshot of that mirror — a reference per 16 KiB of body. The other
 * thread joins them into the post's bytes, the same bytes
 * billet_document_dup_post() would have given.
 */

#define G_LOG_DOMAIN "Billet"

#include "config.h"

#include "billet-document-private.h"
#include "billet-document-snapshot.h"

struct _BilletDocumentSnapshot
{
  gatomicrefcount     ref_count;
  GBytes             *head;
  BilletTextSnapshot *body;
};

/* Brings the post's front matter up to date with its buffer. */
void
_billet_document_sync_front_matter (BilletDocument *self)
{
  g_autofree char *front_matter = _billet_document_buffer_dup_text (self->front_matter);
  BilletFrontMatterKind kind = billet_post_get_front_matter_kind (self->post);

  /* A post without front matter keeps having none until something is in it. */
  if (kind == BILLET_FRONT_MATTER_YAML || kind == BILLET_FRONT_MATTER_TOML || front_matter[0] != 0)
    billet_post_set_front_matter_text (self->post, front_matter, -1);
}

/* The body's text, from the mirror: a copy of its chunks rather than a
 * walk of the buffer, counted for the tests. */
char *
_billet_document_dup_body_text (BilletDocument *self)
{
  g_autoptr(BilletTextSnapshot) body = billet_text_mirror_snapshot (self->body_mirror);
  GString *text = g_string_sized_new (billet_text_snapshot_get_length (body));

  self->body_copies++;
  billet_text_snapshot_append_to (body, text);
  return g_string_free (text, FALSE);
}

/**
 * billet_document_dup_snapshot:
 *
 * The post as it is now, in the time it takes to copy its front matter:
 * what the preview renders and the drafts save, in other threads. Main
 * thread.
 *
 * Returns: (transfer full): a snapshot of the post
 */
BilletDocumentSnapshot *
billet_document_dup_snapshot (BilletDocument *self)
{
  BilletDocumentSnapshot *snapshot;

  g_return_val_if_fail (BILLET_IS_DOCUMENT (self), NULL);

  _billet_document_sync_front_matter (self);
  snapshot = g_new0 (BilletDocumentSnapshot, 1);
  g_atomic_ref_count_init (&snapshot->ref_count);
  snapshot->head = billet_post_serialize_head (self->post);
  snapshot->body = billet_text_mirror_snapshot (self->body_mirror);
  return snapshot;
}

/**
 * billet_document_dup_body_snapshot:
 *
 * The body as it is now, for a worker (a reference per chunk of the
 * mirror): billet_text_snapshot_count_words() there counts its words
 * again only where they changed since the last count. Main thread.
 *
 * Returns: (transfer full): a snapshot of the body
 */
BilletTextSnapshot *
billet_document_dup_body_snapshot (BilletDocument *self)
{
  g_return_val_if_fail (BILLET_IS_DOCUMENT (self), NULL);

  return billet_text_mirror_snapshot (self->body_mirror);
}

/* For tests: how many times the whole body was copied out of its buffer
 * (or out of the mirror, for a save or a comparison). */
guint
_billet_document_get_body_copies (BilletDocument *self)
{
  g_return_val_if_fail (BILLET_IS_DOCUMENT (self), 0);

  return self->body_copies + billet_text_mirror_get_full_copies (self->body_mirror);
}

BilletDocumentSnapshot *
billet_document_snapshot_ref (BilletDocumentSnapshot *snapshot)
{
  g_return_val_if_fail (snapshot != NULL, NULL);

  g_atomic_ref_count_inc (&snapshot->ref_count);
  return snapshot;
}

void
billet_document_snapshot_unref (BilletDocumentSnapshot *snapshot)
{
  if (snapshot == NULL || !g_atomic_ref_count_dec (&snapshot->ref_count))
    return;
  g_bytes_unref (snapshot->head);
  billet_text_snapshot_unref (snapshot->body);
  g_free (snapshot);
}

/**
 * billet_document_snapshot_serialize:
 *
 * Any thread.
 *
 * Returns: (transfer full): the bytes of the post, as saving would write
 *   them in UTF-8
 */
GBytes *
billet_document_snapshot_serialize (BilletDocumentSnapshot *snapshot)
{
  gsize head_len = 0;
  const char *head;
  GString *out;

  g_return_val_if_fail (snapshot != NULL, NULL);

  head = g_bytes_get_data (snapshot->head, &head_len);
  out = g_string_sized_new (head_len + billet_text_snapshot_get_length (snapshot->body));
  g_string_append_len (out, head, (gssize) head_len);
  billet_text_snapshot_append_to (snapshot->body, out);
  return g_string_free_to_bytes (out);
}

/**
 * billet_document_snapshot_dup_post:
 *
 * Any thread.
 *
 * Returns: (transfer full): the post, read from its bytes as
 *   billet_document_dup_post() reads it
 */
BilletPost *
billet_document_snapshot_dup_post (BilletDocumentSnapshot *snapshot)
{
  g_autoptr(GBytes) bytes = NULL;

  g_return_val_if_fail (snapshot != NULL, NULL);

  bytes = billet_document_snapshot_serialize (snapshot);
  return billet_post_new_from_bytes (bytes);
}
