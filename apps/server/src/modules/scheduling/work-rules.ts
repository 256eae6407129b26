import type { WorkRules } from '@keel/scheduling-rules';

/**
 * Built-in work rules, used for every field no rule set or override gives. They follow the EU
 * Working Time Directive where it is stricter and US plant practice otherwise:
 * - at most 48 paid hours a week (EU WTD art. 6),
 * - at least 11 hours' rest between shifts (EU WTD art. 3),
 * - at most 6 consecutive working days (one rest day a week, EU WTD art. 5),
 * - days off come at least 2 at a time,
 * - overtime after 40 paid hours a week at time and a half (US FLSA), no daily overtime,
 * - no split shifts (two shifts on one date); no minimum/maximum shift counts, weekends or
 *   shift-type limits.
 */
export const BUILTIN_WORK_RULES: WorkRules = {
  maxMinutesPerWeek: 48 * 60,
  minShiftsPerPeriod: null,
  maxShiftsPerPeriod: null,
  maxConsecutiveDays: 6,
  minConsecutiveDaysOff: 2,
  minRestMinutes: 11 * 60,
  maxWeekendsPerPeriod: null,
  maxShiftsOfType: [],
  overtimeAfterMinutesPerWeek: 40 * 60,
  overtimeAfterMinutesPerDay: null,
  overtimeMultiplier: 1.5,
  allowSplitShifts: false,
};

export const WORK_RULE_FIELDS = Object.keys(BUILTIN_WORK_RULES) as (keyof WorkRules)[];

/** Reads a stored rules JSON, keeping only known fields of the right shape. */
export function parseRules(json: string | null | undefined): Partial<WorkRules> {
  if (!json) return {};
  let v: unknown;
  try {
    v = JSON.parse(json);
  } catch {
    return {};
  }
  if (!v || typeof v !== 'object') return {};
  const src = v as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const key of WORK_RULE_FIELDS) {
    if (!(key in src)) continue;
    const value = src[key];
    if (key === 'maxShiftsOfType') {
      if (Array.isArray(value)) out[key] = value;
    } else if (key === 'allowSplitShifts') {
      if (typeof value === 'boolean') out[key] = value;
    } else if (key === 'overtimeMultiplier') {
      if (typeof value === 'number') out[key] = value;
    } else if (value === null || typeof value === 'number') {
      out[key] = value;
    }
  }
  return out as Partial<WorkRules>;
}

/**
 * The rules that apply: each field from the first layer that has it (employee override ▸ the
 * set of their contract type ▸ the organization default set), else the built-in value.
 */
export function resolveWorkRules(...layers: (Partial<WorkRules> | null | undefined)[]): WorkRules {
  const out: Record<string, unknown> = {};
  for (const key of WORK_RULE_FIELDS) {
    const layer = layers.find((l) => l && key in l && l[key] !== undefined);
    out[key] = layer ? layer[key] : BUILTIN_WORK_RULES[key];
  }
  const rules = out as unknown as WorkRules;
  return { ...rules, maxShiftsOfType: rules.maxShiftsOfType.map((m) => ({ ...m })) };
}
