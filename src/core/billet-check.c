/* billet-check.c — what a reader or the generator would trip over in a site
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Two steps, as the index has (billet-index.c). First each post, on a
 * GThreadPool as wide as the machine: read whole, its encoding checked,
 * its front matter parsed and summarised by the index, its body scanned
 * for links (billet-link-scan.c, one pass over the bytes: cmark-gfm is
 * used only for the ids of headings an anchor points to). What concerns
 * the post alone — encoding, title, description, alt texts, a scheduled
 * date — is delivered at once. Then, on the check's thread, what is
 * between posts: where each link leads, which posts share a URL, which
 * tags differ only in their spelling, which translations lack their
 * original.
 *
 * A check can keep what it learnt of each post (billet_check_set_keep()):
 * after a save, billet_check_new_update() reads only the posts that
 * changed and does the second step again, which is in memory.
 *
 * URLs are the generator's defaults with what the front matter says (Hugo:
 * section/slug or url, aliases, a language's folder; Zola: the same with
 * path; Jekyll: /categories/YYYY/MM/DD/title.html or permalink; Astro and
 * plain folders: the collection's path). Permalink patterns of a site's
 * configuration are not read: a link to a page Billet cannot place is
 * only reported when it points into a section Billet knows the pages of
 * (“/posts/nowhere/” when content/posts/ exists), never when it points
 * where layouts may make pages (“/search/”).
 */

#define G_LOG_DOMAIN "Billet"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "billet-check.h"
#include "billet-encoding.h"
#include "billet-file.h"
#include "billet-front-matter.h"
#include "billet-heading-ids.h"
#include "billet-index.h"
#include "billet-link-scan.h"
#include "billet-markdown.h"
#include "billet-post.h"

#define FILES_PER_TASK 32

/* A tag or category as a post writes it. */
typedef struct
{
  char       *name;
  char       *key;        /* "taxonomy\x1fname" without case, accents, spaces */
  const char *taxonomy;   /* "tags" or "categories" (static) */
  const char *key_path;   /* where: "tags", "taxonomies.tags"… (static) */
  guint       line;
  guint       column;
} TagUse;

/* A URL a post answers at, and where it is set. */
typedef struct
{
  char  *url;
  guint  line;
  guint  column;
} Address;

/* What the first step learns of one post. */
typedef struct
{
  BilletIndexFile   *file;        /* borrowed from the walk */
  BilletPostSummary *summary;     /* NULL when unreadable */
  char              *dir;         /* the folder it is in, absolute */
  GPtrArray         *links;       /* (element-type BilletLink), lines in the file */
  GPtrArray         *ids;         /* anchors it has, or NULL until needed */
  GPtrArray         *tags;        /* (element-type TagUse) */
  GPtrArray         *addresses;   /* (element-type Address): its URL first, then aliases */
  GPtrArray         *deferred;    /* (element-type BilletFinding): for a page that is published */
  gboolean           jekyll_post; /* in a _posts or _drafts folder */
  gboolean           unrendered;  /* no page of its own (Hugo's headless, build.render never) */
  gboolean           cascade_unrendered; /* nor the pages of its section */
  gboolean           generated;   /* shortcodes or Liquid write part of it */
  GPtrArray         *own;         /* (element-type BilletFinding): copies of its own findings,
                                   * kept for billet_check_new_update() */
} Entry;

struct _BilletCheck
{
  gatomicrefcount  ref_count;
  BilletIndex     *index;
  BilletSite      *site;
  const char      *root;
  BilletMarkdownFlags markdown_flags;

  GPtrArray       *files;        /* (element-type BilletIndexFile) */
  GPtrArray       *entries;      /* (element-type Entry), as files */

  GMutex           lock;
  GPtrArray       *findings;     /* billet_check_run()'s */
  GThread         *thread;
  gint             cancelled;
  gboolean         keep;         /* entries kept once done, for billet_check_new_update() */
  GHashTable      *update;       /* real paths read again, the rest kept; NULL: all read */
  gint             finished;     /* the entries are no longer touched */
  BilletCheckFunc  func;
  gpointer         user_data;
  GDestroyNotify   destroy;
};

void
billet_finding_free (BilletFinding *finding)
{
  if (finding == NULL)
    return;
  g_free (finding->path);
  g_free (finding->message);
  g_free (finding->fix_key);
  g_free (finding->fix_from);
  g_free (finding->fix_to);
  g_free (finding);
}

/**
 * billet_finding_compare:
 *
 * By path, line, column, then identifier: the order a report is read in.
 */
int
billet_finding_compare (gconstpointer a,
                        gconstpointer b)
{
  const BilletFinding *fa = *(BilletFinding * const *) a;
  const BilletFinding *fb = *(BilletFinding * const *) b;
  int c = strcmp (fa->path, fb->path);

  if (c != 0)
    return c;
  if (fa->line != fb->line)
    return fa->line < fb->line ? -1 : 1;
  if (fa->column != fb->column)
    return fa->column < fb->column ? -1 : 1;
  if ((c = strcmp (fa->id, fb->id)) != 0)
    return c;
  return strcmp (fa->message, fb->message);
}

/**
 * billet_finding_copy:
 *
 * Returns: (transfer full): a copy of @finding
 */
BilletFinding *
billet_finding_copy (const BilletFinding *finding)
{
  BilletFinding *copy;

  g_return_val_if_fail (finding != NULL, NULL);

  copy = g_new0 (BilletFinding, 1);
  copy->path = g_strdup (finding->path);
  copy->line = finding->line;
  copy->column = finding->column;
  copy->id = finding->id;
  copy->message = g_strdup (finding->message);
  copy->fix_key = g_strdup (finding->fix_key);
  copy->fix_from = g_strdup (finding->fix_from);
  copy->fix_to = g_strdup (finding->fix_to);
  copy->fix_encoding = finding->fix_encoding;
  return copy;
}

/**
 * billet_finding_fixed_items:
 * @finding: a finding with a fix (@fix_key set)
 * @node: (nullable): what the front matter holds at @finding's key now
 * @is_list: (out): whether @node is a list (else a text of words, as
 *   Jekyll writes tags)
 *
 * What `billet check --fix` and the window's “Fix” write at the key: each
 * @fix_from becomes @fix_to, and a value the list then holds twice is kept
 * once. Every other item is kept as written.
 *
 * Returns: (transfer full) (nullable): the items, or %NULL when @node is
 *   neither a list nor a text
 */
char **
billet_finding_fixed_items (const BilletFinding *finding,
                            const BilletNode    *node,
                            gboolean            *is_list)
{
  g_autoptr(GStrvBuilder) items = NULL;
  g_autoptr(GPtrArray) kept = NULL;
  g_auto(GStrv) old = NULL;
  gboolean list;

  g_return_val_if_fail (finding != NULL && finding->fix_key != NULL, NULL);

  *is_list = FALSE;
  if (node == NULL)
    return NULL;
  list = billet_node_get_kind (node) == BILLET_NODE_LIST;
  if (list)
    old = billet_node_dup_strv (node);
  else if (billet_node_is_scalar (node) && billet_node_get_text (node) != NULL)
    old = g_strsplit (billet_node_get_text (node), " ", -1);
  if (old == NULL)
    return NULL;
  items = g_strv_builder_new ();
  kept = g_ptr_array_new ();
  for (guint j = 0; old[j] != NULL; j++)
    {
      g_autofree char *item = g_strstrip (g_strdup (old[j]));
      const char *value = g_str_equal (item, finding->fix_from) ? finding->fix_to : old[j];

      if (*item == '\0' && !list)
        continue;
      if (g_ptr_array_find_with_equal_func (kept, value, g_str_equal, NULL))
        continue;
      g_ptr_array_add (kept, (gpointer) value);
      g_strv_builder_add (items, value);
    }
  *is_list = list;
  return g_strv_builder_end (items);
}

static void
add_finding (GPtrArray  *findings,
             const char *path,
             guint       line,
             guint       column,
             const char *id,
             char       *message)
{
  BilletFinding *finding = g_new0 (BilletFinding, 1);

  finding->path = g_strdup (path);
  finding->line = line;
  finding->column = column;
  finding->id = id;
  finding->message = message;
  /* What billet_encoding_fix_file() repairs. */
  finding->fix_encoding = g_str_equal (id, "legacy-encoding") || g_str_equal (id, "mis-encoded-bom") ||
                          g_str_equal (id, "mis-encoded-text");
  g_ptr_array_add (findings, finding);
}

static void
tag_use_free (TagUse *use)
{
  g_free (use->name);
  g_free (use->key);
  g_free (use);
}

static void
address_free (Address *address)
{
  g_free (address->url);
  g_free (address);
}

/* All the first step learnt of the post, to read it again. */
static void
entry_reset (Entry *entry)
{
  BilletIndexFile *file = entry->file;

  g_clear_pointer (&entry->summary, billet_post_summary_free);
  g_free (entry->dir);
  g_clear_pointer (&entry->links, g_ptr_array_unref);
  g_clear_pointer (&entry->ids, g_ptr_array_unref);
  g_clear_pointer (&entry->tags, g_ptr_array_unref);
  g_clear_pointer (&entry->addresses, g_ptr_array_unref);
  g_clear_pointer (&entry->deferred, g_ptr_array_unref);
  g_clear_pointer (&entry->own, g_ptr_array_unref);
  memset (entry, 0, sizeof *entry);
  entry->file = file;
}

static void
entry_free (Entry *entry)
{
  if (entry == NULL)
    return;
  entry_reset (entry);
  g_free (entry);
}

/* URLs */

