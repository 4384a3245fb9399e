/* ork-json-scan.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ork-json-scan"

#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "ork-json-scan.h"

#define NO_ENTRY G_MAXUINT32

typedef enum
{
  KIND_SCALAR,
  KIND_OBJECT,
  KIND_ARRAY,
} Kind;

/* One value of the document. A value is named by its container (parent) and
 * either a key id (members of an object) or an index (elements of an array),
 * so paths are never built as strings while scanning. */
typedef struct
{
  guint32    parent;
  guint32    name;
  OrkJsonPos value_pos;
  OrkJsonPos key_pos;    /* line 0 for array elements and the root */
  guint8     kind;
} Entry;

typedef struct
{
  guint32 parent;
  guint32 name;
  guint32 index;   /* entry index + 1; 0 when the slot is empty */
} Slot;

struct _OrkJsonScan
{
  GArray       *entries;     /* Entry; the root is entry 0 */

  /* Open addressing over (parent, name), linear probing. The key is kept in
   * the slot so that a probe touches one cache line, not the entries. */
  Slot         *slots;
  guint32       n_slots;     /* a power of two */
  guint32       n_hashed;

  /* Key ids: the path component of every distinct key ("id", "[\"a.b\"]"). */
  GStringChunk *chunk;
  GHashTable   *name_ids;    /* component → id + 1 */
  GPtrArray    *names;       /* id → component */
};

typedef struct
{
  guint32 entry;
  guint8  kind;
  guint32 count;
} Frame;

typedef struct
{
  OrkJsonScan   *scan;
  GPtrArray     *diagnostics;
  const guchar  *text;
  gsize          len;
  gsize          off;

  guint          line;
  gsize          line_start;
  /* Columns are counted incrementally: col is the column of byte col_off. */
  gsize          col_off;
  guint          col;

  GString       *key;        /* the decoded key being read */
  GString       *component;  /* its path component */
  gboolean       failed;
} Scanner;

/* Paths */

static gboolean
key_needs_brackets (const char *key,
                    gsize       len)
{
  if (len == 0)
    return TRUE;
  for (gsize i = 0; i < len; i++)
    {
      guchar c = (guchar) key[i];

      if (c == '.' || c == '[' || c == ']' || c == '"' || c == '\\' || c < 0x20)
        return TRUE;
    }
  return FALSE;
}

/* Appends @key as it is written inside a bracketed path component. */
static void
append_escaped_key (GString    *out,
                    const char *key,
                    gsize       len)
{
  for (gsize i = 0; i < len; i++)
    {
      guchar c = (guchar) key[i];

      if (c == '"' || c == '\\')
        {
          g_string_append_c (out, '\\');
          g_string_append_c (out, (char) c);
        }
      else if (c < 0x20)
        g_string_append_printf (out, "\\u%04X", c);
      else
        g_string_append_c (out, (char) c);
    }
}

/* The component for @key without a leading '.': bare, or ["..."]. */
static void
append_component (GString    *out,
                  const char *key,
                  gsize       len)
{
  if (!key_needs_brackets (key, len))
    {
      g_string_append_len (out, key, len);
      return;
    }
  g_string_append (out, "[\"");
  append_escaped_key (out, key, len);
  g_string_append (out, "\"]");
}

void
ork_json_path_append_key (GString    *path,
                          const char *key)
{
  gsize len;

  g_return_if_fail (path != NULL);
  g_return_if_fail (key != NULL);

  len = strlen (key);
  if (path->len > 0 && !key_needs_brackets (key, len))
    g_string_append_c (path, '.');
  append_component (path, key, len);
}

void
ork_json_path_append_index (GString *path,
                            guint    index)
{
  g_return_if_fail (path != NULL);

  g_string_append_printf (path, "[%u]", index);
}

/* The hash table of entries */

