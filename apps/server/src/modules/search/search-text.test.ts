import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { foldText, ftsMatch, MAX_QUERY_TERMS, queryTerms, terms, tsQuery } from './search-text.js';

describe('search terms', () => {
  it('folds case and diacritics', () => {
    expect(foldText('José Ñúñez Øre')).toBe('jose nunez øre');
    expect(terms('Zoë-Müller, forklift_3')).toEqual(['zoe', 'muller', 'forklift', '3']);
  });

  it('drops FTS syntax from queries', () => {
    expect(queryTerms('"fork* NEAR(lift) -dock:')).toEqual(['fork', 'near', 'lift', 'dock']);
    expect(queryTerms('** -- ""')).toEqual([]);
  });

  it('keeps at most the first distinct terms', () => {
    const many = Array.from({ length: 30 }, (_, i) => `w${i}`).join(' ');
    expect(queryTerms(`a a b ${many}`)).toHaveLength(MAX_QUERY_TERMS);
    expect(queryTerms('a a b')).toEqual(['a', 'b']);
  });

  it('builds prefix queries for both databases', () => {
    expect(ftsMatch(['fork', 'dock'])).toBe('"fork"* "dock"*');
    expect(tsQuery(['fork', 'dock'])).toBe("'fork':* & 'dock':*");
  });

  it('never lets a query term carry quotes, operators or spaces', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), (q) => {
        for (const term of queryTerms(q)) {
          expect(term).toMatch(/^[\p{L}\p{N}]+$/u);
          expect(term).toBe(term.toLowerCase());
        }
      }),
    );
  });

  it('finds a document word by any prefix of it', () => {
    fc.assert(
      fc.property(
        fc.string({ minLength: 1, maxLength: 30 }),
        fc.integer({ min: 1, max: 30 }),
        (word, n) => {
          const [docTerm] = terms(word);
          fc.pre(!!docTerm);
          const prefix = docTerm!.slice(0, n);
          const [qTerm] = queryTerms(prefix);
          expect(docTerm!.startsWith(qTerm!)).toBe(true);
        },
      ),
    );
  });
});
