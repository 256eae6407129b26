import type {
  EligibilityReason,
  SwapCandidate,
  SwapKind,
  SwapStatus,
  Swap as SwapView,
  schedulingSelf,
} from '@keel/contracts';
import type { Kysely } from 'kysely';
import type { z } from 'zod';
import { recordAudit } from '../../platform/audit/audit.service.js';
import { type Actor, can, canSeeSite } from '../../platform/auth/actor.js';
import { newId } from '../../platform/clock.js';
import type { DB } from '../../platform/db/types.js';
import type { Deps } from '../../platform/deps.js';
import { conflict, forbidden, invalid, KeelError, notFound } from '../../platform/errors.js';
import { afterCommit } from '../../platform/events/event-bus.js';
import type { ApprovalDecidedContext, EntityRef } from '../../platform/registry.js';
import { memberActor, userIdsByEmployee } from '../accounts/index.js';
import { cancelApprovals, requestApproval } from '../approvals/index.js';
import { notify } from '../notifications/index.js';
import { employeeSummaries, siteEmployees, siteSummaries } from '../people/index.js';
import { openSwapsByShift } from './my-shifts.service.js';
import { notifyOpenShifts } from './open-shift.service.js';
import {
  addDays,
  checkEligibility,
  formatShift,
  noEmployee,
  OPEN_SWAP_STATUSES,
  reasonFields,
  SELF_HREF,
  type ShiftRow,
  SWAP_APPROVAL,
  SWAP_ENTITY,
  type SwapRow,
  shiftLabel,
  summarizeShifts,
} from './self.shared.js';
import { lockEmployees } from './shift.write.js';

// Swaps, give-aways and releases: requester asks → colleague accepts → approver decides.

const SWAPS_HREF = `${SELF_HREF}?tab=swaps`;
const TOPICS = ['scheduling'];

const nowIso = (deps: Deps) => deps.clock.now().toISOString();

const loadShift = (db: Kysely<DB>, orgId: string, id: string) =>
  db
    .selectFrom('shifts')
    .selectAll()
    .where('org_id', '=', orgId)
    .where('id', '=', id)
    .executeTakeFirst();

/**
 * The caller's own published shift that has not started. Someone else's shift the caller may see
 * is 403, an unknown one 404; a draft of their own is 409 (staff never see drafts).
 */
async function ownFutureShift(
  db: Kysely<DB>,
  deps: Deps,
  actor: Actor,
  shiftId: string,
): Promise<ShiftRow> {
  if (!actor.employeeId) throw noEmployee();
  const row = await loadShift(db, actor.orgId, shiftId);
  if (!row) throw notFound('shift');
  if (row.employee_id !== actor.employeeId) {
    if (row.published_at !== null && canSeeSite(actor, row.site_id))
      throw forbidden('NOT_YOUR_SHIFT', 'You can only swap or give away your own shifts.');
    throw notFound('shift');
  }
  if (row.published_at === null)
    throw conflict('SHIFT_NOT_PUBLISHED', 'This shift is not published yet.', [
      { field: 'shiftId', message: 'is not published yet' },
    ]);
  if (row.starts_at <= nowIso(deps))
    throw conflict('SHIFT_STARTED', 'This shift has already started.', [
      { field: 'shiftId', message: 'has already started' },
    ]);
  return row;
}

/** An open request (as requester's or colleague's shift) already holds one of the shifts. */
async function assertNoOpenSwap(db: Kysely<DB>, orgId: string, shiftId: string, field: string) {
  if ((await openSwapsByShift(db, orgId, [shiftId])).has(shiftId))
    throw conflict(
      'SWAP_ALREADY_OPEN',
      'This shift already has an open swap or give-away request.',
      [{ field, message: 'already has an open swap or give-away request' }],
    );
}

const blocking = (reasons: readonly EligibilityReason[]) =>
  reasons.filter((r) => r.severity === 'error');

/** 409 NOT_QUALIFIED (a missing qualification) or NOT_ELIGIBLE naming the field and the reasons. */
function notEligible(field: string, who: string, reasons: readonly EligibilityReason[]) {
  const errors = blocking(reasons);
  const code = errors.some((r) => r.rule === 'qualification') ? 'NOT_QUALIFIED' : 'NOT_ELIGIBLE';
  return new KeelError('conflict', code, `${who}: ${errors.map((r) => r.message).join('; ')}`, {
    fields: reasonFields(field, reasons),
  });
}

/** Checks both legs of a request: the colleague on my shift, and me on theirs (a swap). */
async function checkLegs(
  db: Kysely<DB>,
  orgId: string,
  legs: { shift: ShiftRow; targetShift: ShiftRow | null; requesterId: string; targetId: string },
  names: { target: string },
) {
  const { shift, targetShift } = legs;
  const results = await checkEligibility(db, orgId, {
    siteId: shift.site_id,
    shifts: targetShift ? [shift, targetShift] : [shift],
    release: targetShift ? [shift.id, targetShift.id] : [shift.id],
    checks: [
      { shiftId: shift.id, employeeId: legs.targetId },
      ...(targetShift ? [{ shiftId: targetShift.id, employeeId: legs.requesterId }] : []),
    ],
    sequential: true,
  });
  if (!results[0]!.eligible)
    throw notEligible(
      'targetEmployeeId',
      `${names.target} cannot take this shift`,
      results[0]!.reasons,
    );
  if (targetShift && !results[1]!.eligible)
    throw notEligible('targetShiftId', 'You cannot take their shift', results[1]!.reasons);
}

