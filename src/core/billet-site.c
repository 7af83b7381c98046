/* billet-site.c — the static site a folder or a post belongs to
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A site is found by walking up from a folder (or a post's folder) to the
 * first one that holds a generator's configuration. Only the few settings
 * Billet needs are read: where the posts and the static files are, whether
 * raw HTML is kept, the language and the title. TOML configurations go
 * through the core's TOML parser, YAML and JSON ones through its YAML
 * parser, into the same tree as front matter. A configuration Billet cannot
 * read is not an error (Hugo would refuse it): the site just keeps its
 * defaults.
 */

#define G_LOG_DOMAIN "Billet"

#include "config.h"

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "billet-file.h"
#include "billet-front-matter.h"
#include "billet-site.h"

/* A configuration larger than this is not read (real ones are a few KiB). */
#define MAX_CONFIG_SIZE (1024 * 1024)

struct _BilletSite
{
  gatomicrefcount  ref_count;
  BilletSiteKind   kind;
  char            *root;          /* canonical, absolute */
  char            *config_path;   /* or NULL */
  char           **content_dirs;  /* canonical, absolute, existing; never empty */
  char            *static_dir;    /* or NULL */
  char            *language;      /* or NULL */
  char            *title;         /* or NULL */
  gboolean         unsafe;
  BilletMarkdownFlags goldmark;   /* Hugo's Goldmark settings, as flags */
};

/* Settings, whatever the configuration's format */

typedef struct
{
  BilletFrontMatter *tree;
} Config;

static void
config_clear (Config *config)
{
  g_clear_pointer (&config->tree, billet_front_matter_unref);
}

static void
config_load (Config     *config,
             const char *path)
{
  g_autofree char *data = NULL;
  gsize len = 0;
  GStatBuf st;

  memset (config, 0, sizeof *config);
  if (path == NULL || g_stat (path, &st) != 0 || st.st_size > MAX_CONFIG_SIZE ||
      !g_file_get_contents (path, &data, &len, NULL))
    return;

  if (g_str_has_suffix (path, ".toml"))
    config->tree = billet_front_matter_parse_toml (data, len, 1, NULL, NULL, NULL);
  else if (g_str_has_suffix (path, ".yaml") || g_str_has_suffix (path, ".yml") ||
           g_str_has_suffix (path, ".json"))
    {
      const char *text = data;

      /* A YAML document may open with "---"; JSON is YAML's flow style. */
      if (g_str_has_prefix (text, "---"))
        text += strcspn (text, "\n");
      config->tree = billet_front_matter_parse (text, len - (text - data), 1, NULL, NULL, NULL);
    }
}

/* The scalar text at a dotted @key, or NULL. */
static const char *
config_get (Config     *config,
            const char *key)
{
  if (config->tree != NULL)
    {
      const BilletNode *node = billet_front_matter_lookup (config->tree, key);

      if (node != NULL && billet_node_is_scalar (node) &&
          billet_node_get_kind (node) != BILLET_NODE_NULL)
        return billet_node_get_text (node);
    }
  return NULL;
}

static const char *
config_get_nonempty (Config     *config,
                     const char *key)
{
  const char *text = config_get (config, key);

  return text != NULL && *text != '\0' ? text : NULL;
}

/* Detection */

static gboolean
is_dir (const char *path)
{
  return g_file_test (path, G_FILE_TEST_IS_DIR);
}

static char *
find_in (const char         *dir,
         const char * const *names)
{
  for (guint i = 0; names[i] != NULL; i++)
    {
      char *path = g_build_filename (dir, names[i], NULL);

      if (g_file_test (path, G_FILE_TEST_IS_REGULAR))
        return path;
      g_free (path);
    }
  return NULL;
}

/* What generator @dir is the root of, if any. config.* names are common
 * enough that they count for Hugo only beside a content folder. */
