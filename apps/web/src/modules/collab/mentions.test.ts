import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { displayToTokens, mentionAt, tokensToDisplay, tokensToMarkdown } from './mentions';

const name = fc
  .array(fc.stringMatching(/^[A-Z][a-zà-ÿ]{1,8}$/), { minLength: 1, maxLength: 3 })
  .map((w) => w.join(' '));
const person = fc.record({ userId: fc.uuid(), name });

describe('mentions in the comment box', () => {
  it('round-trips a stored body through the box unchanged', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(person, { selector: (p) => p.name, maxLength: 4 }),
        // A name ends where a letter-free character follows (the box inserts a space after it).
        fc.array(fc.stringMatching(/^([ ,.!][a-z ,.!]{0,12})?$/), { minLength: 1, maxLength: 5 }),
        (people, words) => {
          let body = words[0]!;
          people.forEach((p, i) => {
            body += ` @[${p.name}](user:${p.userId})${words[(i + 1) % words.length]}`;
          });
          const { text, mentions } = tokensToDisplay(body);
          expect(displayToTokens(text, mentions)).toBe(body);
        },
      ),
    );
  });

  it('prefers the longer name when one picked name starts another', () => {
    const mentions = [
      { userId: 'a', name: 'Ann' },
      { userId: 'b', name: 'Ann Lee' },
    ];
    expect(displayToTokens('@Ann Lee and @Ann!', mentions)).toBe(
      '@[Ann Lee](user:b) and @[Ann](user:a)!',
    );
    expect(displayToTokens('@Annika', mentions)).toBe('@Annika');
  });

  it('finds the mention being typed at the caret', () => {
    expect(mentionAt('Hi @pri', 7)).toEqual({ start: 3, query: 'pri' });
    expect(mentionAt('@', 1)).toEqual({ start: 0, query: '' });
    expect(mentionAt('mail me@host', 12)).toBeNull();
    expect(mentionAt('Hi @pri\nthere', 13)).toBeNull();
  });

  it('renders tokens as mention links for the markdown view', () => {
    expect(tokensToMarkdown('Hey @[Ann Lee](user:u-1)!')).toBe('Hey [@Ann Lee](#mention-u-1)!');
  });
});
