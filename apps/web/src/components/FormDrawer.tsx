import { Box, Button, Group, Stack } from '@mantine/core';
import type { FormEvent, ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { SideDrawer } from './SideDrawer';

interface FormDrawerProps {
  opened: boolean;
  onClose: () => void;
  title: string;
  onSubmit: (event?: FormEvent<HTMLFormElement>) => void;
  submitting?: boolean;
  submitLabel?: string;
  children: ReactNode;
  size?: string | number;
  /** Extra content above the buttons, e.g. a form-level error. */
  footer?: ReactNode;
  /** data-testid of the submit button (default `form-submit`). */
  submitTestId?: string;
}

/** The one create/edit pattern: a drawer from the right (full screen on phones) holding a form. */
export function FormDrawer({
  opened,
  onClose,
  title,
  onSubmit,
  submitting,
  submitLabel,
  children,
  size = 'lg',
  footer,
  submitTestId = 'form-submit',
}: FormDrawerProps) {
  const { t } = useTranslation();
  return (
    <SideDrawer opened={opened} onClose={onClose} title={title} size={size}>
      <form onSubmit={onSubmit} noValidate>
        <Stack gap="md">
          {children}
          {footer}
          <Box
            pos="sticky"
            bottom={0}
            py="sm"
            style={{
              background: 'var(--mantine-color-body)',
              borderTop: '1px solid var(--mantine-color-default-border)',
            }}
          >
            <Group justify="flex-end" gap="sm">
              <Button variant="default" onClick={onClose} type="button">
                {t('common.cancel')}
              </Button>
              <Button type="submit" loading={submitting} data-testid={submitTestId}>
                {submitLabel ?? t('common.save')}
              </Button>
            </Group>
          </Box>
        </Stack>
      </form>
    </SideDrawer>
  );
}
