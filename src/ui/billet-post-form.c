/* billet-post-form.c — the front matter of a post as a form, or as raw YAML or TOML
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The form never holds front-matter data of its own. The document's
 * front-matter buffer is the single source of truth: each row shows a
 * value of the tree parsed from it, and each edit goes through
 * billet_document_set_value()/_set_list()/_remove_key(), which splice the
 * buffer as one undoable user action. The "Raw YAML" page is a view on
 * that same buffer, so both stay in step without any copying.
 *
 * After every reparse ("front-matter-changed") the form computes the
 * structure of the tree (each path with the kind of row it needs). When it
 * is the structure the rows were built for, the rows are updated in place:
 * the row that is writing and rows with a pending (debounced) edit are
 * skipped, and the others only get a new value when it differs, so typing
 * never loses focus or cursor. Only a new structure (a key added, removed
 * or retyped, mostly from the raw view) rebuilds the rows. The choice
 * between a one-line and a multi-line text row sticks to a path once made,
 * so that typing past the long-text threshold does not rebuild the row
 * under the author's fingers.
 *
 * What the author does to the form as a whole (undo and redo, adding
 * and removing fields, and which history Ctrl+Z goes to) is in
 * billet-post-form-actions.c.
 */

#define G_LOG_DOMAIN "Billet"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>
#include <adwaita.h>

#include "billet-completion.h"
#include "billet-date-row.h"
#include "billet-form-field.h"
#include "billet-post-form-private.h"
#include "billet-spell-field.h"
#include "billet-tag-editor.h"
#include "billet-value.h"

/* A string this long gets a multi-line row. */
#define LONG_TEXT_LENGTH  100

G_DEFINE_FINAL_TYPE (BilletPostForm, billet_post_form, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_DOCUMENT,
  PROP_SHOW_RAW,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void refresh (BilletPostForm *self);

void
_billet_post_form_show_edit_error (BilletPostForm *self,
                                   const char     *message)
{
  gtk_label_set_label (self->error_label, message);
  gtk_revealer_set_reveal_child (self->error_revealer, TRUE);
}

void
_billet_post_form_hide_edit_error (BilletPostForm *self)
{
  gtk_revealer_set_reveal_child (self->error_revealer, FALSE);
}

char *
_billet_post_form_dup_front_matter_text (BilletDocument *document)
{
  GtkTextBuffer *buffer = GTK_TEXT_BUFFER (billet_document_get_front_matter_buffer (document));
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, TRUE);
}

