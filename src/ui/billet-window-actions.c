/* billet-window-actions.c — the window's actions, and the dialogs around them
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Open, save, save as, export, new post, close: what would drop unsaved
 * changes first asks save / discard / cancel (confirm_discard()), and goes
 * on only after a save that succeeded or an explicit discard; saving over a
 * file changed on disk asks first, with Compare; saving a front matter that
 * does not parse asks first; closing with several unsaved posts lists them
 * with check boxes. File choosers are GtkFileChooserNative (GTK 4.8 has no
 * GtkFileDialog).
 *
 * Saves run in a worker (billet_document_save_async()); what was to follow
 * a save (closing, opening another post) follows its end, and only a save
 * that succeeded. "Save" in the closing dialog saves the checked posts one
 * after the other, and closes once the last is written.
 */

#define G_LOG_DOMAIN "Billet"

#include "config.h"

#include <errno.h>
#include <string.h>

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <gmodule.h>

#include "billet-error-dialog.h"
#include "billet-source-typography.h"
#include "billet-window-private.h"

static void save_as (BilletWindow *self, Continuation then, gpointer data, GDestroyNotify free_data);

/* Asking before unsaved changes are dropped */

typedef struct
{
  BilletWindow   *self;
  Continuation    then;
  gpointer        data;
  GDestroyNotify  free_data;
} Pending;

static void
pending_free (Pending *pending)
{
  if (pending->free_data && pending->data)
    pending->free_data (pending->data);
  g_object_unref (pending->self);
  g_free (pending);
}

static void
pending_run (Pending *pending)
{
  pending->then (pending->self, pending->data);
}

static void confirm_overwrite (BilletWindow *self);

/* Saving a post, then going on */

typedef struct
{
  GWeakRef       *window;
  GFile          *file;           /* where it goes, for the messages */
  gboolean        toast;          /* "Saved" once done */
  gboolean        switch_on_error;  /* show the post that could not be saved */
  Continuation    then;           /* after a save that succeeded */
  gpointer        data;
  GDestroyNotify  free_data;
} SaveRequest;

static void
save_request_free (SaveRequest *request)
{
  if (request->window != NULL)
    {
      g_weak_ref_clear (request->window);
      g_free (request->window);
    }
  if (request->free_data && request->data)
    request->free_data (request->data);
  g_clear_object (&request->file);
  g_free (request);
}

static void
save_done_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  BilletDocument *document = BILLET_DOCUMENT (object);
  SaveRequest *request = user_data;
  g_autoptr(BilletWindow) self = _billet_window_weak_take (g_steal_pointer (&request->window));
  g_autoptr(GError) error = NULL;

  if (!billet_document_save_finish (document, result, &error))
    {
      /* The window closed meanwhile: the draft keeps the work. */
      if (self != NULL && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          if (request->switch_on_error && document != self->document)
            _billet_window_switch_document (self, document);
          if (!request->switch_on_error && document == self->document &&
              g_error_matches (error, G_IO_ERROR, G_IO_ERROR_WRONG_ETAG))
            confirm_overwrite (self);
          else
            {
              g_autofree char *name = g_file_get_basename (request->file);
              g_autofree char *heading = g_strdup_printf (_("Could Not Save “%s”"), name);

              billet_error_dialog_present (GTK_WIDGET (self), heading, error->message);
            }
        }
      save_request_free (request);
      return;
    }
  if (self != NULL)
    {
      _billet_window_add_recent (request->file);
      /* Its row, and the site's check, follow without waiting for the
       * folder's monitor. */
      if (self->post_list != NULL)
        billet_post_list_refresh_file (self->post_list, request->file);
      if (request->toast)
        _billet_window_toast (self, _("Saved"));
      if (request->then != NULL)
        request->then (self, request->data);
    }
  save_request_free (request);
}

/* Saves @document (to @file, or its own), then runs @then, which @data
 * goes with. */
static void
save_document (BilletWindow            *self,
               BilletDocument          *document,
               GFile                   *file,
               BilletDocumentSaveFlags  flags,
               gboolean                 toast,
               gboolean                 switch_on_error,
               Continuation             then,
               gpointer                 data,
               GDestroyNotify           free_data)
{
  SaveRequest *request = g_new0 (SaveRequest, 1);

  request->window = _billet_window_weak_new (self);
  request->file = g_object_ref (file != NULL ? file : billet_document_get_file (document));
  request->toast = toast;
  request->switch_on_error = switch_on_error;
  request->then = then;
  request->data = data;
  request->free_data = free_data;
  billet_document_save_async (document, file, flags, NULL, save_done_cb, request);
}

/* Saving over a file that changed on disk since it was read: only if the
 * author says so. */
static void
on_overwrite_response_cb (AdwMessageDialog *dialog,
                          const char       *response,
                          BilletWindow     *self)
{
  BilletDocument *document = g_object_get_data (G_OBJECT (dialog), "billet-document");

  if (document != self->document)
    return;
  /* Nothing is written: the author looks, then saves again (and is asked
   * again) or takes the file's version from the bar. */
  if (g_str_equal (response, "compare"))
    {
      billet_compare_window_present_disk_changes (GTK_WINDOW (self), document);
      return;
    }
  if (!g_str_equal (response, "overwrite"))
    return;
  save_document (self, document, NULL, BILLET_DOCUMENT_SAVE_OVERWRITE, TRUE, FALSE, NULL, NULL, NULL);
}

