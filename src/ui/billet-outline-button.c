/* billet-outline-button.c — the post's outline, from the status line
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A button in the status line names the section the cursor is in; it
 * opens a popover listing the post's headings as a tree, indented by
 * depth, the cursor's section selected. A click, or Enter on a row, emits
 * "heading-activated" with the heading's body line (the window moves the
 * cursor there, and the preview follows) and closes the popover.
 *
 * The outline comes from the preview's renders (billet-outline.h): the
 * headings the page shows, from the same parse. Typing in a section only
 * moves the lines of the headings after it: then the rows stay as they
 * are, only their lines change, so a keystroke rebuilds nothing. The
 * rows are made again only when a heading is added, removed, renamed or
 * changes level.
 *
 * Each row tells assistive technologies its heading's level in the tree
 * (GTK_ACCESSIBLE_PROPERTY_LEVEL), as the indent tells the eye.
 */

#define G_LOG_DOMAIN "Billet"

#include "config.h"

#include <glib/gi18n.h>

#include "billet-outline-button.h"

/* Pixels of indent a level of the tree. */
#define INDENT 14

struct _BilletOutlineButton
{
  GtkWidget       parent_instance;

  GtkButton      *button;
  GtkInscription *section_label;
  GtkPopover     *popover;
  GtkListBox     *list;
  GtkWidget      *empty_label;

  BilletOutline  *outline;
  guint           cursor_line;
  int             current;     /* the cursor's heading, or -1 */
  int             text_width;  /* of the section's name, in pixels */
};

G_DEFINE_FINAL_TYPE (BilletOutlineButton, billet_outline_button, GTK_TYPE_WIDGET)

enum {
  HEADING_ACTIVATED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
update_section_label (BilletOutlineButton *self)
{
  const char *text = NULL;

  if (self->outline != NULL && self->current >= 0)
    text = billet_outline_get_heading (self->outline, (guint) self->current)->text;
  /* A heading may be all markup (an image): still a place to go. */
  if (text != NULL && *text == '\0')
    text = _("Untitled Section");
  gtk_inscription_set_text (self->section_label, text);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->section_label),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, text != NULL ? text : "",
                                  -1);

  /* The button hugs the name as far as the status line has room; the
   * room is given, never asked for (see size_allocate). */
  self->text_width = 0;
  if (text != NULL)
    {
      g_autoptr(PangoLayout) layout = gtk_widget_create_pango_layout (GTK_WIDGET (self->section_label), text);

      pango_layout_get_pixel_size (layout, &self->text_width, NULL);
    }
  /* The parent shares its room by the name's width (the window's status
   * line, with the language's button): it lays the two out again, and
   * only them. */
  if (gtk_widget_get_parent (GTK_WIDGET (self)) != NULL)
    gtk_widget_queue_allocate (gtk_widget_get_parent (GTK_WIDGET (self)));
  else
    gtk_widget_queue_allocate (GTK_WIDGET (self));
}

static void
select_current (BilletOutlineButton *self)
{
  GtkListBoxRow *row = self->current >= 0 ? gtk_list_box_get_row_at_index (self->list, self->current) : NULL;

  gtk_list_box_select_row (self->list, row);
}

static GtkWidget *
create_row (const BilletOutlineHeading *heading)
{
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *label = gtk_label_new (*heading->text != '\0' ? heading->text : _("Untitled Section"));

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_label_set_max_width_chars (GTK_LABEL (label), 48);
  gtk_widget_set_margin_start (label, 6 + INDENT * (int) MIN (heading->depth, 5));
  gtk_widget_set_margin_end (label, 6);
  gtk_widget_set_margin_top (label, 4);
  gtk_widget_set_margin_bottom (label, 4);
  if (heading->depth == 0)
    gtk_widget_add_css_class (label, "heading");
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), label);
  gtk_accessible_update_property (GTK_ACCESSIBLE (row),
                                  GTK_ACCESSIBLE_PROPERTY_LEVEL, (int) heading->depth + 1,
                                  -1);
  return row;
}

