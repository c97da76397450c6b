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

export const scenarioArbitrary = (maxSteps = 40): fc.Arbitrary<Scenario> =>
  fc.record({ base: fc.uuid({ version: 4 }), start: fc.integer({ min: Date.UTC(2024, 0, 1), max: Date.UTC(2025, 0, 1) }), locationCount: fc.integer({ min: 2, max: 6 }), parents: fc.array(fc.nat(), { minLength: 6, maxLength: 6 }), steps: fc.array(step, { maxLength: maxSteps }) })
    .map(({ base, start, locationCount, parents, steps }) => simulate(base, start, locationCount, parents, steps));

type Step = typeof step extends fc.Arbitrary<infer T> ? T : never;

function simulate(base: string, start: number, locationCount: number, parents: number[], steps: readonly Step[]): Scenario {
  let counter = 0;
  const newId = (): string => `${base.slice(0, 24)}${(counter++).toString(16).padStart(12, '0')}`;
  const versions = new Map<string, number>();
  let now = start;
  const scenario: Scenario = { events: [], itemTypeIds: [newId(), newId()], locationTypeIds: [newId(), newId()], locations: new Map(), items: new Map(), moves: [] };
  const emit = <T extends InventoryEventType>(type: T, aggregateId: string, data: EventOfType<T>['data']): void => {
    const aggregateVersion = (versions.get(aggregateId) ?? 0) + 1;
    versions.set(aggregateId, aggregateVersion);
    const metadata = { eventId: newId(), eventType: type, aggregateId, aggregateVersion, occurredAt: now, actorId: 'system', correlationId: newId(), causationId: null };
    scenario.events.push({ type, metadata, data } as unknown as InventoryEvent);
  };
  scenario.itemTypeIds.forEach((itemTypeId, n) => emit('ItemTypeDefined', itemTypeId, { itemTypeId, name: `item type ${n}`, attributesSchema: null }));
  scenario.locationTypeIds.forEach((locationTypeId, n) => emit('LocationTypeDefined', locationTypeId, { locationTypeId, name: `location type ${n}`, allowedItemTypeIds: null, capacity: null }));
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
    now += gapMs;
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
        emit('ItemMoved', itemId, event);
        scenario.moves.push(scenario.events.at(-1) as EventOfType<'ItemMoved'>);
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
