/**
 * How text becomes search terms, the same way for documents and queries on both databases:
 * lower case, diacritics removed ("José" → "jose"), split on anything that is not a letter or a
 * digit. Query terms therefore never carry FTS syntax (quotes, `*`, `-`, `:`, parentheses), and
 * words such as NEAR, AND or OR are lower-cased plain terms.
 */

/** At most this many terms of a query are used; the rest are ignored. */
export const MAX_QUERY_TERMS = 12;
/** A term longer than this is cut (no real word is longer; it bounds index work). */
export const MAX_TERM_LENGTH = 64;

/** Lower case without diacritics; NFKD also folds compatibility forms (ﬁ → fi, ² → 2). */
export function foldText(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase();
}

/** The words of a text, folded. */
export function terms(text: string): string[] {
  return foldText(text)
    .split(/[^\p{L}\p{N}]+/u)
    .filter((t) => t.length > 0)
    .map((t) => t.slice(0, MAX_TERM_LENGTH));
}

/** The text a document's index is built from: its words separated by single spaces. */
export const indexText = (text: string | null | undefined): string =>
  text ? terms(text).join(' ') : '';

/** Distinct query terms, in order, at most MAX_QUERY_TERMS. */
export function queryTerms(q: string): string[] {
  return [...new Set(terms(q))].slice(0, MAX_QUERY_TERMS);
}

/**
 * An FTS5 MATCH expression: every term must occur, each as a prefix (`"fork"*` finds
 * "forklift"). Terms hold only letters and digits, and each is quoted as an FTS5 string anyway.
 */
export function ftsMatch(qTerms: string[]): string {
  return qTerms.map((t) => `"${t.replaceAll('"', '""')}"*`).join(' ');
}

/**
 * A PostgreSQL `to_tsquery('simple', …)` expression: every term as a prefix (`'fork':*`),
 * joined with `&`. Terms hold only letters and digits; quotes are doubled regardless.
 */
export function tsQuery(qTerms: string[]): string {
  return qTerms.map((t) => `'${t.replaceAll("'", "''")}':*`).join(' & ');
}
