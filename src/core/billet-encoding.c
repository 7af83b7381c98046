/* billet-encoding.c — legacy encodings, stray bytes and mojibake
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Three ways a post's text goes wrong, and what Billet does about each:
 *
 * - Legacy 8-bit text (an old export, a file from Windows): detected as
 *   Windows-1252 when it holds bytes of 0x80–0x9F that Windows-1252
 *   defines (curly quotes, €, œ…), as Latin-1 (ISO-8859-1) when it holds
 *   none of them — then both decode alike, and Latin-1 is the honest name.
 *   Bytes Windows-1252 leaves undefined (0x81 0x8D 0x8F 0x90 0x9D) are
 *   C1 control characters in Latin-1: text that holds them is not text in
 *   either, and is never shown with invisible controls; it is UNKNOWN.
 *   The tables are our own (no iconv): they are small, exact, and fast.
 *
 * - UTF-8 with a few stray bytes (a legacy paste into a UTF-8 post): when
 *   at least as many valid multi-byte characters as stray bytes surround
 *   them, the file is UTF-8 and the strays are reported where they are.
 *   Decoding keeps each stray byte B as U+F700 + B, a private-use
 *   character that encoding turns back into B.
 *
 * - Mojibake: UTF-8 that was decoded as Windows-1252 (or Windows-1254, or
 *   Latin-1) and saved again as UTF-8, turning “é” into “Ã©” and “’” into
 *   “â€™” — common in WordPress exports. See billet_encoding_repair_mojibake().
 */

#define G_LOG_DOMAIN "Billet"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "billet-encoding.h"
#include "billet-utf8.h"

G_DEFINE_QUARK (billet-encoding-error-quark, billet_encoding_error)

/* Tables */

/* Windows-1252 at 0x80–0x9F; 0 where it defines nothing. Above, it is
 * Latin-1. Windows-1254 is the same but for 0x8E and 0x9E (undefined) and
 * six letters above 0xA0 (see legacy_decode()). */
static const guint16 cp1252_high[32] = {
  0x20AC, 0,      0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
  0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0,      0x017D, 0,
  0,      0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
  0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0,      0x017E, 0x0178,
};

/* Windows-1254's letters where Latin-1 has Ð Ý Þ ð ý þ. */
static const struct { guchar byte; gunichar ch; } cp1254_letters[] = {
  { 0xD0, 0x011E },  /* Ğ */
  { 0xDD, 0x0130 },  /* İ */
  { 0xDE, 0x015E },  /* Ş */
  { 0xF0, 0x011F },  /* ğ */
  { 0xFD, 0x0131 },  /* ı */
  { 0xFE, 0x015F },  /* ş */
};

/* The character @b stands for, or 0 when @charset leaves it undefined. */
static gunichar
legacy_decode (BilletCharset charset,
               guchar        b)
{
  if (b < 0x80)
    return b;

  switch (charset)
    {
    case BILLET_CHARSET_LATIN_1:
      return b < 0xA0 ? 0 : b;

    case BILLET_CHARSET_WINDOWS_1252:
      return b < 0xA0 ? cp1252_high[b - 0x80] : b;

    case BILLET_CHARSET_WINDOWS_1254:
      if (b < 0xA0)
        return b == 0x8E || b == 0x9E ? 0 : cp1252_high[b - 0x80];
      for (guint i = 0; i < G_N_ELEMENTS (cp1254_letters); i++)
        if (cp1254_letters[i].byte == b)
          return cp1254_letters[i].ch;
      return b;

    case BILLET_CHARSET_UTF8:
    case BILLET_CHARSET_UTF8_STRAY:
    default:
      g_assert_not_reached ();
      return 0;
    }
}

/* The byte for @ch in @charset, or -1. */
static int
legacy_encode (BilletCharset charset,
               gunichar      ch)
{
  if (ch < 0x80)
    return (int) ch;
  /* Most characters are themselves: the Latin-1 range. */
  if (ch >= 0xA0 && ch <= 0xFF && legacy_decode (charset, (guchar) ch) == ch)
    return (int) ch;
  for (guint b = 0x80; b <= 0xFF; b++)
    if (legacy_decode (charset, (guchar) b) == ch)
      return (int) b;
  return -1;
}

/* The byte a mis-decoding turned into @ch, or -1: the union of
 * Windows-1252 and Windows-1254 (no character stands for two different
 * bytes in them), plus the C1 controls, which is what Latin-1 decoders,
 * and Windows for its undefined bytes, make of 0x80–0x9F. */
static int
mojibake_byte (gunichar ch)
{
  if (ch >= 0x80 && ch <= 0xFF)
    return (int) ch;
  if (ch < 0x80 || ch > 0x2122)
    return -1;
  for (guint i = 0; i < G_N_ELEMENTS (cp1252_high); i++)
    if (cp1252_high[i] == ch)
      return (int) (0x80 + i);
  for (guint i = 0; i < G_N_ELEMENTS (cp1254_letters); i++)
    if (cp1254_letters[i].ch == ch)
      return cp1254_letters[i].byte;
  return -1;
}

/* The length of the valid UTF-8 character at @p (1 for ASCII), or 0. */
static guint
utf8_sequence (const guchar *p,
               const guchar *end)
{
  guchar c = p[0];

#define CONT(b) (((b) & 0xC0) == 0x80)
  if (c < 0x80)
    return 1;
  if (c >= 0xC2 && c <= 0xDF)
    return end - p >= 2 && CONT (p[1]) ? 2 : 0;
  if (c >= 0xE0 && c <= 0xEF)
    return end - p >= 3 && CONT (p[1]) && CONT (p[2]) &&
           !(c == 0xE0 && p[1] < 0xA0) && !(c == 0xED && p[1] > 0x9F) ? 3 : 0;
  if (c >= 0xF0 && c <= 0xF4)
    return end - p >= 4 && CONT (p[1]) && CONT (p[2]) && CONT (p[3]) &&
           !(c == 0xF0 && p[1] < 0x90) && !(c == 0xF4 && p[1] > 0x8F) ? 4 : 0;
  return 0;
#undef CONT
}

/**
 * billet_charset_get_name:
 *
 * Returns: the name of @charset as authors know it (not translated)
 */
const char *
billet_charset_get_name (BilletCharset charset)
{
  switch (charset)
    {
    case BILLET_CHARSET_UTF8:
    case BILLET_CHARSET_UTF8_STRAY:
      return "UTF-8";
    case BILLET_CHARSET_WINDOWS_1252:
      return "Windows-1252";
    case BILLET_CHARSET_LATIN_1:
      return "Latin-1 (ISO-8859-1)";
    case BILLET_CHARSET_WINDOWS_1254:
      return "Windows-1254";
    default:
      g_return_val_if_reached ("?");
    }
}

/* Detection */

