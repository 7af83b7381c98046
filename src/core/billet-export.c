/* billet-export.c — a whole site to a folder of HTML pages
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Layout: the output mirrors the content folder. A post at
 * content/posts/a.md becomes OUTDIR/posts/a.html; a page bundle
 * content/posts/b/index.md becomes OUTDIR/posts/b/index.html with the
 * bundle's other files beside it; a section's _index.md becomes its
 * folder's index.html. Paths are taken relative to the post's content
 * folder (Jekyll's _posts and _drafts both map to the top). Mirroring
 * rather than Hugo's pretty URLs (posts/a/index.html) keeps every relative
 * URL of a post valid from its page as it is, and spares a folder per page:
 * on the 10,000-post site, creating those folders cost more system time
 * than everything else the export does. The content folder's own _index.md
 * or index.md is not a page of its own: its title and body head the
 * site's index.html.
 *
 * Images a post uses through a relative URL are copied to where that URL
 * points from the page (the same place relative to the page as to the
 * post), and those it uses through "/…" from the site's static folder to
 * OUTDIR/…; only files inside the site, never to outside OUTDIR.
 *
 * The walk lists the files first, so clashing output paths are known before
 * anything is written. Then a GThreadPool as wide as the machine reads,
 * summarises, renders and writes each post; only the summaries stay in
 * memory. Every file is written to a temporary name and renamed, without
 * fsync: an export can always be made again. Once all pages are written,
 * the index and one page per tag are made from the sorted summaries, and
 * problems are reported in path order: two exports of the same site give
 * the same bytes.
 */

#define G_LOG_DOMAIN "Billet"
/* O_TMPFILE and linkat() */
#define _GNU_SOURCE

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "billet-export.h"
#include "billet-file.h"
#include "billet-page-text.h"
#include "billet-render.h"

#define FILES_PER_TASK 8

typedef struct
{
  char  *path;
  guint  line;
  guint  column;
  char  *message;
  gboolean is_error;
} Problem;

typedef struct
{
  BilletPostSummary *summary;   /* NULL when unreadable or not exported */
  const char        *subdir;    /* its language's folder ("fr"), or NULL */
  gboolean           exported;
  gboolean           home;
} Result;

/* The head of a language's index: its content folder's own page. */
typedef struct
{
  char *title;
  char *html;
} Home;

static void
home_free (Home *home)
{
  g_free (home->title);
  g_free (home->html);
  g_free (home);
}

typedef struct
{
  BilletIndex               *index;
  BilletSite                *site;
  const BilletExportOptions *options;
  char                      *outdir;      /* canonical */
  GPtrArray                 *files;       /* BilletIndexFile */
  Result                    *results;     /* one per file */
  gboolean                  *skip;        /* clashing output paths */
  BilletRenderOptions        render;

  GMutex                     lock;
  GPtrArray                 *problems;
  GHashTable                *copied;      /* targets already copied */
  GHashTable                *homes;       /* subdir ("" for the top) → Home */
  guint                      pages;
  guint                      left_out;
  guint                      invalid;
  guint                      n_copied;
  GError                    *error;       /* the first write failure */
} Export;

static void
problem_free (Problem *problem)
{
  g_free (problem->path);
  g_free (problem->message);
  g_free (problem);
}

static void
add_problem (Export     *export,
             const char *path,
             guint       line,
             guint       column,
             const char *message,
             gboolean    is_error)
{
  Problem *problem = g_new0 (Problem, 1);

  problem->path = g_strdup (path);
  problem->line = line;
  problem->column = column;
  problem->message = g_strdup (message);
  problem->is_error = is_error;
  g_mutex_lock (&export->lock);
  g_ptr_array_add (export->problems, problem);
  g_mutex_unlock (&export->lock);
}

static int
compare_problems (gconstpointer a,
                  gconstpointer b)
{
  const Problem *pa = *(Problem * const *) a;
  const Problem *pb = *(Problem * const *) b;
  int c = strcmp (pa->path, pb->path);

  if (c != 0)
    return c;
  if (pa->line != pb->line)
    return pa->line < pb->line ? -1 : 1;
  return strcmp (pa->message, pb->message);
}

static void
set_error (Export *export,
           GError *error)
{
  g_mutex_lock (&export->lock);
  if (export->error == NULL)
    export->error = error;
  else
    g_error_free (error);
  g_mutex_unlock (&export->lock);
}

/* Files */

