import typescript from '@rollup/plugin-typescript';
import { transformAsync } from '@babel/core';

// Each source module becomes one file, in an ES module build and a CommonJS build that mirror
// src/: a page author stepping through minicall in the IDE's debugger finds the file they read here.
const input = ['src/index.ts', 'src/platforms/unionpay/index.ts', 'src/policies/payment.ts', 'src/solutions/index.ts', 'src/locales/en.ts', 'src/testing/index.ts'];

// The testing kit runs on Node only; everything else runs in pages and is downlevelled to ES5.
const runsOnNodeOnly = (fileName) => fileName.startsWith('testing/');

/**
 * Alipay compiles nothing under node_modules, so page code must already be ES5 syntax (ES module
 * files keep `import`/`export`). Built-ins (Promise, Proxy, Symbol.for, Map) are the host's: they
 * are not polyfilled, and helpers that would test for them are left out.
 */
const es5 = {
  name: 'es5',
  async renderChunk(code, chunk, outputOptions) {
    if (runsOnNodeOnly(chunk.fileName)) return null;
    const result = await transformAsync(code, {
      babelrc: false,
      configFile: false,
      filename: chunk.fileName,
      sourceType: outputOptions.format === 'es' ? 'module' : 'script',
      plugins: [['@babel/plugin-transform-for-of', { assumeArray: true }]],
      presets: [
        [
          '@babel/preset-env',
          {
            forceAllTransforms: true,
            modules: false,
            loose: true,
            // No generator runtime (the runtime code uses promise chains) and no Symbol shim.
            // for…of runs only over arrays here: the plugin below lowers it to an index loop.
            exclude: ['transform-regenerator', 'transform-async-to-generator', 'transform-typeof-symbol', 'transform-for-of'],
          },
        ],
      ],
      // What minicall's own code guarantees, so each construct lowers to the plain ES5 it means.
      assumptions: {
        iterableIsArray: true,
        skipForOfIteratorClosing: true,
        noClassCalls: true,
        setClassMethods: true,
        superIsCallableConstructor: true,
        constantSuper: true,
        noNewArrows: true,
        ignoreFunctionLength: true,
        ignoreToPrimitiveHint: true,
        setSpreadProperties: true,
        setComputedProperties: true,
        setPublicClassFields: true,
        mutableTemplateObject: true,
        noDocumentAll: true,
      },
      comments: true,
      compact: false,
    });
    return { code: result.code, map: null };
  },
};

const shared = {
  preserveModules: true,
  preserveModulesRoot: 'src',
  entryFileNames: '[name].js',
  generatedCode: 'es5',
};

export default {
  input,
  external: (id) => id.startsWith('node:'),
  plugins: [
    typescript({
      tsconfig: './tsconfig.build.json',
      declaration: false,
      emitDeclarationOnly: false,
      noEmit: false,
      declarationDir: undefined,
      outDir: undefined,
      noEmitOnError: true,
    }),
    es5,
  ],
  output: [
    { ...shared, dir: 'dist/esm', format: 'es' },
    { ...shared, dir: 'dist/cjs', format: 'cjs', exports: 'named' },
  ],
};
