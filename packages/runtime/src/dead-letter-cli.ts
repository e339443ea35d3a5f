import { readFile } from 'node:fs/promises';
import { deadLetterTopic, Topics } from '@seminarwerk/contracts';
import { createLogger } from '@seminarwerk/logging';
import { createKafka, type DeadLetter, type Kafka, readDeadLetters, replayDeadLetters } from '@seminarwerk/messaging';
import { kafkaConfig, parseConfig } from './config.ts';

const USAGE = `Dead letters of this service's consumer (docs/operations.md):
  list [--type <eventType>]                    every dead letter: id, when, reason, type, event id, detail
  show <id>                                    one, with headers and value
  replay <id> [--value-file <file>]            put it back on its topic (with a corrected value from the file)
  replay --type <eventType>                    put back every dead letter of that type`;

export interface DeadLetterCommandOptions {
  /** The service whose consumer's dead letters are meant (`dlq-consumer` is `<KAFKA_NAMESPACE><service>`). */
  service: string;
  kafkaBrokers: string;
  namespace: string;
  print?: (line: string) => void;
}

/**
 * `npm run dlq -w @seminarwerk/<service> -- list|show|replay`: reads the `.dlq` topics of the namespace, keeps what
 * this service's consumer gave up on, and replays one or all of a type onto the source topic.
 */
export async function deadLetterCommand(argv: readonly string[], options: DeadLetterCommandOptions): Promise<number> {
  const print = options.print ?? ((line: string) => console.log(line));
  const [command, ...rest] = argv;
  const flag = (name: string) => {
    const i = rest.indexOf(`--${name}`);
    return i >= 0 ? rest[i + 1] : undefined;
  };
  const positional = rest.find((arg, i) => !arg.startsWith('--') && !rest[i - 1]?.startsWith('--'));
  if (!command || !['list', 'show', 'replay'].includes(command) || (command === 'show' && !positional)) {
    print(USAGE);
    return 2;
  }
  const kafka = createKafka({
    brokers: options.kafkaBrokers.split(','),
    clientId: `${options.service}-dlq`,
    logger: createLogger(`${options.service}-dlq`, 'error'),
  });
  const letters = await ownDeadLetters(kafka, options);
  const type = flag('type');
  if (command === 'list') {
    const shown = letters.filter((l) => !type || l.eventType === type);
    for (const l of shown) {
      print([l.id, l.at.toISOString(), l.reason, l.eventType ?? '-', l.eventId ?? '-', l.detail.slice(0, 120)].join('  '));
    }
    print(`${shown.length} dead letter(s) of ${options.namespace}${options.service}`);
    return 0;
  }
  if (command === 'show') {
    const letter = letters.find((l) => l.id === positional);
    if (!letter) return notFound(print, positional);
    print(JSON.stringify({ ...letter, value: readable(letter.value) }, null, 2));
    return 0;
  }
  const chosen = positional ? letters.filter((l) => l.id === positional) : type ? letters.filter((l) => l.eventType === type) : [];
  if (chosen.length === 0 && positional) return notFound(print, positional);
  if (chosen.length === 0) {
    print(type ? `no dead letter of type ${type}` : USAGE);
    return type ? 1 : 2;
  }
  const valueFile = flag('value-file');
  if (valueFile && chosen.length > 1) {
    print('--value-file replaces the value of one dead letter: name it by id');
    return 2;
  }
  const corrected = valueFile ? await readFile(valueFile) : undefined;
  await replayDeadLetters(kafka, chosen, (letter) => corrected ?? letter.value);
  for (const l of chosen) print(`replayed ${l.id} (${l.eventType ?? 'unreadable'} ${l.eventId ?? ''}) to ${l.sourceTopic}`);
  return 0;
}

/** Dead letters that this service's consumer group sent, from the `.dlq` of every topic of the namespace. */
async function ownDeadLetters(kafka: Kafka, options: DeadLetterCommandOptions): Promise<DeadLetter[]> {
  const admin = kafka.admin();
  await admin.connect();
  const existing = new Set(await admin.listTopics().finally(() => admin.disconnect()));
  const sources = Object.values(Topics)
    .map((topic) => `${options.namespace}${topic}`)
    .filter((topic) => existing.has(deadLetterTopic(topic)));
  const group = `${options.namespace}${options.service}`;
  return (await readDeadLetters(kafka, sources)).filter((l) => l.consumer === group);
}

function readable(value: Buffer | null): unknown {
  if (!value) return null;
  const text = value.toString('utf8');
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

function notFound(print: (line: string) => void, id: string | undefined): number {
  print(`no dead letter ${id} of this service (see: list)`);
  return 1;
}

/** The entry point of a service's `src/dlq.ts`: KAFKA_BROKERS and KAFKA_NAMESPACE from the environment. */
export async function runDeadLetterCommand(service: string): Promise<void> {
  const config = parseConfig(service, kafkaConfig, process.env);
  process.exitCode = await deadLetterCommand(process.argv.slice(2), {
    service,
    kafkaBrokers: config.KAFKA_BROKERS,
    namespace: config.KAFKA_NAMESPACE,
  });
}
