import { z } from 'zod';
import { ROLES } from './permissions.js';
import {
  cursor,
  endpoint,
  id,
  idParams,
  limit,
  ok,
  optionalText,
  page,
  recordMeta,
  text,
  timestamp,
  userRef,
} from './shared.js';

/**
 * Resource booking: rooms, vehicles, equipment and tool pools per site, their booking rules,
 * bookings (single or recurring), blackout periods and check-out/check-in. Times are instants
 * (ISO-8601 UTC) on the 5-minute grid; the web app enters them in the site's time zone.
 */

export const RESOURCE_KINDS = ['room', 'vehicle', 'equipment', 'tool'] as const;
export type ResourceKind = (typeof RESOURCE_KINDS)[number];

export const BOOKING_STATUSES = [
  'pending_approval',
  'confirmed',
  'rejected',
  'cancelled',
  'checked_out',
  'returned',
] as const;
export type BookingStatus = (typeof BOOKING_STATUSES)[number];
/** Statuses that hold the slot (others free it). */
export const ACTIVE_BOOKING_STATUSES = ['pending_approval', 'confirmed', 'checked_out'] as const;

export const BLACKOUT_REASONS = ['maintenance', 'holiday', 'other'] as const;
export const RETURN_CONDITIONS = ['good', 'needs_attention', 'damaged'] as const;

/** Minutes bookings snap to: starts and ends must be multiples of this. */
export const BOOKING_GRID_MINUTES = 5;
/** How long before its start a booking may be checked out. */
export const CHECKOUT_EARLY_MINUTES = 15;
export const MAX_OCCURRENCES = 100;

const instant = z.iso
  .datetime({ offset: true, message: 'must be an ISO-8601 date-time such as 2026-11-25T09:00:00Z' })
  .describe('ISO-8601 instant');

