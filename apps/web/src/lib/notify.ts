import { notifications } from '@mantine/notifications';
import i18n, { type TFunction } from 'i18next';
import { errorMessage } from './errors';

// Notification close buttons are icon-only: give them a name screen readers can announce.
const closeButtonProps = () => ({ 'aria-label': i18n.t('common.close') });

export function notifySuccess(message: string): void {
  notifications.show({
    color: 'teal',
    message,
    autoClose: 4000,
    closeButtonProps: closeButtonProps(),
  });
}

export function notifyError(error: unknown, t: TFunction): void {
  notifications.show({
    color: 'red',
    title: t('errors.title'),
    message: errorMessage(error, t),
    closeButtonProps: closeButtonProps(),
  });
}
