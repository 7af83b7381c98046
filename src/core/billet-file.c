/* billet-file.c — reading post files within bounds, writing them safely
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A save must never cost the author the post. g_file_set_contents() and
 * g_file_replace_contents() are close, but not enough: the latter renames a
 * partial file over the original when the disk fills up mid-write, neither
 * keeps the group or the extended attributes, and both break hard links.
 * So Billet writes with plain POSIX calls, in one of two ways:
 *
 * - Replace (the usual case): the new bytes go to a temporary file in the
 *   post's own folder (same disk, so the rename is atomic) — one without a
 *   name where the system allows (O_TMPFILE) —, written in full, given the
 *   original's owner, group, mode and extended attributes, fsync()ed, named,
 *   and only then renamed over the post; then the folder is synced so the
 *   rename itself survives a crash. Killed at any point, the writer leaves
 *   the old text or the new one.
 *
 * - In place (the post has other hard links): a rename would cut the file
 *   from its other names, so the post's own inode is rewritten — but only
 *   once a complete copy of it sits, fsync()ed, in a backup file beside it,
 *   with a header that says what the write will make of the post. Room for
 *   the new size is reserved first (fallocate), so that a full disk fails
 *   before a single byte of the post changes; any later failure copies the
 *   backup back. A writer killed while it writes leaves the post
 *   half-written, and the backup: the next open or save of the post
 *   (billet_file_recover()) puts the old text back.
 *
 * Writers of one post take turns (a lock on the post), and mark their own
 * temporary files with a lock as long as they live: the files of a writer
 * that was killed are removed by the next write or open of the post, and
 * `billet check` reports them (billet_file_find_leftovers()).
 *
 * A failure leaves the post byte-identical and no temporary file behind,
 * and the GError says what happened and where, in the author's words ("No
 * space left on the disk holding …"), with a G_FILE_ERROR code from errno.
 *
 * This file uses GLib and POSIX only: the command line links no GIO.
 */

#define _GNU_SOURCE   /* fallocate(), FALLOC_FL_KEEP_SIZE, O_TMPFILE */

#define G_LOG_DOMAIN "Billet"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/xattr.h>
#include <time.h>
#include <unistd.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "billet-file.h"
#include "billet-index.h"
#include "billet-utf8.h"

/* Messages */

/**
 * billet_file_display_name:
 * @path: a file name, in the bytes the system uses
 *
 * The one way Billet shows a path in a message: valid UTF-8 on one line,
 * with line breaks, other control characters and bytes that are not UTF-8
 * written as escapes (see billet_utf8_make_displayable()). A file may be
 * named “a\nb.md”; the message about it stays one line all the same.
 *
 * Returns: (transfer full): the name to show
 */
char *
billet_file_display_name (const char *path)
{
  g_return_val_if_fail (path != NULL, NULL);

  return billet_utf8_make_displayable (path, -1);
}

/* Paths in write errors are absolute: after links are followed, the file
 * that failed may not be the one the author named. */
static char *
display_path (const char *path)
{
  g_autofree char *absolute = g_canonicalize_filename (path, NULL);

  return billet_file_display_name (absolute);
}

/* Sets @error for a failed write of @path, where @in_folder says whether
 * the failed step was creating, renaming or removing a file in its folder
 * rather than writing the file itself. Returns FALSE, for tail calls. */
static gboolean
set_write_error (GError     **error,
                 int          errsv,
                 const char  *path,
                 gboolean     in_folder)
{
  g_autofree char *where = display_path (path);
  GFileError code = g_file_error_from_errno (errsv);

  switch (errsv)
    {
    case ENOSPC:
      g_set_error (error, G_FILE_ERROR, code,
                   _("No space left on the disk holding “%s”"), where);
      break;

    case EDQUOT:
      g_set_error (error, G_FILE_ERROR, code,
                   _("Your disk quota is used up on the disk holding “%s”"), where);
      break;

    case EROFS:
      g_set_error (error, G_FILE_ERROR, code,
                   _("The disk holding “%s” is read-only"), where);
      break;

    case EACCES:
    case EPERM:
      if (in_folder)
        {
          g_autofree char *folder = g_path_get_dirname (where);

          g_set_error (error, G_FILE_ERROR, code,
                       _("Permission denied: Billet may not create files in the folder “%s”"),
                       folder);
        }
      else
        g_set_error (error, G_FILE_ERROR, code,
                     _("Permission denied: Billet may not write to “%s”"), where);
      break;

    case ENOENT:
      {
        g_autofree char *folder = g_path_get_dirname (where);

        g_set_error (error, G_FILE_ERROR, code,
                     _("The folder “%s” does not exist"), folder);
      }
      break;

    case ENOTDIR:
      {
        g_autofree char *folder = g_path_get_dirname (where);

        g_set_error (error, G_FILE_ERROR, code, _("“%s” is not a folder"), folder);
      }
      break;

    case ELOOP:
      g_set_error (error, G_FILE_ERROR, code,
                   _("Too many symbolic links lead to “%s”"), where);
      break;

    case EIO:
      g_set_error (error, G_FILE_ERROR, code,
                   _("The disk holding “%s” reported an input/output error"), where);
      break;

    case EFBIG:
      g_set_error (error, G_FILE_ERROR, code,
                   _("“%s” would be larger than its disk allows"), where);
      break;

    default:
      /* Translators: the first %s is a file, the second the system's reason */
      g_set_error (error, G_FILE_ERROR, code, _("Could not write “%s”: %s"),
                   where, g_strerror (errsv));
      break;
    }
  return FALSE;
}

static gboolean
set_read_error (GError     **error,
                int          errsv,
                const char  *path)
{
  g_autofree char *where = billet_file_display_name (path);
  GFileError code = g_file_error_from_errno (errsv);

  switch (errsv)
    {
    case ENOENT:
      g_set_error (error, G_FILE_ERROR, code, _("“%s” does not exist"), where);
      break;

    case EACCES:
    case EPERM:
      g_set_error (error, G_FILE_ERROR, code,
                   _("Permission denied: Billet may not read “%s”"), where);
      break;

    default:
      /* Translators: the first %s is a file, the second the system's reason */
      g_set_error (error, G_FILE_ERROR, code, _("Could not read “%s”: %s"),
                   where, g_strerror (errsv));
      break;
    }
  return FALSE;
}

/* Reading */

/* Sets @error for a file that is there but is no regular file, naming what
 * it is: a named pipe would block a reader or feed it whatever its writer
 * sends, and a device is no post at all. */
static gboolean
set_not_regular_error (GError     **error,
                       mode_t       mode,
                       const char  *path)
{
  g_autofree char *where = billet_file_display_name (path);

  if (S_ISDIR (mode))
    g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_ISDIR, _("“%s” is a folder"), where);
  else if (S_ISFIFO (mode))
    g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_INVAL,
                 _("“%s” is a named pipe (FIFO), not a regular file; Billet reads only regular files"),
                 where);
  else if (S_ISSOCK (mode))
    g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_INVAL,
                 _("“%s” is a socket, not a regular file; Billet reads only regular files"), where);
  else if (S_ISCHR (mode) || S_ISBLK (mode))
    g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_INVAL,
                 _("“%s” is a device, not a regular file; Billet reads only regular files"), where);
  else
    g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_INVAL,
                 _("“%s” is not a regular file; Billet reads only regular files"), where);
  return FALSE;
}

/* Opens @path for reading if it is a regular file of at most @max_size
 * bytes, and sets @st; otherwise returns -1 with @error set. @known_regular:
 * the caller has just seen a regular file there, and no stat() comes first. */
