/* billet-parse-messages.c — libyaml's and toml++'s problem texts in the user's language
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Both parsers describe a problem in English, and a French message must not
 * carry an English half. Their lists are finite: every problem and context
 * string of libyaml 0.2.5 (reader.c, scanner.c, parser.c) and every reason
 * toml++ 3.3 builds in parser.inl are below, each with a message of ours. A
 * text not in the lists (a newer parser) is shown as the parser gave it.
 *
 * The msgids are the parsers' own texts, so an English message reads as
 * before; the translator comments say what they mean to an author.
 */

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "billet-parse-messages.h"

static const char *const yaml_problems[] = {
  /* Translators: a YAML problem (libyaml's text); a "flow"/"block" node is a
   * bracketed/indented value */
  N_("block sequence entries are not allowed in this context"),
  N_("control characters are not allowed"),
  N_("could not find expected ':'"),
  N_("could not find expected directive name"),
  N_("did not find URI escaped octet"),
  N_("did not find expected '!'"),
  N_("did not find expected ',' or ']'"),
  N_("did not find expected ',' or '}'"),
  N_("did not find expected '-' indicator"),
  N_("did not find expected <document start>"),
  N_("did not find expected <stream-start>"),
  N_("did not find expected alphabetic or numeric character"),
  N_("did not find expected comment or line break"),
  N_("did not find expected digit or '.' character"),
  /* Translators: libyaml's spelling, "hexadecimal" is meant */
  N_("did not find expected hexdecimal number"),
  N_("did not find expected key"),
  N_("did not find expected node content"),
  N_("did not find expected tag URI"),
  N_("did not find expected version number"),
  N_("did not find expected whitespace"),
  N_("did not find expected whitespace or line break"),
  N_("did not find the expected '>'"),
  N_("expected low surrogate area"),
  N_("found a tab character that violates indentation"),
  N_("found a tab character where an indentation space is expected"),
  N_("found an incorrect leading UTF-8 octet"),
  N_("found an incorrect trailing UTF-8 octet"),
  N_("found an indentation indicator equal to 0"),
  N_("found character that cannot start any token"),
  /* xgettext:no-c-format */
  N_("found duplicate %TAG directive"),
  /* xgettext:no-c-format */
  N_("found duplicate %YAML directive"),
  N_("found extremely long version number"),
  N_("found incompatible YAML document"),
  N_("found invalid Unicode character escape code"),
  N_("found undefined tag handle"),
  N_("found unexpected ':'"),
  N_("found unexpected document indicator"),
  N_("found unexpected end of stream"),
  N_("found unexpected non-alphabetical character"),
  N_("found unknown directive name"),
  N_("found unknown escape character"),
  N_("incomplete UTF-16 character"),
  N_("incomplete UTF-16 surrogate pair"),
  N_("incomplete UTF-8 octet sequence"),
  N_("input error"),
  N_("input is too long"),
  N_("invalid Unicode character"),
  N_("invalid leading UTF-8 octet"),
  N_("invalid length of a UTF-8 sequence"),
  N_("invalid trailing UTF-8 octet"),
  N_("mapping keys are not allowed in this context"),
  N_("mapping values are not allowed in this context"),
  N_("unexpected low surrogate area"),
  /* Newer libyaml */
  N_("Maximum nesting level reached, set with yaml_set_max_nest_level())"),
};

static const char *const yaml_contexts[] = {
  /* Translators: where libyaml was when it found the problem, after the
   * problem: "found unexpected end of stream while scanning a quoted scalar" */
  /* xgettext:no-c-format */
  N_("while parsing a %TAG directive"),
  N_("while parsing a block collection"),
  N_("while parsing a block mapping"),
  N_("while parsing a block node"),
  N_("while parsing a flow mapping"),
  N_("while parsing a flow node"),
  N_("while parsing a flow sequence"),
  N_("while parsing a node"),
  N_("while parsing a quoted scalar"),
  N_("while parsing a tag"),
  N_("while parsing a tag directive"),
  /* xgettext:no-c-format */
  N_("while scanning a %TAG directive"),
  /* xgettext:no-c-format */
  N_("while scanning a %YAML directive"),
  N_("while scanning a block scalar"),
  N_("while scanning a directive"),
  N_("while scanning a plain scalar"),
  N_("while scanning a quoted scalar"),
  N_("while scanning a simple key"),
  N_("while scanning a tag"),
  N_("while scanning a tag directive"),
  N_("while scanning an alias"),
  N_("while scanning an anchor"),
  N_("while scanning for the next token"),
  /* Newer libyaml */
  N_("while parsing"),
};

