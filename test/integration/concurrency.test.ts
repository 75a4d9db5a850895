// Optimistic concurrency: an edit of a carrier changed by someone else since the form opened is refused.
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Form } from '../../src/core/runtime/reply.ts';
import { asReply, createHarness, type Harness } from '../helpers/harness.ts';

let h: Harness;
beforeAll(async () => {
  h = await createHarness({ TRUNKOPS_ADMINS: 'slack:UA,slack:UB' });
  await h.script(['carrier add name=Shared sip_address=shared.example']);
});
afterAll(async () => h?.close());

it('refuses a stale form submission and keeps the other edit', async () => {
  const open = async (user: string) => {
    const o = await h.as(user, ['carrier', 'edit'], { carrier: 'Shared' }, { interactive: true });
    expect(o.type).toBe('form');
    return (o as { form: Form }).form;
  };
  const formA = await open('slack:UA');
  const formB = await open('slack:UB');
  expect(formA.context.version).toBe('1');
  expect(formA.fields.find((f) => f.name === 'password')?.value).toBeUndefined();
  expect(formA.fields.find((f) => f.name === 'cps')?.value).toBe('1');

  const submit = (user: string, form: Form, changes: Record<string, string>) => {
    const values = Object.fromEntries(form.fields.map((f) => [f.name, f.value ?? '']));
    return h.as(user, form.path, { ...values, ...changes, ...form.context });
  };
  expect(asReply(await submit('slack:UA', formA, { cps: '5' })).tone).toBe('ok');
  const stale = asReply(await submit('slack:UB', formB, { channels: '99' }));
  expect(stale.tone).toBe('error');
  expect(stale.text).toContain('was changed by someone else after you opened the form, so nothing was saved');
  expect(await h.db.query("select cps, channels, version from carriers where name = 'Shared'")).toEqual([{ cps: 5, channels: 30, version: 2 }]);
});

it('opens the add form prefilled with defaults when required fields are missing', async () => {
  const o = await h.as('slack:UA', ['carrier', 'add'], { name: 'Half' }, { interactive: true });
  expect(o.type).toBe('form');
  const form = (o as { form: Form }).form;
  expect(form.sections.map((s) => s.id)).toEqual(['connection', 'authentication', 'pacing', 'routing', 'health']);
  expect(Object.fromEntries(form.fields.map((f) => [f.name, f.value]))).toMatchObject({ name: 'Half', transport: 'auto', cps: '1', burst: '1', channels: '30' });
  expect(form.fields.find((f) => f.name === 'sip_address')?.validate?.('sip:x')).toContain('leave out the sip: prefix');
});
