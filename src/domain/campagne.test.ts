import { describe, expect, it } from 'vitest';
import {
  type Calendrier,
  CHAMPS_NATIONAUX,
  CHAMPS_REGIONAUX,
  campagneDefaults,
  datesPropresRegion,
  echeancesAVenir,
  fermeturePlateforme,
  originesCalendrier,
  validateCalendrier,
} from './campagne.ts';
import { readJour } from './dates.ts';
import { appliquer, etatInitial, recalculer } from './plateforme.ts';

const cal = (over: Partial<Calendrier> = {}): Calendrier => ({
  ...campagneDefaults(2027),
  courante: true,
  region: null,
  origines: originesCalendrier(undefined, null),
  version: 'v',
  ...over,
});

describe('campaign calendar', () => {
  it('reads JJ/MM/AAAA and AAAA-MM-JJ, refuses days that do not exist', () => {
    expect(readJour('30/11/2026')).toBe('2026-11-30');
    expect(readJour(' 2026-11-30 ')).toBe('2026-11-30');
    expect(readJour('31/11/2026')).toBeNull();
    expect(readJour('2026-02-29')).toBeNull();
    expect(readJour('demain')).toBeNull();
  });

  it('validates each field and the order of dates, naming the field in French', () => {
    const ok = validateCalendrier(cal(), CHAMPS_REGIONAUX, {
      ouverture_collecte: '01/09/2026',
      retour_attendu: '2026-11-15',
      transmission_catalogue: '',
    });
    expect(ok).toEqual({
      ok: true,
      dates: { ouverture_collecte: '2026-09-01', retour_attendu: '2026-11-15', transmission_catalogue: null },
    });
    const ko = validateCalendrier(cal(), CHAMPS_REGIONAUX, {
      ouverture_collecte: '31/09/2026',
      retour_attendu: 'fin novembre',
    });
    expect(ko.ok).toBe(false);
    if (ko.ok) return;
    expect(ko.erreurs.map((e) => [e.code, e.details.champ])).toEqual([
      ['CALENDRIER_INVALIDE', 'ouverture_collecte'],
      ['CALENDRIER_INVALIDE', 'retour_attendu'],
    ]);
    expect(ko.erreurs[0]!.message).toBe(
      'Ouverture de la collecte : « 31/09/2026 » n’est pas une date du calendrier (JJ/MM/AAAA).',
    );
    // Returns due before the collection opens: the later field carries the message.
    const ordre = validateCalendrier(cal(), CHAMPS_REGIONAUX, {
      ouverture_collecte: '2026-10-01',
      retour_attendu: '2026-09-30',
      transmission_catalogue: '2026-12-15',
    });
    expect(ordre.ok ? [] : ordre.erreurs.map((e) => [e.details.champ, e.message])).toEqual([
      [
        'retour_attendu',
        'Retour des classeurs attendu (30 septembre 2026) doit venir après ouverture de la collecte (1er octobre 2026).',
      ],
    ]);
    // The session window is required; a national check against the rest of the calendar.
    const national = validateCalendrier(cal(), CHAMPS_NATIONAUX, {
      fermeture_affelnet: '2027-01-31',
      ouverture_parcoursup: '2027-09-20',
      fermeture_parcoursup: '2027-09-15',
      fenetre_debut: '',
      fenetre_fin: '2028-07-31',
    });
    // Every problem in one send, in the form's order: Parcoursup's closing before its opening with
    // the missing window start (the order used to wait for every date to be read).
    expect(national.ok ? [] : national.erreurs.map((e) => e.details.champ)).toEqual([
      'fermeture_parcoursup',
      'fenetre_debut',
    ]);
  });

  it('reports a date that is none and the order of the others at once, a refused date read as the one in place', () => {
    const v = validateCalendrier(cal(), CHAMPS_REGIONAUX, {
      ouverture_collecte: '2027-13-45',
      retour_attendu: '2026-11-15',
      transmission_catalogue: '2026-10-01',
    });
    expect(v.ok ? [] : v.erreurs.map((e) => [e.details.champ, e.message])).toEqual([
      [
        'ouverture_collecte',
        'Ouverture de la collecte : « 2027-13-45 » n’est pas une date du calendrier (JJ/MM/AAAA).',
      ],
      [
        'transmission_catalogue',
        'Transmission au catalogue national (1er octobre 2026) doit venir après retour des classeurs attendu (15 novembre 2026).',
      ],
    ]);
    // The date typed next to a refused one is judged against the date in place (15 September 2026):
    // the person learns of both problems in one send (fresh user's report, 392e0e1f).
    const avant = validateCalendrier(cal(), CHAMPS_REGIONAUX, {
      ouverture_collecte: '2027-13-45',
      retour_attendu: '2026-01-01',
      transmission_catalogue: '2026-12-15',
    });
    expect(avant.ok ? [] : avant.erreurs.map((e) => [e.details.champ, e.message])).toEqual([
      [
        'ouverture_collecte',
        'Ouverture de la collecte : « 2027-13-45 » n’est pas une date du calendrier (JJ/MM/AAAA).',
      ],
      [
        'retour_attendu',
        'Retour des classeurs attendu (1er janvier 2026) doit venir après ouverture de la collecte (15 septembre 2026, date en vigueur : celle saisie est refusée).',
      ],
    ]);
    // Two refused dates of a pair: nothing to compare.
    const deux = validateCalendrier(cal(), CHAMPS_REGIONAUX, {
      ouverture_collecte: '2027-13-45',
      retour_attendu: '31/11/2026',
      transmission_catalogue: '2026-12-15',
    });
    expect(deux.ok ? [] : deux.erreurs.map((e) => e.details.champ)).toEqual([
      'ouverture_collecte',
      'retour_attendu',
    ]);
  });

  it('lists the deadlines ahead, soonest first, with the days left', () => {
    const e = echeancesAVenir(cal({ retour_attendu: '2026-11-30' }), '2026-11-28');
    expect(e.map((x) => [x.champ, x.date, x.jours])).toEqual([
      ['retour_attendu', '2026-11-30', 2],
      ['transmission_catalogue', '2026-12-15', 17],
      ['ouverture_parcoursup', '2027-01-15', 48],
      ['fermeture_affelnet', '2027-01-31', 64],
      ['fermeture_parcoursup', '2027-09-15', 291],
    ]);
    expect(echeancesAVenir(cal(), '2027-09-16')).toEqual([]);
  });
});