static gboolean
has_scheme (const char *target)
{
  const char *p = target;

  if (g_str_has_prefix (target, "//"))
    return TRUE;
  if (!g_ascii_isalpha (*p))
    return FALSE;
  while (g_ascii_isalnum (*p) || *p == '+' || *p == '-' || *p == '.')
    p++;
  return *p == ':';
}

static gboolean
is_post_extension (const char *path)
{
  const char *slash = strrchr (path, '/');

  return billet_index_is_post_name (slash != NULL ? slash + 1 : path);
}

static const char *
extension_of (const char *path)
{
  const char *slash = strrchr (path, '/');
  const char *dot = strrchr (slash != NULL ? slash : path, '.');

  return dot != NULL && dot[1] != '\0' ? dot : NULL;
}

static gboolean
is_image_name (const char *path)
{
  static const char * const images[] = {
    ".png", ".jpg", ".jpeg", ".gif", ".webp", ".avif", ".svg", ".bmp", ".ico", ".tif", ".tiff",
  };
  const char *ext = extension_of (path);

  for (guint i = 0; ext != NULL && i < G_N_ELEMENTS (images); i++)
    if (g_ascii_strcasecmp (ext, images[i]) == 0)
      return TRUE;
  return FALSE;
}

/* "/a/./b/../c//d" → "/a/c/d", keeping a final "/"; a leading "/" always. */
static char *
normalize_path (const char *path)
{
  g_auto(GStrv) parts = g_strsplit (path, "/", -1);
  g_autoptr(GPtrArray) kept = g_ptr_array_new ();
  GString *out = g_string_new ("/");
  gboolean trailing = g_str_has_suffix (path, "/") || g_str_has_suffix (path, "/.") ||
                      g_str_has_suffix (path, "/..") || g_str_equal (path, ".") || g_str_equal (path, "..");

  for (guint i = 0; parts[i] != NULL; i++)
    {
      if (parts[i][0] == '\0' || g_str_equal (parts[i], "."))
        continue;
      if (g_str_equal (parts[i], ".."))
        {
          if (kept->len > 0)
            g_ptr_array_remove_index (kept, kept->len - 1);
          continue;
        }
      g_ptr_array_add (kept, parts[i]);
    }
  for (guint i = 0; i < kept->len; i++)
    {
      if (i > 0)
        g_string_append_c (out, '/');
      g_string_append (out, g_ptr_array_index (kept, i));
    }
  if (trailing && kept->len > 0)
    g_string_append_c (out, '/');
  return g_string_free (out, FALSE);
}

/* A page's URL as the table holds it: normalised, "index.html" taken off,
 * a final "/" on a name without extension, lowercased where the generator
 * lowercases (Hugo, Zola). */
static char *
url_key (BilletCheck *self,
         const char  *url)
{
  g_autofree char *unescaped = strchr (url, '%') != NULL ? g_uri_unescape_string (url, NULL) : NULL;
  const char *plain = unescaped != NULL ? unescaped : url;
  /* Most URLs are normal already: "/posts/a/". */
  g_autofree char *path = plain[0] != '/' || strstr (plain, "//") != NULL || strstr (plain, "/.") != NULL
                          ? normalize_path (plain) : NULL;
  BilletSiteKind kind = billet_site_get_kind (self->site);
  GString *key = g_string_new (path != NULL ? path : plain);

  if (g_str_has_suffix (key->str, "/index.html"))
    g_string_truncate (key, key->len - strlen ("index.html"));
  if (key->str[key->len - 1] != '/' && extension_of (key->str) == NULL)
    g_string_append_c (key, '/');
  if (kind == BILLET_SITE_HUGO || kind == BILLET_SITE_ZOLA)
    {
      gboolean ascii = TRUE;

      for (gsize i = 0; i < key->len && ascii; i++)
        ascii = (guchar) key->str[i] < 0x80;
      if (ascii)
        for (gsize i = 0; i < key->len; i++)
          key->str[i] = g_ascii_tolower (key->str[i]);
      else
        {
          char *lower = g_utf8_strdown (key->str, -1);

          g_string_assign (key, lower);
          g_free (lower);
        }
    }
  return g_string_free (key, FALSE);
}

/* Hugo's and Zola's path for a name: spaces become hyphens. */
static char *
urlize (const char *name)
{
  char *out = g_strdup (name);

  for (char *p = out; *p != '\0'; p++)
    if (*p == ' ')
      *p = '-';
  return out;
}

/* Front matter */

static const char *
scalar_text (BilletFrontMatter *fm,
             const char        *key,
             const BilletNode **node_out)
{
  const BilletNode *node;
  const char *text;

  if (fm == NULL || (node = billet_front_matter_lookup (fm, key)) == NULL ||
      !billet_node_is_scalar (node) || billet_node_get_kind (node) == BILLET_NODE_NULL)
    return NULL;
  text = billet_node_get_text (node);
  if (text == NULL)
    return NULL;
  for (const char *p = text; *p != '\0'; p++)
    if (!g_ascii_isspace (*p))
      {
        if (node_out != NULL)
          *node_out = node;
        return text;
      }
  return NULL;
}

static void
node_position (const BilletNode *node,
               guint            *line,
               guint            *column)
{
  *line = node != NULL ? billet_node_get_line (node) : 1;
  *column = node != NULL ? billet_node_get_column (node) : 1;
}

static char *tag_key (const char *taxonomy,
                      const char *name);

static void
add_tag_use (Entry            *entry,
             const char       *name,
             const char       *taxonomy,
             const char       *key_path,
             const BilletNode *node)
{
  TagUse *use = g_new0 (TagUse, 1);

  use->key_path = key_path;
  use->name = g_strstrip (g_utf8_make_valid (name, -1));
  use->taxonomy = taxonomy;
  node_position (node, &use->line, &use->column);
  if (*use->name == '\0')
    {
      tag_use_free (use);
      return;
    }
  /* Here, on the workers, once per use. */
  use->key = tag_key (taxonomy, use->name);
  g_ptr_array_add (entry->tags, use);
}

static void
collect_taxonomy (Entry             *entry,
                  BilletFrontMatter *fm,
                  const char        *key,
                  const char        *taxonomy,
                  gboolean           split)
{
  const BilletNode *node = billet_front_matter_lookup (fm, key);

  if (node == NULL)
    return;
  if (billet_node_get_kind (node) == BILLET_NODE_LIST)
    {
      for (guint i = 0; i < billet_node_get_n_children (node); i++)
        {
          const BilletNode *item = billet_node_get_child (node, i);

          if (billet_node_is_scalar (item) && billet_node_get_text (item) != NULL)
            add_tag_use (entry, billet_node_get_text (item), taxonomy, key, item);
        }
    }
  else if (billet_node_is_scalar (node) && billet_node_get_text (node) != NULL)
    {
      g_auto(GStrv) names = split ? g_strsplit_set (billet_node_get_text (node), " \t", -1)
                                  : g_strdupv ((char *[]) { (char *) billet_node_get_text (node), NULL });

      for (guint i = 0; names[i] != NULL; i++)
        add_tag_use (entry, names[i], taxonomy, key, node);
    }
}

static void
add_address (Entry      *entry,
             char       *url,
             guint       line,
             guint       column)
{
  Address *address = g_new0 (Address, 1);

  address->url = url;
  address->line = line;
  address->column = column;
  g_ptr_array_add (entry->addresses, address);
}

