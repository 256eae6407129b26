import { EMPLOYMENT_TYPES, IMPORT_COLUMNS, PAY_TYPES } from '@keel/contracts';
import fc from 'fast-check';
import Papa from 'papaparse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildEmployee, buildOrg, buildSite, type TestOrg } from './factories.js';
import { createTestApp, type TestApp } from './harness.js';

let t: TestApp;
let acme: TestOrg;
let siteId: string;
let employeeId: string;

beforeAll(async () => {
  t = await createTestApp();
  acme = await buildOrg(t);
  siteId = (await buildSite(t, acme.owner, { name: 'Depot', code: 'DEPOT' })).id;
  employeeId = (await buildEmployee(t, acme.owner, { firstName: 'Vera' })).id;
});
afterAll(() => t.close());

const count = async (table: 'employees' | 'sites' | 'audit_log', orgId = acme.orgId) =>
  Number(
    (
      await t.deps.db
        .selectFrom(table)
        .select((eb) => eb.fn.countAll().as('n'))
        .where('org_id', '=', orgId)
        .executeTakeFirstOrThrow()
    ).n,
  );

/** Runs `fn` and checks it left no employee, site or audit entry behind. */
async function writesNothing(fn: () => Promise<void>) {
  const before = await Promise.all([count('employees'), count('sites'), count('audit_log')]);
  await fn();
  expect(await Promise.all([count('employees'), count('sites'), count('audit_log')])).toEqual(
    before,
  );
}

const owner = () => acme.as.owner;
const fields = (res: { json(): { errors?: { field: string; message: string }[] } }) =>
  res.json().errors ?? [];

