/** Polls until `check` holds (notifications arrive asynchronously), failing after `ms`. */
export async function eventually<T>(read: () => Promise<T>, check: (v: T) => boolean, ms = 5000): Promise<T> {
  const until = Date.now() + ms;
  let last = await read();
  while (!check(last)) {
    if (Date.now() > until) throw new Error(`condition not met within ${ms} ms; last value ${JSON.stringify(last)}`);
    await new Promise((r) => setTimeout(r, 50));
    last = await read();
  }
  return last;
}
