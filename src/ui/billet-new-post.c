/* billet-new-post.c — a new post's file name and first front matter
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A new post in an open site starts as the site would start it: from the
 * Hugo archetype of its section (archetypes/SECTION.md), else the default
 * one, with the two idioms nearly every archetype uses filled in — the date
 * ({{ .Date }}) and the title made from the file name
 * ({{ replace .File.ContentBaseName "-" " " | title }}), for which the
 * title the author typed is better than one rebuilt from its slug. Without
 * an archetype: title, date (in the form the section's posts write it),
 * draft: true and an empty list of tags.
 */

#define G_LOG_DOMAIN "Billet"

#include "config.h"

#include <string.h>

#include <glib/gstdio.h>

#include "billet-new-post.h"

/**
 * billet_new_post_slug:
 *
 * Returns: (transfer full): a file name stem for @title: ASCII, accents
 *   folded, lower case, words joined by dashes ("post" if nothing is left)
 */
char *
billet_new_post_slug (const char *title)
{
  g_autofree char *ascii = g_str_to_ascii (title ? title : "", "C");
  GString *slug = g_string_new (NULL);

  for (const char *p = ascii; *p; p++)
    {
      if (g_ascii_isalnum (*p))
        g_string_append_c (slug, g_ascii_tolower (*p));
      else if (*p != '\'' && slug->len > 0 && slug->str[slug->len - 1] != '-')
        g_string_append_c (slug, '-');
    }
  while (slug->len > 0 && slug->str[slug->len - 1] == '-')
    g_string_truncate (slug, slug->len - 1);
  /* Long titles make unwieldy URLs: cut at a dash. */
  if (slug->len > 60)
    {
      char *dash = g_strrstr_len (slug->str, 60, "-");

      g_string_truncate (slug, dash != NULL ? (gsize) (dash - slug->str) : 60);
    }
  if (slug->len == 0)
    g_string_append (slug, "post");
  return g_string_free (slug, FALSE);
}

/**
 * billet_new_post_unique_path:
 *
 * Returns: (transfer full): DIR/SLUG.md, or DIR/SLUG-2.md… if taken (by a
 *   file or by a bundle's folder)
 */
char *
billet_new_post_unique_path (const char *dir,
                             const char *slug)
{
  for (guint n = 1; ; n++)
    {
      g_autofree char *stem = n == 1 ? g_strdup (slug) : g_strdup_printf ("%s-%u", slug, n);
      g_autofree char *name = g_strconcat (stem, ".md", NULL);
      g_autofree char *bundle = g_build_filename (dir, stem, NULL);
      char *path = g_build_filename (dir, name, NULL);

      if (!g_file_test (path, G_FILE_TEST_EXISTS) && !g_file_test (bundle, G_FILE_TEST_EXISTS))
        return path;
      g_free (path);
    }
}

/**
 * billet_new_post_read_archetype:
 * @section: (nullable): the section the post goes to
 *
 * Returns: (transfer full) (nullable): the text of the site's archetype
 *   for @section, else its default one, else %NULL
 */
char *
billet_new_post_read_archetype (BilletSite *site,
                                const char *section)
{
  const char *root;
  char *text = NULL;

  g_return_val_if_fail (site != NULL, NULL);

  root = billet_site_get_root (site);
  if (section != NULL && *section != '\0')
    {
      g_autofree char *name = g_strconcat (section, ".md", NULL);
      g_autofree char *path = g_build_filename (root, "archetypes", name, NULL);

      if (g_file_get_contents (path, &text, NULL, NULL) && g_utf8_validate (text, -1, NULL))
        return text;
      g_clear_pointer (&text, g_free);
    }
  {
    g_autofree char *path = g_build_filename (root, "archetypes", "default.md", NULL);

    if (g_file_get_contents (path, &text, NULL, NULL) && g_utf8_validate (text, -1, NULL))
      return text;
    g_clear_pointer (&text, g_free);
  }
  return NULL;
}

/* @title as it can stand where the placeholder stood: inside double quotes,
 * single quotes, or bare (then quoted if YAML would read it otherwise). */
static char *
quote_for (const char *title,
           char        before)
{
  GString *out = g_string_new (NULL);

  if (before == '"')
    {
      for (const char *p = title; *p; p++)
        {
          if (*p == '"' || *p == '\\')
            g_string_append_c (out, '\\');
          g_string_append_c (out, *p);
        }
    }
  else if (before == '\'')
    {
      for (const char *p = title; *p; p++)
        {
          if (*p == '\'')
            g_string_append_c (out, '\'');
          g_string_append_c (out, *p);
        }
    }
  else if (strpbrk (title, ":#'\"[]{},&*!|>%@`") != NULL || *title == '-' || *title == '?')
    {
      g_string_append_c (out, '"');
      for (const char *p = title; *p; p++)
        {
          if (*p == '"' || *p == '\\')
            g_string_append_c (out, '\\');
          g_string_append_c (out, *p);
        }
      g_string_append_c (out, '"');
    }
  else
    g_string_append (out, title);
  return g_string_free (out, FALSE);
}