describe('request bodies', () => {
  it('answer 400 VALIDATION_FAILED naming an unknown field "is not a known field"', async () => {
    await writesNothing(async () => {
      const res = await owner().post('/api/employees', {
        firstName: 'A',
        lastName: 'B',
        salary: 100,
      });
      expect(res.statusCode).toBe(400);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.json()).toMatchObject({
        status: 400,
        code: 'VALIDATION_FAILED',
        errors: [{ field: 'salary', message: 'is not a known field' }],
      });
      const nested = await owner().post('/api/sites', {
        name: 'N',
        code: 'N1',
        timeZone: 'UTC',
        address: { city: 'Kiel', planet: 'Earth' },
      });
      expect(nested.statusCode).toBe(400);
      expect(fields(nested)).toEqual([
        { field: 'address.planet', message: 'is not a known field' },
      ]);
      const pay = await owner().patch(`/api/employees/${employeeId}`, {
        pay: { type: 'hourly', amountMinor: 100, bonus: 1 },
      });
      expect(pay.statusCode).toBe(400);
      expect(fields(pay)).toEqual([{ field: 'pay.bonus', message: 'is not a known field' }]);
    });
  });

  it('answer 400 for missing required fields, naming each', async () => {
    await writesNothing(async () => {
      const res = await owner().post('/api/employees', {});
      expect(res.statusCode).toBe(400);
      expect(fields(res)).toEqual(
        expect.arrayContaining([
          { field: 'firstName', message: 'is required' },
          { field: 'lastName', message: 'is required' },
        ]),
      );
      const site = await owner().post('/api/sites', { name: 'Only a name' });
      expect(
        fields(site)
          .map((f) => f.field)
          .sort(),
      ).toEqual(['code', 'timeZone']);
    });
  });

  it('answer 400 for wrong types', async () => {
    await writesNothing(async () => {
      const cases: [object, string][] = [
        [{ firstName: 5, lastName: 'B' }, 'firstName'],
        [{ firstName: 'A', lastName: 'B', contractHoursPerWeek: '40' }, 'contractHoursPerWeek'],
        [{ firstName: 'A', lastName: 'B', skills: 'forklift' }, 'skills'],
        [{ firstName: 'A', lastName: 'B', skills: [1] }, 'skills[0]'],
        [{ firstName: 'A', lastName: 'B', siteId: 7 }, 'siteId'],
        [{ firstName: 'A', lastName: 'B', pay: 'lots' }, 'pay'],
        [{ firstName: ['A'], lastName: 'B' }, 'firstName'],
        [{ firstName: 'A', lastName: 'B', email: 'not-an-email' }, 'email'],
        [{ firstName: 'A'.repeat(81), lastName: 'B' }, 'firstName'],
        [{ firstName: '   ', lastName: 'B' }, 'firstName'],
        [{ firstName: 'A', lastName: 'B', contractHoursPerWeek: 169 }, 'contractHoursPerWeek'],
      ];
      for (const [body, field] of cases) {
        const res = await owner().post('/api/employees', body);
        expect(res.statusCode, JSON.stringify(body)).toBe(400);
        expect(res.json().code).toBe('VALIDATION_FAILED');
        expect(
          fields(res).map((f) => f.field),
          JSON.stringify(body),
        ).toContain(field);
      }
    });
  });

  it('answer 400 for values outside an enumeration, listing the allowed ones', async () => {
    await writesNothing(async () => {
      const res = await owner().post('/api/employees', {
        firstName: 'A',
        lastName: 'B',
        employmentType: 'gig',
      });
      expect(res.statusCode).toBe(400);
      const [err] = fields(res);
      expect(err!.field).toBe('employmentType');
      for (const type of EMPLOYMENT_TYPES) expect(err!.message).toContain(type);
      const pay = await owner().post('/api/employees', {
        firstName: 'A',
        lastName: 'B',
        pay: { type: 'weekly', amountMinor: 1 },
      });
      expect(fields(pay)[0]!.field).toBe('pay.type');
      for (const type of PAY_TYPES) expect(fields(pay)[0]!.message).toContain(type);
      const role = await owner().put('/api/roles/staff', { permissions: ['people.fly'] });
      expect(role.statusCode).toBe(400);
      expect(fields(role)[0]!.field).toBe('permissions[0]');
      const badRole = await owner().put('/api/roles/emperor', { permissions: [] });
      expect(badRole.statusCode).toBe(400);
      expect(fields(badRole)[0]!.field).toBe('role');
    });
  });

  it('answer 400 for dates that do not exist or are not YYYY-MM-DD', async () => {
    await writesNothing(async () => {
      for (const startDate of [
        '2026-02-30',
        '2025-02-29',
        '2026-13-01',
        '2026-1-5',
        '05/01/2026',
        '',
      ]) {
        const res = await owner().post('/api/employees', {
          firstName: 'A',
          lastName: 'B',
          startDate,
        });
        expect(res.statusCode, startDate).toBe(400);
        expect(fields(res)[0]!.field).toBe('startDate');
      }
    });
    const leap = await owner().post('/api/employees', {
      firstName: 'Leap',
      lastName: 'Day',
      startDate: '2028-02-29',
    });
    expect(leap.statusCode).toBe(201);
    expect(leap.json().startDate).toBe('2028-02-29');
  });

  it('answer 400 for a time zone that does not exist', async () => {
    await writesNothing(async () => {
      const res = await owner().post('/api/sites', {
        name: 'Moon',
        code: 'MOON',
        timeZone: 'Mars/Base',
      });
      expect(res.statusCode).toBe(400);
      expect(fields(res)).toEqual([
        { field: 'timeZone', message: expect.stringContaining('IANA') },
      ]);
      const patch = await owner().patch(`/api/sites/${siteId}`, { timeZone: 'Mars/Base' });
      expect(patch.statusCode).toBe(400);
      const org = await owner().patch('/api/organization', { timeZone: 'Nowhere/Land' });
      expect(org.statusCode).toBe(400);
    });
  });

  it('answer 400 for negative, fractional or huge pay', async () => {
    await writesNothing(async () => {
      for (const amountMinor of [-1, 12.5, 1e20]) {
        const res = await owner().post('/api/employees', {
          firstName: 'A',
          lastName: 'B',
          pay: { type: 'hourly', amountMinor },
        });
        expect(res.statusCode, String(amountMinor)).toBe(400);
        expect(fields(res)[0]!.field).toBe('pay.amountMinor');
      }
      const currency = await owner().post('/api/employees', {
        firstName: 'A',
        lastName: 'B',
        pay: { type: 'hourly', amountMinor: 100, currency: 'euro' },
      });
      expect(fields(currency)[0]!.field).toBe('pay.currency');
    });
  });

  it('answer 400 for a body that is not an object', async () => {
    await writesNothing(async () => {
      for (const payload of ['[]', 'null', '"text"', '42']) {
        const res = await owner().request('POST', '/api/employees', undefined, {
          'content-type': 'application/json',
        });
        expect(res.statusCode).toBe(400);
        const raw = await t.app.inject({
          method: 'POST',
          url: '/api/employees',
          headers: {
            cookie: owner().cookie!,
            'x-csrf-token': owner().csrf!,
            'content-type': 'application/json',
          },
          payload,
        });
        expect(raw.statusCode, payload).toBe(400);
      }
    });
  });

  it('answer 400 MALFORMED_JSON for JSON that does not parse', async () => {
    await writesNothing(async () => {
      for (const payload of ['{"a":', '{firstName: "A"}', "{'a':1}", '{"a":1}}']) {
        const res = await t.app.inject({
          method: 'POST',
          url: '/api/employees',
          headers: {
            cookie: owner().cookie!,
            'x-csrf-token': owner().csrf!,
            'content-type': 'application/json',
          },
          payload,
        });
        expect(res.statusCode, payload).toBe(400);
        expect(res.json().code).toBe('MALFORMED_JSON');
        expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      }
    });
  });

  it('answer 415 for a form-encoded body and 400 for plain text', async () => {
    await writesNothing(async () => {
      const send = (contentType: string) =>
        t.app.inject({
          method: 'POST',
          url: '/api/employees',
          headers: {
            cookie: owner().cookie!,
            'x-csrf-token': owner().csrf!,
            'content-type': contentType,
          },
          payload: 'firstName=A&lastName=B',
        });
      const form = await send('application/x-www-form-urlencoded');
      expect(form.statusCode).toBe(415);
      expect(form.json().code).toBe('UNSUPPORTED_MEDIA_TYPE');
      const text = await send('text/plain');
      expect(text.statusCode).toBe(400);
      expect(text.json().code).toBe('VALIDATION_FAILED');
    });
  });

  it('answer 413 for a body over 1 MiB on a normal route', async () => {
    await writesNothing(async () => {
      const res = await owner().post('/api/employees', {
        firstName: 'A',
        lastName: 'B',
        phone: 'x'.repeat(1024 * 1024 + 10),
      });
      expect(res.statusCode).toBe(413);
      expect(res.json().code).toBe('BODY_TOO_LARGE');
    });
  });

  it('accept a body over 1 MiB on the import preview', async () => {
    const csv = `first_name,last_name,phone\n${Array.from({ length: 400 }, (_, i) => `A${i},B${i},${'1'.repeat(3000)}`).join('\n')}`;
    expect(csv.length).toBeGreaterThan(1024 * 1024);
    const res = await owner().post('/api/employees/import/preview', { csv });
    expect(res.statusCode).toBe(200);
    expect(res.json().invalid).toBe(400);
  });

  it('answer 400, not 500, for text containing NUL characters', async () => {
    await writesNothing(async () => {
      const res = await owner().post('/api/employees', { firstName: 'A\u0000B', lastName: 'C' });
      expect(res.statusCode).toBe(400);
      expect(fields(res)[0]!.field).toBe('firstName');
      const site = await owner().patch(`/api/sites/${siteId}`, { address: { city: 'Ki\u0000el' } });
      expect(site.statusCode).toBe(400);
      expect(fields(site)[0]!.field).toBe('address.city');
    });
    const q = await owner().get('/api/employees?q=%00');
    expect(q.statusCode).toBe(400);
    const id = await owner().get('/api/employees/ab%00cd');
    expect(id.statusCode).toBe(400);
  });
});

