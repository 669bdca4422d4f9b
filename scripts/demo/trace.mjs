// The demo's trace: what each `my.*` call asked and what the host answered (with the catalog's
// meaning of a code), and what minicall did about it — retries, follow-up queries, toasts.
import { describe as explain } from '../../dist/esm/index.js';

const INDENT = '   ';

/** `http://127.0.0.1:PORT/trades/2026…/status` → `/trades/2026…/status`. */
function pathOf(url) {
  try {
    const { pathname, search } = new URL(url);
    return (pathname + search).replace(/\d{12,}/g, (digits) => `${digits.slice(0, 8)}…`);
  } catch (notUrl) {
    return String(url);
  }
}

function meaning(api, code) {
  const entry = explain(api, code);
  return entry ? `${entry.message} [${entry.kind}]` : '[not in the catalog]';
}

export function createTrace(print = console.log) {
  const attempts = {};
  const line = (text) => print(INDENT + text);

  /** The host answers, as they come back. */
  function answered(api, options, ok, payload) {
    if (api === 'request') {
      return ok ? line(`  ← ${payload.status}`) : line(`  ← fail ${payload.error} ${meaning(api, payload.error)}`);
    }
    if (api === 'tradePay') {
      const code = payload && payload.resultCode;
      return line(`  ← resultCode ${code} ${code === '9000' ? '[paid]' : meaning(api, code)}`);
    }
    if (ok) return line('  ← success');
    line(`  ← fail ${payload.error} ${meaning(api, payload.error)}`);
  }

  /** Invocations as the host sees them. */
  function invoked(api, options) {
    const n = attempts[api] ? `  (attempt ${attempts[api]})` : '';
    if (api === 'request') line(`→ my.request ${String(options.method || 'GET').toUpperCase()} ${pathOf(options.url)}${n}`);
    else if (api === 'showToast') line(`▣ toast "${options.content}"`);
    else if (api === 'showLoading') line(`◌ loading "${options.content}"`);
    else if (api === 'hideLoading') line('◌ loading hidden');
    else line(`→ my.${api}${n}`);
  }

  return {
    line,
    /** `fake`, with every call and answer printed; its controls (fail, toasts, …) still work. */
    host(fake) {
      return new Proxy(fake, {
        get(target, name) {
          const value = target[name];
          if (
            typeof name !== 'string' ||
            typeof value !== 'function' ||
            name in Object.getPrototypeOf(target) ||
            /^(fail|respond|hang|count|reset)$/.test(name)
          ) {
            return value;
          }
          return (options = {}) => {
            invoked(name, options);
            return value(
              Object.assign({}, options, {
                success: (payload) => {
                  if (!/Toast|Loading/.test(name)) answered(name, options, true, payload);
                  if (options.success) options.success(payload);
                },
                fail: (payload) => {
                  answered(name, options, false, payload);
                  if (options.fail) options.fail(payload);
                },
              }),
            );
          };
        },
      });
    },
    /** minicall's `onEvent`. */
    event(event) {
      if (event.type === 'attempt') attempts[event.api] = event.attempt;
      else if (event.type === 'retry') line(`  ↻ minicall: ${event.error.kind} and safe to repeat → retry in ${event.delay} ms`);
      else if (event.type === 'followup') line(`  ? minicall asked the server → ${event.tradeStatus || 'no answer yet'}`);
      else if (event.type === 'giveup')
        line(`  ✗ minicall: rejects ${event.error.code} [${event.error.kind}] after ${event.attempt} attempt(s)`);
      else if (event.type === 'success' && event.api === 'tradePay') line('  ✓ minicall: resolves, the payment confirmed');
    },
  };
}
