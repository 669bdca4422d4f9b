// Compile-time contract of `call` and `api`: checked by `tsc -p test/types/tsconfig.json`
// (run from test/core-api-proxy.test.ts). Nothing here is executed.
import { api, call, createClient } from '../../src/index';
import type { Api, ApiName, CallPromise, HostFunction, MiniError, OptionsOf, PromisedName, ResultOf, TaskOf } from '../../src/index';

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
  // The task is the host's RequestTask, once the host has been invoked.
  promise.task?.abort();
  const task: TaskOf<'request'> | undefined = promise.task;
  exactly<typeof promise, CallPromise<typeof viaApi, TaskOf<'request'>>>(true);
  // @ts-expect-error getStorage returns nothing besides its callbacks
  api.getStorage({ key: 'k' }).task?.abort();

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

export async function answeredAtOnce(): Promise<void> {
  // Synchronous in the platform, so synchronous here: the value itself, not a promise.
  const rect = api.getMenuButtonBoundingClientRect();
  const width: number = rect.width;
  // @ts-expect-error not a promise
  rect.then;
  const left = api.getLeftButtonsBoundingClientRect();
  const parent: string = api.getParentAppId();
  const geocoder = api.getGeocoder();
  const panel: void = api.showSharePanel();
  exactly<typeof api.getMenuButtonBoundingClientRect, typeof my.getMenuButtonBoundingClientRect>(true);
  exactly<typeof api.getLeftButtonsBoundingClientRect, typeof my.getLeftButtonsBoundingClientRect>(true);
  exactly<typeof api.getGeocoder, typeof my.getGeocoder>(true);
  exactly<typeof api.getParentAppId, typeof my.getParentAppId>(true);
  exactly<typeof api.showSharePanel, typeof my.showSharePanel>(true);
  exactly<(typeof api)['cloud.createCloudContext'], typeof my.cloud.createCloudContext>(true);
  void [width, left, parent, geocoder, panel];
}

export function hostFunctionsAsTheyAre(): void {
  exactly<typeof api.arrayBufferToBase64, typeof my.arrayBufferToBase64>(true);
  exactly<typeof api.base64ToArrayBuffer, typeof my.base64ToArrayBuffer>(true);
  exactly<typeof api.getAppAuthorizeSetting, typeof my.getAppAuthorizeSetting>(true);
  exactly<typeof api.getAppBaseInfo, typeof my.getAppBaseInfo>(true);
  exactly<typeof api.getSystemSetting, typeof my.getSystemSetting>(true);
  exactly<typeof api.getWindowInfo, typeof my.getWindowInfo>(true);
  const info = api.getWindowInfo();
  const ratio: number = info.pixelRatio;
  // @ts-expect-error the window info is a value, not a promise
  api.getWindowInfo().then(() => undefined);
  void ratio;
}

export async function resultsOfFunctionsWithoutOptions(): Promise<void> {
  exactly<ResultOf<'getWindowInfo'>, ReturnType<typeof my.getWindowInfo>>(true);
  exactly<OptionsOf<'getWindowInfo'>, never>(true);
  const viaCall = await call('getWindowInfo');
  const ratio: number = viaCall.pixelRatio;
  // A callback-style function whose options are all optional.
  const network = await api.getNetworkType();
  const type: string = network.networkType;
  void [ratio, type];
}

export async function prefixedNames(): Promise<void> {
  const prefixed = await call('my.request', { url: 'x' });
  const bare = await call('request', { url: 'x' });
  exactly<typeof prefixed, typeof bare>(true);
  await call('ap.navigateToAlipayPage', { appCode: 'alipayScan' });
  await call('my.ap.navigateToAlipayPage', { appCode: 'alipayScan' });
  await api['ap.navigateToAlipayPage']({ appCode: 'alipayScan' });
  // @ts-expect-error appCode is one of Alipay's codes
  await call('ap.navigateToAlipayPage', { appCode: 'teleport' });
  // @ts-expect-error no such API, prefixed or not
  await call('my.reqest', {});
}

interface Orders {
  orders: { id: string }[];
}

export async function typedResponseData(): Promise<void> {
  const { data, status } = await api.request<Orders>({ url: 'https://shop.example.com/orders' });
  const first: string = data.orders[0].id;
  const code: number = status;
  // @ts-expect-error data is Orders now
  const notThere: string = data.total;
  // Without a type argument, data stays what the platform declares.
  const plain = await api.request({ url: 'x' });
  exactly<typeof plain.data, string | Record<string, unknown> | ArrayBuffer>(true);
  void [first, code, notThere];
}

export async function paymentResults(): Promise<void> {
  const paid = await call('tradePay', { tradeNO: '2026' });
  const code: string = paid.resultCode;
  const status: 'TRADE_SUCCESS' | 'TRADE_FINISHED' | undefined = paid.tradeStatus;
  const by: 'query' | undefined = paid.confirmedBy;
  const signed = await api.paySignCenter({ signStr: 's' });
  const signedBy: 'query' | undefined = signed.confirmedBy;
  void [code, status, by, signedBy];
}

export function queryAnswers(): void {
  // Every shape the README documents, synchronous or a promise, without a cast.
  createClient({ trade: { query: () => 'TRADE_SUCCESS' } });
  createClient({ trade: { query: async () => 'TRADE_SUCCESS' as string } });
  createClient({ trade: { query: () => ({ tradeStatus: 'WAIT_BUYER_PAY' }) } });
  createClient({
    trade: { query: async ({ tradeNO }) => (await api.request<{ tradeStatus: string }>({ url: `/trades/${tradeNO}` })).data.tradeStatus },
  });
  createClient({ trade: { query: () => Promise.resolve({ tradeStatus: 'TRADE_CLOSED' as string }) } });
  createClient({ sign: { query: () => true } });
  createClient({ sign: { query: async () => false } });
  // @ts-expect-error a query answers a status, not a number
  createClient({ trade: { query: () => 42 } });
}

// Over the whole table: every function that is not callback-style is the host's own, exactly; every
// callback-style one returns a CallPromise.
type Everything<T extends Record<string, boolean>> = T[keyof T];
type HostsAsTheyAre = Everything<{ [K in ApiName]: K extends PromisedName ? true : Equals<Api[K], HostFunction<K>> }>;
type PromisedAsPromises = Everything<{ [K in PromisedName]: ReturnType<Api[K]> extends CallPromise<unknown, unknown> ? true : false }>;
exactly<HostsAsTheyAre, true>(true);
exactly<PromisedAsPromises, true>(true);
