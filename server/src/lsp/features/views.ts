/**
 * The editor's own requests (lsp/protocol.ts): `corroborate/report`,
 * `corroborate/sources`, `corroborate/anchorHealth`, answered by
 * core/features/views; and the `corroborate/changed` notification, sent a
 * little after a diagnostics pass in which the corpus changed (never while
 * the workspace is being indexed), so views refresh once per burst of edits.
 */
import { anchorHealth, editorReport, sourceSummaries } from '../../core/features/views';
import {
  ANCHOR_HEALTH_REQUEST,
  CHANGED_NOTIFICATION,
  REPORT_REQUEST,
  SOURCES_REQUEST,
  type AnchorHealthParams,
  type ChangedParams,
  type ReportParams,
  type SourcesParams,
} from '../protocol';
import type { Feature } from '../server';

const CHANGED_DELAY_MS = 150;

export const viewsFeature: Feature = {
  capabilities: () => ({}),
  register({ connection, corpus, indexed, onDidPublish }) {
    // Requests that arrive before the first index ends wait for it; the same request asked again
    // meanwhile (a view refreshed twice) shares the one answer rather than working it out again.
    const waiting = new Map<string, Promise<unknown>>();
    let indexedYet = false;
    void indexed.then(() => (indexedYet = true));
    const once = <T>(key: string, answer: () => T): Promise<T> | T => {
      if (indexedYet) return answer();
      let shared = waiting.get(key) as Promise<T> | undefined;
      if (!shared) {
        shared = indexed.then(answer).finally(() => waiting.delete(key));
        waiting.set(key, shared);
      }
      return shared;
    };
    connection.onRequest(REPORT_REQUEST, (params: ReportParams | null) => {
      const uri = params?.uri || undefined;
      return once(`report ${uri ?? ''}`, () => editorReport(corpus, uri));
    });
    connection.onRequest(SOURCES_REQUEST, (params: SourcesParams | null) => {
      const uri = params?.uri || undefined;
      return once(`sources ${uri ?? ''}`, () => ({ sources: sourceSummaries(corpus, uri) }));
    });
    connection.onRequest(ANCHOR_HEALTH_REQUEST, async (params: AnchorHealthParams | null) => {
      await indexed;
      return params?.uri ? (anchorHealth(corpus, params.uri) ?? null) : null;
    });

    // Announced when the corpus changed or diagnostics did (a severity setting changes no file).
    let announced = -1;
    let notifications = 0;
    let timer: NodeJS.Timeout | undefined;
    onDidPublish((sent) => {
      // Not while an index runs: views asked then would only wait for it (the first index) or see half
      // a corpus, and each notification made every open view ask for a report and the sources again
      // (at 1,000 pairs with the sidebar open, 2 s of the server's time during a cold start).
      if (!indexedYet || corpus.isIndexing) return;
      if (sent === 0 && corpus.version === announced) return;
      if (timer) return;
      timer = setTimeout(() => {
        timer = undefined;
        announced = corpus.version;
        const params: ChangedParams = { version: ++notifications };
        void connection.sendNotification(CHANGED_NOTIFICATION, params).catch(() => undefined);
      }, CHANGED_DELAY_MS);
    });
  },
};