static const char *
lookup (const char *const *list,
        gsize              n,
        const char        *text)
{
  if (text == NULL)
    return NULL;
  for (gsize i = 0; i < n; i++)
    if (strcmp (list[i], text) == 0)
      return _(list[i]);
  return text;
}

/**
 * billet_yaml_problem_text:
 * @problem: (nullable): libyaml's `problem`
 *
 * Returns: (nullable): @problem in the user's language, @problem itself when
 *   Billet does not know it, %NULL for %NULL
 */
const char *
billet_yaml_problem_text (const char *problem)
{
  return lookup (yaml_problems, G_N_ELEMENTS (yaml_problems), problem);
}

/**
 * billet_yaml_context_text:
 * @context: (nullable): libyaml's `context`
 *
 * Returns: (nullable): @context in the user's language, as above
 */
const char *
billet_yaml_context_text (const char *context)
{
  return lookup (yaml_contexts, G_N_ELEMENTS (yaml_contexts), context);
}

/* toml++: "Error while parsing SCOPE: REASON". A reason is a template whose
 * %s are the parts toml++ inserts (a character, a key, a number); TYPE_ARG
 * names the one that is a value type, which is translated too. */
typedef struct
{
  const char *msgid;
  guint       type_arg;
} TomlReason;

static const TomlReason toml_reasons[] = {
  /* Translators: the TOML parser's reasons (toml++'s texts). %s are inserted
   * as they are: a character, a key, a number; in "cannot redefine existing
   * %s '%s'" the first is a value type ("table", "array"…, translated
   * separately). Reorder with %1$s, %2$s. */
  { N_("[[array-of-table]] brackets must be contiguous (i.e. [ [ this ] ] is prohibited)"), 0 },
  { N_("'%s' could not be interpreted as a value"), 0 },
  { N_("'%s' is not representable in 64 bits"), 0 },
  { N_("an unspecified error occurred while trying to interpret '%s' as a value"), 0 },
  { N_("cannot insert '%s' into existing inline table"), 0 },
  { N_("cannot redefine existing table '%s'"), 0 },
  { N_("cannot redefine existing %s '%s' as array-of-tables"), 1 },
  { N_("cannot redefine existing %s '%s' as table"), 1 },
  { N_("cannot redefine existing %s as dotted key-value pair"), 1 },
  { N_("cannot redefine existing %s '%s'"), 1 },
  { N_("control characters other than TAB (U+0009) are explicitly prohibited in comments"), 0 },
  { N_("control characters other than TAB (U+0009) are explicitly prohibited"), 0 },
  { N_("could not determine value type"), 0 },
  { N_("encountered end-of-file"), 0 },
  { N_("escape sequence '\\e' is not supported in TOML 1.0.0 and earlier"), 0 },
  { N_("escape sequence '\\x' is not supported in TOML 1.0.0 and earlier"), 0 },
  { N_("exceeded maximum nested value depth of %s (TOML_MAX_NESTED_VALUES)"), 0 },
  { N_("exceeds length limit of %s digits (consider using exponent notation)"), 0 },
  { N_("exceeds length limit of %s digits"), 0 },
  { N_("expected '\\n' after '\\r', saw EOF"), 0 },
  { N_("expected '\\n' after '\\r', saw '%s'"), 0 },
  { N_("expected 'x' or 'X', saw '%s'"), 0 },
  { N_("expected 2-digit day, saw '%s'"), 0 },
  { N_("expected 2-digit hour, saw '%s'"), 0 },
  { N_("expected 2-digit minute, saw '%s'"), 0 },
  { N_("expected 2-digit month, saw '%s'"), 0 },
  { N_("expected 2-digit second, saw '%s'"), 0 },
  { N_("expected 4-digit year, saw '%s'"), 0 },
  { N_("expected a comment or whitespace, saw '%s'"), 0 },
  { N_("expected bare key starting character or string delimiter, saw '%s'"), 0 },
  { N_("expected comma or closing ']', saw '%s'"), 0 },
  { N_("expected comma or closing '}', saw '%s'"), 0 },
  { N_("expected day between 1 and %s (inclusive), saw %s"), 0 },
  { N_("expected decimal digit or '.', saw '%s'"), 0 },
  { N_("expected decimal digit or exponent, saw '.'"), 0 },
  { N_("expected decimal digit, saw '%s'"), 0 },
  { N_("expected digit, saw '%s'"), 0 },
  { N_("expected expected digit or sign, saw '%s'"), 0 },
  { N_("expected exponent decimal digit or sign, saw '.'"), 0 },
  { N_("expected exponent digit or sign, saw '%s'"), 0 },
  { N_("expected exponent digit, saw '%s'"), 0 },
  { N_("expected fractional digits, saw '%s'"), 0 },
  { N_("expected hex digit, saw '%s'"), 0 },
  { N_("expected hexadecimal digit or '.', saw '%s'"), 0 },
  { N_("expected hexadecimal digit or exponent, saw '.'"), 0 },
  { N_("expected hexadecimal digit, saw '%s'"), 0 },
  { N_("expected hour between 0 and 23 (inclusive), saw %s"), 0 },
  { N_("expected hour between 0 to 59 (inclusive), saw %s"), 0 },
  { N_("expected key or closing '}', saw '%s'"), 0 },
  { N_("expected key-value pair or closing '}', saw comma"), 0 },
  { N_("expected key-value pair, saw closing '}' (dangling comma)"), 0 },
  { N_("expected keys, tables, whitespace or comments, saw '%s'"), 0 },
  { N_("expected minute between 0 and 59 (inclusive), saw %s"), 0 },
  { N_("expected month between 1 and 12 (inclusive), saw %s"), 0 },
  { N_("expected second between 0 and 59 (inclusive), saw %s"), 0 },
  { N_("expected space or tab, saw '%s'"), 0 },
  { N_("expected space, 'T' or 't', saw '%s'"), 0 },
  { N_("expected value or closing ']', saw comma"), 0 },
  { N_("expected value, saw '%s'"), 0 },
  { N_("expected value-terminator, saw '%s'"), 0 },
  /* Also "expected '-'", "expected '='", "expected 'inf'"… */
  { N_("expected '%s', saw '%s'"), 0 },
  { N_("fractional component exceeds maximum precision of %s"), 0 },
  { N_("fragment exceeeds maximum length of %s characters"), 0 },
  { N_("hexadecimal floating-point values are not supported in TOML 1.0.0 and earlier"), 0 },
  { N_("leading zeroes are prohibited"), 0 },
  { N_("line-ending backslashes must be the last non-whitespace character on the line"), 0 },
  { N_("missing exponent"), 0 },
  { N_("multi-line strings are prohibited in dotted keys"), 0 },
  { N_("multi-line strings are prohibited in keys"), 0 },
  { N_("numeric value too long to identify type - cannot exceed %s characters"), 0 },
  { N_("tables with blank bare keys are explicitly prohibited"), 0 },
  { N_("underscores may only follow digits"), 0 },
  { N_("underscores must be followed by digits"), 0 },
  { N_("unescaped control characters other than TAB (U+0009) are explicitly prohibited"), 0 },
  { N_("unescaped unicode surrogates (U+D800 to U+DFFF) are explicitly prohibited"), 0 },
  { N_("unexpected control character"), 0 },
  { N_("unicode surrogates (U+D800 - U+DFFF) are explicitly prohibited"), 0 },
  { N_("unicode surrogates (U+D800 to U+DFFF) are explicitly prohibited in comments"), 0 },
  { N_("unknown escape sequence '\\%s'"), 0 },
  { N_("values greater than U+10FFFF are invalid"), 0 },
  { N_("values may not begin with underscores"), 0 },
  { N_("vertical tabs '\\v' and form-feeds '\\f' are not legal line breaks in TOML"), 0 },
};

