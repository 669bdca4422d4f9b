// Compile-time contract of `call` and `api`: checked by `tsc -p test/types/tsconfig.json`
// (run from test/core-api-proxy.test.ts). Nothing here is executed.
import { api, call, createClient } from '../../src/index';
import type { CallPromise, MiniError } from '../../src/index';

/** True only when A and B are the same type (not merely assignable, and never through `any`). */
type Equals<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
const exactly = <A, B>(proof: Equals<A, B>): Equals<A, B> => proof;

export async function requestResults(): Promise<void> {
  const viaApi = await api.request({ url: 'x' });
  const status: number = viaApi.status;
  const data: string | Record<string, unknown> | ArrayBuffer = viaApi.data;
  // @ts-expect-error status is a number, so the result is not `any`
  const notAString: string = viaApi.status;

  const viaCall = await call('request', { url: 'x' });
  const callStatus: number = viaCall.status;
  const callData: typeof data = viaCall.data;
  exactly<typeof viaApi, typeof viaCall>(true);

  const promise = api.request({ url: 'x' }, { timeout: 1000, toast: false });
  const task: unknown = promise.task;
  exactly<typeof promise, CallPromise<typeof viaApi>>(true);

  void [status, data, notAString, callStatus, callData, task];
}

export function misspelledNames(): void {
  // @ts-expect-error no such API
  call('reqest', {});
  // @ts-expect-error no such API
  api.reqest;
  // @ts-expect-error url must be a string
  call('request', { url: 1 });
  // @ts-expect-error url must be a string
  api.request({ url: 1 });
  // @ts-expect-error no such policy option
  call('request', { url: 'x' }, { tiemout: 5 });
}

export function passthroughTypes(): void {
  const onOpen: typeof my.onSocketOpen = api.onSocketOpen;
  exactly<typeof api.onSocketOpen, typeof my.onSocketOpen>(true);
  exactly<typeof api.getStorageSync, typeof my.getStorageSync>(true);
  exactly<typeof api.createCanvasContext, typeof my.createCanvasContext>(true);
  void onOpen;
}

export function tradePayResult(): void {
  const p = call('tradePay', { tradeNO: 'x' });
  p.then((r) => r.resultCode);
  p.then((r) => {
    const code: string = r.resultCode;
    return code;
  });
  p.catch((error: MiniError) => error.kind);
}

export function clientTypes(): void {
  const client = createClient({ my: {}, timeout: 15000 });
  client.api.request({ url: 'x' }).then((r) => r.status);
  client.call('request', { url: 'x' }).then((r) => r.status);
  client.configure({ retry: false });
  // @ts-expect-error no such API on a client either
  client.api.reqest;
}
