/** UI text of the calendar module (English); `t('calendar.…')`. Merged into the catalogue by i18n/en.ts. */
export const calendarEn = {} as const;
