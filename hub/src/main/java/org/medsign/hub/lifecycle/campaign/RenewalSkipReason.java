package org.medsign.hub.lifecycle.campaign;

/** Why a selected certificate is not renewed; texts in {@code i18n/ledger*.properties} ({@code campaign.skip.<name>}). */
public enum RenewalSkipReason {
    /** Revoked: nothing to renew; issue a new certificate if the holder needs one. */
    REVOKED,
    /** Frozen (certificateHold): unfreeze first or reissue. */
    FROZEN,
    /** Already replaced by a renewal or reissue. */
    ALREADY_RENEWED,
    /** No holder in the roster. */
    NO_HOLDER,
    /** The holder has left. */
    HOLDER_LEFT,
    /** The holder is on leave. */
    HOLDER_NOT_ACTIVE,
    /** The holder has more than one valid signing certificate: clean the duplicates first (one person, one certificate). */
    DUPLICATE,
    /** Not a signing certificate (encryption key usage). */
    NOT_SIGNING,
    /** In a campaign that has not finished yet. */
    IN_OTHER_CAMPAIGN,
    /**
     * A collaborative key (协同签名): the hub cannot re-key it alone; the clinician's device renews it
     * ({@code POST /api/v1/m/device/renew}) when they open the app.
     */
    WAITS_FOR_DEVICE
}
