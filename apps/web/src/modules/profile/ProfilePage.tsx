import { auth, people } from '@keel/contracts';
import {
  Badge,
  Button,
  Card,
  Grid,
  Group,
  PasswordInput,
  Select,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { IconKey, IconLogout } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import { useEffect, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { call, setCsrfToken } from '../../api/client';
import { endpointQuery, useRefresh } from '../../api/query';
import { CardForm, CardTitle } from '../../components/CardSection';
import { ConfirmButton } from '../../components/ConfirmButton';
import { DetailList } from '../../components/DetailList';
import { ErrorState } from '../../components/ErrorState';
import { AnchorLink, ButtonLink } from '../../components/links';
import { NewPasswordInputs } from '../../components/NewPasswordInputs';
import { PageHeader } from '../../components/PageHeader';
import { useFormMutation } from '../../components/use-form-mutation';
import { localeOptions } from '../../lib/format';
import { notifyError, notifySuccess } from '../../lib/notify';
import { useCan, useMe } from '../../lib/session';
import { useFormat } from '../../lib/use-format';
import { roleLabel } from '../admin/role-label';

const BROWSER = '__browser__';

function DetailsCard() {
  const { t } = useTranslation();
  const me = useMe();
  const refresh = useRefresh();
  const form = useForm({
    initialValues: { name: me.user.name, locale: me.user.locale ?? BROWSER },
    validate: { name: (value) => (value.trim() ? null : t('profile.nameRequired')) },
  });
  // biome-ignore lint/correctness/useExhaustiveDependencies: follow the saved profile
  useEffect(() => {
    form.setValues({ name: me.user.name, locale: me.user.locale ?? BROWSER });
    form.resetDirty({ name: me.user.name, locale: me.user.locale ?? BROWSER });
  }, [me.user.name, me.user.locale]);
  const locales = useMemo(
    () => [{ value: BROWSER, label: t('profile.browserLocale') }, ...localeOptions()],
    [t],
  );
  const save = useFormMutation({
    form,
    mutationFn: (values: { name: string; locale: string }) =>
      call(auth.updateMe, {
        body: {
          name: values.name.trim(),
          locale: values.locale === BROWSER ? null : values.locale,
        },
      }),
    onSuccess: async () => {
      notifySuccess(t('profile.saved'));
      await refresh('getMe');
    },
  });
  return (
    <Card>
      <CardTitle>{t('profile.details')}</CardTitle>
      <CardForm
        onSubmit={form.onSubmit((values) => save.mutate(values))}
        submit={
          <Button type="submit" loading={save.isPending} disabled={!form.isDirty()}>
            {t('common.save')}
          </Button>
        }
      >
        <TextInput
          label={t('profile.name')}
          required
          autoComplete="name"
          {...form.getInputProps('name')}
        />
        <TextInput label={t('auth.email')} value={me.user.email} readOnly disabled />
        <Select
          label={t('profile.locale')}
          description={t('profile.localeHint')}
          data={locales}
          allowDeselect={false}
          {...form.getInputProps('locale')}
        />
      </CardForm>
    </Card>
  );
}

function PasswordCard() {
  const { t } = useTranslation();
  const form = useForm({
    initialValues: { currentPassword: '', newPassword: '', confirm: '' },
    validate: {
      currentPassword: (value) => (value ? null : t('auth.passwordRequired')),
      newPassword: (value) => (value.length >= 10 ? null : t('auth.passwordTooShort')),
      confirm: (value, values) => (value === values.newPassword ? null : t('auth.passwordsDiffer')),
    },
  });
  const change = useFormMutation({
    form,
    mutationFn: (values: typeof form.values) =>
      call(auth.changePassword, {
        body: { currentPassword: values.currentPassword, newPassword: values.newPassword },
      }),
    onSuccess: () => {
      notifySuccess(t('profile.passwordChanged'));
      form.reset();
    },
  });
  return (
    <Card>
      <CardTitle hint={t('profile.changePasswordHint')}>{t('profile.changePassword')}</CardTitle>
      <CardForm
        onSubmit={form.onSubmit((values) => change.mutate(values))}
        submit={
          <Button type="submit" loading={change.isPending}>
            {t('profile.changePassword')}
          </Button>
        }
      >
        <PasswordInput
          label={t('profile.currentPassword')}
          autoComplete="current-password"
          required
          {...form.getInputProps('currentPassword')}
        />
        <NewPasswordInputs form={form} field="newPassword" />
      </CardForm>
    </Card>
  );
}

function EmployeeCard() {
  const { t } = useTranslation();
  const can = useCan();
  const format = useFormat();
  const mine = useQuery(endpointQuery(people.getMyEmployee));
  return (
    <Card data-testid="my-employee">
      <Group justify="space-between" mb="md">
        <Title order={2} fz="h4">
          {t('profile.employeeRecord')}
        </Title>
        {mine.data?.employee && can('people.read') && (
          <AnchorLink to="/people/$id" params={{ id: mine.data.employee.id }} fz="sm">
            {t('profile.openRecord')}
          </AnchorLink>
        )}
      </Group>
      {mine.isPending ? (
        <Text fz="sm" c="dimmed">
          {t('common.loading')}
        </Text>
      ) : mine.isError ? (
        <ErrorState error={mine.error} onRetry={() => void mine.refetch()} />
      ) : !mine.data.employee ? (
        <Text fz="sm" c="dimmed">
          {t('profile.noEmployee')}
        </Text>
      ) : (
        <DetailList
          items={[
            { label: t('people.name'), value: mine.data.employee.name },
            { label: t('people.employeeNumber'), value: mine.data.employee.employeeNumber },
            { label: t('people.position'), value: mine.data.employee.position?.name },
            { label: t('people.department'), value: mine.data.employee.department?.name },
            { label: t('people.site'), value: mine.data.employee.site?.name },
            { label: t('people.manager'), value: mine.data.employee.manager?.name },
            { label: t('people.startDate'), value: format.date(mine.data.employee.startDate) },
            {
              label: t('people.employmentType'),
              value: t(`people.employmentTypes.${mine.data.employee.employmentType}`),
            },
            { label: t('people.email'), value: mine.data.employee.email },
            {
              label: t('people.skills'),
              wide: true,
              value: mine.data.employee.skills.length ? mine.data.employee.skills.join(', ') : null,
            },
          ]}
        />
      )}
      {mine.data?.employee && <MyPhoneForm phone={mine.data.employee.phone} />}
    </Card>
  );
}

/** Everyone keeps the phone number of their own employee record current. */
function MyPhoneForm({ phone }: { phone: string | null }) {
  const { t } = useTranslation();
  const refresh = useRefresh();
  const form = useForm({ initialValues: { phone: phone ?? '' } });
  // biome-ignore lint/correctness/useExhaustiveDependencies: follow the saved record
  useEffect(() => {
    form.setValues({ phone: phone ?? '' });
    form.resetDirty({ phone: phone ?? '' });
  }, [phone]);
  const save = useFormMutation({
    form,
    mutationFn: (values: { phone: string }) =>
      call(people.updateMyEmployee, { body: { phone: values.phone.trim() } }),
    onSuccess: async () => {
      notifySuccess(t('profile.phoneSaved'));
      await refresh('getMyEmployee');
    },
  });
  return (
    <form onSubmit={form.onSubmit((values) => save.mutate(values))} noValidate>
      <Group align="flex-end" mt="md" gap="sm">
        <TextInput
          label={t('profile.myPhone')}
          description={t('profile.myPhoneHint')}
          type="tel"
          autoComplete="tel"
          style={{ flex: 1, minWidth: 200 }}
          data-testid="my-phone"
          {...form.getInputProps('phone')}
        />
        <Button
          type="submit"
          variant="default"
          loading={save.isPending}
          disabled={!form.isDirty()}
          data-testid="save-my-phone"
        >
          {t('common.save')}
        </Button>
      </Group>
    </form>
  );
}

export function ProfilePage() {
  const { t } = useTranslation();
  const me = useMe();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const logoutAll = useMutation({
    mutationFn: () => call(auth.logoutAll),
    onSuccess: async () => {
      setCsrfToken(null);
      queryClient.clear();
      await navigate({ to: '/login' });
    },
    onError: (error) => notifyError(error, t),
  });
  return (
    <>
      <PageHeader
        title={t('nav.profile')}
        description={me.user.email}
        badge={<Badge variant="light">{roleLabel(me.membership.role)}</Badge>}
        actions={
          <ButtonLink
            to="/me/tokens"
            variant="default"
            leftSection={<IconKey size={16} aria-hidden />}
          >
            {t('nav.tokens')}
          </ButtonLink>
        }
      />
      <Grid gap="lg">
        <Grid.Col span={{ base: 12, md: 6 }}>
          <Stack gap="lg">
            <DetailsCard />
            <PasswordCard />
            <Card>
              <CardTitle hint={t('profile.sessionsHint')}>{t('profile.sessions')}</CardTitle>
              <Group>
                <ConfirmButton
                  variant="default"
                  color="red"
                  leftSection={<IconLogout size={16} aria-hidden />}
                  confirmTitle={t('profile.logoutAllConfirm')}
                  confirmMessage={t('profile.logoutAllHint')}
                  confirmLabel={t('profile.logoutAll')}
                  onConfirm={() => logoutAll.mutateAsync()}
                  loading={logoutAll.isPending}
                  data-testid="logout-all"
                >
                  {t('profile.logoutAll')}
                </ConfirmButton>
              </Group>
            </Card>
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 6 }}>
          <EmployeeCard />
        </Grid.Col>
      </Grid>
    </>
  );
}
