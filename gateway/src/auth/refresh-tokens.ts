import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { Collection, Db } from 'mongodb';

interface RefreshTokenDocument {
  /** SHA-256 of the token: a stolen database dump yields no usable token. */
  _id: string;
  userId: string;
  /** Every token rotated from one login shares the family; reuse of a spent token revokes the family. */
  familyId: string;
  expiresAt: Date;
  usedAt: Date | null;
  revokedAt: Date | null;
}

const digest = (token: string): string => createHash('sha256').update(token).digest('base64url');

export type RotationResult = { userId: string; token: string } | { refused: 'unknown' | 'expired' | 'reused' };

/** Opaque, rotating, revocable refresh tokens. Expiry is a stored date checked on use (no TTL index on FerretDB). */
export class RefreshTokens {
  private readonly tokens: Collection<RefreshTokenDocument>;

  constructor(db: Db, private readonly ttlSeconds: number) {
    this.tokens = db.collection<RefreshTokenDocument>('refresh_tokens');
  }

  async ensureIndexes(): Promise<void> {
    await this.tokens.createIndex({ userId: 1 });
    await this.tokens.createIndex({ familyId: 1 });
  }

  async issue(userId: string, familyId: string = randomUUID()): Promise<string> {
    const token = randomBytes(32).toString('base64url');
    const now = Date.now();
    // Housekeeping instead of a TTL index: a user's expired tokens go when a new one is issued.
    await this.tokens.deleteMany({ userId, expiresAt: { $lt: new Date(now) } });
    await this.tokens.insertOne({ _id: digest(token), userId, familyId, expiresAt: new Date(now + this.ttlSeconds * 1000), usedAt: null, revokedAt: null });
    return token;
  }

  /**
   * Spends `token` (atomically: of two concurrent uses only one wins) and issues its successor.
   * A reuse races the winner's successor, which may not exist yet when the family is swept. So each
   * side writes, then reads what the other writes: the reuse marks the spent token revoked and only
   * then sweeps the family; the winner stores its successor and only then re-reads the spent token.
   * Either the sweep finds the successor, or the winner sees the mark, sweeps again and refuses.
   */
  async rotate(token: string): Promise<RotationResult> {
    const now = new Date();
    const spent = await this.tokens.findOneAndUpdate({ _id: digest(token), usedAt: null, revokedAt: null }, { $set: { usedAt: now } });
    if (!spent) {
      const known = await this.tokens.findOne({ _id: digest(token) });
      if (!known) return { refused: 'unknown' };
      await this.tokens.updateOne({ _id: known._id, revokedAt: null }, { $set: { revokedAt: new Date() } });
      await this.revokeFamily(known.familyId);
      return { refused: 'reused' };
    }
    if (spent.expiresAt <= now) return { refused: 'expired' };
    const successor = await this.issue(spent.userId, spent.familyId);
    const reused = await this.tokens.countDocuments({ _id: spent._id, revokedAt: { $ne: null } });
    if (reused > 0) {
      await this.revokeFamily(spent.familyId);
      return { refused: 'reused' };
    }
    return { userId: spent.userId, token: successor };
  }

  /** Logout: the token's whole family stops working. Someone else's or unknown tokens are ignored (nothing to reveal). */
  async revoke(token: string, userId: string): Promise<void> {
    const known = await this.tokens.findOne({ _id: digest(token), userId });
    if (known) await this.revokeFamily(known.familyId);
  }

  async revokeAllOf(userId: string): Promise<void> {
    await this.tokens.updateMany({ userId, revokedAt: null }, { $set: { revokedAt: new Date() } });
  }

  private async revokeFamily(familyId: string): Promise<void> {
    await this.tokens.updateMany({ familyId, revokedAt: null }, { $set: { revokedAt: new Date() } });
  }
}
