/** The current time, as a port: core never reads the clock itself, and tests control it. */
export interface Clock {
  /** Milliseconds since the Unix epoch. */
  now(): number;
}
