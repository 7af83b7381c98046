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
 *
 * A post whose file is not UTF-8 is decoded (billet-encoding) and remembers
 * its charset and its original bytes: saved without edits, the original
 * bytes go back; after edits, the text is encoded back to that charset;
 * only billet_document_convert_to_utf8() changes it. Stray bytes in UTF-8
 * come through as private-use characters, tagged so that they show.
 *
 * The object lives in five files (billet-document-private.h says which
 * holds what); this one has the buffers, the parsed front matter and the
 * edits. The document also keeps the author's work safe while it is not
 * saved.
 * A second after the last change, and never more than two seconds after
 * the first change it does not hold yet, it writes a draft
 * (billet-draft-store) in a worker thread; a draft that cannot be written
 * is said ("draft-error"), and tried again. It watches its file: a change
 * on disk (compared by size, inode, mtime to the nanosecond and SHA-256, so
 * that a touch is no change and a same-second `git pull` is one) reloads a
 * clean document in place, keeping the cursor, and otherwise sets
 * "externally-modified"; a file deleted from under the document makes the
 * document's text the only copy left, so it counts as modified. Saving over
 * a file that changed since it was read (or, for a restored draft, since
 * the draft's text was read from it) fails with G_IO_ERROR_WRONG_ETAG
 * unless the caller says to overwrite.
 */

#define G_LOG_DOMAIN "Billet"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "billet-diff.h"
#include "billet-document-private.h"

G_DEFINE_FINAL_TYPE (BilletDocument, billet_document, G_TYPE_OBJECT)

GParamSpec *_billet_document_properties[N_PROPS];
guint _billet_document_signals[N_SIGNALS];

char *
_billet_document_buffer_dup_text (GtkSourceBuffer *buffer)
{
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (GTK_TEXT_BUFFER (buffer), &start, &end);
  return gtk_text_buffer_get_text (GTK_TEXT_BUFFER (buffer), &start, &end, TRUE);
}

void
_billet_document_update_title (BilletDocument *self)
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
      g_object_notify_by_pspec (G_OBJECT (self), _billet_document_properties[PROP_TITLE]);
    }
}

/* GtkSourceView's language manager reads the head of every language file
 * it knows (some 150) when first asked for one: tens of milliseconds that
 * the first window can show without. The first documents get their
 * languages once the window is drawn; later ones at once. Main thread. */
static gboolean languages_loaded;

static const char *
front_matter_language (BilletDocument *self)
{
  return billet_post_get_front_matter_kind (self->post) == BILLET_FRONT_MATTER_TOML ? "toml" : "yaml";
}

/* Highlighting a large body: GtkSourceView's context engine moves each
 * highlighted span after the cursor on every key, and Markdown's spans
 * (emphasis, links, code in every sentence) made that 8 ms a key in a 5 MB
 * post. Above LARGE_BODY_CHARS characters the body gets the block
 * structure only (language-specs/billet-markdown-large.lang), and the
 * window says so; below SMALL_BODY_CHARS, all of Markdown again. */
#define LARGE_BODY_CHARS 1000000
#define SMALL_BODY_CHARS 750000

static GtkSourceLanguage *
get_language (const char *id)
{
  static gsize searched;
  GtkSourceLanguageManager *manager = gtk_source_language_manager_get_default ();

  if (g_once_init_enter (&searched))
    {
      gtk_source_language_manager_append_search_path (manager, "resource:///org/billet/Billet/language-specs");
      g_once_init_leave (&searched, 1);
    }
  return gtk_source_language_manager_get_language (manager, id);
}

/* Whether a body of @n_chars characters (-1: the buffer's) asks for the
 * light highlighting. */
static gboolean
wants_light_highlighting (BilletDocument *self,
                          gssize          n_chars)
{
  if (n_chars < 0)
    n_chars = gtk_text_buffer_get_char_count (GTK_TEXT_BUFFER (self->body));
  return self->light_highlighting ? n_chars >= SMALL_BODY_CHARS : n_chars > LARGE_BODY_CHARS;
}

/* The body's language for its size (see wants_light_highlighting()).
 * Changing it takes the old language's tags off the whole text: for tens
 * of megabytes, hundreds of milliseconds, so a load chooses it while the
 * buffer is empty. */
