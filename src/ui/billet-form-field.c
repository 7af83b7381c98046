/* billet-form-field.c — one field of the front-matter form: its row, its editor, its value
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A field is one key of the front matter as a row of the form: a one-line
 * or multi-line text, a switch, a date with a calendar, tags as chips, a
 * group for a map, or the value as written for what the form cannot
 * model. The row is labelled for people (a translated label for the keys
 * front matters share, the key itself beside it), shows the value of the
 * tree it is given (billet_form_field_update()), and hands what the author
 * typed to the form after a pause or at once on Enter, focus-out or a
 * click (_billet_post_form_commit_field()): the form writes, fields never
 * touch the document.
 */

#define G_LOG_DOMAIN "Billet"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>
#include <adwaita.h>

#include "billet-completion.h"
#include "billet-date-row.h"
#include "billet-document.h"
#include "billet-form-field.h"
#include "billet-image-picker.h"
#include "billet-image-store.h"
#include "billet-spell-field.h"
#include "billet-spell-menu.h"
#include "billet-tag-editor.h"
#include "billet-value.h"

/* What search engines show of a title and of a description. */
#define TITLE_LIMIT        60
#define DESCRIPTION_LIMIT 160
/* Typing is written after this pause, or at once on Enter or focus-out. */
#define COMMIT_DELAY_MS   300


void
billet_form_field_free (gpointer data)
{
  BilletFormField *field = data;

  g_clear_handle_id (&field->commit_id, g_source_remove);
  if (field->cancellable != NULL)
    g_cancellable_cancel (field->cancellable);
  g_clear_object (&field->cancellable);
  if (field->thumbnail_cancellable != NULL)
    g_cancellable_cancel (field->thumbnail_cancellable);
  g_clear_object (&field->thumbnail_cancellable);
  g_free (field->thumbnail_link);
  g_clear_object (&field->completion);
  g_free (field->session_text);
  g_free (field->undo_base);
  g_free (field->path);
  g_free (field->key);
  g_free (field);
}

/* Rows are labelled for people: the keys most front matters use get a
 * translated label, and keep showing the key itself, smaller (it is what
 * the site's templates and other tools know). Other keys show as they are. */
static const struct
{
  const char *key;
  const char *label;
} known_keys[] = {
  { "title", N_("Title") },
  { "description", N_("Description") },
  { "summary", N_("Summary") },
  { "excerpt", N_("Excerpt") },
  { "date", N_("Date") },
  { "publishDate", N_("Publication date") },
  { "pubDate", N_("Publication date") },
  { "lastmod", N_("Last modified") },
  { "updated", N_("Last modified") },
  { "updatedDate", N_("Last modified") },
  { "expiryDate", N_("Expiry date") },
  { "author", N_("Author") },
  { "authors", N_("Authors") },
  { "coAuthors", N_("Co-authors") },
  { "co_authors", N_("Co-authors") },
  { "tags", N_("Tags") },
  { "categories", N_("Categories") },
  { "keywords", N_("Keywords") },
  { "series", N_("Series") },
  { "draft", N_("Draft") },
  { "slug", N_("Slug") },
  { "url", N_("Address") },
  { "aliases", N_("Other addresses") },
  { "image", N_("Image") },
  { "images", N_("Images") },
  { "cover", N_("Cover image") },
  { "featured_image", N_("Featured image") },
  { "heroImage", N_("Hero image") },
  /* Translators: search engine optimisation; French: « Référencement » */
  { "seo", N_("Search engines") },
  { "lang", N_("Language") },
  { "language", N_("Language") },
  { "weight", N_("Order") },
  { "layout", N_("Layout") },
  { "type", N_("Content type") },
  { "toc", N_("Table of contents") },
};

/* The label a row shows for @key, or %NULL when the key is its own label. */
static const char *
label_for_key (const char *key)
{
  if (key == NULL)
    return NULL;
  for (guint i = 0; i < G_N_ELEMENTS (known_keys); i++)
    if (strcmp (known_keys[i].key, key) == 0)
      return _(known_keys[i].label);
  return NULL;
}

/* The small label with the exact key, beside a translated label. */
static GtkWidget *
create_key_label (const char *key)
{
  GtkWidget *label = gtk_label_new (key);

  gtk_widget_set_valign (label, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (label, "caption");
  gtk_widget_add_css_class (label, "dim-label");
  gtk_widget_add_css_class (label, "billet-field-key");
  /* Read with the row's label already; a screen reader need not hear it twice. */
  gtk_accessible_update_state (GTK_ACCESSIBLE (label), GTK_ACCESSIBLE_STATE_HIDDEN, TRUE, -1);
  return label;
}

static const char *
field_label (BilletFormField *field)
{
  const char *label = label_for_key (field->key);

  return label ? label : field->key;
}

static guint
limit_for_key (const char *key)
{
  if (g_strcmp0 (key, "title") == 0)
    return TITLE_LIMIT;
  if (g_strcmp0 (key, "description") == 0)
    return DESCRIPTION_LIMIT;
  return 0;
}

char *
billet_form_field_dup_text (BilletFormField *field)
{
  switch (field->type)
    {
    case BILLET_FIELD_TEXT:
    case BILLET_FIELD_NUMBER:
    case BILLET_FIELD_DATE:
      return g_strdup (gtk_editable_get_text (GTK_EDITABLE (field->editor)));

    case BILLET_FIELD_LONG_TEXT:
      {
        GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (field->editor));
        GtkTextIter start, end;

        gtk_text_buffer_get_bounds (buffer, &start, &end);
        return gtk_text_buffer_get_text (buffer, &start, &end, TRUE);
      }

    case BILLET_FIELD_BOOLEAN:
    case BILLET_FIELD_TAGS:
    case BILLET_FIELD_MAP:
    case BILLET_FIELD_RAW:
    case BILLET_FIELD_NONE:
    default:
      return NULL;
    }
}