static void
rebuild_rows (BilletOutlineButton *self)
{
  GtkWidget *child;
  guint n = self->outline != NULL ? billet_outline_get_n_headings (self->outline) : 0;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->list))) != NULL)
    gtk_list_box_remove (self->list, child);
  for (guint i = 0; i < n; i++)
    gtk_list_box_append (self->list, create_row (billet_outline_get_heading (self->outline, i)));

  gtk_widget_set_visible (self->empty_label, n == 0);
  gtk_widget_set_visible (GTK_WIDGET (self->list), n > 0);
}

static void
update_current (BilletOutlineButton *self)
{
  int current = self->outline != NULL ? billet_outline_find_line (self->outline, self->cursor_line) : -1;

  if (current == self->current)
    return;

  self->current = current;
  update_section_label (self);
  select_current (self);
}

static void
on_row_activated_cb (BilletOutlineButton *self,
                     GtkListBoxRow       *row)
{
  int index = gtk_list_box_row_get_index (row);
  guint line;

  if (self->outline == NULL || index < 0 || (guint) index >= billet_outline_get_n_headings (self->outline))
    return;

  line = billet_outline_get_heading (self->outline, (guint) index)->line;
  gtk_popover_popdown (self->popover);
  g_signal_emit (self, signals[HEADING_ACTIVATED], 0, line);
}

/* Opened: the cursor's section is the row selected and focused, so that
 * the arrows start from where the author is. */
static void
on_popover_map_cb (BilletOutlineButton *self)
{
  GtkListBoxRow *row;

  select_current (self);
  row = gtk_list_box_get_selected_row (self->list);
  if (row == NULL)
    row = gtk_list_box_get_row_at_index (self->list, 0);
  if (row != NULL)
    gtk_widget_grab_focus (GTK_WIDGET (row));
}

/* Size: the button asks for its icon's room only, so that a long heading
 * never widens the window's natural width (the sidebar folds on it);
 * given more (it expands), it takes what the section's name needs. The
 * name changing moves this widget's allocation, not the window's layout. */
static void
billet_outline_button_measure (GtkWidget      *widget,
                               GtkOrientation  orientation,
                               int             for_size,
                               int            *minimum,
                               int            *natural,
                               int            *minimum_baseline,
                               int            *natural_baseline)
{
  BilletOutlineButton *self = BILLET_OUTLINE_BUTTON (widget);

  gtk_widget_measure (GTK_WIDGET (self->button), orientation, for_size,
                      minimum, natural, minimum_baseline, natural_baseline);
}

static void
billet_outline_button_size_allocate (GtkWidget *widget,
                                     int        width,
                                     int        height,
                                     int        baseline)
{
  BilletOutlineButton *self = BILLET_OUTLINE_BUTTON (widget);
  int natural = 0;
  int child_width;
  int x = 0;

  gtk_widget_measure (GTK_WIDGET (self->button), GTK_ORIENTATION_HORIZONTAL, -1, NULL, &natural, NULL, NULL);
  child_width = MIN (width, natural + self->text_width);
  if (gtk_widget_get_direction (widget) == GTK_TEXT_DIR_RTL)
    x = width - child_width;
  gtk_widget_size_allocate (GTK_WIDGET (self->button),
                            &(GtkAllocation) { x, 0, child_width, height }, baseline);
  gtk_popover_set_pointing_to (self->popover, &(GdkRectangle) { x, 0, child_width, height });
  gtk_popover_present (self->popover);
}

/* The popover is a child too, with a surface of its own: drawn and
 * focused there, never here. */
static void
billet_outline_button_snapshot (GtkWidget   *widget,
                                GtkSnapshot *snapshot)
{
  BilletOutlineButton *self = BILLET_OUTLINE_BUTTON (widget);

  gtk_widget_snapshot_child (widget, GTK_WIDGET (self->button), snapshot);
}

static gboolean
billet_outline_button_focus (GtkWidget        *widget,
                             GtkDirectionType  direction)
{
  BilletOutlineButton *self = BILLET_OUTLINE_BUTTON (widget);

  if (gtk_widget_get_visible (GTK_WIDGET (self->popover)))
    return gtk_widget_child_focus (GTK_WIDGET (self->popover), direction);
  return gtk_widget_child_focus (GTK_WIDGET (self->button), direction);
}

static gboolean
billet_outline_button_grab_focus (GtkWidget *widget)
{
  return gtk_widget_grab_focus (GTK_WIDGET (BILLET_OUTLINE_BUTTON (widget)->button));
}

