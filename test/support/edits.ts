/** Applying a core EditPlan to in-memory texts, for unit tests. */
import { applyChanges, type EditPlan } from '../../server/src/core/edit/changes';

/** The texts of the files a plan changes, after the change. */
export function applyPlan(plan: EditPlan | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const f of plan?.files ?? []) out[f.uri] = applyChanges(f.create ? '' : f.base, f.changes);
  return out;
}
