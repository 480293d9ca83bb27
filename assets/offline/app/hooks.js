// Hooks every offline screen shares: the language, the message catalog, Dexie live queries, the
// query string and who is filing. Browser APIs are touched only inside effects (the pages are
// prerendered in Node).
import { useEffect, useState } from 'react';
import { liveQuery } from 'dexie';
import { getLang, onLangChange } from '../i18n.js';
import * as data from '../data.js';
import { readSession, refreshSession } from '../session.js';
import { releaseHeld } from '../sync.js';
import { online as onlineSignal } from './connectivity.js';
import { keysEpoch } from '../crypto/keyring.js';

export function useLang() {
  const [lang, set] = useState('vi');
  useEffect(() => {
    set(getLang());
    document.documentElement.lang = getLang();
    return onLangChange(set);
  }, []);
  return lang;
}

/** Messages loaded (from the precached data file) → true. */
export function useMessages() {
  const [ready, setReady] = useState(false);
  useEffect(() => { data.messages().then(() => setReady(true), () => setReady(true)); }, []);
  return ready;
}

/** The value of a Dexie live query: follows changes from this tab and every other tab. */
export function useLive(query, deps, initial) {
  const [value, setValue] = useState(initial);
  // Records open only with a key in memory: a key coming or going reads them again.
  const epoch = useStore(keysEpoch, 0);
  useEffect(() => {
    const sub = liveQuery(query).subscribe({ next: setValue, error: () => {} });
    return () => sub.unsubscribe();
  }, [...deps, epoch]); // eslint-disable-line react-hooks/exhaustive-deps
  return value;
}

/** A value from one of the app's small stores ({get, subscribe}), e.g. app/connectivity.js. */
export function useStore(source, initial) {
  const [value, setValue] = useState(initial);
  useEffect(() => {
    setValue(source.get());
    return source.subscribe(setValue);
  }, [source]);
  return value;
}

export function useQuery() {
  const [q, setQ] = useState(null);
  useEffect(() => setQ(new URLSearchParams(window.location.search)), []);
  return q;
}

/**
 * Who is filing (volunteer mode from the signed-in session, else citizen mode): the last identity
 * the server confirmed at once, then the server's current answer when it is reachable, asked
 * again each time the connection comes back (so "could not be rechecked" does not outlive it).
 */
export function useFiler() {
  const [state, setState] = useState(null);
  useEffect(() => {
    let live = true;
    setState({ session: readSession(), confirmed: false });
    const check = () => refreshSession().then((next) => {
      if (!live) return;
      setState(next);
      if (next.session) releaseHeld();  // a volunteer's held dossiers may go now
    });
    check();
    let was = onlineSignal.get();
    const stop = onlineSignal.subscribe((ok) => {
      if (ok && !was) check();
      was = ok;
    });
    return () => { live = false; stop(); };
  }, []);
  return state;
}
