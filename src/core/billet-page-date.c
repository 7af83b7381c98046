/* billet-page-date.c — a post's date as a page shows it, in the page's language
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A front matter's date is written for machines ("2024-06-18T07:45:00+02:00");
 * the page shows it for people, in the page's language (« 18 juin 2024 »,
 * "June 18, 2024"), inside <time datetime="…"> with the value as written.
 * The day is the one written, in the offset written: never converted to the
 * reader's or the renderer's time zone. The words come from the small table
 * below, not from the C library's locale, so the result depends only on the
 * page: a French post exported from an English session still reads
 * « 18 juin 2024 », and no locale needs to be installed. Languages without
 * an entry show the ISO date, which every reader can read.
 */

#include "config.h"

#include <string.h>

#include "billet-js-date.h"
#include "billet-page-text.h"

typedef enum
{
  DAY_MONTH_YEAR,    /* 18 juin 2024, 18 June 2024 */
  MONTH_DAY_YEAR,    /* June 18, 2024 */
} DateOrder;

typedef struct
{
  const char *language;     /* the primary subtag */
  DateOrder   order;
  const char *first_day;    /* how the first of a month is written, or NULL */
  const char *months[12];
} DateStyle;

static const DateStyle english = {
  "en", MONTH_DAY_YEAR, NULL,
  { "January", "February", "March", "April", "May", "June", "July", "August",
    "September", "October", "November", "December" },
};

/* British usage, which most of the English-speaking world outside North
 * America shares. */
static const DateStyle english_day_first = {
  "en", DAY_MONTH_YEAR, NULL,
  { "January", "February", "March", "April", "May", "June", "July", "August",
    "September", "October", "November", "December" },
};

/* French typography writes the first of a month as an ordinal (« 1er mai »). */
static const DateStyle french = {
  "fr", DAY_MONTH_YEAR, "1er",
  { "janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août",
    "septembre", "octobre", "novembre", "décembre" },
};

static const char * const english_day_first_regions[] = {
  "GB", "IE", "AU", "NZ", "ZA", "IN",
};

/* The style for a language tag, or NULL for the ISO date. */
static const DateStyle *
style_for_lang (const char *lang)
{
  gsize len;

  if (lang == NULL)
    return &english;

  len = strcspn (lang, "-_");
  if (len == 2 && g_ascii_strncasecmp (lang, "fr", 2) == 0)
    return &french;
  if (len == 2 && g_ascii_strncasecmp (lang, "en", 2) == 0)
    {
      const char *region = lang[len] != '\0' ? lang + len + 1 : "";

      for (guint i = 0; i < G_N_ELEMENTS (english_day_first_regions); i++)
        {
          if (g_ascii_strncasecmp (region, english_day_first_regions[i], 2) == 0 &&
              (region[2] == '\0' || region[2] == '-' || region[2] == '_'))
            return &english_day_first;
        }
      return &english;
    }

  return NULL;
}

/* Reads @min to @max digits at *@p. */
static gboolean
read_number (const char **p,
             guint        min,
             guint        max,
             guint       *value)
{
  guint n = 0;

  *value = 0;
  while (n < max && g_ascii_isdigit ((*p)[0]))
    {
      *value = *value * 10 + (guint) ((*p)[0] - '0');
      (*p)++;
      n++;
    }
  return n >= min && !g_ascii_isdigit ((*p)[0]);
}

static gboolean
is_blank (char c)
{
  return c == ' ' || c == '\t';
}

/* Whether @text is a date as YAML (1.1 timestamps) and TOML write them,
 * the forms Hugo, Jekyll and Astro read: YYYY-MM-DD, optionally followed by
 * a time (T or spaces, H:MM[:SS[.fraction]]) and an offset (Z, ±H[H][[:]MM],
 * optionally after spaces). */