static gboolean
make_parent (const char  *path,
             GError     **error)
{
  g_autofree char *dir = g_path_get_dirname (path);

  /* Usually the parent is there, or only its last folder is missing (one
   * folder per page): one mkdir() then, not a stat() per component. */
  if (g_mkdir (dir, 0755) == 0 || errno == EEXIST)
    return TRUE;
  if (g_mkdir_with_parents (dir, 0755) != 0)
    {
      int saved = errno;
      g_autofree char *shown = billet_file_display_name (dir);

      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved),
                   _("Cannot create the folder “%s”: %s"), shown, g_strerror (saved));
      return FALSE;
    }
  return TRUE;
}

static gboolean
write_all (int          fd,
           const char  *data,
           gsize        len)
{
  while (len > 0)
    {
      gssize n = write (fd, data, len);

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        return FALSE;
      data += n;
      len -= (gsize) n;
    }
  return TRUE;
}

/* A temporary file beside @path, made readable as a page must be. */
static int
open_temporary (const char  *path,
                char       **tmp,
                GError     **error)
{
  int fd;

  if (!make_parent (path, error))
    return -1;
  *tmp = g_strconcat (path, ".XXXXXX", NULL);
  fd = g_mkstemp_full (*tmp, O_WRONLY | O_CLOEXEC, 0644);
  if (fd < 0)
    {
      int saved = errno;
      g_autofree char *shown = billet_file_display_name (path);

      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved),
                   _("Cannot write “%s”: %s"), shown, g_strerror (saved));
      g_clear_pointer (tmp, g_free);
      return -1;
    }
  /* mkstemp() makes it 0600 whatever the mode: pages are public. */
  fchmod (fd, 0644 & ~0022);
  return fd;
}

static gboolean
finish_temporary (int          fd,
                  char        *tmp,
                  const char  *path,
                  gboolean     ok,
                  GError     **error)
{
  int saved = ok ? 0 : errno;

  if (close (fd) != 0 && ok)
    {
      ok = FALSE;
      saved = errno;
    }
  if (ok && g_rename (tmp, path) != 0)
    {
      ok = FALSE;
      saved = errno;
    }
  if (!ok)
    {
      g_autofree char *shown = billet_file_display_name (path);

      g_unlink (tmp);
      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved),
                   _("Cannot write “%s”: %s"), shown, g_strerror (saved));
    }
  g_free (tmp);
  return ok;
}

/* A page that does not exist yet is written as an unnamed file in its
 * folder (O_TMPFILE), then given its name by linkat(), which fails if the
 * name appeared meanwhile: as atomic as a temporary and a rename, with one
 * change to the folder instead of two — on a fresh export of a large site,
 * folder updates are most of the system time. Otherwise, or where the file
 * system has no O_TMPFILE, a named temporary and a rename. */
static gboolean
write_new_file (const char *path,
                const char *data,
                gsize       len)
{
#ifdef O_TMPFILE
  g_autofree char *dir = g_path_get_dirname (path);
  char proc[64];
  gboolean ok;
  int fd;

  fd = g_open (dir, O_TMPFILE | O_WRONLY | O_CLOEXEC, 0644);
  if (fd < 0 && errno == ENOENT && make_parent (path, NULL))
    fd = g_open (dir, O_TMPFILE | O_WRONLY | O_CLOEXEC, 0644);
  if (fd < 0)
    return FALSE;
  g_snprintf (proc, sizeof proc, "/proc/self/fd/%d", fd);
  ok = write_all (fd, data, len) &&
       linkat (AT_FDCWD, proc, AT_FDCWD, path, AT_SYMLINK_FOLLOW) == 0;
  close (fd);
  return ok;
#else
  return FALSE;
#endif
}

static gboolean
write_file (const char  *path,
            const char  *data,
            gsize        len,
            GError     **error)
{
  char *tmp = NULL;
  int fd;

  if (write_new_file (path, data, len))
    return TRUE;
  fd = open_temporary (path, &tmp, error);
  if (fd < 0)
    return FALSE;
  return finish_temporary (fd, tmp, path, write_all (fd, data, len), error);
}

