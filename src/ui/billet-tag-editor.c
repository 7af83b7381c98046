/* billet-tag-editor.c — a list of strings edited as removable chips
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The tags show as chips in a flow box, each with a button that removes
 * it, above an entry in which Enter or a comma adds what was typed. The
 * editor only holds the list: it emits "changed" when the author changed
 * it, and the owner writes it to the document. billet_tag_editor_set_tags()
 * is how the owner brings it in step with the document and never emits
 * "changed", so that the two cannot feed each other.
 */

#define G_LOG_DOMAIN "Billet"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "billet-post-item.h"
#include "billet-tag-editor.h"

struct _BilletTagEditor
{
  GtkWidget    parent_instance;

  GtkFlowBox  *flow_box;
  GtkEntry    *entry;
  GtkLabel    *warning_label;
  GtkPopover  *popover;
  GtkListBox  *suggestion_list;

  GStrv        tags;
  GStrv        suggestions;   /* most used first */
  guint       *counts;        /* one per suggestion */
  GStrv        folded;        /* casefolded, accents dropped */
  gboolean     splitting;
};

G_DEFINE_FINAL_TYPE (BilletTagEditor, billet_tag_editor, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_TAGS,
  N_PROPS
};

enum {
  CHANGED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];


#define MAX_SUGGESTIONS 8

static void update_completion (BilletTagEditor *self);
static void update_warning (BilletTagEditor *self);

/* @text without case or accents, to compare values as the eye does: the
 * folding the sidebar's search uses, on the trimmed text. */
static char *
fold (const char *text)
{
  g_autofree char *stripped = g_strstrip (g_strdup (text));

  return billet_fold_for_search (stripped);
}

static void
on_chip_remove_clicked_cb (GtkButton       *button,
                           BilletTagEditor *self)
{
  GtkWidget *child = gtk_widget_get_ancestor (GTK_WIDGET (button), GTK_TYPE_FLOW_BOX_CHILD);

  g_assert (BILLET_IS_TAG_EDITOR (self));
  g_assert (child != NULL);

  billet_tag_editor_remove_tag (self,
                                (guint) gtk_flow_box_child_get_index (GTK_FLOW_BOX_CHILD (child)));
  gtk_widget_grab_focus (GTK_WIDGET (self->entry));
}

static GtkWidget *
create_chip (BilletTagEditor *self,
             const char      *tag)
{
  g_autofree char *tooltip = g_strdup_printf (_("Remove the tag “%s”"), tag);
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 2);
  GtkWidget *label = gtk_label_new (tag);
  GtkWidget *button = gtk_button_new_from_icon_name ("window-close-symbolic");

  gtk_widget_add_css_class (box, "tag-chip");
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_label_set_max_width_chars (GTK_LABEL (label), 30);
  gtk_widget_set_tooltip_text (button, tooltip);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, tooltip, -1);
  gtk_widget_add_css_class (button, "flat");
  gtk_widget_add_css_class (button, "circular");
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  g_signal_connect_object (button, "clicked", G_CALLBACK (on_chip_remove_clicked_cb), self, 0);

  gtk_box_append (GTK_BOX (box), label);
  gtk_box_append (GTK_BOX (box), button);
  return box;
}

static void
rebuild_chips (BilletTagEditor *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->flow_box))))
    gtk_flow_box_remove (self->flow_box, child);

  for (guint i = 0; self->tags[i] != NULL; i++)
    {
      gtk_flow_box_append (self->flow_box, create_chip (self, self->tags[i]));
      /* The chip's button takes focus, not the flow box child around it. */
      child = gtk_widget_get_last_child (GTK_WIDGET (self->flow_box));
      gtk_widget_set_focusable (child, FALSE);
    }

  gtk_widget_set_visible (GTK_WIDGET (self->flow_box), self->tags[0] != NULL);
  update_warning (self);
}

static void
set_tags_internal (BilletTagEditor    *self,
                   const char * const *tags,
                   gboolean            emit)
{
  if (g_strv_equal ((const char * const *) self->tags, tags))
    return;

  g_strfreev (self->tags);
  self->tags = g_strdupv ((char **) tags);
  rebuild_chips (self);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TAGS]);
  if (emit)
    g_signal_emit (self, signals[CHANGED], 0);
}