static gboolean
parse_date (const char *text,
            guint      *year,
            guint      *month,
            guint      *day)
{
  const char *p = text;
  guint hour, minute, second;

  if (!read_number (&p, 4, 4, year) || *p++ != '-' ||
      !read_number (&p, 2, 2, month) || *p++ != '-' ||
      !read_number (&p, 2, 2, day))
    return FALSE;
  if (*year < 1 || *month < 1 || *month > 12 || !g_date_valid_dmy ((GDateDay) *day, (GDateMonth) *month, (GDateYear) *year))
    return FALSE;
  if (*p == '\0')
    return TRUE;

  if (*p == 'T' || *p == 't')
    p++;
  else if (is_blank (*p))
    while (is_blank (*p))
      p++;
  else
    return FALSE;

  if (!read_number (&p, 1, 2, &hour) || hour > 23 || *p++ != ':' ||
      !read_number (&p, 2, 2, &minute) || minute > 59)
    return FALSE;
  if (*p == ':')
    {
      p++;
      if (!read_number (&p, 2, 2, &second) || second > 60)
        return FALSE;
      if (*p == '.')
        {
          p++;
          if (!g_ascii_isdigit (*p))
            return FALSE;
          while (g_ascii_isdigit (*p))
            p++;
        }
    }

  while (is_blank (*p))
    p++;
  if (*p == 'Z' || *p == 'z')
    p++;
  else if (*p == '+' || *p == '-')
    {
      guint offset_hours, offset_minutes;

      p++;
      if (!read_number (&p, 1, 2, &offset_hours) || offset_hours > 23)
        return FALSE;
      if (*p == ':')
        p++;
      if (g_ascii_isdigit (*p) && (!read_number (&p, 2, 2, &offset_minutes) || offset_minutes > 59))
        return FALSE;
    }

  return *p == '\0';
}

/* YAML allows "2024-03-01 10:00:00 +01:00"; HTML wants
 * "2024-03-01T10:00:00+01:00". A date written without spaces is kept
 * exactly as it is. */
static char *
datetime_attribute (const char *text)
{
  GString *out = g_string_new (NULL);

  for (const char *p = text; *p != '\0'; p++)
    {
      if (!is_blank (*p))
        g_string_append_c (out, *p);
      else if (out->len == 10)
        g_string_append_c (out, 'T');
    }

  return g_string_free (out, FALSE);
}

/**
 * billet_page_date:
 * @lang: (nullable): the page's language tag, %NULL for English
 * @text: a date as the front matter writes it
 * @datetime: (out) (optional): the value for <time datetime="…">
 * @label: (out) (optional): the date for people, in @lang
 *
 * Reads @text as a date (see parse_date() for the forms) and writes it for
 * the readers of a page in @lang: « 18 juin 2024 », "June 18, 2024",
 * "18 June 2024" in British English, "2024-06-18" for languages we have no
 * words for. Only the day shows: the time and the offset stay in @datetime,
 * which is @text itself unless YAML's spaces had to go.
 *
 * Returns: %FALSE, with nothing set, when @text is not such a date ("Spring
 *   2024", "2024-02-30")
 */
gboolean
billet_page_date (const char  *lang,
                  const char  *text,
                  char       **datetime,
                  char       **label)
{
  g_autofree char *stripped = NULL;
  const DateStyle *style;
  guint year, month, day;

  g_return_val_if_fail (text != NULL, FALSE);

  stripped = g_strstrip (g_strdup (text));
  if (parse_date (stripped, &year, &month, &day))
    {
      if (datetime != NULL)
        *datetime = datetime_attribute (stripped);
    }
  else
    {
      BilletJsDate js;

      /* "Jul 08 2022": Astro's dates; the attribute says it in ISO */
      if (!billet_js_date_parse (stripped, &js))
        return FALSE;
      year = js.year;
      month = js.month;
      day = js.day;
      if (datetime != NULL)
        *datetime = js.has_time
          ? g_strdup_printf ("%04u-%02u-%02uT%02u:%02u:%02u", year, month, day, js.hour, js.minute, js.second)
          : g_strdup_printf ("%04u-%02u-%02u", year, month, day);
    }
  if (label == NULL)
    return TRUE;

  style = style_for_lang (lang);
  if (style == NULL)
    *label = g_strdup_printf ("%04u-%02u-%02u", year, month, day);
  else
    {
      g_autofree char *day_text = day == 1 && style->first_day != NULL
                                  ? g_strdup (style->first_day) : g_strdup_printf ("%u", day);

      if (style->order == MONTH_DAY_YEAR)
        *label = g_strdup_printf ("%s %s, %u", style->months[month - 1], day_text, year);
      else
        *label = g_strdup_printf ("%s %s %u", day_text, style->months[month - 1], year);
    }

  return TRUE;
}
