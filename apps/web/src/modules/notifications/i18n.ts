/** UI text of the notifications module (English); `t('notifications.…')`. Merged into the catalogue by i18n/en.ts. */
export const notificationsEn = {} as const;
