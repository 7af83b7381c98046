/* billet-window.c — the editor window: form and source beside the preview
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The window shows one BilletDocument: the front-matter form above the
 * Markdown source on the start side, the preview on the end side. File
 * operations that would drop unsaved changes (open another post, new post,
 * close) first ask save / discard / cancel, and continue only after a save
 * that succeeded or an explicit discard.
 */

#define G_LOG_DOMAIN "Billet"

#include "config.h"

#include <errno.h>

#include <glib/gi18n.h>
#include <gmodule.h>

#include "billet-document-bars.h"
#include "billet-file.h"
#include "billet-new-post.h"
#include "billet-post-form.h"
#include "billet-render.h"
#include "billet-site.h"
#include "billet-search-bar.h"
#include "billet-sidebar.h"
#include "billet-window.h"

struct _BilletWindow
{
  AdwApplicationWindow  parent_instance;

  GSettings            *settings;
  BilletDocument       *document;
  GtkCssProvider       *font_css;
  GMenu                *recent_section;
  guint                 status_source;
  gboolean              close_confirmed;

  /* An open folder: its posts, and the documents open beside the active
   * one (absolute path → BilletDocument), each with its unsaved changes. */
  BilletPostList       *post_list;
  GPtrArray            *documents;
  guint                 restore_source;
  guint                 suggestions_source;
  gboolean              show_sidebar;

  /* template children */
  AdwWindowTitle       *window_title;
  AdwToastOverlay      *toast_overlay;
  AdwFlap              *flap;
  BilletSidebar        *sidebar;
  GtkWidget            *sidebar_toggle;
  GtkPaned             *main_paned;
  GtkPaned             *form_paned;
  GtkScrolledWindow    *form_scroller;
  BilletPostForm       *form;
  BilletSearchBar      *search_bar;
  BilletDocumentBars   *document_bars;
  GtkSourceView        *source_view;
  GtkLabel             *words_label;
  GtkLabel             *characters_label;
  GtkLabel             *reading_time_label;
  GtkLabel             *position_label;
  AdwBin               *preview_slot;
  GtkWidget            *preview;
  guint                 preview_source;
  GMenu                *recent_menu;
  guint                 recent_source;
};

G_DEFINE_FINAL_TYPE (BilletWindow, billet_window, ADW_TYPE_APPLICATION_WINDOW)

typedef void (*Continuation) (BilletWindow *self,
                              gpointer      data);

static void save_as (BilletWindow *self, Continuation then, gpointer data, GDestroyNotify free_data);
static void on_cursor_moved_cb (BilletWindow *self);

/* Messages */

static void
show_error (BilletWindow *self,
            const char   *heading,
            const char   *body)
{
  GtkWidget *dialog = adw_message_dialog_new (GTK_WINDOW (self), heading, body);

  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
toast (BilletWindow *self,
       const char   *text)
{
  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (text));
}

/* Title and status */

static void
update_title (BilletWindow *self)
{
  const char *title = billet_document_get_title (self->document);
  GFile *file = billet_document_get_file (self->document);
  g_autofree char *shown = NULL;
  g_autofree char *subtitle = NULL;

  if (billet_document_get_modified (self->document))
    shown = g_strdup_printf ("• %s", title);
  else
    shown = g_strdup (title);
  adw_window_title_set_title (self->window_title, shown);
  gtk_window_set_title (GTK_WINDOW (self), shown);

  if (file != NULL)
    {
      g_autoptr(GFile) parent = g_file_get_parent (file);
      g_autofree char *path = parent ? g_file_get_path (parent) : NULL;
      const char *home = g_get_home_dir ();
      g_autofree char *name = g_file_get_basename (file);

      if (path != NULL && g_str_has_prefix (path, home))
        subtitle = g_strdup_printf ("~%s/%s", path + strlen (home), name);
      else if (path != NULL)
        subtitle = g_build_filename (path, name, NULL);
    }
  else
    subtitle = g_strdup (_("Not saved yet"));
  adw_window_title_set_subtitle (self->window_title, subtitle);
}

static void
update_position (BilletWindow *self)
{
  GtkTextBuffer *buffer = GTK_TEXT_BUFFER (billet_document_get_body_buffer (self->document));
  GtkTextIter iter;
  g_autofree char *text = NULL;
  guint line_offset = billet_document_get_body_line (self->document);

  gtk_text_buffer_get_iter_at_mark (buffer, &iter, gtk_text_buffer_get_insert (buffer));
  /* Translators: the cursor's line and column in the status line */
  text = g_strdup_printf (_("Ln %d, Col %d"),
                          gtk_text_iter_get_line (&iter) + (int) line_offset,
                          gtk_source_view_get_visual_column (self->source_view, &iter) + 1);
  gtk_label_set_text (self->position_label, text);
}

static gboolean
update_status_cb (gpointer user_data)
{
  BilletWindow *self = user_data;
  GtkTextBuffer *buffer = GTK_TEXT_BUFFER (billet_document_get_body_buffer (self->document));
  GtkTextIter start, end;
  g_autofree char *text = NULL;
  g_autofree char *words = NULL;
  g_autofree char *characters = NULL;
  g_autofree char *minutes = NULL;
  guint n_words;
  guint n_minutes;
  int n_chars;

  self->status_source = 0;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  text = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
  n_words = (guint) billet_markdown_count_words (text, strlen (text));
  n_chars = gtk_text_buffer_get_char_count (buffer);
  n_minutes = (guint) billet_markdown_reading_minutes (n_words);

  words = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u word", "%u words", n_words), n_words);
  characters = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d character", "%d characters", n_chars),
                                n_chars);
  minutes = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u min read", "%u min read", n_minutes),
                             n_minutes);
  gtk_label_set_text (self->words_label, words);
  gtk_label_set_text (self->characters_label, characters);
  gtk_label_set_text (self->reading_time_label, minutes);
  update_position (self);
  return G_SOURCE_REMOVE;
}

static void
queue_status (BilletWindow *self)
{
  /* Counting words walks the whole body: not on every keystroke. */
  if (self->status_source == 0)
    self->status_source = g_timeout_add (150, update_status_cb, self);
}

static void
update_actions (BilletWindow *self)
{
  gboolean has_file = billet_document_get_file (self->document) != NULL;
  gboolean modified = billet_document_get_modified (self->document);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.save", modified || !has_file);
}

/* Style scheme and font */

static void
update_style_scheme (BilletWindow *self)
{
  AdwStyleManager *manager = adw_style_manager_get_default ();
  GtkSourceStyleSchemeManager *schemes = gtk_source_style_scheme_manager_get_default ();
  const char *id = adw_style_manager_get_dark (manager) ? "Adwaita-dark" : "Adwaita";
  GtkSourceStyleScheme *scheme = gtk_source_style_scheme_manager_get_scheme (schemes, id);

  gtk_source_buffer_set_style_scheme (billet_document_get_body_buffer (self->document), scheme);
  gtk_source_buffer_set_style_scheme (billet_document_get_front_matter_buffer (self->document), scheme);
}

static void
update_font (BilletWindow *self)
{
  g_autofree char *font = g_settings_get_string (self->settings, "font");
  g_autoptr(PangoFontDescription) desc = pango_font_description_from_string (font);
  g_autoptr(GString) css = g_string_new ("textview.billet-source {");

  if (!g_settings_get_boolean (self->settings, "use-system-font") && desc != NULL)
    {
      PangoFontMask mask = pango_font_description_get_set_fields (desc);

      if (mask & PANGO_FONT_MASK_FAMILY)
        g_string_append_printf (css, "font-family: \"%s\";", pango_font_description_get_family (desc));
      if (mask & PANGO_FONT_MASK_SIZE)
        g_string_append_printf (css, "font-size: %dpt;",
                                pango_font_description_get_size (desc) / PANGO_SCALE);
      if (mask & PANGO_FONT_MASK_WEIGHT)
        g_string_append_printf (css, "font-weight: %d;", pango_font_description_get_weight (desc));
    }
  g_string_append (css, "}");
  gtk_css_provider_load_from_data (self->font_css, css->str, (gssize) css->len);
}

