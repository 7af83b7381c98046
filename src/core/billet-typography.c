/* billet-typography.c — French typography: what is wrong in prose, and its fix
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The rules of French typography that can be decided from the text alone:
 *   - a narrow no-break space (U+202F) before ; ! ? and a no-break space
 *     (U+00A0) before : (a no-break space of either width already there is
 *     right), where the mark ends a word: not in 14:30, not at a line start;
 *   - a no-break space inside « »;
 *   - ’ rather than ' between two letters (l’équipe, aujourd’hui);
 *   - … rather than exactly three dots;
 *   - – rather than a hyphen standing alone between two words;
 *   - ᵉ in ordinals: XXIe, XIXème, 3e → XXIᵉ, XIXᵉ, 3ᵉ (1er, 1re, 1e stay).
 * Only prose is read (billet-prose.c): code, URLs, HTML, shortcodes, Liquid,
 * link destinations and Markdown's own markers never change. A fix is a replacement of a
 * few bytes; everything else stays byte for byte.
 */

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "billet-prose.h"
#include "billet-typography.h"

#define NBSP  "\xC2\xA0"       /* U+00A0 */
#define NNBSP "\xE2\x80\xAF"   /* U+202F */

typedef struct
{
  const char  *body;
  gsize        len;
  const guint8 *mask;
  GArray      *fixes;
} Scan;

static void
add_fix (Scan                 *scan,
         gsize                 start,
         gsize                 end,
         const char           *replacement,
         BilletTypographyRule  rule,
         const char           *mark,
         gsize                 mark_len)
{
  BilletTypographyFix fix = { 0, };

  fix.start = start;
  fix.end = end;
  g_strlcpy (fix.replacement, replacement, sizeof fix.replacement);
  if (mark != NULL)
    memcpy (fix.mark, mark, MIN (mark_len, sizeof fix.mark - 1));
  fix.rule = rule;
  g_array_append_val (scan->fixes, fix);
}

static gunichar
char_before (const Scan *scan,
             gsize       i,
             gsize      *start)
{
  const char *prev;

  if (i == 0)
    {
      *start = 0;
      return 0;
    }
  prev = g_utf8_find_prev_char (scan->body, scan->body + i);
  if (prev == NULL)
    {
      *start = 0;
      return 0;
    }
  *start = (gsize) (prev - scan->body);
  return g_utf8_get_char_validated (prev, (gssize) (i - *start));
}

static gunichar
char_at (const Scan *scan,
         gsize       i)
{
  if (i >= scan->len)
    return 0;
  return g_utf8_get_char_validated (scan->body + i, (gssize) (scan->len - i));
}

/* Whether the byte at @i is prose */
static gboolean
prose_at (const Scan *scan,
          gsize       i)
{
  return scan->mask[i] == BILLET_PROSE_MASK_PROSE;
}

static gboolean
is_no_break_space (gunichar c)
{
  return c == 0x00A0 || c == 0x202F;
}

static gboolean
is_plain_space (gunichar c)
{
  return c == ' ' || c == '\t';
}

/* What may end the word a mark follows: a letter, a digit, a closing quote,
 * bracket or emphasis */
static gboolean
ends_word (gunichar c)
{
  return g_unichar_isalnum (c) || c == 0x00BB || c == 0x2019 || c == ')' || c == ']' ||
         c == '*' || c == '_' || c == '`' || c == '"' || c == '}' || c == '>';
}

