// Button custom ids: short actions written into the id, long ones and anything carrying a secret kept in sealed,
// expiring interaction state, always within Discord's 100 characters.
import { describe, expect, it } from 'vitest';
import { commands } from '../../commands/index.ts';
import { createInteractionStates } from '../../src/core/runtime/interaction-state.ts';
import type { ActionRef } from '../../src/core/runtime/reply.ts';
import { createSecrets } from '../../src/core/secrets.ts';
import type { InteractionStateRecord, StateRepo } from '../../src/core/store.ts';
import { ANYONE, createActionIds } from '../../src/discord/action-ids.ts';

/** The storage port in memory, with the same owner and expiry rules as the database. */
function memoryStateRepo(): StateRepo & { rows: Map<string, InteractionStateRecord> } {
  const rows = new Map<string, InteractionStateRecord>();
  return {
    rows,
    async put(rec) {
      rows.set(rec.id, { ...rec });
    },
    async get(id, owner, now) {
      const r = rows.get(id);
      return r && r.owner === owner && r.expiresAt.getTime() > now.getTime() ? { ...r } : null;
    },
    async delete(id) {
      rows.delete(id);
    },
    async purge(now) {
      let n = 0;
      for (const [id, r] of rows) if (r.expiresAt.getTime() <= now.getTime() && rows.delete(id)) n++;
      return n;
    },
  };
}

const WEEK_MS = 7 * 24 * 3600_000;

function setup() {
  const clock = { now: new Date('2026-11-21T10:00:00Z') };
  const repo = memoryStateRepo();
  // Only the state port is used by interaction state; the rest of the Store is never touched.
  const store = { state: repo } as unknown as Parameters<typeof createInteractionStates>[0];
  const states = createInteractionStates(store, createSecrets(Buffer.alloc(32, 7)), () => clock.now);
  return { clock, repo, ids: createActionIds(commands, states) };
}

const ALICE = 'discord:100000000000000001';
const BOB = 'discord:100000000000000002';
const edit: ActionRef = { path: ['carrier', 'edit'], args: { carrier: 'Acme & Co' } };
const longRef: ActionRef = { path: ['carrier', 'contacts', 'add'], args: { carrier: 'A'.repeat(60), name: 'Network Operations Centre', email: 'noc@example.com' } };

describe('inline ids', () => {
  it('writes a short action into the id and reads it back for anyone', async () => {
    const { ids, repo } = setup();
    const id = await ids.encode(edit, 'run', ALICE);
    expect(id).toBe('a|carrier edit|carrier=Acme+%26+Co');
    expect(await ids.decode(id, BOB)).toEqual({ ref: edit, kind: 'run' });
    expect(repo.rows.size).toBe(0);
  });

  it('marks a confirmation with c and keeps its arguments', async () => {
    const { ids } = setup();
    const ref: ActionRef = { path: ['did', 'remove'], args: { number: '+14155551234', confirm: 'yes' } };
    const id = await ids.encode(ref, 'confirm', ALICE);
    expect(id).toBe('c|did remove|number=%2B14155551234&confirm=yes');
    expect(await ids.decode(id, ALICE)).toEqual({ ref, kind: 'confirm' });
  });

  it('reads an action without arguments', async () => {
    const { ids } = setup();
    const id = await ids.encode({ path: ['carrier', 'list'], args: {} }, 'run', ALICE);
    expect(id).toBe('a|carrier list|');
    expect(await ids.decode(id, BOB)).toEqual({ ref: { path: ['carrier', 'list'], args: {} }, kind: 'run' });
  });
});

