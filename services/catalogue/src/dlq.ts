// npm run dlq -w @seminarwerk/catalogue -- list | show <id> | replay <id> [--value-file <file>] | replay --type <eventType>
import { runDeadLetterCommand } from '@seminarwerk/runtime';

await runDeadLetterCommand('catalogue');
