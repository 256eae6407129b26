import { z } from 'zod';
import { cursor, endpoint, id, idParams, limit, page, timestamp } from './shared.js';

/** Every kind of notification; each user chooses per kind how to hear about it. */
export const NOTIFICATION_TYPES = [
  'task_assigned',
  'mentioned',
  'commented',
  'approval_requested',
  'approval_decided',
  'approval_reminder',
  'approval_escalated',
  'due_soon',
  'overdue',
  'booking_updated',
  'shift_published',
  'shift_changed',
  'shift_swap',
  'open_shift',
] as const;
export type NotificationType = (typeof NOTIFICATION_TYPES)[number];

export const EMAIL_MODES = ['off', 'immediate', 'digest'] as const;
export type EmailMode = (typeof EMAIL_MODES)[number];

/** What a user gets when they never changed a preference. */
export const DEFAULT_NOTIFICATION_PREFERENCES: Record<
  NotificationType,
  { inApp: boolean; email: EmailMode }
> = {
  task_assigned: { inApp: true, email: 'immediate' },
  mentioned: { inApp: true, email: 'immediate' },
  commented: { inApp: true, email: 'digest' },
  approval_requested: { inApp: true, email: 'immediate' },
  approval_decided: { inApp: true, email: 'immediate' },
  approval_reminder: { inApp: true, email: 'immediate' },
  approval_escalated: { inApp: true, email: 'immediate' },
  due_soon: { inApp: true, email: 'digest' },
  overdue: { inApp: true, email: 'digest' },
  booking_updated: { inApp: true, email: 'off' },
  shift_published: { inApp: true, email: 'immediate' },
  shift_changed: { inApp: true, email: 'immediate' },
  shift_swap: { inApp: true, email: 'immediate' },
  open_shift: { inApp: true, email: 'off' },
};

export const notification = z.object({
  id,
  type: z.enum(NOTIFICATION_TYPES),
  title: z.string(),
  body: z.string().nullable(),
  href: z.string().describe('Web path of the record'),
  entityType: z.string(),
  entityId: id,
  site: z
    .object({ id, name: z.string() })
    .nullable()
    .describe('The site of the record; null when it has none'),
  actor: z.object({ id, name: z.string() }).nullable().describe('Who caused it; null: the system'),
  readAt: timestamp.nullable(),
  createdAt: timestamp,
});
export type Notification = z.infer<typeof notification>;

export const listNotificationsQuery = z.strictObject({
  unread: z
    .enum(['true', 'false'])
    .optional()
    .describe('true: only unread ones')
    .transform((v) => v === 'true'),
  cursor,
  limit,
});

export const listNotifications = endpoint({
  operationId: 'listNotifications',
  method: 'GET',
  path: '/api/notifications',
  summary: 'My notifications, newest first',
  tag: 'notifications',
  access: 'authenticated',
  query: listNotificationsQuery,
  response: page(notification),
});

export const unreadNotificationCount = endpoint({
  operationId: 'unreadNotificationCount',
  method: 'GET',
  path: '/api/notifications/unread-count',
  summary: 'How many of my notifications are unread',
  tag: 'notifications',
  access: 'authenticated',
  response: z.object({ unread: z.number().int() }),
});

export const markNotificationRead = endpoint({
  operationId: 'markNotificationRead',
  method: 'POST',
  path: '/api/notifications/:id/read',
  summary: 'Mark one of my notifications read',
  tag: 'notifications',
  access: 'authenticated',
  params: idParams,
  response: notification,
});

export const markAllNotificationsRead = endpoint({
  operationId: 'markAllNotificationsRead',
  method: 'POST',
  path: '/api/notifications/read-all',
  summary: 'Mark all my notifications read',
  tag: 'notifications',
  access: 'authenticated',
  response: z.object({ updated: z.number().int() }),
});

export const notificationPreference = z.object({
  type: z.enum(NOTIFICATION_TYPES),
  inApp: z.boolean(),
  email: z.enum(EMAIL_MODES),
});
export type NotificationPreference = z.infer<typeof notificationPreference>;

export const getNotificationPreferences = endpoint({
  operationId: 'getNotificationPreferences',
  method: 'GET',
  path: '/api/notifications/preferences',
  summary: 'How I hear about each kind of notification',
  tag: 'notifications',
  access: 'authenticated',
  response: z.object({ items: z.array(notificationPreference) }),
});

export const updateNotificationPreferencesBody = z.strictObject({
  items: z
    .array(
      z.strictObject({
        type: z.enum(NOTIFICATION_TYPES),
        inApp: z.boolean(),
        email: z.enum(EMAIL_MODES),
      }),
    )
    .min(1, 'must list at least one type')
    .max(NOTIFICATION_TYPES.length * 2),
});
export type UpdateNotificationPreferencesBody = z.input<typeof updateNotificationPreferencesBody>;

export const updateNotificationPreferences = endpoint({
  operationId: 'updateNotificationPreferences',
  method: 'PUT',
  path: '/api/notifications/preferences',
  summary: 'Change how I hear about some kinds of notification',
  tag: 'notifications',
  access: 'authenticated',
  body: updateNotificationPreferencesBody,
  response: z.object({ items: z.array(notificationPreference) }),
});