/**
 * billet_encoding_detect:
 * @data: (array length=len): the bytes of a file (after a BOM, if any)
 * @len: their count
 * @info: (out caller-allocates): what they are
 *
 * Tells UTF-8, UTF-8 with stray bytes, legacy text and binary apart; see
 * the top of this file for the rules.
 */
void
billet_encoding_detect (const char     *data,
                        gsize           len,
                        BilletTextInfo *info)
{
  const guchar *p = (const guchar *) data;
  const guchar *end = p + len;
  const char *bad = NULL;
  const char *nul;
  gsize valid_multi = 0;
  gboolean c1 = FALSE;
  gboolean undefined = FALSE;

  g_return_if_fail (data != NULL || len == 0);
  g_return_if_fail (info != NULL);

  memset (info, 0, sizeof *info);
  info->kind = BILLET_TEXT_UTF8;
  info->charset = BILLET_CHARSET_UTF8;
  info->first_odd = len;
  if (len == 0)
    return;

  nul = memchr (data, 0, len);
  if (billet_utf8_validate (data, len, &bad) && nul == NULL)
    return;
  info->first_odd = (gsize) (bad - data);
  if (nul != NULL)
    {
      info->first_odd = MIN (info->first_odd, (gsize) (nul - data));
      info->kind = BILLET_TEXT_BINARY;
      return;
    }

  while (p < end)
    {
      guint n;

      if (*p < 0x80)
        {
          p++;
          continue;
        }
      /* As legacy text, every high byte is a character: look at them all. */
      n = utf8_sequence (p, end);
      for (guint i = 0; i < MAX (n, 1); i++)
        if (p[i] < 0xA0)
          {
            c1 = TRUE;
            undefined |= cp1252_high[p[i] - 0x80] == 0;
          }
      if (n > 0)
        {
          valid_multi++;
          p += n;
        }
      else
        {
          info->n_stray++;
          p++;
        }
    }

  if (valid_multi > 0 && valid_multi >= info->n_stray)
    {
      info->kind = BILLET_TEXT_STRAY_BYTES;
      info->charset = BILLET_CHARSET_UTF8_STRAY;
    }
  else if (!c1)
    {
      info->kind = BILLET_TEXT_LEGACY;
      info->charset = BILLET_CHARSET_LATIN_1;
    }
  else if (!undefined)
    {
      info->kind = BILLET_TEXT_LEGACY;
      info->charset = BILLET_CHARSET_WINDOWS_1252;
    }
  else
    info->kind = BILLET_TEXT_UNKNOWN;
}

/**
 * billet_encoding_find_stray_bytes:
 * @offsets: (array length=max_offsets) (out caller-allocates) (optional):
 *   where to store the offsets of the first stray bytes
 * @max_offsets: room in @offsets
 *
 * Returns: how many bytes of @data are not part of a UTF-8 character
 */
gsize
billet_encoding_find_stray_bytes (const char *data,
                                  gsize       len,
                                  gsize      *offsets,
                                  gsize       max_offsets)
{
  const guchar *start = (const guchar *) data;
  const guchar *p = start;
  const guchar *end = p + len;
  gsize n = 0;

  g_return_val_if_fail (data != NULL || len == 0, 0);

  while (p < end)
    {
      const char *bad = NULL;
      guint seq;

      if (billet_utf8_validate ((const char *) p, (gsize) (end - p), &bad))
        break;
      p = (const guchar *) bad;
      seq = utf8_sequence (p, end);
      g_assert (seq == 0);
      if (offsets != NULL && n < max_offsets)
        offsets[n] = (gsize) (p - start);
      n++;
      p++;
    }
  return n;
}

/**
 * billet_encoding_get_position:
 * @offset: a byte offset in @data
 * @line: (out): its line, from 1
 * @column: (out): its column, from 1, in characters — in bytes when the
 *   line up to @offset is not UTF-8
 */
void
billet_encoding_get_position (const char *data,
                              gsize       len,
                              gsize       offset,
                              guint      *line,
                              guint      *column)
{
  guint l = 1;
  gsize bol = 0;

  g_return_if_fail (data != NULL || len == 0);

  offset = MIN (offset, len);
  for (const char *p = data; (p = memchr (p, '\n', offset - (gsize) (p - data))) != NULL; p++)
    {
      l++;
      bol = (gsize) (p - data) + 1;
    }
  if (line != NULL)
    *line = l;
  if (column != NULL)
    *column = (guint) (billet_utf8_validate (data + bol, offset - bol, NULL)
                       ? (gsize) g_utf8_strlen (data + bol, (gssize) (offset - bol))
                       : offset - bol) + 1;
}

/* Decoding and encoding */

static void
set_invalid_error (GError        **error,
                   const char     *data,
                   gsize           len,
                   gsize           offset,
                   BilletCharset   charset)
{
  guint line, column;

  billet_encoding_get_position (data, len, offset, &line, &column);
  g_set_error (error, BILLET_ENCODING_ERROR, BILLET_ENCODING_ERROR_INVALID,
               /* Translators: “Byte 0x81 (line 3, column 7) is not a character in Windows-1252” */
               _("Byte 0x%02X (line %u, column %u) is not a character in %s"),
               (guchar) data[offset], line, column, billet_charset_get_name (charset));
}

/**
 * billet_encoding_decode:
 * @data: (array length=len): bytes in @charset
 * @charset: their encoding (billet_encoding_detect() says which)
 * @out_len: (out) (optional): the length of the result
 *
 * Returns: (transfer full) (nullable): @data as UTF-8, which
 *   billet_encoding_encode() with the same @charset turns back into @data;
 *   %NULL with %BILLET_ENCODING_ERROR_INVALID when a byte is not a
 *   character in @charset (or, for %BILLET_CHARSET_UTF8_STRAY, when the
 *   text already holds the private-use characters that stand for strays)
 */
