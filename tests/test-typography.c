/* test-typography.c — the French typography fixer fixes prose, and only prose
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <string.h>

#include <glib.h>

#include "billet-typography.h"

#define NBSP  "\xC2\xA0"
#define NNBSP "\xE2\x80\xAF"

static char *
fix_all (const char *text)
{
  g_autoptr(GArray) fixes = billet_typography_check (text, strlen (text));
  gsize len = 0;

  return billet_typography_apply (text, strlen (text),
                                  (const BilletTypographyFix *) (gpointer) fixes->data,
                                  fixes->len, 0, &len);
}

static void
test_prose (void)
{
  static const struct { const char *in; const char *out; } cases[] = {
    { "Bonjour !\n", "Bonjour" NNBSP "!\n" },
    { "Vraiment?\n", "Vraiment" NNBSP "?\n" },
    { "Un; deux\n", "Un" NNBSP "; deux\n" },
    { "Il dit : oui\n", "Il dit" NBSP ": oui\n" },
    { "Il dit: oui\n", "Il dit" NBSP ": oui\n" },
    { "Quoi ?!\n", "Quoi" NNBSP "?!\n" },
    { "« oui »\n", "«" NBSP "oui" NBSP "»\n" },
    { "«oui»\n", "«" NBSP "oui" NBSP "»\n" },
    { "C'est l'été\n", "C’est l’été\n" },
    { "Et puis...\n", "Et puis…\n" },
    { "Voilà - enfin - fini\n", "Voilà – enfin – fini\n" },
    { "Le XXIe siècle, le XIXème, la 3ème fois, le 2e jour, la Ve République\n",
      "Le XXIᵉ siècle, le XIXᵉ, la 3ᵉ fois, le 2ᵉ jour, la Vᵉ République\n" },
    { "**Attention**!\n", "**Attention**" NNBSP "!\n" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *out = fix_all (cases[i].in);

      g_assert_cmpstr (out, ==, cases[i].out);
    }
}

/* What is right, and what is not prose, stays byte for byte */
static void
test_untouched (void)
{
  static const char *const cases[] = {
    /* Already right */
    "Bonjour" NNBSP "! Vraiment" NBSP "? Dit" NBSP ": «" NBSP "oui" NBSP "».\n",
    "Le 1er jour, la 1re fois, 1e, Le Monde, De Gaulle, Ce jour, Me voici.\n",
    "Il est 14:30, le ratio 3:1, un smiley :) et ....\n",
    /* Code, spans and blocks */
    "Du `code: ici; non!` et ``l'autre...``.\n",
    "```sh\necho \"pas: ici ! ...\"\n```\n",
    "Avant.\n\n    code indenté: non !\n",
    /* HTML, URLs, links, shortcodes, Liquid, entities, attributes */
    "<span title=\"a: b\">x</span>\n",
    "<div>\nun bloc: HTML !\n</div>\n",
    "Voir https://exemple.fr/?a=b;c!d:e et www.exemple.fr/l'adresse\n",
    "Un [lien](https://exemple.fr/l'adresse?x=1... \"titre: x\")\n",
    "Un [lien][réf] et [^note: x]\n",
    "[réf]: https://exemple.fr/a:b \"Titre ?\"\n",
    "{{< figure src=\"a.png\" title=\"Titre: x ?\" >}}\n",
    "{{% note \"a: b\" %}}\n",
    "{% include note.html titre=\"a: b ?\" %} et {{ page.title | x: 'y' }}\n",
    "Un &amp; deux&nbsp;; trois\n",
    "## Titre {#id:x}\n",
    /* A list item's hyphen */
    "- un\n- deux\n",
    /* A footnote's definition: "[^1] :" would no longer be one (the
     * typography's own mask took its colon for prose) */
    "Texte[^1].\n\n[^1]: Une note.\n",
    /* A table's rules and a quote's markers */
    "| a | b |\n|:--|--:|\n\n> - un\n",
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GArray) fixes = billet_typography_check (cases[i], strlen (cases[i]));

      if (fixes->len != 0)
        g_error ("case %u: %u fixes, the first at %" G_GSIZE_FORMAT " in %s", i, fixes->len,
                 g_array_index (fixes, BilletTypographyFix, 0).start, cases[i]);
    }
}

/* The fixes land where they are reported, every other byte kept */
static void
test_offsets (void)
{
  const char *text = "Un `a: b` puis: « c »... et l'été !\n";
  g_autoptr(GArray) fixes = billet_typography_check (text, strlen (text));
  g_autofree char *fixed = NULL;
  g_autofree char *with_prefix = NULL;
  g_autofree char *prefixed = g_strconcat ("---\ntitle: x\n---\n", text, NULL);
  gsize len = 0;

  g_assert_cmpuint (fixes->len, ==, 6);
  g_assert_cmpuint (g_array_index (fixes, BilletTypographyFix, 0).start, ==, strlen ("Un `a: b` puis"));
  fixed = billet_typography_apply (text, strlen (text),
                                   (const BilletTypographyFix *) (gpointer) fixes->data,
                                   fixes->len, 0, &len);
  g_assert_cmpstr (fixed, ==, "Un `a: b` puis" NBSP ": «" NBSP "c" NBSP "»… et l’été" NNBSP "!\n");
  with_prefix = billet_typography_apply (prefixed, strlen (prefixed),
                                         (const BilletTypographyFix *) (gpointer) fixes->data,
                                         fixes->len, strlen ("---\ntitle: x\n---\n"), &len);
  g_assert_true (g_str_has_prefix (with_prefix, "---\ntitle: x\n---\n"));
  g_assert_cmpstr (with_prefix + strlen ("---\ntitle: x\n---\n"), ==, fixed);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/billet/typography/prose", test_prose);
  g_test_add_func ("/billet/typography/untouched", test_untouched);
  g_test_add_func ("/billet/typography/offsets", test_offsets);
  return g_test_run ();
}
