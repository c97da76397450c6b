import type { CountsQuery, CountsReport } from '@inventory/contracts';
import type { Router } from 'express';
import type { CollectionsFor } from '../shared/collections.js';
import { requireCatalogType } from '../shared/known-ids.js';
import { reportMetadata } from '../shared/metadata.js';
import { reportRoute } from '../shared/report-request.js';
import { sendReport } from '../shared/send-report.js';
import { readLocations, type KnownLocation } from '../locations/read-locations.js';

export const COUNTS_COLUMNS = ['itemTypeId', 'locationTypeId', 'itemCount'] as const;

/** Item type × location type, summed over the per-location buckets (a location's type never changes). */
export function buildCounts(locations: readonly KnownLocation[], { itemType, locationType }: CountsQuery): CountsReport['rows'] {
  const counts = new Map<string, CountsReport['rows'][number]>();
  for (const { locationTypeId, byItemType } of locations) {
    if (locationType !== undefined && locationTypeId !== locationType) continue;
    for (const [itemTypeId, n] of Object.entries(byItemType ?? {})) {
      if (itemType !== undefined && itemTypeId !== itemType) continue;
      const key = `${itemTypeId}|${locationTypeId}`;
      const row = counts.get(key) ?? { itemTypeId, locationTypeId, itemCount: 0 };
      row.itemCount += n;
      counts.set(key, row);
    }
  }
  return [...counts.values()].filter(({ itemCount }) => itemCount !== 0)
    .sort((a, b) => a.itemTypeId.localeCompare(b.itemTypeId) || a.locationTypeId.localeCompare(b.locationTypeId));
}

export function mountCounts(router: Router, collectionsNow: CollectionsFor): void {
  reportRoute<CountsQuery>(router, 'getCountsReport', async ({ parameters, format, req, res }) => {
    const collections = await collectionsNow(req);
    await Promise.all([requireCatalogType(collections, 'itemType', parameters.itemType), requireCatalogType(collections, 'locationType', parameters.locationType)]);
    const [locations, metadata] = await Promise.all([readLocations(collections), reportMetadata(collections, parameters)]);
    const report: CountsReport = { metadata, rows: buildCounts(locations, parameters) };
    await sendReport(res, format, report, () => ({ columns: COUNTS_COLUMNS, rows: report.rows }));
  });
}