static inline guint32
hash_name (guint32 parent,
           guint32 name)
{
  guint64 h = (guint64) parent << 32 | name;

  /* The 64-bit finalizer of MurmurHash3: every input bit reaches the low bits
   * the table uses. */
  h ^= h >> 33;
  h *= G_GUINT64_CONSTANT (0xFF51AFD7ED558CCD);
  h ^= h >> 33;
  h *= G_GUINT64_CONSTANT (0xC4CEB9FE1A85EC53);
  h ^= h >> 33;
  return (guint32) h;
}

static inline Entry *
entry_at (OrkJsonScan *self,
          guint32      index)
{
  return &g_array_index (self->entries, Entry, index);
}

/* Returns the slot of (@parent, @name), or the empty slot where it goes. */
static inline Slot *
probe (OrkJsonScan *self,
       guint32      parent,
       guint32      name)
{
  guint32 mask = self->n_slots - 1;

  for (guint32 i = hash_name (parent, name) & mask;; i = (i + 1) & mask)
    {
      Slot *slot = &self->slots[i];

      if (slot->index == 0 || (slot->parent == parent && slot->name == name))
        return slot;
    }
}

static guint32
find_entry (OrkJsonScan *self,
            guint32      parent,
            guint32      name)
{
  Slot *slot = probe (self, parent, name);

  return slot->index == 0 ? NO_ENTRY : slot->index - 1;
}

static void
grow_slots (OrkJsonScan *self)
{
  Slot *old = self->slots;
  guint32 n_old = self->n_slots;

  self->n_slots *= 2;
  self->slots = g_new0 (Slot, self->n_slots);
  for (guint32 i = 0; i < n_old; i++)
    if (old[i].index != 0)
      *probe (self, old[i].parent, old[i].name) = old[i];
  g_free (old);
}

/* Returns the id of a key's path component, adding it when new. */
static guint32
intern_component (OrkJsonScan *self,
                  GString     *component)
{
  gpointer found = g_hash_table_lookup (self->name_ids, component->str);
  char *copy;

  if (found != NULL)
    return GPOINTER_TO_UINT (found) - 1;

  copy = g_string_chunk_insert_len (self->chunk, component->str, component->len);
  g_ptr_array_add (self->names, copy);
  g_hash_table_insert (self->name_ids, copy, GUINT_TO_POINTER (self->names->len));
  return self->names->len - 1;
}

static void
append_entry_path (OrkJsonScan *self,
                   guint32      index,
                   GString     *out)
{
  guint32 chain[ORK_JSON_MAX_DEPTH + 1];
  guint n = 0;

  for (guint32 i = index; i != 0 && i != NO_ENTRY; i = entry_at (self, i)->parent)
    {
      g_assert (n < G_N_ELEMENTS (chain));
      chain[n++] = i;
    }

  while (n > 0)
    {
      Entry *e = entry_at (self, chain[--n]);
      Entry *parent = entry_at (self, e->parent);

      if (parent->kind == KIND_ARRAY)
        g_string_append_printf (out, "[%u]", e->name);
      else
        {
          const char *component = g_ptr_array_index (self->names, e->name);

          if (component[0] != '[' && out->len > 0)
            g_string_append_c (out, '.');
          g_string_append (out, component);
        }
    }
}

static char *
entry_path (OrkJsonScan *self,
            guint32      index)
{
  GString *out = g_string_new (NULL);

  if (index != NO_ENTRY)
    append_entry_path (self, index, out);
  return g_string_free (out, FALSE);
}

/* Positions */

static OrkJsonPos
pos_at (Scanner *s,
        gsize    offset)
{
  OrkJsonPos pos;

  g_assert (offset >= s->line_start);

  /* Errors may point back at an earlier token of the line. */
  if (offset < s->col_off)
    {
      s->col_off = s->line_start;
      s->col = 1;
    }
  for (gsize i = s->col_off; i < offset; i++)
    if ((s->text[i] & 0xC0) != 0x80)
      s->col++;
  s->col_off = offset;

  pos.line = s->line;
  pos.column = s->col;
  return pos;
}

static void
newline (Scanner *s,
         gsize    next_line_start)
{
  s->line++;
  s->line_start = next_line_start;
  s->col_off = next_line_start;
  s->col = 1;
}

/* Diagnostics */