static void
on_popover_closed_cb (BilletOutlineButton *self)
{
  gtk_accessible_update_state (GTK_ACCESSIBLE (self->button), GTK_ACCESSIBLE_STATE_EXPANDED, FALSE, -1);
}

static void
billet_outline_button_dispose (GObject *object)
{
  BilletOutlineButton *self = BILLET_OUTLINE_BUTTON (object);
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  g_clear_pointer (&self->outline, billet_outline_unref);

  G_OBJECT_CLASS (billet_outline_button_parent_class)->dispose (object);
}

static void
billet_outline_button_class_init (BilletOutlineButtonClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = billet_outline_button_dispose;

  /**
   * BilletOutlineButton::heading-activated:
   * @line: the heading's line in the body, 1-based
   *
   * The author chose a heading of the outline.
   */
  signals[HEADING_ACTIVATED] =
    g_signal_new ("heading-activated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_UINT);

  widget_class->measure = billet_outline_button_measure;
  widget_class->size_allocate = billet_outline_button_size_allocate;
  widget_class->snapshot = billet_outline_button_snapshot;
  widget_class->focus = billet_outline_button_focus;
  widget_class->grab_focus = billet_outline_button_grab_focus;
  gtk_widget_class_set_css_name (widget_class, "billet-outline-button");
}

static void
billet_outline_button_init (BilletOutlineButton *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *scroller = gtk_scrolled_window_new ();
  GtkWidget *content = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);

  self->current = -1;

  gtk_box_append (GTK_BOX (box), gtk_image_new_from_icon_name ("view-list-bullet-symbolic"));
  /* An inscription: the section changes as the cursor moves, and a label
   * would lay the window out again each time. */
  self->section_label = GTK_INSCRIPTION (gtk_inscription_new (NULL));
  gtk_inscription_set_min_chars (self->section_label, 0);
  gtk_inscription_set_nat_chars (self->section_label, 0);
  gtk_inscription_set_text_overflow (self->section_label, GTK_INSCRIPTION_OVERFLOW_ELLIPSIZE_END);
  gtk_inscription_set_xalign (self->section_label, 0);
  gtk_widget_set_hexpand (GTK_WIDGET (self->section_label), TRUE);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->section_label));

  self->list = GTK_LIST_BOX (gtk_list_box_new ());
  gtk_list_box_set_selection_mode (self->list, GTK_SELECTION_SINGLE);
  gtk_list_box_set_activate_on_single_click (self->list, TRUE);
  gtk_widget_add_css_class (GTK_WIDGET (self->list), "navigation-sidebar");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->list),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Headings"),
                                  -1);
  g_signal_connect_object (self->list, "row-activated", G_CALLBACK (on_row_activated_cb), self,
                           G_CONNECT_SWAPPED);

  self->empty_label = gtk_label_new (_("No headings yet: a line that starts with “#” makes one."));
  gtk_label_set_wrap (GTK_LABEL (self->empty_label), TRUE);
  gtk_label_set_max_width_chars (GTK_LABEL (self->empty_label), 30);
  gtk_widget_set_margin_start (self->empty_label, 12);
  gtk_widget_set_margin_end (self->empty_label, 12);
  gtk_widget_set_margin_top (self->empty_label, 12);
  gtk_widget_set_margin_bottom (self->empty_label, 12);
  gtk_widget_add_css_class (self->empty_label, "dim-label");
  gtk_box_append (GTK_BOX (content), self->empty_label);
  gtk_box_append (GTK_BOX (content), GTK_WIDGET (self->list));
  gtk_widget_set_visible (GTK_WIDGET (self->list), FALSE);

  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scroller), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_propagate_natural_height (GTK_SCROLLED_WINDOW (scroller), TRUE);
  gtk_scrolled_window_set_propagate_natural_width (GTK_SCROLLED_WINDOW (scroller), TRUE);
  gtk_scrolled_window_set_max_content_height (GTK_SCROLLED_WINDOW (scroller), 420);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), content);

  self->popover = GTK_POPOVER (gtk_popover_new ());
  gtk_popover_set_child (self->popover, scroller);
  gtk_widget_add_css_class (GTK_WIDGET (self->popover), "menu");
  g_signal_connect_object (self->popover, "map", G_CALLBACK (on_popover_map_cb), self,
                           G_CONNECT_SWAPPED | G_CONNECT_AFTER);

  /* A button and a popover of our own rather than a GtkMenuButton, whose
   * inner box centres its child: the section's name is drawn from the
   * button's start, in whatever width it is given. */
  self->button = GTK_BUTTON (gtk_button_new ());
  gtk_button_set_child (self->button, box);
  gtk_button_set_has_frame (self->button, FALSE);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->button), _("Outline (Ctrl+Alt+O)"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Outline"),
                                  GTK_ACCESSIBLE_PROPERTY_HAS_POPUP, TRUE,
                                  -1);
  gtk_accessible_update_state (GTK_ACCESSIBLE (self->button), GTK_ACCESSIBLE_STATE_EXPANDED, FALSE, -1);
  g_signal_connect_object (self->button, "clicked", G_CALLBACK (billet_outline_button_popup), self,
                           G_CONNECT_SWAPPED);
  gtk_widget_set_parent (GTK_WIDGET (self->button), GTK_WIDGET (self));

  gtk_popover_set_position (self->popover, GTK_POS_TOP);
  gtk_widget_set_parent (GTK_WIDGET (self->popover), GTK_WIDGET (self));
  g_signal_connect_object (self->popover, "closed", G_CALLBACK (on_popover_closed_cb), self,
                           G_CONNECT_SWAPPED);
  update_section_label (self);
}

