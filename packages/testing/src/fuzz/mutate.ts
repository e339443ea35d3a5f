import { LONG_STRING, NUMBER_LITERALS, ODD_STRINGS, WRONG_TYPES } from './odd-values.ts';
import type { Random } from './random.ts';

type Path = (string | number)[];
type Json = unknown;

/** Every place in a JSON value (the root is `[]`), with what sits there. */
function places(value: Json, path: Path = [], out: { path: Path; value: Json }[] = []) {
  out.push({ path, value });
  if (Array.isArray(value)) {
    for (const [i, item] of value.entries()) places(item, [...path, i], out);
  } else if (value !== null && typeof value === 'object') {
    for (const [key, member] of Object.entries(value)) places(member, [...path, key], out);
  }
  return out;
}

function replaced(value: Json, path: Path, next: Json | typeof REMOVE): Json {
  if (path.length === 0) return next === REMOVE ? undefined : next;
  const [head, ...rest] = path as [string | number, ...Path];
  if (Array.isArray(value)) {
    const copy = [...value];
    if (rest.length === 0 && next === REMOVE) copy.splice(head as number, 1);
    else copy[head as number] = replaced(copy[head as number], rest, next);
    return copy;
  }
  const copy = { ...(value as Record<string, Json>) };
  if (rest.length === 0 && next === REMOVE) delete copy[head];
  else copy[head] = replaced(copy[head], rest, next);
  return copy;
}
const REMOVE = Symbol('remove');

/** Stands for a number literal in the serialised body, replaced by the literal itself (JSON.stringify cannot). */
const NUMBER_MARK = '§number-literal§';

export interface BodyMutation {
  what: string;
  text: string;
}

/** One invalid variant of a valid JSON body, as the text to send, and what was done to it. */
export function mutateBody(body: Json, random: Random): BodyMutation {
  const all = places(body);
  const members = all.filter((p) => typeof p.path[p.path.length - 1] === 'string');
  const strings = all.filter((p) => typeof p.value === 'string');
  const numbers = all.filter((p) => typeof p.value === 'number');
  const objects = all.filter((p) => p.value !== null && typeof p.value === 'object' && !Array.isArray(p.value));
  const at = (p: { path: Path }) => p.path.join('.') || '(root)';
  const options: (() => BodyMutation)[] = [
    () => {
      const place = random.pick(all);
      const wrong = random.pick(WRONG_TYPES);
      return {
        what: `wrong type at ${at(place)}: ${JSON.stringify(wrong)}`,
        text: JSON.stringify(replaced(body, place.path, wrong)) ?? '',
      };
    },
    () => {
      const place = random.pick(objects);
      const name = random.pick(['unexpected', '__proto__', 'constructor', 'id', 'status', 'municipalityId', 'createdAt', '']);
      const extra = random.pick<Json>([1, 'x', { admin: true }, null]);
      const target = replaced(body, place.path, { ...(place.value as object), [name]: extra });
      // `{ ...x, __proto__: v }` sets the prototype instead of a member: write it into the text.
      const text =
        name === '__proto__'
          ? JSON.stringify(target)
              .replace(/^\{/, `{"__proto__":${JSON.stringify(extra)},`)
              .replace(/,}$/, '}')
          : JSON.stringify(target);
      return { what: `extra member ${at(place)}.${name}`, text };
    },
  ];
  if (members.length > 0) {
    options.push(() => {
      const place = random.pick(members);
      return { what: `missing ${at(place)}`, text: JSON.stringify(replaced(body, place.path, REMOVE)) ?? '' };
    });
  }
  if (strings.length > 0) {
    options.push(() => {
      const place = random.pick(strings);
      const odd = random.chance(0.1) ? LONG_STRING : random.pick(ODD_STRINGS);
      return {
        what: `odd string at ${at(place)}: ${JSON.stringify(odd.slice(0, 40))}`,
        text: JSON.stringify(replaced(body, place.path, odd)),
      };
    });
    options.push(() => {
      const place = random.pick(strings);
      const text = String(place.value);
      const longer = text.repeat(Math.ceil(1_000 / Math.max(text.length, 1)) + 1);
      return { what: `over-long string at ${at(place)}`, text: JSON.stringify(replaced(body, place.path, longer)) };
    });
  }
  if (numbers.length > 0 || members.length > 0) {
    options.push(() => {
      const place = random.pick(numbers.length > 0 && random.chance(0.8) ? numbers : members);
      const literal = random.pick([...NUMBER_LITERALS, '-1', '-100000', '2147483648']);
      const text = JSON.stringify(replaced(body, place.path, NUMBER_MARK)).replace(`"${NUMBER_MARK}"`, literal);
      return { what: `number ${literal} at ${at(place)}`, text };
    });
  }
  if (objects.length > 0) {
    options.push(() => {
      const place = random.pick(objects);
      return { what: `array instead of the object at ${at(place)}`, text: JSON.stringify(replaced(body, place.path, [place.value])) };
    });
  }
  return random.pick(options)();
}