static void
update_body_language (BilletDocument *self,
                      gssize          n_chars)
{
  gboolean light = wants_light_highlighting (self, n_chars);
  GtkSourceLanguage *language = NULL;

  if (gtk_source_buffer_get_language (self->body) != NULL && light == self->light_highlighting)
    return;
  if (light)
    language = get_language ("billet-markdown-large");
  if (language == NULL)
    {
      light = FALSE;
      language = get_language ("markdown");
    }
  gtk_source_buffer_set_language (self->body, language);
  if (light != self->light_highlighting)
    {
      self->light_highlighting = light;
      g_object_notify_by_pspec (G_OBJECT (self), _billet_document_properties[PROP_LIGHT_HIGHLIGHTING]);
    }
}

/* The body's language for a body of @n_chars characters (-1: the
 * buffer's): a load asks with the size of the text it is about to put in
 * the empty buffer, then with the buffer's. Unless the first languages are
 * still to be loaded (apply_languages() then chooses). */
void
_billet_document_update_body_language (BilletDocument *self,
                                       gssize          n_chars)
{
  if (!languages_loaded || self->language_source != 0)
    return;
  g_clear_handle_id (&self->body_language_source, g_source_remove);
  update_body_language (self, n_chars);
}

static void
apply_languages (BilletDocument *self)
{
  update_body_language (self, -1);
  gtk_source_buffer_set_language (self->front_matter, get_language (front_matter_language (self)));
  languages_loaded = TRUE;
}

static gboolean
apply_languages_cb (gpointer user_data)
{
  BilletDocument *self = user_data;

  self->language_source = 0;
  apply_languages (self);
  return G_SOURCE_REMOVE;
}

void
_billet_parsed_front_matter_clear (ParsedFrontMatter *parsed)
{
  g_clear_pointer (&parsed->parsed, billet_front_matter_unref);
  g_clear_error (&parsed->error);
  parsed->line = parsed->column = 0;
}

/* What the form can make of a front-matter text of @kind. Any thread: a
 * load parses in its worker, so that a post that is mostly front matter
 * does not hold the main loop. */
void
_billet_document_parse_front_matter (BilletFrontMatterKind  kind,
                                     const char            *text,
                                     gsize                  len,
                                     guint                  first_line,
                                     ParsedFrontMatter     *out)
{
  _billet_parsed_front_matter_clear (out);
  /* A post without front matter gets one as its first field is added:
   * the empty text is YAML to the form. */
  if (kind == BILLET_FRONT_MATTER_NONE)
    kind = BILLET_FRONT_MATTER_YAML;
  out->parsed = billet_front_matter_parse_as (kind, text, len, first_line, &out->line, &out->column,
                                              &out->error);
}

/* Takes @parsed as the front matter's current state, and says so. */
void
_billet_document_take_parsed (BilletDocument    *self,
                              ParsedFrontMatter *parsed)
{
  g_clear_pointer (&self->parsed, billet_front_matter_unref);
  g_clear_error (&self->parse_error);
  self->parsed = g_steal_pointer (&parsed->parsed);
  self->parse_error = g_steal_pointer (&parsed->error);
  self->error_line = parsed->line;
  self->error_column = parsed->column;

  /* A reload may bring the other language. */
  if (languages_loaded && self->language_source == 0)
    {
      GtkSourceLanguage *language = gtk_source_buffer_get_language (self->front_matter);

      if (language == NULL ||
          !g_str_equal (gtk_source_language_get_id (language), front_matter_language (self)))
        apply_languages (self);
    }
  _billet_document_update_title (self);
  g_signal_emit (self, _billet_document_signals[FRONT_MATTER_CHANGED], 0);
}

void
_billet_document_reparse (BilletDocument *self)
{
  g_autofree char *text = _billet_document_buffer_dup_text (self->front_matter);
  g_auto(ParsedFrontMatter) parsed = { 0 };

  _billet_document_parse_front_matter (billet_post_get_front_matter_kind (self->post), text, strlen (text),
                                       billet_post_get_front_matter_line (self->post), &parsed);
  _billet_document_take_parsed (self, &parsed);
}

