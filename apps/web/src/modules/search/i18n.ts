/** UI text of the search module (English); `t('search.…')`. Merged into the catalogue by i18n/en.ts. */
export const searchEn = {
  placeholder: 'Search people, tasks and more, or jump to a page…',
  failed: 'Search is not available right now.',
  more: '{{count}} more — refine your search',
  kinds: {
    employee: 'People',
    task: 'Tasks',
    resource: 'Resources',
    booking: 'Bookings',
    site: 'Sites',
    department: 'Departments',
  },
} as const;