/** Users behind the requester and the colleague (either may have no account). */
async function usersOf(db: Kysely<DB>, row: SwapRow) {
  const ids = [
    row.requester_employee_id,
    ...(row.target_employee_id ? [row.target_employee_id] : []),
  ];
  const users = await userIdsByEmployee(db, row.org_id, ids);
  return {
    requester: users.get(row.requester_employee_id) ?? null,
    target: row.target_employee_id ? (users.get(row.target_employee_id) ?? null) : null,
  };
}

/** "Shift swap: Ann Lee ↔ Bob Ray — Wed, Nov 25, 06:00 – 14:00 for Thu, Nov 26, 14:00 – 22:00". */
async function swapTitle(db: Kysely<DB>, row: SwapRow): Promise<string> {
  const [shifts, people] = await Promise.all([
    db
      .selectFrom('shifts')
      .selectAll()
      .where('org_id', '=', row.org_id)
      .where('id', 'in', [row.shift_id, ...(row.target_shift_id ? [row.target_shift_id] : [])])
      .execute(),
    employeeSummaries(db, row.org_id, [
      row.requester_employee_id,
      ...(row.target_employee_id ? [row.target_employee_id] : []),
    ]),
  ]);
  const summaries = await summarizeShifts(db, row.org_id, shifts);
  const s = summaries.get(row.shift_id);
  const describe = (id: string | null) => {
    const x = id ? summaries.get(id) : undefined;
    return x
      ? `${shiftLabel(x)}, ${formatShift({ starts_at: x.start, ends_at: x.end }, x.timeZone)}`
      : 'a shift';
  };
  const requester = people.get(row.requester_employee_id)?.name ?? 'Former employee';
  const target = row.target_employee_id
    ? (people.get(row.target_employee_id)?.name ?? 'Former employee')
    : null;
  const site = s ? ` at ${s.site.name}` : '';
  if (row.kind === 'release')
    return `Shift release: ${requester} gives up the ${describe(row.shift_id)}${site} (becomes open)`;
  if (row.kind === 'give_away')
    return `Shift hand-over: ${requester} → ${target} — ${describe(row.shift_id)}${site}`;
  return `Shift swap: ${requester} ↔ ${target} — ${describe(row.shift_id)} for ${describe(row.target_shift_id)}${site}`;
}

/** Audit + live event (participants, and the approvers of the site while it awaits them). */
async function recordSwapChange(
  trx: Kysely<DB>,
  deps: Deps,
  actor: Actor | null,
  change: { action: string; before: SwapRow | null; after: SwapRow; label: string },
) {
  const { after } = change;
  const snap = (r: SwapRow | null) =>
    r && {
      kind: r.kind,
      status: r.status,
      shiftId: r.shift_id,
      targetEmployeeId: r.target_employee_id,
      targetShiftId: r.target_shift_id,
      note: r.note,
      approvalId: r.approval_id,
      failureReason: r.failure_reason,
    };
  await recordAudit(trx, {
    actor,
    orgId: after.org_id,
    action: change.action,
    entityType: SWAP_ENTITY,
    entityId: after.id,
    entityLabel: change.label,
    before: snap(change.before),
    after: snap(after),
    at: after.updated_at,
  });
  const users = await usersOf(trx, after);
  const base = {
    orgId: after.org_id,
    type: `shift_swap.${change.action}`,
    entityType: SWAP_ENTITY,
    entityId: after.id,
    siteId: after.site_id,
    topics: TOPICS,
    actorUserId: actor?.userId ?? null,
  };
  await deps.events.record(trx, {
    ...base,
    userIds: [users.requester, users.target].filter((u): u is string => !!u),
  });
  if (after.status === 'pending_approval' || change.before?.status === 'pending_approval')
    await deps.events.record(trx, { ...base, permission: 'scheduling.approve' });
}

async function notifySwap(
  trx: Kysely<DB>,
  deps: Deps,
  row: SwapRow,
  n: {
    recipients: (string | null)[];
    actorUserId: string | null;
    title: string;
    body?: string | null;
  },
) {
  await notify(trx, deps, {
    orgId: row.org_id,
    type: 'shift_swap',
    recipients: n.recipients.filter((u): u is string => !!u),
    actorUserId: n.actorUserId,
    entity: { entityType: SWAP_ENTITY, entityId: row.id },
    siteId: row.site_id,
    title: n.title,
    body: n.body ?? null,
    href: SWAPS_HREF,
  });
}

/**
 * Loads a request for update: on PostgreSQL the row is locked, then the two people's employee rows
 * (as core's shift writes do), so answers, decisions and shift edits touching them run one at a time.
 */
