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
 *
 * A BilletCompletion offers the site's values under the entry, less the
 * tags there; the same values point out a tag that differs from one of
 * them only by case or accents.
 */

#define G_LOG_DOMAIN "Billet"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "billet-completion.h"
#include "billet-tag-editor.h"

struct _BilletTagEditor
{
  GtkWidget    parent_instance;

  GtkFlowBox  *flow_box;
  GtkEntry    *entry;
  GtkLabel    *warning_label;

  BilletCompletion *completion;

  GStrv        tags;
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

static void update_warning (BilletTagEditor *self);

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
  if (self->completion != NULL)
    billet_completion_set_excluded (self->completion, (const char * const *) self->tags);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TAGS]);
  if (emit)
    g_signal_emit (self, signals[CHANGED], 0);
}

/* Adds those of @added that are not there yet, at the end, as one change;
 * returns whether the list changed. */
static gboolean
add_tags_internal (BilletTagEditor    *self,
                   const char * const *added)
{
  g_autoptr(GPtrArray) tags = g_ptr_array_new_with_free_func (g_free);
  guint n = g_strv_length (self->tags);

  for (guint i = 0; i < n; i++)
    g_ptr_array_add (tags, g_strdup (self->tags[i]));
  for (guint i = 0; added[i] != NULL; i++)
    {
      g_autofree char *stripped = g_strstrip (g_strdup (added[i]));
      gboolean there = stripped[0] == 0;

      for (guint j = 0; !there && j < tags->len; j++)
        there = strcmp (g_ptr_array_index (tags, j), stripped) == 0;
      if (!there)
        g_ptr_array_add (tags, g_steal_pointer (&stripped));
    }
  if (tags->len == n)
    return FALSE;
  g_ptr_array_add (tags, NULL);
  set_tags_internal (self, (const char * const *) tags->pdata, TRUE);
  return TRUE;
}

/* Adds @tag if it is not there yet; returns whether the list changed. */
static gboolean
add_tag_internal (BilletTagEditor *self,
                  const char      *tag)
{
  const char *added[] = { tag, NULL };

  return add_tags_internal (self, added);
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

  /* The completion follows the text on its own. */
  text = gtk_editable_get_text (GTK_EDITABLE (self->entry));
  if (strchr (text, ',') == NULL)
    {
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
  update_warning (self);
}

static void
on_completion_picked_cb (BilletTagEditor *self,
                         const char      *value)
{
  g_assert (BILLET_IS_TAG_EDITOR (self));

  add_tag_internal (self, value);
  gtk_editable_set_text (GTK_EDITABLE (self->entry), "");
  /* After a click in the list. */
  gtk_widget_grab_focus (GTK_WIDGET (self->entry));
}

static void
on_entry_activate_cb (BilletTagEditor *self)
{
  g_assert (BILLET_IS_TAG_EDITOR (self));

  if (billet_completion_activate (self->completion))
    return;

  billet_completion_popdown (self->completion);
  add_tag_internal (self, gtk_editable_get_text (GTK_EDITABLE (self->entry)));
  gtk_editable_set_text (GTK_EDITABLE (self->entry), "");
}

/* Points out a typed text or a tag that differs from a value of the site
 * only by case or accents. */
static void
update_warning (BilletTagEditor *self)
{
  g_autofree char *message = NULL;
  const char *typed = self->entry != NULL ? gtk_editable_get_text (GTK_EDITABLE (self->entry)) : "";
  g_autoptr(GPtrArray) candidates = g_ptr_array_new ();

  if (self->warning_label == NULL || self->completion == NULL)
    return;

  g_ptr_array_add (candidates, (gpointer) typed);
  for (guint i = 0; self->tags[i] != NULL; i++)
    g_ptr_array_add (candidates, self->tags[i]);

  for (guint c = 0; message == NULL && c < candidates->len; c++)
    {
      g_autofree char *value = g_strstrip (g_strdup (g_ptr_array_index (candidates, c)));
      guint count = 0;
      const char *used = billet_completion_find_variant (self->completion, value, &count);

      if (used == NULL)
        continue;
      /* TRANSLATORS: the first %s is what the author typed, the second a
       * value other posts use, and %u how many posts use it */
      message = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                              "“%s” differs from “%s”, used in %u post, only by case or accents",
                                              "“%s” differs from “%s”, used in %u posts, only by case or accents",
                                              count),
                                 value, used, count);
    }

  gtk_label_set_text (self->warning_label, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->warning_label), message != NULL);
}

static void
billet_tag_editor_dispose (GObject *object)
{
  BilletTagEditor *self = (BilletTagEditor *) object;

  g_clear_object (&self->completion);
  gtk_widget_dispose_template (GTK_WIDGET (self), BILLET_TYPE_TAG_EDITOR);
  self->warning_label = NULL;

  G_OBJECT_CLASS (billet_tag_editor_parent_class)->dispose (object);
}

static void
billet_tag_editor_finalize (GObject *object)
{
  BilletTagEditor *self = (BilletTagEditor *) object;

  g_clear_pointer (&self->tags, g_strfreev);

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
billet_tag_editor_class_init (BilletTagEditorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = billet_tag_editor_dispose;
  object_class->finalize = billet_tag_editor_finalize;
  object_class->get_property = billet_tag_editor_get_property;
  object_class->set_property = billet_tag_editor_set_property;

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
  gtk_widget_class_bind_template_callback (widget_class, on_entry_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_entry_activate_cb);
  gtk_widget_class_set_css_name (widget_class, "billet-tag-editor");
}

static void
billet_tag_editor_init (BilletTagEditor *self)
{
  self->tags = g_new0 (char *, 1);
  gtk_widget_init_template (GTK_WIDGET (self));
  /* The entry is named as the editor is (after its field, by the form). */
  gtk_accessible_update_relation (GTK_ACCESSIBLE (self->entry), GTK_ACCESSIBLE_RELATION_LABELLED_BY,
                                  self, NULL, -1);

  self->completion = billet_completion_new (GTK_EDITABLE (self->entry));
  g_signal_connect_object (self->completion, "picked", G_CALLBACK (on_completion_picked_cb),
                           self, G_CONNECT_SWAPPED);
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
 * billet_tag_editor_add_tags:
 *
 * Adds those of @tags that are not there yet at the end, as one change
 * (one "changed").
 *
 * Returns: %FALSE when none was added
 */
gboolean
billet_tag_editor_add_tags (BilletTagEditor    *self,
                            const char * const *tags)
{
  g_return_val_if_fail (BILLET_IS_TAG_EDITOR (self), FALSE);
  g_return_val_if_fail (tags != NULL, FALSE);

  return add_tags_internal (self, tags);
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
  g_return_if_fail (BILLET_IS_TAG_EDITOR (self));

  billet_completion_set_suggestions (self->completion, values, counts);
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
  return billet_completion_get_popover (self->completion);
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
  return billet_completion_get_list (self->completion);
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
