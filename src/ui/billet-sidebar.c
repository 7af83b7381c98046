/* billet-sidebar.c — the posts of the open folder: search, sort, filter, open
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The posts' GListStore (BilletPostList) goes through a GtkSortListModel,
 * then a GtkFilterListModel, into a GtkListView: sorting comes first so
 * that typing in the search entry, which changes the filter at every
 * pause, never sorts anything again. One GtkCustomFilter holds every
 * criterion (the search, the section, drafts only); a search that only
 * grows says so (GTK_FILTER_CHANGE_MORE_STRICT), so that GTK looks only at
 * the rows still shown. Rows are built by a GtkSignalListItemFactory and
 * follow their item's notifications, so that a post edited on disk or
 * modified in the window updates in place.
 */

#define G_LOG_DOMAIN "Billet"

#include "config.h"

#include <glib/gi18n.h>

#include "billet-accessible.h"
#include "billet-sidebar.h"

struct _BilletSidebar
{
  GtkWidget           parent_instance;

  BilletPostList     *list;
  GtkSortListModel   *sorted;
  GtkFilterListModel *filtered;
  GtkSingleSelection *selection;
  GtkCustomSorter    *sorter;
  GtkCustomFilter    *filter;
  GtkStringList      *section_names;   /* what the dropdown shows */
  GListModel         *sections;        /* the list's sections: "" is the top level */
  GtkStringList      *language_names;  /* what the language dropdown shows */
  char              **languages;       /* the site's, when it has several */

  char               *needle;          /* folded */
  char               *section;         /* NULL: all */
  char               *lang;            /* NULL: all */
  BilletSidebarSort   sort;
  gboolean            drafts_only;
  gboolean            updating_sections;
  gboolean            updating_languages;

  /* template children */
  GtkSearchEntry     *search_entry;
  GtkDropDown        *sort_dropdown;
  GtkDropDown        *section_dropdown;
  GtkDropDown        *language_dropdown;
  GtkToggleButton    *drafts_toggle;
  GtkListView        *list_view;
  GtkLabel           *status_label;
};

G_DEFINE_FINAL_TYPE (BilletSidebar, billet_sidebar, GTK_TYPE_WIDGET)

