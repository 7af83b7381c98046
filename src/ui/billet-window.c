/* billet-window.c — the editor window: form and source beside the preview
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The window shows one BilletDocument: the front-matter form above the
 * Markdown source on the start side, the preview on the end side. File
 * operations that would drop unsaved changes (open another post, new post,
 * close) first ask save / discard / cancel, and continue only after a save
 * that succeeded or an explicit discard.
 *
 * The window never waits for the disk. A post is read in a worker while the
 * window goes on showing what it showed; after a moment it says it is
 * opening the post (and how much of it is in), and shows the post once
 * all of its text is. Choosing another post meanwhile, or closing the
 * window, gives the load up. Closing waits for the saves under way.
 */

#define G_LOG_DOMAIN "Billet"

#include "config.h"

#include <errno.h>
#include <string.h>

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <gmodule.h>

#include "billet-document-snapshot.h"
#include "billet-error-dialog.h"
#include "billet-typing-typography.h"
#include "billet-window-private.h"

G_DEFINE_FINAL_TYPE (BilletWindow, billet_window, ADW_TYPE_APPLICATION_WINDOW)

/* How long a load may take before the window says it is opening the post:
 * an ordinary one is shown sooner, and the window does not flicker. */
#define LOADING_PAGE_DELAY_MS 200

GWeakRef *
_billet_window_weak_new (BilletWindow *self)
{
  GWeakRef *weak = g_new0 (GWeakRef, 1);

  g_weak_ref_init (weak, self);
  return weak;
}

/* Returns: (transfer full) (nullable): the window, if it is still there */
BilletWindow *
_billet_window_weak_take (GWeakRef *weak)
{
  BilletWindow *self = g_weak_ref_get (weak);

  g_weak_ref_clear (weak);
  g_free (weak);
  return self;
}

/* Messages */

void
_billet_window_toast (BilletWindow *self,
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

  if (g_strcmp0 (gtk_stack_get_visible_child_name (self->content_stack), "loading") == 0)
    {
      GFile *loading = self->loading_file ? self->loading_file : file;
      g_autofree char *name = loading ? g_file_get_basename (loading) : g_strdup (title);

      adw_window_title_set_title (self->window_title, name);
      adw_window_title_set_subtitle (self->window_title, NULL);
      gtk_window_set_title (GTK_WINDOW (self), name);
      return;
    }
  if (g_strcmp0 (gtk_stack_get_visible_child_name (self->content_stack), "empty") == 0)
    {
      /* No post: the folder's name, or the application's. */
      g_autofree char *folder = self->post_list ? billet_post_list_dup_name (self->post_list) : NULL;

      adw_window_title_set_title (self->window_title, folder ? folder : g_get_application_name ());
      adw_window_title_set_subtitle (self->window_title, NULL);
      gtk_window_set_title (GTK_WINDOW (self), folder ? folder : g_get_application_name ());
      return;
    }
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

/* The cursor at @iter of the source, brought into sight (at the view's
 * top with @at_top), and the focus in the source: where a click in the
 * preview, a heading of the outline or a finding of the site check takes
 * the author. */
void
_billet_window_put_cursor (BilletWindow      *self,
                           const GtkTextIter *iter,
                           gboolean           at_top)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (self->source_view));

  gtk_text_buffer_place_cursor (buffer, iter);
  gtk_text_view_scroll_to_mark (GTK_TEXT_VIEW (self->source_view), gtk_text_buffer_get_insert (buffer),
                                at_top ? 0.0 : 0.1, at_top, 0.0, 0.0);
  gtk_widget_grab_focus (GTK_WIDGET (self->source_view));
}

/* GTK 4.8's inscriptions do not give their text to screen readers. */
static void
set_status_text (GtkInscription *inscription,
                 const char     *text)
{
  if (g_strcmp0 (gtk_inscription_get_text (inscription), text) == 0)
    return;
  gtk_inscription_set_text (inscription, text);
  gtk_accessible_update_property (GTK_ACCESSIBLE (inscription), GTK_ACCESSIBLE_PROPERTY_LABEL, text, -1);
}

static void
update_position (BilletWindow *self)
{
  GtkTextBuffer *buffer = GTK_TEXT_BUFFER (billet_document_get_body_buffer (self->document));
  GtkTextIter iter;
  g_autofree char *text = NULL;
  guint line_offset = billet_document_get_body_line (self->document);

  billet_source_view_set_first_line (BILLET_SOURCE_VIEW (self->source_view), line_offset);
  gtk_text_buffer_get_iter_at_mark (buffer, &iter, gtk_text_buffer_get_insert (buffer));
  /* Translators: the cursor's line and column in the status line */
  text = g_strdup_printf (_("Ln %d, Col %d"),
                          gtk_text_iter_get_line (&iter) + (int) line_offset,
                          gtk_source_view_get_visual_column (self->source_view, &iter) + 1);
  set_status_text (self->position_label, text);
  billet_outline_button_set_cursor_line (self->outline_button, (guint) gtk_text_iter_get_line (&iter) + 1);
}

/* Forgets a pending position: its idle and its frame's handler. */
static void
clear_position_request (BilletWindow *self)
{
  g_clear_handle_id (&self->position_source, g_source_remove);
  /* A clock whose surface went away has dropped its handlers. */
  if (self->position_clock != NULL &&
      g_signal_handler_is_connected (self->position_clock, self->position_paint_handler))
    g_signal_handler_disconnect (self->position_clock, self->position_paint_handler);
  self->position_paint_handler = 0;
  g_clear_object (&self->position_clock);
}

