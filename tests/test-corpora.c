/* test-corpora.c — the core against real content: Hugo's docs, Jekyll's posts,
 * the YAML test suite and the TOML test suite
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The corpora live outside the repository (see /work/shared/corpora/README.md);
 * $BILLET_CORPORA points at them, and each case is skipped when it is missing.
 *
 * For every post: an untouched load gives back its bytes; its front matter
 * parses; setting a top-level string changes only that value's bytes;
 * adding a key only inserts one line. For every YAML test-suite case that
 * can be a front matter, the same, and invalid cases are reported invalid
 * with a position. For every valid TOML test-suite case, as a “+++” front
 * matter: the same, and it reads as the suite's expected data; every
 * invalid case is reported with a position and never rewritten.
 *
 * Violations are collected and printed all together before the test fails,
 * so one run shows everything that is wrong.
 */

#include "config.h"

#include <string.h>

#include "billet-encoding.h"
#include "billet-post.h"
#include "billet-test-utils.h"

/* Accents, a colon followed by a space, both quotes and a hash: a value that
 * cannot stay plain and exercises every quoting style. */
#define NEW_VALUE "Été : « l'essai » \"cité\" #1"
#define NEW_KEY   "billetTestKey"
#define NEW_KEY_VALUE "value"

typedef struct
{
  const char *name;
  guint       checked;
  guint       skipped;      /* TOML, no front matter, unterminated */
  guint       parse_failed;
  guint       set_done;
  guint       set_no_string;
  guint       set_refused;
  guint       add_done;
  guint       add_refused;
  guint       mojibake;     /* posts the mojibake repair would change */
  GPtrArray  *notes;        /* char*: what was skipped or refused, and why */
  GPtrArray  *problems;     /* char*: what is wrong */
} Stats;

static void
stats_init (Stats      *stats,
            const char *name)
{
  memset (stats, 0, sizeof *stats);
  stats->name = name;
  stats->notes = g_ptr_array_new_with_free_func (g_free);
  stats->problems = g_ptr_array_new_with_free_func (g_free);
}

static void
stats_clear (Stats *stats)
{
  g_clear_pointer (&stats->notes, g_ptr_array_unref);
  g_clear_pointer (&stats->problems, g_ptr_array_unref);
}

static void note (Stats *stats, const char *format, ...) G_GNUC_PRINTF (2, 3);
static void problem (Stats *stats, const char *format, ...) G_GNUC_PRINTF (2, 3);

static void
note (Stats      *stats,
      const char *format,
      ...)
{
  va_list args;

  va_start (args, format);
  g_ptr_array_add (stats->notes, g_strdup_vprintf (format, args));
  va_end (args);
}

static void
problem (Stats      *stats,
         const char *format,
         ...)
{
  va_list args;

  va_start (args, format);
  g_ptr_array_add (stats->problems, g_strdup_vprintf (format, args));
  va_end (args);
}

/* To the test log; with --verbose, straight to stdout with g_print. (In TAP
 * mode g_test_message() reaches stdout too, so doing both would print every
 * line twice.) */
static void say (const char *format, ...) G_GNUC_PRINTF (1, 2);

static void
say (const char *format,
     ...)
{
  g_autofree char *text = NULL;
  va_list args;

  va_start (args, format);
  text = g_strdup_vprintf (format, args);
  va_end (args);
  if (g_test_verbose ())
    g_print ("# %s\n", text);
  else
    g_test_message ("%s", text);
}

static void
stats_report (Stats *stats)
{
  for (guint i = 0; i < stats->notes->len; i++)
    say ("%s: %s", stats->name, (const char *) g_ptr_array_index (stats->notes, i));
  for (guint i = 0; i < stats->problems->len; i++)
    say ("%s: PROBLEM: %s", stats->name, (const char *) g_ptr_array_index (stats->problems, i));
  say ("%s: %u checked, %u skipped, %u front matters invalid; set a string: %u done, "
       "%u refused, %u without one; add a key: %u done, %u refused; "
       "taken for mis-encoded: %u; %u problems",
       stats->name, stats->checked, stats->skipped, stats->parse_failed,
       stats->set_done, stats->set_refused, stats->set_no_string,
       stats->add_done, stats->add_refused, stats->mojibake, stats->problems->len);
}

static const char *
corpora_dir (const char *sub)
{
  const char *root = g_getenv ("BILLET_CORPORA");
  static char *path;

  if (root == NULL)
    {
      g_test_skip ("BILLET_CORPORA is not set: it should point at the corpora folder "
                   "(/work/shared/corpora); meson test sets it");
      return NULL;
    }
  g_free (path);
  path = g_build_filename (root, sub, NULL);
  if (!g_file_test (path, G_FILE_TEST_IS_DIR))
    {
      g_autofree char *msg = g_strdup_printf ("corpus folder %s is missing", path);

      g_test_skip (msg);
      return NULL;
    }
  return path;
}

/* Where the front-matter text starts in the serialised file. */
static gsize
front_matter_offset (BilletPost *post)
{
  return (billet_post_get_encoding (post) == BILLET_ENCODING_UTF8_BOM ? 3 : 0) +
         strlen (billet_post_get_open_delimiter (post));
}

/* The top-level entry to set: "title" if it is a string, else the first
 * string entry whose key can be written as a path. */
static const BilletNode *
pick_string (const BilletNode *root)
{
  const BilletNode *title = billet_node_lookup (root, "title");

  if (title != NULL && billet_node_get_parent (title) == root &&
      billet_node_get_kind (title) == BILLET_NODE_STRING)
    return title;
  for (guint i = 0; i < billet_node_get_n_children (root); i++)
    {
      const BilletNode *child = billet_node_get_child (root, i);
      const char *key = billet_node_get_key (child);

      if (key != NULL && key[0] != 0 && billet_node_get_kind (child) == BILLET_NODE_STRING &&
          billet_node_lookup (root, key) == child)
        return child;
    }
  return NULL;
}

/* Every top-level entry of @b equals @a's, in the same order, but @a's
 * entry @changed (may be NULL), and @b has one more, @added (may be NULL),
 * anywhere. */
