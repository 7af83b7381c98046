/* billet-liquid.c — Jekyll's Liquid as placeholders and code blocks
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Jekyll renders a post's Liquid — {{ output }} and {% tags %} — before
 * kramdown sees the Markdown, everywhere in the body, code included.
 * Billet cannot run it (it needs the whole site, and runs no code from a
 * post), so on a Jekyll site, as Hugo's shortcodes elsewhere
 * (billet-shortcode.c), each token becomes a labelled placeholder: a
 * marker in the Markdown, a <span class="shortcode"> in the HTML, the
 * token as written in its title. Three tags mean something Billet can show:
 *
 * - {% highlight ruby linenos %} … {% endhighlight %} is a code block in
 *   that language: the tags become the fences of a fenced code block (its
 *   options, such as linenos, are left out). Liquid inside it is Liquid,
 *   as it is for Jekyll.
 * - {% raw %} … {% endraw %} shows what is between the tags as written,
 *   Liquid-looking text included.
 * - {% comment %} … {% endcomment %} shows nothing on the site: one
 *   placeholder stands for the whole of it.
 *
 * Whitespace control ({{- x -}}, {%- x -%}) is read and not applied. A
 * token never closed is text, as are "{{" and "{%" on their own.
 *
 * Jekyll replaces a token with its output before kramdown reads the text,
 * so a token over several lines ({% include figure.html ⏎ src="…" %})
 * followed by text is one run of text with it: its placeholder keeps the
 * lines it spans (each holding a marker that shows nothing, never blank),
 * and the text after it stays in the same paragraph.
 *
 * Every line keeps its number (the preview's scroll sync depends on it):
 * a fence that must go on a line of its own, where a highlight tag shares
 * its line with text, adds a line to the masked text, and the placeholders
 * remember it (billet_shortcodes_source_line()), so that the blocks'
 * lines are the source's.
 */

#include "config.h"

#include <string.h>

#include "billet-liquid.h"

/* A token longer than this is more likely an unclosed "{{" followed by
 * the rest of the post. */
#define MAX_TOKEN_LEN 8192

/* The text, and where the next closing marks are: found once and reused
 * by every token before them, so that a run of "{{" never closed costs
 * one search, not one each. */
typedef struct
{
  const char *text;
  gsize       len;
  gsize       brace_from;    /* the next "}" at or after brace_from is at brace_at */
  gsize       brace_at;      /* (len when there is none) */
  gsize       percent_from;  /* likewise for "%}" */
  gsize       percent_at;
  gboolean    unclosed[3];   /* no more endraw, endcomment, endhighlight */
} Scanner;

typedef struct
{
  gsize     start;     /* at its "{" */
  gsize     end;       /* after its closing "}" */
  gboolean  is_tag;    /* {% … %}, else {{ … }} */
  gsize     word;      /* a tag's name, an output's expression (before any filter) */
  gsize     word_len;
  gsize     args;      /* what follows a tag's name */
  gsize     args_len;
} Token;

