/** `npm run analyze`: custom-elements.json from the elements' JSDoc (tags, attributes, events, parts, CSS properties). */
export default {
  globs: ['src/components/lane-*.ts'],
  exclude: ['src/components/*.styles.ts', 'src/components/*.screens.ts'],
  outdir: '.',
  litelement: true,
};
