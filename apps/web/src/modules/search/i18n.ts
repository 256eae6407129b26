/** UI text of the search module (English); `t('search.…')`. Merged into the catalogue by i18n/en.ts. */
export const searchEn = {} as const;
