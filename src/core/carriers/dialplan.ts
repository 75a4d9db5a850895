// dSIPRouter-style number translation: strip leading digits, add a prefix, then the carrier's tech prefix.
import { fieldError } from '../runtime/errors.ts';
import type { CarrierSettings } from '../store.ts';

export interface DialplanStep {
  rule: string;
  result: string;
}

export function applyDialplan(
  c: Pick<CarrierSettings, 'stripDigits' | 'prefixDigits' | 'techPrefix'>,
  normalizedNumber: string,
): { steps: DialplanStep[]; result: string } {
  const steps: DialplanStep[] = [];
  const plus = normalizedNumber.startsWith('+');
  let digits = plus ? normalizedNumber.slice(1) : normalizedNumber;
  steps.push({ rule: 'Dialled number (normalised)', result: normalizedNumber });
  if (plus) steps.push({ rule: 'Drop the leading + (digits are what the carrier sees)', result: digits });
  if (c.stripDigits > 0) {
    if (c.stripDigits >= digits.length) {
      throw fieldError('number', 'Number', `has ${digits.length} digits, but the carrier strips ${c.stripDigits}; nothing would be left to dial`);
    }
    digits = digits.slice(c.stripDigits);
    steps.push({ rule: `Strip ${c.stripDigits} leading digit${c.stripDigits === 1 ? '' : 's'}`, result: digits });
  }
  if (c.prefixDigits) {
    digits = c.prefixDigits + digits;
    steps.push({ rule: `Add prefix ${c.prefixDigits}`, result: digits });
  }
  if (c.techPrefix) {
    digits = c.techPrefix + digits;
    steps.push({ rule: `Add tech prefix ${c.techPrefix}`, result: digits });
  }
  return { steps, result: digits };
}