static int
open_regular (const char   *path,
              gsize         max_size,
              gboolean      known_regular,
              struct stat  *st,
              GError      **error)
{
  int fd;

  /* Before opening: opening a device can do things (a tape rewinds). */
  if (!known_regular && stat (path, st) != 0)
    {
      set_read_error (error, errno, path);
      return -1;
    }
  if (!known_regular && !S_ISREG (st->st_mode))
    {
      set_not_regular_error (error, st->st_mode, path);
      return -1;
    }

  /* O_NONBLOCK: should a named pipe take the file's place meanwhile, the
   * open must not wait for a writer; fstat() then tells. */
  fd = open (path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
  if (fd < 0)
    {
      set_read_error (error, errno, path);
      return -1;
    }
  if (fstat (fd, st) != 0)
    {
      int errsv = errno;

      close (fd);
      set_read_error (error, errsv, path);
      return -1;
    }
  if (!S_ISREG (st->st_mode))
    {
      close (fd);
      set_not_regular_error (error, st->st_mode, path);
      return -1;
    }
  if ((guint64) st->st_size > max_size)
    {
      g_autofree char *where = billet_file_display_name (path);
      g_autofree char *size = g_format_size_full ((guint64) st->st_size, G_FORMAT_SIZE_IEC_UNITS);
      g_autofree char *limit = g_format_size_full (max_size, G_FORMAT_SIZE_IEC_UNITS);

      close (fd);
      g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_FAILED,
                   /* Translators: “post.md” is too large for a post (2.0 GiB); … up to 64.0 MiB */
                   _("“%s” is too large for a post (%s); Billet reads posts of up to %s"),
                   where, size, limit);
      return -1;
    }
  return fd;
}

/**
 * billet_file_read:
 * @path: a regular file, or a symbolic link to one
 * @max_size: the most bytes the caller accepts
 * @contents: (out): the bytes, NUL-terminated
 * @length: (out): their count
 *
 * g_file_get_contents() with a bound: a file larger than @max_size is
 * refused on its size alone, before any byte is read. Anything but a
 * regular file (a folder, a named pipe, a socket, a device) is refused
 * with a message that says what it is, without waiting on it.
 */
gboolean
billet_file_read (const char  *path,
                  gsize        max_size,
                  char       **contents,
                  gsize       *length,
                  GError     **error)
{
  g_autofree char *buffer = NULL;
  gsize capacity, used = 0;
  struct stat st;
  int fd;

  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (contents != NULL, FALSE);
  g_return_val_if_fail (max_size < G_MAXSIZE - 1, FALSE);

  if ((fd = open_regular (path, max_size, FALSE, &st, error)) < 0)
    return FALSE;
  fcntl (fd, F_SETFL, fcntl (fd, F_GETFL) & ~O_NONBLOCK);

  /* One byte more than the size: a file that grows meanwhile is read on,
   * up to the bound. */
  capacity = (gsize) st.st_size + 1;
  buffer = g_malloc (capacity + 1);
  for (;;)
    {
      ssize_t n;

      if (used == capacity)
        {
          capacity = MIN (capacity * 2, max_size + 1);
          buffer = g_realloc (buffer, capacity + 1);
        }
      n = read (fd, buffer + used, capacity - used);
      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        {
          int errsv = errno;

          close (fd);
          return set_read_error (error, errsv, path);
        }
      if (n == 0)
        break;
      used += (gsize) n;
      if (used > max_size)
        {
          g_autofree char *where = billet_file_display_name (path);
          g_autofree char *limit = g_format_size_full (max_size, G_FORMAT_SIZE_IEC_UNITS);

          close (fd);
          g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_FAILED,
                       _("“%s” is too large for a post; Billet reads posts of up to %s"),
                       where, limit);
          return FALSE;
        }
    }
  close (fd);

  buffer[used] = 0;
  *contents = g_steal_pointer (&buffer);
  if (length != NULL)
    *length = used;
  return TRUE;
}

/**
 * billet_file_read_head:
 * @path: a regular file, or a symbolic link to one, that the caller has
 *   just found to be one (billet_index_walk() lstat()s every entry)
 * @max_size: the largest file the caller accepts
 * @head_size: how many bytes to read at most, from the start
 * @contents: (out): the bytes read, NUL-terminated
 * @length: (out): their count
 * @whole: (out): whether they are the whole file
 *
 * Reads the start of a file, with the checks of billet_file_read() but
 * the stat() before opening, which the caller made: for a caller that
 * needs the first bytes only (a front matter of each post of a site), and
 * must not pay for the rest. One open, one fstat() and one read in the
 * common case.
 */
gboolean
billet_file_read_head (const char  *path,
                       gsize        max_size,
                       gsize        head_size,
                       char       **contents,
                       gsize       *length,
                       gboolean    *whole,
                       GError     **error)
{
  g_autofree char *buffer = NULL;
  gsize used = 0;
  struct stat st;
  int fd;

  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (contents != NULL, FALSE);
  g_return_val_if_fail (head_size > 0 && head_size < G_MAXSIZE, FALSE);

  if ((fd = open_regular (path, max_size, TRUE, &st, error)) < 0)
    return FALSE;

  head_size = MIN (head_size, max_size);
  buffer = g_malloc (head_size + 1);
  while (used < head_size)
    {
      ssize_t n = read (fd, buffer + used, head_size - used);

      if (n < 0 && errno == EINTR)
        continue;
      /* O_NONBLOCK matters to a regular file only under a mandatory lock
       * (older kernels): wait for it, as billet_file_read() does. */
      if (n < 0 && errno == EAGAIN)
        {
          fcntl (fd, F_SETFL, fcntl (fd, F_GETFL) & ~O_NONBLOCK);
          continue;
        }
      if (n < 0)
        {
          int errsv = errno;

          close (fd);
          return set_read_error (error, errsv, path);
        }
      if (n == 0)
        break;
      used += (gsize) n;
      /* The size said so: no read only to learn that the file ends. */
      if (used >= (gsize) st.st_size)
        break;
    }
  close (fd);

  buffer[used] = 0;
  *contents = g_steal_pointer (&buffer);
  if (length != NULL)
    *length = used;
  if (whole != NULL)
    *whole = used < head_size || used >= (gsize) st.st_size;
  return TRUE;
}

/* Writing */

/**
 * billet_file_resolve_links:
 * @path: a file, which may be a symbolic link (to a link…)
 *
 * Follows the symbolic links that @path names, at most
 * %BILLET_FILE_MAX_LINK_DEPTH deep, so that a post reached through a link
 * is written at its target and the link is kept. A link that points
 * nowhere resolves to where it points (a save creates the file there).
 *
 * Returns: (transfer full) (nullable): the path of the file itself, or
 *   %NULL with @error set (a loop, an unreadable link)
 */
char *
billet_file_resolve_links (const char  *path,
                           GError     **error)
{
  g_autofree char *current = NULL;

  g_return_val_if_fail (path != NULL, NULL);

  current = g_strdup (path);
  for (guint depth = 0; ; depth++)
    {
      g_autofree char *target = NULL;
      struct stat st;

      /* Anything but a link (a missing file included) ends the chain;
       * the caller's own stat() reports what is wrong with it. */
      if (lstat (current, &st) != 0 || !S_ISLNK (st.st_mode))
        return g_steal_pointer (&current);

      if (depth == BILLET_FILE_MAX_LINK_DEPTH)
        {
          set_write_error (error, ELOOP, path, FALSE);
          return NULL;
        }
      if (!(target = g_file_read_link (current, error)))
        return NULL;
      if (!g_path_is_absolute (target))
        {
          /* Relative to the link's folder; “..” is left for the kernel to
           * resolve, as it would for the link itself. */
          g_autofree char *folder = g_path_get_dirname (current);

          g_free (current);
          current = g_build_filename (folder, target, NULL);
        }
      else
        {
          g_free (current);
          current = g_steal_pointer (&target);
        }
    }
}

/* Bytes go to the disk a mebibyte at a time: bounded system calls, and one
 * can watch a write progress (build-aux/stress-kill does). */
#define WRITE_CHUNK ((gsize) 1 << 20)

static gboolean
write_all (int         fd,
           const char *data,
           gsize       len,
           off_t       offset,
           int        *errsv)
{
  while (len > 0)
    {
      ssize_t n = pwrite (fd, data, MIN (len, WRITE_CHUNK), offset);

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        {
          /* pwrite() returns 0 only when it can write nothing: a full disk. */
          *errsv = n < 0 ? errno : ENOSPC;
          return FALSE;
        }
      data += n;
      len -= (gsize) n;
      offset += n;
    }
  return TRUE;
}

