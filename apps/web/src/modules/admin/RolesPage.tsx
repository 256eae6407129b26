import { org, type Role } from '@keel/contracts';
import { Button, Checkbox, Code, Group, Paper, Stack, Table, Text, Tooltip } from '@mantine/core';
import { IconDeviceFloppy, IconLock, IconRestore } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Fragment, useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { call } from '../../api/client';
import { endpointQuery } from '../../api/query';
import { ConfirmButton } from '../../components/ConfirmButton';
import { ErrorState } from '../../components/ErrorState';
import { humaniseField } from '../../components/HistoryTimeline';
import { TableSkeleton } from '../../components/LoadingState';
import { PageHeader } from '../../components/PageHeader';
import { translateOr } from '../../i18n';
import { notifyError, notifySuccess } from '../../lib/notify';
import { roleLabel } from './role-label';

type Drafts = Partial<Record<Role, string[]>>;

function sameSet(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((item) => b.includes(item));
}

/** Permissions × roles as a checkbox matrix; each role saves on its own, owner is fixed. */
export function RolesPage() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const roles = useQuery(endpointQuery(org.listRoles));
  const [drafts, setDrafts] = useState<Drafts>({});

  useEffect(() => {
    if (roles.data) {
      setDrafts(
        Object.fromEntries(roles.data.items.map((r) => [r.role, [...r.permissions]])) as Drafts,
      );
    }
  }, [roles.data]);

  const modules = useMemo(() => {
    const groups = new Map<string, { permission: string; label: string }[]>();
    for (const entry of roles.data?.catalogue ?? []) {
      const list = groups.get(entry.module) ?? [];
      list.push(entry);
      groups.set(entry.module, list);
    }
    return [...groups.entries()];
  }, [roles.data]);

  const onSaved = async () => {
    await queryClient.invalidateQueries({ queryKey: ['listRoles'] });
    await queryClient.invalidateQueries({ queryKey: ['getMe'] });
  };
  const save = useMutation({
    mutationFn: (role: Role) =>
      call(org.updateRole, { params: { role }, body: { permissions: drafts[role] ?? [] } }),
    onSuccess: async (saved) => {
      notifySuccess(t('roles.saved', { role: roleLabel(saved.role) }));
      await onSaved();
    },
    onError: (error) => notifyError(error, t),
  });
  const reset = useMutation({
    mutationFn: (role: Role) => call(org.resetRole, { params: { role } }),
    onSuccess: async (saved) => {
      notifySuccess(t('roles.resetDone', { role: roleLabel(saved.role) }));
      await onSaved();
    },
    onError: (error) => notifyError(error, t),
  });

  const toggle = (role: Role, permission: string, checked: boolean) =>
    setDrafts((current) => {
      const list = current[role] ?? [];
      return {
        ...current,
        [role]: checked ? [...list, permission] : list.filter((p) => p !== permission),
      };
    });

  return (
    <>
      <PageHeader title={t('nav.roles')} description={t('roles.description')} />
      {roles.isPending ? (
        <TableSkeleton rows={8} />
      ) : roles.isError ? (
        <ErrorState error={roles.error} onRetry={() => void roles.refetch()} />
      ) : (
        <Paper withBorder style={{ overflow: 'hidden' }}>
          <Table.ScrollContainer minWidth={860} type="native">
            <Table
              verticalSpacing="xs"
              horizontalSpacing="sm"
              data-testid="roles-matrix"
              stickyHeader
            >
              <caption className="keel-visually-hidden">{t('roles.caption')}</caption>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th className="keel-sticky-col" miw={240}>
                    {t('roles.permission')}
                  </Table.Th>
                  {roles.data.items.map((role) => {
                    const dirty = !sameSet(drafts[role.role] ?? role.permissions, role.permissions);
                    return (
                      <Table.Th
                        key={role.role}
                        ta="center"
                        miw={130}
                        data-testid={`role-col-${role.role}`}
                      >
                        <Stack gap={4} align="center">
                          <Group gap={4} wrap="nowrap" justify="center">
                            {!role.editable && (
                              <IconLock size={14} aria-label={t('roles.locked')} />
                            )}
                            <Text fz="sm" fw={650} ta="center">
                              {roleLabel(role.role)}
                            </Text>
                          </Group>
                          <Text fz="xs" c="dimmed">
                            {t('roles.members', { count: role.memberCount })}
                          </Text>
                          {role.editable && (
                            <Group gap={4} wrap="nowrap">
                              <Tooltip label={t('roles.saveRole', { role: roleLabel(role.role) })}>
                                <Button
                                  size="compact-xs"
                                  disabled={!dirty}
                                  loading={save.isPending && save.variables === role.role}
                                  onClick={() => save.mutate(role.role)}
                                  leftSection={<IconDeviceFloppy size={12} aria-hidden />}
                                  aria-label={t('roles.saveRole', { role: roleLabel(role.role) })}
                                  data-testid={`save-role-${role.role}`}
                                >
                                  {t('common.save')}
                                </Button>
                              </Tooltip>
                              <ConfirmButton
                                size="compact-xs"
                                variant="default"
                                confirmTitle={t('roles.resetConfirm', {
                                  role: roleLabel(role.role),
                                })}
                                confirmMessage={t('roles.resetHint')}
                                confirmLabel={t('roles.reset')}
                                onConfirm={() => reset.mutateAsync(role.role)}
                                aria-label={t('roles.resetRole', { role: roleLabel(role.role) })}
                                loading={reset.isPending && reset.variables === role.role}
                              >
                                <IconRestore size={12} aria-hidden />
                              </ConfirmButton>
                            </Group>
                          )}
                          {!role.editable && (
                            <Text fz="xs" c="dimmed">
                              {t('roles.allPermissions')}
                            </Text>
                          )}
                        </Stack>
                      </Table.Th>
                    );
                  })}
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {modules.map(([module, entries]) => (
                  <Fragment key={module}>
                    <Table.Tr bg="var(--mantine-color-default-hover)">
                      <Table.Th
                        colSpan={roles.data.items.length + 1}
                        scope="colgroup"
                        fz="xs"
                        tt="uppercase"
                        style={{ letterSpacing: '0.04em' }}
                      >
                        {translateOr(`roles.modules.${module}`, humaniseField(module))}
                      </Table.Th>
                    </Table.Tr>
                    {entries.map((entry) => (
                      <Table.Tr key={entry.permission}>
                        <Table.Th scope="row" className="keel-sticky-col" fw={400}>
                          <Text fz="sm">{entry.label}</Text>
                          <Code fz={10} c="dimmed" bg="transparent" p={0}>
                            {entry.permission}
                          </Code>
                        </Table.Th>
                        {roles.data.items.map((role) => {
                          const checked = role.editable
                            ? (drafts[role.role] ?? role.permissions).includes(entry.permission)
                            : true;
                          return (
                            <Table.Td key={role.role} ta="center">
                              <Checkbox
                                checked={checked}
                                disabled={!role.editable}
                                onChange={(event) =>
                                  toggle(role.role, entry.permission, event.currentTarget.checked)
                                }
                                aria-label={t('roles.grant', {
                                  permission: entry.label,
                                  role: roleLabel(role.role),
                                })}
                                styles={{ body: { justifyContent: 'center' } }}
                                data-testid={`perm-${role.role}-${entry.permission}`}
                              />
                            </Table.Td>
                          );
                        })}
                      </Table.Tr>
                    ))}
                  </Fragment>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        </Paper>
      )}
    </>
  );
}
