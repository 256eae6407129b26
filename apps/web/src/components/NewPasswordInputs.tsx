import { PasswordInput } from '@mantine/core';
import type { UseFormReturnType } from '@mantine/form';
import { useTranslation } from 'react-i18next';

interface NewPasswordInputsProps {
  // biome-ignore lint/suspicious/noExplicitAny: any form that has the two fields
  form: Pick<UseFormReturnType<any>, 'getInputProps'>;
  /** The form field holding the new password; its repetition is `confirm`. */
  field?: string;
  autoFocus?: boolean;
}

/** "New password" (with the length rule) and "Repeat the new password". */
export function NewPasswordInputs({ form, field = 'password', autoFocus }: NewPasswordInputsProps) {
  const { t } = useTranslation();
  return (
    <>
      <PasswordInput
        label={t('auth.newPassword')}
        description={t('auth.passwordRule')}
        autoComplete="new-password"
        required
        autoFocus={autoFocus}
        {...form.getInputProps(field)}
      />
      <PasswordInput
        label={t('auth.confirmPassword')}
        autoComplete="new-password"
        required
        {...form.getInputProps('confirm')}
      />
    </>
  );
}
