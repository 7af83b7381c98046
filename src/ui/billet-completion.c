/* billet-completion.c — values of the site offered under an entry, with counts
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A completion watches one editable (a GtkEntry, an AdwEntryRow) and, as
 * the author types in it, lists under it the values the site's posts use
 * that begin with, or else contain, what was typed, ignoring case and
 * accents, most used first, each with how many posts use it. Up and Down
 * move in the list, Escape closes it; Enter is the owner's (its "activate"
 * handler calls billet_completion_activate()), and so is what a pick does:
 * the completion only emits "picked". The tag editor adds the value as a
 * tag, the form's author row puts it in the row and writes it.
 *
 * The popover is a child of the editable, which does not know about it:
 * the completion takes it off the editable when the editable is destroyed,
 * and, since no size_allocate of ours presents it, presents it again after
 * each layout in which the editable moved (the form scrolled, the window
 * was resized) while it shows.
 */

#define G_LOG_DOMAIN "Billet"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "billet-completion.h"
#include "billet-post-item.h"

#define MAX_SUGGESTIONS 8

struct _BilletCompletion
{
  GObject             parent_instance;

  GtkWidget          *editable;     /* weak; the popover's parent */
  GtkPopover         *popover;
  GtkListBox         *list;
  GtkEventController *keys;
  GtkEventController *focus;

  GStrv               values;       /* most used first */
  guint              *counts;       /* one per value */
  GStrv               folded;       /* one per value: casefolded, accents dropped */
  GStrv               excluded;     /* values not to offer */

  GdkFrameClock      *clock;        /* while the popover is mapped */
  gulong              layout_id;
  graphene_rect_t     bounds;       /* of the editable, where last presented */

  gboolean            picking;
};

G_DEFINE_FINAL_TYPE (BilletCompletion, billet_completion, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_EDITABLE,
  N_PROPS
};

enum {
  PICKED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

/* @text without case or accents, to compare values as the eye does: the
 * folding the sidebar's search uses, on the trimmed text. */
static char *
fold (const char *text)
{
  g_autofree char *stripped = g_strstrip (g_strdup (text));

  return billet_fold_for_search (stripped);
}

static gboolean
editable_has_focus (BilletCompletion *self)
{
  GtkRoot *root = gtk_widget_get_root (self->editable);
  GtkWidget *focus = root != NULL ? gtk_root_get_focus (root) : NULL;

  return focus != NULL && (focus == self->editable || gtk_widget_is_ancestor (focus, self->editable));
}

static GtkWidget *
create_row (const char *value,
            guint       count)
{
  /* TRANSLATORS: a value the site's posts use (a tag, an author) and how
   * many posts use it, e.g. "hugo (12)" */
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

/* Lists the values that begin with, or else contain, what was typed, and
 * shows them if there are any and the author is typing there. */
static void
update (BilletCompletion *self)
{
  const char *text;
  g_autofree char *typed = NULL;
  GtkWidget *child;
  guint n = 0;

  g_assert (BILLET_IS_COMPLETION (self));

  if (self->editable == NULL)
    return;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->list))))
    gtk_list_box_remove (self->list, child);

  /* What the owner puts in the editable on a pick does not open the list
   * again (the author picked "Jane Doe", not one of the "Jane Doe…"). */
  text = gtk_editable_get_text (GTK_EDITABLE (self->editable));
  typed = fold (text);
  if (self->values == NULL || typed[0] == '\0' || self->picking)
    {
      gtk_popover_popdown (self->popover);
      return;
    }

  /* Prefixes first, then the values that contain it elsewhere. */
  for (guint pass = 0; pass < 2 && n < MAX_SUGGESTIONS; pass++)
    for (guint i = 0; self->values[i] != NULL && n < MAX_SUGGESTIONS; i++)
      {
        const char *found = strstr (self->folded[i], typed);
        gboolean prefix = found == self->folded[i];

        if (found == NULL || prefix != (pass == 0) ||
            g_str_equal (self->values[i], text) ||
            (self->excluded != NULL &&
             g_strv_contains ((const char * const *) self->excluded, self->values[i])))
          continue;
        gtk_list_box_append (self->list, create_row (self->values[i], self->counts[i]));
        n++;
      }

  if (n == 0 || !gtk_widget_get_mapped (self->editable) || !editable_has_focus (self))
    {
      gtk_popover_popdown (self->popover);
      return;
    }
  gtk_list_box_select_row (self->list, gtk_list_box_get_row_at_index (self->list, 0));
  gtk_popover_popup (self->popover);
}

