/**
 * What the editing features work from: the corpus (anchors, dossiers, the
 * articles' text) and the current text of the YAML files they edit (an open
 * buffer's text, else the file on disk), which the caller supplies.
 */
import type { Corpus } from '../corpus';
import type { EditPlan } from '../edit/changes';
import { editable, type EditableYaml } from '../edit/yamlDoc';

export interface EditInputs {
  readonly corpus: Corpus;
  /** The current text of a file, or undefined when it does not exist. */
  text(uri: string): string | undefined;
  /** Whether the client can create files as part of an edit. */
  readonly canCreateFiles?: boolean;
}

/** A code action as the core proposes it. */
export interface CoreCodeAction {
  readonly title: string;
  /** An LSP code action kind (`quickfix`, `refactor.annotate.figure`, `source.fixAll.corroborate`, ...). */
  readonly kind: string;
  readonly plan?: EditPlan;
  /** Why the action cannot be applied now (offered disabled). */
  readonly disabled?: string;
  /** Indices into the diagnostics the request passed in that this action fixes. */
  readonly diagnostics?: readonly number[];
  readonly isPreferred?: boolean;
  /** For an action whose edit is worked out only when chosen (`codeAction/resolve`): what to resolve. */
  readonly deferred?: DeferredAction;
}

/** An action listed cheaply and completed on resolve. */
export interface DeferredAction {
  readonly type: 'mentions-in-all-articles';
  readonly articleUri: string;
  readonly entity: string;
}

/**
 * The files last opened for editing, each with the text it was parsed from,
 * most recent last. Parsing a companion for editing (a full YAML Document,
 * comments and all) takes some 4 ms, and an editor asks for code actions at
 * every move of the cursor over a diagnostic: the same text is parsed once.
 * Nothing mutates an EditableYaml's Document (edits are text changes
 * computed from it), so one parse serves every request on that text.
 */
const recent = new Map<string, { readonly text: string; readonly y: EditableYaml | undefined }>();
const RECENT_MAX = 8;
/** The texts kept parsed add up to at most this many characters (a Document takes some 20 times its text), the latest one always kept. */
const RECENT_MAX_CHARS = 1_000_000;
let recentChars = 0;

/**
 * The file opened for editing: undefined when it does not exist, or when it
 * (or the corpus's reading of it) has a YAML syntax error, since such a file
 * is never edited. Parsed once per text: asked again while
 * `inputs.text(uri)` returns the same text, it returns the same object.
 */
export function openForEdit(inputs: EditInputs, uri: string): EditableYaml | undefined {
  const text = inputs.text(uri);
  if (text === undefined) return undefined;
  if (inputs.corpus.getCompanion(uri)?.hasSyntaxError || inputs.corpus.getDossier(uri)?.hasSyntaxError) return undefined;
  const known = recent.get(uri);
  if (known) {
    recent.delete(uri);
    recentChars -= known.text.length;
  }
  const y = known && known.text === text ? known.y : editable(text);
  recent.set(uri, { text, y });
  recentChars += text.length;
  while (recent.size > 1 && (recent.size > RECENT_MAX || recentChars > RECENT_MAX_CHARS)) {
    const [oldest, entry] = recent.entries().next().value!;
    recent.delete(oldest);
    recentChars -= entry.text.length;
  }
  return y;
}

/** Runs a feature so that a bug in it yields `fallback` instead of an exception (the core never throws). */
export function safely<T>(fallback: T, run: () => T): T {
  try {
    return run();
  } catch {
    return fallback;
  }
}
