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
 * The document also keeps the author's work safe while it is not saved.
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
#include "billet-document.h"
#include "billet-draft-store.h"

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

  /* Encoding */
  BilletCharset      charset;
  GBytes            *original;        /* the file's bytes, when not UTF-8 */
  guint              n_stray;
  guint              stray_line;
  guint              stray_column;
  BilletMojibake     mojibake;        /* example == NULL: none */

  /* The file on disk */
  BilletFileStamp    stamp;           /* as last read or written */
  BilletFileStamp    disk;            /* as the monitor last saw it */
  GFileMonitor      *monitor;
  guint              monitor_source;
  GCancellable      *check_cancellable;
  guint              generation;      /* bumped by each read or write */
  gboolean           externally_modified;
  gboolean           file_missing;    /* the file went away: the text is the only copy */

  /* Drafts */
  char              *draft_id;
  guint              draft_source;
  gint64             draft_due;       /* monotonic time the pending draft is due by, or 0 */
  guint              draft_retry_source;
  char              *draft_error;     /* why the last draft could not be written, or NULL */
  guint              language_source;
  gboolean           has_draft;
};

G_DEFINE_FINAL_TYPE (BilletDocument, billet_document, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_FILE,
  PROP_TITLE,
  PROP_MODIFIED,
  PROP_EXTERNALLY_MODIFIED,
  PROP_CHARSET,
  PROP_N_STRAY,
  PROP_HAS_MOJIBAKE,
  PROP_DRAFT_ERROR,
  N_PROPS
};

enum {
  CHANGED,
  FRONT_MATTER_CHANGED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

/* See queue_draft(). */
#define DRAFT_PAUSE_MS   1000
#define DRAFT_MAX_AGE_MS 2000
/* After a draft could not be written. */
#define DRAFT_RETRY_SECONDS 5
#define MONITOR_DELAY_MS 250
#define STRAY_TAG "billet-stray-byte"

static void queue_draft (BilletDocument *self);
static void watch_file (BilletDocument *self);

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
  queue_draft (self);
  g_signal_emit (self, signals[CHANGED], 0);
}

static void
on_body_changed_cb (BilletDocument *self)
{
  queue_draft (self);
  g_signal_emit (self, signals[CHANGED], 0);
}

static void
on_modified_changed_cb (BilletDocument *self)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MODIFIED]);
}

/* GtkSourceView's language manager reads the head of every language file
 * it knows (some 150) when first asked for one: tens of milliseconds that
 * the first window can show without. The first documents get their
 * languages once the window is drawn; later ones at once. Main thread. */
static gboolean languages_loaded;

static void
apply_languages (BilletDocument *self)
{
  GtkSourceLanguageManager *manager = gtk_source_language_manager_get_default ();

  gtk_source_buffer_set_language (self->body,
                                  gtk_source_language_manager_get_language (manager, "markdown"));
  gtk_source_buffer_set_language (self->front_matter,
                                  gtk_source_language_manager_get_language (manager, "yaml"));
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
  g_signal_connect_object (buffer, "modified-changed",
                           G_CALLBACK (on_modified_changed_cb), self, G_CONNECT_SWAPPED);
  return buffer;
}

static void write_draft (BilletDocument *self);

