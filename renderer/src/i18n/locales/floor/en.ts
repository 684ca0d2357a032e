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
    timelineWrong: 'Pack check: “{{code}}” scanned, not an item of this order',
    timelineTooMany_one: 'Pack check: one too many “{{name}}” ({{count}} unit in the order)',
    timelineTooMany_other: 'Pack check: one too many “{{name}}” ({{count}} units in the order)',
    timelineOverride: 'Pack check: everything counted as checked, approved by {{name}}',
    notFound: 'Not found?',
    missingButton: 'Missing or damaged…',
    missingOf: 'Item missing or damaged: {{name}}',
    changeFromPack_one:
      'From the pack check: {{count}} unit of “{{name}}” cannot be packed. Take it out, or replace it with another SKU; the pack check goes on afterwards.',
    changeFromPack_other:
      'From the pack check: {{count}} units of “{{name}}” cannot be packed. Take them out, or replace them with another SKU; the pack check goes on afterwards.',
    resumed:
      'Back from the change of items: the lines show the order as it is now, and the units already scanned are kept.',
    timelineMissing_one:
      'Pack check: {{count}} unit of “{{name}}” missing or damaged, taken out by a change of items',
    timelineMissing_other:
      'Pack check: {{count}} units of “{{name}}” missing or damaged, taken out by a change of items',
    timelineReplaced_one:
      'Pack check: {{count}} unit of “{{name}}” missing or damaged, replaced by SKU {{sku}} (change of items)',
    timelineReplaced_other:
      'Pack check: {{count}} units of “{{name}}” missing or damaged, replaced by SKU {{sku}} (change of items)',
  },
  nothingWaiting: 'Nothing waits to be sent',
  returnVerb: 'Return',
  connecting: 'Connecting to VTEX…',
  feedNoReady:
    'This filter leaves out “Ready for handling”: new orders will stop reaching the main queue. Save it anyway?',
  feedSaveAnyway: 'Save anyway',
  filtered: '{{shown}} of {{formatted}}',
};
