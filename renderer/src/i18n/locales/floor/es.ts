import type { Messages } from '../../types';
import type { floorEn } from './en';

export const floorEs: Messages<typeof floorEn> = {
  interrupt: {
    title: 'Escaneado «{{code}}»: esta ventana no hizo nada',
    lead: 'Un escaneo nunca pulsa el botón de una ventana. ¿Salir de esta ventana y buscar el código?',
    leave: 'Salir y buscarlo',
    stay: 'Quedarme aquí',
  },
  confirm: {
    ctrlEnter:
      'Esto no se puede deshacer: pulse Ctrl+Enter (o haga clic en «{{action}}») para hacerlo.',
  },
  synced: '{{action}} de {{order}} llegó a VTEX.',
  syncedInvoice: 'La factura {{invoice}} de {{order}} llegó a VTEX.',
  syncedReturn: 'La factura de devolución {{invoice}} de {{order}} llegó a VTEX.',
};