static gboolean update_status_cb (gpointer user_data);

static void
flush_position (BilletWindow *self)
{
  if (self->position_source == 0)
    return;
  clear_position_request (self);
  /* The counts of a key's text go out with its frame too, rather than in
   * a frame of their own 150 ms later (one key in two at 5 MB): the
   * position is in the status line already, so the frame paints no more
   * for them, and each frame draws the whole window again. The count of
   * characters costs nothing, the words of a chunk or two microseconds.
   * update_status_cb() writes the position too. */
  if (self->status_source != 0 && !billet_document_get_loading (self->document))
    {
      g_clear_handle_id (&self->status_source, g_source_remove);
      update_status_cb (self);
    }
  else
    update_position (self);
}

static gboolean
position_idle_cb (gpointer user_data)
{
  BilletWindow *self = user_data;

  /* No frame came for the move (nothing it changed is on screen): now. */
  self->position_source = 0;
  clear_position_request (self);
  update_position (self);
  return G_SOURCE_REMOVE;
}

/* The cursor moved: its line and column, and the outline's section, are
 * written into the frame that shows the key, as it begins. Written at
 * once, they would ask for a frame before the text view has laid out the
 * changed line (GTK does that at a lower priority): that frame would show
 * the status line and not the character, and the character would wait for
 * the next one, a frame later. An idle after the view's own layout writes
 * them when no frame comes. */
static void
queue_position (BilletWindow *self)
{
  GdkFrameClock *clock;

  if (self->position_source != 0)
    return;
  self->position_source = g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, position_idle_cb, self, NULL);
  clock = gtk_widget_get_frame_clock (GTK_WIDGET (self));
  if (clock != NULL)
    {
      self->position_clock = g_object_ref (clock);
      self->position_paint_handler = g_signal_connect_swapped (clock, "before-paint",
                                                               G_CALLBACK (flush_position), self);
    }
}

/* Counting words on a snapshot of the body's mirror: the chunks counted
 * before keep their count, so after a key only the chunk it changed is
 * counted again, here, in microseconds; a post just read or a large
 * paste, in a worker, off the main thread. */
static void
count_words_thread (GTask        *task,
                    gpointer      source_object,
                    gpointer      task_data,
                    GCancellable *cancellable)
{
  g_task_return_int (task, (gssize) billet_text_snapshot_count_words (task_data));
}

static void
show_word_count (BilletWindow *self,
                 guint         n_words)
{
  guint n_minutes = (guint) billet_markdown_reading_minutes (n_words);
  g_autofree char *words = NULL;
  g_autofree char *minutes = NULL;

  /* The ' flag groups the digits as the locale does: 62,600 words, 62 600 mots. */
  words = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%'u word", "%'u words", n_words), n_words);
  minutes = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u min read", "%u min read", n_minutes),
                             n_minutes);
  set_status_text (self->words_label, words);
  set_status_text (self->reading_time_label, minutes);
}

static void
words_counted_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(BilletWindow) self = _billet_window_weak_take (user_data);
  guint serial = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (result), "billet-serial"));
  guint n_words = (guint) g_task_propagate_int (G_TASK (result), NULL);

  /* Only the latest count shows. */
  if (self == NULL || self->words_label == NULL || serial != self->status_serial)
    return;
  show_word_count (self, n_words);
}

static gboolean
update_status_cb (gpointer user_data)
{
  BilletWindow *self = user_data;
  GtkTextBuffer *buffer = GTK_TEXT_BUFFER (billet_document_get_body_buffer (self->document));
  g_autoptr(GTask) task = NULL;
  g_autoptr(BilletTextSnapshot) snapshot = NULL;
  g_autofree char *characters = NULL;
  gsize n_words;
  int n_chars;

  self->status_source = 0;
  /* Half a text: counted once it is all in (_billet_window_update_loading()). */
  if (billet_document_get_loading (self->document))
    return G_SOURCE_REMOVE;

  n_chars = gtk_text_buffer_get_char_count (buffer);
  characters = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%'d character", "%'d characters", n_chars),
                                n_chars);
  set_status_text (self->characters_label, characters);
  update_position (self);

  /* A key changed a chunk or two: the words go out with the key's frame
   * too, rather than in a frame of their own once a worker has answered. */
  snapshot = billet_document_dup_body_snapshot (self->document);
  if (billet_text_snapshot_try_count_words (snapshot, 4, &n_words))
    {
      ++self->status_serial;
      show_word_count (self, (guint) n_words);
      return G_SOURCE_REMOVE;
    }

  task = g_task_new (NULL, NULL, words_counted_cb, _billet_window_weak_new (self));
  g_task_set_source_tag (task, update_status_cb);
  g_object_set_data (G_OBJECT (task), "billet-serial", GUINT_TO_POINTER (++self->status_serial));
  g_task_set_task_data (task, g_steal_pointer (&snapshot), (GDestroyNotify) billet_text_snapshot_unref);
  g_task_run_in_thread (task, count_words_thread);
  return G_SOURCE_REMOVE;
}

static void
queue_status (BilletWindow *self)
{
  /* The labels once for a burst of keys: each change of a label lays the
   * whole window out again. */
  if (self->status_source == 0)
    self->status_source = g_timeout_add (150, update_status_cb, self);
}

