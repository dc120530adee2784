import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isMissingToken } from '../../src/io/missing-token.js';

/** The definition: a token after trimming and lower-casing, at most 16 characters before. */
const TOKENS = ['', 'na', 'n/a', '#n/a', 'nan', '-nan', 'null', 'none', '<na>'];
function byDefinition(text: string): boolean {
  return text.length <= 16 && TOKENS.includes(text.trim().toLowerCase());
}

test('isMissingToken answers as its definition: every first character, tokens in any case and padding', () => {
  const texts: string[] = ['', ' ', '\t\n', 'basic', 'plus', 'N', 'n', 'nA', 'NaN', 'NULL', ' None ', '\u00a0na\u3000', '\ufeffn/a', 'nul', 'nanx', '#N/A', '-NaN', '<NA>', 'x'.repeat(16), ' '.repeat(14) + 'na', ' '.repeat(15) + 'na'];
  for (let code = 0; code < 0x3100; code++) {
    const c = String.fromCharCode(code);
    texts.push(c, `${c}a`, `${c}na`, `${c}an`, `${c}ull`, `${c}one`, `${c}n/a`, `${c}na>`, `${c}nan`, `${c}/a`);
  }
  for (const token of TOKENS) texts.push(token.toUpperCase(), ` ${token} `, `\t${token[0]?.toUpperCase() ?? ''}${token.slice(1)}\n`);
  let missing = 0;
  for (const text of texts) {
    assert.equal(isMissingToken(text), byDefinition(text), JSON.stringify(text));
    if (byDefinition(text)) missing++;
  }
  assert.ok(missing > 40, 'the texts include many tokens');
});
