/** What the simulated Welink lot keeps of a car and of a merchant's coupon rule, shared by its desks. */

export interface SimCouponRule {
  ruleId: string;
  ruleName: string;
  /** 0 yuan off, 1 minutes off, 2 pay this percentage, 3 free. */
  ruleType: 0 | 1 | 2 | 3;
  discountValue: number;
}

export interface SimCar {
  plate: string;
  enteredAtMs: number;
  enterLaneId: string;
  /** Total paid so far and when, so a paid car leaves free within the grace period. */
  paidFen: number;
  paidAtMs: number | null;
  /** Merchant coupons given for this stay. */
  coupons: SimCouponRule[];
}
