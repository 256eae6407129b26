/** UI text of the work module (English); `t('work.…')`. Merged into the catalogue by i18n/en.ts. */
export const workEn = {} as const;
