/* billet-info-bar.c — a message above the source, with up to three buttons
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * GtkInfoBar is deprecated from GTK 4.10 and AdwBanner only comes with
 * libadwaita 1.3, so Billet has its own: a title, a message and a few
 * buttons in a GtkRevealer, coloured from libadwaita's named colours by
 * type (see style.css). Its buttons are added at run time (what a bar
 * offers depends on the post), so it builds its children in code rather
 * than from a template. A button emits "response" with its id.
 *
 * For screen readers the bar is an alert named by its title and described
 * by its message. GTK 4.8 has no way to announce a change (no live
 * regions, no gtk_accessible_announce()), and tells assistive technologies
 * that something appeared only when a widget is shown: revealing the bar
 * hides and shows it too, in one go, so that they hear of a new alert
 * (object:children-changed:add, with the alert) and can read it out.
 */

#define G_LOG_DOMAIN "Billet"

#include "config.h"

#include <glib/gi18n.h>

#include "billet-info-bar.h"

#define MAX_BUTTONS 3

struct _BilletInfoBar
{
  GtkWidget    parent_instance;

  GtkRevealer *revealer;
  GtkWidget   *box;
  GtkLabel    *title;
  GtkLabel    *message;
  GtkWidget   *buttons;
  guint        n_buttons;
  BilletInfoBarType type;
};

G_DEFINE_FINAL_TYPE (BilletInfoBar, billet_info_bar, GTK_TYPE_WIDGET)

enum {
  RESPONSE,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static const char * const type_classes[] = { "info", "warning", "error" };

static void
billet_info_bar_dispose (GObject *object)
{
  BilletInfoBar *self = (BilletInfoBar *) object;

  g_clear_pointer ((GtkWidget **) &self->revealer, gtk_widget_unparent);

  G_OBJECT_CLASS (billet_info_bar_parent_class)->dispose (object);
}

static void
billet_info_bar_class_init (BilletInfoBarClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = billet_info_bar_dispose;

  /**
   * BilletInfoBar::response:
   * @response: the id the button was added with
   *
   * Emitted when the author presses one of the bar's buttons.
   */
  signals[RESPONSE] =
    g_signal_new ("response", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "billetinfobar");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_ALERT);
}

static void
billet_info_bar_init (BilletInfoBar *self)
{
  GtkWidget *labels = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);

  self->revealer = GTK_REVEALER (gtk_revealer_new ());
  gtk_revealer_set_transition_type (self->revealer, GTK_REVEALER_TRANSITION_TYPE_SLIDE_DOWN);
  gtk_widget_set_parent (GTK_WIDGET (self->revealer), GTK_WIDGET (self));

  self->box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  gtk_widget_add_css_class (self->box, "billet-info-bar");
  gtk_revealer_set_child (self->revealer, self->box);

  self->title = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_xalign (self->title, 0);
  gtk_label_set_wrap (self->title, TRUE);
  gtk_widget_add_css_class (GTK_WIDGET (self->title), "heading");
  gtk_widget_set_visible (GTK_WIDGET (self->title), FALSE);
  self->message = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_xalign (self->message, 0);
  gtk_label_set_wrap (self->message, TRUE);
  gtk_label_set_wrap_mode (self->message, PANGO_WRAP_WORD_CHAR);
  gtk_label_set_selectable (self->message, TRUE);
  gtk_box_append (GTK_BOX (labels), GTK_WIDGET (self->title));
  gtk_box_append (GTK_BOX (labels), GTK_WIDGET (self->message));
  gtk_widget_set_hexpand (labels, TRUE);
  gtk_widget_set_valign (labels, GTK_ALIGN_CENTER);
  gtk_box_append (GTK_BOX (self->box), labels);

  self->buttons = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  gtk_widget_set_valign (self->buttons, GTK_ALIGN_CENTER);
  gtk_box_append (GTK_BOX (self->box), self->buttons);

  billet_info_bar_set_type (self, BILLET_INFO_BAR_INFO);
}

GtkWidget *
billet_info_bar_new (BilletInfoBarType type)
{
  BilletInfoBar *self = g_object_new (BILLET_TYPE_INFO_BAR, NULL);

  billet_info_bar_set_type (self, type);
  return GTK_WIDGET (self);
}

