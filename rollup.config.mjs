import typescript from '@rollup/plugin-typescript';

// One build, four entries; shared code lands in chunks so `minicall` and `minicall/unionpay`
// used together carry one copy of the core.
const input = {
  index: 'src/index.ts',
  testing: 'src/testing/index.ts',
  solutions: 'src/solutions/index.ts',
  unionpay: 'src/platforms/unionpay/index.ts',
  en: 'src/locales/en.ts',
};

export default {
  input,
  external: (id) => id.startsWith('node:'),
  plugins: [typescript({ tsconfig: './tsconfig.build.json', declaration: false, declarationDir: undefined, noEmitOnError: true })],
  output: [
    { dir: 'dist', format: 'es', entryFileNames: '[name].mjs', chunkFileNames: 'chunks/[name]-[hash].mjs' },
    { dir: 'dist', format: 'cjs', entryFileNames: '[name].cjs', chunkFileNames: 'chunks/[name]-[hash].cjs', exports: 'named' },
  ],
};
