import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CsvTable } from '../../src/io/csv-table.js';
import { ModelwatchError } from '../../src/errors.js';

const table = (text: string) => new CsvTable('data.csv', Buffer.from(text, 'utf8'));

test('splits quoted fields, doubled quotes, CRLF, blank lines and a BOM', () => {
  const t = table('\uFEFFid,"name",note\r\n1,"Smith, J","said ""hi""\nthen left"\r\n\r\n2,Lee,\n');
  assert.deepEqual(t.columns, ['id', 'name', 'note']);
  assert.equal(t.rows, 2);
  assert.deepEqual(t.text(1).values, ['Smith, J', 'Lee']);
  assert.deepEqual(t.text(2).values, ['said "hi"\nthen left', null]);
  assert.deepEqual(Array.from(t.numeric(0).values), [1, 2]);
});

test('sorts every value of a numeric column into finite, missing or mismatched', () => {
  const t = table('x\n1.5\n\nNA\nnan\ninf\n-3\nabc\n');
  const x = t.numeric(0);
  assert.deepEqual(Array.from(x.values), [1.5, NaN, NaN, NaN, -3, NaN]);
  assert.equal(x.missing, 3, 'NA, nan and inf are missing; the blank line is skipped');
  assert.equal(x.mismatched, 1);
  assert.equal(x.firstMismatchRow, 5);
});

test('names file, line and counts for a ragged row', () => {
  assert.throws(() => table('a,b\n1,2\n3\n'), (e: unknown) => {
    assert.ok(e instanceof ModelwatchError);
    assert.equal(e.code, 'MODELWATCH_ERR_RAGGED_ROW');
    assert.equal(e.message, 'data.csv: row 3: has 1 fields, the header has 2');
    return true;
  });
});

test('names the line and column of an unclosed or misused quote', () => {
  assert.throws(() => table('a,b\n1,"2\n'), /data\.csv: row 2, column 2: a quoted field is never closed/);
  assert.throws(() => table('a,b\n1,"2"x\n'), /data\.csv: row 2, column 2: unexpected "x" after a closing quote/);
});

test('rejects empty files, header-only files and duplicate columns', () => {
  assert.throws(() => table(''), /MODELWATCH_ERR_FILE_EMPTY|empty/);
  assert.throws(() => table('a,b\n'), /data\.csv: the file is empty/);
  assert.throws(() => table('a,a\n1,2\n'), /column "a" appears more than once/);
});

test('keeps a trailing empty field and a last row without a newline', () => {
  const t = table('a,b\n1,\n2,3');
  assert.equal(t.rows, 2);
  assert.deepEqual(t.text(1).values, [null, '3']);
});