static void
confirm_overwrite (BilletWindow *self)
{
  g_autofree char *name = g_file_get_basename (billet_document_get_file (self->document));
  g_autofree char *heading = g_strdup_printf (_("Overwrite “%s”?"), name);
  GtkWidget *dialog = adw_message_dialog_new (GTK_WINDOW (self), heading,
                                              _("The file changed on disk since Billet read it. "
                                                "Saving writes your version over the other one."));

  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "compare", _("C_ompare"),
                                    "overwrite", _("_Overwrite"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "overwrite",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_object_set_data_full (G_OBJECT (dialog), "billet-document", g_object_ref (self->document),
                          g_object_unref);
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_overwrite_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
run_then_pending (BilletWindow *self,
                  gpointer      data)
{
  Pending *pending = data;

  pending_run (pending);
}

static void
on_ask_response_cb (AdwMessageDialog *dialog,
                    const char       *response,
                    Pending          *pending)
{
  BilletWindow *self = pending->self;

  if (g_str_equal (response, "discard"))
    {
      billet_document_discard_draft (self->document);
      pending_run (pending);
    }
  else if (g_str_equal (response, "save"))
    {
      /* Save (As), and only once it is saved go on. */
      Pending *again = g_new0 (Pending, 1);

      again->self = g_object_ref (self);
      again->then = pending->then;
      again->data = g_steal_pointer (&pending->data);
      again->free_data = pending->free_data;
      if (billet_document_get_file (self->document) == NULL)
        save_as (self, run_then_pending, again, (GDestroyNotify) pending_free);
      else
        save_document (self, self->document, NULL, BILLET_DOCUMENT_SAVE_NONE, FALSE, FALSE,
                       run_then_pending, again, (GDestroyNotify) pending_free);
    }
  /* Not freed here: see _billet_window_confirm_discard(). */
}

void
_billet_window_confirm_discard (BilletWindow   *self,
                 Continuation    then,
                 gpointer        data,
                 GDestroyNotify  free_data)
{
  Pending *pending;
  GtkWidget *dialog;
  g_autofree char *body = NULL;

  if (!billet_document_get_modified (self->document))
    {
      then (self, data);
      if (free_data && data)
        free_data (data);
      return;
    }

  pending = g_new0 (Pending, 1);
  pending->self = g_object_ref (self);
  pending->then = then;
  pending->data = data;
  pending->free_data = free_data;

  body = g_strdup_printf (_("“%s” has changes that are not saved. If you don’t save, they are lost."),
                          billet_document_get_title (self->document));
  dialog = adw_message_dialog_new (GTK_WINDOW (self), _("Save Changes?"), body);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "discard", _("_Discard"),
                                    "save", _("_Save"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "discard",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "save",
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "save");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  /* The pending operation, and its reference to the window, go with the
   * dialog rather than at the end of the response: closing the window drops
   * its last other reference, and the dialog, which is transient for it,
   * would then outlive it (GTK does not clear transient-for on finalize). */
  g_signal_connect_data (dialog, "response", G_CALLBACK (on_ask_response_cb), pending,
                         (GClosureNotify) pending_free, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* File choosers (GtkFileChooserNative: GTK 4.8 has no GtkFileDialog) */


typedef struct
{
  BilletWindow   *self;
  FileChosen      chosen;
  gpointer        data;
  GDestroyNotify  free_data;
  char           *made_folder;   /* created to be proposed: removed if still empty */
} Chooser;

static void
on_chooser_response_cb (GtkNativeDialog *native,
                        int              response,
                        Chooser         *chooser)
{
  gboolean keep_made = FALSE;

  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (native));
      g_autofree char *path = file ? g_file_get_path (file) : NULL;
      g_autofree char *parent = path ? g_path_get_dirname (path) : NULL;

      /* The work that fills it may run in a thread: it stays. */
      keep_made = g_strcmp0 (parent, chooser->made_folder) == 0;
      if (file != NULL)
        chooser->chosen (chooser->self, file, chooser->data);
    }
  /* Only an empty folder goes: whatever was written into it stays. */
  if (chooser->made_folder != NULL && !keep_made)
    g_rmdir (chooser->made_folder);
  if (chooser->free_data && chooser->data)
    chooser->free_data (chooser->data);
  g_free (chooser->made_folder);
  g_object_unref (chooser->self);
  g_free (chooser);
  g_object_unref (native);
}

/* @folder: (nullable): where the chooser starts; the post's folder if %NULL
 * @made_folder: (nullable): a folder made only to be proposed, removed if
 *   the author leaves it empty */
static void
choose_file_in (BilletWindow         *self,
                GtkFileChooserAction  action,
                const char           *title,
                const char           *accept,
                const char           *suggested_name,
                gboolean              markdown_filter,
                GFile                *folder,
                const char           *made_folder,
                FileChosen            chosen,
                gpointer              data,
                GDestroyNotify        free_data)
{
  GtkFileChooserNative *native = gtk_file_chooser_native_new (title, GTK_WINDOW (self), action,
                                                              accept, _("_Cancel"));
  Chooser *chooser = g_new0 (Chooser, 1);
  GFile *current = billet_document_get_file (self->document);

  chooser->made_folder = g_strdup (made_folder);

  chooser->self = g_object_ref (self);
  chooser->chosen = chosen;
  chooser->data = data;
  chooser->free_data = free_data;

  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (native), TRUE);
  if (markdown_filter)
    {
      GtkFileFilter *filter = gtk_file_filter_new ();
      GtkFileFilter *all = gtk_file_filter_new ();

      gtk_file_filter_set_name (filter, _("Markdown Posts"));
      gtk_file_filter_add_mime_type (filter, "text/markdown");
      gtk_file_filter_add_pattern (filter, "*.md");
      gtk_file_filter_add_pattern (filter, "*.markdown");
      gtk_file_filter_add_pattern (filter, "*.mdx");
      gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (native), filter);
      gtk_file_filter_set_name (all, _("All Files"));
      gtk_file_filter_add_pattern (all, "*");
      gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (native), all);
      g_object_unref (filter);
      g_object_unref (all);
    }
  if (folder != NULL)
    gtk_file_chooser_set_current_folder (GTK_FILE_CHOOSER (native), folder, NULL);
  else if (current != NULL)
    {
      g_autoptr(GFile) parent = g_file_get_parent (current);

      if (parent != NULL)
        gtk_file_chooser_set_current_folder (GTK_FILE_CHOOSER (native), parent, NULL);
    }
  if (suggested_name != NULL)
    gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (native), suggested_name);

  g_signal_connect (native, "response", G_CALLBACK (on_chooser_response_cb), chooser);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (native));
}

