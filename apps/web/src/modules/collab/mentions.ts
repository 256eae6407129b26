/**
 * Mentions in comment text. Stored bodies carry tokens `@[Name](user:ID)`; the comment box shows
 * `@Name` and remembers who each name is, turning names back into tokens on send.
 */

const TOKEN = /@\[([^\]\n]{1,200})\]\(user:([A-Za-z0-9-]{1,64})\)/g;

export interface Mention {
  userId: string;
  name: string;
}

/** Stored body → what the comment box shows, plus the people it mentions. */
export function tokensToDisplay(body: string): { text: string; mentions: Mention[] } {
  const mentions: Mention[] = [];
  const text = body.replace(TOKEN, (_, name: string, userId: string) => {
    if (!mentions.some((m) => m.userId === userId && m.name === name)) {
      mentions.push({ userId, name });
    }
    return `@${name}`;
  });
  return { text, mentions };
}

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Comment box text → body to send: every `@Name` of a picked person becomes their token. Longer
 * names go first so "@Ann Lee" is not taken for "@Ann".
 */
export function displayToTokens(text: string, mentions: Mention[]): string {
  const sorted = [...mentions].sort((a, b) => b.name.length - a.name.length);
  if (sorted.length === 0) return text;
  const pattern = new RegExp(
    `@(${sorted.map((m) => escapeRegExp(m.name)).join('|')})(?![\\p{L}\\p{N}])`,
    'gu',
  );
  return text.replace(pattern, (_, name: string) => {
    const m = sorted.find((x) => x.name === name)!;
    return `@[${m.name.replace(/[[\]\n]/g, ' ')}](user:${m.userId})`;
  });
}

/** Stored body → markdown the Markdown component shows with highlighted names. */
export function tokensToMarkdown(body: string): string {
  return body.replace(TOKEN, (_, name: string, userId: string) => `[@${name}](#mention-${userId})`);
}

/**
 * The mention being typed at the caret: `@` at the start or after a space, then up to 40
 * characters without a line break or another `@`. Returns where it starts and the query.
 */
export function mentionAt(text: string, caret: number): { start: number; query: string } | null {
  const before = text.slice(0, caret);
  const m = /(^|[\s([{])@([^\s@[\]()][^\n@[\]()]{0,39})?$/u.exec(before);
  if (!m) return null;
  const query = m[2] ?? '';
  // Two words at most: "@Ann Lee" still searches, a whole sentence does not.
  if (query.split(' ').length > 3) return null;
  return { start: before.length - query.length - 1, query };
}