typedef struct
{
  const char *toml;
  const char *text;
} TomlWord;

/* The parser's scopes ("Error while parsing a string") and value types */
static const TomlWord toml_scopes[] = {
  /* Translators: what the TOML parser was reading, in "Invalid TOML: %s
   * (while reading %s)" */
  { "array", N_("an array") },
  { "boolean", N_("a boolean") },
  { "comment", N_("a comment") },
  { "date", N_("a date") },
  { "date-time offset", N_("a time zone offset") },
  { "date-time", N_("a date and time") },
  { "floating-point", N_("a decimal number") },
  { "hexadecimal floating-point", N_("a hexadecimal decimal number") },
  { "inline table", N_("an inline table") },
  { "key", N_("a key") },
  { "key-value pair", N_("a key and its value") },
  { "literal string", N_("a literal string") },
  { "root table", N_("the top level") },
  { "string", N_("a string") },
  { "table header", N_("a table header") },
  { "time", N_("a time") },
  { "unicode scalar sequence", N_("a Unicode escape") },
  { "value", N_("a value") },
  { "binary integer", N_("a binary integer") },
  { "octal integer", N_("an octal integer") },
  { "decimal integer", N_("a decimal integer") },
  { "hexadecimal integer", N_("a hexadecimal integer") },
};

