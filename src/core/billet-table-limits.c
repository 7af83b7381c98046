/* billet-table-limits.c — bounds on what GFM tables cost to parse and render
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Debian 12's cmark-gfm (0.29.0.gfm.6) does work out of all proportion to
 * its input on three shapes of table, which newer releases have fixed:
 *
 * - Short rows under a wide header. Every row is padded with empty cells
 *   to the header's width: 12 KB (a header of 2000 columns, 2000 rows of
 *   "x") make four million cells, 40 MB of HTML, a gigabyte of memory,
 *   and a page no web process can lay out. Newer releases stop a table
 *   once it has 0x80000 such cells.
 * - A row of many cells. Each cell is appended to a linked list walked
 *   from its head, so a row of n cells costs n²/2 steps, twice for a body
 *   row: 30 KB of "|" in one row take 2 s. Newer releases keep an array.
 * - Delimiter-like lines ("-|-") under a paragraph line with another
 *   number of cells. Each parses the whole paragraph again as a possible
 *   header, so a paragraph of such lines costs the square of its length:
 *   20 KB take 4 s, 200 KB nine minutes. Newer releases look once.
 *
 * We cannot patch Debian's library, so the text is bounded before cmark
 * sees it. One linear pass goes over each run of lines between blank
 * lines (or headings) and estimates, erring on the high side, the empty
 * cells cmark would add and the steps its table extension would take:
 * every line after a delimiter row counts as a row until the run ends,
 * whatever block cmark would make of it, and block-quote and list markers
 * are skipped rather than matched. A run that would take the document over a budget is
 * neutralised: a backslash goes before the first dash or colon of each of
 * its delimiter-like lines, so that cmark finds no table there and the
 * text renders as the paragraph it then is. When the run held something
 * like a table, its lines from the header on also end with a hard line
 * break, so the rows stay one a line, and a marker at the header becomes
 * a note that says why the table shows as text.
 *
 * No line is added or removed: line numbers, which the preview's blocks
 * and scroll sync rely on, stay as written. The budgets are the
 * document's, not each table's, so that many tables each just under a cap
 * cannot add up to the same flood; ordinary posts are far below them and
 * render exactly as before.
 */

#include "config.h"

#include <string.h>

#include "billet-marker.h"
#include "billet-page-text.h"
#include "billet-table-limits.h"

#define NOTE_OPEN "\xEE\x80\x82"   /* U+E002, beside the shortcodes' U+E000 */
#define NOTE_CLOSE "\xEE\x80\x83"  /* U+E003 */
#define NOTE_MARK_LEN 3

/* Empty cells that cmark may add in a document: the cells of a dense
 * table of 64 K cells, some 650 KB of HTML. */
#define MAX_PADDED_CELLS 65536

/* The table extension's steps, about 2 ns each here (measured with
 * cmark-gfm's own command line): a base, plus an allowance for each byte
 * of input, above what the densest ordinary tables take (a row of "|x"
 * cells costs some 100 steps a byte). What grows with the square of the
 * input never fits in it for long. */
#define WORK_BASE (G_GUINT64_CONSTANT (32) * 1024 * 1024)
#define WORK_PER_BYTE 128
/* What a cell costs besides its bytes: allocations, a copy, a trim. */
#define CELL_STEPS 100
/* The walks along a row's list of cells (n²/2 for n cells), counted
 * apart: ordinary rows have a few dozen cells at most. */
#define QUAD_BASE (G_GUINT64_CONSTANT (64) * 1024 * 1024)
#define QUAD_PER_BYTE 64
/* A wider row is never parsed: 0.29.0.gfm.6 counts cells in 16 bits, and
 * one such row costs a quarter of a second already. */
#define MAX_ROW_CELLS 16384

typedef struct
{
  gsize start;       /* offset of the run's first line */
  gsize end;         /* offset just after its last line */
  gsize table_line;  /* offset of the first header's line, or G_MAXSIZE */
  gsize note_at;     /* where that header's text starts */
  guint columns;     /* the widest row or delimiter row seen */
  guint rows;        /* rows under a delimiter row */
} Run;

struct _BilletTableLimits
{
  GArray *notes;  /* Run, those with a table_line: the notes' sizes */
};

