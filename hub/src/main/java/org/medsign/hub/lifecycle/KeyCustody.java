package org.medsign.hub.lifecycle;

/** Who holds a certificate's private key. */
public enum KeyCustody {
    /** The hub (hub_key, wrapped under the KEK): the hub can sign with it. */
    HUB,
    /** Outside the hub (another system, a cloud signing service, unknown). */
    EXTERNAL,
    /** On the holder's USB key (UKey). */
    UKEY,
    /**
     * Two shares (协同签名, issue #14): one sealed on the clinician's device, one in the hub's key vault; neither can
     * sign alone. The ledger row has no key alias, so the hub never signs with it by itself.
     */
    COLLABORATIVE
}
