/* billet-search-bar.c — find and replace in a GtkSourceView
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The bar owns one GtkSourceSearchSettings and, for the buffer its view
 * currently shows, one GtkSourceSearchContext. The context scans the buffer
 * in idle chunks and highlights every match; the bar only asks it for the
 * next match asynchronously and for the count and position of matches,
 * which arrive as the scan progresses ("N of M" is updated from
 * notify::occurrences-count and from cursor moves).
 *
 * While the bar is hidden the settings' search text is unset, so a hidden
 * bar costs nothing on each keystroke in a long post; the entry keeps its
 * text and showing the bar again applies it.
 */

#define G_LOG_DOMAIN "Billet"

#include "config.h"

#include <glib/gi18n.h>

#include "billet-accessible.h"
#include "billet-search-bar.h"

struct _BilletSearchBar
{
  GtkWidget                parent_instance;

  /* Template widgets */
  GtkSearchBar            *search_bar;
  GtkSearchEntry          *search_entry;
  GtkLabel                *occurrences_label;
  GtkEntry                *replace_entry;
  GtkBox                  *replace_box;

  GtkSourceView           *view;             /* weak */
  GSignalGroup            *view_signals;
  GSignalGroup            *buffer_signals;
  GSignalGroup            *context_signals;
  GtkSourceSearchSettings *settings;
  GtkSourceSearchContext  *context;
  GCancellable            *cancellable;

  guint                    replace_mode : 1;
};

G_DEFINE_FINAL_TYPE (BilletSearchBar, billet_search_bar, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_VIEW,
  PROP_SEARCH_MODE_ENABLED,
  PROP_REPLACE_MODE,
  PROP_CASE_SENSITIVE,
  PROP_WHOLE_WORDS,
  PROP_REGEX,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static gboolean
has_search_text (BilletSearchBar *self)
{
  return gtk_editable_get_text (GTK_EDITABLE (self->search_entry))[0] != '\0';
}

static gboolean
has_regex_error (BilletSearchBar *self)
{
  g_autoptr(GError) error = NULL;

  if (self->context == NULL)
    return FALSE;

  /* (transfer full) */
  error = gtk_source_search_context_get_regex_error (self->context);
  return error != NULL;
}

static GtkTextBuffer *
get_buffer (BilletSearchBar *self)
{
  if (self->context == NULL)
    return NULL;
  return GTK_TEXT_BUFFER (gtk_source_search_context_get_buffer (self->context));
}

static void
update_actions (BilletSearchBar *self)
{
  gboolean can_search;

  can_search = self->context != NULL &&
               has_search_text (self) &&
               !has_regex_error (self);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "search.next", can_search);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "search.previous", can_search);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "search.replace", can_search);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "search.replace-all", can_search);
}

static void
update_occurrences (BilletSearchBar *self)
{
  g_autofree char *text = NULL;
  GtkTextBuffer *buffer = get_buffer (self);
  GtkTextIter begin, end;
  int count, position;

  if (buffer == NULL ||
      !has_search_text (self) ||
      has_regex_error (self))
    {
      gtk_label_set_label (self->occurrences_label, "");
      return;
    }

  /* -1 while the context is still scanning the buffer: keep the last figure. */
  count = gtk_source_search_context_get_occurrences_count (self->context);
  if (count < 0)
    return;

  if (count == 0)
    {
      gtk_label_set_label (self->occurrences_label, _("No results"));
      return;
    }

  gtk_text_buffer_get_selection_bounds (buffer, &begin, &end);
  position = gtk_source_search_context_get_occurrence_position (self->context, &begin, &end);

  /* Translators: the position of the selected match among all the matches,
   * as in "2 of 5"; the first number is 0 when no match is selected. */
  text = g_strdup_printf (_("%d of %d"), MAX (position, 0), count);
  gtk_label_set_label (self->occurrences_label, text);
}

static void
update_regex_error (BilletSearchBar *self)
{
  GError *error = NULL;

  if (self->context != NULL)
    error = gtk_source_search_context_get_regex_error (self->context);

  if (error != NULL)
    {
      gtk_widget_add_css_class (GTK_WIDGET (self->search_entry), "error");
      gtk_widget_set_tooltip_text (GTK_WIDGET (self->search_entry), error->message);
      g_error_free (error);
    }
  else
    {
      gtk_widget_remove_css_class (GTK_WIDGET (self->search_entry), "error");
      gtk_widget_set_tooltip_text (GTK_WIDGET (self->search_entry), NULL);
    }

  update_occurrences (self);
  update_actions (self);
}

