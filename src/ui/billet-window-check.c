/* billet-window-check.c — the site's check in the window
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * "Check Site" shows the findings of the open folder's site in the
 * sidebar's place (BilletCheckView), not in a dialog: the author goes from
 * a finding to its post and back, the list beside the post being mended,
 * as the posts' list is beside the post being written; and a narrow
 * window folds it over the post as it folds the posts. A row chosen opens
 * its post as the posts' list does (beside the others, with their unsaved
 * changes) and puts the cursor on the finding: in the Markdown source, or
 * in the raw front matter for a finding above the body. A Fix merges a tag
 * spelt another way into its most used spelling with the splice of
 * `billet check --fix`: as one edit of the post's document when it is
 * open (undone with Ctrl+Z), else written through the safe writer in a
 * worker. Saves and changes on disk check the site again (the posts'
 * list's "files-changed").
 */

#define G_LOG_DOMAIN "Billet"

#include "config.h"

#include <glib/gi18n.h>

#include "billet-encoding.h"
#include "billet-error-dialog.h"
#include "billet-window-private.h"

gboolean
_billet_window_showing_check (BilletWindow *self)
{
  return g_strcmp0 (gtk_stack_get_visible_child_name (self->sidebar_stack), "check") == 0;
}

void
_billet_window_check_site_action (GtkWidget  *widget,
                                  const char *action_name,
                                  GVariant   *parameter)
{
  BilletWindow *self = BILLET_WINDOW (widget);
  const char *folder;

  if (self->post_list == NULL || (folder = billet_post_list_get_folder (self->post_list)) == NULL)
    return;
  gtk_widget_set_visible (GTK_WIDGET (self->check_view), TRUE);
  gtk_stack_set_visible_child_name (self->sidebar_stack, "check");
  _billet_window_set_show_sidebar (self, TRUE);
  /* Shown again: it has followed the folder's changes since. */
  if (g_strcmp0 (billet_check_view_get_folder (self->check_view), folder) != 0)
    billet_check_view_start (self->check_view, folder);
  billet_check_view_focus (self->check_view);
}

/* Back to the posts: the check is given up. */
void
_billet_window_on_check_back_cb (BilletWindow *self)
{
  gboolean had_focus = _billet_window_has_focus_within (self, GTK_WIDGET (self->check_view));

  billet_check_view_stop (self->check_view);
  gtk_stack_set_visible_child_name (self->sidebar_stack, "posts");
  gtk_widget_set_visible (GTK_WIDGET (self->check_view), FALSE);
  if (had_focus)
    billet_sidebar_focus_search (self->sidebar);
}

static void
on_files_changed_cb (BilletWindow       *self,
                     const char * const *paths)
{
  billet_check_view_queue_recheck_paths (self->check_view, paths);
}

/* Another folder asked for, or opened: the check of the one before has
 * nothing to say of it. */
void
_billet_window_check_folder_changed (BilletWindow *self)
{
  if (_billet_window_showing_check (self))
    _billet_window_on_check_back_cb (self);
  billet_check_view_stop (self->check_view);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.check-site", self->post_list != NULL);
}

/* The folder's posts changed on disk (saved, fixed, edited elsewhere):
 * the check follows. */
void
_billet_window_check_follow (BilletWindow *self)
{
  g_signal_connect_object (self->post_list, "files-changed", G_CALLBACK (on_files_changed_cb), self,
                           G_CONNECT_SWAPPED);
}

/* The cursor where the chosen finding is, once its post shows. */
void
_billet_window_goto_finding (BilletWindow *self)
{
  g_autoptr(GFile) file = g_steal_pointer (&self->goto_file);
  GFile *shown = billet_document_get_file (self->document);
  guint line = self->goto_line, column = self->goto_column;
  guint body_line;

  if (file == NULL || shown == NULL || !g_file_equal (file, shown))
    return;
  body_line = billet_document_get_body_line (self->document);
  if (line > 0 && line < body_line)
    {
      /* In the front matter: its raw text, as its error banner shows it. */
      g_settings_set_boolean (self->settings, "show-form", TRUE);
      billet_post_form_show_line (self->form, line, column);
      return;
    }
  if (line > 0)
    {
      GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (self->source_view));
      GtkTextIter iter;

      if (!gtk_text_buffer_get_iter_at_line_offset (buffer, &iter, (int) (line - body_line),
                                                    column > 0 ? (int) column - 1 : 0))
        gtk_text_buffer_get_iter_at_line (buffer, &iter, (int) (line - body_line));
      _billet_window_put_cursor (self, &iter, FALSE);
      return;
    }
  gtk_widget_grab_focus (GTK_WIDGET (self->source_view));
}

