/* billet-window-images.c — images pasted or dropped into the source
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Part of BilletWindow (see billet-window-private.h). A picture pasted
 * from the clipboard, image files copied in a file manager and pasted, or
 * image files dropped on the source are copied where the post's site keeps
 * a post's images (the rules are the core's: billet-image-place) and
 * linked as `![alt](path)` where the cursor was, or where they were
 * dropped. Reading, encoding and copying run in a worker; then a popover
 * at that place asks for the alt text (it may stay empty, but it says why
 * it matters), warns about a large image (never resized), and the link is
 * inserted as one undoable step, which the preview shows at once.
 */

#define G_LOG_DOMAIN "Billet"

#include "config.h"

#include <glib/gi18n.h>

#include "billet-image-place.h"
#include "billet-image-store.h"
#include "billet-page-bundle.h"
#include "billet-window-private.h"

typedef struct
{
  BilletDocument  *document;
  GtkTextMark     *mark;      /* where the links go, in the body buffer */
  GWeakRef        *window;
  GPtrArray       *stored;    /* BilletStoredImage, once copied */
  /* the popover */
  GtkWidget       *popover;
  GPtrArray       *entries;
  gboolean         inserted;
  gboolean         bundle_first;  /* the author chose "Turn into a Page Bundle First" */
} ImageJob;

static void
image_job_free (gpointer data)
{
  ImageJob *job = data;

  if (job->mark != NULL && !gtk_text_mark_get_deleted (job->mark))
    gtk_text_buffer_delete_mark (gtk_text_mark_get_buffer (job->mark), job->mark);
  g_clear_object (&job->mark);
  g_clear_object (&job->document);
  if (job->window != NULL)
    {
      g_weak_ref_clear (job->window);
      g_free (job->window);
    }
  g_clear_pointer (&job->stored, g_ptr_array_unref);
  g_clear_pointer (&job->entries, g_ptr_array_unref);
  g_free (job);
}

static void
insert_links (ImageJob *job)
{
  GtkTextBuffer *buffer;
  GtkTextIter iter;
  g_autoptr(GString) text = g_string_new (NULL);

  if (job->inserted || gtk_text_mark_get_deleted (job->mark))
    return;
  job->inserted = TRUE;
  for (guint i = 0; i < job->stored->len; i++)
    {
      BilletStoredImage *one = g_ptr_array_index (job->stored, i);
      g_autofree char *alt = g_strdup (gtk_editable_get_text (g_ptr_array_index (job->entries, i)));
      g_autofree char *md = billet_image_place_markdown (g_strstrip (alt), one->link);

      if (i > 0)
        g_string_append (text, "\n\n");
      g_string_append (text, md);
    }
  buffer = gtk_text_mark_get_buffer (job->mark);
  gtk_text_buffer_get_iter_at_mark (buffer, &iter, job->mark);
  gtk_text_buffer_begin_user_action (buffer);
  gtk_text_buffer_insert (buffer, &iter, text->str, (int) text->len);
  gtk_text_buffer_place_cursor (buffer, &iter);
  gtk_text_buffer_end_user_action (buffer);
}

static gboolean
unparent_cb (gpointer data)
{
  GtkWidget *popover = data;

  if (gtk_widget_get_parent (popover) != NULL)
    gtk_widget_unparent (popover);
  g_object_unref (popover);
  return G_SOURCE_REMOVE;
}

static void
make_bundle_after_save (BilletWindow *self,
                        gpointer      data)
{
  BilletDocument *document = data;

  if (document == self->document && !billet_document_get_modified (document))
    gtk_widget_activate_action (GTK_WIDGET (self), "win.make-bundle", NULL);
}

/* However the popover closes (Insert, Enter, Escape, a click elsewhere),
 * the images are linked with the alt text typed so far: they are copied
 * already, and one undo takes the link away. "Turn into a Page Bundle
 * First" links them too, saves the post (it had no other unsaved change:
 * only the links are written), and turns it into a bundle, which moves the
 * images in beside it and rewrites their links, as the menu's item does,
 * with its toast and its Undo. */
static void
on_popover_closed_cb (GtkPopover *popover,
                      ImageJob   *job)
{
  gboolean had_inserted = job->inserted;

  insert_links (job);
  if (job->bundle_first && !had_inserted && job->window != NULL)
    {
      g_autoptr(BilletWindow) self = g_weak_ref_get (job->window);

      if (self != NULL && self->document == job->document)
        _billet_window_save_then (self, make_bundle_after_save, g_object_ref (job->document), g_object_unref);
    }
  g_idle_add (unparent_cb, g_object_ref (popover));
}