char *
billet_encoding_decode (const char     *data,
                        gsize           len,
                        BilletCharset   charset,
                        gsize          *out_len,
                        GError        **error)
{
  const guchar *p = (const guchar *) data;
  const guchar *end = p + len;
  GString *out;

  g_return_val_if_fail (data != NULL || len == 0, NULL);

  if (data == NULL)
    data = "";

  if (charset == BILLET_CHARSET_UTF8)
    {
      const char *bad = NULL;

      if (!billet_utf8_validate (data, len, &bad))
        {
          set_invalid_error (error, data, len, (gsize) (bad - data), charset);
          return NULL;
        }
      if (out_len != NULL)
        *out_len = len;
      return g_strndup (data, len);
    }

  out = g_string_sized_new (len + len / 4 + 1);
  while (p < end)
    {
      if (*p < 0x80)
        {
          /* A run of ASCII at once. */
          const guchar *q = p;

          while (q < end && *q < 0x80)
            q++;
          g_string_append_len (out, (const char *) p, q - p);
          p = q;
        }
      else if (charset == BILLET_CHARSET_UTF8_STRAY)
        {
          guint n = utf8_sequence (p, end);

          if (n == 0)
            {
              g_string_append_unichar (out, 0xF700 + *p);
              p++;
              continue;
            }
          /* U+F780–U+F7FF (EF 9E 80 – EF 9F BF) already in the text would
           * come back as bytes: refuse rather than change them. */
          if (n == 3 && p[0] == 0xEF && (p[1] == 0x9E || p[1] == 0x9F))
            {
              g_set_error (error, BILLET_ENCODING_ERROR, BILLET_ENCODING_ERROR_INVALID,
                           _("The text holds private-use characters that Billet uses to keep stray bytes"));
              g_string_free (out, TRUE);
              return NULL;
            }
          g_string_append_len (out, (const char *) p, n);
          p += n;
        }
      else
        {
          gunichar ch = legacy_decode (charset, *p);

          if (ch == 0)
            {
              set_invalid_error (error, data, len, (gsize) (p - (const guchar *) data), charset);
              g_string_free (out, TRUE);
              return NULL;
            }
          g_string_append_unichar (out, ch);
          p++;
        }
    }

  if (out_len != NULL)
    *out_len = out->len;
  return g_string_free (out, FALSE);
}

/* Reading a file */

/**
 * billet_text_decode:
 * @data: (array length=len): a file's bytes, as read
 * @out: (out caller-allocates): the text and what it was
 * @error: where a file that is not text says why
 *
 * The one reading of a post's bytes, for the editor, the index and
 * `billet check` alike. UTF-8 is used as it is; legacy 8-bit text is
 * decoded from its charset; UTF-8 with stray bytes keeps each of them
 * (%BILLET_CHARSET_UTF8_STRAY). A UTF-8 byte-order mark says the file is
 * UTF-8, so what is not is stray, never legacy. UTF-16, binary data (NUL
 * bytes) and bytes no known charset explains are refused: a message
 * without the place, which is in @out's line and column.
 *
 * Returns: whether the bytes are text Billet reads
 */
gboolean
billet_text_decode (const char         *data,
                    gsize               len,
                    BilletDecodedText  *out,
                    GError            **error)
{
  const char *text = data;
  gsize text_len = len;
  BilletTextInfo info;

  g_return_val_if_fail (data != NULL || len == 0, FALSE);
  g_return_val_if_fail (out != NULL, FALSE);

  memset (out, 0, sizeof *out);
  out->line = out->column = 1;

  /* UTF-16 has NUL bytes in every ASCII character: said for what it is,
   * not as binary. */
  if (len >= 2 && (((guchar) data[0] == 0xFF && (guchar) data[1] == 0xFE) ||
                   ((guchar) data[0] == 0xFE && (guchar) data[1] == 0xFF)))
    {
      g_set_error_literal (error, BILLET_ENCODING_ERROR, BILLET_ENCODING_ERROR_UTF16,
                           _("The file is UTF-16, which Billet does not read; save it as UTF-8"));
      return FALSE;
    }

  out->bom = len >= 3 && memcmp (data, "\xEF\xBB\xBF", 3) == 0;
  if (out->bom)
    {
      text += 3;
      text_len -= 3;
    }
  billet_encoding_detect (text, text_len, &info);
  billet_encoding_get_position (text, text_len, info.first_odd, &out->line, &out->column);
  out->kind = info.kind;
  out->charset = info.charset;

  switch (info.kind)
    {
    case BILLET_TEXT_BINARY:
      g_set_error_literal (error, BILLET_ENCODING_ERROR, BILLET_ENCODING_ERROR_BINARY,
                           _("The file contains NUL bytes: it is not a text post"));
      return FALSE;

    case BILLET_TEXT_UNKNOWN:
      g_set_error_literal (error, BILLET_ENCODING_ERROR, BILLET_ENCODING_ERROR_UNKNOWN,
                           _("The file is not valid UTF-8, nor text in Windows-1252 or Latin-1; "
                             "Billet leaves it as it is"));
      return FALSE;

    case BILLET_TEXT_LEGACY:
      if (out->bom)
        {
          out->kind = BILLET_TEXT_STRAY_BYTES;
          out->charset = BILLET_CHARSET_UTF8_STRAY;
          out->n_stray = info.n_stray;
        }
      break;

    case BILLET_TEXT_STRAY_BYTES:
      out->n_stray = info.n_stray;
      break;

    case BILLET_TEXT_UTF8:
    default:
      return TRUE;
    }

  out->text = billet_encoding_decode (text, text_len, out->charset, &out->text_len, error);
  return out->text != NULL;
}

/**
 * billet_decoded_text_clear:
 *
 * Frees what billet_text_decode() gave.
 */
void
billet_decoded_text_clear (BilletDecodedText *decoded)
{
  g_clear_pointer (&decoded->text, g_free);
  decoded->text_len = 0;
}

/**
 * billet_encoding_encode:
 * @utf8: (array length=len): UTF-8 text
 * @len: its length, or -1 when NUL-terminated
 * @charset: the encoding to write
 * @out_len: (out) (optional): the length of the result
 *
 * What the editor uses to save a legacy post after edits, in its own
 * encoding.
 *
 * Returns: (transfer full) (nullable): the bytes of @utf8 in @charset, or
 *   %NULL with %BILLET_ENCODING_ERROR_UNREPRESENTABLE naming the first
 *   character that @charset cannot hold, and where
 */
char *
billet_encoding_encode (const char     *utf8,
                        gssize          len,
                        BilletCharset   charset,
                        gsize          *out_len,
                        GError        **error)
{
  const char *bad = NULL;
  const char *p;
  const char *end;
  GString *out;

  g_return_val_if_fail (utf8 != NULL || len <= 0, NULL);

  if (utf8 == NULL)
    utf8 = "";
  if (len < 0)
    len = (gssize) strlen (utf8);
  if (!billet_utf8_validate (utf8, (gsize) len, &bad))
    {
      set_invalid_error (error, utf8, (gsize) len, (gsize) (bad - utf8), BILLET_CHARSET_UTF8);
      return NULL;
    }
  if (charset == BILLET_CHARSET_UTF8)
    {
      if (out_len != NULL)
        *out_len = (gsize) len;
      return g_strndup (utf8, (gsize) len);
    }

  out = g_string_sized_new ((gsize) len + 1);
  end = utf8 + len;
  for (p = utf8; p < end; )
    {
      gunichar ch;
      int b;

      if ((guchar) *p < 0x80)
        {
          g_string_append_c (out, *p++);
          continue;
        }
      ch = g_utf8_get_char (p);
      if (charset == BILLET_CHARSET_UTF8_STRAY)
        {
          if (ch >= 0xF780 && ch <= 0xF7FF)
            g_string_append_c (out, (char) (ch - 0xF700));
          else
            g_string_append_len (out, p, g_utf8_next_char (p) - p);
          p = g_utf8_next_char (p);
          continue;
        }

      b = legacy_encode (charset, ch);
      if (b < 0)
        {
          char what[8] = { 0 };
          guint line, column;

          g_unichar_to_utf8 (ch, what);
          billet_encoding_get_position (utf8, (gsize) len, (gsize) (p - utf8), &line, &column);
          g_set_error (error, BILLET_ENCODING_ERROR, BILLET_ENCODING_ERROR_UNREPRESENTABLE,
                       /* Translators: “€” (line 3, column 7) cannot be written in Latin-1 (ISO-8859-1) */
                       _("“%s” (line %u, column %u) cannot be written in %s"),
                       what, line, column, billet_charset_get_name (charset));
          g_string_free (out, TRUE);
          return NULL;
        }
      g_string_append_c (out, (char) b);
      p = g_utf8_next_char (p);
    }

  if (out_len != NULL)
    *out_len = out->len;
  return g_string_free (out, FALSE);
}