static const TomlWord toml_types[] = {
  /* Translators: a TOML value type, in "cannot redefine existing %s '%s'" */
  { "table", N_("table") },
  { "array", N_("array") },
  { "string", N_("string") },
  { "integer", N_("integer") },
  { "floating-point", N_("decimal number") },
  { "boolean", N_("boolean") },
  { "date", N_("date") },
  { "time", N_("time") },
  { "date-time", N_("date and time") },
};

#define MAX_ARGS 3

/* Whether @text matches @pattern, a literal text in which each %s stands for
 * any run of characters; the runs go to @args. */
static gboolean
match (const char *pattern,
       const char *text,
       const char *args[MAX_ARGS],
       gsize       lens[MAX_ARGS],
       guint       n)
{
  while (*pattern != '\0')
    {
      if (pattern[0] == '%' && pattern[1] == 's')
        {
          if (n >= MAX_ARGS)
            return FALSE;
          for (gsize k = 0; ; k++)
            {
              args[n] = text;
              lens[n] = k;
              if (match (pattern + 2, text + k, args, lens, n + 1))
                return TRUE;
              if (text[k] == '\0')
                return FALSE;
            }
        }
      if (*pattern != *text)
        return FALSE;
      pattern++;
      text++;
    }
  return *text == '\0';
}

/* @format (a translation) with its %s and %N$s replaced by @args */
static char *
fill (const char  *format,
      char       **args,
      guint        n)
{
  GString *out = g_string_new (NULL);
  guint next = 0;

  for (const char *p = format; *p != '\0'; p++)
    {
      guint index;

      if (*p != '%')
        {
          g_string_append_c (out, *p);
          continue;
        }
      if (p[1] == '%')
        {
          g_string_append_c (out, '%');
          p++;
          continue;
        }
      if (p[1] == 's')
        {
          index = next++;
          p++;
        }
      else if (g_ascii_isdigit (p[1]) && p[2] == '$' && p[3] == 's')
        {
          index = (guint) (p[1] - '1');
          p += 3;
        }
      else
        {
          g_string_append_c (out, *p);
          continue;
        }
      if (index < n)
        g_string_append (out, args[index]);
    }
  return g_string_free (out, FALSE);
}

static const char *
toml_word (const TomlWord *list,
           gsize           n,
           const char     *word)
{
  for (gsize i = 0; i < n; i++)
    if (strcmp (list[i].toml, word) == 0)
      return _(list[i].text);
  return NULL;
}

static char *
toml_reason_text (const char *reason)
{
  for (gsize i = 0; i < G_N_ELEMENTS (toml_reasons); i++)
    {
      const char *starts[MAX_ARGS];
      gsize lens[MAX_ARGS];
      char *args[MAX_ARGS + 1] = { NULL, };
      guint n = 0;
      char *text;

      if (!match (toml_reasons[i].msgid, reason, starts, lens, 0))
        continue;
      for (const char *p = toml_reasons[i].msgid; (p = strstr (p, "%s")) != NULL; p += 2)
        {
          args[n] = g_strndup (starts[n], lens[n]);
          if (toml_reasons[i].type_arg == n + 1)
            {
              const char *word = toml_word (toml_types, G_N_ELEMENTS (toml_types), args[n]);

              if (word != NULL)
                {
                  g_free (args[n]);
                  args[n] = g_strdup (word);
                }
            }
          n++;
        }
      text = fill (_(toml_reasons[i].msgid), args, n);
      for (guint j = 0; j < n; j++)
        g_free (args[j]);
      return text;
    }
  return g_strdup (reason);
}

/**
 * billet_toml_error_text:
 * @description: a toml::parse_error's description
 *
 * Returns: (transfer full): the whole message, "Invalid TOML: …", in the
 *   user's language where Billet knows the reason
 */
char *
billet_toml_error_text (const char *description)
{
  static const char prefix[] = "Error while parsing ";
  const char *colon;
  g_autofree char *reason = NULL;
  g_autofree char *scope = NULL;
  const char *scope_text;

  if (!g_str_has_prefix (description, prefix) ||
      (colon = strstr (description, ": ")) == NULL)
    /* Translators: the part after the colon is the TOML parser's reason */
    return g_strdup_printf (_("Invalid TOML: %s"), description);

  scope = g_strndup (description + strlen (prefix), (gsize) (colon - description) - strlen (prefix));
  reason = toml_reason_text (colon + 2);
  scope_text = toml_word (toml_scopes, G_N_ELEMENTS (toml_scopes), scope);
  if (scope_text == NULL && *scope == '\0')
    return g_strdup_printf (_("Invalid TOML: %s"), reason);
  /* Translators: the reason, then what the parser was reading ("a string") */
  return g_strdup_printf (_("Invalid TOML: %s (while reading %s)"), reason,
                          scope_text ? scope_text : scope);
}