static void
billet_document_dispose (GObject *object)
{
  BilletDocument *self = (BilletDocument *) object;

  g_clear_handle_id (&self->language_source, g_source_remove);

  /* Typing since the last draft must not be lost with the document:
   * unless the author discarded it (billet_document_discard_draft()), a
   * modified document leaves its draft up to date. */
  if (self->draft_source != 0 && self->body != NULL && billet_document_get_modified (self))
    write_draft (self);
  g_clear_handle_id (&self->draft_source, g_source_remove);
  g_clear_handle_id (&self->draft_retry_source, g_source_remove);
  g_clear_pointer (&self->draft_error, g_free);
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
      g_value_set_boolean (value, self->mojibake.example != NULL);
      break;
    case PROP_DRAFT_ERROR:
      g_value_set_string (value, self->draft_error);
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
  /**
   * BilletDocument:externally-modified:
   *
   * Whether the file changed on disk (or went away) while the document
   * had changes of its own: the author chooses what wins.
   */
  properties[PROP_EXTERNALLY_MODIFIED] =
    g_param_spec_boolean ("externally-modified", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  /**
   * BilletDocument:charset:
   *
   * The BilletCharset the file is saved in.
   */
  properties[PROP_CHARSET] =
    g_param_spec_uint ("charset", NULL, NULL, 0, G_MAXUINT, BILLET_CHARSET_UTF8,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  /**
   * BilletDocument:n-stray:
   *
   * How many stray bytes (not UTF-8) the text holds, as last counted.
   */
  properties[PROP_N_STRAY] =
    g_param_spec_uint ("n-stray", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  /**
   * BilletDocument:has-mojibake:
   *
   * Whether the text looked mis-encoded when it was read (see
   * billet_document_get_mojibake()).
   */
  properties[PROP_HAS_MOJIBAKE] =
    g_param_spec_boolean ("has-mojibake", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  /**
   * BilletDocument:draft-error:
   *
   * Why the last draft of the unsaved changes could not be written (a
   * full disk, say), or %NULL while drafts are written: the author's
   * changes are then not protected against a crash, and should know it.
   */
  properties[PROP_DRAFT_ERROR] =
    g_param_spec_string ("draft-error", NULL, NULL, NULL,
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
  self->body = new_buffer (self);
  self->front_matter = new_buffer (self);
  if (languages_loaded)
    apply_languages (self);
  else
    self->language_source = g_idle_add_full (G_PRIORITY_LOW, apply_languages_cb, self, NULL);
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

/* Reading files */

typedef struct
{
  BilletPost      *post;
  BilletCharset    charset;
  GBytes          *original;
  guint            n_stray;
  guint            stray_line;
  guint            stray_column;
  BilletMojibake   mojibake;
  BilletFileStamp  stamp;
} Decoded;

static void
decoded_clear (Decoded *d)
{
  g_clear_pointer (&d->post, billet_post_unref);
  g_clear_pointer (&d->original, g_bytes_unref);
  billet_mojibake_clear (&d->mojibake);
  billet_file_stamp_clear (&d->stamp);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Decoded, decoded_clear)

/* Reads and decodes @path: UTF-8 as it is, legacy text and stray bytes
 * through billet-encoding; binary and unknown encodings are refused with
 * an error that says where. Never converts anything silently: the charset
 * and the original bytes go with the text. */
static gboolean
decode_path (const char  *path,
             Decoded     *out,
             GError     **error)
{
  g_autofree char *data = NULL;
  g_autofree char *utf8 = NULL;
  g_autofree char *repaired = NULL;
  BilletTextInfo info;
  const char *text;
  gsize len = 0, text_len, utf8_len = 0;
  gboolean bom;
  guint line, column;

  if (g_file_test (path, G_FILE_TEST_IS_DIR))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_IS_DIRECTORY,
                   _("“%s” is a folder, not a post"), path);
      return FALSE;
    }
  billet_file_stamp_stat (&out->stamp, path);
  /* Bounded: a hostile 2 GB file is refused on its size, unread. */
  if (!billet_file_read (path, BILLET_FILE_MAX_POST_SIZE, &data, &len, error))
    return FALSE;
  billet_file_stamp_set_data (&out->stamp, data, len);

  bom = len >= 3 && memcmp (data, "\xEF\xBB\xBF", 3) == 0;
  text = bom ? data + 3 : data;
  text_len = bom ? len - 3 : len;
  billet_encoding_detect (text, text_len, &info);
  billet_encoding_get_position (text, text_len, info.first_odd, &line, &column);

  switch (info.kind)
    {
    case BILLET_TEXT_BINARY:
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   _("This file is not a text post: it contains binary data (line %u, column %u)"),
                   line, column);
      return FALSE;

    case BILLET_TEXT_UNKNOWN:
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   _("This file is not UTF-8, nor text in Windows-1252 or Latin-1 "
                     "(first odd byte on line %u, column %u); Billet leaves it as it is"),
                   line, column);
      return FALSE;

    case BILLET_TEXT_LEGACY:
    case BILLET_TEXT_STRAY_BYTES:
      /* A BOM says UTF-8: what is not is stray. */
      out->charset = bom ? BILLET_CHARSET_UTF8_STRAY : info.charset;
      if (!(utf8 = billet_encoding_decode (text, text_len, out->charset, &utf8_len, error)))
        return FALSE;
      if (out->charset == BILLET_CHARSET_UTF8_STRAY)
        {
          out->n_stray = (guint) info.n_stray;
          out->stray_line = line;
          out->stray_column = column;
        }
      out->original = g_bytes_new (data, len);
      if (bom)
        {
          char *with_bom = g_malloc (utf8_len + 4);

          memcpy (with_bom, "\xEF\xBB\xBF", 3);
          memcpy (with_bom + 3, utf8, utf8_len + 1);
          g_free (utf8);
          utf8 = with_bom;
          utf8_len += 3;
        }
      out->post = billet_post_new_from_data (utf8, utf8_len);
      break;

    case BILLET_TEXT_UTF8:
    default:
      out->charset = BILLET_CHARSET_UTF8;
      out->post = billet_post_new_from_data (data, len);
      utf8 = g_steal_pointer (&data);
      utf8_len = len;
      break;
    }

  /* Mis-encoded text is pointed out, never repaired behind the author's back. */
  repaired = billet_encoding_repair_mojibake (utf8, utf8_len, NULL, &out->mojibake);
  if (repaired == NULL)
    billet_mojibake_clear (&out->mojibake);
  return TRUE;
}

/**
 * billet_document_read_file_text:
 *
 * Reads a post file as Billet would open it, in UTF-8 (for comparing).
 *
 * Returns: (transfer full): the text, or %NULL with @error set
 */
char *
billet_document_read_file_text (GFile   *file,
                                GError **error)
{
  g_auto(Decoded) decoded = { 0 };
  g_autofree char *path = NULL;
  g_autoptr(GBytes) bytes = NULL;

  g_return_val_if_fail (G_IS_FILE (file), NULL);

  if (!(path = g_file_get_path (file)))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED, _("Billet opens local files only"));
      return NULL;
    }
  if (!decode_path (path, &decoded, error))
    return NULL;
  bytes = billet_post_serialize (decoded.post);
  return g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
}

/* Tags each stray byte (U+F780–U+F7FF) of @buffer; returns how many. */
static guint
tag_stray (GtkSourceBuffer *buffer)
{
  GtkTextBuffer *text_buffer = GTK_TEXT_BUFFER (buffer);
  GtkTextIter iter, end;
  guint n = 0;

  gtk_text_buffer_get_bounds (text_buffer, &iter, &end);
  gtk_text_buffer_remove_tag_by_name (text_buffer, STRAY_TAG, &iter, &end);
  for (; !gtk_text_iter_is_end (&iter); gtk_text_iter_forward_char (&iter))
    {
      gunichar c = gtk_text_iter_get_char (&iter);

      if (c >= 0xF780 && c <= 0xF7FF)
        {
          GtkTextIter next = iter;

          gtk_text_iter_forward_char (&next);
          gtk_text_buffer_apply_tag_by_name (text_buffer, STRAY_TAG, &iter, &next);
          n++;
        }
    }
  return n;
}

static void
update_stray (BilletDocument *self)
{
  guint n = 0;

  if (self->charset == BILLET_CHARSET_UTF8_STRAY)
    n = tag_stray (self->front_matter) + tag_stray (self->body);
  if (n != self->n_stray)
    {
      self->n_stray = n;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_STRAY]);
    }
}

/* Replaces @buffer's text by @text, touching only the characters that
 * differ, so that marks (the cursor, the view's scroll position) outside
 * the change stay where they were; a cursor inside it goes back to its
 * line and column. */