/* The window closes with the popover open: nothing is inserted into a
 * post on its way out, and the popover leaves its view before the view
 * is torn down (GtkTextView's dispose only knows its own children). */
static void
on_view_unrealize_cb (GtkWidget *popover)
{
  ImageJob *job = g_object_get_data (G_OBJECT (popover), "billet-image-job");

  job->inserted = TRUE;
  if (gtk_widget_get_parent (popover) != NULL)
    gtk_widget_unparent (popover);
}

static void
on_insert_cb (ImageJob *job)
{
  gtk_popover_popdown (GTK_POPOVER (job->popover));
}

static void
on_bundle_first_cb (ImageJob *job)
{
  job->bundle_first = TRUE;
  gtk_popover_popdown (GTK_POPOVER (job->popover));
}

static char *
large_warning (const BilletStoredImage *one)
{
  g_autofree char *size = g_format_size (one->size);

  if (one->width > 0 && one->height > 0)
    /* Translators: a file's name, its size ("1.2 MB") and its width and height in pixels */
    return g_strdup_printf (_("“%s” is large (%s, %d × %d pixels): readers on a slow connection wait for it. "
                              "Billet does not resize it."),
                            one->name, size, one->width, one->height);
  /* Translators: a file's name and its size ("1.2 MB") */
  return g_strdup_printf (_("“%s” is large (%s): readers on a slow connection wait for it. "
                            "Billet does not resize it."),
                          one->name, size);
}

