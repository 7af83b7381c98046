/* billet-grammar.c — French grammar and typography underlines, from Grammalecte
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * While the window shows a French post (lang, language or locale in its
 * front matter, else the user's locale), a helper process of ours,
 * billet-grammalecte (src/grammar/), checks its paragraphs with
 * Grammalecte's Python API. It is started then, stopped when the window shows
 * a post in another language or closes, and started again if it dies (a few
 * times a minute at most).
 *
 * Only changed paragraphs are sent, once typing pauses: an edit marks its
 * lines dirty, a pause of GRAMMAR_PAUSE_MS sends each dirty paragraph as one
 * request {"id", "text"}, with what is not prose (billet-prose.c: code,
 * URLs, HTML, shortcodes…) replaced by as many "_" and Markdown's marks (#, >,
 * list bullets, table rules, emphasis, brackets) by as many spaces, so that Grammalecte's
 * character offsets are the buffer's. An answer whose paragraph changed since
 * it was sent is dropped (the paragraph is dirty again, and goes again), as
 * is any error that touches a masked character. Grammalecte's spelling errors
 * are not sent: the spelling checker has them.
 *
 * Grammar and typography errors get their own underlines (tags), and the
 * source view's context menu a section (this unit's own GMenu) with the
 * message and one item per correction.
 */

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>

#include "billet-grammar.h"
#include "billet-prose.h"

#define GRAMMAR_PAUSE_MS   400
#define GRAMMAR_TAG        "billet-grammar-error"
#define TYPOGRAPHY_TAG     "billet-typography-error"
#define MAX_RESTARTS       5

typedef struct
{
  GtkTextMark  *start;
  GtkTextMark  *end;
  char         *message;
  GStrv         suggestions;
  gboolean      typography;
} Issue;

typedef struct
{
  gint64         id;
  GtkTextBuffer *buffer;
  GtkTextMark   *start;
  GtkTextMark   *end;
  guint8        *masked;     /* one flag a character of the text sent */
  guint          n_chars;
  gboolean       stale;
} Request;

struct _BilletGrammar
{
  GObject             parent_instance;

  GtkTextView        *view;      /* weak */
  GtkLabel           *note;      /* weak */
  BilletDocument     *document;
  GtkTextBuffer      *buffer;
  gboolean            french;
  gboolean            shut_down;

  BilletGrammarState  state;
  GSubprocess        *process;
  GOutputStream      *to_helper;
  GDataInputStream   *from_helper;
  GCancellable       *cancellable;
  GString            *outgoing;
  gboolean            writing;
  guint               restart_source;
  guint               n_restarts;
  gint64              restarts_since;

  gint64              next_id;
  GQueue              requests;
  int                 dirty_first;   /* lines, -1: none */
  int                 dirty_last;
  guint               pause_source;

  GPtrArray          *issues;
  GMenu              *section;
  GSimpleActionGroup *actions;
};

G_DEFINE_FINAL_TYPE (BilletGrammar, billet_grammar, G_TYPE_OBJECT)

enum
{
  SIGNAL_UPDATED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void start_process (BilletGrammar *self);
static void read_next     (BilletGrammar *self);
static void send_dirty    (BilletGrammar *self);
static void on_cursor_moved_cb (GtkTextBuffer *buffer, GParamSpec *pspec, BilletGrammar *self);

static void
issue_free (gpointer data)
{
  Issue *issue = data;
  GtkTextBuffer *buffer = gtk_text_mark_get_buffer (issue->start);

  if (buffer != NULL)
    {
      gtk_text_buffer_delete_mark (buffer, issue->start);
      gtk_text_buffer_delete_mark (buffer, issue->end);
    }
  g_object_unref (issue->start);
  g_object_unref (issue->end);
  g_free (issue->message);
  g_strfreev (issue->suggestions);
  g_free (issue);
}

static void
request_free (Request *request)
{
  if (gtk_text_mark_get_buffer (request->start) != NULL)
    {
      gtk_text_buffer_delete_mark (request->buffer, request->start);
      gtk_text_buffer_delete_mark (request->buffer, request->end);
    }
  g_object_unref (request->start);
  g_object_unref (request->end);
  g_object_unref (request->buffer);
  g_free (request->masked);
  g_free (request);
}

static void
mark_dirty (BilletGrammar *self,
            int            first,
            int            last)
{
  if (self->dirty_first < 0 || first < self->dirty_first)
    self->dirty_first = first;
  if (last > self->dirty_last)
    self->dirty_last = last;
}

static void
mark_all_dirty (BilletGrammar *self)
{
  if (self->buffer != NULL)
    mark_dirty (self, 0, gtk_text_buffer_get_line_count (self->buffer));
}

/* The requests under way are lost: what they held goes again. */
static void
requeue_requests (BilletGrammar *self)
{
  Request *request;

  while ((request = g_queue_pop_head (&self->requests)) != NULL)
    {
      if (request->buffer == self->buffer && !request->stale)
        {
          GtkTextIter start, end;

          gtk_text_buffer_get_iter_at_mark (request->buffer, &start, request->start);
          gtk_text_buffer_get_iter_at_mark (request->buffer, &end, request->end);
          mark_dirty (self, gtk_text_iter_get_line (&start), gtk_text_iter_get_line (&end));
        }
      request_free (request);
    }
}

static void
clear_underlines (BilletGrammar *self)
{
  GtkTextIter start, end;

  if (self->issues != NULL)
    g_ptr_array_set_size (self->issues, 0);
  if (self->section != NULL)
    g_menu_remove_all (self->section);
  if (self->buffer == NULL)
    return;
  gtk_text_buffer_get_bounds (self->buffer, &start, &end);
  gtk_text_buffer_remove_tag_by_name (self->buffer, GRAMMAR_TAG, &start, &end);
  gtk_text_buffer_remove_tag_by_name (self->buffer, TYPOGRAPHY_TAG, &start, &end);
}

static void
set_state (BilletGrammar      *self,
           BilletGrammarState  state)
{
  self->state = state;
  if (self->note == NULL)
    return;
  if (state == BILLET_GRAMMAR_UNAVAILABLE && self->french)
    {
      gtk_label_set_text (self->note,
                          _("Installing python3-grammalecte adds French grammar and typography checking"));
      gtk_widget_set_visible (GTK_WIDGET (self->note), TRUE);
    }
  else
    gtk_widget_set_visible (GTK_WIDGET (self->note), FALSE);
}

static void
stop_process (BilletGrammar *self)
{
  g_clear_handle_id (&self->restart_source, g_source_remove);
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->process != NULL)
    g_subprocess_force_exit (self->process);
  g_clear_object (&self->to_helper);
  g_clear_object (&self->from_helper);
  g_clear_object (&self->process);
  if (self->outgoing != NULL)
    g_string_truncate (self->outgoing, 0);
  self->writing = FALSE;
  requeue_requests (self);
}

