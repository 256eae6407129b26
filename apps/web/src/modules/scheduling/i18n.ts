import { attendanceEn } from './attendance/i18n';
import { peopleEn } from './people/i18n';
import { rosterEn } from './roster/i18n';
import { selfEn } from './self/i18n';
import { setupEn } from './setup/i18n';

/** UI text of the scheduling module (English), one block per area: `t('scheduling.<area>.…')`. */
export const schedulingEn = {
  roster: rosterEn,
  setup: setupEn,
  people: peopleEn,
  self: selfEn,
  attendance: attendanceEn,
} as const;