enum {
  POST_ACTIVATED,
  DONE,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* Sorting and filtering */

static int
compare_items (gconstpointer a,
               gconstpointer b,
               gpointer      user_data)
{
  BilletSidebar *self = user_data;
  BilletPostItem *ia = (BilletPostItem *) a;
  BilletPostItem *ib = (BilletPostItem *) b;
  int result = 0;

  switch (self->sort)
    {
    case BILLET_SIDEBAR_SORT_DATE:
      {
        /* Newest first, undated last. */
        gint64 da = billet_post_item_get_date_key (ia);
        gint64 db = billet_post_item_get_date_key (ib);

        if (da != db)
          result = da > db ? -1 : 1;
      }
      break;
    case BILLET_SIDEBAR_SORT_MODIFIED:
      {
        gint64 ma = billet_post_item_get_mtime (ia);
        gint64 mb = billet_post_item_get_mtime (ib);

        if (ma != mb)
          result = ma > mb ? -1 : 1;
      }
      break;
    case BILLET_SIDEBAR_SORT_TITLE:
    default:
      break;
    }
  if (result == 0)
    result = strcmp (billet_post_item_get_collate_key (ia), billet_post_item_get_collate_key (ib));
  if (result == 0)
    result = strcmp (billet_post_item_get_path (ia), billet_post_item_get_path (ib));
  return result;
}

static gboolean
filter_item (gpointer item,
             gpointer user_data)
{
  BilletSidebar *self = user_data;
  BilletPostItem *post = item;

  if (self->drafts_only && !billet_post_item_get_draft (post))
    return FALSE;
  if (self->section != NULL && !g_str_equal (self->section, billet_post_item_get_section (post)))
    return FALSE;
  if (self->lang != NULL && g_strcmp0 (self->lang, billet_post_item_get_summary (post)->lang) != 0)
    return FALSE;
  return billet_post_item_matches (post, self->needle);
}

static void
update_status (BilletSidebar *self)
{
  guint total = self->list ? g_list_model_get_n_items (billet_post_list_get_model (self->list)) : 0;
  guint shown = g_list_model_get_n_items (G_LIST_MODEL (self->filtered));
  GPtrArray *notes = self->list ? billet_post_list_get_notes (self->list) : NULL;
  g_autoptr(GString) text = g_string_new (NULL);

  if (self->list != NULL && billet_post_list_get_loading (self->list))
    g_string_append_printf (text, g_dngettext (GETTEXT_PACKAGE, "Reading… %u post", "Reading… %u posts", total),
                            total);
  else if (shown != total)
    /* Translators: the number of posts the search and filters show, of all */
    g_string_append_printf (text, g_dngettext (GETTEXT_PACKAGE, "%u of %u post", "%u of %u posts", total),
                            shown, total);
  else
    g_string_append_printf (text, g_dngettext (GETTEXT_PACKAGE, "%u post", "%u posts", total), total);

  if (notes != NULL && notes->len > 0)
    {
      g_autoptr(GString) tooltip = g_string_new (NULL);

      g_string_append (text, " · ");
      g_string_append_printf (text, g_dngettext (GETTEXT_PACKAGE, "%u file skipped", "%u files skipped",
                                                 notes->len), notes->len);
      for (guint i = 0; i < notes->len && i < 20; i++)
        {
          const BilletIndexNote *note = g_ptr_array_index (notes, i);

          g_string_append_printf (tooltip, "%s%s: %s", i > 0 ? "\n" : "", note->path, note->message);
        }
      gtk_widget_set_tooltip_text (GTK_WIDGET (self->status_label), tooltip->str);
    }
  else
    gtk_widget_set_tooltip_text (GTK_WIDGET (self->status_label), NULL);
  gtk_label_set_text (self->status_label, text->str);
}

static void
on_search_changed_cb (BilletSidebar *self)
{
  g_autofree char *needle = billet_fold_for_search (gtk_editable_get_text (GTK_EDITABLE (self->search_entry)));
  GtkFilterChange change = GTK_FILTER_CHANGE_DIFFERENT;

  if (g_strcmp0 (needle, self->needle) == 0)
    return;
  if (self->needle == NULL || *self->needle == '\0' || strstr (needle, self->needle) != NULL)
    change = GTK_FILTER_CHANGE_MORE_STRICT;
  else if (strstr (self->needle, needle) != NULL)
    change = GTK_FILTER_CHANGE_LESS_STRICT;
  g_free (self->needle);
  self->needle = g_steal_pointer (&needle);
  gtk_filter_changed (GTK_FILTER (self->filter), change);
}

static void
on_search_activate_cb (BilletSidebar *self)
{
  g_autoptr(BilletPostItem) item = NULL;

  /* Enter opens the first post found for what is typed now: the entry
   * reports typing only after a pause, and Enter typed right after the
   * last letter must not open what the previous letters found. */
  on_search_changed_cb (self);
  item = g_list_model_get_item (G_LIST_MODEL (self->filtered), 0);
  if (item != NULL)
    g_signal_emit (self, signals[POST_ACTIVATED], 0, item);
}

/* Escape in the search: back to the post. */
static void
on_stop_search_cb (BilletSidebar *self)
{
  g_signal_emit (self, signals[DONE], 0);
}

static void
on_sort_changed_cb (BilletSidebar *self)
{
  BilletSidebarSort sort = (BilletSidebarSort) gtk_drop_down_get_selected (self->sort_dropdown);

  if (sort == self->sort || sort > BILLET_SIDEBAR_SORT_MODIFIED)
    return;
  self->sort = sort;
  gtk_sorter_changed (GTK_SORTER (self->sorter), GTK_SORTER_CHANGE_DIFFERENT);
}

static void
on_drafts_toggled_cb (BilletSidebar *self)
{
  gboolean active = gtk_toggle_button_get_active (self->drafts_toggle);

  if (active == self->drafts_only)
    return;
  self->drafts_only = active;
  gtk_filter_changed (GTK_FILTER (self->filter),
                      active ? GTK_FILTER_CHANGE_MORE_STRICT : GTK_FILTER_CHANGE_LESS_STRICT);
}

static void
on_section_changed_cb (BilletSidebar *self)
{
  guint selected = gtk_drop_down_get_selected (self->section_dropdown);
  g_autofree char *section = NULL;

  if (self->updating_sections)
    return;
  /* The first choice is every section. */
  if (selected != GTK_INVALID_LIST_POSITION && selected > 0 && self->sections != NULL &&
      selected - 1 < g_list_model_get_n_items (self->sections))
    section = g_strdup (gtk_string_list_get_string (GTK_STRING_LIST (self->sections), selected - 1));
  if (g_strcmp0 (section, self->section) == 0)
    return;
  g_free (self->section);
  self->section = g_steal_pointer (&section);
  gtk_filter_changed (GTK_FILTER (self->filter), GTK_FILTER_CHANGE_DIFFERENT);
}

static void
on_language_changed_cb (BilletSidebar *self)
{
  guint selected = gtk_drop_down_get_selected (self->language_dropdown);
  const char *lang = NULL;

  if (self->updating_languages)
    return;
  /* The first choice is every language. */
  if (selected != GTK_INVALID_LIST_POSITION && selected > 0 && self->languages != NULL &&
      selected - 1 < g_strv_length (self->languages))
    lang = self->languages[selected - 1];
  if (g_strcmp0 (lang, self->lang) == 0)
    return;
  g_free (self->lang);
  self->lang = g_strdup (lang);
  gtk_filter_changed (GTK_FILTER (self->filter), GTK_FILTER_CHANGE_DIFFERENT);
}

/* The language dropdown offers the site's languages, once it is read:
 * only for a multilingual site. */
static void
update_languages (BilletSidebar *self)
{
  BilletSite *site = self->list != NULL ? billet_post_list_get_site (self->list) : NULL;
  const char * const *keys = site != NULL ? billet_site_get_languages (site) : NULL;
  guint n = keys != NULL ? g_strv_length ((char **) keys) : 0;
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  guint selected = 0;

  if (n < 2)
    {
      keys = NULL;
      n = 0;
    }
  if ((keys == NULL && self->languages == NULL) ||
      (keys != NULL && self->languages != NULL && g_strv_equal ((const char * const *) self->languages, keys)))
    return;

  g_strfreev (self->languages);
  self->languages = keys != NULL ? g_strdupv ((char **) keys) : NULL;
  g_ptr_array_add (names, g_strdup (_("All Languages")));
  for (guint i = 0; i < n; i++)
    {
      g_ptr_array_add (names, g_strdup (keys[i]));
      if (self->lang != NULL && g_str_equal (self->lang, keys[i]))
        selected = i + 1;
    }
  g_ptr_array_add (names, NULL);
  self->updating_languages = TRUE;
  gtk_string_list_splice (self->language_names, 0,
                          g_list_model_get_n_items (G_LIST_MODEL (self->language_names)),
                          (const char * const *) names->pdata);
  gtk_drop_down_set_selected (self->language_dropdown, selected);
  self->updating_languages = FALSE;
  gtk_widget_set_visible (GTK_WIDGET (self->language_dropdown), n > 1);
  on_language_changed_cb (self);
}

static void
on_loading_changed_cb (BilletSidebar *self)
{
  update_languages (self);
  update_status (self);
}

/* The section dropdown follows the list's sections, keeping the choice. */
static void
on_sections_changed_cb (BilletSidebar *self)
{
  guint n = self->sections ? g_list_model_get_n_items (self->sections) : 0;
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  guint selected = 0;

  g_ptr_array_add (names, g_strdup (_("All Sections")));
  for (guint i = 0; i < n; i++)
    {
      const char *section = gtk_string_list_get_string (GTK_STRING_LIST (self->sections), i);

      g_ptr_array_add (names, g_strdup (*section ? section : _("Top Level")));
      if (self->section != NULL && g_str_equal (self->section, section))
        selected = i + 1;
    }
  g_ptr_array_add (names, NULL);

  self->updating_sections = TRUE;
  gtk_string_list_splice (self->section_names, 0,
                          g_list_model_get_n_items (G_LIST_MODEL (self->section_names)),
                          (const char * const *) names->pdata);
  gtk_drop_down_set_selected (self->section_dropdown, selected);
  self->updating_sections = FALSE;
  /* A single section is no choice at all. */
  gtk_widget_set_visible (GTK_WIDGET (self->section_dropdown), n > 1);
  if (selected == 0 && self->section != NULL)
    on_section_changed_cb (self);
}

/* Rows */

static GtkWidget *
badge_new (const char *text,
           const char *css_class)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_widget_add_css_class (label, "billet-badge");
  gtk_widget_add_css_class (label, css_class);
  gtk_widget_set_valign (label, GTK_ALIGN_CENTER);
  return label;
}

