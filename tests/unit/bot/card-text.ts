/** What tests read off a card as a person would see it. */
import type { Card } from '../../../bot/cards/render';

/** Every text a host formats as Markdown: text blocks, and facts' titles and values. */
export function formatted(card: Card): string[] {
  const out: string[] = [];
  const walk = (x: unknown): void => {
    if (Array.isArray(x)) x.forEach(walk);
    else if (x && typeof x === 'object') {
      const o = x as Record<string, unknown>;
      if (o.type === 'TextBlock') out.push(String(o.text));
      if (o.type === 'FactSet')
        for (const f of o.facts as { title: string; value: string }[]) out.push(f.title, f.value);
      Object.values(o).forEach(walk);
    }
  };
  walk(card);
  return out;
}
