/* billet-document-drafts.c — drafts of unsaved changes, against a crash
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A second after the last change, and never more than two seconds after
 * the first change a draft does not hold yet, the document writes a draft
 * (billet-draft-store) in one worker thread, in order with its deletions.
 * A draft that cannot be written is said ("draft-error") and tried again
 * every few seconds. A restored draft keeps the stamp of the file it was
 * made from, so that a change on disk since is noticed.
 */

#define G_LOG_DOMAIN "Billet"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "billet-document-private.h"

/* Drafts */

typedef enum { JOB_WRITE, JOB_DELETE } JobKind;

typedef struct
{
  JobKind      kind;
  BilletDraft *draft;
  GBytes      *bytes;
  GWeakRef     document;
  char        *error;      /* the worker's answer */
} DraftJob;

static void
draft_job_free (DraftJob *job)
{
  billet_draft_free (job->draft);
  g_clear_pointer (&job->bytes, g_bytes_unref);
  g_weak_ref_clear (&job->document);
  g_free (job->error);
  g_free (job);
}

static void
set_draft_error (BilletDocument *self,
                 const char     *message)
{
  if (g_strcmp0 (self->draft_error, message) == 0)
    return;
  g_free (self->draft_error);
  self->draft_error = g_strdup (message);
  g_object_notify_by_pspec (G_OBJECT (self), _billet_document_properties[PROP_DRAFT_ERROR]);
}

static gboolean
draft_retry_cb (gpointer user_data)
{
  BilletDocument *self = user_data;

  self->draft_retry_source = 0;
  if (self->draft_error != NULL && self->draft_source == 0 && billet_document_get_modified (self))
    _billet_document_write_draft (self);
  return G_SOURCE_REMOVE;
}

/* Main thread: what became of a draft job. A write that failed leaves the
 * author's changes unprotected: say so, and try again until it works (the
 * disk may get room without the author typing again). A write that worked,
 * or a deletion (the changes are saved or dropped), ends that. */
static gboolean
draft_job_done_cb (gpointer data)
{
  DraftJob *job = data;
  g_autoptr(BilletDocument) self = g_weak_ref_get (&job->document);

  if (self == NULL)
    return G_SOURCE_REMOVE;
  if (job->kind == JOB_WRITE && job->error != NULL)
    {
      set_draft_error (self, job->error);
      if (self->draft_retry_source == 0)
        self->draft_retry_source = g_timeout_add_seconds (DRAFT_RETRY_SECONDS, draft_retry_cb, self);
    }
  else
    {
      g_clear_handle_id (&self->draft_retry_source, g_source_remove);
      set_draft_error (self, NULL);
    }
  return G_SOURCE_REMOVE;
}

/* One worker, so that the writes and deletions of drafts happen in the
 * order they were asked for: a deletion after a save is never undone by
 * a write queued before it. Their outcomes reach the main loop in the
 * same order, through idle sources of one priority. */
static void
draft_job_run (gpointer data,
               gpointer user_data)
{
  DraftJob *job = data;
  g_autoptr(GError) error = NULL;
  const char *dir = billet_draft_store_get_default_dir ();

  if (job->kind == JOB_WRITE)
    billet_draft_store_write (dir, job->draft, g_bytes_get_data (job->bytes, NULL),
                              g_bytes_get_size (job->bytes), &error);
  else
    billet_draft_store_delete (dir, job->draft->id, &error);
  if (error != NULL)
    {
      g_message ("Draft %s: %s", job->draft->id, error->message);
      job->error = g_strdup (error->message);
    }
  g_clear_pointer (&job->bytes, g_bytes_unref);
  g_idle_add_full (G_PRIORITY_DEFAULT, draft_job_done_cb, job, (GDestroyNotify) draft_job_free);
}

