import type { ShiftSummary, SwapStatus } from '@keel/contracts';
import { Badge, Group, Text } from '@mantine/core';
import { IconMapPin } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { useMe } from '../../../lib/session';
import { readableOn } from '../../../theme';
import { addDays, todayIn } from '../dates';

export { addDays, todayIn };

/** "Thu, Nov 26" for a calendar date in the user's locale. */
export function useDayLabel() {
  const me = useMe();
  const { t } = useTranslation();
  const locale = me.user.locale ?? navigator.language ?? 'en-US';
  const fmt = new Intl.DateTimeFormat(locale, {
    weekday: 'long',
    month: 'short',
    day: 'numeric',
    timeZone: 'UTC',
  });
  const today = todayIn(me.organization.timeZone);
  return (date: string) => {
    const label = fmt.format(new Date(`${date}T00:00:00Z`));
    if (date === today) return `${t('scheduling.self.mine.today')} · ${label}`;
    if (date === addDays(today, 1)) return `${t('scheduling.self.mine.tomorrow')} · ${label}`;
    return label;
  };
}

/** Whether the viewer's own clock shows a different zone than the site. */
const browserZone = () => Intl.DateTimeFormat().resolvedOptions().timeZone;

/** The shift type chip in its color. */
export function ShiftTypeChip({ shift }: { shift: ShiftSummary }) {
  if (!shift.shiftType) return null;
  return (
    <Badge
      variant="filled"
      style={{ backgroundColor: shift.shiftType.color, color: readableOn(shift.shiftType.color) }}
      title={shift.shiftType.name}
    >
      {shift.shiftType.code} · {shift.shiftType.name}
    </Badge>
  );
}

/** "06:00 – 14:00 (+1)" in the site's local time, with the zone when it is not the viewer's. */
export function ShiftTimes({ shift, size = 'lg' }: { shift: ShiftSummary; size?: string }) {
  const { t } = useTranslation();
  const overnight = shift.endTime <= shift.startTime;
  return (
    <div>
      <Text fw={650} fz={size} style={{ fontVariantNumeric: 'tabular-nums' }}>
        {shift.startTime} – {shift.endTime}
        {overnight ? ' (+1)' : ''}
      </Text>
      {shift.timeZone !== browserZone() && (
        <Text fz="xs" c="dimmed">
          {t('scheduling.self.mine.siteTime', { zone: shift.timeZone })}
        </Text>
      )}
    </div>
  );
}

/** Site and position of a shift, on one line. */
export function ShiftWhere({ shift }: { shift: ShiftSummary }) {
  return (
    <Group gap={6} wrap="nowrap">
      <IconMapPin size={14} aria-hidden />
      <Text fz="sm" c="dimmed" truncate>
        {shift.site.name}
        {shift.position ? ` · ${shift.position.name}` : ''}
      </Text>
    </Group>
  );
}

const STATUS_COLORS: Record<SwapStatus, string> = {
  pending_colleague: 'yellow',
  pending_approval: 'blue',
  approved: 'green',
  declined: 'gray',
  rejected: 'red',
  cancelled: 'gray',
  failed: 'red',
};

/** A swap status as a colored chip. */
export function SwapStatusChip({ status }: { status: SwapStatus }) {
  const { t } = useTranslation();
  return (
    <Badge
      color={STATUS_COLORS[status]}
      variant="light"
      style={{ flexShrink: 0 }}
      data-testid={`swap-status-${status}`}
    >
      {t(`scheduling.self.swaps.statuses.${status}`)}
    </Badge>
  );
}

/** Query names of the self area, refreshed after each change. */
export const SELF_QUERIES = ['listMyShifts', 'listOpenShifts', 'listSwaps', 'listSwapCandidates'];