static void
set_replace_error (BilletSearchBar *self,
                   const GError    *error)
{
  if (error != NULL)
    {
      gtk_widget_add_css_class (GTK_WIDGET (self->replace_entry), "error");
      gtk_widget_set_tooltip_text (GTK_WIDGET (self->replace_entry), error->message);
    }
  else
    {
      gtk_widget_remove_css_class (GTK_WIDGET (self->replace_entry), "error");
      gtk_widget_set_tooltip_text (GTK_WIDGET (self->replace_entry), NULL);
    }
}

/* The settings carry the entry's text only while the bar is shown. */
static void
apply_search_text (BilletSearchBar *self)
{
  const char *text = NULL;

  if (gtk_search_bar_get_search_mode (self->search_bar) && has_search_text (self))
    text = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));

  gtk_source_search_settings_set_search_text (self->settings, text);
}

static void
select_match (BilletSearchBar   *self,
              const GtkTextIter *begin,
              const GtkTextIter *end)
{
  GtkTextBuffer *buffer = gtk_text_iter_get_buffer (begin);

  gtk_text_buffer_select_range (buffer, begin, end);
  if (self->view != NULL)
    gtk_text_view_scroll_to_mark (GTK_TEXT_VIEW (self->view),
                                  gtk_text_buffer_get_insert (buffer),
                                  0.25, FALSE, 0.0, 0.0);
}

static void
search_forward_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  GtkSourceSearchContext *context = GTK_SOURCE_SEARCH_CONTEXT (object);
  g_autoptr(BilletSearchBar) self = user_data;
  g_autoptr(GError) error = NULL;
  GtkTextIter begin, end;
  gboolean wrapped;

  g_assert (BILLET_IS_SEARCH_BAR (self));

  if (!gtk_source_search_context_forward_finish (context, result, &begin, &end, &wrapped, &error))
    return;

  if (context == self->context)
    select_match (self, &begin, &end);
}

static void
search_backward_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  GtkSourceSearchContext *context = GTK_SOURCE_SEARCH_CONTEXT (object);
  g_autoptr(BilletSearchBar) self = user_data;
  g_autoptr(GError) error = NULL;
  GtkTextIter begin, end;
  gboolean wrapped;

  g_assert (BILLET_IS_SEARCH_BAR (self));

  if (!gtk_source_search_context_backward_finish (context, result, &begin, &end, &wrapped, &error))
    return;

  if (context == self->context)
    select_match (self, &begin, &end);
}

/* Moves the selection to the next match, or the previous one. As the author
 * types, the search starts from the start of the selection, so that the
 * match already selected stays selected while it still matches. */
static void
search (BilletSearchBar *self,
        gboolean         backward,
        gboolean         from_selection_start)
{
  GtkTextBuffer *buffer = get_buffer (self);
  GtkTextIter begin, end;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);

  if (buffer == NULL || !has_search_text (self))
    return;

  self->cancellable = g_cancellable_new ();
  gtk_text_buffer_get_selection_bounds (buffer, &begin, &end);

  if (backward)
    gtk_source_search_context_backward_async (self->context, &begin, self->cancellable,
                                              search_backward_cb, g_object_ref (self));
  else
    gtk_source_search_context_forward_async (self->context,
                                             from_selection_start ? &begin : &end,
                                             self->cancellable,
                                             search_forward_cb, g_object_ref (self));
}

static void
on_buffer_mark_set_cb (BilletSearchBar   *self,
                       const GtkTextIter *location,
                       GtkTextMark       *mark,
                       GtkTextBuffer     *buffer)
{
  if (mark == gtk_text_buffer_get_insert (buffer) ||
      mark == gtk_text_buffer_get_selection_bound (buffer))
    update_occurrences (self);
}

static void
set_buffer (BilletSearchBar *self,
            GtkTextBuffer   *buffer)
{
  if (buffer != NULL && get_buffer (self) == buffer)
    return;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->context);

  if (GTK_SOURCE_IS_BUFFER (buffer))
    {
      self->context = gtk_source_search_context_new (GTK_SOURCE_BUFFER (buffer), self->settings);
      gtk_source_search_context_set_highlight (self->context,
                                               gtk_search_bar_get_search_mode (self->search_bar));
    }

  g_signal_group_set_target (self->buffer_signals, self->context ? buffer : NULL);
  g_signal_group_set_target (self->context_signals, self->context);

  update_regex_error (self);
}