static void
add_diagnostic (Scanner    *s,
                OrkJsonPos  pos,
                guint32     path_entry,
                const char *message)
{
  g_autofree char *path = NULL;

  if (s->diagnostics == NULL || s->diagnostics->len >= ORK_MAX_DIAGNOSTICS)
    return;
  path = entry_path (s->scan, path_entry);
  g_ptr_array_add (s->diagnostics, ork_diagnostic_new (pos.line, pos.column, path, message));
}

static gboolean G_GNUC_PRINTF (4, 5)
fail (Scanner    *s,
      gsize       offset,
      guint32     path_entry,
      const char *format,
      ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  add_diagnostic (s, pos_at (s, offset), path_entry, message);
  s->failed = TRUE;
  return FALSE;
}

static inline gboolean
at_end (Scanner *s)
{
  return s->off >= s->len;
}

static inline int
peek (Scanner *s,
      gsize    ahead)
{
  return s->off + ahead < s->len ? s->text[s->off + ahead] : -1;
}

/* The length of the valid UTF-8 sequence at @offset, or 0. */
static guint
utf8_sequence_length (Scanner *s,
                      gsize    offset)
{
  const guchar *p = s->text + offset;
  gsize avail = s->len - offset;
  guint n;
  guchar lo = 0x80, hi = 0xBF;

  if (p[0] < 0x80)
    return 1;
  else if (p[0] < 0xC2)
    return 0;
  else if (p[0] < 0xE0)
    n = 2;
  else if (p[0] < 0xF0)
    {
      n = 3;
      if (p[0] == 0xE0)
        lo = 0xA0;
      else if (p[0] == 0xED)
        hi = 0x9F;   /* no UTF-16 surrogates */
    }
  else if (p[0] < 0xF5)
    {
      n = 4;
      if (p[0] == 0xF0)
        lo = 0x90;
      else if (p[0] == 0xF4)
        hi = 0x8F;   /* nothing past U+10FFFF */
    }
  else
    return 0;

  if (avail < n || p[1] < lo || p[1] > hi)
    return 0;
  for (guint i = 2; i < n; i++)
    if ((p[i] & 0xC0) != 0x80)
      return 0;
  return n;
}

/* Fails at the current byte with @expected ("expected ':' after an object
 * key"), or with a more precise message when the byte says more: the end of
 * input, a comment, invalid UTF-8. */
static gboolean
fail_expected (Scanner    *s,
               guint32     path_entry,
               const char *expected)
{
  int c = peek (s, 0);

  if (c < 0)
    return fail (s, s->off, path_entry, _("unexpected end of input: %s"), _(expected));
  if (c == '/' && (peek (s, 1) == '/' || peek (s, 1) == '*'))
    return fail (s, s->off, path_entry, _("comments are not allowed in JSON"));
  if (c >= 0x80 && utf8_sequence_length (s, s->off) == 0)
    return fail (s, s->off, path_entry, _("invalid UTF-8"));
  return fail (s, s->off, path_entry, "%s", _(expected));
}

static void
skip_whitespace (Scanner *s)
{
  while (s->off < s->len)
    {
      guchar c = s->text[s->off];

      if (c == ' ' || c == '\t')
        s->off++;
      else if (c == '\n')
        newline (s, ++s->off);
      else if (c == '\r')
        {
          /* \r\n is one line end; a lone \r ends a line too. */
          s->off++;
          if (s->off < s->len && s->text[s->off] == '\n')
            s->off++;
          newline (s, s->off);
        }
      else
        break;
    }
}

/* Scalars */

static inline gboolean
is_word_char (int c)
{
  return g_ascii_isalnum (c) || c == '_';
}

static gsize
word_length (Scanner *s,
             gsize    offset)
{
  gsize end = offset;

  while (end < s->len && is_word_char (s->text[end]))
    end++;
  return end - offset;
}

static gboolean
word_is (Scanner    *s,
         gsize       offset,
         gsize       len,
         const char *word)
{
  return strlen (word) == len && memcmp (s->text + offset, word, len) == 0;
}

