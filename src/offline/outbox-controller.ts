/**
 * The outbox's state as a Lit reactive controller: depth, oldest event, last success, dead letters
 * and storage errors, refreshed on every change (at most every 250 ms) for status bars and staff screens.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { Outbox, OutboxState } from './outbox.js';

export class OutboxController implements ReactiveController {
  state: OutboxState | null = null;
  private outbox: Outbox | null = null;
  private scheduled = false;
  private readonly onChange = () => this.schedule();

  constructor(private readonly host: ReactiveControllerHost) {
    host.addController(this);
  }

  setOutbox(outbox: Outbox | null): void {
    if (outbox === this.outbox) return;
    this.outbox?.removeEventListener('change', this.onChange);
    this.outbox = outbox;
    this.state = null;
    outbox?.addEventListener('change', this.onChange);
    this.schedule();
  }

  hostConnected(): void {
    this.schedule();
  }

  hostDisconnected(): void {
    this.setOutbox(null);
  }

  private schedule(): void {
    if (this.scheduled || !this.outbox) return;
    this.scheduled = true;
    setTimeout(() => {
      this.scheduled = false;
      const outbox = this.outbox;
      void outbox?.state().then(
        (state) => {
          if (outbox !== this.outbox) return;
          this.state = state;
          this.host.requestUpdate();
        },
        () => {},
      );
    }, 250);
  }
}
