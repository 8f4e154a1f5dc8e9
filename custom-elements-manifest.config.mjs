/**
 * `npm run analyze`: custom-elements.json from the elements' decorators and JSDoc (tags, attributes, properties,
 * events with their detail types, parts, CSS properties). One module per element, named after its tag
 * (`src/components/<tag>/<tag>.ts`), so per-element entry points can be derived from the manifest.
 */
export default {
  globs: ['src/components/lane-*/lane-*.ts'],
  exclude: ['src/components/**/*.styles.ts', 'src/components/**/*.screens.ts', 'src/components/**/*.messages.ts', 'src/components/**/*-controller.ts'],
  outdir: '.',
  litelement: true,
};
