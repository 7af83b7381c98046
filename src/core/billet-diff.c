/* billet-diff.c — a line diff of two texts, as a unified diff
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Myers' greedy algorithm ("An O(ND) Difference Algorithm and Its
 * Variations", 1986) on lines, after the common head and tail are set
 * aside. Lines are interned to integers first, so that comparing two lines
 * costs one integer comparison. The furthest-reaching paths of each step
 * are kept (they are needed to walk back), which costs O(D²) integers for D
 * differences: past BILLET_DIFF_MAX_EDITS the remaining middle is reported
 * as replaced wholesale, which is still a correct diff, only not the
 * shortest one. Used to show what a draft or a file on disk changed; the
 * output is what `diff -u` prints, without timestamps.
 */

#define G_LOG_DOMAIN "Billet"

#include "config.h"

#include <string.h>

#include "billet-diff.h"

typedef struct
{
  const char *start;
  gsize       len;
} Line;

/* Splits @text after each "\n"; the last line may have none. */
static GArray *
split_lines (const char *text,
             gsize       len)
{
  GArray *lines = g_array_new (FALSE, FALSE, sizeof (Line));
  gsize pos = 0;

  while (pos < len)
    {
      const char *nl = memchr (text + pos, '\n', len - pos);
      gsize end = nl ? (gsize) (nl - text) + 1 : len;
      Line line = { text + pos, end - pos };

      g_array_append_val (lines, line);
      pos = end;
    }
  return lines;
}

static guint
line_hash (gconstpointer key)
{
  const Line *line = key;
  guint hash = 5381;

  for (gsize i = 0; i < line->len; i++)
    hash = hash * 33 + (guchar) line->start[i];
  return hash;
}

static gboolean
line_equal (gconstpointer a,
            gconstpointer b)
{
  const Line *la = a, *lb = b;

  return la->len == lb->len && memcmp (la->start, lb->start, la->len) == 0;
}

static guint *
intern (GArray     *lines,
        GHashTable *ids)
{
  guint *out = g_new (guint, lines->len + 1);

  for (guint i = 0; i < lines->len; i++)
    {
      Line *line = &g_array_index (lines, Line, i);
      gpointer id;

      if (!g_hash_table_lookup_extended (ids, line, NULL, &id))
        {
          id = GUINT_TO_POINTER (g_hash_table_size (ids) + 1);
          g_hash_table_insert (ids, line, id);
        }
      out[i] = GPOINTER_TO_UINT (id);
    }
  return out;
}

/* An edit script: for each line of either text, whether it is kept,
 * removed (old only) or added (new only), in output order. */
typedef enum { OP_KEEP, OP_DEL, OP_ADD } Op;

/* Appends the shortest edit script turning a[0..n) into b[0..m) to @ops,
 * or, past the budget, a wholesale replacement. */
static void
myers (const guint *a,
       int          n,
       const guint *b,
       int          m,
       GArray      *ops)
{
  int max = MIN (n + m, BILLET_DIFF_MAX_EDITS);
  int offset = max + 1;
  g_autofree int *v = g_new0 (int, 2 * (gsize) max + 3);
  g_autoptr(GPtrArray) trace = g_ptr_array_new_with_free_func (g_free);
  int d, found = -1;
  int x, y;
  GArray *rev;

  for (d = 0; d <= max; d++)
    {
      /* The furthest x on diagonals -d..d, kept for the walk back. */
      int *copy;

      for (int k = -d; k <= d; k += 2)
        {
          if (k == -d || (k != d && v[offset + k - 1] < v[offset + k + 1]))
            x = v[offset + k + 1];
          else
            x = v[offset + k - 1] + 1;
          y = x - k;
          while (x < n && y < m && a[x] == b[y])
            x++, y++;
          v[offset + k] = x;
          if (x >= n && y >= m)
            {
              found = d;
              break;
            }
        }
      copy = g_new (int, 2 * (gsize) d + 1);
      memcpy (copy, v + offset - d, sizeof (int) * (2 * (gsize) d + 1));
      g_ptr_array_add (trace, copy);
      if (found >= 0)
        break;
    }

  if (found < 0)
    {
      Op op = OP_DEL;

      for (int i = 0; i < n; i++)
        g_array_append_val (ops, op);
      op = OP_ADD;
      for (int j = 0; j < m; j++)
        g_array_append_val (ops, op);
      return;
    }

  /* Walk back from (n, m), collecting the script in reverse. */
  rev = g_array_new (FALSE, FALSE, sizeof (Op));
  x = n;
  y = m;
  for (d = found; d > 0; d--)
    {
      const int *prev = g_ptr_array_index (trace, d - 1);   /* diagonals -(d-1)..d-1 */
      int k = x - y;
      int prev_k, prev_x, prev_y;
      Op op;

#define PREV(kk) prev[(kk) + (d - 1)]
      if (k == -d || (k != d && PREV (k - 1) < PREV (k + 1)))
        prev_k = k + 1;
      else
        prev_k = k - 1;
      prev_x = PREV (prev_k);
#undef PREV
      prev_y = prev_x - prev_k;
      while (x > prev_x && y > prev_y)
        {
          op = OP_KEEP;
          g_array_append_val (rev, op);
          x--, y--;
        }
      op = x == prev_x ? OP_ADD : OP_DEL;
      g_array_append_val (rev, op);
      x = prev_x;
      y = prev_y;
    }
  while (x > 0 && y > 0)
    {
      Op op = OP_KEEP;

      g_array_append_val (rev, op);
      x--, y--;
    }
  for (guint i = rev->len; i > 0; i--)
    g_array_append_val (ops, g_array_index (rev, Op, i - 1));
  g_array_unref (rev);
}