async function lockSwap(trx: Kysely<DB>, deps: Deps, orgId: string, id: string) {
  let q = trx
    .selectFrom('shift_swaps')
    .selectAll()
    .where('org_id', '=', orgId)
    .where('id', '=', id);
  if (deps.dialect === 'postgres') q = q.forUpdate();
  const row = await q.executeTakeFirst();
  if (row)
    await lockEmployees(trx, deps, orgId, [row.requester_employee_id, row.target_employee_id]);
  return row;
}

// ── Reading ────────────────────────────────────────────────────────────────

type Role = SwapView['role'];

/** The caller's side of a request, or null when they may not see it. */
function roleOf(actor: Actor, row: SwapRow): Role | null {
  if (actor.employeeId && row.requester_employee_id === actor.employeeId) return 'requester';
  if (actor.employeeId && row.target_employee_id === actor.employeeId) return 'target';
  if (can(actor, 'scheduling.approve') && canSeeSite(actor, row.site_id)) return 'approver';
  return null;
}

async function toSwaps(
  db: Kysely<DB>,
  actor: Actor,
  rows: readonly SwapRow[],
): Promise<SwapView[]> {
  if (rows.length === 0) return [];
  const shiftIds = rows.flatMap((r) => [
    r.shift_id,
    ...(r.target_shift_id ? [r.target_shift_id] : []),
  ]);
  const shiftRows = await db
    .selectFrom('shifts')
    .selectAll()
    .where('org_id', '=', actor.orgId)
    .where('id', 'in', [...new Set(shiftIds)])
    .execute();
  const [shifts, people, sites] = await Promise.all([
    summarizeShifts(db, actor.orgId, shiftRows),
    employeeSummaries(
      db,
      actor.orgId,
      rows.flatMap((r) => [
        r.requester_employee_id,
        ...(r.target_employee_id ? [r.target_employee_id] : []),
      ]),
    ),
    siteSummaries(
      db,
      actor.orgId,
      rows.map((r) => r.site_id),
    ),
  ]);
  const person = (id: string) => ({ id, name: people.get(id)?.name ?? 'Former employee' });
  const out: SwapView[] = [];
  for (const r of rows) {
    const role = roleOf(actor, r);
    const shift = shifts.get(r.shift_id);
    if (!role || !shift) continue;
    const open = OPEN_SWAP_STATUSES.includes(r.status as SwapStatus);
    const site = sites.get(r.site_id);
    out.push({
      id: r.id,
      createdAt: r.created_at,
      updatedAt: r.updated_at,
      kind: r.kind as SwapKind,
      status: r.status as SwapStatus,
      site: { id: r.site_id, name: site?.name ?? '—' },
      timeZone: site?.timeZone ?? 'UTC',
      requester: person(r.requester_employee_id),
      target: r.target_employee_id ? person(r.target_employee_id) : null,
      shift,
      targetShift: r.target_shift_id ? (shifts.get(r.target_shift_id) ?? null) : null,
      note: r.note,
      approvalId: r.approval_id,
      colleagueRespondedAt: r.colleague_responded_at,
      decidedAt: r.decided_at,
      failureReason: r.failure_reason,
      role,
      canAccept: role === 'target' && r.status === 'pending_colleague',
      canDecline: role === 'target' && r.status === 'pending_colleague',
      canCancel: role === 'requester' && open,
    });
  }
  return out;
}

async function getSwap(deps: Deps, actor: Actor, id: string): Promise<SwapView> {
  const row = await deps.db
    .selectFrom('shift_swaps')
    .selectAll()
    .where('org_id', '=', actor.orgId)
    .where('id', '=', id)
    .executeTakeFirst();
  const [view] = row ? await toSwaps(deps.db, actor, [row]) : [];
  if (!view) throw notFound('swap');
  return view;
}

/** Requests I sent or received; approvers also see the site's requests awaiting approval. */
export async function listSwaps(
  deps: Deps,
  actor: Actor,
  query: { includeClosed?: 'true' | 'false' | undefined },
): Promise<{ items: SwapView[] }> {
  const since = new Date(deps.clock.now().getTime() - 60 * 86_400_000).toISOString();
  const approver = can(actor, 'scheduling.approve');
  if (!actor.employeeId && !approver) return { items: [] };
  let q = deps.db.selectFrom('shift_swaps').selectAll().where('org_id', '=', actor.orgId);
  q = q.where((eb) => {
    const mine = actor.employeeId
      ? [
          eb('requester_employee_id', '=', actor.employeeId),
          eb('target_employee_id', '=', actor.employeeId),
        ]
      : [];
    const review = approver
      ? [
          eb.and([
            eb('status', '=', 'pending_approval'),
            ...(actor.siteIds
              ? [eb('site_id', 'in', actor.siteIds.length ? [...actor.siteIds] : ['-'])]
              : []),
          ]),
        ]
      : [];
    return eb.or([...mine, ...review]);
  });
  q =
    query.includeClosed === 'true'
      ? q.where((eb) =>
          eb.or([eb('status', 'in', OPEN_SWAP_STATUSES), eb('updated_at', '>=', since)]),
        )
      : q.where('status', 'in', OPEN_SWAP_STATUSES);
  const rows = await q.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(200).execute();
  return { items: await toSwaps(deps.db, actor, rows) };
}