static gboolean
wrap_get_mapping (GValue   *value,
                  GVariant *variant,
                  gpointer  user_data)
{
  g_value_set_enum (value, g_variant_get_boolean (variant) ? GTK_WRAP_WORD_CHAR : GTK_WRAP_NONE);
  return TRUE;
}

static GVariant *
wrap_set_mapping (const GValue       *value,
                  const GVariantType *type,
                  gpointer            user_data)
{
  return g_variant_new_boolean (g_value_get_enum (value) != GTK_WRAP_NONE);
}

/* Documents */

static void
on_document_notify_cb (BilletWindow *self)
{
  update_title (self);
  update_actions (self);
}

/* Each document keeps where its view was, as a mark at the first line shown
 * (the cursor is the buffer's own insert mark, which stays with it). */
#define TOP_MARK "billet-window-top"

static void
remember_view (BilletWindow *self)
{
  GtkTextView *view = GTK_TEXT_VIEW (self->source_view);
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (view);
  GdkRectangle visible;
  GtkTextIter top;
  GtkTextMark *mark;

  if (self->document == NULL ||
      buffer != GTK_TEXT_BUFFER (billet_document_get_body_buffer (self->document)))
    return;
  gtk_text_view_get_visible_rect (view, &visible);
  gtk_text_view_get_iter_at_location (view, &top, visible.x, visible.y);
  if ((mark = gtk_text_buffer_get_mark (buffer, TOP_MARK)) != NULL)
    gtk_text_buffer_move_mark (buffer, mark, &top);
  else
    gtk_text_buffer_create_mark (buffer, TOP_MARK, &top, TRUE);
}

/* After a buffer swap the view has not measured the new text yet: scroll
 * once it has (an idle after layout). */
static gboolean
restore_view_cb (gpointer user_data)
{
  BilletWindow *self = user_data;
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (self->source_view));
  GtkTextMark *mark = gtk_text_buffer_get_mark (buffer, TOP_MARK);

  self->restore_source = 0;
  if (mark != NULL)
    gtk_text_view_scroll_to_mark (GTK_TEXT_VIEW (self->source_view), mark, 0.0, TRUE, 0.0, 0.0);
  return G_SOURCE_REMOVE;
}

static void
set_document (BilletWindow   *self,
              BilletDocument *document)
{
  if (self->document == document)
    return;
  remember_view (self);
  if (self->document != NULL)
    {
      /* The buffer's handlers too: with a folder open the document stays
       * alive, and would otherwise drive this window's status line. */
      g_signal_handlers_disconnect_by_data (self->document, self);
      g_signal_handlers_disconnect_by_data (billet_document_get_body_buffer (self->document), self);
    }
  g_set_object (&self->document, document);

  gtk_text_view_set_buffer (GTK_TEXT_VIEW (self->source_view),
                            GTK_TEXT_BUFFER (billet_document_get_body_buffer (document)));
  billet_post_form_set_document (self->form, document);
  billet_document_bars_set_document (self->document_bars, document);
  if (self->preview != NULL)
    g_object_set (self->preview, "document", document, NULL);

  g_signal_connect_swapped (document, "notify::title", G_CALLBACK (on_document_notify_cb), self);
  g_signal_connect_swapped (document, "notify::modified", G_CALLBACK (on_document_notify_cb), self);
  g_signal_connect_swapped (document, "notify::file", G_CALLBACK (on_document_notify_cb), self);
  g_signal_connect_swapped (billet_document_get_body_buffer (document), "changed",
                            G_CALLBACK (queue_status), self);
  g_signal_connect_swapped (billet_document_get_body_buffer (document), "notify::cursor-position",
                            G_CALLBACK (update_position), self);
  g_signal_connect_object (billet_document_get_body_buffer (document), "notify::cursor-position",
                           G_CALLBACK (on_cursor_moved_cb), self, G_CONNECT_SWAPPED);

  update_style_scheme (self);
  update_title (self);
  update_actions (self);
  /* Called directly, it would forget a pending count's source. */
  g_clear_handle_id (&self->status_source, g_source_remove);
  update_status_cb (self);

  g_clear_handle_id (&self->restore_source, g_source_remove);
  self->restore_source = g_idle_add_full (GTK_TEXT_VIEW_PRIORITY_VALIDATE + 1, restore_view_cb, self, NULL);
  if (self->post_list != NULL)
    {
      GFile *file = billet_document_get_file (document);

      billet_sidebar_select (self->sidebar, file ? billet_post_list_lookup (self->post_list, file) : NULL);
    }
}

static gboolean
add_recent_cb (gpointer data)
{
  gtk_recent_manager_add_item (gtk_recent_manager_get_default (), data);
  return G_SOURCE_REMOVE;
}

/* The recent manager reads its whole file when first used: not before the
 * window is drawn. */
static void
add_recent (GFile *file)
{
  g_idle_add_full (G_PRIORITY_LOW, add_recent_cb, g_file_get_uri (file), g_free);
}

/* Open documents of a folder */

/* The sidebar's dot follows each open post's unsaved changes. */
static void
on_kept_document_notify_cb (BilletDocument *document,
                            GParamSpec     *pspec,
                            BilletSidebar  *sidebar)
{
  BilletPostList *list = billet_sidebar_get_post_list (sidebar);
  GFile *file = billet_document_get_file (document);
  BilletPostItem *item = list && file ? billet_post_list_lookup (list, file) : NULL;

  if (item != NULL)
    billet_post_item_set_modified (item, billet_document_get_modified (document));
}

static void
track_document (BilletWindow   *self,
                BilletDocument *document)
{
  if (g_object_get_data (G_OBJECT (document), "billet-window-tracked") != NULL)
    return;
  g_object_set_data (G_OBJECT (document), "billet-window-tracked", GINT_TO_POINTER (TRUE));
  /* Not with the window as data: set_document() disconnects those. */
  g_signal_connect_object (document, "notify::modified", G_CALLBACK (on_kept_document_notify_cb),
                           self->sidebar, 0);
  g_signal_connect_object (document, "notify::file", G_CALLBACK (on_kept_document_notify_cb),
                           self->sidebar, 0);
  on_kept_document_notify_cb (document, NULL, self->sidebar);
}

static BilletDocument *
find_document (BilletWindow *self,
               GFile        *file)
{
  for (guint i = 0; i < self->documents->len; i++)
    {
      BilletDocument *document = g_ptr_array_index (self->documents, i);
      GFile *other = billet_document_get_file (document);

      if (other != NULL && g_file_equal (other, file))
        return document;
    }
  return NULL;
}

/* With a folder open, the post the author leaves stays open, with its
 * changes: only an untitled post nobody typed in is let go. */
static void
keep_document (BilletWindow   *self,
               BilletDocument *document)
{
  if (self->post_list == NULL || document == NULL ||
      g_ptr_array_find (self->documents, document, NULL))
    return;
  if (billet_document_get_file (document) == NULL && !billet_document_get_modified (document))
    return;
  g_ptr_array_add (self->documents, g_object_ref (document));
  track_document (self, document);
}

static void
switch_document (BilletWindow   *self,
                 BilletDocument *document)
{
  keep_document (self, self->document);
  keep_document (self, document);
  set_document (self, document);
}

/* The documents with unsaved changes, the active one first. */
static GPtrArray *
dup_modified_documents (BilletWindow *self)
{
  GPtrArray *modified = g_ptr_array_new_with_free_func (g_object_unref);

  if (billet_document_get_modified (self->document))
    g_ptr_array_add (modified, g_object_ref (self->document));
  for (guint i = 0; i < self->documents->len; i++)
    {
      BilletDocument *document = g_ptr_array_index (self->documents, i);

      if (document != self->document && billet_document_get_modified (document))
        g_ptr_array_add (modified, g_object_ref (document));
    }
  return modified;
}

