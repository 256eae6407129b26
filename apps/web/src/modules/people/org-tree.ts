export interface OrgNode {
  id: string;
  name: string;
  positionTitle: string | null;
  departmentName: string | null;
  siteName: string | null;
  managerId: string | null;
  directReports: number;
}

export interface OrgTreeNode extends OrgNode {
  children: OrgTreeNode[];
  /** Everyone below this person in the chart. */
  size: number;
}

/**
 * Builds the reporting tree. Roots are people without a manager or whose manager is not in the
 * set (filtered out, or outside the caller's site access). A cycle in bad data cannot loop: each
 * node is placed once, and nodes left over (only in a cycle) become roots.
 */
export function buildOrgTree(nodes: OrgNode[]): OrgTreeNode[] {
  const byId = new Map(nodes.map((node) => [node.id, node]));
  const children = new Map<string, OrgNode[]>();
  const roots: OrgNode[] = [];
  for (const node of nodes) {
    if (node.managerId && node.managerId !== node.id && byId.has(node.managerId)) {
      const list = children.get(node.managerId) ?? [];
      list.push(node);
      children.set(node.managerId, list);
    } else {
      roots.push(node);
    }
  }
  const placed = new Set<string>();
  const byName = (a: OrgNode, b: OrgNode) => a.name.localeCompare(b.name);
  const build = (node: OrgNode): OrgTreeNode => {
    placed.add(node.id);
    const kids = (children.get(node.id) ?? [])
      .filter((kid) => !placed.has(kid.id))
      .sort(byName)
      .map(build);
    return { ...node, children: kids, size: kids.reduce((sum, kid) => sum + 1 + kid.size, 0) };
  };
  const tree = roots.sort(byName).map(build);
  for (const node of nodes) if (!placed.has(node.id)) tree.push(build(node));
  return tree;
}

/** Ids of nodes down to `depth` levels, to open the chart partly expanded. */
export function idsToDepth(tree: OrgTreeNode[], depth: number): string[] {
  const out: string[] = [];
  const walk = (list: OrgTreeNode[], level: number) => {
    if (level >= depth) return;
    for (const node of list) {
      if (node.children.length) {
        out.push(node.id);
        walk(node.children, level + 1);
      }
    }
  };
  walk(tree, 0);
  return out;
}

export function allParentIds(tree: OrgTreeNode[]): string[] {
  return idsToDepth(tree, Number.POSITIVE_INFINITY);
}
