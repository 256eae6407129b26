import { Badge } from '@mantine/core';
import { useTranslation } from 'react-i18next';

/** "Active" / "Archived" from an archivedAt timestamp. */
export function ArchivedBadge({ archivedAt }: { archivedAt: string | null }) {
  const { t } = useTranslation();
  return (
    <Badge variant="light" color={archivedAt ? 'gray' : 'teal'} size="sm">
      {archivedAt ? t('common.archived') : t('common.active')}
    </Badge>
  );
}
