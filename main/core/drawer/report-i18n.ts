import type { SlipLocale } from '../print/settings';

/**
 * The words of the shift report, in the app's three languages: a typed table like the slips'
 * (main/core/print/i18n.ts), so the compiler checks that every language has every message.
 */
export interface ReportMessages {
  title: string;
  interim: string;
  drawer: string;
  station: string;
  opened: string;
  closed: string;
  by: string;
  taxId: string;
  summary: string;
  openingFloat: string;
  floatNotCounted: string;
  cashSales: (n: number) => string;
  received: string;
  receivedShort: string;
  kind: string;
  changeGiven: string;
  refunds: (n: number) => string;
  cashIn: string;
  cashOut: string;
  expected: string;
  counted: string;
  difference: string;
  over: string;
  short: string;
  exact: string;
  note: string;
  payments: string;
  noPayments: string;
  time: string;
  order: string;
  due: string;
  change: string;
  operator: string;
  otherMovements: string;
  kinds: { refund: string; 'cash-in': string; 'cash-out': string };
  amount: string;
  signature: string;
  printedAt: string;
  page: string;
  of: string;
}

const PT: ReportMessages = {
  title: 'Relatório de turno · Caixa',
  interim: 'Parcial — caixa ainda aberto',
  drawer: 'Caixa',
  station: 'Estação',
  opened: 'Aberto',
  closed: 'Fechado',
  by: 'por',
  taxId: 'CNPJ',
  summary: 'Resumo',
  openingFloat: 'Fundo de troco',
  floatNotCounted: 'aberto por um pagamento, sem contagem inicial',
  cashSales: (n) => `Vendas em dinheiro (${n})`,
  received: 'Recebido dos clientes',
  receivedShort: 'Recebido',
  kind: 'Tipo',
  changeGiven: 'Troco devolvido',
  refunds: (n) => `Reembolsos (${n})`,
  cashIn: 'Entradas de dinheiro',
  cashOut: 'Retiradas de dinheiro',
  expected: 'Esperado no caixa',
  counted: 'Contado',
  difference: 'Diferença',
  over: 'sobra',
  short: 'falta',
  exact: 'confere',
  note: 'Observação',
  payments: 'Pagamentos em dinheiro',
  noPayments: 'Nenhum pagamento em dinheiro neste turno.',
  time: 'Hora',
  order: 'Pedido',
  due: 'Devido',
  change: 'Troco',
  operator: 'Operador',
  otherMovements: 'Outros movimentos',
  kinds: { refund: 'Reembolso', 'cash-in': 'Entrada', 'cash-out': 'Retirada' },
  amount: 'Valor',
  signature: 'Assinatura do operador',
  printedAt: 'Impresso em',
  page: 'Página',
  of: 'de',
};

const ES: ReportMessages = {
  title: 'Informe de turno · Caja',
  interim: 'Parcial — la caja sigue abierta',
  drawer: 'Caja',
  station: 'Estación',
  opened: 'Abierta',
  closed: 'Cerrada',
  by: 'por',
  taxId: 'CUIT/RUT',
  summary: 'Resumen',
  openingFloat: 'Fondo de cambio',
  floatNotCounted: 'abierta por un pago, sin conteo inicial',
  cashSales: (n) => `Ventas en efectivo (${n})`,
  received: 'Recibido de los clientes',
  receivedShort: 'Recibido',
  kind: 'Tipo',
  changeGiven: 'Cambio entregado',
  refunds: (n) => `Reembolsos (${n})`,
  cashIn: 'Ingresos de efectivo',
  cashOut: 'Retiros de efectivo',
  expected: 'Esperado en caja',
  counted: 'Contado',
  difference: 'Diferencia',
  over: 'sobrante',
  short: 'faltante',
  exact: 'cuadra',
  note: 'Nota',
  payments: 'Pagos en efectivo',
  noPayments: 'Ningún pago en efectivo en este turno.',
  time: 'Hora',
  order: 'Pedido',
  due: 'A cobrar',
  change: 'Cambio',
  operator: 'Operador',
  otherMovements: 'Otros movimientos',
  kinds: { refund: 'Reembolso', 'cash-in': 'Ingreso', 'cash-out': 'Retiro' },
  amount: 'Importe',
  signature: 'Firma del operador',
  printedAt: 'Impreso el',
  page: 'Página',
  of: 'de',
};

const EN: ReportMessages = {
  title: 'Shift report · Cash drawer',
  interim: 'Interim — the drawer is still open',
  drawer: 'Drawer',
  station: 'Station',
  opened: 'Opened',
  closed: 'Closed',
  by: 'by',
  taxId: 'Tax ID',
  summary: 'Summary',
  openingFloat: 'Opening float',
  floatNotCounted: 'opened by a payment, no float counted',
  cashSales: (n) => `Cash sales (${n})`,
  received: 'Received from customers',
  receivedShort: 'Received',
  kind: 'Type',
  changeGiven: 'Change given',
  refunds: (n) => `Refunds (${n})`,
  cashIn: 'Cash in',
  cashOut: 'Cash out',
  expected: 'Expected in drawer',
  counted: 'Counted',
  difference: 'Difference',
  over: 'over',
  short: 'short',
  exact: 'exact',
  note: 'Note',
  payments: 'Cash payments',
  noPayments: 'No cash payment in this shift.',
  time: 'Time',
  order: 'Order',
  due: 'Due',
  change: 'Change',
  operator: 'Operator',
  otherMovements: 'Other movements',
  kinds: { refund: 'Refund', 'cash-in': 'Cash in', 'cash-out': 'Cash out' },
  amount: 'Amount',
  signature: 'Operator signature',
  printedAt: 'Printed',
  page: 'Page',
  of: 'of',
};

export const REPORT_MESSAGES: Record<SlipLocale, ReportMessages> = { 'pt-BR': PT, es: ES, en: EN };
