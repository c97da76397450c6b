import { z } from 'zod';
import type { ErrorCode } from '../http/error-catalog.js';
import { ROLES, deletedSchema, idParamsSchema, pageOf, type Role } from './common.js';
import { auditPageSchema, auditQuerySchema } from './audit.js';
import { historyPageSchema, historyQuerySchema } from './history.js';
import {
  assignRequestSchema, assignmentResultSchema, createItemRequestSchema, itemLocationQuerySchema, itemLocationSchema, itemPageSchema,
  ITEM_CSV_COLUMNS, bulkRegisterItemsRequestSchema, bulkRegisterItemsResultSchema, itemResultSchema, itemSchema, releaseQuerySchema, searchItemsQuerySchema, updateItemRequestSchema,
} from './items.js';
import {
  createLocationRequestSchema, listLocationsQuerySchema, locationContentsQuerySchema, locationContentsSchema, locationPageSchema,
  locationResultSchema, locationSchema, locationTreeQuerySchema, locationTreeSchema, updateLocationRequestSchema,
} from './locations.js';
import { bulkMoveRequestSchema, bulkMoveResultSchema, moveRequestSchema, moveResultSchema } from './moves.js';
import { countsQuerySchema, countsReportSchema, inventoryStatusQuerySchema, inventoryStatusSchema, movementsQuerySchema, movementsReportSchema } from './reports.js';
import type { RouteContract } from './route-contract.js';
import {
  createItemTypeRequestSchema, createLocationTypeRequestSchema, itemTypeResultSchema, itemTypeSchema, listTypesQuerySchema,
  locationTypeResultSchema, locationTypeSchema, updateItemTypeRequestSchema, updateLocationTypeRequestSchema,
} from './types.js';
import {
  createUserRequestSchema, listUsersQuerySchema, loginRequestSchema, refreshRequestSchema, setRolesRequestSchema, signUpRequestSchema,
  tokensSchema, updateUserRequestSchema, userSchema,
} from './users.js';

export const API_BASE_PATH = '/api/v1';

/** Who may do what (SPEC: every endpoint declares its roles). */
const ANYONE: readonly Role[] = ROLES;
const EDITORS: readonly Role[] = ['admin', 'manager'];
const HANDLERS: readonly Role[] = ['admin', 'manager', 'operator'];
const REPORT_READERS: readonly Role[] = ['admin', 'manager', 'analyst'];
const ADMINS: readonly Role[] = ['admin'];

const ok = (schema: z.ZodType, description: string) => ({ status: 200, schema, description }) as const;
const created = (schema: z.ZodType, description: string) => ({ status: 201, schema, description }) as const;
const report = (schema: z.ZodType, description: string) => ({ status: 200, schema, description, csv: true }) as const;

/** Create/read/update/delete routes of one resource collection, which all follow the same pattern. */
function crudRoutes(options: {
  collection: string; tag: string; noun: string; notFound: ErrorCode;
  entity: z.ZodType; page: z.ZodType; result: z.ZodType; listQuery: z.ZodType<object>; create: z.ZodType; update: z.ZodType;
  writers: readonly Role[]; createErrors: readonly ErrorCode[]; updateErrors: readonly ErrorCode[]; deleteErrors: readonly ErrorCode[];
  /** The list is also an export: Accept: text/csv answers this table. */
  listCsv?: string;
}): RouteContract[] {
  const { collection, tag, noun, notFound, writers } = options;
  const id = `/${collection}/{id}`;
  const Noun = noun.replace(/(^| )(\w)/g, (_, _space: string, letter: string) => letter.toUpperCase());
  return [
    { operationId: `list${Noun}s`, method: 'get', path: `/${collection}`, tag, summary: `List ${noun}s`, access: ANYONE, query: options.listQuery, response: { ...ok(options.page, `A page of ${noun}s`), ...(options.listCsv ? { csv: options.listCsv } : {}) }, readModel: true, errors: [] },
    { operationId: `create${Noun}`, method: 'post', path: `/${collection}`, tag, summary: `Create a ${noun}`, access: writers, body: options.create, response: created(options.result, `The created ${noun}`), command: true, errors: options.createErrors },
    { operationId: `get${Noun}`, method: 'get', path: id, tag, summary: `Get a ${noun}`, access: ANYONE, params: idParamsSchema, response: ok(options.entity, `The ${noun}`), readModel: true, errors: [notFound] },
    { operationId: `update${Noun}`, method: 'patch', path: id, tag, summary: `Change a ${noun}`, access: writers, params: idParamsSchema, body: options.update, response: ok(options.result, `The changed ${noun}`), command: true, errors: [notFound, 'CONCURRENT_MODIFICATION', ...options.updateErrors] },
    { operationId: `delete${Noun}`, method: 'delete', path: id, tag, summary: `Delete a ${noun} (refused while anything depends on it)`, access: writers, params: idParamsSchema, response: ok(deletedSchema, `The ${noun} is deleted`), command: true, errors: [notFound, 'CONCURRENT_MODIFICATION', ...options.deleteErrors] },
  ];
}

