/** lane-kiosk's public browser API: the elements, the proxy client and the pure core. */
export { LaneExitKiosk } from './components/lane-exit-kiosk/lane-exit-kiosk.js';
export type { LaneStateEvent, LaneQuoteEvent, LanePaidEvent, LaneCallStaffEvent } from './components/lane-exit-kiosk/lane-exit-kiosk.js';
export { LanePayQr } from './components/lane-pay-qr/lane-pay-qr.js';
export type { LaneQrExpiredEvent } from './components/lane-pay-qr/lane-pay-qr.js';
export { LaneCallStatus } from './components/lane-call-status/lane-call-status.js';
export type { LaneCallHangUpEvent } from './components/lane-call-status/lane-call-status.js';
export { LaneFeeWidget } from './components/lane-fee-widget/lane-fee-widget.js';
export type { LaneFeeError, LaneFeeErrorEvent, LaneFeeErrorKind } from './components/lane-fee-widget/lane-fee-widget.js';
export { LaneReceiptPreview } from './components/lane-receipt-preview/lane-receipt-preview.js';
export { LanePlateInput } from './components/lane-plate-input/lane-plate-input.js';
export { LaneStatusBar } from './components/lane-status-bar/lane-status-bar.js';
export type { LaneStatusDetailEvent } from './components/lane-status-bar/lane-status-bar.js';
export type { LanePlateChangeEvent, LanePlateSubmitEvent } from './components/lane-plate-input/lane-plate-input.js';
export type { LaneScanEvent, LaneStaffReleaseEvent, LaneLocaleEvent, LaneAnnounceEvent, LaneGateOpenEvent } from './components/lane-exit-kiosk/lane-exit-kiosk.js';
export { LaneEntryKiosk } from './components/lane-entry-kiosk/lane-entry-kiosk.js';
export type { LaneEntryStateEvent, LaneTicketEvent, LaneLotFullEvent } from './components/lane-entry-kiosk/lane-entry-kiosk.js';
export { LaneVoice, announcementFor } from './components/shared/voice.js';
export { ExitLaneController } from './components/lane-exit-kiosk/exit-lane-controller.js';
export { LaneClient, type LaneClientOptions } from './client/lane-client.js';
export { PartnerClient, type PartnerClientOptions } from './client/partner-client.js';
export { ProxyRequestError, ProxyTimeoutError, ProxyUnreachableError } from './client/errors.js';
export type { StreamStatus } from './client/sse.js';
export { CallPeer, CallPeerError, type CallPeerOptions, type CallPeerState, type CallSignalMessage } from './client/call-peer.js';
export { LaneCall, type LaneCallOptions, type LaneCallState, type LaneCallTransport } from './client/lane-call.js';
export { LaneReporter, type LaneFacts, type LaneBoardReport } from './client/lane-reporter.js';

// Offline: the IndexedDB outbox every lane event goes through, and its retry policy.
export { Outbox, OutboxStorageError, type OutboxOptions, type OutboxState, type FlushReport, type StoredEvent, type DeadLetter, type Attempt } from './offline/outbox.js';
export { DEFAULT_BACKOFF, backoffDelay, type BackoffPolicy } from './offline/backoff.js';
export * from './core/money.js';
export * from './core/plate.js';
export * from './core/plate-keyboard.js';
export * from './core/time.js';
export * from './core/quote.js';
export * from './core/lane-machine.js';
export * from './core/entry-machine.js';
export * from './core/scan-router.js';

// Hardware: byte channels, ESC/POS with GB18030, drivers, virtual devices.
export { ChannelError, type ByteChannel } from './hardware/channel.js';
export { SerialChannel, WebSerialSource, UsbSerialSource, DEFAULT_LINE, type SerialLineOptions, type SerialSource } from './hardware/serial-channel.js';
export { PortMemory, type DeviceRole } from './hardware/port-memory.js';
export { encodeGb18030, displayWidth } from './hardware/gb18030.js';
export { encodeDocument, qrRaster } from './hardware/escpos/encoder.js';
export { line, qr, barcode, feed, cut, type Block, type TextStyle } from './hardware/escpos/document.js';
export {
  GENERIC_58MM,
  GENERIC_80MM,
  GENERIC_58MM_RASTER,
  EPSON_TM_T20,
  EPSON_TM_T88,
  XPRINTER_XP58,
  XPRINTER_XP80,
  POS_5890,
  PRINTER_PROFILES,
  profileById,
  type PrinterProfile,
} from './hardware/escpos/profiles.js';
export { exitReceipt, entryTicket, profileSelfTest, staffReleaseReceipt, type ExitReceiptData, type EntryTicketData } from './hardware/receipts.js';
export { PrinterDriver, PrintError, printIssue, type PrintFailure, type PrintIssue, type PrintReport, type PrinterDriverOptions } from './hardware/printer-driver.js';
export type { PrinterStatus } from './hardware/printer-status.js';
export { ScannerDriver, type ScanEventDetail, type ScanErrorDetail, type ScannerDriverOptions } from './hardware/scanner-driver.js';
export { KeyboardWedgeChannel, type KeyboardWedgeOptions } from './hardware/keyboard-wedge.js';
export type { ScanEncoding, ScanEncodingSetting, SuffixSetting } from './hardware/scan-decoding.js';
export { PlatformGate, GateError, openGateFor, type LaneGate, type GateStatus, type GateHealth, type GateFailure } from './hardware/gate.js';
export { RelayGate, type RelayGateOptions } from './hardware/relay-gate.js';
export { relayFrame, MAX_RELAY, RelayFrameError } from './hardware/relay-frames.js';
export { exitGateOpening, type GateOpening } from './core/gate-decision.js';
export type { GateOpenPayload, GateOpenReason, GateActuator } from './core/lane-events.js';
export { VirtualPrinter } from './hardware/virtual/virtual-printer.js';
export { VirtualScanner } from './hardware/virtual/virtual-scanner.js';
export { VirtualGate } from './hardware/virtual/virtual-gate.js';
export type { PrintedBlock } from './hardware/virtual/escpos-parser.js';