void
_billet_window_on_check_finding_activated_cb (BilletWindow        *self,
                                              const BilletFinding *finding,
                                              const char          *path)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  GFile *shown = billet_document_get_file (self->document);

  g_set_object (&self->goto_file, file);
  self->goto_line = finding->line;
  self->goto_column = finding->column;
  /* A sidebar over the post folds away: the post takes the keys now. */
  if (adw_flap_get_folded (self->flap))
    _billet_window_set_show_sidebar (self, FALSE);
  if (shown != NULL && g_file_equal (shown, file))
    {
      _billet_window_goto_finding (self);
      return;
    }
  /* Shown at once when open already; else once read (load_done_cb). */
  _billet_window_load_file (self, file);
  if (self->loading_document == NULL)
    _billet_window_goto_finding (self);
}

/* Fixes */

/* The fix as an edit of the open post: one change, undone at once. */
static gboolean
fix_document (BilletDocument       *document,
              const BilletFinding  *finding,
              GError              **error)
{
  g_autoptr(BilletPost) post = billet_document_dup_post (document);
  GtkTextBuffer *buffer = GTK_TEXT_BUFFER (billet_document_get_front_matter_buffer (document));
  g_auto(GStrv) items = NULL;
  gboolean list = FALSE;
  gboolean ok;

  if (billet_document_get_front_matter (document) == NULL ||
      !(items = billet_finding_fixed_items (finding, billet_post_lookup (post, finding->fix_key), &list)))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                   _("The post no longer has “%s” in its front matter"), finding->fix_from);
      return FALSE;
    }
  gtk_text_buffer_begin_user_action (buffer);
  if (list)
    ok = billet_document_set_list (document, finding->fix_key, (const char * const *) items, error);
  else
    {
      g_autofree char *joined = g_strjoinv (" ", items);

      ok = billet_document_set_value (document, finding->fix_key, joined, BILLET_NODE_STRING, error);
    }
  gtk_text_buffer_end_user_action (buffer);
  return ok;
}

/* The encoding's repair in the open post: from now on saved in UTF-8
 * (a change to save), its mis-encoded text repaired as an undoable edit
 * of each buffer. */
static gboolean
fix_document_encoding (BilletDocument  *document,
                       GError         **error)
{
  BilletCharset charset = billet_document_get_charset (document);
  gboolean legacy = charset != BILLET_CHARSET_UTF8 && charset != BILLET_CHARSET_UTF8_STRAY;

  if (legacy)
    billet_document_convert_to_utf8 (document);
  if (billet_document_repair_mojibake (document) == 0 && !legacy)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                           _("The post's encoding has nothing to repair any more"));
      return FALSE;
    }
  return TRUE;
}

typedef struct
{
  char          *path;
  BilletFinding *finding;   /* a copy: the row may go meanwhile */
} FixJob;

static void
fix_job_free (FixJob *job)
{
  g_free (job->path);
  billet_finding_free (job->finding);
  g_free (job);
}

/* A post not open: read, spliced and written as `billet check --fix`
 * does, in a worker (the safe writer syncs the disk). Not rewritten when
 * it cannot be understood. */