static void
replace_text (GtkTextBuffer *buffer,
              const char    *text,
              gsize          new_len,
              gboolean       undoable)
{
  g_autofree char *old = NULL;
  GtkTextIter start, end, cursor;
  gsize old_len, prefix = 0, suffix = 0;
  int cursor_line, cursor_offset, changed_start, changed_end, cursor_pos;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  old = gtk_text_buffer_get_text (buffer, &start, &end, TRUE);
  old_len = strlen (old);

  while (prefix < old_len && prefix < new_len && old[prefix] == text[prefix])
    prefix++;
  while (prefix > 0 && (old[prefix] & 0xC0) == 0x80)
    prefix--;
  while (suffix < old_len - prefix && suffix < new_len - prefix &&
         old[old_len - 1 - suffix] == text[new_len - 1 - suffix])
    suffix++;
  while (suffix > 0 && (old[old_len - suffix] & 0xC0) == 0x80)
    suffix--;
  if (prefix == old_len && prefix == new_len)
    return;

  gtk_text_buffer_get_iter_at_mark (buffer, &cursor, gtk_text_buffer_get_insert (buffer));
  cursor_line = gtk_text_iter_get_line (&cursor);
  cursor_offset = gtk_text_iter_get_line_offset (&cursor);
  cursor_pos = gtk_text_iter_get_offset (&cursor);
  changed_start = (int) g_utf8_pointer_to_offset (old, old + prefix);
  changed_end = (int) g_utf8_pointer_to_offset (old, old + old_len - suffix);

  gtk_text_buffer_get_iter_at_offset (buffer, &start, changed_start);
  gtk_text_buffer_get_iter_at_offset (buffer, &end, changed_end);
  if (undoable)
    gtk_text_buffer_begin_user_action (buffer);
  else
    gtk_text_buffer_begin_irreversible_action (buffer);
  gtk_text_buffer_delete (buffer, &start, &end);
  gtk_text_buffer_insert (buffer, &start, text + prefix, (int) (new_len - prefix - suffix));
  if (undoable)
    gtk_text_buffer_end_user_action (buffer);
  else
    gtk_text_buffer_end_irreversible_action (buffer);

  if (cursor_pos > changed_start && cursor_pos < changed_end)
    {
      GtkTextIter line;

      if (gtk_text_buffer_get_iter_at_line (buffer, &line, cursor_line))
        {
          if (cursor_offset < gtk_text_iter_get_chars_in_line (&line))
            gtk_text_iter_set_line_offset (&line, cursor_offset);
          else if (!gtk_text_iter_ends_line (&line))
            gtk_text_iter_forward_to_line_end (&line);
        }
      else
        gtk_text_buffer_get_end_iter (buffer, &line);
      gtk_text_buffer_place_cursor (buffer, &line);
    }
}

/* Puts @post's text in the buffers: irreversibly for a load (the cursor
 * then goes to the start), in place for a reload, undoably for a repair or
 * a restored draft. */
typedef enum { SET_LOAD, SET_RELOAD, SET_EDIT } SetMode;

static void
set_post_text (BilletDocument *self,
               BilletPost     *post,
               SetMode         mode)
{
  g_autofree char *front_matter = NULL;
  g_autofree char *body = NULL;
  const char *text;
  gsize front_matter_len, body_len;

  /* Copies: @post is often the document's own, and a buffer's "changed"
   * (the preview starting a render, say) copies the buffers into it,
   * freeing the text being inserted. */
  text = billet_post_get_front_matter_text (post, &front_matter_len);
  front_matter = text ? g_strndup (text, front_matter_len) : (front_matter_len = 0, g_strdup (""));
  text = billet_post_get_body (post, &body_len);
  body = g_strndup (text, body_len);

  g_signal_handlers_block_by_func (self->front_matter, on_front_matter_changed_cb, self);
  if (mode == SET_LOAD)
    set_text_irreversibly (self->front_matter, front_matter, (gssize) front_matter_len);
  else
    replace_text (GTK_TEXT_BUFFER (self->front_matter), front_matter, front_matter_len, mode == SET_EDIT);
  g_signal_handlers_unblock_by_func (self->front_matter, on_front_matter_changed_cb, self);

  if (mode == SET_LOAD)
    set_text_irreversibly (self->body, body, (gssize) body_len);
  else
    replace_text (GTK_TEXT_BUFFER (self->body), body, body_len, mode == SET_EDIT);

  if (mode != SET_EDIT)
    {
      gtk_text_buffer_set_modified (GTK_TEXT_BUFFER (self->front_matter), FALSE);
      gtk_text_buffer_set_modified (GTK_TEXT_BUFFER (self->body), FALSE);
    }

  /* Once, on the complete text (a replaced text passes through an empty
   * one), and only once @post is no longer read: the form, the window's
   * title, the sidebar and the preview read the parsed tree, which must
   * never lag behind the buffer, and their handlers may copy the buffers
   * into the document's post. */
  reparse (self);
}

static void
set_externally_modified (BilletDocument *self,
                         gboolean        externally_modified)
{
  if (self->externally_modified == externally_modified)
    return;
  self->externally_modified = externally_modified;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_EXTERNALLY_MODIFIED]);
}

/* Whether the author changed the text since it was read or saved. */
static gboolean
buffers_modified (BilletDocument *self)
{
  return gtk_text_buffer_get_modified (GTK_TEXT_BUFFER (self->front_matter)) ||
         gtk_text_buffer_get_modified (GTK_TEXT_BUFFER (self->body));
}

/* A file deleted from under the document leaves its text as the last copy
 * of the post: unsaved work, to be protected by a draft and asked about on
 * close, even if the author typed nothing. */
static void
set_file_missing (BilletDocument *self,
                  gboolean        missing)
{
  gboolean was_modified = billet_document_get_modified (self);

  self->file_missing = missing;
  if (missing)
    queue_draft (self);
  if (was_modified != billet_document_get_modified (self))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MODIFIED]);
}