static void
show_popover (BilletWindow *self,
              ImageJob     *job)
{
  GtkTextView *view = GTK_TEXT_VIEW (self->source_view);
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *buttons = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *title, *note, *button;
  GtkTextIter iter;
  GdkRectangle rect;

  job->entries = g_ptr_array_new ();
  job->window = _billet_window_weak_new (self);
  job->popover = gtk_popover_new ();
  gtk_widget_set_halign (buttons, GTK_ALIGN_END);
  gtk_widget_add_css_class (job->popover, "billet-image-popover");
  gtk_widget_set_margin_top (box, 6);
  gtk_widget_set_margin_bottom (box, 6);
  gtk_widget_set_margin_start (box, 6);
  gtk_widget_set_margin_end (box, 6);

  title = gtk_label_new (g_dngettext (GETTEXT_PACKAGE, "Describe the image", "Describe the images",
                                     job->stored->len));
  gtk_widget_add_css_class (title, "heading");
  gtk_label_set_xalign (GTK_LABEL (title), 0.0);
  gtk_box_append (GTK_BOX (box), title);

  for (guint i = 0; i < job->stored->len; i++)
    {
      BilletStoredImage *one = g_ptr_array_index (job->stored, i);
      GtkWidget *name = gtk_label_new (one->name);
      GtkWidget *entry = gtk_entry_new ();

      gtk_label_set_xalign (GTK_LABEL (name), 0.0);
      gtk_label_set_ellipsize (GTK_LABEL (name), PANGO_ELLIPSIZE_MIDDLE);
      gtk_widget_add_css_class (name, "caption");
      gtk_box_append (GTK_BOX (box), name);
      gtk_entry_set_placeholder_text (GTK_ENTRY (entry), _("What the image shows"));
      gtk_accessible_update_relation (GTK_ACCESSIBLE (entry),
                                      GTK_ACCESSIBLE_RELATION_LABELLED_BY, title, name, NULL, -1);
      g_signal_connect_swapped (entry, "activate", G_CALLBACK (on_insert_cb), job);
      gtk_box_append (GTK_BOX (box), entry);
      g_ptr_array_add (job->entries, entry);

      if (billet_image_is_large (one->size, one->width, one->height))
        {
          g_autofree char *text = large_warning (one);
          GtkWidget *warning = gtk_label_new (text);

          gtk_label_set_wrap (GTK_LABEL (warning), TRUE);
          gtk_label_set_max_width_chars (GTK_LABEL (warning), 40);
          gtk_label_set_xalign (GTK_LABEL (warning), 0.0);
          gtk_widget_add_css_class (warning, "warning");
          gtk_widget_add_css_class (warning, "billet-image-large");
          gtk_box_append (GTK_BOX (box), warning);
        }
    }

  note = gtk_label_new (_("Readers using a screen reader hear this text instead of the image. "
                          "It may stay empty for a purely decorative image."));
  gtk_label_set_wrap (GTK_LABEL (note), TRUE);
  gtk_label_set_max_width_chars (GTK_LABEL (note), 40);
  gtk_label_set_xalign (GTK_LABEL (note), 0.0);
  gtk_widget_add_css_class (note, "dim-label");
  gtk_widget_add_css_class (note, "caption");
  gtk_box_append (GTK_BOX (box), note);

  /* A plain Hugo or Zola post, with nothing else unsaved: it could keep
   * its images beside it, as a page bundle, rather than in static/. */
  if (((BilletStoredImage *) g_ptr_array_index (job->stored, 0))->in_static &&
      !billet_document_get_modified (job->document))
    {
      GtkWidget *offer = gtk_label_new (_("They were copied into the site’s static folder. "
                                          "A page bundle keeps a post’s images beside it instead."));
      GtkWidget *bundle = gtk_button_new_with_mnemonic (_("Turn into a Page _Bundle First"));

      gtk_label_set_wrap (GTK_LABEL (offer), TRUE);
      gtk_label_set_max_width_chars (GTK_LABEL (offer), 40);
      gtk_label_set_xalign (GTK_LABEL (offer), 0.0);
      gtk_widget_add_css_class (offer, "caption");
      gtk_box_append (GTK_BOX (box), offer);
      gtk_widget_add_css_class (bundle, "billet-image-bundle-first");
      gtk_widget_set_tooltip_text (bundle, _("Links the images, saves the post and makes it a page bundle, "
                                             "moving the images in beside it"));
      g_signal_connect_swapped (bundle, "clicked", G_CALLBACK (on_bundle_first_cb), job);
      gtk_box_append (GTK_BOX (buttons), bundle);
    }

  button = gtk_button_new_with_mnemonic (_("_Insert"));
  gtk_widget_add_css_class (button, "suggested-action");
  g_signal_connect_swapped (button, "clicked", G_CALLBACK (on_insert_cb), job);
  gtk_box_append (GTK_BOX (buttons), button);
  gtk_box_append (GTK_BOX (box), buttons);

  gtk_popover_set_child (GTK_POPOVER (job->popover), box);
  g_object_set_data_full (G_OBJECT (job->popover), "billet-image-job", job, image_job_free);
  g_signal_connect (job->popover, "closed", G_CALLBACK (on_popover_closed_cb), job);

  gtk_text_buffer_get_iter_at_mark (gtk_text_mark_get_buffer (job->mark), &iter, job->mark);
  gtk_text_view_get_iter_location (view, &iter, &rect);
  gtk_text_view_buffer_to_window_coords (view, GTK_TEXT_WINDOW_WIDGET, rect.x, rect.y, &rect.x, &rect.y);
  rect.width = MAX (rect.width, 1);
  gtk_widget_set_parent (job->popover, GTK_WIDGET (view));
  g_signal_connect_object (view, "unrealize", G_CALLBACK (on_view_unrealize_cb), job->popover, G_CONNECT_SWAPPED);
  gtk_popover_set_pointing_to (GTK_POPOVER (job->popover), &rect);
  gtk_popover_popup (GTK_POPOVER (job->popover));
  gtk_widget_grab_focus (g_ptr_array_index (job->entries, 0));
}

static void
store_done_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      data)
{
  ImageJob *job = data;
  g_autoptr(BilletWindow) self = _billet_window_weak_take (g_steal_pointer (&job->window));
  g_autoptr(GError) error = NULL;

  job->stored = billet_image_store_finish (result, &error);
  if (job->stored == NULL)
    {
      if (self != NULL && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_autofree char *text = g_strdup_printf (_("Could not copy the image: %s"), error->message);

          _billet_window_toast (self, text);
        }
      image_job_free (job);
      return;
    }
  /* The window closed, or shows another post: the copies stay, unlinked. */
  if (self == NULL || self->document != job->document || gtk_text_mark_get_deleted (job->mark) ||
      job->stored->len == 0)
    {
      image_job_free (job);
      return;
    }
  /* The popover owns the job from now on. */
  show_popover (self, job);
}

