import { ACCEPTED_ALL, type ConsumeResult } from '../pipeline/consumer.js';

/**
 * Counts the records of one request that break the conventions and keeps the first
 * reason, to answer with OTLP's `partial_success`: how many were rejected, and why in
 * one English sentence (the first reason stands for the rest; a sender fixing it will
 * see the next one).
 */
export class RejectionSummary {
  readonly #noun: string;
  #count = 0;
  #first = '';

  /**
   * @param noun what a record is, in the message ("inference span", "feedback event").
   */
  constructor(noun: string) {
    this.#noun = noun;
  }

  /** Counts one rejected record; `reason` names the record and what is wrong with it. */
  add(reason: string): void {
    if (this.#count++ === 0) this.#first = reason;
  }

  /** The consumer's answer: ACCEPTED_ALL when nothing was rejected. */
  result(): ConsumeResult {
    if (this.#count === 0) return ACCEPTED_ALL;
    const message = this.#count === 1
      ? `1 ${this.#noun} rejected: ${this.#first}`
      : `${this.#count} ${this.#noun}s rejected; the first: ${this.#first}`;
    return { rejected: this.#count, message };
  }
}
