/* billet-window-preview.c — the preview beside the source, and scroll sync
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The preview lives in a module the window does not link (WebKitGTK costs
 * start-up time): it is loaded once the window is on screen, and driven
 * through its properties and signals. Scrolling one side scrolls the
 * other.
 */

#define G_LOG_DOMAIN "Billet"

#include "config.h"

#include <errno.h>
#include <string.h>

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <gmodule.h>

#include "billet-window-private.h"

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

void
_billet_window_on_cursor_moved_cb (BilletWindow *self)
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
void
_billet_window_queue_preview (BilletWindow *self)
{
  if (self->preview == NULL && self->preview_source == 0)
    self->preview_source = g_idle_add_full (G_PRIORITY_LOW, create_preview_cb, self, NULL);
}