/* The focus is in @widget, or in one of its children. */
gboolean
_billet_window_has_focus_within (BilletWindow *self,
                  GtkWidget    *widget)
{
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (self));

  return focus != NULL && (focus == widget || gtk_widget_is_ancestor (focus, widget));
}

static gboolean
showing_editor (BilletWindow *self)
{
  return g_strcmp0 (gtk_stack_get_visible_child_name (self->content_stack), "editor") == 0;
}

void
_billet_window_update_actions (BilletWindow *self)
{
  static const char * const post_actions[] = {
    "win.save-as", "win.export", "win.find", "win.replace", "win.format-bold",
    "win.format-italic", "win.insert-link", "win.heading",
  };
  gboolean has_file = billet_document_get_file (self->document) != NULL;
  gboolean modified = billet_document_get_modified (self->document);
  gboolean editor = showing_editor (self);
  gboolean busy = billet_document_get_saving (self->document) || billet_document_get_loading (self->document);

  /* One save at a time: the next once this one is done. */
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.save", editor && !busy && (modified || !has_file));
  for (guint i = 0; i < G_N_ELEMENTS (post_actions); i++)
    gtk_widget_action_set_enabled (GTK_WIDGET (self), post_actions[i], editor);
}

/* No post to show — a folder just opened, or a post that could not be
 * opened in a new window: a page that says what to do, rather than an
 * empty "Untitled" post with Save enabled. Any post shown replaces it. */
void
_billet_window_show_empty_page (BilletWindow *self)
{
  if (self->post_list != NULL)
    {
      adw_status_page_set_title (self->empty_page, _("Choose a Post, or Create One"));
      adw_status_page_set_description (self->empty_page,
                                       _("Pick one in the list of posts, or create a new one (Ctrl+N)."));
    }
  else
    {
      adw_status_page_set_title (self->empty_page, _("No Post Open"));
      adw_status_page_set_description (self->empty_page, _("Open a post (Ctrl+O) or create one (Ctrl+N)."));
    }
  gtk_stack_set_visible_child_name (self->content_stack, "empty");
  _billet_window_update_actions (self);
  update_title (self);
  /* The keys must not go to the hidden editor: to the posts' search, or to
   * the page's own buttons. */
  if (!_billet_window_has_focus_within (self, GTK_WIDGET (self->sidebar)))
    {
      if (self->post_list != NULL && self->show_sidebar)
        billet_sidebar_focus_search (self->sidebar);
      else
        gtk_widget_child_focus (GTK_WIDGET (self->empty_page), GTK_DIR_TAB_FORWARD);
    }
}

/* Loading */

static gboolean
show_loading_page_cb (gpointer user_data)
{
  BilletWindow *self = user_data;
  GFile *file = self->loading_file ? self->loading_file : billet_document_get_file (self->document);
  g_autofree char *name = file ? g_file_get_basename (file) : g_strdup (billet_document_get_title (self->document));
  g_autofree char *title = NULL;

  self->loading_page_source = 0;
  if (self->loading_document != NULL)
    /* Translators: %s is a file name; the window shows it while it reads the post */
    title = g_strdup_printf (_("Opening “%s”…"), name);
  else
    /* Translators: %s is a file name; the window shows it while it reads the post again */
    title = g_strdup_printf (_("Reading “%s” Again…"), name);
  adw_status_page_set_title (self->loading_page, title);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->loading_progress), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  title, -1);
  gtk_stack_set_visible_child_name (self->content_stack, "loading");
  _billet_window_update_actions (self);
  update_title (self);
  return G_SOURCE_REMOVE;
}

/* What the window showed before a load, again: the post on screen, or the
 * page that says what to do. */
void
_billet_window_restore_content (BilletWindow *self)
{
  if (g_strcmp0 (gtk_stack_get_visible_child_name (self->content_stack), "loading") != 0)
    return;
  if (billet_window_is_empty (self))
    _billet_window_show_empty_page (self);
  else
    {
      gtk_stack_set_visible_child_name (self->content_stack, "editor");
      _billet_window_update_actions (self);
      update_title (self);
    }
}

void
_billet_window_on_loading_progress_cb (BilletWindow *self)
{
  BilletDocument *document = self->loading_document ? self->loading_document : self->document;
  double progress = 0.0;

  g_object_get (document, "loading-progress", &progress, NULL);
  gtk_progress_bar_set_fraction (self->loading_progress, progress);
}

/* A post on its way in, for the window or into the document it shows (a
 * reload, a draft restored): the source takes no typing; a load that
 * takes a while shows the loading page. */