static void
setup_row_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *list_item,
              BilletSidebar            *self)
{
  GtkWidget *row = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *top = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *line = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *title = gtk_label_new (NULL);
  GtkWidget *folder = gtk_label_new (NULL);
  GtkWidget *modified = gtk_label_new ("•");
  GtkWidget *date = gtk_label_new (NULL);
  GtkWidget *draft = badge_new (C_("badge", "Draft"), "draft");
  GtkWidget *scheduled = badge_new (C_("badge", "Scheduled"), "scheduled");
  GtkWidget *warning = gtk_image_new_from_icon_name ("dialog-warning-symbolic");
  GtkWidget *tags = gtk_label_new (NULL);

  gtk_widget_add_css_class (row, "billet-post-row");
  gtk_label_set_xalign (GTK_LABEL (title), 0);
  gtk_label_set_ellipsize (GTK_LABEL (title), PANGO_ELLIPSIZE_END);
  gtk_widget_set_hexpand (title, TRUE);
  gtk_widget_add_css_class (title, "billet-post-title");
  gtk_widget_add_css_class (modified, "billet-modified-dot");
  gtk_widget_set_tooltip_text (modified, _("Unsaved changes"));
  gtk_label_set_xalign (GTK_LABEL (date), 0);
  gtk_widget_add_css_class (date, "caption");
  gtk_widget_add_css_class (date, "dim-label");
  gtk_widget_add_css_class (warning, "warning");
  gtk_label_set_xalign (GTK_LABEL (tags), 0);
  gtk_label_set_ellipsize (GTK_LABEL (tags), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (tags, "caption");
  gtk_widget_add_css_class (tags, "dim-label");

  gtk_label_set_xalign (GTK_LABEL (folder), 0);
  gtk_label_set_ellipsize (GTK_LABEL (folder), PANGO_ELLIPSIZE_START);
  gtk_widget_add_css_class (folder, "caption");
  gtk_widget_add_css_class (folder, "dim-label");

  gtk_box_append (GTK_BOX (top), title);
  gtk_box_append (GTK_BOX (top), modified);
  gtk_box_append (GTK_BOX (line), date);
  gtk_box_append (GTK_BOX (line), draft);
  gtk_box_append (GTK_BOX (line), scheduled);
  gtk_box_append (GTK_BOX (line), warning);
  gtk_box_append (GTK_BOX (row), top);
  gtk_box_append (GTK_BOX (row), folder);
  gtk_box_append (GTK_BOX (row), line);
  gtk_box_append (GTK_BOX (row), tags);

  g_object_set_data (G_OBJECT (row), "title", title);
  g_object_set_data (G_OBJECT (row), "folder", folder);
  g_object_set_data (G_OBJECT (row), "modified", modified);
  g_object_set_data (G_OBJECT (row), "date", date);
  g_object_set_data (G_OBJECT (row), "draft", draft);
  g_object_set_data (G_OBJECT (row), "scheduled", scheduled);
  g_object_set_data (G_OBJECT (row), "warning", warning);
  g_object_set_data (G_OBJECT (row), "tags", tags);
  gtk_list_item_set_child (list_item, row);
}

/* What a screen reader says of a row: what it shows, in one name on the
 * list item (GTK 4.8 has no gtk_list_item_set_accessible_label(); the
 * widget that is the list item is the parent of the row's). */
static void
update_row_name (GtkListItem    *list_item,
                 BilletPostItem *item)
{
  GtkWidget *list_row = gtk_widget_get_parent (gtk_list_item_get_child (list_item));
  const char *date = billet_post_item_get_date_label (item);
  g_autofree char *tags = billet_post_item_dup_tags_label (item);
  const char *warning = billet_post_item_get_warning (item);
  g_autoptr(GString) name = g_string_new (billet_post_item_get_title (item));

  if (list_row == NULL)
    return;
  if (billet_post_item_get_title_repeated (item))
    {
      g_autofree char *where = billet_post_item_dup_folder_label (item);

      if (*where != '\0')
        g_string_append_printf (name, ", %s", where);
    }
  g_string_append_printf (name, ", %s", *date ? date : _("No date"));
  if (billet_post_item_get_draft (item))
    g_string_append_printf (name, ", %s", C_("badge", "Draft"));
  if (billet_post_item_get_scheduled (item))
    g_string_append_printf (name, ", %s", C_("badge", "Scheduled"));
  if (billet_post_item_get_modified (item))
    g_string_append_printf (name, ", %s", _("Unsaved changes"));
  if (warning != NULL)
    g_string_append_printf (name, ", %s", warning);
  if (*tags != '\0')
    g_string_append_printf (name, ", %s", tags);
  gtk_accessible_update_property (GTK_ACCESSIBLE (list_row), GTK_ACCESSIBLE_PROPERTY_LABEL, name->str, -1);
}

static void
update_row (GtkListItem *list_item)
{
  BilletPostItem *item = gtk_list_item_get_item (list_item);
  GtkWidget *row = gtk_list_item_get_child (list_item);
  const char *warning = billet_post_item_get_warning (item);
  const char *date = billet_post_item_get_date_label (item);
  g_autofree char *tags = billet_post_item_dup_tags_label (item);
  GtkWidget *warning_image = g_object_get_data (G_OBJECT (row), "warning");

  gtk_label_set_text (g_object_get_data (G_OBJECT (row), "title"), billet_post_item_get_title (item));
  /* Two posts of the same title (two bundles' index.md, say) are told
   * apart by their folders. */
  {
    GtkWidget *folder = g_object_get_data (G_OBJECT (row), "folder");
    g_autofree char *where = billet_post_item_dup_folder_label (item);

    gtk_label_set_text (GTK_LABEL (folder), where);
    gtk_widget_set_visible (folder, billet_post_item_get_title_repeated (item) && *where != '\0');
  }
  gtk_widget_set_tooltip_text (row, billet_post_item_get_path (item));
  gtk_widget_set_visible (g_object_get_data (G_OBJECT (row), "modified"),
                          billet_post_item_get_modified (item));
  gtk_label_set_text (g_object_get_data (G_OBJECT (row), "date"), *date ? date : _("No date"));
  gtk_widget_set_visible (g_object_get_data (G_OBJECT (row), "draft"), billet_post_item_get_draft (item));
  gtk_widget_set_visible (g_object_get_data (G_OBJECT (row), "scheduled"),
                          billet_post_item_get_scheduled (item));
  gtk_widget_set_visible (warning_image, warning != NULL);
  gtk_widget_set_tooltip_text (warning_image, warning);
  gtk_label_set_text (g_object_get_data (G_OBJECT (row), "tags"), tags);
  gtk_widget_set_visible (g_object_get_data (G_OBJECT (row), "tags"), *tags != '\0');
  update_row_name (list_item, item);
}

static void
bind_row_cb (GtkSignalListItemFactory *factory,
             GtkListItem              *list_item,
             BilletSidebar            *self)
{
  BilletPostItem *item = gtk_list_item_get_item (list_item);

  update_row (list_item);
  g_signal_connect_swapped (item, "notify", G_CALLBACK (update_row), list_item);
}

static void
unbind_row_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *list_item,
               BilletSidebar            *self)
{
  BilletPostItem *item = gtk_list_item_get_item (list_item);

  if (item != NULL)
    g_signal_handlers_disconnect_by_func (item, update_row, list_item);
}

