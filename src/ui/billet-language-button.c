/* billet-language-button.c — the post's spelling language, from the status line
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A button in the status line names the language the post is checked in
 * ("French (France)", or "fr-FR" where the whole name does not fit) and
 * opens a menu of the installed dictionaries. The menu's items are the
 * "spelling.language" action, which the window takes from the source's
 * context menu (billet-spell-menu.c): choosing here is choosing there,
 * remembered for the post the same way.
 *
 * It asks for no width at all: any would widen the window's natural
 * width, and the sidebar folds on it (even the icon's room did, in the
 * accessibility test's window; the outline's button, which asks for its
 * icon's, was there first). Given room (it expands), it takes what the
 * icon and the name need, at the status line's end: the whole name, else
 * the code, else the icon alone; given too little for the icon, it
 * shows nothing.
 */

#define G_LOG_DOMAIN "Billet"

#include "config.h"

#include <glib/gi18n.h>

#include "billet-language-button.h"
#include "billet-spell-checker.h"
#include "billet-spell-menu.h"

struct _BilletLanguageButton
{
  GtkWidget       parent_instance;

  GtkButton      *button;
  GtkInscription *label;
  GtkWidget      *popover;

  char           *language;   /* (nullable) */
  char           *name;       /* for people: "French (France)" */
  char           *code;       /* short: "fr-FR" */
  int             name_width; /* in pixels */
  int             code_width;
};

G_DEFINE_FINAL_TYPE (BilletLanguageButton, billet_language_button, GTK_TYPE_WIDGET)

static int
text_width (BilletLanguageButton *self,
            const char           *text)
{
  g_autoptr(PangoLayout) layout = gtk_widget_create_pango_layout (GTK_WIDGET (self->label), text);
  int width = 0;

  pango_layout_get_pixel_size (layout, &width, NULL);
  return width;
}

static void
measure_texts (BilletLanguageButton *self)
{
  self->name_width = text_width (self, self->name);
  self->code_width = text_width (self, self->code);
}

static void
update_texts (BilletLanguageButton *self)
{
  g_autofree char *description = NULL;

  g_clear_pointer (&self->name, g_free);
  g_clear_pointer (&self->code, g_free);
  if (self->language != NULL)
    {
      self->name = billet_spell_language_name (self->language);
      self->code = g_strdelimit (g_strdup (self->language), "_", '-');
    }
  else
    {
      self->name = g_strdup (_("No Dictionary"));
      self->code = g_strdup ("—");
    }
  self->name_width = -1;

  /* TRANSLATORS: the status line's button; %s is a language ("French (France)") */
  description = g_strdup_printf (_("Spelling language: %s"), self->name);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->button), description);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, description,
                                  -1);
  gtk_inscription_set_text (self->label, self->name);
  gtk_widget_queue_allocate (GTK_WIDGET (self));
}

/* Room kept from the outline's button before it, when there is some (it
 * shares a child of the status line with it: no spacing of the line's). */
#define SPACING 18

static void
billet_language_button_measure (GtkWidget      *widget,
                                GtkOrientation  orientation,
                                int             for_size,
                                int            *minimum,
                                int            *natural,
                                int            *minimum_baseline,
                                int            *natural_baseline)
{
  BilletLanguageButton *self = BILLET_LANGUAGE_BUTTON (widget);

  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      *minimum = *natural = 0;
      return;
    }
  gtk_widget_measure (GTK_WIDGET (self->button), orientation, -1,
                      minimum, natural, minimum_baseline, natural_baseline);
}