static int
hex_value (int c)
{
  if (c >= '0' && c <= '9')
    return c - '0';
  if (c >= 'a' && c <= 'f')
    return c - 'a' + 10;
  if (c >= 'A' && c <= 'F')
    return c - 'A' + 10;
  return -1;
}

/* Reads the four hex digits after "\u" at @offset (the backslash). */
static gboolean
read_u_escape (Scanner  *s,
               gsize     offset,
               guint32   path_entry,
               gunichar *out)
{
  gunichar value = 0;

  for (guint i = 0; i < 4; i++)
    {
      gsize at = offset + 2 + i;
      int h = at < s->len ? hex_value (s->text[at]) : -1;

      if (h < 0)
        return fail (s, offset, path_entry, _("expected four hex digits after \\u"));
      value = value << 4 | (gunichar) h;
    }
  *out = value;
  return TRUE;
}

/* Scans a string starting at the opening quote. When @decoded is not NULL,
 * the string's value is stored there (keys need it; values do not). */
static gboolean
scan_string (Scanner *s,
             GString *decoded,
             guint32  path_entry)
{
  gsize start = s->off;
  gsize run = s->off + 1;   /* start of the bytes not yet copied to @decoded */

  s->off++;
  for (;;)
    {
      guchar c;

      if (s->off >= s->len)
        return fail (s, start, path_entry, _("unterminated string"));

      c = s->text[s->off];
      if (c >= 0x20 && c != '"' && c != '\\' && c < 0x80)
        {
          s->off++;
          continue;
        }

      if (c == '"')
        {
          if (decoded != NULL)
            g_string_append_len (decoded, (const char *) s->text + run, s->off - run);
          s->off++;
          return TRUE;
        }

      if (c >= 0x80)
        {
          guint n = utf8_sequence_length (s, s->off);

          if (n == 0)
            return fail (s, s->off, path_entry, _("invalid UTF-8"));
          s->off += n;
          continue;
        }

      if (c < 0x20)
        {
          if (c == '\n' || c == '\r')
            return fail (s, start, path_entry,
                         _("unterminated string: a line break before the closing quote"));
          return fail (s, s->off, path_entry,
                       _("control character U+%04X in a string must be escaped"), c);
        }

      /* A backslash. */
      {
        gsize esc = s->off;
        int e = peek (s, 1);
        gunichar u;

        if (decoded != NULL)
          g_string_append_len (decoded, (const char *) s->text + run, esc - run);

        switch (e)
          {
          case '"': case '\\': case '/':
            u = (gunichar) e;
            s->off += 2;
            break;
          case 'b': u = '\b'; s->off += 2; break;
          case 'f': u = '\f'; s->off += 2; break;
          case 'n': u = '\n'; s->off += 2; break;
          case 'r': u = '\r'; s->off += 2; break;
          case 't': u = '\t'; s->off += 2; break;
          case 'u':
            if (!read_u_escape (s, esc, path_entry, &u))
              return FALSE;
            s->off += 6;
            /* json-glib ends a string at its first NUL, so "a\u0000b" would
             * load as "a": refused rather than silently cut short. */
            if (u == 0)
              return fail (s, esc, path_entry,
                           _("\\u0000 is not allowed in a string: expected text without NUL characters"));
            if (u >= 0xDC00 && u <= 0xDFFF)
              return fail (s, esc, path_entry, _("invalid \\u escape: unpaired surrogate \\u%04X"), u);
            if (u >= 0xD800 && u <= 0xDBFF)
              {
                gunichar low;

                if (peek (s, 0) != '\\' || peek (s, 1) != 'u')
                  return fail (s, esc, path_entry,
                               _("invalid \\u escape: unpaired surrogate \\u%04X"), u);
                if (!read_u_escape (s, s->off, path_entry, &low))
                  return FALSE;
                if (low < 0xDC00 || low > 0xDFFF)
                  return fail (s, esc, path_entry,
                               _("invalid \\u escape: unpaired surrogate \\u%04X"), u);
                u = 0x10000 + ((u - 0xD800) << 10) + (low - 0xDC00);
                s->off += 6;
              }
            break;
          case -1:
            return fail (s, start, path_entry, _("unterminated string"));
          default:
            if (e >= 0x20 && e < 0x7F)
              return fail (s, esc, path_entry, _("invalid escape \\%c in a string"), e);
            return fail (s, esc, path_entry, _("invalid escape in a string"));
          }

        if (decoded != NULL)
          g_string_append_unichar (decoded, u);
        run = s->off;
      }
    }
}

