// The Leitweg-ID, checked as it is typed (Kunden screen). The same rule as the invoicing service
// (services/invoicing/src/domain/leitweg-id.ts; KoSIT "Formatspezifikation Leitweg-ID" 2.0): a coarse part of
// 2-12 digits, an optional fine part of up to 30 letters or digits, and two check digits, joined by hyphens.
// The check digits are ISO 7064 Mod 97-10 over coarse and fine part, letters as A=10 ... Z=35 (as in IBAN).
// The server checks again: this only tells people early. No build step: the browser loads this file as it is.

const SHAPE = /^(\d{2,12})(?:-([A-Z0-9]{1,30}))?-(\d{2})$/i;
const CHARACTERS = /^[A-Z0-9-]*$/i;

/** The two check digits of a Leitweg-ID's coarse and fine part (ISO 7064 Mod 97-10). */
export function checkDigits(body) {
  const digits = [...body.toUpperCase()].map((ch) => (/\d/.test(ch) ? ch : String(ch.charCodeAt(0) - 55))).join('');
  let remainder = 0;
  for (const digit of `${digits}00`) remainder = (remainder * 10 + Number(digit)) % 97;
  return String(98 - remainder).padStart(2, '0');
}

export const MESSAGES = {
  characters: 'Die Leitweg-ID darf nur Ziffern, Buchstaben und Bindestriche enthalten.',
  shape:
    'Die Leitweg-ID hat nicht das richtige Format: 2 bis 12 Ziffern, wenn nötig eine Feinadressierung und zwei Prüfziffern, mit Bindestrichen getrennt (zum Beispiel 03403000-57).',
  checkDigits:
    'Die Prüfziffern (die letzten zwei Ziffern) passen nicht zum Rest der Leitweg-ID. Bitte vergleichen Sie sie mit der Angabe der Kommune.',
};

/** What is wrong with a Leitweg-ID (a German sentence), or null when it is valid. Empty is not checked here. */
export function leitwegIdProblem(value) {
  const id = value.trim();
  if (!CHARACTERS.test(id)) return MESSAGES.characters;
  const match = SHAPE.exec(id);
  if (!match) return MESSAGES.shape;
  const [, coarse, fine = '', check] = match;
  return checkDigits(`${coarse}${fine}`) === check ? null : MESSAGES.checkDigits;
}

/** Could the person still be typing? Then only wrong characters are reported, the rest when it looks complete or on leaving the field. */
const looksComplete = (value) => /-\d{2}$/.test(value.trim());

/** Ties the check to every `input[data-leitweg-id]`: the message goes into the field's live region (`data-leitweg-id` names its id). */
function wire(input) {
  const region = document.getElementById(input.dataset.leitwegId);
  const frame = input.closest('.kern-form-input');
  if (!region) return;
  const show = (problem) => {
    region.replaceChildren();
    if (problem) input.setAttribute('aria-invalid', 'true');
    else input.removeAttribute('aria-invalid');
    input.classList.toggle('kern-form-input__input--error', Boolean(problem));
    frame?.classList.toggle('kern-form-input--error', Boolean(problem));
    if (!problem) return;
    const p = document.createElement('p');
    p.className = 'kern-error';
    const icon = document.createElement('span');
    icon.className = 'kern-icon kern-icon--danger kern-icon--small';
    icon.setAttribute('aria-hidden', 'true');
    const text = document.createElement('span');
    text.className = 'kern-body';
    text.textContent = problem;
    p.append(icon, text);
    region.append(p);
  };
  const check = (finished) => {
    const value = input.value;
    if (value.trim() === '') return show(null);
    const problem = leitwegIdProblem(value);
    if (problem === MESSAGES.characters || finished || looksComplete(value)) show(problem);
    else show(null);
  };
  input.addEventListener('input', () => check(false));
  input.addEventListener('change', () => check(true));
}

if (typeof document !== 'undefined') {
  for (const input of document.querySelectorAll('input[data-leitweg-id]')) wire(input);
}
