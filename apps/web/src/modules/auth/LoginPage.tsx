import { auth, mail } from '@keel/contracts';
import {
  Alert,
  Button,
  Group,
  Paper,
  PasswordInput,
  Stack,
  Text,
  TextInput,
  UnstyledButton,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { IconAlertCircle, IconInfoCircle } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { getRouteApi, useRouter } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { ApiError, call, setCsrfToken } from '../../api/client';
import { endpointQuery } from '../../api/query';
import { AnchorLink } from '../../components/links';
import { errorMessage } from '../../lib/errors';
import { AuthLayout } from './AuthLayout';

const routeApi = getRouteApi('/login');

const DEMO_ROLES = ['owner', 'manager', 'coordinator', 'staff', 'viewer'] as const;
const DEMO_PASSWORD = 'keel-demo';

/** Only same-site paths are followed after sign-in. */
export function safeRedirect(target: string | undefined): string {
  return target?.startsWith('/') && !target.startsWith('//') ? target : '/';
}

export function LoginPage() {
  const { t } = useTranslation();
  const router = useRouter();
  const queryClient = useQueryClient();
  const search = routeApi.useSearch();
  const health = useQuery({ ...endpointQuery(mail.health), retry: false });

  const form = useForm({
    mode: 'controlled',
    initialValues: { email: '', password: '' },
    validate: {
      email: (value) => (/^\S+@\S+\.\S+$/.test(value.trim()) ? null : t('auth.emailInvalid')),
      password: (value) => (value ? null : t('auth.passwordRequired')),
    },
  });

  const login = useMutation({
    mutationFn: (values: { email: string; password: string }) =>
      call(auth.login, { body: { email: values.email.trim(), password: values.password } }),
    onSuccess: async (result) => {
      setCsrfToken(result.csrfToken);
      queryClient.clear();
      router.history.push(safeRedirect(search.redirect));
    },
  });

  const failure = login.error
    ? login.error instanceof ApiError && login.error.status === 401
      ? t('auth.invalidCredentials')
      : login.error instanceof ApiError && login.error.status === 429
        ? t('auth.rateLimited')
        : errorMessage(login.error, t)
    : null;

  return (
    <AuthLayout
      title={t('auth.signInTitle')}
      subtitle={t('auth.signInSubtitle')}
      aside={
        health.isSuccess && (
          <Paper withBorder p="md" data-testid="demo-sign-ins">
            <Group gap={6} mb="xs">
              <IconInfoCircle size={16} aria-hidden />
              <Text fw={600} fz="sm" component="h2">
                {t('auth.demoTitle')}
              </Text>
            </Group>
            <Text fz="xs" c="dimmed" mb="sm">
              {t('auth.demoHint', { password: DEMO_PASSWORD })}
            </Text>
            <Stack gap={4}>
              {DEMO_ROLES.map((role) => {
                const email = `${role}@demo.keel.test`;
                return (
                  <UnstyledButton
                    key={role}
                    onClick={() => form.setValues({ email, password: DEMO_PASSWORD })}
                    aria-label={t('auth.useDemo', { email })}
                    px="xs"
                    py={4}
                    style={{ borderRadius: 'var(--mantine-radius-sm)' }}
                    className="keel-demo-row"
                  >
                    <Group justify="space-between" wrap="nowrap" gap="xs">
                      <Text fz="sm" ff="monospace" truncate="end">
                        {email}
                      </Text>
                      <Text fz="xs" c="dimmed">
                        {t(`auth.demoRoles.${role}`)}
                      </Text>
                    </Group>
                  </UnstyledButton>
                );
              })}
            </Stack>
          </Paper>
        )
      }
    >
      <form onSubmit={form.onSubmit((values) => login.mutate(values))} noValidate>
        <Stack gap="md">
          {failure && (
            <Alert
              color="red"
              icon={<IconAlertCircle size={18} aria-hidden />}
              role="alert"
              data-testid="login-error"
            >
              {failure}
            </Alert>
          )}
          <TextInput
            label={t('auth.email')}
            type="email"
            autoComplete="username"
            required
            autoFocus
            {...form.getInputProps('email')}
          />
          <PasswordInput
            label={t('auth.password')}
            autoComplete="current-password"
            required
            {...form.getInputProps('password')}
          />
          <Group justify="flex-end">
            <AnchorLink to="/forgot-password" fz="sm">
              {t('auth.forgotPassword')}
            </AnchorLink>
          </Group>
          <Button type="submit" fullWidth loading={login.isPending} data-testid="sign-in">
            {t('auth.signIn')}
          </Button>
        </Stack>
      </form>
    </AuthLayout>
  );
}
