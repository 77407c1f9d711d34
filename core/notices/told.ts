/** Who was told of something, in words for the person who did it. Imports nothing: the tab uses it. */

/** A list of names as people write it: "A", "A and B", "A, B and C". */
function listed(names: string[]): string {
  return names.length < 2
    ? (names[0] ?? '')
    : `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`;
}

/**
 * Who was told of an IRO alert, in a sentence for the lawyer who sent it. With no IRO allocated
 * the alert follows the protocol's own fallback, and says so.
 */
export function toldOfAlertText(
  told: readonly { displayName: string; standIn?: 'no-iro' }[],
): string {
  if (!told.length)
    return 'Nobody could be told: the case has no IRO, and its team has no IRO Team Manager or IRO administrator in the directory.';
  const names = listed(told.map((t) => t.displayName));
  if (told.some((t) => t.standIn === 'no-iro'))
    return `No IRO is allocated to this case, so ${names} ${told.length === 1 ? 'gets' : 'get'} the card to acknowledge instead, as the protocol asks when the IRO cannot be contacted.`;
  return `${names} ${told.length === 1 ? 'gets' : 'get'} a card to acknowledge.`;
}
