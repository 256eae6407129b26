import { Card, Center, Group, Loader, Paper, Skeleton, Stack } from '@mantine/core';
import { useTranslation } from 'react-i18next';

/** Placeholder rows while a list loads. */
export function TableSkeleton({ rows = 6 }: { rows?: number }) {
  const { t } = useTranslation();
  return (
    <Paper withBorder p="md" aria-busy="true" aria-label={t('common.loading')}>
      <Stack gap="md">
        <Skeleton height={14} width="30%" />
        {Array.from({ length: rows }, (_, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: static placeholders
          <Group key={i} gap="md" wrap="nowrap">
            <Skeleton height={32} circle />
            <Skeleton height={12} width="25%" />
            <Skeleton height={12} width="20%" />
            <Skeleton height={12} width="15%" visibleFrom="sm" />
          </Group>
        ))}
      </Stack>
    </Paper>
  );
}

/** Placeholder for a record page. */
export function DetailSkeleton() {
  const { t } = useTranslation();
  return (
    <Stack gap="md" aria-busy="true" aria-label={t('common.loading')}>
      <Skeleton height={28} width="40%" />
      <Skeleton height={14} width="25%" />
      <Card>
        <Stack gap="sm">
          {Array.from({ length: 6 }, (_, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: static placeholders
            <Skeleton key={i} height={14} width={`${60 - i * 5}%`} />
          ))}
        </Stack>
      </Card>
    </Stack>
  );
}

/** Placeholder for a whole screen: the signed-in layout while its code or the session loads. */
export function ScreenLoader() {
  const { t } = useTranslation();
  return (
    <Center mih="100vh" role="status" aria-label={t('common.loading')}>
      <Loader />
    </Center>
  );
}
