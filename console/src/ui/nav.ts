import type { OperationId } from '../api/operation-roles';

export interface NavEntry { path: string; label: string; operation: OperationId }

/** The console's screens, each offered only to roles that may call its main operation. */
export const NAV: NavEntry[] = [
  { path: '/locations', label: 'Locations', operation: 'getLocationTree' },
  { path: '/items', label: 'Items', operation: 'listItems' },
  { path: '/scan', label: 'Scan & move', operation: 'moveItemsInBulk' },
  { path: '/import', label: 'Import CSV', operation: 'registerItemsInBulk' },
  { path: '/labels', label: 'Labels', operation: 'listItems' },
  { path: '/reports', label: 'Reports', operation: 'getInventoryStatusReport' },
  { path: '/catalog', label: 'Types & locations', operation: 'listLocationTypes' },
  { path: '/users', label: 'Users', operation: 'listUsers' },
  { path: '/audit', label: 'Audit log', operation: 'listAuditEntries' },
];
