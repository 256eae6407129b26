import { z } from 'zod';
import { PERMISSIONS, ROLES } from './permissions.js';
import {
  currency,
  cursor,
  email,
  endpoint,
  id,
  idParams,
  limit,
  optionalText,
  page,
  password,
  recordMeta,
  text,
  timestamp,
  timeZone,
} from './shared.js';

const permissionEnum = z.enum(PERMISSIONS as [string, ...string[]]);

// ── Organization ────────────────────────────────────────────────────────────

export const organization = z.object({
  ...recordMeta,
  name: z.string(),
  currency: z.string(),
  locale: z.string(),
  timeZone: z.string(),
});
export type Organization = z.infer<typeof organization>;

export const getOrganization = endpoint({
  operationId: 'getOrganization',
  method: 'GET',
  path: '/api/organization',
  summary: 'The current organization',
  tag: 'organization',
  access: 'authenticated',
  response: organization,
});

export const updateOrganizationBody = z.strictObject({
  name: text(120).optional(),
  currency: currency.optional(),
  locale: text(20).optional(),
  timeZone: timeZone.optional(),
});

export const updateOrganization = endpoint({
  operationId: 'updateOrganization',
  method: 'PATCH',
  path: '/api/organization',
  summary: 'Change the current organization settings',
  tag: 'organization',
  access: 'org.settings.manage',
  body: updateOrganizationBody,
  response: organization,
});

export const createOrganization = endpoint({
  operationId: 'createOrganization',
  method: 'POST',
  path: '/api/organizations',
  summary: 'Create a new organization with you as its owner',
  description: 'The session switches to the new organization.',
  tag: 'organization',
  access: 'authenticated',
  body: z.strictObject({
    name: text(120),
    currency: currency.default('USD'),
    timeZone: timeZone.default('UTC'),
    locale: text(20).default('en-US'),
  }),
  response: organization,
  status: 201,
});

// ── Sites ───────────────────────────────────────────────────────────────────

export const address = z.object({
  line1: z.string().nullable(),
  line2: z.string().nullable(),
  city: z.string().nullable(),
  region: z.string().nullable(),
  postalCode: z.string().nullable(),
  country: z.string().nullable(),
});

export const site = z.object({
  ...recordMeta,
  name: z.string(),
  code: z.string(),
  timeZone: z.string(),
  address,
  archivedAt: timestamp.nullable(),
  employeeCount: z.number().int(),
});
export type Site = z.infer<typeof site>;

const addressInput = z.strictObject({
  line1: optionalText(200),
  line2: optionalText(200),
  city: optionalText(100),
  region: optionalText(100),
  postalCode: optionalText(20),
  country: optionalText(2).describe('ISO 3166-1 alpha-2'),
});

const code = z
  .string()
  .trim()
  .min(1, 'must not be empty')
  .max(16, 'must be at most 16 characters')
  .regex(/^[A-Za-z0-9_-]+$/, 'may contain only letters, digits, - and _')
  .transform((v) => v.toUpperCase());

export const createSiteBody = z.strictObject({
  name: text(120),
  code,
  timeZone,
  address: addressInput.optional(),
});
export const updateSiteBody = createSiteBody.partial();

const listQuery = z.strictObject({
  q: z.string().trim().max(100).optional(),
  includeArchived: z
    .enum(['true', 'false'])
    .default('false')
    .transform((v) => v === 'true'),
});

