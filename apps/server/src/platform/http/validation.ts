import type { FastifySchemaCompiler } from 'fastify';
import type { z } from 'zod';
import type { FieldError } from '../errors.js';

/** Renders a zod path as `items[2].quantity`. */
export function fieldPath(path: ReadonlyArray<PropertyKey>): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out ? `.${String(part)}` : String(part);
  }
  return out;
}

/** Turns zod issues into per-field messages a person can act on. */
export function issuesToFields(issues: z.core.$ZodIssue[]): FieldError[] {
  const fields: FieldError[] = [];
  for (const issue of issues) {
    const base = fieldPath(issue.path);
    if (issue.code === 'unrecognized_keys') {
      for (const rawKey of issue.keys) {
        const key = rawKey === '' ? '""' : rawKey;
        fields.push({ field: base ? `${base}.${key}` : key, message: 'is not a known field' });
      }
    } else if (issue.code === 'invalid_type' && /received undefined/.test(issue.message)) {
      fields.push({ field: base || '(body)', message: 'is required' });
    } else if (issue.code === 'invalid_type') {
      fields.push({ field: base || '(body)', message: `must be ${issue.expected}` });
    } else if (issue.code === 'invalid_value') {
      const options = issue.values.map((v) => JSON.stringify(v)).join(', ');
      fields.push({ field: base || '(body)', message: `must be one of ${options}` });
    } else {
      fields.push({ field: base || '(body)', message: issue.message });
    }
  }
  return fields;
}

/** A request part (body, query, params) that failed its contract. */
export class RequestValidationError extends Error {
  readonly fields: FieldError[];
  statusCode = 400;
  validationContext = '';
  constructor(fields: FieldError[]) {
    super(fields.map((f) => `${f.field}: ${f.message}`).join('; '));
    this.fields = fields;
  }
}

/**
 * Fields holding text with a NUL character. PostgreSQL cannot store or compare such text (the
 * query fails), so it is refused at the edge on both databases alike.
 */
export function nulCharacterFields(value: unknown, path: PropertyKey[] = []): FieldError[] {
  if (typeof value === 'string') {
    return value.includes('\u0000')
      ? [{ field: fieldPath(path) || '(body)', message: 'must not contain NUL characters' }]
      : [];
  }
  if (Array.isArray(value)) return value.flatMap((v, i) => nulCharacterFields(v, [...path, i]));
  if (value && typeof value === 'object') {
    return Object.entries(value).flatMap(([k, v]) => nulCharacterFields(v, [...path, k]));
  }
  return [];
}

/** Validates with the route's zod schema; the error keeps per-field messages. */
export const zodValidatorCompiler: FastifySchemaCompiler<z.ZodType> =
  ({ schema }) =>
  (data) => {
    const result = schema.safeParse(data);
    if (!result.success) {
      return { error: new RequestValidationError(issuesToFields(result.error.issues)) };
    }
    const nul = nulCharacterFields(result.data);
    if (nul.length) return { error: new RequestValidationError(nul) };
    return { value: result.data };
  };