static void
on_view_notify_buffer_cb (BilletSearchBar *self,
                          GParamSpec      *pspec,
                          GtkTextView     *view)
{
  set_buffer (self, gtk_text_view_get_buffer (view));
}

static void
on_search_entry_changed_cb (BilletSearchBar *self,
                            GtkSearchEntry  *entry)
{
  apply_search_text (self);
  update_actions (self);
  update_occurrences (self);

  if (gtk_search_bar_get_search_mode (self->search_bar))
    search (self, FALSE, TRUE);
}

static void
on_search_entry_activate_cb (BilletSearchBar *self,
                             GtkSearchEntry  *entry)
{
  search (self, FALSE, FALSE);
}

static void
on_search_entry_next_match_cb (BilletSearchBar *self,
                               GtkSearchEntry  *entry)
{
  search (self, FALSE, FALSE);
}

static void
on_search_entry_previous_match_cb (BilletSearchBar *self,
                                   GtkSearchEntry  *entry)
{
  search (self, TRUE, FALSE);
}

static void
on_search_entry_stop_search_cb (BilletSearchBar *self,
                                GtkSearchEntry  *entry)
{
  billet_search_bar_end (self);
}

static void
on_replace_entry_changed_cb (BilletSearchBar *self,
                             GtkEntry        *entry)
{
  set_replace_error (self, NULL);
}

static void
on_replace_entry_activate_cb (BilletSearchBar *self,
                              GtkEntry        *entry)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "search.replace", NULL);
}

static void
on_search_bar_search_mode_enabled_cb (BilletSearchBar *self,
                                      GParamSpec      *pspec,
                                      GtkSearchBar    *search_bar)
{
  gboolean enabled = gtk_search_bar_get_search_mode (search_bar);

  if (!enabled)
    {
      GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
      GtkWidget *focus = root != NULL ? gtk_root_get_focus (root) : NULL;

      g_cancellable_cancel (self->cancellable);
      g_clear_object (&self->cancellable);

      /* Give the keyboard back to the text only when it was in the bar. */
      if (self->view != NULL && focus != NULL && gtk_widget_is_ancestor (focus, GTK_WIDGET (self)))
        gtk_widget_grab_focus (GTK_WIDGET (self->view));
    }

  if (self->context != NULL)
    gtk_source_search_context_set_highlight (self->context, enabled);
  /* style.css keeps the view's selection, the current match, visible
   * while the keyboard is in the bar. */
  if (self->view != NULL)
    {
      if (enabled)
        gtk_widget_add_css_class (GTK_WIDGET (self->view), "search-active");
      else
        gtk_widget_remove_css_class (GTK_WIDGET (self->view), "search-active");
    }
  apply_search_text (self);
  update_occurrences (self);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SEARCH_MODE_ENABLED]);
}

static void
search_next_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *param)
{
  search (BILLET_SEARCH_BAR (widget), FALSE, FALSE);
}

static void
search_previous_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *param)
{
  search (BILLET_SEARCH_BAR (widget), TRUE, FALSE);
}

static void
search_replace_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *param)
{
  BilletSearchBar *self = BILLET_SEARCH_BAR (widget);
  GtkTextBuffer *buffer = get_buffer (self);
  g_autoptr(GError) error = NULL;
  GtkTextIter begin, end;

  if (buffer == NULL)
    return;

  /* Replace the selected match, if the selection is one, then select the
   * next one; otherwise only select the next match, so that a second click
   * replaces what the author has seen. */
  gtk_text_buffer_get_selection_bounds (buffer, &begin, &end);
  if (gtk_source_search_context_get_occurrence_position (self->context, &begin, &end) > 0)
    {
      const char *replace = gtk_editable_get_text (GTK_EDITABLE (self->replace_entry));

      if (!gtk_source_search_context_replace (self->context, &begin, &end, replace, -1, &error))
        {
          set_replace_error (self, error);
          return;
        }
      gtk_text_buffer_place_cursor (buffer, &end);
    }

  search (self, FALSE, FALSE);
}

static void
search_replace_all_action (GtkWidget  *widget,
                           const char *action_name,
                           GVariant   *param)
{
  BilletSearchBar *self = BILLET_SEARCH_BAR (widget);
  g_autoptr(GError) error = NULL;
  const char *replace;

  if (self->context == NULL)
    return;

  replace = gtk_editable_get_text (GTK_EDITABLE (self->replace_entry));
  gtk_source_search_context_replace_all (self->context, replace, -1, &error);
  set_replace_error (self, error);
}

