import type { Messages } from '../../types';
import type { floorEn } from './en';

export const floorPtBR: Messages<typeof floorEn> = {
  interrupt: {
    title: 'Lido “{{code}}” — esta janela não fez nada',
    lead: 'Uma leitura nunca aciona o botão de uma janela. Sair desta janela e buscar o código?',
    leave: 'Sair e buscar',
    stay: 'Ficar aqui',
  },
  confirm: {
    ctrlEnter:
      'Isto não pode ser desfeito: pressione Ctrl+Enter (ou clique em “{{action}}”) para confirmar.',
  },
  synced: '{{action}} de {{order}} chegou à VTEX.',
  syncedInvoice: 'A nota {{invoice}} de {{order}} chegou à VTEX.',
  syncedReturn: 'A nota de devolução {{invoice}} de {{order}} chegou à VTEX.',
  pack: {
    button: 'Conferência',
    title: 'Conferência — {{order}}',
    lead: 'Leia o código de barras de cada unidade ao colocá-la no pacote. Enter com o campo vazio fatura o que foi lido.',
    scanLabel: 'Leia um item',
    item: 'Item',
    scanned: 'Lidos',
    progress_one: '{{scanned}} de {{count}} unidade lida',
    progress_other: '{{scanned}} de {{count}} unidades lidas',
    ok: '{{name}}: {{scanned}} de {{count}}',
    wrong: '“{{code}}” não é um item deste pedido. Separe-o.',
    tooMany_one: 'Uma a mais: o pedido tem {{count}} unidade de “{{name}}”.',
    tooMany_other: 'Uma a mais: o pedido tem {{count}} unidades de “{{name}}”.',
    nothing: 'Leia pelo menos um item, ou peça a aprovação de um supervisor.',
    invoiceAll: 'Faturar tudo',
    invoicePart_one: 'Faturar a {{count}} unidade lida',
    invoicePart_other: 'Faturar as {{count}} unidades lidas',
    override: 'Liberação do supervisor',
    overrideTitle: 'Um supervisor dá tudo como conferido',
    supervisor: 'Nome do supervisor',
    pin: 'PIN do supervisor',
    approve: 'Aprovar',
    approvedBy: 'Tudo dado como conferido, aprovado por {{name}}.',
    log: 'Problemas nesta conferência',
    fromCheck: 'Da conferência: {{scanned}} de {{count}} unidades lidas.',
    missing: 'Não lidos, fora desta nota: {{items}}.',
    timelineWrong: 'Conferência: “{{code}}” bipado, não é item deste pedido',
    timelineTooMany_one: 'Conferência: uma a mais de “{{name}}” ({{count}} unidade no pedido)',
    timelineTooMany_other: 'Conferência: uma a mais de “{{name}}” ({{count}} unidades no pedido)',
    notFound: 'Não encontrou?',
    missingButton: 'Faltando ou avariado…',
    missingOf: 'Item faltando ou avariado: {{name}}',
    changeFromPack_one:
      'Da conferência: {{count}} unidade de “{{name}}” não pode ir no pacote. Retire-a ou troque por outro SKU; a conferência continua depois.',
    changeFromPack_other:
      'Da conferência: {{count}} unidades de “{{name}}” não podem ir no pacote. Retire-as ou troque por outro SKU; a conferência continua depois.',
    resumed:
      'De volta da alteração de itens: as linhas mostram o pedido como está agora, e as unidades já lidas foram mantidas.',
    timelineMissing_one:
      'Conferência: {{count}} unidade de “{{name}}” faltando ou avariada, retirada por uma alteração de itens',
    timelineMissing_other:
      'Conferência: {{count}} unidades de “{{name}}” faltando ou avariadas, retiradas por uma alteração de itens',
    timelineReplaced_one:
      'Conferência: {{count}} unidade de “{{name}}” faltando ou avariada, trocada pelo SKU {{sku}} (alteração de itens)',
    timelineReplaced_other:
      'Conferência: {{count}} unidades de “{{name}}” faltando ou avariadas, trocadas pelo SKU {{sku}} (alteração de itens)',
    timelineOverride: 'Conferência: tudo dado como conferido, aprovado por {{name}}',
  },
  nothingWaiting: 'Nada aguardando envio',
  returnVerb: 'Devolução',
  connecting: 'Conectando à VTEX…',
  feedNoReady:
    'Este filtro deixa de fora “Pronto para manuseio”: novos pedidos deixarão de chegar à fila principal. Salvar mesmo assim?',
  feedSaveAnyway: 'Salvar mesmo assim',
  filtered: '{{shown}} de {{formatted}}',
};
