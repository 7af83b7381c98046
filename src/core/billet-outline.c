/* billet-outline.c — a post's headings as a tree, from the preview's blocks
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The outline is made from the blocks a render already made
 * (billet_markdown_to_blocks() describes the headings among them), so it
 * costs no parse of its own and shows the headings the page shows: a "#"
 * in a code block, a front matter or a shortcode is no heading. Only
 * top-level headings count, as in the page's table of contents; one in a
 * quote or a list item is part of that block.
 *
 * A heading's parent is the nearest heading above it of a lower level, so
 * a level skipped (an h3 right under an h1) nests once, not twice.
 */

#include "config.h"

#include <string.h>

#include "billet-markdown.h"
#include "billet-outline.h"

/* The headings' texts and ids live in one block, which an outline made
 * with the same tree as the one before shares: freeing an outline is two
 * frees however many headings it has, and two outlines that share their
 * texts have the same tree without comparing them. */
typedef struct
{
  gatomicrefcount ref_count;
  char            data[];
} Texts;

struct _BilletOutline
{
  gatomicrefcount       ref_count;
  guint                 n_headings;
  BilletOutlineHeading *headings;
  Texts                *texts;
};

static void
texts_unref (Texts *texts)
{
  if (texts != NULL && g_atomic_ref_count_dec (&texts->ref_count))
    g_free (texts);
}

static void
outline_free (BilletOutline *self)
{
  texts_unref (self->texts);
  g_free (self->headings);
  g_free (self);
}

/* Same levels, texts and ids, in the same order: the same tree. */
static gboolean
same_tree (const BilletOutline *a,
           const BilletOutline *b)
{
  if (a->n_headings != b->n_headings)
    return FALSE;

  for (guint i = 0; i < a->n_headings; i++)
    if (a->headings[i].level != b->headings[i].level ||
        g_strcmp0 (a->headings[i].text, b->headings[i].text) != 0 ||
        g_strcmp0 (a->headings[i].id, b->headings[i].id) != 0)
      return FALSE;

  return TRUE;
}

static gboolean
same_lines (const BilletOutline *a,
            const BilletOutline *b)
{
  for (guint i = 0; i < a->n_headings; i++)
    if (a->headings[i].line != b->headings[i].line)
      return FALSE;

  return TRUE;
}

static char *
copy_text (char       **cursor,
           const char  *text)
{
  char *copy = *cursor;
  gsize len = strlen (text) + 1;

  memcpy (copy, text, len);
  *cursor += len;
  return copy;
}

/**
 * billet_outline_new_from_blocks:
 * @blocks: (element-type BilletMarkdownBlock): a body's blocks, in order
 * @previous: (nullable): the outline of the render before, if any
 *
 * Made where the blocks are made, off the main thread: it costs a walk of
 * the blocks. When @blocks hold the same headings as @previous at the same
 * lines, @previous itself is returned, so that whoever shows it can tell
 * at once that nothing changed; when only their lines moved, the new
 * outline shares @previous's texts (billet_outline_same_tree() is then
 * immediate).
 *
 * Returns: (transfer full): the headings among @blocks, as a tree
 */
BilletOutline *
billet_outline_new_from_blocks (GPtrArray     *blocks,
                                BilletOutline *previous)
{
  BilletOutline *self = g_new0 (BilletOutline, 1);
  guint n = 0;
  gsize size = 0;
  char *cursor;

  g_atomic_ref_count_init (&self->ref_count);
  for (guint i = 0; blocks != NULL && i < blocks->len; i++)
    {
      const BilletMarkdownBlock *block = g_ptr_array_index (blocks, i);

      if (block->heading_level == 0)
        continue;
      n++;
      size += (block->heading_text != NULL ? strlen (block->heading_text) : 0) + 1;
      if (block->heading_id != NULL)
        size += strlen (block->heading_id) + 1;
    }

  self->headings = g_new0 (BilletOutlineHeading, MAX (n, 1));
  self->texts = g_malloc (sizeof (Texts) + MAX (size, 1));
  g_atomic_ref_count_init (&self->texts->ref_count);
  cursor = self->texts->data;
  for (guint i = 0; blocks != NULL && i < blocks->len; i++)
    {
      const BilletMarkdownBlock *block = g_ptr_array_index (blocks, i);
      BilletOutlineHeading *heading;
      int parent;

      if (block->heading_level == 0)
        continue;

      /* Up the chain of the previous heading's parents to one of a lower
       * level: the chain's levels decrease, so this is the nearest. */
      parent = (int) self->n_headings - 1;
      while (parent >= 0 && self->headings[parent].level >= block->heading_level)
        parent = self->headings[parent].parent;

      heading = &self->headings[self->n_headings++];
      heading->level = block->heading_level;
      heading->parent = parent;
      heading->depth = parent >= 0 ? self->headings[parent].depth + 1 : 0;
      heading->line = block->start_line;
      heading->text = copy_text (&cursor, block->heading_text != NULL ? block->heading_text : "");
      heading->id = block->heading_id != NULL ? copy_text (&cursor, block->heading_id) : NULL;
    }

  if (previous != NULL && same_tree (self, previous))
    {
      if (same_lines (self, previous))
        {
          outline_free (self);
          return billet_outline_ref (previous);
        }
      /* The same tree, moved: point at the texts before. */
      for (guint i = 0; i < self->n_headings; i++)
        {
          self->headings[i].text = previous->headings[i].text;
          self->headings[i].id = previous->headings[i].id;
        }
      texts_unref (self->texts);
      g_atomic_ref_count_inc (&previous->texts->ref_count);
      self->texts = previous->texts;
    }

  return self;
}

BilletOutline *
billet_outline_ref (BilletOutline *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

void
billet_outline_unref (BilletOutline *self)
{
  g_return_if_fail (self != NULL);

  if (g_atomic_ref_count_dec (&self->ref_count))
    outline_free (self);
}

guint
billet_outline_get_n_headings (const BilletOutline *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->n_headings;
}

const BilletOutlineHeading *
billet_outline_get_heading (const BilletOutline *self,
                            guint                index)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (index < self->n_headings, NULL);

  return &self->headings[index];
}

/**
 * billet_outline_find_line:
 * @line: a body line, 1-based
 *
 * Returns: the index of the heading whose section holds @line (the last
 *   heading at or above it), or -1 when @line comes before the first
 */
int
billet_outline_find_line (const BilletOutline *self,
                          guint                line)
{
  guint low = 0;
  guint high;

  g_return_val_if_fail (self != NULL, -1);

  /* The first heading below @line, by halves: lines only grow. */
  high = self->n_headings;
  while (low < high)
    {
      guint middle = low + (high - low) / 2;

      if (self->headings[middle].line <= line)
        low = middle + 1;
      else
        high = middle;
    }

  return (int) low - 1;
}

/**
 * billet_outline_same_tree:
 *
 * Returns: whether @a and @b have the same headings (levels and texts) in
 *   the same order, wherever their lines are: typing in a section moves
 *   the lines of the headings after it, nothing else.
 */
gboolean
billet_outline_same_tree (const BilletOutline *a,
                          const BilletOutline *b)
{
  if (a == b)
    return TRUE;
  if (a == NULL || b == NULL || a->n_headings != b->n_headings)
    return FALSE;
  /* Shared only when they were found the same. */
  if (a->texts == b->texts)
    return TRUE;

  return same_tree (a, b);
}
