/* billet-markdown-update.c — a body's blocks after an edit, from the blocks before it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The preview renders a body as top-level blocks (billet_markdown_to_blocks()).
 * After a key, all but a few of them are what they were: parsing the
 * whole of a 5 MB body again for each key cost its render thread 200 ms,
 * and the machine that much CPU after the author stopped typing. This
 * parses again only the blocks around the change, between two places
 * where the document's parse starts afresh, and keeps the others, moved
 * by the lines the edit added or removed.
 *
 * The region runs from the block before the change to the block after it,
 * widened until each end is a place where the parse starts afresh: a
 * blank line before it, its first character in the first column, and a
 * block of its own there. The update stands only if the two blocks at the
 * region's ends parse exactly as before, where they were: an edit that
 * opened a fence would have swallowed the block after it, and cmark's
 * lines are not always right (GFM's tables). What the document shares
 * between distant places makes the whole parse necessary, and this
 * declines, returning %NULL: link reference definitions and footnotes
 * (any "]:" or "[^" in the body), a heading added, removed or changed
 * (ids are unique in the page; headings around the edit keep their old
 * block), shortcodes or Liquid in the region (and, where the body has
 * any, backticks or tildes in the region: the masks follow code through
 * the whole body), MDX. The result is the same as
 * billet_markdown_to_blocks() on the new text: tests/test-markdown-update.c
 * compares them over thousands of random edits of real posts.
 */

#define _GNU_SOURCE

#include "config.h"

#include <string.h>

#include "billet-markdown-private.h"

/* Blocks looked at on each side of the change for a fresh start, at most. */
#define MAX_EXTENSION 64

#define BLOCK(blocks, i) ((const BilletMarkdownBlock *) g_ptr_array_index ((blocks), (i)))

static gsize
common_prefix (const char *a,
               const char *b,
               gsize       n)
{
  gsize i = 0;

  /* A page at a time, then byte by byte in the page that differs. */
  while (i + 4096 <= n && memcmp (a + i, b + i, 4096) == 0)
    i += 4096;
  while (i < n && a[i] == b[i])
    i++;
  return i;
}

static gsize
common_suffix (const char *a,
               gsize       a_len,
               const char *b,
               gsize       b_len,
               gsize       n)
{
  gsize i = 0;

  while (i + 4096 <= n && memcmp (a + a_len - i - 4096, b + b_len - i - 4096, 4096) == 0)
    i += 4096;
  while (i < n && a[a_len - 1 - i] == b[b_len - 1 - i])
    i++;
  return i;
}

static guint
count_newlines (const char *text,
                gsize       len)
{
  guint n = 0;

  for (const char *p = text, *end = text + len; p < end && (p = memchr (p, '\n', end - p)) != NULL; p++)
    n++;
  return n;
}

/* Offsets of the starts of lines: line k (1-based) at index k - 1. */
static GArray *
line_starts (const char *text,
             gsize       len)
{
  GArray *starts = g_array_sized_new (FALSE, FALSE, sizeof (gsize), len / 40 + 2);
  gsize zero = 0;

  g_array_append_val (starts, zero);
  for (const char *p = text, *end = text + len; p < end && (p = memchr (p, '\n', end - p)) != NULL; )
    {
      gsize next = (gsize) (++p - text);

      g_array_append_val (starts, next);
    }
  return starts;
}

static gsize
line_start (GArray *starts,
            guint   line)
{
  return g_array_index (starts, gsize, line - 1);
}

/* Line @line (1-based) exists and holds only spaces. */
static gboolean
line_is_blank (const char *text,
               gsize       len,
               GArray     *starts,
               guint       line)
{
  gsize end;

  if (line == 0 || line > starts->len)
    return FALSE;
  end = line < starts->len ? line_start (starts, line + 1) : len;
  for (gsize i = line_start (starts, line); i < end; i++)
    if (text[i] != ' ' && text[i] != '\t' && text[i] != '\r' && text[i] != '\n')
      return FALSE;
  return TRUE;
}

/* Whether the parse starts afresh at line @line: a blank line before it,
 * and its first character in the first column. */
static gboolean
starts_afresh (const char *text,
               gsize       len,
               GArray     *starts,
               guint       line)
{
  gsize at;

  if (line <= 1)
    return TRUE;
  if (line > starts->len || !line_is_blank (text, len, starts, line - 1))
    return FALSE;
  at = line_start (starts, line);
  return at < len && text[at] != ' ' && text[at] != '\t';
}

