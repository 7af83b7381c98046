/* billet-value.c — what an author types, as the value of a front-matter key
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The form's rows and `billet set` take the same text the same way: a key
 * keeps the kind it has (a date stays a date, a list a list), a boolean
 * may be typed as yes/no or oui/non, a date is checked against the
 * calendar and the clock before anything is written, a number must be one
 * both YAML 1.1 and 1.2 read alike. How the value is then written (quotes,
 * style) is the splice's business (billet-front-matter-splice.c).
 */

#define G_LOG_DOMAIN "Billet"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "billet-js-date.h"
#include "billet-value.h"

G_DEFINE_QUARK (billet-value-error-quark, billet_value_error)

/**
 * billet_value_kind_for_key:
 * @node: (nullable): the key's value as it is, %NULL for a new key
 * @kind: (out): the kind a typed value takes: the one the key has (a
 *   boolean, a number, a date, a list), a string otherwise
 *
 * Returns: %FALSE with %BILLET_VALUE_ERROR_NOT_EDITABLE for a group of
 *   keys or YAML that Billet does not edit (anchors, aliases, tags)
 */
gboolean
billet_value_kind_for_key (const BilletNode  *node,
                           BilletNodeKind    *kind,
                           GError           **error)
{
  g_return_val_if_fail (kind != NULL, FALSE);

  *kind = BILLET_NODE_STRING;
  if (node == NULL)
    return TRUE;

  switch (billet_node_get_kind (node))
    {
    case BILLET_NODE_BOOLEAN:
    case BILLET_NODE_NUMBER:
    case BILLET_NODE_DATE:
    case BILLET_NODE_DATETIME:
    case BILLET_NODE_LIST:
      *kind = billet_node_get_kind (node);
      return TRUE;

    case BILLET_NODE_MAP:
      g_set_error (error, BILLET_VALUE_ERROR, BILLET_VALUE_ERROR_NOT_EDITABLE,
                   _("“%s” is a group of keys; set one of them, as in %s.title"),
                   billet_node_get_key (node), billet_node_get_key (node));
      return FALSE;

    case BILLET_NODE_OTHER:
      if (billet_node_get_syntax (node) == BILLET_SYNTAX_TOML)
        g_set_error (error, BILLET_VALUE_ERROR, BILLET_VALUE_ERROR_NOT_EDITABLE,
                     _("“%s” holds a time of day or a text with a NUL, which Billet does not edit; edit the file by hand"),
                     billet_node_get_key (node));
      else
        g_set_error (error, BILLET_VALUE_ERROR, BILLET_VALUE_ERROR_NOT_EDITABLE,
                     _("“%s” uses YAML that Billet does not edit (an anchor, alias or tag); edit the file by hand"),
                     billet_node_get_key (node));
      return FALSE;

    case BILLET_NODE_NULL:
    case BILLET_NODE_STRING:
    default:
      return TRUE;
    }
}

/**
 * billet_value_from_user:
 * @kind: the kind the key takes (billet_value_kind_for_key()); not a list
 * @typed: what the author typed
 * @written_kind: (out) (optional): the kind to write: a date typed with a
 *   time is a %BILLET_NODE_DATETIME, and the other way round
 *
 * Returns: (transfer full) (nullable): the text to write — “true” or
 *   “false” for a boolean, without surrounding spaces for a number or a
 *   date, as typed for a text —, or %NULL with %BILLET_VALUE_ERROR_INVALID
 *   and a message that says what was expected
 */
