/**
 * Completion, hover, diagnostics and quick fixes of the prompt language: thin adapters from the pure core
 * (promptAssist.ts, promptCheck.ts) to VS Code's provider interfaces.
 */
import * as vscode from 'vscode';
import { hoverAt, modelLabel, referenceSlot, suggestAt } from '../../core/prompts/promptAssist';
import type { PromptHostDeps } from './deps';
import type { FileIssue } from '../../core/prompts/promptCheck';
import { positionOf } from '../../core/prompts/promptFile';
import type { PromptDocuments } from './documents';
import { toPosition, toRange } from './documents';

const SEVERITY: Record<FileIssue['severity'], vscode.DiagnosticSeverity> = {
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  info: vscode.DiagnosticSeverity.Information,
};

/** The diagnostics of one document, from the same validation the submit uses. */
export function diagnosticsOf(issues: readonly FileIssue[]): vscode.Diagnostic[] {
  return issues.map((i) => {
    const d = new vscode.Diagnostic(toRange(i.start, i.end), i.message, SEVERITY[i.severity]);
    d.source = 'midjourney';
    if (i.param) d.code = `--${i.param}`;
    return d;
  });
}

export class PromptCompletions implements vscode.CompletionItemProvider {
  constructor(
    private readonly docs: PromptDocuments,
    private readonly refs?: PromptHostDeps['styleRefs'],
  ) {}

  provideCompletionItems(
    doc: vscode.TextDocument,
    pos: vscode.Position,
  ): vscode.CompletionItem[] | undefined {
    const at = this.docs.at(doc, pos);
    if (!at) return undefined;
    const slot = this.refs && referenceSlot(at.prompt.text, at.offset);
    if (slot && this.refs) {
      const refRange = new vscode.Range(toPosition(positionOf(at.prompt, slot.start)), pos);
      const items = this.refs().map((ref, i) => {
        const item = new vscode.CompletionItem(ref.url, vscode.CompletionItemKind.Reference);
        item.detail = vscode.l10n.t('Style reference: {0}', ref.label);
        const md = new vscode.MarkdownString();
        md.isTrusted = false;
        md.appendText(ref.label);
        if (ref.thumbnail) md.appendMarkdown(`\n\n![](${ref.thumbnail.toString()})`);
        item.documentation = md;
        item.range = refRange;
        item.sortText = String(i).padStart(3, '0');
        return item;
      });
      if (items.length) return items;
    }
    const found = suggestAt(at.prompt.text, at.offset);
    if (!found) return undefined;
    const range = new vscode.Range(toPosition(positionOf(at.prompt, found.start)), pos);
    return found.items.map((s, i) => {
      const item = new vscode.CompletionItem(
        s.label,
        s.kind === 'param' ? vscode.CompletionItemKind.Property : vscode.CompletionItemKind.Value,
      );
      item.detail = s.doc;
      item.documentation = s.doc;
      item.range = range;
      item.sortText = String(i).padStart(3, '0');
      if (s.kind === 'param') {
        item.insertText = `${s.label} `;
        // Straight on to the values of the parameter just chosen.
        item.command = { command: 'editor.action.triggerSuggest', title: '' };
      }
      return item;
    });
  }
}

export class PromptHovers implements vscode.HoverProvider {
  constructor(private readonly docs: PromptDocuments) {}

  provideHover(doc: vscode.TextDocument, pos: vscode.Position): vscode.Hover | undefined {
    const at = this.docs.at(doc, pos);
    if (!at) return undefined;
    const info = hoverAt(at.prompt.text, at.offset);
    if (!info) return undefined;
    const md = new vscode.MarkdownString();
    md.isTrusted = false;
    md.appendMarkdown(`**--${info.spec.name}**`);
    if (info.spec.aliases.length) md.appendText(` (${info.spec.aliases.map((a) => `--${a}`).join(', ')})`);
    md.appendText(` — ${info.spec.doc}\n\n`);
    const model = modelLabel(info.model);
    if (!info.applies) {
      md.appendText(vscode.l10n.t('Not available on {0}.', model));
    } else if (info.range) {
      md.appendText(
        vscode.l10n.t('On {0}: {1} to {2}.', model, String(info.range.min), String(info.range.max)),
      );
    } else if (info.values) {
      md.appendText(vscode.l10n.t('On {0}: {1}', model, info.values.join(' | ')));
    } else {
      md.appendText(vscode.l10n.t('Works on {0}.', model));
    }
    const range = new vscode.Range(
      toPosition(positionOf(at.prompt, info.start)),
      toPosition(positionOf(at.prompt, info.end)),
    );
    return new vscode.Hover(md, range);
  }
}

export class PromptFixes implements vscode.CodeActionProvider {
  static readonly kinds = [vscode.CodeActionKind.QuickFix];

  constructor(private readonly docs: PromptDocuments) {}

  provideCodeActions(doc: vscode.TextDocument, range: vscode.Range): vscode.CodeAction[] {
    const check = this.docs.get(doc);
    if (!check) return [];
    const out: vscode.CodeAction[] = [];
    for (const issue of check.issues) {
      if (!issue.fix) continue;
      const where = toRange(issue.start, issue.end);
      if (!where.intersection(range) && !where.contains(range)) continue;
      const action = new vscode.CodeAction(issue.fix.title, vscode.CodeActionKind.QuickFix);
      action.edit = new vscode.WorkspaceEdit();
      action.edit.replace(doc.uri, toRange(issue.fix.start, issue.fix.end), issue.fix.replacement);
      action.diagnostics = diagnosticsOf([issue]);
      action.isPreferred = true;
      out.push(action);
    }
    return out;
  }
}
