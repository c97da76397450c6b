import type { InventoryEvent } from '@inventory/contracts';
import type { ReadModelSpace } from './read-models.js';
import type { FoldDocuments, ModelDocument } from './fold-documents.js';
import { foldDocuments, foldInUnit } from './unit-of-work/unit-of-work.js';

export * from './fold-documents.js';

export type EventType = InventoryEvent['type'];
export type EventOf<T extends EventType> = Extract<InventoryEvent, { type: T }>;

/** A document of another model's collection that a model reads, never writes (see DocumentModel.reads). */
export interface DocumentRef {
  collection: string;
  id: string;
}

/** The documents a model declared in `reads` for the event (null: absent); any other one throws. */
export type ReadDocument = (collection: string, id: string) => ModelDocument | null;

/**
 * The documents of one collection a read model owns, as a pure fold: `evolve(document, event, id)`
 * gives the document after the event (null: absent), `idsOf(event)` the documents an event of
 * `handles` changes. Both may look at the documents `reads(event)` names in other models'
 * collections (an item's type, say), as the models listed before this one in the projection left
 * them for this event: list a model after those that read its documents, so they see them as
 * they were before the event. No store in sight: the runner loads the documents a chunk touches by `_id`,
 * folds the chunk's events into them in memory and writes each changed one once, conditional on
 * the revision it read; a document someone else changed meanwhile is folded again from the fresh
 * copy, which is why evolve must be pure. It must also tolerate a replay (a crash between the
 * write-back and the checkpoint replays the chunk): ignore what an event's version has seen.
 * Return the document itself when nothing changes (no write then).
 */
export interface DocumentModel<D extends ModelDocument = ModelDocument, T extends EventType = EventType> {
  /** Base name of the collection (ReadModelSpace adds projection and generation). */
  collection: string;
  handles: readonly T[];
  reads?(event: EventOf<T>): readonly DocumentRef[];
  /** `read` is always given by the runner and foldModels (optional only so a model that reads nothing is called without). */
  idsOf(event: EventOf<T>, read?: ReadDocument): readonly string[];
  evolve(document: D | null, event: EventOf<T>, id: string, read?: ReadDocument): D | null;
}

/**
 * A read model whose event changes documents it finds only through others (a parent's children,
 * an item's neighbouring timeline rows) or documents in several collections at once (an item and
 * its entry in the contents index): `evolve` is a pure function of the event and the documents it
 * gets, and the runner writes each changed document once, conditional on the revision it read (a
 * document someone else changed meanwhile redoes the event's key on fresh copies). Put back the
 * document itself when nothing changes (no write then); tolerate a replay as DocumentModel does.
 */
export interface FoldModel<T extends EventType = EventType> {
  handles: readonly T[];
  evolve(event: EventOf<T>, documents: FoldDocuments): void;
}

/** A model with its own event and document types, in a list of models of any types. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyDocumentModel = DocumentModel<any, any> | FoldModel<any>;

// eslint-disable-next-line @typescript-eslint/no-explicit-any
const isFold = (model: AnyDocumentModel): model is FoldModel<any> => !('idsOf' in model);

export const modelHandles = (model: AnyDocumentModel, event: InventoryEvent): boolean => (model.handles as readonly string[]).includes(event.type);

/** Documents per collection (base name), by `_id`; null: known absent. */
export type ModelDocuments = Map<string, Map<string, ModelDocument | null>>;

/** FoldDocuments over documents in memory, absent ones null (what a property test folds into). */
function inMemory(documents: ModelDocuments): FoldDocuments {
  const of = (collection: string) => {
    let docs = documents.get(collection);
    if (!docs) documents.set(collection, (docs = new Map()));
    return docs;
  };
  return {
    load: () => undefined,
    get: <D extends ModelDocument>(collection: string, id: string) => (of(collection).get(id) ?? null) as D | null,
    put: (collection, id, document) => void of(collection).set(id, document),
  };
}

/**
 * Folds `events` in order into `documents` (changed in place, absent ones start as null): what the
 * runner does with a chunk, here without a store, for property tests against a reference model.
 */
export function foldModels(models: readonly AnyDocumentModel[], events: Iterable<InventoryEvent>, documents: ModelDocuments = new Map()): ModelDocuments {
  const view = inMemory(documents);
  for (const event of events) {
    for (const model of models) {
      if (!modelHandles(model, event)) continue;
      if (isFold(model)) {
        model.evolve(event, view);
        continue;
      }
      let docs = documents.get(model.collection);
      if (!docs) documents.set(model.collection, (docs = new Map()));
      const read = readerOf(model.reads?.(event) ?? [], (collection, id) => documents.get(collection)?.get(id) ?? null);
      for (const id of model.idsOf(event, read)) docs.set(id, model.evolve(docs.get(id) ?? null, event, id, read));
    }
  }
  return documents;
}

/** `read` limited to what the model declared, so a missing declaration fails in a fold without a store too. */
export function readerOf(refs: readonly DocumentRef[], read: ReadDocument): ReadDocument {
  return (collection, id) => {
    if (!refs.some((ref) => ref.collection === collection && ref.id === id)) throw new Error(`read of ${collection} ${id}, which the model did not declare in reads(event)`);
    return read(collection, id);
  };
}

const notLoadedYet = (): never => {
  throw new Error('not loaded yet');
};

/**
 * What `model` is known to need for `event` before anything is loaded (what the runner loads for
 * a whole unit at once): a DocumentModel's reads and the ids it names without them, a FoldModel's
 * first round of loads. What depends on loaded documents is loaded when the event runs.
 */
export function firstLoads(model: AnyDocumentModel, event: InventoryEvent): DocumentRef[] {
  const refs: DocumentRef[] = [];
  try {
    if (isFold(model)) {
      const asked = (collection: string, ids: readonly string[]): never => {
        for (const id of ids) refs.push({ collection, id });
        return notLoadedYet();
      };
      model.evolve(event, { load: asked, get: (collection, id) => asked(collection, [id]), put: () => undefined });
    } else {
      refs.push(...(model.reads?.(event) ?? []));
      for (const id of model.idsOf(event, notLoadedYet)) refs.push({ collection: model.collection, id });
    }
  } catch {
    // Ids that depend on loaded documents, or an event that fails (and is dead-lettered) when it is handled.
  }
  return refs;
}

/** One event through the models that handle it, in the runner's unit of work (see DocumentModel, FoldModel). */
export async function evolveModels(models: readonly AnyDocumentModel[], event: InventoryEvent, space: ReadModelSpace): Promise<void> {
  for (const model of models) {
    if (!modelHandles(model, event)) continue;
    if (isFold(model)) {
      await foldDocuments(space, (documents) => model.evolve(event, documents));
      continue;
    }
    const refs = model.reads?.(event) ?? [];
    await foldInUnit(space, {
      collection: model.collection,
      reads: refs,
      idsOf: (read) => model.idsOf(event, readerOf(refs, read)),
      evolve: (doc, id, read) => model.evolve(doc, event, id, readerOf(refs, read)),
    });
  }
}
