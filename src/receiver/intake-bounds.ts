/**
 * The receiver's bounded intake: how many requests may be in flight and how many
 * body bytes they may hold between them. A request takes a ticket when it arrives
 * and reserves its bytes as they come in; the ticket gives everything back once
 * the response is done. Refusing at the door (503 + Retry-After) is what keeps a
 * burst from growing memory without bound.
 */
export class IntakeBounds {
  private requests = 0;
  private bytes = 0;

  constructor(private readonly maxRequests: number, private readonly maxBytes: number) {}

  /** Requests holding a ticket now. */
  get inFlight(): number {
    return this.requests;
  }

  /** Body bytes reserved by requests in flight. */
  get bufferedBytes(): number {
    return this.bytes;
  }

  /** A ticket for one more request, or undefined when `maxRequests` are in flight. */
  admit(): IntakeTicket | undefined {
    if (this.requests >= this.maxRequests) return undefined;
    this.requests++;
    return new IntakeTicket(this);
  }

  /** @internal */
  tryReserve(bytes: number): boolean {
    if (this.bytes + bytes > this.maxBytes) return false;
    this.bytes += bytes;
    return true;
  }

  /** @internal */
  giveBack(bytes: number): void {
    this.requests--;
    this.bytes -= bytes;
  }
}

/** One request's share of the intake. */
export class IntakeTicket {
  private reserved = 0;
  private released = false;

  constructor(private readonly bounds: IntakeBounds) {}

  /** Reserves `bytes` more body bytes; false (and nothing reserved) when the intake is full. */
  reserve(bytes: number): boolean {
    if (this.released || !this.bounds.tryReserve(bytes)) return false;
    this.reserved += bytes;
    return true;
  }

  /** Gives the request slot and its bytes back; later calls do nothing. */
  release(): void {
    if (this.released) return;
    this.released = true;
    this.bounds.giveBack(this.reserved);
    this.reserved = 0;
  }
}
