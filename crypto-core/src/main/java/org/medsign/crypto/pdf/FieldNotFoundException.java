package org.medsign.crypto.pdf;

import org.medsign.crypto.MedsignCryptoException;

/**
 * Form-field placement: the named field cannot be signed in place — no field has that name, or it is not a signature
 * field, or it is already signed, or it has no visible widget on a page. The message says which.
 */
public class FieldNotFoundException extends MedsignCryptoException {

    private final String fieldName;

    public FieldNotFoundException(String fieldName, String reason) {
        super(reason);
        this.fieldName = fieldName;
    }

    /** The field name asked for. */
    public String fieldName() {
        return fieldName;
    }
}
