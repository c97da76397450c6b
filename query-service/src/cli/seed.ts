/**
 * `npm run seed-read-models -w @inventory/query-service -- --items 1000000 [--per-location 1000]`:
 * writes N registered items straight into the active query read models, spread over the locations
 * already there (location by location), of the first item type there, with a progress bar. The
 * documents are the projection's own; nothing is published, so a rebuild drops them. For
 * measuring lookups at scale, not for demo data (that is `npm run seed`, through the API).
 */
import { parseArgs } from 'node:util';
import { ReadModelSpace, activeGeneration } from '@inventory/projection';
import { Presets, SingleBar } from 'cli-progress';
import { itemTypes } from '../catalog/types-projection.js';
import { locations } from '../locations/locations-projection.js';
import { queryProjection } from '../projection.js';
import { registrations } from '../seeding/registrations.js';
import { seedRegistrations } from '../seeding/seed-store.js';
import { toolContext } from './tool-context.js';

const { values } = parseArgs({ options: { items: { type: 'string', default: '1000000' }, 'per-location': { type: 'string', default: '1000' } } });
const count = Number(values.items);
const perLocation = Number(values['per-location']);
if (!Number.isInteger(count) || count < 1 || !Number.isInteger(perLocation) || perLocation < 1) {
  process.stderr.write('usage: npm run seed-read-models -w @inventory/query-service -- --items N [--per-location M]\n');
  process.exit(2);
}

const { options, close } = toolContext();
const bar = new SingleBar({ format: 'seed query read models |{bar}| {value}/{total} items | {eta_formatted} left' }, Presets.shades_classic);
try {
  const space = new ReadModelSpace(options.db, queryProjection.name, await activeGeneration(options.db, queryProjection.name));
  const [locationIds, itemType] = await Promise.all([locations(space).find({}, { projection: { _id: 1 } }).map((doc) => doc._id).toArray(), itemTypes(space).findOne({})]);
  if (locationIds.length === 0 || !itemType) throw new Error('no locations or no item type in the active read models: create some first (npm run seed)');
  await queryProjection.setup(space);
  const started = Date.now();
  bar.start(count, 0);
  await seedRegistrations(space, registrations({ count, locationIds, perLocation, itemTypeId: itemType._id, actorId: 'seed-read-models' }), (written) => bar.update(written));
  bar.stop();
  process.stdout.write(`${count} items into generation ${space.generation} in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
} finally {
  bar.stop();
  await close();
}
process.exit(0);
