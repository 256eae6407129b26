import fsp from 'node:fs/promises';
import path from 'node:path';
import type { Attachment } from '@keel/contracts';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deleteRecordFiles } from '../src/modules/collab/index.js';
import type { LocalFileStorage } from '../src/platform/files/storage.js';
import { buildEmployee, buildOrg, type TestOrg } from './factories.js';
import type { Client } from './harness.js';
import { createTestApp, type TestApp } from './harness.js';

let t: TestApp;
let acme: TestOrg;
let other: TestOrg;

beforeAll(async () => {
  t = await createTestApp();
  acme = await buildOrg(t, 'Acme Works');
  other = await buildOrg(t, 'Other Co');
});
afterAll(() => t.close());

/** A multipart body as a browser sends it (serialised by the platform's own FormData). */
async function multipart(name: string, data: Buffer, field = 'file') {
  const form = new FormData();
  form.append(field, new Blob([new Uint8Array(data)]), name);
  const req = new Request('http://keel.test/', { method: 'POST', body: form });
  return {
    payload: Buffer.from(await req.arrayBuffer()),
    headers: { 'content-type': req.headers.get('content-type')! },
  };
}

async function uploadAs(c: Client, employeeId: string, name: string, data: Buffer, field = 'file') {
  const body = await multipart(name, data, field);
  return c.request(
    'POST',
    `/api/records/employee/${employeeId}/attachments`,
    body.payload,
    body.headers,
  );
}

const png = (width = 800, height = 600) =>
  sharp({ create: { width, height, channels: 3, background: '#336699' } })
    .png()
    .toBuffer();
const PDF = Buffer.from(
  '%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n',
);
/** The start of a Windows program (MZ header). */
const EXE = Buffer.concat([Buffer.from('MZ'), Buffer.alloc(510, 0x90)]);

const root = () => (t.deps.files as LocalFileStorage).root;
async function storedFiles(orgId: string): Promise<string[]> {
  try {
    return (await fsp.readdir(path.join(root(), 'org', orgId))).sort();
  } catch {
    return [];
  }
}
const attachmentRows = (orgId: string) =>
  t.deps.db.selectFrom('attachments').selectAll().where('org_id', '=', orgId).execute();

