/* billet-page-text.c — the text Billet writes into a page, in the page's language
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A page says "5 min read", "Tags" or "Back to content" in its own language
 * (the post's, else the site's), not in the language of the session that
 * renders it: a French post exported from an English desktop reads
 * « 5 min de lecture ». gettext cannot do that dependably. Its answer
 * follows the process's locale, or a thread's uselocale() — but $LANGUAGE
 * still wins over either, the locale must be installed for newlocale() to
 * exist at all, and GLib decides once per process whether to translate.
 * Pages are rendered in worker threads (the preview, the export's pool), so
 * switching the process's locale is out of the question too.
 *
 * So the core reads the catalogues itself: the same billet.mo files that
 * gettext uses (po/LANG.po, compiled by the build), from the folder the
 * program bound the text domain to (bindtextdomain(), see
 * src/billet-i18n.h), for the page's language tag ("fr-CA" tries fr_CA,
 * then fr). A catalogue is mapped once and kept for the life of the
 * process; each string is checked as it is read (inside the file,
 * NUL-terminated, UTF-8). Lookups are a binary search and touch no shared
 * state but the cache's lock. A language without a catalogue (English, or one we
 * do not ship) gets the English of the source.
 *
 * Plural forms follow the catalogue's own Plural-Forms expression,
 * evaluated here (the C subset gettext defines).
 */

#include "config.h"

#include <libintl.h>
#include <string.h>

#include "billet-page-text.h"

#define MO_MAGIC         0x950412deU
#define MO_MAGIC_SWAPPED 0xde120495U
/* Our catalogue is about 50 KB; anything far larger is not ours. */
#define MAX_MO_SIZE      (16 * 1024 * 1024)
#define MAX_PLURAL_DEPTH 32

typedef struct
{
  GMappedFile  *file;
  const guint8 *data;
  gsize         size;
  gboolean      swapped;
  guint32       n;
  guint32       originals;     /* offset of the table of msgids */
  guint32       translations;  /* offset of the table of msgstrs */
  gulong        nplurals;
  char         *plural;        /* the Plural-Forms expression, or NULL */
} Catalogue;

static guint32
read_u32 (const Catalogue *cat,
          gsize            offset)
{
  guint32 value;

  memcpy (&value, cat->data + offset, sizeof value);
  return cat->swapped ? GUINT32_SWAP_LE_BE (value) : value;
}

/* The @i-th string of the table at @table (which fits in the file): its
 * text and length (which counts the NULs between plural forms, not the
 * final one), or NULL when the entry points outside the file or the
 * string is not NUL-terminated. Checked as it is read, so that loading
 * costs nothing but the mapping: a page asks for a handful of strings. */
static const char *
table_string (const Catalogue *cat,
              guint32          table,
              guint32          i,
              guint32         *len)
{
  gsize entry = (gsize) table + (gsize) i * 8;
  guint32 offset;

  *len = read_u32 (cat, entry);
  offset = read_u32 (cat, entry + 4);
  if ((gsize) offset >= cat->size || cat->size - offset <= *len || cat->data[offset + *len] != '\0')
    return NULL;
  return (const char *) cat->data + offset;
}

/* UTF-8, in each of the NUL-separated pieces (plural forms) of @len bytes. */
static gboolean
pieces_are_utf8 (const char *text,
                 gsize       len)
{
  const char *end = text + len;

  while (text < end)
    {
      gsize piece = strnlen (text, end - text);

      if (!g_utf8_validate_len (text, piece, NULL))
        return FALSE;
      text += piece + 1;
    }
  return TRUE;
}

static void
catalogue_free (Catalogue *cat)
{
  g_mapped_file_unref (cat->file);
  g_free (cat->plural);
  g_free (cat);
}

/* Index of @msgid in the sorted table of msgids, or -1. A plural entry's
 * msgid is followed by a NUL and its plural, which strcmp() does not see. */
static gint64
catalogue_find (const Catalogue *cat,
                const char      *msgid)
{
  guint32 low = 0;
  guint32 high = cat->n;

  while (low < high)
    {
      guint32 mid = low + (high - low) / 2;
      guint32 len;
      const char *original = table_string (cat, cat->originals, mid, &len);
      int c;

      if (original == NULL)
        return -1;
      c = strcmp (msgid, original);
      if (c == 0)
        return mid;
      if (c < 0)
        high = mid;
      else
        low = mid + 1;
    }

  return -1;
}