/* Mojibake
 *
 * A mis-encoded character is a run of 2 to 4 characters that a
 * Windows-1252/1254 (or Latin-1) decoder made of one UTF-8 character: its
 * first maps back to a UTF-8 lead byte, the others to continuation bytes,
 * and together the bytes are valid UTF-8. No table of strings: each
 * candidate is found by encoding back and decoding as UTF-8.
 *
 * Correct text rarely holds such runs, but may: Portuguese “«IRMÃ»” is Ã
 * and », which decode as “û”. So each run is weighed, and the document as
 * a whole decides:
 *
 * - the decoded character must be one that texts hold (Latin and its
 *   modifier letters — the ᵉ of “XXIᵉ siècle”, ʳ, ʼ —, Greek, Cyrillic,
 *   Hebrew, Arabic, Indic, CJK, punctuation — the ⸱ of French inclusive
 *   writing —, symbols, ligatures such as ﬀ, emoji) — not IPA, combining
 *   marks or private use, which is what an accented capital before a quote
 *   or a no-break space makes (“É»” → “ɻ”);
 * - a run weighs 1, plus 1 for each continuation character that has no
 *   business after a letter (“©” in “Ã©”; but not « » ’ ” – — … · or a
 *   no-break space, which correct text puts after a capital);
 * - the text is repaired when the runs weigh at least 2 and at least as
 *   much as the non-ASCII characters outside them: in mis-encoded text
 *   nearly all of them are in runs; in correct text nearly none.
 *
 * A text that mixes correct and mis-encoded parts (a paragraph pasted from
 * an old export into a correct post) fails that test. There, what is
 * unambiguous is repaired:
 *
 * - a run that correct text does not hold: one that weighs 2 or more
 *   (“cafÃ©”, “lâ€™Ã©tÃ©”, “XXIáµ‰”); “Â” then Latin-1 punctuation (“Â«”,
 *   “Â·”, “Â ” for a no-break space); a capital after a small letter
 *   (“sÃ»r”), or glued to the small letter after it by an opening quote or
 *   a soft hyphen (“Å“uvre”) — but not by an apostrophe: “Ç’a été” —; and
 *   “à” (“Ã” and a no-break space) before a space — when it is inside a
 *   word: a letter or a digit touches it (on both sides, for one that
 *   stands for a symbol); markup such as ** does not count;
 * - the runs next to such a run, when they could be one themselves;
 * - the runs of a line or a paragraph that holds such a run and passes
 *   the test above on its own (“LÃ  oÃ¹ Â«Â cafÃ©Â Â»”), but for three
 *   characters of a small letter and punctuation (“é »” would be 頻);
 * - never a run in code (a fenced block, a `code span`), nor one alone
 *   between spaces or quotes (« Ã© »): that is how a post about encodings
 *   shows mojibake on purpose.
 *
 * The repair replaces only the runs, so every other byte is kept. A second
 * and third pass undo double encoding (“ÃƒÂ©” → “Ã©” → “é”), each only
 * when the result is again mis-encoded and less so than before. In a text
 * (or a line, a paragraph) judged mis-encoded, the first pass also undoes
 * two common lossy forms: “Ã ” whose no-break space became a space (“à”),
 * and “â€” whose last byte (0x9D, undefined in Windows-1252) was dropped
 * (“”” ).
 *
 * Last, a byte-order mark read as Windows-1252, “ï»¿” at the very start of
 * the text (a WordPress leftover), hides the front matter from Billet and
 * from the generators alike: it is removed. It stood for nothing but the
 * encoding, which is UTF-8 either way.
 */

typedef enum
{
  CANDIDATE_LOSSY    = 1 << 0,  /* a lossy form: only where the text or a line is mis-encoded */
  CANDIDATE_ELIGIBLE = 1 << 1,  /* unambiguous wherever a word holds it */
  CANDIDATE_CERTAIN  = 1 << 2,  /* unambiguous */
  CANDIDATE_UNIT     = 1 << 3,  /* on a line or a paragraph that looks mis-encoded */
  CANDIDATE_CODE     = 1 << 4,  /* in a code block or a code span */
} CandidateFlags;

typedef struct
{
  gsize          start;      /* in the text scanned */
  gsize          end;
  gsize          out_start;  /* in the repaired text */
  gsize          out_end;
  gunichar       repaired;
  guint          n_chars;    /* characters it replaces */
  CandidateFlags flags;
} Candidate;

/* A line or a paragraph, for mixed texts: its candidates, and the same
 * weighing as the whole text's. */
typedef struct
{
  guint first;
  guint end;
  guint score;
  guint legit;
} Unit;

typedef struct
{
  GArray *candidates;
  GArray *units;       /* Unit: the lines and paragraphs that hold candidates */
  guint   score;
  guint   legit;       /* non-ASCII characters outside candidates */
} Scan;

/* Continuation characters that correct text puts after a capital. */
static gboolean
is_weak_continuation (gunichar ch)
{
  switch (ch)
    {
    case 0x00A0: case 0x00AB: case 0x00BB: case 0x00AD: case 0x00B0: case 0x00B7:
    case 0x201A: case 0x201E: case 0x2026: case 0x2039: case 0x203A:
    case 0x2018: case 0x2019: case 0x201C: case 0x201D: case 0x2022:
    case 0x2013: case 0x2014:
      return TRUE;
    default:
      return FALSE;
    }
}