/* Copies @len bytes of @from from @from_offset to @to at @to_offset, and
 * feeds them to @checksum when there is one. */
static gboolean
copy_range (int         from,
            off_t       from_offset,
            int         to,
            off_t       to_offset,
            off_t       len,
            GChecksum  *checksum,
            int        *errsv)
{
  g_autofree char *buffer = g_malloc (WRITE_CHUNK);
  off_t done = 0;

  while (done < len)
    {
      ssize_t n = pread (from, buffer, (size_t) MIN ((off_t) WRITE_CHUNK, len - done),
                         from_offset + done);

      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        {
          *errsv = errno;
          return FALSE;
        }
      if (n == 0)
        {
          /* Shorter than it was a moment ago: someone else is writing it. */
          *errsv = EIO;
          return FALSE;
        }
      if (checksum != NULL)
        g_checksum_update (checksum, (const guchar *) buffer, n);
      if (!write_all (to, buffer, (gsize) n, to_offset + done, errsv))
        return FALSE;
      done += n;
    }
  return TRUE;
}

/* The SHA-256 of @len bytes of @fd from @offset, in hexadecimal; NULL when
 * they cannot all be read. */
static char *
checksum_range (int    fd,
                off_t  offset,
                off_t  len,
                int   *errsv)
{
  g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);
  g_autofree char *buffer = g_malloc (WRITE_CHUNK);
  off_t done = 0;

  while (done < len)
    {
      ssize_t n = pread (fd, buffer, (size_t) MIN ((off_t) WRITE_CHUNK, len - done), offset + done);

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        {
          *errsv = n < 0 ? errno : EIO;
          return NULL;
        }
      g_checksum_update (checksum, (const guchar *) buffer, n);
      done += n;
    }
  return g_strdup (g_checksum_get_string (checksum));
}

/* Copies the extended attributes of @source to @fd: user.* ones must come
 * along (or the save fails); security.*, system.* (ACLs) and trusted.*
 * come along where the system lets us. A file system without any (ENOTSUP)
 * has nothing to copy. */
static gboolean
copy_xattrs (const char *source,
             int         fd,
             int        *errsv)
{
  g_autofree char *names = NULL;
  ssize_t size = 0;

  for (guint attempt = 0; ; attempt++)
    {
      size = listxattr (source, NULL, 0);
      if (size < 0 && (errno == ENOTSUP || errno == ENOSYS))
        return TRUE;
      if (size <= 0)
        break;
      names = g_malloc ((gsize) size);
      size = listxattr (source, names, (gsize) size);
      if (size >= 0 || errno != ERANGE || attempt == 3)
        break;
      g_clear_pointer (&names, g_free);   /* grew meanwhile: again */
    }
  if (size < 0)
    {
      *errsv = errno;
      return FALSE;
    }

  for (const char *name = names; name != NULL && name < names + size; name += strlen (name) + 1)
    {
      gboolean required = g_str_has_prefix (name, "user.");
      g_autofree char *value = NULL;
      ssize_t value_size = getxattr (source, name, NULL, 0);

      if (value_size >= 0)
        {
          value = g_malloc ((gsize) value_size + 1);
          value_size = getxattr (source, name, value, (gsize) value_size);
        }
      if (value_size < 0)
        {
          if (errno == ENODATA || (!required && (errno == EPERM || errno == EACCES)))
            continue;
          *errsv = errno;
          return FALSE;
        }
      if (fsetxattr (fd, name, value, (gsize) value_size, 0) != 0)
        {
          if (errno == ENOTSUP || (!required && (errno == EPERM || errno == EACCES)))
            continue;
          *errsv = errno;
          return FALSE;
        }
    }
  return TRUE;
}

/* Makes a rename or an unlink in @folder durable. Failure is not reported:
 * the file's own bytes are already synced, and some file systems cannot
 * sync a folder at all. */
static void
sync_folder (const char *folder)
{
  int fd = open (folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC);

  if (fd < 0)
    return;
  if (fsync (fd) != 0)
    g_debug ("Could not sync the folder %s: %s", folder, g_strerror (errno));
  close (fd);
}

/* Billet's own files beside a post
 *
 * A save makes at most two files beside the post, hidden, named after it,
 * so that the next save or open of the post and `billet check` know them:
 *
 *   .post.md.billet-tmp-XXXXXX     the new text, until it is renamed over
 *                                  the post (or a backup, until it is done)
 *   .post.md.billet-backup-XXXXXX  the old text of a post rewritten in place
 *
 * A writer holds a lock (flock) on its temporary file from before the file
 * has a name until it is renamed or removed; the kernel drops that lock
 * when the writer dies, however it dies. So a temporary file that can be
 * locked is a dead writer's, and goes. Where the system has O_TMPFILE, the
 * new text is even written to a file with no name, which gets one only once
 * it is complete and synced: a writer killed before leaves nothing at all.
 *
 * Writers and recoveries of a post also take turns through a lock on the
 * post itself (its inode, whichever name it is reached by): a backup is
 * never taken for an interrupted write while its writer is still at work.
 * No lock file is made, so none can be left behind or published. */

#define TEMPORARY_TAG ".billet-tmp-"
#define BACKUP_TAG    ".billet-backup-"
/* Post names are cut to this many bytes in the names of Billet's files, so
 * that those fit in a name (255 bytes). */
#define BASE_MAX      200
/* Without a lock to tell by (an earlier Billet's temporary files, a file
 * system without locks), a temporary file untouched this long is dead: no
 * save takes an hour. */
#define UNLOCKED_AGE  (60 * 60)
/* How long a writer waits for another writer of the same post. */
#define LOCK_TIMEOUT  (10 * G_USEC_PER_SEC)

typedef enum
{
  OWN_NONE,
  OWN_TEMPORARY,
  OWN_BACKUP,
  OWN_OLD_TEMPORARY,   /* “.post.md.Ab12Cd”, from Billet before the lock */
} OwnKind;

typedef struct
{
  OwnKind  kind;
  char    *name;
  char    *base;       /* the post's name, cut to BASE_MAX bytes */
} OwnEntry;

static void
own_entry_free (OwnEntry *entry)
{
  g_free (entry->name);
  g_free (entry->base);
  g_free (entry);
}

static gboolean
is_random_suffix (const char *s)
{
  if (strlen (s) != 6)
    return FALSE;
  for (; *s != 0; s++)
    if (!g_ascii_isalnum (*s))
      return FALSE;
  return TRUE;
}

/* What @name is among Billet's own files; @base is then the name of the
 * post it was made for (cut to BASE_MAX bytes). */
static OwnKind
parse_own_name (const char  *name,
                char       **base)
{
  static const struct { const char *tag; OwnKind kind; } tags[] = {
    { TEMPORARY_TAG, OWN_TEMPORARY },
    { BACKUP_TAG, OWN_BACKUP },
  };
  gsize len = strlen (name);
  const char *suffix;

  if (name[0] != '.' || len < 9 || !is_random_suffix (name + len - 6))
    return OWN_NONE;
  suffix = name + len - 6;
  for (guint i = 0; i < G_N_ELEMENTS (tags); i++)
    {
      gsize tag_len = strlen (tags[i].tag);

      if (len >= 2 + tag_len + 6 && memcmp (suffix - tag_len, tags[i].tag, tag_len) == 0)
        {
          *base = g_strndup (name + 1, (gsize) (suffix - tag_len - name - 1));
          return tags[i].kind;
        }
    }
  if (suffix[-1] == '.')
    {
      g_autofree char *post = g_strndup (name + 1, (gsize) (suffix - 1 - name - 1));

      if (billet_index_is_post_name (post))
        {
          *base = g_steal_pointer (&post);
          return OWN_OLD_TEMPORARY;
        }
    }
  return OWN_NONE;
}

/* Whether @own_base, from a name parse_own_name() read, stands for @base. */
static gboolean
same_base (const char *own_base,
           const char *base)
{
  gsize len = MIN (strlen (base), BASE_MAX);

  return strlen (own_base) == len && memcmp (own_base, base, len) == 0;
}

