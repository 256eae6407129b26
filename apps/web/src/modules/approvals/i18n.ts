/** UI text of the approvals module (English); `t('approvals.…')`. Merged into the catalogue by i18n/en.ts. */
export const approvalsEn = {} as const;