void
_billet_window_update_loading (BilletWindow *self)
{
  gboolean current = self->document != NULL && billet_document_get_loading (self->document);
  gboolean loading = self->loading_document != NULL || current;
  /* A folder being opened is no post on its way: no loading page; but the
   * window is not ready until its posts are listed. */
  gboolean busy = loading || self->folder_cancellable != NULL;

  if (self->source_view != NULL)
    gtk_text_view_set_editable (GTK_TEXT_VIEW (self->source_view), !current);
  if (loading)
    {
      if (self->loading_page_source == 0 &&
          g_strcmp0 (gtk_stack_get_visible_child_name (self->content_stack), "loading") != 0)
        {
          gtk_progress_bar_set_fraction (self->loading_progress, 0.0);
          self->loading_page_source = g_timeout_add (LOADING_PAGE_DELAY_MS, show_loading_page_cb, self);
        }
    }
  else
    {
      g_clear_handle_id (&self->loading_page_source, g_source_remove);
      _billet_window_restore_content (self);
    }
  if (!current && self->document != NULL && self->status_source == 0)
    self->status_source = g_timeout_add (150, update_status_cb, self);
  _billet_window_update_actions (self);
  if (self->loading != busy)
    {
      self->loading = busy;
      g_object_notify (G_OBJECT (self), "loading");
    }
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

/* The desktop's document font (GNOME's "document-font-name"), else the
 * interface font: what "Use the System's Document Font" means. */
static char *
dup_system_document_font (void)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = source ? g_settings_schema_source_lookup (source, "org.gnome.desktop.interface", TRUE)
                                             : NULL;
  char *font = NULL;

  if (schema != NULL && g_settings_schema_has_key (schema, "document-font-name"))
    {
      g_autoptr(GSettings) desktop = g_settings_new_full (schema, NULL, NULL);

      font = g_settings_get_string (desktop, "document-font-name");
    }
  if (font == NULL || font[0] == 0)
    {
      g_free (font);
      g_object_get (gtk_settings_get_default (), "gtk-font-name", &font, NULL);
    }
  return font;
}

static void
update_font (BilletWindow *self)
{
  gboolean system = g_settings_get_boolean (self->settings, "use-system-font");
  g_autofree char *font = system ? dup_system_document_font () : g_settings_get_string (self->settings, "font");
  g_autoptr(PangoFontDescription) desc = font ? pango_font_description_from_string (font) : NULL;
  g_autoptr(GString) css = g_string_new ("textview.billet-source {");

  /* The system's document font is a text font, not the monospace one. */
  gtk_text_view_set_monospace (GTK_TEXT_VIEW (self->source_view), !system);
  if (desc != NULL)
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
  _billet_window_update_actions (self);
}

/* What the window says of a post too large to be highlighted at all: in
 * its status line's tooltip, and in a toast as it opens. */
const char *
_billet_window_get_no_highlighting_note (void)
{
  return _("This post is very large: it is shown without highlighting, and its preview lays out only the part "
           "near what it shows, so that the window keeps answering.");
}

/* A large post is highlighted lightly, a very large one not at all: the
 * status line says so, one short word for each, and why in its tooltip. */