static int
compare_own_entries (gconstpointer a,
                     gconstpointer b)
{
  const OwnEntry *x = *(OwnEntry * const *) a;
  const OwnEntry *y = *(OwnEntry * const *) b;

  return strcmp (x->name, y->name);
}

/* Billet's own files in @folder that were made for the post named @base
 * (any post when NULL), and every backup: a backup made through another
 * hard link of the post bears the other name. Unreadable folder: none. */
static GPtrArray *
list_own_files (const char *folder,
                const char *base)
{
  GPtrArray *entries = g_ptr_array_new_with_free_func ((GDestroyNotify) own_entry_free);
  g_autoptr(GDir) dir = g_dir_open (folder, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *own_base = NULL;
      OwnKind kind = parse_own_name (name, &own_base);
      OwnEntry *entry;

      if (kind == OWN_NONE || (kind != OWN_BACKUP && base != NULL && !same_base (own_base, base)))
        continue;
      entry = g_new0 (OwnEntry, 1);
      entry->kind = kind;
      entry->name = g_strdup (name);
      entry->base = g_steal_pointer (&own_base);
      g_ptr_array_add (entries, entry);
    }
  g_ptr_array_sort (entries, compare_own_entries);
  return entries;
}

/* A path for a new file of Billet's own in @folder, for the post @base:
 * hidden, so that folder views and site generators pass it by. */