/* Writes what @field shows to the document, if it differs from it. */
void
_billet_post_form_commit_field (BilletFormField *field)
{
  BilletPostForm *self = field->form;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  BilletFrontMatter *fm;
  const BilletNode *node;
  BilletNodeKind kind;
  const char *current;
  gboolean ok = TRUE;
  gboolean wrote = FALSE;
  gboolean resync = FALSE;
  guint generation;

  g_clear_handle_id (&field->commit_id, g_source_remove);

  if (self == NULL || self->updating || self->document == NULL ||
      !(fm = billet_document_get_front_matter (self->document)) ||
      !(node = billet_front_matter_lookup (fm, field->path)))
    return;

  /* A number or a date that is not one stays in its row, marked, and the
   * post keeps the last value that was one. */
  if (field->type == BILLET_FIELD_NUMBER || field->type == BILLET_FIELD_DATE)
    {
      g_autofree char *typed = billet_form_field_dup_text (field);
      g_autofree char *value = field->type == BILLET_FIELD_DATE && billet_node_get_kind (node) == BILLET_NODE_STRING
        ? billet_value_date_text_from_user (typed, NULL)
        : billet_value_from_user (field->type == BILLET_FIELD_NUMBER
                                  ? BILLET_NODE_NUMBER : BILLET_NODE_DATE,
                                  typed, NULL, NULL);

      if (value == NULL)
        return;
    }

  generation = self->generation;
  self->committing = field;
  self->writing = TRUE;

  /* One typing session in a field is one edit. Text is written after each
   * pause, and a pause after "garden " would have the value quoted (its
   * trailing space needs quotes), quotes the next write would keep as the
   * value's style: the author never asked for them. So while the author
   * goes on typing in the field and nothing else changed the front matter,
   * the field's last write is taken back before the new one: the value
   * keeps the style it had before the session, and one Ctrl+Z undoes the
   * session. */
  if (field->session_text != NULL &&
      (field->type == BILLET_FIELD_TEXT || field->type == BILLET_FIELD_LONG_TEXT ||
       field->type == BILLET_FIELD_NUMBER || field->type == BILLET_FIELD_DATE))
    {
      GtkTextBuffer *buffer = GTK_TEXT_BUFFER (billet_document_get_front_matter_buffer (self->document));
      g_autofree char *now = _billet_post_form_dup_front_matter_text (self->document);

      if (g_str_equal (now, field->session_text) && gtk_text_buffer_get_can_undo (buffer))
        {
          /* The undo passes through a text without the value (“weight: ”,
           * a null, another kind of row): the rows are not rebuilt before
           * it is whole, which would drop this field and its typing. */
          self->writing = FALSE;
          gtk_text_buffer_undo (buffer);
          self->writing = TRUE;
          if (self->generation != generation ||
              !(fm = billet_document_get_front_matter (self->document)) ||
              !(node = billet_front_matter_lookup (fm, field->path)))
            {
              self->committing = NULL;
              self->writing = FALSE;
              return;
            }
        }
      g_clear_pointer (&field->session_text, g_free);
    }

  kind = billet_node_get_kind (node);
  current = billet_node_is_scalar (node) ? billet_node_get_text (node) : NULL;

  switch (field->type)
    {
    case BILLET_FIELD_TEXT:
    case BILLET_FIELD_LONG_TEXT:
      text = billet_form_field_dup_text (field);
      if (kind == BILLET_NODE_STRING && g_strcmp0 (text, current) == 0)
        break;
      if (kind == BILLET_NODE_NULL && text[0] == 0)
        break;
      wrote = TRUE;
      ok = billet_document_set_value (self->document, field->path, text,
                                      BILLET_NODE_STRING, &error);
      break;

    /* Typed as `billet set` takes it (billet-value.c); what is not a
     * number or a real date stays in the row, marked, unwritten. */
    case BILLET_FIELD_NUMBER:
      {
        g_autofree char *typed = billet_form_field_dup_text (field);

        text = billet_value_from_user (BILLET_NODE_NUMBER, typed, NULL, NULL);
        if (text == NULL || (kind == BILLET_NODE_NUMBER && g_strcmp0 (text, current) == 0))
          break;
        wrote = TRUE;
        ok = billet_document_set_value (self->document, field->path, text,
                                        BILLET_NODE_NUMBER, &error);
      }
      break;

    case BILLET_FIELD_DATE:
      {
        g_autofree char *typed = billet_form_field_dup_text (field);
        BilletNodeKind new_kind;

        /* A date in a string stays a string, in its quotes; it may be
         * written as JavaScript reads it (Astro's "Jul 08 2022"). */
        if (kind == BILLET_NODE_STRING)
          {
            text = billet_value_date_text_from_user (typed, NULL);
            new_kind = BILLET_NODE_STRING;
          }
        else
          text = billet_value_from_user (BILLET_NODE_DATE, typed, &new_kind, NULL);
        if (text == NULL)
          break;
        if ((kind == new_kind || kind == BILLET_NODE_STRING) && g_strcmp0 (text, current) == 0)
          break;
        wrote = TRUE;
        ok = billet_document_set_value (self->document, field->path, text, new_kind, &error);
      }
      break;

    case BILLET_FIELD_BOOLEAN:
      {
        gboolean active = gtk_switch_get_active (GTK_SWITCH (field->editor));

        if (kind == BILLET_NODE_BOOLEAN && billet_node_get_boolean (node) == active)
          break;
        wrote = TRUE;
        ok = billet_document_set_value (self->document, field->path,
                                        active ? "true" : "false",
                                        BILLET_NODE_BOOLEAN, &error);
        resync = TRUE;
      }
      break;

    case BILLET_FIELD_TAGS:
      {
        const char * const *tags = billet_tag_editor_get_tags (BILLET_TAG_EDITOR (field->editor));
        g_auto(GStrv) old = billet_node_dup_strv (node);

        if (kind == BILLET_NODE_LIST && g_strv_equal ((const char * const *) old, tags))
          break;
        ok = billet_document_set_list (self->document, field->path, tags, &error);
        resync = TRUE;
      }
      break;

    case BILLET_FIELD_MAP:
    case BILLET_FIELD_RAW:
    case BILLET_FIELD_NONE:
    default:
      break;
    }

  self->committing = NULL;
  self->writing = FALSE;

  if (ok && wrote && self->generation == generation &&
      (field->type == BILLET_FIELD_TEXT || field->type == BILLET_FIELD_LONG_TEXT ||
       field->type == BILLET_FIELD_NUMBER || field->type == BILLET_FIELD_DATE))
    {
      g_free (field->session_text);
      field->session_text = _billet_post_form_dup_front_matter_text (self->document);
    }

  if (!ok)
    {
      _billet_post_form_show_edit_error (self, error->message);
      /* A switch or a tag list that could not be written shows the
       * document's value again; typed text stays, for the author to fix. */
      if (resync && self->generation == generation &&
          (fm = billet_document_get_front_matter (self->document)) &&
          (node = billet_front_matter_lookup (fm, field->path)))
        billet_form_field_update (field, fm, node);
    }
}

/* Focus */

static void
apply_pending_focus (BilletPostForm *self)
{
  g_autofree char *path = g_steal_pointer (&self->focus_path);
  BilletFormField *field;

  if (path != NULL && (field = g_hash_table_lookup (self->fields, path)) != NULL)
    billet_form_field_focus (field);
}

/* Structure */

static gboolean
is_long_text (const char       *key,
              const BilletNode *node)
{
  const char *text = billet_node_get_text (node);
  BilletNodeStyle style = billet_node_get_style (node);

  return g_strcmp0 (key, "description") == 0 ||
         g_strcmp0 (key, "summary") == 0 ||
         g_strcmp0 (key, "excerpt") == 0 ||
         style == BILLET_STYLE_LITERAL || style == BILLET_STYLE_FOLDED ||
         style == BILLET_STYLE_MULTILINE_DOUBLE_QUOTED || style == BILLET_STYLE_MULTILINE_SINGLE_QUOTED ||
         strchr (text, '\n') != NULL ||
         g_utf8_strlen (text, -1) > LONG_TEXT_LENGTH;
}

static gboolean
is_date_key (const char *key)
{
  return key != NULL && (strstr (key, "date") != NULL || strstr (key, "Date") != NULL ||
                         g_str_equal (key, "lastmod") || g_str_equal (key, "updated") ||
                         g_str_equal (key, "modified") || g_str_equal (key, "created"));
}

