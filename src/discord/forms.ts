// The form flow on Discord: a form becomes consecutive modals (pages) joined by a Continue button; what was typed
// is kept in a sealed draft (interaction_state) between them, and nothing is saved until the last page is
// submitted and the whole form validates. Discord cannot show errors on a modal's fields, so a bad page or a
// refused submission gets an ephemeral list of the fields and rules, with buttons reopening the pages prefilled.
import { ButtonStyle, ComponentType } from 'discord.js';
import type { Dispatcher } from '../core/runtime/dispatch.ts';
import type { FieldIssue } from '../core/runtime/errors.ts';
import type { InteractionStates } from '../core/runtime/interaction-state.ts';
import type { Attachment, Invocation } from '../core/runtime/invocation.ts';
import type { Form, Outcome } from '../core/runtime/reply.ts';
import { suggestEntities } from '../core/runtime/suggest.ts';
import type { Store } from '../core/store.ts';
import { fieldApplies, pagesOf, pageToModal, readPage, type Page, type RemoteFile, type SubmittedField } from './modal.ts';
import { CANCEL_ID, clip, md, type DiscordMessage } from './render.ts';

const DRAFT_TTL_MS = 30 * 60_000;

export interface Draft {
  path: string[];
  context: Record<string, string>;
  /** Typed values by field name (secrets included: the draft is sealed). */
  values: Record<string, string>;
  files: Record<string, RemoteFile>;
  visited: number[];
  /** The form's secret fields: never passed back to the form builder, never prefilled. */
  secrets: string[];
  channel?: string;
}

export type FlowResult = { kind: 'modal'; modal: Record<string, unknown> } | { kind: 'message'; message: DiscordMessage } | { kind: 'outcome'; outcome: Outcome };

export interface FormFlowDeps {
  dispatcher: Dispatcher;
  store: Store;
  states: InteractionStates;
  /** Downloads the files of a draft for the final submission; a bad file is an issue on its field. */
  download(field: string, file: RemoteFile, path: string[]): Promise<Attachment | FieldIssue>;
}

/** Custom ids: `m|draft|page` on a modal, `f|draft|op|page` on the flow's buttons. */
export const formIds = {
  modal: (draft: string, page: number) => `m|${draft}|${page}`,
  button: (draft: string, op: 'open' | 'save', page = 0) => `f|${draft}|${op}|${page}`,
  parse(id: string): { draft: string; op: 'submit' | 'open' | 'save'; page: number } | null {
    const m = /^(m|f)\|([A-Za-z0-9_-]{6,32})\|(?:(open|save)\|)?(\d{1,2})$/.exec(id);
    if (!m) return null;
    return { draft: m[2]!, op: m[1] === 'm' ? 'submit' : (m[3] as 'open' | 'save'), page: Number(m[4]) };
  },
};

