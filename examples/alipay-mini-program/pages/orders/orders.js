import { api, isMiniError } from 'minicall';
import { apiUrl, settings } from '../../config.js';

Page({
  data: {
    status: 'loading', // 'loading' | 'ready' | 'error'
    orders: [],
    showRetry: false,
  },

  onLoad() {
    return this.load();
  },

  onShow() {
    // Back from checkout: a paid order shows as paid.
    if (this.data.status === 'ready') return this.load();
  },

  async load() {
    this.setData({ status: this.data.orders.length > 0 ? 'ready' : 'loading', showRetry: false });
    try {
      // A GET: a timeout or network error (12, 13) is retried with backoff; the loading
      // indicator covers every attempt; a final failure shows one toast.
      const { data } = await api.request({ url: apiUrl('/orders'), timeout: settings.requestTimeout }, { loading: '加载中' });
      this.setData({ status: 'ready', orders: data.orders });
    } catch (err) {
      // The user has seen the toast already. A transient failure gets a retry button.
      this.setData({ status: 'error', showRetry: isMiniError(err) && err.kind === 'retryable' });
    }
  },

  onRetryTap() {
    return this.load();
  },

  onOrderTap(event) {
    const order = this.data.orders.find((o) => o.id === event.target.dataset.id);
    if (!order || order.status === 'paid') return;
    const query = `orderId=${order.id}&title=${encodeURIComponent(order.title)}&amount=${order.amount}`;
    return api.navigateTo({ url: `/pages/checkout/checkout?${query}` }).catch(() => undefined);
  },
});