/* The header's "Plural-Forms: nplurals=N; plural=EXPR;" */
static void
read_plural_forms (Catalogue *cat)
{
  gint64 header = catalogue_find (cat, "");
  const char *text;
  const char *forms;
  const char *plural;
  const char *end;
  guint32 len;

  cat->nplurals = 2;
  if (header < 0)
    return;

  text = table_string (cat, cat->translations, (guint32) header, &len);
  if (text == NULL || (forms = strstr (text, "Plural-Forms:")) == NULL)
    return;
  end = strchr (forms, '\n');
  if (end == NULL)
    end = forms + strlen (forms);

  for (const char *p = forms; p < end; p++)
    {
      if (strncmp (p, "nplurals=", 9) == 0)
        cat->nplurals = (gulong) CLAMP (g_ascii_strtoull (p + 9, NULL, 10), 1, 16);
    }

  /* Not in "nplurals=", which has an "s" before its "=". */
  plural = g_strstr_len (forms, end - forms, "plural=");
  if (plural != NULL)
    {
      const char *expr = plural + strlen ("plural=");
      const char *stop = memchr (expr, ';', end - expr);

      cat->plural = g_strndup (expr, (stop != NULL ? stop : end) - expr);
    }
}

static Catalogue *
catalogue_load (const char *path)
{
  GMappedFile *file = g_mapped_file_new (path, FALSE, NULL);
  Catalogue *cat;
  guint32 magic;

  if (file == NULL)
    return NULL;

  cat = g_new0 (Catalogue, 1);
  cat->file = file;
  cat->size = g_mapped_file_get_length (file);
  cat->data = (const guint8 *) g_mapped_file_get_contents (file);
  if (cat->size < 28 || cat->size > MAX_MO_SIZE)
    {
      catalogue_free (cat);
      return NULL;
    }

  memcpy (&magic, cat->data, sizeof magic);
  if (magic != MO_MAGIC && magic != MO_MAGIC_SWAPPED)
    {
      catalogue_free (cat);
      return NULL;
    }
  cat->swapped = magic == MO_MAGIC_SWAPPED;
  /* Revision 0 is the only one whose layout we read (the major number is
   * in the high half; a minor revision only adds what we do not use). */
  if ((read_u32 (cat, 4) >> 16) != 0)
    {
      catalogue_free (cat);
      return NULL;
    }
  cat->n = read_u32 (cat, 8);
  cat->originals = read_u32 (cat, 12);
  cat->translations = read_u32 (cat, 16);

  /* Both tables inside the file; their strings are checked as read. */
  if ((gsize) cat->originals > cat->size || (cat->size - cat->originals) / 8 < cat->n ||
      (gsize) cat->translations > cat->size || (cat->size - cat->translations) / 8 < cat->n)
    {
      catalogue_free (cat);
      return NULL;
    }

  read_plural_forms (cat);
  return cat;
}

/* Plural-Forms expressions: C's ?:, ||, &&, ==, !=, <, >, <=, >=, +, -,
 * *, /, %, !, parentheses, decimal numbers and n, evaluated as they are
 * parsed. Anything else, or a division by zero, marks the result bad. */
typedef struct
{
  const char *p;
  gulong      n;
  guint       depth;
  gboolean    bad;
} Plural;

static gulong plural_ternary (Plural *s);

static void
plural_skip (Plural *s)
{
  while (*s->p == ' ' || *s->p == '\t' || *s->p == '\n' || *s->p == '\r')
    s->p++;
}

static gboolean
plural_accept (Plural     *s,
               const char *token)
{
  gsize len = strlen (token);

  plural_skip (s);
  if (strncmp (s->p, token, len) != 0)
    return FALSE;
  /* "<" is not the start of "<=", nor "!" of "!=", nor "=" alone valid. */
  if (len == 1 && (token[0] == '<' || token[0] == '>' || token[0] == '!') && s->p[1] == '=')
    return FALSE;
  s->p += len;
  return TRUE;
}

