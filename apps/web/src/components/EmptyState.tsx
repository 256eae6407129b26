import { EmptyState as MantineEmptyState, Paper } from '@mantine/core';
import { IconInbox } from '@tabler/icons-react';
import type { ReactNode } from 'react';

interface EmptyStateProps {
  title: string;
  description?: ReactNode;
  icon?: ReactNode;
  /** The call to action, e.g. a "New site" button. */
  action?: ReactNode;
}

/** Shown when a list has nothing to show yet: says why and offers the next step. */
export function EmptyState({ title, description, icon, action }: EmptyStateProps) {
  return (
    <Paper withBorder p="xl" data-testid="empty-state">
      <MantineEmptyState
        title={title}
        description={description}
        icon={icon ?? <IconInbox size={28} stroke={1.5} aria-hidden />}
        variant="light"
      >
        {action && <MantineEmptyState.Actions>{action}</MantineEmptyState.Actions>}
      </MantineEmptyState>
    </Paper>
  );
}