/* The post's URL by the generator's defaults and its front matter. */
static void
compute_addresses (BilletCheck       *self,
                   Entry             *entry,
                   BilletFrontMatter *fm)
{
  BilletSiteKind kind = billet_site_get_kind (self->site);
  const BilletIndexFile *file = entry->file;
  const char *content_path = file->content_path != NULL ? file->content_path : file->path;
  const char *lang_dir = billet_site_get_language_subdir (self->site, entry->summary->lang);
  const BilletNode *node = NULL;
  const char *text;
  g_autofree char *dir = NULL;
  g_autofree char *name = NULL;
  g_autofree char *stem = NULL;
  const char *slash = strrchr (content_path, '/');
  const char *base = slash != NULL ? slash + 1 : content_path;
  const char *dot = strrchr (base, '.');
  GString *url;
  guint line = 1, column = 1;

  dir = slash != NULL ? g_strndup (content_path, slash - content_path) : g_strdup ("");
  stem = dot != NULL ? g_strndup (base, dot - base) : g_strdup (base);
  /* post.fr.md → post */
  if (file->lang != NULL)
    {
      g_autofree char *suffix = g_strconcat (".", file->lang, NULL);

      if (g_str_has_suffix (stem, suffix) && strlen (stem) > strlen (suffix))
        stem[strlen (stem) - strlen (suffix)] = '\0';
    }

  /* What the front matter says overrides all. */
  if ((kind == BILLET_SITE_HUGO && (text = scalar_text (fm, "url", &node)) != NULL) ||
      (kind == BILLET_SITE_ZOLA && (text = scalar_text (fm, "path", &node)) != NULL) ||
      ((kind == BILLET_SITE_JEKYLL || kind == BILLET_SITE_ASTRO) &&
       (text = scalar_text (fm, "permalink", &node)) != NULL))
    {
      g_autofree char *written = g_strstrip (g_strdup (text));

      node_position (node, &line, &column);
      add_address (entry, url_key (self, written), line, column);
    }
  else if (kind == BILLET_SITE_JEKYLL && entry->jekyll_post)
    {
      g_autofree char *name_part = NULL;
      const BilletNode *categories = billet_front_matter_lookup (fm, "categories");
      const char *title_part;

      if (entry->summary->date == NULL || strlen (stem) < 11 || stem[10] != '-')
        return;   /* a draft without a date yet */
      title_part = stem + 11;
      url = g_string_new (NULL);
      /* The folders above _posts are categories too (blog/_posts). */
      {
        g_auto(GStrv) parts = g_strsplit (file->path, "/", -1);

        for (guint i = 0; parts[i] != NULL && parts[i + 1] != NULL; i++)
          {
            if (g_str_equal (parts[i], "_posts") || g_str_equal (parts[i], "_drafts"))
              break;
            g_string_append_printf (url, "/%s", parts[i]);
          }
      }
      if (categories == NULL)
        categories = billet_front_matter_lookup (fm, "category");
      if (categories != NULL && billet_node_get_kind (categories) == BILLET_NODE_LIST)
        {
          g_auto(GStrv) items = billet_node_dup_strv (categories);

          for (guint i = 0; items != NULL && items[i] != NULL; i++)
            g_string_append_printf (url, "/%s", items[i]);
        }
      else if (categories != NULL && billet_node_is_scalar (categories) &&
               billet_node_get_text (categories) != NULL)
        {
          g_auto(GStrv) items = g_strsplit_set (billet_node_get_text (categories), " ", -1);

          for (guint i = 0; items[i] != NULL; i++)
            if (*items[i] != '\0')
              g_string_append_printf (url, "/%s", items[i]);
        }
      if ((text = scalar_text (fm, "slug", &node)) != NULL)
        title_part = text;
      g_string_append_printf (url, "/%.4s/%.2s/%.2s/%s.html", stem, stem + 5, stem + 8, title_part);
      add_address (entry, url_key (self, url->str), 1, 1);
      g_string_free (url, TRUE);
    }
  else
    {
      gboolean section = g_str_equal (stem, "_index");

      if (g_str_equal (stem, "index") || section)
        {
          const char *up = strrchr (dir, '/');

          g_free (stem);
          stem = section ? NULL : g_strdup (up != NULL ? up + 1 : dir);
          if (!section)
            dir[up != NULL ? up - dir : 0] = '\0';
        }
      if (stem != NULL && (text = scalar_text (fm, "slug", &node)) != NULL)
        {
          g_free (stem);
          stem = g_strstrip (g_strdup (text));
          node_position (node, &line, &column);
        }
      else if (stem != NULL && kind == BILLET_SITE_ZOLA && strlen (stem) > 11 &&
               g_ascii_isdigit (stem[0]) && stem[4] == '-' && stem[7] == '-' &&
               (stem[10] == '-' || stem[10] == '_'))
        memmove (stem, stem + 11, strlen (stem + 11) + 1);

      url = g_string_new (NULL);
      if (lang_dir != NULL)
        g_string_append_printf (url, "/%s", lang_dir);
      if (*dir != '\0')
        g_string_append_printf (url, "/%s", dir);
      if (stem != NULL && *stem != '\0')
        g_string_append_printf (url, "/%s", stem);
      g_string_append_c (url, '/');
      name = urlize (url->str);
      g_string_free (url, TRUE);
      add_address (entry, url_key (self, name), line, column);
    }

  /* Hugo's aliases: more URLs, which redirect here. */
  node = billet_front_matter_lookup (fm, "aliases");
  if (kind == BILLET_SITE_HUGO && node != NULL && billet_node_get_kind (node) == BILLET_NODE_LIST)
    {
      Address *page = entry->addresses->len > 0 ? g_ptr_array_index (entry->addresses, 0) : NULL;

      for (guint i = 0; i < billet_node_get_n_children (node); i++)
        {
          const BilletNode *item = billet_node_get_child (node, i);
          const char *alias = billet_node_is_scalar (item) ? billet_node_get_text (item) : NULL;
          g_autofree char *joined = NULL;

          if (alias == NULL || *alias == '\0')
            continue;
          /* A relative alias is relative to the page's folder. */
          if (alias[0] != '/' && page != NULL)
            joined = g_strconcat (page->url, "../", alias, NULL);
          node_position (item, &line, &column);
          add_address (entry, url_key (self, joined != NULL ? joined : alias), line, column);
        }
    }
}

/* The first step: one post */

static void check_mojibake (Entry      *entry,
                            const char *data,
                            gsize       len,
                            GPtrArray  *findings);

static void
check_encoding (Entry       *entry,
                const char  *data,
                gsize        len,
                GPtrArray   *findings,
                BilletPost **post_out)
{
  g_autoptr(GError) error = NULL;
  g_auto(BilletDecodedText) text = { 0 };
  const char *path = entry->file->path;

  *post_out = NULL;
  /* Valid UTF-8 (the post checked it as it was made) needs no decoding. */
  if (memchr (data, 0, len) == NULL)
    {
      BilletPost *post = billet_post_new_from_data (data, len);

      if (billet_post_get_encoding (post) != BILLET_ENCODING_UNKNOWN)
        {
          check_mojibake (entry, data, len, findings);
          *post_out = post;
          return;
        }
      billet_post_unref (post);
    }
  if (!billet_text_decode (data, len, &text, &error))
    {
      add_finding (findings, path, text.line, text.column, "not-text", g_strdup (error->message));
      return;
    }
  switch (text.kind)
    {
    case BILLET_TEXT_STRAY_BYTES:
      add_finding (findings, path, text.line, text.column, "stray-bytes",
                   g_strdup_printf (ngettext ("The file is UTF-8 but for %u stray byte, here; "
                                              "Billet keeps it until you correct it",
                                              "The file is UTF-8 but for %u stray bytes, the first here; "
                                              "Billet keeps them until you correct them",
                                              (gulong) text.n_stray),
                                    (guint) text.n_stray));
      *post_out = billet_post_new_from_data (data, len);
      return;

    case BILLET_TEXT_LEGACY:
      add_finding (findings, path, text.line, text.column, "legacy-encoding",
                   /* Translators: %s is an encoding, “Windows-1252” or “Latin-1 (ISO-8859-1)” */
                   g_strdup_printf (_("The file is not UTF-8 but probably %s; “--fix-encoding” converts it"),
                                    billet_charset_get_name (text.charset)));
      *post_out = billet_post_new_from_data (text.text, text.text_len);
      return;

    case BILLET_TEXT_UTF8:
    case BILLET_TEXT_BINARY:
    case BILLET_TEXT_UNKNOWN:
    default:
      break;
    }

  check_mojibake (entry, data, len, findings);
  *post_out = billet_post_new_from_data (data, len);
}