typedef struct
{
  /* The document so far, and what it may take. */
  guint64  padded;
  guint64  work;
  guint64  quad;
  guint64  work_budget;
  guint64  quad_budget;
  GArray  *neutralised;  /* Run */

  /* The current run of non-blank lines. */
  gboolean in_run;
  Run      run;
  guint64  run_padded;
  guint64  run_work;
  guint64  run_quad;
  /* What parsing the run's lines so far as one header costs. */
  guint64  prefix_work;
  guint64  prefix_quad;
  guint    widest_line;  /* the most cells a line of the run so far may have */
  gboolean too_wide;
  guint    columns;      /* the table's width, 0 outside anything like one */

  /* The previous line of the run. */
  gboolean have_previous;
  gsize    previous_start;
  gsize    previous_text;   /* after container and list markers */
  guint    previous_cells;  /* after container markers only */
  guint    previous_list_cells;
} Scan;

static inline guint64
add_saturated (guint64 a,
               guint64 b)
{
  return a > G_MAXUINT64 - b ? G_MAXUINT64 : a + b;
}

static inline gboolean
is_spacechar (char c)
{
  return c == ' ' || c == '\t' || c == '\v' || c == '\f';
}

/* The end of the line at @pos (before its terminator) and, in *@next, the
 * start of the next one: cmark ends lines at "\n", "\r\n" and "\r" (the
 * last only when @has_cr says the text has any). */
static gsize
find_line_end (const char *text,
               gsize       len,
               gsize       pos,
               gboolean    has_cr,
               gsize      *next)
{
  const char *nl = memchr (text + pos, '\n', len - pos);
  gsize end = nl != NULL ? (gsize) (nl - text) : len;

  if (has_cr)
    {
      const char *cr = memchr (text + pos, '\r', end - pos);

      if (cr != NULL)
        end = (gsize) (cr - text);
    }

  if (end >= len)
    *next = len;
  else if (text[end] == '\r' && end + 1 < len && text[end + 1] == '\n')
    *next = end + 2;
  else
    *next = end + 1;

  return end;
}

static gsize
skip_spacechars (const char *text,
                 gsize       pos,
                 gsize       end)
{
  while (pos < end && is_spacechar (text[pos]))
    pos++;
  return pos;
}

/* Past indentation and block-quote markers: all of them, where cmark
 * would match only its containers' (a ">" more starts a quote, which
 * ends a table anyway). */
static gsize
skip_containers (const char *text,
                 gsize       pos,
                 gsize       end)
{
  while (pos < end && (text[pos] == ' ' || text[pos] == '\t' || text[pos] == '>'))
    pos++;
  return pos;
}

/* Past list markers ("- ", "1. ", "2) ") and what follows them: the first
 * line of a list item's paragraph starts after them. */
static gsize
skip_list_markers (const char *text,
                   gsize       pos,
                   gsize       end)
{
  for (;;)
    {
      gsize p = pos;

      if (p < end && (text[p] == '-' || text[p] == '+' || text[p] == '*'))
        p++;
      else
        {
          guint digits = 0;

          while (p < end && g_ascii_isdigit (text[p]) && digits < 9)
            p++, digits++;
          if (digits == 0 || p >= end || (text[p] != '.' && text[p] != ')'))
            return pos;
          p++;
        }

      if (p < end && text[p] != ' ' && text[p] != '\t')
        return pos;
      pos = skip_containers (text, p, end);
    }
}

/* The cells of [@pos, @end) as 0.29.0.gfm.6 splits a row: at each "|" that
 * no backslash precedes (its longest-match scanner reads "\\|" as "\" and
 * an escaped pipe), a leading and a trailing "|" optional; 0 when it is no
 * row at all. */
static guint
count_cells (const char *text,
             gsize       pos,
             gsize       end)
{
  guint cells = 0;

  if (pos < end && text[pos] == '|')
    pos = skip_spacechars (text, pos + 1, end);

  while (pos < end)
    {
      gsize start = pos;

      while (pos < end && !(text[pos] == '|' && text[pos - 1] != '\\'))
        pos++;

      if (pos >= end)
        {
          cells += pos > start;
          break;
        }

      cells++;
      pos = skip_spacechars (text, pos + 1, end);
    }

  return cells;
}

/* The columns of a delimiter row ("| :-- | --: |") as cmark-gfm's
 * scan_table_start() matches one, or 0; *@mark is its first dash or
 * colon, where a backslash keeps it from being one. */
