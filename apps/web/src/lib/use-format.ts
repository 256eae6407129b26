import { useMemo } from 'react';
import {
  type FormatContext,
  formatDate,
  formatDateTime,
  formatMoney,
  formatNumber,
  formatRelative,
} from './format';
import { useMe } from './session';

/** Formatters bound to the signed-in user's locale and the organization's time zone. */
export function useFormat() {
  const me = useMe();
  return useMemo(() => {
    const ctx: FormatContext = {
      locale: me.user.locale ?? navigator.language ?? 'en-US',
      timeZone: me.organization.timeZone,
    };
    return {
      ctx,
      date: (value: string | null | undefined) => formatDate(value, ctx),
      dateTime: (value: string | null | undefined) => formatDateTime(value, ctx),
      relative: (value: string | null | undefined) => formatRelative(value, ctx),
      number: (value: number | null | undefined) => formatNumber(value, ctx),
      money: (amountMinor: number | null | undefined, currency: string) =>
        formatMoney(amountMinor, currency, ctx),
    };
  }, [me.user.locale, me.organization.timeZone]);
}
