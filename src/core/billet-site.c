/* billet-site.c — the static site a folder or a post belongs to
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A site is found by walking up from a folder (or a post's folder) to the
 * first one that holds a generator's configuration. Only the few settings
 * Billet needs are read: where the posts and the static files are, whether
 * raw HTML is kept, the languages and the title. TOML configurations go
 * through the core's TOML parser, YAML and JSON ones through its YAML
 * parser (JSON is YAML's flow style), into the same tree as front matter.
 * Hugo's configuration may be split into files (config/_default/hugo.toml,
 * markup.yaml, languages.toml…): each file is a layer, and a setting is
 * looked up from the last layer to the first, which is how Hugo's merge
 * resolves it, without building the merged tree. A configuration Billet
 * cannot read is not an error (Hugo would refuse it): the site just keeps
 * its defaults.
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
  /* Multilingual sites: the languages' keys, the default first, then by
   * weight; their content folders (canonical, or NULL) and the language
   * of the pages without a prefix (NULL when every language has one). */
  char           **languages;     /* never NULL; empty for one language */
  char           **language_dirs; /* one per language, NULL-filled */
  char           **language_codes;  /* languages.X.languageCode, NULL-filled */
  char           **language_titles; /* languages.X.title, NULL-filled */
  char            *environment;   /* Hugo's configuration environment */
  /* Jekyll's collections: name, folder (canonical), permalink (or NULL) */
  GPtrArray       *collections;
  guint            n_languages;
  char            *default_language;
  gboolean         default_in_subdir;
  BilletMarkdownFlags goldmark;   /* Hugo's Goldmark settings, as flags */
};

typedef struct
{
  char   *key;
  char   *content_dir;
  char   *code;
  char   *title;
  gint64  weight;
} Language;

static void
language_free (Language *language)
{
  g_free (language->key);
  g_free (language->content_dir);
  g_free (language->code);
  g_free (language->title);
  g_free (language);
}

static int
compare_languages (gconstpointer a,
                   gconstpointer b)
{
  const Language *la = *(Language * const *) a;
  const Language *lb = *(Language * const *) b;

  /* Hugo sorts by weight, a weight of 0 last, then by key. */
  if (la->weight != lb->weight)
    {
      if (la->weight == 0 || lb->weight == 0)
        return la->weight == 0 ? 1 : -1;
      return la->weight < lb->weight ? -1 : 1;
    }
  return strcmp (la->key, lb->key);
}

/* Settings, whatever the configuration's format or files */

/* One configuration file, and where its tree goes in the whole: "" for a
 * site file, "markup" for config/_default/markup.yaml,
 * "languages.fr.menus" for menus.fr.toml. */
typedef struct
{
  char              *prefix;
  BilletFrontMatter *tree;
} Layer;

/* The layers in the order the generator merges them: a later one wins. */
typedef struct
{
  GPtrArray *layers;
  gboolean   case_insensitive;  /* Hugo's keys are */
} Config;

static void
layer_free (Layer *layer)
{
  g_free (layer->prefix);
  g_clear_pointer (&layer->tree, billet_front_matter_unref);
  g_free (layer);
}

static void
config_init (Config   *config,
             gboolean  case_insensitive)
{
  config->layers = g_ptr_array_new_with_free_func ((GDestroyNotify) layer_free);
  config->case_insensitive = case_insensitive;
}

static void
config_clear (Config *config)
{
  g_clear_pointer (&config->layers, g_ptr_array_unref);
}

static BilletFrontMatter *
parse_config_file (const char *path)
{
  g_autofree char *data = NULL;
  gsize len = 0;
  GStatBuf st;

  if (path == NULL || g_stat (path, &st) != 0 || st.st_size > MAX_CONFIG_SIZE ||
      !g_file_get_contents (path, &data, &len, NULL))
    return NULL;

  if (g_str_has_suffix (path, ".toml"))
    return billet_front_matter_parse_toml (data, len, 1, NULL, NULL, NULL);
  if (g_str_has_suffix (path, ".yaml") || g_str_has_suffix (path, ".yml") ||
      g_str_has_suffix (path, ".json"))
    {
      const char *text = data;

      /* A YAML document may open with "---"; JSON is YAML's flow style
       * (there is no JSON library among the core's dependencies). */
      if (g_str_has_prefix (text, "---"))
        text += strcspn (text, "\n");
      return billet_front_matter_parse (text, len - (text - data), 1, NULL, NULL, NULL);
    }
  return NULL;
}

static void
config_add (Config     *config,
            const char *path,
            const char *prefix)
{
  BilletFrontMatter *tree = parse_config_file (path);
  Layer *layer;

  if (tree == NULL)
    return;
  layer = g_new0 (Layer, 1);
  layer->prefix = g_strdup (prefix);
  layer->tree = tree;
  g_ptr_array_add (config->layers, layer);
}

