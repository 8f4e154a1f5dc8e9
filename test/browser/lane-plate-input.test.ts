import { expect } from '@esm-bundle/chai';
import '../../src/components/lane-plate-input/lane-plate-input.js';
import type { LanePlateInput } from '../../src/components/lane-plate-input/lane-plate-input.js';
import { checkPlate } from '../../src/core/plate.js';
import { expectNoA11yViolations } from './a11y.js';
import { mount, nextEvent, unmountAll } from './support.js';

const keys = (input: LanePlateInput) => [...input.shadowRoot!.querySelectorAll<HTMLButtonElement>('button.key')];
const enabledKeys = (input: LanePlateInput) => keys(input).filter((k) => !k.disabled).map((k) => k.dataset.key!);
const keyButton = (input: LanePlateInput, key: string) => keys(input).find((k) => k.dataset.key === key)!;
const actions = (input: LanePlateInput) => [...input.shadowRoot!.querySelectorAll<HTMLButtonElement>('button.action')];
const cells = (input: LanePlateInput) => [...input.shadowRoot!.querySelectorAll<HTMLButtonElement>('button.cell')];

/** Taps the keys one by one, as a driver would. */
async function tap(input: LanePlateInput, text: string): Promise<void> {
  for (const key of text) {
    const button = keyButton(input, key);
    expect(button, `key ${key} is on the page`).to.not.equal(undefined);
    expect(button.disabled, `key ${key} is enabled at cell ${input.cursor + 1}`).to.equal(false);
    button.click();
    await input.updateComplete;
  }
}

async function plateInput(attrs: Partial<LanePlateInput> = {}): Promise<LanePlateInput> {
  return mount(Object.assign(document.createElement('lane-plate-input'), attrs));
}

