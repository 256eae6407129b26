import { auth } from '@keel/contracts';
import { useForm } from '@mantine/form';
import { IconCircleCheck } from '@tabler/icons-react';
import { useMutation } from '@tanstack/react-query';
import { getRouteApi } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { ApiError, call } from '../../api/client';
import { apiFieldErrors } from '../../api/form-errors';
import { ButtonLink } from '../../components/links';
import { NewPasswordInputs } from '../../components/NewPasswordInputs';
import { errorMessage } from '../../lib/errors';
import { AuthDone, AuthForm } from './AuthForm';
import { AuthLayout } from './AuthLayout';

const routeApi = getRouteApi('/reset-password/$token');

/** A link that is malformed, unknown or used up (as opposed to a field error or an outage). */
function isInvalidLink(error: unknown): boolean {
  return (
    error instanceof ApiError &&
    (error.status === 400 || error.status === 404 || error.status === 410) &&
    error.errors.length === 0
  );
}

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
        <AuthDone icon={<IconCircleCheck size={18} aria-hidden />} message={t('auth.resetDone')}>
          <ButtonLink to="/login" fullWidth>
            {t('auth.signIn')}
          </ButtonLink>
        </AuthDone>
      ) : (
        <AuthForm
          onSubmit={form.onSubmit((values) => confirm.mutate(values.password))}
          error={
            confirm.isError
              ? isInvalidLink(confirm.error)
                ? t('auth.resetInvalid')
                : errorMessage(confirm.error, t)
              : null
          }
          submitLabel={t('auth.setPassword')}
          submitting={confirm.isPending}
        >
          <NewPasswordInputs form={form} autoFocus />
        </AuthForm>
      )}
    </AuthLayout>
  );
}
