import { auth } from '@keel/contracts';
import { Alert, Button, PasswordInput, Stack } from '@mantine/core';
import { useForm } from '@mantine/form';
import { IconCircleCheck } from '@tabler/icons-react';
import { useMutation } from '@tanstack/react-query';
import { getRouteApi } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { ApiError, call } from '../../api/client';
import { apiFieldErrors } from '../../api/form-errors';
import { AnchorLink, ButtonLink } from '../../components/links';
import { errorMessage } from '../../lib/errors';
import { AuthLayout } from './AuthLayout';

const routeApi = getRouteApi('/reset-password/$token');

export function ResetPasswordPage() {
  const { t } = useTranslation();
  const { token } = routeApi.useParams();
  const form = useForm({
    initialValues: { password: '', confirm: '' },
    validate: {
      password: (value) => (value.length >= 10 ? null : t('auth.passwordTooShort')),
      confirm: (value, values) => (value === values.password ? null : t('auth.passwordsDiffer')),
    },
  });
  const confirm = useMutation({
    mutationFn: (password: string) =>
      call(auth.confirmPasswordReset, { body: { token, password } }),
    onError: (error) => form.setErrors(apiFieldErrors(error)),
  });

  return (
    <AuthLayout title={t('auth.resetTitle')} subtitle={t('auth.resetSubtitle')}>
      {confirm.isSuccess ? (
        <Stack gap="md">
          <Alert color="teal" icon={<IconCircleCheck size={18} aria-hidden />} role="status">
            {t('auth.resetDone')}
          </Alert>
          <ButtonLink to="/login" fullWidth>
            {t('auth.signIn')}
          </ButtonLink>
        </Stack>
      ) : (
        <form onSubmit={form.onSubmit((values) => confirm.mutate(values.password))} noValidate>
          <Stack gap="md">
            {confirm.isError && (
              <Alert color="red" role="alert">
                {confirm.error instanceof ApiError &&
                (confirm.error.status === 400 ||
                  confirm.error.status === 404 ||
                  confirm.error.status === 410) &&
                confirm.error.errors.length === 0
                  ? t('auth.resetInvalid')
                  : errorMessage(confirm.error, t)}
              </Alert>
            )}
            <PasswordInput
              label={t('auth.newPassword')}
              description={t('auth.passwordRule')}
              autoComplete="new-password"
              required
              autoFocus
              {...form.getInputProps('password')}
            />
            <PasswordInput
              label={t('auth.confirmPassword')}
              autoComplete="new-password"
              required
              {...form.getInputProps('confirm')}
            />
            <Button type="submit" fullWidth loading={confirm.isPending}>
              {t('auth.setPassword')}
            </Button>
            <AnchorLink to="/login" fz="sm">
              {t('auth.backToSignIn')}
            </AnchorLink>
          </Stack>
        </form>
      )}
    </AuthLayout>
  );
}
