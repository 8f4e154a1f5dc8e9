/** The console's call panel: the lane's word on the attendant's action, and a bound on waiting for it. */
import { expect } from '@esm-bundle/chai';
import '../../console-shell/call-panel.js';
import type { LaneCallPanel } from '../../console-shell/call-panel.js';
import { consoleApi } from '../../console-shell/console-client.js';
import type { RemoteActionReport } from '../../src/core/attendant/staff-access.js';
import { mount, unmountAll } from './support.js';

describe('<lane-call-panel>', () => {
  const stubbed = { act: consoleApi.act, signal: consoleApi.signal };
  const sent: string[] = [];
  let nextActionId = 0;
  beforeEach(() => {
    consoleApi.act = async (_lotId, _laneId, action) => (sent.push(action.kind), { actionId: `action-${++nextActionId}` });
    consoleApi.signal = async () => {};
  });
  afterEach(() => {
    Object.assign(consoleApi, stubbed);
    unmountAll();
  });

  const text = (panel: LaneCallPanel) => panel.shadowRoot!.textContent!.replace(/\s+/g, ' ');
  /** Picks the action, gives the reason, confirms. */
  async function send(panel: LaneCallPanel, name: string): Promise<void> {
    const root = panel.shadowRoot!;
    [...root.querySelectorAll<HTMLButtonElement>('.actions button')].find((b) => b.textContent === name)!.click();
    await panel.updateComplete;
    root.querySelector<HTMLInputElement>('input[name="reason"]')!.value = '司机已倒车离开';
    root.querySelector('form')!.requestSubmit();
    await panel.updateComplete;
    root.querySelector<HTMLButtonElement>('.confirm button.primary')!.click();
  }
  /** Sends the action; resolves once the panel says it was sent. */
  async function act(panel: LaneCallPanel, name: string): Promise<void> {
    await send(panel, name);
    await until(() => text(panel).includes(`已发送：${name}`));
  }
  async function until(condition: () => boolean): Promise<void> {
    for (let i = 0; i < 200 && !condition(); i++) await new Promise(requestAnimationFrame);
    expect(condition()).to.equal(true);
  }

  async function panelInCall(): Promise<LaneCallPanel> {
    const panel = document.createElement('lane-call-panel') as LaneCallPanel;
    panel.call = { callId: 'c-1', lotId: 'welink-demo', laneId: 'exit-1', state: 'answered', rungAt: 0, answeredBy: 'zhang', answeredAt: 0, endedAt: null, endReason: null };
    return mount(panel);
  }

  it('tells the attendant what the lane did with their action, in words, and ignores the word on any other action', async () => {
    const panel = await panelInCall();
    await act(panel, '重置屏幕');
    const report: RemoteActionReport = { lotId: 'welink-demo', laneId: 'exit-1', actionId: 'action-elsewhere', kind: 'reset', outcome: 'done', by: 'li' };
    panel.actionOutcome(report);
    await panel.updateComplete;
    expect(text(panel)).to.contain('已发送：重置屏幕');
    panel.actionOutcome({ ...report, actionId: `action-${nextActionId}`, outcome: 'stale', by: 'zhang' });
    await panel.updateComplete;
    expect(text(panel)).to.contain('车道未执行「重置屏幕」：指令送达太晚');
    expect(sent.at(-1)).to.equal('reset');
  });

  it('a lane quicker than the proxy\'s answer to the send is still heard', async () => {
    const panel = await panelInCall();
    const actionId = `action-${nextActionId + 1}`;
    consoleApi.act = async (_lotId, _laneId, action) => {
      sent.push(action.kind);
      // The lane's word crosses the stream while the send's answer is on its way.
      panel.actionOutcome({ lotId: 'welink-demo', laneId: 'exit-1', actionId, kind: action.kind, outcome: 'done', by: 'zhang' });
      return { actionId: `action-${++nextActionId}` };
    };
    await send(panel, '重置屏幕');
    await until(() => text(panel).includes('车道已执行：重置屏幕'));
  });

  it('says the lane has not confirmed an action it stays silent on, instead of waiting without end, and still tells its late word', async () => {
    const panel = await panelInCall();
    panel.outcomeWaitMs = 50;
    await act(panel, '重置屏幕');
    await until(() => text(panel).includes('车道尚未确认「重置屏幕」'));
    // The lane's word, when it comes late, is still the truth: told.
    panel.actionOutcome({ lotId: 'welink-demo', laneId: 'exit-1', actionId: `action-${nextActionId}`, kind: 'reset', outcome: 'done', by: 'zhang' });
    await panel.updateComplete;
    expect(text(panel)).to.contain('车道已执行：重置屏幕');
  });
});
