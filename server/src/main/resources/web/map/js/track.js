// A bike's stored track over a time range, from GET /api/bikes/{id}/track, following its pages.

const MAX_PAGES = 10;

/** Resolves with [lat, lon] pairs, oldest first. */
export async function loadTrack(api, bikeId, minutes) {
  const to = new Date();
  const from = new Date(to.getTime() - minutes * 60_000);
  let path = `/api/bikes/${encodeURIComponent(bikeId)}/track?from=${from.toISOString()}&to=${to.toISOString()}`;
  const points = [];
  for (let page = 0; path && page < MAX_PAGES; page++) {
    const body = await api.get(path);
    for (const fix of body.fixes) points.push([fix.lat, fix.lon]);
    path = body.next;
  }
  return points;
}