/* The counter, and the error style of a number that is not one. */
void
billet_form_field_update_decorations (BilletFormField *field)
{
  g_autofree char *text = NULL;

  if (field->counter != NULL)
    {
      g_autofree char *label = NULL;
      guint count;

      text = billet_form_field_dup_text (field);
      count = (guint) g_utf8_strlen (text, -1);
      /* Translators: characters typed / characters search engines show */
      label = g_strdup_printf (_("%u / %u"), count, field->limit);
      gtk_label_set_label (GTK_LABEL (field->counter), label);
      if (count > field->limit)
        {
          gtk_widget_remove_css_class (field->counter, "dim-label");
          gtk_widget_add_css_class (field->counter, "warning");
        }
      else
        {
          gtk_widget_remove_css_class (field->counter, "warning");
          gtk_widget_add_css_class (field->counter, "dim-label");
        }
    }

  /* A number that cannot be written says so, in the words of `billet
   * set`: the row keeps it, the post does not get it (dates: the date row). */
  if (field->type == BILLET_FIELD_NUMBER)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *value = NULL;

      g_clear_pointer (&text, g_free);
      text = billet_form_field_dup_text (field);
      value = billet_value_from_user (BILLET_NODE_NUMBER, text, NULL, &error);
      if (value != NULL)
        {
          gtk_widget_remove_css_class (field->row, "error");
          gtk_widget_set_tooltip_text (field->row, NULL);
          gtk_accessible_reset_property (GTK_ACCESSIBLE (field->editor),
                                         GTK_ACCESSIBLE_PROPERTY_DESCRIPTION);
        }
      else
        {
          gtk_widget_add_css_class (field->row, "error");
          gtk_widget_set_tooltip_text (field->row, error->message);
          gtk_accessible_update_property (GTK_ACCESSIBLE (field->editor),
                                          GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, error->message,
                                          -1);
        }
    }
}

/* The value as written, indented as if it started its line, less the
 * indentation all its lines share. */
char *
billet_form_field_dup_raw_text (BilletFrontMatter *fm,
              const BilletNode  *node)
{
  const char *text = billet_front_matter_get_text (fm, NULL);
  gsize start = billet_node_get_start (node);
  gsize end = billet_node_get_end (node);
  guint column = billet_node_get_column (node);
  g_autoptr(GString) out = g_string_new (NULL);
  g_autofree char *raw = NULL;
  g_auto(GStrv) lines = NULL;
  gsize common = G_MAXSIZE;

  raw = g_strdup_printf ("%*s%.*s", column > 0 ? (int) column - 1 : 0, "",
                         (int) (end - start), text + start);
  lines = g_strsplit (g_strchomp (raw), "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      gsize indent = strspn (lines[i], " ");

      if (lines[i][indent] != 0 && lines[i][indent] != '\r')
        common = MIN (common, indent);
    }
  if (common == G_MAXSIZE)
    common = 0;

  for (guint i = 0; lines[i] != NULL; i++)
    {
      gsize len = strlen (lines[i]);

      if (i > 0)
        g_string_append_c (out, '\n');
      if (len > 0 && lines[i][len - 1] == '\r')
        lines[i][--len] = 0;
      g_string_append (out, lines[i] + MIN (common, strspn (lines[i], " ")));
    }
  return g_string_free (g_steal_pointer (&out), FALSE);
}

/* Shows @node's value in @field's editor, if it differs from what is shown. */
static void update_thumbnail (BilletFormField *field,
                              const char      *value);

void
billet_form_field_update (BilletFormField             *field,
              BilletFrontMatter *fm,
              const BilletNode  *node)
{
  BilletPostForm *self = field->form;
  BilletNodeKind kind = billet_node_get_kind (node);
  const char *value = billet_node_is_scalar (node) && kind != BILLET_NODE_NULL ?
                      billet_node_get_text (node) : "";

  g_assert (self != NULL);

  _billet_post_form_set_updating (self, TRUE);

  switch (field->type)
    {
    case BILLET_FIELD_TEXT:
    case BILLET_FIELD_NUMBER:
    case BILLET_FIELD_DATE:
      if (strcmp (gtk_editable_get_text (GTK_EDITABLE (field->editor)), value) != 0)
        {
          gtk_editable_set_text (GTK_EDITABLE (field->editor), value);
          if (field->undo_base != NULL)
            {
              g_free (field->undo_base);
              field->undo_base = g_strdup (value);
              field->row_undos = 0;
            }
        }
      update_thumbnail (field, value);
      break;

    case BILLET_FIELD_LONG_TEXT:
      {
        g_autofree char *text = billet_form_field_dup_text (field);

        if (strcmp (text, value) != 0)
          {
            GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (field->editor));

            /* A value from elsewhere is not the author's typing in the
             * row: the row's own undo starts again from it. */
            gtk_text_buffer_begin_irreversible_action (buffer);
            gtk_text_buffer_set_text (buffer, value, -1);
            gtk_text_buffer_end_irreversible_action (buffer);
            if (field->undo_base != NULL)
              {
                g_free (field->undo_base);
                field->undo_base = g_strdup (value);
                field->row_undos = 0;
              }
          }
      }
      break;

    case BILLET_FIELD_BOOLEAN:
      gtk_switch_set_active (GTK_SWITCH (field->editor), billet_node_get_boolean (node));
      break;

    case BILLET_FIELD_TAGS:
      {
        g_auto(GStrv) tags = billet_node_dup_strv (node);

        billet_tag_editor_set_tags (BILLET_TAG_EDITOR (field->editor),
                                    (const char * const *) tags);
      }
      break;

    case BILLET_FIELD_RAW:
      {
        g_autofree char *raw = billet_form_field_dup_raw_text (fm, node);

        if (g_strcmp0 (gtk_label_get_label (GTK_LABEL (field->editor)), raw) != 0)
          gtk_label_set_label (GTK_LABEL (field->editor), raw);
      }
      break;

    case BILLET_FIELD_MAP:
    case BILLET_FIELD_NONE:
    default:
      break;
    }

  _billet_post_form_set_updating (self, FALSE);
  billet_form_field_update_decorations (field);
}

