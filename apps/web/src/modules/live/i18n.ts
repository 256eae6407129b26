/** UI text of the live module (English); `t('live.…')`. Merged into the catalogue by i18n/en.ts. */
export const liveEn = {} as const;