static gboolean
is_plausible (gunichar ch,
              guint    n_bytes)
{
  switch (n_bytes)
    {
    case 2:
      return (ch >= 0x00A0 && ch <= 0x024F) ||   /* Latin-1, Latin Extended-A/B */
             (ch >= 0x02B0 && ch <= 0x02FF) ||   /* modifier letters: ʳ ʼ */
             (ch >= 0x0370 && ch <= 0x06FF);     /* Greek, Cyrillic, Armenian, Hebrew, Arabic */
    case 3:
      return (ch >= 0x0900 && ch <= 0x0E7F) ||   /* Indic, Sinhala, Thai */
             (ch >= 0x1D00 && ch <= 0x1DBF) ||   /* phonetic extensions: the ᵉ of “XXIᵉ” */
             (ch >= 0x1E00 && ch <= 0x1EFF) ||   /* Latin Extended Additional (Vietnamese) */
             (ch >= 0x2000 && ch <= 0x2BFF) ||   /* punctuation, currency, symbols, arrows */
             (ch >= 0x2E00 && ch <= 0x2E7F) ||   /* supplemental punctuation: ⸱ */
             (ch >= 0x3000 && ch <= 0x9FFF) ||   /* CJK */
             (ch >= 0xAC00 && ch <= 0xD7AF) ||   /* Hangul */
             (ch >= 0xFB00 && ch <= 0xFB4F) ||   /* ligatures ﬀ ﬁ ﬂ, Hebrew forms */
             (ch >= 0xFE00 && ch <= 0xFE0F) ||   /* variation selectors */
             (ch >= 0xFF00 && ch <= 0xFFEF);     /* full-width forms */
    case 4:
      return ch >= 0x10000 && ch < 0xF0000;      /* emoji, CJK extensions; no private use */
    default:
      return FALSE;
    }
}

static gboolean
is_plausible_character (gunichar ch,
                        guint    n_bytes)
{
  /* “2×½” would be U+05FD, in the Hebrew block but not a character. */
  return is_plausible (ch, n_bytes) && g_unichar_type (ch) != G_UNICODE_UNASSIGNED;
}

/* The length of the fence (``` or ~~~, after up to three spaces) that
 * starts the line at @p, or 0. */
static gsize
fence_at (const char *p,
          const char *end,
          char       *fence)
{
  gsize n = 0;

  for (int i = 0; i < 3 && p < end && *p == ' '; i++)
    p++;
  if (p >= end || (*p != '`' && *p != '~'))
    return 0;
  while (p + n < end && p[n] == *p)
    n++;
  if (n < 3)
    return 0;
  /* ```a``` is a code span, not a fence. */
  if (*p == '`')
    {
      const char *eol = memchr (p, '\n', (gsize) (end - p));

      if (memchr (p + n, '`', (gsize) ((eol != NULL ? eol : end) - (p + n))) != NULL)
        return 0;
    }
  *fence = *p;
  return n;
}

/* Where the code span opened by the backticks at @p ends (after its
 * closing backticks, on the same line), or NULL. */
static const char *
code_span_end (const char *p,
               const char *end,
               gsize      *run)
{
  const char *eol = memchr (p, '\n', (gsize) (end - p));
  const char *s;
  gsize n = 0;

  if (eol == NULL)
    eol = end;
  while (p + n < eol && p[n] == '`')
    n++;
  *run = n;
  for (s = p + n; s < eol && (s = memchr (s, '`', (gsize) (eol - s))) != NULL;)
    {
      gsize m = 0;

      while (s + m < eol && s[m] == '`')
        m++;
      if (m == n)
        return s + m;
      s += m;
    }
  return NULL;
}

static void
unit_close (Scan *scan,
            Unit *unit)
{
  unit->end = scan->candidates->len;
  if (unit->end > unit->first)
    g_array_append_val (scan->units, *unit);
  unit->first = unit->end;
  unit->score = 0;
  unit->legit = 0;
}

static void
add_candidate (Scan           *scan,
               gsize           start,
               gsize           end,
               gunichar        repaired,
               guint           n_chars,
               CandidateFlags  flags)
{
  Candidate c = { start, end, 0, 0, repaired, n_chars, flags };

  g_array_append_val (scan->candidates, c);
}

static gboolean
is_symbol (gunichar ch)
{
  GUnicodeType type = g_unichar_type (ch);

  return type == G_UNICODE_MATH_SYMBOL || type == G_UNICODE_CURRENCY_SYMBOL ||
         type == G_UNICODE_MODIFIER_SYMBOL || type == G_UNICODE_OTHER_SYMBOL;
}

/* How sure a run is on its own, in a text that does not look mis-encoded
 * as a whole (see above). @ch is its first character, @continuation its
 * second, @previous and @after what is around it. */
static CandidateFlags
weigh_alone (gunichar ch,
             gunichar continuation,
             gunichar repaired,
             guint    strong,
             gunichar previous,
             gunichar after)
{
  gboolean before_letter = g_unichar_isalnum (previous);
  gboolean after_letter = g_unichar_isalnum (after);
  gboolean in_word = is_symbol (repaired) ? before_letter && after_letter
                                          : before_letter || after_letter;
  CandidateFlags flags = 0;

  /* “Â” then Latin-1 punctuation is that punctuation: « » ° · and the
   * no-break space; no word ends in Â before them. A capital after a
   * small letter (“sÃ»r”) is not how words are written either, nor one
   * glued to the small letter after it by an opening quote or a soft
   * hyphen (“Å“uvre”, “Ã­ndice”) — an apostrophe is another matter:
   * “Ç’a été”. */
  if (strong > 0 || ch == 0x00C2 ||
      (g_unichar_isupper (ch) &&
       (g_unichar_islower (previous) ||
        (g_unichar_islower (after) && (continuation == 0x201C || continuation == 0x00AD)))))
    flags |= CANDIDATE_ELIGIBLE;
  /* A mis-encoded character starts with a letter: “×” before Latin-1
   * punctuation is more likely a multiplication than Hebrew. */
  if (!g_unichar_isalpha (ch))
    flags &= ~CANDIDATE_ELIGIBLE;
  if (in_word && (flags & CANDIDATE_ELIGIBLE))
    flags |= CANDIDATE_CERTAIN;
  /* “Ã” and a no-break space before a space: “à” (“voilÃ ”, “LÃ  oÃ¹”);
   * correct text does not follow a no-break space with a space. “Ã€” as
   * a word of its own: “À”. */
  if (after == ' ' && (repaired == 0x00E0 || (repaired == 0x00C0 && !before_letter)))
    flags |= CANDIDATE_CERTAIN;
  return flags;
}

/* Runs next to a certain one, and the runs of the lines and paragraphs
 * that hold a certain one and look mis-encoded. */
static void
weigh_mixed (Scan *scan)
{
  GArray *candidates = scan->candidates;

#define AT(i) (&g_array_index (candidates, Candidate, (i)))
#define SPREADS(c, d) (((c)->flags & (CANDIDATE_ELIGIBLE | CANDIDATE_CERTAIN)) == CANDIDATE_ELIGIBLE && \
                       ((d)->flags & CANDIDATE_CERTAIN))
  for (guint i = 1; i < candidates->len; i++)
    if (AT (i - 1)->end == AT (i)->start && SPREADS (AT (i), AT (i - 1)))
      AT (i)->flags |= CANDIDATE_CERTAIN;
  for (guint i = candidates->len; i-- > 1;)
    if (AT (i - 1)->end == AT (i)->start && SPREADS (AT (i - 1), AT (i)))
      AT (i - 1)->flags |= CANDIDATE_CERTAIN;