static BilletSiteKind
detect (const char  *dir,
        char       **config_path)
{
  static const char * const hugo[] = { "hugo.toml", "hugo.yaml", "hugo.yml", "hugo.json", NULL };
  static const char * const hugo_old[] = { "config.toml", "config.yaml", "config.yml", "config.json", NULL };
  static const char * const jekyll[] = { "_config.yml", "_config.yaml", "_config.toml", NULL };
  static const char * const astro[] = {
    "astro.config.mjs", "astro.config.js", "astro.config.ts", "astro.config.cjs", "astro.config.mts", NULL
  };
  char *path;

  if ((path = find_in (dir, hugo)) != NULL)
    {
      *config_path = path;
      return BILLET_SITE_HUGO;
    }
  if ((path = find_in (dir, jekyll)) != NULL)
    {
      *config_path = path;
      return BILLET_SITE_JEKYLL;
    }
  if ((path = find_in (dir, astro)) != NULL)
    {
      *config_path = path;
      return BILLET_SITE_ASTRO;
    }
  if ((path = find_in (dir, hugo_old)) != NULL)
    {
      g_autofree char *content = g_build_filename (dir, "content", NULL);

      if (is_dir (content))
        {
          *config_path = path;
          return BILLET_SITE_HUGO;
        }
      g_free (path);
    }
  *config_path = NULL;
  return BILLET_SITE_PLAIN;
}

/* The canonical form of @path if it is an existing folder below @root (or
 * @root itself), else NULL: a setting must not send Billet out of the site. */
static char *
dir_inside (const char *root,
            const char *relative)
{
  g_autofree char *joined = NULL;
  char real[PATH_MAX];
  gsize root_len = strlen (root);

  if (relative == NULL || *relative == '\0')
    return NULL;
  joined = g_build_filename (root, relative, NULL);
  if (realpath (joined, real) == NULL || !is_dir (real))
    return NULL;
  if (strcmp (real, root) != 0 &&
      !(strncmp (real, root, root_len) == 0 && (real[root_len] == '/' || g_str_equal (root, "/"))))
    return NULL;
  return g_strdup (real);
}

static void
add_content_dir (GPtrArray  *dirs,
                 const char *root,
                 const char *relative)
{
  char *dir = dir_inside (root, relative);

  if (dir == NULL)
    return;
  for (guint i = 0; i < dirs->len; i++)
    if (g_str_equal (g_ptr_array_index (dirs, i), dir))
      {
        g_free (dir);
        return;
      }
  g_ptr_array_add (dirs, dir);
}

static gboolean
parse_bool (const char *text)
{
  gboolean value = FALSE;

  return text != NULL && billet_value_parse_boolean (text, &value) && value;
}

/* Hugo's markup.goldmark settings that change the HTML, with Hugo's
 * defaults: typographer on, hardWraps off, heading attributes on,
 * automatic heading ids on, of type "github". */
static BilletMarkdownFlags
read_goldmark (Config *config)
{
  BilletMarkdownFlags flags = BILLET_MARKDOWN_DEFAULT;
  const char *typographer = config_get (config, "markup.goldmark.extensions.typographer");
  const char *disable = config_get (config, "markup.goldmark.extensions.typographer.disable");
  const char *attribute = config_get (config, "markup.goldmark.parser.attribute.title");
  const char *auto_ids = config_get (config, "markup.goldmark.parser.autoHeadingID");
  const char *id_type = config_get (config, "markup.goldmark.parser.autoHeadingIDType");
  gboolean value;

  /* "typographer = false" before Hugo 0.112, "[…typographer] disable =
   * true" since. */
  if (!(typographer != NULL && billet_value_parse_boolean (typographer, &value) && !value) &&
      !parse_bool (disable))
    flags |= BILLET_MARKDOWN_TYPOGRAPHER;
  if (parse_bool (config_get (config, "markup.goldmark.renderer.hardWraps")))
    flags |= BILLET_MARKDOWN_HARD_WRAPS;
  if (attribute != NULL && billet_value_parse_boolean (attribute, &value) && !value)
    flags |= BILLET_MARKDOWN_NO_HEADING_ATTRIBUTES;
  if (auto_ids != NULL && billet_value_parse_boolean (auto_ids, &value) && !value)
    flags |= BILLET_MARKDOWN_NO_AUTO_HEADING_IDS;
  if (id_type != NULL && g_ascii_strcasecmp (id_type, "github-ascii") == 0)
    flags |= BILLET_MARKDOWN_IDS_GITHUB_ASCII;
  else if (id_type != NULL && g_ascii_strcasecmp (id_type, "blackfriday") == 0)
    flags |= BILLET_MARKDOWN_IDS_BLACKFRIDAY;
  return flags;
}