void
_billet_window_choose_file (BilletWindow         *self,
             GtkFileChooserAction  action,
             const char           *title,
             const char           *accept,
             const char           *suggested_name,
             gboolean              markdown_filter,
             FileChosen            chosen,
             gpointer              data,
             GDestroyNotify        free_data)
{
  choose_file_in (self, action, title, accept, suggested_name, markdown_filter, NULL, NULL,
                  chosen, data, free_data);
}

/* Actions */

static void
open_chosen (BilletWindow *self,
             GFile        *file,
             gpointer      data)
{
  _billet_window_load_file (self, file);
}

void
_billet_window_open_after_confirm (BilletWindow *self,
                    gpointer      data)
{
  if (data != NULL)
    _billet_window_load_file (self, data);
  else
    _billet_window_choose_file (self, GTK_FILE_CHOOSER_ACTION_OPEN, _("Open a Post"), _("_Open"), NULL, TRUE,
                 open_chosen, NULL, NULL);
}

void
_billet_window_open_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  _billet_window_confirm_discard (BILLET_WINDOW (widget), _billet_window_open_after_confirm, NULL, NULL);
}

void
_billet_window_open_recent_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  GFile *file = g_file_new_for_uri (g_variant_get_string (parameter, NULL));

  _billet_window_confirm_discard (BILLET_WINDOW (widget), _billet_window_open_after_confirm, file, g_object_unref);
}

static void
new_after_confirm (BilletWindow *self,
                   gpointer      data)
{
  g_autoptr(BilletDocument) document = billet_document_new ();

  _billet_window_set_document (self, document);
  gtk_widget_grab_focus (GTK_WIDGET (self->source_view));
}

/* A new post in an open site: a title, then a file named after it in the
 * section of the post on screen (else the largest one), started from the
 * site's archetype. See billet-new-post.c. */

static char *
new_post_section (BilletWindow *self)
{
  GListModel *model = billet_post_list_get_model (self->post_list);
  GFile *file = billet_document_get_file (self->document);
  g_autoptr(GHashTable) counts = g_hash_table_new (g_str_hash, g_str_equal);
  const char *best = NULL;
  guint best_count = 0;

  if (file != NULL && billet_post_list_contains (self->post_list, file))
    return billet_post_list_dup_section_for (self->post_list, file);
  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(BilletPostItem) item = g_list_model_get_item (model, i);
      const char *section = billet_post_item_get_section (item);
      guint count = GPOINTER_TO_UINT (g_hash_table_lookup (counts, section)) + 1;

      g_hash_table_insert (counts, (gpointer) section, GUINT_TO_POINTER (count));
      if (count > best_count)
        {
          best = section;
          best_count = count;
        }
    }
  return g_strdup (best ? best : "");
}

/* Whether the section's posts write dates without a time, as most do. */
static gboolean
section_dates_are_days (BilletWindow *self,
                        const char   *section)
{
  GListModel *model = billet_post_list_get_model (self->post_list);
  guint days = 0, times = 0;

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(BilletPostItem) item = g_list_model_get_item (model, i);
      const char *date = billet_post_item_get_summary (item)->date;

      if (date == NULL || !g_str_equal (billet_post_item_get_section (item), section))
        continue;
      if (strlen (date) == 10)
        days++;
      else
        times++;
    }
  return days > times;
}

/* Writing the new post: its section's archetype read, its name found,
 * its folder made and its text written, in a worker. */
typedef struct
{
  BilletSite *site;
  char       *folder;
  char       *section;
  char       *title;
  gboolean    days;
  /* The worker's answer */
  char       *path;
} NewPost;

static void
new_post_free (NewPost *job)
{
  billet_site_unref (job->site);
  g_free (job->folder);
  g_free (job->section);
  g_free (job->title);
  g_free (job->path);
  g_free (job);
}

