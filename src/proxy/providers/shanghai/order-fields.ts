/**
 * The fee fields the city platform expects wherever the lot states an order: in the fee-query
 * answer (seeds/003 §5.3.2) and in /parkinglot/submit/payment (§5.3.3). One place, so the two can
 * never disagree about what a car owes.
 */
import type { Quote } from '../../../core/quote.js';
import type { CityStay } from './ledger.js';

/** "No reduction" in the platform's reduction-code field (§5.3.2). */
export const NO_REDUCTION_CODE = '99999';

export interface CityOrderFields {
  businessId: string;
  orderId: string;
  plateId: string;
  vehicleType: 1 | 2;
  arrivedTime: number;
  totalMoney: number;
  reduceMoney: number;
  reduceTime: number;
  reduceCode: string;
  dueMoney: number;
  validityQuoteTime: number;
}

/**
 * `reduceCode` and `reduceMoney` are the city's own reduction (from /download/reduces), never a
 * code the lot makes up: the lot's coupons and earlier payments are already off `totalMoney`,
 * which is what the lot asks before the city's reduction, so that totalMoney − reduceMoney =
 * dueMoney as in the spec's example.
 */
export function cityOrderFields(quote: Quote, stay: CityStay, vehicleType: 1 | 2): CityOrderFields {
  const reduction = quote.cityReduction;
  const reduceMoney = reduction?.fen ?? 0;
  return {
    businessId: stay.businessId,
    orderId: quote.quoteId,
    plateId: quote.plate,
    vehicleType,
    arrivedTime: stay.arrivedTime,
    totalMoney: quote.dueFen + reduceMoney,
    reduceMoney,
    reduceTime: 0,
    reduceCode: reduction?.code ?? NO_REDUCTION_CODE,
    dueMoney: quote.dueFen,
    validityQuoteTime: Date.parse(quote.expiresAt),
  };
}