typedef struct
{
  const char *title;
  const char *date;
  gboolean    toml;   /* the archetype's front matter is TOML (+++) */
} Fill;

/* Whether TOML can hold @title between single quotes (a literal string:
 * no quote, no control character). */
static gboolean
fits_toml_literal (const char *title)
{
  for (const char *p = title; *p; p++)
    if (*p == '\'' || ((guchar) *p < 0x20 && *p != '\t') || *p == 0x7f)
      return FALSE;
  return TRUE;
}

/* @title as a TOML basic string's contents. */
static char *
toml_basic (const char *title)
{
  GString *out = g_string_new (NULL);

  for (const char *p = title; *p; p++)
    {
      if (*p == '"' || *p == '\\')
        g_string_append_printf (out, "\\%c", *p);
      else if (((guchar) *p < 0x20 && *p != '\t') || *p == 0x7f)
        g_string_append_printf (out, "\\u%04X", (guchar) *p);
      else
        g_string_append_c (out, *p);
    }
  return g_string_free (out, FALSE);
}

static gboolean
replace_cb (const GMatchInfo *info,
            GString          *result,
            gpointer          user_data)
{
  Fill *fill = user_data;
  g_autofree char *what = g_match_info_fetch (info, 1);
  g_autofree char *whole = g_match_info_fetch (info, 0);
  g_autofree char *after = g_match_info_fetch (info, 2);   /* a closing quote, or "" */
  int start = 0;
  char before = 0;

  g_match_info_fetch_pos (info, 0, &start, NULL);
  if (start > 0)
    before = g_match_info_get_string (info)[start - 1];

  if (g_str_has_prefix (what, ".Date"))
    {
      g_string_append (result, fill->date);
      g_string_append (result, after);
    }
  else if (strstr (what, ".File.ContentBaseName") != NULL || strstr (what, ".File.BaseFileName") != NULL ||
           strstr (what, ".File.TranslationBaseName") != NULL ||
           g_str_equal (what, ".Name") || g_str_equal (what, ".Title"))
    {
      if (fill->toml && !(before == '\'' && fits_toml_literal (fill->title)))
        {
          g_autofree char *basic = toml_basic (fill->title);

          /* TOML: a basic string, in place of the literal one that cannot
           * hold the title ('It's' is not TOML) or of none at all. */
          if (before == '\'' && after[0] == '\'')
            {
              g_string_truncate (result, result->len - 1);
              g_string_append_printf (result, "\"%s\"", basic);
            }
          else if (before == '"')
            g_string_append_printf (result, "%s%s", basic, after);
          else
            g_string_append_printf (result, "\"%s\"%s", basic, after);
        }
      else
        {
          g_autofree char *quoted = quote_for (fill->title, before);

          g_string_append (result, quoted);
          g_string_append (result, after);
        }
    }
  else
    g_string_append (result, whole);
  return FALSE;
}

/**
 * billet_new_post_contents:
 * @archetype: (nullable): the archetype's text
 * @title: what the author typed
 * @now: the time of creation
 * @date_only: without an archetype, write the date as YYYY-MM-DD
 *
 * Returns: (transfer full): the new post's text
 */
char *
billet_new_post_contents (const char *archetype,
                          const char *title,
                          GDateTime  *now,
                          gboolean    date_only)
{
  g_autofree char *date = NULL;
  g_autofree char *quoted = NULL;

  g_return_val_if_fail (title != NULL, NULL);
  g_return_val_if_fail (now != NULL, NULL);

  if (archetype != NULL)
    {
      g_autoptr(GRegex) regex = g_regex_new ("\\{\\{-?\\s*([^}]*?)\\s*-?\\}\\}(['\"]?)", 0, 0, NULL);
      Fill fill = { title, NULL, g_str_has_prefix (archetype, "+++") };

      g_autofree char *filled = NULL;

      date = g_date_time_format (now, "%Y-%m-%dT%H:%M:%S%:z");
      fill.date = date;
      filled = g_regex_replace_eval (regex, archetype, -1, 0, 0, replace_cb, &fill, NULL);
      /* A text file ends with a line break, whatever the archetype's last line. */
      if (filled != NULL && filled[0] != 0 && !g_str_has_suffix (filled, "\n"))
        return g_strconcat (filled, "\n", NULL);
      return g_steal_pointer (&filled);
    }

  date = g_date_time_format (now, date_only ? "%Y-%m-%d" : "%Y-%m-%dT%H:%M:%S%:z");
  quoted = quote_for (title, 0);
  return g_strdup_printf ("---\ntitle: %s\ndate: %s\ndraft: true\ntags: []\n---\n\n", quoted, date);
}
