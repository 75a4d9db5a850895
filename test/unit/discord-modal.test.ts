// Neutral forms as Discord modals, built from the real form definitions: pages of at most five components, titles
// within 45 characters, labelled inputs, selects, file uploads, secrets never echoed, and submissions read back.
import { describe, expect, it } from 'vitest';
import { CARRIER_FIELDS, CARRIER_SECTIONS } from '../../src/core/carriers/fields.ts';
import { buildForm, type FormFieldDef } from '../../src/core/runtime/form.ts';
import type { Form } from '../../src/core/runtime/reply.ts';
import { fieldApplies, pagesOf, pageTitle, pageToModal, readPage, type ModalInput, type Page, type SubmittedField } from '../../src/discord/modal.ts';
import { resolveName } from '../../src/core/validation/fields.ts';

const carrierForm = (title = 'Add carrier', typed: Record<string, string> = {}) =>
  buildForm({ title, submitLabel: 'Create carrier', path: ['carrier', 'add'], sections: CARRIER_SECTIONS, fields: CARRIER_FIELDS, typed });

// A phone number form as `did add` / `did edit` build it: a carrier picker, and a bot only for inbound numbers.
const didFields = (editing: boolean): FormFieldDef[] => [
  { name: 'carrier', label: 'Carrier', type: 'picker', picker: 'carrier', required: true, readOnly: editing },
  { name: 'number', label: 'Phone number', type: 'text', required: true, readOnly: editing, placeholder: '+14155551234' },
  { name: 'label', label: 'Label', type: 'text', required: false },
  {
    name: 'direction', label: 'Direction', type: 'select', required: false, default: 'both',
    choices: [{ value: 'both', label: 'Both' }, { value: 'inbound', label: 'Inbound' }, { value: 'outbound', label: 'Outbound' }],
  },
  { name: 'bot', label: 'Assign bot', type: 'picker', picker: 'bot', required: false, hint: 'Bot to handle inbound calls', showWhen: { field: 'direction', in: ['both', 'inbound'] } },
];
const didForm = (editing = false, values?: Record<string, string>) =>
  buildForm({ title: editing ? 'Edit phone number' : 'Add phone number', submitLabel: 'Save', path: ['did', editing ? 'edit' : 'add'], fields: didFields(editing), values });

const importForm = () =>
  buildForm({
    title: 'Import phone numbers', submitLabel: 'Import', path: ['did', 'import'],
    fields: [
      { name: 'carrier', label: 'Carrier', type: 'picker', picker: 'carrier', required: true, resolve: resolveName(100) },
      { name: 'file', label: 'CSV file', type: 'file', accept: ['csv', 'txt'], required: true },
    ],
  });

const modal = (form: Form, page: Page, over: Partial<ModalInput> = {}) =>
  pageToModal({ form, page, total: pagesOf(form).length, customId: 'form|abc|0', values: {}, secretsKept: [], pickerChoices: {}, ...over });
type Comp = Record<string, unknown> & { component: Record<string, unknown> };
const components = (m: Record<string, unknown>) => m.components as Comp[];
const byLabel = (m: Record<string, unknown>, label: string) => components(m).find((c) => c.label === label)!;

describe('pages', () => {
  it('cuts the carrier form into one page per section, a long section over two', () => {
    const form = carrierForm();
    const pages = pagesOf(form);
    expect(pages.map((p) => [p.index, p.title, p.fields.length])).toEqual([
      [0, 'Connection', 4],
      [1, 'Authentication', 4],
      [2, 'Pacing', 3],
      [3, 'Routing and account', 5],
      [4, 'Routing and account', 3],
      [5, 'Health checks', 4],
    ]);
    expect(pages[0]!.fields.map((f) => f.name)).toEqual(['name', 'sip_address', 'transport', 'destination_country']);
    expect(pages[4]!.fields.map((f) => f.name)).toEqual(['status', 'currency', 'notes']);
  });

  it('titles each page with the form, section and step, always within 45 characters', () => {
    const form = carrierForm();
    const pages = pagesOf(form);
    const titles = pages.map((p) => pageTitle(form, p, pages.length));
    expect(titles[0]).toBe('Add carrier · Connection (1/6)');
    expect(titles[4]).toBe('Add carrier · Routing and account (5/6)');
    expect(titles[5]).toBe('Add carrier · Health checks (6/6)');
    for (const p of pages) expect((modal(form, p).title as string).length).toBeLessThanOrEqual(45);
  });

  it('drops the form title from a page title that would be too long, keeping the step', () => {
    const form = carrierForm('Edit Primary trunk — IN (Mumbai, backup route)');
    const pages = pagesOf(form);
    expect(pageTitle(form, pages[3]!, 5)).toBe('Routing and account (4/5)');
    expect(pageTitle(didForm(), pagesOf(didForm())[0]!, 1)).toBe('Add phone number');
    expect(pageTitle({ ...didForm(), title: 'T'.repeat(60) }, pagesOf(didForm())[0]!, 1)).toBe(`${'T'.repeat(44)}…`);
  });

  it('keeps a shown-when field on the page of the field it depends on', () => {
    const pages = pagesOf(didForm(), { direction: 'outbound' });
    expect(pages).toHaveLength(1);
    expect(pages[0]!.fields.map((f) => f.name)).toEqual(['carrier', 'number', 'label', 'direction', 'bot']);
  });

  it('keeps a shown-when field on another page only when the value it depends on allows it', () => {
    const base = didForm();
    const form: Form = {
      ...base,
      sections: [{ id: 'number', title: 'Number' }, { id: 'routing', title: 'Routing' }],
      fields: base.fields.map((f) => ({ ...f, section: f.name === 'bot' ? 'routing' : 'number' })),
    };
    expect(pagesOf(form, { direction: 'outbound' }).map((p) => p.title)).toEqual(['Number']);
    expect(pagesOf(form, { direction: 'inbound' }).map((p) => p.title)).toEqual(['Number', 'Routing']);
    // With nothing chosen yet, the field's default (both) decides.
    expect(pagesOf(form).map((p) => p.title)).toEqual(['Number', 'Routing']);
  });

  it('says whether a shown-when field counts for the values submitted', () => {
    const form = didForm();
    const bot = form.fields.find((f) => f.name === 'bot')!;
    expect(fieldApplies(bot, { direction: 'outbound' }, form)).toBe(false);
    expect(fieldApplies(bot, { direction: 'inbound' }, form)).toBe(true);
    expect(fieldApplies(bot, {}, form)).toBe(true);
    expect(fieldApplies(form.fields[0]!, { direction: 'outbound' }, form)).toBe(true);
  });
});

