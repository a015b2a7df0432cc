/**
 * Code actions: "Annotate as ..." and "Annotate all mentions" on a selection
 * in an article, quick fixes for Corroborate's diagnostics, and
 * `source.fixAll.corroborate`.
 */
import { CodeActionKind, type CodeAction, type CodeActionParams, type Diagnostic } from 'vscode-languageserver';
import { annotateActions, ANNOTATE_KIND, resolveDeferred } from '../../core/features/annotate';
import type { CoreCodeAction, DeferredAction } from '../../core/features/inputs';
import { FIX_ALL_KIND, fixAllActions, quickFixes } from '../../core/features/quickfix';
import { offsetAt } from '../../core/text';
import { isArticleCandidate, isRelevantFile } from '../../core/workspace';
import type { Feature, ServerContext } from '../server';
import { inputsFor, toWorkspaceEdit } from './editSupport';

const KINDS = [CodeActionKind.QuickFix, ANNOTATE_KIND, FIX_ALL_KIND];

/** Whether an action of `kind` answers a request limited to `only`. */
function wanted(only: readonly string[] | undefined, kind: string): boolean {
  return !only || only.some((o) => kind === o || kind.startsWith(o + '.'));
}

/** Whether any action of the family `kind` (or a sub-kind of it) may be wanted. */
function familyWanted(only: readonly string[] | undefined, kind: string): boolean {
  return !only || only.some((o) => kind === o || kind.startsWith(o + '.') || o.startsWith(kind + '.'));
}

function toLsp(ctx: ServerContext, a: CoreCodeAction, diagnostics: readonly Diagnostic[]): CodeAction {
  const action: CodeAction = { title: a.title, kind: a.kind };
  if (a.plan) action.edit = toWorkspaceEdit(ctx, a.plan);
  if (a.disabled) action.disabled = { reason: a.disabled };
  if (a.diagnostics) action.diagnostics = a.diagnostics.map((i) => diagnostics[i]).filter(Boolean);
  if (a.isPreferred) action.isPreferred = true;
  if (a.deferred) action.data = a.deferred;
  return action;
}

/** Whether the client asks for an action's edit only when it is chosen. */
function resolvesEdits(ctx: ServerContext): boolean {
  return ctx.capabilities.textDocument?.codeAction?.resolveSupport?.properties.includes('edit') === true;
}

function isDeferred(data: unknown): data is DeferredAction {
  const d = data as Partial<DeferredAction> | null | undefined;
  return !!d && d.type === 'mentions-in-all-articles' && typeof d.articleUri === 'string' && typeof d.entity === 'string';
}

/** Completes an action listed without its edit; one that has nothing left to do comes back without an edit. */
export function resolveCodeAction(ctx: ServerContext, action: CodeAction): CodeAction {
  if (!isDeferred(action.data) || !ctx.trusted) return action;
  const resolved = resolveDeferred(inputsFor(ctx), action.data);
  return resolved?.plan ? { ...action, edit: toWorkspaceEdit(ctx, resolved.plan) } : action;
}

export function codeActions(ctx: ServerContext, params: CodeActionParams): CodeAction[] {
  const uri = params.textDocument.uri;
  if (!isRelevantFile(uri)) return [];
  const only = params.context.only;
  const inputs = inputsFor(ctx);
  const out: CoreCodeAction[] = [];
  // Quick fixes refer to diagnostics by their index in `ours`.
  const ours = params.context.diagnostics.filter((d) => d.source === 'corroborate');
  if (familyWanted(only, CodeActionKind.QuickFix) && ours.length) out.push(...quickFixes(inputs, uri, ours));
  if (isArticleCandidate(uri) && familyWanted(only, ANNOTATE_KIND)) {
    const article = ctx.corpus.getArticle(uri);
    if (article?.text !== undefined) {
      const start = offsetAt(article.lineStarts, params.range.start, article.text.length);
      const end = offsetAt(article.lineStarts, params.range.end, article.text.length);
      if (end > start) out.push(...annotateActions(inputs, uri, { start, end }, { deferAllArticles: resolvesEdits(ctx) }));
    }
  }
  // Fix-all only when asked for by kind (on save, or from the source action menu).
  if (only && familyWanted(only, FIX_ALL_KIND)) out.push(...fixAllActions(inputs, uri));
  return out.filter((a) => wanted(only, a.kind)).map((a) => toLsp(ctx, a, ours));
}

export const codeActionsFeature: Feature = {
  capabilities(client) {
    const literal = client.textDocument?.codeAction?.codeActionLiteralSupport !== undefined;
    return { codeActionProvider: literal ? { codeActionKinds: KINDS, resolveProvider: true } : true };
  },
  register(ctx) {
    ctx.connection.onCodeAction(async (params, token) => {
      await ctx.ready(params.textDocument.uri, token);
      if (!ctx.trusted) return []; // every action here edits a file
      try {
        return codeActions(ctx, params);
      } catch (e) {
        ctx.connection.console.error(`corroborate: code actions failed: ${String(e)}`);
        return [];
      }
    });
    ctx.connection.onCodeActionResolve(async (action, token) => {
      const resolve = () => {
        try {
          return resolveCodeAction(ctx, action);
        } catch (e) {
          ctx.connection.console.error(`corroborate: resolving a code action failed: ${String(e)}`);
          return action;
        }
      };
      if (!isDeferred(action.data)) return resolve();
      await ctx.ready(action.data.articleUri, token);
      // Every article of the dossier is read: those whose text the server let go are read back for it.
      const dossier = ctx.corpus.dossierFor(action.data.articleUri);
      return ctx.corpus.withArticleTexts((uri) => ctx.corpus.dossierFor(uri) === dossier, resolve);
    });
  },
};