static void offer_site (BilletWindow *self, GFile *file);

static gboolean
load_file (BilletWindow *self,
           GFile        *file)
{
  g_autoptr(BilletDocument) document = billet_document_new ();
  g_autoptr(GError) error = NULL;
  BilletDocument *open;

  if (self->post_list != NULL && (open = find_document (self, file)) != NULL)
    {
      switch_document (self, open);
      gtk_widget_grab_focus (GTK_WIDGET (self->source_view));
      return TRUE;
    }

  if (!billet_document_load (document, file, &error))
    {
      g_autofree char *name = g_file_get_basename (file);
      g_autofree char *heading = g_strdup_printf (_("Could Not Open “%s”"), name);

      show_error (self, heading, error->message);
      return FALSE;
    }
  if (self->post_list != NULL)
    switch_document (self, document);
  else
    set_document (self, document);
  add_recent (file);
  offer_site (self, file);
  gtk_widget_grab_focus (GTK_WIDGET (self->source_view));
  return TRUE;
}

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

/* Saving over a file that changed on disk since it was read: only if the
 * author says so. */
static void
on_overwrite_response_cb (AdwMessageDialog *dialog,
                          const char       *response,
                          BilletWindow     *self)
{
  BilletDocument *document = g_object_get_data (G_OBJECT (dialog), "billet-document");
  g_autoptr(GError) error = NULL;

  if (!g_str_equal (response, "overwrite") || document != self->document)
    return;
  if (!billet_document_save_full (document, NULL, BILLET_DOCUMENT_SAVE_OVERWRITE, &error))
    {
      g_autofree char *name = g_file_get_basename (billet_document_get_file (document));
      g_autofree char *heading = g_strdup_printf (_("Could Not Save “%s”"), name);

      show_error (self, heading, error->message);
      return;
    }
  add_recent (billet_document_get_file (document));
  toast (self, _("Saved"));
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

static gboolean
save_document (BilletWindow *self)
{
  g_autoptr(GError) error = NULL;
  GFile *file = billet_document_get_file (self->document);

  if (!billet_document_save (self->document, NULL, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_WRONG_ETAG))
        {
          confirm_overwrite (self);
          return FALSE;
        }
    }
  if (error != NULL)
    {
      g_autofree char *name = g_file_get_basename (file);
      g_autofree char *heading = g_strdup_printf (_("Could Not Save “%s”"), name);

      show_error (self, heading, error->message);
      return FALSE;
    }
  add_recent (file);
  return TRUE;
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
      if (billet_document_get_file (self->document) == NULL)
        {
          /* Save As, and only then go on. */
          Pending *again = g_new0 (Pending, 1);

          again->self = g_object_ref (self);
          again->then = pending->then;
          again->data = g_steal_pointer (&pending->data);
          again->free_data = pending->free_data;
          save_as (self, run_then_pending, again, (GDestroyNotify) pending_free);
        }
      else if (save_document (self))
        pending_run (pending);
    }
  /* Not freed here: see confirm_discard(). */
}

static void
confirm_discard (BilletWindow   *self,
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

typedef void (*FileChosen) (BilletWindow *self, GFile *file, gpointer data);

typedef struct
{
  BilletWindow   *self;
  FileChosen      chosen;
  gpointer        data;
  GDestroyNotify  free_data;
} Chooser;

static void
on_chooser_response_cb (GtkNativeDialog *native,
                        int              response,
                        Chooser         *chooser)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (native));

      if (file != NULL)
        chooser->chosen (chooser->self, file, chooser->data);
    }
  if (chooser->free_data && chooser->data)
    chooser->free_data (chooser->data);
  g_object_unref (chooser->self);
  g_free (chooser);
  g_object_unref (native);
}

static void
choose_file (BilletWindow         *self,
             GtkFileChooserAction  action,
             const char           *title,
             const char           *accept,
             const char           *suggested_name,
             gboolean              markdown_filter,
             FileChosen            chosen,
             gpointer              data,
             GDestroyNotify        free_data)
{
  GtkFileChooserNative *native = gtk_file_chooser_native_new (title, GTK_WINDOW (self), action,
                                                              accept, _("_Cancel"));
  Chooser *chooser = g_new0 (Chooser, 1);
  GFile *current = billet_document_get_file (self->document);

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
      gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (native), filter);
      gtk_file_filter_set_name (all, _("All Files"));
      gtk_file_filter_add_pattern (all, "*");
      gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (native), all);
      g_object_unref (filter);
      g_object_unref (all);
    }
  if (current != NULL)
    {
      g_autoptr(GFile) folder = g_file_get_parent (current);

      if (folder != NULL)
        gtk_file_chooser_set_current_folder (GTK_FILE_CHOOSER (native), folder, NULL);
    }
  if (suggested_name != NULL)
    gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (native), suggested_name);

  g_signal_connect (native, "response", G_CALLBACK (on_chooser_response_cb), chooser);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (native));
}

/* Actions */

static void
open_chosen (BilletWindow *self,
             GFile        *file,
             gpointer      data)
{
  load_file (self, file);
}

static void
open_after_confirm (BilletWindow *self,
                    gpointer      data)
{
  if (data != NULL)
    load_file (self, data);
  else
    choose_file (self, GTK_FILE_CHOOSER_ACTION_OPEN, _("Open a Post"), _("_Open"), NULL, TRUE,
                 open_chosen, NULL, NULL);
}

static void
open_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  confirm_discard (BILLET_WINDOW (widget), open_after_confirm, NULL, NULL);
}

static void
open_recent_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  GFile *file = g_file_new_for_uri (g_variant_get_string (parameter, NULL));

  confirm_discard (BILLET_WINDOW (widget), open_after_confirm, file, g_object_unref);
}

static void
new_after_confirm (BilletWindow *self,
                   gpointer      data)
{
  g_autoptr(BilletDocument) document = billet_document_new ();

  set_document (self, document);
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

static void
create_post (BilletWindow *self,
             const char   *title)
{
  BilletSite *site = billet_post_list_get_site (self->post_list);
  const char *folder = billet_post_list_get_folder (self->post_list);
  const char * const *content_dirs = billet_site_get_content_dirs (site);
  g_autofree char *section = new_post_section (self);
  g_autofree char *slug = billet_new_post_slug (title);
  g_autofree char *archetype = billet_new_post_read_archetype (site, section);
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *contents = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) error = NULL;
  const char *base = folder;

  /* Below the content folder when the site's root is open. */
  if (g_str_equal (folder, billet_site_get_root (site)) && content_dirs[0] != NULL &&
      g_file_test (content_dirs[0], G_FILE_TEST_IS_DIR))
    base = content_dirs[0];
  dir = g_build_filename (base, section, NULL);
  path = billet_new_post_unique_path (dir, slug);
  contents = billet_new_post_contents (archetype, title, now, section_dates_are_days (self, section));

  if (g_mkdir_with_parents (dir, 0755) != 0 ||
      !billet_file_write_safely (path, contents, strlen (contents), BILLET_WRITE_NONE, &error))
    {
      g_autofree char *name = g_path_get_basename (path);
      g_autofree char *heading = g_strdup_printf (_("Could Not Create “%s”"), name);

      show_error (self, heading, error ? error->message : g_strerror (errno));
      return;
    }
  file = g_file_new_for_path (path);
  billet_post_list_refresh_file (self->post_list, file);
  load_file (self, file);
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

static void
new_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *parameter)
{
  BilletWindow *self = BILLET_WINDOW (widget);

  /* In a site, the post on screen stays open beside the new one. */
  if (self->post_list != NULL)
    ask_new_post (self);
  else
    confirm_discard (self, new_after_confirm, NULL, NULL);
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
  g_autoptr(GError) error = NULL;

  if (!billet_document_save (self->document, file, &error))
    {
      g_autofree char *name = g_file_get_basename (file);
      g_autofree char *heading = g_strdup_printf (_("Could Not Save “%s”"), name);

      show_error (self, heading, error->message);
      return;
    }
  add_recent (file);
  toast (self, _("Saved"));
  if (after != NULL && after->then != NULL)
    after->then (self, after->data);
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
  choose_file (self, GTK_FILE_CHOOSER_ACTION_SAVE, _("Save the Post"), _("_Save"), name, TRUE,
               save_as_chosen, after, (GDestroyNotify) after_save_free);
}

