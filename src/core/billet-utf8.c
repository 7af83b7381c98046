/* billet-utf8.c — fast UTF-8 checks for whole posts and pages
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