static gboolean
scan_number (Scanner *s,
             guint32  path_entry)
{
  gsize start = s->off;
  gsize int_digits = 0;
  gboolean has_exponent = FALSE;

  if (peek (s, 0) == '-')
    {
      s->off++;
      if (peek (s, 0) == 'I' || peek (s, 0) == 'N')
        return fail (s, start, path_entry, _("NaN and Infinity are not JSON numbers"));
      if (!g_ascii_isdigit (peek (s, 0)))
        return fail (s, start, path_entry, _("expected a digit after '-'"));
    }

  if (peek (s, 0) == '0')
    {
      s->off++;
      int_digits = 1;
      if (peek (s, 0) == 'x' || peek (s, 0) == 'X')
        return fail (s, start, path_entry, _("hexadecimal numbers are not allowed in JSON"));
      if (g_ascii_isdigit (peek (s, 0)))
        return fail (s, start, path_entry, _("numbers must not have leading zeros"));
    }
  else
    {
      while (g_ascii_isdigit (peek (s, 0)))
        {
          s->off++;
          int_digits++;
        }
    }

  if (peek (s, 0) == '.')
    {
      s->off++;
      if (!g_ascii_isdigit (peek (s, 0)))
        return fail (s, start, path_entry, _("expected a digit after the decimal point"));
      while (g_ascii_isdigit (peek (s, 0)))
        s->off++;
    }

  if (peek (s, 0) == 'e' || peek (s, 0) == 'E')
    {
      has_exponent = TRUE;
      s->off++;
      if (peek (s, 0) == '+' || peek (s, 0) == '-')
        s->off++;
      if (!g_ascii_isdigit (peek (s, 0)))
        return fail (s, start, path_entry, _("expected a digit in the exponent"));
      while (g_ascii_isdigit (peek (s, 0)))
        s->off++;
    }

  /* Only a number with an exponent or more than 308 integer digits can
   * reach infinity; parse just those. Underflow to zero is fine. */
  if (has_exponent || int_digits > 308)
    {
      g_autofree char *copy = g_strndup ((const char *) s->text + start, s->off - start);
      double value = g_ascii_strtod (copy, NULL);

      if (isinf (value))
        return fail (s, start, path_entry, _("number out of range"));
    }
  return TRUE;
}

/* The current byte cannot start a value: say why as precisely as we can. */
static gboolean
fail_value (Scanner *s,
            guint32  path_entry)
{
  int c = peek (s, 0);

  switch (c)
    {
    case '\'':
      return fail (s, s->off, path_entry, _("strings must be in double quotes, not single quotes"));
    case '+':
      return fail (s, s->off, path_entry, _("numbers must not start with '+'"));
    case '.':
      return fail (s, s->off, path_entry, _("expected a digit before the decimal point"));
    default:
      break;
    }

  if (is_word_char (c))
    {
      gsize n = word_length (s, s->off);

      if (word_is (s, s->off, n, "NaN") || word_is (s, s->off, n, "Infinity"))
        return fail (s, s->off, path_entry, _("NaN and Infinity are not JSON numbers"));
      if (n <= 20)
        return fail (s, s->off, path_entry, _("expected a value, got \"%.*s\""),
                     (int) n, (const char *) s->text + s->off);
    }
  return fail_expected (s, path_entry, N_("expected a value"));
}

static gboolean
scan_literal (Scanner *s,
              guint32  path_entry)
{
  static const char *literals[] = { "true", "false", "null" };
  gsize n = word_length (s, s->off);

  for (guint i = 0; i < G_N_ELEMENTS (literals); i++)
    if (word_is (s, s->off, n, literals[i]))
      {
        s->off += n;
        return TRUE;
      }
  return fail_value (s, path_entry);
}

