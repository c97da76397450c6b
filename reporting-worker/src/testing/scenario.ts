import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import type { EventOfType, InventoryEvent, InventoryEventType } from '@inventory/contracts';

/**
 * Valid event histories for tests, produced by a tiny reference warehouse: every event is one the
 * command side could have accepted, and the final state is the reference the reports are checked against.
 */
export interface ReferenceItem {
  itemTypeId: string;
  kind: 'PARENT' | 'CHILD';
  /** Where it stands on its own; null while assigned to a parent. */
  locationId: string | null;
  parentId: string | null;
}

export interface ReferenceLocation {
  locationTypeId: string;
  parentLocationId: string | null;
}

export interface Scenario {
  events: InventoryEvent[];
  itemTypeIds: string[];
  locationTypeIds: string[];
  locations: Map<string, ReferenceLocation>;
  items: Map<string, ReferenceItem>;
  moves: EventOfType<'ItemMoved'>[];
}

/** Where an item physically is: an assigned child is wherever its parent stands. */
export const effectiveLocation = (scenario: Scenario, item: ReferenceItem): string =>
  item.locationId ?? scenario.items.get(item.parentId!)!.locationId!;

const step = fc.record({
  op: fc.constantFrom('register', 'move', 'move', 'move', 'assign', 'release', 'retire', 'reparent'),
  pick: fc.nat(),
  other: fc.nat(),
  kind: fc.constantFrom('PARENT', 'CHILD') as fc.Arbitrary<'PARENT' | 'CHILD'>,
  /** Up to ~5 hours between events: histories cross hour and day boundaries. */
  gapMs: fc.integer({ min: 0, max: 5 * 3600_000 }),
});

/** Item and location types; a scenario defines its own unless it is handed a catalog shared by several. */
export interface Catalog {
  itemTypeIds: string[];
  locationTypeIds: string[];
}

export const scenarioArbitrary = (maxSteps = 40, sharedCatalog?: Catalog): fc.Arbitrary<Scenario> =>
  fc.record({ base: fc.uuid({ version: 4 }), start: fc.integer({ min: Date.UTC(2024, 0, 1), max: Date.UTC(2025, 0, 1) }), locationCount: fc.integer({ min: 2, max: 6 }), parents: fc.array(fc.nat(), { minLength: 6, maxLength: 6 }), steps: fc.array(step, { maxLength: maxSteps }) })
    .map(({ base, start, locationCount, parents, steps }) => simulate(base, start, locationCount, parents, steps, sharedCatalog));

/** Two item types and two location types with fresh ids, and the events defining them. */
export function newCatalog(base = randomUUID()): { catalog: Catalog; events: InventoryEvent[] } {
  const events = new EventLog(base, Date.UTC(2024, 0, 1));
  const catalog = { itemTypeIds: [events.newId(), events.newId()], locationTypeIds: [events.newId(), events.newId()] };
  defineCatalog(events, catalog);
  return { catalog, events: events.events };
}

function defineCatalog(log: EventLog, { itemTypeIds, locationTypeIds }: Catalog): void {
  itemTypeIds.forEach((itemTypeId, n) => log.emit('ItemTypeDefined', itemTypeId, { itemTypeId, name: `item type ${n}`, attributesSchema: null }));
  locationTypeIds.forEach((locationTypeId, n) => log.emit('LocationTypeDefined', locationTypeId, { locationTypeId, name: `location type ${n}`, allowedItemTypeIds: null, capacity: null }));
}

/** Events with ids derived from `base` (so generated histories shrink and replay) and per-aggregate versions. */
export class EventLog {
  readonly events: InventoryEvent[] = [];
  private counter = 0;
  private readonly versions = new Map<string, number>();

  constructor(private readonly base: string, public now: number) {}

  newId(): string {
    return `${this.base.slice(0, 24)}${(this.counter++).toString(16).padStart(12, '0')}`;
  }

  emit<T extends InventoryEventType>(type: T, aggregateId: string, data: EventOfType<T>['data']): InventoryEvent {
    const aggregateVersion = (this.versions.get(aggregateId) ?? 0) + 1;
    this.versions.set(aggregateId, aggregateVersion);
    const metadata = { eventId: this.newId(), eventType: type, aggregateId, aggregateVersion, occurredAt: this.now, actorId: 'system', correlationId: this.newId(), causationId: null };
    const event = { type, metadata, data } as unknown as InventoryEvent;
    this.events.push(event);
    return event;
  }
}

