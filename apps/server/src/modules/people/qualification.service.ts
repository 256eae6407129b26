import type { Qualification, schedulingPeople } from '@keel/contracts';
import type { Kysely } from 'kysely';
import type { z } from 'zod';
import { recordAudit } from '../../platform/audit/audit.service.js';
import type { Actor } from '../../platform/auth/actor.js';
import { newId } from '../../platform/clock.js';
import { isUniqueViolation } from '../../platform/db/errors.js';
import type { DB } from '../../platform/db/types.js';
import type { Deps } from '../../platform/deps.js';
import { conflict, invalid, notFound } from '../../platform/errors.js';
import { afterCommit } from '../../platform/events/event-bus.js';
import { employeeQuery } from './employee.service.js';
import './people.tables.js';

// Qualifications: dated certifications of an employee (forklift licence, first aid…), beside
// their plain skills. Scheduling checks a position's required skills against both.

type QualRow = DB['employee_qualifications'];

const EXPIRING_DAYS = 30;

function statusOf(expiresOn: string | null, today: string): Qualification['status'] {
  if (!expiresOn) return 'valid';
  if (expiresOn < today) return 'expired';
  const soon = new Date(Date.parse(`${today}T00:00:00Z`) + EXPIRING_DAYS * 86_400_000)
    .toISOString()
    .slice(0, 10);
  return expiresOn <= soon ? 'expiring' : 'valid';
}

const toQualification = (r: QualRow, today: string): Qualification => ({
  id: r.id,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
  employeeId: r.employee_id,
  name: r.name,
  issuedOn: r.issued_on,
  expiresOn: r.expires_on,
  note: r.note,
  status: statusOf(r.expires_on, today),
});
const snapshot = (r: QualRow) => ({
  employeeId: r.employee_id,
  name: r.name,
  issuedOn: r.issued_on,
  expiresOn: r.expires_on,
  note: r.note,
});

const today = (deps: Deps) => deps.clock.now().toISOString().slice(0, 10);

/** The employee, if the actor may see them (organization and site access). */
async function visibleEmployee(db: Kysely<DB>, actor: Actor, id: string) {
  const row = await employeeQuery(db, actor).where('e.id', '=', id).executeTakeFirst();
  if (!row) throw notFound('employee');
  return row;
}

const taken = (err: unknown): never => {
  if (isUniqueViolation(err))
    throw conflict('QUALIFICATION_EXISTS', 'This employee already has this qualification.', [
      { field: 'name', message: 'is already recorded for this employee' },
    ]);
  throw err;
};

async function announce(
  trx: Kysely<DB>,
  deps: Deps,
  actor: Actor,
  type: string,
  employee: { id: string; site_id: string | null },
) {
  await deps.events.record(trx, {
    orgId: actor.orgId,
    type,
    entityType: 'employee',
    entityId: employee.id,
    permission: 'people.read',
    siteId: employee.site_id,
    topics: ['people', 'scheduling'],
    actorUserId: actor.userId,
  });
}

export async function listQualifications(deps: Deps, actor: Actor, employeeId: string) {
  const e = await visibleEmployee(deps.db, actor, employeeId);
  const rows = await deps.db
    .selectFrom('employee_qualifications')
    .selectAll()
    .where('org_id', '=', actor.orgId)
    .where('employee_id', '=', employeeId)
    .orderBy('name_key')
    .execute();
  let skills: string[] = [];
  try {
    const v: unknown = JSON.parse(e.skills);
    if (Array.isArray(v)) skills = v.filter((x): x is string => typeof x === 'string');
  } catch {
    skills = [];
  }
  const t = today(deps);
  return { items: rows.map((r) => toQualification(r, t)), skills };
}

