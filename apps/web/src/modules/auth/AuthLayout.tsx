import { Box, Center, Paper, Stack, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import { KeelLogo } from '../../shell/KeelLogo';
import { ThemeToggle } from '../../shell/ThemeToggle';

/** The frame of the public pages (sign in, reset, invitation). */
export function AuthLayout({
  title,
  subtitle,
  children,
  aside,
}: {
  title: string;
  subtitle?: ReactNode;
  children: ReactNode;
  aside?: ReactNode;
}) {
  return (
    <Box className="keel-auth-bg" px="md" py="xl" component="main">
      <Box pos="absolute" top={16} right={16}>
        <ThemeToggle />
      </Box>
      <Center>
        <Stack w="100%" maw={420} gap="lg" mt={{ base: 'xl', sm: 60 }}>
          <Center>
            <KeelLogo size={36} />
          </Center>
          <Paper withBorder shadow="sm" p={{ base: 'lg', sm: 'xl' }}>
            <Title order={1} fz="h3" mb={4}>
              {title}
            </Title>
            {subtitle && (
              <Text c="dimmed" fz="sm" mb="lg">
                {subtitle}
              </Text>
            )}
            {children}
          </Paper>
          {aside}
        </Stack>
      </Center>
    </Box>
  );
}