void
_billet_document_on_front_matter_changed_cb (BilletDocument *self)
{
  _billet_document_reparse (self);
  _billet_document_queue_draft (self);
  g_signal_emit (self, _billet_document_signals[CHANGED], 0);
}

static gboolean
body_language_cb (gpointer user_data)
{
  BilletDocument *self = user_data;

  self->body_language_source = 0;
  update_body_language (self, -1);
  return G_SOURCE_REMOVE;
}

void
_billet_document_on_body_changed_cb (BilletDocument *self)
{
  /* Not during the edit's emission: GtkSourceView's engine for the old
   * language still has its part of the edit to do. A post too large to
   * be highlighted keeps its state until it is read again. */
  if (self->language_source == 0 && self->body_language_source == 0 && !self->large &&
      wants_light_highlighting (self, -1) != self->light_highlighting)
    self->body_language_source = g_idle_add (body_language_cb, self);
  _billet_document_queue_draft (self);
  g_signal_emit (self, _billet_document_signals[CHANGED], 0);
}

void
_billet_document_on_modified_changed_cb (BilletDocument *self)
{
  g_object_notify_by_pspec (G_OBJECT (self), _billet_document_properties[PROP_MODIFIED]);
}

/* Connected first and never blocked: whatever else a change does, a save
 * under way no longer writes everything. */
static void
on_text_changed_cb (BilletDocument *self)
{
  self->edit_serial++;
}

/* A tag taken off text that does not have it: nothing to do, so nothing
 * is done. GTK 4.8 still redraws the range, and for a tag that changes
 * the text's colour (every highlighting style) it throws away the layout
 * of every line below it on screen, to be made again for the next frame.
 * GtkSourceView takes its styles off the changed line on every key, and
 * its search off the changed text, so this was a whole screen of lines
 * shaped again a key: 16 in a paragraph of the 5 MB post, 3 without. */
static void
on_remove_tag_cb (GtkTextBuffer     *buffer,
                  GtkTextTag        *tag,
                  const GtkTextIter *start,
                  const GtkTextIter *end)
{
  GtkTextIter iter = *start;

  if (gtk_text_iter_has_tag (&iter, tag))
    return;
  if (gtk_text_iter_forward_to_tag_toggle (&iter, tag) && gtk_text_iter_compare (&iter, end) < 0)
    return;
  g_signal_stop_emission_by_name (buffer, "remove-tag");
}

