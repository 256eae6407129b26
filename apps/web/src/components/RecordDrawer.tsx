import { Group, Stack } from '@mantine/core';
import type { ReactNode } from 'react';
import { type HistoryEntityType, HistoryTimeline } from './HistoryTimeline';
import { SideDrawer } from './SideDrawer';

interface RecordDrawerProps {
  opened: boolean;
  onClose: () => void;
  title: string;
  actions?: ReactNode;
  children: ReactNode;
  history?: { entityType: HistoryEntityType; entityId: string } | undefined;
}

/** The detail pattern for small records (sites, departments…): facts, actions and history. */
export function RecordDrawer({
  opened,
  onClose,
  title,
  actions,
  children,
  history,
}: RecordDrawerProps) {
  return (
    <SideDrawer opened={opened} onClose={onClose} title={title}>
      <Stack gap="lg" data-testid="record-drawer">
        {actions && <Group gap="sm">{actions}</Group>}
        {children}
        {history && <HistoryTimeline entityType={history.entityType} entityId={history.entityId} />}
      </Stack>
    </SideDrawer>
  );
}