type Step = typeof step extends fc.Arbitrary<infer T> ? T : never;

function simulate(base: string, start: number, locationCount: number, parents: number[], steps: readonly Step[], sharedCatalog?: Catalog): Scenario {
  const log = new EventLog(base, start);
  const newId = (): string => log.newId();
  const emit = log.emit.bind(log);
  const catalog = sharedCatalog ?? { itemTypeIds: [newId(), newId()], locationTypeIds: [newId(), newId()] };
  const scenario: Scenario = { events: log.events, ...catalog, locations: new Map(), items: new Map(), moves: [] };
  if (!sharedCatalog) defineCatalog(log, catalog);
  const locationIds: string[] = [];
  for (let n = 0; n < locationCount; n++) {
    const locationId = newId();
    const parentLocationId = n === 0 ? null : locationIds[parents[n]! % n]!;
    const locationTypeId = scenario.locationTypeIds[n % 2]!;
    scenario.locations.set(locationId, { locationTypeId, parentLocationId });
    locationIds.push(locationId);
    emit('LocationCreated', locationId, { locationId, code: `L${n}`, name: `Location ${n}`, locationTypeId, parentLocationId });
  }
  const pickOf = <T>(list: readonly T[], n: number): T | undefined => list[n % Math.max(1, list.length)];
  const isAncestor = (candidate: string, of: string): boolean => {
    for (let at: string | null = of; at; at = scenario.locations.get(at)!.parentLocationId) if (at === candidate) return true;
    return false;
  };
  for (const { op, pick, other, kind, gapMs } of steps) {
    log.now += gapMs;
    const items = [...scenario.items];
    const standing = items.filter(([, item]) => item.locationId !== null);
    switch (op) {
      case 'register': {
        const itemId = newId();
        const itemTypeId = pickOf(scenario.itemTypeIds, pick)!;
        const locationId = pickOf(locationIds, other)!;
        scenario.items.set(itemId, { itemTypeId, kind, locationId, parentId: null });
        emit('ItemRegistered', itemId, { itemId, itemTypeId, kind, name: 'item', serialNumber: null, barcode: null, attributes: {}, locationId });
        break;
      }
      case 'move': {
        const [itemId, item] = pickOf(standing, pick) ?? [];
        const toLocationId = pickOf(locationIds.filter((id) => id !== item?.locationId), other);
        if (!itemId || !item || !toLocationId) break;
        const movedChildIds = items.filter(([, child]) => child.parentId === itemId).map(([id]) => id);
        const event = { itemId, fromLocationId: item.locationId!, toLocationId, reason: null, movedChildIds };
        scenario.moves.push(emit('ItemMoved', itemId, event) as EventOfType<'ItemMoved'>);
        item.locationId = toLocationId;
        break;
      }
      case 'assign': {
        const [childId, child] = pickOf(standing.filter(([, i]) => i.kind === 'CHILD'), pick) ?? [];
        const [parentId, parent] = pickOf(standing.filter(([, i]) => i.kind === 'PARENT'), other) ?? [];
        if (!childId || !child || !parentId || !parent) break;
        emit('ChildAssigned', childId, { childId, parentId, fromLocationId: child.locationId!, toLocationId: parent.locationId!, reason: null });
        Object.assign(child, { locationId: null, parentId });
        break;
      }
      case 'release': {
        const [childId, child] = pickOf(items.filter(([, i]) => i.parentId !== null), pick) ?? [];
        if (!childId || !child) break;
        const locationId = effectiveLocation(scenario, child);
        emit('ChildReleased', childId, { childId, parentId: child.parentId!, locationId, reason: null });
        Object.assign(child, { locationId, parentId: null });
        break;
      }
      case 'retire': {
        const [itemId, item] = pickOf(standing.filter(([id]) => !items.some(([, i]) => i.parentId === id)), pick) ?? [];
        if (!itemId || !item) break;
        emit('ItemRetired', itemId, { itemId, lastLocationId: item.locationId, reason: null });
        scenario.items.delete(itemId);
        break;
      }
      case 'reparent': {
        const locationId = pickOf(locationIds, pick)!;
        const parentLocationId = pickOf(locationIds.filter((id) => !isAncestor(locationId, id)), other) ?? null;
        scenario.locations.get(locationId)!.parentLocationId = parentLocationId;
        emit('LocationUpdated', locationId, { locationId, code: `L${locationIds.indexOf(locationId)}`, name: 'Location', parentLocationId, active: true });
        break;
      }
    }
  }
  return scenario;
}
