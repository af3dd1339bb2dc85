import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';

const extensionId = 'midjourney-studio.midjourney-studio';

interface Step {
  id: string;
  title: string;
  description: string;
  media?: { markdown?: string };
  completionEvents?: string[];
}

interface Walkthrough {
  id: string;
  steps: Step[];
}

/** The command ids a step links to: `command:` links in its description, and its onCommand completion events. */
function linkedCommands(step: Step): { links: string[]; events: string[] } {
  const links = [...step.description.matchAll(/\(command:([\w.-]+)/g)].map((m) => m[1]);
  const events = (step.completionEvents ?? [])
    .filter((e) => e.startsWith('onCommand:'))
    .map((e) => e.slice('onCommand:'.length));
  return { links, events };
}

describe('Walkthrough: Get Started with Midjourney Studio', () => {
  let ext: vscode.Extension<unknown>;
  let walkthrough: Walkthrough | undefined;

  before(async function () {
    this.timeout(60_000);
    const found = vscode.extensions.getExtension(extensionId);
    assert.ok(found, `${extensionId} is not installed in this extension host`);
    ext = found;
    await ext.activate();
    const all = (ext.packageJSON.contributes?.walkthroughs ?? []) as Walkthrough[];
    walkthrough = all.find((w) => w.id === 'midjourney.getStarted');
  });

  it('is declared with the five steps in order, each with its media file', () => {
    assert.ok(walkthrough, 'contributes.walkthroughs has no midjourney.getStarted');
    assert.deepEqual(
      walkthrough.steps.map((s) => s.id),
      ['chooseServer', 'setApiKey', 'testConnection', 'firstImagine', 'insertImage'],
    );
    for (const step of walkthrough.steps) {
      const file = step.media?.markdown;
      assert.ok(file, `step ${step.id} has no markdown media`);
      assert.ok(fs.existsSync(path.join(ext.extensionPath, file)), `step ${step.id}: ${file} is missing`);
    }
  });

  it('links only commands that are registered, and completes on the command it links', async () => {
    assert.ok(walkthrough);
    const registered = new Set(await vscode.commands.getCommands(true));
    const expected: Record<string, string[]> = {
      chooseServer: ['midjourney.switchProfile', 'midjourney.addProfile'],
      setApiKey: ['midjourney.setApiKey'],
      testConnection: ['midjourney.testConnection'],
      firstImagine: ['midjourney.imagine', 'midjourney.composePrompt'],
      insertImage: ['midjourney.insertImage'],
    };
    for (const step of walkthrough.steps) {
      const { links, events } = linkedCommands(step);
      assert.deepEqual(links, expected[step.id], `step ${step.id} links`);
      assert.deepEqual(events, links, `step ${step.id} must complete when one of its links is run`);
      const missing = links.filter((c) => !registered.has(c));
      assert.deepEqual(missing, [], `step ${step.id} links commands that are not registered`);
    }
  });
});
