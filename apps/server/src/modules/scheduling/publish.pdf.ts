import pdfmake from 'pdfmake';
import type { Content, TableCell, TDocumentDefinitions } from 'pdfmake/interfaces.js';
import type { Actor } from '../../platform/auth/actor.js';
import type { Deps } from '../../platform/deps.js';
import { employeeSummaries } from '../people/index.js';
import { addDays, daysBetween } from './coverage.service.js';
import { periodLabel } from './publish.service.js';
import { checkPeriod } from './roster.service.js';
import { shiftTypeLabels } from './shift.read.js';
import { visibleSite } from './shift-type.service.js';
import './scheduling.tables.js';

// The 14 standard PDF fonts need no font files; Helvetica covers the Latin text of a roster.
pdfmake.setFonts({
  Helvetica: {
    normal: 'Helvetica',
    bold: 'Helvetica-Bold',
    italics: 'Helvetica-Oblique',
    bolditalics: 'Helvetica-BoldOblique',
  },
});
// Nothing in a roster document refers to files or URLs: refuse any but the built-in fonts.
const STANDARD_FONTS = new Set([
  'Helvetica',
  'Helvetica-Bold',
  'Helvetica-Oblique',
  'Helvetica-BoldOblique',
]);
pdfmake.setLocalAccessPolicy((path) => STANDARD_FONTS.has(path));
pdfmake.setUrlAccessPolicy(() => false);

const dayHead = (date: string) =>
  new Date(`${date}T00:00:00Z`).toLocaleDateString('en-GB', {
    timeZone: 'UTC',
    weekday: 'short',
    day: 'numeric',
    month: 'short',
  });

/**
 * The published roster of a site and period as a landscape PDF: one row per person, one column
 * per day, each cell the shift codes and times; site, period and the latest version in the header.
 * Drafts never appear.
 */
export async function rosterPdf(
  deps: Deps,
  actor: Actor,
  query: { siteId: string; from: string; to: string },
): Promise<Buffer> {
  const db = deps.db;
  const site = await visibleSite(db, actor, query.siteId);
  checkPeriod(query.from, query.to);
  const [shifts, pub] = await Promise.all([
    db
      .selectFrom('shifts')
      .select(['employee_id', 'date', 'start_time', 'end_time', 'shift_type_id'])
      .where('org_id', '=', actor.orgId)
      .where('site_id', '=', query.siteId)
      .where('date', '>=', query.from)
      .where('date', '<=', query.to)
      .where('published_at', 'is not', null)
      .orderBy('starts_at')
      .execute(),
    db
      .selectFrom('roster_publications')
      .select(['version', 'created_at'])
      .where('org_id', '=', actor.orgId)
      .where('site_id', '=', query.siteId)
      .where('period_from', '<=', query.to)
      .where('period_to', '>=', query.from)
      .orderBy('created_at', 'desc')
      .orderBy('version', 'desc')
      .limit(1)
      .executeTakeFirst(),
  ]);
  const [people, types] = await Promise.all([
    employeeSummaries(
      db,
      actor.orgId,
      shifts.flatMap((s) => (s.employee_id ? [s.employee_id] : [])),
    ),
    shiftTypeLabels(
      db,
      actor.orgId,
      shifts.flatMap((s) => (s.shift_type_id ? [s.shift_type_id] : [])),
    ),
  ]);

  const days = Array.from({ length: daysBetween(query.from, query.to) + 1 }, (_, i) =>
    addDays(query.from, i),
  );
  const OPEN = '';
  const cells = new Map<string, Map<string, string[]>>();
  for (const s of shifts) {
    const who = s.employee_id ?? OPEN;
    let row = cells.get(who);
    if (!row) {
      row = new Map();
      cells.set(who, row);
    }
    const t = s.shift_type_id ? types.get(s.shift_type_id) : undefined;
    const list = row.get(s.date) ?? [];
    list.push(`${t ? `${t.code} ` : ''}${s.start_time}–${s.end_time}`);
    row.set(s.date, list);
  }
  const rowIds = [...cells.keys()]
    .filter((id) => id !== OPEN)
    .sort((a, b) => (people.get(a)?.name ?? '').localeCompare(people.get(b)?.name ?? '', 'en'));
  if (cells.has(OPEN)) rowIds.push(OPEN);

  const header: TableCell[] = [
    { text: 'Person', style: 'head' },
    ...days.map((d) => ({ text: dayHead(d), style: 'head' })),
  ];
  const body: TableCell[][] = [header];
  for (const id of rowIds) {
    const row = cells.get(id)!;
    body.push([
      { text: id === OPEN ? 'Open shifts' : (people.get(id)?.name ?? '—'), bold: true },
      ...days.map((d) => ({ text: (row.get(d) ?? []).join('\n') })),
    ]);
  }
  if (rowIds.length === 0)
    body.push([
      { text: 'No published shifts in this period.', colSpan: days.length + 1, italics: true },
      ...days.map(() => ({ text: '' })),
    ]);

  const version = pub ? `Version ${pub.version}` : 'Not published yet';
  const content: Content[] = [
    { text: `${site.name} — roster ${periodLabel(query.from, query.to)}`, style: 'title' },
    {
      text: `${query.from} to ${query.to} · ${version} · times in ${site.timeZone}`,
      style: 'sub',
    },
    {
      table: {
        headerRows: 1,
        widths: ['auto', ...days.map(() => '*')],
        body,
      },
      layout: 'lightHorizontalLines',
    },
  ];
  const doc: TDocumentDefinitions = {
    pageSize: 'A4',
    pageOrientation: 'landscape',
    pageMargins: [24, 28, 24, 28],
    info: { title: `${site.name} roster ${query.from}–${query.to}` },
    defaultStyle: { font: 'Helvetica', fontSize: days.length > 14 ? 6 : 8 },
    styles: {
      title: { fontSize: 14, bold: true },
      sub: { fontSize: 9, color: '#555555', margin: [0, 2, 0, 8] },
      head: { bold: true, fillColor: '#eeeeee' },
    },
    footer: (page: number, pages: number) => ({
      text: `${site.name} · ${version} · page ${page} of ${pages}`,
      alignment: 'right',
      fontSize: 7,
      margin: [0, 8, 24, 0],
    }),
    content,
  };
  return pdfmake.createPdf(doc).getBuffer();
}