/* Starts copying @files (GFile), or @texture, for a link at @where. */
static void
store_images (BilletWindow *self,
              GtkTextIter  *where,
              GPtrArray    *files,
              GdkTexture   *texture)
{
  GFile *file = billet_document_get_file (self->document);
  GtkTextBuffer *buffer = gtk_text_iter_get_buffer (where);
  g_autofree char *post_path = NULL;
  ImageJob *job;

  if (file == NULL || g_file_peek_path (file) == NULL)
    {
      _billet_window_toast (self, _("Save the post first: its images are copied into its site, beside it"));
      return;
    }
  job = g_new0 (ImageJob, 1);
  job->document = g_object_ref (self->document);
  job->mark = g_object_ref (gtk_text_buffer_create_mark (buffer, NULL, where, FALSE));
  job->window = _billet_window_weak_new (self);
  post_path = g_file_get_path (file);
  billet_image_store_async (post_path, files, texture, NULL, store_done_cb, job);
}

static void
insert_iter (BilletWindow *self,
             GtkTextIter  *iter)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (self->source_view));

  gtk_text_buffer_get_iter_at_mark (buffer, iter, gtk_text_buffer_get_insert (buffer));
}

/* Drop */

static gboolean
on_source_drop_cb (GtkDropTarget *target,
                   const GValue  *value,
                   double         x,
                   double         y,
                   BilletWindow  *self)
{
  GtkTextView *view = GTK_TEXT_VIEW (self->source_view);
  g_autoptr(GPtrArray) files = NULL;
  GtkTextIter iter;
  int bx, by;

  if (!G_VALUE_HOLDS (value, GDK_TYPE_FILE_LIST))
    return FALSE;
  files = billet_image_store_dup_images (g_value_get_boxed (value));
  /* Posts and folders open, as anywhere else in the window. */
  if (files == NULL)
    return _billet_window_on_drop_cb (target, value, x, y, self);

  gtk_text_view_window_to_buffer_coords (view, GTK_TEXT_WINDOW_WIDGET, (int) x, (int) y, &bx, &by);
  if (!gtk_text_view_get_iter_at_location (view, &iter, bx, by))
    insert_iter (self, &iter);
  store_images (self, &iter, files, NULL);
  return TRUE;
}

/* Paste */

static void
paste_text (BilletWindow *self)
{
  GtkTextView *view = GTK_TEXT_VIEW (self->source_view);

  gtk_text_buffer_paste_clipboard (gtk_text_view_get_buffer (view),
                                   gtk_widget_get_clipboard (GTK_WIDGET (view)),
                                   NULL, gtk_text_view_get_editable (view));
}

static void
read_files_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      data)
{
  g_autoptr(BilletWindow) self = _billet_window_weak_take (data);
  const GValue *value = gdk_clipboard_read_value_finish (GDK_CLIPBOARD (object), result, NULL);
  g_autoptr(GPtrArray) files = NULL;
  GtkTextIter iter;

  if (self == NULL || self->source_view == NULL)
    return;
  if (value != NULL)
    files = billet_image_store_dup_images (g_value_get_boxed (value));
  if (files == NULL)
    {
      paste_text (self);
      return;
    }
  insert_iter (self, &iter);
  store_images (self, &iter, files, NULL);
}

static void
read_texture_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      data)
{
  g_autoptr(BilletWindow) self = _billet_window_weak_take (data);
  g_autoptr(GdkTexture) texture = gdk_clipboard_read_texture_finish (GDK_CLIPBOARD (object), result, NULL);
  GtkTextIter iter;

  if (self == NULL || self->source_view == NULL)
    return;
  if (texture == NULL)
    {
      paste_text (self);
      return;
    }
  insert_iter (self, &iter);
  store_images (self, &iter, NULL, texture);
}

/* Text pastes as text: an application that copies text often offers a
 * picture of it too. Files, then a picture, are read the way of images. */
