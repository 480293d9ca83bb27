// Persistent storage and quota: ask once for persist(), show usage, warn near the quota.
export const QUOTA_WARN_RATIO = 0.8;

export async function requestPersist() {
  if (!navigator.storage?.persist) return false;
  if (await navigator.storage.persisted()) return true;
  try { return await navigator.storage.persist(); } catch { return false; }
}

export async function storageStatus() {
  const out = { persisted: false, usage: null, quota: null, nearQuota: false };
  if (!navigator.storage) return out;
  out.persisted = navigator.storage.persisted ? await navigator.storage.persisted() : false;
  if (navigator.storage.estimate) {
    const { usage, quota } = await navigator.storage.estimate();
    out.usage = usage; out.quota = quota;
    out.nearQuota = quotaWarning(usage, quota);
  }
  return out;
}

export function quotaWarning(usage, quota, ratio = QUOTA_WARN_RATIO) {
  return Boolean(quota) && usage / quota >= ratio;
}

export function formatBytes(n) {
  if (n === null || n === undefined) return '?';
  if (n < 1024 * 1024) return `${Math.max(1, Math.round(n / 1024))} KB`;
  if (n < 1024 * 1024 * 1024) return `${(n / 1024 / 1024).toFixed(1)} MB`;
  return `${(n / 1024 / 1024 / 1024).toFixed(1)} GB`;
}
