/* billet-document-bars.c — the bars a document raises above the source
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * States of the document that the author should know about and decide on
 * get a BilletInfoBar each, stacked above the Markdown source: the file
 * changed on disk (reload, keep mine, compare), a legacy encoding (convert
 * to UTF-8), stray bytes (show, remove), mis-encoded text (repair), unsaved
 * changes that no draft protects (save), a save interrupted earlier and put
 * right when the post was read (OK). The
 * bars follow the document's properties; what each button does is the
 * document's business, so the window only places this widget and hands it
 * the document.
 */

#define G_LOG_DOMAIN "Billet"

#include "config.h"

#include <glib/gi18n.h>

#include "billet-compare-window.h"
#include "billet-document-bars.h"
#include "billet-error-dialog.h"

struct _BilletDocumentBars
{
  GtkWidget       parent_instance;

  BilletDocument *document;
  GtkWidget      *box;
  BilletInfoBar  *bars[BILLET_N_DOCUMENT_BARS];
};

G_DEFINE_FINAL_TYPE (BilletDocumentBars, billet_document_bars, GTK_TYPE_WIDGET)

static char *
file_name (BilletDocument *document)
{
  GFile *file = billet_document_get_file (document);

  return file ? g_file_get_basename (file) : g_strdup (billet_document_get_title (document));
}

static void
set_buttons (BilletInfoBar *bar,
             ...)
{
  va_list args;
  const char *label;

  billet_info_bar_clear_buttons (bar);
  va_start (args, bar);
  while ((label = va_arg (args, const char *)) != NULL)
    billet_info_bar_add_button (bar, label, va_arg (args, const char *));
  va_end (args);
}

static void
update_external (BilletDocumentBars *self)
{
  BilletInfoBar *bar = self->bars[BILLET_DOCUMENT_BAR_EXTERNAL];
  g_autofree char *name = NULL;
  g_autofree char *message = NULL;

  if (self->document == NULL || !billet_document_get_externally_modified (self->document))
    {
      billet_info_bar_set_revealed (bar, FALSE);
      return;
    }
  name = file_name (self->document);
  if (billet_document_get_file_on_disk (self->document))
    {
      billet_info_bar_set_title (bar, _("The file changed on disk"));
      message = g_strdup_printf (_("Another program changed “%s”. Reload it and lose your changes, "
                                   "or keep yours and write them over it when you save."), name);
      set_buttons (bar, _("_Reload"), "reload", _("_Keep Mine"), "keep", _("C_ompare"), "compare", NULL);
    }
  else
    {
      billet_info_bar_set_title (bar, _("The file is gone from disk"));
      message = g_strdup_printf (_("“%s” was deleted or renamed by another program. "
                                   "Saving writes it again."), name);
      set_buttons (bar, _("_Keep Mine"), "keep", NULL);
    }
  billet_info_bar_set_message (bar, message);
  billet_info_bar_set_revealed (bar, TRUE);
}

static void
update_encoding (BilletDocumentBars *self)
{
  BilletInfoBar *encoding = self->bars[BILLET_DOCUMENT_BAR_ENCODING];
  BilletInfoBar *stray = self->bars[BILLET_DOCUMENT_BAR_STRAY];
  BilletCharset charset = self->document ? billet_document_get_charset (self->document) : BILLET_CHARSET_UTF8;
  guint line = 0, column = 0, n;

  if (charset != BILLET_CHARSET_UTF8 && charset != BILLET_CHARSET_UTF8_STRAY)
    {
      g_autofree char *title =
        /* Translators: %s is an encoding, “Windows-1252” or “Latin-1 (ISO-8859-1)” */
        g_strdup_printf (_("This post is in %s"), billet_charset_get_name (charset));

      billet_info_bar_set_title (encoding, title);
      billet_info_bar_set_message (encoding,
                                   _("Billet saves it in the same encoding. Most sites and tools "
                                     "expect UTF-8: converting is one click, and you save when you choose."));
      set_buttons (encoding, _("_Convert to UTF-8"), "convert", NULL);
      billet_info_bar_set_revealed (encoding, TRUE);
    }
  else
    billet_info_bar_set_revealed (encoding, FALSE);

  n = self->document ? billet_document_get_n_stray (self->document, &line, &column) : 0;
  if (n > 0)
    {
      g_autofree char *title =
        g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u byte is not UTF-8", "%u bytes are not UTF-8", n), n);
      g_autofree char *message =
        g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                      "It is on line %u, column %u, shown in red. Billet keeps it "
                                      "as it is until you remove it.",
                                      "The first is on line %u, column %u; each is shown in red. "
                                      "Billet keeps them as they are until you remove them.", n),
                         line, column);

      billet_info_bar_set_title (stray, title);
      billet_info_bar_set_message (stray, message);
      set_buttons (stray, _("_Show"), "show", _("_Remove"), "remove", NULL);
      billet_info_bar_set_revealed (stray, TRUE);
    }
  else
    billet_info_bar_set_revealed (stray, FALSE);
}

