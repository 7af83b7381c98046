/* billet-document.c — an open post: its file, its two buffers, its parsed front matter
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The document holds the post in two GtkSourceBuffers: the front-matter
 * text (what the "Raw YAML" view shows) and the Markdown body. The
 * front-matter buffer is the single source of truth for the form: every
 * form edit is a splice computed by the core and applied to that buffer as
 * one user action that replaces only the bytes that differ, so the buffer's
 * undo history covers form edits too, and typing in the raw view and using
 * the form stay in step. The delimiters, BOM and line-break style come from
 * the BilletPost that was loaded, so saving an untouched post writes back
 * its exact bytes.
 */

#define G_LOG_DOMAIN "Billet"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "billet-document.h"

struct _BilletDocument
{
  GObject            parent_instance;

  GFile             *file;
  BilletPost        *post;
  GtkSourceBuffer   *body;
  GtkSourceBuffer   *front_matter;

  BilletFrontMatter *parsed;
  GError            *parse_error;
  guint              error_line;
  guint              error_column;

  char              *title;
};

G_DEFINE_FINAL_TYPE (BilletDocument, billet_document, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_FILE,
  PROP_TITLE,
  PROP_MODIFIED,
  N_PROPS
};

enum {
  CHANGED,
  FRONT_MATTER_CHANGED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static char *
buffer_dup_text (GtkSourceBuffer *buffer)
{
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (GTK_TEXT_BUFFER (buffer), &start, &end);
  return gtk_text_buffer_get_text (GTK_TEXT_BUFFER (buffer), &start, &end, TRUE);
}

static void
update_title (BilletDocument *self)
{
  g_autofree char *title = NULL;
  const BilletNode *node = NULL;

  if (self->parsed != NULL)
    node = billet_front_matter_lookup (self->parsed, "title");
  if (node != NULL && billet_node_is_scalar (node) && billet_node_get_kind (node) != BILLET_NODE_NULL &&
      billet_node_get_text (node)[0] != 0)
    title = g_strdup (billet_node_get_text (node));
  else if (self->file != NULL)
    title = g_file_get_basename (self->file);
  else
    title = g_strdup (_("Untitled"));

  if (g_strcmp0 (title, self->title) != 0)
    {
      g_free (self->title);
      self->title = g_steal_pointer (&title);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TITLE]);
    }
}

static void
reparse (BilletDocument *self)
{
  g_autofree char *text = buffer_dup_text (self->front_matter);
  BilletFrontMatterKind kind = billet_post_get_front_matter_kind (self->post);

  g_clear_pointer (&self->parsed, billet_front_matter_unref);
  g_clear_error (&self->parse_error);
  self->error_line = self->error_column = 0;

  if (kind == BILLET_FRONT_MATTER_TOML)
    {
      g_set_error_literal (&self->parse_error, BILLET_FRONT_MATTER_ERROR,
                           BILLET_FRONT_MATTER_ERROR_UNSUPPORTED,
                           _("This front matter is TOML: Billet keeps it as it is and shows it as text"));
      self->error_line = self->error_column = 1;
    }
  else if (kind == BILLET_FRONT_MATTER_UNTERMINATED)
    {
      g_set_error_literal (&self->parse_error, BILLET_FRONT_MATTER_ERROR,
                           BILLET_FRONT_MATTER_ERROR_SYNTAX,
                           _("The front matter starts on line 1 but no closing “---” line ends it"));
      self->error_line = self->error_column = 1;
    }
  else
    self->parsed = billet_front_matter_parse (text, strlen (text),
                                              billet_post_get_front_matter_line (self->post),
                                              &self->error_line, &self->error_column,
                                              &self->parse_error);

  update_title (self);
  g_signal_emit (self, signals[FRONT_MATTER_CHANGED], 0);
}

static void
on_front_matter_changed_cb (BilletDocument *self)
{
  reparse (self);
  g_signal_emit (self, signals[CHANGED], 0);
}

static void
on_body_changed_cb (BilletDocument *self)
{
  g_signal_emit (self, signals[CHANGED], 0);
}

static void
on_modified_changed_cb (BilletDocument *self)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MODIFIED]);
}

