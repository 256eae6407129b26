import { Button, EmptyState as MantineEmptyState, Paper } from '@mantine/core';
import { IconAlertTriangle, IconLock, IconRefresh, IconSearchOff } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/client';
import { errorMessage } from '../lib/errors';

interface ErrorStateProps {
  error: unknown;
  onRetry?: () => void;
}

/** What a page shows when its data failed to load: no access, not found, or retry. */
export function ErrorState({ error, onRetry }: ErrorStateProps) {
  const { t } = useTranslation();
  if (error instanceof ApiError && error.status === 403) return <NoAccess />;
  if (error instanceof ApiError && error.status === 404) {
    return (
      <Paper withBorder p="xl" role="alert">
        <MantineEmptyState
          title={t('errors.notFoundTitle')}
          description={t('errors.notFound')}
          icon={<IconSearchOff size={28} stroke={1.5} aria-hidden />}
          variant="light"
          color="gray"
        />
      </Paper>
    );
  }
  return (
    <Paper withBorder p="xl" role="alert" data-testid="error-state">
      <MantineEmptyState
        title={t('errors.loadFailed')}
        description={errorMessage(error, t)}
        icon={<IconAlertTriangle size={28} stroke={1.5} aria-hidden />}
        variant="light"
        color="red"
      >
        {onRetry && (
          <MantineEmptyState.Actions>
            <Button
              variant="default"
              leftSection={<IconRefresh size={16} aria-hidden />}
              onClick={onRetry}
            >
              {t('common.retry')}
            </Button>
          </MantineEmptyState.Actions>
        )}
      </MantineEmptyState>
    </Paper>
  );
}

/** "You don't have access": a 403 or a page the role does not include. */
export function NoAccess() {
  const { t } = useTranslation();
  return (
    <Paper withBorder p="xl" role="alert" data-testid="no-access">
      <MantineEmptyState
        title={t('errors.noAccessTitle')}
        description={t('errors.noAccess')}
        icon={<IconLock size={28} stroke={1.5} aria-hidden />}
        variant="light"
        color="orange"
      />
    </Paper>
  );
}
