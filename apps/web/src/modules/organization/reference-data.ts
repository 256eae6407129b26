import { org } from '@keel/contracts';
import { useQuery } from '@tanstack/react-query';
import { endpointQuery } from '../../api/query';
import { useCan } from '../../lib/session';

export interface Option {
  value: string;
  label: string;
}

/**
 * Active sites, departments and positions as picker options. Each list loads only when the
 * role may read it; archived records drop out of pickers (history still shows them).
 */
export function useReferenceOptions() {
  const can = useCan();
  const sites = useQuery({
    ...endpointQuery(org.listSites, { query: { includeArchived: 'false' } }),
    enabled: can('sites.read'),
  });
  const departments = useQuery({
    ...endpointQuery(org.listDepartments, { query: { includeArchived: 'false' } }),
    enabled: can('departments.read'),
  });
  const positions = useQuery({
    ...endpointQuery(org.listPositions, { query: { includeArchived: 'false' } }),
    enabled: can('positions.read'),
  });
  return {
    sites: (sites.data?.items ?? []).map((s) => ({ value: s.id, label: `${s.name} (${s.code})` })),
    departments: (departments.data?.items ?? []).map((d) => ({ value: d.id, label: d.name })),
    positions: (positions.data?.items ?? []).map((p) => ({ value: p.id, label: p.title })),
    siteItems: sites.data?.items ?? [],
    departmentItems: departments.data?.items ?? [],
    positionItems: positions.data?.items ?? [],
  };
}

/** Keeps the current value selectable even when it is archived or outside the loaded list. */
export function withCurrent(
  options: Option[],
  current: { id: string; name: string } | null | undefined,
): Option[] {
  if (!current || options.some((o) => o.value === current.id)) return options;
  return [...options, { value: current.id, label: current.name }];
}