static guint
delimiter_columns (const char *text,
                   gsize       pos,
                   gsize       end,
                   gsize      *mark)
{
  guint columns = 0;

  if (pos < end && text[pos] == '|')
    pos++;

  for (;;)
    {
      gsize p = skip_spacechars (text, pos, end);

      if (columns == 0)
        *mark = p;
      if (p < end && text[p] == ':')
        p++;
      if (p >= end || text[p] != '-')
        return 0;
      while (p < end && text[p] == '-')
        p++;
      if (p < end && text[p] == ':')
        p++;
      p = skip_spacechars (text, p, end);
      columns++;

      if (p >= end)
        return columns;
      if (text[p] != '|')
        return 0;
      /* A trailing pipe, or the next column. */
      if (skip_spacechars (text, p + 1, end) >= end)
        return columns;
      pos = p + 1;
    }
}

/* Whether [@pos, @end) is an ATX heading from its very first column: no
 * container can hold it as a row of its table (indented, it would be). */
static gboolean
is_heading (const char *text,
            gsize       pos,
            gsize       end)
{
  gsize level = 0;

  while (pos + level < end && text[pos + level] == '#')
    level++;

  return level >= 1 && level <= 6 &&
         (pos + level == end || text[pos + level] == ' ' || text[pos + level] == '\t');
}

static void
begin_run (Scan  *scan,
           gsize  start)
{
  scan->in_run = TRUE;
  memset (&scan->run, 0, sizeof scan->run);
  scan->run.start = start;
  scan->run.table_line = G_MAXSIZE;
  scan->run_padded = scan->run_work = scan->run_quad = 0;
  scan->prefix_work = scan->prefix_quad = 0;
  scan->widest_line = 0;
  scan->too_wide = FALSE;
  scan->columns = 0;
  scan->have_previous = FALSE;
}

static void
end_run (Scan  *scan,
         gsize  end)
{
  if (!scan->in_run)
    return;

  scan->in_run = FALSE;
  scan->have_previous = FALSE;

  if (scan->too_wide ||
      add_saturated (scan->padded, scan->run_padded) > MAX_PADDED_CELLS ||
      add_saturated (scan->work, scan->run_work) > scan->work_budget ||
      add_saturated (scan->quad, scan->run_quad) > scan->quad_budget)
    {
      scan->run.end = end;
      g_array_append_val (scan->neutralised, scan->run);
      return;
    }

  scan->padded += scan->run_padded;
  scan->work += scan->run_work;
  scan->quad += scan->run_quad;
}

/* One non-blank line of a run: [@start, @end), its text (after container
 * markers) from @content. */
static void
scan_line (Scan       *scan,
           const char *text,
           gsize       start,
           gsize       content,
           gsize       end)
{
  const char *pipe = memchr (text + content, '|', end - content);
  gsize list_content = skip_list_markers (text, content, end);
  guint cells = 1;
  guint list_cells = 1;
  /* What one parse of the line as a row costs, at most: every "|" may
   * end a cell. */
  guint64 most_cells = 1;
  guint64 work;
  guint64 quad;
  gboolean is_row;
  guint delimiter;
  gsize mark;

  /* Most lines have no "|": one cell, whatever list marker they have. */
  if (pipe != NULL)
    {
      for (const char *stop = text + end; pipe != NULL; pipe = memchr (pipe + 1, '|', (gsize) (stop - pipe - 1)))
        most_cells++;
      cells = count_cells (text, content, end);
      list_cells = list_content != content ? count_cells (text, list_content, end) : cells;
    }

  work = (end - content) + CELL_STEPS * most_cells;
  quad = most_cells * most_cells / 2;

  delimiter = delimiter_columns (text, content, end, &mark);
  is_row = scan->columns > 0;

  if (delimiter > 0 && scan->have_previous)
    {
      /* cmark parses this line, and the paragraph above as its header. */
      scan->run_work = add_saturated (scan->run_work, add_saturated (work, scan->prefix_work));
      scan->run_quad = add_saturated (scan->run_quad, add_saturated (quad, scan->prefix_quad));
      if (scan->widest_line > MAX_ROW_CELLS || most_cells > MAX_ROW_CELLS)
        scan->too_wide = TRUE;

      if (delimiter == scan->previous_cells || delimiter == scan->previous_list_cells)
        {
          if (scan->columns == 0 || delimiter > scan->columns)
            {
              /* A table starts here, or may: count the rows below it
               * with the wider header. */
              scan->columns = delimiter;
              is_row = FALSE;
              if (scan->run.table_line == G_MAXSIZE)
                {
                  scan->run.table_line = scan->previous_start;
                  scan->run.note_at = scan->previous_text;
                }
            }
          scan->run.columns = MAX (scan->run.columns, delimiter);
        }
    }

  if (is_row)
    {
      if (scan->columns > cells)
        scan->run_padded = add_saturated (scan->run_padded, scan->columns - cells);
      scan->run_work = add_saturated (scan->run_work, 2 * work);
      scan->run_quad = add_saturated (scan->run_quad, 2 * quad);
      scan->run.rows++;
      scan->run.columns = MAX (scan->run.columns, cells);
      if (most_cells > MAX_ROW_CELLS)
        scan->too_wide = TRUE;
    }

  scan->prefix_work = add_saturated (scan->prefix_work, work);
  scan->prefix_quad = add_saturated (scan->prefix_quad, quad);
  scan->widest_line = (guint) MIN (MAX (scan->widest_line, most_cells), G_MAXUINT);

  scan->have_previous = TRUE;
  scan->previous_start = start;
  scan->previous_text = list_content;
  scan->previous_cells = cells;
  scan->previous_list_cells = list_cells;
}

