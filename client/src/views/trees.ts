/**
 * The activity-bar views (Sources, Quantities, Quotes, Claims): TreeDataProviders
 * over the nodes views/model.ts shapes from the server's answers. Each view
 * asks the server again when the server says the corpus changed.
 */
import * as vscode from 'vscode';
import type { CorroborateProtocol } from '../protocolClient';
import { claimNodes, quantityNodes, quoteNodes, sourceNodes, type ViewNode } from './model';

export const OPEN_COMMAND = 'corroborate.openLocation';

export class NodeTreeProvider implements vscode.TreeDataProvider<ViewNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<ViewNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private roots: Promise<readonly ViewNode[]> | undefined;
  private readonly parents = new Map<string, ViewNode | undefined>();

  constructor(
    readonly viewId: string,
    private readonly load: () => Promise<readonly ViewNode[]>,
  ) {}

  refresh(): void {
    this.roots = undefined;
    this.changed.fire(undefined);
  }

  /** The current top-level nodes (loading them if needed). */
  nodes(): Promise<readonly ViewNode[]> {
    if (!this.roots) {
      this.roots = this.load().then(
        (nodes) => {
          this.parents.clear();
          const walk = (list: readonly ViewNode[], parent: ViewNode | undefined) => {
            for (const n of list) {
              this.parents.set(n.id, parent);
              walk(n.children ?? [], n);
            }
          };
          walk(nodes, undefined);
          return nodes;
        },
        (e) => {
          this.roots = undefined;
          console.error(`[corroborate] ${this.viewId}: ${e instanceof Error ? e.message : String(e)}`);
          return [];
        },
      );
    }
    return this.roots;
  }

  async getChildren(node?: ViewNode): Promise<ViewNode[]> {
    return [...(node ? (node.children ?? []) : await this.nodes())];
  }

  getParent(node: ViewNode): ViewNode | undefined {
    return this.parents.get(node.id);
  }

  getTreeItem(node: ViewNode): vscode.TreeItem {
    const collapsible = node.children?.length ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None;
    const item = new vscode.TreeItem(node.label, collapsible);
    item.id = node.id;
    item.description = node.description;
    item.tooltip = node.tooltip;
    if (node.icon) item.iconPath = new vscode.ThemeIcon(node.icon.id, node.icon.color ? new vscode.ThemeColor(node.icon.color) : undefined);
    if (node.open) {
      item.command = { command: OPEN_COMMAND, title: 'Open', arguments: [node.open.uri, node.open.range] };
      item.resourceUri = undefined;
    }
    return item;
  }

  dispose(): void {
    this.changed.dispose();
  }
}

export interface Views {
  readonly sources: NodeTreeProvider;
  readonly quantities: NodeTreeProvider;
  readonly quotes: NodeTreeProvider;
  readonly claims: NodeTreeProvider;
}

export const VIEW_IDS = {
  sources: 'corroborate.sources',
  quantities: 'corroborate.quantities',
  quotes: 'corroborate.quotes',
  claims: 'corroborate.claims',
} as const;

export function registerViews(context: vscode.ExtensionContext, protocol: CorroborateProtocol): Views {
  // One report request serves three views; it is asked again once changes settle.
  let report: ReturnType<CorroborateProtocol['report']> | undefined;
  const currentReport = () => (report ??= protocol.report().catch((e) => {
    report = undefined;
    throw e;
  }));
  const views: Views = {
    sources: new NodeTreeProvider(VIEW_IDS.sources, async () => sourceNodes(await protocol.sources())),
    quantities: new NodeTreeProvider(VIEW_IDS.quantities, async () => quantityNodes(await currentReport())),
    quotes: new NodeTreeProvider(VIEW_IDS.quotes, async () => quoteNodes(await currentReport())),
    claims: new NodeTreeProvider(VIEW_IDS.claims, async () => claimNodes(await currentReport())),
  };
  for (const provider of Object.values(views) as NodeTreeProvider[]) {
    context.subscriptions.push(provider, vscode.window.createTreeView(provider.viewId, { treeDataProvider: provider, showCollapseAll: true }));
  }
  // Once the corpus settles, not at every change: someone typing would have them redrawn for nothing.
  context.subscriptions.push(
    protocol.onDidSettle(() => {
      report = undefined;
      for (const provider of Object.values(views) as NodeTreeProvider[]) provider.refresh();
    }),
  );
  return views;
}