static void
create_post_thread (GTask        *task,
                    gpointer      source_object,
                    gpointer      task_data,
                    GCancellable *cancellable)
{
  NewPost *job = task_data;
  const char * const *content_dirs = billet_site_get_content_dirs (job->site);
  g_autofree char *slug = billet_new_post_slug (job->title);
  g_autofree char *archetype = billet_new_post_read_archetype (job->site, job->section);
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *contents = NULL;
  g_autofree char *dir = NULL;
  const char *base = job->folder;
  GError *error = NULL;

  /* Below the content folder when the site's root is open. */
  if (g_str_equal (job->folder, billet_site_get_root (job->site)) && content_dirs[0] != NULL &&
      g_file_test (content_dirs[0], G_FILE_TEST_IS_DIR))
    base = content_dirs[0];
  dir = g_build_filename (base, job->section, NULL);
  job->path = billet_new_post_unique_path (dir, slug);
  contents = billet_new_post_contents (archetype, job->title, now, job->days);

  if (g_mkdir_with_parents (dir, 0755) != 0)
    {
      int saved = errno;

      g_task_return_new_error (task, G_FILE_ERROR, g_file_error_from_errno (saved), "%s", g_strerror (saved));
      return;
    }
  if (!billet_file_write_safely (job->path, contents, strlen (contents), BILLET_WRITE_NONE, &error))
    {
      g_task_return_error (task, error);
      return;
    }
  g_task_return_boolean (task, TRUE);
}

static void
post_created_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(BilletWindow) self = _billet_window_weak_take (user_data);
  NewPost *job = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) file = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      g_autofree char *name = g_path_get_basename (job->path);
      g_autofree char *heading = g_strdup_printf (_("Could Not Create “%s”"), name);

      if (self != NULL)
        billet_error_dialog_present (GTK_WIDGET (self), heading, error->message);
      return;
    }
  if (self == NULL || self->post_list == NULL)
    return;
  file = g_file_new_for_path (job->path);
  billet_post_list_refresh_file (self->post_list, file);
  _billet_window_load_file (self, file);
}

static void
create_post (BilletWindow *self,
             const char   *title)
{
  NewPost *job = g_new0 (NewPost, 1);
  g_autoptr(GTask) task = NULL;

  job->site = billet_site_ref (billet_post_list_get_site (self->post_list));
  job->folder = g_strdup (billet_post_list_get_folder (self->post_list));
  job->section = new_post_section (self);
  job->title = g_strdup (title);
  job->days = section_dates_are_days (self, job->section);
  task = g_task_new (NULL, NULL, post_created_cb, _billet_window_weak_new (self));
  g_task_set_source_tag (task, create_post);
  g_task_set_task_data (task, job, (GDestroyNotify) new_post_free);
  g_task_run_in_thread (task, create_post_thread);
}

static void
on_new_post_response_cb (AdwMessageDialog *dialog,
                         const char       *response,
                         BilletWindow     *self)
{
  GtkEditable *entry = g_object_get_data (G_OBJECT (dialog), "entry");
  g_autofree char *title = g_strstrip (g_strdup (gtk_editable_get_text (entry)));

  if (g_str_equal (response, "create") && *title != '\0')
    create_post (self, title);
}

static void
on_new_post_title_changed_cb (GtkEditable      *entry,
                              AdwMessageDialog *dialog)
{
  g_autofree char *title = g_strstrip (g_strdup (gtk_editable_get_text (entry)));
  g_autofree char *slug = billet_new_post_slug (title);
  g_autofree char *name = g_strconcat (slug, ".md", NULL);
  GtkLabel *label = g_object_get_data (G_OBJECT (dialog), "file-label");
  g_autofree char *text = g_strdup_printf (_("File: %s"), name);

  gtk_label_set_text (label, *title ? text : "");
  adw_message_dialog_set_response_enabled (dialog, "create", *title != '\0');
}

static void
ask_new_post (BilletWindow *self)
{
  g_autofree char *site = billet_post_list_dup_name (self->post_list);
  g_autofree char *body = g_strdup_printf (_("A new post in “%s”."), site);
  GtkWidget *dialog = adw_message_dialog_new (GTK_WINDOW (self), _("New Post"), body);
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *entry = gtk_entry_new ();
  GtkWidget *label = gtk_label_new (NULL);

  gtk_entry_set_placeholder_text (GTK_ENTRY (entry), _("Title"));
  gtk_entry_set_activates_default (GTK_ENTRY (entry), TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Title"), -1);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_MIDDLE);
  gtk_widget_add_css_class (label, "dim-label");
  gtk_widget_add_css_class (label, "caption");
  gtk_box_append (GTK_BOX (box), entry);
  gtk_box_append (GTK_BOX (box), label);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), box);
  g_object_set_data (G_OBJECT (dialog), "entry", entry);
  g_object_set_data (G_OBJECT (dialog), "file-label", label);

  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "create", _("C_reate"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "create", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "create");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (dialog), "create", FALSE);
  g_signal_connect (entry, "changed", G_CALLBACK (on_new_post_title_changed_cb), dialog);
  g_signal_connect_data (dialog, "response", G_CALLBACK (on_new_post_response_cb), g_object_ref (self),
                         (GClosureNotify) (void (*) (void)) g_object_unref, 0);
  gtk_window_present (GTK_WINDOW (dialog));
  gtk_widget_grab_focus (entry);
}

void
_billet_window_new_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *parameter)
{
  BilletWindow *self = BILLET_WINDOW (widget);

  /* In a site, the post on screen stays open beside the new one. */
  if (self->post_list != NULL)
    ask_new_post (self);
  else
    _billet_window_confirm_discard (self, new_after_confirm, NULL, NULL);
}

typedef struct
{
  Continuation   then;
  gpointer       data;
  GDestroyNotify free_data;
} AfterSave;

static void
after_save_free (AfterSave *after)
{
  if (after->free_data && after->data)
    after->free_data (after->data);
  g_free (after);
}