describe('a région’s own collection dates', () => {
  const nationales = {
    ouverture_collecte: '2026-09-15',
    retour_attendu: '2026-11-30',
    transmission_catalogue: '2026-12-15',
  };
  it('keeps national a date saved equal to the national one the région had not set', () => {
    expect(datesPropresRegion(nationales, nationales, undefined)).toEqual({
      ouverture_collecte: null,
      retour_attendu: null,
      transmission_catalogue: null,
    });
  });
  it('makes a different date the région’s; keeps the région’s own even when equal to the national', () => {
    const propres = { ouverture_collecte: '2026-09-15', retour_attendu: null, transmission_catalogue: null };
    expect(datesPropresRegion({ ...nationales, retour_attendu: '2026-12-05' }, nationales, propres)).toEqual({
      ouverture_collecte: '2026-09-15',
      retour_attendu: '2026-12-05',
      transmission_catalogue: null,
    });
  });
  it('an empty date follows the national one again', () => {
    const propres = {
      ouverture_collecte: '2026-09-01',
      retour_attendu: '2026-12-05',
      transmission_catalogue: null,
    };
    expect(
      datesPropresRegion(
        { ...nationales, ouverture_collecte: null, retour_attendu: null },
        nationales,
        propres,
      ),
    ).toEqual({ ouverture_collecte: null, retour_attendu: null, transmission_catalogue: null });
  });
  it('keeps a date equal to the national one as the région’s when the région says so (pinned)', () => {
    // The région pins the national date of the moment: it no longer follows a national change.
    expect(datesPropresRegion(nationales, nationales, undefined, { ouverture_collecte: 'region' })).toEqual({
      ouverture_collecte: '2026-09-15',
      retour_attendu: null,
      transmission_catalogue: null,
    });
    // « nationale » for a date equal to the national one: back to following it, even if pinned.
    const propres = {
      ouverture_collecte: '2026-09-15',
      retour_attendu: '2026-11-30',
      transmission_catalogue: null,
    };
    expect(datesPropresRegion(nationales, nationales, propres, { ouverture_collecte: 'nationale' })).toEqual({
      ouverture_collecte: null,
      retour_attendu: '2026-11-30',
      transmission_catalogue: null,
    });
    // A different date is the région’s whatever its stated origin; an empty one is national.
    expect(
      datesPropresRegion(
        { ...nationales, retour_attendu: '2026-12-05', transmission_catalogue: null },
        nationales,
        undefined,
        { retour_attendu: 'nationale', transmission_catalogue: 'region' },
      ),
    ).toEqual({ ouverture_collecte: null, retour_attendu: '2026-12-05', transmission_catalogue: null });
  });
  it('gives each date of a calendar its origin; a national calendar’s are all national', () => {
    expect(originesCalendrier({ ouverture_collecte: '2026-09-01', retour_attendu: null }, '52')).toEqual({
      ouverture_collecte: 'region',
      retour_attendu: 'nationale',
      transmission_catalogue: 'nationale',
      fermeture_affelnet: 'nationale',
      ouverture_parcoursup: 'nationale',
      fermeture_parcoursup: 'nationale',
      fenetre_debut: 'nationale',
      fenetre_fin: 'nationale',
    });
    expect(Object.values(originesCalendrier(undefined, null))).toEqual(Array(8).fill('nationale'));
  });
});

