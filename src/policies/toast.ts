import { isMiniError, type MiniError } from '../errors/mini-error.js';
import type { CallContext, Step } from '../pipeline.js';

/** The same text is shown at most once in this window, however many calls fail at once. */
export const TOAST_WINDOW = 2000;

function textFor(ctx: CallContext, error: MiniError): string | false | undefined {
  const toast = ctx.policy.toast;
  if (error.kind === 'cancel') return false;
  if (typeof toast !== 'function') return error.hint;
  try {
    const text = toast(error);
    return text === undefined ? error.hint : text;
  } catch (ignored) {
    // A throwing toast function is the page's bug; the user still learns the call failed.
    return error.hint;
  }
}

/** Shows one friendly toast for a final failure (never for a cancel), and never a flood of them. */
export const toast: Step = (context, next) => {
  const ctx = context as CallContext;
  if (!ctx.policy.toast) return next();
  return next().catch((error) => {
    const text = isMiniError(error) && textFor(ctx, error);
    const now = Date.now();
    const shown = ctx.client.toasts;
    // Texts are kept oldest first: forgetting those past the window stops at the first that is
    // not, and each text is forgotten once, so a toast costs the same however many came before.
    const entries = shown.entries();
    for (let e = entries.next(); !e.done && now - e.value[1] >= TOAST_WINDOW; e = entries.next()) shown.delete(e.value[0]);
    if (typeof text === 'string' && text && !shown.has(text)) {
      shown.set(text, now);
      ctx.emit('toast', { error, text });
      ctx.adapter.toast(ctx, text);
    }
    throw error;
  });
};
