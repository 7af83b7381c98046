/* billet-source-view.c — the Markdown source, with the editing an author expects
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A GtkSourceView that knows Markdown the way an author types it:
 *
 * - Enter in a list item starts the next item (the same bullet, the next
 *   number, an unchecked task box, the same block quote); Enter on an item
 *   with nothing in it ends the list instead, leaving a blank line. Either
 *   is one undoable step.
 *   Shift+Enter is a plain line break. Inside a fenced code block, Enter is
 *   Enter.
 * - Tab and Shift+Tab on a list item indent and outdent it, to where a
 *   nested item must start (the parent's text column) and back.
 * - Bold, italic, links and headings around the selection (the window's
 *   Ctrl+B, Ctrl+I, Ctrl+K, Ctrl+1…3 call these).
 *
 * What a line's markers mean is the core's (billet-markdown-edit); this
 * file only reads lines and edits the buffer. Each key reads a few lines
 * around the cursor, never the whole text — Backspace included, which
 * GtkTextView would have walk to the next tag toggle, however far.
 */

#define G_LOG_DOMAIN "Billet"

#include "config.h"

#include <stdio.h>
#include <string.h>

#include "billet-markdown-edit.h"
#include "billet-source-view.h"

/* How far back Enter looks for an opening code fence, and Tab for a parent
 * item: a bound, so that no key costs in proportion to the document. */
#define MAX_LINES_BACK 400

/* Line numbers as the file counts them */

/* The body is the file from its front matter's end on: its first line is
 * the file's line 5, say. Error messages, `billet check` and the status
 * line give the file's lines; so does this gutter, which replaces
 * GtkSourceView's own numbers (they always start at 1). */
#define BILLET_TYPE_LINE_NUMBERS (billet_line_numbers_get_type ())
G_DECLARE_FINAL_TYPE (BilletLineNumbers, billet_line_numbers, BILLET, LINE_NUMBERS, GtkSourceGutterRendererText)

struct _BilletLineNumbers
{
  GtkSourceGutterRendererText parent_instance;
  guint first_line;
};

G_DEFINE_FINAL_TYPE (BilletLineNumbers, billet_line_numbers, GTK_SOURCE_TYPE_GUTTER_RENDERER_TEXT)

static char *
format_line_number (guint first_line,
                    guint line)
{
  return g_strdup_printf ("%u", first_line + line);
}

static void
billet_line_numbers_query_data (GtkSourceGutterRenderer *renderer,
                                GtkSourceGutterLines    *lines,
                                guint                    line)
{
  BilletLineNumbers *self = BILLET_LINE_NUMBERS (renderer);
  g_autofree char *text = format_line_number (self->first_line, line);

  if (gtk_source_gutter_lines_is_cursor (lines, line))
    {
      g_autofree char *markup = g_strdup_printf ("<b>%s</b>", text);

      gtk_source_gutter_renderer_text_set_markup (GTK_SOURCE_GUTTER_RENDERER_TEXT (renderer), markup, -1);
    }
  else
    gtk_source_gutter_renderer_text_set_text (GTK_SOURCE_GUTTER_RENDERER_TEXT (renderer), text, -1);
}

/* As wide as the largest number of the file, so that it does not change
 * width while scrolling. */
static void
billet_line_numbers_measure (GtkWidget      *widget,
                             GtkOrientation  orientation,
                             int             for_size,
                             int            *minimum,
                             int            *natural,
                             int            *minimum_baseline,
                             int            *natural_baseline)
{
  BilletLineNumbers *self = BILLET_LINE_NUMBERS (widget);
  GtkSourceView *view = gtk_source_gutter_renderer_get_view (GTK_SOURCE_GUTTER_RENDERER (widget));
  guint n_lines = 1;
  g_autofree char *widest = NULL;
  int width = 0, height = 0;

  if (orientation == GTK_ORIENTATION_VERTICAL)
    {
      *minimum = *natural = 0;
      *minimum_baseline = *natural_baseline = -1;
      return;
    }
  if (view != NULL)
    n_lines = (guint) gtk_text_buffer_get_line_count (gtk_text_view_get_buffer (GTK_TEXT_VIEW (view)));
  /* Eights: the widest digit in most fonts. */
  widest = g_strnfill ((gsize) snprintf (NULL, 0, "%u", self->first_line + n_lines), '8');
  gtk_source_gutter_renderer_text_measure (GTK_SOURCE_GUTTER_RENDERER_TEXT (widget), widest, &width, &height);
  *minimum = *natural = width + 2 * gtk_source_gutter_renderer_get_xpad (GTK_SOURCE_GUTTER_RENDERER (widget));
  *minimum_baseline = *natural_baseline = -1;
}

