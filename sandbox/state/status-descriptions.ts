/**
 * `statusDescription` (deprecated at VTEX but still sent, and typed as a non-null string): the
 * Admin's pt-BR label of each status. Unknown statuses fall back to the status string itself.
 */
const DESCRIPTIONS: Record<string, string> = {
  'order-created': 'Processando',
  'order-completed': 'Processando',
  'on-order-completed': 'Processando',
  'order-accepted': 'Pedido aceito',
  'waiting-for-authorization': 'Aguardando confirmação do seller',
  'payment-pending': 'Pagamento Pendente',
  'approve-payment': 'Aprovando Pagamento',
  'payment-approved': 'Pagamento Aprovado',
  'window-to-change-payment': 'Janela para troca de pagamento',
  'window-to-change-seller': 'Janela para troca de seller',
  'waiting-ffmt-authorization': 'Aguardando autorização para despachar',
  'window-to-cancel': 'Carência para Cancelamento',
  'ready-for-handling': 'Pronto para o manuseio',
  'start-handling': 'Iniciar Manuseio',
  handling: 'Preparando Entrega',
  'ready-for-invoicing': 'Pronto para faturamento',
  invoice: 'Verificando Envio',
  invoiced: 'Faturado',
  'request-cancel': 'Cancelamento solicitado',
  'cancellation-requested': 'Cancelamento solicitado',
  'waiting-for-seller-decision': 'Aguardando decisão do seller',
  cancel: 'Cancelando',
  canceled: 'Cancelado',
  replaced: 'Substituído',
};

export function statusDescription(status: string): string {
  return DESCRIPTIONS[status] ?? status;
}
