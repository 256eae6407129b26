import { audit } from '@keel/contracts';
import {
  Badge,
  Card,
  Code,
  Group,
  Skeleton,
  Stack,
  Text,
  Timeline,
  Title,
  Tooltip,
} from '@mantine/core';
import {
  IconArchive,
  IconArrowBackUp,
  IconEdit,
  IconHistory,
  IconPlus,
  IconPoint,
} from '@tabler/icons-react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { endpointQuery } from '../api/query';
import { translateOr } from '../i18n';
import { useFormat } from '../lib/use-format';
import { ErrorState } from './ErrorState';

export type HistoryEntityType =
  | 'employee'
  | 'site'
  | 'department'
  | 'position'
  | 'member'
  | 'organization'
  | 'role'
  | 'invitation';

/** camelCase / snake_case field names as words: `contractHoursPerWeek` → "Contract hours per week". */
export function humaniseField(field: string): string {
  const words = field
    .replace(/Id$/, '')
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/[_.]+/g, ' ')
    .toLowerCase()
    .trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/**
 * Names for ids found in any list already cached (sites, departments, positions, employees,
 * members), so history reads "Columbus Plant" rather than a UUID when the name is known.
 */
function useIdLabels(): Map<string, string> {
  const queryClient = useQueryClient();
  const labels = new Map<string, string>();
  const visit = (value: unknown) => {
    if (Array.isArray(value)) {
      for (const item of value) visit(item);
    } else if (value && typeof value === 'object') {
      const record = value as Record<string, unknown>;
      const label =
        typeof record.name === 'string'
          ? record.name
          : typeof record.title === 'string'
            ? record.title
            : null;
      if (typeof record.id === 'string' && label) labels.set(record.id, label);
      for (const key of ['items', 'pages', 'nodes', 'site', 'department', 'position', 'manager']) {
        if (key in record) visit(record[key]);
      }
    }
  };
  for (const query of queryClient.getQueryCache().getAll()) visit(query.state.data);
  return labels;
}

const ENUM_KEYS: Record<string, string> = {
  employmentType: 'people.employmentTypes',
  'pay.type': 'people.payTypes',
  payType: 'people.payTypes',
  role: 'roles.names',
  status: 'people.statuses',
};

function ValueText({
  value,
  field,
  labels,
}: {
  value: unknown;
  field: string;
  labels: Map<string, string>;
}) {
  const { t } = useTranslation();
  if (typeof value === 'string') {
    const known = labels.get(value);
    if (known) return <>{known}</>;
    const enumKey = ENUM_KEYS[field];
    if (enumKey) return <>{translateOr(`${enumKey}.${value}`, value)}</>;
  }
  if (value === null || value === undefined || value === '') {
    return (
      <Text span c="dimmed" fz="sm" fs="italic">
        {t('history.empty')}
      </Text>
    );
  }
  if (typeof value === 'boolean') return <>{value ? t('common.yes') : t('common.no')}</>;
  if (Array.isArray(value) && value.every((v) => typeof v !== 'object')) {
    return <>{value.length ? value.join(', ') : t('history.empty')}</>;
  }
  if (typeof value === 'object') {
    return (
      <Code fz="xs" style={{ wordBreak: 'break-all' }}>
        {JSON.stringify(value)}
      </Code>
    );
  }
  return <>{String(value)}</>;
}

const ACTION_ICONS: Record<string, ReactNode> = {
  create: <IconPlus size={12} aria-hidden />,
  update: <IconEdit size={12} aria-hidden />,
  archive: <IconArchive size={12} aria-hidden />,
  restore: <IconArrowBackUp size={12} aria-hidden />,
};

/** The list of "field: before → after" lines of one audit entry. */
export function ChangeList({
  changes,
}: {
  changes: Record<string, { before: unknown; after: unknown }>;
}) {
  const labels = useIdLabels();
  const entries = Object.entries(changes);
  if (entries.length === 0) return null;
  return (
    <Stack gap={2} mt={4}>
      {entries.map(([field, change]) => (
        <Text key={field} fz="sm" style={{ wordBreak: 'break-word' }}>
          <Text span fw={600} fz="sm">
            {translateOr(`history.fields.${field}`, humaniseField(field))}
          </Text>
          {': '}
          <ValueText value={change.before} field={field} labels={labels} />
          <Text span c="dimmed" mx={6} aria-hidden>
            →
          </Text>
          <ValueText value={change.after} field={field} labels={labels} />
        </Text>
      ))}
    </Stack>
  );
}

/** A record's own history as a timeline, newest first, from GET /api/history/:type/:id. */
export function HistoryTimeline({
  entityType,
  entityId,
  title,
}: {
  entityType: HistoryEntityType;
  entityId: string;
  title?: string;
}) {
  const { t } = useTranslation();
  const format = useFormat();
  const query = useQuery(
    endpointQuery(audit.getRecordHistory, { params: { entityType, entityId } }),
  );

  return (
    <Card data-testid="history">
      <Group gap="xs" mb="md">
        <IconHistory size={18} aria-hidden />
        <Title order={2} fz="h4">
          {title ?? t('history.title')}
        </Title>
      </Group>
      {query.isPending ? (
        <Stack gap="sm">
          <Skeleton height={14} width="50%" />
          <Skeleton height={14} width="70%" />
          <Skeleton height={14} width="40%" />
        </Stack>
      ) : query.isError ? (
        <ErrorState error={query.error} onRetry={() => void query.refetch()} />
      ) : query.data.items.length === 0 ? (
        <Text c="dimmed" fz="sm">
          {t('history.none')}
        </Text>
      ) : (
        <Timeline bulletSize={22} lineWidth={2} active={query.data.items.length}>
          {query.data.items.map((entry) => (
            <Timeline.Item
              key={entry.id}
              bullet={ACTION_ICONS[entry.action] ?? <IconPoint size={12} aria-hidden />}
              title={
                <Group gap="xs" wrap="wrap">
                  <Text fw={600} fz="sm">
                    {translateOr(`history.actions.${entry.action}`, humaniseField(entry.action))}
                  </Text>
                  {entry.via === 'token' && (
                    <Badge size="xs" variant="light" color="gray">
                      {t('history.viaToken')}
                    </Badge>
                  )}
                </Group>
              }
            >
              <Text fz="xs" c="dimmed">
                {entry.actor ? entry.actor.name : t('history.system')}
                {' · '}
                <Tooltip label={format.dateTime(entry.at)}>
                  <time dateTime={entry.at}>{format.relative(entry.at)}</time>
                </Tooltip>
              </Text>
              <ChangeList changes={entry.changes} />
            </Timeline.Item>
          ))}
        </Timeline>
      )}
    </Card>
  );
}
