import proj4 from 'proj4';

// ACCE coordinates are projected: Lambert-93 in metropolitan France, the local UTM zone overseas.
const LAMBERT_93 =
  '+proj=lcc +lat_0=46.5 +lon_0=3 +lat_1=49 +lat_2=44 +x_0=700000 +y_0=6600000 +ellps=GRS80 +towgs84=0,0,0,0,0,0,0 +units=m +no_defs';
const UTM = (zone: number, south = false) =>
  `+proj=utm +zone=${zone}${south ? ' +south' : ''} +ellps=GRS80 +towgs84=0,0,0,0,0,0,0 +units=m +no_defs`;

const PAR_DEPARTEMENT: Readonly<Record<string, string>> = {
  '971': UTM(20),
  '972': UTM(20),
  '977': UTM(20),
  '978': UTM(20),
  '973': UTM(22),
  '974': UTM(40, true),
  '975': UTM(21),
  '976': UTM(38, true),
};

/** Projected metres → WGS84 {lat, lon}; null when the point falls outside any plausible French territory. */
export function versWgs84(
  x: number | null,
  y: number | null,
  departement: string | null,
): { lat: number; lon: number } | null {
  if (x === null || y === null || (x === 0 && y === 0)) return null;
  const dep = departement?.replace(/^0(?=\d{2}$)/, '').padStart(3, '0') ?? '';
  const def = PAR_DEPARTEMENT[dep] ?? LAMBERT_93;
  const [lon, lat] = proj4(def, 'WGS84', [x, y]);
  if (!Number.isFinite(lat) || !Number.isFinite(lon) || Math.abs(lat!) > 90 || Math.abs(lon!) > 180)
    return null;
  return { lat: Math.round(lat! * 1e6) / 1e6, lon: Math.round(lon! * 1e6) / 1e6 };
}