static void
update_highlighting_note (BilletWindow *self)
{
  GtkLabel *label = GTK_LABEL (self->highlighting_label);

  if (billet_document_get_large (self->document))
    {
      gtk_label_set_text (label, _("No highlighting"));
      gtk_widget_set_tooltip_text (self->highlighting_label, _billet_window_get_no_highlighting_note ());
    }
  else if (billet_document_get_light_highlighting (self->document))
    {
      gtk_label_set_text (label, _("Light highlighting"));
      gtk_widget_set_tooltip_text (self->highlighting_label,
                                   _("This post is large: its headings, rules and code blocks are highlighted, "
                                     "not the rest of its Markdown, and its preview lays out only the part near "
                                     "what it shows, so that typing stays fast."));
    }
  gtk_widget_set_visible (self->highlighting_label,
                          billet_document_get_large (self->document) ||
                          billet_document_get_light_highlighting (self->document));
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

void
_billet_window_set_document (BilletWindow   *self,
              BilletDocument *document)
{
  if (self->document == document)
    return;
  /* Another post shown: the one on its way is not wanted any more. */
  if (self->loading_document != NULL && self->loading_document != document)
    _billet_window_cancel_load (self);
  remember_view (self);
  if (self->document != NULL)
    {
      /* The buffer's handlers too: with a folder open the document stays
       * alive, and would otherwise drive this window's status line. */
      g_signal_handlers_disconnect_by_data (self->document, self);
      g_signal_handlers_disconnect_by_data (billet_document_get_body_buffer (self->document), self);
      _billet_window_spelling_unset_document (self, self->document);
    }
  g_set_object (&self->document, document);
  gtk_stack_set_visible_child_name (self->content_stack, "editor");

  gtk_text_view_set_buffer (GTK_TEXT_VIEW (self->source_view),
                            GTK_TEXT_BUFFER (billet_document_get_body_buffer (document)));
  billet_post_form_set_document (self->form, document);
  billet_document_bars_set_document (self->document_bars, document);
  billet_grammar_set_document (self->grammar, document);
  /* The new post's outline comes with its first render. */
  billet_outline_button_set_outline (self->outline_button, NULL);
  if (self->preview != NULL)
    billet_preview_slot_set_document (BILLET_PREVIEW_SLOT (self->preview), document);

  g_signal_connect_swapped (document, "notify::title", G_CALLBACK (on_document_notify_cb), self);
  g_signal_connect_swapped (document, "notify::modified", G_CALLBACK (on_document_notify_cb), self);
  g_signal_connect_swapped (document, "notify::file", G_CALLBACK (on_document_notify_cb), self);
  g_signal_connect_swapped (document, "notify::saving", G_CALLBACK (_billet_window_update_actions), self);
  g_signal_connect_swapped (document, "notify::loading", G_CALLBACK (_billet_window_update_loading), self);
  g_signal_connect_swapped (document, "notify::loading-progress", G_CALLBACK (_billet_window_on_loading_progress_cb), self);
  g_signal_connect_swapped (document, "notify::light-highlighting", G_CALLBACK (update_highlighting_note), self);
  g_signal_connect_swapped (document, "notify::large", G_CALLBACK (update_highlighting_note), self);
  /* A field added or removed moves the body's first line in the file. */
  g_signal_connect_swapped (document, "front-matter-changed", G_CALLBACK (update_position), self);
  g_signal_connect_swapped (billet_document_get_body_buffer (document), "changed",
                            G_CALLBACK (queue_status), self);
  g_signal_connect_swapped (billet_document_get_body_buffer (document), "notify::cursor-position",
                            G_CALLBACK (queue_position), self);
  g_signal_connect_object (billet_document_get_body_buffer (document), "notify::cursor-position",
                           G_CALLBACK (_billet_window_on_cursor_moved_cb), self, G_CONNECT_SWAPPED);

  update_style_scheme (self);
  _billet_window_spelling_set_document (self, document);
  update_title (self);
  _billet_window_update_actions (self);
  update_highlighting_note (self);
  /* Called directly, it would forget a pending count's source. */
  g_clear_handle_id (&self->status_source, g_source_remove);
  update_status_cb (self);

  g_clear_handle_id (&self->restore_source, g_source_remove);
  self->restore_source = g_idle_add_full (GTK_TEXT_VIEW_PRIORITY_VALIDATE + 1, restore_view_cb, self, NULL);
  _billet_window_update_loading (self);

  if (self->post_list != NULL)
    {
      GFile *file = billet_document_get_file (document);

      billet_sidebar_select (self->sidebar, file ? billet_post_list_lookup (self->post_list, file) : NULL);
    }
  _billet_window_update_translations (self);
}

static gboolean
add_recent_cb (gpointer data)
{
  gtk_recent_manager_add_item (gtk_recent_manager_get_default (), data);
  return G_SOURCE_REMOVE;
}

/* The recent manager reads its whole file when first used: not before the
 * window is drawn. */
void
_billet_window_add_recent (GFile *file)
{
  g_idle_add_full (G_PRIORITY_LOW, add_recent_cb, g_file_get_uri (file), g_free);
}

/* Closing */

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

static void close_after_saves (BilletWindow *self);

/* Whether a save of one of the window's posts is under way. */
static gboolean
connect_saves (BilletWindow *self,
               gboolean      connect)
{
  gboolean saving = FALSE;

  for (guint i = 0; i <= self->documents->len; i++)
    {
      BilletDocument *document = i < self->documents->len ? g_ptr_array_index (self->documents, i) : self->document;

      if (connect && billet_document_get_saving (document))
        g_signal_connect_object (document, "notify::saving", G_CALLBACK (close_after_saves), self,
                                 G_CONNECT_SWAPPED);
      else if (!connect)
        g_signal_handlers_disconnect_by_func (document, close_after_saves, self);
      saving = saving || billet_document_get_saving (document);
    }
  return saving;
}

/* The saves are done: closing goes on, and asks about what is still not
 * saved (what was typed during a save). */
static void
close_after_saves (BilletWindow *self)
{
  if (connect_saves (self, FALSE))
    {
      connect_saves (self, TRUE);
      return;
    }
  self->close_after_saves = FALSE;
  gtk_window_close (GTK_WINDOW (self));
}

static gboolean
billet_window_close_request (GtkWindow *window)
{
  BilletWindow *self = BILLET_WINDOW (window);

  /* A file half-written is the safe writer's business, but whether the
   * post is saved is only known once the save ends: closing waits. */
  if (self->close_after_saves)
    return TRUE;
  if (connect_saves (self, TRUE))
    {
      self->close_after_saves = TRUE;
      return TRUE;
    }
  connect_saves (self, FALSE);

  if (!self->close_confirmed)
    {
      g_autoptr(GPtrArray) modified = _billet_window_dup_modified_documents (self);

      if (modified->len > 1)
        {
          _billet_window_confirm_close_all (self, modified);
          return TRUE;
        }
      if (modified->len == 1)
        {
          _billet_window_switch_document (self, g_ptr_array_index (modified, 0));
          _billet_window_confirm_discard (self, _billet_window_close_after_confirm, NULL, NULL);
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

  /* Nothing the window started for itself outlives it. */
  _billet_window_cancel_load (self);
  if (self->check_view != NULL)
    billet_check_view_stop (self->check_view);
  g_clear_object (&self->goto_file);
  g_clear_pointer (&self->bundle_undo, billet_page_bundle_undo_free);
  g_clear_handle_id (&self->status_source, g_source_remove);
  clear_position_request (self);
  g_clear_handle_id (&self->preview_source, g_source_remove);
  g_clear_handle_id (&self->recent_source, g_source_remove);
  g_clear_handle_id (&self->restore_source, g_source_remove);
  g_clear_handle_id (&self->suggestions_source, g_source_remove);
  g_clear_handle_id (&self->loading_page_source, g_source_remove);
  g_cancellable_cancel (self->folder_cancellable);
  g_clear_object (&self->folder_cancellable);
  if (self->documents != NULL)
    connect_saves (self, FALSE);
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
  _billet_window_disconnect_preview (self);
  /* The grammar helper stops with the window. */
  if (self->grammar != NULL)
    billet_grammar_shutdown (self->grammar);
  g_clear_object (&self->grammar);
  gtk_widget_dispose_template (GTK_WIDGET (self), BILLET_TYPE_WINDOW);
  self->preview = NULL;
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
  PROP_LOADING,
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
    case PROP_LOADING:
      g_value_set_boolean (value, self->loading);
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
      _billet_window_set_show_sidebar (self, g_value_get_boolean (value));
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
  /**
   * BilletWindow:loading:
   *
   * Whether a post is being read for the window, or into the document it
   * shows, or a folder being opened in it (its site's configuration read).
   */
  g_object_class_install_property (object_class, PROP_LOADING,
    g_param_spec_boolean ("loading", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY));
  window_class->close_request = billet_window_close_request;

  gtk_widget_class_set_template_from_resource (widget_class, "/org/billet/Billet/ui/billet-window.ui");
  gtk_widget_class_bind_template_child (widget_class, BilletWindow, window_title);
  gtk_widget_class_bind_template_child (widget_class, BilletWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, BilletWindow, flap);
  gtk_widget_class_bind_template_child (widget_class, BilletWindow, content_stack);
  gtk_widget_class_bind_template_child (widget_class, BilletWindow, empty_page);
  gtk_widget_class_bind_template_child (widget_class, BilletWindow, loading_page);
  gtk_widget_class_bind_template_child (widget_class, BilletWindow, loading_progress);
  gtk_widget_class_bind_template_child (widget_class, BilletWindow, sidebar);
  gtk_widget_class_bind_template_child (widget_class, BilletWindow, sidebar_stack);
  gtk_widget_class_bind_template_child (widget_class, BilletWindow, check_view);
  gtk_widget_class_bind_template_callback_full (widget_class, "on_check_finding_activated_cb",
                                                G_CALLBACK (_billet_window_on_check_finding_activated_cb));
  gtk_widget_class_bind_template_callback_full (widget_class, "on_check_fix_cb",
                                                G_CALLBACK (_billet_window_on_check_fix_cb));
  gtk_widget_class_bind_template_callback_full (widget_class, "on_check_back_cb",
                                                G_CALLBACK (_billet_window_on_check_back_cb));
  gtk_widget_class_bind_template_child (widget_class, BilletWindow, sidebar_toggle);
  gtk_widget_class_bind_template_callback_full (widget_class, "on_sidebar_post_activated_cb",
                                                G_CALLBACK (_billet_window_on_sidebar_post_activated_cb));
  gtk_widget_class_bind_template_callback_full (widget_class, "on_sidebar_done_cb",
                                                G_CALLBACK (_billet_window_on_sidebar_done_cb));
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
  gtk_widget_class_bind_template_child (widget_class, BilletWindow, highlighting_label);
  gtk_widget_class_bind_template_child (widget_class, BilletWindow, grammar_label);
  gtk_widget_class_bind_template_child (widget_class, BilletWindow, outline_button);
  gtk_widget_class_bind_template_child (widget_class, BilletWindow, language_button);
  gtk_widget_class_bind_template_callback_full (widget_class, "on_outline_heading_activated_cb",
                                                G_CALLBACK (_billet_window_on_outline_heading_activated_cb));
  gtk_widget_class_bind_template_child (widget_class, BilletWindow, preview_slot);
  gtk_widget_class_bind_template_child (widget_class, BilletWindow, recent_menu);
  gtk_widget_class_bind_template_child_full (widget_class, "recent_section", FALSE,
                                             G_STRUCT_OFFSET (BilletWindow, recent_section));
  gtk_widget_class_bind_template_child_full (widget_class, "translations_section", FALSE,
                                             G_STRUCT_OFFSET (BilletWindow, translations_section));

  gtk_widget_class_install_action (widget_class, "win.open", NULL, _billet_window_open_action);
  gtk_widget_class_install_action (widget_class, "win.open-recent", "s", _billet_window_open_recent_action);
  gtk_widget_class_install_action (widget_class, "win.open-translation", "s",
                                   _billet_window_open_translation_action);
  gtk_widget_class_install_action (widget_class, "win.open-folder", NULL, _billet_window_open_folder_action);
  gtk_widget_class_install_action (widget_class, "win.open-site", "s", _billet_window_open_site_action);
  gtk_widget_class_install_action (widget_class, "win.check-site", NULL, _billet_window_check_site_action);
  gtk_widget_class_install_property_action (widget_class, "win.show-sidebar", "show-sidebar");
  gtk_widget_class_install_action (widget_class, "win.new", NULL, _billet_window_new_action);
  gtk_widget_class_install_action (widget_class, "win.save", NULL, _billet_window_save_action);
  gtk_widget_class_install_action (widget_class, "win.save-as", NULL, _billet_window_save_as_action);
  gtk_widget_class_install_action (widget_class, "win.export", NULL, _billet_window_export_action);
  gtk_widget_class_install_action (widget_class, "win.make-bundle", NULL, _billet_window_make_bundle_action);
  gtk_widget_class_install_action (widget_class, "win.undo-bundle", "s", _billet_window_undo_bundle_action);
  gtk_widget_class_install_action (widget_class, "win.open-export", "s", _billet_window_open_export_action);
  gtk_widget_class_install_action (widget_class, "win.close", NULL, _billet_window_close_action);
  gtk_widget_class_install_action (widget_class, "win.find", NULL, _billet_window_find_action);
  gtk_widget_class_install_action (widget_class, "win.find-post", NULL, _billet_window_find_post_action);
  gtk_widget_class_install_action (widget_class, "win.next-pane", NULL, _billet_window_cycle_panes_action);
  gtk_widget_class_install_action (widget_class, "win.previous-pane", NULL, _billet_window_cycle_panes_action);

  gtk_widget_class_install_action (widget_class, "win.replace", NULL, _billet_window_find_action);
  gtk_widget_class_install_action (widget_class, "win.format-bold", NULL, _billet_window_bold_action);
  gtk_widget_class_install_action (widget_class, "win.format-italic", NULL, _billet_window_italic_action);
  gtk_widget_class_install_action (widget_class, "win.insert-link", NULL, _billet_window_link_action);
  gtk_widget_class_install_action (widget_class, "win.heading", "i", _billet_window_heading_action);
  gtk_widget_class_install_action (widget_class, "win.fix-typography", NULL,
                                   _billet_window_fix_typography_action);
  gtk_widget_class_install_action (widget_class, "win.outline", NULL, _billet_window_outline_action);

  g_type_ensure (BILLET_TYPE_POST_FORM);
  g_type_ensure (BILLET_TYPE_SEARCH_BAR);
  g_type_ensure (BILLET_TYPE_DOCUMENT_BARS);
  g_type_ensure (BILLET_TYPE_SIDEBAR);
  g_type_ensure (BILLET_TYPE_CHECK_VIEW);
  g_type_ensure (BILLET_TYPE_SOURCE_VIEW);
  g_type_ensure (BILLET_TYPE_OUTLINE_BUTTON);
  g_type_ensure (BILLET_TYPE_LANGUAGE_BUTTON);
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
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.check-site", FALSE);
  /* The flap is there when the posts are: the check is one of their views. */
  g_object_bind_property (self->sidebar, "visible", self->sidebar_stack, "visible", G_BINDING_SYNC_CREATE);
  g_signal_connect_object (self->flap, "notify::reveal-flap", G_CALLBACK (_billet_window_on_flap_reveal_cb), self,
                           G_CONNECT_SWAPPED);


  gtk_widget_add_css_class (GTK_WIDGET (self->source_view), "billet-source");
  gtk_style_context_add_provider_for_display (gdk_display_get_default (),
                                              GTK_STYLE_PROVIDER (self->font_css),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
  add_source_shortcuts (self);
  self->grammar = billet_grammar_new (GTK_TEXT_VIEW (self->source_view), GTK_LABEL (self->grammar_label));
  billet_typing_typography_attach (GTK_TEXT_VIEW (self->source_view), self->settings, self->grammar);
  _billet_window_connect_source_sync (self);
  billet_search_bar_set_view (self->search_bar, self->source_view);
  _billet_window_spelling_init (self);

  g_action_map_add_action (G_ACTION_MAP (self), g_settings_create_action (self->settings, "show-preview"));
  g_action_map_add_action (G_ACTION_MAP (self), g_settings_create_action (self->settings, "show-form"));
  g_settings_bind (self->settings, "show-preview", self->preview_slot, "visible", G_SETTINGS_BIND_GET);
  g_signal_connect_swapped (self->preview_slot, "map", G_CALLBACK (_billet_window_queue_preview), self);
  /* F6 in the capture phase: GtkPaned binds it too, to cycle its own two
   * children, which is not what the author asked for. */
  {
    GtkEventController *panes = gtk_shortcut_controller_new ();

    gtk_event_controller_set_propagation_phase (panes, GTK_PHASE_CAPTURE);
    gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (panes),
                                          gtk_shortcut_new (gtk_keyval_trigger_new (GDK_KEY_F6, 0),
                                                            gtk_named_action_new ("win.next-pane")));
    gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (panes),
                                          gtk_shortcut_new (gtk_keyval_trigger_new (GDK_KEY_F6, GDK_SHIFT_MASK),
                                                            gtk_named_action_new ("win.previous-pane")));
    gtk_widget_add_controller (GTK_WIDGET (self), panes);
  }
  g_settings_bind (self->settings, "show-form", self->form_scroller, "visible", G_SETTINGS_BIND_GET);
  g_signal_connect_object (self->form_scroller, "notify::visible", G_CALLBACK (_billet_window_on_form_visible_cb), self,
                           G_CONNECT_SWAPPED);
  /* The file's line numbers, as the status line and `billet check` give them. */
  g_settings_bind (self->settings, "show-line-numbers", self->source_view, "show-file-line-numbers",
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
  self->recent_source = g_idle_add_full (G_PRIORITY_LOW, _billet_window_watch_recent_cb, self, NULL);

  drop = gtk_drop_target_new (GDK_TYPE_FILE_LIST, GDK_ACTION_COPY);
  g_signal_connect (drop, "drop", G_CALLBACK (_billet_window_on_drop_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (drop));
  _billet_window_setup_images (self);

  _billet_window_set_document (self, document);
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
    _billet_window_load_file (self, file);
  else
    _billet_window_confirm_discard (self, _billet_window_open_after_confirm, g_object_ref (file), g_object_unref);
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

  _billet_window_open_folder (self, folder);
}

/**
 * billet_window_get_translations:
 *
 * Returns: (transfer none): the primary menu's items that open the shown
 *   post's translations (its label names each, with its language)
 */
GMenuModel *
billet_window_get_translations (BilletWindow *self)
{
  g_return_val_if_fail (BILLET_IS_WINDOW (self), NULL);
  return G_MENU_MODEL (self->translations_section);
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

  return self->loading_document == NULL && !billet_document_get_loading (self->document) &&
         billet_document_get_file (self->document) == NULL &&
         !billet_document_get_modified (self->document);
}

/**
 * billet_window_get_loading:
 *
 * Returns: whether a post is being read for the window (see
 *   billet_window_get_loading_file()), or into the document it shows, or a
 *   folder being opened in it
 */
gboolean
billet_window_get_loading (BilletWindow *self)
{
  g_return_val_if_fail (BILLET_IS_WINDOW (self), FALSE);
  return self->loading;
}

/**
 * billet_window_get_loading_file:
 *
 * Returns: (transfer none) (nullable): the post being read for the
 *   window, until it shows
 */
GFile *
billet_window_get_loading_file (BilletWindow *self)
{
  g_return_val_if_fail (BILLET_IS_WINDOW (self), NULL);
  return self->loading_file;
}

/**
 * billet_window_get_loading_document:
 *
 * Returns: (transfer none) (nullable): the document the post of
 *   billet_window_get_loading_file() is being read into
 */
BilletDocument *
billet_window_get_loading_document (BilletWindow *self)
{
  g_return_val_if_fail (BILLET_IS_WINDOW (self), NULL);
  return self->loading_document;
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

/**
 * billet_window_get_grammar:
 *
 * Returns: (transfer none): the French grammar checker of the source
 */
struct _BilletGrammar *
billet_window_get_grammar (BilletWindow *self)
{
  g_return_val_if_fail (BILLET_IS_WINDOW (self), NULL);
  return self->grammar;
}

BilletDocument *
billet_window_get_document (BilletWindow *self)
{
  g_return_val_if_fail (BILLET_IS_WINDOW (self), NULL);
  return self->document;
}

/**
 * billet_window_lookup_document:
 * @file: a post's file
 *
 * Returns: (transfer none) (nullable): the document this window has open
 *   on @file (on screen, or kept beside it with a folder open), or %NULL
 */
BilletDocument *
billet_window_lookup_document (BilletWindow *self,
                               GFile        *file)
{
  GFile *current;

  g_return_val_if_fail (BILLET_IS_WINDOW (self), NULL);
  g_return_val_if_fail (G_IS_FILE (file), NULL);

  current = billet_document_get_file (self->document);
  if (current != NULL && g_file_equal (current, file))
    return self->document;
  return _billet_window_find_document (self, file);
}

typedef struct
{
  GWeakRef *window;
  gboolean  kept;      /* the document was open in the window already */
} Restore;

static void
restore_done_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  BilletDocument *document = BILLET_DOCUMENT (object);
  Restore *restore = user_data;
  g_autoptr(BilletWindow) self = _billet_window_weak_take (restore->window);
  g_autoptr(GError) error = NULL;
  gboolean kept = restore->kept;

  g_free (restore);
  if (!billet_document_restore_draft_finish (document, result, &error))
    {
      if (self == NULL || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      if (self->loading_document == document)
        _billet_window_cancel_load (self);
      billet_error_dialog_present (GTK_WIDGET (self), _("Could Not Restore the Draft"), error->message);
      return;
    }
  if (self == NULL)
    return;
  if (self->loading_document == document)
    {
      g_signal_handlers_disconnect_by_data (document, self);
      g_clear_object (&self->loading_document);
      g_clear_object (&self->loading_file);
      g_clear_object (&self->load_cancellable);
    }
  else if (!kept && document != self->document)
    return;   /* given up: another post was chosen meanwhile */
  if (self->post_list != NULL)
    _billet_window_switch_document (self, document);
  else
    _billet_window_set_document (self, document);
  _billet_window_update_loading (self);
  gtk_widget_grab_focus (GTK_WIDGET (self->source_view));
}

/**
 * billet_window_restore_draft:
 *
 * Opens @draft's post in this window with the draft's text, unsaved: the
 * draft and its post are read in a worker, and the window shows the post
 * once they are in (a failure then is said in a dialog). A post this
 * window has open already takes the draft itself (one document per file),
 * unless it has unsaved changes of its own: those are not dropped, and the
 * draft is refused with an error that says so.
 *
 * Returns: %FALSE with @error set if the draft is refused at once
 */
gboolean
billet_window_restore_draft (BilletWindow       *self,
                             const BilletDraft  *draft,
                             GError            **error)
{
  g_autoptr(BilletDocument) document = NULL;
  g_autoptr(GFile) file = NULL;
  Restore *restore;

  g_return_val_if_fail (BILLET_IS_WINDOW (self), FALSE);
  g_return_val_if_fail (draft != NULL, FALSE);

  if (draft->path != NULL)
    {
      BilletDocument *open;

      file = g_file_new_for_path (draft->path);
      open = billet_window_lookup_document (self, file);
      if (open != NULL && billet_document_get_modified (open))
        {
          g_autofree char *name = g_file_get_basename (file);

          g_set_error (error, G_IO_ERROR, G_IO_ERROR_EXISTS,
                       _("“%s” is open with unsaved changes. Save or discard them, "
                         "then restore the draft."), name);
          return FALSE;
        }
      if (open != NULL)
        document = g_object_ref (open);
    }

  restore = g_new0 (Restore, 1);
  restore->window = _billet_window_weak_new (self);
  restore->kept = document != NULL;
  if (document == NULL)
    {
      /* A post of its own, on its way in as any post opened. */
      document = billet_document_new ();
      _billet_window_cancel_load (self);
      self->loading_document = g_object_ref (document);
      self->loading_file = file ? g_object_ref (file) : NULL;
      self->load_cancellable = g_cancellable_new ();
      g_signal_connect_object (document, "notify::loading-progress", G_CALLBACK (_billet_window_on_loading_progress_cb), self,
                               G_CONNECT_SWAPPED);
    }
  billet_document_restore_draft_async (document, draft,
                                       self->loading_document == document ? self->load_cancellable : NULL,
                                       restore_done_cb, restore);
  _billet_window_update_loading (self);
  return TRUE;
}