static gboolean
copy_file (const char  *source,
           const char  *target,
           GError     **error)
{
  char buffer[64 * 1024];
  char *tmp = NULL;
  gboolean ok = TRUE;
  int in, out;

  in = g_open (source, O_RDONLY | O_CLOEXEC, 0);
  if (in < 0)
    {
      int saved = errno;
      g_autofree char *shown = billet_file_display_name (source);

      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved),
                   _("Cannot read “%s”: %s"), shown, g_strerror (saved));
      return FALSE;
    }
  out = open_temporary (target, &tmp, error);
  if (out < 0)
    {
      close (in);
      return FALSE;
    }
  for (;;)
    {
      gssize n = read (in, buffer, sizeof buffer);

      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        {
          ok = FALSE;
          break;
        }
      if (n == 0)
        break;
      if (!write_all (out, buffer, (gsize) n))
        {
          ok = FALSE;
          break;
        }
    }
  close (in);
  return finish_temporary (out, tmp, target, ok, error);
}

/* Copies @source (any path) to @target (canonical, inside OUTDIR) once per
 * export, if @source is a regular file inside the site. */
static void
copy_resource (Export     *export,
               const char *source,
               const char *target)
{
  char real[PATH_MAX];
  GError *error = NULL;
  gboolean fresh;

  if (realpath (source, real) == NULL || !billet_site_is_inside (export->site, real) ||
      !g_file_test (real, G_FILE_TEST_IS_REGULAR))
    return;
  /* Never copy a file onto itself (OUTDIR inside the site). */
  if (g_str_equal (real, target))
    return;

  g_mutex_lock (&export->lock);
  fresh = g_hash_table_add (export->copied, g_strdup (target));
  g_mutex_unlock (&export->lock);
  if (!fresh)
    return;

  if (copy_file (real, target, &error))
    {
      g_mutex_lock (&export->lock);
      export->n_copied++;
      g_mutex_unlock (&export->lock);
    }
  else
    set_error (export, error);
}

/* @url resolved against @base_dir (canonical), or NULL when it leaves it. */
static char *
resolve_inside (const char *base_dir,
                const char *root,
                const char *url)
{
  g_autofree char *joined = g_build_filename (base_dir, url, NULL);
  char *canonical = g_canonicalize_filename (joined, NULL);
  gsize len = strlen (root);

  if (strncmp (canonical, root, len) == 0 && canonical[len] == '/')
    return canonical;
  g_free (canonical);
  return NULL;
}

/* The attribute's value, with the entities cmark writes decoded. */
static char *
unescape_attribute (const char *text,
                    gsize       len)
{
  static const struct { const char *entity; char c; } entities[] = {
    { "&amp;", '&' }, { "&quot;", '"' }, { "&#39;", '\'' }, { "&lt;", '<' }, { "&gt;", '>' },
  };
  GString *out = g_string_sized_new (len);

  for (gsize i = 0; i < len; i++)
    {
      gboolean done = FALSE;

      if (text[i] == '&')
        for (guint e = 0; e < G_N_ELEMENTS (entities) && !done; e++)
          {
            gsize n = strlen (entities[e].entity);

            if (i + n <= len && memcmp (text + i, entities[e].entity, n) == 0)
              {
                g_string_append_c (out, entities[e].c);
                i += n - 1;
                done = TRUE;
              }
          }
      if (!done)
        g_string_append_c (out, text[i]);
    }
  return g_string_free (out, FALSE);
}

static gboolean
has_scheme (const char *url)
{
  const char *p = url;

  if (!g_ascii_isalpha (*p))
    return FALSE;
  while (g_ascii_isalnum (*p) || *p == '+' || *p == '-' || *p == '.')
    p++;
  return *p == ':';
}

