import {
  type Icon,
  IconBuilding,
  IconCalendarEvent,
  IconChecklist,
  IconFileText,
  IconHierarchy2,
  IconTool,
  IconUser,
} from '@tabler/icons-react';

/** The icon of a search result's kind; unknown kinds get a generic document. */
export const searchKindIcon = (entityType: string): Icon =>
  ({
    employee: IconUser,
    task: IconChecklist,
    resource: IconTool,
    booking: IconCalendarEvent,
    site: IconBuilding,
    department: IconHierarchy2,
  })[entityType] ?? IconFileText;
