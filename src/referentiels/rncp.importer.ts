import { createReadStream } from 'node:fs';
import type { Readable } from 'node:stream';
import {
  ANNEXES_VIDES,
  type Annexes,
  certificationDeStandard,
  faitsDeFicheXml,
  habilitation,
} from './rncp.builder.ts';
import {
  AncienneNouvelleRow,
  CertificateurRow,
  FicheXmlRow,
  FormacodeRow,
  NsfRow,
  PartenaireRow,
  RomeRow,
  StandardRow,
  VoieAccesRow,
} from './rncp.rows.ts';
import { convertisseur } from './rows.ts';
import type { Forme } from './sniff.ts';
import { readTable } from './table.reader.ts';
import type { Importer, Jeu, Lu } from './types.ts';
import { nodesAt, textAt, type XNode, xmlRecords } from './xml.reader.ts';
import { openZip } from './zip.reader.ts';

// France compétences RNCP/RS export: a zip of CSV members (UTF-8, CRLF, `;`, quoted, TAB inside
// SIRETs, member names in UTF-8 without the zip flag) or the XML flavour (<FICHES><FICHE>…).

const MEMBRES = [
  'standard',
  'certificateurs',
  'partenaires',
  'voixdacces',
  'ancienne_nouvelle_certification',
  'nsf',
  'rome',
  'formacode',
] as const;
type Membre = (typeof MEMBRES)[number];

/** Which official member a (normalised) name is: 'export_fiches_csv_voixdacces_2024_02_22.csv' → 'voixdacces'. */
export function membreRncp(cle: string): Membre | null {
  const m = /^export_fiches_csv_([a-z_]+?)_\d{4}_\d{2}_\d{2}\.csv$/.exec(cle);
  return m && (MEMBRES as readonly string[]).includes(m[1]!) ? (m[1] as Membre) : null;
}

function reconnaitre(forme: Forme): Jeu | null {
  if (forme.type === 'xml' && forme.racine === 'FICHES')
    return { jeu: 'rncp', libelle: 'export RNCP/RS de France compétences (XML)', format: 'xml' };
  if (forme.type !== 'zip') return null;
  const noms = new Set(forme.membres.map((m) => membreRncp(m.cle)));
  if (noms.has('standard') && noms.has('certificateurs'))
    return { jeu: 'rncp', libelle: 'export RNCP/RS de France compétences (zip CSV)', format: 'zip-csv' };
  if (forme.membres.some((m) => m.forme.type === 'xml' && m.forme.racine === 'FICHES'))
    return { jeu: 'rncp', libelle: 'export RNCP/RS de France compétences (zip XML)', format: 'zip-xml' };
  return null;
}

