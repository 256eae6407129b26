import type { Resource } from '@keel/contracts';
import type { Client } from './harness.js';

/** An instant `days` after 2026-11-25 (the test clock's day) at hh:mm UTC. */
export const day = (days: number, hh: number, mm = 0) =>
  new Date(Date.UTC(2026, 10, 25 + days, hh, mm)).toISOString();

let n = 0;

/** A resource created through the API by a client holding resources.manage. */
export async function makeResource(
  as: Client,
  siteId: string,
  input: Record<string, unknown> = {},
): Promise<Resource> {
  const res = await as.post('/api/resources', {
    siteId,
    name: `Resource ${++n}`,
    kind: 'room',
    ...input,
  });
  if (res.statusCode !== 201) throw new Error(`resource: ${res.statusCode} ${res.body}`);
  return res.json();
}

/** Books through the API; returns the raw response. */
export const book = (
  as: Client,
  resourceId: string,
  start: string,
  end: string,
  extra: Record<string, unknown> = {},
) => as.post('/api/bookings', { resourceId, start, end, title: 'Team meeting', ...extra });