static void
update_mojibake (BilletDocumentBars *self)
{
  BilletInfoBar *bar = self->bars[BILLET_DOCUMENT_BAR_MOJIBAKE];
  const BilletMojibake *mojibake = self->document ? billet_document_get_mojibake (self->document) : NULL;
  g_autofree char *message = NULL;

  if (mojibake == NULL)
    {
      billet_info_bar_set_revealed (bar, FALSE);
      return;
    }
  if (mojibake->example != NULL)
    message = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                            /* Translators: “Ã©” is probably “é” */
                                            "“%s” is probably “%s” (line %u): %u character to repair.",
                                            "“%s” is probably “%s” (line %u, and more): %u characters to repair.",
                                            mojibake->n_repaired),
                               mojibake->example, mojibake->example_repaired, mojibake->line,
                               mojibake->n_repaired);
  else
    /* Translators: %s is “ï»¿”, the byte-order mark EF BB BF read as Windows-1252 */
    message = g_strdup_printf (_("The file starts with “%s”, a mis-encoded byte-order mark that "
                                 "Billet and generators take for text."),
                               BILLET_MIS_ENCODED_MARK);
  billet_info_bar_set_title (bar, _("Some text looks mis-encoded"));
  billet_info_bar_set_message (bar, message);
  set_buttons (bar, _("_Repair"), "repair", NULL);
  billet_info_bar_set_revealed (bar, TRUE);
}

static void
update_draft (BilletDocumentBars *self)
{
  BilletInfoBar *bar = self->bars[BILLET_DOCUMENT_BAR_DRAFT];
  g_autofree char *reason = NULL;
  g_autofree char *message = NULL;

  if (self->document != NULL)
    g_object_get (self->document, "draft-error", &reason, NULL);
  if (reason == NULL)
    {
      billet_info_bar_set_revealed (bar, FALSE);
      return;
    }
  billet_info_bar_set_title (bar, _("Unsaved changes are not protected against a crash"));
  /* Translators: %s says why a file could not be written, as “No space left
   * on the disk holding “…””; Billet then tries again every few seconds */
  message = g_strdup_printf (_("Billet could not keep a copy of them: %s. It keeps trying; "
                               "saving the post protects them too."), reason);
  billet_info_bar_set_message (bar, message);
  set_buttons (bar, _("_Save"), "save", NULL);
  billet_info_bar_set_revealed (bar, TRUE);
}

static void
update_recovery (BilletDocumentBars *self)
{
  BilletInfoBar *bar = self->bars[BILLET_DOCUMENT_BAR_RECOVERY];
  const char *message = self->document ? billet_document_get_recovery (self->document) : NULL;

  if (message == NULL)
    {
      billet_info_bar_set_revealed (bar, FALSE);
      return;
    }
  billet_info_bar_set_title (bar, _("An interrupted save was put right"));
  billet_info_bar_set_message (bar, message);
  set_buttons (bar, _("_OK"), "dismiss-recovery", NULL);
  billet_info_bar_set_revealed (bar, TRUE);
}

static void
compare (BilletDocumentBars *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  billet_compare_window_present_disk_changes (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                              self->document);
}

static void
reload_done_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  BilletDocument *document = BILLET_DOCUMENT (object);
  g_autoptr(BilletDocumentBars) self = g_weak_ref_get (user_data);
  g_autoptr(GError) error = NULL;

  g_weak_ref_clear (user_data);
  g_free (user_data);
  if (billet_document_reload_finish (document, result, &error) || self == NULL ||
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  {
    g_autofree char *name = file_name (document);
    g_autofree char *heading = g_strdup_printf (_("Could Not Open “%s”"), name);

    billet_error_dialog_present (GTK_WIDGET (self), heading, error->message);
  }
}