/* ; ! ? : at @i */
static void
check_mark (Scan  *scan,
            gsize  i)
{
  char c = scan->body[i];
  gunichar next = char_at (scan, i + 1);
  gsize prev_start, before_start;
  gunichar prev = char_before (scan, i, &prev_start);
  const char *space = c == ':' ? NBSP : NNBSP;

  /* The mark ends a word: what follows is a space, the line's end, or a
   * closing quote or emphasis (not "14:30", "a:b", ":)") */
  if (!(next == 0 || g_unichar_isspace (next) || next == 0x00BB || next == '*' ||
        next == '_' || (c != ':' && (next == ')' || next == '"' || next == 0x2019 ||
                                     next == '!' || next == '?'))))
    return;
  /* A run (?!, !!) is spaced before its first mark */
  if (prev == '!' || prev == '?' || prev == 0 || prev == '\n')
    return;
  if (is_no_break_space (prev))
    return;
  if (is_plain_space (prev))
    {
      gunichar before = char_before (scan, prev_start, &before_start);

      if (!prose_at (scan, prev_start) || before == 0 || g_unichar_isspace (before) ||
          before == '!' || before == '?')
        return;
      add_fix (scan, prev_start, i, space, BILLET_TYPOGRAPHY_SPACE_BEFORE, &c, 1);
      return;
    }
  if (ends_word (prev))
    add_fix (scan, i, i, space, BILLET_TYPOGRAPHY_SPACE_BEFORE, &c, 1);
}

/* « at @i (2 bytes) */
static void
check_open_guillemet (Scan  *scan,
                      gsize  i)
{
  gsize after = i + 2;
  gunichar next = char_at (scan, after);

  if (next == 0 || next == '\n' || next == '\r' || is_no_break_space (next))
    return;
  if (is_plain_space (next))
    {
      if (prose_at (scan, after))
        add_fix (scan, after, after + 1, NBSP, BILLET_TYPOGRAPHY_GUILLEMETS, NULL, 0);
      return;
    }
  add_fix (scan, after, after, NBSP, BILLET_TYPOGRAPHY_GUILLEMETS, NULL, 0);
}

/* » at @i */
static void
check_close_guillemet (Scan  *scan,
                       gsize  i)
{
  gsize prev_start, before_start;
  gunichar prev = char_before (scan, i, &prev_start);

  if (prev == 0 || prev == '\n' || is_no_break_space (prev))
    return;
  if (is_plain_space (prev))
    {
      gunichar before = char_before (scan, prev_start, &before_start);

      if (prose_at (scan, prev_start) && before != 0 && !g_unichar_isspace (before))
        add_fix (scan, prev_start, i, NBSP, BILLET_TYPOGRAPHY_GUILLEMETS, NULL, 0);
      return;
    }
  add_fix (scan, i, i, NBSP, BILLET_TYPOGRAPHY_GUILLEMETS, NULL, 0);
}

static gboolean
at_line_start (const Scan *scan,
               gsize       i)
{
  while (i > 0 && (scan->body[i - 1] == ' ' || scan->body[i - 1] == '\t'))
    i--;
  return i == 0 || scan->body[i - 1] == '\n';
}

/* A valid Roman numeral of capitals, I to MMMCMXCIX */
static gboolean
is_roman (const char *s,
          gsize       n)
{
  static const char *const thousands[] = { "", "M", "MM", "MMM" };
  static const char *const hundreds[] = { "", "C", "CC", "CCC", "CD", "D", "DC", "DCC", "DCCC", "CM" };
  static const char *const tens[] = { "", "X", "XX", "XXX", "XL", "L", "LX", "LXX", "LXXX", "XC" };
  static const char *const units[] = { "", "I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX" };
  const char *const *groups[] = { thousands, hundreds, tens, units };
  const guint sizes[] = { 4, 10, 10, 10 };
  gsize pos = 0;

  for (guint g = 0; g < 4; g++)
    {
      gsize best = 0;

      /* The longest form of the group that matches */
      for (guint k = 1; k < sizes[g]; k++)
        {
          gsize l = strlen (groups[g][k]);

          if (l > best && pos + l <= n && memcmp (s + pos, groups[g][k], l) == 0)
            best = l;
        }
      pos += best;
    }
  return n > 0 && pos == n;
}

/* An ordinal starting at @i (a word's start): digits or a Roman numeral,
 * then e, ème, eme or è. Returns the bytes scanned. */
