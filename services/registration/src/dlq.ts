// npm run dlq -w @seminarwerk/registration -- list | show <id> | replay <id> [--value-file <file>] | replay --type <eventType>
import { runDeadLetterCommand } from '@seminarwerk/runtime';

await runDeadLetterCommand('registration');