/** Colleagues of the site who could take my shift (eligible first), with their shifts I could take. */
export async function listSwapCandidates(
  deps: Deps,
  actor: Actor,
  shiftId: string,
): Promise<{ shift: SwapView['shift']; items: SwapCandidate[] }> {
  const db = deps.db;
  const shift = await ownFutureShift(db, deps, actor, shiftId);
  const me = actor.employeeId!;
  const people = (await siteEmployees(db, actor.orgId, shift.site_id)).filter((p) => p.id !== me);
  const users = await userIdsByEmployee(
    db,
    actor.orgId,
    people.map((p) => p.id),
  );
  const colleagues = people.filter((p) => users.has(p.id)).slice(0, 300);
  const summary = (await summarizeShifts(db, actor.orgId, [shift])).get(shift.id)!;
  if (colleagues.length === 0) return { shift: summary, items: [] };
  const theirs = await db
    .selectFrom('shifts')
    .selectAll()
    .where('org_id', '=', actor.orgId)
    .where('site_id', '=', shift.site_id)
    .where(
      'employee_id',
      'in',
      colleagues.map((c) => c.id),
    )
    .where('published_at', 'is not', null)
    .where('starts_at', '>', nowIso(deps))
    .where('date', '>=', addDays(shift.date, -14))
    .where('date', '<=', addDays(shift.date, 14))
    .orderBy('starts_at')
    .limit(500)
    .execute();
  const held = await openSwapsByShift(
    db,
    actor.orgId,
    theirs.map((s) => s.id),
  );
  const swappable = theirs.filter((s) => !held.has(s.id));
  const [onMine, onTheirs, summaries] = await Promise.all([
    checkEligibility(db, actor.orgId, {
      siteId: shift.site_id,
      shifts: [shift],
      release: [shift.id],
      checks: colleagues.map((c) => ({ shiftId: shift.id, employeeId: c.id })),
    }),
    checkEligibility(db, actor.orgId, {
      siteId: shift.site_id,
      shifts: [shift, ...swappable],
      release: [shift.id, ...swappable.map((s) => s.id)],
      checks: swappable.map((s) => ({ shiftId: s.id, employeeId: me })),
    }),
    summarizeShifts(db, actor.orgId, swappable),
  ]);
  const items: SwapCandidate[] = colleagues.map((c, i) => ({
    employee: { id: c.id, name: c.name },
    position: c.positionName,
    eligible: onMine[i]!.eligible,
    reasons: onMine[i]!.reasons,
    shifts: swappable.flatMap((s, j) =>
      s.employee_id === c.id ? [{ ...summaries.get(s.id)!, ...onTheirs[j]! }] : [],
    ),
  }));
  items.sort(
    (a, b) =>
      Number(b.eligible) - Number(a.eligible) || a.employee.name.localeCompare(b.employee.name),
  );
  return { shift: summary, items };
}

// ── Asking ─────────────────────────────────────────────────────────────────

async function insertSwap(
  trx: Kysely<DB>,
  deps: Deps,
  actor: Actor,
  values: Pick<
    SwapRow,
    'kind' | 'shift_id' | 'site_id' | 'target_employee_id' | 'target_shift_id' | 'note' | 'status'
  >,
): Promise<SwapRow> {
  const now = nowIso(deps);
  const row: SwapRow = {
    id: newId(),
    org_id: actor.orgId,
    created_at: now,
    created_by: actor.userId,
    updated_at: now,
    updated_by: actor.userId,
    requester_employee_id: actor.employeeId!,
    approval_id: null,
    colleague_responded_at: null,
    decided_at: null,
    decided_by: null,
    failure_reason: null,
    ...values,
  };
  await trx.insertInto('shift_swaps').values(row).execute();
  return row;
}

