package org.medsign.hub.lifecycle.inventory;

import org.medsign.hub.lifecycle.ledger.StaffRepository.Holder;

/** The action for an expired or expiring certificate: renew it for an active holder, else nothing. */
final class RenewWhenActive {

    private RenewWhenActive() {
    }

    static ProposedAction action(InventorySnapshot snapshot, InventorySnapshot.Certificate c) {
        Holder holder = snapshot.holder(c);
        return holder != null && "active".equals(holder.employmentStatus()) ? ProposedAction.RENEW : ProposedAction.NONE;
    }
}
