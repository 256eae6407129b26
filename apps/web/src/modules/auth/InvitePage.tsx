import { org, ROLE_LABELS } from '@keel/contracts';
import { Alert, PasswordInput, Skeleton, Stack, Text, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { IconAlertTriangle } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { getRouteApi, useNavigate } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { call, setCsrfToken } from '../../api/client';
import { apiFieldErrors } from '../../api/form-errors';
import { endpointQuery } from '../../api/query';
import { NewPasswordInputs } from '../../components/NewPasswordInputs';
import { translateOr } from '../../i18n';
import { errorMessage } from '../../lib/errors';
import { formatDate } from '../../lib/format';
import { AuthForm, BackToSignIn } from './AuthForm';
import { AuthLayout } from './AuthLayout';

const routeApi = getRouteApi('/invite/$token');

/** Accepting an invitation: a new account sets name and password, an existing one confirms. */
export function InvitePage() {
  const { t } = useTranslation();
  const { token } = routeApi.useParams();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const preview = useQuery({
    ...endpointQuery(org.getInvitationByToken, { params: { token } }),
    retry: false,
  });
  const accountExists = preview.data?.accountExists ?? false;

  const form = useForm({
    initialValues: { name: '', password: '', confirm: '' },
    validate: {
      name: (value) => (accountExists || value.trim() ? null : t('invite.nameRequired')),
      password: (value) =>
        accountExists
          ? value
            ? null
            : t('auth.passwordRequired')
          : value.length >= 10
            ? null
            : t('auth.passwordTooShort'),
      confirm: (value, values) =>
        accountExists || value === values.password ? null : t('auth.passwordsDiffer'),
    },
  });

  const accept = useMutation({
    mutationFn: (values: typeof form.values) =>
      call(org.acceptInvitation, {
        body: {
          token,
          password: values.password,
          ...(accountExists ? {} : { name: values.name.trim() }),
        },
      }),
    onSuccess: async (result) => {
      setCsrfToken(result.csrfToken);
      queryClient.clear();
      await navigate({ to: '/' });
    },
    onError: (error) => form.setErrors(apiFieldErrors(error)),
  });

  if (preview.isPending) {
    return (
      <AuthLayout title={t('invite.title')}>
        <Stack gap="sm" aria-busy="true" aria-label={t('common.loading')}>
          <Skeleton height={14} />
          <Skeleton height={14} width="70%" />
          <Skeleton height={36} mt="md" />
        </Stack>
      </AuthLayout>
    );
  }

  if (preview.isError) {
    return (
      <AuthLayout title={t('invite.title')}>
        <Stack gap="md">
          <Alert color="orange" icon={<IconAlertTriangle size={18} aria-hidden />} role="alert">
            {t('invite.invalid')}
          </Alert>
          <BackToSignIn />
        </Stack>
      </AuthLayout>
    );
  }

  const invitation = preview.data;
  const locale = navigator.language || 'en-US';
  return (
    <AuthLayout
      title={t('invite.joinTitle', { organization: invitation.organizationName })}
      subtitle={t('invite.subtitle', {
        role: translateOr(`roles.names.${invitation.role}`, ROLE_LABELS[invitation.role]),
        date: formatDate(invitation.expiresAt, { locale }),
      })}
    >
      <AuthForm
        onSubmit={form.onSubmit((values) => accept.mutate(values))}
        error={accept.isError ? errorMessage(accept.error, t) : null}
        submitLabel={t('invite.accept')}
        submitting={accept.isPending}
        submitTestId="accept-invitation"
        centerBackLink
      >
        <TextInput label={t('auth.email')} value={invitation.email} readOnly disabled />
        {accountExists ? (
          <>
            <Text fz="sm">{t('invite.existingAccount')}</Text>
            <PasswordInput
              label={t('auth.password')}
              autoComplete="current-password"
              required
              autoFocus
              {...form.getInputProps('password')}
            />
          </>
        ) : (
          <>
            <TextInput
              label={t('invite.name')}
              autoComplete="name"
              required
              autoFocus
              {...form.getInputProps('name')}
            />
            <NewPasswordInputs form={form} />
          </>
        )}
      </AuthForm>
    </AuthLayout>
  );
}
