/* billet-accessible.c — names for the parts of composite widgets that come without one
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Billet names its own controls where it builds them (the .ui files, the
 * form's rows). Some controls are parts of GTK's and libadwaita's composite
 * widgets instead: GtkSearchBar's close button, GtkDropDown's button and
 * list, the search button and entry of AdwPreferencesWindow, the buttons of
 * AdwAboutWindow's pages, GtkShortcutsWindow's search. In GTK 4.8 a screen
 * reader hears those as "GtkImage", "GtkToggleButton" or nothing: GTK names
 * an unlabelled object after its type. This walks such a widget's tree once
 * and names each of those parts after what it shows: its tooltip, its
 * placeholder, its label, its icon, or the title of the page it is on.
 * It only adds names; widgets it does not know are left as they are.
 */

#define G_LOG_DOMAIN "Billet"

#include "config.h"

#include <glib/gi18n.h>
#include <adwaita.h>

#include "billet-accessible.h"

static void
set_label (GtkWidget  *widget,
           const char *label)
{
  if (label != NULL && label[0] != '\0')
    gtk_accessible_update_property (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
}

/* The names that the icons of GTK's and libadwaita's own buttons stand for. */
static const char *
icon_label (const char *icon_name)
{
  static const struct { const char *icon; const char *label; } icons[] = {
    { "window-close-symbolic", N_("Close") },
    { "edit-find-symbolic", N_("Search") },
    { "go-previous-symbolic", N_("Back") },
    { "go-next-symbolic", N_("Forward") },
    { "edit-clear-symbolic", N_("Clear") },
  };

  for (guint i = 0; icon_name != NULL && i < G_N_ELEMENTS (icons); i++)
    if (g_str_equal (icon_name, icons[i].icon))
      return _(icons[i].label);
  return NULL;
}

/* The first text shown inside @widget, depth first. */
static const char *
shown_text (GtkWidget *widget)
{
  if (GTK_IS_LABEL (widget))
    {
      const char *text = gtk_label_get_text (GTK_LABEL (widget));

      if (text != NULL && text[0] != '\0')
        return text;
    }
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      const char *text = shown_text (child);

      if (text != NULL)
        return text;
    }
  return NULL;
}

/* The labels inside @widget, to name it by relation: its name then follows
 * their text, as a list row is rebound to other items. */
static void
collect_labels (GtkWidget *widget,
                GList    **labels)
{
  if (GTK_IS_LABEL (widget))
    *labels = g_list_append (*labels, widget);
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_labels (child, labels);
}

static void
label_by_contents (GtkWidget *widget)
{
  GList *labels = NULL;

  collect_labels (widget, &labels);
  if (labels != NULL)
    {
      GValue value = G_VALUE_INIT;

      gtk_accessible_relation_init_value (GTK_ACCESSIBLE_RELATION_LABELLED_BY, &value);
      g_value_set_pointer (&value, labels);
      gtk_accessible_update_relation_value (GTK_ACCESSIBLE (widget), 1,
                                            (GtkAccessibleRelation[]) { GTK_ACCESSIBLE_RELATION_LABELLED_BY },
                                            &value);
      g_value_unset (&value);
    }
}

/* The title of the page @widget is on: the AdwWindowTitle in the header bar
 * of the nearest ancestor that holds one (AdwAboutWindow's subpages have a
 * header bar each). */
static const char *
page_title (GtkWidget *widget)
{
  for (GtkWidget *ancestor = gtk_widget_get_parent (widget); ancestor != NULL;
       ancestor = gtk_widget_get_parent (ancestor))
    for (GtkWidget *child = gtk_widget_get_first_child (ancestor); child != NULL;
         child = gtk_widget_get_next_sibling (child))
      {
        GtkWidget *title = NULL;

        if (ADW_IS_HEADER_BAR (child))
          title = adw_header_bar_get_title_widget (ADW_HEADER_BAR (child));
        else if (GTK_IS_HEADER_BAR (child))
          title = gtk_header_bar_get_title_widget (GTK_HEADER_BAR (child));
        if (ADW_IS_WINDOW_TITLE (title))
          return adw_window_title_get_title (ADW_WINDOW_TITLE (title));
      }
  return NULL;
}

