import { auth, ROLE_LABELS } from '@keel/contracts';
import { Button, Menu, Text } from '@mantine/core';
import { IconBuilding, IconCheck, IconPlus, IconSelector } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { call } from '../api/client';
import { translateOr } from '../i18n';
import { notifyError, notifySuccess } from '../lib/notify';
import { useCan, useMe } from '../lib/session';

/** Lists the user's organizations; switching reloads every query for the new organization. */
export function OrganizationSwitcher({ fullWidth = false }: { fullWidth?: boolean }) {
  const { t } = useTranslation();
  const me = useMe();
  const can = useCan();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const switchOrg = useMutation({
    mutationFn: (organizationId: string) =>
      call(auth.switchOrganization, { body: { organizationId } }),
    onSuccess: async (_, organizationId) => {
      const name = me.organizations.find((o) => o.id === organizationId)?.name ?? '';
      await queryClient.resetQueries();
      await navigate({ to: '/' });
      notifySuccess(t('shell.switchedTo', { name }));
    },
    onError: (error) => notifyError(error, t),
  });

  return (
    <Menu position="bottom-start" width={280} shadow="md">
      <Menu.Target>
        <Button
          variant="subtle"
          color="gray"
          fullWidth={fullWidth}
          justify={fullWidth ? 'space-between' : undefined}
          leftSection={<IconBuilding size={16} aria-hidden />}
          rightSection={<IconSelector size={14} aria-hidden />}
          loading={switchOrg.isPending}
          aria-label={t('shell.organizationMenu', { name: me.organization.name })}
          data-testid={fullWidth ? 'org-switcher-nav' : 'org-switcher'}
          maw={fullWidth ? undefined : 260}
        >
          <Text fz="sm" fw={600} truncate="end">
            {me.organization.name}
          </Text>
        </Button>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Label>{t('shell.organizations')}</Menu.Label>
        {me.organizations.map((organization) => {
          const current = organization.id === me.organization.id;
          return (
            <Menu.Item
              key={organization.id}
              onClick={() => !current && switchOrg.mutate(organization.id)}
              rightSection={
                current ? <IconCheck size={16} aria-label={t('shell.current')} /> : null
              }
            >
              <Text fz="sm" fw={current ? 600 : 500}>
                {organization.name}
              </Text>
              <Text fz="xs" c="dimmed">
                {translateOr(`roles.names.${organization.role}`, ROLE_LABELS[organization.role])}
              </Text>
            </Menu.Item>
          );
        })}
        {can('org.settings.manage') && (
          <>
            <Menu.Divider />
            <Menu.Item
              leftSection={<IconPlus size={16} aria-hidden />}
              onClick={() => void navigate({ to: '/admin/organization', hash: 'new-organization' })}
            >
              {t('shell.createOrganization')}
            </Menu.Item>
          </>
        )}
      </Menu.Dropdown>
    </Menu>
  );
}
