import { type Approval, type ApprovalDetail, approvals as api } from '@keel/contracts';
import {
  Anchor,
  Badge,
  Button,
  Group,
  Modal,
  Paper,
  Skeleton,
  Stack,
  Tabs,
  Text,
  Textarea,
  Timeline,
} from '@mantine/core';
import { IconCheck, IconGavel, IconMapPin, IconX } from '@tabler/icons-react';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useNavigate, useParams, useSearch } from '@tanstack/react-router';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { call } from '../../api/client';
import { endpointQuery, useCursorList, useRefresh } from '../../api/query';
import { EmptyState } from '../../components/EmptyState';
import { ErrorState } from '../../components/ErrorState';
import { ListState, LoadMore } from '../../components/ListState';
import { PageHeader } from '../../components/PageHeader';
import { SideDrawer } from '../../components/SideDrawer';
import { notifyError, notifySuccess } from '../../lib/notify';
import { useCan } from '../../lib/session';
import { useFormat } from '../../lib/use-format';
import { roleLabel } from '../admin/role-label';
import { typeLabel } from './labels';
import { RulesPanel } from './RulesPanel';
import type { ApprovalsSearch, ApprovalTab } from './routes';

const STATUS_COLORS = {
  pending: 'yellow',
  approved: 'teal',
  rejected: 'red',
  cancelled: 'gray',
} as const;

type Action = { kind: 'approved' | 'rejected' | 'withdraw'; approval: Approval };

function useApprovalActions(onDone?: () => void) {
  const { t } = useTranslation();
  const refresh = useRefresh();
  return useMutation({
    mutationFn: async ({ action, comment }: { action: Action; comment: string }) => {
      if (action.kind === 'withdraw')
        return call(api.cancelApproval, {
          params: { id: action.approval.id },
          body: { comment: comment || null },
        });
      return call(api.decideApproval, {
        params: { id: action.approval.id },
        body: { decision: action.kind, comment: comment || null },
      });
    },
    onSuccess: async (_d, { action }) => {
      await refresh('listApprovals', 'approvalCounts', 'getApproval');
      notifySuccess(
        t(
          action.kind === 'approved'
            ? 'approvals.approved'
            : action.kind === 'rejected'
              ? 'approvals.rejected'
              : 'approvals.withdrawn',
        ),
      );
      onDone?.();
    },
    onError: (error) => notifyError(error, t),
  });
}