static gboolean
same_but (Stats            *stats,
          const char       *what,
          const BilletNode *a,
          const BilletNode *b,
          const BilletNode *changed,
          const char       *added)
{
  guint n = billet_node_get_n_children (a);
  guint skipped = 0;

  if (billet_node_get_kind (b) != BILLET_NODE_MAP ||
      billet_node_get_n_children (b) != n + (added != NULL))
    {
      problem (stats, "%s: %u entries before, %u after", what, n, billet_node_get_n_children (b));
      return FALSE;
    }
  for (guint i = 0; i < n; i++)
    {
      const BilletNode *ca = billet_node_get_child (a, i);
      const BilletNode *cb = billet_node_get_child (b, i + skipped);

      if (added != NULL && skipped == 0 && g_strcmp0 (billet_node_get_key (cb), added) == 0)
        cb = billet_node_get_child (b, i + ++skipped);

      if (g_strcmp0 (billet_node_get_key (ca), billet_node_get_key (cb)) != 0)
        {
          problem (stats, "%s: entry %u is “%s”, was “%s”", what, i,
                   billet_node_get_key (cb), billet_node_get_key (ca));
          return FALSE;
        }
      if (ca != changed && !billet_node_equal (ca, cb))
        {
          problem (stats, "%s: entry “%s” changed", what, billet_node_get_key (ca));
          return FALSE;
        }
    }
  return TRUE;
}

/* Sets a top-level string of the post in @data to NEW_VALUE and checks that
 * the file changed only within the old value's span. */
static void
check_set_string (Stats      *stats,
                  const char *name,
                  const char *data,
                  gsize       len)
{
  g_autoptr(BilletPost) before = billet_post_new_from_data (data, len);
  g_autoptr(BilletPost) post = billet_post_new_from_data (data, len);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) out = NULL;
  g_autofree char *what = NULL;
  BilletFrontMatter *old_fm = billet_post_get_front_matter (before, NULL);
  BilletFrontMatter *new_fm;
  const BilletNode *old_root = billet_front_matter_get_root (old_fm);
  const BilletNode *target = pick_string (old_root);
  const BilletNode *edited;
  const char *key;
  const char *new_data;
  gsize new_len, from, to;

  if (target == NULL)
    {
      stats->set_no_string++;
      return;
    }
  key = billet_node_get_key (target);
  what = g_strdup_printf ("%s: set “%s”", name, key);

  if (!billet_post_set_value (post, key, NEW_VALUE, BILLET_NODE_STRING, &error))
    {
      stats->set_refused++;
      note (stats, "%s: refused: %s", what, error->message);
      return;
    }
  stats->set_done++;

  out = billet_post_serialize (post);
  new_data = g_bytes_get_data (out, &new_len);
  from = front_matter_offset (before) + billet_node_get_start (target);
  to = front_matter_offset (before) + billet_node_get_end (target);
  g_assert_cmpuint (to, <=, len);

  if (new_len < from + (len - to) ||
      memcmp (new_data, data, from) != 0 ||
      memcmp (new_data + new_len - (len - to), data + to, len - to) != 0)
    {
      problem (stats, "%s: bytes outside the old value's span [%" G_GSIZE_FORMAT ", %"
               G_GSIZE_FORMAT ") changed", what, from, to);
      return;
    }

  new_fm = billet_post_get_front_matter (post, &error);
  if (new_fm == NULL)
    {
      problem (stats, "%s: does not parse again: %s", what, error->message);
      return;
    }
  if (!same_but (stats, what, old_root, billet_front_matter_get_root (new_fm), target, NULL))
    return;
  edited = billet_front_matter_lookup (new_fm, key);
  if (billet_node_get_kind (edited) != BILLET_NODE_STRING ||
      g_strcmp0 (billet_node_get_text (edited), NEW_VALUE) != 0)
    problem (stats, "%s: reads back as %s “%s”", what,
             billet_node_kind_to_string (billet_node_get_kind (edited)),
             billet_node_get_text (edited));
  else if (billet_node_get_start (edited) != billet_node_get_start (target))
    problem (stats, "%s: the value moved from %" G_GSIZE_FORMAT " to %" G_GSIZE_FORMAT, what,
             billet_node_get_start (target), billet_node_get_start (edited));
}

/* Whether @ins is one line "  billetTestKey: value" + @newline, or in
 * TOML "billetTestKey = \"value\"" (any blanks around “=”, either quotes). */
static gboolean
is_new_key_line (const char *ins,
                 gsize       len,
                 const char *newline,
                 gboolean    toml)
{
  const char *line = NEW_KEY ": " NEW_KEY_VALUE;
  gsize indent = 0;
  gsize nl = strlen (newline);

  while (indent < len && ins[indent] == ' ')
    indent++;
  if (toml)
    {
      g_autofree char *text = g_strndup (ins + indent, len - indent - MIN (nl, len - indent));

      return len > nl && memcmp (ins + len - nl, newline, nl) == 0 &&
             (g_regex_match_simple ("^" NEW_KEY "[ \t]*=[ \t]*\"" NEW_KEY_VALUE "\"$", text, 0, 0) ||
              g_regex_match_simple ("^" NEW_KEY "[ \t]*=[ \t]*'" NEW_KEY_VALUE "'$", text, 0, 0));
    }
  return len == indent + strlen (line) + nl &&
         memcmp (ins + indent, line, strlen (line)) == 0 &&
         memcmp (ins + len - nl, newline, nl) == 0;
}

/* Adds NEW_KEY and checks that the file only gained bytes: one line in a
 * block map, ", key: value" in a flow map. */
