import { collab } from '@keel/contracts';
import sharp from 'sharp';
import { uploadAttachment } from '../modules/collab/attachment.service.js';
import { createComment } from '../modules/collab/comment.service.js';
import type { Deps } from '../platform/deps.js';
import type { DemoContext } from './context.js';

const pdf = (title: string) =>
  Buffer.from(
    `%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 612 792]/Contents 4 0 R/Resources<</Font<</F1 5 0 R>>>>>>endobj\n4 0 obj<</Length 60>>stream\nBT /F1 18 Tf 72 720 Td (${title.replace(/[()\\]/g, '')}) Tj ET\nendstream endobj\n5 0 obj<</Type/Font/Subtype/Type1/BaseFont/Helvetica>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n`,
  );

/**
 * A few realistic threads on employee records, written through the collab services as the
 * demo users: comments with mentions, a certificate PDF, a training log and a badge photo.
 */
export async function seedCollab(deps: Deps, demo: DemoContext): Promise<void> {
  const { actors, employeeId } = demo;
  const luis = employeeId.staff;
  const priya = employeeId.coord;
  if (!luis || !priya) return;
  const employee = (id: string) => ({ entityType: 'employee', entityId: id });
  const mention = (actor: keyof DemoContext['actors']) =>
    collab.mentionToken(actors[actor].userName, actors[actor].userId);

  await createComment(deps, actors.coordinator, employee(luis), {
    body: `Forklift certificate expires at the end of next month. ${mention('manager')} can we book the refresher course for the week of the 14th?`,
  });
  await createComment(deps, actors.manager, employee(luis), {
    body: `Approved. ${mention('coordinator')} please book it and attach the confirmation here.\n\n- Course: *Counterbalance refresher*\n- Cover for line 2: ask the Reno team`,
  });
  await uploadAttachment(deps, actors.coordinator, employee(luis), async () => ({
    filename: 'Forklift certificate 2025.pdf',
    data: pdf('Forklift operator certificate - Luis Ortega'),
  }));
  await uploadAttachment(deps, actors.coordinator, employee(luis), async () => ({
    filename: 'training-log.csv',
    data: Buffer.from(
      'date,course,hours,trainer\n2025-03-04,Lockout/tagout,4,QHS\n2025-06-12,First aid,8,Red Cross\n2025-09-22,Forklift refresher,6,Meridian\n',
    ),
  }));
  const badge = await sharp({
    create: { width: 640, height: 400, channels: 3, background: '#0d6469' },
  })
    .composite([
      {
        input: Buffer.from(
          '<svg width="640" height="400" xmlns="http://www.w3.org/2000/svg"><rect x="40" y="40" width="560" height="320" rx="24" fill="#ffffff"/><text x="80" y="170" font-family="sans-serif" font-size="44" font-weight="700" fill="#0d6469">MERIDIAN</text><text x="80" y="240" font-family="sans-serif" font-size="30" fill="#333">Luis Ortega · Machine operator</text><text x="80" y="300" font-family="sans-serif" font-size="24" fill="#666">Columbus plant · Badge 4411</text></svg>',
        ),
      },
    ])
    .png()
    .toBuffer();
  await uploadAttachment(deps, actors.manager, employee(luis), async () => ({
    filename: 'Badge photo.png',
    data: badge,
  }));

  await createComment(deps, actors.manager, employee(priya), {
    body: `Priya is covering the Reno scheduling while ${mention('owner')} is travelling. Handover notes are in the ops drive.`,
  });
}