static gboolean
on_commit_timeout_cb (gpointer data)
{
  BilletFormField *field = data;

  field->commit_id = 0;
  _billet_post_form_commit_field (field);
  return G_SOURCE_REMOVE;
}

static void
field_schedule_commit (BilletFormField *field)
{
  g_clear_handle_id (&field->commit_id, g_source_remove);
  field->commit_id = g_timeout_add (COMMIT_DELAY_MS, on_commit_timeout_cb, field);
}

static void
on_editor_changed_cb (BilletFormField *field)
{
  if (field->form == NULL || _billet_post_form_get_updating (field->form))
    return;

  billet_form_field_update_decorations (field);
  field_schedule_commit (field);
}

static void
on_editor_commit_cb (BilletFormField *field)
{
  if (field->form == NULL || _billet_post_form_get_updating (field->form))
    return;

  _billet_post_form_commit_field (field);
}

/* Enter in an entry row: picks the author the list shows selected, or
 * writes what was typed. */
static void
on_entry_activated_cb (BilletFormField *field)
{
  if (field->completion != NULL && billet_completion_activate (field->completion))
    return;
  on_editor_commit_cb (field);
}

/* An author picked in the list replaces what was typed in the row and is
 * written at once, as Enter writes typing. */
static void
on_completion_picked_cb (BilletFormField      *field,
                         const char *value)
{
  GtkEditable *editable = GTK_EDITABLE (field->editor);

  if (field->form == NULL || _billet_post_form_get_updating (field->form))
    return;

  gtk_editable_set_text (editable, value);
  gtk_editable_set_position (editable, -1);
  /* After a click in the list; grabbing the focus of a row that has it
   * would select its text. */
  if (gtk_widget_get_focus_child (field->editor) == NULL)
    gtk_widget_grab_focus (field->editor);
  _billet_post_form_commit_field (field);
}

/* A suggestion of the spelling menu replaces a word: one edit of the
 * post, undone on its own. What was typed before it is written first, as
 * its own edit; the correction is written at once, and the row's own
 * history starts again after it (as when the author leaves the row), so
 * that Ctrl+Z goes to the form's history and takes back the correction,
 * whole, in the row and in the post. */
static void
on_spell_replace_cb (GtkWidget  *editor,
                     int         start,
                     int         end,
                     const char *word,
                     gpointer    user_data)
{
  BilletFormField *field = user_data;
  g_autoptr(GtkWidget) row = NULL;
  GtkEditable *editable = GTK_EDITABLE (editor);
  int pos = start;

  if (field->form == NULL || _billet_post_form_get_updating (field->form))
    return;

  /* The field lives as long as its row: kept through the writes. */
  row = g_object_ref (field->row);
  if (field->commit_id != 0)
    _billet_post_form_commit_field (field);
  if (field->form == NULL || gtk_widget_get_parent (row) == NULL)
    return;
  g_clear_pointer (&field->session_text, g_free);

  gtk_editable_delete_text (editable, start, end);
  gtk_editable_insert_text (editable, word, -1, &pos);
  gtk_editable_set_position (editable, pos);
  _billet_post_form_commit_field (field);
  if (field->form == NULL || gtk_widget_get_parent (row) == NULL)
    return;
  g_clear_pointer (&field->session_text, g_free);

  gtk_editable_set_enable_undo (editable, FALSE);
  gtk_editable_set_enable_undo (editable, TRUE);
  g_free (field->undo_base);
  field->undo_base = billet_form_field_dup_text (field);
  field->row_undos = 0;
}

/* Checks @field's prose in @language (%NULL: not at all); its spelling
 * menu's corrections are edits of the form's. */
void
billet_form_field_set_spelling (BilletFormField *field,
                                const char      *language)
{
  billet_spell_field_set_language (field->editor, language);
  if (field->type == BILLET_FIELD_TEXT && GTK_IS_EDITABLE (field->editor))
    billet_spell_menu_set_replace_func (field->editor, on_spell_replace_cb, field);
}

/* Rows */

static GtkWidget *
create_remove_button (const char *path,
                      const char *key)
{
  g_autofree char *label = g_strdup_printf (_("Remove “%s”"), key);
  /* Translators: the tooltip of a field's remove button; Alt+Delete does the same */
  g_autofree char *tooltip = g_strdup_printf (_("Remove “%s” (Alt+Delete)"), key);
  GtkWidget *button = gtk_button_new_from_icon_name ("user-trash-symbolic");

  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (button, tooltip);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
  gtk_widget_add_css_class (button, "flat");
  gtk_widget_add_css_class (button, "billet-remove-button");
  /* Tab goes from field to field; Alt+Delete removes the field being
   * edited (the tooltip says so), and pointer and screen reader reach the
   * button as ever. */
  gtk_widget_set_focusable (button, FALSE);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "form.remove-field");
  gtk_actionable_set_action_target_value (GTK_ACTIONABLE (button), g_variant_new_string (path));
  return button;
}

