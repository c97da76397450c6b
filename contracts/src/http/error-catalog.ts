export interface ErrorDefinition {
  status: number;
  title: string;
}

/**
 * Every error code the API can return. Codes are stable (clients branch on them); titles may be
 * reworded. 400 = the request itself is malformed, 422 = well-formed but a domain rule refuses it,
 * 409 = it conflicts with current state (uniqueness, dependants, concurrent writers).
 */
export const ERROR_CATALOG = {
  VALIDATION_FAILED: { status: 400, title: 'The request is invalid' },
  MALFORMED_BODY: { status: 400, title: 'The request body is not valid JSON' },
  INVALID_CONSISTENCY_TOKEN: { status: 400, title: 'The Consistency-Token header is not a token this API issued' },
  UNAUTHENTICATED: { status: 401, title: 'Authentication is required' },
  INVALID_CREDENTIALS: { status: 401, title: 'Username or password is wrong' },
  INTERNAL_AUTH_REQUIRED: { status: 401, title: 'Only the gateway may call this service' },
  FORBIDDEN: { status: 403, title: 'Your roles do not allow this' },
  USER_DISABLED: { status: 403, title: 'The user is disabled' },
  ROUTE_NOT_FOUND: { status: 404, title: 'No such route' },
  LOCATION_NOT_FOUND: { status: 404, title: 'Location not found' },
  LOCATION_TYPE_NOT_FOUND: { status: 404, title: 'Location type not found' },
  ITEM_NOT_FOUND: { status: 404, title: 'Item not found' },
  ITEM_TYPE_NOT_FOUND: { status: 404, title: 'Item type not found' },
  USER_NOT_FOUND: { status: 404, title: 'User not found' },
  METHOD_NOT_ALLOWED: { status: 405, title: 'Method not allowed on this route' },
  NOT_ACCEPTABLE: { status: 406, title: 'None of the accepted media types can be produced' },
  DUPLICATE_NAME: { status: 409, title: 'The name is already taken' },
  DUPLICATE_CODE: { status: 409, title: 'The location code is already taken' },
  DUPLICATE_SERIAL: { status: 409, title: 'The serial number is already taken' },
  DUPLICATE_BARCODE: { status: 409, title: 'The barcode is already taken' },
  DUPLICATE_USERNAME: { status: 409, title: 'The username is already taken' },
  DUPLICATE_EMAIL: { status: 409, title: 'The email is already taken' },
  HAS_DEPENDANTS: { status: 409, title: 'Still in use: remove what depends on it first' },
  LOCATION_TYPE_IN_USE: { status: 409, title: 'Locations of this type hold more items, or other item types, than the new rule allows' },
  CHILD_ALREADY_ASSIGNED: { status: 409, title: 'The child item is already assigned to a parent' },
  CHILD_NOT_ASSIGNED: { status: 409, title: 'The child item is not assigned to a parent' },
  CONCURRENT_MODIFICATION: { status: 409, title: 'Changed by someone else meanwhile: reload and retry' },
  DUPLICATE_ID: { status: 409, title: 'Something with this id already exists' },
  IDEMPOTENCY_KEY_REUSED: { status: 409, title: 'The Idempotency-Key was already used for a different request' },
  IDEMPOTENCY_KEY_COMMITTED: { status: 409, title: 'The first bulk request with this Idempotency-Key committed, but its answer was lost: read the resources for the outcome' },
  PAYLOAD_TOO_LARGE: { status: 413, title: 'The request body is too large' },
  UNSUPPORTED_MEDIA_TYPE: { status: 415, title: 'The request body must be application/json' },
  CAPACITY_EXCEEDED: { status: 422, title: 'The destination location is full' },
  ITEM_TYPE_NOT_ALLOWED: { status: 422, title: 'The destination location does not accept this item type' },
  LOCATION_INACTIVE: { status: 422, title: 'The location is inactive' },
  NO_OP_MOVE: { status: 422, title: 'The item is already at that location' },
  CHILD_ASSIGNED_MOVE_REFUSED: { status: 422, title: 'An assigned child moves with its parent: release it first' },
  CHILD_ASSIGNED_RETIRE_REFUSED: { status: 422, title: 'An assigned child cannot be retired: release it first' },
  PARENT_CANNOT_BE_CHILD: { status: 422, title: 'A parent item cannot be assigned as a child' },
  CHILD_CANNOT_BE_PARENT: { status: 422, title: 'Only parent items can take children' },
  LOCATION_CYCLE: { status: 422, title: 'A location cannot be inside itself or its own sub-locations' },
  INVALID_ATTRIBUTES: { status: 422, title: "The attributes do not satisfy the item type's schema" },
  WEAK_PASSWORD: { status: 422, title: 'The password does not meet the password rules' },
  RATE_LIMITED: { status: 429, title: 'Too many requests: slow down' },
  INTERNAL: { status: 500, title: 'Internal error' },
  UPSTREAM_UNAVAILABLE: { status: 503, title: 'A service behind the gateway is unavailable' },
  CONSISTENCY_TIMEOUT: { status: 503, title: 'The read model did not catch up with your write in time: retry' },
  UPSTREAM_TIMEOUT: { status: 504, title: 'A service behind the gateway did not answer in time' },
} as const satisfies Record<string, ErrorDefinition>;

export type ErrorCode = keyof typeof ERROR_CATALOG;

export const ERROR_CODES = Object.keys(ERROR_CATALOG) as [ErrorCode, ...ErrorCode[]];