#undef SPREADS

  for (guint u = 0; u < scan->units->len; u++)
    {
      const Unit *unit = &g_array_index (scan->units, Unit, u);
      gboolean certain = FALSE;

      if (unit->score < unit->legit)
        continue;
      for (guint i = unit->first; i < unit->end && !certain; i++)
        certain = (AT (i)->flags & CANDIDATE_CERTAIN) != 0;
      /* Not three characters of a small letter and punctuation alone,
       * such as “é »” (頻): correct text has them. */
      for (guint i = unit->first; i < unit->end && certain; i++)
        if ((AT (i)->flags & (CANDIDATE_ELIGIBLE | CANDIDATE_LOSSY)) || AT (i)->n_chars == 2)
          AT (i)->flags |= CANDIDATE_UNIT;
    }
#undef AT
}

static void
scan_text (const char *text,
           gsize       len,
           Scan       *scan)
{
  const char *p = text;
  const char *end = text + len;
  const char *code_end = text;
  gunichar previous = 0;
  gboolean line_start = TRUE;
  gboolean line_blank = TRUE;
  gboolean in_fence = FALSE;
  char fence = 0;
  gsize fence_len = 0;
  Unit line = { 0, 0, 0, 0 };
  Unit paragraph = { 0, 0, 0, 0 };

  scan->candidates = g_array_new (FALSE, FALSE, sizeof (Candidate));
  scan->units = g_array_new (FALSE, FALSE, sizeof (Unit));
  scan->score = 0;
  scan->legit = 0;

#define SCORE(n) G_STMT_START { scan->score += (n); line.score += (n); paragraph.score += (n); } G_STMT_END
#define LEGIT(n) G_STMT_START { scan->legit += (n); line.legit += (n); paragraph.legit += (n); } G_STMT_END
  while (p < end)
    {
      const char *next;
      gunichar ch;
      int lead;

      if (line_start)
        {
          char c = 0;
          gsize n = fence_at (p, end, &c);

          /* The opening and closing lines are code too. */
          line_start = FALSE;
          line_blank = TRUE;
          in_fence = fence != 0 || n > 0;
          if (fence == 0 && n > 0)
            {
              fence = c;
              fence_len = n;
            }
          else if (fence != 0 && c == fence && n >= fence_len)
            fence = 0;
        }

      if ((guchar) *p < 0x80 && *p != '\n' && *p != '`')
        {
          /* A run of ASCII: only its last character (emphasis is not a
           * word's end: “**avoir**â€¯?”) and whether it is blank matter. */
          const char *run = p;

          while (p < end && (guchar) *p < 0x80 && *p != '\n' && *p != '`')
            p++;
          for (const char *r = p; r > run; r--)
            if (r[-1] != '*' && r[-1] != '_')
              {
                previous = (guchar) r[-1];
                break;
              }
          for (const char *r = run; line_blank && r < p; r++)
            line_blank = *r == ' ' || *r == '\t' || *r == '\r';
          continue;
        }
      if ((guchar) *p < 0x80)
        {
          if (*p == '\n')
            {
              unit_close (scan, &line);
              if (line_blank)
                unit_close (scan, &paragraph);
              line_start = TRUE;
            }
          else
            line_blank = FALSE;
          if (*p == '`' && !in_fence && p >= code_end)
            {
              gsize run = 0;
              const char *span_end = code_span_end (p, end, &run);

              if (span_end != NULL)
                code_end = span_end;
              previous = '`';
              p += run;
              continue;
            }
          previous = (guchar) *p++;
          continue;
        }
      line_blank = FALSE;
      ch = g_utf8_get_char (p);
      next = g_utf8_next_char (p);
      lead = mojibake_byte (ch);

      if (lead >= 0xC2 && lead <= 0xF4)
        {
          guint need = lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4;
          guchar bytes[4] = { (guchar) lead };
          const char *q = next;
          CandidateFlags code = in_fence || p < code_end ? CANDIDATE_CODE : 0;
          guint strong = 0;
          guint k;

          for (k = 1; k < need && q < end && (guchar) *q >= 0x80; k++)
            {
              gunichar c = g_utf8_get_char (q);
              int b = mojibake_byte (c);

              if (b < 0x80 || b > 0xBF)
                break;
              bytes[k] = (guchar) b;
              if (!is_weak_continuation (c))
                strong++;
              q = g_utf8_next_char (q);
            }
          if (k == need && utf8_sequence (bytes, bytes + need) == need)
            {
              gunichar repaired = g_utf8_get_char ((const char *) bytes);

              if (is_plausible_character (repaired, need))
                {
                  const char *a = q;
                  gunichar after;

                  while (a < end && (*a == '*' || *a == '_'))
                    a++;
                  after = a < end ? g_utf8_get_char (a) : 0;

                  add_candidate (scan, (gsize) (p - text), (gsize) (q - text), repaired, need,
                                 code | weigh_alone (ch, g_utf8_get_char (next), repaired,
                                                     strong, previous, after));
                  SCORE (1 + strong);
                  previous = repaired;
                  p = q;
                  continue;
                }
            }

          /* The lossy forms count in the weighing as what they are, not
           * as runs: they decide nothing, and are repaired only where the
           * rest decided. */
          if (ch == 0x00C3 && next < end && *next == ' ' && !g_unichar_isupper (previous))
            {
              /* “voilÃ ”: à (C3 A0) whose no-break space became a space. */
              add_candidate (scan, (gsize) (p - text), (gsize) (next + 1 - text), 0x00E0, 2,
                             code | CANDIDATE_LOSSY);
              LEGIT (1);
              previous = 0x00E0;
              p = next + 1;
              continue;
            }
          if (ch == 0x00E2 && next < end && g_utf8_get_char (next) == 0x20AC)
            {
              /* “â€”: ” (E2 80 9D) without its last byte, which
               * Windows-1252 leaves undefined. */
              q = g_utf8_next_char (next);
              add_candidate (scan, (gsize) (p - text), (gsize) (q - text), 0x201D, 2,
                             code | CANDIDATE_LOSSY);
              LEGIT (2);
              previous = 0x201D;
              p = q;
              continue;
            }
        }

      LEGIT (1);
      previous = ch;
      p = next;
    }
#undef SCORE
#undef LEGIT
  unit_close (scan, &line);
  unit_close (scan, &paragraph);
}

static void
scan_clear (Scan *scan)
{
  g_clear_pointer (&scan->candidates, g_array_unref);
  g_clear_pointer (&scan->units, g_array_unref);
}

