/* billet-index.c — the posts of a folder or a site, summarised in worker threads
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Two steps. The walk, on one thread, lists the Markdown files of the
 * site's content folders in a fixed order (names sorted byte-wise), never
 * following a link out of the site, never entering a folder twice (links
 * can make loops; folders are known by device and inode), and leaving out
 * hidden folders and node_modules. It is cheap: one lstat() per entry.
 * Meanwhile, every FILES_PER_TASK files it finds are read and summarised
 * — front matter parsed by the core's parser, the body scanned for a
 * heading only when the front matter has no title — on a GThreadPool as
 * wide as the machine. Results are sorted at the end (newest first, then
 * by path), so the outcome never depends on which worker finished first.
 *
 * The window's sidebar reads whole files: a broken encoding anywhere in a
 * post deserves its warning badge. `billet list` reads each file only as
 * far as it needs (billet_index_set_head_only()): most of a site's bytes
 * are bodies, and the front matter is usually in the first kilobyte.
 */

#define G_LOG_DOMAIN "Billet"

#include "config.h"

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "billet-encoding.h"
#include "billet-file.h"
#include "billet-front-matter.h"
#include "billet-index.h"
#include "billet-js-date.h"
#include "billet-utf8.h"

/* Files per worker task, and posts per progressive batch: small enough for
 * a sidebar to fill smoothly, large enough that locking is noise. */
#define FILES_PER_TASK 32
#define POSTS_PER_BATCH 128
/* Deeper than any real site; a bound all the same. */
#define MAX_DEPTH 64

struct _BilletIndex
{
  gatomicrefcount       ref_count;
  BilletSite           *site;
  char                 *folder;         /* canonical */
  gint64                now;            /* "future" means after this */
  guint                 n_languages;    /* the site's, 0 for one language */
  gboolean              head_only;      /* read posts only as far as a list needs */

  GMutex                lock;
  GPtrArray            *posts;          /* billet_index_run()'s results */
  GPtrArray            *notes;
  GPtrArray            *skipped;        /* paths of content files that are no posts */
  BilletIndexBatch     *pending;        /* not yet delivered */

  GMutex                deliver_lock;   /* one delivery at a time */
  GThread              *thread;
  gint                  cancelled;
  BilletIndexBatchFunc  func;
  gpointer              user_data;
  GDestroyNotify        destroy;
};

/* Small helpers */

void
billet_index_note_free (BilletIndexNote *note)
{
  if (note == NULL)
    return;
  g_free (note->path);
  g_free (note->message);
  g_free (note);
}

void
billet_index_file_free (BilletIndexFile *file)
{
  if (file == NULL)
    return;
  g_free (file->real_path);
  g_free (file->path);
  g_free (file->content_path);
  g_free (file->output_path);
  g_free (file->lang);
  g_free (file->collection);
  g_free (file);
}

void
billet_post_summary_free (BilletPostSummary *summary)
{
  if (summary == NULL)
    return;
  g_free (summary->path);
  g_free (summary->output_path);
  g_free (summary->title);
  g_free (summary->date);
  g_strfreev (summary->tags);
  g_strfreev (summary->authors);
  g_free (summary->description);
  g_free (summary->warning_message);
  g_free (summary->lang);
  g_free (summary->collection);
  g_free (summary->translation_key);
  g_free (summary);
}

static BilletIndexBatch *
batch_new (void)
{
  BilletIndexBatch *batch = g_new0 (BilletIndexBatch, 1);

  batch->posts = g_ptr_array_new_with_free_func ((GDestroyNotify) billet_post_summary_free);
  batch->notes = g_ptr_array_new_with_free_func ((GDestroyNotify) billet_index_note_free);
  return batch;
}

void
billet_index_batch_free (BilletIndexBatch *batch)
{
  if (batch == NULL)
    return;
  g_ptr_array_unref (batch->posts);
  g_ptr_array_unref (batch->notes);
  g_free (batch);
}

static BilletIndexNote *
note_new (const char *path,
          const char *message)
{
  BilletIndexNote *note = g_new0 (BilletIndexNote, 1);

  note->path = g_strdup (path);
  note->message = g_strdup (message);
  return note;
}

static int
compare_notes (gconstpointer a,
               gconstpointer b)
{
  const BilletIndexNote *na = *(BilletIndexNote * const *) a;
  const BilletIndexNote *nb = *(BilletIndexNote * const *) b;
  int c = strcmp (na->path, nb->path);

  return c != 0 ? c : strcmp (na->message, nb->message);
}

/**
 * billet_post_summary_compare:
 * @a: a pointer to a #BilletPostSummary pointer (as g_ptr_array_sort() passes)
 * @b: another
 *
 * Newest first; posts without a date after all the dated ones; equal dates
 * by path, byte-wise.
 */
int
billet_post_summary_compare (gconstpointer a,
                             gconstpointer b)
{
  const BilletPostSummary *sa = *(BilletPostSummary * const *) a;
  const BilletPostSummary *sb = *(BilletPostSummary * const *) b;

  if (sa->date_key != sb->date_key)
    return sa->date_key > sb->date_key ? -1 : 1;
  return strcmp (sa->path, sb->path);
}

/* Dates */

static gboolean
read_digits (const char **p,
             guint        n,
             int         *value)
{
  *value = 0;
  for (guint i = 0; i < n; i++)
    {
      if (!g_ascii_isdigit ((*p)[i]))
        return FALSE;
      *value = *value * 10 + ((*p)[i] - '0');
    }
  *p += n;
  return TRUE;
}