/* Copies the images of a page: <img src="…"> with a local URL. */
static void
copy_images (Export                *export,
             const BilletIndexFile *file,
             const char            *page_path,
             const char            *html)
{
  g_autofree char *post_dir = NULL;
  g_autofree char *page_dir = g_path_get_dirname (page_path);
  const char *static_dir = billet_site_get_static_dir (export->site);
  const char *p = html;

  {
    g_autofree char *rel_dir = g_path_get_dirname (file->path);

    post_dir = g_build_filename (billet_index_get_folder (export->index), rel_dir, NULL);
  }

  while ((p = strstr (p, "<img")) != NULL)
    {
      const char *end = strchr (p, '>');
      const char *src;
      g_autofree char *raw = NULL;
      g_autofree char *url = NULL;
      g_autofree char *target = NULL;
      char quote;
      const char *stop;

      if (end == NULL)
        break;
      src = g_strstr_len (p, end - p, " src=");
      p = end;
      if (src == NULL)
        continue;
      src += strlen (" src=");
      quote = *src;
      if (quote != '"' && quote != '\'')
        continue;
      stop = memchr (src + 1, quote, end - (src + 1));
      if (stop == NULL)
        continue;

      raw = unescape_attribute (src + 1, stop - (src + 1));
      raw[strcspn (raw, "?#")] = '\0';
      if (*raw == '\0' || g_str_has_prefix (raw, "//") || has_scheme (raw))
        continue;
      url = g_uri_unescape_string (raw, NULL);
      if (url == NULL || *url == '\0' || strstr (url, "\\") != NULL)
        continue;

      if (url[0] == '/')
        {
          g_autofree char *source = NULL;

          if (static_dir == NULL)
            continue;
          target = resolve_inside (export->outdir, export->outdir, url + 1);
          source = g_build_filename (static_dir, url + 1, NULL);
          if (target != NULL)
            copy_resource (export, source, target);
        }
      else
        {
          g_autofree char *source = g_build_filename (post_dir, url, NULL);

          target = resolve_inside (page_dir, export->outdir, url);
          if (target != NULL)
            copy_resource (export, source, target);
        }
    }
}

static gboolean
holds_page (const char *dir)
{
  static const char * const names[] = { "index.md", "_index.md", "index.markdown", "_index.markdown", NULL };

  for (guint i = 0; names[i] != NULL; i++)
    {
      g_autofree char *path = g_build_filename (dir, names[i], NULL);

      if (g_file_test (path, G_FILE_TEST_EXISTS))
        return TRUE;
    }
  return FALSE;
}

/* A bundle's resources: its files other than Markdown, in its subfolders
 * too for a leaf bundle (index.md), except folders that are bundles of
 * their own. */
static void
copy_bundle (Export     *export,
             const char *source_dir,
             const char *target_dir,
             gboolean    recursive,
             guint       depth)
{
  GDir *dir = g_dir_open (source_dir, 0, NULL);
  const char *name;

  if (dir == NULL || depth > 16)
    {
      g_clear_pointer (&dir, g_dir_close);
      return;
    }
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *source = NULL;
      g_autofree char *target = NULL;
      GStatBuf st;

      if (name[0] == '.' || billet_index_is_post_name (name))
        continue;
      source = g_build_filename (source_dir, name, NULL);
      target = g_build_filename (target_dir, name, NULL);
      if (g_lstat (source, &st) != 0 || S_ISLNK (st.st_mode))
        continue;
      if (S_ISREG (st.st_mode))
        copy_resource (export, source, target);
      else if (S_ISDIR (st.st_mode) && recursive && !holds_page (source))
        copy_bundle (export, source, target, TRUE, depth + 1);
    }
  g_dir_close (dir);
}

/* A post page's links back to the site: "../" once per folder between the
 * page and OUTDIR, and the slugs of the tags that get a page. */
typedef struct
{
  char  *up;     /* back to OUTDIR, then into the language's folder */
  char **slugs;
} SiteLinks;

static char *
tag_href (const char *tag,
          gpointer    user_data)
{
  SiteLinks *links = user_data;
  g_autofree char *slug = billet_export_tag_slug (tag);

  /* The header shows the tags as written; the pages are made from the
   * index's reading of them (stripped, split at spaces on a Jekyll site),
   * so link only those that match one. */
  if (links->slugs == NULL || !g_strv_contains ((const char * const *) links->slugs, slug))
    return NULL;
  return g_strconcat (links->up, "tags/", slug, "/index.html", NULL);
}

static void
site_links_init (SiteLinks               *links,
                 const BilletPostSummary *summary,
                 const char              *subdir)
{
  GString *up = g_string_new (NULL);
  guint n = g_strv_length (summary->tags);

  for (const char *p = summary->output_path; *p != '\0'; p++)
    if (*p == '/')
      g_string_append (up, "../");
  if (subdir != NULL)
    g_string_append_printf (up, "%s/", subdir);
  links->up = g_string_free (up, FALSE);

  /* A section's page is not listed, so its tags have a page only if some
   * post shares them: which is not known yet. */
  links->slugs = NULL;
  if (summary->section)
    return;
  links->slugs = g_new0 (char *, n + 1);
  for (guint t = 0; t < n; t++)
    links->slugs[t] = billet_export_tag_slug (summary->tags[t]);
}

static void
site_links_clear (SiteLinks *links)
{
  g_free (links->up);
  g_strfreev (links->slugs);
}