static void
save_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  BilletWindow *self = BILLET_WINDOW (widget);

  if (billet_document_get_file (self->document) == NULL)
    save_as (self, NULL, NULL, NULL);
  else if (save_document (self))
    toast (self, _("Saved"));
}

static void
save_as_action (GtkWidget  *widget,
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
  g_autoptr(BilletSite) site = job->source_path ? billet_site_new_for_path (job->source_path, NULL) : NULL;
  BilletRenderOptions options = { .markdown_flags = BILLET_MARKDOWN_DEFAULT };
  g_autofree char *html = NULL;
  GError *error = NULL;
  gsize len = 0;

  /* As `billet export`: the site's language and raw-HTML setting. */
  if (site != NULL && billet_site_get_language (site) != NULL)
    options.fallback_lang = billet_site_get_language (site);
  else
    options.fallback_lang = job->fallback_lang;
  if (site != NULL && billet_site_get_unsafe (site))
    options.markdown_flags = BILLET_MARKDOWN_UNSAFE;

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
        show_error (self, heading, error->message);
      else
        g_warning ("%s: %s", heading, error->message);
      return;
    }

  if (self->toast_overlay != NULL)
    {
      g_autofree char *message = g_strdup_printf (_("Exported to “%s”"), job->name);

      toast (self, message);
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
      show_error (self, heading, _("Billet saves to local files only"));
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

static void
export_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  BilletWindow *self = BILLET_WINDOW (widget);
  g_autofree char *name = suggest_name (self, ".html");

  choose_file (self, GTK_FILE_CHOOSER_ACTION_SAVE, _("Export to HTML"), _("_Export"), name, FALSE,
               export_chosen, NULL, NULL);
}

static void
close_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  gtk_window_close (GTK_WINDOW (widget));
}

static void
find_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  BilletWindow *self = BILLET_WINDOW (widget);

  billet_search_bar_begin (self->search_bar, g_str_equal (action_name, "win.replace"));
}

/* Scroll sync with the preview
 *
 * The preview lives in a module the window does not link: it is driven by
 * name, through its "scroll-to-line" and "reveal-line" action signals and
 * its "line-activated" signal. Lines are the body's, 1-based, so the
 * source view's line + 1 (the view shows the body only). */

static void
on_source_scrolled_cb (BilletWindow *self)
{
  GtkTextView *view = GTK_TEXT_VIEW (self->source_view);
  GdkRectangle visible;
  GtkTextIter iter;
  int line_top = 0;
  int line_height = 0;
  double line;

  if (self->preview == NULL || !gtk_widget_get_mapped (GTK_WIDGET (view)))
    return;

  /* The top visible line, and how far down it the view's top is. */
  gtk_text_view_get_visible_rect (view, &visible);
  gtk_text_view_get_line_at_y (view, &iter, visible.y, &line_top);
  gtk_text_view_get_line_yrange (view, &iter, &line_top, &line_height);
  line = gtk_text_iter_get_line (&iter) + 1;
  if (line_height > 0 && visible.y > line_top)
    line += (double) (visible.y - line_top) / line_height;

  g_signal_emit_by_name (self->preview, "scroll-to-line", line);
}

static void
on_cursor_moved_cb (BilletWindow *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (self->source_view));
  GtkTextIter iter;

  if (self->preview == NULL || !gtk_widget_has_focus (GTK_WIDGET (self->source_view)))
    return;

  gtk_text_buffer_get_iter_at_mark (buffer, &iter, gtk_text_buffer_get_insert (buffer));
  g_signal_emit_by_name (self->preview, "reveal-line", (guint) gtk_text_iter_get_line (&iter) + 1);
}

static void
on_preview_line_activated_cb (BilletWindow *self,
                              guint         line)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (self->source_view));
  GtkTextIter iter;

  gtk_text_buffer_get_iter_at_line (buffer, &iter, (int) line - 1);
  gtk_text_buffer_place_cursor (buffer, &iter);
  gtk_text_view_scroll_to_mark (GTK_TEXT_VIEW (self->source_view), gtk_text_buffer_get_insert (buffer),
                                0.1, FALSE, 0.0, 0.0);
  gtk_widget_grab_focus (GTK_WIDGET (self->source_view));
}

static void
connect_preview_sync (BilletWindow *self)
{
  g_settings_bind (self->settings, "sync-scroll", self->preview, "sync-scroll", G_SETTINGS_BIND_GET);
  g_settings_bind (self->settings, "load-remote-images", self->preview, "load-remote-images",
                   G_SETTINGS_BIND_GET);
  /* Both ways: the preview's bar adds a site. */
  g_settings_bind (self->settings, "remote-image-sites", self->preview, "remote-image-sites",
                   G_SETTINGS_BIND_DEFAULT);
  g_signal_connect_object (self->preview, "line-activated",
                           G_CALLBACK (on_preview_line_activated_cb), self, G_CONNECT_SWAPPED);
}

static void
connect_source_sync (BilletWindow *self)
{
  GtkAdjustment *vadjustment = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (self->source_view));

  g_signal_connect_object (vadjustment, "value-changed",
                           G_CALLBACK (on_source_scrolled_cb), self, G_CONNECT_SWAPPED);
}

/* The preview */

/* The type of the preview widget, from the module that holds it (linking
 * WebKit into the editor would delay the window by its relocations): beside
 * the executable's folder in a build tree, else where it is installed. A
 * program that has the type already (the tests) uses its own. */
static GType
preview_type (GError **error)
{
  static GType type = 0;
  g_autofree char *self = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *beside = NULL;
  const char *candidates[2];
  GModule *module = NULL;
  gpointer get_type = NULL;

  if (type != 0)
    return type;
  if ((type = g_type_from_name ("BilletPreview")) != 0)
    return type;

  self = g_file_read_link ("/proc/self/exe", NULL);
  dir = self ? g_path_get_dirname (self) : g_strdup (".");
  beside = g_build_filename (dir, "ui", "libbillet-preview.so", NULL);
  candidates[0] = beside;
  candidates[1] = BILLET_MODULEDIR "/libbillet-preview.so";

  for (guint i = 0; i < G_N_ELEMENTS (candidates) && module == NULL; i++)
    if (g_file_test (candidates[i], G_FILE_TEST_EXISTS))
      module = g_module_open (candidates[i], G_MODULE_BIND_LAZY | G_MODULE_BIND_LOCAL);

  if (module == NULL || !g_module_symbol (module, "billet_preview_get_type", &get_type))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, "%s",
                   module == NULL ? (g_module_error () ? g_module_error () : BILLET_MODULEDIR)
                                  : g_module_error ());
      g_clear_pointer (&module, g_module_close);
      return 0;
    }
  /* It registers types: it stays. */
  g_module_make_resident (module);
  type = ((GType (*) (void)) get_type) ();
  return type;
}

static gboolean
create_preview_cb (gpointer user_data)
{
  BilletWindow *self = user_data;
  g_autoptr(GError) error = NULL;
  GType type;

  self->preview_source = 0;
  if (self->preview != NULL)
    return G_SOURCE_REMOVE;

  type = preview_type (&error);
  if (type == 0)
    {
      g_autofree char *text = g_strdup_printf (_("The preview is not available: %s"), error->message);
      GtkWidget *label = gtk_label_new (text);

      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_widget_add_css_class (label, "dim-label");
      adw_bin_set_child (self->preview_slot, label);
      return G_SOURCE_REMOVE;
    }

  self->preview = g_object_new (type, "document", self->document, NULL);
  adw_bin_set_child (self->preview_slot, self->preview);
  connect_preview_sync (self);
  g_object_notify (G_OBJECT (self), "preview");
  return G_SOURCE_REMOVE;
}

