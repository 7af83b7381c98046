/* billet-post.c — a post file as bytes: encoding, newlines, front matter, body
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A post is kept as the pieces it was read from — BOM, opening delimiter
 * line, front-matter text, closing delimiter line, body — each exactly as
 * in the file, line breaks and all. Serialising concatenates them, so an
 * untouched post always gives back its bytes, whatever they are, and every
 * edit changes only the piece it edits.
 */

#define G_LOG_DOMAIN "Billet"

#include "config.h"

#include <errno.h>
#include <string.h>
#include <sys/stat.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "billet-file.h"
#include "billet-post.h"
#include "billet-utf8.h"

struct _BilletPost
{
  gatomicrefcount        ref_count;

  gboolean               has_bom;
  BilletEncoding         encoding;
  BilletNewline          newline;
  gboolean               has_nul;
  gsize                  invalid_offset;   /* first byte that is not UTF-8 */
  gboolean               body_is_utf8;     /* known: from the load, not since set_body() */

  BilletFrontMatterKind  kind;
  char                  *open_delimiter;   /* with its line break */
  char                  *close_delimiter;  /* with its line break, if any */
  GString               *front_matter;
  GString               *body;

  /* Parsed lazily, dropped when the front-matter text changes. */
  BilletFrontMatter     *parsed;
  GError                *parse_error;
  guint                  error_line;
  guint                  error_column;
  gboolean               parse_done;
};

static BilletPost *
billet_post_new (void)
{
  BilletPost *self = g_new0 (BilletPost, 1);

  g_atomic_ref_count_init (&self->ref_count);
  self->front_matter = g_string_new (NULL);
  self->body = g_string_new (NULL);
  return self;
}

