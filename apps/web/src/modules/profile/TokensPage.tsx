import { auth } from '@keel/contracts';
import {
  ActionIcon,
  Alert,
  Button,
  Code,
  CopyButton,
  Group,
  Select,
  Stack,
  Text,
  TextInput,
  Tooltip,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { useDisclosure } from '@mantine/hooks';
import { IconAlertTriangle, IconCheck, IconCopy, IconKey, IconPlus } from '@tabler/icons-react';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import { call } from '../../api/client';
import { endpointQuery, useRefresh } from '../../api/query';
import { ConfirmButton } from '../../components/ConfirmButton';
import { type Column, DataTable } from '../../components/DataTable';
import { EmptyState } from '../../components/EmptyState';
import { FormDrawer } from '../../components/FormDrawer';
import { ListState } from '../../components/ListState';
import { TableSkeleton } from '../../components/LoadingState';
import { PageHeader } from '../../components/PageHeader';
import { useFormMutation } from '../../components/use-form-mutation';
import { notifyError, notifySuccess } from '../../lib/notify';
import { useMe } from '../../lib/session';
import { useFormat } from '../../lib/use-format';

type Token = z.output<typeof auth.apiToken>;

function NewTokenDrawer({
  opened,
  onClose,
  onCreated,
}: {
  opened: boolean;
  onClose: () => void;
  onCreated: (token: string) => void;
}) {
  const { t } = useTranslation();
  const refresh = useRefresh();
  const form = useForm({
    initialValues: { name: '', expires: '90' },
    validate: { name: (value) => (value.trim() ? null : t('tokens.nameRequired')) },
  });
  // biome-ignore lint/correctness/useExhaustiveDependencies: reset when the drawer opens
  useEffect(() => {
    if (opened) form.reset();
  }, [opened]);
  const create = useFormMutation({
    form,
    mutationFn: (values: typeof form.values) =>
      call(auth.createApiToken, {
        body: {
          name: values.name.trim(),
          expiresInDays: values.expires === 'never' ? null : Number(values.expires),
        },
      }),
    onSuccess: async (created) => {
      onCreated(created.token);
      await refresh('listApiTokens');
      onClose();
    },
  });
  return (
    <FormDrawer
      opened={opened}
      onClose={onClose}
      title={t('tokens.newTitle')}
      onSubmit={form.onSubmit((values) => create.mutate(values))}
      submitting={create.isPending}
      submitLabel={t('tokens.create')}
      size="md"
    >
      <TextInput
        label={t('tokens.name')}
        description={t('tokens.nameHint')}
        required
        {...form.getInputProps('name')}
        data-testid="token-name"
      />
      <Select
        label={t('tokens.expiresIn')}
        allowDeselect={false}
        data={[
          { value: '30', label: t('tokens.days', { count: 30 }) },
          { value: '90', label: t('tokens.days', { count: 90 }) },
          { value: '365', label: t('tokens.days', { count: 365 }) },
          { value: 'never', label: t('tokens.never') },
        ]}
        {...form.getInputProps('expires')}
      />
    </FormDrawer>
  );
}

export function TokensPage() {
  const { t } = useTranslation();
  const me = useMe();
  const format = useFormat();
  const refresh = useRefresh();
  const [opened, handlers] = useDisclosure(false);
  const [secret, setSecret] = useState<string | null>(null);
  const tokens = useQuery(endpointQuery(auth.listApiTokens));
  const revoke = useMutation({
    mutationFn: (token: Token) => call(auth.revokeApiToken, { params: { id: token.id } }),
    onSuccess: async (_, token) => {
      notifySuccess(t('tokens.revoked', { name: token.name }));
      await refresh('listApiTokens');
    },
    onError: (error) => notifyError(error, t),
  });

  const columns: Column<Token>[] = [
    {
      key: 'name',
      header: t('tokens.name'),
      render: (tok) => (
        <Text fw={600} fz="sm">
          {tok.name}
        </Text>
      ),
    },
    { key: 'prefix', header: t('tokens.prefix'), render: (tok) => <Code>{tok.prefix}…</Code> },
    { key: 'created', header: t('tokens.created'), render: (tok) => format.date(tok.createdAt) },
    {
      key: 'lastUsed',
      header: t('tokens.lastUsed'),
      render: (tok) => (tok.lastUsedAt ? format.relative(tok.lastUsedAt) : t('users.never')),
    },
    {
      key: 'expires',
      header: t('tokens.expires'),
      render: (tok) => (tok.expiresAt ? format.date(tok.expiresAt) : t('tokens.never')),
    },
    {
      key: 'actions',
      header: t('common.actions'),
      render: (tok) => (
        <ConfirmButton
          size="compact-sm"
          variant="default"
          color="red"
          confirmTitle={t('tokens.revokeConfirm', { name: tok.name })}
          confirmMessage={t('tokens.revokeHint')}
          confirmLabel={t('tokens.revoke')}
          onConfirm={() => revoke.mutateAsync(tok)}
        >
          {t('tokens.revoke')}
        </ConfirmButton>
      ),
    },
  ];

  return (
    <>
      <PageHeader
        title={t('nav.tokens')}
        description={t('tokens.description', { organization: me.organization.name })}
        breadcrumbs={[{ label: t('nav.profile'), to: '/me' }, { label: t('nav.tokens') }]}
        actions={
          <Button
            leftSection={<IconPlus size={16} aria-hidden />}
            onClick={handlers.open}
            data-testid="new-token"
          >
            {t('tokens.new')}
          </Button>
        }
      />
      <Stack gap="md">
        {secret && (
          <Alert
            color="yellow"
            icon={<IconAlertTriangle size={18} aria-hidden />}
            title={t('tokens.copyNow')}
            withCloseButton
            closeButtonLabel={t('common.close')}
            onClose={() => setSecret(null)}
            data-testid="new-token-secret"
          >
            <Text fz="sm" mb="sm">
              {t('tokens.copyHint')}
            </Text>
            <Group gap="xs" wrap="nowrap">
              <Code block style={{ flex: 1, wordBreak: 'break-all', whiteSpace: 'pre-wrap' }}>
                {secret}
              </Code>
              <CopyButton value={secret}>
                {({ copied, copy }) => (
                  <Tooltip label={copied ? t('common.copied') : t('common.copy')}>
                    <ActionIcon
                      variant="filled"
                      size="lg"
                      onClick={copy}
                      aria-label={t('common.copy')}
                    >
                      {copied ? (
                        <IconCheck size={16} aria-hidden />
                      ) : (
                        <IconCopy size={16} aria-hidden />
                      )}
                    </ActionIcon>
                  </Tooltip>
                )}
              </CopyButton>
            </Group>
            <Text fz="xs" mt="sm">
              {t('tokens.usage')} <Code>Authorization: Bearer …</Code>
            </Text>
          </Alert>
        )}
        <ListState
          query={tokens}
          rows={tokens.data?.items}
          skeleton={<TableSkeleton rows={3} />}
          empty={
            <EmptyState
              icon={<IconKey size={28} stroke={1.5} aria-hidden />}
              title={t('tokens.emptyTitle')}
              description={t('tokens.empty')}
              action={
                <Button leftSection={<IconPlus size={16} aria-hidden />} onClick={handlers.open}>
                  {t('tokens.new')}
                </Button>
              }
            />
          }
        >
          {(rows) => (
            <DataTable
              caption={t('nav.tokens')}
              columns={columns}
              rows={rows}
              rowKey={(tok) => tok.id}
            />
          )}
        </ListState>
      </Stack>
      <NewTokenDrawer opened={opened} onClose={handlers.close} onCreated={setSecret} />
    </>
  );
}
