import type { FormFields } from '../http/env.ts';

/** One choice of a group: the value sent, its label, and an optional hint under it. */
export type Choice = readonly [value: string, label: string, hint?: string];

const idOf = (name: string, value: string) => `feld-${name}-${value}`.replace(/[^A-Za-z0-9_-]/g, '-');

interface GroupProps {
  legend: string;
  hint?: string;
  /** Tied to the group with aria-describedby; the group is marked as in error. */
  error?: string | undefined;
  choices: readonly Choice[];
}

function Group(props: GroupProps & { name: string; children: unknown }) {
  const hintId = props.hint ? `feld-${props.name}-hinweis` : undefined;
  const errorId = props.error ? `feld-${props.name}-fehler` : undefined;
  return (
    <fieldset
      class={props.error ? 'kern-fieldset kern-fieldset--error' : 'kern-fieldset'}
      aria-describedby={[hintId, errorId].filter(Boolean).join(' ') || undefined}
    >
      <legend class="kern-label">{props.legend}</legend>
      {props.hint && (
        <div class="kern-hint" id={hintId}>
          {props.hint}
        </div>
      )}
      {props.error && (
        <p class="kern-error" id={errorId}>
          <span class="kern-icon kern-icon--danger kern-icon--small" aria-hidden="true" />
          <span class="kern-body">{props.error}</span>
        </p>
      )}
      <div class="kern-fieldset__body">{props.children as never}</div>
    </fieldset>
  );
}

/** One checkbox or radio button with its label and hint (KERN's check: the box, the label, the hint under it). */
function Check(props: {
  type: 'checkbox' | 'radio';
  id: string;
  name: string;
  value: string;
  checked: boolean;
  error: boolean;
  choice: Choice;
}) {
  const [, label, hint] = props.choice;
  const control = `kern-form-check__${props.type}`;
  return (
    <div class="kern-form-check">
      <input
        class={props.error ? `${control} ${control}--error` : control}
        type={props.type}
        id={props.id}
        name={props.name}
        value={props.value}
        checked={props.checked}
        aria-describedby={hint ? `${props.id}-hinweis` : undefined}
      />
      <label class="kern-label" for={props.id}>
        {label}
      </label>
      {hint && (
        <div class="kern-hint app-choice-hint" id={`${props.id}-hinweis`}>
          {hint}
        </div>
      )}
    </div>
  );
}

/**
 * Checkboxes, one field each: `<prefix><value>` is sent as `ja` when ticked (a submitted form keeps one value per
 * name, http/env.ts FormFields). Read them back with `checkedValues`.
 */
export function CheckboxGroup(props: GroupProps & { prefix: string; checked: readonly string[] }) {
  return (
    <Group {...props} name={props.prefix}>
      {props.choices.map((choice) => (
        <Check
          type="checkbox"
          id={idOf(props.prefix, choice[0])}
          name={`${props.prefix}${choice[0]}`}
          value="ja"
          checked={props.checked.includes(choice[0])}
          error={Boolean(props.error)}
          choice={choice}
        />
      ))}
    </Group>
  );
}

/** The values of a CheckboxGroup that were ticked, in the order of `choices`. */
export const checkedValues = (form: FormFields, prefix: string, choices: readonly Choice[]) =>
  choices.map(([value]) => value).filter((value) => form[`${prefix}${value}`] === 'ja');

/** Radio buttons for one field `name`. */
export function RadioGroup(props: GroupProps & { name: string; value: string | undefined }) {
  return (
    <Group {...props}>
      {props.choices.map((choice) => (
        <Check
          type="radio"
          id={idOf(props.name, choice[0])}
          name={props.name}
          value={choice[0]}
          checked={props.value === choice[0]}
          error={Boolean(props.error)}
          choice={choice}
        />
      ))}
    </Group>
  );
}