static void
name_part (GtkWidget *widget)
{
  const char *tooltip = gtk_widget_get_tooltip_text (widget);
  GtkWidget *parent = gtk_widget_get_parent (widget);

  if (GTK_IS_MENU_BUTTON (widget))
    {
      /* Its inner toggle button is labelled by it. */
      set_label (widget, tooltip ? tooltip : shown_text (widget));
      if (gtk_widget_get_first_child (widget) != NULL)
        gtk_accessible_update_relation (GTK_ACCESSIBLE (gtk_widget_get_first_child (widget)),
                                        GTK_ACCESSIBLE_RELATION_LABELLED_BY, widget, NULL, -1);
    }
  else if (GTK_IS_DROP_DOWN (widget))
    {
      GtkWidget *button = gtk_widget_get_first_child (widget);

      set_label (widget, tooltip);
      /* The button says what the drop-down is for, then what it shows. */
      if (GTK_IS_BUTTON (button))
        gtk_accessible_update_relation (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_RELATION_LABELLED_BY,
                                        widget, NULL, -1);
    }
  else if (GTK_IS_BUTTON (widget) && !GTK_IS_MENU_BUTTON (parent) && !GTK_IS_DROP_DOWN (parent))
    {
      GtkWidget *child = gtk_button_get_child (GTK_BUTTON (widget));

      if (GTK_IS_IMAGE (child))
        set_label (widget, tooltip ? tooltip : icon_label (gtk_image_get_icon_name (GTK_IMAGE (child))));
      else if (child != NULL && !(GTK_IS_LABEL (child) &&
                                  gtk_label_get_mnemonic_widget (GTK_LABEL (child)) == widget))
        label_by_contents (widget);
    }
  else if (GTK_IS_SEARCH_ENTRY (widget))
    {
      const char *placeholder = NULL;

      g_object_get (widget, "placeholder-text", &placeholder, NULL);
      set_label (widget, placeholder && placeholder[0] ? placeholder : _("Search"));
      g_free ((char *) placeholder);
    }
  else if (GTK_IS_TEXT_VIEW (widget))
    set_label (widget, page_title (widget));
  else if (g_str_equal (G_OBJECT_TYPE_NAME (widget), "GtkListItemWidget"))
    /* A row of a drop-down's or a combo row's list. */
    label_by_contents (widget);
}

static void
name_parts_except (GtkWidget *widget,
                   GtkWidget *except)
{
  if (widget == except)
    return;
  name_part (widget);
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    name_parts_except (child, except);
}

static void
name_parts (GtkWidget *widget)
{
  name_parts_except (widget, NULL);
}

/**
 * billet_accessible_name_parts:
 * @root: a composite widget of GTK's or libadwaita's, or a window of them
 *
 * Names the unnamed parts of @root's tree after what they show.
 */
void
billet_accessible_name_parts (GtkWidget *root)
{
  g_return_if_fail (GTK_IS_WIDGET (root));

  name_parts (root);
}

/**
 * billet_accessible_name_parts_except:
 * @except: (nullable): a widget of @root's tree to leave alone, with its own
 *
 * As billet_accessible_name_parts(), but for @except's tree, named already.
 */
void
billet_accessible_name_parts_except (GtkWidget *root,
                                     GtkWidget *except)
{
  g_return_if_fail (GTK_IS_WIDGET (root));

  name_parts_except (root, except);
}

/**
 * billet_accessible_name_parts_on_map:
 *
 * Names @root's parts now and each time it is mapped: lists fill and
 * popovers are built once a window is on screen.
 */
void
billet_accessible_name_parts_on_map (GtkWidget *root)
{
  g_return_if_fail (GTK_IS_WIDGET (root));

  name_parts (root);
  g_signal_connect (root, "map", G_CALLBACK (name_parts), NULL);
}