describe('page components', () => {
  it('wraps every field in a Label within Discord limits, at most five per modal', () => {
    const form = carrierForm();
    for (const page of pagesOf(form)) {
      const m = modal(form, page);
      expect(m.custom_id).toBe('form|abc|0');
      expect(components(m).length).toBeLessThanOrEqual(5);
      for (const c of components(m)) {
        expect(c.type).toBe(18);
        expect((c.label as string).length).toBeLessThanOrEqual(45);
        if (c.description !== undefined) expect((c.description as string).length).toBeLessThanOrEqual(100);
      }
    }
  });

  it('clips a long label and hint', () => {
    const form = buildForm({ title: 'T', submitLabel: 'S', path: ['x'], fields: [{ name: 'a', label: 'L'.repeat(60), type: 'text', required: true, hint: 'h'.repeat(150) }] });
    const [c] = components(modal(form, pagesOf(form)[0]!));
    expect(c!.label).toBe(`${'L'.repeat(44)}…`);
    expect((c!.description as string).length).toBe(100);
  });

  it('renders text fields as short inputs prefilled with the typed value and hint as description', () => {
    const form = carrierForm('Add carrier', { name: 'Acme' });
    const m = modal(form, pagesOf(form)[0]!);
    expect(byLabel(m, 'Name').component).toEqual({ type: 4, custom_id: 'name', style: 1, required: true, max_length: 4000, value: 'Acme', placeholder: 'Primary trunk — IN' });
    expect(byLabel(m, 'SIP address').description).toBe('Host or IP with an optional :port, e.g. sip.example.com:5060 or 203.0.113.10:5062');
  });

  it('renders a select as a string select with the current value marked default', () => {
    const form = carrierForm();
    const m = modal(form, pagesOf(form)[0]!, { values: { transport: 'TLS' } });
    expect(byLabel(m, 'Transport').component).toEqual({
      type: 3, custom_id: 'transport', required: true, min_values: 1, max_values: 1,
      options: [{ label: 'Auto', value: 'auto' }, { label: 'UDP', value: 'udp' }, { label: 'TCP', value: 'tcp' }, { label: 'TLS', value: 'tls', default: true }],
    });
  });

  it('never sends a secret back, and makes a secret already typed optional with a note', () => {
    const form = carrierForm();
    const auth = pagesOf(form)[1]!;
    const fresh = byLabel(modal(form, auth, { values: { password: 'hunter2' } }), 'Password (outbound)');
    expect(fresh.component).not.toHaveProperty('value');
    expect(fresh.description).toMatch(/^Stored encrypted/);
    const secretForm = buildForm({ title: 'T', submitLabel: 'S', path: ['x'], fields: [{ name: 'pw', label: 'Password', type: 'secret', required: true }] });
    const page = pagesOf(secretForm)[0]!;
    expect(components(modal(secretForm, page))[0]!.component.required).toBe(true);
    const kept = components(modal(secretForm, page, { values: { pw: 'hunter2' }, secretsKept: ['pw'] }))[0]!;
    expect(kept.description).toBe('Leave blank to keep what you typed before.');
    expect(kept.component).toMatchObject({ type: 4, required: false });
    expect(JSON.stringify(kept)).not.toContain('hunter2');
  });

  it('uses paragraph inputs for lists and long text', () => {
    const form = carrierForm();
    const pages = pagesOf(form);
    expect(byLabel(modal(form, pages[1]!), 'Allowed IPs').component.style).toBe(2);
    expect(byLabel(modal(form, pages[4]!), 'Notes').component.style).toBe(2);
    expect(byLabel(modal(form, pages[4]!), 'Currency').component).toMatchObject({ style: 1, value: 'USD' });
  });

  it('shows read-only fields as text the user cannot change', () => {
    const form = didForm(true, { carrier: 'Acme', number: '+14155551234', direction: 'inbound' });
    const [carrier, number] = components(modal(form, pagesOf(form)[0]!));
    expect(carrier).toEqual({ type: 10, content: '**Carrier**\n`Acme`' });
    expect(number).toEqual({ type: 10, content: '**Phone number**\n`+14155551234`' });
  });

  it('offers a picker as a select of the choices given, adding the current value when missing', () => {
    const form = didForm();
    const page = pagesOf(form)[0]!;
    const m = modal(form, page, { values: { carrier: 'Zeta' }, pickerChoices: { carrier: [{ name: 'Acme', value: 'Acme' }, { name: 'Big Co', value: 'Big Co' }] } });
    expect(byLabel(m, 'Carrier').component).toMatchObject({
      type: 3, custom_id: 'carrier', required: true,
      options: [{ label: 'Zeta', value: 'Zeta', default: true }, { label: 'Acme', value: 'Acme' }, { label: 'Big Co', value: 'Big Co' }],
    });
    const listed = modal(form, page, { values: { carrier: 'acme' }, pickerChoices: { carrier: [{ name: 'Acme', value: 'Acme' }] } });
    expect(byLabel(listed, 'Carrier').component.options).toEqual([{ label: 'Acme', value: 'Acme', default: true }]);
  });

  it('falls back to a text input naming the entity when there are no picker choices', () => {
    const form = didForm();
    const m = modal(form, pagesOf(form)[0]!);
    expect(byLabel(m, 'Carrier').component).toMatchObject({ type: 4, style: 1, required: true, placeholder: 'Carrier name' });
    expect(byLabel(m, 'Assign bot').component).toMatchObject({ type: 4, required: false, placeholder: 'Bot name' });
    expect(byLabel(m, 'Assign bot').description).toBe('Bot to handle inbound calls');
  });

  it('asks for a required file with a file upload of one file', () => {
    const form = importForm();
    const m = modal(form, pagesOf(form)[0]!);
    expect(byLabel(m, 'CSV file').component).toEqual({ type: 19, custom_id: 'file', min_values: 1, max_values: 1, required: true });
    const optional = { ...form, fields: form.fields.map((f) => ({ ...f, required: false })) };
    expect(byLabel(modal(optional, pagesOf(optional)[0]!), 'CSV file').component).toMatchObject({ min_values: 0, required: false });
  });
});