/* The child of @map named @name (@len bytes). */
static const BilletNode *
child_named (Config           *config,
             const BilletNode *map,
             const char       *name,
             gsize             len)
{
  guint n;

  if (map == NULL || billet_node_get_kind (map) != BILLET_NODE_MAP)
    return NULL;
  n = billet_node_get_n_children (map);
  for (guint i = 0; i < n; i++)
    {
      const BilletNode *child = billet_node_get_child (map, i);
      const char *key = billet_node_get_key (child);

      if (key != NULL && strlen (key) == len &&
          (config->case_insensitive ? g_ascii_strncasecmp (key, name, len) == 0
                                    : strncmp (key, name, len) == 0))
        return child;
    }
  return NULL;
}

/* The node at dotted @key below @node. */
static const BilletNode *
node_at (Config           *config,
         const BilletNode *node,
         const char       *key)
{
  while (node != NULL && *key != '\0')
    {
      gsize len = strcspn (key, ".");

      node = child_named (config, node, key, len);
      key += len;
      if (*key == '.')
        key++;
    }
  return node;
}

/* @key with @layer's prefix taken off, or NULL when the layer cannot hold it. */
static const char *
layer_key (Config     *config,
           Layer      *layer,
           const char *key)
{
  gsize len = strlen (layer->prefix);

  if (len == 0)
    return key;
  if ((config->case_insensitive ? g_ascii_strncasecmp (key, layer->prefix, len) == 0
                                : strncmp (key, layer->prefix, len) == 0) &&
      (key[len] == '.' || key[len] == '\0'))
    return key[len] == '.' ? key + len + 1 : key + len;
  return NULL;
}

/* The node of the layer that wins for dotted @key, or NULL. */
static const BilletNode *
config_lookup (Config     *config,
               const char *key)
{
  for (guint i = config->layers->len; i > 0; i--)
    {
      Layer *layer = g_ptr_array_index (config->layers, i - 1);
      const char *rest = layer_key (config, layer, key);
      const BilletNode *node;

      if (rest == NULL)
        continue;
      node = *rest != '\0' ? node_at (config, billet_front_matter_get_root (layer->tree), rest)
                           : billet_front_matter_get_root (layer->tree);
      if (node != NULL)
        return node;
    }
  return NULL;
}

/* The scalar text at a dotted @key, or NULL. */
static const char *
config_get (Config     *config,
            const char *key)
{
  const BilletNode *node = config_lookup (config, key);

  if (node != NULL && billet_node_is_scalar (node) &&
      billet_node_get_kind (node) != BILLET_NODE_NULL)
    return billet_node_get_text (node);
  return NULL;
}

static const char *
config_get_nonempty (Config     *config,
                     const char *key)
{
  const char *text = config_get (config, key);

  return text != NULL && *text != '\0' ? text : NULL;
}

/* The keys of the tables at dotted @key, merged across the layers, in the
 * order first seen, lower-cased where keys are case-insensitive. */
static GPtrArray *
config_dup_keys (Config     *config,
                 const char *key)
{
  GPtrArray *keys = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < config->layers->len; i++)
    {
      Layer *layer = g_ptr_array_index (config->layers, i);
      const char *rest = layer_key (config, layer, key);
      const BilletNode *map;
      guint n;

      if (rest == NULL)
        {
          /* menus.fr.toml holds languages.fr.menus: it names a key too */
          gsize len = strlen (key);

          if (strncmp (layer->prefix, key, len) == 0 && layer->prefix[len] == '.')
            {
              const char *start = layer->prefix + len + 1;
              g_autofree char *name = g_strndup (start, strcspn (start, "."));

              if (config->case_insensitive)
                {
                  char *lower = g_ascii_strdown (name, -1);

                  g_free (name);
                  name = lower;
                }
              if (!g_ptr_array_find_with_equal_func (keys, name, g_str_equal, NULL))
                g_ptr_array_add (keys, g_steal_pointer (&name));
            }
          continue;
        }
      map = *rest != '\0' ? node_at (config, billet_front_matter_get_root (layer->tree), rest)
                          : billet_front_matter_get_root (layer->tree);
      if (map == NULL || billet_node_get_kind (map) != BILLET_NODE_MAP)
        continue;
      n = billet_node_get_n_children (map);
      for (guint c = 0; c < n; c++)
        {
          const char *child = billet_node_get_key (billet_node_get_child (map, c));
          char *name;

          if (child == NULL || *child == '\0' || strchr (child, '.') != NULL)
            continue;
          name = config->case_insensitive ? g_ascii_strdown (child, -1) : g_strdup (child);
          if (g_ptr_array_find_with_equal_func (keys, name, g_str_equal, NULL))
            g_free (name);
          else
            g_ptr_array_add (keys, name);
        }
    }
  return keys;
}