static gsize
check_ordinal (Scan  *scan,
               gsize  i)
{
  const char *s = scan->body + i;
  gsize n = 0, suffix = 0;
  gboolean digits = g_ascii_isdigit (s[0]);
  static const char *const suffixes[] = { "\xC3\xA8me", "eme", "\xC3\xA8", "e" };
  gunichar after;

  while (i + n < scan->len && (digits ? g_ascii_isdigit (s[n]) : strchr ("IVXLCDM", s[n]) != NULL) &&
         s[n] != '\0')
    n++;
  if (n == 0)
    return 1;
  for (guint k = 0; k < G_N_ELEMENTS (suffixes); k++)
    {
      gsize l = strlen (suffixes[k]);

      if (i + n + l <= scan->len && memcmp (s + n, suffixes[k], l) == 0)
        {
          suffix = l;
          break;
        }
    }
  if (suffix == 0)
    return n;
  after = char_at (scan, i + n + suffix);
  if (after != 0 && (g_unichar_isalnum (after) || after == '_' || after == '-'))
    return n;
  if (digits)
    {
      /* 1e is ambiguous (1er, 1re): left alone */
      if (n == 1 && s[0] == '1')
        return n;
    }
  else
    {
      /* L, C, D, M alone are words' initials (Le, Ce, De, Me) */
      if (!is_roman (s, n) || (n == 1 && strchr ("IVX", s[0]) == NULL))
        return n;
    }
  for (gsize k = 0; k < n + suffix; k++)
    if (!prose_at (scan, i + k))
      return n;
  add_fix (scan, i + n, i + n + suffix, "\xE1\xB5\x89", BILLET_TYPOGRAPHY_ORDINAL,
           s, n + suffix);
  return n + suffix;
}

/**
 * billet_typography_check:
 * @body: (array length=len): a Markdown body, UTF-8
 * @len: its length
 *
 * Returns: (transfer full) (element-type BilletTypographyFix): the fixes,
 *   in order, each with offsets in @body
 */
GArray *
billet_typography_check (const char *body,
                         gsize       len)
{
  g_autofree guint8 *mask = billet_prose_mask_new (body, len, BILLET_PROSE_DEFAULT);
  Scan scan = { body, len, mask, g_array_new (FALSE, FALSE, sizeof (BilletTypographyFix)) };
  gsize i = 0;

  while (i < len)
    {
      char c = body[i];
      gsize prev_start;
      gunichar prev;

      if (!prose_at (&scan, i))
        {
          i++;
          continue;
        }
      switch (c)
        {
        case ';':
        case '!':
        case '?':
        case ':':
          check_mark (&scan, i);
          break;
        case '\'':
          prev = char_before (&scan, i, &prev_start);
          if (prev != 0 && g_unichar_isalpha (prev) && g_unichar_isalpha (char_at (&scan, i + 1)))
            add_fix (&scan, i, i + 1, "\xE2\x80\x99", BILLET_TYPOGRAPHY_APOSTROPHE, NULL, 0);
          break;
        case '.':
          if (i + 2 < len && body[i + 1] == '.' && body[i + 2] == '.' && prose_at (&scan, i + 1) && prose_at (&scan, i + 2) &&
              (i == 0 || body[i - 1] != '.') && (i + 3 >= len || body[i + 3] != '.'))
            {
              add_fix (&scan, i, i + 3, "\xE2\x80\xA6", BILLET_TYPOGRAPHY_ELLIPSIS, NULL, 0);
              i += 3;
              continue;
            }
          break;
        case '-':
          if (i > 0 && i + 1 < len && body[i - 1] == ' ' && body[i + 1] == ' ' &&
              !at_line_start (&scan, i - 1))
            {
              gunichar before = char_before (&scan, i - 1, &prev_start);
              gunichar after = char_at (&scan, i + 2);

              if ((g_unichar_isalnum (before) || (before != 0 && strchr (".,;:!?)", (int) before) != NULL) ||
                   before == 0x00BB || is_no_break_space (before)) &&
                  (g_unichar_isalnum (after) || after == 0x00AB || after == '('))
                add_fix (&scan, i, i + 1, "\xE2\x80\x93", BILLET_TYPOGRAPHY_DASH, NULL, 0);
            }
          break;
        default:
          if ((guchar) c == 0xC2 && i + 1 < len && (guchar) body[i + 1] == 0xAB)
            check_open_guillemet (&scan, i);
          else if ((guchar) c == 0xC2 && i + 1 < len && (guchar) body[i + 1] == 0xBB)
            check_close_guillemet (&scan, i);
          else if (g_ascii_isdigit (c) || strchr ("IVXLCDM", c) != NULL)
            {
              prev = char_before (&scan, i, &prev_start);
              if (prev == 0 || !(g_unichar_isalnum (prev) || prev == '_' || prev == '.' ||
                                 prev == ',' || prev == '-'))
                {
                  i += check_ordinal (&scan, i);
                  continue;
                }
              /* The rest of the word */
              while (i < len && (g_ascii_isdigit (body[i]) || strchr ("IVXLCDM", body[i]) != NULL) &&
                     body[i] != '\0')
                i++;
              continue;
            }
          break;
        }
      i++;
    }
  return scan.fixes;
}

