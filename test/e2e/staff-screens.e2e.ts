/**
 * The staff screens in the real kiosk app, by touch, in English after a driver's language switch, at
 * the three kiosk sizes: the settings speak the kiosk's language, the PIN prompt says what it opens,
 * the tab bar and 返回/保存 keep their boxes from section to section and when the lane field's
 * on-screen keyboard comes up, the printer names fit, and the
 * release dialog keeps its box when the staff-id keypad comes up. Saves
 * docs/screenshots/staff-<screen>-<size>.png.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Locator, Page } from 'playwright-core';
import { tapPlate, useProxyAndBrowser } from '../helpers/e2e-setup.js';
import { ROOT } from '../helpers/proxy-process.js';

const SCREENSHOTS = `${ROOT}docs/screenshots`;
const SIZES = [
  { name: 'portrait', width: 1080, height: 1920 },
  { name: 'landscape', width: 1920, height: 1080 },
  { name: 'tablet', width: 800, height: 1280 },
] as const;

const env = useProxyAndBrowser();

const box = async (locator: Locator) => {
  const b = (await locator.boundingBox())!;
  return { x: b.x, y: b.y, width: b.width, height: b.height };
};

/** Where each printer name's text lies beyond its button, in px (0 when it fits). */
function printerOverflow(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const panel = document.querySelector('lane-shell-settings')!.shadowRoot!;
    return [...panel.querySelectorAll<HTMLElement>('[data-name="printerProfile"] button')].map((button) => {
      const range = document.createRange();
      range.selectNodeContents(button);
      const text = range.getBoundingClientRect();
      const outer = button.getBoundingClientRect();
      return `${button.textContent} ${Math.max(0, outer.left - text.left, text.right - outer.right, outer.top - text.top, text.bottom - outer.bottom).toFixed(1)}`;
    });
  });
}

async function tapDigits(keypad: Locator, digits: string): Promise<void> {
  for (const digit of digits) await keypad.getByRole('button', { name: digit, exact: true }).click();
}

for (const size of SIZES) {
  test(`staff screens in English at ${size.width}×${size.height}: settings follow the language and keep their places; the release dialog keeps its box`, async () => {
    const page = await env.browser.newPage({ viewport: { width: size.width, height: size.height } });
    await page.goto(`${env.proxy.url}/?lane=exit-1&key=demo-lane-key-exit-1`);
    await page.locator('lane-exit-kiosk [part="spaces"]').waitFor();
    await page.locator('.settings-corner').waitFor({ state: 'attached' });
    await page.locator('lane-exit-kiosk [part="locale-switch"]').click();
    await page.getByText('Enter your plate number').waitFor();

    for (let i = 0; i < 5; i++) await page.locator('.settings-corner').click();
    const prompt = page.getByRole('dialog', { name: 'Lane settings (staff only)' });
    await prompt.getByRole('heading', { name: 'Lane settings (staff only)' }).waitFor();
    const keypad = prompt.locator('lane-keypad');
    const keysBefore = await box(keypad);
    await tapDigits(keypad, '1111');
    await keypad.getByRole('button', { name: 'Unlock' }).click();
    await prompt.getByRole('alert').getByText('Wrong PIN, try again').waitFor();
    assert.deepEqual(await box(keypad), keysBefore, 'the wrong-PIN line moves no key');
    await page.screenshot({ path: `${SCREENSHOTS}/staff-settings-pin-${size.name}.png` });
    await tapDigits(keypad, '24682468');
    await keypad.getByRole('button', { name: 'Unlock' }).click();

    const settings = page.getByRole('dialog', { name: 'Settings' });
    const tabs = settings.getByRole('group', { name: 'Settings' });
    await tabs.waitFor();
    const places = async () => ({ tabs: await box(tabs), save: await box(settings.getByRole('button', { name: 'Save and restart' })) });
    const first = await places();
    for (const section of ['Hardware', 'Printer model', 'Gate', 'Lane']) {
      await tabs.getByRole('button', { name: section, exact: true }).click();
      assert.deepEqual(await places(), first, `${section}: the tab bar and the buttons stay`);
    }
    // The lane section is shown last: a tap on its Lane field brings up the on-screen keyboard, in room kept for it.
    await settings.getByRole('textbox', { name: 'Lane', exact: true }).click();
    await settings.getByRole('group', { name: 'Typing: Lane' }).waitFor();
    assert.deepEqual(await places(), first, 'the keyboard moves neither the tab bar nor the buttons');
    await page.screenshot({ path: `${SCREENSHOTS}/staff-settings-keyboard-${size.name}.png` });
    await tabs.getByRole('button', { name: 'Printer model', exact: true }).click();
    const overflow = await printerOverflow(page);
    assert.deepEqual(overflow, overflow.map((line) => line.replace(/ [\d.]+$/, ' 0.0')), 'every printer name fits its button');
    await page.screenshot({ path: `${SCREENSHOTS}/staff-settings-printer-${size.name}.png` });
    await settings.getByRole('button', { name: 'Back' }).click();
    await settings.waitFor({ state: 'detached' });

    await tapPlate(page, `沪L8888${SIZES.indexOf(size)}`);
    await page.getByRole('button', { name: 'Staff release' }).click();
    const release = page.getByRole('dialog', { name: 'Staff release' });
    const releaseKeypad = release.locator('lane-keypad');
    await tapDigits(releaseKeypad, '24682468');
    await releaseKeypad.getByRole('button', { name: 'OK', exact: true }).click();
    await release.locator('[data-field="entry"]').waitFor();
    const form = await box(release);
    await release.locator('[data-field="staff"]').click();
    await releaseKeypad.getByRole('button', { name: 'A', exact: true }).click();
    assert.deepEqual(await box(release), form, 'the A–Z keypad does not grow the dialog');
    await page.screenshot({ path: `${SCREENSHOTS}/staff-release-id-${size.name}.png` });
    await page.close();
  });
}
