// A small seeded pseudo-random generator (32-bit state, xorshift-multiply
// mixing) so that the same seed always yields the same corpus.

export class Rng {
  constructor(seed) {
    this.state = (seed >>> 0) || 0x9e3779b9;
  }

  /** A float in [0, 1). */
  next() {
    let x = (this.state = (this.state + 0x6d2b79f5) >>> 0);
    x = Math.imul(x ^ (x >>> 15), x | 1);
    x ^= x + Math.imul(x ^ (x >>> 7), x | 61);
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  }

  /** An integer in [lo, hi] (both included). */
  int(lo, hi) {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }

  pick(list) {
    return list[Math.floor(this.next() * list.length)];
  }

  chance(p) {
    return this.next() < p;
  }

  /** `k` distinct items of `list`, in random order. */
  sample(list, k) {
    const copy = list.slice();
    const out = [];
    for (let i = 0; i < k && copy.length; i++) {
      const j = Math.floor(this.next() * copy.length);
      out.push(copy[j]);
      copy[j] = copy[copy.length - 1];
      copy.pop();
    }
    return out;
  }

  /** A derived generator, so that one part of the corpus does not shift another. */
  fork(salt) {
    return new Rng(Math.imul((this.state ^ salt) >>> 0, 2654435761) ^ salt);
  }
}
