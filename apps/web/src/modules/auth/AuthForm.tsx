import { Alert, Button, Group, Stack } from '@mantine/core';
import type { FormEvent, ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { AnchorLink } from '../../components/links';

/** The way back to the sign-in page from the other public pages. */
export function BackToSignIn() {
  const { t } = useTranslation();
  return (
    <AnchorLink to="/login" fz="sm">
      {t('auth.backToSignIn')}
    </AnchorLink>
  );
}

/** What a public form shows once it has done its work: a confirmation and where to go next. */
export function AuthDone({
  icon,
  message,
  children,
}: {
  icon: ReactNode;
  message: ReactNode;
  children: ReactNode;
}) {
  return (
    <Stack gap="md">
      <Alert color="teal" icon={icon} role="status">
        {message}
      </Alert>
      {children}
    </Stack>
  );
}

interface AuthFormProps {
  onSubmit: (event?: FormEvent<HTMLFormElement>) => void;
  /** Why the last attempt failed; null while there is nothing to say. */
  error: ReactNode;
  submitLabel: string;
  submitting: boolean;
  submitTestId?: string;
  /** Centre the link back to sign in under the button. */
  centerBackLink?: boolean;
  children: ReactNode;
}

/** The form of a public page: its error, its fields, a full-width submit and the way back. */
export function AuthForm({
  onSubmit,
  error,
  submitLabel,
  submitting,
  submitTestId,
  centerBackLink,
  children,
}: AuthFormProps) {
  return (
    <form onSubmit={onSubmit} noValidate>
      <Stack gap="md">
        {error !== null && error !== undefined && (
          <Alert color="red" role="alert">
            {error}
          </Alert>
        )}
        {children}
        <Button type="submit" fullWidth loading={submitting} data-testid={submitTestId}>
          {submitLabel}
        </Button>
        {centerBackLink ? (
          <Group justify="center">
            <BackToSignIn />
          </Group>
        ) : (
          <BackToSignIn />
        )}
      </Stack>
    </form>
  );
}