BilletPost *
billet_post_ref (BilletPost *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

void
billet_post_unref (BilletPost *self)
{
  g_return_if_fail (self != NULL);

  if (!g_atomic_ref_count_dec (&self->ref_count))
    return;

  g_free (self->open_delimiter);
  g_free (self->close_delimiter);
  g_string_free (self->front_matter, TRUE);
  g_string_free (self->body, TRUE);
  g_clear_pointer (&self->parsed, billet_front_matter_unref);
  g_clear_error (&self->parse_error);
  g_free (self);
}

static void
invalidate (BilletPost *self)
{
  g_clear_pointer (&self->parsed, billet_front_matter_unref);
  g_clear_error (&self->parse_error);
  self->parse_done = FALSE;
}

/* The length of the line at @p (its line break included), and of its
 * content without the line break. */
static gsize
line_length (const char *p,
             const char *end,
             gsize      *content)
{
  const char *nl = memchr (p, '\n', end - p);
  const char *stop = nl ? nl + 1 : end;
  const char *c = nl ? nl : end;

  if (c > p && c[-1] == '\r')
    c--;
  if (content)
    *content = c - p;
  return stop - p;
}

/* Whether a line is a delimiter: exactly @mark, then optional blanks. */
static gboolean
is_delimiter (const char *line,
              gsize       content,
              const char *mark)
{
  if (content < 3 || memcmp (line, mark, 3) != 0)
    return FALSE;
  for (gsize i = 3; i < content; i++)
    if (line[i] != ' ' && line[i] != '\t')
      return FALSE;
  return TRUE;
}

static void
split (BilletPost *self,
       const char *data,
       gsize       len)
{
  const char *end = data + len;
  const char *p = data;
  const char *mark = NULL;
  gsize content;
  gsize first;

  self->kind = BILLET_FRONT_MATTER_NONE;

  first = line_length (p, end, &content);
  if (is_delimiter (p, content, "---"))
    mark = "---";
  else if (is_delimiter (p, content, "+++"))
    mark = "+++";

  if (mark != NULL && first > content)
    {
      const char *q = p + first;

      while (q < end)
        {
          gsize n = line_length (q, end, &content);

          if (is_delimiter (q, content, mark) ||
              (mark[0] == '-' && is_delimiter (q, content, "...")))
            {
              self->kind = mark[0] == '-' ? BILLET_FRONT_MATTER_YAML : BILLET_FRONT_MATTER_TOML;
              self->open_delimiter = g_strndup (p, first);
              self->close_delimiter = g_strndup (q, n);
              g_string_append_len (self->front_matter, p + first, q - (p + first));
              g_string_append_len (self->body, q + n, end - (q + n));
              return;
            }
          q += n;
        }
      self->kind = BILLET_FRONT_MATTER_UNTERMINATED;
      self->open_delimiter = g_strndup (p, first);
    }

  g_string_append_len (self->body, data, len);
}

static void
load (BilletPost *self,
      const char *data,
      gsize       len)
{
  const char *bad = NULL;
  const char *nl;

  if (len >= 3 && memcmp (data, "\xEF\xBB\xBF", 3) == 0)
    {
      self->has_bom = TRUE;
      data += 3;
      len -= 3;
    }

  self->has_nul = memchr (data, 0, len) != NULL;
  if (billet_utf8_validate (data, len, &bad) && !self->has_nul)
    {
      self->encoding = self->has_bom ? BILLET_ENCODING_UTF8_BOM : BILLET_ENCODING_UTF8;
      self->body_is_utf8 = TRUE;
    }
  else
    {
      self->encoding = BILLET_ENCODING_UNKNOWN;
      self->invalid_offset = bad ? (gsize) (bad - data) : 0;
      if (self->has_nul)
        self->invalid_offset = MIN (self->invalid_offset,
                                    (gsize) ((const char *) memchr (data, 0, len) - data));
    }

  nl = memchr (data, '\n', len);
  if (nl != NULL)
    self->newline = nl > data && nl[-1] == '\r' ? BILLET_NEWLINE_CRLF : BILLET_NEWLINE_LF;
  else if (memchr (data, '\r', len) != NULL)
    self->newline = BILLET_NEWLINE_CR;
  else
    self->newline = BILLET_NEWLINE_LF;

  split (self, data, len);
}

/**
 * billet_post_new_from_data:
 * @data: (array length=len): the bytes of a post file
 * @len: their length
 *
 * Never fails: whatever the bytes, the post holds them and serialises back
 * to them. What is wrong with them is reported by the getters (encoding,
 * front-matter kind, parse errors).
 */
BilletPost *
billet_post_new_from_data (const char *data,
                           gsize       len)
{
  BilletPost *self;

  g_return_val_if_fail (data != NULL || len == 0, NULL);

  self = billet_post_new ();
  load (self, data ? data : "", len);
  return self;
}

BilletPost *
billet_post_new_from_bytes (GBytes *bytes)
{
  gsize len = 0;
  const char *data;

  g_return_val_if_fail (bytes != NULL, NULL);

  data = g_bytes_get_data (bytes, &len);
  return billet_post_new_from_data (data, len);
}

BilletPost *
billet_post_new_for_path (const char  *path,
                          GError     **error)
{
  g_autofree char *data = NULL;
  gsize len = 0;

  g_return_val_if_fail (path != NULL, NULL);

  if (g_file_test (path, G_FILE_TEST_IS_DIR))
    {
      g_autofree char *shown = billet_file_display_name (path);

      g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_ISDIR,
                   _("“%s” is a folder, not a post"), shown);
      return NULL;
    }
  /* Bounded: a hostile 2 GB file is refused on its size, unread. */
  if (!billet_file_read (path, BILLET_FILE_MAX_POST_SIZE, &data, &len, error))
    return NULL;
  return billet_post_new_from_data (data, len);
}

/**
 * billet_post_serialize:
 *
 * Returns: (transfer full): the bytes of the post as it is now
 */
