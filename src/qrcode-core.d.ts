/**
 * qrcode's encoder on its own, for code that needs only the modules: the package's main entry also
 * carries its canvas, SVG and data-URL renderers, which would ship in every browser bundle. The
 * package has no exports map, so the file is reachable; its types are the package's.
 * tsconfig.lib.json lists this file: the library's declarations start from src/index.ts alone.
 */
declare module 'qrcode/lib/core/qrcode.js' {
  import type { create } from 'qrcode';

  const core: { create: typeof create };
  export default core;
}
