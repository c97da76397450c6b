import type { AuditEntry, AuditQuery, ErrorCode } from '@inventory/contracts';
import { MongoBulkWriteError, type Collection, type Db, type Filter } from 'mongodb';

export interface AuditRecord {
  _id: string;
  at: Date;
  userId: string | null;
  username: string | null;
  action: string;
  method: string;
  path: string;
  /** The id the call acted on (path id, or the username a login was tried for). */
  targetId: string | null;
  outcome: AuditEntry['outcome'];
  status: number;
  errorCode: ErrorCode | null;
  correlationId: string;
  ip: string | null;
}

/** Where the audit queue writes to: AuditLog, or a stand-in in tests. */
export interface AuditSink {
  /** Idempotent per record id, so a batch retried after an ambiguous failure is not doubled. */
  appendMany(records: AuditRecord[]): Promise<void>;
}

const DUPLICATE_KEY = 11000;

/** The cursor is the last entry's id; the next page starts after its (at, _id) position. */
export class AuditLog implements AuditSink {
  private readonly records: Collection<AuditRecord>;

  constructor(db: Db) {
    this.records = db.collection<AuditRecord>('audit');
  }

  async ensureIndexes(): Promise<void> {
    await this.records.createIndex({ at: 1, _id: 1 });
    await this.records.createIndex({ userId: 1, at: 1 });
  }

  async appendMany(records: AuditRecord[]): Promise<void> {
    try {
      await this.records.insertMany(records, { ordered: false });
    } catch (error) {
      // A retried batch: the records already stored are refused by id, which is what we want.
      if (!(error instanceof MongoBulkWriteError) || [error.writeErrors].flat().some((failure) => failure.code !== DUPLICATE_KEY)) throw error;
    }
  }

  /** Oldest first. Undefined when the cursor names no entry (not one we issued). */
  async find({ from, to, userId, action, outcome, limit, cursor }: AuditQuery): Promise<{ items: AuditRecord[]; nextCursor: string | null } | undefined> {
    const after = cursor === undefined ? undefined : await this.records.findOne({ _id: cursor });
    if (after === null) return undefined;
    const at = { ...(from ? { $gte: new Date(from) } : {}), ...(to ? { $lt: new Date(to) } : {}) };
    const query: Filter<AuditRecord> = {
      ...(userId ? { userId } : {}),
      ...(action ? { action } : {}),
      ...(outcome ? { outcome } : {}),
      ...(Object.keys(at).length > 0 ? { at } : {}),
      ...(after ? { $or: [{ at: { $gt: after.at } }, { at: after.at, _id: { $gt: after._id } }] } : {}),
    };
    const page = await this.records.find(query).sort({ at: 1, _id: 1 }).limit(limit + 1).toArray();
    const items = page.slice(0, limit);
    return { items, nextCursor: page.length > limit ? items.at(-1)?._id ?? null : null };
  }
}

export const toAuditEntry = ({ _id, at, userId, action, method, path, targetId, status, outcome, errorCode, correlationId, ip }: AuditRecord): AuditEntry =>
  ({ id: _id, at: at.toISOString(), userId, action, method, path, targetId, status, outcome, errorCode, correlationId, ip });
