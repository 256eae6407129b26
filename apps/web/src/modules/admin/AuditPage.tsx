import { audit, org } from '@keel/contracts';
import {
  Badge,
  Button,
  Collapse,
  Group,
  Paper,
  Select,
  SimpleGrid,
  Stack,
  Text,
  TextInput,
  Tooltip,
} from '@mantine/core';
import { DatePickerInput } from '@mantine/dates';
import { useDebouncedValue } from '@mantine/hooks';
import { IconChevronDown, IconChevronRight, IconListSearch } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { endpointQuery, useCursorList } from '../../api/query';
import { EmptyState } from '../../components/EmptyState';
import { ChangeList, humaniseField } from '../../components/HistoryTimeline';
import { ListState, LoadMore } from '../../components/ListState';
import { AnchorLink } from '../../components/links';
import { PageHeader } from '../../components/PageHeader';
import { translateOr } from '../../i18n';
import { useCan } from '../../lib/session';
import { useFormat } from '../../lib/use-format';

const ENTITY_TYPES = [
  'employee',
  'site',
  'department',
  'position',
  'member',
  'organization',
  'role',
  'invitation',
  'user',
];

type Entry = audit.AuditEntry;

function EntityLabel({ entry }: { entry: Entry }) {
  const label = entry.entityLabel ?? entry.entityId;
  if (entry.entityType === 'employee') {
    return (
      <AnchorLink to="/people/$id" params={{ id: entry.entityId }} fz="sm" fw={600}>
        {label}
      </AnchorLink>
    );
  }
  return (
    <Text span fz="sm" fw={600}>
      {label}
    </Text>
  );
}

function AuditRow({ entry }: { entry: Entry }) {
  const { t } = useTranslation();
  const format = useFormat();
  const [open, setOpen] = useState(false);
  const count = Object.keys(entry.changes).length;
  return (
    <Paper withBorder p="sm" data-testid="audit-entry">
      <Group justify="space-between" wrap="wrap" gap="xs" align="flex-start">
        <Stack gap={2} style={{ minWidth: 0, flex: '1 1 20rem' }}>
          <Group gap={6} wrap="wrap">
            <Text fz="sm" fw={600}>
              {entry.actor?.name ?? t('history.system')}
            </Text>
            <Text fz="sm">
              {translateOr(
                `history.actions.${entry.action}`,
                humaniseField(entry.action),
              ).toLowerCase()}
            </Text>
            <Badge size="sm" variant="light" color="gray">
              {translateOr(
                `audit.entityTypes.${entry.entityType}`,
                humaniseField(entry.entityType),
              )}
            </Badge>
            <EntityLabel entry={entry} />
            {entry.via !== 'session' && (
              <Badge size="xs" variant="outline" color="gray">
                {t(`audit.via.${entry.via}`)}
              </Badge>
            )}
          </Group>
          <Tooltip label={format.dateTime(entry.at)}>
            <Text fz="xs" c="dimmed" component="time" dateTime={entry.at} w="fit-content">
              {format.dateTime(entry.at)} · {format.relative(entry.at)}
            </Text>
          </Tooltip>
        </Stack>
        {count > 0 && (
          <Button
            variant="subtle"
            size="compact-sm"
            onClick={() => setOpen((o) => !o)}
            aria-expanded={open}
            leftSection={
              open ? (
                <IconChevronDown size={14} aria-hidden />
              ) : (
                <IconChevronRight size={14} aria-hidden />
              )
            }
          >
            {t('audit.changes', { count })}
          </Button>
        )}
      </Group>
      {count > 0 && (
        <Collapse expanded={open}>
          <Paper bg="var(--mantine-color-default-hover)" p="sm" mt="sm">
            <ChangeList changes={entry.changes} />
          </Paper>
        </Collapse>
      )}
    </Paper>
  );
}

/** Everything that changed in the organization, newest first, with filters. */
export function AuditPage() {
  const { t } = useTranslation();
  const can = useCan();
  const [actorId, setActorId] = useState<string | null>(null);
  const [actorText, setActorText] = useState('');
  const [entityType, setEntityType] = useState<string | null>(null);
  const [range, setRange] = useState<[string | null, string | null]>([null, null]);
  const [debouncedActor] = useDebouncedValue(actorText.trim(), 300);
  const members = useQuery({
    ...endpointQuery(org.listMembers, { query: { limit: 200 } }),
    enabled: can('users.manage'),
  });

  const filters = {
    actorId: (can('users.manage') ? actorId : debouncedActor) || undefined,
    entityType: entityType ?? undefined,
    from: range[0] ?? undefined,
    to: range[1] ?? undefined,
  };
  const { list, rows } = useCursorList(audit.listAudit, { ...filters, limit: 50 });
  const filtered = Boolean(filters.actorId || filters.entityType || filters.from || filters.to);

  return (
    <>
      <PageHeader title={t('nav.audit')} description={t('audit.description')} />
      <Stack gap="md">
        <SimpleGrid cols={{ base: 1, xs: 2, md: 3 }} spacing="sm">
          {can('users.manage') ? (
            <Select
              label={t('audit.person')}
              placeholder={t('common.all')}
              data={(members.data?.items ?? []).map((m) => ({ value: m.userId, label: m.name }))}
              value={actorId}
              onChange={setActorId}
              searchable
              clearable
            />
          ) : (
            <TextInput
              label={t('audit.actorId')}
              placeholder={t('audit.actorIdPlaceholder')}
              value={actorText}
              onChange={(e) => setActorText(e.currentTarget.value)}
            />
          )}
          <Select
            label={t('audit.entityType')}
            placeholder={t('common.all')}
            data={ENTITY_TYPES.map((value) => ({
              value,
              label: translateOr(`audit.entityTypes.${value}`, humaniseField(value)),
            }))}
            value={entityType}
            onChange={setEntityType}
            clearable
          />
          <DatePickerInput
            type="range"
            label={t('audit.dateRange')}
            placeholder={t('audit.anyDate')}
            value={range}
            onChange={(value) =>
              setRange([value[0] ? String(value[0]) : null, value[1] ? String(value[1]) : null])
            }
            clearable
            valueFormat="YYYY-MM-DD"
          />
        </SimpleGrid>
        <ListState
          query={list}
          rows={rows}
          empty={
            <EmptyState
              icon={<IconListSearch size={28} stroke={1.5} aria-hidden />}
              title={filtered ? t('common.noMatchesTitle') : t('audit.emptyTitle')}
              description={filtered ? t('common.noMatchesHint') : t('audit.empty')}
              action={
                filtered && (
                  <Button
                    variant="default"
                    onClick={() => {
                      setActorId(null);
                      setActorText('');
                      setEntityType(null);
                      setRange([null, null]);
                    }}
                  >
                    {t('common.clearFilters')}
                  </Button>
                )
              }
            />
          }
        >
          {(entries) => (
            <Stack gap="xs" aria-live="polite">
              {entries.map((entry) => (
                <AuditRow key={entry.id} entry={entry} />
              ))}
              <LoadMore list={list} mt="sm" testId="load-more" />
            </Stack>
          )}
        </ListState>
      </Stack>
    </>
  );
}
