/* billet-compare-window.c — a unified diff, read-only, in a window of its own
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What "Compare" shows, from the changed-on-disk bar and from the recovery
 * window: the diff (billet-diff) in a monospace GtkSourceView with the
 * "diff" language, so that removed and added lines take the scheme's
 * colours. A plain AdwWindow built in code: nothing in it is a template
 * child the code would touch.
 */

#define G_LOG_DOMAIN "Billet"

#include "config.h"

#include <glib/gi18n.h>
#include <gtksourceview/gtksource.h>

#include "billet-compare-window.h"
#include "billet-error-dialog.h"

/**
 * billet_compare_window_present:
 * @parent: (nullable): the window it belongs to
 * @diff: a unified diff; empty when there is no difference
 *
 * Returns: (transfer none): the window, on screen
 */
GtkWindow *
billet_compare_window_present (GtkWindow  *parent,
                               const char *title,
                               const char *diff)
{
  GtkSourceLanguageManager *languages = gtk_source_language_manager_get_default ();
  GtkSourceStyleSchemeManager *schemes = gtk_source_style_scheme_manager_get_default ();
  AdwStyleManager *style = adw_style_manager_get_default ();
  GtkSourceBuffer *buffer = gtk_source_buffer_new (NULL);
  GtkWidget *window = adw_window_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *header = adw_header_bar_new ();
  GtkWidget *scroller = gtk_scrolled_window_new ();
  GtkWidget *view;

  g_return_val_if_fail (diff != NULL, NULL);

  gtk_source_buffer_set_language (buffer, gtk_source_language_manager_get_language (languages, "diff"));
  gtk_source_buffer_set_style_scheme (buffer,
                                      gtk_source_style_scheme_manager_get_scheme (schemes,
                                        adw_style_manager_get_dark (style) ? "Adwaita-dark" : "Adwaita"));
  gtk_text_buffer_set_text (GTK_TEXT_BUFFER (buffer),
                            diff[0] != 0 ? diff : _("No difference: the texts are the same."), -1);

  view = gtk_source_view_new_with_buffer (buffer);
  g_object_unref (buffer);
  gtk_text_view_set_editable (GTK_TEXT_VIEW (view), FALSE);
  gtk_text_view_set_monospace (GTK_TEXT_VIEW (view), TRUE);
  gtk_text_view_set_left_margin (GTK_TEXT_VIEW (view), 12);
  gtk_text_view_set_top_margin (GTK_TEXT_VIEW (view), 12);
  gtk_text_view_set_bottom_margin (GTK_TEXT_VIEW (view), 12);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), view);
  gtk_widget_set_vexpand (scroller, TRUE);

  adw_header_bar_set_title_widget (ADW_HEADER_BAR (header), adw_window_title_new (title, NULL));
  gtk_box_append (GTK_BOX (box), header);
  gtk_box_append (GTK_BOX (box), scroller);
  adw_window_set_content (ADW_WINDOW (window), box);

  gtk_window_set_title (GTK_WINDOW (window), title);
  gtk_window_set_default_size (GTK_WINDOW (window), 760, 560);
  if (parent != NULL)
    {
      gtk_window_set_transient_for (GTK_WINDOW (window), parent);
      gtk_window_set_modal (GTK_WINDOW (window), TRUE);
    }
  gtk_window_set_destroy_with_parent (GTK_WINDOW (window), TRUE);
  gtk_window_present (GTK_WINDOW (window));
  return GTK_WINDOW (window);
}

/**
 * billet_compare_window_present_disk_changes:
 * @parent: (nullable): the window it belongs to
 * @document: a post whose file changed on disk, or may have
 *
 * What "Compare" does wherever the file on disk and the author's text
 * differ (the changed-on-disk bar, the overwrite question): the diff from
 * the file to the document, or an error dialog saying why there is none.
 */
void
billet_compare_window_present_disk_changes (GtkWindow      *parent,
                                            BilletDocument *document)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *diff = NULL;
  g_autofree char *name = NULL;
  g_autofree char *title = NULL;
  GFile *file;

  g_return_if_fail (BILLET_IS_DOCUMENT (document));

  diff = billet_document_dup_disk_diff (document, &error);
  if (diff == NULL)
    {
      billet_error_dialog_present (GTK_WIDGET (parent), _("Could Not Compare"), error->message);
      return;
    }
  file = billet_document_get_file (document);
  name = file ? g_file_get_basename (file) : g_strdup (billet_document_get_title (document));
  /* Translators: %s is a file name */
  title = g_strdup_printf (_("Changes to “%s”"), name);
  billet_compare_window_present (parent, title, diff);
}
