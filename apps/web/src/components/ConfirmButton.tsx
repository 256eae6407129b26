import { Button, type ButtonProps, Group, Modal, Text } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

interface ConfirmButtonProps extends Omit<ButtonProps, 'onClick'> {
  children: ReactNode;
  /** The question, e.g. "Archive this site?" */
  confirmTitle: string;
  confirmMessage?: ReactNode;
  confirmLabel?: string;
  onConfirm: () => Promise<unknown> | undefined | undefined;
  'data-testid'?: string;
  'aria-label'?: string;
}

/** A button that asks before doing something consequential (archive, revoke, sign out everywhere). */
export function ConfirmButton({
  children,
  confirmTitle,
  confirmMessage,
  confirmLabel,
  onConfirm,
  color,
  loading,
  ...buttonProps
}: ConfirmButtonProps) {
  const { t } = useTranslation();
  const [opened, { open, close }] = useDisclosure(false);
  return (
    <>
      <Button color={color} loading={loading} {...buttonProps} onClick={open}>
        {children}
      </Button>
      <Modal
        opened={opened}
        onClose={close}
        title={confirmTitle}
        centered
        closeButtonProps={{ 'aria-label': t('common.close') }}
      >
        {confirmMessage && (
          <Text fz="sm" mb="lg">
            {confirmMessage}
          </Text>
        )}
        <Group justify="flex-end" gap="sm">
          <Button variant="default" onClick={close}>
            {t('common.cancel')}
          </Button>
          <Button
            color={color}
            data-testid="confirm"
            onClick={async () => {
              close();
              await onConfirm();
            }}
          >
            {confirmLabel ?? t('common.confirm')}
          </Button>
        </Group>
      </Modal>
    </>
  );
}