static void
check_add_key (Stats      *stats,
               const char *name,
               const char *data,
               gsize       len)
{
  g_autoptr(BilletPost) before = billet_post_new_from_data (data, len);
  g_autoptr(BilletPost) post = billet_post_new_from_data (data, len);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) out = NULL;
  g_autofree char *what = g_strdup_printf ("%s: add “" NEW_KEY "”", name);
  BilletFrontMatter *old_fm = billet_post_get_front_matter (before, NULL);
  BilletFrontMatter *new_fm;
  const BilletNode *old_root = billet_front_matter_get_root (old_fm);
  const BilletNode *new_root;
  const BilletNode *added;
  gboolean flow = billet_node_get_style (old_root) == BILLET_STYLE_FLOW;
  gboolean toml = billet_front_matter_get_syntax (old_fm) == BILLET_SYNTAX_TOML;
  const char *newline = billet_post_get_newline_string (before);
  const char *new_data;
  gsize new_len, prefix = 0, suffix = 0, ins;
  gboolean found = FALSE;

  if (!billet_post_set_value (post, NEW_KEY, NEW_KEY_VALUE, BILLET_NODE_STRING, &error))
    {
      stats->add_refused++;
      note (stats, "%s: refused: %s", what, error->message);
      return;
    }
  stats->add_done++;

  out = billet_post_serialize (post);
  new_data = g_bytes_get_data (out, &new_len);
  if (new_len <= len)
    {
      problem (stats, "%s: the file did not grow", what);
      return;
    }
  ins = new_len - len;
  while (prefix < len && new_data[prefix] == data[prefix])
    prefix++;
  while (suffix < len && new_data[new_len - 1 - suffix] == data[len - 1 - suffix])
    suffix++;
  if (prefix + suffix < len)
    {
      problem (stats, "%s: old bytes changed (only %" G_GSIZE_FORMAT " + %" G_GSIZE_FORMAT
               " of %" G_GSIZE_FORMAT " kept)", what, prefix, suffix, len);
      return;
    }
  /* The insertion point is ambiguous when the inserted text repeats its
   * neighbours: any point between len - suffix and prefix will do. */
  for (gsize at = len - suffix; at <= prefix && !found; at++)
    {
      if (flow)
        found = memchr (new_data + at, '\n', ins) == NULL &&
                g_strstr_len (new_data + at, ins, NEW_KEY ": " NEW_KEY_VALUE) != NULL;
      else
        found = (at == 0 || data[at - 1] == '\n') &&
                is_new_key_line (new_data + at, ins, newline, toml);
    }
  if (!found)
    {
      g_autofree char *shown = g_strndup (new_data + prefix, MIN (ins, 80));
      g_autofree char *escaped = g_strescape (shown, NULL);

      problem (stats, "%s: inserted “%s”, not %s", what, escaped, flow ? "an entry" : "one line");
      return;
    }

  new_fm = billet_post_get_front_matter (post, &error);
  if (new_fm == NULL)
    {
      problem (stats, "%s: does not parse again: %s", what, error->message);
      return;
    }
  new_root = billet_front_matter_get_root (new_fm);
  if (!same_but (stats, what, old_root, new_root, NULL, NEW_KEY))
    return;
  /* TOML: a new key goes before the first [table], wherever that is. */
  if (toml)
    added = billet_node_lookup (new_root, NEW_KEY);
  else
    added = billet_node_get_child (new_root, billet_node_get_n_children (new_root) - 1);
  if (added == NULL || g_strcmp0 (billet_node_get_key (added), NEW_KEY) != 0 ||
      billet_node_get_kind (added) != BILLET_NODE_STRING ||
      g_strcmp0 (billet_node_get_text (added), NEW_KEY_VALUE) != 0)
    problem (stats, "%s: the new entry is “%s”: %s", what,
             added ? billet_node_get_key (added) : "(none)", added ? billet_node_get_text (added) : "");
}

static gboolean
check_round_trip (Stats      *stats,
                  const char *name,
                  BilletPost *post,
                  const char *data,
                  gsize       len)
{
  g_autoptr(GBytes) out = billet_post_serialize (post);
  gsize out_len;
  const char *out_data = g_bytes_get_data (out, &out_len);

  if (out_len != len || memcmp (out_data, data, len) != 0)
    {
      problem (stats, "%s: an untouched save changes the bytes", name);
      return FALSE;
    }
  return TRUE;
}

/* These posts are correct UTF-8 (with the odd symbol, name and emoji):
 * the mojibake repair (check --fix-encoding, the window's Repair) must
 * find nothing to repair in any of them. */
