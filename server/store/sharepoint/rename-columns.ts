/**
 * A column renamed by the schema (`RENAMED_COLUMNS`), carried over in place: every item's value is
 * copied into the new column, in JSON batches of PATCHes each on the item's eTag (an item changed
 * meanwhile is read again and copied again); only then is the old column removed. Safe to run
 * again: items already copied are not written, and a site without the old column is left alone.
 */
import { MAX_ROUNDS, batchError, type ListItem, type SiteLists } from './lists';
import type { ColumnRename } from './schema';

/** Copies `from` into `to` on every item where they differ; the number of items written. */
export async function copyRenamedColumn(lists: SiteLists, rename: ColumnRename): Promise<number> {
  const list = rename.list.displayName;
  const differs = (i: ListItem) =>
    (i.fields[rename.from] ?? null) !== (i.fields[rename.to] ?? null);
  let todo = (await lists.query(list, { select: [rename.from, rename.to] })).filter(differs);
  let written = 0;
  for (let round = 0; todo.length && round < MAX_ROUNDS; round++) {
    const answers = await lists.batch(
      todo.map((item) =>
        lists.updateRequest(String(item.id), list, item.id, item.eTag, {
          [rename.to]: item.fields[rename.from] ?? null,
        }),
      ),
    );
    const stale: ListItem[] = [];
    for (const item of todo) {
      const answer = answers.get(String(item.id))!;
      if (answer.status === 200) written++;
      else if (answer.status === 412) {
        const again = await lists.get(list, item.id);
        if (again && differs(again)) stale.push(again);
      } else if (answer.status !== 404) {
        throw batchError(answer, `copying ${list}.${rename.from} of item ${item.id}`);
      }
    }
    todo = stale;
  }
  if (todo.length) {
    throw new Error(`${list}: ${todo.length} items kept changing while ${rename.from} was copied`);
  }
  return written;
}
