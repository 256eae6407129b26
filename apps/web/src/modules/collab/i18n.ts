/** UI text of the collab module (English); `t('collab.…')`. Merged into the catalogue by i18n/en.ts. */
export const collabEn = {} as const;