/* UTF-8 once read as Windows-1252 and saved again. */
static void
check_mojibake (Entry      *entry,
                const char *data,
                gsize       len,
                GPtrArray  *findings)
{
  const char *path = entry->file->path;

  {
    g_auto(BilletMojibake) mojibake = { 0 };
    g_autofree char *repaired = NULL;
    gsize skip = len >= 3 && memcmp (data, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
    gsize repaired_len = 0;

    if (!billet_encoding_may_hold_mojibake (data + skip, len - skip))
      return;
    repaired = billet_encoding_repair_mojibake (data + skip, len - skip, &repaired_len, &mojibake);
    if (repaired != NULL && mojibake.bom)
      add_finding (findings, path, 1, 1, "mis-encoded-bom",
                   /* Translators: %s is “ï»¿”, the byte-order mark EF BB BF read as Windows-1252 */
                   g_strdup_printf (_("The file starts with “%s”, a mis-encoded byte-order mark that "
                                      "generators take for text; “--fix-encoding” removes it"),
                                    BILLET_MIS_ENCODED_MARK));
    if (repaired != NULL && mojibake.example != NULL)
      add_finding (findings, path, mojibake.line, mojibake.column, "mis-encoded-text",
                   /* Translators: “Ã©” is probably “é” */
                   g_strdup_printf (_("Mis-encoded text: “%s” is probably “%s”; “--fix-encoding” repairs it"),
                                    mojibake.example, mojibake.example_repaired));
  }
}

static gboolean
is_home_page (const BilletIndexFile *file)
{
  const char *content_path = file->content_path != NULL ? file->content_path : file->path;

  return strchr (content_path, '/') == NULL && g_str_has_prefix (content_path, "_index.");
}

static void
check_text_field (Entry             *entry,
                  BilletFrontMatter *fm,
                  const char * const *keys,
                  const char        *missing_id,
                  const char        *too_long_id,
                  guint              limit,
                  GPtrArray         *findings)
{
  const char *path = entry->file->path;
  const BilletNode *node = NULL;
  const char *text = NULL;
  glong length;
  guint line, column;

  for (guint i = 0; keys[i] != NULL && text == NULL; i++)
    text = scalar_text (fm, keys[i], &node);
  if (text == NULL)
    {
      if (g_str_equal (missing_id, "missing-title"))
        add_finding (findings, path, 1, 1, missing_id,
                     g_strdup (_("No title: search results and links to the page show its "
                                 "address instead")));
      else
        add_finding (findings, path, 1, 1, missing_id,
                     g_strdup (_("No description: search results show a piece of the page "
                                 "chosen by the search engine")));
      return;
    }
  length = g_utf8_strlen (text, -1);
  if (length <= (glong) limit)
    return;
  node_position (node, &line, &column);
  if (g_str_equal (too_long_id, "title-too-long"))
    add_finding (findings, path, line, column, too_long_id,
                 /* Translators: “The title has 72 characters; search results show about 60” */
                 g_strdup_printf (_("The title has %ld characters; search results show about %u"),
                                  length, limit));
  else
    add_finding (findings, path, line, column, too_long_id,
                 g_strdup_printf (_("The description has %ld characters; search results show "
                                    "about %u"),
                                  length, limit));
}

/* Hugo's headless pages and build options: the page is not published
 * (its text may be, inside another page). With @prefix "cascade.", what
 * a section's page says of the pages below it. */
static gboolean
is_unrendered (BilletFrontMatter *fm,
               const char        *prefix)
{
  g_autofree char *headless = g_strconcat (prefix, "headless", NULL);
  g_autofree char *render = g_strconcat (prefix, "build.render", NULL);
  g_autofree char *plain = g_strconcat (prefix, "_build.render", NULL);
  const char *text;

  if ((text = scalar_text (fm, headless, NULL)) != NULL && g_str_equal (text, "true"))
    return TRUE;
  if ((text = scalar_text (fm, render, NULL)) == NULL)
    text = scalar_text (fm, plain, NULL);
  return text != NULL && (g_str_equal (text, "never") || g_str_equal (text, "false"));
}

/* Whether a shortcode (other than ref and relref, which write a URL) or a
 * Liquid include writes part of the page: ids Billet cannot see. */
static gboolean
writes_text (const char     *body,
             gsize           len,
             BilletSiteKind  kind)
{
  const char *end = body + len;

  /* memchr: g_strstr_len() goes byte by byte, a tenth of the check. */
  for (const char *p = body; p < end && (p = memchr (p, '{', end - p)) != NULL; p++)
    {
      const char *q = p + 2;

      if (kind == BILLET_SITE_JEKYLL)
        {
          if (p + 1 < end && p[1] == '%')
            {
              q = p + 2;
              while (q < end && (*q == ' ' || *q == '-'))
                q++;
              if (end - q > 7 && strncmp (q, "include", 7) == 0)
                return TRUE;
            }
          continue;
        }
      if (p + 1 >= end || p[1] != '{' || q >= end || (*q != '<' && *q != '%'))
        continue;
      q++;
      while (q < end && *q == ' ')
        q++;
      if (q < end && *q == '/')
        continue;
      if ((end - q > 4 && strncmp (q, "ref ", 4) == 0) || (end - q > 7 && strncmp (q, "relref ", 7) == 0))
        continue;
      return TRUE;
    }
  return FALSE;
}

static gboolean
has_in_page_anchor (GPtrArray *links)
{
  for (guint i = 0; i < links->len; i++)
    {
      BilletLink *link = g_ptr_array_index (links, i);

      if (link->target[0] == '#' && link->target[1] != '\0')
        return TRUE;
    }
  return FALSE;
}

/* The ids a post's anchors can reach: its headings' and its raw HTML's. */
/* Goldmark can give definition terms ids too (parser.autoDefinitionTermID),
 * made as headings' are: a term is the line before one that starts with
 * ": ". Counted whether the site asks for them or not: an anchor to one is
 * then never taken for broken, at worst one less is found. */
static void
add_term_ids (BilletCheck *self,
              const char  *body,
              gsize        len,
              GPtrArray   *ids)
{
  g_autoptr(BilletHeadingIds) maker = NULL;
  const char *end = body + len;
  const char *previous = NULL;
  BilletHeadingIdStyle style = BILLET_HEADING_IDS_GITHUB;

  if (self->markdown_flags & BILLET_MARKDOWN_KRAMDOWN_IDS)
    style = BILLET_HEADING_IDS_KRAMDOWN;
  else if (self->markdown_flags & BILLET_MARKDOWN_IDS_BLACKFRIDAY)
    style = BILLET_HEADING_IDS_BLACKFRIDAY;
  else if (self->markdown_flags & BILLET_MARKDOWN_IDS_GITHUB_ASCII)
    style = BILLET_HEADING_IDS_GITHUB_ASCII;

  for (const char *line = body; line < end; )
    {
      const char *nl = memchr (line, '\n', end - line);
      const char *stop = nl != NULL ? nl : end;

      if (stop - line >= 2 && line[0] == ':' && (line[1] == ' ' || line[1] == '\t') &&
          previous != NULL && line - previous > 1)
        {
          const char *term_end = line - 1;
          char *id;

          if (term_end > previous && term_end[-1] == '\r')
            term_end--;
          if (maker == NULL)
            maker = billet_heading_ids_new (style);
          if ((id = billet_heading_ids_make (maker, previous, term_end - previous)) != NULL)
            g_ptr_array_add (ids, id);
        }
      previous = line;
      line = nl != NULL ? nl + 1 : end;
    }
}

static GPtrArray *
body_ids (BilletCheck *self,
          const char  *body,
          gsize        len)
{
  GPtrArray *ids = billet_markdown_dup_heading_ids (body, len, self->markdown_flags);
  g_autoptr(GPtrArray) links = billet_link_scan (body, len, BILLET_LINK_SCAN_DEFAULT, ids);

  add_term_ids (self, body, len, ids);
  return ids;
}

static gboolean
has_id (GPtrArray  *ids,
        const char *id)
{
  for (guint i = 0; i < ids->len; i++)
    if (g_str_equal (g_ptr_array_index (ids, i), id))
      return TRUE;
  return FALSE;
}

static void
check_one (BilletCheck *self,
           Entry       *entry,
           GPtrArray   *findings)
{
  static const char * const title_keys[] = { "title", NULL };
  static const char * const description_keys[] = { "description", "summary", "seo.description", NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(BilletPost) post = NULL;
  g_autofree char *data = NULL;
  BilletSiteKind kind = billet_site_get_kind (self->site);
  BilletFrontMatter *fm = NULL;
  const char *path = entry->file->path;
  const char *body;
  gsize body_len = 0;
  gsize len = 0;
  guint body_line;
  BilletLinkScanFlags scan_flags = BILLET_LINK_SCAN_DEFAULT;

  entry->dir = g_path_get_dirname (entry->file->real_path);
  entry->links = g_ptr_array_new_with_free_func ((GDestroyNotify) billet_link_free);
  entry->tags = g_ptr_array_new_with_free_func ((GDestroyNotify) tag_use_free);
  entry->addresses = g_ptr_array_new_with_free_func ((GDestroyNotify) address_free);
  entry->deferred = g_ptr_array_new_with_free_func ((GDestroyNotify) billet_finding_free);
  entry->jekyll_post = strstr (path, "_posts/") != NULL || strstr (path, "_drafts/") != NULL;

  if (!billet_file_read (entry->file->real_path, BILLET_FILE_MAX_POST_SIZE, &data, &len, &error))
    {
      add_finding (findings, path, 0, 0, "unreadable", g_strdup (error->message));
      return;
    }
  check_encoding (entry, data, len, findings, &post);
  g_clear_pointer (&data, g_free);
  if (post == NULL)
    return;

  switch (billet_post_get_front_matter_kind (post))
    {
    case BILLET_FRONT_MATTER_YAML:
    case BILLET_FRONT_MATTER_TOML:
    case BILLET_FRONT_MATTER_UNTERMINATED:
      if (!(fm = billet_post_get_front_matter (post, &error)))
        {
          guint line, column;

          billet_post_get_error_position (post, &line, &column);
          add_finding (findings, path, line, column, "invalid-front-matter", g_strdup (error->message));
        }
      break;
    case BILLET_FRONT_MATTER_NONE:
    default:
      break;
    }

  entry->summary = billet_index_summarize_post (self->index, entry->file, post);
  if (entry->summary->warning == BILLET_POST_WARNING_DATE)
    add_finding (findings, path, entry->summary->warning_line, entry->summary->warning_column,
                 "ignored-date", g_strdup (entry->summary->warning_message));

  /* What search results show of it. */
  if (!is_home_page (entry->file) && (fm != NULL || billet_post_get_front_matter_kind (post) == BILLET_FRONT_MATTER_NONE))
    {
      /* Kept until it is known whether the page is published at all. */
      check_text_field (entry, fm, title_keys, "missing-title", "title-too-long",
                        BILLET_CHECK_TITLE_LIMIT, entry->deferred);
      check_text_field (entry, fm, description_keys, "missing-description", "description-too-long",
                        BILLET_CHECK_DESCRIPTION_LIMIT, entry->deferred);
    }

  if (entry->summary->scheduled && !entry->summary->draft)
    {
      const BilletNode *node = NULL;
      guint line = 1, column = 1;

      if (scalar_text (fm, "date", &node) != NULL || scalar_text (fm, "publishDate", &node) != NULL ||
          scalar_text (fm, "pubDate", &node) != NULL)
        node_position (node, &line, &column);
      add_finding (findings, path, line, column, "scheduled-not-draft",
                   /* Translators: %s is the post's date as written */
                   g_strdup_printf (_("Dated %s, in the future, and not a draft: the generator leaves "
                                      "it out until that date"),
                                    entry->summary->date));
    }

  if (fm != NULL)
    {
      collect_taxonomy (entry, fm, "tags", "tags", kind == BILLET_SITE_JEKYLL);
      collect_taxonomy (entry, fm, "taxonomies.tags", "tags", FALSE);
      collect_taxonomy (entry, fm, "categories", "categories", kind == BILLET_SITE_JEKYLL);
      collect_taxonomy (entry, fm, "taxonomies.categories", "categories", FALSE);
    }
  compute_addresses (self, entry, fm);
  entry->unrendered = is_unrendered (fm, "");
  entry->cascade_unrendered = is_unrendered (fm, "cascade.");

  /* The body's links, their lines counted in the file. */
  body = billet_post_get_body (post, &body_len);
  body_line = billet_post_get_body_line (post);
  if (kind == BILLET_SITE_HUGO)
    scan_flags |= BILLET_LINK_SCAN_HUGO;
  if (kind == BILLET_SITE_JEKYLL)
    scan_flags |= BILLET_LINK_SCAN_LIQUID;
  {
    g_autoptr(GPtrArray) links = billet_link_scan (body, body_len, scan_flags | BILLET_LINK_SCAN_LOCAL, NULL);

    for (guint i = 0; i < links->len; i++)
      {
        BilletLink *link = g_ptr_array_index (links, i);

        link->line += body_line - 1;
        if (link->kind == BILLET_LINK_IMAGE && link->no_alt)
          add_finding (findings, path, link->line, link->column, "missing-alt",
                       g_strdup (_("An image without alternative text: screen readers and "
                                   "search engines cannot tell what it shows")));
        /* Only what leads inside the site is kept for the second step. */
        if (has_scheme (link->target) || link->target[0] == '\0' ||
            strstr (link->target, "{{") != NULL || strstr (link->target, "{%") != NULL)
          continue;
        g_ptr_array_add (entry->links, g_steal_pointer (&links->pdata[i]));
      }
  }
  entry->generated = writes_text (body, body_len, kind);
  if (has_in_page_anchor (entry->links))
    entry->ids = body_ids (self, body, body_len);
}

/* The second step: between posts */

typedef struct
{
  BilletCheck *self;
  GHashTable  *by_real;      /* real path → Entry */
  GHashTable  *by_content;   /* content path → Entry */
  GHashTable  *by_url;       /* URL key → Entry */
  GHashTable  *sections;     /* first URL segments that hold pages */
  GPtrArray   *findings;
} Site;

static Entry *
entry_for_file (Site       *site,
                const char *real_path)
{
  Entry *entry = g_hash_table_lookup (site->by_real, real_path);
  g_autofree char *index = NULL;

  if (entry != NULL || !g_file_test (real_path, G_FILE_TEST_IS_DIR))
    return entry;
  /* A folder: its bundle's or section's page. */
  index = g_build_filename (real_path, "index.md", NULL);
  if ((entry = g_hash_table_lookup (site->by_real, index)) != NULL)
    return entry;
  g_free (index);
  index = g_build_filename (real_path, "_index.md", NULL);
  return g_hash_table_lookup (site->by_real, index);
}

/* The first segment of a URL, after a language's folder. */
static char *
first_segment (BilletCheck *self,
               const char  *url)
{
  const char *p = url + 1;
  const char *slash = strchr (p, '/');
  const char * const *languages = billet_site_get_languages (self->site);

  for (guint i = 0; slash != NULL && languages != NULL && languages[i] != NULL; i++)
    if ((gsize) (slash - p) == strlen (languages[i]) && strncmp (p, languages[i], slash - p) == 0)
      {
        p = slash + 1;
        slash = strchr (p, '/');
        break;
      }
  if (slash == NULL || slash == p)
    return NULL;
  return g_strndup (p, slash - p);
}

static gboolean
file_exists_below (const char *dir,
                   const char *url_path)
{
  g_autofree char *path = NULL;

  if (dir == NULL)
    return FALSE;
  path = g_build_filename (dir, url_path, NULL);
  return g_file_test (path, G_FILE_TEST_EXISTS);
}

/* Where a site URL leads: a post (@entry), a file (TRUE, no entry), or
 * nowhere Billet can see (FALSE). */
static gboolean
resolve_url (Site        *site,
             const char  *url,
             Entry      **entry)
{
  BilletCheck *self = site->self;
  g_autofree char *key = url_key (self, url);
  g_autofree char *unescaped = g_uri_unescape_string (url, NULL);
  const char * const *content_dirs = billet_site_get_content_dirs (self->site);
  const char *path = unescaped != NULL ? unescaped : url;

  *entry = g_hash_table_lookup (site->by_url, key);
  if (*entry != NULL)
    return TRUE;
  if (file_exists_below (billet_site_get_static_dir (self->site), path))
    return TRUE;
  /* Hugo and Zola publish a content folder's other files at their place. */
  for (guint i = 0; content_dirs[i] != NULL; i++)
    if (file_exists_below (content_dirs[i], path))
      return TRUE;
  return FALSE;
}

static void
report_missing (Site              *site,
                Entry             *entry,
                const BilletLink  *link,
                const char        *resolved)
{
  const char *path = entry->file->path;
  g_autofree char *shown = g_utf8_make_valid (link->target, -1);

  if (link->kind == BILLET_LINK_IMAGE)
    add_finding (site->findings, path, link->line, link->column, "missing-image",
                 g_strdup_printf (_("The image “%s” does not exist"), shown));
  else if (resolved != NULL && extension_of (resolved) != NULL && !is_post_extension (resolved) &&
           !g_str_has_suffix (resolved, ".html"))
    add_finding (site->findings, path, link->line, link->column,
                 is_image_name (resolved) ? "missing-image" : "missing-file",
                 g_strdup_printf (_("The file “%s” does not exist"), shown));
  else
    add_finding (site->findings, path, link->line, link->column, "broken-link",
                 g_strdup_printf (_("The link “%s” leads to no page of the site"), shown));
}

static GPtrArray *
ids_of (Site  *site,
        Entry *target)
{
  g_autofree char *data = NULL;
  gsize len = 0;

  if (target->ids != NULL)
    return target->ids;
  if (billet_file_read (target->file->real_path, BILLET_FILE_MAX_POST_SIZE, &data, &len, NULL))
    {
      g_autoptr(BilletPost) post = billet_post_new_from_data (data, len);
      gsize body_len = 0;
      const char *body = billet_post_get_body (post, &body_len);

      target->ids = body_ids (site->self, body, body_len);
    }
  else
    target->ids = g_ptr_array_new_with_free_func (g_free);
  return target->ids;
}

/* A link that reached @target, with @fragment after its "#" (or NULL). */
static void
check_target (Site             *site,
              Entry            *entry,
              const BilletLink *link,
              Entry            *target,
              const char       *fragment)
{
  const char *path = entry->file->path;

  if (target == NULL || target->summary == NULL)
    return;
  if (fragment != NULL && *fragment != '\0')
    {
      g_autofree char *id = g_uri_unescape_string (fragment, NULL);

      /* Shortcodes and Liquid may write ids Billet cannot see. */
      if (id != NULL && !target->generated && !has_id (ids_of (site, target), id) &&
          !g_str_has_prefix (id, "fn") && !g_str_equal (id, "top"))
        {
          g_autofree char *shown = g_utf8_make_valid (id, -1);

          if (target == entry)
            add_finding (site->findings, path, link->line, link->column, "missing-anchor",
                         g_strdup_printf (_("No heading of this post has the id “%s”"), shown));
          else
            {
              g_autofree char *other = g_utf8_make_valid (target->file->path, -1);

              add_finding (site->findings, path, link->line, link->column, "missing-anchor",
                           g_strdup_printf (_("No heading of “%s” has the id “%s”"), other, shown));
            }
        }
    }
  if (target != entry && target->summary->draft && !entry->summary->draft)
    {
      g_autofree char *other = g_utf8_make_valid (target->file->path, -1);

      add_finding (site->findings, path, link->line, link->column, "draft-linked",
                   g_strdup_printf (_("“%s” is a draft: this published post links to a page "
                                      "readers will not find"),
                                    other));
    }
}

/* Hugo's ref and relref: a content path, from the content folder's top
 * with a leading "/", else from the page's folder, else anywhere its
 * end matches. */
static Entry *
lookup_content (Site       *site,
                const char *path)
{
  g_autofree char *lower = NULL;

  if (billet_site_get_kind (site->self->site) == BILLET_SITE_HUGO)
    path = lower = g_utf8_strdown (path, -1);
  return g_hash_table_lookup (site->by_content, path);
}

static Entry *
find_ref (Site       *site,
          Entry      *entry,
          const char *ref)
{
  static const char * const suffixes[] = { "", ".md", "/index.md", "/_index.md", ".markdown", NULL };
  const char *content_path = entry->file->content_path != NULL ? entry->file->content_path : "";
  const char *slash = strrchr (content_path, '/');
  g_autofree char *here = slash != NULL ? g_strndup (content_path, slash - content_path) : g_strdup ("");
  const char *bare = ref[0] == '/' ? ref + 1 : ref;

  for (guint i = 0; suffixes[i] != NULL; i++)
    {
      g_autofree char *exact = g_strconcat (bare, suffixes[i], NULL);
      g_autofree char *local = NULL;
      g_autofree char *tail = g_strconcat ("/", exact, NULL);
      Entry *found;

      if ((found = lookup_content (site, exact)) != NULL)
        return found;
      if (ref[0] == '/')
        continue;
      local = *here != '\0' ? g_strconcat (here, "/", exact, NULL) : g_strdup (exact);
      {
        g_autofree char *normal = normalize_path (local);

        if ((found = lookup_content (site, normal + 1)) != NULL)
          return found;
      }
      for (guint e = 0; e < site->self->entries->len; e++)
        {
          Entry *other = g_ptr_array_index (site->self->entries, e);

          if (other->file->content_path != NULL &&
              (g_str_has_suffix (other->file->content_path, tail) ||
               (billet_site_get_kind (site->self->site) == BILLET_SITE_HUGO &&
                strlen (other->file->content_path) >= strlen (tail) &&
                g_ascii_strcasecmp (other->file->content_path + strlen (other->file->content_path) - strlen (tail),
                                    tail) == 0)))
            return other;
        }
    }
  return NULL;
}

static Entry *
find_post_url (Site       *site,
               const char *name)
{
  for (guint e = 0; e < site->self->entries->len; e++)
    {
      Entry *other = g_ptr_array_index (site->self->entries, e);
      const char *path = other->file->path;
      const char *posts = strstr (path, "_posts/");
      const char *dot = strrchr (path, '.');

      if (posts == NULL || dot == NULL)
        continue;
      posts += strlen ("_posts/");
      if ((gsize) (dot - posts) >= strlen (name) &&
          strncmp (dot - strlen (name), name, strlen (name)) == 0 &&
          (dot - strlen (name) == posts || dot[-(gssize) strlen (name) - 1] == '/'))
        return other;
    }
  return NULL;
}

static void
check_link (Site             *site,
            Entry            *entry,
            const BilletLink *link)
{
  BilletCheck *self = site->self;
  g_autofree char *target = g_strdup (link->target);
  char *fragment = strchr (target, '#');
  char *query;
  Entry *found = NULL;
  g_autofree char *resolved = NULL;

  if (fragment != NULL)
    *fragment++ = '\0';
  if ((query = strchr (target, '?')) != NULL)
    *query = '\0';

  switch (link->kind)
    {
    case BILLET_LINK_HUGO_REF:
      found = *target == '\0' ? entry : find_ref (site, entry, target);
      if (found == NULL)
        {
          g_autofree char *shown = g_utf8_make_valid (link->target, -1);

          add_finding (site->findings, entry->file->path, link->line, link->column, "broken-link",
                       g_strdup_printf (_("The reference “%s” leads to no page of the site"), shown));
          return;
        }
      check_target (site, entry, link, found, fragment);
      return;

    case BILLET_LINK_JEKYLL_POST_URL:
      if ((found = find_post_url (site, target)) == NULL)
        {
          g_autofree char *shown = g_utf8_make_valid (link->target, -1);

          add_finding (site->findings, entry->file->path, link->line, link->column, "broken-link",
                       g_strdup_printf (_("No post is named “%s”"), shown));
          return;
        }
      check_target (site, entry, link, found, fragment);
      return;

    case BILLET_LINK_JEKYLL_LINK:
      {
        g_autofree char *file = g_build_filename (self->root, target, NULL);
        g_autofree char *canonical = g_canonicalize_filename (file, NULL);

        if (!g_file_test (canonical, G_FILE_TEST_EXISTS))
          {
            report_missing (site, entry, link, target);
            return;
          }
        check_target (site, entry, link, g_hash_table_lookup (site->by_real, canonical), fragment);
      }
      return;

    case BILLET_LINK_MARKDOWN:
    case BILLET_LINK_IMAGE:
    default:
      break;
    }

  if (*target == '\0')
    {
      check_target (site, entry, link, entry, fragment);
      return;
    }

  /* Zola's internal links: "@/blog/post.md", from the content folder. */
  if (g_str_has_prefix (target, "@/"))
    {
      if ((found = find_ref (site, entry, target + 1)) == NULL)
        report_missing (site, entry, link, target + 2);
      else
        check_target (site, entry, link, found, fragment);
      return;
    }

  if (target[0] == '/')
    {
      if (resolve_url (site, target, &found))
        {
          check_target (site, entry, link, found, fragment);
          return;
        }
      resolved = g_strdup (target);
    }
  else
    {
      g_autofree char *unescaped = g_uri_unescape_string (target, NULL);
      g_autofree char *file = g_build_filename (entry->dir, unescaped != NULL ? unescaped : target, NULL);
      g_autofree char *canonical = g_canonicalize_filename (file, NULL);
      Address *page = entry->addresses->len > 0 ? g_ptr_array_index (entry->addresses, 0) : NULL;

      /* A file beside the post (a bundle's image, another post's .md). */
      if (g_file_test (canonical, G_FILE_TEST_EXISTS))
        {
          check_target (site, entry, link, entry_for_file (site, canonical), fragment);
          return;
        }
      if (is_post_extension (target))
        {
          report_missing (site, entry, link, target);
          return;
        }
      /* Else a URL relative to the page's; a bare word ("[term](g)") is
       * more likely for a render hook of the site's than a page. */
      if (page == NULL || strpbrk (target, "/.") == NULL)
        return;
      resolved = g_strconcat (page->url, target, NULL);
      if (resolve_url (site, resolved, &found))
        {
          check_target (site, entry, link, found, fragment);
          return;
        }
      /* Hugo's link render hooks (its own, and most themes') look a
       * relative link up as a page's path, as ref does. */
      if (billet_site_get_kind (self->site) == BILLET_SITE_HUGO)
        {
          g_autofree char *bare = g_strdup (target);
          gsize bare_len = strlen (bare);

          while (bare_len > 1 && bare[bare_len - 1] == '/')
            bare[--bare_len] = '\0';
          if ((found = find_ref (site, entry, bare)) != NULL)
            {
              check_target (site, entry, link, found, fragment);
              return;
            }
        }
    }

  /* Nowhere: a file is missing for sure; a page only in a section whose
   * pages Billet knows all of. */
  if (link->kind == BILLET_LINK_IMAGE || extension_of (resolved) != NULL)
    {
      if (extension_of (resolved) == NULL || !g_str_has_suffix (resolved, ".html") ||
          link->kind == BILLET_LINK_IMAGE)
        {
          report_missing (site, entry, link, resolved);
          return;
        }
    }
  {
    g_autofree char *key = url_key (self, resolved);
    g_autofree char *segment = first_segment (self, key);

    if (segment != NULL && g_hash_table_contains (site->sections, segment))
      report_missing (site, entry, link, resolved);
  }
}

static void
check_duplicates (Site *site)
{
  BilletCheck *self = site->self;
  g_autoptr(GHashTable) addresses = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint e = 0; e < self->entries->len; e++)
    {
      Entry *entry = g_ptr_array_index (self->entries, e);

      for (guint a = 0; entry->addresses != NULL && a < entry->addresses->len; a++)
        {
          Address *address = g_ptr_array_index (entry->addresses, a);
          Entry *first = g_hash_table_lookup (site->by_url, address->url);
          Address *first_address = g_hash_table_lookup (addresses, address->url);
          Entry *at = entry;
          Entry *other = first;
          Address *where = address;

          if (first == NULL)
            {
              g_hash_table_insert (site->by_url, address->url, entry);
              g_hash_table_insert (addresses, address->url, address);
              continue;
            }
          if (first == entry)
            continue;
          /* Said where it can be mended: at an alias rather than a page's
           * own URL. */
          if (a == 0 && first->addresses->len > 0 && first_address != g_ptr_array_index (first->addresses, 0))
            {
              at = first;
              other = entry;
              where = first_address;
            }
          {
            g_autofree char *shown = g_utf8_make_valid (address->url, -1);
            g_autofree char *named = g_utf8_make_valid (other->file->path, -1);

            add_finding (site->findings, at->file->path, where->line, where->column,
                         "duplicate-url",
                         /* Translators: the first %s is a URL, the second a post's path */
                         g_strdup_printf (_("The URL “%s” is also that of “%s”: the generator "
                                            "publishes only one of them there"),
                                          shown, named));
          }
        }
    }
}

/* "Vélo", "velo" and "V E L O" are one tag misspelt: case, accents and
 * spaces (and hyphens and underscores, which generators make of spaces)
 * taken off. */
static char *
tag_key (const char *taxonomy,
         const char *name)
{
  g_autofree char *decomposed = NULL;
  g_autofree char *folded = NULL;
  GString *key = g_string_new (taxonomy);
  const char *p;

  g_string_append_c (key, '\x1f');
  /* ASCII, most tags: no Unicode tables needed. */
  for (p = name; *p != '\0' && (guchar) *p < 0x80; p++)
    ;
  if (*p == '\0')
    {
      for (p = name; *p != '\0'; p++)
        if (!g_ascii_isspace (*p) && *p != '-' && *p != '_')
          g_string_append_c (key, g_ascii_tolower (*p));
      return g_string_free (key, FALSE);
    }
  decomposed = g_utf8_normalize (name, -1, G_NORMALIZE_NFKD);
  if (decomposed == NULL)
    return g_string_free (key, FALSE);
  folded = g_utf8_casefold (decomposed, -1);
  for (p = folded; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      GUnicodeType type = g_unichar_type (c);

      if (type == G_UNICODE_NON_SPACING_MARK || type == G_UNICODE_SPACING_MARK ||
          type == G_UNICODE_ENCLOSING_MARK || g_unichar_isspace (c) || c == '-' || c == '_')
        continue;
      g_string_append_unichar (key, c);
    }
  return g_string_free (key, FALSE);
}

typedef struct
{
  char       *name;
  guint       posts;
  gpointer    last_entry;
} Spelling;

static void
spelling_free (Spelling *spelling)
{
  g_free (spelling->name);
  g_free (spelling);
}

static void
check_tags (Site *site)
{
  BilletCheck *self = site->self;
  /* "taxonomy\x1fkey" → GPtrArray of Spelling */
  g_autoptr(GHashTable) groups = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                                        (GDestroyNotify) g_ptr_array_unref);

  for (guint e = 0; e < self->entries->len; e++)
    {
      Entry *entry = g_ptr_array_index (self->entries, e);

      for (guint t = 0; entry->tags != NULL && t < entry->tags->len; t++)
        {
          TagUse *use = g_ptr_array_index (entry->tags, t);
          GPtrArray *spellings = g_hash_table_lookup (groups, use->key);
          Spelling *spelling = NULL;

          if (spellings == NULL)
            {
              spellings = g_ptr_array_new_with_free_func ((GDestroyNotify) spelling_free);
              g_hash_table_insert (groups, use->key, spellings);
            }
          for (guint s = 0; s < spellings->len && spelling == NULL; s++)
            if (g_str_equal (((Spelling *) g_ptr_array_index (spellings, s))->name, use->name))
              spelling = g_ptr_array_index (spellings, s);
          if (spelling == NULL)
            {
              spelling = g_new0 (Spelling, 1);
              spelling->name = g_strdup (use->name);
              g_ptr_array_add (spellings, spelling);
            }
          if (spelling->last_entry != entry)
            {
              spelling->posts++;
              spelling->last_entry = entry;
            }
        }
    }

  for (guint e = 0; e < self->entries->len; e++)
    {
      Entry *entry = g_ptr_array_index (self->entries, e);

      for (guint t = 0; entry->tags != NULL && t < entry->tags->len; t++)
        {
          TagUse *use = g_ptr_array_index (entry->tags, t);
          GPtrArray *spellings = g_hash_table_lookup (groups, use->key);
          Spelling *best = NULL;
          Spelling *mine = NULL;
          g_autoptr(GString) others = g_string_new (NULL);

          if (spellings == NULL || spellings->len < 2)
            continue;
          /* The most used spelling is the one to keep (the first in byte
           * order among equals); the others are reported where written. */
          for (guint s = 0; s < spellings->len; s++)
            {
              Spelling *spelling = g_ptr_array_index (spellings, s);

              if (best == NULL || spelling->posts > best->posts ||
                  (spelling->posts == best->posts && strcmp (spelling->name, best->name) < 0))
                best = spelling;
              if (g_str_equal (spelling->name, use->name))
                mine = spelling;
            }
          if (mine == best)
            continue;
          for (guint s = 0; s < spellings->len; s++)
            {
              Spelling *spelling = g_ptr_array_index (spellings, s);

              if (spelling == mine)
                continue;
              if (others->len > 0)
                g_string_append (others, _(", "));
              /* Translators: a spelling of a tag and how many posts use it: “Vélo” (12 posts) */
              g_string_append_printf (others, ngettext ("“%s” (%u post)", "“%s” (%u posts)", spelling->posts),
                                      spelling->name, spelling->posts);
            }
          add_finding (site->findings, entry->file->path, use->line, use->column, "tag-near-duplicate",
                       g_strdup_printf (g_str_equal (use->taxonomy, "tags")
                                          /* Translators: “velo” (3 posts) differs from “Vélo” (12 posts) … */
                                          ? ngettext ("The tag “%s” (%u post) differs only by case, accents "
                                                      "or spaces from %s",
                                                      "The tag “%s” (%u posts) differs only by case, accents "
                                                      "or spaces from %s", mine->posts)
                                          : ngettext ("The category “%s” (%u post) differs only by case, "
                                                      "accents or spaces from %s",
                                                      "The category “%s” (%u posts) differs only by case, "
                                                      "accents or spaces from %s", mine->posts),
                                        use->name, mine->posts, others->str));
          {
            BilletFinding *finding = g_ptr_array_index (site->findings, site->findings->len - 1);

            finding->fix_key = g_strdup (use->key_path);
            finding->fix_from = g_strdup (use->name);
            finding->fix_to = g_strdup (best->name);
          }
        }
    }
}

