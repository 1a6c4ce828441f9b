import { describe, expect, it } from 'vitest';
import { estVisible, isValidateur, peutEcrire, visibiliteOf } from './acces.ts';
import type { Acteur } from './acteur.ts';

const cle = (scope: 'read' | 'write' | 'admin', siren: string | null = null): Acteur => ({
  kind: 'cle',
  id: 'k',
  name: 'k',
  scope,
  siren,
});
const user = (
  role: 'organisme' | 'gestionnaire' | 'instructeur' | 'admin',
  extra: { siren?: string; region?: string } = {},
): Acteur => ({
  kind: 'utilisateur',
  id: 'u',
  email: 'u@x.fr',
  role,
  siren: extra.siren ?? null,
  region: extra.region ?? null,
  academie: null,
});
const draftOf = (siren: string, regions: string[] = []) => ({
  siren_proprietaire: siren,
  statut: 'brouillon',
  catalogue: null,
  regions,
});
const diffusee = { siren_proprietaire: '111111111', statut: 'publiee', catalogue: 'general' };

describe('visibility and write rights (docs/contrat.md)', () => {
  it('shows diffused offers to everyone, own drafts to a bound key, everything to admin', () => {
    for (const a of [
      { kind: 'anonyme' } as Acteur,
      cle('read'),
      cle('write', '222222222'),
      user('instructeur'),
    ]) {
      expect(estVisible(visibiliteOf(a), diffusee)).toBe(true);
      expect(estVisible(visibiliteOf(a), draftOf('111111111'))).toBe(false);
    }
    expect(estVisible(visibiliteOf(cle('write', '111111111')), draftOf('111111111'))).toBe(true);
    expect(estVisible(visibiliteOf(user('organisme', { siren: '111111111' })), draftOf('111111111'))).toBe(
      true,
    );
    expect(estVisible(visibiliteOf(user('gestionnaire', { region: '84' })), draftOf('1', ['84']))).toBe(true);
    expect(estVisible(visibiliteOf(user('gestionnaire', { region: '84' })), draftOf('1', ['11']))).toBe(
      false,
    );
    expect(estVisible(visibiliteOf(cle('admin')), { ...diffusee, catalogue: 'non_reglementaire' })).toBe(
      true,
    );
    expect(estVisible(visibiliteOf(cle('read')), { ...diffusee, catalogue: 'non_reglementaire' })).toBe(
      false,
    );
  });

  it('lets a bound actor write its own SIREN only; validators write all; read keys nothing', () => {
    expect(peutEcrire(cle('write', '111111111'), '111111111')).toBe(true);
    expect(peutEcrire(cle('write', '111111111'), '222222222')).toBe(false);
    expect(peutEcrire(cle('read'), '111111111')).toBe(false);
    expect(peutEcrire({ kind: 'anonyme' }, '111111111')).toBe(false);
    expect(peutEcrire(cle('admin'), '222222222')).toBe(true);
    expect([cle('admin'), user('gestionnaire'), user('admin')].every(isValidateur)).toBe(true);
    expect([cle('write', '1'), user('organisme'), user('instructeur')].some(isValidateur)).toBe(false);
  });
});
