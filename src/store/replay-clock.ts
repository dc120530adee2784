/**
 * The processor's clock, which replay can hold at a journalled request's arrival
 * time: the pipeline reads it for windows, the join's horizon and the samples'
 * periods, so a replayed request lands where it landed the first time.
 */
export class ReplayClock {
  readonly #wall: () => number;
  /** The arrival time being replayed, or undefined to read the wall clock. */
  at: number | undefined;

  constructor(wall: () => number = Date.now) {
    this.#wall = wall;
  }

  readonly now = (): number => this.at ?? this.#wall();
}