static void
on_response_cb (BilletInfoBar *bar,
                const char    *response,
                gpointer       user_data)
{
  BilletDocumentBars *self = BILLET_DOCUMENT_BARS (gtk_widget_get_ancestor (GTK_WIDGET (bar),
                                                                           BILLET_TYPE_DOCUMENT_BARS));

  if (self->document == NULL)
    return;

  if (g_str_equal (response, "reload"))
    {
      GWeakRef *weak = g_new0 (GWeakRef, 1);

      g_weak_ref_init (weak, self);
      billet_document_reload_async (self->document, NULL, reload_done_cb, weak);
    }
  else if (g_str_equal (response, "keep"))
    billet_document_keep_mine (self->document);
  else if (g_str_equal (response, "compare"))
    compare (self);
  else if (g_str_equal (response, "convert"))
    billet_document_convert_to_utf8 (self->document);
  else if (g_str_equal (response, "show"))
    billet_document_select_first_stray (self->document);
  else if (g_str_equal (response, "remove"))
    billet_document_remove_stray (self->document);
  else if (g_str_equal (response, "repair"))
    billet_document_repair_mojibake (self->document);
  else if (g_str_equal (response, "save"))
    gtk_widget_activate_action (GTK_WIDGET (self), "win.save", NULL);
  else if (g_str_equal (response, "dismiss-recovery"))
    billet_document_dismiss_recovery (self->document);
}

static void
billet_document_bars_dispose (GObject *object)
{
  BilletDocumentBars *self = (BilletDocumentBars *) object;

  if (self->document != NULL)
    g_signal_handlers_disconnect_by_data (self->document, self);
  g_clear_object (&self->document);
  g_clear_pointer (&self->box, gtk_widget_unparent);

  G_OBJECT_CLASS (billet_document_bars_parent_class)->dispose (object);
}

static void
billet_document_bars_class_init (BilletDocumentBarsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = billet_document_bars_dispose;
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "billetdocumentbars");
}

static void
billet_document_bars_init (BilletDocumentBars *self)
{
  static const BilletInfoBarType types[] = {
    BILLET_INFO_BAR_WARNING, BILLET_INFO_BAR_INFO, BILLET_INFO_BAR_WARNING, BILLET_INFO_BAR_WARNING,
    BILLET_INFO_BAR_ERROR, BILLET_INFO_BAR_WARNING,
  };

  G_STATIC_ASSERT (G_N_ELEMENTS (types) == BILLET_N_DOCUMENT_BARS);

  self->box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  gtk_widget_set_parent (self->box, GTK_WIDGET (self));
  for (guint i = 0; i < BILLET_N_DOCUMENT_BARS; i++)
    {
      self->bars[i] = BILLET_INFO_BAR (billet_info_bar_new (types[i]));
      g_signal_connect (self->bars[i], "response", G_CALLBACK (on_response_cb), NULL);
      gtk_box_append (GTK_BOX (self->box), GTK_WIDGET (self->bars[i]));
    }
}

GtkWidget *
billet_document_bars_new (void)
{
  return g_object_new (BILLET_TYPE_DOCUMENT_BARS, NULL);
}

static void
update_all (BilletDocumentBars *self)
{
  update_external (self);
  update_encoding (self);
  update_mojibake (self);
  update_draft (self);
  update_recovery (self);
}

void
billet_document_bars_set_document (BilletDocumentBars *self,
                                   BilletDocument     *document)
{
  g_return_if_fail (BILLET_IS_DOCUMENT_BARS (self));
  g_return_if_fail (document == NULL || BILLET_IS_DOCUMENT (document));

  if (self->document != NULL)
    g_signal_handlers_disconnect_by_data (self->document, self);
  g_set_object (&self->document, document);
  if (document != NULL)
    {
      g_signal_connect_object (document, "notify::externally-modified", G_CALLBACK (update_external),
                               self, G_CONNECT_SWAPPED);
      g_signal_connect_object (document, "notify::file", G_CALLBACK (update_all), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (document, "notify::charset", G_CALLBACK (update_encoding), self,
                               G_CONNECT_SWAPPED);
      g_signal_connect_object (document, "notify::n-stray", G_CALLBACK (update_encoding), self,
                               G_CONNECT_SWAPPED);
      g_signal_connect_object (document, "notify::has-mojibake", G_CALLBACK (update_mojibake), self,
                               G_CONNECT_SWAPPED);
      g_signal_connect_object (document, "notify::draft-error", G_CALLBACK (update_draft), self,
                               G_CONNECT_SWAPPED);
      g_signal_connect_object (document, "notify::recovery", G_CALLBACK (update_recovery), self,
                               G_CONNECT_SWAPPED);
    }
  update_all (self);
}

/**
 * billet_document_bars_get_bar:
 *
 * Returns: (transfer none): one of the bars (for tests)
 */
BilletInfoBar *
billet_document_bars_get_bar (BilletDocumentBars *self,
                              BilletDocumentBar   bar)
{
  g_return_val_if_fail (BILLET_IS_DOCUMENT_BARS (self), NULL);
  g_return_val_if_fail (bar < BILLET_N_DOCUMENT_BARS, NULL);
  return self->bars[bar];
}