/* Takes what was read from the file (its text set apart). */
static void
adopt_decoded (BilletDocument *self,
               Decoded        *decoded)
{
  gboolean had_mojibake = self->mojibake.example != NULL;
  BilletCharset old_charset = self->charset;

  g_clear_pointer (&self->post, billet_post_unref);
  self->post = g_steal_pointer (&decoded->post);
  self->charset = decoded->charset;
  g_clear_pointer (&self->original, g_bytes_unref);
  self->original = g_steal_pointer (&decoded->original);
  self->stray_line = decoded->stray_line;
  self->stray_column = decoded->stray_column;
  billet_mojibake_clear (&self->mojibake);
  self->mojibake = decoded->mojibake;
  memset (&decoded->mojibake, 0, sizeof decoded->mojibake);
  billet_file_stamp_copy (&self->stamp, &decoded->stamp);
  billet_file_stamp_copy (&self->disk, &decoded->stamp);
  self->file_missing = FALSE;
  self->generation++;

  if (old_charset != self->charset)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CHARSET]);
  if (had_mojibake || self->mojibake.example != NULL)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HAS_MOJIBAKE]);
}

/**
 * billet_document_load:
 *
 * Reads @file. A file that is not UTF-8 is decoded when it is legacy text
 * (Windows-1252, Latin-1) or UTF-8 with a few stray bytes, and remembers
 * its encoding; binary data and unknown encodings are refused with an
 * error that says where, and the document is left as it was.
 */
gboolean
billet_document_load (BilletDocument  *self,
                      GFile           *file,
                      GError         **error)
{
  g_auto(Decoded) decoded = { 0 };
  g_autofree char *path = NULL;

  g_return_val_if_fail (BILLET_IS_DOCUMENT (self), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);

  path = g_file_get_path (file);
  if (path == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                   _("Billet opens local files only"));
      return FALSE;
    }

  if (!decode_path (path, &decoded, error))
    return FALSE;

  adopt_decoded (self, &decoded);
  g_set_object (&self->file, file);
  set_post_text (self, self->post, SET_LOAD);
  update_stray (self);
  set_externally_modified (self, FALSE);
  watch_file (self);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FILE]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MODIFIED]);
  g_signal_emit (self, signals[CHANGED], 0);
  return TRUE;
}

/**
 * billet_document_reload:
 *
 * Reads the file again, dropping the document's changes, in place: the
 * cursor stays on its line and column, and the view on its text.
 */
gboolean
billet_document_reload (BilletDocument  *self,
                        GError         **error)
{
  g_auto(Decoded) decoded = { 0 };
  g_autofree char *path = NULL;

  g_return_val_if_fail (BILLET_IS_DOCUMENT (self), FALSE);
  g_return_val_if_fail (self->file != NULL, FALSE);

  path = g_file_get_path (self->file);
  if (!decode_path (path, &decoded, error))
    return FALSE;

  adopt_decoded (self, &decoded);
  set_post_text (self, self->post, SET_RELOAD);
  update_stray (self);
  set_externally_modified (self, FALSE);
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

/* The bytes to write: the original ones for an untouched legacy file,
 * else the post encoded back to its charset. */
static GBytes *
encode_post (BilletDocument  *self,
             gboolean         same_file,
             GError         **error)
{
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *encoded = NULL;
  gsize len;

  if (self->charset != BILLET_CHARSET_UTF8 && self->original != NULL && same_file &&
      !billet_document_get_modified (self))
    return g_bytes_ref (self->original);

  sync_post (self);
  bytes = billet_post_serialize (self->post);
  if (self->charset == BILLET_CHARSET_UTF8)
    return g_steal_pointer (&bytes);

  encoded = billet_encoding_encode (g_bytes_get_data (bytes, NULL), (gssize) g_bytes_get_size (bytes),
                                    self->charset, &len, error);
  if (encoded == NULL)
    return NULL;
  return g_bytes_new_take (g_steal_pointer (&encoded), len);
}

/* Whether @path still holds what the document last read or wrote. */
static gboolean
file_unchanged (BilletDocument *self,
                const char     *path)
{
  g_auto(BilletFileStamp) now = { 0 };
  g_autofree char *data = NULL;
  gsize len;

  if (!billet_file_stamp_stat (&now, path))
    return TRUE;    /* gone: writing it again loses nothing */
  if (billet_file_stamp_same_stat (&now, &self->stamp))
    return TRUE;
  if (!billet_file_read (path, BILLET_FILE_MAX_POST_SIZE, &data, &len, NULL))
    return FALSE;
  billet_file_stamp_set_data (&now, data, len);
  return billet_file_stamp_same_content (&now, &self->stamp);
}

static void
delete_draft (BilletDocument *self);

/**
 * billet_document_save:
 * @file: (nullable): where to save, or %NULL for the document's file
 *
 * billet_document_save_full() without flags.
 */
gboolean
billet_document_save (BilletDocument  *self,
                      GFile           *file,
                      GError         **error)
{
  return billet_document_save_full (self, file, BILLET_DOCUMENT_SAVE_NONE, error);
}

/**
 * billet_document_save_full:
 * @file: (nullable): where to save, or %NULL for the document's file
 *
 * Writes the post through the safe writer, in its encoding. Saving over
 * the document's own file when that file changed on disk since it was read
 * fails with %G_IO_ERROR_WRONG_ETAG, unless @flags has
 * %BILLET_DOCUMENT_SAVE_OVERWRITE. Any failure leaves the file as it was,
 * the document modified and its draft in place.
 */
gboolean
billet_document_save_full (BilletDocument           *self,
                           GFile                    *file,
                           BilletDocumentSaveFlags   flags,
                           GError                  **error)
{
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *path = NULL;
  gboolean same_file;

  g_return_val_if_fail (BILLET_IS_DOCUMENT (self), FALSE);
  g_return_val_if_fail (file != NULL || self->file != NULL, FALSE);

  if (file == NULL)
    file = self->file;
  same_file = self->file != NULL && g_file_equal (file, self->file);
  path = g_file_get_path (file);
  if (path == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                   _("Billet saves to local files only"));
      return FALSE;
    }

  /* Also when the document's file was gone and came back meanwhile. */
  if (same_file && !(flags & BILLET_DOCUMENT_SAVE_OVERWRITE) && !file_unchanged (self, path))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_WRONG_ETAG,
                   _("“%s” changed on disk since Billet read it"), path);
      return FALSE;
    }

  if (!(bytes = encode_post (self, same_file, error)))
    {
      if (self->has_draft || billet_document_get_modified (self))
        write_draft (self);
      return FALSE;
    }
  /* An empty post over a non-empty file is written only when the author
   * emptied it, that is, edited the buffers; otherwise it is a failed load
   * or a bug, and the file is kept. */
  if (!billet_file_write_safely (path, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes),
                                 billet_document_get_modified (self)
                                 ? BILLET_WRITE_ALLOW_EMPTY : BILLET_WRITE_NONE,
                                 error))
    {
      /* The draft stays, up to date: the work is safe while the author
       * frees some room or picks another folder. */
      if (billet_document_get_modified (self))
        write_draft (self);
      return FALSE;
    }

  /* What is on disk now; the monitor's coming event is ours. */
  billet_file_stamp_stat (&self->stamp, path);
  billet_file_stamp_set_data (&self->stamp, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
  billet_file_stamp_copy (&self->disk, &self->stamp);
  self->generation++;
  if (self->charset != BILLET_CHARSET_UTF8)
    {
      g_clear_pointer (&self->original, g_bytes_unref);
      self->original = g_bytes_ref (bytes);
    }
  set_file_missing (self, FALSE);
  set_externally_modified (self, FALSE);

  if (!same_file)
    {
      g_set_object (&self->file, file);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FILE]);
      update_title (self);
      watch_file (self);
    }
  gtk_text_buffer_set_modified (GTK_TEXT_BUFFER (self->front_matter), FALSE);
  gtk_text_buffer_set_modified (GTK_TEXT_BUFFER (self->body), FALSE);
  delete_draft (self);
  return TRUE;
}

