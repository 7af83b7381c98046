/* billet-document-monitor.c — the post's file changing on disk
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The document watches its file. A change (compared by size, inode,
 * mtime to the nanosecond and SHA-256, so that a touch is no change and a
 * same-second `git pull` is one) reloads a clean document in place and
 * otherwise sets "externally-modified"; a file deleted from under the
 * document makes its text the last copy ("file-missing": modified).
 */

#define G_LOG_DOMAIN "Billet"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "billet-diff.h"
#include "billet-document-private.h"

/* Changes on disk */

typedef struct
{
  char            *path;
  BilletFileStamp  base;
  BilletFileStamp  now;
  guint            generation;
} Check;

static void
check_free (Check *check)
{
  g_free (check->path);
  billet_file_stamp_clear (&check->base);
  billet_file_stamp_clear (&check->now);
  g_free (check);
}

/* In a worker: stat, and hash only when stat sees a difference. */
static void
check_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  Check *check = task_data;
  g_autofree char *data = NULL;
  gsize len;

  if (billet_file_stamp_stat (&check->now, check->path) &&
      !billet_file_stamp_same_stat (&check->now, &check->base))
    {
      if (billet_file_read (check->path, BILLET_FILE_MAX_POST_SIZE, &data, &len, NULL))
        billet_file_stamp_set_data (&check->now, data, len);
      else
        billet_file_stamp_set_data (&check->now, "", 0);   /* unreadable: a change */
    }
  else if (check->now.exists)
    billet_file_stamp_copy (&check->now, &check->base);
  g_task_return_boolean (task, TRUE);
}

static void queue_check (BilletDocument *self);

/* A clean document that could not follow its file (unreadable now, or
 * binary) asks, as a modified one does. */
static void
reload_done_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  BilletDocument *self = BILLET_DOCUMENT (object);
  g_autoptr(GError) error = NULL;

  if (billet_document_reload_finish (self, result, &error))
    return;
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  g_debug ("Not reloading the post: %s", error->message);
  _billet_document_set_file_missing (self, FALSE);
  _billet_document_set_externally_modified (self, TRUE);
}

static void
check_done_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  BilletDocument *self = BILLET_DOCUMENT (object);
  GTask *task = G_TASK (result);
  Check *check = g_task_get_task_data (task);

  if (!g_task_propagate_boolean (task, NULL) || g_task_had_error (task))
    return;
  if (g_cancellable_is_cancelled (g_task_get_cancellable (task)))
    return;
  if (check->generation != self->generation || self->loading || self->saving)
    {
      /* Read or written meanwhile, or being read or written: look again
       * against the new stamp. */
      queue_check (self);
      return;
    }

  if (billet_file_stamp_same_content (&check->now, &self->stamp))
    {
      /* A touch, or the same bytes written again: remember the new stat
       * so that the next look need not read the file. */
      billet_file_stamp_copy (&self->stamp, &check->now);
      billet_file_stamp_copy (&self->disk, &check->now);
      _billet_document_set_file_missing (self, !check->now.exists);
      _billet_document_set_externally_modified (self, FALSE);
      return;
    }
  if (billet_file_stamp_same_content (&check->now, &self->disk) && self->externally_modified)
    return;
  billet_file_stamp_copy (&self->disk, &check->now);

  /* A clean document follows its file; a modified one asks. */
  if (!_billet_document_buffers_modified (self) && check->now.exists)
    {
      billet_document_reload_async (self, self->check_cancellable, reload_done_cb, NULL);
      return;
    }
  _billet_document_set_file_missing (self, !check->now.exists);
  _billet_document_set_externally_modified (self, TRUE);
}

static gboolean
check_file_cb (gpointer user_data)
{
  BilletDocument *self = user_data;
  g_autoptr(GTask) task = NULL;
  Check *check;

  self->monitor_source = 0;
  if (self->file == NULL)
    return G_SOURCE_REMOVE;
  /* Our own read or write: look once it is over. */
  if (self->loading || self->saving)
    {
      queue_check (self);
      return G_SOURCE_REMOVE;
    }

  g_cancellable_cancel (self->check_cancellable);
  g_clear_object (&self->check_cancellable);
  self->check_cancellable = g_cancellable_new ();

  check = g_new0 (Check, 1);
  check->path = g_file_get_path (self->file);
  check->generation = self->generation;
  /* Compared with what the author last saw of it. */
  billet_file_stamp_copy (&check->base, self->externally_modified ? &self->disk : &self->stamp);
  task = g_task_new (self, self->check_cancellable, check_done_cb, NULL);
  g_task_set_source_tag (task, check_file_cb);
  g_task_set_task_data (task, check, (GDestroyNotify) check_free);
  g_task_run_in_thread (task, check_thread);
  return G_SOURCE_REMOVE;
}