/* Days from 1970-01-01 to a civil date (proleptic Gregorian). */
static gint64
days_from_civil (gint64 y,
                 int    m,
                 int    d)
{
  gint64 era, yoe, doy, doe;

  y -= m <= 2;
  era = (y >= 0 ? y : y - 399) / 400;
  yoe = y - era * 400;
  doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

/**
 * billet_parse_date:
 * @text: a date as front matter writes it: `2024-03-01`,
 *   `2024-03-01T10:00:00+01:00`, `2024-03-01 10:00:00 +0100`, `…Z`, or as
 *   JavaScript reads it for Astro (`Jul 08 2022`, see billet-js-date.c)
 * @seconds: (out): seconds since 1970-01-01 UTC; a time without a zone is
 *   taken as UTC, so that the order never depends on the machine's zone
 *
 * Returns: whether @text is such a date
 */
gboolean
billet_parse_date (const char *text,
                   gint64     *seconds)
{
  const char *p = text;
  int year, month, day, hour = 0, minute = 0, second = 0, off_h = 0, off_m = 0;
  int sign = 0;

  g_return_val_if_fail (text != NULL, FALSE);

  while (*p == ' ' || *p == '\t')
    p++;
  if (!read_digits (&p, 4, &year) || *p++ != '-' || !read_digits (&p, 2, &month) ||
      *p++ != '-' || !read_digits (&p, 2, &day))
    {
      BilletJsDate js;

      /* "Jul 08 2022", "July 8, 2022": Astro's dates, read by JavaScript */
      if (!billet_js_date_parse (text, &js))
        return FALSE;
      *seconds = days_from_civil (js.year, (int) js.month, (int) js.day) * 86400 +
                 js.hour * 3600 + js.minute * 60 + js.second - js.offset_minutes * 60;
      return TRUE;
    }
  if (year < 1 || month < 1 || month > 12 || day < 1 ||
      !g_date_valid_dmy ((GDateDay) day, (GDateMonth) month, (GDateYear) year))
    return FALSE;

  if (*p == 'T' || *p == 't' || (*p == ' ' && g_ascii_isdigit (p[1])))
    {
      p++;
      if (!read_digits (&p, 2, &hour) || *p++ != ':' || !read_digits (&p, 2, &minute))
        return FALSE;
      if (*p == ':')
        {
          p++;
          if (!read_digits (&p, 2, &second))
            return FALSE;
        }
      if (*p == '.')
        for (p++; g_ascii_isdigit (*p); p++)
          ;
      if (hour > 23 || minute > 59 || second > 60)
        return FALSE;
      while (*p == ' ')
        p++;
      if (*p == 'Z' || *p == 'z')
        p++;
      else if (*p == '+' || *p == '-')
        {
          sign = *p++ == '-' ? -1 : 1;
          if (!read_digits (&p, 2, &off_h))
            return FALSE;
          if (*p == ':')
            p++;
          if (g_ascii_isdigit (*p) && !read_digits (&p, 2, &off_m))
            return FALSE;
        }
    }
  while (*p == ' ' || *p == '\t')
    p++;
  if (*p != '\0')
    return FALSE;

  *seconds = days_from_civil (year, month, day) * 86400 + hour * 3600 + minute * 60 + second -
             sign * (off_h * 3600 + off_m * 60);
  return TRUE;
}

/* Jekyll's YYYY-MM-DD- file-name prefix, as a date text. */
static char *
file_name_date (const char *name)
{
  const char *p = name;
  int y, m, d;

  if (!read_digits (&p, 4, &y) || *p++ != '-' || !read_digits (&p, 2, &m) || *p++ != '-' ||
      !read_digits (&p, 2, &d) || *p != '-' ||
      y < 1 || m < 1 || m > 12 || d < 1 || !g_date_valid_dmy ((GDateDay) d, (GDateMonth) m, (GDateYear) y))
    return NULL;
  return g_strndup (name, 10);
}

/* Summaries */

/**
 * billet_index_is_post_name:
 * @name: a file name or path
 *
 * The one rule for which files are posts, shared by the index, the site
 * export, `billet check` on a folder and the window's file monitor.
 *
 * Returns: whether @name ends like a Markdown file (.md, .markdown, .mdown)
 *   or an MDX one (.mdx, Astro's Markdown with components)
 */
gboolean
billet_index_is_post_name (const char *name)
{
  return g_str_has_suffix (name, ".md") || g_str_has_suffix (name, ".markdown") ||
         g_str_has_suffix (name, ".mdown") || g_str_has_suffix (name, ".mdx");
}

/**
 * billet_index_get_markdown_flags_for:
 * @name: a post's file name or path
 *
 * Returns: what its name adds to the site's way of rendering: MDX's
 *   placeholders for an .mdx post
 */
BilletMarkdownFlags
billet_index_get_markdown_flags_for (const char *name)
{
  return g_str_has_suffix (name, ".mdx") ? BILLET_MARKDOWN_MDX : BILLET_MARKDOWN_DEFAULT;
}

static char *
strip_extension (const char *name)
{
  const char *dot = strrchr (name, '.');

  return dot != NULL && dot != name ? g_strndup (name, dot - name) : g_strdup (name);
}

static char *
valid_dup (const char *text)
{
  if (text == NULL)
    return NULL;
  /* Parsed front matter is UTF-8 already: checked fast, copied. */
  if (billet_utf8_validate (text, strlen (text), NULL))
    return g_strdup (text);
  return g_utf8_make_valid (text, -1);
}

/* A scalar's text, or NULL when missing, not a scalar, null or blank. */
static const char *
scalar_text (BilletFrontMatter *fm,
           const char        *key)
{
  const BilletNode *node;
  const char *text;

  if (fm == NULL || (node = billet_front_matter_lookup (fm, key)) == NULL ||
      !billet_node_is_scalar (node) || billet_node_get_kind (node) == BILLET_NODE_NULL ||
      billet_node_get_kind (node) == BILLET_NODE_OTHER)
    return NULL;
  text = billet_node_get_text (node);
  for (const char *p = text; p != NULL && *p != '\0'; p++)
    if (!g_ascii_isspace (*p))
      return text;
  return NULL;
}

/* The front matter's fields, YAML or TOML alike. */
typedef struct
{
  BilletFrontMatter *fm;
} Fields;

static const char *
field_text (Fields     *fields,
            const char *key)
{
  return scalar_text (fields->fm, key);
}

static gboolean
field_true (Fields     *fields,
            const char *key,
            gboolean   *value)
{
  g_autofree char *copy = g_strdup (field_text (fields, key));

  return copy != NULL && billet_value_parse_boolean (g_strstrip (copy), value);
}

static char **
field_tags (Fields         *fields,
            BilletSiteKind  kind)
{
  g_autoptr(GStrvBuilder) tags = g_strv_builder_new ();
  g_auto(GStrv) items = NULL;
  const char *text = NULL;

  if (fields->fm != NULL)
    {
      const BilletNode *node = billet_front_matter_lookup (fields->fm, "tags");

      /* Zola keeps them under [taxonomies] */
      if (node == NULL)
        node = billet_front_matter_lookup (fields->fm, "taxonomies.tags");
      if (node != NULL && billet_node_get_kind (node) == BILLET_NODE_LIST)
        items = billet_node_dup_strv (node);
      else if ((text = scalar_text (fields->fm, "tags")) == NULL)
        text = scalar_text (fields->fm, "taxonomies.tags");
    }

  if (items == NULL && text != NULL)
    {
      /* Jekyll splits a string of tags at spaces; Hugo takes it as one tag. */
      if (kind == BILLET_SITE_JEKYLL)
        items = g_strsplit_set (text, " \t", -1);
      else
        items = g_strdupv ((char *[]) { (char *) text, NULL });
    }

  for (guint i = 0; items != NULL && items[i] != NULL; i++)
    {
      g_autofree char *tag = valid_dup (items[i]);

      g_strstrip (tag);
      if (*tag != '\0')
        g_strv_builder_add (tags, tag);
    }
  return g_strv_builder_end (tags);
}

/* The names under "author" (a string or a list), "authors", "coAuthors"
 * and "co_authors", each once, in order. */
static char **
field_authors (Fields *fields)
{
  static const char * const keys[] = { "author", "authors", "coAuthors", "co_authors",
                                       "taxonomies.authors" /* Zola */ };
  g_autoptr(GStrvBuilder) authors = g_strv_builder_new ();
  g_autoptr(GPtrArray) seen = g_ptr_array_new_with_free_func (g_free);

  for (guint k = 0; k < G_N_ELEMENTS (keys); k++)
    {
      g_auto(GStrv) items = NULL;
      const char *text = NULL;

      if (fields->fm != NULL)
        {
          const BilletNode *node = billet_front_matter_lookup (fields->fm, keys[k]);

          if (node != NULL && billet_node_get_kind (node) == BILLET_NODE_LIST)
            items = billet_node_dup_strv (node);
          else
            text = scalar_text (fields->fm, keys[k]);
        }

      if (items == NULL && text != NULL)
        items = g_strdupv ((char *[]) { (char *) text, NULL });

      for (guint i = 0; items != NULL && items[i] != NULL; i++)
        {
          char *name = valid_dup (items[i]);

          g_strstrip (name);
          if (*name == '\0' || g_ptr_array_find_with_equal_func (seen, name, g_str_equal, NULL))
            {
              g_free (name);
              continue;
            }
          g_strv_builder_add (authors, name);
          g_ptr_array_add (seen, name);
        }
    }
  return g_strv_builder_end (authors);
}

/* The text of the first level-one ATX heading ("# Title") outside code
 * fences, or NULL. */
static char *
first_heading (const char *body,
               gsize       len)
{
  const char *end = body + len;
  const char *line = body;
  char fence = 0;
  gsize fence_len = 0;

  while (line < end)
    {
      const char *nl = memchr (line, '\n', end - line);
      const char *stop = nl != NULL ? nl : end;
      const char *p = line;
      gsize run = 0;

      for (int i = 0; i < 3 && p < stop && *p == ' '; i++)
        p++;

      if (p < stop && (*p == '`' || *p == '~'))
        {
          while (p + run < stop && p[run] == *p)
            run++;
          if (run >= 3)
            {
              if (fence == 0)
                {
                  fence = *p;
                  fence_len = run;
                }
              else if (*p == fence && run >= fence_len)
                fence = 0;
            }
        }
      else if (fence == 0 && p < stop && *p == '#' &&
               (p + 1 == stop || p[1] == ' ' || p[1] == '\t' || p[1] == '\r'))
        {
          const char *a = p + 1;
          const char *b = stop;

          while (a < b && g_ascii_isspace (*a))
            a++;
          while (b > a && g_ascii_isspace (b[-1]))
            b--;
          /* An optional closing sequence of #, after a space. */
          {
            const char *h = b;

            while (h > a && h[-1] == '#')
              h--;
            if (h == a || h[-1] == ' ' || h[-1] == '\t')
              {
                b = h;
                while (b > a && g_ascii_isspace (b[-1]))
                  b--;
              }
          }
          if (b > a)
            {
              g_autofree char *raw = g_strndup (a, b - a);

              return valid_dup (raw);
            }
        }

      line = nl != NULL ? nl + 1 : end;
    }
  return NULL;
}

/* The page mirrors the post: posts/a.md → posts/a.html, so that relative
 * URLs in the post work unchanged from the page; a bundle's index.md and a
 * section's _index.md → index.html in their folder. A page in another
 * language than the default goes under that language's folder, without
 * the language in its name: posts/a.fr.md → fr/posts/a.html. */
static char *
output_path_for (const char *content_path,
                 const char *subdir,
                 gsize       lang_suffix_len)
{
  g_autofree char *dir = NULL;
  g_autofree char *stem = NULL;
  const char *slash = strrchr (content_path, '/');
  const char *name = slash != NULL ? slash + 1 : content_path;
  const char *top = subdir != NULL ? subdir : "";
  const char *sep = subdir != NULL ? "/" : "";

  dir = slash != NULL ? g_strndup (content_path, slash - content_path + 1) : g_strdup ("");
  stem = strip_extension (name);
  if (lang_suffix_len > 0 && strlen (stem) > lang_suffix_len + 1)
    stem[strlen (stem) - lang_suffix_len - 1] = '\0';
  if (g_str_equal (stem, "index") || g_str_equal (stem, "_index"))
    return g_strconcat (top, sep, dir, "index.html", NULL);
  return g_strconcat (top, sep, dir, stem, ".html", NULL);
}

/* Where Jekyll writes a document of collection @collection at @content_path
 * (relative to the collection's folder): its `permalink` with :collection,
 * :path, :name, :title (the file's, without a front matter's slug) and
 * :output_ext, a trailing "/" making a folder's index.html; by default
 * /:collection/:path:output_ext. A permalink with anything else (dates,
 * categories: the front matter's) is left for the default. */
static char *
collection_output_path (const char *collection,
                        const char *content_path,
                        const char *permalink)
{
  g_autofree char *path = strip_extension (content_path);
  const char *slash = strrchr (path, '/');
  const char *name = slash != NULL ? slash + 1 : path;
  g_autoptr(GString) out = g_string_new (NULL);
  const char *p;

  if (permalink == NULL)
    return g_strconcat (collection, "/", path, ".html", NULL);

  for (p = permalink; *p != '\0'; )
    {
      if (*p != ':')
        {
          g_string_append_c (out, *p++);
          continue;
        }
      p++;
      if (g_str_has_prefix (p, "collection"))
        g_string_append (out, collection), p += strlen ("collection");
      else if (g_str_has_prefix (p, "path"))
        g_string_append (out, path), p += strlen ("path");
      else if (g_str_has_prefix (p, "name"))
        g_string_append (out, name), p += strlen ("name");
      else if (g_str_has_prefix (p, "title"))
        g_string_append (out, name), p += strlen ("title");
      else if (g_str_has_prefix (p, "output_ext"))
        g_string_append (out, ".html"), p += strlen ("output_ext");
      else
        return collection_output_path (collection, content_path, NULL);
    }
  /* Relative to the export's folder, never out of it */
  while (out->len > 0 && out->str[0] == '/')
    g_string_erase (out, 0, 1);
  if (out->len == 0 || out->str[out->len - 1] == '/')
    g_string_append (out, "index.html");
  else if (!g_str_has_suffix (out->str, ".html"))
    g_string_append (out, ".html");
  if (strstr (out->str, "..") != NULL || strstr (out->str, "//") != NULL)
    return collection_output_path (collection, content_path, NULL);
  return g_string_free (g_steal_pointer (&out), FALSE);
}

/* The language a file's name gives it (post.fr.md, index.fr.md), when
 * it is one of the site's languages, else NULL. */
static const char *
name_language (BilletSite *site,
               const char *name)
{
  const char *ext = strrchr (name, '.');
  const char *dot;

  if (ext == NULL || ext == name)
    return NULL;
  for (dot = ext - 1; dot > name && *dot != '.'; dot--)
    ;
  if (*dot != '.' || dot == name)
    return NULL;
  return billet_site_find_language (site, dot + 1, ext - dot - 1);
}

/* A valid language tag from the front matter ("fr", "pt-BR"), or NULL. */
static const char *
language_tag (const char *text)
{
  gsize len;

  if (text == NULL)
    return NULL;
  while (*text == ' ')
    text++;
  len = strspn (text, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_");
  if (len < 2 || len > 35 || text[len] != '\0' || !g_ascii_isalpha (text[0]))
    return NULL;
  return text;
}

/* Returns NULL only when @body_whole is FALSE and the title is to come from
 * a heading that is not in the part of the body given. */
static BilletPostSummary *
summarize_post (BilletIndex           *self,
                const BilletIndexFile *file,
                BilletPost            *post,
                gboolean               body_whole)
{
  BilletPostSummary *summary = g_new0 (BilletPostSummary, 1);
  g_autoptr(GError) error = NULL;
  g_autofree char *name = g_path_get_basename (file->path);
  g_autofree char *stem = strip_extension (name);
  g_autofree char *name_date = file_name_date (name);
  BilletSiteKind kind = billet_site_get_kind (self->site);
  Fields fields = { NULL };
  const char *text;
  gboolean flag;

  summary->path = g_strdup (file->path);
  summary->output_path = g_strdup (file->output_path);
  summary->collection = g_strdup (file->collection);
  summary->bundle = g_str_equal (stem, "index");
  summary->section = g_str_equal (stem, "_index");
  summary->date_key = G_MININT64;

  if (billet_post_get_encoding (post) == BILLET_ENCODING_UNKNOWN)
    {
      summary->warning = BILLET_POST_WARNING_ENCODING;
      billet_post_get_invalid_utf8_position (post, &summary->warning_line, &summary->warning_column);
      summary->warning_message = g_strdup (_("The file is not valid UTF-8"));
    }

  switch (billet_post_get_front_matter_kind (post))
    {
    case BILLET_FRONT_MATTER_YAML:
    case BILLET_FRONT_MATTER_TOML:
    case BILLET_FRONT_MATTER_UNTERMINATED:
      fields.fm = billet_post_get_front_matter (post, &error);
      if (fields.fm == NULL && summary->warning == BILLET_POST_WARNING_NONE)
        {
          summary->warning = BILLET_POST_WARNING_FRONT_MATTER;
          billet_post_get_error_position (post, &summary->warning_line, &summary->warning_column);
          summary->warning_message = g_strdup (error->message);
        }
      break;

    case BILLET_FRONT_MATTER_NONE:
    default:
      break;
    }

  summary->title = valid_dup (field_text (&fields, "title"));
  if (summary->title != NULL)
    g_strstrip (summary->title);
  if (summary->title == NULL || *summary->title == '\0')
    {
      gsize len = 0;
      const char *body = billet_post_get_body (post, &len);

      g_free (summary->title);
      summary->title = first_heading (body, len);
      if (summary->title == NULL && !body_whole)
        {
          billet_post_summary_free (summary);
          return NULL;
        }
    }
  if (summary->title == NULL)
    {
      if (summary->bundle || summary->section)
        {
          g_autofree char *dir = g_path_get_dirname (file->real_path);

          summary->title = g_path_get_basename (dir);
        }
      else if (name_date != NULL)
        summary->title = g_strdup (stem + 11);
      else
        summary->title = g_strdup (stem);
      if (!g_utf8_validate (summary->title, -1, NULL))
        {
          char *valid = valid_dup (summary->title);

          g_free (summary->title);
          summary->title = valid;
        }
    }

  text = field_text (&fields, "date");
  if (text == NULL)
    text = field_text (&fields, "publishDate");
  if (text == NULL)
    text = field_text (&fields, "pubDate");
  if (text != NULL)
    summary->date = g_strstrip (valid_dup (text));
  else if (name_date != NULL)
    summary->date = g_strdup (name_date);
  /* Jekyll's date comes from the file's name when its front matter's is
   * no date it reads: so does the list's, with a warning. */
  if (kind == BILLET_SITE_JEKYLL && text != NULL && name_date != NULL &&
      !billet_parse_date (summary->date, &summary->date_key))
    {
      const BilletNode *node = billet_front_matter_lookup (fields.fm, "date");

      if (summary->warning == BILLET_POST_WARNING_NONE && node != NULL)
        {
          summary->warning = BILLET_POST_WARNING_DATE;
          summary->warning_line = billet_node_get_line (node);
          summary->warning_column = billet_node_get_column (node);
          /* Translators: the first %s is the date as written, the second the file name's (2024-05-10) */
          summary->warning_message = g_strdup_printf (_("“%s” is no date Jekyll reads: it uses the file name's, %s"),
                                                      summary->date, name_date);
        }
      g_free (summary->date);
      summary->date = g_strdup (name_date);
    }
  /* "Scheduled" is in the future now, not when the folder was first read:
   * a post written a minute ago with the current time is not scheduled. */
  if (summary->date != NULL && billet_parse_date (summary->date, &summary->date_key))
    summary->scheduled = summary->date_key > MAX (self->now, g_get_real_time () / G_USEC_PER_SEC);
  else
    summary->date_key = G_MININT64;

  summary->draft = file->in_drafts;
  if (field_true (&fields, "draft", &flag) && flag)
    summary->draft = TRUE;
  if (field_true (&fields, "published", &flag) && !flag)
    summary->draft = TRUE;

  summary->tags = field_tags (&fields, kind);
  summary->authors = field_authors (&fields);

  /* The language: its content folder's or file name's, which the
   * generators go by, else what its front matter says, else the site's. */
  if (file->lang != NULL)
    summary->lang = g_strdup (file->lang);
  else if ((text = language_tag (field_text (&fields, "lang"))) != NULL ||
           (text = language_tag (field_text (&fields, "language"))) != NULL)
    summary->lang = g_strdup (text);
  else
    summary->lang = g_strdup (billet_site_get_default_language (self->site));

  /* Translations share their path in their content folder, the language
   * taken out of the name (posts/a.md for posts/a.md, posts/a.fr.md and
   * content/fr/posts/a.md), unless they name a key (Hugo's
   * translationKey, "key:" then the key here). */
  if (self->n_languages > 0 && file->content_path != NULL)
    {
      const char *key = field_text (&fields, "translationKey");
      const char *slash = strrchr (file->content_path, '/');
      const char *base = slash != NULL ? slash + 1 : file->content_path;
      const char *named = name_language (self->site, base);

      if (key != NULL)
        summary->translation_key = g_strconcat ("key:", key, NULL);
      else if (named != NULL)
        {
          /* posts/a.fr.md → posts/a.md (no printf: this is per post) */
          const char *ext = strrchr (base, '.');
          gsize cut = (gsize) (ext - file->content_path) - strlen (named) - 1;
          gsize ext_len = strlen (ext);
          char *out = g_malloc (cut + ext_len + 1);

          memcpy (out, file->content_path, cut);
          memcpy (out + cut, ext, ext_len + 1);
          summary->translation_key = out;
        }
      else
        summary->translation_key = g_strdup (file->content_path);
    }

  text = field_text (&fields, "description");
  if (text == NULL)
    text = field_text (&fields, "summary");
  if (text == NULL)
    text = field_text (&fields, "seo.description");
  if (text != NULL)
    summary->description = g_strstrip (valid_dup (text));

  return summary;
}

/* A post in a legacy encoding (WordPress exports) is listed with its real
 * title, read as the editor reads it; the warning stays, since the
 * generators read UTF-8 only. */
static void
set_legacy_warning (BilletPostSummary       *summary,
                    const BilletDecodedText *text)
{
  if (summary->warning != BILLET_POST_WARNING_NONE && summary->warning != BILLET_POST_WARNING_ENCODING)
    return;
  summary->warning = BILLET_POST_WARNING_ENCODING;
  summary->warning_line = text->line;
  summary->warning_column = text->column;
  g_free (summary->warning_message);
  /* Translators: %s is an encoding, “Windows-1252” or “Latin-1 (ISO-8859-1)” */
  summary->warning_message = g_strdup_printf (_("The file is in %s, not UTF-8"),
                                              billet_charset_get_name (text->charset));
}

/* The start of a post that a list needs, first guessed. Front matters are
 * a few hundred bytes; the rare longer one costs another read. */
#define HEAD_SIZE 2048

/* What a list shows of a file, read only as far as it needs: its front
 * matter, and the body up to the first heading when the front matter has
 * no title. What lies further — the rest of the body — is neither read nor
 * checked: a stray byte or a NUL there is billet check's to find. */
static BilletPostSummary *
summarize_head (BilletIndex            *self,
                const BilletIndexFile  *file,
                BilletIndexNote       **note)
{
  for (gsize head_size = HEAD_SIZE; ; head_size *= 4)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(BilletPost) loaded = NULL;
      g_autofree char *data = NULL;
      g_auto(BilletDecodedText) text = { 0 };
      BilletPostSummary *summary;
      gboolean whole = FALSE;
      gboolean legacy = FALSE;
      gsize len = 0;
      gsize usable;

      if (!billet_file_read_head (file->real_path, BILLET_FILE_MAX_POST_SIZE, head_size,
                                  &data, &len, &whole, &error))
        {
          *note = note_new (file->path, error->message);
          return NULL;
        }

      /* Whole lines only: a character cut at the end would look like a
       * stray byte, a delimiter or a heading like half of one. */
      usable = len;
      if (!whole)
        {
          while (usable > 0 && data[usable - 1] != '\n')
            usable--;
          if (usable == 0)
            continue;
        }
      if (memchr (data, 0, usable) != NULL)
        {
          *note = note_new (file->path, _("Not a text file: skipped"));
          return NULL;
        }

      loaded = billet_post_new_from_data (data, usable);
      if (!whole && billet_post_get_front_matter_kind (loaded) == BILLET_FRONT_MATTER_UNTERMINATED)
        continue;   /* closed further on, maybe */
      if (billet_post_get_encoding (loaded) == BILLET_ENCODING_UNKNOWN &&
          billet_text_decode (data, usable, &text, NULL) && text.kind == BILLET_TEXT_LEGACY)
        {
          g_clear_pointer (&loaded, billet_post_unref);
          loaded = billet_post_new_from_data (text.text, text.text_len);
          legacy = TRUE;
        }

      if (!(summary = summarize_post (self, file, loaded, whole)))
        continue;   /* the heading that gives the title is further on */
      if (legacy)
        set_legacy_warning (summary, &text);
      return summary;
    }
}

/**
 * billet_index_summarize:
 * @file: a file from billet_index_walk()
 * @post: (out) (optional) (transfer full): the loaded post, for a caller
 *   that renders it next
 * @note: (out) (transfer full): set instead of a summary when the file is
 *   left out (unreadable, or binary)
 *
 * Reads and summarises one post. Safe to call from any thread.
 *
 * Returns: (transfer full) (nullable): the summary, or %NULL with @note set
 */
BilletPostSummary *
billet_index_summarize (BilletIndex            *self,
                        const BilletIndexFile  *file,
                        BilletPost            **post,
                        BilletIndexNote       **note)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BilletPost) loaded = NULL;
  g_autofree char *data = NULL;
  g_auto(BilletDecodedText) text = { 0 };
  BilletPostSummary *summary;
  gboolean legacy = FALSE;
  gsize len = 0;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (file != NULL, NULL);
  g_return_val_if_fail (note != NULL, NULL);

  *note = NULL;
  if (post != NULL)
    *post = NULL;

  if (self->head_only && post == NULL)
    return summarize_head (self, file, note);

  /* Bounded, as every post read: a 2 GB file is refused on its size. */
  if (!billet_file_read (file->real_path, BILLET_FILE_MAX_POST_SIZE, &data, &len, &error))
    {
      *note = note_new (file->path, error->message);
      (*note)->unreadable = TRUE;
      return NULL;
    }
  /* NUL bytes do not occur in text, whatever its encoding. */
  if (memchr (data, 0, len) != NULL)
    {
      *note = note_new (file->path, _("Not a text file: skipped"));
      (*note)->unreadable = TRUE;
      return NULL;
    }

  loaded = billet_post_new_from_data (data, len);
  if (billet_post_get_encoding (loaded) == BILLET_ENCODING_UNKNOWN)
    {
      /* Legacy text is decoded (see set_legacy_warning()); stray bytes in
       * UTF-8 are not: the title shows them replaced. */
      if (billet_text_decode (data, len, &text, NULL) && text.kind == BILLET_TEXT_LEGACY)
        {
          g_clear_pointer (&loaded, billet_post_unref);
          loaded = billet_post_new_from_data (text.text, text.text_len);
          legacy = TRUE;
        }
    }
  g_clear_pointer (&data, g_free);
  summary = summarize_post (self, file, loaded, TRUE);
  if (legacy)
    set_legacy_warning (summary, &text);
  if (post != NULL)
    *post = g_steal_pointer (&loaded);
  return summary;
}