/** Asks a colleague of the site to swap shifts (targetShiftId) or to take my shift. */
export async function createSwap(
  deps: Deps,
  actor: Actor,
  body: z.output<typeof schedulingSelf.createSwapBody>,
): Promise<SwapView> {
  const id = await deps.db.transaction().execute(async (trx) => {
    await lockEmployees(trx, deps, actor.orgId, [actor.employeeId, body.targetEmployeeId]);
    const shift = await ownFutureShift(trx, deps, actor, body.shiftId);
    await assertNoOpenSwap(trx, actor.orgId, shift.id, 'shiftId');
    if (body.targetEmployeeId === actor.employeeId)
      throw invalid('SWAP_WITH_SELF', 'targetEmployeeId', 'must be someone else');
    const target = (await employeeSummaries(trx, actor.orgId, [body.targetEmployeeId])).get(
      body.targetEmployeeId,
    );
    if (!target || target.archived || target.siteId !== shift.site_id)
      throw invalid(
        'NOT_A_COLLEAGUE',
        'targetEmployeeId',
        'must be an active colleague at the shift’s site',
      );
    const targetUser = (await userIdsByEmployee(trx, actor.orgId, [target.id])).get(target.id);
    if (!targetUser)
      throw invalid(
        'COLLEAGUE_WITHOUT_ACCOUNT',
        'targetEmployeeId',
        'has no Keel account to answer the request',
      );
    let targetShift: ShiftRow | null = null;
    if (body.targetShiftId) {
      targetShift = (await loadShift(trx, actor.orgId, body.targetShiftId)) ?? null;
      if (
        !targetShift ||
        targetShift.employee_id !== target.id ||
        targetShift.published_at === null ||
        targetShift.site_id !== shift.site_id
      )
        throw invalid(
          'TARGET_SHIFT_INVALID',
          'targetShiftId',
          'must be a published shift of that colleague at the same site',
        );
      if (targetShift.starts_at <= nowIso(deps))
        throw conflict('SHIFT_STARTED', 'Their shift has already started.', [
          { field: 'targetShiftId', message: 'has already started' },
        ]);
      await assertNoOpenSwap(trx, actor.orgId, targetShift.id, 'targetShiftId');
    }
    await checkLegs(
      trx,
      actor.orgId,
      { shift, targetShift, requesterId: actor.employeeId!, targetId: target.id },
      { target: target.name },
    );
    const row = await insertSwap(trx, deps, actor, {
      kind: targetShift ? 'swap' : 'give_away',
      site_id: shift.site_id,
      shift_id: shift.id,
      target_employee_id: target.id,
      target_shift_id: targetShift?.id ?? null,
      note: body.note ?? null,
      status: 'pending_colleague',
    });
    const title = await swapTitle(trx, row);
    await recordSwapChange(trx, deps, actor, {
      action: 'create',
      before: null,
      after: row,
      label: title,
    });
    await notifySwap(trx, deps, row, {
      recipients: [targetUser],
      actorUserId: actor.userId,
      title: targetShift
        ? `${actor.userName} asks to swap shifts with you`
        : `${actor.userName} asks you to take their shift`,
      body: [title, row.note].filter(Boolean).join('\n'),
    });
    return row.id;
  });
  afterCommit(deps);
  return getSwap(deps, actor, id);
}

/** Gives my shift back to the open pool; it goes straight to the approvers. */
export async function releaseShift(
  deps: Deps,
  actor: Actor,
  shiftId: string,
  note: string | null,
): Promise<SwapView> {
  const id = await deps.db.transaction().execute(async (trx) => {
    await lockEmployees(trx, deps, actor.orgId, [actor.employeeId]);
    const shift = await ownFutureShift(trx, deps, actor, shiftId);
    await assertNoOpenSwap(trx, actor.orgId, shift.id, 'id');
    const row = await insertSwap(trx, deps, actor, {
      kind: 'release',
      site_id: shift.site_id,
      shift_id: shift.id,
      target_employee_id: null,
      target_shift_id: null,
      note,
      status: 'pending_approval',
    });
    const title = await swapTitle(trx, row);
    const approval = await requestApproval(trx, deps, {
      orgId: actor.orgId,
      type: SWAP_APPROVAL,
      entityId: row.id,
      siteId: row.site_id,
      title,
      requestedBy: actor,
    });
    await trx
      .updateTable('shift_swaps')
      .set({ approval_id: approval.id })
      .where('id', '=', row.id)
      .execute();
    await recordSwapChange(trx, deps, actor, {
      action: 'create',
      before: null,
      after: { ...row, approval_id: approval.id },
      label: title,
    });
    return row.id;
  });
  afterCommit(deps);
  return getSwap(deps, actor, id);
}

// ── Answering ──────────────────────────────────────────────────────────────

/** A request the caller may see, locked; 404 otherwise. */
async function visibleForUpdate(trx: Kysely<DB>, deps: Deps, actor: Actor, id: string) {
  const row = await lockSwap(trx, deps, actor.orgId, id);
  if (!row) throw notFound('swap');
  const role = roleOf(actor, row);
  if (!role) throw notFound('swap');
  return { row, role };
}

const notPending = () =>
  conflict('SWAP_NOT_PENDING', 'This request is no longer waiting for that answer.');

/** Whether both shifts are still as they were asked for (published, same holders, not started). */
async function stillValid(trx: Kysely<DB>, deps: Deps, row: SwapRow) {
  const now = nowIso(deps);
  const shift = await loadShift(trx, row.org_id, row.shift_id);
  const targetShift = row.target_shift_id
    ? ((await loadShift(trx, row.org_id, row.target_shift_id)) ?? null)
    : null;
  if (!shift || shift.employee_id !== row.requester_employee_id || shift.published_at === null)
    return { ok: false as const, reason: 'The shift was changed or reassigned since the request.' };
  if (shift.starts_at <= now)
    return { ok: false as const, reason: 'The shift has already started.' };
  if (row.target_shift_id) {
    if (
      !targetShift ||
      targetShift.employee_id !== row.target_employee_id ||
      targetShift.published_at === null
    )
      return {
        ok: false as const,
        reason: 'The colleague’s shift was changed or reassigned since the request.',
      };
    if (targetShift.starts_at <= now)
      return { ok: false as const, reason: 'The colleague’s shift has already started.' };
  }
  return { ok: true as const, shift, targetShift };
}

