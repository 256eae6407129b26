import { org, ROLES, type Role } from '@keel/contracts';
import { Badge, Button, Group, Select, Stack, Tabs, Text, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useDebouncedValue, useDisclosure } from '@mantine/hooks';
import { IconMailForward, IconSearch, IconUserPlus, IconUsers } from '@tabler/icons-react';
import { keepPreviousData, useMutation, useQuery } from '@tanstack/react-query';
import { getRouteApi, useNavigate } from '@tanstack/react-router';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { call } from '../../api/client';
import { endpointQuery, useCursorList, useRefresh } from '../../api/query';
import { ConfirmButton } from '../../components/ConfirmButton';
import { type Column, DataTable, RowLink } from '../../components/DataTable';
import { EmployeePicker } from '../../components/EmployeePicker';
import { EmptyState } from '../../components/EmptyState';
import { FormDrawer } from '../../components/FormDrawer';
import { HistoryTimeline } from '../../components/HistoryTimeline';
import { ListState, LoadMore } from '../../components/ListState';
import { AnchorLink, ButtonLink } from '../../components/links';
import { PageHeader } from '../../components/PageHeader';
import { RecordFormDrawer } from '../../components/RecordFormDrawer';
import { useFormMutation } from '../../components/use-form-mutation';
import { notifyError, notifySuccess } from '../../lib/notify';
import { useCan, useMe } from '../../lib/session';
import { useFormat } from '../../lib/use-format';
import { useReferenceOptions } from '../organization/reference-data';
import { roleLabel } from './role-label';
import { SiteAccessInput } from './SiteAccessInput';

const routeApi = getRouteApi('/app/admin/users');

type Member = org.Member;
type Invitation = org.Invitation;

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
  const refs = useReferenceOptions();
  const roles = useRoleOptions();
  return (
    <RecordFormDrawer<Member, AccessValues>
      opened={Boolean(member)}
      onClose={onClose}
      record={member}
      toValues={(m) =>
        m
          ? { role: m.role, siteIds: m.siteIds, employeeId: m.employeeId }
          : { role: 'staff', siteIds: null, employeeId: null }
      }
      save={(values, m) => call(org.updateMember, { params: { id: m!.id }, body: values })}
      title={member ? t('users.editTitle', { name: member.name }) : ''}
      savedName={(saved) => saved.name}
      listOperationId="listMembers"
    >
      {(form) =>
        member && (
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
        )
      }
    </RecordFormDrawer>
  );
}

function MembersTab() {
  const { t } = useTranslation();
  const me = useMe();
  const format = useFormat();
  const refresh = useRefresh();
  const siteNames = useSiteNames();
  const [search, setSearch] = useState('');
  const [debounced] = useDebouncedValue(search.trim(), 250);
  const [editing, setEditing] = useState<Member | null>(null);

  const { list, rows } = useCursorList(org.listMembers, { q: debounced || undefined, limit: 50 });

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
      await refresh('listMembers');
    },
    onError: (error) => notifyError(error, t),
  });

  const columns: Column<Member>[] = [
    {
      key: 'name',
      header: t('users.name'),
      render: (m) => (
        <div>
          <RowLink onClick={() => setEditing(m)}>{m.name}</RowLink>
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
      <ListState
        query={list}
        rows={rows}
        empty={
          <EmptyState
            icon={<IconUsers size={28} stroke={1.5} aria-hidden />}
            title={t('common.noMatchesTitle')}
            description={t('common.noMatchesHint')}
          />
        }
      >
        {(members) => (
          <>
            <DataTable
              caption={t('users.members')}
              columns={columns}
              rows={members}
              rowKey={(m) => m.id}
              onRowClick={setEditing}
              minWidth={900}
            />
            <LoadMore list={list} />
          </>
        )}
      </ListState>
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
  const refresh = useRefresh();
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
  const invite = useFormMutation({
    form,
    mutationFn: (values: InviteValues) =>
      call(org.createInvitation, { body: { ...values, email: values.email.trim() } }),
    onSuccess: async (created) => {
      notifySuccess(t('users.invited', { email: created.email }));
      await refresh('listInvitations');
      onClose();
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
  const refresh = useRefresh();
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
      await refresh('listInvitations');
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
      <ListState
        query={list}
        rows={list.data?.items}
        empty={
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
        }
      >
        {(invitations) => (
          <DataTable
            caption={t('users.invitations')}
            columns={columns}
            rows={invitations}
            rowKey={(i) => i.id}
            minWidth={860}
          />
        )}
      </ListState>
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
