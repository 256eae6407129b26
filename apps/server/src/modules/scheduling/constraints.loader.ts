import type {
  AvailabilityWindow,
  Qualification,
  RosterEmployee,
  ShiftPreference,
  TimeOffBlock,
  WorkRules,
} from '@keel/scheduling-rules';
import type { Kysely } from 'kysely';
import type { DB } from '../../platform/db/types.js';
import { toBool } from '../../platform/db/types.js';
import { qualificationsOf, schedulingProfiles, siteSummaries } from '../people/index.js';
import './constraints.tables.js';
import {
  addDays,
  datesBetween,
  intervalInstants,
  isoWeekday,
  localInstant,
  WEEKDAY_SHORT,
} from './constraints.time.js';
import { parseRules, resolveWorkRules } from './work-rules.js';

/** What the rule engine needs to know about people, for a set of employees and local dates. */
export interface ConstraintData {
  /** one per requested employee that exists in the organization, in the requested order */
  employees: RosterEmployee[];
  availability: AvailabilityWindow[];
  timeOff: TimeOffBlock[];
  preferences: ShiftPreference[];
}

export interface ConstraintQuery {
  orgId: string;
  employeeIds: readonly string[];
  /** first and last local date (inclusive) in `timeZone`; windows are expanded over them */
  from: string;
  to: string;
  timeZone: string;
  /** false → hourlyRateMinor is null for everyone (caller may not see pay) */
  includePay: boolean;
}

/** Hourly rate in minor units: hourly pay as is; a yearly salary over 52 contract weeks (40 h default). */
export function hourlyRate(
  pay: { type: string; amountMinor: number } | null,
  contractHoursPerWeek: number | null,
): number | null {
  if (!pay) return null;
  if (pay.type === 'hourly') return pay.amountMinor;
  const hours = contractHoursPerWeek && contractHoursPerWeek > 0 ? contractHoursPerWeek : 40;
  return Math.round(pay.amountMinor / (52 * hours));
}

/**
 * Skills (no expiry) and dated certifications, one per name (compared case-insensitively). A
 * certification of the same name as a skill wins: once its expiry is recorded, it counts.
 */
export function mergeQualifications(
  skills: readonly string[],
  certs: readonly { name: string; expiresOn: string | null }[],
): Qualification[] {
  const byKey = new Map<string, Qualification>();
  for (const s of skills) {
    const name = s.trim();
    if (name) byKey.set(name.toLowerCase(), { name, validUntil: null });
  }
  for (const c of certs) {
    const name = c.name.trim();
    if (name) byKey.set(name.toLowerCase(), { name, validUntil: c.expiresOn });
  }
  return [...byKey.values()];
}

const kindLabel = (kind: string) => (kind === 'prefer' ? 'Prefers' : 'Unavailable');
const withNote = (label: string, note: string | null) => (note ? `${label} (${note})` : label);

/**
 * Work rules (employee's own, else their contract type's, else the organization default), valid
 * qualifications (people skills + certifications with expiry), hourly rate, availability windows
 * and exceptions expanded to instants, approved time off, and shift preferences.
 *
 * Availability is expanded over [from − 1, to + 1] in `timeZone` (so a night shift at the edges
 * is checked too); a dated exception replaces that date's weekly windows. Approved time off uses
 * the employee's own site zone (falling back to `timeZone`). Pending requests are not constraints.
 */
