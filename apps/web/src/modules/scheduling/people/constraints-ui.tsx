import { Badge } from '@mantine/core';
import { IconUserQuestion } from '@tabler/icons-react';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { EmptyState } from '../../../components/EmptyState';
import { addDays, isoWeekday, todayIn } from '../dates';

export { addDays, isoWeekday, todayIn };

export const WEEKDAYS = [1, 2, 3, 4, 5, 6, 7] as const;

const DAY_KEYS = [
  'scheduling.people.weekdays.d1',
  'scheduling.people.weekdays.d2',
  'scheduling.people.weekdays.d3',
  'scheduling.people.weekdays.d4',
  'scheduling.people.weekdays.d5',
  'scheduling.people.weekdays.d6',
  'scheduling.people.weekdays.d7',
] as const;

/** "Monday" … "Sunday" for ISO weekday 1–7. */
export const dayName = (t: TFunction, weekday: number) => t(DAY_KEYS[weekday - 1] ?? DAY_KEYS[0]);

/** Every query the constraints pages show, for refreshing after a change. */
export const CONSTRAINT_QUERIES = [
  'getAvailability',
  'listPreferences',
  'getTimeOffBalances',
  'listTimeOffRequests',
  'getTimeOffRequest',
  'listTimeOffTypes',
  'getWorkRules',
  'listEmployeeWorkRules',
  'getEmployeeWorkRules',
  'listApprovals',
  'approvalCounts',
] as const;

/** Minutes as hours with at most one decimal ("7.5"). */
export const hoursOf = (minutes: number) => String(Math.round((minutes / 60) * 10) / 10);

/** Monday–Friday dates from `from` to `to`, both included. */
export function workdays(from: string, to: string): number {
  if (!from || !to || to < from) return 0;
  let n = 0;
  for (let d = from; d <= to; d = addDays(d, 1)) if (isoWeekday(d) <= 5) n++;
  return n;
}

const STATUS_COLOR = {
  pending: 'yellow',
  approved: 'green',
  rejected: 'red',
  cancelled: 'gray',
} as const;

export function TimeOffStatusBadge({ status }: { status: keyof typeof STATUS_COLOR }) {
  const { t } = useTranslation();
  return (
    <Badge color={STATUS_COLOR[status]} variant="light" data-testid="time-off-status">
      {t(`scheduling.people.timeOff.status.${status}`)}
    </Badge>
  );
}

/** For members whose account has no employee record (owners, office staff). */
export function NoEmployeeState() {
  const { t } = useTranslation();
  return (
    <EmptyState
      icon={<IconUserQuestion size={28} stroke={1.5} aria-hidden />}
      title={t('scheduling.people.noEmployeeTitle')}
      description={t('scheduling.people.noEmployeeBody')}
    />
  );
}

/** True when an API error says the member has no employee record. */
export const isNoEmployee = (error: unknown) =>
  !!error &&
  typeof error === 'object' &&
  (error as { code?: string }).code === 'NO_EMPLOYEE_RECORD';
