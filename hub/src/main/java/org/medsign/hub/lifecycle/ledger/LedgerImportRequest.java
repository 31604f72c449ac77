package org.medsign.hub.lifecycle.ledger;

import java.util.List;

import org.medsign.hub.lifecycle.KeyCustody;

/**
 * The files of one ledger import, as read by the client: staff.csv and accounts.csv (UTF-8 text), the certificate
 * files of the certificate directory, and the optional usage.csv.
 *
 * @param staffCsv     contents of staff.csv
 * @param accountsCsv  contents of accounts.csv
 * @param certificates the certificate files (PEM or DER, one certificate each)
 * @param usageCsv     contents of usage.csv, or null
 * @param keyCustody   who holds the keys of the imported certificates (EXTERNAL by default, or UKEY)
 */
public record LedgerImportRequest(String staffCsv, String accountsCsv, List<CertificateFile> certificates,
                                  String usageCsv, KeyCustody keyCustody) {

    /** One certificate file: its name (for reports) and bytes. */
    public record CertificateFile(String name, byte[] content) {
    }

    public LedgerImportRequest {
        certificates = certificates == null ? List.of() : List.copyOf(certificates);
        keyCustody = keyCustody == null ? KeyCustody.EXTERNAL : keyCustody;
    }
}
