/**
 * The cover page of an access export: the information of Art. 15(1)(a–h) DSGVO, in German, for the person who asked.
 * The retention periods are those of docs/privacy.md; change them there and here together.
 */
export function coverPage(email: string, generatedAt: Date): string {
  const date = generatedAt.toLocaleDateString('de-DE', { timeZone: 'Europe/Berlin', day: '2-digit', month: '2-digit', year: 'numeric' });
  return `Auskunft nach Art. 15 DSGVO
Stand: ${date}
Betroffene Person: ${email}

Sie haben Auskunft über die personenbezogenen Daten verlangt, die wir über Sie verarbeiten. Die Daten selbst finden Sie in der beigefügten Aufstellung (JSON) nach den Diensten geordnet, in denen sie gespeichert sind. Dazu die folgenden Informationen:

a) Zwecke der Verarbeitung
Wir verarbeiten Ihre Daten, um Ihre Anmeldung zu Seminaren durchzuführen (Platzvergabe, Warteliste, Stornierung, Umbuchung, Vertretung, Teilnahmenachweis), Sie darüber per E-Mail zu benachrichtigen und die Teilnahme gegenüber Ihrer Gemeinde oder Dienststelle abzurechnen.

b) Kategorien personenbezogener Daten
Vor- und Nachname, E-Mail-Adresse, die gebuchten Seminartermine mit Status und Teilnahme, Stornierungen, die an Sie gesendeten E-Mails (Betreff, Inhalt, Versandzeitpunkte) sowie Rechnungspositionen, auf denen Ihr Name steht.

c) Empfänger
Ihre Gemeinde oder Dienststelle, die Sie angemeldet hat (Anmeldebestätigungen, Benachrichtigungen über Webhooks, Rechnungen mit Ihrem Namen als Rechnungsposition), sowie der von uns beauftragte Mailversand (Auftragsverarbeitung), über den die E-Mails an Sie zugestellt werden. Eine Übermittlung in Drittländer findet nicht statt.

d) Speicherdauer
- Name und E-Mail-Adresse zu einer Anmeldung: 24 Monate nach dem Ende des Seminartermins (für Teilnahmebescheinigungen), danach werden sie gelöscht; die Anmeldung selbst bleibt ohne Bezug zu Ihrer Person erhalten.
- Inhalte gesendeter E-Mails: 30 Tage nach dem Versand; Empfänger, Vorlage, Betreff und Zeitpunkte bleiben im Versandprotokoll.
- Zwischenspeicher für den Versand von Ereignissen zwischen unseren Diensten (Outbox): 7 Tage nach der Weitergabe.
- Nachrichten im internen Nachrichtensystem (Kafka): 14 Tage.
- Benachrichtigungen an Ihre Gemeinde (Webhooks): 90 Tage.
- Ihr Name auf ausgestellten Rechnungen und Gutschriften: 8 Jahre nach Ende des Jahres der Ausstellung (gesetzliche Aufbewahrungspflicht, § 147 AO, § 14b UStG); auch nach einer Löschung auf Ihren Wunsch bleibt er nur dort, für diese Frist.

e) Ihre Rechte
Sie haben das Recht auf Berichtigung unrichtiger Daten (Art. 16 DSGVO), auf Löschung (Art. 17 DSGVO), auf Einschränkung der Verarbeitung (Art. 18 DSGVO) und das Recht, der Verarbeitung zu widersprechen (Art. 21 DSGVO).

f) Beschwerderecht
Sie können sich bei einer Aufsichtsbehörde beschweren, insbesondere bei der Landesbeauftragten für den Datenschutz Niedersachsen, Prinzenstraße 5, 30159 Hannover.

g) Herkunft der Daten
Ihre Daten stammen aus der Anmeldung durch Ihre Gemeinde oder Dienststelle (oder durch unser Büro in deren Auftrag), nicht von Ihnen selbst.

h) Automatisierte Entscheidungsfindung
Eine automatisierte Entscheidungsfindung einschließlich Profiling (Art. 22 DSGVO) findet nicht statt. Plätze und Wartelistenplätze werden in der Reihenfolge der Anmeldungen vergeben.
`;
}
