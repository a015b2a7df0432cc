/**
 * Navigation requests that arrive while the workspace is still being indexed:
 * the adapters wait for the file and what it depends on (`ctx.ready`), so an
 * open file is answered without waiting for the whole index.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Corpus } from '../../server/src/core/corpus';
import { InMemoryWorkspace } from '../../server/src/core/workspace';
import { definitionFeature } from '../../server/src/lsp/features/definition';
import { referencesFeature } from '../../server/src/lsp/features/references';
import type { ServerContext } from '../../server/src/lsp/server';
import { FILES, ROOT, U } from '../support/navigationFixture';

type Handler = (params: unknown) => Promise<unknown>;

/** A corpus nothing has been read into yet, and the handlers two features register on a stand-in connection. */
function notYetIndexed(): Record<'references' | 'definition', Handler> {
  const files: Record<string, string> = {};
  for (const [name, text] of Object.entries(FILES)) files[ROOT + name] = text;
  const corpus = new Corpus(new InMemoryWorkspace(files));
  const handlers: Partial<Record<'references' | 'definition', Handler>> = {};
  const connection = {
    onReferences: (h: Handler) => void (handlers.references = h),
    onDefinition: (h: Handler) => void (handlers.definition = h),
  };
  // As the server does while indexing runs: load one file and what it needs ahead of the rest.
  const ctx = { connection, corpus, ready: (uri: string) => corpus.ensure(uri) } as unknown as ServerContext;
  referencesFeature.register(ctx);
  definitionFeature.register(ctx);
  return handlers as Record<'references' | 'definition', Handler>;
}

const JANE_ROE = { line: 2, character: 29 }; // in "said Jane Roe." of the Gazette

test('references on an article during indexing wait for its companion instead of answering null', async () => {
  const { references } = notYetIndexed();
  const refs = (await references({ textDocument: { uri: U.gazette }, position: JANE_ROE, context: { includeDeclaration: false } })) as { uri: string }[] | null;
  assert.ok(refs && refs.some((r) => r.uri === U.gazette), JSON.stringify(refs));
});

test('definition on an article during indexing', async () => {
  const { definition } = notYetIndexed();
  const def = (await definition({ textDocument: { uri: U.gazette }, position: JANE_ROE })) as unknown;
  assert.ok(def, 'the dossier key of the words');
});
