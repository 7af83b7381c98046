/* billet-error-dialog.c — the one way Billet tells an error that needs an answer
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Errors the author must read before going on (a post that cannot be
 * opened, saved, exported, compared, restored) are a message dialog over
 * the window they belong to, with one Close button: the heading says what
 * failed (“Could Not Save “post.md””), the body why and where. Errors that
 * are a state of the post (encoding, changed on disk) are bars instead;
 * what the author need not answer is a toast.
 */

#define G_LOG_DOMAIN "Billet"

#include "config.h"

#include <glib/gi18n.h>
#include <adwaita.h>

#include "billet-error-dialog.h"

/**
 * billet_error_dialog_present:
 * @near: (nullable): a widget of the window the error belongs to, or that
 *   window
 * @heading: what failed
 * @body: why, and where
 *
 * Shows a modal message dialog over @near's window.
 */
void
billet_error_dialog_present (GtkWidget  *near,
                             const char *heading,
                             const char *body)
{
  GtkRoot *root = near != NULL ? gtk_widget_get_root (near) : NULL;
  GtkWidget *dialog;

  g_return_if_fail (heading != NULL);

  dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, heading, body);
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  gtk_window_present (GTK_WINDOW (dialog));
}