/* Translations of a multilingual site share a key (billet-index.c): one
 * with no page in the default language lacks its original. */
static void
check_translations (Site *site)
{
  BilletCheck *self = site->self;
  const char *main_language = billet_site_get_default_language (self->site);
  g_autoptr(GHashTable) originals = g_hash_table_new (g_str_hash, g_str_equal);

  if (main_language == NULL || billet_site_get_languages (self->site) == NULL ||
      billet_site_get_languages (self->site)[0] == NULL)
    return;
  for (guint e = 0; e < self->entries->len; e++)
    {
      Entry *entry = g_ptr_array_index (self->entries, e);

      if (entry->summary != NULL && entry->summary->translation_key != NULL &&
          g_strcmp0 (entry->summary->lang, main_language) == 0)
        g_hash_table_add (originals, entry->summary->translation_key);
    }
  for (guint e = 0; e < self->entries->len; e++)
    {
      Entry *entry = g_ptr_array_index (self->entries, e);

      if (entry->summary == NULL || entry->summary->translation_key == NULL ||
          g_strcmp0 (entry->summary->lang, main_language) == 0 ||
          g_hash_table_contains (originals, entry->summary->translation_key))
        continue;
      add_finding (site->findings, entry->file->path, 1, 1, "translation-missing-original",
                   /* Translators: the first %s is a language (“fr”), the second the site's main one (“en”) */
                   g_strdup_printf (_("A translation (%s) whose original, in %s, does not exist"),
                                    entry->summary->lang, main_language));
    }
}

