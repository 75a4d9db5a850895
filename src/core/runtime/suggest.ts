// What to offer while someone types an entity option (Discord autocomplete, Slack pickers): one place per entity kind.
import type { Store, Suggestion } from '../store.ts';
import type { EntityKind } from './options.ts';

export function suggestEntities(store: Store, entity: EntityKind, text: string, limit: number): Promise<Suggestion[]> {
  switch (entity) {
    case 'carrier':
      return store.carriers.suggest(text, limit);
    case 'bot':
      return store.bots.suggest(text, limit);
    case 'did':
      return store.dids.suggest(text, limit);
    case 'ratecard':
      return store.rateCards.suggest(text, limit);
  }
}