static void
append_line (GString    *out,
             char        prefix,
             const Line *line)
{
  g_string_append_c (out, prefix);
  g_string_append_len (out, line->start, (gssize) line->len);
  if (line->len == 0 || line->start[line->len - 1] != '\n')
    g_string_append (out, "\n\\ No newline at end of file\n");
}

/**
 * billet_diff_unified:
 * @old_label: the name shown on the "---" line
 * @new_label: the name shown on the "+++" line
 * @context: how many unchanged lines to show around each change
 *
 * Compares two texts line by line.
 *
 * Returns: (transfer full): a unified diff, or an empty string when the
 *   texts are equal
 */
char *
billet_diff_unified (const char *old_text,
                     gssize      old_len,
                     const char *new_text,
                     gssize      new_len,
                     const char *old_label,
                     const char *new_label,
                     guint       context)
{
  g_autoptr(GArray) a_lines = NULL;
  g_autoptr(GArray) b_lines = NULL;
  g_autoptr(GHashTable) ids = NULL;
  g_autoptr(GArray) ops = NULL;
  g_autofree guint *a = NULL;
  g_autofree guint *b = NULL;
  GString *out;
  guint head = 0, tail = 0;
  guint i;

  g_return_val_if_fail (old_text != NULL || old_len == 0, NULL);
  g_return_val_if_fail (new_text != NULL || new_len == 0, NULL);

  if (old_len < 0)
    old_len = (gssize) strlen (old_text);
  if (new_len < 0)
    new_len = (gssize) strlen (new_text);

  a_lines = split_lines (old_text, (gsize) old_len);
  b_lines = split_lines (new_text, (gsize) new_len);
  ids = g_hash_table_new (line_hash, line_equal);
  a = intern (a_lines, ids);
  b = intern (b_lines, ids);

  while (head < a_lines->len && head < b_lines->len && a[head] == b[head])
    head++;
  while (tail < a_lines->len - head && tail < b_lines->len - head &&
         a[a_lines->len - 1 - tail] == b[b_lines->len - 1 - tail])
    tail++;

  ops = g_array_new (FALSE, FALSE, sizeof (Op));
  for (i = 0; i < head; i++)
    {
      Op op = OP_KEEP;
      g_array_append_val (ops, op);
    }
  myers (a + head, (int) (a_lines->len - head - tail), b + head, (int) (b_lines->len - head - tail), ops);
  for (i = 0; i < tail; i++)
    {
      Op op = OP_KEEP;
      g_array_append_val (ops, op);
    }

  out = g_string_new (NULL);
  if (head == a_lines->len && head == b_lines->len)
    return g_string_free (out, FALSE);

  g_string_append_printf (out, "--- %s\n+++ %s\n", old_label ? old_label : "a", new_label ? new_label : "b");

  /* Group the script into hunks: changes closer than 2 × context lines
   * share one. ai/bi are the line indexes at op i. */
  i = 0;
  while (i < ops->len)
    {
      guint start, end, j, ai, bi, a_start, b_start, a_count = 0, b_count = 0, keep_run;

      while (i < ops->len && g_array_index (ops, Op, i) == OP_KEEP)
        i++;
      if (i == ops->len)
        break;
      start = i >= context ? i - context : 0;
      /* Extend while the next change is near. */
      end = i;
      keep_run = 0;
      for (j = i; j < ops->len; j++)
        {
          if (g_array_index (ops, Op, j) == OP_KEEP)
            {
              if (++keep_run > 2 * context)
                break;
            }
          else
            {
              keep_run = 0;
              end = j + 1;
            }
        }
      end = MIN (end + context, ops->len);

      /* Line numbers at start. */
      ai = bi = 0;
      for (j = 0; j < start; j++)
        {
          Op op = g_array_index (ops, Op, j);
          if (op != OP_ADD)
            ai++;
          if (op != OP_DEL)
            bi++;
        }
      a_start = ai;
      b_start = bi;
      for (j = start; j < end; j++)
        {
          Op op = g_array_index (ops, Op, j);
          if (op != OP_ADD)
            a_count++;
          if (op != OP_DEL)
            b_count++;
        }
      g_string_append_printf (out, "@@ -%u,%u +%u,%u @@\n",
                              a_count ? a_start + 1 : a_start, a_count,
                              b_count ? b_start + 1 : b_start, b_count);
      for (j = start; j < end; j++)
        {
          Op op = g_array_index (ops, Op, j);

          if (op == OP_KEEP)
            append_line (out, ' ', &g_array_index (a_lines, Line, ai));
          else if (op == OP_DEL)
            append_line (out, '-', &g_array_index (a_lines, Line, ai));
          else
            append_line (out, '+', &g_array_index (b_lines, Line, bi));
          if (op != OP_ADD)
            ai++;
          if (op != OP_DEL)
            bi++;
        }
      i = end;
    }
  return g_string_free (out, FALSE);
}
