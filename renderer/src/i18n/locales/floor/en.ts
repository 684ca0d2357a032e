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
};