/* Structure */

static guint32
add_entry (Scanner    *s,
           guint32     parent,
           guint32     name,
           OrkJsonPos  key_pos,
           Kind        kind)
{
  OrkJsonScan *self = s->scan;
  Entry e = { parent, name, pos_at (s, s->off), key_pos, kind };
  guint32 index = self->entries->len;
  Slot *slot;

  if ((self->n_hashed + 1) * 2 > self->n_slots)
    grow_slots (self);

  slot = probe (self, parent, name);
  if (slot->index != 0)
    {
      /* Only object members can collide. The entry is still added, unhashed,
       * so that the duplicate's own children have a parent. */
      g_autofree char *message = NULL;
      const char *component = g_ptr_array_index (self->names, name);

      if (component[0] == '[')
        message = g_strdup_printf (_("duplicate key %.*s"),
                                   (int) strlen (component) - 2, component + 1);
      else
        message = g_strdup_printf (_("duplicate key \"%s\""), component);
      add_diagnostic (s, key_pos, parent, message);
      s->failed = TRUE;
    }
  else
    {
      slot->parent = parent;
      slot->name = name;
      slot->index = index + 1;
      self->n_hashed++;
    }

  g_array_append_val (self->entries, e);
  return index;
}

/* Reads a member's key and the ':' after it, leaving the scanner at the
 * member's value. */
static gboolean
scan_key (Scanner    *s,
          guint32     object,
          const char *expected,
          guint32    *out_name,
          OrkJsonPos *out_key_pos)
{
  int c = peek (s, 0);
  gsize start = s->off;

  if (c != '"')
    {
      if (c == '\'')
        return fail (s, s->off, object, _("keys must be in double quotes, not single quotes"));
      if (is_word_char (c) || c >= 0x80)
        {
          if (c < 0x80 || utf8_sequence_length (s, s->off) > 0)
            return fail (s, s->off, object, _("keys must be in double quotes"));
        }
      return fail_expected (s, object, expected);
    }

  *out_key_pos = pos_at (s, start);
  g_string_truncate (s->key, 0);
  if (!scan_string (s, s->key, object))
    return FALSE;

  g_string_truncate (s->component, 0);
  append_component (s->component, s->key->str, s->key->len);
  *out_name = intern_component (s->scan, s->component);

  skip_whitespace (s);
  if (peek (s, 0) != ':')
    return fail_expected (s, object, N_("expected ':' after an object key"));
  s->off++;
  skip_whitespace (s);
  return TRUE;
}

