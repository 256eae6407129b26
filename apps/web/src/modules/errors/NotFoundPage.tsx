import { Button, Center, EmptyState, Stack } from '@mantine/core';
import { IconAlertTriangle, IconMapOff } from '@tabler/icons-react';
import type { ErrorComponentProps } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { ButtonLink } from '../../components/links';
import { errorMessage, isChunkLoadError } from '../../lib/errors';

/** Any address the app does not know. */
export function NotFoundPage() {
  const { t } = useTranslation();
  return (
    <Center mih="70vh" p="md" component="main">
      <Stack align="center">
        <EmptyState
          title={t('errors.pageNotFoundTitle')}
          description={t('errors.pageNotFound')}
          icon={<IconMapOff size={28} stroke={1.5} aria-hidden />}
          variant="light"
        >
          <EmptyState.Actions>
            <ButtonLink to="/">{t('errors.goHome')}</ButtonLink>
          </EmptyState.Actions>
        </EmptyState>
      </Stack>
    </Center>
  );
}

/** A render or loader failure that no page caught, or a page whose code failed to load. */
export function RouteErrorPage({ error, reset }: ErrorComponentProps) {
  const { t } = useTranslation();
  // Re-rendering cannot bring back a chunk that failed to load; a fresh document can.
  const retry = isChunkLoadError(error) ? () => window.location.reload() : reset;
  return (
    <Center mih="70vh" p="md" component="main">
      <EmptyState
        title={t('errors.loadFailed')}
        description={errorMessage(error, t)}
        icon={<IconAlertTriangle size={28} stroke={1.5} aria-hidden />}
        variant="light"
        color="red"
      >
        <EmptyState.Actions>
          <Button variant="default" onClick={retry}>
            {t('common.retry')}
          </Button>
          <ButtonLink to="/">{t('errors.goHome')}</ButtonLink>
        </EmptyState.Actions>
      </EmptyState>
    </Center>
  );
}