GBytes *
billet_post_serialize (BilletPost *self)
{
  GString *out;

  g_return_val_if_fail (self != NULL, NULL);

  out = g_string_sized_new (self->front_matter->len + self->body->len + 16);
  if (self->has_bom)
    g_string_append_len (out, "\xEF\xBB\xBF", 3);
  if (self->kind == BILLET_FRONT_MATTER_YAML || self->kind == BILLET_FRONT_MATTER_TOML)
    {
      g_string_append (out, self->open_delimiter);
      g_string_append_len (out, self->front_matter->str, self->front_matter->len);
      g_string_append (out, self->close_delimiter);
    }
  g_string_append_len (out, self->body->str, self->body->len);
  return g_string_free_to_bytes (out);
}

/**
 * billet_post_save_to_path_full:
 * @flags: %BILLET_WRITE_ALLOW_EMPTY when the author emptied the post
 *
 * Writes the post through billet_file_write_safely(): at the target of a
 * symbolic link, keeping hard links, mode, group and extended attributes.
 * On failure the old file is byte-identical and @error says what happened
 * and where.
 */
gboolean
billet_post_save_to_path_full (BilletPost        *self,
                               const char        *path,
                               BilletWriteFlags   flags,
                               GError           **error)
{
  g_autoptr(GBytes) bytes = NULL;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  bytes = billet_post_serialize (self);
  return billet_file_write_safely (path, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes),
                                   flags, error);
}

/**
 * billet_post_save_to_path:
 *
 * billet_post_save_to_path_full() without flags: an empty post is not
 * written over a non-empty file.
 */
gboolean
billet_post_save_to_path (BilletPost  *self,
                          const char  *path,
                          GError     **error)
{
  return billet_post_save_to_path_full (self, path, BILLET_WRITE_NONE, error);
}

BilletEncoding
billet_post_get_encoding (BilletPost *self)
{
  g_return_val_if_fail (self != NULL, BILLET_ENCODING_UNKNOWN);
  return self->encoding;
}

/* Line and column (1-based; the column in bytes, since the line is not
 * UTF-8) of a byte offset in the text after the BOM. */
static void
position_of (BilletPost *self,
             gsize       offset,
             guint      *line,
             guint      *column)
{
  g_autoptr(GBytes) bytes = billet_post_serialize (self);
  const char *data = g_bytes_get_data (bytes, NULL);
  guint l = 1;
  gsize bol = 0;

  if (self->has_bom)
    data += 3;
  for (gsize i = 0; i < offset; i++)
    if (data[i] == '\n')
      {
        l++;
        bol = i + 1;
      }
  *line = l;
  *column = (guint) (g_utf8_validate_len (data + bol, offset - bol, NULL)
                     ? (gsize) g_utf8_strlen (data + bol, offset - bol) : offset - bol) + 1;
}

/**
 * billet_post_get_invalid_utf8_position:
 *
 * Returns: %TRUE, with the line and column of the first byte that is not
 *   UTF-8 (or is NUL), when the post is not valid UTF-8
 */
gboolean
billet_post_get_invalid_utf8_position (BilletPost *self,
                                       guint      *line,
                                       guint      *column)
{
  guint l, c;

  g_return_val_if_fail (self != NULL, FALSE);

  if (self->encoding != BILLET_ENCODING_UNKNOWN)
    return FALSE;
  position_of (self, self->invalid_offset, &l, &c);
  if (line)
    *line = l;
  if (column)
    *column = c;
  return TRUE;
}

gboolean
billet_post_has_nul (BilletPost *self)
{
  g_return_val_if_fail (self != NULL, FALSE);
  return self->has_nul;
}

BilletNewline
billet_post_get_newline (BilletPost *self)
{
  g_return_val_if_fail (self != NULL, BILLET_NEWLINE_LF);
  return self->newline;
}

const char *
billet_post_get_newline_string (BilletPost *self)
{
  g_return_val_if_fail (self != NULL, "\n");

  switch (self->newline)
    {
    case BILLET_NEWLINE_CRLF: return "\r\n";
    case BILLET_NEWLINE_CR: return "\r";
    case BILLET_NEWLINE_LF:
    default: return "\n";
    }
}