static void
on_list_activate_cb (BilletSidebar *self,
                     guint          position)
{
  g_autoptr(BilletPostItem) item = g_list_model_get_item (G_LIST_MODEL (self->filtered), position);

  if (item != NULL)
    g_signal_emit (self, signals[POST_ACTIVATED], 0, item);
}

/* Life cycle */

static void
billet_sidebar_dispose (GObject *object)
{
  BilletSidebar *self = (BilletSidebar *) object;
  GtkWidget *child;

  if (self->list != NULL)
    g_signal_handlers_disconnect_by_data (self->list, self);
  if (self->sections != NULL)
    g_signal_handlers_disconnect_by_data (self->sections, self);
  if (self->filtered != NULL)
    g_signal_handlers_disconnect_by_data (self->filtered, self);
  gtk_widget_dispose_template (GTK_WIDGET (self), BILLET_TYPE_SIDEBAR);
  /* The separators have no id: dispose_template() leaves them. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  g_clear_object (&self->selection);
  g_clear_object (&self->filtered);
  g_clear_object (&self->sorted);
  g_clear_object (&self->sorter);
  g_clear_object (&self->filter);
  g_clear_object (&self->section_names);
  g_clear_object (&self->language_names);
  g_clear_pointer (&self->languages, g_strfreev);
  g_clear_object (&self->sections);
  g_clear_object (&self->list);

  G_OBJECT_CLASS (billet_sidebar_parent_class)->dispose (object);
}

static void
billet_sidebar_finalize (GObject *object)
{
  BilletSidebar *self = (BilletSidebar *) object;

  g_free (self->needle);
  g_free (self->section);
  g_free (self->lang);

  G_OBJECT_CLASS (billet_sidebar_parent_class)->finalize (object);
}

static void
billet_sidebar_class_init (BilletSidebarClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = billet_sidebar_dispose;
  object_class->finalize = billet_sidebar_finalize;

  /**
   * BilletSidebar::post-activated:
   * @item: the #BilletPostItem
   *
   * Emitted when the author clicks a post, or presses Enter in the search.
   */
  signals[POST_ACTIVATED] = g_signal_new ("post-activated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                          0, NULL, NULL, NULL, G_TYPE_NONE, 1, BILLET_TYPE_POST_ITEM);
  /**
   * BilletSidebar::done:
   *
   * Emitted when the author leaves the search with Escape: the window
   * takes the focus back to the post.
   */
  signals[DONE] = g_signal_new ("done", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class, "/org/billet/Billet/ui/billet-sidebar.ui");
  gtk_widget_class_bind_template_child (widget_class, BilletSidebar, search_entry);
  gtk_widget_class_bind_template_child (widget_class, BilletSidebar, sort_dropdown);
  gtk_widget_class_bind_template_child (widget_class, BilletSidebar, section_dropdown);
  gtk_widget_class_bind_template_child (widget_class, BilletSidebar, language_dropdown);
  gtk_widget_class_bind_template_child (widget_class, BilletSidebar, drafts_toggle);
  gtk_widget_class_bind_template_child (widget_class, BilletSidebar, list_view);
  gtk_widget_class_bind_template_child (widget_class, BilletSidebar, status_label);
  gtk_widget_class_bind_template_callback (widget_class, on_search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_search_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_stop_search_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_sort_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_section_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_language_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_drafts_toggled_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_list_activate_cb);
  gtk_widget_class_set_css_name (widget_class, "billetsidebar");
}

static void
billet_sidebar_init (BilletSidebar *self)
{
  GtkListItemFactory *factory;

  gtk_widget_init_template (GTK_WIDGET (self));
  /* GtkDropDown's button has no name of its own. */
  billet_accessible_name_parts (GTK_WIDGET (self->sort_dropdown));
  billet_accessible_name_parts (GTK_WIDGET (self->section_dropdown));
  billet_accessible_name_parts (GTK_WIDGET (self->language_dropdown));

  self->sorter = gtk_custom_sorter_new (compare_items, self, NULL);
  self->filter = gtk_custom_filter_new (filter_item, self, NULL);
  self->sorted = gtk_sort_list_model_new (NULL, g_object_ref (GTK_SORTER (self->sorter)));
  self->filtered = gtk_filter_list_model_new (g_object_ref (G_LIST_MODEL (self->sorted)),
                                              g_object_ref (GTK_FILTER (self->filter)));
  self->selection = gtk_single_selection_new (g_object_ref (G_LIST_MODEL (self->filtered)));
  gtk_single_selection_set_autoselect (self->selection, FALSE);
  gtk_single_selection_set_can_unselect (self->selection, TRUE);
  gtk_list_view_set_model (self->list_view, GTK_SELECTION_MODEL (self->selection));
  g_signal_connect_swapped (self->filtered, "items-changed", G_CALLBACK (update_status), self);

  factory = gtk_signal_list_item_factory_new ();
  g_signal_connect (factory, "setup", G_CALLBACK (setup_row_cb), self);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_row_cb), self);
  g_signal_connect (factory, "unbind", G_CALLBACK (unbind_row_cb), self);
  gtk_list_view_set_factory (self->list_view, factory);
  g_object_unref (factory);

  self->section_names = gtk_string_list_new (NULL);
  gtk_drop_down_set_model (self->section_dropdown, G_LIST_MODEL (self->section_names));
  self->language_names = gtk_string_list_new (NULL);
  gtk_drop_down_set_model (self->language_dropdown, G_LIST_MODEL (self->language_names));
  gtk_widget_set_visible (GTK_WIDGET (self->language_dropdown), FALSE);
  on_sections_changed_cb (self);
  update_status (self);
}

