/** What went wrong, independent of transport; the HTTP edge maps it to a status. */
export type ErrorKind =
  | 'invalid'
  | 'unauthenticated'
  | 'forbidden'
  | 'not_found'
  | 'conflict'
  | 'unprocessable'
  | 'rate_limited'
  | 'too_large';

export interface FieldError {
  field: string;
  message: string;
}

/**
 * The one error type services throw. `code` is stable and documented (SITE_NOT_FOUND,
 * LAST_OWNER…); `message` is for people; `fields` names the input that was wrong.
 */
export class KeelError extends Error {
  readonly kind: ErrorKind;
  readonly code: string;
  readonly fields: FieldError[] | undefined;
  readonly extra: Record<string, unknown> | undefined;

  constructor(
    kind: ErrorKind,
    code: string,
    message: string,
    options: { fields?: FieldError[]; extra?: Record<string, unknown> } = {},
  ) {
    super(message);
    this.name = 'KeelError';
    this.kind = kind;
    this.code = code;
    this.fields = options.fields;
    this.extra = options.extra;
  }
}

export const notFound = (
  entity: string,
  code = `${entity.toUpperCase().replace(/ /g, '_')}_NOT_FOUND`,
) => new KeelError('not_found', code, `${entity[0]!.toUpperCase()}${entity.slice(1)} not found`);

export const invalid = (code: string, field: string, message: string) =>
  new KeelError('invalid', code, `${field}: ${message}`, { fields: [{ field, message }] });

export const forbidden = (code: string, message: string) =>
  new KeelError('forbidden', code, message);

export const conflict = (code: string, message: string, fields?: FieldError[]) =>
  new KeelError('conflict', code, message, fields ? { fields } : {});