/* A string a generator reads as a date: ISO (a quoted YAML date), or as
 * JavaScript's Date reads it (Astro's `pubDate: 'Jul 08 2022'`). */
static gboolean
is_text_date (const char *text)
{
  g_autofree char *value = NULL;

  if (billet_value_is_date (text) || billet_value_is_datetime (text))
    return TRUE;
  value = billet_value_date_text_from_user (text, NULL);
  return value != NULL;
}

static BilletFieldType
field_type_for_node (BilletPostForm   *self,
                     const BilletNode *node,
                     const char       *path)
{
  const char *key = billet_node_get_key (node);
  BilletFieldType previous = BILLET_FIELD_NONE;
  gpointer value;

  if (path == NULL)
    return BILLET_FIELD_RAW;

  if (g_hash_table_lookup_extended (self->types, path, NULL, &value))
    previous = GPOINTER_TO_INT (value);

  switch (billet_node_get_kind (node))
    {
    case BILLET_NODE_NULL:
      if (previous == BILLET_FIELD_LONG_TEXT)
        return previous;
      return BILLET_FIELD_TEXT;

    case BILLET_NODE_STRING:
      /* A quoted date (`date: "2024-06-18T07:45:00+02:00"`, as many tools
       * write it) is a date all the same. */
      if (previous == BILLET_FIELD_DATE ||
          (is_date_key (key) && is_text_date (billet_node_get_text (node))))
        return BILLET_FIELD_DATE;
      /* A line break needs a multi-line row; otherwise the row's kind
       * sticks, so that typing never swaps the row being typed in. */
      if (strchr (billet_node_get_text (node), '\n') != NULL)
        return BILLET_FIELD_LONG_TEXT;
      if (previous == BILLET_FIELD_TEXT || previous == BILLET_FIELD_LONG_TEXT)
        return previous;
      return is_long_text (key, node) ? BILLET_FIELD_LONG_TEXT : BILLET_FIELD_TEXT;

    case BILLET_NODE_BOOLEAN:
      return BILLET_FIELD_BOOLEAN;

    case BILLET_NODE_NUMBER:
      return BILLET_FIELD_NUMBER;

    case BILLET_NODE_DATE:
    case BILLET_NODE_DATETIME:
      return BILLET_FIELD_DATE;

    case BILLET_NODE_LIST:
      return billet_node_is_string_list (node) ? BILLET_FIELD_TAGS : BILLET_FIELD_RAW;

    case BILLET_NODE_MAP:
      return BILLET_FIELD_MAP;

    case BILLET_NODE_OTHER:
    default:
      return BILLET_FIELD_RAW;
    }
}

char *
_billet_post_form_child_path (const char       *prefix,
                              const BilletNode *child)
{
  const char *key = billet_node_get_key (child);

  if (key == NULL)
    return NULL;
  return prefix ? g_strconcat (prefix, ".", key, NULL) : g_strdup (key);
}

/* Describes the rows @map needs into @structure and @types. */
static void
compute_structure (BilletPostForm    *self,
                   BilletFrontMatter *fm,
                   const BilletNode  *map,
                   const char        *prefix,
                   GHashTable        *types,
                   GString           *structure)
{
  for (guint i = 0; i < billet_node_get_n_children (map); i++)
    {
      const BilletNode *child = billet_node_get_child (map, i);
      g_autofree char *path = _billet_post_form_child_path (prefix, child);
      BilletFieldType type = field_type_for_node (self, child, path);

      if (path != NULL)
        {
          g_string_append_printf (structure, "%s\x1f%d\x1e", path, type);
          g_hash_table_insert (types, g_strdup (path), GINT_TO_POINTER (type));
        }
      else
        {
          /* A complex key has no path to update it by: rebuild on change. */
          g_autofree char *raw = billet_form_field_dup_raw_text (fm, child);

          g_string_append_printf (structure, "?%s\x1e", raw);
        }

      if (type == BILLET_FIELD_MAP)
        {
          g_string_append_c (structure, '{');
          compute_structure (self, fm, child, path, types, structure);
          g_string_append_c (structure, '}');
        }
    }
}

static void
build_rows (BilletPostForm    *self,
            BilletFrontMatter *fm,
            const BilletNode  *map,
            const char        *prefix,
            GtkWidget         *expander)
{
  for (guint i = 0; i < billet_node_get_n_children (map); i++)
    {
      const BilletNode *child = billet_node_get_child (map, i);
      g_autofree char *path = _billet_post_form_child_path (prefix, child);
      BilletFieldType type = BILLET_FIELD_RAW;
      GtkWidget *row;
      gpointer value;

      if (path != NULL && g_hash_table_lookup_extended (self->types, path, NULL, &value))
        type = GPOINTER_TO_INT (value);

      row = billet_form_field_create_row (self, fm, child, path, type);
      if (path != NULL)
        {
          BilletFormField *field = g_object_get_data (G_OBJECT (row), "billet-field");

          g_hash_table_replace (self->fields, field->path, field);
        }
      if (expander != NULL)
        adw_expander_row_add_row (ADW_EXPANDER_ROW (expander), row);
      else
        gtk_list_box_append (self->list_box, row);

      if (type == BILLET_FIELD_MAP)
        build_rows (self, fm, child, path, row);
    }
}

static void
cancel_pending_commits (BilletPostForm *self)
{
  GHashTableIter iter;
  BilletFormField *field;

  g_hash_table_iter_init (&iter, self->fields);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &field))
    g_clear_handle_id (&field->commit_id, g_source_remove);
}

