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
 *   post's own folder (same disk, so the rename is atomic), created with
 *   O_EXCL, written in full, given the original's owner, group, mode and
 *   extended attributes, fsync()ed, closed (NFS reports late write errors
 *   there), and only then renamed over the post; then the folder is synced
 *   so the rename itself survives a crash.
 *
 * - In place (the post has other hard links): a rename would cut the file
 *   from its other names, so the post's own inode is rewritten — but only
 *   once a complete copy of it sits, fsync()ed, in a backup file beside it.
 *   Room for the new size is reserved first (fallocate), so that a full
 *   disk fails before a single byte of the post changes; any later failure
 *   copies the backup back. Only if that restore fails too is the backup
 *   left on disk, and the error names it.
 *
 * Either way a failure leaves the post byte-identical and no temporary file
 * behind, and the GError says what happened and where, in the author's
 * words ("No space left on the disk holding …"), with a G_FILE_ERROR code
 * from errno.
 *
 * This file uses GLib and POSIX only: the command line links no GIO.
 */

#define _GNU_SOURCE   /* fallocate() and FALLOC_FL_KEEP_SIZE */

#define G_LOG_DOMAIN "Billet"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/xattr.h>
#include <unistd.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "billet-file.h"
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

  /* Before opening: opening a device can do things (a tape rewinds). */
  if (stat (path, &st) != 0)
    return set_read_error (error, errno, path);
  if (!S_ISREG (st.st_mode))
    return set_not_regular_error (error, st.st_mode, path);

  /* O_NONBLOCK: should a named pipe take the file's place meanwhile, the
   * open must not wait for a writer; fstat() then tells. */
  fd = open (path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
  if (fd < 0)
    return set_read_error (error, errno, path);
  if (fstat (fd, &st) != 0)
    {
      int errsv = errno;

      close (fd);
      return set_read_error (error, errsv, path);
    }
  if (!S_ISREG (st.st_mode))
    {
      close (fd);
      return set_not_regular_error (error, st.st_mode, path);
    }
  if ((guint64) st.st_size > max_size)
    {
      g_autofree char *where = billet_file_display_name (path);
      g_autofree char *size = g_format_size_full ((guint64) st.st_size, G_FORMAT_SIZE_IEC_UNITS);
      g_autofree char *limit = g_format_size_full (max_size, G_FORMAT_SIZE_IEC_UNITS);

      close (fd);
      g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_FAILED,
                   /* Translators: “post.md” is too large for a post (2.0 GiB); … up to 64.0 MiB */
                   _("“%s” is too large for a post (%s); Billet reads posts of up to %s"),
                   where, size, limit);
      return FALSE;
    }
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

