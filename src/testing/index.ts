// The testing kit: fakes of the platforms' hosts for tests of your own pages. Node only; nothing
// here reaches the default bundle.
export { createFakeMy } from './fake-my.js';
export type { FakeMy, FakeMyOptions, FailOptions } from './fake-my.js';
export { createFakeUpsdk } from './fake-upsdk.js';
export type { FakeUpsdk, FakeUpsdkOptions, UpsdkFailure } from './fake-upsdk.js';
