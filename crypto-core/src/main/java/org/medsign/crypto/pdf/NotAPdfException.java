package org.medsign.crypto.pdf;

import org.medsign.crypto.MalformedInputException;

/** The input is not a PDF that PDFBox can parse (no {@code %PDF-} header, or a broken structure). */
public class NotAPdfException extends MalformedInputException {

    public NotAPdfException(String message) {
        super(message);
    }

    public NotAPdfException(String message, Throwable cause) {
        super(message, cause);
    }
}
