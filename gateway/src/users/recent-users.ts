interface Entry<T> {
  user: Promise<T | null>;
  readAt: number;
}

/**
 * Users as read for authentication, reused for at most `maxAgeMs` counted from the start of the
 * read, so a change made through another gateway instance takes effect within that bound. Changes
 * made through this instance call `forget`, which also keeps a read still in flight from being reused.
 */
export class RecentUsers<T> {
  private readonly entries = new Map<string, Entry<T>>();

  constructor(private readonly maxAgeMs: number, private readonly maxEntries = 10_000) {}

  get(id: string, load: (id: string) => Promise<T | null>): Promise<T | null> {
    const now = performance.now();
    const cached = this.entries.get(id);
    if (cached && now - cached.readAt < this.maxAgeMs) return cached.user;
    // Re-inserted, so the Map's order stays oldest read first for eviction.
    this.entries.delete(id);
    if (this.entries.size >= this.maxEntries) this.entries.delete(this.entries.keys().next().value!);
    const entry = { user: load(id), readAt: now };
    this.entries.set(id, entry);
    entry.user.catch(() => { if (this.entries.get(id) === entry) this.entries.delete(id); });
    return entry.user;
  }

  forget(id: string): void {
    this.entries.delete(id);
  }
}