static gboolean
scan_document (Scanner *s)
{
  Frame stack[ORK_JSON_MAX_DEPTH];
  guint depth = 0;
  guint32 parent = NO_ENTRY;
  guint32 name = 0;
  OrkJsonPos key_pos = { 0, 0 };

  /* RFC 8259 lets a parser ignore a byte order mark; json-glib does too. */
  if (s->len >= 3 && memcmp (s->text, "\xEF\xBB\xBF", 3) == 0)
    {
      s->off = 3;
      s->col_off = 3;
    }

  /* Entry indices are 32-bit. */
  if (s->len >= G_MAXUINT32)
    {
      OrkJsonPos first = { 1, 1 };

      add_diagnostic (s, first, NO_ENTRY, _("the file is too large"));
      return FALSE;
    }

  skip_whitespace (s);
  if (at_end (s))
    {
      OrkJsonPos first = { 1, 1 };

      add_diagnostic (s, first, NO_ENTRY, _("the file is empty"));
      return FALSE;
    }

  for (;;)
    {
      gboolean opened = FALSE;
      guint32 entry;
      int c = peek (s, 0);
      Kind kind = c == '{' ? KIND_OBJECT : c == '[' ? KIND_ARRAY : KIND_SCALAR;

      entry = add_entry (s, parent, name, key_pos, kind);

      switch (c)
        {
        case '{':
        case '[':
          if (depth == ORK_JSON_MAX_DEPTH)
            return fail (s, s->off, entry, _("nesting deeper than %d levels"), ORK_JSON_MAX_DEPTH);
          stack[depth].entry = entry;
          stack[depth].kind = kind;
          stack[depth].count = 0;
          depth++;
          s->off++;
          skip_whitespace (s);
          if (peek (s, 0) == (c == '{' ? '}' : ']'))
            {
              s->off++;
              depth--;
              break;
            }
          parent = entry;
          opened = TRUE;
          if (kind == KIND_OBJECT)
            {
              if (!scan_key (s, entry, N_("expected a key in double quotes or '}'"),
                             &name, &key_pos))
                return FALSE;
            }
          else
            {
              name = 0;
              key_pos.line = key_pos.column = 0;
            }
          break;

        case '"':
          if (!scan_string (s, NULL, entry))
            return FALSE;
          break;

        case '-':
        case '0': case '1': case '2': case '3': case '4':
        case '5': case '6': case '7': case '8': case '9':
          if (!scan_number (s, entry))
            return FALSE;
          break;

        case 't':
        case 'f':
        case 'n':
          if (!scan_literal (s, entry))
            return FALSE;
          break;

        default:
          return fail_value (s, entry);
        }

      if (opened)
        continue;

      /* A value is complete: close containers until one continues. */
      for (;;)
        {
          Frame *top;
          int next;

          skip_whitespace (s);
          if (depth == 0)
            {
              if (!at_end (s))
                return fail_expected (s, NO_ENTRY, N_("expected the end of input after the top-level value"));
              return !s->failed;
            }

          top = &stack[depth - 1];
          next = peek (s, 0);
          if (next == ',')
            {
              OrkJsonPos comma = pos_at (s, s->off);

              s->off++;
              skip_whitespace (s);
              if (peek (s, 0) == (top->kind == KIND_OBJECT ? '}' : ']'))
                {
                  add_diagnostic (s, comma, top->entry, _("trailing commas are not allowed in JSON"));
                  s->failed = TRUE;
                  return FALSE;
                }
              top->count++;
              parent = top->entry;
              if (top->kind == KIND_OBJECT)
                {
                  if (!scan_key (s, top->entry, N_("expected a key in double quotes"),
                                 &name, &key_pos))
                    return FALSE;
                }
              else
                {
                  name = top->count;
                  key_pos.line = key_pos.column = 0;
                }
              break;
            }
          else if (next == (top->kind == KIND_OBJECT ? '}' : ']'))
            {
              s->off++;
              depth--;
            }
          else if (top->kind == KIND_OBJECT)
            return fail_expected (s, top->entry, N_("expected ',' or '}' after an object member"));
          else
            return fail_expected (s, top->entry, N_("expected ',' or ']' after an array element"));
        }
    }
}

OrkJsonScan *
ork_json_scan_new (const char *text,
                   gsize       len,
                   GPtrArray  *diagnostics)
{
  g_autoptr(OrkJsonScan) self = NULL;
  Scanner s = { 0 };
  gboolean ok;

  g_return_val_if_fail (text != NULL || len == 0, NULL);

  self = g_new0 (OrkJsonScan, 1);
  self->entries = g_array_sized_new (FALSE, FALSE, sizeof (Entry), MAX (16, len / 16));
  self->n_slots = 64;
  self->slots = g_new0 (Slot, self->n_slots);
  self->chunk = g_string_chunk_new (1024);
  self->name_ids = g_hash_table_new (g_str_hash, g_str_equal);
  self->names = g_ptr_array_new ();

  s.scan = self;
  s.diagnostics = diagnostics;
  s.text = (const guchar *) text;
  s.len = len;
  s.line = 1;
  s.col = 1;
  s.key = g_string_new (NULL);
  s.component = g_string_new (NULL);

  ok = scan_document (&s);

  g_string_free (s.key, TRUE);
  g_string_free (s.component, TRUE);

  if (!ok)
    return NULL;
  return g_steal_pointer (&self);
}

