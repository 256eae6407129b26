import * as rruleModule from 'rrule';

/**
 * The `rrule` package ships CommonJS for Node and ESM for bundlers without an `exports` map, so
 * a named import works under Vite/Vitest but not under plain Node. Import RRULE helpers from here.
 */
type RRuleModule = typeof rruleModule;
const mod: RRuleModule =
  'RRule' in rruleModule && rruleModule.RRule
    ? rruleModule
    : (rruleModule as unknown as { default: RRuleModule }).default;

export const { RRule, RRuleSet, rrulestr, Frequency, Weekday } = mod;
export type { Options as RRuleOptions } from 'rrule';
export type RRule = import('rrule').RRule;
export type RRuleSet = import('rrule').RRuleSet;
export type Weekday = import('rrule').Weekday;