static void
billet_line_numbers_class_init (BilletLineNumbersClass *klass)
{
  GtkSourceGutterRendererClass *renderer_class = GTK_SOURCE_GUTTER_RENDERER_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  renderer_class->query_data = billet_line_numbers_query_data;
  widget_class->measure = billet_line_numbers_measure;
}

static void
billet_line_numbers_init (BilletLineNumbers *self)
{
  self->first_line = 1;
  gtk_source_gutter_renderer_set_xpad (GTK_SOURCE_GUTTER_RENDERER (self), 6);
  gtk_source_gutter_renderer_set_xalign (GTK_SOURCE_GUTTER_RENDERER (self), 1.0);
  gtk_widget_add_css_class (GTK_WIDGET (self), "dim-label");
}

/* The view */

struct _BilletSourceView
{
  GtkSourceView      parent_instance;

  BilletLineNumbers *line_numbers;   /* in the left gutter while shown */
  guint              first_line;
  gboolean           show_file_line_numbers;
};

G_DEFINE_FINAL_TYPE (BilletSourceView, billet_source_view, GTK_SOURCE_TYPE_VIEW)

enum {
  PROP_0,
  PROP_FIRST_LINE,
  PROP_SHOW_FILE_LINE_NUMBERS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static GtkTextBuffer *
get_buffer (BilletSourceView *self)
{
  return gtk_text_view_get_buffer (GTK_TEXT_VIEW (self));
}

/* The text of line @line, without its line break. */
static char *
dup_line (GtkTextBuffer *buffer,
          int            line)
{
  GtkTextIter start, end;

  if (!gtk_text_buffer_get_iter_at_line (buffer, &start, line))
    return NULL;
  end = start;
  if (!gtk_text_iter_ends_line (&end))
    gtk_text_iter_forward_to_line_end (&end);
  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

/* Whether @line is inside a fenced code block: an odd number of fence
 * lines above it (looking MAX_LINES_BACK lines up at most). */
static gboolean
in_code_fence (GtkTextBuffer *buffer,
               int            line)
{
  guint fences = 0;

  for (int i = line - 1; i >= 0 && i >= line - MAX_LINES_BACK; i--)
    {
      g_autofree char *text = dup_line (buffer, i);

      if (text != NULL && billet_markdown_is_fence_line (text, strlen (text)))
        fences++;
    }
  return fences % 2 == 1;
}

static gboolean
continue_list (BilletSourceView *self)
{
  GtkTextBuffer *buffer = get_buffer (self);
  g_auto(BilletListLine) item = { 0 };
  g_autofree char *text = NULL;
  GtkTextIter cursor, line_start;
  int line;
  gsize cursor_bytes;

  if (gtk_text_buffer_get_has_selection (buffer))
    return FALSE;
  gtk_text_buffer_get_iter_at_mark (buffer, &cursor, gtk_text_buffer_get_insert (buffer));
  line = gtk_text_iter_get_line (&cursor);
  text = dup_line (buffer, line);
  if (text == NULL || !billet_markdown_parse_list_line (text, strlen (text), &item))
    return FALSE;
  cursor_bytes = (gsize) gtk_text_iter_get_line_index (&cursor);
  if (cursor_bytes < item.prefix_end || in_code_fence (buffer, line))
    return FALSE;

  gtk_text_buffer_get_iter_at_line (buffer, &line_start, line);
  gtk_text_buffer_begin_user_action (buffer);
  if (item.empty)
    {
      /* Enter on an empty item ends the list: the markers go, and the
       * line stays blank — what ends a list in Markdown — with the cursor
       * on the next, for the paragraph that follows (typed right under
       * the item, it would continue the item's text). */
      GtkTextIter line_end = line_start;

      if (!gtk_text_iter_ends_line (&line_end))
        gtk_text_iter_forward_to_line_end (&line_end);
      gtk_text_buffer_delete (buffer, &line_start, &line_end);
      gtk_text_buffer_insert (buffer, &line_start, "\n", -1);
    }
  else
    {
      g_autofree char *insert = g_strconcat ("\n", item.continuation, NULL);

      gtk_text_buffer_insert (buffer, &cursor, insert, -1);
    }
  gtk_text_buffer_end_user_action (buffer);
  gtk_text_view_scroll_mark_onscreen (GTK_TEXT_VIEW (self), gtk_text_buffer_get_insert (buffer));
  return TRUE;
}

/* Tab and Shift+Tab on a list item: in to the previous item's text column
 * (where CommonMark nests it), out to the indentation of the item it is
 * nested in. */
static gboolean
indent_list_item (BilletSourceView *self,
                  gboolean          outdent)
{
  GtkTextBuffer *buffer = get_buffer (self);
  g_auto(BilletListLine) item = { 0 };
  g_autofree char *text = NULL;
  GtkTextIter cursor, start, end;
  gsize new_indent;
  int line;

  if (gtk_text_buffer_get_selection_bounds (buffer, &start, &end) &&
      gtk_text_iter_get_line (&start) != gtk_text_iter_get_line (&end))
    return FALSE;
  gtk_text_buffer_get_iter_at_mark (buffer, &cursor, gtk_text_buffer_get_insert (buffer));
  line = gtk_text_iter_get_line (&cursor);
  text = dup_line (buffer, line);
  if (text == NULL || !billet_markdown_parse_list_line (text, strlen (text), &item) ||
      item.marker_width == 0 || strchr (text, '\t') != NULL)
    return FALSE;

  new_indent = outdent ? 0 : item.indent + item.marker_width;
  for (int i = line - 1; i >= 0 && i >= line - MAX_LINES_BACK; i--)
    {
      g_autofree char *above = dup_line (buffer, i);
      g_auto(BilletListLine) parent = { 0 };

      if (above == NULL || above[0] == 0)
        continue;
      if (!billet_markdown_parse_list_line (above, strlen (above), &parent) || parent.marker_width == 0)
        {
          /* Text of an item (indented) goes on; anything else ends the list. */
          if (above[0] == ' ')
            continue;
          break;
        }
      if (outdent && parent.indent < item.indent)
        {
          new_indent = parent.indent;
          break;
        }
      if (!outdent && parent.indent == item.indent)
        {
          new_indent = parent.indent + parent.marker_width;
          break;
        }
      if (!outdent && parent.indent < item.indent)
        break;
    }
  if (outdent && item.indent == 0)
    return TRUE;   /* nothing to take out; the key is still the list's */

  gtk_text_buffer_get_iter_at_line (buffer, &start, line);
  end = start;
  gtk_text_iter_forward_chars (&end, (int) item.indent);
  gtk_text_buffer_begin_user_action (buffer);
  gtk_text_buffer_delete (buffer, &start, &end);
  {
    g_autofree char *spaces = g_strnfill (new_indent, ' ');

    gtk_text_buffer_insert (buffer, &start, spaces, -1);
  }
  gtk_text_buffer_end_user_action (buffer);
  return TRUE;
}

static gboolean
on_key_pressed_cb (GtkEventControllerKey *controller,
                   guint                  keyval,
                   guint                  keycode,
                   GdkModifierType        state,
                   BilletSourceView      *self)
{
  GdkModifierType mods = state & (GDK_CONTROL_MASK | GDK_ALT_MASK | GDK_SHIFT_MASK | GDK_SUPER_MASK);

  if (!gtk_text_view_get_editable (GTK_TEXT_VIEW (self)))
    return FALSE;
  switch (keyval)
    {
    case GDK_KEY_Return:
    case GDK_KEY_KP_Enter:
    case GDK_KEY_ISO_Enter:
      return mods == 0 && continue_list (self);
    case GDK_KEY_Tab:
    case GDK_KEY_KP_Tab:
      return mods == 0 && indent_list_item (self, FALSE);
    case GDK_KEY_ISO_Left_Tab:
      return (mods == GDK_SHIFT_MASK || mods == 0) && indent_list_item (self, TRUE);
    default:
      return FALSE;
    }
}

static void
update_line_numbers (BilletSourceView *self)
{
  GtkSourceGutter *gutter = gtk_source_view_get_gutter (GTK_SOURCE_VIEW (self), GTK_TEXT_WINDOW_LEFT);

  if (self->show_file_line_numbers && self->line_numbers == NULL)
    {
      self->line_numbers = g_object_new (BILLET_TYPE_LINE_NUMBERS, NULL);
      gtk_source_gutter_insert (gutter, GTK_SOURCE_GUTTER_RENDERER (self->line_numbers), -30);
    }
  else if (!self->show_file_line_numbers && self->line_numbers != NULL)
    {
      gtk_source_gutter_remove (gutter, GTK_SOURCE_GUTTER_RENDERER (self->line_numbers));
      self->line_numbers = NULL;
    }
  if (self->line_numbers != NULL)
    {
      self->line_numbers->first_line = self->first_line;
      gtk_widget_queue_resize (GTK_WIDGET (self->line_numbers));
      gtk_widget_queue_draw (GTK_WIDGET (self->line_numbers));
    }
}

static void
billet_source_view_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  BilletSourceView *self = BILLET_SOURCE_VIEW (object);

  switch (prop_id)
    {
    case PROP_FIRST_LINE:
      g_value_set_uint (value, self->first_line);
      break;
    case PROP_SHOW_FILE_LINE_NUMBERS:
      g_value_set_boolean (value, self->show_file_line_numbers);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
billet_source_view_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  BilletSourceView *self = BILLET_SOURCE_VIEW (object);

  switch (prop_id)
    {
    case PROP_FIRST_LINE:
      billet_source_view_set_first_line (self, g_value_get_uint (value));
      break;
    case PROP_SHOW_FILE_LINE_NUMBERS:
      if (self->show_file_line_numbers != g_value_get_boolean (value))
        {
          self->show_file_line_numbers = g_value_get_boolean (value);
          update_line_numbers (self);
          g_object_notify_by_pspec (object, pspec);
        }
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
find_uneditable_tag (GtkTextTag *tag,
                     gpointer    data)
{
  gboolean *found = data;
  gboolean editable_set = FALSE;
  gboolean editable = TRUE;

  g_object_get (tag, "editable-set", &editable_set, "editable", &editable, NULL);
  if (editable_set && !editable)
    *found = TRUE;
}

/* Whether some tag of @buffer can make text uneditable: none of ours
 * does, nor GtkSourceView's. */
static gboolean
has_uneditable_tag (GtkTextBuffer *buffer)
{
  gboolean found = FALSE;

  gtk_text_tag_table_foreach (gtk_text_buffer_get_tag_table (buffer), find_uneditable_tag, &found);
  return found;
}

/* Whether Backspace after @cluster (a grapheme cluster) deletes only its
 * last character, as in scripts that build a cluster from several keys,
 * rather than all of it, as in Latin, Greek or Cyrillic: Pango says, from
 * the cluster's base character. */
static gboolean
deletes_character (const char *cluster)
{
  glong n_chars = g_utf8_strlen (cluster, -1);
  g_autofree PangoLogAttr *attrs = g_new0 (PangoLogAttr, n_chars + 1);

  pango_get_log_attrs (cluster, -1, -1, pango_language_get_default (), attrs, (int) n_chars + 1);
  return attrs[n_chars].backspace_deletes_character;
}

/* Backspace as GtkTextView does it (gtk_text_buffer_backspace()), but for
 * how it asks whether the text may be edited: through
 * gtk_text_buffer_delete_interactive(), which walks from the deleted
 * character to the next toggle of any tag — in a large post, highlighted
 * lightly and only where it was shown, to the end of the text: 5 ms a key
 * at 5 MB. With no tag that can forbid editing, the view's own editable
 * flag is the whole answer, and the text deleted is the same. */
static void
billet_source_view_backspace (GtkTextView *view)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (view);
  GtkTextMark *insert = gtk_text_buffer_get_insert (buffer);
  g_autofree char *cluster = NULL;
  GtkTextIter start, end;

  if (!gtk_text_view_get_editable (view) || has_uneditable_tag (buffer))
    {
      GTK_TEXT_VIEW_CLASS (billet_source_view_parent_class)->backspace (view);
      return;
    }

  gtk_text_view_reset_im_context (view);
  gtk_text_buffer_begin_user_action (buffer);
  /* A selection goes, and nothing else. */
  if (!gtk_text_buffer_delete_selection (buffer, FALSE, TRUE))
    {
      gtk_text_buffer_get_iter_at_mark (buffer, &end, insert);
      start = end;
      gtk_text_iter_backward_cursor_position (&start);
      if (gtk_text_iter_equal (&start, &end))
        gtk_widget_error_bell (GTK_WIDGET (view));
      else
        {
          cluster = gtk_text_iter_get_text (&start, &end);
          gtk_text_buffer_delete (buffer, &start, &end);
          /* What remains of the cluster goes back, as GTK does; never
           * the \r of a \r\n. */
          if (strcmp (cluster, "\r\n") != 0 && deletes_character (cluster))
            {
              g_autofree char *decomposed = g_utf8_normalize (cluster, -1, G_NORMALIZE_NFD);
              glong n_chars = decomposed != NULL ? g_utf8_strlen (decomposed, -1) : 0;

              if (n_chars > 1)
                gtk_text_buffer_insert (buffer, &start, decomposed,
                                        (int) (g_utf8_offset_to_pointer (decomposed, n_chars - 1) - decomposed));
            }
          gtk_text_view_scroll_mark_onscreen (view, insert);
        }
    }
  gtk_text_buffer_end_user_action (buffer);
}

static void
billet_source_view_class_init (BilletSourceViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkTextViewClass *text_view_class = GTK_TEXT_VIEW_CLASS (klass);

  object_class->get_property = billet_source_view_get_property;
  object_class->set_property = billet_source_view_set_property;
  text_view_class->backspace = billet_source_view_backspace;

  /**
   * BilletSourceView:first-line:
   *
   * The file's line number of the buffer's first line: what the gutter
   * shows for it.
   */
  properties[PROP_FIRST_LINE] =
    g_param_spec_uint ("first-line", NULL, NULL, 1, G_MAXUINT, 1,
                       G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  /**
   * BilletSourceView:show-file-line-numbers:
   *
   * Whether the gutter shows line numbers, counted from #BilletSourceView:first-line.
   */
  properties[PROP_SHOW_FILE_LINE_NUMBERS] =
    g_param_spec_boolean ("show-file-line-numbers", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

/**
 * billet_source_view_set_first_line:
 * @first_line: the file's line number of the buffer's first line
 */
void
billet_source_view_set_first_line (BilletSourceView *self,
                                   guint             first_line)
{
  g_return_if_fail (BILLET_IS_SOURCE_VIEW (self));

  first_line = MAX (first_line, 1);
  if (self->first_line == first_line)
    return;
  self->first_line = first_line;
  update_line_numbers (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FIRST_LINE]);
}

/**
 * billet_source_view_dup_line_number:
 * @line: a line of the buffer, from 0
 *
 * Returns: (transfer full) (nullable): what the gutter shows for @line, or
 *   %NULL when it shows no line numbers
 */
char *
billet_source_view_dup_line_number (BilletSourceView *self,
                                    guint             line)
{
  g_return_val_if_fail (BILLET_IS_SOURCE_VIEW (self), NULL);

  if (self->line_numbers == NULL)
    return NULL;
  return format_line_number (self->line_numbers->first_line, line);
}

static void
billet_source_view_init (BilletSourceView *self)
{
  GtkEventController *keys = gtk_event_controller_key_new ();

  self->first_line = 1;

  /* Before the view's own handling of Enter (auto-indent) and Tab. */
  gtk_event_controller_set_propagation_phase (keys, GTK_PHASE_CAPTURE);
  g_signal_connect (keys, "key-pressed", G_CALLBACK (on_key_pressed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), keys);
}

GtkWidget *
billet_source_view_new (void)
{
  return g_object_new (BILLET_TYPE_SOURCE_VIEW, NULL);
}

/**
 * billet_source_view_wrap_selection:
 *
 * Puts @before and @after around the selection, or around the cursor
 * (which goes between them), as one undoable step.
 */
void
billet_source_view_wrap_selection (BilletSourceView *self,
                                   const char       *before,
                                   const char       *after)
{
  GtkTextBuffer *buffer;
  GtkTextIter start, end;

  g_return_if_fail (BILLET_IS_SOURCE_VIEW (self));

  buffer = get_buffer (self);
  gtk_text_buffer_begin_user_action (buffer);
  if (gtk_text_buffer_get_selection_bounds (buffer, &start, &end))
    {
      GtkTextMark *end_mark = gtk_text_buffer_create_mark (buffer, NULL, &end, FALSE);

      gtk_text_buffer_insert (buffer, &start, before, -1);
      gtk_text_buffer_get_iter_at_mark (buffer, &end, end_mark);
      gtk_text_buffer_insert (buffer, &end, after, -1);
      gtk_text_buffer_delete_mark (buffer, end_mark);
    }
  else
    {
      gtk_text_buffer_insert_at_cursor (buffer, before, -1);
      gtk_text_buffer_insert_at_cursor (buffer, after, -1);
      gtk_text_buffer_get_iter_at_mark (buffer, &start, gtk_text_buffer_get_insert (buffer));
      gtk_text_iter_backward_chars (&start, (int) g_utf8_strlen (after, -1));
      gtk_text_buffer_place_cursor (buffer, &start);
    }
  gtk_text_buffer_end_user_action (buffer);
  gtk_widget_grab_focus (GTK_WIDGET (self));
}

/**
 * billet_source_view_insert_link:
 *
 * Makes the selection a link, `[text](https://)`, with the address part
 * selected, ready to be typed over.
 */
void
billet_source_view_insert_link (BilletSourceView *self)
{
  GtkTextBuffer *buffer;
  GtkTextIter start, end;
  const char *url = "https://";

  g_return_if_fail (BILLET_IS_SOURCE_VIEW (self));

  buffer = get_buffer (self);
  billet_source_view_wrap_selection (self, "[", "](https://)");
  gtk_text_buffer_get_iter_at_mark (buffer, &end, gtk_text_buffer_get_insert (buffer));
  if (gtk_text_iter_forward_search (&end, "](", 0, &start, &end, NULL))
    {
      GtkTextIter url_end = end;

      gtk_text_iter_forward_chars (&url_end, (int) strlen (url));
      gtk_text_buffer_select_range (buffer, &end, &url_end);
    }
}

/**
 * billet_source_view_set_heading:
 * @level: 1 to 6, or 0 for no heading
 *
 * Makes the cursor's line a heading of @level; the same level again makes
 * it a paragraph.
 */
void
billet_source_view_set_heading (BilletSourceView *self,
                                int               level)
{
  GtkTextBuffer *buffer;
  GtkTextIter line_start, marks_end;
  g_autofree char *prefix = NULL;

  g_return_if_fail (BILLET_IS_SOURCE_VIEW (self));

  buffer = get_buffer (self);
  gtk_text_buffer_get_iter_at_mark (buffer, &line_start, gtk_text_buffer_get_insert (buffer));
  gtk_text_iter_set_line_offset (&line_start, 0);
  marks_end = line_start;
  while (gtk_text_iter_get_char (&marks_end) == '#')
    gtk_text_iter_forward_char (&marks_end);
  while (gtk_text_iter_get_char (&marks_end) == ' ')
    gtk_text_iter_forward_char (&marks_end);

  /* The same level again removes the heading. */
  if (gtk_text_iter_get_line_offset (&marks_end) > 0)
    {
      g_autofree char *marks = gtk_text_buffer_get_text (buffer, &line_start, &marks_end, FALSE);

      g_strstrip (marks);
      if ((int) strlen (marks) == level)
        level = 0;
    }

  prefix = level > 0 ? g_strdup_printf ("%.*s ", level, "######") : g_strdup ("");
  gtk_text_buffer_begin_user_action (buffer);
  gtk_text_buffer_delete (buffer, &line_start, &marks_end);
  gtk_text_buffer_insert (buffer, &line_start, prefix, -1);
  gtk_text_buffer_end_user_action (buffer);
  gtk_widget_grab_focus (GTK_WIDGET (self));
}