/* The helper: $BILLET_GRAMMAR_HELPER, beside the running program (a build
 * tree), or installed in libexec. */
static char *
find_helper (void)
{
  const char *env = g_getenv ("BILLET_GRAMMAR_HELPER");
  g_autofree char *self = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *beside = NULL;

  if (env != NULL && *env != '\0')
    return g_strdup (env);
  self = g_file_read_link ("/proc/self/exe", NULL);
  dir = self ? g_path_get_dirname (self) : NULL;
  beside = dir ? g_build_filename (dir, "billet-grammalecte", NULL) : NULL;
  if (beside != NULL && g_file_test (beside, G_FILE_TEST_IS_EXECUTABLE))
    return g_steal_pointer (&beside);
  return g_strdup (BILLET_LIBEXECDIR "/billet-grammalecte");
}

static void
on_process_gone (BilletGrammar *self)
{
  gint64 now = g_get_monotonic_time ();

  stop_process (self);
  if (!self->french || self->shut_down)
    return;
  if (now - self->restarts_since > 60 * G_USEC_PER_SEC)
    {
      self->restarts_since = now;
      self->n_restarts = 0;
    }
  if (self->state == BILLET_GRAMMAR_UNAVAILABLE || ++self->n_restarts > MAX_RESTARTS)
    {
      g_message ("The grammar helper stopped; French grammar is not checked any more in this window");
      set_state (self, BILLET_GRAMMAR_UNAVAILABLE);
      return;
    }
  set_state (self, BILLET_GRAMMAR_STARTING);
  start_process (self);
}

static void flush_outgoing (BilletGrammar *self);

/* A write under way: its bytes live until it ends, even cancelled */
typedef struct
{
  BilletGrammar *self;
  GBytes        *bytes;
} Write;

static void
write_done_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  Write *write = user_data;
  g_autoptr(BilletGrammar) self = write->self;
  g_autoptr(GError) error = NULL;
  gboolean ok = g_output_stream_write_all_finish (G_OUTPUT_STREAM (source), result, NULL, &error);

  g_bytes_unref (write->bytes);
  g_free (write);
  if (G_OUTPUT_STREAM (source) != self->to_helper)
    return;
  if (!ok)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        on_process_gone (self);
      return;
    }
  self->writing = FALSE;
  flush_outgoing (self);
}

/* One write at a time, never blocking: what is asked meanwhile waits in
 * self->outgoing. */
static void
flush_outgoing (BilletGrammar *self)
{
  Write *write;

  if (self->writing || self->to_helper == NULL || self->outgoing->len == 0)
    return;
  write = g_new0 (Write, 1);
  write->self = g_object_ref (self);
  write->bytes = g_string_free_to_bytes (self->outgoing);
  self->outgoing = g_string_new (NULL);
  self->writing = TRUE;
  g_output_stream_write_all_async (self->to_helper, g_bytes_get_data (write->bytes, NULL),
                                   g_bytes_get_size (write->bytes), G_PRIORITY_DEFAULT,
                                   self->cancellable, write_done_cb, write);
}

static void
send_line (BilletGrammar *self,
           const char    *line)
{
  g_string_append (self->outgoing, line);
  g_string_append_c (self->outgoing, '\n');
  flush_outgoing (self);
}

static Request *
find_request (BilletGrammar *self,
              gint64         id)
{
  Request *request;

  /* Answers come in order: those before are lost (the helper answered
   * them with an error), and go again. */
  while ((request = g_queue_peek_head (&self->requests)) != NULL && request->id < id)
    {
      g_queue_pop_head (&self->requests);
      if (!request->stale && request->buffer == self->buffer)
        {
          GtkTextIter start, end;

          gtk_text_buffer_get_iter_at_mark (request->buffer, &start, request->start);
          gtk_text_buffer_get_iter_at_mark (request->buffer, &end, request->end);
          mark_dirty (self, gtk_text_iter_get_line (&start), gtk_text_iter_get_line (&end));
        }
      request_free (request);
    }
  if (request != NULL && request->id == id)
    return g_queue_pop_head (&self->requests);
  return NULL;
}

