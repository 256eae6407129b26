import { auth } from '@keel/contracts';
import { TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { IconMailCheck } from '@tabler/icons-react';
import { useMutation } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { call } from '../../api/client';
import { errorMessage } from '../../lib/errors';
import { AuthDone, AuthForm, BackToSignIn } from './AuthForm';
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
        <AuthDone
          icon={<IconMailCheck size={18} aria-hidden />}
          message={t('auth.forgotSent', { email: form.values.email.trim() })}
        >
          <BackToSignIn />
        </AuthDone>
      ) : (
        <AuthForm
          onSubmit={form.onSubmit((values) => request.mutate(values.email.trim()))}
          error={request.isError ? errorMessage(request.error, t) : null}
          submitLabel={t('auth.sendResetLink')}
          submitting={request.isPending}
        >
          <TextInput
            label={t('auth.email')}
            type="email"
            autoComplete="email"
            required
            autoFocus
            {...form.getInputProps('email')}
          />
        </AuthForm>
      )}
    </AuthLayout>
  );
}
