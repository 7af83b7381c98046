/* fuzz-post.c — libFuzzer target: load, round-trip, parse and splice posts
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The input is a whole post file. Whatever its bytes:
 *  - loading never fails and serialising gives the same bytes back;
 *  - the front matter parses or is refused with a position, never crashes;
 *  - a parsed tree is consistent (spans inside the text, parents, lookups);
 *  - every splice that succeeds leaves a file that still opens the same way
 *    (BOM, opening delimiter), keeps the body, and reads back — through a
 *    fresh load of the serialised bytes — with the edited value;
 *  - a front matter the simple reader takes reads the same with libyaml
 *    (BILLET_CHECK_PARSE, see billet-front-matter-simple.c).
 * Any violation abort()s, so libFuzzer records the input.
 */

#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "billet-post.h"

int LLVMFuzzerInitialize (int *argc, char ***argv);
int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

#define FUZZ_CHECK(cond, ...) \
  G_STMT_START { \
    if (G_UNLIKELY (!(cond))) \
      { \
        fprintf (stderr, "fuzz-post: %s:%d: check failed: %s: ", __FILE__, __LINE__, #cond); \
        fprintf (stderr, __VA_ARGS__); \
        fputc ('\n', stderr); \
        abort (); \
      } \
  } G_STMT_END

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  /* A critical or a warning from the core means a precondition or an
   * invariant broke: treat it as a crash. */
  g_log_set_always_fatal (G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING);
  g_setenv ("BILLET_CHECK_PARSE", "1", TRUE);
  return 0;
}

static void
walk (BilletFrontMatter *fm,
      const BilletNode  *node,
      gsize              text_len,
      guint              depth)
{
  BilletNodeKind kind = billet_node_get_kind (node);
  guint n = billet_node_get_n_children (node);

  FUZZ_CHECK (depth <= BILLET_FRONT_MATTER_MAX_DEPTH + 1, "depth %u", depth);
  FUZZ_CHECK (billet_node_get_start (node) <= billet_node_get_end (node),
              "span %zu-%zu", billet_node_get_start (node), billet_node_get_end (node));
  FUZZ_CHECK (billet_node_get_end (node) <= text_len,
              "span end %zu beyond %zu", billet_node_get_end (node), text_len);
  FUZZ_CHECK (billet_node_kind_to_string (kind) != NULL, "kind %d", kind);
  FUZZ_CHECK (billet_node_equal (node, node), "node not equal to itself");
  (void) billet_node_get_style (node);
  (void) billet_node_get_line (node);
  (void) billet_node_get_column (node);

  if (billet_node_is_scalar (node))
    {
      (void) billet_node_get_text (node);
      if (kind == BILLET_NODE_BOOLEAN)
        (void) billet_node_get_boolean (node);
    }

  if (billet_node_is_string_list (node))
    {
      g_auto(GStrv) items = billet_node_dup_strv (node);

      FUZZ_CHECK (items != NULL && g_strv_length (items) == n,
                  "string list of %u items gave %u", n, items ? g_strv_length (items) : 0);
    }

  for (guint i = 0; i < n; i++)
    {
      const BilletNode *child = billet_node_get_child (node, i);

      FUZZ_CHECK (child != NULL, "child %u of %u missing", i, n);
      FUZZ_CHECK (billet_node_get_parent (child) == node, "child %u has another parent", i);

      /* Keys without dots can be looked up again from their map. */
      if (kind == BILLET_NODE_MAP)
        {
          const char *key = billet_node_get_key (child);

          if (key != NULL && strchr (key, '.') == NULL && *key != '\0')
            FUZZ_CHECK (billet_node_lookup (node, key) != NULL, "lookup of key “%s” failed", key);
        }

      walk (fm, child, text_len, depth + 1);
    }
}

/* A short string from the input, valid UTF-8 and without NUL: what an
 * author could type in the form. */
static char *
derive_string (const uint8_t *data,
               size_t         size,
               size_t         max)
{
  size_t n = MIN (size, max);
  const uint8_t *start = data + size - n;
  g_autofree char *raw = g_malloc (n + 1);
  size_t j = 0;

  for (size_t i = 0; i < n; i++)
    if (start[i] != '\0')
      raw[j++] = (char) start[i];
  raw[j] = '\0';

  return g_utf8_make_valid (raw, j);
}

typedef struct
{
  GBytes     *before;      /* the post before the edit */
  BilletFrontMatterKind kind;   /* YAML, TOML (kept by edits), or none (YAML after one) */
  gsize       prefix_len;  /* BOM + opening delimiter, when it had front matter */
  const char *body;
  gsize       body_len;
} Snapshot;

/* After a successful edit: same start, same body, and a fresh load of the
 * bytes finds front matter of the same language (YAML for a post that had
 * none) that parses. Returns that fresh post. */
static BilletPost *
check_edit (BilletPost     *post,
            const Snapshot *snap,
            const char     *what)
{
  g_autoptr(GBytes) after = billet_post_serialize (post);
  g_autoptr(GError) error = NULL;
  const char *a = g_bytes_get_data (after, NULL);
  gsize a_len = g_bytes_get_size (after);
  const char *b = g_bytes_get_data (snap->before, NULL);
  BilletPost *again;
  const char *body;
  gsize body_len = 0;

  FUZZ_CHECK (a_len >= snap->prefix_len && memcmp (a, b, snap->prefix_len) == 0,
              "%s: the file no longer starts with the same BOM and delimiter", what);

  again = billet_post_new_from_data (a, a_len);
  FUZZ_CHECK (billet_post_get_front_matter_kind (again) ==
              (snap->kind == BILLET_FRONT_MATTER_TOML ? BILLET_FRONT_MATTER_TOML
                                                      : BILLET_FRONT_MATTER_YAML),
              "%s: the edited file reads back as front-matter kind %d, was %d",
              what, billet_post_get_front_matter_kind (again), snap->kind);
  FUZZ_CHECK (billet_post_get_front_matter (again, &error) != NULL,
              "%s: the edited front matter does not parse: %s", what, error->message);

  body = billet_post_get_body (again, &body_len);
  FUZZ_CHECK (body_len == snap->body_len && memcmp (body, snap->body, body_len) == 0,
              "%s: the body changed", what);

  return again;
}

