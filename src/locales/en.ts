// `import 'minicall/en'` once (e.g. in app.js) to make `locale: 'en'` available: English hints
// stay out of the default bundle for the many pages that show Chinese only.
import { forgetIndexes } from '../catalog/registry.js';
import { registerEnglish } from './hints.js';
import en from './en.data.js';

registerEnglish(en);
// Entries already expanded carry no English hint yet: they are expanded again on the next lookup.
forgetIndexes();

/** The locale this entry adds. */
export const locale = 'en';