/* A burst of events (a checkout writes, renames, chmods) makes one look. */
static void
queue_check (BilletDocument *self)
{
  g_clear_handle_id (&self->monitor_source, g_source_remove);
  self->monitor_source = g_timeout_add (MONITOR_DELAY_MS, check_file_cb, self);
}

static void
on_monitor_changed_cb (BilletDocument    *self,
                       GFile             *file,
                       GFile             *other,
                       GFileMonitorEvent  event)
{
  if (event == G_FILE_MONITOR_EVENT_ATTRIBUTE_CHANGED || event == G_FILE_MONITOR_EVENT_PRE_UNMOUNT)
    return;
  queue_check (self);
}

/* Watches the file (GLib's inotify backend watches its folder and follows
 * the name, so that a rename over it — a checkout, another editor's safe
 * save — is seen too). */
void
_billet_document_watch_file (BilletDocument *self)
{
  g_autoptr(GError) error = NULL;

  if (self->monitor != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->monitor, self);
      g_file_monitor_cancel (self->monitor);
      g_clear_object (&self->monitor);
    }
  if (self->file == NULL)
    return;
  self->monitor = g_file_monitor_file (self->file, G_FILE_MONITOR_NONE, NULL, &error);
  if (self->monitor == NULL)
    {
      g_debug ("Not watching the post: %s", error->message);
      return;
    }
  g_signal_connect_object (self->monitor, "changed", G_CALLBACK (on_monitor_changed_cb), self,
                           G_CONNECT_SWAPPED);
}

/**
 * billet_document_get_externally_modified:
 *
 * Returns: whether the file changed on disk while the document had changes
 */
gboolean
billet_document_get_externally_modified (BilletDocument *self)
{
  g_return_val_if_fail (BILLET_IS_DOCUMENT (self), FALSE);
  return self->externally_modified;
}

/**
 * billet_document_get_file_on_disk:
 *
 * Returns: whether the document's file is still on disk, as last seen
 */
gboolean
billet_document_get_file_on_disk (BilletDocument *self)
{
  g_return_val_if_fail (BILLET_IS_DOCUMENT (self), FALSE);
  return self->file != NULL && !self->file_missing;
}

/**
 * billet_document_keep_mine:
 *
 * The author saw the change on disk and keeps the document's text: the
 * next save writes over the file without asking again.
 */
void
billet_document_keep_mine (BilletDocument *self)
{
  g_return_if_fail (BILLET_IS_DOCUMENT (self));

  if (!self->externally_modified)
    return;
  billet_file_stamp_copy (&self->stamp, &self->disk);
  self->generation++;
  _billet_document_set_externally_modified (self, FALSE);
}

/**
 * billet_document_dup_disk_diff:
 *
 * Returns: (transfer full): a unified diff from the file on disk to the
 *   document's text (empty when they are the same), or %NULL with @error
 */
char *
billet_document_dup_disk_diff (BilletDocument  *self,
                               GError         **error)
{
  g_autofree char *disk = NULL;
  g_autofree char *name = NULL;
  g_autofree char *disk_label = NULL;
  g_autofree char *mine_label = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (BILLET_IS_DOCUMENT (self), NULL);

  if (self->file != NULL)
    {
      disk = billet_document_read_file_text (self->file, &local_error);
      if (disk == NULL && !g_error_matches (local_error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return NULL;
        }
    }
  _billet_document_sync_post (self);
  bytes = billet_post_serialize (self->post);
  name = self->file ? g_file_get_basename (self->file) : g_strdup (self->title);
  /* Translators: the labels of a comparison; %s is a file name */
  disk_label = g_strdup_printf (_("%s (on disk)"), name);
  mine_label = g_strdup_printf (_("%s (in Billet)"), name);
  return billet_diff_unified (disk ? disk : "", -1,
                              g_bytes_get_data (bytes, NULL), (gssize) g_bytes_get_size (bytes),
                              disk_label, mine_label, 3);
}