export async function loadConstraints(
  db: Kysely<DB>,
  query: ConstraintQuery,
): Promise<ConstraintData> {
  const { orgId, from, to, timeZone } = query;
  const ids = [...new Set(query.employeeIds)];
  if (ids.length === 0) return { employees: [], availability: [], timeOff: [], preferences: [] };
  const profiles = await schedulingProfiles(db, orgId, ids);
  const known = ids.filter((id) => profiles.has(id));
  if (known.length === 0) return { employees: [], availability: [], timeOff: [], preferences: [] };
  const lo = addDays(from, -1);
  const hi = addDays(to, 1);

  const [certs, sets, overrides, windows, exceptions, timeOff, prefs] = await Promise.all([
    qualificationsOf(db, orgId, known),
    db
      .selectFrom('work_rule_sets')
      .select(['employment_type', 'is_default', 'rules'])
      .where('org_id', '=', orgId)
      .execute(),
    db
      .selectFrom('employee_work_rules')
      .select(['employee_id', 'rules'])
      .where('org_id', '=', orgId)
      .where('employee_id', 'in', known)
      .execute(),
    db
      .selectFrom('availability_windows')
      .selectAll()
      .where('org_id', '=', orgId)
      .where('employee_id', 'in', known)
      .orderBy('weekday')
      .orderBy('start_time')
      .execute(),
    db
      .selectFrom('availability_exceptions')
      .selectAll()
      .where('org_id', '=', orgId)
      .where('employee_id', 'in', known)
      .where('date', '>=', lo)
      .where('date', '<=', hi)
      .orderBy('date')
      .orderBy('start_time')
      .execute(),
    db
      .selectFrom('time_off_requests as r')
      .innerJoin('time_off_types as t', 't.id', 'r.type_id')
      .select([
        'r.employee_id',
        'r.start_date',
        'r.end_date',
        'r.all_day',
        'r.start_time',
        'r.end_time',
        't.name as type_name',
      ])
      .where('r.org_id', '=', orgId)
      .where('r.employee_id', 'in', known)
      .where('r.status', '=', 'approved')
      .where('r.start_date', '<=', hi)
      .where('r.end_date', '>=', lo)
      .orderBy('r.start_date')
      .execute(),
    db
      .selectFrom('shift_preferences')
      .selectAll()
      .where('org_id', '=', orgId)
      .where('employee_id', 'in', known)
      .where((eb) =>
        eb.or([eb('date', 'is', null), eb.and([eb('date', '>=', from), eb('date', '<=', to)])]),
      )
      .execute(),
  ]);

  // ── people: rules, qualifications, pay ─────────────────────────────────────────────────
  const defaultSet = sets.find((s) => toBool(s.is_default));
  const typeSets = new Map(
    sets.filter((s) => s.employment_type !== null).map((s) => [s.employment_type, s]),
  );
  const overrideOf = new Map(overrides.map((o) => [o.employee_id, parseRules(o.rules)]));
  const certsOf = new Map<string, { name: string; expiresOn: string | null }[]>();
  for (const c of certs) {
    // a certification issued after the period does not count in it
    if (c.issuedOn && c.issuedOn > to) continue;
    const list = certsOf.get(c.employeeId) ?? [];
    list.push(c);
    certsOf.set(c.employeeId, list);
  }
  const employees: RosterEmployee[] = known.map((id) => {
    const p = profiles.get(id)!;
    const rules: WorkRules = resolveWorkRules(
      overrideOf.get(id),
      parseRules(typeSets.get(p.employmentType)?.rules),
      parseRules(defaultSet?.rules),
    );
    return {
      id,
      name: p.name,
      qualifications: mergeQualifications(p.skills, certsOf.get(id) ?? []),
      rules,
      hourlyRateMinor: query.includePay ? hourlyRate(p.pay, p.contractHoursPerWeek) : null,
    };
  });

  // ── availability: weekly windows, replaced per date by that date's exceptions ─────────
  const availability: AvailabilityWindow[] = [];
  const exceptionDates = new Set(exceptions.map((e) => `${e.employee_id}|${e.date}`));
  const dates = datesBetween(lo, hi);
  for (const id of known) {
    for (const date of dates) {
      if (exceptionDates.has(`${id}|${date}`)) {
        for (const e of exceptions) {
          if (e.employee_id !== id || e.date !== date || e.kind === 'available') continue;
          const whole = e.start_time === null || e.end_time === null;
          const span = whole
            ? {
                start: localInstant(date, '00:00', timeZone),
                end: localInstant(addDays(date, 1), '00:00', timeZone),
              }
            : intervalInstants(date, e.start_time!, e.end_time!, timeZone);
          const when = whole ? 'all day' : `${e.start_time}–${e.end_time}`;
          availability.push({
            employeeId: id,
            kind: e.kind === 'prefer' ? 'prefer' : 'unavailable',
            ...span,
            label: withNote(`${kindLabel(e.kind)} ${date} ${when}`, e.note),
          });
        }
        continue;
      }
      const wd = isoWeekday(date);
      for (const w of windows) {
        if (w.employee_id !== id || w.weekday !== wd) continue;
        if (w.valid_from && date < w.valid_from) continue;
        if (w.valid_until && date > w.valid_until) continue;
        availability.push({
          employeeId: id,
          kind: w.kind === 'prefer' ? 'prefer' : 'unavailable',
          ...intervalInstants(date, w.start_time, w.end_time, timeZone),
          label: withNote(
            `${kindLabel(w.kind)} ${WEEKDAY_SHORT[wd - 1]} ${w.start_time}–${w.end_time}`,
            w.note,
          ),
        });
      }
    }
  }

  // ── approved time off, in the employee's own site zone ────────────────────────────────
  const sites = await siteSummaries(
    db,
    orgId,
    [...profiles.values()].map((p) => p.siteId).filter((s): s is string => s !== null),
  );
  const zoneOf = (id: string) => {
    const siteId = profiles.get(id)?.siteId;
    return (siteId && sites.get(siteId)?.timeZone) || timeZone;
  };
  const timeOffBlocks: TimeOffBlock[] = timeOff.map((r) => {
    const tz = zoneOf(r.employee_id);
    const span =
      toBool(r.all_day) || !r.start_time || !r.end_time
        ? {
            start: localInstant(r.start_date, '00:00', tz),
            end: localInstant(addDays(r.end_date, 1), '00:00', tz),
          }
        : intervalInstants(r.start_date, r.start_time, r.end_time, tz);
    const dates = r.start_date === r.end_date ? r.start_date : `${r.start_date} – ${r.end_date}`;
    return { employeeId: r.employee_id, ...span, label: `${r.type_name} ${dates}` };
  });

  // ── preferences expanded to dates ──────────────────────────────────────────────────────
  const preferences: ShiftPreference[] = [];
  const periodDates = datesBetween(from, to);
  for (const p of prefs) {
    const kind = p.kind === 'avoid' ? 'avoid' : 'want';
    const targets =
      p.date !== null
        ? [p.date]
        : p.weekday !== null
          ? periodDates.filter((d) => isoWeekday(d) === p.weekday)
          : [];
    for (const date of targets) {
      preferences.push({
        employeeId: p.employee_id,
        date,
        shiftTypeId: p.shift_type_id,
        kind,
        weight: p.weight,
      });
    }
  }
  preferences.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));

  return { employees, availability, timeOff: timeOffBlocks, preferences };
}