static char *
own_path (const char *folder,
          const char *base,
          const char *tag)
{
  static const char chars[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
  g_autofree char *name = g_strdup_printf (".%.*s%sXXXXXX", BASE_MAX, base, tag);
  char *x = name + strlen (name) - 6;

  for (guint i = 0; i < 6; i++)
    x[i] = chars[g_random_int_range (0, sizeof chars - 1)];
  return g_build_filename (folder, name, NULL);
}

/* Tries a lock on @fd without waiting: 1 when taken, 0 when another holds
 * it, -1 when the file system has no such locks (some NFS set-ups). */
static int
try_lock (int fd)
{
  if (flock (fd, LOCK_EX | LOCK_NB) == 0)
    return 1;
  return errno == EWOULDBLOCK ? 0 : -1;
}

typedef struct
{
  int   fd;
  char *path;   /* NULL while it has no name (O_TMPFILE) */
} OwnFile;

#define OWN_FILE_INIT { -1, NULL }

/* Removes the file (its name is ours while we hold its lock). */
static void
own_file_discard (OwnFile *file)
{
  if (file->path != NULL)
    g_unlink (file->path);
  if (file->fd >= 0)
    close (file->fd);
  g_clear_pointer (&file->path, g_free);
  file->fd = -1;
}

/* A new file of ours in @folder, locked: without a name where the system
 * allows it, else named as a temporary file of the post @base. */
static gboolean
own_file_create (OwnFile    *file,
                 const char *folder,
                 const char *base,
                 mode_t      mode,
                 int        *errsv)
{
#ifdef O_TMPFILE
  /* The name comes through /proc/self/fd (see own_file_name()). The tests
   * and build-aux/stress-kill set BILLET_NO_TMPFILE to go the way of file
   * systems without O_TMPFILE (NFS, FAT…). */
  if (access ("/proc/self/fd", X_OK) == 0 && g_getenv ("BILLET_NO_TMPFILE") == NULL)
    {
      file->fd = open (folder, O_TMPFILE | O_RDWR | O_CLOEXEC, mode);
      if (file->fd >= 0)
        {
          try_lock (file->fd);   /* no one else can reach it yet: for later */
          return TRUE;
        }
      /* Kernels and file systems without it say so in these ways. */
      if (errno != EOPNOTSUPP && errno != EISDIR && errno != EINVAL)
        {
          *errsv = errno;
          return FALSE;
        }
    }
#endif

  for (guint attempt = 0; attempt < 100; attempt++)
    {
      g_autofree char *path = own_path (folder, base, TEMPORARY_TAG);
      struct stat by_fd, by_name;
      int fd = open (path, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, mode);

      if (fd < 0 && errno == EEXIST)
        continue;
      if (fd < 0)
        {
          *errsv = errno;
          return FALSE;
        }
      /* Between open() and the lock, a cleaner may take the file for a dead
       * writer's: then it holds the lock, or has removed the name. */
      if (try_lock (fd) == 0 || fstat (fd, &by_fd) != 0 || lstat (path, &by_name) != 0 ||
          by_fd.st_ino != by_name.st_ino || by_fd.st_dev != by_name.st_dev)
        {
          close (fd);
          continue;
        }
      file->fd = fd;
      file->path = g_steal_pointer (&path);
      return TRUE;
    }
  *errsv = EEXIST;
  return FALSE;
}

/* Gives @file a name made with @tag, once its text is complete: a
 * temporary file keeps the name it has, if any; a backup moves from its
 * temporary name, so that a backup's name only ever holds a whole backup. */
static gboolean
own_file_name (OwnFile    *file,
               const char *folder,
               const char *base,
               const char *tag,
               int        *errsv)
{
  if (file->path != NULL && g_str_equal (tag, TEMPORARY_TAG))
    return TRUE;

  for (guint attempt = 0; attempt < 100; attempt++)
    {
      g_autofree char *path = own_path (folder, base, tag);
      int status;

      if (file->path == NULL)
        {
          char proc[64];

          g_snprintf (proc, sizeof proc, "/proc/self/fd/%d", file->fd);
          status = linkat (AT_FDCWD, proc, AT_FDCWD, path, AT_SYMLINK_FOLLOW);
        }
      else
        status = link (file->path, path);
      if (status != 0 && errno == EEXIST)
        continue;
      if (status != 0)
        {
          *errsv = errno;
          return FALSE;
        }
      if (file->path != NULL)
        g_unlink (file->path);   /* the temporary name */
      g_free (file->path);
      file->path = g_steal_pointer (&path);
      return TRUE;
    }
  *errsv = EEXIST;
  return FALSE;
}

/* Removes @path, a temporary file of ours, if its writer is gone: no one
 * holds its lock. Returns its size, or -1 when it stays. */
static gint64
remove_if_stale (const char *path,
                 OwnKind     kind)
{
  struct stat st, by_name;
  int fd = open (path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
  int locked;

  if (fd < 0)
    return -1;
  if (fstat (fd, &st) != 0 || !S_ISREG (st.st_mode))
    goto stays;
  locked = kind == OWN_OLD_TEMPORARY ? -1 : try_lock (fd);
  if (locked == 0 || (locked < 0 && time (NULL) - st.st_mtime < UNLOCKED_AGE))
    goto stays;
  /* The name must still be that file's. */
  if (lstat (path, &by_name) != 0 || by_name.st_ino != st.st_ino ||
      by_name.st_dev != st.st_dev || g_unlink (path) != 0)
    goto stays;
  close (fd);
  return st.st_size;

stays:
  close (fd);
  return -1;
}

/* Backups
 *
 * A backup holds a header, then the old text:
 *
 *   Billet backup 1
 *   inode 00000000000001234567
 *   old 00000000000000004242 <SHA-256 of the old text>
 *   new 00000000000000004343 <SHA-256 of the new text>
 *   (an empty line)
 *
 * Its name appears only once it is complete and synced (own_file_name()),
 * and it goes once the post holds the new text, synced. So a backup on
 * disk means an in-place write began and did not end, and the header says
 * how it stands: the post holds the new text (the write had ended: drop
 * the backup), the old one (it had not begun: drop it too), or neither
 * (half-written: put the old text back). The inode tells a backup of this
 * very file from one of a file that has since replaced it. */

#define BACKUP_MAGIC "Billet backup 1\n"

typedef struct
{
  guint64 inode;
  guint64 old_size;
  guint64 new_size;
  char    old_sha[65];
  char    new_sha[65];
  gsize   header_len;   /* where the old text starts */
} BackupHeader;

static char *
format_backup_header (const BackupHeader *h)
{
  /* Fixed widths: the header's length is known before its checksums. */
  return g_strdup_printf (BACKUP_MAGIC
                          "inode %020" G_GUINT64_FORMAT "\n"
                          "old %020" G_GUINT64_FORMAT " %-64s\n"
                          "new %020" G_GUINT64_FORMAT " %-64s\n"
                          "\n",
                          h->inode, h->old_size, h->old_sha, h->new_size, h->new_sha);
}

static gboolean
is_sha256 (const char *hex)
{
  if (strlen (hex) != 64)
    return FALSE;
  for (; *hex != 0; hex++)
    if (!g_ascii_isxdigit (*hex))
      return FALSE;
  return TRUE;
}

/* FALSE when @fd holds no header of ours: a backup of Billet before the
 * header, or something else under such a name. */
static gboolean
read_backup_header (int           fd,
                    BackupHeader *h)
{
  char buffer[512];
  ssize_t n = pread (fd, buffer, sizeof buffer - 1, 0);
  const char *end;

  memset (h, 0, sizeof *h);
  if (n < (ssize_t) strlen (BACKUP_MAGIC) || memcmp (buffer, BACKUP_MAGIC, strlen (BACKUP_MAGIC)) != 0)
    return FALSE;
  buffer[n] = 0;
  if ((end = strstr (buffer, "\n\n")) == NULL)
    return FALSE;
  if (sscanf (buffer + strlen (BACKUP_MAGIC),
              "inode %" G_GUINT64_FORMAT " old %" G_GUINT64_FORMAT " %64s new %" G_GUINT64_FORMAT " %64s",
              &h->inode, &h->old_size, h->old_sha, &h->new_size, h->new_sha) != 5 ||
      !is_sha256 (h->old_sha) || !is_sha256 (h->new_sha))
    return FALSE;
  h->header_len = (gsize) (end + 2 - buffer);
  return TRUE;
}

typedef enum
{
  BACKUP_FOREIGN,      /* no header of ours */
  BACKUP_OTHER_FILE,   /* made for another file than the one at the name now */
  BACKUP_UNUSED,       /* the post holds the old text: the write had not begun */
  BACKUP_DONE,         /* the post holds the new text: the write had ended */
  BACKUP_NEEDED,       /* the post holds neither: the old text goes back */
  BACKUP_DAMAGED,      /* needed, but its own old text fails its checksum */
} BackupState;

/* How the backup @backup_fd stands to the post @post_fd. FALSE when a read
 * fails (errno in @errsv). */
static gboolean
inspect_backup (int                 backup_fd,
                const BackupHeader *h,
                int                 post_fd,
                const struct stat  *post,
                BackupState        *state,
                int                *errsv)
{
  g_autofree char *sha = NULL;
  struct stat st;

  if ((guint64) post->st_ino != h->inode ||
      /* An in-place write never makes the post longer than both texts:
       * longer, someone else wrote it since, and that is not ours to undo. */
      (guint64) post->st_size > MAX (h->old_size, h->new_size))
    {
      *state = BACKUP_OTHER_FILE;
      return TRUE;
    }
  if ((guint64) post->st_size == h->new_size || (guint64) post->st_size == h->old_size)
    {
      if (!(sha = checksum_range (post_fd, 0, post->st_size, errsv)))
        return FALSE;
      if ((guint64) post->st_size == h->new_size && g_ascii_strcasecmp (sha, h->new_sha) == 0)
        {
          *state = BACKUP_DONE;
          return TRUE;
        }
      if ((guint64) post->st_size == h->old_size && g_ascii_strcasecmp (sha, h->old_sha) == 0)
        {
          *state = BACKUP_UNUSED;
          return TRUE;
        }
      g_clear_pointer (&sha, g_free);
    }

  if (fstat (backup_fd, &st) != 0)
    {
      *errsv = errno;
      return FALSE;
    }
  if ((guint64) st.st_size != h->header_len + h->old_size)
    {
      *state = BACKUP_DAMAGED;
      return TRUE;
    }
  if (!(sha = checksum_range (backup_fd, (off_t) h->header_len, (off_t) h->old_size, errsv)))
    return FALSE;
  *state = g_ascii_strcasecmp (sha, h->old_sha) == 0 ? BACKUP_NEEDED : BACKUP_DAMAGED;
  return TRUE;
}

/* Puts the old text of the backup back into the post, synced. */
static gboolean
restore_backup (int                 backup_fd,
                const BackupHeader *h,
                int                 post_fd,
                int                *errsv)
{
  if (!copy_range (backup_fd, (off_t) h->header_len, post_fd, 0, (off_t) h->old_size, NULL, errsv))
    return FALSE;
  if (ftruncate (post_fd, (off_t) h->old_size) != 0 || fsync (post_fd) != 0)
    {
      *errsv = errno;
      return FALSE;
    }
  return TRUE;
}

/* Opens @target, a regular file, and takes the post's lock on it, waiting
 * at most LOCK_TIMEOUT for another writer. The name may meanwhile have
 * moved on to a new file (a writer renamed its text over it): that one is
 * locked instead. A file system without locks goes without. Returns the
 * descriptor, or -1 with @error set. */
static int
open_post_locked (const char   *target,
                  int           flags,
                  struct stat  *st,
                  GError      **error)
{
  gint64 deadline = g_get_monotonic_time () + LOCK_TIMEOUT;

  for (;;)
    {
      struct stat by_name;
      int fd = open (target, flags | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK);
      int locked;

      if (fd < 0)
        {
          set_read_error (error, errno, target);
          return -1;
        }
      while ((locked = try_lock (fd)) == 0 && g_get_monotonic_time () < deadline)
        g_usleep (5000);
      if (locked == 0)
        {
          g_autofree char *where = display_path (target);

          close (fd);
          g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_AGAIN,
                       _("Another program is saving “%s”; try again in a moment"), where);
          return -1;
        }
      if (fstat (fd, st) != 0)
        {
          int errsv = errno;

          close (fd);
          set_write_error (error, errsv, target, FALSE);
          return -1;
        }
      if (lstat (target, &by_name) == 0 && by_name.st_ino == st->st_ino &&
          by_name.st_dev == st->st_dev)
        {
          fcntl (fd, F_SETFL, fcntl (fd, F_GETFL) & ~O_NONBLOCK);
          return fd;
        }
      close (fd);
    }
}

static void
note_recovery (BilletRecovery       *recovery,
               BilletRecoveryAction  action,
               char                 *message,
               const char           *backup)
{
  /* One message: the most serious of what was done. */
  if (recovery == NULL || (recovery->action != BILLET_RECOVERY_NOTHING && action < recovery->action))
    {
      g_free (message);
      return;
    }
  recovery->action = action;
  g_free (recovery->message);
  recovery->message = message;
  g_free (recovery->backup);
  recovery->backup = g_strdup (backup);
}

/* Under the post's lock (@post_fd): removes the dead writers' temporary
 * files of @base, and settles every backup made for the post's inode. */
static gboolean
recover_locked (const char         *target,
                const char         *folder,
                const char         *base,
                int                 post_fd,
                const struct stat  *post,
                BilletRecovery     *recovery,
                GError            **error)
{
  g_autoptr(GPtrArray) entries = list_own_files (folder, base);

  for (guint i = 0; i < entries->len; i++)
    {
      OwnEntry *entry = g_ptr_array_index (entries, i);
      g_autofree char *path = g_build_filename (folder, entry->name, NULL);
      BackupState state = BACKUP_FOREIGN;
      BackupHeader h;
      int errsv = 0;
      int fd;

      if (entry->kind != OWN_BACKUP)
        {
          gint64 size = remove_if_stale (path, entry->kind);

          if (size >= 0 && recovery != NULL)
            {
              recovery->n_removed++;
              recovery->removed_size += (guint64) size;
            }
          continue;
        }

      if ((fd = open (path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC)) < 0)
        continue;
      if (read_backup_header (fd, &h) &&
          !inspect_backup (fd, &h, post_fd, post, &state, &errsv))
        {
          close (fd);
          return set_read_error (error, errsv, target);
        }

      switch (state)
        {
        case BACKUP_FOREIGN:
        case BACKUP_OTHER_FILE:
          /* Not this file's to use; worth a word only beside its own post. */
          if (same_base (entry->base, base))
            {
              g_autofree char *shown = billet_file_display_name (path);
              g_autofree char *post_shown = billet_file_display_name (target);

              note_recovery (recovery, BILLET_RECOVERY_KEPT,
                             g_strdup_printf (_("“%s” is a backup Billet cannot use for “%s” "
                                                "(made by an earlier Billet, or for a file since "
                                                "replaced); look at it, then delete it"),
                                              shown, post_shown),
                             path);
            }
          break;

        case BACKUP_UNUSED:
          if (g_unlink (path) == 0 && recovery != NULL)
            recovery->n_removed++;
          break;

        case BACKUP_DONE:
          if (g_unlink (path) == 0)
            {
              g_autofree char *shown = billet_file_display_name (target);

              note_recovery (recovery, BILLET_RECOVERY_COMPLETED,
                             g_strdup_printf (_("A save of “%s” was interrupted after it had "
                                                "written everything: the post holds its new text"),
                                              shown),
                             NULL);
            }
          break;

        case BACKUP_NEEDED:
          {
            struct stat st;
            int writable = open (target, O_RDWR | O_NOFOLLOW | O_CLOEXEC);

            if (writable < 0 || fstat (writable, &st) != 0 || st.st_ino != post->st_ino ||
                !restore_backup (fd, &h, writable, &errsv))
              {
                g_autofree char *shown = billet_file_display_name (target);
                g_autofree char *kept = billet_file_display_name (path);

                if (errsv == 0)
                  errsv = errno != 0 ? errno : EIO;
                if (writable >= 0)
                  close (writable);
                close (fd);
                g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (errsv),
                             /* Translators: the second %s is the system's reason */
                             _("An interrupted save left “%s” half-written, and Billet could not "
                               "put its previous text back (%s); that text is in “%s”"),
                             shown, g_strerror (errsv), kept);
                return FALSE;
              }
            close (writable);
            g_unlink (path);
            sync_folder (folder);
            {
              g_autofree char *shown = billet_file_display_name (target);

              note_recovery (recovery, BILLET_RECOVERY_RESTORED,
                             g_strdup_printf (_("An interrupted save had left “%s” half-written: "
                                                "Billet put its previous text back"), shown),
                             NULL);
            }
          }
          break;

        case BACKUP_DAMAGED:
        default:
          {
            g_autofree char *shown = billet_file_display_name (target);
            g_autofree char *kept = billet_file_display_name (path);

            close (fd);
            g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_IO,
                         _("An interrupted save left “%s” half-written, and its backup “%s” is "
                           "damaged; Billet changed neither"),
                         shown, kept);
            return FALSE;
          }
        }
      close (fd);
    }
  return TRUE;
}