/* Whether the parse starts afresh with block @i (> 0): at a fresh place,
 * and on a line of its own (a table and the paragraph GFM cut from its
 * head say the same first line). */
static gboolean
boundary (const char *text,
          gsize       len,
          GArray     *starts,
          GPtrArray  *blocks,
          guint       i)
{
  return BLOCK (blocks, i - 1)->end_line < BLOCK (blocks, i)->start_line &&
         starts_afresh (text, len, starts, BLOCK (blocks, i)->start_line);
}

static gboolean
contains (const char *text,
          gsize       len,
          const char *needle)
{
  return memmem (text, len, needle, strlen (needle)) != NULL;
}

/* What ties distant places of a body together: definitions of links and
 * footnotes ("[a]: …", also inside quotes and lists; "[^1]"). Any "]:"
 * counts, which is more than needed and cheap to look for. */
static gboolean
has_shared_definitions (const char *text,
                        gsize       len)
{
  return contains (text, len, "]:") || contains (text, len, "[^");
}

/* What the masks of shortcodes, Liquid and MDX turn into something else,
 * possibly across blank lines. */
static gboolean
has_masked_syntax (const char *text,
                   gsize       len)
{
  return contains (text, len, "{{") || contains (text, len, "{%") || contains (text, len, "{/*") ||
         contains (text, len, "}}") || contains (text, len, "%}");
}

static gboolean
has_code_marks (const char *text,
                gsize       len)
{
  return memchr (text, '`', len) != NULL || memchr (text, '~', len) != NULL;
}

/* Whether the body's Markdown is masked before it is parsed: Hugo's
 * shortcodes ("{{<", "{{%"; billet-shortcode.c) or, on Jekyll sites,
 * Liquid (billet-liquid.c). */
static gboolean
masks_body (const char          *text,
            gsize                len,
            BilletMarkdownFlags  flags)
{
  if (flags & BILLET_MARKDOWN_LIQUID)
    return contains (text, len, "{%") || contains (text, len, "{{");
  return contains (text, len, "{{<") || contains (text, len, "{{%");
}

static BilletMarkdownBlock *
block_copy (const BilletMarkdownBlock *block,
            int                        shift)
{
  BilletMarkdownBlock *copy = g_new (BilletMarkdownBlock, 1);

  *copy = *block;
  copy->html = g_memdup2 (block->html, block->len + 1);
  copy->heading_text = g_strdup (block->heading_text);
  copy->heading_id = g_strdup (block->heading_id);
  copy->start_line = (guint) ((int) block->start_line + shift);
  copy->end_line = (guint) ((int) block->end_line + shift);
  return copy;
}

static gboolean
same_block (const BilletMarkdownBlock *a,
            const BilletMarkdownBlock *b)
{
  return a->len == b->len && a->end_line - a->start_line == b->end_line - b->start_line &&
         memcmp (a->html, b->html, a->len) == 0;
}

/* A heading inside a block (a list item's, a quote's): its id is unique in
 * the page too, and the block does not say it has one. */
static gboolean
holds_heading (const BilletMarkdownBlock *block)
{
  if (block->heading_level > 0)
    return FALSE;
  for (const char *p = block->html, *end = block->html + block->len;
       p < end && (p = memchr (p, '<', (gsize) (end - p))) != NULL; p++)
    if (p + 2 < end && p[1] == 'h' && p[2] >= '1' && p[2] <= '6')
      return TRUE;
  return FALSE;
}

static guint
count_headings (GPtrArray *blocks)
{
  guint n = 0;

  for (guint i = 0; i < blocks->len; i++)
    if (BLOCK (blocks, i)->heading_level > 0)
      n++;
  return n;
}

/**
 * billet_markdown_update_blocks:
 * @old_text: (array length=old_len): the body @old_blocks were made from
 * @old_len: its length in bytes
 * @old_blocks: (element-type BilletMarkdownBlock): billet_markdown_to_blocks()
 *   of @old_text with the same @flags and @lang (or an earlier update's)
 * @text: (array length=len): the body now
 * @len: its length in bytes
 * @flags: #BilletMarkdownFlags
 * @lang: (nullable): the page's language
 *
 * The blocks of @text, as billet_markdown_to_blocks() would make them,
 * parsing only the part of @text around what changed since @old_text
 * (see the top of this file for when that is possible).
 *
 * Returns: (transfer full) (nullable) (element-type BilletMarkdownBlock):
 *   the blocks, or %NULL when only a whole parse can tell
 */
