/** A configured lot as the running proxy holds it: its settings and the services that act for it. */
import type { LotSettings } from './config.js';
import type { LiveFreeSpaces } from './free-spaces.js';
import type { ShanghaiReporter } from './providers/shanghai/reporter.js';
import type { FeeSource } from './providers/types.js';
import type { UnifiedPaymentService } from './unified-payment-service.js';

export interface LotRuntime {
  settings: LotSettings;
  feeSource: FeeSource;
  /** The city platform passages are reported to, when the lot has one. */
  city: ShanghaiReporter | null;
  /** The city's unified payment (reductions, password-free, reservations), with the city platform. */
  unifiedPayment: UnifiedPaymentService | null;
  /** Free spaces for the city reports and entry admission: live from the fee source, else configured. */
  freeSpaces: LiveFreeSpaces;
}
