import type { z } from 'zod';
import { ApiError } from './client';

export type FormErrors = Record<string, string>;

/** Maps an API or schema field path to the form's field path (e.g. `pay.amountMinor` → `pay.amount`). */
export type FieldMap = Record<string, string>;

function capitalise(message: string): string {
  return message.charAt(0).toUpperCase() + message.slice(1);
}

/** Turns `items[2].quantity` into Mantine's `items.2.quantity`. */
export function toFormPath(field: string): string {
  return field.replace(/\[(\d+)\]/g, '.$1').replace(/^\./, '');
}

/** ApiError.errors as Mantine form errors (`form.setErrors(...)`). */
export function apiFieldErrors(error: unknown, fieldMap: FieldMap = {}): FormErrors {
  if (!(error instanceof ApiError)) return {};
  const out: FormErrors = {};
  for (const item of error.errors) {
    const path = toFormPath(item.field);
    const key = fieldMap[path] ?? path;
    out[key] ??= capitalise(item.message);
  }
  return out;
}

/**
 * Validates `value` (the request body built from the form values) with a contract schema and
 * returns Mantine form errors keyed by form path; empty when valid.
 */
export function zodFormErrors(
  schema: z.ZodType,
  value: unknown,
  fieldMap: FieldMap = {},
): FormErrors {
  const result = schema.safeParse(value);
  if (result.success) return {};
  const out: FormErrors = {};
  for (const issue of result.error.issues) {
    const path = issue.path.map(String).join('.');
    const key = fieldMap[path] ?? path;
    out[key] ??= capitalise(issue.message);
  }
  return out;
}