/* The pages below a section whose page cascades "not published". */
static void
mark_unrendered (BilletCheck *self)
{
  g_autoptr(GPtrArray) sections = g_ptr_array_new_with_free_func (g_free);

  for (guint e = 0; e < self->entries->len; e++)
    {
      Entry *entry = g_ptr_array_index (self->entries, e);
      const char *content_path = entry->file->content_path;
      const char *slash;

      if (!entry->cascade_unrendered || content_path == NULL)
        continue;
      slash = strrchr (content_path, '/');
      g_ptr_array_add (sections, slash != NULL ? g_strndup (content_path, slash - content_path + 1)
                                               : g_strdup (""));
    }
  for (guint e = 0; e < self->entries->len && sections->len > 0; e++)
    {
      Entry *entry = g_ptr_array_index (self->entries, e);

      for (guint i = 0; i < sections->len && entry->file->content_path != NULL; i++)
        if (g_str_has_prefix (entry->file->content_path, g_ptr_array_index (sections, i)))
          entry->unrendered = TRUE;
    }
}

static void
check_site (BilletCheck *self,
            GPtrArray   *findings)
{
  g_autoptr(GHashTable) by_real = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) by_content = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  BilletSiteKind kind = billet_site_get_kind (self->site);
  g_autoptr(GHashTable) by_url = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) sections = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  Site site = { self, by_real, by_content, by_url, sections, findings };

  for (guint e = 0; e < self->entries->len; e++)
    {
      Entry *entry = g_ptr_array_index (self->entries, e);

      if (entry->summary == NULL)
        continue;
      g_hash_table_insert (by_real, entry->file->real_path, entry);
      if (entry->file->content_path != NULL)
        {
          /* Hugo finds pages whatever the case of their path. */
          char *key = kind == BILLET_SITE_HUGO ? g_utf8_strdown (entry->file->content_path, -1)
                                               : g_strdup (entry->file->content_path);

          if (!g_hash_table_contains (by_content, key))
            g_hash_table_insert (by_content, key, entry);
          else
            g_free (key);
        }
    }
  mark_unrendered (self);
  for (guint e = 0; e < self->entries->len; e++)
    {
      Entry *entry = g_ptr_array_index (self->entries, e);

      if (entry->unrendered)
        {
          if (entry->addresses != NULL)
            g_ptr_array_set_size (entry->addresses, 0);
        }
      else
        /* Copies: a check again (billet_check_new_update()) needs them. */
        for (guint d = 0; entry->deferred != NULL && d < entry->deferred->len; d++)
          g_ptr_array_add (findings, billet_finding_copy (g_ptr_array_index (entry->deferred, d)));
    }
  check_duplicates (&site);
  /* Sections: the first segment of every page below one. Hugo's and
   * Zola's content folders hold all their pages; a Jekyll or Astro site's
   * pages are elsewhere (the root, src/pages), which Billet does not read. */
  for (guint e = 0; e < self->entries->len && (kind == BILLET_SITE_HUGO || kind == BILLET_SITE_ZOLA); e++)
    {
      Entry *entry = g_ptr_array_index (self->entries, e);

      for (guint a = 0; entry->addresses != NULL && a < MIN (1, entry->addresses->len); a++)
        {
          Address *address = g_ptr_array_index (entry->addresses, a);
          char *segment = first_segment (self, address->url);
          const char *after = segment != NULL ? strstr (address->url, segment) + strlen (segment) + 1 : NULL;

          /* Only a page below one makes a section: "/about/" does not. */
          if (after != NULL && *after != '\0')
            g_hash_table_add (sections, segment);
          else
            g_free (segment);
        }
    }
  for (guint e = 0; e < self->entries->len && !g_atomic_int_get (&self->cancelled); e++)
    {
      Entry *entry = g_ptr_array_index (self->entries, e);

      for (guint l = 0; entry->links != NULL && entry->summary != NULL && !entry->unrendered &&
                        l < entry->links->len; l++)
        check_link (&site, entry, g_ptr_array_index (entry->links, l));
    }
  check_tags (&site);
  check_translations (&site);
}

