// Where the merchant server is and how patient the pages are: the one file to change for your shop.
// BASE_URL must be an HTTPS domain on the mini-program's server whitelist (开放平台 > 开发设置 >
// 服务器域名白名单).
export const BASE_URL = 'https://shop.example.com';

export const settings = {
  baseUrl: BASE_URL,
  /** my.request's own timeout for the order list, in ms (Alipay's default is 30000). */
  requestTimeout: 10000,
  /** An unknown payment outcome (8000/6004): first status query after this many ms… */
  tradeInterval: 1000,
  /** …and the page stops waiting after this many. */
  tradeMaxWait: 30000,
};

/** Points the pages at another server, e.g. a local one: `setBaseUrl('http://127.0.0.1:3000')`. */
export function setBaseUrl(url) {
  settings.baseUrl = String(url).replace(/\/+$/, '');
}

/** Changes any of `settings` (tests and demos shorten the waits). Call before the app launches. */
export function setSettings(values) {
  Object.assign(settings, values);
  if (values.baseUrl !== undefined) setBaseUrl(values.baseUrl);
}

/** The full URL of a merchant server path: `apiUrl('/orders')`. */
export function apiUrl(path) {
  return settings.baseUrl + path;
}
