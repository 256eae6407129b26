import { ROLE_LABELS, type Role } from '@keel/contracts';
import { translateOr } from '../../i18n';

/** A role's display name (shared by the users, roles and profile pages, each its own chunk). */
export function roleLabel(role: Role): string {
  return translateOr(`roles.names.${role}`, ROLE_LABELS[role]);
}