static gboolean
looks_mis_encoded (const Scan *scan)
{
  return scan->score >= 2 && scan->score >= scan->legit;
}

/* The candidates a pass repairs: all of them in a text that looks
 * mis-encoded (lossy forms in the first pass only), else the unambiguous
 * ones (see above). */
static GArray *
choose_candidates (GArray   *candidates,
                   gboolean  whole,
                   gboolean  lossy)
{
  GArray *chosen = g_array_new (FALSE, FALSE, sizeof (Candidate));

  for (guint i = 0; i < candidates->len; i++)
    {
      const Candidate *c = &g_array_index (candidates, Candidate, i);

      if ((c->flags & CANDIDATE_LOSSY) && !lossy)
        continue;
      if (whole ||
          (!(c->flags & CANDIDATE_CODE) && (c->flags & (CANDIDATE_CERTAIN | CANDIDATE_UNIT))))
        g_array_append_val (chosen, *c);
    }
  return chosen;
}

/* Replaces the candidates; records where each lands in the result. */
static char *
apply_candidates (const char *text,
                  gsize       len,
                  GArray     *candidates,
                  gsize      *out_len)
{
  GString *out = g_string_sized_new (len + 1);
  gsize done = 0;

  for (guint i = 0; i < candidates->len; i++)
    {
      Candidate *c = &g_array_index (candidates, Candidate, i);

      g_string_append_len (out, text + done, (gssize) (c->start - done));
      c->out_start = out->len;
      g_string_append_unichar (out, c->repaired);
      c->out_end = out->len;
      done = c->end;
    }
  g_string_append_len (out, text + done, (gssize) (len - done));
  *out_len = out->len;
  return g_string_free (out, FALSE);
}

/* Where @pos of a pass's result was in its input: a start (or an end,
 * @is_end) inside a repaired character maps to the start (end) of its run. */
static gsize
map_back (GArray   *candidates,
          gsize     pos,
          gboolean  is_end)
{
  gssize shift = 0;

  for (guint i = 0; i < candidates->len; i++)
    {
      const Candidate *c = &g_array_index (candidates, Candidate, i);

      if (is_end ? pos <= c->out_start : pos < c->out_start)
        break;
      if (is_end ? pos <= c->out_end : pos < c->out_end)
        return is_end ? c->end : c->start;
      shift = (gssize) c->end - (gssize) c->out_end;
    }
  return (gsize) ((gssize) pos + shift);
}

/* How many characters a pass's repair adds to the count of repaired ones:
 * one a run, less the characters of it that the pass before had repaired
 * (“Ã©” from “ÃƒÂ©” is one character repaired twice). */
static gint64
count_repaired (GArray *chosen,
                GArray *before)
{
  gint64 n = chosen->len;
  guint j = 0;

  if (before == NULL)
    return n;
  for (guint i = 0; i < chosen->len; i++)
    {
      const Candidate *c = &g_array_index (chosen, Candidate, i);

      while (j < before->len && g_array_index (before, Candidate, j).out_start < c->start)
        j++;
      for (; j < before->len && g_array_index (before, Candidate, j).out_end <= c->end; j++)
        n--;
    }
  return n;
}

static void
candidates_free (gpointer data)
{
  g_array_unref (data);
}

/**
 * billet_encoding_may_hold_mojibake:
 * @text: (array length=len): UTF-8 text
 * @len: its length
 *
 * A cheap test that billet_encoding_repair_mojibake() would find nothing,
 * for a check that reads a whole site. Every run it repairs is a UTF-8
 * lead byte read as Windows-1252 — a character from U+00C2 (“Â”) to
 * U+00F4 (“ô”) — followed by a continuation byte read the same way, which
 * is never ASCII (the mis-encoded mark “ï»¿” is one such run); the lossy
 * forms it also undoes (“Ã ”) are undone only beside such runs.
 *
 * Returns: %FALSE when @text holds no such pair: nothing to repair
 */
gboolean
billet_encoding_may_hold_mojibake (const char *text,
                                   gsize       len)
{
  const guchar *p = (const guchar *) text;
  const guchar *end = p + len;

  g_return_val_if_fail (text != NULL || len == 0, FALSE);

  /* U+00C2 to U+00F4 are C3 82 to C3 B4 in UTF-8. */
  while (end - p >= 3 && (p = memchr (p, 0xC3, end - p - 2)) != NULL)
    {
      if (p[1] >= 0x82 && p[1] <= 0xB4 && p[2] >= 0x80)
        return TRUE;
      p++;
    }
  return FALSE;
}

/**
 * billet_encoding_repair_mojibake:
 * @text: (array length=len): valid UTF-8 text, a whole post
 * @out_len: (out) (optional): the length of the result
 * @report: (out caller-allocates) (optional): where the first mis-encoded
 *   sequence is, how many characters were repaired, an example, and whether
 *   a mis-encoded byte-order mark was removed; clear it with
 *   billet_mojibake_clear()
 *
 * Looks for text that was UTF-8, read as Windows-1252, Windows-1254 or
 * Latin-1 and saved again as UTF-8, and repairs it; see above for how it
 * tells such text from correct text that happens to look alike. A real
 * byte-order mark may start @text: it is kept.
 *
 * Returns: (transfer full) (nullable): the repaired text, or %NULL when
 *   @text does not look mis-encoded (or is not UTF-8)
 */
