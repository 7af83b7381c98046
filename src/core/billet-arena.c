/* billet-arena.c — memory for one parse tree, released at once
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * cmark-gfm allocates every node, every line of content and every
 * delimiter of a parse on its own, and frees them one by one: on a long
 * post malloc and free were a fifth of the instructions of an export, and
 * freeing the tree as many as building it. A parse tree lives exactly as
 * long as one render, so its memory comes from chunks handed out in order
 * and released together. Chunks come zeroed from the C library (fresh
 * pages, for big ones) and nothing is handed out twice, so calloc() needs
 * no clearing; free() does nothing; realloc() grows the last allocation
 * where it stands (cmark's buffers grow by half each time) and copies
 * anything else.
 *
 * Memory is cheap to reserve and dear to touch: each first write to a
 * page costs a fault, and on our 2-core build machine (a virtual one) a
 * fault costs about 30 µs — most of the time of a 1 MiB export went there.
 * Chunks of 2 MiB and more are therefore mapped on their own, aligned, and
 * offered to the kernel for transparent huge pages (madvise), where one
 * fault maps 2 MiB: where the system gives none, they are ordinary pages,
 * as before.
 *
 * cmark_mem's functions take no context: the arena is the calling
 * thread's current one, between billet_arena_push() and
 * billet_arena_pop(). Everything that allocates with billet_arena_get_mem()
 * — parsing, changing the tree, rendering it — runs in that thread in
 * between, and nothing allocated from it is used after.
 */

#include "config.h"

#include <string.h>
#include <sys/mman.h>

#include "billet-arena.h"

/* Each allocation is preceded by its size, for realloc(). cmark's
 * structures hold pointers, sizes and ints: eight bytes align them. */
#define ALIGN 8
#define HEADER ALIGN
#define MIN_CHUNK ((gsize) 16 * 1024)
#define MAX_CHUNK ((gsize) 32 * 1024 * 1024)
/* The size of a huge page on x86-64 and arm64 (with 4 KiB pages), and the
 * size from which a chunk is mapped on its own. */
#define HUGE_PAGE ((gsize) 2 * 1024 * 1024)

typedef struct _Chunk Chunk;

struct _Chunk
{
  Chunk    *older;
  gsize     size;    /* header included */
  gboolean  mapped;  /* by map_chunk(), else by g_malloc0() */
  /* The allocations follow, aligned. */
};

#define CHUNK_HEADER ((sizeof (Chunk) + ALIGN - 1) & ~(gsize) (ALIGN - 1))

struct _BilletArena
{
  BilletArena *outer;      /* the thread's arena before this one */
  Chunk       *chunks;     /* the newest first */
  char        *next;       /* the next free byte of the newest chunk */
  char        *limit;      /* the end of the newest chunk */
  char        *last;       /* the newest allocation there, or NULL */
  gsize        chunk_size; /* of the next chunk */
};

static _Thread_local BilletArena *current;

static inline gsize
round_up (gsize n)
{
  return (n + ALIGN - 1) & ~(gsize) (ALIGN - 1);
}

static inline void
set_size (char  *block,
          gsize  size)
{
  memcpy (block - HEADER, &size, sizeof size);
}

static inline gsize
get_size (const char *block)
{
  gsize size;

  memcpy (&size, block - HEADER, sizeof size);
  return size;
}

static BilletArena *
get_current (void)
{
  if (G_UNLIKELY (current == NULL))
    g_error ("cmark allocated from an arena outside billet_arena_push() and billet_arena_pop()");
  return current;
}

/* A zeroed chunk of @size bytes (a multiple of HUGE_PAGE), mapped at a
 * multiple of HUGE_PAGE so that the kernel can back it with huge pages;
 * NULL if the system has no memory to map. */