const color = z
  .string()
  .regex(/^#[0-9a-fA-F]{6}$/, 'must be a colour as #RRGGBB')
  .describe('#RRGGBB');

export const resourceRules = z.object({
  maxDurationMinutes: z.number().int().nullable().describe('Longest booking; null: no limit'),
  minLeadMinutes: z
    .number()
    .int()
    .nullable()
    .describe('A booking must start at least this long after it is made'),
  maxAdvanceDays: z.number().int().nullable().describe('How many days ahead one may book'),
  bookableRoles: z
    .array(z.enum(ROLES))
    .nullable()
    .describe('Only these roles may book; null: everyone holding resources.book'),
  needsApproval: z.boolean(),
  requiresCheckout: z.boolean(),
  bufferMinutes: z.number().int().describe('Free time kept between two bookings'),
});
export type ResourceRules = z.infer<typeof resourceRules>;

export const checkedOutInfo = z.object({
  bookingId: id,
  holder: userRef,
  quantity: z.number().int(),
  since: timestamp,
  dueAt: timestamp,
  overdue: z.boolean(),
});

export const resource = z.object({
  ...recordMeta,
  site: z.object({ id, name: z.string(), timeZone: z.string() }),
  name: z.string(),
  kind: z.enum(RESOURCE_KINDS),
  description: z.string().nullable(),
  capacity: z.number().int().describe('People/seats, or units of a pool of identical tools'),
  location: z.string().nullable(),
  color: z.string(),
  status: z.enum(['active', 'archived']),
  archivedAt: timestamp.nullable(),
  rules: resourceRules,
  checkedOut: z.array(checkedOutInfo).describe('Bookings currently checked out'),
  canBook: z.boolean().describe('Whether the caller may book it (permission and role rule)'),
});
export type Resource = z.infer<typeof resource>;

const minutes = (max: number) =>
  z
    .number()
    .int('must be a whole number')
    .min(1, 'must be at least 1')
    .max(max, `must be at most ${max}`);

const rulesInput = z.strictObject({
  maxDurationMinutes: minutes(60 * 24 * 31)
    .nullable()
    .optional(),
  minLeadMinutes: z
    .number()
    .int('must be a whole number')
    .min(0, 'must not be negative')
    .max(60 * 24 * 90, 'must be at most 90 days')
    .nullable()
    .optional(),
  maxAdvanceDays: minutes(730).nullable().optional(),
  bookableRoles: z
    .array(z.enum(ROLES))
    .min(1, 'name at least one role, or null for everyone')
    .nullable()
    .optional(),
  needsApproval: z.boolean().optional(),
  requiresCheckout: z.boolean().optional(),
  bufferMinutes: z
    .number()
    .int('must be a whole number')
    .min(0, 'must not be negative')
    .max(24 * 60, 'must be at most 1440')
    .refine((v) => v % BOOKING_GRID_MINUTES === 0, 'must be a multiple of 5 minutes')
    .optional(),
});

export const createResourceBody = z.strictObject({
  siteId: id,
  name: text(120),
  kind: z.enum(RESOURCE_KINDS),
  description: optionalText(2000),
  capacity: z
    .number()
    .int('must be a whole number')
    .min(1, 'must be at least 1')
    .max(10_000, 'must be at most 10000')
    .default(1),
  location: optionalText(200),
  color: color.optional(),
  rules: rulesInput.optional(),
});
export type CreateResourceBody = z.input<typeof createResourceBody>;

export const updateResourceBody = createResourceBody
  .omit({ siteId: true, capacity: true })
  .extend({
    capacity: z
      .number()
      .int('must be a whole number')
      .min(1, 'must be at least 1')
      .max(10_000, 'must be at most 10000'),
  })
  .partial();

export const listResourcesQuery = z.strictObject({
  q: z.string().trim().max(100).optional().describe('Matches name, location or description'),
  siteId: id.optional(),
  kind: z.enum(RESOURCE_KINDS).optional(),
  status: z.enum(['active', 'archived', 'all']).default('active'),
  cursor,
  limit,
});

export const listResources = endpoint({
  operationId: 'listResources',
  method: 'GET',
  path: '/api/resources',
  summary: 'Bookable resources in the caller’s sites, by site and name',
  tag: 'resources',
  access: 'resources.read',
  query: listResourcesQuery,
  response: page(resource),
});

export const getResource = endpoint({
  operationId: 'getResource',
  method: 'GET',
  path: '/api/resources/:id',
  summary: 'One resource with its rules and who has it checked out',
  tag: 'resources',
  access: 'resources.read',
  params: idParams,
  response: resource,
});

export const createResource = endpoint({
  operationId: 'createResource',
  method: 'POST',
  path: '/api/resources',
  summary: 'Create a bookable resource',
  tag: 'resources',
  access: 'resources.manage',
  body: createResourceBody,
  response: resource,
  status: 201,
});

export const updateResource = endpoint({
  operationId: 'updateResource',
  method: 'PATCH',
  path: '/api/resources/:id',
  summary: 'Change a resource or its rules',
  description: 'Existing bookings are kept; new rules apply to new bookings and reschedules.',
  tag: 'resources',
  access: 'resources.manage',
  params: idParams,
  body: updateResourceBody,
  response: resource,
});

export const archiveResource = endpoint({
  operationId: 'archiveResource',
  method: 'POST',
  path: '/api/resources/:id/archive',
  summary: 'Archive a resource (no new bookings; history kept)',
  tag: 'resources',
  access: 'resources.manage',
  params: idParams,
  response: resource,
});

export const restoreResource = endpoint({
  operationId: 'restoreResource',
  method: 'POST',
  path: '/api/resources/:id/restore',
  summary: 'Restore an archived resource',
  tag: 'resources',
  access: 'resources.manage',
  params: idParams,
  response: resource,
});

// ── Bookings ───────────────────────────────────────────────────────────────

export const booking = z.object({
  ...recordMeta,
  resource: z.object({
    id,
    name: z.string(),
    kind: z.enum(RESOURCE_KINDS),
    color: z.string(),
    capacity: z.number().int(),
    requiresCheckout: z.boolean(),
  }),
  siteId: id,
  timeZone: z.string().describe('The site’s time zone, for showing the times'),
  start: timestamp,
  end: timestamp,
  quantity: z.number().int(),
  title: z.string(),
  notes: z.string().nullable(),
  status: z.enum(BOOKING_STATUSES),
  bookedBy: userRef,
  bookedFor: userRef,
  seriesId: id.nullable().describe('Shared by the occurrences of a recurring booking'),
  recurrence: z.string().nullable().describe('The RRULE of the series'),
  approvalId: id.nullable(),
  checkedOutAt: timestamp.nullable(),
  checkedOutBy: userRef,
  checkoutNote: z.string().nullable(),
  checkedInAt: timestamp.nullable(),
  checkedInBy: userRef,
  returnCondition: z.enum(RETURN_CONDITIONS).nullable(),
  returnNote: z.string().nullable(),
  late: z.boolean().describe('Returned after the booking ended'),
  overdue: z.boolean().describe('Checked out and past its end'),
  cancelledAt: timestamp.nullable(),
  cancelReason: z.string().nullable(),
  canChange: z.boolean().describe('Whether the caller may reschedule or cancel it'),
  canCheckOut: z.boolean().describe('Whether the caller may check it out now'),
  canCheckIn: z.boolean(),
});
export type Booking = z.infer<typeof booking>;

/** What stands in the way of a booking (no booker names unless the caller may see them). */
export const bookingConflict = z.object({
  kind: z.enum(['booking', 'blackout']),
  start: timestamp,
  end: timestamp,
  quantity: z.number().int().nullable(),
  bookingId: id.nullable(),
  bookedFor: z.string().nullable(),
  reason: z.string().nullable(),
});
export type BookingConflict = z.infer<typeof bookingConflict>;

export const skippedOccurrence = z.object({
  start: timestamp,
  end: timestamp,
  conflicts: z.array(bookingConflict),
});

const quantity = z
  .number()
  .int('must be a whole number')
  .min(1, 'must be at least 1')
  .max(10_000, 'must be at most 10000');

export const createBookingBody = z.strictObject({
  resourceId: id,
  start: instant,
  end: instant,
  quantity: quantity.default(1),
  title: text(200),
  notes: optionalText(2000),
  bookedForUserId: id.optional().describe('The member the booking is for; default the caller'),
  recurrence: z
    .string()
    .trim()
    .min(1)
    .max(500)
    .nullable()
    .optional()
    .describe(
      'RRULE (FREQ=DAILY|WEEKLY|MONTHLY with COUNT or UNTIL, at most 100 occurrences), in the site’s time zone',
    ),
  skipConflicts: z
    .boolean()
    .default(false)
    .describe('Book the free occurrences and report the others instead of refusing the series'),
});
export type CreateBookingBody = z.input<typeof createBookingBody>;

export const createBookingResult = z.object({
  items: z.array(booking),
  seriesId: id.nullable(),
  skipped: z.array(skippedOccurrence),
});

export const updateBookingBody = z
  .strictObject({
    start: instant,
    end: instant,
    quantity,
    title: text(200),
    notes: optionalText(2000),
    bookedForUserId: id,
  })
  .partial();

export const listBookingsQuery = z.strictObject({
  mine: z
    .enum(['true', 'false'])
    .transform((v) => v === 'true')
    .optional()
    .describe('Only bookings made by or for the caller'),
  resourceId: id.optional(),
  siteId: id.optional(),
  from: instant.optional().describe('Bookings ending after this instant'),
  to: instant.optional().describe('Bookings starting before this instant'),
  status: z.enum([...BOOKING_STATUSES, 'active', 'overdue']).optional(),
  cursor,
  limit,
});

export const listBookings = endpoint({
  operationId: 'listBookings',
  method: 'GET',
  path: '/api/bookings',
  summary: 'Bookings by start time: mine, by resource, by range or status (overdue returns too)',
  tag: 'resources',
  access: 'resources.read',
  query: listBookingsQuery,
  response: page(booking),
});

export const getBooking = endpoint({
  operationId: 'getBooking',
  method: 'GET',
  path: '/api/bookings/:id',
  summary: 'One booking',
  tag: 'resources',
  access: 'resources.read',
  params: idParams,
  response: booking,
});

export const createBooking = endpoint({
  operationId: 'createBooking',
  method: 'POST',
  path: '/api/bookings',
  summary: 'Book a resource, once or as a recurring series',
  description:
    'Refused with 409 BOOKING_CONFLICT when the slot (with the resource’s buffer) is taken beyond its capacity or blacked out; a series is all-or-nothing unless skipConflicts.',
  tag: 'resources',
  access: 'resources.book',
  body: createBookingBody,
  response: createBookingResult,
  status: 201,
});

export const updateBooking = endpoint({
  operationId: 'updateBooking',
  method: 'PATCH',
  path: '/api/bookings/:id',
  summary: 'Reschedule or change one booking (conflicts and rules are checked again)',
  tag: 'resources',
  access: 'resources.book',
  params: idParams,
  body: updateBookingBody,
  response: booking,
});

export const cancelBookingBody = z.strictObject({
  scope: z
    .enum(['one', 'following'])
    .default('one')
    .describe('This occurrence, or it and every later one of its series'),
  reason: optionalText(500),
});

export const cancelBooking = endpoint({
  operationId: 'cancelBooking',
  method: 'POST',
  path: '/api/bookings/:id/cancel',
  summary: 'Cancel a booking (or the rest of its series)',
  tag: 'resources',
  access: 'resources.book',
  params: idParams,
  body: cancelBookingBody,
  response: z.object({ cancelledIds: z.array(id) }),
});

export const checkOutBody = z.strictObject({
  note: optionalText(1000).describe('Condition when taken'),
});

export const checkOutBooking = endpoint({
  operationId: 'checkOutBooking',
  method: 'POST',
  path: '/api/bookings/:id/check-out',
  summary: 'Take the booked equipment or vehicle (from 15 minutes before the start)',
  tag: 'resources',
  access: 'resources.book',
  params: idParams,
  body: checkOutBody,
  response: booking,
});

export const checkInBody = z.strictObject({
  condition: z.enum(RETURN_CONDITIONS),
  note: optionalText(1000),
});

export const checkInBooking = endpoint({
  operationId: 'checkInBooking',
  method: 'POST',
  path: '/api/bookings/:id/check-in',
  summary: 'Return checked-out equipment (late when after the booking’s end)',
  tag: 'resources',
  access: 'resources.book',
  params: idParams,
  body: checkInBody,
  response: booking,
});

// ── Blackouts ──────────────────────────────────────────────────────────────

export const blackout = z.object({
  ...recordMeta,
  resourceId: id,
  siteId: id,
  start: timestamp,
  end: timestamp,
  reason: z.enum(BLACKOUT_REASONS),
  note: z.string().nullable(),
});
export type Blackout = z.infer<typeof blackout>;

export const bookingBrief = z.object({
  id,
  start: timestamp,
  end: timestamp,
  status: z.enum(BOOKING_STATUSES),
  title: z.string(),
  bookedFor: userRef,
});

export const blackoutBody = z.strictObject({
  start: instant,
  end: instant,
  reason: z.enum(BLACKOUT_REASONS),
  note: optionalText(500),
  cancelBookings: z
    .boolean()
    .default(false)
    .describe('Cancel the bookings it overlaps (their bookers are told)'),
});

export const blackoutResult = z.object({
  blackout,
  affected: z.array(bookingBrief).describe('Active bookings the blackout overlaps'),
  cancelledIds: z.array(id),
});

export const listBlackouts = endpoint({
  operationId: 'listResourceBlackouts',
  method: 'GET',
  path: '/api/resources/:id/blackouts',
  summary: 'Blackout periods of a resource, current and future first',
  tag: 'resources',
  access: 'resources.read',
  params: idParams,
  query: z.strictObject({ includePast: z.enum(['true', 'false']).default('false') }),
  response: z.object({ items: z.array(blackout) }),
});

export const createBlackout = endpoint({
  operationId: 'createResourceBlackout',
  method: 'POST',
  path: '/api/resources/:id/blackouts',
  summary: 'Block a resource for a period (maintenance, holiday…)',
  tag: 'resources',
  access: 'resources.manage',
  params: idParams,
  body: blackoutBody,
  response: blackoutResult,
  status: 201,
});

export const updateBlackout = endpoint({
  operationId: 'updateResourceBlackout',
  method: 'PATCH',
  path: '/api/resource-blackouts/:id',
  summary: 'Change a blackout period',
  tag: 'resources',
  access: 'resources.manage',
  params: idParams,
  body: blackoutBody.partial(),
  response: blackoutResult,
});

export const deleteBlackout = endpoint({
  operationId: 'deleteResourceBlackout',
  method: 'DELETE',
  path: '/api/resource-blackouts/:id',
  summary: 'Remove a blackout period',
  tag: 'resources',
  access: 'resources.manage',
  params: idParams,
  response: ok,
});

// ── Timeline ───────────────────────────────────────────────────────────────

export const timelineQuery = z.strictObject({
  siteId: id.optional(),
  from: instant,
  to: instant,
  kind: z.enum(RESOURCE_KINDS).optional(),
});

export const getTimeline = endpoint({
  operationId: 'getResourceTimeline',
  method: 'GET',
  path: '/api/resources/timeline',
  summary: 'Active resources with their bookings and blackouts in a range (at most 31 days)',
  tag: 'resources',
  access: 'resources.read',
  query: timelineQuery,
  response: z.object({
    resources: z.array(resource),
    bookings: z.array(booking),
    blackouts: z.array(blackout),
  }),
});
