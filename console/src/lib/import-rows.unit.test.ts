import assert from 'node:assert/strict';
import fc from 'fast-check';
import { chunks, MAX_BULK } from './chunks';
import { checkRow, guessMapping, locationCodes, type Lookups } from './import-rows';

const lookups: Lookups = {
  itemTypeIds: new Map([['laptop', 'type-1'], ['type-1', 'type-1']]),
  locationIds: new Map([['BIN-1', 'loc-1']]),
  defaultKind: 'CHILD',
};

describe('console CSV import rows', function () {
  it('maps the usual header names to fields', function () {
    assert.deepEqual(guessMapping(['Name', 'Item_Type', 'Location Code', 'Serial', 'other']),
      { name: 'Name', itemType: 'Item_Type', location: 'Location Code', serialNumber: 'Serial' });
  });

  it('turns a good row into a registration and names every problem of a bad one with its line', function () {
    const mapping = { name: 'n', itemType: 't', location: 'l', kind: 'k', barcode: 'b' };
    assert.deepEqual(checkRow({ n: ' Laptop 1 ', t: 'Laptop', l: 'BIN-1', k: '', b: 'B-1' }, 0, mapping, lookups), {
      line: 2, errors: [], request: { name: 'Laptop 1', itemTypeId: 'type-1', locationId: 'loc-1', kind: 'CHILD', serialNumber: null, barcode: 'B-1' },
    });
    const bad = checkRow({ n: '', t: 'Chair', l: 'BIN-9', k: 'box' }, 4, mapping, lookups);
    assert.equal(bad.line, 6);
    assert.deepEqual(bad.errors, ['name is empty', 'no item type "Chair"', 'no location with code "BIN-9"', 'kind "box" is neither PARENT nor CHILD']);
  });

  it('looks each location code up once', function () {
    assert.deepEqual(locationCodes([{ l: 'A' }, { l: ' A ' }, { l: '' }, { l: 'B' }], { location: 'l' }), ['A', 'B']);
  });

  it('splits any import into bulk requests of at most 500 that keep every row in order', function () {
    fc.assert(fc.property(fc.array(fc.nat(), { maxLength: 2000 }), (rows) => {
      const batches = chunks(rows);
      assert.ok(batches.every((batch) => batch.length > 0 && batch.length <= MAX_BULK));
      assert.deepEqual(batches.flat(), rows);
    }), { numRuns: 100 });
  });
});
