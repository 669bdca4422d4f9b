// A stand-in for UnionPay's upsdk.js (https://open.95516.com/s/open/js/upsdk.js) where there is no
// wallet: the tests and the demo serve it at that URL. It is minicall's own fake, createFakeUpsdk,
// which behaves as upsdk.js does: every API a silent no-op until the native bridge loads,
// pluginReady callbacks queued until then, isInsideWallet, failures as { errcode, errmsg } and
// pay's as a bare { msg }. build.mjs bundles it into dist/upsdk-stand-in.js. Never ship it.
//
// Configured by window.__upsdkStandIn, set before the page loads:
//
//   { bridgeDelay: 800 }                              the bridge loads after 800 ms
//   { neverReady: true }                              it never loads
//   { insideWallet: false }                           a browser outside the wallet
//   { fail: [['pay', { msg: '用户取消支付' }]] }        fake.fail(api, failure, options), for each entry
//   { respond: [['getLocationGps', '{"latitude":"31.23","longitude":"121.47"}']] }   fake.respond(…)
//   { hang: [['appletAuth', { times: 1 }]] }          fake.hang(…)
//
// Each call and each answer is logged as console.debug('[upsdk] …'), which the demo prints.
import { createFakeUpsdk } from 'minicall/testing';

const config = window.__upsdkStandIn || {};
const log = (...parts) => console.debug('[upsdk]', ...parts);

const fake = createFakeUpsdk({
  bridgeDelay: config.bridgeDelay,
  neverReady: config.neverReady,
  insideWallet: config.insideWallet,
  delay: config.delay,
});
(config.fail || []).forEach(([api, failure, options]) => fake.fail(api, failure, options));
(config.respond || []).forEach(([api, payload, options]) => fake.respond(api, payload, options));
(config.hang || []).forEach(([api, options]) => fake.hang(api, options));

/** The fake's own controls: passed through as they are. */
const CONTROLS = /^(fail|respond|hang|count|calls|loaded|isInsideWallet)$/;

/** `callback`, logging what it is given on the way. */
function traced(api, how, callback) {
  return (
    callback &&
    ((payload) => {
      log(`← ${api} ${how}`, JSON.stringify(payload));
      callback(payload);
    })
  );
}

window.upsdk = new Proxy(fake, {
  get(target, name) {
    const value = target[name];
    if (typeof name !== 'string' || typeof value !== 'function' || CONTROLS.test(name)) return value;
    if (name === 'pluginReady') {
      return (callback) => {
        log(fake.loaded ? 'pluginReady (bridge loaded)' : 'pluginReady: waiting for the bridge');
        value((...args) => {
          log('bridge loaded: pluginReady fires');
          callback(...args);
        });
      };
    }
    return (options = {}) => {
      // Functions drop out of JSON: what is logged is the options the page passed.
      log(`→ ${name}`, JSON.stringify(options));
      return value(
        Object.assign({}, options, {
          success: traced(name, 'success', options.success),
          fail: traced(name, 'fail', options.fail),
          cancel: traced(name, 'cancel', options.cancel),
        }),
      );
    };
  },
});
