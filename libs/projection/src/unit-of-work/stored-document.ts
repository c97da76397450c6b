import type { Document } from 'mongodb';

/** A stored document as the unit of work keeps it (string `_id`s only: every read model uses them). */
export type Doc = Document & { _id: string };

/**
 * The optimistic-concurrency token every document written through a unit of work carries
 * (changed on every write): a write-back only replaces the version it read. Whoever else writes
 * such a document (a sweeper, a tool) must set a new one too (see newRevision).
 */
export const REVISION_FIELD = '_rev';
