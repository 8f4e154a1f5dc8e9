/** A call the simulated Welink refuses: the spec's response code, a message and an optional errCode. */
export class SimFailure extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly errCode?: string,
  ) {
    super(message);
  }
}
