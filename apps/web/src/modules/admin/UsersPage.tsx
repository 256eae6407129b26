import { org, ROLE_LABELS, ROLES, type Role } from '@keel/contracts';
import { Anchor, Badge, Button, Group, Select, Stack, Tabs, Text, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useDebouncedValue, useDisclosure } from '@mantine/hooks';
import { IconMailForward, IconSearch, IconUserPlus, IconUsers } from '@tabler/icons-react';
import {
  keepPreviousData,
  useInfiniteQuery,
  useMutation,
  useQuery,
  useQueryClient,
} from '@tanstack/react-query';
import { getRouteApi, useNavigate } from '@tanstack/react-router';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { call } from '../../api/client';
import { apiFieldErrors } from '../../api/form-errors';
import { endpointQuery } from '../../api/query';
import { ConfirmButton } from '../../components/ConfirmButton';
import { type Column, DataTable } from '../../components/DataTable';
import { EmployeePicker } from '../../components/EmployeePicker';
import { EmptyState } from '../../components/EmptyState';
import { ErrorState } from '../../components/ErrorState';
import { FormDrawer } from '../../components/FormDrawer';
import { HistoryTimeline } from '../../components/HistoryTimeline';
import { TableSkeleton } from '../../components/LoadingState';
import { AnchorLink, ButtonLink } from '../../components/links';
import { PageHeader } from '../../components/PageHeader';
import { translateOr } from '../../i18n';
import { notifyError, notifySuccess } from '../../lib/notify';
import { useCan, useMe } from '../../lib/session';
import { useFormat } from '../../lib/use-format';
import { useReferenceOptions } from '../organization/reference-data';
import { SiteAccessInput } from './SiteAccessInput';

const routeApi = getRouteApi('/app/admin/users');

type Member = org.Member;
type Invitation = org.Invitation;

export function roleLabel(role: Role): string {
  return translateOr(`roles.names.${role}`, ROLE_LABELS[role]);
}

function useRoleOptions() {
  return ROLES.map((role) => ({ value: role, label: roleLabel(role) }));
}

function useSiteNames() {
  const refs = useReferenceOptions();
  const { t } = useTranslation();
  return (siteIds: string[] | null) =>
    siteIds === null
      ? t('users.allSites')
      : siteIds.length === 0
        ? t('users.noSites')
        : siteIds.map((id) => refs.siteItems.find((s) => s.id === id)?.name ?? id).join(', ');
}

// ── Members ─────────────────────────────────────────────────────────────────

interface AccessValues {
  role: Role;
  siteIds: string[] | null;
  employeeId: string | null;
}

