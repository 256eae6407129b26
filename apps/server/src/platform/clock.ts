import { uuidv7 } from 'uuidv7';

/** Time source for services; tests replace it to move time. */
export interface Clock {
  now(): Date;
}
export const systemClock: Clock = { now: () => new Date() };

/** Sortable record ids (UUIDv7). */
export const newId = (): string => uuidv7();
