/** The audit trail with filters, and its export as CSV (the same filters). */
import { LitElement, css, html, nothing } from 'lit';
import { property, state } from 'lit/decorators.js';
import type { AuditKind, AuditRecord } from '../src/core/attendant/audit.js';
import { toBeijingIso } from '../src/core/time.js';
import { consoleStyles } from './attendant-console.styles.js';
import { consoleApi, type AuditQuery } from './console-client.js';
import { consoleMessages, type ConsoleLocale, type ConsoleMessages } from './console-messages.js';

const DAY_MS = 86_400_000;

/** The console's word for a code the audit trail keeps (an action, a lane's outcome); the code itself when there is none (a sign-in's subject, a CSV stays codes). */
const wordFor = (words: Record<string, string>, code: string | null | undefined): string => (code ? (words[code] ?? code) : '');

/** The reason column: a lane's outcome or how a call ended, in words; what the attendant typed as it is. */
function reasonWords(record: AuditRecord, t: ConsoleMessages): string {
  if (record.kind === 'remote-action-outcome') return wordFor(t.outcome, record.reason);
  if (record.kind === 'call-ended' || record.kind === 'call-unanswered') return wordFor(t.endReason, record.reason);
  return record.reason ?? '';
}

export class LaneAuditView extends LitElement {
  static override styles = [
    consoleStyles,
    css`
      form {
        display: flex;
        flex-wrap: wrap;
        gap: 0.5rem;
        align-items: end;
        margin-bottom: 1rem;
      }
      label {
        display: grid;
        gap: 0.25rem;
      }
      table {
        width: 100%;
        border-collapse: collapse;
        background: #fff;
      }
      th,
      td {
        text-align: left;
        padding: 0.4rem 0.5rem;
        border-bottom: 1px solid #e2e8f0;
        vertical-align: top;
      }
      a {
        align-self: center;
      }
    `,
  ];
  @property({ type: String }) locale: ConsoleLocale = 'zh-CN';
  @state() records: AuditRecord[] | null = null;
  @state() query: AuditQuery = { from: Date.now() - DAY_MS };
  @state() problem: string = '';

  override connectedCallback(): void {
    super.connectedCallback();
    void this.load();
  }

  private async load(): Promise<void> {
    try {
      this.records = (await consoleApi.audit(this.query)).records;
      this.problem = '';
    } catch (error) {
      this.problem = (error as Error).message;
    }
  }

  private search(event: SubmitEvent): void {
    event.preventDefault();
    const form = new FormData(event.target as HTMLFormElement);
    const day = (name: string) => {
      const value = String(form.get(name) ?? '');
      return value ? Date.parse(`${value}T00:00:00+08:00`) : undefined;
    };
    const to = day('to');
    this.query = { from: day('from'), to: to === undefined ? undefined : to + DAY_MS, kind: String(form.get('kind') ?? ''), lane: String(form.get('lane') ?? ''), staff: String(form.get('staff') ?? '') };
    void this.load();
  }

  override render() {
    const t = consoleMessages(this.locale);
    const date = (ms: number | undefined) => (ms === undefined ? '' : toBeijingIso(ms).slice(0, 10));
    return html`
      <form @submit=${this.search} aria-label=${t.filters}>
        <label>${t.from}<input type="date" name="from" .value=${date(this.query.from)} /></label>
        <label>${t.to}<input type="date" name="to" .value=${date(this.query.to === undefined ? undefined : this.query.to - DAY_MS)} /></label>
        <label
          >${t.kind}
          <select name="kind">
            <option value="">${t.allKinds}</option>
            ${(Object.keys(t.kinds) as AuditKind[]).map((kind) => html`<option value=${kind} ?selected=${this.query.kind === kind}>${t.kinds[kind]}</option>`)}
          </select>
        </label>
        <label>${t.lane}<input name="lane" .value=${this.query.lane ?? ''} /></label>
        <label>${t.staff}<input name="staff" .value=${this.query.staff ?? ''} /></label>
        <button class="primary" type="submit">${t.search}</button>
        <a href=${consoleApi.auditCsvUrl(this.query)} download="lane-kiosk-audit.csv">${t.exportCsv}</a>
      </form>
      ${this.problem ? html`<p class="problem" role="alert">${this.problem}</p>` : nothing}
      ${this.records?.length === 0 ? html`<p class="empty">${t.noRecords}</p>` : nothing}
      ${this.records?.length
        ? html`<table>
            <thead>
              <tr>
                ${Object.values(t.columns).map((c) => html`<th>${c}</th>`)}
              </tr>
            </thead>
            <tbody>
              ${this.records.map(
                (r) => html`<tr>
                  <td>${toBeijingIso(r.at).slice(0, 19).replace('T', ' ')}</td>
                  <td>${t.kinds[r.kind]}</td>
                  <td>${r.staffId ?? ''}</td>
                  <td>${r.laneId ?? ''}</td>
                  <td>${wordFor(t.action, r.subject)}</td>
                  <td>${reasonWords(r, t)}</td>
                  <td>${Object.entries(r.detail).map(([k, v]) => `${k}=${v}`).join('; ')}</td>
                </tr>`,
              )}
            </tbody>
          </table>`
        : nothing}
    `;
  }
}

customElements.define('lane-audit-view', LaneAuditView);

declare global {
  interface HTMLElementTagNameMap {
    'lane-audit-view': LaneAuditView;
  }
}
