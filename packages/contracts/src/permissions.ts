/**
 * Permissions are named per module. Every route declares one (see endpoint.ts); a role grants a
 * set of them. The catalogue below is the single source: the roles page, the role defaults, the
 * server's checks and the permission-matrix test all read it.
 */
export const PERMISSION_CATALOGUE = {
  'org.settings.manage': { module: 'organization', label: 'Change organization settings' },
  'users.manage': {
    module: 'organization',
    label: 'Invite users, change their role and site access, deactivate them',
  },
  'roles.manage': { module: 'organization', label: 'Change what each role may do' },
  'sites.read': { module: 'organization', label: 'See sites' },
  'sites.manage': { module: 'organization', label: 'Create, edit and archive sites' },
  'departments.read': { module: 'organization', label: 'See departments' },
  'departments.manage': { module: 'organization', label: 'Create, edit and archive departments' },
  'positions.read': { module: 'organization', label: 'See positions and job titles' },
  'positions.manage': { module: 'organization', label: 'Create, edit and archive positions' },
  'people.read': { module: 'people', label: 'See employees and the org chart' },
  'people.manage': { module: 'people', label: 'Create, edit, import and archive employees' },
  'people.pay.read': { module: 'people', label: 'See hourly rates and salaries' },
  'people.pay.manage': { module: 'people', label: 'Change hourly rates and salaries' },
  'tasks.read': {
    module: 'work',
    label: 'See every task in their sites (without it: tasks they are assigned, watch or created)',
  },
  'tasks.manage': {
    module: 'work',
    label: 'Create, assign, reschedule and edit any task; see workload',
  },
  'resources.read': { module: 'resources', label: 'See bookable resources and their bookings' },
  'resources.book': { module: 'resources', label: 'Book resources, check equipment out and in' },
  'resources.manage': {
    module: 'resources',
    label: 'Create and edit resources, their rules and blackouts; approve and manage any booking',
  },
  'scheduling.read': {
    module: 'scheduling',
    label: 'See the published roster of their sites',
  },
  'scheduling.self': {
    module: 'scheduling',
    label:
      'See their own shifts and open shifts; set availability; request time off and swaps; claim open shifts; clock in and out',
  },
  'scheduling.manage': {
    module: 'scheduling',
    label:
      'Build draft rosters: shifts, shift types, coverage, rotations, templates, work rules; see attendance',
  },
  'scheduling.publish': {
    module: 'scheduling',
    label: 'Publish rosters and change published shifts',
  },
  'scheduling.approve': {
    module: 'scheduling',
    label: 'Approve time off, shift swaps and timesheets',
  },
  'audit.read': { module: 'audit', label: 'Read the audit log' },
  'mail.outbox.read': { module: 'platform', label: 'Read the mail outbox' },
} as const satisfies Record<string, { module: string; label: string }>;

export type Permission = keyof typeof PERMISSION_CATALOGUE;
export const PERMISSIONS = Object.keys(PERMISSION_CATALOGUE) as Permission[];

export const ROLES = ['owner', 'manager', 'coordinator', 'staff', 'viewer'] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_LABELS: Record<Role, string> = {
  owner: 'Owner / Admin',
  manager: 'Operations Manager',
  coordinator: 'Operations Coordinator',
  staff: 'Staff',
  viewer: 'Viewer',
};

const READ_STRUCTURE: Permission[] = [
  'sites.read',
  'departments.read',
  'positions.read',
  'people.read',
];
const MANAGE_STRUCTURE: Permission[] = [
  'sites.manage',
  'departments.manage',
  'positions.manage',
  'people.manage',
];

const WORK: Permission[] = [
  'tasks.read',
  'tasks.manage',
  'resources.read',
  'resources.book',
  'resources.manage',
];

const SCHEDULING: Permission[] = [
  'scheduling.read',
  'scheduling.self',
  'scheduling.manage',
  'scheduling.publish',
  'scheduling.approve',
];

/** Defaults from the permission table in PRODUCT.md; an organization may adjust all but owner. */
export const DEFAULT_ROLE_PERMISSIONS: Record<Role, readonly Permission[]> = {
  owner: PERMISSIONS,
  manager: [
    ...READ_STRUCTURE,
    ...MANAGE_STRUCTURE,
    'people.pay.read',
    'people.pay.manage',
    ...WORK,
    ...SCHEDULING,
    'audit.read',
  ],
  coordinator: [...READ_STRUCTURE, ...MANAGE_STRUCTURE, ...WORK, ...SCHEDULING],
  staff: ['resources.read', 'resources.book', 'scheduling.self'],
  viewer: [...READ_STRUCTURE, 'tasks.read', 'resources.read', 'scheduling.read', 'audit.read'],
};

export function isPermission(value: string): value is Permission {
  return Object.hasOwn(PERMISSION_CATALOGUE, value);
}