static gulong
plural_primary (Plural *s)
{
  gulong value = 0;

  plural_skip (s);
  if (s->bad || ++s->depth > MAX_PLURAL_DEPTH)
    {
      s->bad = TRUE;
      return 0;
    }

  if (plural_accept (s, "!"))
    value = !plural_primary (s);
  else if (plural_accept (s, "("))
    {
      value = plural_ternary (s);
      if (!plural_accept (s, ")"))
        s->bad = TRUE;
    }
  else if (*s->p == 'n')
    {
      s->p++;
      value = s->n;
    }
  else if (g_ascii_isdigit (*s->p))
    {
      char *end;

      value = (gulong) g_ascii_strtoull (s->p, &end, 10);
      s->p = end;
    }
  else
    s->bad = TRUE;

  s->depth--;
  return value;
}

static gulong
plural_product (Plural *s)
{
  gulong value = plural_primary (s);

  for (;;)
    {
      gboolean times = plural_accept (s, "*");
      gboolean divide = !times && plural_accept (s, "/");
      gboolean modulo = !times && !divide && plural_accept (s, "%");
      gulong right;

      if (!times && !divide && !modulo)
        return value;
      right = plural_primary (s);
      if (times)
        value *= right;
      else if (right == 0)
        s->bad = TRUE;
      else
        value = divide ? value / right : value % right;
    }
}

static gulong
plural_sum (Plural *s)
{
  gulong value = plural_product (s);

  for (;;)
    {
      if (plural_accept (s, "+"))
        value += plural_product (s);
      else if (plural_accept (s, "-"))
        value -= plural_product (s);
      else
        return value;
    }
}

static gulong
plural_relation (Plural *s)
{
  gulong value = plural_sum (s);

  for (;;)
    {
      if (plural_accept (s, "<="))
        value = value <= plural_sum (s);
      else if (plural_accept (s, ">="))
        value = value >= plural_sum (s);
      else if (plural_accept (s, "<"))
        value = value < plural_sum (s);
      else if (plural_accept (s, ">"))
        value = value > plural_sum (s);
      else
        return value;
    }
}

static gulong
plural_equality (Plural *s)
{
  gulong value = plural_relation (s);

  for (;;)
    {
      if (plural_accept (s, "=="))
        value = value == plural_relation (s);
      else if (plural_accept (s, "!="))
        value = value != plural_relation (s);
      else
        return value;
    }
}

static gulong
plural_and (Plural *s)
{
  gulong value = plural_equality (s);

  while (plural_accept (s, "&&"))
    {
      gulong right = plural_equality (s);

      value = value && right;
    }
  return value;
}

static gulong
plural_or (Plural *s)
{
  gulong value = plural_and (s);

  while (plural_accept (s, "||"))
    {
      gulong right = plural_and (s);

      value = value || right;
    }
  return value;
}

static gulong
plural_ternary (Plural *s)
{
  gulong condition;
  gulong yes, no;

  if (++s->depth > MAX_PLURAL_DEPTH)
    {
      s->bad = TRUE;
      return 0;
    }
  condition = plural_or (s);
  if (plural_accept (s, "?"))
    {
      yes = plural_ternary (s);
      if (!plural_accept (s, ":"))
        s->bad = TRUE;
      no = plural_ternary (s);
      condition = condition ? yes : no;
    }
  s->depth--;
  return condition;
}

/* Which plural form of @cat a count of @n takes. */
static gulong
catalogue_plural_index (const Catalogue *cat,
                        gulong           n)
{
  Plural s = { cat->plural, n, 0, FALSE };
  gulong index;

  if (cat->plural == NULL)
    return n == 1 ? 0 : 1;

  index = plural_ternary (&s);
  plural_skip (&s);
  if (s.bad || *s.p != '\0')
    index = n == 1 ? 0 : 1;
  return MIN (index, cat->nplurals - 1);
}

/* Cache */

static GMutex cache_lock;
/* "FOLDER\x1fll_CC" → Catalogue, or NULL when there is none: read once,
 * kept until the process ends (pointers into them are handed out). */
static GHashTable *cache;