/**
 * billet_index_summarize_post:
 * @file: where @post is (or will be saved)
 * @post: the post's text as it is now, saved or not
 *
 * Summarises @post as billet_index_summarize() summarises a file: what an
 * editor shows of a post with unsaved changes. Safe to call from any
 * thread.
 *
 * Returns: (transfer full): the summary
 */
BilletPostSummary *
billet_index_summarize_post (BilletIndex           *self,
                             const BilletIndexFile *file,
                             BilletPost            *post)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (file != NULL, NULL);
  g_return_val_if_fail (post != NULL, NULL);

  return summarize_post (self, file, post, TRUE);
}

/* The walk */

typedef struct
{
  BilletIndex *self;
  GPtrArray   *files;
  GPtrArray   *notes;
  GHashTable  *visited_dirs;   /* "dev:ino" */
  GHashTable  *visited_files;  /* "dev:ino" → path first seen */
  const char  *root;           /* canonical folder being indexed */
  const char  *lang;           /* the content folder's language, or NULL */
  const char  *collection;     /* the content folder's Jekyll collection, or NULL */
  const char  *permalink;      /* that collection's permalink, or NULL */
  GPtrArray   *skipped;        /* content files that are no posts */
  gboolean     from_root;      /* walking the site's content folders */
  GThreadPool *pool;           /* if set, summarises the files as they are found */
  guint        queued;         /* files handed to @pool so far */
} Walk;