static void
clear_rows (BilletPostForm *self)
{
  GHashTableIter iter;
  GtkWidget *child;
  BilletFormField *field;

  /* The rows may outlive this (a focus-out while they go): make their
   * callbacks no-ops first. */
  g_hash_table_iter_init (&iter, self->fields);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &field))
    {
      g_clear_handle_id (&field->commit_id, g_source_remove);
      field->form = NULL;
    }
  g_hash_table_remove_all (self->fields);

  if (self->list_box != NULL)
    {
      for (child = gtk_widget_get_first_child (GTK_WIDGET (self->list_box));
           child != NULL;
           child = gtk_widget_get_first_child (GTK_WIDGET (self->list_box)))
        {
          field = g_object_get_data (G_OBJECT (child), "billet-field");
          if (field != NULL)
            field->form = NULL;
          gtk_list_box_remove (self->list_box, child);
        }
    }

  self->generation++;
}

static void
update_fields (BilletPostForm    *self,
               BilletFrontMatter *fm)
{
  GHashTableIter iter;
  BilletFormField *field;

  g_hash_table_iter_init (&iter, self->fields);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &field))
    {
      const BilletNode *node;

      /* The field writing, and fields with typing not written yet, show
       * what the author typed: that is what the document will get. */
      if (field == self->committing || field->commit_id != 0)
        continue;
      if ((node = billet_front_matter_lookup (fm, field->path)))
        billet_form_field_update (field, fm, node);
    }
}

/* The raw view speaks the front matter's language: Raw YAML or Raw TOML. */
static void
update_language (BilletPostForm *self)
{
  gboolean toml = self->document != NULL &&
                  billet_document_get_front_matter_kind (self->document) == BILLET_FRONT_MATTER_TOML;
  GtkWidget *raw_page = gtk_stack_get_child_by_name (self->stack, "raw");

  if (toml == self->toml)
    return;
  self->toml = toml;
  gtk_button_set_label (GTK_BUTTON (self->raw_button), toml ? _("_Raw TOML") : _("_Raw YAML"));
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->raw_button),
                               toml ? _("Edit the front matter as TOML text")
                                    : _("Edit the front matter as YAML text"));
  gtk_button_set_label (self->banner_button, toml ? _("_Show in Raw TOML") : _("_Show in Raw YAML"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->banner_revealer), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  toml ? _("The front matter is not valid TOML")
                                       : _("The front matter is not valid YAML"), -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->source_view), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  toml ? _("Front matter as TOML") : _("Front matter as YAML"), -1);
  if (raw_page != NULL)
    gtk_stack_page_set_title (gtk_stack_get_page (self->stack, raw_page),
                              toml ? _("Raw TOML") : _("Raw YAML"));
}

static void
update_state (BilletPostForm *self)
{
  const GError *error = NULL;
  guint line = 0, column = 0;
  gboolean editable;
  gboolean has_rows;

  if (self->document != NULL)
    error = billet_document_get_front_matter_error (self->document, &line, &column);

  editable = self->document != NULL && error == NULL;
  update_language (self);

  if (error != NULL)
    {
      g_autofree char *message = NULL;

      /* Translators: where the front matter's YAML or TOML is wrong, then why */
      message = g_strdup_printf (_("Line %u, column %u: %s"), line, column, error->message);
      gtk_label_set_label (self->banner_label, message);
      gtk_accessible_update_property (GTK_ACCESSIBLE (self->banner_revealer),
                                      GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, message, -1);
      cancel_pending_commits (self);
      /* The banner is an alert: shown again, it is announced (GTK 4.8 has
       * no other way, see billet-info-bar.c). */
      if (!gtk_revealer_get_reveal_child (self->banner_revealer))
        {
          gtk_widget_set_visible (GTK_WIDGET (self->banner_revealer), FALSE);
          gtk_widget_set_visible (GTK_WIDGET (self->banner_revealer), TRUE);
        }
    }
  gtk_revealer_set_reveal_child (self->banner_revealer, error != NULL);

  gtk_widget_set_sensitive (GTK_WIDGET (self->list_box), editable);
  gtk_widget_set_sensitive (self->add_button, editable);
  has_rows = gtk_widget_get_first_child (GTK_WIDGET (self->list_box)) != NULL;
  gtk_widget_set_visible (GTK_WIDGET (self->list_box), has_rows);
  gtk_widget_set_visible (self->empty_label, editable && !has_rows);
}

static void
refresh (BilletPostForm *self)
{
  BilletFrontMatter *fm = NULL;

  if (self->document != NULL)
    fm = billet_document_get_front_matter (self->document);

  if (fm != NULL)
    {
      g_autoptr(GHashTable) types = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
      g_autoptr(GString) structure = g_string_new (NULL);

      compute_structure (self, fm, billet_front_matter_get_root (fm), NULL, types, structure);
      if (g_strcmp0 (structure->str, self->structure) == 0)
        update_fields (self, fm);
      else
        {
          g_free (self->structure);
          self->structure = g_string_free (g_steal_pointer (&structure), FALSE);
          g_hash_table_unref (self->types);
          self->types = g_steal_pointer (&types);

          clear_rows (self);
          build_rows (self, fm, billet_front_matter_get_root (fm), NULL, NULL);
        }
    }
  else if (self->document == NULL)
    {
      clear_rows (self);
      g_clear_pointer (&self->structure, g_free);
    }

  update_state (self);
  apply_pending_focus (self);
}