/* Once the window is on screen (the preview's place is mapped), at low
 * priority so that the first frames come first. */
static void
queue_preview (BilletWindow *self)
{
  if (self->preview == NULL && self->preview_source == 0)
    self->preview_source = g_idle_add_full (G_PRIORITY_LOW, create_preview_cb, self, NULL);
}

/* Markdown shortcuts */

static void
wrap_selection (BilletWindow *self,
                const char   *before,
                const char   *after)
{
  GtkTextBuffer *buffer = GTK_TEXT_BUFFER (billet_document_get_body_buffer (self->document));
  GtkTextIter start, end;

  gtk_text_buffer_begin_user_action (buffer);
  if (gtk_text_buffer_get_selection_bounds (buffer, &start, &end))
    {
      GtkTextMark *end_mark = gtk_text_buffer_create_mark (buffer, NULL, &end, FALSE);

      gtk_text_buffer_insert (buffer, &start, before, -1);
      gtk_text_buffer_get_iter_at_mark (buffer, &end, end_mark);
      gtk_text_buffer_insert (buffer, &end, after, -1);
      gtk_text_buffer_delete_mark (buffer, end_mark);
    }
  else
    {
      gtk_text_buffer_insert_at_cursor (buffer, before, -1);
      gtk_text_buffer_insert_at_cursor (buffer, after, -1);
      gtk_text_buffer_get_iter_at_mark (buffer, &start, gtk_text_buffer_get_insert (buffer));
      gtk_text_iter_backward_chars (&start, (int) g_utf8_strlen (after, -1));
      gtk_text_buffer_place_cursor (buffer, &start);
    }
  gtk_text_buffer_end_user_action (buffer);
  gtk_widget_grab_focus (GTK_WIDGET (self->source_view));
}

static void
bold_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  wrap_selection (BILLET_WINDOW (widget), "**", "**");
}

static void
italic_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  wrap_selection (BILLET_WINDOW (widget), "_", "_");
}

static void
link_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  BilletWindow *self = BILLET_WINDOW (widget);
  GtkTextBuffer *buffer = GTK_TEXT_BUFFER (billet_document_get_body_buffer (self->document));
  GtkTextIter start, end;
  const char *url = "https://";

  /* [text](https://) with the URL part selected, ready to be typed over. */
  wrap_selection (self, "[", "](https://)");
  gtk_text_buffer_get_iter_at_mark (buffer, &end, gtk_text_buffer_get_insert (buffer));
  if (gtk_text_buffer_get_selection_bounds (buffer, &start, &end) || TRUE)
    {
      gtk_text_buffer_get_iter_at_mark (buffer, &end, gtk_text_buffer_get_insert (buffer));
      if (gtk_text_iter_forward_search (&end, "](", 0, &start, &end, NULL))
        {
          GtkTextIter url_end = end;

          gtk_text_iter_forward_chars (&url_end, (int) strlen (url));
          gtk_text_buffer_select_range (buffer, &end, &url_end);
        }
    }
}

static void
heading_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  BilletWindow *self = BILLET_WINDOW (widget);
  GtkTextBuffer *buffer = GTK_TEXT_BUFFER (billet_document_get_body_buffer (self->document));
  int level = g_variant_get_int32 (parameter);
  GtkTextIter line_start, marks_end;
  g_autofree char *prefix = NULL;

  gtk_text_buffer_get_iter_at_mark (buffer, &line_start, gtk_text_buffer_get_insert (buffer));
  gtk_text_iter_set_line_offset (&line_start, 0);
  marks_end = line_start;
  while (gtk_text_iter_get_char (&marks_end) == '#')
    gtk_text_iter_forward_char (&marks_end);
  while (gtk_text_iter_get_char (&marks_end) == ' ')
    gtk_text_iter_forward_char (&marks_end);

  /* The same level again removes the heading. */
  if (gtk_text_iter_get_line_offset (&marks_end) > 0 &&
      gtk_text_buffer_get_iter_at_line (buffer, &line_start, gtk_text_iter_get_line (&line_start)))
    {
      g_autofree char *marks = gtk_text_buffer_get_text (buffer, &line_start, &marks_end, FALSE);

      g_strstrip (marks);
      if ((int) strlen (marks) == level)
        level = 0;
    }

  prefix = level > 0 ? g_strnfill (level, '#') : g_strdup ("");
  if (level > 0)
    {
      char *spaced = g_strconcat (prefix, " ", NULL);

      g_free (prefix);
      prefix = spaced;
    }
  gtk_text_buffer_begin_user_action (buffer);
  gtk_text_buffer_delete (buffer, &line_start, &marks_end);
  gtk_text_buffer_insert (buffer, &line_start, prefix, -1);
  gtk_text_buffer_end_user_action (buffer);
  gtk_widget_grab_focus (GTK_WIDGET (self->source_view));
}

/* Recent files */

static void
update_recent_menu (BilletWindow *self)
{
  GtkRecentManager *manager = gtk_recent_manager_get_default ();
  GList *items = gtk_recent_manager_get_items (manager);
  guint n = 0;

  g_menu_remove_all (self->recent_section);
  for (GList *l = items; l != NULL && n < 10; l = l->next)
    {
      GtkRecentInfo *info = l->data;
      const char *uri = gtk_recent_info_get_uri (info);
      g_autoptr(GMenuItem) item = NULL;

      if (!gtk_recent_info_has_application (info, g_get_application_name ()) ||
          !(g_str_has_suffix (uri, ".md") || g_str_has_suffix (uri, ".markdown")) ||
          !gtk_recent_info_exists (info))
        continue;
      item = g_menu_item_new (gtk_recent_info_get_display_name (info), NULL);
      g_menu_item_set_action_and_target (item, "win.open-recent", "s", uri);
      g_menu_append_item (self->recent_section, item);
      n++;
    }
  g_list_free_full (items, (GDestroyNotify) gtk_recent_info_unref);

  if (n == 0)
    {
      g_autoptr(GMenuItem) item = g_menu_item_new (_("No Recent Posts"), "win.no-recent");

      g_menu_append_item (self->recent_section, item);
    }
}

static gboolean
watch_recent_cb (gpointer user_data)
{
  BilletWindow *self = user_data;

  self->recent_source = 0;
  g_signal_connect_object (gtk_recent_manager_get_default (), "changed",
                           G_CALLBACK (update_recent_menu), self, G_CONNECT_SWAPPED);
  update_recent_menu (self);
  return G_SOURCE_REMOVE;
}

/* Drag and drop */

static gboolean open_folder (BilletWindow *self, GFile *folder);

static gboolean
on_drop_cb (GtkDropTarget *target,
            const GValue  *value,
            double         x,
            double         y,
            BilletWindow  *self)
{
  GSList *files;

  if (!G_VALUE_HOLDS (value, GDK_TYPE_FILE_LIST))
    return FALSE;
  files = g_value_get_boxed (value);
  if (files == NULL)
    return FALSE;

  /* A folder opens as a site; posts open as from the Open dialog: with a
   * folder open, every dropped post opens beside the others. */
  if (g_file_query_file_type (files->data, G_FILE_QUERY_INFO_NONE, NULL) == G_FILE_TYPE_DIRECTORY)
    return open_folder (self, files->data);
  if (self->post_list == NULL)
    {
      billet_window_open_file (self, files->data);
      return TRUE;
    }
  for (GSList *l = files; l != NULL; l = l->next)
    if (g_file_query_file_type (l->data, G_FILE_QUERY_INFO_NONE, NULL) != G_FILE_TYPE_DIRECTORY)
      load_file (self, l->data);
  return TRUE;
}

/* Folders */