describe('query strings and path parameters', () => {
  it('answer 400 for an unknown query parameter, naming it', async () => {
    for (const url of ['/api/employees?foo=1', '/api/sites?page=2', '/api/audit?user=1']) {
      const res = await owner().get(url);
      expect(res.statusCode, url).toBe(400);
      expect(res.json().code).toBe('VALIDATION_FAILED');
      expect(fields(res)[0]!.message).toBe('is not a known field');
    }
  });

  it('answer 400 for bad limits, sorts and filters', async () => {
    for (const url of [
      '/api/employees?limit=0',
      '/api/employees?limit=201',
      '/api/employees?limit=ten',
      '/api/employees?sort=salary',
      '/api/employees?order=up',
      '/api/employees?status=gone',
      '/api/employees?employmentType=gig',
      '/api/employees?q=a&q=b',
      '/api/sites?includeArchived=yes',
      '/api/audit?from=yesterday',
      '/api/audit?to=2026-02-30',
      '/api/invitations?status=lost',
      `/api/employees/${'x'.repeat(65)}`,
    ]) {
      const res = await owner().get(url);
      expect(res.statusCode, url).toBe(400);
    }
  });

  it('answer 400 INVALID_CURSOR for a cursor the API did not hand out', async () => {
    const enc = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
    const cursors = [
      'garbage!!',
      enc({ a: 1 }),
      enc([]),
      enc([{ a: 1 }, 'x']),
      enc([[1], [2]]),
      enc(['x']),
      enc([1, 2, 3]),
      enc([true, 'x']),
    ];
    const lists = [
      '/api/employees?',
      '/api/employees?sort=startDate&',
      '/api/employees?sort=createdAt&order=desc&',
      '/api/employees?sort=employeeNumber&',
      '/api/audit?',
      '/api/members?',
      '/api/mail/outbox?',
    ];
    for (const list of lists) {
      const idOnly = list.startsWith('/api/audit') || list.startsWith('/api/mail');
      for (const cursor of idOnly ? cursors.filter((c) => c !== enc(['x'])) : cursors) {
        const res = await owner().get(`${list}cursor=${cursor}`);
        expect(res.statusCode, `${list} ${cursor}`).toBe(400);
        expect(res.json().code).toBe('INVALID_CURSOR');
      }
    }
    for (const sort of ['startDate', 'createdAt']) {
      const res = await owner().get(
        `/api/employees?sort=${sort}&cursor=${enc(['not a date', 'x'])}`,
      );
      expect(res.statusCode, sort).toBe(400);
    }
  });

  it('answer 404 for an id that names nothing, and for unknown routes', async () => {
    const res = await owner().get('/api/employees/01890a5d-ac96-774b-bcce-b302099a8057');
    expect(res.statusCode).toBe(404);
    expect(res.json().code).toBe('EMPLOYEE_NOT_FOUND');
    const route = await owner().get('/api/nothing-here');
    expect(route.statusCode).toBe(404);
    expect(route.json().code).toBe('ROUTE_NOT_FOUND');
  });
});

