/* billet-post-form-actions.c — what the author does to the front-matter form
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The form's rows (billet-post-form.c) show the front matter; this is what
 * the author does to the form as a whole: add a field (the "Add Field"
 * popover), remove one (its button, or Alt+Delete in it, with a toast to
 * undo the removal), undo and redo (form.undo, form.redo), and which
 * history Ctrl+Z goes to.
 *
 * Ctrl+Z in a text row undoes the typing in that row first, step by step
 * (the row's editor keeps the history of what was typed since the focus
 * came into it; each step is written as the typing was, within the same
 * typing session, so the session stays one edit). Once the row has
 * nothing left to undo, the key goes past the editor to the form.undo
 * action: the form's history, through the buffer. Leaving the row, or a
 * value set from elsewhere (an undo in the form, the raw view), empties
 * the row's history.
 */

#define G_LOG_DOMAIN "Billet"

#include "config.h"

#include <glib/gi18n.h>
#include <adwaita.h>

#include "billet-form-field.h"
#include "billet-post-form-private.h"

static BilletFrontMatter *
get_front_matter (BilletPostForm *self)
{
  return self->document ? billet_document_get_front_matter (self->document) : NULL;
}

/* Every path of @map and its nested maps, in the order of the rows, each
 * with its value as written (NULL for a map, which its children stand for). */
static void
collect_values (BilletFrontMatter *fm,
                const BilletNode  *map,
                const char        *prefix,
                GPtrArray         *paths,
                GHashTable        *values)
{
  for (guint i = 0; i < billet_node_get_n_children (map); i++)
    {
      const BilletNode *child = billet_node_get_child (map, i);
      char *path = _billet_post_form_child_path (prefix, child);

      if (path == NULL)
        continue;
      g_ptr_array_add (paths, path);
      if (billet_node_get_kind (child) == BILLET_NODE_MAP)
        {
          g_hash_table_insert (values, g_strdup (path), NULL);
          collect_values (fm, child, path, paths, values);
        }
      else
        g_hash_table_insert (values, g_strdup (path), billet_form_field_dup_raw_text (fm, child));
    }
}

/* Adding fields */

static void
on_key_entry_changed_cb (BilletPostForm *self)
{
  g_autofree char *key = g_strstrip (g_strdup (gtk_editable_get_text (self->key_entry)));
  BilletFrontMatter *fm = get_front_matter (self);
  gboolean exists = fm != NULL && key[0] != 0 && billet_front_matter_lookup (fm, key) != NULL;

  gtk_widget_set_sensitive (self->add_confirm_button, key[0] != 0 && !exists);
  if (exists)
    gtk_widget_set_tooltip_text (self->add_confirm_button, _("The post has this field already"));
  else
    gtk_widget_set_tooltip_text (self->add_confirm_button, NULL);
}

static void
on_add_popover_show_cb (BilletPostForm *self)
{
  gtk_editable_set_text (self->key_entry, "");
  gtk_drop_down_set_selected (self->type_dropdown, BILLET_FIELD_TEXT);
  gtk_widget_grab_focus (GTK_WIDGET (self->key_entry));
}

static void
on_add_confirm_clicked_cb (BilletPostForm *self)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *key = g_strdup (gtk_editable_get_text (self->key_entry));
  guint type = gtk_drop_down_get_selected (self->type_dropdown);

  if (!gtk_widget_get_sensitive (self->add_confirm_button))
    return;

  gtk_popover_popdown (self->add_popover);
  if (!_billet_post_form_add_field (self, key, (BilletFieldType) type, &error))
    _billet_post_form_show_edit_error (self, error->message);
}

/**
 * _billet_post_form_add_field:
 * @path: a key, or a dotted path into a map (`seo.title`)
 * @type: one of the types the "Add BilletFormField" popover offers
 *
 * Adds an empty field, creating the front matter if the post has none,
 * and puts the focus in it.
 */