GPtrArray *
billet_markdown_update_blocks (const char          *old_text,
                               gsize                old_len,
                               GPtrArray           *old_blocks,
                               const char          *text,
                               gsize                len,
                               BilletMarkdownFlags  flags,
                               const char          *lang)
{
  g_autoptr(GArray) starts = NULL;
  g_autoptr(GPtrArray) region = NULL;
  g_autoptr(GPtrArray) headings = NULL;
  BilletMarkdownBlock **items;
  gsize n_items;
  GPtrArray *blocks;
  gsize prefix, suffix, limit;
  gsize old_start, old_end, new_end;
  guint first_line, last_line;
  guint n, first, last, lead, trail;
  guint start_line, previous_end;
  gboolean to_end;
  int shift;

  g_return_val_if_fail (old_text != NULL || old_len == 0, NULL);
  g_return_val_if_fail (text != NULL || len == 0, NULL);

  if (old_blocks == NULL || old_blocks->len == 0 || (flags & BILLET_MARKDOWN_MDX) != 0)
    return NULL;
  if (has_shared_definitions (text, len) || has_shared_definitions (old_text, old_len))
    return NULL;

  limit = MIN (old_len, len);
  prefix = common_prefix (old_text, text, limit);
  suffix = common_suffix (old_text, old_len, text, len, limit - prefix);
  shift = (int) count_newlines (text + prefix, len - suffix - prefix) -
          (int) count_newlines (old_text + prefix, old_len - suffix - prefix);

  n = old_blocks->len;
  if (prefix == old_len && prefix == len)
    {
      blocks = g_ptr_array_new_full (n, (GDestroyNotify) _billet_markdown_block_free);
      for (guint i = 0; i < n; i++)
        g_ptr_array_add (blocks, block_copy (BLOCK (old_blocks, i), 0));
      return blocks;
    }

  /* The lines of the old text the edit touched, and the blocks on them
   * (none when it changed only blank lines: then the block after). */
  starts = line_starts (old_text, old_len);
  first_line = 1 + count_newlines (old_text, prefix);
  last_line = first_line + count_newlines (old_text + prefix, old_len - suffix - prefix);
  for (first = 0; first < n && BLOCK (old_blocks, first)->end_line < first_line; first++)
    ;
  if (first == n)
    first = n - 1;
  for (last = first; last + 1 < n && BLOCK (old_blocks, last + 1)->start_line <= last_line; last++)
    ;

  /* One block more on each side, then as many as it takes to reach
   * places where the parse starts afresh (the line of a block cmark gave
   * no place for is a guess: this finds a line that is not). */
  lead = first > 0 ? first - 1 : 0;
  for (guint k = 0; lead > 0 && !boundary (old_text, old_len, starts, old_blocks, lead); k++)
    {
      if (k == MAX_EXTENSION)
        return NULL;
      lead--;
    }
  trail = last + 1 < n ? last + 1 : last;
  for (guint k = 0; trail + 1 < n && !boundary (old_text, old_len, starts, old_blocks, trail + 1); k++)
    {
      if (k == MAX_EXTENSION)
        return NULL;
      trail++;
    }
  to_end = trail + 1 == n;

  /* The region, in bytes of the old text and of the new. */
  start_line = lead > 0 ? BLOCK (old_blocks, lead)->start_line : 1;
  old_start = line_start (starts, start_line);
  old_end = to_end ? old_len : line_start (starts, BLOCK (old_blocks, trail + 1)->start_line);
  if (old_start > prefix || old_end < old_len - suffix)
    return NULL;
  new_end = old_end + len - old_len;
  if (has_masked_syntax (old_text + old_start, old_end - old_start) ||
      has_masked_syntax (text + old_start, new_end - old_start))
    return NULL;
  /* Where the body has shortcodes (or Liquid), the mask follows fenced
   * code and code spans as it understands them (not always as cmark does)
   * through the whole body, from backticks and tildes: the region must
   * have none (then the masks outside it are as before). */
  if ((masks_body (text, len, flags) || masks_body (old_text, old_len, flags)) &&
      (has_code_marks (old_text + old_start, old_end - old_start) ||
       has_code_marks (text + old_start, new_end - old_start)))
    return NULL;
  /* Heading ids are unique in the page: the region's own parse cannot
   * know the others. The edit may leave headings around it, untouched:
   * those keep their old block (and id). */
  headings = g_ptr_array_new ();
  for (guint i = lead; i <= trail; i++)
    {
      const BilletMarkdownBlock *block = BLOCK (old_blocks, i);

      if (holds_heading (block))
        return NULL;
      if (block->heading_level == 0)
        continue;
      if (block->end_line >= first_line && block->start_line <= last_line)
        return NULL;
      g_ptr_array_add (headings, (gpointer) block);
    }

  region = billet_markdown_to_blocks (text + old_start, new_end - old_start, flags, lang);
  for (guint i = 0, h = 0; i < region->len; i++)
    {
      const BilletMarkdownBlock *block = BLOCK (region, i);
      const BilletMarkdownBlock *before;

      if (holds_heading (block))
        return NULL;
      if (block->heading_level == 0)
        continue;
      if (h == headings->len)
        return NULL;
      before = g_ptr_array_index (headings, h++);
      if (before->heading_level != block->heading_level ||
          g_strcmp0 (before->heading_text, block->heading_text) != 0)
        return NULL;
    }
  if (count_headings (region) != headings->len)
    return NULL;
  /* The blocks on both sides of the edit parse as before, where they were
   * before: so what follows does too, and the region started where a
   * block starts (cmark's lines are not always right: GFM's tables). */
  if (region->len == 0)
    return NULL;
  if (lead > 0 && (!same_block (BLOCK (region, 0), BLOCK (old_blocks, lead)) ||
                   BLOCK (region, 0)->start_line + start_line - 1 != BLOCK (old_blocks, lead)->start_line))
    return NULL;
  if (!to_end && (!same_block (BLOCK (region, region->len - 1), BLOCK (old_blocks, trail)) ||
                  (int) (BLOCK (region, region->len - 1)->start_line + start_line - 1) !=
                  (int) BLOCK (old_blocks, trail)->start_line + shift))
    return NULL;

  blocks = g_ptr_array_new_full (n - (trail - lead + 1) + region->len, (GDestroyNotify) _billet_markdown_block_free);
  for (guint i = 0; i < lead; i++)
    g_ptr_array_add (blocks, block_copy (BLOCK (old_blocks, i), 0));
  previous_end = lead > 0 ? BLOCK (old_blocks, lead - 1)->end_line : 0;
  items = (BilletMarkdownBlock **) g_ptr_array_steal (region, &n_items);
  for (gsize i = 0, h = 0; i < n_items; i++)
    {
      BilletMarkdownBlock *block = items[i];

      block->start_line += start_line - 1;
      block->end_line += start_line - 1;
      if (block->heading_level > 0)
        {
          /* The old heading, with its id, where the new parse puts it. */
          BilletMarkdownBlock *kept = block_copy (g_ptr_array_index (headings, h++), 0);

          kept->start_line = block->start_line;
          kept->end_line = block->end_line;
          _billet_markdown_block_free (block);
          block = kept;
        }
      block->key = _billet_markdown_hash_block (block->html, block->len, block->end_line - block->start_line,
                                                block->start_line > previous_end ? block->start_line - previous_end : 0);
      previous_end = MAX (block->end_line, block->start_line);
      g_ptr_array_add (blocks, block);
    }
  g_free (items);
  for (guint i = trail + 1; i < n; i++)
    g_ptr_array_add (blocks, block_copy (BLOCK (old_blocks, i), shift));

  return blocks;
}

/**
 * billet_markdown_blocks_common:
 * @old_blocks: (element-type BilletMarkdownBlock): blocks of a body
 * @new_blocks: (element-type BilletMarkdownBlock): blocks of the same body, edited
 * @prefix: (out): how many blocks at the start the two have alike
 * @suffix: (out): how many at the end, not counting the prefix's
 *
 * Compares two renders' blocks by key (their HTML, span and gap): a page
 * showing @old_blocks keeps these and replaces the rest.
 */
void
billet_markdown_blocks_common (GPtrArray *old_blocks,
                               GPtrArray *new_blocks,
                               guint     *prefix,
                               guint     *suffix)
{
  guint n_old = old_blocks->len;
  guint n_new = new_blocks->len;
  guint p = 0;
  guint s = 0;

  while (p < n_old && p < n_new && BLOCK (old_blocks, p)->key == BLOCK (new_blocks, p)->key)
    p++;
  while (s < n_old - p && s < n_new - p &&
         BLOCK (old_blocks, n_old - 1 - s)->key == BLOCK (new_blocks, n_new - 1 - s)->key)
    s++;

  *prefix = p;
  *suffix = s;
}