static void
billet_language_button_size_allocate (GtkWidget *widget,
                                      int        width,
                                      int        height,
                                      int        baseline)
{
  BilletLanguageButton *self = BILLET_LANGUAGE_BUTTON (widget);
  int minimum = 0, natural = 0;
  int start;
  int child_width;
  int wanted;
  int x = 0;
  const char *text;

  /* Measured in the status line's font: once there, and for each name. */
  if (self->name_width < 0)
    measure_texts (self);
  gtk_widget_measure (GTK_WIDGET (self->button), GTK_ORIENTATION_HORIZONTAL, -1, &minimum, &natural, NULL, NULL);
  gtk_widget_set_child_visible (GTK_WIDGET (self->button), width >= minimum);
  if (width < minimum)
    {
      gtk_popover_present (GTK_POPOVER (self->popover));
      return;
    }
  start = CLAMP (width - natural - self->code_width, 0, SPACING);
  width -= start;
  /* The whole name if it fits, else the code, else the icon alone (the
   * tooltip and the accessible name still say it). */
  if (natural + self->name_width <= width)
    {
      text = self->name;
      wanted = natural + self->name_width;
    }
  else if (natural + self->code_width <= width)
    {
      text = self->code;
      wanted = natural + self->code_width;
    }
  else
    {
      text = NULL;
      wanted = natural;
    }
  if (g_strcmp0 (gtk_inscription_get_text (self->label), text) != 0)
    gtk_inscription_set_text (self->label, text);

  child_width = MIN (width, wanted);
  /* At the end, by the cursor's position. */
  if (gtk_widget_get_direction (widget) != GTK_TEXT_DIR_RTL)
    x = start + width - child_width;
  gtk_widget_size_allocate (GTK_WIDGET (self->button),
                            &(GtkAllocation) { x, 0, child_width, height }, baseline);
  gtk_popover_set_pointing_to (GTK_POPOVER (self->popover), &(GdkRectangle) { x, 0, child_width, height });
  gtk_popover_present (GTK_POPOVER (self->popover));
}

static void
billet_language_button_root (GtkWidget *widget)
{
  GTK_WIDGET_CLASS (billet_language_button_parent_class)->root (widget);
  BILLET_LANGUAGE_BUTTON (widget)->name_width = -1;
}

static void
billet_language_button_snapshot (GtkWidget   *widget,
                                 GtkSnapshot *snapshot)
{
  BilletLanguageButton *self = BILLET_LANGUAGE_BUTTON (widget);

  gtk_widget_snapshot_child (widget, GTK_WIDGET (self->button), snapshot);
}

static gboolean
billet_language_button_focus (GtkWidget        *widget,
                              GtkDirectionType  direction)
{
  BilletLanguageButton *self = BILLET_LANGUAGE_BUTTON (widget);

  if (gtk_widget_get_visible (self->popover))
    return gtk_widget_child_focus (self->popover, direction);
  return gtk_widget_child_focus (GTK_WIDGET (self->button), direction);
}

static gboolean
billet_language_button_grab_focus (GtkWidget *widget)
{
  return gtk_widget_grab_focus (GTK_WIDGET (BILLET_LANGUAGE_BUTTON (widget)->button));
}

static void
on_popover_closed_cb (BilletLanguageButton *self)
{
  gtk_accessible_update_state (GTK_ACCESSIBLE (self->button), GTK_ACCESSIBLE_STATE_EXPANDED, FALSE, -1);
}

static void
billet_language_button_dispose (GObject *object)
{
  BilletLanguageButton *self = BILLET_LANGUAGE_BUTTON (object);
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (billet_language_button_parent_class)->dispose (object);
}

static void
billet_language_button_finalize (GObject *object)
{
  BilletLanguageButton *self = BILLET_LANGUAGE_BUTTON (object);

  g_free (self->language);
  g_free (self->name);
  g_free (self->code);

  G_OBJECT_CLASS (billet_language_button_parent_class)->finalize (object);
}

static void
billet_language_button_class_init (BilletLanguageButtonClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = billet_language_button_dispose;
  object_class->finalize = billet_language_button_finalize;

  widget_class->measure = billet_language_button_measure;
  widget_class->size_allocate = billet_language_button_size_allocate;
  widget_class->root = billet_language_button_root;
  widget_class->snapshot = billet_language_button_snapshot;
  widget_class->focus = billet_language_button_focus;
  widget_class->grab_focus = billet_language_button_grab_focus;
  gtk_widget_class_set_css_name (widget_class, "billet-language-button");
}