gboolean
_billet_post_form_add_field (BilletPostForm   *self,
                             const char       *path,
                             BilletFieldType   type,
                             GError          **error)
{
  g_autofree char *key = g_strstrip (g_strdup (path));
  BilletFrontMatter *fm = get_front_matter (self);
  gboolean ok = FALSE;
  BilletFormField *field;

  g_return_val_if_fail (self->document != NULL, FALSE);

  if (key[0] == 0)
    {
      g_set_error_literal (error, BILLET_FRONT_MATTER_ERROR, BILLET_FRONT_MATTER_ERROR_INVALID_VALUE,
                           _("A field needs a key"));
      return FALSE;
    }
  if (fm != NULL && billet_front_matter_lookup (fm, key) != NULL)
    {
      g_set_error (error, BILLET_FRONT_MATTER_ERROR, BILLET_FRONT_MATTER_ERROR_INVALID_VALUE,
                   _("The post has a field “%s” already"), key);
      return FALSE;
    }

  _billet_post_form_flush (self);

  self->writing = TRUE;
  switch (type)
    {
    case BILLET_FIELD_LONG_TEXT:
      /* An empty string would get a one-line row; the author asked for more. */
      g_hash_table_insert (self->types, g_strdup (key), GINT_TO_POINTER (BILLET_FIELD_LONG_TEXT));
      G_GNUC_FALLTHROUGH;
    case BILLET_FIELD_TEXT:
      /* "key:" rather than "key: ''", so that what is typed then goes in
       * unquoted. TOML has no empty value: key = "". */
      if (billet_document_get_front_matter_kind (self->document) == BILLET_FRONT_MATTER_TOML)
        ok = billet_document_set_value (self->document, key, "", BILLET_NODE_STRING, error);
      else
        ok = billet_document_set_value (self->document, key, NULL, BILLET_NODE_NULL, error);
      break;

    case BILLET_FIELD_BOOLEAN:
      ok = billet_document_set_value (self->document, key, "false", BILLET_NODE_BOOLEAN, error);
      break;

    case BILLET_FIELD_DATE:
      {
        g_autoptr(GDateTime) now = g_date_time_new_now_local ();
        g_autofree char *today = g_date_time_format (now, "%Y-%m-%d");

        ok = billet_document_set_value (self->document, key, today, BILLET_NODE_DATE, error);
      }
      break;

    case BILLET_FIELD_TAGS:
      {
        static const char * const none[] = { NULL };

        ok = billet_document_set_list (self->document, key, none, error);
      }
      break;

    case BILLET_FIELD_NUMBER:
      ok = billet_document_set_value (self->document, key, "0", BILLET_NODE_NUMBER, error);
      break;

    case BILLET_FIELD_MAP:
    case BILLET_FIELD_RAW:
    case BILLET_FIELD_NONE:
    default:
      g_set_error_literal (error, BILLET_FRONT_MATTER_ERROR, BILLET_FRONT_MATTER_ERROR_UNSUPPORTED,
                           _("The form cannot add a field of this type"));
      break;
    }
  self->writing = FALSE;

  if (!ok)
    return FALSE;

  _billet_post_form_hide_edit_error (self);
  if ((field = g_hash_table_lookup (self->fields, key)) != NULL)
    billet_form_field_focus (field);
  return TRUE;
}

/* Undo and redo */

