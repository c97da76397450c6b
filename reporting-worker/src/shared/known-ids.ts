import { ProblemError } from '@inventory/contracts';
import type { ReportCollections } from './collections.js';

/** A filter naming a type the catalog never defined is an error, not an empty report. */
export async function requireCatalogType(collections: ReportCollections, kind: 'itemType' | 'locationType', id: string | undefined): Promise<void> {
  if (id === undefined) return;
  // By `_id` alone (a point read on any store), the kind checked here.
  if ((await collections.catalogTypes.findOne({ _id: id }, { projection: { kind: 1 } }))?.kind === kind) return;
  throw kind === 'itemType' ? new ProblemError('ITEM_TYPE_NOT_FOUND', `no item type ${id}`) : new ProblemError('LOCATION_TYPE_NOT_FOUND', `no location type ${id}`);
}
