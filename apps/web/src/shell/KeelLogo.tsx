import { Group, Text } from '@mantine/core';

/** The Keel mark (a hull under a mast) and word mark. */
export function KeelLogo({ size = 28 }: { size?: number }) {
  return (
    <Group gap={8} wrap="nowrap">
      <svg width={size} height={size} viewBox="0 0 32 32" aria-hidden="true" focusable="false">
        <rect width="32" height="32" rx="8" fill="var(--mantine-color-keel-7)" />
        <path d="M6 13h20l-4 9H10z" fill="#fff" />
        <path d="M16 6v7" stroke="#fff" strokeWidth="2.5" strokeLinecap="round" />
      </svg>
      <Text fw={750} fz="lg" style={{ letterSpacing: '-0.02em' }}>
        Keel
      </Text>
    </Group>
  );
}
