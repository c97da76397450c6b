import { ProblemError } from '@inventory/contracts';
import type { ReportCollections } from '../aggregation/store.js';

/** A filter naming a type the catalog never defined is an error, not an empty report. */
export async function requireCatalogType(collections: ReportCollections, kind: 'itemType' | 'locationType', id: string | undefined): Promise<void> {
  if (id === undefined) return;
  if (await collections.catalogTypes.countDocuments({ _id: id, kind }, { limit: 1 })) return;
  throw kind === 'itemType' ? new ProblemError('ITEM_TYPE_NOT_FOUND', `no item type ${id}`) : new ProblemError('LOCATION_TYPE_NOT_FOUND', `no location type ${id}`);
}