async function* readZipCsv(path: string): AsyncGenerator<Lu> {
  const zip = await openZip(path);
  try {
    const membre = (m: Membre) => zip.membres.find((x) => membreRncp(x.cle) === m);
    type Liste = 'voies' | 'nsf' | 'rome' | 'romeLibelles' | 'formacodes' | 'successeurs' | 'predecesseurs';
    const annexes = new Map<string, Record<Liste, string[]>>();
    const de = (code: string) => {
      const a = annexes.get(code) ?? {
        voies: [],
        nsf: [],
        rome: [],
        romeLibelles: [],
        formacodes: [],
        successeurs: [],
        predecesseurs: [],
      };
      annexes.set(code, a);
      return a;
    };
    async function* rows(m: Membre) {
      const z = membre(m);
      if (!z) return;
      const forme: Forme = { type: 'csv', encoding: 'utf8', delimiter: ';', lignes: [] };
      for await (const r of readTable({ forme, path, open: () => z.open() })) yield { ...r, fichier: z.nom };
    }
    // Side members first (small, keyed by fiche), then the facts.
    const garder = (add: () => void): Lu => {
      add();
      return { faits: [] };
    };
    const annexesLues = [
      [
        'voixdacces',
        convertisseur(
          VoieAccesRow,
          (r) => garder(() => r.Si_Jury && de(r.Numero_Fiche).voies.push(r.Si_Jury)),
          '',
        ),
      ],
      [
        'nsf',
        convertisseur(NsfRow, (r) => garder(() => r.Nsf_Code && de(r.Numero_Fiche).nsf.push(r.Nsf_Code)), ''),
      ],
      [
        'rome',
        convertisseur(
          RomeRow,
          (r) =>
            garder(() => {
              if (!r.Codes_Rome_Code) return;
              de(r.Numero_Fiche).rome.push(r.Codes_Rome_Code);
              de(r.Numero_Fiche).romeLibelles.push(r.Codes_Rome_Libelle ?? '');
            }),
          '',
        ),
      ],
      [
        'formacode',
        convertisseur(
          FormacodeRow,
          (r) => garder(() => r.Formacode_Code && de(r.Numero_Fiche).formacodes.push(r.Formacode_Code)),
          '',
        ),
      ],
      [
        'ancienne_nouvelle_certification',
        convertisseur(
          AncienneNouvelleRow,
          (r) =>
            garder(() => {
              // Either side may carry the succession: the old fiche its new one, the new fiche its old one.
              for (const n of r.Nouvelle_Certification?.split(/[\s,;|]+/) ?? [])
                if (n) de(r.Numero_Fiche).successeurs.push(n.toUpperCase());
              for (const a of r.Ancienne_Certification?.split(/[\s,;|]+/) ?? [])
                if (a) de(r.Numero_Fiche).predecesseurs.push(a.toUpperCase());
            }),
          '',
        ),
      ],
    ] as const;
    for (const [m, convert] of annexesLues)
      for await (const { ligne, record, fichier } of rows(m)) {
        const lu = convert(record, ligne);
        yield 'rejet' in lu ? { rejet: { ...lu.rejet, fichier } } : lu;
      }
    for await (const { ligne, record, fichier } of rows('certificateurs'))
      yield convertisseur(
        CertificateurRow,
        (r): Lu =>
          r.Siret_Certificateur
            ? {
                faits: [
                  habilitation(
                    r.Numero_Fiche,
                    r.Siret_Certificateur,
                    'certificateur',
                    r.Nom_Certificateur,
                    null,
                  ),
                ],
              }
            : { ignore: true, motif: 'certificateur sans SIRET (membre Certificateurs)' },
        fichier,
      )(record, ligne);
    for await (const { ligne, record, fichier } of rows('partenaires'))
      yield convertisseur(
        PartenaireRow,
        (r): Lu =>
          r.Siret_Partenaire
            ? {
                faits: [
                  habilitation(
                    r.Numero_Fiche,
                    r.Siret_Partenaire,
                    'partenaire',
                    r.Nom_Partenaire,
                    r.Habilitation_Partenaire,
                  ),
                ],
              }
            : { ignore: true, motif: 'partenaire sans SIRET (membre Partenaires)' },
        fichier,
      )(record, ligne);
    const vide: Annexes = ANNEXES_VIDES;
    for await (const { ligne, record, fichier } of rows('standard'))
      yield convertisseur(
        StandardRow,
        (r): Lu => ({ faits: [certificationDeStandard(r, annexes.get(r.Numero_Fiche) ?? vide)] }),
        fichier,
      )(record, ligne);
  } finally {
    zip.close();
  }
}

const ouiNonDe = (n: XNode | undefined) => {
  if (!n) return '';
  // V2/V3: <SI_JURY_CA>Oui</SI_JURY_CA>; V4.x: <SI_JURY_CA><ACTIF>Oui</ACTIF>…</SI_JURY_CA>.
  return n.children.length ? textAt(n, 'ACTIF') : n.text.trim();
};