BilletFrontMatterKind
billet_post_get_front_matter_kind (BilletPost *self)
{
  g_return_val_if_fail (self != NULL, BILLET_FRONT_MATTER_NONE);
  return self->kind;
}

const char *
billet_post_get_open_delimiter (BilletPost *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->open_delimiter;
}

const char *
billet_post_get_close_delimiter (BilletPost *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->close_delimiter;
}

/**
 * billet_post_get_front_matter_text:
 *
 * Returns: (nullable): the text between the delimiter lines (NUL-terminated),
 *   or %NULL when the post has no (closed) front matter
 */
const char *
billet_post_get_front_matter_text (BilletPost *self,
                                   gsize      *len)
{
  g_return_val_if_fail (self != NULL, NULL);

  if (self->kind != BILLET_FRONT_MATTER_YAML && self->kind != BILLET_FRONT_MATTER_TOML)
    {
      if (len)
        *len = 0;
      return NULL;
    }
  if (len)
    *len = self->front_matter->len;
  return self->front_matter->str;
}

/**
 * billet_post_get_body:
 *
 * Returns: the Markdown after the front matter (NUL-terminated, but it may
 *   hold NUL bytes: use @len)
 */
const char *
billet_post_get_body (BilletPost *self,
                      gsize      *len)
{
  g_return_val_if_fail (self != NULL, NULL);

  if (len)
    *len = self->body->len;
  return self->body->str;
}

static guint
count_lines (const char *text,
             gsize       len)
{
  guint n = 0;

  for (const char *p = text; (p = memchr (p, '\n', len - (p - text))) != NULL; p++)
    n++;
  return n;
}

/**
 * billet_post_get_front_matter_line:
 *
 * Returns: the line of the file on which the front-matter text starts
 */
guint
billet_post_get_front_matter_line (BilletPost *self)
{
  g_return_val_if_fail (self != NULL, 1);

  return self->open_delimiter ? 2 : 1;
}

/**
 * billet_post_get_body_line:
 *
 * Returns: the line of the file on which the body starts
 */
guint
billet_post_get_body_line (BilletPost *self)
{
  g_return_val_if_fail (self != NULL, 1);

  if (self->kind != BILLET_FRONT_MATTER_YAML && self->kind != BILLET_FRONT_MATTER_TOML)
    return 1;
  return 1 + count_lines (self->open_delimiter, strlen (self->open_delimiter)) +
         count_lines (self->front_matter->str, self->front_matter->len) +
         count_lines (self->close_delimiter, strlen (self->close_delimiter));
}

/**
 * billet_post_set_front_matter_text:
 *
 * Replaces the text between the delimiters. A post without front matter
 * gets `---` lines around it.
 */
void
billet_post_set_front_matter_text (BilletPost *self,
                                   const char *text,
                                   gssize      len)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (text != NULL || len == 0);

  if (len < 0)
    len = strlen (text);

  if (self->kind == BILLET_FRONT_MATTER_NONE || self->kind == BILLET_FRONT_MATTER_UNTERMINATED)
    {
      const char *nl = self->newline == BILLET_NEWLINE_CR ? "\n" : billet_post_get_newline_string (self);

      g_clear_pointer (&self->open_delimiter, g_free);
      self->kind = BILLET_FRONT_MATTER_YAML;
      self->open_delimiter = g_strconcat ("---", nl, NULL);
      self->close_delimiter = g_strconcat ("---", nl, NULL);
    }

  g_string_truncate (self->front_matter, 0);
  g_string_append_len (self->front_matter, text, len);
  invalidate (self);
}

void
billet_post_set_body (BilletPost *self,
                      const char *text,
                      gssize      len)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (text != NULL || len == 0);

  if (len < 0)
    len = strlen (text);
  g_string_truncate (self->body, 0);
  g_string_append_len (self->body, text, len);
  /* Not checked again here: renderers check what they are not told. */
  self->body_is_utf8 = FALSE;
}

