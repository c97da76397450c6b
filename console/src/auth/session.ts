import type { components } from '../api/schema';
import { API_BASE } from '../api/base';

type Tokens = components['schemas']['Tokens'];
export type User = components['schemas']['User'];

interface Stored { accessToken: string; refreshToken: string; expiresAt: number }

const KEY = 'inventory.session';
/** Renew this long before the access token expires, so no request meets an expired one. */
const RENEW_EARLY_MS = 60_000;

/**
 * The signed-in session: tokens kept in sessionStorage (one tab's life), renewed silently before
 * they expire and after any 401; the refresh token rotates on every renewal (gateway).
 */
class Session {
  private stored: Stored | undefined = read();
  private timer: ReturnType<typeof setTimeout> | undefined;
  private renewing: Promise<boolean> | undefined;
  private listeners = new Set<() => void>();

  constructor() { this.schedule(); }

  accessToken(): string | undefined { return this.stored?.accessToken; }
  signedIn(): boolean { return this.stored !== undefined; }
  refreshToken(): string | undefined { return this.stored?.refreshToken; }

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Stores fresh tokens (login or refresh). */
  start(tokens: Tokens): void {
    this.stored = { accessToken: tokens.accessToken, refreshToken: tokens.refreshToken, expiresAt: Date.now() + tokens.expiresIn * 1000 };
    sessionStorage.setItem(KEY, JSON.stringify(this.stored));
    this.schedule();
    this.notify();
  }

  end(): void {
    this.stored = undefined;
    sessionStorage.removeItem(KEY);
    clearTimeout(this.timer);
    this.notify();
  }

  /** Renews the tokens once at a time; false (and signed out) when the refresh token is refused. */
  refresh(): Promise<boolean> {
    const refreshToken = this.stored?.refreshToken;
    if (!refreshToken) return Promise.resolve(false);
    this.renewing ??= (async () => {
      try {
        const response = await fetch(`${API_BASE}/auth/refresh`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ refreshToken }) });
        if (response.status === 401 || response.status === 403) { this.end(); return false; }
        if (!response.ok) return false;
        this.start(await response.json() as Tokens);
        return true;
      } catch {
        return false;
      } finally {
        this.renewing = undefined;
      }
    })();
    return this.renewing;
  }

  private schedule(): void {
    clearTimeout(this.timer);
    if (!this.stored) return;
    const delay = Math.max(0, this.stored.expiresAt - Date.now() - RENEW_EARLY_MS);
    this.timer = setTimeout(() => void this.refresh(), delay);
  }

  private notify(): void { for (const listener of this.listeners) listener(); }
}

function read(): Stored | undefined {
  try {
    const text = typeof sessionStorage === 'undefined' ? null : sessionStorage.getItem(KEY);
    return text ? JSON.parse(text) as Stored : undefined;
  } catch {
    return undefined;
  }
}

export const session = new Session();
