// A value that the start-up modules own and the screens follow (useStore in app/hooks.js):
// {get, set, subscribe}. Pure, so tests/js runs it under node.
export function signal(initial) {
  let value = initial;
  const listeners = new Set();
  return {
    get: () => value,
    set(next) {
      if (Object.is(next, value)) return;
      value = next;
      for (const fn of [...listeners]) fn(value);
    },
    subscribe(fn) {
      listeners.add(fn);
      return () => listeners.delete(fn);
    },
  };
}