/**
 * billet_post_body_is_utf8:
 *
 * Returns: %TRUE when the body is known to be UTF-8 without NUL bytes (it
 *   was checked as the post was read), so that rendering need not check
 *   it again; %FALSE when it is not, or not known
 */
gboolean
billet_post_body_is_utf8 (BilletPost *self)
{
  g_return_val_if_fail (self != NULL, FALSE);
  return self->body_is_utf8;
}

/**
 * billet_front_matter_parse_as:
 * @kind: what the post's markers make of @text
 * @text: (array length=len): the front matter, between its markers
 * @first_line: the line of the file @text starts on
 * @error_line: (out) (optional): where it cannot be read, in the file
 * @error_column: (out) (optional): the column there
 *
 * Parses a post's front matter of the given kind: the one place that says
 * what TOML, an unterminated block or none at all means, for the command
 * line, the index and the editor alike.
 *
 * Returns: (transfer full) (nullable): the front matter, or %NULL with
 *   @error set
 */
BilletFrontMatter *
billet_front_matter_parse_as (BilletFrontMatterKind   kind,
                              const char             *text,
                              gsize                   len,
                              guint                   first_line,
                              guint                  *error_line,
                              guint                  *error_column,
                              GError                **error)
{
  guint line = 1, column = 1;
  BilletFrontMatter *parsed = NULL;

  switch (kind)
    {
    case BILLET_FRONT_MATTER_YAML:
      parsed = billet_front_matter_parse (text, len, first_line, &line, &column, error);
      break;

    case BILLET_FRONT_MATTER_TOML:
      parsed = billet_front_matter_parse_toml (text, len, first_line, &line, &column, error);
      break;

    case BILLET_FRONT_MATTER_UNTERMINATED:
      g_set_error_literal (error, BILLET_FRONT_MATTER_ERROR, BILLET_FRONT_MATTER_ERROR_SYNTAX,
                           _("The front matter starts here but no closing “---” line ends it"));
      break;

    case BILLET_FRONT_MATTER_NONE:
    default:
      g_set_error_literal (error, BILLET_FRONT_MATTER_ERROR, BILLET_FRONT_MATTER_ERROR_NOT_FOUND,
                           _("The post has no front matter"));
      break;
    }
  if (error_line != NULL)
    *error_line = parsed ? 0 : line;
  if (error_column != NULL)
    *error_column = parsed ? 0 : column;
  return parsed;
}

static void
parse (BilletPost *self)
{
  if (self->parse_done)
    return;
  self->parse_done = TRUE;

  self->parsed = billet_front_matter_parse_as (self->kind, self->front_matter->str,
                                               self->front_matter->len,
                                               billet_post_get_front_matter_line (self),
                                               &self->error_line, &self->error_column,
                                               &self->parse_error);
}

/**
 * billet_post_get_front_matter:
 * @error: set when the post has no YAML front matter or it is invalid; see
 *   billet_post_get_error_position() for where
 *
 * Returns: (transfer none) (nullable): the parsed front matter
 */
BilletFrontMatter *
billet_post_get_front_matter (BilletPost  *self,
                              GError     **error)
{
  g_return_val_if_fail (self != NULL, NULL);

  parse (self);
  if (self->parsed == NULL && error != NULL)
    *error = g_error_copy (self->parse_error);
  return self->parsed;
}

/**
 * billet_post_get_error_position:
 *
 * Where the front matter's problem is, in the file (1-based line and
 * column), after billet_post_get_front_matter() failed.
 */
void
billet_post_get_error_position (BilletPost *self,
                                guint      *line,
                                guint      *column)
{
  g_return_if_fail (self != NULL);

  parse (self);
  if (line)
    *line = self->parsed ? 0 : self->error_line;
  if (column)
    *column = self->parsed ? 0 : self->error_column;
}

const BilletNode *
billet_post_lookup (BilletPost *self,
                    const char *path)
{
  BilletFrontMatter *fm;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (path != NULL, NULL);

  fm = billet_post_get_front_matter (self, NULL);
  return fm ? billet_front_matter_lookup (fm, path) : NULL;
}

