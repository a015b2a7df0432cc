/**
 * "Corroborate: New dossier here": writes a commented `dossier.yaml` skeleton
 * into a folder (the one given, the workspace folder, or one the user picks)
 * through a WorkspaceEdit, never over an existing file, and opens it.
 */
import * as vscode from 'vscode';
import { DOSSIER_NAME } from '../../server/src/core/workspace';
import { exists } from './articleLanguage';

export const NEW_DOSSIER_COMMAND = 'corroborate.newDossier';

export const DOSSIER_SKELETON = `# The dossier: what you track across the outlets covering one event.
# It governs the articles (NAME.txt) and their annotations (NAME.ann.yaml)
# in this folder and below. Every section is optional; keys are lowercase
# kebab-case (jane-roe, strike-legal). See docs/format.md for every field.
title: The event these articles cover

# People and organisations: annotations name them as entity, speaker or claimant.
entities:
  # jane-roe: { name: Jane Roe, type: person, role: Union spokesperson, aliases: [Roe, Ms Roe] }

# Things counted or measured: figures name them as quantity.
quantities:
  # strikers: { label: Workers on strike, unit: workers }

# Statements sources assert, deny or question: claim annotations name them as claim.
claims:
  # strike-legal: { label: The strike is legal }

# Utterances several outlets report: quote annotations name them as quote.
quotes:
  # roe-no-return: { label: Roe says workers will not return, speaker: jane-roe }
`;

async function chooseFolder(): Promise<vscode.Uri | undefined> {
  const folders = vscode.workspace.workspaceFolders ?? [];
  if (folders.length === 1) return folders[0].uri;
  if (folders.length > 1) return (await vscode.window.showWorkspaceFolderPick({ placeHolder: 'Create dossier.yaml in which folder?' }))?.uri;
  const picked = await vscode.window.showOpenDialog({ canSelectFolders: true, canSelectFiles: false, openLabel: 'Create dossier.yaml here' });
  return picked?.[0];
}

/** Creates `folder/dossier.yaml` unless it exists; opens it either way. Returns its URI, or undefined when cancelled or failed. */
export async function newDossier(folder?: vscode.Uri): Promise<vscode.Uri | undefined> {
  const target = folder ?? (await chooseFolder());
  if (!target) return undefined;
  const uri = vscode.Uri.joinPath(target, DOSSIER_NAME);
  if (await exists(uri)) {
    void vscode.window.showInformationMessage(`${vscode.workspace.asRelativePath(uri)} already exists; it was left as it is.`);
  } else {
    const edit = new vscode.WorkspaceEdit();
    edit.createFile(uri, { ignoreIfExists: true, contents: new TextEncoder().encode(DOSSIER_SKELETON) });
    if (!(await vscode.workspace.applyEdit(edit))) {
      void vscode.window.showErrorMessage(`Could not create ${uri.fsPath}.`);
      return undefined;
    }
    const doc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
    if (doc?.isDirty) await doc.save();
  }
  await vscode.window.showTextDocument(uri);
  return uri;
}