static GtkWidget *
create_counter (BilletFormField *field)
{
  g_autofree char *tooltip = NULL;

  field->limit = limit_for_key (field->key);
  if (field->limit == 0)
    return NULL;

  tooltip = g_strdup_printf (ngettext ("Search engines show about %u character",
                                       "Search engines show about %u characters",
                                       field->limit),
                             field->limit);
  field->counter = gtk_label_new (NULL);
  gtk_widget_set_valign (field->counter, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (field->counter, tooltip);
  gtk_widget_add_css_class (field->counter, "caption");
  gtk_widget_add_css_class (field->counter, "numeric");
  gtk_widget_add_css_class (field->counter, "dim-label");
  return field->counter;
}

/* A row whose editor sits under a small title: long text, tags, raw. */
static GtkWidget *
create_block_row (BilletFormField      *field,
                  GtkWidget  *editor,
                  const char *caption,
                  gboolean    removable)
{
  GtkWidget *row = adw_preferences_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *header = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *title = gtk_label_new (field->key ? field_label (field) : _("(complex key)"));
  GtkWidget *counter = create_counter (field);

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), field->key ? field_label (field) : "");
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
  gtk_widget_add_css_class (row, "billet-block-row");

  gtk_widget_set_margin_top (box, 8);
  gtk_widget_set_margin_bottom (box, 10);
  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 6);

  gtk_label_set_xalign (GTK_LABEL (title), 0);
  gtk_label_set_ellipsize (GTK_LABEL (title), PANGO_ELLIPSIZE_END);
  gtk_widget_set_hexpand (title, TRUE);
  gtk_widget_add_css_class (title, "billet-field-title");
  gtk_box_append (GTK_BOX (header), title);
  if (label_for_key (field->key) != NULL)
    {
      GtkWidget *key = create_key_label (field->key);

      /* Right after the label, as the entry rows show it. */
      gtk_widget_set_hexpand (title, FALSE);
      gtk_widget_set_hexpand (key, TRUE);
      gtk_label_set_xalign (GTK_LABEL (key), 0);
      gtk_box_append (GTK_BOX (header), key);
    }

  if (caption != NULL)
    {
      GtkWidget *label = gtk_label_new (caption);

      gtk_widget_add_css_class (label, "caption");
      gtk_widget_add_css_class (label, "dim-label");
      gtk_box_append (GTK_BOX (header), label);
    }
  if (counter != NULL)
    gtk_box_append (GTK_BOX (header), counter);
  if (removable)
    gtk_box_append (GTK_BOX (header), create_remove_button (field->path, field->key));

  gtk_widget_set_margin_end (editor, 6);
  gtk_box_append (GTK_BOX (box), header);
  gtk_box_append (GTK_BOX (box), editor);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  /* For screen readers, the row and its editor are the field: a label
   * property rather than a relation, so that what the editor holds (the
   * long text's view, the tag editor's entry) can be labelled by it. */
  gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  gtk_label_get_text (GTK_LABEL (title)), -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (editor), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  gtk_label_get_text (GTK_LABEL (title)), -1);
  return row;
}

/* Leaving the field writes what was typed and ends its typing session:
 * the next typing in it is another edit, undone on its own. */
static void
on_focus_leave_cb (BilletFormField *field)
{
  on_editor_commit_cb (field);
  g_clear_pointer (&field->session_text, g_free);
  g_clear_pointer (&field->undo_base, g_free);
  field->row_undos = 0;

  /* The row's own undo is for the typing in it: once the author leaves,
   * that typing is one edit of the form's history, and Ctrl+Z back in
   * the row goes to the form's history (a row history kept past this
   * would write its steps over later edits of the form). Turning undo
   * off and on again empties it. */
  if (GTK_IS_TEXT_VIEW (field->editor))
    {
      GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (field->editor));

      gtk_text_buffer_set_enable_undo (buffer, FALSE);
      gtk_text_buffer_set_enable_undo (buffer, TRUE);
    }
  else if (GTK_IS_EDITABLE (field->editor))
    {
      gtk_editable_set_enable_undo (GTK_EDITABLE (field->editor), FALSE);
      gtk_editable_set_enable_undo (GTK_EDITABLE (field->editor), TRUE);
    }
}

static void
on_focus_enter_cb (BilletFormField *field)
{
  g_free (field->undo_base);
  field->undo_base = billet_form_field_dup_text (field);
  field->row_undos = 0;
}

/* Whether Ctrl+Z (or, with @redo, Ctrl+Shift+Z) is for the row's own
 * history: something typed since it began is still there to undo, or a
 * step the row undid is there to redo. Otherwise the key is the form's.
 * (GtkText takes Ctrl+Z even with nothing to undo, so the form asks.) */
gboolean
billet_form_field_can_undo (BilletFormField *field,
                            gboolean         redo)
{
  g_autofree char *text = NULL;

  if (field->undo_base == NULL)
    return FALSE;
  if (redo)
    return field->row_undos > 0;
  text = billet_form_field_dup_text (field);
  return !g_str_equal (text, field->undo_base);
}

/* The row's editor took Ctrl+Z (or, with @redo, Ctrl+Shift+Z), which
 * billet_form_field_can_undo() said was its own: an undone step is one
 * more the row can redo, a redone one is one fewer. */
void
billet_form_field_took_undo (BilletFormField *field,
                             gboolean         redo)
{
  g_return_if_fail (field->undo_base != NULL);

  if (redo)
    {
      g_return_if_fail (field->row_undos > 0);
      field->row_undos--;
    }
  else
    field->row_undos++;
}

static void
connect_focus_out (BilletFormField *field,
                   GtkWidget       *widget)
{
  GtkEventController *focus = gtk_event_controller_focus_new ();

  g_signal_connect_swapped (focus, "enter", G_CALLBACK (on_focus_enter_cb), field);
  g_signal_connect_swapped (focus, "leave", G_CALLBACK (on_focus_leave_cb), field);
  gtk_widget_add_controller (widget, focus);
}

