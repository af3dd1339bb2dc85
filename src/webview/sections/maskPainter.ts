/**
 * Vary Region: the parent's picture with a mask painter on top (brush, rectangle, lasso, undo/redo, clear,
 * invert), the prompt, and Submit. The picture is an <img>; the mask lives on a canvas of the picture's
 * natural size laid over it, so the exported mask has exactly the picture's pixel size and the canvas is
 * never tainted by a picture from another origin. Pointer Events make mouse, pen, touch and touchpad
 * behave alike; every control is a real button or input, with B/R/L, [ ], Ctrl+Z and Ctrl+Shift+Z.
 */
import { t } from '../../shared/l10n';
import { MASK_DATA_URL_MAX, MASK_SUBMIT_KEY } from '../../shared/protocol';
import { button, h } from '../dom';
import { drawMask, drawOverlay, exportMask } from '../maskCanvas';
import { readDraftOps, readDraftPrompt, saveDraft } from '../maskDraft';
import type { MaskHistory, MaskOp, MaskTool, Point, Size } from '../maskModel';
import {
  appendPoint,
  canRedo,
  canUndo,
  clampBrush,
  defaultBrushFor,
  emptyHistory,
  pushOp,
  redo,
  stepBrush,
  toImagePoint,
  undo,
  visibleOps,
} from '../maskModel';
import { createMaskToolbar } from '../maskToolbar';
import type { PainterView } from '../viewModel';
import type { AnySection, SectionContext } from './section';
import { defineSection } from './section';

type Drawing =
  | { pointerId: number; op: Extract<MaskOp, { kind: 'stroke' }> }
  | { pointerId: number; op: Extract<MaskOp, { kind: 'rect' }> }
  | { pointerId: number; op: Extract<MaskOp, { kind: 'lasso' }> };

/** One painter per task and picture; it keeps its strokes while the panel redraws around it. */
interface Painter {
  key: string;
  root: HTMLElement;
  update(data: PainterView): void;
  /** The painter's shortcuts; the section listens on the document once and passes keys on. */
  onKey(e: KeyboardEvent): void;
}

function cssColor(el: Element, name: string, fallback: string): string {
  return getComputedStyle(el).getPropertyValue(name).trim() || fallback;
}

