// Roles and how a caller's role is worked out from config admins, per-user grants and group grants.

export const ROLES = ['viewer', 'operator', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export function roleRank(role: Role | 'none'): number {
  return role === 'none' ? -1 : ROLES.indexOf(role);
}

export function atLeast(actual: Role | 'none', required: Role): boolean {
  return roleRank(actual) >= roleRank(required);
}

/** The highest role any of the caller's principals holds; config admins are always admin. */
export function effectiveRole(
  principals: string[],
  grants: { principal: string; role: Role }[],
  configAdmins: string[],
  defaultRole: Role | 'none',
): Role | 'none' {
  if (principals.some((p) => configAdmins.includes(p))) return 'admin';
  let best: Role | 'none' = defaultRole;
  for (const g of grants) {
    if (principals.includes(g.principal) && roleRank(g.role) > roleRank(best)) best = g.role;
  }
  return best;
}
