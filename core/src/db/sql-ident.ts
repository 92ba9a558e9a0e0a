/**
 * @module SQL identifier quoting. Identifiers are the only text (besides parameter placeholders) that
 * core splices into SQL, and only after validation against `^\w+$` names; quoting is the second fence.
 */

/** Quotes an identifier with backticks, as PocketBase's dbx builder writes them. */
export function quoteIdent(name: string): string {
  return '`' + name.replace(/`/g, '``') + '`'
}
