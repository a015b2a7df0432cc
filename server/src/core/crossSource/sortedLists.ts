/** Lists kept sorted as items come and go: a binary search and a splice each, not a sort. */

/** The index of the first element of a sorted list that `isBefore` does not hold for (the list's length if none). */
export function firstNotBefore<T>(list: readonly T[], isBefore: (item: T) => boolean): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (isBefore(list[mid]!)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Inserts `item` after every element that sorts before or with it. */
export function insertSorted<T>(list: T[], item: T, order: (a: T, b: T) => number): void {
  list.splice(firstNotBefore(list, (x) => order(x, item) <= 0), 0, item);
}

/** Removes `item` (the same element, or for numbers an equal one) from a list sorted by `order`. */
export function removeSorted<T>(list: T[], item: T, order: (a: T, b: T) => number): void {
  for (let i = firstNotBefore(list, (x) => order(x, item) < 0); i < list.length && order(list[i], item) === 0; i++) {
    if (list[i] === item) {
      list.splice(i, 1);
      return;
    }
  }
  const at = list.indexOf(item);
  if (at >= 0) list.splice(at, 1);
}