function createPainter(first: PainterView, ctx: SectionContext): Painter {
  let data = first;
  let history: MaskHistory = emptyHistory();
  let tool: MaskTool = 'brush';
  let brush = clampBrush(NaN);
  let size: Size | undefined;
  let drawing: Drawing | undefined;
  let ring: Point | undefined;

  const status = h('p', { className: 'painter-status', attrs: { role: 'status' } });
  const say = (text: string): void => {
    status.textContent = text;
  };

  // ---- controls (the toolbar and its keys are in maskToolbar.ts) ----
  const toolbar = createMaskToolbar({
    setTool,
    setBrush,
    stepBrush: (direction) => setBrush(stepBrush(brush, direction)),
    undo: () => change(undo(history)),
    redo: () => change(redo(history)),
    clear: () => change(pushOp(history, { kind: 'clear' })),
    invert: () => change(pushOp(history, { kind: 'invert' })),
  });

  // ---- stage: picture, mask, overlay ----
  const img = h('img', { className: 'painter-image', attrs: { alt: first.alt } });
  img.decoding = 'async';
  img.referrerPolicy = 'no-referrer';
  const maskCanvas = h('canvas', { className: 'painter-mask', attrs: { 'aria-hidden': 'true' } });
  const overlay = h('canvas', {
    className: 'painter-overlay',
    attrs: {
      role: 'img',
      'aria-label': t('Mask over the picture: the tinted area will be repainted'),
      'data-tool': tool,
    },
  });
  const stage = h('div', { className: 'painter-stage loading' }, [img, maskCanvas, overlay]);

  const prompt = h('textarea', {
    className: 'painter-prompt',
    attrs: { id: 'painter-prompt', rows: '3', maxlength: '6000', spellcheck: 'true' },
  });
  prompt.value = readDraftPrompt(first.taskId) ?? first.prompt;
  prompt.addEventListener('input', () => saveDraft(data.taskId, { prompt: prompt.value }));
  const submit = button(t('Submit'), () => send(), {
    className: 'painter-submit',
    title: t('Send the mask and the prompt to the server (it may charge for it)'),
    focusKey: 'painter:submit',
  });

  const root = h('section', { className: 'section painter', attrs: { 'data-section': 'painter' } }, [
    h('div', { className: 'section-head' }, [h('h2', { text: t('Vary Region') })]),
    h('p', {
      className: 'muted painter-help',
      text: t('Paint the area to change: the tinted area is repainted, the rest is kept.'),
    }),
    toolbar.root,
    stage,
    h('label', { className: 'painter-label', text: t('Prompt'), attrs: { for: 'painter-prompt' } }),
    prompt,
    h('div', { className: 'row painter-actions' }, [submit, status]),
  ]);

  function g(canvas: HTMLCanvasElement): CanvasRenderingContext2D | undefined {
    return canvas.getContext('2d') ?? undefined;
  }

  function maskColor(): string {
    return cssColor(root, '--mask-color', 'red');
  }

  function redrawMask(): void {
    const c = size && g(maskCanvas);
    if (c && size) drawMask(c, visibleOps(history), size, maskColor());
  }

  function redrawOverlay(): void {
    const c = size && g(overlay);
    if (!c || !size) return;
    const box = overlay.getBoundingClientRect();
    const scale = box.width > 0 ? size.width / box.width : 1;
    drawOverlay(
      c,
      {
        shape: drawing?.op,
        ring: tool === 'brush' && ring ? { at: ring, size: brush } : undefined,
        scale,
      },
      size,
      {
        mask: maskColor(),
        line: cssColor(root, '--mask-line', 'white'),
        halo: cssColor(root, '--mask-halo', 'black'),
      },
    );
  }

  function updateControls(): void {
    const ready = size !== undefined;
    toolbar.update({
      ready,
      tool,
      brush,
      canUndo: canUndo(history),
      canRedo: canRedo(history),
      canClear: visibleOps(history).length > 0,
    });
    overlay.dataset.tool = tool;
    submit.disabled = !ready || data.busy;
    submit.classList.toggle('busy', data.busy);
    if (data.busy) submit.setAttribute('aria-busy', 'true');
    else submit.removeAttribute('aria-busy');
    prompt.disabled = data.busy;
  }

  function change(next: MaskHistory): void {
    if (next === history) return;
    history = next;
    if (size) saveDraft(data.taskId, { size, ops: history.done });
    redrawMask();
    updateControls();
  }

  function setTool(next: MaskTool): void {
    tool = next;
    redrawOverlay();
    updateControls();
  }

  function setBrush(next: number): void {
    brush = clampBrush(next);
    redrawOverlay();
    updateControls();
  }

  // ---- pointer ----
  function pointAt(e: PointerEvent): Point {
    return toImagePoint(
      { x: e.clientX, y: e.clientY },
      overlay.getBoundingClientRect(),
      size ?? { width: 0, height: 0 },
    );
  }

  overlay.addEventListener('pointerdown', (e) => {
    if (!size || drawing || data.busy || (e.pointerType === 'mouse' && e.button !== 0)) return;
    e.preventDefault();
    overlay.setPointerCapture(e.pointerId);
    const p = pointAt(e);
    const id = e.pointerId;
    drawing =
      tool === 'brush'
        ? { pointerId: id, op: { kind: 'stroke', size: brush, points: [p] } }
        : tool === 'rect'
          ? { pointerId: id, op: { kind: 'rect', from: p, to: p } }
          : { pointerId: id, op: { kind: 'lasso', points: [p] } };
    ring = p;
    redrawOverlay();
  });

  overlay.addEventListener('pointermove', (e) => {
    if (!size) return;
    ring = pointAt(e);
    if (drawing && e.pointerId === drawing.pointerId) {
      // Coalesced events keep fast strokes smooth (the browser batches moves per frame).
      const events = typeof e.getCoalescedEvents === 'function' ? e.getCoalescedEvents() : [];
      const points = (events.length > 0 ? events : [e]).map(pointAt);
      const op = drawing.op;
      if (op.kind === 'stroke') {
        drawing = {
          ...drawing,
          op: { ...op, points: points.reduce((acc, p) => appendPoint(acc, p), [...op.points]) },
        };
      } else if (op.kind === 'lasso') {
        drawing = {
          ...drawing,
          op: { ...op, points: points.reduce((acc, p) => appendPoint(acc, p, 2), [...op.points]) },
        };
      } else {
        drawing = { ...drawing, op: { ...op, to: points[points.length - 1] ?? op.to } };
      }
    }
    redrawOverlay();
  });

  const finish = (e: PointerEvent): void => {
    if (!drawing || e.pointerId !== drawing.pointerId) return;
    const op = drawing.op;
    drawing = undefined;
    change(pushOp(history, op));
    redrawOverlay();
  };
  overlay.addEventListener('pointerup', finish);
  // A cancelled gesture (the system took the touch, the capture was lost) leaves no shape behind.
  const abandon = (e: PointerEvent): void => {
    if (!drawing || e.pointerId !== drawing.pointerId) return;
    drawing = undefined;
    redrawOverlay();
  };
  overlay.addEventListener('pointercancel', abandon);
  overlay.addEventListener('lostpointercapture', abandon);
  overlay.addEventListener('pointerleave', () => {
    if (drawing) return;
    ring = undefined;
    redrawOverlay();
  });

  // ---- keyboard ----
  function onKey(e: KeyboardEvent): void {
    if (!root.isConnected || !size) return;
    const target = e.target;
    // Typing in the prompt keeps its own letters and its own undo.
    if (target instanceof HTMLTextAreaElement) return;
    if (target instanceof HTMLInputElement && target.type !== 'range') return;
    toolbar.onKey(e);
  }

  // ---- picture ----
  img.addEventListener('load', () => {
    if (img.naturalWidth === 0 || img.naturalHeight === 0) return;
    size = { width: img.naturalWidth, height: img.naturalHeight };
    for (const c of [maskCanvas, overlay]) {
      c.width = size.width;
      c.height = size.height;
    }
    // The stage keeps the picture's aspect ratio so the canvases lie exactly on it (set through CSSOM:
    // the CSP allows no inline style attributes).
    stage.style.setProperty('--aspect', String(size.width / size.height));
    stage.classList.remove('loading');
    brush = defaultBrushFor(size);
    const draft = readDraftOps(data.taskId, size);
    if (draft) history = { done: draft, undone: [] };
    say('');
    redrawMask();
    updateControls();
  });
  img.addEventListener('error', () => {
    size = undefined;
    say(
      t(
        'The picture could not be loaded, so there is nothing to paint on. Refresh the parent task and try again.',
      ),
    );
    updateControls();
  });
  img.src = first.imageSrc;

  function send(): void {
    if (!size || data.busy) return;
    let mask: { dataUrl: string; white: number };
    try {
      mask = exportMask(maskCanvas);
    } catch (err) {
      say(t('The mask could not be made: {0}', err instanceof Error ? err.message : String(err)));
      return;
    }
    if (mask.white === 0) {
      say(t('Paint the area to change first.'));
      return;
    }
    if (mask.dataUrl.length > MASK_DATA_URL_MAX) {
      say(t('The mask is too large to send.'));
      return;
    }
    say('');
    ctx.dispatch({ type: 'clicked', customId: MASK_SUBMIT_KEY });
    ctx.post({
      type: 'submitMask',
      taskId: data.taskId,
      prompt: prompt.value.trim(),
      maskDataUrl: mask.dataUrl,
    });
  }

  updateControls();
  return {
    key: `${first.taskId}\n${first.imageSrc}`,
    root,
    onKey,
    update(next) {
      data = next;
      img.alt = next.alt;
      updateControls();
    },
  };
}

/** The painter section; it owns one painter at a time and starts a fresh one for another task or picture. */
export function createMaskPainterSection(): AnySection {
  let painter: Painter | undefined;
  let listening = false;
  return defineSection<PainterView>({
    key: 'painter',
    select: (view) => view.painter,
    render(data, ctx) {
      if (!painter || painter.key !== `${data.taskId}\n${data.imageSrc}`) painter = createPainter(data, ctx);
      if (!listening) {
        listening = true;
        document.addEventListener('keydown', (e) => painter?.onKey(e));
      }
      painter.update(data);
      return painter.root;
    },
  });
}