/**
 * billet_post_dup_string:
 *
 * Returns: (transfer full) (nullable): the text of the scalar at @path
 */
char *
billet_post_dup_string (BilletPost *self,
                        const char *path)
{
  const BilletNode *node = billet_post_lookup (self, path);

  if (node == NULL || !billet_node_is_scalar (node) || billet_node_get_kind (node) == BILLET_NODE_NULL)
    return NULL;
  return g_strdup (billet_node_get_text (node));
}

/* The front matter an edit can work on; a post without any gets an empty one. */
static BilletFrontMatter *
editable_front_matter (BilletPost  *self,
                       GError     **error)
{
  if (self->kind == BILLET_FRONT_MATTER_NONE)
    {
      if (self->encoding == BILLET_ENCODING_UNKNOWN)
        {
          g_set_error_literal (error, BILLET_FRONT_MATTER_ERROR, BILLET_FRONT_MATTER_ERROR_UNSUPPORTED,
                               _("The post is not valid UTF-8"));
          return NULL;
        }
      return billet_front_matter_parse ("", 0, 2, NULL, NULL, error);
    }
  if (self->encoding == BILLET_ENCODING_UNKNOWN)
    {
      g_set_error_literal (error, BILLET_FRONT_MATTER_ERROR, BILLET_FRONT_MATTER_ERROR_UNSUPPORTED,
                           _("The post is not valid UTF-8"));
      return NULL;
    }

  parse (self);
  if (self->parsed == NULL)
    {
      g_propagate_error (error, g_error_copy (self->parse_error));
      return NULL;
    }
  return billet_front_matter_ref (self->parsed);
}

/* The line break for lines an edit adds. Delimiter lines are found by
 * their "\n", so a file with old Mac line breaks (CR alone) gets "\n". */
static const char *
edit_newline (BilletPost *self)
{
  return self->newline == BILLET_NEWLINE_CR ? "\n" : billet_post_get_newline_string (self);
}

static gboolean
apply (BilletPost *self,
       char       *text,
       gsize       len)
{
  if (text == NULL)
    return FALSE;
  billet_post_set_front_matter_text (self, text, len);
  g_free (text);
  return TRUE;
}

/**
 * billet_post_set_value:
 * @path: a key or a dotted path (`seo.title`)
 * @value: the value as text
 * @kind: what @value is (see billet_front_matter_splice_set())
 *
 * Changes one value with the smallest edit of the front-matter text. On
 * failure nothing changes.
 */
gboolean
billet_post_set_value (BilletPost      *self,
                       const char      *path,
                       const char      *value,
                       BilletNodeKind   kind,
                       GError         **error)
{
  g_autoptr(BilletFrontMatter) fm = NULL;
  gsize len = 0;
  char *text;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  if (!(fm = editable_front_matter (self, error)))
    return FALSE;
  text = billet_front_matter_splice_set (fm, path, value, kind,
                                         edit_newline (self), &len, error);
  return apply (self, text, len);
}

gboolean
billet_post_set_list (BilletPost          *self,
                      const char          *path,
                      const char * const  *items,
                      GError             **error)
{
  g_autoptr(BilletFrontMatter) fm = NULL;
  gsize len = 0;
  char *text;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  if (!(fm = editable_front_matter (self, error)))
    return FALSE;
  text = billet_front_matter_splice_set_list (fm, path, items,
                                              edit_newline (self), &len, error);
  return apply (self, text, len);
}

gboolean
billet_post_remove_key (BilletPost  *self,
                        const char  *path,
                        GError     **error)
{
  g_autoptr(BilletFrontMatter) fm = NULL;
  gsize len = 0;
  char *text;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  if (!(fm = editable_front_matter (self, error)))
    return FALSE;
  text = billet_front_matter_splice_remove (fm, path, edit_newline (self),
                                            &len, error);
  return apply (self, text, len);
}