/* Encodings */

/**
 * billet_document_get_charset:
 *
 * Returns: the encoding the file is saved in (a #BilletCharset)
 */
BilletCharset
billet_document_get_charset (BilletDocument *self)
{
  g_return_val_if_fail (BILLET_IS_DOCUMENT (self), BILLET_CHARSET_UTF8);
  return self->charset;
}

/**
 * billet_document_convert_to_utf8:
 *
 * From now on the post is saved in UTF-8: the document becomes modified,
 * and the next save converts the file. Stray bytes are not converted
 * (they are not text): see billet_document_remove_stray().
 */
void
billet_document_convert_to_utf8 (BilletDocument *self)
{
  g_return_if_fail (BILLET_IS_DOCUMENT (self));

  if (self->charset == BILLET_CHARSET_UTF8 || self->charset == BILLET_CHARSET_UTF8_STRAY)
    return;
  self->charset = BILLET_CHARSET_UTF8;
  g_clear_pointer (&self->original, g_bytes_unref);
  /* A change of the file, to be saved like any other. */
  gtk_text_buffer_set_modified (GTK_TEXT_BUFFER (self->body), TRUE);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CHARSET]);
  queue_draft (self);
}

/**
 * billet_document_get_n_stray:
 * @line: (out) (optional): the line in the file of the first one, as read
 * @column: (out) (optional): its column
 *
 * Returns: how many stray bytes (not UTF-8) the text holds
 */
guint
billet_document_get_n_stray (BilletDocument *self,
                             guint          *line,
                             guint          *column)
{
  g_return_val_if_fail (BILLET_IS_DOCUMENT (self), 0);

  if (line)
    *line = self->stray_line;
  if (column)
    *column = self->stray_column;
  return self->n_stray;
}

static void
remove_stray_from (GtkSourceBuffer *buffer)
{
  g_autofree char *text = buffer_dup_text (buffer);
  GString *out = g_string_sized_new (strlen (text));

  for (const char *p = text; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c < 0xF780 || c > 0xF7FF)
        g_string_append_len (out, p, g_utf8_next_char (p) - p);
    }
  replace_text (GTK_TEXT_BUFFER (buffer), out->str, out->len, TRUE);
  g_string_free (out, TRUE);
}

/**
 * billet_document_remove_stray:
 *
 * Deletes the stray bytes from the text, as an undoable edit: the post is
 * then plain UTF-8.
 */
void
billet_document_remove_stray (BilletDocument *self)
{
  g_return_if_fail (BILLET_IS_DOCUMENT (self));

  if (self->charset != BILLET_CHARSET_UTF8_STRAY)
    return;
  remove_stray_from (self->front_matter);
  remove_stray_from (self->body);
  update_stray (self);
  if (self->n_stray == 0)
    {
      self->charset = BILLET_CHARSET_UTF8;
      g_clear_pointer (&self->original, g_bytes_unref);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CHARSET]);
    }
}

/**
 * billet_document_select_first_stray:
 *
 * Selects the first stray byte in the body, if any.
 *
 * Returns: whether there was one in the body
 */
gboolean
billet_document_select_first_stray (BilletDocument *self)
{
  GtkTextBuffer *buffer;
  GtkTextIter iter, next;
  GtkTextTag *tag;

  g_return_val_if_fail (BILLET_IS_DOCUMENT (self), FALSE);

  buffer = GTK_TEXT_BUFFER (self->body);
  tag = gtk_text_tag_table_lookup (gtk_text_buffer_get_tag_table (buffer), STRAY_TAG);
  gtk_text_buffer_get_start_iter (buffer, &iter);
  if (!gtk_text_iter_starts_tag (&iter, tag) && !gtk_text_iter_forward_to_tag_toggle (&iter, tag))
    return FALSE;
  next = iter;
  gtk_text_iter_forward_char (&next);
  gtk_text_buffer_select_range (buffer, &iter, &next);
  return TRUE;
}

/**
 * billet_document_get_mojibake:
 *
 * Returns: (transfer none) (nullable): where the text looked mis-encoded
 *   when it was read, with an example and its repair, or %NULL
 */
const BilletMojibake *
billet_document_get_mojibake (BilletDocument *self)
{
  g_return_val_if_fail (BILLET_IS_DOCUMENT (self), NULL);
  return self->mojibake.example != NULL ? &self->mojibake : NULL;
}

/**
 * billet_document_repair_mojibake:
 *
 * Repairs mis-encoded text in the front matter and the body, as one
 * undoable edit of each.
 *
 * Returns: how many characters were repaired
 */
