import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  acteurAudit,
  CODES_FRAMEWORK_AUDITES,
  checkFiltreAudit,
  detailsLisibles,
  detailsSansSecret,
  isEvenementSecurite,
  ligneAudit,
  sansSecret,
} from './audit.ts';
import { ERREURS } from './errors.catalogue.ts';

const CLE = 'offre_Zm9vYmFyYmF6cXV4MTIzNDU2Nzg5MGFiY2RlZmdoaWprbG1u';

describe('audit: no secret stored', () => {
  it('cuts an API key to its prefix wherever it appears', () => {
    expect(sansSecret(`Bearer ${CLE} refusée`)).toBe('Bearer offre_Zm9vYm… refusée');
    expect(JSON.stringify(detailsSansSecret({ a: [{ b: CLE }], n: 3 }))).not.toContain(CLE);
  });
  it('bounds the length', () => {
    expect(sansSecret('x'.repeat(1000))).toHaveLength(300);
  });
  it('knows its events', () => {
    expect(isEvenementSecurite('connexion_echouee')).toBe(true);
    expect(isEvenementSecurite('toString')).toBe(false);
  });
});

describe('detailsLisibles', () => {
  it('shows a technical error code in French words, other details as they are', () => {
    const t = detailsLisibles({ code: 'FST_CSRF_INVALID_TOKEN', genre: 'lecture', vide: null });
    expect(t).not.toContain('FST_');
    expect(t).toBe(
      'code : jeton de sécurité du formulaire invalide (page expirée ou envoi d’ailleurs) ; genre : lecture',
    );
    // An Offre code by its stable name then its label, on the page as in the CLI (07/12).
    expect(detailsLisibles({ code: 'ACCES_REFUSE' })).toBe('code : ACCES_REFUSE (Accès refusé)');
  });

  it('says which sign-in counter refused a lockout (limite_depassee), in words', () => {
    expect(detailsLisibles({ compteur: 'connexion_compte_ip', limite: 5, fenetre_s: 900 })).toBe(
      'compteur : connexions échouées à ce compte depuis cette adresse ; limite : 5 ; fenêtre (secondes) : 900',
    );
    for (const c of ['connexion_compte', 'connexion_ip', 'inscription_ip', 'reinitialisation_ip'])
      expect(detailsLisibles({ compteur: c })).not.toContain('_');
  });

  // The journal records the code of every refusal answered 403 (http/plugins/audit.plugin.ts:
  // `details.code` = the thrown error's code): any code of the catalogue (a refusal may answer 403
  // whatever its usual status), and the framework's CSRF codes (http/errors.handler.ts). Each must
  // read in French, never as its bare code.
  it('gives every code the journal can record a French label', () => {
    const codes = [...Object.keys(ERREURS), ...CODES_FRAMEWORK_AUDITES];
    const sansLibelle = codes.filter((code) => {
      const lu = detailsLisibles({ code }).replace(/^code : /, '');
      const mot = lu.replace(new RegExp(`^${code} \\((.*)\\)$`), '$1');
      return mot.includes(code) || !/[a-zé]/.test(mot);
    });
    expect(sansLibelle).toEqual([]);
  });

  it('every framework code the error handler answers 403 is one the journal labels', () => {
    const handler = readFileSync(new URL('../http/errors.handler.ts', import.meta.url), 'utf8');
    const csrf = [...handler.matchAll(/'(FST_CSRF_[A-Z_]+)'/g)].map((m) => m[1]);
    expect(csrf.length).toBeGreaterThan(0);
    for (const c of csrf) expect(CODES_FRAMEWORK_AUDITES).toContain(c);
  });
});