static void
export_file (Export *export,
             guint   i)
{
  const BilletIndexFile *file = g_ptr_array_index (export->files, i);
  Result *result = &export->results[i];
  g_autoptr(BilletPost) post = NULL;
  g_autofree char *target = NULL;
  g_autofree char *html = NULL;
  BilletIndexNote *note = NULL;
  BilletPostSummary *summary;
  GError *error = NULL;
  gsize len = 0;

  summary = billet_index_summarize (export->index, file, &post, &note);
  if (summary == NULL)
    {
      add_problem (export, note->path, 0, 0, note->message, FALSE);
      billet_index_note_free (note);
      return;
    }
  result->summary = summary;
  result->subdir = billet_site_get_language_subdir (export->site, file->lang);

  /* A date warning is no reason to leave a post out: it has a date. */
  if (summary->warning != BILLET_POST_WARNING_NONE && summary->warning != BILLET_POST_WARNING_DATE)
    {
      add_problem (export, summary->path, summary->warning_line, summary->warning_column,
                   summary->warning_message, TRUE);
      g_mutex_lock (&export->lock);
      export->invalid++;
      g_mutex_unlock (&export->lock);
      return;
    }
  if (!export->options->drafts && (summary->draft || summary->scheduled))
    {
      g_mutex_lock (&export->lock);
      export->left_out++;
      g_mutex_unlock (&export->lock);
      return;
    }

  /* The content folder's own page heads the index (of its language). */
  if (g_str_equal (summary->output_path + (result->subdir != NULL ? strlen (result->subdir) + 1 : 0),
                   "index.html"))
    {
      BilletRenderOptions options = export->render;
      g_autoptr(BilletRenderParts) parts = NULL;
      Home *home = g_new0 (Home, 1);

      if (summary->lang != NULL)
        options.fallback_lang = billet_site_get_language_code (export->site, summary->lang);
      options.markdown_flags |= billet_index_get_markdown_flags_for (file->path);
      parts = billet_render_parts (post, &options);
      home->title = g_strdup (summary->title);
      home->html = g_steal_pointer (&parts->body_html);
      result->home = TRUE;
      g_mutex_lock (&export->lock);
      g_hash_table_replace (export->homes, g_strdup (result->subdir != NULL ? result->subdir : ""), home);
      g_mutex_unlock (&export->lock);
      return;
    }

  target = g_build_filename (export->outdir, summary->output_path, NULL);
  {
    BilletRenderOptions options = export->render;
    g_autofree char *home = NULL;
    SiteLinks links;

    site_links_init (&links, summary, result->subdir);
    home = g_strconcat (links.up, "index.html", NULL);
    options.home_href = home;
    /* The page speaks the post's language, as the site names it ("fr-FR") */
    if (summary->lang != NULL)
      options.fallback_lang = billet_site_get_language_code (export->site, summary->lang);
    options.markdown_flags |= billet_index_get_markdown_flags_for (file->path);
    options.tag_href = tag_href;
    options.tag_href_data = &links;
    html = billet_render_page (post, &options, &len);
    site_links_clear (&links);
  }
  g_clear_pointer (&post, billet_post_unref);
  if (!write_file (target, html, len, &error))
    {
      set_error (export, error);
      return;
    }
  result->exported = TRUE;
  g_mutex_lock (&export->lock);
  export->pages++;
  g_mutex_unlock (&export->lock);

  if (summary->bundle || summary->section)
    {
      g_autofree char *source_dir = g_path_get_dirname (file->real_path);
      g_autofree char *target_dir = g_path_get_dirname (target);

      copy_bundle (export, source_dir, target_dir, summary->bundle, 0);
    }
  copy_images (export, file, target, html);
}

static void
export_task (gpointer data,
             gpointer user_data)
{
  Export *export = user_data;
  guint start = GPOINTER_TO_UINT (data) - 1;
  guint end = MIN (start + FILES_PER_TASK, export->files->len);

  for (guint i = start; i < end; i++)
    if (!export->skip[i])
      export_file (export, i);
}

/* Tags */

/**
 * billet_export_tag_slug:
 * @tag: a tag as written
 *
 * Returns: (transfer full): the tag's folder name: lower-case ASCII letters
 *   and digits, accents folded, other runs as one "-" ("Développement
 *   web" → "developpement-web"); "tag-" and a short hash when nothing is left
 */
