import { scheduling } from '@keel/contracts';
import {
  Alert,
  Badge,
  Button,
  Checkbox,
  Group,
  List,
  Modal,
  Select,
  Stack,
  Table,
  Text,
  Textarea,
  TextInput,
  UnstyledButton,
} from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, call } from '../../../api/client';
import { endpointQuery } from '../../../api/query';
import { ErrorState } from '../../../components/ErrorState';
import { SideDrawer } from '../../../components/SideDrawer';
import { errorMessage } from '../../../lib/errors';
import { notifyError, notifySuccess } from '../../../lib/notify';
import { useFormat } from '../../../lib/use-format';
import { useIsPhone } from '../../../lib/use-is-phone';
import { addDays, type Derived, type RFinding, type Roster } from './roster-model';

type Finding = Derived['findings'][number];

const refreshRoster = (qc: ReturnType<typeof useQueryClient>) =>
  qc.invalidateQueries({ queryKey: [scheduling.getRoster.operationId] });

/** Findings grouped by rule, errors first; a click shows the shifts concerned. */
export function ConflictsPanel({
  opened,
  onClose,
  findings,
  onShow,
}: {
  opened: boolean;
  onClose: () => void;
  findings: Finding[];
  onShow: (f: Finding) => void;
}) {
  const { t } = useTranslation();
  const groups = useMemo(() => {
    const byRule = new Map<string, Finding[]>();
    for (const f of findings) {
      const list = byRule.get(f.rule) ?? [];
      list.push(f);
      byRule.set(f.rule, list);
    }
    return [...byRule.entries()].sort((a, b) => {
      const ea = a[1].some((f) => f.severity === 'error') ? 0 : 1;
      const eb = b[1].some((f) => f.severity === 'error') ? 0 : 1;
      return ea - eb || a[0].localeCompare(b[0]);
    });
  }, [findings]);
  return (
    <SideDrawer
      opened={opened}
      onClose={onClose}
      title={t('scheduling.roster.conflicts.title')}
      size="md"
    >
      <Stack gap="lg" data-testid="conflicts-panel">
        {groups.length === 0 && (
          <Text c="dimmed" data-testid="conflicts-none">
            {t('scheduling.roster.conflicts.none')}
          </Text>
        )}
        {groups.map(([rule, list]) => (
          <Stack key={rule} gap={6} data-testid={`conflicts-rule-${rule}`}>
            <Group gap="xs">
              <Text fw={650}>{t(`scheduling.roster.rules.${rule}`, { defaultValue: rule })}</Text>
              <Badge color={list[0]?.severity === 'error' ? 'red' : 'yellow'} variant="light">
                {list[0]?.severity === 'error'
                  ? t('scheduling.roster.conflicts.blocks')
                  : t('scheduling.roster.conflicts.warning')}
              </Badge>
              <Text size="sm" c="dimmed">
                {list.length}
              </Text>
            </Group>
            {list.map((f, i) => (
              <UnstyledButton
                // biome-ignore lint/suspicious/noArrayIndexKey: findings have no id
                key={i}
                onClick={() => onShow(f)}
                data-testid="conflict-item"
                data-rule={f.rule}
                data-severity={f.severity}
                style={{
                  padding: '6px 8px',
                  borderRadius: 6,
                  borderLeft: `3px solid var(--mantine-color-${f.severity === 'error' ? 'red' : 'yellow'}-6)`,
                  background: 'var(--mantine-color-default-hover)',
                }}
              >
                <Text size="sm">{f.message}</Text>
                {f.shiftIds.length > 0 && (
                  <Text size="xs" c="dimmed">
                    {t('scheduling.roster.conflicts.show')}
                  </Text>
                )}
              </UnstyledButton>
            ))}
          </Stack>
        ))}
      </Stack>
    </SideDrawer>
  );
}

/**
 * Publishing the shown period: what will be published, and the rule breaks that block it. The
 * button still submits — the server decides, and a refusal (409) is shown with its findings.
 */