static void
form_undo_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *param)
{
  BilletPostForm *self = BILLET_POST_FORM (widget);
  GtkTextBuffer *buffer;

  if (self->document == NULL)
    return;

  /* What was typed but not written yet is the last edit: write it, so
   * that undo takes it back. */
  _billet_post_form_flush (self);
  buffer = GTK_TEXT_BUFFER (billet_document_get_front_matter_buffer (self->document));
  if (g_str_equal (action_name, "form.undo") ? !gtk_text_buffer_get_can_undo (buffer)
                                             : !gtk_text_buffer_get_can_redo (buffer))
    return;

  /* The focus goes to the row whose value the undo changed, so that the
   * author sees what came back (and a further Ctrl+Z stays in the form). */
  {
    g_autoptr(GPtrArray) old_paths = g_ptr_array_new_with_free_func (g_free);
    g_autoptr(GPtrArray) new_paths = g_ptr_array_new_with_free_func (g_free);
    g_autoptr(GHashTable) old_values = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
    g_autoptr(GHashTable) new_values = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
    BilletFrontMatter *fm = get_front_matter (self);
    const char *changed = NULL;

    if (fm != NULL)
      collect_values (fm, billet_front_matter_get_root (fm), NULL, old_paths, old_values);
    if (g_str_equal (action_name, "form.undo"))
      gtk_text_buffer_undo (buffer);
    else
      gtk_text_buffer_redo (buffer);
    if ((fm = get_front_matter (self)) == NULL)
      return;
    collect_values (fm, billet_front_matter_get_root (fm), NULL, new_paths, new_values);

    /* A value that changed or came back, else the row after one that went. */
    for (guint i = 0; i < new_paths->len && changed == NULL; i++)
      {
        const char *path = g_ptr_array_index (new_paths, i);
        gpointer old_value;

        if (!g_hash_table_lookup_extended (old_values, path, NULL, &old_value) ||
            g_strcmp0 (old_value, g_hash_table_lookup (new_values, path)) != 0)
          changed = path;
      }
    for (guint i = 0; i < old_paths->len && changed == NULL; i++)
      if (!g_hash_table_contains (new_values, g_ptr_array_index (old_paths, i)))
        changed = i < new_paths->len ? g_ptr_array_index (new_paths, i)
                                     : new_paths->len > 0 ? g_ptr_array_index (new_paths, new_paths->len - 1)
                                                          : NULL;
    g_free (self->focus_path);
    self->focus_path = g_strdup (changed);
  }
}

/* Ctrl+Z and Ctrl+Shift+Z (Ctrl+Y) before the focused editor sees them:
 * the row's own history while it has steps, then the form's. */
static gboolean
on_key_capture_cb (BilletPostForm        *self,
                   guint                  keyval,
                   guint                  keycode,
                   GdkModifierType        state,
                   GtkEventControllerKey *controller)
{
  GdkModifierType mods = state & gtk_accelerator_get_default_mod_mask ();
  guint key = gdk_keyval_to_lower (keyval);
  gboolean redo;
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWidget *focus = root != NULL ? gtk_root_get_focus (root) : NULL;
  GHashTableIter iter;
  gpointer value;

  if (key == GDK_KEY_z && mods == GDK_CONTROL_MASK)
    redo = FALSE;
  else if ((key == GDK_KEY_z && mods == (GDK_CONTROL_MASK | GDK_SHIFT_MASK)) ||
           (key == GDK_KEY_y && mods == GDK_CONTROL_MASK))
    redo = TRUE;
  else
    return FALSE;

  g_hash_table_iter_init (&iter, self->fields);
  while (focus != NULL && g_hash_table_iter_next (&iter, NULL, &value))
    {
      BilletFormField *field = value;

      if (field->editor != NULL &&
          (focus == field->editor || gtk_widget_is_ancestor (focus, field->editor)) &&
          billet_form_field_can_undo (field, redo))
        {
          /* The editor gets the key: count its step. */
          billet_form_field_took_undo (field, redo);
          return FALSE;
        }
    }
  gtk_widget_activate_action (GTK_WIDGET (self), redo ? "form.redo" : "form.undo", NULL);
  return TRUE;
}

/* Removing fields */

/* Where the focus goes when the field at @path goes: the next row's field,
 * else the one before, else nowhere. */
static char *
path_after_removal (BilletPostForm *self,
                    const char     *path)
{
  g_autoptr(GPtrArray) paths = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GHashTable) values = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autofree char *below = g_strconcat (path, ".", NULL);
  BilletFrontMatter *fm = get_front_matter (self);
  const char *before = NULL;
  gboolean seen = FALSE;

  if (fm == NULL)
    return NULL;
  collect_values (fm, billet_front_matter_get_root (fm), NULL, paths, values);
  for (guint i = 0; i < paths->len; i++)
    {
      const char *other = g_ptr_array_index (paths, i);

      if (g_str_equal (other, path))
        seen = TRUE;
      else if (g_str_has_prefix (other, below))
        continue;
      else if (seen)
        return g_strdup (other);
      else
        before = other;
    }
  return g_strdup (before);
}

