import type { ComponentChildren } from 'preact';
import { erreurChamp } from '../../../domain/erreur-champ.ts';
import { useCadre } from '../cadre.ts';
import { CodeDeLErreur } from '../code-erreur.tsx';
import type { Erreurs } from './formulaire.ts';

// DSFR form fields with label, hint and error message, and the error summary at the top of a
// form (the GOV.UK pattern with DSFR components: each error is a link to its field, and the
// field repeats the message). A field's id is its name, so the summary links `#<name>`.
//
//   <Formulaire action="/x" erreurs={erreurs}>
//     <ChampTexte name="intitule" label="Intitulé" hint="300 caractères au plus" valeur={v.intitule} erreurs={erreurs} />
//     <Boutons><button class="fr-btn" type="submit">Enregistrer la session</button></Boutons>
//   </Formulaire>

/** The hidden CSRF field every POST form carries (Formulaire adds it). */
export function CsrfInput() {
  return <input type="hidden" name="_csrf" value={useCadre().csrf()} />;
}

/** A POST form with its CSRF token and, when there are errors, the summary at its top. */
export function Formulaire({
  action,
  erreurs = [],
  children,
  id,
  enctype,
}: {
  action: string;
  erreurs?: Erreurs;
  children: ComponentChildren;
  id?: string;
  enctype?: 'multipart/form-data';
}) {
  return (
    <form method="post" action={action} id={id} enctype={enctype} novalidate>
      <CsrfInput />
      <ResumeErreurs erreurs={erreurs} />
      {children}
    </form>
  );
}

/**
 * "Le formulaire contient N erreurs", each a link to its field. Renders nothing without errors.
 * The page that shows it opens with the focus on it (`autofocus`, no script): a keyboard or
 * screen-reader user starts from the errors, as the DSFR and RGAA ask.
 */
export function ResumeErreurs({ erreurs }: { erreurs: Erreurs }) {
  if (!erreurs.length) return null;
  return (
    // biome-ignore lint/a11y/noAutofocus: the focus moves to the error summary of a refused form (RGAA 11.10)
    <div class="fr-alert fr-alert--error fr-mb-4w" role="alert" id="resume-erreurs" tabIndex={-1} autoFocus>
      <h2 class="fr-alert__title">
        {erreurs.length === 1
          ? 'Le formulaire contient une erreur'
          : `Le formulaire contient ${erreurs.length} erreurs`}
      </h2>
      <ul>
        {erreurs.map((e) => (
          <li key={`${e.champ}-${e.message}`}>
            <a href={`#${e.champ}`}>{e.message}</a>
            {e.code && <CodeDeLErreur code={e.code} />}
          </li>
        ))}
      </ul>
    </div>
  );
}

interface ChampProps {
  readonly name: string;
  /** The field's id when it differs from its name (several forms on one page); errors name it. */
  readonly id?: string;
  readonly label: string;
  readonly hint?: ComponentChildren;
  readonly erreurs?: Erreurs;
  readonly requis?: boolean;
  /** Required for some choices only (the label says which): no `required`, no « (facultatif) ». */
  readonly conditionnel?: boolean;
}

const messagesId = (name: string) => `${name}-messages`;

function Messages({ name, erreur }: { name: string; erreur?: string }) {
  return (
    <div class="fr-messages-group" id={messagesId(name)} aria-live="polite">
      {erreur && (
        <p class="fr-message fr-message--error" id={`${name}-erreur`}>
          {erreur}
        </p>
      )}
    </div>
  );
}

function Label({
  name,
  label,
  hint,
  requis,
  conditionnel,
  classe = 'fr-label',
}: ChampProps & { classe?: string }) {
  return (
    <label class={classe} for={name}>
      {label}
      {requis === false && !conditionnel ? ' (facultatif)' : ''}
      {hint && <span class="fr-hint-text">{hint}</span>}
    </label>
  );
}

/**
 * The errors of field `name` as it says them under itself: each « Libellé : problème. » — an error
 * that gives its problem alone (`probleme`: a forbidden character the door took out, whichever form
 * it came from) is said after the field's own `label`, as every other field error of every form.
 */
