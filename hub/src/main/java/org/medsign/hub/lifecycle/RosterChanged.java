package org.medsign.hub.lifecycle;

/** The roster changed (an import created or updated staff): the roster rules run once it is committed. */
public record RosterChanged() {
}