/* Image fields */

static const char * const image_keys[] = {
  "image", "cover", "featured_image", "featuredImage", "og_image", "thumbnail", "banner", "heroImage", NULL
};

static gboolean
is_image_key (const char *key)
{
  return key != NULL && g_strv_contains (image_keys, key);
}

/* The saved post's path, or NULL for a new post. */
static char *
dup_post_path (BilletFormField *field)
{
  BilletDocument *document = field->form != NULL ? billet_post_form_get_document (field->form) : NULL;
  GFile *file = document != NULL ? billet_document_get_file (document) : NULL;

  return file != NULL ? g_file_get_path (file) : NULL;
}

static void
thumbnail_loaded_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GdkTexture) texture = billet_image_thumbnail_finish (result, &error);
  BilletFormField *field;

  /* Cancelled: the row, and the field, may be gone, or another value's
   * thumbnail is on its way. */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  field = data;
  gtk_picture_set_paintable (GTK_PICTURE (field->thumbnail), GDK_PAINTABLE (texture));
  gtk_widget_set_visible (field->thumbnail, texture != NULL);
}

static void
update_thumbnail (BilletFormField *field,
                  const char      *value)
{
  g_autofree char *post_path = NULL;

  if (field->thumbnail == NULL || g_strcmp0 (field->thumbnail_link, value) == 0)
    return;
  g_free (field->thumbnail_link);
  field->thumbnail_link = g_strdup (value);
  gtk_widget_set_visible (field->thumbnail, FALSE);
  gtk_picture_set_paintable (GTK_PICTURE (field->thumbnail), NULL);
  if (field->thumbnail_cancellable != NULL)
    g_cancellable_cancel (field->thumbnail_cancellable);
  g_clear_object (&field->thumbnail_cancellable);
  post_path = dup_post_path (field);
  if (post_path == NULL || value[0] == '\0')
    return;
  field->thumbnail_cancellable = g_cancellable_new ();
  billet_image_thumbnail_async (post_path, value, field->thumbnail_cancellable, thumbnail_loaded_cb, field);
}

/* @link becomes the field's value, as one edit of the form. */
static void
set_image_link (BilletFormField *field,
                const char      *link)
{
  if (field->form == NULL || _billet_post_form_get_updating (field->form))
    return;
  /* What was typed before is its own edit; the image is another. */
  if (field->commit_id != 0)
    _billet_post_form_commit_field (field);
  g_clear_pointer (&field->session_text, g_free);
  gtk_editable_set_text (GTK_EDITABLE (field->editor), link);
  _billet_post_form_commit_field (field);
  g_clear_pointer (&field->session_text, g_free);
  update_thumbnail (field, link);
}

/* Images copied or chosen for the field: a list of images (`images:
 * [...]`) gets them at its end, a single image the first; either way one
 * edit of the form. */
static void
add_image_links (BilletFormField    *field,
                 const char * const *links)
{
  if (links[0] == NULL)
    return;
  if (BILLET_IS_TAG_EDITOR (field->editor))
    {
      if (field->form != NULL && !_billet_post_form_get_updating (field->form))
        billet_tag_editor_add_tags (BILLET_TAG_EDITOR (field->editor), links);
      return;
    }
  set_image_link (field, links[0]);
}

static void
image_stored_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) stored = billet_image_store_finish (result, &error);
  g_autofree const char **links = NULL;
  BilletFormField *field;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  field = data;
  if (stored == NULL)
    {
      g_autofree char *text = g_strdup_printf (_("Could not copy the image: %s"), error->message);

      gtk_widget_set_tooltip_text (field->row, text);
      return;
    }
  links = g_new0 (const char *, stored->len + 1);
  for (guint i = 0; i < stored->len; i++)
    {
      const BilletStoredImage *image = g_ptr_array_index (stored, i);

      links[i] = image->link;
    }
  add_image_links (field, links);
}

/* Copies @files (or @texture) where the post's site keeps its images, as
 * the source's paste copies them: all of them for a list of images, the
 * first for one image. */
static void
store_images (BilletFormField *field,
              GPtrArray       *files,
              GdkTexture      *texture)
{
  g_autofree char *post_path = dup_post_path (field);

  if (post_path == NULL)
    return;
  if (files != NULL && !BILLET_IS_TAG_EDITOR (field->editor))
    g_ptr_array_set_size (files, 1);
  billet_image_store_async (post_path, files, texture, field->cancellable, image_stored_cb, field);
}

/* Image files dropped on the row: copied as into the source, their links
 * the field's value (see add_image_links()). */
static gboolean
on_image_drop_cb (GtkDropTarget   *target,
                  const GValue    *value,
                  double           x,
                  double           y,
                  BilletFormField *field)
{
  g_autoptr(GPtrArray) files = NULL;
  g_autofree char *post_path = dup_post_path (field);

  if (!G_VALUE_HOLDS (value, GDK_TYPE_FILE_LIST) || post_path == NULL)
    return FALSE;
  files = billet_image_store_dup_images (g_value_get_boxed (value));
  if (files == NULL)
    return FALSE;
  store_images (field, files, NULL);
  return TRUE;
}

/* Paste on the row: image files copied in a file manager, or a picture,
 * are copied as the source's paste copies them; text pastes as text. */

static void
paste_files_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      data)
{
  g_autoptr(GError) error = NULL;
  const GValue *value = gdk_clipboard_read_value_finish (GDK_CLIPBOARD (object), result, &error);
  g_autoptr(GPtrArray) files = NULL;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (value != NULL)
    files = billet_image_store_dup_images (g_value_get_boxed (value));
  if (files != NULL)
    store_images (data, files, NULL);
}

