/**
 * The packing table's words: scans inside dialogs, the pack check, the words that replace
 * refusals' raw codes. A block of its own, so the big locale files change in one line.
 */
export const floorEn = {
  interrupt: {
    title: 'Scanned “{{code}}” — this dialog did nothing',
    lead: 'A scan never presses a dialog’s button. Leave this dialog and look the code up?',
    leave: 'Leave and look it up',
    stay: 'Stay here',
  },
  confirm: {
    ctrlEnter: 'This cannot be undone: press Ctrl+Enter (or click “{{action}}”) to do it.',
  },
  synced: '{{action}} for {{order}} reached VTEX.',
  syncedInvoice: 'Invoice {{invoice}} for {{order}} reached VTEX.',
  syncedReturn: 'Return invoice {{invoice}} for {{order}} reached VTEX.',
  pack: {
    button: 'Pack check',
    title: 'Pack check — {{order}}',
    lead: 'Scan each unit’s barcode as it goes in the parcel. Enter on an empty field invoices what was scanned.',
    scanLabel: 'Scan an item',
    item: 'Item',
    scanned: 'Scanned',
    progress_one: '{{scanned}} of {{count}} unit scanned',
    progress_other: '{{scanned}} of {{count}} units scanned',
    ok: '{{name}}: {{scanned}} of {{count}}',
    wrong: '“{{code}}” is not an item of this order. Put it aside.',
    tooMany_one: 'One too many: the order has {{count}} unit of “{{name}}”.',
    tooMany_other: 'One too many: the order has {{count}} units of “{{name}}”.',
    nothing: 'Scan at least one item, or ask a supervisor to approve.',
    invoiceAll: 'Invoice everything',
    invoicePart_one: 'Invoice the {{count}} unit scanned',
    invoicePart_other: 'Invoice the {{count}} units scanned',
    override: 'Supervisor override',
    overrideTitle: 'A supervisor counts everything as checked',
    supervisor: 'Supervisor’s name',
    pin: 'Supervisor’s PIN',
    approve: 'Approve',
    approvedBy: 'Everything counted as checked, approved by {{name}}.',
    log: 'Problems in this check',
    fromCheck: 'From the pack check: {{scanned}} of {{count}} units scanned.',
    missing: 'Not scanned, left out of this invoice: {{items}}.',
  },
  nothingWaiting: 'Nothing waits to be sent',
  returnVerb: 'Return',
  connecting: 'Connecting to VTEX…',
  feedNoReady:
    'This filter leaves out “Ready for handling”: new orders will stop reaching the main queue. Save it anyway?',
  feedSaveAnyway: 'Save anyway',
  filtered: '{{shown}} of {{formatted}}',
};
