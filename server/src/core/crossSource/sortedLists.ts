/** Lists kept sorted as items come and go: a binary search and a splice each, not a sort. */

/** Inserts `item` after every element that sorts before or with it. */
export function insertSorted<T>(list: T[], item: T, order: (a: T, b: T) => number): void {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (order(list[mid], item) <= 0) lo = mid + 1;
    else hi = mid;
  }
  list.splice(lo, 0, item);
}

/** Removes `item` (the same element, or for numbers an equal one) from a list sorted by `order`. */
export function removeSorted<T>(list: T[], item: T, order: (a: T, b: T) => number): void {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (order(list[mid], item) < 0) lo = mid + 1;
    else hi = mid;
  }
  for (let i = lo; i < list.length && order(list[i], item) === 0; i++) {
    if (list[i] === item) {
      list.splice(i, 1);
      return;
    }
  }
  const at = list.indexOf(item);
  if (at >= 0) list.splice(at, 1);
}
