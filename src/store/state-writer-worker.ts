/**
 * The writer thread's body (see StateWriterThread): owns the database's only writing
 * connection and commits the groups the main thread posts, in the order posted.
 *
 * Group commit: when a group arrives, every group already waiting in the port is
 * taken too (receiveMessageOnPort) and all of them are written in one transaction,
 * one fsync. The longer a commit takes, the more groups the next one holds, so the
 * cost of an fsync is spread over however many requests arrived while it ran. If that
 * transaction fails, the groups are retried one by one, so only a failing group is
 * refused and the others are still committed.
 */
import { parentPort, receiveMessageOnPort, workerData } from 'node:worker_threads';
import DatabaseConstructor, { type Statement } from 'better-sqlite3';
import type { SqlValue, SqlWrite, WriteAnswer, WriteGroup, WriterThreadData } from './sql-write.js';

const port = parentPort;
if (port === null) throw new Error('state-writer-worker runs as a worker thread');

const { file } = workerData as WriterThreadData;
const db = new DatabaseConstructor(file);
// Per connection: each commit fsyncs the log, so it survives a power cut as well as a kill -9.
db.pragma('synchronous = FULL');
const statements = new Map<string, Statement>();

function statement(sql: string): Statement {
  let prepared = statements.get(sql);
  if (prepared === undefined) statements.set(sql, prepared = db.prepare(sql));
  return prepared;
}

/** A blob arrives as a Uint8Array (structured clone drops Buffer's prototype); SQLite's binding wants a Buffer. */
function bindable(value: SqlValue): SqlValue {
  return value instanceof Uint8Array && !Buffer.isBuffer(value) ? Buffer.from(value.buffer, value.byteOffset, value.byteLength) : value;
}

function run(writes: readonly SqlWrite[]): void {
  for (const { sql, params } of writes) statement(sql).run(...params.map(bindable));
}

const commit = db.transaction((groups: readonly WriteGroup[]) => {
  for (const group of groups) run(group.writes);
});

function commitAll(groups: WriteGroup[]): WriteAnswer[] {
  try {
    commit(groups);
    return groups.map(({ id }) => ({ id }));
  } catch (error) {
    if (groups.length === 1) return [{ id: groups[0].id, error: (error as Error).message }];
  }
  return groups.flatMap((group) => commitAll([group]));
}

port.on('message', (message: WriteGroup | 'close') => {
  const groups: WriteGroup[] = [];
  let closing = message === 'close';
  if (message !== 'close') groups.push(message);
  for (let next = receiveMessageOnPort(port); next !== undefined; next = receiveMessageOnPort(port)) {
    if (next.message === 'close') closing = true;
    else groups.push(next.message as WriteGroup);
  }
  if (groups.length > 0) port.postMessage(commitAll(groups));
  if (closing) {
    db.close();
    port.close();
  }
});