static gboolean
is_config_name (const char *name)
{
  return g_str_has_suffix (name, ".toml") || g_str_has_suffix (name, ".yaml") ||
         g_str_has_suffix (name, ".yml") || g_str_has_suffix (name, ".json");
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

/* One folder of Hugo's configuration folder, config/_default/ or an
 * environment's (config/production/): hugo.* or config.* first, then one
 * file per top-level key (markup.yaml is the markup table), a language's
 * file (menus.fr.toml) inside that language's table. */
static void
config_add_hugo_dir (Config     *config,
                     const char *root,
                     const char *folder)
{
  g_autofree char *dir_path = g_build_filename (root, "config", folder, NULL);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  static const char * const site_files[] = {
    "config.json", "config.yml", "config.yaml", "config.toml",
    "hugo.json", "hugo.yml", "hugo.yaml", "hugo.toml",
  };
  GDir *dir = g_dir_open (dir_path, 0, NULL);
  const char *name;

  if (dir == NULL)
    return;
  while ((name = g_dir_read_name (dir)) != NULL)
    if (name[0] != '.' && is_config_name (name))
      g_ptr_array_add (names, g_strdup (name));
  g_dir_close (dir);
  g_ptr_array_sort (names, compare_names);

  /* The folder's own site file, config.* then hugo.* (the newer name
   * wins), each in Hugo's order of precedence: TOML over YAML over JSON. */
  for (guint i = 0; i < G_N_ELEMENTS (site_files); i++)
    if (g_ptr_array_find_with_equal_func (names, site_files[i], g_str_equal, NULL))
      {
        g_autofree char *path = g_build_filename (dir_path, site_files[i], NULL);

        config_add (config, path, "");
      }

  for (guint i = 0; i < names->len; i++)
    {
      const char *file = g_ptr_array_index (names, i);
      g_autofree char *stem = g_strndup (file, strrchr (file, '.') - file);
      g_autofree char *path = g_build_filename (dir_path, file, NULL);
      g_autofree char *prefix = NULL;
      const char *dot = strchr (stem, '.');

      if (g_str_equal (stem, "hugo") || g_str_equal (stem, "config") || *stem == '\0')
        continue;
      if (dot == NULL)
        prefix = g_strdup (stem);
      else if (strchr (dot + 1, '.') == NULL && dot != stem && dot[1] != '\0')
        prefix = g_strdup_printf ("languages.%s.%.*s", dot + 1, (int) (dot - stem), stem);
      else
        continue;
      config_add (config, path, prefix);
    }
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

/* Whether @path is a Zola configuration: Zola's config.toml names its
 * `base_url`, Hugo's its `baseURL`. */
static gboolean
is_zola_config (const char *path)
{
  g_autoptr(BilletFrontMatter) tree = g_str_has_suffix (path, ".toml") ? parse_config_file (path) : NULL;

  return tree != NULL && billet_front_matter_lookup (tree, "base_url") != NULL;
}

/* Hugo's configuration folder: config/_default/ with at least one
 * configuration file; its hugo.* or config.* when it has one. */
static char *
find_hugo_config_dir (const char *dir)
{
  static const char * const main_files[] = {
    "hugo.toml", "hugo.yaml", "hugo.yml", "hugo.json",
    "config.toml", "config.yaml", "config.yml", "config.json", NULL
  };
  g_autofree char *path = g_build_filename (dir, "config", "_default", NULL);
  char *main_file;
  GDir *folder;
  const char *name;
  gboolean any = FALSE;

  if ((main_file = find_in (path, main_files)) != NULL)
    return main_file;
  if ((folder = g_dir_open (path, 0, NULL)) == NULL)
    return NULL;
  while (!any && (name = g_dir_read_name (folder)) != NULL)
    any = name[0] != '.' && is_config_name (name);
  g_dir_close (folder);
  return any ? g_steal_pointer (&path) : NULL;
}

/* What generator @dir is the root of, if any. config.* names are common
 * enough that they count for Hugo only beside a content folder; a
 * config.toml with Zola's `base_url` is Zola's. */
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

  if ((path = find_in (dir, hugo)) != NULL || (path = find_hugo_config_dir (dir)) != NULL)
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

      if (is_zola_config (path))
        {
          *config_path = path;
          return BILLET_SITE_ZOLA;
        }
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

typedef struct
{
  char *name;
  char *dir;
  char *permalink;
} Collection;

static void
collection_free (Collection *collection)
{
  g_free (collection->name);
  g_free (collection->dir);
  g_free (collection->permalink);
  g_free (collection);
}

/* Jekyll's _NAME folder in @base, a content folder of collection
 * @collection ("posts" for _posts and _drafts). */
static void
add_jekyll_dir (BilletSite *self,
                GPtrArray  *dirs,
                const char *base,
                const char *name,
                const char *collection,
                const char *permalink)
{
  g_autofree char *folder = g_strconcat ("_", name, NULL);
  g_autofree char *relative = g_build_filename (base, folder, NULL);
  Collection *entry;
  char *dir;

  if (strchr (name, '/') != NULL || *name == '\0' || *name == '.')
    return;
  add_content_dir (dirs, self->root, relative);
  if ((dir = dir_inside (self->root, relative)) == NULL)
    return;
  entry = g_new0 (Collection, 1);
  entry->name = g_strdup (collection);
  entry->dir = dir;
  entry->permalink = g_strdup (permalink);
  g_ptr_array_add (self->collections, entry);
}

/* A string literal at @p ('…', "…" or `…` without ${}), or NULL. */
static char *
js_string_at (const char *p)
{
  char quote = *p;
  const char *end;

  if (quote != '\'' && quote != '"' && quote != '`')
    return NULL;
  end = strchr (p + 1, quote);
  if (end == NULL || memchr (p + 1, '\n', end - p - 1) != NULL ||
      memchr (p + 1, '\\', end - p - 1) != NULL ||
      (quote == '`' && g_strstr_len (p + 1, end - p - 1, "${") != NULL))
    return NULL;
  return g_strndup (p + 1, end - p - 1);
}

/* Astro 5's collections may live anywhere, most often in src/data/: each
 * is a glob() loader's `base` in src/content.config.ts. That file is a
 * program, never run here; its `glob({ … base: "./src/data/blog" … })`
 * calls are read as text, each collection named as the `const` it is
 * defined in (`const blog = defineCollection(…)`), else by its folder.
 * A base inside src/content/ is read with it already. */
static void
add_astro_loader_dirs (BilletSite *self,
                       GPtrArray  *dirs)
{
  static const char * const names[] = {
    "src/content.config.ts", "src/content.config.mts", "src/content.config.js",
    "src/content.config.mjs", NULL
  };
  g_autofree char *path = find_in (self->root, names);
  g_autofree char *content = dir_inside (self->root, "src/content");
  g_autofree char *data = NULL;
  const char *p;
  GStatBuf st;

  if (path == NULL || g_stat (path, &st) != 0 || st.st_size > MAX_CONFIG_SIZE ||
      !g_file_get_contents (path, &data, NULL, NULL))
    return;

  for (p = strstr (data, "glob"); p != NULL; p = strstr (p + 1, "glob"))
    {
      const char *call = p + strlen ("glob");
      const char *close;
      const char *base;
      const char *define;
      g_autofree char *relative = NULL;
      g_autofree char *name = NULL;
      char *dir;
      Collection *entry;

      while (*call == ' ')
        call++;
      if (*call != '(' || (p > data && (g_ascii_isalnum (p[-1]) || p[-1] == '_')))
        continue;
      close = strchr (call, ')');
      base = strstr (call, "base");
      if (close == NULL || base == NULL || base > close)
        continue;
      base += strlen ("base");
      while (*base == ' ')
        base++;
      if (*base++ != ':')
        continue;
      while (*base == ' ')
        base++;
      if ((relative = js_string_at (base)) == NULL ||
          (dir = dir_inside (self->root, relative)) == NULL)
        continue;
      if (content != NULL && (g_str_equal (dir, content) ||
                              (g_str_has_prefix (dir, content) && dir[strlen (content)] == '/')))
        {
          g_free (dir);
          continue;
        }

      /* const NAME = defineCollection( …glob(… */
      for (define = p; define > data; define--)
        if (strncmp (define, "defineCollection", strlen ("defineCollection")) == 0)
          break;
      if (define > data)
        {
          const char *q = define;

          while (q > data && (q[-1] == ' ' || q[-1] == '='))
            q--;
          {
            const char *end = q;

            while (q > data && (g_ascii_isalnum (q[-1]) || q[-1] == '_' || q[-1] == '$'))
              q--;
            if (end > q)
              name = g_strndup (q, end - q);
          }
        }
      if (name == NULL)
        name = g_path_get_basename (dir);

      if (!g_ptr_array_find_with_equal_func (dirs, dir, g_str_equal, NULL))
        g_ptr_array_add (dirs, g_strdup (dir));
      entry = g_new0 (Collection, 1);
      entry->name = g_steal_pointer (&name);
      entry->dir = dir;
      g_ptr_array_add (self->collections, entry);
    }
}

/* The languages of a Hugo or Zola site: the keys of its `languages`
 * table, each language's own content folder (Hugo's
 * `languages.fr.contentDir`, relative to the site) and weight, and the
 * default language (@default_key, else "en"). Sets the site's
 * languages, language_dirs and default_language.
 *
 * Returns: whether every language has a content folder of its own */
static gboolean
read_languages (BilletSite *self,
                Config     *config,
                const char *default_key,
                const char *in_subdir_key)
{
  g_autoptr(GPtrArray) keys = config_dup_keys (config, "languages");
  g_autoptr(GPtrArray) languages = g_ptr_array_new_with_free_func ((GDestroyNotify) language_free);
  const char *default_language = config_get_nonempty (config, default_key);
  gboolean every_dir = keys->len > 0;

  self->default_language = g_ascii_strdown (default_language != NULL ? default_language : "en", -1);
  g_strstrip (self->default_language);
  self->default_in_subdir = in_subdir_key != NULL && parse_bool (config_get (config, in_subdir_key));

  for (guint i = 0; i < keys->len; i++)
    {
      const char *key = g_ptr_array_index (keys, i);
      g_autofree char *prefix = g_strconcat ("languages.", key, ".", NULL);
      g_autofree char *dir_key = g_strconcat (prefix, "contentDir", NULL);
      g_autofree char *weight_key = g_strconcat (prefix, "weight", NULL);
      g_autofree char *disabled_key = g_strconcat (prefix, "disabled", NULL);
      const char *dir = config_get_nonempty (config, dir_key);
      const char *weight = config_get_nonempty (config, weight_key);
      g_autofree char *code_key = g_strconcat (prefix, "languageCode", NULL);
      g_autofree char *title_key = g_strconcat (prefix, "title", NULL);
      Language *language;

      /* A key that is no language tag ("fr", "pt-br", "zh-hans") is not
       * one Billet can put in a path or a page. */
      if (strspn (key, "abcdefghijklmnopqrstuvwxyz0123456789-_") != strlen (key) ||
          parse_bool (config_get (config, disabled_key)))
        continue;
      language = g_new0 (Language, 1);
      language->key = g_strdup (key);
      language->weight = weight != NULL ? g_ascii_strtoll (weight, NULL, 10) : 0;
      language->code = g_strdup (config_get_nonempty (config, code_key));
      language->title = g_strdup (config_get_nonempty (config, title_key));
      if (language->code != NULL)
        g_strstrip (language->code);
      if (dir != NULL)
        language->content_dir = dir_inside (self->root, dir);
      if (language->content_dir == NULL)
        every_dir = FALSE;
      g_ptr_array_add (languages, language);
    }
  g_ptr_array_sort (languages, compare_languages);

  self->languages = g_new0 (char *, languages->len + 1);
  self->language_dirs = g_new0 (char *, languages->len + 1);
  self->language_codes = g_new0 (char *, languages->len + 1);
  self->language_titles = g_new0 (char *, languages->len + 1);
  /* The default language first */
  for (guint pass = 0, n = 0; pass < 2; pass++)
    for (guint i = 0; i < languages->len; i++)
      {
        Language *language = g_ptr_array_index (languages, i);

        if ((pass == 0) != g_str_equal (language->key, self->default_language))
          continue;
        self->languages[n] = g_strdup (language->key);
        self->language_dirs[n] = g_strdup (language->content_dir);
        self->language_codes[n] = g_strdup (language->code);
        self->language_titles[n] = g_strdup (language->title);
        n++;
      }
  self->n_languages = languages->len;
  return every_dir;
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

/* Zola's settings that change the HTML, with Zola's defaults (all off):
 * [markdown] smart_punctuation, the external_links_* that change links
 * to other sites, and [slugify] anchors. */
static BilletMarkdownFlags
read_zola_markdown (Config *config)
{
  BilletMarkdownFlags flags = BILLET_MARKDOWN_DEFAULT;
  const char *anchors = config_get (config, "slugify.anchors");

  if (parse_bool (config_get (config, "markdown.smart_punctuation")))
    flags |= BILLET_MARKDOWN_TYPOGRAPHER;
  if (parse_bool (config_get (config, "markdown.external_links_target_blank")))
    flags |= BILLET_MARKDOWN_EXTERNAL_BLANK;
  if (parse_bool (config_get (config, "markdown.external_links_no_follow")))
    flags |= BILLET_MARKDOWN_EXTERNAL_NOFOLLOW;
  if (parse_bool (config_get (config, "markdown.external_links_no_referrer")))
    flags |= BILLET_MARKDOWN_EXTERNAL_NOREFERRER;
  /* Heading ids: slugified ("on", the default), else the text as written */
  if (anchors != NULL && (g_str_equal (anchors, "safe") || g_str_equal (anchors, "off")))
    flags |= BILLET_MARKDOWN_IDS_AS_WRITTEN;
  return flags;
}

/**
 * billet_site_new_for_path:
 * @path: a folder or a post
 * @error: set when @path does not exist
 *
 * billet_site_new_for_environment() in Hugo's "development" environment,
 * the one `hugo server` uses: the editor's.
 *
 * Returns: (transfer full) (nullable): the site
 */
BilletSite *
billet_site_new_for_path (const char  *path,
                          GError     **error)
{
  return billet_site_new_for_environment (path, NULL, error);
}

/**
 * billet_site_is_environment_name:
 * @name: what the author gave as an environment
 *
 * Returns: whether @name can name a folder of Hugo's configuration
 *   folder as an environment: letters, digits, “-” and “_”, not starting
 *   with “_” (config/_default is not an environment)
 */
gboolean
billet_site_is_environment_name (const char *name)
{
  g_return_val_if_fail (name != NULL, FALSE);

  return name[0] != '\0' && name[0] != '_' && name[0] != '-' &&
         strspn (name, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_") == strlen (name);
}

/**
 * billet_site_new_for_environment:
 * @path: a folder or a post
 * @environment: (nullable): Hugo's environment ("production",
 *   "staging"), as `hugo --environment` takes it; %NULL for
 *   "development", `hugo server`'s
 * @error: set when @path does not exist
 *
 * Finds the site @path belongs to: the nearest folder at or above it that
 * holds a Hugo, Zola, Jekyll or Astro configuration. Without one, @path (or the
 * post's folder) is a plain folder of posts, whose content folders are
 * those of the usual names it holds (`content/`, `_posts/`, `_drafts/`,
 * `src/content/`), or itself. A Hugo site's configuration is its root
 * file, then config/_default/, then the environment's folder
 * (config/production/), each over the one before, as Hugo merges them.
 *
 * Returns: (transfer full) (nullable): the site
 */
BilletSite *
billet_site_new_for_environment (const char  *path,
                                 const char  *environment,
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
  self->environment = g_strdup (environment != NULL && billet_site_is_environment_name (environment)
                                ? environment : "development");
  self->collections = g_ptr_array_new_with_free_func ((GDestroyNotify) collection_free);

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

  config_init (&config, self->kind == BILLET_SITE_HUGO);
  if (self->config_path != NULL && !is_dir (self->config_path) &&
      !g_str_has_prefix (self->config_path + strlen (self->root), "/config/"))
    config_add (&config, self->config_path, "");
  if (self->kind == BILLET_SITE_HUGO)
    {
      config_add_hugo_dir (&config, self->root, "_default");
      config_add_hugo_dir (&config, self->root, self->environment);
    }

  switch (self->kind)
    {
    case BILLET_SITE_HUGO:
      {
        const char *content = config_get_nonempty (&config, "contentDir");
        const char *static_dir = config_get_nonempty (&config, "staticDir");
        gboolean every_language_has_dir;

        self->static_dir = dir_inside (self->root, static_dir != NULL ? static_dir : "static");
        self->unsafe = parse_bool (config_get (&config, "markup.goldmark.renderer.unsafe"));
        self->goldmark = read_goldmark (&config);
        self->language = g_strdup (config_get_nonempty (&config, "languageCode"));
        if (self->language == NULL)
          self->language = g_strdup (config_get_nonempty (&config, "defaultContentLanguage"));
        every_language_has_dir = read_languages (self, &config, "defaultContentLanguage",
                                                 "defaultContentLanguageInSubdir");
        /* The site's contentDir holds the languages that name none. */
        if (!every_language_has_dir)
          add_content_dir (dirs, self->root, content != NULL ? content : "content");
        for (guint i = 0; i < self->n_languages; i++)
          if (self->language_dirs[i] != NULL &&
              !g_ptr_array_find_with_equal_func (dirs, self->language_dirs[i], g_str_equal, NULL))
            g_ptr_array_add (dirs, g_strdup (self->language_dirs[i]));
      }
      break;

    case BILLET_SITE_ZOLA:
      add_content_dir (dirs, self->root, "content");
      self->static_dir = dir_inside (self->root, "static");
      /* Zola's Markdown (pulldown-cmark) keeps raw HTML. */
      self->unsafe = TRUE;
      self->goldmark = read_zola_markdown (&config);
      self->language = g_strdup (config_get_nonempty (&config, "default_language"));
      read_languages (self, &config, "default_language", NULL);
      break;

    case BILLET_SITE_JEKYLL:
      {
        const char *collections_dir = config_get_nonempty (&config, "collections_dir");
        g_autofree char *base = g_strdup (collections_dir != NULL ? collections_dir : ".");
        g_autoptr(GPtrArray) collections = config_dup_keys (&config, "collections");
        const BilletNode *list = config_lookup (&config, "collections");

        /* Jekyll looks for _posts and _drafts, and each collection's
         * _NAME, in collections_dir. */
        const char *site_permalink = config_get_nonempty (&config, "permalink");

        g_strstrip (base);
        add_jekyll_dir (self, dirs, base, "posts", "posts", NULL);
        add_jekyll_dir (self, dirs, base, "drafts", "posts", NULL);
        /* collections: as a list of names rather than a map */
        if (list != NULL && billet_node_get_kind (list) == BILLET_NODE_LIST)
          {
            g_auto(GStrv) names = billet_node_dup_strv (list);

            for (guint i = 0; names != NULL && names[i] != NULL; i++)
              g_ptr_array_add (collections, g_strdup (names[i]));
          }
        for (guint i = 0; i < collections->len; i++)
          {
            const char *name = g_ptr_array_index (collections, i);

            g_autofree char *permalink_key = g_strconcat ("collections.", name, ".permalink", NULL);
            const char *permalink = config_get_nonempty (&config, permalink_key);

            /* A collection's documents go to /:collection/:path:output_ext
             * unless it says otherwise; `permalink: pretty` for the whole
             * site makes that /:collection/:path/. */
            if (permalink == NULL && site_permalink != NULL && g_str_equal (site_permalink, "pretty"))
              permalink = "/:collection/:path/";
            if (!g_str_equal (name, "posts") && !g_str_equal (name, "drafts"))
              add_jekyll_dir (self, dirs, base, name, name, permalink);
          }
        self->static_dir = g_strdup (self->root);
        /* kramdown keeps raw HTML: so does the export of a Jekyll site. */
        self->unsafe = TRUE;
        self->language = g_strdup (config_get_nonempty (&config, "lang"));
      }
      break;

    case BILLET_SITE_ASTRO:
      add_content_dir (dirs, self->root, "src/content");
      add_astro_loader_dirs (self, dirs);
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
  if (self->languages == NULL)
    {
      self->languages = g_new0 (char *, 1);
      self->language_dirs = g_new0 (char *, 1);
      self->language_codes = g_new0 (char *, 1);
      self->language_titles = g_new0 (char *, 1);
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
  g_strfreev (self->languages);
  /* language_dirs has NULL holes */
  for (guint i = 0; i < self->n_languages; i++)
    {
      g_free (self->language_dirs[i]);
      g_free (self->language_codes[i]);
      g_free (self->language_titles[i]);
    }
  g_free (self->language_dirs);
  g_free (self->language_codes);
  g_free (self->language_titles);
  g_free (self->environment);
  g_ptr_array_unref (self->collections);
  g_free (self->default_language);
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
  else if (self->kind == BILLET_SITE_ZOLA)
    flags |= BILLET_MARKDOWN_ZOLA_IDS;
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
 * billet_site_get_dir_collection:
 * @real_dir: a canonical content folder of the site
 * @permalink: (out) (optional) (nullable): the collection's `permalink`
 *   (or "/:collection/:path/" for a site whose permalinks are "pretty"),
 *   %NULL for Jekyll's default, /:collection/:path:output_ext
 *
 * Returns: (nullable): the Jekyll collection whose folder @real_dir is
 *   ("posts" for _posts and _drafts, "recipes" for _recipes), or %NULL
 */
const char *
billet_site_get_dir_collection (BilletSite  *self,
                                const char  *real_dir,
                                const char **permalink)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (real_dir != NULL, NULL);

  for (guint i = 0; i < self->collections->len; i++)
    {
      Collection *collection = g_ptr_array_index (self->collections, i);

      if (g_str_equal (collection->dir, real_dir))
        {
          if (permalink != NULL)
            *permalink = collection->permalink;
          return collection->name;
        }
    }
  if (permalink != NULL)
    *permalink = NULL;
  return NULL;
}

/**
 * billet_site_get_environment:
 *
 * Returns: the environment whose configuration folder was read over
 *   config/_default/ ("development" unless asked otherwise)
 */
const char *
billet_site_get_environment (BilletSite *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->environment;
}

static int
language_index (BilletSite *self,
                const char *lang)
{
  for (guint i = 0; lang != NULL && i < self->n_languages; i++)
    if (g_ascii_strcasecmp (self->languages[i], lang) == 0)
      return (int) i;
  return -1;
}

/**
 * billet_site_get_language_code:
 * @lang: (nullable): a language key of the site ("fr"), or %NULL for the
 *   site's default
 *
 * What a page in @lang says its language is (`<html lang>`): the
 * language's own `languageCode` ("fr-FR"); for the default language, the
 * site's `languageCode`; else @lang itself. (Hugo falls back on the
 * site's languageCode for every language; it names the default's, and a
 * French page labelled "en-US" would be read and spoken as English.)
 *
 * Returns: (nullable): the language tag, or %NULL when neither the site
 *   nor @lang says one
 */
const char *
billet_site_get_language_code (BilletSite *self,
                               const char *lang)
{
  int i;

  g_return_val_if_fail (self != NULL, NULL);

  if (lang == NULL)
    lang = billet_site_get_default_language (self);
  i = language_index (self, lang);
  if (i >= 0 && self->language_codes[i] != NULL)
    return self->language_codes[i];
  if (lang == NULL || self->n_languages == 0 ||
      (self->default_language != NULL && g_ascii_strcasecmp (lang, self->default_language) == 0))
    return self->language != NULL ? self->language : lang;
  return lang;
}

/**
 * billet_site_get_language_title:
 * @lang: (nullable): a language key of the site, or %NULL
 *
 * Returns: (nullable): the site's title in @lang: the language's own
 *   `title`, else the site's (billet_site_get_title())
 */
const char *
billet_site_get_language_title (BilletSite *self,
                                const char *lang)
{
  int i;

  g_return_val_if_fail (self != NULL, NULL);

  if (lang == NULL)
    lang = billet_site_get_default_language (self);
  i = language_index (self, lang);
  if (i >= 0 && self->language_titles[i] != NULL)
    return self->language_titles[i];
  return self->title;
}

/**
 * billet_site_get_languages:
 *
 * Returns: (array zero-terminated=1): the keys of a multilingual Hugo or
 *   Zola site's languages ("en", "fr"), the default first, then in the
 *   site's order; empty for a site in one language
 */
const char * const *
billet_site_get_languages (BilletSite *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return (const char * const *) self->languages;
}

/**
 * billet_site_get_default_language:
 *
 * Returns: (nullable): the language of a post that says nothing of its
 *   own: a multilingual site's default language (Hugo's
 *   `defaultContentLanguage`, Zola's `default_language`, else "en"),
 *   otherwise the site's language (billet_site_get_language())
 */
const char *
billet_site_get_default_language (BilletSite *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->n_languages > 0 ? self->default_language : self->language;
}

/**
 * billet_site_find_language:
 * @text: a language key, not necessarily nul-terminated
 * @len: its length in bytes
 *
 * Returns: (nullable): the site's language of that key (as
 *   billet_site_get_languages() holds it), or %NULL when it has none such
 */
const char *
billet_site_find_language (BilletSite *self,
                           const char *text,
                           gsize       len)
{
  g_return_val_if_fail (self != NULL, NULL);

  for (guint i = 0; i < self->n_languages; i++)
    if (strlen (self->languages[i]) == len && g_ascii_strncasecmp (self->languages[i], text, len) == 0)
      return self->languages[i];
  return NULL;
}

/**
 * billet_site_get_dir_language:
 * @real_dir: a canonical folder
 *
 * Returns: (nullable): the language whose own content folder @real_dir
 *   is (Hugo's `languages.fr.contentDir`), or %NULL
 */
const char *
billet_site_get_dir_language (BilletSite *self,
                              const char *real_dir)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (real_dir != NULL, NULL);

  for (guint i = 0; i < self->n_languages; i++)
    if (self->language_dirs[i] != NULL && g_str_equal (self->language_dirs[i], real_dir))
      return self->languages[i];
  return NULL;
}

/**
 * billet_site_get_language_subdir:
 * @lang: (nullable): a language key
 *
 * Returns: (nullable): the folder of the site's pages in @lang ("fr"), or
 *   %NULL for the default language's pages, at the top unless the site
 *   says otherwise (Hugo's `defaultContentLanguageInSubdir`), and for a
 *   language the site does not have
 */
const char *
billet_site_get_language_subdir (BilletSite *self,
                                 const char *lang)
{
  const char *key;

  g_return_val_if_fail (self != NULL, NULL);

  if (lang == NULL || (key = billet_site_find_language (self, lang, strlen (lang))) == NULL)
    return NULL;
  if (g_str_equal (key, self->default_language) && !self->default_in_subdir)
    return NULL;
  return key;
}

/**
 * billet_site_get_path_language:
 * @path: a post of the site
 *
 * Returns: (nullable): the language a multilingual site gives the post
 *   by its place: its language's content folder, else its name
 *   (post.fr.md); %NULL when neither says (its front matter may)
 */
const char *
billet_site_get_path_language (BilletSite *self,
                               const char *path)
{
  g_autofree char *name = NULL;
  const char *ext;
  const char *dot;
  char real[PATH_MAX];
  gsize best = 0;
  const char *found = NULL;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (path != NULL, NULL);

  if (self->n_languages == 0 || realpath (path, real) == NULL)
    return NULL;
  for (guint i = 0; i < self->n_languages; i++)
    {
      const char *dir = self->language_dirs[i];
      gsize len = dir != NULL ? strlen (dir) : 0;

      if (dir != NULL && len > best && strncmp (real, dir, len) == 0 && real[len] == '/')
        {
          best = len;
          found = self->languages[i];
        }
    }
  if (found != NULL)
    return found;

  name = g_path_get_basename (real);
  ext = strrchr (name, '.');
  if (ext == NULL || ext == name)
    return NULL;
  for (dot = ext - 1; dot > name && *dot != '.'; dot--)
    ;
  if (*dot != '.' || dot == name)
    return NULL;
  return billet_site_find_language (self, dot + 1, ext - dot - 1);
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
    case BILLET_SITE_ZOLA: return "zola";
    case BILLET_SITE_PLAIN:
    default: return "plain";
    }
}
