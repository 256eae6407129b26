import { KeelError } from '../errors.js';

/** Keyset cursors are the last row's sort values, base64url JSON, opaque to clients. */
export const encodeCursor = (values: unknown[]): string =>
  Buffer.from(JSON.stringify(values)).toString('base64url');

const isScalar = (v: unknown) =>
  v === null || typeof v === 'string' || (typeof v === 'number' && Number.isFinite(v));

/** A record id as cursors carry it. */
export const isCursorId = (v: unknown): v is string =>
  typeof v === 'string' && v.length > 0 && v.length <= 64;

/**
 * Reads a cursor back. Only arrays of strings, numbers and nulls are cursors; `valid` checks the
 * shape a list expects (arity, types), so a forged cursor answers 400 and never reaches a query
 * where a wrong type would fail inside the database.
 */
export function decodeCursor(
  cursor: string | undefined,
  valid: (values: unknown[]) => boolean = () => true,
): unknown[] | null {
  if (!cursor) return null;
  try {
    const values = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(values) && values.every(isScalar) && valid(values)) return values;
  } catch {
    // fall through to the error below
  }
  throw new KeelError('invalid', 'INVALID_CURSOR', 'cursor: is not a cursor this API gave out', {
    fields: [{ field: 'cursor', message: 'is not a cursor this API gave out' }],
  });
}

/** The cursor of a list ordered by id alone: `[id]`. */
export const idCursor = (values: unknown[]) => values.length === 1 && isCursorId(values[0]);