char *
billet_export_tag_slug (const char *tag)
{
  g_autofree char *ascii = NULL;
  GString *slug;

  g_return_val_if_fail (tag != NULL, NULL);

  ascii = g_str_to_ascii (tag, "C");
  slug = g_string_new (NULL);
  for (const char *p = ascii; *p != '\0'; p++)
    {
      if (g_ascii_isalnum (*p) && *p != '?')
        g_string_append_c (slug, g_ascii_tolower (*p));
      else if (slug->len > 0 && slug->str[slug->len - 1] != '-')
        g_string_append_c (slug, '-');
    }
  while (slug->len > 0 && slug->str[slug->len - 1] == '-')
    g_string_truncate (slug, slug->len - 1);
  if (slug->len == 0)
    {
      g_autofree char *sum = g_compute_checksum_for_string (G_CHECKSUM_SHA1, tag, -1);

      g_string_printf (slug, "tag-%.10s", sum);
    }
  return g_string_free (slug, FALSE);
}

typedef struct
{
  char      *slug;
  char      *name;   /* the smallest spelling, byte-wise */
  GPtrArray *posts;  /* BilletPostSummary, borrowed, newest first */
} Tag;

static void
tag_free (Tag *tag)
{
  g_free (tag->slug);
  g_free (tag->name);
  g_ptr_array_unref (tag->posts);
  g_free (tag);
}

static int
compare_tags (gconstpointer a,
              gconstpointer b)
{
  return strcmp ((*(Tag * const *) a)->slug, (*(Tag * const *) b)->slug);
}

static gboolean
write_list (Export                 *export,
            const char             *path,
            const BilletRenderList *list,
            GError                **error)
{
  g_autofree char *target = g_build_filename (export->outdir, path, NULL);
  g_autofree char *html = NULL;
  gsize len = 0;

  html = billet_render_list_page (list, &len);
  return write_file (target, html, len, error);
}

/* The index and tag pages of one language, under @subdir ("fr") or at
 * the top (NULL). */
static gboolean
write_lists (Export     *export,
             GPtrArray  *posts,
             const char *subdir,
             guint      *n_tags,
             GError    **error)
{
  g_autofree char *top = subdir != NULL ? g_strconcat (subdir, "/", NULL) : g_strdup ("");
  gsize top_len = strlen (top);
  Home *home = g_hash_table_lookup (export->homes, subdir != NULL ? subdir : "");
  g_autoptr(GHashTable) by_slug = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GPtrArray) tags = g_ptr_array_new_with_free_func ((GDestroyNotify) tag_free);
  g_autoptr(GArray) items = g_array_new (FALSE, TRUE, sizeof (BilletRenderListItem));
  g_autoptr(GArray) tag_links = g_array_new (FALSE, TRUE, sizeof (BilletRenderListItem));
  g_autoptr(GPtrArray) strings = g_ptr_array_new_with_free_func (g_free);
  const char *lang = billet_site_get_language_code (export->site, subdir);
  g_autofree char *index_path = g_strconcat (top, "index.html", NULL);
  BilletRenderList list = { 0 };

  if (lang == NULL)
    lang = billet_site_get_default_language (export->site);
  if (lang == NULL)
    lang = export->options->fallback_lang;

  for (guint i = 0; i < posts->len; i++)
    {
      BilletPostSummary *summary = g_ptr_array_index (posts, i);

      for (guint t = 0; summary->tags[t] != NULL; t++)
        {
          char *slug = billet_export_tag_slug (summary->tags[t]);
          Tag *tag = g_hash_table_lookup (by_slug, slug);

          if (tag == NULL)
            {
              tag = g_new0 (Tag, 1);
              tag->slug = slug;
              tag->name = g_strdup (summary->tags[t]);
              tag->posts = g_ptr_array_new ();
              g_hash_table_insert (by_slug, tag->slug, tag);
              g_ptr_array_add (tags, tag);
            }
          else
            {
              g_free (slug);
              if (strcmp (summary->tags[t], tag->name) < 0)
                {
                  g_free (tag->name);
                  tag->name = g_strdup (summary->tags[t]);
                }
            }
          /* A post that names one tag twice is listed once. */
          if (tag->posts->len == 0 || g_ptr_array_index (tag->posts, tag->posts->len - 1) != summary)
            g_ptr_array_add (tag->posts, summary);
        }
    }
  g_ptr_array_sort (tags, compare_tags);

  for (guint i = 0; i < tags->len; i++)
    {
      Tag *tag = g_ptr_array_index (tags, i);
      char *href = g_strconcat ("tags/", tag->slug, "/index.html", NULL);
      BilletRenderListItem link = { tag->name, href, NULL, NULL };

      g_ptr_array_add (strings, href);
      g_array_append_val (tag_links, link);
    }

  /* The index */
  for (guint i = 0; i < posts->len; i++)
    {
      BilletPostSummary *summary = g_ptr_array_index (posts, i);
      BilletRenderListItem item = { summary->title, summary->output_path + top_len, summary->date,
                                    summary->description };

      g_array_append_val (items, item);
    }
  list.lang = lang;
  list.title = billet_site_get_language_title (export->site, subdir);
  if (list.title == NULL && home != NULL)
    list.title = home->title;
  if (list.title == NULL)
    list.title = billet_page_text (lang, "Posts");
  list.intro_html = home != NULL ? home->html : NULL;
  list.items = (const BilletRenderListItem *) (gpointer) items->data;
  list.n_items = items->len;
  list.tags = (const BilletRenderListItem *) (gpointer) tag_links->data;
  list.n_tags = tag_links->len;
  if (!write_list (export, index_path, &list, error))
    return FALSE;

  /* One page per tag, two folders down: links climb back up. */
  for (guint i = 0; i < tags->len; i++)
    {
      Tag *tag = g_ptr_array_index (tags, i);
      g_autoptr(GArray) tag_items = g_array_new (FALSE, TRUE, sizeof (BilletRenderListItem));
      g_autoptr(GPtrArray) hrefs = g_ptr_array_new_with_free_func (g_free);
      g_autofree char *title = g_strdup_printf (billet_page_text (lang, "Posts tagged “%s”"), tag->name);
      g_autofree char *path = g_strconcat (top, "tags/", tag->slug, "/index.html", NULL);
      BilletRenderList tag_list = { 0 };

      for (guint k = 0; k < tag->posts->len; k++)
        {
          BilletPostSummary *summary = g_ptr_array_index (tag->posts, k);
          char *href = g_strconcat ("../../", summary->output_path + top_len, NULL);
          BilletRenderListItem item = { summary->title, href, summary->date, summary->description };

          g_ptr_array_add (hrefs, href);
          g_array_append_val (tag_items, item);
        }
      tag_list.lang = lang;
      tag_list.title = title;
      tag_list.home_href = "../../index.html";
      tag_list.items = (const BilletRenderListItem *) (gpointer) tag_items->data;
      tag_list.n_items = tag_items->len;
      if (!write_list (export, path, &tag_list, error))
        return FALSE;
    }

  *n_tags += tags->len;
  return TRUE;
}

