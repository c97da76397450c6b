import { Faker, en } from '@faker-js/faker';

/** What the seeder will create, decided up front from the item count and a seed (same inputs, same data). */
export interface SeedPlan {
  itemTypes: { key: string; name: string; kind: 'PARENT' | 'CHILD' }[];
  locationTypes: { key: string; name: string; capacity: number | null }[];
  locations: { key: string; code: string; name: string; typeKey: string; parentKey: string | null }[];
  items: { key: string; typeKey: string; kind: 'PARENT' | 'CHILD'; name: string; serialNumber: string | null; barcode: string | null; attributes: Record<string, string>; locationKey: string }[];
  assignments: { childKey: string; parentKey: string }[];
  moves: { itemKey: string; toLocationKey: string; reason: string }[];
}

const ITEM_TYPES: SeedPlan['itemTypes'] = [
  { key: 'pallet', name: 'Pallet', kind: 'PARENT' },
  { key: 'kit', name: 'Tool kit', kind: 'PARENT' },
  { key: 'laptop', name: 'Laptop', kind: 'CHILD' },
  { key: 'monitor', name: 'Monitor', kind: 'CHILD' },
  { key: 'drill', name: 'Cordless drill', kind: 'CHILD' },
  { key: 'carton', name: 'Carton', kind: 'CHILD' },
];

const LOCATION_TYPES = [
  { key: 'warehouse', name: 'Warehouse', capacity: null },
  { key: 'aisle', name: 'Aisle', capacity: null },
  { key: 'shelf', name: 'Shelf', capacity: null },
  { key: 'bin', name: 'Bin', capacity: null },
  { key: 'vehicle', name: 'Delivery van', capacity: null },
];

const REASONS = ['replenishment', 'picking', 'cycle count correction', 'returned from customer', 'sent for repair', 'rebalancing'];

/**
 * A warehouse tree sized to the item count (about 20 items per bin), a tenth of the items as
 * parents carrying a third of the children, and `moveCount` moves between bins and vans.
 */
export function planSeed(itemCount: number, moveCount: number, seed = 42): SeedPlan {
  const faker = new Faker({ locale: [en] });
  faker.seed(seed);
  const locations: SeedPlan['locations'] = [];
  const bins: string[] = [];
  const binCount = Math.max(4, Math.ceil(itemCount / 20));
  const warehouses = Math.max(1, Math.round(Math.sqrt(binCount) / 8));
  const binsPerWarehouse = Math.ceil(binCount / warehouses);
  const aislesPerWarehouse = Math.max(1, Math.ceil(Math.sqrt(binsPerWarehouse / 8)));
  const shelvesPerAisle = Math.max(1, Math.ceil(binsPerWarehouse / aislesPerWarehouse / 4));
  for (let w = 1; w <= warehouses && bins.length < binCount; w += 1) {
    const warehouse = `W${w}`;
    locations.push({ key: warehouse, code: warehouse, name: `${faker.location.city()} warehouse`, typeKey: 'warehouse', parentKey: null });
    for (let a = 1; a <= aislesPerWarehouse && bins.length < binCount; a += 1) {
      const aisle = `${warehouse}-A${a}`;
      locations.push({ key: aisle, code: aisle, name: `Aisle ${a}`, typeKey: 'aisle', parentKey: warehouse });
      for (let s = 1; s <= shelvesPerAisle && bins.length < binCount; s += 1) {
        const shelf = `${aisle}-S${s}`;
        locations.push({ key: shelf, code: shelf, name: `Shelf ${s}`, typeKey: 'shelf', parentKey: aisle });
        for (let b = 1; b <= 4 && bins.length < binCount; b += 1) {
          const bin = `${shelf}-B${b}`;
          locations.push({ key: bin, code: bin, name: `Bin ${b}`, typeKey: 'bin', parentKey: shelf });
          bins.push(bin);
        }
      }
    }
  }
  const vans = Array.from({ length: Math.max(1, Math.ceil(binCount / 50)) }, (_, index) => `VAN-${index + 1}`);
  for (const van of vans) locations.push({ key: van, code: van, name: `Van ${faker.vehicle.vrm()}`, typeKey: 'vehicle', parentKey: null });
  const places = [...bins, ...vans];

  const parentTypes = ITEM_TYPES.filter((type) => type.kind === 'PARENT');
  const childTypes = ITEM_TYPES.filter((type) => type.kind === 'CHILD');
  const items: SeedPlan['items'] = Array.from({ length: itemCount }, (_, index) => {
    const parent = index % 10 === 0;
    const type = faker.helpers.arrayElement(parent ? parentTypes : childTypes);
    const attributes: Record<string, string> = parent ? { owner: faker.company.name() } : { manufacturer: faker.company.name(), colour: faker.color.human() };
    return {
      key: `I${index}`,
      typeKey: type.key,
      kind: type.kind,
      name: parent ? `${type.name} ${faker.string.alphanumeric({ length: 6, casing: 'upper' })}` : `${faker.commerce.productAdjective()} ${type.name.toLowerCase()}`,
      serialNumber: parent ? null : `SN-${faker.string.alphanumeric({ length: 10, casing: 'upper' })}-${index}`,
      barcode: `${String(400_000_000_000 + index).padStart(13, '0')}`,
      attributes,
      locationKey: faker.helpers.arrayElement(places),
    };
  });

  const parents = items.filter((item) => item.kind === 'PARENT');
  const children = items.filter((item) => item.kind === 'CHILD');
  const assignments = parents.length === 0 ? [] : children
    .filter((_, index) => index % 3 === 0)
    .map((child) => ({ childKey: child.key, parentKey: faker.helpers.arrayElement(parents).key }));

  // Only parents and children standing on their own can move; assigned children travel with their parent.
  const assigned = new Set(assignments.map((assignment) => assignment.childKey));
  const movable = items.filter((item) => !assigned.has(item.key));
  const current = new Map(items.map((item) => [item.key, item.locationKey]));
  const moves: SeedPlan['moves'] = [];
  while (moves.length < moveCount && movable.length > 0 && places.length > 1) {
    const item = faker.helpers.arrayElement(movable);
    const to = faker.helpers.arrayElement(places.filter((place) => place !== current.get(item.key)));
    current.set(item.key, to);
    moves.push({ itemKey: item.key, toLocationKey: to, reason: faker.helpers.arrayElement(REASONS) });
  }
  return { itemTypes: ITEM_TYPES, locationTypes: LOCATION_TYPES, locations, items, assignments, moves };
}