/** The colleague accepts: checked again, then sent to the approvers of the site. */
export async function acceptSwap(deps: Deps, actor: Actor, id: string): Promise<SwapView> {
  const failure = await deps.db.transaction().execute(async (trx) => {
    const { row, role } = await visibleForUpdate(trx, deps, actor, id);
    if (role !== 'target')
      throw forbidden('NOT_SWAP_COLLEAGUE', 'Only the colleague asked can accept this request.');
    if (row.status !== 'pending_colleague') throw notPending();
    const now = nowIso(deps);
    const title = await swapTitle(trx, row);
    const valid = await stillValid(trx, deps, row);
    let reason: string | null = valid.ok ? null : valid.reason;
    if (valid.ok) {
      try {
        const names = await employeeSummaries(trx, row.org_id, [row.target_employee_id!]);
        await checkLegs(
          trx,
          row.org_id,
          {
            shift: valid.shift,
            targetShift: valid.targetShift,
            requesterId: row.requester_employee_id,
            targetId: row.target_employee_id!,
          },
          { target: names.get(row.target_employee_id!)?.name ?? 'The colleague' },
        );
      } catch (e) {
        if (!(e instanceof KeelError)) throw e;
        reason = e.message;
      }
    }
    const users = await usersOf(trx, row);
    if (reason) {
      const after: SwapRow = {
        ...row,
        status: 'failed',
        failure_reason: reason,
        colleague_responded_at: now,
        decided_at: now,
        updated_at: now,
        updated_by: actor.userId,
      };
      await trx.updateTable('shift_swaps').set(after).where('id', '=', row.id).execute();
      await recordSwapChange(trx, deps, actor, {
        action: 'fail',
        before: row,
        after,
        label: title,
      });
      await notifySwap(trx, deps, after, {
        recipients: [users.requester],
        actorUserId: actor.userId,
        title: `Your shift request to ${actor.userName} could not go ahead`,
        body: reason,
      });
      return reason;
    }
    const requester =
      (users.requester && (await memberActor(trx, users.requester, row.org_id))) || actor;
    const approval = await requestApproval(trx, deps, {
      orgId: row.org_id,
      type: SWAP_APPROVAL,
      entityId: row.id,
      siteId: row.site_id,
      title,
      requestedBy: requester,
    });
    const after: SwapRow = {
      ...row,
      status: 'pending_approval',
      approval_id: approval.id,
      colleague_responded_at: now,
      updated_at: now,
      updated_by: actor.userId,
    };
    await trx.updateTable('shift_swaps').set(after).where('id', '=', row.id).execute();
    await recordSwapChange(trx, deps, actor, {
      action: 'accept',
      before: row,
      after,
      label: title,
    });
    await notifySwap(trx, deps, after, {
      recipients: [users.requester],
      actorUserId: actor.userId,
      title: `${actor.userName} accepted your shift request — waiting for approval`,
      body: title,
    });
    return null;
  });
  afterCommit(deps);
  if (failure)
    throw new KeelError('conflict', 'SWAP_NO_LONGER_VALID', `The request failed: ${failure}`);
  return getSwap(deps, actor, id);
}

/** The colleague declines. */
export async function declineSwap(deps: Deps, actor: Actor, id: string, note: string | null) {
  await deps.db.transaction().execute(async (trx) => {
    const { row, role } = await visibleForUpdate(trx, deps, actor, id);
    if (role !== 'target')
      throw forbidden('NOT_SWAP_COLLEAGUE', 'Only the colleague asked can decline this request.');
    if (row.status !== 'pending_colleague') throw notPending();
    const now = nowIso(deps);
    const after: SwapRow = {
      ...row,
      status: 'declined',
      colleague_responded_at: now,
      decided_at: now,
      decided_by: actor.userId,
      updated_at: now,
      updated_by: actor.userId,
    };
    await trx.updateTable('shift_swaps').set(after).where('id', '=', row.id).execute();
    const title = await swapTitle(trx, row);
    await recordSwapChange(trx, deps, actor, {
      action: 'decline',
      before: row,
      after,
      label: title,
    });
    const users = await usersOf(trx, row);
    await notifySwap(trx, deps, after, {
      recipients: [users.requester, users.target],
      actorUserId: actor.userId,
      title: `${actor.userName} declined your shift request`,
      body: [title, note].filter(Boolean).join('\n'),
    });
  });
  afterCommit(deps);
  return getSwap(deps, actor, id);
}

/** The requester withdraws a request that is not decided yet (a pending approval too). */
export async function cancelSwap(deps: Deps, actor: Actor, id: string) {
  await deps.db.transaction().execute(async (trx) => {
    const { row, role } = await visibleForUpdate(trx, deps, actor, id);
    if (role !== 'requester')
      throw forbidden('NOT_SWAP_REQUESTER', 'Only the person who asked can withdraw this request.');
    if (!OPEN_SWAP_STATUSES.includes(row.status as SwapStatus)) throw notPending();
    if (row.status === 'pending_approval')
      await cancelApprovals(trx, deps, {
        orgId: row.org_id,
        type: SWAP_APPROVAL,
        entityId: row.id,
        actor,
      });
    await withdrawSwapRow(trx, deps, actor, row);
  });
  afterCommit(deps);
  return getSwap(deps, actor, id);
}

