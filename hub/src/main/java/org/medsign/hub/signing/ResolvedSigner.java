package org.medsign.hub.signing;

import org.medsign.hub.lifecycle.StaffCredential;

/**
 * The staff member and certificate a request will be signed with.
 *
 * @param staffId    hub staff id
 * @param credential   the one active, valid certificate with a hub-held or collaborative key
 * @param organisation whether the signer is an organisation (department or hospital certificate held by the hub),
 *                     which may sign under the {@code auto} policy, rather than a person, who never signs without
 *                     a confirmation or a window of their own
 */
public record ResolvedSigner(String staffId, StaffCredential credential, boolean organisation) {

    /**
     * Whether the key is collaborative (协同签名): the hub cannot sign alone; a signature is made by the round with the
     * signer's device ({@link CollaborativeRounds}) or under a window the device delegated ({@link WindowDelegations}).
     */
    public boolean collaborative() {
        return credential.collaborative();
    }
}
