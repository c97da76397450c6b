import { randomUUID } from 'node:crypto';
import { ProblemError } from '@inventory/contracts';
import type { Collection, Db, Filter } from 'mongodb';
import { isDuplicateKey } from '@inventory/platform';
import { identityKey } from './normalize.js';
import { RecentUsers } from './recent-users.js';
import type { Role } from '@inventory/contracts';

export interface UserDocument {
  _id: string;
  username: string;
  usernameKey: string;
  email: string;
  emailKey: string;
  passwordHash: string;
  roles: Role[];
  disabled: boolean;
  /** Bumped whenever roles, disabled or password change: access tokens carrying an older value are refused. */
  tokenVersion: number;
  createdAt: Date;
  updatedAt: Date;
}

export interface NewUser {
  username: string;
  email: string;
  passwordHash: string;
  roles: Role[];
}


/** Users in MongoDB; uniqueness rests on unique indexes over the normalized keys, so concurrent sign-ups cannot both win. */
export class UserStore {
  private readonly users: Collection<UserDocument>;
  private readonly recent: RecentUsers<UserDocument>;

  /** `recentMaxAgeMs`: how long `findRecent` may answer from memory (see RecentUsers). */
  constructor(db: Db, recentMaxAgeMs: number) {
    this.users = db.collection<UserDocument>('users');
    this.recent = new RecentUsers<UserDocument>(recentMaxAgeMs);
  }

  async ensureIndexes(): Promise<void> {
    await this.users.createIndex({ usernameKey: 1 }, { unique: true, name: 'username_unique' });
    await this.users.createIndex({ emailKey: 1 }, { unique: true, name: 'email_unique' });
  }

  async create(user: NewUser): Promise<UserDocument> {
    const now = new Date();
    const document: UserDocument = {
      _id: randomUUID(),
      ...user,
      usernameKey: identityKey(user.username),
      emailKey: identityKey(user.email),
      disabled: false,
      tokenVersion: 0,
      createdAt: now,
      updatedAt: now,
    };
    try {
      await this.users.insertOne(document);
    } catch (error) {
      if (!isDuplicateKey(error)) throw error;
      const usernameTaken = await this.users.countDocuments({ usernameKey: document.usernameKey }, { limit: 1 });
      throw usernameTaken ? DUPLICATE_USERNAME() : DUPLICATE_EMAIL();
    }
    return document;
  }

  findById(id: string): Promise<UserDocument | null> {
    return this.users.findOne({ _id: id });
  }

  /** For authenticating every request: at most `recentMaxAgeMs` old, and never older than a change made here. */
  findRecent(id: string): Promise<UserDocument | null> {
    return this.recent.get(id, (key) => this.findById(key));
  }

  findByUsername(username: string): Promise<UserDocument | null> {
    return this.users.findOne({ usernameKey: identityKey(username) });
  }

  /** In id order; the cursor is the last id of the previous page. */
  async list(limit: number, filters: { role?: Role | undefined; disabled?: boolean | undefined }, after?: string): Promise<{ items: UserDocument[]; nextCursor: string | null }> {
    const query: Filter<UserDocument> = {
      ...(after ? { _id: { $gt: after } } : {}),
      ...(filters.role ? { roles: filters.role } : {}),
      ...(filters.disabled !== undefined ? { disabled: filters.disabled } : {}),
    };
    const page = await this.users.find(query).sort({ _id: 1 }).limit(limit + 1).toArray();
    const items = page.slice(0, limit);
    return { items, nextCursor: page.length > limit ? items.at(-1)?._id ?? null : null };
  }

  async remove(id: string): Promise<void> {
    const { deletedCount } = await this.users.deleteOne({ _id: id });
    this.recent.forget(id);
    if (deletedCount === 0) throw new ProblemError('USER_NOT_FOUND', `no user ${id}`);
  }

  /** Applies `changes`; a change of roles, disabled or password also invalidates the user's access tokens. */
  async update(id: string, changes: Partial<Pick<UserDocument, 'email' | 'roles' | 'disabled' | 'passwordHash'>>): Promise<UserDocument> {
    const given = Object.fromEntries(Object.entries(changes).filter(([, value]) => value !== undefined)) as typeof changes;
    const set: Partial<UserDocument> = { ...given, updatedAt: new Date() };
    if (given.email !== undefined) set.emailKey = identityKey(given.email);
    const invalidatesTokens = given.roles !== undefined || given.disabled !== undefined || given.passwordHash !== undefined;
    try {
      const updated = await this.users.findOneAndUpdate(
        { _id: id },
        { $set: set, ...(invalidatesTokens ? { $inc: { tokenVersion: 1 } } : {}) },
        { returnDocument: 'after' },
      );
      if (!updated) throw new ProblemError('USER_NOT_FOUND', `no user ${id}`);
      this.recent.forget(id);
      return updated;
    } catch (error) {
      // Only the email is unique among the changeable fields.
      throw isDuplicateKey(error) ? DUPLICATE_EMAIL() : error;
    }
  }
}

// Which index refused is looked up rather than parsed from the message: FerretDB and MongoDB word it differently.
const DUPLICATE_USERNAME = () => new ProblemError('DUPLICATE_USERNAME', 'another user has this username (compared case-insensitively)');
const DUPLICATE_EMAIL = () => new ProblemError('DUPLICATE_EMAIL', 'another user has this email (compared case-insensitively)');