static gboolean
on_refresh_idle_cb (gpointer data)
{
  BilletPostForm *self = data;

  self->refresh_id = 0;
  refresh (self);
  return G_SOURCE_REMOVE;
}

/* The form's own edits are shown at once (the new row gets the focus);
 * changes from elsewhere (the raw view, undo) once they are complete, as a
 * replaced text passes through an empty one that would drop every row. */
static void
on_document_front_matter_changed_cb (BilletPostForm *self)
{
  g_assert (BILLET_IS_POST_FORM (self));

  if (self->writing)
    {
      g_clear_handle_id (&self->refresh_id, g_source_remove);
      refresh (self);
    }
  else if (self->refresh_id == 0)
    self->refresh_id = g_idle_add_full (G_PRIORITY_HIGH_IDLE + 10, on_refresh_idle_cb, self, NULL);
}

/* Raw view */

static void
update_style_scheme (BilletPostForm *self)
{
  GtkSourceStyleSchemeManager *manager = gtk_source_style_scheme_manager_get_default ();
  gboolean dark = adw_style_manager_get_dark (adw_style_manager_get_default ());
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (self->source_view));

  gtk_source_buffer_set_style_scheme (GTK_SOURCE_BUFFER (buffer),
                                      gtk_source_style_scheme_manager_get_scheme (manager,
                                                                                  dark ? "Adwaita-dark" : "Adwaita"));
}

static void
on_raw_button_toggled_cb (BilletPostForm *self)
{
  g_assert (BILLET_IS_POST_FORM (self));
  billet_post_form_show_raw (self, gtk_toggle_button_get_active (self->raw_button));
}

/* Shows the raw view with the cursor where the front matter is wrong. */
static void
on_banner_button_clicked_cb (BilletPostForm *self)
{
  guint line, column;

  g_assert (BILLET_IS_POST_FORM (self));

  if (self->document != NULL &&
      billet_document_get_front_matter_error (self->document, &line, &column) != NULL &&
      (billet_document_get_front_matter_kind (self->document) == BILLET_FRONT_MATTER_YAML ||
       billet_document_get_front_matter_kind (self->document) == BILLET_FRONT_MATTER_TOML))
    billet_post_form_show_line (self, line, column);
  else
    {
      billet_post_form_show_raw (self, TRUE);
      gtk_widget_grab_focus (GTK_WIDGET (self->source_view));
    }
}

static void
on_error_close_clicked_cb (BilletPostForm *self)
{
  g_assert (BILLET_IS_POST_FORM (self));
  _billet_post_form_hide_edit_error (self);
}

/* GObject */

