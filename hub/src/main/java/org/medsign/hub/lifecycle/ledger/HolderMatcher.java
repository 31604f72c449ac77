package org.medsign.hub.lifecycle.ledger;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

import org.medsign.hub.lifecycle.internal.ParsedCertificate;

/**
 * The match step of a ledger import: finds an imported certificate's holder in the roster by the subject's
 * serialNumber (the staff id), then the GM/T 0015 identity number (through its lookup index), then CN + OU (a weak
 * match); each of the last two only when exactly one staff member fits.
 */
final class HolderMatcher {

    /** A holder (null: none) and how it was found: SERIAL_NUMBER, IDENTITY_NUMBER, NAME_DEPARTMENT or NONE. */
    record Match(String staffId, String kind) {
    }

    private final Map<String, StaffRepository.RosterEntry> staff;
    private final UnaryOperator<String> idIndex;
    private final Map<String, List<StaffRepository.RosterEntry>> byIdIndex = new HashMap<>();
    private final Map<String, List<StaffRepository.RosterEntry>> byNameDepartment = new HashMap<>();

    /**
     * @param staff   the roster by staff id
     * @param idIndex the lookup index of a normalised identity number (as {@code staff.id_card_index} holds it)
     */
    HolderMatcher(Map<String, StaffRepository.RosterEntry> staff, UnaryOperator<String> idIndex) {
        this.staff = staff;
        this.idIndex = idIndex;
        for (StaffRepository.RosterEntry row : staff.values()) {
            if (row.idIndex() != null) {
                byIdIndex.computeIfAbsent(row.idIndex(), k -> new ArrayList<>()).add(row);
            }
            byNameDepartment.computeIfAbsent(row.name() + "\u0000" + row.department(), k -> new ArrayList<>())
                    .add(row);
        }
    }

    Match holder(ParsedCertificate certificate) {
        if (certificate.subjectSerialNumber() != null && staff.containsKey(certificate.subjectSerialNumber())) {
            return new Match(certificate.subjectSerialNumber(), "SERIAL_NUMBER");
        }
        if (certificate.identityNumber() != null) {
            String index = idIndex.apply(IdentityNumber.normalise(certificate.identityNumber()));
            List<StaffRepository.RosterEntry> found = byIdIndex.getOrDefault(index, List.of());
            if (found.size() == 1) {
                return new Match(found.get(0).staffId(), "IDENTITY_NUMBER");
            }
        }
        if (certificate.commonName() != null) {
            List<StaffRepository.RosterEntry> found = byNameDepartment.getOrDefault(certificate.commonName() + "\u0000"
                    + certificate.unit(), List.of());
            if (found.size() == 1) {
                return new Match(found.get(0).staffId(), "NAME_DEPARTMENT");
            }
        }
        return new Match(null, "NONE");
    }
}
