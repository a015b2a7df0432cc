/**
 * What the notice about closed files says (see closedFilesNotice.ts). Pure:
 * no `vscode` import, so it is unit-tested in Node.
 */
import type { ClosedFilesParams } from '../../server/src/lsp/protocol';

/** The notice's one button: sets `corroborate.diagnostics.closedFiles` to `all`. */
export const LIST_EVERYTHING = 'List Every Finding';

/** The notice's text for what the server said, or undefined when there is nothing to say (not `auto`, or `auto` came to `all`). */
export function closedFilesNotice(params: ClosedFilesParams): string | undefined {
  if (params.setting !== 'auto' || params.shown === 'all') return undefined;
  return (
    `Corroborate: this workspace has ${params.companions.toLocaleString('en-US')} annotated sources, more than ${params.limit.toLocaleString('en-US')}. ` +
    'Files not open in an editor list their errors and warnings only, so that the Problems panel stays usable; ' +
    'contested figures and claims and quotes worded differently show when a file is opened, in hovers and in the comparison panel.'
  );
}