/* The toast of the last removal. One toast a form, updated by each
 * removal and never dismissed by us: libadwaita 1.2 crashes when a toast
 * is dismissed during its animation, or with its overlay. A later change
 * of the front matter takes its Undo away instead. */
typedef struct
{
  GWeakRef        form;
  GWeakRef        document;
  char           *path;
  char           *text;   /* the front matter right after the removal */
} Removal;

static void
removal_free (gpointer data)
{
  Removal *removal = data;

  g_weak_ref_clear (&removal->form);
  g_weak_ref_clear (&removal->document);
  g_free (removal->path);
  g_free (removal->text);
  g_free (removal);
}

/* "Undo" on the toast: the removal comes back, if it is still the last
 * change of the document the form shows. */
static void
on_removal_undo_cb (AdwToast *toast,
                    gpointer  user_data)
{
  Removal *removal = g_object_get_data (G_OBJECT (toast), "billet-removal");
  g_autoptr(BilletPostForm) self = removal ? g_weak_ref_get (&removal->form) : NULL;
  g_autoptr(BilletDocument) document = removal ? g_weak_ref_get (&removal->document) : NULL;
  g_autofree char *text = NULL;
  GtkTextBuffer *buffer;

  if (self == NULL || document == NULL || self->document != document)
    return;
  text = _billet_post_form_dup_front_matter_text (document);
  buffer = GTK_TEXT_BUFFER (billet_document_get_front_matter_buffer (document));
  if (g_strcmp0 (text, removal->text) != 0 || !gtk_text_buffer_get_can_undo (buffer))
    return;
  g_free (self->focus_path);
  self->focus_path = g_strdup (removal->path);
  gtk_text_buffer_undo (buffer);
}

/* Another change came after the removal: Undo would take that one back. */
static void
on_removal_outdated_cb (AdwToast *toast)
{
  Removal *removal = g_object_get_data (G_OBJECT (toast), "billet-removal");
  g_autoptr(BilletDocument) document = removal ? g_weak_ref_get (&removal->document) : NULL;
  g_autofree char *text = document ? _billet_post_form_dup_front_matter_text (document) : NULL;

  if (removal != NULL && g_strcmp0 (text, removal->text) != 0)
    adw_toast_set_button_label (toast, NULL);
}

static void
on_removal_toast_dismissed_cb (AdwToast       *toast,
                               BilletPostForm *self)
{
  if (self->removal_toast == toast)
    g_clear_object (&self->removal_toast);
}

/* "“coAuthors” removed — Undo": no field is gone without a way back. */
static void
show_removal_toast (BilletPostForm *self,
                    const char     *path)
{
  GtkWidget *overlay = gtk_widget_get_ancestor (GTK_WIDGET (self), ADW_TYPE_TOAST_OVERLAY);
  g_autofree char *title = NULL;
  Removal *removal;

  if (overlay == NULL)
    return;
  /* Translators: a field of the front matter, by its key, was removed */
  title = g_strdup_printf (_("“%s” removed"), path);
  removal = g_new0 (Removal, 1);
  g_weak_ref_init (&removal->form, self);
  g_weak_ref_init (&removal->document, self->document);
  removal->path = g_strdup (path);
  removal->text = _billet_post_form_dup_front_matter_text (self->document);

  if (self->removal_toast == NULL)
    {
      self->removal_toast = g_object_ref (adw_toast_new (title));
      adw_toast_set_priority (self->removal_toast, ADW_TOAST_PRIORITY_HIGH);
      g_signal_connect (self->removal_toast, "button-clicked", G_CALLBACK (on_removal_undo_cb), NULL);
      g_signal_connect_object (self->removal_toast, "dismissed", G_CALLBACK (on_removal_toast_dismissed_cb),
                               self, 0);
      adw_toast_set_button_label (self->removal_toast, _("_Undo"));
      g_object_set_data_full (G_OBJECT (self->removal_toast), "billet-removal", removal, removal_free);
      adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), g_object_ref (self->removal_toast));
    }
  else
    {
      adw_toast_set_title (self->removal_toast, title);
      adw_toast_set_button_label (self->removal_toast, _("_Undo"));
      g_object_set_data_full (G_OBJECT (self->removal_toast), "billet-removal", removal, removal_free);
    }
  /* Once for each document the toast is about. */
  if (g_object_get_data (G_OBJECT (self->removal_toast), "billet-removal-watching") != self->document)
    {
      g_object_set_data (G_OBJECT (self->removal_toast), "billet-removal-watching", self->document);
      g_signal_connect_object (self->document, "front-matter-changed", G_CALLBACK (on_removal_outdated_cb),
                               self->removal_toast, G_CONNECT_SWAPPED);
    }
}

