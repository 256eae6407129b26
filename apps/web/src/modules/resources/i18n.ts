/** UI text of the resources module (English); `t('resources.…')`. Merged into the catalogue by i18n/en.ts. */
export const resourcesEn = {} as const;