guint
billet_document_repair_mojibake (BilletDocument *self)
{
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(BilletPost) repaired_post = NULL;
  g_autofree char *repaired = NULL;
  g_auto(BilletMojibake) report = { 0 };
  gsize len;

  g_return_val_if_fail (BILLET_IS_DOCUMENT (self), 0);

  sync_post (self);
  bytes = billet_post_serialize (self->post);
  repaired = billet_encoding_repair_mojibake (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes),
                                              &len, &report);
  if (repaired != NULL)
    {
      repaired_post = billet_post_new_from_data (repaired, len);
      set_post_text (self, repaired_post, SET_EDIT);
      queue_draft (self);
      g_signal_emit (self, signals[CHANGED], 0);
    }
  if (self->mojibake.example != NULL)
    {
      billet_mojibake_clear (&self->mojibake);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HAS_MOJIBAKE]);
    }
  return repaired != NULL ? report.n_repaired : 0;
}

/* Changes on disk */

typedef struct
{
  char            *path;
  BilletFileStamp  base;
  BilletFileStamp  now;
  guint            generation;
} Check;

static void
check_free (Check *check)
{
  g_free (check->path);
  billet_file_stamp_clear (&check->base);
  billet_file_stamp_clear (&check->now);
  g_free (check);
}

/* In a worker: stat, and hash only when stat sees a difference. */
static void
check_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  Check *check = task_data;
  g_autofree char *data = NULL;
  gsize len;

  if (billet_file_stamp_stat (&check->now, check->path) &&
      !billet_file_stamp_same_stat (&check->now, &check->base))
    {
      if (billet_file_read (check->path, BILLET_FILE_MAX_POST_SIZE, &data, &len, NULL))
        billet_file_stamp_set_data (&check->now, data, len);
      else
        billet_file_stamp_set_data (&check->now, "", 0);   /* unreadable: a change */
    }
  else if (check->now.exists)
    billet_file_stamp_copy (&check->now, &check->base);
  g_task_return_boolean (task, TRUE);
}

static void queue_check (BilletDocument *self);

static void
check_done_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  BilletDocument *self = BILLET_DOCUMENT (object);
  GTask *task = G_TASK (result);
  Check *check = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;

  if (!g_task_propagate_boolean (task, NULL) || g_task_had_error (task))
    return;
  if (g_cancellable_is_cancelled (g_task_get_cancellable (task)))
    return;
  if (check->generation != self->generation)
    {
      /* Read or written meanwhile: look again against the new stamp. */
      queue_check (self);
      return;
    }

  if (billet_file_stamp_same_content (&check->now, &self->stamp))
    {
      /* A touch, or the same bytes written again: remember the new stat
       * so that the next look need not read the file. */
      billet_file_stamp_copy (&self->stamp, &check->now);
      billet_file_stamp_copy (&self->disk, &check->now);
      set_file_missing (self, !check->now.exists);
      set_externally_modified (self, FALSE);
      return;
    }
  if (billet_file_stamp_same_content (&check->now, &self->disk) && self->externally_modified)
    return;
  billet_file_stamp_copy (&self->disk, &check->now);

  /* A clean document follows its file; a modified one asks. */
  if (!buffers_modified (self) && check->now.exists &&
      billet_document_reload (self, &error))
    return;
  if (error != NULL)
    g_debug ("Not reloading %s: %s", check->path, error->message);
  set_file_missing (self, !check->now.exists);
  set_externally_modified (self, TRUE);
}

static gboolean
check_file_cb (gpointer user_data)
{
  BilletDocument *self = user_data;
  g_autoptr(GTask) task = NULL;
  Check *check;

  self->monitor_source = 0;
  if (self->file == NULL)
    return G_SOURCE_REMOVE;

  g_cancellable_cancel (self->check_cancellable);
  g_clear_object (&self->check_cancellable);
  self->check_cancellable = g_cancellable_new ();

  check = g_new0 (Check, 1);
  check->path = g_file_get_path (self->file);
  check->generation = self->generation;
  /* Compared with what the author last saw of it. */
  billet_file_stamp_copy (&check->base, self->externally_modified ? &self->disk : &self->stamp);
  task = g_task_new (self, self->check_cancellable, check_done_cb, NULL);
  g_task_set_source_tag (task, check_file_cb);
  g_task_set_task_data (task, check, (GDestroyNotify) check_free);
  g_task_run_in_thread (task, check_thread);
  return G_SOURCE_REMOVE;
}

/* A burst of events (a checkout writes, renames, chmods) makes one look. */
static void
queue_check (BilletDocument *self)
{
  g_clear_handle_id (&self->monitor_source, g_source_remove);
  self->monitor_source = g_timeout_add (MONITOR_DELAY_MS, check_file_cb, self);
}

static void
on_monitor_changed_cb (BilletDocument    *self,
                       GFile             *file,
                       GFile             *other,
                       GFileMonitorEvent  event)
{
  if (event == G_FILE_MONITOR_EVENT_ATTRIBUTE_CHANGED || event == G_FILE_MONITOR_EVENT_PRE_UNMOUNT)
    return;
  queue_check (self);
}

/* Watches the file (GLib's inotify backend watches its folder and follows
 * the name, so that a rename over it — a checkout, another editor's safe
 * save — is seen too). */
static void
watch_file (BilletDocument *self)
{
  g_autoptr(GError) error = NULL;

  if (self->monitor != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->monitor, self);
      g_file_monitor_cancel (self->monitor);
      g_clear_object (&self->monitor);
    }
  if (self->file == NULL)
    return;
  self->monitor = g_file_monitor_file (self->file, G_FILE_MONITOR_NONE, NULL, &error);
  if (self->monitor == NULL)
    {
      g_debug ("Not watching the post: %s", error->message);
      return;
    }
  g_signal_connect_object (self->monitor, "changed", G_CALLBACK (on_monitor_changed_cb), self,
                           G_CONNECT_SWAPPED);
}

/**
 * billet_document_get_externally_modified:
 *
 * Returns: whether the file changed on disk while the document had changes
 */