const erreurDe = (erreurs: Erreurs | undefined, name: string, label: string) =>
  erreurs
    ?.filter((e) => e.champ === name)
    .map((e) =>
      e.probleme && !e.message.startsWith(`${label} : `) ? erreurChamp(label, e.probleme) : e.message,
    )
    .join(' ') || undefined;

/** A one-line input (text, e-mail, tel, number…). */
export function ChampTexte(
  props: ChampProps & {
    readonly valeur?: string | null;
    readonly type?: 'text' | 'email' | 'tel' | 'number' | 'url' | 'date';
    readonly autocomplete?: string;
    readonly inputMode?: 'numeric' | 'text' | 'email' | 'tel';
    /** Shown and sent but not editable (a value that can no longer change: say why in `hint`). */
    readonly lectureSeule?: boolean;
  },
) {
  const id = props.id ?? props.name;
  const erreur = erreurDe(props.erreurs, id, props.label);
  return (
    <div class={`fr-input-group${erreur ? ' fr-input-group--error' : ''}`}>
      <Label {...props} name={id} />
      <input
        class={`fr-input${erreur ? ' fr-input--error' : ''}`}
        type={(props.type ?? 'text') as 'text'}
        id={id}
        name={props.name}
        value={props.valeur ?? ''}
        autocomplete={props.autocomplete}
        inputMode={props.inputMode}
        readOnly={props.lectureSeule}
        required={props.requis !== false && !props.conditionnel}
        aria-invalid={erreur ? 'true' : undefined}
        aria-describedby={messagesId(id)}
      />
      <Messages name={id} erreur={erreur} />
    </div>
  );
}

/** A multi-line input. */
export function ChampZoneTexte(
  props: ChampProps & {
    readonly valeur?: string | null;
    readonly lignes?: number;
  },
) {
  const id = props.id ?? props.name;
  const erreur = erreurDe(props.erreurs, id, props.label);
  return (
    <div class={`fr-input-group${erreur ? ' fr-input-group--error' : ''}`}>
      <Label {...props} name={id} />
      <textarea
        class={`fr-input${erreur ? ' fr-input--error' : ''}`}
        id={id}
        name={props.name}
        rows={props.lignes ?? 4}
        required={props.requis !== false && !props.conditionnel}
        aria-invalid={erreur ? 'true' : undefined}
        aria-describedby={messagesId(id)}
      >
        {props.valeur ?? ''}
      </textarea>
      <Messages name={id} erreur={erreur} />
    </div>
  );
}

/** The DSFR password field ("Afficher" works with JavaScript; without it the field still works). */
export function ChampMotDePasse(
  props: ChampProps & { readonly autocomplete: 'current-password' | 'new-password' },
) {
  const id = props.id ?? props.name;
  const erreur = erreurDe(props.erreurs, id, props.label);
  return (
    <div class={`fr-password fr-mb-3w${erreur ? ' fr-input-group--error' : ''}`} id={`${id}-groupe`}>
      <Label {...props} name={id} classe="fr-password__label fr-label" />
      <div class="fr-input-wrap">
        <input
          class={`fr-password__input fr-input${erreur ? ' fr-input--error' : ''}`}
          type="password"
          id={id}
          name={props.name}
          autocomplete={props.autocomplete}
          autocapitalize="off"
          autocorrect="off"
          required={props.requis !== false && !props.conditionnel}
          aria-invalid={erreur ? 'true' : undefined}
          aria-describedby={messagesId(id)}
        />
      </div>
      <Messages name={id} erreur={erreur} />
      <div class="fr-password__checkbox fr-checkbox-group fr-checkbox-group--sm">
        <input aria-label="Afficher le mot de passe" id={`${id}-afficher`} type="checkbox" />
        <label class="fr--password__checkbox fr-label" for={`${id}-afficher`}>
          Afficher
        </label>
      </div>
    </div>
  );
}

