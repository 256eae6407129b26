/** qualification: the shift's position requires qualifications the person lacks or let expire. */

import { personName, shiftLabel } from '../messages.js';
import type { Finding, LocalDate } from '../model.js';
import type { Prepared, PShift } from '../prepared.js';
import { finding } from './finding.js';

/** Lower-cased qualification name → last valid date (null = does not expire). */
function heldQualifications(pr: Prepared, employeeId: string): Map<string, LocalDate | null> {
  const held = new Map<string, LocalDate | null>();
  for (const q of pr.employees.get(employeeId)?.qualifications ?? []) {
    const key = q.name.trim().toLowerCase();
    const prev = held.get(key);
    if (prev === null) continue;
    if (prev === undefined || q.validUntil === null || q.validUntil > prev) {
      held.set(key, q.validUntil);
    }
  }
  return held;
}

export function qualificationRule(
  pr: Prepared,
  employeeId: string,
  shifts: readonly PShift[],
  out: Finding[],
): void {
  let held: Map<string, LocalDate | null> | null = null;
  for (const s of shifts) {
    if (s.context || s.shift.positionId === null) continue;
    const position = pr.positions.get(s.shift.positionId);
    if (!position || position.requires.length === 0) continue;
    held ??= heldQualifications(pr, employeeId);
    for (const required of position.requires) {
      const until = held.get(required.trim().toLowerCase());
      if (until === null || (until !== undefined && until >= s.shift.date)) continue;
      const name = personName(pr, employeeId);
      out.push(
        until === undefined
          ? finding(
              'qualification',
              [employeeId],
              [s],
              s.shift.date,
              `${name} does not have ${required}, which ${position.name} requires, for ${shiftLabel(pr, s)}.`,
              {
                qualification: required,
                status: 'missing',
                validUntil: null,
                positionId: position.id,
              },
            )
          : finding(
              'qualification',
              [employeeId],
              [s],
              s.shift.date,
              `${name}'s ${required}, which ${position.name} requires, expired after ${until}, before ${shiftLabel(pr, s)}.`,
              {
                qualification: required,
                status: 'expired',
                validUntil: until,
                positionId: position.id,
              },
            ),
      );
    }
  }
}