/* Whether a generator would take a file of this name for content that
 * Billet does not read: AsciiDoc, Org, reStructuredText, Pandoc, Markdoc,
 * Textile, and HTML (outside a bundle, whose files are its resources). */
static gboolean
is_other_content (const char *name,
                  gboolean    in_bundle)
{
  static const char * const suffixes[] = {
    ".adoc", ".asciidoc", ".ad", ".org", ".rst", ".pandoc", ".pdc", ".mdoc", ".markdoc", ".textile",
  };
  const char *dot = strrchr (name, '.');

  if (dot == NULL || dot == name)
    return FALSE;
  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    if (g_str_equal (dot, suffixes[i]))
      return TRUE;
  return !in_bundle && (g_str_equal (dot, ".html") || g_str_equal (dot, ".htm"));
}

/* A leaf bundle's folder: its other files are resources. */
static gboolean
holds_bundle_index (GPtrArray *names)
{
  for (guint i = 0; i < names->len; i++)
    {
      const char *name = g_ptr_array_index (names, i);

      if (g_str_has_prefix (name, "index.") && billet_index_is_post_name (name))
        return TRUE;
    }
  return FALSE;
}

/* Hands the files found since the last call to the pool, FILES_PER_TASK at
 * a time (all of them at the end of the walk): the workers summarise while
 * the walk goes on. The chunks borrow the files, which the walk's array
 * owns until the pool is done. */
