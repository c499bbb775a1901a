// Why a GGOP message is refused: the element it concerns (its path under RehabilitationPlan, or
// "(besked)" for the message as a whole) and a Danish reason. Neither ever holds a value from the
// message, so a refusal can be logged and listed without personal data.
export class GgopRefused extends Error {
  constructor(
    readonly element: string,
    readonly besked: string,
  ) {
    super(`${element}: ${besked}`);
    this.name = 'GgopRefused';
  }
}
