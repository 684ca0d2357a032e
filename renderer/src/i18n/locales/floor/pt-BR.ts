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
};