export function PublishModal({
  opened,
  onClose,
  roster,
  findings,
  from,
  to,
}: {
  opened: boolean;
  onClose: () => void;
  roster: Roster;
  findings: Finding[];
  from: string;
  to: string;
}) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const isPhone = useIsPhone();
  const qc = useQueryClient();
  const [message, setMessage] = useState('');
  const [refusal, setRefusal] = useState<{ text: string; findings: string[] } | null>(null);
  const blocking = findings.filter((f) => f.severity === 'error');
  const publish = useMutation({
    mutationFn: () =>
      call(scheduling.publishRoster, {
        body: { siteId: roster.site.id, from, to, message: message || undefined },
      }),
    onSuccess: (p) => {
      notifySuccess(
        t('scheduling.roster.publish.done', { version: p.version, count: p.notifiedCount }),
      );
      setRefusal(null);
      setMessage('');
      void refreshRoster(qc);
      void qc.invalidateQueries({ queryKey: [scheduling.listPublications.operationId] });
      onClose();
    },
    onError: (error) => {
      // The refusal lists the broken rules as field errors (rule → message).
      const list =
        error instanceof ApiError
          ? Array.isArray(error.body.findings)
            ? (error.body.findings as RFinding[]).map((f) => f.message)
            : error.errors.map((e) => e.message)
          : [];
      setRefusal({ text: errorMessage(error, t), findings: list });
    },
  });
  return (
    <Modal
      opened={opened}
      onClose={onClose}
      title={t('scheduling.roster.publish.title')}
      size="lg"
      fullScreen={isPhone}
      closeButtonProps={{ 'aria-label': t('common.close') }}
    >
      <Stack gap="md" data-testid="publish-modal">
        <Text>
          {t('scheduling.roster.publish.period', {
            site: roster.site.name,
            from: fmt.date(from),
            to: fmt.date(to),
          })}
        </Text>
        <Group gap="lg">
          <Text size="sm" data-testid="publish-drafts">
            {t('scheduling.roster.publish.drafts', { count: roster.publication.draftCount })}
          </Text>
          <Text size="sm" data-testid="publish-changed">
            {t('scheduling.roster.publish.changed', { count: roster.publication.changedCount })}
          </Text>
          {roster.publication.lastVersion !== null && (
            <Text size="sm" c="dimmed">
              {t('scheduling.roster.publish.lastVersion', {
                version: roster.publication.lastVersion,
              })}
            </Text>
          )}
        </Group>
        {blocking.length > 0 ? (
          <Alert
            color="red"
            title={t('scheduling.roster.publish.blocking', { count: blocking.length })}
          >
            <List size="sm" data-testid="publish-blocking">
              {blocking.slice(0, 20).map((f, i) => (
                // biome-ignore lint/suspicious/noArrayIndexKey: findings have no id
                <List.Item key={i}>{f.message}</List.Item>
              ))}
            </List>
            {blocking.length > 20 && (
              <Text size="sm">
                {t('scheduling.roster.publish.more', { count: blocking.length - 20 })}
              </Text>
            )}
          </Alert>
        ) : (
          <Text size="sm" c="teal.8" data-testid="publish-clear">
            {t('scheduling.roster.publish.clear')}
          </Text>
        )}
        <Textarea
          label={t('scheduling.roster.publish.message')}
          value={message}
          onChange={(e) => setMessage(e.currentTarget.value)}
          maxLength={500}
          autosize
          minRows={2}
        />
        {refusal && (
          <Alert color="red" role="alert" data-testid="publish-error" title={refusal.text}>
            {refusal.findings.length > 0 && (
              <List size="sm">
                {refusal.findings.slice(0, 20).map((message, i) => (
                  // biome-ignore lint/suspicious/noArrayIndexKey: findings have no id
                  <List.Item key={i}>{message}</List.Item>
                ))}
              </List>
            )}
          </Alert>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {t('common.cancel')}
          </Button>
          <Button
            onClick={() => publish.mutate()}
            loading={publish.isPending}
            data-testid="publish-submit"
          >
            {t('scheduling.roster.publish.submit')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}

export function CopyWeekModal({
  opened,
  onClose,
  siteId,
  weekStarts,
  defaultTo,
}: {
  opened: boolean;
  onClose: () => void;
  siteId: string;
  /** week starts to offer (a few before and after the shown period) */
  weekStarts: string[];
  defaultTo: string;
}) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const qc = useQueryClient();
  const [fromWeek, setFromWeek] = useState(addDays(defaultTo, -7));
  const [toWeek, setToWeek] = useState(defaultTo);
  const [withPeople, setWithPeople] = useState(true);
  const copy = useMutation({
    mutationFn: () =>
      call(scheduling.copyWeek, {
        body: { siteId, fromWeek, toWeek, includeAssignees: withPeople },
      }),
    onSuccess: (r) => {
      notifySuccess(
        t('scheduling.roster.copy.done', { created: r.created, skipped: r.skipped.length }),
      );
      void refreshRoster(qc);
      onClose();
    },
    onError: (e) => notifyError(e, t),
  });
  const data = weekStarts.map((w) => ({ value: w, label: fmt.date(w) }));
  return (
    <Modal
      opened={opened}
      onClose={onClose}
      title={t('scheduling.roster.copy.title')}
      closeButtonProps={{ 'aria-label': t('common.close') }}
    >
      <Stack data-testid="copy-week-modal">
        <Select
          label={t('scheduling.roster.copy.from')}
          data={data}
          value={fromWeek}
          onChange={(v) => v && setFromWeek(v)}
          allowDeselect={false}
        />
        <Select
          label={t('scheduling.roster.copy.to')}
          data={data}
          value={toWeek}
          onChange={(v) => v && setToWeek(v)}
          allowDeselect={false}
        />
        <Checkbox
          label={t('scheduling.roster.copy.includeAssignees')}
          checked={withPeople}
          onChange={(e) => setWithPeople(e.currentTarget.checked)}
        />
        {fromWeek === toWeek && (
          <Text c="red" size="sm">
            {t('scheduling.roster.copy.same')}
          </Text>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {t('common.cancel')}
          </Button>
          <Button
            onClick={() => copy.mutate()}
            loading={copy.isPending}
            disabled={fromWeek === toWeek}
            data-testid="copy-week-submit"
          >
            {t('scheduling.roster.copy.submit')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}

export function TemplatesModal({
  opened,
  onClose,
  siteId,
  weekStart,
}: {
  opened: boolean;
  onClose: () => void;
  siteId: string;
  weekStart: string;
}) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const qc = useQueryClient();
  const list = useQuery({
    ...endpointQuery(scheduling.listTemplates, { query: { siteId } }),
    enabled: opened,
  });
  const [chosen, setChosen] = useState<string | null>(null);
  const [withPeople, setWithPeople] = useState(true);
  const [name, setName] = useState('');
  const apply = useMutation({
    mutationFn: (id: string) =>
      call(scheduling.applyTemplate, {
        params: { id },
        body: { weekStart, includeAssignees: withPeople },
      }),
    onSuccess: (r) => {
      notifySuccess(
        t('scheduling.roster.copy.done', { created: r.created, skipped: r.skipped.length }),
      );
      void refreshRoster(qc);
      onClose();
    },
    onError: (e) => notifyError(e, t),
  });
  const save = useMutation({
    mutationFn: () => call(scheduling.saveTemplate, { body: { siteId, name, weekStart } }),
    onSuccess: () => {
      notifySuccess(t('scheduling.roster.templates.saved'));
      setName('');
      void qc.invalidateQueries({ queryKey: [scheduling.listTemplates.operationId] });
    },
    onError: (e) => notifyError(e, t),
  });
  return (
    <Modal
      opened={opened}
      onClose={onClose}
      title={t('scheduling.roster.templates.title')}
      closeButtonProps={{ 'aria-label': t('common.close') }}
    >
      <Stack data-testid="templates-modal">
        <Text size="sm">
          {t('scheduling.roster.templates.week', { date: fmt.date(weekStart) })}
        </Text>
        {list.isError ? (
          <ErrorState error={list.error} onRetry={() => void list.refetch()} />
        ) : (
          <Select
            label={t('scheduling.roster.templates.apply')}
            placeholder={
              list.data?.items.length === 0 ? t('scheduling.roster.templates.none') : undefined
            }
            data={(list.data?.items ?? []).map((x) => ({ value: x.id, label: x.name }))}
            value={chosen}
            onChange={setChosen}
          />
        )}
        <Checkbox
          label={t('scheduling.roster.copy.includeAssignees')}
          checked={withPeople}
          onChange={(e) => setWithPeople(e.currentTarget.checked)}
        />
        <Group justify="flex-end">
          <Button
            onClick={() => chosen && apply.mutate(chosen)}
            disabled={!chosen}
            loading={apply.isPending}
            data-testid="template-apply"
          >
            {t('scheduling.roster.templates.applySubmit')}
          </Button>
        </Group>
        <TextInput
          label={t('scheduling.roster.templates.saveAs')}
          value={name}
          onChange={(e) => setName(e.currentTarget.value)}
          maxLength={120}
        />
        <Group justify="flex-end">
          <Button
            variant="default"
            onClick={() => save.mutate()}
            disabled={!name.trim()}
            loading={save.isPending}
            data-testid="template-save"
          >
            {t('scheduling.roster.templates.saveSubmit')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}

export function HistoryDrawer({
  opened,
  onClose,
  siteId,
}: {
  opened: boolean;
  onClose: () => void;
  siteId: string;
}) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const list = useQuery({
    ...endpointQuery(scheduling.listPublications, { query: { siteId } }),
    enabled: opened,
  });
  return (
    <SideDrawer
      opened={opened}
      onClose={onClose}
      title={t('scheduling.roster.history.title')}
      size="lg"
    >
      {list.isError ? (
        <ErrorState error={list.error} onRetry={() => void list.refetch()} />
      ) : list.data && list.data.items.length === 0 ? (
        <Text c="dimmed">{t('scheduling.roster.history.none')}</Text>
      ) : (
        <Table striped data-testid="publication-history">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('scheduling.roster.history.version')}</Table.Th>
              <Table.Th>{t('scheduling.roster.history.period')}</Table.Th>
              <Table.Th>{t('scheduling.roster.history.changes')}</Table.Th>
              <Table.Th>{t('scheduling.roster.history.by')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {(list.data?.items ?? []).map((p) => (
              <Table.Tr key={p.id}>
                <Table.Td>v{p.version}</Table.Td>
                <Table.Td>
                  {fmt.date(p.from)} – {fmt.date(p.to)}
                </Table.Td>
                <Table.Td>
                  {t('scheduling.roster.history.summary', {
                    added: p.summary.added,
                    changed: p.summary.changed,
                    removed: p.summary.removed,
                    notified: p.notifiedCount,
                  })}
                </Table.Td>
                <Table.Td>
                  {p.publishedBy?.name ?? ''}
                  <Text size="xs" c="dimmed">
                    {fmt.dateTime(p.createdAt)}
                  </Text>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </SideDrawer>
  );
}
