/**
 * The station's cash drawer: one drawer per shift, with its float, every cash payment (due,
 * received, change), refunds and cash in/out, the expected cash, the operator's count and the
 * difference (store.ts); cash payments queued together with their drawer line (cash-payment.ts);
 * the shift report printed on the slip printer or as an A4 PDF (report.tsx).
 */
export * from './store';
export { queueCashPayment, type CashCountInput, type CashPaymentResult } from './cash-payment';
