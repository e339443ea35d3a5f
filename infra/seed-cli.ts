// Seeds a running system through its gateway: `GATEWAY_URL=... BACK_OFFICE_KEY=... tsx infra/seed-cli.ts`.
// Used by docker-compose; `npm start` seeds by itself.
import { seedDemo } from './seed.ts';

const gatewayUrl = process.env.GATEWAY_URL ?? 'http://127.0.0.1:3000';
const backOffice = process.env.BACK_OFFICE_KEY;
if (!backOffice) {
  console.error('BACK_OFFICE_KEY is required (the gateway BOOTSTRAP_BACK_OFFICE_KEY)');
  process.exit(2);
}
for (let attempt = 1; ; attempt++) {
  try {
    const { keys, seminarsAdded, bookings } = await seedDemo(gatewayUrl, { backOffice, municipalities: {} });
    console.log(JSON.stringify({ seminarsAdded, bookings, keys }, null, 2));
    break;
  } catch (error) {
    if (attempt >= 30) throw error;
    console.log(`gateway not ready yet (${(error as Error).message}); retrying`);
    await new Promise((r) => setTimeout(r, 2000));
  }
}