static void
walk_queue (Walk     *walk,
            gboolean  all)
{
  while (walk->pool != NULL && walk->files->len > walk->queued &&
         (all || walk->files->len - walk->queued >= FILES_PER_TASK))
    {
      guint n = MIN (FILES_PER_TASK, walk->files->len - walk->queued);
      GPtrArray *chunk = g_ptr_array_sized_new (n);

      for (guint i = 0; i < n; i++)
        g_ptr_array_add (chunk, g_ptr_array_index (walk->files, walk->queued + i));
      walk->queued += n;
      g_thread_pool_push (walk->pool, chunk, NULL);
    }
}

static char *
file_id (const GStatBuf *st)
{
  return g_strdup_printf ("%" G_GUINT64_FORMAT ":%" G_GUINT64_FORMAT,
                          (guint64) st->st_dev, (guint64) st->st_ino);
}

static void
walk_note (Walk       *walk,
           const char *path,
           const char *message)
{
  g_ptr_array_add (walk->notes, note_new (*path != '\0' ? path : ".", message));
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

static char *
join_rel (const char *dir,
          const char *name)
{
  return *dir != '\0' ? g_strconcat (dir, "/", name, NULL) : g_strdup (name);
}

static void
walk_dir (Walk           *walk,
          const char     *abs,
          const char     *rel,
          const char     *content_rel,
          gboolean        in_drafts,
          const GStatBuf *st,
          guint           depth)
{
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  GDir *dir;
  const char *name;
  gboolean in_bundle;
  char *id;

  if (g_atomic_int_get (&walk->self->cancelled))
    return;

  id = file_id (st);
  if (!g_hash_table_add (walk->visited_dirs, id))
    {
      walk_note (walk, rel, _("A folder seen before (a loop of links): skipped"));
      return;
    }
  if (depth > MAX_DEPTH)
    {
      walk_note (walk, rel, _("Folders nested too deep: skipped"));
      return;
    }

  dir = g_dir_open (abs, 0, &error);
  if (dir == NULL)
    {
      g_autofree char *message = g_strdup_printf (_("Cannot read this folder: %s"), error->message);

      walk_note (walk, rel, message);
      return;
    }
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      /* Hidden folders (.git) and files, and npm's tree, are never content. */
      if (name[0] == '.' || g_str_equal (name, "node_modules"))
        continue;
      g_ptr_array_add (names, g_strdup (name));
    }
  g_dir_close (dir);
  g_ptr_array_sort (names, compare_strings);
  in_bundle = holds_bundle_index (names);

  for (guint i = 0; i < names->len; i++)
    {
      const char *child = g_ptr_array_index (names, i);
      g_autofree char *child_abs = g_build_filename (abs, child, NULL);
      g_autofree char *child_rel = join_rel (rel, child);
      g_autofree char *child_content = join_rel (content_rel, child);
      g_autofree char *real = NULL;
      GStatBuf cst;

      if (g_lstat (child_abs, &cst) != 0)
        continue;

      if (S_ISLNK (cst.st_mode))
        {
          char buffer[PATH_MAX];

          if (realpath (child_abs, buffer) == NULL)
            {
              walk_note (walk, child_rel, _("A broken symbolic link: skipped"));
              continue;
            }
          if (!billet_site_is_inside (walk->self->site, buffer) &&
              !(strncmp (buffer, walk->root, strlen (walk->root)) == 0 &&
                (buffer[strlen (walk->root)] == '/' || buffer[strlen (walk->root)] == '\0')))
            {
              walk_note (walk, child_rel, _("A symbolic link that leads out of the site: skipped"));
              continue;
            }
          if (g_stat (child_abs, &cst) != 0)
            continue;
          real = g_strdup (buffer);
        }

      if (S_ISDIR (cst.st_mode))
        {
          const char *dir_lang = walk->self->n_languages > 0
            ? billet_site_get_dir_language (walk->self->site, real != NULL ? real : child_abs) : NULL;

          /* Another language's content folder inside this one (content/
           * and content/fr/) is that language's, and its own top. From
           * the site's root, it is walked on its own. */
          if (dir_lang != NULL && walk->from_root)
            continue;
          if (dir_lang != NULL)
            {
              const char *saved = walk->lang;

              walk->lang = dir_lang;
              walk_dir (walk, child_abs, child_rel, "", in_drafts, &cst, depth + 1);
              walk->lang = saved;
            }
          else
            walk_dir (walk, child_abs, child_rel, child_content,
                      in_drafts || g_str_equal (child, "_drafts"), &cst, depth + 1);
        }
      else if (S_ISREG (cst.st_mode) && billet_index_is_post_name (child))
        {
          BilletIndexFile *file;
          char *fid = file_id (&cst);
          const char *first = g_hash_table_lookup (walk->visited_files, fid);
          const char *lang = walk->lang;
          const char *named = NULL;

          if (first != NULL)
            {
              g_autofree char *shown = billet_file_display_name (first);
              g_autofree char *message = g_strdup_printf (_("The same file as “%s”: skipped"), shown);

              walk_note (walk, child_rel, message);
              g_free (fid);
              continue;
            }
          g_hash_table_insert (walk->visited_files, fid, g_strdup (child_rel));

          file = g_new0 (BilletIndexFile, 1);
          file->real_path = real != NULL ? g_steal_pointer (&real) : g_steal_pointer (&child_abs);
          file->path = g_steal_pointer (&child_rel);
          /* A language's own folder decides; else the name's, as Hugo does. */
          if (walk->self->n_languages > 0 && (named = name_language (walk->self->site, child)) != NULL &&
              lang == NULL)
            lang = named;
          file->lang = g_strdup (lang);
          /* Astro's collections are src/content's folders */
          if (walk->collection != NULL)
            file->collection = g_strdup (walk->collection);
          else if (billet_site_get_kind (walk->self->site) == BILLET_SITE_ASTRO &&
                   strchr (child_content, '/') != NULL)
            file->collection = g_strndup (child_content, strcspn (child_content, "/"));
          /* Jekyll's posts keep their place; other collections go to theirs */
          if (walk->collection != NULL &&
              !(g_str_equal (walk->collection, "posts") &&
                billet_site_get_kind (walk->self->site) == BILLET_SITE_JEKYLL))
            file->output_path = collection_output_path (walk->collection, child_content, walk->permalink);
          else
            file->output_path = output_path_for (child_content,
                                                 billet_site_get_language_subdir (walk->self->site, lang),
                                                 named != NULL ? strlen (named) : 0);
          file->content_path = g_steal_pointer (&child_content);
          file->in_drafts = in_drafts;
          g_ptr_array_add (walk->files, file);
          walk_queue (walk, FALSE);
        }
      else if (S_ISREG (cst.st_mode) && is_other_content (child, in_bundle))
        g_ptr_array_add (walk->skipped, g_steal_pointer (&child_rel));
    }
}