/* Threads */

static void
deliver (BilletCheck *self,
         GPtrArray   *findings,
         gboolean     done)
{
  g_mutex_lock (&self->lock);
  self->func (self, findings, done, self->user_data);
  g_mutex_unlock (&self->lock);
}

/* Reads one post; with @self->keep, a copy of its own findings stays with
 * it. */
static void
check_entry (BilletCheck *self,
             Entry       *entry,
             GPtrArray   *findings)
{
  guint start = findings->len;

  check_one (self, entry, findings);
  if (!self->keep)
    return;
  entry->own = g_ptr_array_new_full (findings->len - start, (GDestroyNotify) billet_finding_free);
  for (guint k = start; k < findings->len; k++)
    g_ptr_array_add (entry->own, billet_finding_copy (g_ptr_array_index (findings, k)));
}

/* A check again after some posts changed: those are read again, the
 * others' own findings delivered as they were. */
static void
update_entries (BilletCheck *self)
{
  GPtrArray *findings = g_ptr_array_new_with_free_func ((GDestroyNotify) billet_finding_free);

  for (guint e = 0; e < self->entries->len && !g_atomic_int_get (&self->cancelled); e++)
    {
      Entry *entry = g_ptr_array_index (self->entries, e);

      if (g_hash_table_contains (self->update, entry->file->real_path))
        {
          entry_reset (entry);
          check_entry (self, entry, findings);
        }
      else
        for (guint k = 0; entry->own != NULL && k < entry->own->len; k++)
          g_ptr_array_add (findings, billet_finding_copy (g_ptr_array_index (entry->own, k)));
    }
  deliver (self, findings, FALSE);
}

static void
check_task (gpointer data,
            gpointer user_data)
{
  g_autoptr(GPtrArray) chunk = data;
  BilletCheck *self = user_data;
  GPtrArray *findings = g_ptr_array_new_with_free_func ((GDestroyNotify) billet_finding_free);

  for (guint i = 0; i < chunk->len && !g_atomic_int_get (&self->cancelled); i++)
    check_entry (self, g_ptr_array_index (chunk, i), findings);
  deliver (self, findings, FALSE);
}