static void
search_close_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *param)
{
  billet_search_bar_end (BILLET_SEARCH_BAR (widget));
}

static void
set_replace_mode (BilletSearchBar *self,
                  gboolean         replace_mode)
{
  replace_mode = !!replace_mode;
  if (self->replace_mode == replace_mode)
    return;

  self->replace_mode = replace_mode;
  gtk_widget_set_visible (GTK_WIDGET (self->replace_entry), replace_mode);
  gtk_widget_set_visible (GTK_WIDGET (self->replace_box), replace_mode);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_REPLACE_MODE]);
}

static void
billet_search_bar_dispose (GObject *object)
{
  BilletSearchBar *self = (BilletSearchBar *) object;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);

  if (self->view_signals != NULL)
    g_signal_group_set_target (self->view_signals, NULL);
  if (self->buffer_signals != NULL)
    g_signal_group_set_target (self->buffer_signals, NULL);
  if (self->context_signals != NULL)
    g_signal_group_set_target (self->context_signals, NULL);
  g_clear_weak_pointer (&self->view);
  g_clear_object (&self->context);

  gtk_widget_dispose_template (GTK_WIDGET (self), BILLET_TYPE_SEARCH_BAR);

  G_OBJECT_CLASS (billet_search_bar_parent_class)->dispose (object);
}

static void
billet_search_bar_finalize (GObject *object)
{
  BilletSearchBar *self = (BilletSearchBar *) object;

  g_clear_object (&self->view_signals);
  g_clear_object (&self->buffer_signals);
  g_clear_object (&self->context_signals);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (billet_search_bar_parent_class)->finalize (object);
}