static GtkSourceBuffer *
new_buffer (BilletDocument *self)
{
  GtkSourceBuffer *buffer = gtk_source_buffer_new (NULL);

  gtk_source_buffer_set_highlight_syntax (buffer, TRUE);
  /* Stray bytes are private-use characters that most fonts draw as a
   * small box, or not at all: the tag makes each one plain to see. */
  gtk_text_buffer_create_tag (GTK_TEXT_BUFFER (buffer), STRAY_TAG,
                              "background", "#e01b24",
                              "foreground", "#ffffff",
                              "weight", PANGO_WEIGHT_BOLD,
                              NULL);
  g_signal_connect (buffer, "remove-tag", G_CALLBACK (on_remove_tag_cb), NULL);
  g_signal_connect_object (buffer, "changed", G_CALLBACK (on_text_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (buffer, "modified-changed",
                           G_CALLBACK (_billet_document_on_modified_changed_cb), self, G_CONNECT_SWAPPED);
  return buffer;
}


static void
billet_document_dispose (GObject *object)
{
  BilletDocument *self = (BilletDocument *) object;

  g_clear_handle_id (&self->language_source, g_source_remove);
  g_clear_handle_id (&self->body_language_source, g_source_remove);

  /* Typing since the last draft must not be lost with the document:
   * unless the author discarded it (billet_document_discard_draft()), a
   * modified document leaves its draft up to date. */
  if (self->draft_source != 0 && self->body != NULL && billet_document_get_modified (self))
    _billet_document_write_draft (self);
  g_clear_handle_id (&self->draft_source, g_source_remove);
  g_clear_handle_id (&self->draft_retry_source, g_source_remove);
  g_clear_pointer (&self->draft_error, g_free);
  g_clear_pointer (&self->recovery, g_free);
  g_clear_handle_id (&self->monitor_source, g_source_remove);
  g_cancellable_cancel (self->check_cancellable);
  g_clear_object (&self->check_cancellable);
  if (self->monitor != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->monitor, self);
      g_file_monitor_cancel (self->monitor);
      g_clear_object (&self->monitor);
    }
  g_clear_pointer (&self->original, g_bytes_unref);
  billet_mojibake_clear (&self->mojibake);
  billet_file_stamp_clear (&self->stamp);
  billet_file_stamp_clear (&self->disk);
  g_clear_pointer (&self->draft_id, g_free);

  g_clear_pointer (&self->body_mirror, billet_text_mirror_free);
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
    case PROP_EXTERNALLY_MODIFIED:
      g_value_set_boolean (value, self->externally_modified);
      break;
    case PROP_CHARSET:
      g_value_set_uint (value, self->charset);
      break;
    case PROP_N_STRAY:
      g_value_set_uint (value, self->n_stray);
      break;
    case PROP_HAS_MOJIBAKE:
      g_value_set_boolean (value, billet_mojibake_found (&self->mojibake));
      break;
    case PROP_DRAFT_ERROR:
      g_value_set_string (value, self->draft_error);
      break;
    case PROP_RECOVERY:
      g_value_set_string (value, self->recovery);
      break;
    case PROP_LOADING:
      g_value_set_boolean (value, self->loading);
      break;
    case PROP_SAVING:
      g_value_set_boolean (value, self->saving);
      break;
    case PROP_LOADING_PROGRESS:
      g_value_set_double (value, self->loading_progress);
      break;
    case PROP_LARGE:
      g_value_set_boolean (value, self->large);
      break;
    case PROP_LIGHT_HIGHLIGHTING:
      g_value_set_boolean (value, self->light_highlighting);
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

  _billet_document_properties[PROP_FILE] =
    g_param_spec_object ("file", NULL, NULL, G_TYPE_FILE,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  _billet_document_properties[PROP_TITLE] =
    g_param_spec_string ("title", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  _billet_document_properties[PROP_MODIFIED] =
    g_param_spec_boolean ("modified", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  /**
   * BilletDocument:externally-modified:
   *
   * Whether the file changed on disk (or went away) while the document
   * had changes of its own: the author chooses what wins.
   */
  _billet_document_properties[PROP_EXTERNALLY_MODIFIED] =
    g_param_spec_boolean ("externally-modified", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  /**
   * BilletDocument:charset:
   *
   * The BilletCharset the file is saved in.
   */
  _billet_document_properties[PROP_CHARSET] =
    g_param_spec_uint ("charset", NULL, NULL, 0, G_MAXUINT, BILLET_CHARSET_UTF8,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  /**
   * BilletDocument:n-stray:
   *
   * How many stray bytes (not UTF-8) the text holds, as last counted.
   */
  _billet_document_properties[PROP_N_STRAY] =
    g_param_spec_uint ("n-stray", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  /**
   * BilletDocument:has-mojibake:
   *
   * Whether the text looked mis-encoded when it was read (see
   * billet_document_get_mojibake()).
   */
  _billet_document_properties[PROP_HAS_MOJIBAKE] =
    g_param_spec_boolean ("has-mojibake", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  /**
   * BilletDocument:draft-error:
   *
   * Why the last draft of the unsaved changes could not be written (a
   * full disk, say), or %NULL while drafts are written: the author's
   * changes are then not protected against a crash, and should know it.
   */
  _billet_document_properties[PROP_DRAFT_ERROR] =
    g_param_spec_string ("draft-error", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  /**
   * BilletDocument:recovery:
   *
   * What Billet did, when reading the post, to put right a save that had
   * been interrupted (see billet_document_get_recovery()).
   */
  _billet_document_properties[PROP_RECOVERY] =
    g_param_spec_string ("recovery", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  /**
   * BilletDocument:loading:
   *
   * Whether the post is being read (a load, a reload, a draft restored):
   * its text is not in the buffers yet, and the document takes no edit.
   */
  _billet_document_properties[PROP_LOADING] =
    g_param_spec_boolean ("loading", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  /**
   * BilletDocument:saving:
   *
   * Whether a save is under way: the document takes no other save or load
   * until it ends; the author may go on typing.
   */
  _billet_document_properties[PROP_SAVING] =
    g_param_spec_boolean ("saving", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  /**
   * BilletDocument:loading-progress:
   *
   * While loading, how much of the text is in the buffers, from 0 to 1.
   */
  _billet_document_properties[PROP_LOADING_PROGRESS] =
    g_param_spec_double ("loading-progress", NULL, NULL, 0.0, 1.0, 0.0,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  /**
   * BilletDocument:large:
   *
   * Whether the post was too large, when it was read, to be highlighted.
   */
  _billet_document_properties[PROP_LARGE] =
    g_param_spec_boolean ("large", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  /**
   * BilletDocument:light-highlighting:
   *
   * Whether the body is so large that only its block structure is
   * highlighted (headings, rules, fenced code), not the
   * spans inside its paragraphs, so that typing stays fast.
   */
  _billet_document_properties[PROP_LIGHT_HIGHLIGHTING] =
    g_param_spec_boolean ("light-highlighting", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, _billet_document_properties);

  /**
   * BilletDocument::changed:
   *
   * Emitted after any change of the front-matter text or of the body.
   */
  _billet_document_signals[CHANGED] =
    g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  /**
   * BilletDocument::front-matter-changed:
   *
   * Emitted after the front-matter text changed and was parsed again,
   * whether it is valid or not.
   */
  _billet_document_signals[FRONT_MATTER_CHANGED] =
    g_signal_new ("front-matter-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
billet_document_init (BilletDocument *self)
{
  self->post = billet_post_new_from_data ("", 0);
  self->body = new_buffer (self);
  self->body_mirror = billet_text_mirror_new (GTK_TEXT_BUFFER (self->body));
  self->front_matter = new_buffer (self);
  if (languages_loaded)
    apply_languages (self);
  else
    self->language_source = g_idle_add_full (G_PRIORITY_LOW, apply_languages_cb, self, NULL);
  self->title = g_strdup (_("Untitled"));

  g_signal_connect_object (self->front_matter, "changed",
                           G_CALLBACK (_billet_document_on_front_matter_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->body, "changed",
                           G_CALLBACK (_billet_document_on_body_changed_cb), self, G_CONNECT_SWAPPED);
  _billet_document_reparse (self);
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
 * Returns: (transfer none) (nullable): the parsed front matter (YAML or
 *   TOML), or %NULL while it is invalid or unterminated
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
  g_autofree char *old = _billet_document_buffer_dup_text (self->front_matter);
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
  g_signal_handlers_block_by_func (buffer, _billet_document_on_front_matter_changed_cb, self);
  gtk_text_buffer_begin_user_action (buffer);
  gtk_text_buffer_delete (buffer, &start, &end);
  gtk_text_buffer_insert (buffer, &start, text + prefix, (int) (new_len - prefix - suffix));
  gtk_text_buffer_end_user_action (buffer);
  g_signal_handlers_unblock_by_func (buffer, _billet_document_on_front_matter_changed_cb, self);
  _billet_document_on_front_matter_changed_cb (self);
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
  g_autoptr(BilletPost) post = NULL;
  gboolean ok = FALSE;
  const char *text;

  if (self->loading)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_PENDING,
                   _("“%s” is being read; try again in a moment"), self->title);
      return FALSE;
    }
  post = billet_document_dup_post (self);
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

/**
 * billet_document_get_modified:
 *
 * Returns: whether the document holds work that is not in its file: changes
 *   not saved yet, or a text whose file was deleted by another program
 */
gboolean
billet_document_get_modified (BilletDocument *self)
{
  g_return_val_if_fail (BILLET_IS_DOCUMENT (self), FALSE);

  return _billet_document_buffers_modified (self) || (self->file != NULL && self->file_missing);
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

/**
 * billet_document_get_light_highlighting:
 *
 * Returns: whether only the block structure of the body is highlighted,
 *   the body being large (see #BilletDocument:light-highlighting)
 */
gboolean
billet_document_get_light_highlighting (BilletDocument *self)
{
  g_return_val_if_fail (BILLET_IS_DOCUMENT (self), FALSE);
  return self->light_highlighting;
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