/* The form completes tags and authors from the values the folder's posts
 * use, with their counts. */
static gboolean
update_suggestions_cb (gpointer data)
{
  BilletWindow *self = data;
  static const char * const keys[][2] = { { "tags", "tags" }, { "authors", "author" } };

  self->suggestions_source = 0;
  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    {
      g_autofree guint *counts = NULL;
      g_auto(GStrv) values = NULL;

      if (self->post_list != NULL)
        values = billet_post_list_dup_values (self->post_list, keys[i][0], &counts);
      billet_post_form_set_suggestions (self->form, keys[i][1], (const char * const *) values, counts);
    }
  return G_SOURCE_REMOVE;
}

static void
queue_suggestions (BilletWindow *self)
{
  if (self->suggestions_source == 0)
    self->suggestions_source = g_timeout_add (300, update_suggestions_cb, self);
}

static void
on_post_list_loaded_cb (BilletWindow *self)
{
  GFile *file = billet_document_get_file (self->document);

  queue_suggestions (self);
  /* The open post's row, now that it is there. */
  if (file != NULL)
    billet_sidebar_select (self->sidebar, billet_post_list_lookup (self->post_list, file));
  for (guint i = 0; i < self->documents->len; i++)
    on_kept_document_notify_cb (g_ptr_array_index (self->documents, i), NULL, self->sidebar);
}

static void
set_show_sidebar (BilletWindow *self,
                  gboolean      show)
{
  show = !!show && self->post_list != NULL;
  if (self->show_sidebar == show)
    return;
  self->show_sidebar = show;
  adw_flap_set_reveal_flap (self->flap, show);
  g_object_notify (G_OBJECT (self), "show-sidebar");
}

static void
on_flap_reveal_cb (BilletWindow *self)
{
  /* The flap folds away on its own in a narrow window. */
  set_show_sidebar (self, adw_flap_get_reveal_flap (self->flap));
}

static gboolean
open_folder (BilletWindow *self,
             GFile        *folder)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_file_get_path (folder);
  g_autoptr(BilletPostList) list = billet_post_list_new ();

  if (path == NULL || !billet_post_list_open (list, path, &error))
    {
      g_autofree char *name = g_file_get_basename (folder);
      g_autofree char *heading = g_strdup_printf (_("Could Not Open “%s”"), name);

      show_error (self, heading, error ? error->message : _("Not a local folder"));
      return FALSE;
    }

  if (self->post_list != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->post_list, self);
      g_signal_handlers_disconnect_by_data (billet_post_list_get_model (self->post_list), self);
    }
  g_set_object (&self->post_list, list);
  g_signal_connect_object (list, "loaded", G_CALLBACK (on_post_list_loaded_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (billet_post_list_get_model (list), "items-changed",
                           G_CALLBACK (queue_suggestions), self, G_CONNECT_SWAPPED);
  queue_suggestions (self);
  billet_sidebar_set_post_list (self->sidebar, list);
  /* The post open before stays open beside the folder's. */
  keep_document (self, self->document);
  track_document (self, self->document);

  gtk_widget_set_visible (GTK_WIDGET (self->sidebar), TRUE);
  gtk_widget_set_visible (self->sidebar_toggle, TRUE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.show-sidebar", TRUE);
  set_show_sidebar (self, TRUE);
  return TRUE;
}

static void
open_folder_chosen (BilletWindow *self,
                    GFile        *file,
                    gpointer      data)
{
  open_folder (self, file);
}

static void
open_folder_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  choose_file (BILLET_WINDOW (widget), GTK_FILE_CHOOSER_ACTION_SELECT_FOLDER, _("Open a Folder"),
               _("_Open"), NULL, FALSE, open_folder_chosen, NULL, NULL);
}

static void
open_site_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  g_autoptr(GFile) folder = g_file_new_for_path (g_variant_get_string (parameter, NULL));

  open_folder (BILLET_WINDOW (widget), folder);
}

/* A post opened on its own that belongs to a site: offer the whole site. */
static void
offer_site (BilletWindow *self,
            GFile        *file)
{
  g_autofree char *path = g_file_get_path (file);
  g_autoptr(BilletSite) site = NULL;
  g_autofree char *name = NULL;
  g_autofree char *title = NULL;
  AdwToast *offer;

  if (path == NULL || (self->post_list != NULL && billet_post_list_contains (self->post_list, file)))
    return;
  site = billet_site_new_for_path (path, NULL);
  if (site == NULL || billet_site_get_kind (site) == BILLET_SITE_PLAIN)
    return;
  name = billet_site_get_title (site) && *billet_site_get_title (site)
    ? g_strdup (billet_site_get_title (site)) : g_path_get_basename (billet_site_get_root (site));
  title = g_strdup_printf (_("This post is part of the site “%s”"), name);
  offer = adw_toast_new (title);
  adw_toast_set_button_label (offer, _("Open _Site"));
  adw_toast_set_action_name (offer, "win.open-site");
  adw_toast_set_action_target_value (offer, g_variant_new_string (billet_site_get_root (site)));
  adw_toast_set_timeout (offer, 10);
  adw_toast_overlay_add_toast (self->toast_overlay, offer);
}

static void
on_sidebar_post_activated_cb (BilletWindow   *self,
                              BilletPostItem *item)
{
  load_file (self, billet_post_item_get_file (item));
}

/* Closing a window with several unsaved posts: one dialog lists them. */
static void
on_close_all_response_cb (AdwMessageDialog *dialog,
                          const char       *response,
                          BilletWindow     *self)
{
  GPtrArray *modified = g_object_get_data (G_OBJECT (dialog), "documents");

  if (g_str_equal (response, "discard"))
    {
      for (guint i = 0; i < modified->len; i++)
        billet_document_discard_draft (g_ptr_array_index (modified, i));
      self->close_confirmed = TRUE;
      gtk_window_close (GTK_WINDOW (self));
      return;
    }
  if (!g_str_equal (response, "save"))
    return;

  for (guint i = 0; i < modified->len; i++)
    {
      BilletDocument *document = g_ptr_array_index (modified, i);
      GFile *file = billet_document_get_file (document);
      g_autoptr(GError) error = NULL;

      if (file == NULL)
        continue;
      if (!billet_document_save (document, NULL, &error))
        {
          g_autofree char *name = g_file_get_basename (file);
          g_autofree char *heading = g_strdup_printf (_("Could Not Save “%s”"), name);

          switch_document (self, document);
          show_error (self, heading, error->message);
          return;
        }
      add_recent (file);
    }
  /* Untitled posts, if any, each ask where to go: closing asks again. */
  gtk_window_close (GTK_WINDOW (self));
}