static void
billet_language_button_init (BilletLanguageButton *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  g_autoptr(GMenuModel) languages = billet_spell_language_menu_new ("spelling.language");

  gtk_box_append (GTK_BOX (box), gtk_image_new_from_icon_name ("tools-check-spelling-symbolic"));
  /* An inscription: no width asked for, whatever the name. */
  self->label = GTK_INSCRIPTION (gtk_inscription_new (NULL));
  gtk_inscription_set_min_chars (self->label, 0);
  gtk_inscription_set_nat_chars (self->label, 0);
  gtk_inscription_set_text_overflow (self->label, GTK_INSCRIPTION_OVERFLOW_ELLIPSIZE_END);
  gtk_inscription_set_xalign (self->label, 0);
  gtk_widget_set_hexpand (GTK_WIDGET (self->label), TRUE);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->label));

  self->button = GTK_BUTTON (gtk_button_new ());
  gtk_button_set_child (self->button, box);
  gtk_button_set_has_frame (self->button, FALSE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->button),
                                  GTK_ACCESSIBLE_PROPERTY_HAS_POPUP, TRUE,
                                  -1);
  gtk_accessible_update_state (GTK_ACCESSIBLE (self->button), GTK_ACCESSIBLE_STATE_EXPANDED, FALSE, -1);
  g_signal_connect_object (self->button, "clicked", G_CALLBACK (billet_language_button_popup), self,
                           G_CONNECT_SWAPPED);
  gtk_widget_set_parent (GTK_WIDGET (self->button), GTK_WIDGET (self));

  self->popover = gtk_popover_menu_new_from_model (languages);
  gtk_popover_set_position (GTK_POPOVER (self->popover), GTK_POS_TOP);
  gtk_widget_set_parent (self->popover, GTK_WIDGET (self));
  g_signal_connect_object (self->popover, "closed", G_CALLBACK (on_popover_closed_cb), self,
                           G_CONNECT_SWAPPED);

  update_texts (self);
}

GtkWidget *
billet_language_button_new (void)
{
  return g_object_new (BILLET_TYPE_LANGUAGE_BUTTON, NULL);
}

/**
 * billet_language_button_set_language:
 * @language: (nullable): the dictionary the post is checked with, or
 *   %NULL if there is none for its language
 */
void
billet_language_button_set_language (BilletLanguageButton *self,
                                     const char           *language)
{
  g_return_if_fail (BILLET_IS_LANGUAGE_BUTTON (self));

  if (g_strcmp0 (self->language, language) == 0)
    return;
  g_free (self->language);
  self->language = g_strdup (language);
  update_texts (self);
}

const char *
billet_language_button_get_language (BilletLanguageButton *self)
{
  g_return_val_if_fail (BILLET_IS_LANGUAGE_BUTTON (self), NULL);

  return self->language;
}

/**
 * billet_language_button_get_icon_width:
 *
 * Returns: the width the button takes to show its icon alone (it asks
 *   for none)
 */
int
billet_language_button_get_icon_width (BilletLanguageButton *self)
{
  int natural = 0;

  g_return_val_if_fail (BILLET_IS_LANGUAGE_BUTTON (self), 0);

  gtk_widget_measure (GTK_WIDGET (self->button), GTK_ORIENTATION_HORIZONTAL, -1, NULL, &natural, NULL, NULL);
  return natural;
}

void
billet_language_button_popup (BilletLanguageButton *self)
{
  g_return_if_fail (BILLET_IS_LANGUAGE_BUTTON (self));

  gtk_accessible_update_state (GTK_ACCESSIBLE (self->button), GTK_ACCESSIBLE_STATE_EXPANDED, TRUE, -1);
  gtk_popover_popup (GTK_POPOVER (self->popover));
}
