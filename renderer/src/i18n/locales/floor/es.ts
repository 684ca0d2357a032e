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
  pack: {
    button: 'Verificar paquete',
    title: 'Verificar paquete — {{order}}',
    lead: 'Escanee el código de barras de cada unidad al ponerla en el paquete. Enter con el campo vacío factura lo escaneado.',
    scanLabel: 'Escanee un artículo',
    item: 'Artículo',
    scanned: 'Escaneados',
    progress_one: '{{scanned}} de {{count}} unidad escaneada',
    progress_other: '{{scanned}} de {{count}} unidades escaneadas',
    ok: '{{name}}: {{scanned}} de {{count}}',
    wrong: '«{{code}}» no es un artículo de este pedido. Apártelo.',
    tooMany_one: 'Una de más: el pedido tiene {{count}} unidad de «{{name}}».',
    tooMany_other: 'Una de más: el pedido tiene {{count}} unidades de «{{name}}».',
    nothing: 'Escanee al menos un artículo, o pida la aprobación de un supervisor.',
    invoiceAll: 'Facturar todo',
    invoicePart_one: 'Facturar la {{count}} unidad escaneada',
    invoicePart_other: 'Facturar las {{count}} unidades escaneadas',
    override: 'Autorización del supervisor',
    overrideTitle: 'Un supervisor da todo por verificado',
    supervisor: 'Nombre del supervisor',
    pin: 'PIN del supervisor',
    approve: 'Aprobar',
    approvedBy: 'Todo dado por verificado, aprobado por {{name}}.',
    log: 'Problemas en esta verificación',
    fromCheck: 'De la verificación: {{scanned}} de {{count}} unidades escaneadas.',
    missing: 'No escaneados, fuera de esta factura: {{items}}.',
    timelineWrong: 'Verificación: «{{code}}» escaneado, no es un artículo de este pedido',
    timelineTooMany_one: 'Verificación: una de más de «{{name}}» ({{count}} unidad en el pedido)',
    timelineTooMany_other:
      'Verificación: una de más de «{{name}}» ({{count}} unidades en el pedido)',
    notFound: '¿No está?',
    missingButton: 'Falta o está dañado…',
    missingOf: 'Artículo que falta o está dañado: {{name}}',
    changeFromPack_one:
      'De la verificación: {{count}} unidad de «{{name}}» no puede ir en el paquete. Quítela o reemplácela por otro SKU; la verificación sigue después.',
    changeFromPack_other:
      'De la verificación: {{count}} unidades de «{{name}}» no pueden ir en el paquete. Quítelas o reemplácelas por otro SKU; la verificación sigue después.',
    resumed:
      'De vuelta del cambio de artículos: las líneas muestran el pedido como está ahora y se conservan las unidades ya escaneadas.',
    timelineMissing_one:
      'Verificación: {{count}} unidad de «{{name}}» falta o está dañada, quitada por un cambio de artículos',
    timelineMissing_other:
      'Verificación: {{count}} unidades de «{{name}}» faltan o están dañadas, quitadas por un cambio de artículos',
    timelineReplaced_one:
      'Verificación: {{count}} unidad de «{{name}}» falta o está dañada, reemplazada por el SKU {{sku}} (cambio de artículos)',
    timelineReplaced_other:
      'Verificación: {{count}} unidades de «{{name}}» faltan o están dañadas, reemplazadas por el SKU {{sku}} (cambio de artículos)',
    timelineOverride: 'Verificación: todo dado por verificado, aprobado por {{name}}',
  },
  nothingWaiting: 'Nada espera ser enviado',
  returnVerb: 'Devolución',
  connecting: 'Conectando con VTEX…',
  feedNoReady:
    'Este filtro deja fuera «Listo para preparar»: los pedidos nuevos dejarán de llegar a la cola principal. ¿Guardarlo de todos modos?',
  feedSaveAnyway: 'Guardar de todos modos',
  filtered: '{{shown}} de {{formatted}}',
};