static void
on_paste_clipboard_cb (GtkTextView  *view,
                       BilletWindow *self)
{
  GdkClipboard *clipboard = gtk_widget_get_clipboard (GTK_WIDGET (view));
  GdkContentFormats *offered = gdk_clipboard_get_formats (clipboard);
  g_autoptr(GdkContentFormats) readable = NULL;

  if (!gtk_text_view_get_editable (view) ||
      gdk_content_formats_contain_gtype (offered, G_TYPE_STRING) ||
      gdk_content_formats_contain_mime_type (offered, "text/plain") ||
      gdk_content_formats_contain_mime_type (offered, "text/plain;charset=utf-8"))
    {
      /* A file manager's copy offers text too (the paths): its files
       * still go as images. */
      if (!gdk_content_formats_contain_gtype (offered, GDK_TYPE_FILE_LIST) &&
          !gdk_content_formats_contain_mime_type (offered, "text/uri-list"))
        return;
    }
  readable = gdk_content_formats_union_deserialize_gtypes (gdk_content_formats_ref (offered));
  if (gdk_content_formats_contain_gtype (readable, GDK_TYPE_FILE_LIST))
    {
      g_signal_stop_emission_by_name (view, "paste-clipboard");
      gdk_clipboard_read_value_async (clipboard, GDK_TYPE_FILE_LIST, G_PRIORITY_DEFAULT, NULL,
                                      read_files_cb, _billet_window_weak_new (self));
    }
  else if (gdk_content_formats_contain_gtype (readable, GDK_TYPE_TEXTURE))
    {
      g_signal_stop_emission_by_name (view, "paste-clipboard");
      gdk_clipboard_read_texture_async (clipboard, NULL, read_texture_cb, _billet_window_weak_new (self));
    }
}

void
_billet_window_setup_images (BilletWindow *self)
{
  GtkDropTarget *drop = gtk_drop_target_new (GDK_TYPE_FILE_LIST, GDK_ACTION_COPY);

  g_signal_connect (drop, "drop", G_CALLBACK (on_source_drop_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self->source_view), GTK_EVENT_CONTROLLER (drop));
  g_signal_connect (self->source_view, "paste-clipboard", G_CALLBACK (on_paste_clipboard_cb), self);
}

/* Turn into a page bundle, and back
 *
 * The conversion moves files on disk and replaces the document the window
 * shows, so its undo is not the text's Ctrl+Z (which belongs to the
 * buffer, and would be lost with it): it is the toast's Undo button, the
 * usual GNOME way to take back an operation on files, which stays
 * possible (win.undo-bundle) until the next conversion. */

static void
make_bundle_thread (GTask        *task,
                    gpointer      source_object,
                    gpointer      task_data,
                    GCancellable *cancellable)
{
  const char *post_path = task_data;
  g_autoptr(BilletSite) site = billet_site_new_for_path (post_path, NULL);
  g_autoptr(GError) error = NULL;
  BilletPageBundleUndo *undo = NULL;
  guint n_moved = 0;

  if (site == NULL)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED, "%s",
                               _("The post belongs to no site"));
      return;
    }
  if (!billet_page_bundle_convert (site, post_path, NULL, &n_moved, &undo, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  g_object_set_data (G_OBJECT (task), "billet-n-moved", GUINT_TO_POINTER (n_moved));
  g_task_return_pointer (task, undo, (GDestroyNotify) billet_page_bundle_undo_free);
}

/* The window shows @path instead of @old, whose file is gone: its
 * document would count as unsaved. */
static void
show_moved_post (BilletWindow   *self,
                 BilletDocument *old,
                 const char     *path)
{
  g_autoptr(BilletDocument) blank = NULL;
  g_autoptr(GFile) file = g_file_new_for_path (path);

  if (self->documents != NULL)
    g_ptr_array_remove (self->documents, old);
  if (old != self->document)
    return;
  blank = billet_document_new ();
  _billet_window_set_document (self, blank);
  billet_window_open_file (self, file);
}

static void
make_bundle_done_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      data)
{
  g_autoptr(BilletWindow) self = _billet_window_weak_take (data);
  g_autoptr(GError) error = NULL;
  g_autoptr(BilletPageBundleUndo) undo = g_task_propagate_pointer (G_TASK (result), &error);
  guint n_moved = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (result), "billet-n-moved"));
  g_autoptr(BilletDocument) old = NULL;
  g_autofree char *text = NULL;
  AdwToast *toast;

  if (self == NULL)
    return;
  if (undo == NULL)
    {
      text = g_strdup_printf (_("Could not turn the post into a page bundle: %s"), error->message);
      _billet_window_toast (self, text);
      return;
    }
  old = g_object_ref (self->document);
  show_moved_post (self, old, billet_page_bundle_undo_get_bundle_path (undo));
  g_clear_pointer (&self->bundle_undo, billet_page_bundle_undo_free);
  self->bundle_undo = g_steal_pointer (&undo);
  text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                       "Turned into a page bundle, with %u image moved in",
                                       "Turned into a page bundle, with %u images moved in", n_moved),
                          n_moved);
  toast = adw_toast_new (text);
  adw_toast_set_button_label (toast, _("_Undo"));
  adw_toast_set_action_name (toast, "win.undo-bundle");
  /* The toast of an earlier conversion undoes nothing else. */
  adw_toast_set_action_target_value (toast,
                                     g_variant_new_string (billet_page_bundle_undo_get_bundle_path (self->bundle_undo)));
  adw_toast_set_timeout (toast, 10);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