static gpointer
check_thread (gpointer data)
{
  BilletCheck *self = data;
  g_autoptr(GPtrArray) notes = g_ptr_array_new_with_free_func ((GDestroyNotify) billet_index_note_free);
  GPtrArray *findings = g_ptr_array_new_with_free_func ((GDestroyNotify) billet_finding_free);
  GThreadPool *pool;

  if (self->update != NULL)
    update_entries (self);
  else
    {
      self->files = billet_index_walk (self->index, notes);
      self->entries = g_ptr_array_new_full (self->files->len, (GDestroyNotify) entry_free);
      pool = g_thread_pool_new (check_task, self, (int) MAX (1, g_get_num_processors ()), FALSE, NULL);
      for (guint i = 0; i < self->files->len; i += FILES_PER_TASK)
        {
          GPtrArray *chunk = g_ptr_array_sized_new (FILES_PER_TASK);

          for (guint j = i; j < MIN (i + FILES_PER_TASK, self->files->len); j++)
            {
              Entry *entry = g_new0 (Entry, 1);

              entry->file = g_ptr_array_index (self->files, j);
              g_ptr_array_add (self->entries, entry);
              g_ptr_array_add (chunk, entry);
            }
          g_thread_pool_push (pool, chunk, NULL);
        }
      g_thread_pool_free (pool, FALSE, TRUE);
    }

  if (!g_atomic_int_get (&self->cancelled))
    check_site (self, findings);
  /* What the second step needed, no longer; or kept for a check again
   * (a cancelled check's entries are not whole). */
  if (!self->keep || g_atomic_int_get (&self->cancelled))
    {
      g_clear_pointer (&self->entries, g_ptr_array_unref);
      g_clear_pointer (&self->files, g_ptr_array_unref);
    }
  g_atomic_int_set (&self->finished, TRUE);
  deliver (self, findings, TRUE);
  if (self->destroy != NULL)
    self->destroy (self->user_data);
  billet_check_unref (self);
  return NULL;
}

/* The object */

/**
 * billet_check_new:
 * @path: a folder of a site (its root or any folder in it)
 * @error: set when @path is no readable folder
 *
 * A check of the whole site @path belongs to: links lead across it.
 *
 * Returns: (transfer full) (nullable): a check, not yet run
 */
BilletCheck *
billet_check_new (const char  *path,
                  GError     **error)
{
  g_autoptr(BilletIndex) probe = NULL;
  BilletCheck *self;
  BilletIndex *index;

  g_return_val_if_fail (path != NULL, NULL);

  if (!(probe = billet_index_new (path, error)))
    return NULL;
  if (!(index = billet_index_new (billet_site_get_root (billet_index_get_site (probe)), error)))
    return NULL;

  self = g_new0 (BilletCheck, 1);
  g_atomic_ref_count_init (&self->ref_count);
  self->index = index;
  self->site = billet_index_get_site (index);
  self->root = billet_site_get_root (self->site);
  self->markdown_flags = billet_site_get_markdown_flags (self->site);
  g_mutex_init (&self->lock);
  self->findings = g_ptr_array_new_with_free_func ((GDestroyNotify) billet_finding_free);
  return self;
}

/**
 * billet_check_set_keep:
 * @keep: whether what the check learnt of each post stays once it is done
 *
 * With @keep, a check done can be followed by billet_check_new_update(),
 * which reads again only the posts that changed. Call before starting.
 */
void
billet_check_set_keep (BilletCheck *self,
                       gboolean     keep)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (self->thread == NULL);

  self->keep = keep;
}

static gboolean
is_section_page (const char *path)
{
  g_autofree char *base = g_path_get_basename (path);

  return g_str_has_prefix (base, "_index.");
}

/**
 * billet_check_new_update:
 * @previous: a check done, started with billet_check_set_keep()
 * @paths: absolute paths of posts that changed (saved, edited on disk)
 *
 * A check of the same site that reads again only @paths, and keeps what
 * @previous learnt of the other posts (their own findings as they were);
 * what is between posts (links, duplicate URLs, tags, translations) is
 * checked again whole, as it may have changed anywhere. Its findings are
 * those a whole check would give. @previous gives its posts to it: it
 * cannot be updated again.
 *
 * It is %NULL when only a whole check will do: @previous is not done or
 * kept nothing, a path is not one of its posts (a new post, a folder), is
 * gone, or is a section's page (whose cascade reaches other pages).
 *
 * Returns: (transfer full) (nullable): a check, not yet run
 */
BilletCheck *
billet_check_new_update (BilletCheck        *previous,
                         const char * const *paths)
{
  g_autoptr(GHashTable) update = NULL;
  g_autoptr(GHashTable) known = NULL;
  BilletCheck *self;

  g_return_val_if_fail (previous != NULL, NULL);
  g_return_val_if_fail (paths != NULL, NULL);

  if (!previous->keep || !g_atomic_int_get (&previous->finished) || previous->entries == NULL ||
      g_atomic_int_get (&previous->cancelled) || paths[0] == NULL)
    return NULL;
  known = g_hash_table_new (g_str_hash, g_str_equal);
  for (guint e = 0; e < previous->entries->len; e++)
    {
      Entry *entry = g_ptr_array_index (previous->entries, e);

      g_hash_table_insert (known, entry->file->real_path, entry);
    }
  update = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  for (guint i = 0; paths[i] != NULL; i++)
    {
      Entry *entry = g_hash_table_lookup (known, paths[i]);

      if (entry == NULL || entry->cascade_unrendered || is_section_page (paths[i]) ||
          !g_file_test (paths[i], G_FILE_TEST_IS_REGULAR))
        return NULL;
      g_hash_table_add (update, g_strdup (paths[i]));
    }

  self = g_new0 (BilletCheck, 1);
  g_atomic_ref_count_init (&self->ref_count);
  self->index = billet_index_ref (previous->index);
  self->site = previous->site;
  self->root = previous->root;
  self->markdown_flags = previous->markdown_flags;
  g_mutex_init (&self->lock);
  self->findings = g_ptr_array_new_with_free_func ((GDestroyNotify) billet_finding_free);
  self->keep = TRUE;
  self->update = g_steal_pointer (&update);
  self->files = g_steal_pointer (&previous->files);
  self->entries = g_steal_pointer (&previous->entries);
  return self;
}

BilletCheck *
billet_check_ref (BilletCheck *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

void
billet_check_unref (BilletCheck *self)
{
  g_return_if_fail (self != NULL);

  if (!g_atomic_ref_count_dec (&self->ref_count))
    return;
  if (self->thread != NULL)
    g_thread_unref (self->thread);
  g_clear_pointer (&self->entries, g_ptr_array_unref);
  g_clear_pointer (&self->files, g_ptr_array_unref);
  g_clear_pointer (&self->update, g_hash_table_unref);
  g_ptr_array_unref (self->findings);
  billet_index_unref (self->index);
  g_mutex_clear (&self->lock);
  g_free (self);
}

/**
 * billet_check_get_site:
 *
 * Returns: (transfer none): the site checked
 */
BilletSite *
billet_check_get_site (BilletCheck *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->site;
}

/**
 * billet_check_get_root:
 *
 * Returns: the folder the findings' paths are relative to: the site's root
 */
const char *
billet_check_get_root (BilletCheck *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->root;
}

/**
 * billet_check_start:
 * @func: called with the findings as they come, from worker threads (see
 *   #BilletCheckFunc); the last call has @done set
 * @user_data: for @func
 * @destroy: (nullable): frees @user_data after the last call
 *
 * Starts the check in the background and returns at once. Call once.
 */
void
billet_check_start (BilletCheck     *self,
                    BilletCheckFunc  func,
                    gpointer         user_data,
                    GDestroyNotify   destroy)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (func != NULL);
  g_return_if_fail (self->thread == NULL);

  self->func = func;
  self->user_data = user_data;
  self->destroy = destroy;
  self->thread = g_thread_new ("billet-check", check_thread, billet_check_ref (self));
}

/**
 * billet_check_cancel:
 *
 * Asks the workers to stop; safe from any thread. The last call of the
 * #BilletCheckFunc still comes.
 */
void
billet_check_cancel (BilletCheck *self)
{
  g_return_if_fail (self != NULL);
  g_atomic_int_set (&self->cancelled, TRUE);
}

/**
 * billet_check_wait:
 *
 * Blocks until the last findings have been delivered. Not from the callback.
 */
void
billet_check_wait (BilletCheck *self)
{
  g_return_if_fail (self != NULL);

  if (self->thread != NULL)
    {
      g_thread_join (self->thread);
      self->thread = NULL;
    }
}

static void
collect (BilletCheck *self,
         GPtrArray   *findings,
         gboolean     done,
         gpointer     user_data)
{
  /* Calls are serialised: no lock needed. */
  g_ptr_array_extend_and_steal (self->findings, findings);
}

/**
 * billet_check_run:
 *
 * Checks the site on all cores and sorts the findings
 * (billet_finding_compare()). Blocks.
 */
void
billet_check_run (BilletCheck *self)
{
  g_return_if_fail (self != NULL);

  billet_check_start (self, collect, NULL, NULL);
  billet_check_wait (self);
  g_ptr_array_sort (self->findings, billet_finding_compare);
}

/**
 * billet_check_get_findings:
 *
 * Returns: (transfer none) (element-type BilletFinding): after
 *   billet_check_run(), the findings, by path and line
 */
GPtrArray *
billet_check_get_findings (BilletCheck *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->findings;
}
