import type { Doc } from './stored-document.js';

/**
 * Documents as this process last read or wrote them, kept from one unit of work to the next so a
 * document a chunk touches again costs no load. Never trusted blindly: every write-back is
 * conditional on the revision and every read is checked after the write-back, so a copy someone
 * else has changed meanwhile only costs a retry (and is then forgotten or refreshed).
 * `complete`: the collections started empty and only this process writes them (a rebuild's fresh
 * generation), so an id never seen is known absent without asking the store, until the bound
 * first forces everything out.
 */
export class DocumentCache {
  private readonly collections = new Map<string, Map<string, Doc | null>>();
  private size = 0;

  constructor(private readonly maxDocuments: number, private complete = false) {}

  /** The document, null if known absent, undefined if unknown. */
  get(collection: string, id: string): Doc | null | undefined {
    const known = this.collections.get(collection)?.get(id);
    return known === undefined && this.complete ? null : known;
  }

  remember(collection: string, id: string, doc: Doc | null): void {
    let docs = this.collections.get(collection);
    if (!docs) this.collections.set(collection, (docs = new Map()));
    if (!docs.has(id)) this.size += 1;
    docs.set(id, doc);
    if (this.size > this.maxDocuments) {
      this.collections.clear();
      this.size = 0;
      this.complete = false;
    }
  }

  /** Next time, ask the store (someone else wrote it: so nothing unseen can be taken as absent any more). */
  forget(collection: string, id: string): void {
    if (this.collections.get(collection)?.delete(id)) this.size -= 1;
    this.complete = false;
  }
}
