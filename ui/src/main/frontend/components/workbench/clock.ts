/**
 * A server instant on this browser's clock: the server's clock at the moment it answered ({@code serverNow}) is
 * taken as "now" here, so a lease's time left is measured right even when the two clocks differ by minutes.
 * (The answer's travel time makes the lease look a few milliseconds longer than it is; renewal at a third of the
 * lease left absorbs that.)
 */
export function toLocalInstant(serverInstant: string, serverNow: string, localNow: number = Date.now()): string {
  const at = Date.parse(serverInstant);
  const now = Date.parse(serverNow);
  if (Number.isNaN(at) || Number.isNaN(now)) return serverInstant;
  return new Date(at - now + localNow).toISOString();
}
