/* billet-external-links.c — links to other sites as Zola writes them
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Zola's [markdown] external_links_target_blank, external_links_no_follow
 * and external_links_no_referrer change the <a> of every link to an
 * http: or https: address (not mailto:, not a relative one) into
 * <a rel="noopener nofollow noreferrer" target="_blank" title="…"
 * href="…">, the attributes in Zola's order. Such links are given a
 * private cmark-gfm extension that renders them so, the address escaped
 * as cmark-gfm escapes it for any other link; the rest render as usual.
 */

#include "config.h"

#include <string.h>

#include <cmark-gfm-extension_api.h>
#include <cmark-gfm/buffer.h>
#include <cmark-gfm/houdini.h>
#include <cmark-gfm/render.h>

#include "billet-external-links.h"

/* Zola's is_external_link */
static gboolean
is_external (const char *url)
{
  return url != NULL && (g_ascii_strncasecmp (url, "http:", 5) == 0 ||
                         g_ascii_strncasecmp (url, "https:", 6) == 0);
}

static void
render_link (cmark_syntax_extension     *extension,
             struct cmark_html_renderer *renderer,
             cmark_node                 *node,
             cmark_event_type            ev_type,
             int                         options)
{
  cmark_strbuf *html = renderer->html;
  BilletExternalLinkFlags flags = GPOINTER_TO_UINT (cmark_node_get_user_data (node));
  const char *url = cmark_node_get_url (node);
  const char *title = cmark_node_get_title (node);
  const char *sep = "";

  if (ev_type != CMARK_EVENT_ENTER)
    {
      cmark_strbuf_puts (html, "</a>");
      return;
    }

  cmark_strbuf_puts (html, "<a ");
  if (flags & (BILLET_EXTERNAL_LINKS_BLANK | BILLET_EXTERNAL_LINKS_NOFOLLOW | BILLET_EXTERNAL_LINKS_NOREFERRER))
    {
      cmark_strbuf_puts (html, "rel=\"");
      if (flags & BILLET_EXTERNAL_LINKS_BLANK)
        {
          cmark_strbuf_puts (html, "noopener");
          sep = " ";
        }
      if (flags & BILLET_EXTERNAL_LINKS_NOFOLLOW)
        {
          cmark_strbuf_puts (html, sep);
          cmark_strbuf_puts (html, "nofollow");
          sep = " ";
        }
      if (flags & BILLET_EXTERNAL_LINKS_NOREFERRER)
        {
          cmark_strbuf_puts (html, sep);
          cmark_strbuf_puts (html, "noreferrer");
        }
      cmark_strbuf_puts (html, "\" ");
    }
  if (flags & BILLET_EXTERNAL_LINKS_BLANK)
    cmark_strbuf_puts (html, "target=\"_blank\" ");
  if (title != NULL && *title != '\0')
    {
      cmark_strbuf_puts (html, "title=\"");
      houdini_escape_html0 (html, (const uint8_t *) title, (bufsize_t) strlen (title), 0);
      cmark_strbuf_puts (html, "\" ");
    }
  cmark_strbuf_puts (html, "href=\"");
  if (url != NULL)
    houdini_escape_href (html, (const uint8_t *) url, (bufsize_t) strlen (url));
  cmark_strbuf_puts (html, "\">");
}

static gpointer
make_extension (gpointer data)
{
  /* Never attached to a parser: only the links that carry it use it. */
  cmark_syntax_extension *extension = cmark_syntax_extension_new ("billet-external-link");

  cmark_syntax_extension_set_html_render_func (extension, render_link);
  return extension;
}

/**
 * billet_external_links_mark:
 * @document: a parsed body
 * @flags: what Zola's settings add to a link to another site
 *
 * Has every link of @document to an http: or https: address render with
 * the attributes @flags asks for. Nothing happens without any.
 */
void
billet_external_links_mark (cmark_node              *document,
                            BilletExternalLinkFlags  flags)
{
  static GOnce extension_once = G_ONCE_INIT;
  cmark_iter *iter;
  cmark_event_type ev;

  g_return_if_fail (document != NULL);

  if (flags == BILLET_EXTERNAL_LINKS_DEFAULT)
    return;
  g_once (&extension_once, make_extension, NULL);

  iter = cmark_iter_new (document);
  while ((ev = cmark_iter_next (iter)) != CMARK_EVENT_DONE)
    {
      cmark_node *node = cmark_iter_get_node (iter);

      if (ev == CMARK_EVENT_ENTER && cmark_node_get_type (node) == CMARK_NODE_LINK &&
          is_external (cmark_node_get_url (node)) && cmark_node_get_syntax_extension (node) == NULL)
        {
          cmark_node_set_user_data (node, GUINT_TO_POINTER (flags));
          cmark_node_set_syntax_extension (node, extension_once.retval);
        }
    }
  cmark_iter_free (iter);
}
