import { useMediaQuery } from '@mantine/hooks';

/**
 * True below 48em (Mantine's `sm`), where drawers go full screen and tables become cards. Read
 * on the first render (not in an effect) so a page does not flash its desktop layout on a phone.
 */
export function useIsPhone(): boolean {
  return useMediaQuery('(max-width: 48em)', false, { getInitialValueInEffect: false });
}