/** Asks for the comment (required to reject) before deciding or withdrawing. */
function ActionModal({ action, onClose }: { action: Action | null; onClose: () => void }) {
  const { t } = useTranslation();
  const [comment, setComment] = useState('');
  const [error, setError] = useState<string | null>(null);
  const mutate = useApprovalActions(() => {
    setComment('');
    onClose();
  });
  const kind = action?.kind;
  const title =
    kind === 'rejected'
      ? t('approvals.rejectTitle')
      : kind === 'withdraw'
        ? t('approvals.withdrawTitle')
        : t('approvals.approveTitle');
  const label =
    kind === 'rejected'
      ? t('approvals.rejectComment')
      : kind === 'withdraw'
        ? t('approvals.withdrawComment')
        : t('approvals.approveComment');
  return (
    <Modal opened={!!action} onClose={onClose} title={title} centered>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (!action) return;
          if (kind === 'rejected' && !comment.trim()) {
            setError(t('approvals.rejectComment'));
            return;
          }
          setError(null);
          mutate.mutate({ action, comment: comment.trim() });
        }}
      >
        <Stack>
          <Text fz="sm" fw={600}>
            {action?.approval.title}
          </Text>
          <Textarea
            label={label}
            value={comment}
            onChange={(e) => setComment(e.currentTarget.value)}
            required={kind === 'rejected'}
            error={error}
            autosize
            minRows={3}
            maxLength={2000}
            data-autofocus
            data-testid="approval-comment"
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('approvals.cancel')}
            </Button>
            <Button
              type="submit"
              color={kind === 'approved' ? 'teal' : 'red'}
              loading={mutate.isPending}
              data-testid="approval-confirm"
            >
              {kind === 'approved'
                ? t('approvals.approve')
                : kind === 'rejected'
                  ? t('approvals.reject')
                  : t('approvals.withdraw')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

function Amount({ a }: { a: Approval }) {
  const format = useFormat();
  if (a.amountMinor === null || !a.currency) return null;
  return (
    <Text fz="sm" fw={600}>
      {format.money(a.amountMinor, a.currency)}
    </Text>
  );
}

function ApprovalCard({
  a,
  onOpen,
  onAction,
}: {
  a: Approval;
  onOpen: () => void;
  onAction: (action: Action) => void;
}) {
  const { t } = useTranslation();
  const format = useFormat();
  const navigate = useNavigate();
  return (
    <Paper withBorder p="sm" data-testid="approval-row">
      <Stack gap={6}>
        <Group justify="space-between" align="flex-start" wrap="wrap" gap="xs">
          <Stack gap={2} style={{ minWidth: 0, flex: '1 1 16rem' }}>
            <Group gap={6} wrap="wrap">
              <Badge size="sm" variant="light" color="gray">
                {typeLabel(a.type)}
              </Badge>
              <Badge size="sm" variant="light" color={STATUS_COLORS[a.status]}>
                {t(`approvals.statuses.${a.status}`)}
              </Badge>
              {a.site && (
                <Badge
                  size="sm"
                  variant="outline"
                  color="gray"
                  leftSection={<IconMapPin size={12} aria-hidden />}
                  title={t('approvals.site', { name: a.site.name })}
                  data-testid="approval-site"
                  tt="none"
                >
                  {a.site.name}
                </Badge>
              )}
              {a.escalationLevel > 0 && a.status === 'pending' && (
                <Badge size="sm" variant="outline" color="orange">
                  {t('approvals.escalated')}
                </Badge>
              )}
            </Group>
            <Anchor
              component="button"
              type="button"
              fw={600}
              ta="left"
              onClick={onOpen}
              style={{ wordBreak: 'break-word' }}
            >
              {a.title}
            </Anchor>
            {a.subject ? (
              <Anchor
                fz="sm"
                href={a.subject.href}
                onClick={(e) => {
                  e.preventDefault();
                  void navigate({ to: a.subject!.href as never });
                }}
              >
                {a.subject.label}
              </Anchor>
            ) : null}
            <Text fz="xs" c="dimmed">
              {t('approvals.requestedBy', { name: a.requestedBy.name })} ·{' '}
              <time dateTime={a.requestedAt} title={format.dateTime(a.requestedAt)}>
                {a.status === 'pending'
                  ? t('approvals.waiting', { age: format.relative(a.requestedAt) })
                  : format.relative(a.decidedAt ?? a.requestedAt)}
              </time>
              {a.decidedBy ? ` · ${t('approvals.decidedBy', { name: a.decidedBy.name })}` : ''}
            </Text>
          </Stack>
          <Amount a={a} />
        </Group>
        {(a.canDecide || a.canCancel) && (
          <Group gap="xs" justify="flex-end">
            {a.canCancel && (
              <Button
                size="xs"
                variant="subtle"
                color="gray"
                onClick={() => onAction({ kind: 'withdraw', approval: a })}
              >
                {t('approvals.withdraw')}
              </Button>
            )}
            {a.canDecide && (
              <>
                <Button
                  size="xs"
                  variant="light"
                  color="red"
                  leftSection={<IconX size={14} aria-hidden />}
                  onClick={() => onAction({ kind: 'rejected', approval: a })}
                  data-testid="approval-reject"
                >
                  {t('approvals.reject')}
                </Button>
                <Button
                  size="xs"
                  color="teal"
                  leftSection={<IconCheck size={14} aria-hidden />}
                  onClick={() => onAction({ kind: 'approved', approval: a })}
                  data-testid="approval-approve"
                >
                  {t('approvals.approve')}
                </Button>
              </>
            )}
          </Group>
        )}
      </Stack>
    </Paper>
  );
}

function ApprovalList({
  view,
  onOpen,
  onAction,
}: {
  view: 'inbox' | 'mine' | 'decided';
  onOpen: (id: string) => void;
  onAction: (a: Action) => void;
}) {
  const { t } = useTranslation();
  const { list, rows } = useCursorList(api.listApprovals, { view, limit: 30 });
  return (
    <ListState
      query={list}
      rows={rows}
      empty={
        <EmptyState
          icon={<IconGavel size={28} stroke={1.5} aria-hidden />}
          title={t(`approvals.empty.${view}`)}
          description={t(`approvals.empty.${view}Description`)}
        />
      }
    >
      {(items) => (
        <Stack gap="sm" data-testid={`approvals-${view}`}>
          {items.map((a) => (
            <ApprovalCard key={a.id} a={a} onOpen={() => onOpen(a.id)} onAction={onAction} />
          ))}
          <LoadMore list={list} />
        </Stack>
      )}
    </ListState>
  );
}

function DetailBody({ a, onAction }: { a: ApprovalDetail; onAction: (a: Action) => void }) {
  const { t } = useTranslation();
  const format = useFormat();
  return (
    <Stack gap="md">
      <ApprovalCard a={a} onOpen={() => undefined} onAction={onAction} />
      {a.requiredRole && (
        <Text fz="sm">{t('approvals.requiredRole', { role: roleLabel(a.requiredRole) })}</Text>
      )}
      {a.comment && (
        <Paper withBorder p="sm">
          <Text fz="xs" c="dimmed">
            {t('approvals.comment')}
          </Text>
          <Text fz="sm" style={{ whiteSpace: 'pre-wrap' }}>
            {a.comment}
          </Text>
        </Paper>
      )}
      {a.status === 'pending' && (
        <Stack gap={4}>
          <Text fw={600} fz="sm" component="h3">
            {t('approvals.deciders')}
          </Text>
          <Text fz="sm" c={a.deciders.length ? undefined : 'dimmed'}>
            {a.deciders.length ? a.deciders.map((d) => d.name).join(', ') : t('approvals.nobody')}
          </Text>
        </Stack>
      )}
      <Stack gap="xs">
        <Text fw={600} fz="sm" component="h3">
          {t('approvals.history')}
        </Text>
        <Timeline bulletSize={14} lineWidth={2} data-testid="approval-history">
          {a.events.map((e) => (
            <Timeline.Item key={e.id}>
              <Text fz="sm">
                <Text span fw={600}>
                  {e.actor?.name ?? t('history.system')}
                </Text>{' '}
                {t(`approvals.events.${e.kind}`)}
              </Text>
              {e.comment && (
                <Text fz="sm" c="dimmed" style={{ whiteSpace: 'pre-wrap' }}>
                  “{e.comment}”
                </Text>
              )}
              <Text fz="xs" c="dimmed">
                <time dateTime={e.at}>{format.dateTime(e.at)}</time>
              </Text>
            </Timeline.Item>
          ))}
        </Timeline>
      </Stack>
    </Stack>
  );
}

function ApprovalDrawer({
  id,
  onClose,
  onAction,
}: {
  id: string | null;
  onClose: () => void;
  onAction: (a: Action) => void;
}) {
  const { t } = useTranslation();
  const detail = useQuery({
    ...endpointQuery(api.getApproval, { params: { id: id ?? '' } }),
    enabled: !!id,
  });
  return (
    <SideDrawer opened={!!id} onClose={onClose} title={t('approvals.details')}>
      {detail.isPending ? (
        <Stack>
          <Skeleton h={120} />
          <Skeleton h={200} />
        </Stack>
      ) : detail.isError ? (
        <ErrorState error={detail.error} onRetry={() => void detail.refetch()} />
      ) : (
        <DetailBody a={detail.data} onAction={onAction} />
      )}
    </SideDrawer>
  );
}

/** Every approval in one place: what waits for me, what I asked for, what was decided. */
export function ApprovalsPage() {
  const { t } = useTranslation();
  const can = useCan();
  const navigate = useNavigate();
  const search = useSearch({ strict: false }) as ApprovalsSearch;
  const params = useParams({ strict: false }) as { approvalId?: string };
  const tab: ApprovalTab = search.tab ?? 'inbox';
  const [action, setAction] = useState<Action | null>(null);
  const counts = useQuery(endpointQuery(api.approvalCounts));
  const open = (id: string) =>
    void navigate({ to: '/approvals/$approvalId', params: { approvalId: id }, search: { tab } });
  const close = () => void navigate({ to: '/approvals', search: { tab } });
  const needsMe = counts.data?.needsMe ?? 0;
  return (
    <>
      <PageHeader title={t('approvals.title')} description={t('approvals.description')} />
      <Tabs
        value={tab}
        onChange={(v) =>
          void navigate({ to: '/approvals', search: { tab: (v as ApprovalTab) ?? 'inbox' } })
        }
        keepMounted={false}
      >
        <Tabs.List mb="md">
          <Tabs.Tab
            value="inbox"
            rightSection={
              needsMe > 0 ? (
                <Badge size="sm" circle>
                  {needsMe}
                </Badge>
              ) : undefined
            }
          >
            {t('approvals.tabs.inbox')}
          </Tabs.Tab>
          <Tabs.Tab value="mine">{t('approvals.tabs.mine')}</Tabs.Tab>
          <Tabs.Tab value="decided">{t('approvals.tabs.decided')}</Tabs.Tab>
          {can('org.settings.manage') && (
            <Tabs.Tab value="rules">{t('approvals.tabs.rules')}</Tabs.Tab>
          )}
        </Tabs.List>
        {(['inbox', 'mine', 'decided'] as const).map((view) => (
          <Tabs.Panel key={view} value={view}>
            <ApprovalList view={view} onOpen={open} onAction={setAction} />
          </Tabs.Panel>
        ))}
        {can('org.settings.manage') && (
          <Tabs.Panel value="rules">
            <RulesPanel />
          </Tabs.Panel>
        )}
      </Tabs>
      <ApprovalDrawer id={params.approvalId ?? null} onClose={close} onAction={setAction} />
      <ActionModal action={action} onClose={() => setAction(null)} />
    </>
  );
}
