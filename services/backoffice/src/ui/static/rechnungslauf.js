// The page of a running invoice run (Rechnungen screen): asks every few seconds whether the run is done, and then
// loads the page again, which shows the result. Without it the page says so and offers "Stand aktualisieren".
const status = document.querySelector('[data-lauf-stand]');
const EVERY_MS = 2000;

async function poll() {
  try {
    const response = await fetch(status.dataset.laufStand, { headers: { accept: 'application/json' }, credentials: 'same-origin' });
    if (response.ok && (await response.json()).running === false) {
      window.location.reload();
      return;
    }
  } catch {
    // The network may be gone for a moment: ask again.
  }
  setTimeout(poll, EVERY_MS);
}

if (status) setTimeout(poll, EVERY_MS);