/* Whether [@start, @end) ends with an odd number of backslashes: a hard
 * line break already. */
static gboolean
ends_with_break (const char *text,
                 gsize       start,
                 gsize       end)
{
  gsize n = 0;

  while (end > start && text[end - 1] == '\\')
    end--, n++;

  return n % 2 == 1;
}

static void
append_note_marker (GString *out,
                    guint    index)
{
  g_string_append_printf (out, NOTE_OPEN "%u" NOTE_CLOSE, index);
}

/* Appends the lines of @run with its delimiter rows escaped, its note
 * marker and its hard line breaks. */
static void
append_neutralised (GString    *out,
                    const char *text,
                    const Run  *run,
                    guint       note)
{
  gsize pos = run->start;

  while (pos < run->end)
    {
      gsize next;
      gsize end = find_line_end (text, run->end, pos, TRUE, &next);
      gsize content = skip_containers (text, pos, end);
      gsize note_at = G_MAXSIZE;
      gsize mark = G_MAXSIZE;
      gsize done = pos;

      if (run->table_line != G_MAXSIZE && pos == run->table_line)
        note_at = run->note_at;
      if (delimiter_columns (text, content, end, &mark) == 0)
        mark = G_MAXSIZE;

      /* The two insertions, in the order of the text. */
      for (guint i = 0; i < 2; i++)
        {
          gboolean note_first = note_at <= mark;
          gsize at = note_first ? note_at : mark;

          if (at == G_MAXSIZE)
            break;
          g_string_append_len (out, text + done, at - done);
          done = at;
          if (note_first)
            {
              append_note_marker (out, note);
              note_at = G_MAXSIZE;
            }
          else
            {
              g_string_append_c (out, '\\');
              mark = G_MAXSIZE;
            }
        }

      g_string_append_len (out, text + done, end - done);
      if (run->table_line != G_MAXSIZE && pos >= run->table_line && next < run->end &&
          !ends_with_break (text, content, end))
        g_string_append_c (out, '\\');
      g_string_append_len (out, text + end, next - end);

      pos = next;
    }
}

/**
 * billet_table_limits_apply:
 * @text: (array length=len): Markdown
 * @len: its length in bytes
 * @bounded: (out): where to store the text with its too costly tables
 *   neutralised, or %NULL when there is none
 * @bounded_len: (out): its length
 *
 * Returns: (transfer full) (nullable): the notes to put in the HTML with
 *   billet_table_limits_expand(), or %NULL when the text is to be
 *   rendered as it is (then *@bounded is %NULL)
 */