static void
billet_post_form_dispose (GObject *object)
{
  BilletPostForm *self = (BilletPostForm *) object;
  GtkWidget *child;

  clear_rows (self);
  g_clear_handle_id (&self->refresh_id, g_source_remove);
  if (self->document != NULL)
    g_signal_handlers_disconnect_by_data (self->document, self);
  g_clear_object (&self->document);

  gtk_widget_dispose_template (GTK_WIDGET (self), BILLET_TYPE_POST_FORM);
  /* The toolbar has no id for the template to dispose of. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))))
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (billet_post_form_parent_class)->dispose (object);
}

static void
billet_post_form_finalize (GObject *object)
{
  BilletPostForm *self = (BilletPostForm *) object;

  g_clear_pointer (&self->spell_language, g_free);
  g_clear_pointer (&self->fields, g_hash_table_unref);
  g_clear_pointer (&self->types, g_hash_table_unref);
  g_clear_pointer (&self->tag_values, g_strfreev);
  g_clear_pointer (&self->tag_counts, g_free);
  g_clear_pointer (&self->author_values, g_strfreev);
  g_clear_pointer (&self->author_counts, g_free);
  g_clear_pointer (&self->structure, g_free);
  g_clear_pointer (&self->focus_path, g_free);
  g_clear_object (&self->removal_toast);

  G_OBJECT_CLASS (billet_post_form_parent_class)->finalize (object);
}

static void
billet_post_form_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  BilletPostForm *self = BILLET_POST_FORM (object);

  switch (prop_id)
    {
    case PROP_DOCUMENT:
      g_value_set_object (value, self->document);
      break;
    case PROP_SHOW_RAW:
      g_value_set_boolean (value, self->show_raw);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
billet_post_form_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  BilletPostForm *self = BILLET_POST_FORM (object);

  switch (prop_id)
    {
    case PROP_DOCUMENT:
      billet_post_form_set_document (self, g_value_get_object (value));
      break;
    case PROP_SHOW_RAW:
      billet_post_form_show_raw (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
billet_post_form_class_init (BilletPostFormClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = billet_post_form_dispose;
  object_class->finalize = billet_post_form_finalize;
  object_class->get_property = billet_post_form_get_property;
  object_class->set_property = billet_post_form_set_property;

  /**
   * BilletPostForm:document:
   *
   * The document whose front matter the form edits.
   */
  properties[PROP_DOCUMENT] =
    g_param_spec_object ("document", NULL, NULL, BILLET_TYPE_DOCUMENT,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  /**
   * BilletPostForm:show-raw:
   *
   * Whether the raw YAML is shown instead of the form.
   */
  properties[PROP_SHOW_RAW] =
    g_param_spec_boolean ("show-raw", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_install_property_action (widget_class, "form.show-raw", "show-raw");

  g_type_ensure (BILLET_TYPE_DATE_ROW);
  g_type_ensure (BILLET_TYPE_TAG_EDITOR);
  g_type_ensure (GTK_SOURCE_TYPE_VIEW);

  gtk_widget_class_set_template_from_resource (widget_class, "/org/billet/Billet/ui/billet-post-form.ui");
  gtk_widget_class_bind_template_child (widget_class, BilletPostForm, form_button);
  gtk_widget_class_bind_template_child (widget_class, BilletPostForm, raw_button);
  gtk_widget_class_bind_template_child (widget_class, BilletPostForm, banner_revealer);
  gtk_widget_class_bind_template_child (widget_class, BilletPostForm, banner_label);
  gtk_widget_class_bind_template_child (widget_class, BilletPostForm, error_revealer);
  gtk_widget_class_bind_template_child (widget_class, BilletPostForm, error_label);
  gtk_widget_class_bind_template_child (widget_class, BilletPostForm, stack);
  gtk_widget_class_bind_template_child (widget_class, BilletPostForm, rows_scroller);
  gtk_widget_class_bind_template_child (widget_class, BilletPostForm, list_box);
  gtk_widget_class_bind_template_child (widget_class, BilletPostForm, empty_label);
  gtk_widget_class_bind_template_child (widget_class, BilletPostForm, add_button);
  gtk_widget_class_bind_template_child (widget_class, BilletPostForm, add_popover);
  gtk_widget_class_bind_template_child (widget_class, BilletPostForm, key_entry);
  gtk_widget_class_bind_template_child (widget_class, BilletPostForm, type_dropdown);
  gtk_widget_class_bind_template_child (widget_class, BilletPostForm, add_confirm_button);
  gtk_widget_class_bind_template_child (widget_class, BilletPostForm, source_view);
  gtk_widget_class_bind_template_child (widget_class, BilletPostForm, banner_button);
  gtk_widget_class_bind_template_callback (widget_class, on_raw_button_toggled_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_banner_button_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_error_close_clicked_cb);
  _billet_post_form_class_init_actions (widget_class);
  gtk_widget_class_set_css_name (widget_class, "billet-post-form");
}


static void
billet_post_form_init (BilletPostForm *self)
{
  self->fields = g_hash_table_new (g_str_hash, g_str_equal);
  self->types = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  gtk_widget_init_template (GTK_WIDGET (self));
  _billet_post_form_init_actions (self);

  g_signal_connect_object (adw_style_manager_get_default (), "notify::dark",
                           G_CALLBACK (update_style_scheme), self, G_CONNECT_SWAPPED);
  update_style_scheme (self);
  update_state (self);
}

/**
 * billet_post_form_new:
 *
 * Returns: (transfer floating): a new form, without a document
 */
BilletPostForm *
billet_post_form_new (void)
{
  return g_object_new (BILLET_TYPE_POST_FORM, NULL);
}

/**
 * billet_post_form_get_document:
 *
 * Returns: (transfer none) (nullable): the document the form edits
 */
BilletDocument *
billet_post_form_get_document (BilletPostForm *self)
{
  g_return_val_if_fail (BILLET_IS_POST_FORM (self), NULL);
  return self->document;
}

/* Each post keeps where its rows were scrolled to, as the source view
 * keeps its place: switching posts in a folder and back finds the field
 * the author was at. */
#define SCROLL_KEY "billet-post-form-scroll"

static void
remember_scroll (BilletPostForm *self)
{
  double *value = g_new (double, 1);

  *value = gtk_adjustment_get_value (gtk_scrolled_window_get_vadjustment (self->rows_scroller));
  g_object_set_data_full (G_OBJECT (self->document), SCROLL_KEY, value, g_free);
}

/* Until the new rows are laid out, the page is too short to scroll to:
 * try again at each frame, a few times. */
static gboolean
restore_scroll_tick_cb (GtkWidget     *widget,
                        GdkFrameClock *clock,
                        gpointer       user_data)
{
  BilletPostForm *self = BILLET_POST_FORM (user_data);
  GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (self->rows_scroller);
  double *wanted = self->document ? g_object_get_data (G_OBJECT (self->document), SCROLL_KEY) : NULL;

  if (wanted == NULL || self->scroll_tries == 0)
    return G_SOURCE_REMOVE;
  self->scroll_tries--;
  if (gtk_adjustment_get_upper (adjustment) - gtk_adjustment_get_page_size (adjustment) < *wanted &&
      self->scroll_tries > 0)
    return G_SOURCE_CONTINUE;
  gtk_adjustment_set_value (adjustment, *wanted);
  self->scroll_tries = 0;
  return G_SOURCE_REMOVE;
}

static void
restore_scroll (BilletPostForm *self)
{
  gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (self->rows_scroller), 0);
  if (self->document == NULL || g_object_get_data (G_OBJECT (self->document), SCROLL_KEY) == NULL)
    return;
  if (self->scroll_tries == 0)
    gtk_widget_add_tick_callback (GTK_WIDGET (self->rows_scroller), restore_scroll_tick_cb, self, NULL);
  self->scroll_tries = 10;
}

/**
 * billet_post_form_focus_first_field:
 *
 * Puts the focus in the first field's value, its text not selected.
 *
 * Returns: whether there was a field to focus
 */
gboolean
billet_post_form_focus_first_field (BilletPostForm *self)
{
  GtkWidget *row;
  BilletFormField *field;

  g_return_val_if_fail (BILLET_IS_POST_FORM (self), FALSE);

  if (!gtk_widget_get_visible (GTK_WIDGET (self->list_box)) ||
      gtk_stack_get_visible_child (self->stack) != GTK_WIDGET (self->rows_scroller) ||
      (row = gtk_widget_get_first_child (GTK_WIDGET (self->list_box))) == NULL ||
      (field = g_object_get_data (G_OBJECT (row), "billet-field")) == NULL)
    return FALSE;
  billet_form_field_focus (field);
  return TRUE;
}

/**
 * billet_post_form_set_document:
 * @document: (nullable): the document to edit
 *
 * Shows @document's front matter: the form and the raw view both edit its
 * front-matter buffer.
 */
void
billet_post_form_set_document (BilletPostForm *self,
                               BilletDocument *document)
{
  g_return_if_fail (BILLET_IS_POST_FORM (self));
  g_return_if_fail (document == NULL || BILLET_IS_DOCUMENT (document));

  if (self->document == document)
    return;

  if (self->document != NULL)
    {
      _billet_post_form_flush (self);
      remember_scroll (self);
      g_signal_handlers_disconnect_by_data (self->document, self);
    }

  clear_rows (self);
  g_clear_handle_id (&self->refresh_id, g_source_remove);
  g_clear_pointer (&self->structure, g_free);
  g_hash_table_remove_all (self->types);
  g_clear_pointer (&self->focus_path, g_free);
  _billet_post_form_hide_edit_error (self);
  g_set_object (&self->document, document);

  if (document != NULL)
    {
      gtk_text_view_set_buffer (GTK_TEXT_VIEW (self->source_view),
                                GTK_TEXT_BUFFER (billet_document_get_front_matter_buffer (document)));
      g_signal_connect_object (document, "front-matter-changed",
                               G_CALLBACK (on_document_front_matter_changed_cb), self,
                               G_CONNECT_SWAPPED);
    }
  else
    {
      g_autoptr(GtkSourceBuffer) empty = gtk_source_buffer_new (NULL);

      gtk_text_view_set_buffer (GTK_TEXT_VIEW (self->source_view), GTK_TEXT_BUFFER (empty));
    }

  update_style_scheme (self);
  refresh (self);
  restore_scroll (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DOCUMENT]);
}

