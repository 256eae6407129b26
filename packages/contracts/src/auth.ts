import { z } from 'zod';
import { PERMISSIONS, ROLES } from './permissions.js';
import {
  email,
  endpoint,
  id,
  idParams,
  ok,
  optionalText,
  password,
  text,
  timestamp,
} from './shared.js';

export const user = z.object({
  id,
  email: z.string(),
  name: z.string(),
  locale: z.string().nullable(),
});
export type User = z.infer<typeof user>;

export const organizationSummary = z.object({
  id,
  name: z.string(),
  role: z.enum(ROLES),
});

export const me = z.object({
  user,
  csrfToken: z.string().nullable().describe('Send as x-csrf-token on cookie-authenticated writes'),
  organization: z.object({
    id,
    name: z.string(),
    currency: z.string(),
    timeZone: z.string(),
  }),
  membership: z.object({
    id,
    role: z.enum(ROLES),
    siteIds: z.array(id).nullable().describe('null: every site'),
    employeeId: id.nullable(),
  }),
  permissions: z.array(z.enum(PERMISSIONS as [string, ...string[]])),
  organizations: z.array(organizationSummary),
  authenticatedBy: z.enum(['session', 'token']),
});
export type Me = z.infer<typeof me>;

export const loginBody = z.strictObject({
  email,
  password: z.string().min(1, 'is required').max(200),
  organizationId: id.optional().describe('Organization to open; defaults to the last one used'),
});
export const loginResponse = z.object({ user, csrfToken: z.string() });

export const login = endpoint({
  operationId: 'login',
  method: 'POST',
  path: '/api/auth/login',
  summary: 'Sign in with e-mail and password',
  description:
    'Starts a session cookie. Any wrong credential answers the same 401; repeated failures are rate limited per account and per address (429).',
  tag: 'auth',
  access: 'public',
  body: loginBody,
  response: loginResponse,
});

export const logout = endpoint({
  operationId: 'logout',
  method: 'POST',
  path: '/api/auth/logout',
  summary: 'Sign out of this session',
  tag: 'auth',
  access: 'authenticated',
  response: ok,
});

export const logoutAll = endpoint({
  operationId: 'logoutAll',
  method: 'POST',
  path: '/api/auth/logout-all',
  summary: 'Sign out of every session of the current user',
  tag: 'auth',
  access: 'authenticated',
  response: ok,
});

export const requestPasswordReset = endpoint({
  operationId: 'requestPasswordReset',
  method: 'POST',
  path: '/api/auth/password-reset',
  summary: 'E-mail a password reset link',
  description: 'Always answers 202 so it does not reveal which addresses have accounts.',
  tag: 'auth',
  access: 'public',
  body: z.strictObject({ email }),
  response: ok,
  status: 202,
});

export const confirmPasswordReset = endpoint({
  operationId: 'confirmPasswordReset',
  method: 'POST',
  path: '/api/auth/password-reset/confirm',
  summary: 'Set a new password with a reset token',
  description: 'Signs out every existing session of the account.',
  tag: 'auth',
  access: 'public',
  body: z.strictObject({ token: z.string().min(10).max(200), password }),
  response: ok,
});

export const getMe = endpoint({
  operationId: 'getMe',
  method: 'GET',
  path: '/api/me',
  summary: 'The signed-in user, current organization, role and permissions',
  tag: 'me',
  access: 'authenticated',
  response: me,
});

export const updateMe = endpoint({
  operationId: 'updateMe',
  method: 'PATCH',
  path: '/api/me',
  summary: 'Change your name or language',
  tag: 'me',
  access: 'authenticated',
  body: z.strictObject({
    name: text(120).optional(),
    locale: optionalText(20),
  }),
  response: user,
});

export const changePassword = endpoint({
  operationId: 'changePassword',
  method: 'POST',
  path: '/api/me/password',
  summary: 'Change your password',
  description: 'Keeps this session and signs out every other one.',
  tag: 'me',
  access: 'authenticated',
  body: z.strictObject({ currentPassword: z.string().min(1).max(200), newPassword: password }),
  response: ok,
});

export const switchOrganization = endpoint({
  operationId: 'switchOrganization',
  method: 'POST',
  path: '/api/me/organization',
  summary: 'Switch this session to another organization you belong to',
  tag: 'me',
  access: 'authenticated',
  body: z.strictObject({ organizationId: id }),
  response: ok,
});

export const apiToken = z.object({
  id,
  name: z.string(),
  prefix: z.string().describe('First characters of the token, to recognise it'),
  createdAt: timestamp,
  lastUsedAt: timestamp.nullable(),
  expiresAt: timestamp.nullable(),
});

export const listApiTokens = endpoint({
  operationId: 'listApiTokens',
  method: 'GET',
  path: '/api/me/tokens',
  summary: 'Your personal API tokens in this organization',
  tag: 'me',
  access: 'authenticated',
  response: z.object({ items: z.array(apiToken) }),
});

export const createApiToken = endpoint({
  operationId: 'createApiToken',
  method: 'POST',
  path: '/api/me/tokens',
  summary: 'Create a personal API token (shown once)',
  description:
    'The token acts as you in the current organization with your role. Send it as `Authorization: Bearer …`; no CSRF token is needed.',
  tag: 'me',
  access: 'authenticated',
  body: z.strictObject({
    name: text(80),
    expiresInDays: z.number().int().min(1).max(3650).nullable().optional(),
  }),
  response: apiToken.extend({ token: z.string().describe('The secret; it is not shown again') }),
  status: 201,
});

export const revokeApiToken = endpoint({
  operationId: 'revokeApiToken',
  method: 'DELETE',
  path: '/api/me/tokens/:id',
  summary: 'Revoke one of your API tokens',
  tag: 'me',
  access: 'authenticated',
  params: idParams,
  response: ok,
});
