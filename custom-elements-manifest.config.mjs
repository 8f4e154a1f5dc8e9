/**
 * `npm run analyze`: custom-elements.json from the elements' decorators and JSDoc (tags, attributes, properties,
 * events with their detail types, parts, CSS properties). One module per element, named after its tag
 * (`src/components/<tag>/<tag>.ts`), so per-element entry points can be derived from the manifest.
 * test/node/custom-elements-manifest.test.ts regenerates it and fails when the committed file differs.
 */

/**
 * Events are documented as `@event {LaneStateEvent} lane-state - …`; the manifest shows the alias's own text
 * (`CustomEvent<{ state: LaneState; previous: LaneState }>`), so a reader sees the detail without the source.
 */
function eventDetailTypes() {
  const aliases = new Map();
  return {
    name: 'lane-event-detail-types',
    analyzePhase({ ts, node }) {
      if (ts.isTypeAliasDeclaration(node) && /^CustomEvent</.test(node.type.getText())) aliases.set(node.name.text, node.type.getText());
    },
    packageLinkPhase({ customElementsManifest }) {
      for (const declaration of customElementsManifest.modules.flatMap((module) => module.declarations ?? [])) {
        for (const event of declaration.events ?? []) {
          const expanded = event.type && aliases.get(event.type.text);
          if (expanded) event.type.text = expanded;
        }
      }
    },
  };
}

export default {
  globs: ['src/components/lane-*/lane-*.ts', 'src/components/shared/kiosk-events.ts', 'src/components/shared/localized-element.ts'],
  exclude: ['src/components/**/*.styles.ts', 'src/components/**/*.screens.ts', 'src/components/**/*.messages.ts', 'src/components/**/*-controller.ts'],
  outdir: '.',
  // package.json already names custom-elements.json; the drift test writes to a temp dir and must not touch it.
  packagejson: false,
  litelement: true,
  plugins: [eventDetailTypes()],
};