/**
 * billet_post_form_get_show_raw:
 *
 * Returns: whether the raw YAML is shown instead of the form
 */
gboolean
billet_post_form_get_show_raw (BilletPostForm *self)
{
  g_return_val_if_fail (BILLET_IS_POST_FORM (self), FALSE);
  return self->show_raw;
}

/**
 * billet_post_form_show_raw:
 * @raw: %TRUE for the raw YAML, %FALSE for the form
 *
 * Switches between the form and the raw YAML. Both edit the same text, so
 * nothing is lost either way.
 */
void
billet_post_form_show_raw (BilletPostForm *self,
                           gboolean        raw)
{
  g_return_if_fail (BILLET_IS_POST_FORM (self));

  raw = !!raw;
  if (raw == self->show_raw)
    return;

  /* Leaving the form writes what was typed in it. */
  _billet_post_form_flush (self);
  self->show_raw = raw;
  gtk_stack_set_visible_child_name (self->stack, raw ? "raw" : "form");
  gtk_toggle_button_set_active (raw ? self->raw_button : self->form_button, TRUE);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SHOW_RAW]);
}

/**
 * billet_post_form_show_line:
 * @line: a line of the post's file, 1-based, in its front matter
 * @column: a column of it, 1-based (0: the line's start)
 *
 * Shows the raw front matter with the cursor at @line and @column, and
 * gives it the keyboard: where a finding or an error is.
 */
void
billet_post_form_show_line (BilletPostForm *self,
                            guint           line,
                            guint           column)
{
  g_autoptr(BilletPost) post = NULL;
  GtkTextBuffer *buffer;
  GtkTextIter iter;
  guint first;

  g_return_if_fail (BILLET_IS_POST_FORM (self));

  billet_post_form_show_raw (self, TRUE);
  if (self->document != NULL)
    {
      buffer = GTK_TEXT_BUFFER (billet_document_get_front_matter_buffer (self->document));
      post = billet_document_dup_post (self->document);
      first = billet_post_get_front_matter_line (post);
      if (line >= first)
        {
          if (!gtk_text_buffer_get_iter_at_line_offset (buffer, &iter, (int) (line - first),
                                                        column > 0 ? (int) column - 1 : 0))
            gtk_text_buffer_get_iter_at_line (buffer, &iter, (int) (line - first));
          gtk_text_buffer_place_cursor (buffer, &iter);
          gtk_text_view_scroll_to_mark (GTK_TEXT_VIEW (self->source_view),
                                        gtk_text_buffer_get_insert (buffer), 0.2, FALSE, 0, 0);
        }
    }
  gtk_widget_grab_focus (GTK_WIDGET (self->source_view));
}

/* For the tests. */

GtkWidget *
_billet_post_form_get_row (BilletPostForm *self,
                           const char     *path)
{
  BilletFormField *field = g_hash_table_lookup (self->fields, path);

  return field ? field->row : NULL;
}

GtkWidget *
_billet_post_form_get_editor (BilletPostForm *self,
                              const char     *path)
{
  BilletFormField *field = g_hash_table_lookup (self->fields, path);

  return field ? field->editor : NULL;
}

GtkWidget *
_billet_post_form_get_counter (BilletPostForm *self,
                               const char     *path)
{
  BilletFormField *field = g_hash_table_lookup (self->fields, path);

  return field ? field->counter : NULL;
}

