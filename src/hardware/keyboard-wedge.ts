/**
 * A USB scanner in HID keyboard mode ("keyboard wedge") as a ByteChannel, so the same ScannerDriver
 * frames, decodes, debounces and routes its scans. It listens to keydown on the window in the
 * capture phase, before any element: fast key bursts (see KeyBurstDetector) become the bytes of one
 * scan followed by CR, and never reach the focused input; keys typed at human speed are given back
 * to the element they were meant for, a few tens of milliseconds late.
 *
 * A scanner on USB-COM/CDC is still the better choice (docs/kiosk.md): it cannot type into the
 * page, sends Chinese text, and needs no timing guesses.
 */
import type { ByteChannel } from './channel.js';
import { DEFAULT_KEY_BURST, KeyBurstDetector, type BurstEffect, type KeyBurstOptions, type KeyStep } from './key-burst.js';

export interface KeyboardWedgeOptions extends Partial<KeyBurstOptions> {
  /** When a key was pressed (default: the event's own timeStamp, which a busy page does not skew). */
  timeOf?: (event: KeyboardEvent) => number;
}

/** A held keydown and the element it was aimed at (composedPath() is empty once dispatch ends). */
interface HeldKey {
  event: KeyboardEvent;
  target: EventTarget;
}

/** Keys a scanner presses around characters (Shift for capitals) that neither type nor end a scan. */
const MODIFIERS = new Set(['Shift', 'Control', 'Alt', 'AltGraph', 'Meta', 'CapsLock', 'NumLock']);
const TEXT_INPUT_TYPES = new Set(['text', 'search', 'url', 'tel', 'password', 'email', 'number']);

export class KeyboardWedgeChannel extends EventTarget implements ByteChannel {
  readonly label = 'Keyboard-wedge scanner';
  readonly present = true;
  readable: ReadableStream<Uint8Array> | null = null;
  readonly writable = null;
  private stream: ReadableStreamDefaultController<Uint8Array> | null = null;
  private readonly detector: KeyBurstDetector<HeldKey>;
  private readonly timeOf: (event: KeyboardEvent) => number;
  private readonly maxKeyGapMs: number;
  private gapTimer: ReturnType<typeof setTimeout> | undefined;
  /** Our own replays of human keys, which the listener must let pass. */
  private readonly replays = new WeakSet<Event>();

  constructor(
    private readonly target: EventTarget = window,
    options: KeyboardWedgeOptions = {},
  ) {
    super();
    const burst = { ...DEFAULT_KEY_BURST, ...options };
    this.detector = new KeyBurstDetector(burst);
    this.maxKeyGapMs = burst.maxKeyGapMs;
    this.timeOf = options.timeOf ?? ((event) => event.timeStamp);
  }

  get isOpen(): boolean {
    return this.readable !== null;
  }

  async open(): Promise<void> {
    if (this.isOpen) return;
    this.readable = new ReadableStream<Uint8Array>({
      start: (controller) => void (this.stream = controller),
      cancel: () => void (this.stream = null),
    });
    this.target.addEventListener('keydown', this.onKeyDown, { capture: true });
  }

  async close(): Promise<void> {
    if (!this.isOpen) return;
    this.target.removeEventListener('keydown', this.onKeyDown, { capture: true });
    clearTimeout(this.gapTimer);
    this.apply(this.detector.end());
    this.stream?.close();
    this.stream = null;
    this.readable = null;
  }

  private readonly onKeyDown = (event: Event): void => {
    const key = event as KeyboardEvent;
    if (this.replays.has(key) || MODIFIERS.has(key.key)) return;
    let step: KeyStep<HeldKey>;
    // Space on a focused button must press it at once; only inside a scan is it a character.
    const idleSpace = key.key === ' ' && !this.detector.holding;
    // Auto-repeat is a person holding a key down (scanners press each key once), however fast it comes.
    if (key.isComposing || key.repeat || key.ctrlKey || key.altKey || key.metaKey || idleSpace) step = this.detector.other();
    else if ([...key.key].length === 1) step = this.detector.character({ event: key, target: key.composedPath()[0] ?? key.target! }, key.key, this.timeOf(key));
    else if (key.key === 'Enter' || key.key === 'Tab') step = this.detector.terminator(this.timeOf(key));
    else step = this.detector.other();
    this.apply(step.effects);
    if (step.taken) {
      key.preventDefault();
      key.stopImmediatePropagation();
    }
    clearTimeout(this.gapTimer);
    // The timer is the bound: held keys wait at most one gap before they are typing or a scan.
    if (this.detector.holding) this.gapTimer = setTimeout(() => this.apply(this.detector.end()), this.maxKeyGapMs);
  };

  private apply(effects: BurstEffect<HeldKey>[]): void {
    for (const effect of effects) {
      if ('scan' in effect) this.stream?.enqueue(new TextEncoder().encode(`${effect.scan}\r`));
      else for (const held of effect.release) this.replay(held);
    }
  }

  /** Gives a person's key back to the element it was aimed at, as if it had not been held. */
  private replay({ event, target }: HeldKey): void {
    const copy = new KeyboardEvent('keydown', {
      key: event.key,
      code: event.code,
      location: event.location,
      shiftKey: event.shiftKey,
      repeat: event.repeat,
      bubbles: true,
      composed: true,
      cancelable: true,
    });
    this.replays.add(copy);
    // A synthetic keydown types nothing by itself, so a text field gets the character inserted.
    if (target.dispatchEvent(copy) && isTextField(target)) insertText(target, event.key);
  }
}

function isTextField(target: EventTarget): target is HTMLInputElement | HTMLTextAreaElement {
  if (target instanceof HTMLTextAreaElement) return !target.disabled && !target.readOnly;
  return target instanceof HTMLInputElement && TEXT_INPUT_TYPES.has(target.type) && !target.disabled && !target.readOnly;
}

function insertText(field: HTMLInputElement | HTMLTextAreaElement, text: string): void {
  // email and number inputs have no selection API.
  if (field.selectionStart === null || field.selectionEnd === null) field.value += text;
  else field.setRangeText(text, field.selectionStart, field.selectionEnd, 'end');
  field.dispatchEvent(new InputEvent('input', { inputType: 'insertText', data: text, bubbles: true, composed: true }));
}