/**
 * billet_site_new_for_path:
 * @path: a folder or a post
 * @error: set when @path does not exist
 *
 * Finds the site @path belongs to: the nearest folder at or above it that
 * holds a Hugo, Jekyll or Astro configuration. Without one, @path (or the
 * post's folder) is a plain folder of posts, whose content folders are
 * those of the usual names it holds (`content/`, `_posts/`, `_drafts/`,
 * `src/content/`), or itself.
 *
 * Returns: (transfer full) (nullable): the site
 */
BilletSite *
billet_site_new_for_path (const char  *path,
                          GError     **error)
{
  g_autoptr(GPtrArray) dirs = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *start = NULL;
  g_autofree char *dir = NULL;
  char real[PATH_MAX];
  Config config;
  BilletSite *self;

  g_return_val_if_fail (path != NULL, NULL);

  if (realpath (path, real) == NULL)
    {
      int saved = errno;
      g_autofree char *shown = billet_file_display_name (path);

      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved),
                   _("Cannot open “%s”: %s"), shown, g_strerror (saved));
      return NULL;
    }
  start = is_dir (real) ? g_strdup (real) : g_path_get_dirname (real);

  self = g_new0 (BilletSite, 1);
  g_atomic_ref_count_init (&self->ref_count);

  dir = g_strdup (start);
  for (;;)
    {
      char *parent;

      self->kind = detect (dir, &self->config_path);
      if (self->kind != BILLET_SITE_PLAIN)
        {
          self->root = g_steal_pointer (&dir);
          break;
        }
      parent = g_path_get_dirname (dir);
      if (g_str_equal (parent, dir))
        {
          g_free (parent);
          break;
        }
      g_free (dir);
      dir = parent;
    }
  if (self->root == NULL)
    self->root = g_strdup (start);

  config_load (&config, self->config_path);

  switch (self->kind)
    {
    case BILLET_SITE_HUGO:
      {
        const char *content = config_get_nonempty (&config, "contentDir");
        const char *static_dir = config_get_nonempty (&config, "staticDir");

        add_content_dir (dirs, self->root, content != NULL ? content : "content");
        self->static_dir = dir_inside (self->root, static_dir != NULL ? static_dir : "static");
        self->unsafe = parse_bool (config_get (&config, "markup.goldmark.renderer.unsafe"));
        self->goldmark = read_goldmark (&config);
        self->language = g_strdup (config_get_nonempty (&config, "languageCode"));
        if (self->language == NULL)
          self->language = g_strdup (config_get_nonempty (&config, "defaultContentLanguage"));
      }
      break;

    case BILLET_SITE_JEKYLL:
      add_content_dir (dirs, self->root, "_posts");
      add_content_dir (dirs, self->root, "_drafts");
      self->static_dir = g_strdup (self->root);
      /* kramdown keeps raw HTML: so does the export of a Jekyll site. */
      self->unsafe = TRUE;
      self->language = g_strdup (config_get_nonempty (&config, "lang"));
      break;

    case BILLET_SITE_ASTRO:
      add_content_dir (dirs, self->root, "src/content");
      self->static_dir = dir_inside (self->root, "public");
      /* Astro's Markdown keeps raw HTML too. */
      self->unsafe = TRUE;
      break;

    case BILLET_SITE_PLAIN:
    default:
      add_content_dir (dirs, self->root, "content");
      add_content_dir (dirs, self->root, "_posts");
      add_content_dir (dirs, self->root, "_drafts");
      add_content_dir (dirs, self->root, "src/content");
      self->static_dir = dir_inside (self->root, "static");
      if (self->static_dir == NULL)
        self->static_dir = g_strdup (self->root);
      break;
    }

  self->title = g_strdup (config_get_nonempty (&config, "title"));
  config_clear (&config);

  if (dirs->len == 0)
    g_ptr_array_add (dirs, g_strdup (self->root));
  g_ptr_array_add (dirs, NULL);
  self->content_dirs = (char **) g_ptr_array_free (g_steal_pointer (&dirs), FALSE);

  return self;
}