gboolean
billet_document_get_externally_modified (BilletDocument *self)
{
  g_return_val_if_fail (BILLET_IS_DOCUMENT (self), FALSE);
  return self->externally_modified;
}

/**
 * billet_document_get_file_on_disk:
 *
 * Returns: whether the document's file is still on disk, as last seen
 */
gboolean
billet_document_get_file_on_disk (BilletDocument *self)
{
  g_return_val_if_fail (BILLET_IS_DOCUMENT (self), FALSE);
  return self->file != NULL && !self->file_missing;
}

/**
 * billet_document_keep_mine:
 *
 * The author saw the change on disk and keeps the document's text: the
 * next save writes over the file without asking again.
 */
void
billet_document_keep_mine (BilletDocument *self)
{
  g_return_if_fail (BILLET_IS_DOCUMENT (self));

  if (!self->externally_modified)
    return;
  billet_file_stamp_copy (&self->stamp, &self->disk);
  self->generation++;
  set_externally_modified (self, FALSE);
}

/**
 * billet_document_dup_disk_diff:
 *
 * Returns: (transfer full): a unified diff from the file on disk to the
 *   document's text (empty when they are the same), or %NULL with @error
 */
char *
billet_document_dup_disk_diff (BilletDocument  *self,
                               GError         **error)
{
  g_autofree char *disk = NULL;
  g_autofree char *name = NULL;
  g_autofree char *disk_label = NULL;
  g_autofree char *mine_label = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (BILLET_IS_DOCUMENT (self), NULL);

  if (self->file != NULL)
    {
      disk = billet_document_read_file_text (self->file, &local_error);
      if (disk == NULL && !g_error_matches (local_error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return NULL;
        }
    }
  sync_post (self);
  bytes = billet_post_serialize (self->post);
  name = self->file ? g_file_get_basename (self->file) : g_strdup (self->title);
  /* Translators: the labels of a comparison; %s is a file name */
  disk_label = g_strdup_printf (_("%s (on disk)"), name);
  mine_label = g_strdup_printf (_("%s (in Billet)"), name);
  return billet_diff_unified (disk ? disk : "", -1,
                              g_bytes_get_data (bytes, NULL), (gssize) g_bytes_get_size (bytes),
                              disk_label, mine_label, 3);
}

/* Drafts */

typedef enum { JOB_WRITE, JOB_DELETE } JobKind;

typedef struct
{
  JobKind      kind;
  BilletDraft *draft;
  GBytes      *bytes;
  GWeakRef     document;
  char        *error;      /* the worker's answer */
} DraftJob;

static void
draft_job_free (DraftJob *job)
{
  billet_draft_free (job->draft);
  g_clear_pointer (&job->bytes, g_bytes_unref);
  g_weak_ref_clear (&job->document);
  g_free (job->error);
  g_free (job);
}

static void
set_draft_error (BilletDocument *self,
                 const char     *message)
{
  if (g_strcmp0 (self->draft_error, message) == 0)
    return;
  g_free (self->draft_error);
  self->draft_error = g_strdup (message);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DRAFT_ERROR]);
}

static gboolean
draft_retry_cb (gpointer user_data)
{
  BilletDocument *self = user_data;

  self->draft_retry_source = 0;
  if (self->draft_error != NULL && self->draft_source == 0 && billet_document_get_modified (self))
    write_draft (self);
  return G_SOURCE_REMOVE;
}

/* Main thread: what became of a draft job. A write that failed leaves the
 * author's changes unprotected: say so, and try again until it works (the
 * disk may get room without the author typing again). A write that worked,
 * or a deletion (the changes are saved or dropped), ends that. */
static gboolean
draft_job_done_cb (gpointer data)
{
  DraftJob *job = data;
  g_autoptr(BilletDocument) self = g_weak_ref_get (&job->document);

  if (self == NULL)
    return G_SOURCE_REMOVE;
  if (job->kind == JOB_WRITE && job->error != NULL)
    {
      set_draft_error (self, job->error);
      if (self->draft_retry_source == 0)
        self->draft_retry_source = g_timeout_add_seconds (DRAFT_RETRY_SECONDS, draft_retry_cb, self);
    }
  else
    {
      g_clear_handle_id (&self->draft_retry_source, g_source_remove);
      set_draft_error (self, NULL);
    }
  return G_SOURCE_REMOVE;
}

/* One worker, so that the writes and deletions of drafts happen in the
 * order they were asked for: a deletion after a save is never undone by
 * a write queued before it. Their outcomes reach the main loop in the
 * same order, through idle sources of one priority. */
static void
draft_job_run (gpointer data,
               gpointer user_data)
{
  DraftJob *job = data;
  g_autoptr(GError) error = NULL;
  const char *dir = billet_draft_store_get_default_dir ();

  if (job->kind == JOB_WRITE)
    billet_draft_store_write (dir, job->draft, g_bytes_get_data (job->bytes, NULL),
                              g_bytes_get_size (job->bytes), &error);
  else
    billet_draft_store_delete (dir, job->draft->id, &error);
  if (error != NULL)
    {
      g_message ("Draft %s: %s", job->draft->id, error->message);
      job->error = g_strdup (error->message);
    }
  g_clear_pointer (&job->bytes, g_bytes_unref);
  g_idle_add_full (G_PRIORITY_DEFAULT, draft_job_done_cb, job, (GDestroyNotify) draft_job_free);
}

static GThreadPool *
get_draft_pool (void)
{
  static GThreadPool *pool;

  if (g_once_init_enter (&pool))
    g_once_init_leave (&pool, g_thread_pool_new (draft_job_run, NULL, 1, FALSE, NULL));
  return pool;
}

