import { Group, Stack, Text, Title } from '@mantine/core';
import type { FormEvent, ReactNode } from 'react';

/** The heading of a card on a settings or record page, with an optional hint below it. */
export function CardTitle({ children, hint }: { children: ReactNode; hint?: ReactNode }) {
  if (!hint) {
    return (
      <Title order={2} fz="h4" mb="md">
        {children}
      </Title>
    );
  }
  return (
    <>
      <Title order={2} fz="h4" mb={4}>
        {children}
      </Title>
      <Text fz="sm" c="dimmed" mb="md">
        {hint}
      </Text>
    </>
  );
}

/** A form inside a card: its fields, then the submit button on the right. */
export function CardForm({
  onSubmit,
  submit,
  children,
}: {
  onSubmit: (event?: FormEvent<HTMLFormElement>) => void;
  /** The submit button (`type="submit"`). */
  submit: ReactNode;
  children: ReactNode;
}) {
  return (
    <form onSubmit={onSubmit} noValidate>
      <Stack gap="md">
        {children}
        <Group justify="flex-end">{submit}</Group>
      </Stack>
    </form>
  );
}