/**
 * Ends the open requests touching these shifts (they were deleted, moved or reassigned by a
 * coordinator), in the caller's transaction: marked failed with the reason, a pending approval
 * withdrawn, both people told. For core's shift edits; returns how many ended.
 */
export async function failSwapsOfShifts(
  trx: Kysely<DB>,
  deps: Deps,
  actor: Actor,
  shiftIds: readonly string[],
  reason: string,
): Promise<number> {
  if (shiftIds.length === 0) return 0;
  const ids = [...shiftIds];
  const rows = await trx
    .selectFrom('shift_swaps')
    .selectAll()
    .where('org_id', '=', actor.orgId)
    .where('status', 'in', OPEN_SWAP_STATUSES)
    .where((eb) => eb.or([eb('shift_id', 'in', ids), eb('target_shift_id', 'in', ids)]))
    .execute();
  const now = nowIso(deps);
  for (const row of rows) {
    if (row.status === 'pending_approval')
      await cancelApprovals(trx, deps, {
        orgId: row.org_id,
        type: SWAP_APPROVAL,
        entityId: row.id,
        actor,
      });
    const after: SwapRow = {
      ...row,
      status: 'failed',
      failure_reason: reason,
      decided_at: now,
      decided_by: actor.userId,
      updated_at: now,
      updated_by: actor.userId,
    };
    await trx.updateTable('shift_swaps').set(after).where('id', '=', row.id).execute();
    const title = await swapTitle(trx, row);
    await recordSwapChange(trx, deps, actor, { action: 'fail', before: row, after, label: title });
    const users = await usersOf(trx, row);
    await notifySwap(trx, deps, after, {
      recipients: [users.requester, users.target],
      actorUserId: actor.userId,
      title: 'A shift request was called off because the roster changed',
      body: [title, reason].join('\n'),
    });
  }
  return rows.length;
}

// ── Deciding (the approvals capability calls this in its transaction) ──────

/**
 * Applies an approver's decision. Approve: the shifts must be unchanged and both people still
 * eligible — otherwise this throws 409 (the approvals capability then records no decision, so the
 * approver sees why and can reject instead); then the assignees are exchanged (swap), moved
 * (give-away) or removed (release: the shift becomes open and eligible staff are told). The
 * shifts stay published: an approved swap is itself the published change, audited per shift.
 */
export async function onSwapDecided(ctx: ApprovalDecidedContext): Promise<void> {
  const { db: trx, deps, actor, request, decision } = ctx;
  const row = await lockSwap(trx, deps, request.orgId, request.entityId);
  if (!row) throw notFound('swap');
  if (row.status !== 'pending_approval') throw notPending();
  if (
    actor.employeeId &&
    (actor.employeeId === row.target_employee_id || actor.employeeId === row.requester_employee_id)
  )
    throw forbidden('SWAP_OWN_DECISION', 'You cannot decide a shift request you are part of.');
  const now = nowIso(deps);
  const title = await swapTitle(trx, row);
  const users = await usersOf(trx, row);
  const decided = (status: SwapStatus): SwapRow => ({
    ...row,
    status,
    decided_at: now,
    decided_by: actor.userId,
    updated_at: now,
    updated_by: actor.userId,
  });
  if (decision === 'rejected') {
    const after = decided('rejected');
    await trx.updateTable('shift_swaps').set(after).where('id', '=', row.id).execute();
    await recordSwapChange(trx, deps, actor, {
      action: 'reject',
      before: row,
      after,
      label: title,
    });
    await notifySwap(trx, deps, after, {
      recipients: [users.requester, users.target],
      actorUserId: actor.userId,
      title: `${actor.userName} rejected the shift request`,
      body: [title, ctx.comment].filter(Boolean).join('\n'),
    });
    return;
  }
  const valid = await stillValid(trx, deps, row);
  if (!valid.ok)
    throw conflict('SWAP_NO_LONGER_VALID', `${valid.reason} Reject the request instead.`);
  if (row.kind !== 'release') {
    const names = await employeeSummaries(trx, row.org_id, [row.target_employee_id!]);
    await checkLegs(
      trx,
      row.org_id,
      {
        shift: valid.shift,
        targetShift: valid.targetShift,
        requesterId: row.requester_employee_id,
        targetId: row.target_employee_id!,
      },
      { target: names.get(row.target_employee_id!)?.name ?? 'The colleague' },
    );
  }
  const moves: { shift: ShiftRow; to: string | null }[] = [
    { shift: valid.shift, to: row.kind === 'release' ? null : row.target_employee_id },
    ...(valid.targetShift ? [{ shift: valid.targetShift, to: row.requester_employee_id }] : []),
  ];
  const summaries = await summarizeShifts(
    trx,
    row.org_id,
    moves.map((m) => m.shift),
  );
  for (const m of moves) {
    const res = await trx
      .updateTable('shifts')
      .set({ employee_id: m.to, updated_at: now, updated_by: actor.userId })
      .where('org_id', '=', row.org_id)
      .where('id', '=', m.shift.id)
      .where('employee_id', '=', m.shift.employee_id!)
      .executeTakeFirst();
    if (Number(res.numUpdatedRows) !== 1)
      throw conflict(
        'SWAP_NO_LONGER_VALID',
        'A shift changed meanwhile. Reject the request instead.',
      );
    const s = summaries.get(m.shift.id)!;
    await recordAudit(trx, {
      actor,
      orgId: row.org_id,
      action: row.kind === 'release' ? 'release' : 'swap',
      entityType: 'shift',
      entityId: m.shift.id,
      entityLabel: `${shiftLabel(s)}, ${formatShift(m.shift, s.timeZone)}`,
      before: { employeeId: m.shift.employee_id },
      after: { employeeId: m.to, swapId: row.id },
      at: now,
    });
    await deps.events.record(trx, {
      orgId: row.org_id,
      type: 'shift.updated',
      entityType: 'shift',
      entityId: m.shift.id,
      siteId: row.site_id,
      permission: 'scheduling.read',
      topics: TOPICS,
      actorUserId: actor.userId,
      data: { swapId: row.id },
    });
  }
  const after = decided('approved');
  await trx.updateTable('shift_swaps').set(after).where('id', '=', row.id).execute();
  await recordSwapChange(trx, deps, actor, { action: 'approve', before: row, after, label: title });
  await notifySwap(trx, deps, after, {
    recipients: [users.requester, users.target],
    actorUserId: actor.userId,
    title:
      row.kind === 'release'
        ? `${actor.userName} approved giving up your shift — it is now open`
        : `${actor.userName} approved the shift ${row.kind === 'swap' ? 'swap' : 'hand-over'}`,
    body: [title, ctx.comment].filter(Boolean).join('\n'),
  });
  if (row.kind === 'release')
    await notifyOpenShifts(trx, deps, actor, [row.shift_id], {
      exceptEmployeeIds: [row.requester_employee_id],
    });
}

