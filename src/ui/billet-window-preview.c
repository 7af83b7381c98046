/* billet-window-preview.c — the preview beside the source, and scroll sync
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The preview lives in a module the window does not link (WebKitGTK costs
 * start-up time): it is loaded once the window is on screen, and driven
 * through BilletPreviewSlot (billet-preview-slot.h) only, which both sides
 * compile against. Scrolling one side scrolls the other.
 */

#define G_LOG_DOMAIN "Billet"

#include "config.h"

#include <errno.h>
#include <math.h>
#include <string.h>

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <gmodule.h>

#include "billet-window-private.h"

/* Scroll sync with the preview
 *
 * Lines are the body's, 1-based, so the source view's line + 1 (the view
 * shows the body only). */

static BilletPreviewSlot *
preview_slot (BilletWindow *self)
{
  return self->preview != NULL ? BILLET_PREVIEW_SLOT (self->preview) : NULL;
}

/* The line at the top of the source view, fractional: how far down it
 * the view's top is. */
static double
source_top_line (BilletWindow *self)
{
  GtkTextView *view = GTK_TEXT_VIEW (self->source_view);
  GdkRectangle visible;
  GtkTextIter iter;
  int line_top = 0;
  int line_height = 0;
  double line;

  gtk_text_view_get_visible_rect (view, &visible);
  gtk_text_view_get_line_at_y (view, &iter, visible.y, &line_top);
  gtk_text_view_get_line_yrange (view, &iter, &line_top, &line_height);
  line = gtk_text_iter_get_line (&iter) + 1;
  if (line_height > 0 && visible.y > line_top)
    line += (double) (visible.y - line_top) / line_height;
  return line;
}

static void
on_source_scrolled_cb (BilletWindow *self)
{
  double line;

  if (self->preview == NULL || !gtk_widget_get_mapped (GTK_WIDGET (self->source_view)) ||
      self->scrolling_from_preview)
    return;

  /* Not an echo of the preview's own line either: the text view settles
   * its scroll position after the move (line heights it had only
   * estimated), on the same line. */
  line = source_top_line (self);
  if (self->preview_top_line >= 1 && fabs (line - self->preview_top_line) < 0.25)
    return;
  self->preview_top_line = -1;

  billet_preview_slot_scroll_to_line (preview_slot (self), line);
}

void
_billet_window_on_cursor_moved_cb (BilletWindow *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (self->source_view));
  GtkTextIter iter;

  if (self->preview == NULL || !gtk_widget_has_focus (GTK_WIDGET (self->source_view)))
    return;

  gtk_text_buffer_get_iter_at_mark (buffer, &iter, gtk_text_buffer_get_insert (buffer));
  billet_preview_slot_reveal_line (preview_slot (self), (guint) gtk_text_iter_get_line (&iter) + 1);
}

static void
on_preview_line_activated (gpointer user_data,
                           guint    line)
{
  BilletWindow *self = user_data;
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (self->source_view));
  GtkTextIter iter;

  gtk_text_buffer_get_iter_at_line (buffer, &iter, (int) line - 1);
  _billet_window_put_cursor (self, &iter, FALSE);
}

/* The author scrolled the preview: the source shows the same place,
 * @line (the body's, fractional) at its top. */
static void
on_preview_scrolled_to_line (gpointer user_data,
                             double   line)
{
  BilletWindow *self = user_data;
  GtkTextView *view = GTK_TEXT_VIEW (self->source_view);
  GtkAdjustment *vadjustment = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (view));
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (view);
  GdkRectangle visible;
  GtkTextIter iter;
  int index = (int) floor (line) - 1;
  int line_y = 0;
  int line_height = 0;
  double value;

  if (!gtk_widget_get_mapped (GTK_WIDGET (view)))
    return;

  index = CLAMP (index, 0, MAX (gtk_text_buffer_get_line_count (buffer) - 1, 0));
  gtk_text_buffer_get_iter_at_line (buffer, &iter, index);
  gtk_text_view_get_line_yrange (view, &iter, &line_y, &line_height);
  /* Buffer coordinates to the adjustment's: they differ by the view's top
   * margin. */
  gtk_text_view_get_visible_rect (view, &visible);
  value = gtk_adjustment_get_value (vadjustment) - visible.y + line_y;
  if (index == (int) floor (line) - 1)
    value += (line - floor (line)) * line_height;
  value = CLAMP (value, gtk_adjustment_get_lower (vadjustment),
                 gtk_adjustment_get_upper (vadjustment) - gtk_adjustment_get_page_size (vadjustment));

  /* No echo back to the preview: it is where the author put it. */
  self->preview_top_line = line;
  self->scrolling_from_preview = TRUE;
  gtk_adjustment_set_value (vadjustment, value);
  self->scrolling_from_preview = FALSE;
}

/* The preview's bar allowed remote images for a whole site: every post of
 * it, in every window and the next time too. */
static void
on_preview_remote_image_sites_changed (gpointer            user_data,
                                       const char * const *sites)
{
  BilletWindow *self = user_data;

  g_settings_set_strv (self->settings, "remote-image-sites", sites);
}

/* A render ended: the outline shows its headings. */
static void
on_preview_outline_changed (gpointer       user_data,
                            BilletOutline *outline)
{
  BilletWindow *self = user_data;

  billet_outline_button_set_outline (self->outline_button, outline);
}

static const BilletPreviewSlotCallbacks preview_callbacks = {
  .line_activated = on_preview_line_activated,
  .scrolled_to_line = on_preview_scrolled_to_line,
  .remote_image_sites_changed = on_preview_remote_image_sites_changed,
  .outline_changed = on_preview_outline_changed,
};

