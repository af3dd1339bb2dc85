import * as vscode from 'vscode';
import { jobCount, priceNotes } from '../core/prompts/paramTable';
import { promptNote } from '../core/prompts/prompt';

/**
 * The prompt boxes' live check, from the one parameter table: an error stops the box (the server would refuse
 * the prompt), a warning or an info is shown and the prompt goes as typed.
 */
export function validatePromptInput(value: string): vscode.InputBoxValidationMessage | undefined {
  const note = promptNote(value);
  if (!note) return undefined;
  const severity =
    note.severity === 'error'
      ? vscode.InputBoxValidationSeverity.Error
      : note.severity === 'warning'
        ? vscode.InputBoxValidationSeverity.Warning
        : vscode.InputBoxValidationSeverity.Info;
  return { message: note.message, severity };
}

/**
 * Before a submit that costs more than one job (--r N, --bs 4, permutations) or more than one job's price
 * (--hd, --turbo): says so and asks. True when the user goes ahead (or there is nothing to ask). `jobsAsked`:
 * the caller already asked about the job count (a prompt file's run).
 */
export async function confirmJobs(prompt: string, opts: { jobsAsked?: boolean } = {}): Promise<boolean> {
  // A prompt file's run asked about the whole run's job count already: only a price note is left to say.
  const jobs = opts.jobsAsked ? 1 : jobCount(prompt);
  const notes = priceNotes(prompt);
  if (jobs <= 1 && notes.length === 0) return true;
  const go = jobs > 1 ? vscode.l10n.t('Start {0} Jobs', jobs) : vscode.l10n.t('Submit');
  const answer = await vscode.window.showWarningMessage(
    jobs > 1
      ? vscode.l10n.t('This prompt starts {0} jobs.', jobs)
      : vscode.l10n.t('This prompt costs more than one job.'),
    { modal: true, detail: [vscode.l10n.t('Each job is billed.'), ...notes].join(' ') },
    go,
  );
  return answer === go;
}