describe('the journal in French (a fresh user’s report, 04/12)', () => {
  it('names the details in French, never a key nor a JSON dump', () => {
    expect(detailsLisibles({ role: 'organisme', email: 'a@cfa.fr' })).toBe(
      'rôle : organisme ; courriel : a@cfa.fr',
    );
    expect(detailsLisibles({ motif: 'mot_de_passe' })).toBe('motif : mot de passe erroné');
    expect(
      detailsLisibles({
        avant: { role: 'gestionnaire', regions: ['11'], academies: [] },
        apres: { role: 'instructeur', regions: [], academies: ['10'] },
      }),
    ).toBe('avant : rôle gestionnaire, régions 11 ; après : rôle instructeur, académies 10');
    expect(detailsLisibles({ name: 'ERP', scope: 'read', quota_lecture: 5000 })).toBe(
      'nom : ERP ; portée : lecture ; quota de lectures : 5000',
    );
    expect(detailsLisibles({ champ_inconnu: 'x' })).toBe('détail : x');
  });

  it('names the actor as a person reads it', () => {
    expect(acteurAudit('utilisateur:gestion@carif.example')).toBe('gestion@carif.example');
    expect(acteurAudit('systeme:cli')).toBe('ligne de commande');
    expect(acteurAudit('cle:SI Parcoursup')).toBe('clé d’API « SI Parcoursup »');
    expect(acteurAudit(null)).toBe('–');
  });

  it('writes a line of `offre audit list`: date in words (Paris), event label, actor, address, target, details', () => {
    expect(
      ligneAudit({
        at: '2026-12-04T05:00:54.271Z',
        evenement: 'compte_cree',
        acteur: 'systeme:cli',
        ip: null,
        cible: 'a@cfa.fr',
        details: { role: 'organisme', email: 'a@cfa.fr' },
      }),
    ).toBe(
      '4 décembre 2026 à 06:00  Compte créé  ligne de commande  –  a@cfa.fr  rôle : organisme ; courriel : a@cfa.fr',
    );
  });

  // A fresh user's report (06/12, L3): `offre audit list` printed « code : Accès refusé », a label,
  // where an operator looks for the stable code the API answered (ACCES_REFUSE).
  it('names a refusal by its stable code, then its label; a framework code by its label only', () => {
    const refus = (code: string) =>
      ligneAudit({
        at: '2026-12-04T05:00:54.271Z',
        evenement: 'acces_refuse',
        acteur: 'utilisateur:g@carif.example',
        ip: '10.0.0.1',
        cible: 'GET /gestion/formations/F-1',
        details: { code },
      });
    expect(refus('ACCES_REFUSE')).toMatch(/ {2}code : ACCES_REFUSE \(Accès refusé\)$/);
    expect(refus('FST_CSRF_INVALID_TOKEN')).toMatch(/ {2}code : jeton de sécurité du formulaire invalide/);
    expect(refus('FST_CSRF_INVALID_TOKEN')).not.toContain('FST_');
  });
});

describe('checkFiltreAudit', () => {
  it('reads the days (ISO or JJ/MM/AAAA) and accepts the same day on both sides, IPv4 and IPv6', () => {
    expect(checkFiltreAudit({ du: '01/12/2026', au: '2026-12-01', ip: '::ffff:10.0.0.1' })).toEqual({
      erreurs: [],
      du: '2026-12-01',
      au: '2026-12-01',
    });
    expect(checkFiltreAudit({ ip: '192.0.2.10' }).erreurs).toEqual([]);
  });
  it('refuses « au » before « du » on « au », a malformed IP on « ip », every error at once', () => {
    expect(checkFiltreAudit({ du: '2026-12-04', au: '2026-12-01', ip: '10.2.0' }).erreurs).toEqual([
      {
        champ: 'au',
        message:
          'La date « Au » (1er décembre 2026) est avant la date « Du » (4 décembre 2026) : donnez une date « Au » égale ou postérieure.',
      },
      {
        champ: 'ip',
        message:
          'Adresse IP « 10.2.0 » : ni une adresse IPv4 (ex. 192.0.2.10) ni une adresse IPv6 (ex. 2001:db8::1).',
      },
    ]);
    expect(checkFiltreAudit({ du: '31/02/2026' }).erreurs.map((e) => e.champ)).toEqual(['du']);
  });
  it('names the command line’s options when given them (`offre audit list`), never « Du » / « Au »', () => {
    const options = { evenement: '--evenement', du: '--from', au: '--to', ip: '--ip' };
    expect(
      checkFiltreAudit({ du: '2026-12-04', au: '2026-12-01', ip: '10.2.0' }, options).erreurs.map(
        (e) => e.message,
      ),
    ).toEqual([
      'La date de --to (1er décembre 2026) est avant celle de --from (4 décembre 2026) : donnez à --to une date égale ou postérieure.',
      '--ip « 10.2.0 » : ni une adresse IPv4 (ex. 192.0.2.10) ni une adresse IPv6 (ex. 2001:db8::1).',
    ]);
    expect(checkFiltreAudit({ du: '31/02/2026' }, options).erreurs.map((e) => e.message)).toEqual([
      '--from « 31/02/2026 » : pas une date du calendrier (AAAA-MM-JJ attendu).',
    ]);
  });
});