export async function addQualification(
  deps: Deps,
  actor: Actor,
  employeeId: string,
  input: z.output<typeof schedulingPeople.createQualificationBody>,
) {
  const at = deps.clock.now().toISOString();
  const e = await visibleEmployee(deps.db, actor, employeeId);
  const row: QualRow = {
    id: newId(),
    org_id: actor.orgId,
    created_at: at,
    created_by: actor.userId,
    updated_at: at,
    updated_by: actor.userId,
    employee_id: employeeId,
    name: input.name,
    name_key: input.name.toLowerCase(),
    issued_on: input.issuedOn ?? null,
    expires_on: input.expiresOn ?? null,
    note: input.note ?? null,
  };
  await deps.db
    .transaction()
    .execute(async (trx) => {
      await trx.insertInto('employee_qualifications').values(row).execute();
      await recordAudit(trx, {
        actor,
        orgId: actor.orgId,
        action: 'create',
        entityType: 'employee_qualification',
        entityId: row.id,
        entityLabel: `${e.first_name} ${e.last_name}: ${row.name}`,
        after: snapshot(row),
        at,
      });
      await announce(trx, deps, actor, 'employee.qualification_added', e);
    })
    .catch(taken);
  afterCommit(deps);
  return toQualification(row, today(deps));
}

async function loadQualification(db: Kysely<DB>, actor: Actor, id: string) {
  const row = await db
    .selectFrom('employee_qualifications')
    .selectAll()
    .where('org_id', '=', actor.orgId)
    .where('id', '=', id)
    .executeTakeFirst();
  if (!row) throw notFound('qualification');
  const e = await employeeQuery(db, actor).where('e.id', '=', row.employee_id).executeTakeFirst();
  if (!e) throw notFound('qualification');
  return { row, e };
}

export async function updateQualification(
  deps: Deps,
  actor: Actor,
  id: string,
  input: z.output<typeof schedulingPeople.updateQualificationBody>,
) {
  const at = deps.clock.now().toISOString();
  const after = await deps.db
    .transaction()
    .execute(async (trx) => {
      const { row: before, e } = await loadQualification(trx, actor, id);
      const name = input.name ?? before.name;
      const after: QualRow = {
        ...before,
        name,
        name_key: name.toLowerCase(),
        issued_on: input.issuedOn === undefined ? before.issued_on : input.issuedOn,
        expires_on: input.expiresOn === undefined ? before.expires_on : input.expiresOn,
        note: input.note === undefined ? before.note : input.note,
        updated_at: at,
        updated_by: actor.userId,
      };
      if (after.issued_on && after.expires_on && after.expires_on < after.issued_on)
        throw invalid('QUALIFICATION_DATES', 'expiresOn', 'must not be before issuedOn');
      await trx.updateTable('employee_qualifications').set(after).where('id', '=', id).execute();
      await recordAudit(trx, {
        actor,
        orgId: actor.orgId,
        action: 'update',
        entityType: 'employee_qualification',
        entityId: id,
        entityLabel: `${e.first_name} ${e.last_name}: ${after.name}`,
        before: snapshot(before),
        after: snapshot(after),
        at,
      });
      await announce(trx, deps, actor, 'employee.qualification_updated', e);
      return after;
    })
    .catch(taken);
  afterCommit(deps);
  return toQualification(after, today(deps));
}

export async function deleteQualification(deps: Deps, actor: Actor, id: string) {
  const at = deps.clock.now().toISOString();
  await deps.db.transaction().execute(async (trx) => {
    const { row, e } = await loadQualification(trx, actor, id);
    await trx.deleteFrom('employee_qualifications').where('id', '=', id).execute();
    await recordAudit(trx, {
      actor,
      orgId: actor.orgId,
      action: 'delete',
      entityType: 'employee_qualification',
      entityId: id,
      entityLabel: `${e.first_name} ${e.last_name}: ${row.name}`,
      before: snapshot(row),
      at,
    });
    await announce(trx, deps, actor, 'employee.qualification_removed', e);
  });
  afterCommit(deps);
  return { ok: true as const };
}