static GtkSourceBuffer *
new_buffer (BilletDocument *self,
            const char     *language_id)
{
  GtkSourceLanguageManager *manager = gtk_source_language_manager_get_default ();
  GtkSourceBuffer *buffer = gtk_source_buffer_new (NULL);

  gtk_source_buffer_set_language (buffer, gtk_source_language_manager_get_language (manager,
                                                                                  language_id));
  gtk_source_buffer_set_highlight_syntax (buffer, TRUE);
  g_signal_connect_object (buffer, "modified-changed",
                           G_CALLBACK (on_modified_changed_cb), self, G_CONNECT_SWAPPED);
  return buffer;
}

static void
billet_document_dispose (GObject *object)
{
  BilletDocument *self = (BilletDocument *) object;

  g_clear_object (&self->body);
  g_clear_object (&self->front_matter);
  g_clear_pointer (&self->post, billet_post_unref);
  g_clear_object (&self->file);
  g_clear_pointer (&self->parsed, billet_front_matter_unref);
  g_clear_error (&self->parse_error);
  g_clear_pointer (&self->title, g_free);

  G_OBJECT_CLASS (billet_document_parent_class)->dispose (object);
}

static void
billet_document_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  BilletDocument *self = BILLET_DOCUMENT (object);

  switch (prop_id)
    {
    case PROP_FILE:
      g_value_set_object (value, self->file);
      break;
    case PROP_TITLE:
      g_value_set_string (value, self->title);
      break;
    case PROP_MODIFIED:
      g_value_set_boolean (value, billet_document_get_modified (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
billet_document_class_init (BilletDocumentClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = billet_document_dispose;
  object_class->get_property = billet_document_get_property;

  properties[PROP_FILE] =
    g_param_spec_object ("file", NULL, NULL, G_TYPE_FILE,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_TITLE] =
    g_param_spec_string ("title", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_MODIFIED] =
    g_param_spec_boolean ("modified", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * BilletDocument::changed:
   *
   * Emitted after any change of the front-matter text or of the body.
   */
  signals[CHANGED] =
    g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  /**
   * BilletDocument::front-matter-changed:
   *
   * Emitted after the front-matter text changed and was parsed again,
   * whether it is valid or not.
   */
  signals[FRONT_MATTER_CHANGED] =
    g_signal_new ("front-matter-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
billet_document_init (BilletDocument *self)
{
  self->post = billet_post_new_from_data ("", 0);
  self->body = new_buffer (self, "markdown");
  self->front_matter = new_buffer (self, "yaml");
  self->title = g_strdup (_("Untitled"));

  g_signal_connect_object (self->front_matter, "changed",
                           G_CALLBACK (on_front_matter_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->body, "changed",
                           G_CALLBACK (on_body_changed_cb), self, G_CONNECT_SWAPPED);
  reparse (self);
}

BilletDocument *
billet_document_new (void)
{
  return g_object_new (BILLET_TYPE_DOCUMENT, NULL);
}

GFile *
billet_document_get_file (BilletDocument *self)
{
  g_return_val_if_fail (BILLET_IS_DOCUMENT (self), NULL);
  return self->file;
}

static void
set_text_irreversibly (GtkSourceBuffer *buffer,
                       const char      *text,
                       gssize           len)
{
  GtkTextIter start;

  gtk_text_buffer_begin_irreversible_action (GTK_TEXT_BUFFER (buffer));
  gtk_text_buffer_set_text (GTK_TEXT_BUFFER (buffer), text, len);
  gtk_text_buffer_end_irreversible_action (GTK_TEXT_BUFFER (buffer));
  gtk_text_buffer_get_start_iter (GTK_TEXT_BUFFER (buffer), &start);
  gtk_text_buffer_place_cursor (GTK_TEXT_BUFFER (buffer), &start);
  gtk_text_buffer_set_modified (GTK_TEXT_BUFFER (buffer), FALSE);
}

/**
 * billet_document_load:
 *
 * Reads @file. A file that is not UTF-8 text is refused with an error that
 * says where, and the document is left as it was.
 */
gboolean
billet_document_load (BilletDocument  *self,
                      GFile           *file,
                      GError         **error)
{
  g_autoptr(BilletPost) post = NULL;
  g_autofree char *path = NULL;
  guint line, column;
  const char *text;
  gsize len;

  g_return_val_if_fail (BILLET_IS_DOCUMENT (self), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);

  path = g_file_get_path (file);
  if (path == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                   _("Billet opens local files only"));
      return FALSE;
    }

  if (!(post = billet_post_new_for_path (path, error)))
    return FALSE;

  if (billet_post_get_invalid_utf8_position (post, &line, &column))
    {
      if (billet_post_has_nul (post))
        g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                     _("This file is not a text post: it contains binary data (line %u, column %u)"),
                     line, column);
      else
        g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                     _("This file is not in UTF-8 (first odd byte on line %u, column %u). "
                       "“billet check --fix-encoding” can convert it."),
                     line, column);
      return FALSE;
    }

  g_clear_pointer (&self->post, billet_post_unref);
  self->post = billet_post_ref (post);
  g_set_object (&self->file, file);

  text = billet_post_get_front_matter_text (post, &len);
  g_signal_handlers_block_by_func (self->front_matter, on_front_matter_changed_cb, self);
  set_text_irreversibly (self->front_matter, text ? text : "", text ? (gssize) len : 0);
  g_signal_handlers_unblock_by_func (self->front_matter, on_front_matter_changed_cb, self);

  text = billet_post_get_body (post, &len);
  set_text_irreversibly (self->body, text, len);

  reparse (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FILE]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MODIFIED]);
  g_signal_emit (self, signals[CHANGED], 0);
  return TRUE;
}

/* Brings the post up to date with the buffers. */
static void
sync_post (BilletDocument *self)
{
  g_autofree char *front_matter = buffer_dup_text (self->front_matter);
  g_autofree char *body = buffer_dup_text (self->body);
  BilletFrontMatterKind kind = billet_post_get_front_matter_kind (self->post);

  /* A post without front matter keeps having none until something is in it. */
  if (kind == BILLET_FRONT_MATTER_YAML || kind == BILLET_FRONT_MATTER_TOML || front_matter[0] != 0)
    billet_post_set_front_matter_text (self->post, front_matter, -1);
  billet_post_set_body (self->post, body, -1);
}

/**
 * billet_document_dup_post:
 *
 * Returns: (transfer full): a copy of the post as it is now, which other
 *   threads may read
 */
BilletPost *
billet_document_dup_post (BilletDocument *self)
{
  g_autoptr(GBytes) bytes = NULL;

  g_return_val_if_fail (BILLET_IS_DOCUMENT (self), NULL);

  sync_post (self);
  bytes = billet_post_serialize (self->post);
  return billet_post_new_from_bytes (bytes);
}

/**
 * billet_document_save:
 * @file: (nullable): where to save, or %NULL for the document's file
 */
gboolean
billet_document_save (BilletDocument  *self,
                      GFile           *file,
                      GError         **error)
{
  g_autofree char *path = NULL;

  g_return_val_if_fail (BILLET_IS_DOCUMENT (self), FALSE);
  g_return_val_if_fail (file != NULL || self->file != NULL, FALSE);

  if (file == NULL)
    file = self->file;
  path = g_file_get_path (file);
  if (path == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                   _("Billet saves to local files only"));
      return FALSE;
    }

  sync_post (self);
  /* An empty post over a non-empty file is written only when the author
   * emptied it, that is, edited the buffers; otherwise it is a failed load
   * or a bug, and the file is kept. */
  if (!billet_post_save_to_path_full (self->post, path,
                                      billet_document_get_modified (self)
                                      ? BILLET_WRITE_ALLOW_EMPTY : BILLET_WRITE_NONE,
                                      error))
    return FALSE;

  if (file != self->file)
    {
      g_set_object (&self->file, file);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FILE]);
      update_title (self);
    }
  gtk_text_buffer_set_modified (GTK_TEXT_BUFFER (self->front_matter), FALSE);
  gtk_text_buffer_set_modified (GTK_TEXT_BUFFER (self->body), FALSE);
  return TRUE;
}