static gboolean
is_blank_char (char c)
{
  return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

static gboolean
is_word_char (char c)
{
  return g_ascii_isalnum (c) || c == '_';
}

/* The next "{{" or "{%" at or after @from, or G_MAXSIZE. */
static gsize
next_open (const char *text,
           gsize       len,
           gsize       from)
{
  const char *end = text + len;

  for (const char *p = text + from; end - p >= 2; p++)
    {
      p = memchr (p, '{', (gsize) (end - p) - 1);
      if (p == NULL)
        break;
      if (p[1] == '{' || p[1] == '%')
        return (gsize) (p - text);
    }

  return G_MAXSIZE;
}

static gsize
next_brace (Scanner *scan,
            gsize    from)
{
  if (from < scan->brace_from || from > scan->brace_at)
    {
      const char *p = memchr (scan->text + from, '}', scan->len - from);

      scan->brace_from = from;
      scan->brace_at = p != NULL ? (gsize) (p - scan->text) : scan->len;
    }
  return scan->brace_at;
}

static gsize
next_percent_brace (Scanner *scan,
                    gsize    from)
{
  if (from < scan->percent_from || from > scan->percent_at)
    {
      gsize at = from;

      while (at + 1 < scan->len && !(scan->text[at] == '%' && scan->text[at + 1] == '}'))
        {
          const char *p = memchr (scan->text + at + 1, '%', scan->len - at - 1);

          at = p != NULL ? (gsize) (p - scan->text) : scan->len;
        }
      scan->percent_from = from;
      scan->percent_at = at + 1 < scan->len ? at : scan->len;
    }
  return scan->percent_at;
}

/* Reads the token that starts at @start ("{{" or "{%") as Liquid's
 * tokenizer does: a tag ends at the first "%}", an output at the first
 * "}" (and the "}" after it, if any). */
static gboolean
parse_token (Scanner *scan,
             gsize    start,
             Token   *token)
{
  const char *text = scan->text;
  gsize inner = start + 2;
  gsize inner_end;
  gsize word_end;

  token->start = start;
  token->is_tag = text[start + 1] == '%';
  inner_end = token->is_tag ? next_percent_brace (scan, inner) : next_brace (scan, inner);
  if (inner_end >= scan->len || inner_end - start > MAX_TOKEN_LEN)
    return FALSE;
  if (token->is_tag)
    token->end = inner_end + 2;
  else
    token->end = inner_end + 1 + (inner_end + 1 < scan->len && text[inner_end + 1] == '}');

  /* Whitespace control, then blanks. */
  if (inner < inner_end && text[inner] == '-')
    inner++;
  if (inner_end > inner && text[inner_end - 1] == '-')
    inner_end--;
  while (inner < inner_end && is_blank_char (text[inner]))
    inner++;
  while (inner_end > inner && is_blank_char (text[inner_end - 1]))
    inner_end--;

  token->word = inner;
  if (token->is_tag)
    {
      for (word_end = inner; word_end < inner_end && is_word_char (text[word_end]); word_end++)
        ;
      token->args = word_end;
      while (token->args < inner_end && is_blank_char (text[token->args]))
        token->args++;
      token->args_len = inner_end - token->args;
    }
  else
    {
      const char *bar = memchr (text + inner, '|', inner_end - inner);

      word_end = bar != NULL ? (gsize) (bar - text) : inner_end;
      while (word_end > inner && is_blank_char (text[word_end - 1]))
        word_end--;
      token->args = inner_end;
      token->args_len = 0;
    }
  token->word_len = word_end - inner;
  return TRUE;
}

static gboolean
is_tag_named (const char  *text,
              const Token *token,
              const char  *name)
{
  return token->is_tag && token->word_len == strlen (name) &&
         memcmp (text + token->word, name, token->word_len) == 0;
}

/* The first tag named @name at or after @from; @kind indexes the
 * scanner's memory of the ones that are not there. */
static gboolean
find_tag (Scanner    *scan,
          gsize       from,
          const char *name,
          guint       kind,
          Token      *found)
{
  if (scan->unclosed[kind])
    return FALSE;
  for (gsize at = next_open (scan->text, scan->len, from); at != G_MAXSIZE;
       at = next_open (scan->text, scan->len, at + 2))
    {
      if (scan->text[at + 1] == '%' && parse_token (scan, at, found) &&
          is_tag_named (scan->text, found, name))
        return TRUE;
    }
  /* Nor after any later place. */
  scan->unclosed[kind] = TRUE;
  return FALSE;
}

/* Whether only blanks and block-quote markers come before @at on its line. */
static gboolean
starts_line (const char *text,
             gsize       at)
{
  while (at > 0 && text[at - 1] != '\n')
    {
      if (text[at - 1] != ' ' && text[at - 1] != '\t' && text[at - 1] != '>')
        return FALSE;
      at--;
    }

  return TRUE;
}

/* Whether only blanks follow @at on its line. */
static gboolean
ends_line (const char *text,
           gsize       len,
           gsize       at)
{
  for (; at < len && text[at] != '\n'; at++)
    {
      if (text[at] != ' ' && text[at] != '\t' && text[at] != '\r')
        return FALSE;
    }

  return TRUE;
}

static void
append_newlines (GString    *out,
                 const char *text,
                 gsize       from,
                 gsize       to)
{
  for (gsize i = from; i < to; i++)
    {
      if (text[i] == '\n')
        g_string_append_c (out, '\n');
    }
}

/* A fence longer than any run of backticks in the code it holds. */
static gsize
fence_length (const char *text,
              gsize       from,
              gsize       to)
{
  gsize longest = 0;

  for (gsize i = from; i < to; )
    {
      gsize n = 0;

      while (i + n < to && text[i + n] == '`')
        n++;
      longest = MAX (longest, n);
      i += n > 0 ? n : 1;
    }

  return MAX (3, longest + 1);
}

/* The masked text's lines, counted as it grows. */
typedef struct
{
  gsize counted;  /* bytes of the text counted */
  guint line;     /* the line its end is on, 1-based */
} LineCount;

static guint
current_line (GString   *out,
              LineCount *count)
{
  for (const char *p = out->str + count->counted, *end = out->str + out->len;
       (p = memchr (p, '\n', (gsize) (end - p))) != NULL; p++)
    count->line++;
  count->counted = out->len;
  return count->line;
}

/* A line break the source does not have: the placeholders remember it. */
static void
add_line (BilletShortcodes **self,
          GString           *out,
          LineCount         *count)
{
  g_string_append_c (out, '\n');
  if (*self == NULL)
    *self = billet_shortcodes_new ();
  billet_shortcodes_add_line (*self, current_line (out, count));
}

/* Writes a fence of @fence_len backticks for the tag @token, on a line of
 * its own, with @info after it. */
static void
append_fence (BilletShortcodes **self,
              GString           *out,
              LineCount         *count,
              const char        *text,
              gsize              len,
              const Token       *token,
              gsize              fence_len,
              const char        *info,
              gsize              info_len)
{
  if (!starts_line (text, token->start))
    add_line (self, out, count);
  for (gsize i = 0; i < fence_len; i++)
    g_string_append_c (out, '`');
  g_string_append_len (out, info, info_len);
  if (!ends_line (text, len, token->end))
    add_line (self, out, count);
}

/* Whether text that is not blank comes after @at before a blank line:
 * on the rest of its line, or on the next. */
static gboolean
text_follows (const char *text,
              gsize       len,
              gsize       at)
{
  for (guint line = 0; line < 2 && at < len; line++, at++)
    {
      for (; at < len && text[at] != '\n'; at++)
        if (!is_blank_char (text[at]))
          return TRUE;
    }
  return FALSE;
}

/* A placeholder for text[@start, @end) labelled @name: over several lines
 * and followed by text, one that keeps the paragraph going (see the top
 * of this file); otherwise one followed by the line breaks it spans. */
static void
append_placeholder (BilletShortcodes **self,
                    GString           *out,
                    const char        *text,
                    gsize              len,
                    gsize              start,
                    gsize              end,
                    const char        *name,
                    gsize              name_len)
{
  if (*self == NULL)
    *self = billet_shortcodes_new ();
  if (memchr (text + start, '\n', end - start) != NULL && text_follows (text, len, end))
    {
      gsize line_start = start;
      gsize indent_len = 0;

      while (line_start > 0 && text[line_start - 1] != '\n')
        line_start--;
      while (line_start + indent_len < start &&
             (text[line_start + indent_len] == ' ' || text[line_start + indent_len] == '\t' ||
              text[line_start + indent_len] == '>'))
        indent_len++;
      billet_shortcodes_append_inline_marker (*self, out, name, name_len, text + start, end - start,
                                              text + line_start, indent_len);
    }
  else
    billet_shortcodes_append_marker (*self, out, name, name_len, text + start, end - start);
}

/**
 * billet_liquid_mask:
 * @text: (array length=len): Markdown with Liquid
 * @len: its length in bytes
 * @masked: (out): where to store the text with each token replaced (see
 *   the top of this file), or %NULL when there is nothing to replace
 * @masked_len: (out): its length
 *
 * The Liquid of a Jekyll post, as billet_shortcodes_mask() does Hugo's
 * shortcodes: the result goes to billet_shortcodes_expand() alike.
 *
 * Returns: (transfer full) (nullable): the placeholders, or %NULL when
 *   @text has no Liquid (then *@masked is %NULL)
 */
BilletShortcodes *
billet_liquid_mask (const char  *text,
                    gsize        len,
                    char       **masked,
                    gsize       *masked_len)
{
  return billet_liquid_mask_kept (text, len, masked, masked_len, NULL);
}

/**
 * billet_liquid_mask_kept:
 * @kept: (nullable) (element-type BilletMaskKept): see
 *   billet_shortcodes_mask_kept()
 *
 * billet_liquid_mask(), telling where the text it kept went.
 */
BilletShortcodes *
billet_liquid_mask_kept (const char  *text,
                         gsize        len,
                         char       **masked,
                         gsize       *masked_len,
                         GArray      *kept)
{
  BilletShortcodes *self = NULL;
  Scanner scan = { text, len, 1, 0, 1, 0, { FALSE, FALSE, FALSE } };
  LineCount count = { 0, 1 };
  GString *out = NULL;
  gsize highlight_fence = 0;   /* the open highlight's, or 0 */
  gsize copied = 0;
  gsize at;

  g_return_val_if_fail (masked != NULL && masked_len != NULL, NULL);

  *masked = NULL;
  *masked_len = 0;

  if (text == NULL)
    return NULL;

  for (at = next_open (text, len, 0); at != G_MAXSIZE; at = next_open (text, len, at))
    {
      Token token;
      Token closing;

      if (!parse_token (&scan, at, &token))
        {
          at += 2;
          continue;
        }

      if (out == NULL)
        out = g_string_sized_new (len + 64);
      billet_shortcodes_keep (out, kept, text, copied, at);

      if (is_tag_named (text, &token, "raw") && find_tag (&scan, token.end, "endraw", 0, &closing))
        {
          /* The tags go (their lines stay), what is between them stays
           * as written. */
          append_newlines (out, text, token.start, token.end);
          billet_shortcodes_keep (out, kept, text, token.end, closing.start);
          append_newlines (out, text, closing.start, closing.end);
          at = copied = closing.end;
          continue;
        }

      if (is_tag_named (text, &token, "comment") && find_tag (&scan, token.end, "endcomment", 1, &closing))
        {
          append_placeholder (&self, out, text, len, token.start, closing.end, "comment", strlen ("comment"));
          at = copied = closing.end;
          continue;
        }

      if (highlight_fence == 0 && is_tag_named (text, &token, "highlight") &&
          find_tag (&scan, token.end, "endhighlight", 2, &closing))
        {
          gsize lang_len = 0;

          /* The language: the first word of the arguments (Rouge's names:
           * "c++", "objective-c", "console"…); options such as "linenos"
           * come after it. */
          while (lang_len < token.args_len && !is_blank_char (text[token.args + lang_len]))
            lang_len++;
          highlight_fence = fence_length (text, token.end, closing.start);
          append_fence (&self, out, &count, text, len, &token, highlight_fence, text + token.args, lang_len);
          at = copied = token.end;
          continue;
        }

      if (highlight_fence > 0 && is_tag_named (text, &token, "endhighlight"))
        {
          append_fence (&self, out, &count, text, len, &token, highlight_fence, NULL, 0);
          highlight_fence = 0;
          at = copied = token.end;
          continue;
        }

      /* Any other token: a placeholder named after the tag, or the
       * output's expression. */
      if (token.word_len > 0)
        append_placeholder (&self, out, text, len, token.start, token.end, text + token.word, token.word_len);
      else
        append_placeholder (&self, out, text, len, token.start, token.end,
                            text + token.start, token.end - token.start);
      at = copied = token.end;
    }

  if (out == NULL)
    return NULL;
  billet_shortcodes_keep (out, kept, text, copied, len);

  if (self == NULL)
    self = billet_shortcodes_new ();
  *masked_len = out->len;
  *masked = g_string_free (out, FALSE);
  return self;
}
