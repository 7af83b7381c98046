/* billet-js-date.c — dates written as JavaScript's Date reads them
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Astro's content collections turn a front-matter string into a date with
 * JavaScript's `new Date(text)` (z.coerce.date()), which reads far more
 * than the ISO dates YAML and TOML write: "Jul 08 2022", "July 8, 2022",
 * "8 July 2022", "Fri Jul 08 2022 10:00:00", "2022/07/08", "07/08/2022"
 * (month first). This reads those forms, with English month and day
 * names as JavaScript engines know them (a month by its first three
 * letters or more), an optional time (H:MM[:SS], with AM/PM), and an
 * optional zone ("GMT", "UTC", "Z", "GMT+0200", "+02:00"); a time without
 * one is the caller's to place (the index takes it as UTC). ISO dates
 * (2022-07-08, 2022-07-08T10:00) are read too, as JavaScript reads them;
 * callers that read ISO dates their own way read them first.
 *
 * billet_js_date_with_day() writes another day in the form a text
 * already has, for the form's calendar: "Jul 08 2022" becomes
 * "Aug 15 2023", "July 8, 2022" "August 15, 2023".
 */

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "billet-js-date.h"

static const char * const months[] = {
  "january", "february", "march", "april", "may", "june",
  "july", "august", "september", "october", "november", "december",
};

static const char * const weekdays[] = {
  "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
};

/* Where each part of the date is written in the text (byte offsets and
 * lengths, 0 when absent), to write another date in the same form. */
typedef struct
{
  gsize weekday_start, weekday_len;
  gsize month_start, month_len;
  gboolean month_named;
  gsize day_start, day_len;
  gsize suffix_start, suffix_len;   /* "th" of "8th" */
  gsize year_start, year_len;
} Spans;

static void
skip_blanks (const char **p,
             gboolean     comma)
{
  while (**p == ' ' || **p == '\t' || (comma && **p == ','))
    (*p)++;
}

/* A word of letters: its length, or 0. */
static gsize
word_len (const char *p)
{
  gsize n = 0;

  while (g_ascii_isalpha (p[n]))
    n++;
  return n;
}

/* The index in @names of the word at @p (3 letters or more of one), or -1. */
static int
find_name (const char         *p,
           gsize               len,
           const char * const *names,
           guint               n_names)
{
  if (len < 3)
    return -1;
  for (guint i = 0; i < n_names; i++)
    if (len <= strlen (names[i]) && g_ascii_strncasecmp (p, names[i], len) == 0)
      return (int) i;
  return -1;
}

static gboolean
read_number (const char **p,
             guint        min_digits,
             guint        max_digits,
             guint       *value)
{
  guint n = 0;

  *value = 0;
  while (g_ascii_isdigit ((*p)[0]) && n < max_digits)
    {
      *value = *value * 10 + (guint) ((*p)[0] - '0');
      (*p)++;
      n++;
    }
  return n >= min_digits && !g_ascii_isdigit ((*p)[0]);
}

static int
read_month (const char **p)
{
  gsize len = word_len (*p);
  int month = find_name (*p, len, months, G_N_ELEMENTS (months));

  if (month >= 0)
    {
      *p += len;
      if (**p == '.')
        (*p)++;
    }
  return month;
}

/* The time and zone after a date, or nothing. */
static gboolean
read_time (const char   *p,
           BilletJsDate *date)
{
  skip_blanks (&p, TRUE);
  if (g_ascii_isdigit (*p))
    {
      if (!read_number (&p, 1, 2, &date->hour) || *p++ != ':' ||
          !read_number (&p, 2, 2, &date->minute))
        return FALSE;
      if (*p == ':')
        {
          p++;
          if (!read_number (&p, 2, 2, &date->second))
            return FALSE;
          if (*p == '.')
            for (p++; g_ascii_isdigit (*p); p++)
              ;
        }
      skip_blanks (&p, FALSE);
      if (g_ascii_strncasecmp (p, "am", 2) == 0 || g_ascii_strncasecmp (p, "pm", 2) == 0)
        {
          if (date->hour < 1 || date->hour > 12)
            return FALSE;
          date->hour = date->hour % 12 + (g_ascii_tolower (*p) == 'p' ? 12 : 0);
          p += 2;
        }
      if (date->hour > 23 || date->minute > 59 || date->second > 59)
        return FALSE;
      date->has_time = TRUE;
      skip_blanks (&p, FALSE);
      /* A zone: a name, then perhaps an offset and a "(…)" comment */
      if (g_ascii_strncasecmp (p, "GMT", 3) == 0 || g_ascii_strncasecmp (p, "UTC", 3) == 0)
        p += 3;
      else if (*p == 'Z' || *p == 'z')
        p++;
      if (*p == '+' || *p == '-')
        {
          int sign = *p++ == '-' ? -1 : 1;
          const char *digits = p;
          guint offset, minutes = 0;

          if (!read_number (&p, 1, 4, &offset))
            return FALSE;
          /* +0200 is hours and minutes; +02 or +2 hours, perhaps :MM */
          if (p - digits > 2)
            {
              minutes = offset % 100;
              offset /= 100;
            }
          else if (*p == ':')
            {
              p++;
              if (!read_number (&p, 2, 2, &minutes))
                return FALSE;
            }
          if (offset > 23 || minutes > 59)
            return FALSE;
          date->offset_minutes = sign * (int) (offset * 60 + minutes);
        }
      skip_blanks (&p, FALSE);
      if (*p == '(')
        {
          const char *close = strchr (p, ')');

          if (close == NULL)
            return FALSE;
          p = close + 1;
        }
    }
  skip_blanks (&p, FALSE);
  return *p == '\0';
}