GtkSourceBuffer *
billet_document_get_body_buffer (BilletDocument *self)
{
  g_return_val_if_fail (BILLET_IS_DOCUMENT (self), NULL);
  return self->body;
}

GtkSourceBuffer *
billet_document_get_front_matter_buffer (BilletDocument *self)
{
  g_return_val_if_fail (BILLET_IS_DOCUMENT (self), NULL);
  return self->front_matter;
}

BilletFrontMatterKind
billet_document_get_front_matter_kind (BilletDocument *self)
{
  g_return_val_if_fail (BILLET_IS_DOCUMENT (self), BILLET_FRONT_MATTER_NONE);
  return billet_post_get_front_matter_kind (self->post);
}

/**
 * billet_document_get_front_matter:
 *
 * Returns: (transfer none) (nullable): the parsed front matter, or %NULL
 *   while it is invalid (or TOML, or unterminated)
 */
BilletFrontMatter *
billet_document_get_front_matter (BilletDocument *self)
{
  g_return_val_if_fail (BILLET_IS_DOCUMENT (self), NULL);
  return self->parsed;
}

/**
 * billet_document_get_front_matter_error:
 * @line: (out) (optional): the line in the file
 * @column: (out) (optional): the column
 *
 * Returns: (transfer none) (nullable): why the front matter cannot be
 *   edited through the form, or %NULL when it can
 */