static void
paste_texture_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GdkTexture) texture = gdk_clipboard_read_texture_finish (GDK_CLIPBOARD (object), result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (texture != NULL)
    store_images (data, NULL, texture);
}

static void
on_image_paste_cb (GtkText         *text,
                   BilletFormField *field)
{
  GdkClipboard *clipboard = gtk_widget_get_clipboard (GTK_WIDGET (text));
  GdkContentFormats *offered = gdk_clipboard_get_formats (clipboard);
  g_autoptr(GdkContentFormats) readable = NULL;
  g_autofree char *post_path = dup_post_path (field);
  gboolean files = gdk_content_formats_contain_gtype (offered, GDK_TYPE_FILE_LIST) ||
                   gdk_content_formats_contain_mime_type (offered, "text/uri-list");

  /* Text (a link typed elsewhere) pastes as text; a file manager's copy
   * offers the paths as text too, and goes as files. */
  if (post_path == NULL ||
      (!files && (gdk_content_formats_contain_gtype (offered, G_TYPE_STRING) ||
                  gdk_content_formats_contain_mime_type (offered, "text/plain") ||
                  gdk_content_formats_contain_mime_type (offered, "text/plain;charset=utf-8"))))
    return;
  readable = gdk_content_formats_union_deserialize_gtypes (gdk_content_formats_ref (offered));
  if (gdk_content_formats_contain_gtype (readable, GDK_TYPE_FILE_LIST))
    {
      g_signal_stop_emission_by_name (text, "paste-clipboard");
      gdk_clipboard_read_value_async (clipboard, GDK_TYPE_FILE_LIST, G_PRIORITY_DEFAULT,
                                      field->cancellable, paste_files_cb, field);
    }
  else if (gdk_content_formats_contain_gtype (readable, GDK_TYPE_TEXTURE))
    {
      g_signal_stop_emission_by_name (text, "paste-clipboard");
      gdk_clipboard_read_texture_async (clipboard, field->cancellable, paste_texture_cb, field);
    }
}

/* The picker */

/* A list of images (`images: [...]`) gets the one chosen at its end. */
static void
on_image_picked_cb (BilletImagePicker *picker,
                    const char        *link,
                    BilletFormField   *field)
{
  const char *links[] = { link, NULL };

  add_image_links (field, links);
}

/* The picker is made as it opens: the post may have been saved (or saved
 * elsewhere) since the row was made. */
static void
create_picker_cb (GtkMenuButton *button,
                  gpointer       data)
{
  BilletFormField *field = data;
  g_autofree char *post_path = dup_post_path (field);
  GtkPopover *current = gtk_menu_button_get_popover (button);
  GtkWidget *picker;

  if (post_path == NULL)
    {
      GtkWidget *popover = gtk_popover_new ();
      GtkWidget *label = gtk_label_new (_("Save the post first: its site decides where its images are"));

      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_label_set_max_width_chars (GTK_LABEL (label), 36);
      gtk_popover_set_child (GTK_POPOVER (popover), label);
      gtk_menu_button_set_popover (button, popover);
      return;
    }
  if (BILLET_IS_IMAGE_PICKER (current) &&
      g_strcmp0 (billet_image_picker_get_post_path (BILLET_IMAGE_PICKER (current)), post_path) == 0)
    return;
  picker = billet_image_picker_new (post_path);
  g_signal_connect (picker, "picked", G_CALLBACK (on_image_picked_cb), field);
  gtk_menu_button_set_popover (button, picker);
}