describe('stored ids', () => {
  it('stores an action too long for an id and refers to it with s, for anyone to press', async () => {
    const { ids, repo } = setup();
    const id = await ids.encode(longRef, 'run', ALICE);
    expect(id).toMatch(/^s\|[A-Za-z0-9_-]+$/);
    expect([...repo.rows.values()][0]).toMatchObject({ kind: 'action', owner: ANYONE });
    expect(await ids.decode(id, BOB)).toEqual({ ref: longRef, kind: 'run' });
  });

  it("stores a long confirmation with p, readable only by its owner", async () => {
    const { ids } = setup();
    const ref = { ...longRef, args: { ...longRef.args, confirm: 'yes' } };
    const id = await ids.encode(ref, 'confirm', ALICE);
    expect(id).toMatch(/^p\|/);
    expect(await ids.decode(id, ALICE)).toEqual({ ref, kind: 'confirm' });
    expect(await ids.decode(id, BOB)).toBeNull();
  });

  it('never writes a secret into an id, and seals it in storage', async () => {
    const { ids, repo } = setup();
    const ref: ActionRef = { path: ['carrier', 'edit'], args: { carrier: 'x', password: 'hunter2-secret' } };
    const id = await ids.encode(ref, 'run', ALICE);
    expect(id).toMatch(/^p\|/);
    expect(id).not.toContain('hunter2');
    const [row] = [...repo.rows.values()];
    expect(row!.owner).toBe(ALICE);
    expect(row!.payload).not.toContain('hunter2');
    expect(Buffer.from(row!.payload.split('.').pop()!, 'base64').toString('latin1')).not.toContain('hunter2');
    expect(await ids.decode(id, ALICE)).toEqual({ ref, kind: 'run' });
    expect(await ids.decode(id, BOB)).toBeNull();
  });

  it('writes a blank secret (keep the current one) inline', async () => {
    const { ids } = setup();
    expect(await ids.encode({ path: ['carrier', 'edit'], args: { carrier: 'x', password: '' } }, 'run', ALICE)).toBe('a|carrier edit|carrier=x&password=');
  });

  it('keeps every id within 100 characters', async () => {
    const { ids } = setup();
    const refs: ActionRef[] = [
      edit,
      longRef,
      { path: ['carrier', 'show'], args: { carrier: 'é'.repeat(30) } },
      { path: ['did', 'list'], args: { carrier: 'x'.repeat(500), direction: 'outbound' } },
      { path: ['help'], args: {} },
    ];
    for (const ref of refs) {
      for (const kind of ['run', 'confirm'] as const) {
        const id = await ids.encode(ref, kind, ALICE);
        expect(id.length, id).toBeLessThanOrEqual(100);
        expect(await ids.decode(id, ALICE)).toEqual({ ref, kind });
      }
    }
  });

  it('forgets a stored action once its week is over', async () => {
    const { ids, clock } = setup();
    const id = await ids.encode(longRef, 'run', ALICE);
    clock.now = new Date(clock.now.getTime() + WEEK_MS - 1000);
    expect(await ids.decode(id, BOB)).not.toBeNull();
    clock.now = new Date(clock.now.getTime() + 2000);
    expect(await ids.decode(id, BOB)).toBeNull();
  });

  it('purges expired actions when the next one is stored', async () => {
    const { ids, clock, repo } = setup();
    await ids.encode(longRef, 'run', ALICE);
    clock.now = new Date(clock.now.getTime() + WEEK_MS + 1);
    await ids.encode({ ...longRef, args: { ...longRef.args, name: 'Other' } }, 'run', ALICE);
    expect(repo.rows.size).toBe(1);
  });
});

describe('ids that are not ours', () => {
  it.each(['cancel', '', 'x|carrier list|', 'a|carrier list', 's|', 's|no-such-id', 'p|no-such-id', 'form|abc|0'])('decodes %j to null', async (id) => {
    const { ids } = setup();
    expect(await ids.decode(id, ALICE)).toBeNull();
  });

  it('decodes a stored id sealed under another key to null', async () => {
    const { ids, repo } = setup();
    const id = await ids.encode(longRef, 'run', ALICE);
    const other = createInteractionStates({ state: repo } as unknown as Parameters<typeof createInteractionStates>[0], createSecrets(Buffer.alloc(32, 9)), () => new Date('2026-11-21T10:00:00Z'));
    expect(await createActionIds(commands, other).decode(id, ALICE)).toBeNull();
  });
});