BilletTableLimits *
billet_table_limits_apply (const char  *text,
                           gsize        len,
                           char       **bounded,
                           gsize       *bounded_len)
{
  g_autoptr(GArray) neutralised = NULL;
  BilletTableLimits *self;
  Scan scan = { 0 };
  gboolean has_cr;
  GString *out;
  gsize pos = 0;

  g_return_val_if_fail (bounded != NULL && bounded_len != NULL, NULL);

  *bounded = NULL;
  *bounded_len = 0;

  /* The common case, and the cheap test: a table of more than one column
   * needs a "|". */
  if (text == NULL || len == 0 || memchr (text, '|', len) == NULL)
    return NULL;

  has_cr = memchr (text, '\r', len) != NULL;
  neutralised = g_array_new (FALSE, FALSE, sizeof (Run));
  scan.neutralised = neutralised;
  scan.work_budget = add_saturated (WORK_BASE, (guint64) len * WORK_PER_BYTE);
  scan.quad_budget = add_saturated (QUAD_BASE, (guint64) len * QUAD_PER_BYTE);

  while (pos < len)
    {
      gsize next;
      gsize end = find_line_end (text, len, pos, has_cr, &next);
      gsize content = skip_containers (text, pos, end);

      /* A blank line (or one of block-quote markers only) ends any
       * paragraph and table; so does a heading at the start of a line,
       * whatever container the table was in. */
      if (content == end || is_heading (text, pos, end))
        end_run (&scan, pos);
      else
        {
          if (!scan.in_run)
            begin_run (&scan, pos);
          scan_line (&scan, text, pos, content, end);
        }

      pos = next;
    }
  end_run (&scan, len);

  if (neutralised->len == 0)
    return NULL;

  self = g_new0 (BilletTableLimits, 1);
  self->notes = g_array_new (FALSE, FALSE, sizeof (Run));

  out = g_string_sized_new (len + len / 16 + 64);
  pos = 0;
  for (guint i = 0; i < neutralised->len; i++)
    {
      const Run *run = &g_array_index (neutralised, Run, i);

      g_string_append_len (out, text + pos, run->start - pos);
      append_neutralised (out, text, run, self->notes->len);
      if (run->table_line != G_MAXSIZE)
        g_array_append_val (self->notes, *run);
      pos = run->end;
    }
  g_string_append_len (out, text + pos, len - pos);

  *bounded_len = out->len;
  *bounded = g_string_free (out, FALSE);
  return self;
}

/* The note, in the page's language. */
static char *
dup_note_text (const Run  *run,
               const char *lang)
{
  g_autofree char *columns = NULL;
  g_autofree char *rows = NULL;

  columns = g_strdup_printf (billet_page_ntext (lang, "%u column", "%u columns", run->columns),
                             run->columns);
  rows = g_strdup_printf (billet_page_ntext (lang, "%u row", "%u rows", run->rows), run->rows);

  /* Translators: a note above a Markdown table that the preview and the
   * exported page show as plain text; the first %s is a number of columns
   * ("2000 columns"), the second a number of rows ("2000 rows"). */
  return g_strdup_printf (billet_page_text (lang, "This table is too large to show (%s × %s); it is shown as text."),
                          columns, rows);
}

/**
 * billet_table_limits_expand:
 * @self: (nullable): notes from billet_table_limits_apply()
 * @html: (transfer full): HTML rendered from the bounded text
 * @lang: (nullable): the page's language, for the notes; %NULL for English
 *
 * Replaces each note marker in text by the note (a <span
 * class="table-too-large" role="note">), and drops those that ended up in
 * an attribute (an image's alt text).
 *
 * Returns: (transfer full): the HTML (@html itself when there is nothing
 *   to do)
 */
char *
billet_table_limits_expand (BilletTableLimits *self,
                            char              *html,
                            const char        *lang)
{
  BilletHtmlPlace place = { FALSE, 0 };
  GString *out;
  const char *run;
  const char *p;

  if (self == NULL || self->notes->len == 0 || html == NULL || strstr (html, NOTE_OPEN) == NULL)
    return html;

  out = g_string_sized_new (strlen (html) + 160 * self->notes->len);
  run = p = html;

  while (*p != '\0')
    {
      gsize marker_len = 0;
      gint64 index;

      billet_html_place_advance (&place, *p);

      if ((guchar) *p == 0xEE &&
          (index = billet_marker_parse (p, NOTE_OPEN, NOTE_CLOSE, NOTE_MARK_LEN, self->notes->len,
                                        &marker_len)) >= 0)
        {
          g_string_append_len (out, run, p - run);
          if (!place.in_tag)
            {
              g_autofree char *note = dup_note_text (&g_array_index (self->notes, Run, index), lang);
              g_autofree char *escaped = g_markup_escape_text (note, -1);

              g_string_append (out, "<span class=\"table-too-large\" role=\"note\">");
              g_string_append (out, escaped);
              g_string_append (out, "</span>");
            }
          p += marker_len;
          run = p;
          continue;
        }

      p++;
    }

  g_string_append (out, run);
  g_free (html);

  return g_string_free (out, FALSE);
}

void
billet_table_limits_free (BilletTableLimits *self)
{
  if (self == NULL)
    return;

  g_array_unref (self->notes);
  g_free (self);
}
