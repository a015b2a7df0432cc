/** Types of the seeded corpus generator (`corpus.mjs`), for the tests that use it. */
export declare const GENERATOR_VERSION: number;

export interface GeneratedCorpus {
  readonly root: string;
  readonly dossier: string;
  /** Paths relative to `root`. */
  readonly files: ReadonlyArray<{ readonly article: string; readonly companion: string }>;
  readonly pairs: number;
  readonly seed: number;
  readonly articleBytes: number;
  readonly companionBytes: number;
  readonly annotations: number;
  readonly approximate: number;
  readonly reused?: boolean;
}

/** Makes (or reuses) the corpus for a seed and size under `cacheDir`. */
export declare function ensureCorpus(cacheDir: string, seed: number, pairs: number, log?: (line: string) => void): GeneratedCorpus;