static void
save_as_chosen (BilletWindow *self,
                GFile        *file,
                gpointer      data)
{
  AfterSave *after = data;

  /* What follows goes with the save: the chooser frees what is left. */
  save_document (self, self->document, file, BILLET_DOCUMENT_SAVE_NONE, TRUE, FALSE,
                 after ? after->then : NULL, after ? g_steal_pointer (&after->data) : NULL,
                 after ? after->free_data : NULL);
}

/* A file name for a post that has none yet: its title, made safe. */
static char *
suggest_name (BilletWindow *self,
              const char   *extension)
{
  GFile *file = billet_document_get_file (self->document);
  g_autofree char *stem = NULL;

  if (file != NULL)
    {
      char *dot;

      stem = g_file_get_basename (file);
      if ((dot = strrchr (stem, '.')) != NULL)
        *dot = 0;
    }
  else
    stem = billet_new_post_slug (billet_document_get_title (self->document));
  return g_strconcat (stem, extension, NULL);
}

static void
save_as (BilletWindow   *self,
         Continuation    then,
         gpointer        data,
         GDestroyNotify  free_data)
{
  AfterSave *after = g_new0 (AfterSave, 1);
  g_autofree char *name = suggest_name (self, ".md");

  after->then = then;
  after->data = data;
  after->free_data = free_data;
  _billet_window_choose_file (self, GTK_FILE_CHOOSER_ACTION_SAVE, _("Save the Post"), _("_Save"), name, TRUE,
               save_as_chosen, after, (GDestroyNotify) after_save_free);
}

static void
save_now (BilletWindow *self)
{
  if (billet_document_get_file (self->document) == NULL)
    save_as (self, NULL, NULL, NULL);
  else
    save_document (self, self->document, NULL, BILLET_DOCUMENT_SAVE_NONE, TRUE, FALSE, NULL, NULL, NULL);
}

/* Saves the post shown, quietly (what follows says what happened), then
 * runs @then, only if it was saved. */
void
_billet_window_save_then (BilletWindow   *self,
                          Continuation    then,
                          gpointer        data,
                          GDestroyNotify  free_data)
{
  g_return_if_fail (billet_document_get_file (self->document) != NULL);

  save_document (self, self->document, NULL, BILLET_DOCUMENT_SAVE_NONE, FALSE, FALSE, then, data, free_data);
}

static void
on_save_invalid_response_cb (AdwMessageDialog *dialog,
                             const char       *response,
                             BilletWindow     *self)
{
  BilletDocument *document = g_object_get_data (G_OBJECT (dialog), "billet-document");

  if (g_str_equal (response, "save") && document == self->document)
    save_now (self);
}

/* A front matter that does not parse is saved as written, if the author
 * says so: the site's generator will refuse it as Billet does. TOML is not
 * invalid, only beyond the form. */
void
_billet_window_save_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  BilletWindow *self = BILLET_WINDOW (widget);
  guint line = 0, column = 0;
  const GError *invalid = billet_document_get_front_matter_error (self->document, &line, &column);
  g_autofree char *body = NULL;
  GtkWidget *dialog;

  if (invalid == NULL ||
      g_error_matches (invalid, BILLET_FRONT_MATTER_ERROR, BILLET_FRONT_MATTER_ERROR_UNSUPPORTED))
    {
      save_now (self);
      return;
    }
  if (billet_document_get_front_matter_kind (self->document) == BILLET_FRONT_MATTER_TOML)
    /* Translators: the first %u is a line, the second a column, then why */
    body = g_strdup_printf (_("The front matter is not valid TOML (line %u, column %u: %s). "
                              "Save anyway?"), line, column, invalid->message);
  else
    /* Translators: the first %u is a line, the second a column, then why */
    body = g_strdup_printf (_("The front matter is not valid YAML (line %u, column %u: %s). "
                              "Save anyway?"), line, column, invalid->message);
  dialog = adw_message_dialog_new (GTK_WINDOW (self), _("Save Invalid Front Matter?"), body);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "save", _("_Save Anyway"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "save",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_object_set_data_full (G_OBJECT (dialog), "billet-document", g_object_ref (self->document),
                          g_object_unref);
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_save_invalid_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

void
_billet_window_save_as_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  save_as (BILLET_WINDOW (widget), NULL, NULL, NULL);
}

typedef struct
{
  BilletPost *post;
  char       *source_path;
  char       *output_path;
  char       *fallback_lang;
  char       *name;          /* the output's, for the messages */
} ExportJob;

static void
export_job_free (ExportJob *job)
{
  g_clear_pointer (&job->post, billet_post_unref);
  g_free (job->source_path);
  g_free (job->output_path);
  g_free (job->fallback_lang);
  g_free (job->name);
  g_free (job);
}

/* Off the main thread: the site's settings are files, and rendering takes
 * the Markdown parser's lock, which a preview render may hold for seconds
 * on hostile input (cmark-gfm 0.29.0.gfm.6 has quadratic cases). The
 * window never waits for either. */
