/** Rules met by several documents (the initial documents, the final documents). */
import type { Fact } from '../engine/case-facts';
import type { ChecklistItem } from './rule';

export type ChecklistSpec = Omit<ChecklistItem, 'done'>[];

/** Each item with the event that did it, and the whole list's completion: its last required item. */
export function checklist(
  items: ChecklistSpec,
  done: (item: string) => Fact | undefined,
): { checklist: ChecklistItem[]; completion?: Fact } {
  // Fields written out, not spread: one object shape for every item of every case.
  const list = items.map((i): ChecklistItem => ({
    item: i.item,
    label: i.label,
    required: i.required,
    condition: i.condition,
    done: done(i.item),
  }));
  let completion: Fact | undefined;
  for (const i of list) {
    if (!i.required) continue;
    if (!i.done) return { checklist: list };
    if (!completion || i.done.index > completion.index) completion = i.done;
  }
  return { checklist: list, completion };
}
