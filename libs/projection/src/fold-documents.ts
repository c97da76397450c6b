/** What every read-model document is addressed by. */
export interface ModelDocument {
  _id: string;
}

/**
 * Thrown by FoldDocuments for documents not in memory yet: the runner loads them and runs the fold
 * again from the start (it is pure, so a run cut short left nothing behind).
 */
export class DocumentsNotLoaded extends Error {
  constructor(readonly collection: string, readonly ids: readonly string[]) {
    super(`${collection}: ${ids.join(', ')} not loaded`);
    this.name = 'DocumentsNotLoaded';
  }
}

/** The documents a fold reads and replaces, by collection (base name) and `_id`, as this event has left them so far. */
export interface FoldDocuments {
  /** Asks for these at once (one round trip): throws DocumentsNotLoaded while any is not in memory. */
  load(collection: string, ids: readonly string[]): void;
  /** A document asked for (null: absent); never change it, put a new one. */
  get<D extends ModelDocument>(collection: string, id: string): D | null;
  put<D extends ModelDocument>(collection: string, id: string, document: D | null): void;
}