/**
 * billet_export_site:
 * @index: an index (need not have run: the export walks the folder itself)
 * @outdir: the folder to write to; made if missing. Files already in it
 *   are replaced when the export writes the same path, and left otherwise
 * @options: (nullable): options
 * @report: (nullable): told of each skipped post and each note, at the end
 * @stats: (out) (optional): what was done
 * @error: set on a failure to write, which stops the export
 *
 * Exports the folder's posts: one page per post, copies of the resources
 * of page bundles and of the images the posts use, an index.html listing
 * the posts newest first with their descriptions, and one page per tag
 * (tags/SLUG/index.html). Drafts and scheduled posts are left out unless
 * @options says otherwise; posts whose front matter or encoding is broken
 * are skipped and reported. Uses every core. Blocks.
 *
 * Returns: %FALSE when something could not be written
 */
gboolean
billet_export_site (BilletIndex               *index,
                    const char                *outdir,
                    const BilletExportOptions *options,
                    BilletExportReportFunc     report,
                    gpointer                   user_data,
                    BilletExportStats         *stats,
                    GError                   **error)
{
  static const BilletExportOptions default_options = { FALSE, NULL };
  g_autoptr(GPtrArray) notes = g_ptr_array_new_with_free_func ((GDestroyNotify) billet_index_note_free);
  g_autoptr(GHashTable) outputs = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GPtrArray) listed = g_ptr_array_new ();
  const char * const *languages;
  char real[PATH_MAX];
  GThreadPool *pool;
  Export export = { 0 };
  gboolean ok = TRUE;
  guint n_tags = 0;

  g_return_val_if_fail (index != NULL, FALSE);
  g_return_val_if_fail (outdir != NULL, FALSE);

  if (options == NULL)
    options = &default_options;
  if (stats != NULL)
    memset (stats, 0, sizeof *stats);

  if (g_mkdir_with_parents (outdir, 0755) != 0 || realpath (outdir, real) == NULL)
    {
      int saved = errno;
      g_autofree char *shown = billet_file_display_name (outdir);

      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved),
                   _("Cannot create the folder “%s”: %s"), shown, g_strerror (saved));
      return FALSE;
    }

  export.index = index;
  export.site = billet_index_get_site (index);
  languages = billet_site_get_languages (export.site);
  export.options = options;
  export.outdir = g_strdup (real);
  g_mutex_init (&export.lock);
  export.problems = g_ptr_array_new_with_free_func ((GDestroyNotify) problem_free);
  export.copied = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  export.homes = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) home_free);
  export.render.fallback_lang = billet_site_get_language (export.site);
  if (export.render.fallback_lang == NULL)
    export.render.fallback_lang = options->fallback_lang;
  export.render.markdown_flags = billet_site_get_markdown_flags (export.site);
  export.render.scheme = BILLET_RENDER_SCHEME_AUTO;

  export.files = billet_index_walk (index, notes);
  for (guint i = 0; i < notes->len; i++)
    {
      BilletIndexNote *note = g_ptr_array_index (notes, i);

      add_problem (&export, note->path, 0, 0, note->message, FALSE);
    }
  export.results = g_new0 (Result, export.files->len);
  export.skip = g_new0 (gboolean, export.files->len);

  /* Clashes are known from the paths alone: the first in walk order wins. */
  for (guint i = 0; i < export.files->len; i++)
    {
      const BilletIndexFile *file = g_ptr_array_index (export.files, i);
      const char *first = g_hash_table_lookup (outputs, file->output_path);

      if (first != NULL)
        {
          g_autofree char *message =
            g_strdup_printf (_("Its page would replace that of “%s”: skipped"), first);

          add_problem (&export, file->path, 0, 0, message, TRUE);
          export.skip[i] = TRUE;
          export.invalid++;
          continue;
        }
      g_hash_table_insert (outputs, file->output_path, file->path);
    }

  pool = g_thread_pool_new (export_task, &export, (int) MAX (1, g_get_num_processors ()), FALSE, NULL);
  for (guint i = 0; i < export.files->len; i += FILES_PER_TASK)
    g_thread_pool_push (pool, GUINT_TO_POINTER (i + 1), NULL);
  g_thread_pool_free (pool, FALSE, TRUE);

  if (export.error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&export.error));
      ok = FALSE;
    }

  /* One index (and tag pages) per language: the default's at the top,
   * the others' in their folders, in the site's order of languages. */
  for (guint l = 0; ok && l <= g_strv_length ((char **) languages); l++)
    {
      const char *subdir = l == 0 ? NULL : billet_site_get_language_subdir (export.site, languages[l - 1]);

      if (l > 0 && subdir == NULL)
        continue;
      g_ptr_array_set_size (listed, 0);
      for (guint i = 0; i < export.files->len; i++)
        {
          Result *result = &export.results[i];

          /* Sections (_index.md) have their page, but are not posts. */
          if (result->exported && !result->summary->section && g_strcmp0 (result->subdir, subdir) == 0)
            g_ptr_array_add (listed, result->summary);
        }
      /* A language's folder gets its index when it has pages */
      if (subdir != NULL && listed->len == 0 && !g_hash_table_contains (export.homes, subdir))
        continue;
      g_ptr_array_sort (listed, billet_post_summary_compare);
      ok = write_lists (&export, listed, subdir, &n_tags, error);
    }

  g_ptr_array_sort (export.problems, compare_problems);
  if (report != NULL)
    for (guint i = 0; i < export.problems->len; i++)
      {
        Problem *problem = g_ptr_array_index (export.problems, i);

        report (problem->path, problem->line, problem->column, problem->message,
                problem->is_error, user_data);
      }

  if (stats != NULL)
    {
      stats->pages = export.pages;
      stats->left_out = export.left_out;
      stats->invalid = export.invalid;
      stats->copied = export.n_copied;
      stats->tags = n_tags;
    }

  for (guint i = 0; i < export.files->len; i++)
    billet_post_summary_free (export.results[i].summary);
  g_free (export.results);
  g_free (export.skip);
  g_ptr_array_unref (export.files);
  g_ptr_array_unref (export.problems);
  g_hash_table_unref (export.copied);
  g_hash_table_unref (export.homes);
  g_free (export.outdir);
  g_mutex_clear (&export.lock);

  return ok;
}
