import { call, configure } from 'minicall';
import { paymentFollowUp } from 'minicall/payment';
import { apiUrl, settings } from './config.js';

App({
  globalData: {},

  onLaunch() {
    configure({
      // No callback from the host within 15 s fails the call with TIMEOUT (pickers and payment
      // sheets, which wait on the user, are exempt).
      timeout: 15000,
      // This app takes payments: tradePay's 8000/6004 are settled by the follow-up below.
      steps: [paymentFollowUp],
      trade: {
        interval: settings.tradeInterval,
        maxWait: settings.tradeMaxWait,
        // When tradePay answers 8000 or 6004 the outcome is unknown: minicall asks the merchant
        // server, which asks Alipay (alipay.trade.query), until the trade is paid or closed. The
        // question itself goes through minicall too; a failed query only means "no answer yet" to
        // the poll, so it shows no toast and is not retried on its own.
        query: async ({ tradeNO }) => {
          const url = apiUrl(`/trades/${encodeURIComponent(tradeNO)}/status`);
          const { data } = await call('request', { url }, { toast: false, retry: false });
          return data.tradeStatus;
        },
      },
    });
  },
});