static void
remove_issues_in (BilletGrammar     *self,
                  const GtkTextIter *start,
                  const GtkTextIter *end)
{
  for (guint i = self->issues->len; i-- > 0;)
    {
      Issue *issue = g_ptr_array_index (self->issues, i);
      GtkTextIter at;

      gtk_text_buffer_get_iter_at_mark (self->buffer, &at, issue->start);
      if (gtk_text_iter_compare (&at, start) >= 0 && gtk_text_iter_compare (&at, end) <= 0)
        g_ptr_array_remove_index (self->issues, i);
    }
}

static void
apply_answer (BilletGrammar *self,
              Request       *request,
              JsonArray     *errors)
{
  GtkTextIter start, end;
  int base;

  gtk_text_buffer_get_iter_at_mark (self->buffer, &start, request->start);
  gtk_text_buffer_get_iter_at_mark (self->buffer, &end, request->end);
  base = gtk_text_iter_get_offset (&start);
  gtk_text_buffer_remove_tag_by_name (self->buffer, GRAMMAR_TAG, &start, &end);
  gtk_text_buffer_remove_tag_by_name (self->buffer, TYPOGRAPHY_TAG, &start, &end);
  remove_issues_in (self, &start, &end);

  for (guint i = 0; errors != NULL && i < json_array_get_length (errors); i++)
    {
      JsonObject *error = json_array_get_object_element (errors, i);
      gint64 from, to;
      const char *kind;
      JsonArray *suggestions;
      Issue *issue;
      GtkTextIter error_start, error_end;
      gboolean touches_mask = FALSE;

      if (error == NULL || !json_object_has_member (error, "start") || !json_object_has_member (error, "end"))
        continue;
      from = json_object_get_int_member (error, "start");
      to = json_object_get_int_member (error, "end");
      if (from < 0 || to <= from || to > request->n_chars)
        continue;
      for (gint64 k = from; k < to; k++)
        touches_mask |= request->masked[k];
      if (touches_mask)
        continue;

      kind = json_object_get_string_member_with_default (error, "kind", "grammar");
      gtk_text_buffer_get_iter_at_offset (self->buffer, &error_start, base + (int) from);
      gtk_text_buffer_get_iter_at_offset (self->buffer, &error_end, base + (int) to);
      issue = g_new0 (Issue, 1);
      issue->typography = g_strcmp0 (kind, "typography") == 0;
      gtk_text_buffer_apply_tag_by_name (self->buffer, issue->typography ? TYPOGRAPHY_TAG : GRAMMAR_TAG,
                                         &error_start, &error_end);
      issue->start = g_object_ref (gtk_text_buffer_create_mark (self->buffer, NULL, &error_start, TRUE));
      issue->end = g_object_ref (gtk_text_buffer_create_mark (self->buffer, NULL, &error_end, FALSE));
      issue->message = g_strdup (json_object_get_string_member_with_default (error, "message", ""));
      suggestions = json_object_has_member (error, "suggestions")
                    ? json_object_get_array_member (error, "suggestions") : NULL;
      if (suggestions != NULL)
        {
          GStrvBuilder *builder = g_strv_builder_new ();

          for (guint k = 0; k < json_array_get_length (suggestions); k++)
            {
              const char *text = json_array_get_string_element (suggestions, k);

              if (text != NULL)
                g_strv_builder_add (builder, text);
            }
          issue->suggestions = g_strv_builder_end (builder);
          g_strv_builder_unref (builder);
        }
      g_ptr_array_add (self->issues, issue);
    }
}

static void
handle_line (BilletGrammar *self,
             const char    *line)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *object;
  Request *request;

  if (!json_parser_load_from_data (parser, line, -1, NULL) ||
      !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    return;
  object = json_node_get_object (json_parser_get_root (parser));

  if (json_object_has_member (object, "ready"))
    {
      if (json_object_get_boolean_member (object, "ready"))
        {
          set_state (self, BILLET_GRAMMAR_READY);
          send_dirty (self);
        }
      else
        {
          set_state (self, BILLET_GRAMMAR_UNAVAILABLE);
          stop_process (self);
        }
      return;
    }
  if (!json_object_has_member (object, "id") || json_object_get_null_member (object, "id"))
    return;
  request = find_request (self, json_object_get_int_member (object, "id"));
  if (request == NULL)
    return;
  /* Stale: the paragraph changed since (it is dirty, and goes again), or
   * another post is shown. */
  if (!request->stale && request->buffer == self->buffer && json_object_has_member (object, "errors"))
    {
      apply_answer (self, request, json_object_get_array_member (object, "errors"));
      g_signal_emit (self, signals[SIGNAL_UPDATED], 0);
    }
  request_free (request);
}

static void
read_line_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(BilletGrammar) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *line = g_data_input_stream_read_line_finish_utf8 (G_DATA_INPUT_STREAM (source),
                                                                     result, NULL, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) ||
      G_DATA_INPUT_STREAM (source) != self->from_helper)
    return;
  if (line == NULL)
    {
      /* The end of its output: the helper is gone. */
      on_process_gone (self);
      return;
    }
  handle_line (self, line);
  if (self->from_helper == G_DATA_INPUT_STREAM (source))
    read_next (self);
}

static void
read_next (BilletGrammar *self)
{
  g_data_input_stream_read_line_async (self->from_helper, G_PRIORITY_DEFAULT, self->cancellable,
                                       read_line_cb, g_object_ref (self));
}