static const Catalogue *
lookup_catalogue (const char *dir,
                  const char *name)
{
  g_autofree char *key = g_strconcat (dir, "\x1f", name, NULL);
  gpointer found = NULL;

  g_mutex_lock (&cache_lock);
  if (cache == NULL)
    cache = g_hash_table_new (g_str_hash, g_str_equal);
  if (!g_hash_table_lookup_extended (cache, key, NULL, &found))
    {
      g_autofree char *path = g_build_filename (dir, name, "LC_MESSAGES", GETTEXT_PACKAGE ".mo", NULL);

      found = catalogue_load (path);
      g_hash_table_insert (cache, g_steal_pointer (&key), found);
    }
  g_mutex_unlock (&cache_lock);

  return found;
}

/* The catalogue for a language tag ("fr", "fr-CA", "pt_BR"): the one of
 * language and region if there is one, else the language's; NULL when we
 * have none (English is the source's language). */
static const Catalogue *
catalogue_for_lang (const char *lang)
{
  g_autofree char *language = NULL;
  const char *dir;
  const char *subtag;
  gsize len;

  if (lang == NULL)
    return NULL;

  len = strspn (lang, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ");
  if (len < 2 || len > 8 || (lang[len] != '\0' && lang[len] != '-' && lang[len] != '_'))
    return NULL;
  language = g_ascii_strdown (lang, len);

  /* Where the program bound its catalogues: LOCALEDIR, or the build's. */
  dir = bindtextdomain (GETTEXT_PACKAGE, NULL);
  if (dir == NULL)
    return NULL;

  subtag = lang[len] != '\0' ? lang + len + 1 : NULL;
  if (subtag != NULL)
    {
      gsize region_len = strspn (subtag, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789");

      if ((region_len == 2 || region_len == 3) &&
          (subtag[region_len] == '\0' || subtag[region_len] == '-' || subtag[region_len] == '_'))
        {
          g_autofree char *region = g_ascii_strup (subtag, region_len);
          g_autofree char *name = g_strconcat (language, "_", region, NULL);
          const Catalogue *cat = lookup_catalogue (dir, name);

          if (cat != NULL)
            return cat;
        }
    }

  return lookup_catalogue (dir, language);
}

/* The @form-th plural form of entry @i's translation, or NULL when it has
 * none (an empty translation means "not translated", as for gettext). */
static const char *
translation (const Catalogue *cat,
             gint64           i,
             gulong           form)
{
  guint32 len;
  const char *text;
  const char *end;

  if (i < 0)
    return NULL;

  text = table_string (cat, cat->translations, (guint32) i, &len);
  /* Text a page may hold, or none. */
  if (text == NULL || !pieces_are_utf8 (text, len))
    return NULL;
  end = text + len;
  for (gulong k = 0; k < form && text < end; k++)
    text += strlen (text) + 1;
  if (text >= end || *text == '\0')
    return NULL;
  return text;
}

/**
 * billet_page_text:
 * @lang: (nullable): the page's language tag, %NULL for English
 * @msgid: the English text
 *
 * The translation of @msgid into @lang from Billet's own catalogues,
 * whatever the locale of the process or the thread. Safe to call from
 * any thread.
 *
 * Returns: the text; it lives as long as the process
 */
const char *
billet_page_text (const char *lang,
                  const char *msgid)
{
  const Catalogue *cat;
  const char *text = NULL;

  g_return_val_if_fail (msgid != NULL, NULL);

  cat = catalogue_for_lang (lang);
  if (cat != NULL && *msgid != '\0')
    text = translation (cat, catalogue_find (cat, msgid), 0);
  return text != NULL ? text : msgid;
}

/**
 * billet_page_ntext:
 * @lang: (nullable): the page's language tag, %NULL for English
 * @msgid: the English singular
 * @msgid_plural: the English plural
 * @n: the count the text is about
 *
 * As billet_page_text(), with the plural form that @lang uses for @n.
 *
 * Returns: the text; it lives as long as the process
 */
const char *
billet_page_ntext (const char *lang,
                   const char *msgid,
                   const char *msgid_plural,
                   gulong      n)
{
  const Catalogue *cat;
  const char *text = NULL;

  g_return_val_if_fail (msgid != NULL, NULL);
  g_return_val_if_fail (msgid_plural != NULL, NULL);

  cat = catalogue_for_lang (lang);
  if (cat != NULL && *msgid != '\0')
    text = translation (cat, catalogue_find (cat, msgid), catalogue_plural_index (cat, n));
  if (text != NULL)
    return text;
  return n == 1 ? msgid : msgid_plural;
}