/* The date in @text, and where its parts are written. */
#define MARK(field, from) G_STMT_START { spans->field##_start = (gsize) ((from) - text); \
                                         spans->field##_len = (gsize) (p - (from)); } G_STMT_END

static gboolean
parse (const char   *text,
       BilletJsDate *date,
       Spans        *spans)
{
  const char *p = text;
  const char *at;
  gsize len;
  int month;

  memset (date, 0, sizeof *date);
  memset (spans, 0, sizeof *spans);
  skip_blanks (&p, FALSE);

  /* A weekday first, which says nothing */
  len = word_len (p);
  if (find_name (p, len, weekdays, G_N_ELEMENTS (weekdays)) >= 0)
    {
      at = p;
      p += len;
      MARK (weekday, at);
      if (*p == '.')
        p++;
      skip_blanks (&p, TRUE);
    }

  at = p;
  if ((month = read_month (&p)) >= 0)
    {
      /* Jul 08 2022, July 8, 2022 */
      spans->month_start = (gsize) (at - text);
      spans->month_len = word_len (at);
      spans->month_named = TRUE;
      skip_blanks (&p, FALSE);
      at = p;
      if (!read_number (&p, 1, 2, &date->day))
        return FALSE;
      MARK (day, at);
      if (g_ascii_strncasecmp (p, "st", 2) == 0 || g_ascii_strncasecmp (p, "nd", 2) == 0 ||
          g_ascii_strncasecmp (p, "rd", 2) == 0 || g_ascii_strncasecmp (p, "th", 2) == 0)
        {
          at = p;
          p += 2;
          MARK (suffix, at);
        }
      skip_blanks (&p, TRUE);
      at = p;
      if (!read_number (&p, 4, 4, &date->year))
        return FALSE;
      MARK (year, at);
      date->month = (guint) month + 1;
    }
  else if (g_ascii_isdigit (*p))
    {
      const char *start = p;
      guint a, b;

      if (read_number (&p, 4, 4, &a) && (*p == '/' || *p == '-'))
        {
          /* 2022/07/08, 2022-07-08 */
          char sep = *p;

          /* ISO's form has two digits each; the slashed one may not */
          guint min_digits = sep == '-' ? 2 : 1;

          MARK (year, start);
          p++;
          at = p;
          if (!read_number (&p, min_digits, 2, &date->month))
            return FALSE;
          MARK (month, at);
          if (*p++ != sep)
            return FALSE;
          at = p;
          if (!read_number (&p, min_digits, 2, &date->day))
            return FALSE;
          MARK (day, at);
          date->year = a;
          /* 2022-07-08T10:00 */
          if (sep == '-' && (*p == 'T' || *p == 't') && g_ascii_isdigit (p[1]))
            p++;
        }
      else
        {
          p = start;
          if (!read_number (&p, 1, 2, &a))
            return FALSE;
          if (*p == '/')
            {
              /* 07/08/2022: month first */
              MARK (month, start);
              p++;
              at = p;
              if (!read_number (&p, 1, 2, &b))
                return FALSE;
              MARK (day, at);
              if (*p++ != '/')
                return FALSE;
              at = p;
              if (!read_number (&p, 4, 4, &date->year))
                return FALSE;
              MARK (year, at);
              date->month = a;
              date->day = b;
            }
          else
            {
              /* 8 July 2022 */
              MARK (day, start);
              skip_blanks (&p, FALSE);
              at = p;
              if ((month = read_month (&p)) < 0)
                return FALSE;
              spans->month_start = (gsize) (at - text);
              spans->month_len = word_len (at);
              spans->month_named = TRUE;
              skip_blanks (&p, TRUE);
              at = p;
              if (!read_number (&p, 4, 4, &date->year))
                return FALSE;
              MARK (year, at);
              date->day = a;
              date->month = (guint) month + 1;
            }
        }
    }
  else
    return FALSE;

  if (date->year < 1 || date->month < 1 || date->month > 12 ||
      !g_date_valid_dmy ((GDateDay) date->day, (GDateMonth) date->month, (GDateYear) date->year))
    return FALSE;
  return read_time (p, date);
}

#undef MARK

/**
 * billet_js_date_parse:
 * @text: a date as an author writes it for Astro
 * @date: (out): its parts
 *
 * Returns: whether @text is a valid date in one of the forms at the top of
 *   this file
 */
gboolean
billet_js_date_parse (const char   *text,
                      BilletJsDate *date)
{
  Spans spans;

  g_return_val_if_fail (text != NULL, FALSE);
  g_return_val_if_fail (date != NULL, FALSE);

  return parse (text, date, &spans);
}

