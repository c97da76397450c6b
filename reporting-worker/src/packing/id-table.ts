/**
 * Packed documents name locations and types by their position in one append-only table of ids
 * (a uuid costs 36 bytes, a position one or two), so a packed bucket is a few bytes per location.
 * Positions never change once given, so a reader may keep the table and reload it only when it
 * meets a position it does not know yet.
 */
export class IdTable {
  private readonly positions = new Map<string, number>();

  constructor(readonly ids: readonly string[] = []) {
    ids.forEach((id, position) => this.positions.set(id, position));
  }

  get size(): number {
    return this.ids.length;
  }

  has(id: string): boolean {
    return this.positions.has(id);
  }

  positionOf(id: string): number {
    const position = this.positions.get(id);
    if (position === undefined) throw new Error(`id ${id} has no position in the id table yet`);
    return position;
  }

  idAt(position: number): string {
    const id = this.ids[position];
    if (id === undefined) throw new Error(`no id at position ${position} of ${this.ids.length}`);
    return id;
  }

  /** The ids among `ids` that still need a position. */
  missing(ids: Iterable<string>): string[] {
    return [...new Set([...ids].filter((id) => !this.positions.has(id)))];
  }
}

/** The table's ids as stored (one per line; ids never contain a line break). */
export const encodeIds = (ids: readonly string[]): string => ids.join('\n');
export const decodeIds = (text: string): string[] => (text.length === 0 ? [] : text.split('\n'));