GtkWidget *
billet_outline_button_new (void)
{
  return g_object_new (BILLET_TYPE_OUTLINE_BUTTON, NULL);
}

BilletOutline *
billet_outline_button_get_outline (BilletOutlineButton *self)
{
  g_return_val_if_fail (BILLET_IS_OUTLINE_BUTTON (self), NULL);

  return self->outline;
}

/**
 * billet_outline_button_set_outline:
 * @outline: (nullable): the post's headings, from its latest render
 */
void
billet_outline_button_set_outline (BilletOutlineButton *self,
                                   BilletOutline       *outline)
{
  gboolean same;

  g_return_if_fail (BILLET_IS_OUTLINE_BUTTON (self));

  if (outline == self->outline)
    return;

  same = self->outline != NULL && outline != NULL && billet_outline_same_tree (self->outline, outline);
  g_clear_pointer (&self->outline, billet_outline_unref);
  self->outline = outline != NULL ? billet_outline_ref (outline) : NULL;

  if (!same)
    {
      rebuild_rows (self);
      self->current = -2;
    }
  update_current (self);
}

/**
 * billet_outline_button_set_cursor_line:
 * @line: the cursor's line in the body, 1-based
 *
 * The button names the section holding @line. Cheap: called on each
 * move of the cursor.
 */
void
billet_outline_button_set_cursor_line (BilletOutlineButton *self,
                                       guint                line)
{
  g_return_if_fail (BILLET_IS_OUTLINE_BUTTON (self));

  self->cursor_line = line;
  update_current (self);
}

/**
 * billet_outline_button_get_current:
 *
 * Returns: the index of the heading whose section the cursor is in, or -1
 */
int
billet_outline_button_get_current (BilletOutlineButton *self)
{
  g_return_val_if_fail (BILLET_IS_OUTLINE_BUTTON (self), -1);

  return self->current;
}

/**
 * billet_outline_button_get_wanted_width:
 *
 * Returns: the width the button would take to show the section's name
 *   whole (it asks for its icon's only)
 */
int
billet_outline_button_get_wanted_width (BilletOutlineButton *self)
{
  int natural = 0;

  g_return_val_if_fail (BILLET_IS_OUTLINE_BUTTON (self), 0);

  gtk_widget_measure (GTK_WIDGET (self->button), GTK_ORIENTATION_HORIZONTAL, -1, NULL, &natural, NULL, NULL);
  return natural + self->text_width;
}

void
billet_outline_button_popup (BilletOutlineButton *self)
{
  g_return_if_fail (BILLET_IS_OUTLINE_BUTTON (self));

  gtk_accessible_update_state (GTK_ACCESSIBLE (self->button), GTK_ACCESSIBLE_STATE_EXPANDED, TRUE, -1);
  gtk_popover_popup (self->popover);
}
