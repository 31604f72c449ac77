package org.medsign.hub.jobs;

/** A job tried to extend its cluster lock and found it expired: another node may be running the job now. */
public class LockLostException extends RuntimeException {

    public LockLostException(String message, Throwable cause) {
        super(message, cause);
    }
}