GtkWidget *
billet_sidebar_new (void)
{
  return g_object_new (BILLET_TYPE_SIDEBAR, NULL);
}

/**
 * billet_sidebar_set_post_list:
 * @list: (nullable): the posts to show
 */
void
billet_sidebar_set_post_list (BilletSidebar  *self,
                              BilletPostList *list)
{
  g_return_if_fail (BILLET_IS_SIDEBAR (self));
  g_return_if_fail (list == NULL || BILLET_IS_POST_LIST (list));

  if (self->list == list)
    return;
  if (self->list != NULL)
    g_signal_handlers_disconnect_by_data (self->list, self);
  if (self->sections != NULL)
    g_signal_handlers_disconnect_by_data (self->sections, self);
  g_set_object (&self->list, list);
  g_clear_object (&self->sections);

  if (list != NULL)
    {
      self->sections = g_object_ref (billet_post_list_get_sections (list));
      g_signal_connect_swapped (self->sections, "items-changed", G_CALLBACK (on_sections_changed_cb), self);
      g_signal_connect_swapped (list, "notify::loading", G_CALLBACK (on_loading_changed_cb), self);
    }
  gtk_sort_list_model_set_model (self->sorted, list ? billet_post_list_get_model (list) : NULL);
  on_sections_changed_cb (self);
  update_languages (self);
  update_status (self);
}

