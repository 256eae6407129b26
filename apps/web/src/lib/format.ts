/**
 * Formatting through Intl only, for the user's locale. Calendar dates (YYYY-MM-DD) are shown as
 * written, never shifted by a time zone; instants (ISO timestamps) are shown in the given zone.
 */

export interface FormatContext {
  locale: string;
  timeZone?: string | undefined;
}

const cache = new Map<string, Intl.NumberFormat | Intl.DateTimeFormat>();

function cached<T extends Intl.NumberFormat | Intl.DateTimeFormat>(key: string, make: () => T): T {
  let value = cache.get(key);
  if (!value) {
    value = make();
    cache.set(key, value);
  }
  return value as T;
}

function safeLocale(locale: string): string {
  try {
    return Intl.getCanonicalLocales(locale)[0] ?? 'en-US';
  } catch {
    return 'en-US';
  }
}

/** A calendar date such as 2024-03-01 → "Mar 1, 2024". */
export function formatDate(value: string | null | undefined, ctx: FormatContext): string {
  if (!value) return '';
  const date = /^\d{4}-\d{2}-\d{2}$/.test(value) ? new Date(`${value}T00:00:00Z`) : new Date(value);
  if (Number.isNaN(date.getTime())) return value;
  const isCalendarDate = value.length === 10;
  const locale = safeLocale(ctx.locale);
  const tz = isCalendarDate ? 'UTC' : ctx.timeZone;
  return cached(
    `d|${locale}|${tz}`,
    () => new Intl.DateTimeFormat(locale, { dateStyle: 'medium', ...(tz ? { timeZone: tz } : {}) }),
  ).format(date);
}

/** An instant → "Mar 1, 2024, 14:05" in the context's time zone. */
export function formatDateTime(value: string | null | undefined, ctx: FormatContext): string {
  if (!value) return '';
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) return value;
  const locale = safeLocale(ctx.locale);
  return cached(
    `dt|${locale}|${ctx.timeZone}`,
    () =>
      new Intl.DateTimeFormat(locale, {
        dateStyle: 'medium',
        timeStyle: 'short',
        ...(ctx.timeZone ? { timeZone: ctx.timeZone } : {}),
      }),
  ).format(date);
}

/** "3 days ago" / "in 2 hours" relative to now. */
export function formatRelative(
  value: string | null | undefined,
  ctx: FormatContext,
  now = Date.now(),
): string {
  if (!value) return '';
  const then = new Date(value).getTime();
  if (Number.isNaN(then)) return value;
  const seconds = Math.round((then - now) / 1000);
  const locale = safeLocale(ctx.locale);
  const rtf = new Intl.RelativeTimeFormat(locale, { numeric: 'auto' });
  const abs = Math.abs(seconds);
  if (abs < 60) return rtf.format(seconds, 'second');
  if (abs < 3600) return rtf.format(Math.round(seconds / 60), 'minute');
  if (abs < 86_400) return rtf.format(Math.round(seconds / 3600), 'hour');
  if (abs < 30 * 86_400) return rtf.format(Math.round(seconds / 86_400), 'day');
  if (abs < 365 * 86_400) return rtf.format(Math.round(seconds / (30 * 86_400)), 'month');
  return rtf.format(Math.round(seconds / (365 * 86_400)), 'year');
}

export function formatNumber(value: number | null | undefined, ctx: FormatContext): string {
  if (value === null || value === undefined) return '';
  const locale = safeLocale(ctx.locale);
  return cached(`n|${locale}`, () => new Intl.NumberFormat(locale)).format(value);
}

/** How many minor units make one major unit of a currency (USD 2 → 100, JPY 0 → 1). */
export function currencyDigits(currency: string): number {
  try {
    return (
      new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions()
        .maximumFractionDigits ?? 2
    );
  } catch {
    return 2;
  }
}

export function minorToMajor(amountMinor: number, currency: string): number {
  return amountMinor / 10 ** currencyDigits(currency);
}

export function majorToMinor(amount: number, currency: string): number {
  return Math.round(amount * 10 ** currencyDigits(currency));
}

/** Money from integer minor units: (123456, 'USD') → "$1,234.56". */
export function formatMoney(
  amountMinor: number | null | undefined,
  currency: string,
  ctx: FormatContext,
): string {
  if (amountMinor === null || amountMinor === undefined) return '';
  const locale = safeLocale(ctx.locale);
  let formatter: Intl.NumberFormat;
  try {
    formatter = cached(
      `m|${locale}|${currency}`,
      () => new Intl.NumberFormat(locale, { style: 'currency', currency }),
    );
  } catch {
    return `${formatNumber(minorToMajor(amountMinor, currency), ctx)} ${currency}`;
  }
  return formatter.format(minorToMajor(amountMinor, currency));
}

/** Every IANA time zone the browser knows (for pickers). */
export function timeZones(): string[] {
  try {
    const zones = Intl.supportedValuesOf('timeZone');
    return zones.includes('UTC') ? zones : ['UTC', ...zones];
  } catch {
    return ['UTC'];
  }
}

/** The locales offered for formatting (organization default and personal choice). */
export const LOCALES = [
  'en-US',
  'en-GB',
  'en-AU',
  'en-CA',
  'de-DE',
  'fr-FR',
  'es-ES',
  'it-IT',
  'nl-NL',
  'pt-BR',
  'pl-PL',
  'sv-SE',
  'ja-JP',
];

/** LOCALES as picker options named in English, e.g. "German (Germany) (de-DE)". */
export function localeOptions(): { value: string; label: string }[] {
  let display: Intl.DisplayNames | null = null;
  try {
    display = new Intl.DisplayNames(['en'], { type: 'language' });
  } catch {
    display = null;
  }
  return LOCALES.map((value) => ({ value, label: `${display?.of(value) ?? value} (${value})` }));
}