export const listSites = endpoint({
  operationId: 'listSites',
  method: 'GET',
  path: '/api/sites',
  summary: 'Sites you can see',
  description: 'A membership limited to some sites sees only those.',
  tag: 'sites',
  access: 'sites.read',
  query: listQuery,
  response: z.object({ items: z.array(site) }),
});
export const getSite = endpoint({
  operationId: 'getSite',
  method: 'GET',
  path: '/api/sites/:id',
  summary: 'One site',
  tag: 'sites',
  access: 'sites.read',
  params: idParams,
  response: site,
});
export const createSite = endpoint({
  operationId: 'createSite',
  method: 'POST',
  path: '/api/sites',
  summary: 'Create a site',
  tag: 'sites',
  access: 'sites.manage',
  body: createSiteBody,
  response: site,
  status: 201,
});
export const updateSite = endpoint({
  operationId: 'updateSite',
  method: 'PATCH',
  path: '/api/sites/:id',
  summary: 'Change a site',
  tag: 'sites',
  access: 'sites.manage',
  params: idParams,
  body: updateSiteBody,
  response: site,
});
export const archiveSite = endpoint({
  operationId: 'archiveSite',
  method: 'POST',
  path: '/api/sites/:id/archive',
  summary: 'Archive a site (it stays readable in history)',
  tag: 'sites',
  access: 'sites.manage',
  params: idParams,
  response: site,
});
export const restoreSite = endpoint({
  operationId: 'restoreSite',
  method: 'POST',
  path: '/api/sites/:id/restore',
  summary: 'Restore an archived site',
  tag: 'sites',
  access: 'sites.manage',
  params: idParams,
  response: site,
});

// ── Departments ─────────────────────────────────────────────────────────────

export const department = z.object({
  ...recordMeta,
  name: z.string(),
  code: z.string(),
  description: z.string().nullable(),
  archivedAt: timestamp.nullable(),
  employeeCount: z.number().int(),
});
export type Department = z.infer<typeof department>;

export const createDepartmentBody = z.strictObject({
  name: text(120),
  code,
  description: optionalText(1000),
});

export const listDepartments = endpoint({
  operationId: 'listDepartments',
  method: 'GET',
  path: '/api/departments',
  summary: 'Departments',
  tag: 'departments',
  access: 'departments.read',
  query: listQuery,
  response: z.object({ items: z.array(department) }),
});
export const getDepartment = endpoint({
  operationId: 'getDepartment',
  method: 'GET',
  path: '/api/departments/:id',
  summary: 'One department',
  tag: 'departments',
  access: 'departments.read',
  params: idParams,
  response: department,
});
export const createDepartment = endpoint({
  operationId: 'createDepartment',
  method: 'POST',
  path: '/api/departments',
  summary: 'Create a department',
  tag: 'departments',
  access: 'departments.manage',
  body: createDepartmentBody,
  response: department,
  status: 201,
});
export const updateDepartment = endpoint({
  operationId: 'updateDepartment',
  method: 'PATCH',
  path: '/api/departments/:id',
  summary: 'Change a department',
  tag: 'departments',
  access: 'departments.manage',
  params: idParams,
  body: createDepartmentBody.partial(),
  response: department,
});
export const archiveDepartment = endpoint({
  operationId: 'archiveDepartment',
  method: 'POST',
  path: '/api/departments/:id/archive',
  summary: 'Archive a department',
  tag: 'departments',
  access: 'departments.manage',
  params: idParams,
  response: department,
});
export const restoreDepartment = endpoint({
  operationId: 'restoreDepartment',
  method: 'POST',
  path: '/api/departments/:id/restore',
  summary: 'Restore an archived department',
  tag: 'departments',
  access: 'departments.manage',
  params: idParams,
  response: department,
});

// ── Positions ───────────────────────────────────────────────────────────────

export const position = z.object({
  ...recordMeta,
  title: z.string(),
  departmentId: id.nullable(),
  description: z.string().nullable(),
  archivedAt: timestamp.nullable(),
  employeeCount: z.number().int(),
  requiredSkills: z
    .array(z.string())
    .describe('Skills or certifications a person needs to be scheduled in this position'),
});
export type Position = z.infer<typeof position>;

export const createPositionBody = z.strictObject({
  title: text(120),
  departmentId: id.nullable().optional(),
  description: optionalText(1000),
  requiredSkills: z
    .array(text(60))
    .max(20, 'at most 20 required skills')
    .transform((list) => [...new Set(list)])
    .optional(),
});