static void
check_not_mis_encoded (Stats      *stats,
                       const char *name,
                       const char *data,
                       gsize       len)
{
  g_auto(BilletMojibake) report = { 0 };
  g_autofree char *repaired = NULL;
  gsize start = len >= 3 && memcmp (data, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;

  repaired = billet_encoding_repair_mojibake (data + start, len - start, NULL, &report);
  if (repaired == NULL)
    return;
  stats->mojibake++;
  problem (stats, "%s:%u:%u: taken for mis-encoded text: “%s” → “%s”%s", name, report.line,
           report.column, report.example ? report.example : "", report.example_repaired ? report.example_repaired : "",
           report.bom ? " (and a mis-encoded byte-order mark)" : "");
}

/* Posts: Hugo's docs and Jekyll's posts */

static void
check_posts (const char         *sub,
             const char         *label,
             guint               expected_files,
             const char * const *expected_invalid)
{
  static const char * const suffixes[] = { ".md", ".markdown", NULL };
  const char *dir = corpora_dir (sub);
  g_autoptr(GPtrArray) files = NULL;
  Stats stats;
  guint n_invalid = 0;

  if (dir == NULL)
    return;

  files = billet_test_collect_files (dir, suffixes);
  stats_init (&stats, label);

  for (guint i = 0; i < files->len; i++)
    {
      const char *path = g_ptr_array_index (files, i);
      const char *name = path + strlen (dir) + 1;
      g_autofree char *data = NULL;
      g_autoptr(BilletPost) post = NULL;
      g_autoptr(GError) error = NULL;
      gsize len = 0;
      BilletFrontMatterKind kind;

      g_assert_true (g_file_get_contents (path, &data, &len, NULL));
      post = billet_post_new_from_data (data, len);
      stats.checked++;
      check_not_mis_encoded (&stats, name, data, len);
      if (!check_round_trip (&stats, name, post, data, len))
        continue;

      kind = billet_post_get_front_matter_kind (post);
      if (kind != BILLET_FRONT_MATTER_YAML)
        {
          stats.skipped++;
          note (&stats, "%s: skipped: %s", name,
                kind == BILLET_FRONT_MATTER_TOML ? "TOML front matter" :
                kind == BILLET_FRONT_MATTER_NONE ? "no front matter" : "unterminated front matter");
          continue;
        }

      if (billet_post_get_front_matter (post, &error) == NULL)
        {
          guint line = 0, column = 0;

          billet_post_get_error_position (post, &line, &column);
          stats.parse_failed++;
          note (&stats, "%s:%u:%u: invalid front matter: %s", name, line, column, error->message);
          if (!g_strv_contains (expected_invalid, name))
            problem (&stats, "%s:%u:%u: does not parse: %s", name, line, column, error->message);
          else
            n_invalid++;
          continue;
        }

      check_set_string (&stats, name, data, len);
      check_add_key (&stats, name, data, len);
    }

  stats_report (&stats);
  g_assert_cmpuint (stats.checked, ==, expected_files);
  g_assert_cmpuint (n_invalid, ==, g_strv_length ((char **) expected_invalid));
  g_assert_cmpuint (stats.problems->len, ==, 0);
  /* Real front matter is plain enough that no edit should be refused. */
  g_assert_cmpuint (stats.set_refused, ==, 0);
  g_assert_cmpuint (stats.add_refused, ==, 0);
  stats_clear (&stats);
}

static void
test_hugo_docs (void)
{
  static const char * const invalid[] = { NULL };

  check_posts ("hugo-docs/content/en", "hugo-docs", 992, invalid);
}

static void
test_jekyll_posts (void)
{
  static const char * const invalid[] = { NULL };

  check_posts ("jekyll-posts", "jekyll-posts", 102, invalid);
}

/* The YAML test suite */

/* Past one JSON value at @p, or NULL if it is malformed. */
static const char *
json_skip_value (const char *p)
{
  if (*p == '"')
    {
      for (p++; *p && *p != '"'; p++)
        if (*p == '\\' && p[1])
          p++;
      return *p ? p + 1 : NULL;
    }
  if (*p == '{' || *p == '[')
    {
      int depth = 0;

      while (*p)
        {
          if (*p == '"')
            {
              p = json_skip_value (p);
              if (p == NULL)
                return NULL;
              continue;
            }
          if (*p == '{' || *p == '[')
            depth++;
          else if ((*p == '}' || *p == ']') && --depth == 0)
            return p + 1;
          p++;
        }
      return NULL;
    }
  {
    gsize n = strcspn (p, " \t\r\n{}[],:\"");

    return n > 0 ? p + n : NULL;
  }
}

/* How many JSON texts follow one another in @json (in.json holds one per
 * YAML document), and the first character of the first. */
static guint
json_count_documents (const char *json,
                      char       *first)
{
  guint n = 0;

  *first = 0;
  for (const char *p = json;;)
    {
      p += strspn (p, " \t\r\n");
      if (*p == 0)
        return n;
      if (n++ == 0)
        *first = *p;
      p = json_skip_value (p);
      if (p == NULL)
        return G_MAXUINT;
    }
}

/* Whether @yaml has a line that the post splitter would take for the
 * closing delimiter: "---" or "...", then only blanks. */
static gboolean
has_delimiter_line (const char *yaml,
                    gsize       len)
{
  const char *end = yaml + len;

  for (const char *p = yaml; p < end;)
    {
      const char *nl = memchr (p, '\n', end - p);
      const char *stop = nl ? nl : end;
      const char *c = stop;

      if (c > p && c[-1] == '\r')
        c--;
      if (c - p >= 3 && (memcmp (p, "---", 3) == 0 || memcmp (p, "...", 3) == 0))
        {
          const char *q = p + 3;

          while (q < c && (*q == ' ' || *q == '\t'))
            q++;
          if (q == c)
            return TRUE;
        }
      p = nl ? nl + 1 : end;
    }
  return FALSE;
}

/* libyaml 0.2.5 is not fully conformant. These are the suite's cases it
 * gets wrong on the bare in.yaml (checked with a plain libyaml event loop,
 * without Billet), each with what trips it. Both lists must stay exact: an
 * entry that libyaml starts to get right fails the test, so it is dropped.
 * First, invalid YAML that libyaml reads anyway: */
typedef struct { const char *id; const char *reason; } Known;

static const Known libyaml_accepts[] = {
  { "DK95/01", "a tab at the start of a double-quoted scalar's continuation line" },
  { "S98Z", "a block scalar whose leading blank lines are indented more than its content" },
  { "SU5Z", "a comment right after a double-quoted scalar, with no space before '#'" },
  { "X4QW", "a comment right after a block scalar indicator, with no space before '#'" },
  { NULL, NULL },
};

/* Then valid YAML that libyaml refuses; Billet reports it as invalid, with
 * libyaml's position, and leaves it alone. */
static const Known libyaml_refuses[] = {
  { "2JQS", "block mapping entries with empty keys (': a')" },
  { "2SXE", "an anchor name ending with ':' ('&a:')" },
  { "4ABK", "flow mapping entries without values ('http://foo.com,')" },
  { "4MUZ/00", "a flow mapping's ':' on the line after its key" },
  { "4MUZ/01", "a flow mapping's ':' on the line after its key" },
  { "4MUZ/02", "a flow mapping's ':' on the line after its key" },
  { "58MP", "a flow mapping value starting with ':' ('{x: :x}')" },
  { "6CA3", "a tab before a top-level flow sequence" },
  { "6LVF", "a reserved directive ('%FOO'), which should only warn" },
  { "6M2F", "an explicit block mapping entry with an empty key (': *a')" },
  { "96NN/00", "a tab starting a literal block scalar's content" },
  { "96NN/01", "a tab starting a literal block scalar's content" },
  { "A2M4", "a tab after a '-' indicator" },
  { "DK95/00", "a tab after the indentation of a plain scalar's continuation line" },
  { "DK95/03", "a line holding only a tab before the first key" },
  { "DK95/04", "a line holding only a tab between two entries" },
  { "FRK4", "completely empty flow nodes ('? foo :,' and ': bar')" },
  { "NHX8", "a lone ':' (empty key and value) followed by empty lines" },
  { "Q5MG", "a tab before a top-level flow mapping" },
  { "S3PD", "a block mapping entry with an empty key (': # Both empty')" },
  { "SM9W/01", "a stream made of a single ':'" },
  { "VJP3/01", "a flow mapping's key and ':' on separate lines" },
  { "W5VH", "anchor and alias names with ':' and other indicator characters" },
  { "Y79Y/001", "a line holding only a tab inside a literal block scalar" },
  { NULL, NULL },
};

static const char *
known (const Known *list,
       const char  *id)
{
  for (guint i = 0; list[i].id; i++)
    if (strcmp (list[i].id, id) == 0)
      return list[i].reason;
  return NULL;
}

static guint
count_newlines (const char *s,
                gsize       len)
{
  guint n = 0;

  for (gsize i = 0; i < len; i++)
    n += s[i] == '\n';
  return n;
}

static void
test_yaml_test_suite (void)
{
  static const char * const suffixes[] = { "in.yaml", NULL };
  const char *dir = corpora_dir ("yaml-test-suite");
  g_autoptr(GPtrArray) files = NULL;
  Stats stats;
  guint n_cut = 0, n_multi = 0, n_not_map = 0, n_error = 0, n_accepted = 0, n_refused = 0;
  guint n_mapping = 0;
  guint n_tagged_root = 0;

  if (dir == NULL)
    return;

  files = billet_test_collect_files (dir, suffixes);
  stats_init (&stats, "yaml-test-suite");

  for (guint i = 0; i < files->len; i++)
    {
      const char *path = g_ptr_array_index (files, i);
      g_autofree char *case_dir = g_path_get_dirname (path);
      const char *id = case_dir + strlen (dir) + 1;
      g_autofree char *error_path = g_build_filename (case_dir, "error", NULL);
      g_autofree char *json_path = g_build_filename (case_dir, "in.json", NULL);
      g_autofree char *yaml = NULL;
      g_autofree char *json = NULL;
      g_autoptr(GString) wrapped = NULL;
      g_autoptr(BilletPost) post = NULL;
      g_autoptr(GError) error = NULL;
      gboolean invalid = g_file_test (error_path, G_FILE_TEST_EXISTS);
      const char *accepted = known (libyaml_accepts, id);
      const char *refused = known (libyaml_refuses, id);
      const char *fm_text;
      BilletFrontMatter *fm;
      gsize yaml_len = 0, fm_len = 0;
      guint n_docs = 0;
      char first = 0;

      g_assert_true (g_file_get_contents (path, &yaml, &yaml_len, NULL));
      stats.checked++;
      if (g_file_get_contents (json_path, &json, NULL, NULL))
        {
          n_docs = json_count_documents (json, &first);
          if (n_docs == G_MAXUINT)
            problem (&stats, "%s: in.json cannot be read by this test's JSON scanner", id);
        }

      if (has_delimiter_line (yaml, yaml_len))
        {
          /* A "---" or "..." line would close the front matter early. */
          n_cut++;
          stats.skipped++;
          continue;
        }

      wrapped = g_string_new ("---\n");
      g_string_append_len (wrapped, yaml, yaml_len);
      if (yaml_len > 0 && yaml[yaml_len - 1] != '\n')
        g_string_append_c (wrapped, '\n');
      g_string_append (wrapped, "---\nBody\n");

      post = billet_post_new_from_data (wrapped->str, wrapped->len);
      if (!check_round_trip (&stats, id, post, wrapped->str, wrapped->len))
        continue;
      fm_text = billet_post_get_front_matter_text (post, &fm_len);
      if (billet_post_get_front_matter_kind (post) != BILLET_FRONT_MATTER_YAML ||
          fm_len != wrapped->len - strlen ("---\n---\nBody\n") ||
          memcmp (fm_text, wrapped->str + 4, fm_len) != 0)
        {
          problem (&stats, "%s: the front matter is not the whole in.yaml", id);
          continue;
        }

      fm = billet_post_get_front_matter (post, &error);

      if (fm == NULL)
        {
          guint line = 0, column = 0;

          /* Wherever it is, it is between the first line of the front
           * matter and the closing line. */
          billet_post_get_error_position (post, &line, &column);
          if (line < 2 || column < 1 || line > 2 + count_newlines (fm_text, fm_len))
            problem (&stats, "%s: error reported at %u:%u: %s", id, line, column, error->message);
        }

      if (invalid)
        {
          n_error++;
          if (fm != NULL)
            {
              if (accepted != NULL)
                {
                  n_accepted++;
                  note (&stats, "%s: invalid, but libyaml accepts it: %s", id, accepted);
                }
              else
                problem (&stats, "%s: invalid YAML accepted", id);
              continue;
            }
          if (accepted != NULL)
            problem (&stats, "%s: on the list of invalid YAML that libyaml accepts (%s), "
                     "but refused: drop it from the list", id, accepted);
          stats.parse_failed++;
          continue;
        }

      if (refused != NULL)
        {
          if (fm != NULL)
            problem (&stats, "%s: on the list of valid YAML that libyaml refuses (%s), "
                     "but accepted: drop it from the list", id, refused);
          else
            {
              n_refused++;
              note (&stats, "%s: valid, but libyaml refuses it: %s", id, refused);
            }
          continue;
        }

      if (n_docs > 1 && n_docs != G_MAXUINT)
        {
          /* A stream of documents is not a front matter. */
          n_multi++;
          if (fm != NULL)
            problem (&stats, "%s: %u documents read as one", id, n_docs);
          continue;
        }

      if (fm == NULL)
        {
          if (g_error_matches (error, BILLET_FRONT_MATTER_ERROR, BILLET_FRONT_MATTER_ERROR_NOT_A_MAPPING))
            {
              n_not_map++;
              if (first == '{')
                problem (&stats, "%s: in.json is an object, but: %s", id, error->message);
            }
          else if (g_error_matches (error, BILLET_FRONT_MATTER_ERROR, BILLET_FRONT_MATTER_ERROR_UNSUPPORTED))
            {
              /* A tagged or anchored top-level map: valid, but not editable. */
              n_tagged_root++;
              note (&stats, "%s: not editable: %s", id, error->message);
            }
          else
            problem (&stats, "%s: valid YAML refused: %s", id, error->message);
          continue;
        }

      /* A map, or nothing at all (no document, or an empty one), which
       * Billet reads as an empty front matter. */
      if (json != NULL && first != '{' &&
          !((n_docs == 0 || g_strcmp0 (g_strstrip (json), "null") == 0) &&
            billet_node_get_n_children (billet_front_matter_get_root (fm)) == 0))
        problem (&stats, "%s: in.json is not an object, yet it reads as a map", id);

      n_mapping++;
      check_set_string (&stats, id, wrapped->str, wrapped->len);
      check_add_key (&stats, id, wrapped->str, wrapped->len);
    }

  stats_report (&stats);
  say ("yaml-test-suite: %u cases: %u cut by a \"---\" or \"...\" line; %u invalid (%u of "
       "them accepted by libyaml, allow-listed); %u valid that libyaml refuses (allow-listed); "
       "%u multi-document; %u not a map; %u with a tagged or anchored root; %u maps edited",
       stats.checked, n_cut, n_error, n_accepted, n_refused, n_multi, n_not_map, n_tagged_root,
       n_mapping);

  g_assert_cmpuint (n_accepted, ==, G_N_ELEMENTS (libyaml_accepts) - 1);
  g_assert_cmpuint (n_refused, ==, G_N_ELEMENTS (libyaml_refuses) - 1);
  g_assert_cmpuint (stats.problems->len, ==, 0);
  stats_clear (&stats);
}


/* The TOML test suite */

/* A TOML number as written (1_000, 0xDEAD, +inf) and the suite's decimal
 * text of it: the same integer, or the same float. */
static gboolean
same_number (const char *toml,
             const char *type,
             const char *expected)
{
  g_autoptr(GString) digits = g_string_new (NULL);
  const char *p = toml;
  gboolean negative = FALSE;

  for (const char *c = toml; *c; c++)
    if (*c != '_')
      g_string_append_c (digits, *c);
  p = digits->str;

  if (g_str_equal (type, "integer"))
    {
      guint base = 10;
      guint64 magnitude;
      gint64 value;

      if (*p == '-' || *p == '+')
        negative = *p++ == '-';
      if (p[0] == '0' && (p[1] == 'x' || p[1] == 'o' || p[1] == 'b'))
        {
          base = p[1] == 'x' ? 16 : p[1] == 'o' ? 8 : 2;
          p += 2;
        }
      magnitude = g_ascii_strtoull (p, NULL, base);
      value = negative ? (gint64) (0 - magnitude) : (gint64) magnitude;
      return value == g_ascii_strtoll (expected, NULL, 10);
    }
  else
    {
      gdouble a, b;
      const char *q = expected;

      if (*p == '-' || *p == '+')
        negative = *p++ == '-';
      if (g_str_equal (p, "nan"))
        return strstr (expected, "nan") != NULL;
      if (*q == '-' || *q == '+')
        q++;
      if (g_str_equal (p, "inf"))
        return g_str_equal (q, "inf") && (expected[0] == '-') == negative;
      a = g_ascii_strtod (digits->str, NULL);
      b = g_ascii_strtod (expected, NULL);
      return a == b;
    }
}

/* A date or time in one form: “T” between date and time, upper case, as
 * TOML allows a space and lower case, and fractions of seconds without
 * trailing zeros, as the suite writes milliseconds (.6 is .600). */
static char *
normalize_datetime (const char *text)
{
  g_autoptr(GString) out = g_string_new (NULL);
  g_autofree char *copy = g_ascii_strup (text, -1);
  char *dot;

  if (strlen (copy) > 10 && copy[10] == ' ')
    copy[10] = 'T';
  dot = strchr (copy, '.');
  if (dot == NULL)
    return g_steal_pointer (&copy);
  g_string_append_len (out, copy, dot - copy);
  {
    gsize n = strspn (dot + 1, "0123456789");
    gsize keep = n;

    while (keep > 0 && dot[keep] == '0')
      keep--;
    if (keep > 0)
      g_string_append_len (out, dot, keep + 1);
    g_string_append (out, dot + 1 + n);
  }
  return g_string_free (g_steal_pointer (&out), FALSE);
}

/* JSON's UTF-16 surrogate pairs (\ud83d\ude00) as YAML's \U0001F600, which
 * libyaml reads. */
static char *
json_for_yaml (const char *json)
{
  g_autoptr(GString) out = g_string_new (NULL);

  for (const char *p = json; *p;)
    {
      if (p[0] == '\\' && p[1] == 'u' && strnlen (p, 12) == 12 && p[6] == '\\' && p[7] == 'u')
        {
          g_autofree char *high = g_strndup (p + 2, 4);
          g_autofree char *low = g_strndup (p + 8, 4);
          guint h = (guint) g_ascii_strtoull (high, NULL, 16);
          guint l = (guint) g_ascii_strtoull (low, NULL, 16);

          if (h >= 0xD800 && h < 0xDC00 && l >= 0xDC00 && l < 0xE000)
            {
              g_string_append_printf (out, "\\U%08X", 0x10000 + ((h - 0xD800) << 10) + (l - 0xDC00));
              p += 12;
              continue;
            }
        }
      if (p[0] == '\\' && p[1] != 0)
        g_string_append_c (out, *p++);
      g_string_append_c (out, *p++);
    }
  return g_string_free (g_steal_pointer (&out), FALSE);
}

/* Whether the tree read from a TOML case holds the data of its .json (read
 * with the YAML parser: JSON is YAML's flow style), in which every scalar
 * is {"type": …, "value": "…"}. */
static gboolean
same_data (const BilletNode *toml,
           const BilletNode *json,
           GString          *where)
{
  const BilletNode *type = billet_node_lookup (json, "type");
  const BilletNode *value = billet_node_lookup (json, "value");
  BilletNodeKind kind = billet_node_get_kind (toml);

  if (billet_node_get_kind (json) == BILLET_NODE_MAP && billet_node_get_n_children (json) == 2 &&
      type != NULL && value != NULL && billet_node_is_scalar (type) && billet_node_is_scalar (value) &&
      billet_node_get_parent (type) == json && billet_node_get_parent (value) == json)
    {
      const char *t = billet_node_get_text (type);
      const char *v = billet_node_get_text (value);
      const char *text = billet_node_get_text (toml);

      /* A NUL ("\\u0000") makes either a raw node, text kept. */
      if (g_str_equal (t, "string") && billet_node_get_kind (value) == BILLET_NODE_OTHER)
        return kind == BILLET_NODE_OTHER && g_strcmp0 (text, v) == 0;
      if (g_str_equal (t, "string"))
        return kind == BILLET_NODE_STRING && g_strcmp0 (text, v) == 0;
      if (g_str_equal (t, "bool"))
        return kind == BILLET_NODE_BOOLEAN && g_strcmp0 (text, v) == 0;
      if (g_str_equal (t, "integer") || g_str_equal (t, "float"))
        return kind == BILLET_NODE_NUMBER && same_number (text, t, v);
      if (g_str_equal (t, "datetime") || g_str_equal (t, "datetime-local") ||
          g_str_equal (t, "date-local") || g_str_equal (t, "time-local"))
        {
          g_autofree char *a = text ? normalize_datetime (text) : NULL;
          g_autofree char *b = normalize_datetime (v);
          BilletNodeKind want = g_str_equal (t, "date-local") ? BILLET_NODE_DATE
                                : g_str_equal (t, "time-local") ? BILLET_NODE_OTHER
                                : BILLET_NODE_DATETIME;

          return kind == want && g_strcmp0 (a, b) == 0;
        }
      return FALSE;
    }

  if (billet_node_get_kind (json) != kind && !(kind == BILLET_NODE_OTHER &&
                                               billet_node_is_scalar (toml)))
    return FALSE;
  if (kind == BILLET_NODE_LIST)
    {
      if (billet_node_get_n_children (toml) != billet_node_get_n_children (json))
        return FALSE;
      for (guint i = 0; i < billet_node_get_n_children (toml); i++)
        {
          gsize mark = where->len;

          g_string_append_printf (where, "[%u]", i);
          if (!same_data (billet_node_get_child (toml, i), billet_node_get_child (json, i), where))
            return FALSE;
          g_string_truncate (where, mark);
        }
      return TRUE;
    }
  if (kind == BILLET_NODE_MAP)
    {
      if (billet_node_get_n_children (toml) != billet_node_get_n_children (json))
        return FALSE;
      for (guint i = 0; i < billet_node_get_n_children (toml); i++)
        {
          const BilletNode *child = billet_node_get_child (toml, i);
          const char *key = billet_node_get_key (child);
          const BilletNode *other = NULL;
          gsize mark = where->len;

          for (guint j = 0; key != NULL && j < billet_node_get_n_children (json) && other == NULL; j++)
            if (g_strcmp0 (billet_node_get_key (billet_node_get_child (json, j)), key) == 0)
              other = billet_node_get_child (json, j);
          g_string_append_printf (where, ".%s", key ? key : "(no key)");
          if (other == NULL || !same_data (child, other, where))
            return FALSE;
          g_string_truncate (where, mark);
        }
      return TRUE;
    }
  return FALSE;
}

/* Whether @text has a line the post splitter would end a TOML front
 * matter at: "+++", then only blanks. */
static gboolean
has_toml_delimiter_line (const char *text,
                         gsize       len)
{
  const char *end = text + len;

  for (const char *p = text; p < end;)
    {
      const char *nl = memchr (p, '\n', end - p);
      const char *stop = nl ? nl : end;

      if (stop - p >= 3 && memcmp (p, "+++", 3) == 0)
        {
          const char *q = p + 3;

          while (q < stop && (*q == ' ' || *q == '\t' || *q == '\r'))
            q++;
          if (q == stop)
            return TRUE;
        }
      p = nl ? nl + 1 : end;
    }
  return FALSE;
}

/* The first string of the front matter reachable by a path of keys
 * without dots, depth first, and that path. */
static const BilletNode *
pick_nested_string (const BilletNode *map,
                    GString          *path)
{
  for (guint i = 0; i < billet_node_get_n_children (map); i++)
    {
      const BilletNode *child = billet_node_get_child (map, i);
      const char *key = billet_node_get_key (child);
      gsize mark = path->len;

      if (key == NULL || key[0] == 0 || strchr (key, '.') != NULL)
        continue;
      if (mark > 0)
        g_string_append_c (path, '.');
      g_string_append (path, key);
      if (billet_node_get_kind (child) == BILLET_NODE_STRING && billet_node_get_parent (child) != NULL &&
          billet_node_get_parent (billet_node_get_parent (child)) != NULL)
        return child;
      if (billet_node_get_kind (child) == BILLET_NODE_MAP)
        {
          const BilletNode *found = pick_nested_string (child, path);

          if (found != NULL)
            return found;
        }
      g_string_truncate (path, mark);
    }
  return NULL;
}

/* Sets a string inside a table, and checks that only its bytes changed
 * and that it reads back. Returns whether there was one to set. */
static gboolean
check_set_nested (Stats      *stats,
                  const char *name,
                  const char *data,
                  gsize       len)
{
  g_autoptr(BilletPost) before = billet_post_new_from_data (data, len);
  g_autoptr(BilletPost) post = billet_post_new_from_data (data, len);
  g_autoptr(GString) path = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) out = NULL;
  BilletFrontMatter *old_fm = billet_post_get_front_matter (before, NULL);
  const BilletNode *target = pick_nested_string (billet_front_matter_get_root (old_fm), path);
  const BilletNode *edited;
  const char *new_data;
  gsize new_len, from, to;

  if (target == NULL || billet_front_matter_lookup (old_fm, path->str) != target)
    return FALSE;
  if (!billet_post_set_value (post, path->str, NEW_VALUE, BILLET_NODE_STRING, &error))
    {
      stats->set_refused++;
      note (stats, "%s: set “%s”: refused: %s", name, path->str, error->message);
      return TRUE;
    }
  stats->set_done++;
  out = billet_post_serialize (post);
  new_data = g_bytes_get_data (out, &new_len);
  from = front_matter_offset (before) + billet_node_get_start (target);
  to = front_matter_offset (before) + billet_node_get_end (target);
  if (new_len < from + (len - to) || memcmp (new_data, data, from) != 0 ||
      memcmp (new_data + new_len - (len - to), data + to, len - to) != 0)
    {
      problem (stats, "%s: set “%s”: bytes outside the old value's span changed", name, path->str);
      return TRUE;
    }
  edited = billet_post_lookup (post, path->str);
  if (edited == NULL || g_strcmp0 (billet_node_get_text (edited), NEW_VALUE) != 0)
    problem (stats, "%s: set “%s”: does not read back", name, path->str);
  return TRUE;
}

