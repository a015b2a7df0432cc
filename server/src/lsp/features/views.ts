/**
 * The editor's own requests (lsp/protocol.ts): `corroborate/report`,
 * `corroborate/sources`, `corroborate/anchorHealth`, answered by
 * core/features/views; and the `corroborate/changed` notification, sent a
 * little after a diagnostics pass in which the corpus changed, so views
 * refresh once per burst of edits.
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
    connection.onRequest(REPORT_REQUEST, async (params: ReportParams | null) => {
      await indexed;
      return editorReport(corpus, params?.uri || undefined);
    });
    connection.onRequest(SOURCES_REQUEST, async (params: SourcesParams | null) => {
      await indexed;
      return { sources: sourceSummaries(corpus, params?.uri || undefined) };
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