static void
start_process (BilletGrammar *self)
{
  g_autofree char *helper = find_helper ();
  const char *argv[] = { helper, NULL };
  g_autoptr(GError) error = NULL;

  g_return_if_fail (self->process == NULL);
  self->process = g_subprocess_newv (argv, G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                     G_SUBPROCESS_FLAGS_STDERR_SILENCE, &error);
  if (self->process == NULL)
    {
      g_debug ("No grammar helper (%s): %s", helper, error->message);
      set_state (self, BILLET_GRAMMAR_UNAVAILABLE);
      return;
    }
  self->cancellable = g_cancellable_new ();
  self->to_helper = g_object_ref (g_subprocess_get_stdin_pipe (self->process));
  self->from_helper = g_data_input_stream_new (g_subprocess_get_stdout_pipe (self->process));
  /* A long paragraph's answer is one long line. */
  g_buffered_input_stream_set_buffer_size (G_BUFFERED_INPUT_STREAM (self->from_helper), 64 * 1024);
  if (self->state != BILLET_GRAMMAR_STARTING)
    set_state (self, BILLET_GRAMMAR_STARTING);
  read_next (self);
}

static gboolean
is_blank_line (GtkTextBuffer *buffer,
               int            line)
{
  GtkTextIter iter;

  gtk_text_buffer_get_iter_at_line (buffer, &iter, line);
  while (!gtk_text_iter_ends_line (&iter))
    {
      if (!g_unichar_isspace (gtk_text_iter_get_char (&iter)))
        return FALSE;
      gtk_text_iter_forward_char (&iter);
    }
  return TRUE;
}

/* Markdown's own marks in a line of prose: masked by spaces. @flags gets
 * 1 for each byte of [line, line + len) that is a mark. */
static void
mask_marks (const char *line,
            gsize       len,
            guint8     *flags)
{
  gsize i = 0;

  /* At the start: indentation, quotes, headings, bullets, numbers, tasks */
  for (;;)
    {
      gsize j = i;

      while (j < len && (line[j] == ' ' || line[j] == '\t'))
        j++;
      if (j < len && line[j] == '>')
        j++;
      else if (j < len && line[j] == '#')
        {
          while (j < len && line[j] == '#')
            j++;
        }
      else if (j + 1 < len && strchr ("-*+", line[j]) != NULL && line[j + 1] == ' ')
        j++;
      else if (j < len && g_ascii_isdigit (line[j]))
        {
          gsize k = j;

          while (k < len && g_ascii_isdigit (line[k]))
            k++;
          if (k + 1 < len && (line[k] == '.' || line[k] == ')') && line[k + 1] == ' ')
            j = k + 1;
        }
      else if (j + 2 < len && line[j] == '[' && strchr (" xX", line[j + 1]) != NULL && line[j + 2] == ']')
        j += 3;
      if (j == i)
        break;
      memset (flags + i, 1, j - i);
      i = j;
    }
  for (; i < len; i++)
    if (line[i] == '*' || line[i] == '[' || line[i] == ']' || line[i] == '|' || line[i] == '~' ||
        (line[i] == '!' && i + 1 < len && line[i + 1] == '[') ||
        (line[i] == '_' && (i == 0 || !g_ascii_isalnum (line[i - 1]) || i + 1 == len ||
                            !g_ascii_isalnum (line[i + 1]))))
      flags[i] = 1;
}

/* Sends the paragraph of lines [first, last] of @text (the whole body,
 * @mask its prose mask, @line_starts its lines' byte offsets). */
static void
send_paragraph (BilletGrammar *self,
                const char    *text,
                const guint8  *mask,
                GArray        *line_starts,
                gsize          len,
                int            line0,
                int            first,
                int            last)
{
  gsize start = g_array_index (line_starts, gsize, first);
  gsize end = (guint) last + 1 < line_starts->len ? g_array_index (line_starts, gsize, last + 1) : len;
  g_autofree guint8 *marks = g_malloc0 (end - start + 1);
  g_autoptr(GString) sent = g_string_sized_new (end - start);
  g_autoptr(GByteArray) masked = g_byte_array_new ();
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *line = NULL;
  gboolean any_prose = FALSE;
  GtkTextIter start_iter, end_iter;
  Request *request;

  for (int l = first; l <= last; l++)
    {
      gsize from = g_array_index (line_starts, gsize, l);
      gsize to = (guint) l + 1 < line_starts->len ? g_array_index (line_starts, gsize, l + 1) : len;

      mask_marks (text + from, to - from, marks + (from - start));
    }

  for (const char *p = text + start; p < text + end; p = g_utf8_next_char (p))
    {
      gsize at = (gsize) (p - text);
      gunichar c = g_utf8_get_char (p);
      guint8 hidden = 1;

      if (mask[at] == BILLET_PROSE_MASK_VERBATIM)
        g_string_append_c (sent, '_');
      else if (mask[at] == BILLET_PROSE_MASK_MARKUP || marks[at - start] || c == '\n' || c == '\r' || c == '\t')
        g_string_append_c (sent, ' ');
      else
        {
          g_string_append_unichar (sent, c);
          hidden = 0;
          any_prose |= g_unichar_isalpha (c);
        }
      g_byte_array_append (masked, &hidden, 1);
    }

  gtk_text_buffer_get_iter_at_line (self->buffer, &start_iter, line0 + first);
  if (line0 + last + 1 < gtk_text_buffer_get_line_count (self->buffer))
    gtk_text_buffer_get_iter_at_line (self->buffer, &end_iter, line0 + last + 1);
  else
    gtk_text_buffer_get_end_iter (self->buffer, &end_iter);

  if (!any_prose)
    {
      gtk_text_buffer_remove_tag_by_name (self->buffer, GRAMMAR_TAG, &start_iter, &end_iter);
      gtk_text_buffer_remove_tag_by_name (self->buffer, TYPOGRAPHY_TAG, &start_iter, &end_iter);
      remove_issues_in (self, &start_iter, &end_iter);
      return;
    }

  request = g_new0 (Request, 1);
  request->id = ++self->next_id;
  request->buffer = g_object_ref (self->buffer);
  request->start = g_object_ref (gtk_text_buffer_create_mark (self->buffer, NULL, &start_iter, TRUE));
  request->end = g_object_ref (gtk_text_buffer_create_mark (self->buffer, NULL, &end_iter, FALSE));
  request->n_chars = masked->len;
  request->masked = g_byte_array_free (g_steal_pointer (&masked), FALSE);
  g_queue_push_tail (&self->requests, request);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "id");
  json_builder_add_int_value (builder, request->id);
  json_builder_set_member_name (builder, "text");
  json_builder_add_string_value (builder, sent->str);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  line = json_generator_to_data (generator, NULL);
  send_line (self, line);
}

