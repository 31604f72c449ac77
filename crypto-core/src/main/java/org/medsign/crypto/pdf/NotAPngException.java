package org.medsign.crypto.pdf;

import org.medsign.crypto.MalformedInputException;

/** The appearance image is not a readable PNG (wrong signature bytes or undecodable data). */
public class NotAPngException extends MalformedInputException {

    public NotAPngException(String message) {
        super(message);
    }

    public NotAPngException(String message, Throwable cause) {
        super(message, cause);
    }
}
