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

/* A hidden bar takes no width (its revealer would ask for its full width
 * while hidden), and a shown one asks for its minimum only: it fills what
 * its pane gives it, wrapping its text and buttons, and never widens the
 * pane — the window folds its sidebar on the panes' natural widths. */
static void
billet_info_bar_measure (GtkWidget      *widget,
                         GtkOrientation  orientation,
                         int             for_size,
                         int            *minimum,
                         int            *natural,
                         int            *minimum_baseline,
                         int            *natural_baseline)
{
  BilletInfoBar *self = BILLET_INFO_BAR (widget);

  *minimum = *natural = 0;
  *minimum_baseline = *natural_baseline = -1;
  if (!gtk_revealer_get_reveal_child (self->revealer) &&
      !gtk_revealer_get_child_revealed (self->revealer))
    return;
  gtk_widget_measure (GTK_WIDGET (self->revealer), orientation, for_size,
                      minimum, natural, NULL, NULL);
  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    *natural = *minimum;
}

static GtkSizeRequestMode
billet_info_bar_get_request_mode (GtkWidget *widget)
{
  return GTK_SIZE_REQUEST_HEIGHT_FOR_WIDTH;
}

static void
billet_info_bar_size_allocate (GtkWidget *widget,
                               int        width,
                               int        height,
                               int        baseline)
{
  BilletInfoBar *self = BILLET_INFO_BAR (widget);
  int min_width = 0;

  /* Hidden, it is given no width: its revealer still gets its own. */
  gtk_widget_measure (GTK_WIDGET (self->revealer), GTK_ORIENTATION_HORIZONTAL, -1,
                      &min_width, NULL, NULL, NULL);
  gtk_widget_allocate (GTK_WIDGET (self->revealer), MAX (width, min_width), height, -1, NULL);
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

  widget_class->get_request_mode = billet_info_bar_get_request_mode;
  widget_class->measure = billet_info_bar_measure;
  widget_class->size_allocate = billet_info_bar_size_allocate;
  gtk_widget_class_set_css_name (widget_class, "billetinfobar");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_ALERT);
}

/* The buttons wrap: in a narrow pane (the preview's bar) they go on
 * as many lines as they need, rather than make the pane, and with it
 * the window's minimum width, as wide as all of them side by side. */

#define WRAP_SPACING 6

G_DECLARE_FINAL_TYPE (BilletWrapLayout, billet_wrap_layout, BILLET, WRAP_LAYOUT, GtkLayoutManager)

struct _BilletWrapLayout
{
  GtkLayoutManager parent_instance;
};

G_DEFINE_FINAL_TYPE (BilletWrapLayout, billet_wrap_layout, GTK_TYPE_LAYOUT_MANAGER)

/* Lays the children out in @width (their natural widths, a new line when
 * one does not fit); returns the height, allocating them if @allocate. */
static int
wrap_lines (GtkWidget *widget,
            int        width,
            gboolean   allocate)
{
  int x = 0, y = 0, line_height = 0;
  GtkWidget *line_start = NULL;

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      int child_min, child_nat, height;

      if (!gtk_widget_should_layout (child))
        continue;
      gtk_widget_measure (child, GTK_ORIENTATION_HORIZONTAL, -1, &child_min, &child_nat, NULL, NULL);
      child_nat = MIN (MAX (child_min, child_nat), MAX (width, child_min));
      if (x > 0 && x + child_nat > width)
        {
          y += line_height + WRAP_SPACING;
          x = 0;
          line_height = 0;
          line_start = child;
        }
      if (line_start == NULL)
        line_start = child;
      gtk_widget_measure (child, GTK_ORIENTATION_VERTICAL, child_nat, NULL, &height, NULL, NULL);
      if (allocate)
        {
          /* Each line keeps to the end, as the buttons of a bar do. */
          int line_width = 0;

          for (GtkWidget *c = line_start; c != NULL; c = gtk_widget_get_next_sibling (c))
            {
              int m, n;

              if (!gtk_widget_should_layout (c))
                continue;
              gtk_widget_measure (c, GTK_ORIENTATION_HORIZONTAL, -1, &m, &n, NULL, NULL);
              n = MIN (MAX (m, n), MAX (width, m));
              if (line_width > 0 && line_width + WRAP_SPACING + n > width)
                break;
              line_width += (line_width > 0 ? WRAP_SPACING : 0) + n;
            }
          gtk_widget_size_allocate (child,
                                    &(GtkAllocation) { MAX (0, width - line_width) + x, y,
                                                       child_nat, height }, -1);
        }
      x += child_nat + WRAP_SPACING;
      line_height = MAX (line_height, height);
    }
  return y + line_height;
}

static GtkSizeRequestMode
billet_wrap_layout_get_request_mode (GtkLayoutManager *manager,
                                     GtkWidget        *widget)
{
  return GTK_SIZE_REQUEST_HEIGHT_FOR_WIDTH;
}

static void
billet_wrap_layout_measure (GtkLayoutManager *manager,
                            GtkWidget        *widget,
                            GtkOrientation    orientation,
                            int               for_size,
                            int              *minimum,
                            int              *natural,
                            int              *minimum_baseline,
                            int              *natural_baseline)
{
  int min = 0, nat = 0;

  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      for (GtkWidget *child = gtk_widget_get_first_child (widget);
           child != NULL;
           child = gtk_widget_get_next_sibling (child))
        {
          int child_min, child_nat;

          if (!gtk_widget_should_layout (child))
            continue;
          gtk_widget_measure (child, orientation, -1, &child_min, &child_nat, NULL, NULL);
          min = MAX (min, child_min);
          nat += (nat > 0 ? WRAP_SPACING : 0) + child_nat;
        }
    }
  else
    {
      if (for_size < 0)
        billet_wrap_layout_measure (manager, widget, GTK_ORIENTATION_HORIZONTAL, -1,
                                    NULL, &for_size, NULL, NULL);
      min = nat = wrap_lines (widget, for_size, FALSE);
    }
  if (minimum)
    *minimum = min;
  if (natural)
    *natural = nat;
  if (minimum_baseline)
    *minimum_baseline = -1;
  if (natural_baseline)
    *natural_baseline = -1;
}

static void
billet_wrap_layout_allocate (GtkLayoutManager *manager,
                             GtkWidget        *widget,
                             int               width,
                             int               height,
                             int               baseline)
{
  wrap_lines (widget, width, TRUE);
}

static void
billet_wrap_layout_class_init (BilletWrapLayoutClass *klass)
{
  GtkLayoutManagerClass *layout_class = GTK_LAYOUT_MANAGER_CLASS (klass);

  layout_class->get_request_mode = billet_wrap_layout_get_request_mode;
  layout_class->measure = billet_wrap_layout_measure;
  layout_class->allocate = billet_wrap_layout_allocate;
}

static void
billet_wrap_layout_init (BilletWrapLayout *self)
{
}

static void
billet_info_bar_init (BilletInfoBar *self)
{
  GtkWidget *labels = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);

  self->revealer = GTK_REVEALER (gtk_revealer_new ());
  gtk_revealer_set_transition_type (self->revealer, GTK_REVEALER_TRANSITION_TYPE_SLIDE_DOWN);
  gtk_widget_set_parent (GTK_WIDGET (self->revealer), GTK_WIDGET (self));
  /* Once hidden, the bar gives its width back. */
  g_signal_connect_object (self->revealer, "notify::child-revealed",
                           G_CALLBACK (gtk_widget_queue_resize), self, G_CONNECT_SWAPPED);

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
  gtk_widget_set_layout_manager (self->buttons, g_object_new (billet_wrap_layout_get_type (), NULL));
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