/* @name written as @model is: whole or its first three letters, in the
 * same case (JUL, Jul, jul). */
static void
append_name (GString    *out,
             const char *name,
             const char *model,
             gsize       model_len,
             gboolean    whole)
{
  gsize len = whole ? strlen (name) : 3;
  gboolean upper_first = g_ascii_isupper (model[0]);
  gboolean all_upper = model_len > 1 && g_ascii_isupper (model[1]);

  for (gsize i = 0; i < len; i++)
    g_string_append_c (out, (i == 0 && upper_first) || all_upper
                            ? g_ascii_toupper (name[i]) : name[i]);
}

/* @value as @model writes its number: zero-padded to two digits if it is. */
static void
append_number (GString    *out,
               guint       value,
               const char *model,
               gsize       model_len)
{
  if (model_len == 2 && model[0] == '0')
    g_string_append_printf (out, "%02u", value);
  else
    g_string_append_printf (out, "%u", value);
}

typedef struct
{
  gsize start, len;
  char *text;
} Replacement;

static int
compare_replacements (gconstpointer a,
                      gconstpointer b)
{
  const Replacement *ra = a, *rb = b;

  return ra->start < rb->start ? -1 : ra->start > rb->start;
}

/**
 * billet_js_date_with_day:
 * @text: a date billet_js_date_parse() reads
 * @year: the new day's year
 * @month: its month, 1–12
 * @day: its day of the month
 *
 * Writes the day in @text's own form, keeping everything else (the time,
 * the zone, the separators, the case of names, zero padding): for the
 * form's calendar, whose author picked another day.
 *
 * Returns: (transfer full) (nullable): the new text, or %NULL when @text
 *   is not a date or the day does not exist
 */
char *
billet_js_date_with_day (const char *text,
                         guint       year,
                         guint       month,
                         guint       day)
{
  g_autoptr(GString) out = NULL;
  BilletJsDate date;
  Spans spans;
  Replacement parts[5];
  guint n = 0;
  gsize at = 0;

  g_return_val_if_fail (text != NULL, NULL);

  if (year < 1 || year > 9999 || month < 1 || month > 12 ||
      !g_date_valid_dmy ((GDateDay) day, (GDateMonth) month, (GDateYear) year) ||
      !parse (text, &date, &spans))
    return NULL;

  if (spans.weekday_len > 0)
    {
      g_autoptr(GString) name = g_string_new (NULL);
      GDate *d = g_date_new_dmy ((GDateDay) day, (GDateMonth) month, (GDateYear) year);
      /* GDate's Monday is 1, as weekdays[] starts */
      const char *weekday = weekdays[g_date_get_weekday (d) - 1];
      int old = find_name (text + spans.weekday_start, spans.weekday_len, weekdays, G_N_ELEMENTS (weekdays));

      g_date_free (d);
      append_name (name, weekday, text + spans.weekday_start, spans.weekday_len,
                   old >= 0 && spans.weekday_len > 3 && spans.weekday_len == strlen (weekdays[old]));
      parts[n++] = (Replacement) { spans.weekday_start, spans.weekday_len, g_string_free (g_steal_pointer (&name), FALSE) };
    }
  {
    g_autoptr(GString) value = g_string_new (NULL);

    if (spans.month_named)
      append_name (value, months[month - 1], text + spans.month_start, spans.month_len,
                   spans.month_len > 3 && spans.month_len == strlen (months[date.month - 1]));
    else
      append_number (value, month, text + spans.month_start, spans.month_len);
    parts[n++] = (Replacement) { spans.month_start, spans.month_len, g_string_free (g_steal_pointer (&value), FALSE) };
  }
  {
    g_autoptr(GString) value = g_string_new (NULL);

    append_number (value, day, text + spans.day_start, spans.day_len);
    parts[n++] = (Replacement) { spans.day_start, spans.day_len, g_string_free (g_steal_pointer (&value), FALSE) };
  }
  if (spans.suffix_len > 0)
    {
      const char *suffix = (day % 10 == 1 && day != 11) ? "st" : (day % 10 == 2 && day != 12) ? "nd"
                           : (day % 10 == 3 && day != 13) ? "rd" : "th";
      g_autofree char *written = g_ascii_isupper (text[spans.suffix_start]) ? g_ascii_strup (suffix, -1)
                                                                           : g_strdup (suffix);

      parts[n++] = (Replacement) { spans.suffix_start, spans.suffix_len, g_steal_pointer (&written) };
    }
  parts[n++] = (Replacement) { spans.year_start, spans.year_len, g_strdup_printf ("%04u", year) };

  qsort (parts, n, sizeof parts[0], compare_replacements);
  out = g_string_new (NULL);
  for (guint i = 0; i < n; i++)
    {
      g_string_append_len (out, text + at, (gssize) (parts[i].start - at));
      g_string_append (out, parts[i].text);
      at = parts[i].start + parts[i].len;
      g_free (parts[i].text);
    }
  g_string_append (out, text + at);
  return g_string_free (g_steal_pointer (&out), FALSE);
}