/* The line that opens the fenced code block line @line is in, or -1 */
static int
open_fence_before (GtkTextBuffer *buffer,
                   int            line)
{
  GtkTextIter iter;
  int open_line = -1;
  gunichar open_char = 0;
  guint open_len = 0;

  gtk_text_buffer_get_start_iter (buffer, &iter);
  for (int l = 0; l < line; l++)
    {
      GtkTextIter at = iter;
      guint spaces = 0, run = 0;
      gunichar c;

      while (gtk_text_iter_get_char (&at) == ' ' && spaces < 4)
        {
          gtk_text_iter_forward_char (&at);
          spaces++;
        }
      c = gtk_text_iter_get_char (&at);
      if (spaces < 4 && (c == '`' || c == '~'))
        {
          while (gtk_text_iter_get_char (&at) == c)
            {
              gtk_text_iter_forward_char (&at);
              run++;
            }
          if (run >= 3)
            {
              if (open_line < 0)
                {
                  open_line = l;
                  open_char = c;
                  open_len = run;
                }
              else if (c == open_char && run >= open_len)
                open_line = -1;
            }
        }
      if (!gtk_text_iter_forward_line (&iter))
        break;
    }
  return open_line;
}

/* Past this, a pause reads the dirty paragraphs (and the fenced block they
 * may be in) rather than the whole body: the prose mask of a 1 MB post
 * takes 50 to 180 ms. */
#define WHOLE_TEXT_CHARS (64 * 1024)

static void
send_dirty (BilletGrammar *self)
{
  GtkTextIter start, end;
  g_autofree char *text = NULL;
  g_autofree guint8 *mask = NULL;
  g_autoptr(GArray) line_starts = NULL;
  gsize len, zero = 0;
  int n_lines, first, last, l, region_first, region_last;

  if (self->state != BILLET_GRAMMAR_READY || self->buffer == NULL || self->dirty_first < 0)
    return;

  n_lines = gtk_text_buffer_get_line_count (self->buffer);
  first = CLAMP (self->dirty_first, 0, n_lines - 1);
  last = CLAMP (self->dirty_last, 0, n_lines - 1);
  self->dirty_first = self->dirty_last = -1;
  /* Out to the paragraphs' bounds */
  while (first > 0 && !is_blank_line (self->buffer, first - 1))
    first--;
  while (last + 1 < n_lines && !is_blank_line (self->buffer, last + 1))
    last++;

  region_first = 0;
  region_last = n_lines - 1;
  if (gtk_text_buffer_get_char_count (self->buffer) > WHOLE_TEXT_CHARS)
    {
      int fence = open_fence_before (self->buffer, first);

      region_first = fence >= 0 ? fence : first;
      region_last = last;
    }
  gtk_text_buffer_get_iter_at_line (self->buffer, &start, region_first);
  if (region_last + 1 < n_lines)
    gtk_text_buffer_get_iter_at_line (self->buffer, &end, region_last + 1);
  else
    gtk_text_buffer_get_end_iter (self->buffer, &end);
  text = gtk_text_buffer_get_text (self->buffer, &start, &end, TRUE);
  len = strlen (text);
  mask = billet_prose_mask_new (text, len, BILLET_PROSE_DEFAULT);
  line_starts = g_array_new (FALSE, FALSE, sizeof (gsize));
  g_array_append_val (line_starts, zero);
  for (gsize i = 0; i < len; i++)
    if (text[i] == '\n' && i + 1 < len)
      {
        gsize next = i + 1;

        g_array_append_val (line_starts, next);
      }

  l = first;
  while (l <= last)
    {
      int para_end;

      if (is_blank_line (self->buffer, l))
        {
          l++;
          continue;
        }
      para_end = l;
      while (para_end + 1 <= last && !is_blank_line (self->buffer, para_end + 1))
        para_end++;
      send_paragraph (self, text, mask, line_starts, len, region_first, l - region_first, para_end - region_first);
      l = para_end + 1;
    }
}

