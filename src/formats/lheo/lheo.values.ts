import { joursDuMois } from '../../domain/dates.ts';
import type { ContactInput, LieuInput } from '../../domain/formation.schema.ts';
import { codeLieuConnu, connu } from '../../domain/inconnu.ts';
import { EXTRAS_OFFRE, INCONNU, TYPE_CONTACT } from './lheo.codes.ts';
import { child, elements, textOf, type XmlNode } from './lheo.stream.ts';

// The values of an LHEO record: dates and their conventions, contacts, addresses, organismes and
// Offre's own extras. Pure functions of one element.

/** `AAAAMMJJ` → ISO date; `00000000`/`99999999` = unknown/permanent; `AAAAMM00` = month only. */
export function parseLheoDate(
  raw: string | null,
  bound: 'debut' | 'fin',
): { date: string | null } | { erreur: string } {
  if (raw === null || raw === INCONNU.debut || raw === INCONNU.fin) return { date: null };
  const m = /^(\d{4})(\d{2})(\d{2})$/.exec(raw);
  if (!m) return { erreur: `« ${raw} » n’est pas une date AAAAMMJJ` };
  const y = Number(m[1]);
  let mo = Number(m[2]);
  let d = Number(m[3]);
  if (mo === 0) mo = bound === 'debut' ? 1 : 12; // year only
  if (mo > 12) return { erreur: `« ${raw} » : mois ${m[2]} invalide` };
  const lastDay = joursDuMois(y, mo);
  if (d === 0) d = bound === 'debut' ? 1 : lastDay; // month only
  if (d > lastDay) return { erreur: `« ${raw} » n’est pas une date du calendrier` };
  return { date: `${m[1]}-${String(mo).padStart(2, '0')}-${String(d).padStart(2, '0')}` };
}

/** The extras of an element that has none (most of them): one map shared, never written. */
const SANS_EXTRAS: ReadonlyMap<string, string> = new Map();

/** Offre's own facts in `<extras info="offre"><extra info="k">v</extra></extras>`, at any depth of `node`'s extras. */
export function offreExtras(node: XmlNode): ReadonlyMap<string, string> {
  // Called for the formation, each action, session, contact and address: index loops, and no map
  // made for an element without Offre's extras.
  let out: Map<string, string> | null = null;
  const enfants = node.children;
  for (let i = 0; i < enfants.length; i++) {
    const extras = enfants[i]!;
    if (typeof extras === 'string' || extras.name !== 'extras' || extras.attrs.info !== EXTRAS_OFFRE)
      continue;
    const liste = extras.children;
    for (let j = 0; j < liste.length; j++) {
      const extra = liste[j]!;
      if (typeof extra === 'string' || extra.name !== 'extra' || !extra.attrs.info) continue;
      out ??= new Map();
      out.set(extra.attrs.info, textOf(extra) ?? '');
    }
  }
  return out ?? SANS_EXTRAS;
}

/** A CFD code travels in extras (LHEO has no element for it): `extra info="code-CFD"` or an element `code-CFD`. */
export function findCfd(node: XmlNode): string | null {
  for (const c of elements(node)) {
    if (c.name === 'code-CFD' || (c.name === 'extra' && c.attrs.info === 'code-CFD')) return textOf(c);
    if (c.name === 'extras' || c.name === 'extra') {
      const found = findCfd(c);
      if (found) return found;
    }
  }
  return null;
}

export function mapContact(node: XmlNode): ContactInput | null {
  const coord = child(node, 'coordonnees');
  const nom = [connu(textOf(coord, 'prenom')), connu(textOf(coord, 'nom'))].filter(Boolean).join(' ') || null;
  const telephone = connu(textOf(coord, 'telfixe', 'numtel')) ?? connu(textOf(coord, 'portable', 'numtel'));
  const courriel = connu(textOf(coord, 'courriel'));
  if (!nom && !telephone && !courriel) return null;
  const own = offreExtras(node).get('type-contact-offre');
  const type =
    (own as ContactInput['type'] | undefined) ?? TYPE_CONTACT[textOf(node, 'type-contact') ?? '0'] ?? 'autre';
  return { type, nom, telephone, courriel };
}

/**
 * An `<adresse>` as a place, as the file gives it: a postal code no commune has (`99999`) is kept for
 * the rule LIEU_COMMUNE to report, and the schema's unknown one (`00000`) leaves the street, the
 * town and the INSEE code given (code_postal null). Null when it gives none of these.
 */
export function mapAdresse(adresse: XmlNode | undefined): LieuInput | null {
  if (!adresse) return null;
  const cp = codeLieuConnu(textOf(adresse, 'codepostal'));
  const lignes = elements(adresse, 'ligne')
    .map((l) => textOf(l))
    .filter(Boolean);
  const rue = connu(lignes.join(' ') || null);
  const ville = connu(textOf(adresse, 'ville'));
  const insee = codeLieuConnu(textOf(adresse, 'code-INSEE-commune'));
  if (cp === null && rue === null && ville === null && insee === null) return null;
  const geo = child(adresse, 'geolocalisation');
  const num = (v: string | null) => (v === null ? null : Number(v.replace(',', '.')));
  return {
    adresse: rue,
    code_postal: cp,
    commune: ville,
    cedex: offreExtras(adresse).get('cedex') ?? null,
    code_insee: insee,
    uai: null,
    lat: num(textOf(geo, 'latitude')),
    lon: num(textOf(geo, 'longitude')),
  };
}

export function organisme(
  siret: string | null,
  raison: string | null,
  uai: string | null,
  nda: string | null = null,
) {
  const s = connu(siret);
  const r = connu(raison);
  const u = connu(uai);
  const n = connu(nda);
  return s || r || u || n ? { siret: s, raison_sociale: r, uai: u, nda: n } : null;
}
