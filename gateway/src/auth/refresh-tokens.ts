import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { Collection, Db } from 'mongodb';
import { ensureIndexes, expiresByItself } from '@inventory/platform';

interface RefreshTokenDocument {
  /** SHA-256 of the token: a stolen database dump yields no usable token. */
  _id: string;
  userId: string;
  /** Every token rotated from one login shares the family; reuse of a spent token revokes the family. */
  familyId: string;
  expiresAt: Date;
  usedAt: Date | null;
  revokedAt: Date | null;
  /** The user's revocation epoch when the family began (missing: 0); a token of an older epoch is dead (see revokeAllOf). */
  epoch?: number;
}

/** Per user: how many times all their tokens were revoked. */
interface RevocationEpochDocument {
  _id: string;
  epoch: number;
}

const digest = (token: string): string => createHash('sha256').update(token).digest('base64url');

export type RotationResult = { userId: string; token: string } | { refused: 'unknown' | 'expired' | 'reused' | 'revoked' };

/** Opaque, rotating, revocable refresh tokens. Expiry is a stored date checked on use; the store's TTL index removes expired ones where the profile has them. */
export class RefreshTokens {
  private readonly tokens: Collection<RefreshTokenDocument>;
  private readonly epochs: Collection<RevocationEpochDocument>;

  constructor(db: Db, private readonly ttlSeconds: number) {
    this.tokens = db.collection<RefreshTokenDocument>('refresh_tokens');
    this.epochs = db.collection<RevocationEpochDocument>('refresh_token_epochs');
  }

  async ensureIndexes(): Promise<void> {
    await ensureIndexes(this.tokens, [
      { name: 'userId_1', key: { userId: 1 } },
      { name: 'familyId_1', key: { familyId: 1 } },
      { name: 'expiry', key: { expiresAt: 1 }, expires: true },
    ]);
  }

  /** A new family starts in the user's current epoch; a successor inherits its family's (`family`). */
  async issue(userId: string, family?: { familyId: string; epoch: number }): Promise<string> {
    const token = randomBytes(32).toString('base64url');
    const { familyId, epoch } = family ?? { familyId: randomUUID(), epoch: await this.epochOf(userId) };
    const now = Date.now();
    // Housekeeping where the store has no TTL index: a user's expired tokens go when a new one is issued.
    if (!expiresByItself(this.tokens)) await this.tokens.deleteMany({ userId, expiresAt: { $lt: new Date(now) } });
    await this.tokens.insertOne({ _id: digest(token), userId, familyId, epoch, expiresAt: new Date(now + this.ttlSeconds * 1000), usedAt: null, revokedAt: null });
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
    const family = { familyId: spent.familyId, epoch: spent.epoch ?? 0 };
    const successor = await this.issue(spent.userId, family);
    const reused = await this.tokens.countDocuments({ _id: spent._id, revokedAt: { $ne: null } });
    // Read after the successor is stored: a revokeAllOf that bumped the epoch before this read is seen
    // here; one that bumps it later sweeps the tokens afterwards and so finds the successor.
    const revoked = (await this.epochOf(spent.userId)) !== family.epoch;
    if (reused > 0 || revoked) {
      await this.revokeFamily(spent.familyId);
      return { refused: reused > 0 ? 'reused' : 'revoked' };
    }
    return { userId: spent.userId, token: successor };
  }

  /** Logout: the token's whole family stops working. Someone else's or unknown tokens are ignored (nothing to reveal). */
  async revoke(token: string, userId: string): Promise<void> {
    const known = await this.tokens.findOne({ _id: digest(token), userId });
    if (known) await this.revokeFamily(known.familyId);
  }

  /**
   * Every token of the user stops working, also one a rotation in flight mints meanwhile: the epoch
   * goes up first (atomic, one document), then the tokens are marked. A rotation checks the epoch
   * after storing its successor (see rotate), and a token of an older epoch is refused on use even
   * if the marking missed it (a multi-document update does not see an insert racing it).
   */
  async revokeAllOf(userId: string): Promise<void> {
    await this.epochs.updateOne({ _id: userId }, { $inc: { epoch: 1 } }, { upsert: true });
    await this.tokens.updateMany({ userId, revokedAt: null }, { $set: { revokedAt: new Date() } });
  }

  private async epochOf(userId: string): Promise<number> {
    return (await this.epochs.findOne({ _id: userId }))?.epoch ?? 0;
  }

  private async revokeFamily(familyId: string): Promise<void> {
    await this.tokens.updateMany({ familyId, revokedAt: null }, { $set: { revokedAt: new Date() } });
  }
}
