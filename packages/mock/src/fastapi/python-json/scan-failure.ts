/** Where and why a text is not JSON, in CPython's words: the scanner stops at the first. */
export class ScanFailure {
  constructor(
    readonly msg: string,
    readonly pos: number,
  ) {}
}
