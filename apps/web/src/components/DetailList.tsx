import { Box, SimpleGrid, Text } from '@mantine/core';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

export interface DetailItem {
  label: string;
  value: ReactNode;
  /** Spread across the full width (long text, lists). */
  wide?: boolean;
}

/** Label/value pairs of a record as a description list; empty values read "Not set". */
export function DetailList({ items, cols = 2 }: { items: DetailItem[]; cols?: number }) {
  const { t } = useTranslation();
  return (
    <SimpleGrid
      component="dl"
      cols={{ base: Math.min(2, cols), sm: cols }}
      spacing="md"
      verticalSpacing="sm"
      m={0}
    >
      {items.map((item) => {
        const empty = item.value === null || item.value === undefined || item.value === '';
        return (
          <Box key={item.label} style={item.wide ? { gridColumn: '1 / -1' } : undefined}>
            <Text
              component="dt"
              fz="xs"
              c="dimmed"
              fw={600}
              tt="uppercase"
              style={{ letterSpacing: '0.03em' }}
            >
              {item.label}
            </Text>
            <Text
              component="dd"
              m={0}
              fz="sm"
              mt={2}
              c={empty ? 'dimmed' : undefined}
              style={{ wordBreak: 'break-word' }}
            >
              {empty ? t('common.notSet') : item.value}
            </Text>
          </Box>
        );
      })}
    </SimpleGrid>
  );
}