export const ROUTES: readonly RouteContract[] = [
  // --- documentation ---
  { operationId: 'getOpenApiDocument', method: 'get', path: '/openapi.json', tag: 'docs', summary: 'This OpenAPI document', access: 'public', response: ok(z.record(z.string(), z.unknown()), 'The OpenAPI 3.1 document'), errors: [] },
  { operationId: 'getApiDocs', method: 'get', path: '/docs', tag: 'docs', summary: 'Interactive API documentation', access: 'public', response: { status: 200, description: 'An HTML page', html: true }, errors: [] },
  // --- auth ---
  { operationId: 'login', method: 'post', path: '/auth/login', tag: 'auth', summary: 'Log in: issues a short-lived access token and a refresh token', access: 'public', body: loginRequestSchema, response: ok(tokensSchema, 'Tokens'), errors: ['INVALID_CREDENTIALS', 'USER_DISABLED'] },
  { operationId: 'refreshTokens', method: 'post', path: '/auth/refresh', tag: 'auth', summary: 'Exchange a refresh token for new tokens (the old one is revoked)', access: 'public', body: refreshRequestSchema, response: ok(tokensSchema, 'New tokens'), errors: ['UNAUTHENTICATED', 'USER_DISABLED'] },
  { operationId: 'logout', method: 'post', path: '/auth/logout', tag: 'auth', summary: 'Revoke a refresh token', access: 'authenticated', body: refreshRequestSchema, response: { status: 204, description: 'Logged out' }, errors: [] },
  { operationId: 'signUp', method: 'post', path: '/auth/signup', tag: 'auth', summary: 'Open sign-up as viewer (only when enabled by configuration)', access: 'public', body: signUpRequestSchema, response: created(userSchema, 'The new user'), command: true, errors: ['FORBIDDEN', 'DUPLICATE_USERNAME', 'DUPLICATE_EMAIL', 'WEAK_PASSWORD'] },
  // --- users ---
  { operationId: 'getCurrentUser', method: 'get', path: '/users/me', tag: 'users', summary: 'The authenticated user', access: 'authenticated', response: ok(userSchema, 'The user'), errors: [] },
  { operationId: 'listUsers', method: 'get', path: '/users', tag: 'users', summary: 'List users', access: ADMINS, query: listUsersQuerySchema, response: ok(pageOf(userSchema).meta({ id: 'UserPage' }), 'A page of users'), errors: [] },
  { operationId: 'createUser', method: 'post', path: '/users', tag: 'users', summary: 'Register a user', access: ADMINS, body: createUserRequestSchema, response: created(userSchema, 'The new user'), command: true, errors: ['DUPLICATE_USERNAME', 'DUPLICATE_EMAIL', 'WEAK_PASSWORD'] },
  { operationId: 'getUser', method: 'get', path: '/users/{id}', tag: 'users', summary: 'Get a user', access: ADMINS, params: idParamsSchema, response: ok(userSchema, 'The user'), errors: ['USER_NOT_FOUND'] },
  { operationId: 'updateUser', method: 'patch', path: '/users/{id}', tag: 'users', summary: 'Change email or password, disable or enable', access: ADMINS, params: idParamsSchema, body: updateUserRequestSchema, response: ok(userSchema, 'The changed user'), command: true, errors: ['USER_NOT_FOUND', 'DUPLICATE_EMAIL', 'WEAK_PASSWORD', 'CONCURRENT_MODIFICATION'] },
  { operationId: 'deleteUser', method: 'delete', path: '/users/{id}', tag: 'users', summary: 'Delete a user (history keeps their id)', access: ADMINS, params: idParamsSchema, response: { status: 204, description: 'Deleted' }, command: true, errors: ['USER_NOT_FOUND'] },
  { operationId: 'setUserRoles', method: 'put', path: '/users/{id}/roles', tag: 'users', summary: 'Replace the roles of a user (effective on their next token)', access: ADMINS, params: idParamsSchema, body: setRolesRequestSchema, response: ok(userSchema, 'The changed user'), command: true, errors: ['USER_NOT_FOUND', 'CONCURRENT_MODIFICATION'] },
  // --- catalog ---
  ...crudRoutes({
    collection: 'location-types', tag: 'location types', noun: 'location type', notFound: 'LOCATION_TYPE_NOT_FOUND', writers: EDITORS,
    entity: locationTypeSchema, page: pageOf(locationTypeSchema).meta({ id: 'LocationTypePage' }), result: locationTypeResultSchema, listQuery: listTypesQuerySchema,
    create: createLocationTypeRequestSchema, update: updateLocationTypeRequestSchema,
    createErrors: ['DUPLICATE_NAME', 'ITEM_TYPE_NOT_FOUND'], updateErrors: ['DUPLICATE_NAME', 'ITEM_TYPE_NOT_FOUND', 'LOCATION_TYPE_IN_USE'], deleteErrors: ['HAS_DEPENDANTS'],
  }),
  ...crudRoutes({
    collection: 'item-types', tag: 'item types', noun: 'item type', notFound: 'ITEM_TYPE_NOT_FOUND', writers: EDITORS,
    entity: itemTypeSchema, page: pageOf(itemTypeSchema).meta({ id: 'ItemTypePage' }), result: itemTypeResultSchema, listQuery: listTypesQuerySchema,
    create: createItemTypeRequestSchema, update: updateItemTypeRequestSchema,
    createErrors: ['DUPLICATE_NAME'], updateErrors: ['DUPLICATE_NAME', 'INVALID_ATTRIBUTES'], deleteErrors: ['HAS_DEPENDANTS'],
  }),
  // --- locations ---
  { operationId: 'getLocationTree', method: 'get', path: '/locations/tree', tag: 'locations', summary: 'The location tree, depth-first', access: ANYONE, query: locationTreeQuerySchema, response: ok(locationTreeSchema, 'The tree'), readModel: true, errors: ['LOCATION_NOT_FOUND'] },
  ...crudRoutes({
    collection: 'locations', tag: 'locations', noun: 'location', notFound: 'LOCATION_NOT_FOUND', writers: EDITORS,
    entity: locationSchema, page: locationPageSchema, result: locationResultSchema, listQuery: listLocationsQuerySchema,
    create: createLocationRequestSchema, update: updateLocationRequestSchema,
    createErrors: ['DUPLICATE_CODE', 'LOCATION_TYPE_NOT_FOUND', 'LOCATION_NOT_FOUND', 'LOCATION_INACTIVE'], updateErrors: ['DUPLICATE_CODE', 'LOCATION_CYCLE', 'LOCATION_INACTIVE', 'HAS_DEPENDANTS'], deleteErrors: ['HAS_DEPENDANTS'],
  }),
  { operationId: 'getLocationContents', method: 'get', path: '/locations/{id}/contents', tag: 'locations', summary: 'What is at a location (optionally in sub-locations, with assigned children)', access: ANYONE, params: idParamsSchema, query: locationContentsQuerySchema, response: ok(locationContentsSchema, 'A page of items'), readModel: true, errors: ['LOCATION_NOT_FOUND'] },
  { operationId: 'getLocationHistory', method: 'get', path: '/locations/{id}/history', tag: 'history', summary: 'Moves into and out of a location', access: ANYONE, params: idParamsSchema, query: historyQuerySchema, response: ok(historyPageSchema, 'A page of history, oldest first'), readModel: true, errors: ['LOCATION_NOT_FOUND'] },
  // --- items ---
  ...crudRoutes({
    collection: 'items', tag: 'items', noun: 'item', notFound: 'ITEM_NOT_FOUND', writers: HANDLERS,
    entity: itemSchema, page: itemPageSchema, result: itemResultSchema, listQuery: searchItemsQuerySchema,
    create: createItemRequestSchema, update: updateItemRequestSchema,
    createErrors: ['ITEM_TYPE_NOT_FOUND', 'LOCATION_NOT_FOUND', 'LOCATION_INACTIVE', 'CAPACITY_EXCEEDED', 'ITEM_TYPE_NOT_ALLOWED', 'DUPLICATE_SERIAL', 'DUPLICATE_BARCODE', 'INVALID_ATTRIBUTES'],
    updateErrors: ['DUPLICATE_SERIAL', 'DUPLICATE_BARCODE', 'INVALID_ATTRIBUTES'], deleteErrors: ['HAS_DEPENDANTS', 'CHILD_ASSIGNED_RETIRE_REFUSED'],
    listCsv: 'Export: with Accept: text/csv, every item matching the filters (after `cursor` when given; `limit` does not apply), '
      + `streamed in id order with one header line: ${ITEM_CSV_COLUMNS.join(', ')} (attributes as JSON). A text cell that starts like a spreadsheet formula (= + - @ tab CR) is written quoted after a single quote`,
  }),
  { operationId: 'registerItemsInBulk', method: 'post', path: '/items/bulk', tag: 'items', summary: 'Register many items (an import); each is registered or refused on its own', access: HANDLERS, body: bulkRegisterItemsRequestSchema, response: ok(bulkRegisterItemsResultSchema, 'One outcome per item, in request order'), command: true, bulk: true, errors: [] },
  { operationId: 'getItemLocation', method: 'get', path: '/items/{id}/location', tag: 'items', summary: 'Where is the item (now, or at a point in time)', access: ANYONE, params: idParamsSchema, query: itemLocationQuerySchema, response: ok(itemLocationSchema, 'Its location'), readModel: true, errors: ['ITEM_NOT_FOUND'] },
  { operationId: 'getItemHistory', method: 'get', path: '/items/{id}/history', tag: 'history', summary: 'Moves and assignment changes of an item', access: ANYONE, params: idParamsSchema, query: historyQuerySchema, response: ok(historyPageSchema, 'A page of history, oldest first'), readModel: true, errors: ['ITEM_NOT_FOUND'] },
  { operationId: 'assignChild', method: 'post', path: '/items/{id}/assignment', tag: 'assignment', summary: 'Assign a child item to a parent item', access: HANDLERS, params: idParamsSchema, body: assignRequestSchema, response: created(assignmentResultSchema, 'The assignment'), command: true, errors: ['ITEM_NOT_FOUND', 'CHILD_ALREADY_ASSIGNED', 'PARENT_CANNOT_BE_CHILD', 'CHILD_CANNOT_BE_PARENT', 'CAPACITY_EXCEEDED', 'ITEM_TYPE_NOT_ALLOWED', 'CONCURRENT_MODIFICATION'] },
  { operationId: 'releaseChild', method: 'delete', path: '/items/{id}/assignment', tag: 'assignment', summary: 'Release a child item from its parent: it stays where the parent is', access: HANDLERS, params: idParamsSchema, query: releaseQuerySchema, response: ok(assignmentResultSchema, 'The ended assignment'), command: true, errors: ['ITEM_NOT_FOUND', 'CHILD_NOT_ASSIGNED', 'CONCURRENT_MODIFICATION'] },
  // --- moves ---
  { operationId: 'moveItem', method: 'post', path: '/moves', tag: 'moves', summary: 'Move an item (a parent takes its assigned children along)', access: HANDLERS, body: moveRequestSchema, response: created(moveResultSchema, 'The move'), command: true, errors: ['ITEM_NOT_FOUND', 'LOCATION_NOT_FOUND', 'LOCATION_INACTIVE', 'CAPACITY_EXCEEDED', 'ITEM_TYPE_NOT_ALLOWED', 'NO_OP_MOVE', 'CHILD_ASSIGNED_MOVE_REFUSED', 'CONCURRENT_MODIFICATION'] },
  { operationId: 'moveItemsInBulk', method: 'post', path: '/moves/bulk', tag: 'moves', summary: 'Move many items; each move succeeds or is refused on its own', access: HANDLERS, body: bulkMoveRequestSchema, response: ok(bulkMoveResultSchema, 'One outcome per requested move, in request order'), command: true, bulk: true, errors: ['ITEM_NOT_FOUND'] },
  { operationId: 'listMoves', method: 'get', path: '/moves', tag: 'history', summary: 'All movement history, filtered', access: ANYONE, query: historyQuerySchema, response: ok(historyPageSchema, 'A page of history, oldest first'), readModel: true, errors: [] },
  // --- reports (JSON, or CSV with Accept: text/csv) ---
  { operationId: 'getInventoryStatusReport', method: 'get', path: '/reports/inventory-status', tag: 'reports', summary: 'Item counts per location, rolled up the tree', access: REPORT_READERS, query: inventoryStatusQuerySchema, response: report(inventoryStatusSchema, 'The report'), readModel: true, errors: ['LOCATION_NOT_FOUND', 'ITEM_TYPE_NOT_FOUND', 'NOT_ACCEPTABLE'] },
  { operationId: 'getMovementsReport', method: 'get', path: '/reports/movements', tag: 'reports', summary: 'Movement analytics over a date range', access: REPORT_READERS, query: movementsQuerySchema, response: report(movementsReportSchema, 'The report'), readModel: true, errors: ['ITEM_TYPE_NOT_FOUND', 'NOT_ACCEPTABLE'] },
  { operationId: 'getCountsReport', method: 'get', path: '/reports/counts', tag: 'reports', summary: 'Item counts by item type and location type', access: REPORT_READERS, query: countsQuerySchema, response: report(countsReportSchema, 'The report'), readModel: true, errors: ['ITEM_TYPE_NOT_FOUND', 'LOCATION_TYPE_NOT_FOUND', 'NOT_ACCEPTABLE'] },
  // --- audit ---
  { operationId: 'listAuditEntries', method: 'get', path: '/audit', tag: 'audit', summary: 'The audit log of state-changing calls', access: ADMINS, query: auditQuerySchema, response: ok(auditPageSchema, 'A page of audit entries, oldest first'), errors: [] },
];

/** Express route syntax for a contract path: /items/{id} → /items/:id. */
export const toExpressPath = (path: string): string => path.replace(/\{(\w+)\}/g, ':$1');
