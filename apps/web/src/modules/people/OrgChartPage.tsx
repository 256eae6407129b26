import { people } from '@keel/contracts';
import {
  ActionIcon,
  Avatar,
  Badge,
  Box,
  Button,
  Group,
  Paper,
  SimpleGrid,
  Stack,
  Text,
} from '@mantine/core';
import { IconChevronDown, IconChevronRight, IconHierarchy2 } from '@tabler/icons-react';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { endpointQuery } from '../../api/query';
import { EmptyState } from '../../components/EmptyState';
import { ErrorState } from '../../components/ErrorState';
import { TableSkeleton } from '../../components/LoadingState';
import { AnchorLink, ButtonLink } from '../../components/links';
import { PageHeader } from '../../components/PageHeader';
import { ReferenceFilter } from '../../components/ReferenceFilter';
import { useCan } from '../../lib/session';
import { initials } from '../../shell/UserMenu';
import { useReferenceOptions } from '../organization/reference-data';
import { allParentIds, buildOrgTree, idsToDepth, type OrgTreeNode } from './org-tree';

function OrgBranch({
  node,
  expanded,
  toggle,
  level,
}: {
  node: OrgTreeNode;
  expanded: Set<string>;
  toggle: (id: string) => void;
  level: number;
}) {
  const { t } = useTranslation();
  const open = expanded.has(node.id);
  const hasChildren = node.children.length > 0;
  const details = [node.positionTitle, node.departmentName, node.siteName]
    .filter(Boolean)
    .join(' · ');
  return (
    <li data-level={level}>
      <Paper
        withBorder
        p="xs"
        pr="sm"
        mb={6}
        data-testid="org-node"
        style={{ display: 'inline-flex', maxWidth: '100%' }}
      >
        <Group gap="sm" wrap="nowrap" style={{ minWidth: 0 }}>
          {hasChildren ? (
            <ActionIcon
              variant="subtle"
              color="gray"
              onClick={() => toggle(node.id)}
              aria-label={
                open
                  ? t('orgChart.collapse', { name: node.name })
                  : t('orgChart.expand', { name: node.name })
              }
              aria-expanded={open}
            >
              {open ? (
                <IconChevronDown size={16} aria-hidden />
              ) : (
                <IconChevronRight size={16} aria-hidden />
              )}
            </ActionIcon>
          ) : (
            <Box w={28} />
          )}
          <Avatar size={34} radius="xl" color="keel" alt="">
            {initials(node.name)}
          </Avatar>
          <div style={{ minWidth: 0 }}>
            <AnchorLink to="/people/$id" params={{ id: node.id }} fw={600} fz="sm">
              {node.name}
            </AnchorLink>
            {details && (
              <Text fz="xs" c="dimmed" truncate="end">
                {details}
              </Text>
            )}
          </div>
          {node.size > 0 && (
            <Badge
              variant="light"
              size="sm"
              style={{ flexShrink: 0 }}
              aria-label={t('orgChart.teamSize', { count: node.size })}
            >
              {node.size}
            </Badge>
          )}
        </Group>
      </Paper>
      {hasChildren && open && (
        <ul className="keel-org-children">
          {node.children.map((child) => (
            <OrgBranch
              key={child.id}
              node={child}
              expanded={expanded}
              toggle={toggle}
              level={level + 1}
            />
          ))}
        </ul>
      )}
    </li>
  );
}

/** Reporting lines as a collapsible tree, filterable by site and department. */
export function OrgChartPage() {
  const { t } = useTranslation();
  const can = useCan();
  const refs = useReferenceOptions();
  const [siteId, setSiteId] = useState<string | null>(null);
  const [departmentId, setDepartmentId] = useState<string | null>(null);
  const chart = useQuery({
    ...endpointQuery(people.getOrgChart, {
      query: { siteId: siteId ?? undefined, departmentId: departmentId ?? undefined },
    }),
    placeholderData: keepPreviousData,
  });
  const tree = useMemo(() => buildOrgTree(chart.data?.nodes ?? []), [chart.data]);
  const [expanded, setExpanded] = useState<Set<string>>(new Set());

  useEffect(() => {
    setExpanded(new Set(idsToDepth(tree, 2)));
  }, [tree]);

  const toggle = (id: string) =>
    setExpanded((current) => {
      const next = new Set(current);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });

  return (
    <>
      <PageHeader
        title={t('nav.orgChart')}
        description={
          chart.data
            ? t('orgChart.count', { count: chart.data.nodes.length })
            : t('orgChart.description')
        }
        actions={
          tree.length > 0 && (
            <>
              <Button variant="default" onClick={() => setExpanded(new Set(allParentIds(tree)))}>
                {t('orgChart.expandAll')}
              </Button>
              <Button variant="default" onClick={() => setExpanded(new Set())}>
                {t('orgChart.collapseAll')}
              </Button>
            </>
          )
        }
      />
      <Stack gap="md">
        <SimpleGrid cols={{ base: 1, xs: 2, md: 4 }} spacing="sm">
          <ReferenceFilter
            permission="sites.read"
            label={t('people.site')}
            data={refs.sites}
            value={siteId}
            onChange={setSiteId}
          />
          <ReferenceFilter
            permission="departments.read"
            label={t('people.department')}
            data={refs.departments}
            value={departmentId}
            onChange={setDepartmentId}
          />
        </SimpleGrid>
        {chart.isPending ? (
          <TableSkeleton rows={5} />
        ) : chart.isError ? (
          <ErrorState error={chart.error} onRetry={() => void chart.refetch()} />
        ) : tree.length === 0 ? (
          <EmptyState
            icon={<IconHierarchy2 size={28} stroke={1.5} aria-hidden />}
            title={t('orgChart.emptyTitle')}
            description={siteId || departmentId ? t('orgChart.emptyFiltered') : t('orgChart.empty')}
            action={
              siteId || departmentId ? (
                <Button
                  variant="default"
                  onClick={() => {
                    setSiteId(null);
                    setDepartmentId(null);
                  }}
                >
                  {t('common.clearFilters')}
                </Button>
              ) : (
                can('people.manage') && (
                  <ButtonLink to="/people" search={{ new: true }}>
                    {t('people.newEmployee')}
                  </ButtonLink>
                )
              )
            }
          />
        ) : (
          <Box style={{ overflowX: 'auto' }} pb="sm">
            <ul aria-label={t('nav.orgChart')} className="keel-org-tree" data-testid="org-chart">
              {tree.map((node) => (
                <OrgBranch
                  key={node.id}
                  node={node}
                  expanded={expanded}
                  toggle={toggle}
                  level={1}
                />
              ))}
            </ul>
          </Box>
        )}
      </Stack>
    </>
  );
}
