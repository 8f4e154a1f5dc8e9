/** lane-kiosk's public browser API: the elements, the proxy client and the pure core. */
export { LaneExitKiosk } from './components/lane-exit-kiosk.js';
export type { LaneStateEvent, LaneQuoteEvent, LanePaidEvent, LaneCallStaffEvent } from './components/lane-exit-kiosk.js';
export { LanePayQr } from './components/lane-pay-qr.js';
export type { LaneQrExpiredEvent } from './components/lane-pay-qr.js';
export { LaneFeeWidget } from './components/lane-fee-widget.js';
export type { LaneFeeErrorEvent } from './components/lane-fee-widget.js';
export { ExitLaneController } from './components/exit-lane-controller.js';
export { LaneClient, type LaneClientOptions } from './client/lane-client.js';
export { PartnerClient, type PartnerClientOptions } from './client/partner-client.js';
export { ProxyRequestError, ProxyTimeoutError, ProxyUnreachableError } from './client/errors.js';
export * from './core/money.js';
export * from './core/plate.js';
export * from './core/time.js';
export * from './core/quote.js';
export * from './core/lane-machine.js';
