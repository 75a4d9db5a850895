// /price and /lcr — what a call costs on a card (longest prefix, billing rule, one rounding), and which carrier
// terminates a number cheapest.
import { findCarrier } from '../src/core/carriers/service.ts';
import { prefixesOf, priceMatch, rankCalls, type PricedCall } from '../src/core/ratecards/pricing.ts';
import { defineAction, defineCommand, type CommandContext } from '../src/core/runtime/command.ts';
import { NotFoundError, UserError } from '../src/core/runtime/errors.ts';
import { opt } from '../src/core/runtime/options.ts';
import { reply } from '../src/core/runtime/reply.ts';
import { resolveName } from '../src/core/validation/fields.ts';
import { formatDecimal } from '../src/ratecards/decimal.ts';
import { resolvePhoneNumber } from '../src/core/validation/phone.ts';
import type { RateMatch } from '../src/core/store.ts';

const number = opt.custom({ label: 'Number', description: 'The dialled number, E.164 like +442079460000', required: true, positional: true, resolve: resolvePhoneNumber });
const duration = opt.integer({ label: 'Duration (s)', description: 'Call length in seconds, 0–86400 (default 60)', min: 0, max: 86_400, positional: true });
const from = opt.custom({ label: 'Caller', description: 'The caller number (US cards pick inter / intra from it)', resolve: resolvePhoneNumber });

const billing = (m: RateMatch) => `${m.mcd}/${m.pulse}`;

/** The cards a `price` names: a rate card, or a carrier's active termination cards. */
async function cardsFor(ctx: CommandContext, name: string): Promise<string[]> {
  const card = await ctx.store.rateCards.findByName(name);
  if (card) return [card.id];
  try {
    const carrier = await findCarrier(ctx.store, name);
    const cards = (await ctx.store.rateCards.list({ carrierId: carrier.id })).filter((c) => c.direction === 'termination');
    if (!cards.length) throw new UserError(`${carrier.name} has no termination rate card; create one with \`ratecard create carrier="${carrier.name}" name=…\`.`);
    return cards.map((c) => c.id);
  } catch (err) {
    if (err instanceof NotFoundError) throw new NotFoundError(`No rate card or carrier named "${name}". Run \`ratecard list\` to see the cards.`);
    throw err;
  }
}

const price = defineAction({
  name: 'price',
  description: 'Price a call: longest matching prefix, billed seconds and cost on a card (or a carrier’s cards)',
  role: 'viewer',
  mutates: false,
  options: {
    number,
    duration,
    card: opt.custom({ label: 'Rate card or carrier', description: 'A rate card, or a carrier (its termination cards)', positional: true, entity: 'ratecard', resolve: resolveName(100) }),
    from,
  },
  handler: async (ctx, a) => {
    const digits = a.number.normalized.replace(/\D/g, '');
    const seconds = a.duration ?? 60;
    const ids = a.card ? await cardsFor(ctx, a.card) : undefined;
    const matches = await ctx.store.rateCards.longestMatches(prefixesOf(digits), ids);
    if (!matches.length) {
      return reply({ ephemeral: true, tone: 'warn', text: `No ${a.card ? `card of "${a.card}"` : 'active termination card'} has a rate for ${a.number.display} (no matching prefix in an active revision).` });
    }
    const rows = matches.map((m) => describe(m, seconds, digits, a.from?.normalized.replace(/\D/g, '')));
    const one = matches.length === 1 ? rows[0]! : undefined;
    return reply({
      ephemeral: true,
      title: `${a.number.display}, ${seconds} s`,
      text: one?.summary,
      table: { columns: ['Card', 'Prefix', 'Destination', 'Rate/min', 'Billing', 'Billed', 'Cost', 'Note'], rows: rows.map((r) => r.row), mono: [1] },
      footer: [...new Set(rows.map((r) => r.why).filter((w): w is string => Boolean(w)))],
    });
  },
});

function describe(m: RateMatch, seconds: number, callee: string, caller: string | undefined): { row: string[]; summary: string; why?: string; priced?: PricedCall } {
  if (m.blocked) return { row: [m.cardName, m.prefix, m.name ?? '—', '—', billing(m), '—', 'blocked', 'destination blocked'], summary: `Prefix ${m.prefix} is blocked on ${m.cardName}.` };
  const p = priceMatch(m, seconds, callee, caller);
  if (!p) return { row: [m.cardName, m.prefix, m.name ?? '—', '—', billing(m), '—', '—', 'no rate for this jurisdiction'], summary: `Prefix ${m.prefix} on ${m.cardName} has no rate for this call.` };
  const column = p.jurisdiction === 'single' ? '' : ` (${p.jurisdiction})`;
  const note = p.capped ? 'refused: above the capped rate' : '';
  return {
    priced: p,
    why: p.jurisdiction === 'single' ? undefined : `US rate: ${p.jurisdiction}, because ${p.why}.`,
    row: [m.cardName, m.prefix, m.name ?? '—', `${formatRate(p)}${column}`, billing(m), `${p.billedSec} s`, `${p.cost} ${m.currency}`, note || '—'],
    summary: `Prefix ${m.prefix}${m.name ? ` (${m.name})` : ''} on ${m.cardName}: ${p.billedSec} s billed at ${billing(m)}, cost = ${p.cost} ${m.currency}${p.capped ? ' — refused, above the card’s capped rate' : ''}.`,
  };
}

const formatRate = (p: PricedCall) => formatDecimal(p.rate);

const lcr = defineAction({
  name: 'lcr',
  description: 'Least-cost routing: every active carrier’s termination card for a number, cheapest first',
  role: 'viewer',
  mutates: false,
  options: { number, duration, from },
  handler: async (ctx, a) => {
    const digits = a.number.normalized.replace(/\D/g, '');
    const seconds = a.duration ?? 60;
    const matches = await ctx.store.rateCards.longestMatches(prefixesOf(digits));
    const described = matches.map((m) => describe(m, seconds, digits, a.from?.normalized.replace(/\D/g, '')));
    const usable = rankCalls(described.flatMap((d) => (d.priced && !d.priced.capped ? [d.priced] : [])));
    const skipped = described.filter((d) => !d.priced || d.priced.capped).sort((a, b) => a.row[0]!.localeCompare(b.row[0]!));
    if (!usable.length) {
      return reply({ ephemeral: true, tone: 'warn', text: `No active carrier can terminate ${a.number.display}${skipped.length ? ` (${skipped.length} card${skipped.length === 1 ? '' : 's'} blocked or capped)` : ''}.` });
    }
    return reply({
      ephemeral: true,
      title: `Least cost for ${a.number.display}, ${seconds} s`,
      table: {
        columns: ['#', 'Carrier', 'Card', 'Prefix', 'Rate/min', 'Billing', 'Cost'],
        rows: usable.map((p, i) => [String(i + 1), p.match.carrierName, p.match.cardName, p.match.prefix, formatRate(p), billing(p.match), `${p.cost} ${p.match.currency}`]),
        mono: [3],
      },
      footer: skipped.length ? [`Skipped: ${skipped.map((d) => `${d.row[0]} (${d.row[7]})`).join(', ')}.`] : undefined,
    });
  },
});

export const priceCommand = defineCommand({ name: 'price', description: 'What a call costs on a rate card', run: price });
export const lcrCommand = defineCommand({ name: 'lcr', description: 'Cheapest carrier for a number', run: lcr });
