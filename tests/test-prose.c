/* test-prose.c — which parts of a Markdown body are prose, for spelling,
 * typography and grammar alike
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "billet-prose.h"

/* The words found, space-separated. */
static char *
words_of (const char       *text,
          BilletProseFlags  flags)
{
  g_autoptr(GArray) words = billet_prose_words (text, strlen (text), flags);
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < words->len; i++)
    {
      BilletProseRange *w = &g_array_index (words, BilletProseRange, i);

      if (out->len > 0)
        g_string_append_c (out, ' ');
      g_string_append_len (out, text + w->start, (gssize) (w->end - w->start));
    }

  return g_string_free (out, FALSE);
}

static void
test_prose_blocks (void)
{
  static const struct { const char *text; const char *words; } cases[] = {
    { "# Un titre\n\nUn paragraphe.\n", "Un titre Un paragraphe" },
    /* fenced and indented code, and raw HTML blocks */
    { "Avant\n\n```sh\nfaux motz\n```\n\n    indenté codde\n\n<div class=\"note\">\nbrut\n</div>\n\nAprès\n",
      "Avant Après" },
    /* code spans, inline HTML (the tag, not its text) */
    { "Le `codde` et <span title=\"attribt\">ceci</span> là\n", "Le et ceci là" },
    /* links: the label, not the destination nor the title */
    { "Un [beau lien](https://exemple.fr/chemin \"titre\") ici\n", "Un beau lien ici" },
    /* images: the description, not the path */
    { "Voir ![une image](images/photo-mer.png) ici\n", "Voir une image ici" },
    /* bare addresses and e-mail */
    { "Site www.exemple.fr et https://a.fr/b?c=d et moi@exemple.fr fin\n", "Site et et fin" },
    /* footnote references and labels */
    { "Texte[^note] suite.\n\n[^note]: La note.\n", "Texte suite La note" },
    /* reference definitions */
    { "Un [lien][ref].\n\n[ref]: https://exemple.fr/page \"Titre\"\n", "Un lien" },
    /* table cells, quotes, lists */
    { "> Une citation\n\n- un item\n\n| Col | Autre |\n|---|---|\n| cellule | deux |\n",
      "Une citation un item Col Autre cellule deux" },
    /* apostrophes and hyphens inside words; digits, files and identifiers */
    { "Aujourd’hui l'équipe peut-être au XXIe siècle, avec index.md et snake_case.\n",
      "Aujourd’hui l'équipe peut-être au siècle avec et" },
    /* non-breaking spaces separate words */
    { "Quoi\u00a0? «\u00a0Bien\u00a0»\n", "Quoi Bien" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *words = words_of (cases[i].text, BILLET_PROSE_DEFAULT);

      g_test_message ("case %u: %s", i, cases[i].text);
      g_assert_cmpstr (words, ==, cases[i].words);
    }
}

static void
test_prose_shortcodes (void)
{
  const char *hugo = "Avant {{< figure src=\"/img/chat.png\" caption=\"Un chatt\" >}} après\n\n"
                     "{{% note %}}\nDedans bien\n{{% /note %}}\n\n"
                     "`{{< pas >}}` et fin\n";
  const char *liquid = "Bonjour {{ page.titre }} et {% include machin.html %} voilà\n\n"
                       "{% highlight ruby %}\nputs motz\n{% endhighlight %}\n\nFin\n";
  g_autofree char *hugo_words = words_of (hugo, BILLET_PROSE_DEFAULT);
  g_autofree char *liquid_words = words_of (liquid, BILLET_PROSE_LIQUID);

  g_assert_cmpstr (hugo_words, ==, "Avant après Dedans bien et fin");
  g_assert_cmpstr (liquid_words, ==, "Bonjour et voilà Fin");
}

static void
test_prose_offsets (void)
{
  /* Offsets are the body's own, after a shortcode that changed length. */
  const char *text = "{{< a >}} mot {{< bb >}} autre\n";
  g_autoptr(GArray) words = billet_prose_words (text, strlen (text), BILLET_PROSE_DEFAULT);
  BilletProseRange *w;

  g_assert_cmpuint (words->len, ==, 2);
  w = &g_array_index (words, BilletProseRange, 0);
  g_assert_cmpuint (w->start, ==, 10);
  g_assert_cmpuint (w->end, ==, 13);
  w = &g_array_index (words, BilletProseRange, 1);
  g_assert_cmpuint (w->start, ==, 25);
  g_assert_cmpuint (w->end, ==, 30);
}

/* Where the spelling's walker and the typography's mask used to disagree,
 * and what the one walker does. */
static void
test_prose_disagreements (void)
{
  static const struct { const char *text; const char *words; } cases[] = {
    /* Entities are not words ("nbsp" was one), and do not hide the words
     * around them */
    { "Aller dans **Réglages**&nbsp;>&nbsp;**Compte**, puis&nbsp;valider.\n",
      "Aller dans Réglages Compte puis valider" },
    /* The other generator's template syntax is not prose either */
    { "Bonjour {{ .Titre }} et {% raw %} fin\n", "Bonjour et fin" },
    /* A code span after a hard line break in a list item: cmark-gfm puts
     * it a few bytes off, and "de" of "codde" was a misspelling */
    { "- Ligne une.\\\n  Voir le `codde` ici.\n", "Ligne une Voir le ici" },
    /* Escapes are not prose, but an escaped identifier stays one run of
     * text, which holds no word */
    { "Le fichier hugo\\_stats\\.json ici\n", "Le fichier ici" },
    /* A footnote's label, defined or not; a reference nothing defines */
    { "Texte[^nott] et [lien][reff] fin.\n", "Texte et lien fin" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *words = words_of (cases[i].text, BILLET_PROSE_DEFAULT);

      g_test_message ("case %u: %s", i, cases[i].text);
      g_assert_cmpstr (words, ==, cases[i].words);
    }
}

/* What each byte is: p prose, v verbatim, m markup. The typography fixer
 * changes only p; the grammar checker sends v as "_" and m as spaces. */
static void
test_prose_mask (void)
{
  static const struct { const char *text; const char *kinds; } cases[] = {
    { "- Un `x` https://a.fr\n",
      "mmpppvvvpvvvvvvvvvvvvm" },
    { "| a: | b |\n|---|---|\n",
      "mppppmpppmmmmmmmmmmmm" },
    /* A footnote's definition: its label and colon are not prose */
    { "Un[^1].\n\n[^1]: Note.\n",
      "ppvvvvpmmvvvvmmpppppm" },
    { "Fin\n\n```\ncode\n```\n",
      "pppmmvvvvvvvvvvvvv" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      gsize len = strlen (cases[i].text);
      g_autofree guint8 *mask = billet_prose_mask_new (cases[i].text, len, BILLET_PROSE_DEFAULT);
      g_autofree char *kinds = g_malloc0 (len + 1);

      for (gsize k = 0; k < len; k++)
        kinds[k] = mask[k] == BILLET_PROSE_MASK_PROSE ? 'p' : mask[k] == BILLET_PROSE_MASK_VERBATIM ? 'v' : 'm';
      g_test_message ("case %u: %s", i, cases[i].text);
      g_assert_cmpstr (kinds, ==, cases[i].kinds);
      g_assert_cmpuint (mask[len], ==, BILLET_PROSE_MASK_VERBATIM);
    }
}

static void
test_prose_plain (void)
{
  const char *text = "Un titre : voir https://x.fr et l’été";
  g_autoptr(GArray) words = billet_prose_plain_words (text, strlen (text));

  g_assert_cmpuint (words->len, ==, 5);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/billet/prose/blocks", test_prose_blocks);
  g_test_add_func ("/billet/prose/shortcodes", test_prose_shortcodes);
  g_test_add_func ("/billet/prose/offsets", test_prose_offsets);
  g_test_add_func ("/billet/prose/plain", test_prose_plain);
  g_test_add_func ("/billet/prose/disagreements", test_prose_disagreements);
  g_test_add_func ("/billet/prose/mask", test_prose_mask);

  return g_test_run ();
}