BilletSite *
billet_site_ref (BilletSite *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

void
billet_site_unref (BilletSite *self)
{
  g_return_if_fail (self != NULL);

  if (!g_atomic_ref_count_dec (&self->ref_count))
    return;
  g_free (self->root);
  g_free (self->config_path);
  g_strfreev (self->content_dirs);
  g_free (self->static_dir);
  g_free (self->language);
  g_free (self->title);
  g_free (self);
}

BilletSiteKind
billet_site_get_kind (BilletSite *self)
{
  g_return_val_if_fail (self != NULL, BILLET_SITE_PLAIN);
  return self->kind;
}

/**
 * billet_site_get_root:
 *
 * Returns: the site's folder, absolute, with links resolved
 */
const char *
billet_site_get_root (BilletSite *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->root;
}

/**
 * billet_site_get_config_path:
 *
 * Returns: (nullable): the configuration file, or %NULL for a plain folder
 */
const char *
billet_site_get_config_path (BilletSite *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->config_path;
}

/**
 * billet_site_get_content_dirs:
 *
 * Returns: (array zero-terminated=1): the folders that hold the posts,
 *   absolute and canonical; at least one (the root, when nothing else)
 */
const char * const *
billet_site_get_content_dirs (BilletSite *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return (const char * const *) self->content_dirs;
}

/**
 * billet_site_get_static_dir:
 *
 * Returns: (nullable): where URLs starting with "/" point (Hugo's
 *   `static/`, Astro's `public/`, Jekyll's root), or %NULL
 */
const char *
billet_site_get_static_dir (BilletSite *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->static_dir;
}

/**
 * billet_site_get_unsafe:
 *
 * Returns: whether pages keep the posts' raw HTML: Hugo's
 *   `markup.goldmark.renderer.unsafe`; always for Jekyll and Astro, whose
 *   Markdown keeps it; never for a plain folder
 */
gboolean
billet_site_get_unsafe (BilletSite *self)
{
  g_return_val_if_fail (self != NULL, FALSE);
  return self->unsafe;
}

/**
 * billet_site_get_markdown_flags:
 * @self: (nullable): a site, or %NULL for a post of none
 *
 * Returns: how the site's generator renders Markdown: raw HTML kept
 *   (billet_site_get_unsafe()), and on a Jekyll site heading ids as
 *   kramdown makes them and Liquid (as Hugo's Goldmark, GitHub style, and
 *   Hugo's shortcodes elsewhere); on a Hugo site, its Goldmark settings
 *   (typographer, hardWraps, heading attributes and ids)
 */
BilletMarkdownFlags
billet_site_get_markdown_flags (BilletSite *self)
{
  BilletMarkdownFlags flags = BILLET_MARKDOWN_DEFAULT;

  if (self == NULL)
    return flags;
  if (self->unsafe)
    flags |= BILLET_MARKDOWN_UNSAFE;
  flags |= self->goldmark;
  if (self->kind == BILLET_SITE_JEKYLL)
    flags |= BILLET_MARKDOWN_KRAMDOWN_IDS | BILLET_MARKDOWN_LIQUID;
  return flags;
}

/**
 * billet_site_get_language:
 *
 * Returns: (nullable): the site's language as its configuration names it
 *   (Hugo's `languageCode`, else `defaultContentLanguage`; Jekyll's `lang`)
 */
const char *
billet_site_get_language (BilletSite *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->language;
}

/**
 * billet_site_get_title:
 *
 * Returns: (nullable): the site's `title`
 */
const char *
billet_site_get_title (BilletSite *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->title;
}

/**
 * billet_site_is_inside:
 * @real_path: a canonical absolute path (from realpath())
 *
 * Returns: whether @real_path is the site's root or below it
 */
gboolean
billet_site_is_inside (BilletSite *self,
                       const char *real_path)
{
  gsize len;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (real_path != NULL, FALSE);

  len = strlen (self->root);
  if (len == 1)
    return real_path[0] == '/';
  return strncmp (real_path, self->root, len) == 0 &&
         (real_path[len] == '\0' || real_path[len] == '/');
}

const char *
billet_site_kind_to_string (BilletSiteKind kind)
{
  switch (kind)
    {
    case BILLET_SITE_HUGO: return "hugo";
    case BILLET_SITE_JEKYLL: return "jekyll";
    case BILLET_SITE_ASTRO: return "astro";
    case BILLET_SITE_PLAIN:
    default: return "plain";
    }
}