const GError *
billet_document_get_front_matter_error (BilletDocument *self,
                                        guint          *line,
                                        guint          *column)
{
  g_return_val_if_fail (BILLET_IS_DOCUMENT (self), NULL);

  if (line)
    *line = self->error_line;
  if (column)
    *column = self->error_column;
  return self->parse_error;
}

/* Replaces the front-matter buffer's text by @text, touching only the
 * characters that differ, as one undoable user action. */
static void
apply_front_matter (BilletDocument *self,
                    const char     *text)
{
  g_autofree char *old = buffer_dup_text (self->front_matter);
  GtkTextBuffer *buffer = GTK_TEXT_BUFFER (self->front_matter);
  gsize old_len = strlen (old);
  gsize new_len = strlen (text);
  gsize prefix = 0;
  gsize suffix = 0;
  GtkTextIter start, end;

  while (prefix < old_len && prefix < new_len && old[prefix] == text[prefix])
    prefix++;
  /* Back to a character boundary. */
  while (prefix > 0 && (old[prefix] & 0xC0) == 0x80)
    prefix--;
  while (suffix < old_len - prefix && suffix < new_len - prefix &&
         old[old_len - 1 - suffix] == text[new_len - 1 - suffix])
    suffix++;
  while (suffix > 0 && (old[old_len - suffix] & 0xC0) == 0x80)
    suffix--;

  gtk_text_buffer_get_iter_at_offset (buffer, &start, (int) g_utf8_pointer_to_offset (old, old + prefix));
  gtk_text_buffer_get_iter_at_offset (buffer, &end,
                                      (int) g_utf8_pointer_to_offset (old, old + old_len - suffix));

  /* Parse once, after the whole change, not between its delete and insert. */
  g_signal_handlers_block_by_func (buffer, on_front_matter_changed_cb, self);
  gtk_text_buffer_begin_user_action (buffer);
  gtk_text_buffer_delete (buffer, &start, &end);
  gtk_text_buffer_insert (buffer, &start, text + prefix, (int) (new_len - prefix - suffix));
  gtk_text_buffer_end_user_action (buffer);
  g_signal_handlers_unblock_by_func (buffer, on_front_matter_changed_cb, self);
  on_front_matter_changed_cb (self);
}

typedef enum { EDIT_SET, EDIT_LIST, EDIT_REMOVE } EditKind;

