import { Box, Breadcrumbs, Group, Stack, Text, Title } from '@mantine/core';
import type { LinkProps } from '@tanstack/react-router';
import type { ReactNode } from 'react';
import { AnchorLink } from './links';

export interface Crumb {
  label: string;
  to?: LinkProps['to'];
}

interface PageHeaderProps {
  title: ReactNode;
  description?: ReactNode;
  actions?: ReactNode;
  breadcrumbs?: Crumb[];
  /** Shown next to the title, e.g. a status badge. */
  badge?: ReactNode;
}

/** The top of every page: breadcrumbs, one h1, a short description and the page actions. */
export function PageHeader({ title, description, actions, breadcrumbs, badge }: PageHeaderProps) {
  return (
    <Stack gap={4} mb="lg">
      {breadcrumbs && breadcrumbs.length > 0 && (
        <Breadcrumbs separatorMargin={6} fz="sm" aria-label="Breadcrumb">
          {breadcrumbs.map((crumb) =>
            crumb.to ? (
              <AnchorLink key={crumb.label} to={crumb.to} fz="sm">
                {crumb.label}
              </AnchorLink>
            ) : (
              <Text key={crumb.label} fz="sm" c="dimmed">
                {crumb.label}
              </Text>
            ),
          )}
        </Breadcrumbs>
      )}
      <Group justify="space-between" align="flex-start" gap="sm" wrap="wrap">
        <Box style={{ minWidth: 0, flex: '1 1 16rem' }}>
          <Group gap="sm" align="center" wrap="wrap">
            <Title order={1} fz={{ base: 'h3', sm: 'h2' }} style={{ wordBreak: 'break-word' }}>
              {title}
            </Title>
            {badge}
          </Group>
          {description && (
            <Text c="dimmed" fz="sm" mt={4}>
              {description}
            </Text>
          )}
        </Box>
        {actions && (
          <Group gap="xs" wrap="wrap">
            {actions}
          </Group>
        )}
      </Group>
    </Stack>
  );
}