export function createFormFlow(d: FormFlowDeps) {
  type User = Invocation['user'];

  const expired = (): FlowResult => ({
    kind: 'message',
    message: notice('❌ This form has expired (30 minutes) or was already submitted; nothing was saved. Run the command again.', []),
  });

  /** The form again, built by the command itself from what was typed so far (secrets left out). */
  async function rebuild(draft: Draft, user: User): Promise<{ form: Form } | { outcome: Outcome }> {
    const typed = Object.fromEntries(Object.entries(draft.values).filter(([k]) => !isSecret(draft, k)));
    const inv: Invocation = { platform: 'discord', user, channel: draft.channel, path: draft.path, args: { ...draft.context, ...typed }, positionals: [], interactive: true, wantForm: true };
    const outcome = await d.dispatcher.dispatch(inv);
    return outcome.type === 'form' ? { form: outcome.form } : { outcome };
  }
  const isSecret = (draft: Draft, field: string) => draft.secrets.includes(field);

  async function modalFor(id: string, draft: Draft, form: Form, index: number): Promise<FlowResult> {
    const pages = pagesOf(form, draft.values);
    const page = pages[Math.min(index, pages.length - 1)]!;
    const pickerChoices: Record<string, Awaited<ReturnType<typeof suggestEntities>> | undefined> = {};
    for (const f of page.fields) {
      if (f.type !== 'picker' || !f.picker || f.readOnly) continue;
      const found = await suggestEntities(d.store, f.picker, '', 26);
      // More than a select can hold: the field stays a text input.
      pickerChoices[f.name] = found.length <= 25 ? found : undefined;
    }
    const values = Object.fromEntries(form.fields.filter((f) => f.value !== undefined).map((f) => [f.name, f.value!]));
    Object.assign(values, draft.values);
    const secretsKept = form.fields.filter((f) => f.type === 'secret' && draft.values[f.name]).map((f) => f.name);
    return { kind: 'modal', modal: pageToModal({ form, page, total: pages.length, customId: formIds.modal(id, page.index), values, secretsKept, pickerChoices }) };
  }

  async function load(id: string, user: User): Promise<Draft | null> {
    return d.states.load<Draft>(id, user.id);
  }

  async function finish(id: string, draft: Draft, form: Form, user: User): Promise<FlowResult> {
    const applicable = Object.fromEntries(
      Object.entries(draft.values).filter(([k]) => {
        const f = form.fields.find((x) => x.name === k);
        return f && !f.readOnly && fieldApplies(f, draft.values, form);
      }),
    );
    const attachments: Record<string, Attachment> = {};
    const issues: FieldIssue[] = [];
    for (const [field, file] of Object.entries(draft.files)) {
      const got = await d.download(field, file, draft.path);
      if ('data' in got) attachments[field] = got;
      else issues.push(got);
    }
    if (issues.length) return problems(id, form, draft, issues, 'The file could not be used.');
    const outcome = await d.dispatcher.dispatch({ platform: 'discord', user, channel: draft.channel, path: draft.path, args: { ...draft.context, ...applicable }, attachments, positionals: [], interactive: false });
    if (outcome.type === 'reply' && outcome.tone === 'error') {
      return problems(id, form, draft, outcome.issues ?? [], outcome.text ?? 'The form could not be saved.');
    }
    await d.states.drop(id);
    return { kind: 'outcome', outcome };
  }

  return {
    /** Starts a form: stores the draft and returns the first page. */
    async start(form: Form, user: User, channel?: string): Promise<{ id: string; first: FlowResult }> {
      const secrets = form.fields.filter((f) => f.type === 'secret').map((f) => f.name);
      const draft: Draft = { path: form.path, context: form.context, values: {}, files: {}, visited: [], secrets, channel };
      const id = await d.states.save('form', user.id, draft, DRAFT_TTL_MS);
      return { id, first: await modalFor(id, draft, form, 0) };
    },

    /** The Continue / Fix button: the page as a modal, prefilled with what was typed. */
    async open(id: string, index: number, user: User): Promise<FlowResult> {
      const draft = await load(id, user);
      if (!draft) return expired();
      const rebuilt = await rebuild(draft, user);
      if ('outcome' in rebuilt) return { kind: 'outcome', outcome: rebuilt.outcome };
      const { form } = rebuilt;
      return modalFor(id, draft, form, index);
    },

    /** A page submitted: keep its values, check its fields, then continue, list the problems, or save. */
    async submit(id: string, index: number, submitted: (customId: string) => SubmittedField | undefined, user: User): Promise<FlowResult> {
      const draft = await load(id, user);
      if (!draft) return expired();
      const rebuilt = await rebuild(draft, user);
      if ('outcome' in rebuilt) return { kind: 'outcome', outcome: rebuilt.outcome };
      const { form } = rebuilt;
      const pages = pagesOf(form, draft.values);
      const page = pages[index];
      if (!page) return expired();
      const { values, files } = readPage(page, submitted);
      for (const [k, v] of Object.entries(values)) {
        // A secret left blank keeps what was typed before (it is never sent back to the client to prefill).
        if (isSecret(draft, k) && !v) continue;
        draft.values[k] = v;
      }
      Object.assign(draft.files, files);
      if (!draft.visited.includes(index)) draft.visited.push(index);
      await d.states.save('form', user.id, draft, DRAFT_TTL_MS, id);
      const issues = checkPage(page, draft, form);
      if (issues.length) return problems(id, form, draft, issues, `${page.title}: fix these before continuing.`);
      const next = pagesOf(form, draft.values).find((p) => !draft.visited.includes(p.index));
      if (next) return { kind: 'message', message: stepMessage(id, form, draft, page, next, pages.length) };
      return finish(id, draft, form, user);
    },

    /** "Save now": submit without the remaining pages (their fields keep defaults or current values). */
    async saveNow(id: string, user: User): Promise<FlowResult> {
      const draft = await load(id, user);
      if (!draft) return expired();
      const rebuilt = await rebuild(draft, user);
      if ('outcome' in rebuilt) return { kind: 'outcome', outcome: rebuilt.outcome };
      const { form } = rebuilt;
      return finish(id, draft, form, user);
    },

    async cancel(id: string): Promise<void> {
      await d.states.drop(id);
    },

    /** A message whose button opens the form (when the interaction could no longer show a modal itself). */
    openButton(id: string, form: Form): DiscordMessage {
      return notice(`📝 **${form.title}** is ready.`, [{ label: `Open ${clip(form.title, 60)}`, id: formIds.button(id, 'open', 0), style: ButtonStyle.Primary as const }], id);
    },
  };
}