char *
billet_value_from_user (BilletNodeKind   kind,
                        const char      *typed,
                        BilletNodeKind  *written_kind,
                        GError         **error)
{
  g_autofree char *value = NULL;

  g_return_val_if_fail (typed != NULL, NULL);
  g_return_val_if_fail (kind != BILLET_NODE_LIST && kind != BILLET_NODE_MAP, NULL);

  switch (kind)
    {
    case BILLET_NODE_BOOLEAN:
      {
        gboolean b;

        value = g_strstrip (g_strdup (typed));
        if (!billet_value_parse_user_boolean (value, &b))
          {
            g_set_error (error, BILLET_VALUE_ERROR, BILLET_VALUE_ERROR_INVALID,
                         _("“%s” is neither true nor false"), typed);
            return NULL;
          }
        g_free (value);
        value = g_strdup (b ? "true" : "false");
      }
      break;

    case BILLET_NODE_DATE:
    case BILLET_NODE_DATETIME:
      value = g_strstrip (g_strdup (typed));
      if (billet_value_is_date (value) && billet_value_is_valid_date (value))
        kind = BILLET_NODE_DATE;
      else if (billet_value_is_datetime (value) && billet_value_is_valid_date (value))
        kind = BILLET_NODE_DATETIME;
      else
        {
          g_set_error (error, BILLET_VALUE_ERROR, BILLET_VALUE_ERROR_INVALID,
                       _("“%s” is not a date like 2024-03-01 or 2024-03-01T10:00:00+01:00"), typed);
          return NULL;
        }
      break;

    case BILLET_NODE_NUMBER:
      value = g_strstrip (g_strdup (typed));
      if (!billet_value_is_number (value))
        {
          g_set_error (error, BILLET_VALUE_ERROR, BILLET_VALUE_ERROR_INVALID,
                       _("“%s” is not a number"), typed);
          return NULL;
        }
      break;

    case BILLET_NODE_NULL:
    case BILLET_NODE_STRING:
    case BILLET_NODE_LIST:
    case BILLET_NODE_MAP:
    case BILLET_NODE_OTHER:
    default:
      kind = BILLET_NODE_STRING;
      value = g_strdup (typed);
      break;
    }

  if (written_kind != NULL)
    *written_kind = kind;
  return g_steal_pointer (&value);
}

/**
 * billet_value_date_text_from_user:
 * @typed: what the author typed for a date that the front matter holds
 *   as a string (`pubDate: 'Jul 08 2022'`, `date: "2024-06-18"`)
 *
 * Such a date is whatever the generator reads as one: a YAML or TOML date
 * (billet_value_is_date(), billet_value_is_datetime()) or a date as
 * JavaScript's Date reads it, which Astro's collections take
 * (billet-js-date.c: "Jul 08 2022", "July 8, 2022", "2022-07-08T10:00").
 *
 * Returns: (transfer full) (nullable): the text to write, without
 *   surrounding spaces, or %NULL with %BILLET_VALUE_ERROR_INVALID
 */
char *
billet_value_date_text_from_user (const char  *typed,
                                  GError     **error)
{
  g_autofree char *value = NULL;
  BilletJsDate js;

  g_return_val_if_fail (typed != NULL, NULL);

  value = g_strstrip (g_strdup (typed));
  if (((billet_value_is_date (value) || billet_value_is_datetime (value)) &&
       billet_value_is_valid_date (value)) ||
      billet_js_date_parse (value, &js))
    return g_steal_pointer (&value);
  g_set_error (error, BILLET_VALUE_ERROR, BILLET_VALUE_ERROR_INVALID,
               _("“%s” is not a date like 2024-03-01, Jul 08 2022 or July 8, 2022"), typed);
  return NULL;
}

static gboolean
parse_digits (const char **p,
              guint        max_digits,
              guint       *value)
{
  guint n = 0;

  *value = 0;
  while (n < max_digits && g_ascii_isdigit ((*p)[n]))
    *value = *value * 10 + (guint) ((*p)[n++] - '0');
  *p += n;
  return n > 0;
}

/**
 * billet_value_is_valid_date:
 * @text: a date or date and time, as billet_value_is_date() or
 *   billet_value_is_datetime() accepts
 *
 * Those check the shape only, as YAML's timestamp does; an author who
 * types 2024-13-01, 2024-02-30 or 25:00 made a mistake, so the calendar
 * and the clock are checked before anything is written.
 *
 * Returns: whether the day exists and the time is one
 */