static gboolean
has_drafts_component (const char *path)
{
  g_auto(GStrv) parts = g_strsplit (path, "/", -1);

  for (guint i = 0; parts[i] != NULL; i++)
    if (g_str_equal (parts[i], "_drafts"))
      return TRUE;
  return FALSE;
}

/* @path relative to @dir, if it is @dir or below it, else NULL. */
static const char *
relative_to (const char *path,
             const char *dir)
{
  gsize len = strlen (dir);

  if (strncmp (path, dir, len) != 0)
    return NULL;
  if (path[len] == '\0')
    return path + len;
  if (path[len] == '/')
    return path + len + 1;
  if (len == 1 && dir[0] == '/')
    return path + 1;
  return NULL;
}

/**
 * billet_index_walk:
 * @notes: (element-type BilletIndexNote): where to add what was left out
 *
 * Lists the post files of the folder, in a fixed order. When the folder is
 * the site's root, its content folders are walked; otherwise the folder
 * itself. Blocks; safe to call from any thread.
 *
 * Returns: (transfer full) (element-type BilletIndexFile): the files
 */
static GPtrArray *
walk_site (BilletIndex *self,
           GPtrArray   *notes,
           GThreadPool *pool)
{
  g_autoptr(GHashTable) visited_dirs = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) visited_files = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  GPtrArray *files = g_ptr_array_new_with_free_func ((GDestroyNotify) billet_index_file_free);
  const char * const *content_dirs = billet_site_get_content_dirs (self->site);
  g_autoptr(GPtrArray) skipped = g_ptr_array_new_with_free_func (g_free);
  Walk walk = { self, files, notes, visited_dirs, visited_files, self->folder, NULL, NULL, NULL,
                skipped, FALSE, pool, 0 };

  if (g_str_equal (self->folder, billet_site_get_root (self->site)))
    {
      for (guint i = 0; content_dirs[i] != NULL; i++)
        {
          const char *rel = relative_to (content_dirs[i], self->folder);
          GStatBuf st;

          if (rel == NULL || g_stat (content_dirs[i], &st) != 0)
            continue;
          walk.from_root = TRUE;
          walk.lang = billet_site_get_dir_language (self->site, content_dirs[i]);
          walk.collection = billet_site_get_dir_collection (self->site, content_dirs[i], &walk.permalink);
          walk_dir (&walk, content_dirs[i], rel, "", has_drafts_component (rel), &st, 0);
        }
    }
  else
    {
      const char *content = NULL;
      GStatBuf st;

      /* Below a content folder, pages keep their place in the site. The
       * innermost content folder counts (content/fr in content/). */
      for (guint i = 0; content_dirs[i] != NULL; i++)
        {
          const char *below = relative_to (self->folder, content_dirs[i]);

          if (below != NULL && (content == NULL || strlen (below) < strlen (content)))
            {
              content = below;
              walk.lang = billet_site_get_dir_language (self->site, content_dirs[i]);
              walk.collection = billet_site_get_dir_collection (self->site, content_dirs[i], &walk.permalink);
            }
        }
      if (content == NULL)
        content = "";

      if (g_stat (self->folder, &st) == 0)
        walk_dir (&walk, self->folder, "", content, has_drafts_component (self->folder), &st, 0);
    }

  walk_queue (&walk, TRUE);

  g_mutex_lock (&self->lock);
  g_ptr_array_set_size (self->skipped, 0);
  g_ptr_array_extend_and_steal (self->skipped, g_steal_pointer (&skipped));
  g_ptr_array_sort (self->skipped, compare_strings);
  g_mutex_unlock (&self->lock);

  return files;
}