static void
remove_field (BilletPostForm *self,
              const char     *path)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *next = NULL;
  gboolean ok;

  if (self->document == NULL)
    return;

  _billet_post_form_flush (self);
  next = path_after_removal (self, path);
  g_free (self->focus_path);
  self->focus_path = g_steal_pointer (&next);
  self->writing = TRUE;
  ok = billet_document_remove_key (self->document, path, &error);
  self->writing = FALSE;
  if (!ok)
    {
      g_clear_pointer (&self->focus_path, g_free);
      _billet_post_form_show_edit_error (self, error->message);
      return;
    }
  _billet_post_form_hide_edit_error (self);
  show_removal_toast (self, path);
}

/* Alt+Delete in a field removes it: the keyboard's way to the remove
 * buttons, which are left out of the Tab chain between fields. */
static void
form_remove_focused_action (GtkWidget  *widget,
                            const char *action_name,
                            GVariant   *param)
{
  BilletPostForm *self = BILLET_POST_FORM (widget);
  GtkRoot *root = gtk_widget_get_root (widget);
  GtkWidget *focus = root ? gtk_root_get_focus (root) : NULL;

  for (; focus != NULL && focus != widget; focus = gtk_widget_get_parent (focus))
    {
      BilletFormField *field = g_object_get_data (G_OBJECT (focus), "billet-field");

      if (field != NULL && field->path != NULL)
        {
          g_autofree char *path = g_strdup (field->path);

          remove_field (self, path);
          return;
        }
    }
}

static void
form_remove_field_action (GtkWidget  *widget,
                          const char *action_name,
                          GVariant   *param)
{
  g_autofree char *path = g_variant_dup_string (param, NULL);

  remove_field (BILLET_POST_FORM (widget), path);
}

/* Installing */

void
_billet_post_form_class_init_actions (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "form.undo", NULL, form_undo_action);
  gtk_widget_class_install_action (widget_class, "form.redo", NULL, form_undo_action);
  gtk_widget_class_install_action (widget_class, "form.remove-field", "s", form_remove_field_action);
  gtk_widget_class_install_action (widget_class, "form.remove-focused-field", NULL,
                                   form_remove_focused_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_z, GDK_CONTROL_MASK, "form.undo", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_z, GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                                       "form.redo", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_y, GDK_CONTROL_MASK, "form.redo", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Delete, GDK_ALT_MASK,
                                       "form.remove-focused-field", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Delete, GDK_ALT_MASK,
                                       "form.remove-focused-field", NULL);

  /* The template is set: its "Add Field" popover calls these. */
  gtk_widget_class_bind_template_callback (widget_class, on_key_entry_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_add_popover_show_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_add_confirm_clicked_cb);
}

void
_billet_post_form_init_actions (BilletPostForm *self)
{
  GtkEventController *keys = gtk_event_controller_key_new ();

  gtk_event_controller_set_propagation_phase (keys, GTK_PHASE_CAPTURE);
  g_signal_connect_swapped (keys, "key-pressed", G_CALLBACK (on_key_capture_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), keys);
}
