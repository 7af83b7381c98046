/* test-encoding.c — legacy encodings, stray bytes and mojibake
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "billet-encoding.h"
#include "billet-post.h"

/* Detection */

static void
test_detect (void)
{
  static const struct {
    const char     *name;
    const char     *data;
    BilletTextKind  kind;
    BilletCharset   charset;
    gsize           first_odd;
    gsize           n_stray;
  } cases[] = {
    { "ascii", "---\ntitle: t\n---\n", BILLET_TEXT_UTF8, BILLET_CHARSET_UTF8, 17, 0 },
    { "utf8", "été “quoted”", BILLET_TEXT_UTF8, BILLET_CHARSET_UTF8, 18, 0 },
    { "empty", "", BILLET_TEXT_UTF8, BILLET_CHARSET_UTF8, 0, 0 },
    /* No byte of 0x80–0x9F: both decode alike, Latin-1 is the honest name. */
    { "latin1", "caf\xE9 cr\xE8me br\xFBl\xE9\x65", BILLET_TEXT_LEGACY, BILLET_CHARSET_LATIN_1, 3, 4 },
    { "latin1-truncated-utf8", "title: \xC3\n", BILLET_TEXT_LEGACY, BILLET_CHARSET_LATIN_1, 7, 1 },
    /* Curly quotes and the euro: Windows-1252. */
    { "cp1252", "caf\xE9 \x93quoted\x94 5 \x80", BILLET_TEXT_LEGACY, BILLET_CHARSET_WINDOWS_1252, 3, 4 },
    { "cp1252-only-quotes", "it\x92s", BILLET_TEXT_LEGACY, BILLET_CHARSET_WINDOWS_1252, 2, 1 },
    /* 0x81 is undefined in Windows-1252 and a C1 control in Latin-1. */
    { "undefined", "title: \x81x", BILLET_TEXT_UNKNOWN, BILLET_CHARSET_UTF8, 7, 1 },
    { "undefined-9d", "\xE9t\xE9 \x9D", BILLET_TEXT_UNKNOWN, BILLET_CHARSET_UTF8, 0, 3 },
    /* One Latin-1 byte in UTF-8 text: a stray. */
    { "stray", "été, déjà vu, caf\xE9.", BILLET_TEXT_STRAY_BYTES, BILLET_CHARSET_UTF8_STRAY, 21, 1 },
    { "stray-tie", "é \xE9", BILLET_TEXT_STRAY_BYTES, BILLET_CHARSET_UTF8_STRAY, 3, 1 },
    /* A chance valid pair in Windows-1252 text does not make it UTF-8. */
    { "cp1252-chance-pair", "\xC3\xA9 caf\xE9 cr\xE8me \xE0", BILLET_TEXT_LEGACY, BILLET_CHARSET_LATIN_1, 6, 3 },
    { "surrogate", "a \xED\xA0\x80", BILLET_TEXT_LEGACY, BILLET_CHARSET_WINDOWS_1252, 2, 3 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      BilletTextInfo info;

      g_test_message ("case %s", cases[i].name);
      billet_encoding_detect (cases[i].data, strlen (cases[i].data), &info);
      g_assert_cmpint (info.kind, ==, cases[i].kind);
      if (cases[i].kind != BILLET_TEXT_UNKNOWN)
        g_assert_cmpint (info.charset, ==, cases[i].charset);
      g_assert_cmpuint (info.first_odd, ==, cases[i].first_odd);
      g_assert_cmpuint (info.n_stray, ==, cases[i].n_stray);
    }

  {
    BilletTextInfo info;

    billet_encoding_detect ("ab\0c\xE9", 5, &info);
    g_assert_cmpint (info.kind, ==, BILLET_TEXT_BINARY);
    g_assert_cmpuint (info.first_odd, ==, 2);
  }
}

static void
test_stray_positions (void)
{
  const char *text = "ligne un\nd\xE9j\xE0 vu, été\n\xFF ok é\n";
  gsize offsets[2];
  guint line, column;

  g_assert_cmpuint (billet_encoding_find_stray_bytes (text, strlen (text), offsets, 2), ==, 3);
  g_assert_cmpuint (offsets[0], ==, 10);
  g_assert_cmpuint (offsets[1], ==, 12);
  billet_encoding_get_position (text, strlen (text), offsets[0], &line, &column);
  g_assert_cmpuint (line, ==, 2);
  g_assert_cmpuint (column, ==, 2);
  billet_encoding_get_position (text, strlen (text), offsets[1], &line, &column);
  g_assert_cmpuint (line, ==, 2);
  g_assert_cmpuint (column, ==, 4);   /* in bytes: the line is not UTF-8 so far */
  g_assert_cmpuint (billet_encoding_find_stray_bytes ("été", 5, NULL, 0), ==, 0);
}

/* Decoding and encoding */

/* Our tables against glibc's iconv, byte by byte. */
static void
test_tables (void)
{
  static const struct { BilletCharset charset; const char *iconv; } cases[] = {
    { BILLET_CHARSET_WINDOWS_1252, "WINDOWS-1252" },
    { BILLET_CHARSET_WINDOWS_1254, "CP1254" },
    { BILLET_CHARSET_LATIN_1, "ISO-8859-1" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    for (guint b = 0x01; b <= 0xFF; b++)
      {
        char byte = (char) b;
        g_autoptr(GError) error = NULL;
        g_autofree char *ours = billet_encoding_decode (&byte, 1, cases[i].charset, NULL, &error);
        g_autofree char *theirs = g_convert (&byte, 1, "UTF-8", cases[i].iconv, NULL, NULL, NULL);

        if (cases[i].charset == BILLET_CHARSET_LATIN_1 && b >= 0x80 && b < 0xA0)
          {
            /* C1 controls: never shown. */
            g_assert_null (ours);
            g_assert_error (error, BILLET_ENCODING_ERROR, BILLET_ENCODING_ERROR_INVALID);
            continue;
          }
        g_assert_cmpstr (ours, ==, theirs);
        if (ours != NULL)
          {
            g_autofree char *back = billet_encoding_encode (ours, -1, cases[i].charset, NULL, &error);

            g_assert_no_error (error);
            g_assert_cmpmem (back, strlen (back), &byte, 1);
          }
        else
          g_assert_error (error, BILLET_ENCODING_ERROR, BILLET_ENCODING_ERROR_INVALID);
      }
}

static void
test_round_trip (void)
{
  static const struct { const char *bytes; BilletCharset charset; const char *utf8; } cases[] = {
    { "---\ntitle: caf\xE9 \x93quoted\x94\n---\nCr\xE8me \x80\n", BILLET_CHARSET_WINDOWS_1252,
      "---\ntitle: café “quoted”\n---\nCrème €\n" },
    { "caf\xE9 na\xEFve", BILLET_CHARSET_LATIN_1, "café naïve" },
    { "\xD0\xFE\xF0 \xDDstanbul \xFDl\xFDk", BILLET_CHARSET_WINDOWS_1254, "Ğşğ İstanbul ılık" },
    { "été \xE9t\xFF fin", BILLET_CHARSET_UTF8_STRAY, "été \xEF\x9F\xA9t\xEF\x9F\xBF fin" },
    { "plain", BILLET_CHARSET_UTF8, "plain" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *utf8 = NULL;
      g_autofree char *bytes = NULL;
      gsize len = 0;

      utf8 = billet_encoding_decode (cases[i].bytes, strlen (cases[i].bytes), cases[i].charset,
                                     &len, &error);
      g_assert_no_error (error);
      g_assert_cmpstr (utf8, ==, cases[i].utf8);
      g_assert_cmpuint (len, ==, strlen (cases[i].utf8));
      bytes = billet_encoding_encode (utf8, (gssize) len, cases[i].charset, &len, &error);
      g_assert_no_error (error);
      g_assert_cmpmem (bytes, len, cases[i].bytes, strlen (cases[i].bytes));
    }
}

static void
test_encode_unrepresentable (void)
{
  static const struct { const char *utf8; BilletCharset charset; const char *has; } cases[] = {
    { "ok\nprix : 5 €", BILLET_CHARSET_LATIN_1, "“€” (line 2, column 10)" },
    { "l’été", BILLET_CHARSET_LATIN_1, "“’” (line 1, column 2)" },
    { "Привет", BILLET_CHARSET_WINDOWS_1252, "“П” (line 1, column 1)" },
    { "ğ", BILLET_CHARSET_WINDOWS_1252, "Windows-1252" },
    { "ð", BILLET_CHARSET_WINDOWS_1254, "Windows-1254" },
    { "\xC2\x81", BILLET_CHARSET_WINDOWS_1252, "line 1" },   /* a C1 control */
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *bytes = billet_encoding_encode (cases[i].utf8, -1, cases[i].charset, NULL, &error);

      g_assert_null (bytes);
      g_assert_error (error, BILLET_ENCODING_ERROR, BILLET_ENCODING_ERROR_UNREPRESENTABLE);
      g_test_message ("%s", error->message);
      g_assert_nonnull (strstr (error->message, cases[i].has));
    }

  {
    g_autoptr(GError) error = NULL;
    /* The text already holds a character that stands for a stray byte. */
    g_autofree char *utf8 = billet_encoding_decode ("\xEF\x9E\x81 \xE9", 5, BILLET_CHARSET_UTF8_STRAY,
                                                    NULL, &error);

    g_assert_null (utf8);
    g_assert_error (error, BILLET_ENCODING_ERROR, BILLET_ENCODING_ERROR_INVALID);
  }
}

/* Mojibake */

typedef struct
{
  const char *name;
  const char *input;
  const char *repaired;      /* NULL: left alone */
  guint       line;
  guint       column;
  guint       n_repaired;
  const char *example;
  const char *example_repaired;
} MojibakeCase;

static const MojibakeCase mojibake_cases[] = {
  /* French, read as Windows-1252 */
  { "french-ete", "Ã©tÃ©", "été", 1, 1, 2, "Ã©", "é" },
  { "french-apostrophe", "lâ€™Ã©tÃ©", "l’été", 1, 2, 3, "â€™", "’" },
  { "french-guillemets", "Â« Bonjour Â»", "« Bonjour »", 1, 1, 2, "Â«", "«" },
  { "french-nbsp", "Â«Â\xC2\xA0" "BonjourÂ\xC2\xA0Â»", "«\xC2\xA0" "Bonjour\xC2\xA0»", 1, 1, 4, "Â«", "«" },
  { "french-post",
    "---\ntitle: \"Lâ€™Ã©tÃ© Ã  Paris\"\ntags: [cafÃ©, crÃ¨me]\n---\n"
    "Il a dit â€œoui, Ã§a vaâ€\xC2\x9D et voilÃ .\nÃ‰tÃ© â€“ Å“uvre, Ã®le, Ã´tÃ©.\n",
    "---\ntitle: \"L’été à Paris\"\ntags: [café, crème]\n---\n"
    "Il a dit “oui, ça va” et voilà.\nÉté – œuvre, île, ôté.\n",
    2, 10, 17, "â€™", "’" },
  /* The 0x9D of ” was dropped (undefined in Windows-1252), and the
   * no-break space of “à ” became a space: repaired in a mis-encoded text. */
  { "lossy", "â€œOuiâ€ Ã  lâ€™Ã©cole", "“Oui” à l’école", 1, 1, 5, "â€œ", "“" },
  { "emoji", "Bravo ðŸ˜€ !", "Bravo 😀 !", 1, 7, 1, "ðŸ˜€", "😀" },
  { "euro", "Prix : 5 â‚¬, soit â‚¬5", "Prix : 5 €, soit €5", 1, 10, 2, "â‚¬", "€" },
  { "german", "GrÃ¼ÃŸe aus KÃ¶ln", "Grüße aus Köln", 1, 3, 3, "Ã¼", "ü" },
  { "spanish", "Â¿QuÃ© tal? Â¡SÃ­!", "¿Qué tal? ¡Sí!", 1, 1, 4, "Â¿", "¿" },
  { "russian", "ÐŸÑ€Ð¸Ð²ÐµÑ‚", "Привет", 1, 1, 6, "ÐŸ", "П" },
  /* Turkish text read as Windows-1252 (or 1254: the same here)… */
  { "turkish", "DaÄŸ, ÅŸiÅŸe, Ä°stanbul, Ä±lÄ±k", "Dağ, şişe, İstanbul, ılık", 1, 3, 6, "ÄŸ", "ğ" },
  /* …and text read as Windows-1254, which has ğ where 1252 has ð. */
  { "cp1254-emoji", "SÃ¼per ğŸ˜€", "Süper 😀", 1, 2, 2, "Ã¼", "ü" },
  { "cp1254-cyrillic", "Ğ¿Ñ€Ğ¸", "при", 1, 1, 3, "Ğ¿", "п" },
  /* Latin-1 decoders make C1 controls of 0x80–0x9F. */
  { "latin1-c1", "l\xC3\xA2\xC2\x80\xC2\x99\xC3\x83\xC2\xA9t\xC3\x83\xC2\xA9", "l’été", 1, 2, 3,
    "\xC3\xA2\xC2\x80\xC2\x99", "’" },
  /* Twice mis-encoded. */
  { "double", "Ã\xC6\x92Â©tÃƒÂ©", "été", 1, 1, 2, "Ã\xC6\x92Â©", "é" },
  { "double-mixed", "lÃ¢â‚¬â„¢Ã©tÃ©", "l’été", 1, 2, 3, "Ã¢â‚¬â„¢", "’" },

  /* Three-byte characters of French typography, modifier letters. */
  { "superscript-e", "Au XXIáµ‰ siÃ¨cle", "Au XXIᵉ siècle", 1, 7, 2, "áµ‰", "ᵉ" },
  { "inclusive-dot", "Les auteurâ¸±ices et lectÂ·rices", "Les auteur⸱ices et lect·rices", 1, 11, 2,
    "â¸±", "⸱" },
  { "middle-dot", "lecteurÂ·riceÂ·s", "lecteur·rice·s", 1, 8, 2, "Â·", "·" },
  { "ligatures", "Un eï¬€et ï¬\xC2\x81nal, ï¬‚Ã¨che", "Un eﬀet ﬁnal, ﬂèche", 1, 5, 4, "ï¬€", "ﬀ" },
  { "modifier-apostrophe", "lÊ¼Ã©tÃ©", "lʼété", 1, 2, 3, "Ê¼", "ʼ" },
  { "narrow-nbsp", "Pourquoiâ€¯? VoilÃ â€¯!", "Pourquoi\xE2\x80\xAF? Voilà\xE2\x80\xAF!", 1, 9, 3,
    "â€¯", "\xE2\x80\xAF" },

  /* Mixed: a correct post with mis-encoded parts; what is unambiguous is
   * repaired, the rest kept byte for byte. */
  { "mixed-paragraph",
    "---\ntitle: L’été à Paris\n---\nDéjà là, où ça ? Très bien, merci ; c’est noté, même à Noël.\n\n"
    "Lâ€™Ã©tÃ© Ã\xC2\xA0 Paris, Â«Â\xC2\xA0" "cafÃ© crÃ¨meÂ\xC2\xA0Â»â€¦ au XXIáµ‰ siÃ¨cle.\n\n"
    "Encore du texte correct : élève, château, naïf, cœur, Noël, déjà, à côté, où.\n",
    "---\ntitle: L’été à Paris\n---\nDéjà là, où ça ? Très bien, merci ; c’est noté, même à Noël.\n\n"
    "L’été à Paris, «\xC2\xA0" "café crème\xC2\xA0»… au XXIᵉ siècle.\n\n"
    "Encore du texte correct : élève, château, naïf, cœur, Noël, déjà, à côté, où.\n",
    6, 2, 13, "â€™", "’" },
  { "mixed-title",
    "---\ntitle: Ã‰tÃ© Ã\xC2\xA0 Paris\n---\nUn été très chaud, déjà ; où aller ? À la mer, à côté.\n",
    "---\ntitle: Été à Paris\n---\nUn été très chaud, déjà ; où aller ? À la mer, à côté.\n",
    2, 8, 3, "Ã‰", "É" },
  { "mixed-sentence",
    "Un été très chaud, déjà ; où aller ? LÃ\xC2\xA0 oÃ¹ lâ€™on sâ€™amuse. À côté, à Noël, ça va.",
    "Un été très chaud, déjà ; où aller ? Là où l’on s’amuse. À côté, à Noël, ça va.",
    1, 39, 4, "Ã\xC2\xA0", "à" },
  { "mixed-one-dot", "Chères lectrices, chers lecteurÂ·rices : déjà l’été, à bientôt !",
    "Chères lectrices, chers lecteur·rices : déjà l’été, à bientôt !", 1, 32, 1, "Â·", "·" },
  { "mixed-emphasis", "Déjà l’été, à Noël, où ? Ça va, très bien. **Terraform**â€¯: la suite.",
    "Déjà l’été, à Noël, où ? Ça va, très bien. **Terraform**\xE2\x80\xAF: la suite.", 1, 57, 1,
    "â€¯", "\xE2\x80\xAF" },
  /* …but not in code, where a post shows mojibake on purpose. */
  { "mixed-code",
    "Déjà l’été, à Noël, où ? Ça va, très bien, à côté. Le mot `cafÃ©` et :\n\n"
    "```\nprintf (\"cafÃ©\");\n```\n\nUn cafÃ© crÃ¨me.\n",
    "Déjà l’été, à Noël, où ? Ça va, très bien, à côté. Le mot `cafÃ©` et :\n\n"
    "```\nprintf (\"cafÃ©\");\n```\n\nUn café crème.\n",
    7, 7, 2, "Ã©", "é" },

  /* Correct text that looks alike is left alone. */
  { "portuguese-sao", "SÃO PAULO", NULL, 0, 0, 0, NULL, NULL },
  { "portuguese-nao", "NÃO, não é isso. São Paulo, coração, irmã.", NULL, 0, 0, 0, NULL, NULL },
  { "portuguese-irma-quote", "Disse a «IRMÃ» ontem.", NULL, 0, 0, 0, NULL, NULL },
  { "portuguese-caps", "«NÃO» e «IRMÃ» e «MAÇÃ»: ações.", NULL, 0, 0, 0, NULL, NULL },
  { "german-correct", "Grüße aus Köln, Ärger, Öl, Straße.", NULL, 0, 0, 0, NULL, NULL },
  { "french-correct", "L’été « à Noël », œuvre, ça, île — déjà… 5 €.", NULL, 0, 0, 0, NULL, NULL },
  { "french-caps", "«\xC2\xA0L’ÉTÉ\xC2\xA0» À PARIS, ÇA’", NULL, 0, 0, 0, NULL, NULL },
  { "turkish-correct", "Dağ, şişe, İstanbul, ılık, Ğ.", NULL, 0, 0, 0, NULL, NULL },
  { "spanish-correct", "¿Qué tal? ¡Sí! Año, niño.", NULL, 0, 0, 0, NULL, NULL },
  { "icelandic", "Þórður og Ðóra í Ýsufirði.", NULL, 0, 0, 0, NULL, NULL },
  { "polish-czech", "Zażółć gęślą jaźń. Příliš žluťoučký kůň úpěl ďábelské ódy.", NULL, 0, 0, 0, NULL, NULL },
  { "vietnamese-greek", "Tiếng Việt có dấu. Ελληνικά κείμενα. Ωμέγα.", NULL, 0, 0, 0, NULL, NULL },
  { "code", "```c\nprintf (\"%s\\n\", \"naïve © 2024 ±1 °C\");\n```\n", NULL, 0, 0, 0, NULL, NULL },
  { "symbols", "x ≥ 2 ± 3, ½ ¼, 20 °C, © 2024, ™, § 3, µs", NULL, 0, 0, 0, NULL, NULL },
  { "cjk-emoji", "日本語のテキスト 😀 한국어", NULL, 0, 0, 0, NULL, NULL },
  { "ascii", "Nothing to see here.\n", NULL, 0, 0, 0, NULL, NULL },
  /* One weak look-alike alone is not enough. */
  { "single-weak", "Â«", NULL, 0, 0, 0, NULL, NULL },
  { "french-elision-caps", "Ç’a été long. JOSÉ’s café, l’ÉTÉ’S, À’… Où ? Déjà.", NULL, 0, 0, 0, NULL, NULL },
  { "recipe", "Ajoutez 2×½ tasses de lait à 20 °C.", NULL, 0, 0, 0, NULL, NULL },
  { "portuguese-in-french", "Elle dit «\xC2\xA0IRMÃ\xC2\xA0» et «\xC2\xA0MAÇÃ\xC2\xA0»\xC2\xA0: déjà vu.",
    NULL, 0, 0, 0, NULL, NULL },
  { "quoted-a", "Il lit «\xC2\xA0Ã\xC2\xA0» pour «\xC2\xA0à\xC2\xA0» : où, déjà, été.", NULL, 0, 0, 0, NULL, NULL },
  { "accented-then-quotes", "Un café «\xC2\xA0" "crème\xC2\xA0», l’été… Ô rage ! Ö»x é»«", NULL, 0, 0, 0, NULL, NULL },
  { "mid-text-mark", "Texte\xEF\xBB\xBF avec ï»¿ au milieu, déjà, été, où, à.", NULL, 0, 0, 0, NULL, NULL },
  /* A post about mojibake, quoting it amid correct text. */
  { "about-mojibake", "Quand « é » s’affiche « Ã© », le fichier a été mal décodé ; "
                      "c’est fréquent à l’export.", NULL, 0, 0, 0, NULL, NULL },
};

static void
test_mojibake (gconstpointer data)
{
  const MojibakeCase *c = data;
  g_auto(BilletMojibake) report = { 0 };
  g_autofree char *repaired = NULL;
  gsize len = 0;

  repaired = billet_encoding_repair_mojibake (c->input, strlen (c->input), &len, &report);
  if (c->repaired == NULL)
    {
      g_assert_cmpstr (repaired, ==, NULL);
      g_assert_null (report.example);
      return;
    }
  g_assert_cmpstr (repaired, ==, c->repaired);
  g_assert_cmpuint (len, ==, strlen (c->repaired));
  /* The site check's quick test lets every repairable text through. */
  g_assert_true (billet_encoding_may_hold_mojibake (c->input, strlen (c->input)));
  g_assert_cmpuint (report.line, ==, c->line);
  g_assert_cmpuint (report.column, ==, c->column);
  g_assert_cmpuint (report.n_repaired, ==, c->n_repaired);
  g_assert_cmpstr (report.example, ==, c->example);
  g_assert_cmpstr (report.example_repaired, ==, c->example_repaired);

  /* Repaired text is correct text: a second repair finds nothing. */
  {
    g_autofree char *again = billet_encoding_repair_mojibake (repaired, len, NULL, NULL);

    g_assert_null (again);
  }
}

/* Everything outside the mis-encoded runs is kept byte for byte: invalid
 * UTF-8 is not touched, CRLF and NUL stay. */
static void
test_mojibake_keeps_bytes (void)
{
  static const char input[] = "---\r\ntitle: Ã©tÃ©\r\n---\r\nA\0B Ã§a\r\n";
  static const char expected[] = "---\r\ntitle: été\r\n---\r\nA\0B ça\r\n";
  g_autofree char *repaired = NULL;
  gsize len = 0;

  repaired = billet_encoding_repair_mojibake (input, sizeof input - 1, &len, NULL);
  g_assert_cmpmem (repaired, len, expected, sizeof expected - 1);

  g_assert_null (billet_encoding_repair_mojibake ("Ã©tÃ© \xFF", 11, NULL, NULL));
  g_assert_null (billet_encoding_repair_mojibake ("", 0, NULL, NULL));
}

/* A byte-order mark read as Windows-1252 (“ï»¿”, a WordPress leftover)
 * hides the front matter: the repair removes it, after a real mark too. */
static void
test_mojibake_bom (void)
{
  static const struct
  {
    const char *input;
    const char *repaired;
    guint       n_repaired;
    guint       line;
    guint       column;
    const char *example;
  } cases[] = {
    { "ï»¿---\ntitle: Bonjour\n---\nTexte.\n", "---\ntitle: Bonjour\n---\nTexte.\n", 0, 1, 1, NULL },
    { "\xEF\xBB\xBFï»¿---\ntitle: Bonjour\n---\n", "\xEF\xBB\xBF---\ntitle: Bonjour\n---\n", 0, 1, 1, NULL },
    { "ï»¿---\r\ntitle: Ã‰tÃ©\r\n---\r\nDÃ©jÃ .\r\n", "---\r\ntitle: Été\r\n---\r\nDéjà.\r\n", 4, 2, 8, "Ã‰" },
    { "ï»¿Pas de front matter, déjà.", "Pas de front matter, déjà.", 0, 1, 1, NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_auto(BilletMojibake) report = { 0 };
      g_autofree char *repaired = NULL;
      g_autoptr(BilletPost) post = NULL;
      gsize len = 0;

      repaired = billet_encoding_repair_mojibake (cases[i].input, strlen (cases[i].input), &len, &report);
      g_assert_cmpstr (repaired, ==, cases[i].repaired);
      g_assert_cmpuint (len, ==, strlen (cases[i].repaired));
      g_assert_true (report.bom);
      g_assert_cmpuint (report.n_repaired, ==, cases[i].n_repaired);
      g_assert_cmpuint (report.line, ==, cases[i].line);
      g_assert_cmpuint (report.column, ==, cases[i].column);
      g_assert_cmpstr (report.example, ==, cases[i].example);
      g_assert_null (billet_encoding_repair_mojibake (repaired, len, NULL, NULL));

      /* The front matter is one again. */
      post = billet_post_new_from_data (repaired, len);
      g_assert_cmpint (billet_post_get_front_matter_kind (post), ==,
                       g_str_has_prefix (cases[i].input, "ï»¿P") ? BILLET_FRONT_MATTER_NONE
                                                                 : BILLET_FRONT_MATTER_YAML);
    }
}

/* A big text is repaired in bounded time. */
static void
test_mojibake_large (void)
{
  g_autoptr(GString) text = g_string_new (NULL);
  g_autofree char *repaired = NULL;
  g_auto(BilletMojibake) report = { 0 };
  gint64 start;

  while (text->len < 8 * 1024 * 1024)
    g_string_append (text, "Lâ€™Ã©tÃ© Ã  Paris, cafÃ© crÃ¨me et Â« Bonjour Â».\n");
  start = g_get_monotonic_time ();
  repaired = billet_encoding_repair_mojibake (text->str, text->len, NULL, &report);
  g_assert_nonnull (repaired);
  g_assert_true (g_str_has_prefix (repaired, "L’été à Paris, café crème et « Bonjour »."));
  g_test_message ("8 MiB repaired in %" G_GINT64_FORMAT " ms", (g_get_monotonic_time () - start) / 1000);
  g_assert_cmpint (g_get_monotonic_time () - start, <, 10 * G_USEC_PER_SEC);
}

/* The repair `billet check --fix-encoding` and the site check's Fix
 * write: legacy text converted (its mojibake too), mis-encoded text
 * repaired, a UTF-8 BOM kept; nothing for good UTF-8; refused for stray
 * bytes. */
static void
test_fix_file (void)
{
  static const struct
  {
    const char *in;
    const char *out;
  } cases[] = {
    { "---\ntitle: Caf\xe9\n---\n", "---\ntitle: Café\n---\n" },
    { "\xEF\xBB\xBFUn cafÃ© crÃ¨me.\n", "\xEF\xBB\xBFUn café crème.\n" },
    { "Un café.\n", NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      gsize len = 0;
      g_autofree char *fixed = billet_encoding_fix_file (cases[i].in, strlen (cases[i].in), &len, NULL, NULL, &error);

      g_assert_no_error (error);
      g_assert_cmpstr (fixed, ==, cases[i].out);
      if (fixed != NULL)
        g_assert_cmpuint (len, ==, strlen (cases[i].out));
    }
  {
    g_autoptr(GError) error = NULL;
    gsize len = 0;
    g_autofree char *fixed = billet_encoding_fix_file ("Un caf\xc3\xa9 \xff.\n", 12, &len, NULL, NULL, &error);

    g_assert_null (fixed);
    g_assert_error (error, BILLET_ENCODING_ERROR, BILLET_ENCODING_ERROR_INVALID);
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/billet/encoding/detect", test_detect);
  g_test_add_func ("/billet/encoding/stray-positions", test_stray_positions);
  g_test_add_func ("/billet/encoding/tables", test_tables);
  g_test_add_func ("/billet/encoding/round-trip", test_round_trip);
  g_test_add_func ("/billet/encoding/encode-unrepresentable", test_encode_unrepresentable);
  for (guint i = 0; i < G_N_ELEMENTS (mojibake_cases); i++)
    {
      g_autofree char *path = g_strconcat ("/billet/encoding/mojibake/", mojibake_cases[i].name, NULL);

      g_test_add_data_func (path, &mojibake_cases[i], test_mojibake);
    }
  g_test_add_func ("/billet/encoding/mojibake-keeps-bytes", test_mojibake_keeps_bytes);
  g_test_add_func ("/billet/encoding/mojibake-bom", test_mojibake_bom);
  g_test_add_func ("/billet/encoding/mojibake-large", test_mojibake_large);
  g_test_add_func ("/billet/encoding/fix-file", test_fix_file);
  return g_test_run ();
}
