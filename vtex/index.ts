/** The one module of VTEX wire formats and status rules, shared by the desk client and the sandbox. */
export * from './statuses';
export * from './errors';
export * from './order';
export * from './requests';
export * from './feed';
export * from './rules';
export * from './invoice-checks';
export * from './responses';
export * from './order-changes';
export * from './resources';
export * from './checkout';
