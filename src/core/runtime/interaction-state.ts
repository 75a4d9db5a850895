// Sealed, expiring state for chat interactions that span several clicks (a multi-modal form, a long button
// action): stored in the database so it survives a restart and any replica can continue it, readable only by
// the person it belongs to, and sealed with the secret key because a form in progress may hold a SIP password.
import { randomBytes } from 'node:crypto';
import type { Secrets } from '../secrets.ts';
import type { Store } from '../store.ts';

export interface InteractionStates {
  /** Stores `value` for `owner`; returns its id (a new one unless `id` is given). */
  save(kind: 'form' | 'action', owner: string, value: unknown, ttlMs: number, id?: string): Promise<string>;
  /** The value, or null when it is unknown, expired or someone else's. */
  load<T>(id: string, owner: string): Promise<T | null>;
  drop(id: string): Promise<void>;
}

export function createInteractionStates(store: Store, secrets: Secrets, now: () => Date = () => new Date()): InteractionStates {
  const bind = (id: string) => `interaction-state:${id}`;
  return {
    async save(kind, owner, value, ttlMs, id = randomBytes(9).toString('base64url')) {
      const at = now();
      // Expired rows go on the way: the table only ever holds what is in progress.
      await store.state.purge(at);
      await store.state.put({ id, kind, owner, payload: secrets.seal(JSON.stringify(value), bind(id)), expiresAt: new Date(at.getTime() + ttlMs) });
      return id;
    },
    async load<T>(id: string, owner: string) {
      const rec = await store.state.get(id, owner, now());
      if (!rec) return null;
      try {
        return JSON.parse(secrets.open(rec.payload, bind(id))) as T;
      } catch {
        // Sealed with another key (TRUNKOPS_SECRET_KEY changed): as good as expired.
        return null;
      }
    },
    drop: (id) => store.state.delete(id),
  };
}