static gboolean
write_all (int         fd,
           const char *data,
           gsize       len,
           off_t       offset,
           int        *errsv)
{
  while (len > 0)
    {
      ssize_t n = pwrite (fd, data, MIN (len, (gsize) 1 << 30), offset);

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

/* Copies @len bytes from the start of @from to the start of @to. */
static gboolean
copy_contents (int    from,
               int    to,
               off_t  len,
               int   *errsv)
{
  g_autofree char *buffer = g_malloc (64 * 1024);
  off_t done = 0;

  while (done < len)
    {
      ssize_t n = pread (from, buffer, MIN (64 * 1024, len - done), done);

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
      if (!write_all (to, buffer, (gsize) n, done, errsv))
        return FALSE;
      done += n;
    }
  return TRUE;
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

/* A name in @target's folder for a file of Billet's own: hidden, so that
 * folder views and `billet check` pass it by, and short enough to fit. */
static char *
sibling_template (const char *target,
                  const char *suffix)
{
  g_autofree char *folder = g_path_get_dirname (target);
  g_autofree char *base = g_path_get_basename (target);
  g_autofree char *name = NULL;

  if (strlen (base) > 200)
    base[200] = 0;
  name = g_strdup_printf (".%s.%sXXXXXX", base, suffix);
  return g_build_filename (folder, name, NULL);
}

static gboolean
write_replacing (const char         *target,
                 const struct stat  *original,
                 const char         *data,
                 gsize               len,
                 GError            **error)
{
  g_autofree char *folder = g_path_get_dirname (target);
  g_autofree char *temporary = sibling_template (target, "");
  gboolean in_folder = FALSE;
  int errsv = 0;
  int fd;

  /* Private until it has the original's owner and mode. A new file gets
   * 0666 less the umask, as any program's. */
  fd = g_mkstemp_full (temporary, O_RDWR | O_CLOEXEC, original ? 0600 : 0666);
  if (fd < 0)
    return set_write_error (error, errno, target, TRUE);

  if (!write_all (fd, data, len, 0, &errsv))
    goto failed;

  if (original != NULL)
    {
      /* Only root may give a file away; anyone may give it a group of
       * theirs. A user outside the post's group cannot keep it (EPERM):
       * the post then takes the user's group, as with any editor. The
       * owner comes first, since chown() clears set-id bits. */
      if (fchown (fd, geteuid () == 0 ? original->st_uid : (uid_t) -1, original->st_gid) != 0 &&
          errno != EPERM)
        {
          errsv = errno;
          goto failed;
        }
      if (fchmod (fd, original->st_mode & 07777) != 0)
        {
          errsv = errno;
          goto failed;
        }
      /* After the mode: an ACL (system.posix_acl_access) adjusts it. */
      if (!copy_xattrs (target, fd, &errsv))
        goto failed;
    }

  if (fsync (fd) != 0)
    {
      errsv = errno;
      goto failed;
    }
  if (close (fd) != 0)
    {
      fd = -1;
      errsv = errno;
      goto failed;
    }
  fd = -1;

  if (rename (temporary, target) != 0)
    {
      errsv = errno;
      in_folder = TRUE;
      goto failed;
    }
  sync_folder (folder);
  return TRUE;

failed:
  if (fd >= 0)
    close (fd);
  g_unlink (temporary);
  return set_write_error (error, errsv, target, in_folder);
}

/* The post has other hard links: rewrite its inode, behind a backup. */
static gboolean
write_in_place (const char  *target,
                const char  *data,
                gsize        len,
                GError     **error)
{
  g_autofree char *folder = g_path_get_dirname (target);
  g_autofree char *backup = sibling_template (target, "billet-backup-");
  struct stat st;
  int errsv = 0;
  int fd, backup_fd;
  off_t old_size;

  fd = open (target, O_RDWR | O_CLOEXEC | O_NOFOLLOW);
  if (fd < 0)
    return set_write_error (error, errno, target, FALSE);
  if (fstat (fd, &st) != 0)
    {
      errsv = errno;
      close (fd);
      return set_write_error (error, errsv, target, FALSE);
    }
  old_size = st.st_size;

  /* 1. A complete, durable copy of the post before any byte of it changes. */
  backup_fd = g_mkstemp_full (backup, O_RDWR | O_CLOEXEC, 0600);
  if (backup_fd < 0)
    {
      errsv = errno;
      close (fd);
      return set_write_error (error, errsv, target, TRUE);
    }
  if (!copy_contents (fd, backup_fd, old_size, &errsv) || fsync (backup_fd) != 0)
    {
      if (errsv == 0)
        errsv = errno;
      goto untouched;
    }
  sync_folder (folder);

  /* 2. Room for the new bytes, so that a full disk stops us here. File
   * systems without fallocate() go on: the backup still covers them. */
  if ((off_t) len > old_size &&
      fallocate (fd, FALLOC_FL_KEEP_SIZE, old_size, (off_t) len - old_size) != 0 &&
      errno != EOPNOTSUPP && errno != ENOSYS && errno != EINVAL)
    {
      errsv = errno;
      /* Give back what was reserved past the end. */
      if (ftruncate (fd, old_size) != 0)
        g_debug ("Could not trim %s: %s", target, g_strerror (errno));
      goto untouched;
    }

  /* 3. The new bytes. */
  if (!write_all (fd, data, len, 0, &errsv))
    goto restore;
  if (ftruncate (fd, (off_t) len) != 0 || fsync (fd) != 0)
    {
      errsv = errno;
      goto restore;
    }

  close (backup_fd);
  g_unlink (backup);
  close (fd);
  sync_folder (folder);
  return TRUE;

restore:
  {
    int restore_errsv = 0;

    if (!copy_contents (backup_fd, fd, old_size, &restore_errsv) ||
        ftruncate (fd, old_size) != 0 || fsync (fd) != 0)
      {
        g_autofree char *where = display_path (target);
        g_autofree char *kept = display_path (backup);

        close (backup_fd);
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
  close (backup_fd);
  g_unlink (backup);
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
 * full disk, a quota, a read-only disk or folder, a crash —, the file holds
 * either its old bytes or the new ones, never a mix and never nothing. Its
 * mode, owner and group (as far as the system allows), extended attributes
 * and other hard links are kept. See the top of this file for how.
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
  struct stat st;

  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (data != NULL || len == 0, FALSE);

  if (!check_not_folder_name (path, error) ||
      !(target = billet_file_resolve_links (path, error)) ||
      !check_not_folder_name (target, error))
    return FALSE;

  if (stat (target, &st) != 0)
    {
      if (errno != ENOENT)
        return set_write_error (error, errno, target, FALSE);
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

  if (st.st_nlink > 1)
    return write_in_place (target, data, len, error);
  return write_replacing (target, &st, data, len, error);
}