describe('POST /api/records/:entityType/:entityId/attachments', () => {
  it('stores an image with its size, hash and a webp thumbnail of at most 320 px', async () => {
    const emp = await buildEmployee(t, acme.owner);
    const data = await png(800, 600);
    const res = await uploadAs(acme.as.manager, emp.id, 'Dock photo.png', data);
    expect(res.statusCode).toBe(201);
    const a = res.json() as Attachment;
    expect(a).toMatchObject({
      entityType: 'employee',
      entityId: emp.id,
      name: 'Dock photo.png',
      size: data.length,
      mimeType: 'image/png',
      isImage: true,
      width: 800,
      height: 600,
      hasThumbnail: true,
      url: `/api/attachments/${a.id}`,
      thumbnailUrl: `/api/attachments/${a.id}/thumbnail`,
      canDelete: true,
    });
    expect(a.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(await storedFiles(acme.orgId)).toEqual(
      expect.arrayContaining([a.id, `${a.id}.thumb.webp`]),
    );

    const file = await acme.as.viewer.get(a.url);
    expect(file.statusCode).toBe(200);
    expect(file.headers['content-type']).toBe('image/png');
    expect(file.headers['x-content-type-options']).toBe('nosniff');
    expect(file.headers['content-disposition']).toMatch(/^inline; filename="Dock photo.png"/);
    expect(Buffer.compare(file.rawPayload, data)).toBe(0);

    const thumb = await acme.as.viewer.get(a.thumbnailUrl!);
    expect(thumb.statusCode).toBe(200);
    expect(thumb.headers['content-type']).toBe('image/webp');
    const meta = await sharp(thumb.rawPayload).metadata();
    expect(meta.format).toBe('webp');
    expect(meta.width).toBe(320);
    expect(meta.height).toBe(240);

    const list = await acme.as.viewer.get(`/api/records/employee/${emp.id}/attachments`);
    expect(list.json().items.map((x: Attachment) => x.id)).toEqual([a.id]);
    expect(list.json().items[0].canDelete).toBe(false);
  });

  it('serves a PDF inline and a CSV as a download, and has no thumbnail for them', async () => {
    const emp = await buildEmployee(t, acme.owner);
    const pdf = (await uploadAs(acme.as.coordinator, emp.id, 'contract.pdf', PDF)).json();
    expect(pdf).toMatchObject({ mimeType: 'application/pdf', hasThumbnail: false, width: null });
    const pdfRes = await acme.as.coordinator.get(pdf.url);
    expect(pdfRes.headers['content-type']).toBe('application/pdf');
    expect(pdfRes.headers['content-disposition']).toMatch(/^inline;/);
    expect((await acme.as.coordinator.get(`${pdf.url}/thumbnail`)).statusCode).toBe(404);

    const csv = await uploadAs(
      acme.as.coordinator,
      emp.id,
      '../../etc/Überstunden <März>.csv',
      Buffer.from('name,hours\nAda,12\n'),
    );
    expect(csv.statusCode).toBe(201);
    expect(csv.json().name).toBe('Überstunden März.csv');
    const csvRes = await acme.as.coordinator.get(csv.json().url);
    expect(csvRes.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(csvRes.headers['content-disposition']).toBe(
      `attachment; filename="_berstunden M_rz.csv"; filename*=UTF-8''%C3%9Cberstunden%20M%C3%A4rz.csv`,
    );
    expect(csvRes.body).toBe('name,hours\nAda,12\n');
  });

  it('refuses a program renamed .pdf by sniffing its content, leaving nothing behind', async () => {
    const emp = await buildEmployee(t, acme.owner);
    const before = await storedFiles(acme.orgId);
    const res = await uploadAs(acme.as.manager, emp.id, 'invoice.pdf', EXE);
    expect(res.statusCode).toBe(400);
    expect(res.json().code).toBe('ATTACHMENT_TYPE_NOT_ALLOWED');
    expect(res.json().errors[0].field).toBe('file');
    expect(res.json().errors[0].message).toContain('EXE data');
    expect(await storedFiles(acme.orgId)).toEqual(before);
  });

  it('refuses extensions outside the allowed list, binary "text" and mismatched images', async () => {
    const emp = await buildEmployee(t, acme.owner);
    const exe = await uploadAs(acme.as.manager, emp.id, 'setup.exe', EXE);
    expect(exe.statusCode).toBe(400);
    expect(exe.json().code).toBe('ATTACHMENT_TYPE_NOT_ALLOWED');
    expect(exe.json().errors[0].message).toContain('.exe');
    const noExt = await uploadAs(acme.as.manager, emp.id, 'README', Buffer.from('hello'));
    expect(noExt.statusCode).toBe(400);
    const binaryTxt = await uploadAs(acme.as.manager, emp.id, 'notes.txt', await png(4, 4));
    expect(binaryTxt.statusCode).toBe(400);
    expect(binaryTxt.json().errors[0].message).toContain('PNG data');
    const pdfAsPng = await uploadAs(acme.as.manager, emp.id, 'photo.png', PDF);
    expect(pdfAsPng.statusCode).toBe(400);
    const svg = await uploadAs(
      acme.as.manager,
      emp.id,
      'logo.svg',
      Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'),
    );
    expect(svg.statusCode).toBe(400);
    expect(await attachmentRows(acme.orgId)).not.toContainEqual(
      expect.objectContaining({ entity_id: emp.id }),
    );
  });

  it('answers 413 ATTACHMENT_TOO_LARGE naming file for more than 25 MB', async () => {
    const emp = await buildEmployee(t, acme.owner);
    const big = Buffer.alloc(25 * 1024 * 1024 + 1, 0x41);
    const res = await uploadAs(acme.as.manager, emp.id, 'big.txt', big);
    expect(res.statusCode).toBe(413);
    expect(res.json().code).toBe('ATTACHMENT_TOO_LARGE');
    expect(res.json().errors[0].field).toBe('file');
    const empty = await uploadAs(acme.as.manager, emp.id, 'empty.txt', Buffer.alloc(0));
    expect(empty.statusCode).toBe(400);
    expect(empty.json().code).toBe('ATTACHMENT_EMPTY');
  });

  it('needs exactly one file in the field "file"', async () => {
    const emp = await buildEmployee(t, acme.owner);
    const url = `/api/records/employee/${emp.id}/attachments`;
    const json = await acme.as.manager.post(url, { file: 'nope' });
    expect(json.statusCode).toBe(400);
    expect(json.json().errors[0].field).toBe('file');
    const wrongField = await uploadAs(acme.as.manager, emp.id, 'a.txt', Buffer.from('x'), 'doc');
    expect(wrongField.statusCode).toBe(400);
    expect(wrongField.json().errors[0].field).toBe('file');

    const form = new FormData();
    form.append('file', new Blob(['one']), 'one.txt');
    form.append('file', new Blob(['two']), 'two.txt');
    const req = new Request('http://keel.test/', { method: 'POST', body: form });
    const two = await acme.as.manager.request('POST', url, Buffer.from(await req.arrayBuffer()), {
      'content-type': req.headers.get('content-type')!,
    });
    expect(two.statusCode).toBe(400);
    expect(two.json().errors[0].field).toBe('file');
    expect(await attachmentRows(acme.orgId)).not.toContainEqual(
      expect.objectContaining({ entity_id: emp.id }),
    );
  });

  it('leaves no file behind when the transaction fails, and no row when storage fails', async () => {
    const emp = await buildEmployee(t, acme.owner);
    const before = await storedFiles(acme.orgId);
    const rows = (await attachmentRows(acme.orgId)).length;

    const record = t.deps.events.record.bind(t.deps.events);
    t.deps.events.record = async () => {
      throw new Error('database went away');
    };
    try {
      const res = await uploadAs(acme.as.manager, emp.id, 'photo.png', await png());
      expect(res.statusCode).toBe(500);
    } finally {
      t.deps.events.record = record;
    }
    expect(await storedFiles(acme.orgId)).toEqual(before);
    expect((await attachmentRows(acme.orgId)).length).toBe(rows);

    // The thumbnail write fails after the original was written: the original goes too.
    const put = t.deps.files.put.bind(t.deps.files);
    t.deps.files.put = async (key, data) => {
      if (key.endsWith('.thumb.webp')) throw new Error('disk full');
      return put(key, data);
    };
    try {
      const res = await uploadAs(acme.as.manager, emp.id, 'photo.png', await png());
      expect(res.statusCode).toBe(500);
    } finally {
      t.deps.files.put = put;
    }
    expect(await storedFiles(acme.orgId)).toEqual(before);
    expect((await attachmentRows(acme.orgId)).length).toBe(rows);
  });
});

describe('DELETE /api/attachments/:id', () => {
  it('lets the uploader or an owner delete, removing the files from disk', async () => {
    const emp = await buildEmployee(t, acme.owner);
    const a = (await uploadAs(acme.as.coordinator, emp.id, 'p.png', await png())).json();
    const forbidden = await acme.as.manager.delete(`/api/attachments/${a.id}`);
    expect(forbidden.statusCode).toBe(403);
    expect(forbidden.json().code).toBe('ATTACHMENT_NOT_YOURS');
    const res = await acme.as.coordinator.delete(`/api/attachments/${a.id}`);
    expect(res.statusCode).toBe(200);
    expect(await storedFiles(acme.orgId)).not.toContain(a.id);
    expect(await storedFiles(acme.orgId)).not.toContain(`${a.id}.thumb.webp`);
    expect((await acme.as.coordinator.get(a.url)).statusCode).toBe(404);

    const b = (await uploadAs(acme.as.coordinator, emp.id, 'q.pdf', PDF)).json();
    expect((await acme.as.owner.delete(`/api/attachments/${b.id}`)).statusCode).toBe(200);
    expect(await storedFiles(acme.orgId)).not.toContain(b.id);
  });
});

describe('isolation', () => {
  it('answers 404 for another organization’s attachment and for readers without access', async () => {
    const emp = await buildEmployee(t, acme.owner);
    const a = (await uploadAs(acme.as.manager, emp.id, 'p.png', await png())).json();
    for (const url of [a.url, a.thumbnailUrl]) {
      expect((await other.as.owner.get(url)).statusCode).toBe(404);
      // Staff cannot read employees at all.
      expect((await acme.as.staff.get(url)).statusCode).toBe(404);
    }
    expect((await other.as.owner.delete(`/api/attachments/${a.id}`)).statusCode).toBe(404);
    expect((await uploadAs(other.as.owner, emp.id, 'x.png', await png())).statusCode).toBe(404);
    expect((await uploadAs(acme.as.staff, emp.id, 'x.png', await png())).statusCode).toBe(404);
    expect(
      (await other.as.owner.get(`/api/records/employee/${emp.id}/attachments`)).statusCode,
    ).toBe(404);
    expect(await storedFiles(other.orgId)).toEqual([]);
  });
});

describe('deleteRecordFiles', () => {
  it('deletes the rows in the caller’s transaction and the files only when asked after commit', async () => {
    const emp = await buildEmployee(t, acme.owner);
    const a = (await uploadAs(acme.as.manager, emp.id, 'a.png', await png())).json();
    const b = (await uploadAs(acme.as.manager, emp.id, 'b.pdf', await Promise.resolve(PDF))).json();
    await acme.as.manager.post(`/api/records/employee/${emp.id}/comments`, { body: 'bye' });
    const ref = { orgId: acme.orgId, entityType: 'employee', entityId: emp.id };

    // A rolled-back delete keeps rows and files.
    await expect(
      t.deps.db.transaction().execute(async (trx) => {
        await deleteRecordFiles(trx, t.deps, ref);
        throw new Error('roll back');
      }),
    ).rejects.toThrow('roll back');
    expect(
      (await acme.as.manager.get(`/api/records/employee/${emp.id}/attachments`)).json().items,
    ).toHaveLength(2);

    const done = await t.deps.db
      .transaction()
      .execute((trx) => deleteRecordFiles(trx, t.deps, ref));
    expect(done.count).toBe(2);
    expect(done.keys.sort()).toEqual(
      [
        `org/${acme.orgId}/${a.id}`,
        `org/${acme.orgId}/${a.id}.thumb.webp`,
        `org/${acme.orgId}/${b.id}`,
      ].sort(),
    );
    expect(await storedFiles(acme.orgId)).toContain(a.id);
    await done.removeFiles();
    const left = await storedFiles(acme.orgId);
    for (const name of [a.id, `${a.id}.thumb.webp`, b.id]) expect(left).not.toContain(name);
    const thread = await acme.as.manager.get(`/api/records/employee/${emp.id}/comments`);
    expect(thread.json().total).toBe(0);
  });
});

describe('GET /api/records/:entityType/:entityId/activity', () => {
  it('merges history, comments and files newest first, and pages without gaps', async () => {
    const emp = await buildEmployee(t, acme.owner, { firstName: 'Act', lastName: 'Ivity' });
    t.clock.advance(1000);
    await acme.as.manager.patch(`/api/employees/${emp.id}`, { phone: '+1 555 0100' });
    t.clock.advance(1000);
    const c1 = (
      await acme.as.manager.post(`/api/records/employee/${emp.id}/comments`, { body: 'first' })
    ).json();
    t.clock.advance(1000);
    const file = (await uploadAs(acme.as.manager, emp.id, 'p.pdf', PDF)).json();
    t.clock.advance(1000);
    const c2 = (
      await acme.as.manager.post(`/api/records/employee/${emp.id}/comments`, { body: 'second' })
    ).json();
    t.clock.advance(1000);
    await acme.as.manager.delete(`/api/comments/${c2.id}`);

    const all = await acme.as.viewer.get(`/api/records/employee/${emp.id}/activity`);
    expect(all.statusCode).toBe(200);
    const summary = all
      .json()
      .items.map((i: { kind: string; change: { action: string } | null; id: string }) =>
        i.kind === 'change' ? `change:${i.change!.action}` : i.id,
      );
    expect(summary).toEqual([
      'change:comment.delete',
      `attachment:${file.id}`,
      `comment:${c1.id}`,
      'change:update',
      'change:create',
    ]);

    const paged: string[] = [];
    let cursor: string | null = null;
    do {
      const res = await acme.as.viewer.get(
        `/api/records/employee/${emp.id}/activity?limit=2${cursor ? `&cursor=${cursor}` : ''}`,
      );
      expect(res.statusCode).toBe(200);
      paged.push(...res.json().items.map((i: { id: string }) => i.id));
      cursor = res.json().nextCursor;
    } while (cursor);
    expect(paged).toEqual(all.json().items.map((i: { id: string }) => i.id));

    expect((await acme.as.staff.get(`/api/records/employee/${emp.id}/activity`)).statusCode).toBe(
      404,
    );
  });
});
