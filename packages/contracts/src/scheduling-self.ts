import { z } from 'zod';
import { endpoint, id, idParams, isoDate, optionalText, recordMeta, timestamp } from './shared.js';

/**
 * Workforce scheduling, staff self-service (phone first): my published shifts, open shifts I may
 * claim, swaps and give-aways with a colleague (colleague accepts, a coordinator approves through
 * the approvals inbox), and giving a shift back to the open pool.
 *
 * Eligibility: a person may take a shift when assigning them adds no finding whose rule the
 * organization set to "error" (an overlap always blocks). Coverage rules are about the roster, not
 * the person, and never block a claim or a swap.
 */

export const SWAP_STATUSES = [
  'pending_colleague',
  'declined',
  'pending_approval',
  'approved',
  'rejected',
  'cancelled',
  'failed',
] as const;
export type SwapStatus = (typeof SWAP_STATUSES)[number];

/** swap: both people trade shifts · give_away: the colleague takes my shift · release: back to the open pool */
export const SWAP_KINDS = ['swap', 'give_away', 'release'] as const;
export type SwapKind = (typeof SWAP_KINDS)[number];

const ref = z.object({ id, name: z.string() });

/** Why a person may not take a shift: one rule finding, in plain words. */
export const eligibilityReason = z.object({
  rule: z.string(),
  severity: z.enum(['error', 'warning']).describe('error = blocks the claim or swap'),
  message: z.string(),
});
export type EligibilityReason = z.infer<typeof eligibilityReason>;

const shiftFields = {
  id,
  site: ref,
  timeZone: z.string().describe("The site's time zone; times are local to it"),
  date: z.string().describe('Local date the shift starts on'),
  startTime: z.string(),
  endTime: z.string(),
  start: timestamp,
  end: timestamp,
  breakMinutes: z.number().int(),
  paidMinutes: z.number().int(),
  shiftType: z.object({ id, code: z.string(), name: z.string(), color: z.string() }).nullable(),
  position: ref.nullable(),
  notes: z.string().nullable(),
};

/** A shift in a swap or a candidate list (no colleagues). */
export const shiftSummary = z.object(shiftFields);
export type ShiftSummary = z.infer<typeof shiftSummary>;

export const myShift = z.object({
  ...shiftFields,
  colleagues: z
    .array(ref)
    .describe('Others on the same shift type and date at the site (published shifts)'),
  swap: z
    .object({ id, status: z.enum(SWAP_STATUSES), kind: z.enum(SWAP_KINDS) })
    .nullable()
    .describe('The open swap or give-away request of this shift, if any'),
  past: z.boolean().describe('Already started'),
});
export type MyShift = z.infer<typeof myShift>;

const rangeQuery = z.strictObject({
  from: isoDate.describe('First local date'),
  to: isoDate.describe('Last local date (inclusive); at most 92 days after from'),
});

export const listMyShifts = endpoint({
  operationId: 'listMyShifts',
  method: 'GET',
  path: '/api/scheduling/my/shifts',
  summary: 'My published shifts in a date range, at any site',
  description:
    'Only published shifts. A member without an employee record gets an empty list and hasEmployee = false.',
  tag: 'scheduling',
  access: 'scheduling.self',
  query: rangeQuery,
  response: z.object({ hasEmployee: z.boolean(), items: z.array(myShift) }),
});

export const openShift = z.object({
  ...shiftFields,
  eligible: z.boolean().describe('Whether the caller may claim it'),
  reasons: z.array(eligibilityReason).describe('Findings assigning the caller would add'),
});
export type OpenShift = z.infer<typeof openShift>;

export const listOpenShifts = endpoint({
  operationId: 'listOpenShifts',
  method: 'GET',
  path: '/api/scheduling/open-shifts',
  summary: 'Published open shifts of my sites, with whether I may claim each',
  tag: 'scheduling',
  access: 'scheduling.self',
  query: rangeQuery,
  response: z.object({ hasEmployee: z.boolean(), items: z.array(openShift) }),
});

export const claimOpenShift = endpoint({
  operationId: 'claimOpenShift',
  method: 'POST',
  path: '/api/scheduling/open-shifts/:id/claim',
  summary: 'Claim an open shift',
  description:
    'Eligibility is checked again inside the transaction. 409 SHIFT_ALREADY_TAKEN when someone claimed it first (of concurrent claims exactly one wins); 409 NOT_ELIGIBLE with the blocking findings as field errors.',
  tag: 'scheduling',
  access: 'scheduling.self',
  params: idParams,
  response: z.object({ shift: myShift, warnings: z.array(eligibilityReason) }),
});

// ── Swaps and give-aways ───────────────────────────────────────────────────

