/* billet-utf8.c — fast UTF-8 checks for whole posts and pages, text fit for messages
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "billet-utf8.h"

/**
 * billet_utf8_validate:
 * @text: (array length=len): bytes
 * @len: their count
 * @end_out: (out) (optional): where validation stopped: the first byte that
 *   is not UTF-8, or @text + @len
 *
 * g_utf8_validate_len(), with ASCII skipped eight bytes at a time and the
 * multi-byte sequences checked inline (Unicode 15, table 3-7). Posts and
 * pages are mostly ASCII, the rest mostly two- and three-byte letters and
 * punctuation, and this runs on every load and every render. Unlike GLib's,
 * it accepts NUL bytes: callers that care look for them with memchr().
 *
 * Returns: whether all of @text is UTF-8
 */
gboolean
billet_utf8_validate (const char  *text,
                      gsize        len,
                      const char **end_out)
{
  const guchar *p = (const guchar *) text;
  const guchar *end = p + len;

#define CONT(b) (((b) & 0xC0) == 0x80)
#define FAIL G_STMT_START { if (end_out) *end_out = (const char *) p; return FALSE; } G_STMT_END

  while (p < end)
    {
      guint64 word;
      guchar c;

      while (end - p >= (gssize) sizeof word)
        {
          memcpy (&word, p, sizeof word);
          if (word & 0x8080808080808080ULL)
            break;
          p += sizeof word;
        }
      while (p < end && *p < 0x80)
        p++;
      if (p == end)
        break;

      c = *p;
      if (c >= 0xC2 && c <= 0xDF)
        {
          if (end - p < 2 || !CONT (p[1]))
            FAIL;
          p += 2;
        }
      else if (c >= 0xE0 && c <= 0xEF)
        {
          if (end - p < 3 || !CONT (p[1]) || !CONT (p[2]) ||
              (c == 0xE0 && p[1] < 0xA0) ||   /* overlong */
              (c == 0xED && p[1] > 0x9F))     /* surrogate */
            FAIL;
          p += 3;
        }
      else if (c >= 0xF0 && c <= 0xF4)
        {
          if (end - p < 4 || !CONT (p[1]) || !CONT (p[2]) || !CONT (p[3]) ||
              (c == 0xF0 && p[1] < 0x90) ||   /* overlong */
              (c == 0xF4 && p[1] > 0x8F))     /* beyond U+10FFFF */
            FAIL;
          p += 4;
        }
      else
        FAIL;
    }

#undef CONT
#undef FAIL

  if (end_out)
    *end_out = (const char *) end;
  return TRUE;
}

/* Characters that would break a one-line message or make it lie about what
 * it shows: C0 and C1 controls (line breaks, tabs, terminal escape
 * sequences), DEL, the Unicode line and paragraph separators, and the
 * bidirectional embeddings, overrides and isolates (a file name can turn
 * the rest of the line around). */
static gboolean
needs_escape (gunichar c)
{
  return c < 0x20 || (c >= 0x7F && c < 0xA0) ||
         c == 0x2028 || c == 0x2029 ||
         (c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069);
}

/**
 * billet_utf8_make_displayable:
 * @text: (array length=len): bytes, usually UTF-8 (a file name need not be)
 * @len: their count, or -1 when @text is NUL-terminated
 *
 * A copy of @text that stays on one line and shows what it holds, for
 * messages: a line break becomes `\n`, a tab `\t`, a carriage return
 * `\r`, another control character `\x1B` (C0, DEL) or `\u0085` (C1,
 * separators, bidirectional controls), and a byte that is not part of UTF-8
 * `\xFF`. Everything else, backslashes included, is copied as it is: a
 * name is shown as the author typed it, not quoted for a shell.
 *
 * Every path and value that a message shows goes through this, so that a
 * file named “a\nb.md” cannot forge a second line of output.
 *
 * Returns: (transfer full): valid UTF-8
 */
char *
billet_utf8_make_displayable (const char *text,
                              gssize      len)
{
  const char *p = text;
  const char *end;
  GString *out;

  g_return_val_if_fail (text != NULL || len == 0, NULL);

  if (len < 0)
    len = (gssize) strlen (text);
  end = text + len;
  out = g_string_sized_new ((gsize) len + 8);

  while (p < end)
    {
      const char *valid_end;
      gunichar c;

      if (!billet_utf8_validate (p, (gsize) (end - p), &valid_end) && valid_end == p)
        {
          g_string_append_printf (out, "\\x%02X", (guchar) *p);
          p++;
          continue;
        }
      /* Copy the valid stretch, escaping as we go. */
      while (p < valid_end)
        {
          const char *next = g_utf8_next_char (p);

          c = g_utf8_get_char (p);
          if (!needs_escape (c))
            g_string_append_len (out, p, next - p);
          else if (c == '\n')
            g_string_append (out, "\\n");
          else if (c == '\t')
            g_string_append (out, "\\t");
          else if (c == '\r')
            g_string_append (out, "\\r");
          else if (c < 0x80)
            g_string_append_printf (out, "\\x%02X", c);
          else
            g_string_append_printf (out, "\\u%04X", c);
          p = next;
        }
    }
  return g_string_free (out, FALSE);
}
