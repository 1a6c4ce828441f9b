// Who acts: every service call names its actor; access rules read it.

export const ROLES = ['organisme', 'gestionnaire', 'instructeur', 'admin'] as const;
export type Role = (typeof ROLES)[number];
export const SCOPES = ['read', 'write', 'admin'] as const;
export type Scope = (typeof SCOPES)[number];

export type Acteur =
  | { readonly kind: 'anonyme' }
  | {
      readonly kind: 'utilisateur';
      readonly id: string;
      readonly email: string;
      readonly role: Role;
      readonly siren: string | null;
      readonly region: string | null;
      readonly academie: string | null;
    }
  | {
      readonly kind: 'cle';
      readonly id: string;
      readonly name: string;
      readonly scope: Scope;
      readonly siren: string | null;
    }
  | { readonly kind: 'systeme'; readonly label: string };

/** How the actor is written in history ("who"). */
export function acteurLabel(a: Acteur): string {
  switch (a.kind) {
    case 'anonyme':
      return 'anonyme';
    case 'utilisateur':
      return `utilisateur:${a.email}`;
    case 'cle':
      return `cle:${a.name}`;
    case 'systeme':
      return `systeme:${a.label}`;
  }
}

export const SYSTEME = (label: string): Acteur => ({ kind: 'systeme', label });