/**
 * billet_recovery_clear:
 * @recovery: a #BilletRecovery
 *
 * Frees what @recovery holds and sets it back to nothing done.
 */
void
billet_recovery_clear (BilletRecovery *recovery)
{
  g_return_if_fail (recovery != NULL);

  g_free (recovery->message);
  g_free (recovery->backup);
  memset (recovery, 0, sizeof *recovery);
}

/**
 * billet_file_recover:
 * @path: a post; a symbolic link is followed
 * @recovery: (out caller-allocates) (optional): what was done; clear it
 *   with billet_recovery_clear()
 * @error: a #GError
 *
 * Settles what an interrupted save of @path left, before the post is read:
 * call it when a post is opened (the command line does for get, set and
 * export; billet_file_write_safely() does before it writes).
 *
 * - Temporary files of a writer that is gone are removed (it never renamed
 *   them over the post, which holds its old text).
 * - A post rewritten in place (it has other hard links) whose writer died
 *   midway holds neither its old text nor its new one: the old text is put
 *   back from the backup, and @recovery says so
 *   (%BILLET_RECOVERY_RESTORED). If the writer had written everything, the
 *   backup goes and @recovery says the post holds the new text
 *   (%BILLET_RECOVERY_COMPLETED).
 * - A backup named after the post that belongs to no file here (an older
 *   Billet's, or made for a file that has since been replaced) is left, and
 *   @recovery names it (%BILLET_RECOVERY_KEPT).
 *
 * This waits (at most seconds) for another Billet that is saving the post.
 * When nothing was left, it costs a look at the post's folder and takes no
 * lock.
 *
 * Returns: %TRUE when the post can be read; %FALSE with @error set when it
 *   was left half-written and its old text could not be put back (the
 *   backup is damaged, the disk is read-only…), or Billet waited too long
 *   for another save
 */
gboolean
billet_file_recover (const char      *path,
                     BilletRecovery  *recovery,
                     GError         **error)
{
  g_autofree char *target = NULL;
  g_autofree char *folder = NULL;
  g_autofree char *base = NULL;
  g_autoptr(GPtrArray) entries = NULL;
  struct stat st;
  gboolean ok;
  int fd;

  g_return_val_if_fail (path != NULL, FALSE);

  if (recovery != NULL)
    memset (recovery, 0, sizeof *recovery);
  if (!(target = billet_file_resolve_links (path, error)))
    return FALSE;
  /* Nothing there, or no post: the reader says what is wrong. */
  if (lstat (target, &st) != 0 || !S_ISREG (st.st_mode))
    return TRUE;

  folder = g_path_get_dirname (target);
  base = g_path_get_basename (target);
  entries = list_own_files (folder, base);
  if (entries->len == 0)
    return TRUE;

  if ((fd = open_post_locked (target, O_RDONLY, &st, error)) < 0)
    return FALSE;
  ok = recover_locked (target, folder, base, fd, &st, recovery, error);
  close (fd);
  return ok;
}

/* Leftovers, for `billet check` */

/**
 * billet_leftover_free:
 * @leftover: (transfer full): a #BilletLeftover
 */
void
billet_leftover_free (BilletLeftover *leftover)
{
  if (leftover == NULL)
    return;
  g_free (leftover->path);
  g_free (leftover->post);
  g_free (leftover);
}

/* The name in @folder of the regular file with inode @inode, if any:
 * @base, the name the backup was made through, when it still is. */
static char *
find_by_inode (const char *folder,
               const char *base,
               guint64     inode)
{
  g_autoptr(GDir) dir = NULL;
  g_autofree char *first = g_build_filename (folder, base, NULL);
  const char *name;
  struct stat st;

  if (lstat (first, &st) == 0 && S_ISREG (st.st_mode) && (guint64) st.st_ino == inode)
    return g_strdup (base);
  dir = g_dir_open (folder, 0, NULL);
  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (folder, name, NULL);

      if (lstat (path, &st) == 0 && S_ISREG (st.st_mode) && (guint64) st.st_ino == inode)
        return g_strdup (name);
    }
  return NULL;
}

/**
 * billet_file_find_leftovers:
 * @folder: a folder
 * @post_name: (nullable): a post's file name in @folder, to look for its
 *   leftovers only; %NULL for all
 *
 * What interrupted saves left in @folder (not in its subfolders), without
 * changing anything: temporary files of writers that are gone, and backups
 * of posts rewritten in place, each said to be needed (its post is
 * half-written), no longer needed, or of no known post. A writer at work
 * right now is left out.
 *
 * Returns: (transfer full) (element-type BilletLeftover): the leftovers,
 *   sorted by name
 */