static Chunk *
map_chunk (gsize size)
{
  char *start;
  gsize head;

  /* Over-map, then give back what is around the aligned part. */
  start = mmap (NULL, size + HUGE_PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (start == MAP_FAILED)
    return NULL;
  head = (HUGE_PAGE - (gsize) start % HUGE_PAGE) % HUGE_PAGE;
  if (head > 0)
    munmap (start, head);
  munmap (start + head + size, HUGE_PAGE - head);
  start += head;
#ifdef MADV_HUGEPAGE
  /* Advice only: without transparent huge pages, ordinary pages. */
  madvise (start, size, MADV_HUGEPAGE);
#endif
  return (Chunk *) start;
}

/* A zeroed chunk of at least @size bytes. */
static Chunk *
new_chunk (gsize size)
{
  Chunk *chunk = NULL;

  if (size >= HUGE_PAGE)
    {
      size = (size + HUGE_PAGE - 1) & ~(HUGE_PAGE - 1);
      chunk = map_chunk (size);
      if (chunk != NULL)
        chunk->mapped = TRUE;
    }
  if (chunk == NULL)
    chunk = g_malloc0 (size);
  chunk->size = size;
  return chunk;
}

static void
free_chunk (Chunk *chunk)
{
  if (chunk->mapped)
    munmap (chunk, chunk->size);
  else
    g_free (chunk);
}

/* A zeroed chunk for @need bytes at least. A request bigger than a
 * quarter of the next chunk gets a chunk of its own, kept behind the
 * newest so that what is left of that one is not lost. */
static char *
alloc_in_new_chunk (BilletArena *self,
                    gsize        need)
{
  Chunk *chunk;

  if (need > self->chunk_size / 4)
    {
      chunk = new_chunk (CHUNK_HEADER + need);
      if (self->chunks != NULL)
        {
          chunk->older = self->chunks->older;
          self->chunks->older = chunk;
        }
      else
        {
          /* The only chunk: the next one goes in front. */
          self->chunks = chunk;
          self->next = self->limit = (char *) chunk + chunk->size;
          self->last = NULL;
        }
      return (char *) chunk + CHUNK_HEADER;
    }

  chunk = new_chunk (self->chunk_size);
  chunk->older = self->chunks;
  self->chunks = chunk;
  self->next = (char *) chunk + CHUNK_HEADER;
  self->limit = (char *) chunk + chunk->size;
  self->chunk_size = MIN (self->chunk_size * 2, MAX_CHUNK);

  return NULL;
}

static void *
arena_alloc (gsize size)
{
  BilletArena *self = get_current ();
  gsize need = HEADER + round_up (size);
  char *block;

  if (G_UNLIKELY (need < size))
    g_error ("arena: an allocation of %" G_GSIZE_FORMAT " bytes overflows", size);

  if (G_UNLIKELY ((gsize) (self->limit - self->next) < need))
    {
      block = alloc_in_new_chunk (self, need);
      if (block != NULL)
        {
          set_size (block + HEADER, round_up (size));
          return block + HEADER;
        }
    }

  block = self->next + HEADER;
  self->next += need;
  self->last = block;
  set_size (block, round_up (size));
  return block;
}

static void *
arena_calloc (size_t n,
              size_t size)
{
  if (size != 0 && n > G_MAXSIZE / size)
    g_error ("arena: %" G_GSIZE_FORMAT " × %" G_GSIZE_FORMAT " bytes overflows", n, size);
  return arena_alloc (n * size);
}

static void *
arena_realloc (void   *ptr,
               size_t  size)
{
  BilletArena *self;
  char *block = ptr;
  gsize old;
  void *moved;

  if (block == NULL)
    return arena_alloc (size);

  old = get_size (block);
  if (size <= old)
    return block;

  self = get_current ();
  if (block == self->last && round_up (size) >= size &&
      (gsize) (self->limit - block) >= round_up (size))
    {
      self->next = block + round_up (size);
      set_size (block, round_up (size));
      return block;
    }

  moved = arena_alloc (size);
  memcpy (moved, block, old);
  return moved;
}

static void
arena_free (void *ptr)
{
  /* Released with the arena. */
}

static cmark_mem arena_mem = {
  .calloc = arena_calloc,
  .realloc = arena_realloc,
  .free = arena_free,
};

/**
 * billet_arena_push:
 * @size_hint: about how many bytes the tree will take (the text's length
 *   times a few), for the first chunk's size
 *
 * Makes a new arena the calling thread's current one, until
 * billet_arena_pop().
 *
 * Returns: (transfer full): the arena
 */
BilletArena *
billet_arena_push (gsize size_hint)
{
  BilletArena *self = g_new0 (BilletArena, 1);

  self->chunk_size = CLAMP (size_hint, MIN_CHUNK, MAX_CHUNK);
  self->outer = current;
  current = self;
  return self;
}

/**
 * billet_arena_pop:
 * @arena: (transfer full): the thread's current arena
 *
 * Releases all that was allocated from @arena, and makes the arena that
 * was current before it current again.
 */
void
billet_arena_pop (BilletArena *arena)
{
  g_return_if_fail (arena != NULL && arena == current);

  current = arena->outer;
  for (Chunk *chunk = arena->chunks, *older; chunk != NULL; chunk = older)
    {
      older = chunk->older;
      free_chunk (chunk);
    }
  g_free (arena);
}

/**
 * billet_arena_get_mem:
 *
 * Returns: (transfer none): cmark's allocator that takes from the calling
 *   thread's current arena
 */
cmark_mem *
billet_arena_get_mem (void)
{
  return &arena_mem;
}
