import vm from 'node:vm';

/** Text longer than this is matched on its first part only. */
export const MAX_MATCH_TEXT = 20_000;
/** A pattern taking longer than this on one text counts as not matching (and is logged by the caller). */
export const MATCH_TIMEOUT_MS = 25;

const sandbox = vm.createContext({ r: /./, s: '' });
const test = new vm.Script('r.test(s)');
const compiled = new Map<string, RegExp>();

export class PatternTimeout extends Error {
  constructor(pattern: string) {
    super(`the pattern ${JSON.stringify(pattern)} took longer than ${MATCH_TIMEOUT_MS} ms and was stopped`);
    this.name = 'PatternTimeout';
  }
}

/**
 * Bounded regular expressions, without a native RE2: patterns are length-limited and refused when they nest
 * quantifiers (condition-fields.ts), text is cut to MAX_MATCH_TEXT, and the match runs under vm's watchdog,
 * which stops a runaway backtrack after MATCH_TIMEOUT_MS (throws PatternTimeout).
 */
export function matchesPattern(pattern: string, text: string): boolean {
  let r = compiled.get(pattern);
  if (!r) {
    r = new RegExp(pattern, 'iu');
    if (compiled.size > 1000) compiled.clear();
    compiled.set(pattern, r);
  }
  sandbox.r = r;
  sandbox.s = text.length > MAX_MATCH_TEXT ? text.slice(0, MAX_MATCH_TEXT) : text;
  try {
    return test.runInContext(sandbox, { timeout: MATCH_TIMEOUT_MS }) === true;
  } catch (e) {
    if ((e as { code?: string }).code === 'ERR_SCRIPT_EXECUTION_TIMEOUT') throw new PatternTimeout(pattern);
    throw e;
  } finally {
    sandbox.s = '';
  }
}

export const containsText = (haystack: string, needle: string) => haystack.toLowerCase().includes(needle.toLowerCase());
