import { OPERATION_ROLES, type OperationId } from '../api/operation-roles';

/** Whether a user with these roles may call the operation (what a role may not do is not offered). */
export function may(roles: readonly string[] | undefined, operation: OperationId): boolean {
  const allowed: readonly string[] = OPERATION_ROLES[operation];
  return allowed.length === 0 || (roles ?? []).some((role) => allowed.includes(role));
}