GPtrArray *
billet_file_find_leftovers (const char *folder,
                            const char *post_name)
{
  GPtrArray *found = g_ptr_array_new_with_free_func ((GDestroyNotify) billet_leftover_free);
  g_autoptr(GPtrArray) entries = NULL;

  g_return_val_if_fail (folder != NULL, found);

  entries = list_own_files (folder, post_name);
  for (guint i = 0; i < entries->len; i++)
    {
      OwnEntry *entry = g_ptr_array_index (entries, i);
      g_autofree char *path = g_build_filename (folder, entry->name, NULL);
      BilletLeftover *leftover;
      BackupHeader h;
      struct stat st;
      int fd = open (path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);

      if (fd < 0 || fstat (fd, &st) != 0 || !S_ISREG (st.st_mode))
        {
          if (fd >= 0)
            close (fd);
          continue;
        }

      leftover = g_new0 (BilletLeftover, 1);
      leftover->path = g_steal_pointer (&path);
      leftover->size = (guint64) st.st_size;

      if (entry->kind != OWN_BACKUP)
        {
          /* A temporary file whose writer holds its lock is at work. */
          if (entry->kind == OWN_TEMPORARY && try_lock (fd) == 0)
            {
              billet_leftover_free (leftover);
              close (fd);
              continue;
            }
          leftover->kind = BILLET_LEFTOVER_TEMPORARY;
          leftover->post = g_build_filename (folder, entry->base, NULL);
          leftover->post_exists = g_file_test (leftover->post, G_FILE_TEST_IS_REGULAR);
        }
      else
        {
          g_autofree char *name = NULL;
          BackupState state = BACKUP_FOREIGN;

          leftover->kind = BILLET_LEFTOVER_BACKUP_UNKNOWN;
          if (read_backup_header (fd, &h) && (name = find_by_inode (folder, entry->base, h.inode)) != NULL)
            {
              g_autofree char *post = g_build_filename (folder, name, NULL);
              struct stat post_st;
              int errsv = 0;
              int post_fd = open (post, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
              int locked = post_fd >= 0 ? try_lock (post_fd) : -1;

              /* The post's lock taken: its writer is at work. */
              if (locked == 0)
                {
                  close (post_fd);
                  billet_leftover_free (leftover);
                  close (fd);
                  continue;
                }
              if (post_fd >= 0 && fstat (post_fd, &post_st) == 0 &&
                  inspect_backup (fd, &h, post_fd, &post_st, &state, &errsv))
                {
                  if (state == BACKUP_NEEDED)
                    leftover->kind = BILLET_LEFTOVER_BACKUP_NEEDED;
                  else if (state == BACKUP_DONE || state == BACKUP_UNUSED)
                    leftover->kind = BILLET_LEFTOVER_BACKUP_UNNEEDED;
                }
              if (leftover->kind != BILLET_LEFTOVER_BACKUP_UNKNOWN)
                {
                  leftover->post = g_steal_pointer (&post);
                  leftover->post_exists = TRUE;
                }
              if (post_fd >= 0)
                close (post_fd);
            }
          if (leftover->post == NULL)
            {
              leftover->post = g_build_filename (folder, entry->base, NULL);
              leftover->post_exists = g_file_test (leftover->post, G_FILE_TEST_IS_REGULAR);
            }
        }
      close (fd);

      /* Asked about one post: its own backups only, whatever their names. */
      if (post_name != NULL)
        {
          g_autofree char *name = g_path_get_basename (leftover->post);

          if (!same_base (name, post_name) && !g_str_equal (name, post_name))
            {
              billet_leftover_free (leftover);
              continue;
            }
        }
      g_ptr_array_add (found, leftover);
    }
  return found;
}

static gboolean
write_replacing (const char         *target,
                 const struct stat  *original,
                 const char         *data,
                 gsize               len,
                 GError            **error)
{
  g_autofree char *folder = g_path_get_dirname (target);
  g_autofree char *base = g_path_get_basename (target);
  OwnFile temporary = OWN_FILE_INIT;
  gboolean in_folder = FALSE;
  int errsv = 0;

  /* Private until it has the original's owner and mode. A new file gets
   * 0666 less the umask, as any program's. */
  if (!own_file_create (&temporary, folder, base, original ? 0600 : 0666, &errsv))
    return set_write_error (error, errsv, target, TRUE);

  if (!write_all (temporary.fd, data, len, 0, &errsv))
    goto failed;

  if (original != NULL)
    {
      /* Only root may give a file away; anyone may give it a group of
       * theirs. A user outside the post's group cannot keep it (EPERM):
       * the post then takes the user's group, as with any editor. The
       * owner comes first, since chown() clears set-id bits. */
      if (fchown (temporary.fd, geteuid () == 0 ? original->st_uid : (uid_t) -1,
                  original->st_gid) != 0 &&
          errno != EPERM)
        {
          errsv = errno;
          goto failed;
        }
      if (fchmod (temporary.fd, original->st_mode & 07777) != 0)
        {
          errsv = errno;
          goto failed;
        }
      /* After the mode: an ACL (system.posix_acl_access) adjusts it. */
      if (!copy_xattrs (target, temporary.fd, &errsv))
        goto failed;
    }

  /* fsync() reports late write errors, NFS's included; the descriptor stays
   * open, and the file locked, until it is renamed. */
  if (fsync (temporary.fd) != 0)
    {
      errsv = errno;
      goto failed;
    }
  in_folder = TRUE;
  if (!own_file_name (&temporary, folder, base, TEMPORARY_TAG, &errsv))
    goto failed;
  if (rename (temporary.path, target) != 0)
    {
      errsv = errno;
      goto failed;
    }
  g_clear_pointer (&temporary.path, g_free);
  close (temporary.fd);
  sync_folder (folder);
  return TRUE;

failed:
  own_file_discard (&temporary);
  return set_write_error (error, errsv, target, in_folder);
}

/* The post has other hard links: rewrite its inode, behind a backup.
 * @post is the post's descriptor that holds its lock. */
static gboolean
write_in_place (const char         *target,
                const struct stat  *post,
                const char         *data,
                gsize               len,
                GError            **error)
{
  g_autofree char *folder = g_path_get_dirname (target);
  g_autofree char *base = g_path_get_basename (target);
  g_autofree char *header = NULL;
  g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);
  g_autofree char *new_sha = g_compute_checksum_for_data (G_CHECKSUM_SHA256,
                                                          (const guchar *) data, len);
  OwnFile backup = OWN_FILE_INIT;
  BackupHeader h = { 0 };
  struct stat st;
  int errsv = 0;
  int fd;

  fd = open (target, O_RDWR | O_CLOEXEC | O_NOFOLLOW);
  if (fd < 0)
    return set_write_error (error, errno, target, FALSE);
  if (fstat (fd, &st) != 0 || st.st_ino != post->st_ino || st.st_dev != post->st_dev)
    {
      errsv = errno != 0 ? errno : EAGAIN;
      close (fd);
      return set_write_error (error, errsv, target, FALSE);
    }

  /* 1. A complete, durable copy of the post, with what the write will
   * make of it, under a backup's name before any byte of it changes. */
  h.inode = (guint64) st.st_ino;
  h.old_size = (guint64) st.st_size;
  h.new_size = len;
  g_strlcpy (h.new_sha, new_sha, sizeof h.new_sha);
  header = format_backup_header (&h);
  h.header_len = strlen (header);
  if (!own_file_create (&backup, folder, base, 0600, &errsv))
    {
      close (fd);
      return set_write_error (error, errsv, target, TRUE);
    }
  if (!copy_range (fd, 0, backup.fd, (off_t) h.header_len, st.st_size, checksum, &errsv))
    goto untouched;
  g_strlcpy (h.old_sha, g_checksum_get_string (checksum), sizeof h.old_sha);
  g_free (header);
  header = format_backup_header (&h);
  g_assert (strlen (header) == h.header_len);
  if (!write_all (backup.fd, header, h.header_len, 0, &errsv))
    goto untouched;
  if (fsync (backup.fd) != 0)
    {
      errsv = errno;
      goto untouched;
    }
  if (!own_file_name (&backup, folder, base, BACKUP_TAG, &errsv))
    goto untouched;
  sync_folder (folder);

  /* 2. Room for the new bytes, so that a full disk stops us here. File
   * systems without fallocate() go on: the backup still covers them. */
  if ((off_t) len > st.st_size &&
      fallocate (fd, FALLOC_FL_KEEP_SIZE, st.st_size, (off_t) len - st.st_size) != 0 &&
      errno != EOPNOTSUPP && errno != ENOSYS && errno != EINVAL)
    {
      errsv = errno;
      /* Give back what was reserved past the end. */
      if (ftruncate (fd, st.st_size) != 0)
        g_debug ("Could not trim %s: %s", target, g_strerror (errno));
      goto untouched;
    }

  /* 3. The new bytes. From here until the backup goes, a writer killed
   * midway leaves the post half-written: billet_file_recover() puts the
   * old text back. */
  if (!write_all (fd, data, len, 0, &errsv))
    goto restore;
  if (ftruncate (fd, (off_t) len) != 0 || fsync (fd) != 0)
    {
      errsv = errno;
      goto restore;
    }

  own_file_discard (&backup);
  close (fd);
  sync_folder (folder);
  return TRUE;

restore:
  {
    int restore_errsv = 0;

    if (!restore_backup (backup.fd, &h, fd, &restore_errsv))
      {
        g_autofree char *where = display_path (target);
        g_autofree char *kept = display_path (backup.path);

        /* The backup stays, where the next open finds it. */
        close (backup.fd);
        g_free (backup.path);
        close (fd);
        g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (errsv),
                     /* Translators: the second %s is the system's reason */
                     _("Could not save “%s” (%s), nor put its previous content back: "
                       "that content is in “%s”"),
                     where, g_strerror (errsv), kept);
        return FALSE;
      }
  }