/**
 * billet_sidebar_get_post_list:
 *
 * Returns: (transfer none) (nullable): the posts shown
 */
BilletPostList *
billet_sidebar_get_post_list (BilletSidebar *self)
{
  g_return_val_if_fail (BILLET_IS_SIDEBAR (self), NULL);
  return self->list;
}

/**
 * billet_sidebar_get_model:
 *
 * Returns: (transfer none): the posts as shown: sorted and filtered
 */
GListModel *
billet_sidebar_get_model (BilletSidebar *self)
{
  g_return_val_if_fail (BILLET_IS_SIDEBAR (self), NULL);
  return G_LIST_MODEL (self->filtered);
}

/**
 * billet_sidebar_set_search:
 *
 * Types @text in the search entry and filters at once (without the
 * entry's pause).
 */
void
billet_sidebar_set_search (BilletSidebar *self,
                           const char    *text)
{
  g_return_if_fail (BILLET_IS_SIDEBAR (self));

  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), text ? text : "");
  on_search_changed_cb (self);
}

void
billet_sidebar_set_sort (BilletSidebar     *self,
                         BilletSidebarSort  sort)
{
  g_return_if_fail (BILLET_IS_SIDEBAR (self));
  gtk_drop_down_set_selected (self->sort_dropdown, sort);
}