void
_billet_window_make_bundle_action (GtkWidget  *widget,
                                   const char *action_name,
                                   GVariant   *parameter)
{
  BilletWindow *self = BILLET_WINDOW (widget);
  GFile *file = billet_document_get_file (self->document);
  g_autoptr(GTask) task = NULL;

  if (file == NULL || g_file_peek_path (file) == NULL)
    {
      _billet_window_toast (self, _("Save the post first: a new post has no folder yet"));
      return;
    }
  if (billet_document_get_modified (self->document))
    {
      _billet_window_toast (self, _("Save your changes first: the post moves on disk"));
      return;
    }
  task = g_task_new (NULL, NULL, make_bundle_done_cb, _billet_window_weak_new (self));
  g_task_set_source_tag (task, _billet_window_make_bundle_action);
  g_task_set_task_data (task, g_file_get_path (file), g_free);
  g_task_run_in_thread (task, make_bundle_thread);
}

static void
undo_bundle_thread (GTask        *task,
                    gpointer      source_object,
                    gpointer      task_data,
                    GCancellable *cancellable)
{
  GError *error = NULL;

  if (billet_page_bundle_revert (task_data, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

/* The document of the bundle's page, if the window has it open. */
static BilletDocument *
find_open_document (BilletWindow *self,
                    const char   *path)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  GFile *shown = billet_document_get_file (self->document);

  if (shown != NULL && g_file_equal (shown, file))
    return self->document;
  if (self->documents != NULL)
    return _billet_window_find_document (self, file);
  return NULL;
}

static void
undo_bundle_done_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      data)
{
  g_autoptr(BilletWindow) self = _billet_window_weak_take (data);
  /* The record is the task's, without a free function: kept on failure. */
  g_autoptr(BilletPageBundleUndo) undo = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  g_autofree char *name = NULL;
  BilletDocument *document;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      if (self == NULL)
        return;
      /* Kept: the author may put things back as they were and try again. */
      if (self->bundle_undo == NULL)
        self->bundle_undo = g_steal_pointer (&undo);
      text = g_strdup_printf (_("Could not undo the page bundle: %s"), error->message);
      _billet_window_toast (self, text);
      return;
    }
  if (self == NULL)
    return;
  document = find_open_document (self, billet_page_bundle_undo_get_bundle_path (undo));
  if (document != NULL)
    {
      g_autoptr(BilletDocument) old = g_object_ref (document);

      show_moved_post (self, old, billet_page_bundle_undo_get_post_path (undo));
    }
  name = g_path_get_basename (billet_page_bundle_undo_get_post_path (undo));
  text = g_strdup_printf (_("Undone: the post is “%s” again"), name);
  _billet_window_toast (self, text);
}

void
_billet_window_undo_bundle_action (GtkWidget  *widget,
                                   const char *action_name,
                                   GVariant   *parameter)
{
  BilletWindow *self = BILLET_WINDOW (widget);
  g_autoptr(GTask) task = NULL;
  BilletDocument *document;

  if (self->bundle_undo == NULL ||
      g_strcmp0 (g_variant_get_string (parameter, NULL),
                 billet_page_bundle_undo_get_bundle_path (self->bundle_undo)) != 0)
    {
      _billet_window_toast (self, _("Only the last page bundle made can be undone"));
      return;
    }
  document = find_open_document (self, billet_page_bundle_undo_get_bundle_path (self->bundle_undo));
  /* The core compares the page on disk; changes not saved yet are the
   * window's to see. */
  if (document != NULL && billet_document_get_modified (document))
    {
      _billet_window_toast (self, _("The bundle’s page has unsaved changes: save or discard them first"));
      return;
    }
  task = g_task_new (NULL, NULL, undo_bundle_done_cb, _billet_window_weak_new (self));
  g_task_set_source_tag (task, _billet_window_undo_bundle_action);
  g_task_set_task_data (task, g_steal_pointer (&self->bundle_undo), NULL);
  g_task_run_in_thread (task, undo_bundle_thread);
}