export const listPositions = endpoint({
  operationId: 'listPositions',
  method: 'GET',
  path: '/api/positions',
  summary: 'Positions and job titles',
  tag: 'positions',
  access: 'positions.read',
  query: listQuery,
  response: z.object({ items: z.array(position) }),
});
export const getPosition = endpoint({
  operationId: 'getPosition',
  method: 'GET',
  path: '/api/positions/:id',
  summary: 'One position',
  tag: 'positions',
  access: 'positions.read',
  params: idParams,
  response: position,
});
export const createPosition = endpoint({
  operationId: 'createPosition',
  method: 'POST',
  path: '/api/positions',
  summary: 'Create a position',
  tag: 'positions',
  access: 'positions.manage',
  body: createPositionBody,
  response: position,
  status: 201,
});
export const updatePosition = endpoint({
  operationId: 'updatePosition',
  method: 'PATCH',
  path: '/api/positions/:id',
  summary: 'Change a position',
  tag: 'positions',
  access: 'positions.manage',
  params: idParams,
  body: createPositionBody.partial(),
  response: position,
});
export const archivePosition = endpoint({
  operationId: 'archivePosition',
  method: 'POST',
  path: '/api/positions/:id/archive',
  summary: 'Archive a position',
  tag: 'positions',
  access: 'positions.manage',
  params: idParams,
  response: position,
});
export const restorePosition = endpoint({
  operationId: 'restorePosition',
  method: 'POST',
  path: '/api/positions/:id/restore',
  summary: 'Restore an archived position',
  tag: 'positions',
  access: 'positions.manage',
  params: idParams,
  response: position,
});

// ── Members (users in this organization) ────────────────────────────────────

/** Site access: a non-empty list of sites, or null for every site (including future ones). */
const siteAccess = z
  .array(id)
  .min(1, 'must name at least one site, or be null for every site')
  .max(500)
  .nullable()
  .optional();

export const member = z.object({
  id,
  userId: id,
  email: z.string(),
  name: z.string(),
  role: z.enum(ROLES),
  siteIds: z.array(id).nullable(),
  employeeId: id.nullable(),
  status: z.enum(['active', 'deactivated']),
  lastLoginAt: timestamp.nullable(),
  createdAt: timestamp,
});
export type Member = z.infer<typeof member>;

export const listMembers = endpoint({
  operationId: 'listMembers',
  method: 'GET',
  path: '/api/members',
  summary: 'Users of this organization',
  tag: 'users',
  access: 'users.manage',
  query: z.strictObject({ q: z.string().trim().max(100).optional(), cursor, limit }),
  response: page(member),
});

export const updateMember = endpoint({
  operationId: 'updateMember',
  method: 'PATCH',
  path: '/api/members/:id',
  summary: "Change a user's role, site access or linked employee",
  description: 'The last active owner cannot be demoted.',
  tag: 'users',
  access: 'users.manage',
  params: idParams,
  body: z.strictObject({
    role: z.enum(ROLES).optional(),
    siteIds: siteAccess,
    employeeId: id.nullable().optional(),
  }),
  response: member,
});

export const deactivateMember = endpoint({
  operationId: 'deactivateMember',
  method: 'POST',
  path: '/api/members/:id/deactivate',
  summary: "Remove a user's access to this organization",
  description:
    'Ends their sessions and tokens in this organization. The last owner cannot be removed.',
  tag: 'users',
  access: 'users.manage',
  params: idParams,
  response: member,
});

export const reactivateMember = endpoint({
  operationId: 'reactivateMember',
  method: 'POST',
  path: '/api/members/:id/reactivate',
  summary: 'Give a deactivated user access again',
  tag: 'users',
  access: 'users.manage',
  params: idParams,
  response: member,
});

// ── Invitations ─────────────────────────────────────────────────────────────

export const invitation = z.object({
  id,
  email: z.string(),
  role: z.enum(ROLES),
  siteIds: z.array(id).nullable(),
  employeeId: id.nullable(),
  status: z.enum(['pending', 'accepted', 'revoked', 'expired']),
  expiresAt: timestamp,
  createdAt: timestamp,
  invitedBy: z.object({ id, name: z.string() }).nullable(),
});
export type Invitation = z.infer<typeof invitation>;

