// The entry module the Reflex pages load (volunteer_app/components/offline.py: library
// "$/public/offline/screens.jsx"): <OfflineScreen screen="…" /> and the header's <ConnectionBar />.
// The screens live in screens/ and wizard/, the field widgets in fields/, the device lifecycle in
// lifecycle/, the start-up in app/ (docs/architecture.md, "Browser modules").
//
// Everything here runs in the browser with no server: Reflex processes no events while its
// websocket is down, so navigation, values, validation, drafts and attachments never go through
// Reflex state. Prerendering imports this module in Node, where nothing is started.
import React from 'react';
import './offline.css';
import { startApp } from './app/start.js';
import { CatalogScreen } from './screens/catalog.jsx';
import { DetailScreen } from './screens/detail.jsx';
import { DraftsScreen } from './screens/drafts.jsx';
import { WizardScreen } from './wizard/wizard-screen.jsx';
import { LockGate } from './app/lock-gate.jsx';

export { ConnectionBar } from './app/connection-bar.jsx';

if (typeof window !== 'undefined') startApp();

const SCREENS = { catalog: CatalogScreen, detail: DetailScreen, wizard: WizardScreen, drafts: DraftsScreen };

/** One entry point for the pages: <OfflineScreen screen="wizard" />, behind the tablet's lock (app/lock-gate.jsx). */
export function OfflineScreen({ screen }) {
  const Screen = SCREENS[screen];
  return Screen ? <LockGate screen={screen}><Screen /></LockGate> : null;
}
