import { describe, expect, it } from 'vitest';
import { distanceKm, hasCoordinates, nearestKm } from '../../web/src/common/geo.js';

describe('distanceKm', () => {
  it('measures 罗田县城 to 黄冈城区 (about 63 km in a straight line) and is zero for one point', () => {
    const luotian = { latitude: 30.7835, longitude: 115.3992 };
    const huanggang = { latitude: 30.4461, longitude: 114.8722 };
    expect(distanceKm(luotian, huanggang)).toBeGreaterThan(60);
    expect(distanceKm(luotian, huanggang)).toBeLessThan(70);
    expect(distanceKm(luotian, luotian)).toBe(0);
  });

  it('picks the nearest mapped site and ignores unmapped ones', () => {
    const here = { latitude: 30.73, longitude: 115.16 };
    expect(nearestKm(here, [{}, { latitude: 30.83, longitude: 115.16 }, { latitude: 30.74, longitude: 115.16 }])).toBeCloseTo(1.11, 1);
    expect(nearestKm(here, [{}, { latitude: 30.7 }])).toBeUndefined();
    expect(hasCoordinates({ latitude: 1 })).toBe(false);
  });
});