static void
snapshot (BilletPost *post,
          Snapshot   *snap)
{
  g_clear_pointer (&snap->before, g_bytes_unref);
  snap->before = billet_post_serialize (post);
  snap->prefix_len = 0;
  snap->kind = billet_post_get_front_matter_kind (post);
  if (billet_post_get_encoding (post) == BILLET_ENCODING_UTF8_BOM)
    snap->prefix_len += 3;
  if (snap->kind == BILLET_FRONT_MATTER_YAML || snap->kind == BILLET_FRONT_MATTER_TOML)
    snap->prefix_len += strlen (billet_post_get_open_delimiter (post));
  snap->body = billet_post_get_body (post, &snap->body_len);
}

static void
try_splices (BilletPost    *post,
             const uint8_t *data,
             size_t         size)
{
  g_autofree char *title = derive_string (data, size, 48);
  g_auto(GStrv) items = NULL;
  Snapshot snap = { NULL, };
  BilletFrontMatter *fm;
  const BilletNode *root;

  /* 1. title = a string from the input */
  snapshot (post, &snap);
  if (billet_post_set_value (post, "title", title, BILLET_NODE_STRING, NULL))
    {
      g_autoptr(BilletPost) again = check_edit (post, &snap, "set title");
      g_autofree char *got = billet_post_dup_string (again, "title");

      FUZZ_CHECK (g_strcmp0 (got, title) == 0,
                  "set title: reads back as “%s”, not “%s”", got ? got : "(null)", title);
    }

  /* 2. a new key, nested under a map that may or may not exist */
  snapshot (post, &snap);
  if (billet_post_set_value (post, "fuzz.added", "2024-03-01", BILLET_NODE_DATE, NULL))
    {
      g_autoptr(BilletPost) again = check_edit (post, &snap, "add fuzz.added");
      const BilletNode *node = billet_post_lookup (again, "fuzz.added");

      FUZZ_CHECK (node != NULL && billet_node_get_kind (node) == BILLET_NODE_DATE,
                  "add fuzz.added: not a date after the edit");
    }

  /* 3. a list, from the same string split at commas */
  snapshot (post, &snap);
  items = g_strsplit (title, ",", 8);
  if (billet_post_set_list (post, "tags", (const char * const *) items, NULL))
    {
      g_autoptr(BilletPost) again = check_edit (post, &snap, "set tags");
      const BilletNode *node = billet_post_lookup (again, "tags");
      g_auto(GStrv) got = node ? billet_node_dup_strv (node) : NULL;

      FUZZ_CHECK (got != NULL && g_strv_equal ((const char * const *) got,
                                               (const char * const *) items),
                  "set tags: the list reads back differently");
    }

  /* 4. remove the first key */
  snapshot (post, &snap);
  fm = billet_post_get_front_matter (post, NULL);
  root = fm ? billet_front_matter_get_root (fm) : NULL;
  if (root != NULL && billet_node_get_n_children (root) > 0)
    {
      g_autofree char *key = g_strdup (billet_node_get_key (billet_node_get_child (root, 0)));

      if (key != NULL && billet_post_remove_key (post, key, NULL))
        {
          g_autoptr(BilletPost) again = check_edit (post, &snap, "remove first key");

          (void) again;
        }
    }

  g_clear_pointer (&snap.before, g_bytes_unref);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(BilletPost) post = billet_post_new_from_data ((const char *) data, size);
  g_autoptr(GBytes) out = billet_post_serialize (post);
  g_autoptr(GError) error = NULL;
  BilletFrontMatter *fm;
  guint line = 0, column = 0;

  FUZZ_CHECK (g_bytes_get_size (out) == size &&
              (size == 0 || memcmp (g_bytes_get_data (out, NULL), data, size) == 0),
              "serialise did not give the input back (%zu bytes for %zu)",
              g_bytes_get_size (out), size);

  (void) billet_post_get_invalid_utf8_position (post, &line, &column);
  (void) billet_post_get_newline_string (post);
  (void) billet_post_get_body_line (post);
  (void) billet_post_get_front_matter_line (post);

  fm = billet_post_get_front_matter (post, &error);
  if (fm == NULL)
    {
      FUZZ_CHECK (error != NULL, "no front matter and no error");
      billet_post_get_error_position (post, &line, &column);
      FUZZ_CHECK (line >= 1 && column >= 1, "error at %u:%u", line, column);
    }
  else
    {
      gsize text_len = 0;
      const char *text = billet_front_matter_get_text (fm, &text_len);
      const BilletNode *root = billet_front_matter_get_root (fm);

      FUZZ_CHECK (text != NULL, "parsed front matter without text");
      if (root != NULL)
        walk (fm, root, text_len, 0);
      g_free (billet_post_dup_string (post, "title"));
    }

  /* Posts without front matter get one on their first edit: try them too. */
  if (fm != NULL || billet_post_get_front_matter_kind (post) == BILLET_FRONT_MATTER_NONE)
    try_splices (post, data, size);

  return 0;
}
