// The offline screens never use a Reflex event (docs/architecture.md), so on their routes the
// Reflex websocket only costs a connection and the state's hydration on every visit. Reflex opens
// it unless the cookie backend-enabled is "false" (isBackendDisabled in .web/utils/state.js, read
// when the event loop starts and again before every event), and a cookie's Path scopes it to those
// routes: home and the online pages (Reflex state) still connect, also after a client-side
// navigation there from an offline screen (document.cookie follows the current URL).
export const OFFLINE_PATHS = ['/thu-tuc', '/nop-ho-so', '/ho-so'];  // volunteer_app/pages/offline.py

export function keepSocketClosedOnOfflineRoutes() {
  for (const path of OFFLINE_PATHS) document.cookie = `backend-enabled=false; Path=${path}; SameSite=Strict`;
}
