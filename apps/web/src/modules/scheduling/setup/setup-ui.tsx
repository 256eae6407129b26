import { type ShiftType, scheduling } from '@keel/contracts';
import { Alert, Badge, Box, Group, List, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { endpointQuery } from '../../../api/query';
import { useFormat } from '../../../lib/use-format';
import { addDays, isoWeekday, todayIn } from '../dates';

export { addDays, isoWeekday, todayIn };

export const WEEKDAYS = [1, 2, 3, 4, 5, 6, 7] as const;

/** Every query the setup pages show, for refreshing after a change. */
export const SETUP_QUERIES = [
  'listShiftTypes',
  'listCoverage',
  'listRotations',
  'listWeekTemplates',
  'listHolidays',
  'getSchedulingSettings',
] as const;

/** The Monday on or before a date. */
export function mondayOf(date: string): string {
  return addDays(date, 1 - isoWeekday(date));
}

/** The site's shift types (archived too when asked). */
export function useShiftTypes(siteId: string, includeArchived = false) {
  return useQuery(
    endpointQuery(scheduling.listShiftTypes, {
      query: { siteId, ...(includeArchived ? { includeArchived: 'true' as const } : {}) },
    }),
  );
}

/** A shift type's colour and code as a small badge. */
export function ShiftTypeCode({ type }: { type: Pick<ShiftType, 'code' | 'color' | 'name'> }) {
  return (
    <Badge
      color={type.color}
      variant="filled"
      radius="sm"
      title={type.name}
      styles={{ root: { textTransform: 'none' } }}
    >
      {type.code}
    </Badge>
  );
}

/** "1 h 30 min"-style length of paid minutes, in hours with one decimal. */
export function hoursOf(minutes: number): string {
  return (Math.round((minutes / 60) * 100) / 100).toString();
}

/** What a bulk apply (rotation, template) did: created count and the skipped days with reasons. */
export function BulkResult({
  result,
}: {
  result: { created: number; skipped: { date: string; reason: string }[] };
}) {
  const { t } = useTranslation();
  const fmt = useFormat();
  return (
    <Alert
      color={result.skipped.length ? 'yellow' : 'green'}
      title={t('scheduling.setup.result.created', { count: result.created })}
      data-testid="bulk-result"
    >
      {result.skipped.length === 0 ? (
        <Text fz="sm">{t('scheduling.setup.result.none')}</Text>
      ) : (
        <Box>
          <Text fz="sm" fw={600}>
            {t('scheduling.setup.result.skipped', { count: result.skipped.length })}
          </Text>
          <List size="sm" mah={200} style={{ overflowY: 'auto' }}>
            {result.skipped.map((s, i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: the list is static once shown
              <List.Item key={i}>
                <Group gap={6} wrap="nowrap">
                  <Text fz="sm" fw={500} style={{ whiteSpace: 'nowrap' }}>
                    {fmt.date(s.date)}
                  </Text>
                  <Text fz="sm">{s.reason}</Text>
                </Group>
              </List.Item>
            ))}
          </List>
        </Box>
      )}
    </Alert>
  );
}
