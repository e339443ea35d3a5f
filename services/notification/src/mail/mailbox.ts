/** A display name and an address, as in `Studieninstitut (Demo) <seminare@studieninstitut.example>`. */
export interface Mailbox {
  name: string;
  address: string;
}

const NAME_ADDR = /^\s*"?([^"<]*?)"?\s*<([^<>\s]+@[^<>\s]+)>\s*$/;
const ADDR_ONLY = /^\s*<?([^<>\s]+@[^<>\s]+?)>?\s*$/;

/** Reads a mailbox from configuration; undefined when it has no address. */
export function parseMailbox(value: string): Mailbox | undefined {
  const named = NAME_ADDR.exec(value);
  if (named) return { name: named[1] || (named[2] as string), address: named[2] as string };
  const bare = ADDR_ONLY.exec(value);
  return bare ? { name: bare[1] as string, address: bare[1] as string } : undefined;
}
