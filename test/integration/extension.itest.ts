import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';

const extensionId = 'midjourney-studio.midjourney-studio';

interface DeclaredCommand {
  command: string;
}

function declaredCommands(): string[] {
  const ext = vscode.extensions.getExtension(extensionId);
  assert.ok(ext, `${extensionId} is not installed in this extension host`);
  const commands = (ext.packageJSON.contributes?.commands ?? []) as DeclaredCommand[];
  return commands.map((c) => c.command).sort();
}

function declaredViews(): string[] {
  const views = (vscode.extensions.getExtension(extensionId)?.packageJSON.contributes?.views ?? {}) as Record<
    string,
    { id: string }[]
  >;
  return Object.values(views).flatMap((list) => list.map((v) => v.id));
}

describe('Extension', () => {
  before(async function () {
    this.timeout(60_000);
    await vscode.extensions.getExtension(extensionId)?.activate();
  });

  it('is installed and activates', async () => {
    const ext = vscode.extensions.getExtension(extensionId);
    assert.ok(ext, `${extensionId} is not installed in this extension host`);
    await ext.activate();
    assert.equal(ext.isActive, true);
  });

  it('declares commands in package.json', () => {
    assert.ok(declaredCommands().length > 0, 'contributes.commands is empty');
  });

  it('registers every command it declares', async () => {
    const registered = new Set(await vscode.commands.getCommands(true));
    const missing = declaredCommands().filter((c) => !registered.has(c));
    assert.deepEqual(missing, [], `declared in package.json but never registered: ${missing.join(', ')}`);
  });

  it('declares every midjourney.* command it registers', async () => {
    const declared = new Set(declaredCommands());
    const registered = (await vscode.commands.getCommands(true)).filter((c) => c.startsWith('midjourney.'));
    // VS Code registers `<viewId>.focus`, `.resetViewLocation`… for each declared view: those are not ours to declare.
    const views = declaredViews();
    const undeclared = registered.filter(
      (c) => !declared.has(c) && !views.some((v) => c.startsWith(`${v}.`)),
    );
    assert.deepEqual(undeclared, [], `registered but not declared in package.json: ${undeclared.join(', ')}`);
  });
});
