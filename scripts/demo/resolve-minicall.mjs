// A module resolution hook for the demo: the example mini-program's `import … from 'minicall'`
// resolves to this repository's build, as if minicall were installed in the example's node_modules
// (which `npm install` in the example would do, through its `file:../..` dependency).
import { pathToFileURL } from 'node:url';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const PACKAGE = pathToFileURL(join(dirname(fileURLToPath(import.meta.url)), '../../package.json')).href;

export function resolve(specifier, context, next) {
  // Resolved from the package's own root, where Node resolves a package importing itself by name.
  if (specifier === 'minicall' || specifier.startsWith('minicall/')) return next(specifier, { ...context, parentURL: PACKAGE });
  return next(specifier, context);
}
