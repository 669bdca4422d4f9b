import { api, isMiniError } from 'minicall';

// The shop's pickup points. A real app would ask its server for the ones near the user.
const STORES = [
  { name: '西湖店', longitude: 120.15, latitude: 30.25 },
  { name: '滨江店', longitude: 120.21, latitude: 30.21 },
  { name: '余杭店', longitude: 120.3, latitude: 30.42 },
];

/** The store closest to a point (plain degrees are close enough within one city). */
function nearestStore(longitude, latitude) {
  const distance = (store) => (store.longitude - longitude) ** 2 + (store.latitude - latitude) ** 2;
  return STORES.reduce((best, store) => (distance(store) < distance(best) ? store : best));
}

Page({
  data: {
    status: 'locating',
    nearest: '',
    problem: '',
    canOpenSetting: false,
    // Sent to the phone's settings: locate again when the page shows next.
    guided: false,
  },

  onLoad() {
    return this.locate();
  },

  async locate() {
    this.setData({ status: 'locating' });
    try {
      // This page shows its failure itself, next to what the user can do about it: no toast.
      const { longitude, latitude } = await api.getLocation({}, { toast: false });
      this.setData({
        status: 'ready',
        nearest: nearestStore(Number(longitude), Number(latitude)).name,
        problem: '',
        canOpenSetting: false,
      });
    } catch (err) {
      if (!isMiniError(err)) throw err;
      // err.hint says what the user can do. openSetting: location is off for good, for this
      // mini-program (2002/2003: Alipay will not ask again) or for Alipay on the phone (11);
      // the 去设置 button finds out which.
      this.setData({ status: 'failed', problem: err.hint, canOpenSetting: err.action === 'openSetting' });
    }
  },

  async onOpenSettingTap() {
    try {
      const { authSetting } = await api.getSetting({}, { toast: false });
      if (!authSetting.location) {
        // Off for this mini-program: its own settings page, then locate if the user turned it on.
        const after = await api.openSetting({}, { toast: false });
        if (after.authSetting.location) await this.locate();
      } else {
        // On here, so it is the phone that keeps location from Alipay (11): Alipay's guide to the
        // phone's settings. The page locates again when the user comes back (onShow).
        this.setData({ guided: true });
        await api.showAuthGuide({ authType: 'LBS' }, { toast: false });
      }
    } catch (err) {
      // Neither could be shown (showAuthGuide is not on every phone): the hint still says where.
    }
  },

  onShow() {
    if (!this.data.guided) return undefined;
    this.setData({ guided: false });
    return this.locate();
  },

  onRetryTap() {
    return this.locate();
  },
});