describe('Affelnet closing enforced', () => {
  const c = cal({ fermeture_affelnet: '2027-01-31' });
  it('is open until the closing day included, closed the day after, for Affelnet only', () => {
    expect(fermeturePlateforme(c, 'affelnet', '2027-01-31')).toBeNull();
    expect(fermeturePlateforme(c, 'parcoursup', '2027-02-01')).toBeNull();
    expect(fermeturePlateforme({ ...c, fermeture_affelnet: null }, 'affelnet', '2027-06-01')).toBeNull();
    expect(fermeturePlateforme(c, 'affelnet', '2027-02-01')).toBe(
      'Affelnet est fermé pour la campagne Rentrée 2027 depuis le 31 janvier 2027 : aucune offre ne peut plus devenir « Prêt pour intégration » pour Affelnet cette campagne.',
    );
  });

  it('refuses « publier » and the yearly renewal once closed; keeps what was already ready', () => {
    const raison = fermeturePlateforme(c, 'affelnet', '2027-02-01');
    const eligible = { eligible: true, statutScope: 'a_publier' };
    const aPublier = recalculer(null, eligible, 2027, raison);
    expect(aPublier.statut).toBe('a_publier');
    expect(() => appliquer('affelnet', aPublier, { type: 'publier' }, 2027, raison)).toThrow(
      expect.objectContaining({ code: 'PLATEFORME_FERMEE', status: 409, message: raison }),
    );
    expect(appliquer('affelnet', aPublier, { type: 'publier' }, 2027, null).statut).toBe(
      'pret_pour_integration',
    );
    // Published last campaign: renewed as ready while open, left « à publier » once closed.
    const publie = { ...etatInitial(2026), statut: 'publie' as const, publie_annee: 2026 };
    expect(recalculer(publie, eligible, 2027, null).statut).toBe('pret_pour_integration');
    expect(recalculer(publie, eligible, 2027, raison).statut).toBe('a_publier');
    // Already ready this campaign before the closing: kept (the platform may still have it).
    const pret = { ...etatInitial(2027), statut: 'pret_pour_integration' as const };
    expect(recalculer(pret, eligible, 2027, raison).statut).toBe('pret_pour_integration');
  });
});
