/**
 * Answers of pure text readers (dates, figures), remembered: the same phrases
 * recur across outlets and on every re-check of an unchanged file, and
 * reading them (chrono, the figure grammar) is the costly part of a check.
 */

/**
 * Wraps a pure function, remembering its answers by `keyOf` of its
 * arguments (which must tell apart any two argument lists that may answer
 * differently). At most `max` answers are kept; when full, all are
 * forgotten (cheap, and the working set refills at once). Answers are
 * frozen, deeply, since every caller shares them.
 */
export function remembered<A extends unknown[], R>(max: number, keyOf: (...args: A) => string, read: (...args: A) => R): (...args: A) => R {
  const answers = new Map<string, R>();
  return (...args) => {
    const key = keyOf(...args);
    if (answers.has(key)) return answers.get(key) as R;
    const answer = deepFreeze(read(...args));
    if (answers.size >= max) answers.clear();
    answers.set(key, answer);
    return answer;
  };
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}