static void
pick (BilletCompletion *self,
      GtkListBoxRow    *row)
{
  /* The owner changes the text, which empties the list and frees @row. */
  g_autofree char *value = g_strdup (g_object_get_data (G_OBJECT (row), "billet-value"));

  gtk_popover_popdown (self->popover);
  if (value == NULL)
    return;
  /* A write may rebuild what owns the completion. */
  g_object_ref (self);
  self->picking = TRUE;
  g_signal_emit (self, signals[PICKED], 0, value);
  self->picking = FALSE;
  g_object_unref (self);
}

static void
select_step (BilletCompletion *self,
             int               step)
{
  GtkListBoxRow *row = gtk_list_box_get_selected_row (self->list);
  int index = row != NULL ? gtk_list_box_row_get_index (row) + step : (step > 0 ? 0 : -1);
  GtkListBoxRow *next;

  if (index < 0)
    {
      gtk_list_box_unselect_all (self->list);
      return;
    }
  if ((next = gtk_list_box_get_row_at_index (self->list, index)) != NULL)
    gtk_list_box_select_row (self->list, next);
}

static gboolean
on_key_pressed_cb (GtkEventControllerKey *controller,
                   guint                  keyval,
                   guint                  keycode,
                   GdkModifierType        state,
                   BilletCompletion      *self)
{
  g_assert (BILLET_IS_COMPLETION (self));

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

static void
on_focus_leave_cb (BilletCompletion *self)
{
  g_assert (BILLET_IS_COMPLETION (self));

  /* Autohide is off so that typing goes on in the editable: the popover
   * goes with the focus instead. */
  gtk_popover_popdown (self->popover);
}

static void
on_row_activated_cb (BilletCompletion *self,
                     GtkListBoxRow    *row)
{
  g_assert (BILLET_IS_COMPLETION (self));

  pick (self, row);
}

static void
on_layout_cb (GdkFrameClock    *clock,
              BilletCompletion *self)
{
  GtkNative *native;
  graphene_rect_t bounds;

  g_assert (BILLET_IS_COMPLETION (self));

  if (self->editable == NULL || (native = gtk_widget_get_native (self->editable)) == NULL ||
      !gtk_widget_compute_bounds (self->editable, GTK_WIDGET (native), &bounds) ||
      graphene_rect_equal (&bounds, &self->bounds))
    return;

  self->bounds = bounds;
  gtk_popover_present (self->popover);
}

static void
stop_tracking (BilletCompletion *self)
{
  if (self->clock != NULL)
    g_clear_signal_handler (&self->layout_id, self->clock);
  g_clear_object (&self->clock);
}

static void
on_popover_map_cb (BilletCompletion *self)
{
  GtkNative *native;

  g_assert (BILLET_IS_COMPLETION (self));

  stop_tracking (self);
  if (self->editable == NULL || (native = gtk_widget_get_native (self->editable)) == NULL)
    return;

  if (!gtk_widget_compute_bounds (self->editable, GTK_WIDGET (native), &self->bounds))
    graphene_rect_init (&self->bounds, 0, 0, 0, 0);
  /* After the window's own layout handler, so that the editable has its
   * new place. */
  self->clock = g_object_ref (gtk_widget_get_frame_clock (self->editable));
  self->layout_id = g_signal_connect_after (self->clock, "layout", G_CALLBACK (on_layout_cb), self);
}

static void
on_editable_changed_cb (BilletCompletion *self)
{
  update (self);
}

static void
detach (BilletCompletion *self)
{
  if (self->editable == NULL)
    return;

  stop_tracking (self);
  gtk_popover_popdown (self->popover);
  g_signal_handlers_disconnect_by_data (self->editable, self);
  gtk_widget_remove_controller (self->editable, self->keys);
  gtk_widget_remove_controller (self->editable, self->focus);
  self->keys = NULL;
  self->focus = NULL;
  g_clear_pointer ((GtkWidget **) &self->popover, gtk_widget_unparent);
  self->list = NULL;
  g_object_remove_weak_pointer (G_OBJECT (self->editable), (gpointer *) &self->editable);
  self->editable = NULL;
}

static void
on_editable_destroy_cb (BilletCompletion *self)
{
  /* The editable does not know the popover is its child: take it off
   * before the editable is finalized with a child left. */
  detach (self);
}

static void
attach (BilletCompletion *self,
        GtkWidget        *editable)
{
  GtkWidget *list;

  g_assert (self->editable == NULL);
  g_assert (GTK_IS_EDITABLE (editable));

  self->editable = editable;
  g_object_add_weak_pointer (G_OBJECT (editable), (gpointer *) &self->editable);

  list = gtk_list_box_new ();
  self->list = GTK_LIST_BOX (list);
  gtk_list_box_set_selection_mode (self->list, GTK_SELECTION_BROWSE);
  /* The focus stays in the editable, where the author goes on typing. */
  gtk_widget_set_can_focus (list, FALSE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (list),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Suggestions"), -1);
  g_signal_connect_object (list, "row-activated", G_CALLBACK (on_row_activated_cb),
                           self, G_CONNECT_SWAPPED);

  self->popover = GTK_POPOVER (gtk_popover_new ());
  gtk_popover_set_autohide (self->popover, FALSE);
  gtk_popover_set_has_arrow (self->popover, FALSE);
  gtk_popover_set_position (self->popover, GTK_POS_BOTTOM);
  gtk_widget_set_halign (GTK_WIDGET (self->popover), GTK_ALIGN_START);
  gtk_widget_set_focusable (GTK_WIDGET (self->popover), FALSE);
  gtk_widget_add_css_class (GTK_WIDGET (self->popover), "billet-completion");
  gtk_popover_set_child (self->popover, list);
  gtk_widget_set_parent (GTK_WIDGET (self->popover), editable);
  g_signal_connect_object (self->popover, "map", G_CALLBACK (on_popover_map_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->popover, "unmap", G_CALLBACK (stop_tracking),
                           self, G_CONNECT_SWAPPED);

  /* Before the editable's text sees them, and before a list box around
   * takes Up and Down to move between its rows. */
  self->keys = gtk_event_controller_key_new ();
  gtk_event_controller_set_name (self->keys, "billet-completion-keys");
  gtk_event_controller_set_propagation_phase (self->keys, GTK_PHASE_CAPTURE);
  g_signal_connect (self->keys, "key-pressed", G_CALLBACK (on_key_pressed_cb), self);
  gtk_widget_add_controller (editable, self->keys);

  self->focus = gtk_event_controller_focus_new ();
  g_signal_connect_swapped (self->focus, "leave", G_CALLBACK (on_focus_leave_cb), self);
  gtk_widget_add_controller (editable, self->focus);

  g_signal_connect_swapped (editable, "changed", G_CALLBACK (on_editable_changed_cb), self);
  g_signal_connect_swapped (editable, "destroy", G_CALLBACK (on_editable_destroy_cb), self);
}

static void
billet_completion_dispose (GObject *object)
{
  BilletCompletion *self = (BilletCompletion *) object;

  detach (self);

  G_OBJECT_CLASS (billet_completion_parent_class)->dispose (object);
}

static void
billet_completion_finalize (GObject *object)
{
  BilletCompletion *self = (BilletCompletion *) object;

  g_clear_pointer (&self->values, g_strfreev);
  g_clear_pointer (&self->folded, g_strfreev);
  g_clear_pointer (&self->counts, g_free);
  g_clear_pointer (&self->excluded, g_strfreev);

  G_OBJECT_CLASS (billet_completion_parent_class)->finalize (object);
}

static void
billet_completion_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  BilletCompletion *self = BILLET_COMPLETION (object);

  switch (prop_id)
    {
    case PROP_EDITABLE:
      g_value_set_object (value, self->editable);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
billet_completion_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  BilletCompletion *self = BILLET_COMPLETION (object);

  switch (prop_id)
    {
    case PROP_EDITABLE:
      attach (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
billet_completion_class_init (BilletCompletionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = billet_completion_dispose;
  object_class->finalize = billet_completion_finalize;
  object_class->get_property = billet_completion_get_property;
  object_class->set_property = billet_completion_set_property;

  /**
   * BilletCompletion:editable:
   *
   * The editable (a #GtkWidget) whose text is completed; %NULL once it
   * was destroyed.
   */
  properties[PROP_EDITABLE] =
    g_param_spec_object ("editable", NULL, NULL, GTK_TYPE_EDITABLE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * BilletCompletion::picked:
   * @value: the value picked
   *
   * Emitted when the author clicked a suggestion, or pressed Enter on the
   * selected one (see billet_completion_activate()). The popover is closed
   * already; what the editable shows is the owner's to change.
   */
  signals[PICKED] =
    g_signal_new ("picked", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1,
                  G_TYPE_STRING | G_SIGNAL_TYPE_STATIC_SCOPE);
}

static void
billet_completion_init (BilletCompletion *self)
{
}

/**
 * billet_completion_new:
 * @editable: a #GtkWidget that implements #GtkEditable
 *
 * Completes what is typed in @editable, once values are set with
 * billet_completion_set_suggestions().
 *
 * Returns: (transfer full): the completion
 */
BilletCompletion *
billet_completion_new (GtkEditable *editable)
{
  g_return_val_if_fail (GTK_IS_EDITABLE (editable) && GTK_IS_WIDGET (editable), NULL);

  return g_object_new (BILLET_TYPE_COMPLETION, "editable", editable, NULL);
}

/**
 * billet_completion_get_editable:
 *
 * Returns: (transfer none) (nullable): the editable, or %NULL once it was
 *   destroyed
 */
GtkEditable *
billet_completion_get_editable (BilletCompletion *self)
{
  g_return_val_if_fail (BILLET_IS_COMPLETION (self), NULL);
  return self->editable != NULL ? GTK_EDITABLE (self->editable) : NULL;
}

/**
 * billet_completion_set_suggestions:
 * @values: (nullable): the values the site's posts use, most used first
 * @counts: (nullable): how many posts use each of @values
 *
 * Sets what is offered; a list that shows is filtered again.
 */
void
billet_completion_set_suggestions (BilletCompletion   *self,
                                   const char * const *values,
                                   const guint        *counts)
{
  guint n;

  g_return_if_fail (BILLET_IS_COMPLETION (self));

  g_clear_pointer (&self->values, g_strfreev);
  g_clear_pointer (&self->folded, g_strfreev);
  g_clear_pointer (&self->counts, g_free);

  if (values != NULL)
    {
      n = g_strv_length ((char **) values);
      self->values = g_strdupv ((char **) values);
      self->counts = g_new0 (guint, n + 1);
      self->folded = g_new0 (char *, n + 1);
      for (guint i = 0; i < n; i++)
        {
          self->counts[i] = counts != NULL ? counts[i] : 0;
          self->folded[i] = fold (values[i]);
        }
    }

  /* The author may be typing as the site's values come in. */
  if (self->editable != NULL && editable_has_focus (self))
    update (self);
}

/**
 * billet_completion_set_excluded:
 * @values: (nullable): values not to offer, such as the tags a list has
 *   already
 */
void
billet_completion_set_excluded (BilletCompletion   *self,
                                const char * const *values)
{
  g_return_if_fail (BILLET_IS_COMPLETION (self));

  if (values == NULL && self->excluded == NULL)
    return;
  g_strfreev (self->excluded);
  self->excluded = g_strdupv ((char **) values);
  if (self->popover != NULL && gtk_widget_get_visible (GTK_WIDGET (self->popover)))
    update (self);
}

/**
 * billet_completion_find_variant:
 * @text: a value, such as one the author typed
 * @count: (out) (optional): how many posts use the value returned
 *
 * Finds the value of the site that @text differs from only by case or
 * accents (or surrounding spaces), most used first.
 *
 * Returns: (transfer none) (nullable): that value, or %NULL when there is
 *   none or when @text is one of the values itself
 */
const char *
billet_completion_find_variant (BilletCompletion *self,
                                const char       *text,
                                guint            *count)
{
  g_autofree char *stripped = NULL;
  g_autofree char *folded = NULL;

  g_return_val_if_fail (BILLET_IS_COMPLETION (self), NULL);
  g_return_val_if_fail (text != NULL, NULL);

  stripped = g_strstrip (g_strdup (text));
  if (self->values == NULL || stripped[0] == '\0' ||
      g_strv_contains ((const char * const *) self->values, stripped))
    return NULL;

  folded = fold (stripped);
  for (guint i = 0; self->values[i] != NULL; i++)
    if (g_str_equal (folded, self->folded[i]))
      {
        if (count != NULL)
          *count = self->counts[i];
        return self->values[i];
      }
  return NULL;
}

/**
 * billet_completion_activate:
 *
 * What Enter does in the editable while suggestions show: picks the
 * selected one, emitting "picked". The owner calls it from its "activate"
 * handler and does what Enter does otherwise only when it returns %FALSE.
 *
 * Returns: whether a suggestion was picked
 */
gboolean
billet_completion_activate (BilletCompletion *self)
{
  GtkListBoxRow *row;

  g_return_val_if_fail (BILLET_IS_COMPLETION (self), FALSE);

  if (self->popover == NULL || !gtk_widget_get_visible (GTK_WIDGET (self->popover)) ||
      (row = gtk_list_box_get_selected_row (self->list)) == NULL)
    return FALSE;

  pick (self, row);
  return TRUE;
}

/**
 * billet_completion_popdown:
 *
 * Closes the list of suggestions, if it shows.
 */
void
billet_completion_popdown (BilletCompletion *self)
{
  g_return_if_fail (BILLET_IS_COMPLETION (self));

  if (self->popover != NULL)
    gtk_popover_popdown (self->popover);
}

/**
 * billet_completion_get_popover:
 *
 * Returns: (transfer none) (nullable): the popover of suggestions, or
 *   %NULL once the editable was destroyed
 */
GtkPopover *
billet_completion_get_popover (BilletCompletion *self)
{
  g_return_val_if_fail (BILLET_IS_COMPLETION (self), NULL);
  return self->popover;
}

/**
 * billet_completion_get_list:
 *
 * Returns: (transfer none) (nullable): the list of suggestions in the
 *   popover
 */
GtkListBox *
billet_completion_get_list (BilletCompletion *self)
{
  g_return_val_if_fail (BILLET_IS_COMPLETION (self), NULL);
  return self->list;
}
