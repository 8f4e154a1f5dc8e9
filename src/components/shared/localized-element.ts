/**
 * The language of a lane element, as Shoelace's localize controller does it: the standard `lang`
 * attribute (the element's own, else its closest ancestor's across shadow roots, else the document's)
 * unless the element's `locale` overrides it. Elements follow the document's `lang` as it changes.
 */
import { LitElement } from 'lit';
import { property } from 'lit/decorators.js';
import type { Locale } from './fee-messages.js';

/** The message table for a BCP 47 language tag: any English is `en`; everything else reads Chinese, the lanes' language. */
export function localeOfLang(lang: string): Locale {
  return /^en\b/i.test(lang.trim()) ? 'en' : 'zh-CN';
}

/** The `lang` that applies to an element: its own or its closest ancestor's, through shadow roots, else the document's. */
export function langOf(element: Element): string {
  for (let node: Element | null = element; node; node = (node.getRootNode() as Partial<ShadowRoot>).host ?? null) {
    const marked = node.closest('[lang]');
    if (marked) return marked.getAttribute('lang')!;
  }
  return document.documentElement.lang;
}

const connected = new Set<LocalizedElement>();
let documentLang: MutationObserver | null = null;

function watchDocumentLang(element: LocalizedElement, watch: boolean): void {
  if (watch) connected.add(element);
  else connected.delete(element);
  if (connected.size > 0 && !documentLang) {
    documentLang = new MutationObserver(() => {
      for (const each of connected) each.requestUpdate('locale', null);
    });
    documentLang.observe(document.documentElement, { attributes: true, attributeFilter: ['lang'] });
  } else if (connected.size === 0 && documentLang) {
    documentLang.disconnect();
    documentLang = null;
  }
}

export class LocalizedElement extends LitElement {
  private localeOverride: Locale | null = null;
  /** The element put its own `lang` on to mark an override (and takes it off again). */
  private langMarked = false;

  /**
   * `zh-CN` or `en`. Unset (or set to null), the element follows the standard `lang` attribute: its
   * own or its closest ancestor's, else the document's. Reflected, so the language in use shows.
   */
  @property({ type: String, reflect: true })
  get locale(): Locale {
    return this.localeOverride ?? localeOfLang(langOf(this));
  }
  set locale(value: Locale | null | undefined) {
    this.localeOverride = value || null;
    // The text is in this language whatever the page's: say so for screen readers, and stop saying so once it follows the page again.
    if (this.localeOverride) {
      this.setAttribute('lang', this.localeOverride);
      this.langMarked = true;
    } else if (this.langMarked) {
      this.removeAttribute('lang');
      this.langMarked = false;
    }
  }

  override connectedCallback(): void {
    super.connectedCallback();
    watchDocumentLang(this, true);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    watchDocumentLang(this, false);
  }
}