/** Per-field checks of one page: the same resolvers the command uses, and required fields. */
function checkPage(page: Page, draft: Draft, form: Form): FieldIssue[] {
  const issues: FieldIssue[] = [];
  for (const f of page.fields) {
    if (f.readOnly || !fieldApplies(f, draft.values, form)) continue;
    if (f.type === 'file') {
      if (f.required && !draft.files[f.name]) issues.push({ field: f.name, label: f.label, message: 'required: attach the file' });
      continue;
    }
    const raw = draft.values[f.name] ?? '';
    const problem = f.validate ? f.validate(raw) : f.required && !raw.trim() ? 'required' : undefined;
    // A secret kept from earlier (blank now) is fine.
    if (problem && !(f.type === 'secret' && !raw)) issues.push({ field: f.name, label: f.label, message: problem });
  }
  return issues;
}

type Button = { label: string; id: string; style: ButtonStyle.Primary | ButtonStyle.Secondary | ButtonStyle.Success | ButtonStyle.Danger };

function notice(text: string, buttons: Button[], draftId?: string): DiscordMessage {
  const all = [...buttons, ...(draftId ? [{ label: 'Cancel', id: `${CANCEL_ID}|${draftId}`, style: ButtonStyle.Secondary as const }] : [])];
  return {
    content: clip(text, 2000),
    embeds: [],
    components: all.length ? [{ type: ComponentType.ActionRow, components: all.slice(0, 5).map((b) => ({ type: ComponentType.Button, style: b.style, label: clip(b.label, 80), custom_id: b.id })) }] : [],
    allowedMentions: { parse: [] },
  };
}

function stepMessage(id: string, form: Form, draft: Draft, done: Page, next: Page, total: number): DiscordMessage {
  const pages = pagesOf(form, draft.values);
  const remaining = pages.filter((p) => !draft.visited.includes(p.index));
  // "Save now" only when nothing still to come is required and empty.
  const canSave = remaining.every((p) => p.fields.every((f) => !f.required || f.readOnly || (draft.values[f.name] ?? f.value ?? '').trim() || draft.files[f.name]));
  const text =
    `📝 **${md(form.title)}** — ${done.title} done (${draft.visited.length} of ${total}). Next: **${next.title}**.\n` +
    `-# Nothing is saved until the last step${canSave ? '; "Save now" keeps the defaults (or current values) for the rest' : ''}.`;
  return notice(text, [
    { label: clip(`Continue: ${next.title}`, 80), id: formIds.button(id, 'open', next.index), style: ButtonStyle.Primary as const },
    ...(canSave ? [{ label: form.submitLabel, id: formIds.button(id, 'save'), style: ButtonStyle.Success as const }] : []),
  ], id);
}

function problems(id: string, form: Form, draft: Draft, issues: FieldIssue[], heading: string): FlowResult {
  const pages = pagesOf(form, draft.values);
  const pageOf = (field: string) => pages.find((p) => p.fields.some((f) => f.name === field));
  const lines = issues.map((i) => `• **${i.label}**${pageOf(i.field) && pages.length > 1 ? ` (${pageOf(i.field)!.title})` : ''}: ${i.message}`);
  const fix = [...new Set(issues.map((i) => pageOf(i.field)?.index).filter((x): x is number => x !== undefined))].slice(0, 4);
  const text = clip(`❌ ${md(heading)}\n${lines.join('\n')}\n-# Nothing was saved. What you typed is kept: fix it and submit again.`, 2000);
  return {
    kind: 'message',
    message: notice(text, fix.map((p) => ({ label: clip(`Fix ${pages[p]!.title}`, 80), id: formIds.button(id, 'open', p), style: ButtonStyle.Primary as const })), id),
  };
}

export type FormFlow = ReturnType<typeof createFormFlow>;
