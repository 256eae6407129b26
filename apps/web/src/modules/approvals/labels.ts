import { translateOr } from '../../i18n';

/** An approval type's display name; unknown types show their id. */
export const typeLabel = (type: string) => translateOr(`approvals.types.${type}`, type);
