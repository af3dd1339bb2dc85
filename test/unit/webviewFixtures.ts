/** The panel's view data the webview unit tests build on: a finished grid and the reducer step. */
import type { ViewButton, ViewTask } from '../../src/shared/protocol';
import type { PanelModel } from '../../src/webview/panelModel';
import { initialModel, reducePanel } from '../../src/webview/panelModel';

export const NOW = Date.UTC(2026, 0, 1, 12, 0, 0);

export function vb(customId: string, group: ViewButton['group'], label: string, emoji = ''): ViewButton {
  return { customId, label, emoji, group, viaChange: false };
}

/** A finished imagine grid with a few server buttons, finished five minutes before NOW. */
export function task(over: Partial<ViewTask> = {}): ViewTask {
  return {
    id: '1732612345123',
    action: 'IMAGINE',
    status: 'SUCCESS',
    statusLabel: 'Done',
    running: false,
    progress: 100,
    prompt: 'a lighthouse at dusk --v 6.1',
    description: '/imagine a lighthouse at dusk --v 6.1',
    submitTime: NOW - 7 * 60_000,
    startTime: NOW - 6 * 60_000,
    finishTime: NOW - 5 * 60_000,
    imageSrc: 'https://cdn.example/grid.png',
    isPreview: false,
    buttons: [
      vb('MJ::JOB::reroll::0::h::SOLO', 'reroll', 'Reroll', '🔄'),
      vb('MJ::JOB::variation::1::h', 'variation', 'V1'),
      vb('MJ::JOB::upsample::2::h', 'upscale', 'U2'),
      vb('MJ::JOB::upsample::1::h', 'upscale', 'U1'),
      vb('MJ::JOB::pan_left::1::h::SOLO', 'pan', 'Pan Left', '⬅️'),
    ],
    ...over,
  };
}

export function withState(t: ViewTask, model: PanelModel = initialModel()): PanelModel {
  return reducePanel(model, { type: 'state', task: t });
}