void
billet_info_bar_set_type (BilletInfoBar     *self,
                          BilletInfoBarType  type)
{
  g_return_if_fail (BILLET_IS_INFO_BAR (self));
  g_return_if_fail (type <= BILLET_INFO_BAR_ERROR);

  for (guint i = 0; i < G_N_ELEMENTS (type_classes); i++)
    gtk_widget_remove_css_class (self->box, type_classes[i]);
  gtk_widget_add_css_class (self->box, type_classes[type]);
  self->type = type;
}

void
billet_info_bar_set_title (BilletInfoBar *self,
                           const char    *title)
{
  g_return_if_fail (BILLET_IS_INFO_BAR (self));

  gtk_label_set_text (self->title, title ? title : "");
  gtk_widget_set_visible (GTK_WIDGET (self->title), title != NULL && title[0] != 0);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  title ? title : "", -1);
}

const char *
billet_info_bar_get_title (BilletInfoBar *self)
{
  g_return_val_if_fail (BILLET_IS_INFO_BAR (self), NULL);
  return gtk_label_get_text (self->title);
}

void
billet_info_bar_set_message (BilletInfoBar *self,
                             const char    *message)
{
  g_return_if_fail (BILLET_IS_INFO_BAR (self));
  gtk_label_set_text (self->message, message ? message : "");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                  message ? message : "", -1);
}

const char *
billet_info_bar_get_message (BilletInfoBar *self)
{
  g_return_val_if_fail (BILLET_IS_INFO_BAR (self), NULL);
  return gtk_label_get_text (self->message);
}

static void
on_button_clicked_cb (GtkButton     *button,
                      BilletInfoBar *self)
{
  billet_info_bar_respond (self, g_object_get_data (G_OBJECT (button), "billet-response"));
}

/**
 * billet_info_bar_add_button:
 * @label: the label, with a mnemonic
 * @response: the id "response" is emitted with
 *
 * Returns: (transfer none): the button
 */
GtkWidget *
billet_info_bar_add_button (BilletInfoBar *self,
                            const char    *label,
                            const char    *response)
{
  GtkWidget *button;

  g_return_val_if_fail (BILLET_IS_INFO_BAR (self), NULL);
  g_return_val_if_fail (label != NULL && response != NULL, NULL);
  g_return_val_if_fail (self->n_buttons < MAX_BUTTONS, NULL);

  button = gtk_button_new_with_mnemonic (label);
  g_object_set_data_full (G_OBJECT (button), "billet-response", g_strdup (response), g_free);
  g_signal_connect (button, "clicked", G_CALLBACK (on_button_clicked_cb), self);
  gtk_box_append (GTK_BOX (self->buttons), button);
  self->n_buttons++;
  return button;
}

void
billet_info_bar_clear_buttons (BilletInfoBar *self)
{
  GtkWidget *child;

  g_return_if_fail (BILLET_IS_INFO_BAR (self));

  while ((child = gtk_widget_get_first_child (self->buttons)) != NULL)
    gtk_box_remove (GTK_BOX (self->buttons), child);
  self->n_buttons = 0;
}

void
billet_info_bar_set_revealed (BilletInfoBar *self,
                              gboolean       revealed)
{
  g_return_if_fail (BILLET_IS_INFO_BAR (self));

  /* Appearing, for assistive technologies: see the top of the file. */
  if (revealed && !gtk_revealer_get_reveal_child (self->revealer))
    {
      gtk_widget_set_visible (GTK_WIDGET (self), FALSE);
      gtk_widget_set_visible (GTK_WIDGET (self), TRUE);
    }
  gtk_revealer_set_reveal_child (self->revealer, revealed);
}

gboolean
billet_info_bar_get_revealed (BilletInfoBar *self)
{
  g_return_val_if_fail (BILLET_IS_INFO_BAR (self), FALSE);
  return gtk_revealer_get_reveal_child (self->revealer);
}

/**
 * billet_info_bar_respond:
 *
 * Emits "response", as pressing the button @response would (for tests and
 * keyboard shortcuts).
 */
void
billet_info_bar_respond (BilletInfoBar *self,
                         const char    *response)
{
  g_return_if_fail (BILLET_IS_INFO_BAR (self));
  g_return_if_fail (response != NULL);

  g_signal_emit (self, signals[RESPONSE], 0, response);
}
