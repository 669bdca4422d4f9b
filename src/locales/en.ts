// `import 'minicall/en'` once (e.g. in app.js) to make `locale: 'en'` available: English hints
// stay out of the default bundle for the many pages that show Chinese only.
import { registerEnglish } from '../catalog/lookup.js';
import en from './en.data.js';

registerEnglish(en);

/** The locale this entry adds. */
export const locale = 'en';
