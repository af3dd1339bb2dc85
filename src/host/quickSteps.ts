import * as vscode from 'vscode';

/** What one step of a multi-step quick input ends with: a value, the Back button, or cancel (Escape, focus lost). */
export type StepResult<T> = { kind: 'value'; value: T } | { kind: 'back' } | { kind: 'cancel' };

/** The message an input step shows under its box: an error blocks Enter, a warning does not. */
export interface StepMessage {
  message: string;
  severity: 'error' | 'warning';
}

interface StepOptions {
  title: string;
  /** Shows the Back button (every step but the first). */
  back: boolean;
}

/**
 * One input box of a wizard, with a Back button and live validation. Built on createInputBox rather than
 * showInputBox because only the former has buttons; the box is disposed whatever way the step ends.
 */
export function inputStep(
  opts: StepOptions & {
    value: string;
    prompt: string;
    placeholder?: string;
    validate: (value: string) => StepMessage | undefined;
  },
): Promise<StepResult<string>> {
  const box = vscode.window.createInputBox();
  box.title = opts.title;
  box.value = opts.value;
  box.prompt = opts.prompt;
  box.placeholder = opts.placeholder;
  box.ignoreFocusOut = true;
  box.buttons = opts.back ? [vscode.QuickInputButtons.Back] : [];
  const show = (value: string): StepMessage | undefined => {
    const m = opts.validate(value);
    box.validationMessage = m
      ? {
          message: m.message,
          severity:
            m.severity === 'error'
              ? vscode.InputBoxValidationSeverity.Error
              : vscode.InputBoxValidationSeverity.Warning,
        }
      : undefined;
    return m;
  };
  show(box.value);
  return settle<string>(box, (done, disposables) => {
    disposables.push(
      box.onDidChangeValue((v) => show(v)),
      box.onDidAccept(() => {
        if (show(box.value)?.severity === 'error') return;
        done({ kind: 'value', value: box.value });
      }),
    );
  });
}

/** An item of a pick step; `value` is what the step returns when it is picked. */
export type StepItem<T> = vscode.QuickPickItem & { value: T };

/** One quick pick of a wizard, with a Back button. */
export function pickStep<T>(
  opts: StepOptions & { items: StepItem<T>[]; placeholder?: string; activeIndex?: number },
): Promise<StepResult<T>> {
  const pick = vscode.window.createQuickPick<StepItem<T>>();
  pick.title = opts.title;
  pick.placeholder = opts.placeholder;
  pick.ignoreFocusOut = true;
  pick.matchOnDescription = false;
  pick.items = opts.items;
  const active = opts.items[opts.activeIndex ?? -1];
  if (active) pick.activeItems = [active];
  pick.buttons = opts.back ? [vscode.QuickInputButtons.Back] : [];
  return settle<T>(pick, (done, disposables) => {
    disposables.push(
      pick.onDidAccept(() => {
        const item = pick.selectedItems[0] ?? pick.activeItems[0];
        if (item) done({ kind: 'value', value: item.value });
      }),
    );
  });
}

/** Shows `input`, resolves once with the first of accept/back/hide, then disposes the input and its listeners. */
function settle<T>(
  input: vscode.InputBox | vscode.QuickPick<vscode.QuickPickItem>,
  wire: (done: (r: StepResult<T>) => void, disposables: vscode.Disposable[]) => void,
): Promise<StepResult<T>> {
  return new Promise((resolve) => {
    const disposables: vscode.Disposable[] = [];
    let finished = false;
    const done = (r: StepResult<T>): void => {
      if (finished) return;
      finished = true;
      resolve(r);
      disposables.forEach((d) => d.dispose());
      // Disposing hides the input; its hide event then finds the step finished and is ignored, so Back or
      // accept is never mistaken for cancel.
      input.dispose();
    };
    wire(done, disposables);
    disposables.push(
      input.onDidTriggerButton((b) => {
        if (b === vscode.QuickInputButtons.Back) done({ kind: 'back' });
      }),
      input.onDidHide(() => done({ kind: 'cancel' })),
    );
    input.show();
  });
}
