/**
 * The positive class of a binary task when the user named none:
 * 1. "1", if it is among the labels;
 * 2. otherwise a label equal to "true" ignoring case (the first in sorted order);
 * 3. otherwise, when the only label seen is "0" (or "false" in any case), the
 *    missing partner "1" (or "true" in the same case): a window in which every
 *    row is negative is common, and is still a 0/1 (or false/true) task.
 *
 * @param labels the sorted label set of a binary task (at most two labels)
 * @returns the positive label, or undefined when none of the rules applies
 * @example defaultPositiveLabel(['False', 'True']) // => 'True'
 * @example defaultPositiveLabel(['0']) // => '1'
 * @example defaultPositiveLabel(['cat', 'dog']) // => undefined
 */
export function defaultPositiveLabel(labels: readonly string[]): string | undefined {
  if (labels.includes('1')) return '1';
  const truthy = labels.find((l) => l.toLowerCase() === 'true');
  if (truthy !== undefined) return truthy;
  if (labels.length === 1) {
    const only = labels[0];
    if (only === '0') return '1';
    if (only.toLowerCase() === 'false') return trueInCaseOf(only);
  }
  return undefined;
}

function trueInCaseOf(falseLabel: string): string {
  if (falseLabel === falseLabel.toUpperCase()) return 'TRUE';
  if (falseLabel[0] === 'F') return 'True';
  return 'true';
}