static void
write_draft (BilletDocument *self)
{
  DraftJob *job = g_new0 (DraftJob, 1);

  g_clear_handle_id (&self->draft_source, g_source_remove);
  self->draft_due = 0;
  if (self->draft_id == NULL)
    self->draft_id = billet_draft_new_id ();

  sync_post (self);
  job->kind = JOB_WRITE;
  g_weak_ref_init (&job->document, self);
  job->bytes = billet_post_serialize (self->post);
  job->draft = billet_draft_new (self->draft_id);
  job->draft->path = self->file ? g_file_get_path (self->file) : NULL;
  job->draft->title = g_strdup (self->title);
  job->draft->time = g_get_real_time () / G_USEC_PER_SEC;
  if (self->charset != BILLET_CHARSET_UTF8)
    job->draft->charset = g_strdup (billet_charset_get_name (self->charset));
  billet_file_stamp_copy (&job->draft->stamp, &self->stamp);
  self->has_draft = TRUE;
  g_thread_pool_push (get_draft_pool (), job, NULL);
}

static void
delete_draft (BilletDocument *self)
{
  DraftJob *job;

  g_clear_handle_id (&self->draft_source, g_source_remove);
  self->draft_due = 0;
  if (!self->has_draft || self->draft_id == NULL)
    return;
  job = g_new0 (DraftJob, 1);
  job->kind = JOB_DELETE;
  g_weak_ref_init (&job->document, self);
  job->draft = billet_draft_new (self->draft_id);
  self->has_draft = FALSE;
  g_thread_pool_push (get_draft_pool (), job, NULL);
}

static gboolean
draft_timeout_cb (gpointer user_data)
{
  BilletDocument *self = user_data;

  self->draft_source = 0;
  self->draft_due = 0;
  if (billet_document_get_modified (self))
    write_draft (self);
  else
    delete_draft (self);    /* undone back to the file */
  return G_SOURCE_REMOVE;
}

/* A draft follows a pause in typing (DRAFT_PAUSE_MS after the last
 * change), but never lags more than DRAFT_MAX_AGE_MS behind the first
 * change it does not hold yet: someone typing a key every half second for
 * an hour pauses never, and must not lose the hour to a crash.
 *
 * Not only when modified: during "changed" the buffer's modified flag
 * may not be set yet (GTK sets it from its undo history); the timeout
 * looks. */
static void
queue_draft (BilletDocument *self)
{
  gint64 now = g_get_monotonic_time ();
  gint64 fire;

  if (self->draft_due == 0)
    self->draft_due = now + DRAFT_MAX_AGE_MS * G_TIME_SPAN_MILLISECOND;
  fire = MIN (now + DRAFT_PAUSE_MS * G_TIME_SPAN_MILLISECOND, self->draft_due);
  g_clear_handle_id (&self->draft_source, g_source_remove);
  self->draft_source = g_timeout_add (MAX (0, (fire - now) / G_TIME_SPAN_MILLISECOND),
                                      draft_timeout_cb, self);
}

/**
 * billet_document_get_draft_id:
 *
 * Returns: (nullable): the name of the document's draft in the store, once
 *   it has one
 */
const char *
billet_document_get_draft_id (BilletDocument *self)
{
  g_return_val_if_fail (BILLET_IS_DOCUMENT (self), NULL);
  return self->draft_id;
}

/**
 * billet_document_discard_draft:
 *
 * The author chose to drop the document's changes: its draft goes too.
 */
void
billet_document_discard_draft (BilletDocument *self)
{
  g_return_if_fail (BILLET_IS_DOCUMENT (self));

  if (self->draft_id != NULL)
    self->has_draft = TRUE;
  delete_draft (self);
}

/**
 * billet_document_restore_draft:
 * @draft: a draft from the store
 *
 * Opens the draft's post (its file, when it has one and it still opens)
 * and puts the draft's text in place of the file's, as an edit: the
 * document is modified, and takes over the draft.
 */
gboolean
billet_document_restore_draft (BilletDocument     *self,
                               const BilletDraft  *draft,
                               GError            **error)
{
  g_autoptr(BilletPost) post = NULL;
  g_autofree char *data = NULL;
  g_autoptr(GError) load_error = NULL;
  gsize len;

  g_return_val_if_fail (BILLET_IS_DOCUMENT (self), FALSE);
  g_return_val_if_fail (draft != NULL, FALSE);

  if (!billet_draft_store_read (billet_draft_store_get_default_dir (), draft->id, &data, &len, error))
    return FALSE;

  if (draft->path != NULL)
    {
      g_autoptr(GFile) file = g_file_new_for_path (draft->path);

      if (!billet_document_load (self, file, &load_error))
        {
          /* Gone, or no longer readable: the draft is all there is. */
          g_debug ("Restoring a draft without its file: %s", load_error->message);
          g_set_object (&self->file, file);
          billet_file_stamp_stat (&self->stamp, draft->path);
          billet_file_stamp_copy (&self->disk, &self->stamp);
          self->file_missing = !self->stamp.exists;
          watch_file (self);
          g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FILE]);
        }
      else
        {
          /* The draft's text was made from the file as it was then. If
           * another program changed it since (after the crash, say), the
           * document must not pretend to be based on the new bytes: keep
           * the draft's stamp, so that the change shows now and a save asks
           * before writing over it. */
          gboolean same = draft->stamp.exists && draft->stamp.sha256 == NULL
                          ? billet_file_stamp_same_stat (&draft->stamp, &self->disk)
                          : billet_file_stamp_same_content (&draft->stamp, &self->disk);

          if (!same)
            {
              billet_file_stamp_copy (&self->stamp, &draft->stamp);
              self->generation++;
              set_externally_modified (self, TRUE);
            }
        }
    }

  post = billet_post_new_from_data (data, len);
  if (billet_post_get_front_matter_kind (self->post) == BILLET_FRONT_MATTER_NONE &&
      billet_post_get_front_matter_kind (post) != BILLET_FRONT_MATTER_NONE)
    billet_post_set_front_matter_text (self->post, billet_post_get_front_matter_text (post, NULL), -1);
  set_post_text (self, post, SET_EDIT);
  /* Even a draft equal to the file stays a change to save or discard. */
  gtk_text_buffer_set_modified (GTK_TEXT_BUFFER (self->body), TRUE);

  g_free (self->draft_id);
  self->draft_id = g_strdup (draft->id);
  self->has_draft = TRUE;
  update_stray (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MODIFIED]);
  g_signal_emit (self, signals[CHANGED], 0);
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

  return buffers_modified (self) || (self->file != NULL && self->file_missing);
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
