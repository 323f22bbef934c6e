/** A point in degrees. */
export interface LatLng {
  readonly latitude: number;
  readonly longitude: number;
}

/**
 * Great-circle distance in kilometres (haversine, mean Earth radius). Good to a few metres at the
 * scale of a county; the larger error when comparing a phone's WGS-84 fix with the GCJ-02
 * coordinates Chinese map apps give (a few hundred metres) does not change which site is nearer
 * in practice, and distances are shown rounded ("约 3.2 公里").
 */
export function distanceKm(a: LatLng, b: LatLng): number {
  const rad = Math.PI / 180;
  const dLat = (b.latitude - a.latitude) * rad;
  const dLng = (b.longitude - a.longitude) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.latitude * rad) * Math.cos(b.latitude * rad) * Math.sin(dLng / 2) ** 2;
  return 2 * 6371.0088 * Math.asin(Math.min(1, Math.sqrt(h)));
}

/** The distance from `from` to the nearest of `places` that has coordinates, or undefined. */
export function nearestKm(from: LatLng, places: readonly { latitude?: number; longitude?: number }[]): number | undefined {
  let best: number | undefined;
  for (const place of places) {
    if (place.latitude === undefined || place.longitude === undefined) continue;
    const km = distanceKm(from, { latitude: place.latitude, longitude: place.longitude });
    if (best === undefined || km < best) best = km;
  }
  return best;
}

/** Whether a place carries both coordinates. */
export function hasCoordinates(place: { latitude?: number; longitude?: number }): boolean {
  return place.latitude !== undefined && place.longitude !== undefined;
}