static void
export_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  ExportJob *job = task_data;
  /* As `billet export`: built in Hugo's production environment, as `hugo` builds */
  g_autoptr(BilletSite) site = job->source_path
    ? billet_site_new_for_environment (job->source_path, "production", NULL) : NULL;
  BilletRenderOptions options = { .markdown_flags = BILLET_MARKDOWN_DEFAULT };
  const char *path_lang = site != NULL ? billet_site_get_path_language (site, job->source_path) : NULL;
  g_autofree char *html = NULL;
  GError *error = NULL;
  gsize len = 0;

  /* As `billet export`: the post's language as the site names it
   * (languageCode), else the site's, and its raw-HTML setting. */
  if (path_lang != NULL)
    options.fallback_lang = billet_site_get_language_code (site, path_lang);
  else if (site != NULL && billet_site_get_language (site) != NULL)
    options.fallback_lang = billet_site_get_language (site);
  else
    options.fallback_lang = job->fallback_lang;
  options.markdown_flags = billet_site_get_markdown_flags (site);

  html = billet_render_page (job->post, &options, &len);
  /* Our safe writer, not g_file_replace_contents(), which can leave a
   * partial file behind on a full disk. */
  if (billet_file_write_safely (job->output_path, html, len, BILLET_WRITE_NONE, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

static void
export_done_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  BilletWindow *self = BILLET_WINDOW (object);
  ExportJob *job = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      g_autofree char *heading = g_strdup_printf (_("Could Not Export to “%s”"), job->name);

      /* The window may have been closed meanwhile: nowhere to say it. */
      if (self->toast_overlay != NULL)
        billet_error_dialog_present (GTK_WIDGET (self), heading, error->message);
      else
        g_warning ("%s: %s", heading, error->message);
      return;
    }

  if (self->toast_overlay != NULL)
    {
      g_autofree char *message = g_strdup_printf (_("Exported to “%s”"), job->name);
      g_autofree char *folder = g_path_get_dirname (job->output_path);
      g_autofree char *uri = g_filename_to_uri (job->output_path, NULL, NULL);
      AdwToast *done = adw_toast_new (message);

      /* The next export is proposed where this one went. */
      g_settings_set_string (self->settings, "last-export-folder", folder);
      if (uri != NULL)
        {
          adw_toast_set_button_label (done, _("_Open"));
          adw_toast_set_action_name (done, "win.open-export");
          adw_toast_set_action_target_value (done, g_variant_new_string (uri));
        }
      adw_toast_overlay_add_toast (self->toast_overlay, done);
    }
}

static void
export_chosen (BilletWindow *self,
               GFile        *file,
               gpointer      data)
{
  GFile *source = billet_document_get_file (self->document);
  g_autoptr(GTask) task = NULL;
  ExportJob *job;

  job = g_new0 (ExportJob, 1);
  job->name = g_file_get_basename (file);
  job->output_path = g_file_get_path (file);
  if (job->output_path == NULL)
    {
      g_autofree char *heading = g_strdup_printf (_("Could Not Export to “%s”"), job->name);

      export_job_free (job);
      billet_error_dialog_present (GTK_WIDGET (self), heading, _("Billet saves to local files only"));
      return;
    }
  job->post = billet_document_dup_post (self->document);
  job->source_path = source != NULL ? g_file_get_path (source) : NULL;
  /* Here: the locale is the main thread's business. */
  job->fallback_lang = billet_render_dup_interface_language ();

  task = g_task_new (self, NULL, export_done_cb, NULL);
  g_task_set_source_tag (task, export_chosen);
  g_task_set_task_data (task, job, (GDestroyNotify) export_job_free);
  g_task_run_in_thread (task, export_thread);
}

/* Where an export is proposed: the folder of the last export, else a new
 * "SITE-export" folder beside the post's site (made now, removed if left
 * empty), else the post's own folder. Never the site's content: a page
 * written there would be published as a post's resource, or read as one.
 * Finding the site reads its configuration, and the folder is made: in a
 * worker, before the chooser opens. */
typedef struct
{
  char  *last;      /* the last export's folder, or "" */
  char  *path;      /* the post's file, or NULL */
  char  *name;      /* the name proposed */
  /* The worker's answer */
  GFile *folder;
  char  *made;
} ExportFolder;

static void
export_folder_free (ExportFolder *job)
{
  g_free (job->last);
  g_free (job->path);
  g_free (job->name);
  g_clear_object (&job->folder);
  g_free (job->made);
  g_free (job);
}

static void
export_folder_thread (GTask        *task,
                      gpointer      source_object,
                      gpointer      task_data,
                      GCancellable *cancellable)
{
  ExportFolder *job = task_data;
  g_autoptr(BilletSite) site = NULL;

  if (job->last[0] != 0 && g_file_test (job->last, G_FILE_TEST_IS_DIR))
    job->folder = g_file_new_for_path (job->last);
  else if (job->path != NULL && (site = billet_site_new_for_path (job->path, NULL)) != NULL &&
           billet_site_get_kind (site) != BILLET_SITE_PLAIN)
    {
      const char *root = billet_site_get_root (site);
      g_autofree char *parent = g_path_get_dirname (root);
      g_autofree char *base = g_path_get_basename (root);
      g_autofree char *name = g_strconcat (base, "-export", NULL);
      g_autofree char *folder = g_build_filename (parent, name, NULL);

      if (!g_file_test (folder, G_FILE_TEST_IS_DIR))
        {
          if (g_mkdir (folder, 0777) == 0)
            job->made = g_strdup (folder);
          else
            g_clear_pointer (&folder, g_free);
        }
      if (folder != NULL)
        job->folder = g_file_new_for_path (folder);
    }
  g_task_return_boolean (task, TRUE);
}

static void
export_folder_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(BilletWindow) self = _billet_window_weak_take (user_data);
  ExportFolder *job = g_task_get_task_data (G_TASK (result));

  if (self == NULL)
    {
      /* Nobody to propose it to. */
      if (job->made != NULL)
        g_rmdir (job->made);
      return;
    }
  choose_file_in (self, GTK_FILE_CHOOSER_ACTION_SAVE, _("Export to HTML"), _("_Export"), job->name, FALSE,
                  job->folder, job->made, export_chosen, NULL, NULL);
}

