import type { OperatorView } from '../../../../preload/contract';
import { ask, type Outcome } from '../desk-port';
import type { SliceCreator } from '../types';

export interface OperatorSlice {
  operator: OperatorView | null;
  /** False until the desk said whether a shift is open (the shift screen waits for it). */
  operatorKnown: boolean;
  loadOperator(): Promise<void>;
  setOperator(operator: OperatorView | null): void;
  startShift(name: string, pin?: string): Promise<Outcome<{ operator: OperatorView | null }>>;
  endShift(): Promise<void>;
  /** Someone else's name and PIN (a supervisor's override); nothing else changes. */
  verifyPin(name: string, pin: string): Promise<Outcome<{ name: string }>>;
}

export const createOperatorSlice: SliceCreator<OperatorSlice> = (set) => ({
  operator: null,
  operatorKnown: false,
  async loadOperator() {
    const result = await ask('operator:get');
    if (result.ok) set({ operator: result.data.operator, operatorKnown: true });
  },
  setOperator(operator) {
    set({ operator, operatorKnown: true });
  },
  async startShift(name, pin) {
    const result = await ask('operator:start-shift', { name, ...(pin ? { pin } : {}) });
    if (result.ok) set({ operator: result.data.operator, operatorKnown: true });
    return result;
  },
  verifyPin(name, pin) {
    return ask('operator:verify-pin', { name, pin });
  },
  async endShift() {
    const result = await ask('operator:end-shift');
    if (result.ok) set({ operator: result.data.operator, operatorKnown: true });
  },
});