static gboolean
pause_cb (gpointer user_data)
{
  BilletGrammar *self = user_data;

  self->pause_source = 0;
  send_dirty (self);
  return G_SOURCE_REMOVE;
}

static void
edited_at (BilletGrammar     *self,
           const GtkTextIter *from,
           const GtkTextIter *to)
{
  int start = gtk_text_iter_get_offset (from);
  int end = gtk_text_iter_get_offset (to);

  mark_dirty (self, gtk_text_iter_get_line (from), gtk_text_iter_get_line (to));
  for (GList *l = self->requests.head; l != NULL; l = l->next)
    {
      Request *request = l->data;
      GtkTextIter a, b;

      if (request->buffer != self->buffer)
        continue;
      gtk_text_buffer_get_iter_at_mark (request->buffer, &a, request->start);
      gtk_text_buffer_get_iter_at_mark (request->buffer, &b, request->end);
      if (end >= gtk_text_iter_get_offset (&a) && start <= gtk_text_iter_get_offset (&b))
        request->stale = TRUE;
    }
  if (!self->french)
    return;
  g_clear_handle_id (&self->pause_source, g_source_remove);
  self->pause_source = g_timeout_add (GRAMMAR_PAUSE_MS, pause_cb, self);
}

static void
on_insert_text_cb (GtkTextBuffer *buffer,
                   GtkTextIter   *location,
                   const char    *text,
                   int            len,
                   BilletGrammar *self)
{
  GtkTextIter start = *location;

  gtk_text_iter_backward_chars (&start, (int) g_utf8_strlen (text, len));
  edited_at (self, &start, location);
}

static void
on_delete_range_cb (GtkTextBuffer *buffer,
                    GtkTextIter   *start,
                    GtkTextIter   *end,
                    BilletGrammar *self)
{
  edited_at (self, start, end);
}

static gboolean
document_is_french (BilletDocument *document)
{
  static const char *const keys[] = { "lang", "language", "locale" };
  BilletFrontMatter *front_matter = document ? billet_document_get_front_matter (document) : NULL;
  const char *const *names;

  if (front_matter != NULL)
    for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
      {
        const BilletNode *node = billet_front_matter_lookup (front_matter, keys[i]);
        const char *text = node ? billet_node_get_text (node) : NULL;

        if (text != NULL && *text != '\0')
          return g_ascii_strncasecmp (text, "fr", 2) == 0 && (text[2] == '\0' || text[2] == '-' ||
                                                              text[2] == '_');
      }
  names = g_get_language_names ();
  return names[0] != NULL && g_ascii_strncasecmp (names[0], "fr", 2) == 0;
}

static void
update_language (BilletGrammar *self)
{
  gboolean french = document_is_french (self->document) && !self->shut_down;

  if (french == self->french)
    return;
  self->french = french;
  if (french)
    {
      mark_all_dirty (self);
      self->n_restarts = 0;
      set_state (self, BILLET_GRAMMAR_STARTING);
      start_process (self);
    }
  else
    {
      g_clear_handle_id (&self->pause_source, g_source_remove);
      stop_process (self);
      clear_underlines (self);
      self->dirty_first = self->dirty_last = -1;
      set_state (self, BILLET_GRAMMAR_OFF);
    }
}

static void
ensure_tags (GtkTextBuffer *buffer)
{
  GtkTextTagTable *table = gtk_text_buffer_get_tag_table (buffer);
  GdkRGBA blue = { 0.21, 0.52, 0.89, 1.0 };    /* GNOME's blue 3 */
  GdkRGBA purple = { 0.57, 0.25, 0.67, 1.0 };  /* GNOME's purple 3 */

  if (gtk_text_tag_table_lookup (table, GRAMMAR_TAG) == NULL)
    gtk_text_buffer_create_tag (buffer, GRAMMAR_TAG, "underline", PANGO_UNDERLINE_ERROR,
                                "underline-rgba", &blue, NULL);
  if (gtk_text_tag_table_lookup (table, TYPOGRAPHY_TAG) == NULL)
    gtk_text_buffer_create_tag (buffer, TYPOGRAPHY_TAG, "underline", PANGO_UNDERLINE_ERROR,
                                "underline-rgba", &purple, NULL);
}

/**
 * billet_grammar_set_document:
 *
 * The post the window shows now: checked if it is French.
 */
void
billet_grammar_set_document (BilletGrammar  *self,
                             BilletDocument *document)
{
  g_return_if_fail (BILLET_IS_GRAMMAR (self));

  if (self->document == document)
    return;
  if (self->buffer != NULL)
    {
      clear_underlines (self);
      g_signal_handlers_disconnect_by_data (self->buffer, self);
    }
  if (self->document != NULL)
    g_signal_handlers_disconnect_by_data (self->document, self);
  /* Answers for the post shown before are dropped. */
  for (GList *l = self->requests.head; l != NULL; l = l->next)
    ((Request *) l->data)->stale = TRUE;
  g_clear_handle_id (&self->pause_source, g_source_remove);
  self->dirty_first = self->dirty_last = -1;

  g_set_object (&self->document, document);
  g_clear_object (&self->buffer);
  if (document != NULL)
    {
      self->buffer = g_object_ref (GTK_TEXT_BUFFER (billet_document_get_body_buffer (document)));
      ensure_tags (self->buffer);
      g_signal_connect_after (self->buffer, "insert-text", G_CALLBACK (on_insert_text_cb), self);
      g_signal_connect (self->buffer, "delete-range", G_CALLBACK (on_delete_range_cb), self);
      /* The Menu key and Shift+F10 show the menu at the cursor */
      g_signal_connect (self->buffer, "notify::cursor-position", G_CALLBACK (on_cursor_moved_cb), self);
      g_signal_connect_swapped (document, "front-matter-changed", G_CALLBACK (update_language), self);
      g_signal_connect_swapped (document, "notify::loading", G_CALLBACK (update_language), self);
    }
  if (self->french && document_is_french (document))
    {
      mark_all_dirty (self);
      send_dirty (self);
    }
  else
    update_language (self);
}