void
ork_json_scan_free (OrkJsonScan *self)
{
  if (self == NULL)
    return;
  g_array_unref (self->entries);
  g_free (self->slots);
  g_hash_table_unref (self->name_ids);
  g_ptr_array_unref (self->names);
  g_string_chunk_free (self->chunk);
  g_free (self);
}

/* Lookup */

/* Reads a ["..."] component at @p (the '['), decoding the escapes
 * append_escaped_key writes (and \uXXXX in general), and stores its canonical
 * component in @component. Returns the end, or NULL when malformed. */
static const char *
parse_quoted_component (const char *p,
                        GString    *component)
{
  g_autoptr(GString) key = g_string_new (NULL);

  p += 2;
  while (*p != '"')
    {
      if (*p == '\0')
        return NULL;
      if (*p == '\\')
        {
          p++;
          if (*p == 'u')
            {
              gunichar u = 0;

              for (guint i = 1; i <= 4; i++)
                {
                  int h = hex_value ((guchar) p[i]);

                  if (h < 0)
                    return NULL;
                  u = u << 4 | (gunichar) h;
                }
              if (u == 0)
                g_string_append_len (key, "", 1);
              else
                g_string_append_unichar (key, u);
              p += 5;
              continue;
            }
          if (*p == '\0')
            return NULL;
        }
      g_string_append_c (key, *p);
      p++;
    }
  if (p[1] != ']')
    return NULL;

  append_component (component, key->str, key->len);
  return p + 2;
}

static guint32
lookup (OrkJsonScan *self,
        const char  *path)
{
  g_autoptr(GString) component = g_string_new (NULL);
  guint32 current = 0;
  const char *p = path;

  if (self->entries->len == 0)
    return NO_ENTRY;

  while (*p != '\0')
    {
      Entry *e = entry_at (self, current);
      guint32 name;

      if (p[0] == '[' && g_ascii_isdigit (p[1]))
        {
          guint64 index = 0;

          if (e->kind != KIND_ARRAY)
            return NO_ENTRY;
          for (p++; g_ascii_isdigit (*p); p++)
            {
              index = index * 10 + (guint) (*p - '0');
              if (index > G_MAXUINT32)
                return NO_ENTRY;
            }
          if (*p != ']')
            return NO_ENTRY;
          p++;
          name = (guint32) index;
        }
      else
        {
          gpointer id;

          if (e->kind != KIND_OBJECT)
            return NO_ENTRY;

          g_string_truncate (component, 0);
          if (p[0] == '[' && p[1] == '"')
            {
              p = parse_quoted_component (p, component);
              if (p == NULL)
                return NO_ENTRY;
            }
          else
            {
              gsize n;

              if (current != 0)
                {
                  if (*p != '.')
                    return NO_ENTRY;
                  p++;
                }
              n = strcspn (p, ".[");
              if (n == 0)
                return NO_ENTRY;
              g_string_append_len (component, p, n);
              p += n;
            }

          id = g_hash_table_lookup (self->name_ids, component->str);
          if (id == NULL)
            return NO_ENTRY;
          name = GPOINTER_TO_UINT (id) - 1;
        }

      current = find_entry (self, current, name);
      if (current == NO_ENTRY)
        return NO_ENTRY;
    }
  return current;
}

gboolean
ork_json_scan_value_pos (OrkJsonScan *self,
                         const char  *path,
                         OrkJsonPos  *pos)
{
  guint32 index;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  index = lookup (self, path);
  if (index == NO_ENTRY)
    return FALSE;
  if (pos != NULL)
    *pos = entry_at (self, index)->value_pos;
  return TRUE;
}

gboolean
ork_json_scan_key_pos (OrkJsonScan *self,
                       const char  *path,
                       OrkJsonPos  *pos)
{
  guint32 index;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  index = lookup (self, path);
  if (index == NO_ENTRY || entry_at (self, index)->key_pos.line == 0)
    return FALSE;
  if (pos != NULL)
    *pos = entry_at (self, index)->key_pos;
  return TRUE;
}