static void
billet_search_bar_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  BilletSearchBar *self = BILLET_SEARCH_BAR (object);

  switch (prop_id)
    {
    case PROP_VIEW:
      g_value_set_object (value, self->view);
      break;

    case PROP_SEARCH_MODE_ENABLED:
      g_value_set_boolean (value, gtk_search_bar_get_search_mode (self->search_bar));
      break;

    case PROP_REPLACE_MODE:
      g_value_set_boolean (value, self->replace_mode);
      break;

    case PROP_CASE_SENSITIVE:
      g_value_set_boolean (value, gtk_source_search_settings_get_case_sensitive (self->settings));
      break;

    case PROP_WHOLE_WORDS:
      g_value_set_boolean (value, gtk_source_search_settings_get_at_word_boundaries (self->settings));
      break;

    case PROP_REGEX:
      g_value_set_boolean (value, gtk_source_search_settings_get_regex_enabled (self->settings));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
billet_search_bar_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  BilletSearchBar *self = BILLET_SEARCH_BAR (object);
  gboolean enabled;

  switch (prop_id)
    {
    case PROP_VIEW:
      billet_search_bar_set_view (self, g_value_get_object (value));
      break;

    case PROP_SEARCH_MODE_ENABLED:
      /* The search bar's notify handler notifies ours. */
      gtk_search_bar_set_search_mode (self->search_bar, g_value_get_boolean (value));
      break;

    case PROP_REPLACE_MODE:
      set_replace_mode (self, g_value_get_boolean (value));
      break;

    case PROP_CASE_SENSITIVE:
      enabled = g_value_get_boolean (value);
      if (enabled != gtk_source_search_settings_get_case_sensitive (self->settings))
        {
          gtk_source_search_settings_set_case_sensitive (self->settings, enabled);
          g_object_notify_by_pspec (object, pspec);
        }
      break;

    case PROP_WHOLE_WORDS:
      enabled = g_value_get_boolean (value);
      if (enabled != gtk_source_search_settings_get_at_word_boundaries (self->settings))
        {
          gtk_source_search_settings_set_at_word_boundaries (self->settings, enabled);
          g_object_notify_by_pspec (object, pspec);
        }
      break;

    case PROP_REGEX:
      enabled = g_value_get_boolean (value);
      if (enabled != gtk_source_search_settings_get_regex_enabled (self->settings))
        {
          gtk_source_search_settings_set_regex_enabled (self->settings, enabled);
          g_object_notify_by_pspec (object, pspec);
        }
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
billet_search_bar_class_init (BilletSearchBarClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = billet_search_bar_dispose;
  object_class->finalize = billet_search_bar_finalize;
  object_class->get_property = billet_search_bar_get_property;
  object_class->set_property = billet_search_bar_set_property;

  /**
   * BilletSearchBar:view:
   *
   * The view to search in; the bar follows the buffer it shows.
   */
  properties[PROP_VIEW] =
    g_param_spec_object ("view", NULL, NULL,
                         GTK_SOURCE_TYPE_VIEW,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * BilletSearchBar:search-mode-enabled:
   *
   * Whether the bar is shown. Matches are highlighted only while it is.
   */
  properties[PROP_SEARCH_MODE_ENABLED] =
    g_param_spec_boolean ("search-mode-enabled", NULL, NULL,
                          FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * BilletSearchBar:replace-mode:
   *
   * Whether the replace entry and buttons are shown.
   */
  properties[PROP_REPLACE_MODE] =
    g_param_spec_boolean ("replace-mode", NULL, NULL,
                          FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * BilletSearchBar:case-sensitive:
   *
   * Whether the search distinguishes upper and lower case.
   */
  properties[PROP_CASE_SENSITIVE] =
    g_param_spec_boolean ("case-sensitive", NULL, NULL,
                          FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * BilletSearchBar:whole-words:
   *
   * Whether matches must start and end at word boundaries.
   */
  properties[PROP_WHOLE_WORDS] =
    g_param_spec_boolean ("whole-words", NULL, NULL,
                          FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * BilletSearchBar:regex:
   *
   * Whether the search text is a Perl-compatible regular expression; the
   * replace text may then refer to groups as `\1` or `\g<name>`.
   */
  properties[PROP_REGEX] =
    g_param_spec_boolean ("regex", NULL, NULL,
                          FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/org/billet/Billet/ui/billet-search-bar.ui");
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "billetsearchbar");

  gtk_widget_class_bind_template_child (widget_class, BilletSearchBar, search_bar);
  gtk_widget_class_bind_template_child (widget_class, BilletSearchBar, search_entry);
  gtk_widget_class_bind_template_child (widget_class, BilletSearchBar, occurrences_label);
  gtk_widget_class_bind_template_child (widget_class, BilletSearchBar, replace_entry);
  gtk_widget_class_bind_template_child (widget_class, BilletSearchBar, replace_box);
  gtk_widget_class_bind_template_callback (widget_class, on_search_bar_search_mode_enabled_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_search_entry_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_search_entry_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_search_entry_next_match_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_search_entry_previous_match_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_search_entry_stop_search_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_replace_entry_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_replace_entry_activate_cb);

  gtk_widget_class_install_action (widget_class, "search.next", NULL, search_next_action);
  gtk_widget_class_install_action (widget_class, "search.previous", NULL, search_previous_action);
  gtk_widget_class_install_action (widget_class, "search.replace", NULL, search_replace_action);
  gtk_widget_class_install_action (widget_class, "search.replace-all", NULL, search_replace_all_action);
  gtk_widget_class_install_action (widget_class, "search.close", NULL, search_close_action);
  gtk_widget_class_install_property_action (widget_class, "search.case-sensitive", "case-sensitive");
  gtk_widget_class_install_property_action (widget_class, "search.whole-words", "whole-words");
  gtk_widget_class_install_property_action (widget_class, "search.regex", "regex");
  gtk_widget_class_install_property_action (widget_class, "search.replace-mode", "replace-mode");

  /* The search entry turns Escape into "stop-search"; this covers the
   * replace entry and the buttons. */
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "search.close", NULL);
}

static void
billet_search_bar_init (BilletSearchBar *self)
{
  /* Before the template: its property actions read the settings. */
  self->settings = gtk_source_search_settings_new ();
  gtk_source_search_settings_set_wrap_around (self->settings, TRUE);

  gtk_widget_init_template (GTK_WIDGET (self));
  /* GtkSearchBar's close button, an icon without a name. */
  billet_accessible_name_parts_except (GTK_WIDGET (self->search_bar),
                                       gtk_search_bar_get_child (self->search_bar));

  self->view_signals = g_signal_group_new (GTK_TYPE_TEXT_VIEW);
  g_signal_group_connect_object (self->view_signals, "notify::buffer",
                                 G_CALLBACK (on_view_notify_buffer_cb), self, G_CONNECT_SWAPPED);

  self->buffer_signals = g_signal_group_new (GTK_TYPE_TEXT_BUFFER);
  g_signal_group_connect_object (self->buffer_signals, "mark-set",
                                 G_CALLBACK (on_buffer_mark_set_cb), self, G_CONNECT_SWAPPED);

  self->context_signals = g_signal_group_new (GTK_SOURCE_TYPE_SEARCH_CONTEXT);
  g_signal_group_connect_object (self->context_signals, "notify::occurrences-count",
                                 G_CALLBACK (update_occurrences), self, G_CONNECT_SWAPPED);
  g_signal_group_connect_object (self->context_signals, "notify::regex-error",
                                 G_CALLBACK (update_regex_error), self, G_CONNECT_SWAPPED);

  update_actions (self);
}

/**
 * billet_search_bar_new:
 *
 * Creates a hidden search bar; give it a view with
 * billet_search_bar_set_view().
 *
 * Returns: (transfer full): a new #BilletSearchBar
 */
BilletSearchBar *
billet_search_bar_new (void)
{
  return g_object_new (BILLET_TYPE_SEARCH_BAR, NULL);
}

/**
 * billet_search_bar_get_view:
 * @self: a #BilletSearchBar
 *
 * Returns: (transfer none) (nullable): the view searched in
 */
GtkSourceView *
billet_search_bar_get_view (BilletSearchBar *self)
{
  g_return_val_if_fail (BILLET_IS_SEARCH_BAR (self), NULL);

  return self->view;
}

/**
 * billet_search_bar_set_view:
 * @self: a #BilletSearchBar
 * @view: (nullable): the view to search in
 *
 * Sets the view whose buffer the bar searches. When the view is given
 * another buffer, the search moves to it.
 */
void
billet_search_bar_set_view (BilletSearchBar *self,
                            GtkSourceView   *view)
{
  g_return_if_fail (BILLET_IS_SEARCH_BAR (self));
  g_return_if_fail (view == NULL || GTK_SOURCE_IS_VIEW (view));

  if (!g_set_weak_pointer (&self->view, view))
    return;

  g_signal_group_set_target (self->view_signals, view);
  set_buffer (self, view != NULL ? gtk_text_view_get_buffer (GTK_TEXT_VIEW (view)) : NULL);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_VIEW]);
}

/**
 * billet_search_bar_begin:
 * @self: a #BilletSearchBar
 * @replace: whether to show the replace row too
 *
 * Shows the bar and focuses its search entry. When the view's selection
 * is on one line, it becomes the search text.
 */
void
billet_search_bar_begin (BilletSearchBar *self,
                         gboolean         replace)
{
  GtkTextBuffer *buffer;
  GtkTextIter begin, end;

  g_return_if_fail (BILLET_IS_SEARCH_BAR (self));

  set_replace_mode (self, replace);
  gtk_search_bar_set_search_mode (self->search_bar, TRUE);

  buffer = get_buffer (self);
  if (buffer != NULL &&
      gtk_text_buffer_get_selection_bounds (buffer, &begin, &end) &&
      gtk_text_iter_get_line (&begin) == gtk_text_iter_get_line (&end))
    {
      g_autofree char *text = gtk_text_iter_get_slice (&begin, &end);

      if (gtk_source_search_settings_get_regex_enabled (self->settings))
        {
          g_autofree char *escaped = g_regex_escape_string (text, -1);
          gtk_editable_set_text (GTK_EDITABLE (self->search_entry), escaped);
        }
      else
        {
          gtk_editable_set_text (GTK_EDITABLE (self->search_entry), text);
        }
    }

  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
  gtk_editable_select_region (GTK_EDITABLE (self->search_entry), 0, -1);
}

/**
 * billet_search_bar_end:
 * @self: a #BilletSearchBar
 *
 * Hides the bar and stops highlighting matches. If the keyboard focus was
 * in the bar, it goes back to the view.
 */
void
billet_search_bar_end (BilletSearchBar *self)
{
  g_return_if_fail (BILLET_IS_SEARCH_BAR (self));

  gtk_search_bar_set_search_mode (self->search_bar, FALSE);
}

/**
 * billet_search_bar_get_search_mode_enabled:
 * @self: a #BilletSearchBar
 *
 * Returns: whether the bar is shown
 */
gboolean
billet_search_bar_get_search_mode_enabled (BilletSearchBar *self)
{
  g_return_val_if_fail (BILLET_IS_SEARCH_BAR (self), FALSE);

  return gtk_search_bar_get_search_mode (self->search_bar);
}