static void
confirm_close_all (BilletWindow *self,
                   GPtrArray    *modified)
{
  GtkWidget *dialog;
  GtkWidget *list = gtk_list_box_new ();
  g_autofree char *body = NULL;

  body = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                       "%u post has changes that are not saved. If you don’t save, they are lost.",
                                       "%u posts have changes that are not saved. If you don’t save, they are lost.",
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
      g_autofree char *name = file ? g_file_get_basename (file) : g_strdup (_("Not saved yet"));

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), billet_document_get_title (document));
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), name);
      gtk_list_box_append (GTK_LIST_BOX (list), row);
    }
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), list);

  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "discard", _("_Discard All"),
                                    "save", _("_Save All"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "discard",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "save",
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "save");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_object_set_data_full (G_OBJECT (dialog), "documents", g_ptr_array_ref (modified),
                          (GDestroyNotify) g_ptr_array_unref);
  /* As in confirm_discard(): the window's reference goes with the dialog. */
  g_signal_connect_data (dialog, "response", G_CALLBACK (on_close_all_response_cb), g_object_ref (self),
                         (GClosureNotify) (void (*) (void)) g_object_unref, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* Closing */

static void
close_after_confirm (BilletWindow *self,
                     gpointer      data)
{
  self->close_confirmed = TRUE;
  gtk_window_close (GTK_WINDOW (self));
}

static void
save_window_state (BilletWindow *self)
{
  int width, height;

  gtk_window_get_default_size (GTK_WINDOW (self), &width, &height);
  g_settings_set_boolean (self->settings, "window-maximized", gtk_window_is_maximized (GTK_WINDOW (self)));
  if (!gtk_window_is_maximized (GTK_WINDOW (self)))
    {
      g_settings_set_int (self->settings, "window-width", width);
      g_settings_set_int (self->settings, "window-height", height);
    }
  g_settings_set_int (self->settings, "paned-position", gtk_paned_get_position (self->main_paned));
  g_settings_set_int (self->settings, "form-paned-position", gtk_paned_get_position (self->form_paned));
}

static gboolean
billet_window_close_request (GtkWindow *window)
{
  BilletWindow *self = BILLET_WINDOW (window);

  if (!self->close_confirmed)
    {
      g_autoptr(GPtrArray) modified = dup_modified_documents (self);

      if (modified->len > 1)
        {
          confirm_close_all (self, modified);
          return TRUE;
        }
      if (modified->len == 1)
        {
          switch_document (self, g_ptr_array_index (modified, 0));
          confirm_discard (self, close_after_confirm, NULL, NULL);
          return TRUE;
        }
    }
  save_window_state (self);
  return GTK_WINDOW_CLASS (billet_window_parent_class)->close_request (window);
}

/* Life cycle */

static void
billet_window_constructed (GObject *object)
{
  BilletWindow *self = (BilletWindow *) object;
  int position;

  G_OBJECT_CLASS (billet_window_parent_class)->constructed (object);

  gtk_window_set_default_size (GTK_WINDOW (self),
                               g_settings_get_int (self->settings, "window-width"),
                               g_settings_get_int (self->settings, "window-height"));
  if (g_settings_get_boolean (self->settings, "window-maximized"))
    gtk_window_maximize (GTK_WINDOW (self));
  if ((position = g_settings_get_int (self->settings, "paned-position")) >= 0)
    gtk_paned_set_position (self->main_paned, position);
  if ((position = g_settings_get_int (self->settings, "form-paned-position")) >= 0)
    gtk_paned_set_position (self->form_paned, position);
}

static void
billet_window_dispose (GObject *object)
{
  BilletWindow *self = (BilletWindow *) object;

  g_clear_handle_id (&self->status_source, g_source_remove);
  g_clear_handle_id (&self->preview_source, g_source_remove);
  g_clear_handle_id (&self->recent_source, g_source_remove);
  g_clear_handle_id (&self->restore_source, g_source_remove);
  g_clear_handle_id (&self->suggestions_source, g_source_remove);
  if (self->post_list != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->post_list, self);
      g_signal_handlers_disconnect_by_data (billet_post_list_get_model (self->post_list), self);
    }
  if (self->document != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->document, self);
      g_signal_handlers_disconnect_by_data (billet_document_get_body_buffer (self->document), self);
    }
  gtk_widget_dispose_template (GTK_WIDGET (self), BILLET_TYPE_WINDOW);
  g_clear_object (&self->document);
  g_clear_pointer (&self->documents, g_ptr_array_unref);
  g_clear_object (&self->post_list);
  g_clear_object (&self->font_css);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (billet_window_parent_class)->dispose (object);
}

enum {
  PROP_0,
  PROP_PREVIEW,
  PROP_SHOW_SIDEBAR,
  N_PROPS
};