void
billet_sidebar_set_drafts_only (BilletSidebar *self,
                                gboolean       drafts_only)
{
  g_return_if_fail (BILLET_IS_SIDEBAR (self));
  gtk_toggle_button_set_active (self->drafts_toggle, drafts_only);
}

/**
 * billet_sidebar_set_section:
 * @section: (nullable): a section's name ("" the top level), or %NULL for all
 */
void
billet_sidebar_set_section (BilletSidebar *self,
                            const char    *section)
{
  guint n;

  g_return_if_fail (BILLET_IS_SIDEBAR (self));

  n = self->sections ? g_list_model_get_n_items (self->sections) : 0;
  for (guint i = 0; i < n && section != NULL; i++)
    if (g_str_equal (gtk_string_list_get_string (GTK_STRING_LIST (self->sections), i), section))
      {
        gtk_drop_down_set_selected (self->section_dropdown, i + 1);
        return;
      }
  gtk_drop_down_set_selected (self->section_dropdown, 0);
}

/**
 * billet_sidebar_select:
 * @item: (nullable): the post open in the window
 *
 * Highlights @item's row, if it is shown.
 */
void
billet_sidebar_select (BilletSidebar  *self,
                       BilletPostItem *item)
{
  guint n;

  g_return_if_fail (BILLET_IS_SIDEBAR (self));

  n = g_list_model_get_n_items (G_LIST_MODEL (self->filtered));
  for (guint i = 0; i < n && item != NULL; i++)
    {
      g_autoptr(BilletPostItem) shown = g_list_model_get_item (G_LIST_MODEL (self->filtered), i);

      if (shown == item)
        {
          gtk_single_selection_set_selected (self->selection, i);
          return;
        }
    }
  gtk_single_selection_set_selected (self->selection, GTK_INVALID_LIST_POSITION);
}

/**
 * billet_sidebar_focus_search:
 *
 * Puts the focus in "find a post", its text selected: typing searches anew.
 */
void
billet_sidebar_focus_search (BilletSidebar *self)
{
  g_return_if_fail (BILLET_IS_SIDEBAR (self));
  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
  gtk_editable_select_region (GTK_EDITABLE (self->search_entry), 0, -1);
}

/**
 * billet_sidebar_set_language:
 * @lang: (nullable): one of the site's languages ("fr"), or %NULL for all
 */
void
billet_sidebar_set_language (BilletSidebar *self,
                             const char    *lang)
{
  g_return_if_fail (BILLET_IS_SIDEBAR (self));

  for (guint i = 0; lang != NULL && self->languages != NULL && self->languages[i] != NULL; i++)
    if (g_str_equal (self->languages[i], lang))
      {
        gtk_drop_down_set_selected (self->language_dropdown, i + 1);
        return;
      }
  gtk_drop_down_set_selected (self->language_dropdown, 0);
}
