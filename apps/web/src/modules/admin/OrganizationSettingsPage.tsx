import { org } from '@keel/contracts';
import {
  Alert,
  Button,
  Card,
  Grid,
  Group,
  Select,
  SimpleGrid,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { type UseFormReturnType, useForm } from '@mantine/form';
import { IconBuildingPlus } from '@tabler/icons-react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import { useEffect, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { call } from '../../api/client';
import { zodFormErrors } from '../../api/form-errors';
import { endpointQuery, useRefresh } from '../../api/query';
import { CardForm, CardTitle } from '../../components/CardSection';
import { ErrorState } from '../../components/ErrorState';
import { HistoryTimeline } from '../../components/HistoryTimeline';
import { DetailSkeleton } from '../../components/LoadingState';
import { PageHeader } from '../../components/PageHeader';
import { useFormMutation } from '../../components/use-form-mutation';
import { localeOptions, timeZones } from '../../lib/format';
import { notifySuccess } from '../../lib/notify';

interface SettingsValues {
  name: string;
  currency: string;
  locale: string;
  timeZone: string;
}

function currencies(): string[] {
  try {
    return Intl.supportedValuesOf('currency');
  } catch {
    return ['USD', 'EUR', 'GBP'];
  }
}

function useChoices() {
  return useMemo(
    () => ({ zones: timeZones(), currencies: currencies(), locales: localeOptions() }),
    [],
  );
}

function SettingsFields({
  form,
}: {
  form: Pick<UseFormReturnType<SettingsValues>, 'values' | 'getInputProps'>;
}) {
  const { t } = useTranslation();
  const choices = useChoices();
  return (
    <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md">
      <TextInput label={t('orgSettings.name')} required {...form.getInputProps('name')} />
      <Select
        label={t('orgSettings.currency')}
        data={choices.currencies}
        searchable
        allowDeselect={false}
        {...form.getInputProps('currency')}
      />
      <Select
        label={t('orgSettings.locale')}
        data={
          choices.locales.some((l) => l.value === form.values.locale)
            ? choices.locales
            : [...choices.locales, { value: form.values.locale, label: form.values.locale }]
        }
        searchable
        allowDeselect={false}
        {...form.getInputProps('locale')}
      />
      <Select
        label={t('orgSettings.timeZone')}
        data={choices.zones}
        searchable
        allowDeselect={false}
        limit={100}
        {...form.getInputProps('timeZone')}
      />
    </SimpleGrid>
  );
}

function NewOrganizationCard() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const form = useForm<SettingsValues>({
    initialValues: { name: '', currency: 'USD', locale: 'en-US', timeZone: 'UTC' },
    validate: (values) => zodFormErrors(org.createOrganization.body!, values),
  });
  const create = useFormMutation({
    form,
    mutationFn: (values: SettingsValues) => call(org.createOrganization, { body: values }),
    onSuccess: async (created) => {
      notifySuccess(t('orgSettings.created', { name: created.name }));
      await queryClient.resetQueries();
      await navigate({ to: '/' });
    },
  });
  return (
    <Card id="new-organization">
      <Group gap="xs" mb={4}>
        <IconBuildingPlus size={18} aria-hidden />
        <Title order={2} fz="h4">
          {t('orgSettings.newTitle')}
        </Title>
      </Group>
      <Text fz="sm" c="dimmed" mb="md">
        {t('orgSettings.newHint')}
      </Text>
      <CardForm
        onSubmit={form.onSubmit((values) => create.mutate(values))}
        submit={
          <Button
            type="submit"
            variant="default"
            loading={create.isPending}
            data-testid="create-organization"
          >
            {t('orgSettings.create')}
          </Button>
        }
      >
        <SettingsFields form={form} />
      </CardForm>
    </Card>
  );
}

export function OrganizationSettingsPage() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const refresh = useRefresh();
  const organization = useQuery(endpointQuery(org.getOrganization));
  const form = useForm<SettingsValues>({
    initialValues: { name: '', currency: 'USD', locale: 'en-US', timeZone: 'UTC' },
    validate: (values) => zodFormErrors(org.updateOrganizationBody, values),
  });
  // biome-ignore lint/correctness/useExhaustiveDependencies: load the saved values once they arrive
  useEffect(() => {
    if (organization.data) {
      const { name, currency, locale, timeZone } = organization.data;
      form.setValues({ name, currency, locale, timeZone });
      form.resetDirty({ name, currency, locale, timeZone });
    }
  }, [organization.data]);

  useEffect(() => {
    if (organization.data && window.location.hash === '#new-organization') {
      document.getElementById('new-organization')?.scrollIntoView({ behavior: 'smooth' });
    }
  }, [organization.data]);

  const save = useFormMutation({
    form,
    mutationFn: (values: SettingsValues) => call(org.updateOrganization, { body: values }),
    onSuccess: async (saved) => {
      notifySuccess(t('common.savedName', { name: saved.name }));
      queryClient.setQueryData(endpointQuery(org.getOrganization).queryKey, saved);
      await refresh('getMe', 'getRecordHistory');
    },
  });

  return (
    <>
      <PageHeader title={t('nav.settings')} description={t('orgSettings.description')} />
      {organization.isPending ? (
        <DetailSkeleton />
      ) : organization.isError ? (
        <ErrorState error={organization.error} onRetry={() => void organization.refetch()} />
      ) : (
        <Grid gap="lg">
          <Grid.Col span={{ base: 12, md: 7 }}>
            <Stack gap="lg">
              <Card>
                <CardTitle>{t('orgSettings.general')}</CardTitle>
                <CardForm
                  onSubmit={form.onSubmit((values) => save.mutate(values))}
                  submit={
                    <Button
                      type="submit"
                      loading={save.isPending}
                      disabled={!form.isDirty()}
                      data-testid="save-organization"
                    >
                      {t('common.save')}
                    </Button>
                  }
                >
                  <SettingsFields form={form} />
                  <Alert color="gray" variant="light">
                    {t('orgSettings.localeHint')}
                  </Alert>
                </CardForm>
              </Card>
              <NewOrganizationCard />
            </Stack>
          </Grid.Col>
          <Grid.Col span={{ base: 12, md: 5 }}>
            <HistoryTimeline entityType="organization" entityId={organization.data.id} />
          </Grid.Col>
        </Grid>
      )}
    </>
  );
}
