import { RULE_CODES, type SchedulingSettings, scheduling } from '@keel/contracts';
import {
  Alert,
  Box,
  Button,
  Group,
  NumberInput,
  Paper,
  Select,
  SimpleGrid,
  Stack,
  Text,
  TextInput,
} from '@mantine/core';
import { IconDeviceFloppy, IconLock } from '@tabler/icons-react';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { call } from '../../../api/client';
import { apiFieldErrors, type FormErrors } from '../../../api/form-errors';
import { endpointQuery, useRefresh } from '../../../api/query';
import { ErrorState } from '../../../components/ErrorState';
import { DetailSkeleton } from '../../../components/LoadingState';
import { notifyError, notifySuccess } from '../../../lib/notify';
import { useCan } from '../../../lib/session';
import { SETUP_QUERIES, WEEKDAYS } from './setup-ui';

type Severity = 'error' | 'warning' | 'off';

function RulesForm({ initial }: { initial: SchedulingSettings }) {
  const { t } = useTranslation();
  const can = useCan();
  const editable = can('org.settings.manage');
  const refresh = useRefresh();
  const [v, setV] = useState(initial);
  const [errors, setErrors] = useState<FormErrors>({});
  const save = useMutation({
    mutationFn: () =>
      call(scheduling.updateSchedulingSettings, {
        body: {
          severities: v.severities as Record<(typeof RULE_CODES)[number], Severity>,
          weekStartsOn: v.weekStartsOn,
          payPeriodDays: v.payPeriodDays as 7 | 14,
          payPeriodAnchor: v.payPeriodAnchor,
          lateGraceMinutes: v.lateGraceMinutes,
        },
      }),
    onSuccess: async () => {
      notifySuccess(t('scheduling.setup.rules.saved'));
      await refresh(...SETUP_QUERIES, 'getRoster');
    },
    onError: (e) => {
      const fe = apiFieldErrors(e);
      if (Object.keys(fe).length) setErrors(fe);
      else notifyError(e, t);
    },
  });
  const severityOptions = (['error', 'warning', 'off'] as const).map((s) => ({
    value: s,
    label: t(`scheduling.setup.rules.${s}`),
  }));
  const dayOptions = WEEKDAYS.map((d) => ({
    value: String(d),
    label: t(`scheduling.setup.weekdaysLong.${d}` as 'scheduling.setup.weekdaysLong.1'),
  }));
  return (
    <Stack gap="md">
      <Text fz="sm" c="dimmed">
        {t('scheduling.setup.rules.intro')}
      </Text>
      {!editable && (
        <Alert icon={<IconLock size={16} aria-hidden />} color="gray" data-testid="rules-read-only">
          {t('scheduling.setup.rules.readOnly')}
        </Alert>
      )}
      <Paper withBorder>
        {RULE_CODES.map((code, i) => (
          <Group
            key={code}
            justify="space-between"
            align="center"
            wrap="wrap"
            gap="sm"
            p="sm"
            style={i ? { borderTop: '1px solid var(--mantine-color-default-border)' } : undefined}
          >
            <Box style={{ flex: '1 1 18rem', minWidth: 0 }}>
              <Text fz="sm" fw={600}>
                {t(`scheduling.setup.rules.names.${code}`)}
              </Text>
              <Text fz="sm" c="dimmed">
                {t(`scheduling.setup.rules.explain.${code}`)}
              </Text>
            </Box>
            <Select
              data={severityOptions}
              value={v.severities[code] ?? 'warning'}
              onChange={(s) =>
                s && setV((x) => ({ ...x, severities: { ...x.severities, [code]: s as Severity } }))
              }
              allowDeselect={false}
              disabled={!editable}
              aria-label={t('scheduling.setup.rules.severity', {
                rule: t(`scheduling.setup.rules.names.${code}`),
              })}
              error={errors[`severities.${code}`]}
              w={{ base: '100%', xs: 220 }}
              data-testid={`severity-${code}`}
            />
          </Group>
        ))}
      </Paper>
      <SimpleGrid cols={{ base: 1, sm: 2 }}>
        <Select
          label={t('scheduling.setup.rules.weekStartsOn')}
          data={dayOptions}
          value={String(v.weekStartsOn)}
          onChange={(d) => d && setV((x) => ({ ...x, weekStartsOn: Number(d) }))}
          allowDeselect={false}
          disabled={!editable}
          error={errors.weekStartsOn}
          data-testid="week-starts-on"
        />
        <Select
          label={t('scheduling.setup.rules.payPeriodDays')}
          data={[
            { value: '7', label: t('scheduling.setup.rules.days7') },
            { value: '14', label: t('scheduling.setup.rules.days14') },
          ]}
          value={String(v.payPeriodDays)}
          onChange={(d) => d && setV((x) => ({ ...x, payPeriodDays: Number(d) }))}
          allowDeselect={false}
          disabled={!editable}
          error={errors.payPeriodDays}
          data-testid="pay-period-days"
        />
        <TextInput
          type="date"
          label={t('scheduling.setup.rules.payPeriodAnchor')}
          value={v.payPeriodAnchor}
          onChange={(e) => {
            const value = e.currentTarget.value;
            setV((x) => ({ ...x, payPeriodAnchor: value }));
          }}
          disabled={!editable}
          error={errors.payPeriodAnchor}
          data-testid="pay-period-anchor"
        />
        <NumberInput
          label={t('scheduling.setup.rules.lateGrace')}
          description={t('scheduling.setup.rules.lateGraceHint')}
          min={0}
          max={60}
          allowDecimal={false}
          value={v.lateGraceMinutes}
          onChange={(n) => setV((x) => ({ ...x, lateGraceMinutes: Number(n) || 0 }))}
          disabled={!editable}
          error={errors.lateGraceMinutes}
          data-testid="late-grace"
        />
      </SimpleGrid>
      {editable && (
        <Group justify="flex-end">
          <Button
            leftSection={<IconDeviceFloppy size={16} aria-hidden />}
            onClick={() => {
              setErrors({});
              save.mutate();
            }}
            loading={save.isPending}
            data-testid="rules-save"
          >
            {t('scheduling.setup.rules.save')}
          </Button>
        </Group>
      )}
    </Stack>
  );
}

/** Rule severities, week start, pay period and late grace (org-wide). */
export function RulesTab() {
  const query = useQuery(endpointQuery(scheduling.getSchedulingSettings));
  if (query.isPending) return <DetailSkeleton />;
  if (query.isError) return <ErrorState error={query.error} onRetry={() => void query.refetch()} />;
  return <RulesForm key={query.dataUpdatedAt} initial={query.data} />;
}