/* The context menu: the issue at @iter, its message and its corrections */
void
billet_grammar_update_menu (BilletGrammar     *self,
                            const GtkTextIter *iter)
{
  g_return_if_fail (BILLET_IS_GRAMMAR (self));

  g_menu_remove_all (self->section);
  if (self->buffer == NULL || gtk_text_iter_get_buffer (iter) != self->buffer)
    return;
  for (guint i = 0; i < self->issues->len; i++)
    {
      Issue *issue = g_ptr_array_index (self->issues, i);
      GtkTextIter start, end;
      g_autofree char *original = NULL;

      gtk_text_buffer_get_iter_at_mark (self->buffer, &start, issue->start);
      gtk_text_buffer_get_iter_at_mark (self->buffer, &end, issue->end);
      if (gtk_text_iter_compare (iter, &start) < 0 || gtk_text_iter_compare (iter, &end) > 0)
        continue;
      original = gtk_text_buffer_get_text (self->buffer, &start, &end, TRUE);
      /* The message, as the section's first item (no action: not a button) */
      g_menu_append (self->section, issue->message, "grammar.none");
      for (guint k = 0; issue->suggestions != NULL && issue->suggestions[k] != NULL && k < 6; k++)
        {
          g_autoptr(GMenuItem) item = NULL;
          g_autoptr(GString) shown = g_string_new (issue->suggestions[k]);
          g_autofree char *label = NULL;

          /* No-break spaces are invisible: named */
          g_string_replace (shown, "\xC2\xA0", "⍽", 0);
          g_string_replace (shown, "\xE2\x80\xAF", "⍽", 0);
          /* Translators: a grammar or typography correction in the context menu */
          label = g_strdup_printf (_("Correct to “%s”"), shown->str);
          item = g_menu_item_new (label, NULL);
          g_menu_item_set_action_and_target (item, "grammar.correct", "(uuss)",
                                             (guint32) gtk_text_iter_get_offset (&start),
                                             (guint32) gtk_text_iter_get_offset (&end),
                                             original, issue->suggestions[k]);
          g_menu_append_item (self->section, item);
        }
      return;
    }
}

static void
correct_action (GSimpleAction *action,
                GVariant      *parameter,
                gpointer       user_data)
{
  BilletGrammar *self = user_data;
  guint32 from, to;
  const char *original, *replacement;
  GtkTextIter start, end;
  g_autofree char *now = NULL;

  if (self->buffer == NULL)
    return;
  g_variant_get (parameter, "(uu&s&s)", &from, &to, &original, &replacement);
  if (to > (guint32) gtk_text_buffer_get_char_count (self->buffer) || from > to)
    return;
  gtk_text_buffer_get_iter_at_offset (self->buffer, &start, (int) from);
  gtk_text_buffer_get_iter_at_offset (self->buffer, &end, (int) to);
  now = gtk_text_buffer_get_text (self->buffer, &start, &end, TRUE);
  /* The text changed since the menu was made: not corrected blindly. */
  if (g_strcmp0 (now, original) != 0)
    return;
  gtk_text_buffer_begin_user_action (self->buffer);
  gtk_text_buffer_delete (self->buffer, &start, &end);
  gtk_text_buffer_insert (self->buffer, &start, replacement, -1);
  gtk_text_buffer_end_user_action (self->buffer);
}

static void
on_right_click_cb (GtkGestureClick *gesture,
                   int              n_press,
                   double           x,
                   double           y,
                   BilletGrammar   *self)
{
  GtkTextIter iter;
  int bx, by;

  if (self->view == NULL)
    return;
  gtk_text_view_window_to_buffer_coords (self->view, GTK_TEXT_WINDOW_WIDGET, (int) x, (int) y, &bx, &by);
  gtk_text_view_get_iter_at_location (self->view, &iter, bx, by);
  billet_grammar_update_menu (self, &iter);
}

static void
on_cursor_moved_cb (GtkTextBuffer *buffer,
                    GParamSpec    *pspec,
                    BilletGrammar *self)
{
  GtkTextIter iter;

  if (self->issues->len == 0 && g_menu_model_get_n_items (G_MENU_MODEL (self->section)) == 0)
    return;
  gtk_text_buffer_get_iter_at_mark (buffer, &iter, gtk_text_buffer_get_insert (buffer));
  billet_grammar_update_menu (self, &iter);
}

/**
 * billet_grammar_shutdown:
 *
 * Stops the helper for good (the window closes).
 */
void
billet_grammar_shutdown (BilletGrammar *self)
{
  g_return_if_fail (BILLET_IS_GRAMMAR (self));

  self->shut_down = TRUE;
  billet_grammar_set_document (self, NULL);
  update_language (self);
  stop_process (self);
}

BilletGrammarState
billet_grammar_get_state (BilletGrammar *self)
{
  g_return_val_if_fail (BILLET_IS_GRAMMAR (self), BILLET_GRAMMAR_OFF);
  return self->state;
}