export const listInvitations = endpoint({
  operationId: 'listInvitations',
  method: 'GET',
  path: '/api/invitations',
  summary: 'Invitations of this organization',
  tag: 'users',
  access: 'users.manage',
  query: z.strictObject({
    status: z.enum(['pending', 'accepted', 'revoked', 'expired']).optional(),
  }),
  response: z.object({ items: z.array(invitation) }),
});

export const createInvitation = endpoint({
  operationId: 'createInvitation',
  method: 'POST',
  path: '/api/invitations',
  summary: 'Invite someone by e-mail',
  description: 'Sends a link valid for 7 days.',
  tag: 'users',
  access: 'users.manage',
  body: z.strictObject({
    email,
    role: z.enum(ROLES),
    siteIds: siteAccess,
    employeeId: id.nullable().optional(),
  }),
  response: invitation,
  status: 201,
});

export const resendInvitation = endpoint({
  operationId: 'resendInvitation',
  method: 'POST',
  path: '/api/invitations/:id/resend',
  summary: 'Send a pending invitation again with a fresh 7-day link',
  tag: 'users',
  access: 'users.manage',
  params: idParams,
  response: invitation,
});

export const revokeInvitation = endpoint({
  operationId: 'revokeInvitation',
  method: 'POST',
  path: '/api/invitations/:id/revoke',
  summary: 'Revoke a pending invitation',
  tag: 'users',
  access: 'users.manage',
  params: idParams,
  response: invitation,
});

export const invitationPreview = z.object({
  organizationName: z.string(),
  email: z.string(),
  role: z.enum(ROLES),
  expiresAt: timestamp,
  accountExists: z.boolean().describe('When true, accept with the existing password'),
});

export const getInvitationByToken = endpoint({
  operationId: 'getInvitationByToken',
  method: 'GET',
  path: '/api/invitations/by-token/:token',
  summary: 'What an invitation link is for',
  tag: 'users',
  access: 'public',
  params: z.strictObject({ token: z.string().min(10).max(200) }),
  response: invitationPreview,
});

export const acceptInvitation = endpoint({
  operationId: 'acceptInvitation',
  method: 'POST',
  path: '/api/invitations/accept',
  summary: 'Accept an invitation and sign in',
  description:
    'A new account sets its name and password; an existing account confirms its current password.',
  tag: 'users',
  access: 'public',
  body: z.strictObject({
    token: z.string().min(10).max(200),
    name: text(120).optional(),
    password,
  }),
  response: z.object({
    user: z.object({ id, email: z.string(), name: z.string() }),
    csrfToken: z.string(),
  }),
});

// ── Roles ───────────────────────────────────────────────────────────────────

export const roleDefinition = z.object({
  role: z.enum(ROLES),
  label: z.string(),
  permissions: z.array(permissionEnum),
  editable: z.boolean(),
  memberCount: z.number().int(),
});

export const listRoles = endpoint({
  operationId: 'listRoles',
  method: 'GET',
  path: '/api/roles',
  summary: 'Roles and the permissions each grants',
  tag: 'roles',
  access: 'roles.manage',
  response: z.object({
    items: z.array(roleDefinition),
    catalogue: z.array(
      z.object({ permission: permissionEnum, module: z.string(), label: z.string() }),
    ),
  }),
});

export const updateRole = endpoint({
  operationId: 'updateRole',
  method: 'PUT',
  path: '/api/roles/:role',
  summary: 'Set the permissions a role grants',
  description: 'The owner role always holds every permission and cannot be changed.',
  tag: 'roles',
  access: 'roles.manage',
  params: z.strictObject({ role: z.enum(ROLES) }),
  body: z.strictObject({ permissions: z.array(permissionEnum).max(200) }),
  response: roleDefinition,
});

export const resetRole = endpoint({
  operationId: 'resetRole',
  method: 'POST',
  path: '/api/roles/:role/reset',
  summary: 'Restore the default permissions of a role',
  tag: 'roles',
  access: 'roles.manage',
  params: z.strictObject({ role: z.enum(ROLES) }),
  response: roleDefinition,
});
