package org.medsign.hub.seal;

import java.util.Locale;
import java.util.Optional;

/**
 * What a permission is about: signing ({@link Kind#SIGN}) or applying a seal of a kind, for {@link Kind#SPECIAL}
 * optionally of one special type (检验检查专用章…).
 *
 * @param kind        the action
 * @param specialType the special seal's type, only with {@link Kind#SPECIAL}; null: not known or not relevant
 */
public record PermissionAction(Kind kind, String specialType) {

    /** Signing a document with one's personal certificate. */
    public static final PermissionAction SIGN = new PermissionAction(Kind.SIGN, null);

    /** The actions: signing, or applying a seal of one of the {@link SealKind}s. */
    public enum Kind {
        /** 签名: a personal signature with the signer's certificate. */
        SIGN,
        /** 个人签名 image. */
        PERSONAL,
        /** 科室章. */
        DEPARTMENT,
        /** 院章. */
        HOSPITAL,
        /** 专用章. */
        SPECIAL;

        /** The kind named {@code name} (case-insensitive), or empty. */
        public static Optional<Kind> parse(String name) {
            if (name == null) {
                return Optional.empty();
            }
            try {
                return Optional.of(valueOf(name.trim().toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                return Optional.empty();
            }
        }
    }

    public PermissionAction {
        java.util.Objects.requireNonNull(kind, "kind");
        if (kind != Kind.SPECIAL) {
            specialType = null;
        } else if (specialType != null && specialType.isBlank()) {
            specialType = null;
        }
    }

    /** Applying a seal of {@code kind} (with its special type for a SPECIAL seal). */
    public static PermissionAction seal(SealKind kind, String specialType) {
        return new PermissionAction(Kind.valueOf(kind.name()), specialType);
    }

    /** The action as the hospital reads it: SIGN, HOSPITAL, SPECIAL:检验检查专用章… */
    public String label() {
        return specialType == null ? kind.name() : kind.name() + ":" + specialType;
    }
}
