/**
 * The kiosk's first file (the page's script and what it imports before anything runs) carries the
 * exit lane's idle screen and nothing a driver does not need on it (issue 28, cold start): the pay
 * QR with qrcode, the receipts and ESC/POS encoder, the printer driver, the staff release form and
 * the entry screen load later. Built in memory with the kiosk's own vite config.
 */
import assert from 'node:assert/strict';
import { relative } from 'node:path';
import { test } from 'node:test';
import type { Rollup } from 'vite';
import { build } from 'vite';
import { ROOT } from '../helpers/proxy-process.js';

/** A module's id as the checks name it: from the repository root, or from node_modules (a link to a shared install). */
function moduleName(id: string): string {
  const path = id.replace(/^\0/, '');
  const dependency = path.lastIndexOf('/node_modules/');
  return dependency >= 0 ? path.slice(dependency + 1) : relative(ROOT, path);
}

async function kioskChunks(): Promise<Rollup.OutputChunk[]> {
  const result = await build({ configFile: `${ROOT}vite.config.ts`, mode: 'kiosk', logLevel: 'silent', build: { write: false, sourcemap: false } });
  const outputs = Array.isArray(result) ? result : [result as Rollup.RollupOutput];
  return outputs.flatMap((output) => output.output.filter((item): item is Rollup.OutputChunk => item.type === 'chunk'));
}

/** The entry chunk and every chunk it imports statically, their modules in the order they run: what the browser loads before the first screen runs. */
function firstFileModules(chunks: Rollup.OutputChunk[]): string[] {
  const byName = new Map(chunks.map((chunk) => [chunk.fileName, chunk]));
  const entry = chunks.find((chunk) => chunk.isEntry && chunk.moduleIds.some((id) => id.endsWith('kiosk-shell/main.ts')));
  assert.ok(entry, 'the kiosk page has its entry chunk');
  const loaded = new Set<Rollup.OutputChunk>();
  const visit = (chunk: Rollup.OutputChunk) => {
    if (loaded.has(chunk)) return;
    loaded.add(chunk);
    for (const name of chunk.imports) visit(byName.get(name)!);
  };
  visit(entry);
  return [...loaded].flatMap((chunk) => chunk.moduleIds.map(moduleName));
}

test('the first file holds the exit idle screen, and not the QR, the receipts, the staff form or the entry screen', async () => {
  const chunks = await kioskChunks();
  const modules = firstFileModules(chunks);
  for (const needed of ['src/components/lane-exit-kiosk/lane-exit-kiosk.ts', 'src/components/lane-plate-input/lane-plate-input.ts', 'src/components/lane-status-bar/lane-status-bar.ts']) {
    assert.ok(modules.includes(needed), `${needed} is in the first file`);
  }
  const later = [
    'node_modules/qrcode/',
    'src/components/lane-pay-qr/',
    'src/hardware/receipts.ts',
    'src/hardware/escpos/encoder.ts',
    'src/hardware/printer-driver.ts',
    'src/hardware/relay-gate.ts',
    'src/components/lane-staff-exit/',
    'src/components/lane-keypad/',
    'src/components/lane-dead-letters/',
    'src/components/lane-entry-kiosk/',
    // The lane's equipment, which starts once the screen has been up a moment.
    'kiosk-shell/lane-equipment.ts',
    'kiosk-shell/devices.ts',
    'kiosk-shell/demo-devices-panel.ts',
    'kiosk-shell/settings-panel.ts',
    'src/offline/outbox.ts',
  ];
  for (const path of later) {
    assert.deepEqual(
      modules.filter((id) => id.startsWith(path)),
      [],
      `${path} is not in the first file`,
    );
  }
  // Still in the build: each loads as a chunk of its own.
  const everything = chunks.flatMap((chunk) => chunk.moduleIds.map(moduleName));
  for (const path of later) assert.ok(everything.some((id) => id.startsWith(path)), `${path} is still built`);
});

test("a lane's first start asks for its config before the screen's code runs: lane-start.ts runs first, ky and lit after it", async () => {
  const modules = firstFileModules(await kioskChunks());
  const at = (path: string) => modules.findIndex((id) => id.startsWith(path));
  const start = at('kiosk-shell/lane-start.ts');
  assert.ok(start >= 0, 'lane-start.ts is in the first file');
  // ky sends a request on a later microtask, which in one module comes after all of it has run: the early request is a plain fetch.
  for (const later of ['node_modules/lit-html/', 'node_modules/ky/', 'src/client/lane-client.ts', 'src/components/lane-exit-kiosk/lane-exit-kiosk.ts']) {
    assert.ok(at(later) > start, `${later} runs after lane-start.ts`);
  }
});