/* Adds @tag if it is not there yet; returns whether the list changed. */
static gboolean
add_tag_internal (BilletTagEditor *self,
                  const char      *tag)
{
  g_autoptr(GStrvBuilder) builder = NULL;
  g_auto(GStrv) tags = NULL;
  g_autofree char *stripped = g_strstrip (g_strdup (tag));

  if (stripped[0] == 0 || g_strv_contains ((const char * const *) self->tags, stripped))
    return FALSE;

  builder = g_strv_builder_new ();
  g_strv_builder_addv (builder, (const char **) self->tags);
  g_strv_builder_add (builder, stripped);
  tags = g_strv_builder_end (builder);
  set_tags_internal (self, (const char * const *) tags, TRUE);
  return TRUE;
}

static void
on_entry_changed_cb (BilletTagEditor *self)
{
  g_auto(GStrv) parts = NULL;
  const char *text;
  guint n;

  g_assert (BILLET_IS_TAG_EDITOR (self));

  if (self->splitting)
    return;

  text = gtk_editable_get_text (GTK_EDITABLE (self->entry));
  if (strchr (text, ',') == NULL)
    {
      update_completion (self);
      update_warning (self);
      return;
    }

  /* Everything before the last comma becomes tags ("a, b," or a pasted
   * "a, b, c"); what follows it stays in the entry. */
  parts = g_strsplit (text, ",", -1);
  n = g_strv_length (parts);
  for (guint i = 0; i + 1 < n; i++)
    add_tag_internal (self, parts[i]);

  self->splitting = TRUE;
  gtk_editable_set_text (GTK_EDITABLE (self->entry), g_strchug (parts[n - 1]));
  self->splitting = FALSE;
  update_completion (self);
  update_warning (self);
}

static void
pick_suggestion (BilletTagEditor *self,
                 GtkListBoxRow   *row)
{
  const char *value = g_object_get_data (G_OBJECT (row), "billet-value");

  gtk_popover_popdown (self->popover);
  if (value == NULL)
    return;
  add_tag_internal (self, value);
  gtk_editable_set_text (GTK_EDITABLE (self->entry), "");
  gtk_widget_grab_focus (GTK_WIDGET (self->entry));
}

static void
on_suggestion_activated_cb (BilletTagEditor *self,
                            GtkListBoxRow   *row)
{
  g_assert (BILLET_IS_TAG_EDITOR (self));

  pick_suggestion (self, row);
}

static void
on_entry_activate_cb (BilletTagEditor *self)
{
  GtkListBoxRow *row;

  g_assert (BILLET_IS_TAG_EDITOR (self));

  if (gtk_widget_get_visible (GTK_WIDGET (self->popover)) &&
      (row = gtk_list_box_get_selected_row (self->suggestion_list)) != NULL)
    {
      pick_suggestion (self, row);
      return;
    }

  gtk_popover_popdown (self->popover);
  add_tag_internal (self, gtk_editable_get_text (GTK_EDITABLE (self->entry)));
  gtk_editable_set_text (GTK_EDITABLE (self->entry), "");
}

static void
select_step (BilletTagEditor *self,
             int              step)
{
  GtkListBoxRow *row = gtk_list_box_get_selected_row (self->suggestion_list);
  int index = row != NULL ? gtk_list_box_row_get_index (row) + step : (step > 0 ? 0 : -1);
  GtkListBoxRow *next;

  if (index < 0)
    {
      gtk_list_box_unselect_all (self->suggestion_list);
      return;
    }
  if ((next = gtk_list_box_get_row_at_index (self->suggestion_list, index)) != NULL)
    gtk_list_box_select_row (self->suggestion_list, next);
}

static gboolean
on_entry_key_pressed_cb (GtkEventControllerKey *controller,
                         guint                  keyval,
                         guint                  keycode,
                         GdkModifierType        state,
                         BilletTagEditor       *self)
{
  if (!gtk_widget_get_visible (GTK_WIDGET (self->popover)))
    return FALSE;

  switch (keyval)
    {
    case GDK_KEY_Down:
    case GDK_KEY_KP_Down:
      select_step (self, 1);
      return TRUE;
    case GDK_KEY_Up:
    case GDK_KEY_KP_Up:
      select_step (self, -1);
      return TRUE;
    case GDK_KEY_Escape:
      gtk_popover_popdown (self->popover);
      return TRUE;
    default:
      return FALSE;
    }
}