void
_billet_window_export_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  BilletWindow *self = BILLET_WINDOW (widget);
  GFile *file = billet_document_get_file (self->document);
  g_autoptr(GTask) task = NULL;
  ExportFolder *job = g_new0 (ExportFolder, 1);

  job->last = g_settings_get_string (self->settings, "last-export-folder");
  job->path = file ? g_file_get_path (file) : NULL;
  job->name = suggest_name (self, ".html");
  task = g_task_new (NULL, NULL, export_folder_cb, _billet_window_weak_new (self));
  g_task_set_source_tag (task, _billet_window_export_action);
  g_task_set_task_data (task, job, (GDestroyNotify) export_folder_free);
  g_task_run_in_thread (task, export_folder_thread);
}

/* "Open" on the export's _billet_window_toast: the page, in the author's browser. */
void
_billet_window_open_export_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  gtk_show_uri (GTK_WINDOW (widget), g_variant_get_string (parameter, NULL), GDK_CURRENT_TIME);
}

void
_billet_window_close_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  gtk_window_close (GTK_WINDOW (widget));
}

void
_billet_window_find_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  BilletWindow *self = BILLET_WINDOW (widget);
  gboolean set = FALSE;

  /* A divider never placed by hand follows its children's natural sizes:
   * the bar growing would move it. It stays where the author sees it. */
  g_object_get (self->form_paned, "position-set", &set, NULL);
  if (!set && gtk_widget_get_mapped (GTK_WIDGET (self->form_paned)))
    gtk_paned_set_position (self->form_paned, gtk_paned_get_position (self->form_paned));
  billet_search_bar_begin (self->search_bar, g_str_equal (action_name, "win.replace"));
}

/* Markdown shortcuts: the source view's own (billet-source-view.c). */

void
_billet_window_bold_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  billet_source_view_wrap_selection (BILLET_SOURCE_VIEW (BILLET_WINDOW (widget)->source_view), "**", "**");
}

void
_billet_window_italic_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  billet_source_view_wrap_selection (BILLET_SOURCE_VIEW (BILLET_WINDOW (widget)->source_view), "_", "_");
}

void
_billet_window_link_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  billet_source_view_insert_link (BILLET_SOURCE_VIEW (BILLET_WINDOW (widget)->source_view));
}

void
_billet_window_heading_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  billet_source_view_set_heading (BILLET_SOURCE_VIEW (BILLET_WINDOW (widget)->source_view),
                                  g_variant_get_int32 (parameter));
}

/* French typography of the selection, or of the whole body, in one undoable
 * step; a toast says how much changed. */
void
_billet_window_fix_typography_action (GtkWidget  *widget,
                                      const char *action_name,
                                      GVariant   *parameter)
{
  BilletWindow *self = BILLET_WINDOW (widget);
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (self->source_view));
  guint n = billet_source_fix_typography (buffer);
  g_autofree char *message = NULL;

  if (n == 0)
    message = g_strdup (_("The typography is already right"));
  else
    message = g_strdup_printf (ngettext ("Fixed %u typography mistake",
                                         "Fixed %u typography mistakes", n), n);
  _billet_window_toast (self, message);
}

/* Closing a window with several unsaved posts: one dialog lists them,
 * each with its folder and a check box, as GNOME Text Editor does: the
 * checked ones are saved, the others closed without their changes. */

/* "~/site/content/posts", for a row's subtitle. */
static char *
dup_folder_for_display (GFile *file)
{
  g_autoptr(GFile) parent = file ? g_file_get_parent (file) : NULL;
  g_autofree char *path = parent ? g_file_get_path (parent) : NULL;
  const char *home = g_get_home_dir ();
  gsize home_len = strlen (home);

  if (path == NULL)
    return NULL;
  if (home_len > 1 && g_str_has_prefix (path, home) && (path[home_len] == '/' || path[home_len] == 0))
    return g_strconcat ("~", path + home_len, NULL);
  return g_filename_display_name (path);
}

static GPtrArray *
dup_checked_documents (AdwMessageDialog *dialog,
                       gboolean          checked)
{
  GPtrArray *rows = g_object_get_data (G_OBJECT (dialog), "checks");
  GPtrArray *documents = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < rows->len; i++)
    {
      GtkCheckButton *check = g_ptr_array_index (rows, i);

      if (gtk_check_button_get_active (check) == checked)
        g_ptr_array_add (documents, g_object_ref (g_object_get_data (G_OBJECT (check), "document")));
    }
  return documents;
}

static void
on_close_check_toggled_cb (GtkCheckButton   *check,
                           AdwMessageDialog *dialog)
{
  g_autoptr(GPtrArray) checked = dup_checked_documents (dialog, TRUE);

  adw_message_dialog_set_response_enabled (dialog, "save", checked->len > 0);
}

/* "Save" in the closing dialog: the checked posts are saved one after the
 * other, each once the one before is written; a failure stops there and
 * says why, with its post on screen. Once the last is saved, the unchecked
 * ones go without their changes and the window closes. */
typedef struct
{
  GPtrArray *to_save;
  GPtrArray *to_drop;
  guint      next;
} SaveAll;

static void
save_all_clear (SaveAll *save_all)
{
  g_ptr_array_unref (save_all->to_save);
  g_ptr_array_unref (save_all->to_drop);
}