export const swap = z.object({
  ...recordMeta,
  kind: z.enum(SWAP_KINDS),
  status: z.enum(SWAP_STATUSES),
  site: ref,
  timeZone: z.string(),
  requester: ref.describe('Employee who asked'),
  target: ref.nullable().describe('Colleague asked (null for a release to the open pool)'),
  shift: shiftSummary.describe("The requester's shift"),
  targetShift: shiftSummary.nullable().describe("The colleague's shift in a swap"),
  note: z.string().nullable(),
  approvalId: z.string().nullable(),
  colleagueRespondedAt: timestamp.nullable(),
  decidedAt: timestamp.nullable(),
  failureReason: z.string().nullable().describe('Why a request failed (shifts changed, rules)'),
  /** the caller's side: requester, target, or an approver of the site */
  role: z.enum(['requester', 'target', 'approver']),
  canAccept: z.boolean(),
  canDecline: z.boolean(),
  canCancel: z.boolean(),
});
export type Swap = z.infer<typeof swap>;

export const createSwapBody = z.strictObject({
  shiftId: id.describe('My published, future shift'),
  targetEmployeeId: id.describe('The colleague at the same site'),
  targetShiftId: id
    .nullable()
    .optional()
    .describe("The colleague's shift to take in exchange; omit to give my shift away"),
  note: optionalText(500),
});

export const createSwap = endpoint({
  operationId: 'createSwap',
  method: 'POST',
  path: '/api/scheduling/swaps',
  summary: 'Ask a colleague to swap shifts with me, or to take my shift',
  description:
    '409 NOT_ELIGIBLE (naming targetEmployeeId or targetShiftId, with the reasons) when the colleague may not work my shift or I may not work theirs; 409 SWAP_ALREADY_OPEN when the shift already has an open request.',
  tag: 'scheduling',
  access: 'scheduling.self',
  body: createSwapBody,
  response: swap,
  status: 201,
});

export const swapCandidate = z.object({
  employee: ref,
  position: z.string().nullable(),
  eligible: z.boolean().describe('May take my shift'),
  reasons: z.array(eligibilityReason),
  shifts: z
    .array(
      shiftSummary.extend({
        eligible: z.boolean().describe('I may take this shift in exchange'),
        reasons: z.array(eligibilityReason),
      }),
    )
    .describe('Their published future shifts at the site within two weeks of mine'),
});
export type SwapCandidate = z.infer<typeof swapCandidate>;

export const listSwapCandidates = endpoint({
  operationId: 'listSwapCandidates',
  method: 'GET',
  path: '/api/scheduling/swaps/candidates',
  summary: 'Colleagues who could take my shift, eligible ones first',
  tag: 'scheduling',
  access: 'scheduling.self',
  query: z.strictObject({ shiftId: id }),
  response: z.object({ shift: shiftSummary, items: z.array(swapCandidate) }),
});

export const listSwaps = endpoint({
  operationId: 'listSwaps',
  method: 'GET',
  path: '/api/scheduling/swaps',
  summary: 'Swaps I sent or received; with scheduling.approve also the pending ones of my sites',
  tag: 'scheduling',
  access: 'scheduling.self',
  query: z.strictObject({
    includeClosed: z
      .enum(['true', 'false'])
      .optional()
      .describe('Decided ones of the last 60 days'),
  }),
  response: z.object({ items: z.array(swap) }),
});

const swapAction = (name: string, verb: string, summary: string, description: string) =>
  endpoint({
    operationId: name,
    method: 'POST',
    path: `/api/scheduling/swaps/:id/${verb}`,
    summary,
    description,
    tag: 'scheduling',
    access: 'scheduling.self',
    params: idParams,
    body: z.strictObject({ note: optionalText(500) }),
    response: swap,
  });

export const acceptSwap = swapAction(
  'acceptSwap',
  'accept',
  'Accept a swap a colleague asked me for',
  'Only the colleague asked. Eligibility is checked again; the request then goes to the approvers of the site.',
);
export const declineSwap = swapAction(
  'declineSwap',
  'decline',
  'Decline a swap a colleague asked me for',
  'Only the colleague asked, while it awaits them.',
);
export const cancelSwap = swapAction(
  'cancelSwap',
  'cancel',
  'Withdraw my swap request',
  'Only the requester, before a decision; a pending approval is withdrawn too.',
);

export const releaseShift = endpoint({
  operationId: 'releaseMyShift',
  method: 'POST',
  path: '/api/scheduling/my/shifts/:id/release',
  summary: 'Give my shift back to the open pool (needs approval)',
  description:
    'Creates a release request that goes straight to the approvers; once approved the shift becomes open and eligible colleagues are told.',
  tag: 'scheduling',
  access: 'scheduling.self',
  params: idParams,
  body: z.strictObject({ note: optionalText(500) }),
  response: swap,
  status: 201,
});
