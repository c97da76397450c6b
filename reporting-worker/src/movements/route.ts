import type { MovementsQuery, MovementsReport } from '@inventory/contracts';
import type { Router } from 'express';
import type { CollectionsFor } from '../shared/collections.js';
import { requireCatalogType } from '../shared/known-ids.js';
import { reportMetadata } from '../shared/metadata.js';
import { reportRoute } from '../shared/report-request.js';
import { sendReport } from '../shared/send-report.js';
import { rememberedLocationTypes } from '../locations/read-locations.js';
import { buildMovements } from './build.js';
import { readMovementTotals } from './read-totals.js';

/** One CSV table: a `section` column tells buckets, busiest lists and dwell rows apart. */
export const MOVEMENTS_COLUMNS = ['section', 'key', 'moves', 'movesIn', 'movesOut', 'averageDwellMs'] as const;

export function* movementsCsvRows(report: MovementsReport): Generator<Record<string, string | number | undefined>> {
  for (const bucket of report.buckets) yield { section: 'bucket', ...bucket };
  for (const { locationId, moves } of report.busiestLocations) yield { section: 'busiestLocation', key: locationId, moves };
  for (const { itemTypeId, moves } of report.busiestItemTypes) yield { section: 'busiestItemType', key: itemTypeId, moves };
  for (const { locationTypeId, departures, averageDwellMs } of report.dwellByLocationType) yield { section: 'dwell', key: locationTypeId, moves: departures, averageDwellMs };
}

export function mountMovements(router: Router, collectionsNow: CollectionsFor): void {
  const locationTypesOf = rememberedLocationTypes();
  reportRoute<MovementsQuery>(router, 'getMovementsReport', async ({ parameters, format, req, res }) => {
    const collections = await collectionsNow(req);
    await requireCatalogType(collections, 'itemType', parameters.itemType);
    const [totals, metadata] = await Promise.all([readMovementTotals(collections, Date.parse(parameters.from), Date.parse(parameters.to), parameters.itemType), reportMetadata(collections, parameters)]);
    // Dwell rolls up by the type of each source location.
    const locationTypes = await locationTypesOf(collections, Object.keys(totals.out));
    const report: MovementsReport = { metadata, ...buildMovements(parameters, totals, (id) => locationTypes.get(id)) };
    await sendReport(res, format, report, () => ({ columns: MOVEMENTS_COLUMNS, rows: movementsCsvRows(report) }));
  });
}