GPtrArray *
billet_index_walk (BilletIndex *self,
                   GPtrArray   *notes)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (notes != NULL, NULL);

  return walk_site (self, notes, NULL);
}

/* The index */

/**
 * billet_index_new:
 * @folder: a folder: a site's root, one of its content folders, or any
 *   folder of posts
 * @error: set when @folder is not a readable folder
 *
 * Returns: (transfer full) (nullable): an index, not yet filled
 */
BilletIndex *
billet_index_new (const char  *folder,
                  GError     **error)
{
  return billet_index_new_for_environment (folder, NULL, error);
}

/**
 * billet_index_new_for_environment:
 * @environment: (nullable): Hugo's configuration environment, see
 *   billet_site_new_for_environment()
 *
 * billet_index_new() of a site read in @environment.
 *
 * Returns: (transfer full) (nullable): the index
 */
BilletIndex *
billet_index_new_for_environment (const char  *folder,
                                  const char  *environment,
                                  GError     **error)
{
  char real[PATH_MAX];
  BilletIndex *self;
  BilletSite *site;

  g_return_val_if_fail (folder != NULL, NULL);

  if (realpath (folder, real) == NULL)
    {
      int saved = errno;
      g_autofree char *shown = billet_file_display_name (folder);

      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved),
                   _("Cannot open “%s”: %s"), shown, g_strerror (saved));
      return NULL;
    }
  if (!g_file_test (real, G_FILE_TEST_IS_DIR))
    {
      g_autofree char *shown = billet_file_display_name (folder);

      g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_NOTDIR, _("“%s” is not a folder"), shown);
      return NULL;
    }
  if (!(site = billet_site_new_for_environment (real, environment, error)))
    return NULL;

  self = g_new0 (BilletIndex, 1);
  g_atomic_ref_count_init (&self->ref_count);
  self->site = site;
  self->folder = g_strdup (real);
  self->now = g_get_real_time () / G_USEC_PER_SEC;
  g_mutex_init (&self->lock);
  g_mutex_init (&self->deliver_lock);
  self->posts = g_ptr_array_new_with_free_func ((GDestroyNotify) billet_post_summary_free);
  self->notes = g_ptr_array_new_with_free_func ((GDestroyNotify) billet_index_note_free);
  self->skipped = g_ptr_array_new_with_free_func (g_free);
  self->n_languages = g_strv_length ((char **) billet_site_get_languages (site));
  return self;
}

/**
 * billet_index_set_head_only:
 * @head_only: whether to read each post only as far as a list of posts
 *   needs (the front matter, and the first heading when it has no title)
 *
 * For `billet list`: the summaries are the same, but for what only the
 * rest of a post could tell — an encoding problem or a NUL byte in the
 * body is not seen. Set before the index runs.
 */
void
billet_index_set_head_only (BilletIndex *self,
                            gboolean     head_only)
{
  g_return_if_fail (self != NULL);

  self->head_only = head_only;
}

