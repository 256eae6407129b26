import { Drawer, Group, ScrollArea, Stack } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { type HistoryEntityType, HistoryTimeline } from './HistoryTimeline';

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
  const { t } = useTranslation();
  const isPhone = useMediaQuery('(max-width: 48em)', false, { getInitialValueInEffect: false });
  return (
    <Drawer
      opened={opened}
      onClose={onClose}
      title={title}
      size={isPhone ? '100%' : 'lg'}
      scrollAreaComponent={ScrollArea.Autosize}
      closeButtonProps={{ 'aria-label': t('common.close') }}
      styles={{ title: { fontWeight: 650, fontSize: 'var(--mantine-font-size-lg)' } }}
    >
      <Stack gap="lg" data-testid="record-drawer">
        {actions && <Group gap="sm">{actions}</Group>}
        {children}
        {history && <HistoryTimeline entityType={history.entityType} entityId={history.entityId} />}
      </Stack>
    </Drawer>
  );
}