char *
billet_encoding_repair_mojibake (const char     *text,
                                 gsize           len,
                                 gsize          *out_len,
                                 BilletMojibake *report)
{
  static const char mark[] = "\xEF\xBB\xBF";
  static const char mis_encoded_mark[] = BILLET_MIS_ENCODED_MARK;
  g_autoptr(GPtrArray) passes = NULL;
  g_autofree char *base_copy = NULL;
  g_autofree char *current = NULL;
  const char *base = text;
  gsize base_len = len;
  gsize current_len;
  gsize mark_len = 0;
  gsize removed = 0;
  gint64 n_repaired = 0;

  if (report != NULL)
    memset (report, 0, sizeof *report);
  g_return_val_if_fail (text != NULL || len == 0, NULL);

  if (len == 0 || !billet_utf8_validate (text, len, NULL))
    return NULL;

  /* The mis-encoded mark, after a real one if any. */
  if (len >= 3 && memcmp (text, mark, 3) == 0)
    mark_len = 3;
  if (len - mark_len >= sizeof mis_encoded_mark - 1 &&
      memcmp (text + mark_len, mis_encoded_mark, sizeof mis_encoded_mark - 1) == 0)
    {
      removed = sizeof mis_encoded_mark - 1;
      base_len = len - removed;
      base = base_copy = g_malloc (base_len + 1);
      memcpy (base_copy, text, mark_len);
      memcpy (base_copy + mark_len, text + mark_len + removed, len - mark_len - removed);
      base_copy[base_len] = 0;
    }
  current_len = base_len;

  passes = g_ptr_array_new_with_free_func (candidates_free);
  for (guint pass = 0; pass < 3; pass++)
    {
      const char *in = current ? current : base;
      Scan scan, after;
      GArray *chosen;
      gboolean whole;
      char *repaired;
      gsize repaired_len;

      scan_text (in, current_len, &scan);
      whole = looks_mis_encoded (&scan);
      if (!whole)
        weigh_mixed (&scan);
      chosen = choose_candidates (scan.candidates, whole, pass == 0);
      scan_clear (&scan);
      if (chosen->len == 0)
        {
          g_array_unref (chosen);
          break;
        }

      repaired = apply_candidates (in, current_len, chosen, &repaired_len);

      /* Clearly less suspicious than before, or not at all. */
      scan_text (repaired, repaired_len, &after);
      scan_clear (&after);
      if (looks_mis_encoded (&after) && after.score >= scan.score)
        {
          g_array_unref (chosen);
          g_free (repaired);
          break;
        }

      n_repaired += count_repaired (chosen, pass > 0 ? g_ptr_array_index (passes, pass - 1) : NULL);
      g_ptr_array_add (passes, chosen);
      g_free (current);
      current = repaired;
      current_len = repaired_len;
    }

  if (passes->len == 0 && removed == 0)
    return NULL;

  if (report != NULL)
    {
      report->bom = removed > 0;
      report->offset = mark_len;
      report->line = 1;
      report->column = 1;
    }
  if (report != NULL && passes->len > 0)
    {
      GArray *first_pass = g_ptr_array_index (passes, 0);
      GArray *last_pass = g_ptr_array_index (passes, passes->len - 1);
      const Candidate *first = &g_array_index (first_pass, Candidate, 0);
      const Candidate *last = &g_array_index (last_pass, Candidate, 0);
      gsize start = last->start;
      gsize end = last->end;
      char repaired[8] = { 0 };

      /* In @text, the removed mark is before every run. */
      report->offset = first->start + removed;
      billet_encoding_get_position (text, len, report->offset, &report->line, &report->column);
      report->n_repaired = (guint) CLAMP (n_repaired, 1, G_MAXUINT);

      /* The first character of the last pass, as it was in @text. */
      for (guint i = passes->len - 1; i > 0; i--)
        {
          start = map_back (g_ptr_array_index (passes, i - 1), start, FALSE);
          end = map_back (g_ptr_array_index (passes, i - 1), end, TRUE);
        }
      g_unichar_to_utf8 (last->repaired, repaired);
      report->example = g_strndup (base + start, end - start);
      report->example_repaired = g_strdup (repaired);
    }

  if (out_len != NULL)
    *out_len = current_len;
  if (current == NULL)
    return base_copy != NULL ? g_steal_pointer (&base_copy) : g_strndup (base, base_len);
  return g_steal_pointer (&current);
}

/**
 * billet_mojibake_found:
 *
 * Returns: whether @report tells of something to repair: mis-encoded text,
 *   or a mis-encoded byte-order mark
 */
gboolean
billet_mojibake_found (const BilletMojibake *report)
{
  g_return_val_if_fail (report != NULL, FALSE);

  return report->example != NULL || report->bom;
}

/**
 * billet_mojibake_clear:
 *
 * Frees what a #BilletMojibake holds (not the structure itself).
 */
void
billet_mojibake_clear (BilletMojibake *report)
{
  g_return_if_fail (report != NULL);

  g_clear_pointer (&report->example, g_free);
  g_clear_pointer (&report->example_repaired, g_free);
  report->bom = FALSE;
}

/**
 * billet_encoding_fix_file:
 * @data: a post file's bytes
 * @len: their length
 * @out_len: (out): the fixed file's length
 * @converted_from: (out) (optional): the legacy charset the file was
 *   converted from, or %BILLET_CHARSET_UTF8 when it was UTF-8
 * @report: (out caller-allocates) (optional): the mis-encoded text repaired
 * @error: why it cannot be fixed: stray bytes (only the author knows what
 *   they were), not text
 *
 * The repair `billet check --fix-encoding` writes: legacy 8-bit text
 * converted to UTF-8, mis-encoded text (UTF-8 once read as Windows-1252)
 * repaired, a mis-encoded byte-order mark removed; a UTF-8 byte-order mark
 * kept.
 *
 * Returns: (transfer full) (nullable): the fixed file, or %NULL (@error
 *   unset) when there is nothing to fix
 */
char *
billet_encoding_fix_file (const char      *data,
                          gsize            len,
                          gsize           *out_len,
                          BilletCharset   *converted_from,
                          BilletMojibake  *report,
                          GError         **error)
{
  g_auto(BilletDecodedText) text = { 0 };
  g_auto(BilletMojibake) local_report = { 0 };
  g_autofree char *repaired = NULL;
  const char *body;
  gsize body_len = 0;
  gsize repaired_len = 0;
  GString *out;

  g_return_val_if_fail (data != NULL || len == 0, NULL);
  g_return_val_if_fail (out_len != NULL, NULL);

  if (converted_from != NULL)
    *converted_from = BILLET_CHARSET_UTF8;
  if (!billet_text_decode (data, len, &text, error))
    return NULL;
  switch (text.kind)
    {
    case BILLET_TEXT_STRAY_BYTES:
      g_set_error_literal (error, BILLET_ENCODING_ERROR, BILLET_ENCODING_ERROR_INVALID,
                           _("The file has stray bytes: only you know what they were meant to be"));
      return NULL;

    case BILLET_TEXT_LEGACY:
      /* Mis-encoded text can hide in legacy text too: repaired at once. */
      repaired = billet_encoding_repair_mojibake (text.text, text.text_len, &repaired_len, &local_report);
      body = repaired != NULL ? repaired : text.text;
      body_len = repaired != NULL ? repaired_len : text.text_len;
      if (converted_from != NULL)
        *converted_from = text.charset;
      break;

    case BILLET_TEXT_UTF8:
    case BILLET_TEXT_BINARY:
    case BILLET_TEXT_UNKNOWN:
    default:
      {
        gsize skip = text.bom ? 3 : 0;

        repaired = billet_encoding_repair_mojibake (data + skip, len - skip, &repaired_len, &local_report);
        if (repaired == NULL)
          return NULL;
        body = repaired;
        body_len = repaired_len;
      }
      break;
    }
  out = g_string_sized_new (body_len + 3);
  if (text.bom)
    g_string_append_len (out, "\xEF\xBB\xBF", 3);
  g_string_append_len (out, body, (gssize) body_len);
  if (report != NULL)
    {
      *report = local_report;
      memset (&local_report, 0, sizeof local_report);
    }
  *out_len = out->len;
  return g_string_free (out, FALSE);
}