/** A <FICHE> tree → the flat official record (element names), merging the V2–V4.1 variants. */
export function ficheXmlRecord(f: XNode): Record<string, unknown> {
  const child = (name: string) => f.children.find((c) => c.name === name);
  const codes = (path: string) =>
    nodesAt(f, path)
      .map((n) => textAt(n, 'CODE') || n.text.trim())
      .filter(Boolean);
  return {
    NUMERO_FICHE:
      textAt(f, 'NUMERO_FICHE') || (textAt(f, 'CODE_RNCP') ? `RNCP${textAt(f, 'CODE_RNCP')}` : ''),
    INTITULE: textAt(f, 'INTITULE'),
    ABREGE_CODE: textAt(f, 'ABREGE/CODE') || textAt(f, 'ABREGE_CODE'),
    NIVEAU: textAt(f, 'NOMENCLATURE_EUROPE/NIVEAU') || textAt(f, 'NIVEAU_EUROPE') || textAt(f, 'NIVEAU'),
    ACTIF: textAt(f, 'ACTIF'),
    ETAT_FICHE: textAt(f, 'ETAT_FICHE'),
    TYPE_ENREGISTREMENT: textAt(f, 'TYPE_ENREGISTREMENT'),
    DATE_DECISION: textAt(f, 'DATE_DECISION'),
    DATE_EFFET: textAt(f, 'DATE_EFFET'),
    DATE_FIN_ENREGISTREMENT: textAt(f, 'DATE_FIN_ENREGISTREMENT'),
    SI_JURY_CA: ouiNonDe(child('SI_JURY_CA')),
    CODES_NSF: codes('CODES_NSF/NSF'),
    CODES_ROME: codes('CODES_ROME/ROME'),
    LIBELLES_ROME: nodesAt(f, 'CODES_ROME/ROME')
      .filter((n) => textAt(n, 'CODE') || n.text.trim())
      .map((n) => textAt(n, 'LIBELLE')),
    FORMACODES: codes('FORMACODES/FORMACODE'),
    NOUVELLES_CERTIFICATIONS: [
      ...nodesAt(f, 'NOUVELLE_CERTIFICATION'),
      ...nodesAt(f, 'NOUVELLES_CERTIFICATIONS/NOUVELLE_CERTIFICATION'),
    ]
      .flatMap((n) => n.text.split(/[\s,;|]+/))
      .filter(Boolean),
    ANCIENNES_CERTIFICATIONS: [
      ...nodesAt(f, 'ANCIENNE_CERTIFICATION'),
      ...nodesAt(f, 'ANCIENNES_CERTIFICATIONS/ANCIENNE_CERTIFICATION'),
    ]
      .flatMap((n) => n.text.split(/[\s,;|]+/))
      .filter(Boolean)
      .map((c) => c.toUpperCase()),
    CERTIFICATEURS: nodesAt(f, 'CERTIFICATEURS/CERTIFICATEUR').map((c) => ({
      SIRET_CERTIFICATEUR: textAt(c, 'SIRET_CERTIFICATEUR'),
      NOM_CERTIFICATEUR: textAt(c, 'NOM_CERTIFICATEUR'),
    })),
    PARTENAIRES: nodesAt(f, 'PARTENAIRES/PARTENAIRE').map((p) => ({
      SIRET_PARTENAIRE: textAt(p, 'SIRET_PARTENAIRE'),
      NOM_PARTENAIRE: textAt(p, 'NOM_PARTENAIRE'),
      HABILITATION_PARTENAIRE: textAt(p, 'HABILITATION_PARTENAIRE'),
    })),
  };
}

async function* readXml(open: () => Promise<Readable>, fichier: string): AsyncGenerator<Lu> {
  const convert = convertisseur(FicheXmlRow, (r): Lu => ({ faits: faitsDeFicheXml(r) }), fichier);
  for await (const fiche of xmlRecords(await open(), 'FICHE'))
    yield convert(ficheXmlRecord(fiche), fiche.ligne);
}

export const rncpImporter: Importer = {
  kind: 'rncp',
  libelle: 'export RNCP/RS de France compétences',
  reconnaitre,
  ouvrir(path, _forme, jeu) {
    const fichier = path.split('/').pop()!;
    return {
      tables: ['certification', 'certification_habilitation'],
      lire() {
        if (jeu.format === 'xml') return readXml(async () => createReadStream(path), fichier);
        if (jeu.format === 'zip-xml')
          return (async function* () {
            const zip = await openZip(path);
            try {
              const m = zip.membres.find((x) => x.nom.toLowerCase().endsWith('.xml'))!;
              yield* readXml(() => m.open(), m.nom);
            } finally {
              zip.close();
            }
          })();
        return readZipCsv(path);
      },
    };
  },
};
