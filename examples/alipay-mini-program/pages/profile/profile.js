import { api, isMiniError } from 'minicall';

Page({
  data: {
    authorized: false,
    scopes: [],
    failed: false,
  },

  async onLoginTap() {
    try {
      // getAuthCode waits on the user, so no default timeout applies.
      // The answer's authCode goes to your server, which exchanges it (alipay.system.oauth.token)
      // for the user's id and token; it is single-use and never kept in the page.
      const { authSuccessScopes } = await api.getAuthCode({ scopes: 'auth_user' });
      this.setData({ authorized: true, scopes: authSuccessScopes || [], failed: false });
    } catch (err) {
      // A user who declines (10) has decided: no toast, and the page stays as it was.
      if (isMiniError(err) && err.kind === 'cancel') return;
      // Anything else: minicall has shown one toast; the page offers to try again.
      this.setData({ failed: true });
    }
  },
});