static GThreadPool *
get_draft_pool (void)
{
  static GThreadPool *pool;

  if (g_once_init_enter (&pool))
    g_once_init_leave (&pool, g_thread_pool_new (draft_job_run, NULL, 1, FALSE, NULL));
  return pool;
}

void
_billet_document_write_draft (BilletDocument *self)
{
  DraftJob *job = g_new0 (DraftJob, 1);

  g_clear_handle_id (&self->draft_source, g_source_remove);
  self->draft_due = 0;
  if (self->draft_id == NULL)
    self->draft_id = billet_draft_new_id ();

  job->kind = JOB_WRITE;
  g_weak_ref_init (&job->document, self);
  job->bytes = _billet_document_dup_snapshot (self);
  job->draft = billet_draft_new (self->draft_id);
  job->draft->path = self->file ? g_file_get_path (self->file) : NULL;
  job->draft->title = g_strdup (self->title);
  job->draft->time = g_get_real_time () / G_USEC_PER_SEC;
  if (self->charset != BILLET_CHARSET_UTF8)
    job->draft->charset = g_strdup (billet_charset_get_name (self->charset));
  billet_file_stamp_copy (&job->draft->stamp, &self->stamp);
  self->has_draft = TRUE;
  g_thread_pool_push (get_draft_pool (), job, NULL);
}

void
_billet_document_delete_draft (BilletDocument *self)
{
  DraftJob *job;

  g_clear_handle_id (&self->draft_source, g_source_remove);
  self->draft_due = 0;
  if (!self->has_draft || self->draft_id == NULL)
    return;
  job = g_new0 (DraftJob, 1);
  job->kind = JOB_DELETE;
  g_weak_ref_init (&job->document, self);
  job->draft = billet_draft_new (self->draft_id);
  self->has_draft = FALSE;
  g_thread_pool_push (get_draft_pool (), job, NULL);
}

static gboolean
draft_timeout_cb (gpointer user_data)
{
  BilletDocument *self = user_data;

  self->draft_source = 0;
  self->draft_due = 0;
  if (billet_document_get_modified (self))
    _billet_document_write_draft (self);
  else
    _billet_document_delete_draft (self);    /* undone back to the file */
  return G_SOURCE_REMOVE;
}

/* A draft follows a pause in typing (DRAFT_PAUSE_MS after the last
 * change), but never lags more than DRAFT_MAX_AGE_MS behind the first
 * change it does not hold yet: someone typing a key every half second for
 * an hour pauses never, and must not lose the hour to a crash.
 *
 * Not only when modified: during "changed" the buffer's modified flag
 * may not be set yet (GTK sets it from its undo history); the timeout
 * looks. */
void
_billet_document_queue_draft (BilletDocument *self)
{
  gint64 now = g_get_monotonic_time ();
  gint64 fire;

  if (self->draft_due == 0)
    self->draft_due = now + DRAFT_MAX_AGE_MS * G_TIME_SPAN_MILLISECOND;
  fire = MIN (now + DRAFT_PAUSE_MS * G_TIME_SPAN_MILLISECOND, self->draft_due);
  g_clear_handle_id (&self->draft_source, g_source_remove);
  self->draft_source = g_timeout_add (MAX (0, (fire - now) / G_TIME_SPAN_MILLISECOND),
                                      draft_timeout_cb, self);
}

/**
 * billet_document_get_draft_id:
 *
 * Returns: (nullable): the name of the document's draft in the store, once
 *   it has one
 */
const char *
billet_document_get_draft_id (BilletDocument *self)
{
  g_return_val_if_fail (BILLET_IS_DOCUMENT (self), NULL);
  return self->draft_id;
}

/**
 * billet_document_discard_draft:
 *
 * The author chose to drop the document's changes: its draft goes too.
 */
void
billet_document_discard_draft (BilletDocument *self)
{
  g_return_if_fail (BILLET_IS_DOCUMENT (self));

  if (self->draft_id != NULL)
    self->has_draft = TRUE;
  _billet_document_delete_draft (self);
}