/** A select among options (`[value, label]`), with an empty "Sélectionnez…" first unless one of them is empty. */
export function ChampSelect(
  props: ChampProps & {
    readonly options: readonly (readonly [string, string])[];
    readonly valeur?: string | null;
  },
) {
  const id = props.id ?? props.name;
  const erreur = erreurDe(props.erreurs, id, props.label);
  return (
    <div class={`fr-select-group${erreur ? ' fr-select-group--error' : ''}`}>
      <Label {...props} name={id} />
      <select
        class={`fr-select${erreur ? ' fr-select--error' : ''}`}
        id={id}
        name={props.name}
        required={props.requis !== false && !props.conditionnel}
        aria-invalid={erreur ? 'true' : undefined}
        aria-describedby={messagesId(id)}
      >
        {/* The placeholder, unless the options have their own empty choice (« Tous les événements »). */}
        {!props.options.some(([v]) => v === '') && (
          <option value="" selected={!props.valeur}>
            Sélectionnez une option
          </option>
        )}
        {props.options.map(([v, l]) => (
          <option key={v} value={v} selected={v === props.valeur}>
            {l}
          </option>
        ))}
      </select>
      <Messages name={id} erreur={erreur} />
    </div>
  );
}

/**
 * Checkboxes for a list of values (`[value, label]`), all named `name` (the form sends one entry
 * per ticked box): a DSFR fieldset whose id is `name`, so that the error summary links to it.
 */
export function ChampCases(
  props: ChampProps & {
    readonly options: readonly (readonly [string, string])[];
    readonly valeurs: readonly string[];
  },
) {
  const id = props.id ?? props.name;
  const erreur = erreurDe(props.erreurs, id, props.label);
  return (
    <fieldset
      class={`fr-fieldset${erreur ? ' fr-fieldset--error' : ''}`}
      id={id}
      aria-labelledby={`${id}-legende ${messagesId(id)}`}
    >
      <legend class="fr-fieldset__legend--regular fr-fieldset__legend" id={`${id}-legende`}>
        {props.label}
        {props.requis === false ? ' (facultatif)' : ''}
        {props.hint && <span class="fr-hint-text">{props.hint}</span>}
      </legend>
      {props.options.map(([v, l]) => (
        <div class="fr-fieldset__element" key={v}>
          <div class="fr-checkbox-group">
            <input
              type="checkbox"
              id={`${id}-${v}`}
              name={props.name}
              value={v}
              checked={props.valeurs.includes(v)}
            />
            <label class="fr-label" for={`${id}-${v}`}>
              {l}
            </label>
          </div>
        </div>
      ))}
      <Messages name={id} erreur={erreur} />
    </fieldset>
  );
}

/** The form's buttons, in a DSFR buttons group. */
/**
 * The « I confirm » checkbox of a fieldset that asks a confirmation before an action (value
 * `oui` under `nom`), with the fieldset's error under it: the validation that takes an offer out
 * of diffusion, a reference file applied in spite of its warnings.
 */
export function CaseConfirmation({
  nom,
  erreur,
  children,
}: {
  nom: string;
  erreur: string | undefined;
  children: ComponentChildren;
}) {
  return (
    <>
      <div class="fr-fieldset__element">
        <div class="fr-checkbox-group">
          <input type="checkbox" id={nom} name={nom} value="oui" />
          <label class="fr-label" for={nom}>
            {children}
          </label>
        </div>
      </div>
      {erreur && (
        <div class="fr-messages-group">
          <p class="fr-message fr-message--error">{erreur}</p>
        </div>
      )}
    </>
  );
}

/**
 * A form's buttons. `fr-btns-group--icon-left`: in a group without it, the design system shows a
 * button with an icon as the icon alone, its text cut to 40 px (« Télécharger le classeur (.xlsx) »
 * was a bare download icon); buttons without an icon are unaffected.
 */
export function Boutons({ children }: { children: ComponentChildren }) {
  return (
    <div class="fr-btns-group fr-btns-group--inline-md fr-btns-group--icon-left fr-mt-4w">{children}</div>
  );
}
