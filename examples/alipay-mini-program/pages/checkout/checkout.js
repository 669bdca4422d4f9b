import { call, isMiniError } from 'minicall';
import { apiUrl } from '../../config.js';

/** One key per checkout attempt: the server answers a repeated POST with the same trade. */
function idempotencyKey(orderId) {
  return `checkout-${orderId}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
}

Page({
  data: {
    orderId: '',
    title: '',
    amount: '',
    // 'idle' | 'creating' | 'paying' | 'paid' | 'pending' | 'closed' | 'failed'
    state: 'idle',
    tradeNO: '',
    confirmedBy: '',
  },

  onLoad(query) {
    // What the page shows; what is charged is decided by the server from the order id alone.
    this.setData({ orderId: query.orderId || '', title: decodeURIComponent(query.title || ''), amount: query.amount || '' });
  },

  async onPayTap() {
    if (this.data.state === 'creating' || this.data.state === 'paying') return;
    this.setData({ state: 'creating', confirmedBy: '' });

    let tradeNO;
    try {
      // A POST with an Idempotency-Key: safe to retry after a timeout, so minicall does.
      const { data } = await call(
        'request',
        {
          url: apiUrl('/trades'),
          method: 'POST',
          headers: { 'content-type': 'application/json', 'Idempotency-Key': idempotencyKey(this.data.orderId) },
          data: { orderId: this.data.orderId },
        },
        { loading: '正在下单' },
      );
      tradeNO = data.tradeNO;
    } catch (err) {
      this.setData({ state: 'failed' });
      return;
    }

    this.setData({ state: 'paying', tradeNO });
    try {
      // Invoked exactly once. 8000/6004 (outcome unknown) are settled by asking the server
      // (trade.query in app.js), never by paying again.
      const result = await call(
        'tradePay',
        { tradeNO },
        {
          loading: '支付确认中',
          // A closed trade deserves its own words; every other failure keeps minicall's hint.
          toast: (err) => (err.tradeStatus === 'TRADE_CLOSED' ? '交易已关闭，未扣款' : undefined),
        },
      );
      this.setData({ state: 'paid', confirmedBy: result.confirmedBy || 'cashier' });
    } catch (err) {
      if (!isMiniError(err)) throw err;
      if (err.kind === 'cancel') {
        // 6001/99: the user left the cashier. No toast was shown; they may pay again.
        this.setData({ state: 'idle' });
      } else if (err.kind === 'pending') {
        // Not confirmed in time: the order list will show the outcome later.
        this.setData({ state: 'pending' });
      } else if (err.tradeStatus === 'TRADE_CLOSED') {
        this.setData({ state: 'closed' });
      } else {
        this.setData({ state: 'failed' });
      }
    }
  },

  onBackTap() {
    return call('navigateBack', {}, { toast: false }).catch(() => undefined);
  },
});
