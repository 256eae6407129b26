import { IconArchive, IconArrowBackUp } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { ConfirmButton } from './ConfirmButton';

interface ArchiveToggleButtonProps {
  archived: boolean;
  /** The questions the two confirmations ask, e.g. "Archive Berlin?" */
  archiveTitle: string;
  restoreTitle: string;
  /** What archiving means for this kind of record. */
  archiveHint: string;
  onArchive: () => Promise<unknown>;
  onRestore: () => Promise<unknown>;
  loading?: boolean;
  archiveTestId?: string;
  restoreTestId?: string;
}

/** "Archive" (red, explained) for an active record, "Restore" for an archived one; both confirm. */
export function ArchiveToggleButton({
  archived,
  archiveTitle,
  restoreTitle,
  archiveHint,
  onArchive,
  onRestore,
  loading,
  archiveTestId,
  restoreTestId,
}: ArchiveToggleButtonProps) {
  const { t } = useTranslation();
  return archived ? (
    <ConfirmButton
      variant="default"
      leftSection={<IconArrowBackUp size={16} aria-hidden />}
      confirmTitle={restoreTitle}
      onConfirm={onRestore}
      loading={loading}
      data-testid={restoreTestId}
    >
      {t('common.restore')}
    </ConfirmButton>
  ) : (
    <ConfirmButton
      variant="default"
      color="red"
      leftSection={<IconArchive size={16} aria-hidden />}
      confirmTitle={archiveTitle}
      confirmMessage={archiveHint}
      confirmLabel={t('common.archive')}
      onConfirm={onArchive}
      loading={loading}
      data-testid={archiveTestId}
    >
      {t('common.archive')}
    </ConfirmButton>
  );
}
