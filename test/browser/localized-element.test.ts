/**
 * Lane elements speak the language of the standard `lang` attribute — their own, the closest
 * ancestor's (through shadow roots), else the document's, followed as it changes — unless their
 * `locale` overrides it, as Shoelace's localize controller does.
 */
import { expect } from '@esm-bundle/chai';
import '../../src/components/lane-status-bar/lane-status-bar.js';
import type { LaneStatusBar } from '../../src/components/lane-status-bar/lane-status-bar.js';
import { localeOfLang } from '../../src/components/shared/localized-element.js';
import { mount, unmountAll } from './support.js';

const toggleText = (bar: LaneStatusBar) => bar.shadowRoot!.querySelector('[part="toggle"]')!.textContent!.trim();

async function barIn(container: HTMLElement): Promise<LaneStatusBar> {
  const bar = document.createElement('lane-status-bar');
  container.append(bar);
  await mount(container);
  await bar.updateComplete;
  return bar;
}

describe('locale from lang', () => {
  const pageLang = document.documentElement.lang;
  afterEach(() => {
    unmountAll();
    document.documentElement.lang = pageLang;
  });

  it('maps language tags to the message tables: any English is en, anything else the lanes’ Chinese', () => {
    expect(['en', 'en-US', 'EN-gb', 'zh-CN', 'zh-Hant', 'zh', 'fr', ''].map(localeOfLang)).to.deep.equal(['en', 'en', 'en', 'zh-CN', 'zh-CN', 'zh-CN', 'zh-CN', 'zh-CN']);
  });

  it('follows the closest ancestor’s lang, through a shadow root', async () => {
    const page = document.createElement('div');
    page.lang = 'en';
    const host = document.createElement('div');
    page.append(host);
    const bar = document.createElement('lane-status-bar');
    host.attachShadow({ mode: 'open' }).append(bar);
    await mount(page);
    await bar.updateComplete;
    expect(bar.locale).to.equal('en');
    expect(toggleText(bar)).to.equal('Details');
  });

  it('follows the document’s lang as it changes', async () => {
    document.documentElement.lang = 'zh-CN';
    const bar = await barIn(document.createElement('div'));
    expect(toggleText(bar)).to.equal('详情');
    document.documentElement.lang = 'en';
    // The document's lang is watched by a MutationObserver, whose records are delivered before this continuation.
    await Promise.resolve();
    await bar.updateComplete;
    expect(toggleText(bar)).to.equal('Details');
    expect(bar.getAttribute('locale'), 'the language in use is reflected').to.equal('en');
  });

  it('lets the element’s locale override lang, marks its own lang for screen readers, and follows lang again once unset', async () => {
    const page = document.createElement('div');
    page.lang = 'en';
    page.innerHTML = '<lane-status-bar locale="zh-CN"></lane-status-bar>';
    const bar = page.querySelector('lane-status-bar')!;
    await mount(page);
    await bar.updateComplete;
    expect(toggleText(bar)).to.equal('详情');
    expect(bar.lang).to.equal('zh-CN');

    bar.locale = null;
    await bar.updateComplete;
    expect(toggleText(bar)).to.equal('Details');
    expect(bar.hasAttribute('lang'), 'its own mark is gone').to.equal(false);
  });
});
