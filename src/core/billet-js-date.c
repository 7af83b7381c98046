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
 * one is the caller's to place (the index takes it as UTC). ISO dates are
 * the callers' business: they read them first.
 */

#include "config.h"

#include <string.h>

#include "billet-js-date.h"

static const char * const months[] = {
  "january", "february", "march", "april", "may", "june",
  "july", "august", "september", "october", "november", "december",
};

static const char * const weekdays[] = {
  "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
};

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
  const char *p = text;
  gsize len;
  int month;

  g_return_val_if_fail (text != NULL, FALSE);
  g_return_val_if_fail (date != NULL, FALSE);

  memset (date, 0, sizeof *date);
  skip_blanks (&p, FALSE);

  /* A weekday first, which says nothing */
  len = word_len (p);
  if (find_name (p, len, weekdays, G_N_ELEMENTS (weekdays)) >= 0)
    {
      p += len;
      if (*p == '.')
        p++;
      skip_blanks (&p, TRUE);
    }

  if ((month = read_month (&p)) >= 0)
    {
      /* Jul 08 2022, July 8, 2022 */
      skip_blanks (&p, FALSE);
      if (!read_number (&p, 1, 2, &date->day))
        return FALSE;
      if (g_ascii_strncasecmp (p, "st", 2) == 0 || g_ascii_strncasecmp (p, "nd", 2) == 0 ||
          g_ascii_strncasecmp (p, "rd", 2) == 0 || g_ascii_strncasecmp (p, "th", 2) == 0)
        p += 2;
      skip_blanks (&p, TRUE);
      if (!read_number (&p, 4, 4, &date->year))
        return FALSE;
      date->month = (guint) month + 1;
    }
  else if (g_ascii_isdigit (*p))
    {
      const char *start = p;
      guint a, b;

      if (read_number (&p, 4, 4, &a) && *p == '/')
        {
          /* 2022/07/08 */
          p++;
          if (!read_number (&p, 1, 2, &date->month) || *p++ != '/' || !read_number (&p, 1, 2, &date->day))
            return FALSE;
          date->year = a;
        }
      else
        {
          p = start;
          if (!read_number (&p, 1, 2, &a))
            return FALSE;
          if (*p == '/')
            {
              /* 07/08/2022: month first */
              p++;
              if (!read_number (&p, 1, 2, &b) || *p++ != '/' || !read_number (&p, 4, 4, &date->year))
                return FALSE;
              date->month = a;
              date->day = b;
            }
          else
            {
              /* 8 July 2022 */
              skip_blanks (&p, FALSE);
              if ((month = read_month (&p)) < 0)
                return FALSE;
              skip_blanks (&p, TRUE);
              if (!read_number (&p, 4, 4, &date->year))
                return FALSE;
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