gboolean
billet_value_is_valid_date (const char *text)
{
  const char *p = text;
  guint year, month, day, hour, minute, second, off_hour = 0, off_minute = 0;

  g_return_val_if_fail (text != NULL, FALSE);

  if (!parse_digits (&p, 4, &year) || *p++ != '-' ||
      !parse_digits (&p, 2, &month) || *p++ != '-' ||
      !parse_digits (&p, 2, &day))
    return FALSE;
  if (year < 1 || month < 1 || month > 12 || day < 1 ||
      !g_date_valid_dmy ((GDateDay) day, (GDateMonth) month, (GDateYear) year))
    return FALSE;
  if (*p == 0)
    return TRUE;

  if (*p == 'T' || *p == 't')
    p++;
  else
    p += strspn (p, " \t");
  if (!parse_digits (&p, 2, &hour) || *p++ != ':' ||
      !parse_digits (&p, 2, &minute) || *p++ != ':' ||
      !parse_digits (&p, 2, &second))
    return FALSE;
  if (hour > 23 || minute > 59 || second > 60)  /* 60: a leap second */
    return FALSE;
  if (*p == '.')
    p += 1 + strspn (p + 1, "0123456789");
  p += strspn (p, " \t");
  if (*p == 'Z' || *p == 'z')
    return TRUE;
  if (*p == '+' || *p == '-')
    {
      p++;
      if (!parse_digits (&p, 2, &off_hour))
        return FALSE;
      if (*p == ':')
        p++;
      if (*p != 0 && !parse_digits (&p, 2, &off_minute))
        return FALSE;
      if (off_hour > 23 || off_minute > 59)
        return FALSE;
    }
  return TRUE;
}

/**
 * billet_value_parse_user_boolean:
 * @value: (out): what @text means
 *
 * What an author may type for a boolean: true/false, yes/no, on/off, 1/0,
 * y/n, and in French oui/non, vrai/faux, in any case.
 *
 * Returns: whether @text is one of them
 */
gboolean
billet_value_parse_user_boolean (const char *text,
                                 gboolean   *value)
{
  static const char *yes[] = { "true", "yes", "on", "1", "y", "oui", "vrai" };
  static const char *no[] = { "false", "no", "off", "0", "n", "non", "faux" };

  g_return_val_if_fail (text != NULL, FALSE);

  for (guint i = 0; i < G_N_ELEMENTS (yes); i++)
    {
      if (g_ascii_strcasecmp (text, yes[i]) == 0)
        {
          *value = TRUE;
          return TRUE;
        }
      if (g_ascii_strcasecmp (text, no[i]) == 0)
        {
          *value = FALSE;
          return TRUE;
        }
    }
  return FALSE;
}

/**
 * billet_value_parse_user_list:
 * @values: (array length=n_values): what the author typed
 *
 * A list value: several values, each an item; or one, read as a YAML flow
 * sequence (“[a, b]”) or as items separated by commas.
 *
 * Returns: (transfer full) (nullable): the items, or %NULL when a flow
 *   sequence is not a list of texts
 */
GStrv
billet_value_parse_user_list (const char * const *values,
                              gsize               n_values)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  if (n_values == 1)
    {
      g_autofree char *text = g_strstrip (g_strdup (values[0]));

      if (text[0] == '[')
        {
          g_autofree char *yaml = g_strconcat ("v: ", text, "\n", NULL);
          g_autoptr(BilletFrontMatter) fm = billet_front_matter_parse (yaml, strlen (yaml), 1,
                                                                       NULL, NULL, NULL);
          const BilletNode *node = fm ? billet_front_matter_lookup (fm, "v") : NULL;

          if (node == NULL || !billet_node_is_string_list (node))
            return NULL;
          return billet_node_dup_strv (node);
        }

      {
        g_auto(GStrv) parts = g_strsplit (text, ",", -1);

        for (guint i = 0; parts[i] != NULL; i++)
          {
            g_strstrip (parts[i]);
            if (parts[i][0] != 0)
              g_strv_builder_add (builder, parts[i]);
          }
      }
      return g_strv_builder_end (builder);
    }

  for (gsize i = 0; i < n_values; i++)
    g_strv_builder_add (builder, values[i]);
  return g_strv_builder_end (builder);
}
