/**
 * The component library's entry points, read from custom-elements.json (`npm run analyze`) rather
 * than from a list of file names: the manifest names the module that defines each tag, wherever the
 * source tree keeps it (src/components/<tag>.ts or src/components/<tag>/<tag>.ts).
 */
import { readFileSync } from 'node:fs';

interface ManifestExport {
  kind: string;
  name: string;
  declaration: { name: string; module?: string };
}

interface ManifestModule {
  kind: string;
  path: string;
  declarations?: Array<{ name: string; tagName?: string; customElement?: boolean }>;
  exports?: ManifestExport[];
}

export interface Manifest {
  schemaVersion: string;
  modules: ManifestModule[];
}

/** Where the package puts each element's entry (ES module and its types), relative to the package root. */
export const ELEMENT_ENTRY_DIR = 'dist/lib/elements';

export function readManifest(path: string): Manifest {
  return JSON.parse(readFileSync(path, 'utf8')) as Manifest;
}

/** Tag → the source module that defines it, relative to the repository root (e.g. `src/components/lane-pay-qr.ts`). */
export function elementModules(manifest: Manifest): Map<string, string> {
  const modules = new Map<string, string>();
  for (const module of manifest.modules) {
    for (const definition of module.exports ?? []) {
      if (definition.kind !== 'custom-element-definition') continue;
      const existing = modules.get(definition.name);
      if (existing && existing !== module.path) throw new Error(`custom-elements.json defines <${definition.name}> in both ${existing} and ${module.path}`);
      modules.set(definition.name, module.path);
    }
  }
  if (modules.size === 0) throw new Error('custom-elements.json defines no element: run npm run analyze');
  return modules;
}

/** The source module that defines `tag`; a build for a tag the manifest does not know stops here. */
export function elementModule(manifest: Manifest, tag: string): string {
  const module = elementModules(manifest).get(tag);
  if (!module) throw new Error(`custom-elements.json does not define <${tag}>: run npm run analyze`);
  return module;
}

/**
 * The manifest as the package ships it: only the modules that define elements, each at the path of
 * its entry in the package (`dist/lib/elements/<tag>.js`), which is what editors and catalogs import.
 */
export function publishedManifest(manifest: Manifest): Manifest {
  const entries = elementModules(manifest);
  const entryOf = new Map([...entries].map(([tag, source]) => [source, `${ELEMENT_ENTRY_DIR}/${tag}.js`]));
  const modules = manifest.modules
    .filter((module) => entryOf.has(module.path))
    .map((module) => {
      const path = entryOf.get(module.path)!;
      const exports = module.exports?.map((e) => (e.declaration.module === module.path ? { ...e, declaration: { ...e.declaration, module: path } } : e));
      return { ...module, path, ...(exports ? { exports } : {}) };
    });
  return { ...manifest, modules };
}

/** The declaration file beside an element's entry: the types tsc emitted for its source module. */
export function elementTypesStub(sourceModule: string): string {
  const declarations = sourceModule.replace(/^src\//, '../types/').replace(/\.ts$/, '.js');
  return `export * from '${declarations}';\n`;
}