/**
 * billet_typography_message:
 * @fix: a fix
 *
 * Returns: (transfer full): what is wrong, for people
 */
char *
billet_typography_message (const BilletTypographyFix *fix)
{
  switch (fix->rule)
    {
    case BILLET_TYPOGRAPHY_SPACE_BEFORE:
      if (fix->mark[0] == ':')
        return g_strdup (_("A no-break space goes before “:”"));
      /* Translators: %s is “;”, “!” or “?” */
      return g_strdup_printf (_("A narrow no-break space goes before “%s”"), fix->mark);
    case BILLET_TYPOGRAPHY_GUILLEMETS:
      return g_strdup (_("A no-break space goes inside « »"));
    case BILLET_TYPOGRAPHY_APOSTROPHE:
      return g_strdup (_("An apostrophe in a word is ’, not '"));
    case BILLET_TYPOGRAPHY_ELLIPSIS:
      return g_strdup (_("An ellipsis is one character: …"));
    case BILLET_TYPOGRAPHY_DASH:
      return g_strdup (_("A dash between words is –, not a hyphen"));
    case BILLET_TYPOGRAPHY_ORDINAL:
    default:
      /* Translators: %s is an ordinal as written, “XXIe” or “3ème” */
      return g_strdup_printf (_("The ordinal “%s” is written with a superscript ᵉ"), fix->mark);
    }
}

/**
 * billet_typography_apply:
 * @text: (array length=len): a text
 * @len: its length
 * @fixes: (array length=n_fixes): fixes in order, from billet_typography_check()
 * @n_fixes: their count
 * @offset: where the checked body starts in @text
 * @out_len: (out): the length of the result
 *
 * Returns: (transfer full): @text with the fixes made, every other byte kept
 */
char *
billet_typography_apply (const char                *text,
                         gsize                      len,
                         const BilletTypographyFix *fixes,
                         guint                      n_fixes,
                         gsize                      offset,
                         gsize                     *out_len)
{
  GString *out = g_string_sized_new (len + 16);
  gsize at = 0;

  for (guint k = 0; k < n_fixes; k++)
    {
      gsize start = fixes[k].start + offset;
      gsize end = fixes[k].end + offset;

      g_return_val_if_fail (start >= at && end <= len, NULL);
      g_string_append_len (out, text + at, (gssize) (start - at));
      g_string_append (out, fixes[k].replacement);
      at = end;
    }
  g_string_append_len (out, text + at, (gssize) (len - at));
  *out_len = out->len;
  return g_string_free (out, FALSE);
}