function MemberDrawer({ member, onClose }: { member: Member | null; onClose: () => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const refs = useReferenceOptions();
  const roles = useRoleOptions();
  const form = useForm<AccessValues>({
    initialValues: { role: 'staff', siteIds: null, employeeId: null },
  });
  // biome-ignore lint/correctness/useExhaustiveDependencies: reset when another member opens
  useEffect(() => {
    if (member) {
      form.setValues({ role: member.role, siteIds: member.siteIds, employeeId: member.employeeId });
      form.clearErrors();
    }
  }, [member?.id]);

  const save = useMutation({
    mutationFn: (values: AccessValues) =>
      call(org.updateMember, { params: { id: member!.id }, body: values }),
    onSuccess: async (saved) => {
      notifySuccess(t('common.savedName', { name: saved.name }));
      await queryClient.invalidateQueries({ queryKey: ['listMembers'] });
      await queryClient.invalidateQueries({ queryKey: ['getRecordHistory'] });
      onClose();
    },
    onError: (error) => {
      const errors = apiFieldErrors(error);
      if (Object.keys(errors).length) form.setErrors(errors);
      else notifyError(error, t);
    },
  });

  return (
    <FormDrawer
      opened={Boolean(member)}
      onClose={onClose}
      title={member ? t('users.editTitle', { name: member.name }) : ''}
      onSubmit={form.onSubmit((values) => save.mutate(values))}
      submitting={save.isPending}
    >
      {member && (
        <Stack gap="md">
          <Text fz="sm" c="dimmed">
            {member.email}
          </Text>
          <Select
            label={t('users.role')}
            data={roles}
            allowDeselect={false}
            {...form.getInputProps('role')}
            data-testid="member-role"
          />
          <SiteAccessInput
            value={form.values.siteIds}
            onChange={(value) => form.setFieldValue('siteIds', value)}
            sites={refs.sites}
            error={form.errors.siteIds as string | undefined}
          />
          <EmployeePicker
            label={t('users.linkedEmployee')}
            description={t('users.linkedEmployeeHint')}
            value={form.values.employeeId}
            onChange={(value) => form.setFieldValue('employeeId', value)}
            error={form.errors.employeeId}
          />
          <HistoryTimeline entityType="member" entityId={member.id} />
        </Stack>
      )}
    </FormDrawer>
  );
}

function MembersTab() {
  const { t } = useTranslation();
  const me = useMe();
  const format = useFormat();
  const queryClient = useQueryClient();
  const siteNames = useSiteNames();
  const [search, setSearch] = useState('');
  const [debounced] = useDebouncedValue(search.trim(), 250);
  const [editing, setEditing] = useState<Member | null>(null);

  const list = useInfiniteQuery({
    queryKey: ['listMembers', 'infinite', debounced],
    queryFn: ({ pageParam, signal }) =>
      call(org.listMembers, {
        query: { q: debounced || undefined, cursor: pageParam ?? undefined, limit: 50 },
        signal,
      }),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
    placeholderData: keepPreviousData,
  });

  const status = useMutation({
    mutationFn: ({ member, action }: { member: Member; action: 'deactivate' | 'reactivate' }) =>
      call(action === 'deactivate' ? org.deactivateMember : org.reactivateMember, {
        params: { id: member.id },
      }),
    onSuccess: async (saved, { action }) => {
      notifySuccess(
        action === 'deactivate'
          ? t('users.deactivated', { name: saved.name })
          : t('users.reactivated', { name: saved.name }),
      );
      await queryClient.invalidateQueries({ queryKey: ['listMembers'] });
    },
    onError: (error) => notifyError(error, t),
  });

  const rows = list.data?.pages.flatMap((p) => p.items) ?? [];
  const columns: Column<Member>[] = [
    {
      key: 'name',
      header: t('users.name'),
      render: (m) => (
        <div>
          <Anchor
            component="button"
            type="button"
            ta="left"
            fw={600}
            fz="sm"
            onClick={(event) => {
              event.stopPropagation();
              setEditing(m);
            }}
          >
            {m.name}
          </Anchor>
          <Text fz="xs" c="dimmed">
            {m.email}
          </Text>
        </div>
      ),
    },
    {
      key: 'role',
      header: t('users.role'),
      render: (m) => <Text fz="sm">{roleLabel(m.role)}</Text>,
    },
    { key: 'sites', header: t('users.siteAccess'), render: (m) => siteNames(m.siteIds) },
    {
      key: 'employee',
      header: t('users.linkedEmployee'),
      hideOnMobile: true,
      render: (m) =>
        m.employeeId ? (
          <AnchorLink
            to="/people/$id"
            params={{ id: m.employeeId }}
            fz="sm"
            onClick={(e) => e.stopPropagation()}
          >
            {t('users.viewEmployee')}
          </AnchorLink>
        ) : (
          '—'
        ),
    },
    {
      key: 'status',
      header: t('common.status'),
      render: (m) => (
        <Badge variant="light" color={m.status === 'active' ? 'teal' : 'gray'}>
          {t(`users.statuses.${m.status}`)}
        </Badge>
      ),
    },
    {
      key: 'lastLogin',
      header: t('users.lastLogin'),
      hideOnMobile: true,
      render: (m) => (m.lastLoginAt ? format.relative(m.lastLoginAt) : t('users.never')),
    },
    {
      key: 'actions',
      header: t('common.actions'),
      render: (m) =>
        m.userId === me.user.id ? (
          <Text fz="xs" c="dimmed">
            {t('users.you')}
          </Text>
        ) : (
          <Group gap="xs" wrap="nowrap" onClick={(e) => e.stopPropagation()}>
            <Button size="compact-sm" variant="default" onClick={() => setEditing(m)}>
              {t('common.edit')}
            </Button>
            {m.status === 'active' ? (
              <ConfirmButton
                size="compact-sm"
                variant="default"
                color="red"
                confirmTitle={t('users.deactivateConfirm', { name: m.name })}
                confirmMessage={t('users.deactivateHint')}
                confirmLabel={t('users.deactivate')}
                onConfirm={() => status.mutateAsync({ member: m, action: 'deactivate' })}
              >
                {t('users.deactivate')}
              </ConfirmButton>
            ) : (
              <ConfirmButton
                size="compact-sm"
                variant="default"
                confirmTitle={t('users.reactivateConfirm', { name: m.name })}
                onConfirm={() => status.mutateAsync({ member: m, action: 'reactivate' })}
              >
                {t('users.reactivate')}
              </ConfirmButton>
            )}
          </Group>
        ),
    },
  ];

  return (
    <Stack gap="md">
      <TextInput
        label={t('common.search')}
        placeholder={t('users.searchPlaceholder')}
        leftSection={<IconSearch size={16} aria-hidden />}
        value={search}
        onChange={(e) => setSearch(e.currentTarget.value)}
        maw={360}
      />
      {list.isPending ? (
        <TableSkeleton />
      ) : list.isError ? (
        <ErrorState error={list.error} onRetry={() => void list.refetch()} />
      ) : rows.length === 0 ? (
        <EmptyState
          icon={<IconUsers size={28} stroke={1.5} aria-hidden />}
          title={t('common.noMatchesTitle')}
          description={t('common.noMatchesHint')}
        />
      ) : (
        <>
          <DataTable
            caption={t('users.members')}
            columns={columns}
            rows={rows}
            rowKey={(m) => m.id}
            onRowClick={setEditing}
            minWidth={900}
          />
          {list.hasNextPage && (
            <Group justify="center">
              <Button
                variant="default"
                onClick={() => void list.fetchNextPage()}
                loading={list.isFetchingNextPage}
              >
                {t('common.loadMore')}
              </Button>
            </Group>
          )}
        </>
      )}
      <MemberDrawer member={editing} onClose={() => setEditing(null)} />
    </Stack>
  );
}

// ── Invitations ─────────────────────────────────────────────────────────────

interface InviteValues {
  email: string;
  role: Role;
  siteIds: string[] | null;
  employeeId: string | null;
}

function InviteDrawer({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const refs = useReferenceOptions();
  const roles = useRoleOptions();
  const form = useForm<InviteValues>({
    initialValues: { email: '', role: 'staff', siteIds: null, employeeId: null },
    validate: {
      email: (value) => (/^\S+@\S+\.\S+$/.test(value.trim()) ? null : t('auth.emailInvalid')),
    },
  });
  // biome-ignore lint/correctness/useExhaustiveDependencies: reset when the drawer opens
  useEffect(() => {
    if (opened) form.reset();
  }, [opened]);
  const invite = useMutation({
    mutationFn: (values: InviteValues) =>
      call(org.createInvitation, { body: { ...values, email: values.email.trim() } }),
    onSuccess: async (created) => {
      notifySuccess(t('users.invited', { email: created.email }));
      await queryClient.invalidateQueries({ queryKey: ['listInvitations'] });
      onClose();
    },
    onError: (error) => {
      const errors = apiFieldErrors(error);
      if (Object.keys(errors).length) form.setErrors(errors);
      else notifyError(error, t);
    },
  });
  return (
    <FormDrawer
      opened={opened}
      onClose={onClose}
      title={t('users.inviteTitle')}
      onSubmit={form.onSubmit((values) => invite.mutate(values))}
      submitting={invite.isPending}
      submitLabel={t('users.sendInvitation')}
    >
      <Text fz="sm" c="dimmed">
        {t('users.inviteHint')}
      </Text>
      <TextInput
        label={t('auth.email')}
        type="email"
        required
        autoComplete="off"
        {...form.getInputProps('email')}
        data-testid="invite-email"
      />
      <Select
        label={t('users.role')}
        data={roles}
        allowDeselect={false}
        {...form.getInputProps('role')}
        data-testid="invite-role"
      />
      <SiteAccessInput
        value={form.values.siteIds}
        onChange={(value) => form.setFieldValue('siteIds', value)}
        sites={refs.sites}
      />
      <EmployeePicker
        label={t('users.linkedEmployee')}
        description={t('users.linkedEmployeeHint')}
        value={form.values.employeeId}
        onChange={(value) => form.setFieldValue('employeeId', value)}
      />
    </FormDrawer>
  );
}

const INVITATION_COLORS: Record<Invitation['status'], string> = {
  pending: 'blue',
  accepted: 'teal',
  revoked: 'gray',
  expired: 'orange',
};

function InvitationsTab() {
  const { t } = useTranslation();
  const format = useFormat();
  const queryClient = useQueryClient();
  const siteNames = useSiteNames();
  const [opened, handlers] = useDisclosure(false);
  const [status, setStatus] = useState<Invitation['status'] | null>('pending');
  const list = useQuery({
    ...endpointQuery(org.listInvitations, { query: { status: status ?? undefined } }),
    placeholderData: keepPreviousData,
  });
  const act = useMutation({
    mutationFn: ({ invitation, action }: { invitation: Invitation; action: 'resend' | 'revoke' }) =>
      call(action === 'resend' ? org.resendInvitation : org.revokeInvitation, {
        params: { id: invitation.id },
      }),
    onSuccess: async (saved, { action }) => {
      notifySuccess(
        action === 'resend'
          ? t('users.resent', { email: saved.email })
          : t('users.revoked', { email: saved.email }),
      );
      await queryClient.invalidateQueries({ queryKey: ['listInvitations'] });
    },
    onError: (error) => notifyError(error, t),
  });

  const columns: Column<Invitation>[] = [
    {
      key: 'email',
      header: t('auth.email'),
      render: (i) => (
        <Text fw={600} fz="sm">
          {i.email}
        </Text>
      ),
    },
    {
      key: 'role',
      header: t('users.role'),
      render: (i) => <Text fz="sm">{roleLabel(i.role)}</Text>,
    },
    {
      key: 'sites',
      header: t('users.siteAccess'),
      render: (i) => siteNames(i.siteIds),
      hideOnMobile: true,
    },
    {
      key: 'status',
      header: t('common.status'),
      render: (i) => (
        <Badge variant="light" color={INVITATION_COLORS[i.status]}>
          {t(`users.invitationStatuses.${i.status}`)}
        </Badge>
      ),
    },
    { key: 'expires', header: t('users.expires'), render: (i) => format.date(i.expiresAt) },
    {
      key: 'invitedBy',
      header: t('users.invitedBy'),
      render: (i) => i.invitedBy?.name ?? '—',
      hideOnMobile: true,
    },
    {
      key: 'actions',
      header: t('common.actions'),
      render: (i) =>
        i.status === 'pending' || i.status === 'expired' ? (
          <Group gap="xs" wrap="nowrap">
            <Button
              size="compact-sm"
              variant="default"
              leftSection={<IconMailForward size={14} aria-hidden />}
              onClick={() => act.mutate({ invitation: i, action: 'resend' })}
              loading={
                act.isPending &&
                act.variables?.invitation.id === i.id &&
                act.variables.action === 'resend'
              }
            >
              {t('users.resend')}
            </Button>
            {i.status === 'pending' && (
              <ConfirmButton
                size="compact-sm"
                variant="default"
                color="red"
                confirmTitle={t('users.revokeConfirm', { email: i.email })}
                confirmLabel={t('users.revoke')}
                onConfirm={() => act.mutateAsync({ invitation: i, action: 'revoke' })}
              >
                {t('users.revoke')}
              </ConfirmButton>
            )}
          </Group>
        ) : null,
    },
  ];

  return (
    <Stack gap="md">
      <Group justify="space-between" align="flex-end" wrap="wrap">
        <Select
          label={t('common.status')}
          placeholder={t('common.all')}
          data={(['pending', 'accepted', 'revoked', 'expired'] as const).map((value) => ({
            value,
            label: t(`users.invitationStatuses.${value}`),
          }))}
          value={status}
          onChange={(value) => setStatus(value as Invitation['status'] | null)}
          clearable
          maw={220}
        />
        <Button
          leftSection={<IconUserPlus size={16} aria-hidden />}
          onClick={handlers.open}
          data-testid="invite-user"
        >
          {t('users.invite')}
        </Button>
      </Group>
      {list.isPending ? (
        <TableSkeleton />
      ) : list.isError ? (
        <ErrorState error={list.error} onRetry={() => void list.refetch()} />
      ) : list.data.items.length === 0 ? (
        <EmptyState
          icon={<IconMailForward size={28} stroke={1.5} aria-hidden />}
          title={t('users.noInvitationsTitle')}
          description={t('users.noInvitations')}
          action={
            <Button leftSection={<IconUserPlus size={16} aria-hidden />} onClick={handlers.open}>
              {t('users.invite')}
            </Button>
          }
        />
      ) : (
        <DataTable
          caption={t('users.invitations')}
          columns={columns}
          rows={list.data.items}
          rowKey={(i) => i.id}
          minWidth={860}
        />
      )}
      <InviteDrawer opened={opened} onClose={handlers.close} />
    </Stack>
  );
}

export function UsersPage() {
  const { t } = useTranslation();
  const can = useCan();
  const search = routeApi.useSearch();
  const navigate = useNavigate();
  const tab = search.tab ?? 'members';
  return (
    <>
      <PageHeader
        title={t('nav.users')}
        description={t('users.description')}
        actions={
          can('mail.outbox.read') && (
            <ButtonLink to="/admin/outbox" variant="default">
              {t('nav.outbox')}
            </ButtonLink>
          )
        }
      />
      <Tabs
        value={tab}
        onChange={(value) =>
          void navigate({
            to: '/admin/users',
            search: { tab: value === 'invitations' ? 'invitations' : undefined },
            replace: true,
          })
        }
        keepMounted={false}
      >
        <Tabs.List mb="md">
          <Tabs.Tab value="members" data-testid="tab-members">
            {t('users.members')}
          </Tabs.Tab>
          <Tabs.Tab value="invitations" data-testid="tab-invitations">
            {t('users.invitations')}
          </Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="members">
          <MembersTab />
        </Tabs.Panel>
        <Tabs.Panel value="invitations">
          <InvitationsTab />
        </Tabs.Panel>
      </Tabs>
    </>
  );
}
