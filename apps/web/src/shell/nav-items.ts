import type { Permission } from '@keel/contracts';
import {
  type Icon,
  IconAddressBook,
  IconAdjustmentsHorizontal,
  IconBeach,
  IconBell,
  IconBriefcase,
  IconBuildingCommunity,
  IconCalendar,
  IconCalendarCog,
  IconCalendarEvent,
  IconCalendarTime,
  IconCalendarUser,
  IconChecklist,
  IconClock,
  IconClockCheck,
  IconGavel,
  IconHierarchy2,
  IconHome,
  IconLayoutKanban,
  IconListSearch,
  IconMail,
  IconMapPin,
  IconSettings,
  IconShieldLock,
  IconUserCheck,
  IconUserCircle,
  IconUsers,
} from '@tabler/icons-react';

export type NavGroup = 'main' | 'work' | 'people' | 'admin' | 'personal';

export type NavKey =
  | 'home'
  | 'myWork'
  | 'approvals'
  | 'tasks'
  | 'calendar'
  | 'resources'
  | 'roster'
  | 'schedulingSetup'
  | 'employees'
  | 'orgChart'
  | 'sites'
  | 'departments'
  | 'positions'
  | 'users'
  | 'roles'
  | 'audit'
  | 'outbox'
  | 'settings'
  | 'notifications'
  | 'myShifts'
  | 'availability'
  | 'timeOff'
  | 'workRules'
  | 'clock'
  | 'attendance'
  | 'profile';

export type NavPath =
  | '/'
  | '/my-work'
  | '/approvals'
  | '/tasks'
  | '/calendar'
  | '/resources'
  | '/scheduling'
  | '/scheduling/setup'
  | '/people'
  | '/people/org-chart'
  | '/sites'
  | '/departments'
  | '/positions'
  | '/admin/users'
  | '/admin/roles'
  | '/admin/audit'
  | '/admin/outbox'
  | '/admin/organization'
  | '/notifications'
  | '/my-shifts'
  | '/availability'
  | '/time-off'
  | '/scheduling/rules'
  | '/clock'
  | '/attendance'
  | '/me';

export interface NavItem {
  key: NavKey;
  to: NavPath;
  group: NavGroup;
  icon: Icon;
  /** The permission that shows the item; none means every member. */
  permission?: Permission;
}

/** Every page of the app shell, in navbar order. Items appear only with their permission. */
export const NAV_ITEMS: NavItem[] = [
  { key: 'home', to: '/', group: 'main', icon: IconHome },
  { key: 'myWork', to: '/my-work', group: 'main', icon: IconChecklist },
  { key: 'calendar', to: '/calendar', group: 'main', icon: IconCalendar },
  { key: 'approvals', to: '/approvals', group: 'main', icon: IconGavel },
  {
    key: 'tasks',
    to: '/tasks',
    group: 'work',
    icon: IconLayoutKanban,
    permission: 'tasks.read',
  },
  {
    key: 'resources',
    to: '/resources',
    group: 'work',
    icon: IconCalendarEvent,
    permission: 'resources.read',
  },
  {
    key: 'roster',
    to: '/scheduling',
    group: 'work',
    icon: IconCalendarUser,
    permission: 'scheduling.read',
  },
  {
    key: 'schedulingSetup',
    to: '/scheduling/setup',
    group: 'work',
    icon: IconAdjustmentsHorizontal,
    permission: 'scheduling.manage',
  },
  {
    key: 'workRules',
    to: '/scheduling/rules',
    group: 'work',
    icon: IconUserCheck,
    permission: 'scheduling.manage',
  },
  {
    key: 'attendance',
    to: '/attendance',
    group: 'work',
    icon: IconClockCheck,
    permission: 'scheduling.manage',
  },
  {
    key: 'employees',
    to: '/people',
    group: 'people',
    icon: IconAddressBook,
    permission: 'people.read',
  },
  {
    key: 'orgChart',
    to: '/people/org-chart',
    group: 'people',
    icon: IconHierarchy2,
    permission: 'people.read',
  },
  { key: 'sites', to: '/sites', group: 'people', icon: IconMapPin, permission: 'sites.read' },
  {
    key: 'departments',
    to: '/departments',
    group: 'people',
    icon: IconBuildingCommunity,
    permission: 'departments.read',
  },
  {
    key: 'positions',
    to: '/positions',
    group: 'people',
    icon: IconBriefcase,
    permission: 'positions.read',
  },
  { key: 'users', to: '/admin/users', group: 'admin', icon: IconUsers, permission: 'users.manage' },
  {
    key: 'roles',
    to: '/admin/roles',
    group: 'admin',
    icon: IconShieldLock,
    permission: 'roles.manage',
  },
  {
    key: 'audit',
    to: '/admin/audit',
    group: 'admin',
    icon: IconListSearch,
    permission: 'audit.read',
  },
  {
    key: 'outbox',
    to: '/admin/outbox',
    group: 'admin',
    icon: IconMail,
    permission: 'mail.outbox.read',
  },
  {
    key: 'settings',
    to: '/admin/organization',
    group: 'admin',
    icon: IconSettings,
    permission: 'org.settings.manage',
  },
  {
    key: 'myShifts',
    to: '/my-shifts',
    group: 'personal',
    icon: IconCalendarTime,
    permission: 'scheduling.self',
  },
  {
    key: 'availability',
    to: '/availability',
    group: 'personal',
    icon: IconCalendarCog,
    permission: 'scheduling.self',
  },
  {
    key: 'timeOff',
    to: '/time-off',
    group: 'personal',
    icon: IconBeach,
    permission: 'scheduling.self',
  },
  { key: 'clock', to: '/clock', group: 'personal', icon: IconClock, permission: 'scheduling.self' },
  { key: 'notifications', to: '/notifications', group: 'personal', icon: IconBell },
  { key: 'profile', to: '/me', group: 'personal', icon: IconUserCircle },
];

export function visibleNavItems(can: (permission: Permission) => boolean): NavItem[] {
  return NAV_ITEMS.filter((item) => !item.permission || can(item.permission));
}
