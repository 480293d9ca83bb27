// Which procedure version a draft may stay on (issue 13). The device catalog names, per
// procedure, the current etag and the old versions still accepted (`pins`: superseded less than
// the centre's grace days ago; services/catalog_versions.accepted_pins). A draft pinned to any
// other old version is moved to the current one when it is opened; the server validates it
// against the current one anyway (procedure_for). Pure, for node --test.

// A version is a definition's etag; a draft pinned to anything else (a date, from a build's copy
// before etags) is left to the server, which validates an unknown pin against the current version.
const ETAG = /^[0-9a-f]{16}$/;

/** Whether a draft of `code` pinned to `pin` is past its grace days, per the device catalog `device`. */
export function pinExpired(device, code, pin) {
  if (!device || !ETAG.test(pin || '') || !device.etags || device.etags[code] === pin) return false;
  if (!device.etags[code]) return false;  // the device does not know the procedure's current version
  if (!device.pins) return false;  // a catalog from before pins were sent: the server decides
  return !(device.pins[code] || []).includes(pin);
}