BilletCompletion *
_billet_post_form_get_completion (BilletPostForm *self,
                                  const char     *path)
{
  BilletFormField *field = g_hash_table_lookup (self->fields, path);

  return field ? field->completion : NULL;
}

BilletFieldType
_billet_post_form_get_field_type (BilletPostForm *self,
                                  const char     *path)
{
  BilletFormField *field = g_hash_table_lookup (self->fields, path);

  return field ? field->type : BILLET_FIELD_NONE;
}

guint
_billet_post_form_get_n_fields (BilletPostForm *self)
{
  return g_hash_table_size (self->fields);
}

/* Writes every edit still waiting for its typing pause. */
void
_billet_post_form_flush (BilletPostForm *self)
{
  g_autoptr(GPtrArray) pending = g_ptr_array_new ();
  GHashTableIter iter;
  guint generation = self->generation;
  BilletFormField *field;

  g_hash_table_iter_init (&iter, self->fields);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &field))
    if (field->commit_id != 0)
      g_ptr_array_add (pending, field);

  /* A write may rebuild the rows, freeing the others. */
  for (guint i = 0; i < pending->len && self->generation == generation; i++)
    _billet_post_form_commit_field (g_ptr_array_index (pending, i));
}


GtkWidget *
_billet_post_form_get_raw_button (BilletPostForm *self)
{
  return GTK_WIDGET (self->raw_button);
}

const char *
_billet_post_form_get_banner (BilletPostForm *self)
{
  if (!gtk_revealer_get_reveal_child (self->banner_revealer))
    return NULL;
  return gtk_label_get_label (self->banner_label);
}

const char *
_billet_post_form_get_edit_error (BilletPostForm *self)
{
  if (!gtk_revealer_get_reveal_child (self->error_revealer))
    return NULL;
  return gtk_label_get_label (self->error_label);
}

/* Whether the rows take edits: a read-only form has them insensitive. */
gboolean
_billet_post_form_get_editable (BilletPostForm *self)
{
  return gtk_widget_is_sensitive (GTK_WIDGET (self->list_box)) &&
         gtk_widget_is_sensitive (self->add_button);
}

/**
 * billet_post_form_set_suggestions:
 * @field: "tags" (also for categories and keywords) or "author" (also for
 *   authors and coAuthors)
 * @values: (nullable): the values the site's posts use, most used first
 * @counts: (nullable): how many posts use each of @values
 *
 * Sets what the list fields, and the one-line author fields, offer to
 * complete as the author types.
 */
void
billet_post_form_set_suggestions (BilletPostForm     *self,
                                  const char         *field,
                                  const char * const *values,
                                  const guint        *counts)
{
  GHashTableIter iter;
  gpointer value;
  GStrv *target_values;
  guint **target_counts;
  guint n;

  g_return_if_fail (BILLET_IS_POST_FORM (self));
  g_return_if_fail (field != NULL);

  if (g_str_equal (field, "tags"))
    {
      target_values = &self->tag_values;
      target_counts = &self->tag_counts;
    }
  else if (g_str_equal (field, "author") || g_str_equal (field, "authors"))
    {
      target_values = &self->author_values;
      target_counts = &self->author_counts;
    }
  else
    g_return_if_reached ();

  g_clear_pointer (target_values, g_strfreev);
  g_clear_pointer (target_counts, g_free);
  if (values != NULL)
    {
      n = g_strv_length ((char **) values);
      *target_values = g_strdupv ((char **) values);
      *target_counts = g_new0 (guint, n + 1);
      if (counts != NULL)
        memcpy (*target_counts, counts, n * sizeof (guint));
    }

  g_hash_table_iter_init (&iter, self->fields);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    billet_form_field_apply_suggestions (value);
}

/* What fields ask of their form (billet-form-field.h) */

gboolean
_billet_post_form_get_updating (BilletPostForm *self)
{
  return self->updating;
}

void
_billet_post_form_set_updating (BilletPostForm *self,
                                gboolean        updating)
{
  self->updating = !!updating;
}

void
_billet_post_form_get_suggestions (BilletPostForm      *self,
                                   const char          *which,
                                   const char * const **values,
                                   const guint        **counts)
{
  if (g_strcmp0 (which, "tags") == 0)
    {
      *values = (const char * const *) self->tag_values;
      *counts = self->tag_counts;
    }
  else
    {
      *values = (const char * const *) self->author_values;
      *counts = self->author_counts;
    }
}

/* The language the prose fields are checked in, or %NULL. */
const char *
_billet_post_form_get_spelling (BilletPostForm *self)
{
  return self->spell_language;
}

/**
 * billet_post_form_set_spelling:
 * @language: (nullable): the dictionary the prose fields (title,
 *   description, long texts…) are checked with, or %NULL for none
 */
void
billet_post_form_set_spelling (BilletPostForm *self,
                               const char     *language)
{
  GHashTableIter iter;
  gpointer value;

  g_return_if_fail (BILLET_IS_POST_FORM (self));

  if (g_strcmp0 (self->spell_language, language) == 0)
    return;
  g_free (self->spell_language);
  self->spell_language = g_strdup (language);

  g_hash_table_iter_init (&iter, self->fields);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      BilletFormField *field = value;

      if (field->editor != NULL &&
          billet_spell_field_is_prose (field->path, field->type == BILLET_FIELD_LONG_TEXT) &&
          (field->type == BILLET_FIELD_TEXT || field->type == BILLET_FIELD_LONG_TEXT))
        billet_form_field_set_spelling (field, language);
    }
}
