import type { IdTable } from './id-table.js';
import { addCell, readCounters, type MovementCell } from './packed-cell.js';

/**
 * Sums many cells, packed ones straight from their bytes into arrays by id-table position (a
 * 30-day report adds ~45,000 counters; keyed objects made that a third of its time), live ones by
 * id. Each add returns the cell's moves, for per-day totals.
 */
export class CellSums {
  private readonly byType: Float64Array;
  private readonly moved: Float64Array;
  private readonly out: Float64Array;
  private readonly dwellMs: Float64Array;
  private readonly live: MovementCell = {};

  constructor(private readonly table: IdTable) {
    [this.byType, this.moved, this.out, this.dwellMs] = [0, 0, 0, 0].map(() => new Float64Array(table.size)) as [Float64Array, Float64Array, Float64Array, Float64Array];
  }

  addPacked(bytes: Uint8Array): number {
    let moves = 0;
    readCounters(bytes, (position, n) => {
      this.byType[position]! += n;
      moves += n;
    }, (position, moved, left, dwellMs) => {
      this.moved[position]! += moved;
      this.out[position]! += left;
      this.dwellMs[position]! += dwellMs;
    });
    return moves;
  }

  /** One move, its ids as positions (a compacted log's). */
  addMove(itemType: number, from: number, to: number, dwellMs: number): void {
    this.byType[itemType]! += 1;
    this.moved[to]! += 1;
    this.out[from]! += 1;
    this.dwellMs[from]! += dwellMs;
  }

  addLive(cell: MovementCell): number {
    addCell(this.live, cell);
    return Object.values(cell.byType ?? {}).reduce((sum, n) => sum + n, 0);
  }

  /** Everything added, keyed by id as `$inc` would have left it. */
  total(): Required<MovementCell> {
    const total: Required<MovementCell> = { byType: {}, in: {}, out: {}, dwellMs: {} };
    this.table.ids.forEach((id, position) => {
      if (this.byType[position] !== 0) total.byType[id] = this.byType[position]!;
      if (this.moved[position] !== 0) total.in[id] = this.moved[position]!;
      if (this.out[position] !== 0 || this.dwellMs[position] !== 0) {
        total.out[id] = this.out[position]!;
        total.dwellMs[id] = this.dwellMs[position]!;
      }
    });
    return addCell(total, this.live) as Required<MovementCell>;
  }
}
