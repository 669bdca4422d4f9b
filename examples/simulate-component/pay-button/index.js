const { isMiniError } = require('minicall');
const client = require('../client');

Component({
  properties: {
    tradeNO: { type: String, value: '' },
    amount: { type: String, value: '' },
  },

  data: {
    state: 'idle', // 'idle' | 'paying' | 'paid' | 'failed'
    hint: '',
  },

  methods: {
    async onPayTap() {
      if (this.data.state === 'paying') return;
      this.setData({ state: 'paying', hint: '' });
      try {
        await client.call('tradePay', { tradeNO: this.data.tradeNO });
        this.setData({ state: 'paid' });
        this.triggerEvent('paid', { tradeNO: this.data.tradeNO });
      } catch (err) {
        // A cancel is the user's choice: back to the button, no toast. Anything else: minicall
        // has shown its toast, and the component shows the same hint under the button.
        if (isMiniError(err) && err.kind === 'cancel') this.setData({ state: 'idle' });
        else this.setData({ state: 'failed', hint: isMiniError(err) ? err.hint : '支付失败' });
      }
    },
  },
});
