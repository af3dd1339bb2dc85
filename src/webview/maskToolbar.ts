/**
 * Vary Region's mask toolbar: the tool buttons (Brush, Rectangle, Lasso), the brush size, Undo, Redo, Clear
 * and Invert, and their keys (B/R/L, [ ], Ctrl+Z, Ctrl+Shift+Z). It keeps no mask state: the painter
 * (sections/maskPainter.ts) shows its state through `update` and carries out the commands.
 */
import { t } from '../shared/l10n';
import { button, h } from './dom';
import type { MaskTool } from './maskModel';
import { BRUSH_MAX, BRUSH_MIN } from './maskModel';

/** The tools with their shortcut keys; labels and titles are functions, read when the painter is built. */
const TOOLS: readonly { tool: MaskTool; label: () => string; title: () => string; key: string }[] = [
  { tool: 'brush', label: () => t('Brush'), title: () => t('Brush (B)'), key: 'B' },
  { tool: 'rect', label: () => t('Rectangle'), title: () => t('Rectangle (R)'), key: 'R' },
  { tool: 'lasso', label: () => t('Lasso'), title: () => t('Lasso (L)'), key: 'L' },
];

/** What the toolbar's buttons and keys ask the painter to do. */
export interface ToolbarCommands {
  setTool(tool: MaskTool): void;
  setBrush(size: number): void;
  /** One step smaller (-1) or larger (1), from the `[` and `]` keys. */
  stepBrush(direction: -1 | 1): void;
  undo(): void;
  redo(): void;
  clear(): void;
  invert(): void;
}

/** What the toolbar shows. `ready`: the picture has loaded, so there is something to paint on. */
export interface ToolbarState {
  ready: boolean;
  tool: MaskTool;
  brush: number;
  canUndo: boolean;
  canRedo: boolean;
  canClear: boolean;
}

export interface MaskToolbar {
  root: HTMLElement;
  update(state: ToolbarState): void;
  /** Acts on a toolbar key (the painter has checked that the key is for it), and claims the event. */
  onKey(e: KeyboardEvent): void;
}

export function createMaskToolbar(commands: ToolbarCommands): MaskToolbar {
  const toolButtons = new Map<MaskTool, HTMLButtonElement>();
  for (const entry of TOOLS) {
    const b = button(entry.label(), () => commands.setTool(entry.tool), {
      className: 'secondary small painter-tool',
      title: entry.title(),
      focusKey: `painter:${entry.tool}`,
      attrs: { 'aria-keyshortcuts': entry.key },
    });
    toolButtons.set(entry.tool, b);
  }
  const sizeInput = h('input', {
    className: 'painter-size',
    attrs: { id: 'painter-size', type: 'range', min: String(BRUSH_MIN), max: String(BRUSH_MAX), step: '1' },
  });
  const sizeOut = h('output', { className: 'painter-size-value', attrs: { for: 'painter-size' } });
  sizeInput.addEventListener('input', () => commands.setBrush(Number(sizeInput.value)));
  const undoBtn = button(t('Undo'), () => commands.undo(), {
    className: 'secondary small',
    title: t('Undo (Ctrl+Z)'),
    attrs: { 'aria-keyshortcuts': 'Control+Z' },
  });
  const redoBtn = button(t('Redo'), () => commands.redo(), {
    className: 'secondary small',
    title: t('Redo (Ctrl+Shift+Z)'),
    attrs: { 'aria-keyshortcuts': 'Control+Shift+Z' },
  });
  const clearBtn = button(t('Clear'), () => commands.clear(), {
    className: 'secondary small',
    title: t('Clear the whole mask (undo brings it back)'),
  });
  const invertBtn = button(t('Invert'), () => commands.invert(), {
    className: 'secondary small',
    title: t('Swap the painted and the kept areas'),
  });

  const root = h(
    'div',
    { className: 'painter-toolbar', attrs: { role: 'toolbar', 'aria-label': t('Mask tools') } },
    [
      h('div', { className: 'painter-group', attrs: { role: 'group', 'aria-label': t('Tool') } }, [
        ...toolButtons.values(),
      ]),
      h('div', { className: 'painter-group' }, [
        h('label', { text: t('Brush size'), attrs: { for: 'painter-size' } }),
        sizeInput,
        sizeOut,
      ]),
      h('div', { className: 'painter-group', attrs: { role: 'group', 'aria-label': t('Edit') } }, [
        undoBtn,
        redoBtn,
        clearBtn,
        invertBtn,
      ]),
    ],
  );

  return {
    root,
    update(s) {
      for (const [which, b] of toolButtons) {
        b.setAttribute('aria-pressed', String(which === s.tool));
        b.classList.toggle('active', which === s.tool);
        b.disabled = !s.ready;
      }
      sizeInput.value = String(s.brush);
      sizeInput.disabled = !s.ready;
      sizeOut.textContent = t('{0} px', s.brush);
      undoBtn.disabled = !s.ready || !s.canUndo;
      redoBtn.disabled = !s.ready || !s.canRedo;
      clearBtn.disabled = !s.ready || !s.canClear;
      invertBtn.disabled = !s.ready;
    },
    onKey(e) {
      const key = e.key.toLowerCase();
      const mod = e.ctrlKey || e.metaKey;
      if (mod && !e.altKey && (key === 'z' || key === 'y')) {
        e.preventDefault();
        if (key === 'y' || e.shiftKey) commands.redo();
        else commands.undo();
        return;
      }
      if (mod || e.altKey) return;
      const picked = TOOLS.find((entry) => entry.key.toLowerCase() === key);
      if (picked) commands.setTool(picked.tool);
      else if (e.key === '[') commands.stepBrush(-1);
      else if (e.key === ']') commands.stepBrush(1);
      else return;
      e.preventDefault();
    },
  };
}