/* A heading chosen in the outline: the cursor goes to the start of its
 * line, which the source shows at its top, and so does the preview. */
void
_billet_window_on_outline_heading_activated_cb (BilletWindow *self,
                                                guint         line)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (self->source_view));
  GtkTextIter iter;

  gtk_text_buffer_get_iter_at_line (buffer, &iter, (int) line - 1);
  _billet_window_put_cursor (self, &iter, TRUE);
  if (self->preview != NULL)
    billet_preview_slot_scroll_to_line (preview_slot (self), line);
}

void
_billet_window_outline_action (GtkWidget  *widget,
                               const char *action_name,
                               GVariant   *parameter)
{
  BilletWindow *self = BILLET_WINDOW (widget);

  if (gtk_widget_is_drawable (GTK_WIDGET (self->outline_button)))
    billet_outline_button_popup (self->outline_button);
}

/* The preview's settings follow the window's. */
static void
on_preview_setting_changed_cb (BilletWindow *self,
                               const char   *key)
{
  BilletPreviewSlot *slot = preview_slot (self);

  if (slot == NULL)
    return;

  if (key == NULL || g_str_equal (key, "sync-scroll"))
    billet_preview_slot_set_sync_scroll (slot, g_settings_get_boolean (self->settings, "sync-scroll"));
  if (key == NULL || g_str_equal (key, "load-remote-images"))
    billet_preview_slot_set_load_remote_images (slot, g_settings_get_boolean (self->settings,
                                                                              "load-remote-images"));
  if (key == NULL || g_str_equal (key, "remote-image-sites"))
    {
      g_auto(GStrv) sites = g_settings_get_strv (self->settings, "remote-image-sites");

      billet_preview_slot_set_remote_image_sites (slot, (const char * const *) sites);
    }
}

static void
connect_preview_sync (BilletWindow *self)
{
  static const char *keys[] = { "sync-scroll", "load-remote-images", "remote-image-sites" };

  on_preview_setting_changed_cb (self, NULL);
  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    {
      g_autofree char *signal = g_strconcat ("changed::", keys[i], NULL);

      g_signal_connect_object (self->settings, signal, G_CALLBACK (on_preview_setting_changed_cb), self,
                               G_CONNECT_SWAPPED);
    }
  billet_preview_slot_set_callbacks (preview_slot (self), &preview_callbacks, self);
}

/* Before the window goes: the preview may outlive it for a moment. */
void
_billet_window_disconnect_preview (BilletWindow *self)
{
  if (self->preview != NULL)
    billet_preview_slot_set_callbacks (preview_slot (self), NULL, NULL);
}

void
_billet_window_connect_source_sync (BilletWindow *self)
{
  GtkAdjustment *vadjustment = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (self->source_view));

  g_signal_connect_object (vadjustment, "value-changed",
                           G_CALLBACK (on_source_scrolled_cb), self, G_CONNECT_SWAPPED);
}

/* The preview */

/* The type of the preview widget, from the module that holds it (linking
 * WebKit into the editor would delay the window by its relocations): beside
 * the executable's folder in a build tree, else where it is installed. A
 * program that has the type already (the tests) uses its own. Either way
 * it is a BilletPreviewSlot, or no preview. */
static GType
preview_type (GError **error)
{
  static GType type = 0;
  g_autofree char *self = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *beside = NULL;
  const char *candidates[2];
  GModule *module = NULL;
  gpointer entry = NULL;
  GType found;

  if (type != 0)
    return type;
  if ((found = g_type_from_name ("BilletPreview")) != 0)
    goto check;

  self = g_file_read_link ("/proc/self/exe", NULL);
  dir = self ? g_path_get_dirname (self) : g_strdup (".");
  beside = g_build_filename (dir, "ui", "libbillet-preview.so", NULL);
  candidates[0] = beside;
  candidates[1] = BILLET_MODULEDIR "/libbillet-preview.so";

  for (guint i = 0; i < G_N_ELEMENTS (candidates) && module == NULL; i++)
    if (g_file_test (candidates[i], G_FILE_TEST_EXISTS))
      module = g_module_open (candidates[i], G_MODULE_BIND_LAZY | G_MODULE_BIND_LOCAL);

  if (module == NULL || !g_module_symbol (module, BILLET_PREVIEW_MODULE_ENTRY, &entry))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, "%s",
                   module == NULL ? (g_module_error () ? g_module_error () : BILLET_MODULEDIR)
                                  : g_module_error ());
      g_clear_pointer (&module, g_module_close);
      return 0;
    }
  /* It registers types: it stays. */
  g_module_make_resident (module);
  found = ((BilletPreviewModuleEntry) entry) ();

check:
  if (!g_type_is_a (found, BILLET_TYPE_PREVIEW_SLOT) || G_TYPE_IS_ABSTRACT (found))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                           _("the preview module belongs to another version of Billet"));
      return 0;
    }
  type = found;
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

  self->preview = g_object_new (type, NULL);
  adw_bin_set_child (self->preview_slot, self->preview);
  connect_preview_sync (self);
  billet_preview_slot_set_document (preview_slot (self), self->document);
  g_object_notify (G_OBJECT (self), "preview");
  return G_SOURCE_REMOVE;
}

/* Once the window is on screen (the preview's place is mapped), at low
 * priority so that the first frames come first. */
void
_billet_window_queue_preview (BilletWindow *self)
{
  if (self->preview == NULL && self->preview_source == 0)
    self->preview_source = g_idle_add_full (G_PRIORITY_LOW, create_preview_cb, self, NULL);
}

