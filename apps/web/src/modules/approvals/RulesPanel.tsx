import { APPROVAL_RULE_ROLES, type ApprovalRule, approvals as api, org } from '@keel/contracts';
import {
  ActionIcon,
  Button,
  Group,
  NumberInput,
  Paper,
  Select,
  Stack,
  Table,
  Text,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { IconPencil, IconPlus, IconTrash } from '@tabler/icons-react';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { call } from '../../api/client';
import { endpointQuery, useRefresh } from '../../api/query';
import { EmptyState } from '../../components/EmptyState';
import { FormDrawer } from '../../components/FormDrawer';
import { ListState } from '../../components/ListState';
import { useFormMutation } from '../../components/use-form-mutation';
import { notifyError, notifySuccess } from '../../lib/notify';
import { useMe } from '../../lib/session';
import { useFormat } from '../../lib/use-format';
import { roleLabel } from '../admin/role-label';
import { typeLabel } from './labels';

interface RuleValues {
  type: string;
  siteId: string;
  threshold: number | string;
  requiredRole: string;
  escalateAfterDays: number | string;
}

const toMinor = (v: number | string) =>
  v === '' || v === null ? null : Math.round(Number(v) * 100);

function RuleDrawer({
  rule,
  opened,
  onClose,
  types,
}: {
  rule: ApprovalRule | null;
  opened: boolean;
  onClose: () => void;
  types: { type: string; escalateAfterDays: number }[];
}) {
  const { t } = useTranslation();
  const refresh = useRefresh();
  const sites = useQuery(endpointQuery(org.listSites));
  const form = useForm<RuleValues>({
    initialValues: {
      type: rule?.type ?? types[0]?.type ?? '',
      siteId: rule?.site?.id ?? '',
      threshold: rule?.thresholdMinor != null ? rule.thresholdMinor / 100 : '',
      requiredRole: rule?.requiredRole ?? '',
      escalateAfterDays: rule?.escalateAfterDays ?? '',
    },
  });
  const typeDefault = types.find((x) => x.type === form.values.type)?.escalateAfterDays ?? 0;
  const save = useFormMutation({
    form,
    fieldMap: { thresholdMinor: 'threshold' },
    mutationFn: (v: RuleValues) => {
      const fields = {
        siteId: v.siteId || null,
        thresholdMinor: toMinor(v.threshold),
        requiredRole: (v.requiredRole || null) as (typeof APPROVAL_RULE_ROLES)[number] | null,
        escalateAfterDays: v.escalateAfterDays === '' ? null : Number(v.escalateAfterDays),
      };
      return rule
        ? call(api.updateApprovalRule, { params: { id: rule.id }, body: fields })
        : call(api.createApprovalRule, { body: { type: v.type, ...fields } });
    },
    onSuccess: async () => {
      await refresh('listApprovalRules');
      notifySuccess(t('approvals.rules.saved'));
      onClose();
    },
  });
  return (
    <FormDrawer
      opened={opened}
      onClose={onClose}
      title={rule ? t('approvals.rules.edit') : t('approvals.rules.add')}
      onSubmit={form.onSubmit((v) => save.mutate(v))}
      submitting={save.isPending}
      submitLabel={t('common.save')}
    >
      <Select
        label={t('approvals.rules.type')}
        data={types.map((x) => ({ value: x.type, label: typeLabel(x.type) }))}
        disabled={!!rule}
        allowDeselect={false}
        required
        {...form.getInputProps('type')}
      />
      <Select
        label={t('approvals.rules.site')}
        data={[
          { value: '', label: t('approvals.rules.allSites') },
          ...(sites.data?.items ?? []).map((s) => ({ value: s.id, label: s.name })),
        ]}
        allowDeselect={false}
        {...form.getInputProps('siteId')}
      />
      <NumberInput
        label={t('approvals.rules.threshold')}
        description={t('approvals.rules.thresholdHelp')}
        min={0}
        decimalScale={2}
        thousandSeparator=","
        {...form.getInputProps('threshold')}
      />
      <Select
        label={t('approvals.rules.requiredRole')}
        data={[
          { value: '', label: t('approvals.rules.noThreshold') },
          ...APPROVAL_RULE_ROLES.map((r) => ({ value: r, label: roleLabel(r) })),
        ]}
        allowDeselect={false}
        {...form.getInputProps('requiredRole')}
      />
      <NumberInput
        label={t('approvals.rules.escalateAfterDays')}
        description={t('approvals.rules.escalateHelp', { days: typeDefault })}
        min={0}
        max={365}
        allowDecimal={false}
        {...form.getInputProps('escalateAfterDays')}
      />
    </FormDrawer>
  );
}

/** Owners' approval rules: thresholds that need a higher role, and escalation periods. */
export function RulesPanel() {
  const { t } = useTranslation();
  const format = useFormat();
  const me = useMe();
  const refresh = useRefresh();
  const rules = useQuery(endpointQuery(api.listApprovalRules));
  const [editing, setEditing] = useState<ApprovalRule | null | 'new'>(null);
  const remove = useMutation({
    mutationFn: (id: string) => call(api.deleteApprovalRule, { params: { id } }),
    onSuccess: async () => {
      await refresh('listApprovalRules');
      notifySuccess(t('approvals.rules.deleted'));
    },
    onError: (error) => notifyError(error, t),
  });
  const types = rules.data?.types ?? [];
  const escalation = (r: ApprovalRule) => {
    if (r.escalateAfterDays === null) {
      const d = types.find((x) => x.type === r.type)?.escalateAfterDays ?? 0;
      return t('approvals.rules.typeDefault', { days: d });
    }
    return r.escalateAfterDays === 0
      ? t('approvals.rules.never')
      : t('approvals.rules.days', { count: r.escalateAfterDays });
  };
  return (
    <Stack gap="sm">
      <Group justify="space-between" align="flex-start" wrap="wrap">
        <Text c="dimmed" fz="sm" maw={640}>
          {t('approvals.rules.description')}
        </Text>
        <Button
          leftSection={<IconPlus size={16} aria-hidden />}
          onClick={() => setEditing('new')}
          disabled={types.length === 0}
          data-testid="approval-rule-add"
        >
          {t('approvals.rules.add')}
        </Button>
      </Group>
      {rules.isSuccess && types.length === 0 && (
        <Text fz="sm" c="dimmed">
          {t('approvals.rules.noTypes')}
        </Text>
      )}
      <ListState
        query={rules}
        rows={rules.data?.items}
        empty={
          <EmptyState
            title={t('approvals.rules.empty')}
            description={t('approvals.rules.emptyDescription')}
          />
        }
      >
        {(items) => (
          <Paper withBorder style={{ overflowX: 'auto' }}>
            <Table verticalSpacing="sm" data-testid="approval-rules">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('approvals.rules.type')}</Table.Th>
                  <Table.Th>{t('approvals.rules.site')}</Table.Th>
                  <Table.Th>{t('approvals.rules.threshold')}</Table.Th>
                  <Table.Th>{t('approvals.rules.escalateAfterDays')}</Table.Th>
                  <Table.Th w={90} />
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {items.map((r) => (
                  <Table.Tr key={r.id}>
                    <Table.Td>{typeLabel(r.type)}</Table.Td>
                    <Table.Td>{r.site?.name ?? t('approvals.rules.allSites')}</Table.Td>
                    <Table.Td>
                      {r.thresholdMinor !== null && r.requiredRole
                        ? t('approvals.rules.above', {
                            amount: format.money(r.thresholdMinor, me.organization.currency),
                            role: roleLabel(r.requiredRole),
                          })
                        : '—'}
                    </Table.Td>
                    <Table.Td>{escalation(r)}</Table.Td>
                    <Table.Td>
                      <Group gap={4} wrap="nowrap">
                        <ActionIcon
                          variant="subtle"
                          onClick={() => setEditing(r)}
                          aria-label={`${t('approvals.rules.edit')}: ${typeLabel(r.type)}`}
                        >
                          <IconPencil size={16} aria-hidden />
                        </ActionIcon>
                        <ActionIcon
                          variant="subtle"
                          color="red"
                          onClick={() => remove.mutate(r.id)}
                          loading={remove.isPending && remove.variables === r.id}
                          aria-label={`${t('approvals.rules.delete')}: ${typeLabel(r.type)}`}
                        >
                          <IconTrash size={16} aria-hidden />
                        </ActionIcon>
                      </Group>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Paper>
        )}
      </ListState>
      {editing !== null && (
        <RuleDrawer
          key={editing === 'new' ? 'new' : editing.id}
          rule={editing === 'new' ? null : editing}
          opened
          onClose={() => setEditing(null)}
          types={types}
        />
      )}
    </Stack>
  );
}
