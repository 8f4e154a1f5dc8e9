/** Builds a lot's fee source from its configuration: Welink, ETCP or the local tariff. */
import type { FeeSourceSettings, LotSettings } from '../config.js';
import type { StateStore } from '../state/store.js';
import { EtcpClient } from './etcp/client.js';
import { EtcpFeeSource } from './etcp/fee-source.js';
import { LocalTariffFeeSource } from './local/fee-source.js';
import type { FeeSource } from './types.js';
import { WelinkClient } from './welink/client.js';
import { WelinkFeeSource } from './welink/fee-source.js';

/** `store` keeps what a fee source must remember itself (the local lot's entry register). */
export function createFeeSource(settings: FeeSourceSettings, lot: Pick<LotSettings, 'lotId' | 'tariff'>, store: StateStore): FeeSource {
  switch (settings.type) {
    case 'welink':
      return new WelinkFeeSource(new WelinkClient(settings), { pollMs: settings.authPollMs, maxPolls: settings.authMaxPolls });
    case 'etcp':
      return new EtcpFeeSource(new EtcpClient(settings));
    case 'local':
      // The config loader refuses a local lot without a tariff.
      return new LocalTariffFeeSource(lot.tariff!, store, lot.lotId, settings.totalSpaces);
  }
}
