import { auth } from '@keel/contracts';
import { Alert, Button, Stack, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { IconMailCheck } from '@tabler/icons-react';
import { useMutation } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { call } from '../../api/client';
import { AnchorLink } from '../../components/links';
import { errorMessage } from '../../lib/errors';
import { AuthLayout } from './AuthLayout';

/** Asks for a reset link; the answer never reveals whether the address has an account. */
export function ForgotPasswordPage() {
  const { t } = useTranslation();
  const form = useForm({
    initialValues: { email: '' },
    validate: {
      email: (value) => (/^\S+@\S+\.\S+$/.test(value.trim()) ? null : t('auth.emailInvalid')),
    },
  });
  const request = useMutation({
    mutationFn: (email: string) => call(auth.requestPasswordReset, { body: { email } }),
  });

  return (
    <AuthLayout title={t('auth.forgotTitle')} subtitle={t('auth.forgotSubtitle')}>
      {request.isSuccess ? (
        <Stack gap="md">
          <Alert color="teal" icon={<IconMailCheck size={18} aria-hidden />} role="status">
            {t('auth.forgotSent', { email: form.values.email.trim() })}
          </Alert>
          <AnchorLink to="/login" fz="sm">
            {t('auth.backToSignIn')}
          </AnchorLink>
        </Stack>
      ) : (
        <form onSubmit={form.onSubmit((values) => request.mutate(values.email.trim()))} noValidate>
          <Stack gap="md">
            {request.isError && (
              <Alert color="red" role="alert">
                {errorMessage(request.error, t)}
              </Alert>
            )}
            <TextInput
              label={t('auth.email')}
              type="email"
              autoComplete="email"
              required
              autoFocus
              {...form.getInputProps('email')}
            />
            <Button type="submit" fullWidth loading={request.isPending}>
              {t('auth.sendResetLink')}
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