static void
fix_file_thread (GTask        *task,
                 gpointer      source_object,
                 gpointer      task_data,
                 GCancellable *cancellable)
{
  FixJob *job = task_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(BilletPost) post = billet_post_new_for_path (job->path, &error);
  g_auto(GStrv) items = NULL;
  gboolean list = FALSE;
  gboolean ok;

  if (post == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  if (billet_post_get_encoding (post) == BILLET_ENCODING_UNKNOWN ||
      billet_post_get_front_matter (post, NULL) == NULL ||
      !(items = billet_finding_fixed_items (job->finding, billet_post_lookup (post, job->finding->fix_key),
                                            &list)))
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                               _("The post's front matter cannot be read: it is left as it is"));
      return;
    }
  if (list)
    ok = billet_post_set_list (post, job->finding->fix_key, (const char * const *) items, &error);
  else
    {
      g_autofree char *joined = g_strjoinv (" ", items);

      ok = billet_post_set_value (post, job->finding->fix_key, joined, BILLET_NODE_STRING, &error);
    }
  if (!ok || !billet_post_save_to_path (post, job->path, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  g_task_return_boolean (task, TRUE);
}

/* The encoding's repair, as `billet check --fix-encoding` writes it. */
static void
fix_encoding_thread (GTask        *task,
                     gpointer      source_object,
                     gpointer      task_data,
                     GCancellable *cancellable)
{
  FixJob *job = task_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *data = NULL;
  g_autofree char *fixed = NULL;
  gsize len = 0, fixed_len = 0;

  if (!g_file_get_contents (job->path, &data, &len, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  if (!(fixed = billet_encoding_fix_file (data, len, &fixed_len, NULL, NULL, &error)))
    {
      if (error == NULL)
        g_set_error_literal (&error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                             _("The post's encoding has nothing to repair any more"));
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  if (!billet_file_write_safely (job->path, fixed, fixed_len, BILLET_WRITE_NONE, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  g_task_return_boolean (task, TRUE);
}

static void
fix_file_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(BilletWindow) self = _billet_window_weak_take (user_data);
  FixJob *job = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) file = g_file_new_for_path (job->path);

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      g_autofree char *name = g_path_get_basename (job->path);
      g_autofree char *heading = g_strdup_printf (_("Could Not Fix “%s”"), name);

      if (self != NULL)
        billet_error_dialog_present (GTK_WIDGET (self), heading, error->message);
      return;
    }
  if (self == NULL)
    return;
  {
    g_autofree char *name = g_path_get_basename (job->path);
    /* Translators: a toast: merged the tag “velo” into “Vélo” */
    g_autofree char *text = job->finding->fix_key != NULL
      ? g_strdup_printf (_("Merged “%s” into “%s”"), job->finding->fix_from, job->finding->fix_to)
      /* Translators: a toast, with a file's name */
      : g_strdup_printf (_("Repaired the encoding of “%s”"), name);

    _billet_window_toast (self, text);
  }
  if (self->post_list != NULL)
    billet_post_list_refresh_file (self->post_list, file);
}

void
_billet_window_on_check_fix_cb (BilletWindow        *self,
                                const BilletFinding *finding,
                                const char          *path)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  GFile *shown = billet_document_get_file (self->document);
  BilletDocument *document = shown != NULL && g_file_equal (shown, file) ? self->document
                                                                          : _billet_window_find_document (self, file);
  g_autoptr(GTask) task = NULL;
  FixJob *job;

  if (finding->fix_key == NULL && !finding->fix_encoding)
    return;
  if (document != NULL)
    {
      g_autoptr(GError) error = NULL;

      /* Open: its document changes, and its row goes once it is saved. */
      if (!(finding->fix_encoding ? fix_document_encoding (document, &error)
                                  : fix_document (document, finding, &error)))
        {
          g_autofree char *name = g_path_get_basename (path);
          g_autofree char *heading = g_strdup_printf (_("Could Not Fix “%s”"), name);

          billet_error_dialog_present (GTK_WIDGET (self), heading, error->message);
          return;
        }
      if (document != self->document)
        _billet_window_switch_document (self, document);
      _billet_window_toast (self, _("Fixed in the open post: save it to keep the change"));
      return;
    }
  job = g_new0 (FixJob, 1);
  job->path = g_strdup (path);
  job->finding = billet_finding_copy (finding);
  task = g_task_new (NULL, NULL, fix_file_cb, _billet_window_weak_new (self));
  g_task_set_source_tag (task, _billet_window_on_check_fix_cb);
  g_task_set_task_data (task, job, (GDestroyNotify) fix_job_free);
  g_task_run_in_thread (task, finding->fix_encoding ? fix_encoding_thread : fix_file_thread);
}