static void
test_toml_test (void)
{
  const char *dir = corpora_dir ("toml-test/tests");
  g_autofree char *list_path = NULL;
  g_autofree char *list = NULL;
  g_auto(GStrv) names = NULL;
  Stats stats;
  guint n_valid = 0, n_valid_read = 0, n_valid_data = 0, n_invalid = 0, n_invalid_refused = 0;
  guint n_cut = 0, n_nested = 0;

  if (dir == NULL)
    return;

  /* toml++ 3.3, Debian 12's, reads TOML 1.0: the suite's list of its cases. */
  list_path = g_build_filename (dir, "files-toml-1.0.0", NULL);
  g_assert_true (g_file_get_contents (list_path, &list, NULL, NULL));
  names = g_strsplit (list, "\n", -1);
  stats_init (&stats, "toml-test");

  for (guint i = 0; names[i] != NULL; i++)
    {
      const char *id = names[i];
      gboolean invalid = g_str_has_prefix (id, "invalid/");
      g_autofree char *path = g_build_filename (dir, id, NULL);
      g_autofree char *toml = NULL;
      g_autoptr(GString) wrapped = NULL;
      g_autoptr(BilletPost) post = NULL;
      g_autoptr(GError) error = NULL;
      BilletFrontMatter *fm;
      gsize toml_len = 0;
      guint line = 0, column = 0;

      if (!g_str_has_suffix (id, ".toml"))
        continue;
      g_assert_true (g_file_get_contents (path, &toml, &toml_len, NULL));
      stats.checked++;
      /* A "+++" line would end the front matter early; and a front
       * matter ends with a line break, which a case ending in a lone CR
       * (invalid/control/bare-cr) does not have. */
      if (has_toml_delimiter_line (toml, toml_len) ||
          (toml_len > 0 && toml[toml_len - 1] == '\r'))
        {
          n_cut++;
          stats.skipped++;
          note (&stats, "%s: cannot be a front matter as it is", id);
          continue;
        }

      wrapped = g_string_new ("+++\n");
      g_string_append_len (wrapped, toml, toml_len);
      if (toml_len > 0 && toml[toml_len - 1] != '\n')
        g_string_append_c (wrapped, '\n');
      g_string_append (wrapped, "+++\nBody\n");

      post = billet_post_new_from_data (wrapped->str, wrapped->len);
      if (!check_round_trip (&stats, id, post, wrapped->str, wrapped->len))
        continue;
      if (billet_post_get_front_matter_kind (post) != BILLET_FRONT_MATTER_TOML)
        {
          problem (&stats, "%s: not read as TOML front matter", id);
          continue;
        }
      fm = billet_post_get_front_matter (post, &error);
      if (fm == NULL)
        {
          gsize fm_len = 0;
          const char *fm_text = billet_post_get_front_matter_text (post, &fm_len);

          billet_post_get_error_position (post, &line, &column);
          if (line < 2 || column < 1 || line > 2 + count_newlines (fm_text, fm_len))
            problem (&stats, "%s: error reported at %u:%u: %s", id, line, column, error->message);
        }

      if (invalid)
        {
          n_invalid++;
          if (fm != NULL)
            {
              problem (&stats, "%s: invalid TOML accepted", id);
              continue;
            }
          n_invalid_refused++;
          stats.parse_failed++;
          /* Never rewritten: an edit is refused, and the post is as it was. */
          if (billet_post_set_value (post, "title", "x", BILLET_NODE_STRING, NULL))
            problem (&stats, "%s: invalid TOML, yet an edit was made", id);
          check_round_trip (&stats, id, post, wrapped->str, wrapped->len);
          continue;
        }

      n_valid++;
      if (fm == NULL)
        {
          problem (&stats, "%s: valid TOML refused at %u:%u: %s", id, line, column, error->message);
          continue;
        }
      n_valid_read++;

      {
        g_autofree char *stem = g_strndup (path, strlen (path) - strlen (".toml"));
        g_autofree char *json_path = g_strconcat (stem, ".json", NULL);
        g_autofree char *json = NULL;
        g_autoptr(BilletFrontMatter) expected = NULL;
        g_autoptr(GString) where = g_string_new ("");

        if (g_file_get_contents (json_path, &json, NULL, NULL))
          {
            g_autofree char *yaml = json_for_yaml (json);

            expected = billet_front_matter_parse (yaml, strlen (yaml), 1, NULL, NULL, NULL);
          }
        if (expected == NULL)
          note (&stats, "%s: its .json cannot be read here, data not compared", id);
        else if (!same_data (billet_front_matter_get_root (fm),
                             billet_front_matter_get_root (expected), where))
          problem (&stats, "%s: reads as other data than its .json, at %s", id,
                   where->len ? where->str : "the root");
        else
          n_valid_data++;
      }

      check_set_string (&stats, id, wrapped->str, wrapped->len);
      n_nested += check_set_nested (&stats, id, wrapped->str, wrapped->len);
      check_add_key (&stats, id, wrapped->str, wrapped->len);
    }

  stats_report (&stats);
  say ("toml-test (TOML 1.0): %u valid cases, %u read, %u with the expected data, %u with a "
       "string in a table set too; %u invalid cases, %u refused with a position; %u that "
       "cannot be a front matter",
       n_valid, n_valid_read, n_valid_data, n_nested, n_invalid, n_invalid_refused, n_cut);
  g_assert_cmpuint (stats.problems->len, ==, 0);
  stats_clear (&stats);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/billet/corpora/hugo-docs", test_hugo_docs);
  g_test_add_func ("/billet/corpora/jekyll-posts", test_jekyll_posts);
  g_test_add_func ("/billet/corpora/yaml-test-suite", test_yaml_test_suite);
  g_test_add_func ("/billet/corpora/toml-test", test_toml_test);

  return g_test_run ();
}
