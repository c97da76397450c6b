import assert from 'node:assert/strict';
import fc from 'fast-check';
import { decodeMoves, encodeMoves, idsOfMoves } from '../movements/move-log.js';
import { ByteReader, ByteWriter } from './bytes.js';
import { IdTable, decodeIds, encodeIds } from './id-table.js';
import { decodeLocations, encodeLocations, idsOfLocation, type LocationState } from './location-snapshot.js';
import { CellSums } from './cell-sums.js';
import { addCell, decodeCell, encodeCell, idsOfCell } from './packed-cell.js';

/** fast-check's records and dictionaries have no prototype; decoded ones do. */
const plain = <T>(value: T): T => structuredClone(value);
const counts = (keys: fc.Arbitrary<string>, values: fc.Arbitrary<number>) => fc.dictionary(keys, values, { maxKeys: 8 });
const uuid = fc.uuid();
/** A cell as `$inc` leaves it: dwell exactly where departures are. */
const cellArbitrary = fc.tuple(counts(uuid, fc.integer({ min: 1, max: 10_000 })), counts(uuid, fc.integer({ min: 1, max: 10_000 })), counts(uuid, fc.integer({ min: 1, max: 10_000 })), fc.integer({ min: -1e6, max: 2 ** 50 }))
  .map(([byType, moved, out, dwell]) => ({ byType, in: moved, out, dwellMs: Object.fromEntries(Object.keys(out).map((id, i) => [id, dwell + i])) }));

describe('packed report documents', () => {
  it('integers up to 2^52 survive the variable-length encoding, negative ones too', () => {
    fc.assert(fc.property(fc.array(fc.integer({ min: -(2 ** 52), max: 2 ** 52 })), (values) => {
      const writer = new ByteWriter();
      values.forEach((value) => writer.int(value));
      const reader = new ByteReader(writer.toBuffer());
      assert.deepEqual(values.map(() => reader.int()), values);
      assert.ok(reader.done);
    }));
  });

  it('a movement cell decodes to what was encoded', () => {
    fc.assert(fc.property(cellArbitrary, (cell) => {
      const table = new IdTable(new IdTable().missing(idsOfCell(cell)));
      assert.deepEqual(decodeCell(encodeCell(cell, table), table), plain(cell));
    }));
  });

  it('packed plus live adds up to the sum of both', () => {
    fc.assert(fc.property(cellArbitrary, cellArbitrary, (a, b) => {
      const table = new IdTable(new IdTable().missing([...idsOfCell(a), ...idsOfCell(b)]));
      const merged = addCell(decodeCell(encodeCell(a, table), table), b);
      for (const key of ['byType', 'in', 'out', 'dwellMs'] as const) {
        for (const id of new Set([...Object.keys(a[key]), ...Object.keys(b[key])])) assert.equal(merged[key]?.[id], (a[key][id] ?? 0) + (b[key][id] ?? 0));
      }
    }));
  });

  it('summed straight from the bytes, packed and live cells add up as decoded cells do, and each add returns its moves', () => {
    fc.assert(fc.property(fc.array(fc.tuple(cellArbitrary, fc.boolean()), { maxLength: 6 }), (cells) => {
      const table = new IdTable(new IdTable().missing(cells.flatMap(([cell]) => idsOfCell(cell))));
      const sums = new CellSums(table);
      const expected = { byType: {}, in: {}, out: {}, dwellMs: {} };
      for (const [cell, packed] of cells) {
        const moves = packed ? sums.addPacked(encodeCell(cell, table)) : sums.addLive(cell);
        assert.equal(moves, Object.values(cell.byType).reduce((a, b) => a + b, 0));
        addCell(expected, cell);
      }
      assert.deepEqual(sums.total(), plain(expected));
    }));
  });

  it('nothing packed yet reads as empty', () => {
    assert.deepEqual(decodeCell(new Uint8Array(), new IdTable()), {});
    assert.deepEqual(decodeMoves(new Uint8Array(), new IdTable()), []);
  });

  it('logged moves decode to what was encoded, in their order', () => {
    const move = fc.record({ at: fc.integer({ min: 0, max: Date.UTC(2100, 0, 1) }), itemTypeId: uuid, fromLocationId: uuid, toLocationId: uuid, dwellMs: fc.integer({ min: -1e6, max: 1e12 }) });
    fc.assert(fc.property(fc.array(move, { maxLength: 20 }), (moves) => {
      const table = new IdTable(new IdTable().missing(idsOfMoves(moves)));
      assert.deepEqual(decodeMoves(encodeMoves(moves, table), table), plain(moves));
    }));
  });

  it('the location snapshot decodes to the documents it was made of', () => {
    const location = fc.record({
      _id: uuid, code: fc.string(), name: fc.string(), locationTypeId: uuid, parentLocationId: fc.option(uuid, { nil: null }),
      active: fc.boolean(), deleted: fc.boolean(), itemCount: fc.integer(), byItemType: counts(uuid, fc.integer({ min: -5, max: 1e6 })),
    }, { requiredKeys: ['_id'] });
    fc.assert(fc.property(fc.uniqueArray(location, { selector: ({ _id }) => _id, maxLength: 10 }), (locations) => {
      const table = new IdTable(new IdTable().missing(locations.flatMap((l) => idsOfLocation(l))));
      const expected = plain(locations.map((l): LocationState => ({ ...l, itemCount: l.itemCount ?? 0, byItemType: l.byItemType ?? {} })));
      assert.deepEqual(decodeLocations(encodeLocations(locations, table), table), expected);
    }));
  });

  it('the id table keeps every position it gave', () => {
    fc.assert(fc.property(fc.array(uuid), fc.array(uuid), (first, more) => {
      const table = new IdTable(new IdTable().missing(first));
      const longer = new IdTable(decodeIds(encodeIds([...table.ids, ...table.missing(more)])));
      for (const id of table.ids) assert.equal(longer.positionOf(id), table.positionOf(id));
      for (const id of more) assert.equal(longer.idAt(longer.positionOf(id)), id);
    }));
  });
});
