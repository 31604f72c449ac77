package org.medsign.hub.signing;

/**
 * Rows another module keeps beside a request (e.g. how to answer it): written in the transaction that inserts the
 * request, so that a request is never stored without them, nor they without it.
 */
public interface RequestCompanion {

    /** Nothing beside the request. */
    RequestCompanion NONE = new RequestCompanion() {
        @Override
        public void inserted(long requestPk) {
        }

        @Override
        public void existing(long requestPk) {
        }
    };

    /**
     * Runs in the transaction that inserts the request (on the intake's writer thread, possibly again when its batch
     * is retried item by item); an exception rolls the request back with it and reaches the submitter.
     */
    void inserted(long requestPk);

    /** The request was stored before (the same request sent again): runs after the fact, in no intake transaction. */
    void existing(long requestPk);
}