static GtkWidget *
create_suggestion_row (const char *value,
                       guint       count)
{
  /* TRANSLATORS: a suggested tag and how many posts use it, e.g. "hugo (12)" */
  g_autofree char *text = g_strdup_printf (_("%s (%u)"), value, count);
  GtkWidget *label = gtk_label_new (text);
  GtkWidget *row = gtk_list_box_row_new ();

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_label_set_max_width_chars (GTK_LABEL (label), 40);
  gtk_widget_set_margin_start (label, 6);
  gtk_widget_set_margin_end (label, 6);
  gtk_widget_set_margin_top (label, 3);
  gtk_widget_set_margin_bottom (label, 3);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), label);
  g_object_set_data_full (G_OBJECT (row), "billet-value", g_strdup (value), g_free);
  return row;
}

/* Lists the suggestions that begin with, or else contain, what was typed,
 * ignoring case and accents, most used first; leaves out the tags there. */
static void
update_completion (BilletTagEditor *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->entry));
  g_autofree char *typed = NULL;
  GtkWidget *child;
  guint n = 0;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->suggestion_list))))
    gtk_list_box_remove (self->suggestion_list, child);

  typed = fold (text);
  if (self->suggestions == NULL || typed[0] == '\0')
    {
      gtk_popover_popdown (self->popover);
      return;
    }

  /* Prefixes first, then the values that contain it elsewhere. */
  for (guint pass = 0; pass < 2 && n < MAX_SUGGESTIONS; pass++)
    for (guint i = 0; self->suggestions[i] != NULL && n < MAX_SUGGESTIONS; i++)
      {
        const char *found = strstr (self->folded[i], typed);
        gboolean prefix = found == self->folded[i];

        if (found == NULL || prefix != (pass == 0) ||
            g_strv_contains ((const char * const *) self->tags, self->suggestions[i]) ||
            g_str_equal (self->suggestions[i], text))
          continue;
        gtk_list_box_append (self->suggestion_list,
                             create_suggestion_row (self->suggestions[i], self->counts[i]));
        n++;
      }

  if (n == 0 || !gtk_widget_get_mapped (GTK_WIDGET (self->entry)))
    {
      gtk_popover_popdown (self->popover);
      return;
    }
  gtk_list_box_select_row (self->suggestion_list,
                           gtk_list_box_get_row_at_index (self->suggestion_list, 0));
  gtk_popover_popup (self->popover);
}

/* Points out a typed text or a tag that differs from a value of the site
 * only by case or accents. */
static void
update_warning (BilletTagEditor *self)
{
  g_autofree char *message = NULL;
  const char *typed = self->entry != NULL ? gtk_editable_get_text (GTK_EDITABLE (self->entry)) : "";
  g_autoptr(GPtrArray) candidates = g_ptr_array_new ();

  if (self->warning_label == NULL)
    return;

  g_ptr_array_add (candidates, (gpointer) typed);
  for (guint i = 0; self->tags[i] != NULL; i++)
    g_ptr_array_add (candidates, self->tags[i]);

  for (guint c = 0; message == NULL && self->suggestions != NULL && c < candidates->len; c++)
    {
      g_autofree char *value = g_strstrip (g_strdup (g_ptr_array_index (candidates, c)));
      g_autofree char *folded = NULL;

      if (value[0] == '\0' || g_strv_contains ((const char * const *) self->suggestions, value))
        continue;
      folded = fold (value);
      for (guint i = 0; self->suggestions[i] != NULL; i++)
        if (g_str_equal (folded, self->folded[i]))
          {
            /* TRANSLATORS: the first %s is what the author typed, the second a
             * value other posts use, and %u how many posts use it */
            message = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                    "“%s” differs from “%s”, used in %u post, only by case or accents",
                                                    "“%s” differs from “%s”, used in %u posts, only by case or accents",
                                                    self->counts[i]),
                                       value, self->suggestions[i], self->counts[i]);
            break;
          }
    }

  gtk_label_set_text (self->warning_label, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->warning_label), message != NULL);
}

static void
billet_tag_editor_dispose (GObject *object)
{
  BilletTagEditor *self = (BilletTagEditor *) object;

  if (self->popover != NULL)
    gtk_popover_popdown (self->popover);
  gtk_widget_dispose_template (GTK_WIDGET (self), BILLET_TYPE_TAG_EDITOR);
  self->warning_label = NULL;

  G_OBJECT_CLASS (billet_tag_editor_parent_class)->dispose (object);
}