// KEEL_FUZZ_RUNS=5000 digs deeper than the default, which keeps the suite fast.
const RUNS = Number(process.env.KEEL_FUZZ_RUNS ?? 150);

describe('random input (property)', () => {
  // A second organization so the rows these create do not disturb the counts above.
  let lab: TestOrg;
  let labSite: string;
  beforeAll(async () => {
    lab = await buildOrg(t, 'Lab');
    labSite = (await buildSite(t, lab.owner)).id;
  });

  const weirdText = fc.oneof(
    fc.string(),
    fc.string({ unit: 'binary', maxLength: 30 }),
    fc.constantFrom('', ' ', '\u0000', '=1+1', "'; drop table employees; --", '%', '_', 'Ω'),
  );
  const anyValue = fc.oneof(
    { weight: 3, arbitrary: weirdText },
    fc.jsonValue({ maxDepth: 2 }),
    fc.double(),
    fc.integer(),
    fc.constantFrom(null, true, -0, 1e-300, 1e300, Number.MAX_SAFE_INTEGER),
  );
  const employeeBody = fc.record(
    {
      firstName: anyValue,
      lastName: anyValue,
      email: fc.oneof(anyValue, fc.emailAddress()),
      phone: anyValue,
      employeeNumber: anyValue,
      employmentType: fc.oneof(anyValue, fc.constantFrom(...EMPLOYMENT_TYPES)),
      startDate: fc.oneof(
        anyValue,
        fc.date({ noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10)),
      ),
      contractHoursPerWeek: fc.oneof(anyValue, fc.double({ min: 0, max: 168, noNaN: true })),
      skills: fc.oneof(anyValue, fc.array(weirdText, { maxLength: 5 })),
      siteId: anyValue,
      managerId: anyValue,
      pay: fc.oneof(
        anyValue,
        fc.record(
          {
            type: fc.oneof(anyValue, fc.constantFrom(...PAY_TYPES)),
            amountMinor: anyValue,
            currency: anyValue,
          },
          { requiredKeys: [] },
        ),
      ),
    },
    { requiredKeys: [] },
  );
  const siteBody = fc.record(
    {
      name: anyValue,
      code: anyValue,
      timeZone: fc.oneof(anyValue, fc.constantFrom('UTC', 'Europe/Berlin', 'America/New_York')),
      address: fc.oneof(
        anyValue,
        fc.record(
          { line1: anyValue, city: anyValue, country: anyValue, postalCode: anyValue },
          { requiredKeys: [] },
        ),
      ),
    },
    { requiredKeys: [] },
  );
  const bodyOrJunk = <T>(arb: fc.Arbitrary<T>) =>
    fc.oneof(
      { weight: 4, arbitrary: arb },
      fc.jsonValue(),
      fc.dictionary(fc.string(), fc.jsonValue()),
    );

  it('never answers 5xx to POST /api/employees', async () => {
    await fc.assert(
      fc.asyncProperty(bodyOrJunk(employeeBody), async (body) => {
        const res = await lab.as.owner.request('POST', '/api/employees', body ?? null);
        expect(res.statusCode, `${JSON.stringify(body)} → ${res.body}`).toBeLessThan(500);
      }),
      { numRuns: RUNS },
    );
  });

  it('never answers 5xx to PATCH /api/sites/:id', async () => {
    await fc.assert(
      fc.asyncProperty(bodyOrJunk(siteBody), async (body) => {
        const res = await lab.as.owner.request('PATCH', `/api/sites/${labSite}`, body ?? null);
        expect(res.statusCode, `${JSON.stringify(body)} → ${res.body}`).toBeLessThan(500);
      }),
      { numRuns: RUNS },
    );
  });

  it('never answers 5xx to an import preview of random CSV cells', async () => {
    const cell = fc.oneof(
      weirdText,
      fc.constantFrom(
        'hourly',
        'salary',
        'full time',
        '2026-02-30',
        '1e400',
        '-1',
        '99999999999999999999',
        '12.345',
        'EUR',
        'JPY',
        'XXX',
        '"',
      ),
    );
    const columns = fc.uniqueArray(fc.constantFrom(...IMPORT_COLUMNS, 'extra'), { minLength: 1 });
    await fc.assert(
      fc.asyncProperty(
        columns,
        fc.array(fc.array(cell, { minLength: 17, maxLength: 17 }), { maxLength: 5 }),
        async (cols, rows) => {
          const header = ['first_name', 'last_name', ...cols.filter((c) => !c.endsWith('_name'))];
          const csv = Papa.unparse({
            fields: header,
            data: rows.map((r) => r.slice(0, header.length)),
          });
          const res = await lab.as.manager.post('/api/employees/import/preview', { csv });
          expect(res.statusCode, `${csv} → ${res.body}`).toBeLessThan(500);
          const run = await lab.as.manager.post('/api/employees/import', { csv });
          expect(run.statusCode, `${csv} → ${run.body}`).toBeLessThan(500);
        },
      ),
      { numRuns: Math.ceil(RUNS / 3) },
    );
  });

  it('never answers 5xx to GET /api/employees with random query values', async () => {
    const params = fc.dictionary(
      fc.constantFrom(
        'q',
        'siteId',
        'managerId',
        'sort',
        'order',
        'status',
        'limit',
        'cursor',
        'employmentType',
      ),
      weirdText,
    );
    await fc.assert(
      fc.asyncProperty(params, async (p) => {
        const qs = new URLSearchParams(p).toString();
        const res = await lab.as.owner.get(`/api/employees?${qs}`);
        expect(res.statusCode, `${qs} → ${res.body}`).toBeLessThan(500);
      }),
      { numRuns: RUNS },
    );
  });
});