/* The helper's process id, 0 when none runs */
GPid
billet_grammar_get_pid (BilletGrammar *self)
{
  const char *id;

  g_return_val_if_fail (BILLET_IS_GRAMMAR (self), 0);
  id = self->process ? g_subprocess_get_identifier (self->process) : NULL;
  return id ? (GPid) g_ascii_strtoll (id, NULL, 10) : 0;
}

/* Requests sent and not answered, and paragraphs waiting to go */
guint
billet_grammar_get_pending (BilletGrammar *self)
{
  g_return_val_if_fail (BILLET_IS_GRAMMAR (self), 0);
  return self->requests.length + (self->dirty_first >= 0 ? 1 : 0);
}

/* Whether the post shown is French (and checked) */
gboolean
billet_grammar_is_french (BilletGrammar *self)
{
  g_return_val_if_fail (BILLET_IS_GRAMMAR (self), FALSE);
  return self->french;
}

/* Requests sent and not answered */
guint
billet_grammar_get_in_flight (BilletGrammar *self)
{
  g_return_val_if_fail (BILLET_IS_GRAMMAR (self), 0);
  return self->requests.length;
}

GMenuModel *
billet_grammar_get_menu (BilletGrammar *self)
{
  g_return_val_if_fail (BILLET_IS_GRAMMAR (self), NULL);
  return G_MENU_MODEL (self->section);
}

static void
billet_grammar_dispose (GObject *object)
{
  BilletGrammar *self = BILLET_GRAMMAR (object);

  self->shut_down = TRUE;
  g_clear_handle_id (&self->pause_source, g_source_remove);
  stop_process (self);
  if (self->buffer != NULL)
    g_signal_handlers_disconnect_by_data (self->buffer, self);
  if (self->document != NULL)
    g_signal_handlers_disconnect_by_data (self->document, self);
  /* The view may outlive this object: its actions go with it */
  if (self->view != NULL)
    gtk_widget_insert_action_group (GTK_WIDGET (self->view), "grammar", NULL);
  g_clear_pointer (&self->issues, g_ptr_array_unref);
  g_queue_clear_full (&self->requests, (GDestroyNotify) request_free);
  g_clear_object (&self->buffer);
  g_clear_object (&self->document);
  g_clear_object (&self->section);
  g_clear_object (&self->actions);
  if (self->outgoing != NULL)
    g_string_free (g_steal_pointer (&self->outgoing), TRUE);
  g_clear_weak_pointer (&self->view);
  g_clear_weak_pointer (&self->note);

  G_OBJECT_CLASS (billet_grammar_parent_class)->dispose (object);
}

static void
billet_grammar_class_init (BilletGrammarClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = billet_grammar_dispose;

  /**
   * BilletGrammar::updated:
   *
   * Underlines changed: an answer was applied.
   */
  signals[SIGNAL_UPDATED] =
    g_signal_new ("updated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
billet_grammar_init (BilletGrammar *self)
{
  self->dirty_first = self->dirty_last = -1;
  self->issues = g_ptr_array_new_with_free_func (issue_free);
  self->section = g_menu_new ();
  self->outgoing = g_string_new (NULL);
  g_queue_init (&self->requests);
}

/**
 * billet_grammar_new:
 * @view: the source view
 * @note: (nullable): the label that says what installing Grammalecte adds
 *
 * Returns: (transfer full): the checker of @view's French posts
 */
BilletGrammar *
billet_grammar_new (GtkTextView *view,
                    GtkLabel    *note)
{
  BilletGrammar *self = g_object_new (BILLET_TYPE_GRAMMAR, NULL);
  static const GActionEntry entries[] = {
    { "correct", correct_action, "(uuss)" },
    { "none", NULL },
  };
  GMenuModel *extra;
  GtkGesture *gesture;

  g_set_weak_pointer (&self->view, view);
  g_set_weak_pointer (&self->note, note);

  self->actions = g_simple_action_group_new ();
  g_action_map_add_action_entries (G_ACTION_MAP (self->actions), entries, G_N_ELEMENTS (entries), self);
  /* The message item is not a button */
  g_simple_action_set_enabled (G_SIMPLE_ACTION (g_action_map_lookup_action (G_ACTION_MAP (self->actions), "none")),
                               FALSE);
  gtk_widget_insert_action_group (GTK_WIDGET (view), "grammar", G_ACTION_GROUP (self->actions));

  /* Our section of the view's context menu, beside others' */
  extra = gtk_text_view_get_extra_menu (view);
  if (G_IS_MENU (extra))
    g_menu_append_section (G_MENU (extra), NULL, G_MENU_MODEL (self->section));
  else
    {
      g_autoptr(GMenu) menu = g_menu_new ();

      g_menu_append_section (menu, NULL, G_MENU_MODEL (self->section));
      gtk_text_view_set_extra_menu (view, G_MENU_MODEL (menu));
    }

  gesture = gtk_gesture_click_new ();
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (gesture), GDK_BUTTON_SECONDARY);
  gtk_event_controller_set_propagation_phase (GTK_EVENT_CONTROLLER (gesture), GTK_PHASE_CAPTURE);
  g_signal_connect_object (gesture, "pressed", G_CALLBACK (on_right_click_cb), self, 0);
  gtk_widget_add_controller (GTK_WIDGET (view), GTK_EVENT_CONTROLLER (gesture));
  return self;
}