BilletIndex *
billet_index_ref (BilletIndex *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

void
billet_index_unref (BilletIndex *self)
{
  g_return_if_fail (self != NULL);

  if (!g_atomic_ref_count_dec (&self->ref_count))
    return;

  /* The indexing thread holds a reference: if this is the last one, this
   * is that thread, which must not join itself. */
  if (self->thread != NULL)
    g_thread_unref (self->thread);
  billet_site_unref (self->site);
  g_free (self->folder);
  g_ptr_array_unref (self->posts);
  g_ptr_array_unref (self->notes);
  g_ptr_array_unref (self->skipped);
  billet_index_batch_free (self->pending);
  g_mutex_clear (&self->lock);
  g_mutex_clear (&self->deliver_lock);
  g_free (self);
}

/**
 * billet_index_get_site:
 *
 * Returns: (transfer none): the site the folder belongs to
 */
BilletSite *
billet_index_get_site (BilletIndex *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->site;
}

/**
 * billet_index_get_folder:
 *
 * Returns: the indexed folder, absolute, links resolved
 */
const char *
billet_index_get_folder (BilletIndex *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->folder;
}

/* Hands the pending batch to the receiver when it is full (or @done). */
static void
deliver (BilletIndex *self,
         GPtrArray   *posts,
         GPtrArray   *notes,
         gboolean     done)
{
  BilletIndexBatch *batch = NULL;

  g_mutex_lock (&self->lock);
  if (self->pending == NULL)
    self->pending = batch_new ();
  if (posts != NULL)
    g_ptr_array_extend_and_steal (self->pending->posts, g_ptr_array_ref (posts));
  if (notes != NULL)
    g_ptr_array_extend_and_steal (self->pending->notes, g_ptr_array_ref (notes));
  if (done || self->pending->posts->len >= POSTS_PER_BATCH)
    batch = g_steal_pointer (&self->pending);
  g_mutex_unlock (&self->lock);

  if (batch == NULL)
    return;
  batch->done = done;
  g_mutex_lock (&self->deliver_lock);
  self->func (self, batch, self->user_data);
  g_mutex_unlock (&self->deliver_lock);
}

/* Summarises a chunk of files (borrowed) that the walk found. */
static void
summarize_task (gpointer data,
                gpointer user_data)
{
  g_autoptr(GPtrArray) chunk = data;
  BilletIndex *self = user_data;
  g_autoptr(GPtrArray) posts = g_ptr_array_new_with_free_func ((GDestroyNotify) billet_post_summary_free);
  g_autoptr(GPtrArray) notes = g_ptr_array_new_with_free_func ((GDestroyNotify) billet_index_note_free);

  for (guint i = 0; i < chunk->len; i++)
    {
      BilletIndexNote *note = NULL;
      BilletPostSummary *summary;

      if (g_atomic_int_get (&self->cancelled))
        break;
      summary = billet_index_summarize (self, g_ptr_array_index (chunk, i), NULL, &note);
      if (summary != NULL)
        g_ptr_array_add (posts, summary);
      if (note != NULL)
        g_ptr_array_add (notes, note);
    }
  deliver (self, posts, notes, FALSE);
}

static gpointer
index_thread (gpointer data)
{
  BilletIndex *self = data;
  g_autoptr(GPtrArray) notes = g_ptr_array_new_with_free_func ((GDestroyNotify) billet_index_note_free);
  g_autoptr(GPtrArray) files = NULL;
  GThreadPool *pool;

  /* The workers summarise the files while the walk goes on finding more. */
  pool = g_thread_pool_new (summarize_task, self, (int) MAX (1, g_get_num_processors ()), FALSE, NULL);
  files = walk_site (self, notes, pool);
  deliver (self, NULL, notes, FALSE);
  /* Waits for every queued task (cancelled ones return at once). */
  g_thread_pool_free (pool, FALSE, TRUE);

  deliver (self, NULL, NULL, TRUE);
  if (self->destroy != NULL)
    self->destroy (self->user_data);
  billet_index_unref (self);
  return NULL;
}

/**
 * billet_index_start:
 * @func: called with each batch of posts and notes, from worker threads
 *   (see #BilletIndexBatchFunc); the last batch has `done` set
 * @user_data: for @func
 * @destroy: (nullable): frees @user_data after the last batch
 *
 * Starts indexing in the background and returns at once. Batches arrive
 * in no particular order: sort the posts with billet_post_summary_compare().
 * Call once per index. billet_index_cancel() stops early (the last batch
 * still arrives); billet_index_wait() blocks until the end.
 */
void
billet_index_start (BilletIndex          *self,
                    BilletIndexBatchFunc  func,
                    gpointer              user_data,
                    GDestroyNotify        destroy)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (func != NULL);
  g_return_if_fail (self->thread == NULL);

  self->func = func;
  self->user_data = user_data;
  self->destroy = destroy;
  self->thread = g_thread_new ("billet-index", index_thread, billet_index_ref (self));
}

/**
 * billet_index_cancel:
 *
 * Asks the workers to stop; safe from any thread.
 */
void
billet_index_cancel (BilletIndex *self)
{
  g_return_if_fail (self != NULL);
  g_atomic_int_set (&self->cancelled, TRUE);
}

/**
 * billet_index_wait:
 *
 * Blocks until the last batch has been delivered. Not from the callback.
 */
void
billet_index_wait (BilletIndex *self)
{
  g_return_if_fail (self != NULL);

  if (self->thread != NULL)
    {
      g_thread_join (self->thread);
      self->thread = NULL;
    }
}

static void
collect (BilletIndex      *index,
         BilletIndexBatch *batch,
         gpointer          user_data)
{
  /* Delivery is serialised: no lock needed for posts and notes. */
  g_ptr_array_extend_and_steal (index->posts, g_ptr_array_ref (batch->posts));
  g_ptr_array_extend_and_steal (index->notes, g_ptr_array_ref (batch->notes));
  billet_index_batch_free (batch);
}

/**
 * billet_index_run:
 *
 * Walks the folder and summarises every post on all cores, then sorts
 * them (billet_post_summary_compare()) and the notes (by path). Blocks.
 */
void
billet_index_run (BilletIndex *self)
{
  g_return_if_fail (self != NULL);

  billet_index_start (self, collect, NULL, NULL);
  billet_index_wait (self);
  g_ptr_array_sort (self->posts, billet_post_summary_compare);
  g_ptr_array_sort (self->notes, compare_notes);
}

/**
 * billet_index_get_posts:
 *
 * Returns: (transfer none) (element-type BilletPostSummary): after
 *   billet_index_run(), the posts, newest first
 */
GPtrArray *
billet_index_get_posts (BilletIndex *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->posts;
}

/**
 * billet_index_get_notes:
 *
 * Returns: (transfer none) (element-type BilletIndexNote): after
 *   billet_index_run(), what was left out, by path
 */
GPtrArray *
billet_index_get_notes (BilletIndex *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->notes;
}

/**
 * billet_index_get_skipped:
 *
 * Returns: (transfer none) (element-type utf8): after a walk, the content
 *   files a generator would read but Billet does not (`.adoc`, `.org`,
 *   `.rst`, `.html`…), relative to the folder, in path order
 */
GPtrArray *
billet_index_get_skipped (BilletIndex *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->skipped;
}
