import { ProblemError, type InventoryStatusReport, type InventoryStatusQuery } from '@inventory/contracts';
import type { Router } from 'express';
import type { CollectionsFor } from '../shared/collections.js';
import { requireCatalogType } from '../shared/known-ids.js';
import { reportMetadata } from '../shared/metadata.js';
import { reportRoute } from '../shared/report-request.js';
import { sendReport } from '../shared/send-report.js';
import { readLocations } from '../locations/read-locations.js';
import { buildInventoryStatus } from './build.js';

export const INVENTORY_STATUS_COLUMNS = ['locationId', 'code', 'name', 'parentLocationId', 'depth', 'itemCount', 'totalItemCount', 'byItemType'] as const;

/** CSV cell for the per-type counts: `itemTypeId:count` pairs separated by spaces. */
export const byItemTypeCell = (byItemType: readonly { itemTypeId: string; itemCount: number }[]): string =>
  byItemType.map(({ itemTypeId, itemCount }) => `${itemTypeId}:${itemCount}`).join(' ');

export function mountInventoryStatus(router: Router, collectionsNow: CollectionsFor): void {
  reportRoute<InventoryStatusQuery>(router, 'getInventoryStatusReport', async ({ parameters, format, req, res }) => {
    const collections = await collectionsNow(req);
    await requireCatalogType(collections, 'itemType', parameters.itemType);
    const [locations, metadata] = await Promise.all([readLocations(collections), reportMetadata(collections, parameters)]);
    if (parameters.rootId !== undefined && !locations.some((location) => location._id === parameters.rootId)) {
      throw new ProblemError('LOCATION_NOT_FOUND', `no location ${parameters.rootId}`);
    }
    const report: InventoryStatusReport = { metadata, locations: buildInventoryStatus(locations, parameters) };
    await sendReport(res, format, report, () => ({
      columns: INVENTORY_STATUS_COLUMNS,
      rows: report.locations.map((row) => ({ ...row, byItemType: byItemTypeCell(row.byItemType) })),
    }));
  });
}