static GtkWidget *
create_picker_button (BilletFormField *field)
{
  GtkWidget *button = gtk_menu_button_new ();

  gtk_menu_button_set_icon_name (GTK_MENU_BUTTON (button), "image-x-generic-symbolic");
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (button, "flat");
  gtk_widget_add_css_class (button, "billet-image-picker-button");
  gtk_widget_set_tooltip_text (button, _("Choose One of the Site’s Images"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Choose One of the Site’s Images"), -1);
  gtk_menu_button_set_create_popup_func (GTK_MENU_BUTTON (button), create_picker_cb, field, NULL);
  return button;
}

/* Image files dropped on @row, and image files or a picture pasted in
 * @editable, are copied for the field. */
static void
add_image_targets (BilletFormField *field,
                   GtkWidget       *row,
                   GtkEditable     *editable)
{
  GtkDropTarget *drop = gtk_drop_target_new (GDK_TYPE_FILE_LIST, GDK_ACTION_COPY);

  if (field->cancellable == NULL)
    field->cancellable = g_cancellable_new ();
  g_signal_connect (drop, "drop", G_CALLBACK (on_image_drop_cb), field);
  gtk_widget_add_controller (row, GTK_EVENT_CONTROLLER (drop));

  while (!GTK_IS_TEXT (editable) && gtk_editable_get_delegate (editable) != NULL)
    editable = gtk_editable_get_delegate (editable);
  g_signal_connect (editable, "paste-clipboard", G_CALLBACK (on_image_paste_cb), field);
}

static void
add_image_parts (BilletFormField *field,
                 GtkWidget       *row)
{
  field->cancellable = g_cancellable_new ();
  field->thumbnail = gtk_picture_new ();
  gtk_picture_set_content_fit (GTK_PICTURE (field->thumbnail), GTK_CONTENT_FIT_CONTAIN);
  gtk_picture_set_can_shrink (GTK_PICTURE (field->thumbnail), TRUE);
  gtk_widget_set_size_request (field->thumbnail, 40, 40);
  gtk_widget_set_valign (field->thumbnail, GTK_ALIGN_CENTER);
  gtk_widget_set_visible (field->thumbnail, FALSE);
  gtk_widget_add_css_class (field->thumbnail, "billet-field-thumbnail");
  gtk_accessible_update_property (GTK_ACCESSIBLE (field->thumbnail), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("The image this field names"), -1);
  adw_entry_row_add_prefix (ADW_ENTRY_ROW (row), field->thumbnail);

  field->picker_button = create_picker_button (field);
  adw_entry_row_add_suffix (ADW_ENTRY_ROW (row), field->picker_button);

  add_image_targets (field, row, GTK_EDITABLE (row));
}

static GtkWidget *
create_entry_row (BilletFormField            *field,
                  const BilletNode *node)
{
  GtkWidget *row;
  GtkWidget *counter;

  if (field->type == BILLET_FIELD_DATE)
    {
      row = billet_date_row_new ();
      billet_date_row_set_text_dates (BILLET_DATE_ROW (row),
                                      node != NULL && billet_node_get_kind (node) == BILLET_NODE_STRING);
    }
  else
    row = adw_entry_row_new ();

  field->editor = row;
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), field_label (field));
  if (field->type == BILLET_FIELD_NUMBER)
    adw_entry_row_set_input_purpose (ADW_ENTRY_ROW (row), GTK_INPUT_PURPOSE_NUMBER);

  if (label_for_key (field->key) != NULL)
    adw_entry_row_add_suffix (ADW_ENTRY_ROW (row), create_key_label (field->key));
  if ((counter = create_counter (field)) != NULL)
    adw_entry_row_add_suffix (ADW_ENTRY_ROW (row), counter);
  adw_entry_row_add_suffix (ADW_ENTRY_ROW (row), create_remove_button (field->path, field->key));

  g_signal_connect_swapped (row, "changed", G_CALLBACK (on_editor_changed_cb), field);
  g_signal_connect_swapped (row, "entry-activated", G_CALLBACK (on_entry_activated_cb), field);
  if (field->type == BILLET_FIELD_DATE)
    g_signal_connect_swapped (row, "date-picked", G_CALLBACK (on_editor_commit_cb), field);
  connect_focus_out (field, row);

  /* `author: Jane Doe` completes as a list of authors does. */
  if (field->type == BILLET_FIELD_TEXT && g_strcmp0 (billet_form_field_suggestions_for_key (field->key), "author") == 0)
    {
      field->completion = billet_completion_new (GTK_EDITABLE (row));
      g_signal_connect_swapped (field->completion, "picked",
                                G_CALLBACK (on_completion_picked_cb), field);
      billet_form_field_apply_suggestions (field);
    }
  if (field->type == BILLET_FIELD_TEXT && is_image_key (field->key))
    add_image_parts (field, row);
  return row;
}

static GtkWidget *
create_long_text_row (BilletFormField *field)
{
  GtkWidget *frame = gtk_frame_new (NULL);
  GtkWidget *view = gtk_text_view_new ();
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (view));

  field->editor = view;
  gtk_text_view_set_wrap_mode (GTK_TEXT_VIEW (view), GTK_WRAP_WORD_CHAR);
  gtk_text_view_set_accepts_tab (GTK_TEXT_VIEW (view), FALSE);
  gtk_text_view_set_top_margin (GTK_TEXT_VIEW (view), 6);
  gtk_text_view_set_bottom_margin (GTK_TEXT_VIEW (view), 6);
  gtk_text_view_set_left_margin (GTK_TEXT_VIEW (view), 8);
  gtk_text_view_set_right_margin (GTK_TEXT_VIEW (view), 8);
  gtk_widget_set_size_request (view, -1, 64);
  gtk_widget_add_css_class (frame, "billet-long-text");
  gtk_frame_set_child (GTK_FRAME (frame), view);
  gtk_accessible_update_relation (GTK_ACCESSIBLE (view), GTK_ACCESSIBLE_RELATION_LABELLED_BY, frame, NULL, -1);

  g_signal_connect_swapped (buffer, "changed", G_CALLBACK (on_editor_changed_cb), field);
  connect_focus_out (field, view);
  return create_block_row (field, frame, NULL, TRUE);
}

static GtkWidget *
create_switch_row (BilletFormField *field)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *toggle = gtk_switch_new ();

  field->editor = toggle;
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), field_label (field));
  if (label_for_key (field->key) != NULL)
    adw_action_row_add_suffix (ADW_ACTION_ROW (row), create_key_label (field->key));
  gtk_widget_set_valign (toggle, GTK_ALIGN_CENTER);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), toggle);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), create_remove_button (field->path, field->key));
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), toggle);

  g_signal_connect_swapped (toggle, "notify::active", G_CALLBACK (on_editor_commit_cb), field);
  return row;
}

/* Which suggestions a field gets: "tags", "author" or %NULL. A list of
 * strings gets them in its tag editor, and so does a one-line author. */
const char *
billet_form_field_suggestions_for_key (const char *key)
{
  if (g_strcmp0 (key, "tags") == 0 || g_strcmp0 (key, "categories") == 0 ||
      g_strcmp0 (key, "keywords") == 0)
    return "tags";
  if (g_strcmp0 (key, "author") == 0 || g_strcmp0 (key, "authors") == 0 ||
      g_strcmp0 (key, "coAuthors") == 0 || g_strcmp0 (key, "co_authors") == 0)
    return "author";
  return NULL;
}

void
billet_form_field_apply_suggestions (BilletFormField *field)
{
  BilletPostForm *self = field->form;
  const char *which = billet_form_field_suggestions_for_key (field->key);
  const char * const *values;
  const guint *counts;

  if (self == NULL)
    return;
  if (which == NULL)
    return;
  _billet_post_form_get_suggestions (self, which, &values, &counts);

  if (field->type == BILLET_FIELD_TAGS && BILLET_IS_TAG_EDITOR (field->editor))
    billet_tag_editor_set_suggestions (BILLET_TAG_EDITOR (field->editor), values, counts);
  else if (field->completion != NULL)
    billet_completion_set_suggestions (field->completion, values, counts);
}