static gboolean
edit (BilletDocument      *self,
      EditKind             what,
      const char          *path,
      const char          *value,
      BilletNodeKind       kind,
      const char * const  *items,
      GError             **error)
{
  g_autoptr(BilletPost) post = billet_document_dup_post (self);
  gboolean ok = FALSE;
  const char *text;

  if (self->parse_error != NULL && billet_post_get_front_matter_kind (self->post) != BILLET_FRONT_MATTER_NONE)
    {
      g_set_error (error, BILLET_FRONT_MATTER_ERROR, BILLET_FRONT_MATTER_ERROR_UNSUPPORTED,
                   _("Fix the front matter first (line %u, column %u): %s"),
                   self->error_line, self->error_column, self->parse_error->message);
      return FALSE;
    }

  switch (what)
    {
    case EDIT_SET:
      ok = billet_post_set_value (post, path, value, kind, error);
      break;
    case EDIT_LIST:
      ok = billet_post_set_list (post, path, items, error);
      break;
    case EDIT_REMOVE:
      ok = billet_post_remove_key (post, path, error);
      break;
    default:
      g_assert_not_reached ();
    }
  if (!ok)
    return FALSE;

  /* A post that had no front matter has one now. */
  if (billet_post_get_front_matter_kind (self->post) == BILLET_FRONT_MATTER_NONE)
    {
      text = billet_post_get_front_matter_text (post, NULL);
      billet_post_set_front_matter_text (self->post, text, -1);
    }

  text = billet_post_get_front_matter_text (post, NULL);
  apply_front_matter (self, text ? text : "");
  return TRUE;
}

/**
 * billet_document_set_value:
 *
 * Changes one front-matter value with the smallest splice; undoable.
 */
gboolean
billet_document_set_value (BilletDocument  *self,
                           const char      *path,
                           const char      *value,
                           BilletNodeKind   kind,
                           GError         **error)
{
  g_return_val_if_fail (BILLET_IS_DOCUMENT (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  return edit (self, EDIT_SET, path, value, kind, NULL, error);
}

gboolean
billet_document_set_list (BilletDocument      *self,
                          const char          *path,
                          const char * const  *items,
                          GError             **error)
{
  g_return_val_if_fail (BILLET_IS_DOCUMENT (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  return edit (self, EDIT_LIST, path, NULL, BILLET_NODE_LIST, items, error);
}

gboolean
billet_document_remove_key (BilletDocument  *self,
                            const char      *path,
                            GError         **error)
{
  g_return_val_if_fail (BILLET_IS_DOCUMENT (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  return edit (self, EDIT_REMOVE, path, NULL, BILLET_NODE_NULL, NULL, error);
}

gboolean
billet_document_get_modified (BilletDocument *self)
{
  g_return_val_if_fail (BILLET_IS_DOCUMENT (self), FALSE);

  return gtk_text_buffer_get_modified (GTK_TEXT_BUFFER (self->front_matter)) ||
         gtk_text_buffer_get_modified (GTK_TEXT_BUFFER (self->body));
}

/**
 * billet_document_get_body_line:
 *
 * Returns: the line of the file on which the body starts, so that positions
 *   in the body can be shown as the file's (as `billet check` reports them)
 */
guint
billet_document_get_body_line (BilletDocument *self)
{
  BilletFrontMatterKind kind;

  g_return_val_if_fail (BILLET_IS_DOCUMENT (self), 1);

  kind = billet_post_get_front_matter_kind (self->post);
  if (kind != BILLET_FRONT_MATTER_YAML && kind != BILLET_FRONT_MATTER_TOML)
    return 1;
  /* The opening line, the front-matter lines, the closing line. */
  return (guint) gtk_text_buffer_get_line_count (GTK_TEXT_BUFFER (self->front_matter)) + 2;
}

const char *
billet_document_get_title (BilletDocument *self)
{
  g_return_val_if_fail (BILLET_IS_DOCUMENT (self), NULL);
  return self->title;
}

/**
 * billet_document_dup_base_uri:
 *
 * Returns: (transfer full) (nullable): the URI of the post's folder, with a
 *   final slash, against which relative images resolve
 */
char *
billet_document_dup_base_uri (BilletDocument *self)
{
  g_autoptr(GFile) parent = NULL;
  g_autofree char *uri = NULL;

  g_return_val_if_fail (BILLET_IS_DOCUMENT (self), NULL);

  if (self->file == NULL || !(parent = g_file_get_parent (self->file)))
    return NULL;
  uri = g_file_get_uri (parent);
  return g_str_has_suffix (uri, "/") ? g_steal_pointer (&uri) : g_strconcat (uri, "/", NULL);
}