static void
billet_window_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  BilletWindow *self = BILLET_WINDOW (object);

  switch (prop_id)
    {
    case PROP_PREVIEW:
      g_value_set_object (value, self->preview);
      break;
    case PROP_SHOW_SIDEBAR:
      g_value_set_boolean (value, self->show_sidebar);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
billet_window_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  BilletWindow *self = BILLET_WINDOW (object);

  switch (prop_id)
    {
    case PROP_SHOW_SIDEBAR:
      set_show_sidebar (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
billet_window_class_init (BilletWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->constructed = billet_window_constructed;
  object_class->dispose = billet_window_dispose;
  object_class->get_property = billet_window_get_property;
  object_class->set_property = billet_window_set_property;

  /**
   * BilletWindow:preview:
   *
   * The preview widget, loaded once the window is on screen.
   */
  g_object_class_install_property (object_class, PROP_PREVIEW,
    g_param_spec_object ("preview", NULL, NULL, GTK_TYPE_WIDGET,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY));
  /**
   * BilletWindow:show-sidebar:
   *
   * Whether the posts of the open folder show beside the editor.
   */
  g_object_class_install_property (object_class, PROP_SHOW_SIDEBAR,
    g_param_spec_boolean ("show-sidebar", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY));
  window_class->close_request = billet_window_close_request;

  gtk_widget_class_set_template_from_resource (widget_class, "/org/billet/Billet/ui/billet-window.ui");
  gtk_widget_class_bind_template_child (widget_class, BilletWindow, window_title);
  gtk_widget_class_bind_template_child (widget_class, BilletWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, BilletWindow, flap);
  gtk_widget_class_bind_template_child (widget_class, BilletWindow, sidebar);
  gtk_widget_class_bind_template_child (widget_class, BilletWindow, sidebar_toggle);
  gtk_widget_class_bind_template_callback (widget_class, on_sidebar_post_activated_cb);
  gtk_widget_class_bind_template_child (widget_class, BilletWindow, main_paned);
  gtk_widget_class_bind_template_child (widget_class, BilletWindow, form_paned);
  gtk_widget_class_bind_template_child (widget_class, BilletWindow, form_scroller);
  gtk_widget_class_bind_template_child (widget_class, BilletWindow, form);
  gtk_widget_class_bind_template_child (widget_class, BilletWindow, search_bar);
  gtk_widget_class_bind_template_child (widget_class, BilletWindow, document_bars);
  gtk_widget_class_bind_template_child (widget_class, BilletWindow, source_view);
  gtk_widget_class_bind_template_child (widget_class, BilletWindow, words_label);
  gtk_widget_class_bind_template_child (widget_class, BilletWindow, characters_label);
  gtk_widget_class_bind_template_child (widget_class, BilletWindow, reading_time_label);
  gtk_widget_class_bind_template_child (widget_class, BilletWindow, position_label);
  gtk_widget_class_bind_template_child (widget_class, BilletWindow, preview_slot);
  gtk_widget_class_bind_template_child (widget_class, BilletWindow, recent_menu);
  gtk_widget_class_bind_template_child_full (widget_class, "recent_section", FALSE,
                                             G_STRUCT_OFFSET (BilletWindow, recent_section));

  gtk_widget_class_install_action (widget_class, "win.open", NULL, open_action);
  gtk_widget_class_install_action (widget_class, "win.open-recent", "s", open_recent_action);
  gtk_widget_class_install_action (widget_class, "win.open-folder", NULL, open_folder_action);
  gtk_widget_class_install_action (widget_class, "win.open-site", "s", open_site_action);
  gtk_widget_class_install_property_action (widget_class, "win.show-sidebar", "show-sidebar");
  gtk_widget_class_install_action (widget_class, "win.new", NULL, new_action);
  gtk_widget_class_install_action (widget_class, "win.save", NULL, save_action);
  gtk_widget_class_install_action (widget_class, "win.save-as", NULL, save_as_action);
  gtk_widget_class_install_action (widget_class, "win.export", NULL, export_action);
  gtk_widget_class_install_action (widget_class, "win.close", NULL, close_action);
  gtk_widget_class_install_action (widget_class, "win.find", NULL, find_action);
  gtk_widget_class_install_action (widget_class, "win.replace", NULL, find_action);
  gtk_widget_class_install_action (widget_class, "win.format-bold", NULL, bold_action);
  gtk_widget_class_install_action (widget_class, "win.format-italic", NULL, italic_action);
  gtk_widget_class_install_action (widget_class, "win.insert-link", NULL, link_action);
  gtk_widget_class_install_action (widget_class, "win.heading", "i", heading_action);

  g_type_ensure (BILLET_TYPE_POST_FORM);
  g_type_ensure (BILLET_TYPE_SEARCH_BAR);
  g_type_ensure (BILLET_TYPE_DOCUMENT_BARS);
  g_type_ensure (BILLET_TYPE_SIDEBAR);
  g_type_ensure (GTK_SOURCE_TYPE_VIEW);
}

/* The Markdown shortcuts belong to the source view: Ctrl+B in a form entry
 * must not embolden the body. */
static void
add_source_shortcuts (BilletWindow *self)
{
  static const struct { guint key; const char *action; int level; } shortcuts[] = {
    { GDK_KEY_b, "win.format-bold", 0 },
    { GDK_KEY_i, "win.format-italic", 0 },
    { GDK_KEY_k, "win.insert-link", 0 },
    { GDK_KEY_1, "win.heading", 1 },
    { GDK_KEY_2, "win.heading", 2 },
    { GDK_KEY_3, "win.heading", 3 },
  };
  GtkEventController *controller = gtk_shortcut_controller_new ();

  for (guint i = 0; i < G_N_ELEMENTS (shortcuts); i++)
    {
      GtkShortcut *shortcut =
        gtk_shortcut_new (gtk_keyval_trigger_new (shortcuts[i].key, GDK_CONTROL_MASK),
                          gtk_named_action_new (shortcuts[i].action));

      if (shortcuts[i].level > 0)
        gtk_shortcut_set_arguments (shortcut, g_variant_new_int32 (shortcuts[i].level));
      gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (controller), shortcut);
    }
  gtk_widget_add_controller (GTK_WIDGET (self->source_view), controller);
}

static void
billet_window_init (BilletWindow *self)
{
  g_autoptr(BilletDocument) document = billet_document_new ();
  GtkDropTarget *drop;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->settings = g_settings_new (APP_ID);
  self->font_css = gtk_css_provider_new ();
  self->documents = g_ptr_array_new_with_free_func (g_object_unref);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.show-sidebar", FALSE);
  g_signal_connect_object (self->flap, "notify::reveal-flap", G_CALLBACK (on_flap_reveal_cb), self,
                           G_CONNECT_SWAPPED);


  gtk_widget_add_css_class (GTK_WIDGET (self->source_view), "billet-source");
  gtk_style_context_add_provider_for_display (gdk_display_get_default (),
                                              GTK_STYLE_PROVIDER (self->font_css),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
  add_source_shortcuts (self);
  connect_source_sync (self);
  billet_search_bar_set_view (self->search_bar, self->source_view);

  g_action_map_add_action (G_ACTION_MAP (self), g_settings_create_action (self->settings, "show-preview"));
  g_action_map_add_action (G_ACTION_MAP (self), g_settings_create_action (self->settings, "show-form"));
  g_settings_bind (self->settings, "show-preview", self->preview_slot, "visible", G_SETTINGS_BIND_GET);
  g_signal_connect_swapped (self->preview_slot, "map", G_CALLBACK (queue_preview), self);
  g_settings_bind (self->settings, "show-form", self->form_scroller, "visible", G_SETTINGS_BIND_GET);
  g_settings_bind (self->settings, "show-line-numbers", self->source_view, "show-line-numbers",
                   G_SETTINGS_BIND_GET);
  g_settings_bind (self->settings, "highlight-current-line", self->source_view,
                   "highlight-current-line", G_SETTINGS_BIND_GET);
  g_settings_bind_with_mapping (self->settings, "wrap-text", self->source_view, "wrap-mode",
                                G_SETTINGS_BIND_GET, wrap_get_mapping, wrap_set_mapping, NULL, NULL);
  g_signal_connect_object (self->settings, "changed::font", G_CALLBACK (update_font), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->settings, "changed::use-system-font", G_CALLBACK (update_font), self,
                           G_CONNECT_SWAPPED);
  update_font (self);

  g_signal_connect_object (adw_style_manager_get_default (), "notify::dark",
                           G_CALLBACK (update_style_scheme), self, G_CONNECT_SWAPPED);

  /* Reading the recent files is start-up work the first frame can do
   * without: it waits until the window is drawn. */
  self->recent_source = g_idle_add_full (G_PRIORITY_LOW, watch_recent_cb, self, NULL);

  drop = gtk_drop_target_new (GDK_TYPE_FILE_LIST, GDK_ACTION_COPY);
  g_signal_connect (drop, "drop", G_CALLBACK (on_drop_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (drop));

  set_document (self, document);
}

BilletWindow *
billet_window_new (BilletApplication *application)
{
  return g_object_new (BILLET_TYPE_WINDOW, "application", application, NULL);
}

/**
 * billet_window_open_file:
 *
 * Opens @file in this window, asking first about unsaved changes.
 */
void
billet_window_open_file (BilletWindow *self,
                         GFile        *file)
{
  g_return_if_fail (BILLET_IS_WINDOW (self));
  g_return_if_fail (G_IS_FILE (file));

  /* With a folder open, the post on screen stays open beside the new one. */
  if (self->post_list != NULL)
    load_file (self, file);
  else
    confirm_discard (self, open_after_confirm, g_object_ref (file), g_object_unref);
}

/**
 * billet_window_open_folder:
 * @folder: a site's root, one of its content folders, or any folder of posts
 *
 * Lists the posts of @folder in the sidebar, filling it in the background.
 * Posts opened from then on stay open side by side.
 */
void
billet_window_open_folder (BilletWindow *self,
                           GFile        *folder)
{
  g_return_if_fail (BILLET_IS_WINDOW (self));
  g_return_if_fail (G_IS_FILE (folder));

  open_folder (self, folder);
}

/**
 * billet_window_get_post_list:
 *
 * Returns: (transfer none) (nullable): the posts of the open folder
 */
BilletPostList *
billet_window_get_post_list (BilletWindow *self)
{
  g_return_val_if_fail (BILLET_IS_WINDOW (self), NULL);
  return self->post_list;
}

/**
 * billet_window_get_sidebar:
 *
 * Returns: (transfer none): the sidebar (hidden until a folder is open)
 */
GtkWidget *
billet_window_get_sidebar (BilletWindow *self)
{
  g_return_val_if_fail (BILLET_IS_WINDOW (self), NULL);
  return GTK_WIDGET (self->sidebar);
}

/**
 * billet_window_is_empty:
 *
 * Returns: whether the window shows a new post that nobody typed in
 */
gboolean
billet_window_is_empty (BilletWindow *self)
{
  g_return_val_if_fail (BILLET_IS_WINDOW (self), FALSE);

  return billet_document_get_file (self->document) == NULL &&
         !billet_document_get_modified (self->document);
}

/**
 * billet_window_get_preview:
 *
 * Returns: (transfer none) (nullable): the preview, once it is loaded (see
 *   the "preview" property)
 */
GtkWidget *
billet_window_get_preview (BilletWindow *self)
{
  g_return_val_if_fail (BILLET_IS_WINDOW (self), NULL);
  return self->preview;
}

BilletDocument *
billet_window_get_document (BilletWindow *self)
{
  g_return_val_if_fail (BILLET_IS_WINDOW (self), NULL);
  return self->document;
}

/**
 * billet_window_restore_draft:
 *
 * Opens @draft's post in this window with the draft's text, unsaved.
 */
gboolean
billet_window_restore_draft (BilletWindow       *self,
                             const BilletDraft  *draft,
                             GError            **error)
{
  g_autoptr(BilletDocument) document = billet_document_new ();

  g_return_val_if_fail (BILLET_IS_WINDOW (self), FALSE);
  g_return_val_if_fail (draft != NULL, FALSE);

  if (!billet_document_restore_draft (document, draft, error))
    return FALSE;
  set_document (self, document);
  gtk_widget_grab_focus (GTK_WIDGET (self->source_view));
  return TRUE;
}
