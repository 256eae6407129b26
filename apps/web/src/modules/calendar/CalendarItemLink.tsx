import type { CalendarItem } from '@keel/contracts';
import { Anchor, Badge, Box, Text } from '@mantine/core';
import { useRouter } from '@tanstack/react-router';
import type { CSSProperties, ReactNode } from 'react';
import { chipColors, itemColor } from './calendar-layout';

/**
 * One calendar item as a link to its record. Hrefs come from the modules' calendar sources, so
 * they are plain paths (not typed routes); the router still handles them in the page.
 */
export function CalendarItemLink({
  item,
  children,
  style,
  variant = 'chip',
  label,
}: {
  item: CalendarItem;
  children?: ReactNode;
  style?: CSSProperties;
  variant?: 'chip' | 'block' | 'plain';
  /** Accessible name when the visible text is shortened. */
  label?: string;
}) {
  const router = useRouter();
  const color = chipColors(itemColor(item));
  const cancelled = item.status === 'cancelled';
  return (
    <Anchor
      href={item.href}
      underline="never"
      data-testid="calendar-item"
      data-kind={item.kind}
      aria-label={label}
      title={label ?? item.title}
      onClick={(e) => {
        if (e.metaKey || e.ctrlKey || e.shiftKey || e.button !== 0) return;
        e.preventDefault();
        router.history.push(item.href);
      }}
      style={{ display: 'block', minWidth: 0, ...style }}
    >
      {variant === 'plain' ? (
        children
      ) : (
        <Box
          px={6}
          py={variant === 'block' ? 4 : 1}
          h={variant === 'block' ? '100%' : undefined}
          bg={color.bg}
          c={color.fg}
          style={{
            borderRadius: 4,
            borderLeft: `3px solid ${color.accent}`,
            overflow: 'hidden',
            textDecoration: cancelled ? 'line-through' : undefined,
          }}
        >
          {children ?? (
            <Text fz="xs" fw={500} truncate="end" inherit>
              {item.title}
            </Text>
          )}
        </Box>
      )}
    </Anchor>
  );
}

export function KindBadge({ item, label }: { item: CalendarItem; label: string }) {
  // Item colours may be any CSS colour: the chip's colours keep the text readable (4.5:1).
  const color = chipColors(itemColor(item));
  return (
    <Badge variant="light" size="sm" bg={color.bg} c={color.fg} style={{ flexShrink: 0 }}>
      {label}
    </Badge>
  );
}
