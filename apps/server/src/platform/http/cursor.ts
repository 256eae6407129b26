import { KeelError } from '../errors.js';

/** Keyset cursors are the last row's sort values, base64url JSON, opaque to clients. */
export const encodeCursor = (values: unknown[]): string =>
  Buffer.from(JSON.stringify(values)).toString('base64url');

export function decodeCursor(cursor: string | undefined): unknown[] | null {
  if (!cursor) return null;
  try {
    const values = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(values)) return values;
  } catch {
    // fall through to the error below
  }
  throw new KeelError('invalid', 'INVALID_CURSOR', 'cursor: is not a cursor this API gave out', {
    fields: [{ field: 'cursor', message: 'is not a cursor this API gave out' }],
  });
}