// ── Entity kind (approvals inbox, history) ─────────────────────────────────

const KIND_WORDS: Record<SwapKind, string> = {
  swap: 'Shift swap',
  give_away: 'Shift hand-over',
  release: 'Shift release',
};

/** For the entity registry: "Shift swap request by Ann Lee" (the approval title has the details). */
export async function describeSwaps(deps: Deps, actor: Actor, ids: string[]) {
  const out = new Map<string, EntityRef>();
  if (ids.length === 0) return out;
  const rows = await deps.db
    .selectFrom('shift_swaps')
    .selectAll()
    .where('org_id', '=', actor.orgId)
    .where('id', 'in', ids)
    .execute();
  const people = await employeeSummaries(
    deps.db,
    actor.orgId,
    rows.map((r) => r.requester_employee_id),
  );
  for (const r of rows) {
    if (!roleOf(actor, r)) continue;
    out.set(r.id, {
      entityType: SWAP_ENTITY,
      id: r.id,
      label: `${KIND_WORDS[r.kind as SwapKind]} request by ${people.get(r.requester_employee_id)?.name ?? 'a former employee'}`,
      href: SWAPS_HREF,
      siteId: r.site_id,
    });
  }
  return out;
}

export async function canReadSwap(deps: Deps, actor: Actor, id: string) {
  const row = await deps.db
    .selectFrom('shift_swaps')
    .selectAll()
    .where('org_id', '=', actor.orgId)
    .where('id', '=', id)
    .executeTakeFirst();
  return !!row && !!roleOf(actor, row);
}

export async function swapParticipants(deps: Deps, orgId: string, id: string) {
  const row = await deps.db
    .selectFrom('shift_swaps')
    .selectAll()
    .where('org_id', '=', orgId)
    .where('id', '=', id)
    .executeTakeFirst();
  if (!row) return [];
  const users = await usersOf(deps.db, row);
  return [users.requester, users.target].filter((u): u is string => !!u);
}

export { getSwap };

/**
 * The requester withdrew the swap's approval from the approvals inbox: the request is cancelled in
 * that transaction and the colleague told, as when it is withdrawn from My shifts.
 */
export async function onSwapWithdrawn(ctx: Omit<ApprovalDecidedContext, 'decision'>) {
  const { db: trx, deps, actor, request } = ctx;
  const row = await trx
    .selectFrom('shift_swaps')
    .selectAll()
    .where('org_id', '=', request.orgId)
    .where('id', '=', request.entityId)
    .executeTakeFirst();
  if (row?.status !== 'pending_approval') return;
  await withdrawSwapRow(trx, deps, actor, row);
}

/** The requester withdrew: the request is cancelled, audited, and the colleague told. */
async function withdrawSwapRow(trx: Kysely<DB>, deps: Deps, actor: Actor, row: SwapRow) {
  const now = nowIso(deps);
  const after: SwapRow = {
    ...row,
    status: 'cancelled',
    decided_at: now,
    decided_by: actor.userId,
    updated_at: now,
    updated_by: actor.userId,
  };
  await trx.updateTable('shift_swaps').set(after).where('id', '=', row.id).execute();
  const title = await swapTitle(trx, row);
  await recordSwapChange(trx, deps, actor, { action: 'cancel', before: row, after, label: title });
  const users = await usersOf(trx, row);
  await notifySwap(trx, deps, after, {
    recipients: [users.target],
    actorUserId: actor.userId,
    title: `${actor.userName} withdrew their shift request`,
    body: title,
  });
}
