import { z } from 'zod';
import { endpoint, id } from './shared.js';

const entityType = z
  .string()
  .regex(/^[a-z][a-z0-9_.-]{0,39}$/, 'must be entity types such as employee,task');

export const searchQuery = z.strictObject({
  q: z
    .string()
    .trim()
    .min(2, 'must be at least 2 characters')
    .max(200, 'must be at most 200 characters')
    .describe('Words to find; each matches as a prefix ("fork" finds "forklift")'),
  types: z
    .string()
    .max(400)
    .optional()
    .transform((v) =>
      v
        ? v
            .split(',')
            .map((s) => s.trim())
            .filter(Boolean)
        : undefined,
    )
    .pipe(z.array(entityType).max(20, 'at most 20 types').optional())
    .describe('Comma-separated entity types to search, e.g. `employee,task`; default all'),
  limit: z.coerce.number().int().min(1).max(20).default(5).describe('Results per entity type'),
});
export type SearchQuery = z.input<typeof searchQuery>;

export const searchResult = z.object({
  entityType: z.string(),
  entityId: id,
  title: z.string(),
  subtitle: z.string().nullable(),
  href: z.string().describe('Web path of the record'),
  siteId: id.nullable(),
});
export type SearchResult = z.infer<typeof searchResult>;

export const searchGroup = z.object({
  entityType: z.string(),
  label: z.string().describe('Heading for the group, e.g. "People"'),
  total: z.number().int().describe('Matches of this kind the caller may see'),
  items: z.array(searchResult),
});
export type SearchGroup = z.infer<typeof searchGroup>;

export const searchResponse = z.object({
  q: z.string(),
  groups: z.array(searchGroup).describe('Best group first'),
});
export type SearchResponse = z.infer<typeof searchResponse>;

export const search = endpoint({
  operationId: 'search',
  method: 'GET',
  path: '/api/search',
  summary: 'Search every kind of record the caller may see',
  description:
    'Full-text search across people, tasks and every module that registers a search source. Every word must match (as a prefix); titles weigh most. Results are limited to what the caller may read: the permission and site scope of each record, or being named on it.',
  tag: 'search',
  access: 'authenticated',
  query: searchQuery,
  response: searchResponse,
});