static GtkWidget *
create_tags_row (BilletFormField *field)
{
  GtkWidget *row;

  field->editor = billet_tag_editor_new ();
  billet_form_field_apply_suggestions (field);
  g_signal_connect_swapped (field->editor, "changed", G_CALLBACK (on_editor_commit_cb), field);
  row = create_block_row (field, field->editor, NULL, TRUE);
  /* A list of images: the picker, in the header before its remove button. */
  if (g_strcmp0 (field->key, "images") == 0)
    {
      GtkWidget *header = gtk_widget_get_first_child (gtk_list_box_row_get_child (GTK_LIST_BOX_ROW (row)));

      field->picker_button = create_picker_button (field);
      gtk_box_insert_child_after (GTK_BOX (header), field->picker_button,
                                  gtk_widget_get_prev_sibling (gtk_widget_get_last_child (header)));
      add_image_targets (field, row,
                         billet_tag_editor_get_entry (BILLET_TAG_EDITOR (field->editor)));
    }
  return row;
}

static GtkWidget *
create_map_row (BilletFormField *field)
{
  GtkWidget *row = adw_expander_row_new ();

  field->editor = row;
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), field_label (field));
  if (label_for_key (field->key) != NULL)
    adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (row), field->key);
  gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL, field_label (field), -1);
  adw_expander_row_set_expanded (ADW_EXPANDER_ROW (row), TRUE);
  adw_expander_row_add_action (ADW_EXPANDER_ROW (row),
                               create_remove_button (field->path, field->key));
  return row;
}

static GtkWidget *
create_raw_row (BilletFormField  *field,
                const BilletNode *node)
{
  GtkWidget *label = gtk_label_new (NULL);
  GtkWidget *row;

  field->editor = label;
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_selectable (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  gtk_widget_add_css_class (label, "monospace");
  if (billet_node_get_syntax (node) == BILLET_SYNTAX_TOML)
    gtk_widget_set_tooltip_text (label, _("The form cannot edit this value: it is kept as "
                                          "written, and can be changed in Raw TOML"));
  else
    gtk_widget_set_tooltip_text (label, _("The form cannot edit this value: it is kept as "
                                          "written, and can be changed in Raw YAML"));
  row = create_block_row (field, label, _("As written"), field->path != NULL);
  gtk_widget_add_css_class (row, "billet-raw-row");
  return row;
}

GtkWidget *
billet_form_field_create_row (BilletPostForm    *self,
            BilletFrontMatter *fm,
            const BilletNode  *node,
            const char        *path,
            BilletFieldType    type)
{
  BilletFormField *field = g_new0 (BilletFormField, 1);
  GtkWidget *row = NULL;

  field->form = self;
  field->path = g_strdup (path);
  field->key = g_strdup (billet_node_get_key (node));
  field->type = type;

  switch (type)
    {
    case BILLET_FIELD_TEXT:
    case BILLET_FIELD_NUMBER:
    case BILLET_FIELD_DATE:
      row = create_entry_row (field, node);
      break;
    case BILLET_FIELD_LONG_TEXT:
      row = create_long_text_row (field);
      break;
    case BILLET_FIELD_BOOLEAN:
      row = create_switch_row (field);
      break;
    case BILLET_FIELD_TAGS:
      row = create_tags_row (field);
      break;
    case BILLET_FIELD_MAP:
      row = create_map_row (field);
      break;
    case BILLET_FIELD_RAW:
    case BILLET_FIELD_NONE:
    default:
      row = create_raw_row (field, node);
      break;
    }

  field->row = row;
  g_object_set_data_full (G_OBJECT (row), "billet-field", field, billet_form_field_free);
  if ((type == BILLET_FIELD_TEXT || type == BILLET_FIELD_LONG_TEXT) &&
      billet_spell_field_is_prose (path, type == BILLET_FIELD_LONG_TEXT) &&
      _billet_post_form_get_spelling (self) != NULL)
    billet_form_field_set_spelling (field, _billet_post_form_get_spelling (self));
  if (path != NULL)
    {
      g_autofree char *name = g_strconcat ("field:", path, NULL);

      gtk_widget_set_name (row, name);
    }

  billet_form_field_update (field, fm, node);
  return row;
}

/* Puts the focus in @field's value, as the author would by clicking it:
 * the cursor at the end of a text, never all of it selected (grabbing the
 * focus of an entry selects its text, which the next key would replace). */
void
billet_form_field_focus (BilletFormField *field)
{
  GtkWidget *target = field->editor;

  if (BILLET_IS_TAG_EDITOR (target))
    target = GTK_WIDGET (billet_tag_editor_get_entry (BILLET_TAG_EDITOR (target)));
  if (field->type == BILLET_FIELD_MAP || field->type == BILLET_FIELD_RAW)
    target = field->row;

  if (GTK_IS_EDITABLE (target))
    {
      GtkEditable *editable = GTK_EDITABLE (target);

      while (!GTK_IS_TEXT (editable) && gtk_editable_get_delegate (editable) != NULL)
        editable = gtk_editable_get_delegate (editable);
      if (GTK_IS_TEXT (editable))
        {
          gtk_text_grab_focus_without_selecting (GTK_TEXT (editable));
          gtk_editable_set_position (editable, -1);
        }
      else
        gtk_widget_grab_focus (target);
    }
  else
    gtk_widget_grab_focus (target);
  /* The form's viewport scrolls to the focused row (GTK 4.8's
   * GtkViewport:scroll-to-focus), once it is laid out. */
}