static void
save_all_release (SaveAll *save_all)
{
  g_atomic_rc_box_release_full (save_all, (GDestroyNotify) save_all_clear);
}

static void
save_all_next (BilletWindow *self,
               gpointer      data)
{
  SaveAll *save_all = data;
  GPtrArray *to_drop = save_all->to_drop;

  while (save_all->next < save_all->to_save->len)
    {
      BilletDocument *document = g_ptr_array_index (save_all->to_save, save_all->next++);

      if (billet_document_get_file (document) == NULL)
        continue;
      save_document (self, document, NULL, BILLET_DOCUMENT_SAVE_NONE, FALSE, TRUE,
                     save_all_next, g_atomic_rc_box_acquire (save_all), (GDestroyNotify) save_all_release);
      return;
    }

  /* Left unchecked: closed without their changes, their drafts gone. */
  for (guint i = 0; i < to_drop->len; i++)
    {
      BilletDocument *document = g_ptr_array_index (to_drop, i);

      billet_document_discard_draft (document);
      g_ptr_array_remove (self->documents, document);
    }
  /* Untitled posts, if any, each ask where to go: closing asks again; the
   * ones left unchecked are not asked about again. */
  if (to_drop->len > 0 && billet_document_get_modified (self->document) &&
      g_ptr_array_find (to_drop, self->document, NULL))
    {
      g_autoptr(BilletDocument) blank = billet_document_new ();

      _billet_window_set_document (self, blank);
    }
  gtk_window_close (GTK_WINDOW (self));
}

static void
on_close_all_response_cb (AdwMessageDialog *dialog,
                          const char       *response,
                          BilletWindow     *self)
{
  g_autoptr(GPtrArray) to_drop = NULL;
  SaveAll *save_all;

  if (g_str_equal (response, "discard"))
    {
      to_drop = dup_checked_documents (dialog, TRUE);
      g_ptr_array_extend_and_steal (to_drop, dup_checked_documents (dialog, FALSE));
      for (guint i = 0; i < to_drop->len; i++)
        billet_document_discard_draft (g_ptr_array_index (to_drop, i));
      self->close_confirmed = TRUE;
      gtk_window_close (GTK_WINDOW (self));
      return;
    }
  if (!g_str_equal (response, "save"))
    return;

  save_all = g_atomic_rc_box_new0 (SaveAll);
  save_all->to_save = dup_checked_documents (dialog, TRUE);
  save_all->to_drop = dup_checked_documents (dialog, FALSE);
  save_all_next (self, save_all);
  g_atomic_rc_box_release_full (save_all, (GDestroyNotify) save_all_clear);
}

void
_billet_window_confirm_close_all (BilletWindow *self,
                   GPtrArray    *modified)
{
  GtkWidget *dialog;
  GtkWidget *list = gtk_list_box_new ();
  GPtrArray *checks = g_ptr_array_new ();
  g_autofree char *body = NULL;

  body = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                       "%u post has changes that are not saved. The checked posts are "
                                       "saved; the others lose their changes.",
                                       "%u posts have changes that are not saved. The checked posts are "
                                       "saved; the others lose their changes.",
                                       modified->len),
                          modified->len);
  dialog = adw_message_dialog_new (GTK_WINDOW (self), _("Save Changes?"), body);

  gtk_list_box_set_selection_mode (GTK_LIST_BOX (list), GTK_SELECTION_NONE);
  gtk_widget_add_css_class (list, "boxed-list");
  for (guint i = 0; i < modified->len; i++)
    {
      BilletDocument *document = g_ptr_array_index (modified, i);
      GFile *file = billet_document_get_file (document);
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *check = gtk_check_button_new ();
      g_autofree char *name = file ? g_file_get_basename (file) : NULL;
      g_autofree char *folder = dup_folder_for_display (file);
      g_autofree char *subtitle = NULL;

      if (name == NULL)
        subtitle = g_strdup (_("Not saved yet"));
      else if (folder != NULL)
        /* Translators: a file's name, then the folder it is in */
        subtitle = g_strdup_printf (_("%s in %s"), name, folder);
      else
        subtitle = g_strdup (name);
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), billet_document_get_title (document));
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
      gtk_check_button_set_active (GTK_CHECK_BUTTON (check), TRUE);
      gtk_widget_set_valign (check, GTK_ALIGN_CENTER);
      gtk_accessible_update_property (GTK_ACCESSIBLE (check), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      billet_document_get_title (document), -1);
      g_object_set_data_full (G_OBJECT (check), "document", g_object_ref (document), g_object_unref);
      g_signal_connect (check, "toggled", G_CALLBACK (on_close_check_toggled_cb), dialog);
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), check);
      adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), check);
      gtk_list_box_append (GTK_LIST_BOX (list), row);
      g_ptr_array_add (checks, check);
    }
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), list);

  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "discard", _("_Discard All"),
                                    "save", _("_Save"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "discard",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "save",
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "save");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_object_set_data_full (G_OBJECT (dialog), "checks", checks, (GDestroyNotify) g_ptr_array_unref);
  /* As in _billet_window_confirm_discard(): the window's reference goes with the dialog. */
  g_signal_connect_data (dialog, "response", G_CALLBACK (on_close_all_response_cb), g_object_ref (self),
                         (GClosureNotify) (void (*) (void)) g_object_unref, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* Closing */

void
_billet_window_close_after_confirm (BilletWindow *self,
                     gpointer      data)
{
  self->close_confirmed = TRUE;
  gtk_window_close (GTK_WINDOW (self));
}


