/** <lane-call-status>: what the driver reads in each state of a call, in both languages, with axe. */
import { expect } from '@esm-bundle/chai';
import '../../src/components/lane-call-status/lane-call-status.js';
import type { LaneCallStatus } from '../../src/components/lane-call-status/lane-call-status.js';
import { expectNoA11yViolations } from './a11y.js';
import { mount, nextEvent, unmountAll } from './support.js';

describe('<lane-call-status>', () => {
  afterEach(unmountAll);

  it('shows nothing without a call; ringing and in-call offer a large hang-up; nobody answering gives the phone number', async () => {
    const status = document.createElement('lane-call-status') as LaneCallStatus;
    status.phone = '021-5555 0100';
    await mount(status);
    expect(status.shadowRoot!.textContent!.trim()).to.equal('');
    const text = () => status.shadowRoot!.textContent!.replace(/\s+/g, ' ').trim();
    status.state = 'ringing';
    await status.updateComplete;
    expect(text()).to.contain('正在呼叫工作人员');
    const button = status.shadowRoot!.querySelector<HTMLButtonElement>('[part="hang-up"]')!;
    expect(button.getBoundingClientRect().height).to.be.at.least(80);
    const hangUp = nextEvent(status, 'lane-call-hang-up');
    button.click();
    await hangUp;
    status.state = 'in-call';
    await status.updateComplete;
    expect(text()).to.contain('通话中');
    await expectNoA11yViolations(status);
    status.state = 'unanswered';
    await status.updateComplete;
    expect(text()).to.contain('暂时无人接听').and.contain('请拨打 021-5555 0100');
    expect(status.shadowRoot!.querySelector('[part="hang-up"]')).to.equal(null);
    status.locale = 'en';
    status.state = 'failed';
    await status.updateComplete;
    expect(text()).to.contain('could not connect').and.contain('Please call 021-5555 0100');
    await expectNoA11yViolations(status);
  });
});
