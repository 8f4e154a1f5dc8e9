/**
 * The fee fields the city platform expects wherever the lot states an order: in the fee-query
 * answer (seeds/003 §5.3.2) and in /parkinglot/submit/payment (§5.3.3). One place, so the two can
 * never disagree about what a car owes.
 */
import type { Quote } from '../../../core/quote.js';

/** "No reduction" in the platform's reduction-code field. */
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
  dateTime: number;
}

/** When the car arrived; a quote without an entry record counts from now, as the platform needs a time. */
export function arrivalTimeOf(quote: Quote, nowMs: number): number {
  return quote.enteredAt ? Date.parse(quote.enteredAt) : nowMs;
}

export function cityOrderFields(quote: Quote, businessId: string, vehicleType: 1 | 2, nowMs: number): CityOrderFields {
  // Discounts and earlier payments both lower what is due; the platform knows only "reduced".
  const reduceMoney = quote.discountFen + quote.paidFen;
  return {
    businessId,
    orderId: quote.quoteId,
    plateId: quote.plate,
    vehicleType,
    arrivedTime: arrivalTimeOf(quote, nowMs),
    totalMoney: quote.payableFen,
    reduceMoney,
    reduceTime: 0,
    reduceCode: reduceMoney === 0 ? NO_REDUCTION_CODE : `R${quote.quoteId.slice(1, 20)}`,
    dueMoney: quote.dueFen,
    validityQuoteTime: Date.parse(quote.expiresAt),
    dateTime: nowMs,
  };
}
