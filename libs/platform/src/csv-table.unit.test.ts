import assert from 'node:assert/strict';
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import fc from 'fast-check';
import { csvOptions } from './csv-table.js';

const FORMULA_STARTS = ['=', '+', '-', '@', '\t', '\r'];
const columns = ['name', 'count'] as const;
const write = (rows: Record<string, string | number>[]): string => stringify(rows, csvOptions(columns));
const read = (csv: string): Record<string, string>[] => parse(csv, { columns: true });

describe('CSV tables: formula injection', function () {
  it('prefixes and quotes every text cell that starts like a formula, and parses back to the prefixed value', function () {
    fc.assert(fc.property(fc.constantFrom(...FORMULA_STARTS), fc.string(), fc.integer(), (start, rest, count) => {
      const name = `${start}${rest}`;
      const csv = write([{ name, count }]);
      const dataLine = csv.slice(csv.indexOf('\n') + 1);
      assert.ok(dataLine.startsWith(`"'`), `neutralised and quoted: ${JSON.stringify(dataLine)}`);
      assert.deepEqual(read(csv), [{ name: `'${name}`, count: String(count) }]);
    }), { numRuns: 200 });
  });

  it('leaves other text cells and numbers, also negative ones, as they are', function () {
    fc.assert(fc.property(fc.string().filter((text) => !FORMULA_STARTS.some((start) => text.startsWith(start))), fc.integer({ max: -1 }), (name, count) => {
      const csv = write([{ name, count }]);
      assert.deepEqual(read(csv), [{ name, count: String(count) }]);
      assert.ok(csv.endsWith(`,${count}\n`), `a negative number is written unchanged: ${JSON.stringify(csv)}`);
    }), { numRuns: 200 });
  });
});
