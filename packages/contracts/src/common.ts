import { z } from 'zod';

export const id = z.string().min(1).max(64).describe('Record id (UUIDv7)');
export const idParams = z.strictObject({ id });
export const timestamp = z.string().describe('ISO-8601 UTC timestamp');
export const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date as YYYY-MM-DD')
  .refine((v) => {
    const d = new Date(`${v}T00:00:00Z`);
    return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === v;
  }, 'must be a real calendar date')
  .describe('Calendar date YYYY-MM-DD');

/** Trimmed, non-empty text up to `max` characters. */
export const text = (max: number) =>
  z.string().trim().min(1, 'must not be empty').max(max, `must be at most ${max} characters`);
export const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max, `must be at most ${max} characters`)
    .transform((v) => (v === '' ? null : v))
    .nullable()
    .optional();

export const email = z
  .string()
  .trim()
  .toLowerCase()
  .max(254)
  .pipe(z.email('must be a valid e-mail address'));

export const password = z
  .string()
  .min(10, 'must be at least 10 characters')
  .max(200, 'must be at most 200 characters');

/** Validates an IANA time zone name against the runtime's tz database. */
export const timeZone = z
  .string()
  .min(1)
  .max(64)
  .refine((tz) => {
    try {
      new Intl.DateTimeFormat('en-US', { timeZone: tz });
      return true;
    } catch {
      return false;
    }
  }, 'must be an IANA time zone such as Europe/Berlin')
  .describe('IANA time zone');

export const currency = z
  .string()
  .regex(/^[A-Z]{3}$/, 'must be a 3-letter ISO 4217 code such as USD')
  .describe('ISO 4217 currency code');

export const limit = z.coerce.number().int().min(1).max(200).default(50);
export const cursor = z.string().max(500).optional().describe('Opaque cursor from nextCursor');
export const sortOrder = z.enum(['asc', 'desc']).default('asc');

/** A page of a keyset-paginated list. */
export const page = <T extends z.ZodType>(item: T) =>
  z.object({
    items: z.array(item),
    nextCursor: z
      .string()
      .nullable()
      .describe('Pass as `cursor` for the next page; null at the end'),
  });

export const ok = z.object({ ok: z.literal(true) });

export const userRef = z.object({ id, name: z.string() }).nullable();

/** RFC 9457 problem details, as every error answers. */
export const problem = z.object({
  type: z.string(),
  title: z.string(),
  status: z.number().int(),
  code: z.string().describe('Stable machine-readable error code'),
  detail: z.string().optional(),
  errors: z
    .array(z.object({ field: z.string(), message: z.string() }))
    .optional()
    .describe('Per-field problems, field as a path like items[2].quantity'),
});
export type Problem = z.infer<typeof problem>;

/** Standard columns every record exposes. */
export const recordMeta = {
  id,
  createdAt: timestamp,
  updatedAt: timestamp,
};