describe('<lane-plate-input>', () => {
  afterEach(unmountAll);

  it('a plate it is created with (the lane camera’s read) is continued at its end: delete takes its last character', async () => {
    const input = await plateInput({ value: '沪L30092' });
    expect(input.cursor).to.equal(7);
    const deleteKey = actions(input).find((b) => b.textContent!.trim() === '删除')!;
    deleteKey.click();
    await input.updateComplete;
    deleteKey.click();
    await input.updateComplete;
    await tap(input, '02');
    expect(input.value).to.equal('沪L30002');
  });

  it('opens on the province page, then letters only, then letters and digits; never I or O', async () => {
    const input = await plateInput();
    expect(input.shadowRoot!.querySelector('.keyboard')!.getAttribute('data-page')).to.equal('province');
    expect(enabledKeys(input)).to.include.members(['沪', '京', '粤', '新']);
    expect(enabledKeys(input)).to.have.length(31);
    await tap(input, '沪');
    expect(input.shadowRoot!.querySelector('.keyboard')!.getAttribute('data-page')).to.equal('alphanumeric');
    expect(enabledKeys(input).some((k) => /\d/.test(k)), 'no digit in the second place').to.equal(false);
    expect(keys(input).map((k) => k.dataset.key)).to.not.include.members(['I', 'O']);
    await tap(input, 'A1234');
    expect(enabledKeys(input)).to.include.members(['5', 'Z', '学', '警']);
    expect(enabledKeys(input), '港 and 澳 only for 粤Z').to.not.include.members(['港', '澳']);
  });

  it('suffixes only in the last place; 港 and 澳 only after 粤Z', async () => {
    const input = await plateInput();
    await tap(input, '粤Z');
    expect(enabledKeys(input)).to.not.include('港');
    await tap(input, '1234');
    expect(enabledKeys(input)).to.include.members(['港', '澳', '学']);
    const submitted = nextEvent<CustomEvent>(input, 'lane-plate-submit');
    await tap(input, '港');
    actions(input).find((a) => a.classList.contains('confirm'))!.click();
    expect((await submitted).detail).to.deep.equal({ plate: '粤Z1234港' });
  });

  it('new-energy mode has eight cells and its own layouts, and every plate it completes is valid', async () => {
    const input = await plateInput();
    actions(input).find((a) => a.classList.contains('mode'))!.click();
    await input.updateComplete;
    expect(cells(input)).to.have.length(8);
    await tap(input, '沪A');
    expect(enabledKeys(input).sort()).to.deep.equal([...'0123456789ABCDEFGHJK'].sort(), 'a mark (small car) or a digit (large car) third');
    await tap(input, 'D');
    await tap(input, 'F1234');
    expect(input.value).to.equal('沪ADF1234');
    expect(checkPlate(input.value).ok).to.equal(true);

    const large = await plateInput({ newEnergy: true });
    await tap(large, '沪A12345');
    expect(enabledKeys(large).sort(), 'a large new-energy plate ends in a mark').to.deep.equal([...'ABCDEFGHJK'].sort());
    await tap(large, 'D');
    expect(checkPlate(large.value)).to.include({ ok: true, kind: 'new-energy-large' });
  });

  it('announces each change with whether the plate is complete and valid, and OK is enabled only then', async () => {
    const input = await plateInput();
    const changes: Array<{ value: string; complete: boolean; valid: boolean }> = [];
    input.addEventListener('lane-plate-change', (e) => changes.push(e.detail));
    await tap(input, '沪A1234');
    const confirm = actions(input).find((a) => a.classList.contains('confirm'))!;
    expect(confirm.disabled).to.equal(true);
    await tap(input, '5');
    expect(confirm.disabled).to.equal(false);
    expect(changes.at(-1)).to.deep.equal({ value: '沪A12345', complete: true, valid: true });
    expect(changes).to.have.length(7);
    expect(input.shadowRoot!.querySelector('[role="status"]')!.textContent).to.contain('沪A12345');
  });

  it('a tapped cell can be corrected; delete and clear work', async () => {
    const input = await plateInput();
    await tap(input, '沪A12345');
    cells(input)[3]!.click();
    await input.updateComplete;
    await tap(input, '9');
    expect(input.value).to.equal('沪A19345');
    actions(input).find((a) => a.textContent!.trim() === '删除')!.click();
    await input.updateComplete;
    expect(input.value).to.equal('沪A1945', 'the cell under the cursor is deleted');
    actions(input).find((a) => a.textContent!.trim() === '清空')!.click();
    await input.updateComplete;
    expect([input.value, input.cursor]).to.deep.equal(['', 0]);
  });

  it('a physical keyboard types letters and digits, Backspace deletes, Enter submits; a pasted plate is taken whole', async () => {
    const input = await plateInput();
    await tap(input, '沪');
    input.focus();
    for (const key of ['a', 'i', '1', '2', '3', '4', '5', '6']) input.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true, cancelable: true }));
    await input.updateComplete;
    expect(input.value, 'I ignored, lower case folded, nothing past the seventh cell').to.equal('沪A12345');
    input.dispatchEvent(new KeyboardEvent('keydown', { key: 'Backspace', bubbles: true, cancelable: true }));
    input.dispatchEvent(new KeyboardEvent('keydown', { key: '7', bubbles: true, cancelable: true }));
    const submitted = nextEvent<CustomEvent>(input, 'lane-plate-submit');
    input.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true, cancelable: true }));
    expect((await submitted).detail.plate).to.equal('沪A12347');

    const data = new DataTransfer();
    data.setData('text', '苏E·D12345');
    input.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
    await input.updateComplete;
    expect([input.value, input.newEnergy]).to.deep.equal(['苏ED12345', true]);
  });

  it('switches language at runtime', async () => {
    const input = await plateInput({ locale: 'en' });
    expect(actions(input).map((a) => a.textContent!.trim())).to.deep.equal(['New energy', 'Delete', 'Clear', 'OK']);
    input.locale = 'zh-CN';
    await input.updateComplete;
    expect(actions(input).map((a) => a.textContent!.trim())).to.deep.equal(['新能源', '删除', '清空', '确定']);
  });

  it('the axe check itself catches a nameless button', async () => {
    const bad = await mount(Object.assign(document.createElement('div'), { innerHTML: '<button></button>' }));
    let caught: Error | null = null;
    await expectNoA11yViolations(bad).catch((error: Error) => (caught = error));
    expect(String(caught)).to.contain('button-name');
  });

  it('eight keys a row on a narrow board, the letters go on after 8 and 9; on a wide one they start their own row', async () => {
    const input = await plateInput();
    await tap(input, '沪A');
    const top = (key: string) => keyButton(input, key).getBoundingClientRect().top;
    const left = (key: string) => keyButton(input, key).getBoundingClientRect().left;
    input.style.display = 'block';
    input.style.width = '740px'; // an 800×1280 tablet's kiosk
    await new Promise(requestAnimationFrame);
    expect(top('A')).to.equal(top('9'), 'no holes beside 8 and 9');
    expect(top('学')).to.be.greaterThan(top('Z'));
    input.style.width = '1000px';
    await new Promise(requestAnimationFrame);
    expect(left('A')).to.equal(left('0'), 'ten a row: the letters start under 0');
  });

  it('passes axe, and every key is at least 48 px square', async () => {
    const input = await plateInput();
    await tap(input, '沪A12');
    await expectNoA11yViolations(input);
    for (const button of [...keys(input), ...actions(input)]) {
      const box = button.getBoundingClientRect();
      expect(Math.min(box.width, box.height), `${button.textContent!.trim()} is ${box.width}×${box.height}`).to.be.at.least(48);
    }
  });
});