describe('reading a submitted page', () => {
  it('turns text, selects and lists into raw values, skipping read-only and missing fields', () => {
    const form = carrierForm();
    const auth = pagesOf(form)[1]!;
    const submitted: Record<string, SubmittedField> = {
      username: { type: 4, value: 'acme-user' },
      inbound_auth: { type: 3, values: ['ip_allowlist'] },
      allowed_ips: { type: 4, value: '192.0.2.10 \n\n 198.51.100.0/24\n' },
    };
    expect(readPage(auth, (id) => submitted[id])).toEqual({
      values: { username: 'acme-user', inbound_auth: 'ip_allowlist', allowed_ips: '192.0.2.10, 198.51.100.0/24' },
      files: {},
    });
    const emptied = readPage(pagesOf(form)[0]!, (id) => (id === 'transport' ? { type: 3, values: [] } : id === 'name' ? { type: 4, value: '' } : undefined));
    expect(emptied.values).toEqual({ name: '', transport: '' });
    const edit = didForm(true, { carrier: 'Acme', number: '+14155551234' });
    expect(readPage(pagesOf(edit)[0]!, () => ({ type: 4, value: 'typed' })).values).toEqual({ label: 'typed', direction: 'typed', bot: 'typed' });
  });

  it('reads the first uploaded file as a remote file', () => {
    const page = pagesOf(importForm())[0]!;
    const attachments = new Map([
      ['1', { name: 'numbers.csv', url: 'https://cdn.example/numbers.csv', size: 120, contentType: null }],
      ['2', { name: 'other.csv', url: 'https://cdn.example/other.csv', size: 5, contentType: 'text/csv' }],
    ]);
    const got = readPage(page, (id) => (id === 'file' ? { type: 19, attachments } : { type: 3, values: ['Acme'] }));
    expect(got).toEqual({ values: { carrier: 'Acme' }, files: { file: { name: 'numbers.csv', url: 'https://cdn.example/numbers.csv', size: 120, contentType: undefined } } });
    expect(readPage(page, (id) => (id === 'file' ? { type: 19, attachments: new Map() } : undefined)).files).toEqual({});
  });
});