untouched:
  own_file_discard (&backup);
  close (fd);
  return set_write_error (error, errsv, target, FALSE);
}

/* A name that ends with “/” can only be a folder's: refused before its
 * parent is taken for the folder to write in (which would make a wrong
 * message, or a folder where a file was meant). */
static gboolean
check_not_folder_name (const char  *path,
                       GError     **error)
{
  gsize len = strlen (path);

  if (len == 0)
    {
      g_set_error_literal (error, G_FILE_ERROR, G_FILE_ERROR_NOENT, _("The file name is empty"));
      return FALSE;
    }
  if (path[len - 1] == G_DIR_SEPARATOR)
    {
      g_autofree char *where = billet_file_display_name (path);

      g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_ISDIR,
                   _("“%s” ends with “/”, as a folder's name does; give the name of a file"), where);
      return FALSE;
    }
  return TRUE;
}

/**
 * billet_file_check_writable:
 * @path: where a file is to be written; a symbolic link is followed
 *
 * Whether billet_file_write_safely() can put a file at @path, as far as
 * can be told without writing: @path is not a folder's name, names a
 * regular file or nothing, and its folder exists and lets us create files.
 * For callers with work to do before they write (rendering a page), so that
 * a bad name fails at once and before anything is created.
 *
 * Returns: %TRUE, or %FALSE with @error set (%G_FILE_ERROR)
 */
gboolean
billet_file_check_writable (const char  *path,
                            GError     **error)
{
  g_autofree char *target = NULL;
  g_autofree char *folder = NULL;
  struct stat st;

  g_return_val_if_fail (path != NULL, FALSE);

  if (!check_not_folder_name (path, error) ||
      !(target = billet_file_resolve_links (path, error)) ||
      !check_not_folder_name (target, error))
    return FALSE;

  if (stat (target, &st) == 0)
    {
      if (!S_ISREG (st.st_mode))
        {
          g_autofree char *where = display_path (target);

          if (S_ISDIR (st.st_mode))
            g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_ISDIR, _("“%s” is a folder"), where);
          else
            g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_INVAL,
                         _("“%s” is not a regular file; Billet does not write to it"), where);
          return FALSE;
        }
      if (access (target, W_OK) != 0)
        return set_write_error (error, errno, target, FALSE);
      return TRUE;
    }
  if (errno != ENOENT)
    return set_write_error (error, errno, target, FALSE);

  folder = g_path_get_dirname (target);
  if (stat (folder, &st) != 0)
    return set_write_error (error, errno, target, TRUE);
  if (!S_ISDIR (st.st_mode))
    return set_write_error (error, ENOTDIR, target, TRUE);
  if (access (folder, W_OK | X_OK) != 0)
    return set_write_error (error, errno, target, TRUE);
  return TRUE;
}

/**
 * billet_file_write_safely:
 * @path: the file to write; a symbolic link is followed (and kept)
 * @data: (array length=len): the new contents
 * @len: their length
 * @flags: #BilletWriteFlags
 *
 * Replaces the contents of @path with @data so that, whatever fails — a
 * full disk, a quota, a read-only disk or folder —, the file holds its old
 * bytes, and killed at any point, the writer leaves the old bytes or the new
 * ones, never nothing. A post with other hard links is the one exception: a
 * writer killed while it rewrites it leaves a mix, which the next
 * billet_file_recover() or save of the post undoes from the backup. Its
 * mode, owner and group (as far as the system allows), extended attributes
 * and other hard links are kept. See the top of this file for how.
 *
 * Another Billet saving the same post is waited for (seconds at most), and
 * what an interrupted save left is settled first, as billet_file_recover()
 * does.
 *
 * Writing zero bytes over a non-empty file is refused unless @flags has
 * %BILLET_WRITE_ALLOW_EMPTY.
 *
 * Returns: %TRUE on success; on failure the file is unchanged, no
 *   temporary file is left, and @error (%G_FILE_ERROR) says what happened
 *   and where
 */
gboolean
billet_file_write_safely (const char        *path,
                          const char        *data,
                          gsize              len,
                          BilletWriteFlags   flags,
                          GError           **error)
{
  g_autofree char *target = NULL;
  g_autofree char *folder = NULL;
  g_autofree char *base = NULL;
  g_autoptr(GError) recover_error = NULL;
  struct stat st;
  gboolean ok;
  int fd;

  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (data != NULL || len == 0, FALSE);

  if (!check_not_folder_name (path, error) ||
      !(target = billet_file_resolve_links (path, error)) ||
      !check_not_folder_name (target, error))
    return FALSE;

  if (stat (target, &st) != 0)
    {
      g_autoptr(GPtrArray) entries = NULL;

      if (errno != ENOENT)
        return set_write_error (error, errno, target, FALSE);

      /* A new file: dead writers' temporary files of that name go first. */
      folder = g_path_get_dirname (target);
      base = g_path_get_basename (target);
      entries = list_own_files (folder, base);
      for (guint i = 0; i < entries->len; i++)
        {
          OwnEntry *entry = g_ptr_array_index (entries, i);
          g_autofree char *own = g_build_filename (folder, entry->name, NULL);

          if (entry->kind != OWN_BACKUP)
            remove_if_stale (own, entry->kind);
        }
      return write_replacing (target, NULL, data, len, error);
    }

  if (S_ISDIR (st.st_mode))
    {
      g_autofree char *where = display_path (target);

      g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_ISDIR, _("“%s” is a folder"), where);
      return FALSE;
    }
  if (!S_ISREG (st.st_mode))
    {
      g_autofree char *where = display_path (target);

      g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_INVAL,
                   _("“%s” is not a regular file; Billet does not write to it"), where);
      return FALSE;
    }
  if (len == 0 && st.st_size > 0 && !(flags & BILLET_WRITE_ALLOW_EMPTY))
    {
      g_autofree char *where = display_path (target);

      g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_INVAL,
                   _("Billet refused to replace “%s” with an empty file"), where);
      return FALSE;
    }
  /* A post made read-only is kept so, even though its folder would let a
   * rename replace it. */
  if (access (target, W_OK) != 0)
    return set_write_error (error, errno, target, FALSE);

  /* Our turn with this post; then what an interrupted save left is
   * settled, so that a new backup never copies a half-written post. */
  if ((fd = open_post_locked (target, O_RDONLY, &st, error)) < 0)
    return FALSE;
  folder = g_path_get_dirname (target);
  base = g_path_get_basename (target);
  if (!recover_locked (target, folder, base, fd, &st, NULL, &recover_error))
    {
      /* Replaced, the post gets a new inode, which no old backup is for;
       * rewritten in place, it keeps its inode, and the backup that could
       * not be used would one day be taken for this save's. */
      if (st.st_nlink > 1)
        {
          close (fd);
          g_propagate_error (error, g_steal_pointer (&recover_error));
          return FALSE;
        }
      g_debug ("Saving %s over what an interrupted save left: %s", target, recover_error->message);
    }

  if (st.st_nlink > 1)
    ok = write_in_place (target, &st, data, len, error);
  else
    ok = write_replacing (target, &st, data, len, error);
  close (fd);
  return ok;
}
