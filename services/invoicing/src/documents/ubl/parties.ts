import type { Buyer, PostalAddress, Seller } from '../model.ts';
import { el, text, type XmlElement } from './xml.ts';

/**
 * BG-4 seller, the institute. XRechnung 3.0 wants its electronic address (BT-34, BR-DE-TMP-32 / PEPPOL-EN16931-R020)
 * and a contact with name, phone and e-mail (BG-6, BR-DE-2, -5, -6, -7).
 *
 * `buyerAssignedId` is our supplier number at the municipality (Kreditorennummer). EN 16931 calls an identifier
 * of the seller that the buyer assigned a seller identifier (BT-29, with no scheme), so that is where it goes.
 */
export function sellerParty(seller: Seller, buyerAssignedId: string | null): XmlElement {
  return el(
    'cac:AccountingSupplierParty',
    el(
      'cac:Party',
      text('cbc:EndpointID', seller.electronicAddress, { schemeID: 'EM' }),
      buyerAssignedId !== null && el('cac:PartyIdentification', text('cbc:ID', buyerAssignedId)),
      postalAddress(seller, null),
      // BT-31 USt-IdNr. and BT-32 Steuernummer: scheme VAT for the one, any other (FC, "fiscal code") for the other.
      seller.vatId !== null && taxScheme(seller.vatId, 'VAT'),
      seller.taxNumber !== null && taxScheme(seller.taxNumber, 'FC'),
      el(
        'cac:PartyLegalEntity',
        text('cbc:RegistrationName', seller.name),
        seller.legalRegistrationId !== null && text('cbc:CompanyID', seller.legalRegistrationId),
      ),
      el(
        'cac:Contact',
        text('cbc:Name', seller.contact.name),
        text('cbc:Telephone', seller.contact.phone),
        text('cbc:ElectronicMail', seller.contact.email),
      ),
    ),
  );
}

/** BG-7 buyer, the municipality: its Leitweg-ID is also its electronic address (BT-49, scheme 0204). */
export function buyerParty(buyer: Buyer): XmlElement {
  return el(
    'cac:AccountingCustomerParty',
    el(
      'cac:Party',
      text('cbc:EndpointID', buyer.leitwegId, { schemeID: '0204' }),
      postalAddress(buyer, buyer.department),
      el('cac:PartyLegalEntity', text('cbc:RegistrationName', buyer.name)),
    ),
  );
}

function postalAddress(address: PostalAddress, secondLine: string | null): XmlElement {
  return el(
    'cac:PostalAddress',
    text('cbc:StreetName', address.street),
    secondLine !== null && text('cbc:AdditionalStreetName', secondLine),
    text('cbc:CityName', address.city),
    text('cbc:PostalZone', address.postalCode),
    el('cac:Country', text('cbc:IdentificationCode', address.country)),
  );
}

function taxScheme(companyId: string, scheme: 'VAT' | 'FC'): XmlElement {
  return el('cac:PartyTaxScheme', text('cbc:CompanyID', companyId), el('cac:TaxScheme', text('cbc:ID', scheme)));
}