static void
billet_tag_editor_finalize (GObject *object)
{
  BilletTagEditor *self = (BilletTagEditor *) object;

  g_clear_pointer (&self->tags, g_strfreev);
  g_clear_pointer (&self->suggestions, g_strfreev);
  g_clear_pointer (&self->folded, g_strfreev);
  g_clear_pointer (&self->counts, g_free);

  G_OBJECT_CLASS (billet_tag_editor_parent_class)->finalize (object);
}

static void
billet_tag_editor_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  BilletTagEditor *self = BILLET_TAG_EDITOR (object);

  switch (prop_id)
    {
    case PROP_TAGS:
      g_value_set_boxed (value, self->tags);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
billet_tag_editor_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  BilletTagEditor *self = BILLET_TAG_EDITOR (object);

  switch (prop_id)
    {
    case PROP_TAGS:
      billet_tag_editor_set_tags (self, g_value_get_boxed (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
billet_tag_editor_size_allocate (GtkWidget *widget,
                                 int        width,
                                 int        height,
                                 int        baseline)
{
  BilletTagEditor *self = BILLET_TAG_EDITOR (widget);
  graphene_rect_t bounds;

  GTK_WIDGET_CLASS (billet_tag_editor_parent_class)->size_allocate (widget, width, height, baseline);

  if (gtk_widget_compute_bounds (GTK_WIDGET (self->entry), widget, &bounds))
    gtk_popover_set_pointing_to (self->popover,
                                 &(GdkRectangle) { (int) bounds.origin.x, (int) bounds.origin.y,
                                                   (int) bounds.size.width, (int) bounds.size.height });
  gtk_popover_present (self->popover);
}

static void
billet_tag_editor_class_init (BilletTagEditorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = billet_tag_editor_dispose;
  object_class->finalize = billet_tag_editor_finalize;
  object_class->get_property = billet_tag_editor_get_property;
  object_class->set_property = billet_tag_editor_set_property;
  widget_class->size_allocate = billet_tag_editor_size_allocate;

  /**
   * BilletTagEditor:tags:
   *
   * The tags, in order.
   */
  properties[PROP_TAGS] =
    g_param_spec_boxed ("tags", NULL, NULL, G_TYPE_STRV,
                        G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * BilletTagEditor::changed:
   *
   * Emitted when the author added or removed a tag (not when the tags were
   * set with billet_tag_editor_set_tags()).
   */
  signals[CHANGED] =
    g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class, "/org/billet/Billet/ui/billet-tag-editor.ui");
  gtk_widget_class_bind_template_child (widget_class, BilletTagEditor, flow_box);
  gtk_widget_class_bind_template_child (widget_class, BilletTagEditor, entry);
  gtk_widget_class_bind_template_child (widget_class, BilletTagEditor, warning_label);
  gtk_widget_class_bind_template_child (widget_class, BilletTagEditor, popover);
  gtk_widget_class_bind_template_child (widget_class, BilletTagEditor, suggestion_list);
  gtk_widget_class_bind_template_callback (widget_class, on_suggestion_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_entry_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_entry_activate_cb);
  gtk_widget_class_set_css_name (widget_class, "billet-tag-editor");
}

static void
billet_tag_editor_init (BilletTagEditor *self)
{
  GtkEventController *keys;

  self->tags = g_new0 (char *, 1);
  gtk_widget_init_template (GTK_WIDGET (self));

  gtk_widget_set_focusable (GTK_WIDGET (self->popover), FALSE);
  gtk_widget_set_can_focus (GTK_WIDGET (self->suggestion_list), FALSE);
  keys = gtk_event_controller_key_new ();
  gtk_event_controller_set_propagation_phase (keys, GTK_PHASE_CAPTURE);
  g_signal_connect (keys, "key-pressed", G_CALLBACK (on_entry_key_pressed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self->entry), keys);
}

GtkWidget *
billet_tag_editor_new (void)
{
  return g_object_new (BILLET_TYPE_TAG_EDITOR, NULL);
}

/**
 * billet_tag_editor_get_tags:
 *
 * Returns: (transfer none): the tags
 */
const char * const *
billet_tag_editor_get_tags (BilletTagEditor *self)
{
  g_return_val_if_fail (BILLET_IS_TAG_EDITOR (self), NULL);
  return (const char * const *) self->tags;
}

/**
 * billet_tag_editor_set_tags:
 * @tags: (nullable): the new tags
 *
 * Shows @tags, without emitting "changed". Nothing is rebuilt when the
 * tags are the ones shown already.
 */
void
billet_tag_editor_set_tags (BilletTagEditor    *self,
                            const char * const *tags)
{
  static const char * const empty[] = { NULL };

  g_return_if_fail (BILLET_IS_TAG_EDITOR (self));

  set_tags_internal (self, tags ? tags : empty, FALSE);
}

/**
 * billet_tag_editor_add_tag:
 *
 * Adds @tag (without its surrounding spaces) at the end, as the author
 * would, emitting "changed".
 *
 * Returns: %FALSE when @tag is empty or already there
 */
gboolean
billet_tag_editor_add_tag (BilletTagEditor *self,
                           const char      *tag)
{
  g_return_val_if_fail (BILLET_IS_TAG_EDITOR (self), FALSE);
  g_return_val_if_fail (tag != NULL, FALSE);

  return add_tag_internal (self, tag);
}

/**
 * billet_tag_editor_remove_tag:
 *
 * Removes the tag at @index, as the author would, emitting "changed".
 */
void
billet_tag_editor_remove_tag (BilletTagEditor *self,
                              guint            index)
{
  g_autoptr(GStrvBuilder) builder = NULL;
  g_auto(GStrv) tags = NULL;

  g_return_if_fail (BILLET_IS_TAG_EDITOR (self));
  g_return_if_fail (index < g_strv_length (self->tags));

  builder = g_strv_builder_new ();
  for (guint i = 0; self->tags[i] != NULL; i++)
    if (i != index)
      g_strv_builder_add (builder, self->tags[i]);
  tags = g_strv_builder_end (builder);
  set_tags_internal (self, (const char * const *) tags, TRUE);
}

/**
 * billet_tag_editor_get_entry:
 *
 * Returns: (transfer none): the entry in which new tags are typed
 */
GtkEditable *
billet_tag_editor_get_entry (BilletTagEditor *self)
{
  g_return_val_if_fail (BILLET_IS_TAG_EDITOR (self), NULL);
  return GTK_EDITABLE (self->entry);
}

/**
 * billet_tag_editor_set_suggestions:
 * @values: (nullable): the values used across the site, most used first
 * @counts: (nullable): how many posts use each of @values
 *
 * Sets what the entry offers to complete, and what a tag that differs only
 * by case or accents is compared with.
 */
void
billet_tag_editor_set_suggestions (BilletTagEditor    *self,
                                   const char * const *values,
                                   const guint        *counts)
{
  guint n;

  g_return_if_fail (BILLET_IS_TAG_EDITOR (self));

  g_clear_pointer (&self->suggestions, g_strfreev);
  g_clear_pointer (&self->folded, g_strfreev);
  g_clear_pointer (&self->counts, g_free);

  if (values != NULL)
    {
      n = g_strv_length ((char **) values);
      self->suggestions = g_strdupv ((char **) values);
      self->counts = g_new0 (guint, n + 1);
      self->folded = g_new0 (char *, n + 1);
      for (guint i = 0; i < n; i++)
        {
          self->counts[i] = counts != NULL ? counts[i] : 0;
          self->folded[i] = fold (values[i]);
        }
    }

  if (gtk_widget_has_focus (GTK_WIDGET (self->entry)) ||
      gtk_widget_get_visible (GTK_WIDGET (self->popover)))
    update_completion (self);
  update_warning (self);
}

/**
 * billet_tag_editor_get_popover:
 *
 * Returns: (transfer none): the popover of suggestions
 */
GtkPopover *
billet_tag_editor_get_popover (BilletTagEditor *self)
{
  g_return_val_if_fail (BILLET_IS_TAG_EDITOR (self), NULL);
  return self->popover;
}

/**
 * billet_tag_editor_get_suggestion_list:
 *
 * Returns: (transfer none): the list of suggestions in the popover
 */
GtkListBox *
billet_tag_editor_get_suggestion_list (BilletTagEditor *self)
{
  g_return_val_if_fail (BILLET_IS_TAG_EDITOR (self), NULL);
  return self->suggestion_list;
}

/**
 * billet_tag_editor_get_warning_label:
 *
 * Returns: (transfer none): the label that points out a near-duplicate
 */
GtkLabel *
billet_tag_editor_get_warning_label (BilletTagEditor *self)
{
  g_return_val_if_fail (BILLET_IS_TAG_EDITOR (self), NULL);
  return self->warning_label;
}
